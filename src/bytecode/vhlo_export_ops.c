// The inherent attributes of one cxla op as a VHLO op of the target version:
// StableHLO's implicit defaults made explicit (VHLO has no defaults),
// structured attributes flattened (convolution/dot/gather/scatter dimension
// numbers, the dot algorithm, channel handles), and for targets older than
// the current op version the check that nothing the older op cannot hold is
// set: VhloToVersion's downgrade, done directly to the target's op version.
#include <string.h>

#include "bytecode/bc_internal.h"
#include "ir/op_schema.h"

typedef struct op_ctx {
  bc_export_t* ex;
  const cx_op_t* op;
  bool* consumed;
} op_ctx_t;

static cx_status_t oom_if_null(const void* p) { return p ? NULL : CX_OOM(); }

static const cx_attr_t* find(op_ctx_t* c, const char* name, bool mark) {
  for (uint32_t i = 0; i < c->op->num_attrs; i++) {
    if (!strcmp(c->op->attrs[i].name, name)) {
      if (mark && c->consumed) c->consumed[i] = true;
      return c->op->attrs[i].value;
    }
  }
  return NULL;
}

static const cx_attr_t* find_kind(op_ctx_t* c, const char* name, cx_attr_kind_t kind) {
  const cx_attr_t* a = find(c, name, true);
  return a && a->kind == kind ? a : NULL;
}

// Number of spatial / window dimensions, for defaults shaped by the op.
static uint32_t window_rank(op_ctx_t* c) {
  const cx_attr_t* conv = find(c, "dimension_numbers", false);
  if (conv && conv->kind == CX_ATTR_CONV) return conv->conv.input_spatial_dims.len;
  const cx_attr_t* wd = find(c, "window_dimensions", false);
  if (wd && wd->kind == CX_ATTR_DENSE_ARRAY) return wd->dense_array.count;
  return 0;
}

static cx_status_t splat_tensor(bc_export_t* ex, int64_t value, uint32_t n, bool pairs, bool bools,
                                const bc_node_t** out) {
  int64_t vals[128];
  int64_t shape[2] = {n, 2};
  uint32_t count = pairs ? 2 * n : n;
  if (count > 128) return bc_export_error(ex, "too many window dimensions");
  for (uint32_t i = 0; i < count; i++) vals[i] = value;
  return bc_export_i64_tensor(ex, vals, count, bools, pairs ? shape : NULL, 2, out);
}

static cx_status_t convert_value(op_ctx_t* c, const vhlo_attr_spec_t* s, const cx_attr_t* a,
                                 const bc_node_t** out);

// The schema's default of the attribute (op_attrs.def), written through the
// attribute's own conversion.
static cx_status_t schema_default(op_ctx_t* c, const vhlo_attr_spec_t* s, const bc_node_t** out) {
  bc_export_t* ex = c->ex;
  const char* name = s->cx_name ? s->cx_name : s->name;
  const char* interned = cx_interned(ex->ctx, name, strlen(name));
  const cx_attr_t* d = NULL;
  if (interned) CX_RETURN_IF_ERROR(cx_op_attr_default(&ex->t->arena, ex->ctx, c->op, interned, &d));
  if (!d) return bc_export_error(ex, "is missing its '%s' attribute", name);
  return convert_value(c, s, d, out);
}

static cx_status_t default_value(op_ctx_t* c, const vhlo_attr_spec_t* s, const bc_node_t** out) {
  bc_export_t* ex = c->ex;
  bc_node_table_t* t = ex->t;
  switch (s->dflt) {
    case VD_SCHEMA: return schema_default(c, s, out);
    case VD_FALSE:
      *out = bc_vattr_u(t, VA_BOOL, 0);
      return oom_if_null(*out);
    case VD_ZERO: return bc_export_int(ex, CX_ELEM_SI64, 0, out);
    case VD_PUBLIC:
      // No sym_visibility attribute: VHLO's "" (an explicit "public" is an
      // attribute and exported as such).
      *out = bc_vattr_str(t, "", 0);
      return oom_if_null(*out);
    case VD_BACKEND_CONFIG: {
      // The typed FFI (api_version 4) takes a dictionary.
      const cx_attr_t* api = find(c, "api_version", false);
      if (api && api->kind == CX_ATTR_INTEGER && api->integer == 4) {
        *out = bc_node_kids(t, false, BC_D_VHLO, VA_DICT, NULL, 0);
      } else {
        *out = bc_vattr_str(t, "", 0);
      }
      return oom_if_null(*out);
    }
    case VD_EMPTY_ARRAY:
    case VD_LAYOUTS:
    case VD_ARG_DICTS:
      *out = bc_node_kids(t, false, BC_D_VHLO, VA_ARRAY, NULL, 0);
      return oom_if_null(*out);
    case VD_EMPTY_TENSOR: return bc_export_i64_tensor(ex, NULL, 0, false, NULL, 0, out);
    case VD_SPLAT_ZERO: return splat_tensor(ex, 0, window_rank(c), true, false, out);
    case VD_PRECISION: {
      const bc_node_t* p = bc_vattr_u(t, VA_PRECISION, 0);
      CX_RETURN_IF_ERROR(oom_if_null(p));
      const bc_node_t* kids[2] = {p, p};
      *out = bc_node_kids(t, false, BC_D_VHLO, VA_ARRAY, kids, 2);
      return oom_if_null(*out);
    }
    case VD_CMP_NOTYPE:
      *out = bc_vattr_u(t, VA_CMP_TYPE, 0);
      return oom_if_null(*out);
    case VD_NONE_TYPE: {
      const bc_node_t* none = bc_vtype(t, VT_NONE);
      CX_RETURN_IF_ERROR(oom_if_null(none));
      return bc_export_type_attr(ex, none, out);
    }
    default:
      return bc_export_error(ex, "is missing its '%s' attribute", s->cx_name ? s->cx_name : s->name);
  }
}

