// The Winograd transforms' entry points on other processors (see
// x86_kernels_noavx.c): the Winograd path needs AVX-512, so these are never
// reached there.
#include <assert.h>

#include "runtime/kernels/conv_internal.h"

void cx_wg_input_f32_avx512(int m, const float* img, int64_t hs, int64_t ws, int64_t IH,
                            int64_t IW, int64_t y0, int64_t x0, int64_t C, float* v, int64_t vs) {
  (void)m, (void)img, (void)hs, (void)ws, (void)IH, (void)IW, (void)y0, (void)x0, (void)C;
  (void)v, (void)vs;
  assert(!"AVX-512 Winograd transform called without AVX-512");
}

void cx_wg_output_f32_avx512(int m, const float* mt, int64_t ms, int64_t C, float* out,
                             int64_t ld_y, int64_t ld_x, int ny, int nx, const cx_convd_ep_t* ep,
                             int64_t ep_ld_y) {
  (void)m, (void)mt, (void)ms, (void)C, (void)out, (void)ld_y, (void)ld_x, (void)ny, (void)nx;
  (void)ep, (void)ep_ld_y;
  assert(!"AVX-512 Winograd transform called without AVX-512");
}
