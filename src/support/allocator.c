#include "cxla/allocator.h"

#include <stdlib.h>

static void* system_allocator_fn(void* self, void* ptr, size_t new_size) {
  (void)self;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, new_size);
}

cx_allocator_t cx_allocator_system(void) {
  cx_allocator_t a = {system_allocator_fn, NULL};
  return a;
}

void cx_free_malloced(void* ptr) { free(ptr); }
