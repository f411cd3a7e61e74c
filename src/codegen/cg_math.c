// Elementary functions as straight-line LLVM IR (see cg_math.h).
//
// The algorithms are the classic ones -- argument reduction, a minimax
// polynomial, reconstruction -- written without branches or tables so that
// every lane of a vector computes the same instructions; special inputs
// (NaN, infinities, zeros, huge arguments) are fixed up with selects at the
// end. Polynomial coefficients come from scripts/gen_math_coeffs.py.
//
// Two styles:
//  - exp, expm1, log, log1p, logistic, tanh are written once for both
//    widths ("native": f32 computed in f32, f64 in f64). To stay within
//    about half an ULP, the reductions are exact (Cody-Waite constants
//    applied with FMA), the polynomial's result is kept as an unevaluated
//    sum hi + tail until the last operation, and divisions are corrected
//    with their exact residual (fma(-q, d, n)), so that the result is
//    rounded essentially once.
//  - sin, cos, tan, atan2, pow, cbrt and erf compute f32 results in double
//    with shorter polynomials; the one rounding to f32 at the end makes
//    them nearly correctly rounded. The f32 trigonometric reduction is
//    exact for every finite input (Payne-Hanek in 64-bit integers).
// One exception to "no tables": f32 tanh on AVX-512 hosts is one polynomial
// per interval of |x| with coefficients read from 32-entry tables
// (scripts/fit_tanh.py), reads which become vector permutes.
#include "codegen/cg_math.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"
#include "support/tanh_table.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

// ---- coefficients (scripts/gen_math_coeffs.py; lowest power first) ----------------------

// e^r = 1 + r + sum c_k r^k (k = 2..) on |r| <= ln2/2.
static const double EXP_F32[] = {0x1.fffffcp-2, 0x1.55548ap-3, 0x1.555916p-5, 0x1.123fc6p-7,
                                 0x1.6a1a72p-10};
static const double EXP_F64[] = {0x1.0000000000000p-1, 0x1.555555555555cp-3, 0x1.55555555554fap-5,
                                 0x1.111111110e95ep-7, 0x1.6c16c16c325fdp-10, 0x1.a01a01b4ab5e7p-13,
                                 0x1.a01a013025611p-16, 0x1.71dded27a73f4p-19, 0x1.27e5bbaf02867p-22,
                                 0x1.af71234e9ea0ep-26, 0x1.1e39b0270639fp-29};
// 2 atanh(s) = 2s + s R(z), R(z) = sum c_k z^k (k = 1..), z = s^2 <= 0.0295.
static const double LOG_F32[] = {0x1.555554p-1, 0x1.999a7ap-2, 0x1.2438ecp-2, 0x1.e2f392p-3};
static const double LOG_F64[] = {0x1.5555555555555p-1, 0x1.9999999999dfbp-2, 0x1.249249242b80fp-2,
                                 0x1.c71c7258b88c7p-3, 0x1.745cde49ae8f1p-3, 0x1.3b20a85c87bb9p-3,
                                 0x1.0f5d0cb6a9cb1p-3, 0x1.0f60cdc33b5a0p-3};
// tanh(x) = x + x sum c_k z^k (k = 1..), z = x^2, |x| below TANH_SMALL.
static const double TANH_F32[] = {-0x1.55553ep-2, 0x1.1109aep-3, -0x1.b898dep-5, 0x1.54b8a0p-6,
                                  -0x1.825858p-8};
static const double TANH_F64[] = {-0x1.5555555555555p-2, 0x1.1111111111111p-3, -0x1.ba1ba1ba1ba1cp-5,
                                  0x1.664f4882c10e2p-6,  -0x1.226e355e6b596p-7, 0x1.d6d3d0e0cf36fp-9,
                                  -0x1.7da3643385fd9p-10, 0x1.35581f8c1a05cp-11, -0x1.f57c5b76cfb63p-13,
                                  0x1.9667c6673544cp-14, -0x1.484732c80f565p-15, 0x1.ffd53d7c810b3p-17,
                                  -0x1.34243eea7176bp-18};

// f32 results computed in double (relative errors 2^-30 or less):
// 2^r = 1 + sum c_k r^k (k = 1..) on |r| <= 1/2.
static const double EXP2_DF[] = {0x1.62e4300ba6492p-1, 0x1.ebfbe0458805bp-3, 0x1.c6b05511ba770p-5,
                                 0x1.3b2a1bd608b74p-7, 0x1.5dc05720f6464p-10, 0x1.443fb5a9f3354p-13,
                                 0x1.c0481620d5deep-17};
// log1p as LOG_F64, for pow's log2.
static const double LOG_DF[] = {0x1.5555555553976p-1, 0x1.999999a28fbefp-2, 0x1.24924179cc1c9p-2,
                                0x1.c7227711ede88p-3, 0x1.732c41de3a479p-3, 0x1.58765e7569874p-3};
// sin r = r + r sum c_k z^k, cos r = 1 + sum c_k z^k (k = 1..), z = r^2 <= (pi/4)^2.
static const double SIN_DF[] = {-0x1.5555554c6ffc8p-3, 0x1.111108690bef0p-7, -0x1.a00f7e14cb62bp-13,
                                0x1.6cd1b09ab85d4p-19};
static const double COS_DF[] = {-0x1.ffffffcb77e0fp-2, 0x1.55553c74b362fp-5, -0x1.6c07efdeb4b93p-10,
                                0x1.991642dbc4f5fp-16};
// atan t = t + t sum c_k z^k (k = 1..), z = t^2 <= 1/4.
static const double ATAN_DF[] = {-0x1.5555550f4e751p-2, 0x1.999960a1c3b2ap-3, -0x1.248a67143003bp-3,
                                 0x1.c6110bf598f80p-4,  -0x1.6ab870bfc0839p-4, 0x1.0861134393170p-4,
                                 -0x1.ea1d242e8d872p-6};
// f64: atan t = t + t sum c_k z^k (k = 1..), z = t^2 <= 1/4.
static const double ATAN_F64[] = {
    -0x1.5555555555555p-2, 0x1.99999999998f3p-3,  -0x1.249249248d0c3p-3, 0x1.c71c71c47220ep-4,
    -0x1.745d16deac8a3p-4, 0x1.3b13a71c1cf57p-4,  -0x1.111062f3c4934p-4, 0x1.e1d1508b18a63p-5,
    -0x1.ae96c0aa4dd88p-5, 0x1.8273aa204593bp-5,  -0x1.53316f0d43b6cp-5, 0x1.0e9b55adaf14bp-5,
    -0x1.4ecf870757c43p-6, 0x1.c62435add1978p-8};
// erf x = x sum c_k z^k (k = 0..), z = x^2 <= 1.
static const double ERF_DF[] = {0x1.20dd7504006e2p+0,  -0x1.8127465f9dfcbp-2, 0x1.ce2f07912147fp-4,
                                -0x1.b829a6e0676d6p-6, 0x1.5628e46419570p-8,  -0x1.bcbe21f1cd103p-11,
                                0x1.d823a2457fc52p-14, -0x1.437cdc3ce82bep-17};
// erfc(x) e^(x^2) = sum c_k u^k, u = (x - 2.46495) / 1.46505 for x in [1, 3.93].
static const double ERFCX_DF[] = {
    0x1.b521b880d97f1p-3,  -0x1.c8d11c04f9dd8p-4, 0x1.c59b109378bcap-5,  -0x1.ae892ea22c887p-6,
    0x1.887037c9166bfp-7,  -0x1.58cdcd133b039p-8, 0x1.24c057cd8946fp-9,  -0x1.e27ad634ffb38p-11,
    0x1.869675ad1fb62p-12, -0x1.2eae718957e76p-13, 0x1.96d8cb4322b73p-15, -0x1.388093d64517cp-16,
    0x1.7e3b3d7230d26p-17, -0x1.01ad29b4cd042p-18};
// Bits of 2/pi after 32 zero bits, 64 per word (the f32 trigonometric reduction).
static const uint64_t TWO_OVER_PI[] = {0x00000000a2f9836eull, 0x4e441529fc2757d1ull,
                                       0xf534ddc0db629599ull, 0x3c439041fe5163abull,
                                       0xdebbc561b7246e3aull};

// ---- IR helpers ---------------------------------------------------------------------------

// Emission state for one float type: its LLVM type, the integer type of the
// same width and the format's parameters.
typedef struct fb {
  cx_cg_t* cg;
  LLVMBuilderRef b;
  LLVMTypeRef t, it;
  bool d;    // double
  int mant;  // explicit significand bits (23 / 52)
  int bias;  // exponent bias (127 / 1023)
} fb_t;

static fb_t fb_make(cx_cg_t* cg, bool d) {
  fb_t f = {cg, cg->b, d ? cg->t_f64 : cg->t_f32, d ? cg->t_i64 : cg->t_i32, d, d ? 52 : 23,
            d ? 1023 : 127};
  return f;
}

static LLVMValueRef K(const fb_t* f, double v) { return LLVMConstReal(f->t, v); }
static LLVMValueRef KI(const fb_t* f, int64_t v) {
  return LLVMConstInt(f->it, (unsigned long long)v, 1);
}

static LLVMValueRef intrinsic(const fb_t* f, const char* name, LLVMTypeRef type,
                              LLVMValueRef* args, unsigned n) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(f->cg->mod, id, &type, 1);
  LLVMTypeRef fty = LLVMIntrinsicGetType(f->cg->ctx, id, &type, 1);
  return LLVMBuildCall2(f->b, fty, fn, args, n, "");
}
static LLVMValueRef call1(const fb_t* f, const char* name, LLVMValueRef a) {
  return intrinsic(f, name, LLVMTypeOf(a), &a, 1);
}

