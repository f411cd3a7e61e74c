// Parsing StableHLO's structured attributes: #stablehlo.gather<...>,
// scatter, dot, dot_algorithm, conv, channel_handle, output_operand_alias,
// bounds/type_extensions, result_accuracy(_mode), axis_ref,
// replica_group_mesh_axes, and #chlo.ragged_dot.
//
// Struct-like attributes follow StableHLO's parseStruct rules: fields in any
// order, each at most once, missing fields are empty lists / zero.
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "text/parse_formats.h"
#include "text/parser.h"

typedef enum field_kind {
  FIELD_LIST,       // [1, 2]
  FIELD_INT,        // 3
  FIELD_BOOL,       // true
  FIELD_TYPE,       // f32
  FIELD_FLOAT,      // 1.0e-5
  FIELD_ATTR,       // any attribute
} field_kind_t;

// A field stored at `offset` in the struct parsed into, as a cx_i64_list_t,
// int64_t, bool, const cx_type_t*, double or const cx_attr_t* by kind.
typedef struct field {
  const char* name;
  field_kind_t kind;
  size_t offset;
} field_t;

// The '<' is consumed; parses "name = value, ..." into `base` up to and
// including '>', setting seen[i] (n entries, false on entry) for each field
// given. A comma may end the list (`#stablehlo.dot<..., >`): StableHLO's
// struct parser stops at the first token that is not a field name.
static cx_status_t parse_struct(cx_parser_t* p, void* base, const field_t* fields, int n,
                                bool* seen) {
  do {
    if (cx_p_accept(p, '>')) return NULL;
    const char* at = p->cur;
    const char* name;
    size_t len;
    if (!cx_p_ident(p, &name, &len)) return cx_p_error(p, "expected field name");
    int i = 0;
    while (i < n && !(strlen(fields[i].name) == len && !memcmp(fields[i].name, name, len))) i++;
    if (i == n) return cx_p_error_at(p, at, "unexpected field '%.*s'", (int)len, name);
    const field_t* f = &fields[i];
    if (seen[i]) return cx_p_error_at(p, at, "field '%s' given more than once", f->name);
    seen[i] = true;
    CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
    void* out = (char*)base + f->offset;
    switch (f->kind) {
      case FIELD_LIST: {
        int64_t* data;
        uint32_t count;
        // Dimension numbers are plain integers (StableHLO's parseDims); a
        // '?' here printed back in forms that cannot hold it.
        CX_RETURN_IF_ERROR(cx_p_int_list(p, false, &data, &count));
        cx_i64_list_t* l = out;
        l->data = data;
        l->len = count;
        break;
      }
      case FIELD_INT:
        CX_RETURN_IF_ERROR(cx_p_int(p, out));
        break;
      case FIELD_BOOL: {
        if (cx_p_accept_keyword(p, "true")) *(bool*)out = true;
        else if (cx_p_accept_keyword(p, "false")) *(bool*)out = false;
        else return cx_p_error(p, "expected true or false");
        break;
      }
      case FIELD_TYPE:
        CX_RETURN_IF_ERROR(cx_p_type(p, out));
        break;
      case FIELD_FLOAT:
        CX_RETURN_IF_ERROR(cx_p_float(p, out));
        break;
      case FIELD_ATTR:
        CX_RETURN_IF_ERROR(cx_p_attr(p, out));
        break;
    }
  } while (cx_p_accept(p, ','));
  return cx_p_expect(p, '>');
}

// The struct-like attributes' fields, as offsets in cx_attr_t (T: a type the
// fields are read into first).
#define FIELD(kind, name, T, member) {name, FIELD_##kind, offsetof(T, member)}
#define LIST(name, member) FIELD(LIST, name, cx_attr_t, member)
#define INT(name, member) FIELD(INT, name, cx_attr_t, member)
#define COUNT(fields) ((int)(sizeof(fields) / sizeof(fields[0])))

