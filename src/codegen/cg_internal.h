// The code generator's internal interface, shared by its files:
//   cg_module.c   LLVM context, module, types, the kernel library, JIT
//   cg_elem.c     element types: compute types, loads, stores, constants
//   cg_scalar.c   scalar semantics of the elementwise ops (one element)
//   cg_kernel.c   kernels: the loop nest, elemental dispatch, memoization
//   emit_*.c      elemental code of the non-elementwise op families
#ifndef CXLA_CODEGEN_CG_INTERNAL_H_
#define CXLA_CODEGEN_CG_INTERNAL_H_

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/Orc.h>
#include <llvm-c/TargetMachine.h>

#include "codegen/cg.h"
#include "support/arena.h"

typedef enum cx_cg_sig {
#define CX_CG_SIG_ENUM_(s) CX_CG_SIG_##s,
  CX_CG_SIG_ENUM_(D_D) CX_CG_SIG_ENUM_(D_DD) CX_CG_SIG_ENUM_(C_C) CX_CG_SIG_ENUM_(C_CC)
      CX_CG_SIG_ENUM_(LOADF) CX_CG_SIG_ENUM_(STOREF)
#undef CX_CG_SIG_ENUM_
  CX_CG_SIG_COUNT
} cx_cg_sig_t;

struct cx_cg {
  cx_context_t* ir;
  cx_allocator_t allocator;
  LLVMOrcThreadSafeContextRef tsc;  // owns ctx until the module moves into the JIT
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  LLVMTargetMachineRef tm;
  char* triple;
  char* cpu;
  char* features;
  LLVMTypeRef t_void, t_i1, t_i8, t_i16, t_i32, t_i64, t_f16, t_bf16, t_f32, t_f64, t_ptr;
  LLVMTypeRef t_call;    // cx_kernel_call_t
  LLVMTypeRef t_kernel;  // int32_t (const cx_kernel_call_t*)
  LLVMTypeRef t_sig[CX_CG_SIG_COUNT];
  int opt_level;
  bool keep_ir;
  char* ir_text;  // the optimized module, when keep_ir
  uint32_t num_kernels, kernels_cap;
  LLVMValueRef* kernels;
  char** kernel_names;
  bool finished;
  bool finalized;         // the library is emitted and the module optimized
  char* tune_cpu;         // ahead of time: the CPU to schedule for, or NULL
};

// Emits the kernel library and optimizes the module (once), for the JIT
// and for object files alike.
CX_MUST_USE cx_status_t cx_cg_finalize_module(cx_cg_t* cg);
// Registers LLVM's x86 and AArch64 back ends (cg_object.c).
void cx_cg_init_targets(void);

// Registers a kernel function for the library; returns its index.
CX_MUST_USE cx_status_t cx_cg_add_kernel(cx_cg_t* cg, LLVMValueRef fn, const char* name,
                                         uint32_t* out_index);

// ---- element types (cg_elem.c) ------------------------------------------------------

// The LLVM type elements of `e` are computed in: f64 for f64; f32 for every
// narrower float; iN for integers of N bits (i1 for booleans); {T, T} for
// complex numbers with T = f32 or f64.
LLVMTypeRef cx_cg_compute_type(cx_cg_t* cg, cx_elem_t e);
// The LLVM type of one element in memory (cxla's storage layout).
LLVMTypeRef cx_cg_storage_type(cx_cg_t* cg, cx_elem_t e);
// Loads element `linear` of the buffer at `base` and converts it to the
// compute type; stores the other way, rounding exactly as the interpreter's
// stores do.
LLVMValueRef cx_cg_load_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef base,
                             LLVMValueRef linear);
void cx_cg_store_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef base,
                      LLVMValueRef linear, LLVMValueRef value);
