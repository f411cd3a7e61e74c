// Dense matrix multiplication: C[b] = epilogue(A[b] x B[b]) for b < batch.
//
// This is the kernel that dot_general lowers to: a code generator folds
// dot_general's batch, contracting and free dimensions into (batch, m, k, n)
// and describes each operand as a strided view, so any transpose of A, B or C
// is just a choice of strides (no copies). Element (i, j) of batch b of a view
// is at data + b*bs + i*rs + j*cs elements. Strides may be any value,
// including negative; a stride of 0 broadcasts.
//
// Element types (a, b -> c):
//   f32  x f32  -> f32 | bf16 | f16      f32 accumulation
//   f64  x f64  -> f64                   f64 accumulation
//   bf16 x bf16 -> f32 | bf16            f32 accumulation (AVX512_BF16 dot products)
//   f16  x f16  -> f32 | f16             converted to f32 while packing
//   i8   x i8   -> i32 | f32             exact i32 accumulation (AVX512_VNNI);
//                                         an f32 output applies the epilogue
// The epilogue (epilogue.h, may be NULL) runs on each tile while it is hot.
//
// Implementation (docs/kernels.md): operands are packed into panels that fit
// the register-blocked microkernel (an MR x NR tile of accumulators), with
// cache blocking (KC for L1, MC for L2, NC for L3); the work is split across
// the context's threads; M <= 16 takes a skinny path that streams B unpacked.
// The ISA (AVX-512, AVX2+FMA, portable C) is chosen from the context.
#ifndef CXLA_RUNTIME_KERNELS_GEMM_H_
#define CXLA_RUNTIME_KERNELS_GEMM_H_

#include <stdint.h>

#include "cxla/status.h"
#include "runtime/kernels/dtype.h"
#include "runtime/kernels/epilogue.h"
#include "runtime/kernels/kernel_ctx.h"

typedef struct cx_rt_view {
  cx_rt_dtype_t type;
  void* data;
  int64_t rs, cs, bs;  // row, column and batch strides, in elements
} cx_rt_view_t;

typedef struct cx_rt_gemm {
  int64_t batch, m, n, k;
  cx_rt_view_t a;  // m x k
  cx_rt_view_t b;  // k x n
  cx_rt_view_t c;  // m x n (written; must not overlap A, B or epilogue operands)
  const cx_rt_epilogue_t* epilogue;  // NULL = none
} cx_rt_gemm_t;

// Returns CX_INVALID_ARGUMENT for bad sizes or NULL data, CX_UNIMPLEMENTED
// for a type combination not listed above, CX_OUT_OF_MEMORY if scratch
// memory cannot be had.
CX_MUST_USE cx_status_t cx_rt_gemm(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g);

// Asks for A and B of batch b of a small product to come into L2 (nothing
// for operands over 32 KB, or without a unit stride). Small products in a
// batch (attention's, per head) wait on their operands' lines in the pack,
// rows a kilobyte or more apart that the hardware does not fetch ahead: the
// driver fetches the next batch's while one computes, and a caller looping
// over products calls this for its next one.
void cx_rt_gemm_prefetch(const cx_rt_gemm_t* g, int64_t b);

// ---- B packed once ----
//
// A compiled model multiplies by the same constant weights on every call, so
// packing them into the microkernel's panel layout belongs at load time, not
// in each call (packing B is up to a fifth of a GEMM's time at M = 128).
// cx_rt_gemm_prepack_b packs B once; cx_rt_gemm_prepacked then runs GEMMs
// whose B is that operand.
//
// The panels are made for the kernel the context picks (ISA, element types),
// so run them with a context at the same ISA level and with the same A, B and
// C element types, k and n; m, A, C, their strides and the epilogue may
// differ per call. A B with batch stride 0 is packed once and shared by every
// batch; otherwise all g->batch matrices are packed and the batch must match.
//
// Ownership: the caller owns the packed operand (destroy frees it). It does
// not reference B after packing and is never written by a GEMM, so several
// threads (each with its own context) may use it at once.
typedef struct cx_rt_gemm_packed_b cx_rt_gemm_packed_b_t;

// Packs g->b for GEMMs shaped like g (g->a.data and g->c.data are not read).
CX_MUST_USE cx_status_t cx_rt_gemm_prepack_b(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                             cx_rt_gemm_packed_b_t** out_packed);
// The same, giving back B's pages (madvise MADV_DONTNEED) as the pack
// finishes reading them, so the weight is not held twice while it is packed;
// on error nothing was given back. Only for a B that nothing reads after
// this call and no other thread reads during it (a constant only this pack
// reads: runtime/const_release.h).
CX_MUST_USE cx_status_t cx_rt_gemm_prepack_b_consume(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                                     cx_rt_gemm_packed_b_t** out_packed);
void cx_rt_gemm_packed_b_destroy(cx_rt_gemm_packed_b_t* packed);
// C = epilogue(A x B) with B from `packed`; g->b is ignored. Returns
// CX_INVALID_ARGUMENT if g does not match what was packed.
CX_MUST_USE cx_status_t cx_rt_gemm_prepacked(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                             const cx_rt_gemm_packed_b_t* packed);

#endif  // CXLA_RUNTIME_KERNELS_GEMM_H_