static cx_status_t list_value(op_ctx_t* c, cx_i64_list_t l, const bc_node_t** out) {
  return bc_export_i64_tensor(c->ex, l.data, l.len, false, NULL, 0, out);
}

static cx_status_t field_value(op_ctx_t* c, const vhlo_attr_spec_t* s, const bc_node_t** out) {
  bc_export_t* ex = c->ex;
  const cx_attr_t* a;
  switch (s->field) {
    case VF_CONV_INPUT_BATCH: case VF_CONV_INPUT_FEATURE: case VF_CONV_INPUT_SPATIAL:
    case VF_CONV_KERNEL_IN: case VF_CONV_KERNEL_OUT: case VF_CONV_KERNEL_SPATIAL:
    case VF_CONV_OUTPUT_BATCH: case VF_CONV_OUTPUT_FEATURE: case VF_CONV_OUTPUT_SPATIAL: {
      a = find_kind(c, "dimension_numbers", CX_ATTR_CONV);
      if (!a) return bc_export_error(ex, "has no convolution dimension_numbers");
      const cx_conv_dims_t* d = &a->conv;
      switch (s->field) {
        case VF_CONV_INPUT_BATCH: return bc_export_int(ex, CX_ELEM_SI64, d->input_batch_dim, out);
        case VF_CONV_INPUT_FEATURE: return bc_export_int(ex, CX_ELEM_SI64, d->input_feature_dim, out);
        case VF_CONV_INPUT_SPATIAL: return list_value(c, d->input_spatial_dims, out);
        case VF_CONV_KERNEL_IN: return bc_export_int(ex, CX_ELEM_SI64, d->kernel_input_feature_dim, out);
        case VF_CONV_KERNEL_OUT: return bc_export_int(ex, CX_ELEM_SI64, d->kernel_output_feature_dim, out);
        case VF_CONV_KERNEL_SPATIAL: return list_value(c, d->kernel_spatial_dims, out);
        case VF_CONV_OUTPUT_BATCH: return bc_export_int(ex, CX_ELEM_SI64, d->output_batch_dim, out);
        case VF_CONV_OUTPUT_FEATURE: return bc_export_int(ex, CX_ELEM_SI64, d->output_feature_dim, out);
        default: return list_value(c, d->output_spatial_dims, out);
      }
    }
    case VF_DOT_LHS_BATCH: case VF_DOT_RHS_BATCH: case VF_DOT_LHS_CONTRACT:
    case VF_DOT_RHS_CONTRACT: {
      a = find_kind(c, "dot_dimension_numbers", CX_ATTR_DOT);
      if (!a) return bc_export_error(ex, "has no dot_dimension_numbers");
      const cx_dot_dims_t* d = &a->dot;
      return list_value(c, s->field == VF_DOT_LHS_BATCH ? d->lhs_batching_dims
                           : s->field == VF_DOT_RHS_BATCH ? d->rhs_batching_dims
                           : s->field == VF_DOT_LHS_CONTRACT ? d->lhs_contracting_dims
                                                             : d->rhs_contracting_dims,
                        out);
    }
    case VF_ALG_LHS_TYPE: case VF_ALG_RHS_TYPE: case VF_ALG_ACC_TYPE: case VF_ALG_LHS_COUNT:
    case VF_ALG_RHS_COUNT: case VF_ALG_NUM_OPS: case VF_ALG_IMPRECISE: {
      a = find_kind(c, "algorithm", CX_ATTR_DOT_ALGORITHM);
      if (!a) return default_value(c, s, out);
      const cx_dot_algorithm_t* g = &a->dot_algorithm;
      const cx_type_t* ty = s->field == VF_ALG_LHS_TYPE   ? g->lhs_precision_type
                            : s->field == VF_ALG_RHS_TYPE ? g->rhs_precision_type
                            : s->field == VF_ALG_ACC_TYPE ? g->accumulation_type
                                                          : NULL;
      if (ty) {
        const bc_node_t* tn;
        CX_RETURN_IF_ERROR(bc_export_type(ex, ty, false, &tn));
        return bc_export_type_attr(ex, tn, out);
      }
      if (s->field == VF_ALG_IMPRECISE) {
        *out = bc_vattr_u(ex->t, VA_BOOL, g->allow_imprecise_accumulation ? 1 : 0);
        return oom_if_null(*out);
      }
      int64_t v = s->field == VF_ALG_LHS_COUNT   ? g->lhs_component_count
                  : s->field == VF_ALG_RHS_COUNT ? g->rhs_component_count
                                                 : g->num_primitive_operations;
      return bc_export_int(ex, CX_ELEM_SI64, v, out);
    }
    case VF_GATHER_OFFSET: case VF_GATHER_COLLAPSED: case VF_GATHER_OPERAND_BATCH:
    case VF_GATHER_INDICES_BATCH: case VF_GATHER_START_MAP: case VF_GATHER_INDEX_VECTOR: {
      a = find_kind(c, "dimension_numbers", CX_ATTR_GATHER);
      if (!a) return bc_export_error(ex, "has no gather dimension_numbers");
      const cx_gather_dims_t* d = &a->gather;
      switch (s->field) {
        case VF_GATHER_OFFSET: return list_value(c, d->offset_dims, out);
        case VF_GATHER_COLLAPSED: return list_value(c, d->collapsed_slice_dims, out);
        case VF_GATHER_OPERAND_BATCH: return list_value(c, d->operand_batching_dims, out);
        case VF_GATHER_INDICES_BATCH: return list_value(c, d->start_indices_batching_dims, out);
        case VF_GATHER_START_MAP: return list_value(c, d->start_index_map, out);
        default: return bc_export_int(ex, CX_ELEM_SI64, d->index_vector_dim, out);
      }
    }
    case VF_SCATTER_UPDATE_WINDOW: case VF_SCATTER_INSERTED: case VF_SCATTER_INPUT_BATCH:
    case VF_SCATTER_INDICES_BATCH: case VF_SCATTER_TO_OPERAND: case VF_SCATTER_INDEX_VECTOR: {
      a = find_kind(c, "scatter_dimension_numbers", CX_ATTR_SCATTER);
      if (!a) return bc_export_error(ex, "has no scatter_dimension_numbers");
      const cx_scatter_dims_t* d = &a->scatter;
      switch (s->field) {
        case VF_SCATTER_UPDATE_WINDOW: return list_value(c, d->update_window_dims, out);
        case VF_SCATTER_INSERTED: return list_value(c, d->inserted_window_dims, out);
        case VF_SCATTER_INPUT_BATCH: return list_value(c, d->input_batching_dims, out);
        case VF_SCATTER_INDICES_BATCH: return list_value(c, d->scatter_indices_batching_dims, out);
        case VF_SCATTER_TO_OPERAND: return list_value(c, d->scatter_dims_to_operand_dims, out);
        default: return bc_export_int(ex, CX_ELEM_SI64, d->index_vector_dim, out);
      }
    }
    default:
      return bc_export_error(ex, "unknown structured field %s", s->name);
  }
}

