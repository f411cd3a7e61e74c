// cx_module_load: text or bytecode, told apart by the bytecode magic.
#include <stdlib.h>

#include "cxla/bytecode.h"
#include "cxla/file.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "support/file.h"
#include "text/parser.h"

// Bytecode, its constants borrowed from `data` (see module.h); `mapped`: data
// is a read-only file mapping whose copied pages may be given back.
static cx_status_t load_bytecode(cx_context_t* ctx, const void* data, size_t len, bool mapped,
                                 const cx_parse_options_t* options, cx_module_t** out_module) {
  cx_bc_read_options_t bo = {options ? options->filename : NULL, true,
                             options ? options->fill_elided_resources : false, mapped};
  return cx_bc_read(ctx, data, len, &bo, out_module);
}

cx_status_t cx_module_load(cx_context_t* ctx, void* data, size_t len, bool take_ownership,
                           const cx_parse_options_t* options, cx_module_t** out_module) {
  *out_module = NULL;
  cx_status_t st;
  if (!cx_is_bytecode(data, len)) {
    st = cx_module_parse_text(ctx, data, len, options, out_module);
    if (take_ownership) cx_free_malloced(data);  // text is not retained
    return st;
  }
  // Constants stay in the input buffer: the module owns it, or the caller
  // keeps it alive (see module.h).
  st = load_bytecode(ctx, data, len, false, options, out_module);
  if (!st && take_ownership) {
    st = cx_module_adopt_buffer(*out_module, data);
    if (!st) return NULL;
    cx_module_destroy(*out_module);
    *out_module = NULL;
  }
  // With ownership the buffer is consumed on failure too.
  if (take_ownership) cx_free_malloced(data);
  return st;
}

cx_status_t cx_module_load_file_view(cx_context_t* ctx, const cx_file_view_t* src,
                                     const cx_parse_options_t* options, cx_module_t** out_module) {
  cx_status_t st;
  bool mapped_bytecode = src->mapped && cx_is_bytecode(src->data, src->len);
  if (!src->mapped) {
    st = cx_module_load(ctx, (void*)src->data, src->len, false, options, out_module);
  } else if (!mapped_bytecode) {
    st = cx_parse_mapped_text(ctx, src->data, src->len, options, out_module);
  } else {
    // Each large constant's pages are given back as soon as it is copied
    // (ResNet-50's .mlirbc: the load peaked with 73 MiB of file pages next
    // to the copies).
    st = load_bytecode(ctx, src->data, src->len, true, options, out_module);
  }
  // Loaded: the module borrows the file's aligned dense resources and copied
  // everything else, so the pages read so far would stay resident next to
  // the copies (ResNet-50's .mlirbc: 73 MiB of file pages during the whole
  // compile). Given back, the borrowed bytes read back from the file when
  // used (and the compile gives them back again once copied).
  if (!st) cx_file_view_drop_pages(src);
  // The compile gives them back again once it has copied the constants
  // (not read again here: a file system with large folios maps up to
  // 2 MiB back at the first touch).
  if (!st && mapped_bytecode) {
    (*out_module)->mapped = src->data;
    (*out_module)->mapped_len = src->len;
  }
  return st;
}
