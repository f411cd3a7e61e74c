// Shared scalar semantics of the elementwise families (see elementwise.h).
#include "interp/elementwise.h"

#include <math.h>
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
    bool same = ts[i]->rank == ts[0]->rank;
    for (uint32_t d = 0; same && d < ts[0]->rank; d++) same = ts[i]->dims[d] == ts[0]->dims[d];
    if (!same) {
      char* a = cx_tensor_type_string(ts[0]);
      char* b = cx_tensor_type_string(ts[i]);
      cx_status_t st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                                     "operands #0 and #%u have different shapes: %s vs %s", i,
                                     a ? a : "?", b ? b : "?");
      cx_free_malloced(a);
      cx_free_malloced(b);
      return st;
    }
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

