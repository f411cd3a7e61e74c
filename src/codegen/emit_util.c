// Helpers of the loop-shaped families and the scaffold of kernels of their
// own shape (see emit_util.h).
#include "codegen/emit_util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/kernel_imports.h"
#include "support/strbuf.h"

cx_status_t cx_cg_op_error(const cx_op_t* op, cx_status_code_t code, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* msg = cx_vformat(fmt, args);
  va_end(args);
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  cx_status_t s = CX_ERROR(code, "'%s' op %s", op->name ? op->name : cx_op_info(op->kind)->name,
                           msg ? msg : "cannot be compiled");
  cx_free_malloced(msg);
  return cx_status_with_location(s, loc);
}

LLVMValueRef cx_cg_entry_alloca(cx_cg_kernel_t* k, LLVMTypeRef type, const char* name) {
  LLVMBuilderRef b = k->cg->b;
  LLVMBasicBlockRef here = LLVMGetInsertBlock(b);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(k->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first) LLVMPositionBuilderBefore(b, first);
  else LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef slot = LLVMBuildAlloca(b, type, name);
  LLVMPositionBuilderAtEnd(b, here);
  return slot;
}

void cx_cg_while_begin(cx_cg_kernel_t* k, cx_cg_while_t* w, const char* name) {
  cx_cg_t* cg = k->cg;
  w->header = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, name);
  w->body = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "wbody");
  w->exit = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "wexit");
  LLVMBuildBr(cg->b, w->header);
  LLVMPositionBuilderAtEnd(cg->b, w->header);
  w->memo_mark = cx_cg_memo_mark(k);
}

void cx_cg_while_cond(cx_cg_kernel_t* k, cx_cg_while_t* w, LLVMValueRef cond) {
  // The memo scope opened in the header covers the condition too: values
  // it computes are recomputed after the loop rather than reused.
  LLVMBuildCondBr(k->cg->b, cond, w->body, w->exit);
  LLVMPositionBuilderAtEnd(k->cg->b, w->body);
}

void cx_cg_while_end(cx_cg_kernel_t* k, cx_cg_while_t* w) {
  cx_cg_memo_release(k, w->memo_mark);
  LLVMBuildBr(k->cg->b, w->header);
  LLVMPositionBuilderAtEnd(k->cg->b, w->exit);
}

void cx_cg_if_begin(cx_cg_kernel_t* k, cx_cg_if_t* s, LLVMValueRef cond) {
  cx_cg_t* cg = k->cg;
  s->then = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "then");
  s->merge = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "endif");
  LLVMBuildCondBr(cg->b, cond, s->then, s->merge);
  LLVMPositionBuilderAtEnd(cg->b, s->then);
  s->memo_mark = cx_cg_memo_mark(k);
}

void cx_cg_if_end(cx_cg_kernel_t* k, cx_cg_if_t* s) {
  cx_cg_memo_release(k, s->memo_mark);
  LLVMBuildBr(k->cg->b, s->merge);
  LLVMPositionBuilderAtEnd(k->cg->b, s->merge);
}

void cx_cg_fail_unless(cx_cg_kernel_t* k, LLVMValueRef ok, int32_t code) {
  cx_cg_t* cg = k->cg;
  LLVMBasicBlockRef good = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "inrange");
  LLVMBasicBlockRef bad = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "fail");
  LLVMBuildCondBr(cg->b, ok, good, bad);
  LLVMPositionBuilderAtEnd(cg->b, bad);
  LLVMBuildRet(cg->b, cx_cg_i32(cg, code));
  // The good block is dominated by the current one: memoized values stay valid.
  LLVMPositionBuilderAtEnd(cg->b, good);
}

LLVMValueRef cx_cg_convert(cx_cg_kernel_t* k, cx_elem_t from, cx_elem_t to, LLVMValueRef v) {
  if (from == to) return v;
  LLVMValueRef r = cx_cg_emit_convert(k, from, to, v);
  return cx_elem_is_float(to) ? cx_cg_round_to_elem(k->cg, k->imports, to, r) : r;
}

cx_elem_t cx_cg_region_arg_elem(const cx_region_t* region, uint32_t i) {
  const cx_block_t* b = cx_region_block(region);
  if (!b || i >= b->num_args || !cx_type_is_tensor(b->args[i]->type)) return CX_ELEM_INVALID;
  return cx_tensor_elem(b->args[i]->type);
}

cx_elem_t cx_cg_region_result_elem(const cx_region_t* region, uint32_t i) {
  cx_block_t* b = cx_region_block(region);
  cx_op_t* term = b ? cx_block_terminator(b) : NULL;
  if (!term || i >= term->num_operands) return CX_ELEM_INVALID;
  const cx_type_t* t = cx_op_operand(term, i)->type;
  return cx_type_is_tensor(t) ? cx_tensor_elem(t) : CX_ELEM_INVALID;
}

