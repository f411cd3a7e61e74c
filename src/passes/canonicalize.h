// The canonicalizer's patterns, for pipelines that run them together with
// their own (cx_module_canonicalize in cxla/passes.h runs them alone).
#ifndef CXLA_PASSES_CANONICALIZE_H_
#define CXLA_PASSES_CANONICALIZE_H_

#include "ir/rewrite.h"

// Adds the canonicalization patterns to a set.
CX_MUST_USE cx_status_t cx_canonicalize_add_patterns(cx_pattern_set_t* set);
// What a canonicalization pattern does, for statistics ("add(x, 0) -> x"),
// or NULL for a name that is not one of them.
const char* cx_canonicalize_pattern_summary(const char* name);

#endif  // CXLA_PASSES_CANONICALIZE_H_
