// General (non-symmetric) eigendecomposition: jaxlib's lapack_{s,d,c,z}geev_ffi.
//
//   operands: x [batch..., n, n]
//   attrs:    compute_left, compute_right ('V' or 'N', ui8): which
//             eigenvectors to compute
//   results (real x):    wr [batch..., n], wi [batch..., n] (eigenvalues'
//                        real and imaginary parts), vl, vr [batch..., n, n]
//                        complex, info [batch...] i32
//   results (complex x): w [batch..., n], vl, vr [batch..., n, n],
//                        info [batch...] i32
//
// Eigenvectors are columns, normalised to unit 2-norm with the largest
// component real (LAPACK's convention). For real x LAPACK stores a complex
// conjugate pair (wi[j] > 0) as two real columns v_j = a + ib, v_j+1 = a - ib;
// jaxlib unpacks them into complex columns, and so do we. A matrix with a
// non-finite entry is not passed to LAPACK: its info is -4, as in jaxlib.
#include <stdlib.h>
#include <string.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int geev_real(cx_elem_t e, char jobvl, char jobvr, lapack_int n, void* a, void* wr,
                            void* wi, void* vl, void* vr, void* work, lapack_int lwork) {
  lapack_int ld = cx_rt_lapack_max(1, n);
  if (e == CX_ELEM_F32)
    return LAPACKE_sgeev_work(LAPACK_COL_MAJOR, jobvl, jobvr, n, a, ld, wr, wi, vl, ld, vr, ld,
                              work, lwork);
  return LAPACKE_dgeev_work(LAPACK_COL_MAJOR, jobvl, jobvr, n, a, ld, wr, wi, vl, ld, vr, ld, work,
                            lwork);
}

static lapack_int geev_complex(cx_elem_t e, char jobvl, char jobvr, lapack_int n, void* a, void* w,
                               void* vl, void* vr, void* work, lapack_int lwork, void* rwork) {
  lapack_int ld = cx_rt_lapack_max(1, n);
  if (e == CX_ELEM_C64)
    return LAPACKE_cgeev_work(LAPACK_COL_MAJOR, jobvl, jobvr, n, a, ld, w, vl, ld, vr, ld, work,
                              lwork, rwork);
  return LAPACKE_zgeev_work(LAPACK_COL_MAJOR, jobvl, jobvr, n, a, ld, w, vl, ld, vr, ld, work,
                            lwork, rwork);
}

static bool is_complex(cx_elem_t e) {
  return e == CX_ELEM_C64 || e == CX_ELEM_C128;
}

static cx_status_t geev_check(const cx_rt_cc_call_t* c, char* jobvl, char* jobvr,
                              cx_rt_lapack_matrix_t* m) {
  uint32_t nres = is_complex(c->target->elem) ? 4 : 5;
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, nres, nres));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "compute_left", "VN", jobvl));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "compute_right", "VN", jobvr));
  return cx_rt_lapack_matrix(c, 0, true, m);
}

static cx_status_t geev_prepare(const cx_rt_cc_call_t* c) {
  char jobvl, jobvr;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(geev_check(c, &jobvl, &jobvr, &m));
  cx_elem_t e = c->target->elem, ce = cx_rt_cc_complex_elem(e);
  uint32_t i = 0;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, e, 1, m.rows, 0));
  if (!is_complex(e)) CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, e, 1, m.rows, 0));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, ce, 2, m.rows, m.rows));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, ce, 2, m.rows, m.rows));
  return cx_rt_lapack_expect_batched(c, i, &m, CX_ELEM_SI32, 0, 0, 0);
}

