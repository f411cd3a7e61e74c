// Decoding and encoding of StableHLO's floating-point formats.
//
// The semantics are those of LLVM's APFloat (llvm/lib/Support/APFloat.cpp),
// because that is what MLIR, StableHLO's reference interpreter and XLA's
// constant folder use; cxla has to agree with them bit for bit. Per format,
// APFloat's fltSemantics give the exponent range and precision, and three
// knobs decide the special values:
//
//   non-finite behaviour  IEEE754  : inf and NaN (exponent all ones)
//                         NanOnly  : NaN but no inf; overflow gives NaN
//                         FiniteOnly: neither; overflow saturates to +-max
//   NaN encoding          IEEE     : exponent all ones, mantissa != 0
//                         AllOnes  : exponent and mantissa all ones (f8E4M3FN,
//                                    f8E8M0FNU)
//                         NegativeZero: the bit pattern of -0 (the FNUZ types,
//                                    which therefore have no -0)
//
// Rounding is to nearest, ties to even, with an unbounded exponent first and
// the overflow check afterwards (APFloat's normalize()): a value overflows
// when it rounds to something larger than the largest finite value. For the
// AllOnes formats the "next" value after max would be the NaN pattern, so a
// tie between max (even mantissa ...110) and that pattern rounds to max.
//
// Cases APFloat leaves undefined (llvm_unreachable), and what cxla does:
//   - NaN into f4E2M1FN/f6E2M3FN/f6E3M2FN (no NaN): the pattern with only the
//     sign bit set (-0), whatever the NaN's sign. That is the value ml_dtypes
//     (JAX/numpy) calls quiet_NaN() for these types, so host-side numpy
//     conversions and cxla agree for the NaN that arithmetic normally makes.
//   - +-inf into those formats: +-max finite (the same as any other
//     overflow, which APFloat saturates for FiniteOnly formats).
//   - Negative non-zero values, -inf and NaN into the unsigned f8E8M0FNU: NaN
//     (0xFF). +-0 becomes 0x00 (2^-127), as APFloat does for formats without
//     zero (makeSmallestNormalized).
//
// f8E8M0FNU has precision 1: its significand is only the implicit bit, which
// is 1, so APFloat's ties-to-even test ("is the last kept bit odd?") always
// says odd and ties round up: 1.5 -> 2, 3 -> 4. ml_dtypes does the same.
//
// NaN payloads in the IEEE formats follow APFloat's convert(): the sign and
// the top payload bits are kept and the quiet bit is set. Encoding to f64 is
// the identity on bits.
#include "support/float_formats.h"

#include <math.h>
#include <string.h>

typedef enum cx_nan_kind {
  CX_NAN_NONE,      // FiniteOnly
  CX_NAN_IEEE,      // IEEE754 behaviour and encoding: has inf
  CX_NAN_ALL_ONES,  // NanOnly, NaN = exponent and mantissa all ones
  CX_NAN_NEG_ZERO,  // NanOnly, NaN = sign bit only
} cx_nan_kind_t;

typedef struct cx_format_desc {
  cx_float_format_info_t info;
  cx_nan_kind_t nan;
} cx_format_desc_t;

