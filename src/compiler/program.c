// Programs (include/cxla/compiler.h): a function compiled once per shape
// signature, with a cache of executables.
//
// The signature of a call is its arguments' element types and dims, plus
// the values of its scalar integer arguments when the function has dynamic
// shapes (they may be JAX's dimension variables, which the shapes follow).
// A function with static shapes has one signature: its declared types.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/compiler.h"
#include "ir/clone.h"
#include "ir/ir.h"
#include "support/strbuf.h"

typedef struct cache_entry {
  struct cache_entry* next;
  uint32_t num_args;
  cx_buffer_view_t* sig;   // elem, rank, dims; data points into `values` for dim values
  unsigned char* values;   // scalar values that are part of the signature
  cx_rt_executable_t* exe;
} cache_entry_t;

struct cx_program {
  cx_context_t* ctx;
  cx_module_t* module;     // the program's own copy
  char* function;
  cx_compile_options_t options;
  bool dynamic;            // the function has dynamic argument shapes
  pthread_mutex_t lock;
  cache_entry_t* entries;
  uint32_t num_entries;
};

cx_status_t cx_program_create(cx_module_t* module, const cx_compile_options_t* options,
                              cx_program_t** out_program) {
  *out_program = NULL;
  const char* name = options && options->function ? options->function : "main";
  cx_op_t* func = cx_module_lookup_func(module, name);
  if (!func || !cx_func_body(func)) return CX_ERROR(CX_NOT_FOUND, "no function named '%s'", name);
  cx_program_t* p = cx_calloc(module->ctx->allocator, 1, sizeof(*p));
  if (!p) return CX_OOM();
  p->ctx = module->ctx;
  if (options) p->options = *options;
  p->options.arg_shapes = NULL;
  p->options.num_arg_shapes = 0;
  p->options.observer = NULL;
  p->options.stop_after = NULL;
  p->function = cx_strdup(p->ctx->allocator, name);
  p->options.function = p->function;
  pthread_mutex_init(&p->lock, NULL);
  cx_status_t s = p->function ? cx_module_clone(module, module->ctx, &p->module) : CX_OOM();
  if (s) {
    cx_program_destroy(p);
    return s;
  }
  // Shape-polymorphic: dynamic argument or result shapes (a function whose
  // results take their shape from a dimension-variable argument has only
  // the latter).
  const cx_type_t* ft = cx_func_type(func);
  for (uint32_t i = 0; i < ft->func.num_inputs + ft->func.num_results; i++) {
    const cx_type_t* t = i < ft->func.num_inputs ? ft->func.inputs[i]
                                                 : ft->func.results[i - ft->func.num_inputs];
    if (cx_type_is_tensor(t) && !cx_tensor_has_static_shape(t)) p->dynamic = true;
  }
  *out_program = p;
  return NULL;
}

void cx_program_destroy(cx_program_t* p) {
  if (!p) return;
  cx_allocator_t a = p->ctx->allocator;
  for (cache_entry_t* e = p->entries; e;) {
    cache_entry_t* next = e->next;
    cx_rt_executable_release(e->exe);
    cx_free(a, e->sig);
    cx_free(a, e->values);
    cx_free(a, e);
    e = next;
  }
  pthread_mutex_destroy(&p->lock);
  cx_module_destroy(p->module);
  cx_free(a, p->function);
  cx_free(a, p);
}

// Whether argument i's value is part of the signature.
static bool value_in_signature(const cx_program_t* p, const cx_buffer_view_t* a) {
  return p->dynamic && a->rank == 0 && a->data && cx_elem_is_integer(a->elem);
}

static bool matches(const cx_program_t* p, const cache_entry_t* e, uint32_t n, const cx_buffer_view_t* args) {
  if (e->num_args != n) return false;
  for (uint32_t i = 0; i < n; i++) {
    const cx_buffer_view_t* a = &args[i];
    const cx_buffer_view_t* b = &e->sig[i];
    if (a->elem != b->elem || a->rank != b->rank) return false;
    if (a->rank && memcmp(a->dims, b->dims, a->rank * sizeof(int64_t)) != 0) return false;
    if (value_in_signature(p, a) &&
        (!b->data || memcmp(a->data, b->data, cx_elem_storage_size(a->elem)) != 0))
      return false;
  }
  return true;
}

