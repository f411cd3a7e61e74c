// Helpers shared by the per-family verifiers and the shape functions
// (infer_util.h builds on them): operand/result/region counts,
// typed attribute access (an attribute of the wrong kind is an error, never a
// crash), shape compatibility with dynamic dims and bounds, the spec's
// quantized-type notions (baseline_type, is_promotable), and region
// signatures.
//
// Dynamism: the spec verifies constraints "statically if possible". Two dims
// are compatible when they are equal or either is dynamic ('?'); a static dim
// must also respect the other side's bound (#stablehlo.bounds). Every shape
// check below goes through these rules, so `tensor<?x4xf32>` is accepted
// wherever `tensor<3x4xf32>` would be.
#ifndef CXLA_IR_VERIFY_UTIL_H_
#define CXLA_IR_VERIFY_UTIL_H_

#include <stdbool.h>
#include <stdint.h>

#include "ir/infer.h"
#include "ir/verify.h"

// The text parser rejects ranks above 64; the verifier holds shapes in
// fixed arrays of this size and reports larger ranks as unsupported.
#define CX_V_MAX_RANK 64
#define CX_V_DYN CX_DYNAMIC_DIM

#define CX_V_NAME(vc, id) ((vc)->ctx->names[CX_NAME_##id])

// ----------------------------------------------------------------------------
// Messages.

// Formats a type the way MLIR prints it ("tensor<2x?xf32>"); the string lives
// in the verifier's scratch arena.
const char* cx_v_type_str(cx_verify_ctx_t* vc, const cx_type_t* t);
// The same into a given arena; "[2, ?, 3]" (dynamic: '?' for CX_DYNAMIC_DIM);
// element classes of a cx_v_check_elem mask ("integer or floating-point").
const char* cx_v_format_type(cx_arena_t* scratch, const cx_type_t* t);
const char* cx_v_format_dims(cx_arena_t* scratch, uint32_t n, const int64_t* dims, bool dynamic);
const char* cx_v_mask_str(cx_arena_t* scratch, unsigned mask);
// Formats a shape ("[2, ?, 3]") into scratch memory.
const char* cx_v_dims_str(cx_verify_ctx_t* vc, uint32_t n, const int64_t* dims);

// ----------------------------------------------------------------------------
// Counts and value kinds.

// Checks the operand count is in [min, max] (max < 0: unbounded).
CX_MUST_USE cx_status_t cx_v_num_operands(const cx_op_t* op, uint32_t min, int64_t max);
CX_MUST_USE cx_status_t cx_v_num_results(const cx_op_t* op, uint32_t min, int64_t max);
CX_MUST_USE cx_status_t cx_v_num_regions(const cx_op_t* op, uint32_t n);
// Operand/result types must be ranked tensors (quantized allowed).
CX_MUST_USE cx_status_t cx_v_tensor_operand(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                                            const cx_type_t** out);
CX_MUST_USE cx_status_t cx_v_tensor_result(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                                           const cx_type_t** out);
// All operands (results) are ranked tensors.
CX_MUST_USE cx_status_t cx_v_all_tensors(cx_verify_ctx_t* vc, const cx_op_t* op);

static inline const cx_type_t* cx_v_otype(const cx_op_t* op, uint32_t i) {
  return op->operands[i].value->type;
}
static inline const cx_type_t* cx_v_rtype(const cx_op_t* op, uint32_t i) {
  return op->results[i].type;
}

// Checks a value's type is a valid StableHLO value type (tensor, quantized
// tensor, token, tuple of those, or an opaque type of another dialect) and
// that quantized element types and bounds encodings are well formed.
CX_MUST_USE cx_status_t cx_v_value_type(cx_verify_ctx_t* vc, const cx_op_t* op,
                                        const cx_type_t* t, const char* what, uint32_t index);

// ----------------------------------------------------------------------------
// Shape functions.

// Runs the op's shape function (infer.h) and checks that the op has as many
// results as it infers. Returns the inferred types, one per result (NULL
// where the op gives the type), in memory valid until the next call.
CX_MUST_USE cx_status_t cx_v_infer(cx_verify_ctx_t* vc, const cx_op_t* op,
                                   const cx_type_t* const** out);
// cx_v_infer for an op with one tensor result: result 0's inferred type
// and its declared type, which must be a tensor (cx_v_tensor_result).
CX_MUST_USE cx_status_t cx_v_infer_tensor_result(cx_verify_ctx_t* vc, const cx_op_t* op,
                                                 const cx_type_t** out_inferred,
                                                 const cx_type_t** out_declared);
// A predicate's result y (compare, is_finite): the shape of the inferred
// type `want`, boolean elements.
CX_MUST_USE cx_status_t cx_v_expect_bool_result(cx_verify_ctx_t* vc, const cx_op_t* op,
                                                const cx_type_t* want, const cx_type_t* y);
