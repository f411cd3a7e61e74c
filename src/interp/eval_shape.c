// The SHAPE family: ops that move elements without looking at them — iota,
// broadcast_in_dim, broadcast, reshape, transpose, reverse, slice,
// concatenate, pad, dynamic_slice and dynamic_update_slice — and the helpers
// of eval_shape.h that the other data-movement families share.
//
// Elements are copied as raw storage bytes, so every element type works the
// same way, and quantized tensors keep their stored integers (the spec moves
// quantized values unchanged through these ops; the result's quant type is
// the one the op declares). Index arithmetic is int64 with row-major strides.
#include "interp/eval_shape.h"

#include "ir/op_schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/quant.h"
#include "support/checked.h"

// ----------------------------------------------------------------------------
// Attributes.

cx_status_t cx_eval_attr_ints(const cx_op_t* op, const cx_attr_t* attr, const char* what,
                              uint32_t cap, int64_t* out, uint32_t* out_count) {
  *out_count = 0;
  if (!attr) return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no '%s' attribute", what);
  cx_i64s_t l;
  if (!cx_attr_get_i64s(attr, &l))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "'%s' must be a list of integers", what);
  if (l.len > cap)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "'%s' has %u entries, at most %u expected", what,
                         l.len, cap);
  if (l.len) memcpy(out, l.data, l.len * sizeof(int64_t));
  *out_count = l.len;
  return NULL;
}

cx_status_t cx_eval_get_ints(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t name, uint32_t cap,
                             int64_t* out, uint32_t* out_count) {
  const char* n = ev->interp->ctx->names[name];
  return cx_eval_attr_ints(op, cx_op_attr(op, n), n, cap, out, out_count);
}

cx_status_t cx_eval_get_ints_or(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t name, uint32_t count,
                                int64_t* out) {
  const char* n = ev->interp->ctx->names[name];
  const cx_attr_t* a = cx_op_attr(op, n);
  if (!a) {
    // The schema's default: every entry the same (ones, zeros, falses).
    const cx_op_attr_schema_t* s = cx_op_attr_schema(ev->interp->ctx, op->kind, n);
    if (!s || (s->dflt != CX_AD_ONES && s->dflt != CX_AD_FALSES && s->dflt != CX_AD_ZERO_PAIRS))
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no '%s' attribute", n);
    for (uint32_t i = 0; i < count; i++) out[i] = cx_adefault_fill(s->dflt);
    return NULL;
  }
  uint32_t got;
  CX_RETURN_IF_ERROR(cx_eval_attr_ints(op, a, n, count, out, &got));
  if (got != count)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "'%s' has %u entries but %u are expected", n, got,
                         count);
  return NULL;
}

cx_status_t cx_eval_broadcast_dims(cx_eval_t* ev, const cx_op_t* op, const cx_tensor_t* x,
                                   int64_t* out) {
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_broadcast_dimensions, CX_MAX_RANK, out, &n));
  if (n != x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "broadcast_dimensions has %u entries but the operand has rank %u", n,
                         x->rank);
  return NULL;
}

cx_status_t cx_eval_get_int(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t name, int64_t* out) {
  const char* n = ev->interp->ctx->names[name];
  const cx_attr_t* a = cx_op_attr(op, n);
  if (!a) return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no '%s' attribute", n);
  if (a->kind == CX_ATTR_INTEGER) {
    *out = a->integer;
    return NULL;
  }
  // A one-element list (dense<1> : tensor<i64>) is accepted as well.
  int64_t v[1];
  uint32_t got;
  cx_status_t st = cx_eval_attr_ints(op, a, n, 1, v, &got);
  if (st && cx_status_code(st) == CX_OUT_OF_MEMORY) return st;
  if (st || got != 1) {
    cx_status_free(st);
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "'%s' must be an integer", n);
  }
  *out = v[0];
  return NULL;
}

// ----------------------------------------------------------------------------
// Operands, results, scalars.

cx_status_t cx_eval_expect_same_shapes(const cx_op_t* op, cx_tensor_t* const* t, uint32_t n) {
  for (uint32_t i = 1; i < n; i++)
    if (memcmp(t[i]->dims, t[0]->dims, t[0]->rank * sizeof(int64_t)) != 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "all inputs must have the same shape");
  return NULL;
}

