// Tensor values on the command line and in NumPy files (see input_spec.h).
#include "interp/input_spec.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/file.h"
#include "interp/tensor.h"
#include "support/checked.h"

// Inputs and formatted values go to the tools as malloc'ed (cxla/values.h):
// the system allocator.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

// ---- NumPy dtypes ----------------------------------------------------------------

cx_elem_t cx_elem_from_npy_descr(const char* d) {
  static const struct {
    const char* descr;
    cx_elem_t elem;
  } kMap[] = {
      {"|b1", CX_ELEM_I1},    {"|i1", CX_ELEM_SI8},   {"|u1", CX_ELEM_UI8},
      {"<i2", CX_ELEM_SI16},  {"<u2", CX_ELEM_UI16},  {"<i4", CX_ELEM_SI32},
      {"<u4", CX_ELEM_UI32},  {"<i8", CX_ELEM_SI64},  {"<u8", CX_ELEM_UI64},
      {"<f2", CX_ELEM_F16},   {"<f4", CX_ELEM_F32},   {"<f8", CX_ELEM_F64},
      {"<c8", CX_ELEM_C64},   {"<c16", CX_ELEM_C128},
  };
  for (size_t i = 0; i < sizeof(kMap) / sizeof(kMap[0]); i++)
    if (!strcmp(d, kMap[i].descr)) return kMap[i].elem;
  return CX_ELEM_INVALID;
}

// ---- element type spellings -----------------------------------------------------

cx_elem_t cx_elem_parse_name(const char* name, size_t len) {
  char buf[32];
  if (len == 0 || len >= sizeof(buf)) return CX_ELEM_INVALID;
  memcpy(buf, name, len);
  buf[len] = 0;
  static const struct {
    const char* name;
    cx_elem_t elem;
  } kAliases[] = {
      {"si2", CX_ELEM_SI2},   {"si4", CX_ELEM_SI4},   {"si8", CX_ELEM_SI8},
      {"si16", CX_ELEM_SI16}, {"si32", CX_ELEM_SI32}, {"si64", CX_ELEM_SI64},
      {"bool", CX_ELEM_I1},   {"c64", CX_ELEM_C64},   {"c128", CX_ELEM_C128},
      {"complex64", CX_ELEM_C64}, {"complex128", CX_ELEM_C128},
      {"cf64", CX_ELEM_C64},  {"cf128", CX_ELEM_C128},  // IREE's names
  };
  for (size_t i = 0; i < sizeof(kAliases) / sizeof(kAliases[0]); i++)
    if (!strcmp(buf, kAliases[i].name)) return kAliases[i].elem;
  for (int e = CX_ELEM_I1; e < CX_ELEM_COUNT; e++) {
    if (e == CX_ELEM_INDEX) continue;
    if (!strcmp(buf, cx_elem_name((cx_elem_t)e))) return (cx_elem_t)e;
  }
  return CX_ELEM_INVALID;
}

// ---- literals ----------------------------------------------------------------------

static void set_source(cx_input_t* in, const char* text) {
  size_t n = strlen(text);
  if (n < sizeof(in->source)) {
    memcpy(in->source, text, n + 1);
  } else {
    memcpy(in->source, text, sizeof(in->source) - 4);
    memcpy(in->source + sizeof(in->source) - 4, "...", 4);
  }
}

// Next value token: skips separators (',', whitespace, brackets); a
// parenthesised group "(1, 2)" is one token. Returns false at the end.
static bool next_token(const char** p, const char** start, size_t* len) {
  const char* s = *p;
  while (*s && (isspace((unsigned char)*s) || *s == ',' || *s == '[' || *s == ']')) s++;
  if (!*s) {
    *p = s;
    return false;
  }
  const char* b = s;
  if (*s == '(') {
    while (*s && *s != ')') s++;
    if (*s) s++;
  } else {
    while (*s && !isspace((unsigned char)*s) && *s != ',' && *s != '[' && *s != ']') s++;
  }
  *start = b;
  *len = (size_t)(s - b);
  *p = s;
  return true;
}

