// libFuzzer harness for the verifier and the reference interpreter.
//
// Each input is split like `cxla check` does (// -----); every chunk that
// parses (cx_module_parse_text) is verified (cx_module_verify), and every
// chunk that verifies is interpreted: each public function that takes no
// arguments is called, as `cxla check` calls them. The conformance tests are
// exactly such programs (constants in, check ops on the results), so seeding
// with them and mutating their constants, shapes and attributes reaches the
// interpreter's op evaluators with hostile-but-verified programs.
//
// The contract under test: the verifier and the interpreter turn anything
// into a status, never a crash, a hang, a leak or undefined behaviour. The
// interpreter runs with an evaluation budget (cx_interp_options_t.max_steps
// and max_tensor_bytes), so a while loop that never ends or a giant iota
// ends in CX_OUT_OF_RANGE; libFuzzer's -timeout and -rss_limit_mb catch
// whatever escapes the budget. A budget error must carry the op's location.
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/interp.h"
#include "cxla/module.h"
#include "ir/ir.h"

// The budget: generous for the corpus's small tests, small enough that one
// input cannot take more than about a second under ASan.
enum {
  kMaxSteps = 2 * 1000 * 1000,
  kMaxTensorBytes = 16 << 20,
};

typedef struct chunk_arg {
  cx_context_t* ctx;
  FILE* sink;    // interpreter.print output
  bool verbose;  // CXLA_FUZZ_VERBOSE=1: print each chunk's outcome (reproducing)
} chunk_arg_t;

static void report(const chunk_arg_t* a, const char* what, cx_status_t st) {
  if (!a->verbose) return;
  const char* loc = st ? cx_status_location(st) : NULL;
  fprintf(stderr, "interp_fuzz: %s: %s%s%s\n", what, loc ? loc : "", loc ? ": " : "",
          st ? cx_status_message(st) : "ok");
}

static void die_status(const char* what, cx_status_t st) {
  const char* loc = cx_status_location(st);
  fprintf(stderr, "interp_fuzz: %s: %s%s%s\n", what, loc ? loc : "", loc ? ": " : "",
          cx_status_message(st));
  abort();
}

static void run_functions(chunk_arg_t* a, cx_module_t* m) {
  cx_interp_options_t io;
  memset(&io, 0, sizeof(io));
  io.print_output = a->sink;
  io.probe_dir = NULL;  // probes fail cleanly: nothing is written
  io.max_steps = kMaxSteps;
  io.max_tensor_bytes = kMaxTensorBytes;
  cx_interp_t* interp = NULL;
  cx_status_t st = cx_interp_create(m, &io, &interp);
  if (st) {
    cx_status_free(st);
    return;
  }
  for (cx_op_t* op = cx_module_block(m)->first_op; op; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC || !cx_func_is_public(op) || !cx_func_body(op)) continue;
    const cx_type_t* fn = cx_func_type(op);
    const char* name = cx_func_name(op);
    if (!fn || !name || fn->func.num_inputs != 0) continue;
    uint32_t n = 0;
    cx_buffer_view_t* results = NULL;
    st = cx_interp_call(interp, name, 0, NULL, &n, &results);
    report(a, name, st);
    if (st) {
      // Running out of budget is an input error like any other, but it
      // must say where.
      if (cx_status_code(st) == CX_OUT_OF_RANGE && !cx_status_location(st) &&
          strstr(cx_status_message(st), "budget"))
        die_status("a budget error without a location", st);
      if (cx_status_code(st) == CX_INTERNAL) die_status("an internal error", st);
      cx_status_free(st);
    }
    cx_interp_free_results(n, results);
  }
  cx_interp_destroy(interp);
}

static cx_status_t run_chunk(const char* text, size_t len, unsigned first_line, void* arg) {
  chunk_arg_t* a = arg;
  cx_parse_options_t po = {"fuzz.mlir", first_line, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(a->ctx, text, len, &po, &m);
  if (st) {
    report(a, "parse", st);
    cx_status_free(st);
    return NULL;
  }
  st = cx_module_verify(m);
  report(a, "verify", st);
  if (st) {
    cx_status_free(st);
  } else {
    run_functions(a, m);
  }
  cx_module_destroy(m);
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // interpreter.print writes here; opened once (not a leak: it lives as
  // long as the process).
  static FILE* sink;
  if (!sink) sink = fopen("/dev/null", "w");
  if (!sink) return 0;
  // A fresh context per input, as in text_parser_fuzz.c.
  cx_context_t* ctx = NULL;
  if (cx_context_create(cx_allocator_system(), &ctx)) return 0;
  const char* v = getenv("CXLA_FUZZ_VERBOSE");
  chunk_arg_t arg = {ctx, sink, v && *v == '1'};
  cx_status_t st = cx_split_input((const char*)data, size, run_chunk, &arg);
  cx_status_free(st);
  cx_context_destroy(ctx);
  return 0;
}
