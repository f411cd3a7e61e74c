// Attribute construction, enum spellings, equality and hashing.
#include "ir/attrs.h"

#include <stddef.h>
#include <string.h>

#include "ir/ir.h"
#include "support/hashmap.h"
#include "support/scalar.h"

// ----------------------------------------------------------------------------
// Enumerations.

typedef struct enum_table {
  const char* dialect;
  const char* name;
  int count;
  const char* const* values;
} enum_table_t;

static const char* const kComparisonDirection[] = {"EQ", "NE", "GE", "GT", "LE", "LT"};
static const char* const kComparisonType[] = {"NOTYPE", "FLOAT", "TOTALORDER", "SIGNED",
                                              "UNSIGNED"};
static const char* const kPrecision[] = {"DEFAULT", "HIGH", "HIGHEST"};
static const char* const kFftType[] = {"FFT", "IFFT", "RFFT", "IRFFT"};
static const char* const kRngAlgorithm[] = {"DEFAULT", "THREE_FRY", "PHILOX"};
static const char* const kRngDistribution[] = {"UNIFORM", "NORMAL"};
static const char* const kTranspose[] = {"TRANSPOSE_INVALID", "NO_TRANSPOSE", "TRANSPOSE",
                                         "ADJOINT"};
static const char* const kAccuracyMode[] = {"DEFAULT", "HIGHEST", "TOLERANCE"};

#define ENUM_ROW(dialect, name, values) \
  {dialect, name, (int)(sizeof(values) / sizeof(values[0])), values}

static const enum_table_t kEnums[CX_ENUM_COUNT] = {
    [CX_ENUM_COMPARISON_DIRECTION] =
        ENUM_ROW("stablehlo", "comparison_direction", kComparisonDirection),
    [CX_ENUM_COMPARISON_TYPE] = ENUM_ROW("stablehlo", "comparison_type", kComparisonType),
    [CX_ENUM_PRECISION] = ENUM_ROW("stablehlo", "precision", kPrecision),
    [CX_ENUM_FFT_TYPE] = ENUM_ROW("stablehlo", "fft_type", kFftType),
    [CX_ENUM_RNG_ALGORITHM] = ENUM_ROW("stablehlo", "rng_algorithm", kRngAlgorithm),
    [CX_ENUM_RNG_DISTRIBUTION] = ENUM_ROW("stablehlo", "rng_distribution", kRngDistribution),
    [CX_ENUM_TRANSPOSE] = ENUM_ROW("stablehlo", "transpose", kTranspose),
    [CX_ENUM_RESULT_ACCURACY_MODE] =
        ENUM_ROW("stablehlo", "result_accuracy_mode", kAccuracyMode),
    [CX_ENUM_CHLO_COMPARISON_DIRECTION] =
        ENUM_ROW("chlo", "comparison_direction", kComparisonDirection),
    [CX_ENUM_CHLO_COMPARISON_TYPE] = ENUM_ROW("chlo", "comparison_type", kComparisonType),
    [CX_ENUM_CHLO_PRECISION] = ENUM_ROW("chlo", "precision", kPrecision),
};

const char* cx_enum_dialect(cx_enum_kind_t kind) { return kEnums[kind].dialect; }
const char* cx_enum_name(cx_enum_kind_t kind) { return kEnums[kind].name; }
int cx_enum_value_count(cx_enum_kind_t kind) { return kEnums[kind].count; }

const char* cx_enum_value_name(cx_enum_kind_t kind, int value) {
  if (value < 0 || value >= kEnums[kind].count) return "?";
  return kEnums[kind].values[value];
}

int cx_enum_lookup(cx_enum_kind_t kind, const char* spelling, size_t len) {
  for (int i = 0; i < kEnums[kind].count; i++) {
    const char* v = kEnums[kind].values[i];
    if (strlen(v) == len && memcmp(v, spelling, len) == 0) return i;
  }
  return -1;
}

// ----------------------------------------------------------------------------
// Constructors.

#define PAYLOAD_END(member) (offsetof(cx_attr_t, member) + sizeof(((cx_attr_t*)0)->member))

// Attributes are sized by kind: the union is as large as its largest member
// (a convolution's or scatter's dimension numbers, ~100 bytes), while most
// attributes of a model are integer lists and enums of a few words. An
// attribute is never read past its kind's member, nor changes kind.
size_t cx_attr_size(cx_attr_kind_t kind) {
  size_t n = offsetof(cx_attr_t, boolean);  // kind and type only
  switch (kind) {
    case CX_ATTR_UNIT:
    case CX_ATTR_TYPE: break;
    case CX_ATTR_BOOL: n = PAYLOAD_END(boolean); break;
    case CX_ATTR_INTEGER: n = PAYLOAD_END(integer); break;
    case CX_ATTR_FLOAT: n = PAYLOAD_END(fp); break;
    case CX_ATTR_STRING:
    case CX_ATTR_SYMBOL_REF:
    case CX_ATTR_OPAQUE: n = PAYLOAD_END(str); break;
    case CX_ATTR_ARRAY: n = PAYLOAD_END(array); break;
    case CX_ATTR_DICT: n = PAYLOAD_END(dict); break;
    case CX_ATTR_DENSE_ARRAY: n = PAYLOAD_END(dense_array); break;
    case CX_ATTR_DENSE: n = PAYLOAD_END(dense); break;
    case CX_ATTR_DENSE_RESOURCE: n = PAYLOAD_END(resource); break;
    case CX_ATTR_ENUM: n = PAYLOAD_END(enumeration); break;
    case CX_ATTR_GATHER: n = PAYLOAD_END(gather); break;
    case CX_ATTR_SCATTER: n = PAYLOAD_END(scatter); break;
    case CX_ATTR_DOT: n = PAYLOAD_END(dot); break;
    case CX_ATTR_DOT_ALGORITHM: n = PAYLOAD_END(dot_algorithm); break;
    case CX_ATTR_CONV: n = PAYLOAD_END(conv); break;
    case CX_ATTR_CHANNEL_HANDLE: n = PAYLOAD_END(channel_handle); break;
    case CX_ATTR_OUTPUT_OPERAND_ALIAS: n = PAYLOAD_END(output_operand_alias); break;
    case CX_ATTR_BOUNDS: n = PAYLOAD_END(bounds); break;
    case CX_ATTR_RESULT_ACCURACY: n = PAYLOAD_END(result_accuracy); break;
    case CX_ATTR_AXIS_REF: n = PAYLOAD_END(axis_ref); break;
    case CX_ATTR_REPLICA_GROUP_MESH_AXES: n = PAYLOAD_END(mesh_axes); break;
    case CX_ATTR_RAGGED_DOT: n = PAYLOAD_END(ragged_dot); break;
    default: n = sizeof(cx_attr_t); break;
  }
  return (n + 7) & ~(size_t)7;
}

