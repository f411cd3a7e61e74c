// The application's custom-call targets: a list of names with their
// functions. Lookups are linear: a program calls few distinct targets, and a
// call already copies its buffers' descriptions. Registration happens before
// use (runtime.h), so lookups take no lock.
#include <stdlib.h>
#include <string.h>

#include "cxla/allocator.h"
#include "runtime/custom_call_registry.h"
#include "runtime/custom_calls/custom_call.h"
#include "support/strbuf.h"

typedef struct entry {
  char* name;
  cx_rt_custom_call_fn fn;
  void* user_data;
} entry_t;

struct cx_rt_custom_calls {
  entry_t* entries;
  size_t count, cap;
};

cx_status_t cx_rt_custom_calls_create(cx_rt_custom_calls_t** out_registry) {
  *out_registry = cx_calloc(cx_allocator_system(), 1, sizeof(**out_registry));
  return *out_registry ? NULL : CX_OOM();
}

void cx_rt_custom_calls_destroy(cx_rt_custom_calls_t* r) {
  if (!r) return;
  cx_allocator_t a = cx_allocator_system();
  for (size_t i = 0; i < r->count; i++) cx_free(a, r->entries[i].name);
  cx_free(a, r->entries);
  cx_free(a, r);
}

static const entry_t* find(const cx_rt_custom_calls_t* r, const char* name) {
  for (size_t i = 0; r && name && i < r->count; i++)
    if (!strcmp(r->entries[i].name, name)) return &r->entries[i];
  return NULL;
}

bool cx_rt_custom_call_is_builtin(const char* name) {
  return name && cx_rt_cc_target_find(name) != NULL;
}

cx_status_t cx_rt_custom_calls_register(cx_rt_custom_calls_t* r, const char* name,
                                        cx_rt_custom_call_fn fn, void* user_data) {
  if (!r || !name || !*name || !fn)
    return CX_ERROR(CX_INVALID_ARGUMENT, "custom-call registry: a target needs a name and a function");
  if (cx_rt_custom_call_is_builtin(name))
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "custom-call registry: '%s' is one of the runtime's own targets", name);
  if (find(r, name))
    return CX_ERROR(CX_INVALID_ARGUMENT, "custom-call registry: '%s' is already registered", name);
  if (r->count == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 8;
    entry_t* e = cx_realloc_array(cx_allocator_system(), r->entries, cap, sizeof(*e));
    if (!e) return CX_OOM();
    r->entries = e;
    r->cap = cap;
  }
  char* copy = cx_strdup(cx_allocator_system(), name);
  if (!copy) return CX_OOM();
  r->entries[r->count++] = (entry_t){copy, fn, user_data};
  return NULL;
}

bool cx_rt_custom_calls_has(const cx_rt_custom_calls_t* r, const char* name) {
  return find(r, name) != NULL;
}

bool cx_rt_custom_calls_find(const cx_rt_custom_calls_t* r, const char* name,
                             cx_rt_custom_call_fn* out_fn, void** out_user_data) {
  const entry_t* e = find(r, name);
  if (!e) return false;
  *out_fn = e->fn;
  *out_user_data = e->user_data;
  return true;
}
