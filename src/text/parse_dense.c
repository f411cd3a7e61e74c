// Parsing the body of dense<...> for a tensor type: nested element lists,
// splats, and hex blobs "0x...". Elements are written in cxla's storage
// layout (see ir/types.h).
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support/checked.h"
#include "support/float_formats.h"
#include "text/parser.h"

typedef struct dense_state {
  const cx_type_t* type;
  cx_elem_t elem;
  size_t esize;
  uint8_t* data;
  int64_t count;     // elements written
  int64_t capacity;  // elements expected
} dense_state_t;

// Hex digit values plus one (0 marks a non-digit), so the table can be a
// constant with designated initializers.
static const uint8_t kHexPlusOne[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};
#define HEX_DIGIT(c) ((int)kHexPlusOne[(unsigned char)(c)] - 1)

static cx_float_format_t float_format(cx_elem_t e) {
  return (cx_float_format_t)(e - CX_ELEM_F4E2M1FN);
}

// Reads a numeric token (decimal, hex, inf, nan, true/false) at the cursor.
typedef struct number {
  bool is_hex;
  bool is_float;     // has '.', 'e', inf or nan
  bool negative;
  uint64_t bits;     // hex value, or integer magnitude
  double value;      // float value
  float value_f32;   // correctly rounded single-precision value
} number_t;

static cx_status_t read_number(cx_parser_t* p, number_t* n) {
  memset(n, 0, sizeof(*n));
  cx_p_skip_ws(p);
  const char* start = p->cur;
  const char* c = start;
  if (c < p->end && (*c == '-' || *c == '+')) {
    n->negative = *c == '-';
    c++;
  }
  if (c + 1 < p->end && c[0] == '0' && (c[1] == 'x' || c[1] == 'X')) {
    c += 2;
    const char* digits = c;
    uint64_t v = 0;
    while (c < p->end && HEX_DIGIT(*c) >= 0) {
      if (v >> 60) return cx_p_error_at(p, start, "hex literal too large");
      v = v * 16 + (uint64_t)HEX_DIGIT(*c);
      c++;
    }
    if (c == digits) return cx_p_error_at(p, start, "expected hex digits");
    n->is_hex = true;
    n->bits = v;
    p->cur = c;
    return NULL;
  }
  size_t left = (size_t)(p->end - c);
  if ((left >= 4 && !strncmp(c, "true", 4)) || (left >= 5 && !strncmp(c, "false", 5))) {
    bool t = c[0] == 't';
    p->cur = c + (t ? 4 : 5);
    n->bits = t;
    n->value = t;
    return NULL;
  }
  if ((size_t)(p->end - c) >= 3 && (!strncmp(c, "inf", 3) || !strncmp(c, "nan", 3))) {
    n->is_float = true;
    n->value = c[0] == 'i' ? INFINITY : NAN;
    if (n->negative) n->value = -n->value;
    n->value_f32 = (float)n->value;
    p->cur = c + 3;
    return NULL;
  }
  const char* digits = c;
  uint64_t v = 0;
  bool overflow = false;
  while (c < p->end && isdigit((unsigned char)*c)) {
    uint64_t d = (uint64_t)(*c - '0');
    if (v > (UINT64_MAX - d) / 10) overflow = true;
    v = v * 10 + d;
    c++;
  }
  if (c == digits) return cx_p_error_at(p, start, "expected a number");
  if (c < p->end && (*c == '.' || *c == 'e' || *c == 'E')) {
    while (c < p->end && (isdigit((unsigned char)*c) || *c == '.' || *c == 'e' || *c == 'E' ||
                          ((*c == '-' || *c == '+') && (c[-1] == 'e' || c[-1] == 'E'))))
      c++;
    char buf[128];
    size_t len = (size_t)(c - start);
    if (len >= sizeof(buf)) return cx_p_error_at(p, start, "float literal too long");
    memcpy(buf, start, len);
    buf[len] = 0;
    char* endp;
    n->value = strtod(buf, &endp);
    if (endp != buf + len) return cx_p_error_at(p, start, "malformed float literal");
    n->value_f32 = strtof(buf, NULL);
    n->is_float = true;
  } else {
    if (overflow) return cx_p_error_at(p, start, "integer literal out of range");
    n->bits = v;
    n->value = n->negative ? -(double)v : (double)v;
    n->value_f32 = (float)n->value;
  }
  p->cur = c;
  return NULL;
}

