// Shape functions of tuples and tokens: tuple (the tuple of its operands'
// types), get_tuple_element (the element's type), after_all and
// create_token (a token).
#include "ir/infer_util.h"

cx_status_t cx_infer_tuple(cx_infer_state_t* s) {
  // tuple_c1
  uint32_t n = cx_i_num_operands(s);
  const cx_type_t* stack[16];
  const cx_type_t** items = stack;
  if (n > 16) items = CX_ARENA_ARRAY(s->scratch, const cx_type_t*, n);
  if (!items) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) items[i] = cx_i_otype(s, i);
  const cx_type_t* t = cx_type_tuple(s->ctx, n, items);
  return t ? cx_i_result(s, t) : CX_OOM();
}

cx_status_t cx_infer_get_tuple_element(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  const cx_type_t* t = cx_i_otype(s, 0);
  if (!cx_type_is_tuple(t))
    return cx_i_error(s, NULL, "operand #0 must be a tuple, but got '%s'", cx_i_type_str(s, t));
  int64_t index;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, index), true, 0, &index));
  if (index < 0 || index >= (int64_t)t->tuple.count)
    return cx_i_error(s, "get_tuple_element_c1",
                      "index %lld is out of bounds of operand with size %u", (long long)index,
                      t->tuple.count);
  // get_tuple_element_c2
  return cx_i_result(s, t->tuple.items[index]);
}

cx_status_t cx_infer_after_all(cx_infer_state_t* s) {
  uint32_t n = cx_i_num_operands(s);
  for (uint32_t i = 0; i < n; i++)
    if (!cx_type_is_token(cx_i_otype(s, i)))
      return cx_i_error(s, NULL, "operand #%u must be a token, but got '%s'", i,
                        cx_i_type_str(s, cx_i_otype(s, i)));
  const cx_type_t* t = cx_type_token(s->ctx);
  return t ? cx_i_result(s, t) : CX_OOM();
}

cx_status_t cx_infer_create_token(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 0, 0));
  const cx_type_t* t = cx_type_token(s->ctx);
  return t ? cx_i_result(s, t) : CX_OOM();
}
