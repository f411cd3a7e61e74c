// Shared scalar semantics of the elementwise families (see elementwise.h).
#include "interp/elementwise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/float_formats.h"

cx_status_t cx_ew_check_tensors(const cx_op_t* op, uint32_t n, cx_tensor_t* const* ts) {
  for (uint32_t i = 0; i < n; i++)
    if (!ts[i] || ts[i]->kind != CX_VALUE_TENSOR)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand #%u is not a tensor", i);
  return NULL;
}

cx_status_t cx_ew_check_shapes(const cx_op_t* op, uint32_t n, cx_tensor_t* const* ts) {
  CX_RETURN_IF_ERROR(cx_ew_check_tensors(op, n, ts));
  for (uint32_t i = 1; i < n; i++) {
    if (cx_tensor_same_shape(ts[i], ts[0])) continue;
    char what[32];
    snprintf(what, sizeof what, "operands #0 and #%u", i);
    return cx_eval_types_error(op, CX_INVALID_ARGUMENT, "%s have different shapes: %s vs %s", what,
                               ts[0], ts[i]);
  }
  return NULL;
}

cx_status_t cx_ew_result_element(const cx_op_t* op, uint32_t i, const cx_type_t** out) {
  *out = NULL;
  if (i >= op->num_results || !cx_type_is_tensor(op->results[i].type))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result #%u is not a tensor", i);
  *out = op->results[i].type->tensor.element;
  return NULL;
}

