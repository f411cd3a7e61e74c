// MLIR bytecode primitives: prefix varints, zigzag signed varints, strings,
// alignment padding and sections, for reading (bounds-checked cursors whose
// errors name the section and byte offset) and for writing (growable
// buffers). The varint layout is MLIR's "PrefixVarInt": the count of trailing
// zero bits in the first byte is the number of extra bytes.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"
#include "support/strbuf.h"
#include "support/vec.h"

// ----------------------------------------------------------------------------
// Reading.

cx_status_t bc_error(const bc_cursor_t* c, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* msg = cx_vformat(fmt, args);
  va_end(args);
  cx_status_t st = CX_ERROR(CX_DATA_LOSS, "malformed bytecode: %s (%s section, byte offset %zu)",
                            msg ? msg : "out of memory", c->section ? c->section : "header",
                            bc_offset(c));
  cx_free_malloced(msg);
  return cx_status_with_location(st, c->filename ? c->filename : "<input>");
}

cx_status_t bc_read_byte(bc_cursor_t* c, uint8_t* out) {
  if (c->p >= c->end) return bc_error(c, "unexpected end of data");
  *out = *c->p++;
  return NULL;
}

cx_status_t bc_read_varint_slow(bc_cursor_t* c, uint64_t* out) {
  if (c->p >= c->end) return bc_error(c, "unexpected end of data reading a varint");
  uint8_t first = *c->p;
  if (first & 1) {
    *out = first >> 1;
    c->p++;
    return NULL;
  }
  if (first == 0) {
    // All 8 value bytes follow the marker byte.
    if ((size_t)(c->end - c->p) < 9) return bc_error(c, "truncated 9-byte varint");
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)c->p[1 + i] << (8 * i);
    c->p += 9;
    *out = v;
    return NULL;
  }
  int extra = __builtin_ctz(first);  // 1..7
  if ((size_t)(c->end - c->p) < (size_t)extra + 1) return bc_error(c, "truncated varint");
  uint64_t v = 0;
  for (int i = 0; i <= extra; i++) v |= (uint64_t)c->p[i] << (8 * i);
  c->p += extra + 1;
  *out = v >> (extra + 1);
  return NULL;
}

cx_status_t bc_read_svarint(bc_cursor_t* c, int64_t* out) {
  uint64_t v = 0;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &v));
  *out = (int64_t)((v >> 1) ^ (~(v & 1) + 1));
  return NULL;
}

cx_status_t bc_read_varint_flag(bc_cursor_t* c, uint64_t* out, bool* flag) {
  uint64_t v = 0;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &v));
  *flag = v & 1;
  *out = v >> 1;
  return NULL;
}

cx_status_t bc_read_bytes(bc_cursor_t* c, size_t n, const uint8_t** out) {
  if (n > (size_t)(c->end - c->p))
    return bc_error(c, "%zu bytes needed, only %zu left", n, (size_t)(c->end - c->p));
  *out = c->p;
  c->p += n;
  return NULL;
}

cx_status_t bc_read_cstr(bc_cursor_t* c, const char** out, size_t* out_len) {
  const uint8_t* nul = memchr(c->p, 0, (size_t)(c->end - c->p));
  if (!nul) return bc_error(c, "string without a terminating NUL");
  *out = (const char*)c->p;
  *out_len = (size_t)(nul - c->p);
  c->p = nul + 1;
  return NULL;
}

cx_status_t bc_read_count(bc_cursor_t* c, size_t min_bytes_each, uint64_t* out) {
  CX_RETURN_IF_ERROR(bc_read_varint(c, out));
  size_t left = (size_t)(c->end - c->p);
  if (min_bytes_each && *out > left / min_bytes_each)
    return bc_error(c, "count %llu exceeds the %zu bytes left", (unsigned long long)*out, left);
  return NULL;
}

cx_status_t bc_align(bc_cursor_t* c, uint64_t alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) || alignment > (1u << 30))
    return bc_error(c, "alignment %llu is not a power of two", (unsigned long long)alignment);
  // MLIR aligns relative to the buffer, which it loads at an aligned address;
  // the file start stands in for that address here.
  while (bc_offset(c) & (alignment - 1)) {
    uint8_t b = 0;
    CX_RETURN_IF_ERROR(bc_read_byte(c, &b));
    if (b != BC_ALIGNMENT_BYTE) return bc_error(c, "expected alignment byte 0xCB, got 0x%02X", b);
  }
  return NULL;
}

// ----------------------------------------------------------------------------
// Writing.

void bc_buf_free(bc_buf_t* b) {
  cx_allocator_t a = b->allocator;
  cx_free(a, b->data);
  memset(b, 0, sizeof(*b));
  b->allocator = a;
}

static bool reserve(bc_buf_t* b, size_t extra) {
  if (b->failed) return false;
  size_t need = b->len + extra;
  if (need <= b->cap) return true;
  // Doubling from 256 bytes.
  void* data = b->data;
  if (!cx_vec_grow_(b->allocator, &data, &b->cap, 1, need < 256 ? 256 : need)) {
    b->failed = true;
    return false;
  }
  b->data = data;
  return true;
}

void bc_buf_byte(bc_buf_t* b, uint8_t v) {
  if (reserve(b, 1)) b->data[b->len++] = v;
}

void bc_buf_bytes(bc_buf_t* b, const void* data, size_t n) {
  if (n && reserve(b, n)) {
    memcpy(b->data + b->len, data, n);
    b->len += n;
  }
}

int bc_varint_size(uint64_t v) {
  int n = 1;
  for (uint64_t it = v >> 7; it && n < 9; it >>= 7) n++;
  return n;
}

void bc_buf_varint(bc_buf_t* b, uint64_t v) {
  if ((v >> 7) == 0) {
    bc_buf_byte(b, (uint8_t)((v << 1) | 1));
    return;
  }
  int n = bc_varint_size(v);
  uint8_t tmp[9];
  if (n >= 9) {
    tmp[0] = 0;
    for (int i = 0; i < 8; i++) tmp[1 + i] = (uint8_t)(v >> (8 * i));
    bc_buf_bytes(b, tmp, 9);
    return;
  }
  // The value shifted past a 1 marker bit and n-1 zero bits.
  uint64_t enc = ((v << 1) | 1) << (n - 1);
  for (int i = 0; i < n; i++) tmp[i] = (uint8_t)(enc >> (8 * i));
  bc_buf_bytes(b, tmp, (size_t)n);
}

void bc_buf_svarint(bc_buf_t* b, int64_t v) {
  uint64_t u = (uint64_t)v;
  bc_buf_varint(b, (u << 1) ^ (uint64_t)(v >> 63));
}

void bc_buf_align(bc_buf_t* b, uint32_t alignment) {
  if (alignment < 2) return;
  while (b->len & (alignment - 1)) bc_buf_byte(b, BC_ALIGNMENT_BYTE);
  if (alignment > b->required_alignment) b->required_alignment = alignment;
}

void bc_buf_section(bc_buf_t* b, uint8_t id, bc_buf_t* contents) {
  if (contents->failed) b->failed = true;
  size_t code_at = b->len;
  bc_buf_byte(b, id);
  bc_buf_varint(b, contents->len);
  uint32_t align = contents->required_alignment;
  if (align > 1) {
    if (b->len & (align - 1)) {
      bc_buf_varint(b, align);
      bc_buf_align(b, align);
      if (!b->failed) b->data[code_at] |= 0x80;
    } else if (align > b->required_alignment) {
      b->required_alignment = align;
    }
  }
  bc_buf_bytes(b, contents->data, contents->len);
}
