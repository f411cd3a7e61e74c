// The parser's character-level primitives: whitespace and comments,
// punctuation, keywords, identifiers, numbers, strings, and error locations.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/parser.h"

static bool is_ident_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool is_ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$' || c == '.';
}

void cx_p_skip_ws(cx_parser_t* p) {
  const char* c = p->cur;
  const char* end = p->end;
  for (;;) {
    while (c < end && (*c == ' ' || *c == '\t' || *c == '\r')) c++;
    if (c < end && *c == '\n') {
      c++;
      p->line++;
      p->line_start = c;
      continue;
    }
    if (c + 1 < end && c[0] == '/' && c[1] == '/') {
      // A comment runs to the end of the line.
      const char* nl = memchr(c, '\n', (size_t)(end - c));
      c = nl ? nl : end;
      continue;
    }
    break;
  }
  p->cur = c;
}

char cx_p_peek(cx_parser_t* p) {
  cx_p_skip_ws(p);
  return p->cur < p->end ? *p->cur : 0;
}

bool cx_p_accept(cx_parser_t* p, char c) {
  if (cx_p_peek(p) != c || c == 0) return false;
  p->cur++;
  return true;
}

bool cx_p_peek_str(cx_parser_t* p, const char* s) {
  cx_p_skip_ws(p);
  size_t n = strlen(s);
  return (size_t)(p->end - p->cur) >= n && memcmp(p->cur, s, n) == 0;
}

bool cx_p_accept_str(cx_parser_t* p, const char* s) {
  if (!cx_p_peek_str(p, s)) return false;
  p->cur += strlen(s);
  return true;
}

bool cx_p_peek_keyword(cx_parser_t* p, const char* kw) {
  cx_p_skip_ws(p);
  size_t n = strlen(kw);
  if ((size_t)(p->end - p->cur) < n || memcmp(p->cur, kw, n) != 0) return false;
  return p->cur + n >= p->end || !is_ident_char(p->cur[n]);
}

bool cx_p_accept_keyword(cx_parser_t* p, const char* kw) {
  if (!cx_p_peek_keyword(p, kw)) return false;
  p->cur += strlen(kw);
  return true;
}

cx_status_t cx_p_expect(cx_parser_t* p, char c) {
  if (cx_p_accept(p, c)) return NULL;
  return cx_p_error(p, "expected '%c'", c);
}

cx_status_t cx_p_expect_str(cx_parser_t* p, const char* s) {
  if (cx_p_accept_str(p, s)) return NULL;
  return cx_p_error(p, "expected '%s'", s);
}

cx_status_t cx_p_expect_keyword(cx_parser_t* p, const char* kw) {
  if (cx_p_accept_keyword(p, kw)) return NULL;
  return cx_p_error(p, "expected '%s'", kw);
}

bool cx_p_peek_ident(cx_parser_t* p) {
  cx_p_skip_ws(p);
  return p->cur < p->end && is_ident_start(*p->cur);
}

bool cx_p_ident(cx_parser_t* p, const char** out, size_t* out_len) {
  cx_p_skip_ws(p);
  const char* c = p->cur;
  if (c >= p->end || !is_ident_start(*c)) return false;
  const char* start = c;
  while (c < p->end && (is_ident_char(*c) || (*c == '-' && c + 1 < p->end &&
                                              isalpha((unsigned char)c[1]) && c > start &&
                                              strncmp(start, "stablehlo.", 10) == 0)))
    c++;
  *out = start;
  *out_len = (size_t)(c - start);
  p->cur = c;
  return true;
}

bool cx_p_peek_int(cx_parser_t* p) {
  cx_p_skip_ws(p);
  const char* c = p->cur;
  if (c < p->end && (*c == '-' || *c == '+')) c++;
  return c < p->end && isdigit((unsigned char)*c);
}

