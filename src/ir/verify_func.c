// func.func, func.return and func.call: the function-level structure the
// spec's "Programs" section describes (functions with inputs, outputs and a
// body ending in a return), checked the way MLIR's func dialect checks it:
// exact type equality between signatures, arguments and returns.
#include <string.h>

#include "ir/verify_util.h"

static cx_status_t verify_func_func(cx_verify_ctx_t* vc, cx_op_t* op) {
  if (cx_op_parent(op))
    return cx_verify_error(op, "expects parent op 'builtin.module' (functions are module-level)");
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 0, 0));
  const cx_attr_t* name;
  const cx_attr_t* ftype;
  const cx_attr_t* vis;
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, sym_name), CX_ATTR_STRING, true, &name));
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, function_type), CX_ATTR_TYPE, true, &ftype));
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, sym_visibility), CX_ATTR_STRING, false, &vis));
  const cx_type_t* ft = ftype->type;
  if (!ft || ft->kind != CX_TYPE_FUNCTION)
    return cx_verify_error(op, "attribute 'function_type' failed to satisfy constraint: type attribute of function type");
  if (vis && strcmp(vis->str.data, "public") && strcmp(vis->str.data, "private") &&
      strcmp(vis->str.data, "nested"))
    return cx_verify_error(op, "visibility expected to be one of [\"public\", \"private\", \"nested\"], but got \"%s\"",
                           vis->str.data);
  for (uint32_t i = 0; i < ft->func.num_inputs; i++)
    CX_RETURN_IF_ERROR(cx_v_value_type(vc, op, ft->func.inputs[i], "function input", i));
  for (uint32_t i = 0; i < ft->func.num_results; i++)
    CX_RETURN_IF_ERROR(cx_v_value_type(vc, op, ft->func.results[i], "function result", i));
  // arg_attrs / res_attrs: one dictionary per argument / result.
  const cx_attr_t* aa;
  const cx_attr_t* ra;
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, arg_attrs), CX_ATTR_ARRAY, false, &aa));
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, res_attrs), CX_ATTR_ARRAY, false, &ra));
  if (aa && aa->array.count != ft->func.num_inputs)
    return cx_verify_error(op, "expects argument attribute array to have the same number of elements as the number of function arguments, got %u, but expected %u",
                           aa->array.count, ft->func.num_inputs);
  if (ra && ra->array.count != ft->func.num_results)
    return cx_verify_error(op, "expects result attribute array to have the same number of elements as the number of function results, got %u, but expected %u",
                           ra->array.count, ft->func.num_results);

  cx_block_t* body = op->num_regions ? op->regions[0].first_block : NULL;
  if (op->num_regions > 1) return cx_verify_error(op, "requires one region");
  if (!body) {
    // A declaration: MLIR requires it to be private.
    if (!vis || strcmp(vis->str.data, "public") == 0)
      return cx_verify_error(op, "symbol declaration cannot have public visibility");
    return NULL;
  }
  // StableHLO has no branch ops, so a function body is a single block.
  if (body->next) return cx_verify_error(op, "expects the body to have exactly one block");
  if (body->num_args != ft->func.num_inputs)
    return cx_verify_error(op, "entry block must have %u arguments to match function signature",
                           ft->func.num_inputs);
  for (uint32_t i = 0; i < body->num_args; i++)
    if (body->args[i]->type != ft->func.inputs[i])
      return cx_verify_error(op, "type of entry block argument #%u('%s') must match the type of the corresponding argument in function signature('%s')",
                             i, cx_v_type_str(vc, body->args[i]->type),
                             cx_v_type_str(vc, ft->func.inputs[i]));
  cx_op_t* t = cx_block_terminator(body);
  if (!t || t->kind != CX_OP_FUNC_RETURN)
    return cx_verify_error(op, "expects the body of @%s to end with 'func.return'%s%s%s",
                           name->str.data, t ? ", found '" : "", t ? t->name : "", t ? "'" : "");
  return NULL;
}

static cx_status_t verify_func_return(cx_verify_ctx_t* vc, cx_op_t* op) {
  cx_op_t* parent = cx_op_parent(op);
  if (!parent || parent->kind != CX_OP_FUNC_FUNC)
    return cx_verify_error(op, "expects parent op 'func.func'");
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_type_t* ft = cx_func_type(parent);
  if (!ft || ft->kind != CX_TYPE_FUNCTION) return NULL;  // reported by func.func
  const char* fname = cx_func_name(parent);
  if (op->num_operands != ft->func.num_results)
    return cx_verify_error(op, "has %u operands, but enclosing function (@%s) returns %u",
                           op->num_operands, fname ? fname : "?", ft->func.num_results);
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (cx_v_otype(op, i) != ft->func.results[i])
      return cx_verify_error(op, "type of return operand %u ('%s') doesn't match function result type ('%s') in function @%s",
                             i, cx_v_type_str(vc, cx_v_otype(op, i)),
                             cx_v_type_str(vc, ft->func.results[i]), fname ? fname : "?");
  return NULL;
}

static cx_status_t verify_func_call(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_attr_t* callee;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, callee), CX_ATTR_SYMBOL_REF, true, &callee));
  bool no_inline;
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, vc->names.no_inline, false, false, &no_inline));
  const cx_op_t* f = cx_symbol_table_lookup_n(&vc->symbols, callee->str.data, callee->str.len);
  if (!f)
    return cx_verify_error(op, "'%s' does not reference a valid function", callee->str.data);
  const cx_type_t* ft = cx_func_type(f);
  if (!ft || ft->kind != CX_TYPE_FUNCTION) return NULL;  // reported by func.func
  if (op->num_operands != ft->func.num_inputs)
    return cx_verify_error(op, "incorrect number of operands for callee");
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (cx_v_otype(op, i) != ft->func.inputs[i])
      return cx_verify_error(op, "operand type mismatch: expected operand type '%s', but provided '%s' for operand number %u",
                             cx_v_type_str(vc, ft->func.inputs[i]),
                             cx_v_type_str(vc, cx_v_otype(op, i)), i);
  if (op->num_results != ft->func.num_results)
    return cx_verify_error(op, "incorrect number of results for callee");
  for (uint32_t i = 0; i < op->num_results; i++)
    if (cx_v_rtype(op, i) != ft->func.results[i])
      return cx_verify_error(op, "result type mismatch at index %u: expected '%s', but got '%s'", i,
                             cx_v_type_str(vc, ft->func.results[i]),
                             cx_v_type_str(vc, cx_v_rtype(op, i)));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  return NULL;
}

cx_status_t cx_verify_func(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_FUNC_FUNC: return verify_func_func(vc, op);
    case CX_OP_FUNC_RETURN: return verify_func_return(vc, op);
    case CX_OP_FUNC_CALL: return verify_func_call(vc, op);
    default: return cx_verify_error(op, "is not a func dialect op");
  }
}
