// Parsing types: element types, tensors (with bounds encodings), quantized
// types, tuples, tokens, function types, and types of other dialects (kept
// as opaque text).
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/parser.h"

typedef struct elem_spelling {
  const char* name;
  cx_elem_t elem;
  bool signless;
} elem_spelling_t;

static const elem_spelling_t kElemSpellings[] = {
    {"i1", CX_ELEM_I1, true},
    {"i2", CX_ELEM_SI2, true},
    {"i4", CX_ELEM_SI4, true},
    {"i8", CX_ELEM_SI8, true},
    {"i16", CX_ELEM_SI16, true},
    {"i32", CX_ELEM_SI32, true},
    {"i64", CX_ELEM_SI64, true},
    {"si2", CX_ELEM_SI2, false},
    {"si4", CX_ELEM_SI4, false},
    {"si8", CX_ELEM_SI8, false},
    {"si16", CX_ELEM_SI16, false},
    {"si32", CX_ELEM_SI32, false},
    {"si64", CX_ELEM_SI64, false},
    {"ui2", CX_ELEM_UI2, false},
    {"ui4", CX_ELEM_UI4, false},
    {"ui8", CX_ELEM_UI8, false},
    {"ui16", CX_ELEM_UI16, false},
    {"ui32", CX_ELEM_UI32, false},
    {"ui64", CX_ELEM_UI64, false},
    {"f4E2M1FN", CX_ELEM_F4E2M1FN, false},
    {"f6E2M3FN", CX_ELEM_F6E2M3FN, false},
    {"f6E3M2FN", CX_ELEM_F6E3M2FN, false},
    {"f8E3M4", CX_ELEM_F8E3M4, false},
    {"f8E4M3", CX_ELEM_F8E4M3, false},
    {"f8E4M3FN", CX_ELEM_F8E4M3FN, false},
    {"f8E4M3FNUZ", CX_ELEM_F8E4M3FNUZ, false},
    {"f8E4M3B11FNUZ", CX_ELEM_F8E4M3B11FNUZ, false},
    {"f8E5M2", CX_ELEM_F8E5M2, false},
    {"f8E5M2FNUZ", CX_ELEM_F8E5M2FNUZ, false},
    {"f8E8M0FNU", CX_ELEM_F8E8M0FNU, false},
    {"bf16", CX_ELEM_BF16, false},
    {"f16", CX_ELEM_F16, false},
    {"tf32", CX_ELEM_TF32, false},
    {"f32", CX_ELEM_F32, false},
    {"f64", CX_ELEM_F64, false},
    {"index", CX_ELEM_INDEX, false},
};

// Looks up a scalar type spelling; CX_ELEM_INVALID if none.
static cx_elem_t elem_lookup(const char* s, size_t len, bool* signless) {
  for (size_t i = 0; i < sizeof(kElemSpellings) / sizeof(kElemSpellings[0]); i++) {
    const char* n = kElemSpellings[i].name;
    // The first-character test skips most entries without a strlen.
    if (n[0] == s[0] && strlen(n) == len && memcmp(n, s, len) == 0) {
      *signless = kElemSpellings[i].signless;
      return kElemSpellings[i].elem;
    }
  }
  return CX_ELEM_INVALID;
}

static bool is_type_ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

// Reads an element-type keyword at the cursor without consuming a trailing
// 'x' of a shape (shapes are handled by the tensor parser).
static bool read_word(cx_parser_t* p, const char** out, size_t* len) {
  cx_p_skip_ws(p);
  const char* c = p->cur;
  if (c >= p->end || !isalpha((unsigned char)*c)) return false;
  while (c < p->end && is_type_ident_char(*c)) c++;
  *out = p->cur;
  *len = (size_t)(c - p->cur);
  return true;
}

static cx_status_t parse_complex(cx_parser_t* p, const cx_type_t** out) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
  const cx_type_t* inner;
  CX_RETURN_IF_ERROR(cx_p_type(p, &inner));
  CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  cx_elem_t e = cx_type_elem(inner);
  if (!cx_type_is_element(inner) || (e != CX_ELEM_F32 && e != CX_ELEM_F64))
    return cx_p_error_at(p, at, "cxla supports complex<f32> and complex<f64> only");
  *out = cx_type_element(p->ctx, e == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_C128);
  return *out ? NULL : CX_OOM();
}

