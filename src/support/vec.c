#include "support/vec.h"

#include "support/checked.h"

bool cx_vec_grow_(cx_allocator_t allocator, void** data, size_t* cap, size_t elem_size,
                  size_t min_cap) {
  size_t new_cap = *cap ? *cap : 8;
  while (new_cap < min_cap) {
    if (new_cap > SIZE_MAX / 2) return false;
    new_cap *= 2;
  }
  void* p = cx_realloc_array(allocator, *data, new_cap, elem_size);
  if (!p) return false;
  *data = p;
  *cap = new_cap;
  return true;
}