static cx_status_t store_int(cx_parser_t* p, dense_state_t* s, const number_t* n, uint8_t* dst,
                             const char* at) {
  cx_elem_t e = s->elem;
  if (n->is_float) return cx_p_error_at(p, at, "expected an integer element");
  int bits = cx_elem_bit_width(e);
  uint64_t mag = n->bits;
  int64_t v;
  if (e == CX_ELEM_I1) {
    if (n->negative ? mag > 1 : mag > 1) return cx_p_error_at(p, at, "i1 elements are 0 or 1");
    v = mag != 0;
  } else if (cx_elem_is_unsigned_int(e)) {
    if (n->negative && mag != 0) return cx_p_error_at(p, at, "negative value for an unsigned type");
    if (bits < 64 && mag >= (1ull << bits))
      return cx_p_error_at(p, at, "value out of range for '%s'", cx_elem_name(e));
    v = (int64_t)mag;
  } else {
    if (n->is_hex && !n->negative) {
      // Hex literals of signed types are bit patterns (MLIR prints large
      // negative i64 values this way only in hex blobs, but accept both).
      if (bits < 64 && mag >= (1ull << bits))
        return cx_p_error_at(p, at, "value out of range for '%s'", cx_elem_name(e));
      v = bits < 64 && (mag >> (bits - 1)) ? (int64_t)(mag - (1ull << bits)) : (int64_t)mag;
    } else {
      uint64_t limit = n->negative ? (1ull << (bits - 1)) : (1ull << (bits - 1)) - 1;
      if (mag > limit) return cx_p_error_at(p, at, "value out of range for '%s'", cx_elem_name(e));
      v = n->negative ? (int64_t)(0 - mag) : (int64_t)mag;
    }
  }
  switch (s->esize) {
    case 1: { int8_t x = (int8_t)v; memcpy(dst, &x, 1); break; }
    case 2: { int16_t x = (int16_t)v; memcpy(dst, &x, 2); break; }
    case 4: { int32_t x = (int32_t)v; memcpy(dst, &x, 4); break; }
    default: memcpy(dst, &v, 8); break;
  }
  return NULL;
}

// A hex float literal is the element's bit pattern, so it must fit the
// element's width (tf32: 19 bits); MLIR rejects wider ones instead of
// truncating them.
static cx_status_t check_hex_float(cx_parser_t* p, cx_elem_t e, const number_t* n,
                                   const char* at) {
  if (!n->is_hex) return NULL;
  if (n->negative)
    return cx_p_error_at(p, at, "hexadecimal float literal should not have a leading minus sign");
  int bits = cx_elem_bit_width(e);
  if (bits < 64 && (n->bits >> bits) != 0)
    return cx_p_error_at(p, at, "hexadecimal float constant out of range for type '%s'",
                         cx_elem_name(e));
  return NULL;
}

// Stores a real float of element kind e.
static void store_float(cx_elem_t e, const number_t* n, uint8_t* dst) {
  if (n->is_hex) {
    // A hex literal is the bit pattern of the element; tf32's 19 bits are
    // the top bits of its f32 storage.
    uint64_t b = e == CX_ELEM_TF32 ? n->bits << 13 : n->bits;
    switch (cx_elem_storage_size(e)) {
      case 1: { uint8_t x = (uint8_t)b; memcpy(dst, &x, 1); break; }
      case 2: { uint16_t x = (uint16_t)b; memcpy(dst, &x, 2); break; }
      case 4: { uint32_t x = (uint32_t)b; memcpy(dst, &x, 4); break; }
      default: memcpy(dst, &b, 8); break;
    }
    return;
  }
  switch (e) {
    case CX_ELEM_F64:
      memcpy(dst, &n->value, 8);
      return;
    case CX_ELEM_F32:
      memcpy(dst, &n->value_f32, 4);
      return;
    case CX_ELEM_TF32: {
      uint32_t b = (uint32_t)cx_float_encode(CX_FF_TF32, n->value);
      // tf32 is stored as an f32 with the low 13 mantissa bits clear.
      uint32_t as_f32 = b << 13;
      memcpy(dst, &as_f32, 4);
      return;
    }
    default: {
      uint64_t b = cx_float_encode(float_format(e), n->value);
      if (cx_elem_storage_size(e) == 2) {
        uint16_t x = (uint16_t)b;
        memcpy(dst, &x, 2);
      } else {
        uint8_t x = (uint8_t)b;
        memcpy(dst, &x, 1);
      }
    }
  }
}

