// cx_context_create: a context that reads MLIR assembly wherever a lower
// layer meets it (bytecode's textual fallback), by installing the text
// front end's parser. src/ir cannot do this itself: it sits below src/text.
#include "cxla/module.h"
#include "ir/ir.h"
#include "text/fragment.h"

cx_status_t cx_context_create(cx_allocator_t allocator, cx_context_t** out_ctx) {
  CX_RETURN_IF_ERROR(cx_ir_context_create(allocator, out_ctx));
  (*out_ctx)->asm_parser = &cx_text_asm_parser;
  return NULL;
}
