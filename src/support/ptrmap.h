// A hash map from pointers to pointers (open addressing, linear probing,
// backward-shift deletion, so there are no tombstones and erasing keeps
// lookups short).
//
// Keys are compared by address and must not be NULL; values may be anything
// (a NULL value is stored like any other, so use cx_ptrmap_find to tell an
// absent key from a key mapped to NULL). The IR uses it as cx_ir_map_t (value
// -> value, block -> block when cloning), for op sets in the rewrite driver,
// and for symbol tables keyed by interned strings.
//
// The map owns its arrays (allocated with `allocator`); it never owns keys or
// values. A zero-initialised map is an empty map using the system allocator.
#ifndef CXLA_SUPPORT_PTRMAP_H_
#define CXLA_SUPPORT_PTRMAP_H_

#include <stdbool.h>
#include <stddef.h>

#include "cxla/allocator.h"

typedef struct cx_ptrmap {
  cx_allocator_t allocator;  // fn == NULL: the system allocator
  const void** keys;         // NULL marks an empty slot
  void** values;
  size_t cap;                // 0 or a power of two
  size_t len;
} cx_ptrmap_t;

void cx_ptrmap_init(cx_ptrmap_t* map, cx_allocator_t allocator);
// Frees the arrays; the map is empty and usable again afterwards.
void cx_ptrmap_free(cx_ptrmap_t* map);
// Removes every entry, keeping the arrays.
void cx_ptrmap_clear(cx_ptrmap_t* map);
static inline size_t cx_ptrmap_len(const cx_ptrmap_t* map) { return map->len; }

// The value for `key`, or NULL if absent.
void* cx_ptrmap_get(const cx_ptrmap_t* map, const void* key);
// True if `key` is present; its value goes to *out_value (if not NULL).
bool cx_ptrmap_find(const cx_ptrmap_t* map, const void* key, void** out_value);
// Sets key -> value (replacing an existing value). Returns false on
// out-of-memory, leaving the map unchanged.
bool cx_ptrmap_put(cx_ptrmap_t* map, const void* key, void* value);
// Makes room for `count` entries in total, so that that many puts cannot
// fail. Returns false on out-of-memory.
bool cx_ptrmap_reserve(cx_ptrmap_t* map, size_t count);
// Removes `key`; returns whether it was present.
bool cx_ptrmap_remove(cx_ptrmap_t* map, const void* key);

// Iteration in slot order: for (size_t i = 0; cx_ptrmap_next(m, &i, &k, &v);)
// Do not insert or remove while iterating.
bool cx_ptrmap_next(const cx_ptrmap_t* map, size_t* cursor, const void** out_key,
                    void** out_value);

#endif  // CXLA_SUPPORT_PTRMAP_H_
