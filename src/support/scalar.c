// Scalar element access and conversions (see scalar.h).
#include "support/scalar.h"

#include <math.h>
#include <string.h>

// ----------------------------------------------------------------------------
// Loads and stores.

int64_t cx_load_int(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_I1: return *(const uint8_t*)p != 0;
    case CX_ELEM_SI2:
    case CX_ELEM_SI4:
    case CX_ELEM_SI8: return *(const int8_t*)p;
    case CX_ELEM_UI2:
    case CX_ELEM_UI4:
    case CX_ELEM_UI8: return *(const uint8_t*)p;
    case CX_ELEM_SI16: { int16_t v; memcpy(&v, p, 2); return v; }
    case CX_ELEM_UI16: { uint16_t v; memcpy(&v, p, 2); return v; }
    case CX_ELEM_SI32: { int32_t v; memcpy(&v, p, 4); return v; }
    case CX_ELEM_UI32: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
  }
}

void cx_store_int(cx_elem_t e, void* p, int64_t v) {
  int bits = cx_elem_bit_width(e);
  switch (e) {
    case CX_ELEM_I1: *(uint8_t*)p = (uint8_t)(v & 1); return;
    case CX_ELEM_SI2:
    case CX_ELEM_SI4: {
      // Wrap to the width, then sign-extend into the byte.
      int64_t m = v & ((1 << bits) - 1);
      if (m >> (bits - 1)) m -= 1 << bits;
      *(int8_t*)p = (int8_t)m;
      return;
    }
    case CX_ELEM_UI2:
    case CX_ELEM_UI4: *(uint8_t*)p = (uint8_t)(v & ((1 << bits) - 1)); return;
    case CX_ELEM_SI8:
    case CX_ELEM_UI8: *(uint8_t*)p = (uint8_t)v; return;
    case CX_ELEM_SI16:
    case CX_ELEM_UI16: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); return; }
    case CX_ELEM_SI32:
    case CX_ELEM_UI32: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); return; }
    default: memcpy(p, &v, 8); return;
  }
}

double cx_load_float(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_F64: { double v; memcpy(&v, p, 8); return v; }
    case CX_ELEM_F32:
    case CX_ELEM_TF32: { float v; memcpy(&v, p, 4); return v; }
    case CX_ELEM_BF16:
    case CX_ELEM_F16: {
      uint16_t b;
      memcpy(&b, p, 2);
      return e == CX_ELEM_BF16 ? (double)cx_bf16_to_f32(b) : (double)cx_f16_to_f32(b);
    }
    default: return cx_float_decode(cx_elem_float_format(e), *(const uint8_t*)p);
  }
}

void cx_store_float(cx_elem_t e, void* p, double v) {
  switch (e) {
    case CX_ELEM_F64: memcpy(p, &v, 8); return;
    case CX_ELEM_F32: { float f = (float)v; memcpy(p, &f, 4); return; }
    case CX_ELEM_TF32: {
      uint32_t b = (uint32_t)cx_float_encode(CX_FF_TF32, v) << 13;
      memcpy(p, &b, 4);
      return;
    }
    case CX_ELEM_F16: { uint16_t b = cx_f64_to_f16(v); memcpy(p, &b, 2); return; }
    case CX_ELEM_BF16: {
      uint16_t b = (uint16_t)cx_float_encode(CX_FF_BF16, v);
      memcpy(p, &b, 2);
      return;
    }
    default: *(uint8_t*)p = (uint8_t)cx_float_encode(cx_elem_float_format(e), v); return;
  }
}

cx_complex_t cx_load_complex(cx_elem_t e, const void* p) {
  cx_complex_t c;
  if (e == CX_ELEM_C64) {
    float f[2];
    memcpy(f, p, 8);
    c.re = f[0];
    c.im = f[1];
  } else {
    double d[2];
    memcpy(d, p, 16);
    c.re = d[0];
    c.im = d[1];
  }
  return c;
}

void cx_store_complex(cx_elem_t e, void* p, cx_complex_t v) {
  if (e == CX_ELEM_C64) {
    float f[2] = {(float)v.re, (float)v.im};
    memcpy(p, f, 8);
  } else {
    double d[2] = {v.re, v.im};
    memcpy(p, d, 16);
  }
}

double cx_load_as_double(cx_elem_t e, const void* p) {
  if (cx_elem_is_float(e)) return cx_load_float(e, p);
  if (cx_elem_is_complex(e)) return cx_load_complex(e, p).re;
  int64_t v = cx_load_int(e, p);
  if (e == CX_ELEM_UI64) return (double)(uint64_t)v;
  return (double)v;
}

// ----------------------------------------------------------------------------
// Rounding, bits, order and conversions.

