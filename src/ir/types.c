// Interning and queries of IR types.
#include "ir/types.h"

#include <string.h>

#include "ir/ir.h"
#include "support/checked.h"

// ----------------------------------------------------------------------------
// Interning: a probe key is a stack cx_type_t whose pointer fields point to
// caller memory; on a miss it is copied into the context arena.

static uint64_t hash_ptrs(uint64_t h, uint32_t n, const cx_type_t* const* items) {
  for (uint32_t i = 0; i < n; i++) h = cx_hash_mix(h, (uint64_t)(uintptr_t)items[i]);
  return h;
}

static uint64_t type_hash(const cx_type_t* t) {
  uint64_t h = cx_hash_mix(0x51ed27, (uint64_t)t->kind);
  switch (t->kind) {
    case CX_TYPE_ELEMENT:
      h = cx_hash_mix(h, (uint64_t)t->element.elem * 2 + t->element.signless);
      break;
    case CX_TYPE_QUANT:
      h = cx_hash_mix(h, (uintptr_t)t->quant.storage);
      h = cx_hash_mix(h, (uintptr_t)t->quant.expressed);
      h = cx_hash_mix(h, (uint64_t)t->quant.storage_min);
      h = cx_hash_mix(h, (uint64_t)t->quant.storage_max);
      h = cx_hash_mix(h, (uint64_t)(int64_t)t->quant.axis);
      h = cx_hash_mix(h, t->quant.num_scales);
      h = cx_hash_bytes(t->quant.scales, t->quant.num_scales * sizeof(double), h);
      h = cx_hash_bytes(t->quant.zero_points, t->quant.num_scales * sizeof(int64_t), h);
      break;
    case CX_TYPE_TENSOR:
      h = cx_hash_mix(h, (uintptr_t)t->tensor.element);
      h = cx_hash_bytes(t->tensor.dims, t->tensor.rank * sizeof(int64_t), h);
      if (t->tensor.encoding) h = cx_hash_mix(h, cx_attr_hash(t->tensor.encoding));
      break;
    case CX_TYPE_TUPLE:
      h = hash_ptrs(cx_hash_mix(h, t->tuple.count), t->tuple.count, t->tuple.items);
      break;
    case CX_TYPE_FUNCTION:
      h = hash_ptrs(cx_hash_mix(h, t->func.num_inputs), t->func.num_inputs, t->func.inputs);
      h = hash_ptrs(cx_hash_mix(h, t->func.num_results), t->func.num_results, t->func.results);
      break;
    case CX_TYPE_OPAQUE:
      h = cx_hash_bytes(t->opaque.text, strlen(t->opaque.text), h);
      break;
    case CX_TYPE_TOKEN:
    case CX_TYPE_NONE:
      break;
  }
  return h;
}

static bool ptrs_equal(uint32_t n, const cx_type_t* const* a, const cx_type_t* const* b) {
  for (uint32_t i = 0; i < n; i++)
    if (a[i] != b[i]) return false;
  return true;
}

static bool type_equal(const void* item, const void* key) {
  const cx_type_t* a = item;
  const cx_type_t* b = key;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case CX_TYPE_ELEMENT:
      return a->element.elem == b->element.elem && a->element.signless == b->element.signless;
    case CX_TYPE_QUANT:
      return a->quant.storage == b->quant.storage && a->quant.expressed == b->quant.expressed &&
             a->quant.storage_min == b->quant.storage_min &&
             a->quant.storage_max == b->quant.storage_max &&
             a->quant.explicit_range == b->quant.explicit_range &&
             a->quant.axis == b->quant.axis && a->quant.num_scales == b->quant.num_scales &&
             memcmp(a->quant.scales, b->quant.scales, a->quant.num_scales * sizeof(double)) == 0 &&
             memcmp(a->quant.zero_points, b->quant.zero_points,
                    a->quant.num_scales * sizeof(int64_t)) == 0;
    case CX_TYPE_TENSOR:
      if (a->tensor.element != b->tensor.element || a->tensor.rank != b->tensor.rank) return false;
      if (a->tensor.rank &&
          memcmp(a->tensor.dims, b->tensor.dims, a->tensor.rank * sizeof(int64_t)) != 0)
        return false;
      if (!a->tensor.encoding || !b->tensor.encoding)
        return a->tensor.encoding == b->tensor.encoding;
      return cx_attr_equal(a->tensor.encoding, b->tensor.encoding);
    case CX_TYPE_TUPLE:
      return a->tuple.count == b->tuple.count &&
             ptrs_equal(a->tuple.count, a->tuple.items, b->tuple.items);
    case CX_TYPE_FUNCTION:
      return a->func.num_inputs == b->func.num_inputs &&
             a->func.num_results == b->func.num_results &&
             ptrs_equal(a->func.num_inputs, a->func.inputs, b->func.inputs) &&
             ptrs_equal(a->func.num_results, a->func.results, b->func.results);
    case CX_TYPE_OPAQUE:
      return strcmp(a->opaque.text, b->opaque.text) == 0;
    case CX_TYPE_TOKEN:
    case CX_TYPE_NONE:
      return true;
  }
  return false;
}