cx_status_t cx_p_int(cx_parser_t* p, int64_t* out) {
  cx_p_skip_ws(p);
  const char* start = p->cur;
  const char* c = start;
  if (cx_p_accept_keyword(p, "true")) {
    *out = 1;
    return NULL;
  }
  if (cx_p_accept_keyword(p, "false")) {
    *out = 0;
    return NULL;
  }
  bool neg = false;
  if (c < p->end && (*c == '-' || *c == '+')) {
    neg = *c == '-';
    c++;
  }
  if (c >= p->end || !isdigit((unsigned char)*c)) return cx_p_error(p, "expected integer");
  uint64_t v = 0;
  bool overflow = false;
  if (c + 1 < p->end && c[0] == '0' && (c[1] == 'x' || c[1] == 'X')) {
    c += 2;
    if (c >= p->end || !isxdigit((unsigned char)*c)) return cx_p_error(p, "expected hex digits");
    while (c < p->end && isxdigit((unsigned char)*c)) {
      int d = isdigit((unsigned char)*c) ? *c - '0' : (tolower((unsigned char)*c) - 'a' + 10);
      if (v >> 60) overflow = true;
      v = v * 16 + (uint64_t)d;
      c++;
    }
  } else {
    while (c < p->end && isdigit((unsigned char)*c)) {
      uint64_t d = (uint64_t)(*c - '0');
      if (v > (UINT64_MAX - d) / 10) overflow = true;
      v = v * 10 + d;
      c++;
    }
  }
  if (overflow) return cx_p_error_at(p, start, "integer literal out of range");
  if (neg) {
    if (v > (uint64_t)INT64_MAX + 1) return cx_p_error_at(p, start, "integer literal out of range");
    *out = (int64_t)(0 - v);
  } else {
    // Values above INT64_MAX (ui64 data) keep their bit pattern.
    *out = (int64_t)v;
  }
  p->cur = c;
  return NULL;
}

cx_status_t cx_p_float(cx_parser_t* p, double* out) {
  cx_p_skip_ws(p);
  const char* c = p->cur;
  bool neg = false;
  if (c < p->end && (*c == '-' || *c == '+')) {
    neg = *c == '-';
    c++;
  }
  // inf / nan keywords (MLIR prints non-finite values as hex, but accept them).
  if ((size_t)(p->end - c) >= 3 && (strncmp(c, "inf", 3) == 0 || strncmp(c, "nan", 3) == 0)) {
    bool is_inf = c[0] == 'i';
    c += 3;
    if (is_inf && (size_t)(p->end - c) >= 5 && strncmp(c, "inity", 5) == 0) c += 5;
    p->cur = c;
    *out = is_inf ? (neg ? -INFINITY : INFINITY) : (neg ? -NAN : NAN);
    return NULL;
  }
  // Copy the literal into a bounded buffer: strtod needs NUL termination and
  // the input may not have it.
  const char* start = c;
  while (c < p->end && (isdigit((unsigned char)*c) || *c == '.' || *c == 'e' || *c == 'E' ||
                        ((*c == '-' || *c == '+') && (c[-1] == 'e' || c[-1] == 'E'))))
    c++;
  size_t n = (size_t)(c - start);
  if (n == 0 || !isdigit((unsigned char)*start)) return cx_p_error(p, "expected float literal");
  char buf[128];
  if (n >= sizeof(buf)) return cx_p_error(p, "float literal too long");
  memcpy(buf, start, n);
  buf[n] = 0;
  char* endp = NULL;
  double v = strtod(buf, &endp);
  if (endp != buf + n) return cx_p_error(p, "malformed float literal");
  p->cur = c;
  *out = neg ? -v : v;
  return NULL;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

cx_status_t cx_p_string(cx_parser_t* p, const char** out, size_t* out_len) {
  cx_p_skip_ws(p);
  const char* start = p->cur;
  if (start >= p->end || *start != '"') return cx_p_error(p, "expected string literal");
  const char* c = start + 1;
  // First pass: find the end and whether there are escapes.
  bool escapes = false;
  while (c < p->end && *c != '"') {
    if (*c == '\n') return cx_p_error_at(p, start, "string literal is missing its closing quote");
    if (*c == '\\') {
      escapes = true;
      c++;
    }
    c++;
  }
  if (c >= p->end) return cx_p_error_at(p, start, "string literal is missing its closing quote");
  const char* body = start + 1;
  size_t raw_len = (size_t)(c - body);
  p->cur = c + 1;
  if (!escapes) {
    char* copy = cx_arena_strndup(&p->module->arena, body, raw_len);
    if (!copy) return CX_OOM();
    *out = copy;
    *out_len = raw_len;
    return NULL;
  }
  char* dst = cx_arena_alloc(&p->module->arena, raw_len + 1, 1);
  if (!dst) return CX_OOM();
  size_t n = 0;
  for (const char* s = body; s < c; s++) {
    if (*s != '\\') {
      dst[n++] = *s;
      continue;
    }
    s++;
    switch (*s) {
      case 'n': dst[n++] = '\n'; break;
      case 't': dst[n++] = '\t'; break;
      case '\\': dst[n++] = '\\'; break;
      case '"': dst[n++] = '"'; break;
      default: {
        int hi = hex_value(s[0]);
        int lo = s + 1 < c ? hex_value(s[1]) : -1;
        if (hi < 0 || lo < 0) return cx_p_error_at(p, s - 1, "unknown escape in string literal");
        dst[n++] = (char)(hi * 16 + lo);
        s++;
      }
    }
  }
  dst[n] = 0;
  *out = dst;
  *out_len = n;
  return NULL;
}

cx_status_t cx_p_name_string(cx_parser_t* p, const char** out, size_t* out_len) {
  cx_p_skip_ws(p);
  const char* at = p->cur;
  CX_RETURN_IF_ERROR(cx_p_string(p, out, out_len));
  if (memchr(*out, 0, *out_len))
    return cx_p_error_at(p, at, "names must not contain NUL characters");
  return NULL;
}

static cx_status_t int_list(cx_parser_t* p, bool allow_dynamic, bool tmp, int64_t** out,
                           uint32_t* out_len) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '['));
  int64_t small[16];
  int64_t* vals = small;
  uint32_t n = 0, cap = 16;
  cx_status_t st = NULL;
  if (!cx_p_accept(p, ']')) {
    do {
      if (n == cap) {
        int64_t* grown = cx_alloc(p->ctx->allocator, sizeof(int64_t) * cap * 2);
        if (!grown) {
          st = CX_OOM();
          break;
        }
        memcpy(grown, vals, sizeof(int64_t) * n);
        if (vals != small) cx_free(p->ctx->allocator, vals);
        vals = grown;
        cap *= 2;
      }
      if (allow_dynamic && cx_p_accept(p, '?')) {
        vals[n++] = CX_DYNAMIC_DIM;
        continue;
      }
      st = cx_p_int(p, &vals[n]);
      if (st) break;
      n++;
    } while (cx_p_accept(p, ','));
    if (!st) st = cx_p_expect(p, ']');
  }
  if (!st) {
    if (tmp) {
      *out = CX_P_TMP_ARRAY(p, int64_t, n);
      if (*out && n) memcpy(*out, vals, n * sizeof(int64_t));
    } else {
      *out = cx_arena_memdup(&p->module->arena, vals, n * sizeof(int64_t), 8);
    }
    *out_len = n;
    if (!*out) st = CX_OOM();
  }
  if (vals != small) cx_free(p->ctx->allocator, vals);
  return st;
}

