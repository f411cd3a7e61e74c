// libFuzzer harness for the MLIR bytecode (portable artifact) reader.
//
// Any input must read as a module or give an error status; sanitizers catch
// crashes, leaks and undefined behaviour, libFuzzer's -timeout and
// -rss_limit_mb catch hangs and blow-ups (every count the reader trusts is
// checked against the bytes left, so memory stays proportional to the
// input). When an input reads, the harness also checks the writer's
// contract, which only a bug can break: the module prints, verifies without
// crashing, and if it serializes (for the newest version), the artifact
// reads back as an equal module that serializes to the same bytes.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/bytecode.h"
#include "cxla/module.h"
#include "ir/ir.h"

static void die(const char* what, cx_status_t st) {
  fprintf(stderr, "bytecode_fuzz: %s%s%s\n", what, st ? ": " : "", st ? cx_status_message(st) : "");
  abort();
}

static cx_context_t* g_ctx;

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!g_ctx && cx_context_create(cx_allocator_system(), &g_ctx)) return 0;
  // The reader borrows from the buffer; a copy keeps libFuzzer's input
  // untouched and makes out-of-bounds reads visible to ASan.
  uint8_t* copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  cx_bc_read_options_t ro = {"<fuzz>", true, false, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_bc_read(g_ctx, copy, size, &ro, &m);
  if (st) {
    cx_status_free(st);
    free(copy);
    return 0;
  }
  char* text = NULL;
  st = cx_module_print(m, NULL, &text);
  if (st && cx_status_code(st) != CX_OUT_OF_MEMORY) die("printing a module read from bytecode", st);
  cx_status_free(st);
  free(text);
  cx_status_free(cx_module_verify(m));
  cx_bc_write_options_t wo = {"current", true};
  uint8_t* bytes = NULL;
  size_t len = 0;
  st = cx_bc_write(m, &wo, &bytes, &len);
  if (!st) {
    cx_module_t* back = NULL;
    cx_bc_read_options_t ro2 = {"<rewritten>", false, false, false};
    st = cx_bc_read(g_ctx, bytes, len, &ro2, &back);
    if (st) die("an artifact cxla wrote does not read back", st);
    char why[512] = "";
    if (!cx_module_equal(m, back, why, sizeof(why))) {
      fprintf(stderr, "bytecode_fuzz: %s\n", why);
      die("a rewritten artifact reads back as a different module", NULL);
    }
    uint8_t* again = NULL;
    size_t again_len = 0;
    st = cx_bc_write(back, &wo, &again, &again_len);
    if (st) die("re-serializing a module read from cxla's own artifact", st);
    if (again_len != len || memcmp(again, bytes, len)) die("serialization is not stable", NULL);
    free(again);
    cx_module_destroy(back);
    free(bytes);
  }
  cx_status_free(st);
  cx_module_destroy(m);
  free(copy);
  return 0;
}
