// Shape functions of the linear algebra and FFT ops: cholesky,
// triangular_solve, fft (spec sections of the same names). cholesky gives
// a's type and triangular_solve b's; fft keeps the operand's shape except
// the last fft_length dims of its real side (RFFT halves the last dim:
// n / 2 + 1; IRFFT's result ends with fft_length).
#include "ir/infer_util.h"

cx_status_t cx_infer_cholesky(cx_infer_state_t* s) {
  const cx_type_t* a;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &a));
  bool lower;
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, lower), false, false, &lower));
  CX_RETURN_IF_ERROR(
      cx_i_check_elem(s, a, CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, "operand #0"));
  uint32_t r = cx_v_rank(a);
  if (r < 2)
    return cx_i_error(s, "cholesky_c2", "argument 'a' must have rank >= 2, got shape '%s'",
                      cx_i_type_str(s, a));
  if (!cx_v_dims_compat(cx_v_dim(a, r - 2), cx_v_dim(a, r - 1)))
    return cx_i_error(s, "cholesky_c3",
                      "minor dimensions of 'a' must have equal size, got shape '%s'",
                      cx_i_type_str(s, a));
  // cholesky_c1
  return cx_i_result(s, a);
}

cx_status_t cx_infer_triangular_solve(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t *a, *b;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &a));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &b));
  bool left, lower, unit;
  int transpose;
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, left_side), true, false, &left));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, lower), true, false, &lower));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, unit_diagonal), true, false, &unit));
  CX_RETURN_IF_ERROR(
      cx_i_get_enum(s, CX_I_NAME(s, transpose_a), CX_ENUM_TRANSPOSE, true, 0, &transpose, NULL));
  // transpose_a is an enum of NO_TRANSPOSE, TRANSPOSE and ADJOINT.
  if (transpose == CX_TRANSPOSE_INVALID)
    return cx_i_error(s, NULL, "Invalid transpose option value for triangular solve");
  unsigned mask = CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, a, mask, "operand #0 (a)"));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, b, mask, "operand #1 (b)"));
  if (!cx_v_baseline_elem_eq(a->tensor.element, b->tensor.element))
    return cx_i_error(s, "triangular_solve_c1", "requires the same element type for a and b");
  uint32_t r = cx_v_rank(a);
  if (r < 2)
    return cx_i_error(s, "triangular_solve_c2", "operand 'a' must have rank >= 2, but got '%s'",
                      cx_i_type_str(s, a));
  if (cx_v_rank(b) != r)
    return cx_i_error(s, "triangular_solve_c2", "operands must have equal rank, got '%s' and '%s'",
                      cx_i_type_str(s, a), cx_i_type_str(s, b));
  // triangular_solve_c3: a's two minor dims are square and match b's
  // left_side ? -2 : -1 dimension; batch dims agree.
  if (!cx_v_dims_compat(cx_v_dim(a, r - 2), cx_v_dim(a, r - 1)))
    return cx_i_error(s, "triangular_solve_c3",
                      "two minor dimensions of operand 'a' must have equal size, got '%s'",
                      cx_i_type_str(s, a));
  if (!cx_v_dims_compat(cx_v_dim(a, r - 1), cx_v_dim(b, left ? r - 2 : r - 1)))
    return cx_i_error(
        s, "triangular_solve_c3",
        "shared dimension of operands 'a' and 'b' does not match, got shapes '%s' and '%s'",
        cx_i_type_str(s, a), cx_i_type_str(s, b));
  for (uint32_t i = 0; i + 2 < r; i++)
    if (!cx_v_dims_compat(cx_v_dim(a, i), cx_v_dim(b, i)))
      return cx_i_error(s, "triangular_solve_c3",
                        "batch dimensions of the operands must be equal, got '%s' and '%s'",
                        cx_i_type_str(s, a), cx_i_type_str(s, b));
  // triangular_solve_c4
  return cx_i_result(s, b);
}

