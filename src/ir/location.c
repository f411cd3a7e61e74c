// Locations, interned in the context (location.h).
#include "ir/location.h"

#include <string.h>

#include "support/hashmap.h"

// Children are interned before their parents, so comparing kids compares
// pointers.
static bool loc_equal(const void* item, const void* key) {
  const cx_location_t* a = item;
  const cx_location_t* b = key;
  if (a->kind != b->kind || a->form != b->form || a->str != b->str || a->nkids != b->nkids ||
      a->start_line != b->start_line || a->start_col != b->start_col ||
      a->end_line != b->end_line || a->end_col != b->end_col)
    return false;
  for (uint32_t i = 0; i < a->nkids; i++)
    if (a->kids[i] != b->kids[i]) return false;
  return true;
}

static uint64_t loc_hash(const cx_location_t* l) {
  uint64_t h = cx_hash_mix(0x10c, (uint64_t)l->kind * 31 + l->form);
  h = cx_hash_mix(h, (uint64_t)(uintptr_t)l->str);
  h = cx_hash_mix(h, ((uint64_t)l->start_line << 32) | l->start_col);
  h = cx_hash_mix(h, ((uint64_t)l->end_line << 32) | l->end_col);
  for (uint32_t i = 0; i < l->nkids; i++) h = cx_hash_mix(h, (uint64_t)(uintptr_t)l->kids[i]);
  return h ? h : 1;
}

static const cx_location_t* intern(cx_context_t* ctx, cx_location_t* key) {
  key->hash = loc_hash(key);
  const cx_location_t* found = cx_hashset_find(&ctx->locations, key->hash, loc_equal, key);
  if (found) return found;
  cx_location_t* l = CX_ARENA_NEW(&ctx->arena, cx_location_t);
  if (!l) return NULL;
  *l = *key;
  if (key->nkids) {
    const cx_location_t** kids = CX_ARENA_ARRAY(&ctx->arena, const cx_location_t*, key->nkids);
    if (!kids) return NULL;
    memcpy(kids, key->kids, key->nkids * sizeof(*kids));
    l->kids = kids;
  }
  if (!cx_hashset_insert(&ctx->locations, l->hash, l)) return NULL;
  return l;
}

const cx_location_t* cx_location_unknown(cx_context_t* ctx) {
  cx_location_t key = {.kind = CX_LOC_UNKNOWN};
  return intern(ctx, &key);
}

const cx_location_t* cx_location_file(cx_context_t* ctx, const char* file, size_t len,
                                      cx_loc_form_t form, uint32_t start_line,
                                      uint32_t start_col, uint32_t end_line, uint32_t end_col) {
  cx_location_t key = {.kind = CX_LOC_FILE, .form = (uint8_t)form};
  key.str = cx_intern(ctx, file, len);
  if (!key.str) return NULL;
  // Positions a form does not write are those MLIR derives: zeros before
  // the first, the start for a missing end.
  key.start_line = form >= CX_LOC_FORM_LINE ? start_line : 0;
  key.start_col = form >= CX_LOC_FORM_POINT ? start_col : 0;
  key.end_line = form == CX_LOC_FORM_LINES ? end_line : key.start_line;
  key.end_col = form >= CX_LOC_FORM_COLUMNS ? end_col : key.start_col;
  return intern(ctx, &key);
}

const cx_location_t* cx_location_name(cx_context_t* ctx, const char* name, size_t len,
                                      const cx_location_t* child) {
  // As in MLIR, a name without a child has the unknown location as child
  // (and prints without it).
  if (!child && !(child = cx_location_unknown(ctx))) return NULL;
  cx_location_t key = {.kind = CX_LOC_NAME, .nkids = 1, .kids = &child};
  key.str = cx_intern(ctx, name, len);
  return key.str ? intern(ctx, &key) : NULL;
}

const cx_location_t* cx_location_callsite(cx_context_t* ctx, const cx_location_t* callee,
                                          const cx_location_t* caller) {
  const cx_location_t* kids[2] = {callee, caller};
  cx_location_t key = {.kind = CX_LOC_CALLSITE, .nkids = 2, .kids = kids};
  return intern(ctx, &key);
}

