// The direct-convolution microkernel (AVX-512 f32): an R x 32 tile of output
// pixels x output features whose A operand is read where it lies.
//
// Row r of A is a set of segments, each a contiguous run of `seglen` floats
// at a + seg_a[s] + r*lda. For a channels-last convolution a segment is one
// kernel row (kw and the input channels are adjacent in memory: 3x64 floats
// for a 3x3 over 64 channels, 7x3 for ResNet's first layer) and consecutive
// output pixels are lda = stride*C apart, so no im2col copy and no packing of
// A is needed; the weights come packed as [k][32] (k = tap*C + c) and each
// segment starts at w + seg_w[s]. All of K runs in one call, so the tile
// stays in 28 zmm registers from the first k to the store (no C re-reads).
//
// The weights are either packed ([k][32], ldw = 32) or read in place from a
// kernel whose output features are contiguous (HWIO: ldw = Cout).
//
// Per k step the loop loads 2 weight vectors and broadcasts R input values
// for 2R FMAs. With R = 14 that is 28 FMAs (14 cycles on two 512-bit pipes)
// for 16 loads, so it is FMA-bound like the GEMM microkernel. Row addresses
// are formed from five bases (rows 0, 3, 6, 9, 12) plus lda and 2*lda, so the
// loop needs few general registers whatever lda is.
//
// The caller may pass a prefetch stream (pf, npf lines): the next weight
// block or panel, into L2, spread evenly over the k steps (a line every
// K/npf steps: the callers split a block's lines over all the tiles that use
// the block before it, which measured faster than a line per k step over
// the first tiles: fewer misses in flight at once for the loads). In a whole model each layer's
// weights are read once per call from L3 or memory, not from L2 as when one
// layer runs in a loop; without the stream the loads of a block's first tile
// waited for memory, so the memory time added to the FMA time instead of
// overlapping it.
//
// An epilogue of simple ops (cx_convd_ep_fits) is applied to the registers
// before the store, so the tile is written once; the operands read per row
// (a residual) are prefetched when the tile starts, to arrive during the K
// loop.
#include <immintrin.h>

#include "runtime/kernels/conv_internal.h"

// An epilogue operand's 32 values at p: a row (cs 1) or one value (cs 0).
static inline __attribute__((always_inline)) void cx_convd_operand(const float* p, int64_t cs,
                                                                   __mmask16 m0, __mmask16 m1,
                                                                   __m512* v0, __m512* v1) {
  if (cs == 0) {
    *v0 = *v1 = _mm512_set1_ps(*p);
  } else {
    *v0 = _mm512_maskz_loadu_ps(m0, p);
    *v1 = _mm512_maskz_loadu_ps(m1, p + 16);
  }
}

