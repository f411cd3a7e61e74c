// The Stockham passes (fft_passes_inner.h) in portable C (SSE2 on x86-64).
#include "runtime/kernels/fft_passes_inner.h"

void cx_rt_fft_stockham_portable(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* line,
                                 cplx_t* scratch) {
  stockham_body(p, inverse, line, scratch);
}
