// Buffer views (include/cxla/buffer.h).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/allocator.h"
#include "cxla/buffer.h"
#include "support/checked.h"
#include "support/float_formats.h"
#include "support/scalar.h"

int64_t cx_buffer_view_num_elements(const cx_buffer_view_t* v) {
  int64_t n = 1;
  for (uint32_t i = 0; i < v->rank; i++)
    if (v->dims[i] < 0 || !cx_mul_i64(n, v->dims[i], &n)) return -1;
  return n;
}

cx_status_t cx_buffer_view_allocate(cx_elem_t elem, uint32_t rank, const int64_t* dims,
                                    cx_buffer_view_t* out) {
  memset(out, 0, sizeof(*out));
  if (rank > CX_MAX_RANK) return CX_ERROR(CX_UNIMPLEMENTED, "rank %u exceeds %d", rank, CX_MAX_RANK);
  out->elem = elem;
  out->rank = rank;
  if (rank) memcpy(out->dims, dims, rank * sizeof(int64_t));
  int64_t n = cx_buffer_view_num_elements(out);
  size_t bytes;
  if (n < 0 || !cx_mul_size((size_t)n, cx_elem_storage_size(elem), &bytes))
    return CX_ERROR(CX_OUT_OF_MEMORY, "buffer size overflows");
  out->nbytes = bytes;
  if (bytes) {
    out->data = cx_calloc(cx_allocator_system(), 1, bytes);
    if (!out->data) return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
  }
  return NULL;
}

cx_status_t cx_buffer_view_wrap(cx_elem_t elem, uint32_t rank, const int64_t* dims, void* data,
                                size_t nbytes, cx_buffer_view_t* out) {
  memset(out, 0, sizeof(*out));
  if (elem <= CX_ELEM_INVALID || elem >= CX_ELEM_INDEX)
    return CX_ERROR(CX_INVALID_ARGUMENT, "buffer view: unknown element type %d", (int)elem);
  if (rank > CX_MAX_RANK)
    return CX_ERROR(CX_INVALID_ARGUMENT, "buffer view: rank %u exceeds %d", rank, CX_MAX_RANK);
  out->elem = elem;
  out->rank = rank;
  if (rank) memcpy(out->dims, dims, rank * sizeof(int64_t));
  int64_t n = cx_buffer_view_num_elements(out);
  size_t want;
  if (n < 0 || !cx_mul_size((size_t)n, cx_elem_storage_size(elem), &want)) {
    memset(out, 0, sizeof(*out));
    return CX_ERROR(CX_INVALID_ARGUMENT, "buffer view: negative dim or size overflow");
  }
  if (nbytes != want || (want && !data)) {
    memset(out, 0, sizeof(*out));
    return CX_ERROR(CX_INVALID_ARGUMENT, "buffer view: %zu bytes of %s for a shape of %zu bytes",
                    data ? nbytes : 0, cx_elem_name(elem), want);
  }
  out->data = data;
  out->nbytes = nbytes;
  return NULL;
}

void cx_buffer_view_free_data(cx_buffer_view_t* v) {
  cx_free(cx_allocator_system(), v->data);
  v->data = NULL;
  v->nbytes = 0;
}

void cx_buffer_view_fill(cx_buffer_view_t* v, double value) {
  int64_t n = cx_buffer_view_num_elements(v);
  size_t esize = cx_elem_storage_size(v->elem);
  if (n <= 0 || !v->data || v->nbytes < (size_t)n * esize) return;
  // One element in the view's kind, then copies of it.
  unsigned char one[16] = {0};
  if (cx_elem_is_float(v->elem)) {
    cx_store_float(v->elem, one, value);
  } else if (cx_elem_is_complex(v->elem)) {
    cx_store_complex(v->elem, one, (cx_complex_t){value, 0});
  } else if (v->elem == CX_ELEM_I1) {
    cx_store_int(v->elem, one, value != 0);
  } else {
    cx_store_int(v->elem, one, cx_scalar_float_to_int(value, v->elem));
  }
  for (int64_t i = 0; i < n; i++) memcpy((char*)v->data + (size_t)i * esize, one, esize);
}

