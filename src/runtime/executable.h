// The inside of an executable: what the compiler fills in and the executor
// runs. Everything is flat arrays of plain data indexed by integers (no
// pointers between records), so that an ahead-of-time artifact can hold the
// same tables and a loader can use them in place.
//
// Buffers. Every tensor the program touches is a *slot*: an argument, a
// result, a constant (in the executable's constant pool) or a region of the
// per-call scratch arena (the buffer plan fixed at compile time). Steps name
// slots by index; a call resolves each slot to a pointer once.
//
// Steps. A program is a run of steps:
//   KERNEL  call generated kernel `kernel` over work items [0, work_items),
//           split over the device's threads in tasks of at least
//           `grain` items; bindings are the kernel's buffers in order.
//   CALL    a library routine of the runtime (GEMM, convolution, sort, FFT,
//           random bits, linear algebra, custom calls, checks) with a
//           parameter record from the params pool; bindings are its buffers.
//   COPY    copy `nbytes` from bindings[0] to bindings[1].
//   WHILE   run program `cond`, read the i1 in bindings[0]; while it is true
//           run program `body` and `cond` again.
//   CASE    read bindings[0] (an i32 index; out-of-range picks the last
//           branch, as stablehlo.case does; or for `if`, an i1 where true
//           picks branch 0) and run program first_branch + index.
#ifndef CXLA_RUNTIME_EXECUTABLE_H_
#define CXLA_RUNTIME_EXECUTABLE_H_

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cxla/allocator.h"
#include "cxla/buffer.h"
#include "cxla/kernel_abi.h"
#include "cxla/runtime.h"

typedef enum cx_rt_slot_kind {
  CX_RT_SLOT_ARG,     // index = argument number
  CX_RT_SLOT_RESULT,  // index = result number
  CX_RT_SLOT_CONST,   // offset into the constant pool
  CX_RT_SLOT_ARENA,   // offset into the call's scratch arena
  CX_RT_SLOT_NONE,    // a zero-sized buffer (tokens, empty tensors)
} cx_rt_slot_kind_t;

typedef struct cx_rt_slot {
  uint32_t kind;    // cx_rt_slot_kind_t
  uint32_t index;
  uint64_t offset;
  uint64_t nbytes;
} cx_rt_slot_t;

typedef enum cx_rt_step_kind {
  CX_RT_STEP_KERNEL,
  CX_RT_STEP_CALL,
  CX_RT_STEP_COPY,
  CX_RT_STEP_WHILE,
  CX_RT_STEP_CASE,
} cx_rt_step_kind_t;

typedef struct cx_rt_step {
  uint32_t kind;           // cx_rt_step_kind_t
  uint32_t where;          // offsets in strings of the source location ("file:line:col")
  uint32_t op;             // and of the op's name, for errors
  uint32_t first_binding;  // into bindings[]
  uint32_t num_bindings;
  uint32_t ops;            // offset in strings of the ops the step runs, fused ones
                           // included ("dot_general+add+tanh"); 0: none recorded
                           // (only `op`; the compiler's strings start with "")
  union {
    struct {
      uint32_t kernel;
      int64_t work_items;
      int64_t grain;       // fewest items worth a task of their own
    } kernel;
    struct {
      uint32_t routine;    // cx_rt_routine_t
      uint32_t params;     // offset into the params pool (8-byte aligned)
      uint32_t params_size;
    } call;
    struct {
      uint64_t nbytes;
    } copy;
    struct {
      uint32_t cond;       // program indices
      uint32_t body;
    } loop;
    struct {
      uint32_t first_branch;
      uint32_t num_branches;
      uint32_t index_is_pred;  // bindings[0] is an i1: true runs branch 0, false branch 1
    } select;
  };
} cx_rt_step_t;

typedef struct cx_rt_program {
  uint32_t first_step;
  uint32_t num_steps;
} cx_rt_program_t;

// The code an executable runs and who keeps it alive (a JIT session or a
// loaded artifact): `release(owner)` is called when the executable dies.
typedef struct cx_rt_code {
  const cx_kernel_library_t* library;
  void* owner;
  void (*release)(void* owner);
} cx_rt_code_t;

