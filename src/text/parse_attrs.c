// Parsing attributes: builtin attributes (integers, floats, strings, arrays,
// dictionaries, dense and dense_resource elements, array<...>, symbols, type
// attributes), StableHLO/CHLO enums and structured attributes, locations.
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support/float_formats.h"
#include "text/parse_formats.h"
#include "text/parser.h"

#include "ir/location.h"

static cx_arena_t* arena_of(cx_parser_t* p) { return &p->module->arena; }

// ----------------------------------------------------------------------------
// Numbers.

// Scans a numeric literal at the cursor and tells whether it is a float.
static bool literal_is_float(cx_parser_t* p) {
  const char* c = p->cur;
  if (c < p->end && (*c == '-' || *c == '+')) c++;
  if ((size_t)(p->end - c) >= 3 && (!strncmp(c, "inf", 3) || !strncmp(c, "nan", 3))) return true;
  if (c + 1 < p->end && c[0] == '0' && (c[1] == 'x' || c[1] == 'X')) return false;
  while (c < p->end && isdigit((unsigned char)*c)) c++;
  return c < p->end && (*c == '.' || *c == 'e' || *c == 'E');
}

static bool literal_is_hex(cx_parser_t* p) {
  const char* c = p->cur;
  if (c < p->end && (*c == '-' || *c == '+')) c++;
  return c + 1 < p->end && c[0] == '0' && (c[1] == 'x' || c[1] == 'X');
}

// Checks that v fits the integer type's range (unsigned values arrive with
// their bit pattern in v).
static bool int_fits(cx_elem_t e, int64_t v, bool was_negative) {
  int bits = cx_elem_bit_width(e);
  if (e == CX_ELEM_INDEX) return true;
  if (e == CX_ELEM_I1) return v == 0 || v == 1 || v == -1;
  if (cx_elem_is_unsigned_int(e)) {
    if (was_negative) return false;
    return bits == 64 || (uint64_t)v < (1ull << bits);
  }
  if (bits == 64) return true;
  int64_t lo = -(int64_t)(1ull << (bits - 1)), hi = (int64_t)(1ull << (bits - 1)) - 1;
  return v >= lo && v <= hi;
}

// A float attribute holds a value of its type (as MLIR's FloatAttr does):
// `1.0e-6 : f32` is the f32 nearest to 1e-6. Keeping the unrounded double
// would print differently from MLIR and not survive a round trip.
static double round_to_type(cx_elem_t e, double v) {
  if (e == CX_ELEM_F64 || isnan(v)) return v;
  if (e == CX_ELEM_F32) return (double)(float)v;
  cx_float_format_t f = (cx_float_format_t)(e - CX_ELEM_F4E2M1FN);
  return cx_float_decode(f, cx_float_encode(f, v));
}

