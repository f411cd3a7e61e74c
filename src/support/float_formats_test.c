// Tests of the float formats against hand-computed values (from each format's
// definition: bias, mantissa width, special encodings) and against properties
// that must hold for every bit pattern.
#include "support/float_formats.h"

#include <float.h>
#include <string.h>

#include "cx_test.h"

static uint64_t enc(cx_float_format_t f, double v) { return cx_float_encode(f, v); }
static double dec(cx_float_format_t f, uint64_t b) { return cx_float_decode(f, b); }


// Expects decode(bits) == value exactly and encode(value) == bits.
#define EXPECT_EXACT(fmt, bits, value)                                  \
  do {                                                                  \
    CX_EXPECT(dec((fmt), (bits)) == (value));                           \
    CX_EXPECT_EQ_U64(enc((fmt), (value)), (bits));                      \
  } while (0)

CX_TEST(test_info_table) {
  const cx_float_format_info_t* i = cx_float_format_info(CX_FF_F8E4M3FNUZ);
  CX_EXPECT(i != NULL);
  CX_EXPECT_STREQ(i->name, "f8E4M3FNUZ");
  CX_EXPECT_EQ_I64(i->bias, 8);
  CX_EXPECT(!i->has_inf && i->has_nan && !i->has_negative_zero && i->is_signed);
  i = cx_float_format_info(CX_FF_F8E8M0FNU);
  CX_EXPECT(!i->is_signed && i->has_nan && i->mantissa_bits == 0 && i->exponent_bits == 8);
  i = cx_float_format_info(CX_FF_TF32);
  CX_EXPECT_EQ_I64(i->bits, 19);
  CX_EXPECT_EQ_I64(i->mantissa_bits, 10);
  CX_EXPECT(cx_float_format_info(CX_FF_COUNT) == NULL);
  CX_EXPECT(cx_float_format_info((cx_float_format_t)-1) == NULL);
  // Every format's fields add up to its width.
  for (int f = 0; f < CX_FF_COUNT; f++) {
    i = cx_float_format_info((cx_float_format_t)f);
    CX_EXPECT_EQ_I64(i->exponent_bits + i->mantissa_bits + (i->is_signed ? 1 : 0), i->bits);
  }
}

CX_TEST(test_f4e2m1fn) {
  const cx_float_format_t F = CX_FF_F4E2M1FN;
  EXPECT_EXACT(F, 0x7, 6.0);   // max
  EXPECT_EXACT(F, 0x2, 1.0);   // min normal
  EXPECT_EXACT(F, 0x1, 0.5);   // min subnormal
  EXPECT_EXACT(F, 0xF, -6.0);
  EXPECT_EXACT(F, 0x5, 3.0);
  CX_EXPECT_EQ_U64(enc(F, -0.0), 0x8);
  CX_EXPECT(signbit(dec(F, 0x8)) && dec(F, 0x8) == 0);
  // Ties: to the even pattern.
  CX_EXPECT_EQ_U64(enc(F, 0.25), 0x0);  // 0 | 0.5
  CX_EXPECT_EQ_U64(enc(F, 0.75), 0x2);  // 0.5 | 1
  CX_EXPECT_EQ_U64(enc(F, 2.5), 0x4);   // 2 | 3
  CX_EXPECT_EQ_U64(enc(F, 3.5), 0x6);   // 3 | 4
  CX_EXPECT_EQ_U64(enc(F, 5.0), 0x6);   // 4 | 6
  CX_EXPECT_EQ_U64(enc(F, 5.0001), 0x7);
  CX_EXPECT_EQ_U64(enc(F, -2.5), 0xC);
  // No inf, no NaN: overflow saturates, inf saturates, NaN -> -0 pattern.
  CX_EXPECT_EQ_U64(enc(F, 7.0), 0x7);
  CX_EXPECT_EQ_U64(enc(F, 1e30), 0x7);
  CX_EXPECT_EQ_U64(enc(F, -1e30), 0xF);
  CX_EXPECT_EQ_U64(enc(F, INFINITY), 0x7);
  CX_EXPECT_EQ_U64(enc(F, -INFINITY), 0xF);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x8);
  CX_EXPECT_EQ_U64(enc(F, -NAN), 0x8);
  // Bits above the width are ignored by decode.
  CX_EXPECT(dec(F, 0xF7) == 6.0);
}

