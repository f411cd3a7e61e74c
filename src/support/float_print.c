// Printing floats as MLIR prints them (float_print.h).
#include "support/float_print.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/float_formats.h"
#include "support/scalar.h"
#include "support/strbuf.h"

// True if `text` reads back as exactly `bits` in element kind e.
static bool reads_back(cx_elem_t e, const char* text, uint64_t bits) {
  if (e == CX_ELEM_F64) {
    double d = strtod(text, NULL);
    uint64_t b;
    memcpy(&b, &d, 8);
    return b == bits;
  }
  if (e == CX_ELEM_F32) {
    float f = strtof(text, NULL);
    uint32_t b;
    memcpy(&b, &f, 4);
    return b == (uint32_t)bits;
  }
  return cx_float_encode(cx_elem_float_format(e), strtod(text, NULL)) == bits;
}

static int hex_digits(cx_elem_t e) {
  int bits = e == CX_ELEM_TF32 ? 32 : cx_elem_bit_width(e);
  return (bits + 3) / 4;
}

// MLIR prints a float with APFloat::toString: the value's exact decimal
// expansion cut to a number of significant digits, in positional or
// scientific notation. cxla reproduces that behaviour (written from its
// description, with a small big-integer type of its own) so that printed
// constants read exactly as stablehlo-opt prints them:
//   1. six significant digits in scientific notation, the mantissa padded to
//      six decimals ("3.140630e+00"), if that text reads back as the same
//      value of the element type;
//   2. otherwise as many digits as the format needs to round-trip
//      (2 + precision * 59 / 196 significant digits, trailing zeros dropped),
//      positional unless that would need more than three padding zeros
//      ("91.4060898", "0.0039215482917486456", "1.537725862903607E-5");
//   3. and if that text has no '.', the bit pattern in hex.

enum { kBigLimbs = 96 };  // 3072 bits: 2^-1074 times 5^1074 needs ~2550

typedef struct big {
  uint32_t limb[kBigLimbs];  // little-endian
  int n;                     // limbs in use (no leading zero limbs)
} big_t;

static void big_set_u64(big_t* b, uint64_t v) {
  b->limb[0] = (uint32_t)v;
  b->limb[1] = (uint32_t)(v >> 32);
  b->n = b->limb[1] ? 2 : b->limb[0] ? 1 : 0;
}

