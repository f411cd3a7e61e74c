// The Winograd transforms of conv_winograd.c (AVX-512 f32), 16 channels per
// vector: the input tile's B^T d B and the output tile's A^T m A.
//
// Both are separable: a 1-D transform down each column of the tile, then
// along each row, on whole vectors of channels. The 1-D transforms are
// written out by hand (products with 0 and 1 dropped, common sums shared):
// a generic matrix product would multiply by the zeros too (x * 0 cannot be
// folded in IEEE arithmetic) and cost twice the arithmetic.
//
// Points 0, +-1, +-2 and infinity (Lavin & Gray's F(4x4, 3x3)); for
// F(2x2, 3x3) 0, +-1 and infinity; at stride 2 the even samples' F(2, 2)
// uses 0, 1 and infinity and the odd samples pass through.
#include <immintrin.h>

#include "runtime/kernels/conv_internal.h"
#include "runtime/kernels/epilogue_avx512.h"

// F(4, 3): B^T d over 6 values.
static inline __attribute__((always_inline)) void cx_bt6(const __m512* d, __m512* r) {
  const __m512 k2 = _mm512_set1_ps(2.0f), k4 = _mm512_set1_ps(4.0f), k5 = _mm512_set1_ps(5.0f);
  __m512 d12 = _mm512_add_ps(d[1], d[2]), d34 = _mm512_add_ps(d[3], d[4]);
  __m512 d1m2 = _mm512_sub_ps(d[1], d[2]), d4m3 = _mm512_sub_ps(d[4], d[3]);
  __m512 d3m1 = _mm512_sub_ps(d[3], d[1]), d4m2 = _mm512_sub_ps(d[4], d[2]);
  r[0] = _mm512_fmadd_ps(k4, d[0], _mm512_fnmadd_ps(k5, d[2], d[4]));
  r[1] = _mm512_fnmadd_ps(k4, d12, d34);
  r[2] = _mm512_fmadd_ps(k4, d1m2, d4m3);
  r[3] = _mm512_fmadd_ps(k2, d3m1, d4m2);
  r[4] = _mm512_fnmadd_ps(k2, d3m1, d4m2);
  r[5] = _mm512_fmadd_ps(k4, d[1], _mm512_fnmadd_ps(k5, d[3], d[5]));
}

// F(2, 3): B^T d over 4 values.
static inline __attribute__((always_inline)) void cx_bt4(const __m512* d, __m512* r) {
  r[0] = _mm512_sub_ps(d[0], d[2]);
  r[1] = _mm512_add_ps(d[1], d[2]);
  r[2] = _mm512_sub_ps(d[2], d[1]);
  r[3] = _mm512_sub_ps(d[1], d[3]);
}

// F(4, 3): A^T m over 6 values.
static inline __attribute__((always_inline)) void cx_at6(const __m512* m, __m512* o) {
  const __m512 k2 = _mm512_set1_ps(2.0f), k4 = _mm512_set1_ps(4.0f), k8 = _mm512_set1_ps(8.0f);
  __m512 a = _mm512_add_ps(m[1], m[2]), b = _mm512_sub_ps(m[1], m[2]);
  __m512 c = _mm512_add_ps(m[3], m[4]), d = _mm512_sub_ps(m[3], m[4]);
  o[0] = _mm512_add_ps(_mm512_add_ps(m[0], a), c);
  o[1] = _mm512_fmadd_ps(k2, d, b);
  o[2] = _mm512_fmadd_ps(k4, c, a);
  o[3] = _mm512_fmadd_ps(k8, d, _mm512_add_ps(b, m[5]));
}

// F(2, 3): A^T m over 4 values.
static inline __attribute__((always_inline)) void cx_at4(const __m512* m, __m512* o) {
  o[0] = _mm512_add_ps(_mm512_add_ps(m[0], m[1]), m[2]);
  o[1] = _mm512_sub_ps(_mm512_sub_ps(m[1], m[2]), m[3]);
}