// Converts a value already in compute type `e`'s representation so that it
// holds exactly a value of `e` (narrow floats are rounded through their
// storage format: f16, bf16, f8, ...). Identity for f32, f64 and integers.
LLVMValueRef cx_cg_round_to_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef v);
// A double rounded once to element type `e` (as the interpreter stores a
// double), in e's compute type: results of functions computed in double.
LLVMValueRef cx_cg_round_double_to_elem(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e,
                                        LLVMValueRef d);
// A real float's encoding as an integer of its bit width (tf32: its 32-bit
// container) and back. Exact for every value of `e`; NaNs keep their sign.
LLVMValueRef cx_cg_float_to_bits(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e, LLVMValueRef v);
LLVMValueRef cx_cg_float_from_bits(cx_cg_t* cg, LLVMValueRef imports, cx_elem_t e,
                                   LLVMValueRef bits);
// Element `i` of a dense attribute (splat or not) as a compute-type constant.
LLVMValueRef cx_cg_const_elem(cx_cg_t* cg, cx_elem_t e, const void* storage);
// Calls import `id` (a function of the kernel ABI's import table).
LLVMValueRef cx_cg_call_import(cx_cg_t* cg, LLVMValueRef imports, cx_kernel_import_id_t id,
                               cx_cg_sig_t sig, LLVMValueRef* args, unsigned num_args);
// Integer constants.
static inline LLVMValueRef cx_cg_i64(cx_cg_t* cg, int64_t v) {
  return LLVMConstInt(cg->t_i64, (unsigned long long)v, 1);
}
static inline LLVMValueRef cx_cg_i32(cx_cg_t* cg, int32_t v) {
  return LLVMConstInt(cg->t_i32, (unsigned long long)(int64_t)v, 1);
}
// Complex values: {re, im}.
LLVMValueRef cx_cg_complex(cx_cg_t* cg, LLVMTypeRef type, LLVMValueRef re, LLVMValueRef im);
LLVMValueRef cx_cg_re(cx_cg_t* cg, LLVMValueRef z);
LLVMValueRef cx_cg_im(cx_cg_t* cg, LLVMValueRef z);

// ---- kernels (cg_kernel.c) ------------------------------------------------------------

// A multi-index into a value's shape: `rank` i64 values. Index objects are
// compared by address for memoization, so derived indices are new objects.
typedef struct cx_cg_index {
  uint32_t rank;
  LLVMValueRef* v;
} cx_cg_index_t;

typedef struct cx_cg_memo {
  const cx_value_t* value;
  const cx_cg_index_t* index;
  LLVMValueRef result;
} cx_cg_memo_t;

typedef struct cx_cg_kernel {
  cx_cg_t* cg;
  LLVMBuilderRef b;
  LLVMValueRef fn;
  LLVMValueRef imports;
  const cx_cg_fusion_t* fusion;
  LLVMValueRef* input_ptrs;  // one per fusion input
  cx_arena_t arena;          // index arrays and other emission scratch
  cx_cg_memo_t* memo;
  uint32_t memo_len, memo_cap;
  cx_status_t status;        // the first failure; emission goes on harmlessly
  // Loops of at most this many iterations (constant bounds) are unrolled
  // completely once vectorized (0: none). Row fusions set it: a row's passes
  // are short, and a row waits on the previous pass's reduction, so the
  // loops' own instructions decide how far the core overlaps rows.
  int64_t unroll_up_to;
} cx_cg_kernel_t;