cx_status_t cx_eval_expect_tensor(const cx_op_t* op, const cx_tensor_t* t, const char* what) {
  if (!t || t->kind != CX_VALUE_TENSOR)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be a tensor", what);
  return NULL;
}

cx_status_t cx_eval_result_element(const cx_op_t* op, uint32_t i, cx_elem_t storage,
                                   const cx_type_t** out) {
  *out = NULL;
  if (i >= op->num_results || !cx_type_is_tensor(op->results[i].type))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result #%u must be a tensor", i);
  const cx_type_t* e = op->results[i].type->tensor.element;
  if (storage != CX_ELEM_INVALID && cx_type_elem(e) != storage)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "result #%u has element type %s but the operand's is %s", i,
                         cx_elem_name(cx_type_elem(e)), cx_elem_name(storage));
  *out = e;
  return NULL;
}

int64_t cx_eval_load_index(const cx_tensor_t* t, int64_t i) {
  int64_t v = cx_load_int(t->elem, cx_tensor_at(t, i));
  if (t->elem == CX_ELEM_UI64 && v < 0) return INT64_MAX;
  return v;
}

cx_status_t cx_eval_scalar(cx_allocator_t allocator, const cx_type_t* element, const void* src,
                           cx_tensor_t** out) {
  CX_RETURN_IF_ERROR(cx_tensor_create(allocator, element, 0, NULL, out));
  memcpy((*out)->data, src, (*out)->esize);
  return NULL;
}

void cx_eval_convert_scalar(cx_elem_t from, const void* src, cx_elem_t to, void* dst) {
  if (from == to) {
    memcpy(dst, src, cx_elem_storage_size(to));
    return;
  }
  if (cx_elem_is_bool(to)) {
    bool nz;
    if (cx_elem_is_complex(from)) {
      cx_complex_t c = cx_load_complex(from, src);
      nz = c.re != 0 || c.im != 0;
    } else if (cx_elem_is_float(from)) {
      nz = cx_load_float(from, src) != 0;
    } else {
      nz = cx_load_int(from, src) != 0;
    }
    cx_store_int(to, dst, nz);
    return;
  }
  if (cx_elem_is_complex(to)) {
    cx_complex_t c = {0, 0};
    if (cx_elem_is_complex(from))
      c = cx_load_complex(from, src);
    else
      c.re = cx_load_as_double(from, src);
    cx_store_complex(to, dst, c);
    return;
  }
  if (cx_elem_is_float(to)) {
    if (cx_elem_is_integer(from)) {
      int64_t v = cx_load_int(from, src);
      // Exact for |v| <= 2^53; beyond that the double step may round once
      // before the store rounds again (region bodies never promote such
      // values in practice).
      double d = from == CX_ELEM_UI64 ? (double)(uint64_t)v : (double)v;
      cx_store_float(to, dst, d);
    } else {
      cx_store_float(to, dst, cx_load_as_double(from, src));
    }
    return;
  }
  // Integer destination.
  if (cx_elem_is_integer(from)) {
    cx_store_int(to, dst, cx_load_int(from, src));
    return;
  }
  double d = cx_load_as_double(from, src);
  int64_t v;
  if (isnan(d)) {
    v = 0;
  } else if (cx_elem_is_unsigned_int(to)) {
    int bits = cx_elem_bit_width(to);
    double max = bits >= 64 ? 18446744073709551615.0 : (double)((UINT64_C(1) << bits) - 1);
    if (d <= 0)
      v = 0;
    else if (d >= max)
      v = bits >= 64 ? (int64_t)UINT64_MAX : (int64_t)((UINT64_C(1) << bits) - 1);
    else
      v = (int64_t)(uint64_t)d;
  } else {
    int bits = cx_elem_bit_width(to);
    double lo = -ldexp(1.0, bits - 1), hi = ldexp(1.0, bits - 1);
    if (d <= lo)
      v = bits >= 64 ? INT64_MIN : -(INT64_C(1) << (bits - 1));
    else if (d >= hi)
      v = bits >= 64 ? INT64_MAX : (INT64_C(1) << (bits - 1)) - 1;
    else
      v = (int64_t)d;
  }
  cx_store_int(to, dst, v);
}

// ----------------------------------------------------------------------------
// Region bodies on elements.

