// Kernels of sort and chlo.top_k: each work item sorts one slice.
//
// The algorithm is the interpreter's (src/interp/eval_sort.c and top_k in
// eval_chlo.c): a bottom-up merge sort of handles (positions within the
// slice) that on ties takes the element of the left run first. Being the
// same algorithm making the same comparator calls, it gives the
// interpreter's permutation for every comparator -- including ones that are
// not strict weak orders (a `GE` comparator, NaN under a partial order),
// where different correct sorts disagree. It is stable, which satisfies
// is_stable = true and, for is_stable = false, is one of the allowed
// orders. O(n log n) comparisons, with the comparator region inlined as
// scalar code reading the slice's elements at the two handles.
//
// Handles are i64 in a scratch buffer the lowering provides: two arrays of
// the slice length per slice (the runs are merged from one into the other,
// which swap roles each pass), so slices sort in parallel without sharing.
// At the end every input is permuted into its result by copying storage
// bits (no conversion: NaN payloads survive).
//
// top_k sorts each row (the last dim) by value -- larger first, or smaller
// first when largest = false -- and writes the first k values and their
// positions. Values are ordered by keys made from their storage bits, as
// the interpreter makes them: floats by IEEE totalOrder (-NaN < -Inf < ...
// < -0 < +0 < ... < +Inf < +NaN; the FNUZ formats' only NaN orders above
// +Inf), unsigned integers and booleans unsigned, signed integers signed.
#include <string.h>

#include "codegen/emit_util.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"
#include "support/float_formats.h"
#include "support/scalar.h"

enum { MAX_VARIADIC = 64 };

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }
static cx_elem_t elem_of(const cx_value_t* v) { return cx_tensor_elem(v->type); }

static void fail(cx_cg_kernel_t* k, cx_op_t* op, const char* what) {
  if (!k->status) k->status = cx_cg_op_error(op, CX_INVALID_ARGUMENT, "%s", what);
}

// ---- storage bits ---------------------------------------------------------------------------

static LLVMTypeRef bits_type(cx_cg_t* cg, cx_elem_t e) {
  return LLVMIntTypeInContext(cg->ctx, (unsigned)(cx_elem_storage_size(e) * 8));
}

static LLVMValueRef load_bits(cx_cg_t* cg, cx_elem_t e, LLVMValueRef base, LLVMValueRef i) {
  LLVMTypeRef t = bits_type(cg, e);
  LLVMValueRef v = LLVMBuildLoad2(cg->b, t, LLVMBuildGEP2(cg->b, t, base, &i, 1, ""), "");
  LLVMSetAlignment(v, 1);
  return v;
}

static void store_bits(cx_cg_t* cg, cx_elem_t e, LLVMValueRef base, LLVMValueRef i, LLVMValueRef v) {
  LLVMTypeRef t = bits_type(cg, e);
  LLVMValueRef st = LLVMBuildStore(cg->b, v, LLVMBuildGEP2(cg->b, t, base, &i, 1, ""));
  LLVMSetAlignment(st, 1);
}

// ---- the merge sort -------------------------------------------------------------------------

// less(a, b): true when handle a's element sorts strictly before b's.
typedef LLVMValueRef (*less_fn_t)(cx_cg_kernel_t* k, void* ctx, LLVMValueRef a, LLVMValueRef b);

static LLVMValueRef load_i64(cx_cg_t* cg, LLVMValueRef p) {
  return LLVMBuildLoad2(cg->b, cg->t_i64, p, "");
}

static LLVMValueRef at_i64(cx_cg_t* cg, LLVMValueRef base, LLVMValueRef i) {
  return LLVMBuildGEP2(cg->b, cg->t_i64, base, &i, 1, "");
}

static LLVMValueRef min_i64(cx_cg_t* cg, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSelect(cg->b, LLVMBuildICmp(cg->b, LLVMIntSLT, a, b, ""), a, b, "");
}