// splitmix64: a small, well-mixed generator with a 64-bit state.
static uint64_t next_random(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void cx_buffer_view_fill_random(cx_buffer_view_t* v, uint64_t seed) {
  int64_t n = cx_buffer_view_num_elements(v);
  size_t es = cx_elem_storage_size(v->elem);
  if (n <= 0 || !v->data || v->nbytes < (size_t)n * es) return;
  uint64_t state = seed * 0x2545F4914F6CDD1Dull + 1;
  for (int64_t i = 0; i < n; i++) {
    void* p = (char*)v->data + (size_t)i * es;
    uint64_t r = next_random(&state);
    double u = (double)(r >> 11) * 0x1.0p-53 * 2.0 - 1.0;  // [-1, 1)
    if (cx_elem_is_complex(v->elem)) {
      double w = (double)(next_random(&state) >> 11) * 0x1.0p-53 * 2.0 - 1.0;
      cx_store_complex(v->elem, p, (cx_complex_t){u, w});
    } else if (cx_elem_is_float(v->elem)) {
      cx_store_float(v->elem, p, u);
    } else if (v->elem == CX_ELEM_I1) {
      cx_store_int(v->elem, p, (int64_t)(r >> 63));
    } else {
      int w = cx_elem_bit_width(v->elem);
      int64_t span = w >= 5 ? 16 : (int64_t)1 << w;
      int64_t x = (int64_t)(r % (uint64_t)span);
      cx_store_int(v->elem, p, cx_elem_is_unsigned_int(v->elem) ? x : x - span / 2);
    }
  }
}

// ---- comparison -------------------------------------------------------------------------

// Distance in representable values of the format, counted through zero.
static uint64_t view_ulps(cx_elem_t e, const void* a, const void* b) {
  uint64_t ua = cx_scalar_float_bits(e, a), ub = cx_scalar_float_bits(e, b);
  if (!cx_scalar_float_is_signed(e)) return ua > ub ? ua - ub : ub - ua;
  uint64_t sign = 1ull << (cx_elem_bit_width(e) - 1);
  uint64_t ma = ua & ~sign, mb = ub & ~sign;
  if ((ua & sign) != (ub & sign)) return ma + mb;
  return ma > mb ? ma - mb : mb - ma;
}

static void rel_tolerance(cx_elem_t e, double* rtol, uint64_t* ulps) {
  switch (e) {
    case CX_ELEM_F64: *rtol = 1e-12; *ulps = 4; return;
    case CX_ELEM_F32: *rtol = 1e-5; *ulps = 4; return;
    case CX_ELEM_F16:
    case CX_ELEM_BF16:
    case CX_ELEM_TF32: *rtol = 1e-2; *ulps = 1; return;
    default: *rtol = 0.125; *ulps = 1; return;
  }
}

bool cx_buffer_view_close(const cx_buffer_view_t* a, const cx_buffer_view_t* b, char* why,
                          size_t why_size) {
  char dummy[1];
  if (!why) {
    why = dummy;
    why_size = sizeof dummy;
  }
  why[0] = 0;
  bool same_type = a->elem == b->elem && a->rank == b->rank;
  for (uint32_t d = 0; same_type && d < a->rank; d++) same_type = a->dims[d] == b->dims[d];
  if (!same_type) {
    snprintf(why, why_size, "types differ");
    return false;
  }
  int64_t n = cx_buffer_view_num_elements(a);
  if (n <= 0 || a->elem == CX_ELEM_INVALID) return true;
  cx_elem_t e = a->elem;
  size_t es = cx_elem_storage_size(e);
  if (!a->data || !b->data || a->nbytes < (size_t)n * es || b->nbytes < (size_t)n * es) {
    snprintf(why, why_size, "a buffer is missing or short");
    return false;
  }
  bool cplx = cx_elem_is_complex(e);
  cx_elem_t part = cplx ? cx_elem_complex_component(e) : e;
  int64_t parts = cplx ? 2 : 1;
  size_t ps = cx_elem_storage_size(part);
  if (!cx_elem_is_float(part)) {
    if (memcmp(a->data, b->data, (size_t)n * es) == 0) return true;
    for (int64_t i = 0; i < n; i++) {
      if (memcmp((const char*)a->data + i * es, (const char*)b->data + i * es, es) != 0) {
        snprintf(why, why_size, "element %lld differs", (long long)i);
        return false;
      }
    }
    return true;
  }
  double scale = 0;
  for (int64_t i = 0; i < n * parts; i++) {
    double v = fabs(cx_load_float(part, (const char*)b->data + (size_t)i * ps));
    if (isfinite(v) && v > scale) scale = v;
  }
  double rtol;
  uint64_t max_ulps;
  rel_tolerance(part, &rtol, &max_ulps);
  for (int64_t i = 0; i < n * parts; i++) {
    const char* pa = (const char*)a->data + (size_t)i * ps;
    const char* pb = (const char*)b->data + (size_t)i * ps;
    double x = cx_load_float(part, pa), y = cx_load_float(part, pb);
    if (x == y || (isnan(x) && isnan(y))) continue;
    if (isfinite(x) && isfinite(y) &&
        (view_ulps(part, pa, pb) <= max_ulps || fabs(x - y) <= rtol * scale))
      continue;
    snprintf(why, why_size, "element %lld%s: %.17g vs %.17g", (long long)(i / parts),
             cplx ? (i % 2 ? " (imaginary part)" : " (real part)") : "", x, y);
    return false;
  }
  return true;
}
