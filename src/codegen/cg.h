// Code generation: IR ops to LLVM functions that follow the kernel ABI
// (include/cxla/kernel_abi.h). This folder is the only place that includes
// LLVM.
//
// The compiler hands the code generator one *fusion* at a time: a set of ops
// of one block whose results are computed element by element in one loop
// nest over the shape of its outputs (the "roots"). Values the fusion reads
// but does not compute are its inputs, read from buffers. Each op knows how
// to produce the element of its result at a given multi-index from elements
// of its operands (elemental code generation, as XLA's elemental emitter);
// ops inside the fusion are thereby inlined into their consumers, so a chain
// of elementwise ops, broadcasts, transposes and slices becomes one loop.
// Ops whose work is not elementwise (reduce, dot_general, convolution, ...)
// are fusion roots with inner loops of their own.
//
// After every kernel is emitted, cx_cg_finish builds the kernel library
// (the ABI's query function) and compiles the module with LLVM's JIT for the
// host CPU.
#ifndef CXLA_CODEGEN_CG_H_
#define CXLA_CODEGEN_CG_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/kernel_abi.h"
#include "cxla/status.h"
#include "ir/ir.h"

typedef struct cx_cg cx_cg_t;

// A machine to generate code for ahead of time (cg_object.c).
typedef struct cx_cg_target {
  const char* triple;    // LLVM target triple, e.g. "aarch64-unknown-linux-gnu"
  const char* cpu;       // LLVM CPU name, e.g. "x86-64-v3"
  const char* features;  // LLVM feature string, e.g. "+avx2,-avx512f"
  const char* tune_cpu;  // the CPU to schedule for (NULL: cpu)
} cx_cg_target_t;

typedef struct cx_cg_options {
  int opt_level;   // 0..3 (LLVM's pipeline level); default 2
  bool keep_ir;    // keep the optimized LLVM IR as text (cx_cg_ir_text)
  // NULL: code for this CPU through the JIT (cx_cg_finish). Otherwise code
  // for that machine, as an object file (cx_cg_emit_object).
  const cx_cg_target_t* target;
} cx_cg_options_t;

CX_MUST_USE cx_status_t cx_cg_create(cx_context_t* ctx, const cx_cg_options_t* options,
                                     cx_cg_t** out_cg);
void cx_cg_destroy(cx_cg_t* cg);

// One fusion: ops (of one block, in program order) and the values it must
// write out. Binding order of the kernel: inputs, then roots.
typedef struct cx_cg_fusion {
  const char* name;            // for profiles, e.g. "fusion_3_add"
  uint32_t num_ops;
  cx_op_t* const* ops;
  uint32_t num_roots;
  cx_value_t* const* roots;    // all of one shape (the iteration space)
  uint32_t num_inputs;
  cx_value_t* const* inputs;
} cx_cg_fusion_t;

// How the runtime should run an emitted kernel.
typedef struct cx_cg_kernel_info {
  uint32_t index;      // in the library
  int64_t work_items;  // the kernel's iteration space, in work items
  int64_t grain;       // fewest work items worth a thread task
} cx_cg_kernel_info_t;

// True if the code generator computes the op's results elementally (one
// element at a multi-index from operand elements), so the op can be part of
// a loop kernel; the compiler lowers every other op to a library routine, a
// kernel of its own kind, or control flow. Each elemental family (cg_scalar.c,
// emit_*.c) answers for its ops.
bool cx_cg_op_is_elemental(const cx_op_t* op);

// Emits the loop kernel of a fusion. A failure names the op that the code
// generator cannot handle (CX_UNIMPLEMENTED) with its location.
CX_MUST_USE cx_status_t cx_cg_emit_fusion(cx_cg_t* cg, const cx_cg_fusion_t* fusion,
                                          cx_cg_kernel_info_t* out_info);

// Emits the kernel of a row fusion (planned by src/compiler/fusion_rows.c):
// one work item per row of the roots' shape S (all its dims but the last);
// `ops` are the fusion's ops in program order. For each row it computes the
// per-row values (the reductions over S's last dim and the ops on their
// results, shape S without its last dim or with it 1) once, each reduction
// in one pass over the row, then the roots' elements of the row.
CX_MUST_USE cx_status_t cx_cg_emit_row_fusion(cx_cg_t* cg, const cx_cg_fusion_t* fusion,
                                              cx_cg_kernel_info_t* out_info);

// Ops that compile to a generated kernel of their own shape rather than a
// loop nest over their outputs (emit_scatter.c, emit_sort.c): scatter and
// select_and_scatter (serial update loops, in the interpreter's order),
// sort and chlo.top_k (a merge sort of each slice). The fusion names the
// op's operands (deduplicated) as inputs and its results as roots; the
// kernel's bindings are the inputs, the roots, then a scratch buffer of
// cx_cg_own_kernel_scratch(op) bytes when that is not 0.
bool cx_cg_op_has_own_kernel(const cx_op_t* op);
uint64_t cx_cg_own_kernel_scratch(const cx_op_t* op);
CX_MUST_USE cx_status_t cx_cg_emit_own_kernel(cx_cg_t* cg, const cx_cg_fusion_t* fusion,
                                              cx_op_t* op, cx_cg_kernel_info_t* out_info);

// Compiled code: the kernel library and what keeps it alive.
typedef struct cx_cg_code {
  const cx_kernel_library_t* library;
  void* owner;                  // the JIT session
  void (*release)(void* owner);
} cx_cg_code_t;

// Optimizes and compiles everything emitted so far. The cx_cg_t may be
// destroyed afterwards; the code lives until release(owner).
CX_MUST_USE cx_status_t cx_cg_finish(cx_cg_t* cg, cx_cg_code_t* out_code);

// Ahead of time (options.target set): optimizes everything emitted so far
// for the target and returns a relocatable object file (malloc'ed) whose
// only external symbol is the kernel ABI's query function; LLVM may leave
// calls of its own runtime functions (memcpy, libm rounding, half/bfloat
// conversions) undefined. *out_num_kernels is the library's kernel count.
CX_MUST_USE cx_status_t cx_cg_emit_object(cx_cg_t* cg, void** out_data, size_t* out_size,
                                          uint32_t* out_num_kernels);

// This machine's LLVM target triple and CPU name (for "host" artifacts).
void cx_cg_host_target(char* triple, size_t triple_size, char* cpu, size_t cpu_size);

// Prints the LLVM module (before cx_cg_finish) to a malloc'ed string.
char* cx_cg_print_module(cx_cg_t* cg);
// With keep_ir: the optimized module's text, kept by cx_cg_finish (owned by
// the code generator), or NULL.
const char* cx_cg_ir_text(const cx_cg_t* cg);

#endif  // CXLA_CODEGEN_CG_H_
