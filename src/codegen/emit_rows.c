// Row-fusion kernels (cg.h: cx_cg_emit_row_fusion): softmax, layer-norm
// and their kin, one row per work item.
//
// The fusion's roots have shape S; its per-row values (reductions over S's
// last dimension and the ops on their results, of shape R = S without the
// last dim, or R with a trailing 1) are computed once per row, before the
// row's outputs, in program order: a reduction's element at the row's
// index is its fold over the row (emit_reduce.c's loop, whose operand
// elements are the row's, computed in that loop), an op on per-row values
// reads them at the row's index. Each is then memoized at
// cx_cg_any_index, so when a later loop over the row (the next
// reduction's, or the outputs') asks for it through a broadcast_in_dim
// at any index of the row, it gets the register value and no loop runs
// again. The planner (src/compiler/fusion_rows.c) guarantees that nothing
// reads a per-row value at another row.
//
// So a softmax is three passes over a row that stays in cache (max; sum of
// exp; exp / sum), a layer-norm three (mean; centered squares; outputs),
// each pass a straight-line loop LLVM vectorizes (the reductions'
// accumulators are reassociable, emit_reduce.c), and threads split rows.
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"
#include "codegen/emit_util.h"
#include "support/checked.h"

// Rows smaller than this are grouped into one thread task.
enum { ROW_TASK_ELEMENTS = 16384 };
// Passes over rows of up to this many elements (five 16-lane vectors) are
// unrolled completely (cg_internal.h, unroll_up_to). Longer ones cost LLVM
// more than they gain: a log-softmax over rows of 128 took 37 -> 71 ms to
// optimize unrolled, for 0.3 ms of kernel time per call.
enum { UNROLL_ROW_ELEMENTS = 80 };

static bool same_dims(const cx_type_t* t, uint32_t rank, const int64_t* dims) {
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || t->tensor.rank != rank) return false;
  for (uint32_t d = 0; d < rank; d++)
    if (t->tensor.dims[d] != dims[d]) return false;
  return true;
}

// 1 if v has shape R (S without its last dim), 2 if R with a trailing 1,
// else 0.
static int per_row_form(const cx_value_t* v, uint32_t rank, const int64_t* dims) {
  const cx_type_t* t = v->type;
  if (same_dims(t, rank - 1, dims)) return 1;
  if (cx_type_is_tensor(t) && t->tensor.rank == rank && t->tensor.dims[rank - 1] == 1 &&
      cx_tensor_has_static_shape(t)) {
    for (uint32_t d = 0; d + 1 < rank; d++)
      if (t->tensor.dims[d] != dims[d]) return 0;
    return 2;
  }
  return 0;
}

// ---- element values kept for the row -------------------------------------------------
//
// An element value of the row that several passes read (softmax's exp:
// the sum's pass and the outputs') would be computed once per pass. When
// computing it costs more than loading it (a transcendental, a division),
// it is computed once in a pass of its own, right after the per-row values
// it reads, into a buffer on the kernel's stack, and every later pass
// loads it (memo entries at cx_cg_row_elements_index).

enum { MAX_KEPT_BYTES = 32 * 1024 };  // of the caller's stack

const cx_cg_index_t cx_cg_row_elements_index;

LLVMValueRef cx_cg_row_element_load(cx_cg_kernel_t* k, const cx_value_t* v, LLVMValueRef row,
                                    const cx_cg_index_t* index) {
  LLVMTypeRef t = cx_cg_compute_type(k->cg, cx_tensor_elem(v->type));
  LLVMValueRef j = index->rank ? index->v[index->rank - 1] : cx_cg_i64(k->cg, 0);
  return LLVMBuildLoad2(k->cg->b, t, LLVMBuildGEP2(k->cg->b, t, row, &j, 1, ""), "kept");
}