cx_status_t cx_p_int_list(cx_parser_t* p, bool allow_dynamic, int64_t** out, uint32_t* out_len) {
  return int_list(p, allow_dynamic, false, out, out_len);
}

cx_status_t cx_p_int_list_tmp(cx_parser_t* p, bool allow_dynamic, int64_t** out,
                              uint32_t* out_len) {
  return int_list(p, allow_dynamic, true, out, out_len);
}

cx_status_t cx_p_skip_balanced(cx_parser_t* p) {
  cx_p_skip_ws(p);
  const char* start = p->cur;
  if (start >= p->end || !(*start && strchr("<([{", *start)))
    return cx_p_error(p, "expected a bracketed group");
  char stack[CX_PARSER_MAX_DEPTH];
  int depth = 0;
  const char* c = p->cur;
  while (c < p->end) {
    char ch = *c;
    if (ch == '"') {
      c++;
      while (c < p->end && *c != '"') {
        if (*c == '\\') c++;
        c++;
      }
      if (c >= p->end) break;
    } else if (ch == '<' || ch == '(' || ch == '[' || ch == '{') {
      if (depth == CX_PARSER_MAX_DEPTH) return cx_p_error_at(p, c, "nesting too deep");
      stack[depth++] = ch == '<' ? '>' : ch == '(' ? ')' : ch == '[' ? ']' : '}';
    } else if (ch == '>' || ch == ')' || ch == ']' || ch == '}') {
      // "->" inside a group is an arrow, not a closing bracket.
      if (ch == '>' && c > p->cur && c[-1] == '-') {
        c++;
        continue;
      }
      if (depth == 0 || stack[depth - 1] != ch)
        return cx_p_error_at(p, c, "unbalanced '%c'", ch);
      depth--;
      if (depth == 0) {
        p->cur = c + 1;
        return NULL;
      }
    } else if (ch == '\n') {
      p->line++;
      p->line_start = c + 1;
    } else if (ch == 0) {
      // Skipped groups are kept as text (opaque attributes), which must not
      // hide a NUL byte; MLIR rejects it outside string literals too.
      return cx_p_error_at(p, c, "unexpected NUL character");
    }
    c++;
    if (depth == 0) {
      p->cur = c;
      return NULL;
    }
  }
  return cx_p_error_at(p, start, "unterminated group");
}

