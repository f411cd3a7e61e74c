// libFuzzer harness for the MLIR text parser and printer.
//
// Each input is split like `cxla opt` does (// -----) and every chunk is
// parsed. The library must turn any malformed input into an error status;
// sanitizers catch crashes, leaks and undefined behaviour, libFuzzer's
// -timeout and -rss_limit_mb catch hangs and blow-ups. When a chunk parses,
// the harness also checks the printer's contract, which only a bug can
// break: in both printer modes the printed text parses again, the re-parsed
// module equals the first (cx_module_equal), and printing it again gives
// the same text. A broken contract aborts, so libFuzzer saves the input.
//
// The verifier runs on every parsed module too (its errors are fine, its
// crashes are not). Elided resources are not filled: filling allocates what
// the declared type asks for, which is the caller's explicit choice.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/module.h"
#include "ir/ir.h"

static void die(const char* what, const char* detail, const char* text) {
  fprintf(stderr, "text_parser_fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  if (text) fprintf(stderr, "---- printed text ----\n%s\n----------------------\n", text);
  abort();
}

static void die_status(const char* what, cx_status_t st, const char* text) {
  char msg[1024];
  const char* loc = cx_status_location(st);
  snprintf(msg, sizeof(msg), "%s%s%s", loc ? loc : "", loc ? ": " : "", cx_status_message(st));
  die(what, msg, text);
}

// The printer's contract for one parsed module in one printer mode.
static void check_round_trip(cx_context_t* ctx, const cx_module_t* m, bool generic) {
  cx_print_options_t pr = {generic, false};
  char* t1 = NULL;
  cx_status_t st = cx_module_print(m, &pr, &t1);
  if (st) {
    // Out of memory is the only acceptable failure of the printer.
    if (cx_status_code(st) != CX_OUT_OF_MEMORY) die_status("printing failed", st, NULL);
    cx_status_free(st);
    return;
  }
  cx_parse_options_t po = {generic ? "<printed generic>" : "<printed pretty>", 1, false};
  cx_module_t* m2 = NULL;
  st = cx_module_parse_text(ctx, t1, strlen(t1), &po, &m2);
  if (st) die_status("the printed text does not parse", st, t1);
  char why[1024];
  if (!cx_module_equal(m, m2, why, sizeof(why))) die("the re-parsed module differs", why, t1);
  char* t2 = NULL;
  st = cx_module_print(m2, &pr, &t2);
  if (st) die_status("printing the re-parsed module failed", st, t1);
  if (strcmp(t1, t2) != 0) {
    fprintf(stderr, "---- printed again ----\n%s\n", t2);
    die("printing is not stable", NULL, t1);
  }
  free(t2);
  cx_module_destroy(m2);
  free(t1);
}

typedef struct chunk_arg {
  cx_context_t* ctx;
} chunk_arg_t;

static cx_status_t run_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  chunk_arg_t* a = arg;
  cx_parse_options_t po = {"fuzz.mlir", first_line, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(a->ctx, text, len, &po, &m);
  if (st) {
    // A parse error must say where it is.
    if (cx_status_code(st) == CX_INVALID_ARGUMENT && !cx_status_location(st))
      die_status("a parse error without a location", st, NULL);
    cx_status_free(st);
    return NULL;
  }
  check_round_trip(a->ctx, m, false);
  check_round_trip(a->ctx, m, true);
  st = cx_module_verify(m);
  cx_status_free(st);
  cx_module_destroy(m);
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A fresh context per input: interned types would otherwise accumulate
  // over millions of inputs and look like a leak to -rss_limit_mb.
  cx_context_t* ctx = NULL;
  if (cx_context_create(cx_allocator_system(), &ctx)) return 0;
  chunk_arg_t arg = {ctx};
  cx_status_t st = cx_split_input((const char*)data, size, run_chunk, &arg);
  cx_status_free(st);
  cx_context_destroy(ctx);
  return 0;
}
