// The Winograd transforms' entry points on other processors (see
// x86_kernels_noavx.c): the Winograd path needs AVX-512, so these are never
// reached there.
#include <assert.h>

#include "runtime/kernels/conv_internal.h"

void cx_wg_input_f32_avx512(const cx_wg_geom_t* g, const float* img, int64_t hs, int64_t ws,
                            int64_t y0, int64_t x0, int64_t C, float* v, int64_t vs) {
  (void)g, (void)img, (void)hs, (void)ws, (void)y0, (void)x0, (void)C, (void)v, (void)vs;
  assert(!"AVX-512 Winograd transform called without AVX-512");
}

void cx_wg_output_f32_avx512(const cx_wg_geom_t* g, const float* mt, int64_t ms, int64_t C,
                             float* out, int64_t ld_y, int64_t ld_x, int ny, int nx,
                             const cx_convd_ep_t* ep, int64_t ep_ld_y) {
  (void)g, (void)mt, (void)ms, (void)C, (void)out, (void)ld_y, (void)ld_x, (void)ny, (void)nx;
  (void)ep, (void)ep_ld_y;
  assert(!"AVX-512 Winograd transform called without AVX-512");
}
