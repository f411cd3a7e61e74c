// The ops of epilogue.h on one AVX-512 vector of 16 lanes, with polynomial
// exp and erf (the libm calls of the portable path are scalar and would cost
// more than the GEMM tile they finish). Shared by the epilogue's tile loop
// (epilogue_avx512.c) and the kernels that apply an epilogue to registers of
// their own (the Winograd output transform). Include only from files built
// with AVX-512.
//
// Accuracy: exp is a degree-6 polynomial after Cody-Waite range reduction
// (about 2 ulp); erf is table-driven piecewise polynomial (absolute error
// below 6e-8, about an ulp of 1; it was the Abramowitz-Stegun 7.1.26 form,
// 1.5e-7 and twice the time); tanh is compiled code's table-driven f32 tanh
// (support/tanh_table.h, below 1.3 ULP); sigmoid derives from exp.
#ifndef CXLA_RUNTIME_KERNELS_EPILOGUE_AVX512_H_
#define CXLA_RUNTIME_KERNELS_EPILOGUE_AVX512_H_

#include <immintrin.h>

#include "runtime/kernels/gemm_internal.h"
#include "support/tanh_table.h"

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

// tanh as in compiled code on AVX-512 (support/tanh_table.h): one degree-5
// polynomial per interval of |x|'s representation bits, its midpoint and
// coefficients picked per lane from 32-entry tables with vpermi2ps; no exp,
// no division (it was (1 - e) / (1 + e) with e = exp(-2|x|), whose 1 - e
// cancelled to ~15 ULP near |x| = 1/16).
static inline __m512 cx_v_tanh_table(const float* table, __m512i i) {
  return _mm512_permutex2var_ps(_mm512_loadu_ps(table), i, _mm512_loadu_ps(table + 16));
}

static inline __m512 cx_v_tanh(__m512 x) {
  // Past 9.5 tanh rounds to 1 (the last interval gives 1 there); NaN
  // becomes 9.5 here and the caller restores it.
  __m512 ac = _mm512_min_ps(_mm512_abs_ps(x), _mm512_set1_ps(9.5f));
  __m512i i = _mm512_sub_epi32(
      _mm512_max_epi32(_mm512_srli_epi32(_mm512_castps_si512(ac), 21), _mm512_set1_epi32(CX_TANH_TBL_BASE)),
      _mm512_set1_epi32(CX_TANH_TBL_BASE));
  __m512 t = _mm512_sub_ps(ac, cx_v_tanh_table(CX_TANH_TBL_M, i));
  __m512 y = cx_v_tanh_table(CX_TANH_TBL_C[5], i);
  for (int k = 4; k >= 0; k--) y = _mm512_fmadd_ps(y, t, cx_v_tanh_table(CX_TANH_TBL_C[k], i));
  const __m512i sign = _mm512_set1_epi32((int)0x80000000u);
  return _mm512_castsi512_ps(_mm512_or_si512(_mm512_andnot_si512(sign, _mm512_castps_si512(y)),
                                             _mm512_and_si512(sign, _mm512_castps_si512(x))));
}

