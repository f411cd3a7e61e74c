// Lowering convolutions: a `convolution` whose element types the kernels
// take (those of the GEMM: f32, f64, bf16, f16 and i8 inputs) becomes a CONV
// routine call (runtime/routine_gemm.h) that runs cx_rt_conv
// (runtime/kernels/conv.h): 1x1 convolutions as one GEMM, direct AVX-512
// kernels, depthwise, im2col blocks into the GEMM microkernel.
//
// The kernels take every window (strides, padding, lhs and rhs dilation,
// feature and batch groups) and any dimension numbers: each operand is
// described by the strides of its batch-like, feature and spatial dims, so
// NHWC/HWIO, NCHW/OIHW or any other layout, an operand that is a transposed
// or reshaped view of another value (epilogue.h) and a reversed window (a
// negative kernel stride) cost no copy. The output's spatial dims must lie
// next to each other in memory (the kernels flatten them into one pixel
// axis); a convolution whose result does not is a loop kernel, as are those
// of other element types (integers but i8, complex, f8, mixed operand
// types), with an empty dimension, dynamic_conv, and quantized ones.
//
// A constant kernel (or a view of one) is packed once for the kernels by the
// routine's first call and kept with the executable. The elementwise ops
// that consume an f32 result (batch norm's per-channel subtract, scale and
// shift, ReLU, a residual add; epilogue.h) run as the call's epilogue.
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_dot_conv.h"
#include "compiler/lower_dense.h"
#include "runtime/routine_gemm.h"
#include "runtime/routines.h"

// Below this many multiply-adds a loop kernel is faster: the routine's
// fixed cost (kernel context, plan, dispatch) is about 1.7 us, and the loop
// runs about 2.8 multiply-adds per ns (measured with cxla bench, 1 thread: a
// 360 multiply-add convolution takes 0.22 us as a loop and 1.9 us as a
// call; a 147k one 52 us and 5.7 us).
enum { kMinRoutineMacs = 4096 };

static bool static_tensor(const cx_value_t* v) {
  return cx_type_is_tensor(v->type) && cx_tensor_has_static_shape(v->type) &&
         !cx_tensor_is_quantized(v->type);
}

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }

static void row_major_strides(uint32_t rank, const int64_t* dims, int64_t* out) {
  int64_t s = 1;
  for (uint32_t d = rank; d > 0; d--) {
    out[d - 1] = s;
    s *= dims[d - 1] ? dims[d - 1] : 1;
  }
}

// The stride of one output pixel in a tensor whose spatial dims (sizes
// `size`) have strides `st`, the pixels flattened in the order of the
// output's strides `ost` (largest first, as the kernels flatten them);
// false if that tensor's spatial dims do not fold into one stride.
static bool pixel_stride(uint32_t ns, const int64_t* size, const int64_t* ost, const int64_t* st,
                         int64_t* out) {
  uint32_t order[CX_RT_CONV_MAX_SPATIAL], n = 0;
  for (uint32_t d = 0; d < ns; d++) {
    if (size[d] <= 1) continue;
    uint32_t j = n++;
    for (; j > 0 && ost[order[j - 1]] < ost[d]; j--) order[j] = order[j - 1];
    order[j] = d;
  }
  *out = n ? st[order[n - 1]] : 0;
  for (uint32_t k = n - 1; n && k > 0; k--)
    if (st[order[k - 1]] != st[order[k]] * size[order[k]]) return false;
  return true;
}

// The convolution's decoded window and the kernels' types; false if the
// CONV routine does not take it (a loop kernel does).
static bool conv_takes(cx_context_t* ctx, const cx_op_t* op, cx_conv_spec_t* s,
                       cx_rt_dtype_t* in_type, cx_rt_dtype_t* out_type) {
  if (op->kind != CX_OP_CONVOLUTION || op->num_operands != 2 || op->num_results != 1) return false;
  const cx_value_t* v[3] = {cx_op_operand((cx_op_t*)op, 0), cx_op_operand((cx_op_t*)op, 1),
                            &op->results[0]};
  for (int t = 0; t < 3; t++) {
    if (!static_tensor(v[t])) return false;
    for (uint32_t d = 0; d < rank_of(v[t]); d++)
      if (dims_of(v[t])[d] == 0) return false;  // nothing to compute, or zeros: the loop
  }
  if (!cx_conv_spec_read(ctx, op, s) || s->ns > CX_RT_CONV_MAX_SPATIAL ||
      rank_of(v[0]) != s->ns + 2 || rank_of(v[1]) != s->ns + 2 || rank_of(v[2]) != s->ns + 2)
    return false;
  if (!cx_lower_dense_types(cx_tensor_elem(v[0]->type), cx_tensor_elem(v[1]->type),
                            cx_tensor_elem(v[2]->type), in_type, out_type))
    return false;
  // Multiply-adds: output elements x (input features per group x taps).
  int64_t macs = cx_tensor_num_elements(v[2]->type) * dims_of(v[1])[s->k_in];
  for (uint32_t d = 0; d < s->ns; d++) macs *= dims_of(v[1])[s->k_sp[d]];
  if (macs < kMinRoutineMacs) return false;
  // The result's pixels must flatten in its row-major layout.
  int64_t ost[CX_MAX_RANK], size[CX_RT_CONV_MAX_SPATIAL], st[CX_RT_CONV_MAX_SPATIAL], ps;
  row_major_strides(rank_of(v[2]), dims_of(v[2]), ost);
  for (uint32_t d = 0; d < s->ns; d++) {
    size[d] = dims_of(v[2])[s->out_sp[d]];
    st[d] = ost[s->out_sp[d]];
  }
  return pixel_stride(s->ns, size, st, st, &ps);
}

