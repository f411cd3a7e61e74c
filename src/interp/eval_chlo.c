// The CHLO ops, evaluated directly rather than through their StableHLO
// decompositions.
//
// Elementwise math (acos ... zeta) is computed in double (complex double) and
// rounded once to the element type, so results are correctly rounded or
// within an ulp of it: the decompositions CHLO defines are approximations of
// these same functions, and the reference answer is the function itself. The
// special functions libm lacks (digamma, polygamma, Hurwitz zeta, erf_inv,
// bessel_i1e) are in support/special_functions.c, to double accuracy, with XLA's choices at
// poles and outside the domain (NaN or infinity). One exception: f32 sinh
// follows CHLO's own formula step by step (see sinh_f32_chlo), because that is
// what XLA computes and JAX's results carry its rounding.
//
// The broadcast_* ops broadcast their operands numpy-style (or along
// broadcast_dimensions) and then evaluate the StableHLO op of the same name
// through its family, so each op has one definition in cxla. ragged_dot and
// scan follow their definitions in ChloOps.td by slices of dot_general and a
// loop over the scanned dimension.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/dot_general.h"
#include "interp/elementwise.h"
#include "interp/eval_shape.h"
#include "interp/interp.h"
#include "interp/quant.h"
#include "ir/chlo.h"
#include "ir/op_schema.h"
#include "support/cmplx.h"
#include "support/special_functions.h"

// ---- elementwise helpers -------------------------------------------------------------

static cx_status_t result_elem(const cx_op_t* op, uint32_t i, const cx_type_t** out) {
  return cx_ew_result_element(op, i, out);
}

static cx_status_t check_tensor(const cx_op_t* op, const cx_tensor_t* t) {
  if (t->kind != CX_VALUE_TENSOR)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operands must be tensors");
  return NULL;
}

// ---- unary ops -------------------------------------------------------------------------

static bool unary_real(cx_op_kind_t k, double x, double* out) {
  switch (k) {
    case CX_OP_CHLO_ACOS: *out = acos(x); return true;
    case CX_OP_CHLO_ACOSH: *out = acosh(x); return true;
    case CX_OP_CHLO_ASIN: *out = asin(x); return true;
    case CX_OP_CHLO_ASINH: *out = asinh(x); return true;
    case CX_OP_CHLO_ATAN: *out = atan(x); return true;
    case CX_OP_CHLO_ATANH: *out = atanh(x); return true;
    case CX_OP_CHLO_BESSEL_I1E: *out = cx_bessel_i1e(x); return true;
    case CX_OP_CHLO_CONJ: *out = x; return true;
    case CX_OP_CHLO_COSH: *out = cosh(x); return true;
    case CX_OP_CHLO_DIGAMMA: *out = cx_digamma(x); return true;
    case CX_OP_CHLO_ERF: *out = erf(x); return true;
    case CX_OP_CHLO_ERF_INV: *out = cx_erf_inv(x); return true;
    case CX_OP_CHLO_ERFC: *out = erfc(x); return true;
    case CX_OP_CHLO_LGAMMA: *out = cx_lgamma(x); return true;
    case CX_OP_CHLO_SINH: *out = sinh(x); return true;
    case CX_OP_CHLO_TAN: *out = tan(x); return true;
    case CX_OP_CHLO_SQUARE: *out = x * x; return true;
    default: return false;
  }
}

static bool unary_complex(cx_op_kind_t k, cx_complex_t x, cx_complex_t* out) {
  double complex z = cx_make_complex(x.re, x.im), r;
  switch (k) {
    case CX_OP_CHLO_ACOS: r = cacos(z); break;
    case CX_OP_CHLO_ACOSH: r = cacosh(z); break;
    case CX_OP_CHLO_ASIN: r = casin(z); break;
    case CX_OP_CHLO_ASINH: r = casinh(z); break;
    case CX_OP_CHLO_ATAN: r = catan(z); break;
    case CX_OP_CHLO_ATANH: r = catanh(z); break;
    case CX_OP_CHLO_CONJ: r = conj(z); break;
    case CX_OP_CHLO_COSH: r = ccosh(z); break;
    case CX_OP_CHLO_SINH: r = csinh(z); break;
    case CX_OP_CHLO_TAN: r = ctan(z); break;
    case CX_OP_CHLO_SQUARE:
      // (a + bi)^2 without the cancellation-prone complex multiply.
      r = cx_make_complex((x.re - x.im) * (x.re + x.im), 2 * x.re * x.im);
      break;
    default: return false;
  }
  out->re = creal(r);
  out->im = cimag(r);
  return true;
}

