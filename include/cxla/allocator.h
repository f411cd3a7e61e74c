// Explicit allocators. Every cxla object that allocates takes one; the system
// allocator (malloc/realloc/free) is the default.
#ifndef CXLA_ALLOCATOR_H_
#define CXLA_ALLOCATOR_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// One function, realloc semantics: (NULL, n) allocates, (p, n) resizes,
// (p, 0) frees and returns NULL. Returns NULL on failure. Memory is aligned
// to at least 16 bytes.
typedef void* (*cx_allocator_fn)(void* self, void* ptr, size_t new_size);

typedef struct cx_allocator {
  cx_allocator_fn fn;
  void* self;
} cx_allocator_t;

cx_allocator_t cx_allocator_system(void);

// Frees a block that a cxla function returned as malloc'ed (cx_module_print's
// text, cx_bc_write's bytes). C callers may use free(); this is for callers
// that do not share cxla's C library, such as language bindings.
void cx_free_malloced(void* ptr);

static inline void* cx_alloc(cx_allocator_t a, size_t size) { return a.fn(a.self, NULL, size); }
static inline void* cx_realloc(cx_allocator_t a, void* p, size_t size) {
  return a.fn(a.self, p, size);
}
static inline void cx_free(cx_allocator_t a, void* p) {
  if (p) a.fn(a.self, p, 0);
}

#ifdef __cplusplus
}
#endif
#endif  // CXLA_ALLOCATOR_H_
