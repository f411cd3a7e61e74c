#include "support/strbuf.h"

#include <stdio.h>
#include <string.h>

char* cx_vformat_with(cx_allocator_t allocator, const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (n < 0) return NULL;
  char* out = cx_alloc(allocator, (size_t)n + 1);
  if (!out) return NULL;
  vsnprintf(out, (size_t)n + 1, format, args);
  return out;
}

char* cx_format_with(cx_allocator_t allocator, const char* format, ...) {
  va_list args;
  va_start(args, format);
  char* out = cx_vformat_with(allocator, format, args);
  va_end(args);
  return out;
}

char* cx_vformat(const char* format, va_list args) {
  return cx_vformat_with(cx_allocator_system(), format, args);
}

char* cx_format(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char* out = cx_vformat_with(cx_allocator_system(), format, args);
  va_end(args);
  return out;
}

char* cx_strndup(cx_allocator_t allocator, const char* s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char* p = cx_alloc(allocator, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = 0;
  return p;
}

char* cx_strdup(cx_allocator_t allocator, const char* s) {
  return cx_strndup(allocator, s, strlen(s));
}

void cx_strbuf_init(cx_strbuf_t* sb) { memset(sb, 0, sizeof(*sb)); }

void cx_strbuf_init_with(cx_strbuf_t* sb, cx_allocator_t allocator) {
  memset(sb, 0, sizeof(*sb));
  sb->allocator = allocator;
}

void cx_strbuf_free(cx_strbuf_t* sb) {
  cx_allocator_t a = sb->allocator;
  cx_free(a, sb->data);
  memset(sb, 0, sizeof(*sb));
  sb->allocator = a;
}

void cx_strbuf_clear(cx_strbuf_t* sb) {
  sb->len = 0;
  if (sb->data) sb->data[0] = 0;
}

bool cx_strbuf_reserve(cx_strbuf_t* sb, size_t extra) {
  if (sb->failed) return false;
  if (sb->len + extra + 1 <= sb->cap) return true;
  size_t cap = sb->cap ? sb->cap : 64;
  while (cap < sb->len + extra + 1) {
    if (cap > SIZE_MAX / 2) {
      sb->failed = true;
      return false;
    }
    cap *= 2;
  }
  char* data = cx_realloc(sb->allocator, sb->data, cap);
  if (!data) {
    sb->failed = true;
    return false;
  }
  sb->data = data;
  sb->cap = cap;
  return true;
}

void cx_strbuf_append(cx_strbuf_t* sb, const char* data, size_t len) {
  if (!cx_strbuf_reserve(sb, len)) return;
  memcpy(sb->data + sb->len, data, len);
  sb->len += len;
  sb->data[sb->len] = 0;
}

void cx_strbuf_puts(cx_strbuf_t* sb, const char* s) { cx_strbuf_append(sb, s, strlen(s)); }

void cx_strbuf_putc(cx_strbuf_t* sb, char c) {
  if (!cx_strbuf_reserve(sb, 1)) return;
  sb->data[sb->len++] = c;
  sb->data[sb->len] = 0;
}

void cx_strbuf_vprintf(cx_strbuf_t* sb, const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (n < 0 || !cx_strbuf_reserve(sb, (size_t)n)) return;
  vsnprintf(sb->data + sb->len, (size_t)n + 1, format, args);
  sb->len += (size_t)n;
}

void cx_strbuf_printf(cx_strbuf_t* sb, const char* format, ...) {
  va_list args;
  va_start(args, format);
  cx_strbuf_vprintf(sb, format, args);
  va_end(args);
}

void cx_strbuf_escaped(cx_strbuf_t* sb, const char* data, size_t len) {
  static const char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)data[i];
    // As MLIR prints strings (llvm::printEscapedString): a backslash
    // doubled, other non-printable bytes and '"' as two hex digits.
    if (c == '\\') {
      cx_strbuf_append(sb, "\\\\", 2);
    } else if (c == '"' || c < 0x20 || c >= 0x7f) {
      char esc[3] = {'\\', kHex[c >> 4], kHex[c & 15]};
      cx_strbuf_append(sb, esc, 3);
    } else {
      cx_strbuf_putc(sb, (char)c);
    }
  }
}

int cx_u64_digits_reversed(uint64_t v, char* out) {
  int n = 0;
  do {
    out[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return n;
}

void cx_strbuf_u64(cx_strbuf_t* sb, uint64_t v) {
  char tmp[24];
  int n = cx_u64_digits_reversed(v, tmp);
  if (!cx_strbuf_reserve(sb, (size_t)n)) return;
  while (n) sb->data[sb->len++] = tmp[--n];
  sb->data[sb->len] = 0;
}

void cx_strbuf_i64(cx_strbuf_t* sb, int64_t v) {
  if (v < 0) {
    cx_strbuf_putc(sb, '-');
    cx_strbuf_u64(sb, (uint64_t)0 - (uint64_t)v);
  } else {
    cx_strbuf_u64(sb, (uint64_t)v);
  }
}

char* cx_strbuf_take(cx_strbuf_t* sb) {
  if (sb->failed) {
    cx_strbuf_free(sb);
    return NULL;
  }
  if (!sb->data) return cx_calloc(sb->allocator, 1, 1);
  char* out = sb->data;
  cx_allocator_t a = sb->allocator;
  memset(sb, 0, sizeof(*sb));
  sb->allocator = a;
  return out;
}