static cx_status_t parse_number_attr(cx_parser_t* p, const cx_type_t* type, const cx_attr_t** out) {
  const char* at = p->cur;
  bool is_float = literal_is_float(p);
  bool is_hex = literal_is_hex(p);
  bool negative = *p->cur == '-';
  double fv = 0;
  int64_t iv = 0;
  if (is_float) {
    CX_RETURN_IF_ERROR(cx_p_float(p, &fv));
  } else {
    CX_RETURN_IF_ERROR(cx_p_int(p, &iv));
  }
  if (cx_p_accept(p, ':')) CX_RETURN_IF_ERROR(cx_p_type(p, &type));
  if (!type) {
    type = cx_type_element(p->ctx, is_float ? CX_ELEM_F64 : CX_ELEM_SI64);
    if (!type) return CX_OOM();
  }
  cx_elem_t e = cx_type_elem(type);
  if (!cx_type_is_element(type)) return cx_p_error_at(p, at, "numeric attribute needs a scalar type");
  if (cx_elem_is_float(e)) {
    if (is_hex) {
      // Hex literals of float attributes are bit patterns of the type's
      // width; wider ones (or signed ones) would be silently truncated.
      int width = cx_elem_bit_width(e);
      if (negative)
        return cx_p_error_at(p, at, "hexadecimal float literal should not have a leading minus "
                             "sign");
      if (width < 64 && ((uint64_t)iv >> width) != 0)
        return cx_p_error_at(p, at, "hexadecimal float constant out of range for type '%s'",
                             cx_elem_name(e));
      if (e == CX_ELEM_F64) {
        memcpy(&fv, &iv, sizeof(fv));
      } else if (e == CX_ELEM_F32) {
        uint32_t bits = (uint32_t)iv;
        float f;
        memcpy(&f, &bits, sizeof(f));
        fv = f;
      } else {
        fv = cx_float_decode((cx_float_format_t)(e - CX_ELEM_F4E2M1FN), (uint64_t)iv);
      }
    } else if (!is_float) {
      fv = (double)iv;
    }
    *out = cx_attr_float(arena_of(p), type, round_to_type(e, fv));
  } else if (cx_elem_is_integer(e) || e == CX_ELEM_INDEX) {
    if (is_float) return cx_p_error_at(p, at, "expected an integer literal for an integer type");
    if (!int_fits(e, iv, negative))
      return cx_p_error_at(p, at, "integer constant out of range for type '%s'", cx_elem_name(e));
    if (e == CX_ELEM_I1) iv = iv != 0;
    *out = cx_attr_integer(arena_of(p), type, iv);
  } else {
    return cx_p_error_at(p, at, "invalid type for a numeric attribute");
  }
  return *out ? NULL : CX_OOM();
}

// ----------------------------------------------------------------------------
// array<T: ...>

static cx_status_t parse_dense_array(cx_parser_t* p, const cx_attr_t** out) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
  const char* type_at = p->cur;
  const cx_type_t* type;
  CX_RETURN_IF_ERROR(cx_p_type(p, &type));
  cx_elem_t e = cx_type_elem(type);
  if (!cx_type_is_element(type) || cx_elem_is_complex(e))
    return cx_p_error_at(p, type_at, "array<> element type must be an integer or float type");
  bool is_float = cx_elem_is_float(e);
  uint32_t n = 0, cap = 16;
  int64_t* ints = NULL;
  double* floats = NULL;
  cx_status_t st = NULL;
  if (is_float)
    floats = cx_alloc(p->ctx->allocator, sizeof(double) * cap);
  else
    ints = cx_alloc(p->ctx->allocator, sizeof(int64_t) * cap);
  if (!ints && !floats) return CX_OOM();
  if (cx_p_accept(p, ':')) {
    do {
      if (n == cap) {
        cap *= 2;
        void* grown = is_float ? cx_realloc(p->ctx->allocator, floats, sizeof(double) * cap)
                               : cx_realloc(p->ctx->allocator, ints, sizeof(int64_t) * cap);
        if (!grown) {
          st = CX_OOM();
          break;
        }
        if (is_float) floats = grown;
        else ints = grown;
      }
      const char* at = p->cur;
      if (is_float) {
        if ((st = cx_p_float(p, &floats[n]))) break;
        floats[n] = round_to_type(e, floats[n]);
      } else {
        bool negative = cx_p_peek(p) == '-';
        if ((st = cx_p_int(p, &ints[n]))) break;
        if (!int_fits(e, ints[n], negative)) {
          st = cx_p_error_at(p, at, "value out of range for '%s'", cx_elem_name(e));
          break;
        }
      }
      n++;
    } while (cx_p_accept(p, ','));
  }
  if (!st) st = cx_p_expect(p, '>');
  if (!st) {
    *out = is_float ? cx_attr_dense_f64_array(arena_of(p), type, n, floats)
                    : cx_attr_dense_i64_array(arena_of(p), type, n, ints);
    if (!*out) st = CX_OOM();
  }
  cx_free(p->ctx->allocator, ints);
  cx_free(p->ctx->allocator, floats);
  return st;
}

// ----------------------------------------------------------------------------
// dense<...> and dense_resource<...>

