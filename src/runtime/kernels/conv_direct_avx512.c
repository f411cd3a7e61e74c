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
#include <immintrin.h>

#include "runtime/kernels/conv_internal.h"

static inline __attribute__((always_inline)) void cx_convd_r(
    const int R, int64_t nseg, int64_t seglen, const int64_t* seg_a, const int64_t* seg_w,
    const float* a, int64_t lda, const float* w, int64_t ldw, float* c, int64_t ldc,
    uint32_t colmask) {
  __m512 c0[14], c1[14];
#pragma GCC unroll 14
  for (int i = 0; i < 14; ++i) {
    if (i < R) {
      c0[i] = _mm512_setzero_ps();
      c1[i] = _mm512_setzero_ps();
    }
  }
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
  const __mmask16 m0 = (__mmask16)colmask, m1 = (__mmask16)(colmask >> 16);
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
                           int64_t ldw, float* c, int64_t ldc, uint32_t colmask) {               \
    cx_convd_r(R, nseg, seglen, seg_a, seg_w, a, lda, w, ldw, c, ldc, colmask);                  \
  }
CX_CONVD(1) CX_CONVD(2) CX_CONVD(3) CX_CONVD(4) CX_CONVD(5) CX_CONVD(6) CX_CONVD(7)
CX_CONVD(8) CX_CONVD(9) CX_CONVD(10) CX_CONVD(11) CX_CONVD(12) CX_CONVD(13) CX_CONVD(14)
#undef CX_CONVD

void cx_convd_f32_avx512(int rows, int64_t nseg, int64_t seglen, const int64_t* seg_a,
                         const int64_t* seg_w, const float* a, int64_t lda, const float* w,
                         int64_t ldw, float* c, int64_t ldc, uint32_t colmask) {
  typedef void (*fn_t)(int64_t, int64_t, const int64_t*, const int64_t*, const float*, int64_t,
                       const float*, int64_t, float*, int64_t, uint32_t);
  static const fn_t fns[15] = {NULL,          cx_convd_1,  cx_convd_2,  cx_convd_3,  cx_convd_4,
                               cx_convd_5,    cx_convd_6,  cx_convd_7,  cx_convd_8,  cx_convd_9,
                               cx_convd_10,   cx_convd_11, cx_convd_12, cx_convd_13, cx_convd_14};
  fns[rows](nseg, seglen, seg_a, seg_w, a, lda, w, ldw, c, ldc, colmask);
}
