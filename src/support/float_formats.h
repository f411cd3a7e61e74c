// The small floating-point formats of StableHLO, stored as raw bit patterns:
// f4E2M1FN, f6E2M3FN, f6E3M2FN, the f8 family, f8E8M0FNU, bf16, f16 and tf32.
//
// Decoding is exact (every value of these formats is a double). Encoding
// rounds a double to nearest, ties to even, and handles overflow, infinity and
// NaN as MLIR's APFloat does for each format (formats without infinity or NaN
// have their own rules; see float_formats.c). The interpreter, the parser and
// the kernels all use these functions, so they are the one definition of each
// format in cxla.
#ifndef CXLA_SUPPORT_FLOAT_FORMATS_H_
#define CXLA_SUPPORT_FLOAT_FORMATS_H_

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef enum cx_float_format {
  CX_FF_F4E2M1FN,
  CX_FF_F6E2M3FN,
  CX_FF_F6E3M2FN,
  CX_FF_F8E3M4,
  CX_FF_F8E4M3,
  CX_FF_F8E4M3FN,
  CX_FF_F8E4M3FNUZ,
  CX_FF_F8E4M3B11FNUZ,
  CX_FF_F8E5M2,
  CX_FF_F8E5M2FNUZ,
  CX_FF_F8E8M0FNU,
  CX_FF_BF16,
  CX_FF_F16,
  CX_FF_TF32,  // 19 significant bits (1+8+10), stored in the low 19 bits
  CX_FF_F32,
  CX_FF_F64,
  CX_FF_COUNT
} cx_float_format_t;

typedef struct cx_float_format_info {
  const char* name;        // MLIR spelling, e.g. "f8E4M3FN"
  int bits;                // storage width in bits
  int exponent_bits;
  int mantissa_bits;       // explicit fraction bits
  int bias;
  bool has_inf;
  bool has_nan;
  bool has_negative_zero;  // false for the FNUZ formats
  bool is_signed;          // false only for f8E8M0FNU
} cx_float_format_info_t;

const cx_float_format_info_t* cx_float_format_info(cx_float_format_t format);

// Exact value of a bit pattern (NaN patterns give a quiet NaN with its sign).
double cx_float_decode(cx_float_format_t format, uint64_t bits);
// Rounds to nearest-even. Values beyond the largest finite value become
// infinity where the format has one, otherwise NaN (or, for formats with
// neither, the format's rule). NaN maps to the format's canonical NaN.
uint64_t cx_float_encode(cx_float_format_t format, double value);

// Fast paths for the formats the kernels care about.
float cx_bf16_to_f32(uint16_t bits);
uint16_t cx_f32_to_bf16(float value);  // round to nearest even, NaN stays NaN
float cx_f16_to_f32(uint16_t bits);
uint16_t cx_f32_to_f16(float value);
uint16_t cx_f64_to_f16(double value);  // single rounding from double

// The bits of a double or float, and back.
#define CX_BIT_CAST_FN(name, To, From) \
  static inline To name(From x) {      \
    To y;                              \
    memcpy(&y, &x, sizeof y);          \
    return y;                          \
  }
CX_BIT_CAST_FN(cx_f64_bits, uint64_t, double)
CX_BIT_CAST_FN(cx_bits_f64, double, uint64_t)
CX_BIT_CAST_FN(cx_f32_bits, uint32_t, float)
CX_BIT_CAST_FN(cx_bits_f32, float, uint32_t)
#undef CX_BIT_CAST_FN

#endif  // CXLA_SUPPORT_FLOAT_FORMATS_H_
