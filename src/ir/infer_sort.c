// Shape function of stablehlo.sort (spec "sort"): inputs of compatible
// shapes, a comparator taking two scalars per input and returning i1; the
// results are typed like the inputs (sort_c2).
#include "ir/infer_util.h"

cx_status_t cx_infer_sort(cx_infer_state_t* s) {
  // sort_c1
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int64_t dim;
  bool stable;
  // The attribute defaults to -1 (the last dimension) when absent.
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, dimension), false, -1, &dim));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, is_stable), false, false, &stable));
  const cx_type_t* x0 = cx_i_otype(s, 0);
  uint32_t n = cx_i_num_operands(s);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* x = cx_i_otype(s, i);
    CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    if (!cx_v_shapes_compat(x, x0))
      return cx_i_error(s, "sort_c3", "requires the same shape for all operands and results");
  }
  int64_t r = cx_v_rank(x0);
  if (dim < -r || dim >= r)
    return cx_i_error(s, "sort_c4",
                      "dimension attribute value must be in range [-%lld, %lld), but found %lld",
                      (long long)r, (long long)r, (long long)dim);
  // sort_c5: comparator : (tensor<E0>, tensor<E0>, ..., tensor<EN-1>,
  // tensor<EN-1>) -> tensor<i1>
  cx_i_region_t b;
  CX_RETURN_IF_ERROR(cx_i_region(s, 0, "comparator", &b));
  if (cx_i_region_num_args(&b) != 2 * n)
    return cx_i_error(s, "sort_c5", "comparator block should have %u arguments, but has %u", 2 * n,
                      cx_i_region_num_args(&b));
  for (uint32_t i = 0; i < 2 * n; i++) {
    const cx_type_t* want =
        cx_type_tensor(s->ctx, cx_i_otype(s, i / 2)->tensor.element, 0, NULL, NULL);
    if (!want) return CX_OOM();
    if (!cx_v_types_compat(cx_i_region_arg(&b, i), want))
      return cx_i_error(s, "sort_c5",
                        "comparator block argument #%u should be of type '%s' but got '%s'", i,
                        cx_i_type_str(s, want), cx_i_type_str(s, cx_i_region_arg(&b, i)));
  }
  const cx_type_t* ret = cx_i_region_num_results(&b) == 1 ? cx_i_region_result(&b, 0) : NULL;
  if (!cx_type_is_tensor(ret) || cx_v_rank(ret) != 0 || !cx_v_is_bool(ret))
    return cx_i_error(s, "sort_c5", "comparator must return a single 0-dimensional tensor of i1");
  // sort_c2
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_i_result(s, cx_i_otype(s, i)));
  return NULL;
}
