// VHLO op attributes to cxla's StableHLO attributes, for every op version:
// defaults that StableHLO leaves implicit are dropped (VhloLegalizeToStablehlo
// removeDefaults), flattened structures are rebuilt (convolution, dot, gather
// and scatter dimension numbers, the dot algorithm, channel handles), and the
// attributes whose StableHLO form differs from VHLO's are converted
// (tensor<Nxi64> -> array<i64>, strings -> symbols, bools -> unit attributes).
// Reading an older op version yields the same cxla op as the newer version
// would: attributes an old version lacks take StableHLO's defaults.
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"
#include "ir/op_schema.h"

typedef struct fields {
  cx_conv_dims_t conv;
  cx_dot_dims_t dot;
  cx_dot_algorithm_t alg;
  cx_gather_dims_t gather;
  cx_scatter_dims_t scatter;
  bool has_conv, has_dot, has_alg, has_gather, has_scatter;
  bool has_channel;
  int64_t channel_id, channel_type;
} fields_t;

static cx_status_t oom_if_null(const void* p) { return p ? NULL : CX_OOM(); }

static bool is_vhlo(const bc_node_t* n, int code) {
  return n && !n->is_type && !n->text && !n->opaque && n->dialect == BC_D_VHLO && n->code == code;
}

// A VHLO tensor whose every element (of at least one) has the given integer
// value: the `isSplatTensor` test of removeDefaults.
static bool tensor_all(bc_import_t* im, const bc_node_t* n, int64_t value) {
  if (!is_vhlo(n, VA_TENSOR)) return false;
  const cx_attr_t* a;
  cx_status_t st = bc_import_attr(im, n, &a);
  if (st) {
    // Not a tensor cxla reads: not a default. Out of memory is no answer:
    // the caller sees im->oom.
    if (cx_status_code(st) == CX_OUT_OF_MEMORY) im->oom = true;
    cx_status_free(st);
    return false;
  }
  if (a->kind != CX_ATTR_DENSE || cx_tensor_num_elements(a->type) <= 0) return false;
  cx_elem_t e = cx_tensor_elem(a->type);
  if (!cx_elem_is_integer(e)) return false;
  size_t esize = cx_elem_storage_size(e);
  int64_t n_el = a->dense.splat ? 1 : cx_tensor_num_elements(a->type);
  for (int64_t i = 0; i < n_el; i++) {
    int64_t v = 0;
    const uint8_t* p = cx_dense_element_ptr(a, i, esize);
    if (esize == 1) v = e == CX_ELEM_I1 ? p[0] : (int8_t)p[0];
    else if (esize == 8) memcpy(&v, p, 8);
    else if (esize == 4) { int32_t x; memcpy(&x, p, 4); v = x; }
    else if (esize == 2) { int16_t x; memcpy(&x, p, 2); v = x; }
    if (v != value) return false;
  }
  return true;
}

static bool int_is(const bc_node_t* n, int64_t value) {
  if (!is_vhlo(n, VA_INTEGER)) return false;
  // The value's low bits, compared after sign extension from the type width.
  const bc_node_t* t = n->kids[0];
  int bits = 64;
  if (t->dialect == BC_D_VHLO) {
    switch (t->code) {
      case VT_SI8: case VT_UI8: bits = 8; break;
      case VT_SI16: case VT_UI16: bits = 16; break;
      case VT_SI32: case VT_UI32: bits = 32; break;
      default: break;
    }
  }
  uint64_t u = n->u;
  if (bits < 64) {
    u &= (1ull << bits) - 1;
    if ((u >> (bits - 1)) & 1) u |= ~((1ull << bits) - 1);
  }
  return (int64_t)u == value;
}

// The schema's default (op_attrs.def) as VHLO writes it.
static bool is_schema_default(bc_import_t* im, const vhlo_op_def_t* def, const vhlo_attr_spec_t* s,
                              const bc_node_t* v) {
  const char* name = s->cx_name ? s->cx_name : s->name;
  const char* interned = cx_interned(im->ctx, name, strlen(name));
  const cx_op_attr_schema_t* row = interned ? cx_op_attr_schema(im->ctx, def->kind, interned) : NULL;
  if (!row) return false;
  switch (row->dflt) {
    case CX_AD_FALSE: return is_vhlo(v, VA_BOOL) && v->u == 0;
    case CX_AD_TRUE: return is_vhlo(v, VA_BOOL) && v->u == 1;
    case CX_AD_ZERO: return int_is(v, 0);
    case CX_AD_ONE:
      return s->conv == VC_API_VERSION ? is_vhlo(v, VA_API_VERSION) && v->u == 1 : int_is(v, 1);
    case CX_AD_MINUS_ONE: return int_is(v, -1);
    case CX_AD_EMPTY_STRING: return is_vhlo(v, VA_STRING) && v->len == 0;
    case CX_AD_EMPTY_ARRAY: return is_vhlo(v, VA_ARRAY) && v->nkids == 0;
    case CX_AD_EMPTY_DICT: return is_vhlo(v, VA_DICT) && v->nkids == 0;
    case CX_AD_EMPTY_LIST: return is_vhlo(v, VA_TENSOR) && v->len == 0;
    // VhloLegalizeToStablehlo drops any splat of the value, whatever its shape.
    case CX_AD_ONES: return tensor_all(im, v, 1);
    case CX_AD_FALSES:
    case CX_AD_ZERO_PAIRS: return tensor_all(im, v, 0);
    default: return false;
  }
}