static void big_mul_small(big_t* b, uint32_t m) {
  uint64_t carry = 0;
  for (int i = 0; i < b->n; i++) {
    uint64_t t = (uint64_t)b->limb[i] * m + carry;
    b->limb[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry && b->n < kBigLimbs) b->limb[b->n++] = (uint32_t)carry;
}

static void big_shl(big_t* b, int shift) {
  int words = shift / 32, bitsh = shift % 32;
  if (!b->n) return;
  int n = b->n + words + 1;
  if (n > kBigLimbs) n = kBigLimbs;  // cannot happen for doubles
  for (int i = n - 1; i >= 0; i--) {
    uint64_t hi = i - words >= 0 && i - words < b->n ? b->limb[i - words] : 0;
    uint64_t lo = i - words - 1 >= 0 && i - words - 1 < b->n ? b->limb[i - words - 1] : 0;
    b->limb[i] = (uint32_t)(bitsh ? (hi << bitsh) | (lo >> (32 - bitsh)) : hi);
  }
  b->n = n;
  while (b->n && !b->limb[b->n - 1]) b->n--;
}

// Divides by d in place and returns the remainder.
static uint32_t big_divmod_small(big_t* b, uint32_t d) {
  uint64_t rem = 0;
  for (int i = b->n - 1; i >= 0; i--) {
    uint64_t cur = (rem << 32) | b->limb[i];
    b->limb[i] = (uint32_t)(cur / d);
    rem = cur % d;
  }
  while (b->n && !b->limb[b->n - 1]) b->n--;
  return (uint32_t)rem;
}

static int big_active_bits(const big_t* b) {
  if (!b->n) return 0;
  uint32_t top = b->limb[b->n - 1];
  int bits = 0;
  while (top) {
    bits++;
    top >>= 1;
  }
  return (b->n - 1) * 32 + bits;
}

// APFloat::toString for a finite value |v| (the sign is printed by the
// caller). `precision` is the format's significand width in bits.
static void float_to_string(char* out, size_t size, double v, int precision, int format_precision,
                            int max_padding, bool truncate_zero) {
  if (v == 0) {
    if (!max_padding) {
      if (truncate_zero) {
        snprintf(out, size, "0.0E+0");
      } else {
        int zeros = format_precision > 1 ? format_precision - 1 : 0;
        snprintf(out, size, "0.0%.*se+00", zeros, "00000000000000000000000000000000");
      }
    } else {
      snprintf(out, size, "0");
    }
    return;
  }
  if (!format_precision) format_precision = 2 + precision * 59 / 196;
  // v = m * 2^e with m an integer without trailing zero bits.
  int e2;
  double frac = frexp(v, &e2);
  uint64_t m = (uint64_t)ldexp(frac, 53);
  e2 -= 53;
  while (!(m & 1)) {
    m >>= 1;
    e2++;
  }
  // To a decimal integer times 10^exp: N * 2^-k == (N * 5^k) * 10^-k.
  big_t n;
  big_set_u64(&n, m);
  int exp = 0;
  if (e2 > 0) {
    big_shl(&n, e2);
  } else {
    for (int k = 0; k < -e2; k++) big_mul_small(&n, 5);
    exp = e2;
  }
  // Drop decimal digits far below the precision (a truncation, as APFloat
  // does before rounding), using 196/59 as an overestimate of log2(10).
  int bits = big_active_bits(&n);
  int bits_required = (format_precision * 196 + 58) / 59;
  if (bits > bits_required) {
    int removable = (bits - bits_required) * 59 / 196;
    exp += removable;
    for (; removable > 0; removable--) (void)big_divmod_small(&n, 10);
  }
  // The digits, least significant first, without trailing zeros.
  char digits[1100];
  int nd = 0;
  bool in_trail = true;
  while (n.n && nd < (int)sizeof(digits)) {
    uint32_t d = big_divmod_small(&n, 10);
    if (in_trail && !d) {
      exp++;
    } else {
      digits[nd++] = (char)('0' + d);
      in_trail = false;
    }
  }
  // Round half up to format_precision digits (on the next digit only).
  if (nd > format_precision) {
    int first = nd - format_precision;
    if (digits[first - 1] < '5') {
      while (first < nd && digits[first] == '0') first++;
    } else {
      while (first < nd && digits[first] == '9') first++;
      if (first < nd) digits[first]++;
    }
    if (first == nd) {
      // Carried through every digit: a single 1.
      exp += first;
      digits[0] = '1';
      nd = 1;
    } else {
      exp += first;
      memmove(digits, digits + first, (size_t)(nd - first));
      nd -= first;
    }
  }
  // Scientific or positional.
  bool scientific;
  if (!max_padding) {
    scientific = true;
  } else if (exp >= 0) {
    scientific = exp > max_padding || nd + exp > format_precision;
  } else {
    int msd = exp + nd - 1;  // power of ten of the leading digit
    scientific = msd < 0 && -msd > max_padding;
  }
  size_t len = 0;
#define PUT(c)                            \
  do {                                    \
    if (len + 1 < size) out[len++] = (c); \
  } while (0)
  if (scientific) {
    int e10 = exp + nd - 1;
    PUT(digits[nd - 1]);
    PUT('.');
    if (nd == 1 && truncate_zero) PUT('0');
    for (int i = nd - 2; i >= 0; i--) PUT(digits[i]);
    if (!truncate_zero)
      for (int i = nd - 1; i < format_precision; i++) PUT('0');
    PUT(truncate_zero ? 'E' : 'e');
    PUT(e10 >= 0 ? '+' : '-');
    int a = e10 < 0 ? -e10 : e10;
    char eb[24];
    int ne = cx_u64_digits_reversed((uint64_t)a, eb);
    if (!truncate_zero && ne < 2) eb[ne++] = '0';
    while (ne) PUT(eb[--ne]);
  } else if (exp >= 0) {
    for (int i = nd - 1; i >= 0; i--) PUT(digits[i]);
    for (int i = 0; i < exp; i++) PUT('0');
  } else {
    int whole = exp + nd;
    int i = nd - 1;
    if (whole > 0) {
      for (; i >= nd - whole; i--) PUT(digits[i]);
      PUT('.');
    } else {
      PUT('0');
      PUT('.');
      for (int z = 0; z < -whole; z++) PUT('0');
    }
    for (; i >= 0; i--) PUT(digits[i]);
  }
#undef PUT
  out[len] = 0;
}

// The significand width of an element kind's float format (f64: 53).
static int float_precision(cx_elem_t e) {
  switch (e) {
    case CX_ELEM_F64:
      return 53;
    case CX_ELEM_F32:
      return 24;
    default:
      return cx_float_format_info(cx_elem_float_format(e))->mantissa_bits + 1;
  }
}

void cx_float_print(cx_strbuf_t* out, cx_elem_t e, double value, uint64_t bits) {
  if (isfinite(value)) {
    uint64_t check_bits = e == CX_ELEM_TF32 ? cx_float_encode(CX_FF_TF32, value) : bits;
    char buf[1200];
    buf[0] = '-';
    char* digits = signbit(value) ? buf + 1 : buf;
    size_t room = sizeof(buf) - (size_t)(digits - buf);
    double mag = fabs(value);
    float_to_string(digits, room, mag, float_precision(e), 6, 0, false);
    if (reads_back(e, buf, check_bits)) {
      cx_strbuf_puts(out, buf);
      return;
    }
    float_to_string(digits, room, mag, float_precision(e), 0, 3, true);
    if (strchr(buf, '.')) {
      cx_strbuf_puts(out, buf);
      return;
    }
  }
  // Non-finite values, and finite ones whose shortest text has no '.', print
  // as their bit pattern, as MLIR does.
  cx_strbuf_printf(out, "0x%0*llX", hex_digits(e), (unsigned long long)bits);
}