cx_attr_t* cx_attr_new(cx_arena_t* arena, cx_attr_kind_t kind) {
  cx_attr_t* a = cx_arena_calloc(arena, 1, cx_attr_size(kind), _Alignof(cx_attr_t));
  if (a) a->kind = kind;
  return a;
}

const cx_attr_t* cx_attr_unit(cx_arena_t* arena) { return cx_attr_new(arena, CX_ATTR_UNIT); }

const cx_attr_t* cx_attr_bool(cx_arena_t* arena, bool value) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_BOOL);
  if (a) a->boolean = value;
  return a;
}

const cx_attr_t* cx_attr_integer(cx_arena_t* arena, const cx_type_t* type, int64_t value) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_INTEGER);
  if (!a) return NULL;
  a->type = type;
  a->integer = value;
  return a;
}

const cx_attr_t* cx_attr_float(cx_arena_t* arena, const cx_type_t* type, double value) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_FLOAT);
  if (!a) return NULL;
  a->type = type;
  a->fp = value;
  return a;
}

static const cx_attr_t* string_like(cx_arena_t* arena, cx_attr_kind_t kind, const char* data,
                                    size_t len) {
  cx_attr_t* a = cx_attr_new(arena, kind);
  if (!a) return NULL;
  char* copy = cx_arena_strndup(arena, data, len);
  if (!copy) return NULL;
  a->str.data = copy;
  a->str.len = len;
  return a;
}

const cx_attr_t* cx_attr_string(cx_arena_t* arena, const char* data, size_t len) {
  return string_like(arena, CX_ATTR_STRING, data, len);
}
const cx_attr_t* cx_attr_symbol_ref(cx_arena_t* arena, const char* name, size_t len) {
  return string_like(arena, CX_ATTR_SYMBOL_REF, name, len);
}
const cx_attr_t* cx_attr_opaque(cx_arena_t* arena, const char* text, size_t len) {
  return string_like(arena, CX_ATTR_OPAQUE, text, len);
}

const cx_attr_t* cx_attr_type(cx_arena_t* arena, const cx_type_t* type) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_TYPE);
  if (a) a->type = type;
  return a;
}

const cx_attr_t* cx_attr_array(cx_arena_t* arena, uint32_t count, const cx_attr_t* const* items) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_ARRAY);
  if (!a) return NULL;
  a->array.count = count;
  a->array.items = cx_arena_memdup(arena, items, count * sizeof(*items), 8);
  return a->array.items ? a : NULL;
}

const cx_attr_t* cx_attr_dict(cx_arena_t* arena, uint32_t count, const cx_named_attr_t* items) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_DICT);
  if (!a) return NULL;
  a->dict.count = count;
  a->dict.items = cx_arena_memdup(arena, items, count * sizeof(*items), 8);
  return a->dict.items ? a : NULL;
}

const cx_attr_t* cx_attr_dense_i64_array(cx_arena_t* arena, const cx_type_t* elem_type,
                                         uint32_t count, const int64_t* values) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_DENSE_ARRAY);
  if (!a) return NULL;
  a->type = elem_type;
  a->dense_array.count = count;
  a->dense_array.ints = cx_arena_memdup(arena, values, count * sizeof(int64_t), 8);
  return a->dense_array.ints ? a : NULL;
}

const cx_attr_t* cx_attr_dense_f64_array(cx_arena_t* arena, const cx_type_t* elem_type,
                                         uint32_t count, const double* values) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_DENSE_ARRAY);
  if (!a) return NULL;
  a->type = elem_type;
  a->dense_array.count = count;
  a->dense_array.floats = cx_arena_memdup(arena, values, count * sizeof(double), 8);
  return a->dense_array.floats ? a : NULL;
}

const cx_attr_t* cx_attr_i64_matrix(cx_arena_t* arena, const cx_type_t* tensor_type,
                                    uint32_t count, const int64_t* values) {
  cx_attr_t* a = (cx_attr_t*)cx_attr_dense_i64_array(arena, tensor_type, count, values);
  return a;
}