// Deep-copies the key's arrays into the context arena.
static cx_type_t* type_persist(cx_context_t* ctx, const cx_type_t* key) {
  cx_arena_t* a = &ctx->arena;
  cx_type_t* t = CX_ARENA_NEW(a, cx_type_t);
  if (!t) return NULL;
  *t = *key;
  switch (key->kind) {
    case CX_TYPE_QUANT: {
      uint32_t n = key->quant.num_scales;
      t->quant.scales = cx_arena_memdup(a, key->quant.scales, n * sizeof(double), 8);
      t->quant.zero_points = cx_arena_memdup(a, key->quant.zero_points, n * sizeof(int64_t), 8);
      if (!t->quant.scales || !t->quant.zero_points) return NULL;
      break;
    }
    case CX_TYPE_TENSOR:
      t->tensor.dims = cx_arena_memdup(a, key->tensor.dims, key->tensor.rank * sizeof(int64_t), 8);
      if (!t->tensor.dims) return NULL;
      break;
    case CX_TYPE_TUPLE:
      t->tuple.items = cx_arena_memdup(a, key->tuple.items, key->tuple.count * sizeof(void*), 8);
      if (!t->tuple.items) return NULL;
      break;
    case CX_TYPE_FUNCTION:
      t->func.inputs = cx_arena_memdup(a, key->func.inputs, key->func.num_inputs * sizeof(void*), 8);
      t->func.results =
          cx_arena_memdup(a, key->func.results, key->func.num_results * sizeof(void*), 8);
      if (!t->func.inputs || !t->func.results) return NULL;
      break;
    case CX_TYPE_OPAQUE:
      t->opaque.text = cx_intern(ctx, key->opaque.text, strlen(key->opaque.text));
      if (!t->opaque.text) return NULL;
      break;
    default:
      break;
  }
  return t;
}

static const cx_type_t* lookup(const cx_context_t* ctx, cx_type_t* key) {
  key->hash = type_hash(key);
  return cx_hashset_find(&ctx->types, key->hash, type_equal, key);
}

static const cx_type_t* intern(cx_context_t* ctx, cx_type_t* key) {
  const cx_type_t* found = lookup(ctx, key);
  if (found) return found;
  cx_type_t* t = type_persist(ctx, key);
  if (!t) return NULL;
  if (!cx_hashset_insert(&ctx->types, t->hash, t)) return NULL;
  return t;
}

const cx_type_t* cx_type_element_ex(cx_context_t* ctx, cx_elem_t elem, bool signless) {
  if (elem <= CX_ELEM_INVALID || elem >= CX_ELEM_COUNT) return NULL;
  if (!cx_elem_is_signed_int(elem)) signless = false;
  cx_type_t key = {.kind = CX_TYPE_ELEMENT};
  key.element.elem = elem;
  key.element.signless = signless;
  return intern(ctx, &key);
}

const cx_type_t* cx_type_element(cx_context_t* ctx, cx_elem_t elem) {
  return cx_type_element_ex(ctx, elem, true);
}

const cx_type_t* cx_type_quant(cx_context_t* ctx, const cx_type_t* storage,
                               const cx_type_t* expressed, int64_t storage_min,
                               int64_t storage_max, bool explicit_range, int32_t axis,
                               uint32_t num_scales, const double* scales,
                               const int64_t* zero_points) {
  cx_type_t key = {.kind = CX_TYPE_QUANT};
  key.quant.storage = storage;
  key.quant.expressed = expressed;
  key.quant.storage_min = storage_min;
  key.quant.storage_max = storage_max;
  key.quant.explicit_range = explicit_range;
  key.quant.axis = axis;
  key.quant.num_scales = num_scales;
  key.quant.scales = scales;
  key.quant.zero_points = zero_points;
  return intern(ctx, &key);
}

static cx_type_t tensor_key(const cx_type_t* element, uint32_t rank, const int64_t* dims,
                            const cx_attr_t* encoding) {
  cx_type_t key = {.kind = CX_TYPE_TENSOR};
  key.tensor.element = element;
  key.tensor.rank = rank;
  key.tensor.dims = dims;
  key.tensor.encoding = encoding;
  return key;
}

const cx_type_t* cx_type_tensor(cx_context_t* ctx, const cx_type_t* element, uint32_t rank,
                                const int64_t* dims, const cx_attr_t* encoding) {
  cx_type_t key = tensor_key(element, rank, dims, encoding);
  return intern(ctx, &key);
}

