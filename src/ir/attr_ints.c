#include "ir/attr_ints.h"

#include <string.h>

static bool dense_ints(const cx_attr_t* a, int64_t* out, uint32_t cap, uint32_t* n) {
  const cx_type_t* t = a->type;
  if (!cx_type_is_tensor(t)) return false;
  cx_elem_t e = cx_type_elem(t->tensor.element);
  if (!cx_elem_is_integer(e) && e != CX_ELEM_INDEX) return false;
  int64_t count = cx_tensor_num_elements(t);
  if (count < 0 || count > (int64_t)cap) return false;
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(a, &data, &nbytes, &splat)) return false;
  size_t es = cx_elem_storage_size(e);
  for (int64_t i = 0; i < count; i++) {
    const unsigned char* p = (const unsigned char*)data + (splat ? 0 : (size_t)i * es);
    int64_t v = 0;
    if (es == 8) {
      memcpy(&v, p, 8);
    } else if (es == 4) {
      int32_t x;
      memcpy(&x, p, 4);
      v = cx_elem_is_unsigned_int(e) ? (int64_t)(uint32_t)x : x;
    } else if (es == 2) {
      int16_t x;
      memcpy(&x, p, 2);
      v = cx_elem_is_unsigned_int(e) ? (int64_t)(uint16_t)x : x;
    } else {
      v = cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1 ? (int64_t)p[0] : (int64_t)(int8_t)p[0];
    }
    out[i] = v;
  }
  *n = (uint32_t)count;
  return true;
}

bool cx_op_get_ints(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, int64_t* out,
                    uint32_t cap, uint32_t* out_count) {
  *out_count = 0;
  const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, name));
  if (!a) return false;
  switch (a->kind) {
    case CX_ATTR_DENSE_ARRAY:
      if (a->dense_array.count > cap || (a->dense_array.count && !a->dense_array.ints)) return false;
      for (uint32_t i = 0; i < a->dense_array.count; i++) out[i] = a->dense_array.ints[i];
      *out_count = a->dense_array.count;
      return true;
    case CX_ATTR_DENSE:
    case CX_ATTR_DENSE_RESOURCE: return dense_ints(a, out, cap, out_count);
    case CX_ATTR_ARRAY:
      if (a->array.count > cap) return false;
      for (uint32_t i = 0; i < a->array.count; i++) {
        if (a->array.items[i]->kind != CX_ATTR_INTEGER) return false;
        out[i] = a->array.items[i]->integer;
      }
      *out_count = a->array.count;
      return true;
    default: return false;
  }
}

bool cx_op_get_int(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, int64_t* out) {
  const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, name));
  if (!a) return false;
  if (a->kind == CX_ATTR_INTEGER) {
    *out = a->integer;
    return true;
  }
  uint32_t n;
  return cx_op_get_ints(ctx, op, name, out, 1, &n) && n == 1;
}

bool cx_op_get_bool(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, bool dflt) {
  const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, name));
  if (!a) return dflt;
  if (a->kind == CX_ATTR_BOOL) return a->boolean;
  if (a->kind == CX_ATTR_UNIT) return true;
  if (a->kind == CX_ATTR_INTEGER) return a->integer != 0;
  return dflt;
}