static cx_status_t parse_dense(cx_parser_t* p, const cx_attr_t** out) {
  cx_p_skip_ws(p);
  const char* open = p->cur;
  if (open >= p->end || *open != '<') return cx_p_error(p, "expected '<' after 'dense'");
  // The line of '<' (the body starts on it), for error locations in the body.
  unsigned open_line = p->line;
  const char* open_line_start = p->line_start;
  CX_RETURN_IF_ERROR(cx_p_skip_balanced(p));
  const char* body_begin = open + 1;
  const char* body_end = p->cur - 1;
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const char* type_at = p->cur;
  const cx_type_t* type;
  CX_RETURN_IF_ERROR(cx_p_type(p, &type));
  if (!cx_type_is_tensor(type))
    return cx_p_error_at(p, type_at, "dense elements need a tensor type");
  if (!cx_tensor_has_static_shape(type))
    return cx_p_error_at(p, type_at, "dense elements need a statically shaped tensor type");
  const char* resume = p->cur;
  unsigned resume_line = p->line;
  const char* resume_line_start = p->line_start;
  // Parse the body with the cursor positioned inside it; whitespace skipping
  // keeps the line tracking exact from the line of '<' on.
  p->cur = body_begin;
  p->line = open_line;
  p->line_start = open_line_start;
  cx_status_t st = cx_p_dense_body(p, type, body_begin, body_end, out);
  p->cur = resume;
  p->line = resume_line;
  p->line_start = resume_line_start;
  return st;
}

static cx_status_t parse_dense_resource(cx_parser_t* p, const cx_attr_t** out) {
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '<'));
  cx_p_skip_ws(p);
  const char* c = p->cur;
  while (c < p->end && (isalnum((unsigned char)*c) || (*c && strchr("_.$-", *c)))) c++;
  if (c == p->cur) return cx_p_error(p, "expected resource name");
  const char* name = cx_arena_strndup(arena_of(p), p->cur, (size_t)(c - p->cur));
  if (!name) return CX_OOM();
  p->cur = c;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  const cx_type_t* type;
  CX_RETURN_IF_ERROR(cx_p_type(p, &type));
  if (!cx_type_is_tensor(type) || !cx_tensor_has_static_shape(type))
    return cx_p_error_at(p, at, "dense_resource needs a statically shaped tensor type");
  cx_attr_t* a = cx_attr_new(arena_of(p), CX_ATTR_DENSE_RESOURCE);
  cx_pending_resource_t* pending = CX_ARENA_NEW(arena_of(p), cx_pending_resource_t);
  if (!a || !pending) return CX_OOM();
  a->type = type;
  a->resource.name = name;
  pending->attr = a;
  pending->at = at;
  pending->loc = cx_p_loc_at(p, at);
  pending->next = p->pending_resources;
  p->pending_resources = pending;
  cx_p_share_pin(p);
  *out = a;
  return NULL;
}

// ----------------------------------------------------------------------------
// Dialect attributes.

static cx_status_t parse_enum_body(cx_parser_t* p, const char* dialect, const char* at,
                                   const cx_attr_t** out) {
  // "#stablehlo<comparison_direction LT>": enum name, value, '>'.
  const char* name;
  size_t len;
  if (!cx_p_ident(p, &name, &len)) return cx_p_error(p, "expected attribute name");
  for (int k = 0; k < CX_ENUM_COUNT; k++) {
    const char* en = cx_enum_name((cx_enum_kind_t)k);
    if (strcmp(cx_enum_dialect((cx_enum_kind_t)k), dialect) != 0) continue;
    if (strlen(en) != len || memcmp(en, name, len) != 0) continue;
    const char* v;
    size_t vl;
    if (!cx_p_ident(p, &v, &vl)) return cx_p_error(p, "expected %s value", en);
    int value = cx_enum_lookup((cx_enum_kind_t)k, v, vl);
    if (value < 0) return cx_p_error_at(p, v, "unknown %s '%.*s'", en, (int)vl, v);
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
    *out = cx_attr_enum(arena_of(p), (cx_enum_kind_t)k, value);
    return *out ? NULL : CX_OOM();
  }
  // Unknown enum (e.g. sub_axis_info): keep the text.
  p->cur = at;
  return cx_p_error(p, "unsupported attribute");
}