// dst[(*kk)++] = src[(*i)++] while *i < end.
static void emit_drain(cx_cg_kernel_t* k, LLVMValueRef src, LLVMValueRef dst, LLVMValueRef i,
                       LLVMValueRef kk, LLVMValueRef end) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_cg_while_t w;
  cx_cg_while_begin(k, &w, "drain");
  cx_cg_while_cond(k, &w, LLVMBuildICmp(b, LLVMIntSLT, load_i64(cg, i), end, ""));
  LLVMValueRef iv = load_i64(cg, i), kv = load_i64(cg, kk);
  LLVMBuildStore(b, load_i64(cg, at_i64(cg, src, iv)), at_i64(cg, dst, kv));
  LLVMBuildStore(b, LLVMBuildAdd(b, iv, cx_cg_i64(cg, 1), ""), i);
  LLVMBuildStore(b, LLVMBuildAdd(b, kv, cx_cg_i64(cg, 1), ""), kk);
  cx_cg_while_end(k, &w);
}

// Sorts handles 0..len-1 (written into h first) using t as the other
// buffer; returns the buffer that holds the sorted handles.
static LLVMValueRef emit_merge_sort(cx_cg_kernel_t* k, LLVMValueRef h, LLVMValueRef t, int64_t len,
                                    less_fn_t less, void* ctx) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMValueRef one = cx_cg_i64(cg, 1), n = cx_cg_i64(cg, len);
  cx_cg_loop_t init;
  LLVMValueRef j = cx_cg_loop_begin(k, &init, cx_cg_i64(cg, 0), n, "h");
  LLVMBuildStore(b, j, at_i64(cg, h, j));
  cx_cg_loop_end(k, &init);

  LLVMValueRef cur = cx_cg_entry_alloca(k, cg->t_ptr, "runs");
  LLVMValueRef oth = cx_cg_entry_alloca(k, cg->t_ptr, "merged");
  LLVMValueRef width = cx_cg_entry_alloca(k, cg->t_i64, "width");
  LLVMValueRef lo = cx_cg_entry_alloca(k, cg->t_i64, "lo");
  LLVMValueRef i = cx_cg_entry_alloca(k, cg->t_i64, "i");
  LLVMValueRef jj = cx_cg_entry_alloca(k, cg->t_i64, "j");
  LLVMValueRef kk = cx_cg_entry_alloca(k, cg->t_i64, "k");
  LLVMBuildStore(b, h, cur);
  LLVMBuildStore(b, t, oth);
  LLVMBuildStore(b, one, width);

  cx_cg_while_t pass;
  cx_cg_while_begin(k, &pass, "pass");
  cx_cg_while_cond(k, &pass, LLVMBuildICmp(b, LLVMIntSLT, load_i64(cg, width), n, ""));
  LLVMBuildStore(b, cx_cg_i64(cg, 0), lo);
  LLVMValueRef src = LLVMBuildLoad2(b, cg->t_ptr, cur, "src");
  LLVMValueRef dst = LLVMBuildLoad2(b, cg->t_ptr, oth, "dst");
  LLVMValueRef w = load_i64(cg, width);
  {
    cx_cg_while_t runs;
    cx_cg_while_begin(k, &runs, "runs");
    cx_cg_while_cond(k, &runs, LLVMBuildICmp(b, LLVMIntSLT, load_i64(cg, lo), n, ""));
    LLVMValueRef l = load_i64(cg, lo);
    LLVMValueRef mid = min_i64(cg, LLVMBuildAdd(b, l, w, ""), n);
    LLVMValueRef hi = min_i64(cg, LLVMBuildAdd(b, mid, w, ""), n);
    LLVMBuildStore(b, l, i);
    LLVMBuildStore(b, mid, jj);
    LLVMBuildStore(b, l, kk);
    cx_cg_while_t merge;
    cx_cg_while_begin(k, &merge, "merge");
    LLVMValueRef more = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntSLT, load_i64(cg, i), mid, ""),
                                     LLVMBuildICmp(b, LLVMIntSLT, load_i64(cg, jj), hi, ""), "");
    cx_cg_while_cond(k, &merge, more);
    LLVMValueRef iv = load_i64(cg, i), jv = load_i64(cg, jj), kv = load_i64(cg, kk);
    LLVMValueRef hl = load_i64(cg, at_i64(cg, src, iv)), hr = load_i64(cg, at_i64(cg, src, jv));
    LLVMValueRef right_first = less(k, ctx, hr, hl);
    LLVMBuildStore(b, LLVMBuildSelect(b, right_first, hr, hl, ""), at_i64(cg, dst, kv));
    LLVMValueRef step = LLVMBuildZExt(b, right_first, cg->t_i64, "");
    LLVMBuildStore(b, LLVMBuildAdd(b, jv, step, ""), jj);
    LLVMBuildStore(b, LLVMBuildAdd(b, iv, LLVMBuildSub(b, one, step, ""), ""), i);
    LLVMBuildStore(b, LLVMBuildAdd(b, kv, one, ""), kk);
    cx_cg_while_end(k, &merge);
    emit_drain(k, src, dst, i, kk, mid);
    emit_drain(k, src, dst, jj, kk, hi);
    LLVMBuildStore(b, LLVMBuildAdd(b, l, LLVMBuildAdd(b, w, w, ""), ""), lo);
    cx_cg_while_end(k, &runs);
  }
  LLVMBuildStore(b, dst, cur);
  LLVMBuildStore(b, src, oth);
  LLVMBuildStore(b, LLVMBuildAdd(b, w, w, ""), width);
  cx_cg_while_end(k, &pass);
  return LLVMBuildLoad2(b, cg->t_ptr, cur, "sorted");
}

