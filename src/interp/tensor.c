// Interpreter values and element access.
#include "interp/tensor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/print.h"
#include "support/checked.h"
#include "support/float_formats.h"
#include "support/strbuf.h"

static cx_tensor_t* alloc_value(cx_allocator_t a, cx_value_kind_t kind) {
  cx_tensor_t* t = cx_calloc(a, 1, sizeof(*t));
  if (!t) return NULL;
  t->refcount = 1;
  t->kind = kind;
  t->allocator = a;
  return t;
}

cx_status_t cx_tensor_create(cx_allocator_t a, const cx_type_t* element, uint32_t rank,
                             const int64_t* dims, cx_tensor_t** out) {
  *out = NULL;
  if (rank > CX_MAX_RANK)
    return CX_ERROR(CX_UNIMPLEMENTED, "tensors of rank %u exceed cxla's limit of %d", rank,
                    CX_MAX_RANK);
  cx_elem_t e = cx_type_elem(element);
  if (e == CX_ELEM_INVALID) return CX_ERROR(CX_INVALID_ARGUMENT, "invalid tensor element type");
  int64_t n = 1, nonzero = 1;
  for (uint32_t i = 0; i < rank; i++) {
    if (dims[i] < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "negative or dynamic dimension");
    if (!cx_mul_i64(n, dims[i], &n)) return CX_ERROR(CX_OUT_OF_MEMORY, "tensor size overflows");
    // An empty tensor still has strides (products of its dims): 0x2^33x2^33
    // holds nothing, but its strides overflow wherever they are computed.
    if (dims[i] && !cx_mul_i64(nonzero, dims[i], &nonzero))
      return CX_ERROR(CX_OUT_OF_RANGE, "tensor dimensions overflow (their product exceeds 2^63)");
  }
  size_t esize = cx_elem_storage_size(e);
  size_t nbytes;
  if (!cx_mul_size((size_t)n, esize, &nbytes)) return CX_ERROR(CX_OUT_OF_MEMORY, "tensor too large");
  cx_tensor_t* t = alloc_value(a, CX_VALUE_TENSOR);
  if (!t) return CX_OOM();
  t->element = element;
  t->elem = e;
  t->esize = esize;
  t->rank = rank;
  if (rank) memcpy(t->dims, dims, rank * sizeof(int64_t));
  t->num_elements = n;
  t->nbytes = nbytes;
  if (nbytes) {
    t->data = cx_calloc(a, 1, nbytes);
    if (!t->data) {
      cx_free(a, t);
      return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate a tensor of %zu bytes", nbytes);
    }
  }
  *out = t;
  return NULL;
}

cx_status_t cx_tensor_create_like(cx_allocator_t a, const cx_type_t* type, cx_tensor_t** out) {
  if (!cx_type_is_tensor(type) || !cx_tensor_has_static_shape(type))
    return CX_ERROR(CX_INVALID_ARGUMENT, "expected a statically shaped tensor type");
  return cx_tensor_create(a, type->tensor.element, type->tensor.rank, type->tensor.dims, out);
}

cx_status_t cx_tensor_create_same(const cx_tensor_t* t, cx_tensor_t** out) {
  return cx_tensor_create(t->allocator, t->element, t->rank, t->dims, out);
}

cx_status_t cx_tensor_from_attr(cx_allocator_t a, const cx_attr_t* attr, cx_tensor_t** out) {
  *out = NULL;
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(attr, &data, &nbytes, &splat))
    return CX_ERROR(CX_INVALID_ARGUMENT, "constant has no data (elided resource)");
  const cx_type_t* type = attr->type;
  if (splat) {
    CX_RETURN_IF_ERROR(cx_tensor_create_like(a, type, out));
    cx_tensor_t* t = *out;
    for (int64_t i = 0; i < t->num_elements; i++) memcpy(cx_tensor_at(t, i), data, t->esize);
    return NULL;
  }
  cx_tensor_t* t = alloc_value(a, CX_VALUE_TENSOR);
  if (!t) return CX_OOM();
  t->element = type->tensor.element;
  t->elem = cx_type_elem(t->element);
  t->esize = cx_elem_storage_size(t->elem);
  t->rank = type->tensor.rank;
  if (t->rank > CX_MAX_RANK) {
    cx_free(a, t);
    return CX_ERROR(CX_UNIMPLEMENTED, "constant rank exceeds %d", CX_MAX_RANK);
  }
  memcpy(t->dims, type->tensor.dims, t->rank * sizeof(int64_t));
  int64_t nonzero = 1;
  for (uint32_t i = 0; i < t->rank; i++) {
    if (t->dims[i] && !cx_mul_i64(nonzero, t->dims[i], &nonzero)) {
      cx_free(a, t);  // as in cx_tensor_create: an empty tensor whose strides overflow
      return CX_ERROR(CX_OUT_OF_RANGE, "tensor dimensions overflow (their product exceeds 2^63)");
    }
  }
  t->num_elements = cx_tensor_num_elements(type);
  t->nbytes = (size_t)t->num_elements * t->esize;
  if (t->nbytes != nbytes) {
    cx_free(a, t);
    return CX_ERROR(CX_INTERNAL, "constant data size does not match its type");
  }
  t->data = (void*)data;
  t->borrowed = true;
  *out = t;
  return NULL;
}

