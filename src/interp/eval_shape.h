// Helpers shared by the data-movement and reduction evaluators
// (eval_shape.c, eval_dynamic_shape.c, eval_gather_scatter.c, eval_reduce.c,
// eval_sort.c): typed reads of integer-list attributes, operand and result
// checks, scalar tensors for region bodies, and the shape primitives (iota,
// broadcast_in_dim, reshape, slice, pad) that the dynamic_* ops reuse with
// shapes computed at run time.
//
// The primitives return plain statuses (no op location); evaluators pass
// them through cx_eval_wrap so messages point at the op.
#ifndef CXLA_INTERP_EVAL_SHAPE_H_
#define CXLA_INTERP_EVAL_SHAPE_H_

#include <stdbool.h>
#include <stdint.h>

#include "interp/interp.h"

// ---- attributes --------------------------------------------------------------

// Copies an integer list or matrix attribute (cx_attr_get_i64s: the one
// stored form of every spelling; matrices row-major) into `out`. At most
// `cap` values; `what` names the attribute in messages. A NULL attr is an
// error ("has no <what>").
CX_MUST_USE cx_status_t cx_eval_attr_ints(const cx_op_t* op, const cx_attr_t* attr,
                                          const char* what, uint32_t cap, int64_t* out,
                                          uint32_t* out_count);
// The list attribute `name` of the op; missing is an error.
CX_MUST_USE cx_status_t cx_eval_get_ints(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t name,
                                         uint32_t cap, int64_t* out, uint32_t* out_count);
// The list attribute `name`, which must have exactly `count` entries; when
// absent, the op attribute schema's default (ir/op_attrs.def: ones for
// strides and dilations, zeros for padding, false for window_reversal), or
// an error if the attribute is required.
CX_MUST_USE cx_status_t cx_eval_get_ints_or(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t name,
                                            uint32_t count, int64_t* out);
// broadcast_dimensions of a (dynamic_)broadcast_in_dim on operand x: one
// entry per operand dimension (CX_MAX_RANK at most).
CX_MUST_USE cx_status_t cx_eval_broadcast_dims(cx_eval_t* ev, const cx_op_t* op,
                                               const cx_tensor_t* x, int64_t* out);
// An integer attribute (`dimension = 0 : i64`); missing is an error.
CX_MUST_USE cx_status_t cx_eval_get_int(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t name,
                                        int64_t* out);

// ---- operands and results ------------------------------------------------------

// Errors unless the n tensors have one shape (dynamic dims are known only
// when the op runs; the verifier checked the rest).
CX_MUST_USE cx_status_t cx_eval_expect_same_shapes(const cx_op_t* op, cx_tensor_t* const* t,
                                                   uint32_t n);
// Errors unless `t` is a tensor value (not a token or tuple).
CX_MUST_USE cx_status_t cx_eval_expect_tensor(const cx_op_t* op, const cx_tensor_t* t,
                                              const char* what);
// The element (or quant) type declared for result i; errors unless that
// result is a tensor type whose storage kind is `storage` (pass
// CX_ELEM_INVALID to skip that check).
CX_MUST_USE cx_status_t cx_eval_result_element(const cx_op_t* op, uint32_t i, cx_elem_t storage,
                                               const cx_type_t** out);
// Element i of an integer tensor as a signed index; unsigned values above
// INT64_MAX saturate to INT64_MAX (they are out of range for any dimension).
int64_t cx_eval_load_index(const cx_tensor_t* t, int64_t i);

// A rank-0 tensor of `element` holding the bytes at `src` (storage layout of
// that element type).
CX_MUST_USE cx_status_t cx_eval_scalar(cx_allocator_t allocator, const cx_type_t* element,
                                       const void* src, cx_tensor_t** out);
// Converts one stored value between element kinds (the spec's `convert` for
// the cases region bodies with promoted types need: int<->int wraps,
// int->float rounds, float->float rounds, float->int truncates toward zero
// and saturates, real<->complex takes/zeroes the imaginary part, bool from
// nonzero).
void cx_eval_convert_scalar(cx_elem_t from, const void* src, cx_elem_t to, void* dst);

