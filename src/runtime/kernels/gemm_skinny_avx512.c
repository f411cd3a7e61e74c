// Placeholder until the skinny path lands: the packed path handles all M.
#include "runtime/kernels/gemm_internal.h"

bool cx_gemm_skinny_avx512(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g) {
  (void)ctx;
  (void)g;
  return false;
}