// The scratch of one slice: handles and the merge buffer.
static void slice_scratch(cx_cg_kernel_t* k, LLVMValueRef slice, int64_t len, LLVMValueRef* h,
                          LLVMValueRef* t) {
  cx_cg_t* cg = k->cg;
  LLVMValueRef scratch = k->input_ptrs[k->fusion->num_inputs + k->fusion->num_roots];
  *h = at_i64(cg, scratch, LLVMBuildMul(cg->b, slice, cx_cg_i64(cg, 2 * len), ""));
  *t = at_i64(cg, *h, cx_cg_i64(cg, len));
}

static int64_t sort_grain(int64_t len) {
  int64_t g = 16384 / (len > 0 ? len : 1);
  return g > 0 ? g : 1;
}

// ---- sort -------------------------------------------------------------------------------

typedef struct sort_ctx {
  cx_op_t* op;
  uint32_t n;
  LLVMValueRef base, stride;
  LLVMValueRef ptr[MAX_VARIADIC];
  cx_elem_t elem[MAX_VARIADIC];
} sort_ctx_t;

static LLVMValueRef sort_less(cx_cg_kernel_t* k, void* vctx, LLVMValueRef a, LLVMValueRef b) {
  sort_ctx_t* c = vctx;
  cx_cg_t* cg = k->cg;
  LLVMValueRef args[2 * MAX_VARIADIC] = {0}, r;
  cx_elem_t in[2 * MAX_VARIADIC] = {0}, out = CX_ELEM_I1;
  LLVMValueRef pa = LLVMBuildAdd(cg->b, c->base, LLVMBuildMul(cg->b, a, c->stride, ""), "");
  LLVMValueRef pb = LLVMBuildAdd(cg->b, c->base, LLVMBuildMul(cg->b, b, c->stride, ""), "");
  for (uint32_t i = 0; i < c->n; i++) {
    args[2 * i] = cx_cg_load_elem(cg, k->imports, c->elem[i], c->ptr[i], pa);
    args[2 * i + 1] = cx_cg_load_elem(cg, k->imports, c->elem[i], c->ptr[i], pb);
    in[2 * i] = in[2 * i + 1] = c->elem[i];
  }
  cx_cg_call_region(k, c->op, &c->op->regions[0], 2 * c->n, in, args, 1, &out, &r);
  return LLVMTypeOf(r) == cg->t_i1 ? r : LLVMBuildICmp(cg->b, LLVMIntNE, r, LLVMConstNull(LLVMTypeOf(r)), "");
}