// ---- region bodies on elements ------------------------------------------------
// Runs an op's scalar-body region (reduce, scatter, sort comparators, ...) on
// elements read straight from tensors: argument i becomes a rank-0 tensor of
// the region's argument type i (converted if its element kind differs, as the
// spec's promotable reduction bodies require), and result i is written to
// out_ptrs[i] as kind out_elems[i]. The rank-0 argument tensors are reused
// from call to call when nothing else holds them, so a reduction over n
// elements does not allocate 2n tensors.
typedef struct cx_region_runner {
  cx_eval_t* ev;
  const cx_op_t* op;
  const cx_region_t* region;
  uint32_t num_args;
  uint32_t num_results;
  const cx_type_t** arg_elements;  // element type of each block argument
  cx_tensor_t** args;              // cached rank-0 argument tensors
  cx_tensor_t** results;           // scratch for the region's results
} cx_region_runner_t;

// Checks the region has one block taking `num_args` rank-0 tensors.
CX_MUST_USE cx_status_t cx_region_runner_init(cx_region_runner_t* r, cx_eval_t* ev,
                                              const cx_op_t* op, const cx_region_t* region,
                                              uint32_t num_args, uint32_t num_results);
CX_MUST_USE cx_status_t cx_region_runner_run(cx_region_runner_t* r, const cx_elem_t* in_elems,
                                             const void* const* in_ptrs, const cx_elem_t* out_elems,
                                             void* const* out_ptrs);
void cx_region_runner_destroy(cx_region_runner_t* r);

// ---- shape primitives ----------------------------------------------------------
// `element` is the result's element type (for quantized tensors its quant
// type, so results carry the declared quantization); its storage kind must
// match the operand's. Results come from the operand's allocator.

// iota: a tensor of `element` whose values count up along iota_dim.
// Quantized elements are not handled here (the caller quantizes).
CX_MUST_USE cx_status_t cx_shape_iota(cx_allocator_t allocator, const cx_type_t* element,
                                      uint32_t rank, const int64_t* dims, int64_t iota_dim,
                                      cx_tensor_t** out);
// iota and dynamic_iota: cx_shape_iota, or for a quantized element the
// quantized values of 0, 1, ... (errors at op).
CX_MUST_USE cx_status_t cx_eval_iota(cx_eval_t* ev, const cx_op_t* op, const cx_type_t* element,
                                     uint32_t rank, const int64_t* dims, int64_t iota_dim,
                                     cx_tensor_t** out);
// A new tensor of shape (rank, dims) whose element at index idx is x's at
// offset base + sum(idx[d] * step[d]): broadcast_in_dim, slice, transpose,
// reverse, and chlo's broadcasts and slices.
CX_MUST_USE cx_status_t cx_shape_strided_copy(cx_allocator_t allocator, const cx_tensor_t* x,
                                              const cx_type_t* element, uint32_t rank,
                                              const int64_t* dims, int64_t base,
                                              const int64_t* step, cx_tensor_t** out);
// broadcast_in_dim: operand dim d maps to result dim bdims[d]; it must be 1
// or equal to that result dim.
CX_MUST_USE cx_status_t cx_shape_broadcast_in_dim(const cx_tensor_t* operand,
                                                  const cx_type_t* element, uint32_t rank,
                                                  const int64_t* dims, const int64_t* bdims,
                                                  cx_tensor_t** out);
// reshape: same elements in row-major order, new shape.
CX_MUST_USE cx_status_t cx_shape_reshape(const cx_tensor_t* operand, const cx_type_t* element,
                                         uint32_t rank, const int64_t* dims, cx_tensor_t** out);
// slice with 0 <= start <= limit <= dim and strides > 0.
CX_MUST_USE cx_status_t cx_shape_slice(const cx_tensor_t* operand, const cx_type_t* element,
                                       const int64_t* start, const int64_t* limit,
                                       const int64_t* strides, cx_tensor_t** out);
// pad with edge padding (may be negative) and interior padding (>= 0).
CX_MUST_USE cx_status_t cx_shape_pad(const cx_tensor_t* operand, const cx_tensor_t* padding_value,
                                     const cx_type_t* element, const int64_t* low,
                                     const int64_t* high, const int64_t* interior,
                                     cx_tensor_t** out);

#endif  // CXLA_INTERP_EVAL_SHAPE_H_