void cx_region_runner_destroy(cx_region_runner_t* r) {
  if (!r->ev) return;  // nothing allocated
  if (r->args)
    for (uint32_t i = 0; i < r->num_args; i++) cx_tensor_release(r->args[i]);
  cx_free(r->ev->allocator, r->args);
  cx_free(r->ev->allocator, r->results);
  cx_free(r->ev->allocator, r->arg_elements);
  memset(r, 0, sizeof(*r));
}

cx_status_t cx_region_runner_init(cx_region_runner_t* r, cx_eval_t* ev, const cx_op_t* op,
                                  const cx_region_t* region, uint32_t num_args,
                                  uint32_t num_results) {
  memset(r, 0, sizeof(*r));
  const cx_block_t* b = region ? region->first_block : NULL;
  if (!b) return cx_eval_error(op, CX_INVALID_ARGUMENT, "has an empty region");
  if (b->num_args != num_args)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "region takes %u arguments but %u are expected",
                         b->num_args, num_args);
  r->ev = ev;
  r->op = op;
  r->region = region;
  r->num_args = num_args;
  r->num_results = num_results;
  r->arg_elements = cx_calloc(ev->allocator, num_args ? num_args : 1, sizeof(*r->arg_elements));
  r->args = cx_calloc(ev->allocator, num_args ? num_args : 1, sizeof(*r->args));
  r->results = cx_calloc(ev->allocator, num_results ? num_results : 1, sizeof(*r->results));
  if (!r->arg_elements || !r->args || !r->results) {
    cx_region_runner_destroy(r);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < num_args; i++) {
    const cx_type_t* t = b->args[i]->type;
    if (!cx_type_is_tensor(t) || t->tensor.rank != 0) {
      cx_region_runner_destroy(r);
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "region argument #%u must be a rank-0 tensor",
                           i);
    }
    r->arg_elements[i] = t->tensor.element;
  }
  return NULL;
}

cx_status_t cx_region_runner_run(cx_region_runner_t* r, const cx_elem_t* in_elems,
                                 const void* const* in_ptrs, const cx_elem_t* out_elems,
                                 void* const* out_ptrs) {
  for (uint32_t i = 0; i < r->num_args; i++) {
    // Values are immutable once published: reuse a cached tensor only when
    // the previous call left no other reference to it.
    if (r->args[i] && r->args[i]->refcount != 1) {
      cx_tensor_release(r->args[i]);
      r->args[i] = NULL;
    }
    if (!r->args[i])
      CX_RETURN_IF_ERROR(
          cx_tensor_create(r->ev->allocator, r->arg_elements[i], 0, NULL, &r->args[i]));
    cx_eval_convert_scalar(in_elems[i], in_ptrs[i], r->args[i]->elem, r->args[i]->data);
  }
  CX_RETURN_IF_ERROR(
      cx_eval_region_scalars(r->ev, r->region, r->num_args, r->args, r->num_results, r->results));
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < r->num_results && !st; i++) {
    const cx_tensor_t* v = r->results[i];
    if (v->kind != CX_VALUE_TENSOR || v->num_elements != 1)
      st =
          cx_eval_error(r->op, CX_INVALID_ARGUMENT, "region result #%u must be a rank-0 tensor", i);
    else
      cx_eval_convert_scalar(v->elem, v->data, out_elems[i], out_ptrs[i]);
  }
  for (uint32_t i = 0; i < r->num_results; i++) {
    cx_tensor_release(r->results[i]);
    r->results[i] = NULL;
  }
  return st;
}

// ----------------------------------------------------------------------------
// Shape primitives.

static cx_status_t check_storage(const cx_tensor_t* operand, const cx_type_t* element) {
  if (cx_type_elem(element) != operand->elem)
    return CX_ERROR(CX_INVALID_ARGUMENT, "result element type %s differs from the operand's %s",
                    cx_elem_name(cx_type_elem(element)), cx_elem_name(operand->elem));
  return NULL;
}

static void store_index_value(cx_elem_t e, void* p, int64_t v) {
  if (cx_elem_is_float(e)) {
    cx_store_float(e, p, (double)v);
  } else if (cx_elem_is_complex(e)) {
    cx_complex_t c = {(double)v, 0};
    cx_store_complex(e, p, c);
  } else {
    cx_store_int(e, p, v);
  }
}