CX_TEST(test_f6_formats) {
  cx_float_format_t F = CX_FF_F6E2M3FN;
  EXPECT_EXACT(F, 0x1F, 7.5);
  EXPECT_EXACT(F, 0x08, 1.0);
  EXPECT_EXACT(F, 0x01, 0.125);
  EXPECT_EXACT(F, 0x3F, -7.5);
  CX_EXPECT_EQ_U64(enc(F, 7.25), 0x1E);   // 7 | 7.5 -> even
  CX_EXPECT_EQ_U64(enc(F, 0.0625), 0x00); // 0 | 0.125
  CX_EXPECT_EQ_U64(enc(F, 0.1875), 0x02); // 0.125 | 0.25
  CX_EXPECT_EQ_U64(enc(F, 8.0), 0x1F);
  CX_EXPECT_EQ_U64(enc(F, -INFINITY), 0x3F);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x20);
  CX_EXPECT_EQ_U64(enc(F, -0.0), 0x20);

  F = CX_FF_F6E3M2FN;
  EXPECT_EXACT(F, 0x1F, 28.0);
  EXPECT_EXACT(F, 0x04, 0.25);
  EXPECT_EXACT(F, 0x01, 0.0625);
  CX_EXPECT_EQ_U64(enc(F, 26.0), 0x1E);   // 24 | 28 -> 24 (even)
  CX_EXPECT_EQ_U64(enc(F, 30.0), 0x1F);   // tie past max: saturates
  CX_EXPECT_EQ_U64(enc(F, 1e9), 0x1F);
  CX_EXPECT_EQ_U64(enc(F, -1e9), 0x3F);
  CX_EXPECT_EQ_U64(enc(F, 0.03125), 0x00);
  CX_EXPECT_EQ_U64(enc(F, 0.09375), 0x02);
}

CX_TEST(test_f8e3m4_and_f8e4m3) {
  cx_float_format_t F = CX_FF_F8E3M4;
  EXPECT_EXACT(F, 0x6F, 15.5);
  EXPECT_EXACT(F, 0x10, 0.25);
  EXPECT_EXACT(F, 0x01, 0.015625);
  EXPECT_EXACT(F, 0x70, INFINITY);
  EXPECT_EXACT(F, 0xF0, -INFINITY);
  CX_EXPECT_EQ_U64(enc(F, 15.74), 0x6F);
  CX_EXPECT_EQ_U64(enc(F, 15.75), 0x70);  // tie above max -> inf
  CX_EXPECT_EQ_U64(enc(F, -100.0), 0xF0);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x78);
  CX_EXPECT_EQ_U64(enc(F, -NAN), 0xF8);
  CX_EXPECT(isnan(dec(F, 0x71)) && isnan(dec(F, 0xFF)));
  CX_EXPECT(signbit(dec(F, 0xF9)));

  F = CX_FF_F8E4M3;
  EXPECT_EXACT(F, 0x77, 240.0);
  EXPECT_EXACT(F, 0x08, 0x1p-6);
  EXPECT_EXACT(F, 0x01, 0x1p-9);
  EXPECT_EXACT(F, 0x78, INFINITY);
  CX_EXPECT_EQ_U64(enc(F, 247.99), 0x77);
  CX_EXPECT_EQ_U64(enc(F, 248.0), 0x78);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x7C);
  CX_EXPECT(isnan(dec(F, 0x79)));
}

