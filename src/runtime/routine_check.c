// CHECK: the test dialect's comparisons, run by compiled programs
// (runtime/routines.h). The rules are those of StableHLO's check ops:
// expect_eq is exact (NaN equal to NaN), expect_almost_eq bounds the
// absolute difference of finite values of equal sign, expect_close bounds
// the distance in units in the last place.
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/routines.h"
#include "support/float_formats.h"
#include "support/scalar.h"
#include "support/strbuf.h"


// The raw bits of a real float element in its storage.
static uint64_t float_bits(cx_elem_t e, const void* p) {
  uint64_t u = 0;
  memcpy(&u, p, cx_elem_storage_size(e));
  if (e == CX_ELEM_TF32) u >>= 13;  // an f32 pattern whose low 13 bits are zero
  return u;
}

static double float_value(cx_elem_t e, const void* p) {
  if (e == CX_ELEM_F64) {
    double d;
    memcpy(&d, p, 8);
    return d;
  }
  if (e == CX_ELEM_F32 || e == CX_ELEM_TF32) {
    float f;
    memcpy(&f, p, 4);
    return f;
  }
  return cx_float_decode(cx_elem_float_format(e), float_bits(e, p));
}

static int64_t int_value(cx_elem_t e, const void* p) {
  size_t n = cx_elem_storage_size(e);
  if (cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1) {
    uint64_t u = 0;
    memcpy(&u, p, n);
    return (int64_t)u;
  }
  switch (n) {
    case 1: return *(const int8_t*)p;
    case 2: { int16_t v; memcpy(&v, p, 2); return v; }
    case 4: { int32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
  }
}

static uint64_t ulp_distance(cx_elem_t e, const void* a, const void* b) {
  uint64_t ba = float_bits(e, a), bb = float_bits(e, b);
  if (ba == bb) return 0;
  double da = float_value(e, a), db = float_value(e, b);
  if (isnan(da) && isnan(db)) return 0;
  if (!isfinite(da) || !isfinite(db)) return UINT64_MAX;
  const cx_float_format_info_t* info = cx_float_format_info(cx_elem_float_format(e));
  if (!info->is_signed) return ba > bb ? ba - bb : bb - ba;
  uint64_t sign = 1ull << (info->bits - 1);
  uint64_t ma = ba & ~sign, mb = bb & ~sign;
  if ((ba & sign) != (bb & sign)) return ma + mb;
  return ma > mb ? ma - mb : mb - ma;
}

// As StableHLO's check ops define it: values of different sign, or an
// infinity against anything but itself, never match.
static bool almost_equal(double a, double b, double tol) {
  if (a == b) return true;
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  bool a_finite_nonzero = isfinite(a) && a != 0, b_finite_nonzero = isfinite(b) && b != 0;
  if ((!a_finite_nonzero || !b_finite_nonzero) && a != 0 && b != 0) return false;
  if (signbit(a) != signbit(b)) return false;
  return fabs(a - b) <= tol;
}

static bool same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static bool real_matches(const cx_rt_check_params_t* p, cx_elem_t e, const void* a, const void* b) {
  double x = float_value(e, a), y = float_value(e, b);
  switch ((cx_rt_check_mode_t)p->mode) {
    case CX_RT_CHECK_EQ: return same(x, y);
    case CX_RT_CHECK_ALMOST_EQ: return almost_equal(x, y, p->tolerance);
    case CX_RT_CHECK_CLOSE: {
      uint64_t d = ulp_distance(e, a, b);
      return d != UINT64_MAX && d >= (uint64_t)p->min_ulp && d <= (uint64_t)p->max_ulp;
    }
  }
  return false;
}

static bool matches(const cx_rt_check_params_t* p, cx_elem_t e, const void* a, const void* b) {
  if (cx_elem_is_complex(e)) {
    cx_elem_t c = cx_elem_complex_component(e);
    size_t half = cx_elem_storage_size(c);
    return real_matches(p, c, a, b) &&
           real_matches(p, c, (const char*)a + half, (const char*)b + half);
  }
  if (cx_elem_is_float(e)) return real_matches(p, e, a, b);
  return int_value(e, a) == int_value(e, b);
}

static void format_elem(cx_strbuf_t* sb, cx_elem_t e, const void* p) {
  if (cx_elem_is_complex(e)) {
    cx_elem_t c = cx_elem_complex_component(e);
    cx_strbuf_printf(sb, "(%.9g, %.9g)", float_value(c, p),
                     float_value(c, (const char*)p + cx_elem_storage_size(c)));
  } else if (cx_elem_is_float(e)) {
    cx_strbuf_printf(sb, "%.9g", float_value(e, p));
  } else if (cx_elem_is_unsigned_int(e)) {
    cx_strbuf_printf(sb, "%" PRIu64, (uint64_t)int_value(e, p));
  } else {
    cx_strbuf_printf(sb, "%" PRId64, int_value(e, p));
  }
}

cx_status_t cx_rt_routine_check(const cx_rt_routine_ctx_t* ctx, const void* params,
                                void* const* buffers) {
  const cx_rt_check_params_t* p = params;
  cx_elem_t e = (cx_elem_t)p->shape.elem;
  size_t es = cx_elem_storage_size(e);
  int64_t n = 1;
  for (uint32_t d = 0; d < p->shape.rank; d++) n *= p->shape.dims[d];
  const char* a = buffers[0];
  const char* b = buffers[1];
  int64_t first = -1, count = 0;
  for (int64_t i = 0; i < n; i++) {
    if (matches(p, e, a + i * es, b + i * es)) continue;
    if (first < 0) first = i;
    count++;
  }
  if (first >= 0) {
    cx_strbuf_t sb;
    cx_strbuf_init(&sb);
    const char* what = ctx->exe->strings && p->what < ctx->exe->strings_size ? ctx->exe->strings + p->what : "check";
    cx_strbuf_printf(&sb, "%s failed at index [", what);
    int64_t rest = first, idx[CX_MAX_RANK];
    for (uint32_t d = p->shape.rank; d-- > 0;) {
      idx[d] = p->shape.dims[d] ? rest % p->shape.dims[d] : 0;
      rest = p->shape.dims[d] ? rest / p->shape.dims[d] : 0;
    }
    for (uint32_t d = 0; d < p->shape.rank; d++) cx_strbuf_printf(&sb, "%s%" PRId64, d ? ", " : "", idx[d]);
    cx_strbuf_puts(&sb, "]: got ");
    format_elem(&sb, e, a + first * es);
    cx_strbuf_puts(&sb, " expected ");
    format_elem(&sb, e, b + first * es);
    if (count > 1) cx_strbuf_printf(&sb, "; %" PRId64 " of %" PRId64 " elements differ", count, n);
    char* msg = cx_strbuf_take(&sb);
    cx_status_t s = cx_rt_routine_error(ctx, CX_FAILED_PRECONDITION, "%s", msg ? msg : "check failed");
    cx_free_malloced(msg);
    return s;
  }
  if (ctx->step->num_bindings > 2 && p->result_nbytes) memset(buffers[2], 1, p->result_nbytes);
  return NULL;
}
