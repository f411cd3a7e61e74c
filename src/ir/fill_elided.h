// Values for constants a model was published without (`dense_resource<
// __elided__>`, MLIR's --mlir-elide-resource-strings-if-larger): filled so
// that the model computes on sensible numbers, chosen by how each constant
// is used (see fill_elided.c).
#ifndef CXLA_IR_FILL_ELIDED_H_
#define CXLA_IR_FILL_ELIDED_H_

#include "cxla/status.h"
#include "ir/ir.h"

// What an elided constant is taken to be, from its uses.
typedef enum cx_elided_role {
  CX_ELIDED_DEFAULT,   // nothing tells: small values around 0
  CX_ELIDED_WEIGHT,    // a convolution kernel or a dot operand: variance 1 / fan-in
  CX_ELIDED_POSITIVE,  // a variance or a divisor: under sqrt/rsqrt/log, divided by
  CX_ELIDED_SCALE,     // multiplies activations: around 1
  CX_ELIDED_OFFSET,    // added to or subtracted from activations: around 0
} cx_elided_role_t;

// The role of the value `v` from its uses (through reshapes, broadcasts,
// transposes, converts, adds of constants and calls), and for a weight its
// fan-in (the elements each output element sums over).
cx_elided_role_t cx_elided_role(const cx_module_t* module, const cx_value_t* v,
                                int64_t* out_fan_in);

// Gives every dense_resource attribute whose blob has no data yet (the text
// parser's stand-in for `__elided__`) deterministic values for its role:
// weights uniform in +-sqrt(3 / fan-in) (variance 1 / fan-in, so activations
// keep their scale through deep stacks), positives in [0.5, 1.5), scales in
// [0.75, 1.25), offsets and the rest in [-0.1, 0.1); integers in [0, 16),
// booleans 0/1. Each constant's values depend on its position in the module
// only.
CX_MUST_USE cx_status_t cx_module_fill_elided(cx_module_t* module);

#endif  // CXLA_IR_FILL_ELIDED_H_
