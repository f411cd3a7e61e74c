// The executor: runs an executable's step program (runtime/executable.h).
//
// A call takes a call state from the executable's free list (or makes one
// the first time), resolves every slot and binding to a pointer once, runs
// program 0 and puts the state back. The arena inside the state stays
// mapped between calls, so a warm call touches no fresh page and allocates
// nothing.
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/device.h"
#include "runtime/executable.h"
#include "runtime/kernel_imports.h"
#include "runtime/kernels/kernel_ctx.h"
#include "runtime/profile.h"
#include "runtime/routines.h"
#include "support/checked.h"
#include "support/strbuf.h"

// No allocator is in reach here (objects made for the caller or for the process):
// the system allocator, through cx_allocator_t like every allocation in src/.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

// ---- call states -------------------------------------------------------------------

void cx_rt_call_state_free(const cx_rt_executable_t* e, cx_rt_call_state_t* s) {
  if (!s) return;
  cx_rt_kernel_ctx_destroy(s->kernel_ctx);
  cx_free(e->allocator, s->arena_block);
  cx_free(e->allocator, s->slot_ptrs);
  cx_free(e->allocator, s);
}

static cx_status_t state_create(const cx_rt_executable_t* e, cx_rt_call_state_t** out) {
  cx_allocator_t a = e->allocator;
  cx_rt_call_state_t* s = cx_alloc(a, sizeof(*s));
  if (!s) return CX_OOM();
  memset(s, 0, sizeof(*s));
  size_t n = (size_t)e->num_slots + e->num_bindings, bytes;
  if (!cx_mul_size(n ? n : 1, sizeof(void*), &bytes) || !(s->slot_ptrs = cx_alloc(a, bytes))) {
    cx_rt_call_state_free(e, s);
    return CX_OOM();
  }
  s->binding_ptrs = s->slot_ptrs + e->num_slots;
  if (e->arena_size) {
    size_t total;
    if (!cx_add_size((size_t)e->arena_size, CX_RT_BUFFER_ALIGN, &total) ||
        !(s->arena_block = cx_alloc(a, total))) {
      cx_rt_call_state_free(e, s);
      return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate a %llu-byte scratch arena",
                      (unsigned long long)e->arena_size);
    }
    uintptr_t p = (uintptr_t)s->arena_block;
    s->arena = (void*)((p + CX_RT_BUFFER_ALIGN - 1) & ~(uintptr_t)(CX_RT_BUFFER_ALIGN - 1));
  }
  *out = s;
  return NULL;
}

static cx_status_t state_acquire(cx_rt_executable_t* e, cx_rt_call_state_t** out) {
  pthread_mutex_lock(&e->states_lock);
  cx_rt_call_state_t* s = e->free_states;
  if (s) e->free_states = s->next_free;
  pthread_mutex_unlock(&e->states_lock);
  if (s) {
    *out = s;
    return NULL;
  }
  return state_create(e, out);
}

static void state_release(cx_rt_executable_t* e, cx_rt_call_state_t* s) {
  pthread_mutex_lock(&e->states_lock);
  s->next_free = e->free_states;
  e->free_states = s;
  pthread_mutex_unlock(&e->states_lock);
}

// ---- argument checks -----------------------------------------------------------------

static cx_status_t check_view(const char* what, uint32_t i, const cx_buffer_view_t* want,
                              const cx_buffer_view_t* got) {
  if (want->elem == CX_ELEM_INVALID) return NULL;  // a token: nothing to pass
  bool same = got->elem == want->elem && got->rank == want->rank;
  for (uint32_t d = 0; same && d < want->rank; d++) same = got->dims[d] == want->dims[d];
  if (!same) {
    char w[256], g[256];
    cx_rt_format_view_type(want, w, sizeof w);
    cx_rt_format_view_type(got, g, sizeof g);
    return CX_ERROR(CX_INVALID_ARGUMENT, "%s %u: expected %s, got %s", what, i, w, g);
  }
  if (want->nbytes && (!got->data || got->nbytes < want->nbytes))
    return CX_ERROR(CX_INVALID_ARGUMENT, "%s %u: buffer of %zu bytes, %zu needed", what, i,
                    got->data ? got->nbytes : 0, want->nbytes);
  return NULL;
}