// Ops whose element costs about as much as a load.
static bool cheap_op(const cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_ADD:
    case CX_OP_SUBTRACT:
    case CX_OP_MULTIPLY:
    case CX_OP_NEGATE:
    case CX_OP_ABS:
    case CX_OP_MAXIMUM:
    case CX_OP_MINIMUM:
    case CX_OP_COMPARE:
    case CX_OP_SELECT:
    case CX_OP_CLAMP:
    case CX_OP_CONVERT:
    case CX_OP_AND:
    case CX_OP_OR:
    case CX_OP_XOR:
    case CX_OP_NOT: return true;
    default: return false;
  }
}

static int32_t op_position(const cx_cg_fusion_t* f, const cx_op_t* op) {
  for (uint32_t i = 0; op && i < f->num_ops; i++)
    if (f->ops[i] == op) return (int32_t)i;
  return -1;
}

// Marks (in seen[], with `stamp`) the element ops of the fusion that the
// element value v is computed from, counting in uses[] the passes (stamps)
// that compute each.
static void count_uses(const cx_cg_fusion_t* f, cx_value_t* v, uint32_t rank, const int64_t* dims,
                       uint32_t stamp, uint32_t* seen, uint32_t* uses) {
  int32_t p = op_position(f, v->def_op);
  if (p < 0 || seen[p] == stamp || !same_dims(v->type, rank, dims)) return;
  seen[p] = stamp;
  uses[p]++;
  cx_op_t* op = f->ops[p];
  if (op->num_regions) return;  // a reduction's operand elements belong to its own pass
  for (uint32_t i = 0; i < op->num_operands; i++) count_uses(f, cx_op_operand(op, i), rank, dims, stamp, seen, uses);
}

// keep[i]: whether op i's element values get a row buffer (reduced[i]:
// whether op i is computed from a reduction of the row).
static void choose_kept(cx_cg_kernel_t* k, const cx_cg_fusion_t* f, uint32_t rank, const int64_t* dims,
                        const bool* reduced, bool* keep) {
  uint32_t* seen = CX_ARENA_ARRAY(&k->arena, uint32_t, f->num_ops);
  uint32_t* uses = CX_ARENA_ARRAY(&k->arena, uint32_t, f->num_ops);
  if (!seen || !uses) return;  // nothing kept: every pass computes its elements
  memset(seen, 0, f->num_ops * sizeof(uint32_t));
  memset(uses, 0, f->num_ops * sizeof(uint32_t));
  uint32_t stamp = 0;
  for (uint32_t i = 0; i < f->num_ops; i++) {
    cx_op_t* op = f->ops[i];
    if (op->kind != CX_OP_REDUCE) continue;
    ++stamp;
    for (uint32_t j = 0; j < op->num_operands / 2; j++)
      count_uses(f, cx_op_operand(op, j), rank, dims, stamp, seen, uses);
  }
  ++stamp;
  for (uint32_t r = 0; r < f->num_roots; r++) count_uses(f, f->roots[r], rank, dims, stamp, seen, uses);
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < f->num_ops; i++) {
    cx_op_t* op = f->ops[i];
    // Only values computed from a reduction: their readers are ops of the
    // row's passes, which read them at the row (free ops, which may read
    // at other rows, read no such value; fusion_rows.c).
    if (!reduced[i] || uses[i] < 2 || cheap_op(op) || op->num_results != 1 || op->num_regions) continue;
    cx_elem_t e = cx_tensor_elem(cx_op_result(op, 0)->type);
    uint64_t size = (uint64_t)dims[rank - 1] * (cx_elem_is_complex(e) ? 16 : 8);
    if (bytes + size > MAX_KEPT_BYTES) continue;
    bytes += size;
    keep[i] = true;
  }
}

