// Thin readers over cx_attr_get_i64s (the one integer-list decoder) and the
// op attribute schema's defaults.
#include "ir/attr_ints.h"

#include <string.h>

#include "ir/op_schema.h"

bool cx_op_get_ints(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, int64_t* out,
                    uint32_t cap, uint32_t* out_count) {
  *out_count = 0;
  cx_i64s_t list;
  if (!cx_attr_get_i64s(cx_op_attr(op, cx_name(ctx, name)), &list) || list.len > cap) return false;
  if (list.len) memcpy(out, list.data, list.len * sizeof(int64_t));
  *out_count = list.len;
  return true;
}

bool cx_op_get_int(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, int64_t* out) {
  const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, name));
  if (!a) return cx_op_attr_default_int(ctx, op->kind, cx_name(ctx, name), out);
  if (a->kind == CX_ATTR_INTEGER) {
    *out = a->integer;
    return true;
  }
  uint32_t n;
  return cx_op_get_ints(ctx, op, name, out, 1, &n) && n == 1;
}

bool cx_op_get_bool(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, bool dflt) {
  const cx_attr_t* a = cx_op_attr(op, cx_name(ctx, name));
  if (!a) {
    int64_t d;
    return cx_op_attr_default_int(ctx, op->kind, cx_name(ctx, name), &d) ? d != 0 : dflt;
  }
  if (a->kind == CX_ATTR_BOOL) return a->boolean;
  if (a->kind == CX_ATTR_UNIT) return true;
  if (a->kind == CX_ATTR_INTEGER) return a->integer != 0;
  return dflt;
}