// ---- running steps -----------------------------------------------------------------

typedef struct run {
  cx_rt_executable_t* exe;
  cx_rt_device_t* device;
  cx_rt_call_state_t* state;
  int max_threads;
  const volatile int* cancel;
  struct timespec deadline;
  bool has_deadline;
  double timeout;
  uint64_t max_steps, steps;
  const cx_rt_invoke_options_t* options;
  cx_rt_profile_t* profile;  // NULL: not profiled
} run_t;

typedef struct dispatch {
  cx_kernel_fn_t fn;
  void* const* buffers;
  int64_t items, per_task;
  _Atomic int32_t failure;
} dispatch_t;

static void dispatch_task(void* ctx, int64_t task, int thread) {
  (void)thread;
  dispatch_t* d = ctx;
  cx_kernel_call_t call = {d->buffers, cx_rt_kernel_imports(), task * d->per_task, 0};
  call.end = call.begin + d->per_task < d->items ? call.begin + d->per_task : d->items;
  int32_t r = d->fn(&call);
  if (r) atomic_store(&d->failure, r);
}

static const char* string_at(const cx_rt_executable_t* e, uint32_t offset) {
  return e->strings && offset < e->strings_size ? e->strings + offset : "";
}

cx_status_t cx_rt_step_error(const cx_rt_executable_t* e, const cx_rt_step_t* st,
                             cx_status_code_t code, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char* msg = cx_vformat(fmt, args);
  va_end(args);
  cx_status_t s = CX_ERROR(code, "'%s' op %s", string_at(e, st->op), msg ? msg : "failed");
  cx_free(kSystem, msg);
  const char* loc = string_at(e, st->where);
  return *loc ? cx_status_with_location(s, loc) : s;
}

static cx_status_t run_kernel(run_t* r, const cx_rt_step_t* st) {
  const cx_rt_executable_t* e = r->exe;
  if (!e->code.library || st->kernel.kernel >= e->code.library->num_kernels)
    return cx_rt_step_error(e, st, CX_INTERNAL, "runs kernel %u, which does not exist",
                            st->kernel.kernel);
  dispatch_t d = {e->code.library->kernels[st->kernel.kernel],
                  r->state->binding_ptrs + st->first_binding, st->kernel.work_items, 0, 0};
  if (d.items <= 0) return NULL;
  int threads = r->max_threads;
  int64_t grain = st->kernel.grain > 0 ? st->kernel.grain : 1;
  int64_t tasks = d.items / grain;
  if (tasks > (int64_t)threads * 4) tasks = (int64_t)threads * 4;
  if (tasks <= 1 || !r->device->pool || threads <= 1) {
    cx_kernel_call_t call = {d.buffers, cx_rt_kernel_imports(), 0, d.items};
    int32_t f = d.fn(&call);
    if (f) atomic_store(&d.failure, f);
  } else {
    d.per_task = (d.items + tasks - 1) / tasks;
    tasks = (d.items + d.per_task - 1) / d.per_task;
    cx_rt_thread_pool_parallel_for(r->device->pool, tasks, threads, dispatch_task, &d);
  }
  int32_t failure = atomic_load(&d.failure);
  if (failure)
    return cx_rt_step_error(e, st, CX_OUT_OF_RANGE, "%s", cx_rt_kernel_failure(failure));
  return NULL;
}