bool cx_lower_conv_takes_routine(cx_context_t* ctx, const cx_op_t* op) {
  cx_conv_spec_t s;
  cx_rt_dtype_t in_type, out_type;
  return conv_takes(ctx, op, &s, &in_type, &out_type);
}

bool cx_lower_conv_takes_epilogue(cx_context_t* ctx, const cx_op_t* op) {
  cx_conv_spec_t s;
  cx_rt_dtype_t in_type, out_type;
  return conv_takes(ctx, op, &s, &in_type, &out_type) && out_type == CX_RT_F32;
}

// The kernels' description of tensor v read with strides st (per dim of v):
// dims n_dim, c_dim and sp[0..ns) are its batch-like, feature and spatial
// dims; reversed spatial dims (the kernel's window_reversal) are read from
// their end.
static void tensor_param(const cx_value_t* v, const int64_t* st, cx_rt_dtype_t type,
                         int64_t n_dim, int64_t c_dim, const int64_t* sp, uint32_t ns,
                         const bool* reverse, cx_rt_conv_tensor_param_t* out) {
  memset(out, 0, sizeof(*out));
  const int64_t* dims = dims_of(v);
  out->type = (int32_t)type;
  out->n = dims[n_dim];
  out->c = dims[c_dim];
  out->n_stride = st[n_dim];
  out->c_stride = st[c_dim];
  for (uint32_t d = 0; d < ns; d++) {
    out->size[d] = dims[sp[d]];
    out->stride[d] = st[sp[d]];
    if (reverse && reverse[d]) {
      out->offset += (out->size[d] - 1) * out->stride[d];
      out->stride[d] = -out->stride[d];
    }
  }
}

// An operand without a buffer of its own is a view (epilogue.h).
static bool has_no_buffer(void* lw, const cx_op_t* op) {
  return !cx_lower_has_slot(lw, &op->results[0]);
}

// The value whose buffer holds operand v and v's strides in it.
static const cx_value_t* operand_base(cx_lower_t* lw, const cx_value_t* v, int64_t* st) {
  const cx_value_t* base;
  if (cx_operand_view(lw->ctx, v, has_no_buffer, lw, &base, st)) return base;
  row_major_strides(rank_of(v), dims_of(v), st);
  return v;
}

