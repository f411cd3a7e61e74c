// Complex arithmetic on cx_complex_t (support/scalar.h) in double, written
// out so that every user computes the same bits: the interpreter's linear
// algebra (interp/eval_linalg.c) and the compiled code's routines that must
// agree with it to the last bit (runtime/routine_linalg.c).
#ifndef CXLA_SUPPORT_COMPLEX_ARITH_H_
#define CXLA_SUPPORT_COMPLEX_ARITH_H_

#include <math.h>

#include "support/scalar.h"

static inline cx_complex_t cx_cplx_make(double re, double im) {
  cx_complex_t c = {re, im};
  return c;
}
static inline cx_complex_t cx_cplx_add(cx_complex_t a, cx_complex_t b) {
  return cx_cplx_make(a.re + b.re, a.im + b.im);
}
static inline cx_complex_t cx_cplx_sub(cx_complex_t a, cx_complex_t b) {
  return cx_cplx_make(a.re - b.re, a.im - b.im);
}
static inline cx_complex_t cx_cplx_mul(cx_complex_t a, cx_complex_t b) {
  return cx_cplx_make(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}
static inline cx_complex_t cx_cplx_conj(cx_complex_t a) { return cx_cplx_make(a.re, -a.im); }
// Division with Smith's scaling, which avoids spurious overflow.
static inline cx_complex_t cx_cplx_div(cx_complex_t a, cx_complex_t b) {
  if (b.im == 0) return cx_cplx_make(a.re / b.re, a.im / b.re);
  if (fabs(b.re) >= fabs(b.im)) {
    double r = b.im / b.re, d = b.re + b.im * r;
    return cx_cplx_make((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  double r = b.re / b.im, d = b.re * r + b.im;
  return cx_cplx_make((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}

#endif  // CXLA_SUPPORT_COMPLEX_ARITH_H_