// Result i's declared type agrees with the inferred one
// (cx_infer_compatible). Otherwise the error is `msg` when given, else
// "inferred shape '[..]' is incompatible with result type '..'" for shapes
// and "expects the result element type to be 'E', but got 'F'" for elements.
CX_MUST_USE cx_status_t cx_v_expect_result(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                                           const cx_type_t* inferred, const char* msg);
// Result i has a shape compatible with the inferred one (the message of
// cx_v_expect_result) and exactly the inferred element type (`elem_msg`).
CX_MUST_USE cx_status_t cx_v_expect_same(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                                         const cx_type_t* inferred, const char* elem_msg);

// ----------------------------------------------------------------------------
// Element-type predicates, on tensor types (quantized tensors are none of
// int/float/complex/bool: they are quantized).

cx_elem_t cx_v_kind(const cx_type_t* tensor);  // element kind; CX_ELEM_INVALID if quantized
bool cx_v_is_quant(const cx_type_t* tensor);
bool cx_v_is_per_axis(const cx_type_t* tensor);
bool cx_v_is_per_tensor(const cx_type_t* tensor);
bool cx_v_is_bool(const cx_type_t* tensor);
bool cx_v_is_int(const cx_type_t* tensor);          // signed or unsigned, not i1
bool cx_v_is_signed_int(const cx_type_t* tensor);   // si*/i* except i1
bool cx_v_is_unsigned_int(const cx_type_t* tensor);
bool cx_v_is_float(const cx_type_t* tensor);
bool cx_v_is_complex(const cx_type_t* tensor);
// Element type of a tensor (an element or quant type).
static inline const cx_type_t* cx_v_elem(const cx_type_t* tensor) { return tensor->tensor.element; }

// Element-class masks for cx_v_check_elem.
enum {
  CX_V_BOOL = 1,
  CX_V_SINT = 2,
  CX_V_UINT = 4,
  CX_V_INT = CX_V_SINT | CX_V_UINT,
  CX_V_FLOAT = 8,
  CX_V_COMPLEX = 16,
  CX_V_QUANT_TENSOR = 32,  // per-tensor quantized
  CX_V_QUANT_AXIS = 64,    // per-axis quantized
  CX_V_QUANT = CX_V_QUANT_TENSOR | CX_V_QUANT_AXIS,
  CX_V_ANY = 127,
};
bool cx_v_elem_in(const cx_type_t* tensor, unsigned mask);
// Errors "<what> #i must be tensor of <desc> values, but got 'T'".
CX_MUST_USE cx_status_t cx_v_check_elem(cx_verify_ctx_t* vc, const cx_op_t* op,
                                        const cx_type_t* tensor, unsigned mask,
                                        const char* what);

// ----------------------------------------------------------------------------
// Shapes.

static inline uint32_t cx_v_rank(const cx_type_t* t) { return t->tensor.rank; }
static inline int64_t cx_v_dim(const cx_type_t* t, uint32_t i) { return t->tensor.dims[i]; }
static inline bool cx_v_dyn(int64_t d) { return d == CX_DYNAMIC_DIM; }
// Two dims are compatible if equal or either is dynamic.
static inline bool cx_v_dims_compat(int64_t a, int64_t b) {
  return a == b || a == CX_DYNAMIC_DIM || b == CX_DYNAMIC_DIM;
}
// Same rank, compatible dims, and static dims within the other's bounds.
bool cx_v_shapes_compat(const cx_type_t* a, const cx_type_t* b);
// The tensor's shape is compatible with an inferred shape (dims may be
// CX_V_DYN where inference cannot tell); bounds of t are respected.
bool cx_v_shape_matches(const cx_type_t* t, uint32_t rank, const int64_t* dims);
bool cx_v_has_static_shape(const cx_type_t* t);
// Number of elements, or -1 if dynamic or overflowing.
int64_t cx_v_num_elements(const cx_type_t* t);

// ----------------------------------------------------------------------------
// Type relations.

// Element types are identical (same interned type).
static inline bool cx_v_elem_eq(const cx_type_t* a, const cx_type_t* b) {
  return a->tensor.element == b->tensor.element;
}
// The StableHLO notion of "same type" under dynamism: tensors with
// compatible shapes and identical element types; tuples element-wise; other
// types identical.
bool cx_v_types_compat(const cx_type_t* a, const cx_type_t* b);
// baseline_element_type(a) = baseline_element_type(b), on element types
// (quantized: storage, expressed, storage range and quantization dimension
// equal; scales and zero points may differ).
bool cx_v_baseline_elem_eq(const cx_type_t* ea, const cx_type_t* eb);
// baseline_type(a) = baseline_type(b) for tensors (shape compatibility).
bool cx_v_baseline_compat(const cx_type_t* a, const cx_type_t* b);
// element_type(a) = element_type(b), except that for per-axis quantized
// types the quantization dimension, scales and zero points may differ
// (broadcast_in_dim_c1, reshape_c1, transpose_c1 and their dynamic forms).
bool cx_v_elem_eq_modulo_axis(const cx_type_t* a, const cx_type_t* b);
// broadcast_in_dim_c6 / dynamic_broadcast_in_dim_c6 for broadcast dims bd
// (bd_n = rank(x), already checked to be in range).
CX_MUST_USE cx_status_t cx_v_check_broadcast_axis(cx_verify_ctx_t* vc, const cx_op_t* op,
                                                  const cx_type_t* x, const cx_type_t* y,
                                                  const int64_t* bd, uint32_t bd_n);
