// GEMM: dot_general through the packed GEMM microkernels
// (runtime/routine_gemm.h, runtime/kernels/gemm.h), and the kernel context
// that the dense routines share within a call.
#include "runtime/routine_gemm.h"

#include "runtime/device.h"

cx_status_t cx_rt_routine_kernel_ctx(const cx_rt_routine_ctx_t* ctx,
                                     cx_rt_kernel_ctx_t** out_kernel_ctx) {
  *out_kernel_ctx = NULL;
  cx_rt_call_state_t* state = ctx->state;
  if (!state) return cx_rt_routine_error(ctx, CX_INTERNAL, "runs without a call state");
  cx_rt_thread_pool_t* pool = ctx->device ? ctx->device->pool : NULL;
  // A call state may serve calls on another device later: the context
  // borrows the pool it was made with, so it follows the device.
  if (state->kernel_ctx && cx_rt_kernel_ctx_pool(state->kernel_ctx) != pool) {
    cx_rt_kernel_ctx_destroy(state->kernel_ctx);
    state->kernel_ctx = NULL;
  }
  if (!state->kernel_ctx) CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_create(pool, &state->kernel_ctx));
  cx_rt_kernel_ctx_set_num_threads(state->kernel_ctx, ctx->max_threads);
  *out_kernel_ctx = state->kernel_ctx;
  return NULL;
}

static cx_rt_view_t view_at(int32_t type, void* base, int64_t offset, int64_t rs, int64_t cs,
                            int64_t bs) {
  cx_rt_view_t v;
  v.type = (cx_rt_dtype_t)type;
  v.data = base ? (char*)base + offset * (int64_t)cx_rt_dtype_size((cx_rt_dtype_t)type) : NULL;
  v.rs = rs;
  v.cs = cs;
  v.bs = bs;
  return v;
}

cx_status_t cx_rt_routine_gemm(const cx_rt_routine_ctx_t* ctx, const void* params,
                               void* const* buffers) {
  const cx_rt_gemm_params_t* p = params;
  if (p->batch == 0 || p->m == 0 || p->n == 0) return NULL;  // an empty result
  cx_rt_kernel_ctx_t* kc;
  CX_RETURN_IF_ERROR(cx_rt_routine_kernel_ctx(ctx, &kc));
  cx_rt_gemm_t g;
  g.batch = p->batch;
  g.m = p->m;
  g.n = p->n;
  g.k = p->k;
  g.a = view_at(p->a_type, buffers[0], p->a_offset, p->a_rs, p->a_cs, p->a_bs);
  g.b = view_at(p->b_type, buffers[1], p->b_offset, p->b_rs, p->b_cs, p->b_bs);
  g.c = view_at(p->c_type, buffers[2], 0, p->c_rs, p->c_cs, p->c_bs);
  g.epilogue = NULL;
  cx_status_t s = cx_rt_gemm(kc, &g);
  if (!s) return NULL;
  cx_status_t r = cx_rt_routine_error(ctx, cx_status_code(s), "GEMM: %s", cx_status_message(s));
  cx_status_free(s);
  return r;
}
