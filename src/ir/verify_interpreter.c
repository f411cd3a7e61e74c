// The interpreter dialect of the StableHLO test suite: run_parallel (runs a
// grid of functions, one per process), probe and print.
#include "ir/verify_util.h"

// A program reference: @name, or "name" in older tests.
static const cx_op_t* lookup_program(cx_verify_ctx_t* vc, const cx_attr_t* a) {
  if (!a || (a->kind != CX_ATTR_SYMBOL_REF && a->kind != CX_ATTR_STRING)) return NULL;
  return cx_symbol_table_lookup_n(&vc->symbols, a->str.data, a->str.len);
}

static cx_status_t verify_run_parallel(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_attr_t *programs, *infeed;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, programs), CX_ATTR_ARRAY, true, &programs));
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, vc->names.infeed, CX_ATTR_ARRAY, false, &infeed));
  for (uint32_t i = 0; infeed && i < infeed->array.count; i++)
    if (!lookup_program(vc, infeed->array.items[i]))
      return cx_verify_error(op, "infeed entry #%u does not reference a valid function", i);
  // Operands and results are the concatenation of every program's inputs
  // and results, in grid order (replicas, then partitions).
  uint32_t in = 0, out = 0;
  for (uint32_t r = 0; r < programs->array.count; r++) {
    const cx_attr_t* row = programs->array.items[r];
    if (!row || row->kind != CX_ATTR_ARRAY)
      return cx_verify_error(op, "programs must be an array of arrays of function references");
    for (uint32_t p = 0; p < row->array.count; p++) {
      const cx_op_t* f = lookup_program(vc, row->array.items[p]);
      if (!f)
        return cx_verify_error(op, "program [%u][%u] does not reference a valid function", r, p);
      const cx_type_t* ft = cx_func_type(f);
      if (!ft || ft->kind != CX_TYPE_FUNCTION) return NULL;  // reported by func.func
      for (uint32_t i = 0; i < ft->func.num_inputs; i++, in++) {
        if (in >= op->num_operands)
          return cx_verify_error(op, "has %u operands, fewer than the programs take", op->num_operands);
        if (!cx_v_types_compat(cx_v_otype(op, in), ft->func.inputs[i]))
          return cx_verify_error(op, "operand #%u type '%s' differs from program [%u][%u] input type '%s'",
                                 in, cx_v_type_str(vc, cx_v_otype(op, in)), r, p,
                                 cx_v_type_str(vc, ft->func.inputs[i]));
      }
      for (uint32_t i = 0; i < ft->func.num_results; i++, out++) {
        if (out >= op->num_results)
          return cx_verify_error(op, "has %u results, fewer than the programs return", op->num_results);
        if (!cx_v_types_compat(cx_v_rtype(op, out), ft->func.results[i]))
          return cx_verify_error(op, "result #%u type '%s' differs from program [%u][%u] result type '%s'",
                                 out, cx_v_type_str(vc, cx_v_rtype(op, out)), r, p,
                                 cx_v_type_str(vc, ft->func.results[i]));
      }
    }
  }
  if (in != op->num_operands)
    return cx_verify_error(op, "has %u operands, but the programs take %u", op->num_operands, in);
  if (out != op->num_results)
    return cx_verify_error(op, "has %u results, but the programs return %u", op->num_results, out);
  return NULL;
}

cx_status_t cx_verify_interpreter(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_INTERPRETER_RUN_PARALLEL: return verify_run_parallel(vc, op);
    case CX_OP_INTERPRETER_PROBE: {
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
      CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
      CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
      const cx_attr_t* id;
      CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, probe_id), CX_ATTR_STRING, true, &id));
      if (cx_v_otype(op, 0) != cx_v_rtype(op, 0))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    }
    case CX_OP_INTERPRETER_PRINT:
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
      CX_RETURN_IF_ERROR(cx_v_num_results(op, 0, 0));
      return cx_v_num_regions(op, 0);
    default:
      return cx_verify_error(op, "is not an interpreter op");
  }
}
