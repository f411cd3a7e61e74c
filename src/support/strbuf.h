// Growable strings and printf-style formatting into heap strings.
#ifndef CXLA_SUPPORT_STRBUF_H_
#define CXLA_SUPPORT_STRBUF_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/allocator.h"
#include "cxla/status.h"

// A heap string from `allocator`; NULL on out-of-memory.
char* cx_format_with(cx_allocator_t allocator, const char* format, ...) CX_PRINTF(2, 3);
char* cx_vformat_with(cx_allocator_t allocator, const char* format, va_list args);
// The same from the system allocator (free with cx_free_malloced): for
// status messages, which live on the system allocator (cxla/allocator.h).
char* cx_format(const char* format, ...) CX_PRINTF(1, 2);
char* cx_vformat(const char* format, va_list args);

// Copies of strings (NUL-terminated); NULL on out-of-memory.
char* cx_strndup(cx_allocator_t allocator, const char* s, size_t len);
char* cx_strdup(cx_allocator_t allocator, const char* s);

// A growable byte buffer that is always NUL-terminated. On allocation failure
// it sets `failed` and drops further appends, so callers check once at the end.
// Memory comes from `allocator`; a zero-initialized strbuf (or
// cx_strbuf_init) uses the system allocator.
typedef struct cx_strbuf {
  char* data;
  size_t len;
  size_t cap;
  bool failed;
  cx_allocator_t allocator;
} cx_strbuf_t;

void cx_strbuf_init(cx_strbuf_t* sb);
void cx_strbuf_init_with(cx_strbuf_t* sb, cx_allocator_t allocator);
void cx_strbuf_free(cx_strbuf_t* sb);
void cx_strbuf_clear(cx_strbuf_t* sb);
bool cx_strbuf_reserve(cx_strbuf_t* sb, size_t extra);
void cx_strbuf_append(cx_strbuf_t* sb, const char* data, size_t len);
void cx_strbuf_puts(cx_strbuf_t* sb, const char* s);
void cx_strbuf_putc(cx_strbuf_t* sb, char c);
void cx_strbuf_printf(cx_strbuf_t* sb, const char* format, ...) CX_PRINTF(2, 3);
void cx_strbuf_vprintf(cx_strbuf_t* sb, const char* format, va_list args);
// Appends the string with MLIR escaping (\", \\, \n, non-printables as \XX),
// without the surrounding quotes.
void cx_strbuf_escaped(cx_strbuf_t* sb, const char* data, size_t len);
// Appends an integer in decimal.
void cx_strbuf_i64(cx_strbuf_t* sb, int64_t v);
void cx_strbuf_u64(cx_strbuf_t* sb, uint64_t v);
// Writes the decimal digits of v, least significant first, to out (20 at
// most) and returns how many there are.
int cx_u64_digits_reversed(uint64_t v, char* out);
// Hands over the buffer (the caller frees it with the strbuf's allocator);
// the strbuf is reset (keeping its allocator). NULL if failed.
char* cx_strbuf_take(cx_strbuf_t* sb);

#endif  // CXLA_SUPPORT_STRBUF_H_