static const field_t kGather[] = {
    LIST("offset_dims", gather.offset_dims),
    LIST("collapsed_slice_dims", gather.collapsed_slice_dims),
    LIST("operand_batching_dims", gather.operand_batching_dims),
    LIST("start_indices_batching_dims", gather.start_indices_batching_dims),
    LIST("start_index_map", gather.start_index_map),
    INT("index_vector_dim", gather.index_vector_dim),
};
static const field_t kScatter[] = {
    LIST("update_window_dims", scatter.update_window_dims),
    LIST("inserted_window_dims", scatter.inserted_window_dims),
    LIST("input_batching_dims", scatter.input_batching_dims),
    LIST("scatter_indices_batching_dims", scatter.scatter_indices_batching_dims),
    LIST("scatter_dims_to_operand_dims", scatter.scatter_dims_to_operand_dims),
    INT("index_vector_dim", scatter.index_vector_dim),
};
static const field_t kDot[] = {
    LIST("lhs_batching_dimensions", dot.lhs_batching_dims),
    LIST("rhs_batching_dimensions", dot.rhs_batching_dims),
    LIST("lhs_contracting_dimensions", dot.lhs_contracting_dims),
    LIST("rhs_contracting_dimensions", dot.rhs_contracting_dims),
};
static const field_t kRaggedDot[] = {
    LIST("lhs_batching_dimensions", ragged_dot.dot.lhs_batching_dims),
    LIST("rhs_batching_dimensions", ragged_dot.dot.rhs_batching_dims),
    LIST("lhs_contracting_dimensions", ragged_dot.dot.lhs_contracting_dims),
    LIST("rhs_contracting_dimensions", ragged_dot.dot.rhs_contracting_dims),
    LIST("lhs_ragged_dimensions", ragged_dot.lhs_ragged_dims),
    LIST("rhs_group_dimensions", ragged_dot.rhs_group_dims),
};
static const field_t kChannelHandle[] = {
    INT("handle", channel_handle.handle),
    INT("type", channel_handle.type),
};
static const field_t kOutputOperandAlias[] = {
    LIST("output_tuple_indices", output_operand_alias.output_tuple_indices),
    INT("operand_index", output_operand_alias.operand_index),
    LIST("operand_tuple_indices", output_operand_alias.operand_tuple_indices),
};
// #stablehlo.conv<raw ...>
static const field_t kConvRaw[] = {
    INT("input_batch_dimension", conv.input_batch_dim),
    INT("input_feature_dimension", conv.input_feature_dim),
    LIST("input_spatial_dimensions", conv.input_spatial_dims),
    INT("kernel_input_feature_dimension", conv.kernel_input_feature_dim),
    INT("kernel_output_feature_dimension", conv.kernel_output_feature_dim),
    LIST("kernel_spatial_dimensions", conv.kernel_spatial_dims),
    INT("output_batch_dimension", conv.output_batch_dim),
    INT("output_feature_dimension", conv.output_feature_dim),
    LIST("output_spatial_dimensions", conv.output_spatial_dims),
};

typedef struct struct_attr {
  const char* name;  // after "#stablehlo."
  cx_attr_kind_t kind;
  const field_t* fields;
  int num_fields;
} struct_attr_t;

static const struct_attr_t kStructAttrs[] = {
    {"gather", CX_ATTR_GATHER, kGather, COUNT(kGather)},
    {"scatter", CX_ATTR_SCATTER, kScatter, COUNT(kScatter)},
    {"dot", CX_ATTR_DOT, kDot, COUNT(kDot)},
    {"ragged_dot", CX_ATTR_RAGGED_DOT, kRaggedDot, COUNT(kRaggedDot)},
    {"channel_handle", CX_ATTR_CHANNEL_HANDLE, kChannelHandle, COUNT(kChannelHandle)},
    {"output_operand_alias", CX_ATTR_OUTPUT_OPERAND_ALIAS, kOutputOperandAlias,
     COUNT(kOutputOperandAlias)},
};
static const struct_attr_t kConvRawAttr = {"raw", CX_ATTR_CONV, kConvRaw, COUNT(kConvRaw)};

// result_accuracy's fields, its mode read as an attribute and checked after.
typedef struct accuracy_fields {
  cx_result_accuracy_t acc;
  const cx_attr_t* mode;
} accuracy_fields_t;
static const field_t kAccuracy[] = {
    FIELD(FLOAT, "atol", accuracy_fields_t, acc.atol),
    FIELD(FLOAT, "rtol", accuracy_fields_t, acc.rtol),
    FIELD(INT, "ulps", accuracy_fields_t, acc.ulps),
    FIELD(ATTR, "mode", accuracy_fields_t, mode),
};

