// Shape functions of the control-flow ops: while, if, case, return,
// composite, optimization_barrier (spec sections of the same names),
// including their regions' signatures. while and optimization_barrier
// produce their operands' types; if and case the least specific type of
// what their branches return (a dim static in every branch stays static,
// bounds take the largest). composite's results are its decomposition's,
// which the verifier looks up (the symbol table is the module's).
#include <stdio.h>

#include "ir/infer_util.h"

static bool is_value_for_control(const cx_type_t* t) {
  // while_c* / optimization_barrier: tensors, quantized tensors and tokens
  return cx_type_is_tensor(t) || cx_type_is_token(t);
}

cx_status_t cx_infer_while(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 2));
  uint32_t n = cx_i_num_operands(s);
  for (uint32_t i = 0; i < n; i++)
    if (!is_value_for_control(cx_i_otype(s, i)))
      return cx_i_error(s, NULL, "operand #%u must be a tensor or token, but got '%s'", i,
                        cx_i_type_str(s, cx_i_otype(s, i)));
  cx_i_region_t cond, body;
  CX_RETURN_IF_ERROR(cx_i_region(s, 0, "cond", &cond));
  CX_RETURN_IF_ERROR(cx_i_region(s, 1, "body", &body));
  // while_c1: cond : (T0, ..., TN-1) -> tensor<i1>
  if (cx_i_region_num_args(&cond) != n)
    return cx_i_error(s, "while_c1",
                      "expect operands to be compatible with condition block arguments but got %u "
                      "operands and %u arguments",
                      n, cx_i_region_num_args(&cond));
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_i_otype(s, i), cx_i_region_arg(&cond, i)))
      return cx_i_error(
          s, "while_c1",
          "expect operands to be compatible with condition block arguments but got '%s' vs '%s'",
          cx_i_type_str(s, cx_i_otype(s, i)), cx_i_type_str(s, cx_i_region_arg(&cond, i)));
  const cx_type_t* c = cx_i_region_num_results(&cond) == 1 ? cx_i_region_result(&cond, 0) : NULL;
  if (!cx_type_is_tensor(c) || cx_v_rank(c) != 0 || !cx_v_is_bool(c))
    return cx_i_error(s, "while_c1",
                      "expect condition body returns a single value of type tensor<i1>");
  // while_c2: body : (T0, ..., TN-1) -> (T0, ..., TN-1)
  if (cx_i_region_num_args(&body) != n)
    return cx_i_error(s, "while_c2",
                      "expect operands to be compatible with body block arguments but got %u "
                      "operands and %u arguments",
                      n, cx_i_region_num_args(&body));
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_i_otype(s, i), cx_i_region_arg(&body, i)))
      return cx_i_error(
          s, "while_c2",
          "expect operands to be compatible with body block arguments but got '%s' vs '%s'",
          cx_i_type_str(s, cx_i_otype(s, i)), cx_i_type_str(s, cx_i_region_arg(&body, i)));
  if (cx_i_region_num_results(&body) != n)
    return cx_i_error(s, "while_c2", "expect body to return %u values, but it returns %u", n,
                      cx_i_region_num_results(&body));
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_i_otype(s, i), cx_i_region_result(&body, i)))
      return cx_i_error(
          s, "while_c2",
          "expect operands to be compatible with body block return types but got '%s' vs '%s'",
          cx_i_type_str(s, cx_i_otype(s, i)), cx_i_type_str(s, cx_i_region_result(&body, i)));
  // while_c3
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_i_result(s, cx_i_otype(s, i)));
  return NULL;
}