// Attribute `a` (the op's own, or a default) as the VHLO attribute of spec s.
static cx_status_t convert_value(op_ctx_t* c, const vhlo_attr_spec_t* s, const cx_attr_t* a,
                                 const bc_node_t** out) {
  bc_export_t* ex = c->ex;
  const char* name = s->cx_name ? s->cx_name : s->name;
  switch (s->conv) {
    case VC_GENERIC:
    case VC_FUNC_TYPE:
      CX_RETURN_IF_ERROR(bc_export_attr(ex, a, out));
      if (!*out) return bc_export_error(ex, "attribute '%s' has no VHLO form", name);
      if (c->op->kind == CX_OP_CUSTOM_CALL && !strcmp(s->name, "backend_config") &&
          a->kind == CX_ATTR_DICT)
        CX_RETURN_IF_ERROR(bc_export_need_version(ex, BC_VERSION(1, 3, 0),
                                                  "a dictionary backend_config"));
      return NULL;
    case VC_I64_ARRAY:
    case VC_BOOL_ARRAY: {
      cx_i64s_t l;
      if (cx_attr_get_i64s(a, &l) && l.rank == 1)
        return bc_export_i64_tensor(ex, l.data, l.len, s->conv == VC_BOOL_ARRAY, NULL, 0, out);
      CX_RETURN_IF_ERROR(bc_export_attr(ex, a, out));
      if (!*out) return bc_export_error(ex, "attribute '%s' has no VHLO form", name);
      return NULL;
    }
    case VC_SYMBOL:
      if (a->kind != CX_ATTR_SYMBOL_REF && a->kind != CX_ATTR_STRING)
        return bc_export_error(ex, "attribute '%s' must be a symbol", name);
      *out = bc_vattr_str(ex->t, a->str.data, a->str.len);
      return oom_if_null(*out);
    case VC_SYMBOL_ARRAY: {
      if (a->kind != CX_ATTR_ARRAY) return bc_export_error(ex, "attribute '%s' must be an array", name);
      const bc_node_t* items[256];
      if (a->array.count > 256) return bc_export_error(ex, "too many called computations");
      for (uint32_t i = 0; i < a->array.count; i++) {
        const cx_attr_t* e = a->array.items[i];
        if (e->kind != CX_ATTR_SYMBOL_REF && e->kind != CX_ATTR_STRING)
          return bc_export_error(ex, "attribute '%s' must hold symbols", name);
        items[i] = bc_vattr_str(ex->t, e->str.data, e->str.len);
        CX_RETURN_IF_ERROR(oom_if_null(items[i]));
      }
      *out = bc_node_kids(ex->t, false, BC_D_VHLO, VA_ARRAY, items, a->array.count);
      return oom_if_null(*out);
    }
    case VC_API_VERSION:
      if (a->kind != CX_ATTR_INTEGER || a->integer < 0 || a->integer > 4)
        return bc_export_error(ex, "has an invalid api_version");
      *out = bc_vattr_u(ex->t, VA_API_VERSION, (uint64_t)a->integer);
      return oom_if_null(*out);
    case VC_RESULT_ACCURACY:
      if (a->kind != CX_ATTR_RESULT_ACCURACY)
        return bc_export_error(ex, "attribute '%s' must be a result accuracy", name);
      return bc_export_accuracy(ex, &a->result_accuracy, out);
    default:
      return bc_export_error(ex, "attribute '%s' cannot take a value here", name);
  }
}

