// CONV: convolution through the convolution kernels (runtime/routine_gemm.h,
// runtime/kernels/conv.h), with a constant kernel packed once.
#include <stdlib.h>

#include "runtime/const_release.h"
#include "runtime/routine_gemm.h"

static void tensor_at(const cx_rt_conv_tensor_param_t* p, void* base, cx_rt_conv_tensor_t* out) {
  out->type = (cx_rt_dtype_t)p->type;
  out->data = base ? (char*)base + p->offset * (int64_t)cx_rt_dtype_size(out->type) : NULL;
  out->n = p->n;
  out->c = p->c;
  out->n_stride = p->n_stride;
  out->c_stride = p->c_stride;
  for (int d = 0; d < CX_RT_CONV_MAX_SPATIAL; d++) {
    out->size[d] = p->size[d];
    out->stride[d] = p->stride[d];
  }
}

typedef struct packed_w {
  cx_rt_cached_t base;
  cx_rt_conv_packed_weights_t* packed;
} packed_w_t;

static void packed_w_destroy(cx_rt_cached_t* c) {
  packed_w_t* p = (packed_w_t*)c;
  cx_rt_conv_packed_weights_destroy(p->packed);
  cx_free(cx_allocator_system(), p);
}

typedef struct make_packed_w {
  cx_rt_kernel_ctx_t* kc;
  const cx_rt_conv_t* conv;
} make_packed_w_t;

static cx_status_t make_packed_w(void* arg, cx_rt_cached_t** out) {
  const make_packed_w_t* m = arg;
  packed_w_t* mine = cx_alloc(cx_allocator_system(), sizeof *mine);
  if (!mine) return CX_OOM();
  mine->base.destroy = packed_w_destroy;
  cx_status_t s = cx_rt_conv_prepack_weights(m->kc, m->conv, &mine->packed);
  if (s) {
    cx_free(cx_allocator_system(), mine);
    return s;
  }
  *out = &mine->base;
  return NULL;
}

// The kernel of the executable's cache `index`, packed by the first call.
static cx_status_t packed_w(const cx_rt_routine_ctx_t* ctx, cx_rt_kernel_ctx_t* kc,
                            const cx_rt_conv_t* conv, uint32_t index,
                            const cx_rt_conv_packed_weights_t** out) {
  make_packed_w_t m = {kc, conv};
  cx_rt_cached_t* have;
  CX_RETURN_IF_ERROR(cx_rt_routine_cache(ctx, index, make_packed_w, &m, &have));
  *out = ((packed_w_t*)have)->packed;
  return NULL;
}

cx_status_t cx_rt_routine_conv(const cx_rt_routine_ctx_t* ctx, const void* params,
                               void* const* buffers) {
  const cx_rt_conv_params_t* p = params;
  if (p->num_spatial < 0 || p->num_spatial > CX_RT_CONV_MAX_SPATIAL)
    return cx_rt_routine_error(ctx, CX_INTERNAL, "CONV: %d spatial dimensions",
                               (int)p->num_spatial);
  cx_rt_kernel_ctx_t* kc;
  CX_RETURN_IF_ERROR(cx_rt_routine_kernel_ctx(ctx, &kc));
  cx_rt_conv_t c = {0};
  c.num_spatial = p->num_spatial;
  tensor_at(&p->input, buffers[0], &c.input);
  tensor_at(&p->kernel, buffers[1], &c.kernel);
  tensor_at(&p->output, buffers[2], &c.output);
  for (int d = 0; d < CX_RT_CONV_MAX_SPATIAL; d++) {
    c.window_stride[d] = p->window_stride[d];
    c.pad_lo[d] = p->pad_lo[d];
    c.pad_hi[d] = p->pad_hi[d];
    c.lhs_dilation[d] = p->lhs_dilation[d];
    c.rhs_dilation[d] = p->rhs_dilation[d];
  }
  c.feature_group_count = p->feature_group_count;
  c.batch_group_count = p->batch_group_count;
  cx_rt_epilogue_t ep;
  CX_RETURN_IF_ERROR(
      cx_rt_routine_epilogue(ctx, "CONV", p->ep, p->num_ep, 3, buffers, &ep, &c.epilogue));
  if (ctx->pack_only) {
    const cx_rt_conv_packed_weights_t* pw = NULL;
    if (p->kernel_cache > 0 && (uint32_t)p->kernel_cache <= ctx->exe->num_caches)
      cx_status_free(packed_w(ctx, kc, &c, (uint32_t)p->kernel_cache - 1, &pw));
    return NULL;
  }
  cx_status_t s = NULL;
  if (p->kernel_cache > 0 && (uint32_t)p->kernel_cache <= ctx->exe->num_caches) {
    const cx_rt_conv_packed_weights_t* pw = NULL;
    s = packed_w(ctx, kc, &c, (uint32_t)p->kernel_cache - 1, &pw);
    if (!s) s = cx_rt_conv_prepacked(kc, &c, pw);
    if (s && cx_status_code(s) == CX_INVALID_ARGUMENT &&
        !cx_rt_const_release_released(ctx->exe, ctx->exe->bindings[ctx->step->first_binding + 1])) {
      // Packed for another kernel (a context at another ISA level): the call
      // packs the weights itself (if they are still there: const_release.h).
      cx_status_free(s);
      s = cx_rt_conv(kc, &c);
    }
  } else {
    s = cx_rt_conv(kc, &c);
  }
  if (!s) return NULL;
  cx_status_t r = cx_rt_routine_error(ctx, cx_status_code(s), "CONV: %s", cx_status_message(s));
  cx_status_free(s);
  return r;
}
