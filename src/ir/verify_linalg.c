// Linear algebra and FFT: cholesky, triangular_solve, fft (spec sections of
// the same names).
#include "ir/verify_util.h"

static cx_status_t verify_cholesky(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *a, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &a));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  bool lower;
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, lower), false, false, &lower));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, a, CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR,
                                     "operand #0"));
  // cholesky_c1
  if (!cx_v_baseline_compat(a, y))
    return cx_verify_error(op, "requires compatible types for operand and result");
  // cholesky_c2
  uint32_t r = cx_v_rank(a);
  if (r < 2)
    return cx_verify_error(op, "argument 'a' must have rank >= 2, got shape '%s'",
                           cx_v_type_str(vc, a));
  // cholesky_c3
  if (!cx_v_dims_compat(cx_v_dim(a, r - 2), cx_v_dim(a, r - 1)))
    return cx_verify_error(op, "minor dimensions of 'a' must have equal size, got shape '%s'",
                           cx_v_type_str(vc, a));
  return NULL;
}

static cx_status_t verify_triangular_solve(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  const cx_type_t *a, *b, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &a));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &b));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  bool left, lower, unit;
  int transpose;
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, left_side), true, false, &left));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, lower), true, false, &lower));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, unit_diagonal), true, false, &unit));
  CX_RETURN_IF_ERROR(cx_v_get_enum(vc, op, CX_V_NAME(vc, transpose_a), CX_ENUM_TRANSPOSE, true, 0,
                                   &transpose, NULL));
  // transpose_a is an enum of NO_TRANSPOSE, TRANSPOSE and ADJOINT.
  if (transpose == CX_TRANSPOSE_INVALID)
    return cx_verify_error(op, "Invalid transpose option value for triangular solve");
  unsigned mask = CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, a, mask, "operand #0 (a)"));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, b, mask, "operand #1 (b)"));
  // triangular_solve_c1
  if (!cx_v_baseline_elem_eq(a->tensor.element, b->tensor.element))
    return cx_verify_error(op, "requires the same element type for a and b");
  // triangular_solve_c2
  uint32_t r = cx_v_rank(a);
  if (r < 2)
    return cx_verify_error(op, "operand 'a' must have rank >= 2, but got '%s'", cx_v_type_str(vc, a));
  if (cx_v_rank(b) != r)
    return cx_verify_error(op, "operands must have equal rank, got '%s' and '%s'",
                           cx_v_type_str(vc, a), cx_v_type_str(vc, b));
  // triangular_solve_c3: a's two minor dims are square and match b's
  // left_side ? -2 : -1 dimension; batch dims agree.
  if (!cx_v_dims_compat(cx_v_dim(a, r - 2), cx_v_dim(a, r - 1)))
    return cx_verify_error(op, "two minor dimensions of operand 'a' must have equal size, got '%s'",
                           cx_v_type_str(vc, a));
  if (!cx_v_dims_compat(cx_v_dim(a, r - 1), cx_v_dim(b, left ? r - 2 : r - 1)))
    return cx_verify_error(op, "shared dimension of operands 'a' and 'b' does not match, got shapes '%s' and '%s'",
                           cx_v_type_str(vc, a), cx_v_type_str(vc, b));
  for (uint32_t i = 0; i + 2 < r; i++)
    if (!cx_v_dims_compat(cx_v_dim(a, i), cx_v_dim(b, i)))
      return cx_verify_error(op, "batch dimensions of the operands must be equal, got '%s' and '%s'",
                             cx_v_type_str(vc, a), cx_v_type_str(vc, b));
  // triangular_solve_c4
  if (!cx_v_baseline_compat(b, y))
    return cx_verify_error(op, "requires compatible types for b and the result");
  return NULL;
}