// erf on [0, 4) in 16 intervals of width 1/4, each a degree-5 polynomial in
// the offset t into its interval, coefficients fitted minimax in absolute
// error (scripts/fit_erf_table.py prints this table; the first interval has
// no constant term, so erf(0) = 0 and erf stays odd). The
// interval's coefficients come from one register each with vpermps: no
// division and no exp, ~16 instructions where 1 - P(1/(1 + px)) e^-x^2 took
// ~40 with a 512-bit division.
static const float kErfTable[6][16] __attribute__((aligned(64))) = {
    {0.0f, 0.276326388f, 0.520499885f, 0.711155653f, 0.842700779f, 0.92290014f, 0.966105163f, 0.986671686f, 0.995322287f, 0.998537302f, 0.999593019f, 0.999899387f, 0.999977887f, 0.999995708f, 0.999999285f, 0.999999881f},
    {1.12837875f, 1.06001246f, 0.87878114f, 0.642930686f, 0.415107995f, 0.236521885f, 0.118930794f, 0.0527751446f, 0.0206669271f, 0.00714221271f, 0.00217820611f, 0.000586237176f, 0.000139236989f, 2.91837787e-05f, 5.39799703e-06f, 8.81102949e-07f},
    {2.4746103e-05f, -0.264924794f, -0.439323574f, -0.482178956f, -0.415130645f, -0.295686811f, -0.178419337f, -0.0923636109f, -0.0413314067f, -0.0160652548f, -0.00544201909f, -0.00161035277f, -0.000416989351f, -9.46115179e-05f, -1.88287831e-05f, -3.28936039e-06f},
    {-0.376587629f, -0.310502708f, -0.147638604f, 0.0264294818f, 0.13874723f, 0.168140709f, 0.13916944f, 0.0902910903f, 0.0481826589f, 0.0216398779f, 0.00828604959f, 0.00272692787f, 0.000775507477f, 0.00019131547f, 4.10576031e-05f, 7.68158679e-06f},
    {0.00338548468f, 0.137098432f, 0.192357168f, 0.153801844f, 0.066474624f, -0.0108273188f, -0.0479268208f, -0.0492311716f, -0.0341759697f, -0.0184315704f, -0.00811634213f, -0.00298964279f, -0.000934038777f, -0.000249706616f, -5.74687438e-05f, -1.14353943e-05f},
    {0.103527993f, 0.0453048833f, -0.0269813016f, -0.0666377619f, -0.0610238872f, -0.0306492355f, -0.00232719141f, 0.011308874f, 0.0124369469f, 0.00836101267f, 0.0042390516f, 0.00172976998f, 0.000585307018f, 0.000166982267f, 4.05842511e-05f, 8.46233706e-06f},
};

static inline __m512 cx_v_erf(__m512 x) {
  // |x| is clamped below 4, where erf rounds to 1 in f32 (the last
  // interval's polynomial gives 1 there); NaN becomes 4 here and the caller
  // restores it.
  __m512 ax = _mm512_min_ps(_mm512_abs_ps(x), _mm512_set1_ps(0x1.fffffep1f));
  __m512 fi = _mm512_roundscale_ps(_mm512_mul_ps(ax, _mm512_set1_ps(4.0f)),
                                   _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
  __m512i i = _mm512_cvttps_epi32(fi);
  __m512 t = _mm512_fnmadd_ps(fi, _mm512_set1_ps(0.25f), ax);  // exact, in [0, 1/4)
  __m512 p = _mm512_permutexvar_ps(i, _mm512_load_ps(kErfTable[5]));
  p = _mm512_fmadd_ps(p, t, _mm512_permutexvar_ps(i, _mm512_load_ps(kErfTable[4])));
  p = _mm512_fmadd_ps(p, t, _mm512_permutexvar_ps(i, _mm512_load_ps(kErfTable[3])));
  p = _mm512_fmadd_ps(p, t, _mm512_permutexvar_ps(i, _mm512_load_ps(kErfTable[2])));
  p = _mm512_fmadd_ps(p, t, _mm512_permutexvar_ps(i, _mm512_load_ps(kErfTable[1])));
  p = _mm512_fmadd_ps(p, t, _mm512_permutexvar_ps(i, _mm512_load_ps(kErfTable[0])));
  return _mm512_castsi512_ps(_mm512_or_si512(
      _mm512_castps_si512(p),
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
//
// cx_v_op_kind takes the kind apart from the op, so that a caller that
// dispatches on the kind once for many vectors gets the op's code alone.
static inline __attribute__((always_inline)) __m512 cx_v_op_kind(cx_rt_ep_kind_t kind,
                                                                 const cx_rt_ep_op_t* op,
                                                                 __m512 x, __m512 operand) {
  switch (kind) {
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
  switch (kind) {
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

static inline __m512 cx_v_op(const cx_rt_ep_op_t* op, __m512 x, __m512 operand) {
  return cx_v_op_kind(op->kind, op, x, operand);
}

#endif  // CXLA_RUNTIME_KERNELS_EPILOGUE_AVX512_H_