static bool is_default(bc_import_t* im, const vhlo_op_def_t* def, const vhlo_attr_spec_t* s,
                       const bc_node_t* v) {
  switch (s->dflt) {
    case VD_SCHEMA: return is_schema_default(im, def, s, v);
    case VD_FALSE: return is_vhlo(v, VA_BOOL) && v->u == 0;
    case VD_ZERO: return int_is(v, 0);
    case VD_EMPTY_ARRAY:
    case VD_LAYOUTS: return is_vhlo(v, VA_ARRAY) && v->nkids == 0;
    case VD_EMPTY_TENSOR: return is_vhlo(v, VA_TENSOR) && v->len == 0;
    case VD_SPLAT_ZERO: return tensor_all(im, v, 0);
    case VD_PRECISION:
      if (!is_vhlo(v, VA_ARRAY)) return false;
      for (uint32_t i = 0; i < v->nkids; i++)
        if (!is_vhlo(v->kids[i], VA_PRECISION) || v->kids[i]->u != 0) return false;
      return true;
    case VD_CMP_NOTYPE: return is_vhlo(v, VA_CMP_TYPE) && v->u == 0;
    case VD_BACKEND_CONFIG:
      return (is_vhlo(v, VA_STRING) && v->len == 0) || (is_vhlo(v, VA_DICT) && v->nkids == 0);
    case VD_PUBLIC:
      // No visibility (VHLO writes ""); an explicit "public" is kept as the
      // sym_visibility attribute, as MLIR keeps it.
      return is_vhlo(v, VA_STRING) && v->len == 0;
    case VD_ARG_DICTS:
      // cxla's parser, like MLIR's printer, leaves argument attributes out
      // when every dictionary is empty.
      if (!is_vhlo(v, VA_ARRAY)) return false;
      for (uint32_t i = 0; i < v->nkids; i++)
        if (!is_vhlo(v->kids[i], VA_DICT) || v->kids[i]->nkids) return false;
      return true;
    case VD_NONE_TYPE:
      return is_vhlo(v, VA_TYPE) && v->kids[0]->dialect == BC_D_VHLO &&
             v->kids[0]->code == VT_NONE && !v->kids[0]->text;
    default: return false;
  }
}

static cx_status_t add(bc_import_t* im, cx_named_attr_t* out, uint32_t cap, uint32_t* count,
                       const char* name, const cx_attr_t* value) {
  if (*count >= cap) return bc_import_error(im, "too many attributes on one op");
  const char* interned = cx_intern(im->ctx, name, strlen(name));
  CX_RETURN_IF_ERROR(oom_if_null(interned));
  out[*count].name = interned;
  out[*count].value = value;
  (*count)++;
  return NULL;
}

static cx_status_t list_field(bc_import_t* im, const bc_node_t* v, const char* what,
                              cx_i64_list_t* out) {
  int64_t* data;
  uint32_t len;
  CX_RETURN_IF_ERROR(bc_import_i64_list(im, v, what, &data, &len));
  out->data = data;
  out->len = len;
  return NULL;
}

static cx_status_t type_field(bc_import_t* im, const bc_node_t* v, const char* what,
                              const cx_type_t** out) {
  if (!is_vhlo(v, VA_TYPE)) return bc_import_error(im, "%s: expected a type attribute", what);
  return bc_import_type(im, v->kids[0], out);
}