static cx_status_t verify_fft(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int type;
  cx_v_ints_t len;
  CX_RETURN_IF_ERROR(
      cx_v_get_enum(vc, op, CX_V_NAME(vc, fft_type), CX_ENUM_FFT_TYPE, true, 0, &type, NULL));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, fft_length), true, &len, NULL));
  uint32_t rx = cx_v_rank(x), n = len.n;
  // fft_c3
  if (n < 1 || n > 3)
    return cx_verify_error(op, "fft_length must have 1, 2 or 3 entries, but has %u", n);
  // fft_c1
  if (n > rx)
    return cx_verify_error(op, "operand rank must not be less than fft rank of %u for operand of type '%s'",
                           n, cx_v_type_str(vc, x));
  // fft_c2
  bool real_in = type == CX_FFT_RFFT, real_out = type == CX_FFT_IRFFT;
  if (real_in ? !cx_v_is_float(x) : !cx_v_is_complex(x))
    return cx_verify_error(op, "%s takes a %s operand, but got '%s'",
                           cx_enum_value_name(CX_ENUM_FFT_TYPE, type),
                           real_in ? "floating-point" : "complex", cx_v_type_str(vc, x));
  cx_elem_t want;
  cx_elem_t kx = cx_v_kind(x);
  if (real_in) want = kx == CX_ELEM_F64 ? CX_ELEM_C128 : kx == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_INVALID;
  else if (real_out) want = cx_elem_complex_component(kx);
  else want = kx;
  if (want == CX_ELEM_INVALID)
    return cx_verify_error(op, "RFFT takes f32 or f64 operands, but got '%s'", cx_v_type_str(vc, x));
  if (cx_v_kind(y) != want)
    return cx_verify_error(op, "%s of '%s' gives element type %s, but the result is '%s'",
                           cx_enum_value_name(CX_ENUM_FFT_TYPE, type), cx_v_type_str(vc, x),
                           cx_elem_name(want), cx_v_type_str(vc, y));
  // fft_c4: the real tensor's trailing dims are fft_length.
  const cx_type_t* real = real_in ? x : real_out ? y : NULL;
  if (real) {
    if (cx_v_rank(real) < n) return cx_verify_error(op, "result rank is less than the fft rank");
    for (uint32_t i = 0; i < n; i++)
      if (!cx_v_dims_compat(cx_v_dim(real, cx_v_rank(real) - n + i), len.v[i]))
        return cx_verify_error(op, "%s dimensions %s must end with fft_length %s",
                               real_in ? "operand" : "result", cx_v_type_str(vc, real),
                               cx_v_ints_str(vc, len.v, len.n));
  }
  // fft_c5: shape(result) = shape(operand), except the last dim for
  // RFFT (n / 2 + 1) and IRFFT (the operand's last dim is result / 2 + 1).
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < rx; i++) dims[i] = cx_v_dim(x, i);
  if (real_in && !cx_v_dyn(dims[rx - 1])) dims[rx - 1] = dims[rx - 1] == 0 ? 0 : dims[rx - 1] / 2 + 1;
  if (real_out) {
    // The result's last dim is fft_length's last entry (fft_c4); its
    // halved size must be the operand's last dim.
    int64_t last = len.v[n - 1];
    int64_t half = last == 0 ? 0 : last / 2 + 1;
    if (!cx_v_dims_compat(dims[rx - 1], half))
      return cx_verify_error(op, "IRFFT operand's last dimension must be %lld (fft_length %lld / 2 + 1), but got '%s'",
                             (long long)half, (long long)last, cx_v_type_str(vc, x));
    dims[rx - 1] = last;
  }
  return cx_v_expect_shape(vc, op, y, rx, dims, "result");
}

cx_status_t cx_verify_linalg(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_CHOLESKY: return verify_cholesky(vc, op);
    case CX_OP_TRIANGULAR_SOLVE: return verify_triangular_solve(vc, op);
    case CX_OP_FFT: return verify_fft(vc, op);
    default: return cx_verify_error(op, "is not a linear-algebra op");
  }
}