CX_TEST(test_f8e4m3fn) {
  const cx_float_format_t F = CX_FF_F8E4M3FN;
  EXPECT_EXACT(F, 0x7E, 448.0);
  EXPECT_EXACT(F, 0xFE, -448.0);
  EXPECT_EXACT(F, 0x08, 0x1p-6);
  EXPECT_EXACT(F, 0x01, 0x1p-9);
  EXPECT_EXACT(F, 0x78, 256.0);  // exponent all ones is finite here
  EXPECT_EXACT(F, 0x80, -0.0);
  CX_EXPECT(signbit(dec(F, 0x80)));
  // Only S.1111.111 is NaN.
  CX_EXPECT(isnan(dec(F, 0x7F)) && !signbit(dec(F, 0x7F)));
  CX_EXPECT(isnan(dec(F, 0xFF)) && signbit(dec(F, 0xFF)));
  // 464 is the tie between 448 (mantissa 110) and the NaN slot 480 (111):
  // to even, i.e. 448. Anything above overflows to NaN (no inf).
  CX_EXPECT_EQ_U64(enc(F, 464.0), 0x7E);
  CX_EXPECT_EQ_U64(enc(F, 464.0001), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, 480.0), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, -500.0), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, INFINITY), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, -INFINITY), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, -NAN), 0xFF);
  // Rounding in and out of the subnormal range.
  CX_EXPECT_EQ_U64(enc(F, 0x1p-10), 0x00);            // 0 | 2^-9 -> 0
  CX_EXPECT_EQ_U64(enc(F, 0x1.0001p-10), 0x01);
  CX_EXPECT_EQ_U64(enc(F, -0x1p-10), 0x80);           // keeps its sign
  CX_EXPECT_EQ_U64(enc(F, 1.5 * 0x1p-9), 0x02);       // 1 | 2 -> 2
  CX_EXPECT_EQ_U64(enc(F, 2.5 * 0x1p-9), 0x02);       // 2 | 3 -> 2
  CX_EXPECT_EQ_U64(enc(F, 7.5 * 0x1p-9), 0x08);       // subnormal 7 | min normal
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 1.0 / 16), 0x38);     // 1 | 1.125 -> 1
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 3.0 / 16), 0x3A);     // 1.125 | 1.25 -> 1.25
  CX_EXPECT_EQ_U64(enc(F, 1.9375), 0x40);             // 1.875 | 2 -> 2 (carry)
}

CX_TEST(test_fnuz_formats) {
  cx_float_format_t F = CX_FF_F8E4M3FNUZ;
  EXPECT_EXACT(F, 0x7F, 240.0);
  EXPECT_EXACT(F, 0x08, 0x1p-7);
  EXPECT_EXACT(F, 0x01, 0x1p-10);
  EXPECT_EXACT(F, 0xFF, -240.0);
  CX_EXPECT(isnan(dec(F, 0x80)));
  CX_EXPECT(!signbit(dec(F, 0x80)));  // APFloat: this NaN widens to +NaN
  CX_EXPECT(!isnan(dec(F, 0x7F)) && !isnan(dec(F, 0xFF)));
  CX_EXPECT_EQ_U64(enc(F, -0.0), 0x00);          // no negative zero
  CX_EXPECT_EQ_U64(enc(F, -0x1p-12), 0x00);      // negative underflow too
  CX_EXPECT_EQ_U64(enc(F, -0x1.8p-10), 0x82);    // but not a negative subnormal
  CX_EXPECT_EQ_U64(enc(F, 247.9), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, 248.0), 0x80);         // 240 | 256 -> overflow -> NaN
  CX_EXPECT_EQ_U64(enc(F, -1e6), 0x80);
  CX_EXPECT_EQ_U64(enc(F, INFINITY), 0x80);
  CX_EXPECT_EQ_U64(enc(F, -NAN), 0x80);

  F = CX_FF_F8E4M3B11FNUZ;
  EXPECT_EXACT(F, 0x7F, 30.0);
  EXPECT_EXACT(F, 0x08, 0x1p-10);
  EXPECT_EXACT(F, 0x01, 0x1p-13);
  EXPECT_EXACT(F, 0x58, 1.0);
  CX_EXPECT_EQ_U64(enc(F, 30.9), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, 31.0), 0x80);
  CX_EXPECT_EQ_U64(enc(F, -0.0), 0x00);

  F = CX_FF_F8E5M2FNUZ;
  EXPECT_EXACT(F, 0x7F, 57344.0);
  EXPECT_EXACT(F, 0x04, 0x1p-15);
  EXPECT_EXACT(F, 0x01, 0x1p-17);
  EXPECT_EXACT(F, 0x40, 1.0);
  CX_EXPECT_EQ_U64(enc(F, 61439.0), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, 61440.0), 0x80);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x80);
}