cx_status_t cx_shape_iota(cx_allocator_t allocator, const cx_type_t* element, uint32_t rank,
                          const int64_t* dims, int64_t iota_dim, cx_tensor_t** out) {
  *out = NULL;
  if (iota_dim < 0 || iota_dim >= (int64_t)rank)
    return CX_ERROR(CX_INVALID_ARGUMENT, "iota_dimension %lld is out of range for rank %u",
                    (long long)iota_dim, rank);
  if (cx_type_is_quant(element)) return CX_ERROR(CX_INTERNAL, "cx_shape_iota does not quantize");
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(cx_tensor_create(allocator, element, rank, dims, &t));
  int64_t strides[CX_MAX_RANK];
  cx_strides(rank, dims, strides);
  // Element i's coordinate along iota_dim is (i / stride) % dim.
  int64_t s = strides[iota_dim], d = dims[iota_dim];
  for (int64_t i = 0; i < t->num_elements; i++)
    store_index_value(t->elem, cx_tensor_at(t, i), (i / s) % d);
  *out = t;
  return NULL;
}

cx_status_t cx_shape_strided_copy(cx_allocator_t allocator, const cx_tensor_t* x,
                                  const cx_type_t* element, uint32_t rank, const int64_t* dims,
                                  int64_t base, const int64_t* step, cx_tensor_t** out) {
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(cx_tensor_create(allocator, element, rank, dims, &t));
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t i = 0; i < t->num_elements; i++) {
    int64_t off = base;
    for (uint32_t d = 0; d < rank; d++) off += idx[d] * step[d];
    memcpy(cx_tensor_at(t, i), cx_tensor_at(x, off), t->esize);
    cx_next_index(rank, dims, idx);
  }
  *out = t;
  return NULL;
}

cx_status_t cx_shape_broadcast_in_dim(const cx_tensor_t* operand, const cx_type_t* element,
                                      uint32_t rank, const int64_t* dims, const int64_t* bdims,
                                      cx_tensor_t** out) {
  *out = NULL;
  CX_RETURN_IF_ERROR(check_storage(operand, element));
  if (rank > CX_MAX_RANK) return CX_ERROR(CX_UNIMPLEMENTED, "rank %u is too large", rank);
  // eff[r]: how far the operand offset moves per step along result dim r.
  int64_t eff[CX_MAX_RANK] = {0};
  int64_t ostrides[CX_MAX_RANK];
  cx_strides(operand->rank, operand->dims, ostrides);
  bool used[CX_MAX_RANK] = {false};
  for (uint32_t d = 0; d < operand->rank; d++) {
    int64_t r = bdims[d];
    if (r < 0 || r >= (int64_t)rank)
      return CX_ERROR(CX_INVALID_ARGUMENT, "broadcast_dimensions[%u] = %lld is out of range", d,
                      (long long)r);
    if (used[r])
      return CX_ERROR(CX_INVALID_ARGUMENT, "broadcast_dimensions repeat dimension %lld",
                      (long long)r);
    used[r] = true;
    if (operand->dims[d] != 1 && operand->dims[d] != dims[r])
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "operand dimension %u has size %lld; it must be 1 or %lld (result "
                      "dimension %lld)",
                      d, (long long)operand->dims[d], (long long)dims[r], (long long)r);
    if (operand->dims[d] != 1) eff[r] = ostrides[d];
  }
  return cx_shape_strided_copy(operand->allocator, operand, element, rank, dims, 0, eff, out);
}

cx_status_t cx_shape_reshape(const cx_tensor_t* operand, const cx_type_t* element, uint32_t rank,
                             const int64_t* dims, cx_tensor_t** out) {
  *out = NULL;
  CX_RETURN_IF_ERROR(check_storage(operand, element));
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(cx_tensor_create(operand->allocator, element, rank, dims, &t));
  if (t->num_elements != operand->num_elements) {
    int64_t n = t->num_elements;
    cx_tensor_release(t);
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot reshape %lld elements into %lld",
                    (long long)operand->num_elements, (long long)n);
  }
  if (t->nbytes) memcpy(t->data, operand->data, t->nbytes);
  *out = t;
  return NULL;
}

