// Control flow: while, if, case, return, composite, optimization_barrier
// (spec sections of the same names), including the region signatures.
#include <stdio.h>
#include <string.h>

#include "ir/verify_util.h"

static bool is_value_for_control(const cx_type_t* t) {
  // while_c* / optimization_barrier: tensors, quantized tensors and tokens
  return cx_type_is_tensor(t) || cx_type_is_token(t);
}

static cx_status_t verify_while(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 2));
  uint32_t n = op->num_operands;
  CX_RETURN_IF_ERROR(cx_v_num_results(op, n, n));
  for (uint32_t i = 0; i < n; i++)
    if (!is_value_for_control(cx_v_otype(op, i)))
      return cx_verify_error(op, "operand #%u must be a tensor or token, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_otype(op, i)));
  cx_block_t *cond, *body;
  cx_op_t *cret, *bret;
  CX_RETURN_IF_ERROR(cx_v_single_block(op, 0, "cond", &cond));
  CX_RETURN_IF_ERROR(cx_v_single_block(op, 1, "body", &body));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, cond, "cond", &cret));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, body, "body", &bret));
  // while_c1: cond : (T0, ..., TN-1) -> tensor<i1>
  if (cond->num_args != n)
    return cx_verify_error(op, "expect operands to be compatible with condition block arguments but got %u operands and %u arguments",
                           n, cond->num_args);
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_v_otype(op, i), cond->args[i]->type))
      return cx_verify_error(op, "expect operands to be compatible with condition block arguments but got '%s' vs '%s'",
                             cx_v_type_str(vc, cx_v_otype(op, i)),
                             cx_v_type_str(vc, cond->args[i]->type));
  if (cret->num_operands != 1 || !cx_type_is_tensor(cx_v_otype(cret, 0)) ||
      cx_v_rank(cx_v_otype(cret, 0)) != 0 || !cx_v_is_bool(cx_v_otype(cret, 0)))
    return cx_verify_error(op, "expect condition body returns a single value of type tensor<i1>");
  // while_c2: body : (T0, ..., TN-1) -> (T0, ..., TN-1)
  if (body->num_args != n)
    return cx_verify_error(op, "expect operands to be compatible with body block arguments but got %u operands and %u arguments",
                           n, body->num_args);
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_v_otype(op, i), body->args[i]->type))
      return cx_verify_error(op, "expect operands to be compatible with body block arguments but got '%s' vs '%s'",
                             cx_v_type_str(vc, cx_v_otype(op, i)),
                             cx_v_type_str(vc, body->args[i]->type));
  if (bret->num_operands != n)
    return cx_verify_error(op, "expect body to return %u values, but it returns %u", n,
                           bret->num_operands);
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_v_otype(op, i), cx_v_otype(bret, i)))
      return cx_verify_error(op, "expect operands to be compatible with body block return types but got '%s' vs '%s'",
                             cx_v_type_str(vc, cx_v_otype(op, i)),
                             cx_v_type_str(vc, cx_v_otype(bret, i)));
  // while_c3
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_v_otype(op, i), cx_v_rtype(op, i)))
      return cx_verify_error(op, "result #%u type '%s' is not compatible with operand type '%s'",
                             i, cx_v_type_str(vc, cx_v_rtype(op, i)),
                             cx_v_type_str(vc, cx_v_otype(op, i)));
  return NULL;
}