// Emits the CONV call; with an epilogue, writing the epilogue's end through
// ep->out_strides. *done is false, with nothing emitted, if that layout or
// an epilogue operand does not fold into the kernels' strides.
static cx_status_t lower_conv_call(cx_lower_t* lw, uint32_t program, const cx_op_t* op,
                                   const cx_epilogue_t* ep, bool* done) {
  *done = false;
  cx_conv_spec_t s;
  cx_rt_dtype_t in_type, out_type;
  if (!conv_takes(lw->ctx, op, &s, &in_type, &out_type)) return NULL;
  if (ep && out_type != CX_RT_F32) return NULL;
  const cx_value_t* out = &op->results[0];
  cx_rt_conv_params_t p;
  memset(&p, 0, sizeof(p));
  p.num_spatial = (int32_t)s.ns;
  int64_t ost[CX_MAX_RANK];
  if (ep) memcpy(ost, ep->out_strides, sizeof(ost));
  else row_major_strides(rank_of(out), dims_of(out), ost);
  // Pixel strides of the output (its layout) and of each epilogue operand.
  int64_t osize[CX_RT_CONV_MAX_SPATIAL], ospst[CX_RT_CONV_MAX_SPATIAL], ps;
  for (uint32_t d = 0; d < s.ns; d++) {
    osize[d] = dims_of(out)[s.out_sp[d]];
    ospst[d] = ost[s.out_sp[d]];
  }
  if (!pixel_stride(s.ns, osize, ospst, ospst, &ps)) return NULL;
  uint32_t ep_bind[CX_RT_EP_MAX_OPS], num_ep_bind = 0;
  if (ep) {
    for (uint32_t i = 0; i < ep->num_steps; i++) {
      const cx_ep_step_t* es = &ep->steps[i];
      cx_rt_gemm_ep_param_t* e = &p.ep[i];
      e->kind = (int32_t)es->kind;
      e->a = es->a;
      e->b = es->b;
      if (!cx_ep_has_operand(es->kind)) continue;
      e->type = CX_RT_F32;
      if (es->operand) {
        int64_t st[CX_RT_CONV_MAX_SPATIAL];
        for (uint32_t d = 0; d < s.ns; d++) st[d] = es->strides[s.out_sp[d]];
        if (!pixel_stride(s.ns, osize, ospst, st, &e->rs)) return NULL;
        e->bs = es->strides[s.out_batch];
        e->cs = es->strides[s.out_feature];
      }
    }
    for (uint32_t i = 0; i < ep->num_steps; i++) {
      const cx_ep_step_t* es = &ep->steps[i];
      if (!cx_ep_has_operand(es->kind)) continue;
      p.ep[i].binding = (int32_t)(3 + num_ep_bind);
      if (es->operand) {
        CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, es->operand, &ep_bind[num_ep_bind]));
      } else {
        float v = es->a;  // an added splat: one element read with zero strides
        ep_bind[num_ep_bind] = cx_xb_constant(&lw->xb, &v, sizeof v, false, sizeof v);
      }
      num_ep_bind++;
    }
    p.num_ep = (int32_t)ep->num_steps;
  }
  // Operands, read through the views they are.
  const cx_value_t* in = cx_op_operand((cx_op_t*)op, 0);
  const cx_value_t* k = cx_op_operand((cx_op_t*)op, 1);
  int64_t ist[CX_MAX_RANK], kst[CX_MAX_RANK];
  const cx_value_t* in_base = operand_base(lw, in, ist);
  const cx_value_t* k_base = operand_base(lw, k, kst);
  tensor_param(in, ist, in_type, s.in_batch, s.in_feature, s.in_sp, s.ns, NULL, &p.input);
  tensor_param(k, kst, in_type, s.k_in, s.k_out, s.k_sp, s.ns, s.reverse, &p.kernel);
  tensor_param(out, ost, out_type, s.out_batch, s.out_feature, s.out_sp, s.ns, NULL, &p.output);
  for (uint32_t d = 0; d < s.ns; d++) {
    p.window_stride[d] = s.stride[d];
    p.pad_lo[d] = s.pad_lo[d];
    p.pad_hi[d] = s.pad_hi[d];
    p.lhs_dilation[d] = s.lhs_dil[d];
    p.rhs_dilation[d] = s.rhs_dil[d];
  }
  p.feature_group_count = s.feature_groups;
  p.batch_group_count = s.batch_groups;
  uint32_t bind[3 + CX_RT_EP_MAX_OPS];
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, in_base, &bind[0]));
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, k_base, &bind[1]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, ep ? &ep->end->results[0] : out, &bind[2]));
  memcpy(bind + 3, ep_bind, num_ep_bind * sizeof(uint32_t));
  // A residual laid out as the output (element for element) may give the
  // output its memory when this is its last use: the output is then written
  // over lines the epilogue has just read, not to memory that must first be
  // fetched. Not the input or kernel's buffer: other tiles still read those.
  if (ep) {
    uint32_t next = 0;
    for (uint32_t i = 0; i < ep->num_steps; i++) {
      if (!cx_ep_has_operand(ep->steps[i].kind)) continue;
      uint32_t slot = ep_bind[next++];
      const cx_rt_gemm_ep_param_t* e = &p.ep[i];
      bool one_image = dims_of(out)[s.out_batch] == 1;  // its batch stride is never used
      if (ep->steps[i].operand && e->rs == ps && e->cs == ost[s.out_feature] &&
          (one_image || e->bs == ost[s.out_batch]) && slot != bind[0] && slot != bind[1])
        cx_xb_reuse(&lw->xb, bind[2], slot);
    }
  }
  // A constant kernel is packed once, by the first call.
  if (bind[1] < lw->xb.slots.len && lw->xb.slots.data[bind[1]].kind == CX_RT_SLOT_CONST)
    p.kernel_cache = (int32_t)cx_xb_cache(&lw->xb) + 1;
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_CALL;
  cx_lower_where(lw, op, &st);
  if (ep) cx_lower_epilogue_ops(lw, ep, &st);
  st.call.routine = CX_RT_ROUTINE_CONV;
  st.call.params = cx_xb_params(&lw->xb, &p, sizeof(p));
  st.call.params_size = sizeof(p);
  cx_xb_step(&lw->xb, program, &st, bind, 3 + num_ep_bind);
  *done = true;
  return NULL;
}

cx_status_t cx_lower_conv(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  bool done;
  CX_RETURN_IF_ERROR(lower_conv_call(lw, program, op, NULL, &done));
  return done ? NULL : cx_lower_loop_kernel(lw, program, op);
}

cx_status_t cx_lower_conv_epilogue(cx_lower_t* lw, uint32_t program, const cx_epilogue_t* ep,
                                   bool* out_done) {
  return lower_conv_call(lw, program, ep->dot, ep, out_done);
}
