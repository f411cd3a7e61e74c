// AVX-512 epilogue: the ops of epilogue.h on 16 lanes at a time, with
// polynomial exp and erf (the libm calls of the portable path are scalar and
// would cost more than the GEMM tile they finish).
//
// Accuracy: exp is a degree-6 polynomial after Cody-Waite range reduction
// (about 2 ulp); erf uses the Abramowitz-Stegun 7.1.26 form (absolute error
// below 1.5e-7); tanh and sigmoid derive from exp.
#include <immintrin.h>

#include "runtime/kernels/gemm_internal.h"

static inline __m512 cx_v_exp(__m512 x) {
  x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.7f)), _mm512_set1_ps(-103.0f));
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.0f / 720);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(p, n);  // p * 2^n, flushing to 0 / inf at the ends
}

static inline __m512 cx_v_tanh(__m512 x) {
  // tanh|x| = (1 - e) / (1 + e), e = exp(-2|x|) in (0, 1]: no overflow.
  // Past |x| = 9 tanh rounds to 1; clamping there keeps e a normal number
  // (subnormal operands and results cost a microcode assist per lane).
  __m512 ax = _mm512_min_ps(_mm512_abs_ps(x), _mm512_set1_ps(9.0f));
  __m512 e = cx_v_exp(_mm512_mul_ps(ax, _mm512_set1_ps(-2.0f)));
  __m512 one = _mm512_set1_ps(1.0f);
  __m512 t = _mm512_div_ps(_mm512_sub_ps(one, e), _mm512_add_ps(one, e));
  // Near 0 the quotient loses relative accuracy; x - x^3/3 is exact enough there.
  __m512 x2 = _mm512_mul_ps(x, x);
  __m512 small = _mm512_fmadd_ps(_mm512_mul_ps(x2, ax),
                                 _mm512_fmadd_ps(x2, _mm512_set1_ps(2.0f / 15), _mm512_set1_ps(-1.0f / 3)),
                                 ax);
  t = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(ax, _mm512_set1_ps(0.0625f), _CMP_LT_OQ), t, small);
  // Copy the sign of x back.
  return _mm512_castsi512_ps(_mm512_or_si512(
      _mm512_castps_si512(t),
      _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u))));
}

static inline __m512 cx_v_erf(__m512 x) {
  // Past |x| = 4 erf rounds to 1 in f32; clamping keeps exp(-x^2) normal
  // (subnormal operands and results cost a microcode assist per lane: a GEMM
  // whose outputs reach |x| > 9.4 ran its GELU epilogue 5x slower).
  __m512 ax = _mm512_min_ps(_mm512_abs_ps(x), _mm512_set1_ps(4.0f));
  __m512 one = _mm512_set1_ps(1.0f);
  __m512 t = _mm512_div_ps(one, _mm512_fmadd_ps(ax, _mm512_set1_ps(0.3275911f), one));
  __m512 p = _mm512_set1_ps(1.061405429f);
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.453152027f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.421413741f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.284496736f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.254829592f));
  p = _mm512_mul_ps(p, t);
  __m512 e = cx_v_exp(_mm512_mul_ps(_mm512_mul_ps(ax, ax), _mm512_set1_ps(-1.0f)));
  __m512 y = _mm512_fnmadd_ps(p, e, one);
  return _mm512_castsi512_ps(_mm512_or_si512(
      _mm512_castps_si512(y),
      _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u))));
}

// Loads 16 (masked) operand values of row i, columns j..j+15.
static inline __m512 cx_v_operand(const cx_rt_ep_op_t* op, int64_t b, int64_t i, int64_t j,
                                  __mmask16 m, int n) {
  int64_t base = b * op->bs + i * op->rs + j * op->cs;
  if (op->cs == 0) {
    float v;
    switch (op->type) {
      case CX_RT_F32: v = ((const float*)op->data)[base]; break;
      case CX_RT_F64: v = (float)((const double*)op->data)[base]; break;
      case CX_RT_BF16: v = cx_rt_bf16_to_f32(((const uint16_t*)op->data)[base]); break;
      case CX_RT_F16: v = cx_rt_f16_to_f32(((const uint16_t*)op->data)[base]); break;
      case CX_RT_I32: v = (float)((const int32_t*)op->data)[base]; break;
      default: v = (float)((const int8_t*)op->data)[base]; break;
    }
    return _mm512_set1_ps(v);
  }
  if (op->cs == 1) {
    switch (op->type) {
      case CX_RT_F32: return _mm512_maskz_loadu_ps(m, (const float*)op->data + base);
      case CX_RT_BF16:
        return _mm512_castsi512_ps(_mm512_slli_epi32(
            _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, (const uint16_t*)op->data + base)),
            16));
      case CX_RT_F16:
        return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, (const uint16_t*)op->data + base));
      default: break;
    }
  }
  float tmp[16] = {0};
  for (int l = 0; l < n; ++l) {
    int64_t idx = base + l * op->cs;
    switch (op->type) {
      case CX_RT_F32: tmp[l] = ((const float*)op->data)[idx]; break;
      case CX_RT_F64: tmp[l] = (float)((const double*)op->data)[idx]; break;
      case CX_RT_BF16: tmp[l] = cx_rt_bf16_to_f32(((const uint16_t*)op->data)[idx]); break;
      case CX_RT_F16: tmp[l] = cx_rt_f16_to_f32(((const uint16_t*)op->data)[idx]); break;
      case CX_RT_I32: tmp[l] = (float)((const int32_t*)op->data)[idx]; break;
      default: tmp[l] = (float)((const int8_t*)op->data)[idx]; break;
    }
  }
  return _mm512_loadu_ps(tmp);
}

