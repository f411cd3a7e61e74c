// Elemental code of the reductions: reduce, reduce_window and map.
//
// A reduction is an elemental op whose element is a loop: the element of
// reduce's result at index i is the fold of the body over the operand
// elements that i selects, computed by counted loops over the reduced
// dimensions inside whatever loop nest asked for the element. So a reduce
// is correct as the root of a kernel and inside any fusion, and the ops
// that produce its operands are computed in its inner loop (the fusion
// planner, src/compiler/fusion.c, makes a reduction the root of a kernel
// and fuses the elementwise and data-movement producers used only by it),
// each operand element exactly once.
//
// Order. The spec leaves the schedule open; the interpreter folds left in
// row-major order from the init value (src/interp/eval_reduce.c), and so do
// these loops: acc = init; for each reduced index in row-major order:
// acc = body(acc, x). Integer results are therefore identical. A reduce
// whose body is one float add, multiply, maximum or minimum (f32/f64) has
// that op marked reassociable, so LLVM may split the fold into partial
// accumulators (vector lanes) combined at the end: its float results agree
// with the interpreter's within rounding, not bit for bit; every other
// float body is folded in the interpreter's order. reduce_window folds the
// window in row-major order; positions in the padding or in the holes of
// a base dilation contribute the init value, as the spec's formula pads
// with it. Bodies may take wider (promoted) types: arguments are converted
// to the body's argument types and results to the declared result types.
//
// Accumulators live in stack slots of the kernel's entry block, which
// LLVM's SROA turns into loop-carried registers; variadic reductions
// compute all their results in one loop and memoize the siblings, so a
// kernel with several roots runs the loop once per index.
//
// Vectorization. A row reduction (the reduced dims innermost and
// contiguous) vectorizes: LLVM recognizes integer add, mul, min, max, and,
// or, xor folds, and float ones with the reassociation flag above. Column
// reductions are left to LLVM's loop passes as they are (tiling them so
// that the inner loop runs along the contiguous output dimension is
// future work). Row fusions (emit_rows.c) run these loops once per row.
#include <string.h>

#include "codegen/emit_util.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"

enum { MAX_VARIADIC = 256 };  // inputs of one variadic op in compiled code

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }
static cx_elem_t elem_of(const cx_value_t* v) { return cx_tensor_elem(v->type); }

static LLVMValueRef bad(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result, const char* what) {
  return cx_cg_fail(k, cx_cg_op_error(op, CX_INVALID_ARGUMENT, "%s", what), cx_op_result(op, result));
}

// Accumulators of a variadic fold: one stack slot per result, holding the
// init value converted to the result's element type.
typedef struct fold {
  uint32_t n;
  LLVMValueRef slot[MAX_VARIADIC];
  cx_elem_t elem[MAX_VARIADIC];  // result element types
} fold_t;

static void fold_init(cx_cg_kernel_t* k, cx_op_t* op, uint32_t n, fold_t* f) {
  f->n = n;
  cx_cg_index_t* scalar = cx_cg_index_new(k, 0);
  for (uint32_t i = 0; i < n; i++) {
    f->elem[i] = elem_of(cx_op_result(op, i));
    LLVMTypeRef t = cx_cg_compute_type(k->cg, f->elem[i]);
    f->slot[i] = cx_cg_entry_alloca(k, t, "acc");
    cx_value_t* init = cx_op_operand(op, n + i);
    LLVMValueRef v = cx_cg_emit_element(k, init, scalar);
    LLVMBuildStore(k->cg->b, cx_cg_convert(k, elem_of(init), f->elem[i], v), f->slot[i]);
  }
}