static LLVMValueRef add(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFAdd(f->b, a, b, "");
}
static LLVMValueRef sub(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFSub(f->b, a, b, "");
}
static LLVMValueRef mul(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFMul(f->b, a, b, "");
}
static LLVMValueRef quot(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFDiv(f->b, a, b, "");
}
static LLVMValueRef neg(const fb_t* f, LLVMValueRef a) { return LLVMBuildFNeg(f->b, a, ""); }
static LLVMValueRef fma3(const fb_t* f, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c) {
  LLVMValueRef args[] = {a, b, c};
  return intrinsic(f, "llvm.fma", LLVMTypeOf(a), args, 3);
}
static LLVMValueRef fabs1(const fb_t* f, LLVMValueRef a) { return call1(f, "llvm.fabs", a); }
static LLVMValueRef rint1(const fb_t* f, LLVMValueRef a) { return call1(f, "llvm.roundeven", a); }
static LLVMValueRef copysign2(const fb_t* f, LLVMValueRef mag, LLVMValueRef sgn) {
  LLVMValueRef args[] = {mag, sgn};
  return intrinsic(f, "llvm.copysign", LLVMTypeOf(mag), args, 2);
}
static LLVMValueRef cmp(const fb_t* f, LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFCmp(f->b, p, a, b, "");
}
static LLVMValueRef lt(const fb_t* f, LLVMValueRef a, double c) { return cmp(f, LLVMRealOLT, a, K(f, c)); }
static LLVMValueRef le(const fb_t* f, LLVMValueRef a, double c) { return cmp(f, LLVMRealOLE, a, K(f, c)); }
static LLVMValueRef gt(const fb_t* f, LLVMValueRef a, double c) { return cmp(f, LLVMRealOGT, a, K(f, c)); }
static LLVMValueRef ge(const fb_t* f, LLVMValueRef a, double c) { return cmp(f, LLVMRealOGE, a, K(f, c)); }
static LLVMValueRef eq(const fb_t* f, LLVMValueRef a, double c) { return cmp(f, LLVMRealOEQ, a, K(f, c)); }
static LLVMValueRef isnan1(const fb_t* f, LLVMValueRef a) { return cmp(f, LLVMRealUNO, a, a); }
static LLVMValueRef sel(const fb_t* f, LLVMValueRef c, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSelect(f->b, c, a, b, "");
}
static LLVMValueRef and2(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildAnd(f->b, a, b, "");
}
static LLVMValueRef or2(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildOr(f->b, a, b, "");
}
// Integers of the format's width.
static LLVMValueRef bits(const fb_t* f, LLVMValueRef a) { return LLVMBuildBitCast(f->b, a, f->it, ""); }
static LLVMValueRef from_bits(const fb_t* f, LLVMValueRef i) {
  return LLVMBuildBitCast(f->b, i, f->t, "");
}
static LLVMValueRef iadd(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildAdd(f->b, a, b, "");
}
static LLVMValueRef isub(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSub(f->b, a, b, "");
}
static LLVMValueRef ishl(const fb_t* f, LLVMValueRef a, int k) {
  return LLVMBuildShl(f->b, a, LLVMConstInt(LLVMTypeOf(a), (unsigned)k, 0), "");
}
static LLVMValueRef iashr(const fb_t* f, LLVMValueRef a, int k) {
  return LLVMBuildAShr(f->b, a, LLVMConstInt(LLVMTypeOf(a), (unsigned)k, 0), "");
}
static LLVMValueRef iand(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildAnd(f->b, a, b, "");
}
static LLVMValueRef icmp(const fb_t* f, LLVMIntPredicate p, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildICmp(f->b, p, a, b, "");
}
// Float <-> integer of the format's width; callers keep values in range.
static LLVMValueRef to_int(const fb_t* f, LLVMValueRef a) { return LLVMBuildFPToSI(f->b, a, f->it, ""); }
static LLVMValueRef to_float(const fb_t* f, LLVMValueRef i) { return LLVMBuildSIToFP(f->b, i, f->t, ""); }
// 2^k for an integer k of a normal exponent (-bias < k <= bias).
static LLVMValueRef pow2i(const fb_t* f, LLVMValueRef k) {
  return from_bits(f, ishl(f, iadd(f, k, KI(f, f->bias)), f->mant));
}
static LLVMValueRef imax(const fb_t* f, LLVMValueRef a, int64_t c) {
  return sel(f, icmp(f, LLVMIntSGT, a, KI(f, c)), a, KI(f, c));
}
static LLVMValueRef imin(const fb_t* f, LLVMValueRef a, int64_t c) {
  return sel(f, icmp(f, LLVMIntSLT, a, KI(f, c)), a, KI(f, c));
}
// Horner's rule with FMA: c[0] + c[1] x + ... + c[n-1] x^(n-1).
static LLVMValueRef poly(const fb_t* f, LLVMValueRef x, const double* c, int n) {
  LLVMValueRef p = K(f, c[n - 1]);
  for (int i = n - 2; i >= 0; i--) p = fma3(f, p, x, K(f, c[i]));
  return p;
}
// x clamped to [lo, hi]; NaN becomes lo (callers select NaN results apart).
static LLVMValueRef clamp(const fb_t* f, LLVMValueRef x, double lo, double hi) {
  return sel(f, gt(f, x, hi), K(f, hi), sel(f, ge(f, x, lo), x, K(f, lo)));
}
static LLVMValueRef nan_passthrough(const fb_t* f, LLVMValueRef x, LLVMValueRef y) {
  return sel(f, isnan1(f, x), add(f, x, x), y);
}

// ---- the exp family --------------------------------------------------------------------------

// e^x = 2^n e^r, r = x - n ln2 = rhi - t with rhi exact: ln2 is split into
// C_HI (the format's rounding of ln2; x - n C_HI is exact with FMA because
// |rhi| < 1/2 and x's last bit is no finer than C_HI's) and C_LO.
// e^r = 1 + rhi + w with w = r^2 q(r) - t small.
typedef struct exp_red {
  LLVMValueRef n;    // float, integral
  LLVMValueRef ni;   // n as an integer
  LLVMValueRef rhi;  // exact
  LLVMValueRef w;    // e^r - 1 - rhi
} exp_red_t;

static exp_red_t exp_reduce(const fb_t* f, LLVMValueRef x) {
  double c_hi = f->d ? 0x1.62e42fefa39efp-1 : 0x1.62e430p-1;
  double c_lo = f->d ? 0x1.abc9e3b39803fp-56 : -0x1.05c610p-29;
  exp_red_t e;
  e.n = rint1(f, mul(f, x, K(f, 0x1.71547652b82fep+0)));
  e.ni = to_int(f, e.n);
  e.rhi = fma3(f, e.n, K(f, -c_hi), x);
  LLVMValueRef t = mul(f, e.n, K(f, c_lo));
  LLVMValueRef r = sub(f, e.rhi, t);
  LLVMValueRef q = f->d ? poly(f, r, EXP_F64, COUNT(EXP_F64)) : poly(f, r, EXP_F32, COUNT(EXP_F32));
  e.w = fma3(f, mul(f, r, r), q, neg(f, t));
  return e;
}

// e^r as hi + tail, hi = 1 + rhi rounded (Fast2Sum: |rhi| < 1).
static void exp_pair(const fb_t* f, const exp_red_t* e, LLVMValueRef* hi, LLVMValueRef* tail) {
  LLVMValueRef one = K(f, 1.0);
  *hi = add(f, one, e->rhi);
  LLVMValueRef e1 = add(f, sub(f, one, *hi), e->rhi);
  *tail = add(f, e1, e->w);
}

// p 2^n for n up to twice the exponent range: two exact scalings, so that
// only the last one rounds (overflow to infinity, underflow to subnormals).
static LLVMValueRef scale2(const fb_t* f, LLVMValueRef p, LLVMValueRef ni) {
  LLVMValueRef n1 = iashr(f, ni, 1);
  LLVMValueRef n2 = isub(f, ni, n1);
  return mul(f, mul(f, p, pow2i(f, n1)), pow2i(f, n2));
}

static LLVMValueRef emit_exp(const fb_t* f, LLVMValueRef x) {
  // Beyond the clamps the result is 0 or infinity (|n| stays within twice
  // the exponent range for scale2).
  LLVMValueRef xc = f->d ? clamp(f, x, -746.0, 710.0) : clamp(f, x, -104.0, 89.0);
  exp_red_t e = exp_reduce(f, xc);
  LLVMValueRef hi, tail;
  exp_pair(f, &e, &hi, &tail);
  LLVMValueRef y = scale2(f, add(f, hi, tail), e.ni);
  return nan_passthrough(f, x, y);
}

// expm1(x) = 2^n (1 + rhi + w) - 1, in three ranges of n:
//  |n| <= p (the precision): S = 2^n - 1 is exact and so is 2^n rhi;
//    A + e = S + 2^n rhi by Fast2Sum (|S| >= |2^n rhi| unless n = 0, when
//    S = 0), then the small terms;
//  n > p: the -1 is below the result's half ULP after scaling, so it joins
//    the small terms as -2^-n and the result is computed as for exp;
//  n < -p: the result is -1 + 2^n (1 + rhi), rounded once by an FMA.
static LLVMValueRef emit_expm1(const fb_t* f, LLVMValueRef x) {
  int p = f->mant + 1;
  // e^x < 2^-(p+1) below the lower clamp: the result is -1.
  LLVMValueRef xc = f->d ? clamp(f, x, -40.0, 710.0) : clamp(f, x, -20.0, 89.0);
  exp_red_t e = exp_reduce(f, xc);
  LLVMValueRef one = K(f, 1.0);
  // |n| <= p
  LLVMValueRef s = pow2i(f, imin(f, imax(f, e.ni, -p), p));
  LLVMValueRef S = sub(f, s, one);
  LLVMValueRef sr = mul(f, s, e.rhi);
  LLVMValueRef A = add(f, S, sr);
  LLVMValueRef err = add(f, sub(f, S, A), sr);
  LLVMValueRef y_mid = add(f, A, fma3(f, s, e.w, err));
  // n > p (2^-n below 2^-(bias-1) is negligible and kept normal)
  LLVMValueRef hi, tail;
  exp_pair(f, &e, &hi, &tail);
  LLVMValueRef inv = pow2i(f, isub(f, KI(f, 0), imin(f, e.ni, f->bias - 1)));
  LLVMValueRef y_high = scale2(f, add(f, hi, sub(f, tail, inv)), e.ni);
  // n < -p
  LLVMValueRef y_low = fma3(f, pow2i(f, imax(f, e.ni, -f->bias + 1)), hi, neg(f, one));
  LLVMValueRef y = sel(f, icmp(f, LLVMIntSGT, e.ni, KI(f, p)), y_high,
                       sel(f, icmp(f, LLVMIntSLT, e.ni, KI(f, -p)), y_low, y_mid));
  y = sel(f, eq(f, x, 0.0), x, y);  // keeps -0
  return nan_passthrough(f, x, y);
}

