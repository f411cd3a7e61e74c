// dot_general on host tensors, shared by stablehlo.dot_general (eval_dot_conv.c)
// and chlo.ragged_dot (eval_chlo.c), which is defined by slices of dot_general.
#ifndef CXLA_INTERP_DOT_GENERAL_H_
#define CXLA_INTERP_DOT_GENERAL_H_

#include "interp/interp.h"

// Computes dot_general(lhs, rhs) of two non-quantized tensors into a new
// tensor whose element type is `result_element` (an element type): batching
// dims first, then lhs free dims, then rhs free dims, with the exactness rules
// of eval_dot_conv.c. `op` names the op in error messages.
CX_MUST_USE cx_status_t cx_dot_general_compute(const cx_op_t* op, const cx_tensor_t* lhs,
                                               const cx_tensor_t* rhs, const cx_dot_dims_t* dims,
                                               const cx_type_t* result_element,
                                               cx_tensor_t** out);

#endif  // CXLA_INTERP_DOT_GENERAL_H_
