// The shape functions' internal interface (infer_<family>.c): a state that
// reads operands, attributes and regions from a cx_infer_input_t (or the op
// it names), reports errors MLIR-style with the spec's constraint label, and
// collects the inferred result types.
//
// Type predicates and shape relations (element classes, dim compatibility
// with bounds, baseline types, promotability) are shared with the verifier
// and live in verify_util.h.
#ifndef CXLA_IR_INFER_UTIL_H_
#define CXLA_IR_INFER_UTIL_H_

#include <stdbool.h>
#include <stdint.h>

#include "ir/infer.h"
#include "ir/verify_util.h"

typedef struct cx_infer_state {
  cx_context_t* ctx;
  cx_op_kind_t kind;
  const char* op_name;
  const cx_infer_input_t* in;
  // Decoded attribute lists and message text; owned by the caller (the
  // verifier's scratch arena, or one per cx_infer_result_types call).
  cx_arena_t* scratch;
  const cx_type_t** out;
  uint32_t max_results;
  uint32_t num_results;
} cx_infer_state_t;

// Runs the shape function of in's op kind with the given scratch arena.
CX_MUST_USE cx_status_t cx_infer_run(cx_context_t* ctx, cx_op_kind_t kind,
                                     const cx_infer_input_t* in, cx_arena_t* scratch,
                                     const cx_type_t** out_types, uint32_t max_results,
                                     uint32_t* out_num_results);

// Sets up a state over an existing op (for the verifier's own attribute
// reads); `in` must outlive the state.
void cx_i_state_for_op(cx_context_t* ctx, const cx_op_t* op, cx_arena_t* scratch,
                       cx_infer_input_t* in, cx_infer_state_t* s);

