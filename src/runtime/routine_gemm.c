// GEMM: dot_general through the packed GEMM microkernels
// (runtime/routine_gemm.h, runtime/kernels/gemm.h), and the kernel context
// that the dense routines share within a call.
#include "runtime/routine_gemm.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/const_release.h"
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

typedef struct packed_b {
  cx_rt_cached_t base;
  cx_rt_gemm_packed_b_t* packed;
} packed_b_t;

static void packed_b_destroy(cx_rt_cached_t* c) {
  packed_b_t* p = (packed_b_t*)c;
  cx_rt_gemm_packed_b_destroy(p->packed);
  cx_free(cx_allocator_system(), p);
}

typedef struct make_packed_b {
  cx_rt_kernel_ctx_t* kc;
  const cx_rt_gemm_t* g;
  bool consume;  // B's pages may go as they are packed (const_release.h)
} make_packed_b_t;

static cx_status_t make_packed_b(void* arg, cx_rt_cached_t** out) {
  const make_packed_b_t* m = arg;
  packed_b_t* mine = cx_alloc(cx_allocator_system(), sizeof *mine);
  if (!mine) return CX_OOM();
  mine->base.destroy = packed_b_destroy;
  cx_status_t s = m->consume ? cx_rt_gemm_prepack_b_consume(m->kc, m->g, &mine->packed)
                             : cx_rt_gemm_prepack_b(m->kc, m->g, &mine->packed);
  if (s) {
    cx_free(cx_allocator_system(), mine);
    return s;
  }
  *out = &mine->base;
  return NULL;
}

// B of the executable's cache `index`, packed by the first call.
static cx_status_t packed_b(const cx_rt_routine_ctx_t* ctx, cx_rt_kernel_ctx_t* kc,
                            const cx_rt_gemm_t* g, uint32_t index, bool consume,
                            const cx_rt_gemm_packed_b_t** out) {
  make_packed_b_t m = {kc, g, consume};
  cx_rt_cached_t* have;
  CX_RETURN_IF_ERROR(cx_rt_routine_cache(ctx, index, make_packed_b, &m, &have));
  *out = ((packed_b_t*)have)->packed;
  return NULL;
}

cx_status_t cx_rt_routine_epilogue(const cx_rt_routine_ctx_t* ctx, const char* what,
                                   const cx_rt_gemm_ep_param_t* params, int32_t num_ep,
                                   uint32_t first_operand, void* const* buffers,
                                   cx_rt_epilogue_t* ep, const cx_rt_epilogue_t** out_ep) {
  *out_ep = NULL;
  if (num_ep <= 0) return NULL;
  if (num_ep > CX_RT_EP_MAX_OPS)
    return cx_rt_routine_error(ctx, CX_INTERNAL, "%s: an epilogue of %d ops", what, (int)num_ep);
  ep->num_ops = num_ep;
  for (int i = 0; i < num_ep; i++) {
    const cx_rt_gemm_ep_param_t* e = &params[i];
    cx_rt_ep_op_t* o = &ep->ops[i];
    o->kind = (cx_rt_ep_kind_t)e->kind;
    o->a = e->a;
    o->b = e->b;
    o->type = (cx_rt_dtype_t)e->type;
    o->data = NULL;
    o->rs = e->rs;
    o->cs = e->cs;
    o->bs = e->bs;
    if (cx_ep_has_operand((cx_rt_ep_kind_t)e->kind)) {
      if (e->binding < (int32_t)first_operand || (uint32_t)e->binding >= ctx->step->num_bindings)
        return cx_rt_routine_error(ctx, CX_INTERNAL, "%s: epilogue operand %d is not bound", what,
                                   i);
      o->data = (const char*)buffers[e->binding] +
                e->offset * (int64_t)cx_rt_dtype_size((cx_rt_dtype_t)e->type);
    }
  }
  *out_ep = ep;
  return NULL;
}

// One GEMM of the outer batch (all of it when outer = 1).
static cx_status_t run_gemm(const cx_rt_routine_ctx_t* ctx, cx_rt_kernel_ctx_t* kc,
                            const cx_rt_gemm_params_t* p, const cx_rt_gemm_t* g);

