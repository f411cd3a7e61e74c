// The lowering of a function to an executable (lower.c), shared with the
// files that lower particular op families to library routines.
#ifndef CXLA_COMPILER_LOWER_H_
#define CXLA_COMPILER_LOWER_H_

#include <stdbool.h>
#include <stdint.h>

#include "codegen/cg.h"
#include "compiler/exe_builder.h"
#include "compiler/kernel_key.h"
#include "ir/ir.h"
#include "support/arena.h"

typedef struct cx_lower_entry {
  const cx_value_t* value;
  uint32_t slot;
  uint32_t result_slot;              // UINT32_MAX, or the RESULT slot to define it in
  bool bound;
  const cx_value_t* const* tuple;    // for tuple values: their items
  uint32_t tuple_len;
} cx_lower_entry_t;

// A kernel already emitted, for reuse by identical fusions.
typedef struct cx_lower_kernel {
  cx_kernel_key_t key;
  cx_cg_kernel_info_t info;
} cx_lower_kernel_t;

typedef struct cx_lower {
  cx_context_t* ctx;
  cx_module_t* module;
  cx_cg_t* cg;
  cx_xb_t xb;
  cx_arena_t arena;
  cx_lower_entry_t* map;  // value -> slot (open addressing)
  size_t map_cap, map_len;
  uint32_t num_kernels;
  CX_VEC(cx_lower_kernel_t) kernels;  // every distinct kernel emitted
  int call_depth;
  // The application's custom-call targets (cx_compile_options_t), or NULL.
  const cx_rt_custom_calls_t* custom_calls;
} cx_lower_t;

void cx_lower_init(cx_lower_t* lw, cx_context_t* ctx, cx_module_t* module, cx_cg_t* cg);
void cx_lower_free(cx_lower_t* lw);
CX_MUST_USE cx_status_t cx_lower_function(cx_lower_t* lw, cx_op_t* func, cx_rt_executable_t* exe);

// Helpers for op lowerings.
CX_MUST_USE cx_status_t cx_lower_op_error(const cx_op_t* op, cx_status_code_t code, const char* fmt,
                                          ...) CX_PRINTF(3, 4);
// Sets a step's source location and op name (for run-time errors).
void cx_lower_where(cx_lower_t* lw, const cx_op_t* op, cx_rt_step_t* step);
uint64_t cx_lower_nbytes(const cx_type_t* t);
uint32_t cx_lower_new_slot(cx_lower_t* lw, const cx_type_t* type);
CX_MUST_USE cx_status_t cx_lower_bind(cx_lower_t* lw, const cx_value_t* v, uint32_t slot);
// Gives a new op result its slot (the caller's result buffer where planned).
CX_MUST_USE cx_status_t cx_lower_define(cx_lower_t* lw, const cx_value_t* v, uint32_t* out_slot);
bool cx_lower_has_slot(cx_lower_t* lw, const cx_value_t* v);
CX_MUST_USE cx_status_t cx_lower_slot_of(cx_lower_t* lw, const cx_op_t* user, const cx_value_t* v,
                                         uint32_t* out_slot);
CX_MUST_USE cx_status_t cx_lower_alias(cx_lower_t* lw, const cx_op_t* user, const cx_value_t* from,
                                       const cx_value_t* to);
CX_MUST_USE cx_status_t cx_lower_copy(cx_lower_t* lw, uint32_t program, const cx_op_t* where,
                                      uint32_t from, uint32_t to, uint64_t nbytes);

// What a step runs, for profiles (step_ops.c): sets step->ops to a summary
// of `ops` ("dot_general+add*2+tanh") after `prefix`; of the kernel of the
// fusion rooted at `root`; of an epilogue's dot and chain.
void cx_lower_step_ops(cx_lower_t* lw, cx_rt_step_t* step, const char* prefix,
                       cx_op_t* const* ops, uint32_t n);
struct cx_fusion_plan;
struct cx_epilogue;
CX_MUST_USE cx_status_t cx_lower_fusion_ops(cx_lower_t* lw, const struct cx_fusion_plan* plan,
                                            cx_op_t* root, cx_rt_step_t* step);
void cx_lower_epilogue_ops(cx_lower_t* lw, const struct cx_epilogue* ep, cx_rt_step_t* step);

// Ops that become library routine calls (lower_library.c); an op no one
// handles is a CX_UNIMPLEMENTED error naming it.
CX_MUST_USE cx_status_t cx_lower_library_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);
// Dot products and convolutions (lower_dot_conv.c).
// stablehlo.custom_call of a target in the runtime's registry
// (lower_custom_call.c).
CX_MUST_USE cx_status_t cx_lower_custom_call(cx_lower_t* lw, uint32_t program, cx_op_t* op,
                                             const char* target_name);
CX_MUST_USE cx_status_t cx_lower_dot_conv_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);
// stablehlo.fft as an FFT routine call (lower_fft.c).
CX_MUST_USE cx_status_t cx_lower_fft_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);
// stablehlo.cholesky and stablehlo.triangular_solve (lower_linalg.c).
CX_MUST_USE cx_status_t cx_lower_linalg_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);

// Ops with generated kernels of their own shape (scatter, sort, ...:
// lower_reduce.c); *out_handled is false for other ops.
CX_MUST_USE cx_status_t cx_lower_reduce_family(cx_lower_t* lw, uint32_t program, cx_op_t* op,
                                               bool* out_handled);

#endif  // CXLA_COMPILER_LOWER_H_
