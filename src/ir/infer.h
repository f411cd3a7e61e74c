// Shape functions: the result types of an op, computed from its operand
// types, attributes, region signatures and, for ops whose result shape
// depends on operand values (dynamic_reshape, dynamic_iota, rng, ...), the
// constant values of those operands where they are known. They follow
// StableHLO's infer*Op functions (stablehlo/dialect/TypeInference.cpp) and
// the spec's constraints, which they check on the way: an op whose operands
// or attributes break a constraint gets an error citing its label, e.g.
// "'stablehlo.dot_general' op contracting dimension sizes must match for
// lhs/rhs (dot_general_c10)".
//
// Users: the verifier (infer, then compare with the declared result types;
// see verify.h), the compiler's shape refinement (which passes refined
// operand types and folded shape operands), and code that builds ops.
//
// The functions live in infer_<family>.c, one file per op family of ops.def;
// infer_table.c names each op's function, infer.c runs it and holds the type
// relations below.
//
// What an inferred type says:
//   - a full type (tensor<2x?xf32, #stablehlo.bounds<?, 4>>): the result has
//     a type compatible with it (cx_infer_compatible). Dynamic dims ('?') are
//     what inference cannot tell (an unknown operand value, a dynamic
//     operand dim); bounds are inferred where StableHLO infers them.
//   - a tensor whose element type is `none` (tensor<2x5xnone>): the shape is
//     inferred, the element type is the op's to choose (dot_general's and
//     convolution's result element type, convert's target type,
//     uniform_quantize's quantization parameters).
//   - NULL: the result type is given by the op, not inferred (see
//     cx_infer_mode). Inference still checks the operands and attributes.
#ifndef CXLA_IR_INFER_H_
#define CXLA_IR_INFER_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/status.h"
#include "ir/ir.h"

// A region as inference sees it: the argument types of its (single) block
// and the operand types of its terminator (stablehlo.return).
typedef struct cx_infer_region {
  uint32_t num_args;
  const cx_type_t* const* arg_types;
  uint32_t num_results;
  const cx_type_t* const* result_types;
} cx_infer_region_t;

// What a shape function reads. Either describe the op from scratch (op =
// NULL), or name an existing op: then every array left NULL below is taken
// from that op (its operand types, the constant values of operands defined
// by stablehlo.constant, its attributes, its regions), so a caller can
// replace, say, only the operand types.
typedef struct cx_infer_input {
  const cx_op_t* op;
  uint32_t num_operands;
  const cx_type_t* const* operand_types;
  // Optional: one entry per operand, a DENSE (or DENSE_RESOURCE) attribute
  // holding the operand's value when it is known, else NULL. Read only for
  // the operands whose values shape the result (output_shape, padding,
  // slice_sizes, ...).
  const cx_attr_t* const* operand_values;
  // Attribute names must be interned in the context (ctx->names[...] or
  // cx_intern): lookups compare pointers.
  uint32_t num_attrs;
  const cx_named_attr_t* attrs;
  uint32_t num_regions;
  const cx_infer_region_t* regions;
  cx_loc_t loc;  // where errors are reported
} cx_infer_input_t;

// How much of an op's result types inference determines.
typedef enum cx_infer_mode {
  CX_INFER_TYPES,  // every result type (ops without results too)
  // Some results, or their element types, are the op's: NULL entries or a
  // `none` element type. dot_general, convolution, convert, uniform_quantize
  // and dynamic_iota choose their result element type; rng_bit_generator
  // its output; dynamic_reshape, dynamic_broadcast_in_dim, dynamic_iota and
  // rng give NULL when the length of their shape operand is dynamic (the
  // result rank is then unknown).
  CX_INFER_PARTIAL,
  // Every result is given: custom_call (its target decides), iota,
  // broadcast_in_dim and reshape (they produce the shape of their result
  // type), bitcast_convert (the result element type decides the shape;
  // with the op at hand its shape function infers it from the operand's),
  // infeed and recv (the data arrive at run time), func.call, composite and
  // interpreter.run_parallel (the callee's signature), async_start and
  // async_done (cxla keeps !stablehlo.future types opaque).
  CX_INFER_GIVEN,
} cx_infer_mode_t;

cx_infer_mode_t cx_infer_mode(cx_op_kind_t kind);

// Runs the op's shape function: checks the constraints on operands and
// attributes and writes the inferred result types (see above) to
// out_types[0 .. *out_num_results). The number of results is the op's:
// for ops with a variable number of results it follows from the operands
// (sort, while, ...), the regions (if, case) or, for ops whose results are
// given, the op named in the input (0 without one). Fails with
// CX_INVALID_ARGUMENT (message MLIR-style, at in->loc) on a broken
// constraint, CX_OUT_OF_RANGE if more than max_results results. Inferred
// types are interned in ctx, which this mutates (as cx_intern does): not for
// use while other threads read the context.
CX_MUST_USE cx_status_t cx_infer_result_types(cx_context_t* ctx, cx_op_kind_t kind,
                                              const cx_infer_input_t* in,
                                              const cx_type_t** out_types, uint32_t max_results,
                                              uint32_t* out_num_results);

// The same for an existing op: its operands, attributes, regions, location.
CX_MUST_USE cx_status_t cx_op_infer_result_types(cx_context_t* ctx, const cx_op_t* op,
                                                 const cx_type_t** out_types, uint32_t max_results,
                                                 uint32_t* out_num_results);

// ----------------------------------------------------------------------------
// Type relations.

// True if a declared type agrees with an inferred one, by MLIR's rules for
// StableHLO type inference: same rank; each pair of dims equal or one of
// them dynamic; a static dim of either side within the other's bound; the
// same element type, or quantized types with the same storage type, range,
// expressed type and granularity (ops add their own rules on quantization
// parameters). An inferred `none` element type or a NULL inferred type
// accepts anything; tuples agree element-wise.
bool cx_infer_compatible(const cx_type_t* inferred, const cx_type_t* declared);

// The most specific type both agree with: static dims where either is
// static, the tighter bound where both are bounded, the declared element
// type where the inferred one is `none`. This is what shape refinement
// assigns to a result after inference. Returns NULL (with *out_conflict
// set) if the two are not compatible, or on out-of-memory.
const cx_type_t* cx_infer_refine(cx_context_t* ctx, const cx_type_t* inferred,
                                 const cx_type_t* declared, bool* out_conflict);

#endif  // CXLA_IR_INFER_H_