// x 2^-k decomposed as m = 1 + f in [sqrt(1/2), sqrt(2)): the bits of x
// minus those of sqrt(1/2) carry k in the exponent field.
static void log_decompose(const fb_t* f, LLVMValueRef x, LLVMValueRef* k, LLVMValueRef* fr) {
  int64_t sqh = f->d ? 0x3fe6a09e667f3bcdll : 0x3f3504f3;
  int64_t mask = ((int64_t)1 << f->mant) - 1;
  LLVMValueRef ix = isub(f, bits(f, x), KI(f, sqh));
  *k = iashr(f, ix, f->mant);
  LLVMValueRef m = from_bits(f, iadd(f, iand(f, ix, KI(f, mask)), KI(f, sqh)));
  *fr = sub(f, m, K(f, 1.0));
}

// k ln2 + log1p(fr) + c / (1 + fr) for fr in [sqrt(1/2) - 1, sqrt(2) - 1] and
// a small c (log1p's rounding error of 1 + x). With s = fr / (2 + fr):
// log1p(fr) = 2 atanh(s) = fr - (fr^2/2 - s (fr^2/2 + R(s^2))); the rounding
// of s only touches the small last term. k ln2_hi is exact and is added to
// fr by Fast2Sum (|k ln2| > |fr| unless k = 0).
static LLVMValueRef log_combine(const fb_t* f, LLVMValueRef k, LLVMValueRef fr, LLVMValueRef c) {
  double ln2_hi = f->d ? 0x1.62e42fefa3800p-1 : 0x1.62e4p-1;  // 42 / 16 bits: k ln2_hi exact
  double ln2_lo = f->d ? 0x1.ef35793c76730p-45 : 0x1.7f7d1cp-20;
  LLVMValueRef s = quot(f, fr, add(f, K(f, 2.0), fr));
  LLVMValueRef z = mul(f, s, s);
  LLVMValueRef R = mul(f, z, f->d ? poly(f, z, LOG_F64, COUNT(LOG_F64)) : poly(f, z, LOG_F32, COUNT(LOG_F32)));
  LLVMValueRef hfsq = mul(f, mul(f, K(f, 0.5), fr), fr);
  LLVMValueRef kf = to_float(f, k);
  LLVMValueRef kl = mul(f, kf, K(f, ln2_hi));
  LLVMValueRef hi = add(f, kl, fr);
  LLVMValueRef e = add(f, sub(f, kl, hi), fr);
  LLVMValueRef low = mul(f, kf, K(f, ln2_lo));
  if (c) {
    // c / (1 + fr) = c (1 - s) / (1 + s) ~ c (1 + 2s (s - 1)) (error 2|s|^3 c)
    LLVMValueRef two_s = add(f, s, s);
    low = fma3(f, c, fma3(f, two_s, sub(f, s, K(f, 1.0)), K(f, 1.0)), low);
  }
  LLVMValueRef small = fma3(f, s, add(f, hfsq, R), low);
  return add(f, hi, sub(f, e, sub(f, hfsq, small)));
}

static LLVMValueRef log_specials(const fb_t* f, LLVMValueRef x, LLVMValueRef y, double pole) {
  y = sel(f, eq(f, x, pole), K(f, -INFINITY), y);
  y = sel(f, lt(f, x, pole), K(f, NAN), y);
  y = sel(f, eq(f, x, INFINITY), x, y);
  return nan_passthrough(f, x, y);
}

static LLVMValueRef emit_log(const fb_t* f, LLVMValueRef x) {
  // Subnormals are scaled into the normal range first.
  int sc = f->mant + 1;
  LLVMValueRef sub_ = lt(f, x, f->d ? 0x1p-1022 : 0x1p-126);
  LLVMValueRef xs = sel(f, sub_, mul(f, x, K(f, ldexp(1.0, sc))), x);
  LLVMValueRef k, fr;
  log_decompose(f, xs, &k, &fr);
  k = iadd(f, k, sel(f, sub_, KI(f, -sc), KI(f, 0)));
  return log_specials(f, x, log_combine(f, k, fr, NULL), 0.0);
}

// log1p(x): for x in [sqrt(1/2) - 1, sqrt(2) - 1) directly (fr = x, k = 0);
// else u = 1 + x is decomposed and its rounding error c (exact by 2Sum)
// enters scaled by 2^-k.
static LLVMValueRef emit_log1p(const fb_t* f, LLVMValueRef x) {
  LLVMValueRef one = K(f, 1.0);
  LLVMValueRef u = add(f, one, x);
  LLVMValueRef c = sel(f, le(f, fabs1(f, x), 1.0), add(f, sub(f, one, u), x),
                       add(f, sub(f, x, u), one));
  LLVMValueRef k, fr;
  log_decompose(f, u, &k, &fr);
  LLVMValueRef ck = mul(f, c, pow2i(f, isub(f, KI(f, 0), imin(f, k, f->bias - 1))));
  LLVMValueRef direct = and2(f, ge(f, x, f->d ? -0x1.2bec333018860p-2 : -0x1.2bec32p-2),
                             lt(f, x, f->d ? 0x1.a827999fcef30p-2 : 0x1.a82798p-2));
  fr = sel(f, direct, x, fr);
  k = sel(f, direct, KI(f, 0), k);
  ck = sel(f, direct, K(f, 0.0), ck);
  LLVMValueRef y = log_combine(f, k, fr, ck);
  y = sel(f, eq(f, x, 0.0), x, y);  // keeps -0
  return log_specials(f, x, y, -1.0);
}

// z = e^-|x| as the pair z + zlo (Fast2Sum of hi 2^n and tail 2^n), for
// logistic and tanh.
static void exp_neg_pair(const fb_t* f, const exp_red_t* e, LLVMValueRef* z, LLVMValueRef* zlo) {
  LLVMValueRef hi, tail;
  exp_pair(f, e, &hi, &tail);
  // Below the normal range z only needs to stay tiny (1 + z rounds to 1).
  LLVMValueRef s = pow2i(f, imax(f, e->ni, -f->bias + 1));
  LLVMValueRef zh = mul(f, hi, s), zl = mul(f, tail, s);
  *z = add(f, zh, zl);
  *zlo = sub(f, zl, sub(f, *z, zh));
}

// num / d for num + numlo and d + dlo, with the quotient's residual: q0 is
// corrected by (num - q0 D) / D, dividing by rd ~ 1/d (a rough value is
// enough for a correction of an ULP or two).
static LLVMValueRef div_corrected(const fb_t* f, LLVMValueRef num, LLVMValueRef numlo,
                                  LLVMValueRef d, LLVMValueRef dlo, LLVMValueRef q0,
                                  LLVMValueRef rd) {
  LLVMValueRef R = add(f, fma3(f, neg(f, q0), d, num), fma3(f, neg(f, q0), dlo, numlo));
  return fma3(f, R, rd, q0);
}

// logistic(x) = 1 / (1 + z) for x >= 0 and z / (1 + z) for x < 0, z = e^-|x|.
// Where the result is subnormal (z tiny) it is z itself, rounded once.
static LLVMValueRef emit_logistic(const fb_t* f, LLVMValueRef x) {
  double deep = f->d ? -700.0 : -80.0;
  LLVMValueRef a = fabs1(f, x);
  LLVMValueRef ac = sel(f, le(f, a, f->d ? 746.0 : 104.0), a, K(f, f->d ? 746.0 : 104.0));
  exp_red_t e = exp_reduce(f, neg(f, ac));
  LLVMValueRef one = K(f, 1.0);
  LLVMValueRef z, zlo;
  exp_neg_pair(f, &e, &z, &zlo);
  LLVMValueRef d = add(f, one, z);
  LLVMValueRef dlo = add(f, add(f, sub(f, one, d), z), zlo);
  LLVMValueRef pos = ge(f, x, 0.0);
  LLVMValueRef num = sel(f, pos, one, z), numlo = sel(f, pos, K(f, 0.0), zlo);
  LLVMValueRef q0 = quot(f, num, d);
  // 1/d is q0 (x >= 0) or 1 - q0 (x < 0).
  LLVMValueRef rd = sel(f, pos, q0, sub(f, one, q0));
  LLVMValueRef y = div_corrected(f, num, numlo, d, dlo, q0, rd);
  LLVMValueRef hi, tail;
  exp_pair(f, &e, &hi, &tail);
  LLVMValueRef tiny = scale2(f, add(f, hi, tail), e.ni);
  y = sel(f, lt(f, x, deep), tiny, y);
  return nan_passthrough(f, x, y);
}

// tanh(x): an odd polynomial below TANH_SMALL, else (1 - z) / (1 + z) with
// z = e^-2|x| (both sums kept exact), then the sign.
static LLVMValueRef emit_tanh(const fb_t* f, LLVMValueRef x) {
  double small_lim = f->d ? 0.35 : 0.6;
  double big = f->d ? 20.0 : 9.5;  // tanh rounds to 1 beyond
  LLVMValueRef a = fabs1(f, x);
  LLVMValueRef z2 = mul(f, a, a);
  LLVMValueRef P = f->d ? poly(f, z2, TANH_F64, COUNT(TANH_F64)) : poly(f, z2, TANH_F32, COUNT(TANH_F32));
  LLVMValueRef y_small = fma3(f, mul(f, a, z2), P, a);
  LLVMValueRef ac = sel(f, le(f, a, big), a, K(f, big));
  exp_red_t e = exp_reduce(f, mul(f, ac, K(f, -2.0)));
  LLVMValueRef one = K(f, 1.0);
  LLVMValueRef z, zlo;
  exp_neg_pair(f, &e, &z, &zlo);
  LLVMValueRef num = sub(f, one, z);
  LLVMValueRef numlo = sub(f, sub(f, sub(f, one, num), z), zlo);
  LLVMValueRef d = add(f, one, z);
  LLVMValueRef dlo = add(f, add(f, sub(f, one, d), z), zlo);
  LLVMValueRef q0 = quot(f, num, d);
  // 1/d = (1 + q0) / 2.
  LLVMValueRef rd = fma3(f, q0, K(f, 0.5), K(f, 0.5));
  LLVMValueRef y_big = div_corrected(f, num, numlo, d, dlo, q0, rd);
  LLVMValueRef y = sel(f, lt(f, a, small_lim), y_small, y_big);
  return nan_passthrough(f, x, copysign2(f, y, x));
}