static cache_entry_t* find(const cx_program_t* p, uint32_t n, const cx_buffer_view_t* args) {
  for (cache_entry_t* e = p->entries; e; e = e->next)
    if (matches(p, e, n, args)) return e;
  return NULL;
}

cx_status_t cx_program_executable(cx_program_t* p, uint32_t n, const cx_buffer_view_t* args,
                                  cx_rt_executable_t** out) {
  *out = NULL;
  // Compiling under the lock keeps one compile per signature (and the
  // module copy is not thread-safe to compile from concurrently).
  pthread_mutex_lock(&p->lock);
  cache_entry_t* e = find(p, n, args);
  cx_status_t s = NULL;
  if (!e) {
    cx_compile_options_t o = p->options;
    o.num_arg_shapes = n;
    o.arg_shapes = args;
    cx_rt_executable_t* exe = NULL;
    s = cx_compile(p->module, &o, &exe);
    if (!s) {
      cx_allocator_t a = p->ctx->allocator;
      e = cx_calloc(a, 1, sizeof(*e));
      size_t vbytes = 0;
      for (uint32_t i = 0; i < n; i++)
        if (value_in_signature(p, &args[i])) vbytes += 16;
      if (e) {
        e->sig = cx_calloc(a, n, sizeof(cx_buffer_view_t));
        e->values = cx_calloc(a, vbytes, 1);
      }
      if (!e || !e->sig || !e->values) {
        if (e) {
          cx_free(a, e->sig);
          cx_free(a, e->values);
          cx_free(a, e);
        }
        cx_rt_executable_release(exe);
        e = NULL;
        s = CX_OOM();
      } else {
        e->num_args = n;
        size_t at = 0;
        for (uint32_t i = 0; i < n; i++) {
          e->sig[i] = args[i];
          e->sig[i].data = NULL;
          e->sig[i].nbytes = 0;
          if (value_in_signature(p, &args[i])) {
            memcpy(e->values + at, args[i].data, cx_elem_storage_size(args[i].elem));
            e->sig[i].data = e->values + at;
            at += 16;
          }
        }
        e->exe = exe;
        e->next = p->entries;
        p->entries = e;
        p->num_entries++;
      }
    }
  }
  if (e) *out = cx_rt_executable_retain(e->exe);
  pthread_mutex_unlock(&p->lock);
  return s;
}

cx_status_t cx_program_call(cx_program_t* p, cx_rt_device_t* device, uint32_t n,
                            const cx_buffer_view_t* args, const cx_rt_invoke_options_t* options,
                            uint32_t* out_num_results, cx_buffer_view_t** out_results) {
  *out_num_results = 0;
  *out_results = NULL;
  cx_rt_executable_t* exe;
  CX_RETURN_IF_ERROR(cx_program_executable(p, n, args, &exe));
  uint32_t nres = cx_rt_executable_num_results(exe);
  // The caller frees the results with cx_program_free_results: system memory.
  cx_buffer_view_t* results = cx_calloc(cx_allocator_system(), nres, sizeof(*results));
  cx_status_t s = results ? cx_rt_executable_allocate_results(exe, results) : CX_OOM();
  if (!s) {
    s = cx_rt_executable_invoke(exe, device, n, args, nres, results, options);
    if (s)
      for (uint32_t i = 0; i < nres; i++) cx_buffer_view_free_data(&results[i]);
  }
  cx_rt_executable_release(exe);
  if (s) {
    cx_free(cx_allocator_system(), results);
    return s;
  }
  *out_num_results = nres;
  *out_results = results;
  return NULL;
}

void cx_program_free_results(uint32_t n, cx_buffer_view_t* results) {
  if (!results) return;
  for (uint32_t i = 0; i < n; i++) cx_buffer_view_free_data(&results[i]);
  cx_free(cx_allocator_system(), results);
}

uint32_t cx_program_num_executables(const cx_program_t* p) { return p->num_entries; }
