// Helpers shared by the IR's unit tests (src/ir/*_test.c): parse a module
// from text, print it, find ops by name.
#ifndef CXLA_IR_IR_TEST_UTIL_H_
#define CXLA_IR_IR_TEST_UTIL_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/module.h"
#include "ir/ir.h"

// The context a test file's tests share (created by ir_run_tests).
static cx_context_t* g_ctx;

// A test (CX_TEST) and its name; IR_TEST(fn) spells both.
typedef struct ir_test {
  const char* name;
  void (*fn)(void);
} ir_test_t;
#define IR_TEST(fn) \
  { #fn, fn }

// Runs each test as CX_RUN does, in a fresh context; the process's exit
// status.
static inline int ir_run_tests(const ir_test_t* tests, size_t n) {
  if (cx_context_create(cx_allocator_system(), &g_ctx)) return 1;
  for (size_t i = 0; i < n; i++) {
    cx_test_current_failed_ = 0;
    tests[i].fn();
    fprintf(stderr, "%s %s\n", cx_test_current_failed_ ? "FAIL" : "ok  ", tests[i].name);
    cx_test_failures_ += cx_test_current_failed_;
  }
  cx_context_destroy(g_ctx);
  return CX_TEST_EXIT();
}

// Defines main to run the tests given, IR_TEST_MAIN(IR_TEST(a), IR_TEST(b)).
#define IR_TEST_MAIN(...)                                            \
  int main(void) {                                                   \
    static const ir_test_t tests_[] = {__VA_ARGS__};                 \
    return ir_run_tests(tests_, sizeof(tests_) / sizeof(tests_[0])); \
  }

// Parses (and verifies) text; NULL (and a test failure) on error.
static inline cx_module_t* ir_parse(cx_context_t* ctx, const char* text) {
  cx_parse_options_t po = {"test.mlir", 1, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(ctx, text, strlen(text), &po, &m);
  if (!st) st = cx_module_verify(m);
  if (st) {
    CX_FAIL_("cannot parse test input: %s", cx_status_message(st));
    cx_status_free(st);
    cx_module_destroy(m);
    return NULL;
  }
  return m;
}

// The pretty-printed module (malloc'ed), or NULL.
static inline char* ir_print(const cx_module_t* m) {
  cx_print_options_t po = {false, false};
  char* text = NULL;
  cx_status_t st = cx_module_print(m, &po, &text);
  if (st) {
    CX_FAIL_("cannot print: %s", cx_status_message(st));
    cx_status_free(st);
    return NULL;
  }
  return text;
}

// Expects the module to verify.
#define IR_EXPECT_VERIFIES(m)                                                 \
  do {                                                                        \
    cx_status_t vs_ = cx_module_verify(m);                                    \
    if (vs_) {                                                                \
      CX_FAIL_("module does not verify: %s", cx_status_message(vs_));         \
      cx_status_free(vs_);                                                    \
    }                                                                         \
  } while (0)

// Expects the printed module to contain / not contain a string.
#define IR_EXPECT_PRINTS(m, needle)                                           \
  do {                                                                        \
    char* t_ = ir_print(m);                                                   \
    if (t_ && !strstr(t_, (needle))) CX_FAIL_("'%s' not in:\n%s", (needle), t_); \
    free(t_);                                                                 \
  } while (0)

// The n-th op (0-based, pre-order over the whole function body, nested ops
// included) named `name` in the first function, or NULL.
static inline cx_op_t* ir_find_in_block(cx_block_t* b, const char* name, int* n) {
  for (cx_op_t* op = b->first_op; op; op = op->next) {
    if (strcmp(op->name, name) == 0 && (*n)-- == 0) return op;
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* x = op->regions[r].first_block; x; x = x->next) {
        cx_op_t* found = ir_find_in_block(x, name, n);
        if (found) return found;
      }
  }
  return NULL;
}

static inline cx_op_t* ir_find(cx_module_t* m, const char* name, int n) {
  return ir_find_in_block(cx_module_block(m), name, &n);
}

static inline uint32_t ir_count_ops(cx_block_t* b) {
  uint32_t n = 0;
  for (cx_op_t* op = b->first_op; op; op = op->next) n++;
  return n;
}

#endif  // CXLA_IR_IR_TEST_UTIL_H_