cx_status_t cx_shape_slice(const cx_tensor_t* operand, const cx_type_t* element,
                           const int64_t* start, const int64_t* limit, const int64_t* strides,
                           cx_tensor_t** out) {
  *out = NULL;
  CX_RETURN_IF_ERROR(check_storage(operand, element));
  uint32_t rank = operand->rank;
  int64_t dims[CX_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++) {
    if (strides[d] <= 0)
      return CX_ERROR(CX_INVALID_ARGUMENT, "stride %lld of dimension %u must be positive",
                      (long long)strides[d], d);
    if (start[d] < 0 || start[d] > limit[d] || limit[d] > operand->dims[d])
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "slice [%lld, %lld) of dimension %u is outside [0, %lld]",
                      (long long)start[d], (long long)limit[d], d, (long long)operand->dims[d]);
    // ceil((limit - start) / stride) without overflow.
    int64_t len = limit[d] - start[d];
    dims[d] = len / strides[d] + (len % strides[d] != 0);
  }
  int64_t ostr[CX_MAX_RANK], step[CX_MAX_RANK];
  cx_strides(rank, operand->dims, ostr);
  int64_t base = 0;
  for (uint32_t d = 0; d < rank; d++) {
    base += start[d] * ostr[d];
    step[d] = strides[d] * ostr[d];
  }
  return cx_shape_strided_copy(operand->allocator, operand, element, rank, dims, base, step, out);
}

cx_status_t cx_shape_pad(const cx_tensor_t* operand, const cx_tensor_t* padding_value,
                         const cx_type_t* element, const int64_t* low, const int64_t* high,
                         const int64_t* interior, cx_tensor_t** out) {
  *out = NULL;
  CX_RETURN_IF_ERROR(check_storage(operand, element));
  if (padding_value->kind != CX_VALUE_TENSOR || padding_value->rank != 0 ||
      padding_value->elem != operand->elem)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "padding_value must be a rank-0 tensor of the operand's element type");
  uint32_t rank = operand->rank;
  int64_t dims[CX_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++) {
    if (interior[d] < 0)
      return CX_ERROR(CX_INVALID_ARGUMENT, "interior_padding[%u] = %lld must be >= 0", d,
                      (long long)interior[d]);
    // lo + dim + (dim - 1) * interior + hi, checked: attributes are untrusted.
    int64_t n = operand->dims[d], size = n, gaps;
    if (n > 0 && (!cx_mul_i64(n - 1, interior[d], &gaps) || !cx_add_i64(size, gaps, &size)))
      return CX_ERROR(CX_OUT_OF_RANGE, "padded dimension %u overflows", d);
    if (!cx_add_i64(size, low[d], &size) || !cx_add_i64(size, high[d], &size))
      return CX_ERROR(CX_OUT_OF_RANGE, "padded dimension %u overflows", d);
    if (size < 0)
      return CX_ERROR(CX_INVALID_ARGUMENT, "padding makes dimension %u negative (%lld)", d,
                      (long long)size);
    dims[d] = size;
  }
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(cx_tensor_create(operand->allocator, element, rank, dims, &t));
  size_t es = t->esize;
  for (int64_t i = 0; i < t->num_elements; i++) memcpy(cx_tensor_at(t, i), padding_value->data, es);
  int64_t rstr[CX_MAX_RANK];
  cx_strides(rank, dims, rstr);
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t i = 0; i < operand->num_elements; i++) {
    // Negative edge padding drops the operand elements that fall outside.
    int64_t off = 0;
    bool inside = true;
    for (uint32_t d = 0; d < rank; d++) {
      int64_t r = low[d] + idx[d] * (interior[d] + 1);
      if (r < 0 || r >= dims[d]) {
        inside = false;
        break;
      }
      off += r * rstr[d];
    }
    if (inside) memcpy(cx_tensor_at(t, off), cx_tensor_at(operand, i), es);
    cx_next_index(rank, operand->dims, idx);
  }
  *out = t;
  return NULL;
}

// ----------------------------------------------------------------------------
// The ops.

// Result dims as the op declares them; '?' dims are left as CX_DYNAMIC_DIM
// for the caller to infer or reject.
static cx_status_t static_result_dims(const cx_op_t* op, uint32_t* rank, int64_t* dims) {
  const cx_type_t* rt = op->results[0].type;
  if (!cx_type_is_tensor(rt))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result must be a tensor");
  if (rt->tensor.rank > CX_MAX_RANK)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "result rank %u exceeds %d", rt->tensor.rank,
                         CX_MAX_RANK);
  *rank = rt->tensor.rank;
  for (uint32_t d = 0; d < *rank; d++) dims[d] = rt->tensor.dims[d];
  return NULL;
}

