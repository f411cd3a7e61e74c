// Fused epilogues: what a GEMM or convolution does to its accumulators before
// they leave the kernel.
//
// Code generator interface. A compiler that fuses a dot/convolution with its
// elementwise consumers describes those consumers as a short chain of ops,
// applied in order to each f32 accumulator value x at output element (i, j)
// of batch b (for a convolution: i = output pixel or feature row, j = the
// other GEMM dimension; see conv.h):
//
//   CX_RT_EP_SCALE       x = x * a
//   CX_RT_EP_ADD         x = x + T[b, i, j]   bias / residual / shift
//   CX_RT_EP_MUL         x = x * T[b, i, j]   per-channel scale, gating
//   CX_RT_EP_RELU        x = max(x, 0)
//   CX_RT_EP_CLAMP       x = min(max(x, a), b)   (relu6: a=0, b=6)
//   CX_RT_EP_GELU_ERF    x = x/2 * (1 + erf(x/sqrt 2))
//   CX_RT_EP_GELU_TANH   x = x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
//   CX_RT_EP_SIGMOID     x = 1 / (1 + exp(-x))
//   CX_RT_EP_TANH        x = tanh(x)
//   CX_RT_EP_SUB         x = x - T[b, i, j]   batch norm's mean
//
// then converts x to the output element type (round to nearest even for
// bf16/f16; for an i32 output of an int8 GEMM with no ops the exact integer
// is stored). T is any strided tensor: element (b, i, j) is at
// data + b*bs + i*rs + j*cs elements of type `type`; zero strides broadcast,
// so a bias along the output columns is {rs = 0, cs = 1}, a bias along rows
// (NCHW convolution output channels) is {rs = 1, cs = 0}, and a residual is a
// full matrix. The ops run on each register tile right after its last K
// step, while it is in L1, so a fused epilogue costs no extra pass over C.
//
// The struct is plain data (no pointers to functions), so generated code can
// build it as a constant and pass its address to cx_rt_gemm / cx_rt_conv.
#ifndef CXLA_RUNTIME_KERNELS_EPILOGUE_H_
#define CXLA_RUNTIME_KERNELS_EPILOGUE_H_

#include <stdbool.h>
#include <stdint.h>

#include "runtime/kernels/dtype.h"

typedef enum cx_rt_ep_kind {
  CX_RT_EP_SCALE = 1,
  CX_RT_EP_ADD,
  CX_RT_EP_MUL,
  CX_RT_EP_RELU,
  CX_RT_EP_CLAMP,
  CX_RT_EP_GELU_ERF,
  CX_RT_EP_GELU_TANH,
  CX_RT_EP_SIGMOID,
  CX_RT_EP_TANH,
  CX_RT_EP_SUB,  // after the others: compiled programs store these values
} cx_rt_ep_kind_t;

typedef struct cx_rt_ep_op {
  cx_rt_ep_kind_t kind;
  float a, b;               // SCALE: a; CLAMP: [a, b]
  cx_rt_dtype_t type;       // ADD/MUL/SUB operand: f32, f64, bf16, f16 or i32
  const void* data;         // ADD/MUL/SUB operand
  int64_t rs, cs, bs;       // its strides in elements
} cx_rt_ep_op_t;

enum { CX_RT_EP_MAX_OPS = 8 };

typedef struct cx_rt_epilogue {
  int num_ops;
  cx_rt_ep_op_t ops[CX_RT_EP_MAX_OPS];
} cx_rt_epilogue_t;

// ADD, MUL and SUB read a tensor operand.
static inline bool cx_ep_has_operand(cx_rt_ep_kind_t k) {
  return k == CX_RT_EP_ADD || k == CX_RT_EP_MUL || k == CX_RT_EP_SUB;
}

#endif  // CXLA_RUNTIME_KERNELS_EPILOGUE_H_
