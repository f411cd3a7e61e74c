// Helpers of the code generator's loop-shaped families (emit_reduce.c,
// emit_gather.c, emit_scatter.c, emit_sort.c): loop-carried variables,
// control flow that keeps the memo sound, region bodies with element
// conversions, index values, and the scaffold of kernels that are not loop
// nests over an output shape (scatter, sort, ...).
//
// Memo discipline. cx_cg_emit_element memoizes per (value, index object);
// a value computed in a conditional block or a loop body does not dominate
// the code after it, so every body below marks the memo when it begins and
// releases it when it ends.
#ifndef CXLA_CODEGEN_EMIT_UTIL_H_
#define CXLA_CODEGEN_EMIT_UTIL_H_

#include "codegen/cg_internal.h"

// A stack slot in the kernel's entry block (so loops do not grow the
// stack); LLVM promotes it to registers. Used for loop-carried values.
LLVMValueRef cx_cg_entry_alloca(cx_cg_kernel_t* k, LLVMTypeRef type, const char* name);

// while (cond) body: begin positions the builder in the header, where the
// caller computes the condition; cond branches and positions in the body;
// end closes the loop and positions after it.
typedef struct cx_cg_while {
  LLVMBasicBlockRef header, body, exit;
  uint32_t memo_mark;
} cx_cg_while_t;
void cx_cg_while_begin(cx_cg_kernel_t* k, cx_cg_while_t* w, const char* name);
void cx_cg_while_cond(cx_cg_kernel_t* k, cx_cg_while_t* w, LLVMValueRef cond);
void cx_cg_while_end(cx_cg_kernel_t* k, cx_cg_while_t* w);

// if (cond) { ... }: begin positions in the then-block, end after it.
typedef struct cx_cg_if {
  LLVMBasicBlockRef then, merge;
  uint32_t memo_mark;
} cx_cg_if_t;
void cx_cg_if_begin(cx_cg_kernel_t* k, cx_cg_if_t* s, LLVMValueRef cond);
void cx_cg_if_end(cx_cg_kernel_t* k, cx_cg_if_t* s);

// Ends the kernel with failure `code` (runtime/kernel_imports.h) unless
// `ok` holds; code after it runs only when it does.
void cx_cg_fail_unless(cx_cg_kernel_t* k, LLVMValueRef ok, int32_t code);

// The convert op's semantics on a compute-type value (region bodies of
// promotable reductions convert their arguments and results this way);
// the identity when the types are the same.
LLVMValueRef cx_cg_convert(cx_cg_kernel_t* k, cx_elem_t from, cx_elem_t to, LLVMValueRef v);

// The element type of a region's block argument / of its i-th returned value.
cx_elem_t cx_cg_region_arg_elem(const cx_region_t* region, uint32_t i);
cx_elem_t cx_cg_region_result_elem(const cx_region_t* region, uint32_t i);
// Runs a scalar-body region as the interpreter's region runner does:
// argument i (a compute-type value of element type in_elems[i]) is
// converted to the region's argument type, and result i to out_elems[i].
// Fails (recorded in k) for quantized bodies, which are decomposed before
// code generation.
void cx_cg_call_region(cx_cg_kernel_t* k, cx_op_t* op, const cx_region_t* region, uint32_t nargs,
                       const cx_elem_t* in_elems, const LLVMValueRef* args, uint32_t nres,
                       const cx_elem_t* out_elems, LLVMValueRef* results);

// An index element (any integer type) as i64: sign- or zero-extended; ui64
// values of 2^63 and more saturate to INT64_MAX (as the interpreter reads
// indices), which is out of range anyway.
LLVMValueRef cx_cg_index_to_i64(cx_cg_kernel_t* k, cx_elem_t e, LLVMValueRef v);
// max(lo, min(v, hi)) on i64.
LLVMValueRef cx_cg_clamp_i64(cx_cg_t* cg, LLVMValueRef v, int64_t lo, int64_t hi);

// Row-major strides of a tensor type.
void cx_cg_strides(const cx_type_t* t, int64_t* out);

// ---- kernels of their own shape ---------------------------------------------------------

// Starts a kernel whose bindings are f's inputs, f's roots, then `extra`
// more buffers (scratch). k->input_ptrs holds every binding (inputs first, so
// cx_cg_emit_element loads f's inputs). out_begin/out_end: the work item
// range of the call.
CX_MUST_USE cx_status_t cx_cg_own_begin(cx_cg_t* cg, const cx_cg_fusion_t* f, uint32_t extra,
                                        cx_cg_kernel_t* k, LLVMValueRef* out_begin,
                                        LLVMValueRef* out_end);
// Returns 0 from the kernel, registers it, and frees k's scratch (also on
// failure, which it returns).
CX_MUST_USE cx_status_t cx_cg_own_finish(cx_cg_kernel_t* k, int64_t work_items, int64_t grain,
                                         cx_cg_kernel_info_t* out);
// Stores the element at `index` of each of k's fusion's roots at linear
// position `lin` of its output buffer (the binding after the inputs, as
// cx_cg_own_begin loads them); stops at the first failure (k->status).
void cx_cg_store_roots(cx_cg_kernel_t* k, const cx_cg_index_t* index, LLVMValueRef lin);
// The binding holding operand value v (one of f's inputs).
LLVMValueRef cx_cg_own_input(cx_cg_kernel_t* k, const cx_value_t* v);
// The error for an op the code generator cannot handle.
cx_status_t cx_cg_op_error(const cx_op_t* op, cx_status_code_t code, const char* fmt, ...)
    CX_PRINTF(3, 4);

// The own kernels of emit_scatter.c and emit_sort.c (after cx_cg_own_begin
// by the dispatch in emit_util.c; they emit the body and return the work
// item count and grain).
void cx_cg_emit_scatter_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin, LLVMValueRef end,
                             int64_t* out_items, int64_t* out_grain);
void cx_cg_emit_select_and_scatter_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin,
                                        LLVMValueRef end, int64_t* out_items, int64_t* out_grain);
void cx_cg_emit_sort_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin, LLVMValueRef end,
                          int64_t* out_items, int64_t* out_grain);
void cx_cg_emit_top_k_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin, LLVMValueRef end,
                           int64_t* out_items, int64_t* out_grain);
uint64_t cx_cg_sort_scratch(const cx_op_t* op);

#endif  // CXLA_CODEGEN_EMIT_UTIL_H_