cx_status_t cx_tensor_token(cx_allocator_t a, cx_tensor_t** out) {
  *out = alloc_value(a, CX_VALUE_TOKEN);
  return *out ? NULL : CX_OOM();
}

cx_status_t cx_tensor_tuple(cx_allocator_t a, uint32_t count, cx_tensor_t* const* items,
                            cx_tensor_t** out) {
  cx_tensor_t* t = alloc_value(a, CX_VALUE_TUPLE);
  if (!t) return CX_OOM();
  t->items = cx_calloc(a, count, sizeof(cx_tensor_t*));
  if (!t->items) {
    cx_free(a, t);
    return CX_OOM();
  }
  t->count = count;
  for (uint32_t i = 0; i < count; i++) t->items[i] = cx_tensor_retain(items[i]);
  *out = t;
  return NULL;
}

cx_status_t cx_tensor_clone(const cx_tensor_t* t, cx_tensor_t** out) {
  if (t->kind == CX_VALUE_TOKEN) return cx_tensor_token(t->allocator, out);
  if (t->kind == CX_VALUE_TUPLE) return cx_tensor_tuple(t->allocator, t->count, t->items, out);
  CX_RETURN_IF_ERROR(cx_tensor_create_same(t, out));
  if (t->nbytes) memcpy((*out)->data, t->data, t->nbytes);
  return NULL;
}

cx_tensor_t* cx_tensor_retain(cx_tensor_t* t) {
  if (t) t->refcount++;
  return t;
}

void cx_tensor_release(cx_tensor_t* t) {
  if (!t || --t->refcount > 0) return;
  if (t->kind == CX_VALUE_TUPLE) {
    for (uint32_t i = 0; i < t->count; i++) cx_tensor_release(t->items[i]);
    cx_free(t->allocator, t->items);
  }
  if (!t->borrowed) cx_free(t->allocator, t->data);
  cx_free(t->allocator, t);
}

bool cx_tensor_matches_type(const cx_tensor_t* t, const cx_type_t* type) {
  switch (type->kind) {
    case CX_TYPE_TOKEN:
      return t->kind == CX_VALUE_TOKEN;
    case CX_TYPE_TUPLE:
      if (t->kind != CX_VALUE_TUPLE || t->count != type->tuple.count) return false;
      for (uint32_t i = 0; i < t->count; i++)
        if (!cx_tensor_matches_type(t->items[i], type->tuple.items[i])) return false;
      return true;
    case CX_TYPE_OPAQUE:
      // !stablehlo.future<...> (async_start's result) is held as a tuple of
      // the values it will deliver (eval_async.c).
      return t->kind == CX_VALUE_TUPLE && type->opaque.text &&
             strncmp(type->opaque.text, "!stablehlo.future<", 18) == 0;
    case CX_TYPE_TENSOR:
      if (t->kind != CX_VALUE_TENSOR || t->rank != type->tensor.rank ||
          t->element != type->tensor.element)
        return false;
      for (uint32_t i = 0; i < t->rank; i++)
        if (type->tensor.dims[i] != CX_DYNAMIC_DIM && type->tensor.dims[i] != t->dims[i])
          return false;
      return true;
    default:
      return false;
  }
}

bool cx_tensor_same_shape(const cx_tensor_t* a, const cx_tensor_t* b) {
  if (a->rank != b->rank) return false;
  for (uint32_t d = 0; d < a->rank; d++)
    if (a->dims[d] != b->dims[d]) return false;
  return true;
}

char* cx_tensor_type_string(const cx_tensor_t* t) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  if (t->kind == CX_VALUE_TOKEN) {
    cx_strbuf_puts(&sb, "!stablehlo.token");
  } else if (t->kind == CX_VALUE_TUPLE) {
    cx_strbuf_puts(&sb, "tuple<");
    for (uint32_t i = 0; i < t->count; i++) {
      char* s = cx_tensor_type_string(t->items[i]);
      cx_strbuf_printf(&sb, "%s%s", i ? ", " : "", s ? s : "?");
      cx_free_malloced(s);
    }
    cx_strbuf_putc(&sb, '>');
  } else {
    cx_strbuf_puts(&sb, "tensor<");
    for (uint32_t i = 0; i < t->rank; i++) cx_strbuf_printf(&sb, "%lldx", (long long)t->dims[i]);
    char* e = cx_type_to_string(t->element);
    cx_strbuf_puts(&sb, e ? e : "?");
    cx_free_malloced(e);
    cx_strbuf_putc(&sb, '>');
  }
  return cx_strbuf_take(&sb);
}

void cx_strides(uint32_t rank, const int64_t* dims, int64_t* out) {
  // Unsigned: the stride past the outermost dim is never used and may wrap.
  uint64_t s = 1;
  for (uint32_t i = rank; i-- > 0;) {
    out[i] = (int64_t)s;
    s *= (uint64_t)dims[i];
  }
}

bool cx_next_index(uint32_t rank, const int64_t* dims, int64_t* index) {
  for (uint32_t i = rank; i-- > 0;) {
    if (++index[i] < dims[i]) return true;
    index[i] = 0;
  }
  return false;
}
