// stablehlo.sort (spec "sort"), including the comparator's signature.
#include "ir/verify_util.h"

cx_status_t cx_verify_sort(cx_verify_ctx_t* vc, cx_op_t* op) {
  // sort_c1
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, op->num_operands, op->num_operands));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int64_t dim;
  bool stable;
  // The attribute defaults to -1 (the last dimension) when absent.
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, dimension), false, -1, &dim));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, is_stable), false, false, &stable));
  const cx_type_t* x0 = cx_v_otype(op, 0);
  uint32_t n = op->num_operands;
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *y = cx_v_rtype(op, i);
    CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    // sort_c2
    if (!cx_v_types_compat(x, y))
      return cx_verify_error(op, "result #%u type '%s' differs from input type '%s'", i,
                             cx_v_type_str(vc, y), cx_v_type_str(vc, x));
    // sort_c3
    if (!cx_v_shapes_compat(x, x0))
      return cx_verify_error(op, "requires the same shape for all operands and results");
  }
  // sort_c4
  int64_t r = cx_v_rank(x0);
  if (dim < -r || dim >= r)
    return cx_verify_error(op, "dimension attribute value must be in range [-%lld, %lld), but found %lld",
                           (long long)r, (long long)r, (long long)dim);
  // sort_c5: comparator : (tensor<E0>, tensor<E0>, ..., tensor<EN-1>,
  // tensor<EN-1>) -> tensor<i1>
  cx_block_t* b;
  cx_op_t* ret;
  CX_RETURN_IF_ERROR(cx_v_single_block(op, 0, "comparator", &b));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, b, "comparator", &ret));
  if (b->num_args != 2 * n)
    return cx_verify_error(op, "comparator block should have %u arguments, but has %u", 2 * n,
                           b->num_args);
  for (uint32_t i = 0; i < 2 * n; i++) {
    const cx_type_t* want = cx_v_scalar_of(vc, cx_v_otype(op, i / 2)->tensor.element);
    if (!cx_v_types_compat(b->args[i]->type, want))
      return cx_verify_error(op, "comparator block argument #%u should be of type '%s' but got '%s'",
                             i, cx_v_type_str(vc, want), cx_v_type_str(vc, b->args[i]->type));
  }
  if (ret->num_operands != 1 || !cx_type_is_tensor(cx_v_otype(ret, 0)) ||
      cx_v_rank(cx_v_otype(ret, 0)) != 0 || !cx_v_is_bool(cx_v_otype(ret, 0)))
    return cx_verify_error(op, "comparator must return a single 0-dimensional tensor of i1");
  return NULL;
}