// Whether a reduce's fold may be reassociated: its body is one add,
// multiply, maximum or minimum of its two arguments in f32 or f64 (the
// accumulator's and the values' type), so nothing is rounded in between.
// The spec leaves the order of a reduction's applications open; allowing
// LLVM to reassociate lets it keep partial accumulators in vector lanes.
// Only these ops get the flag, never the code around them.
static bool reassociable(const cx_op_t* op, const fold_t* f, const cx_elem_t* elems) {
  if (f->n != 1 || (f->elem[0] != CX_ELEM_F32 && f->elem[0] != CX_ELEM_F64) || elems[0] != f->elem[0])
    return false;
  const cx_block_t* b = cx_region_block(&op->regions[0]);
  if (!b || b->num_args != 2) return false;
  for (uint32_t i = 0; i < 2; i++)
    if (!cx_type_is_tensor(b->args[i]->type) || cx_tensor_elem(b->args[i]->type) != f->elem[0]) return false;
  const cx_op_t* body = b->first_op;
  const cx_op_t* ret = body ? body->next : NULL;
  if (!ret || ret->next || ret->num_operands != 1 || cx_op_operand((cx_op_t*)ret, 0) != cx_op_result((cx_op_t*)body, 0))
    return false;
  if (body->kind != CX_OP_ADD && body->kind != CX_OP_MULTIPLY && body->kind != CX_OP_MAXIMUM &&
      body->kind != CX_OP_MINIMUM)
    return false;
  if (body->num_operands != 2 || cx_tensor_elem(cx_op_result((cx_op_t*)body, 0)->type) != f->elem[0]) return false;
  cx_value_t* x = cx_op_operand((cx_op_t*)body, 0);
  cx_value_t* y = cx_op_operand((cx_op_t*)body, 1);
  return (x == b->args[0] && y == b->args[1]) || (x == b->args[1] && y == b->args[0]);
}

// acc = body(acc, values): `values` are of element types `elems`.
static void fold_step(cx_cg_kernel_t* k, cx_op_t* op, fold_t* f, const LLVMValueRef* values,
                      const cx_elem_t* elems, bool reassoc) {
  LLVMValueRef args[2 * MAX_VARIADIC] = {0}, res[MAX_VARIADIC] = {0};
  cx_elem_t in[2 * MAX_VARIADIC] = {0};
  uint32_t n = f->n;
  for (uint32_t i = 0; i < n; i++) {
    args[i] = LLVMBuildLoad2(k->cg->b, cx_cg_compute_type(k->cg, f->elem[i]), f->slot[i], "");
    in[i] = f->elem[i];
    args[n + i] = values[i];
    in[n + i] = elems[i];
  }
  cx_cg_call_region(k, op, &op->regions[0], 2 * n, in, args, n, f->elem, res);
  if (reassoc && n == 1 && LLVMIsAInstruction(res[0]) && LLVMCanValueUseFastMathFlags(res[0]))
    LLVMSetFastMathFlags(res[0], LLVMGetFastMathFlags(res[0]) | LLVMFastMathAllowReassoc);
  for (uint32_t i = 0; i < n; i++) LLVMBuildStore(k->cg->b, res[i], f->slot[i]);
}

// The fold's results: memoizes every sibling at `index` and returns `result`.
static LLVMValueRef fold_finish(cx_cg_kernel_t* k, cx_op_t* op, fold_t* f, uint32_t result,
                                const cx_cg_index_t* index) {
  LLVMValueRef mine = NULL;
  for (uint32_t i = 0; i < f->n; i++) {
    LLVMValueRef v = LLVMBuildLoad2(k->cg->b, cx_cg_compute_type(k->cg, f->elem[i]), f->slot[i], "");
    if (i == result) mine = v;
    else cx_cg_memo_put(k, cx_op_result(op, i), index, v);
  }
  return mine;
}

// ---- reduce ----------------------------------------------------------------------------

