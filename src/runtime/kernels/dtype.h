// Element types of the dense kernels and their scalar conversions.
//
// The kernels keep their own inline bf16/f16 conversions (round to nearest
// even, NaN stays NaN) so the runtime does not depend on the support
// library's general float-format code in its inner loops.
#ifndef CXLA_RUNTIME_KERNELS_DTYPE_H_
#define CXLA_RUNTIME_KERNELS_DTYPE_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum cx_rt_dtype {
  CX_RT_F32 = 0,
  CX_RT_F64,
  CX_RT_BF16,
  CX_RT_F16,
  CX_RT_I8,
  CX_RT_I32,
} cx_rt_dtype_t;

static inline size_t cx_rt_dtype_size(cx_rt_dtype_t t) {
  switch (t) {
    case CX_RT_F64: return 8;
    case CX_RT_BF16:
    case CX_RT_F16: return 2;
    case CX_RT_I8: return 1;
    default: return 4;
  }
}

const char* cx_rt_dtype_name(cx_rt_dtype_t t);

static inline float cx_rt_bf16_to_f32(uint16_t h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static inline uint16_t cx_rt_f32_to_bf16(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);  // quiet NaN
  u += 0x7fffu + ((u >> 16) & 1);
  return (uint16_t)(u >> 16);
}

static inline float cx_rt_f16_to_f32(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  uint32_t u;
  if (exp == 0x1f) {
    u = sign | 0x7f800000u | (man << 13);
  } else if (exp == 0) {
    if (man == 0) {
      u = sign;
    } else {  // subnormal: value = man * 2^-24, exact in f32
      float f = (float)man * 5.9604644775390625e-8f;
      memcpy(&u, &f, 4);
      u |= sign;
    }
  } else {
    u = sign | ((exp + 112) << 23) | (man << 13);
  }
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static inline uint16_t cx_rt_f32_to_f16(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  uint16_t sign = (uint16_t)((u >> 16) & 0x8000);
  uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) return sign | 0x7e00;              // NaN
  if (a >= 0x477ff000u) return sign | 0x7c00;             // rounds to >= 65520: inf
  if (a < 0x38800000u) {                                   // below 2^-14: subnormal or 0
    // f + 0.5 (in magnitude) puts the f16 subnormal bits at the bottom of the
    // mantissa and lets the FPU round to nearest even.
    float fa;
    memcpy(&fa, &a, 4);
    fa += 0.5f;
    uint32_t r;
    memcpy(&r, &fa, 4);
    return sign | (uint16_t)(r - 0x3f000000u);
  }
  uint32_t mant_odd = (a >> 13) & 1;
  a += 0xc8000fffu + mant_odd;  // rebias exponent (-112 << 23) and round
  return sign | (uint16_t)(a >> 13);
}

#endif  // CXLA_RUNTIME_KERNELS_DTYPE_H_