static inline __attribute__((always_inline)) void cx_convd_r(
    const int R, int64_t nseg, int64_t seglen, const int64_t* seg_a, const int64_t* seg_w,
    const float* a, int64_t lda, const float* w, int64_t ldw, float* c, int64_t ldc,
    uint32_t colmask, const cx_convd_ep_t* ep, const char* pf, int64_t npf) {
  __m512 c0[14], c1[14];
  const __mmask16 m0 = (__mmask16)colmask, m1 = (__mmask16)(colmask >> 16);
  if (ep) {
    for (int o = 0; o < ep->ep->num_ops; ++o) {
      const cx_rt_ep_op_t* op = &ep->ep->ops[o];
      if (!cx_ep_has_operand(op->kind) || op->rs == 0) continue;
      const float* row =
          (const float*)op->data + ep->batch * op->bs + ep->i0 * op->rs + ep->j0 * op->cs;
      for (int i = 0; i < R; ++i) {
        _mm_prefetch((const char*)(row + i * op->rs), _MM_HINT_T0);
        _mm_prefetch((const char*)(row + i * op->rs + 16), _MM_HINT_T0);
      }
    }
  }
  // The tile's output lines, for writing: in a model the output buffer was
  // last touched many layers before, and stores that miss wait for the line
  // (the store queue fills and the FMAs stall) unless it is on its way.
  for (int i = 0; i < R; ++i) {
    __builtin_prefetch(c + i * ldc, 1, 3);
    __builtin_prefetch(c + i * ldc + 16, 1, 3);
  }
#pragma GCC unroll 14
  for (int i = 0; i < 14; ++i) {
    if (i < R) {
      c0[i] = _mm512_setzero_ps();
      c1[i] = _mm512_setzero_ps();
    }
  }
  const int64_t every = npf > 0 && nseg * seglen > npf ? nseg * seglen / npf : 1;
  int64_t left = every;  // k steps to the next line of the stream
  for (int64_t s = 0; s < nseg; ++s) {
    const float* a0 = a + seg_a[s];
    const float* a3 = a0 + 3 * lda;
    const float* a6 = a0 + 6 * lda;
    const float* a9 = a0 + 9 * lda;
    const float* a12 = a0 + 12 * lda;
    const float* wp = w + seg_w[s];
    for (int64_t j = 0; j < seglen; ++j) {
      __m512 b0 = _mm512_loadu_ps(wp), b1 = _mm512_loadu_ps(wp + 16);
      // Eight k steps ahead: the weights stream from L2.
      _mm_prefetch((const char*)(wp + 8 * ldw), _MM_HINT_T0);
      _mm_prefetch((const char*)(wp + 8 * ldw + 16), _MM_HINT_T0);
      wp += ldw;
      if (npf > 0 && --left == 0) {  // the caller's stream
        _mm_prefetch(pf, _MM_HINT_T1);
        pf += 64;
        --npf;
        left = every;
      }
#define CX_ROW(i, p, o)                                \
  if (i < R) {                                         \
    __m512 x = _mm512_set1_ps(p[o]);                   \
    c0[i] = _mm512_fmadd_ps(x, b0, c0[i]);             \
    c1[i] = _mm512_fmadd_ps(x, b1, c1[i]);             \
  }
      CX_ROW(0, a0, j) CX_ROW(1, a0, j + lda) CX_ROW(2, a0, j + 2 * lda)
      CX_ROW(3, a3, j) CX_ROW(4, a3, j + lda) CX_ROW(5, a3, j + 2 * lda)
      CX_ROW(6, a6, j) CX_ROW(7, a6, j + lda) CX_ROW(8, a6, j + 2 * lda)
      CX_ROW(9, a9, j) CX_ROW(10, a9, j + lda) CX_ROW(11, a9, j + 2 * lda)
      CX_ROW(12, a12, j) CX_ROW(13, a12, j + lda)
#undef CX_ROW
    }
  }
  for (; npf > 0; --npf, pf += 64) _mm_prefetch(pf, _MM_HINT_T1);  // more lines than k steps
  if (ep) {
    const __m512 zero = _mm512_setzero_ps();
    for (int o = 0; o < ep->ep->num_ops; ++o) {
      const cx_rt_ep_op_t* op = &ep->ep->ops[o];
      const float* base = NULL;
      __m512 v0 = zero, v1 = zero;
      if (cx_ep_has_operand(op->kind)) {
        base = (const float*)op->data + ep->batch * op->bs + ep->i0 * op->rs + ep->j0 * op->cs;
        cx_convd_operand(base, op->cs, m0, m1, &v0, &v1);
      }
      // As the epilogue's ops (epilogue_avx512.c): NaN lanes stay NaN.
#define CX_EACH(stmt)                \
  _Pragma("GCC unroll 14") for (int i = 0; i < 14; ++i) { \
    if (i < R) {                     \
      if (op->rs != 0 && base)       \
        cx_convd_operand(base + i * op->rs, op->cs, m0, m1, &v0, &v1); \
      c0[i] = stmt(c0[i], v0);       \
      c1[i] = stmt(c1[i], v1);       \
    }                                \
  }
      switch (op->kind) {
        case CX_RT_EP_SCALE: {
          const __m512 k = _mm512_set1_ps(op->a);
#define CX_SCALE(x, v) _mm512_mul_ps(x, k)
          CX_EACH(CX_SCALE)
#undef CX_SCALE
          break;
        }
        case CX_RT_EP_ADD: CX_EACH(_mm512_add_ps) break;
        case CX_RT_EP_MUL: CX_EACH(_mm512_mul_ps) break;
        case CX_RT_EP_SUB: CX_EACH(_mm512_sub_ps) break;
        case CX_RT_EP_RELU: {
#define CX_RELU(x, v) _mm512_add_ps(_mm512_max_ps(zero, x), zero)
          CX_EACH(CX_RELU)
#undef CX_RELU
          break;
        }
        case CX_RT_EP_CLAMP: {
          const __m512 lo = _mm512_set1_ps(op->a), hi = _mm512_set1_ps(op->b);
#define CX_CLAMP(x, v)                                                              \
  _mm512_mask_mov_ps(_mm512_min_ps(_mm512_max_ps(x, lo), hi),                       \
                     _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q), x)
          CX_EACH(CX_CLAMP)
#undef CX_CLAMP
          break;
        }
        default: break;  // not taken (cx_convd_ep_fits)
      }
#undef CX_EACH
    }
  }
