// The DYNAMIC_SHAPE family: get_dimension_size, set_dimension_size,
// dynamic_iota, dynamic_reshape, dynamic_broadcast_in_dim, dynamic_pad and
// real_dynamic_slice.
//
// The interpreter always knows concrete shapes, so these ops read their
// shape operands (1-D integer tensors) and build results of that concrete
// shape; the declared result type may have '?' dims, and the core checks
// the static ones. The work itself is done by the shape primitives of
// eval_shape.h, exactly as for the static ops.
#include "interp/eval_shape.h"
#include "support/checked.h"

// Reads a 1-D integer tensor (a shape or index vector) of `want` entries
// (want < 0: any length up to CX_MAX_RANK).
static cx_status_t read_vector(const cx_op_t* op, const cx_tensor_t* t, const char* what,
                               int64_t want, int64_t* out, uint32_t* out_n) {
  if (t->kind != CX_VALUE_TENSOR || t->rank != 1 || !cx_elem_is_integer(t->elem) ||
      t->elem == CX_ELEM_I1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be a 1-dimensional integer tensor",
                         what);
  int64_t n = t->dims[0];
  if (want >= 0 && n != want)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s has %lld entries but %lld are expected", what,
                         (long long)n, (long long)want);
  if (n > CX_MAX_RANK)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "%s has %lld entries; rank is limited to %d", what,
                         (long long)n, CX_MAX_RANK);
  for (int64_t i = 0; i < n; i++) out[i] = cx_eval_load_index(t, i);
  if (out_n) *out_n = (uint32_t)n;
  return NULL;
}

// A shape operand: every entry must be a valid (non-negative) size.
static cx_status_t read_shape(const cx_op_t* op, const cx_tensor_t* t, const char* what,
                              int64_t* dims, uint32_t* rank) {
  CX_RETURN_IF_ERROR(read_vector(op, t, what, -1, dims, rank));
  for (uint32_t d = 0; d < *rank; d++)
    if (dims[d] < 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s[%u] = %lld is negative", what, d,
                           (long long)dims[d]);
  return NULL;
}

// The budget's bound on a result whose shape comes from operand values,
// checked before the shape primitive allocates it.
static cx_status_t check_size(cx_eval_t* ev, const cx_op_t* op, const cx_type_t* element,
                              uint32_t rank, const int64_t* dims) {
  cx_elem_t e = cx_type_elem(element);
  if (e == CX_ELEM_INVALID) return NULL;  // the primitive reports it
  return cx_eval_check_size(ev, op, cx_elem_storage_size(e), rank, dims);
}

static cx_status_t eval_get_dimension_size(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results) {
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, args[0], "operand"));
  int64_t dim;
  CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_dimension, &dim));
  if (dim < 0 || dim >= (int64_t)args[0]->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "dimension %lld is out of range for rank %u",
                         (long long)dim, args[0]->rank);
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, CX_ELEM_INVALID, &element));
  if (!cx_elem_is_integer(cx_type_elem(element)))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result must be an integer tensor");
  CX_RETURN_IF_ERROR(
      cx_eval_wrap(op, cx_tensor_create(ev->allocator, element, 0, NULL, &results[0])));
  cx_store_int(results[0]->elem, results[0]->data, args[0]->dims[dim]);
  return NULL;
}

// set_dimension_size: the result is the operand with dimension `dimension`
// cut to `size` elements (XLA's dynamic size: the elements beyond it are
// padding and are dropped here, since the interpreter's shapes are exact).
static cx_status_t eval_set_dimension_size(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  const cx_tensor_t* size = args[1];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  if (size->kind != CX_VALUE_TENSOR || size->rank != 0 || !cx_elem_is_integer(size->elem))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "size must be a rank-0 integer tensor");
  int64_t dim;
  CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_dimension, &dim));
  if (dim < 0 || dim >= (int64_t)x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "dimension %lld is out of range for rank %u",
                         (long long)dim, x->rank);
  int64_t n = cx_eval_load_index(size, 0);
  if (n < 0 || n > x->dims[dim])
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "size %lld is outside [0, %lld] (the operand's dimension %lld)",
                         (long long)n, (long long)x->dims[dim], (long long)dim);
  int64_t start[CX_MAX_RANK] = {0}, limit[CX_MAX_RANK], ones[CX_MAX_RANK];
  for (uint32_t d = 0; d < x->rank; d++) {
    limit[d] = x->dims[d];
    ones[d] = 1;
  }
  limit[dim] = n;
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_slice(x, element, start, limit, ones, &results[0]));
}