// Stride 2: x0..x4 to the even samples' F(2, 2) input (x0 - x2, x2,
// x4 - x2) and the odd samples x1, x3.
static inline __attribute__((always_inline)) void cx_bs2(const __m512* d, __m512* r) {
  r[0] = _mm512_sub_ps(d[0], d[2]);
  r[1] = d[2];
  r[2] = _mm512_sub_ps(d[4], d[2]);
  r[3] = d[1];
  r[4] = d[3];
}

// Stride 2: the two outputs from the 5 products (even F(2, 2) plus odd).
static inline __attribute__((always_inline)) void cx_as2(const __m512* m, __m512* o) {
  o[0] = _mm512_add_ps(_mm512_add_ps(m[0], m[1]), m[3]);
  o[1] = _mm512_add_ps(_mm512_add_ps(m[1], m[2]), m[4]);
}

static inline __attribute__((always_inline)) void cx_bt(const int A, const __m512* d, __m512* r) {
  if (A == 6) cx_bt6(d, r);
  else if (A == 5) cx_bs2(d, r);
  else cx_bt4(d, r);
}

static inline __attribute__((always_inline)) void cx_at(const int A, const __m512* m, __m512* o) {
  if (A == 6) cx_at6(m, o);
  else if (A == 5) cx_as2(m, o);
  else cx_at4(m, o);
}

static inline __attribute__((always_inline)) void cx_wg_in(
    const int A, const cx_wg_geom_t* g, const float* img, int64_t hs, int64_t ws, int64_t y0,
    int64_t x0, int64_t C, float* v, int64_t vs) {
  unsigned rows = 0, cols = 0;  // which tile rows/columns lie inside the image
  for (int i = 0; i < A; ++i) {
    if (y0 + i >= 0 && y0 + i < g->IH) rows |= 1u << i;
    if (x0 + i >= 0 && x0 + i < g->IW) cols |= 1u << i;
  }
  const unsigned full = (1u << A) - 1;
  const bool inside = rows == full && cols == full;
  const float* base = img + y0 * hs + x0 * ws;
  for (int64_t c0 = 0; c0 < C; c0 += 16) {
    __mmask16 k = C - c0 >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (C - c0)) - 1);
    __m512 t[6][6];
    // Columns: t = B^T d.
#pragma GCC unroll 6
    for (int j = 0; j < A; ++j) {
      __m512 d[6];
#pragma GCC unroll 6
      for (int i = 0; i < A; ++i) {
        const float* p = base + i * hs + j * ws + c0;
        d[i] = inside || ((rows >> i) & (cols >> j) & 1) ? _mm512_maskz_loadu_ps(k, p)
                                                          : _mm512_setzero_ps();
      }
      __m512 r[6];
      cx_bt(A, d, r);
#pragma GCC unroll 6
      for (int i = 0; i < A; ++i) t[i][j] = r[i];
    }
    // Rows: V = t B, one plane per element of the tile.
#pragma GCC unroll 6
    for (int i = 0; i < A; ++i) {
      __m512 r[6];
      cx_bt(A, t[i], r);
#pragma GCC unroll 6
      for (int j = 0; j < A; ++j) _mm512_mask_storeu_ps(v + g->plane[i][j] * vs + c0, k, r[j]);
    }
  }
}

void cx_wg_input_f32_avx512(const cx_wg_geom_t* g, const float* img, int64_t hs, int64_t ws,
                            int64_t y0, int64_t x0, int64_t C, float* v, int64_t vs) {
  if (g->A == 6) cx_wg_in(6, g, img, hs, ws, y0, x0, C, v, vs);
  else if (g->A == 5) cx_wg_in(5, g, img, hs, ws, y0, x0, C, v, vs);
  else cx_wg_in(4, g, img, hs, ws, y0, x0, C, v, vs);
}