const cx_type_t* cx_type_tensor_bounded(cx_context_t* ctx, const cx_type_t* element,
                                        uint32_t rank, const int64_t* dims,
                                        const int64_t* bounds) {
  bool any = false;
  for (uint32_t i = 0; bounds && i < rank; i++) any = any || bounds[i] != CX_DYNAMIC_DIM;
  if (!any) return cx_type_tensor(ctx, element, rank, dims, NULL);
  // Look the type up with an encoding on the stack; only a new type gets a
  // persistent copy of it (encodings live as long as the context).
  cx_attr_t enc = {.kind = CX_ATTR_BOUNDS};
  enc.bounds.rank = rank;
  enc.bounds.bounds = bounds;
  cx_type_t key = tensor_key(element, rank, dims, &enc);
  const cx_type_t* found = lookup(ctx, &key);
  if (found) return found;
  const cx_attr_t* kept = cx_attr_persist_encoding(ctx, &enc);
  return kept ? cx_type_tensor(ctx, element, rank, dims, kept) : NULL;
}

const cx_type_t* cx_type_tuple(cx_context_t* ctx, uint32_t count, const cx_type_t* const* items) {
  cx_type_t key = {.kind = CX_TYPE_TUPLE};
  key.tuple.count = count;
  key.tuple.items = items;
  return intern(ctx, &key);
}

const cx_type_t* cx_type_token(cx_context_t* ctx) {
  cx_type_t key = {.kind = CX_TYPE_TOKEN};
  return intern(ctx, &key);
}

const cx_type_t* cx_type_none(cx_context_t* ctx) {
  cx_type_t key = {.kind = CX_TYPE_NONE};
  return intern(ctx, &key);
}

const cx_type_t* cx_type_function(cx_context_t* ctx, uint32_t num_inputs,
                                  const cx_type_t* const* inputs, uint32_t num_results,
                                  const cx_type_t* const* results) {
  cx_type_t key = {.kind = CX_TYPE_FUNCTION};
  key.func.num_inputs = num_inputs;
  key.func.inputs = inputs;
  key.func.num_results = num_results;
  key.func.results = results;
  return intern(ctx, &key);
}

const cx_type_t* cx_type_opaque(cx_context_t* ctx, const char* text, size_t len) {
  const char* interned = cx_intern(ctx, text, len);
  if (!interned) return NULL;
  cx_type_t key = {.kind = CX_TYPE_OPAQUE};
  key.opaque.text = interned;
  return intern(ctx, &key);
}

// ----------------------------------------------------------------------------
// Queries.

cx_elem_t cx_type_elem(const cx_type_t* t) {
  if (!t) return CX_ELEM_INVALID;
  if (t->kind == CX_TYPE_ELEMENT) return t->element.elem;
  if (t->kind == CX_TYPE_QUANT) return t->quant.storage->element.elem;
  return CX_ELEM_INVALID;
}

const cx_type_t* cx_type_expressed(const cx_type_t* t) {
  return t && t->kind == CX_TYPE_QUANT ? t->quant.expressed : t;
}

cx_elem_t cx_tensor_elem(const cx_type_t* tensor) {
  if (!cx_type_is_tensor(tensor)) return CX_ELEM_INVALID;
  return cx_type_elem(tensor->tensor.element);
}

bool cx_tensor_is_quantized(const cx_type_t* tensor) {
  return cx_type_is_tensor(tensor) && tensor->tensor.element->kind == CX_TYPE_QUANT;
}

bool cx_tensor_has_static_shape(const cx_type_t* tensor) {
  for (uint32_t i = 0; i < tensor->tensor.rank; i++)
    if (tensor->tensor.dims[i] == CX_DYNAMIC_DIM) return false;
  return true;
}

int64_t cx_tensor_num_elements(const cx_type_t* tensor) {
  int64_t n = 1;
  for (uint32_t i = 0; i < tensor->tensor.rank; i++) {
    int64_t d = tensor->tensor.dims[i];
    if (d < 0 || !cx_mul_i64(n, d, &n)) return -1;
  }
  return n;
}

const cx_type_t* cx_tensor_with_element(cx_context_t* ctx, const cx_type_t* tensor,
                                        const cx_type_t* element) {
  return cx_type_tensor(ctx, element, tensor->tensor.rank, tensor->tensor.dims,
                        tensor->tensor.encoding);
}

const cx_type_t* cx_tensor_with_shape(cx_context_t* ctx, const cx_type_t* tensor, uint32_t rank,
                                      const int64_t* dims) {
  return cx_type_tensor(ctx, tensor->tensor.element, rank, dims, NULL);
}

bool cx_tensor_bounds(const cx_type_t* tensor, int64_t* out_bounds) {
  const cx_attr_t* enc = tensor->tensor.encoding;
  if (!enc || enc->kind != CX_ATTR_BOUNDS || enc->bounds.rank != tensor->tensor.rank) return false;
  for (uint32_t i = 0; i < enc->bounds.rank; i++) out_bounds[i] = enc->bounds.bounds[i];
  return true;
}
