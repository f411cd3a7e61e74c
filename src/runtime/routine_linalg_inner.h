// The inner loop of the linear-algebra routines (routine_linalg.c), compiled
// once per ISA level: routine_linalg.c (portable), routine_linalg_avx2.c and
// routine_linalg_avx512.c include this file and export it under their name.
// Internal to src/runtime.
//
// y[e] -= coef_q * x_q[e] for e < len, for q = 0, 1, ..., count - 1 in that
// order (each element sees the interpreter's sequence of roundings), where
// x_q = x + q * x_stride and coef_q = coef[q * coef_stride]. Four products
// per pass over y, subtracted one after another, quarter y's loads and
// stores, which otherwise bound the loop. Each product is rounded before it
// is subtracted, as in the interpreter: the files are compiled in ISO C mode
// (GCC: -ffp-contract=off), and clang is told the same, so no multiply-add is
// fused even where the ISA has FMA.
#ifndef CXLA_RUNTIME_ROUTINE_LINALG_INNER_H_
#define CXLA_RUNTIME_ROUTINE_LINALG_INNER_H_

#include <stdint.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

static inline void cx_rt_linalg_subtract_products_body(double* restrict y, int64_t len,
                                                       const double* restrict x, int64_t x_stride,
                                                       const double* restrict coef,
                                                       int64_t coef_stride, int64_t count) {
  int64_t q = 0;
  for (; q + 4 <= count; q += 4) {
    const double* restrict x0 = x + q * x_stride;
    const double* restrict x1 = x0 + x_stride;
    const double* restrict x2 = x1 + x_stride;
    const double* restrict x3 = x2 + x_stride;
    double c0 = coef[q * coef_stride], c1 = coef[(q + 1) * coef_stride];
    double c2 = coef[(q + 2) * coef_stride], c3 = coef[(q + 3) * coef_stride];
    for (int64_t e = 0; e < len; e++) {
      double v = y[e] - c0 * x0[e];
      v = v - c1 * x1[e];
      v = v - c2 * x2[e];
      y[e] = v - c3 * x3[e];
    }
  }
  for (; q < count; q++) {
    const double* restrict xq = x + q * x_stride;
    double c = coef[q * coef_stride];
    for (int64_t e = 0; e < len; e++) y[e] -= c * xq[e];
  }
}

// The exported variants (one per ISA level; the _noavx file stands in for
// the x86 ones elsewhere, never selected there).
typedef void (*cx_rt_linalg_subtract_products_fn)(double* y, int64_t len, const double* x,
                                                  int64_t x_stride, const double* coef,
                                                  int64_t coef_stride, int64_t count);
void cx_rt_linalg_subtract_products_portable(double* y, int64_t len, const double* x,
                                             int64_t x_stride, const double* coef,
                                             int64_t coef_stride, int64_t count);
void cx_rt_linalg_subtract_products_avx2(double* y, int64_t len, const double* x, int64_t x_stride,
                                         const double* coef, int64_t coef_stride, int64_t count);
void cx_rt_linalg_subtract_products_avx512(double* y, int64_t len, const double* x,
                                           int64_t x_stride, const double* coef,
                                           int64_t coef_stride, int64_t count);

#endif  // CXLA_RUNTIME_ROUTINE_LINALG_INNER_H_
