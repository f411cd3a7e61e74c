// Ops that run as library routines of the runtime (runtime/routines.h):
// the test dialect's checks (check.* ops and the @check.* custom calls
// that StableHLO's testdata uses), fft (lower_fft.c), linear algebra
// (lower_linalg.c), ...
#include <stdlib.h>
#include <string.h>

#include "compiler/lower.h"
#include "compiler/lower_misc.h"
#include "runtime/routines.h"

static void shape_of(const cx_type_t* t, cx_rt_shape_t* out) {
  memset(out, 0, sizeof(*out));
  out->elem = (int32_t)cx_tensor_elem(t);
  out->rank = t->tensor.rank;
  memcpy(out->dims, t->tensor.dims, t->tensor.rank * sizeof(int64_t));
}

static double float_attr(cx_lower_t* lw, const cx_op_t* op, const char* name, double dflt) {
  const cx_attr_t* a = cx_op_attr(op, cx_intern(lw->ctx, name, strlen(name)));
  if (!a) return dflt;
  if (a->kind == CX_ATTR_FLOAT) return a->fp;
  if (a->kind == CX_ATTR_INTEGER) return (double)a->integer;
  return dflt;
}

static int64_t int_attr(cx_lower_t* lw, const cx_op_t* op, const char* name, int64_t dflt) {
  const cx_attr_t* a = cx_op_attr(op, cx_intern(lw->ctx, name, strlen(name)));
  return a && a->kind == CX_ATTR_INTEGER ? a->integer : dflt;
}

// A CHECK step comparing `actual` with `expected_slot`; `result_slot` (or
// UINT32_MAX) receives true for @check.eq.
static cx_status_t emit_check(cx_lower_t* lw, uint32_t program, const cx_op_t* op,
                              cx_rt_check_params_t* params, uint32_t actual, uint32_t expected,
                              uint32_t result_slot) {
  params->what = cx_xb_string(&lw->xb, op->kind == CX_OP_CUSTOM_CALL ? "@check" : op->name);
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_CALL;
  cx_lower_where(lw, op, &st);
  st.call.routine = CX_RT_ROUTINE_CHECK;
  st.call.params = cx_xb_params(&lw->xb, params, sizeof(*params));
  st.call.params_size = sizeof(*params);
  uint32_t b[3] = {actual, expected, result_slot};
  cx_xb_step(&lw->xb, program, &st, b, result_slot == UINT32_MAX ? 2 : 3);
  return NULL;
}

static cx_status_t lower_check_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_value_t* actual = cx_op_operand(op, 0);
  if (!cx_type_is_tensor(actual->type)) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "checks a non-tensor");
  cx_rt_check_params_t p = {0};
  shape_of(actual->type, &p.shape);
  uint32_t a, e;
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, actual, &a));
  switch (op->kind) {
    case CX_OP_CHECK_EXPECT_EQ:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ:
    case CX_OP_CHECK_EXPECT_CLOSE:
      CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, cx_op_operand(op, 1), &e));
      break;
    case CX_OP_CHECK_EXPECT_EQ_CONST:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST: {
      const cx_attr_t* value = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_value));
      const void* data;
      size_t nbytes;
      bool splat;
      if (!value || !cx_attr_dense_data(value, &data, &nbytes, &splat))
        return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has no expected value");
      uint64_t want = cx_lower_nbytes(actual->type);
      if (!splat && nbytes < want) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "expected value is too short");
      e = want ? cx_xb_constant(&lw->xb, data, want, splat, cx_elem_storage_size(cx_tensor_elem(actual->type)))
               : cx_xb_slot(&lw->xb, CX_RT_SLOT_NONE, 0, 0, 0);
      break;
    }
    default:
      return cx_lower_op_error(op, CX_UNIMPLEMENTED, "is not supported in compiled code");
  }
  switch (op->kind) {
    case CX_OP_CHECK_EXPECT_ALMOST_EQ:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST:
      p.mode = CX_RT_CHECK_ALMOST_EQ;
      p.tolerance = float_attr(lw, op, "tolerance", 1e-4);
      break;
    case CX_OP_CHECK_EXPECT_CLOSE:
      p.mode = CX_RT_CHECK_CLOSE;
      p.max_ulp = int_attr(lw, op, "max_ulp_difference", 1);
      p.min_ulp = int_attr(lw, op, "min_ulp_difference", 0);
      break;
    default: p.mode = CX_RT_CHECK_EQ; break;
  }
  return emit_check(lw, program, op, &p, a, e, UINT32_MAX);
}