// The element of `value` at `index` (which has the value's rank), as a
// compute-type LLVM value. Ops of the fusion are emitted recursively and
// memoized per (value, index object); fusion inputs are loaded.
LLVMValueRef cx_cg_emit_element(cx_cg_kernel_t* k, cx_value_t* value, const cx_cg_index_t* index);
// A new index of the given rank (values to be filled by the caller).
cx_cg_index_t* cx_cg_index_new(cx_cg_kernel_t* k, uint32_t rank);
// Records a failure (keeps the first) and returns a harmless placeholder of
// the value's compute type, so emission can unwind without checks everywhere.
LLVMValueRef cx_cg_fail(cx_cg_kernel_t* k, cx_status_t status, cx_value_t* value);
// A memo entry at this index answers for every index: a row fusion's
// per-row values (emit_rows.c), which every index the kernel asks for
// while computing one row maps to the same element of.
extern const cx_cg_index_t cx_cg_any_index;
// A memo entry at this index holds a pointer to the current row's
// elements of the value (a row fusion's buffer, emit_rows.c): the element
// at any index is loaded from it at the index's last component.
extern const cx_cg_index_t cx_cg_row_elements_index;
LLVMValueRef cx_cg_row_element_load(cx_cg_kernel_t* k, const cx_value_t* value, LLVMValueRef row,
                                    const cx_cg_index_t* index);
// Memo scopes: values memoized inside a loop body must not be reused after
// the loop; call mark before emitting a loop body and release after it.
uint32_t cx_cg_memo_mark(cx_cg_kernel_t* k);
void cx_cg_memo_release(cx_cg_kernel_t* k, uint32_t mark);
// Records an element computed alongside another (a multi-result op's
// sibling results at the same index), as cx_cg_emit_element would.
void cx_cg_memo_put(cx_cg_kernel_t* k, const cx_value_t* value, const cx_cg_index_t* index,
                    LLVMValueRef result);

// A counted loop: for (i = begin; i < end; i++) body. Returns the induction
// variable; the builder is left inside the body. cx_cg_loop_end closes it.
typedef struct cx_cg_loop {
  LLVMBasicBlockRef header, body, exit;
  LLVMValueRef iv, next;
  uint32_t memo_mark;
  bool fold_tail;    // LLVM vectorizes the remainder with masks (set by cx_cg_loop_begin)
  bool unroll_full;  // and unrolls the vector loop completely (k->unroll_up_to)
} cx_cg_loop_t;
LLVMValueRef cx_cg_loop_begin(cx_cg_kernel_t* k, cx_cg_loop_t* loop, LLVMValueRef begin,
                              LLVMValueRef end, const char* name);
void cx_cg_loop_end(cx_cg_kernel_t* k, cx_cg_loop_t* loop);

// Runs a region with scalar block arguments (reduce bodies, comparators,
// scatter updates): binds the entry block's arguments to `args` and returns
// the terminator's operands' values in `results`.
void cx_cg_emit_region_scalar(cx_cg_kernel_t* k, const cx_region_t* region, uint32_t num_args,
                              const LLVMValueRef* args, uint32_t num_results,
                              LLVMValueRef* results);

// ---- scalar semantics (cg_scalar.c) -------------------------------------------------------

// True if the op computes each result element from the operand elements at
// the same index (elementwise ops, including compare/select/convert/CHLO).
bool cx_cg_is_scalar_op(const cx_op_t* op);
// Emits an elementwise op on operand elements already computed.
LLVMValueRef cx_cg_emit_scalar_op(cx_cg_kernel_t* k, cx_op_t* op, const LLVMValueRef* operands);
// The scalar semantics of op kind `kind` (an elementwise op, or the op a
// broadcasting CHLO op applies) on operands of element kinds `elems` (one
// per operand of `op`, which supplies attributes such as the comparison
// direction) with result kind `result`. NULL if not supported.
LLVMValueRef cx_cg_emit_scalar(cx_cg_kernel_t* k, cx_op_t* op, cx_op_kind_t kind,
                               const cx_elem_t* elems, cx_elem_t result,
                               const LLVMValueRef* operands);
// stablehlo.convert of one element.
LLVMValueRef cx_cg_emit_convert(cx_cg_kernel_t* k, cx_elem_t from, cx_elem_t to, LLVMValueRef x);
// An LLVM intrinsic overloaded on the type of `a` (b NULL: one argument).
LLVMValueRef cx_cg_intrinsic(cx_cg_t* cg, const char* name, LLVMValueRef a, LLVMValueRef b);
// A real value in double (exact).
LLVMValueRef cx_cg_to_double(cx_cg_t* cg, LLVMValueRef v);
// A real function of the import table in double, rounded once to `e` (b
// NULL for functions of one argument); a complex one (double in and out,
// parts rounded to a's component type).
LLVMValueRef cx_cg_call_real(cx_cg_kernel_t* k, cx_kernel_import_id_t id, cx_elem_t e,
                             LLVMValueRef a, LLVMValueRef b);
