#include "cxla/allocator.h"

#include <stdlib.h>

// The one place cxla calls the C library's allocator.
void* cx_allocator_system_fn(void* self, void* ptr, size_t new_size) {
  (void)self;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, new_size);
}

cx_allocator_t cx_allocator_system(void) {
  cx_allocator_t a = {cx_allocator_system_fn, NULL};
  return a;
}

void cx_free_malloced(void* ptr) {
  cx_allocator_system_fn(NULL, ptr, 0);
}