typedef struct mesh_axes_fields {
  const cx_attr_t* mesh;
  const cx_attr_t* axes;
} mesh_axes_fields_t;
static const field_t kMeshAxes[] = {
    FIELD(ATTR, "mesh", mesh_axes_fields_t, mesh),
    FIELD(ATTR, "axes", mesh_axes_fields_t, axes),
};

// A new attribute of the struct-like kind, its fields parsed.
static cx_status_t parse_struct_attr(cx_parser_t* p, const struct_attr_t* sa,
                                     const cx_attr_t** out) {
  cx_attr_t* a = cx_attr_new(&p->module->arena, sa->kind);
  if (!a) return CX_OOM();
  bool seen[16] = {false};
  CX_RETURN_IF_ERROR(parse_struct(p, a, sa->fields, sa->num_fields, seen));
  *out = a;
  return NULL;
}

// conv-dims ::= `[` dim (`,` dim)* `]` `x` `[` ... `]` `->` `[` ... `]`
// where each dim is a spatial index or one of b/f (input, output), i/o (kernel).
static cx_status_t parse_conv_bracket(cx_parser_t* p, const char* letters, int64_t* first,
                                      int64_t* second, cx_i64_list_t* spatial) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  int64_t spatial_pos[64];
  int64_t seen_spatial = 0;
  int64_t max_spatial = -1;
  for (int i = 0; i < 64; i++) spatial_pos[i] = -1;
  *first = *second = -1;
  int64_t pos = 0;
  do {
    if (pos >= 64) return cx_p_error(p, "too many convolution dimensions");
    cx_p_skip_ws(p);
    const char* dim_at = p->cur;
    if (cx_p_peek_int(p)) {
      int64_t k;
      CX_RETURN_IF_ERROR(cx_p_int(p, &k));
      if (k < 0 || k >= 64) return cx_p_error_at(p, dim_at, "invalid spatial dimension %lld", (long long)k);
      if (spatial_pos[k] >= 0)
        return cx_p_error_at(p, dim_at, "duplicate spatial dimension %lld", (long long)k);
      spatial_pos[k] = pos;
      seen_spatial++;
      if (k > max_spatial) max_spatial = k;
    } else {
      const char* id;
      size_t len;
      if (!cx_p_ident(p, &id, &len) || len != 1 || !strchr(letters, id[0]))
        return cx_p_error_at(p, dim_at, "expected a spatial dimension or one of '%c', '%c'",
                             letters[0], letters[1]);
      int64_t* slot = id[0] == letters[0] ? first : second;
      if (*slot >= 0) return cx_p_error_at(p, dim_at, "duplicate '%c' dimension", id[0]);
      *slot = pos;
    }
    pos++;
  } while (cx_p_accept(p, ','));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
  if (*first < 0 || *second < 0)
    return cx_p_error_at(p, at, "missing '%c' or '%c' dimension", letters[0], letters[1]);
  if (seen_spatial != max_spatial + 1)
    return cx_p_error_at(p, at, "spatial dimensions must be numbered 0..%lld without gaps",
                         (long long)seen_spatial - 1);
  int64_t* data = CX_ARENA_ARRAY(&p->module->arena, int64_t, seen_spatial ? seen_spatial : 1);
  if (!data) return CX_OOM();
  for (int64_t k = 0; k < seen_spatial; k++) data[k] = spatial_pos[k];
  spatial->data = data;
  spatial->len = (uint32_t)seen_spatial;
  return NULL;
}

cx_status_t cx_p_conv_dims(cx_parser_t* p, const cx_attr_t** out) {
  cx_attr_t* a = cx_attr_new(&p->module->arena, CX_ATTR_CONV);
  if (!a) return CX_OOM();
  cx_conv_dims_t* d = &a->conv;
  CX_RETURN_IF_ERROR(parse_conv_bracket(p, "bf", &d->input_batch_dim, &d->input_feature_dim,
                                        &d->input_spatial_dims));
  CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "x"));
  CX_RETURN_IF_ERROR(parse_conv_bracket(p, "io", &d->kernel_input_feature_dim,
                                        &d->kernel_output_feature_dim, &d->kernel_spatial_dims));
  CX_RETURN_IF_ERROR(cx_p_expect_str(p, "->"));
  CX_RETURN_IF_ERROR(parse_conv_bracket(p, "bf", &d->output_batch_dim, &d->output_feature_dim,
                                        &d->output_spatial_dims));
  *out = a;
  return NULL;
}

