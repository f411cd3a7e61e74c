// Loop kernels: one LLVM function per fusion, iterating over the shape of
// the fusion's outputs and computing each element elementally.
//
// Iteration space. The outputs' shape is split into rows (the innermost
// dimension) and each row into chunks of at most CX_CG_CHUNK elements; a
// work item is one chunk of one row. The runtime hands a kernel a range of
// work items, so threads split both tall and long (1-D) shapes. Within a
// chunk the innermost index runs through a plain counted loop whose body is
// straight-line code, which LLVM's loop vectorizer turns into SIMD code
// when the accesses allow it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"
#include "codegen/emit_util.h"
#include "support/checked.h"
#include "support/strbuf.h"

enum { CX_CG_CHUNK = 4096, CX_CG_TASK_ELEMENTS = 16384 };

// ---- memoization -----------------------------------------------------------------------

const cx_cg_index_t cx_cg_any_index;

static LLVMValueRef memo_find(cx_cg_kernel_t* k, const cx_value_t* v, const cx_cg_index_t* idx) {
  for (uint32_t i = k->memo_len; i > 0; i--) {
    cx_cg_memo_t* m = &k->memo[i - 1];
    if (m->value == v && (m->index == idx || m->index == &cx_cg_any_index)) return m->result;
    if (m->value == v && m->index == &cx_cg_row_elements_index) return cx_cg_row_element_load(k, v, m->result, idx);
  }
  return NULL;
}

void cx_cg_memo_put(cx_cg_kernel_t* k, const cx_value_t* v, const cx_cg_index_t* idx,
                    LLVMValueRef r) {
  if (k->memo_len == k->memo_cap) {
    uint32_t cap = k->memo_cap ? k->memo_cap * 2 : 64;
    cx_cg_memo_t* m = cx_realloc_array(k->cg->allocator, k->memo, cap, sizeof(*m));
    if (!m) {
      if (!k->status) k->status = CX_OOM();
      return;
    }
    k->memo = m;
    k->memo_cap = cap;
  }
  k->memo[k->memo_len++] = (cx_cg_memo_t){v, idx, r};
}

uint32_t cx_cg_memo_mark(cx_cg_kernel_t* k) { return k->memo_len; }
void cx_cg_memo_release(cx_cg_kernel_t* k, uint32_t mark) {
  if (mark < k->memo_len) k->memo_len = mark;
}

// ---- helpers -------------------------------------------------------------------------

cx_cg_index_t* cx_cg_index_new(cx_cg_kernel_t* k, uint32_t rank) {
  cx_cg_index_t* idx = CX_ARENA_NEW(&k->arena, cx_cg_index_t);
  LLVMValueRef* v = rank ? CX_ARENA_ARRAY(&k->arena, LLVMValueRef, rank) : NULL;
  if (!idx || (rank && !v)) {
    if (!k->status) k->status = CX_OOM();
    static cx_cg_index_t empty;  // read-only fallback; emission stops anyway
    return &empty;
  }
  idx->rank = rank;
  idx->v = v;
  return idx;
}

static LLVMValueRef placeholder(cx_cg_kernel_t* k, const cx_value_t* v) {
  if (!cx_type_is_tensor(v->type)) return LLVMConstInt(k->cg->t_i8, 0, 0);
  return LLVMConstNull(cx_cg_compute_type(k->cg, cx_tensor_elem(v->type)));
}

LLVMValueRef cx_cg_fail(cx_cg_kernel_t* k, cx_status_t status, cx_value_t* value) {
  if (!k->status) k->status = status;
  else cx_status_free(status);
  return placeholder(k, value);
}

static cx_status_t op_error(const cx_op_t* op, cx_status_code_t code, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(
      CX_ERROR(code, "'%s' op %s", op->name ? op->name : cx_op_info(op->kind)->name, what), loc);
}

