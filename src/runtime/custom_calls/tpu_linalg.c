// XLA's TPU linear-algebra custom calls, run on the CPU through the LAPACK
// targets of this registry. JAX's TPU lowerings emit them
// (jax/_src/lax/linalg.py); XLA:TPU expands them itself.
//
//   Qr                  (a [batch..., m, n]) -> (a_out [batch..., m, n],
//                       taus [batch..., min(m, n)]): LAPACK's geqrf (R on and
//                       above the diagonal, Householder vectors below).
//   ProductOfElementaryHouseholderReflectors
//                       (a [batch..., m, n], taus [batch..., k]) ->
//                       q [batch..., m, n]: the first n columns of
//                       H(0) ... H(k-1), LAPACK's orgqr/ungqr (m >= n >= k).
//   LuDecomposition     (a [batch..., m, n]) -> (lu [batch..., m, n],
//                       pivots [batch..., min(m, n)] i32, 0-based row swaps,
//                       permutation [batch..., m] i32): LAPACK's getrf, the
//                       permutation applying the swaps to the identity.
//
// Older exports (2023) declare the results as one tuple; the interpreter's
// adapter flattens it. Unlike jaxlib's targets these carry no layouts, so
// their buffers are XLA's default, row-major: each matrix is transposed to
// LAPACK's column-major order around the call.
#include <stdlib.h>
#include <string.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

// Copies `count` m x n matrices between row-major (rm) and column-major
// (cm) order.
static void transpose_batch(const cx_rt_lapack_matrix_t* m, size_t es, const char* src, char* dst,
                            bool to_column_major) {
  int64_t rows = m->rows, cols = m->cols;
  for (int64_t b = 0; b < m->count; b++) {
    const char* s = src + (size_t)(b * m->size) * es;
    char* d = dst + (size_t)(b * m->size) * es;
    for (int64_t i = 0; i < rows; i++)
      for (int64_t j = 0; j < cols; j++) {
        size_t rm = (size_t)(i * cols + j) * es, cm = (size_t)(j * rows + i) * es;
        if (to_column_major)
          memcpy(d + cm, s + rm, es);
        else
          memcpy(d + rm, s + cm, es);
      }
  }
}

// Operand 0 (row-major) as a column-major copy, in a buffer owned by the
// caller (cx_rt_lapack_free).
static cx_status_t column_major_operand(const cx_rt_cc_call_t* c, const cx_rt_lapack_matrix_t* m,
                                        cx_rt_cc_buffer_t* out) {
  *out = c->operands[0];
  out->data = cx_rt_lapack_alloc(out->elem, out->num_elements);
  if (!out->data) return CX_OOM();
  transpose_batch(m, cx_rt_cc_elem_size(out->elem), c->operands[0].data, out->data, true);
  return NULL;
}

// A column-major scratch result shaped like result i.
static cx_status_t scratch_result(const cx_rt_cc_call_t* c, uint32_t i, cx_rt_cc_buffer_t* out) {
  *out = c->results[i];
  out->data = cx_rt_lapack_alloc(out->elem, out->num_elements);
  return out->data ? NULL : CX_OOM();
}

static cx_status_t describe(const cx_rt_cc_call_t* c, cx_rt_lapack_matrix_t* m) {
  if (c->num_operands == 0)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "expects at least one operand");
  cx_rt_cc_call_t typed = *c;
  // cx_rt_lapack_matrix checks the operand against the target's element
  // type; these targets take it from the operand.
  cx_rt_cc_target_t t = *c->target;
  t.elem = c->operands[0].elem;
  typed.target = &t;
  cx_status_t st = cx_rt_lapack_matrix(&typed, 0, false, m);
  if (st) return cx_status_prefix(st, "custom-call target '%s'", c->target->name);
  return NULL;
}

// ---- Qr and ProductOfElementaryHouseholderReflectors ------------------------------------

// A target that is LAPACK's `real_name`/`complex_name` on row-major data:
// operand 0 and result 0 go through column-major copies, the other operands
// and results (at most one more operand, two more results) pass as they are.
static cx_status_t run_transposed(const cx_rt_cc_call_t* c, const char* real_name,
                                  const char* complex_name, uint32_t nops, uint32_t nres,
                                  bool execute) {
  const cx_rt_cc_target_t* t;
  CX_RETURN_IF_ERROR(cx_rt_lapack_target_for(c, real_name, complex_name, &t));
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, nops, nres, nres));
  if (!execute) {
    cx_rt_cc_call_t sub = {t, nops, c->operands, nres, c->results, 0, NULL};
    return cx_rt_cc_run_as(c, &sub, false);
  }
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(describe(c, &m));
  cx_rt_cc_buffer_t ops[2], r[3];
  memcpy(ops, c->operands, nops * sizeof(ops[0]));
  memcpy(r, c->results, nres * sizeof(r[0]));
  CX_RETURN_IF_ERROR(column_major_operand(c, &m, &ops[0]));
  cx_status_t st = scratch_result(c, 0, &r[0]);
  if (!st) {
    cx_rt_cc_call_t sub = {t, nops, ops, nres, r, 0, NULL};
    st = cx_rt_cc_run_as(c, &sub, true);
  }
  if (!st)
    transpose_batch(&m, cx_rt_cc_elem_size(r[0].elem), r[0].data, c->results[0].data, false);
  cx_rt_lapack_free(ops[0].data);
  cx_rt_lapack_free(r[0].data);
  return st;
}

