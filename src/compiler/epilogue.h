// GEMM epilogues: a dot product whose result only feeds a chain of
// elementwise ops that the GEMM kernels can apply to each register tile
// (runtime/kernels/epilogue.h) runs as one GEMM call with that chain as its
// epilogue, writing the chain's last value; the chain's ops leave the
// kernels.
//
// The plan (cx_epilogue_plan, run at the end of fusion planning) walks
// forward from each dot_general/dot the GEMM routine takes with an f32
// result, and from each convolution the CONV routine takes with one
// (lower_conv.c; "dot" below means either). The chain follows single uses through reshapes (which keep the
// row-major order, so the GEMM's view of the result is unchanged) and ops
// that map onto an epilogue op:
//   add of a tensor or a splat        ADD (a splat becomes a one-element
//                                      constant read with zero strides)
//   subtract of a splat               ADD of its negation
//   subtract of a tensor              SUB (batch norm's mean)
//   multiply by a tensor / a splat    MUL / SCALE
//   divide by a splat, negate         SCALE
//   maximum with 0 / with a splat     RELU / CLAMP(a, inf)
//   minimum with a splat, clamp       CLAMP
//   tanh, logistic                    TANH, SIGMOID
//   x * 0.5 * (1 + erf(x / sqrt 2))   GELU_ERF, in any association of the
//                                      products, with x / sqrt 2 or
//                                      x * (1 / sqrt 2), and the product's
//                                      halving as * 0.5 or / 2
//   x * 0.5 * (1 + tanh(sqrt(2/pi) *  GELU_TANH, likewise, the argument any
//     (x + 0.044715 x^3)))             sum of products of x and splats
//                                      equal to that polynomial
// A tensor operand is read through the broadcasts, reshapes and transposes
// that made it (they cost no copy: its strides along the dot's result dims
// say where each element is); a computed operand is given a buffer of its
// own (its ops become a kernel that runs before the GEMM).
//
// The chain ends where the next op does not map, where a value has another
// use, before an op of another dot's chain (dots are planned last first),
// or after CX_RT_EP_MAX_OPS steps; its last op becomes a fusion root
// (its other consumers read its buffer) and the dot is lowered there. The
// chain's ops keep their fusion roles, so if the lowering finds the views
// do not fold into the GEMM's strides it runs the GEMM and then the chain's
// kernel, as without the epilogue.
#ifndef CXLA_COMPILER_EPILOGUE_H_
#define CXLA_COMPILER_EPILOGUE_H_

#include <stdbool.h>
#include <stdint.h>

#include "compiler/fusion.h"
#include "cxla/buffer.h"
#include "runtime/kernels/epilogue.h"

typedef struct cx_ep_step {
  cx_rt_ep_kind_t kind;
  float a, b;  // SCALE: a; CLAMP: [a, b]; ADD of a splat: the splat in a
  // ADD/MUL/SUB of a tensor: the value read (it has a buffer) and its strides,
  // in elements, along each dim of the dot's result. NULL: a splat (ADD).
  const cx_value_t* operand;
  int64_t strides[CX_MAX_RANK];
} cx_ep_step_t;

typedef struct cx_epilogue {
  struct cx_epilogue* next;  // the plan's list
  cx_op_t* dot;
  cx_op_t* end;              // the chain's last op: its result is the GEMM's output
  int64_t out_strides[CX_MAX_RANK];  // where each dim of the dot's result is in end's
  uint32_t num_steps;
  cx_ep_step_t steps[CX_RT_EP_MAX_OPS];
} cx_epilogue_t;

// Finds the GEMM operand views and the epilogue chains of the block's dots
// in a finished fusion plan: each view becomes CX_FUSION_VIEW, each dot
// with an epilogue CX_FUSION_DEFERRED, each chain's last op a root with its
// epilogue in plan->epilogues.
CX_MUST_USE cx_status_t cx_epilogue_plan(cx_context_t* ctx, cx_block_t* block,
                                         cx_fusion_plan_t* plan);

// The epilogue ending at `op`, or NULL.
const cx_epilogue_t* cx_fusion_epilogue(const cx_fusion_plan_t* plan, const cx_op_t* op);

// Lowers the epilogue's dot as a GEMM call (a convolution: CONV) with the epilogue, writing the
// epilogue's last value (lower_dot_conv.c). *out_done is false, with
// nothing emitted, if the dot's result or an operand's view does not fold
// into the GEMM's strided views; the caller then lowers the dot and the
// chain's fusion on their own.
struct cx_lower;
CX_MUST_USE cx_status_t cx_lower_gemm_epilogue(struct cx_lower* lw, uint32_t program,
                                               const cx_epilogue_t* ep, bool* out_done);

// True if the op (dot_general or dot; a convolution: the CONV routine)
// becomes a GEMM routine call with an f32 result, which can take an
// epilogue (lower_dot_conv.c).
bool cx_lower_dot_takes_epilogue(cx_context_t* ctx, const cx_op_t* op);
// True if the op becomes a GEMM (a convolution: CONV) routine call.
bool cx_lower_dot_takes_gemm(cx_context_t* ctx, const cx_op_t* op);

// GEMM operands read through views. A reshape or transpose whose every use
// is a GEMM operand gets no kernel and no buffer (CX_FUSION_VIEW): the GEMM
// reads the value under it through strides (or, if they do not fold, its
// strided copy reads them). cx_operand_view walks v down through the reshapes
// and transposes `through` accepts to the value that has a buffer, and gives
// that value's strides (elements) along each dim of v; false if a reshape
// merges dims that are not one linear run.
bool cx_operand_view(cx_context_t* ctx, const cx_value_t* v,
                     bool (*through)(void* arg, const cx_op_t* op), void* arg,
                     const cx_value_t** out_base, int64_t* out_strides);

#endif  // CXLA_COMPILER_EPILOGUE_H_