const cx_location_t* cx_location_fused(cx_context_t* ctx, uint32_t n,
                                       const cx_location_t* const* locs, const char* metadata,
                                       size_t metadata_len) {
  cx_location_t key = {.kind = CX_LOC_FUSED, .nkids = n, .kids = locs};
  if (metadata) {
    key.str = cx_intern(ctx, metadata, metadata_len);
    if (!key.str) return NULL;
  }
  return intern(ctx, &key);
}

static bool summarize(const cx_location_t* l, int depth, cx_loc_t* out) {
  if (!l || depth > 256) return false;
  switch (l->kind) {
    case CX_LOC_FILE:
      out->file = l->str;
      out->line = l->start_line;
      out->col = l->start_col;
      return true;
    case CX_LOC_NAME:
    case CX_LOC_FUSED:
      for (uint32_t i = 0; i < l->nkids; i++)
        if (summarize(l->kids[i], depth + 1, out)) return true;
      return false;
    case CX_LOC_CALLSITE:
      // The callee is where the op is; the caller is where it was called.
      return summarize(l->kids[0], depth + 1, out) || summarize(l->kids[1], depth + 1, out);
    default:
      return false;
  }
}

cx_loc_t cx_location_summary(const cx_location_t* loc) {
  cx_loc_t out = {0};
  summarize(loc, 0, &out);
  out.full = loc;
  return out;
}

cx_loc_t cx_loc_with(const cx_location_t* full, cx_loc_t fallback) {
  cx_loc_t out = cx_location_summary(full);
  if (!out.file) {
    out = fallback;
    out.full = full;
  }
  return out;
}

const char* cx_location_name_of(const cx_location_t* loc) {
  return loc && loc->kind == CX_LOC_NAME ? loc->str : NULL;
}

static void print_string(cx_strbuf_t* out, const char* s) {
  cx_strbuf_putc(out, '"');
  cx_strbuf_escaped(out, s, strlen(s));
  cx_strbuf_putc(out, '"');
}

static void print_loc(cx_strbuf_t* out, const cx_location_t* l, int depth) {
  if (!l || depth > 256) {
    cx_strbuf_puts(out, "unknown");
    return;
  }
  switch (l->kind) {
    case CX_LOC_UNKNOWN:
      cx_strbuf_puts(out, "unknown");
      return;
    case CX_LOC_FILE:
      print_string(out, l->str);
      if (l->form == CX_LOC_FORM_NONE) {
        // MLIR's text has no spelling for a range without positions; the
        // closest is line 0.
        cx_strbuf_puts(out, ":0:0");
        return;
      }
      cx_strbuf_printf(out, ":%u", l->start_line);
      if (l->form == CX_LOC_FORM_LINE) return;
      cx_strbuf_printf(out, ":%u", l->start_col);
      if (l->form == CX_LOC_FORM_COLUMNS) cx_strbuf_printf(out, " to :%u", l->end_col);
      if (l->form == CX_LOC_FORM_LINES) cx_strbuf_printf(out, " to %u:%u", l->end_line, l->end_col);
      return;
    case CX_LOC_NAME:
      print_string(out, l->str);
      if (l->nkids && l->kids[0]->kind != CX_LOC_UNKNOWN) {
        cx_strbuf_putc(out, '(');
        print_loc(out, l->kids[0], depth + 1);
        cx_strbuf_putc(out, ')');
      }
      return;
    case CX_LOC_CALLSITE:
      cx_strbuf_puts(out, "callsite(");
      print_loc(out, l->kids[0], depth + 1);
      cx_strbuf_puts(out, " at ");
      print_loc(out, l->kids[1], depth + 1);
      cx_strbuf_putc(out, ')');
      return;
    case CX_LOC_FUSED:
      cx_strbuf_puts(out, "fused");
      if (l->str) {
        cx_strbuf_putc(out, '<');
        cx_strbuf_puts(out, l->str);
        cx_strbuf_putc(out, '>');
      }
      cx_strbuf_putc(out, '[');
      for (uint32_t i = 0; i < l->nkids; i++) {
        if (i) cx_strbuf_puts(out, ", ");
        print_loc(out, l->kids[i], depth + 1);
      }
      cx_strbuf_putc(out, ']');
      return;
  }
}

void cx_location_print(cx_strbuf_t* out, const cx_location_t* loc) { print_loc(out, loc, 0); }