double cx_scalar_round_float(cx_elem_t e, double v) {
  if (e == CX_ELEM_F64) return v;
  unsigned char buf[16];
  cx_store_float(e, buf, v);
  return cx_load_float(e, buf);
}

double cx_scalar_fmax(double a, double b) {
  if (isnan(a)) return a;
  if (isnan(b)) return b;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}

uint64_t cx_scalar_ulp_distance(cx_elem_t e, const void* a, const void* b) {
  uint64_t ba = cx_scalar_float_bits(e, a), bb = cx_scalar_float_bits(e, b);
  if (ba == bb) return 0;
  double da = cx_load_float(e, a), db = cx_load_float(e, b);
  if (isnan(da) && isnan(db)) return 0;
  if (!isfinite(da) || !isfinite(db)) return UINT64_MAX;
  if (!cx_scalar_float_is_signed(e)) return ba > bb ? ba - bb : bb - ba;
  int w = cx_elem_bit_width(e);
  uint64_t sign = 1ull << (w - 1);
  // Distance from zero in units in the last place is the magnitude's bits.
  uint64_t ma = ba & ~sign, mb = bb & ~sign;
  if ((ba & sign) != (bb & sign)) return ma + mb;
  return ma > mb ? ma - mb : mb - ma;
}

bool cx_scalar_almost_equal(double a, double b, double tol) {
  if (a == b) return true;
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  bool a_fnz = isfinite(a) && a != 0, b_fnz = isfinite(b) && b != 0;
  if ((!a_fnz || !b_fnz) && a != 0 && b != 0) return false;  // inf vs finite
  if (signbit(a) != signbit(b)) return false;
  return fabs(a - b) <= tol;
}

double cx_scalar_fmin(double a, double b) {
  if (isnan(a)) return a;
  if (isnan(b)) return b;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}

bool cx_scalar_float_is_signed(cx_elem_t e) { return e != CX_ELEM_F8E8M0FNU; }

uint64_t cx_scalar_float_bits(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_F64: {
      uint64_t b;
      memcpy(&b, p, 8);
      return b;
    }
    case CX_ELEM_F32: {
      uint32_t b;
      memcpy(&b, p, 4);
      return b;
    }
    case CX_ELEM_TF32: {
      uint32_t b;
      memcpy(&b, p, 4);
      return b >> 13;
    }
    case CX_ELEM_BF16:
    case CX_ELEM_F16: {
      uint16_t b;
      memcpy(&b, p, 2);
      return b;
    }
    default: {
      int w = cx_elem_bit_width(e);
      return *(const uint8_t*)p & ((1u << w) - 1);
    }
  }
}

int64_t cx_scalar_total_order_key(cx_elem_t e, const void* p) {
  uint64_t b = cx_scalar_float_bits(e, p);
  if (!cx_scalar_float_is_signed(e)) return (int64_t)b;
  int w = cx_elem_bit_width(e);
  uint64_t sign = b >> (w - 1);
  uint64_t mag = b & ((w == 64) ? ~(1ull << 63) : ((1ull << (w - 1)) - 1));
  // The FNUZ formats have no -0: that pattern is their only NaN, which
  // orders above +Inf like a positive NaN.
  if (sign && mag == 0 && cx_elem_is_float(e) && e != CX_ELEM_TF32 && w <= 16 &&
      !cx_float_format_info(cx_elem_float_format(e))->has_negative_zero)
    return INT64_MAX;
  return sign ? -(int64_t)mag - 1 : (int64_t)mag;
}

int64_t cx_scalar_float_to_int(double v, cx_elem_t to) {
  if (isnan(v)) return 0;
  double t = trunc(v);
  int w = cx_elem_bit_width(to);
  if (to == CX_ELEM_I1) return t != 0;
  if (cx_elem_is_unsigned_int(to)) {
    if (t <= 0) return 0;
    double lim = ldexp(1.0, w);  // 2^w, exact
    if (t >= lim) return w == 64 ? (int64_t)UINT64_MAX : (int64_t)((1ull << w) - 1);
    return w == 64 ? (int64_t)(uint64_t)t : (int64_t)t;
  }
  double lim = ldexp(1.0, w - 1);  // 2^(w-1)
  if (t >= lim) return w == 64 ? INT64_MAX : (int64_t)((1ull << (w - 1)) - 1);
  if (t < -lim) return w == 64 ? INT64_MIN : -(int64_t)(1ull << (w - 1));
  return (int64_t)t;
}