static cx_status_t bad_value(const char* tok, size_t len, cx_elem_t e, const char* why) {
  return CX_ERROR(CX_INVALID_ARGUMENT, "'%.*s' is not a valid %s value%s%s", (int)len, tok,
                  cx_elem_name(e), why ? ": " : "", why ? why : "");
}

static bool parse_double(const char* s, size_t len, double* out) {
  char buf[128];
  if (len == 0 || len >= sizeof(buf)) return false;
  memcpy(buf, s, len);
  buf[len] = 0;
  char* end;
  errno = 0;
  *out = strtod(buf, &end);
  return *end == 0;
}

// Parses one value token into storage of kind e at p.
static cx_status_t parse_value(const char* tok, size_t len, cx_elem_t e, void* p) {
  char buf[128];
  if (len >= sizeof(buf)) return bad_value(tok, 40, e, "too long");
  memcpy(buf, tok, len);
  buf[len] = 0;
  if (e == CX_ELEM_I1) {
    if (!strcmp(buf, "true") || !strcmp(buf, "1")) *(uint8_t*)p = 1;
    else if (!strcmp(buf, "false") || !strcmp(buf, "0")) *(uint8_t*)p = 0;
    else return bad_value(tok, len, e, "expected true, false, 1 or 0");
    return NULL;
  }
  if (cx_elem_is_integer(e)) {
    int bits = cx_elem_bit_width(e);
    char* end;
    errno = 0;
    if (cx_elem_is_unsigned_int(e)) {
      if (buf[0] == '-') return bad_value(tok, len, e, "negative");
      unsigned long long v = strtoull(buf, &end, 0);
      if (*end || end == buf) return bad_value(tok, len, e, NULL);
      if (errno == ERANGE || (bits < 64 && v >> bits)) return bad_value(tok, len, e, "out of range");
      cx_store_int(e, p, (int64_t)v);
    } else {
      long long v = strtoll(buf, &end, 0);
      if (*end || end == buf) return bad_value(tok, len, e, NULL);
      long long lo = bits < 64 ? -(1LL << (bits - 1)) : INT64_MIN;
      long long hi = bits < 64 ? (1LL << (bits - 1)) - 1 : INT64_MAX;
      if (errno == ERANGE || v < lo || v > hi) return bad_value(tok, len, e, "out of range");
      cx_store_int(e, p, v);
    }
    return NULL;
  }
  if (cx_elem_is_float(e)) {
    double v;
    if (!parse_double(buf, len, &v)) return bad_value(tok, len, e, NULL);
    cx_store_float(e, p, v);
    return NULL;
  }
  if (cx_elem_is_complex(e)) {
    cx_complex_t c = {0, 0};
    if (buf[0] == '(') {
      char* comma = strchr(buf, ',');
      char* close = strrchr(buf, ')');
      if (!comma || !close || close < comma) return bad_value(tok, len, e, "expected (re,im)");
      const char* re = buf + 1;
      while (isspace((unsigned char)*re)) re++;
      const char* im = comma + 1;
      while (isspace((unsigned char)*im)) im++;
      size_t rl = (size_t)(comma - re), il = (size_t)(close - im);
      while (rl && isspace((unsigned char)re[rl - 1])) rl--;
      while (il && isspace((unsigned char)im[il - 1])) il--;
      if (!parse_double(re, rl, &c.re) || !parse_double(im, il, &c.im))
        return bad_value(tok, len, e, "expected (re,im)");
    } else if (!parse_double(buf, len, &c.re)) {
      return bad_value(tok, len, e, NULL);
    }
    cx_store_complex(e, p, c);
    return NULL;
  }
  return bad_value(tok, len, e, "unsupported element type");
}