cx_status_t cx_infer_fft(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  int type;
  cx_v_ints_t len;
  CX_RETURN_IF_ERROR(
      cx_i_get_enum(s, CX_I_NAME(s, fft_type), CX_ENUM_FFT_TYPE, true, 0, &type, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, fft_length), true, &len, NULL));
  uint32_t rx = cx_v_rank(x), n = len.n;
  if (n < 1 || n > 3)
    return cx_i_error(s, "fft_c3", "fft_length must have 1, 2 or 3 entries, but has %u", n);
  if (n > rx)
    return cx_i_error(s, "fft_c1",
                      "operand rank must not be less than fft rank of %u for operand of type '%s'",
                      n, cx_i_type_str(s, x));
  for (uint32_t i = 0; i < n; i++)
    if (len.v[i] < 0)
      return cx_i_error(s, "fft_c4", "fft_length must be non-negative, but got %s",
                        cx_i_ints_str(s, len.v, n));
  // fft_c2
  bool real_in = type == CX_FFT_RFFT, real_out = type == CX_FFT_IRFFT;
  const char* tname = cx_enum_value_name(CX_ENUM_FFT_TYPE, type);
  if (real_in ? !cx_v_is_float(x) : !cx_v_is_complex(x))
    return cx_i_error(s, "fft_c2", "%s takes a %s operand, but got '%s'", tname,
                      real_in ? "floating-point" : "complex", cx_i_type_str(s, x));
  cx_elem_t want, kx = cx_v_kind(x);
  if (real_in)
    want = kx == CX_ELEM_F64 ? CX_ELEM_C128 : kx == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_INVALID;
  else if (real_out)
    want = cx_elem_complex_component(kx);
  else
    want = kx;
  if (want == CX_ELEM_INVALID)
    return cx_i_error(s, "fft_c2", "RFFT takes f32 or f64 operands, but got '%s'",
                      cx_i_type_str(s, x));
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* xb = NULL;
  bool bounded = cx_i_bounds(x, &xb);
  for (uint32_t i = 0; i < rx; i++) {
    dims[i] = cx_v_dim(x, i);
    bounds[i] = bounded ? xb[i] : CX_DYNAMIC_DIM;
  }
  if (real_in) {
    // fft_c4: the operand's trailing dims are fft_length; fft_c5: the last
    // one becomes fft_length / 2 + 1.
    for (uint32_t i = 0; i < n; i++)
      if (!cx_v_dims_compat(cx_v_dim(x, rx - n + i), len.v[i]))
        return cx_i_error(s, "fft_c4", "operand dimensions %s must end with fft_length %s",
                          cx_i_type_str(s, x), cx_i_ints_str(s, len.v, n));
    int64_t last = len.v[n - 1];
    dims[rx - 1] = last == 0 ? 0 : last / 2 + 1;
    bounds[rx - 1] = CX_DYNAMIC_DIM;
  }
  if (real_out) {
    // fft_c4: the result's trailing dims are fft_length; fft_c5: the
    // operand's last one is fft_length / 2 + 1.
    int64_t last = len.v[n - 1];
    int64_t half = last == 0 ? 0 : last / 2 + 1;
    if (!cx_v_dims_compat(dims[rx - 1], half))
      return cx_i_error(
          s, "fft_c5",
          "IRFFT operand's last dimension must be %lld (fft_length %lld / 2 + 1), but got '%s'",
          (long long)half, (long long)last, cx_i_type_str(s, x));
    for (uint32_t i = 0; i + 1 < n; i++)
      if (!cx_v_dims_compat(dims[rx - n + i], len.v[i]))
        return cx_i_error(s, "fft_c4", "operand dimensions %s must end with fft_length %s",
                          cx_i_type_str(s, x), cx_i_ints_str(s, len.v, n));
    for (uint32_t i = 0; i < n; i++) {
      dims[rx - n + i] = len.v[i];
      bounds[rx - n + i] = CX_DYNAMIC_DIM;
    }
  }
  const cx_type_t* elem = cx_type_element(s->ctx, want);
  if (!elem) return CX_OOM();
  return cx_i_result_tensor(s, elem, rx, dims, bounds);
}