// Computes op's element values of the current row (at `outer`) into a
// stack buffer and memoizes the buffer for the passes that follow.
static void keep_row(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* outer, uint32_t rank, int64_t n) {
  cx_cg_t* cg = k->cg;
  cx_value_t* v = cx_op_result(op, 0);
  LLVMTypeRef t = cx_cg_compute_type(cg, cx_tensor_elem(v->type));
  LLVMTypeRef at = LLVMArrayType2(t, (uint64_t)n);
  LLVMBasicBlockRef here = LLVMGetInsertBlock(cg->b);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(k->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first) LLVMPositionBuilderBefore(cg->b, first);
  else LLVMPositionBuilderAtEnd(cg->b, entry);
  LLVMValueRef buf = LLVMBuildAlloca(cg->b, at, "row");
  LLVMPositionBuilderAtEnd(cg->b, here);
  cx_cg_loop_t loop;
  LLVMValueRef j = cx_cg_loop_begin(k, &loop, cx_cg_i64(cg, 0), cx_cg_i64(cg, n), "keep");
  cx_cg_index_t* index = cx_cg_index_new(k, rank);
  for (uint32_t d = 0; d + 1 < rank && !k->status; d++) index->v[d] = outer->v[d];
  if (!k->status) index->v[rank - 1] = j;
  LLVMValueRef x = cx_cg_emit_element(k, v, index);
  LLVMBuildStore(cg->b, x, LLVMBuildGEP2(cg->b, t, buf, &j, 1, ""));
  cx_cg_loop_end(k, &loop);
  cx_cg_memo_put(k, v, &cx_cg_row_elements_index, buf);
}

// The index of row `row` in a shape's dims but the last (rank-1 values).
static void outer_index(cx_cg_kernel_t* k, LLVMValueRef row, uint32_t rank, const int64_t* dims,
                        cx_cg_index_t* out) {
  LLVMValueRef rem = row;
  for (uint32_t d = rank - 1; d > 0 && !k->status; d--) {
    if (d == 1) {
      out->v[0] = rem;
    } else {
      LLVMValueRef dim = cx_cg_i64(k->cg, dims[d - 1]);
      out->v[d - 1] = LLVMBuildSRem(k->cg->b, rem, dim, "");
      rem = LLVMBuildSDiv(k->cg->b, rem, dim, "");
    }
  }
}

