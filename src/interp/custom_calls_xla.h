// XLA's own custom calls in the interpreter: placement and sharding
// annotations (annotate_device_placement, Sharding, SPMDFullToShardShape,
// SPMDShardToFullShape, xla.sdy.FuncResultSharding), approximate top-k
// (ApproxTopK, stablehlo.dynamic_approx_top_k) and
// stablehlo.dynamic_reduce_window. See docs/custom_calls.md.
#ifndef CXLA_INTERP_CUSTOM_CALLS_XLA_H_
#define CXLA_INTERP_CUSTOM_CALLS_XLA_H_

#include "interp/interp.h"

// Registers them with an interpreter (called by
// cx_interp_register_builtin_custom_calls).
CX_MUST_USE cx_status_t cx_interp_register_xla_custom_calls(cx_interp_t* interp);

#endif  // CXLA_INTERP_CUSTOM_CALLS_XLA_H_
