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
#include "support/scalar.h"
#include "support/strbuf.h"

static bool same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static bool real_matches(const cx_rt_check_params_t* p, cx_elem_t e, const void* a, const void* b) {
  double x = cx_load_float(e, a), y = cx_load_float(e, b);
  switch ((cx_rt_check_mode_t)p->mode) {
    case CX_RT_CHECK_EQ: return same(x, y);
    case CX_RT_CHECK_ALMOST_EQ: return cx_scalar_almost_equal(x, y, p->tolerance);
    case CX_RT_CHECK_CLOSE: {
      uint64_t d = cx_scalar_ulp_distance(e, a, b);
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
  return cx_load_int(e, a) == cx_load_int(e, b);
}

static void format_elem(cx_strbuf_t* sb, cx_elem_t e, const void* p) {
  if (cx_elem_is_complex(e)) {
    cx_elem_t c = cx_elem_complex_component(e);
    cx_strbuf_printf(sb, "(%.9g, %.9g)", cx_load_float(c, p),
                     cx_load_float(c, (const char*)p + cx_elem_storage_size(c)));
  } else if (cx_elem_is_float(e)) {
    cx_strbuf_printf(sb, "%.9g", cx_load_float(e, p));
  } else if (cx_elem_is_unsigned_int(e)) {
    cx_strbuf_printf(sb, "%" PRIu64, (uint64_t)cx_load_int(e, p));
  } else {
    cx_strbuf_printf(sb, "%" PRId64, cx_load_int(e, p));
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