// The @check.* custom calls of StableHLO's generated testdata, with the
// tolerances stablehlo-translate --interpret gives them.
static cx_status_t lower_check_call(cx_lower_t* lw, uint32_t program, cx_op_t* op, const char* target) {
  if (op->num_operands != 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "check targets take (actual, expected)");
  cx_value_t* actual = cx_op_operand(op, 0);
  if (!cx_type_is_tensor(actual->type)) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "checks a non-tensor");
  cx_rt_check_params_t p = {0};
  shape_of(actual->type, &p.shape);
  uint32_t result = UINT32_MAX;
  if (!strcmp(target, "check.expect_eq")) {
    p.mode = CX_RT_CHECK_EQ;
  } else if (!strcmp(target, "check.expect_close")) {
    p.mode = CX_RT_CHECK_CLOSE;
    p.max_ulp = 3;
  } else if (!strcmp(target, "check.expect_almost_eq")) {
    p.mode = CX_RT_CHECK_ALMOST_EQ;
    p.tolerance = 1e-3;
  } else {  // check.eq
    p.mode = cx_elem_is_integer(cx_tensor_elem(actual->type)) ? CX_RT_CHECK_EQ : CX_RT_CHECK_ALMOST_EQ;
    p.tolerance = 1e-4;
    if (op->num_results > 1) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "@check.eq with several results");
    if (op->num_results == 1) {
      const cx_type_t* rt = cx_op_result(op, 0)->type;
      if (!cx_type_is_tensor(rt) || cx_tensor_elem(rt) != CX_ELEM_I1)
        return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "@check.eq results must be i1 tensors");
      CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result(op, 0), &result));
      p.result_nbytes = cx_lower_nbytes(rt);
    }
  }
  uint32_t a, e;
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, actual, &a));
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, cx_op_operand(op, 1), &e));
  return emit_check(lw, program, op, &p, a, e, result);
}

cx_status_t cx_lower_library_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  if (cx_lower_misc_handles(op)) return cx_lower_misc_op(lw, program, op);
  if (cx_op_info(op->kind)->family == CX_FAMILY_CHECK) return lower_check_op(lw, program, op);
  if (cx_op_info(op->kind)->family == CX_FAMILY_DOT_CONV || op->kind == CX_OP_CHLO_RAGGED_DOT)
    return cx_lower_dot_conv_op(lw, program, op);
  if (op->kind == CX_OP_FFT) return cx_lower_fft_op(lw, program, op);
  if (op->kind == CX_OP_CHOLESKY || op->kind == CX_OP_TRIANGULAR_SOLVE)
    return cx_lower_linalg_op(lw, program, op);
  if (op->kind == CX_OP_CUSTOM_CALL) {
    const cx_attr_t* name = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_call_target_name));
    if (!name || (name->kind != CX_ATTR_STRING && name->kind != CX_ATTR_SYMBOL_REF))
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has no call_target_name");
    const char* t = name->str.data;
    if (!strcmp(t, "check.expect_eq") || !strcmp(t, "check.expect_close") ||
        !strcmp(t, "check.expect_almost_eq") || !strcmp(t, "check.eq"))
      return lower_check_call(lw, program, op, t);
    return cx_lower_custom_call(lw, program, op, t);
  }
  return cx_lower_op_error(op, CX_UNIMPLEMENTED, "is not supported by the compiler yet");
}
