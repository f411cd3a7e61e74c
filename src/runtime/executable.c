// Executables: creation, reference counting, signatures (include/cxla/runtime.h).
#include <stdlib.h>
#include <string.h>

#include "runtime/executable.h"
#include "runtime/const_release.h"
#include "support/checked.h"

cx_status_t cx_rt_executable_create_empty(cx_allocator_t allocator, cx_rt_executable_t** out_exe) {
  cx_rt_executable_t* e = cx_alloc(allocator, sizeof(*e));
  if (!e) return CX_OOM();
  memset(e, 0, sizeof(*e));
  e->allocator = allocator;
  atomic_init(&e->refcount, 1);
  pthread_mutex_init(&e->states_lock, NULL);
  pthread_mutex_init(&e->pack_lock, NULL);
  *out_exe = e;
  return NULL;
}

cx_rt_executable_t* cx_rt_executable_retain(cx_rt_executable_t* exe) {
  if (exe) atomic_fetch_add(&exe->refcount, 1);
  return exe;
}

void cx_rt_executable_release(cx_rt_executable_t* e) {
  if (!e || atomic_fetch_sub(&e->refcount, 1) != 1) return;
  cx_allocator_t a = e->allocator;
  for (cx_rt_call_state_t* s = e->free_states; s;) {
    cx_rt_call_state_t* next = s->next_free;
    cx_rt_call_state_free(e, s);
    s = next;
  }
  pthread_mutex_destroy(&e->states_lock);
  pthread_mutex_destroy(&e->pack_lock);
  if (e->code.release) e->code.release(e->code.owner);
  cx_free(a, e->function_name);
  cx_free(a, e->arg_types);
  cx_free(a, e->result_types);
  cx_free(a, e->slots);
  cx_free(a, e->steps);
  cx_free(a, e->programs);
  cx_free(a, e->bindings);
  cx_free(a, e->constants_block);
  cx_free(a, e->params);
  cx_free(a, e->strings);
  for (uint32_t i = 0; i < e->num_caches; i++) {
    cx_rt_cached_t* c = atomic_load(&e->caches[i]);
    if (c) c->destroy(c);
  }
  cx_free(a, (void*)e->caches);
  cx_rt_const_release_destroy(e->const_release);
  cx_free(a, e->free_index);
  cx_free(a, e->bound_data);
  cx_free(a, e->bound_block);
  cx_rt_executable_release(e->keep);
  cx_rt_executable_release(e->base);
  cx_free(a, e);
}

uint32_t cx_rt_executable_num_args(const cx_rt_executable_t* e) { return e->num_args; }
uint32_t cx_rt_executable_num_results(const cx_rt_executable_t* e) { return e->num_results; }
const cx_buffer_view_t* cx_rt_executable_arg(const cx_rt_executable_t* e, uint32_t i) {
  return i < e->num_args ? &e->arg_types[i] : NULL;
}
const cx_buffer_view_t* cx_rt_executable_result(const cx_rt_executable_t* e, uint32_t i) {
  return i < e->num_results ? &e->result_types[i] : NULL;
}
const char* cx_rt_executable_function_name(const cx_rt_executable_t* e) {
  return e->function_name ? e->function_name : "";
}

cx_status_t cx_rt_executable_allocate_results(const cx_rt_executable_t* e,
                                              cx_buffer_view_t* results) {
  for (uint32_t i = 0; i < e->num_results; i++) {
    const cx_buffer_view_t* t = &e->result_types[i];
    cx_status_t s = NULL;
    if (t->elem == CX_ELEM_INVALID) {
      memset(&results[i], 0, sizeof(results[i]));
      results[i].elem = CX_ELEM_INVALID;
    } else {
      s = cx_buffer_view_allocate(t->elem, t->rank, t->dims, &results[i]);
    }
    if (s) {
      for (uint32_t j = 0; j < i; j++) cx_buffer_view_free_data(&results[j]);
      return s;
    }
  }
  return NULL;
}

cx_status_t cx_rt_executable_alloc_constants(cx_rt_executable_t* e, uint64_t size) {
  size_t total;
  if (!cx_add_size((size_t)size, CX_RT_BUFFER_ALIGN, &total)) return CX_OOM();
  void* block = cx_alloc(e->allocator, total);
  if (!block) return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate %zu bytes of constants", total);
  memset(block, 0, total);
  cx_free(e->allocator, e->constants_block);
  e->constants_block = block;
  e->constants = (void*)(((uintptr_t)block + CX_RT_BUFFER_ALIGN - 1) & ~(uintptr_t)(CX_RT_BUFFER_ALIGN - 1));
  e->const_size = size;
  return NULL;
}