// quant-type ::= `!quant.uniform<` storage (`<` min `:` max `>`)? `:` expressed
//                (`:` axis)? `,` (scale-zp | `{` scale-zp (`,` scale-zp)* `}`) `>`
// scale-zp   ::= float (`:` int)?
static cx_status_t parse_quant(cx_parser_t* p, const cx_type_t** out) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
  const char* w;
  size_t wl;
  if (!read_word(p, &w, &wl) || wl < 2 || (w[0] != 'i' && w[0] != 'u'))
    return cx_p_error(p, "expected quantized storage type (e.g. i8 or u8)");
  bool is_unsigned = w[0] == 'u';
  // The width's digits end with the word, which need not be followed by a
  // NUL byte (atoi read past the input's end).
  int bits = 0;
  for (size_t i = 1; i < wl; i++) {
    if (w[i] < '0' || w[i] > '9' || bits > 64) {
      bits = 0;  // not a width cxla knows: the error below
      break;
    }
    bits = bits * 10 + (w[i] - '0');
  }
  p->cur += wl;
  cx_elem_t storage_elem;
  switch (bits) {
    case 2: storage_elem = is_unsigned ? CX_ELEM_UI2 : CX_ELEM_SI2; break;
    case 4: storage_elem = is_unsigned ? CX_ELEM_UI4 : CX_ELEM_SI4; break;
    case 8: storage_elem = is_unsigned ? CX_ELEM_UI8 : CX_ELEM_SI8; break;
    case 16: storage_elem = is_unsigned ? CX_ELEM_UI16 : CX_ELEM_SI16; break;
    case 32: storage_elem = is_unsigned ? CX_ELEM_UI32 : CX_ELEM_SI32; break;
    default: return cx_p_error_at(p, w, "unsupported quantized storage width %d", bits);
  }
  int64_t smin, smax;
  if (is_unsigned) {
    smin = 0;
    smax = (int64_t)((1ull << bits) - 1);
  } else {
    smin = -(int64_t)(1ull << (bits - 1));
    smax = (int64_t)((1ull << (bits - 1)) - 1);
  }
  int64_t dmin = smin, dmax = smax;
  if (cx_p_accept(p, '<')) {
    CX_RETURN_IF_ERROR(cx_p_int(p, &smin));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
    CX_RETURN_IF_ERROR(cx_p_int(p, &smax));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
    if (smin < dmin || smax > dmax || smin > smax)
      return cx_p_error_at(p, w, "illegal storage type range [%lld, %lld]", (long long)smin,
                           (long long)smax);
  }
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const cx_type_t* expressed;
  CX_RETURN_IF_ERROR(cx_p_type(p, &expressed));
  if (!cx_type_is_element(expressed) || !cx_elem_is_float(cx_type_elem(expressed)))
    return cx_p_error_at(p, at, "quantized expressed type must be a float type");
  int32_t axis = CX_QUANT_PER_TENSOR;
  if (cx_p_accept(p, ':')) {
    int64_t a;
    CX_RETURN_IF_ERROR(cx_p_int(p, &a));
    if (a < 0 || a > 1 << 20) return cx_p_error(p, "invalid quantized dimension");
    axis = (int32_t)a;
  }
  CX_RETURN_IF_ERROR(cx_p_expect(p, ','));
  double scales_small[64];
  int64_t zps_small[64];
  double* scales = scales_small;
  int64_t* zps = zps_small;
  uint32_t n = 0, cap = 64;
  bool braced = cx_p_accept(p, '{');
  if (axis != CX_QUANT_PER_TENSOR && !braced)
    return cx_p_error(p, "per-axis quantization needs a {scale:zero_point, ...} list");
  cx_status_t st = NULL;
  do {
    if (n == cap) {
      double* s2 = cx_alloc(p->ctx->allocator, sizeof(double) * cap * 2);
      int64_t* z2 = cx_alloc(p->ctx->allocator, sizeof(int64_t) * cap * 2);
      if (!s2 || !z2) {
        cx_free(p->ctx->allocator, s2);
        cx_free(p->ctx->allocator, z2);
        st = CX_OOM();
        break;
      }
      memcpy(s2, scales, sizeof(double) * n);
      memcpy(z2, zps, sizeof(int64_t) * n);
      if (scales != scales_small) {
        cx_free(p->ctx->allocator, scales);
        cx_free(p->ctx->allocator, zps);
      }
      scales = s2;
      zps = z2;
      cap *= 2;
    }
    const char* scale_at = p->cur;
    if (cx_p_peek(p) == '0' && p->cur + 1 < p->end && (p->cur[1] == 'x' || p->cur[1] == 'X')) {
      // A scale with no short exact decimal form prints as its f64 bit
      // pattern, as MLIR's parseFloat reads it back.
      int64_t pattern;
      if ((st = cx_p_int(p, &pattern))) break;
      memcpy(&scales[n], &pattern, sizeof(double));
    } else if ((st = cx_p_float(p, &scales[n]))) {
      break;
    }
    // As MLIR's quant dialect: a scale is a positive finite number.
    if (!(scales[n] > 0) || isinf(scales[n])) {
      st = cx_p_error_at(p, scale_at, "illegal scale: must be positive and finite");
      break;
    }
    zps[n] = 0;
    if (cx_p_accept(p, ':') && (st = cx_p_int(p, &zps[n]))) break;
    n++;
  } while (braced && cx_p_accept(p, ','));
  if (!st && braced) st = cx_p_expect(p, '}');
  if (!st) st = cx_p_expect(p, '>');
  if (!st) {
    const cx_type_t* storage = cx_type_element_ex(p->ctx, storage_elem, !is_unsigned);
    bool explicit_range = smin != dmin || smax != dmax;
    *out = storage ? cx_type_quant(p->ctx, storage, expressed, smin, smax, explicit_range, axis, n,
                                   scales, zps)
                   : NULL;
    if (!*out) st = CX_OOM();
  }
  if (scales != scales_small) {
    cx_free(p->ctx->allocator, scales);
    cx_free(p->ctx->allocator, zps);
  }
  return st;
}

