// The text parser on inputs that once lost text or scaled badly: embedded NUL
// bytes (reported, never taken for the end of the input), op locations in
// files of many functions (correct in any order of lookup, and found in
// linear time: many-function files were quadratic).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/allocator.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "support/strbuf.h"

static cx_context_t* g_ctx;

// Parses `len` bytes; returns the error message ("" on success) in buf.
static const char* parse_error(const char* text, size_t len, char* buf, size_t size) {
  cx_module_t* m = NULL;
  cx_parse_options_t po = {"t.mlir", 0, false};
  cx_status_t st = cx_module_parse_text(g_ctx, text, len, &po, &m);
  buf[0] = 0;
  if (st) {
    snprintf(buf, size, "%s: %s", cx_status_location(st) ? cx_status_location(st) : "?",
             cx_status_message(st));
    cx_status_free(st);
  } else {
    cx_module_destroy(m);
  }
  return buf;
}

CX_TEST(nul_after_module_is_reported) {
  static const char text[] = "func.func @main() {\n  return\n}\n\0garbage that is no MLIR";
  char buf[256];
  // Without the NUL the garbage is an error too; with it, the parser must
  // not stop at the NUL and accept the module.
  CX_EXPECT_STREQ(parse_error(text, sizeof(text) - 1, buf, sizeof(buf)),
                  "t.mlir:4:1: unexpected NUL character");
  // Only the part before the NUL parses.
  CX_EXPECT_STREQ(parse_error(text, strlen(text), buf, sizeof(buf)), "");
}

CX_TEST(nul_inside_module_is_reported) {
  static const char in_block[] = "func.func @main() {\n  return\n\0}\n";
  static const char in_module[] = "module {\n}\0\n";
  static const char in_braced[] = "module {\0\n}\n";
  static const char in_dense[] =
      "func.func @main() -> tensor<0xf32> {\n"
      "  %0 = stablehlo.constant dense<\0> : tensor<0xf32>\n"
      "  return %0 : tensor<0xf32>\n}\n";
  char buf[256];
  CX_EXPECT(strstr(parse_error(in_block, sizeof(in_block) - 1, buf, sizeof(buf)),
                   "t.mlir:3:1: unexpected NUL"));
  CX_EXPECT(strstr(parse_error(in_module, sizeof(in_module) - 1, buf, sizeof(buf)),
                   "t.mlir:2:2: unexpected NUL"));
  CX_EXPECT(strstr(parse_error(in_braced, sizeof(in_braced) - 1, buf, sizeof(buf)),
                   "t.mlir:1:9: unexpected NUL"));
  CX_EXPECT(strstr(parse_error(in_dense, sizeof(in_dense) - 1, buf, sizeof(buf)),
                   "t.mlir:2:33: unexpected NUL"));
}

// Input that ends inside a token, in a buffer of exactly its size (no NUL
// after it): nothing may read past the end (ASan checks this test). The
// quantized storage width was read with atoi, past the end.
CX_TEST(input_ending_mid_token) {
  static const char* const kTexts[] = {
      "func.func @f(%a: tensor<2x!quant.uniform<i8", "func.func @f(%a: tensor<2x!quant.uniform<u16",
      "func.func @f() attributes {a = 1.5e", "func.func @f() attributes {a = dense<0x", "%0 = \"",
      "func.func @f(%a: tensor<2xf8E4M3"};
  for (size_t i = 0; i < sizeof(kTexts) / sizeof(kTexts[0]); i++) {
    size_t n = strlen(kTexts[i]);
    char* exact = malloc(n);
    CX_EXPECT(exact != NULL);
    if (!exact) return;
    memcpy(exact, kTexts[i], n);
    char buf[256];
    CX_EXPECT(parse_error(exact, n, buf, sizeof(buf))[0] != 0);
    free(exact);
  }
}

// n functions of 4 lines each, starting on line 1: function i is on line
// 4i+1 and its add on line 4i+2, column 3.
static char* many_functions(long n, size_t* out_len) {
  cx_strbuf_t b = {0};
  for (long i = 0; i < n; i++)
    cx_strbuf_printf(&b,
                     "func.func @f%ld(%%arg0: tensor<f32>) -> tensor<f32> {\n"
                     "  %%0 = stablehlo.add %%arg0, %%arg0 : tensor<f32>\n"
                     "  return %%0 : tensor<f32>\n}\n",
                     i);
  *out_len = b.len;
  return b.failed ? NULL : cx_strbuf_take(&b);
}

static void check_locations(long n, unsigned first_line) {
  size_t len;
  char* text = many_functions(n, &len);
  CX_EXPECT(text != NULL);
  if (!text) return;
  cx_module_t* m = NULL;
  cx_parse_options_t po = {"many.mlir", first_line, false};
  CX_EXPECT_OK(cx_module_parse_text(g_ctx, text, len, &po, &m));
  free(text);
  if (!m) return;
  unsigned base = first_line ? first_line : 1;
  long i = 0, bad = 0;
  for (cx_op_t* f = cx_module_block(m)->first_op; f; f = f->next, i++) {
    cx_op_t* add = f->regions[0].first_block->first_op;
    if (f->loc.line != base + 4 * i || f->loc.col != 1 || add->loc.line != base + 4 * i + 1 ||
        add->loc.col != 3) {
      if (bad++ < 3)
        CX_FAIL_("function %ld at %u:%u, its add at %u:%u", i, f->loc.line, f->loc.col,
                 add->loc.line, add->loc.col);
    }
  }
  CX_EXPECT_EQ_I64(i, n);
  CX_EXPECT_EQ_I64(bad, 0);
  cx_module_destroy(m);
}

CX_TEST(function_locations) {
  check_locations(3, 0);
  check_locations(5000, 0);   // far more text than one line-mark interval
  check_locations(2000, 40);  // a chunk of a split file
}

// An error far into a large file, found behind the parser's cursor.
CX_TEST(error_location_far_into_file) {
  size_t len;
  char* text = many_functions(3000, &len);
  CX_EXPECT(text != NULL);
  if (!text) return;
  cx_strbuf_t b = {0};
  cx_strbuf_append(&b, text, len);
  cx_strbuf_puts(&b, "func.func @bad(%arg0: tensor<f32>) -> tensor<f32> {\n"
                     "  %0 = stablehlo.add %arg0, %nope : tensor<f32>\n}\n");
  free(text);
  char buf[256];
  const char* err = parse_error(b.data, b.len, buf, sizeof(buf));
  CX_EXPECT(strstr(err, "t.mlir:12002:") == err);
  cx_strbuf_free(&b);
}

// 10^5 functions: linear, a fraction of a second; the old quadratic location
// lookup took minutes (ctest's TIMEOUT for this test is 120 s).
CX_TEST(many_functions_parse_in_linear_time) { check_locations(100000, 0); }

int main(void) {
  if (cx_context_create(cx_allocator_system(), &g_ctx)) return 1;
  CX_RUN(nul_after_module_is_reported);
  CX_RUN(nul_inside_module_is_reported);
  CX_RUN(input_ending_mid_token);
  CX_RUN(function_locations);
  CX_RUN(error_location_far_into_file);
  CX_RUN(many_functions_parse_in_linear_time);
  cx_context_destroy(g_ctx);
  return CX_TEST_EXIT();
}