static inline __attribute__((always_inline)) void cx_wg_out(const int A, const cx_wg_geom_t* g,
                                                            const float* mt, int64_t ms,
                                                            int64_t C, float* out, int64_t ld_y,
                                                            int64_t ld_x, int ny, int nx,
                                                            const cx_convd_ep_t* ep,
                                                            int64_t ep_ld_y) {
  const int m = A == 5 ? 2 : A - 2;
  const int nops = ep ? ep->ep->num_ops : 0;
  for (int64_t c0 = 0; c0 < C; c0 += 16) {
    const int lanes = C - c0 >= 16 ? 16 : (int)(C - c0);
    __mmask16 k = (__mmask16)((1u << lanes) - 1);
    // Epilogue operands that are the same for every pixel (per-channel
    // vectors, splats): loaded once per 16 channels.
    __m512 fixed[CX_RT_EP_MAX_OPS];
    for (int o = 0; o < nops; ++o) {
      const cx_rt_ep_op_t* op = &ep->ep->ops[o];
      fixed[o] = cx_ep_has_operand(op->kind) && op->rs == 0
                     ? cx_v_operand(op, ep->batch, ep->i0, ep->j0 + c0, k, lanes)
                     : _mm512_setzero_ps();
    }
    __m512 t[4][6];
    // Columns: t = A^T m.
#pragma GCC unroll 6
    for (int j = 0; j < A; ++j) {
      __m512 d[6];
#pragma GCC unroll 6
      for (int i = 0; i < A; ++i) d[i] = _mm512_maskz_loadu_ps(k, mt + g->plane[i][j] * ms + c0);
      __m512 r[4];
      cx_at(A, d, r);
#pragma GCC unroll 4
      for (int i = 0; i < m; ++i) t[i][j] = r[i];
    }
    // Rows: Y = t A.
    __m512 y[4][4];
#pragma GCC unroll 4
    for (int i = 0; i < m; ++i) {
      cx_at(A, t[i], y[i]);
    }
    // The epilogue, one op at a time over the tile's pixels (one dispatch on
    // the op's kind per tile, not per vector). Operands read per pixel (a
    // residual) only where the pixel is in the output.
    for (int o = 0; o < nops; ++o) {
      const cx_rt_ep_op_t* op = &ep->ep->ops[o];
      if (cx_ep_has_operand(op->kind) && op->rs != 0) {
        for (int i = 0; i < ny; ++i)
          for (int j = 0; j < nx; ++j)
            y[i][j] = cx_v_op(op, y[i][j],
                              cx_v_operand(op, ep->batch, ep->i0 + i * ep_ld_y + j, ep->j0 + c0,
                                           k, lanes));
        continue;
      }
      const __m512 v = fixed[o];
      switch (op->kind) {
#define CX_WG_EP_CASE(K)                                          \
  case K:                                                         \
    _Pragma("GCC unroll 4") for (int i = 0; i < m; ++i)           \
      _Pragma("GCC unroll 4") for (int j = 0; j < m; ++j)         \
        y[i][j] = cx_v_op_kind(K, op, y[i][j], v);                \
    break;
        CX_WG_EP_CASE(CX_RT_EP_ADD)
        CX_WG_EP_CASE(CX_RT_EP_MUL)
        CX_WG_EP_CASE(CX_RT_EP_SUB)
        CX_WG_EP_CASE(CX_RT_EP_RELU)
        CX_WG_EP_CASE(CX_RT_EP_SCALE)
#undef CX_WG_EP_CASE
        default:
          for (int i = 0; i < ny; ++i)
            for (int j = 0; j < nx; ++j) y[i][j] = cx_v_op(op, y[i][j], v);
          break;
      }
    }
#pragma GCC unroll 4
    for (int i = 0; i < m; ++i) {
      if (i >= ny) break;
#pragma GCC unroll 4
      for (int j = 0; j < m; ++j)
        if (j < nx) _mm512_mask_storeu_ps(out + i * ld_y + j * ld_x + c0, k, y[i][j]);
    }
  }
}

void cx_wg_output_f32_avx512(const cx_wg_geom_t* g, const float* mt, int64_t ms, int64_t C,
                             float* out, int64_t ld_y, int64_t ld_x, int ny, int nx,
                             const cx_convd_ep_t* ep, int64_t ep_ld_y) {
  if (g->A == 6) cx_wg_out(6, g, mt, ms, C, out, ld_y, ld_x, ny, nx, ep, ep_ld_y);
  else if (g->A == 5) cx_wg_out(5, g, mt, ms, C, out, ld_y, ld_x, ny, nx, ep, ep_ld_y);
  else cx_wg_out(4, g, mt, ms, C, out, ld_y, ld_x, ny, nx, ep, ep_ld_y);
}
