// The inner loops of the linear-algebra routines (routine_linalg.c), compiled
// once per ISA level: routine_linalg.c (portable), routine_linalg_avx2.c and
// routine_linalg_avx512.c include this file and export them under their names.
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
#include <string.h>

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

// The tile of cholesky's block update (routine_linalg.c): for an MR x NR
// tile C (column-major, column q at c + q * ldc),
//   C[r][q] -= a_k[r] * b_k[q] for k = 0, 1, ..., kc - 1 in that order,
// where a_k = a + k * MR and b_k = b + k * NR are packed panels. C stays in
// registers across the k loop: a double in a register is the double that
// would be stored, so every element still sees one rounded product
// subtracted at a time, in increasing k, as in the interpreter; only the
// number of loads and stores changes. 2 x 4 vectors of 4 doubles hold the
// tile (8 of the 16 AVX2 registers), so the compiler spills nothing.
enum { CX_RT_LINALG_MR = 8, CX_RT_LINALG_NR = 4 };
typedef double cx_rt_linalg_v4 __attribute__((vector_size(4 * sizeof(double))));

// Vectors go through memcpy (unaligned: C's columns start anywhere) and
// never through a function's arguments or result, whose ABI would differ
// between the ISA levels.
static inline void cx_rt_linalg_update_tile_body(double* restrict c, int64_t ldc,
                                                 const double* restrict a, const double* restrict b,
                                                 int64_t kc) {
  cx_rt_linalg_v4 t[CX_RT_LINALG_NR][2];
  for (int q = 0; q < CX_RT_LINALG_NR; q++) {
    memcpy(&t[q][0], c + q * ldc, sizeof t[q][0]);
    memcpy(&t[q][1], c + q * ldc + 4, sizeof t[q][1]);
  }
  for (int64_t k = 0; k < kc; k++) {
    cx_rt_linalg_v4 a0, a1;
    memcpy(&a0, a, sizeof a0);
    memcpy(&a1, a + 4, sizeof a1);
    for (int q = 0; q < CX_RT_LINALG_NR; q++) {
      cx_rt_linalg_v4 bq = {b[q], b[q], b[q], b[q]};
      t[q][0] = t[q][0] - a0 * bq;
      t[q][1] = t[q][1] - a1 * bq;
    }
    a += CX_RT_LINALG_MR;
    b += CX_RT_LINALG_NR;
  }
  for (int q = 0; q < CX_RT_LINALG_NR; q++) {
    memcpy(c + q * ldc, &t[q][0], sizeof t[q][0]);
    memcpy(c + q * ldc + 4, &t[q][1], sizeof t[q][1]);
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

typedef void (*cx_rt_linalg_update_tile_fn)(double* c, int64_t ldc, const double* a,
                                            const double* b, int64_t kc);
void cx_rt_linalg_update_tile_portable(double* c, int64_t ldc, const double* a, const double* b,
                                       int64_t kc);
void cx_rt_linalg_update_tile_avx2(double* c, int64_t ldc, const double* a, const double* b,
                                   int64_t kc);
void cx_rt_linalg_update_tile_avx512(double* c, int64_t ldc, const double* a, const double* b,
                                     int64_t kc);

#endif  // CXLA_RUNTIME_ROUTINE_LINALG_INNER_H_
