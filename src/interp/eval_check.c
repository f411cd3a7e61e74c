// The check dialect of StableHLO's interpreter tests: check.expect_eq,
// expect_eq_const, expect_almost_eq(_const), expect_close and
// expect_serialized_eq. A failed check is CX_FAILED_PRECONDITION whose
// message names the first mismatching index, both values and the tolerance.
//
// Semantics follow the check ops of openxla/stablehlo (stablehlo/tests/
// CheckOps.td): expect_almost_eq's tolerance defaults to 1e-4 and is an
// absolute bound for finite values of equal sign; expect_close compares ULP
// distances with max_ulp_difference (default 1) and min_ulp_difference
// (default 0). One deliberate difference: expect_eq treats NaN as equal to
// NaN (upstream compares with IEEE ==), so a program that produces NaN where
// NaN is expected passes.
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/check.h"
#include "interp/elementwise.h"
#include "interp/interp.h"
#include "interp/probe.h"
#include "ir/op_schema.h"
#include "support/strbuf.h"

// ----------------------------------------------------------------------------
// Element comparison.

static bool float_equal(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

typedef struct mismatch {
  uint64_t ulps;  // CX_CHECK_CLOSE: the distance found
  double diff;    // CX_CHECK_ALMOST_EQ: the absolute difference
} mismatch_t;

// Returns true if element i matches; fills *m with the measured distance.
static bool element_matches(cx_elem_t e, const void* a, const void* b,
                            const cx_check_spec_t* spec, mismatch_t* m) {
  m->ulps = 0;
  m->diff = 0;
  if (cx_elem_is_integer(e) || !(cx_elem_is_float(e) || cx_elem_is_complex(e)))
    return cx_load_int(e, a) == cx_load_int(e, b);
  if (cx_elem_is_float(e)) {
    double x = cx_load_float(e, a), y = cx_load_float(e, b);
    switch (spec->mode) {
      case CX_CHECK_EQ: return float_equal(x, y);
      case CX_CHECK_ALMOST_EQ:
        m->diff = fabs(x - y);
        return cx_scalar_almost_equal(x, y, spec->tolerance);
      case CX_CHECK_CLOSE:
        m->ulps = cx_scalar_ulp_distance(e, a, b);
        return m->ulps >= spec->min_ulp && m->ulps <= spec->max_ulp;
    }
    return false;
  }
  cx_complex_t x = cx_load_complex(e, a), y = cx_load_complex(e, b);
  switch (spec->mode) {
    case CX_CHECK_EQ: return float_equal(x.re, y.re) && float_equal(x.im, y.im);
    case CX_CHECK_ALMOST_EQ:
      m->diff = fmax(fabs(x.re - y.re), fabs(x.im - y.im));
      return cx_scalar_almost_equal(x.re, y.re, spec->tolerance) &&
             cx_scalar_almost_equal(x.im, y.im, spec->tolerance);
    case CX_CHECK_CLOSE: {
      cx_elem_t c = cx_elem_complex_component(e);
      size_t half = cx_elem_storage_size(e) / 2;
      uint64_t ur = cx_scalar_ulp_distance(c, a, b);
      uint64_t ui = cx_scalar_ulp_distance(c, (const char*)a + half, (const char*)b + half);
      m->ulps = ur > ui ? ur : ui;
      return m->ulps >= spec->min_ulp && m->ulps <= spec->max_ulp;
    }
  }
  return false;
}

// Significant digits that print every value of the kind distinguishably.
static int float_digits(cx_elem_t e) {
  switch (e) {
    case CX_ELEM_F64:
    case CX_ELEM_C128: return 17;
    case CX_ELEM_F32:
    case CX_ELEM_TF32:
    case CX_ELEM_C64: return 9;
    case CX_ELEM_F16:
    case CX_ELEM_BF16: return 5;
    default: return 4;
  }
}

static void format_element(cx_strbuf_t* sb, cx_elem_t e, const void* p) {
  if (cx_elem_is_complex(e)) {
    cx_complex_t c = cx_load_complex(e, p);
    int d = float_digits(e);
    cx_strbuf_printf(sb, "(%.*g, %.*g)", d, c.re, d, c.im);
  } else if (cx_elem_is_float(e)) {
    cx_strbuf_printf(sb, "%.*g", float_digits(e), cx_load_float(e, p));
  } else if (e == CX_ELEM_I1) {
    cx_strbuf_puts(sb, cx_load_int(e, p) ? "true" : "false");
  } else if (cx_elem_is_unsigned_int(e)) {
    cx_strbuf_printf(sb, "%" PRIu64, (uint64_t)cx_load_int(e, p));
  } else {
    cx_strbuf_printf(sb, "%" PRId64, cx_load_int(e, p));
  }
}

static void format_index(cx_strbuf_t* sb, const cx_tensor_t* t, int64_t linear) {
  int64_t idx[CX_MAX_RANK];
  for (uint32_t d = t->rank; d-- > 0;) {
    idx[d] = t->dims[d] ? linear % t->dims[d] : 0;
    linear = t->dims[d] ? linear / t->dims[d] : 0;
  }
  cx_strbuf_putc(sb, '[');
  for (uint32_t d = 0; d < t->rank; d++)
    cx_strbuf_printf(sb, "%s%" PRId64, d ? ", " : "", idx[d]);
  cx_strbuf_putc(sb, ']');
}

cx_status_t cx_check_compare(const cx_op_t* op, const char* what, const cx_tensor_t* actual,
                             const cx_tensor_t* expected, const cx_check_spec_t* spec) {
  if (actual->kind != CX_VALUE_TENSOR || expected->kind != CX_VALUE_TENSOR)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s compares tensors only", what);
  if (!cx_tensor_same_shape(actual, expected) || actual->elem != expected->elem)
    return cx_eval_types_error(op, CX_FAILED_PRECONDITION,
                               "%s failed: actual value is %s but expected value is %s", what,
                               actual, expected);
  cx_elem_t e = actual->elem;
  int64_t first = -1, count = 0;
  mismatch_t first_m = {0, 0};
  for (int64_t i = 0; i < actual->num_elements; i++) {
    mismatch_t m;
    if (element_matches(e, cx_tensor_at(actual, i), cx_tensor_at(expected, i), spec, &m)) continue;
    if (first < 0) {
      first = i;
      first_m = m;
    }
    count++;
  }
  if (first < 0) return NULL;
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_printf(&sb, "%s failed at index ", what);
  format_index(&sb, actual, first);
  cx_strbuf_puts(&sb, ": got ");
  format_element(&sb, e, cx_tensor_at(actual, first));
  cx_strbuf_puts(&sb, " expected ");
  format_element(&sb, e, cx_tensor_at(expected, first));
  bool is_real = cx_elem_is_float(e) || cx_elem_is_complex(e);
  if (is_real && spec->mode == CX_CHECK_CLOSE) {
    if (first_m.ulps == UINT64_MAX)
      cx_strbuf_puts(&sb, " (non-finite values differ)");
    else if (first_m.ulps > spec->max_ulp)
      cx_strbuf_printf(&sb, " (%" PRIu64 " ULPs > max %" PRIu64 ")", first_m.ulps, spec->max_ulp);
    else
      cx_strbuf_printf(&sb, " (%" PRIu64 " ULPs < min %" PRIu64 ")", first_m.ulps, spec->min_ulp);
  } else if (is_real && spec->mode == CX_CHECK_ALMOST_EQ) {
    cx_strbuf_printf(&sb, " (difference %.3g, tolerance %g)", first_m.diff, spec->tolerance);
  }
  if (count > 1)
    cx_strbuf_printf(&sb, "; %" PRId64 " of %" PRId64 " elements differ", count,
                     actual->num_elements);
  char* msg = cx_strbuf_take(&sb);
  cx_status_t st = cx_eval_error(op, CX_FAILED_PRECONDITION, "%s", msg ? msg : what);
  cx_free_malloced(msg);
  return st;
}

// ----------------------------------------------------------------------------
// Attributes.

// Absent attributes take the op's declared default (ir/op_attrs.def), else
// `dflt`.
static cx_status_t float_attr(cx_eval_t* ev, const cx_op_t* op, const char* name, double dflt,
                              double* out) {
  const char* interned = cx_interned(ev->interp->ctx, name, strlen(name));
  if (!interned || !cx_op_attr_default_f64(ev->interp->ctx, op->kind, interned, out)) *out = dflt;
  const cx_attr_t* a = interned ? cx_op_attr(op, interned) : NULL;
  if (!a) return NULL;
  if (a->kind == CX_ATTR_FLOAT) {
    *out = a->fp;
  } else if (a->kind == CX_ATTR_INTEGER) {
    *out = (double)a->integer;
  } else {
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "attribute '%s' must be a number", name);
  }
  return NULL;
}

