// Shape functions of the conversions: convert, bitcast_convert,
// reduce_precision, uniform_quantize, uniform_dequantize (spec sections of
// the same names). Each keeps the operand's shape, except bitcast_convert,
// whose shape follows from the result element type it is given.
#include "ir/infer_util.h"

// The operand's shape with another element type (`none`: the op's choice).
static cx_status_t result_like(cx_infer_state_t* s, const cx_type_t* x, const cx_type_t* elem) {
  const cx_type_t* y = elem ? cx_tensor_with_element(s->ctx, x, elem) : NULL;
  if (!y) return CX_OOM();
  return cx_i_result(s, y);
}

// bitcast_convert_c1: the result element type is the op's; with the op at
// hand, its width against the operand's gives the shape: the operand's, one
// more dimension of (operand bits / result bits), or one fewer (the last,
// which must be result bits / operand bits). Shape refinement relies on it
// to give a result the static shape its operand got. Without the op, or
// when the widths do not fit (the verifier reports it), the result is given.
static cx_status_t infer_bitcast(cx_infer_state_t* s, const cx_type_t* x) {
  const cx_op_t* op = s->in->op;
  if (!op || op->num_results != 1 || !cx_type_is_tensor(op->results[0].type))
    return cx_i_results_given(s, 1);
  const cx_type_t* elem = op->results[0].type->tensor.element;
  int eb = cx_v_bits(x->tensor.element), rb = cx_v_bits(elem);
  uint32_t r = x->tensor.rank;
  int64_t dims[CX_MAX_RANK + 1];
  if (rb <= 0 || r + 1 > CX_MAX_RANK) return cx_i_results_given(s, 1);
  for (uint32_t i = 0; i < r; i++) dims[i] = x->tensor.dims[i];
  if (rb < eb && eb % rb == 0) {
    dims[r++] = eb / rb;
  } else if (rb > eb && rb % eb == 0 && r >= 1 && x->tensor.dims[r - 1] == rb / eb) {
    r--;
  } else if (rb != eb) {
    return cx_i_results_given(s, 1);
  }
  return cx_i_result_tensor(s, elem, r, dims, NULL);
}

cx_status_t cx_infer_convert(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  switch (s->kind) {
    case CX_OP_CONVERT:
      // The spec types both sides as (non-quantized) tensors: quantization
      // goes through uniform_quantize / uniform_dequantize. convert_c1: the
      // operand's shape; the element type is the result's.
      CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT, "operand #0"));
      return result_like(s, x, cx_i_none(s));
    case CX_OP_BITCAST_CONVERT:
      if (cx_v_bits(x->tensor.element) <= 0)
        return cx_i_error(s, NULL, "requires element types with a bit width");
      return infer_bitcast(s, x);
    case CX_OP_REDUCE_PRECISION: {
      int64_t e, m;
      CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, exponent_bits), true, 0, &e));
      CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, mantissa_bits), true, 0, &m));
      CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_FLOAT | CX_V_QUANT_TENSOR, "operand #0"));
      if (e < 1)
        return cx_i_error(s, "reduce_precision_c2",
                          "exponent_bits must be at least 1, but got %lld", (long long)e);
      if (m < 0)
        return cx_i_error(s, "reduce_precision_c3",
                          "mantissa_bits must be non-negative, but got %lld", (long long)m);
      // reduce_precision_c1
      return cx_i_result(s, x);
    }
    case CX_OP_UNIFORM_QUANTIZE:
      // uniform_quantize_c1: the operand's shape; the result's quantization
      // parameters are its own (its expressed type is checked against the
      // operand's by the verifier, uniform_quantize_c2).
      CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_FLOAT | CX_V_QUANT, "operand #0"));
      return result_like(s, x, cx_i_none(s));
    case CX_OP_UNIFORM_DEQUANTIZE:
      CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_QUANT, "operand #0"));
      // uniform_dequantize_c1, uniform_dequantize_c2
      return result_like(s, x, x->tensor.element->quant.expressed);
    default:
      return cx_i_error(s, NULL, "is not a conversion op");
  }
}
