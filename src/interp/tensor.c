// Interpreter values and element access.
#include "interp/tensor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support/checked.h"
#include "support/float_formats.h"
#include "support/strbuf.h"

static cx_tensor_t* alloc_value(cx_value_kind_t kind) {
  cx_tensor_t* t = calloc(1, sizeof(*t));
  if (!t) return NULL;
  t->refcount = 1;
  t->kind = kind;
  return t;
}

cx_status_t cx_tensor_create(const cx_type_t* element, uint32_t rank, const int64_t* dims,
                             cx_tensor_t** out) {
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
  cx_tensor_t* t = alloc_value(CX_VALUE_TENSOR);
  if (!t) return CX_OOM();
  t->element = element;
  t->elem = e;
  t->esize = esize;
  t->rank = rank;
  if (rank) memcpy(t->dims, dims, rank * sizeof(int64_t));
  t->num_elements = n;
  t->nbytes = nbytes;
  if (nbytes) {
    t->data = calloc(1, nbytes);
    if (!t->data) {
      free(t);
      return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate a tensor of %zu bytes", nbytes);
    }
  }
  *out = t;
  return NULL;
}

cx_status_t cx_tensor_create_like(const cx_type_t* type, cx_tensor_t** out) {
  if (!cx_type_is_tensor(type) || !cx_tensor_has_static_shape(type))
    return CX_ERROR(CX_INVALID_ARGUMENT, "expected a statically shaped tensor type");
  return cx_tensor_create(type->tensor.element, type->tensor.rank, type->tensor.dims, out);
}

cx_status_t cx_tensor_create_same(const cx_tensor_t* t, cx_tensor_t** out) {
  return cx_tensor_create(t->element, t->rank, t->dims, out);
}

cx_status_t cx_tensor_from_attr(const cx_attr_t* attr, cx_tensor_t** out) {
  *out = NULL;
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(attr, &data, &nbytes, &splat))
    return CX_ERROR(CX_INVALID_ARGUMENT, "constant has no data (elided resource)");
  const cx_type_t* type = attr->type;
  if (splat) {
    CX_RETURN_IF_ERROR(cx_tensor_create_like(type, out));
    cx_tensor_t* t = *out;
    for (int64_t i = 0; i < t->num_elements; i++) memcpy(cx_tensor_at(t, i), data, t->esize);
    return NULL;
  }
  cx_tensor_t* t = alloc_value(CX_VALUE_TENSOR);
  if (!t) return CX_OOM();
  t->element = type->tensor.element;
  t->elem = cx_type_elem(t->element);
  t->esize = cx_elem_storage_size(t->elem);
  t->rank = type->tensor.rank;
  if (t->rank > CX_MAX_RANK) {
    free(t);
    return CX_ERROR(CX_UNIMPLEMENTED, "constant rank exceeds %d", CX_MAX_RANK);
  }
  memcpy(t->dims, type->tensor.dims, t->rank * sizeof(int64_t));
  int64_t nonzero = 1;
  for (uint32_t i = 0; i < t->rank; i++) {
    if (t->dims[i] && !cx_mul_i64(nonzero, t->dims[i], &nonzero)) {
      free(t);  // as in cx_tensor_create: an empty tensor whose strides overflow
      return CX_ERROR(CX_OUT_OF_RANGE, "tensor dimensions overflow (their product exceeds 2^63)");
    }
  }
  t->num_elements = cx_tensor_num_elements(type);
  t->nbytes = (size_t)t->num_elements * t->esize;
  if (t->nbytes != nbytes) {
    free(t);
    return CX_ERROR(CX_INTERNAL, "constant data size does not match its type");
  }
  t->data = (void*)data;
  t->borrowed = true;
  *out = t;
  return NULL;
}

cx_status_t cx_tensor_token(cx_tensor_t** out) {
  *out = alloc_value(CX_VALUE_TOKEN);
  return *out ? NULL : CX_OOM();
}

cx_status_t cx_tensor_tuple(uint32_t count, cx_tensor_t* const* items, cx_tensor_t** out) {
  cx_tensor_t* t = alloc_value(CX_VALUE_TUPLE);
  if (!t) return CX_OOM();
  t->items = calloc(count ? count : 1, sizeof(cx_tensor_t*));
  if (!t->items) {
    free(t);
    return CX_OOM();
  }
  t->count = count;
  for (uint32_t i = 0; i < count; i++) t->items[i] = cx_tensor_retain(items[i]);
  *out = t;
  return NULL;
}

cx_status_t cx_tensor_clone(const cx_tensor_t* t, cx_tensor_t** out) {
  if (t->kind == CX_VALUE_TOKEN) return cx_tensor_token(out);
  if (t->kind == CX_VALUE_TUPLE) return cx_tensor_tuple(t->count, t->items, out);
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
    free(t->items);
  }
  if (!t->borrowed) free(t->data);
  free(t);
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
      free(s);
    }
    cx_strbuf_putc(&sb, '>');
  } else {
    extern char* cx_type_to_string(const cx_type_t* t);
    cx_strbuf_puts(&sb, "tensor<");
    for (uint32_t i = 0; i < t->rank; i++) cx_strbuf_printf(&sb, "%lldx", (long long)t->dims[i]);
    char* e = cx_type_to_string(t->element);
    cx_strbuf_puts(&sb, e ? e : "?");
    free(e);
    cx_strbuf_putc(&sb, '>');
  }
  return cx_strbuf_take(&sb);
}