// ---- fast f32 tanh and logistic ---------------------------------------------------------
//
// (Where kernels run on 512-bit AVX-512 vectors, f32 tanh is the table-driven
// version below instead: about half the instructions.)
// The activations of models (GELU's tanh form, LSTM gates, SiLU) run these
// over whole tensors, where the careful versions above (hi + tail sums and
// corrected divisions, ~60 vector instructions each) made a fused chain
// compute-bound at half the speed of a C loop using libmvec. These keep the
// same reduction but round each step about once: e^-|x| as 2^n (1 + pm1),
// then, for tanh, one quotient corrected by its residual, for logistic a
// refined reciprocal. Errors stay below 2 ULP
// (cg_math_test checks the bound), within what XLA's and libmvec's f32
// versions give and what the differential tests allow (4 ULP); f64 keeps the
// careful versions.
//
// Per vector (about 30 instructions each) they avoid what costs most: no
// division instruction (a reciprocal estimate, see recip_estimate), no
// float <-> integer conversions (n and 2^n come from the bits of one shifted
// FMA), no second formula for small tanh arguments and no NaN fix-up selects
// (NaN flows through the arithmetic to the result). A loop of them is
// limited by the chain of dependent instructions from x to the result as
// much as by their number (an out-of-order core overlaps only a few
// iterations), so independent terms are computed side by side where that
// costs no instruction (Estrin's order for the polynomial, kf from x
// directly, the residual's two halves).

// 1/d to 22 bits or better. Vector divisions take
// about ten times the issue slots of a multiplication; LLVM lowers a vector
// fdiv with the arcp, ninf and contract flags to a reciprocal estimate
// refined by as many Newton steps (two FMAs each) as the function's
// "reciprocal-estimates" attribute asks: one, as 128- and 256-bit vectors
// get 12-bit estimates (vrcpps, relative error 1.5 2^-12) even on AVX-512
// machines, whose 512-bit vrcp14ps has 14. Scalar code keeps the division.
// d must be finite (ninf; NaN is fine).
static LLVMValueRef recip_estimate(const fb_t* f, LLVMValueRef d) {
  LLVMValueRef q = quot(f, K(f, 1.0), d);
  LLVMSetFastMathFlags(q, LLVMFastMathAllowReciprocal | LLVMFastMathNoInfs |
                              LLVMFastMathAllowContract);
  LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(f->b));
  LLVMAttributeRef a =
      LLVMCreateStringAttribute(f->cg->ctx, "reciprocal-estimates", 20, "vec-divf:1", 10);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, a);
  return q;
}

// (num + numlo) / (d + dlo) rounded about once,
// from rd ~ 1/d (recip_estimate): q = num rd corrected by the residual,
// q + (num - q d - q dlo + numlo) rd (the FMAs keep the residual, ~2^-22
// num, to 24 bits; rd's error is squared away).
static LLVMValueRef quot_corrected(const fb_t* f, LLVMValueRef num, LLVMValueRef numlo,
                                   LLVMValueRef d, LLVMValueRef dlo) {
  LLVMValueRef rd = recip_estimate(f, d);
  LLVMValueRef q = mul(f, num, rd);
  // r = (num - q d) + (numlo - q dlo): the two halves are independent, which
  // shortens the chain of dependent instructions by one (the first is exact,
  // the second's rounding is far below the residual's).
  LLVMValueRef lo = fma3(f, neg(f, q), dlo, numlo);
  LLVMValueRef r = add(f, fma3(f, neg(f, q), d, num), lo);
  return fma3(f, r, rd, q);
}

// e^v = s (1 + pm1) with s = 2^(n + E - 127), pm1 = e^r - 1 rounded about
// once (|r| <= ln2/2), for v with n + E in 1..254 (v a finite float or
// NaN). n = round(v / ln2) comes from kf = v log2e + SHIFT, SHIFT = 1.5 2^23
// + E: kf's significand holds E + n in its low bits (rounded to nearest
// even as roundeven would), so kf - SHIFT is n and bits(kf) << 23 is s (the
// bits above shift out): no conversions between floats and integers. E is
// 127, or another bias where the caller scales the result back (one more
// rounding at most, and only in the subnormal range). For NaN, pm1 is NaN.
static void exp_fast_f32(const fb_t* f, LLVMValueRef u, double scale, int bias, LLVMValueRef* s,
                         LLVMValueRef* pm1) {
  double shift = 0x1.8p23 + bias;
  // v = scale u (scale is 1, -1 or -2: exact); kf from u with the scaled
  // constant is the same FMA result one dependent instruction earlier.
  LLVMValueRef v = scale == 1.0 ? u : mul(f, u, K(f, scale));
  LLVMValueRef kf = fma3(f, u, K(f, scale * 0x1.715476p+0), K(f, shift));
  LLVMValueRef n = sub(f, kf, K(f, shift));
  // r = rhi - t with rhi exact (exp_reduce); pm1 = rhi + (r^2 q(r) - t)
  // leaves r's rounding out of pm1, which tanh's 1 - z magnifies.
  LLVMValueRef rhi = fma3(f, n, K(f, -0x1.62e430p-1), v);
  LLVMValueRef t = mul(f, n, K(f, -0x1.05c610p-29));
  LLVMValueRef r = sub(f, rhi, t);
  // q(r) in Estrin's order, (c0 + c1 r) + r^2 ((c2 + c3 r) + c4 r^2): three
  // dependent FMAs instead of Horner's four (the chain from x to the result
  // is what limits a loop of these), and r^2 is needed anyway.
  LLVMValueRef r2 = mul(f, r, r);
  LLVMValueRef c01 = fma3(f, K(f, EXP_F32[1]), r, K(f, EXP_F32[0]));
  LLVMValueRef c23 = fma3(f, K(f, EXP_F32[3]), r, K(f, EXP_F32[2]));
  LLVMValueRef q = fma3(f, fma3(f, K(f, EXP_F32[4]), r2, c23), r2, c01);
  *pm1 = add(f, rhi, fma3(f, r2, q, neg(f, t)));
  *s = from_bits(f, ishl(f, bits(f, kf), f->mant));
}

// logistic(x) = 1 / (1 + e^-x) with e^-x, the sum and the reciprocal (an
// estimate refined by Newton steps) each rounded about once. The roundings
// are relative and none is magnified (1 + z only damps z's error), so
// neither the error-free sum nor the corrected quotient of tanh is needed:
// ~25 vector instructions instead of ~35 for 1 / (1 + z) or z / (1 + z)
// with z = e^-|x|. Scaled by 2^-64 throughout (e^-x 2^-64 + 2^-64, then
// the reciprocal times 2^-64) so that one exponent range holds e^-x from
// 2^-44 (beyond, 1 + e^-x rounds to 1) to 2^150 (beyond, the result rounds
// to 0): x is clamped to [-104, 30], which keeps NaN.
static LLVMValueRef emit_logistic_fast_f32(const fb_t* f, LLVMValueRef x) {
  LLVMValueRef xc = sel(f, cmp(f, LLVMRealOGT, K(f, -104.0), x), K(f, -104.0), x);
  xc = sel(f, cmp(f, LLVMRealOLT, K(f, 30.0), xc), K(f, 30.0), xc);
  LLVMValueRef s, pm1;
  exp_fast_f32(f, xc, -1.0, 127 - 64, &s, &pm1);
  // d = (e^v + 1) 2^-64 = s + (s pm1 + 2^-64): where e^v is near 1 both
  // roundings count (the worst case: 1.999 ULP over every f32 input,
  // `cg_math_test --exhaustive logistic`); elsewhere the smaller term's is
  // small against d. (s + 2^-64 first rounds where e^v is near 2^24: 2.12
  // ULP; an exact sum costs four more instructions.)
  LLVMValueRef d = add(f, s, fma3(f, s, pm1, K(f, 0x1p-64)));
  // One more Newton step y + y (1 - d r): the estimate's precision depends
  // on the target (22 bits from 12-bit vrcpps, 16 from AArch64's frecpe
  // after LLVM's step); after this one it is ~2^-32 or better everywhere.
  LLVMValueRef r = recip_estimate(f, d);
  LLVMValueRef y = mul(f, r, K(f, 0x1p-64));
  return fma3(f, y, fma3(f, neg(f, d), r, K(f, 1.0)), y);
}

// tanh(x) = sign(x) (1 - z) / (1 + z), z = e^-2|x| = s (1 + pm1): the
// numerator as (1 - s) - s pm1 rounded once and kept with its rounding
// error numlo (1 - s is exact down to s = 2^-24; below, it rounds to 1,
// which is less than half an ULP off), the denominator as d + dlo = 1 + z
// exactly, then the quotient corrected by its residual. Without
// cancellation near 0 one formula serves every x (tiny x: -pm1 / (2 + pm1)
// with pm1 = -2|x|). NaN flows through pm1.
static LLVMValueRef emit_tanh_fast_f32(const fb_t* f, LLVMValueRef x) {
  LLVMValueRef a = fabs1(f, x);
  // tanh rounds to 1 beyond 9.5; 9.5 < a ? 9.5 : a keeps NaN.
  LLVMValueRef ac = sel(f, cmp(f, LLVMRealOLT, K(f, 9.5), a), K(f, 9.5), a);
  LLVMValueRef s, pm1;
  exp_fast_f32(f, ac, -2.0, 127, &s, &pm1);
  LLVMValueRef one = K(f, 1.0);
  LLVMValueRef one_s = sub(f, one, s);
  LLVMValueRef num = fma3(f, neg(f, s), pm1, one_s);
  // numlo = (1 - s) - num - s pm1 rounded once ((1 - s) - num is exact,
  // Sterbenz): with the numerator's rounding in the residual the result is
  // nearly correctly rounded where s pm1 is small.
  LLVMValueRef numlo = fma3(f, neg(f, s), pm1, sub(f, one_s, num));
  LLVMValueRef d = add(f, one, fma3(f, s, pm1, s));
  // dlo = s + s pm1 - (d - 1) rounded once: d - 1 is exact and within a
  // factor 2 of s or 0, so s - (d - 1) is exact too.
  LLVMValueRef dlo = fma3(f, s, pm1, sub(f, s, sub(f, d, one)));
  return copysign2(f, quot_corrected(f, num, numlo, d, dlo), x);
}

