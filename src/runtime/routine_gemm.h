// Parameter records of the dense routines that run the microkernels
// (runtime/kernels): GEMM for dot_general and the convolution kernels, and
// how a routine gets the kernel context of its call.
//
// The compiler (src/compiler/lower_dot_conv.c) folds an op's dimensions into
// the kernels' strided views at compile time, so the records hold only sizes,
// strides and element types; the buffers come from the step's bindings.
#ifndef CXLA_RUNTIME_ROUTINE_GEMM_H_
#define CXLA_RUNTIME_ROUTINE_GEMM_H_

#include <stdint.h>

#include "runtime/kernels/conv.h"
#include "runtime/kernels/gemm.h"
#include "runtime/routines.h"

// GEMM: C[b] = A[b] x B[b] for b < batch, with bindings (A, B, C). Element
// (i, j) of batch b of a view is at data + offset + b*bs + i*rs + j*cs
// elements (cx_rt_view_t; offsets let negative strides start at the end).
// Types are cx_rt_dtype_t values of a combination cx_rt_gemm supports.
//
// The epilogue (kernels/epilogue.h): num_ep ops applied to each result
// tile; an ADD/MUL operand is binding `binding` (after A, B and C), read at
// element offset + b*bs + i*rs + j*cs with (b, i, j) the element of C.
typedef struct cx_rt_gemm_ep_param {
  int32_t kind;     // cx_rt_ep_kind_t
  int32_t type;     // ADD/MUL operand: cx_rt_dtype_t
  float a, b;
  int32_t binding;  // ADD/MUL operand: index into the step's bindings
  int32_t reserved;
  int64_t rs, cs, bs, offset;
} cx_rt_gemm_ep_param_t;

typedef struct cx_rt_gemm_params {
  int32_t a_type, b_type, c_type;
  int32_t num_ep;
  int64_t batch, m, n, k;
  int64_t a_rs, a_cs, a_bs, a_offset;
  int64_t b_rs, b_cs, b_bs, b_offset;
  int64_t c_rs, c_cs, c_bs;
  // B is a constant: 1 + the executable cache (runtime/executable.h) that
  // holds it packed (cx_rt_gemm_prepack_b, by the first call); 0: none.
  int32_t b_cache;
  int32_t reserved;
  cx_rt_gemm_ep_param_t ep[CX_RT_EP_MAX_OPS];
  // An outer batch: the GEMM above runs `outer` times, the o-th with A, B,
  // C and each epilogue operand moved by o times its outer stride
  // (elements). A batch whose dims do not fold into one stride (attention's
  // (batch, head) with the heads inside each token's row) splits into this
  // and the inner batch instead of being copied. B is a cached constant
  // only with b_os = 0. Records that end before `outer` (artifacts written
  // before it existed) have outer = 1.
  int64_t outer;
  int64_t a_os, b_os, c_os;
  int64_t ep_os[CX_RT_EP_MAX_OPS];
} cx_rt_gemm_params_t;

// CONV: a convolution of cx_rt_conv (runtime/kernels/conv.h) with bindings
// (input, kernel, output, epilogue operands...). Each tensor is the
// kernels' description of it (sizes and strides of its batch-like, feature
// and spatial dimensions, in elements) with its data at its binding plus
// `offset` elements: dimension numbers, transposed operand views and a
// reversed window (a negative kernel stride, starting at the window's last
// tap) are all strides. Window fields are as in cx_rt_conv_t (unused
// spatial entries 0).
//
// The epilogue is the GEMM record's (cx_rt_gemm_ep_param_t) with (b, i, j)
// = (output batch, flattened output pixel, output feature): an operand's
// rs is its stride per pixel in the order the output's pixels lie in
// memory.
typedef struct cx_rt_conv_tensor_param {
  int32_t type;  // cx_rt_dtype_t
  int32_t reserved;
  int64_t offset;
  int64_t n, c, n_stride, c_stride;
  int64_t size[CX_RT_CONV_MAX_SPATIAL], stride[CX_RT_CONV_MAX_SPATIAL];
} cx_rt_conv_tensor_param_t;

typedef struct cx_rt_conv_params {
  int32_t num_spatial;
  int32_t num_ep;
  // The kernel is a constant: 1 + the executable cache that holds it
  // packed (cx_rt_conv_prepack_weights, by the first call); 0: none.
  int32_t kernel_cache;
  int32_t reserved;
  cx_rt_conv_tensor_param_t input, kernel, output;
  int64_t window_stride[CX_RT_CONV_MAX_SPATIAL];
  int64_t pad_lo[CX_RT_CONV_MAX_SPATIAL], pad_hi[CX_RT_CONV_MAX_SPATIAL];
  int64_t lhs_dilation[CX_RT_CONV_MAX_SPATIAL], rhs_dilation[CX_RT_CONV_MAX_SPATIAL];
  int64_t feature_group_count, batch_group_count;
  cx_rt_gemm_ep_param_t ep[CX_RT_EP_MAX_OPS];
} cx_rt_conv_params_t;

// The epilogue of a GEMM or CONV record with its operands' data from the
// step's bindings (operands are bound after the first `first_operand`
// bindings). *out_ep is NULL without an epilogue.
CX_MUST_USE cx_status_t cx_rt_routine_epilogue(const cx_rt_routine_ctx_t* ctx, const char* what,
                                               const cx_rt_gemm_ep_param_t* ep, int32_t num_ep,
                                               uint32_t first_operand, void* const* buffers,
                                               cx_rt_epilogue_t* storage,
                                               const cx_rt_epilogue_t** out_ep);

// The kernel context of the routine's call (its packing buffers persist with
// the call state, so warm calls allocate nothing), set to use the call's
// threads on the device's pool.
CX_MUST_USE cx_status_t cx_rt_routine_kernel_ctx(const cx_rt_routine_ctx_t* ctx,
                                                 cx_rt_kernel_ctx_t** out_kernel_ctx);

#endif  // CXLA_RUNTIME_ROUTINE_GEMM_H_
