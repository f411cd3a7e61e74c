// Helpers for the interpreter's unit tests: run a small MLIR program whose
// functions check their own results with check.expect_* ops.
#ifndef CXLA_INTERP_INTERP_TEST_UTIL_H_
#define CXLA_INTERP_INTERP_TEST_UTIL_H_

#include <string.h>

#include "cxla/interp.h"
#include "cxla/module.h"
#include "interp/interp.h"
#include "ir/ir.h"

// Parses and verifies `text` (the interpreter runs verified modules) and
// calls every public function without arguments; returns the first error
// (parse and verification errors included).
static cx_status_t cx_test_run_mlir(const char* text) {
  cx_context_t* ctx = NULL;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (st) return st;
  cx_module_t* m = NULL;
  cx_parse_options_t po = {"test.mlir", 0, false};
  st = cx_module_parse_text(ctx, text, strlen(text), &po, &m);
  if (!st) st = cx_module_verify(m);
  cx_interp_t* in = NULL;
  if (!st) st = cx_interp_create(m, NULL, &in);
  for (cx_op_t* op = st ? NULL : cx_module_block(m)->first_op; op && !st; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC || !cx_func_is_public(op) || !cx_func_body(op)) continue;
    if (cx_func_type(op)->func.num_inputs) continue;
    uint32_t n = 0;
    cx_buffer_view_t* res = NULL;
    st = cx_interp_call(in, cx_func_name(op), 0, NULL, &n, &res);
    if (!st) cx_interp_free_results(n, res);
  }
  cx_interp_destroy(in);
  if (m) cx_module_destroy(m);
  cx_context_destroy(ctx);
  return st;
}

// Expects the program to pass.
#define CX_EXPECT_MLIR_OK(text) CX_EXPECT_OK(cx_test_run_mlir(text))

// Expects the program to fail with `code` and a message containing `needle`.
#define CX_EXPECT_MLIR_FAILS(text, code, needle)                                          \
  do {                                                                                    \
    cx_status_t s2_ = cx_test_run_mlir(text);                                             \
    if (!s2_) {                                                                           \
      CX_FAIL_("program passed but should have failed with \"%s\"", needle);             \
    } else {                                                                              \
      if (cx_status_code(s2_) != (code))                                                  \
        CX_FAIL_("wrong status code %d: %s", (int)cx_status_code(s2_),                    \
                 cx_status_message(s2_));                                                 \
      if (!strstr(cx_status_message(s2_), needle))                                        \
        CX_FAIL_("message \"%s\" lacks \"%s\"", cx_status_message(s2_), needle);         \
      cx_status_free(s2_);                                                                \
    }                                                                                     \
  } while (0)

#endif  // CXLA_INTERP_INTERP_TEST_UTIL_H_