// ---- table-driven f32 tanh (AVX-512) ------------------------------------------------------
//
// tanh(|x|) as one polynomial of degree 5 per interval of |x|, the intervals
// being those of |x|'s top representation bits (exponent and two significand
// bits, so they are relative: 4 per binade from 2^-4 to 8, [0, 2^-4) and
// [8, 9.5] at the ends; 30 of them): no exp, no division. The interval's
// midpoint and coefficients come from 32-entry tables. The IR reads them
// with loads from constant globals, which the loop vectorizer turns into
// gathers; cx_cg_math_lower_lookups then replaces 16-lane gathers from
// these tables with one two-source permute of two vector constants
// (vpermi2ps, which reads only the index's low 5 bits: the tables are
// stored rotated so that (bits >> 21) indexes them directly), so a 512-bit
// vector of 16 results costs 7 permutes (each with a register copy or load
// of a table half), 5 FMAs and 6 other instructions (abs, clamp, shift, max,
// t, sign), against ~33 for emit_tanh_fast_f32. Narrower vectors
// keep the gathers and scalar code the loads: every width reads the same
// table entries and computes the same operations, so the results do not
// depend on it. Used where the target has AVX-512 (elsewhere gathers cost
// more than the exp-based formula saves). Errors below 1.3 ULP (the tables
// and their error from scripts/fit_tanh.py; cg_math_test checks the
// generated code).
#define TANH_TBL_PREFIX "cx.tanh.tbl."

// Interval i is read at position (i + CX_TANH_TBL_BASE) mod 32, that is at
// (bits >> 21) mod 32: the permute ignores the index bits above the low 5,
// so the vector code needs no subtraction and no mask.
static float tbl_at(const float* table, int pos) { return table[(pos - CX_TANH_TBL_BASE) & 31]; }

// The entry of a table of intervals at position p (an i32 in 0..31; one
// constant global per table, made once per module, in position order).
static LLVMValueRef lookup32(const fb_t* f, const char* name, const float* table, LLVMValueRef p) {
  LLVMModuleRef mod = f->cg->mod;
  LLVMTypeRef at = LLVMArrayType2(f->t, 32);
  LLVMValueRef g = LLVMGetNamedGlobal(mod, name);
  if (!g) {
    LLVMValueRef v[32];
    for (int k = 0; k < 32; k++) v[k] = K(f, tbl_at(table, k));
    g = LLVMAddGlobal(mod, at, name);
    LLVMSetInitializer(g, LLVMConstArray2(f->t, v, 32));
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    LLVMSetAlignment(g, 64);
  }
  LLVMValueRef idx[] = {LLVMConstInt(f->cg->t_i64, 0, 0), LLVMBuildZExt(f->b, p, f->cg->t_i64, "")};
  return LLVMBuildLoad2(f->b, f->t, LLVMBuildInBoundsGEP2(f->b, at, g, idx, 2, ""), "");
}

// Where kernels run on 512-bit vectors (the condition of cx_cg_add_kernel):
// there the vectorized lookups become permutes.
static bool has_avx512(const cx_cg_t* cg) {
  return cg->features && strstr(cg->features, "+avx512f") != NULL && !getenv("CXLA_VEC256");
}

static LLVMValueRef emit_tanh_table_f32(const fb_t* f, LLVMValueRef x) {
  LLVMValueRef a = fabs1(f, x);
  // tanh rounds to 1 beyond 9.01; 9.5 < a ? 9.5 : a keeps NaN (which then
  // flows through t to the result).
  LLVMValueRef ac = sel(f, cmp(f, LLVMRealOLT, K(f, 9.5), a), K(f, 9.5), a);
  // Interval i = max(0, (bits >> 21) - BASE): 1..29 from 2^-4 up, 0 below;
  // read at position p = max(BASE, bits >> 21) mod 32 (tbl_at). The mask
  // keeps a NaN's position in the table.
  LLVMValueRef i = imax(f, LLVMBuildLShr(f->b, bits(f, ac), KI(f, 21), ""), CX_TANH_TBL_BASE);
  i = iand(f, i, KI(f, 31));
  LLVMValueRef t = sub(f, ac, lookup32(f, TANH_TBL_PREFIX "m", CX_TANH_TBL_M, i));
  static const char* const names[6] = {TANH_TBL_PREFIX "c0", TANH_TBL_PREFIX "c1",
                                       TANH_TBL_PREFIX "c2", TANH_TBL_PREFIX "c3",
                                       TANH_TBL_PREFIX "c4", TANH_TBL_PREFIX "c5"};
  LLVMValueRef y = lookup32(f, names[5], CX_TANH_TBL_C[5], i);
  for (int k = 4; k >= 0; k--) y = fma3(f, y, t, lookup32(f, names[k], CX_TANH_TBL_C[k], i));
  return copysign2(f, y, x);
}

// The 32 floats of the table global g, if it is one of ours.
static const float* table_of(LLVMValueRef g) {
  if (!g || !LLVMIsAGlobalVariable(g)) return NULL;
  size_t len = 0;
  const char* name = LLVMGetValueName2(g, &len);
  size_t plen = strlen(TANH_TBL_PREFIX);
  if (len != plen + 1 && len != plen + 2) return NULL;
  if (strncmp(name, TANH_TBL_PREFIX, plen)) return NULL;
  const char* rest = name + plen;
  if (len == plen + 1 && rest[0] == 'm') return CX_TANH_TBL_M;
  if (len == plen + 2 && rest[0] == 'c' && rest[1] >= '0' && rest[1] <= '5') return CX_TANH_TBL_C[rest[1] - '0'];
  return NULL;
}

static bool all_ones(LLVMValueRef mask) {
  if (!LLVMIsAConstant(mask)) return false;
  if (LLVMIsAConstantAggregateZero(mask) || LLVMIsUndef(mask) || LLVMIsPoison(mask)) return false;
  LLVMValueRef sp = LLVMIsAConstantDataVector(mask) || LLVMIsAConstantVector(mask) ? mask : NULL;
  if (!sp) return false;
  unsigned n = LLVMGetVectorSize(LLVMTypeOf(mask));
  for (unsigned k = 0; k < n; k++) {
    LLVMValueRef e = LLVMGetAggregateElement(mask, k);
    if (!e || !LLVMIsAConstantInt(e) || LLVMConstIntGetZExtValue(e) != 1) return false;
  }
  return true;
}

// One gather to replace: llvm.masked.gather.v16f32 with an all-true mask of
// the pointers table + idx; *out_idx the index vector, NULL if it is not one.
static const float* lookup_gather(LLVMValueRef call, LLVMValueRef* out_idx) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (!callee || !LLVMIsAFunction(callee)) return NULL;
  size_t len = 0;
  const char* name = LLVMGetValueName2(callee, &len);
  static const char kGather[] = "llvm.masked.gather.v16f32.";
  if (len < sizeof kGather - 1 || strncmp(name, kGather, sizeof kGather - 1)) return NULL;
  if (LLVMGetNumArgOperands(call) != 4 || !all_ones(LLVMGetOperand(call, 2))) return NULL;
  LLVMValueRef gep = LLVMGetOperand(call, 0);
  if (!LLVMIsAGetElementPtrInst(gep) && !(LLVMIsAConstantExpr(gep) && LLVMGetConstOpcode(gep) == LLVMGetElementPtr))
    return NULL;
  const float* table = table_of(LLVMGetOperand(gep, 0));
  if (!table) return NULL;
  unsigned nops = (unsigned)LLVMGetNumOperands(gep);
  // [32 x float], @t, 0, idx or float, @t, idx.
  LLVMTypeRef src = LLVMGetGEPSourceElementType(gep);
  if (nops == 3) {
    LLVMValueRef z = LLVMGetOperand(gep, 1);
    if (LLVMGetTypeKind(src) != LLVMArrayTypeKind || !LLVMIsAConstantInt(z) || LLVMConstIntGetZExtValue(z))
      return NULL;
  } else if (nops != 2 || LLVMGetTypeKind(src) != LLVMFloatTypeKind) {
    return NULL;
  }
  LLVMValueRef idx = LLVMGetOperand(gep, nops - 1);
  LLVMTypeRef it = LLVMTypeOf(idx);
  if (LLVMGetTypeKind(it) != LLVMVectorTypeKind || LLVMGetVectorSize(it) != 16) return NULL;
  *out_idx = idx;
  return table;
}

// The value whose low 5 bits an index vector has: through extensions,
// truncations to 5 bits or more and masks with 31 (and nothing else).
static LLVMValueRef strip_index(LLVMValueRef v) {
  for (;;) {
    if (!LLVMIsAInstruction(v)) return v;
    LLVMOpcode op = LLVMGetInstructionOpcode(v);
    if (op == LLVMZExt || op == LLVMSExt || op == LLVMTrunc) {
      v = LLVMGetOperand(v, 0);
      continue;
    }
    if (op != LLVMAnd) return v;
    LLVMValueRef m = LLVMGetOperand(v, 1);
    if (!LLVMIsAConstant(m) || LLVMGetTypeKind(LLVMTypeOf(m)) != LLVMVectorTypeKind) return v;
    unsigned n = LLVMGetVectorSize(LLVMTypeOf(m));
    for (unsigned k = 0; k < n; k++) {
      LLVMValueRef e = LLVMGetAggregateElement(m, k);
      if (!e || !LLVMIsAConstantInt(e) || (LLVMConstIntGetZExtValue(e) & 31) != 31) return v;
    }
    v = LLVMGetOperand(v, 0);
  }
}

