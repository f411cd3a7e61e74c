// Tests of the runtime's custom-call targets called directly, as compiled
// code will call them: buffers and decoded attributes, no IR. Hand-computed
// results for small matrices, shape inference for dynamic results, and
// errors (never crashes) for malformed calls.
#include "runtime/custom_calls/custom_call.h"

#include <complex.h>
#include <math.h>

#include "cx_test.h"
#include "runtime/custom_calls/custom_call_test_util.h"

static cx_rt_cc_call_t make_call(const char* target, uint32_t nops, const cx_rt_cc_buffer_t* ops,
                                 uint32_t nres, cx_rt_cc_buffer_t* res, uint32_t nattrs,
                                 const cx_rt_cc_attr_t* attrs) {
  cx_rt_cc_call_t c = {cx_rt_cc_target_find(target), nops, ops, nres, res, nattrs, attrs};
  return c;
}

CX_TEST(registry_lists_every_target_once) {
  size_t n = cx_rt_cc_target_count();
  CX_EXPECT(n >= 52);  // 13 routines x 4 types, plus the blas_ spellings of trsm
  for (size_t i = 0; i < n; i++) {
    const cx_rt_cc_target_t* t = cx_rt_cc_target_at(i);
    CX_EXPECT(t && t->prepare && t->execute);
    CX_EXPECT(cx_rt_cc_target_find(t->name) == t);
  }
  CX_EXPECT(cx_rt_cc_target_at(n) == NULL);
  CX_EXPECT(cx_rt_cc_target_find("lapack_qpotrf_ffi") == NULL);
  CX_EXPECT(cx_rt_cc_target_find("lapack_zheevd_ffi")->elem == CX_ELEM_C128);
}

CX_TEST(potrf_factors_and_reports_info) {
  // Column-major [[4, 2], [2, 3]] plus a second, indefinite matrix.
  double x[8] = {4, 2, 2, 3, 1, 2, 2, 1};
  double out[8];
  int32_t info[2] = {-7, -7};
  int64_t xd[3] = {2, 2, 2}, dyn[3] = {CX_RT_CC_DYNAMIC_DIM, 2, 2}, id[1] = {CX_RT_CC_DYNAMIC_DIM};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F64, 3, xd, x)};
  cx_rt_cc_buffer_t res[2] = {buf(CX_ELEM_F64, 3, dyn, NULL), buf(CX_ELEM_SI32, 1, id, NULL)};
  cx_rt_cc_attr_t attrs[1] = {cx_rt_cc_char_attr("uplo", 'L')};
  cx_rt_cc_call_t c = make_call("lapack_dpotrf_ffi", 1, ops, 2, res, 1, attrs);
  CX_EXPECT_OK(c.target->prepare(&c));
  CX_EXPECT_EQ_I64(res[0].dims[0], 2);
  CX_EXPECT_EQ_I64(res[1].dims[0], 2);
  res[0] = buf(CX_ELEM_F64, 3, xd, out);
  res[1] = buf(CX_ELEM_SI32, 1, xd, info);
  CX_EXPECT_OK(c.target->execute(&c));
  CX_EXPECT_NEAR(out[0], 2.0, 1e-15);
  CX_EXPECT_NEAR(out[1], 1.0, 1e-15);
  CX_EXPECT_NEAR(out[2], 2.0, 0);  // the upper triangle keeps x's value
  CX_EXPECT_NEAR(out[3], sqrt(2.0), 1e-15);
  CX_EXPECT_EQ_I64(info[0], 0);
  CX_EXPECT_EQ_I64(info[1], 2);  // the leading minor of order 2 is not positive
  CX_EXPECT_NEAR(x[0], 4.0, 0);  // operands are never written
}