double cx_scalar_int_to_float(int64_t v, bool is_unsigned, cx_elem_t to) {
  if (to == CX_ELEM_F64) return is_unsigned ? (double)(uint64_t)v : (double)v;
  if (to == CX_ELEM_F32) return is_unsigned ? (double)(float)(uint64_t)v : (double)(float)v;
  bool neg = !is_unsigned && v < 0;
  uint64_t m = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  if (m >> 53) {
    // Round to odd at 53 bits: keeps the sticky information, so the final
    // rounding to a format of at most 24 bits is the correctly rounded one.
    int len = 64 - __builtin_clzll(m);
    int s = len - 53;
    uint64_t low = m & ((1ull << s) - 1);
    m = (m >> s) << s;
    if (low) m |= 1ull << s;
  }
  double d = (double)m;  // exact
  return neg ? -d : d;
}

void cx_scalar_convert(cx_elem_t from, const void* src, cx_elem_t to, void* dst) {
  if (cx_elem_is_complex(to)) {
    cx_complex_t c = {0, 0};
    cx_elem_t comp = cx_elem_complex_component(to);
    if (cx_elem_is_complex(from)) {
      c = cx_load_complex(from, src);
    } else if (cx_elem_is_float(from)) {
      c.re = cx_load_float(from, src);
    } else {
      c.re = cx_scalar_int_to_float(cx_load_int(from, src), cx_elem_is_unsigned_int(from), comp);
    }
    cx_store_complex(to, dst, c);  // rounds each part to the component type
    return;
  }
  if (to == CX_ELEM_I1) {
    bool nz;
    if (cx_elem_is_complex(from)) {
      // Complex to anything real keeps the real part, also for i1 (as the
      // reference interpreter and the spec's interpreter tests do).
      nz = cx_load_complex(from, src).re != 0;
    } else if (cx_elem_is_float(from)) {
      nz = cx_load_float(from, src) != 0;  // NaN is non-zero
    } else {
      nz = cx_load_int(from, src) != 0;
    }
    cx_store_int(to, dst, nz);
    return;
  }
  if (cx_elem_is_integer(to)) {
    int64_t v;
    if (cx_elem_is_complex(from))
      v = cx_scalar_float_to_int(cx_load_complex(from, src).re, to);
    else if (cx_elem_is_float(from))
      v = cx_scalar_float_to_int(cx_load_float(from, src), to);
    else
      v = cx_load_int(from, src);  // wraps (two's complement) on store
    cx_store_int(to, dst, v);
    return;
  }
  // A real float destination.
  double d;
  if (cx_elem_is_complex(from))
    d = cx_load_complex(from, src).re;
  else if (cx_elem_is_float(from))
    d = cx_load_float(from, src);
  else
    d = cx_scalar_int_to_float(cx_load_int(from, src), cx_elem_is_unsigned_int(from), to);
  cx_store_float(to, dst, d);
}

// Writes the low bits of a float element's raw encoding.
static void put_float_bits(cx_elem_t e, void* p, uint64_t bits) {
  if (e == CX_ELEM_TF32) {
    uint32_t v = (uint32_t)(bits << 13);
    memcpy(p, &v, 4);
    return;
  }
  size_t sz = cx_elem_storage_size(e);
  for (size_t i = 0; i < sz; i++) ((unsigned char*)p)[i] = (unsigned char)(bits >> (8 * i));
}

// The FNUZ formats have no -0: its bit pattern is their NaN.
static bool has_negative_zero(cx_elem_t e) {
  return e != CX_ELEM_F8E4M3FNUZ && e != CX_ELEM_F8E5M2FNUZ && e != CX_ELEM_F8E4M3B11FNUZ;
}

// nextafter in the element's own encoding (as C's nextafter for that type).
void cx_scalar_next_after(cx_elem_t e, const void* px, const void* py, void* out) {
  double x = cx_load_float(e, px), y = cx_load_float(e, py);
  if (isnan(x) || isnan(y)) {
    cx_store_float(e, out, NAN);
    return;
  }
  if (x == y) {
    memcpy(out, py, cx_elem_storage_size(e));
    return;
  }
  int w = cx_elem_bit_width(e);
  bool is_signed = cx_scalar_float_is_signed(e);
  uint64_t sign_bit = is_signed ? UINT64_C(1) << (w - 1) : 0;
  uint64_t bits = cx_scalar_float_bits(e, px);
  uint64_t mag = bits & ~sign_bit;
  uint64_t neg = bits & sign_bit;
  uint64_t result;
  if (x == 0) {
    // The smallest subnormal with y's sign.
    result = (y < 0 ? sign_bit : 0) | 1;
  } else {
    bool away = (y > x) == (x > 0);  // moving away from zero grows the magnitude
    mag = away ? mag + 1 : mag - 1;
    // Formats without negative zero use the -0 pattern for NaN.
    result = (mag == 0 && !has_negative_zero(e)) ? 0 : (neg | mag);
  }
  put_float_bits(e, out, result);
}
