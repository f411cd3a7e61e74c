// The IR context: interned types and strings, well-known attribute names.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "ir/op_schema.h"

static const char* const kNameSpellings[CX_NAME_COUNT] = {
#define CX_NAME(id) #id,
#include "ir/names.def"
#undef CX_NAME
};

typedef struct str_key {
  const char* s;
  size_t len;
} str_key_t;

static bool interned_eq(const void* item, const void* key) {
  const char* s = item;
  const str_key_t* k = key;
  return strncmp(s, k->s, k->len) == 0 && s[k->len] == 0;
}

const char* cx_intern(cx_context_t* ctx, const char* s, size_t len) {
  uint64_t h = cx_hash_bytes(s, len, 0x5eed);
  str_key_t key = {s, len};
  const char* found = cx_hashset_find(&ctx->strings, h, interned_eq, &key);
  if (found) return found;
  // A string containing NUL would not compare equal to itself above; such
  // names are not valid identifiers anyway.
  if (memchr(s, 0, len)) return NULL;
  char* copy = cx_arena_strndup(&ctx->arena, s, len);
  if (!copy || !cx_hashset_insert(&ctx->strings, h, copy)) return NULL;
  return copy;
}

const char* cx_interned(const cx_context_t* ctx, const char* s, size_t len) {
  str_key_t key = {s, len};
  return cx_hashset_find(&ctx->strings, cx_hash_bytes(s, len, 0x5eed), interned_eq, &key);
}

cx_status_t cx_ir_context_create(cx_allocator_t allocator, cx_context_t** out_ctx) {
  *out_ctx = NULL;
  cx_context_t* ctx = cx_alloc(allocator, sizeof(*ctx));
  if (!ctx) return CX_OOM();
  memset(ctx, 0, sizeof(*ctx));
  ctx->allocator = allocator;
  cx_arena_init(&ctx->arena, allocator);
  cx_hashset_init(&ctx->types, allocator);
  cx_hashset_init(&ctx->strings, allocator);
  for (int i = 0; i < CX_NAME_COUNT; i++) {
    ctx->names[i] = cx_intern(ctx, kNameSpellings[i], strlen(kNameSpellings[i]));
    if (!ctx->names[i]) {
      cx_context_destroy(ctx);
      return CX_OOM();
    }
  }
  cx_status_t st = cx_op_schema_index(ctx);
  if (st) {
    cx_context_destroy(ctx);
    return st;
  }
  *out_ctx = ctx;
  return NULL;
}

void cx_context_destroy(cx_context_t* ctx) {
  if (!ctx) return;
  cx_hashset_free(&ctx->types);
  cx_hashset_free(&ctx->strings);
  cx_hashset_free(&ctx->locations);
  cx_arena_destroy(&ctx->arena);
  cx_free(ctx->allocator, ctx);
}

cx_status_t cx_asm_parse_attr(cx_module_t* module, const char* text, size_t len,
                              const cx_attr_t** out) {
  const cx_asm_parser_t* p = module->ctx->asm_parser;
  if (!p) return CX_ERROR(CX_UNIMPLEMENTED, "this context has no MLIR assembly parser");
  return p->parse_attr(module, text, len, out);
}

cx_status_t cx_asm_parse_type(cx_module_t* module, const char* text, size_t len,
                              const cx_type_t** out) {
  const cx_asm_parser_t* p = module->ctx->asm_parser;
  if (!p) return CX_ERROR(CX_UNIMPLEMENTED, "this context has no MLIR assembly parser");
  return p->parse_type(module, text, len, out);
}

const char* cx_loc_format(cx_loc_t loc, char* buf, size_t buf_size) {
  if (!loc.file) {
    snprintf(buf, buf_size, "<unknown>");
  } else if (loc.line == 0) {
    snprintf(buf, buf_size, "%s", loc.file);
  } else {
    snprintf(buf, buf_size, "%s:%u:%u", loc.file, loc.line, loc.col);
  }
  return buf;
}