LLVMValueRef cx_cg_loop_begin(cx_cg_kernel_t* k, cx_cg_loop_t* loop, LLVMValueRef begin,
                              LLVMValueRef end, const char* name) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
  loop->header = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, name);
  loop->body = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "body");
  loop->exit = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "exit");
  LLVMBuildBr(b, loop->header);
  LLVMPositionBuilderAtEnd(b, loop->header);
  loop->iv = LLVMBuildPhi(b, cg->t_i64, name);
  LLVMAddIncoming(loop->iv, &begin, &pre, 1);
  LLVMValueRef more = LLVMBuildICmp(b, LLVMIntSLT, loop->iv, end, "");
  LLVMBuildCondBr(b, more, loop->body, loop->exit);
  LLVMPositionBuilderAtEnd(b, loop->body);
  loop->memo_mark = cx_cg_memo_mark(k);
  // Remainders as masked vector iterations: a softmax over rows of 79 took
  // 3.8 ms with a scalar remainder loop per pass and 2.0 ms folded, a chain
  // of 100 ops on 4 elements 0.64 us and 0.17 us; long loops are unchanged.
  loop->fold_tail = true;
  loop->unroll_full = false;
  if (k->unroll_up_to > 0 && LLVMIsAConstantInt(begin) && LLVMIsAConstantInt(end)) {
    int64_t trip = LLVMConstIntGetSExtValue(end) - LLVMConstIntGetSExtValue(begin);
    loop->unroll_full = trip > 0 && trip <= k->unroll_up_to;
  }
  return loop->iv;
}

// The loop ID that asks LLVM's vectorizer to fold the loop's remainder
// into masked vector iterations instead of a scalar epilogue loop: a
// self-referencing node (a temporary operand replaced by the node itself,
// which LLVM makes distinct) with the property.
// With unroll_full, the loops the vectorizer makes carry
// llvm.loop.unroll.full (a follow-up property: metadata of the scalar loop
// does not reach them otherwise).
static LLVMValueRef fold_tail_loop_id(cx_cg_t* cg, bool unroll_full) {
  LLVMContextRef c = cg->ctx;
  static const char kName[] = "llvm.loop.vectorize.predicate.enable";
  static const char kFollow[] = "llvm.loop.vectorize.followup_all";
  static const char kUnroll[] = "llvm.loop.unroll.full";
  LLVMMetadataRef prop[2] = {LLVMMDStringInContext2(c, kName, sizeof kName - 1),
                             LLVMValueAsMetadata(LLVMConstInt(LLVMInt1TypeInContext(c), 1, 0))};
  LLVMMetadataRef unroll = LLVMMDStringInContext2(c, kUnroll, sizeof kUnroll - 1);
  LLVMMetadataRef follow[2] = {LLVMMDStringInContext2(c, kFollow, sizeof kFollow - 1),
                               LLVMMDNodeInContext2(c, &unroll, 1)};
  LLVMMetadataRef self = LLVMTemporaryMDNode(c, NULL, 0);
  LLVMMetadataRef ops[3] = {self, LLVMMDNodeInContext2(c, prop, 2),
                            unroll_full ? LLVMMDNodeInContext2(c, follow, 2) : NULL};
  LLVMMetadataRef id = LLVMMDNodeInContext2(c, ops, unroll_full ? 3 : 2);
  LLVMMetadataReplaceAllUsesWith(self, id);
  return LLVMMetadataAsValue(c, id);
}

void cx_cg_loop_end(cx_cg_kernel_t* k, cx_cg_loop_t* loop) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_cg_memo_release(k, loop->memo_mark);
  LLVMValueRef next = LLVMBuildNSWAdd(b, loop->iv, cx_cg_i64(cg, 1), "");
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(b);
  LLVMAddIncoming(loop->iv, &next, &latch, 1);
  LLVMValueRef br = LLVMBuildBr(b, loop->header);
  if (loop->fold_tail) LLVMSetMetadata(br, LLVMGetMDKindIDInContext(cg->ctx, "llvm.loop", 9),
                                       fold_tail_loop_id(cg, loop->unroll_full));
  LLVMPositionBuilderAtEnd(b, loop->exit);
}

// Row-major linear offset of `index` in a tensor of `type`.
static LLVMValueRef linearize(cx_cg_kernel_t* k, const cx_type_t* type, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMValueRef lin = cx_cg_i64(cg, 0);
  int64_t stride = 1;
  for (uint32_t d = type->tensor.rank; d > 0; d--) {
    LLVMValueRef term = LLVMBuildMul(cg->b, index->v[d - 1], cx_cg_i64(cg, stride), "");
    lin = LLVMBuildAdd(cg->b, lin, term, "");
    stride *= type->tensor.dims[d - 1];
  }
  return lin;
}

static int input_position(const cx_cg_kernel_t* k, const cx_value_t* v) {
  for (uint32_t i = 0; i < k->fusion->num_inputs; i++)
    if (k->fusion->inputs[i] == v) return (int)i;
  return -1;
}

// ---- elemental dispatch --------------------------------------------------------------------