cx_status_t cx_eval_iota(cx_eval_t* ev, const cx_op_t* op, const cx_type_t* element,
                         uint32_t rank, const int64_t* dims, int64_t iota_dim, cx_tensor_t** out) {
  if (!cx_type_is_quant(element))
    return cx_eval_wrap(op, cx_shape_iota(ev->allocator, element, rank, dims, iota_dim, out));
  // A quantized iota holds quantize(0), quantize(1), ... of its type.
  cx_tensor_t* f;
  CX_RETURN_IF_ERROR(cx_eval_wrap(
      op, cx_shape_iota(ev->allocator, cx_type_expressed(element), rank, dims, iota_dim, &f)));
  cx_status_t st = cx_quantize_tensor(f, element, out);
  cx_tensor_release(f);
  return cx_eval_wrap(op, st);
}

static cx_status_t eval_iota(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                             cx_tensor_t** results) {
  int64_t iota_dim = 0;
  CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_iota_dimension, &iota_dim));
  uint32_t rank = 0;
  int64_t dims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(static_result_dims(op, &rank, dims));
  for (uint32_t d = 0; d < rank; d++)
    if (dims[d] == CX_DYNAMIC_DIM)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "result dimension %u is dynamic; use dynamic_iota", d);
  const cx_type_t* element = op->results[0].type->tensor.element;
  return cx_eval_iota(ev, op, element, rank, dims, iota_dim, &results[0]);
}

static cx_status_t eval_broadcast_in_dim(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                         cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t bdims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(cx_eval_broadcast_dims(ev, op, x, bdims));
  uint32_t rank = 0;
  int64_t dims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(static_result_dims(op, &rank, dims));
  // A dynamic result dim takes the size of the operand dim mapped onto it.
  for (uint32_t d = 0; d < x->rank; d++)
    if (bdims[d] >= 0 && bdims[d] < (int64_t)rank && dims[bdims[d]] == CX_DYNAMIC_DIM)
      dims[bdims[d]] = x->dims[d];
  for (uint32_t d = 0; d < rank; d++)
    if (dims[d] == CX_DYNAMIC_DIM)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "result dimension %u is dynamic and not mapped from the operand", d);
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_broadcast_in_dim(x, element, rank, dims, bdims, &results[0]));
}

// broadcast (deprecated): result shape is broadcast_sizes ++ shape(operand).
static cx_status_t eval_broadcast(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                  cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t sizes[CX_MAX_RANK];
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_broadcast_sizes, CX_MAX_RANK, sizes, &n));
  if (n + x->rank > CX_MAX_RANK)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "result rank %u exceeds %d", n + x->rank,
                         CX_MAX_RANK);
  int64_t dims[CX_MAX_RANK], bdims[CX_MAX_RANK];
  for (uint32_t d = 0; d < n; d++) {
    if (sizes[d] < 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "broadcast_sizes[%u] is negative", d);
    dims[d] = sizes[d];
  }
  for (uint32_t d = 0; d < x->rank; d++) {
    dims[n + d] = x->dims[d];
    bdims[d] = n + d;
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op,
                      cx_shape_broadcast_in_dim(x, element, n + x->rank, dims, bdims, &results[0]));
}

static cx_status_t eval_reshape(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  uint32_t rank = 0;
  int64_t dims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(static_result_dims(op, &rank, dims));
  // One dynamic result dim is inferred from the element count.
  int64_t known = 1;
  int dyn = -1;
  for (uint32_t d = 0; d < rank; d++) {
    if (dims[d] == CX_DYNAMIC_DIM) {
      if (dyn >= 0)
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "result has several dynamic dimensions; use dynamic_reshape");
      dyn = (int)d;
    } else if (!cx_mul_i64(known, dims[d], &known)) {
      return cx_eval_error(op, CX_OUT_OF_RANGE, "result size overflows");
    }
  }
  if (dyn >= 0) {
    if (known == 0 || x->num_elements % known != 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "cannot infer the dynamic dimension of the result");
    dims[dyn] = x->num_elements / known;
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_reshape(x, element, rank, dims, &results[0]));
}