static bool sort_dim(cx_cg_t* cg, const cx_op_t* op, int64_t* out) {
  if (op->num_operands == 0) return false;
  int64_t rank = rank_of(cx_op_operand((cx_op_t*)op, 0)), dim;
  if (!cx_op_get_int(cg->ir, op, CX_NAME_dimension, &dim)) dim = -1;
  if (dim < 0) dim += rank;
  if (dim < 0 || dim >= rank) return false;
  *out = dim;
  return true;
}

void cx_cg_emit_sort_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin, LLVMValueRef end,
                          int64_t* out_items, int64_t* out_grain) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  *out_items = 0;
  *out_grain = 1;
  const uint32_t n = op->num_operands;
  int64_t dim;
  if (n == 0 || n > MAX_VARIADIC || op->num_results != n || op->num_regions != 1 || !sort_dim(cg, op, &dim)) {
    fail(k, op, "has an unexpected number of operands, results or regions, or a bad dimension");
    return;
  }
  cx_value_t* x = cx_op_operand(op, 0);
  const uint32_t R = rank_of(x);
  const int64_t len = dims_of(x)[dim], numel = cx_tensor_num_elements(x->type);
  for (uint32_t i = 0; i < n; i++)
    if (elem_of(cx_op_result(op, i)) != elem_of(cx_op_operand(op, i))) {
      fail(k, op, "has results of other element types than its operands");
      return;
    }
  if (numel == 0) return;
  *out_items = numel / len;
  *out_grain = sort_grain(len);
  int64_t strides[CX_MAX_RANK];
  cx_cg_strides(x->type, strides);

  cx_cg_loop_t slices;
  LLVMValueRef s = cx_cg_loop_begin(k, &slices, begin, end, "slice");
  // The slice's first element: its index over the dims other than `dim`.
  LLVMValueRef base = cx_cg_i64(cg, 0), rem = s;
  for (uint32_t d = R; d > 0; d--) {
    if (d - 1 == (uint32_t)dim) continue;
    LLVMValueRef size = cx_cg_i64(cg, dims_of(x)[d - 1]);
    LLVMValueRef idx = LLVMBuildSRem(b, rem, size, "");
    rem = LLVMBuildSDiv(b, rem, size, "");
    base = LLVMBuildAdd(b, base, LLVMBuildMul(b, idx, cx_cg_i64(cg, strides[d - 1]), ""), "");
  }
  sort_ctx_t c = {op, n, base, cx_cg_i64(cg, strides[dim]), {0}, {0}};
  for (uint32_t i = 0; i < n; i++) {
    c.ptr[i] = cx_cg_own_input(k, cx_op_operand(op, i));
    c.elem[i] = elem_of(cx_op_operand(op, i));
  }
  LLVMValueRef h, t;
  slice_scratch(k, s, len, &h, &t);
  LLVMValueRef sorted = emit_merge_sort(k, h, t, len, sort_less, &c);
  cx_cg_loop_t perm;
  LLVMValueRef j = cx_cg_loop_begin(k, &perm, cx_cg_i64(cg, 0), cx_cg_i64(cg, len), "perm");
  LLVMValueRef from = LLVMBuildAdd(b, base, LLVMBuildMul(b, load_i64(cg, at_i64(cg, sorted, j)), c.stride, ""), "");
  LLVMValueRef to = LLVMBuildAdd(b, base, LLVMBuildMul(b, j, c.stride, ""), "");
  for (uint32_t i = 0; i < n; i++) {
    LLVMValueRef out = k->input_ptrs[k->fusion->num_inputs + i];
    store_bits(cg, c.elem[i], out, to, load_bits(cg, c.elem[i], c.ptr[i], from));
  }
  cx_cg_loop_end(k, &perm);
  cx_cg_loop_end(k, &slices);
}

