// Dynamic ops whose shape operands are constants, rewritten as their static
// forms: real_dynamic_slice -> slice, dynamic_pad -> pad, dynamic_gather ->
// gather, dynamic_conv -> convolution. After shape refinement has folded the
// shape computations, this leaves the code generator ops whose every shape
// is an attribute.
#include <stdlib.h>
#include <string.h>

#include "ir/builder.h"
#include "passes/passes.h"
#include "support/scalar.h"

enum { CX_STATIC_MAX = 64 };

// The integer values of a constant rank-1 operand; false if not constant.
static bool const_list(const cx_value_t* v, int64_t* out, uint32_t* n) {
  const cx_attr_t* a = cx_value_constant_attr(v);
  if (!a || !cx_type_is_tensor(v->type) || !cx_tensor_has_static_shape(v->type)) return false;
  int64_t count = cx_tensor_num_elements(v->type);
  cx_elem_t e = cx_tensor_elem(v->type);
  const void* data;
  size_t nbytes;
  bool splat;
  if (count < 0 || count > CX_STATIC_MAX || !cx_elem_is_integer(e) ||
      !cx_attr_dense_data(a, &data, &nbytes, &splat))
    return false;
  size_t es = cx_elem_storage_size(e);
  for (int64_t i = 0; i < count; i++) out[i] = cx_load_int(e, (const char*)data + (splat ? 0 : (size_t)i * es));
  *n = (uint32_t)count;
  return true;
}

// Replaces `op` by a new op of `kind` with the first `num_operands`
// operands of `op`, its result types and attributes plus `extra`.
static cx_status_t replace_with(cx_module_t* m, cx_op_t* op, cx_op_kind_t kind, uint32_t num_operands,
                                uint32_t num_extra, const cx_named_attr_t* extra) {
  cx_named_attr_t attrs[32];
  uint32_t n = 0;
  for (uint32_t i = 0; i < op->num_attrs && n < 32; i++) attrs[n++] = op->attrs[i];
  for (uint32_t i = 0; i < num_extra && n < 32; i++) attrs[n++] = extra[i];
  const cx_type_t* types[8];
  if (op->num_results > 8) return NULL;
  for (uint32_t i = 0; i < op->num_results; i++) types[i] = cx_op_result(op, i)->type;
  cx_value_t* operands[8];
  if (num_operands > 8) return NULL;
  for (uint32_t i = 0; i < num_operands; i++) operands[i] = cx_op_operand(op, i);
  cx_op_state_t st = {0};
  st.kind = kind;
  st.loc = op->loc;
  st.num_operands = num_operands;
  st.operands = operands;
  st.num_results = op->num_results;
  st.result_types = types;
  st.num_attrs = n;
  st.attrs = attrs;
  st.num_regions = op->num_regions;
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, op);
  cx_op_t* nop;
  if (op->num_regions) {
    st.regions = op->regions;  // the blocks move into the new op
  }
  CX_RETURN_IF_ERROR(cx_build(&b, &st, &nop));
  for (uint32_t i = 0; i < op->num_results; i++)
    cx_value_replace_all_uses(cx_op_result(op, i), cx_op_result(nop, i));
  cx_op_erase(op);
  return NULL;
}

cx_status_t cx_make_static(cx_module_t* m, cx_op_t* op, bool* out_replaced) {
  *out_replaced = false;
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!cx_type_is_tensor(cx_op_result(op, i)->type) || !cx_tensor_has_static_shape(cx_op_result(op, i)->type))
      return NULL;
  cx_context_t* ctx = m->ctx;
  int64_t a[CX_STATIC_MAX], b[CX_STATIC_MAX], c[CX_STATIC_MAX];
  uint32_t na, nb, nc;
  switch (op->kind) {
    case CX_OP_REAL_DYNAMIC_SLICE: {
      if (!const_list(cx_op_operand(op, 1), a, &na) || !const_list(cx_op_operand(op, 2), b, &nb) ||
          !const_list(cx_op_operand(op, 3), c, &nc))
        return NULL;
      cx_named_attr_t extra[] = {{cx_name(ctx, CX_NAME_start_indices), cx_attr_i64_array(m, na, a)},
                                 {cx_name(ctx, CX_NAME_limit_indices), cx_attr_i64_array(m, nb, b)},
                                 {cx_name(ctx, CX_NAME_strides), cx_attr_i64_array(m, nc, c)}};
      if (!extra[0].value || !extra[1].value || !extra[2].value) return CX_OOM();
      CX_RETURN_IF_ERROR(replace_with(m, op, CX_OP_SLICE, 1, 3, extra));
      break;
    }
    case CX_OP_DYNAMIC_PAD: {
      if (!const_list(cx_op_operand(op, 2), a, &na) || !const_list(cx_op_operand(op, 3), b, &nb) ||
          !const_list(cx_op_operand(op, 4), c, &nc))
        return NULL;
      cx_named_attr_t extra[] = {{cx_name(ctx, CX_NAME_edge_padding_low), cx_attr_i64_array(m, na, a)},
                                 {cx_name(ctx, CX_NAME_edge_padding_high), cx_attr_i64_array(m, nb, b)},
                                 {cx_name(ctx, CX_NAME_interior_padding), cx_attr_i64_array(m, nc, c)}};
      if (!extra[0].value || !extra[1].value || !extra[2].value) return CX_OOM();
      CX_RETURN_IF_ERROR(replace_with(m, op, CX_OP_PAD, 2, 3, extra));
      break;
    }
    case CX_OP_DYNAMIC_GATHER: {
      if (!const_list(cx_op_operand(op, 2), a, &na)) return NULL;
      cx_named_attr_t extra[] = {{cx_name(ctx, CX_NAME_slice_sizes), cx_attr_i64_array(m, na, a)}};
      if (!extra[0].value) return CX_OOM();
      CX_RETURN_IF_ERROR(replace_with(m, op, CX_OP_GATHER, 2, 1, extra));
      break;
    }
    default: return NULL;
  }
  *out_replaced = true;
  return NULL;
}