static cx_status_t eval_dynamic_iota(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                     cx_tensor_t** results) {
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = 0;
  CX_RETURN_IF_ERROR(read_shape(op, args[0], "output_shape", dims, &rank));
  int64_t iota_dim;
  CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_iota_dimension, &iota_dim));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, CX_ELEM_INVALID, &element));
  CX_RETURN_IF_ERROR(check_size(ev, op, cx_type_is_quant(element) ? cx_type_expressed(element)
                                                                  : element,
                                rank, dims));
  return cx_eval_iota(ev, op, element, rank, dims, iota_dim, &results[0]);
}

static cx_status_t eval_dynamic_reshape(cx_eval_t* ev, const cx_op_t* op,
                                        cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = 0;
  CX_RETURN_IF_ERROR(read_shape(op, args[1], "output_shape", dims, &rank));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_reshape(x, element, rank, dims, &results[0]));
}

static cx_status_t eval_dynamic_broadcast_in_dim(cx_eval_t* ev, const cx_op_t* op,
                                                 cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = 0;
  CX_RETURN_IF_ERROR(read_shape(op, args[1], "output_dimensions", dims, &rank));
  int64_t bdims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(cx_eval_broadcast_dims(ev, op, x, bdims));
  // known_expanding_dimensions / known_nonexpanding_dimensions are hints;
  // the broadcast is checked against the actual sizes either way.
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  CX_RETURN_IF_ERROR(check_size(ev, op, element, rank, dims));
  return cx_eval_wrap(op, cx_shape_broadcast_in_dim(x, element, rank, dims, bdims, &results[0]));
}

static cx_status_t eval_dynamic_pad(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, args[1], "padding_value"));
  int64_t lo[CX_MAX_RANK], hi[CX_MAX_RANK], in[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(read_vector(op, args[2], "edge_padding_low", x->rank, lo, NULL));
  CX_RETURN_IF_ERROR(read_vector(op, args[3], "edge_padding_high", x->rank, hi, NULL));
  CX_RETURN_IF_ERROR(read_vector(op, args[4], "interior_padding", x->rank, in, NULL));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  // The padded shape, for the budget (cx_shape_pad reports bad padding).
  int64_t dims[CX_MAX_RANK];
  bool known = true;
  for (uint32_t d = 0; d < x->rank && known; d++) {
    int64_t n = x->dims[d], size = n, gaps = 0;
    known = in[d] >= 0 && (n == 0 || cx_mul_i64(n - 1, in[d], &gaps)) &&
            cx_add_i64(size, gaps, &size) && cx_add_i64(size, lo[d], &size) &&
            cx_add_i64(size, hi[d], &size) && size >= 0;
    dims[d] = size;
  }
  if (known) CX_RETURN_IF_ERROR(check_size(ev, op, element, x->rank, dims));
  return cx_eval_wrap(op, cx_shape_pad(x, args[1], element, lo, hi, in, &results[0]));
}

static cx_status_t eval_real_dynamic_slice(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t start[CX_MAX_RANK], limit[CX_MAX_RANK], strides[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(read_vector(op, args[1], "start_indices", x->rank, start, NULL));
  CX_RETURN_IF_ERROR(read_vector(op, args[2], "limit_indices", x->rank, limit, NULL));
  CX_RETURN_IF_ERROR(read_vector(op, args[3], "strides", x->rank, strides, NULL));
  // Unlike dynamic_slice, out-of-range bounds are not clamped: like slice,
  // they are an error.
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_slice(x, element, start, limit, strides, &results[0]));
}

// cx_eval_family_DYNAMIC_SHAPE: its ops by kind.
CX_EVAL_FAMILY_ROWS(DYNAMIC_SHAPE, "DYNAMIC_SHAPE", true,
    {CX_OP_GET_DIMENSION_SIZE, 1, 1, eval_get_dimension_size},
    {CX_OP_SET_DIMENSION_SIZE, 2, 2, eval_set_dimension_size},
    {CX_OP_DYNAMIC_IOTA, 1, 1, eval_dynamic_iota},
    {CX_OP_DYNAMIC_RESHAPE, 2, 2, eval_dynamic_reshape},
    {CX_OP_DYNAMIC_BROADCAST_IN_DIM, 2, 2, eval_dynamic_broadcast_in_dim},
    {CX_OP_DYNAMIC_PAD, 5, 5, eval_dynamic_pad},
    {CX_OP_REAL_DYNAMIC_SLICE, 4, 4, eval_real_dynamic_slice})