CX_TEST(trsm_solves_with_and_without_alpha) {
  // L = [[2, 0], [1, 4]] column-major; solve L z = y for y = [[2, 4], [5, 6]].
  float l[4] = {2, 1, 0, 4};
  float y[4] = {2, 5, 4, 6};
  float z[4];
  int64_t d[2] = {2, 2};
  cx_rt_cc_attr_t attrs[4] = {
      cx_rt_cc_char_attr("side", 'L'), cx_rt_cc_char_attr("uplo", 'L'),
      cx_rt_cc_char_attr("trans_x", 'N'), cx_rt_cc_char_attr("diag", 'N')};
  cx_rt_cc_buffer_t ops[3] = {buf(CX_ELEM_F32, 2, d, l), buf(CX_ELEM_F32, 2, d, y)};
  cx_rt_cc_buffer_t res[1] = {buf(CX_ELEM_F32, 2, d, z)};
  cx_rt_cc_call_t c = make_call("lapack_strsm_ffi", 2, ops, 1, res, 4, attrs);
  CX_EXPECT_OK(cx_rt_cc_call_run(&c));
  CX_EXPECT_NEAR(z[0], 1.0, 1e-6);  // z = [[1, 2], [1, 1]]
  CX_EXPECT_NEAR(z[1], 1.0, 1e-6);
  CX_EXPECT_NEAR(z[2], 2.0, 1e-6);
  CX_EXPECT_NEAR(z[3], 1.0, 1e-6);
  // With alpha = 2 (the operand of older exports) the solution doubles.
  float alpha = 2;
  ops[2] = buf(CX_ELEM_F32, 0, d, &alpha);
  c.num_operands = 3;
  CX_EXPECT_OK(cx_rt_cc_call_run(&c));
  CX_EXPECT_NEAR(z[0], 2.0, 1e-6);
  CX_EXPECT_NEAR(z[2], 4.0, 1e-6);
  // Transposed, right side: z L^T = y.
  attrs[0] = cx_rt_cc_char_attr("side", 'R');
  attrs[2] = cx_rt_cc_char_attr("trans_x", 'T');
  c.num_operands = 2;
  CX_EXPECT_OK(cx_rt_cc_call_run(&c));
  // z = y L^-T: rows of z solve L r^T = y_row^T: [2,4] -> [1, 0.75]; [5,6] -> [2.5, 0.875].
  CX_EXPECT_NEAR(z[0], 1.0, 1e-6);
  CX_EXPECT_NEAR(z[2], 0.75, 1e-6);
  CX_EXPECT_NEAR(z[1], 2.5, 1e-6);
  CX_EXPECT_NEAR(z[3], 0.875, 1e-6);
}

CX_TEST(geev_unpacks_complex_pairs) {
  // The rotation [[0, -1], [1, 0]] (column-major) has eigenvalues +-i.
  float a[4] = {0, 1, -1, 0};
  float wr[2], wi[2];
  float complex vl[4], vr[4];
  int32_t info = -1;
  int64_t d[2] = {2, 2}, v[1] = {2};
  cx_rt_cc_attr_t attrs[2] = {cx_rt_cc_char_attr("compute_left", 'V'),
                              cx_rt_cc_char_attr("compute_right", 'V')};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F32, 2, d, a)};
  cx_rt_cc_buffer_t res[5] = {buf(CX_ELEM_F32, 1, v, wr), buf(CX_ELEM_F32, 1, v, wi),
                              buf(CX_ELEM_C64, 2, d, vl), buf(CX_ELEM_C64, 2, d, vr),
                              buf(CX_ELEM_SI32, 0, d, &info)};
  cx_rt_cc_call_t c = make_call("lapack_sgeev_ffi", 1, ops, 5, res, 2, attrs);
  CX_EXPECT_OK(cx_rt_cc_call_run(&c));
  CX_EXPECT_EQ_I64(info, 0);
  CX_EXPECT_NEAR(wr[0], 0.0, 1e-6);
  CX_EXPECT_NEAR(fabs(wi[0]), 1.0, 1e-6);
  CX_EXPECT_NEAR(wi[1], -wi[0], 1e-6);
  for (int j = 0; j < 2; j++) {
    float complex w = wr[j] + wi[j] * I;
    // (A v)_r = sum_k A[r][k] v[k] with A[r][k] = a[k * 2 + r].
    for (int r = 0; r < 2; r++) {
      float complex av = a[r] * vr[2 * j] + a[2 + r] * vr[2 * j + 1];
      CX_EXPECT_NEAR(cabsf(av - w * vr[2 * j + r]), 0.0, 1e-6);
    }
  }
  // A non-finite matrix is not handed to LAPACK.
  a[0] = NAN;
  CX_EXPECT_OK(cx_rt_cc_call_run(&c));
  CX_EXPECT_EQ_I64(info, -4);
}