const cx_attr_t* cx_attr_dense(cx_arena_t* arena, const cx_type_t* tensor_type, const void* data,
                               size_t nbytes, bool splat, bool borrow) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_DENSE);
  if (!a) return NULL;
  a->type = tensor_type;
  a->dense.nbytes = nbytes;
  a->dense.splat = splat;
  a->dense.borrowed = borrow;
  if (borrow) {
    a->dense.data = data;
  } else {
    a->dense.data = cx_arena_memdup(arena, data, nbytes, 16);
    if (!a->dense.data) return NULL;
  }
  return a;
}

const cx_attr_t* cx_attr_enum(cx_arena_t* arena, cx_enum_kind_t kind, int value) {
  cx_attr_t* a = cx_attr_new(arena, CX_ATTR_ENUM);
  if (!a) return NULL;
  a->enumeration.kind = kind;
  a->enumeration.value = value;
  return a;
}

bool cx_i64_list_copy(cx_arena_t* arena, const int64_t* data, uint32_t len, cx_i64_list_t* out) {
  out->len = len;
  out->data = cx_arena_memdup(arena, data, len * sizeof(int64_t), 8);
  return out->data != NULL;
}

bool cx_attr_dense_data(const cx_attr_t* a, const void** out_data, size_t* out_nbytes,
                        bool* out_splat) {
  if (a->kind == CX_ATTR_DENSE) {
    *out_data = a->dense.data;
    *out_nbytes = a->dense.nbytes;
    *out_splat = a->dense.splat;
    return true;
  }
  if (a->kind == CX_ATTR_DENSE_RESOURCE && a->resource.blob) {
    *out_data = a->resource.blob->data;
    *out_nbytes = a->resource.blob->nbytes;
    *out_splat = false;
    return true;
  }
  return false;
}

const char* cx_attr_scalar_value(const cx_attr_t* v, cx_elem_t* out_elem, unsigned char out[16]) {
  memset(out, 0, 16);
  *out_elem = CX_ELEM_INVALID;
  if (v && v->kind == CX_ATTR_INTEGER && v->type) {
    cx_elem_t e = cx_type_elem(v->type);
    if (e == CX_ELEM_INDEX) e = CX_ELEM_SI64;
    cx_store_int(e, out, v->integer);
    *out_elem = e;
  } else if (v && v->kind == CX_ATTR_FLOAT && v->type) {
    *out_elem = cx_type_elem(v->type);
    cx_store_float(*out_elem, out, v->fp);
  } else if (v && v->kind == CX_ATTR_BOOL) {
    *out_elem = CX_ELEM_I1;
    out[0] = v->boolean;
  } else if (v && (v->kind == CX_ATTR_DENSE || v->kind == CX_ATTR_DENSE_RESOURCE) &&
             cx_tensor_num_elements(v->type) == 1) {
    const void* data;
    size_t nbytes;
    bool splat;
    cx_elem_t e = cx_tensor_elem(v->type);
    if (!cx_attr_dense_data(v, &data, &nbytes, &splat) || nbytes < cx_elem_storage_size(e))
      return "has a value without data";
    memcpy(out, data, cx_elem_storage_size(e));
    *out_elem = e;
  } else {
    return "needs a scalar value attribute";
  }
  return NULL;
}

bool cx_attr_get_i64s(const cx_attr_t* a, cx_i64s_t* out) {
  memset(out, 0, sizeof(*out));
  if (!a || a->kind != CX_ATTR_DENSE_ARRAY || !a->type || (a->dense_array.count && !a->dense_array.ints))
    return false;
  const cx_type_t* t = a->type;
  uint32_t rank = 1;
  int64_t rows = a->dense_array.count, cols = 1;
  if (t->kind == CX_TYPE_TENSOR) {
    rank = t->tensor.rank;
    if (rank >= 1) rows = t->tensor.dims[0];
    if (rank >= 2) cols = t->tensor.dims[1];
    t = t->tensor.element;
  }
  if (t->kind != CX_TYPE_ELEMENT || !cx_elem_is_integer(t->element.elem)) return false;
  out->data = a->dense_array.ints;
  out->len = a->dense_array.count;
  out->rank = rank;
  out->rows = rows;
  out->cols = cols;
  out->elem = t->element.elem;
  return true;
}

const char* cx_dense_read_i64s(cx_arena_t* arena, const cx_attr_t* a, int64_t max_elements,
                               int64_t** out_data, uint32_t* out_len) {
  *out_data = NULL;
  *out_len = 0;
  if ((a->kind != CX_ATTR_DENSE && a->kind != CX_ATTR_DENSE_RESOURCE) ||
      !cx_type_is_tensor(a->type))
    return "an integer tensor attribute";
  const cx_type_t* e = a->type->tensor.element;
  if (e->kind != CX_TYPE_ELEMENT) return "an integer tensor attribute";
  cx_elem_t k = e->element.elem;
  if (!cx_elem_is_integer(k) && k != CX_ELEM_INDEX) return "an integer tensor attribute";
  int64_t n = cx_tensor_num_elements(a->type);
  if (n < 0 || n > max_elements || n > UINT32_MAX) return "a statically shaped integer tensor attribute";
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(a, &data, &nbytes, &splat))
    return "an attribute with data (this one is elided)";
  size_t es = cx_elem_storage_size(k);
  if (n > 0 && (!data || nbytes < (splat ? 1 : (size_t)n) * es))
    return "an attribute whose data matches its type";
  if (n == 0) return NULL;
  int64_t* v = CX_ARENA_ARRAY(arena, int64_t, (size_t)n);
  if (!v) return "out of memory";
  for (int64_t i = 0; i < n; i++)
    v[i] = cx_load_int(k, (const char*)data + (splat ? 0 : (size_t)i * es));
  *out_data = v;
  *out_len = (uint32_t)n;
  return NULL;
}

