// Dot products and convolutions in the code generator: the decoded form of
// their attributes (shared with the compiler, which decides between the
// runtime's GEMM/convolution kernels and generated code), and the kernels
// the compiler asks for besides loop fusions.
//
// Generated code for these ops (emit_dot_conv.c) follows the interpreter's
// arithmetic exactly (src/interp/eval_dot_conv.c): integer results
// accumulate in the result's width (wrapping, which is the interpreter's
// exact sum wrapped once), booleans are OR of ANDs, float results of f32 or
// narrower multiply and add in f32 with every product and partial sum
// rounded, f64 (and complex<f64>) in double, complex<f32> with every real
// product, difference and sum rounded to f32; the dot algorithm's precision
// types round the inputs and its accumulation type the products and sums.
// Sums run in the order of the contracting dimensions (row-major), so the
// result is the interpreter's to the bit.
#ifndef CXLA_CODEGEN_CG_DOT_CONV_H_
#define CXLA_CODEGEN_CG_DOT_CONV_H_

#include <stdbool.h>
#include <stdint.h>

#include "codegen/cg.h"
#include "cxla/buffer.h"  // CX_MAX_RANK

// dot_general's (or dot's) dimensions: batching and contracting dims of
// each side, and the free dims that make up the result after the batch
// dims (lhs free dims, then rhs free dims, each in increasing order).
typedef struct cx_dot_spec {
  uint32_t nb, nc, nlf, nrf;
  int64_t lb[CX_MAX_RANK], rb[CX_MAX_RANK];
  int64_t lc[CX_MAX_RANK], rc[CX_MAX_RANK];
  int64_t lf[CX_MAX_RANK], rf[CX_MAX_RANK];
  const cx_dot_algorithm_t* algorithm;  // or NULL
} cx_dot_spec_t;

// Decodes a verified dot_general or dot (false: something is malformed).
bool cx_dot_spec_read(cx_context_t* ctx, const cx_op_t* op, cx_dot_spec_t* out);

// A convolution's window and dimension numbers (padding from the attribute;
// dynamic_conv's comes from its operand: the compiler fills it in).
typedef struct cx_conv_spec {
  uint32_t ns;  // spatial dims
  int64_t in_batch, in_feature, in_sp[CX_MAX_RANK];
  int64_t k_in, k_out, k_sp[CX_MAX_RANK];
  int64_t out_batch, out_feature, out_sp[CX_MAX_RANK];
  int64_t stride[CX_MAX_RANK], pad_lo[CX_MAX_RANK], pad_hi[CX_MAX_RANK];
  int64_t lhs_dil[CX_MAX_RANK], rhs_dil[CX_MAX_RANK];
  bool reverse[CX_MAX_RANK];
  int64_t feature_groups, batch_groups;
  bool has_padding;  // padding known (convolution: always)
} cx_conv_spec_t;

// Decodes a verified convolution or dynamic_conv (false: malformed).
bool cx_conv_spec_read(cx_context_t* ctx, const cx_op_t* op, cx_conv_spec_t* out);

// A kernel copying a tensor into a dense row-major buffer of `rank` dims:
// element idx of the destination is element src_offset + sum(idx[d] *
// src_strides[d]) (in elements) of the source. Bindings: (source,
// destination). Transposes operands the GEMM cannot read through strides.
CX_MUST_USE cx_status_t cx_cg_emit_strided_copy(cx_cg_t* cg, const char* name, cx_elem_t elem,
                                                uint32_t rank, const int64_t* dims,
                                                const int64_t* src_strides, int64_t src_offset,
                                                cx_cg_kernel_info_t* out_info);

#endif  // CXLA_CODEGEN_CG_DOT_CONV_H_