static cx_status_t qr_prepare(const cx_rt_cc_call_t* c) {
  return run_transposed(c, "geqrf", "geqrf", 1, 2, false);
}
static cx_status_t qr_execute(const cx_rt_cc_call_t* c) {
  return run_transposed(c, "geqrf", "geqrf", 1, 2, true);
}
static cx_status_t householder_prepare(const cx_rt_cc_call_t* c) {
  return run_transposed(c, "orgqr", "ungqr", 2, 1, false);
}
static cx_status_t householder_execute(const cx_rt_cc_call_t* c) {
  return run_transposed(c, "orgqr", "ungqr", 2, 1, true);
}

// ---- LuDecomposition --------------------------------------------------------------------

// getrf's results: lu (column-major scratch), ipiv (= our pivots), info
// (scratch, [batch...]).
typedef struct lu_results {
  cx_rt_cc_buffer_t r[3];
} lu_results_t;

static void lu_results_init(const cx_rt_cc_call_t* c, const cx_rt_lapack_matrix_t* m,
                            lu_results_t* g) {
  memset(g, 0, sizeof(*g));
  g->r[0] = c->results[0];
  g->r[1] = c->results[1];
  g->r[2].elem = CX_ELEM_SI32;
  g->r[2].rank = m->nb;
  memcpy(g->r[2].dims, m->batch, m->nb * sizeof(int64_t));
  g->r[2].num_elements = m->count;
}

// The getrf target, the operand and getrf's results for both phases.
static cx_status_t lu_begin(const cx_rt_cc_call_t* c, const cx_rt_cc_target_t** t,
                            cx_rt_lapack_matrix_t* m, lu_results_t* g) {
  CX_RETURN_IF_ERROR(cx_rt_lapack_target_for(c, "getrf", "getrf", t));
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 3, 3));
  CX_RETURN_IF_ERROR(describe(c, m));
  lu_results_init(c, m, g);
  return NULL;
}

static cx_status_t lu_prepare(const cx_rt_cc_call_t* c) {
  const cx_rt_cc_target_t* t;
  cx_rt_lapack_matrix_t m;
  lu_results_t g;
  CX_RETURN_IF_ERROR(lu_begin(c, &t, &m, &g));
  cx_rt_cc_call_t sub = {t, 1, c->operands, 3, g.r, 0, NULL};
  CX_RETURN_IF_ERROR(cx_rt_cc_run_as(c, &sub, false));
  for (uint32_t i = 0; i < 2; i++)
    CX_RETURN_IF_ERROR(cx_rt_cc_expect_result(c, i, g.r[i].elem, g.r[i].rank, g.r[i].dims));
  return cx_rt_lapack_expect_batched(c, 2, &m, CX_ELEM_SI32, 1, m.rows, 0);
}

static cx_status_t lu_execute(const cx_rt_cc_call_t* c) {
  const cx_rt_cc_target_t* t;
  cx_rt_lapack_matrix_t m;
  lu_results_t g;
  CX_RETURN_IF_ERROR(lu_begin(c, &t, &m, &g));
  cx_rt_cc_buffer_t a;
  CX_RETURN_IF_ERROR(column_major_operand(c, &m, &a));
  cx_status_t st = scratch_result(c, 0, &g.r[0]);
  if (!st) {
    g.r[2].data = cx_rt_lapack_alloc(CX_ELEM_SI32, m.count);
    if (!g.r[2].data) st = CX_OOM();
  }
  if (!st) {
    cx_rt_cc_call_t sub = {t, 1, &a, 3, g.r, 0, NULL};
    st = cx_rt_cc_run_as(c, &sub, true);
  }
  if (!st) {
    transpose_batch(&m, cx_rt_cc_elem_size(a.elem), g.r[0].data, c->results[0].data, false);
    // A singular matrix (info > 0) still has its factors and pivots, as on
    // the TPU; JAX checks for non-finite values itself.
    int64_t k = cx_rt_lapack_min(m.rows, m.cols);
    int32_t* piv = c->results[1].data;
    int32_t* perm = c->results[2].data;
    for (int64_t b = 0; b < m.count; b++) {
      int32_t* p = piv + b * k;
      int32_t* q = perm + b * m.rows;
      for (int64_t i = 0; i < k; i++) p[i] -= 1;  // LAPACK's are 1-based
      for (int64_t i = 0; i < m.rows; i++) q[i] = (int32_t)i;
      for (int64_t i = 0; i < k; i++) {
        int32_t j = p[i], tmp = q[i];
        q[i] = q[j];
        q[j] = tmp;
      }
    }
  }
  cx_rt_lapack_free(a.data);
  cx_rt_lapack_free(g.r[0].data);
  cx_rt_lapack_free(g.r[2].data);
  return st;
}

#define TPU_ANY CX_ELEM_INVALID  // element type taken from the operand

CX_RT_CC_FAMILY(tpu_linalg,
    {"Qr", TPU_ANY, qr_prepare, qr_execute, false},
    {"ProductOfElementaryHouseholderReflectors", TPU_ANY, householder_prepare,
     householder_execute, false},
    {"LuDecomposition", TPU_ANY, lu_prepare, lu_execute, false});