// Returns the text of an opaque attribute starting at `start` (sigil
// included) through an optional balanced <...>.
static cx_status_t parse_opaque_attr(cx_parser_t* p, const char* start, const cx_attr_t** out) {
  if (p->cur < p->end && *p->cur == '<') CX_RETURN_IF_ERROR(cx_p_skip_balanced(p));
  *out = cx_attr_opaque(arena_of(p), start, (size_t)(p->cur - start));
  return *out ? NULL : CX_OOM();
}

static cx_status_t parse_hash_attr(cx_parser_t* p, const cx_attr_t** out) {
  const char* start = p->cur;
  const char* c = start + 1;
  while (c < p->end && (isalnum((unsigned char)*c) || *c == '_' || *c == '.' || *c == '$' ||
                        *c == '-'))
    c++;
  size_t len = (size_t)(c - start);
  cx_alias_t* alias;
  CX_RETURN_IF_ERROR(cx_p_resolve_alias(p, start, len, &alias));
  p->cur = c;
  if (alias) {
    if (alias->is_type || alias->is_loc || !alias->attr)
      return cx_p_error_at(p, start, "'%.*s' is not an attribute", (int)len, start);
    *out = alias->attr;
    return NULL;
  }
  const char* name = start + 1;
  size_t name_len = len - 1;
  bool at_angle = p->cur < p->end && *p->cur == '<';
  if (name_len == 9 && !memcmp(name, "stablehlo", 9) && at_angle) {
    p->cur++;
    const char* inner = p->cur;
    cx_status_t st = parse_enum_body(p, "stablehlo", inner, out);
    if (!st || cx_status_code(st) == CX_OUT_OF_MEMORY) return st;
    cx_status_free(st);
    p->cur = c;
    return parse_opaque_attr(p, start, out);
  }
  if (name_len == 4 && !memcmp(name, "chlo", 4) && at_angle) {
    p->cur++;
    return parse_enum_body(p, "chlo", p->cur, out);
  }
  if (name_len > 10 && !memcmp(name, "stablehlo.", 10) && at_angle) {
    p->cur++;
    return cx_p_stablehlo_attr(p, name + 10, name_len - 10, start, out);
  }
  if (name_len >= 3 && !memcmp(name, "sdy", 3) && (name_len == 3 || name[3] == '.') && at_angle)
    return cx_p_sdy_attr(p, start, name, name_len, out);
  if (name_len == 15 && !memcmp(name, "chlo.ragged_dot", 15) && at_angle) {
    p->cur++;
    return cx_p_stablehlo_attr(p, "ragged_dot", 10, start, out);
  }
  // `#name` without a dialect prefix or a '<...>' body can only be an alias
  // reference; keeping an undefined one as opaque text would hide a typo.
  if (!at_angle && !memchr(name, '.', name_len))
    return cx_p_error_at(p, start, "undefined attribute alias '%.*s'", (int)len, start);
  return parse_opaque_attr(p, start, out);
}

// ----------------------------------------------------------------------------
// Entry points.

static cx_status_t parse_array(cx_parser_t* p, const cx_attr_t** out) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  const cx_attr_t* small[16];
  const cx_attr_t** items = small;
  uint32_t n = 0, cap = 16;
  cx_status_t st = NULL;
  if (!cx_p_accept(p, ']')) {
    do {
      if (n == cap) {
        const cx_attr_t** grown = cx_alloc(p->ctx->allocator, sizeof(*grown) * cap * 2);
        if (!grown) {
          st = CX_OOM();
          break;
        }
        memcpy(grown, items, sizeof(*grown) * n);
        if (items != small) cx_free(p->ctx->allocator, items);
        items = grown;
        cap *= 2;
      }
      if ((st = cx_p_attr(p, &items[n]))) break;
      n++;
    } while (cx_p_accept(p, ','));
    if (!st) st = cx_p_expect(p, ']');
  }
  if (!st) {
    *out = cx_attr_array(arena_of(p), n, items);
    if (!*out) st = CX_OOM();
  }
  if (items != small) cx_free(p->ctx->allocator, items);
  return st;
}

