// decompose_quant.c: contractions on quantized tensors become the spec's
// dequantize-op-quantize in plain StableHLO (as StableHLO's quant-to-math
// legalization does for the ops it covers), so the code generator only
// meets float contractions and the quantize/dequantize conversions it
// already emits:
//
//   %r = stablehlo.dot_general %a, %b : (tensor<..x!quant.uniform<i8:f32, s>>, ...)
//                                        -> tensor<..x!quant.uniform<i8:f32, t>>
// becomes
//   %fa = stablehlo.uniform_dequantize %a : (...) -> tensor<..xf32>
//   %fb = stablehlo.uniform_dequantize %b ...
//   %fr = stablehlo.dot_general %fa, %fb : (...) -> tensor<..xf32>
//   %r  = stablehlo.uniform_quantize %fr : (tensor<..xf32>) -> tensor<..x!quant.uniform<...>>
//
// This is exactly how the interpreter defines these ops (interp/quant.h):
// the same steps in the expressed type.
#include <string.h>

#include "ir/builder.h"
#include "ir/walk.h"
#include "passes/passes.h"

static bool is_contraction(cx_op_kind_t k) {
  return k == CX_OP_DOT_GENERAL || k == CX_OP_DOT || k == CX_OP_CONVOLUTION ||
         k == CX_OP_DYNAMIC_CONV || k == CX_OP_EINSUM || k == CX_OP_UNARY_EINSUM;
}

static bool quantized(const cx_type_t* t) { return cx_type_is_tensor(t) && cx_tensor_is_quantized(t); }

// The same tensor type with the quant element type's expressed type.
static const cx_type_t* expressed(cx_context_t* ctx, const cx_type_t* t) {
  return cx_tensor_with_element(ctx, t, cx_type_expressed(cx_tensor_element(t)));
}

static cx_status_t decompose(cx_module_t* m, cx_op_t* op) {
  enum { kMax = 8 };
  if (op->num_operands > kMax || op->num_results > kMax || op->num_regions) {
    char loc[256];
    cx_loc_format(op->loc, loc, sizeof loc);
    return cx_status_with_location(
        CX_ERROR(CX_UNIMPLEMENTED, "'%s' op on quantized types has an unexpected form", op->name), loc);
  }
  cx_context_t* ctx = m->ctx;
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, op);
  b.loc = op->loc;
  cx_value_t* operands[kMax];
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    operands[i] = v;
    if (!quantized(v->type)) continue;
    const cx_type_t* ft = expressed(ctx, v->type);
    if (!ft) return CX_OOM();
    CX_RETURN_IF_ERROR(
        cx_build_value(&b, CX_OP_UNIFORM_DEQUANTIZE, 1, &v, ft, 0, NULL, &operands[i]));
  }
  const cx_type_t* result_types[kMax];
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t* t = cx_op_result(op, i)->type;
    result_types[i] = quantized(t) ? expressed(ctx, t) : t;
    if (!result_types[i]) return CX_OOM();
  }
  cx_op_state_t st = {0};
  st.kind = op->kind;
  st.name = op->name;
  st.loc = op->loc;
  st.num_operands = op->num_operands;
  st.operands = operands;
  st.num_results = op->num_results;
  st.result_types = result_types;
  st.num_attrs = op->num_attrs;
  st.attrs = op->attrs;
  cx_op_t* float_op;
  CX_RETURN_IF_ERROR(cx_build(&b, &st, &float_op));
  for (uint32_t i = 0; i < op->num_results; i++) {
    cx_value_t* r = cx_op_result(float_op, i);
    cx_value_t* q = r;
    const cx_type_t* t = cx_op_result(op, i)->type;
    if (quantized(t))
      CX_RETURN_IF_ERROR(cx_build_value(&b, CX_OP_UNIFORM_QUANTIZE, 1, &r, t, 0, NULL, &q));
    cx_value_replace_all_uses(cx_op_result(op, i), q);
  }
  cx_op_erase(op);
  return NULL;
}

typedef struct quant_walk {
  cx_module_t* m;
  cx_status_t status;
} quant_walk_t;

static cx_walk_result_t visit(cx_op_t* op, void* arg) {
  quant_walk_t* w = arg;
  if (!is_contraction(op->kind)) return CX_WALK_ADVANCE;
  bool any = false;
  for (uint32_t i = 0; i < op->num_operands && !any; i++) any = quantized(cx_op_operand(op, i)->type);
  for (uint32_t i = 0; i < op->num_results && !any; i++) any = quantized(cx_op_result(op, i)->type);
  if (!any) return CX_WALK_ADVANCE;
  w->status = decompose(w->m, op);
  return w->status ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_status_t cx_pass_decompose_quant(cx_module_t* module, cx_op_t* func) {
  // Post-order, which allows erasing the visited op.
  quant_walk_t w = {module, NULL};
  cx_walk_op(func, CX_WALK_POST_ORDER, visit, &w);
  return w.status;
}