static cx_status_t parse_element(cx_parser_t* p, dense_state_t* s, uint8_t* dst) {
  cx_p_skip_ws(p);
  const char* at = p->cur;
  cx_elem_t e = s->elem;
  if (cx_elem_is_complex(e)) {
    cx_elem_t part = cx_elem_complex_component(e);
    size_t half = s->esize / 2;
    if (!cx_p_accept(p, '(')) return cx_p_error(p, "expected complex element '(re, im)'");
    number_t re, im;
    CX_RETURN_IF_ERROR(read_number(p, &re));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
    CX_RETURN_IF_ERROR(read_number(p, &im));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
    CX_RETURN_IF_ERROR(check_hex_float(p, part, &re, at));
    CX_RETURN_IF_ERROR(check_hex_float(p, part, &im, at));
    store_float(part, &re, dst);
    store_float(part, &im, dst + half);
    return NULL;
  }
  number_t n;
  CX_RETURN_IF_ERROR(read_number(p, &n));
  if (cx_elem_is_float(e)) {
    CX_RETURN_IF_ERROR(check_hex_float(p, e, &n, at));
    store_float(e, &n, dst);
    return NULL;
  }
  return store_int(p, s, &n, dst, at);
}

static cx_status_t parse_nested(cx_parser_t* p, dense_state_t* s, uint32_t depth) {
  uint32_t rank = s->type->tensor.rank;
  if (depth == rank) {
    if (s->count >= s->capacity) return cx_p_error(p, "too many elements for the tensor type");
    CX_RETURN_IF_ERROR(parse_element(p, s, s->data + (size_t)s->count * s->esize));
    s->count++;
    return NULL;
  }
  const char* at = p->cur;
  if (!cx_p_accept(p, '['))
    return cx_p_error(p, "expected '[' (the element list is nested less deeply than the tensor's "
                      "rank %u)", rank);
  int64_t want = s->type->tensor.dims[depth];
  int64_t got = 0;
  if (!cx_p_accept(p, ']')) {
    do {
      CX_RETURN_IF_ERROR(parse_nested(p, s, depth + 1));
      got++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ']'));
  }
  if (got != want)
    return cx_p_error_at(p, at, "dimension %u of the elements literal has %lld elements but the "
                         "type has %lld", depth, (long long)got, (long long)want);
  return NULL;
}

// MLIR stores a dense literal whose elements are all equal as a splat, so
// `dense<[1, 1]>` and `dense<"0x0100000001000000">` are the attribute
// `dense<1>` and print that way. Doing the same keeps the printed form
// canonical and makes both spellings compare equal. The scan stops at the
// first differing element, so non-splat data costs almost nothing.
static bool all_elements_equal(const uint8_t* data, size_t nbytes, size_t esize) {
  if (!esize || nbytes <= esize || nbytes % esize) return false;
  for (size_t off = esize; off < nbytes; off += esize)
    if (memcmp(data, data + off, esize) != 0) return false;
  return true;
}

static const cx_attr_t* make_dense(cx_parser_t* p, const cx_type_t* type, const uint8_t* data,
                                   size_t nbytes, size_t esize, bool splat) {
  if (!splat && all_elements_equal(data, nbytes, esize)) {
    splat = true;
    nbytes = esize;
  }
  return cx_attr_dense(&p->module->arena, type, data, nbytes, splat, true);
}