static cx_status_t parse_conv_attr(cx_parser_t* p, const cx_attr_t** out) {
  if (cx_p_accept_keyword(p, "raw"))
    return parse_struct_attr(p, &kConvRawAttr, out);
  CX_RETURN_IF_ERROR(cx_p_conv_dims(p, out));
  return cx_p_expect(p, '>');
}

static cx_status_t parse_bounds_list(cx_parser_t* p, cx_attr_t* a, char close) {
  // "?, 3, ?" up to `close` (not consumed).
  int64_t vals[64];
  uint32_t n = 0;
  if (cx_p_peek(p) != close) {
    do {
      if (n == 64) return cx_p_error(p, "too many bounds");
      if (cx_p_accept(p, '?')) {
        vals[n++] = CX_DYNAMIC_DIM;
      } else {
        CX_RETURN_IF_ERROR(cx_p_int(p, &vals[n]));
        n++;
      }
    } while (cx_p_accept(p, ','));
  }
  a->bounds.rank = n;
  a->bounds.bounds = cx_arena_memdup(&p->module->arena, vals, n * sizeof(int64_t), 8);
  return a->bounds.bounds ? NULL : CX_OOM();
}

cx_status_t cx_p_stablehlo_attr(cx_parser_t* p, const char* name, size_t len, const char* at,
                                const cx_attr_t** out) {
  // The '<' after the name is consumed.
  cx_arena_t* arena = &p->module->arena;
#define IS(s) (len == strlen(s) && !memcmp(name, s, len))
  cx_attr_t* a = NULL;
  for (int i = 0; i < COUNT(kStructAttrs); i++)
    if (IS(kStructAttrs[i].name)) return parse_struct_attr(p, &kStructAttrs[i], out);
  if (IS("dot_algorithm")) {
    a = cx_attr_new(arena, CX_ATTR_DOT_ALGORITHM);
    if (!a) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_p_dot_algorithm_body(p, &a->dot_algorithm));
  } else if (IS("conv")) {
    return parse_conv_attr(p, out);
  } else if (IS("bounds")) {
    a = cx_attr_new(arena, CX_ATTR_BOUNDS);
    if (!a) return CX_OOM();
    CX_RETURN_IF_ERROR(parse_bounds_list(p, a, '>'));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  } else if (IS("type_extensions")) {
    a = cx_attr_new(arena, CX_ATTR_BOUNDS);
    if (!a) return CX_OOM();
    // Both spellings denote StableHLO's one TypeExtensionsAttr, and the
    // printer emits the #stablehlo.bounds form; leaving type_extensions
    // unset keeps `tensor<?xf32, #stablehlo.type_extensions<bounds = [4]>>`
    // the same interned type as its printed form (the round trip's module
    // equality depends on it).
    CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "bounds"));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
    CX_RETURN_IF_ERROR(parse_bounds_list(p, a, ']'));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  } else if (IS("result_accuracy")) {
    a = cx_attr_new(arena, CX_ATTR_RESULT_ACCURACY);
    if (!a) return CX_OOM();
    accuracy_fields_t v = {{0}, NULL};
    bool seen[COUNT(kAccuracy)] = {false};
    CX_RETURN_IF_ERROR(parse_struct(p, &v, kAccuracy, COUNT(kAccuracy), seen));
    a->result_accuracy = v.acc;
    const cx_attr_t* mode = v.mode;
    if (mode) {
      if (mode->kind != CX_ATTR_ENUM || mode->enumeration.kind != CX_ENUM_RESULT_ACCURACY_MODE)
        return cx_p_error_at(p, at, "result_accuracy mode must be a result_accuracy_mode");
      a->result_accuracy.mode = mode->enumeration.value;
    }
  } else if (IS("result_accuracy_mode")) {
    const char* v;
    size_t vl;
    if (!cx_p_ident(p, &v, &vl)) return cx_p_error(p, "expected result accuracy mode");
    int value = cx_enum_lookup(CX_ENUM_RESULT_ACCURACY_MODE, v, vl);
    if (value < 0) return cx_p_error_at(p, v, "unknown result accuracy mode '%.*s'", (int)vl, v);
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
    *out = cx_attr_enum(arena, CX_ENUM_RESULT_ACCURACY_MODE, value);
    return *out ? NULL : CX_OOM();
  } else if (IS("axis_ref")) {
    a = cx_attr_new(arena, CX_ATTR_AXIS_REF);
    if (!a) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "name"));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
    size_t nl;
    CX_RETURN_IF_ERROR(cx_p_name_string(p, &a->axis_ref.name, &nl));
    if (cx_p_accept(p, ',')) {
      CX_RETURN_IF_ERROR(cx_p_expect_keyword(p, "sub_axis_info"));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '='));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
      CX_RETURN_IF_ERROR(cx_p_int(p, &a->axis_ref.pre_size));
      CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
      CX_RETURN_IF_ERROR(cx_p_int(p, &a->axis_ref.size));
      a->axis_ref.has_sub_axis_info = true;
    }
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  } else if (IS("replica_group_mesh_axes")) {
    a = cx_attr_new(arena, CX_ATTR_REPLICA_GROUP_MESH_AXES);
    if (!a) return CX_OOM();
    mesh_axes_fields_t v = {NULL, NULL};
    bool seen[COUNT(kMeshAxes)] = {false};
    CX_RETURN_IF_ERROR(parse_struct(p, &v, kMeshAxes, COUNT(kMeshAxes), seen));
    const cx_attr_t* mesh = v.mesh;
    const cx_attr_t* axes = v.axes;
    if (!mesh || mesh->kind != CX_ATTR_SYMBOL_REF)
      return cx_p_error_at(p, at, "replica_group_mesh_axes needs 'mesh = @name'");
    if (!axes || axes->kind != CX_ATTR_ARRAY)
      return cx_p_error_at(p, at, "replica_group_mesh_axes needs 'axes = [...]'");
    for (uint32_t i = 0; i < axes->array.count; i++)
      if (axes->array.items[i]->kind != CX_ATTR_AXIS_REF)
        return cx_p_error_at(p, at, "replica_group_mesh_axes axes must be #stablehlo.axis_ref");
    a->mesh_axes.mesh_name = mesh->str.data;
    a->mesh_axes.num_axes = axes->array.count;
    a->mesh_axes.axes = axes->array.items;
  } else {
    // Attributes cxla does not model are kept as text.
    p->cur = at;
    const char* e = at + 1;
    while (e < p->end && *e != '<') e++;
    p->cur = e;
    CX_RETURN_IF_ERROR(cx_p_skip_balanced(p));
    *out = cx_attr_opaque(arena, at, (size_t)(p->cur - at));
    return *out ? NULL : CX_OOM();
  }