// Real LAPACK eigenvectors (n x n, column-major) into complex columns.
static void unpack_vectors(cx_elem_t e, lapack_int n, const void* wi, const void* v, void* out) {
  cx_elem_t ce = cx_rt_cc_complex_elem(e);
  memset(out, 0, (size_t)n * (size_t)n * cx_rt_cc_elem_size(ce));
  for (lapack_int j = 0; j < n; j++) {
    double imag = e == CX_ELEM_F32 ? ((const float*)wi)[j] : ((const double*)wi)[j];
    bool pair = imag != 0 && j + 1 < n;
    for (lapack_int r = 0; r < n; r++) {
      int64_t k = (int64_t)j * n + r, k1 = k + n;
      if (e == CX_ELEM_F32) {
        const float* s = v;
        float* d = out;
        d[2 * k] = s[k];
        d[2 * k + 1] = pair ? s[k1] : 0.0f;
        if (pair) {
          d[2 * k1] = s[k];
          d[2 * k1 + 1] = -s[k1];
        }
      } else {
        const double* s = v;
        double* d = out;
        d[2 * k] = s[k];
        d[2 * k + 1] = pair ? s[k1] : 0.0;
        if (pair) {
          d[2 * k1] = s[k];
          d[2 * k1 + 1] = -s[k1];
        }
      }
    }
    if (pair) j++;
  }
}

static cx_status_t geev_execute(const cx_rt_cc_call_t* c) {
  char jobvl, jobvr;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(geev_check(c, &jobvl, &jobvr, &m));
  cx_elem_t e = c->target->elem, re = cx_rt_cc_real_elem(e), ce = cx_rt_cc_complex_elem(e);
  bool cplx = is_complex(e);
  lapack_int n = m.rows;
  int32_t* info = c->results[cplx ? 3 : 4].data;
  if (!cx_rt_lapack_has_work(info, m.count, n)) return NULL;
  cx_status_t st = NULL;
  void* a = cx_rt_lapack_alloc(e, m.size);
  void* rwork = cplx ? cx_rt_lapack_alloc(re, 2 * (int64_t)n) : NULL;
  // Real x: LAPACK's packed real eigenvectors, unpacked afterwards.
  void* vl = cplx ? NULL : cx_rt_lapack_alloc(e, m.size);
  void* vr = cplx ? NULL : cx_rt_lapack_alloc(e, m.size);
  void* work = NULL;
  if (!a || (cplx && !rwork) || (!cplx && (!vl || !vr))) {
    st = CX_OOM();
    goto out;
  }
  double query[2] = {0, 0};  // room for one element of any type
  if (cplx)
    geev_complex(e, jobvl, jobvr, n, NULL, NULL, NULL, NULL, (void*)query, -1, rwork);
  else
    geev_real(e, jobvl, jobvr, n, NULL, NULL, NULL, NULL, NULL, (void*)query, -1);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, cplx ? 2 * n : 4 * n);
  work = cx_rt_lapack_alloc(e, lwork);
  if (!work) {
    st = CX_OOM();
    goto out;
  }
  for (int64_t b = 0; b < m.count; b++) {
    memcpy(a, cx_rt_lapack_at(c->operands[0].data, e, b * m.size),
           (size_t)m.size * cx_rt_cc_elem_size(e));
    if (!cx_rt_lapack_all_finite(e, a, m.size)) {
      info[b] = -4;
      continue;
    }
    if (cplx) {
      void* w = cx_rt_lapack_at(c->results[0].data, e, b * n);
      void* l = cx_rt_lapack_at(c->results[1].data, e, b * m.size);
      void* r = cx_rt_lapack_at(c->results[2].data, e, b * m.size);
      info[b] = cx_rt_lapack_info(geev_complex(e, jobvl, jobvr, n, a, w, l, r, work, lwork, rwork));
    } else {
      void* wr = cx_rt_lapack_at(c->results[0].data, e, b * n);
      void* wi = cx_rt_lapack_at(c->results[1].data, e, b * n);
      info[b] = cx_rt_lapack_info(geev_real(e, jobvl, jobvr, n, a, wr, wi, vl, vr, work, lwork));
      if (info[b] == 0) {
        unpack_vectors(e, n, wi, vl, cx_rt_lapack_at(c->results[2].data, ce, b * m.size));
        unpack_vectors(e, n, wi, vr, cx_rt_lapack_at(c->results[3].data, ce, b * m.size));
      }
    }
  }
out:
  cx_rt_lapack_free(a);
  cx_rt_lapack_free(rwork);
  cx_rt_lapack_free(vl);
  cx_rt_lapack_free(vr);
  cx_rt_lapack_free(work);
  return st;
}

CX_RT_CC_FAMILY(eig, CX_RT_LAPACK_TARGETS("lapack", "geev", "geev", geev_prepare, geev_execute));
