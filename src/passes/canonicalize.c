// The canonicalize pass: local simplifications that never lose precision or
// effects, run by the greedy rewrite driver to a fixpoint (which also erases
// trivially dead ops).
//
// Every rewrite keeps the op's result type exactly: a value replaces an op's
// result only if it has the same (interned) type, and new ops take the
// replaced op's result type. So no use ever sees a different type and the
// module stays verified.
#include "passes/canonicalize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/passes.h"
#include "support/strbuf.h"

// ----------------------------------------------------------------------------
// Constants.

// The identity of addition: integer 0; for floats only -0.0, because
// x + (+0.0) turns x = -0.0 into +0.0 while x + (-0.0) = x for every x
// (NaN and -0.0 included); for complex numbers -0.0 in both parts.
static bool is_additive_identity(const cx_value_t* v) {
  int64_t i;
  double d;
  cx_complex_t z;
  if (cx_value_splat_i64(v, &i)) return i == 0;
  if (cx_value_splat_f64(v, &d)) return d == 0 && signbit(d);
  if (cx_value_splat_complex(v, &z))
    return z.re == 0 && signbit(z.re) && z.im == 0 && signbit(z.im);
  return false;
}

// The identity of multiplication: integer 1 (i1: true) and float 1.0, for
// which x * 1 = x exactly. Not complex 1 + 0i: (a + bi)(1 + 0i) computes
// b * 0, which is NaN for an infinite b.
static bool is_multiplicative_identity(const cx_value_t* v) {
  int64_t i;
  double d;
  if (cx_value_splat_i64(v, &i)) return i == 1;
  if (cx_value_splat_f64(v, &d)) return d == 1.0;
  return false;
}

// An integer list attribute (its one stored form, read by cx_attr_get_i64s).
static bool i64_array(const cx_op_t* op, cx_name_id_t name, const cx_module_t* m,
                      const int64_t** out, uint32_t* out_len) {
  cx_i64s_t l;
  if (!cx_attr_get_i64s(cx_op_attr(op, m->ctx->names[name]), &l) || l.rank != 1) return false;
  *out = l.data;
  *out_len = l.len;
  return true;
}

static cx_op_t* producer(const cx_op_t* op, uint32_t i, cx_op_kind_t kind) {
  cx_value_t* v = cx_op_operand(op, i);
  return v && v->def_op && v->def_op->kind == kind ? v->def_op : NULL;
}

// Replaces the op's (single) result by `v` if the types agree.
static bool replace_if_same_type(cx_rewriter_t* rw, cx_op_t* op, cx_value_t* v) {
  if (!v || v->type != op->results[0].type) return false;
  cx_rw_replace_op(rw, op, &v);
  return true;
}

// ----------------------------------------------------------------------------
// Patterns.

// add(x, 0) -> x, add(0, x) -> x.
static cx_status_t add_zero(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  for (uint32_t k = 0; k < 2 && !*applied; k++)
    if (is_additive_identity(cx_op_operand(op, k)))
      *applied = replace_if_same_type(rw, op, cx_op_operand(op, 1 - k));
  return NULL;
}

// mul(x, 1) -> x, mul(1, x) -> x.
static cx_status_t mul_one(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  for (uint32_t k = 0; k < 2 && !*applied; k++)
    if (is_multiplicative_identity(cx_op_operand(op, k)))
      *applied = replace_if_same_type(rw, op, cx_op_operand(op, 1 - k));
  return NULL;
}

static bool is_identity_permutation(const int64_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (p[i] != (int64_t)i) return false;
  return true;
}

// transpose(x, identity) -> x.
static cx_status_t transpose_identity(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  const int64_t* p;
  uint32_t n;
  if (i64_array(op, CX_NAME_permutation, rw->module, &p, &n) && is_identity_permutation(p, n))
    *applied = replace_if_same_type(rw, op, cx_op_operand(op, 0));
  return NULL;
}