void cx_cg_math_lower_lookups(cx_cg_t* cg) {
  if (!has_avx512(cg)) return;
  LLVMTypeRef v16i = LLVMVectorType(cg->t_i32, 16);
  const char* pname = "llvm.x86.avx512.vpermi2var.ps.512";
  unsigned id = LLVMLookupIntrinsicID(pname, strlen(pname));
  LLVMValueRef perm = NULL;
  LLVMTypeRef perm_t = NULL;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(cg->ctx);
  LLVMValueRef next_fn = NULL;
  for (LLVMValueRef fn = LLVMGetFirstFunction(cg->mod); fn; fn = next_fn) {
    next_fn = LLVMGetNextFunction(fn);
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
      LLVMValueRef in = LLVMGetFirstInstruction(bb);
      while (in) {
        LLVMValueRef next = LLVMGetNextInstruction(in);
        LLVMValueRef idx = NULL;
        const float* table = LLVMIsACallInst(in) ? lookup_gather(in, &idx) : NULL;
        if (table) {
          if (!perm) {
            perm = LLVMGetIntrinsicDeclaration(cg->mod, id, NULL, 0);
            perm_t = LLVMIntrinsicGetType(cg->ctx, id, NULL, 0);
          }
          LLVMPositionBuilderBefore(b, in);
          LLVMValueRef lo[16], hi[16];
          for (int k = 0; k < 16; k++) {
            lo[k] = LLVMConstReal(cg->t_f32, tbl_at(table, k));
            hi[k] = LLVMConstReal(cg->t_f32, tbl_at(table, 16 + k));
          }
          // Only the index's low 5 bits select: the mask to 0..31 can go.
          idx = strip_index(idx);
          LLVMValueRef i32 = idx;
          unsigned w = LLVMGetIntTypeWidth(LLVMGetElementType(LLVMTypeOf(idx)));
          if (w > 32) i32 = LLVMBuildTrunc(b, idx, v16i, "");
          if (w < 32) i32 = LLVMBuildZExt(b, idx, v16i, "");
          LLVMValueRef args[] = {LLVMConstVector(lo, 16), i32, LLVMConstVector(hi, 16)};
          LLVMValueRef r = LLVMBuildCall2(b, perm_t, perm, args, 3, "");
          LLVMValueRef gep = LLVMGetOperand(in, 0);
          LLVMValueRef gather = LLVMGetCalledValue(in);
          LLVMReplaceAllUsesWith(in, r);
          LLVMInstructionEraseFromParent(in);
          if (LLVMIsAInstruction(gep) && !LLVMGetFirstUse(gep)) LLVMInstructionEraseFromParent(gep);
          // Its declaration, once unused (it may be the next function).
          if (!LLVMGetFirstUse(gather)) {
            if (LLVMGetNextFunction(fn) == gather) next_fn = LLVMGetNextFunction(gather);
            if (gather != fn) LLVMDeleteFunction(gather);
          }
        }
        in = next;
      }
    }
  }
  LLVMDisposeBuilder(b);
}

// ---- f32 results computed in double ---------------------------------------------------------

static LLVMValueRef ext(const fb_t* d, LLVMValueRef x) { return LLVMBuildFPExt(d->b, x, d->t, ""); }
static LLVMValueRef narrow(const fb_t* s, LLVMValueRef x) { return LLVMBuildFPTrunc(s->b, x, s->t, ""); }
static LLVMValueRef ilshr(const fb_t* f, LLVMValueRef a, int k) {
  return LLVMBuildLShr(f->b, a, LLVMConstInt(LLVMTypeOf(a), (unsigned)k, 0), "");
}
static LLVMValueRef imul(const fb_t* f, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildMul(f->b, a, b, "");
}
static LLVMValueRef signbit1(const fb_t* f, LLVMValueRef x) {
  return icmp(f, LLVMIntSLT, bits(f, x), KI(f, 0));
}

// The f32 argument reduction of sin, cos and tan: |x| = r + q pi/2 (mod 2pi)
// with r in [-pi/4, pi/4] as a double and q in 0..3 (i64). Payne-Hanek in
// 64-bit integers, exact for every finite f32: |x| = M 2^E (M of 24 bits);
// the 96 bits of 2/pi from bit E - 1 on (earlier bits only add multiples of
// 4 to |x| 2/pi) times M give |x| 2/pi mod 4 with 62 fraction bits, so r
// has an absolute error below 2^-61 (the closest f32 to a multiple of pi/2
// is about 2^-29 away). Below pi/4: r = |x|, q = 0.
static void trig_reduce_f32(const fb_t* s, const fb_t* d, LLVMValueRef x, LLVMValueRef* out_r,
                            LLVMValueRef* out_q) {
  LLVMValueRef ax = fabs1(s, x);
  LLVMValueRef ib = bits(s, ax);
  // E clamped from below: tiny inputs take the direct path anyway.
  LLVMValueRef E = imax(s, isub(s, ilshr(s, ib, 23), KI(s, 150)), -24);
  LLVMValueRef M = LLVMBuildZExt(s->b, LLVMBuildOr(s->b, iand(s, ib, KI(s, 0x7fffff)), KI(s, 0x800000), ""),
                                 d->it, "");
  // The window starts at bit o = E + 30 of TWO_OVER_PI (o in 6..135).
  LLVMValueRef o = LLVMBuildZExt(s->b, iadd(s, E, KI(s, 30)), d->it, "");
  LLVMValueRef wi = ilshr(d, o, 6), sh = iand(d, o, KI(d, 63));
  LLVMValueRef w[3];
  for (int j = 0; j < 3; j++) {  // TWO_OVER_PI[wi + j], wi in 0..2
    LLVMValueRef v = KI(d, (int64_t)TWO_OVER_PI[j + 2]);
    for (int i = 1; i >= 0; i--)
      v = sel(d, icmp(d, LLVMIntEQ, wi, KI(d, i)), KI(d, (int64_t)TWO_OVER_PI[j + i]), v);
    w[j] = v;
  }
  LLVMValueRef fa[] = {w[0], w[1], sh}, fb_[] = {w[1], w[2], sh};
  LLVMValueRef H = intrinsic(d, "llvm.fshl", d->it, fa, 3);  // window bits 0..63
  LLVMValueRef G = intrinsic(d, "llvm.fshl", d->it, fb_, 3);  // window bits 64..127
  LLVMValueRef lo32 = KI(d, 0xffffffffll);
  LLVMValueRef p0 = imul(d, M, ilshr(d, H, 32));
  LLVMValueRef p1 = imul(d, M, iand(d, H, lo32));
  LLVMValueRef p2 = imul(d, M, ilshr(d, G, 32));
  // Bits 32..95 of M * window: (|x| 2/pi mod 4) * 2^62.
  LLVMValueRef Y = iadd(d, iadd(d, ishl(d, p0, 32), p1), ilshr(d, p2, 32));
  LLVMValueRef q = ilshr(d, iadd(d, Y, KI(d, (int64_t)1 << 61)), 62);
  LLVMValueRef F = isub(d, Y, ishl(d, q, 62));
  LLVMValueRef r = mul(d, to_float(d, F), K(d, 0x1.921fb54442d18p-62));
  LLVMValueRef small = lt(s, ax, 0x1.921fb6p-1);  // below pi/4 (0x1.921fb6p-1 > pi/4)
  *out_r = sel(d, small, ext(d, ax), r);
  *out_q = sel(d, small, KI(d, 0), q);
}

static LLVMValueRef emit_trig_f32(cx_cg_t* cg, cx_cg_math_fn_t fn, LLVMValueRef x) {
  fb_t s = fb_make(cg, false), d = fb_make(cg, true);
  LLVMValueRef r, q;
  trig_reduce_f32(&s, &d, x, &r, &q);
  LLVMValueRef z = mul(&d, r, r);
  LLVMValueRef sn = fma3(&d, mul(&d, r, z), poly(&d, z, SIN_DF, COUNT(SIN_DF)), r);
  LLVMValueRef cs = fma3(&d, z, poly(&d, z, COS_DF, COUNT(COS_DF)), K(&d, 1.0));
  LLVMValueRef odd = icmp(&d, LLVMIntNE, iand(&d, q, KI(&d, 1)), KI(&d, 0));
  LLVMValueRef v, negate;
  if (fn == CX_CG_MATH_COS) {
    // cos(r + q pi/2) = cos r, -sin r, -cos r, sin r
    v = sel(&d, odd, sn, cs);
    negate = icmp(&d, LLVMIntNE, iand(&d, iadd(&d, q, KI(&d, 1)), KI(&d, 2)), KI(&d, 0));
  } else {
    // sin: sin r, cos r, -sin r, -cos r; tan: tan r, -1/tan r; both odd in x.
    if (fn == CX_CG_MATH_SIN) {
      v = sel(&d, odd, cs, sn);
      negate = icmp(&d, LLVMIntNE, iand(&d, q, KI(&d, 2)), KI(&d, 0));
    } else {
      v = quot(&d, sel(&d, odd, cs, sn), sel(&d, odd, neg(&d, sn), cs));
      negate = LLVMConstInt(cg->t_i1, 0, 0);
    }
    negate = LLVMBuildXor(cg->b, negate, signbit1(&s, x), "");
  }
  LLVMValueRef y = narrow(&s, sel(&d, negate, neg(&d, v), v));
  // Infinities and NaN give NaN.
  return sel(&s, le(&s, fabs1(&s, x), 0x1.fffffep127), y, sub(&s, x, x));
}