static LLVMValueRef emit_reduce(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                const cx_cg_index_t* index) {
  uint32_t n = op->num_results;
  if (n > MAX_VARIADIC) return bad(k, op, result, "has more inputs than compiled code takes (256)");
  if (n == 0 || op->num_operands != 2 * n || op->num_regions != 1)
    return bad(k, op, result, "has an unexpected number of operands, results or regions");
  cx_value_t* x = cx_op_operand(op, 0);
  uint32_t rank = rank_of(x), nr;
  int64_t rd[CX_MAX_RANK];
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_dimensions, rd, CX_MAX_RANK, &nr))
    return bad(k, op, result, "has bad dimensions");
  bool reduced[CX_MAX_RANK] = {false};
  bool empty = false;
  for (uint32_t i = 0; i < nr; i++) {
    if (rd[i] < 0 || rd[i] >= (int64_t)rank || reduced[rd[i]]) return bad(k, op, result, "has bad dimensions");
    reduced[rd[i]] = true;
    empty |= dims_of(x)[rd[i]] == 0;
  }
  if (index->rank + nr != rank) return bad(k, op, result, "has a result of the wrong rank");

  fold_t f;
  fold_init(k, op, n, &f);
  if (!empty) {
    // Loops over the reduced dims, outermost first: row-major order.
    cx_cg_loop_t loops[CX_MAX_RANK];
    bool looped[CX_MAX_RANK] = {false};
    LLVMValueRef iv[CX_MAX_RANK];
    for (uint32_t d = 0; d < rank; d++) {
      if (!reduced[d]) continue;
      if (dims_of(x)[d] == 1) {
        iv[d] = cx_cg_i64(k->cg, 0);
      } else {
        iv[d] = cx_cg_loop_begin(k, &loops[d], cx_cg_i64(k->cg, 0), cx_cg_i64(k->cg, dims_of(x)[d]), "r");
        looped[d] = true;
      }
    }
    cx_cg_index_t* at = cx_cg_index_new(k, rank);
    for (uint32_t d = 0, j = 0; d < rank && !k->status; d++) at->v[d] = reduced[d] ? iv[d] : index->v[j++];
    LLVMValueRef values[MAX_VARIADIC];
    cx_elem_t elems[MAX_VARIADIC];
    for (uint32_t i = 0; i < n; i++) {
      cx_value_t* xi = cx_op_operand(op, i);
      values[i] = cx_cg_emit_element(k, xi, at);
      elems[i] = elem_of(xi);
    }
    fold_step(k, op, &f, values, elems, reassociable(op, &f, elems));
    for (uint32_t d = rank; d > 0; d--)
      if (looped[d - 1]) cx_cg_loop_end(k, &loops[d - 1]);
  }
  return fold_finish(k, op, &f, result, index);
}

// ---- reduce_window -------------------------------------------------------------------

typedef struct window {
  int64_t size[CX_MAX_RANK], stride[CX_MAX_RANK], base_dil[CX_MAX_RANK], win_dil[CX_MAX_RANK];
  int64_t lo[CX_MAX_RANK];
} window_t;

// An optional list attribute of `rank` entries (or `dflt` everywhere).
static bool read_list(cx_cg_kernel_t* k, cx_op_t* op, cx_name_id_t name, uint32_t rank,
                      int64_t dflt, int64_t* out) {
  uint32_t n;
  if (!cx_op_attr(op, cx_name(k->cg->ir, name))) {
    for (uint32_t d = 0; d < rank; d++) out[d] = dflt;
    return true;
  }
  return cx_op_get_ints(k->cg->ir, op, name, out, CX_MAX_RANK, &n) && n == rank;
}

static bool read_window(cx_cg_kernel_t* k, cx_op_t* op, uint32_t rank, window_t* w) {
  int64_t pad[2 * CX_MAX_RANK];
  uint32_t n;
  if (!read_list(k, op, CX_NAME_window_dimensions, rank, 1, w->size) ||
      !read_list(k, op, CX_NAME_window_strides, rank, 1, w->stride) ||
      !read_list(k, op, CX_NAME_base_dilations, rank, 1, w->base_dil) ||
      !read_list(k, op, CX_NAME_window_dilations, rank, 1, w->win_dil))
    return false;
  if (!cx_op_attr(op, cx_name(k->cg->ir, CX_NAME_padding))) {
    memset(w->lo, 0, sizeof(w->lo));
  } else {
    if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_padding, pad, 2 * CX_MAX_RANK, &n) || n != 2 * rank)
      return false;
    for (uint32_t d = 0; d < rank; d++) w->lo[d] = pad[2 * d];
  }
  for (uint32_t d = 0; d < rank; d++)
    if (w->size[d] < 0 || w->stride[d] <= 0 || w->base_dil[d] <= 0 || w->win_dil[d] <= 0) return false;
  return true;
}