// transpose(transpose(x, p), q) -> transpose(x, p o q), or x when that is the
// identity: result[i] = inner[q[i]] = x[p[q[i]]].
static cx_status_t transpose_transpose(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_op_t* inner = producer(op, 0, CX_OP_TRANSPOSE);
  const int64_t *p, *q;
  uint32_t np, nq;
  if (!inner || !i64_array(inner, CX_NAME_permutation, rw->module, &p, &np) ||
      !i64_array(op, CX_NAME_permutation, rw->module, &q, &nq) || np != nq)
    return NULL;
  int64_t small[16];
  cx_allocator_t al = rw->module->ctx->allocator;
  int64_t* composed = nq <= 16 ? small : cx_alloc_array(al, nq, sizeof(int64_t));
  if (!composed) return CX_OOM();
  bool in_range = true;
  for (uint32_t i = 0; i < nq; i++) {
    in_range &= q[i] >= 0 && q[i] < (int64_t)np;
    composed[i] = in_range ? p[q[i]] : 0;
  }
  cx_status_t st = NULL;
  cx_value_t* x = cx_op_operand(inner, 0);
  if (!in_range) {
    // Unverified input; leave it to the verifier.
  } else if (is_identity_permutation(composed, nq) && x->type == op->results[0].type) {
    cx_rw_replace_op(rw, op, &x);
    *applied = true;
  } else {
    const cx_attr_t* perm = cx_attr_i64_array(rw->module, nq, composed);
    cx_named_attr_t attr = {rw->module->ctx->names[CX_NAME_permutation], perm};
    cx_value_t* t = NULL;
    st = perm ? cx_build_value(cx_rw_builder(rw), CX_OP_TRANSPOSE, 1, &x, op->results[0].type, 1,
                               &attr, &t)
              : CX_OOM();
    if (!st) {
      cx_rw_replace_op(rw, op, &t);
      *applied = true;
    }
  }
  if (composed != small) cx_free(al, composed);
  return st;
}

// reshape(x) : type(x) -> x.
static cx_status_t reshape_same_type(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  *applied = replace_if_same_type(rw, op, cx_op_operand(op, 0));
  return NULL;
}

// reshape(reshape(x)) -> reshape(x): a reshape only depends on the element
// order, which reshapes keep.
static cx_status_t reshape_reshape(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_op_t* inner = producer(op, 0, CX_OP_RESHAPE);
  if (!inner) return NULL;
  cx_value_t* x = cx_op_operand(inner, 0);
  if (replace_if_same_type(rw, op, x)) {
    *applied = true;
    return NULL;
  }
  cx_value_t* r;
  CX_RETURN_IF_ERROR(
      cx_build_value(cx_rw_builder(rw), CX_OP_RESHAPE, 1, &x, op->results[0].type, 0, NULL, &r));
  cx_rw_replace_op(rw, op, &r);
  *applied = true;
  return NULL;
}

// broadcast_in_dim(splat constant) -> splat constant of the result type. A
// splat stores one element whatever its shape, so this never grows the
// module.
static cx_status_t broadcast_splat(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  const cx_attr_t* value = cx_value_constant_attr(cx_op_operand(op, 0));
  const cx_type_t* rt = op->results[0].type;
  const void* elem;
  if (!value || value->kind != CX_ATTR_DENSE || !cx_type_is_tensor(rt) ||
      !cx_tensor_has_static_shape(rt) || cx_tensor_is_quantized(rt) ||
      cx_tensor_element(rt) != cx_tensor_element(value->type) ||
      !cx_attr_splat_element(value, &elem))
    return NULL;
  const cx_attr_t* splat;
  CX_RETURN_IF_ERROR(cx_attr_splat_raw(rw->module, rt, elem, &splat));
  cx_value_t* c;
  CX_RETURN_IF_ERROR(cx_build_constant(cx_rw_builder(rw), splat, &c));
  cx_rw_replace_op(rw, op, &c);
  *applied = true;
  return NULL;
}

// convert(x) : type(x) -> x.
static cx_status_t convert_same_type(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  *applied = replace_if_same_type(rw, op, cx_op_operand(op, 0));
  return NULL;
}

