// Compiler passes over a parsed module (what `cxla opt --canonicalize`
// runs). Passes edit the module in place; verify it before (they expect
// verified IR) and, if you like, after.
#ifndef CXLA_PASSES_H_
#define CXLA_PASSES_H_

#include "cxla/module.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// Canonicalizes every function of the module, to a fixpoint: algebraic
// identities (add(x, 0) for integers and add(x, -0.0) for floats, mul(x, 1)),
// transpose and reshape chains folded, broadcast_in_dim of a splat constant
// folded into a constant, converts and reshapes to the same type removed,
// and trivially dead ops (pure, no result used) erased. Ops with side
// effects are never removed.
//
// If out_statistics is not NULL, it receives a report of what the pass did
// (one line per pattern with the times it applied, the ops erased as dead
// and the sweeps run; MLIR's pass statistics layout), malloc'ed: free it
// with cx_free_malloced. It is set only on success.
CX_MUST_USE cx_status_t cx_module_canonicalize(cx_module_t* module, char** out_statistics);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_PASSES_H_