const cx_attr_t* cx_dict_get(const cx_attr_t* dict, const char* interned_name) {
  if (!dict || dict->kind != CX_ATTR_DICT) return NULL;
  for (uint32_t i = 0; i < dict->dict.count; i++)
    if (dict->dict.items[i].name == interned_name) return dict->dict.items[i].value;
  return NULL;
}

// ----------------------------------------------------------------------------
// Equality and hashing.

static bool list_eq(cx_i64_list_t a, cx_i64_list_t b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len * sizeof(int64_t)) == 0);
}

static bool bytes_eq(const void* a, const void* b, size_t n) { return n == 0 || !memcmp(a, b, n); }

bool cx_attr_equal(const cx_attr_t* a, const cx_attr_t* b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || a->type != b->type) return false;
  switch (a->kind) {
    case CX_ATTR_UNIT:
      return true;
    case CX_ATTR_BOOL:
      return a->boolean == b->boolean;
    case CX_ATTR_INTEGER:
      return a->integer == b->integer;
    case CX_ATTR_FLOAT:
      return bytes_eq(&a->fp, &b->fp, sizeof(double));
    case CX_ATTR_STRING:
    case CX_ATTR_SYMBOL_REF:
    case CX_ATTR_OPAQUE:
      return a->str.len == b->str.len && bytes_eq(a->str.data, b->str.data, a->str.len);
    case CX_ATTR_TYPE:
      return true;  // types compared above
    case CX_ATTR_ARRAY:
      if (a->array.count != b->array.count) return false;
      for (uint32_t i = 0; i < a->array.count; i++)
        if (!cx_attr_equal(a->array.items[i], b->array.items[i])) return false;
      return true;
    case CX_ATTR_DICT:
      if (a->dict.count != b->dict.count) return false;
      for (uint32_t i = 0; i < a->dict.count; i++) {
        if (a->dict.items[i].name != b->dict.items[i].name) return false;
        if (!cx_attr_equal(a->dict.items[i].value, b->dict.items[i].value)) return false;
      }
      return true;
    case CX_ATTR_DENSE_ARRAY:
      if (a->dense_array.count != b->dense_array.count) return false;
      if (a->dense_array.ints && b->dense_array.ints)
        return bytes_eq(a->dense_array.ints, b->dense_array.ints,
                        a->dense_array.count * sizeof(int64_t));
      if (a->dense_array.floats && b->dense_array.floats)
        return bytes_eq(a->dense_array.floats, b->dense_array.floats,
                        a->dense_array.count * sizeof(double));
      return a->dense_array.count == 0;
    case CX_ATTR_DENSE:
      return a->dense.splat == b->dense.splat && a->dense.nbytes == b->dense.nbytes &&
             bytes_eq(a->dense.data, b->dense.data, a->dense.nbytes);
    case CX_ATTR_DENSE_RESOURCE: {
      // The name, and the data where both have some: the stand-ins for
      // elided blobs (fill_elided.h) share the name __elided__ but not
      // their values, and must not be merged by CSE.
      if (strcmp(a->resource.name, b->resource.name) != 0) return false;
      const cx_resource_t *x = a->resource.blob, *y = b->resource.blob;
      if (x == y || !x || !y || !x->data || !y->data) return true;
      return x->nbytes == y->nbytes && bytes_eq(x->data, y->data, x->nbytes);
    }
    case CX_ATTR_ENUM:
      return a->enumeration.kind == b->enumeration.kind &&
             a->enumeration.value == b->enumeration.value;
    case CX_ATTR_GATHER: {
      const cx_gather_dims_t *x = &a->gather, *y = &b->gather;
      return list_eq(x->offset_dims, y->offset_dims) &&
             list_eq(x->collapsed_slice_dims, y->collapsed_slice_dims) &&
             list_eq(x->operand_batching_dims, y->operand_batching_dims) &&
             list_eq(x->start_indices_batching_dims, y->start_indices_batching_dims) &&
             list_eq(x->start_index_map, y->start_index_map) &&
             x->index_vector_dim == y->index_vector_dim;
    }
    case CX_ATTR_SCATTER: {
      const cx_scatter_dims_t *x = &a->scatter, *y = &b->scatter;
      return list_eq(x->update_window_dims, y->update_window_dims) &&
             list_eq(x->inserted_window_dims, y->inserted_window_dims) &&
             list_eq(x->input_batching_dims, y->input_batching_dims) &&
             list_eq(x->scatter_indices_batching_dims, y->scatter_indices_batching_dims) &&
             list_eq(x->scatter_dims_to_operand_dims, y->scatter_dims_to_operand_dims) &&
             x->index_vector_dim == y->index_vector_dim;
    }
    case CX_ATTR_RAGGED_DOT:
      return list_eq(a->ragged_dot.dot.lhs_batching_dims, b->ragged_dot.dot.lhs_batching_dims) &&
             list_eq(a->ragged_dot.dot.rhs_batching_dims, b->ragged_dot.dot.rhs_batching_dims) &&
             list_eq(a->ragged_dot.dot.lhs_contracting_dims,
                     b->ragged_dot.dot.lhs_contracting_dims) &&
             list_eq(a->ragged_dot.dot.rhs_contracting_dims,
                     b->ragged_dot.dot.rhs_contracting_dims) &&
             list_eq(a->ragged_dot.lhs_ragged_dims, b->ragged_dot.lhs_ragged_dims) &&
             list_eq(a->ragged_dot.rhs_group_dims, b->ragged_dot.rhs_group_dims);
    case CX_ATTR_DOT:
      return list_eq(a->dot.lhs_batching_dims, b->dot.lhs_batching_dims) &&
             list_eq(a->dot.rhs_batching_dims, b->dot.rhs_batching_dims) &&
             list_eq(a->dot.lhs_contracting_dims, b->dot.lhs_contracting_dims) &&
             list_eq(a->dot.rhs_contracting_dims, b->dot.rhs_contracting_dims);
    case CX_ATTR_DOT_ALGORITHM: {
      const cx_dot_algorithm_t *x = &a->dot_algorithm, *y = &b->dot_algorithm;
      return x->lhs_precision_type == y->lhs_precision_type &&
             x->rhs_precision_type == y->rhs_precision_type &&
             x->accumulation_type == y->accumulation_type &&
             x->lhs_component_count == y->lhs_component_count &&
             x->rhs_component_count == y->rhs_component_count &&
             x->num_primitive_operations == y->num_primitive_operations &&
             x->allow_imprecise_accumulation == y->allow_imprecise_accumulation;
    }
    case CX_ATTR_CONV: {
      const cx_conv_dims_t *x = &a->conv, *y = &b->conv;
      return x->input_batch_dim == y->input_batch_dim &&
             x->input_feature_dim == y->input_feature_dim &&
             list_eq(x->input_spatial_dims, y->input_spatial_dims) &&
             x->kernel_input_feature_dim == y->kernel_input_feature_dim &&
             x->kernel_output_feature_dim == y->kernel_output_feature_dim &&
             list_eq(x->kernel_spatial_dims, y->kernel_spatial_dims) &&
             x->output_batch_dim == y->output_batch_dim &&
             x->output_feature_dim == y->output_feature_dim &&
             list_eq(x->output_spatial_dims, y->output_spatial_dims);
    }
    case CX_ATTR_CHANNEL_HANDLE:
      return a->channel_handle.handle == b->channel_handle.handle &&
             a->channel_handle.type == b->channel_handle.type;
    case CX_ATTR_OUTPUT_OPERAND_ALIAS:
      return list_eq(a->output_operand_alias.output_tuple_indices,
                     b->output_operand_alias.output_tuple_indices) &&
             a->output_operand_alias.operand_index == b->output_operand_alias.operand_index &&
             list_eq(a->output_operand_alias.operand_tuple_indices,
                     b->output_operand_alias.operand_tuple_indices);
    case CX_ATTR_BOUNDS:
      return a->bounds.rank == b->bounds.rank &&
             a->bounds.type_extensions == b->bounds.type_extensions &&
             bytes_eq(a->bounds.bounds, b->bounds.bounds, a->bounds.rank * sizeof(int64_t));
    case CX_ATTR_RESULT_ACCURACY:
      return bytes_eq(&a->result_accuracy.atol, &b->result_accuracy.atol, sizeof(double)) &&
             bytes_eq(&a->result_accuracy.rtol, &b->result_accuracy.rtol, sizeof(double)) &&
             a->result_accuracy.ulps == b->result_accuracy.ulps &&
             a->result_accuracy.mode == b->result_accuracy.mode;
    case CX_ATTR_AXIS_REF:
      return strcmp(a->axis_ref.name, b->axis_ref.name) == 0 &&
             a->axis_ref.has_sub_axis_info == b->axis_ref.has_sub_axis_info &&
             a->axis_ref.pre_size == b->axis_ref.pre_size && a->axis_ref.size == b->axis_ref.size;
    case CX_ATTR_REPLICA_GROUP_MESH_AXES:
      if (strcmp(a->mesh_axes.mesh_name, b->mesh_axes.mesh_name) != 0 ||
          a->mesh_axes.num_axes != b->mesh_axes.num_axes)
        return false;
      for (uint32_t i = 0; i < a->mesh_axes.num_axes; i++)
        if (!cx_attr_equal(a->mesh_axes.axes[i], b->mesh_axes.axes[i])) return false;
      return true;
  }
  return false;
}