static cx_status_t field(bc_import_t* im, fields_t* fs, const vhlo_attr_spec_t* s,
                         const bc_node_t* v) {
  const char* w = s->name;
  switch (s->field) {
    case VF_CONV_INPUT_BATCH: fs->has_conv = true; return bc_import_int(im, v, w, &fs->conv.input_batch_dim);
    case VF_CONV_INPUT_FEATURE: fs->has_conv = true; return bc_import_int(im, v, w, &fs->conv.input_feature_dim);
    case VF_CONV_INPUT_SPATIAL: fs->has_conv = true; return list_field(im, v, w, &fs->conv.input_spatial_dims);
    case VF_CONV_KERNEL_IN: fs->has_conv = true; return bc_import_int(im, v, w, &fs->conv.kernel_input_feature_dim);
    case VF_CONV_KERNEL_OUT: fs->has_conv = true; return bc_import_int(im, v, w, &fs->conv.kernel_output_feature_dim);
    case VF_CONV_KERNEL_SPATIAL: fs->has_conv = true; return list_field(im, v, w, &fs->conv.kernel_spatial_dims);
    case VF_CONV_OUTPUT_BATCH: fs->has_conv = true; return bc_import_int(im, v, w, &fs->conv.output_batch_dim);
    case VF_CONV_OUTPUT_FEATURE: fs->has_conv = true; return bc_import_int(im, v, w, &fs->conv.output_feature_dim);
    case VF_CONV_OUTPUT_SPATIAL: fs->has_conv = true; return list_field(im, v, w, &fs->conv.output_spatial_dims);
    case VF_DOT_LHS_BATCH: fs->has_dot = true; return list_field(im, v, w, &fs->dot.lhs_batching_dims);
    case VF_DOT_RHS_BATCH: fs->has_dot = true; return list_field(im, v, w, &fs->dot.rhs_batching_dims);
    case VF_DOT_LHS_CONTRACT: fs->has_dot = true; return list_field(im, v, w, &fs->dot.lhs_contracting_dims);
    case VF_DOT_RHS_CONTRACT: fs->has_dot = true; return list_field(im, v, w, &fs->dot.rhs_contracting_dims);
    case VF_ALG_LHS_TYPE: fs->has_alg = true; return type_field(im, v, w, &fs->alg.lhs_precision_type);
    case VF_ALG_RHS_TYPE: fs->has_alg = true; return type_field(im, v, w, &fs->alg.rhs_precision_type);
    case VF_ALG_ACC_TYPE: fs->has_alg = true; return type_field(im, v, w, &fs->alg.accumulation_type);
    case VF_ALG_LHS_COUNT: fs->has_alg = true; return bc_import_int(im, v, w, &fs->alg.lhs_component_count);
    case VF_ALG_RHS_COUNT: fs->has_alg = true; return bc_import_int(im, v, w, &fs->alg.rhs_component_count);
    case VF_ALG_NUM_OPS: fs->has_alg = true; return bc_import_int(im, v, w, &fs->alg.num_primitive_operations);
    case VF_ALG_IMPRECISE:
      fs->has_alg = true;
      if (!is_vhlo(v, VA_BOOL)) return bc_import_error(im, "%s: expected a boolean", w);
      fs->alg.allow_imprecise_accumulation = v->u != 0;
      return NULL;
    case VF_GATHER_OFFSET: fs->has_gather = true; return list_field(im, v, w, &fs->gather.offset_dims);
    case VF_GATHER_COLLAPSED: fs->has_gather = true; return list_field(im, v, w, &fs->gather.collapsed_slice_dims);
    case VF_GATHER_OPERAND_BATCH: fs->has_gather = true; return list_field(im, v, w, &fs->gather.operand_batching_dims);
    case VF_GATHER_INDICES_BATCH: fs->has_gather = true; return list_field(im, v, w, &fs->gather.start_indices_batching_dims);
    case VF_GATHER_START_MAP: fs->has_gather = true; return list_field(im, v, w, &fs->gather.start_index_map);
    case VF_GATHER_INDEX_VECTOR: fs->has_gather = true; return bc_import_int(im, v, w, &fs->gather.index_vector_dim);
    case VF_SCATTER_UPDATE_WINDOW: fs->has_scatter = true; return list_field(im, v, w, &fs->scatter.update_window_dims);
    case VF_SCATTER_INSERTED: fs->has_scatter = true; return list_field(im, v, w, &fs->scatter.inserted_window_dims);
    case VF_SCATTER_INPUT_BATCH: fs->has_scatter = true; return list_field(im, v, w, &fs->scatter.input_batching_dims);
    case VF_SCATTER_INDICES_BATCH: fs->has_scatter = true; return list_field(im, v, w, &fs->scatter.scatter_indices_batching_dims);
    case VF_SCATTER_TO_OPERAND: fs->has_scatter = true; return list_field(im, v, w, &fs->scatter.scatter_dims_to_operand_dims);
    case VF_SCATTER_INDEX_VECTOR: fs->has_scatter = true; return bc_import_int(im, v, w, &fs->scatter.index_vector_dim);
    default: return bc_import_error(im, "%s: unknown structured field", w);
  }
}