// if / case branches: no arguments, the same output types, and results of
// those types (if_c1..c3, case_c1..c4).
static cx_status_t check_branches(cx_verify_ctx_t* vc, cx_op_t* op) {
  cx_op_t* first = NULL;
  for (uint32_t r = 0; r < op->num_regions; r++) {
    cx_block_t* b;
    cx_op_t* ret;
    char name[32];
    snprintf(name, sizeof(name), "branch #%u", r);
    CX_RETURN_IF_ERROR(cx_v_single_block(op, r, name, &b));
    CX_RETURN_IF_ERROR(cx_v_block_return(op, b, name, &ret));
    // if_c1 / case_c2
    if (b->num_args != 0)
      return cx_verify_error(op, "%s must have 0 arguments, but found %u", name, b->num_args);
    if (!first) {
      first = ret;
      continue;
    }
    // if_c2 / case_c3
    if (ret->num_operands != first->num_operands)
      return cx_verify_error(op, "%s returns %u values, but branch #0 returns %u", name,
                             ret->num_operands, first->num_operands);
    for (uint32_t i = 0; i < ret->num_operands; i++)
      if (!cx_v_types_compat(cx_v_otype(ret, i), cx_v_otype(first, i)))
        return cx_verify_error(op, "%s output #%u type '%s' differs from branch #0's '%s'", name,
                               i, cx_v_type_str(vc, cx_v_otype(ret, i)),
                               cx_v_type_str(vc, cx_v_otype(first, i)));
  }
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!is_value_for_control(cx_v_rtype(op, i)))
      return cx_verify_error(op, "result #%u must be a tensor or token, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_rtype(op, i)));
  // if_c3 / case_c4
  if (op->num_results != first->num_operands)
    return cx_verify_error(op, "has %u results, but its branches return %u values",
                           op->num_results, first->num_operands);
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!cx_v_types_compat(cx_v_rtype(op, i), cx_v_otype(first, i)))
      return cx_verify_error(op, "result #%u type '%s' is not compatible with the branches' '%s'",
                             i, cx_v_type_str(vc, cx_v_rtype(op, i)),
                             cx_v_type_str(vc, cx_v_otype(first, i)));
  return NULL;
}

static cx_status_t verify_if(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 2));
  const cx_type_t* p;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &p));
  if (cx_v_rank(p) != 0 || !cx_v_is_bool(p))
    return cx_verify_error(op, "pred must be a 0-dimensional tensor of i1, but got '%s'",
                           cx_v_type_str(vc, p));
  return check_branches(vc, op);
}

static cx_status_t verify_case(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  // case_c1
  if (op->num_regions < 1) return cx_verify_error(op, "expect at least one branch");
  const cx_type_t* idx;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &idx));
  if (cx_v_rank(idx) != 0 || cx_v_kind(idx) != CX_ELEM_SI32)
    return cx_verify_error(op, "index must be a 0-dimensional tensor of i32, but got '%s'",
                           cx_v_type_str(vc, idx));
  return check_branches(vc, op);
}

static cx_status_t verify_return(cx_verify_ctx_t* vc, cx_op_t* op) {
  (void)vc;
  // The enclosing op checks the returned types against its signature; here
  // only where the return may appear.
  cx_op_t* parent = cx_op_parent(op);
  if (!parent || parent->kind == CX_OP_FUNC_FUNC)
    return cx_verify_error(op, "expects to be inside a region of a StableHLO op (functions end with func.return)");
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  return NULL;
}