CX_TEST(test_f8e5m2) {
  const cx_float_format_t F = CX_FF_F8E5M2;
  EXPECT_EXACT(F, 0x7B, 57344.0);
  EXPECT_EXACT(F, 0x04, 0x1p-14);
  EXPECT_EXACT(F, 0x01, 0x1p-16);
  EXPECT_EXACT(F, 0x7C, INFINITY);
  EXPECT_EXACT(F, 0xFC, -INFINITY);
  EXPECT_EXACT(F, 0x3C, 1.0);
  CX_EXPECT_EQ_U64(enc(F, 61439.0), 0x7B);
  CX_EXPECT_EQ_U64(enc(F, 61440.0), 0x7C);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x7E);
  CX_EXPECT(isnan(dec(F, 0x7D)) && isnan(dec(F, 0x7F)));
}

CX_TEST(test_f8e8m0fnu) {
  const cx_float_format_t F = CX_FF_F8E8M0FNU;
  EXPECT_EXACT(F, 0x7F, 1.0);
  EXPECT_EXACT(F, 0xFE, 0x1p127);  // max
  EXPECT_EXACT(F, 0x00, 0x1p-127); // min; there is no zero
  EXPECT_EXACT(F, 0x80, 2.0);
  CX_EXPECT(isnan(dec(F, 0xFF)));
  // Precision 1: ties round up (the only significand bit is 1, "odd").
  CX_EXPECT_EQ_U64(enc(F, 1.5), 0x80);
  CX_EXPECT_EQ_U64(enc(F, 1.4999), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, 3.0), 0x81);
  CX_EXPECT_EQ_U64(enc(F, 0.75), 0x7F);
  CX_EXPECT_EQ_U64(enc(F, 0.7499), 0x7E);
  // Overflow -> NaN; zero and underflow -> 2^-127.
  CX_EXPECT_EQ_U64(enc(F, 0x1.7ffp127), 0xFE);
  CX_EXPECT_EQ_U64(enc(F, 0x1.8p127), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, 0x1p128), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, INFINITY), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, 0.0), 0x00);
  CX_EXPECT_EQ_U64(enc(F, -0.0), 0x00);
  CX_EXPECT_EQ_U64(enc(F, 0x1p-140), 0x00);
  CX_EXPECT_EQ_U64(enc(F, 0x1.8p-127), 0x01);
  // Unsigned: negative values are NaN.
  CX_EXPECT_EQ_U64(enc(F, -1.0), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, -INFINITY), 0xFF);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0xFF);
}