static cx_status_t i64_array(bc_import_t* im, const bc_node_t* v, const char* what, bool bools,
                             const cx_attr_t** out) {
  int64_t* data;
  uint32_t len;
  CX_RETURN_IF_ERROR(bc_import_i64_list(im, v, what, &data, &len));
  if (bools)
    for (uint32_t i = 0; i < len; i++) data[i] = data[i] != 0;
  const cx_type_t* t = cx_type_element(im->ctx, bools ? CX_ELEM_I1 : CX_ELEM_SI64);
  CX_RETURN_IF_ERROR(oom_if_null(t));
  *out = cx_attr_dense_i64_array(&im->m->arena, t, len, data);
  return oom_if_null(*out);
}

static cx_status_t symbol(bc_import_t* im, const bc_node_t* v, const char* what,
                          const cx_attr_t** out) {
  if (!is_vhlo(v, VA_STRING)) return bc_import_error(im, "%s: expected a string", what);
  *out = cx_attr_symbol_ref(&im->m->arena, v->str, v->len);
  return oom_if_null(*out);
}

// A new attribute of `kind` added to out as `name`; the caller fills it in.
static cx_status_t add_new(bc_import_t* im, cx_named_attr_t* out, uint32_t cap, uint32_t* count,
                           cx_attr_kind_t kind, const char* name, cx_attr_t** a) {
  *a = cx_attr_new(&im->m->arena, kind);
  CX_RETURN_IF_ERROR(oom_if_null(*a));
  return add(im, out, cap, count, name, *a);
}

static cx_status_t structured(bc_import_t* im, const vhlo_op_def_t* def, fields_t* fs,
                              cx_named_attr_t* out, uint32_t cap, uint32_t* count) {
  cx_attr_t* a;
  if (fs->has_conv) {
    CX_RETURN_IF_ERROR(add_new(im, out, cap, count, CX_ATTR_CONV, "dimension_numbers", &a));
    a->conv = fs->conv;
  }
  if (fs->has_dot) {
    CX_RETURN_IF_ERROR(add_new(im, out, cap, count, CX_ATTR_DOT, "dot_dimension_numbers", &a));
    a->dot = fs->dot;
  }
  if (fs->has_alg) {
    const cx_dot_algorithm_t* g = &fs->alg;
    if (!g->lhs_precision_type || !g->rhs_precision_type || !g->accumulation_type)
      return bc_import_error(im, "'vhlo.%s': incomplete dot algorithm", def->mnemonic);
    CX_RETURN_IF_ERROR(add_new(im, out, cap, count, CX_ATTR_DOT_ALGORITHM, "algorithm", &a));
    a->dot_algorithm = *g;
  }
  if (fs->has_gather) {
    CX_RETURN_IF_ERROR(add_new(im, out, cap, count, CX_ATTR_GATHER, "dimension_numbers", &a));
    a->gather = fs->gather;
  }
  if (fs->has_scatter) {
    CX_RETURN_IF_ERROR(
        add_new(im, out, cap, count, CX_ATTR_SCATTER, "scatter_dimension_numbers", &a));
    a->scatter = fs->scatter;
  }
  if (fs->has_channel) {
    CX_RETURN_IF_ERROR(add_new(im, out, cap, count, CX_ATTR_CHANNEL_HANDLE, "channel_handle", &a));
    a->channel_handle.handle = fs->channel_id;
    a->channel_handle.type = fs->channel_type;
  }
  return NULL;
}

static bool default_accuracy(const bc_node_t* v) {
  return is_vhlo(v, VA_RESULT_ACCURACY) && v->ints[0] == 0 && v->ints[1] == 0 && v->ints[2] == 0 &&
         is_vhlo(v->kids[0], VA_RESULT_ACCURACY_MODE) && v->kids[0]->u == 0;
}

