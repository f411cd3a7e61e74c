// Attributes: the constant data attached to ops (integers, floats, strings,
// arrays, dictionaries, dense tensors, and StableHLO's structured attributes
// such as gather dimension numbers).
//
// Attributes are immutable values allocated in an arena: op attributes in the
// module's arena (large dense data as module payloads, see ir.h), tensor-type
// encodings in the context's. Unlike types they are not interned (dense
// constants can be megabytes; hashing them for interning would cost parse
// throughput), so compare them with cx_attr_equal (cx_attr_hash for tables).
// Attributes cross modules only through cx_attr_copy.
// StableHLO's structured attributes are stored as typed C structs, so passes
// and the interpreter read fields, never strings.
#ifndef CXLA_IR_ATTRS_H_
#define CXLA_IR_ATTRS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/types.h"
#include "support/arena.h"

typedef enum cx_attr_kind {
  CX_ATTR_UNIT,            // `unit`, or a name without value in a dictionary
  CX_ATTR_BOOL,            // true / false
  CX_ATTR_INTEGER,         // 3 : i64 (type: an element type or index)
  CX_ATTR_FLOAT,           // 1.0 : f32
  CX_ATTR_STRING,          // "text"
  CX_ATTR_TYPE,            // a type used as an attribute
  CX_ATTR_ARRAY,           // [a, b, c]
  CX_ATTR_DICT,            // {a = 1, b}
  CX_ATTR_DENSE_ARRAY,     // array<i64: 1, 2, 3>
  CX_ATTR_DENSE,           // dense<...> : tensor<...>
  CX_ATTR_DENSE_RESOURCE,  // dense_resource<name> : tensor<...>
  CX_ATTR_SYMBOL_REF,      // @name
  CX_ATTR_ENUM,            // #stablehlo<comparison_direction LT>, ...
  CX_ATTR_GATHER,          // #stablehlo.gather<...>
  CX_ATTR_SCATTER,         // #stablehlo.scatter<...>
  CX_ATTR_DOT,             // #stablehlo.dot<...>
  CX_ATTR_DOT_ALGORITHM,   // #stablehlo.dot_algorithm<...>
  CX_ATTR_CONV,            // #stablehlo.conv<[b, 0, f]x[0, i, o]->[b, 0, f]>
  CX_ATTR_CHANNEL_HANDLE,  // #stablehlo.channel_handle<handle = 1, type = 0>
  CX_ATTR_OUTPUT_OPERAND_ALIAS,
  CX_ATTR_BOUNDS,          // #stablehlo.bounds<?, 3> / #stablehlo.type_extensions<bounds = [...]>
  CX_ATTR_RESULT_ACCURACY, // #stablehlo.result_accuracy<...>
  CX_ATTR_AXIS_REF,        // #stablehlo.axis_ref<name = "x", sub_axis_info = (1)2>
  CX_ATTR_REPLICA_GROUP_MESH_AXES,
  CX_ATTR_RAGGED_DOT,      // #chlo.ragged_dot<...>
  CX_ATTR_OPAQUE,          // an attribute of a dialect cxla does not model, kept as text
} cx_attr_kind_t;

// Enumerations that appear as attributes. Their spellings are in attrs.c.
typedef enum cx_enum_kind {
  CX_ENUM_COMPARISON_DIRECTION,  // EQ NE GE GT LE LT
  CX_ENUM_COMPARISON_TYPE,       // NOTYPE FLOAT TOTALORDER SIGNED UNSIGNED
  CX_ENUM_PRECISION,             // DEFAULT HIGH HIGHEST
  CX_ENUM_FFT_TYPE,              // FFT IFFT RFFT IRFFT
  CX_ENUM_RNG_ALGORITHM,         // DEFAULT THREE_FRY PHILOX
  CX_ENUM_RNG_DISTRIBUTION,      // UNIFORM NORMAL
  CX_ENUM_TRANSPOSE,             // TRANSPOSE_INVALID NO_TRANSPOSE TRANSPOSE ADJOINT
  CX_ENUM_RESULT_ACCURACY_MODE,  // DEFAULT HIGHEST TOLERANCE
  CX_ENUM_CHLO_COMPARISON_DIRECTION,
  CX_ENUM_CHLO_COMPARISON_TYPE,
  CX_ENUM_CHLO_PRECISION,
  CX_ENUM_COUNT
} cx_enum_kind_t;

enum { CX_CMP_EQ, CX_CMP_NE, CX_CMP_GE, CX_CMP_GT, CX_CMP_LE, CX_CMP_LT };
enum { CX_CMPTYPE_NOTYPE, CX_CMPTYPE_FLOAT, CX_CMPTYPE_TOTALORDER, CX_CMPTYPE_SIGNED,
       CX_CMPTYPE_UNSIGNED };