static cx_status_t chlo_unary(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              const cx_type_t* const* relems, cx_tensor_t** results, void* ud) {
  (void)ev;
  (void)ud;
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(check_tensor(op, x));
  cx_elem_t e = x->elem;
  cx_op_kind_t k = op->kind;
  bool predicate = k == CX_OP_CHLO_IS_INF || k == CX_OP_CHLO_IS_NEG_INF || k == CX_OP_CHLO_IS_POS_INF;
  cx_elem_t re = cx_type_elem(relems[0]);
  if (predicate ? re != CX_ELEM_I1 : re != e)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result element type %s does not fit operand %s",
                         cx_elem_name(re), cx_elem_name(e));
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, relems[0], x->rank, x->dims, &r));
  int64_t n = x->num_elements;
  cx_status_t st = NULL;
  if (predicate) {
    if (!cx_elem_is_float(e)) st = cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a float operand");
    for (int64_t i = 0; i < n && !st; i++) {
      double v = cx_load_float(e, cx_tensor_at(x, i));
      bool b = k == CX_OP_CHLO_IS_INF ? isinf(v) : k == CX_OP_CHLO_IS_POS_INF ? v == INFINITY
                                                                             : v == -INFINITY;
      cx_store_int(CX_ELEM_I1, cx_tensor_at(r, i), b);
    }
  } else if (cx_elem_is_float(e)) {
    double v;
    if (!unary_real(k, 0.5, &v)) st = cx_eval_error(op, CX_INVALID_ARGUMENT, "is not defined for %s",
                                                    cx_elem_name(e));
    for (int64_t i = 0; i < n && !st; i++) {
      double xv = cx_load_float(e, cx_tensor_at(x, i));
      if (k == CX_OP_CHLO_SINH && e == CX_ELEM_F32) v = cx_sinh_f32_xla(xv);
      else unary_real(k, xv, &v);
      cx_store_float(e, cx_tensor_at(r, i), v);
    }
  } else if (cx_elem_is_complex(e)) {
    cx_complex_t v, one = {1, 0};
    if (!unary_complex(k, one, &v))
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "is not defined for %s", cx_elem_name(e));
    for (int64_t i = 0; i < n && !st; i++) {
      unary_complex(k, cx_load_complex(e, cx_tensor_at(x, i)), &v);
      cx_store_complex(e, cx_tensor_at(r, i), v);
    }
  } else if (cx_elem_is_integer(e) && k == CX_OP_CHLO_SQUARE) {
    for (int64_t i = 0; i < n; i++) {
      uint64_t v = (uint64_t)cx_load_int(e, cx_tensor_at(x, i));
      cx_store_int(e, cx_tensor_at(r, i), (int64_t)(v * v));  // wraps
    }
  } else {
    st = cx_eval_error(op, CX_INVALID_ARGUMENT, "is not defined for %s", cx_elem_name(e));
  }
  return cx_tensor_finish(st, r, &results[0]);
}

// ---- binary ops on same-shaped operands -------------------------------------------------

// next_after, polygamma, zeta and mulhi (the CHLO binary ops StableHLO lacks).
static cx_status_t chlo_binary(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               const cx_type_t* const* relems, cx_tensor_t** results, void* ud) {
  (void)ev;
  cx_op_kind_t k = (cx_op_kind_t)(intptr_t)ud;
  const cx_tensor_t* x = args[0];
  const cx_tensor_t* y = args[1];
  CX_RETURN_IF_ERROR(cx_ew_check_tensors(op, 2, args));
  CX_RETURN_IF_ERROR(cx_ew_check_shapes(op, 2, args));
  cx_elem_t e = x->elem;
  if (y->elem != e || cx_type_elem(relems[0]) != e)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operands and result must have one element type");
  bool is_mulhi = k == CX_OP_CHLO_MULHI;
  if (is_mulhi ? !cx_elem_is_integer(e) || cx_elem_is_bool(e) : !cx_elem_is_float(e))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "is not defined for %s", cx_elem_name(e));
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, relems[0], x->rank, x->dims, &r));
  int w = cx_elem_bit_width(e);
  bool is_unsigned = cx_elem_is_unsigned_int(e);
  for (int64_t i = 0; i < x->num_elements; i++) {
    const void* px = cx_tensor_at(x, i);
    const void* py = cx_tensor_at(y, i);
    void* pr = cx_tensor_at(r, i);
    switch (k) {
      case CX_OP_CHLO_NEXT_AFTER: cx_scalar_next_after(e, px, py, pr); break;
      case CX_OP_CHLO_POLYGAMMA:
        cx_store_float(e, pr, cx_polygamma(cx_load_float(e, px), cx_load_float(e, py)));
        break;
      case CX_OP_CHLO_ZETA:
        cx_store_float(e, pr, cx_zeta(cx_load_float(e, px), cx_load_float(e, py)));
        break;
      default: {
        // mulhi: the high w bits of the 2w-bit product.
        int64_t a = cx_load_int(e, px), b = cx_load_int(e, py);
        int64_t hi;
        if (is_unsigned) {
          unsigned __int128 p = (unsigned __int128)(uint64_t)a * (uint64_t)b;
          hi = (int64_t)(uint64_t)(p >> w);
        } else {
          __int128 p = (__int128)a * b;
          hi = (int64_t)(p >> w);
        }
        cx_store_int(e, pr, hi);
        break;
      }
    }
  }
  results[0] = r;
  return NULL;
}

// ---- broadcasting ---------------------------------------------------------------------

// Broadcasts `t` to `rdims` (rank R): operand dim i maps to result dim map[i];
// operand dims of size 1 repeat.
static cx_status_t broadcast_to(const cx_tensor_t* t, const int64_t* map, uint32_t R,
                                const int64_t* rdims, cx_tensor_t** out) {
  bool same = t->rank == R;
  for (uint32_t i = 0; i < t->rank && same; i++) same = map[i] == i && t->dims[i] == rdims[i];
  if (same) {
    *out = cx_tensor_retain((cx_tensor_t*)t);
    return NULL;
  }
  int64_t tstr[CX_MAX_RANK], step[CX_MAX_RANK] = {0};
  cx_strides(t->rank, t->dims, tstr);
  for (uint32_t i = 0; i < t->rank; i++)
    if (t->dims[i] != 1) step[map[i]] += tstr[i];
  return cx_shape_strided_copy(t->allocator, t, t->element, R, rdims, 0, step, out);
}