CX_TEST(gesdd_infers_thin_shapes) {
  double x[6] = {1, 0, 0, 0, 2, 0};  // 3x2 column-major: diag(1, 2) over a zero row
  int64_t xd[2] = {3, 2}, dyn2[2] = {CX_RT_CC_DYNAMIC_DIM, CX_RT_CC_DYNAMIC_DIM},
          dyn1[1] = {CX_RT_CC_DYNAMIC_DIM};
  cx_rt_cc_attr_t attrs[1] = {cx_rt_cc_char_attr("mode", 'S')};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F64, 2, xd, x)};
  cx_rt_cc_buffer_t res[5] = {buf(CX_ELEM_F64, 2, dyn2, NULL), buf(CX_ELEM_F64, 1, dyn1, NULL),
                              buf(CX_ELEM_F64, 2, dyn2, NULL), buf(CX_ELEM_F64, 2, dyn2, NULL),
                              buf(CX_ELEM_SI32, 0, xd, NULL)};
  cx_rt_cc_call_t c = make_call("lapack_dgesdd_ffi", 1, ops, 5, res, 1, attrs);
  CX_EXPECT_OK(c.target->prepare(&c));
  CX_EXPECT_EQ_I64(res[1].dims[0], 2);
  CX_EXPECT_EQ_I64(res[2].dims[0], 3);
  CX_EXPECT_EQ_I64(res[2].dims[1], 2);
  CX_EXPECT_EQ_I64(res[3].dims[0], 2);
  CX_EXPECT_EQ_I64(res[3].dims[1], 2);
  double a[6], s[2], u[6], vt[4];
  int32_t info = -1;
  res[0].data = a;
  res[1].data = s;
  res[2].data = u;
  res[3].data = vt;
  res[4].data = &info;
  CX_EXPECT_OK(c.target->execute(&c));
  CX_EXPECT_EQ_I64(info, 0);
  CX_EXPECT_NEAR(s[0], 2.0, 1e-14);
  CX_EXPECT_NEAR(s[1], 1.0, 1e-14);
}

CX_TEST(malformed_calls_are_errors) {
  double x[4] = {4, 2, 2, 3}, out[4];
  int32_t info;
  int64_t d[2] = {2, 2}, wrong[2] = {2, 3};
  cx_rt_cc_buffer_t ops[2] = {buf(CX_ELEM_F64, 2, d, x), buf(CX_ELEM_F64, 2, d, x)};
  cx_rt_cc_buffer_t res[2] = {buf(CX_ELEM_F64, 2, d, out), buf(CX_ELEM_SI32, 0, d, &info)};
  cx_rt_cc_attr_t uplo = cx_rt_cc_char_attr("uplo", 'L');
  cx_rt_cc_call_t c = make_call("lapack_dpotrf_ffi", 1, ops, 2, res, 0, NULL);
  CX_EXPECT(message_has(c.target->prepare(&c), "lapack_dpotrf_ffi': missing attribute 'uplo'"));
  c.num_attrs = 1;
  c.attrs = &uplo;
  c.num_operands = 2;
  CX_EXPECT(message_has(c.target->prepare(&c), "expects 1 operand, got 2"));
  c.num_operands = 1;
  c.num_results = 1;
  CX_EXPECT(message_has(c.target->execute(&c), "expects 2 results, got 1"));
  c.num_results = 2;
  uplo.elem = CX_ELEM_SI32;
  CX_EXPECT(message_has(c.target->prepare(&c), "must be a ui8 character code"));
  uplo = cx_rt_cc_char_attr("uplo", 'X');
  CX_EXPECT(message_has(c.target->prepare(&c), "is not one of 'LU'"));
  uplo = cx_rt_cc_char_attr("uplo", 'U');
  res[0] = buf(CX_ELEM_F64, 2, wrong, out);
  CX_EXPECT(message_has(c.target->prepare(&c), "result #0 must be tensor<2x2xf64>"));
  res[0] = buf(CX_ELEM_F64, 2, d, out);
  ops[0].elem = CX_ELEM_F32;
  CX_EXPECT(message_has(c.target->prepare(&c), "must have element type f64, got f32"));
  ops[0].elem = CX_ELEM_F64;
  CX_EXPECT_OK(cx_rt_cc_call_run(&c));
}

int main(void) {
  CX_RUN(registry_lists_every_target_once);
  CX_RUN(potrf_factors_and_reports_info);
  CX_RUN(trsm_solves_with_and_without_alpha);
  CX_RUN(geev_unpacks_complex_pairs);
  CX_RUN(gesdd_infers_thin_shapes);
  CX_RUN(malformed_calls_are_errors);
  return CX_TEST_EXIT();
}