// Hex blobs hold each element's bits in its storage slot, but only the
// element's own bits count (MLIR writes an i4's -1 as 0x0F, cxla stores it
// sign-extended as 0xFF). Bring the bytes into cxla's storage layout (see
// ir/types.h) so that equal values have equal bytes: i1 as 0/1, 2- and 4-bit
// integers sign- or zero-extended, sub-byte floats in the low bits, tf32
// with its low 13 mantissa bits clear.
static void normalize_storage(cx_elem_t e, uint8_t* data, size_t nbytes) {
  int bits = cx_elem_bit_width(e);
  if (e == CX_ELEM_I1) {
    for (size_t i = 0; i < nbytes; i++) data[i] = data[i] != 0;
  } else if (bits < 8 && cx_elem_is_signed_int(e)) {
    for (size_t i = 0; i < nbytes; i++) {
      uint8_t v = data[i] & (uint8_t)((1u << bits) - 1);
      if (v >> (bits - 1)) v |= (uint8_t)(0xFFu << bits);
      data[i] = v;
    }
  } else if (bits < 8) {
    // Unsigned sub-byte integers and f4/f6 floats.
    for (size_t i = 0; i < nbytes; i++) data[i] &= (uint8_t)((1u << bits) - 1);
  } else if (e == CX_ELEM_TF32) {
    for (size_t i = 0; i + 4 <= nbytes; i += 4) {
      data[i] = 0;  // little-endian: the low 13 bits are byte 0 and 5 bits of byte 1
      data[i + 1] &= 0xE0;
    }
  }
}

static cx_status_t parse_hex_blob(cx_parser_t* p, dense_state_t* s, const cx_attr_t** out) {
  const char* at = p->cur;
  const char* q = p->cur + 1;  // after the opening quote
  if ((size_t)(p->end - q) < 2 || q[0] != '0' || (q[1] != 'x' && q[1] != 'X'))
    return cx_p_error(p, "expected hex string \"0x...\" (string elements are not supported)");
  q += 2;
  const char* hex = q;
  const char* close = memchr(q, '"', (size_t)(p->end - q));
  if (!close) return cx_p_error_at(p, at, "unterminated hex string");
  size_t digits = (size_t)(close - hex);
  if (digits % 2) return cx_p_error_at(p, at, "hex string has an odd number of digits");
  size_t nbytes = digits / 2;
  int64_t n = s->capacity;
  size_t full = (size_t)n * s->esize;
  bool splat;
  bool bitpacked = false;
  // One byte for several i1 elements is a splat in MLIR's byte layout when
  // it is 0x00/0x01 (0xFF: older MLIR's true), and bit-packed otherwise.
  bool i1_packed_byte = false;
  if (s->elem == CX_ELEM_I1 && nbytes == 1 && n > 1) {
    int hi = HEX_DIGIT(hex[0]), lo = HEX_DIGIT(hex[1]);
    if (hi >= 0 && lo >= 0) {  // bad digits are reported below
      int byte = hi << 4 | lo;
      i1_packed_byte = byte != 0x00 && byte != 0x01 && byte != 0xFF;
    }
  }
  if (nbytes == full) {
    splat = false;
  } else if (nbytes == s->esize && n > 0 && !i1_packed_byte) {
    splat = true;
  } else if (s->elem == CX_ELEM_I1 && nbytes == ((size_t)n + 7) / 8) {
    splat = false;
    bitpacked = true;  // older MLIR packs i1 elements as bits
  } else {
    return cx_p_error_at(p, at, "hex data has %zu bytes but the type needs %zu (or %zu for a "
                         "splat)", nbytes, full, s->esize);
  }
  // Large constants are module payloads (ir.h), given back when a pass
  // replaces them.
  uint8_t* data = cx_module_payload_alloc(p->module, nbytes);
  if (!data) return CX_OOM();
  const unsigned char* h = (const unsigned char*)hex;
  // A large blob's text is given back as it is decoded, a chunk at a time
  // (a 9 MiB weight is 18 MiB of text: given back only at the end, the
  // text of the one being decoded sat next to every weight decoded before).
  // Each chunk's range reaches back 64 KiB, over the page the previous one
  // ended in (cx_p_drop_text gives back whole pages only).
  bool drop = digits >= ((size_t)1 << 20);
  enum { kDecodeChunk = 256 << 10, kPageOverlap = 64 << 10 };
  for (size_t i = 0; i < nbytes;) {
    size_t start = i, stop = nbytes - i > kDecodeChunk ? i + kDecodeChunk : nbytes;
    for (; i < stop; i++) {
      int hi = HEX_DIGIT(h[2 * i]), lo = HEX_DIGIT(h[2 * i + 1]);
      if ((hi | lo) < 0) return cx_p_error_at(p, hex + 2 * i, "invalid hex digit");
      data[i] = (uint8_t)(hi << 4 | lo);
    }
    size_t from = 2 * start > kPageOverlap ? 2 * start - kPageOverlap : 0;
    if (drop) cx_p_drop_text(p, hex + from, hex + 2 * i);
  }
  if (bitpacked) {
    uint8_t* bytes = cx_module_payload_alloc(p->module, (size_t)n);
    if (!bytes) return CX_OOM();
    for (int64_t i = 0; i < n; i++) bytes[i] = (data[i / 8] >> (i % 8)) & 1;
    data = bytes;
    nbytes = (size_t)n;
  }
  normalize_storage(s->elem, data, nbytes);
  if (drop) cx_p_drop_text(p, hex, close);  // decoded: read no more
  p->cur = close + 1;
  if (cx_p_peek(p) != 0 && p->cur < p->end)
    return cx_p_error(p, "unexpected text after hex string");
  *out = make_dense(p, s->type, data, nbytes, s->esize, splat);
  return *out ? NULL : CX_OOM();
}

