// stablehlo.sort (spec "sort"): the shape function (infer_sort.c) checks
// the inputs, the dimension and the comparator; the results are typed like
// the inputs.
#include "ir/verify_util.h"

cx_status_t cx_verify_sort(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  for (uint32_t i = 0; i < op->num_results; i++) {
    // sort_c2
    if (!cx_v_types_compat(inferred[i], cx_v_rtype(op, i)))
      return cx_verify_error(op, "result #%u type '%s' differs from input type '%s'", i,
                             cx_v_type_str(vc, cx_v_rtype(op, i)), cx_v_type_str(vc, inferred[i]));
  }
  return NULL;
}