// Polled after every step and loop iteration: cancellation, the time
// limit and the step budget end the call at the step that crossed them.
static cx_status_t check_bounds(run_t* r, const cx_rt_step_t* st) {
  if (r->cancel && *r->cancel) return cx_rt_step_error(r->exe, st, CX_OUT_OF_RANGE, "was cancelled");
  if (r->max_steps && ++r->steps > r->max_steps)
    return cx_rt_step_error(r->exe, st, CX_OUT_OF_RANGE,
                            "exceeds the evaluation budget of %llu steps",
                            (unsigned long long)r->max_steps);
  if (r->has_deadline) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > r->deadline.tv_sec ||
        (now.tv_sec == r->deadline.tv_sec && now.tv_nsec >= r->deadline.tv_nsec))
      return cx_rt_step_error(r->exe, st, CX_OUT_OF_RANGE, "exceeds the time limit of %g s",
                              r->timeout);
  }
  return NULL;
}

static cx_status_t run_program(run_t* r, uint32_t program);

static cx_status_t run_step(run_t* r, const cx_rt_step_t* st) {
  const cx_rt_executable_t* e = r->exe;
  void* const* b = r->state->binding_ptrs + st->first_binding;
  switch ((cx_rt_step_kind_t)st->kind) {
    case CX_RT_STEP_KERNEL: return run_kernel(r, st);
    case CX_RT_STEP_CALL: {
      if (st->call.routine >= CX_RT_ROUTINE_COUNT)
        return cx_rt_step_error(e, st, CX_INTERNAL, "calls unknown routine %u", st->call.routine);
      cx_rt_routine_ctx_t ctx = {e, st, r->device, r->max_threads, r->state, r->options, false};
      const void* params = (const char*)e->params + st->call.params;
      return cx_rt_routine_table[st->call.routine](&ctx, params, b);
    }
    case CX_RT_STEP_COPY:
      if (st->copy.nbytes && b[0] != b[1]) memmove(b[1], b[0], st->copy.nbytes);
      return NULL;
    case CX_RT_STEP_WHILE:
      for (;;) {
        CX_RETURN_IF_ERROR(run_program(r, st->loop.cond));
        if (!*(const uint8_t*)b[0]) return NULL;
        CX_RETURN_IF_ERROR(run_program(r, st->loop.body));
        if (r->cancel || r->has_deadline || r->max_steps) CX_RETURN_IF_ERROR(check_bounds(r, st));
      }
    case CX_RT_STEP_CASE: {
      uint32_t n = st->select.num_branches;
      int32_t index = st->select.index_is_pred ? (*(const uint8_t*)b[0] ? 0 : 1)
                                               : *(const int32_t*)b[0];
      if (index < 0 || (uint32_t)index >= n) index = (int32_t)n - 1;
      return run_program(r, st->select.first_branch + (uint32_t)index);
    }
  }
  return cx_rt_step_error(e, st, CX_INTERNAL, "has unknown step kind %u", st->kind);
}

// A step of a profiled call: timed, and named for the pool tasks it runs.
static cx_status_t run_step_profiled(run_t* r, const cx_rt_step_t* st) {
  uint32_t index = (uint32_t)(st - r->exe->steps);
  cx_rt_profile_enter(r->profile, index);
  int64_t cpu = cx_rt_profile_thread_cpu();
  int64_t begin = cx_rt_profile_now();
  cx_status_t s = run_step(r, st);
  int64_t end = cx_rt_profile_now();
  cx_rt_profile_add_step(r->profile, index, begin, end, cx_rt_profile_thread_cpu() - cpu);
  return s;
}

static cx_status_t run_program(run_t* r, uint32_t program) {
  const cx_rt_executable_t* e = r->exe;
  if (program >= e->num_programs) return CX_ERROR(CX_INTERNAL, "program %u does not exist", program);
  const cx_rt_program_t* p = &e->programs[program];
  for (uint32_t i = 0; i < p->num_steps; i++) {
    const cx_rt_step_t* st = &e->steps[p->first_step + i];
    CX_RETURN_IF_ERROR(r->profile ? run_step_profiled(r, st) : run_step(r, st));
    if (r->cancel || r->has_deadline || r->max_steps) CX_RETURN_IF_ERROR(check_bounds(r, st));
  }
  return NULL;
}