cx_status_t cx_p_dense_body(cx_parser_t* p, const cx_type_t* type, const char* body_begin,
                            const char* body_end, const cx_attr_t** out) {
  dense_state_t s;
  memset(&s, 0, sizeof(s));
  s.type = type;
  s.elem = cx_tensor_elem(type);
  s.esize = cx_elem_storage_size(s.elem);
  s.capacity = cx_tensor_num_elements(type);
  if (s.capacity < 0) return cx_p_error_at(p, body_begin, "tensor type is too large");
  if (cx_tensor_is_quantized(type)) {
    // Quantized constants hold storage values.
  }
  // Restrict the cursor to the body so nothing past '>' is read.
  const char* saved_end = p->end;
  p->end = body_end;
  cx_status_t st = NULL;
  char c = cx_p_peek(p);
  if (c == 0 && p->cur < p->end) {
    st = cx_p_error(p, "unexpected NUL character");
  } else if (c == 0) {
    if (s.capacity != 0)
      st = cx_p_error_at(p, body_begin, "empty elements literal for a non-empty tensor");
    else
      *out = cx_attr_dense(&p->module->arena, type, NULL, 0, false, false);
    if (!st && !*out) st = CX_OOM();
  } else if (c == '"') {
    st = parse_hex_blob(p, &s, out);
  } else {
    bool splat = c != '[' && type->tensor.rank > 0;
    size_t bytes;
    int64_t slots = splat ? 1 : s.capacity;
    if (!cx_mul_size((size_t)slots, s.esize, &bytes)) {
      st = CX_OOM();
    } else if (slots > body_end - body_begin && bytes > (1u << 20)) {
      // Every element takes at least one character: a type larger than the
      // literal cannot match it, and must not allocate what it declares
      // (tensor<4000000000xf32> with a short list). Small mismatches go on
      // to parse_nested, whose message names the dimension.
      st = cx_p_error_at(p, body_begin,
                         "elements literal of %lld characters cannot hold the type's %lld "
                         "elements",
                         (long long)(body_end - body_begin), (long long)slots);
    } else {
      s.data = cx_module_payload_alloc(p->module, bytes);
      if (!s.data) st = CX_OOM();
    }
    if (!st && splat) {
      if (s.capacity == 0) {
        // A splat of an empty tensor: nothing to store, but the literal must
        // still be well formed.
        uint8_t tmp[16];
        st = parse_element(p, &s, tmp);
        s.data = NULL;
        bytes = 0;
      } else {
        st = parse_element(p, &s, s.data);
      }
    } else if (!st) {
      s.capacity = slots;
      st = parse_nested(p, &s, 0);
      if (!st && s.count != slots)
        st = cx_p_error_at(p, body_begin, "elements literal has %lld elements but the type has "
                           "%lld", (long long)s.count, (long long)slots);
    }
    if (!st && cx_p_peek(p) != 0) st = cx_p_error(p, "unexpected text in elements literal");
    if (!st) {
      *out = make_dense(p, type, s.data, bytes, s.esize, splat && s.capacity > 0);
      if (!*out) st = CX_OOM();
    }
  }
  p->end = saved_end;
  return st;
}