cx_status_t cx_rt_routine_gemm(const cx_rt_routine_ctx_t* ctx, const void* params,
                               void* const* buffers) {
  // The record as written: older ones end before the outer batch.
  cx_rt_gemm_params_t rec;
  size_t have = ctx->step ? ctx->step->call.params_size : sizeof rec;
  if (have < offsetof(cx_rt_gemm_params_t, outer))
    return cx_rt_routine_error(ctx, CX_INTERNAL, "GEMM: a parameter record of %zu bytes", have);
  memset(&rec, 0, sizeof rec);
  memcpy(&rec, params, have < sizeof rec ? have : sizeof rec);
  if (have < sizeof rec) rec.outer = 1;
  const cx_rt_gemm_params_t* p = &rec;
  if (p->outer <= 0 || p->batch == 0 || p->m == 0 || p->n == 0) return NULL;  // an empty result
  if (p->outer > 1 && p->b_cache > 0 && p->b_os != 0)
    return cx_rt_routine_error(ctx, CX_INTERNAL, "GEMM: a cached B that moves with the outer batch");
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
  cx_rt_epilogue_t ep;
  CX_RETURN_IF_ERROR(cx_rt_routine_epilogue(ctx, "GEMM", p->ep, p->num_ep, 3, buffers, &ep,
                                            &g.epilogue));
  if (p->outer == 1) return run_gemm(ctx, kc, p, &g);
  cx_rt_gemm_t go = g;
  cx_rt_epilogue_t epo = ep;
  if (g.epilogue) go.epilogue = &epo;
  for (int64_t o = 0; o < p->outer; o++) {
    go.a.data = (char*)g.a.data + o * p->a_os * (int64_t)cx_rt_dtype_size(g.a.type);
    go.b.data = (char*)g.b.data + o * p->b_os * (int64_t)cx_rt_dtype_size(g.b.type);
    go.c.data = (char*)g.c.data + o * p->c_os * (int64_t)cx_rt_dtype_size(g.c.type);
    for (int i = 0; g.epilogue && i < ep.num_ops; i++)
      if (ep.ops[i].data)
        epo.ops[i].data =
            (const char*)ep.ops[i].data + o * p->ep_os[i] * (int64_t)cx_rt_dtype_size(ep.ops[i].type);
    if (o + 1 < p->outer && !ctx->pack_only) {  // the next product's first operands
      cx_rt_gemm_t next = go;
      next.a.data = (char*)go.a.data + p->a_os * (int64_t)cx_rt_dtype_size(g.a.type);
      next.b.data = (char*)go.b.data + p->b_os * (int64_t)cx_rt_dtype_size(g.b.type);
      cx_rt_gemm_prefetch(&next, 0);
    }
    CX_RETURN_IF_ERROR(run_gemm(ctx, kc, p, &go));
    if (ctx->pack_only) break;  // B is the same for every o
  }
  return NULL;
}

static cx_status_t run_gemm(const cx_rt_routine_ctx_t* ctx, cx_rt_kernel_ctx_t* kc,
                            const cx_rt_gemm_params_t* p, const cx_rt_gemm_t* gp) {
  cx_rt_gemm_t g = *gp;
  if (ctx->pack_only) {  // the same operands as the step, so the same pack
    const cx_rt_gemm_packed_b_t* pb = NULL;
    if (p->b_cache > 0 && (uint32_t)p->b_cache <= ctx->exe->num_caches) {
      // The first call's packing is the only one under way (executor.c):
      // the last pack of a constant only packs read gives it back as it goes.
      uint32_t cache = (uint32_t)p->b_cache - 1;
      bool consume = cx_rt_const_release_claim(ctx->exe, cache);
      cx_status_t s = packed_b(ctx, kc, &g, cache, consume, &pb);
      if (s && consume) cx_rt_const_release_unclaim(ctx->exe, cache);  // B is intact
      cx_status_free(s);
    }
    return NULL;
  }
  cx_status_t s = NULL;
  if (p->b_cache > 0 && (uint32_t)p->b_cache <= ctx->exe->num_caches) {
    const cx_rt_gemm_packed_b_t* pb = NULL;
    s = packed_b(ctx, kc, &g, (uint32_t)p->b_cache - 1, false, &pb);
    if (!s) s = cx_rt_gemm_prepacked(kc, &g, pb);
    if (s && cx_status_code(s) != CX_OUT_OF_MEMORY &&
        !cx_rt_const_release_released(ctx->exe, ctx->exe->bindings[ctx->step->first_binding + 1])) {
      // Panels made for another kernel (a context at another ISA level):
      // the call packs B itself (if B is still there: const_release.h).
      cx_status_free(s);
      s = cx_rt_gemm(kc, &g);
    }
  } else {
    s = cx_rt_gemm(kc, &g);
  }
  if (!s) return NULL;
  cx_status_t r = cx_rt_routine_error(ctx, cx_status_code(s), "GEMM: %s", cx_status_message(s));
  cx_status_free(s);
  return r;
}