LLVMValueRef cx_cg_call_complex(cx_cg_kernel_t* k, cx_kernel_import_id_t id, LLVMValueRef a,
                                LLVMValueRef b);

// ---- elemental families (emit_*.c) ----------------------------------------------------------

// Each elemental family has an "is mine" predicate (for cx_cg_op_is_elemental)
// and an emitter that returns NULL for ops that are not its own; the
// dispatch in cg_kernel.c (emit_op) tries them in turn.
//
// Data movement: broadcast_in_dim, reshape, transpose, slice, pad, concatenate,
// reverse, iota, dynamic_slice, ...; returns NULL if the op is not one of its.
bool cx_cg_is_shape_op(const cx_op_t* op);
LLVMValueRef cx_cg_emit_shape_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                 const cx_cg_index_t* index);
// Reductions (emit_reduce.c): reduce, reduce_window, map.
bool cx_cg_is_reduce_op(const cx_op_t* op);
LLVMValueRef cx_cg_emit_reduce_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                  const cx_cg_index_t* index);
// Gathers (emit_gather.c): gather, dynamic_gather, torch_index_select.
bool cx_cg_is_gather_op(const cx_op_t* op);
LLVMValueRef cx_cg_emit_gather_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                  const cx_cg_index_t* index);
// Dots, convolutions, einsums (emit_dot_conv.c; fusion roots with inner loops,
// not fused into consumers: the compiler chooses them, see cg_dot_conv.h).
LLVMValueRef cx_cg_emit_dot_conv_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                    const cx_cg_index_t* index);

// CHLO (emit_chlo.c): the scalar semantics of the elementwise CHLO ops
// (which cx_cg_is_scalar_op includes), and broadcast_*, broadcast_select
// and constant_like.
bool cx_cg_chlo_is_scalar(cx_op_kind_t kind);
LLVMValueRef cx_cg_emit_chlo_scalar(cx_cg_kernel_t* k, cx_op_kind_t kind, cx_elem_t e,
                                    cx_elem_t result, const LLVMValueRef* operands);
bool cx_cg_is_chlo_op(const cx_op_t* op);
LLVMValueRef cx_cg_emit_chlo_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                const cx_cg_index_t* index);

// Conversions (emit_convert.c): bitcast_convert (also between widths, which
// adds or removes a last dimension) and reduce_precision's scalar semantics.
bool cx_cg_is_convert_op(const cx_op_t* op);
LLVMValueRef cx_cg_emit_convert_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                   const cx_cg_index_t* index);
LLVMValueRef cx_cg_emit_reduce_precision(cx_cg_kernel_t* k, cx_op_t* op, cx_elem_t e,
                                         LLVMValueRef x);

// Quantization (emit_quant.c): uniform_quantize, uniform_dequantize and
// elementwise ops on quantized tensors (dequantize, compute in the expressed
// type, quantize). cx_cg_emit_elementwise_at computes the element of an
// elementwise op's result at `index` reading operand i at at[i], quantized
// or not; `kind` gives the scalar semantics.
bool cx_cg_is_quant_op(const cx_op_t* op);
LLVMValueRef cx_cg_emit_quant_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                 const cx_cg_index_t* index);
LLVMValueRef cx_cg_emit_elementwise_at(cx_cg_kernel_t* k, cx_op_t* op, cx_op_kind_t kind,
                                       const cx_cg_index_t* const* at,
                                       const cx_cg_index_t* index);

#endif  // CXLA_CODEGEN_CG_INTERNAL_H_