// Tensor dims are decimal integers or '?', each followed by 'x'. (A generic
// integer parser would read "0xf32" as hex.)
static bool read_dim(cx_parser_t* p, int64_t* out, bool* ok) {
  cx_p_skip_ws(p);
  const char* c = p->cur;
  if (c < p->end && *c == '?') {
    if (c + 1 < p->end && c[1] == 'x') {
      *out = CX_DYNAMIC_DIM;
      p->cur = c + 2;
      return true;
    }
    return false;
  }
  if (c >= p->end || !isdigit((unsigned char)*c)) return false;
  uint64_t v = 0;
  while (c < p->end && isdigit((unsigned char)*c)) {
    v = v * 10 + (uint64_t)(*c - '0');
    if (v > ((uint64_t)1 << 62)) *ok = false;
    c++;
  }
  if (c >= p->end || *c != 'x') return false;
  *out = (int64_t)v;
  p->cur = c + 1;
  return true;
}

extern const cx_attr_t* cx_attr_persist_encoding(cx_context_t* ctx, const cx_attr_t* a);

static cx_status_t parse_tensor(cx_parser_t* p, const cx_type_t** out) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
  if (cx_p_peek(p) == '*') return cx_p_error(p, "unranked tensors are not supported by StableHLO");
  int64_t dims[64];
  uint32_t rank = 0;
  bool ok = true;
  int64_t d;
  while (read_dim(p, &d, &ok)) {
    if (rank == 64) return cx_p_error_at(p, at, "tensor rank above 64 is not supported");
    dims[rank++] = d;
  }
  if (!ok) return cx_p_error_at(p, at, "tensor dimension size too large");
  const cx_type_t* elem;
  const char* elem_at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_type(p, &elem));
  if (elem->kind != CX_TYPE_ELEMENT && elem->kind != CX_TYPE_QUANT)
    return cx_p_error_at(p, elem_at, "invalid tensor element type");
  const cx_attr_t* encoding = NULL;
  if (cx_p_accept(p, ',')) {
    const cx_attr_t* a;
    CX_RETURN_IF_ERROR(cx_p_attr(p, &a));
    encoding = cx_attr_persist_encoding(p->ctx, a);
    if (!encoding) return CX_OOM();
  }
  CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  *out = cx_type_tensor(p->ctx, elem, rank, dims, encoding);
  return *out ? NULL : CX_OOM();
}

