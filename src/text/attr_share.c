// Sharing equal small attributes while parsing (see cx_p_share_begin in
// parser.h). A model spells `dims = [0, 1]`, `comparison_direction = LT` or
// `{mhlo.sharding = "{replicated}"}` thousands of times; keeping one copy of
// each cuts the module's attribute memory several times over.
#include <string.h>

#include "ir/attrs.h"
#include "text/parser.h"

// Kept apart: dense_resource attributes (the parser patches their blobs
// later), dense data borrowed from the input or large, and long lists, whose
// hashing and comparing would cost more than sharing saves.
static bool shareable(const cx_attr_t* a, int depth) {
  if (depth > 4) return false;
  switch (a->kind) {
    case CX_ATTR_DENSE_RESOURCE:
      return false;
    case CX_ATTR_DENSE:
      return !a->dense.borrowed && a->dense.nbytes <= 256;
    case CX_ATTR_DENSE_ARRAY:
      return a->dense_array.count <= 64;
    case CX_ATTR_STRING:
    case CX_ATTR_SYMBOL_REF:
    case CX_ATTR_OPAQUE:
      return a->str.len <= 256;
    case CX_ATTR_ARRAY:
      if (a->array.count > 16) return false;
      for (uint32_t i = 0; i < a->array.count; i++)
        if (!shareable(a->array.items[i], depth + 1)) return false;
      return true;
    case CX_ATTR_DICT:
      if (a->dict.count > 16) return false;
      for (uint32_t i = 0; i < a->dict.count; i++)
        if (!shareable(a->dict.items[i].value, depth + 1)) return false;
      return true;
    case CX_ATTR_REPLICA_GROUP_MESH_AXES:
      return false;
    default:
      return true;
  }
}

cx_p_share_t cx_p_share_begin(cx_parser_t* p) {
  cx_p_share_t s = {cx_arena_mark(&p->module->arena), p->share_epoch, p->share_depth == 0};
  p->share_depth++;
  return s;
}

// The slot of an attribute equal to `a` (hash h), or the empty slot for it.
static uint32_t find(const cx_parser_t* p, const cx_attr_t* a, uint64_t h) {
  uint32_t mask = p->shared.cap - 1;
  for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
    const cx_attr_t* e = p->shared.attrs[i];
    if (!e || (p->shared.hashes[i] == h && cx_attr_equal(e, a))) return i;
  }
}

static bool grow(cx_parser_t* p) {
  uint32_t cap = p->shared.cap ? p->shared.cap * 2 : 256;
  cx_allocator_t al = p->ctx->allocator;
  const cx_attr_t** attrs = cx_calloc(al, cap, sizeof(*attrs));
  uint64_t* hashes = cx_alloc_array(al, cap, sizeof(*hashes));
  if (!attrs || !hashes) {
    cx_free(al, attrs);
    cx_free(al, hashes);
    return false;
  }
  uint32_t old_cap = p->shared.cap;
  const cx_attr_t** old_attrs = p->shared.attrs;
  uint64_t* old_hashes = p->shared.hashes;
  p->shared.attrs = attrs;
  p->shared.hashes = hashes;
  p->shared.cap = cap;
  for (uint32_t i = 0; i < old_cap; i++) {
    if (!old_attrs[i]) continue;
    uint32_t j = find(p, old_attrs[i], old_hashes[i]);
    attrs[j] = old_attrs[i];
    hashes[j] = old_hashes[i];
  }
  cx_free(al, old_attrs);
  cx_free(al, old_hashes);
  return true;
}

const cx_attr_t* cx_p_share_end(cx_parser_t* p, cx_p_share_t scope, const cx_attr_t* a) {
  p->share_depth--;
  if (!a || !scope.outer || !shareable(a, 0)) return a;
  // Out of memory for the table only means this attribute is not shared.
  if ((p->shared.count + 1) * 4 > p->shared.cap * 3 && !grow(p)) return a;
  uint64_t h = cx_attr_hash(a);
  uint32_t i = find(p, a, h);
  const cx_attr_t* earlier = p->shared.attrs[i];
  if (!earlier) {
    p->shared.attrs[i] = a;
    p->shared.hashes[i] = h;
    p->shared.count++;
    return a;
  }
  if (scope.epoch == p->share_epoch) (void)cx_arena_unwind(&p->module->arena, scope.mark);
  return earlier;
}

void cx_p_share_free(cx_parser_t* p) {
  cx_free(p->ctx->allocator, p->shared.attrs);
  cx_free(p->ctx->allocator, p->shared.hashes);
  memset(&p->shared, 0, sizeof(p->shared));
}
