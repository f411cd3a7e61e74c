// Which CHLO ops belong to which group, for the shape functions, the
// verifier, the interpreter and the code generator, which each dispatch on
// these groups.
#ifndef CXLA_IR_CHLO_H_
#define CXLA_IR_CHLO_H_

#include <stdbool.h>

#include "ir/ir.h"

// CHLO's elementwise ops on one operand (acos ... tan, conj, square, is_inf,
// is_neg_inf, is_pos_inf): exactly the ops printed in CHLO's unary form.
static inline bool cx_chlo_is_unary(cx_op_kind_t kind) {
  return cx_op_info(kind)->format == CX_FORMAT_CHLO_UNARY;
}
// CHLO's elementwise ops on two operands of one shape (next_after,
// polygamma, zeta, mulhi): exactly the ops printed in CHLO's binary form.
static inline bool cx_chlo_is_binary(cx_op_kind_t kind) {
  return cx_op_info(kind)->format == CX_FORMAT_CHLO_BINARY;
}

// The op a CHLO broadcasting op applies once its operands are broadcast to
// one shape: broadcast_add -> stablehlo.add, broadcast_zeta -> chlo.zeta,
// broadcast_select -> stablehlo.select, ...; CX_OP_COUNT for any other op.
cx_op_kind_t cx_chlo_broadcast_base(cx_op_kind_t kind);

#endif  // CXLA_IR_CHLO_H_