// One attribute of the VHLO op, defaulted if cxla leaves it implicit.
static cx_status_t spec_value(op_ctx_t* c, const vhlo_attr_spec_t* s, const bc_node_t** out) {
  bc_export_t* ex = c->ex;
  const char* name = s->cx_name ? s->cx_name : s->name;
  const cx_attr_t* a;
  switch (s->conv) {
    case VC_GENERIC:
    case VC_FUNC_TYPE:
    case VC_I64_ARRAY:
    case VC_BOOL_ARRAY:
    case VC_SYMBOL:
    case VC_SYMBOL_ARRAY:
    case VC_API_VERSION:
    case VC_RESULT_ACCURACY:
      a = find(c, name, true);
      if (!a) return default_value(c, s, out);
      return convert_value(c, s, a, out);
    case VC_CHANNEL_ID:
    case VC_CHANNEL_TYPE:
      a = find_kind(c, "channel_handle", CX_ATTR_CHANNEL_HANDLE);
      if (!a) {
        if (s->dflt == VD_NONE) return bc_export_int(ex, CX_ELEM_SI64, 0, out);
        return default_value(c, s, out);
      }
      return bc_export_int(ex, CX_ELEM_SI64,
                           s->conv == VC_CHANNEL_ID ? a->channel_handle.handle : a->channel_handle.type,
                           out);
    case VC_UNIT_BOOL:
      a = find(c, name, true);
      *out = bc_vattr_u(ex->t, VA_BOOL,
                        a && (a->kind == CX_ATTR_UNIT || (a->kind == CX_ATTR_BOOL && a->boolean)));
      return oom_if_null(*out);
    case VC_FIELD:
      return field_value(c, s, out);
    case VC_DROP:
      return default_value(c, s, out);
    default:
      return bc_export_error(ex, "unknown conversion for '%s'", s->name);
  }
}

