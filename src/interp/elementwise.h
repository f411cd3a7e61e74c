// Checks shared by the elementwise op families (unary, binary, select/clamp,
// compare, convert) and the check ops.
#ifndef CXLA_INTERP_ELEMENTWISE_H_
#define CXLA_INTERP_ELEMENTWISE_H_

#include <stdbool.h>
#include <stdint.h>

#include "interp/interp.h"

// Checks that every tensor in `ts` has the shape of ts[0] (elementwise ops'
// operands); `what` names the operands in the message.
CX_MUST_USE cx_status_t cx_ew_check_shapes(const cx_op_t* op, uint32_t n,
                                           cx_tensor_t* const* ts);
// Checks the arguments are tensors (not tokens or tuples).
CX_MUST_USE cx_status_t cx_ew_check_tensors(const cx_op_t* op, uint32_t n,
                                            cx_tensor_t* const* ts);

// The element type of result `i` of the op (an element or quant type), or an
// error if the result is not a tensor.
CX_MUST_USE cx_status_t cx_ew_result_element(const cx_op_t* op, uint32_t i,
                                             const cx_type_t** out);

// The scalar semantics these families share (maximum/minimum, float bits,
// total order, conversions) are in support/scalar.h.

#endif  // CXLA_INTERP_ELEMENTWISE_H_