// The least specific of two compatible types (StableHLO's
// inferLeastSpecificType): a dim stays static only where both are static
// (and equal); a dynamic dim is bounded by the larger bound or static size
// when both sides are bounded or static.
static const cx_type_t* least_specific(const cx_infer_state_t* s, const cx_type_t* a,
                                       const cx_type_t* b) {
  if (a == b || !cx_type_is_tensor(a) || !cx_type_is_tensor(b)) return a;
  uint32_t rank = a->tensor.rank;
  if (rank != b->tensor.rank || rank > CX_V_MAX_RANK) return a;
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t *ab = NULL, *bb = NULL;
  cx_i_bounds(a, &ab);
  cx_i_bounds(b, &bb);
  for (uint32_t i = 0; i < rank; i++) {
    int64_t x = a->tensor.dims[i], y = b->tensor.dims[i];
    int64_t xb = ab ? ab[i] : CX_DYNAMIC_DIM, yb = bb ? bb[i] : CX_DYNAMIC_DIM;
    dims[i] = x == y ? x : CX_DYNAMIC_DIM;
    bounds[i] = CX_DYNAMIC_DIM;
    if (dims[i] != CX_DYNAMIC_DIM) continue;
    int64_t xs = x != CX_DYNAMIC_DIM ? x : xb, ys = y != CX_DYNAMIC_DIM ? y : yb;
    if (xs != CX_DYNAMIC_DIM && ys != CX_DYNAMIC_DIM) bounds[i] = xs > ys ? xs : ys;
  }
  return cx_type_tensor_bounded(s->ctx, a->tensor.element, rank, dims, bounds);
}

// if / case branches: no arguments and compatible output types (if_c1,
// if_c2, case_c2, case_c3); the results are their least specific types
// (if_c3, case_c4).
static cx_status_t infer_branches(cx_infer_state_t* s, bool is_if) {
  uint32_t nb = cx_i_num_regions(s);
  cx_i_region_t first = {0};
  for (uint32_t r = 0; r < nb; r++) {
    cx_i_region_t b;
    char name[32];
    snprintf(name, sizeof(name), "branch #%u", r);
    CX_RETURN_IF_ERROR(cx_i_region(s, r, name, &b));
    if (cx_i_region_num_args(&b) != 0)
      return cx_i_error(s, is_if ? "if_c1" : "case_c2", "%s must have 0 arguments, but found %u",
                        name, cx_i_region_num_args(&b));
    if (r == 0) {
      first = b;
      continue;
    }
    uint32_t n = cx_i_region_num_results(&b);
    if (n != cx_i_region_num_results(&first))
      return cx_i_error(s, is_if ? "if_c2" : "case_c3",
                        "%s returns %u values, but branch #0 returns %u", name, n,
                        cx_i_region_num_results(&first));
    for (uint32_t i = 0; i < n; i++)
      if (!cx_v_types_compat(cx_i_region_result(&b, i), cx_i_region_result(&first, i)))
        return cx_i_error(s, is_if ? "if_c2" : "case_c3",
                          "%s output #%u type '%s' differs from branch #0's '%s'", name, i,
                          cx_i_type_str(s, cx_i_region_result(&b, i)),
                          cx_i_type_str(s, cx_i_region_result(&first, i)));
  }
  uint32_t n = cx_i_region_num_results(&first);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = cx_i_region_result(&first, i);
    for (uint32_t r = 1; r < nb && t; r++) {
      cx_i_region_t b;
      CX_RETURN_IF_ERROR(cx_i_region(s, r, "branch", &b));
      t = least_specific(s, t, cx_i_region_result(&b, i));
    }
    if (!t) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_i_result(s, t));
  }
  return NULL;
}

cx_status_t cx_infer_if(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 2));
  const cx_type_t* p;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &p));
  if (cx_v_rank(p) != 0 || !cx_v_is_bool(p))
    return cx_i_error(s, NULL, "pred must be a 0-dimensional tensor of i1, but got '%s'",
                      cx_i_type_str(s, p));
  return infer_branches(s, true);
}

cx_status_t cx_infer_case(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  if (cx_i_num_regions(s) < 1) return cx_i_error(s, "case_c1", "expect at least one branch");
  const cx_type_t* idx;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &idx));
  if (cx_v_rank(idx) != 0 || cx_v_kind(idx) != CX_ELEM_SI32)
    return cx_i_error(s, NULL, "index must be a 0-dimensional tensor of i32, but got '%s'",
                      cx_i_type_str(s, idx));
  return infer_branches(s, false);
}

cx_status_t cx_infer_optimization_barrier(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 0));
  uint32_t n = cx_i_num_operands(s);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = cx_i_otype(s, i);
    if (!is_value_for_control(t))
      return cx_i_error(s, NULL, "operand #%u must be a tensor or token, but got '%s'", i,
                        cx_i_type_str(s, t));
    // optimization_barrier_c1
    CX_RETURN_IF_ERROR(cx_i_result(s, t));
  }
  return NULL;
}