cx_status_t cx_input_parse_literal(const char* text, cx_input_t* out) {
  memset(out, 0, sizeof(*out));
  set_source(out, text);
  const char* eq = strchr(text, '=');
  size_t type_len = eq ? (size_t)(eq - text) : strlen(text);
  // "2x3xf32": dims separated by 'x', the element type last. Element names
  // contain no 'x' except "complex<...>", so split at the last 'x' before it.
  const char* type_end = text + type_len;
  const char* elem_start = text;
  for (const char* s = text; s < type_end; s++) {
    if (*s == 'x' && s > text && isdigit((unsigned char)s[-1])) {
      // Only an 'x' after a dimension separates; the rest is the type.
      bool digits_before = true;
      for (const char* d = elem_start; d < s; d++)
        if (!isdigit((unsigned char)*d)) digits_before = false;
      if (digits_before) elem_start = s + 1;
    }
  }
  out->elem = cx_elem_parse_name(elem_start, (size_t)(type_end - elem_start));
  if (out->elem == CX_ELEM_INVALID)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "'%s': unknown element type '%.*s' (expected e.g. 2x3xf32=1,2,3,4,5,6)",
                    out->source, (int)(type_end - elem_start), elem_start);
  int64_t n = 1;
  for (const char* s = text; s < elem_start;) {
    char* end;
    errno = 0;
    long long d = strtoll(s, &end, 10);
    if (end == s || *end != 'x' || d < 0 || errno)
      return CX_ERROR(CX_INVALID_ARGUMENT, "'%s': bad shape", out->source);
    if (out->rank == CX_MAX_RANK)
      return CX_ERROR(CX_INVALID_ARGUMENT, "'%s': rank exceeds %d", out->source, CX_MAX_RANK);
    out->dims[out->rank++] = d;
    if (!cx_mul_i64(n, d, &n))
      return CX_ERROR(CX_INVALID_ARGUMENT, "'%s': size overflows", out->source);
    s = end + 1;
  }
  size_t esize = cx_elem_storage_size(out->elem);
  if (!cx_mul_size((size_t)n, esize, &out->nbytes))
    return CX_ERROR(CX_INVALID_ARGUMENT, "'%s': size overflows", out->source);
  out->data = cx_calloc(kSystem, 1, out->nbytes ? out->nbytes : 1);
  if (!out->data) return CX_ERROR(CX_OUT_OF_MEMORY, "'%s': cannot allocate %zu bytes",
                                  out->source, out->nbytes);
  if (!eq) return NULL;  // zero-filled
  const char* p = eq + 1;
  const char* tok;
  size_t len;
  int64_t count = 0;
  // Every value must be valid, also those with no place to go (an empty
  // tensor, or too many values: counted for the message below).
  _Alignas(16) unsigned char scratch[64];
  while (next_token(&p, &tok, &len)) {
    void* dst = count < n ? (void*)((char*)out->data + (size_t)count * esize) : (void*)scratch;
    if (dst == (void*)scratch && esize > sizeof(scratch))
      return CX_ERROR(CX_INTERNAL, "'%s': element of %zu bytes", out->source, esize);
    cx_status_t st = parse_value(tok, len, out->elem, dst);
    if (st) return cx_status_prefix(st, "'%s'", out->source);
    count++;
  }
  if (count == 1 && n != 1) {
    // One value fills the tensor (an empty one too).
    for (int64_t i = 1; i < n; i++)
      memcpy((char*)out->data + (size_t)i * esize, out->data, esize);
  } else if (count != n) {
    return CX_ERROR(CX_INVALID_ARGUMENT, "'%s': %lld values given for a tensor of %lld elements",
                    out->source, (long long)count, (long long)n);
  }
  return NULL;
}

// ---- inputs -----------------------------------------------------------------------

static cx_input_t* list_push(cx_input_list_t* l) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    cx_input_t* items = cx_realloc(kSystem, l->items, cap * sizeof(*items));
    if (!items) return NULL;
    l->items = items;
    l->cap = cap;
  }
  cx_input_t* in = &l->items[l->count++];
  memset(in, 0, sizeof(*in));
  return in;
}

