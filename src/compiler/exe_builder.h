// Building an executable's tables (runtime/executable.h) while lowering:
// slots, programs of steps, bindings, the constant pool, parameter records
// and strings, each growing as the lowering goes. cx_xb_finish moves them
// into a cx_rt_executable_t.
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

typedef struct cx_xb {
  CX_VEC(cx_rt_slot_t) slots;
  CX_VEC(uint32_t) bindings;
  CX_VEC(cx_xb_program_t) programs;
  CX_VEC(unsigned char) constants;  // each constant aligned to CX_RT_BUFFER_ALIGN
  CX_VEC(unsigned char) params;     // records aligned to 8
  CX_VEC(char) strings;
  bool failed;                      // an allocation failed
} cx_xb_t;

void cx_xb_init(cx_xb_t* xb);
void cx_xb_free(cx_xb_t* xb);

// Each returns an index (or offset); on out-of-memory xb->failed is set and
// the result is 0, so callers check once, at cx_xb_finish.
uint32_t cx_xb_slot(cx_xb_t* xb, cx_rt_slot_kind_t kind, uint32_t index, uint64_t offset,
                    uint64_t nbytes);
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

// Moves everything into `exe` (whose arrays must be empty).
CX_MUST_USE cx_status_t cx_xb_finish(cx_xb_t* xb, cx_rt_executable_t* exe);

#endif  // CXLA_COMPILER_EXE_BUILDER_H_
