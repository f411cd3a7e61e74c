// Explicit allocators. Every cxla object that allocates takes its allocator
// from its owner: IR, parsing, verification, serialization and the
// interpreter from the context's (cx_context_create), API entry points
// without a context from an explicit argument or the system allocator.
//
// A zero-initialized cx_allocator_t ({0}: fn NULL) is the system allocator
// (malloc/realloc/free), so zero-initialized containers work unconfigured.
//
// What stays on the system allocator, by design: statuses and their
// messages (cx_status_free takes no allocator; when even that allocation
// fails a static out-of-memory status is returned), and buffers cxla hands
// to the caller documented as malloc'ed (cx_module_print's text,
// cx_bc_write's bytes, interpreter results).
#ifndef CXLA_ALLOCATOR_H_
#define CXLA_ALLOCATOR_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

// One function, realloc semantics: (NULL, n) allocates, (p, n) resizes,
// (p, 0) frees and returns NULL. Returns NULL on failure (the block passed
// in is then unchanged). Memory is aligned to at least 16 bytes. When the
// interpreter runs several processes (interpreter.run_parallel) the
// function is called from several threads at once.
typedef void* (*cx_allocator_fn)(void* self, void* ptr, size_t new_size);

typedef struct cx_allocator {
  cx_allocator_fn fn;  // NULL: the system allocator
  void* self;
} cx_allocator_t;

cx_allocator_t cx_allocator_system(void);
// The system allocator's function (malloc/realloc/free).
void* cx_allocator_system_fn(void* self, void* ptr, size_t new_size);

// Frees a block that a cxla function returned as malloc'ed (cx_module_print's
// text, cx_bc_write's bytes). C callers may use free(); this is for callers
// that do not share cxla's C library, such as language bindings.
void cx_free_malloced(void* ptr);

// The helpers below never ask for 0 bytes (a request for 0 gets 1), so NULL
// always means out of memory.
static inline void* cx_realloc(cx_allocator_t a, void* p, size_t size) {
  return (a.fn ? a.fn : cx_allocator_system_fn)(a.self, p, size ? size : 1);
}
static inline void* cx_alloc(cx_allocator_t a, size_t size) {
  return cx_realloc(a, NULL, size);
}
static inline void cx_free(cx_allocator_t a, void* p) {
  if (p) (a.fn ? a.fn : cx_allocator_system_fn)(a.self, p, 0);
}
// count * size bytes, NULL if the product overflows.
static inline void* cx_alloc_array(cx_allocator_t a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  return cx_alloc(a, count * size);
}
// The same, zero-filled.
static inline void* cx_calloc(cx_allocator_t a, size_t count, size_t size) {
  void* p = cx_alloc_array(a, count, size);
  if (p && count && size) memset(p, 0, count * size);
  return p;
}
// Resizes to count * size bytes; NULL (p unchanged) on overflow or failure.
static inline void* cx_realloc_array(cx_allocator_t a, void* p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  return cx_realloc(a, p, count * size);
}

#ifdef __cplusplus
}
#endif
#endif  // CXLA_ALLOCATOR_H_
