// The Stockham passes (fft_passes_inner.h) compiled for AVX2
// (cmake/cxla_modules.cmake gives *_avx2.c its flags): a pair of complex
// numbers is one register. fft.c picks it when the CPU has AVX2.
#include "runtime/kernels/fft_passes_inner.h"

void cx_rt_fft_stockham_avx2(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* line,
                             cplx_t* scratch) {
  stockham_body(p, inverse, line, scratch);
}