bool cx_cg_op_is_elemental(const cx_op_t* op) {
  if (op->kind == CX_OP_CONSTANT || op->kind == CX_OP_CHLO_CONSTANT) return true;
  return cx_cg_is_scalar_op(op) || cx_cg_is_shape_op(op) || cx_cg_is_chlo_op(op) ||
         cx_cg_is_convert_op(op) || cx_cg_is_quant_op(op) || cx_cg_is_reduce_op(op) ||
         cx_cg_is_gather_op(op);
}

static LLVMValueRef emit_constant(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  const cx_attr_t* value = cx_op_attr(op, cx_name(k->cg->ir, CX_NAME_value));
  cx_value_t* r = cx_op_result(op, 0);
  const void* data;
  size_t nbytes;
  bool splat;
  if (!value || !cx_attr_dense_data(value, &data, &nbytes, &splat))
    return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "has no data"), r);
  cx_elem_t e = cx_tensor_elem(r->type);
  if (splat || cx_tensor_num_elements(r->type) == 1) return cx_cg_const_elem(k->cg, e, data);
  // A non-splat constant inside a fusion: the compiler passes such constants
  // as inputs, so this only happens for constants it chose to fuse.
  (void)index;
  return cx_cg_fail(k, op_error(op, CX_INTERNAL, "non-splat constant fused into a kernel"), r);
}

static LLVMValueRef emit_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                            const cx_cg_index_t* index) {
  cx_value_t* r = cx_op_result(op, result);
  if (op->kind == CX_OP_CONSTANT || op->kind == CX_OP_CHLO_CONSTANT) return emit_constant(k, op, index);
  if (cx_cg_is_quant_op(op)) return cx_cg_emit_quant_op(k, op, result, index);
  if (cx_cg_is_scalar_op(op)) {
    LLVMValueRef args[4];
    if (op->num_operands > 4) return cx_cg_fail(k, op_error(op, CX_INTERNAL, "has too many operands"), r);
    for (uint32_t i = 0; i < op->num_operands; i++) {
      cx_value_t* v = cx_op_operand(op, i);
      const cx_cg_index_t* at = index;
      // select's predicate and clamp's bounds may be scalars.
      if (cx_type_is_tensor(v->type) && v->type->tensor.rank == 0 && index->rank != 0)
        at = cx_cg_index_new(k, 0);
      args[i] = cx_cg_emit_element(k, v, at);
    }
    LLVMValueRef s = cx_cg_emit_scalar_op(k, op, args);
    if (!s) return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, "is not supported by the code generator for these types"), r);
    return s;
  }
  LLVMValueRef s = cx_cg_emit_shape_op(k, op, result, index);
  if (!s) s = cx_cg_emit_chlo_op(k, op, result, index);
  if (!s) s = cx_cg_emit_convert_op(k, op, result, index);
  if (!s) s = cx_cg_emit_reduce_op(k, op, result, index);
  if (!s) s = cx_cg_emit_gather_op(k, op, result, index);
  if (s) return s;
  if ((s = cx_cg_emit_dot_conv_op(k, op, result, index))) return s;
  return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, "cannot be compiled into a loop kernel yet"), r);
}

LLVMValueRef cx_cg_emit_element(cx_cg_kernel_t* k, cx_value_t* value, const cx_cg_index_t* index) {
  if (k->status) return placeholder(k, value);
  LLVMValueRef m = memo_find(k, value, index);
  if (m) return m;
  LLVMValueRef r;
  int in = input_position(k, value);
  if (in >= 0) {
    cx_elem_t e = cx_tensor_elem(value->type);
    r = cx_cg_load_elem(k->cg, k->imports, e, k->input_ptrs[in], linearize(k, value->type, index));
  } else if (value->def_op) {
    r = emit_op(k, value->def_op, value->index, index);
  } else {
    return cx_cg_fail(k, CX_ERROR(CX_INTERNAL, "a block argument reached the code generator unbound"),
                      value);
  }
  cx_cg_memo_put(k, value, index, r);
  return r;
}

void cx_cg_emit_region_scalar(cx_cg_kernel_t* k, const cx_region_t* region, uint32_t num_args,
                              const LLVMValueRef* args, uint32_t num_results,
                              LLVMValueRef* results) {
  cx_block_t* block = cx_region_block(region);
  cx_cg_index_t* scalar = cx_cg_index_new(k, 0);
  for (uint32_t i = 0; i < num_args && i < block->num_args; i++)
    cx_cg_memo_put(k, block->args[i], scalar, args[i]);
  cx_op_t* term = cx_block_terminator(block);
  for (uint32_t i = 0; i < num_results; i++) {
    if (!term || i >= term->num_operands) {
      results[i] = LLVMConstInt(k->cg->t_i8, 0, 0);
      if (!k->status) k->status = CX_ERROR(CX_INTERNAL, "region returns too few values");
      continue;
    }
    results[i] = cx_cg_emit_element(k, cx_op_operand(term, i), scalar);
  }
}