// ----------------------------------------------------------------------------
// Errors and locations.

// Counts the newlines in [from, to), given that `from` is on line `line`
// starting at `ls`.
static void count_lines(const char* from, const char* to, unsigned* line, const char** ls) {
  for (const char* c = from; c < to;) {
    const char* nl = memchr(c, '\n', (size_t)(to - c));
    if (!nl) break;
    ++*line;
    *ls = c = nl + 1;
  }
}

cx_loc_t cx_p_loc_at(cx_parser_t* p, const char* at) {
  cx_loc_t loc = {p->filename, 0, 0, NULL};
  // Fast path: the position is on the cursor's line.
  if (at >= p->line_start && at <= p->cur) {
    loc.line = p->line;
    loc.col = (uint32_t)(at - p->line_start) + 1;
    return loc;
  }
  if (at > p->end) at = p->end;
  if (at < p->begin) at = p->begin;
  if (!p->lines_scanned) {
    p->lines_scanned = p->lines_scanned_line_start = p->begin;
    p->lines_scanned_line = p->options && p->options->first_line ? p->options->first_line : 1;
  }
  unsigned line;
  const char* ls;
  if (at >= p->lines_scanned) {
    // Extend the scan to `at`, leaving marks behind.
    while (p->lines_scanned < at) {
      const char* to = p->lines_scanned + CX_P_LOC_MARK_BYTES;
      if (to > at || to < p->lines_scanned) to = at;
      count_lines(p->lines_scanned, to, &p->lines_scanned_line, &p->lines_scanned_line_start);
      p->lines_scanned = to;
      if (to == at) break;
      if (p->num_line_marks == p->line_marks_cap) {
        size_t cap = p->line_marks_cap ? 2 * p->line_marks_cap : 64;
        cx_p_line_mark_t* grown =
            cx_realloc(p->ctx->allocator, p->line_marks, cap * sizeof(*grown));
        // Without room for marks, lookups behind the scan start further
        // back; they stay correct.
        if (!grown) continue;
        p->line_marks = grown;
        p->line_marks_cap = cap;
      }
      p->line_marks[p->num_line_marks++] =
          (cx_p_line_mark_t){to, p->lines_scanned_line_start, p->lines_scanned_line};
    }
    line = p->lines_scanned_line;
    ls = p->lines_scanned_line_start;
  } else {
    // Behind the scan: start from the last mark at or before `at`.
    const char* from = p->begin;
    line = p->options && p->options->first_line ? p->options->first_line : 1;
    ls = p->begin;
    size_t lo = 0, hi = p->num_line_marks;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (p->line_marks[mid].pos <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) {
      const cx_p_line_mark_t* m = &p->line_marks[lo - 1];
      from = m->pos;
      line = m->line;
      ls = m->line_start;
    }
    count_lines(from, at, &line, &ls);
  }
  loc.line = line;
  loc.col = (uint32_t)(at - ls) + 1;
  return loc;
}

void cx_p_free_line_marks(cx_parser_t* p) {
  cx_free(p->ctx->allocator, p->line_marks);
  p->line_marks = NULL;
  p->num_line_marks = p->line_marks_cap = 0;
}

cx_status_t cx_p_locate(cx_parser_t* p, const char* at, cx_status_t status) {
  if (!status || cx_status_location(status)) return status;
  char buf[512];
  return cx_status_with_location(status, cx_loc_format(cx_p_loc_at(p, at), buf, sizeof(buf)));
}

cx_status_t cx_p_error_at(cx_parser_t* p, const char* at, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  cx_status_t st = cx_status_makev(CX_INVALID_ARGUMENT, __FILE__, __LINE__, fmt, args);
  va_end(args);
  return cx_p_locate(p, at, st);
}
