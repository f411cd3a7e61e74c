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
  // Optional B packed once for all parts (all passes, all NR panels of the
  // full n); parts then skip packing B. See cx_gemm_plan_prepack_b.
  const char* bpre;
  size_t bpre_bs;    // bytes between the packed B of consecutive batches (0: shared)
  const char* apre;  // the same for A (panels of MR rows over all of m; batch 0 only)
  bool b_direct;     // f32 B with unit column stride read in place (small m)
  bool bpre_rows;    // small m with a prepacked f32 B: full panels go through the same
                     // R x 32 kernel, as rows 32 floats apart (no 12-row tiles for 8 rows)
} cx_gemm_plan_t;

// Validates g and fills the plan (the pointers in g must stay valid while the
// plan is used).
CX_MUST_USE cx_status_t cx_gemm_plan_init(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                          cx_gemm_plan_t* out_plan);
// The same, but never swaps A and B for a column-major C (callers that
// prepack an operand need it to stay where they put it).
CX_MUST_USE cx_status_t cx_gemm_plan_init_fixed(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                                cx_gemm_plan_t* out_plan);
// Runs a plan on the context's threads (the body of cx_rt_gemm); the plan's
// bpre, when set, supplies B.
CX_MUST_USE cx_status_t cx_gemm_plan_execute(cx_rt_kernel_ctx_t* ctx, cx_gemm_plan_t* plan);
// Reserves the scratch slots 0..2 for `threads` threads running parts of at
// most max_rows x max_cols.
CX_MUST_USE cx_status_t cx_gemm_plan_reserve(const cx_gemm_plan_t* p, cx_rt_kernel_ctx_t* ctx,
                                             int threads, int64_t max_rows, int64_t max_cols);
// Computes rows [i0, i1) x columns [j0, j1) of batch b on the calling thread,
// using thread `thread`'s scratch.
void cx_gemm_plan_run_part(const cx_gemm_plan_t* p, cx_rt_kernel_ctx_t* ctx, int thread,
                           int64_t b, int64_t i0, int64_t i1, int64_t j0, int64_t j1);

// Bytes needed to hold the whole of B (one batch) in packed form.
size_t cx_gemm_plan_prepack_b_bytes(const cx_gemm_plan_t* p);
// Packs B of batch b into dst (64-byte aligned) and points p->bpre at it.
void cx_gemm_plan_prepack_b(cx_gemm_plan_t* p, int64_t b, void* dst);

// Packs B (one matrix) into dst as cx_gemm_plan_prepack_b lays it out, on
// `threads` threads, giving back the whole pages of B's source as soon as no
// later part of the pack reads them (gemm_pack.c): B must be read by nothing
// else, now or later. False (nothing done) when B's layout has no order in
// which rows are finished early (interleaved strides).
bool cx_gemm_consume_b(cx_rt_kernel_ctx_t* ctx, const cx_gemm_plan_t* p, int threads, void* dst);

size_t cx_gemm_plan_prepack_a_bytes(const cx_gemm_plan_t* p);
void cx_gemm_plan_prepack_a(cx_gemm_plan_t* p, int64_t b, void* dst);

#endif  // CXLA_RUNTIME_KERNELS_GEMM_PLAN_H_
