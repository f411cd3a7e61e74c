// Tests of the other platforms' targets (gpu_solver.c, gpu_linalg.c,
// tpu_linalg.c) called directly: their conventions (attributes, layouts,
// pivots' base, legacy descriptors), hand-computed results, and errors for
// malformed calls. The corpus test (jax_platforms/corpus) runs them on real
// exports; this covers what the corpus does not (Threefry, gtsv2 on its own,
// LuDecomposition, every element type, bad descriptors).
#include <math.h>

#include "cx_test.h"
#include "runtime/custom_calls/custom_call.h"
#include "runtime/custom_calls/custom_call_test_util.h"

static cx_rt_cc_attr_t bool_attr(const char* name, bool v) {
  cx_rt_cc_attr_t a;
  memset(&a, 0, sizeof(a));
  a.name = name;
  a.kind = CX_RT_CC_ATTR_BOOL;
  a.elem = CX_ELEM_I1;
  a.i = v;
  return a;
}


static cx_status_t run(const char* target, uint32_t nops, const cx_rt_cc_buffer_t* ops,
                       uint32_t nres, cx_rt_cc_buffer_t* res, uint32_t nattrs,
                       const cx_rt_cc_attr_t* attrs) {
  cx_rt_cc_call_t c = {cx_rt_cc_target_find(target), nops, ops, nres, res, nattrs, attrs};
  if (!c.target) return CX_ERROR(CX_NOT_FOUND, "no target %s", target);
  return cx_rt_cc_call_run(&c);
}

CX_TEST(threefry_matches_known_answers) {
  // The Random123 known-answer vectors JAX's random_test checks.
  uint32_t k0[3] = {0, 0xffffffffu, 0x13198a2eu}, k1[3] = {0, 0xffffffffu, 0x03707344u};
  uint32_t d0[3] = {0, 0xffffffffu, 0x243f6a88u}, d1[3] = {0, 0xffffffffu, 0x85a308d3u};
  uint32_t o0[3], o1[3];
  int64_t n[1] = {3};
  cx_rt_cc_buffer_t ops[4] = {buf(CX_ELEM_UI32, 1, n, k0), buf(CX_ELEM_UI32, 1, n, k1),
                              buf(CX_ELEM_UI32, 1, n, d0), buf(CX_ELEM_UI32, 1, n, d1)};
  cx_rt_cc_buffer_t res[2] = {buf(CX_ELEM_UI32, 1, n, o0), buf(CX_ELEM_UI32, 1, n, o1)};
  CX_EXPECT_OK(run("cu_threefry2x32_ffi", 4, ops, 2, res, 0, NULL));
  CX_EXPECT_EQ_I64(o0[0], 0x6b200159);
  CX_EXPECT_EQ_I64(o1[0], 0x99ba4efe);
  CX_EXPECT_EQ_I64(o0[1], 0x1cb996fc);
  CX_EXPECT_EQ_I64(o1[1], 0xbb002be7);
  CX_EXPECT_EQ_I64(o0[2], 0xc4923a9c);
  CX_EXPECT_EQ_I64(o1[2], 0x483df7a0);
  // Operands of different shapes: JAX broadcasts before the call.
  int64_t two[1] = {2};
  ops[3] = buf(CX_ELEM_UI32, 1, two, d1);
  CX_EXPECT(message_has(run("hip_threefry2x32_ffi", 4, ops, 2, res, 0, NULL), "data1"));
}

CX_TEST(pivots_to_permutation_applies_swaps_in_order) {
  // Two batches of 3 pivots into permutations of 4; the second has pivots
  // outside [0, 4), which are skipped as jaxlib's kernel does.
  int32_t piv[6] = {2, 2, 3, -1, 9, 1};
  int32_t perm[8];
  int64_t pd[2] = {2, 3}, rd[2] = {2, 4}, dyn[2] = {2, CX_RT_CC_DYNAMIC_DIM};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_SI32, 2, pd, piv)};
  cx_rt_cc_buffer_t res[1] = {buf(CX_ELEM_SI32, 2, rd, perm)};
  CX_EXPECT_OK(run("cu_lu_pivots_to_permutation", 1, ops, 1, res, 0, NULL));
  // [0 1 2 3] -> swap(0,2) [2 1 0 3] -> swap(1,2) [2 0 1 3] -> swap(2,3) [2 0 3 1];
  // the second: only swap(2,1) applies.
  static const int32_t want[8] = {2, 0, 3, 1, 0, 2, 1, 3};
  for (int i = 0; i < 8; i++) CX_EXPECT_EQ_I64(perm[i], want[i]);
  // The permutation size comes from the result type: it must be known and
  // at least the number of pivots.
  res[0] = buf(CX_ELEM_SI32, 2, dyn, NULL);
  CX_EXPECT(message_has(run("hip_lu_pivots_to_permutation", 1, ops, 1, res, 0, NULL),
                        "static last dimension"));
  int64_t small[2] = {2, 2};
  res[0] = buf(CX_ELEM_SI32, 2, small, perm);
  CX_EXPECT(message_has(run("cu_lu_pivots_to_permutation", 1, ops, 1, res, 0, NULL),
                        "at least the number of pivots"));
}