static cx_status_t eval_transpose(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                  cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t perm[CX_MAX_RANK];
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_permutation, CX_MAX_RANK, perm, &n));
  if (n != x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "permutation has %u entries but the operand has rank %u", n, x->rank);
  bool seen[CX_MAX_RANK] = {false};
  int64_t dims[CX_MAX_RANK], xstr[CX_MAX_RANK], step[CX_MAX_RANK];
  cx_strides(x->rank, x->dims, xstr);
  for (uint32_t d = 0; d < n; d++) {
    if (perm[d] < 0 || perm[d] >= (int64_t)n || seen[perm[d]])
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "permutation is not a permutation of [0, %u)",
                           n);
    seen[perm[d]] = true;
    dims[d] = x->dims[perm[d]];
    step[d] = xstr[perm[d]];
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(
      op, cx_shape_strided_copy(ev->allocator, x, element, n, dims, 0, step, &results[0]));
}

static cx_status_t eval_reverse(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t rdims[CX_MAX_RANK];
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_dimensions, CX_MAX_RANK, rdims, &n));
  // A reversed dimension starts at its last index and steps back.
  int64_t step[CX_MAX_RANK], base = 0;
  cx_strides(x->rank, x->dims, step);
  bool rev[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < n; i++) {
    int64_t d = rdims[i];
    if (d < 0 || d >= (int64_t)x->rank || rev[d])
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "dimensions[%u] = %lld is out of range or repeated", i, (long long)d);
    rev[d] = true;
    if (x->dims[d] > 0) base += (x->dims[d] - 1) * step[d];
    step[d] = -step[d];
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_strided_copy(ev->allocator, x, element, x->rank, x->dims, base,
                                                step, &results[0]));
}

static cx_status_t eval_slice(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t start[CX_MAX_RANK], limit[CX_MAX_RANK], strides[CX_MAX_RANK];
  uint32_t ns, nl;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_start_indices, CX_MAX_RANK, start, &ns));
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_limit_indices, CX_MAX_RANK, limit, &nl));
  if (ns != x->rank || nl != x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "start_indices and limit_indices need %u entries (the operand's rank)",
                         x->rank);
  CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, CX_NAME_strides, x->rank, strides));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_slice(x, element, start, limit, strides, &results[0]));
}

static cx_status_t eval_concatenate(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    cx_tensor_t** results) {
  if (op->num_operands == 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs at least one operand");
  int64_t dim;
  CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_dimension, &dim));
  const cx_tensor_t* x0 = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x0, "operand #0"));
  uint32_t rank = x0->rank;
  if (dim < 0 || dim >= (int64_t)rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "dimension %lld is out of range for rank %u",
                         (long long)dim, rank);
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, x0->dims, rank * sizeof(int64_t));
  dims[dim] = 0;
  for (uint32_t k = 0; k < op->num_operands; k++) {
    const cx_tensor_t* x = args[k];
    CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "every operand"));
    if (x->rank != rank || x->elem != x0->elem)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "operand #%u differs from operand #0 in rank or element type", k);
    for (uint32_t d = 0; d < rank; d++)
      if (d != dim && x->dims[d] != x0->dims[d])
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "operand #%u has size %lld in dimension %u, operand #0 has %lld", k,
                             (long long)x->dims[d], d, (long long)x0->dims[d]);
    if (!cx_add_i64(dims[dim], x->dims[dim], &dims[dim]))
      return cx_eval_error(op, CX_OUT_OF_RANGE, "result size overflows");
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x0->elem, &element));
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(cx_eval_wrap(op, cx_tensor_create(ev->allocator, element, rank, dims, &t)));
  // Each operand contributes a contiguous block of dims[dim..] per outer index.
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < dim; d++) outer *= dims[d];
  for (uint32_t d = (uint32_t)dim + 1; d < rank; d++) inner *= dims[d];
  size_t es = t->esize;
  if (t->num_elements > 0) {
    char* dst = t->data;
    for (int64_t o = 0; o < outer; o++) {
      for (uint32_t k = 0; k < op->num_operands; k++) {
        const cx_tensor_t* x = args[k];
        size_t block = (size_t)(x->dims[dim] * inner) * es;
        if (block) memcpy(dst, (const char*)x->data + (size_t)o * block, block);
        dst += block;
      }
    }
  }
  results[0] = t;
  return NULL;
}

static cx_status_t eval_pad(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, args[1], "padding_value"));
  int64_t lo[CX_MAX_RANK], hi[CX_MAX_RANK], in[CX_MAX_RANK];
  uint32_t nlo, nhi;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_edge_padding_low, CX_MAX_RANK, lo, &nlo));
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_edge_padding_high, CX_MAX_RANK, hi, &nhi));
  if (nlo != x->rank || nhi != x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "edge paddings need %u entries (the operand's rank)", x->rank);
  CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, CX_NAME_interior_padding, x->rank, in));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_pad(x, args[1], element, lo, hi, in, &results[0]));
}