static bool persist_list(cx_arena_t* arena, cx_i64_list_t* l) {
  if (l->len == 0) return true;
  l->data = cx_arena_memdup(arena, l->data, l->len * sizeof(int64_t), 8);
  return l->data != NULL;
}

static bool persist_dot(cx_arena_t* arena, cx_dot_dims_t* d) {
  return persist_list(arena, &d->lhs_batching_dims) && persist_list(arena, &d->rhs_batching_dims) &&
         persist_list(arena, &d->lhs_contracting_dims) &&
         persist_list(arena, &d->rhs_contracting_dims);
}

static const char* persist_cstr(cx_arena_t* arena, const char* s) {
  return s ? cx_arena_strndup(arena, s, strlen(s)) : NULL;
}

// Every pointer the copy keeps must lead into `arena` (or the context):
// interned types are compared against an encoding after the module that
// produced it is gone (a dictionary encoding once left dangling items
// behind), and a module clone outlives its source. dense_resource blobs are
// looked up in `blobs` (NULL: the copy has none).
// `module` (NULL for the context): dense data of CX_PAYLOAD_MIN_BYTES or
// more becomes its payload, and dense_resource copies link to its blobs.
// share: dense data of CX_PAYLOAD_MIN_BYTES or more is borrowed from `a`
// instead of copied (cx_attr_copy_sharing).
static const cx_attr_t* persist_attr(cx_arena_t* arena, const cx_attr_t* a, cx_module_t* module,
                                     bool share) {
  cx_attr_t* copy = cx_attr_new(arena, a->kind);
  if (!copy) return NULL;
  memcpy(copy, a, cx_attr_size(a->kind));
  bool ok = true;
  switch (a->kind) {
    case CX_ATTR_BOUNDS:
      copy->bounds.bounds = cx_arena_memdup(arena, a->bounds.bounds,
                                            a->bounds.rank * sizeof(int64_t), 8);
      ok = copy->bounds.bounds != NULL;
      break;
    case CX_ATTR_STRING:
    case CX_ATTR_SYMBOL_REF:
    case CX_ATTR_OPAQUE:
      copy->str.data = cx_arena_strndup(arena, a->str.data, a->str.len);
      ok = copy->str.data != NULL;
      break;
    case CX_ATTR_ARRAY: {
      if (a->array.count == 0) break;
      const cx_attr_t** items =
          cx_arena_alloc(arena, a->array.count * sizeof(*items), _Alignof(cx_attr_t*));
      ok = items != NULL;
      for (uint32_t i = 0; ok && i < a->array.count; i++)
        ok = (items[i] = persist_attr(arena, a->array.items[i], module, share)) != NULL;
      copy->array.items = items;
      break;
    }
    case CX_ATTR_DICT: {
      if (a->dict.count == 0) break;
      cx_named_attr_t* items =
          cx_arena_alloc(arena, a->dict.count * sizeof(*items), _Alignof(cx_named_attr_t));
      ok = items != NULL;
      for (uint32_t i = 0; ok && i < a->dict.count; i++) {
        items[i].name = a->dict.items[i].name;  // interned in the context already
        ok = (items[i].value = persist_attr(arena, a->dict.items[i].value, module, share)) != NULL;
      }
      copy->dict.items = items;
      break;
    }
    case CX_ATTR_DENSE_ARRAY:
      if (a->dense_array.count == 0) break;
      if (a->dense_array.ints)
        ok = (copy->dense_array.ints = cx_arena_memdup(
                  arena, a->dense_array.ints, a->dense_array.count * sizeof(int64_t), 8)) != NULL;
      if (ok && a->dense_array.floats)
        ok = (copy->dense_array.floats = cx_arena_memdup(
                  arena, a->dense_array.floats, a->dense_array.count * sizeof(double), 8)) != NULL;
      break;
    case CX_ATTR_DENSE:
      if (!a->dense.nbytes) break;
      if (module && share && a->dense.nbytes >= CX_PAYLOAD_MIN_BYTES) {
        copy->dense.borrowed = true;  // data stays where it is: the caller keeps it alive
      } else if (module) {
        // Payload memory belongs to the module, which the copy borrows from.
        void* data = cx_module_payload_alloc(module, a->dense.nbytes);
        ok = data != NULL;
        if (ok) memcpy(data, a->dense.data, a->dense.nbytes);
        copy->dense.data = data;
        copy->dense.borrowed = true;
      } else {
        copy->dense.borrowed = false;
        ok = (copy->dense.data = cx_arena_memdup(arena, a->dense.data, a->dense.nbytes, 16)) != NULL;
      }
      break;
    case CX_ATTR_DENSE_RESOURCE:
      // The blob belongs to a module: the target's blob of that name. A
      // blob the module does not list (the stand-in for an elided one,
      // fill_elided.h) is copied with the attribute.
      ok = (copy->resource.name = persist_cstr(arena, a->resource.name)) != NULL;
      copy->resource.blob = ok && module ? cx_module_lookup_resource(module, a->resource.name) : NULL;
      if (ok && module && !copy->resource.blob && a->resource.blob && a->resource.blob->data) {
        const cx_resource_t* from = a->resource.blob;
        cx_resource_t* blob = CX_ARENA_NEW(arena, cx_resource_t);
        void* data = blob ? cx_module_payload_alloc(module, from->nbytes ? from->nbytes : 1) : NULL;
        ok = data != NULL;
        if (ok) {
          *blob = *from;
          blob->name = copy->resource.name;
          memcpy(data, from->data, from->nbytes);
          blob->data = data;
          copy->resource.blob = blob;
        }
      }
      break;
    case CX_ATTR_GATHER:
      ok = persist_list(arena, &copy->gather.offset_dims) &&
           persist_list(arena, &copy->gather.collapsed_slice_dims) &&
           persist_list(arena, &copy->gather.operand_batching_dims) &&
           persist_list(arena, &copy->gather.start_indices_batching_dims) &&
           persist_list(arena, &copy->gather.start_index_map);
      break;
    case CX_ATTR_SCATTER:
      ok = persist_list(arena, &copy->scatter.update_window_dims) &&
           persist_list(arena, &copy->scatter.inserted_window_dims) &&
           persist_list(arena, &copy->scatter.input_batching_dims) &&
           persist_list(arena, &copy->scatter.scatter_indices_batching_dims) &&
           persist_list(arena, &copy->scatter.scatter_dims_to_operand_dims);
      break;
    case CX_ATTR_RAGGED_DOT:
      ok = persist_dot(arena, &copy->ragged_dot.dot) &&
           persist_list(arena, &copy->ragged_dot.lhs_ragged_dims) &&
           persist_list(arena, &copy->ragged_dot.rhs_group_dims);
      break;
    case CX_ATTR_DOT:
      ok = persist_dot(arena, &copy->dot);
      break;
    case CX_ATTR_CONV:
      ok = persist_list(arena, &copy->conv.input_spatial_dims) &&
           persist_list(arena, &copy->conv.kernel_spatial_dims) &&
           persist_list(arena, &copy->conv.output_spatial_dims);
      break;
    case CX_ATTR_OUTPUT_OPERAND_ALIAS:
      ok = persist_list(arena, &copy->output_operand_alias.output_tuple_indices) &&
           persist_list(arena, &copy->output_operand_alias.operand_tuple_indices);
      break;
    case CX_ATTR_AXIS_REF:
      ok = (copy->axis_ref.name = persist_cstr(arena, a->axis_ref.name)) != NULL;
      break;
    case CX_ATTR_REPLICA_GROUP_MESH_AXES: {
      ok = (copy->mesh_axes.mesh_name = persist_cstr(arena, a->mesh_axes.mesh_name)) != NULL;
      if (!ok || a->mesh_axes.num_axes == 0) break;
      const cx_attr_t** axes =
          cx_arena_alloc(arena, a->mesh_axes.num_axes * sizeof(*axes), _Alignof(cx_attr_t*));
      ok = axes != NULL;
      for (uint32_t i = 0; ok && i < a->mesh_axes.num_axes; i++)
        ok = (axes[i] = persist_attr(arena, a->mesh_axes.axes[i], module, share)) != NULL;
      copy->mesh_axes.axes = axes;
      break;
    }
    default:
      // Scalar payloads (and types, which the context interns) need no copy.
      break;
  }
  return ok ? copy : NULL;
}