CX_TEST(gpu_potrf_takes_a_bool_and_any_type) {
  // Column-major [[4, 2], [2, 3]]: L = [[2, 0], [1, sqrt(2)]].
  float x[4] = {4, 2, 2, 3}, out[4];
  int32_t info = -7;
  int64_t d[2] = {2, 2};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F32, 2, d, x)};
  cx_rt_cc_buffer_t res[2] = {buf(CX_ELEM_F32, 2, d, out), buf(CX_ELEM_SI32, 0, NULL, &info)};
  cx_rt_cc_attr_t lower = bool_attr("lower", true);
  CX_EXPECT_OK(run("cusolver_potrf_ffi", 1, ops, 2, res, 1, &lower));
  CX_EXPECT_EQ_I64(info, 0);
  CX_EXPECT_NEAR(out[0], 2.0, 1e-6);
  CX_EXPECT_NEAR(out[1], 1.0, 1e-6);
  CX_EXPECT_NEAR(out[3], sqrt(2.0), 1e-6);
  CX_EXPECT_NEAR(out[2], 2.0, 0);  // the upper triangle keeps the input
  // The flag is a bool (not LAPACK's ui8 character) and must be present.
  CX_EXPECT(message_has(run("hipsolver_potrf_ffi", 1, ops, 2, res, 0, NULL),
                        "'hipsolver_potrf_ffi': missing attribute 'lower'"));
  // Errors of the LAPACK routine name both targets.
  int64_t wide[2] = {2, 3};
  cx_rt_cc_buffer_t bad[1] = {buf(CX_ELEM_F32, 2, wide, x)};
  CX_EXPECT(message_has(run("cusolver_potrf_ffi", 1, bad, 2, res, 1, &lower),
                        "(run as lapack_spotrf_ffi)"));
  int32_t ints[4] = {0};
  cx_rt_cc_buffer_t i32[1] = {buf(CX_ELEM_SI32, 2, d, ints)};
  CX_EXPECT(message_has(run("cusolver_potrf_ffi", 1, i32, 2, res, 1, &lower),
                        "must be f32, f64, complex<f32> or complex<f64>"));
}

CX_TEST(gpu_solvers_resolve_every_element_type) {
  // Each GPU solver target finds its LAPACK routine for all four types:
  // prepare on a 2x2 matrix (and tau) of each.
  static const cx_elem_t kTypes[4] = {CX_ELEM_F32, CX_ELEM_F64, CX_ELEM_C64, CX_ELEM_C128};
  static const char* const kTargets[] = {"cusolver_potrf_ffi", "cusolver_getrf_ffi",
                                         "cusolver_geqrf_ffi", "cusolver_orgqr_ffi",
                                         "cusolver_syevd_ffi", "cusolver_sytrd_ffi"};
  static const uint32_t kResults[] = {2, 3, 2, 1, 3, 5};
  int64_t mat[2] = {2, 2}, vec[1] = {2}, one[1] = {1}, dyn[2] = {CX_RT_CC_DYNAMIC_DIM,
                                                                 CX_RT_CC_DYNAMIC_DIM};
  cx_rt_cc_attr_t attrs[1] = {bool_attr("lower", false)};
  for (int t = 0; t < 4; t++) {
    cx_elem_t e = kTypes[t];
    cx_elem_t re = e == CX_ELEM_C64 ? CX_ELEM_F32 : e == CX_ELEM_C128 ? CX_ELEM_F64 : e;
    for (size_t k = 0; k < sizeof(kTargets) / sizeof(kTargets[0]); k++) {
      bool is_orgqr = strstr(kTargets[k], "orgqr") != NULL;
      cx_rt_cc_buffer_t ops[2] = {buf(e, 2, mat, NULL), buf(e, 1, vec, NULL)};
      cx_rt_cc_buffer_t res[5];
      res[0] = buf(e, 2, dyn, NULL);
      if (strstr(kTargets[k], "potrf")) {
        res[1] = buf(CX_ELEM_SI32, 0, NULL, NULL);
      } else if (strstr(kTargets[k], "getrf")) {
        res[1] = buf(CX_ELEM_SI32, 1, vec, NULL);
        res[2] = buf(CX_ELEM_SI32, 0, NULL, NULL);
      } else if (strstr(kTargets[k], "geqrf")) {
        res[1] = buf(e, 1, vec, NULL);
      } else if (strstr(kTargets[k], "syevd")) {
        res[1] = buf(re, 1, vec, NULL);
        res[2] = buf(CX_ELEM_SI32, 0, NULL, NULL);
      } else if (strstr(kTargets[k], "sytrd")) {
        res[1] = buf(re, 1, vec, NULL);
        res[2] = buf(re, 1, one, NULL);
        res[3] = buf(e, 1, one, NULL);
        res[4] = buf(CX_ELEM_SI32, 0, NULL, NULL);
      }
      cx_rt_cc_call_t c = {cx_rt_cc_target_find(kTargets[k]), is_orgqr ? 2u : 1u, ops,
                           kResults[k], res, 1, attrs};
      CX_EXPECT(c.target != NULL);
      cx_status_t st = c.target->prepare(&c);
      if (st) fprintf(stderr, "  %s %s: %s\n", kTargets[k], cx_elem_name(e), cx_status_message(st));
      CX_EXPECT(st == NULL);
      cx_status_free(st);
      CX_EXPECT_EQ_I64(res[0].dims[0], 2);
    }
  }
}