static cx_status_t uint_attr(cx_eval_t* ev, const cx_op_t* op, const char* name, uint64_t dflt,
                             uint64_t* out) {
  const char* interned = cx_interned(ev->interp->ctx, name, strlen(name));
  int64_t d;
  *out = interned && cx_op_attr_default_int(ev->interp->ctx, op->kind, interned, &d) ? (uint64_t)d
                                                                                    : dflt;
  const cx_attr_t* a = interned ? cx_op_attr(op, interned) : NULL;
  if (!a) return NULL;
  if (a->kind != CX_ATTR_INTEGER)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "attribute '%s' must be an integer", name);
  *out = (uint64_t)a->integer;
  return NULL;
}

// The `value` attribute of the *_const ops as a tensor of the operand's
// element type (a quantized operand compares its stored integers).
static cx_status_t const_value(cx_eval_t* ev, const cx_op_t* op, const cx_tensor_t* like,
                               cx_tensor_t** out) {
  *out = NULL;
  const cx_attr_t* v = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_value]);
  if (!v || (v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no dense 'value' attribute");
  CX_RETURN_IF_ERROR(cx_eval_wrap(op, cx_tensor_from_attr(ev->allocator, v, out)));
  (void)like;
  return NULL;
}

// ----------------------------------------------------------------------------
// expect_serialized_eq: compares with the value that interpreter.probe wrote
// to options.probe_dir (probe.h: iteration `iteration` of probe `probe_id`).

static cx_status_t eval_serialized_eq(cx_eval_t* ev, const cx_op_t* op, const cx_tensor_t* t) {
  const cx_attr_t* id = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_probe_id]);
  if (!id || id->kind != CX_ATTR_STRING)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no string 'probe_id' attribute");
  uint64_t iteration;
  CX_RETURN_IF_ERROR(uint_attr(ev, op, "iteration", 0, &iteration));
  const char* dir = ev->interp->options.probe_dir;
  if (!dir || !*dir)
    return cx_eval_error(op, CX_UNIMPLEMENTED,
                         "needs the values written by interpreter.probe, but no probe "
                         "directory was given");
  cx_tensor_t* probe = NULL;
  cx_status_t st = cx_probe_read(ev->allocator, &ev->interp->options, id->str.data,
                                 (int64_t)iteration, t->element, &probe);
  if (st) {
    cx_status_code_t code = cx_status_code(st);
    cx_status_t e = cx_eval_error(op, code == CX_OUT_OF_MEMORY ? code : CX_FAILED_PRECONDITION,
                                  "check.expect_serialized_eq failed: %s", cx_status_message(st));
    cx_status_free(st);
    return e;
  }
  cx_check_spec_t spec = {CX_CHECK_EQ, 0, 0, 0};
  st = cx_check_compare(op, "check.expect_serialized_eq", t, probe, &spec);
  cx_tensor_release(probe);
  return st;
}