#undef IS
  *out = a;
  return NULL;
}

cx_status_t cx_p_dot_algorithm_body(cx_parser_t* p, cx_dot_algorithm_t* d) {
  static const field_t kFields[] = {
      FIELD(TYPE, "lhs_precision_type", cx_dot_algorithm_t, lhs_precision_type),
      FIELD(TYPE, "rhs_precision_type", cx_dot_algorithm_t, rhs_precision_type),
      FIELD(TYPE, "accumulation_type", cx_dot_algorithm_t, accumulation_type),
      FIELD(INT, "lhs_component_count", cx_dot_algorithm_t, lhs_component_count),
      FIELD(INT, "rhs_component_count", cx_dot_algorithm_t, rhs_component_count),
      FIELD(INT, "num_primitive_operations", cx_dot_algorithm_t, num_primitive_operations),
      FIELD(BOOL, "allow_imprecise_accumulation", cx_dot_algorithm_t,
            allow_imprecise_accumulation),
  };
  const char* at = p->cur;
  bool seen[COUNT(kFields)] = {false};
  CX_RETURN_IF_ERROR(parse_struct(p, d, kFields, COUNT(kFields), seen));
  for (int i = 0; i < COUNT(kFields); i++)
    if (!seen[i]) return cx_p_error_at(p, at, "dot_algorithm is missing '%s'", kFields[i].name);
  return NULL;
}