CX_TEST(gtsv2_solves_and_keeps_the_bands) {
  // [[2 1 0] [1 2 1] [0 1 2]] x = [1 2 3]: x = [0.5, 0, 1.5].
  double dl[3] = {0, 1, 1}, d[3] = {2, 2, 2}, du[3] = {1, 1, 0}, b[3] = {1, 2, 3}, x[3];
  int64_t n[1] = {3}, bd[2] = {3, 1};
  cx_rt_cc_buffer_t ops[4] = {buf(CX_ELEM_F64, 1, n, dl), buf(CX_ELEM_F64, 1, n, d),
                              buf(CX_ELEM_F64, 1, n, du), buf(CX_ELEM_F64, 2, bd, b)};
  cx_rt_cc_buffer_t res[1] = {buf(CX_ELEM_F64, 2, bd, x)};
  CX_EXPECT_OK(run("cusparse_gtsv2_ffi", 4, ops, 1, res, 0, NULL));
  CX_EXPECT_NEAR(x[0], 0.5, 1e-14);
  CX_EXPECT_NEAR(x[1], 0.0, 1e-14);
  CX_EXPECT_NEAR(x[2], 1.5, 1e-14);
  // The operands are inputs: LAPACK's factorization went to scratch.
  CX_EXPECT_NEAR(d[1], 2.0, 0);
  CX_EXPECT_NEAR(dl[1], 1.0, 0);
  CX_EXPECT_NEAR(b[2], 3.0, 0);
}

CX_TEST(legacy_syevd_reads_its_descriptor) {
  // [[2 1] [1 2]]: eigenvalues 1 and 3. jaxlib's descriptor: type f32 (0),
  // fill mode lower (122), batch 1, n 2, lwork 5.
  float a[4] = {2, 1, 1, 2}, v[4], w[2], work[5];
  int32_t info = -7;
  int32_t desc[5] = {0, 122, 1, 2, 5};
  cx_rt_cc_attr_t cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.name = "backend_config";
  cfg.kind = CX_RT_CC_ATTR_STRING;
  cfg.str.data = (const char*)desc;
  cfg.str.len = sizeof(desc);
  int64_t d[2] = {2, 2}, wd[1] = {2}, kd[1] = {5};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F32, 2, d, a)};
  cx_rt_cc_buffer_t res[4] = {buf(CX_ELEM_F32, 2, d, v), buf(CX_ELEM_F32, 1, wd, w),
                              buf(CX_ELEM_SI32, 0, NULL, &info), buf(CX_ELEM_F32, 1, kd, work)};
  CX_EXPECT(cx_rt_cc_target_find("hipsolver_syevd")->opaque_config);
  CX_EXPECT(!cx_rt_cc_target_find("hipsolver_syevd_ffi")->opaque_config);
  CX_EXPECT_OK(run("hipsolver_syevd", 1, ops, 4, res, 1, &cfg));
  CX_EXPECT_EQ_I64(info, 0);
  CX_EXPECT_NEAR(w[0], 1.0, 1e-6);
  CX_EXPECT_NEAR(w[1], 3.0, 1e-6);
  CX_EXPECT_NEAR(fabs(v[0]), sqrt(0.5), 1e-6);
  // A descriptor that disagrees with the operand is refused.
  desc[0] = 1;  // f64
  CX_EXPECT(message_has(run("hipsolver_syevj", 1, ops, 4, res, 1, &cfg), "does not match"));
  desc[0] = 0;
  desc[1] = 0;  // cuSOLVER's lower, not hipSOLVER's
  CX_EXPECT(message_has(run("hipsolver_syevd", 1, ops, 4, res, 1, &cfg), "fill mode 0"));
  desc[1] = 122;
  desc[3] = 3;
  CX_EXPECT(message_has(run("hipsolver_syevd", 1, ops, 4, res, 1, &cfg), "n 3"));
  cfg.str.len = 12;
  CX_EXPECT(message_has(run("hipsolver_syevd", 1, ops, 4, res, 1, &cfg), "20-byte descriptor"));
}