static cx_status_t from_npy(cx_npy_array_t* a, const char* source, cx_input_t* in) {
  set_source(in, source);
  if (a->rank > CX_MAX_RANK)
    return CX_ERROR(CX_UNIMPLEMENTED, "%s: rank %d exceeds %d", source, a->rank, CX_MAX_RANK);
  snprintf(in->descr, sizeof(in->descr), "%s", a->descr);
  in->elem = cx_elem_from_npy_descr(a->descr);
  in->rank = (uint32_t)a->rank;
  for (int i = 0; i < a->rank; i++) in->dims[i] = a->shape[i];
  in->data = a->data;
  in->nbytes = a->nbytes;
  a->data = NULL;  // moved
  return NULL;
}

static bool ends_with(const char* s, const char* suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

// "2x3xf32=@x.bin": the tensor's bytes, little-endian, read from a file as
// IREE's tools read them (no header; the size must match the shape). The
// bytes are cxla's storage layout, which is IREE's dense layout for the
// types IREE has (one byte per i1; sub-byte integers one per byte here).
static cx_status_t parse_raw_file(const char* spec, const char* eq, size_t stream_limit,
                                  cx_input_t* in) {
  char shape[160];
  size_t n = (size_t)(eq - spec);
  if (n >= sizeof(shape))
    return CX_ERROR(CX_INVALID_ARGUMENT, "'%.40s...': shape and type too long", spec);
  memcpy(shape, spec, n);
  shape[n] = 0;
  CX_RETURN_IF_ERROR(cx_input_parse_literal(shape, in));
  set_source(in, eq + 2);
  char* data = NULL;
  size_t len = 0;
  CX_RETURN_IF_ERROR(cx_file_read_limited(eq + 2, stream_limit, &data, &len));
  if (len != in->nbytes) {
    cx_free(kSystem, data);
    return CX_ERROR(CX_INVALID_ARGUMENT, "%s holds %zu bytes but %s needs %zu", eq + 2, len,
                    shape, in->nbytes);
  }
  if (len) memcpy(in->data, data, len);
  cx_free(kSystem, data);
  return NULL;
}

cx_status_t cx_input_parse(const char* spec, cx_input_list_t* list) {
  const char* eq = spec[0] != '@' ? strchr(spec, '=') : NULL;
  if (eq && eq[1] == '@') {
    cx_input_t* in = list_push(list);
    if (!in) return CX_OOM();
    cx_status_t st = parse_raw_file(spec, eq, list->stream_limit, in);
    if (st) {
      cx_free(kSystem, in->data);
      list->count--;
    }
    return st;
  }
  if (spec[0] != '@') {
    cx_input_t* in = list_push(list);
    if (!in) return CX_OOM();
    cx_status_t st = cx_input_parse_literal(spec, in);
    if (st) {
      cx_free(kSystem, in->data);
      list->count--;
    }
    return st;
  }
  const char* path = spec + 1;
  if (ends_with(path, ".npz")) {
    cx_npy_array_t* arrays = NULL;
    size_t n = 0;
    CX_RETURN_IF_ERROR(cx_npz_read_limited(path, list->stream_limit, &arrays, &n));
    cx_status_t st = NULL;
    for (size_t i = 0; i < n && !st; i++) {
      cx_input_t* in = list_push(list);
      if (!in) {
        st = CX_OOM();
        break;
      }
      char source[160];
      snprintf(source, sizeof(source), "%s:%s", path, arrays[i].name);
      st = from_npy(&arrays[i], source, in);
    }
    cx_npy_free_arrays(arrays, n);
    return st;
  }
  cx_npy_array_t a;
  memset(&a, 0, sizeof(a));
  CX_RETURN_IF_ERROR(cx_npy_read_limited(path, list->stream_limit, &a));
  cx_input_t* in = list_push(list);
  cx_status_t st = in ? from_npy(&a, path, in) : CX_OOM();
  cx_npy_free(&a);
  return st;
}

void cx_input_list_free(cx_input_list_t* list) {
  for (size_t i = 0; i < list->count; i++) cx_free(kSystem, list->items[i].data);
  cx_free(kSystem, list->items);
  memset(list, 0, sizeof(*list));
}

cx_status_t cx_input_view(const cx_input_t* in, cx_elem_t want, cx_buffer_view_t* out) {
  memset(out, 0, sizeof(*out));
  bool ok = in->descr[0] ? cx_npy_descr_fits(in->descr, want) : in->elem == want;
  if (!ok) {
    const char* have = in->descr[0] ? in->descr : cx_elem_name(in->elem);
    return CX_ERROR(CX_INVALID_ARGUMENT, "%s has element type %s%s, expected %s (NumPy %s)",
                    in->source, have, in->descr[0] ? " (NumPy dtype)" : "", cx_elem_name(want),
                    cx_npy_descr_for_elem(want));
  }
  out->elem = want;
  out->rank = in->rank;
  memcpy(out->dims, in->dims, sizeof(int64_t) * in->rank);
  out->data = in->data;
  out->nbytes = in->nbytes;
  int64_t n = cx_buffer_view_num_elements(out);
  size_t want_bytes;
  if (n < 0 || !cx_mul_size((size_t)n, cx_elem_storage_size(want), &want_bytes) ||
      want_bytes != in->nbytes)
    return CX_ERROR(CX_INVALID_ARGUMENT, "%s: %zu bytes of data do not match its shape",
                    in->source, in->nbytes);
  // Kinds narrower than their byte (i1, 2/4-bit ints) must hold canonical
  // values: the interpreter relies on booleans being 0/1 and on sub-byte
  // ints being sign/zero-extended.
  int bits = cx_elem_bit_width(want);
  if (cx_elem_is_integer(want) && bits < 8) {
    const uint8_t* b = in->data;
    for (int64_t i = 0; i < n; i++) {
      int64_t v = want == CX_ELEM_I1 ? b[i] : cx_load_int(want, b + i);
      unsigned char tmp = 0;
      cx_store_int(want, &tmp, v);
      if (tmp != b[i] || (want == CX_ELEM_I1 && v > 1))
        return CX_ERROR(CX_INVALID_ARGUMENT, "%s: element %lld (%d) is out of range for %s",
                        in->source, (long long)i, (int)(int8_t)b[i], cx_elem_name(want));
    }
  }
  return NULL;
}

// ---- printing values -------------------------------------------------------------
// As iree-run-module prints buffer views (IREE's iree_hal_format_element and
// iree_hal_format_buffer_elements): integers in decimal, floats with printf's
// %G (six significant digits: 1.5, 1E+06, NAN, INF), booleans as the hex of
// their byte (01, 00), since IREE has no text form for them.

static void format_float(cx_strbuf_t* out, cx_elem_t e, const void* p) {
  char buf[64];
  snprintf(buf, sizeof(buf), "%G", cx_load_float(e, p));
  cx_strbuf_puts(out, buf);
}

void cx_format_element(cx_strbuf_t* out, cx_elem_t e, const void* p) {
  if (e == CX_ELEM_I1) {
    cx_strbuf_puts(out, *(const uint8_t*)p ? "01" : "00");
  } else if (cx_elem_is_unsigned_int(e)) {
    cx_strbuf_u64(out, (uint64_t)cx_load_int(e, p));
  } else if (cx_elem_is_integer(e) || e == CX_ELEM_INDEX) {
    cx_strbuf_i64(out, cx_load_int(e, p));
  } else if (cx_elem_is_float(e)) {
    format_float(out, e, p);
  } else if (cx_elem_is_complex(e)) {
    // IREE prints complex elements as the hex of their bytes; "(re,im)" with
    // %G parts reads better and reads back as an input.
    cx_elem_t c = cx_elem_complex_component(e);
    size_t half = cx_elem_storage_size(c);
    cx_strbuf_putc(out, '(');
    format_float(out, c, p);
    cx_strbuf_putc(out, ',');
    format_float(out, c, (const char*)p + half);
    cx_strbuf_putc(out, ')');
  } else {
    cx_strbuf_puts(out, "?");
  }
}

const char* cx_elem_iree_name(cx_elem_t e) {
  // IREE names complex types by their total bit count (cf64 = complex<f32>).
  if (e == CX_ELEM_C64) return "cf64";
  if (e == CX_ELEM_C128) return "cf128";
  return cx_elem_name(e);
}

typedef struct fmt_state {
  cx_strbuf_t* out;
  const cx_buffer_view_t* v;
  int64_t remaining;  // elements still to print; < 0: no limit
} fmt_state_t;

// One dimension and those inside it: each row of an inner dimension in
// brackets, the innermost dimension's elements separated by spaces. Once the
// budget is spent, every further row prints "..." (IREE's layout:
// "[1 2 3][4...][...]").
static void format_dims(fmt_state_t* s, uint32_t dim, int64_t offset) {
  const cx_buffer_view_t* v = s->v;
  int64_t n = v->dims[dim];
  if (dim + 1 < v->rank) {
    int64_t stride = 1;
    for (uint32_t d = dim + 1; d < v->rank; d++) stride *= v->dims[d];
    for (int64_t i = 0; i < n; i++) {
      cx_strbuf_putc(s->out, '[');
      format_dims(s, dim + 1, offset + i * stride);
      cx_strbuf_putc(s->out, ']');
    }
    return;
  }
  size_t esize = cx_elem_storage_size(v->elem);
  int64_t count = s->remaining >= 0 && s->remaining < n ? s->remaining : n;
  for (int64_t i = 0; i < count; i++) {
    if (i) cx_strbuf_putc(s->out, ' ');
    cx_format_element(s->out, v->elem, (const char*)v->data + (size_t)(offset + i) * esize);
  }
  if (s->remaining >= 0) s->remaining -= count;
  if (count < n) cx_strbuf_puts(s->out, "...");
}

void cx_format_buffer_view(cx_strbuf_t* out, const cx_buffer_view_t* v, int64_t max_elements) {
  for (uint32_t d = 0; d < v->rank; d++) {
    cx_strbuf_i64(out, v->dims[d]);
    cx_strbuf_putc(out, 'x');
  }
  cx_strbuf_puts(out, cx_elem_iree_name(v->elem));
  cx_strbuf_putc(out, '=');
  if (v->rank == 0) {
    // A scalar is a one-element innermost dimension.
    if (!v->data) return;
    if (max_elements == 0) {
      cx_strbuf_puts(out, "...");
      return;
    }
    cx_format_element(out, v->elem, v->data);
    return;
  }
  fmt_state_t s = {out, v, max_elements};
  format_dims(&s, 0, 0);
}

void cx_npy_from_view(const cx_buffer_view_t* v, cx_npy_array_t* out) {
  memset(out, 0, sizeof(*out));
  snprintf(out->descr, sizeof(out->descr), "%s", cx_npy_descr_for_elem(v->elem));
  out->rank = (int)v->rank;
  for (uint32_t i = 0; i < v->rank; i++) out->shape[i] = v->dims[i];
  out->data = v->data;
  out->nbytes = v->nbytes;
}

cx_status_t cx_buffer_view_format(const cx_buffer_view_t* view, int64_t max_elements,
                                  char** out_text) {
  *out_text = NULL;
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_format_buffer_view(&sb, view, max_elements);
  if (sb.failed) {
    cx_strbuf_free(&sb);
    return CX_OOM();
  }
  *out_text = cx_strbuf_take(&sb);
  return *out_text ? NULL : CX_OOM();
}

cx_status_t cx_buffer_view_write_npy(const char* path, const cx_buffer_view_t* view) {
  if (view->elem == CX_ELEM_INVALID)
    return CX_ERROR(CX_INVALID_ARGUMENT, "a view without an element type cannot be written to %s",
                    path);
  cx_npy_array_t a;
  cx_npy_from_view(view, &a);
  return cx_npy_write(path, &a);
}