// The shape functions, one per op (or per family whose ops share one);
// cx_i_shape_rows says which serves which op.
typedef cx_status_t (*cx_infer_fn)(cx_infer_state_t* s);
// infer_unary.c, infer_binary.c, infer_compare.c, infer_convert.c, infer_constant.c, infer_sort.c:
// one function for the family's ops
CX_MUST_USE cx_status_t cx_infer_unary(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_binary(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_compare(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_convert(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_constant(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_sort(cx_infer_state_t* s);
// infer_select_clamp.c
CX_MUST_USE cx_status_t cx_infer_select(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_clamp(cx_infer_state_t* s);
// infer_shape.c
CX_MUST_USE cx_status_t cx_infer_iota(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_broadcast_in_dim(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_broadcast(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_reshape(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_transpose(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_reverse(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_slice(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_concatenate(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_pad(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_slice(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_update_slice(cx_infer_state_t* s);
// infer_dynamic_shape.c
CX_MUST_USE cx_status_t cx_infer_get_dimension_size(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_set_dimension_size(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_iota(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_reshape(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_broadcast_in_dim(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_pad(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_real_dynamic_slice(cx_infer_state_t* s);
// infer_gather_scatter.c (gather also serves dynamic_gather)
CX_MUST_USE cx_status_t cx_infer_gather(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_scatter(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_torch_index_select(cx_infer_state_t* s);
// infer_reduce.c
CX_MUST_USE cx_status_t cx_infer_reduce(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_reduce_window(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_select_and_scatter(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_map(cx_infer_state_t* s);
// infer_dot_conv.c (einsum also serves unary_einsum)
CX_MUST_USE cx_status_t cx_infer_dot_general(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dot(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_convolution(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_dynamic_conv(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_einsum(cx_infer_state_t* s);
// infer_control.c
CX_MUST_USE cx_status_t cx_infer_while(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_if(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_case(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_optimization_barrier(cx_infer_state_t* s);
// infer_tuple_token.c
CX_MUST_USE cx_status_t cx_infer_tuple(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_get_tuple_element(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_after_all(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_create_token(cx_infer_state_t* s);
// infer_linalg.c
CX_MUST_USE cx_status_t cx_infer_cholesky(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_triangular_solve(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_fft(cx_infer_state_t* s);
// infer_rng.c
CX_MUST_USE cx_status_t cx_infer_rng(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_rng_bit_generator(cx_infer_state_t* s);
// infer_batch_norm.c (the three batch_norm ops)
CX_MUST_USE cx_status_t cx_infer_batch_norm(cx_infer_state_t* s);
// infer_collective.c (all_reduce also serves collective_reduce, send_recv both send and recv,
// replica_id also partition_id)
CX_MUST_USE cx_status_t cx_infer_all_gather(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_all_reduce(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_reduce_scatter(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_all_to_all(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_collective_permute(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_collective_broadcast(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_cross_replica_sum(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_replica_id(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_send_recv(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_infeed(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_outfeed(cx_infer_state_t* s);
// infer_async.c
CX_MUST_USE cx_status_t cx_infer_async_start(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_async_done(cx_infer_state_t* s);
// infer_chlo.c (unary and binary: the element-wise ops of chlo.h; broadcast_binary: every
// broadcasting op but broadcast_select)
CX_MUST_USE cx_status_t cx_infer_chlo_unary(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_binary(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_broadcast_binary(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_broadcast_select(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_constant(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_constant_like(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_top_k(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_ragged_dot(cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_infer_chlo_scan(cx_infer_state_t* s);

// An op's row in the per-op table (infer_table.c): its shape function (NULL:
// none) and whether the op takes no regions, which cx_infer_run checks
// before calling the function.
typedef struct cx_i_shape_row {
  cx_infer_fn fn;
  bool no_regions;
} cx_i_shape_row_t;
extern const cx_i_shape_row_t cx_i_shape_rows[CX_OP_COUNT];

// ----------------------------------------------------------------------------
// Errors and messages.

// "'<op name>' op <message> (<label>)" at the input's location; `label` is
// the spec constraint the input breaks (NULL when none applies).
CX_MUST_USE cx_status_t cx_i_error(const cx_infer_state_t* s, const char* label, const char* fmt,
                                   ...) CX_PRINTF(3, 4);
// "<op>_<c>" for the op's spec section, e.g. cx_i_label(s, "c1") is
// "subtract_c1" for stablehlo.subtract (scratch memory).
const char* cx_i_label(const cx_infer_state_t* s, const char* c);
// Types, shapes and integer lists as text in scratch memory.
const char* cx_i_type_str(const cx_infer_state_t* s, const cx_type_t* t);
const char* cx_i_dims_str(const cx_infer_state_t* s, uint32_t n, const int64_t* dims);
const char* cx_i_ints_str(const cx_infer_state_t* s, const int64_t* v, uint32_t n);
const char* cx_i_list_str(const cx_infer_state_t* s, cx_i64_list_t l);

// ----------------------------------------------------------------------------
// Operands.

uint32_t cx_i_num_operands(const cx_infer_state_t* s);
const cx_type_t* cx_i_otype(const cx_infer_state_t* s, uint32_t i);
// The operand count is in [min, max] (max < 0: unbounded).
CX_MUST_USE cx_status_t cx_i_count(const cx_infer_state_t* s, uint32_t min, int64_t max);
// Operand i is a ranked tensor (quantized allowed).
CX_MUST_USE cx_status_t cx_i_tensor(const cx_infer_state_t* s, uint32_t i, const cx_type_t** out);
// The op has one operand, a ranked tensor (cx_i_count, cx_i_tensor).
CX_MUST_USE cx_status_t cx_i_one_tensor(const cx_infer_state_t* s, const cx_type_t** out);
CX_MUST_USE cx_status_t cx_i_all_tensors(const cx_infer_state_t* s);
// "<what> must be a tensor of <classes> values, but got 'T'".
CX_MUST_USE cx_status_t cx_i_check_elem(const cx_infer_state_t* s, const cx_type_t* tensor,
                                        unsigned mask, const char* what);
// The value of operand i when known (given in the input, or the op's operand
// is defined by stablehlo.constant), decoded as integers; false otherwise.
bool cx_i_const_ints(const cx_infer_state_t* s, uint32_t i, cx_v_ints_t* out);

// ----------------------------------------------------------------------------
// Attributes: the getters of verify_util.h, on the input's attributes.

const cx_attr_t* cx_i_attr(const cx_infer_state_t* s, const char* name);
#define CX_I_NAME(s, id) ((s)->ctx->names[CX_NAME_##id])
CX_MUST_USE cx_status_t cx_i_get_ints(const cx_infer_state_t* s, const char* name, bool required,
                                      cx_v_ints_t* out, bool* present);
CX_MUST_USE cx_status_t cx_i_get_bools(const cx_infer_state_t* s, const char* name, bool required,
                                       cx_v_ints_t* out, bool* present);
CX_MUST_USE cx_status_t cx_i_get_int(const cx_infer_state_t* s, const char* name, bool required,
                                     int64_t def, int64_t* out);
CX_MUST_USE cx_status_t cx_i_get_bool(const cx_infer_state_t* s, const char* name, bool required,
                                      bool def, bool* out);
CX_MUST_USE cx_status_t cx_i_get_float(const cx_infer_state_t* s, const char* name, bool required,
                                       double def, double* out);
CX_MUST_USE cx_status_t cx_i_get_enum(const cx_infer_state_t* s, const char* name,
                                      cx_enum_kind_t kind, bool required, int def, int* out,
                                      bool* present);
CX_MUST_USE cx_status_t cx_i_get_kind(const cx_infer_state_t* s, const char* name,
                                      cx_attr_kind_t kind, bool required, const cx_attr_t** out);
CX_MUST_USE cx_status_t cx_i_get_precision(const cx_infer_state_t* s, const char* name,
                                           cx_enum_kind_t kind, uint32_t* n);
CX_MUST_USE cx_status_t cx_i_dense_ints(const cx_infer_state_t* s, const cx_attr_t* a,
                                        const char* name, cx_v_ints_t* out);

// ----------------------------------------------------------------------------
// Integer lists (scratch memory for long ones).

bool cx_i_unique(const cx_infer_state_t* s, const int64_t* v, uint32_t n);
bool cx_i_unique2(const cx_infer_state_t* s, const int64_t* a, uint32_t na, const int64_t* b,
                  uint32_t nb);

// ----------------------------------------------------------------------------
// Regions.

typedef struct cx_i_region {
  const cx_infer_region_t* given;  // from the input
  const cx_block_t* block;         // or from the op
  const cx_op_t* ret;              // the op's terminator
} cx_i_region_t;

uint32_t cx_i_num_regions(const cx_infer_state_t* s);
CX_MUST_USE cx_status_t cx_i_count_regions(const cx_infer_state_t* s, uint32_t n);
// Region r: one block ending in stablehlo.return (regions of the input are
// taken as they are described).
CX_MUST_USE cx_status_t cx_i_region(const cx_infer_state_t* s, uint32_t r, const char* region_name,
                                    cx_i_region_t* out);
uint32_t cx_i_region_num_args(const cx_i_region_t* r);
const cx_type_t* cx_i_region_arg(const cx_i_region_t* r, uint32_t i);
uint32_t cx_i_region_num_results(const cx_i_region_t* r);
const cx_type_t* cx_i_region_result(const cx_i_region_t* r, uint32_t i);
// The reducer signature shared by reduce, reduce_window, scatter,
// select_and_scatter (scatter region), all_reduce and reduce_scatter:
// region r takes (tensor<E0>, ..., tensor<EN-1>, tensor<E0>, ...,
// tensor<EN-1>) and returns (tensor<E0>, ..., tensor<EN-1>) with
// is_promotable(input_elems[i], Ei). Writes Ei to out_elems (N entries).
CX_MUST_USE cx_status_t cx_i_reducer(const cx_infer_state_t* s, uint32_t r, const char* region_name,
                                     uint32_t n, const cx_type_t* const* input_elems,
                                     const cx_type_t** out_elems);

// ----------------------------------------------------------------------------
// Results.

// tensor<dims x elem> with bounds (NULL or CX_DYNAMIC_DIM entries: none),
// interned; NULL on out-of-memory.
const cx_type_t* cx_i_tensor_type(const cx_infer_state_t* s, const cx_type_t* elem, uint32_t rank,
                                  const int64_t* dims, const int64_t* bounds);
// The `none` element type: "the op chooses the element type".
const cx_type_t* cx_i_none(const cx_infer_state_t* s);
// Appends a result type (NULL: given by the op). Fails on out-of-memory (a
// NULL from a constructor) only through cx_i_result_type.
CX_MUST_USE cx_status_t cx_i_result(cx_infer_state_t* s, const cx_type_t* t);
// Appends a result of type tensor<dims x elem> with bounds.
CX_MUST_USE cx_status_t cx_i_result_tensor(cx_infer_state_t* s, const cx_type_t* elem,
                                           uint32_t rank, const int64_t* dims,
                                           const int64_t* bounds);
// Appends n results given by the op (NULL); n < 0: as many as the input's
// op has (none without an op).
CX_MUST_USE cx_status_t cx_i_results_given(cx_infer_state_t* s, int64_t n);

// The most specific of two compatible tensor types' shapes (StableHLO's
// inferMostSpecificType), with element type elem (NULL: a's). NULL on
// out-of-memory or if the shapes conflict.
const cx_type_t* cx_i_most_specific(const cx_infer_state_t* s, const cx_type_t* a,
                                    const cx_type_t* b, const cx_type_t* elem);

// Bounds of a tensor type, CX_DYNAMIC_DIM where unbounded; false if none.
bool cx_i_bounds(const cx_type_t* t, const int64_t** out);

// MLIR's inference of one dim from two compatible ones (most specific):
// writes the size and bound; false if they conflict.
bool cx_i_merge_dim(int64_t a, int64_t a_bound, int64_t b, int64_t b_bound, int64_t* out,
                    int64_t* out_bound);

#endif  // CXLA_IR_INFER_UTIL_H_