// Broadcasts n operands to their common shape. Lower-rank operands align with
// the trailing result dims (numpy), or with `bdims` when given (for two
// operands of different ranks, the lower-rank one's dims map to bdims).
static cx_status_t broadcast_all(const cx_op_t* op, uint32_t n, cx_tensor_t* const* in,
                                 const cx_attr_t* bdims, cx_tensor_t** out) {
  uint32_t R = 0;
  for (uint32_t i = 0; i < n; i++) {
    CX_RETURN_IF_ERROR(check_tensor(op, in[i]));
    if (in[i]->rank > R) R = in[i]->rank;
  }
  int64_t maps[3][CX_MAX_RANK];
  for (uint32_t i = 0; i < n; i++) {
    uint32_t r = in[i]->rank;
    bool explicit_map = bdims && r < R;
    if (explicit_map) {
      cx_i64s_t l;
      if (!cx_attr_get_i64s(bdims, &l) || l.len != r)
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "broadcast_dimensions must list one result dim per operand dim");
      for (uint32_t d = 0; d < r; d++) {
        int64_t m = l.data[d];
        if (m < 0 || m >= (int64_t)R || (d > 0 && m <= maps[i][d - 1]))
          return cx_eval_error(op, CX_INVALID_ARGUMENT,
                               "broadcast_dimensions must be increasing and in range");
        maps[i][d] = m;
      }
    } else {
      for (uint32_t d = 0; d < r; d++) maps[i][d] = R - r + d;
    }
  }
  int64_t rdims[CX_MAX_RANK];
  for (uint32_t d = 0; d < R; d++) rdims[d] = 1;
  bool set[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t d = 0; d < in[i]->rank; d++) {
      int64_t m = maps[i][d], sz = in[i]->dims[d];
      if (sz == 1) continue;
      if (set[m] && rdims[m] != sz)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand shapes are not broadcastable");
      rdims[m] = sz;
      set[m] = true;
    }
  for (uint32_t i = 0; i < n; i++) {
    cx_status_t st = broadcast_to(in[i], maps[i], R, rdims, &out[i]);
    if (st) {
      for (uint32_t j = 0; j < i; j++) cx_tensor_release(out[j]);
      return st;
    }
  }
  return NULL;
}

// Evaluates a broadcasting op: broadcasts, then runs `kind` (a StableHLO op,
// through its family) or a CHLO binary op on the broadcast operands.
static cx_status_t eval_broadcasting(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                     cx_tensor_t** results, uint32_t n, cx_op_kind_t kind) {
  if (op->num_operands != n || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects %u operands and one result", n);
  const cx_attr_t* bdims =
      n == 2 ? cx_op_attr(op, ev->interp->ctx->names[CX_NAME_broadcast_dimensions]) : NULL;
  cx_tensor_t* b[3] = {NULL, NULL, NULL};
  CX_RETURN_IF_ERROR(broadcast_all(op, n, args, bdims, b));
  // The StableHLO op reads only the op's kind, attributes, operand/result
  // types and the (now same-shaped) arguments, so a copy of this op with
  // another kind evaluates it with this op's name and location in errors.
  cx_op_t same = *op;
  same.kind = kind;
  cx_status_t st;
  switch (cx_op_info(kind)->family) {
    case CX_FAMILY_BINARY: st = cx_eval_family_BINARY(ev, &same, b, results); break;
    case CX_FAMILY_COMPARE: st = cx_eval_family_COMPARE(ev, &same, b, results); break;
    case CX_FAMILY_SELECT_CLAMP: st = cx_eval_family_SELECT_CLAMP(ev, &same, b, results); break;
    default: {
      const cx_type_t* re;
      st = result_elem(op, 0, &re);
      if (!st && cx_op_is_quantized(op))
        st = cx_eval_dequantize_op_quantize(ev, op, b, results, chlo_binary, (void*)(intptr_t)kind);
      else if (!st)
        st = chlo_binary(ev, op, b, &re, results, (void*)(intptr_t)kind);
      break;
    }
  }
  for (uint32_t i = 0; i < n; i++) cx_tensor_release(b[i]);
  return st;
}

// ---- constant_like ----------------------------------------------------------------------

static cx_status_t eval_constant_like(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                      cx_tensor_t** results) {
  if (op->num_operands != 1 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one operand and one result");
  CX_RETURN_IF_ERROR(check_tensor(op, args[0]));
  const cx_attr_t* v = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_value]);
  const cx_type_t* re;
  CX_RETURN_IF_ERROR(result_elem(op, 0, &re));
  if (cx_type_is_quant(re))
    return cx_eval_error(op, CX_UNIMPLEMENTED, "quantized constant_like is not supported");
  unsigned char src[16];
  cx_elem_t se;
  const char* bad = cx_attr_scalar_value(v, &se, src);
  if (bad) return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s", bad);
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, re, args[0]->rank, args[0]->dims, &r));
  unsigned char dst[16];
  cx_scalar_convert(se, src, r->elem, dst);
  for (int64_t i = 0; i < r->num_elements; i++) memcpy(cx_tensor_at(r, i), dst, r->esize);
  results[0] = r;
  return NULL;
}

// ---- top_k ----------------------------------------------------------------------------