CX_TEST(test_bf16_f16_tf32) {
  cx_float_format_t F = CX_FF_BF16;
  EXPECT_EXACT(F, 0x7F7F, 0x1.fep127);
  EXPECT_EXACT(F, 0x0080, 0x1p-126);
  EXPECT_EXACT(F, 0x0001, 0x1p-133);
  EXPECT_EXACT(F, 0x3F80, 1.0);
  EXPECT_EXACT(F, 0x8000, -0.0);
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 0x1p-8), 0x3F80);
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 3 * 0x1p-8), 0x3F82);
  CX_EXPECT_EQ_U64(enc(F, 0x1.ffp127), 0x7F80);  // max + half ulp
  CX_EXPECT_EQ_U64(enc(F, 0x1.fefffp127), 0x7F7F);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x7FC0);
  CX_EXPECT_EQ_U64(enc(F, -NAN), 0xFFC0);

  F = CX_FF_F16;
  EXPECT_EXACT(F, 0x7BFF, 65504.0);
  EXPECT_EXACT(F, 0x0400, 0x1p-14);
  EXPECT_EXACT(F, 0x0001, 0x1p-24);
  EXPECT_EXACT(F, 0x7C00, INFINITY);
  EXPECT_EXACT(F, 0x3C00, 1.0);
  EXPECT_EXACT(F, 0xC000, -2.0);
  CX_EXPECT_EQ_U64(enc(F, 65519.99), 0x7BFF);
  CX_EXPECT_EQ_U64(enc(F, 65520.0), 0x7C00);
  CX_EXPECT_EQ_U64(enc(F, -65520.0), 0xFC00);
  CX_EXPECT_EQ_U64(enc(F, 0x1p-25), 0x0000);
  CX_EXPECT_EQ_U64(enc(F, 0x1.00001p-25), 0x0001);
  CX_EXPECT_EQ_U64(enc(F, 3 * 0x1p-25), 0x0002);
  CX_EXPECT_EQ_U64(enc(F, -0x1p-30), 0x8000);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x7E00);
  // NaN payload: the top payload bits survive, the quiet bit is set.
  CX_EXPECT_EQ_U64(enc(F, dec(F, 0x7E01)), 0x7E01);
  CX_EXPECT_EQ_U64(enc(F, dec(F, 0x7C01)), 0x7E01);  // signalling -> quiet

  F = CX_FF_TF32;
  EXPECT_EXACT(F, 0x1FC00, 1.0);
  EXPECT_EXACT(F, 0x3FBFF, 0x1.ffcp127);
  EXPECT_EXACT(F, 0x00400, 0x1p-126);
  EXPECT_EXACT(F, 0x00001, 0x1p-136);
  EXPECT_EXACT(F, 0x3FC00, INFINITY);
  EXPECT_EXACT(F, 0x5FC00, -1.0);
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 0x1p-11), 0x1FC00);
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 3 * 0x1p-11), 0x1FC02);
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x3FE00);
}

CX_TEST(test_f32_f64) {
  cx_float_format_t F = CX_FF_F32;
  EXPECT_EXACT(F, 0x7F7FFFFF, (double)FLT_MAX);
  EXPECT_EXACT(F, 0x00800000, 0x1p-126);
  EXPECT_EXACT(F, 0x00000001, 0x1p-149);
  EXPECT_EXACT(F, 0x3F800000, 1.0);
  EXPECT_EXACT(F, 0x80000000, -0.0);
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 0x1p-24), 0x3F800000);
  CX_EXPECT_EQ_U64(enc(F, 1.0 + 3 * 0x1p-24), 0x3F800002);
  CX_EXPECT_EQ_U64(enc(F, (double)FLT_MAX + 0x1p103), 0x7F800000);
  CX_EXPECT_EQ_U64(enc(F, (double)FLT_MAX + 0x1.fffp102), 0x7F7FFFFF);
  CX_EXPECT_EQ_U64(enc(F, 0x1p-150), 0);
  CX_EXPECT_EQ_U64(enc(F, 0x1.8p-149), 2);
  CX_EXPECT_EQ_U64(enc(F, 1e-320), 0);  // double subnormal input
  CX_EXPECT_EQ_U64(enc(F, NAN), 0x7FC00000);
  // Encoding a double to f32 is the same single rounding as the C cast.
  const double samples[] = {0.1, -1.0 / 3, 3.4e38, 1.17e-38, 1e-45, 123456789.123, 2.5e-42};
  for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
    CX_EXPECT_EQ_U64(enc(F, samples[i]), cx_f32_bits((float)samples[i]));

  F = CX_FF_F64;
  CX_EXPECT_EQ_U64(enc(F, 0.1), cx_f64_bits(0.1));
  CX_EXPECT_EQ_U64(enc(F, -0.0), UINT64_C(0x8000000000000000));
  CX_EXPECT(dec(F, cx_f64_bits(DBL_MAX)) == DBL_MAX);
  CX_EXPECT(dec(F, 1) == 0x1p-1074);
}

