// Linear algebra and FFT: cholesky, triangular_solve, fft (spec sections of
// the same names). The shape function (infer_linalg.c) checks the operands
// and attributes and infers the result; here the declared result is
// compared with it.
#include "ir/verify_util.h"

cx_status_t cx_verify_linalg(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  switch (op->kind) {
    case CX_OP_CHOLESKY:  // cholesky_c1
      if (!cx_v_baseline_compat(want, y))
        return cx_verify_error(op, "requires compatible types for operand and result");
      return NULL;
    case CX_OP_TRIANGULAR_SOLVE:  // triangular_solve_c4
      if (!cx_v_baseline_compat(want, y))
        return cx_verify_error(op, "requires compatible types for b and the result");
      return NULL;
    default: {
      // fft_c2, then fft_c4, fft_c5
      const cx_type_t* x = cx_v_otype(op, 0);
      if (!cx_v_elem_eq(want, y)) {
        int type;
        CX_RETURN_IF_ERROR(
            cx_v_get_enum(vc, op, CX_V_NAME(vc, fft_type), CX_ENUM_FFT_TYPE, true, 0, &type, NULL));
        return cx_verify_error(op, "%s of '%s' gives element type %s, but the result is '%s'",
                               cx_enum_value_name(CX_ENUM_FFT_TYPE, type), cx_v_type_str(vc, x),
                               cx_v_type_str(vc, want->tensor.element), cx_v_type_str(vc, y));
      }
      return cx_v_expect_result(vc, op, 0, want, NULL);
    }
  }
}