static LLVMValueRef emit_reduce_window(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                       const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  uint32_t n = op->num_results;
  if (n > MAX_VARIADIC) return bad(k, op, result, "has more inputs than compiled code takes (256)");
  if (n == 0 || op->num_operands != 2 * n || op->num_regions != 1)
    return bad(k, op, result, "has an unexpected number of operands, results or regions");
  cx_value_t* x = cx_op_operand(op, 0);
  uint32_t rank = rank_of(x);
  window_t w;
  if (index->rank != rank || !read_window(k, op, rank, &w)) return bad(k, op, result, "has a bad window");
  bool empty = cx_tensor_num_elements(x->type) == 0;

  fold_t f;
  fold_init(k, op, n, &f);
  cx_cg_loop_t loops[CX_MAX_RANK];
  LLVMValueRef iv[CX_MAX_RANK];
  for (uint32_t d = 0; d < rank; d++)
    iv[d] = w.size[d] == 1 ? cx_cg_i64(cg, 0)
                           : cx_cg_loop_begin(k, &loops[d], cx_cg_i64(cg, 0), cx_cg_i64(cg, w.size[d]), "w");
  // The position in the padded, base-dilated operand; `real` when it holds
  // an operand element (else the init value takes part).
  LLVMValueRef real = LLVMConstInt(cg->t_i1, 1, 0);
  cx_cg_index_t* at = cx_cg_index_new(k, rank);
  for (uint32_t d = 0; d < rank && !empty; d++) {
    LLVMValueRef p = LLVMBuildMul(b, index->v[d], cx_cg_i64(cg, w.stride[d]), "");
    if (w.size[d] != 1) p = LLVMBuildAdd(b, p, LLVMBuildMul(b, iv[d], cx_cg_i64(cg, w.win_dil[d]), ""), "");
    if (w.lo[d]) p = LLVMBuildSub(b, p, cx_cg_i64(cg, w.lo[d]), "");
    LLVMValueRef q = p;
    real = LLVMBuildAnd(b, real, LLVMBuildICmp(b, LLVMIntSGE, p, cx_cg_i64(cg, 0), ""), "");
    if (w.base_dil[d] != 1) {
      LLVMValueRef rem = LLVMBuildSRem(b, p, cx_cg_i64(cg, w.base_dil[d]), "");
      real = LLVMBuildAnd(b, real, LLVMBuildICmp(b, LLVMIntEQ, rem, cx_cg_i64(cg, 0), ""), "");
      q = LLVMBuildSDiv(b, p, cx_cg_i64(cg, w.base_dil[d]), "");
    }
    real = LLVMBuildAnd(b, real, LLVMBuildICmp(b, LLVMIntSLT, q, cx_cg_i64(cg, dims_of(x)[d]), ""), "");
    at->v[d] = cx_cg_clamp_i64(cg, q, 0, dims_of(x)[d] - 1);  // never read out of bounds
  }
  LLVMValueRef values[MAX_VARIADIC];
  cx_elem_t elems[MAX_VARIADIC];
  cx_cg_index_t* scalar = cx_cg_index_new(k, 0);
  for (uint32_t i = 0; i < n; i++) {
    cx_value_t* xi = cx_op_operand(op, i);
    cx_value_t* init = cx_op_operand(op, n + i);
    elems[i] = cx_cg_region_arg_elem(&op->regions[0], n + i);
    LLVMValueRef iv0 = cx_cg_convert(k, elem_of(init), elems[i], cx_cg_emit_element(k, init, scalar));
    if (empty) {
      values[i] = iv0;
    } else {
      LLVMValueRef xv = cx_cg_convert(k, elem_of(xi), elems[i], cx_cg_emit_element(k, xi, at));
      values[i] = LLVMBuildSelect(b, real, xv, iv0, "");
    }
  }
  fold_step(k, op, &f, values, elems, false);
  for (uint32_t d = rank; d > 0; d--)
    if (w.size[d - 1] != 1) cx_cg_loop_end(k, &loops[d - 1]);
  return fold_finish(k, op, &f, result, index);
}

// ---- map -----------------------------------------------------------------------------

static LLVMValueRef emit_map(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                             const cx_cg_index_t* index) {
  uint32_t n = op->num_operands;
  if (n > 2 * MAX_VARIADIC || op->num_results != 1 || op->num_regions != 1)
    return bad(k, op, result, "has an unexpected number of operands, results or regions");
  LLVMValueRef args[2 * MAX_VARIADIC] = {0}, r;
  cx_elem_t elems[2 * MAX_VARIADIC] = {0};
  for (uint32_t i = 0; i < n; i++) {
    cx_value_t* xi = cx_op_operand(op, i);
    if (rank_of(xi) != index->rank) return bad(k, op, result, "has operands of another rank");
    args[i] = cx_cg_emit_element(k, xi, index);
    elems[i] = elem_of(xi);
  }
  cx_elem_t out = elem_of(cx_op_result(op, 0));
  cx_cg_call_region(k, op, &op->regions[0], n, elems, args, 1, &out, &r);
  return r;
}

// ---- calls in bodies -----------------------------------------------------------------
//
// Bodies may call functions on scalars (jax's cumlogsumexp calls
// @logaddexp from a reduce_window body). A call on rank-0 values is
// elemental too: its element is the callee's returned element with the
// callee's arguments bound to the call's operand elements -- the callee is
// inlined as scalar code. (Calls elsewhere are expanded by the lowering.)