// Out-of-range format values are bad input, not a crash.
CX_TEST(test_bad_format) {
  CX_EXPECT(isnan(dec((cx_float_format_t)CX_FF_COUNT, 0)));
  CX_EXPECT_EQ_U64(enc((cx_float_format_t)99, 1.0), 0);
}

static bool is_ieee_quiet_nan_pattern(const cx_float_format_info_t* info, uint64_t b) {
  int p = info->mantissa_bits;
  uint64_t exp = (b >> p) & ((UINT64_C(1) << info->exponent_bits) - 1);
  return info->has_inf && exp == (UINT64_C(1) << info->exponent_bits) - 1 &&
         (b & (UINT64_C(1) << (p - 1)));
}

// Every pattern of every format up to tf32's 19 bits: decode then encode
// gives the pattern back (NaNs: a NaN; IEEE quiet NaNs: the same bits), and
// the number of NaN and infinite patterns matches the format's definition.
CX_TEST(test_exhaustive_round_trip) {
  // Expected NaN / inf pattern counts, worked out from each definition.
  static const struct { cx_float_format_t f; int nans, infs; } kCounts[] = {
      {CX_FF_F4E2M1FN, 0, 0},       {CX_FF_F6E2M3FN, 0, 0},  {CX_FF_F6E3M2FN, 0, 0},
      {CX_FF_F8E3M4, 30, 2},        {CX_FF_F8E4M3, 14, 2},   {CX_FF_F8E4M3FN, 2, 0},
      {CX_FF_F8E4M3FNUZ, 1, 0},     {CX_FF_F8E4M3B11FNUZ, 1, 0},
      {CX_FF_F8E5M2, 6, 2},         {CX_FF_F8E5M2FNUZ, 1, 0}, {CX_FF_F8E8M0FNU, 1, 0},
      {CX_FF_BF16, 254, 2},         {CX_FF_F16, 2046, 2},    {CX_FF_TF32, 2046, 2},
  };
  for (size_t k = 0; k < sizeof kCounts / sizeof *kCounts; k++) {
    cx_float_format_t f = kCounts[k].f;
    const cx_float_format_info_t* info = cx_float_format_info(f);
    int nans = 0, infs = 0, mismatches = 0;
    for (uint64_t b = 0; b < (UINT64_C(1) << info->bits); b++) {
      double v = dec(f, b);
      uint64_t back = enc(f, v);
      if (isnan(v)) {
        nans++;
        if (!isnan(dec(f, back))) mismatches++;
        if (is_ieee_quiet_nan_pattern(info, b) && back != b) mismatches++;
        continue;
      }
      if (isinf(v)) infs++;
      if (back != b && mismatches++ < 3)
        CX_FAIL_("%s: 0x%llx -> %.17g -> 0x%llx", info->name, (unsigned long long)b, v,
                 (unsigned long long)back);
    }
    if (mismatches) CX_FAIL_("%s: %d round-trip mismatches", info->name, mismatches);
    if (nans != kCounts[k].nans || infs != kCounts[k].infs)
      CX_FAIL_("%s: %d NaNs, %d infs; expected %d, %d", info->name, nans, infs,
               kCounts[k].nans, kCounts[k].infs);
  }
}