typedef struct topk_item {
  int64_t key;      // signed order of the value (total order for floats)
  uint64_t ukey;    // for unsigned integers
  int64_t index;
} topk_item_t;

// The element's position in the order top_k sorts by.
static void topk_key(cx_elem_t e, const void* p, topk_item_t* it) {
  if (cx_elem_is_float(e)) {
    it->key = cx_scalar_total_order_key(e, p);
    it->ukey = 0;
  } else if (cx_elem_is_unsigned_int(e) || cx_elem_is_bool(e)) {
    it->ukey = (uint64_t)cx_load_int(e, p);
    it->key = 0;
  } else {
    it->key = cx_load_int(e, p);
    it->ukey = 0;
  }
}

// Does a sort before b? Larger (or, for !largest, smaller) first; equal values
// keep their original order, as top_k is stable.
static bool topk_before(const topk_item_t* a, const topk_item_t* b, bool largest) {
  int c;
  if (a->ukey != b->ukey) c = a->ukey < b->ukey ? -1 : 1;
  else c = a->key < b->key ? -1 : a->key > b->key ? 1 : 0;
  if (c != 0) return largest ? c > 0 : c < 0;
  return a->index < b->index;
}

// A stable merge sort of items by topk_before.
static void topk_sort(topk_item_t* v, topk_item_t* tmp, int64_t n, bool largest) {
  for (int64_t width = 1; width < n; width *= 2) {
    for (int64_t lo = 0; lo < n; lo += 2 * width) {
      int64_t mid = lo + width < n ? lo + width : n;
      int64_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      int64_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = topk_before(&v[j], &v[i], largest) ? v[j++] : v[i++];
      while (i < mid) tmp[k++] = v[i++];
      while (j < hi) tmp[k++] = v[j++];
    }
    memcpy(v, tmp, (size_t)n * sizeof(*v));
  }
}

static cx_status_t eval_top_k(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results) {
  if (op->num_operands != 1 || op->num_results != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one operand and two results");
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(check_tensor(op, x));
  if (x->rank < 1) return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand must have rank >= 1");
  if (cx_type_is_quant(x->element) || cx_elem_is_complex(x->elem))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand must be real (not complex or quantized)");
  const cx_attr_t* ka = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_k]);
  if (!ka || ka->kind != CX_ATTR_INTEGER) return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs k");
  int64_t dflt;
  bool largest = !cx_op_attr_default_int(ev->interp->ctx, op->kind,
                                         ev->interp->ctx->names[CX_NAME_largest], &dflt) ||
                 dflt != 0;
  const cx_attr_t* la = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_largest]);
  if (la && la->kind == CX_ATTR_BOOL) largest = la->boolean;
  int64_t n = x->dims[x->rank - 1], k = ka->integer;
  if (k < 0 || k > n)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "k = %lld must be in [0, %lld]", (long long)k,
                         (long long)n);
  const cx_type_t* ie;
  CX_RETURN_IF_ERROR(result_elem(op, 1, &ie));
  if (!cx_elem_is_integer(cx_type_elem(ie)) || cx_type_is_quant(ie))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "indices must be integers");
  int64_t rdims[CX_MAX_RANK];
  memcpy(rdims, x->dims, x->rank * sizeof(int64_t));
  rdims[x->rank - 1] = k;
  cx_tensor_t *vals, *idxs;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, x->element, x->rank, rdims, &vals));
  cx_status_t st = cx_tensor_create(ev->allocator, ie, x->rank, rdims, &idxs);
  if (st) {
    cx_tensor_release(vals);
    return st;
  }
  size_t cnt = n > 0 ? (size_t)n : 1;
  topk_item_t* items = cx_alloc(ev->allocator, cnt * sizeof(*items));
  topk_item_t* tmp = cx_alloc(ev->allocator, cnt * sizeof(*tmp));
  if (!items || !tmp) {
    cx_free(ev->allocator, items);
    cx_free(ev->allocator, tmp);
    cx_tensor_release(vals);
    cx_tensor_release(idxs);
    return CX_OOM();
  }
  int64_t rows = n > 0 ? x->num_elements / n : 0;
  for (int64_t row = 0; row < rows; row++) {
    for (int64_t j = 0; j < n; j++) {
      topk_key(x->elem, cx_tensor_at(x, row * n + j), &items[j]);
      items[j].index = j;
    }
    topk_sort(items, tmp, n, largest);
    for (int64_t j = 0; j < k; j++) {
      memcpy(cx_tensor_at(vals, row * k + j), cx_tensor_at(x, row * n + items[j].index), x->esize);
      cx_store_int(idxs->elem, cx_tensor_at(idxs, row * k + j), items[j].index);
    }
  }
  cx_free(ev->allocator, items);
  cx_free(ev->allocator, tmp);
  results[0] = vals;
  results[1] = idxs;
  return NULL;
}

// ---- ragged_dot ----------------------------------------------------------------------------

static bool list_has(const cx_i64_list_t* l, int64_t v, uint32_t* pos) {
  for (uint32_t i = 0; i < l->len; i++)
    if (l->data[i] == v) {
      if (pos) *pos = i;
      return true;
    }
  return false;
}

// Group sizes for the group-size "batch" `b` (group_sizes may carry leading
// dims matching lhs batching dims; b indexes them row-major).
typedef struct groups {
  int64_t g;        // number of groups
  int64_t nbatch;   // product of the leading dims
  uint32_t lead;    // number of leading dims
  int64_t* start;   // [nbatch][g+1] cumulative starts
} groups_t;

