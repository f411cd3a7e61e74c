// Structural keys of fusions: two fusions with equal keys compute the same
// thing from inputs of the same types, so one kernel serves both (BERT's 12
// layers compile each kernel once).
//
// The key lists, in a deterministic walk from the root, every op the kernel
// computes: kind, name, operand references (inputs by position, other values
// by order of definition), result types (interned, so compared by address),
// attribute names and content hashes, and regions with their argument types.
// Equal keys are confirmed by comparing the attributes themselves, so a hash
// collision cannot share a kernel.
#ifndef CXLA_COMPILER_KERNEL_KEY_H_
#define CXLA_COMPILER_KERNEL_KEY_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/status.h"
#include "ir/ir.h"
#include "support/ptrmap.h"
#include "support/vec.h"

typedef struct cx_kernel_key {
  CX_VEC(uint64_t) words;
  CX_VEC(const cx_op_t*) ops;  // the ops of the walk, for the attribute comparison
  uint64_t hash;
} cx_kernel_key_t;

// The key of the fusion rooted at `root` reading `inputs` (in kernel
// binding order).
CX_MUST_USE cx_status_t cx_kernel_key_build(const cx_op_t* root, cx_value_t* const* inputs,
                                            uint32_t num_inputs, cx_kernel_key_t* out);
void cx_kernel_key_free(cx_kernel_key_t* key);
bool cx_kernel_key_equal(const cx_kernel_key_t* a, const cx_kernel_key_t* b);

#endif  // CXLA_COMPILER_KERNEL_KEY_H_