// ----------------------------------------------------------------------------
// Element access.

static cx_float_format_t float_format(cx_elem_t e) {
  return (cx_float_format_t)(e - CX_ELEM_F4E2M1FN);
}

int64_t cx_load_int(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_I1: return *(const uint8_t*)p != 0;
    case CX_ELEM_SI2:
    case CX_ELEM_SI4:
    case CX_ELEM_SI8: return *(const int8_t*)p;
    case CX_ELEM_UI2:
    case CX_ELEM_UI4:
    case CX_ELEM_UI8: return *(const uint8_t*)p;
    case CX_ELEM_SI16: { int16_t v; memcpy(&v, p, 2); return v; }
    case CX_ELEM_UI16: { uint16_t v; memcpy(&v, p, 2); return v; }
    case CX_ELEM_SI32: { int32_t v; memcpy(&v, p, 4); return v; }
    case CX_ELEM_UI32: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
  }
}

void cx_store_int(cx_elem_t e, void* p, int64_t v) {
  int bits = cx_elem_bit_width(e);
  switch (e) {
    case CX_ELEM_I1: *(uint8_t*)p = (uint8_t)(v & 1); return;
    case CX_ELEM_SI2:
    case CX_ELEM_SI4: {
      // Wrap to the width, then sign-extend into the byte.
      int64_t m = v & ((1 << bits) - 1);
      if (m >> (bits - 1)) m -= 1 << bits;
      *(int8_t*)p = (int8_t)m;
      return;
    }
    case CX_ELEM_UI2:
    case CX_ELEM_UI4: *(uint8_t*)p = (uint8_t)(v & ((1 << bits) - 1)); return;
    case CX_ELEM_SI8:
    case CX_ELEM_UI8: *(uint8_t*)p = (uint8_t)v; return;
    case CX_ELEM_SI16:
    case CX_ELEM_UI16: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); return; }
    case CX_ELEM_SI32:
    case CX_ELEM_UI32: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); return; }
    default: memcpy(p, &v, 8); return;
  }
}

double cx_load_float(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_F64: { double v; memcpy(&v, p, 8); return v; }
    case CX_ELEM_F32:
    case CX_ELEM_TF32: { float v; memcpy(&v, p, 4); return v; }
    case CX_ELEM_BF16:
    case CX_ELEM_F16: {
      uint16_t b;
      memcpy(&b, p, 2);
      return e == CX_ELEM_BF16 ? (double)cx_bf16_to_f32(b) : (double)cx_f16_to_f32(b);
    }
    default: return cx_float_decode(float_format(e), *(const uint8_t*)p);
  }
}

void cx_store_float(cx_elem_t e, void* p, double v) {
  switch (e) {
    case CX_ELEM_F64: memcpy(p, &v, 8); return;
    case CX_ELEM_F32: { float f = (float)v; memcpy(p, &f, 4); return; }
    case CX_ELEM_TF32: {
      uint32_t b = (uint32_t)cx_float_encode(CX_FF_TF32, v) << 13;
      memcpy(p, &b, 4);
      return;
    }
    case CX_ELEM_F16: { uint16_t b = cx_f64_to_f16(v); memcpy(p, &b, 2); return; }
    case CX_ELEM_BF16: {
      uint16_t b = (uint16_t)cx_float_encode(CX_FF_BF16, v);
      memcpy(p, &b, 2);
      return;
    }
    default: *(uint8_t*)p = (uint8_t)cx_float_encode(float_format(e), v); return;
  }
}

cx_complex_t cx_load_complex(cx_elem_t e, const void* p) {
  cx_complex_t c;
  if (e == CX_ELEM_C64) {
    float f[2];
    memcpy(f, p, 8);
    c.re = f[0];
    c.im = f[1];
  } else {
    double d[2];
    memcpy(d, p, 16);
    c.re = d[0];
    c.im = d[1];
  }
  return c;
}

void cx_store_complex(cx_elem_t e, void* p, cx_complex_t v) {
  if (e == CX_ELEM_C64) {
    float f[2] = {(float)v.re, (float)v.im};
    memcpy(p, f, 8);
  } else {
    double d[2] = {v.re, v.im};
    memcpy(p, d, 16);
  }
}

double cx_load_as_double(cx_elem_t e, const void* p) {
  if (cx_elem_is_float(e)) return cx_load_float(e, p);
  if (cx_elem_is_complex(e)) return cx_load_complex(e, p).re;
  int64_t v = cx_load_int(e, p);
  if (e == CX_ELEM_UI64) return (double)(uint64_t)v;
  return (double)v;
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