cx_status_t cx_p_attr_dict(cx_parser_t* p, cx_named_attr_t** out, uint32_t* out_len) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '{'));
  uint32_t n = 0, cap = 8;
  cx_named_attr_t* items = CX_P_TMP_ARRAY(p, cx_named_attr_t, cap);
  if (!items) return CX_OOM();
  if (!cx_p_accept(p, '}')) {
    do {
      const char* at = p->cur;
      const char* name;
      size_t len;
      if (cx_p_peek(p) == '"') {
        CX_RETURN_IF_ERROR(cx_p_name_string(p, &name, &len));
      } else if (!cx_p_ident(p, &name, &len)) {
        return cx_p_error(p, "expected attribute name");
      }
      const char* interned = cx_intern(p->ctx, name, len);
      if (!interned) return CX_OOM();
      for (uint32_t i = 0; i < n; i++)
        if (items[i].name == interned)
          return cx_p_error_at(p, at, "duplicate key '%s' in dictionary attribute", interned);
      const cx_attr_t* value;
      if (cx_p_accept(p, '=')) {
        CX_RETURN_IF_ERROR(cx_p_attr(p, &value));
      } else {
        value = cx_attr_unit(arena_of(p));
        if (!value) return CX_OOM();
      }
      if (n == cap) {
        cx_named_attr_t* grown = CX_P_TMP_ARRAY(p, cx_named_attr_t, cap * 2);
        if (!grown) return CX_OOM();
        memcpy(grown, items, n * sizeof(*items));
        items = grown;
        cap *= 2;
      }
      items[n].name = interned;
      items[n].value = value;
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '}'));
  }
  *out = items;
  *out_len = n;
  return NULL;
}

cx_status_t cx_p_attr(cx_parser_t* p, const cx_attr_t** out) { return cx_p_attr_typed(p, NULL, out); }

static cx_status_t attr_typed(cx_parser_t* p, const cx_type_t* type, const cx_attr_t** out);

cx_status_t cx_p_attr_typed(cx_parser_t* p, const cx_type_t* type, const cx_attr_t** out) {
  cx_p_share_t sh = cx_p_share_begin(p);
  cx_status_t st = attr_typed(p, type, out);
  const cx_attr_t* a = cx_p_share_end(p, sh, st ? NULL : *out);
  if (!st) *out = a;
  return st;
}

static cx_status_t attr_typed(cx_parser_t* p, const cx_type_t* type, const cx_attr_t** out) {
  CX_RETURN_IF_ERROR(cx_p_nest(p, &p->depth, "attribute"));
  cx_status_t st = NULL;
  char c = cx_p_peek(p);
  const char* at = p->cur;
  if (c == '[') {
    st = parse_array(p, out);
  } else if (c == '{') {
    cx_named_attr_t* items;
    uint32_t n;
    st = cx_p_attr_dict(p, &items, &n);
    if (!st) {
      *out = cx_attr_dict(arena_of(p), n, items);
      if (!*out) st = CX_OOM();
    }
  } else if (c == '"') {
    const char* s;
    size_t n;
    st = cx_p_string(p, &s, &n);
    if (!st) {
      cx_attr_t* a = cx_attr_new(arena_of(p), CX_ATTR_STRING);
      if (!a) {
        st = CX_OOM();
      } else {
        a->str.data = s;
        a->str.len = n;
        *out = a;
        // A typed string ("abc" : i32) keeps its type (MLIR's StringAttr
        // with a type; VHLO has no form for it).
        if (cx_p_accept(p, ':')) st = cx_p_type(p, &a->type);
      }
    }
  } else if (c == '@') {
    p->cur++;
    const char* s;
    size_t n;
    if (cx_p_peek(p) == '"') {
      st = cx_p_name_string(p, &s, &n);
    } else {
      const char* e = p->cur;
      while (e < p->end && (isalnum((unsigned char)*e) || (*e && strchr("_$.-", *e)))) e++;
      s = p->cur;
      n = (size_t)(e - p->cur);
      p->cur = e;
      if (!n) st = cx_p_error_at(p, at, "expected symbol name after '@'");
    }
    if (!st) {
      *out = cx_attr_symbol_ref(arena_of(p), s, n);
      if (!*out) st = CX_OOM();
      // Nested references (@a::@b) keep the root symbol; StableHLO uses flat
      // references only.
      while (!st && cx_p_accept_str(p, "::")) {
        const cx_attr_t* nested;
        st = cx_p_attr(p, &nested);
      }
    }
  } else if (c == '#') {
    st = parse_hash_attr(p, out);
  } else if (c == '-' || c == '+' || isdigit((unsigned char)c)) {
    st = parse_number_attr(p, type, out);
  } else if (cx_p_accept_keyword(p, "true") || cx_p_accept_keyword(p, "false")) {
    *out = cx_attr_bool(arena_of(p), at[0] == 't');
    if (!*out) st = CX_OOM();
  } else if (cx_p_accept_keyword(p, "unit")) {
    *out = cx_attr_unit(arena_of(p));
    if (!*out) st = CX_OOM();
  } else if (cx_p_accept_keyword(p, "dense")) {
    st = parse_dense(p, out);
  } else if (cx_p_accept_keyword(p, "dense_resource")) {
    st = parse_dense_resource(p, out);
  } else if (cx_p_accept_keyword(p, "array")) {
    st = parse_dense_array(p, out);
  } else if (cx_p_peek_keyword(p, "inf") || cx_p_peek_keyword(p, "nan")) {
    st = parse_number_attr(p, type, out);
  } else if (cx_p_peek_type(p)) {
    const cx_type_t* t;
    st = cx_p_type(p, &t);
    if (!st) {
      *out = cx_attr_type(arena_of(p), t);
      if (!*out) st = CX_OOM();
    }
  } else {
    st = cx_p_error(p, "expected attribute value");
  }
  p->depth--;
  return st;
}

