// Parsing a standalone attribute or type (see fragment.h): a parser over the
// fragment alone, which must be consumed entirely.
#include <string.h>

#include "text/fragment.h"
#include "text/parser.h"

// False if out of memory.
static bool init(cx_parser_t* p, cx_module_t* m, const char* text, size_t len) {
  memset(p, 0, sizeof(*p));
  p->ctx = m->ctx;
  p->module = m;
  p->filename = cx_intern(m->ctx, "<fragment>", 10);
  p->begin = p->cur = p->line_start = text;
  p->end = text + len;
  p->line = 1;
  cx_ssa_names_init(&p->names, m->ctx->allocator, text + len);
  cx_strmap_init(&p->aliases, m->ctx->allocator);
  cx_strmap_init(&p->op_kinds, m->ctx->allocator);
  cx_strbuf_init_with(&p->scratch, m->ctx->allocator);
  cx_scratch_init(&p->tmp, m->ctx->allocator, 1024);
  return p->filename != NULL;
}

static cx_status_t finish(cx_parser_t* p, cx_status_t st) {
  if (!st) {
    cx_p_skip_ws(p);
    if (p->cur != p->end) st = cx_p_error(p, "unexpected text after the attribute or type");
  }
  if (!st && p->pending_resources)
    st = cx_p_error(p, "dense_resource is not supported in an attribute fragment");
  cx_strmap_free(&p->aliases);
  cx_strmap_free(&p->op_kinds);
  cx_ssa_names_destroy(&p->names);
  cx_strbuf_free(&p->scratch);
  cx_scratch_destroy(&p->tmp);
  cx_p_share_free(p);
  cx_p_free_line_marks(p);
  return st;
}

cx_status_t cx_text_parse_attr(cx_module_t* module, const char* text, size_t len,
                               const cx_attr_t** out) {
  cx_parser_t p;
  if (!init(&p, module, text, len)) return CX_OOM();
  return finish(&p, cx_p_attr(&p, out));
}

cx_status_t cx_text_parse_type(cx_module_t* module, const char* text, size_t len,
                               const cx_type_t** out) {
  cx_parser_t p;
  if (!init(&p, module, text, len)) return CX_OOM();
  return finish(&p, cx_p_type(&p, out));
}

const cx_asm_parser_t cx_text_asm_parser = {cx_text_parse_attr, cx_text_parse_type};