static cx_status_t parse_tuple(cx_parser_t* p, const cx_type_t** out) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
  // Any number of elements: the list grows in the module's arena (the
  // interned type copies it).
  const cx_type_t** items = NULL;
  uint32_t n = 0, cap = 0;
  if (!cx_p_accept(p, '>')) {
    do {
      if (n == cap) {
        if (cap > UINT32_MAX / 4) return CX_OOM();
        uint32_t nc = cap ? 2 * cap : 16;
        const cx_type_t** grown = CX_ARENA_ARRAY(&p->module->arena, const cx_type_t*, nc);
        if (!grown) return CX_OOM();
        if (n) memcpy(grown, items, n * sizeof(*items));
        items = grown;
        cap = nc;
      }
      CX_RETURN_IF_ERROR(cx_p_type(p, &items[n]));
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  }
  *out = cx_type_tuple(p->ctx, n, items);
  return *out ? NULL : CX_OOM();
}

// An opaque type: the sigil and name were consumed starting at `start`;
// include an optional balanced <...> body.
static cx_status_t parse_opaque(cx_parser_t* p, const char* start, const cx_type_t** out) {
  if (p->cur < p->end && *p->cur == '<') CX_RETURN_IF_ERROR(cx_p_skip_balanced(p));
  *out = cx_type_opaque(p->ctx, start, (size_t)(p->cur - start));
  return *out ? NULL : CX_OOM();
}

bool cx_p_peek_type(cx_parser_t* p) {
  char c = cx_p_peek(p);
  if (c == '!' || c == '(') return true;
  const char* w;
  size_t n;
  if (!read_word(p, &w, &n)) return false;
  bool signless;
  if (elem_lookup(w, n, &signless) != CX_ELEM_INVALID) return true;
  return (n == 6 && (!memcmp(w, "tensor", 6) || !memcmp(w, "memref", 6))) ||
         (n == 5 && !memcmp(w, "tuple", 5)) || (n == 7 && !memcmp(w, "complex", 7)) ||
         (n == 4 && !memcmp(w, "none", 4));
}

cx_status_t cx_p_type(cx_parser_t* p, const cx_type_t** out) {
  CX_RETURN_IF_ERROR(cx_p_nest(p, &p->depth, "type"));
  cx_status_t st = NULL;
  char c = cx_p_peek(p);
  const char* start = p->cur;
  if (c == '(') {
    st = cx_p_function_type(p, out);
  } else if (c == '!') {
    const char* n = p->cur + 1;
    while (n < p->end && (isalnum((unsigned char)*n) || *n == '_' || *n == '.' || *n == '$'))
      n++;
    size_t len = (size_t)(n - start);
    cx_alias_t* alias;
    st = cx_p_resolve_alias(p, start, len, &alias);
    if (!st && alias) {
      p->cur = n;
      if (!alias->is_type) st = cx_p_error_at(p, start, "'%.*s' is not a type", (int)len, start);
      else *out = alias->type;
    } else if (!st) {
      p->cur = n;
      if (len == 16 && memcmp(start, "!stablehlo.token", 16) == 0) {
        *out = cx_type_token(p->ctx);
        if (!*out) st = CX_OOM();
      } else if (len == 14 && memcmp(start, "!quant.uniform", 14) == 0) {
        st = parse_quant(p, out);
      } else if (len > 1 && !memchr(start, '.', len) && (n == p->end || *n != '<')) {
        // `!name` without a dialect prefix or a '<...>' body can only be an
        // alias reference.
        st = cx_p_error_at(p, start, "undefined type alias '%.*s'", (int)len, start);
      } else if (len > 1) {
        st = parse_opaque(p, start, out);
      } else {
        st = cx_p_error_at(p, start, "expected type name after '!'");
      }
    }
  } else {
    const char* w;
    size_t n;
    if (!read_word(p, &w, &n)) {
      st = cx_p_error(p, "expected type");
    } else {
      bool signless;
      // Tensor types are by far the most common; try them first.
      bool is_tensor = n == 6 && !memcmp(w, "tensor", 6);
      cx_elem_t e = is_tensor ? CX_ELEM_INVALID : elem_lookup(w, n, &signless);
      p->cur = w + n;
      if (is_tensor) {
        st = parse_tensor(p, out);
      } else if (e != CX_ELEM_INVALID) {
        *out = cx_type_element_ex(p->ctx, e, signless);
        if (!*out) st = CX_OOM();
      } else if (n == 6 && !memcmp(w, "tensor", 6)) {
        st = parse_tensor(p, out);
      } else if (n == 5 && !memcmp(w, "tuple", 5)) {
        st = parse_tuple(p, out);
      } else if (n == 7 && !memcmp(w, "complex", 7)) {
        st = parse_complex(p, out);
      } else if (n == 4 && !memcmp(w, "none", 4)) {
        *out = cx_type_none(p->ctx);
        if (!*out) st = CX_OOM();
      } else if ((n == 6 && !memcmp(w, "memref", 6)) || (n == 6 && !memcmp(w, "vector", 6))) {
        st = parse_opaque(p, w, out);
      } else if (w[0] == 'i' || w[0] == 'u' || (n > 1 && w[0] == 's' && w[1] == 'i')) {
        st = cx_p_error_at(p, w, "unsupported integer type '%.*s'", (int)n, w);
      } else {
        st = cx_p_error_at(p, w, "unknown type '%.*s'", (int)n, w);
      }
    }
  }
  p->depth--;
  return st;
}

