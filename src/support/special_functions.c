// Special functions in double precision (see special_functions.h).
#include "support/special_functions.h"

#include <math.h>

#include "support/scalar.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

// tan(pi * x) with the argument reduced exactly, so large x stay accurate.
static double tanpi(double x) {
  double r = x - nearbyint(x);  // exact, in [-0.5, 0.5]
  return tan(M_PI * r);
}

// Digamma (psi). Non-positive integers are poles; XLA gives NaN there.
double cx_digamma(double x) {
  if (isnan(x)) return x;
  if (x <= 0 && x == floor(x)) return NAN;
  if (isinf(x)) return x > 0 ? x : NAN;
  double result = 0;
  if (x < 0.5) {
    // Reflection: psi(x) = psi(1 - x) - pi / tan(pi x).
    result = -M_PI / tanpi(x);
    x = 1 - x;
  }
  // Recurrence up to where the asymptotic series is accurate to an ulp.
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  double x2 = 1 / (x * x);
  // sum_k B_2k / (2k x^2k) for k = 1..7.
  double series =
      x2 * (1.0 / 12 -
            x2 * (1.0 / 120 -
                  x2 * (1.0 / 252 -
                        x2 * (1.0 / 240 - x2 * (1.0 / 132 - x2 * (691.0 / 32760 - x2 / 12.0))))));
  return result + log(x) - 0.5 / x - series;
}

// Hurwitz zeta(s, q) = sum_{k>=0} (q + k)^-s by Euler-Maclaurin summation.
double cx_zeta(double s, double q) {
  if (isnan(s) || isnan(q)) return NAN;
  if (s == 1) return INFINITY;
  if (s < 1) return NAN;
  if (q <= 0) {
    if (q == floor(q)) return INFINITY;
    if (s != floor(s)) return NAN;  // a negative base to a non-integer power
  }
  if (isinf(q)) return 0;
  int n = 12;
  if (q < 0) n += (int)ceil(-q);
  double sum = 0;
  for (int k = 0; k < n; k++) sum += pow(q + k, -s);
  double a = q + n;
  double tail = pow(a, 1 - s) / (s - 1) + 0.5 * pow(a, -s);
  // Bernoulli numbers B_2 .. B_20.
  static const double kB2j[] = {1.0 / 6,         -1.0 / 30,     1.0 / 42,      -1.0 / 30,
                                5.0 / 66,        -691.0 / 2730, 7.0 / 6,       -3617.0 / 510,
                                43867.0 / 798,   -174611.0 / 330};
  double fact = 1;                 // (2j)!
  double poch = s;                 // s (s+1) ... (s+2j-2)
  double apow = pow(a, -s - 1);    // a^(-s-2j+1)
  for (int j = 1; j <= 10; j++) {
    fact *= (double)(2 * j - 1) * (2 * j);
    double t = kB2j[j - 1] / fact * poch * apow;
    tail += t;
    if (fabs(t) <= 1e-18 * fabs(sum + tail)) break;
    poch *= (s + 2 * j - 1) * (s + 2 * j);
    apow /= a * a;
  }
  return sum + tail;
}

// polygamma(n, x): digamma for n = 0, else (-1)^(n+1) n! zeta(n+1, x); NaN
// unless n is a non-negative integer.
double cx_polygamma(double n, double x) {
  if (isnan(n) || isnan(x)) return NAN;
  if (n < 0 || n != floor(n)) return NAN;
  if (n == 0) return cx_digamma(x);
  double sign = fmod(n, 2) == 0 ? -1 : 1;
  return sign * exp(lgamma(n + 1)) * cx_zeta(n + 1, x);
}

// Inverse error function: Giles' single-precision approximation refined by
// Halley steps on erf (or erfc near +-1, where 1 - |y| is exact).
double cx_erf_inv(double y) {
  if (isnan(y) || y < -1 || y > 1) return NAN;
  if (y == 1) return INFINITY;
  if (y == -1) return -INFINITY;
  if (y == 0) return y;
  double ay = fabs(y);
  double w = -log((1 - ay) * (1 + ay));
  double p;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  double x = p * ay;
  const double two_over_sqrt_pi = 1.1283791670955125739;
  for (int i = 0; i < 3; i++) {
    // err = erf(x) - ay, computed without cancellation.
    double err = ay > 0.5 ? (1 - ay) - erfc(x) : erf(x) - ay;
    double d = two_over_sqrt_pi * exp(-x * x);
    if (d == 0) break;
    x -= err / (d + x * err);
  }
  return copysign(x, y);
}

// Exponentially scaled modified Bessel function of order 1: I1(x) e^-|x|.
double cx_bessel_i1e(double x) {
  if (isnan(x)) return x;
  double ax = fabs(x), r;
  if (isinf(ax)) {
    r = 0;
  } else if (ax <= 40) {
    // The power series has positive terms only: no cancellation.
    double h = ax / 2, term = h, sum = h;
    for (int k = 1; k < 1000; k++) {
      term *= h * h / ((double)k * (k + 1));
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    r = sum * exp(-ax);
  } else {
    // Asymptotic expansion e^x / sqrt(2 pi x) * sum (-1)^k a_k(1) / x^k.
    double t = 1, sum = 1;
    for (int k = 1; k < 100; k++) {
      double odd = 2.0 * k - 1;
      t *= -(4.0 - odd * odd) / (8.0 * k * ax);
      sum += t;
      if (fabs(t) <= 1e-17 * fabs(sum)) break;
    }
    r = sum / sqrt(2 * M_PI * ax);
  }
  return x < 0 ? -r : r;
}

double cx_lgamma(double x) {
  int sign;
  return lgamma_r(x, &sign);  // the reentrant form: lgamma writes a global
}

// sinh for f32 as ChloOps.td defines it, each step rounded to f32:
// (e^x - e^-x) / 2 for |x| < 1, else e^(x + log(1/2)) - e^(-x + log(1/2)).
// XLA (and so JAX) computes f32 sinh this way; for large |x| the rounding of
// x + log(1/2) makes it differ from the exact sinh by a few ulps, and
// programs exported from JAX expect those values.
double cx_sinh_f32_xla(double x) {
  if (!(fabs(x) >= 1)) return sinh(x);
  double half_log = cx_scalar_round_float(CX_ELEM_F32, log(0.5));
  double a = cx_scalar_round_float(CX_ELEM_F32, x + half_log);
  double b = cx_scalar_round_float(CX_ELEM_F32, -x + half_log);
  double ea = cx_scalar_round_float(CX_ELEM_F32, exp(a));
  double eb = cx_scalar_round_float(CX_ELEM_F32, exp(b));
  return ea - eb;
}