// ----------------------------------------------------------------------------
// Locations (ir/location.h), kept whole:
//   location-inst ::= string-literal (':' line (':' col ('to' line? ':' col)?)?)?
//                   | string-literal '(' location-inst ')'      (name)
//                   | 'callsite' '(' location-inst 'at' location-inst ')'
//                   | 'fused' ('<' attribute '>')? '[' location-inst (',' ...)* ']'
//                   | 'unknown' | #alias

static cx_status_t loc_uint(cx_parser_t* p, const char* what, uint32_t* out) {
  const char* at = p->cur;
  int64_t v = 0;
  if (!cx_p_peek_int(p)) return cx_p_error(p, "expected integer %s in file location", what);
  CX_RETURN_IF_ERROR(cx_p_int(p, &v));
  if (v < 0 || v > UINT32_MAX)
    return cx_p_error_at(p, at, "%s %lld is out of range in file location", what, (long long)v);
  *out = (uint32_t)v;
  return NULL;
}

static cx_status_t parse_file_loc(cx_parser_t* p, const char* s, size_t n,
                                  const cx_location_t** out) {
  // After "file" ':'.
  uint32_t line = 0, col = 0, end_line = 0, end_col = 0;
  cx_loc_form_t form = CX_LOC_FORM_LINE;
  CX_RETURN_IF_ERROR(loc_uint(p, "line", &line));
  if (cx_p_accept(p, ':')) {
    form = CX_LOC_FORM_POINT;
    CX_RETURN_IF_ERROR(loc_uint(p, "column", &col));
    end_line = line;
    end_col = col;
    if (cx_p_accept_keyword(p, "to")) {
      form = CX_LOC_FORM_COLUMNS;
      if (cx_p_peek_int(p)) {
        form = CX_LOC_FORM_LINES;
        CX_RETURN_IF_ERROR(loc_uint(p, "line", &end_line));
      }
      if (!cx_p_accept(p, ':'))
        return cx_p_error(p, "expected either integer or ':' after 'to' in file location");
      CX_RETURN_IF_ERROR(loc_uint(p, "column", &end_col));
    }
  }
  *out = cx_location_file(p->ctx, s, n, form, line, col, end_line, end_col);
  return *out ? NULL : CX_OOM();
}