const cx_attr_t* cx_attr_persist_encoding(cx_context_t* ctx, const cx_attr_t* a) {
  return persist_attr(&ctx->arena, a, NULL, false);
}

const cx_attr_t* cx_attr_copy(cx_module_t* module, const cx_attr_t* a) {
  return a ? persist_attr(&module->arena, a, module, false) : NULL;
}

const cx_attr_t* cx_attr_copy_sharing(cx_module_t* module, const cx_attr_t* a) {
  return a ? persist_attr(&module->arena, a, module, true) : NULL;
}

// ----------------------------------------------------------------------------
// Hashing. Every kind's payload is hashed, so attributes that differ in
// content almost never collide (CSE buckets ops by it) while equal ones
// (cx_attr_equal) always hash alike. Dense data up to kDenseHashAll bytes is
// hashed entirely; longer data by its length and a bounded sample: the first
// and last kDenseHashEdge bytes and kDenseHashSamples evenly spaced words.
// Hashing a 100 MB constant therefore costs microseconds, and two large
// constants that differ only outside the sample share a hash (CSE then
// compares them with cx_attr_equal, which reads everything).

enum { kDenseHashAll = 4096, kDenseHashEdge = 512, kDenseHashSamples = 64 };

static uint64_t hash_u64(uint64_t h, uint64_t v) { return cx_hash_bytes(&v, sizeof(v), h); }