// Data a routine makes once per executable and shares between calls (a
// GEMM's constant operand packed into panels): the executable's caches[i]
// starts NULL, the first call that needs it publishes one with a
// compare-and-swap (a call that loses the race destroys its own), and the
// executable destroys it when it dies.
typedef struct cx_rt_const_release cx_rt_const_release_t;

typedef struct cx_rt_cached {
  void (*destroy)(struct cx_rt_cached* self);
} cx_rt_cached_t;

// A per-call scratch state: resolved slot pointers and the arena.
typedef struct cx_rt_call_state {
  struct cx_rt_call_state* next_free;
  void** slot_ptrs;     // num_slots
  void** binding_ptrs;  // num_bindings: slot_ptrs[bindings[i]]
  void* arena_block;    // as allocated
  void* arena;          // CX_RT_BUFFER_ALIGN-aligned within arena_block
  struct cx_rt_kernel_ctx* kernel_ctx;  // GEMM/conv scratch, made by the first routine needing it
} cx_rt_call_state_t;

struct cx_rt_executable {
  atomic_int refcount;
  cx_allocator_t allocator;        // every array below is allocated with it
  char* function_name;

  uint32_t num_args, num_results;
  cx_buffer_view_t* arg_types;     // data NULL
  cx_buffer_view_t* result_types;

  uint32_t num_slots;
  cx_rt_slot_t* slots;
  uint32_t num_steps;
  cx_rt_step_t* steps;
  uint32_t num_programs;           // program 0 is the function's body
  cx_rt_program_t* programs;
  uint32_t num_bindings;
  uint32_t* bindings;              // slot indices

  uint64_t arena_size;             // bytes of scratch per call
  uint64_t const_size;
  void* constants;                 // CX_RT_BUFFER_ALIGN-aligned pool inside constants_block
  void* constants_block;
  uint32_t params_size;
  void* params;                    // routine parameter records
  uint32_t strings_size;
  char* strings;
  uint32_t num_caches;             // routine caches (cx_rt_cached_t), NULL until made
  _Atomic(cx_rt_cached_t*)* caches;
  // Constants only packed routines read, released once packed
  // (const_release.h); made when the first cache is published, under
  // states_lock.
  struct cx_rt_const_release* const_release;
  bool const_release_done;
  // The first call made every cache before its first step (executor.c),
  // one call at a time (pack_lock): a pack may give its constant back as it
  // goes (const_release.h), which no other pack may then be reading.
  _Atomic(bool) caches_packed;
  pthread_mutex_t pack_lock;

  cx_rt_code_t code;

  pthread_mutex_t states_lock;
  cx_rt_call_state_t* free_states;

  // A bound executable (cx_rt_executable_bind) has no program of its own:
  // it runs `base` (never itself bound), whose argument i is the caller's
  // argument free_index[i], or bound_data[i] when free_index[i] is
  // CX_RT_BOUND. `keep` is the bound executable it was made from (holding
  // earlier bound values), or NULL.
  struct cx_rt_executable* base;
  struct cx_rt_executable* keep;
  uint32_t* free_index;   // base->num_args entries
  void** bound_data;      // base->num_args entries
  void* bound_block;      // the copies of the values bound here
};

#define CX_RT_BOUND UINT32_MAX

// For the compiler and loaders, which fill the arrays directly (allocated
// with the executable's allocator): an executable with refcount 1 and every
// array empty.
CX_MUST_USE cx_status_t cx_rt_executable_create_empty(cx_allocator_t allocator,
                                                      cx_rt_executable_t** out_exe);
// Allocates the zeroed constant pool of `size` bytes.
CX_MUST_USE cx_status_t cx_rt_executable_alloc_constants(cx_rt_executable_t* exe, uint64_t size);
// An error at a step: "'<op>' op <message>" with the step's source location,
// as the interpreter reports errors at ops.
CX_MUST_USE cx_status_t cx_rt_step_error(const cx_rt_executable_t* exe, const cx_rt_step_t* step,
                                         cx_status_code_t code, const char* fmt, ...)
    CX_PRINTF(4, 5);
// Frees a call state of the executable (executor.c).
void cx_rt_call_state_free(const cx_rt_executable_t* exe, cx_rt_call_state_t* state);

// Alignment of every slot in the arena and the constant pool.
#define CX_RT_BUFFER_ALIGN 64

#endif  // CXLA_RUNTIME_EXECUTABLE_H_