enum { CX_PRECISION_DEFAULT, CX_PRECISION_HIGH, CX_PRECISION_HIGHEST };
enum { CX_FFT_FFT, CX_FFT_IFFT, CX_FFT_RFFT, CX_FFT_IRFFT };
enum { CX_RNG_ALG_DEFAULT, CX_RNG_ALG_THREE_FRY, CX_RNG_ALG_PHILOX };
enum { CX_RNG_UNIFORM, CX_RNG_NORMAL };
enum { CX_TRANSPOSE_INVALID, CX_TRANSPOSE_NO_TRANSPOSE, CX_TRANSPOSE_TRANSPOSE,
       CX_TRANSPOSE_ADJOINT };
enum { CX_ACCURACY_DEFAULT, CX_ACCURACY_HIGHEST, CX_ACCURACY_TOLERANCE };

// The dialect prefix and name used when printing, e.g. ("stablehlo",
// "comparison_direction"), and the value spellings.
const char* cx_enum_dialect(cx_enum_kind_t kind);
const char* cx_enum_name(cx_enum_kind_t kind);
int cx_enum_value_count(cx_enum_kind_t kind);
const char* cx_enum_value_name(cx_enum_kind_t kind, int value);
// Returns the value index or -1.
int cx_enum_lookup(cx_enum_kind_t kind, const char* spelling, size_t len);

typedef struct cx_i64_list {
  const int64_t* data;
  uint32_t len;
} cx_i64_list_t;

typedef struct cx_gather_dims {
  cx_i64_list_t offset_dims;
  cx_i64_list_t collapsed_slice_dims;
  cx_i64_list_t operand_batching_dims;
  cx_i64_list_t start_indices_batching_dims;
  cx_i64_list_t start_index_map;
  int64_t index_vector_dim;
} cx_gather_dims_t;

typedef struct cx_scatter_dims {
  cx_i64_list_t update_window_dims;
  cx_i64_list_t inserted_window_dims;
  cx_i64_list_t input_batching_dims;
  cx_i64_list_t scatter_indices_batching_dims;
  cx_i64_list_t scatter_dims_to_operand_dims;
  int64_t index_vector_dim;
} cx_scatter_dims_t;

typedef struct cx_dot_dims {
  cx_i64_list_t lhs_batching_dims;
  cx_i64_list_t rhs_batching_dims;
  cx_i64_list_t lhs_contracting_dims;
  cx_i64_list_t rhs_contracting_dims;
} cx_dot_dims_t;

typedef struct cx_dot_algorithm {
  const cx_type_t* lhs_precision_type;
  const cx_type_t* rhs_precision_type;
  const cx_type_t* accumulation_type;
  int64_t lhs_component_count;
  int64_t rhs_component_count;
  int64_t num_primitive_operations;
  bool allow_imprecise_accumulation;
} cx_dot_algorithm_t;

typedef struct cx_conv_dims {
  int64_t input_batch_dim;
  int64_t input_feature_dim;
  cx_i64_list_t input_spatial_dims;
  int64_t kernel_input_feature_dim;
  int64_t kernel_output_feature_dim;
  cx_i64_list_t kernel_spatial_dims;
  int64_t output_batch_dim;
  int64_t output_feature_dim;
  cx_i64_list_t output_spatial_dims;
} cx_conv_dims_t;

typedef struct cx_ragged_dot_dims {
  cx_dot_dims_t dot;
  cx_i64_list_t lhs_ragged_dims;
  cx_i64_list_t rhs_group_dims;
} cx_ragged_dot_dims_t;

typedef struct cx_channel_handle {
  int64_t handle;
  int64_t type;
} cx_channel_handle_t;

typedef struct cx_output_operand_alias {
  cx_i64_list_t output_tuple_indices;
  int64_t operand_index;
  cx_i64_list_t operand_tuple_indices;
} cx_output_operand_alias_t;

typedef struct cx_result_accuracy {
  double atol;
  double rtol;
  int64_t ulps;
  int mode;  // CX_ACCURACY_*
} cx_result_accuracy_t;

typedef struct cx_axis_ref {
  const char* name;
  bool has_sub_axis_info;
  int64_t pre_size;
  int64_t size;
} cx_axis_ref_t;

typedef struct cx_named_attr {
  const char* name;  // interned in the context: compare pointers
  const cx_attr_t* value;
} cx_named_attr_t;

typedef struct cx_resource cx_resource_t;