static bool region_is_quantized(const cx_region_t* region) {
  const cx_block_t* b = cx_region_block(region);
  if (!b) return true;
  for (uint32_t i = 0; i < b->num_args; i++)
    if (!cx_type_is_tensor(b->args[i]->type) || cx_tensor_is_quantized(b->args[i]->type)) return true;
  return false;
}

void cx_cg_call_region(cx_cg_kernel_t* k, cx_op_t* op, const cx_region_t* region, uint32_t nargs,
                       const cx_elem_t* in_elems, const LLVMValueRef* args, uint32_t nres,
                       const cx_elem_t* out_elems, LLVMValueRef* results) {
  const cx_block_t* b = cx_region_block(region);
  if (!b || b->num_args != nargs || region_is_quantized(region)) {
    for (uint32_t i = 0; i < nres; i++)
      results[i] = LLVMConstNull(cx_cg_compute_type(k->cg, out_elems[i]));
    if (!k->status)
      k->status = cx_cg_op_error(op, CX_UNIMPLEMENTED,
                                 "has a region the code generator cannot run (quantized or "
                                 "malformed arguments)");
    return;
  }
  LLVMValueRef conv[2 * 64];
  LLVMValueRef* a = nargs <= 128 ? conv : CX_ARENA_ARRAY(&k->arena, LLVMValueRef, nargs);
  if (!a) {
    if (!k->status) k->status = CX_OOM();
    a = conv;
    nargs = 0;
  }
  for (uint32_t i = 0; i < nargs; i++)
    a[i] = cx_cg_convert(k, in_elems[i], cx_cg_region_arg_elem(region, i), args[i]);
  uint32_t mark = cx_cg_memo_mark(k);
  cx_cg_emit_region_scalar(k, region, nargs, a, nres, results);
  cx_cg_memo_release(k, mark);
  for (uint32_t i = 0; i < nres; i++) {
    cx_elem_t from = cx_cg_region_result_elem(region, i);
    if (k->status) {
      results[i] = LLVMConstNull(cx_cg_compute_type(k->cg, out_elems[i]));
    } else if (from != out_elems[i]) {
      results[i] = cx_cg_convert(k, from, out_elems[i], results[i]);
    }
  }
}

LLVMValueRef cx_cg_index_to_i64(cx_cg_kernel_t* k, cx_elem_t e, LLVMValueRef v) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(v));
  bool is_unsigned = cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1;
  if (w < 64) return is_unsigned ? LLVMBuildZExt(b, v, cg->t_i64, "") : LLVMBuildSExt(b, v, cg->t_i64, "");
  if (!is_unsigned) return v;
  LLVMValueRef big = LLVMBuildICmp(b, LLVMIntSLT, v, cx_cg_i64(cg, 0), "");
  return LLVMBuildSelect(b, big, cx_cg_i64(cg, INT64_MAX), v, "");
}

LLVMValueRef cx_cg_clamp_i64(cx_cg_t* cg, LLVMValueRef v, int64_t lo, int64_t hi) {
  LLVMBuilderRef b = cg->b;
  LLVMValueRef l = cx_cg_i64(cg, lo), h = cx_cg_i64(cg, hi);
  v = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, v, l, ""), l, v, "");
  return LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGT, v, h, ""), h, v, "");
}

void cx_cg_strides(const cx_type_t* t, int64_t* out) {
  int64_t s = 1;
  for (uint32_t d = t->tensor.rank; d > 0; d--) {
    out[d - 1] = s;
    s *= t->tensor.dims[d - 1];
  }
}

// ---- kernels of their own shape -----------------------------------------------------------

cx_status_t cx_cg_own_begin(cx_cg_t* cg, const cx_cg_fusion_t* f, uint32_t extra,
                            cx_cg_kernel_t* k, LLVMValueRef* out_begin, LLVMValueRef* out_end) {
  memset(k, 0, sizeof(*k));
  k->cg = cg;
  k->b = cg->b;
  k->fusion = f;
  cx_arena_init(&k->arena, cg->allocator);
  k->fn = LLVMAddFunction(cg->mod, f->name ? f->name : "kernel", cg->t_kernel);
  LLVMSetLinkage(k->fn, LLVMInternalLinkage);
  LLVMBuilderRef b = cg->b;
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(cg->ctx, k->fn, "entry");
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef call = LLVMGetParam(k->fn, 0);
  LLVMValueRef buffers =
      LLVMBuildLoad2(b, cg->t_ptr, LLVMBuildStructGEP2(b, cg->t_call, call, 0, ""), "buffers");
  k->imports = LLVMBuildLoad2(b, cg->t_ptr, LLVMBuildStructGEP2(b, cg->t_call, call, 1, ""), "imports");
  *out_begin = LLVMBuildLoad2(b, cg->t_i64, LLVMBuildStructGEP2(b, cg->t_call, call, 2, ""), "begin");
  *out_end = LLVMBuildLoad2(b, cg->t_i64, LLVMBuildStructGEP2(b, cg->t_call, call, 3, ""), "end");
  uint32_t n = f->num_inputs + f->num_roots + extra;
  LLVMValueRef* ptrs = CX_ARENA_ARRAY(&k->arena, LLVMValueRef, n ? n : 1);
  if (!ptrs) {
    LLVMDeleteFunction(k->fn);
    cx_arena_destroy(&k->arena);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < n; i++) {
    LLVMValueRef slot = LLVMBuildGEP2(b, cg->t_ptr, buffers, (LLVMValueRef[]){cx_cg_i64(cg, i)}, 1, "");
    ptrs[i] = LLVMBuildLoad2(b, cg->t_ptr, slot, "buf");
  }
  k->input_ptrs = ptrs;
  return NULL;
}

