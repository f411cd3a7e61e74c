// The special functions StableHLO's CHLO ops need and libm lacks, in double
// precision, with XLA's choices at poles and outside the domain (NaN or
// infinity). The interpreter evaluates chlo.digamma and friends with them;
// the compiler's constant folder and code generator tests compare against
// the same definitions.
#ifndef CXLA_SUPPORT_SPECIAL_FUNCTIONS_H_
#define CXLA_SUPPORT_SPECIAL_FUNCTIONS_H_

// Digamma (psi). Non-positive integers are poles: NaN there, as XLA.
double cx_digamma(double x);
// Hurwitz zeta(s, q) = sum_{k>=0} (q + k)^-s (Euler-Maclaurin summation).
double cx_zeta(double s, double q);
// polygamma(n, x): digamma for n = 0, else (-1)^(n+1) n! zeta(n+1, x); NaN
// unless n is a non-negative integer.
double cx_polygamma(double n, double x);
// Inverse error function on [-1, 1] (+-inf at +-1, NaN outside).
double cx_erf_inv(double y);
// Exponentially scaled modified Bessel function of order 1: I1(x) e^-|x|.
double cx_bessel_i1e(double x);
// log|Gamma(x)| without touching libm's global sign variable.
double cx_lgamma(double x);
// f32 sinh as XLA computes it (CHLO's formula with every step rounded to
// f32), which JAX's results carry.
double cx_sinh_f32_xla(double x);

#endif  // CXLA_SUPPORT_SPECIAL_FUNCTIONS_H_
