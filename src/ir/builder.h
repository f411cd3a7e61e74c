// Building IR: op states, cx_op_build, the insertion-point builder, typed
// attribute constructors and constants.
//
//   cx_builder_t b;
//   cx_builder_init(&b, module);
//   cx_builder_set_before(&b, op);          // new ops go right before `op`
//   b.loc = op->loc;                        // and carry its location
//   cx_value_t* sum;
//   CX_RETURN_IF_ERROR(cx_build_value(&b, CX_OP_ADD, 2, (cx_value_t*[]){x, y},
//                                     x->type, 0, NULL, &sum));
//
// Ops are allocated in the module's arena. Building never leaves a half-made
// op behind: when cx_op_build or cx_build fails, no use list holds an operand
// of the failed op and nothing was inserted (the arena memory it took is
// reclaimed with the module). Builders do not verify ops (attributes and
// types are the verifier's and the shape functions' business), but cx_build
// checks what a pass can get wrong cheaply: missing operands and operand /
// result counts outside the op's bounds in ops.def.
#ifndef CXLA_IR_BUILDER_H_
#define CXLA_IR_BUILDER_H_

#include "ir/ir.h"
#include "support/scalar.h"

// Everything needed to create one op. Arrays are borrowed for the call
// (operands are linked, result types, attributes and regions copied or
// moved into the op).
typedef struct cx_op_state {
  cx_op_kind_t kind;
  const char* name;  // interned full name; NULL: the name of `kind` (required for CX_OP_UNKNOWN)
  cx_loc_t loc;
  uint32_t num_operands;
  cx_value_t* const* operands;  // a NULL entry leaves that operand empty (cx_op_build only)
  uint32_t num_results;
  const cx_type_t* const* result_types;
  uint32_t num_attrs;
  const cx_named_attr_t* attrs;  // names interned; copied in this order
  uint32_t num_regions;
  // Optional: regions whose blocks move into the op's regions (they are left
  // empty). NULL: the op gets `num_regions` empty regions.
  cx_region_t* regions;
} cx_op_state_t;

// Creates an op from a state, not inserted anywhere. Fails (and creates
// nothing) on out-of-memory, when the module has run out of value ids, or on
// a malformed state (a kind out of range, CX_OP_UNKNOWN without a name).
CX_MUST_USE cx_status_t cx_op_build(cx_module_t* module, const cx_op_state_t* state,
                                    cx_op_t** out_op);

// ---- the insertion-point builder ----------------------------------------------

// Called for every op a builder inserts (the rewriter uses it to put new ops
// on its worklist).
typedef void (*cx_builder_listener_fn)(void* arg, cx_op_t* op);

typedef struct cx_builder {
  cx_module_t* module;
  cx_block_t* block;  // NULL: ops are created but not inserted
  cx_op_t* before;    // insert before this op of `block`; NULL: at the end of `block`
  cx_loc_t loc;       // location of ops whose state has none (no file and line 0)
  cx_builder_listener_fn on_insert;
  void* on_insert_arg;
} cx_builder_t;

// A builder that creates ops without inserting them, at an unknown location.
void cx_builder_init(cx_builder_t* b, cx_module_t* module);
// Insertion points. Consecutive builds go in build order: after
// set_before(op), each new op goes before `op` (so after the previous one).
void cx_builder_set_before(cx_builder_t* b, cx_op_t* op);
void cx_builder_set_after(cx_builder_t* b, cx_op_t* op);
void cx_builder_set_at_end(cx_builder_t* b, cx_block_t* block);
void cx_builder_set_at_start(cx_builder_t* b, cx_block_t* block);
// Inserts an existing op (not in a block) at the insertion point.
void cx_builder_insert(cx_builder_t* b, cx_op_t* op);

// Builds an op and inserts it at the insertion point. Besides what
// cx_op_build checks, fails (CX_INVALID_ARGUMENT) on a NULL operand or
// operand/result counts outside the op's bounds (cx_op_info).
CX_MUST_USE cx_status_t cx_build(cx_builder_t* b, const cx_op_state_t* state, cx_op_t** out_op);
// Shorthand for an op with one result and no regions; returns its result.
CX_MUST_USE cx_status_t cx_build_value(cx_builder_t* b, cx_op_kind_t kind, uint32_t num_operands,
                                       cx_value_t* const* operands,
                                       const cx_type_t* result_type, uint32_t num_attrs,
                                       const cx_named_attr_t* attrs, cx_value_t** out_value);

// ---- data movement ----------------------------------------------------------------

// stablehlo.slice of a statically shaped tensor x: [start, limit) along
// each dimension, unit strides.
CX_MUST_USE cx_status_t cx_build_slice(cx_builder_t* b, cx_value_t* x, const int64_t* start,
                                       const int64_t* limit, cx_value_t** out_value);
// stablehlo.concatenate of n >= 1 tensors along `dim` (one part: the part
// itself, nothing built).
CX_MUST_USE cx_status_t cx_build_concatenate(cx_builder_t* b, cx_value_t* const* parts,
                                             uint32_t n, uint32_t dim, cx_value_t** out_value);

// ---- constants ------------------------------------------------------------------