cx_status_t bc_import_op_attrs(bc_import_t* im, const vhlo_op_def_t* def,
                               const bc_node_t* const* vals, cx_named_attr_t* out, uint32_t cap,
                               uint32_t* out_count) {
  fields_t fs;
  memset(&fs, 0, sizeof(fs));
  uint32_t n = vhlo_op_nattrs(def);
  for (uint32_t i = 0; i < n; i++) {
    const vhlo_attr_spec_t* s = &def->attrs[i];
    const bc_node_t* v = vals[i];
    if (!v) return bc_import_error(im, "'vhlo.%s' is missing attribute '%s'", def->mnemonic, s->name);
    if (v->is_type) return bc_import_error(im, "'vhlo.%s': attribute '%s' is a type",
                                           def->mnemonic, s->name);
    // VHLO ops take VHLO attributes only (VHLO_AnyAttr).
    if (v->dialect != BC_D_VHLO)
      return bc_import_error(im, "'vhlo.%s': attribute '%s' is not a VHLO attribute",
                             def->mnemonic, s->name);
    bool dflt = is_default(im, def, s, v);
    // StableHLO drops empty layouts only in pairs: `result_layouts = []`
    // next to operand layouts says "no results have layouts", and dropping
    // it alone leaves an op that fails verification.
    for (uint32_t j = 0; dflt && s->dflt == VD_LAYOUTS && j < n; j++)
      if (j != i && def->attrs[j].dflt == VD_LAYOUTS && vals[j] && !is_default(im, def, &def->attrs[j], vals[j]))
        dflt = false;
    if (im->oom) return CX_OOM();
    const char* name = s->cx_name ? s->cx_name : s->name;
    const cx_attr_t* a = NULL;
    switch (s->conv) {
      case VC_API_VERSION:
        // Written back as #vhlo.api_version whatever it was read as, so
        // anything else would not survive a round trip.
        if (!is_vhlo(v, VA_API_VERSION))
          return bc_import_error(im, "'vhlo.%s': api_version is not a #vhlo.api_version_v1",
                                 def->mnemonic);
        if (dflt) break;
        CX_RETURN_IF_ERROR(bc_import_attr(im, v, &a));
        break;
      case VC_GENERIC:
      case VC_FUNC_TYPE:
        if (dflt) break;
        CX_RETURN_IF_ERROR(bc_import_attr(im, v, &a));
        break;
      case VC_I64_ARRAY:
      case VC_BOOL_ARRAY:
        if (dflt) break;
        CX_RETURN_IF_ERROR(i64_array(im, v, s->name, s->conv == VC_BOOL_ARRAY, &a));
        break;
      case VC_SYMBOL:
        if (dflt) break;
        CX_RETURN_IF_ERROR(symbol(im, v, s->name, &a));
        break;
      case VC_SYMBOL_ARRAY: {
        if (dflt) break;
        if (!is_vhlo(v, VA_ARRAY)) return bc_import_error(im, "%s: expected an array", s->name);
        const cx_attr_t** items =
            v->nkids ? cx_alloc(im->ctx->allocator, v->nkids * sizeof(*items)) : NULL;
        if (v->nkids && !items) return CX_OOM();
        cx_status_t st = NULL;
        for (uint32_t k = 0; k < v->nkids && !st; k++) st = symbol(im, v->kids[k], s->name, &items[k]);
        if (!st) {
          a = cx_attr_array(&im->m->arena, v->nkids, items);
          st = oom_if_null(a);
        }
        cx_free(im->ctx->allocator, items);
        CX_RETURN_IF_ERROR(st);
        break;
      }
      case VC_CHANNEL_ID:
        if (dflt) break;
        fs.has_channel = true;
        CX_RETURN_IF_ERROR(bc_import_int(im, v, s->name, &fs.channel_id));
        break;
      case VC_CHANNEL_TYPE:
        CX_RETURN_IF_ERROR(bc_import_int(im, v, s->name, &fs.channel_type));
        break;
      case VC_UNIT_BOOL:
        if (!is_vhlo(v, VA_BOOL)) return bc_import_error(im, "%s: expected a boolean", s->name);
        if (v->u) {
          a = cx_attr_unit(&im->m->arena);
          CX_RETURN_IF_ERROR(oom_if_null(a));
        }
        break;
      case VC_FIELD:
        if (dflt) break;
        CX_RETURN_IF_ERROR(field(im, &fs, s, v));
        break;
      case VC_RESULT_ACCURACY:
        if (default_accuracy(v)) break;
        CX_RETURN_IF_ERROR(bc_import_attr(im, v, &a));
        if (a->kind != CX_ATTR_RESULT_ACCURACY)
          return bc_import_error(im, "%s: expected a result accuracy", s->name);
        break;
      case VC_DROP:
        break;
      default:
        return bc_import_error(im, "%s: unknown conversion", s->name);
    }
    if (a) CX_RETURN_IF_ERROR(add(im, out, cap, out_count, name, a));
  }
  // Send and recv carry the whole handle in two attributes; collectives only
  // the id (the type is 0 in StableHLO then).
  if (def->kind == CX_OP_SEND || def->kind == CX_OP_RECV) fs.has_channel = true;
  return structured(im, def, &fs, out, cap, out_count);
}