static cx_status_t parse_loc_inner(cx_parser_t* p, const cx_location_t** out) {
  CX_RETURN_IF_ERROR(cx_p_nest(p, &p->depth, "location"));
  cx_status_t st = NULL;
  char c = cx_p_peek(p);
  *out = NULL;
  if (c == '"') {
    const char* s;
    size_t n;
    st = cx_p_name_string(p, &s, &n);
    if (!st && cx_p_accept(p, ':')) {
      st = parse_file_loc(p, s, n, out);
    } else if (!st) {
      const cx_location_t* child = NULL;
      if (cx_p_accept(p, '(')) {
        st = parse_loc_inner(p, &child);
        if (!st) st = cx_p_expect(p, ')');
      }
      if (!st && !(*out = cx_location_name(p->ctx, s, n, child))) st = CX_OOM();
    }
  } else if (cx_p_accept_keyword(p, "unknown")) {
    if (!(*out = cx_location_unknown(p->ctx))) st = CX_OOM();
  } else if (cx_p_accept_keyword(p, "callsite")) {
    const cx_location_t *callee = NULL, *caller = NULL;
    st = cx_p_expect(p, '(');
    if (!st) st = parse_loc_inner(p, &callee);
    if (!st) st = cx_p_expect_keyword(p, "at");
    if (!st) st = parse_loc_inner(p, &caller);
    if (!st) st = cx_p_expect(p, ')');
    if (!st && !(*out = cx_location_callsite(p->ctx, callee, caller))) st = CX_OOM();
  } else if (cx_p_accept_keyword(p, "fused")) {
    const char* meta = NULL;
    size_t meta_len = 0;
    if (cx_p_accept(p, '<')) {
      // The metadata is any attribute; it is kept as its text.
      cx_p_skip_ws(p);
      const char* start = p->cur;
      const cx_attr_t* ignored;
      st = cx_p_attr(p, &ignored);
      if (!st) {
        meta = start;
        meta_len = (size_t)(p->cur - start);
        st = cx_p_expect(p, '>');
      }
    }
    const cx_location_t* small[8];
    const cx_location_t** locs = small;
    uint32_t count = 0, cap = 8;
    if (!st) st = cx_p_expect(p, '[');
    if (!st && !cx_p_accept(p, ']')) {
      do {
        if (count == cap) {
          const cx_location_t** grown =
              CX_ARENA_ARRAY(&p->module->arena, const cx_location_t*, (size_t)cap * 2);
          if (!grown) {
            st = CX_OOM();
            break;
          }
          memcpy(grown, locs, count * sizeof(*locs));
          locs = grown;
          cap *= 2;
        }
        st = parse_loc_inner(p, &locs[count]);
        if (!st) count++;
      } while (!st && cx_p_accept(p, ','));
      if (!st) st = cx_p_expect(p, ']');
    }
    if (!st && !(*out = cx_location_fused(p->ctx, count, locs, meta, meta_len))) st = CX_OOM();
  } else if (c == '#') {
    const char* start = p->cur;
    const char* e = start + 1;
    while (e < p->end && (isalnum((unsigned char)*e) || (*e && strchr("_.$-", *e)))) e++;
    cx_alias_t* alias;
    st = cx_p_resolve_alias(p, start, (size_t)(e - start), &alias);
    p->cur = e;
    if (!st && (!alias || !alias->is_loc))
      st = cx_p_error_at(p, start, "'%.*s' is not a location", (int)(e - start), start);
    if (!st) *out = alias->loc.full;
  } else {
    st = cx_p_error(p, "expected location");
  }
  p->depth--;
  return st;
}

cx_status_t cx_p_location(cx_parser_t* p, cx_loc_t* out) {
  // "loc" consumed.
  memset(out, 0, sizeof(*out));
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  const cx_location_t* full = NULL;
  CX_RETURN_IF_ERROR(parse_loc_inner(p, &full));
  *out = cx_location_summary(full);
  return cx_p_expect(p, ')');
}

cx_status_t cx_p_optional_location(cx_parser_t* p, cx_loc_t* out) {
  if (!cx_p_peek_str(p, "loc(")) return NULL;
  cx_p_accept_keyword(p, "loc");
  cx_loc_t loc;
  CX_RETURN_IF_ERROR(cx_p_location(p, &loc));
  if (out) *out = loc;
  return NULL;
}