// bias is 1 - minExponent of APFloat's fltSemantics (for f8E8M0FNU, whose
// all-zero exponent is a normal number 2^-127, it is -minExponent).
static const cx_format_desc_t kFormats[CX_FF_COUNT] = {
    [CX_FF_F4E2M1FN] = {{"f4E2M1FN", 4, 2, 1, 1, false, false, true, true}, CX_NAN_NONE},
    [CX_FF_F6E2M3FN] = {{"f6E2M3FN", 6, 2, 3, 1, false, false, true, true}, CX_NAN_NONE},
    [CX_FF_F6E3M2FN] = {{"f6E3M2FN", 6, 3, 2, 3, false, false, true, true}, CX_NAN_NONE},
    [CX_FF_F8E3M4] = {{"f8E3M4", 8, 3, 4, 3, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_F8E4M3] = {{"f8E4M3", 8, 4, 3, 7, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_F8E4M3FN] = {{"f8E4M3FN", 8, 4, 3, 7, false, true, true, true}, CX_NAN_ALL_ONES},
    [CX_FF_F8E4M3FNUZ] = {{"f8E4M3FNUZ", 8, 4, 3, 8, false, true, false, true},
                          CX_NAN_NEG_ZERO},
    [CX_FF_F8E4M3B11FNUZ] = {{"f8E4M3B11FNUZ", 8, 4, 3, 11, false, true, false, true},
                             CX_NAN_NEG_ZERO},
    [CX_FF_F8E5M2] = {{"f8E5M2", 8, 5, 2, 15, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_F8E5M2FNUZ] = {{"f8E5M2FNUZ", 8, 5, 2, 16, false, true, false, true},
                          CX_NAN_NEG_ZERO},
    [CX_FF_F8E8M0FNU] = {{"f8E8M0FNU", 8, 8, 0, 127, false, true, false, false},
                         CX_NAN_ALL_ONES},
    [CX_FF_BF16] = {{"bf16", 16, 8, 7, 127, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_F16] = {{"f16", 16, 5, 10, 15, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_TF32] = {{"tf32", 19, 8, 10, 127, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_F32] = {{"f32", 32, 8, 23, 127, true, true, true, true}, CX_NAN_IEEE},
    [CX_FF_F64] = {{"f64", 64, 11, 52, 1023, true, true, true, true}, CX_NAN_IEEE},
};

const cx_float_format_info_t* cx_float_format_info(cx_float_format_t format) {
  if ((unsigned)format >= CX_FF_COUNT) return NULL;
  return &kFormats[format].info;
}

static const uint64_t kF64QuietNaN = UINT64_C(0x7FF8000000000000);
static const uint64_t kF64Sign = UINT64_C(0x8000000000000000);

// Magnitude (sign cleared) of the largest finite value.
static uint64_t max_finite_mag(const cx_format_desc_t* d) {
  int e = d->info.exponent_bits, p = d->info.mantissa_bits;
  uint64_t all = (UINT64_C(1) << (e + p)) - 1;
  switch (d->nan) {
    case CX_NAN_IEEE: return all - (UINT64_C(1) << p);
    case CX_NAN_ALL_ONES: return all - 1;
    case CX_NAN_NEG_ZERO:
    case CX_NAN_NONE: break;
  }
  return all;
}

static uint64_t sign_bit(const cx_format_desc_t* d) {
  return d->info.is_signed ? UINT64_C(1) << (d->info.bits - 1) : 0;
}

static double decode_e8m0(uint64_t bits) {
  if (bits == 0xFF) return cx_bits_f64(kF64QuietNaN);
  return ldexp(1.0, (int)bits - 127);
}

double cx_float_decode(cx_float_format_t format, uint64_t bits) {
  if ((unsigned)format >= CX_FF_COUNT) return cx_bits_f64(kF64QuietNaN);
  if (format == CX_FF_F64) return cx_bits_f64(bits);
  const cx_format_desc_t* d = &kFormats[format];
  // Bits above the format's width are not part of the value.
  bits &= (UINT64_C(1) << d->info.bits) - 1;
  if (format == CX_FF_F8E8M0FNU) return decode_e8m0(bits);

  int e = d->info.exponent_bits, p = d->info.mantissa_bits;
  uint64_t sbit = sign_bit(d);
  bool negative = (bits & sbit) != 0;
  uint64_t mag = bits & ~sbit;
  uint64_t exp_field = mag >> p;
  uint64_t mant = mag & ((UINT64_C(1) << p) - 1);
  uint64_t exp_all_ones = (UINT64_C(1) << e) - 1;
  uint64_t f64_sign = negative ? kF64Sign : 0;

  switch (d->nan) {
    case CX_NAN_IEEE:
      if (exp_field == exp_all_ones) {
        if (mant == 0) return negative ? -INFINITY : INFINITY;
        // Keep the payload in the top fraction bits, as APFloat's widening
        // convert does, and make it quiet.
        return cx_bits_f64(f64_sign | kF64QuietNaN | (mant << (52 - p)));
      }
      break;
    case CX_NAN_ALL_ONES:
      if (mag == (UINT64_C(1) << (e + p)) - 1) return cx_bits_f64(f64_sign | kF64QuietNaN);
      break;
    case CX_NAN_NEG_ZERO:
      // APFloat converts this NaN to a positive NaN (it avoids producing a
      // "negative" NaN from what is, in bits, a sign flag).
      if (negative && mag == 0) return cx_bits_f64(kF64QuietNaN);
      break;
    case CX_NAN_NONE: break;
  }

  int emin = 1 - d->info.bias;  // exponent of the smallest normal
  double value;
  if (exp_field == 0) {
    value = ldexp((double)mant, emin - p);
  } else {
    value = ldexp((double)(mant | (UINT64_C(1) << p)), (int)exp_field - d->info.bias - p);
  }
  return negative ? -value : value;
}

static uint64_t encode_e8m0(double value) {
  if (isnan(value) || value < 0 || isinf(value)) return 0xFF;
  // No zero: APFloat turns zero, and everything that underflows, into the
  // smallest value 2^-127.
  if (value == 0) return 0x00;
  int e2;
  double f = frexp(value, &e2);  // value = f * 2^e2, f in [0.5, 1)
  int exponent = e2 - 1;          // value = (2f) * 2^exponent, 2f in [1, 2)
  if (exponent < -127) return 0x00;
  // Ties (2f == 1.5) round up: see the file comment.
  if (2 * f >= 1.5) exponent++;
  if (exponent > 127) return 0xFF;
  return (uint64_t)(exponent + 127);
}

// Encodes a NaN, keeping sign and top payload bits where the format can.
static uint64_t encode_nan(const cx_format_desc_t* d, double value) {
  uint64_t in = cx_f64_bits(value);
  bool negative = (in & kF64Sign) != 0;
  int p = d->info.mantissa_bits;
  uint64_t sbit = sign_bit(d);
  switch (d->nan) {
    case CX_NAN_IEEE: {
      uint64_t exp_all_ones = (UINT64_C(1) << d->info.exponent_bits) - 1;
      uint64_t payload = (in & ((UINT64_C(1) << 52) - 1)) >> (52 - p);
      uint64_t quiet = UINT64_C(1) << (p - 1);
      return (negative ? sbit : 0) | (exp_all_ones << p) | quiet | payload;
    }
    case CX_NAN_ALL_ONES:
      // Only f8E4M3FN reaches here (f8E8M0FNU has its own encoder).
      return (negative ? sbit : 0) | ((UINT64_C(1) << (d->info.bits - 1)) - 1);
    case CX_NAN_NEG_ZERO: return sbit;
    case CX_NAN_NONE: return sbit;  // see the file comment
  }
  return sbit;
}

// Result of a finite value too large for the format (after rounding).
static uint64_t encode_overflow(const cx_format_desc_t* d, bool negative) {
  uint64_t sbit = negative ? sign_bit(d) : 0;
  switch (d->nan) {
    case CX_NAN_IEEE:
      return sbit | (((UINT64_C(1) << d->info.exponent_bits) - 1) << d->info.mantissa_bits);
    case CX_NAN_ALL_ONES:
    case CX_NAN_NEG_ZERO: return encode_nan(d, negative ? -NAN : NAN);
    case CX_NAN_NONE: return sbit | max_finite_mag(d);
  }
  return 0;
}

uint64_t cx_float_encode(cx_float_format_t format, double value) {
  if ((unsigned)format >= CX_FF_COUNT) return 0;
  if (format == CX_FF_F64) return cx_f64_bits(value);
  if (format == CX_FF_F8E8M0FNU) return encode_e8m0(value);
  const cx_format_desc_t* d = &kFormats[format];
  if (isnan(value)) return encode_nan(d, value);
  bool negative = signbit(value) != 0;
  if (isinf(value)) return encode_overflow(d, negative);
  // The FNUZ formats have one zero; -0 and negative underflow become +0.
  uint64_t sbit = (negative && d->info.has_negative_zero) ? sign_bit(d) : 0;
  double a = fabs(value);
  if (a == 0) return sbit;

  int p = d->info.mantissa_bits;
  int emin = 1 - d->info.bias;
  int e2;
  (void)frexp(a, &e2);
  int exponent = e2 - 1;  // a in [2^exponent, 2^(exponent+1))
  // Below the normal range the quantum stays that of the subnormals.
  if (exponent < emin) exponent = emin;
  // a / quantum, exact: scaling by a power of two, and the result is below
  // 2^(p+1) <= 2^24 (or 2^53 for f64, handled above), so no double rounding.
  double scaled = ldexp(a, p - exponent);
  double floor_scaled = floor(scaled);
  double frac = scaled - floor_scaled;
  uint64_t m = (uint64_t)floor_scaled;
  if (frac > 0.5 || (frac == 0.5 && (m & 1))) m++;
  // m includes the implicit bit when normal, so adding it to the exponent
  // field minus one carries correctly into the next binade, and a subnormal
  // that rounds up to 2^p becomes the smallest normal.
  uint64_t mag = ((uint64_t)(exponent - emin) << p) + m;
  if (mag > max_finite_mag(d)) return encode_overflow(d, negative);
  if (mag == 0) return sbit;
  return (negative ? sign_bit(d) : 0) | mag;
}

float cx_bf16_to_f32(uint16_t bits) { return cx_bits_f32((uint32_t)bits << 16); }

uint16_t cx_f32_to_bf16(float value) {
  uint32_t u = cx_f32_bits(value);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) {
    // Keep sign and top payload bits; set the quiet bit so that a payload
    // living only in the dropped bits cannot turn the NaN into infinity.
    return (uint16_t)((u >> 16) | 0x0040u);
  }
  // Ties to even: add 0x7FFF plus the bit that will become the last one.
  // Overflow carries into the exponent and gives infinity, as it should.
  u += 0x7FFFu + ((u >> 16) & 1u);
  return (uint16_t)(u >> 16);
}

float cx_f16_to_f32(uint16_t bits) {
  uint32_t sign = (uint32_t)(bits & 0x8000u) << 16;
  uint32_t exp = (bits >> 10) & 0x1Fu;
  uint32_t mant = bits & 0x3FFu;
  if (exp == 0x1F) {
    // Inf stays inf; NaN keeps its payload and is made quiet.
    return cx_bits_f32(sign | 0x7F800000u | (mant << 13) | (mant ? 0x00400000u : 0));
  }
  if (exp == 0) {
    // Subnormal (or zero): mant * 2^-24 is exact in f32.
    float v = (float)mant * 0x1p-24f;
    return sign ? -v : v;
  }
  return cx_bits_f32(sign | ((exp + 112u) << 23) | (mant << 13));
}

uint16_t cx_f32_to_f16(float value) {
  uint32_t u = cx_f32_bits(value);
  uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
  uint32_t a = u & 0x7FFFFFFFu;
  if (a > 0x7F800000u) return (uint16_t)(sign | 0x7E00u | ((a >> 13) & 0x3FFu));
  // 65520 = 65504 + half an ulp; the tie rounds to the even neighbour 65536,
  // which is infinity.
  if (a >= 0x477FF000u) return (uint16_t)(sign | 0x7C00u);
  if (a >= 0x38800000u) {  // 2^-14: f16 normal range
    uint32_t r = a - (112u << 23);
    r += 0xFFFu + ((r >> 13) & 1u);
    return (uint16_t)(sign | (r >> 13));
  }
  // 2^-25 is the tie between 0 and the smallest subnormal; it goes to 0.
  if (a <= 0x33000000u) return sign;
  uint32_t m = (a & 0x7FFFFFu) | 0x800000u;
  uint32_t shift = 126u - (a >> 23);  // 14..24
  uint32_t r = (m + (1u << (shift - 1)) - 1u + ((m >> shift) & 1u)) >> shift;
  return (uint16_t)(sign | r);
}

uint16_t cx_f64_to_f16(double value) {
  return (uint16_t)cx_float_encode(CX_FF_F16, value);
}