// ---- top_k ------------------------------------------------------------------------------

typedef struct topk_ctx {
  cx_elem_t elem;
  LLVMValueRef ptr, row_base;
  bool largest, is_unsigned;
} topk_ctx_t;

// The value's position in top_k's order as an i64 (compared unsigned when
// is_unsigned), from its storage bits as cx_scalar_total_order_key makes it.
static LLVMValueRef topk_key(cx_cg_kernel_t* k, topk_ctx_t* c, LLVMValueRef pos) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_elem_t e = c->elem;
  if (!cx_elem_is_float(e)) {
    LLVMValueRef v = cx_cg_load_elem(cg, k->imports, e, c->ptr, pos);
    return cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1 ? LLVMBuildZExt(b, v, cg->t_i64, "")
                                                          : LLVMBuildSExt(b, v, cg->t_i64, "");
  }
  int w = cx_elem_bit_width(e);
  LLVMValueRef bits = LLVMBuildZExt(b, load_bits(cg, e, c->ptr, pos), cg->t_i64, "");
  if (e == CX_ELEM_TF32) bits = LLVMBuildLShr(b, bits, cx_cg_i64(cg, 13), "");
  if (w < 16 && e != CX_ELEM_TF32) bits = LLVMBuildAnd(b, bits, cx_cg_i64(cg, (INT64_C(1) << w) - 1), "");
  if (e == CX_ELEM_F8E8M0FNU) return bits;  // unsigned format: the bits order it
  LLVMValueRef sign = LLVMBuildTrunc(b, LLVMBuildLShr(b, bits, cx_cg_i64(cg, w - 1), ""), cg->t_i1, "");
  uint64_t mask = w == 64 ? ~(UINT64_C(1) << 63) : (UINT64_C(1) << (w - 1)) - 1;
  LLVMValueRef mag = LLVMBuildAnd(b, bits, LLVMConstInt(cg->t_i64, mask, 0), "");
  LLVMValueRef neg = LLVMBuildSub(b, LLVMBuildNeg(b, mag, ""), cx_cg_i64(cg, 1), "");
  LLVMValueRef key = LLVMBuildSelect(b, sign, neg, mag, "");
  bool fnuz = e != CX_ELEM_TF32 && w <= 16 && e != CX_ELEM_F16 && e != CX_ELEM_BF16 &&
              !cx_float_format_info(cx_elem_float_format(e))->has_negative_zero;
  if (fnuz) {  // the -0 pattern is the only NaN: above +Inf
    LLVMValueRef nan = LLVMBuildAnd(b, sign, LLVMBuildICmp(b, LLVMIntEQ, mag, cx_cg_i64(cg, 0), ""), "");
    key = LLVMBuildSelect(b, nan, cx_cg_i64(cg, INT64_MAX), key, "");
  }
  return key;
}

static LLVMValueRef topk_less(cx_cg_kernel_t* k, void* vctx, LLVMValueRef a, LLVMValueRef b) {
  topk_ctx_t* c = vctx;
  cx_cg_t* cg = k->cg;
  LLVMValueRef ka = topk_key(k, c, LLVMBuildAdd(cg->b, c->row_base, a, ""));
  LLVMValueRef kb = topk_key(k, c, LLVMBuildAdd(cg->b, c->row_base, b, ""));
  // a before b: a larger (or smaller); equal keys keep their order, which
  // the merge's left-run-first rule already does.
  LLVMIntPredicate p = c->largest ? (c->is_unsigned ? LLVMIntUGT : LLVMIntSGT)
                                  : (c->is_unsigned ? LLVMIntULT : LLVMIntSLT);
  return LLVMBuildICmp(cg->b, p, ka, kb, "");
}