// Walks the non-negative patterns upwards: values strictly increase through
// the finite range, and for each pair of neighbours the midpoint rounds to
// the even pattern (f8E8M0FNU: up), and just off the midpoint to the nearer.
// The step past the largest finite value checks the overflow rule.
CX_TEST(test_monotonic_and_ties_everywhere) {
  for (int fi = 0; fi < CX_FF_COUNT; fi++) {
    cx_float_format_t f = (cx_float_format_t)fi;
    const cx_float_format_info_t* info = cx_float_format_info(f);
    if (info->bits > 19) continue;
    uint64_t sign = info->is_signed ? UINT64_C(1) << (info->bits - 1) : 0;
    uint64_t limit = sign ? sign : (UINT64_C(1) << info->bits);
    int failures = 0;
    uint64_t b = 0;
    for (; b + 1 < limit; b++) {
      double lo = dec(f, b), hi = dec(f, b + 1);
      if (!isfinite(hi)) break;
      if (!(lo < hi)) {
        if (failures++ < 3) CX_FAIL_("%s: not increasing at 0x%llx", info->name,
                                     (unsigned long long)b);
        continue;
      }
      double mid = lo + (hi - lo) / 2;  // exact: neighbours are close in a double
      uint64_t want_mid = f == CX_FF_F8E8M0FNU ? b + 1 : ((b & 1) ? b + 1 : b);
      if (enc(f, mid) != want_mid || enc(f, nextafter(mid, 0)) != b ||
          enc(f, nextafter(mid, INFINITY)) != b + 1) {
        if (failures++ < 3) CX_FAIL_("%s: rounding between 0x%llx and 0x%llx", info->name,
                                     (unsigned long long)b, (unsigned long long)b + 1);
      }
    }
    // b is now the largest finite pattern.
    double max = dec(f, b);
    double ulp = max - dec(f, b - 1);
    double overflow_tie = max + ulp / 2;
    uint64_t want;
    if (info->has_inf) want = b + 1;                  // the infinity pattern
    else if (!info->has_nan) want = b;                // f4/f6: saturate
    else if (f == CX_FF_F8E4M3FN) want = 0x7F;        // NaN
    else if (f == CX_FF_F8E8M0FNU) want = 0xFF;       // NaN
    else want = sign;                                 // FNUZ NaN (0x80)
    if (f == CX_FF_F8E4M3FN) {
      // max 448 has mantissa 110 (even): the tie stays at max, above is NaN.
      CX_EXPECT_EQ_U64(enc(f, overflow_tie), b);
      CX_EXPECT_EQ_U64(enc(f, nextafter(overflow_tie, INFINITY)), want);
    } else if (f == CX_FF_F8E8M0FNU) {
      CX_EXPECT_EQ_U64(enc(f, max * 1.5), want);
      CX_EXPECT_EQ_U64(enc(f, nextafter(max * 1.5, 0)), b);
    } else {
      CX_EXPECT_EQ_U64(enc(f, overflow_tie), want);
      CX_EXPECT_EQ_U64(enc(f, nextafter(overflow_tie, 0)), b);
    }
    if (failures) CX_FAIL_("%s: %d failures", info->name, failures);
  }
}

CX_TEST(test_fast_paths_exhaustive_16bit) {
  int bad = 0;
  for (uint32_t b = 0; b < 0x10000; b++) {
    float a = cx_bf16_to_f32((uint16_t)b);
    double want = dec(CX_FF_BF16, b);
    if (isnan(want) ? !isnan(a) || cx_f32_bits(a) != (b << 16) : (double)a != want ||
                                                              !signbit(a) != !signbit(want))
      bad++;
    float h = cx_f16_to_f32((uint16_t)b);
    want = dec(CX_FF_F16, b);
    if (isnan(want) ? !isnan(h) || !signbit(h) != !signbit(want)
                    : (double)h != want || !signbit(h) != !signbit(want))
      bad++;
    // f16 -> f32 -> f16 is the identity except that NaNs become quiet.
    uint16_t back = cx_f32_to_f16(h);
    uint16_t want_back = isnan(want) ? (uint16_t)(b | 0x0200) : (uint16_t)b;
    if (back != want_back) bad++;
    if (cx_f32_to_bf16(a) != (isnan(a) ? (b | 0x40) : b)) bad++;
  }
  CX_EXPECT_EQ_I64(bad, 0);
}

