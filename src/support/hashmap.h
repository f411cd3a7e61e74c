// Open-addressing hash tables.
//
// cx_hashset_t stores pointers to caller-owned items under a caller-computed
// 64-bit hash; lookups pass an equality callback. It backs the interning of
// types and strings in the IR context.
// cx_strmap_t maps strings (copied into the map) to pointers; it backs symbol
// tables and name lookups.
// Both allocate from their `allocator`: zero-initialized tables use the
// system allocator; cx_hashset_init / cx_strmap_init set another.
#ifndef CXLA_SUPPORT_HASHMAP_H_
#define CXLA_SUPPORT_HASHMAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/allocator.h"

uint64_t cx_hash_bytes(const void* data, size_t len, uint64_t seed);
static inline uint64_t cx_hash_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

typedef struct cx_hashset {
  uint64_t* hashes;  // 0 marks an empty slot (hashes are forced non-zero)
  void** items;
  size_t cap;        // power of two
  size_t len;
  cx_allocator_t allocator;
} cx_hashset_t;

typedef bool (*cx_hashset_eq_fn)(const void* item, const void* key);

void cx_hashset_init(cx_hashset_t* set, cx_allocator_t allocator);
// Frees the arrays; the set is empty and keeps its allocator.
void cx_hashset_free(cx_hashset_t* set);
void* cx_hashset_find(const cx_hashset_t* set, uint64_t hash, cx_hashset_eq_fn eq,
                      const void* key);
// Inserts without checking for duplicates. Returns false on out-of-memory.
bool cx_hashset_insert(cx_hashset_t* set, uint64_t hash, void* item);

typedef struct cx_strmap_entry {
  char* key;
  size_t key_len;
  void* value;
} cx_strmap_entry_t;

typedef struct cx_strmap {
  cx_hashset_t set;
} cx_strmap_t;

void cx_strmap_init(cx_strmap_t* map, cx_allocator_t allocator);
void cx_strmap_free(cx_strmap_t* map);
// Returns the entry or NULL.
cx_strmap_entry_t* cx_strmap_find(const cx_strmap_t* map, const char* key, size_t len);
// Sets (or replaces) key -> value. Returns false on out-of-memory.
bool cx_strmap_put(cx_strmap_t* map, const char* key, size_t len, void* value);
// Calls fn for every entry (in no particular order).
void cx_strmap_foreach(const cx_strmap_t* map, void (*fn)(cx_strmap_entry_t*, void*), void* arg);

#endif  // CXLA_SUPPORT_HASHMAP_H_