// One op on 16 lanes (`operand`: an ADD/MUL/SUB operand's lanes). NaN lanes
// stay NaN, as every StableHLO op keeps them: the arithmetic ops do so by
// themselves (x86 returns the first operand's NaN), max(0, x) returns its
// second operand where either is NaN (+ 0 then turns -0 into +0, as max(x,
// 0) would), and for the others (max/min and the clamped polynomials would
// turn NaN into numbers) the NaN lanes are put back.
static inline __m512 cx_v_op(const cx_rt_ep_op_t* op, __m512 x, __m512 operand) {
  switch (op->kind) {
    case CX_RT_EP_SCALE: return _mm512_mul_ps(x, _mm512_set1_ps(op->a));
    case CX_RT_EP_ADD: return _mm512_add_ps(x, operand);
    case CX_RT_EP_MUL: return _mm512_mul_ps(x, operand);
    case CX_RT_EP_SUB: return _mm512_sub_ps(x, operand);
    case CX_RT_EP_RELU:
      return _mm512_add_ps(_mm512_max_ps(_mm512_setzero_ps(), x), _mm512_setzero_ps());
    default: break;
  }
  const __m512 before = x;
  const __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
  switch (op->kind) {
    case CX_RT_EP_CLAMP:
      x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(op->a)), _mm512_set1_ps(op->b));
      break;
    case CX_RT_EP_GELU_ERF: {
      __m512 h = _mm512_mul_ps(x, _mm512_set1_ps(0.5f));
      __m512 e = cx_v_erf(_mm512_mul_ps(x, _mm512_set1_ps(0.70710678118654752f)));
      x = _mm512_fmadd_ps(h, e, h);
      break;
    }
    case CX_RT_EP_GELU_TANH: {
      __m512 h = _mm512_mul_ps(x, _mm512_set1_ps(0.5f));
      __m512 x3 = _mm512_mul_ps(_mm512_mul_ps(x, x), x);
      __m512 u = _mm512_mul_ps(_mm512_fmadd_ps(x3, _mm512_set1_ps(0.044715f), x),
                               _mm512_set1_ps(0.79788456080286536f));
      x = _mm512_fmadd_ps(h, cx_v_tanh(u), h);
      break;
    }
    case CX_RT_EP_SIGMOID: {
      __m512 one = _mm512_set1_ps(1.0f);
      x = _mm512_div_ps(one, _mm512_add_ps(one, cx_v_exp(_mm512_sub_ps(_mm512_setzero_ps(), x))));
      break;
    }
    case CX_RT_EP_TANH: x = cx_v_tanh(x); break;
    default: break;
  }
  return _mm512_mask_mov_ps(x, nan, before);
}

void cx_ep_tile_f32_avx512(const cx_rt_epilogue_t* ep, int64_t batch, int64_t i0, int64_t j0,
                           float* x, int64_t ldx, int rows, int cols) {
  const int nops = ep->num_ops;
  for (int j = 0; j < cols; j += 16) {
    int n = cols - j < 16 ? cols - j : 16;
    __mmask16 m = (__mmask16)((1u << n) - 1);
    // Operands constant along the tile's rows (a per-channel vector along
    // the columns, a splat) are loaded once per column block.
    __m512 fixed[CX_RT_EP_MAX_OPS];
    for (int o = 0; o < nops; ++o) {
      const cx_rt_ep_op_t* op = &ep->ops[o];
      fixed[o] = cx_ep_has_operand(op->kind) && op->rs == 0
                     ? cx_v_operand(op, batch, i0, j0 + j, m, n)
                     : _mm512_setzero_ps();
    }
    for (int r = 0; r < rows; ++r) {
      float* xr = x + r * ldx + j;
      __m512 v = _mm512_maskz_loadu_ps(m, xr);
      for (int o = 0; o < nops; ++o) {
        const cx_rt_ep_op_t* op = &ep->ops[o];
        __m512 operand = fixed[o];
        if (cx_ep_has_operand(op->kind) && op->rs != 0)
          operand = cx_v_operand(op, batch, i0 + r, j0 + j, m, n);
        v = cx_v_op(op, v, operand);
      }
      _mm512_mask_storeu_ps(xr, m, v);
    }
  }
}

void cx_ep_row_f32_avx512(const cx_rt_epilogue_t* ep, int64_t batch, int64_t i, int64_t j0,
                          float* xrow, int cols) {
  cx_ep_tile_f32_avx512(ep, batch, i, j0, xrow, 0, 1, cols);
}