// Parses a type list into `buf` (room for `cap`), moving it to the
// parser's temporaries only when it outgrows that.
static cx_status_t type_list_into(cx_parser_t* p, bool parenthesised, const cx_type_t** buf,
                                  uint32_t cap, const cx_type_t*** out, uint32_t* out_len) {
  if (parenthesised) CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  uint32_t n = 0;
  const cx_type_t** types = buf;
  if (!(parenthesised && cx_p_accept(p, ')'))) {
    do {
      if (!CX_P_TMP_GROW(p, types, cap, n)) return CX_OOM();
      CX_RETURN_IF_ERROR(cx_p_type(p, &types[n]));
      n++;
    } while (cx_p_accept(p, ','));
    if (parenthesised) CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  }
  *out = types;
  *out_len = n;
  return NULL;
}

cx_status_t cx_p_type_list(cx_parser_t* p, bool parenthesised, const cx_type_t*** out,
                           uint32_t* out_len) {
  const cx_type_t** types = CX_P_TMP_ARRAY(p, const cx_type_t*, 8);
  if (!types) return CX_OOM();
  return type_list_into(p, parenthesised, types, 8, out, out_len);
}

// Result types (a parenthesised list or one type) into `buf` (room for
// `cap` >= 1), as type_list_into.
static cx_status_t result_types_into(cx_parser_t* p, const cx_type_t** buf, uint32_t cap,
                                     const cx_type_t*** out, uint32_t* out_len) {
  if (cx_p_peek(p) == '(') {
    // "(a, b)" is a result list unless it is itself a function type
    // "(a) -> b" used as a single result; StableHLO ops never return
    // functions, so a parenthesised list is always a list.
    return type_list_into(p, true, buf, cap, out, out_len);
  }
  CX_RETURN_IF_ERROR(cx_p_type(p, &buf[0]));
  *out = buf;
  *out_len = 1;
  return NULL;
}

cx_status_t cx_p_result_types(cx_parser_t* p, const cx_type_t*** out, uint32_t* out_len) {
  const cx_type_t** types = CX_P_TMP_ARRAY(p, const cx_type_t*, 8);
  if (!types) return CX_OOM();
  return result_types_into(p, types, 8, out, out_len);
}

cx_status_t cx_p_function_type(cx_parser_t* p, const cx_type_t** out) {
  // The lists only feed cx_type_function, which copies them into the
  // context: short ones stay on the stack instead of costing the module
  // ~130 bytes per op (most ops spell a function type).
  const cx_type_t* input_buf[16];
  const cx_type_t* result_buf[8];
  const cx_type_t** inputs;
  uint32_t num_inputs;
  CX_RETURN_IF_ERROR(type_list_into(p, true, input_buf, 16, &inputs, &num_inputs));
  CX_RETURN_IF_ERROR(cx_p_expect_str(p, "->"));
  const cx_type_t** results;
  uint32_t num_results;
  CX_RETURN_IF_ERROR(result_types_into(p, result_buf, 8, &results, &num_results));
  *out = cx_type_function(p->ctx, num_inputs, inputs, num_results, results);
  return *out ? NULL : CX_OOM();
}
