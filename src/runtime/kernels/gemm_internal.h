// Internal interface between the GEMM driver (gemm.c), the packing routines
// (gemm_pack.c), the epilogue (epilogue*.c) and the per-ISA microkernels
// (gemm_ukr_*.c). Not for use outside src/runtime/kernels.
#ifndef CXLA_RUNTIME_KERNELS_GEMM_INTERNAL_H_
#define CXLA_RUNTIME_KERNELS_GEMM_INTERNAL_H_

#include <stdbool.h>
#include <stdint.h>

#include "runtime/cpu_features.h"
#include "runtime/kernels/gemm.h"

// The context scratch slot holding a B packed once for all threads of one
// call (slots 0..2 are the per-thread packing buffers, 3..5 the convolution's).
enum { CX_GEMM_SLOT_SHARED_B = 6, CX_GEMM_SLOT_SHARED_A = 7 };

// How packed panels store their elements; one microkernel family per format.
typedef enum cx_gemm_family {
  CX_FAM_F32,   // f32 panels, f32 accumulators (f32, f16 and bf16 inputs)
  CX_FAM_F64,   // f64 panels, f64 accumulators
  CX_FAM_BF16,  // bf16 pairs along k, f32 accumulators (vdpbf16ps)
  CX_FAM_I8,    // A as u8 (a + 128), B as s8, quads along k, i32 accumulators
                //   (vpdpbusd); each B panel ends with NR i32 column sums
  CX_FAM_I8_PLAIN,  // s8 panels, one k per step, i32 accumulators (portable)
} cx_gemm_family_t;

// Writes the full MR x NR tile of A_panel x B_panel to c (row stride ldc, in
// accumulator elements); adds to what is there if accumulate. kc is the
// padded depth (a multiple of the family's k group).
typedef void (*cx_gemm_ukr_fn)(int64_t kc, const void* a, const void* b, void* c, int64_t ldc,
                               int accumulate);
typedef void (*cx_gemm_ukr_pf_fn)(int64_t kc, const void* a, const void* b, void* c, int64_t ldc,
                                  int accumulate, const char* pf, int64_t pf_lines);

typedef struct cx_gemm_kernel {
  cx_gemm_family_t family;
  int mr, nr;     // register tile
  int kgroup;     // k values interleaved per row in a panel
  int mc, kc, nc; // cache blocks; mc % mr == 0, nc % nr == 0, kc % kgroup == 0
  cx_gemm_ukr_fn ukr;
  bool isa_avx512;  // packing may use the AVX-512 helpers
  // ukr that also prefetches `pf_lines` cache lines from `pf` into L2, one
  // every few k steps (NULL if the kernel has none): the driver's way to
  // fetch the next B panel of a prepacked operand while this one computes.
  cx_gemm_ukr_pf_fn ukr_pf;
} cx_gemm_kernel_t;

static inline cx_rt_dtype_t cx_gemm_acc_type(cx_gemm_family_t f) {
  return f == CX_FAM_F64 ? CX_RT_F64 : (f == CX_FAM_I8 || f == CX_FAM_I8_PLAIN) ? CX_RT_I32
                                                                               : CX_RT_F32;
}
static inline int cx_gemm_packed_size(cx_gemm_family_t f) {
  switch (f) {
    case CX_FAM_F64: return 8;
    case CX_FAM_BF16: return 2;
    case CX_FAM_I8:
    case CX_FAM_I8_PLAIN: return 1;
    default: return 4;
  }
}

// Per-ISA kernel tables: NULL when the ISA has no kernel for the family on
// this CPU (the driver then falls back).
const cx_gemm_kernel_t* cx_gemm_kernel_portable(cx_gemm_family_t f);
const cx_gemm_kernel_t* cx_gemm_kernel_avx2(cx_gemm_family_t f, const cx_rt_cpu_features_t* cpu);
const cx_gemm_kernel_t* cx_gemm_kernel_avx512(cx_gemm_family_t f,
                                              const cx_rt_cpu_features_t* cpu);

// A source of rows to pack: row r, depth index k is at
// data + r*rs + k*ks elements (for B, "rows" are its columns).
typedef struct cx_pack_src {
  cx_rt_dtype_t type;
  const char* data;  // batch offset already applied
  int64_t rs, ks;
} cx_pack_src_t;

// Packs rows [r0, r0+rows) x depth [k0, k0+kc) into ceil(rows/R) panels of
// R rows each (R = mr for A, nr for B), zero-padding rows and depth up to
// the family's k group. For CX_FAM_I8, is_a selects the u8 (+128) form and
// !is_a appends the column sums. Returns the bytes of one panel.
size_t cx_gemm_pack(const cx_gemm_kernel_t* kern, bool is_a, const cx_pack_src_t* src, int64_t r0,
                    int64_t rows, int64_t k0, int64_t kc, void* dst);
// The same with the panels `stride` bytes apart. Operands packed once for
// every K pass are read with the stride of a full pass (kc_step) in every
// pass, the shorter last one included (K = 520 in passes of 174, 174, 172),
// so they are packed with that stride.
void cx_gemm_pack_strided(const cx_gemm_kernel_t* kern, bool is_a, const cx_pack_src_t* src,
                          int64_t r0, int64_t rows, int64_t k0, int64_t kc, size_t stride,
                          void* dst);
