// What the lowerings of dense ops share (lower_dot_conv.c: contractions as
// GEMM routine calls; lower_conv.c: convolutions as CONV routine calls).
#ifndef CXLA_COMPILER_LOWER_DENSE_H_
#define CXLA_COMPILER_LOWER_DENSE_H_

#include <stdbool.h>

#include "compiler/epilogue.h"
#include "compiler/lower.h"
#include "runtime/kernels/dtype.h"

// The kernels' element types for (lhs, rhs) -> result, if the GEMM and
// convolution kernels take that combination (lower_dot_conv.c).
bool cx_lower_dense_types(cx_elem_t l, cx_elem_t r, cx_elem_t o, cx_rt_dtype_t* out_in,
                          cx_rt_dtype_t* out_out);

// The op as one generated loop kernel over its result (lower_dot_conv.c).
CX_MUST_USE cx_status_t cx_lower_loop_kernel(cx_lower_t* lw, uint32_t program, cx_op_t* op);

// ---- convolutions (lower_conv.c) ----

// A convolution: the CONV routine where the kernels take it, else a loop kernel.
CX_MUST_USE cx_status_t cx_lower_conv(cx_lower_t* lw, uint32_t program, cx_op_t* op);
// True if the convolution becomes a CONV routine call.
bool cx_lower_conv_takes_routine(cx_context_t* ctx, const cx_op_t* op);
// True if it does with an f32 result (which can take an epilogue).
bool cx_lower_conv_takes_epilogue(cx_context_t* ctx, const cx_op_t* op);
// The epilogue's convolution as a CONV call with the epilogue; as
// cx_lower_gemm_epilogue (epilogue.h).
CX_MUST_USE cx_status_t cx_lower_conv_epilogue(cx_lower_t* lw, uint32_t program,
                                               const cx_epilogue_t* ep, bool* out_done);

#endif  // CXLA_COMPILER_LOWER_DENSE_H_