// stablehlo.constant with `value` (a DENSE or DENSE_RESOURCE attribute; the
// result type is the attribute's type).
CX_MUST_USE cx_status_t cx_build_constant(cx_builder_t* b, const cx_attr_t* value,
                                          cx_value_t** out_value);
// stablehlo.constant of a tensor type with every element `value` (converted
// as cx_attr_splat_f64 does).
CX_MUST_USE cx_status_t cx_build_splat_constant(cx_builder_t* b, const cx_type_t* tensor_type,
                                                double value, cx_value_t** out_value);

// ---- typed attribute constructors ---------------------------------------------
// All allocate in the module's arena. Those returning a pointer return NULL
// on out-of-memory only; those returning a status also reject input the
// attribute cannot represent.

// array<i64: ...>: the one form cxla uses for i64 lists (dimensions,
// permutation, slice bounds, ...); parsed attributes are normalised to it.
const cx_attr_t* cx_attr_i64_array(cx_module_t* m, uint32_t count, const int64_t* values);
// array<i1: ...>
const cx_attr_t* cx_attr_bool_array(cx_module_t* m, uint32_t count, const bool* values);
// An integer of type i64 / i32 (signless).
const cx_attr_t* cx_attr_i64(cx_module_t* m, int64_t value);
const cx_attr_t* cx_attr_i32(cx_module_t* m, int32_t value);
// #stablehlo.<enum> of a kind (CX_ENUM_*) and value (e.g. CX_CMP_LT).
const cx_attr_t* cx_attr_enum_value(cx_module_t* m, cx_enum_kind_t kind, int value);
// Structured attributes copied (lists included) into the module's arena.
const cx_attr_t* cx_attr_gather_dims(cx_module_t* m, const cx_gather_dims_t* dims);
const cx_attr_t* cx_attr_scatter_dims(cx_module_t* m, const cx_scatter_dims_t* dims);
const cx_attr_t* cx_attr_dot_dims(cx_module_t* m, const cx_dot_dims_t* dims);
const cx_attr_t* cx_attr_conv_dims(cx_module_t* m, const cx_conv_dims_t* dims);

// Dense splats: a tensor type of static shape (any rank, zero elements
// included) whose every element is the value, in any element type: floats
// (f4/f6/f8 kinds, bf16, f16, tf32, f32, f64) are rounded to nearest-even,
// integers and i1 must be exactly representable, complex types take the
// value as the real part. Quantized tensors take the storage value from
// cx_attr_splat_i64 only.
CX_MUST_USE cx_status_t cx_attr_splat_f64(cx_module_t* m, const cx_type_t* tensor_type,
                                          double value, const cx_attr_t** out);
CX_MUST_USE cx_status_t cx_attr_splat_i64(cx_module_t* m, const cx_type_t* tensor_type,
                                          int64_t value, const cx_attr_t** out);
// Complex element types take both parts; real types accept im == 0 only.
CX_MUST_USE cx_status_t cx_attr_splat_complex(cx_module_t* m, const cx_type_t* tensor_type,
                                              cx_complex_t value, const cx_attr_t** out);
// A splat whose element is given in storage layout (e.g. the element of
// another splat: cx_attr_splat_element), of any static tensor type whose
// element kind it is.
CX_MUST_USE cx_status_t cx_attr_splat_raw(cx_module_t* m, const cx_type_t* tensor_type,
                                          const void* element, const cx_attr_t** out);
// Dense elements copied from a buffer in cxla's storage layout (ir/types.h):
// nbytes must be the tensor's element count times the element storage size.
CX_MUST_USE cx_status_t cx_attr_dense_from_buffer(cx_module_t* m, const cx_type_t* tensor_type,
                                                  const void* data, size_t nbytes,
                                                  const cx_attr_t** out);
// The same checks, but the attribute borrows `data` instead of copying it
// (when it is 16-byte aligned, as the module's own dense data is; otherwise
// it is copied): for values the caller keeps alive and unchanged for as long
// as the module uses them, such as a compile's bound arguments.
CX_MUST_USE cx_status_t cx_attr_dense_borrow_buffer(cx_module_t* m, const cx_type_t* tensor_type,
                                                    const void* data, size_t nbytes,
                                                    const cx_attr_t** out);

// ---- reading constants ------------------------------------------------------------

// If `v` is the result of stablehlo.constant (or chlo.constant), its value
// attribute; else NULL.
const cx_attr_t* cx_value_constant_attr(const cx_value_t* v);
// True if a DENSE attribute has all elements equal (a splat, or stored
// elements that happen to be equal, up to 64 KB of data); the element's bytes
// in storage layout go to *out_elem (if not NULL).
bool cx_attr_splat_element(const cx_attr_t* a, const void** out_elem);
// The splat element of a constant value as a double / int64 / complex, if
// the value is a constant splat of a float / integer / complex type.
bool cx_value_splat_f64(const cx_value_t* v, double* out);
bool cx_value_splat_i64(const cx_value_t* v, int64_t* out);
bool cx_value_splat_complex(const cx_value_t* v, cx_complex_t* out);

#endif  // CXLA_IR_BUILDER_H_