cx_status_t cx_cg_own_finish(cx_cg_kernel_t* k, int64_t work_items, int64_t grain,
                             cx_cg_kernel_info_t* out) {
  memset(out, 0, sizeof(*out));
  LLVMBuildRet(k->cg->b, cx_cg_i32(k->cg, 0));
  cx_free(k->cg->allocator, k->memo);
  k->memo = NULL;
  cx_arena_destroy(&k->arena);
  if (k->status) {
    LLVMDeleteFunction(k->fn);
    return k->status;
  }
  const char* name = k->fusion->name ? k->fusion->name : "kernel";
  CX_RETURN_IF_ERROR(cx_cg_add_kernel(k->cg, k->fn, name, &out->index));
  out->work_items = work_items;
  out->grain = grain > 0 ? grain : 1;
  return NULL;
}

void cx_cg_store_roots(cx_cg_kernel_t* k, const cx_cg_index_t* index, LLVMValueRef lin) {
  const cx_cg_fusion_t* f = k->fusion;
  for (uint32_t r = 0; r < f->num_roots && !k->status; r++) {
    cx_value_t* root = f->roots[r];
    LLVMValueRef v = cx_cg_emit_element(k, root, index);
    if (k->status) break;
    cx_cg_store_elem(k->cg, k->imports, cx_tensor_elem(root->type),
                     k->input_ptrs[f->num_inputs + r], lin, v);
  }
}

LLVMValueRef cx_cg_own_input(cx_cg_kernel_t* k, const cx_value_t* v) {
  for (uint32_t i = 0; i < k->fusion->num_inputs; i++)
    if (k->fusion->inputs[i] == v) return k->input_ptrs[i];
  if (!k->status) k->status = CX_ERROR(CX_INTERNAL, "an operand is not bound to the kernel");
  return LLVMConstNull(k->cg->t_ptr);
}

bool cx_cg_op_has_own_kernel(const cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_SCATTER:
    case CX_OP_SELECT_AND_SCATTER:
    case CX_OP_SORT:
    case CX_OP_CHLO_TOP_K: return true;
    default: return false;
  }
}

uint64_t cx_cg_own_kernel_scratch(const cx_op_t* op) {
  return op->kind == CX_OP_SORT || op->kind == CX_OP_CHLO_TOP_K ? cx_cg_sort_scratch(op) : 0;
}

cx_status_t cx_cg_emit_own_kernel(cx_cg_t* cg, const cx_cg_fusion_t* f, cx_op_t* op,
                                  cx_cg_kernel_info_t* out) {
  memset(out, 0, sizeof(*out));
  if (!cx_cg_op_has_own_kernel(op))
    return cx_cg_op_error(op, CX_INTERNAL, "has no kernel of its own");
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t* t = cx_op_result(op, i)->type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
      return cx_cg_op_error(op, CX_UNIMPLEMENTED, "has a result without a static shape");
  }
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
      return cx_cg_op_error(op, CX_UNIMPLEMENTED, "has an operand without a static shape");
    if (cx_tensor_is_quantized(t))
      return cx_cg_op_error(op, CX_UNIMPLEMENTED, "on quantized tensors is not compiled yet");
  }
  uint32_t extra = cx_cg_own_kernel_scratch(op) ? 1 : 0;
  cx_cg_kernel_t k;
  LLVMValueRef begin, end;
  CX_RETURN_IF_ERROR(cx_cg_own_begin(cg, f, extra, &k, &begin, &end));
  int64_t items = 0, grain = 1;
  switch (op->kind) {
    case CX_OP_SCATTER: cx_cg_emit_scatter_body(&k, op, begin, end, &items, &grain); break;
    case CX_OP_SELECT_AND_SCATTER:
      cx_cg_emit_select_and_scatter_body(&k, op, begin, end, &items, &grain);
      break;
    case CX_OP_SORT: cx_cg_emit_sort_body(&k, op, begin, end, &items, &grain); break;
    default: cx_cg_emit_top_k_body(&k, op, begin, end, &items, &grain); break;
  }
  return cx_cg_own_finish(&k, items, grain, out);
}
