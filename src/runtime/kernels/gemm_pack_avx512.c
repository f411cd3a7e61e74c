// AVX-512 packing of a k-contiguous f32 source (row-major A, the im2col
// blocks of a channels-last convolution, B given as its transpose: attention's
// keys in Q K^T) into panels of 12 or 32: a 16x16 register transpose per 16 k
// steps instead of one scalar move per element, since this transpose is the
// largest cost outside the microkernel for small N (and for attention's
// small products, where each pack serves a few tiles).
#include <immintrin.h>
#include <string.h>

#include "runtime/kernels/gemm_internal.h"

// Transposes 16 rows of 16 floats (r[i] = row i) into r[j] = column j.
static inline void cx_transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
    r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
    r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
  }
  // Now r[4q + s] holds, in each 128-bit lane L, elements (row 4q..4q+3, col 4L + s).
  for (int i = 0; i < 16; i += 8) {
    for (int s = 0; s < 4; ++s) {
      t[i + s] = _mm512_shuffle_f32x4(r[i + s], r[i + 4 + s], 0x88);
      t[i + 4 + s] = _mm512_shuffle_f32x4(r[i + s], r[i + 4 + s], 0xdd);
    }
  }
  for (int s = 0; s < 4; ++s) {
    r[s] = _mm512_shuffle_f32x4(t[s], t[8 + s], 0x88);
    r[8 + s] = _mm512_shuffle_f32x4(t[s], t[8 + s], 0xdd);
    r[4 + s] = _mm512_shuffle_f32x4(t[4 + s], t[12 + s], 0x88);
    r[12 + s] = _mm512_shuffle_f32x4(t[4 + s], t[12 + s], 0xdd);
  }
}

void cx_pack_f32_rows_avx512(const float* src, int64_t ld, int rows, int R, int64_t kc, float* dst) {
  // Sixteen panel columns (source rows) at a time; a source row past `rows`
  // packs as zeros, a last group of fewer than 16 k steps loads masked.
  for (int c0 = 0; c0 < R; c0 += 16) {
    const int width = R - c0 < 16 ? R - c0 : 16, have = rows - c0;
    const __mmask16 mw = (__mmask16)((1u << width) - 1);
    for (int64_t k = 0; k < kc; k += 16) {
      const int kn = kc - k < 16 ? (int)(kc - k) : 16;
      const __mmask16 mk = (__mmask16)((1u << kn) - 1);
      __m512 r[16];
      for (int i = 0; i < 16; ++i)
        r[i] = i < have ? _mm512_maskz_loadu_ps(mk, src + (c0 + i) * ld + k) : _mm512_setzero_ps();
      cx_transpose16(r);
      for (int j = 0; j < kn; ++j) _mm512_mask_storeu_ps(dst + (k + j) * R + c0, mw, r[j]);
    }
  }
}

// The same from f16 (vcvtph2ps while loading).
void cx_pack_f16_rows12_avx512(const uint16_t* src, int64_t ld, int rows, int64_t kc, float* dst) {
  const __mmask16 m12 = 0x0fff;
  int64_t k = 0;
  for (; k + 16 <= kc; k += 16) {
    __m512 r[16];
    for (int i = 0; i < 16; ++i)
      r[i] = i < rows ? _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i*)(src + i * ld + k)))
                      : _mm512_setzero_ps();
    cx_transpose16(r);
    // Column j of the block = the 12 row values of depth k + j.
    for (int j = 0; j < 16; ++j) _mm512_mask_storeu_ps(dst + (k + j) * 12, m12, r[j]);
  }
  for (; k < kc; ++k) {
    for (int i = 0; i < 12; ++i)
      dst[k * 12 + i] = i < rows ? _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(src[i * ld + k])))
                                 : 0.0f;
  }
}

// f16 panels of R <= 32 columns from a panel-contiguous source (B row-major).
void cx_pack_f16_cols_avx512(const uint16_t* src, int64_t ks, int cols, int R, int64_t kc,
                             float* dst) {
  __mmask16 m0 = cols >= 16 ? 0xffff : (__mmask16)((1u << cols) - 1);
  __mmask16 m1 = cols >= 32 ? 0xffff : cols <= 16 ? 0 : (__mmask16)((1u << (cols - 16)) - 1);
  __mmask16 s0 = R >= 16 ? 0xffff : (__mmask16)((1u << R) - 1);
  __mmask16 s1 = R >= 32 ? 0xffff : R <= 16 ? 0 : (__mmask16)((1u << (R - 16)) - 1);
  for (int64_t k = 0; k < kc; ++k) {
    const uint16_t* p = src + k * ks;
    _mm512_mask_storeu_ps(dst + k * R, s0, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m0, p)));
    if (s1)
      _mm512_mask_storeu_ps(dst + k * R + 16, s1,
                            _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m1, p + 16)));
  }
}

// bf16 B panels from an n-contiguous source: dst[k/2][32][2] interleaves
// rows k and k+1 of 32 columns (vpermt2w), the layout vdpbf16ps consumes.
void cx_pack_bf16_cols32_avx512(const uint16_t* src, int64_t ks, int cols, int64_t kc,
                                uint16_t* dst) {
  __m512i lo_idx, hi_idx;
  {
    _Alignas(64) uint16_t lo[32], hi[32];
    for (int i = 0; i < 32; ++i) {
      lo[i] = (uint16_t)((i & 1) * 32 + i / 2);
      hi[i] = (uint16_t)((i & 1) * 32 + 16 + i / 2);
    }
    lo_idx = _mm512_load_si512(lo);
    hi_idx = _mm512_load_si512(hi);
  }
  __mmask32 m = cols >= 32 ? 0xffffffffu : ((1u << cols) - 1);
  int64_t k = 0;
  for (; k + 1 < kc; k += 2) {
    __m512i r0 = _mm512_maskz_loadu_epi16(m, src + k * ks);
    __m512i r1 = _mm512_maskz_loadu_epi16(m, src + (k + 1) * ks);
    _mm512_storeu_si512(dst + k * 32, _mm512_permutex2var_epi16(r0, lo_idx, r1));
    _mm512_storeu_si512(dst + k * 32 + 32, _mm512_permutex2var_epi16(r0, hi_idx, r1));
  }
  if (k < kc) {  // odd depth: the pair's second row is zero
    __m512i r0 = _mm512_maskz_loadu_epi16(m, src + k * ks);
    __m512i z = _mm512_setzero_si512();
    _mm512_storeu_si512(dst + k * 32, _mm512_permutex2var_epi16(r0, lo_idx, z));
    _mm512_storeu_si512(dst + k * 32 + 32, _mm512_permutex2var_epi16(r0, hi_idx, z));
  }
}