// The first call packs every constant operand that has a routine cache
// before it runs a step: each original is released as soon as its own pack
// is published (const_release.c), GEMM weights already while they are
// packed (cx_rt_const_release_claim), so a weight is not held twice, and
// packing happens before the steps fault in the arena and the kernels'
// scratch, not on top of them (ResNet-50's largest kernel is 9 MiB, its
// arena 10). A pack that fails here is left for its step, which meets the
// same case as before (a failed pack gave nothing back).
static void pack_caches(run_t* r) {
  const cx_rt_executable_t* e = r->exe;
  for (uint32_t i = 0; i < e->num_steps; i++) {
    const cx_rt_step_t* st = &e->steps[i];
    if (st->kind != CX_RT_STEP_CALL || st->num_bindings < 2 ||
        (st->call.routine != CX_RT_ROUTINE_GEMM && st->call.routine != CX_RT_ROUTINE_CONV))
      continue;
    uint32_t slot = e->bindings[st->first_binding + 1];
    if (slot >= e->num_slots || e->slots[slot].kind != CX_RT_SLOT_CONST) continue;
    cx_rt_routine_ctx_t ctx = {e, st, r->device, r->max_threads, r->state, r->options, true};
    const void* params = (const char*)e->params + st->call.params;
    cx_status_free(cx_rt_routine_table[st->call.routine](&ctx, params,
                                                          r->state->binding_ptrs + st->first_binding));
  }
}

cx_status_t cx_rt_executable_invoke(cx_rt_executable_t* e, cx_rt_device_t* device,
                                    uint32_t num_args, const cx_buffer_view_t* args,
                                    uint32_t num_results, cx_buffer_view_t* results,
                                    const cx_rt_invoke_options_t* options) {
  cx_rt_profile_t* profile = options ? options->profile : NULL;
  int64_t call_begin = profile ? cx_rt_profile_now() : 0;
  int64_t call_cpu = profile ? cx_rt_profile_thread_cpu() : 0;
  if (!device) return CX_ERROR(CX_INVALID_ARGUMENT, "no device");
  if (num_args != e->num_args)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' takes %u arguments but %u were given",
                    cx_rt_executable_function_name(e), e->num_args, num_args);
  if (num_results != e->num_results)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' returns %u results but %u were given",
                    cx_rt_executable_function_name(e), e->num_results, num_results);
  for (uint32_t i = 0; i < num_args; i++)
    CX_RETURN_IF_ERROR(check_view("argument", i, &e->arg_types[i], &args[i]));
  for (uint32_t i = 0; i < num_results; i++)
    CX_RETURN_IF_ERROR(check_view("result", i, &e->result_types[i], &results[i]));
  // A bound executable runs its base with the bound values in their places.
  const cx_rt_executable_t* bound = e->base ? e : NULL;
  if (bound) e = e->base;

  run_t r = {e, device, NULL, device->num_threads, NULL, {0, 0}, false, 0, 0, 0, options, profile};
  if (options) {
    if (options->max_threads > 0 && options->max_threads < r.max_threads)
      r.max_threads = options->max_threads;
    r.cancel = options->cancel;
    r.max_steps = options->max_steps;
    r.timeout = options->timeout_seconds;
    if (options->timeout_seconds > 0) {
      clock_gettime(CLOCK_MONOTONIC, &r.deadline);
      double whole = (double)(int64_t)options->timeout_seconds;
      r.deadline.tv_sec += (time_t)whole;
      r.deadline.tv_nsec += (long)((options->timeout_seconds - whole) * 1e9);
      if (r.deadline.tv_nsec >= 1000000000L) {
        r.deadline.tv_sec++;
        r.deadline.tv_nsec -= 1000000000L;
      }
      r.has_deadline = true;
    }
  }
  if (profile) CX_RETURN_IF_ERROR(cx_rt_profile_begin(profile, e));
  cx_status_t acquired = state_acquire(e, &r.state);
  if (acquired) {
    if (profile) cx_rt_profile_end(profile, call_begin, cx_rt_profile_now(),
                                   cx_rt_profile_thread_cpu() - call_cpu);
    return acquired;
  }
  void** slots = r.state->slot_ptrs;
  for (uint32_t i = 0; i < e->num_slots; i++) {
    const cx_rt_slot_t* s = &e->slots[i];
    switch ((cx_rt_slot_kind_t)s->kind) {
      case CX_RT_SLOT_ARG:
        if (!bound) slots[i] = args[s->index].data;
        else if (bound->free_index[s->index] == CX_RT_BOUND) slots[i] = bound->bound_data[s->index];
        else slots[i] = args[bound->free_index[s->index]].data;
        break;
      case CX_RT_SLOT_RESULT: slots[i] = results[s->index].data; break;
      case CX_RT_SLOT_CONST: slots[i] = (char*)e->constants + s->offset; break;
      case CX_RT_SLOT_ARENA: slots[i] = (char*)r.state->arena + s->offset; break;
      default: slots[i] = NULL; break;
    }
  }
  for (uint32_t i = 0; i < e->num_bindings; i++) r.state->binding_ptrs[i] = slots[e->bindings[i]];
  if (e->num_caches && !atomic_load_explicit(&e->caches_packed, memory_order_acquire)) {
    // Concurrent first calls wait for one to pack: the last pack of a
    // constant gives its pages back as it goes (const_release.h), so no
    // other pack may be reading them, nor a step run before the caches are.
    pthread_mutex_lock(&e->pack_lock);
    if (!atomic_load_explicit(&e->caches_packed, memory_order_acquire)) {
      pack_caches(&r);
      atomic_store_explicit(&e->caches_packed, true, memory_order_release);
    }
    pthread_mutex_unlock(&e->pack_lock);
  }
  cx_status_t s = e->num_programs ? run_program(&r, 0) : NULL;
  state_release(e, r.state);
  if (profile) cx_rt_profile_end(profile, call_begin, cx_rt_profile_now(),
                                   cx_rt_profile_thread_cpu() - call_cpu);
  return s;
}