// is_namespaced_op_name: [a-zA-Z][a-zA-Z0-9_]*([.][a-zA-Z0-9_$]+)+
static bool is_namespaced_op_name(const char* s, size_t n) {
  size_t i = 0;
  if (i >= n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) return false;
  i++;
  while (i < n && (s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                   (s[i] >= '0' && s[i] <= '9')))
    i++;
  int parts = 0;
  while (i < n) {
    if (s[i] != '.') return false;
    i++;
    size_t start = i;
    while (i < n && (s[i] == '_' || s[i] == '$' || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
      i++;
    if (i == start) return false;
    parts++;
  }
  return parts > 0;
}

static cx_status_t verify_composite(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Newer StableHLO versions (composite_v2) allow the decomposition inline as
  // an optional region taking the operands and returning the results.
  if (op->num_regions > 1) return cx_verify_error(op, "requires at most 1 region");
  if (op->num_regions == 1 && op->regions[0].first_block) {
    cx_block_t* b;
    cx_op_t* ret;
    CX_RETURN_IF_ERROR(cx_v_single_block(op, 0, "body", &b));
    CX_RETURN_IF_ERROR(cx_v_block_return(op, b, "body", &ret));
    if (b->num_args != op->num_operands || ret->num_operands != op->num_results)
      return cx_verify_error(op, "body must take the operands and return the results");
    for (uint32_t i = 0; i < b->num_args; i++)
      if (!cx_v_types_compat(b->args[i]->type, cx_v_otype(op, i)))
        return cx_verify_error(op, "body argument #%u type '%s' differs from operand type '%s'", i,
                               cx_v_type_str(vc, b->args[i]->type),
                               cx_v_type_str(vc, cx_v_otype(op, i)));
    for (uint32_t i = 0; i < ret->num_operands; i++)
      if (!cx_v_types_compat(cx_v_otype(ret, i), cx_v_rtype(op, i)))
        return cx_verify_error(op, "body return #%u type '%s' differs from result type '%s'", i,
                               cx_v_type_str(vc, cx_v_otype(ret, i)),
                               cx_v_type_str(vc, cx_v_rtype(op, i)));
  }
  const cx_attr_t *name, *decomp, *attrs;
  int64_t version;
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, name), CX_ATTR_STRING, true, &name));
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, decomposition), CX_ATTR_SYMBOL_REF, true, &decomp));
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, composite_attributes), CX_ATTR_DICT, false, &attrs));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, version), false, 0, &version));
  // composite_c1
  if (!is_namespaced_op_name(name->str.data, name->str.len))
    return cx_verify_error(op, "name \"%s\" is not a namespaced op name (e.g. \"my_namespace.my_op\")",
                           name->str.data);
  // composite_c2
  const cx_op_t* f = cx_symbol_table_lookup_n(&vc->symbols, decomp->str.data, decomp->str.len);
  if (!f)
    return cx_verify_error(op, "'%s' does not reference a valid function", decomp->str.data);
  const cx_type_t* ft = cx_func_type(f);
  if (!ft || ft->kind != CX_TYPE_FUNCTION) return NULL;  // reported by func.func
  // composite_c3
  if (op->num_operands != ft->func.num_inputs)
    return cx_verify_error(op, "has %u operands, but the decomposition @%s takes %u",
                           op->num_operands, decomp->str.data, ft->func.num_inputs);
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (cx_v_otype(op, i) != ft->func.inputs[i])
      return cx_verify_error(op, "operand #%u type '%s' differs from the decomposition's input type '%s'",
                             i, cx_v_type_str(vc, cx_v_otype(op, i)),
                             cx_v_type_str(vc, ft->func.inputs[i]));
  // composite_c4
  if (op->num_results != ft->func.num_results)
    return cx_verify_error(op, "has %u results, but the decomposition @%s returns %u",
                           op->num_results, decomp->str.data, ft->func.num_results);
  for (uint32_t i = 0; i < op->num_results; i++)
    if (cx_v_rtype(op, i) != ft->func.results[i])
      return cx_verify_error(op, "result #%u type '%s' differs from the decomposition's result type '%s'",
                             i, cx_v_type_str(vc, cx_v_rtype(op, i)),
                             cx_v_type_str(vc, ft->func.results[i]));
  return NULL;
}

static cx_status_t verify_optimization_barrier(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, op->num_operands, op->num_operands));
  // optimization_barrier_c1
  for (uint32_t i = 0; i < op->num_operands; i++) {
    if (!is_value_for_control(cx_v_otype(op, i)))
      return cx_verify_error(op, "operand #%u must be a tensor or token, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_otype(op, i)));
    if (!cx_v_types_compat(cx_v_otype(op, i), cx_v_rtype(op, i)))
      return cx_verify_error(op, "result #%u type '%s' differs from operand type '%s'", i,
                             cx_v_type_str(vc, cx_v_rtype(op, i)),
                             cx_v_type_str(vc, cx_v_otype(op, i)));
  }
  return NULL;
}

cx_status_t cx_verify_control(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_WHILE: return verify_while(vc, op);
    case CX_OP_IF: return verify_if(vc, op);
    case CX_OP_CASE: return verify_case(vc, op);
    case CX_OP_RETURN: return verify_return(vc, op);
    case CX_OP_COMPOSITE: return verify_composite(vc, op);
    case CX_OP_OPTIMIZATION_BARRIER: return verify_optimization_barrier(vc, op);
    default: return cx_verify_error(op, "is not a control-flow op");
  }
}
