// The kernel context: what the dense kernels (GEMM, convolution) keep between
// calls.
//
// A first touch of a fresh 4 KiB page costs about 13 us in this VM, so packing
// buffers must be reused across calls rather than allocated per call: they
// hang off this object, grow on demand and are freed by destroy. The context
// also records which ISA level the kernels use (tests force each level) and
// how many threads of the pool a call may use.
//
// Ownership: single owner (create/destroy). The pool is borrowed and must
// outlive the context. One context serves one caller at a time; concurrent
// callers each need their own context (they may share the pool).
#ifndef CXLA_RUNTIME_KERNELS_KERNEL_CTX_H_
#define CXLA_RUNTIME_KERNELS_KERNEL_CTX_H_

#include <stddef.h>

#include "cxla/status.h"
#include "runtime/cpu_features.h"
#include "runtime/thread_pool.h"

typedef struct cx_rt_kernel_ctx cx_rt_kernel_ctx_t;

// pool may be NULL (single-threaded).
CX_MUST_USE cx_status_t cx_rt_kernel_ctx_create(cx_rt_thread_pool_t* pool,
                                                cx_rt_kernel_ctx_t** out_ctx);
void cx_rt_kernel_ctx_destroy(cx_rt_kernel_ctx_t* ctx);

// Forces an ISA level (CX_RT_ISA_AUTO = the best one). Fails with
// CX_UNIMPLEMENTED if this CPU cannot run it.
CX_MUST_USE cx_status_t cx_rt_kernel_ctx_set_isa(cx_rt_kernel_ctx_t* ctx, cx_rt_isa_t isa);
cx_rt_isa_t cx_rt_kernel_ctx_isa(const cx_rt_kernel_ctx_t* ctx);  // never AUTO
const cx_rt_cpu_features_t* cx_rt_kernel_ctx_features(const cx_rt_kernel_ctx_t* ctx);
// Threads a call may use (<= 0 or more than the pool has: all of the pool's).
void cx_rt_kernel_ctx_set_num_threads(cx_rt_kernel_ctx_t* ctx, int num_threads);
int cx_rt_kernel_ctx_num_threads(const cx_rt_kernel_ctx_t* ctx);
cx_rt_thread_pool_t* cx_rt_kernel_ctx_pool(cx_rt_kernel_ctx_t* ctx);

// Which convolution algorithm cx_rt_conv uses. AUTO chooses by shape; the
// others exist so tests can run every path on the same shapes and benchmarks
// can compare them. A forced algorithm that cannot run a given convolution
// falls back to one that can.
typedef enum cx_rt_conv_algo {
  CX_RT_CONV_ALGO_AUTO = 0,
  CX_RT_CONV_ALGO_DIRECT,  // row-segment kernel on the input in place
  CX_RT_CONV_ALGO_GEMM,    // 1x1 as one GEMM, depthwise, or im2col blocks + GEMM
  CX_RT_CONV_ALGO_WINOGRAD_F2,  // Winograd F(2x2, 3x3) (3x3, stride 1, f32, channels-last)
  CX_RT_CONV_ALGO_WINOGRAD_F4,  // Winograd F(4x4, 3x3), same conditions
} cx_rt_conv_algo_t;
void cx_rt_kernel_ctx_set_conv_algo(cx_rt_kernel_ctx_t* ctx, cx_rt_conv_algo_t algo);
cx_rt_conv_algo_t cx_rt_kernel_ctx_conv_algo(const cx_rt_kernel_ctx_t* ctx);

// Scratch memory for the kernels: slot `slot` of thread `thread`, 64-byte
// aligned, at least `bytes` long, contents unspecified. Reserve every buffer a
// call needs before its parallel region (reserve may allocate and fail); get
// inside the region only returns what was reserved.
enum { CX_RT_SCRATCH_SLOTS = 11, CX_RT_SCRATCH_MAX_THREADS = 64 };
CX_MUST_USE cx_status_t cx_rt_kernel_ctx_reserve(cx_rt_kernel_ctx_t* ctx, int threads, int slot,
                                                 size_t bytes);
void* cx_rt_kernel_ctx_scratch(cx_rt_kernel_ctx_t* ctx, int thread, int slot);

#endif  // CXLA_RUNTIME_KERNELS_KERNEL_CTX_H_
