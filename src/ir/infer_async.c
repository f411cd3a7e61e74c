// Shape functions of async_start / async_done (newer than the spec;
// StableHLO 1.15+): an asynchronous collective whose region runs on the
// operands and whose result is a !stablehlo.future<T...> of the region's
// return types. cxla keeps future types as opaque text, so both ops' result
// types are given (the verifier compares them with the region's returns).
#include <string.h>

#include "ir/infer_util.h"

static bool is_future(const cx_type_t* t) {
  return t && t->kind == CX_TYPE_OPAQUE && strncmp(t->opaque.text, "!stablehlo.future<", 18) == 0;
}

cx_status_t cx_infer_async_start(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  cx_i_region_t b;
  CX_RETURN_IF_ERROR(cx_i_region(s, 0, "body", &b));
  uint32_t n = cx_i_num_operands(s);
  if (cx_i_region_num_args(&b) != n)
    return cx_i_error(s, NULL, "body must take %u arguments (one per operand), but takes %u", n,
                      cx_i_region_num_args(&b));
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_i_region_arg(&b, i), cx_i_otype(s, i)))
      return cx_i_error(s, NULL, "body argument #%u type '%s' differs from operand type '%s'", i,
                        cx_i_type_str(s, cx_i_region_arg(&b, i)),
                        cx_i_type_str(s, cx_i_otype(s, i)));
  return cx_i_results_given(s, 1);
}

cx_status_t cx_infer_async_done(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  const cx_type_t* f = cx_i_otype(s, 0);
  if (!is_future(f))
    return cx_i_error(s, NULL, "operand must be a !stablehlo.future, but got '%s'",
                      cx_i_type_str(s, f));
  return cx_i_results_given(s, -1);
}
