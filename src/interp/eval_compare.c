// stablehlo.compare: every comparison_direction (EQ NE GE GT LE LT) and
// compare_type.
//
// Without a compare_type the element type decides: floats FLOAT, signed
// integers SIGNED, unsigned integers and booleans UNSIGNED, complex FLOAT.
// FLOAT is IEEE comparison (every comparison with NaN is false except NE);
// TOTALORDER orders floats by IEEE totalOrder (-NaN < -Inf < ... < -0 < +0
// < ... < +Inf < +NaN); SIGNED/UNSIGNED read integer bit patterns as signed
// or unsigned values of the element's width. Complex numbers support EQ and
// NE only. Quantized operands are compared after dequantization.
#include "interp/elementwise.h"
#include "interp/interp.h"
#include "interp/quant.h"

static bool compare_ordered(int dir, int c) {  // c: -1, 0, 1
  switch (dir) {
    case CX_CMP_EQ: return c == 0;
    case CX_CMP_NE: return c != 0;
    case CX_CMP_GE: return c >= 0;
    case CX_CMP_GT: return c > 0;
    case CX_CMP_LE: return c <= 0;
    case CX_CMP_LT: return c < 0;
    default: return false;
  }
}

static bool compare_float(int dir, double a, double b) {
  switch (dir) {
    case CX_CMP_EQ: return a == b;
    case CX_CMP_NE: return a != b;
    case CX_CMP_GE: return a >= b;
    case CX_CMP_GT: return a > b;
    case CX_CMP_LE: return a <= b;
    case CX_CMP_LT: return a < b;
    default: return false;
  }
}

static int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }
static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

typedef struct compare_attrs {
  int direction;
  int type;
} compare_attrs_t;

static cx_status_t eval_compare(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                const cx_type_t* const* result_elems, cx_tensor_t** results,
                                void* user_data) {
  (void)ev;
  const compare_attrs_t* at = user_data;
  const cx_tensor_t *x = args[0], *y = args[1];
  // Verified (infer_compare.c): the operands share their element type and
  // the result is i1.
  cx_elem_t e = x->elem;
  (void)y;
  int type = at->type;
  if (type == CX_CMPTYPE_NOTYPE || type < 0) {
    if (cx_elem_is_float(e) || cx_elem_is_complex(e))
      type = CX_CMPTYPE_FLOAT;
    else if (cx_elem_is_signed_int(e))
      type = CX_CMPTYPE_SIGNED;
    else
      type = CX_CMPTYPE_UNSIGNED;
  }
  bool is_real = cx_elem_is_float(e) || cx_elem_is_complex(e);
  if (is_real != (type == CX_CMPTYPE_FLOAT || type == CX_CMPTYPE_TOTALORDER))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "compare_type %s does not apply to %s",
                         cx_enum_value_name(CX_ENUM_COMPARISON_TYPE, type), cx_elem_name(e));
  if (cx_elem_is_complex(e) && at->direction != CX_CMP_EQ && at->direction != CX_CMP_NE)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "complex numbers can only be compared with EQ or NE");
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], x->rank, x->dims, &r));
  int w = cx_elem_bit_width(e);
  uint64_t mask = w >= 64 ? ~0ull : (1ull << w) - 1;
  int dir = at->direction;
  for (int64_t i = 0; i < x->num_elements; i++) {
    const void *pa = cx_tensor_at(x, i), *pb = cx_tensor_at(y, i);
    bool v;
    if (cx_elem_is_complex(e)) {
      cx_complex_t a = cx_load_complex(e, pa), b = cx_load_complex(e, pb);
      bool eq = a.re == b.re && a.im == b.im;
      v = dir == CX_CMP_EQ ? eq : !eq;
    } else if (type == CX_CMPTYPE_FLOAT) {
      v = compare_float(dir, cx_load_float(e, pa), cx_load_float(e, pb));
    } else if (type == CX_CMPTYPE_TOTALORDER) {
      v = compare_ordered(dir, cmp_i64(cx_scalar_total_order_key(e, pa), cx_scalar_total_order_key(e, pb)));
    } else if (type == CX_CMPTYPE_UNSIGNED) {
      uint64_t a = (uint64_t)cx_load_int(e, pa) & mask, b = (uint64_t)cx_load_int(e, pb) & mask;
      v = compare_ordered(dir, cmp_u64(a, b));
    } else {
      int64_t a = cx_load_int(e, pa), b = cx_load_int(e, pb);
      if (cx_elem_is_unsigned_int(e) && w < 64) {
        // SIGNED on an unsigned kind: read the bit pattern as signed.
        uint64_t m = 1ull << (w - 1);
        a = (int64_t)((((uint64_t)a & mask) ^ m) - m);
        b = (int64_t)((((uint64_t)b & mask) ^ m) - m);
      }
      v = compare_ordered(dir, cmp_i64(a, b));
    }
    cx_store_int(CX_ELEM_I1, cx_tensor_at(r, i), v);
  }
  results[0] = r;
  return NULL;
}

cx_status_t cx_eval_family_COMPARE(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  // Dynamic dims of the two operands may still differ at run time.
  CX_RETURN_IF_ERROR(cx_ew_check_shapes(op, 2, args));
  compare_attrs_t at = {-1, -1};
  // Verified: comparison_direction (and compare_type, when present) are
  // enums of the op's dialect.
  const cx_attr_t* d = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_comparison_direction]);
  at.direction = d->enumeration.value;
  const cx_attr_t* t = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_compare_type]);
  if (t) at.type = t->enumeration.value;
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, eval_compare, &at);
  const cx_type_t* elem;
  CX_RETURN_IF_ERROR(cx_ew_result_element(op, 0, &elem));
  return eval_compare(ev, op, args, &elem, results, &at);
}