struct cx_attr {
  cx_attr_kind_t kind;
  // INTEGER, FLOAT: the element type. DENSE, DENSE_RESOURCE: the tensor type.
  // DENSE_ARRAY: the element type, or for a 2-D integer attribute that
  // StableHLO keeps as a tensor (padding, replica_groups, ...) its tensor
  // type: the values print and serialize as dense<...> : tensor<...>.
  // TYPE: the type itself. Otherwise NULL.
  const cx_type_t* type;
  union {
    bool boolean;
    int64_t integer;  // sign- or zero-extended per the type's signedness
    double fp;
    struct {
      const char* data;  // NUL-terminated; may contain NULs (use len)
      size_t len;
    } str;               // STRING, SYMBOL_REF (without '@'), OPAQUE (full text)
    struct {
      uint32_t count;
      const cx_attr_t* const* items;
    } array;
    struct {
      uint32_t count;
      const cx_named_attr_t* items;  // in the order written
    } dict;
    struct {
      uint32_t count;
      const int64_t* ints;    // integer and bool element types
      const double* floats;   // float element types
    } dense_array;
    struct {
      const void* data;  // storage layout of types.h; for splats one element
      size_t nbytes;
      bool splat;
      bool borrowed;     // data points into an input buffer the module keeps alive
    } dense;
    struct {
      const char* name;
      const cx_resource_t* blob;  // NULL if the module has no such blob (e.g. elided)
    } resource;
    struct {
      cx_enum_kind_t kind;
      int value;
    } enumeration;
    cx_gather_dims_t gather;
    cx_scatter_dims_t scatter;
    cx_dot_dims_t dot;
    cx_ragged_dot_dims_t ragged_dot;
    cx_dot_algorithm_t dot_algorithm;
    cx_conv_dims_t conv;
    cx_channel_handle_t channel_handle;
    cx_output_operand_alias_t output_operand_alias;
    struct {
      uint32_t rank;
      const int64_t* bounds;  // CX_DYNAMIC_DIM for '?'
      bool type_extensions;   // spelled #stablehlo.type_extensions<bounds = [...]>
    } bounds;
    cx_result_accuracy_t result_accuracy;
    cx_axis_ref_t axis_ref;
    struct {
      const char* mesh_name;  // symbol name without '@'
      uint32_t num_axes;
      const cx_attr_t* const* axes;  // CX_ATTR_AXIS_REF each
    } mesh_axes;
  };
};

// A blob from the module's `{-# dialect_resources: { builtin: {...} } #-}`.
struct cx_resource {
  const char* name;
  const void* data;  // payload without the 4-byte alignment prefix
  size_t nbytes;
  uint32_t alignment;
};

// Constructors. All return NULL on out-of-memory; payloads are copied into
// the arena unless a function says otherwise.
const cx_attr_t* cx_attr_unit(cx_arena_t* arena);
const cx_attr_t* cx_attr_bool(cx_arena_t* arena, bool value);
const cx_attr_t* cx_attr_integer(cx_arena_t* arena, const cx_type_t* type, int64_t value);
const cx_attr_t* cx_attr_float(cx_arena_t* arena, const cx_type_t* type, double value);
const cx_attr_t* cx_attr_string(cx_arena_t* arena, const char* data, size_t len);
const cx_attr_t* cx_attr_symbol_ref(cx_arena_t* arena, const char* name, size_t len);
const cx_attr_t* cx_attr_opaque(cx_arena_t* arena, const char* text, size_t len);
const cx_attr_t* cx_attr_type(cx_arena_t* arena, const cx_type_t* type);
const cx_attr_t* cx_attr_array(cx_arena_t* arena, uint32_t count, const cx_attr_t* const* items);
const cx_attr_t* cx_attr_dict(cx_arena_t* arena, uint32_t count, const cx_named_attr_t* items);
const cx_attr_t* cx_attr_dense_i64_array(cx_arena_t* arena, const cx_type_t* elem_type,
                                         uint32_t count, const int64_t* values);
const cx_attr_t* cx_attr_dense_f64_array(cx_arena_t* arena, const cx_type_t* elem_type,
                                         uint32_t count, const double* values);
// Integer values stored as a list but typed (and printed) as the 2-D
// integer tensor `tensor_type` (see cx_attr_t.type).
const cx_attr_t* cx_attr_i64_matrix(cx_arena_t* arena, const cx_type_t* tensor_type,
                                    uint32_t count, const int64_t* values);
// Copies nbytes of data (unless borrow is true, in which case the caller
// guarantees data outlives the attribute).
const cx_attr_t* cx_attr_dense(cx_arena_t* arena, const cx_type_t* tensor_type, const void* data,
                               size_t nbytes, bool splat, bool borrow);
const cx_attr_t* cx_attr_enum(cx_arena_t* arena, cx_enum_kind_t kind, int value);
// Allocates an attribute of the given kind with a zeroed payload, for the
// structured kinds; the caller fills the payload before publishing it.
// Only cx_attr_size(kind) bytes are allocated: never copy a cx_attr_t by
// value from an attribute (memcpy cx_attr_size bytes), nor change its kind.
cx_attr_t* cx_attr_new(cx_arena_t* arena, cx_attr_kind_t kind);
// The bytes an attribute of `kind` occupies (its kind's union member ends
// there), a multiple of 8.
size_t cx_attr_size(cx_attr_kind_t kind);
// Copies a list into the arena.
bool cx_i64_list_copy(cx_arena_t* arena, const int64_t* data, uint32_t len, cx_i64_list_t* out);