// reshape_c3 / dynamic_reshape_c3: a per-axis quantized reshape keeps the
// quantization dimension and the element counts before and after it.
CX_MUST_USE cx_status_t cx_v_check_reshape_axis(cx_verify_ctx_t* vc, const cx_op_t* op,
                                                const cx_type_t* x, const cx_type_t* y);
// is_promotable(x, y) on element types (spec, "Functions on types").
bool cx_v_is_promotable(const cx_type_t* ex, const cx_type_t* ey);
// For quantized element types the storage type; otherwise the type itself.
const cx_type_t* cx_v_storage(const cx_type_t* elem);
// For quantized element types the expressed type; otherwise the type itself.
const cx_type_t* cx_v_expressed(const cx_type_t* elem);
// num_bits of an element type (quantized: of the storage type).
int cx_v_bits(const cx_type_t* elem);
// A rank-0 tensor type of the given element type.
const cx_type_t* cx_v_scalar_of(cx_verify_ctx_t* vc, const cx_type_t* elem);

// ----------------------------------------------------------------------------
// Attributes. `name` is an interned attribute name (CX_V_NAME(vc, x) or one
// of vc->names). Each getter reports "requires attribute 'x'" when a
// required attribute is missing and "attribute 'x' ..." when it has the
// wrong kind; `present` (optional) tells whether the attribute was there.
// An absent optional scalar takes the default of the op attribute schema
// (ir/op_attrs.def), or `def` for attributes the schema does not list.

// An integer list: array<i64: ...>, or a dense<...> integer tensor of any
// rank (read in row-major order; rows/cols describe a rank-2 attribute).
typedef struct cx_v_ints {
  const int64_t* v;
  uint32_t n;
  uint32_t rank;     // rank of a dense attribute; 1 for array<...>
  int64_t dims[2];   // shape of a dense attribute of rank <= 2
} cx_v_ints_t;

const cx_attr_t* cx_v_attr(const cx_op_t* op, const char* name);
CX_MUST_USE cx_status_t cx_v_get_ints(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                                      bool required, cx_v_ints_t* out, bool* present);
CX_MUST_USE cx_status_t cx_v_get_int(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                                     bool required, int64_t def, int64_t* out);
// A bool attribute (true/false); a unit attribute counts as true.
CX_MUST_USE cx_status_t cx_v_get_bool(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                                      bool required, bool def, bool* out);
CX_MUST_USE cx_status_t cx_v_get_float(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                                       bool required, double def, double* out);
CX_MUST_USE cx_status_t cx_v_get_enum(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                                      cx_enum_kind_t kind, bool required, int def, int* out,
                                      bool* present);
// Any attribute of the given kind; *out is NULL when absent and optional.
CX_MUST_USE cx_status_t cx_v_get_kind(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                                      cx_attr_kind_t kind, bool required, const cx_attr_t** out);
// Reads a dense integer attribute's elements (any integer or index type).
CX_MUST_USE cx_status_t cx_v_dense_ints(cx_verify_ctx_t* vc, const cx_op_t* op,
                                        const cx_attr_t* a, const char* name, cx_v_ints_t* out);
// Decodes a dense integer (or bool, or index) attribute into scratch memory;
// false (with a reason in *why, if not NULL) if it cannot.
bool cx_v_decode_dense(cx_arena_t* scratch, const cx_attr_t* a, cx_v_ints_t* out,
                       const char** why);

// ----------------------------------------------------------------------------
// Integer-list predicates (is_unique, is_sorted, range checks).

bool cx_v_unique(cx_verify_ctx_t* vc, const int64_t* v, uint32_t n);
// is_unique(concatenate(a, b)).
bool cx_v_unique2(cx_verify_ctx_t* vc, const int64_t* a, uint32_t na, const int64_t* b,
                  uint32_t nb);
bool cx_v_sorted(const int64_t* v, uint32_t n);
// All values in [lo, hi).
bool cx_v_in_range(const int64_t* v, uint32_t n, int64_t lo, int64_t hi);
bool cx_v_contains(const int64_t* v, uint32_t n, int64_t x);
// "[1, 2, 3]" into scratch memory.
const char* cx_v_ints_str(cx_verify_ctx_t* vc, const int64_t* v, uint32_t n);

// ----------------------------------------------------------------------------
// Regions.

// The single block of region r (errors if the region is empty or has more
// than one block).
CX_MUST_USE cx_status_t cx_v_single_block(const cx_op_t* op, uint32_t r, const char* region_name,
                                          cx_block_t** out);
// The block's terminator, which must be stablehlo.return.
CX_MUST_USE cx_status_t cx_v_block_return(const cx_op_t* op, cx_block_t* b,
                                          const char* region_name, cx_op_t** out);

// ----------------------------------------------------------------------------
// Checked arithmetic on dims: returns false on overflow.
bool cx_v_add(int64_t a, int64_t b, int64_t* out);
bool cx_v_mul(int64_t a, int64_t b, int64_t* out);

#endif  // CXLA_IR_VERIFY_UTIL_H_