static cx_status_t load_groups(const cx_op_t* op, const cx_tensor_t* gs, groups_t* out) {
  memset(out, 0, sizeof(*out));
  if (gs->kind != CX_VALUE_TENSOR || gs->rank < 1 || !cx_elem_is_integer(gs->elem))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "group_sizes must be an integer tensor");
  out->g = gs->dims[gs->rank - 1];
  out->lead = gs->rank - 1;
  out->nbatch = out->g > 0 ? gs->num_elements / out->g : 1;
  out->start = cx_alloc(gs->allocator, (size_t)(out->nbatch * (out->g + 1)) * sizeof(int64_t));
  if (!out->start) return CX_OOM();
  for (int64_t b = 0; b < out->nbatch; b++) {
    int64_t* s = out->start + b * (out->g + 1);
    s[0] = 0;
    for (int64_t i = 0; i < out->g; i++) {
      int64_t v = cx_load_int(gs->elem, cx_tensor_at(gs, b * out->g + i));
      // Sizes past any dimension's extent act alike; the bound keeps the
      // running sum from overflowing.
      if (v < 0) v = 0;
      if (v > (INT64_C(1) << 40)) v = INT64_C(1) << 40;
      s[i + 1] = s[i] + v;
    }
  }
  return NULL;
}

// The group of position m in group-size batch b, or -1 past the last group.
static int64_t group_of(const groups_t* g, int64_t b, int64_t m) {
  const int64_t* s = g->start + b * (g->g + 1);
  for (int64_t i = 0; i < g->g; i++)
    if (m >= s[i] && m < s[i + 1]) return i;
  return -1;
}

// The group-size batch of an element given its indices along the lhs
// batching dims (the first `lead` of them index group_sizes).
static int64_t group_batch(const groups_t* g, const cx_tensor_t* gs, const int64_t* bidx) {
  int64_t b = 0;
  for (uint32_t i = 0; i < g->lead; i++) b = b * gs->dims[i] + bidx[i];
  return b;
}

// A copy of `t` with dimension `d` fixed at `at` (rank - 1).
static cx_status_t slice_dim(const cx_tensor_t* t, uint32_t d, int64_t at, cx_tensor_t** out) {
  int64_t dims[CX_MAX_RANK], str[CX_MAX_RANK], step[CX_MAX_RANK];
  cx_strides(t->rank, t->dims, str);
  uint32_t r = 0;
  for (uint32_t i = 0; i < t->rank; i++) {
    if (i == d) continue;
    dims[r] = t->dims[i];
    step[r++] = str[i];
  }
  return cx_shape_strided_copy(t->allocator, t, t->element, r, dims, at * str[d], step, out);
}

static void shift_list(const cx_i64_list_t* in, int64_t removed, int64_t* buf, cx_i64_list_t* out) {
  for (uint32_t i = 0; i < in->len; i++) buf[i] = in->data[i] > removed ? in->data[i] - 1 : in->data[i];
  out->data = buf;
  out->len = in->len;
}