CX_TEST(tpu_lu_is_row_major_with_zero_based_pivots) {
  // Row-major [[1 2] [3 4]]: row 1 is the first pivot; L = [[1 0] [1/3 1]],
  // U = [[3 4] [0 2/3]].
  double a[4] = {1, 2, 3, 4}, lu[4];
  int32_t piv[2], perm[2];
  int64_t d[2] = {2, 2}, k[1] = {2};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F64, 2, d, a)};
  cx_rt_cc_buffer_t res[3] = {buf(CX_ELEM_F64, 2, d, lu), buf(CX_ELEM_SI32, 1, k, piv),
                              buf(CX_ELEM_SI32, 1, k, perm)};
  CX_EXPECT_OK(run("LuDecomposition", 1, ops, 3, res, 0, NULL));
  CX_EXPECT_NEAR(lu[0], 3.0, 1e-15);
  CX_EXPECT_NEAR(lu[1], 4.0, 1e-15);
  CX_EXPECT_NEAR(lu[2], 1.0 / 3, 1e-15);
  CX_EXPECT_NEAR(lu[3], 2.0 / 3, 1e-15);
  CX_EXPECT_EQ_I64(piv[0], 1);
  CX_EXPECT_EQ_I64(piv[1], 1);
  CX_EXPECT_EQ_I64(perm[0], 1);
  CX_EXPECT_EQ_I64(perm[1], 0);
}

CX_TEST(tpu_qr_and_householder_product_reconstruct) {
  // Row-major 3x2 A; Qr then ProductOfElementaryHouseholderReflectors give
  // Q (3x2, orthonormal columns) and R (upper triangle of Qr's a_out) with
  // Q R = A.
  float a[6] = {1, 2, 3, 4, 5, 7}, qr[6], tau[2], q[6];
  int64_t d[2] = {3, 2}, k[1] = {2};
  cx_rt_cc_buffer_t ops[1] = {buf(CX_ELEM_F32, 2, d, a)};
  cx_rt_cc_buffer_t res[2] = {buf(CX_ELEM_F32, 2, d, qr), buf(CX_ELEM_F32, 1, k, tau)};
  CX_EXPECT_OK(run("Qr", 1, ops, 2, res, 0, NULL));
  cx_rt_cc_buffer_t hops[2] = {buf(CX_ELEM_F32, 2, d, qr), buf(CX_ELEM_F32, 1, k, tau)};
  cx_rt_cc_buffer_t hres[1] = {buf(CX_ELEM_F32, 2, d, q)};
  CX_EXPECT_OK(run("ProductOfElementaryHouseholderReflectors", 2, hops, 1, hres, 0, NULL));
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 2; j++) {
      double s = 0;
      for (int l = 0; l <= j; l++) s += q[i * 2 + l] * qr[l * 2 + j];  // R is upper
      CX_EXPECT_NEAR(s, a[i * 2 + j], 1e-5);
    }
  for (int j = 0; j < 2; j++)
    for (int l = 0; l < 2; l++) {
      double s = 0;
      for (int i = 0; i < 3; i++) s += q[i * 2 + j] * q[i * 2 + l];
      CX_EXPECT_NEAR(s, j == l ? 1.0 : 0.0, 1e-6);
    }
}

int main(void) {
  CX_RUN(threefry_matches_known_answers);
  CX_RUN(pivots_to_permutation_applies_swaps_in_order);
  CX_RUN(gpu_potrf_takes_a_bool_and_any_type);
  CX_RUN(gpu_solvers_resolve_every_element_type);
  CX_RUN(gtsv2_solves_and_keeps_the_bands);
  CX_RUN(legacy_syevd_reads_its_descriptor);
  CX_RUN(tpu_lu_is_row_major_with_zero_based_pivots);
  CX_RUN(tpu_qr_and_householder_product_reconstruct);
  return CX_TEST_EXIT();
}