// ---- the kernel ----------------------------------------------------------------------------

cx_status_t cx_cg_emit_fusion(cx_cg_t* cg, const cx_cg_fusion_t* f, cx_cg_kernel_info_t* out) {
  memset(out, 0, sizeof(*out));
  if (!f->num_roots) return CX_ERROR(CX_INTERNAL, "fusion without outputs");
  const cx_type_t* shape = f->roots[0]->type;
  if (!cx_type_is_tensor(shape) || !cx_tensor_has_static_shape(shape))
    return CX_ERROR(CX_INTERNAL, "fusion output without a static shape");
  uint32_t rank = shape->tensor.rank;
  const int64_t* dims = shape->tensor.dims;
  int64_t inner = rank ? dims[rank - 1] : 1, outer = 1;
  for (uint32_t d = 0; d + 1 < rank; d++)
    if (!cx_mul_i64(outer, dims[d], &outer)) return CX_ERROR(CX_OUT_OF_RANGE, "shape too large");
  int64_t chunk = inner < CX_CG_CHUNK ? inner : CX_CG_CHUNK;
  int64_t nchunks = chunk ? (inner + chunk - 1) / chunk : 0;
  int64_t items;
  if (!cx_mul_i64(outer, nchunks, &items)) return CX_ERROR(CX_OUT_OF_RANGE, "shape too large");

  cx_cg_kernel_t k;
  LLVMValueRef begin, end;
  CX_RETURN_IF_ERROR(cx_cg_own_begin(cg, f, 0, &k, &begin, &end));
  LLVMBuilderRef b = cg->b;

  // for (item = begin; item < end; item++): row = item / nchunks, chunk = item % nchunks
  cx_cg_loop_t items_loop, inner_loop;
  LLVMValueRef item = cx_cg_loop_begin(&k, &items_loop, begin, end, "item");
  LLVMValueRef row = nchunks == 1 ? item : LLVMBuildSDiv(b, item, cx_cg_i64(cg, nchunks), "row");
  LLVMValueRef part = nchunks == 1 ? cx_cg_i64(cg, 0) : LLVMBuildSRem(b, item, cx_cg_i64(cg, nchunks), "part");
  LLVMValueRef j0 = LLVMBuildMul(b, part, cx_cg_i64(cg, chunk), "j0");
  LLVMValueRef j1 = LLVMBuildAdd(b, j0, cx_cg_i64(cg, chunk), "");
  LLVMValueRef over = LLVMBuildICmp(b, LLVMIntSGT, j1, cx_cg_i64(cg, inner), "");
  j1 = LLVMBuildSelect(b, over, cx_cg_i64(cg, inner), j1, "j1");
  // The outer multi-index of the row.
  LLVMValueRef* outer_idx = rank > 1 ? CX_ARENA_ARRAY(&k.arena, LLVMValueRef, rank - 1) : NULL;
  LLVMValueRef rem = row;
  for (uint32_t d = rank > 1 ? rank - 1 : 0; d > 0; d--) {
    if (d == 1) {
      outer_idx[0] = rem;
    } else {
      LLVMValueRef dim = cx_cg_i64(cg, dims[d - 1]);
      outer_idx[d - 1] = LLVMBuildSRem(b, rem, dim, "");
      rem = LLVMBuildSDiv(b, rem, dim, "");
    }
  }
  LLVMValueRef row_base = LLVMBuildMul(b, row, cx_cg_i64(cg, inner), "row_base");
  LLVMValueRef j = cx_cg_loop_begin(&k, &inner_loop, j0, j1, "j");
  cx_cg_index_t* index = cx_cg_index_new(&k, rank);
  for (uint32_t d = 0; d + 1 < rank; d++) index->v[d] = outer_idx[d];
  if (rank) index->v[rank - 1] = j;
  LLVMValueRef lin = LLVMBuildAdd(b, row_base, j, "lin");
  cx_cg_store_roots(&k, index, lin);
  cx_cg_loop_end(&k, &inner_loop);
  cx_cg_loop_end(&k, &items_loop);
  int64_t per_item = chunk ? chunk : 1;
  return cx_cg_own_finish(&k, items, CX_CG_TASK_ELEMENTS / per_item, out);
}
