// Shared pieces of the LAPACK/BLAS targets (see lapack_util.h).
#include "runtime/custom_calls/lapack_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cx_status_t cx_rt_lapack_int(const cx_rt_cc_call_t* c, int64_t v, const char* what,
                             lapack_int* out) {
  if (v < 0 || v > INT32_MAX)
    return cx_rt_cc_error(c, CX_OUT_OF_RANGE, "%s = %lld does not fit LAPACK's 32-bit integers",
                          what, (long long)v);
  *out = (lapack_int)v;
  return NULL;
}

cx_status_t cx_rt_lapack_matrix(const cx_rt_cc_call_t* c, uint32_t i, bool square,
                                cx_rt_lapack_matrix_t* out) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, i, c->target->elem, 2));
  const cx_rt_cc_buffer_t* b = &c->operands[i];
  out->nb = b->rank - 2;
  out->batch = b->dims;
  out->count = cx_rt_cc_batch_count(b, out->nb);
  if (out->count < 0)
    return cx_rt_cc_error(c, CX_OUT_OF_RANGE, "operand #%u has too many elements", i);
  CX_RETURN_IF_ERROR(cx_rt_lapack_int(c, b->dims[b->rank - 2], "rows", &out->rows));
  CX_RETURN_IF_ERROR(cx_rt_lapack_int(c, b->dims[b->rank - 1], "columns", &out->cols));
  out->size = (int64_t)out->rows * out->cols;
  if (square && out->rows != out->cols)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "operand #%u must be square matrices, got %dx%d",
                          i, (int)out->rows, (int)out->cols);
  if (out->size != 0 && out->count > INT64_MAX / 16 / out->size)
    return cx_rt_cc_error(c, CX_OUT_OF_RANGE, "operand #%u has too many elements", i);
  return NULL;
}

bool cx_rt_lapack_is_batched_vector(const cx_rt_cc_buffer_t* b, const cx_rt_lapack_matrix_t* m,
                                    int64_t len) {
  bool ok = b->rank == m->nb + 1 && b->dims[m->nb] == len;
  for (uint32_t d = 0; ok && d < m->nb; d++) ok = b->dims[d] == m->batch[d];
  return ok;
}

cx_status_t cx_rt_lapack_expect_batched(const cx_rt_cc_call_t* c, uint32_t i,
                                        const cx_rt_lapack_matrix_t* m, cx_elem_t elem, int ntail,
                                        int64_t d0, int64_t d1) {
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = cx_rt_cc_shape(m->nb, m->batch, ntail, d0, d1, dims);
  return cx_rt_cc_expect_result(c, i, elem, rank, dims);
}

lapack_int cx_rt_lapack_query_size(cx_elem_t e, const void* work0, lapack_int min) {
  double v;
  if (e == CX_ELEM_F32 || e == CX_ELEM_C64) {
    float f;
    memcpy(&f, work0, sizeof(f));
    v = f;
  } else {
    memcpy(&v, work0, sizeof(v));
  }
  // LAPACK returns the size as a float; a huge or garbage value falls back to
  // the documented minimum rather than overflowing.
  if (!(v >= (double)min) || v > (double)INT32_MAX) return min;
  return (lapack_int)v;
}

void* cx_rt_lapack_alloc(cx_elem_t e, int64_t n) {
  if (n < 1) n = 1;
  size_t es = cx_rt_cc_elem_size(e);
  if ((uint64_t)n > SIZE_MAX / es) return NULL;
  return cx_calloc(cx_allocator_system(), (size_t)n, es);
}

bool cx_rt_lapack_all_finite(cx_elem_t e, const void* p, int64_t n) {
  int64_t count = (e == CX_ELEM_C64 || e == CX_ELEM_C128) ? 2 * n : n;
  if (e == CX_ELEM_F32 || e == CX_ELEM_C64) {
    const float* f = p;
    for (int64_t i = 0; i < count; i++)
      if (!isfinite(f[i])) return false;
  } else {
    const double* d = p;
    for (int64_t i = 0; i < count; i++)
      if (!isfinite(d[i])) return false;
  }
  return true;
}

// The LAPACK letter of a working type, or 0.
static char lapack_letter(cx_elem_t e) {
  switch (e) {
    case CX_ELEM_F32:
      return 's';
    case CX_ELEM_F64:
      return 'd';
    case CX_ELEM_C64:
      return 'c';
    case CX_ELEM_C128:
      return 'z';
    default:
      return 0;
  }
}

cx_status_t cx_rt_lapack_target_for(const cx_rt_cc_call_t* c, const char* real_name,
                                    const char* complex_name, const cx_rt_cc_target_t** out) {
  *out = NULL;
  if (c->num_operands == 0)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "expects at least one operand");
  cx_elem_t e = c->operands[0].elem;
  char letter = lapack_letter(e);
  if (!letter)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "operand #0 must be f32, f64, complex<f32> or complex<f64>, got %s",
                          cx_elem_name(e));
  bool is_complex = e == CX_ELEM_C64 || e == CX_ELEM_C128;
  char name[64];
  snprintf(name, sizeof(name), "lapack_%c%s_ffi", letter, is_complex ? complex_name : real_name);
  *out = cx_rt_cc_target_find(name);
  // Callers name only routines the registry has (custom_call_test runs each).
  if (!*out) return cx_rt_cc_error(c, CX_INTERNAL, "no LAPACK target '%s'", name);
  return NULL;
}