// The value an attribute takes when cxla's op leaves it implicit; for
// checking that a downgrade loses nothing.
static cx_status_t implicit_value(op_ctx_t* c, const vhlo_attr_spec_t* s, const bc_node_t** out) {
  if (s->conv == VC_UNIT_BOOL) {
    *out = bc_vattr_u(c->ex->t, VA_BOOL, 0);
    return oom_if_null(*out);
  }

  if (s->conv == VC_FIELD) {
    // Batching dimensions: empty; algorithm fields: none.
    if (s->field >= VF_ALG_LHS_TYPE && s->field <= VF_ALG_IMPRECISE) return default_value(c, s, out);
    return bc_export_i64_tensor(c->ex, NULL, 0, false, NULL, 0, out);
  }
  return default_value(c, s, out);
}

static bool is_future_type(const cx_type_t* t) {
  return t && t->kind == CX_TYPE_OPAQUE && !strncmp(t->opaque.text, "!stablehlo.future<", 18);
}

static bool custom_call_has_future(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (is_future_type(op->operands[i].value->type)) return true;
  for (uint32_t i = 0; i < op->num_results; i++)
    if (is_future_type(op->results[i].type)) return true;
  return false;
}

static bool has_attr(const vhlo_op_def_t* d, const char* name) {
  for (uint32_t i = 0; i < VHLO_MAX_ATTRS && d->attrs[i].name; i++)
    if (!strcmp(d->attrs[i].name, name)) return true;
  return false;
}

cx_status_t bc_export_op_attrs(bc_export_t* ex, const cx_op_t* op, const vhlo_op_def_t* def,
                               const bc_node_t** vals, bool* consumed) {
  op_ctx_t c = {ex, op, consumed};
  uint32_t n = vhlo_op_nattrs(def);
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(spec_value(&c, &def->attrs[i], &vals[i]));
  const vhlo_op_def_t* current = vhlo_op_for_kind(def->kind, BC_CURRENT_VERSION, NULL);
  if (!current || current == def) return NULL;
  // An older op version: what only the newer version can hold must be unset.
  char v1[16], v2[16];
  // Attributes the probe reads are marked consumed: one that holds its
  // default (e.g. result_accuracy DEFAULT for exponential_v1) is dropped as
  // StableHLO drops it, instead of being written as an extra attribute.
  op_ctx_t probe = {ex, op, consumed};
  uint32_t nc = vhlo_op_nattrs(current);
  for (uint32_t i = 0; i < nc; i++) {
    const vhlo_attr_spec_t* s = &current->attrs[i];
    if (has_attr(def, s->name)) continue;
    // Both values in the current version's terms (no version checks).
    const bc_node_t *have, *implicit;
    bc_version_t target = ex->target;
    ex->target = BC_CURRENT_VERSION;
    cx_status_t st = spec_value(&probe, s, &have);
    if (!st) st = implicit_value(&probe, s, &implicit);
    ex->target = target;
    CX_RETURN_IF_ERROR(st);
    if (have != implicit) {
      // Find the first version whose op holds it, for the message.
      bc_version_t need = current->min_version;
      return bc_export_error(ex, "sets '%s', which needs StableHLO %s (vhlo.%s); the target is %s",
                             s->cx_name ? s->cx_name : s->name, bc_version_format(need, v1, sizeof(v1)),
                             current->mnemonic, bc_version_format(ex->target, v2, sizeof(v2)));
    }
  }
  if ((def->flags & VOP_SINGLE_OPERAND) && op->num_operands != 1) {
    return bc_export_error(ex, "has %u operands; more than one needs StableHLO %s (vhlo.%s)",
                           op->num_operands, bc_version_format(current->min_version, v1, sizeof(v1)),
                           current->mnemonic);
  }
  // StableHLO lets custom_call carry !stablehlo.future values only from
  // 1.17.0 on (its downgrade to 1.16.0 refuses them even though the future
  // type itself exists since 1.15.0; vhlo_to_version_downgrade_invalid.1_16_0).
  if (op->kind == CX_OP_CUSTOM_CALL && ex->target < BC_VERSION(1, 17, 0) && custom_call_has_future(op)) {
    return bc_export_error(ex, "has !stablehlo.future operands or results, which need StableHLO 1.17.0; "
                           "the target is %s", bc_version_format(ex->target, v2, sizeof(v2)));
  }
  if (op->kind == CX_OP_COMPOSITE && op->num_regions && op->regions[0].first_block) {
    return bc_export_error(ex, "has a decomposition region, which needs StableHLO %s (vhlo.%s); the target is %s",
                           bc_version_format(current->min_version, v1, sizeof(v1)), current->mnemonic,
                           bc_version_format(ex->target, v2, sizeof(v2)));
  }
  return NULL;
}