// ---- bound arguments -----------------------------------------------------------------

static cx_status_t copy_types(cx_allocator_t a, uint32_t n, const cx_buffer_view_t* from,
                              cx_buffer_view_t** out) {
  *out = cx_calloc(a, n ? n : 1, sizeof(**out));
  if (!*out) return CX_OOM();
  if (n) memcpy(*out, from, n * sizeof(**out));
  return NULL;
}

cx_status_t cx_rt_executable_bind(cx_rt_executable_t* exe, uint32_t num_bound,
                                  const uint32_t* arg_indices, const cx_buffer_view_t* values,
                                  cx_rt_executable_t** out_bound) {
  *out_bound = NULL;
  cx_rt_executable_t* base = exe->base ? exe->base : exe;
  // Each value's place among exe's arguments, checked as invoke checks them.
  uint64_t block_size = 0;
  for (uint32_t k = 0; k < num_bound; k++) {
    uint32_t i = arg_indices[k];
    if (i >= exe->num_args)
      return CX_ERROR(CX_INVALID_ARGUMENT, "bind: function '%s' has no argument %u (it takes %u)",
                      cx_rt_executable_function_name(exe), i, exe->num_args);
    for (uint32_t j = 0; j < k; j++)
      if (arg_indices[j] == i)
        return CX_ERROR(CX_INVALID_ARGUMENT, "bind: argument %u is bound twice", i);
    CX_RETURN_IF_ERROR(check_view("bound argument", i, &exe->arg_types[i], &values[k]));
    uint64_t n = exe->arg_types[i].nbytes;
    if (n > UINT64_MAX - block_size - 2 * CX_RT_BUFFER_ALIGN) return CX_OOM();
    block_size += (n + CX_RT_BUFFER_ALIGN - 1) / CX_RT_BUFFER_ALIGN * CX_RT_BUFFER_ALIGN;
  }
  if (block_size + CX_RT_BUFFER_ALIGN > SIZE_MAX) return CX_OOM();

  cx_rt_executable_t* b;
  CX_RETURN_IF_ERROR(cx_rt_executable_create_empty(exe->allocator, &b));
  cx_allocator_t a = b->allocator;
  cx_status_t st = NULL;
  size_t name_len = strlen(cx_rt_executable_function_name(exe)) + 1;
  b->function_name = cx_alloc(a, name_len);
  b->free_index = cx_calloc(a, base->num_args ? base->num_args : 1, sizeof(uint32_t));
  b->bound_data = cx_calloc(a, base->num_args ? base->num_args : 1, sizeof(void*));
  b->bound_block = block_size ? cx_alloc(a, (size_t)block_size + CX_RT_BUFFER_ALIGN) : NULL;
  if (!b->function_name || !b->free_index || !b->bound_data || (block_size && !b->bound_block)) {
    st = CX_OOM();
    goto fail;
  }
  memcpy(b->function_name, cx_rt_executable_function_name(exe), name_len);
  // Start from exe's own binding (its earlier values stay in `keep`), then
  // bind exe's arguments arg_indices[k], numbered among exe's free ones.
  uint32_t* exe_arg_to_base = cx_calloc(a, exe->num_args ? exe->num_args : 1, sizeof(uint32_t));
  if (!exe_arg_to_base) {
    st = CX_OOM();
    goto fail;
  }
  for (uint32_t i = 0; i < base->num_args; i++) {
    if (exe->base) {
      b->free_index[i] = exe->free_index[i];
      b->bound_data[i] = exe->bound_data[i];
      if (exe->free_index[i] != CX_RT_BOUND) exe_arg_to_base[exe->free_index[i]] = i;
    } else {
      b->free_index[i] = i;
      exe_arg_to_base[i] = i;
    }
  }
  char* at = (char*)(((uintptr_t)b->bound_block + CX_RT_BUFFER_ALIGN - 1) &
                     ~(uintptr_t)(CX_RT_BUFFER_ALIGN - 1));
  for (uint32_t k = 0; k < num_bound; k++) {
    uint32_t i = exe_arg_to_base[arg_indices[k]];
    size_t n = exe->arg_types[arg_indices[k]].nbytes;
    b->free_index[i] = CX_RT_BOUND;
    b->bound_data[i] = n ? at : NULL;
    if (n) memcpy(at, values[k].data, n);
    at += (n + CX_RT_BUFFER_ALIGN - 1) / CX_RT_BUFFER_ALIGN * CX_RT_BUFFER_ALIGN;
  }
  cx_free(a, exe_arg_to_base);
  // The free arguments, renumbered in order.
  b->num_args = 0;
  for (uint32_t i = 0; i < base->num_args; i++)
    if (b->free_index[i] != CX_RT_BOUND) b->free_index[i] = b->num_args++;
  b->arg_types = cx_calloc(a, b->num_args ? b->num_args : 1, sizeof(*b->arg_types));
  if (!b->arg_types) st = CX_OOM();
  for (uint32_t i = 0; !st && i < base->num_args; i++)
    if (b->free_index[i] != CX_RT_BOUND) b->arg_types[b->free_index[i]] = base->arg_types[i];
  if (!st) {
    b->num_results = base->num_results;
    st = copy_types(a, base->num_results, base->result_types, &b->result_types);
  }
  if (st) goto fail;
  b->base = cx_rt_executable_retain(base);
  if (exe->base) b->keep = cx_rt_executable_retain(exe);
  *out_bound = b;
  return NULL;
fail:
  cx_rt_executable_release(b);
  return st;
}
