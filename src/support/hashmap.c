#include "support/hashmap.h"

#include <string.h>

uint64_t cx_hash_bytes(const void* data, size_t len, uint64_t seed) {
  // 64-bit multiply-xorshift over 8-byte words; fast and good enough for
  // interning tables (not for adversarial keys, which only cost speed).
  const unsigned char* p = data;
  uint64_t h = seed ^ (0x9e3779b97f4a7c15ull * (len + 1));
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    p += 8;
    len -= 8;
  }
  uint64_t w = 0;
  // data may be NULL when len is 0 (a rank-0 shape); memcpy must not see it.
  if (len) memcpy(&w, p, len);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return h;
}

void cx_hashset_init(cx_hashset_t* set, cx_allocator_t allocator) {
  memset(set, 0, sizeof(*set));
  set->allocator = allocator;
}

void cx_hashset_free(cx_hashset_t* set) {
  cx_free(set->allocator, set->hashes);
  cx_free(set->allocator, set->items);
  cx_hashset_init(set, set->allocator);
}

static uint64_t nonzero(uint64_t h) { return h ? h : 1; }

void* cx_hashset_find(const cx_hashset_t* set, uint64_t hash, cx_hashset_eq_fn eq,
                      const void* key) {
  if (!set->cap) return NULL;
  hash = nonzero(hash);
  size_t mask = set->cap - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    if (set->hashes[i] == 0) return NULL;
    if (set->hashes[i] == hash && eq(set->items[i], key)) return set->items[i];
  }
}

static bool rehash(cx_hashset_t* set, size_t new_cap) {
  cx_allocator_t a = set->allocator;
  uint64_t* hashes = cx_calloc(a, new_cap, sizeof(uint64_t));
  void** items = cx_alloc_array(a, new_cap, sizeof(void*));
  if (!hashes || !items) {
    cx_free(a, hashes);
    cx_free(a, items);
    return false;
  }
  size_t mask = new_cap - 1;
  for (size_t j = 0; j < set->cap; j++) {
    if (!set->hashes[j]) continue;
    size_t i = set->hashes[j] & mask;
    while (hashes[i]) i = (i + 1) & mask;
    hashes[i] = set->hashes[j];
    items[i] = set->items[j];
  }
  cx_free(a, set->hashes);
  cx_free(a, set->items);
  set->hashes = hashes;
  set->items = items;
  set->cap = new_cap;
  return true;
}

bool cx_hashset_insert(cx_hashset_t* set, uint64_t hash, void* item) {
  if ((set->len + 1) * 4 > set->cap * 3) {
    if (!rehash(set, set->cap ? set->cap * 2 : 16)) return false;
  }
  hash = nonzero(hash);
  size_t mask = set->cap - 1;
  size_t i = hash & mask;
  while (set->hashes[i]) i = (i + 1) & mask;
  set->hashes[i] = hash;
  set->items[i] = item;
  set->len++;
  return true;
}

typedef struct {
  const char* key;
  size_t len;
} str_key_t;

static bool strmap_eq(const void* item, const void* key) {
  const cx_strmap_entry_t* e = item;
  const str_key_t* k = key;
  return e->key_len == k->len && memcmp(e->key, k->key, k->len) == 0;
}

void cx_strmap_init(cx_strmap_t* map, cx_allocator_t allocator) {
  cx_hashset_init(&map->set, allocator);
}

void cx_strmap_free(cx_strmap_t* map) {
  for (size_t i = 0; i < map->set.cap; i++) {
    cx_strmap_entry_t* e = map->set.items[i];
    // The entry and its key are one block.
    if (map->set.hashes[i] && e) cx_free(map->set.allocator, e);
  }
  cx_hashset_free(&map->set);
}

cx_strmap_entry_t* cx_strmap_find(const cx_strmap_t* map, const char* key, size_t len) {
  str_key_t k = {key, len};
  return cx_hashset_find(&map->set, cx_hash_bytes(key, len, 0), strmap_eq, &k);
}

bool cx_strmap_put(cx_strmap_t* map, const char* key, size_t len, void* value) {
  cx_strmap_entry_t* e = cx_strmap_find(map, key, len);
  if (e) {
    e->value = value;
    return true;
  }
  // One block: the entry, then its key.
  if (len > SIZE_MAX - sizeof(*e) - 1) return false;
  e = cx_alloc(map->set.allocator, sizeof(*e) + len + 1);
  if (!e) return false;
  char* copy = (char*)(e + 1);
  memcpy(copy, key, len);
  copy[len] = 0;
  e->key = copy;
  e->key_len = len;
  e->value = value;
  if (!cx_hashset_insert(&map->set, cx_hash_bytes(key, len, 0), e)) {
    cx_free(map->set.allocator, e);
    return false;
  }
  return true;
}

void cx_strmap_foreach(const cx_strmap_t* map, void (*fn)(cx_strmap_entry_t*, void*), void* arg) {
  for (size_t i = 0; i < map->set.cap; i++) {
    if (map->set.hashes[i]) fn(map->set.items[i], arg);
  }
}
