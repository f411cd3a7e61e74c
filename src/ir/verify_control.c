// Control flow: while, if, case, return, composite, optimization_barrier
// (spec sections of the same names). The shape function (infer_control.c)
// checks the operands and the regions' signatures and infers the results;
// here the declared results are compared with them, and what needs the
// module (composite's decomposition) or the op's place (return) is checked.
#include <stdio.h>
#include <string.h>

#include "ir/verify_util.h"

static cx_status_t verify_return(cx_verify_ctx_t* vc, cx_op_t* op) {
  (void)vc;
  // The enclosing op checks the returned types against its signature; here
  // only where the return may appear.
  cx_op_t* parent = cx_op_parent(op);
  if (!parent || parent->kind == CX_OP_FUNC_FUNC)
    return cx_verify_error(
        op, "expects to be inside a region of a StableHLO op (functions end with func.return)");
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
    return cx_verify_error(op,
                           "name \"%s\" is not a namespaced op name (e.g. \"my_namespace.my_op\")",
                           name->str.data);
  // composite_c2
  const cx_op_t* f = cx_symbol_table_lookup_n(&vc->symbols, decomp->str.data, decomp->str.len);
  if (!f) return cx_verify_error(op, "'%s' does not reference a valid function", decomp->str.data);
  const cx_type_t* ft = cx_func_type(f);
  if (!ft || ft->kind != CX_TYPE_FUNCTION) return NULL;  // reported by func.func
  // composite_c3
  if (op->num_operands != ft->func.num_inputs)
    return cx_verify_error(op, "has %u operands, but the decomposition @%s takes %u",
                           op->num_operands, decomp->str.data, ft->func.num_inputs);
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (cx_v_otype(op, i) != ft->func.inputs[i])
      return cx_verify_error(
          op, "operand #%u type '%s' differs from the decomposition's input type '%s'", i,
          cx_v_type_str(vc, cx_v_otype(op, i)), cx_v_type_str(vc, ft->func.inputs[i]));
  // composite_c4
  if (op->num_results != ft->func.num_results)
    return cx_verify_error(op, "has %u results, but the decomposition @%s returns %u",
                           op->num_results, decomp->str.data, ft->func.num_results);
  for (uint32_t i = 0; i < op->num_results; i++)
    if (cx_v_rtype(op, i) != ft->func.results[i])
      return cx_verify_error(
          op, "result #%u type '%s' differs from the decomposition's result type '%s'", i,
          cx_v_type_str(vc, cx_v_rtype(op, i)), cx_v_type_str(vc, ft->func.results[i]));
  return NULL;
}

cx_status_t cx_verify_control(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  switch (op->kind) {
    case CX_OP_RETURN:
      return verify_return(vc, op);
    case CX_OP_COMPOSITE:
      return verify_composite(vc, op);
    default:
      break;
  }
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t *want = inferred[i], *y = cx_v_rtype(op, i);
    if (!cx_type_is_tensor(y) && !cx_type_is_token(y))
      return cx_verify_error(op, "result #%u must be a tensor or token, but got '%s'", i,
                             cx_v_type_str(vc, y));
    if (cx_v_types_compat(want, y)) continue;
    switch (op->kind) {
      case CX_OP_WHILE:  // while_c3
        return cx_verify_error(op, "result #%u type '%s' is not compatible with operand type '%s'",
                               i, cx_v_type_str(vc, y), cx_v_type_str(vc, want));
      case CX_OP_OPTIMIZATION_BARRIER:  // optimization_barrier_c1
        return cx_verify_error(op, "result #%u type '%s' differs from operand type '%s'", i,
                               cx_v_type_str(vc, y), cx_v_type_str(vc, want));
      default:  // if_c3, case_c4
        return cx_verify_error(op, "result #%u type '%s' is not compatible with the branches' '%s'",
                               i, cx_v_type_str(vc, y), cx_v_type_str(vc, want));
    }
  }
  return NULL;
}