static cx_status_t eval_ragged_dot(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  if (op->num_operands != 3 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects lhs, rhs, group_sizes and one result");
  if (cx_op_is_quantized(op))
    return cx_eval_error(op, CX_UNIMPLEMENTED, "quantized ragged_dot is not supported");
  const cx_tensor_t* lhs = args[0];
  const cx_tensor_t* rhs = args[1];
  const cx_tensor_t* gs = args[2];
  CX_RETURN_IF_ERROR(check_tensor(op, lhs));
  CX_RETURN_IF_ERROR(check_tensor(op, rhs));
  const cx_attr_t* a = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_ragged_dot_dimension_numbers]);
  if (!a || a->kind != CX_ATTR_RAGGED_DOT)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs ragged_dot_dimension_numbers");
  const cx_ragged_dot_dims_t* rd = &a->ragged_dot;
  if (rd->lhs_ragged_dims.len != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs exactly one lhs ragged dimension");
  int64_t r = rd->lhs_ragged_dims.data[0];
  if (r < 0 || r >= (int64_t)lhs->rank)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "lhs ragged dimension is out of range");
  const cx_type_t* re;
  CX_RETURN_IF_ERROR(result_elem(op, 0, &re));
  uint32_t pos = 0;  // set by list_has when the ragged dim is a batching dim
  bool contracting = list_has(&rd->dot.lhs_contracting_dims, r, NULL);
  bool batch = list_has(&rd->dot.lhs_batching_dims, r, &pos);
  uint32_t nb = rd->dot.lhs_batching_dims.len;
  if (!contracting && !batch && rd->rhs_group_dims.len != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "a non-contracting ragged dimension needs one rhs group dimension");
  if ((contracting || batch) && rd->rhs_group_dims.len != 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "rhs_group_dimensions must be empty here");
  groups_t g;
  CX_RETURN_IF_ERROR(load_groups(op, gs, &g));
  if (g.lead > nb) {
    cx_free(ev->allocator, g.start);
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "group_sizes has more leading dims than batches");
  }
  for (uint32_t i = 0; i < g.lead; i++)
    if (gs->dims[i] != lhs->dims[rd->dot.lhs_batching_dims.data[i]]) {
      cx_free(ev->allocator, g.start);
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "group_sizes leading dims must match lhs batches");
    }
  // Budget: up to one dot_general per group, each at most lhs x rhs / K
  // multiply-adds (K: the contracting size).
  uint64_t csize = 1, work = (uint64_t)lhs->num_elements;
  for (uint32_t i = 0; i < rd->dot.lhs_contracting_dims.len; i++) {
    int64_t d = rd->dot.lhs_contracting_dims.data[i];
    if (d >= 0 && d < (int64_t)lhs->rank && lhs->dims[d] > 0) csize *= (uint64_t)lhs->dims[d];
  }
  uint64_t per = (uint64_t)rhs->num_elements / csize;
  work = per && work > UINT64_MAX / per ? UINT64_MAX : work * per;
  uint64_t ng = g.g > 1 ? (uint64_t)g.g : 1;
  work = work > UINT64_MAX / ng ? UINT64_MAX : work * ng;
  cx_status_t st = cx_eval_charge(ev, op, work);
  if (st) {
    cx_free(ev->allocator, g.start);
    return st;
  }
  cx_tensor_t* res = NULL;
  cx_tensor_t* part = NULL;
  cx_tensor_t* tmp = NULL;
  if (!contracting && !batch) {
    // Mode 1: each lhs row along the ragged dim uses the rhs slice of its group.
    int64_t gd = rd->rhs_group_dims.data[0];
    if (gd < 0 || gd >= (int64_t)rhs->rank || rhs->dims[gd] != g.g) {
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "rhs group dimension must have one entry per group");
      goto done;
    }
    int64_t b1[CX_MAX_RANK], b2[CX_MAX_RANK];
    cx_dot_dims_t dims = rd->dot;
    shift_list(&rd->dot.rhs_batching_dims, gd, b1, &dims.rhs_batching_dims);
    shift_list(&rd->dot.rhs_contracting_dims, gd, b2, &dims.rhs_contracting_dims);
    // Where the ragged dim lands in the result: after the batching dims,
    // among the lhs free dims in order.
    uint32_t rpos = nb;
    for (int64_t d = 0; d < r; d++)
      if (!list_has(&rd->dot.lhs_batching_dims, d, NULL) &&
          !list_has(&rd->dot.lhs_contracting_dims, d, NULL))
        rpos++;
    for (int64_t gi = 0; gi < g.g && !st; gi++) {
      st = slice_dim(rhs, (uint32_t)gd, gi, &tmp);
      if (!st) st = cx_dot_general_compute(op, lhs, tmp, &dims, re, &part);
      cx_tensor_release(tmp);
      tmp = NULL;
      if (st) break;
      if (!res) st = cx_tensor_create(ev->allocator, re, part->rank, part->dims, &res);
      if (!st && res->num_elements > 0) {
        int64_t idx[CX_MAX_RANK] = {0};
        int64_t k = 0;
        do {
          int64_t b = group_batch(&g, gs, idx);
          if (group_of(&g, b, idx[rpos]) == gi)
            memcpy(cx_tensor_at(res, k), cx_tensor_at(part, k), res->esize);
          k++;
        } while (cx_next_index(res->rank, res->dims, idx));
      }
      cx_tensor_release(part);
      part = NULL;
    }
    if (!st && !res) {
      // No groups: every row is outside them.
      cx_tensor_t* zero_rhs = NULL;
      st = slice_dim(rhs, (uint32_t)gd, 0, &zero_rhs);
      if (!st) st = cx_dot_general_compute(op, lhs, zero_rhs, &dims, re, &part);
      cx_tensor_release(zero_rhs);
      if (!st) st = cx_tensor_create(ev->allocator, re, part->rank, part->dims, &res);
      cx_tensor_release(part);
      part = NULL;
    }
  } else if (contracting) {
    // Mode 2: result[g] contracts only over group g's range of the ragged dim.
    int64_t lstr[CX_MAX_RANK];
    cx_strides(lhs->rank, lhs->dims, lstr);
    for (int64_t gi = 0; gi < g.g && !st; gi++) {
      st = cx_tensor_clone(lhs, &tmp);
      if (st) break;
      if (tmp->num_elements > 0) {
        int64_t idx[CX_MAX_RANK] = {0};
        int64_t k = 0;
        do {
          int64_t bidx[CX_MAX_RANK];
          for (uint32_t i = 0; i < nb; i++) bidx[i] = idx[rd->dot.lhs_batching_dims.data[i]];
          int64_t b = group_batch(&g, gs, bidx);
          if (group_of(&g, b, idx[r]) != gi) memset(cx_tensor_at(tmp, k), 0, tmp->esize);
          k++;
        } while (cx_next_index(tmp->rank, tmp->dims, idx));
      }
      st = cx_dot_general_compute(op, tmp, rhs, &rd->dot, re, &part);
      cx_tensor_release(tmp);
      tmp = NULL;
      if (st) break;
      if (!res) {
        int64_t rdims[CX_MAX_RANK];
        if (part->rank + 1 > CX_MAX_RANK) {
          st = cx_eval_error(op, CX_UNIMPLEMENTED, "result rank too large");
          break;
        }
        rdims[0] = g.g;
        memcpy(rdims + 1, part->dims, part->rank * sizeof(int64_t));
        st = cx_tensor_create(ev->allocator, re, part->rank + 1, rdims, &res);
        if (st) break;
      }
      if (part->nbytes) memcpy((char*)res->data + (size_t)gi * part->nbytes, part->data, part->nbytes);
      cx_tensor_release(part);
      part = NULL;
    }
    if (!st && !res) {
      st = cx_dot_general_compute(op, lhs, rhs, &rd->dot, re, &part);
      if (!st) {
        int64_t rdims[CX_MAX_RANK];
        rdims[0] = 0;
        memcpy(rdims + 1, part->dims, part->rank * sizeof(int64_t));
        st = cx_tensor_create(ev->allocator, re, part->rank + 1, rdims, &res);
      }
      cx_tensor_release(part);
      part = NULL;
    }
  } else {
    // Mode 3: the ragged dim is a batching dim; batches past the groups are 0.
    st = cx_dot_general_compute(op, lhs, rhs, &rd->dot, re, &res);
    if (!st && res->num_elements > 0) {
      int64_t idx[CX_MAX_RANK] = {0};
      int64_t k = 0;
      do {
        int64_t b = group_batch(&g, gs, idx);
        if (group_of(&g, b, idx[pos]) < 0) memset(cx_tensor_at(res, k), 0, res->esize);
        k++;
      } while (cx_next_index(res->rank, res->dims, idx));
    }
  }
