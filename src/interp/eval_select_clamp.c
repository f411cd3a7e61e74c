// select and clamp.
//
// select(pred, on_true, on_false): pred is either a scalar (rank 0) that
// picks a whole operand, or has the operands' shape and picks per element.
// clamp(min, operand, max) = minimum(maximum(operand, min), max) with the
// semantics of stablehlo.maximum/minimum (NaN propagates; -0 < +0); min and
// max are scalars or have the operand's shape. Quantized operands follow the
// spec's dequantize-op-quantize; a select whose operands and result share a
// quant type copies the stored integers, which is the same thing.
#include <stdlib.h>
#include <string.h>

#include "interp/elementwise.h"
#include "interp/interp.h"
#include "interp/quant.h"

// An operand that is either rank 0 or shaped like `like`.
static cx_status_t check_scalar_or_same(const cx_op_t* op, const char* what, const cx_tensor_t* t,
                                        const cx_tensor_t* like) {
  if (t->rank == 0 || cx_tensor_same_shape(t, like)) return NULL;
  return cx_eval_types_error(op, CX_INVALID_ARGUMENT,
                             "%s must be a scalar or have the operand's shape: %s vs %s", what, t,
                             like);
}

static cx_status_t eval_select(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               const cx_type_t* const* result_elems, cx_tensor_t** results,
                               void* user_data) {
  (void)ev;
  (void)user_data;
  const cx_tensor_t *pred = args[0], *t = args[1], *f = args[2];
  // Verified (infer_select_clamp.c): an i1 pred, on_true and on_false of
  // one element type, which is the result's. Dynamic dims are compared now.
  if (!cx_tensor_same_shape(t, f))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "on_true and on_false must have the same shape");
  CX_RETURN_IF_ERROR(check_scalar_or_same(op, "pred", pred, t));
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], t->rank, t->dims, &r));
  bool scalar = pred->rank == 0;
  for (int64_t i = 0; i < t->num_elements; i++) {
    bool p = cx_load_int(CX_ELEM_I1, cx_tensor_at(pred, scalar ? 0 : i)) != 0;
    memcpy(cx_tensor_at(r, i), cx_tensor_at(p ? t : f, i), t->esize);
  }
  results[0] = r;
  return NULL;
}

static int64_t clamp_int(cx_elem_t e, int64_t lo, int64_t x, int64_t hi) {
  if (e == CX_ELEM_I1) return (x | lo) & hi;  // maximum is or, minimum is and
  if (cx_elem_is_unsigned_int(e)) {
    // Loads zero-extend unsigned kinds (ui64 keeps its bit pattern).
    uint64_t ux = (uint64_t)x, ul = (uint64_t)lo, uh = (uint64_t)hi;
    ux = ux < ul ? ul : ux;
    return (int64_t)(ux > uh ? uh : ux);
  }
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

static cx_complex_t clamp_complex(cx_complex_t lo, cx_complex_t x, cx_complex_t hi) {
  // Lexicographic order, as for stablehlo.maximum/minimum on complex values.
  bool below = x.re == lo.re ? x.im < lo.im : x.re < lo.re;
  if (below) x = lo;
  bool above = x.re == hi.re ? x.im > hi.im : x.re > hi.re;
  if (above) x = hi;
  return x;
}

static cx_status_t eval_clamp(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              const cx_type_t* const* result_elems, cx_tensor_t** results,
                              void* user_data) {
  (void)ev;
  (void)user_data;
  const cx_tensor_t *lo = args[0], *x = args[1], *hi = args[2];
  // Verified (infer_select_clamp.c): min, operand, max and the result
  // share the element type. Dynamic dims are compared now.
  cx_elem_t e = x->elem;
  CX_RETURN_IF_ERROR(check_scalar_or_same(op, "min", lo, x));
  CX_RETURN_IF_ERROR(check_scalar_or_same(op, "max", hi, x));
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], x->rank, x->dims, &r));
  int64_t lstep = lo->rank == 0 ? 0 : 1, hstep = hi->rank == 0 ? 0 : 1;
  for (int64_t i = 0; i < x->num_elements; i++) {
    const void* pl = cx_tensor_at(lo, i * lstep);
    const void* ph = cx_tensor_at(hi, i * hstep);
    const void* px = cx_tensor_at(x, i);
    void* out = cx_tensor_at(r, i);
    if (cx_elem_is_integer(e)) {
      cx_store_int(e, out, clamp_int(e, cx_load_int(e, pl), cx_load_int(e, px), cx_load_int(e, ph)));
    } else if (cx_elem_is_float(e)) {
      double v = cx_scalar_fmin(cx_scalar_fmax(cx_load_float(e, px), cx_load_float(e, pl)),
                            cx_load_float(e, ph));
      cx_store_float(e, out, v);
    } else {
      cx_store_complex(e, out,
                       clamp_complex(cx_load_complex(e, pl), cx_load_complex(e, px),
                                     cx_load_complex(e, ph)));
    }
  }
  results[0] = r;
  return NULL;
}

cx_status_t cx_eval_family_SELECT_CLAMP(cx_eval_t* ev, const cx_op_t* op,
                                        cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_type_t* elem = op->results[0].type->tensor.element;
  cx_quant_float_fn fn = op->kind == CX_OP_CLAMP ? eval_clamp : eval_select;
  // A select whose operands already have the result's quant type just
  // moves stored integers; anything else quantized goes through floats.
  bool plain_select = op->kind == CX_OP_SELECT && args[1]->element == elem &&
                      args[2]->element == elem;
  if (!plain_select && cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, fn, NULL);
  return fn(ev, op, args, &elem, results, NULL);
}
