// Packing: copies a block of A (or of B, seen as its transpose) into the
// panel layout the microkernels read with unit stride, converting element
// types on the way (f16/bf16 -> f32 for the f32 family, i8 -> u8 + 128 for
// VNNI). Packing is what makes every stride/transpose layout run at the same
// speed: the microkernel never sees the caller's strides.
#include <string.h>

#include "runtime/kernels/gemm_internal.h"

static inline int64_t cx_round_up(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

size_t cx_gemm_panel_bytes(const cx_gemm_kernel_t* kern, bool is_a, int64_t kc) {
  int64_t r = is_a ? kern->mr : kern->nr;
  int64_t bytes = r * cx_round_up(kc, kern->kgroup) * cx_gemm_packed_size(kern->family);
  if (kern->family == CX_FAM_I8 && !is_a) bytes += r * 4;
  return (size_t)cx_round_up(bytes, 64);
}

static inline float cx_load_f32(cx_rt_dtype_t t, const char* p) {
  switch (t) {
    case CX_RT_F32: { float v; memcpy(&v, p, 4); return v; }
    case CX_RT_F16: { uint16_t h; memcpy(&h, p, 2); return cx_rt_f16_to_f32(h); }
    case CX_RT_BF16: { uint16_t h; memcpy(&h, p, 2); return cx_rt_bf16_to_f32(h); }
    case CX_RT_F64: { double v; memcpy(&v, p, 8); return (float)v; }
    case CX_RT_I8: return (float)*(const int8_t*)p;
    case CX_RT_I32: { int32_t v; memcpy(&v, p, 4); return (float)v; }
  }
  return 0;
}

// f32 panels: dst[k][R].
static void cx_pack_f32(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                        int64_t kc, float* restrict d, bool use_avx512) {
  size_t es = cx_rt_dtype_size(s->type);
  if (s->type == CX_RT_F32 && s->ks == 1 && R == 12 && use_avx512) {
    cx_pack_f32_rows12_avx512((const float*)s->data + r0 * s->rs + k0, s->rs, rows, kc, d);
    return;
  }
  if (s->type == CX_RT_F16 && use_avx512 && s->ks == 1 && R == 12) {
    cx_pack_f16_rows12_avx512((const uint16_t*)s->data + r0 * s->rs + k0, s->rs, rows, kc, d);
    return;
  }
  if (s->type == CX_RT_F16 && use_avx512 && s->rs == 1 && R <= 32) {
    cx_pack_f16_cols_avx512((const uint16_t*)s->data + r0 + k0 * s->ks, s->ks, rows, R, kc, d);
    return;
  }
  if (s->type == CX_RT_F32 && s->ks == 1) {
    // Row-contiguous source (A row-major, or B column-major): transpose.
    for (int r = 0; r < rows; ++r) {
      const float* src = (const float*)s->data + (r0 + r) * s->rs + k0;
      for (int64_t k = 0; k < kc; ++k) d[k * R + r] = src[k];
    }
  } else if (s->type == CX_RT_F32 && s->rs == 1) {
    // Panel-contiguous source (B row-major): straight copies.
    for (int64_t k = 0; k < kc; ++k) {
      memcpy(d + k * R, (const float*)s->data + r0 + (k0 + k) * s->ks, (size_t)rows * 4);
    }
  } else {
    for (int r = 0; r < rows; ++r) {
      const char* src = s->data + ((r0 + r) * s->rs + k0 * s->ks) * (int64_t)es;
      for (int64_t k = 0; k < kc; ++k) d[k * R + r] = cx_load_f32(s->type, src + k * s->ks * (int64_t)es);
    }
  }
  if (rows < R)
    for (int64_t k = 0; k < kc; ++k) memset(d + k * R + rows, 0, (size_t)(R - rows) * 4);
}

static void cx_pack_f64(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                        int64_t kc, double* restrict d) {
  const double* base = (const double*)s->data;
  if (s->rs == 1) {
    for (int64_t k = 0; k < kc; ++k)
      memcpy(d + k * R, base + r0 + (k0 + k) * s->ks, (size_t)rows * 8);
  } else {
    for (int r = 0; r < rows; ++r) {
      const double* src = base + (r0 + r) * s->rs + k0 * s->ks;
      for (int64_t k = 0; k < kc; ++k) d[k * R + r] = src[k * s->ks];
    }
  }
  if (rows < R)
    for (int64_t k = 0; k < kc; ++k) memset(d + k * R + rows, 0, (size_t)(R - rows) * 8);
}

// bf16 pairs: dst[k/2][R][2]; odd depth is padded with zeros.
static void cx_pack_bf16(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                         int64_t kc, uint16_t* restrict d, bool use_avx512) {
  int64_t kp = cx_round_up(kc, 2);
  const uint16_t* first = (const uint16_t*)s->data + r0 * s->rs + k0 * s->ks;
  if (use_avx512 && R == 32 && s->rs == 1) {
    cx_pack_bf16_cols32_avx512(first, s->ks, rows, kc, d);
    return;
  }
  if (use_avx512 && R == 12 && s->ks == 1 && kc % 2 == 0 && s->rs % 2 == 0 &&
      ((uintptr_t)first & 3) == 0) {
    // k pairs are adjacent 32-bit words: the f32 transpose moves them whole.
    cx_pack_f32_rows12_avx512((const float*)(const void*)first, s->rs / 2, rows, kc / 2,
                              (float*)(void*)d);
    return;
  }
  memset(d, 0, (size_t)(kp * R) * 2);
  const uint16_t* base = (const uint16_t*)s->data;
  if (s->rs == 1) {
    for (int64_t k = 0; k < kc; ++k) {
      const uint16_t* src = base + r0 + (k0 + k) * s->ks;
      uint16_t* dk = d + (k >> 1) * 2 * R + (k & 1);
      for (int r = 0; r < rows; ++r) dk[2 * r] = src[r];
    }
  } else {
    for (int r = 0; r < rows; ++r) {
      const uint16_t* src = base + (r0 + r) * s->rs + k0 * s->ks;
      if (s->ks == 1) {
        // Pairs are adjacent in the source: copy 32-bit words.
        int64_t k = 0;
        for (; k + 1 < kc; k += 2) memcpy(d + (k >> 1) * 2 * R + 2 * r, src + k, 4);
        if (k < kc) d[(k >> 1) * 2 * R + 2 * r] = src[k];
      } else {
        for (int64_t k = 0; k < kc; ++k) d[(k >> 1) * 2 * R + 2 * r + (k & 1)] = src[k * s->ks];
      }
    }
  }
}

// int8 quads: dst[k/4][R][4]; A is stored as u8 (a + 128) for vpdpbusd,
// B as s8 followed by R i32 column sums (the driver's +128 correction).
static void cx_pack_i8q(const cx_pack_src_t* s, bool is_a, int64_t r0, int rows, int R,
                        int64_t k0, int64_t kc, uint8_t* restrict d) {
  int64_t kp = cx_round_up(kc, 4);
  memset(d, is_a ? 0x80 : 0, (size_t)(kp * R));
  const int8_t* base = (const int8_t*)s->data;
  uint8_t flip = is_a ? 0x80 : 0;
  int32_t sums[64] = {0};
  for (int r = 0; r < rows; ++r) {
    const int8_t* src = base + (r0 + r) * s->rs + k0 * s->ks;
    int32_t sum = 0;
    for (int64_t k = 0; k < kc; ++k) {
      int8_t v = src[k * s->ks];
      sum += v;
      d[(k >> 2) * 4 * R + 4 * r + (k & 3)] = (uint8_t)v ^ flip;
    }
    sums[r] = sum;
  }
  if (!is_a) memcpy(d + kp * R, sums, (size_t)R * 4);
}

static void cx_pack_i8(const cx_pack_src_t* s, int64_t r0, int rows, int R, int64_t k0,
                       int64_t kc, int8_t* restrict d) {
  memset(d, 0, (size_t)(kc * R));
  const int8_t* base = (const int8_t*)s->data;
  for (int r = 0; r < rows; ++r) {
    const int8_t* src = base + (r0 + r) * s->rs + k0 * s->ks;
    for (int64_t k = 0; k < kc; ++k) d[k * R + r] = src[k * s->ks];
  }
}

void cx_gemm_pack_strided(const cx_gemm_kernel_t* kern, bool is_a, const cx_pack_src_t* src,
                          int64_t r0, int64_t rows, int64_t k0, int64_t kc, size_t stride,
                          void* dst) {
  int R = is_a ? kern->mr : kern->nr;
  for (int64_t p = 0; p * R < rows; ++p) {
    int n = (int)(rows - p * R < R ? rows - p * R : R);
    char* d = (char*)dst + (size_t)p * stride;
    int64_t rp = r0 + p * R;
    switch (kern->family) {
      case CX_FAM_F32: cx_pack_f32(src, rp, n, R, k0, kc, (float*)d, kern->isa_avx512); break;
      case CX_FAM_F64: cx_pack_f64(src, rp, n, R, k0, kc, (double*)d); break;
      case CX_FAM_BF16: cx_pack_bf16(src, rp, n, R, k0, kc, (uint16_t*)d, kern->isa_avx512); break;
      case CX_FAM_I8: cx_pack_i8q(src, is_a, rp, n, R, k0, kc, (uint8_t*)d); break;
      case CX_FAM_I8_PLAIN: cx_pack_i8(src, rp, n, R, k0, kc, (int8_t*)d); break;
    }
  }
}

size_t cx_gemm_pack(const cx_gemm_kernel_t* kern, bool is_a, const cx_pack_src_t* src, int64_t r0,
                    int64_t rows, int64_t k0, int64_t kc, void* dst) {
  size_t pb = cx_gemm_panel_bytes(kern, is_a, kc);
  cx_gemm_pack_strided(kern, is_a, src, r0, rows, k0, kc, pb, dst);
  return pb;
}