enum { MAX_CALL_DEPTH = 16 };

static cx_op_t* find_func(const cx_op_t* op, const char* name) {
  cx_block_t* b = op->block;
  while (b && b->parent && b->parent->parent) b = b->parent->parent->block;
  for (cx_op_t* f = b ? b->first_op : NULL; f; f = f->next) {
    const char* fn = f->kind == CX_OP_FUNC_FUNC ? cx_func_name(f) : NULL;
    if (fn && !strcmp(fn, name)) return f;
  }
  return NULL;
}

// The callee of a call, or NULL.
static cx_op_t* callee_of(cx_cg_t* cg, const cx_op_t* call) {
  const cx_attr_t* a = cx_op_attr(call, cx_name(cg->ir, CX_NAME_callee));
  return a && a->kind == CX_ATTR_SYMBOL_REF ? find_func(call, a->str.data) : NULL;
}

// Whether the calls made from `region` nest at most `depth` more levels
// (so inlining terminates: no recursion).
static bool calls_bounded(cx_cg_t* cg, const cx_region_t* region, int depth) {
  for (const cx_block_t* b = region->first_block; b; b = b->next)
    for (const cx_op_t* o = b->first_op; o; o = o->next) {
      if (o->kind == CX_OP_FUNC_CALL) {
        cx_op_t* f = callee_of(cg, o);
        if (depth <= 0 || !f || (f->num_regions && !calls_bounded(cg, &f->regions[0], depth - 1)))
          return false;
      }
      for (uint32_t r = 0; r < o->num_regions; r++)
        if (!calls_bounded(cg, &o->regions[r], depth)) return false;
    }
  return true;
}

static LLVMValueRef emit_call(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                              const cx_cg_index_t* index) {
  cx_op_t* f = callee_of(k->cg, op);
  cx_block_t* body = f ? cx_func_body(f) : NULL;
  cx_op_t* ret = body ? cx_block_terminator(body) : NULL;
  bool scalar = index->rank == 0 && body && body->num_args == op->num_operands && ret &&
                ret->num_operands == op->num_results;
  for (uint32_t i = 0; scalar && i < op->num_operands; i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    scalar = cx_type_is_tensor(t) && t->tensor.rank == 0;
  }
  if (!scalar || !calls_bounded(k->cg, &f->regions[0], MAX_CALL_DEPTH))
    return cx_cg_fail(k, cx_cg_op_error(op, CX_UNIMPLEMENTED,
                                        "inside a kernel is compiled only on scalars and without recursion"),
                      cx_op_result(op, result));
  cx_cg_index_t* inner = cx_cg_index_new(k, 0);
  for (uint32_t i = 0; i < op->num_operands; i++)
    cx_cg_memo_put(k, body->args[i], inner, cx_cg_emit_element(k, cx_op_operand(op, i), index));
  LLVMValueRef mine = NULL;
  for (uint32_t i = 0; i < op->num_results; i++) {
    LLVMValueRef v = cx_cg_emit_element(k, cx_op_operand(ret, i), inner);
    if (i == result) mine = v;
    else cx_cg_memo_put(k, cx_op_result(op, i), index, v);
  }
  return mine;
}

// ---- dispatch ------------------------------------------------------------------------

bool cx_cg_is_reduce_op(const cx_op_t* op) {
  return op->kind == CX_OP_REDUCE || op->kind == CX_OP_REDUCE_WINDOW || op->kind == CX_OP_MAP;
}

LLVMValueRef cx_cg_emit_reduce_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                  const cx_cg_index_t* index) {
  for (uint32_t i = 0; i < op->num_operands && cx_cg_is_reduce_op(op); i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
      return cx_cg_fail(k, cx_cg_op_error(op, CX_UNIMPLEMENTED, "has an operand without a static shape"),
                        cx_op_result(op, result));
  }
  switch (op->kind) {
    case CX_OP_REDUCE: return emit_reduce(k, op, result, index);
    case CX_OP_REDUCE_WINDOW: return emit_reduce_window(k, op, result, index);
    case CX_OP_MAP: return emit_map(k, op, result, index);
    case CX_OP_FUNC_CALL: return emit_call(k, op, result, index);  // in bodies only
    default: return NULL;
  }
}
