// stablehlo.custom_call (spec "custom_call"). The spec leaves its semantics
// implementation-defined and states no constraints; what is checked here is
// that the metadata attributes have the kinds later stages read, and the
// StableHLO dialect's own consistency rules for layouts and aliases.
#include "ir/verify_util.h"

// API_VERSION_UNSPECIFIED .. API_VERSION_TYPED_FFI
#define API_VERSION_TYPED_FFI 4

// The type a (possibly empty) tuple-index path selects inside `t`, or NULL.
static const cx_type_t* walk_tuple(const cx_type_t* t, cx_i64_list_t path) {
  for (uint32_t i = 0; i < path.len; i++) {
    if (!cx_type_is_tuple(t) || path.data[i] < 0 || path.data[i] >= (int64_t)t->tuple.count)
      return NULL;
    t = t->tuple.items[path.data[i]];
  }
  return t;
}

static cx_status_t check_layouts(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_attr_t* layouts,
                                 bool operands, const char* what) {
  uint32_t n = operands ? op->num_operands : op->num_results;
  const cx_type_t* single = !operands && n == 1 ? cx_v_rtype(op, 0) : NULL;
  // A single tuple result is laid out element by element.
  if (single && cx_type_is_tuple(single)) n = single->tuple.count;
  if (layouts->array.count != n)
    return cx_verify_error(op, "Number of %ss must match the number of %s layouts, %u != %u", what,
                           what, n, layouts->array.count);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = operands ? cx_v_otype(op, i)
                         : single && cx_type_is_tuple(single) ? single->tuple.items[i]
                                                               : cx_v_rtype(op, i);
    cx_v_ints_t l;
    CX_RETURN_IF_ERROR(cx_v_dense_ints(vc, op, layouts->array.items[i], what, &l));
    if (cx_type_is_tuple(t))
      return cx_verify_error(op, "Tuple types are not fully supported with layout constraints yet");
    if (!cx_type_is_tensor(t)) {
      if (l.n == 0) continue;
      return cx_verify_error(op, "Only tensor types can have non-empty layout: %s #%u of type '%s' has layout %s",
                             what, i, cx_v_type_str(vc, t), cx_v_ints_str(vc, l.v, l.n));
    }
    uint32_t r = cx_v_rank(t);
    if (l.n != r || !cx_v_in_range(l.v, l.n, 0, r) || !cx_v_unique(vc, l.v, l.n))
      return cx_verify_error(op, "incorrect layout %s for type '%s', layout must be a permutation of [0, %u)",
                             cx_v_ints_str(vc, l.v, l.n), cx_v_type_str(vc, t), r);
  }
  return NULL;
}

cx_status_t cx_verify_custom_call(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_attr_t *target, *cfg, *called, *ol, *rl, *aliases;
  bool side_effect;
  int64_t api;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, call_target_name), CX_ATTR_STRING, true, &target));
  CX_RETURN_IF_ERROR(
      cx_v_get_bool(vc, op, CX_V_NAME(vc, has_side_effect), false, false, &side_effect));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, api_version), false, 1, &api));
  if (api < 0 || api > API_VERSION_TYPED_FFI)
    return cx_verify_error(op, "attribute 'api_version' must be in [0, %d], but got %lld",
                           API_VERSION_TYPED_FFI, (long long)api);
  cfg = cx_v_attr(op, CX_V_NAME(vc, backend_config));
  if (cfg && cfg->kind != CX_ATTR_STRING && cfg->kind != CX_ATTR_DICT)
    return cx_verify_error(op, "attribute 'backend_config' must be a string or a dictionary");
  // A dictionary backend_config is the typed-FFI form.
  if (cfg && cfg->kind == CX_ATTR_DICT && api != API_VERSION_TYPED_FFI)
    return cx_verify_error(op, "backend_config for api_version %lld must be a string", (long long)api);
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, called_computations), CX_ATTR_ARRAY, false, &called));
  for (uint32_t i = 0; called && i < called->array.count; i++) {
    const cx_attr_t* f = called->array.items[i];
    // The named functions need not exist: what a custom call does with
    // them is implementation-defined (the StableHLO compatibility suite
    // names an undefined @foo).
    if (!f || f->kind != CX_ATTR_SYMBOL_REF)
      return cx_verify_error(op, "attribute 'called_computations' must be an array of symbol references");
  }
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, operand_layouts), CX_ATTR_ARRAY, false, &ol));
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, result_layouts), CX_ATTR_ARRAY, false, &rl));
  if (!ol != !rl)
    return cx_verify_error(op, "Layout attributes should be specified for either both operands and results or none.");
  if (ol) {
    CX_RETURN_IF_ERROR(check_layouts(vc, op, ol, true, "operand"));
    CX_RETURN_IF_ERROR(check_layouts(vc, op, rl, false, "result"));
  }
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, output_operand_aliases), CX_ATTR_ARRAY,
                                   false, &aliases));
  for (uint32_t i = 0; aliases && i < aliases->array.count; i++) {
    const cx_attr_t* a = aliases->array.items[i];
    if (!a || a->kind != CX_ATTR_OUTPUT_OPERAND_ALIAS)
      return cx_verify_error(op, "attribute 'output_operand_aliases' must be an array of #stablehlo.output_operand_alias");
    const cx_output_operand_alias_t* al = &a->output_operand_alias;
    if (al->operand_index < 0 || al->operand_index >= (int64_t)op->num_operands)
      return cx_verify_error(op, "expects operandIndex in the output_operand_alias attribute to be in range [0, %u); got: %lld",
                             op->num_operands, (long long)al->operand_index);
    const cx_type_t* operand_part =
        walk_tuple(cx_v_otype(op, (uint32_t)al->operand_index), al->operand_tuple_indices);
    if (!operand_part)
      return cx_verify_error(op, "operand_tuple_indices in the output_operand_alias attribute out of bounds");
    // Results are addressed like a tuple of all results when there are
    // several; a single result is the root.
    const cx_type_t* output_part = NULL;
    cx_i64_list_t path = al->output_tuple_indices;
    if (op->num_results == 1) {
      output_part = walk_tuple(cx_v_rtype(op, 0), path);
    } else if (path.len > 0 && path.data[0] >= 0 && path.data[0] < (int64_t)op->num_results) {
      cx_i64_list_t rest = {path.data + 1, path.len - 1};
      output_part = walk_tuple(cx_v_rtype(op, (uint32_t)path.data[0]), rest);
    }
    if (!output_part)
      return cx_verify_error(op, "output_tuple_indices in the output_operand_alias attribute out of bounds");
    if (!cx_v_types_compat(operand_part, output_part))
      return cx_verify_error(op, "shapes mismatch in the output_operand_alias attribute: operand part has type '%s' and output part has type '%s'",
                             cx_v_type_str(vc, operand_part), cx_v_type_str(vc, output_part));
  }
  return NULL;
}