// Deep-copies an attribute used as a tensor type encoding into the context
// arena (types outlive modules). Returns NULL on out-of-memory.
const cx_attr_t* cx_attr_persist_encoding(cx_context_t* ctx, const cx_attr_t* a);

// Deep-copies an attribute into `module`, the one way attributes cross
// modules: nothing of the copy points into the original's memory (borrowed
// dense data included), dense data of CX_PAYLOAD_MIN_BYTES or more becomes
// a payload of the module (ir.h, "Dense payloads"), and a dense_resource
// copy links to the module's blob of that name (NULL if it has none).
// Returns NULL on out-of-memory.
typedef struct cx_module cx_module_t;
const cx_attr_t* cx_attr_copy(cx_module_t* module, const cx_attr_t* a);
// The same, except that dense data of CX_PAYLOAD_MIN_BYTES or more is not
// copied: the copy borrows it from `a`, which must outlive every use of the
// copy (a module cloned for the length of a compile: cx_module_clone_sharing).
const cx_attr_t* cx_attr_copy_sharing(cx_module_t* module, const cx_attr_t* a);

// Structural equality (dense data compared bytewise; floats by bit pattern).
bool cx_attr_equal(const cx_attr_t* a, const cx_attr_t* b);
// A hash of the whole content, consistent with cx_attr_equal (equal
// attributes hash alike), for CSE and type interning. Dense data longer
// than 4 KB is hashed by its length and a bounded sample (its first and last
// 512 bytes and 64 evenly spaced words), so hashing costs O(1) per constant;
// large constants that differ only outside the sample collide and are told
// apart by cx_attr_equal.
uint64_t cx_attr_hash(const cx_attr_t* a);

// Dense elements: number of stored elements is 1 for a splat, otherwise the
// tensor's element count. Element i of a splat is element 0.
static inline const void* cx_dense_element_ptr(const cx_attr_t* a, int64_t i, size_t elem_size) {
  return (const char*)a->dense.data + (a->dense.splat ? 0 : (size_t)i * elem_size);
}
// The data of a DENSE or DENSE_RESOURCE attribute. Returns false if a resource
// has no blob (elided).
bool cx_attr_dense_data(const cx_attr_t* a, const void** out_data, size_t* out_nbytes,
                        bool* out_splat);
// A scalar value attribute (chlo.constant_like's `value`: an integer, float
// or bool, or a one-element dense attribute; NULL is none) as one element of
// kind *out_elem in cxla's storage layout, in `out` (16 bytes, zero-filled
// first). Returns NULL, or what is wrong with it as an op error's text
// ("needs a scalar value attribute", "has a value without data").
const char* cx_attr_scalar_value(const cx_attr_t* v, cx_elem_t* out_elem, unsigned char out[16]);

// ----------------------------------------------------------------------------
// Integer lists: the one reader.
//
// Integer lists (dimensions, permutations, strides, slice sizes, ...) have one
// stored form, array<i64: ...> (CX_ATTR_DENSE_ARRAY), whatever spelling the
// input used (cx_op_normalize_attrs in ir/op_schema.h); 2-D integer
// attributes are the same values typed with their tensor type. So reading
// one copies nothing.
typedef struct cx_i64s {
  const int64_t* data;  // row-major
  uint32_t len;
  uint32_t rank;        // 1 for a list; the tensor type's rank for a matrix
  int64_t rows, cols;   // a rank-2 matrix's shape; a list: len x 1
  cx_elem_t elem;       // the element type (i64, i1, ...)
} cx_i64s_t;

// True (and *out filled) if `a` is an integer list or matrix; false (and an
// empty *out) for anything else, including float arrays and lists still in
// a form the normalization could not convert.
bool cx_attr_get_i64s(const cx_attr_t* a, cx_i64s_t* out);

// The elements of a dense integer tensor (any integer or index element type,
// splats expanded, row-major) as int64s in `arena`: the decoder that the
// normalization, the bytecode reader and the verifier's constant folding
// share. At most max_elements elements. Returns NULL on success (*out_data
// is NULL for zero elements); otherwise what `a` would have to be, for a
// message "... must be <reason>" (or "out of memory").
const char* cx_dense_read_i64s(cx_arena_t* arena, const cx_attr_t* a, int64_t max_elements,
                               int64_t** out_data, uint32_t* out_len);

// Dictionary lookup by interned name; NULL if absent.
const cx_attr_t* cx_dict_get(const cx_attr_t* dict, const char* interned_name);

#endif  // CXLA_IR_ATTRS_H_
