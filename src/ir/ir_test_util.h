// Helpers shared by the IR's unit tests (src/ir/*_test.c): parse a module
// from text, print it, find ops by name.
#ifndef CXLA_IR_IR_TEST_UTIL_H_
#define CXLA_IR_IR_TEST_UTIL_H_

#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/module.h"
#include "ir/ir.h"

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