// The bit-twiddling f32 -> f16/bf16 paths against the generic encoder, over
// every exponent and sign and the low-bit patterns that decide rounding.
CX_TEST(test_fast_paths_match_generic) {
  static const uint32_t kLow[] = {0x0000, 0x0001, 0x0FFF, 0x1000, 0x1001, 0x1FFF,
                                  0x7FFF, 0x8000, 0x8001, 0xFFFF};
  int bad16 = 0, badbf = 0;
  for (uint32_t hi = 0; hi < (1u << 19); hi++) {
    for (size_t k = 0; k < sizeof kLow / sizeof *kLow; k++) {
      uint32_t u = (hi << 13) | (kLow[k] & 0x1FFF);
      uint32_t v = (hi << 13 & 0xFFFF0000u) | kLow[k];
      float x = cx_bits_f32(u), y = cx_bits_f32(v);
      if (cx_f32_to_f16(x) != enc(CX_FF_F16, x)) {
        if (bad16++ < 3) CX_FAIL_("f16: 0x%08x -> 0x%04x vs 0x%04llx", u, cx_f32_to_f16(x),
                                  (unsigned long long)enc(CX_FF_F16, x));
      }
      if (cx_f32_to_bf16(y) != enc(CX_FF_BF16, y)) {
        if (badbf++ < 3) CX_FAIL_("bf16: 0x%08x -> 0x%04x vs 0x%04llx", v, cx_f32_to_bf16(y),
                                  (unsigned long long)enc(CX_FF_BF16, y));
      }
    }
  }
  CX_EXPECT_EQ_I64(bad16, 0);
  CX_EXPECT_EQ_I64(badbf, 0);
}

CX_TEST(test_f64_to_f16_single_rounding) {
  // 1 + 2^-11 + 2^-40: just above the f16 tie. Via f32 it would first become
  // the exact tie 1 + 2^-11 and then round to even (1.0): double rounding.
  double x = 1.0 + 0x1p-11 + 0x1p-40;
  CX_EXPECT_EQ_U64(cx_f64_to_f16(x), 0x3C01);
  CX_EXPECT_EQ_U64(cx_f32_to_f16((float)x), 0x3C00);
  CX_EXPECT_EQ_U64(cx_f64_to_f16(65504.0), 0x7BFF);
  CX_EXPECT_EQ_U64(cx_f64_to_f16(-1e10), 0xFC00);
  CX_EXPECT_EQ_U64(cx_f64_to_f16(0x1p-24), 0x0001);
}

int main(void) {
  CX_RUN(test_info_table);
  CX_RUN(test_f4e2m1fn);
  CX_RUN(test_f6_formats);
  CX_RUN(test_f8e3m4_and_f8e4m3);
  CX_RUN(test_f8e4m3fn);
  CX_RUN(test_fnuz_formats);
  CX_RUN(test_f8e5m2);
  CX_RUN(test_f8e8m0fnu);
  CX_RUN(test_bf16_f16_tf32);
  CX_RUN(test_f32_f64);
  CX_RUN(test_bad_format);
  CX_RUN(test_exhaustive_round_trip);
  CX_RUN(test_monotonic_and_ties_everywhere);
  CX_RUN(test_fast_paths_exhaustive_16bit);
  CX_RUN(test_fast_paths_match_generic);
  CX_RUN(test_f64_to_f16_single_rounding);
  return CX_TEST_EXIT();
}