cx_status_t cx_cg_emit_row_fusion(cx_cg_t* cg, const cx_cg_fusion_t* f, cx_cg_kernel_info_t* out) {
  memset(out, 0, sizeof(*out));
  if (!f->num_roots) return CX_ERROR(CX_INTERNAL, "row fusion without outputs");
  // The outputs' shape, and the rows' shape S: the reductions' operands'
  // (the outputs' own, unless the root is a reshape of S that keeps the
  // last dimension, so row r of S is row r of the output).
  const cx_type_t* out_shape = f->roots[0]->type;
  const cx_type_t* shape = out_shape;
  for (uint32_t i = 0; i < f->num_ops; i++)
    if (f->ops[i]->kind == CX_OP_REDUCE && f->ops[i]->num_operands) {
      shape = cx_op_operand(f->ops[i], 0)->type;
      break;
    }
  if (!cx_type_is_tensor(shape) || !cx_tensor_has_static_shape(shape) || shape->tensor.rank == 0 ||
      shape->tensor.dims[shape->tensor.rank - 1] < 2 || !cx_type_is_tensor(out_shape) ||
      !cx_tensor_has_static_shape(out_shape) || out_shape->tensor.rank == 0 ||
      cx_tensor_num_elements(out_shape) != cx_tensor_num_elements(shape) ||
      out_shape->tensor.dims[out_shape->tensor.rank - 1] != shape->tensor.dims[shape->tensor.rank - 1])
    return CX_ERROR(CX_INTERNAL, "row fusion output without static rows");
  uint32_t rank = shape->tensor.rank, out_rank = out_shape->tensor.rank;
  const int64_t* dims = shape->tensor.dims;
  const int64_t* out_dims = out_shape->tensor.dims;
  for (uint32_t r = 1; r < f->num_roots; r++)
    if (!same_dims(f->roots[r]->type, out_rank, out_dims))
      return CX_ERROR(CX_INTERNAL, "row fusion outputs differ in shape");
  int64_t n = dims[rank - 1], rows = 1;
  for (uint32_t d = 0; d + 1 < rank; d++)
    if (!cx_mul_i64(rows, dims[d], &rows)) return CX_ERROR(CX_OUT_OF_RANGE, "shape too large");

  cx_cg_kernel_t k;
  LLVMValueRef begin, end;
  CX_RETURN_IF_ERROR(cx_cg_own_begin(cg, f, 0, &k, &begin, &end));
  LLVMBuilderRef b = cg->b;
  k.unroll_up_to = UNROLL_ROW_ELEMENTS;

  // for (row = begin; row < end; row++)
  cx_cg_loop_t row_loop, out_loop;
  LLVMValueRef row = cx_cg_loop_begin(&k, &row_loop, begin, end, "row");
  // The row's index in R and in R with a trailing 1.
  cx_cg_index_t* at_r = cx_cg_index_new(&k, rank - 1);
  cx_cg_index_t* at_r1 = cx_cg_index_new(&k, rank);
  outer_index(&k, row, rank, dims, at_r);
  for (uint32_t d = 0; d + 1 < rank && !k.status; d++) at_r1->v[d] = at_r->v[d];
  if (!k.status) at_r1->v[rank - 1] = cx_cg_i64(cg, 0);

  // The per-row values and the kept element values, producers first (ops
  // are in program order).
  // Only values computed from a reduction of the row are memoized for any
  // index: other values of a per-row shape may be read at other rows (a
  // bias vector broadcast along the row) and are computed where read.
  bool* reduced = CX_ARENA_ARRAY(&k.arena, bool, f->num_ops ? f->num_ops : 1);
  if (!reduced) k.status = CX_OOM();
  for (uint32_t i = 0; i < f->num_ops && !k.status; i++) {
    cx_op_t* op = f->ops[i];
    reduced[i] = op->kind == CX_OP_REDUCE;
    for (uint32_t a = 0; a < op->num_operands && !reduced[i]; a++) {
      int32_t p = op_position(f, cx_op_operand(op, a)->def_op);
      reduced[i] = p >= 0 && (uint32_t)p < i && reduced[p];
    }
  }
  bool* keep = CX_ARENA_ARRAY(&k.arena, bool, f->num_ops ? f->num_ops : 1);
  if (keep && !k.status) {
    memset(keep, 0, (f->num_ops ? f->num_ops : 1) * sizeof(bool));
    choose_kept(&k, f, rank, dims, reduced, keep);
  }
  for (uint32_t i = 0; i < f->num_ops && !k.status; i++) {
    cx_op_t* op = f->ops[i];
    if (keep && keep[i]) {
      keep_row(&k, op, at_r, rank, n);
      continue;
    }
    for (uint32_t r = 0; r < op->num_results && reduced[i] && !k.status; r++) {
      cx_value_t* v = cx_op_result(op, r);
      int form = per_row_form(v, rank, dims);
      if (!form) continue;
      LLVMValueRef x = cx_cg_emit_element(&k, v, form == 1 ? at_r : at_r1);
      cx_cg_memo_put(&k, v, &cx_cg_any_index, x);
    }
  }

  // The row's outputs.
  cx_cg_index_t* out_r = at_r;
  if (out_rank != rank || !same_dims(out_shape, rank, dims)) {
    out_r = cx_cg_index_new(&k, out_rank - 1);
    outer_index(&k, row, out_rank, out_dims, out_r);
  }
  LLVMValueRef j = cx_cg_loop_begin(&k, &out_loop, cx_cg_i64(cg, 0), cx_cg_i64(cg, n), "j");
  cx_cg_index_t* index = cx_cg_index_new(&k, out_rank);
  for (uint32_t d = 0; d + 1 < out_rank && !k.status; d++) index->v[d] = out_r->v[d];
  if (!k.status) index->v[out_rank - 1] = j;
  LLVMValueRef lin = LLVMBuildAdd(b, LLVMBuildMul(b, row, cx_cg_i64(cg, n), ""), j, "lin");
  cx_cg_store_roots(&k, index, lin);
  cx_cg_loop_end(&k, &out_loop);
  cx_cg_loop_end(&k, &row_loop);
  return cx_cg_own_finish(&k, rows, ROW_TASK_ELEMENTS / n, out);
}
