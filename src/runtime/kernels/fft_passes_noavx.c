// The AVX2 entry of the Stockham passes on other processors
// (cmake/cxla_modules.cmake compiles *_noavx.c only where *_avx2.c is not):
// fft.c never picks it there; it only keeps the link whole.
#include "runtime/kernels/fft_internal.h"

void cx_rt_fft_stockham_avx2(const cx_rt_fft_plan_t* p, bool inverse, cx_rt_fft_complex_t* line,
                             cx_rt_fft_complex_t* scratch) {
  cx_rt_fft_stockham_portable(p, inverse, line, scratch);
}
