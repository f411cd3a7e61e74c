// Convolution as StableHLO defines it: any dimension numbers, window strides,
// padding, lhs (input) and rhs (kernel) dilation, feature groups (depthwise
// included) and batch groups, with the fused epilogue of epilogue.h.
//
// Dimension numbers are mapped, not enumerated: each tensor is described by
// the size and stride (in elements) of its batch-like dimension, its feature
// dimension and each spatial dimension, so NHWC, NCHW, HWIO, OIHW or any other
// assignment is just a choice of strides. cx_rt_conv_tensor_from_dims builds
// that description from a dense row-major tensor and the dimension numbers.
//
// Roles: input {n = batch, c = features}; kernel {n = input features,
// c = output features}; output {n = batch, c = features}. Spatial dimension d
// of the three tensors corresponds across them and to window index d.
//
// Epilogue operands are indexed as (b, i, j) = (output batch, flattened
// output spatial position in row-major order of the spatial dimensions,
// output feature); e.g. a per-channel bias is {rs = 0, cs = 1}, a residual in
// NHWC is {rs = C, cs = 1, bs = H*W*C} and in NCHW {rs = 1, cs = H*W,
// bs = C*H*W}. Outputs whose spatial dimensions cannot be flattened to one
// stride (a batch or feature dimension between two spatial ones) are
// CX_UNIMPLEMENTED.
//
// Strategy (docs/kernels.md): 3x3 stride-1 f32 channels-last convolutions
// run as Winograd F(4x4, 3x3) or F(2x2, 3x3) where that measured faster
// (AVX-512; it rounds differently: docs/kernels.md gives the bound); other
// channels-last f32 convolutions run the direct kernel (AVX-512); 1x1
// unit-stride convolutions are one GEMM on the input as it lies; depthwise
// convolutions with channels-last operands run a direct kernel; everything
// else packs im2col blocks per thread into the GEMM microkernel, with the
// weights packed once per call.
#ifndef CXLA_RUNTIME_KERNELS_CONV_H_
#define CXLA_RUNTIME_KERNELS_CONV_H_

#include <stdint.h>

#include "cxla/status.h"
#include "runtime/kernels/dtype.h"
#include "runtime/kernels/epilogue.h"
#include "runtime/kernels/kernel_ctx.h"

enum { CX_RT_CONV_MAX_SPATIAL = 3 };

typedef struct cx_rt_conv_tensor {
  cx_rt_dtype_t type;
  void* data;
  int64_t n, c;                 // sizes of the batch-like and feature dimensions
  int64_t n_stride, c_stride;   // their strides
  int64_t size[CX_RT_CONV_MAX_SPATIAL];
  int64_t stride[CX_RT_CONV_MAX_SPATIAL];
} cx_rt_conv_tensor_t;

typedef struct cx_rt_conv {
  int num_spatial;  // 0..3
  cx_rt_conv_tensor_t input, kernel, output;
  int64_t window_stride[CX_RT_CONV_MAX_SPATIAL];  // 0 means 1
  int64_t pad_lo[CX_RT_CONV_MAX_SPATIAL], pad_hi[CX_RT_CONV_MAX_SPATIAL];  // may be negative
  int64_t lhs_dilation[CX_RT_CONV_MAX_SPATIAL];   // 0 means 1
  int64_t rhs_dilation[CX_RT_CONV_MAX_SPATIAL];   // 0 means 1
  int64_t feature_group_count;  // 0 means 1
  int64_t batch_group_count;    // 0 means 1
  const cx_rt_epilogue_t* epilogue;
} cx_rt_conv_t;

// Describes a dense row-major tensor of the given shape whose dimension
// n_dim is the batch-like one, c_dim the feature one, and spatial_dims[d]
// spatial dimension d (StableHLO dimension numbers, e.g. input_batch_dimension,
// input_feature_dimension, input_spatial_dimensions).
CX_MUST_USE cx_status_t cx_rt_conv_tensor_from_dims(cx_rt_dtype_t type, void* data, int rank,
                                                    const int64_t* shape, int64_t n_dim,
                                                    int64_t c_dim, const int64_t* spatial_dims,
                                                    int num_spatial,
                                                    cx_rt_conv_tensor_t* out_tensor);

// Validates shapes (the output sizes must be what the spec's formula gives)
// and runs the convolution on the context's threads.
CX_MUST_USE cx_status_t cx_rt_conv(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* conv);

// ---- weights packed once ----
//
// A compiled model's convolution weights are constants: pack them when the
// model loads (cx_rt_conv_prepack_weights) and run every call with
// cx_rt_conv_prepacked, which then skips the per-call weight packing (for
// the direct kernel: the reorder into [k][32] feature blocks; that is up to
// a third of a deep layer's time at batch 1).
//
// The packing is made for one convolution description: every field of
// cx_rt_conv_t except the data pointers and the epilogue must be the same at
// run time (the epilogue may change per call), and the context must run the
// same ISA level and algorithm choice. Otherwise cx_rt_conv_prepacked
// returns CX_INVALID_ARGUMENT.
//
// Ownership: the caller owns the packed weights (destroy frees them). They do
// not reference the kernel tensor after packing and are never written by a
// convolution, so several threads (each with its own context) may use them.
typedef struct cx_rt_conv_packed_weights cx_rt_conv_packed_weights_t;

// Packs conv->kernel for convolutions described like conv (input.data and
// output.data may be NULL here).
CX_MUST_USE cx_status_t cx_rt_conv_prepack_weights(cx_rt_kernel_ctx_t* ctx,
                                                   const cx_rt_conv_t* conv,
                                                   cx_rt_conv_packed_weights_t** out_packed);
void cx_rt_conv_packed_weights_destroy(cx_rt_conv_packed_weights_t* packed);
// Runs conv with the kernel taken from `packed` (conv->kernel.data is
// ignored and may be NULL).
CX_MUST_USE cx_status_t cx_rt_conv_prepacked(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* conv,
                                             const cx_rt_conv_packed_weights_t* packed);

#endif  // CXLA_RUNTIME_KERNELS_CONV_H_
