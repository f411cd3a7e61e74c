// The x86 variants of the linear-algebra routines' inner loops on other
// processors (cmake/cxla_modules.cmake compiles *_noavx.c only where the
// *_avx2.c and *_avx512.c files are not). routine_linalg.c selects them only
// when the kernel context's ISA level is AVX2 or AVX-512, which never
// happens off x86, so these only keep the link whole.
#include "runtime/routine_linalg_inner.h"

void cx_rt_linalg_subtract_products_avx2(double* y, int64_t len, const double* x, int64_t x_stride,
                                         const double* coef, int64_t coef_stride, int64_t count) {
  cx_rt_linalg_subtract_products_portable(y, len, x, x_stride, coef, coef_stride, count);
}

void cx_rt_linalg_subtract_products_avx512(double* y, int64_t len, const double* x,
                                           int64_t x_stride, const double* coef,
                                           int64_t coef_stride, int64_t count) {
  cx_rt_linalg_subtract_products_portable(y, len, x, x_stride, coef, coef_stride, count);
}

void cx_rt_linalg_update_tile_avx2(double* c, int64_t ldc, const double* a, const double* b,
                                   int64_t kc) {
  cx_rt_linalg_update_tile_portable(c, ldc, a, b, kc);
}

void cx_rt_linalg_update_tile_avx512(double* c, int64_t ldc, const double* a, const double* b,
                                     int64_t kc) {
  cx_rt_linalg_update_tile_portable(c, ldc, a, b, kc);
}