static uint64_t hash_list(uint64_t h, cx_i64_list_t l) {
  return cx_hash_bytes(l.data, l.len * sizeof(int64_t), hash_u64(h, l.len));
}

static uint64_t hash_str(uint64_t h, const char* s) {
  return s ? cx_hash_bytes(s, strlen(s), h) : hash_u64(h, 0);
}

static uint64_t hash_dense_bytes(uint64_t h, const uint8_t* d, size_t n) {
  h = hash_u64(h, n);
  if (n <= kDenseHashAll) return cx_hash_bytes(d, n, h);
  h = cx_hash_bytes(d, kDenseHashEdge, h);
  h = cx_hash_bytes(d + n - kDenseHashEdge, kDenseHashEdge, h);
  size_t step = (n - 8) / kDenseHashSamples;
  for (size_t i = 0; i < kDenseHashSamples; i++) h = cx_hash_bytes(d + i * step, 8, h);
  return h;
}

static uint64_t hash_dot(uint64_t h, const cx_dot_dims_t* d) {
  h = hash_list(h, d->lhs_batching_dims);
  h = hash_list(h, d->rhs_batching_dims);
  h = hash_list(h, d->lhs_contracting_dims);
  return hash_list(h, d->rhs_contracting_dims);
}

uint64_t cx_attr_hash(const cx_attr_t* a) {
  if (!a) return 0x5a5a;
  // Types are interned: the pointer identifies the type.
  uint64_t h = hash_u64(0xa77 + (uint64_t)a->kind, (uint64_t)(uintptr_t)a->type);
  switch (a->kind) {
    case CX_ATTR_UNIT:
    case CX_ATTR_TYPE:
      return h;
    case CX_ATTR_BOOL:
      return hash_u64(h, a->boolean);
    case CX_ATTR_INTEGER:
      return hash_u64(h, (uint64_t)a->integer);
    case CX_ATTR_FLOAT: {
      uint64_t bits;
      memcpy(&bits, &a->fp, 8);
      return hash_u64(h, bits);
    }
    case CX_ATTR_STRING:
    case CX_ATTR_SYMBOL_REF:
    case CX_ATTR_OPAQUE:
      return cx_hash_bytes(a->str.data, a->str.len, h);
    case CX_ATTR_ARRAY:
      h = hash_u64(h, a->array.count);
      for (uint32_t i = 0; i < a->array.count; i++) h = hash_u64(h, cx_attr_hash(a->array.items[i]));
      return h;
    case CX_ATTR_DICT:
      // In the order written, as cx_attr_equal compares.
      h = hash_u64(h, a->dict.count);
      for (uint32_t i = 0; i < a->dict.count; i++) {
        h = hash_u64(h, (uint64_t)(uintptr_t)a->dict.items[i].name);  // interned
        h = hash_u64(h, cx_attr_hash(a->dict.items[i].value));
      }
      return h;
    case CX_ATTR_DENSE_ARRAY:
      // An empty list equals any other empty list of its type.
      h = hash_u64(h, a->dense_array.count);
      if (!a->dense_array.count) return h;
      if (a->dense_array.ints)
        return cx_hash_bytes(a->dense_array.ints, a->dense_array.count * sizeof(int64_t), h);
      if (a->dense_array.floats)
        return cx_hash_bytes(a->dense_array.floats, a->dense_array.count * sizeof(double), h);
      return h;
    case CX_ATTR_DENSE:
      return hash_dense_bytes(hash_u64(h, a->dense.splat), a->dense.data, a->dense.nbytes);
    case CX_ATTR_DENSE_RESOURCE:
      return hash_str(h, a->resource.name);
    case CX_ATTR_ENUM:
      return hash_u64(hash_u64(h, a->enumeration.kind), (uint64_t)a->enumeration.value);
    case CX_ATTR_GATHER: {
      const cx_gather_dims_t* g = &a->gather;
      h = hash_list(h, g->offset_dims);
      h = hash_list(h, g->collapsed_slice_dims);
      h = hash_list(h, g->operand_batching_dims);
      h = hash_list(h, g->start_indices_batching_dims);
      h = hash_list(h, g->start_index_map);
      return hash_u64(h, (uint64_t)g->index_vector_dim);
    }
    case CX_ATTR_SCATTER: {
      const cx_scatter_dims_t* g = &a->scatter;
      h = hash_list(h, g->update_window_dims);
      h = hash_list(h, g->inserted_window_dims);
      h = hash_list(h, g->input_batching_dims);
      h = hash_list(h, g->scatter_indices_batching_dims);
      h = hash_list(h, g->scatter_dims_to_operand_dims);
      return hash_u64(h, (uint64_t)g->index_vector_dim);
    }
    case CX_ATTR_DOT:
      return hash_dot(h, &a->dot);
    case CX_ATTR_RAGGED_DOT:
      h = hash_dot(h, &a->ragged_dot.dot);
      h = hash_list(h, a->ragged_dot.lhs_ragged_dims);
      return hash_list(h, a->ragged_dot.rhs_group_dims);
    case CX_ATTR_DOT_ALGORITHM: {
      const cx_dot_algorithm_t* d = &a->dot_algorithm;
      h = hash_u64(h, (uint64_t)(uintptr_t)d->lhs_precision_type);
      h = hash_u64(h, (uint64_t)(uintptr_t)d->rhs_precision_type);
      h = hash_u64(h, (uint64_t)(uintptr_t)d->accumulation_type);
      h = hash_u64(h, (uint64_t)d->lhs_component_count);
      h = hash_u64(h, (uint64_t)d->rhs_component_count);
      h = hash_u64(h, (uint64_t)d->num_primitive_operations);
      return hash_u64(h, d->allow_imprecise_accumulation);
    }
    case CX_ATTR_CONV: {
      const cx_conv_dims_t* c = &a->conv;
      h = hash_u64(h, (uint64_t)c->input_batch_dim);
      h = hash_u64(h, (uint64_t)c->input_feature_dim);
      h = hash_list(h, c->input_spatial_dims);
      h = hash_u64(h, (uint64_t)c->kernel_input_feature_dim);
      h = hash_u64(h, (uint64_t)c->kernel_output_feature_dim);
      h = hash_list(h, c->kernel_spatial_dims);
      h = hash_u64(h, (uint64_t)c->output_batch_dim);
      h = hash_u64(h, (uint64_t)c->output_feature_dim);
      return hash_list(h, c->output_spatial_dims);
    }
    case CX_ATTR_CHANNEL_HANDLE:
      return hash_u64(hash_u64(h, (uint64_t)a->channel_handle.handle),
                      (uint64_t)a->channel_handle.type);
    case CX_ATTR_OUTPUT_OPERAND_ALIAS: {
      const cx_output_operand_alias_t* o = &a->output_operand_alias;
      h = hash_list(h, o->output_tuple_indices);
      h = hash_u64(h, (uint64_t)o->operand_index);
      return hash_list(h, o->operand_tuple_indices);
    }
    case CX_ATTR_BOUNDS:
      h = hash_u64(h, a->bounds.type_extensions);
      return cx_hash_bytes(a->bounds.bounds, a->bounds.rank * sizeof(int64_t),
                           hash_u64(h, a->bounds.rank));
    case CX_ATTR_RESULT_ACCURACY: {
      uint64_t atol, rtol;
      memcpy(&atol, &a->result_accuracy.atol, 8);
      memcpy(&rtol, &a->result_accuracy.rtol, 8);
      h = hash_u64(hash_u64(h, atol), rtol);
      return hash_u64(hash_u64(h, (uint64_t)a->result_accuracy.ulps),
                      (uint64_t)a->result_accuracy.mode);
    }
    case CX_ATTR_AXIS_REF:
      h = hash_str(h, a->axis_ref.name);
      h = hash_u64(h, a->axis_ref.has_sub_axis_info);
      return hash_u64(hash_u64(h, (uint64_t)a->axis_ref.pre_size), (uint64_t)a->axis_ref.size);
    case CX_ATTR_REPLICA_GROUP_MESH_AXES:
      h = hash_str(h, a->mesh_axes.mesh_name);
      for (uint32_t i = 0; i < a->mesh_axes.num_axes; i++)
        h = hash_u64(h, cx_attr_hash(a->mesh_axes.axes[i]));
      return h;
  }
  return h;
}