// atan2(y, x): t = min/max of |y|, |x| in [0, 1], reduced to |t| <= 1/2 by
// atan t = pi/4 + atan((t - 1)/(t + 1)) (one division either way), then the
// octant: pi/2 - a if |y| > |x|, pi - a if x < 0 (or -0), the sign of y.
// The angle is kept as a pair ah + al through the octant steps (each step
// C +- ah by Fast2Sum: |C| >= |ah| throughout); with `exact_t` (f64) the
// quotient's rounding error enters al too (a second division).
static LLVMValueRef atan2_d(const fb_t* d, LLVMValueRef y, LLVMValueRef x, const double* c, int n,
                            bool exact_t) {
  LLVMValueRef ay = fabs1(d, y), ax = fabs1(d, x);
  LLVMValueRef swap = cmp(d, LLVMRealOGT, ay, ax);
  LLVMValueRef mx = sel(d, swap, ay, ax), mn = sel(d, swap, ax, ay);
  LLVMValueRef big = cmp(d, LLVMRealOGT, mn, mul(d, mx, K(d, 0.5)));
  LLVMValueRef num = sel(d, big, sub(d, mn, mx), mn);  // exact (Sterbenz)
  LLVMValueRef den = sel(d, big, add(d, mn, mx), mx);
  LLVMValueRef t = quot(d, num, den);
  LLVMValueRef zero_in = eq(d, mx, 0.0);  // atan2(+-0, +-0)
  t = sel(d, zero_in, K(d, 0.0), t);
  LLVMValueRef z = mul(d, t, t);
  LLVMValueRef al = mul(d, mul(d, t, z), poly(d, z, c, n));
  if (exact_t) {
    // t + tl = num / (den + dl): tl = (num - t den - t dl) / den, entering
    // atan with the derivative 1 / (1 + t^2) ~ 1 - z.
    LLVMValueRef dl = sel(d, big, add(d, sub(d, mx, den), mn), K(d, 0.0));
    LLVMValueRef R = fma3(d, neg(d, t), dl, fma3(d, neg(d, t), den, num));
    LLVMValueRef tl = quot(d, R, den);
    tl = sel(d, isnan1(d, tl), K(d, 0.0), tl);  // 0/0 or infinities: t is exact
    al = fma3(d, tl, sub(d, K(d, 1.0), z), al);
  }
  LLVMValueRef ah = t;
  // C + s ah (s = +-1) as a new pair.
#define ATAN2_STEP(cond, chi, clo, s)                                                   \
  do {                                                                                  \
    LLVMValueRef sh_ = (s) > 0 ? ah : neg(d, ah), sl_ = (s) > 0 ? al : neg(d, al);      \
    LLVMValueRef h_ = add(d, K(d, chi), sh_);                                           \
    LLVMValueRef l_ = add(d, add(d, sub(d, K(d, chi), h_), sh_), add(d, K(d, clo), sl_)); \
    ah = sel(d, cond, h_, ah);                                                          \
    al = sel(d, cond, l_, al);                                                          \
  } while (0)
  ATAN2_STEP(big, 0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55, 1);
  LLVMValueRef both_inf = and2(d, eq(d, ay, INFINITY), eq(d, ax, INFINITY));
  ah = sel(d, both_inf, K(d, 0x1.921fb54442d18p-1), ah);
  al = sel(d, both_inf, K(d, 0x1.1a62633145c07p-55), al);
  ATAN2_STEP(swap, 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54, -1);
  ATAN2_STEP(signbit1(d, x), 0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53, -1);
#undef ATAN2_STEP
  LLVMValueRef r = copysign2(d, add(d, ah, al), y);
  return sel(d, or2(d, isnan1(d, x), isnan1(d, y)), add(d, x, y), r);
}

static LLVMValueRef emit_atan2_f32(cx_cg_t* cg, LLVMValueRef y, LLVMValueRef x) {
  fb_t s = fb_make(cg, false), d = fb_make(cg, true);
  return narrow(&s, atan2_d(&d, ext(&d, y), ext(&d, x), ATAN_DF, COUNT(ATAN_DF), false));
}

// 2^t for double t, |t| <= 2000 (beyond: 0 or infinity), relative error
// 2^-32: t = n + r, |r| <= 1/2.
static LLVMValueRef exp2_df(const fb_t* d, LLVMValueRef t) {
  LLVMValueRef tc = clamp(d, t, -2000.0, 2000.0);
  LLVMValueRef n = rint1(d, tc);
  LLVMValueRef r = sub(d, tc, n);
  LLVMValueRef p = fma3(d, r, poly(d, r, EXP2_DF, COUNT(EXP2_DF)), K(d, 1.0));
  return scale2(d, p, to_int(d, n));
}

// pow(x, y) = 2^(y log2|x|) with log2 to about 2^-52 (relative) in double,
// the sign from odd integral y, and C99's special cases.
static LLVMValueRef emit_pow_f32(cx_cg_t* cg, LLVMValueRef xs, LLVMValueRef ys) {
  fb_t s = fb_make(cg, false), d = fb_make(cg, true);
  LLVMValueRef x = ext(&d, xs), y = ext(&d, ys);
  LLVMValueRef ax = fabs1(&d, x);
  LLVMValueRef k, fr;
  log_decompose(&d, ax, &k, &fr);  // |x| of an f32 is a normal double (or 0, inf, NaN)
  LLVMValueRef sq = quot(&d, fr, add(&d, K(&d, 2.0), fr));
  LLVMValueRef z = mul(&d, sq, sq);
  LLVMValueRef R = mul(&d, z, poly(&d, z, LOG_DF, COUNT(LOG_DF)));
  LLVMValueRef hfsq = mul(&d, mul(&d, K(&d, 0.5), fr), fr);
  LLVMValueRef lnm = sub(&d, fr, sub(&d, hfsq, mul(&d, sq, add(&d, hfsq, R))));
  LLVMValueRef L = fma3(&d, lnm, K(&d, 0x1.71547652b82fep+0), to_float(&d, k));
  L = sel(&d, eq(&d, ax, 0.0), K(&d, -INFINITY), L);
  L = sel(&d, eq(&d, ax, INFINITY), K(&d, INFINITY), L);
  LLVMValueRef mag = exp2_df(&d, mul(&d, y, L));
  // y odd integral (|y| < 2^24 for an odd f32)
  LLVMValueRef ay = fabs1(&d, y);
  LLVMValueRef is_int = cmp(&d, LLVMRealOEQ, call1(&d, "llvm.trunc", y), y);
  LLVMValueRef yi = to_int(&d, sel(&d, lt(&d, ay, 0x1p24), y, K(&d, 0.0)));
  LLVMValueRef odd = and2(&d, is_int, icmp(&d, LLVMIntNE, iand(&d, yi, KI(&d, 1)), KI(&d, 0)));
  LLVMValueRef r = sel(&d, and2(&d, signbit1(&d, x), odd), neg(&d, mag), mag);
  // A negative finite base and a non-integral exponent: NaN.
  LLVMValueRef neg_base = and2(&d, lt(&d, x, 0.0), cmp(&d, LLVMRealONE, x, K(&d, -INFINITY)));
  r = sel(&d, and2(&d, neg_base, LLVMBuildNot(cg->b, is_int, "")), K(&d, NAN), r);
  r = sel(&d, and2(&d, eq(&d, x, -1.0), eq(&d, ay, INFINITY)), K(&d, 1.0), r);
  r = sel(&d, or2(&d, isnan1(&d, x), isnan1(&d, y)), add(&d, x, y), r);
  r = sel(&d, or2(&d, eq(&d, x, 1.0), eq(&d, y, 0.0)), K(&d, 1.0), r);
  return narrow(&s, r);
}

// cbrt: an estimate of |x|^(-1/3) from the exponent bits (3.4% off), four
// Newton steps r += r (1 - a r^3) / 3 in double (quadratic, no division),
// then a r^2. Subnormals are scaled by 2^24 first (the result by 2^-8).
static LLVMValueRef emit_cbrt_f32(cx_cg_t* cg, LLVMValueRef x) {
  fb_t s = fb_make(cg, false), d = fb_make(cg, true);
  LLVMValueRef ax = fabs1(&s, x);
  LLVMValueRef sub_ = lt(&s, ax, 0x1p-126);
  LLVMValueRef as = sel(&s, sub_, mul(&s, ax, K(&s, 0x1p24)), ax);
  LLVMValueRef third = LLVMBuildUDiv(cg->b, bits(&s, as), KI(&s, 3), "");
  LLVMValueRef r = ext(&d, from_bits(&s, isub(&s, KI(&s, 0x54a23300), third)));
  LLVMValueRef a = ext(&d, as);
  for (int i = 0; i < 4; i++) {
    LLVMValueRef e = fma3(&d, neg(&d, a), mul(&d, mul(&d, r, r), r), K(&d, 1.0));
    r = fma3(&d, mul(&d, r, K(&d, 1.0 / 3.0)), e, r);
  }
  LLVMValueRef y = mul(&d, a, mul(&d, r, r));
  y = sel(&d, sub_, mul(&d, y, K(&d, 0x1p-8)), y);
  LLVMValueRef yr = copysign2(&s, narrow(&s, y), x);
  // 0, infinities and NaN are their own cube roots.
  return sel(&s, and2(&s, gt(&s, ax, 0.0), lt(&s, ax, INFINITY)), yr, add(&s, x, x));
}

// erf: x P(x^2) below 1; 1 - e^(-x^2) erfcx(x) up to 3.93 (beyond, erf
// rounds to 1 in f32), with x^2 exact in double.
static LLVMValueRef emit_erf_f32(cx_cg_t* cg, LLVMValueRef xs) {
  fb_t s = fb_make(cg, false), d = fb_make(cg, true);
  LLVMValueRef x = ext(&d, xs);
  LLVMValueRef a = fabs1(&d, x);
  LLVMValueRef z = mul(&d, a, a);
  LLVMValueRef y_small = mul(&d, a, poly(&d, z, ERF_DF, COUNT(ERF_DF)));
  LLVMValueRef ac = sel(&d, le(&d, a, 3.93), a, K(&d, 3.93));
  LLVMValueRef u = mul(&d, sub(&d, ac, K(&d, 2.46495)), K(&d, 1.0 / 1.46505));
  LLVMValueRef g = poly(&d, u, ERFCX_DF, COUNT(ERFCX_DF));
  LLVMValueRef e = exp2_df(&d, mul(&d, mul(&d, ac, ac), K(&d, -0x1.71547652b82fep+0)));
  LLVMValueRef y_big = sub(&d, K(&d, 1.0), mul(&d, e, g));
  LLVMValueRef y = copysign2(&d, sel(&d, lt(&d, a, 1.0), y_small, y_big), x);
  (void)z;
  return narrow(&s, sel(&d, isnan1(&d, x), add(&d, x, x), y));
}