typedef struct pattern_row {
  cx_pattern_t pattern;
  const char* summary;
} pattern_row_t;

static const pattern_row_t kPatterns[] = {
    {{"add_zero", CX_OP_ADD, add_zero, NULL}, "add(x, 0) -> x (floats: only -0.0)"},
    {{"mul_one", CX_OP_MULTIPLY, mul_one, NULL}, "mul(x, 1) -> x"},
    {{"transpose_identity", CX_OP_TRANSPOSE, transpose_identity, NULL},
     "transpose(x, identity) -> x"},
    {{"transpose_transpose", CX_OP_TRANSPOSE, transpose_transpose, NULL},
     "transpose(transpose(x)) -> transpose(x) or x"},
    {{"reshape_same_type", CX_OP_RESHAPE, reshape_same_type, NULL}, "reshape(x) : type(x) -> x"},
    {{"reshape_reshape", CX_OP_RESHAPE, reshape_reshape, NULL},
     "reshape(reshape(x)) -> reshape(x)"},
    {{"broadcast_splat", CX_OP_BROADCAST_IN_DIM, broadcast_splat, NULL},
     "broadcast_in_dim(splat) -> splat"},
    {{"convert_same_type", CX_OP_CONVERT, convert_same_type, NULL}, "convert(x) : type(x) -> x"},
};

cx_status_t cx_canonicalize_add_patterns(cx_pattern_set_t* set) {
  for (size_t i = 0; i < sizeof(kPatterns) / sizeof(kPatterns[0]); i++)
    CX_RETURN_IF_ERROR(cx_pattern_set_add(set, &kPatterns[i].pattern));
  return NULL;
}

const char* cx_canonicalize_pattern_summary(const char* name) {
  for (size_t i = 0; i < sizeof(kPatterns) / sizeof(kPatterns[0]); i++)
    if (strcmp(kPatterns[i].pattern.name, name) == 0) return kPatterns[i].summary;
  return NULL;
}

// ----------------------------------------------------------------------------
// The pass.

// MLIR's --mlir-pass-statistics layout: a banner, the pass, then one
// "(name) count - description" line per statistic.
static char* statistics_report(const cx_pattern_set_t* set, const cx_rewrite_stats_t* stats) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb,
                 "===-------------------------------------------------------------------------===\n"
                 "                         ... Pass statistics report ...\n"
                 "===-------------------------------------------------------------------------===\n"
                 "Canonicalizer\n");
  for (uint32_t i = 0; i < set->count; i++) {
    const char* summary = cx_canonicalize_pattern_summary(set->patterns[i].name);
    cx_strbuf_printf(&sb, "  (%s) %llu - %s\n", set->patterns[i].name,
                     (unsigned long long)set->applied[i], summary ? summary : "");
  }
  cx_strbuf_printf(&sb, "  (num-dce'd) %llu - trivially dead ops erased\n",
                   (unsigned long long)stats->dead_ops_erased);
  cx_strbuf_printf(&sb, "  (num-iterations) %u - sweeps until nothing changed\n",
                   stats->iterations);
  return cx_strbuf_take(&sb);
}

cx_status_t cx_module_canonicalize(cx_module_t* module, char** out_statistics) {
  if (out_statistics) *out_statistics = NULL;
  cx_pattern_set_t set;
  cx_pattern_set_init(&set);
  cx_rewrite_stats_t stats;
  cx_status_t st = cx_canonicalize_add_patterns(&set);
  // Each pattern strictly shrinks the IR or replaces ops by fewer or simpler
  // ones, so not converging would be a bug worth reporting.
  cx_rewrite_config_t cfg = {.error_if_not_converged = true};
  if (!st) st = cx_rewrite_greedy(module, NULL, &set, &cfg, &stats);
  if (!st && out_statistics) {
    *out_statistics = statistics_report(&set, &stats);
    if (!*out_statistics) st = CX_OOM();
  }
  cx_pattern_set_destroy(&set);
  return st;
}