done:
  cx_free(ev->allocator, g.start);
  cx_tensor_release(part);
  cx_tensor_release(tmp);
  return cx_tensor_finish(st, res, &results[0]);
}

// ---- scan --------------------------------------------------------------------------------

static const cx_attr_t* attr_by_name(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

static bool segment_sizes(const cx_op_t* op, const char* name, uint32_t total, uint32_t* a,
                          uint32_t* b) {
  cx_i64s_t l;
  if (!cx_attr_get_i64s(attr_by_name(op, name), &l) || l.len != 2) return false;
  int64_t x = l.data[0], y = l.data[1];
  if (x < 0 || y < 0 || x + y != total) return false;
  *a = (uint32_t)x;
  *b = (uint32_t)y;
  return true;
}

// scan: for each position i along `dimension` (from the end if is_reverse),
// the body maps (input slices at i, carries) to (output slices at i, new
// carries); the results are the stacked outputs and the final carries.
static cx_status_t eval_scan(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                             cx_tensor_t** results) {
  uint32_t nin, ninit, nout, ncarry;
  if (!segment_sizes(op, "operandSegmentSizes", op->num_operands, &nin, &ninit) ||
      !segment_sizes(op, "resultSegmentSizes", op->num_results, &nout, &ncarry))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs operand and result segment sizes");
  if (ncarry != ninit)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs one carry result per init");
  if (op->num_regions != 1) return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a body region");
  const cx_attr_t* da = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_dimension]);
  if (!da || da->kind != CX_ATTR_INTEGER)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs an integer dimension");
  int64_t dim = da->integer;
  const cx_attr_t* rev = attr_by_name(op, "is_reverse");
  bool reverse = rev && ((rev->kind == CX_ATTR_BOOL && rev->boolean) || rev->kind == CX_ATTR_UNIT);
  // The scan length: from the inputs, else from the outputs' types.
  int64_t len = -1;
  for (uint32_t i = 0; i < nin; i++) {
    CX_RETURN_IF_ERROR(check_tensor(op, args[i]));
    if (dim < 0 || dim >= (int64_t)args[i]->rank)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "dimension is out of range for input %u", i);
    if (len >= 0 && args[i]->dims[dim] != len)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "inputs differ in the scanned dimension");
    len = args[i]->dims[dim];
  }
  for (uint32_t i = 0; i < nout && len < 0; i++) {
    const cx_type_t* t = op->results[i].type;
    if (cx_type_is_tensor(t) && dim >= 0 && dim < (int64_t)t->tensor.rank &&
        t->tensor.dims[dim] != CX_DYNAMIC_DIM)
      len = t->tensor.dims[dim];
  }
  if (len < 0) {
    const cx_attr_t* sz = attr_by_name(op, "scan_dim_size");
    if (sz && sz->kind == CX_ATTR_INTEGER) len = sz->integer;
  }
  if (len < 0) return cx_eval_error(op, CX_INVALID_ARGUMENT, "cannot tell the scan length");
  uint32_t nargs = nin + ninit;
  cx_tensor_t** bargs = cx_calloc(ev->allocator, nargs ? nargs : 1, sizeof(cx_tensor_t*));
  cx_tensor_t** bres =
      cx_calloc(ev->allocator, op->num_results ? op->num_results : 1, sizeof(cx_tensor_t*));
  cx_tensor_t** outs = cx_calloc(ev->allocator, nout ? nout : 1, sizeof(cx_tensor_t*));
  cx_tensor_t** carry = cx_calloc(ev->allocator, ninit ? ninit : 1, sizeof(cx_tensor_t*));
  cx_status_t st = (bargs && bres && outs && carry) ? NULL : CX_OOM();
  for (uint32_t i = 0; i < ninit && !st; i++) carry[i] = cx_tensor_retain(args[nin + i]);
  for (int64_t step = 0; step < len && !st; step++) {
    int64_t at = reverse ? len - 1 - step : step;
    for (uint32_t i = 0; i < nin && !st; i++) st = slice_dim(args[i], (uint32_t)dim, at, &bargs[i]);
    for (uint32_t i = 0; i < ninit && !st; i++) bargs[nin + i] = cx_tensor_retain(carry[i]);
    if (!st) st = cx_eval_region_scalars(ev, &op->regions[0], nargs, bargs, op->num_results, bres);
    for (uint32_t i = 0; i < nargs; i++) {
      cx_tensor_release(bargs[i]);
      bargs[i] = NULL;
    }
    if (st) break;
    // Place each output slice at `at` along `dim` of its stacked result.
    for (uint32_t o = 0; o < nout && !st; o++) {
      const cx_tensor_t* piece = bres[o];
      if (piece->kind != CX_VALUE_TENSOR || piece->rank + 1 > CX_MAX_RANK ||
          dim > (int64_t)piece->rank) {
        st = cx_eval_error(op, CX_INVALID_ARGUMENT, "body output %u cannot be stacked", o);
        break;
      }
      if (!outs[o]) {
        int64_t dims[CX_MAX_RANK];
        for (uint32_t d = 0, j = 0; d <= piece->rank; d++)
          dims[d] = (int64_t)d == dim ? len : piece->dims[j++];
        st = cx_tensor_create(ev->allocator, piece->element, piece->rank + 1, dims, &outs[o]);
        if (st) break;
      }
      cx_tensor_t* out = outs[o];
      bool fits = out->element == piece->element;
      for (uint32_t d = 0, j = 0; d < out->rank && fits; d++)
        if ((int64_t)d != dim) fits = out->dims[d] == piece->dims[j++];
      if (!fits) {
        st = cx_eval_error(op, CX_INVALID_ARGUMENT, "body output %u changes type between steps", o);
        break;
      }
      int64_t ostr[CX_MAX_RANK];
      cx_strides(out->rank, out->dims, ostr);
      if (piece->num_elements == 0) continue;
      int64_t idx[CX_MAX_RANK] = {0};
      int64_t k = 0;
      do {
        int64_t dst = at * ostr[dim];
        for (uint32_t d = 0, j = 0; d < out->rank; d++)
          if ((int64_t)d != dim) dst += idx[j++] * ostr[d];
        memcpy(cx_tensor_at(out, dst), cx_tensor_at(piece, k++), out->esize);
      } while (cx_next_index(piece->rank, piece->dims, idx));
    }
    for (uint32_t i = 0; i < ninit; i++) {
      cx_tensor_release(carry[i]);
      carry[i] = bres[nout + i];
      bres[nout + i] = NULL;
    }
    for (uint32_t o = 0; o < nout; o++) {
      cx_tensor_release(bres[o]);
      bres[o] = NULL;
    }
  }
  // A scan of length 0 still has outputs: empty tensors of the declared types.
  for (uint32_t o = 0; o < nout && !st; o++)
    if (!outs[o]) st = cx_tensor_create_like(ev->allocator, op->results[o].type, &outs[o]);
  if (!st) {
    for (uint32_t o = 0; o < nout; o++) results[o] = outs[o];
    for (uint32_t i = 0; i < ninit; i++) results[nout + i] = carry[i];
  } else {
    for (uint32_t o = 0; outs && o < nout; o++) cx_tensor_release(outs[o]);
    for (uint32_t i = 0; carry && i < ninit; i++) cx_tensor_release(carry[i]);
  }
  if (bres)
    for (uint32_t i = 0; i < op->num_results; i++) cx_tensor_release(bres[i]);
  cx_free(ev->allocator, bargs);
  cx_free(ev->allocator, bres);
  cx_free(ev->allocator, outs);
  cx_free(ev->allocator, carry);
  return st;
}