// cbrt in f64: the same estimate and Newton steps (four reach the limit of
// double), y = a r^2 (a few ULP), then one Newton step for the cube root
// itself with the residual y^3 - a computed exactly enough (y^2 as a pair):
// y -= (y^3 - a) r^2 / 3, since 1/(3 y^2) = r^2 / 3.
static LLVMValueRef emit_cbrt_f64(cx_cg_t* cg, LLVMValueRef x) {
  fb_t d = fb_make(cg, true);
  LLVMValueRef ax = fabs1(&d, x);
  LLVMValueRef sub_ = lt(&d, ax, 0x1p-1022);
  LLVMValueRef a = sel(&d, sub_, mul(&d, ax, K(&d, 0x1p54)), ax);
  // bits(a) / 3 needs no exactness: through double.
  LLVMValueRef third = to_int(&d, mul(&d, to_float(&d, bits(&d, a)), K(&d, 1.0 / 3.0)));
  LLVMValueRef r = from_bits(&d, isub(&d, KI(&d, 0x553ef10aaaaaac00ll), third));
  LLVMValueRef one = K(&d, 1.0);
  for (int i = 0; i < 4; i++) {
    LLVMValueRef e = fma3(&d, neg(&d, a), mul(&d, mul(&d, r, r), r), one);
    r = fma3(&d, mul(&d, r, K(&d, 1.0 / 3.0)), e, r);
  }
  LLVMValueRef r2 = mul(&d, r, r);
  LLVMValueRef y = mul(&d, a, r2);
  LLVMValueRef y2 = mul(&d, y, y), y2lo = fma3(&d, y, y, neg(&d, y2));
  LLVMValueRef res = fma3(&d, y2lo, y, fma3(&d, y2, y, neg(&d, a)));
  y = fma3(&d, neg(&d, res), mul(&d, r2, K(&d, 1.0 / 3.0)), y);
  y = sel(&d, sub_, mul(&d, y, K(&d, 0x1p-18)), y);
  y = copysign2(&d, y, x);
  return sel(&d, and2(&d, gt(&d, ax, 0.0), lt(&d, ax, INFINITY)), y, add(&d, x, x));
}

// rsqrt: 1 / sqrt(x) in double (f32: rounded once more at the end), as the
// interpreter computes it.
static LLVMValueRef emit_rsqrt(cx_cg_t* cg, LLVMValueRef x) {
  fb_t d = fb_make(cg, true);
  bool wide = LLVMTypeOf(x) == cg->t_f64;
  LLVMValueRef xd = wide ? x : ext(&d, x);
  LLVMValueRef r = quot(&d, K(&d, 1.0), call1(&d, "llvm.sqrt", xd));
  return wide ? r : narrow(&(fb_t){.b = cg->b, .t = cg->t_f32}, r);
}

// ---- dispatch -----------------------------------------------------------------------------

cx_cg_math_fn_t cx_cg_math_of_op(cx_op_kind_t kind) {
  switch (kind) {
    case CX_OP_EXPONENTIAL: return CX_CG_MATH_EXP;
    case CX_OP_EXPONENTIAL_MINUS_ONE: return CX_CG_MATH_EXPM1;
    case CX_OP_LOG: return CX_CG_MATH_LOG;
    case CX_OP_LOG_PLUS_ONE: return CX_CG_MATH_LOG1P;
    case CX_OP_TANH: return CX_CG_MATH_TANH;
    case CX_OP_LOGISTIC: return CX_CG_MATH_LOGISTIC;
    case CX_OP_SINE: return CX_CG_MATH_SIN;
    case CX_OP_COSINE: return CX_CG_MATH_COS;
    case CX_OP_TAN: return CX_CG_MATH_TAN;
    case CX_OP_CBRT: return CX_CG_MATH_CBRT;
    case CX_OP_RSQRT: return CX_CG_MATH_RSQRT;
    case CX_OP_ATAN2: return CX_CG_MATH_ATAN2;
    case CX_OP_POWER: return CX_CG_MATH_POW;
    default: return CX_CG_MATH_COUNT;
  }
}

LLVMValueRef cx_cg_math(cx_cg_t* cg, cx_cg_math_fn_t fn, const LLVMValueRef* args) {
  LLVMTypeRef t = LLVMTypeOf(args[0]);
  if (t != cg->t_f32 && t != cg->t_f64) return NULL;
  fb_t f = fb_make(cg, t == cg->t_f64);
  switch (fn) {
    case CX_CG_MATH_EXP: return emit_exp(&f, args[0]);
    case CX_CG_MATH_EXPM1: return emit_expm1(&f, args[0]);
    case CX_CG_MATH_LOG: return emit_log(&f, args[0]);
    case CX_CG_MATH_LOG1P: return emit_log1p(&f, args[0]);
    case CX_CG_MATH_TANH:
      if (f.d) return emit_tanh(&f, args[0]);
      return has_avx512(cg) ? emit_tanh_table_f32(&f, args[0]) : emit_tanh_fast_f32(&f, args[0]);
    case CX_CG_MATH_LOGISTIC:
      return f.d ? emit_logistic(&f, args[0]) : emit_logistic_fast_f32(&f, args[0]);
    case CX_CG_MATH_RSQRT: return emit_rsqrt(cg, args[0]);
    default: break;
  }
  if (f.d) {
    switch (fn) {
      case CX_CG_MATH_CBRT: return emit_cbrt_f64(cg, args[0]);
      case CX_CG_MATH_ATAN2: return atan2_d(&f, args[0], args[1], ATAN_F64, COUNT(ATAN_F64), true);
      default: return NULL;
    }
  }
  switch (fn) {
    case CX_CG_MATH_SIN:
    case CX_CG_MATH_COS:
    case CX_CG_MATH_TAN: return emit_trig_f32(cg, fn, args[0]);
    case CX_CG_MATH_ATAN2: return emit_atan2_f32(cg, args[0], args[1]);
    case CX_CG_MATH_POW: return emit_pow_f32(cg, args[0], args[1]);
    case CX_CG_MATH_CBRT: return emit_cbrt_f32(cg, args[0]);
    case CX_CG_MATH_ERF: return emit_erf_f32(cg, args[0]);
    default: return NULL;
  }
}

LLVMValueRef cx_cg_math_erf(cx_cg_t* cg, LLVMValueRef x) {
  return cx_cg_math(cg, CX_CG_MATH_ERF, &x);
}

static int arity(cx_cg_math_fn_t fn) { return fn == CX_CG_MATH_ATAN2 || fn == CX_CG_MATH_POW ? 2 : 1; }

cx_status_t cx_cg_emit_math_kernel(cx_cg_t* cg, cx_cg_math_fn_t fn, bool f64,
                                   cx_cg_kernel_info_t* out_info) {
  memset(out_info, 0, sizeof(*out_info));
  if ((int)fn < 0 || fn >= CX_CG_MATH_COUNT) return CX_ERROR(CX_INVALID_ARGUMENT, "no such function");
  static const char* const names[CX_CG_MATH_COUNT] = {
      "exp", "expm1", "log", "log1p", "tanh", "logistic", "erf",
      "sin", "cos",   "tan", "cbrt",  "rsqrt", "atan2", "pow"};
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = f64 ? cg->t_f64 : cg->t_f32;
  cx_cg_kernel_t k = {0};
  k.cg = cg;
  k.b = b;
  k.fn = LLVMAddFunction(cg->mod, names[fn], cg->t_kernel);
  LLVMSetLinkage(k.fn, LLVMInternalLinkage);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(cg->ctx, k.fn, "entry"));
  LLVMValueRef call = LLVMGetParam(k.fn, 0);
  LLVMValueRef buffers = LLVMBuildLoad2(b, cg->t_ptr, LLVMBuildStructGEP2(b, cg->t_call, call, 0, ""), "");
  LLVMValueRef begin = LLVMBuildLoad2(b, cg->t_i64, LLVMBuildStructGEP2(b, cg->t_call, call, 2, ""), "");
  LLVMValueRef end = LLVMBuildLoad2(b, cg->t_i64, LLVMBuildStructGEP2(b, cg->t_call, call, 3, ""), "");
  int n = arity(fn);
  LLVMValueRef ptrs[3];
  for (int i = 0; i <= n; i++) {
    LLVMValueRef slot = LLVMBuildGEP2(b, cg->t_ptr, buffers, (LLVMValueRef[]){cx_cg_i64(cg, i)}, 1, "");
    ptrs[i] = LLVMBuildLoad2(b, cg->t_ptr, slot, "");
  }
  cx_cg_loop_t loop;
  LLVMValueRef i = cx_cg_loop_begin(&k, &loop, begin, end, "i");
  LLVMValueRef args[2];
  for (int a = 0; a < n; a++)
    args[a] = LLVMBuildLoad2(b, t, LLVMBuildGEP2(b, t, ptrs[a], &i, 1, ""), "");
  LLVMValueRef r = cx_cg_math(cg, fn, args);
  if (!r) {
    LLVMDeleteFunction(k.fn);
    return CX_ERROR(CX_UNIMPLEMENTED, "%s has no vectorizable %s version", names[fn], f64 ? "f64" : "f32");
  }
  LLVMBuildStore(b, r, LLVMBuildGEP2(b, t, ptrs[n], &i, 1, ""));
  cx_cg_loop_end(&k, &loop);
  LLVMBuildRet(b, cx_cg_i32(cg, 0));
  CX_RETURN_IF_ERROR(cx_cg_add_kernel(cg, k.fn, names[fn], &out_info->index));
  out_info->grain = 4096;
  return NULL;
}
