// Pointer -> pointer hash map (see ptrmap.h).
#include "support/ptrmap.h"

#include <stdint.h>
#include <string.h>

static cx_allocator_t allocator_of(const cx_ptrmap_t* m) {
  return m->allocator;
}

// Pointers are aligned, so their low bits carry little information: mix them
// all into the slot index (the finaliser of MurmurHash3).
static size_t home_slot(const void* p, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)p;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return (size_t)h & (cap - 1);
}

void cx_ptrmap_init(cx_ptrmap_t* map, cx_allocator_t allocator) {
  memset(map, 0, sizeof(*map));
  map->allocator = allocator;
}

void cx_ptrmap_free(cx_ptrmap_t* map) {
  cx_allocator_t a = allocator_of(map);
  cx_free(a, (void*)map->keys);
  cx_free(a, map->values);
  map->keys = NULL;
  map->values = NULL;
  map->cap = map->len = 0;
}

void cx_ptrmap_clear(cx_ptrmap_t* map) {
  if (map->cap) memset((void*)map->keys, 0, map->cap * sizeof(*map->keys));
  map->len = 0;
}

static bool rehash(cx_ptrmap_t* m, size_t cap) {
  cx_allocator_t a = allocator_of(m);
  if (cap > SIZE_MAX / sizeof(void*)) return false;
  const void** keys = cx_alloc(a, cap * sizeof(*keys));
  void** values = cx_alloc(a, cap * sizeof(*values));
  if (!keys || !values) {
    cx_free(a, (void*)keys);
    cx_free(a, values);
    return false;
  }
  memset((void*)keys, 0, cap * sizeof(*keys));
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t s = home_slot(m->keys[i], cap);
    while (keys[s]) s = (s + 1) & (cap - 1);
    keys[s] = m->keys[i];
    values[s] = m->values[i];
  }
  cx_free(a, (void*)m->keys);
  cx_free(a, m->values);
  m->keys = keys;
  m->values = values;
  m->cap = cap;
  return true;
}

bool cx_ptrmap_reserve(cx_ptrmap_t* map, size_t count) {
  // Load factor at most 1/2 keeps probe sequences short.
  if (count > SIZE_MAX / 2) return false;
  size_t cap = map->cap ? map->cap : 16;
  while (cap < 2 * count) cap *= 2;
  return cap == map->cap || rehash(map, cap);
}

static size_t find_slot(const cx_ptrmap_t* m, const void* key) {
  size_t s = home_slot(key, m->cap);
  while (m->keys[s] && m->keys[s] != key) s = (s + 1) & (m->cap - 1);
  return s;
}

bool cx_ptrmap_find(const cx_ptrmap_t* map, const void* key, void** out_value) {
  if (!map->cap) return false;
  size_t s = find_slot(map, key);
  if (!map->keys[s]) return false;
  if (out_value) *out_value = map->values[s];
  return true;
}

void* cx_ptrmap_get(const cx_ptrmap_t* map, const void* key) {
  void* v = NULL;
  return cx_ptrmap_find(map, key, &v) ? v : NULL;
}

bool cx_ptrmap_put(cx_ptrmap_t* map, const void* key, void* value) {
  if (!cx_ptrmap_reserve(map, map->len + 1)) return false;
  size_t s = find_slot(map, key);
  if (!map->keys[s]) {
    map->keys[s] = key;
    map->len++;
  }
  map->values[s] = value;
  return true;
}

bool cx_ptrmap_remove(cx_ptrmap_t* map, const void* key) {
  if (!map->cap) return false;
  size_t mask = map->cap - 1;
  size_t hole = find_slot(map, key);
  if (!map->keys[hole]) return false;
  // Backward-shift deletion: move later entries of the probe run into the
  // hole when their home slot does not lie (cyclically) after the hole.
  for (size_t j = (hole + 1) & mask; map->keys[j]; j = (j + 1) & mask) {
    size_t home = home_slot(map->keys[j], map->cap);
    bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    map->keys[hole] = map->keys[j];
    map->values[hole] = map->values[j];
    hole = j;
  }
  map->keys[hole] = NULL;
  map->len--;
  return true;
}

bool cx_ptrmap_next(const cx_ptrmap_t* map, size_t* cursor, const void** out_key,
                    void** out_value) {
  for (size_t i = *cursor; i < map->cap; i++) {
    if (!map->keys[i]) continue;
    if (out_key) *out_key = map->keys[i];
    if (out_value) *out_value = map->values[i];
    *cursor = i + 1;
    return true;
  }
  *cursor = map->cap;
  return false;
}