// Memory for operands packed once (a compiled model's weights, read on every
// call; free() releases it). Large ones sit on huge pages, all but their last
// partial one: faulting that as a whole 2 MiB page would keep up to 2 MiB per
// weight resident that nothing reads (24 MiB over BERT-base's weights).
void* cx_gemm_weights_alloc(size_t bytes);
// Bytes of one panel of R rows and depth kc.
size_t cx_gemm_panel_bytes(const cx_gemm_kernel_t* kern, bool is_a, int64_t kc);

// f32 rows x 32 tile with B read in place (row pitch ldb, unit columns);
// a is a packed 12-row panel. rows in 1..12. Prefetches npf cache lines
// from pf into L2 on the way, one per k step (npf 0: none).
void cx_gemm_f32_bdirect_avx512(int rows, int64_t kc, const float* a, const float* b, int64_t ldb,
                                float* c, int64_t ldc, int accumulate, const char* pf,
                                int64_t npf);

// Panels of R <= 32 (dst[k][R]) from a k-contiguous f32 source with row
// pitch ld (rows <= R of them; the rest of each panel row is zero).
void cx_pack_f32_rows_avx512(const float* src, int64_t ld, int rows, int R, int64_t kc, float* dst);

// f16 sources converted to f32 panels: k-contiguous rows (R = 12), or a
// panel-contiguous source with R <= 32.
void cx_pack_f16_rows12_avx512(const uint16_t* src, int64_t ld, int rows, int64_t kc, float* dst);
void cx_pack_f16_cols_avx512(const uint16_t* src, int64_t ks, int cols, int R, int64_t kc,
                             float* dst);

// bf16 B panels of 32 columns from an n-contiguous source (column stride 1,
// row stride ks); pairs of k rows interleaved, odd depth zero-padded.
void cx_pack_bf16_cols32_avx512(const uint16_t* src, int64_t ks, int cols, int64_t kc,
                                uint16_t* dst);

// Epilogue: acc is a rows x cols tile of accumulators (row stride ld_acc, in
// acc elements) at output position (i0, j0) of batch b; applies the ops and
// stores to the output view (converting). acc may alias the output (f32/f64/
// i32 outputs with unit column stride): then the result is written in place.
typedef struct cx_ep_args {
  const cx_rt_epilogue_t* ep;  // may be NULL
  cx_rt_view_t out;            // batch offset NOT applied
  int64_t batch;
} cx_ep_args_t;
void cx_ep_apply(const cx_ep_args_t* e, cx_rt_dtype_t acc_type, void* acc, int64_t ld_acc,
                 int64_t i0, int64_t j0, int rows, int cols, cx_rt_isa_t isa);
// The last K pass of a product accumulated in its output (f32, unit column
// stride): output = ops(tile + output) for the tile's rows x cols f32 values
// (row r at tile + r * ldt).
//
// Why kernels finish a tile through a buffer of their own rather than in the
// output: reading back a register tile just stored to the output waits until
// those stores reach the cache (a 512-bit load is not forwarded from them on
// Zen 4), and the output's lines may still be on their way from memory; a
// 2607 x 1024 x 256 GEMM with a bias multiply took 1.1 ms more than without,
// 0.3 ms more through the buffer.
void cx_ep_apply_sum(const cx_ep_args_t* e, const float* tile, int64_t ldt, int64_t i0, int64_t j0,
                     int rows, int cols, cx_rt_isa_t isa);
// Asks for the lines the epilogue of that tile will read (operands that vary
// along rows, with unit column stride) and the output lines it will write,
// so that they arrive while the tile's K loop runs: rows of a wide matrix
// lie a page or more apart, where the hardware prefetchers do not follow,
// and each line fetched on demand stalled the core (a 2607 x 1024 GEMM
// with a gating multiply: 17.3 ms against 13.6 without).
void cx_ep_prefetch(const cx_ep_args_t* e, int64_t i0, int64_t j0, int rows, int cols);
// Asks for the lines of `bytes` bytes from p to come into L2, for reading or
// writing.
static inline void cx_prefetch_run(const char* p, int64_t bytes, bool write) {
  if (bytes <= 0) return;
  uintptr_t end = (uintptr_t)(p + bytes - 1);
  for (uintptr_t a = (uintptr_t)p & ~(uintptr_t)63; a <= end; a += 64) {
    if (write)
      __builtin_prefetch((const void*)a, 1, 2);
    else
      __builtin_prefetch((const void*)a, 0, 2);
  }
}
// The AVX-512 f32 path of cx_ep_apply on a rows x cols tile: row r of x (at x + r * ldx, output row
// i0 + r), plus row r of prior when prior is not NULL, goes through the ops
// to y + r * ldy (prior has y's pitch; x and y may be the same).
void cx_ep_tile_f32_avx512(const cx_rt_epilogue_t* ep, int64_t batch, int64_t i0, int64_t j0,
                           const float* x, int64_t ldx, const float* prior, float* y, int64_t ldy,
                           int rows, int cols);
bool cx_ep_is_identity(const cx_rt_epilogue_t* ep);

// The skinny path (M <= 4, f32, B with unit column stride). Returns false
// if it does not apply.
bool cx_gemm_skinny_avx512(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g);
struct cx_gemm_plan;
// The same over a B packed once (plan->bpre): M <= 4, f32, C f32 with unit
// column stride.
bool cx_gemm_skinny_packed_avx512(cx_rt_kernel_ctx_t* ctx, const struct cx_gemm_plan* p);

#endif  // CXLA_RUNTIME_KERNELS_GEMM_INTERNAL_H_