// ----------------------------------------------------------------------------
// The family.

cx_status_t cx_eval_family_CHECK(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 cx_tensor_t** results) {
  (void)results;
  const char* what = op->name;
  bool binary = op->kind == CX_OP_CHECK_EXPECT_EQ || op->kind == CX_OP_CHECK_EXPECT_ALMOST_EQ ||
                op->kind == CX_OP_CHECK_EXPECT_CLOSE;
  uint32_t want = binary ? 2 : 1;
  if (op->num_operands != want)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects %u operand(s), got %u", want,
                         op->num_operands);
  for (uint32_t i = 0; i < want; i++)
    if (args[i]->kind != CX_VALUE_TENSOR)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand #%u is not a tensor", i);
  cx_check_spec_t spec = {CX_CHECK_EQ, 0, 0, 0};
  switch (op->kind) {
    case CX_OP_CHECK_EXPECT_EQ:
      return cx_check_compare(op, what, args[0], args[1], &spec);
    case CX_OP_CHECK_EXPECT_ALMOST_EQ:
      spec.mode = CX_CHECK_ALMOST_EQ;
      CX_RETURN_IF_ERROR(float_attr(ev, op, "tolerance", 1e-4, &spec.tolerance));
      return cx_check_compare(op, what, args[0], args[1], &spec);
    case CX_OP_CHECK_EXPECT_CLOSE:
      spec.mode = CX_CHECK_CLOSE;
      CX_RETURN_IF_ERROR(uint_attr(ev, op, "max_ulp_difference", 1, &spec.max_ulp));
      CX_RETURN_IF_ERROR(uint_attr(ev, op, "min_ulp_difference", 0, &spec.min_ulp));
      return cx_check_compare(op, what, args[0], args[1], &spec);
    case CX_OP_CHECK_EXPECT_EQ_CONST:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST: {
      if (op->kind == CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST) {
        spec.mode = CX_CHECK_ALMOST_EQ;
        CX_RETURN_IF_ERROR(float_attr(ev, op, "tolerance", 1e-4, &spec.tolerance));
      }
      cx_tensor_t* expected;
      CX_RETURN_IF_ERROR(const_value(ev, op, args[0], &expected));
      cx_status_t st = cx_check_compare(op, what, args[0], expected, &spec);
      cx_tensor_release(expected);
      return st;
    }
    case CX_OP_CHECK_EXPECT_SERIALIZED_EQ:
      return eval_serialized_eq(ev, op, args[0]);
    default:
      return cx_eval_error(op, CX_INTERNAL, "is not a check op");
  }
}
