// Building an executable's tables (runtime/executable.h) while lowering:
// slots, programs of steps, bindings, the constant pool, parameter records
// and strings, each growing as the lowering goes. cx_xb_finish moves them
// into a cx_rt_executable_t.
//
// The buffer plan. Scratch (ARENA) slots get their offsets only at the end:
// every step that binds a slot counts as a use at the step's position in
// emission order, and a slot's live range runs from its first to its last
// use. Nested programs (a while's condition and body, the branches of
// if/case) are emitted before the step that runs them, inside a *scope*
// (cx_xb_scope_begin/end): a slot used in a scope but first used before it
// stays live to the scope's end, since a loop may read it again on every
// iteration. Slots whose ranges do not overlap share memory (first fit),
// so the arena holds the program's largest live set, not every value.
#ifndef CXLA_COMPILER_EXE_BUILDER_H_
#define CXLA_COMPILER_EXE_BUILDER_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/status.h"
#include "runtime/executable.h"
#include "support/vec.h"

typedef struct cx_xb_program {
  CX_VEC(cx_rt_step_t) steps;
} cx_xb_program_t;

typedef struct cx_xb_range {
  uint64_t first, last;  // positions of the first and last use; UINT64_MAX: unused
} cx_xb_range_t;

// Constants of 64 KiB or more are deferred (cx_xb_t.release_sources); those
// copied as they are lowered are held three times while the pool is filled
// (their sources, the vector, the pool): ResNet-50 has 6 MiB of 64 KiB -
// 1 MiB kernels. From 64 KiB a module's dense payload is an allocation of
// its own (ir.h), so the whole pages inside one hold nothing else.
#define CX_XB_DEFER_BYTES ((uint64_t)64 << 10)
// Deferred constants start on a page of the pool (a 4 KiB page; the pool is
// allocated so aligned): the packed weights among them are given back whole
// page by page once packed (runtime/const_release.c), none of their pages
// shared with a constant that stays.
#define CX_XB_DEFER_ALIGN ((size_t)4096)

// A large constant copied into the pool only by cx_xb_finish, which then
// gives back its source's pages (cx_xb_t.release_sources).
typedef struct cx_xb_deferred {
  uint64_t offset, nbytes;
  const void* src;
} cx_xb_deferred_t;

// cx_xb_reuse: slot `out` may take `in`'s memory.
typedef struct cx_xb_reuse {
  uint32_t out, in;
} cx_xb_reuse_t;

typedef struct cx_xb {
  CX_VEC(cx_rt_slot_t) slots;
  CX_VEC(cx_xb_range_t) ranges;     // per slot
  CX_VEC(uint64_t) scopes;          // open scopes' start positions
  uint64_t pos;                     // position of the next step
  CX_VEC(uint32_t) bindings;
  CX_VEC(cx_xb_program_t) programs;
  CX_VEC(unsigned char) constants;  // each constant aligned to CX_RT_BUFFER_ALIGN (deferred: CX_XB_DEFER_ALIGN)
  CX_VEC(unsigned char) params;     // records aligned to 8
  CX_VEC(char) strings;
  uint32_t num_caches;              // routine caches of the executable
  bool failed;                      // an allocation failed
  // The sources of constants are not read after the compile
  // (cx_compile_options_t.release_constants): large ones are copied at
  // cx_xb_finish, each source's pages given back once copied, so the
  // weights are not held twice; until then their bytes in `constants` are
  // reserved, never written (not resident).
  bool release_sources;
  CX_VEC(cx_xb_deferred_t) deferred;
  CX_VEC(cx_xb_reuse_t) reuses;     // cx_xb_reuse hints
} cx_xb_t;

void cx_xb_init(cx_xb_t* xb);
void cx_xb_free(cx_xb_t* xb);

// Each returns an index (or offset); on out-of-memory xb->failed is set and
// the result is 0, so callers check once, at cx_xb_finish.
uint32_t cx_xb_slot(cx_xb_t* xb, cx_rt_slot_kind_t kind, uint32_t index, uint64_t offset,
                    uint64_t nbytes);
// A scratch slot of `nbytes`, placed in the arena by the buffer plan.
uint32_t cx_xb_scratch(cx_xb_t* xb, uint64_t nbytes);
// Lets scratch slot `out`, first used by the step that last uses scratch
// slot `in`, take in's memory instead of a block of its own (a convolution
// writing its output over the residual its epilogue reads, element for
// element in place). The plan takes the hint only when those uses really
// are one step (no later use of `in`, also none a loop's scope adds) and
// out needs no more bytes than in; the step's kernel must read each element
// of `in` before it writes that element of `out`.
void cx_xb_reuse(cx_xb_t* xb, uint32_t out, uint32_t in);
// Brackets the lowering of nested programs (see the buffer plan above).
void cx_xb_scope_begin(cx_xb_t* xb);
void cx_xb_scope_end(cx_xb_t* xb);
uint32_t cx_xb_program(cx_xb_t* xb);
// Appends a step to a program; its bindings are copied. Returns the step's
// index within the program.
uint32_t cx_xb_step(cx_xb_t* xb, uint32_t program, const cx_rt_step_t* step,
                    const uint32_t* bindings, uint32_t num_bindings);
// A constant: its bytes are copied into the pool; returns a CONST slot.
uint32_t cx_xb_constant(cx_xb_t* xb, const void* data, uint64_t nbytes, bool splat,
                        size_t elem_size);
uint32_t cx_xb_params(cx_xb_t* xb, const void* record, uint32_t size);
uint32_t cx_xb_string(cx_xb_t* xb, const char* s);
// A routine cache of the executable (runtime/executable.h): its index.
uint32_t cx_xb_cache(cx_xb_t* xb);

// Assigns arena offsets (the buffer plan) and moves everything into `exe`
// (whose arrays must be empty); exe->arena_size is the plan's size.
CX_MUST_USE cx_status_t cx_xb_finish(cx_xb_t* xb, cx_rt_executable_t* exe);

#endif  // CXLA_COMPILER_EXE_BUILDER_H_