static bool topk_attrs(cx_cg_t* cg, const cx_op_t* op, int64_t* kv, bool* largest) {
  const cx_attr_t* ka = cx_op_attr(op, cx_name(cg->ir, CX_NAME_k));
  if (!ka || ka->kind != CX_ATTR_INTEGER) return false;
  *kv = ka->integer;
  *largest = cx_op_get_bool(cg->ir, op, CX_NAME_largest, true);
  return true;
}

void cx_cg_emit_top_k_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin, LLVMValueRef end,
                           int64_t* out_items, int64_t* out_grain) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  *out_items = 0;
  *out_grain = 1;
  int64_t kk;
  bool largest;
  if (op->num_operands != 1 || op->num_results != 2 || !topk_attrs(cg, op, &kk, &largest)) {
    fail(k, op, "has an unexpected number of operands or results, or no k");
    return;
  }
  cx_value_t* x = cx_op_operand(op, 0);
  cx_elem_t e = elem_of(x), ie = elem_of(cx_op_result(op, 1));
  const uint32_t R = rank_of(x);
  if (R == 0 || cx_elem_is_complex(e) || !cx_elem_is_integer(ie) || elem_of(cx_op_result(op, 0)) != e) {
    fail(k, op, "needs a real operand of rank >= 1 and integer indices");
    return;
  }
  const int64_t len = dims_of(x)[R - 1], numel = cx_tensor_num_elements(x->type);
  if (kk < 0 || kk > len) {
    fail(k, op, "has k outside [0, the last dimension]");
    return;
  }
  if (numel == 0 || kk == 0) return;
  *out_items = numel / len;
  *out_grain = sort_grain(len);
  cx_cg_loop_t rows;
  LLVMValueRef row = cx_cg_loop_begin(k, &rows, begin, end, "row");
  topk_ctx_t c = {e, cx_cg_own_input(k, x), LLVMBuildMul(b, row, cx_cg_i64(cg, len), ""), largest,
                  !cx_elem_is_float(e) && (cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1)};
  LLVMValueRef h, t;
  slice_scratch(k, row, len, &h, &t);
  LLVMValueRef sorted = emit_merge_sort(k, h, t, len, topk_less, &c);
  LLVMValueRef values = k->input_ptrs[k->fusion->num_inputs];
  LLVMValueRef indices = k->input_ptrs[k->fusion->num_inputs + 1];
  LLVMValueRef out_base = LLVMBuildMul(b, row, cx_cg_i64(cg, kk), "");
  cx_cg_loop_t outs;
  LLVMValueRef j = cx_cg_loop_begin(k, &outs, cx_cg_i64(cg, 0), cx_cg_i64(cg, kk), "top");
  LLVMValueRef pos = load_i64(cg, at_i64(cg, sorted, j));
  LLVMValueRef to = LLVMBuildAdd(b, out_base, j, "");
  store_bits(cg, e, values, to, load_bits(cg, e, c.ptr, LLVMBuildAdd(b, c.row_base, pos, "")));
  LLVMTypeRef it = cx_cg_compute_type(cg, ie);
  LLVMValueRef iv = LLVMGetIntTypeWidth(it) < 64 ? LLVMBuildTrunc(b, pos, it, "") : pos;
  cx_cg_store_elem(cg, k->imports, ie, indices, to, iv);
  cx_cg_loop_end(k, &outs);
  cx_cg_loop_end(k, &rows);
}

uint64_t cx_cg_sort_scratch(const cx_op_t* op) {
  if (op->num_operands == 0) return 0;
  const cx_type_t* t = cx_op_operand((cx_op_t*)op, 0)->type;
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t)) return 0;
  int64_t n = cx_tensor_num_elements(t);
  return n > 0 ? (uint64_t)n * 2 * sizeof(int64_t) : 0;
}
