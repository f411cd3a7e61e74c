// JAX's CPU custom calls in the interpreter: every target of the runtime's
// registry (src/runtime/custom_calls: jaxlib's LAPACK/BLAS FFI targets) and
// the custom calls JAX's shape-polymorphic exports use
// (stablehlo.dynamic_top_k, stablehlo.dynamic_rng_bit_generator,
// shape_assertion). See docs/custom_calls.md.
#ifndef CXLA_INTERP_CUSTOM_CALLS_JAX_H_
#define CXLA_INTERP_CUSTOM_CALLS_JAX_H_

#include "interp/interp.h"

// Registers them with an interpreter (called by
// cx_interp_register_builtin_custom_calls).
CX_MUST_USE cx_status_t cx_interp_register_jax_custom_calls(cx_interp_t* interp);

#endif  // CXLA_INTERP_CUSTOM_CALLS_JAX_H_