// Reads the scalar start indices of dynamic_slice / dynamic_update_slice
// (operands first..first+rank) and clamps each into [0, dim - size].
static cx_status_t clamped_starts(const cx_op_t* op, cx_tensor_t* const* args, uint32_t first,
                                  const cx_tensor_t* x, const int64_t* sizes, int64_t* out) {
  if (op->num_operands != first + x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs %u start indices (the operand's rank)",
                         x->rank);
  for (uint32_t d = 0; d < x->rank; d++) {
    const cx_tensor_t* s = args[first + d];
    if (s->kind != CX_VALUE_TENSOR || s->rank != 0 || !cx_elem_is_integer(s->elem) ||
        s->elem == CX_ELEM_I1)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "start index #%u must be a rank-0 integer", d);
    if (sizes[d] < 0 || sizes[d] > x->dims[d])
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "size %lld of dimension %u is outside [0, %lld]", (long long)sizes[d], d,
                           (long long)x->dims[d]);
    int64_t v = cx_eval_load_index(s, 0), hi = x->dims[d] - sizes[d];
    out[d] = v < 0 ? 0 : v > hi ? hi : v;
  }
  return NULL;
}

static cx_status_t eval_dynamic_slice(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                      cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  int64_t sizes[CX_MAX_RANK], start[CX_MAX_RANK], limit[CX_MAX_RANK], ones[CX_MAX_RANK];
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_slice_sizes, CX_MAX_RANK, sizes, &n));
  if (n != x->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "slice_sizes has %u entries but the operand has rank %u", n, x->rank);
  CX_RETURN_IF_ERROR(clamped_starts(op, args, 1, x, sizes, start));
  for (uint32_t d = 0; d < n; d++) {
    limit[d] = start[d] + sizes[d];
    ones[d] = 1;
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  return cx_eval_wrap(op, cx_shape_slice(x, element, start, limit, ones, &results[0]));
}

static cx_status_t eval_dynamic_update_slice(cx_eval_t* ev, const cx_op_t* op,
                                             cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_tensor_t* x = args[0];
  const cx_tensor_t* u = args[1];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, u, "update"));
  if (u->rank != x->rank || u->elem != x->elem)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "update must have the operand's rank and element type");
  int64_t start[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(clamped_starts(op, args, 2, x, u->dims, start));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(
      cx_eval_wrap(op, cx_tensor_create(x->allocator, element, x->rank, x->dims, &t)));
  if (t->nbytes) memcpy(t->data, x->data, t->nbytes);
  int64_t str[CX_MAX_RANK];
  cx_strides(x->rank, x->dims, str);
  int64_t base = 0;
  for (uint32_t d = 0; d < x->rank; d++) base += start[d] * str[d];
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t i = 0; i < u->num_elements; i++) {
    int64_t off = base;
    for (uint32_t d = 0; d < x->rank; d++) off += idx[d] * str[d];
    memcpy(cx_tensor_at(t, off), cx_tensor_at(u, i), t->esize);
    cx_next_index(u->rank, u->dims, idx);
  }
  results[0] = t;
  return NULL;
}

// cx_eval_family_SHAPE: its ops by kind.
CX_EVAL_FAMILY_ROWS(SHAPE, "SHAPE", true,
    {CX_OP_IOTA, 0, 0, eval_iota},
    {CX_OP_BROADCAST_IN_DIM, 1, 1, eval_broadcast_in_dim},
    {CX_OP_BROADCAST, 1, 1, eval_broadcast},
    {CX_OP_RESHAPE, 1, 1, eval_reshape},
    {CX_OP_TRANSPOSE, 1, 1, eval_transpose},
    {CX_OP_REVERSE, 1, 1, eval_reverse},
    {CX_OP_SLICE, 1, 1, eval_slice},
    {CX_OP_CONCATENATE, 0, UINT32_MAX, eval_concatenate},
    {CX_OP_PAD, 2, 2, eval_pad},
    {CX_OP_DYNAMIC_SLICE, 1, UINT32_MAX, eval_dynamic_slice},
    {CX_OP_DYNAMIC_UPDATE_SLICE, 2, UINT32_MAX, eval_dynamic_update_slice})