#pragma GCC unroll 14
  for (int i = 0; i < 14; ++i) {
    if (i < R) {
      _mm512_mask_storeu_ps(c + i * ldc, m0, c0[i]);
      _mm512_mask_storeu_ps(c + i * ldc + 16, m1, c1[i]);
    }
  }
}

#define CX_CONVD(R)                                                                              \
  static void cx_convd_##R(int64_t nseg, int64_t seglen, const int64_t* seg_a,                   \
                           const int64_t* seg_w, const float* a, int64_t lda, const float* w,    \
                           int64_t ldw, float* c, int64_t ldc, uint32_t colmask,                 \
                           const cx_convd_ep_t* ep, const char* pf, int64_t npf) {               \
    cx_convd_r(R, nseg, seglen, seg_a, seg_w, a, lda, w, ldw, c, ldc, colmask, ep, pf, npf);     \
  }
CX_CONVD(1) CX_CONVD(2) CX_CONVD(3) CX_CONVD(4) CX_CONVD(5) CX_CONVD(6) CX_CONVD(7)
CX_CONVD(8) CX_CONVD(9) CX_CONVD(10) CX_CONVD(11) CX_CONVD(12) CX_CONVD(13) CX_CONVD(14)
#undef CX_CONVD

void cx_convd_f32_avx512(int rows, int64_t nseg, int64_t seglen, const int64_t* seg_a,
                         const int64_t* seg_w, const float* a, int64_t lda, const float* w,
                         int64_t ldw, float* c, int64_t ldc, uint32_t colmask,
                         const cx_convd_ep_t* ep, const char* pf, int64_t npf) {
  typedef void (*fn_t)(int64_t, int64_t, const int64_t*, const int64_t*, const float*, int64_t,
                       const float*, int64_t, float*, int64_t, uint32_t, const cx_convd_ep_t*,
                       const char*, int64_t);
  static const fn_t fns[15] = {NULL,          cx_convd_1,  cx_convd_2,  cx_convd_3,  cx_convd_4,
                               cx_convd_5,    cx_convd_6,  cx_convd_7,  cx_convd_8,  cx_convd_9,
                               cx_convd_10,   cx_convd_11, cx_convd_12, cx_convd_13, cx_convd_14};
  fns[rows](nseg, seglen, seg_a, seg_w, a, lda, w, ldw, c, ldc, colmask, ep, pf, npf);
}

bool cx_convd_ep_fits(const cx_rt_epilogue_t* ep) {
  if (!ep) return false;
  for (int o = 0; o < ep->num_ops; ++o) {
    const cx_rt_ep_op_t* op = &ep->ops[o];
    switch (op->kind) {
      case CX_RT_EP_SCALE:
      case CX_RT_EP_RELU:
      case CX_RT_EP_CLAMP: break;
      case CX_RT_EP_ADD:
      case CX_RT_EP_MUL:
      case CX_RT_EP_SUB:
        if (op->type != CX_RT_F32 || (op->cs != 1 && op->cs != 0)) return false;
        break;
      default: return false;
    }
  }
  return true;
}
