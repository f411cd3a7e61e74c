// Parsing one attribute or type from MLIR text outside a module's source:
// formats that embed assembly (MLIR bytecode's textual fallback for
// attributes and types) use these. The result lives in `module`'s arena
// (attributes) or its context (types). Aliases and dense_resource blobs are
// not available to a fragment.
#ifndef CXLA_TEXT_FRAGMENT_H_
#define CXLA_TEXT_FRAGMENT_H_

#include <stddef.h>

#include "cxla/status.h"
#include "ir/ir.h"

CX_MUST_USE cx_status_t cx_text_parse_attr(cx_module_t* module, const char* text, size_t len,
                                           const cx_attr_t** out);
CX_MUST_USE cx_status_t cx_text_parse_type(cx_module_t* module, const char* text, size_t len,
                                           const cx_type_t** out);

// The two functions above as the context's assembly parser (ir.h), which
// the public cx_context_create installs.
extern const cx_asm_parser_t cx_text_asm_parser;

#endif  // CXLA_TEXT_FRAGMENT_H_