// ---- dispatch -------------------------------------------------------------------------------

static cx_status_t run_elementwise(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results, cx_quant_float_fn fn, void* ud) {
  if (op->num_results != 1) return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one result");
  for (uint32_t i = 0; i < op->num_operands; i++) CX_RETURN_IF_ERROR(check_tensor(op, args[i]));
  if (cx_op_is_quantized(op)) return cx_eval_dequantize_op_quantize(ev, op, args, results, fn, ud);
  const cx_type_t* re;
  CX_RETURN_IF_ERROR(result_elem(op, 0, &re));
  return fn(ev, op, args, &re, results, ud);
}

cx_status_t cx_eval_family_CHLO(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  if (cx_chlo_is_unary(op->kind)) {
    if (op->num_operands != 1) return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one operand");
    return run_elementwise(ev, op, args, results, chlo_unary, NULL);
  }
  if (cx_chlo_is_binary(op->kind)) {
    if (op->num_operands != 2) return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects two operands");
    return run_elementwise(ev, op, args, results, chlo_binary, (void*)(intptr_t)op->kind);
  }
  // A broadcasting op evaluates its base op on the broadcast operands.
  cx_op_kind_t base = cx_chlo_broadcast_base(op->kind);
  if (base != CX_OP_COUNT)
    return eval_broadcasting(ev, op, args, results, base == CX_OP_SELECT ? 3 : 2, base);
  switch (op->kind) {
    case CX_OP_CHLO_CONSTANT: return cx_eval_family_CONSTANT(ev, op, args, results);
    case CX_OP_CHLO_CONSTANT_LIKE: return eval_constant_like(ev, op, args, results);
    case CX_OP_CHLO_TOP_K: return eval_top_k(ev, op, args, results);
    case CX_OP_CHLO_RAGGED_DOT: return eval_ragged_dot(ev, op, args, results);
    case CX_OP_CHLO_SCAN: return eval_scan(ev, op, args, results);
    default: return cx_eval_error(op, CX_UNIMPLEMENTED, "is not a CHLO op cxla can evaluate");
  }
}
