// The linear-algebra routines' inner loops (routine_linalg_inner.h) compiled
// for AVX512 (cmake/cxla_modules.cmake gives *_avx512.c its flags);
// routine_linalg.c calls them when the kernel context's ISA level allows.
#include "runtime/routine_linalg_inner.h"

void cx_rt_linalg_subtract_products_avx512(double* y, int64_t len, const double* x,
                                           int64_t x_stride, const double* coef,
                                           int64_t coef_stride, int64_t count) {
  cx_rt_linalg_subtract_products_body(y, len, x, x_stride, coef, coef_stride, count);
}

void cx_rt_linalg_update_tile_avx512(double* c, int64_t ldc, const double* a, const double* b,
                                     int64_t kc) {
  cx_rt_linalg_update_tile_body(c, ldc, a, b, kc);
}
