// A validated, normalised GEMM ready to run: shared by gemm.c and conv.c,
// which runs GEMM parts on its own im2col blocks. Internal.
#ifndef CXLA_RUNTIME_KERNELS_GEMM_PLAN_H_
#define CXLA_RUNTIME_KERNELS_GEMM_PLAN_H_

#include "runtime/kernels/gemm_internal.h"

typedef struct cx_gemm_plan {
  cx_rt_gemm_t g;              // normalised: C has unit column stride where possible
  cx_rt_epilogue_t ep;         // copy (transposed along with C)
  const cx_rt_epilogue_t* ep_ptr;  // &ep or NULL
  const cx_gemm_kernel_t* kern;
  cx_rt_isa_t isa;
  bool direct;                 // accumulate straight into C
  int64_t passes, kc_step;     // K blocking
} cx_gemm_plan_t;

// Validates g and fills the plan (the pointers in g must stay valid while the
// plan is used).
CX_MUST_USE cx_status_t cx_gemm_plan_init(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                          cx_gemm_plan_t* out_plan);
// Reserves the scratch slots 0..2 for `threads` threads running parts of at
// most max_rows x max_cols.
CX_MUST_USE cx_status_t cx_gemm_plan_reserve(const cx_gemm_plan_t* p, cx_rt_kernel_ctx_t* ctx,
                                             int threads, int64_t max_rows, int64_t max_cols);
// Computes rows [i0, i1) x columns [j0, j1) of batch b on the calling thread,
// using thread `thread`'s scratch.
void cx_gemm_plan_run_part(const cx_gemm_plan_t* p, cx_rt_kernel_ctx_t* ctx, int thread,
                           int64_t b, int64_t i0, int64_t i1, int64_t j0, int64_t j1);

#endif  // CXLA_RUNTIME_KERNELS_GEMM_PLAN_H_
