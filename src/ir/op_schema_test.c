// The op attribute schema: integer lists normalized to one form whatever
// their spelling, the one reader, defaults, and MLIR's default elision.
#include "ir/op_schema.h"

#include <string.h>

#include "cx_test.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "ir/ir_test_util.h"
#include "ir/print.h"


static cx_module_t* parse(const char* text) {
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(g_ctx, text, strlen(text), NULL, &m));
  return m;
}

// The n-th op (in order) of the first function's body.
static cx_op_t* nth_op(cx_module_t* m, int n) {
  cx_op_t* f = cx_module_block(m)->first_op;
  cx_op_t* op = cx_func_body(f)->first_op;
  while (op && n--) op = op->next;
  return op;
}

static const cx_attr_t* attr(cx_op_t* op, const char* name) {
  return cx_op_attr(op, cx_intern(g_ctx, name, strlen(name)));
}

static char* print_attr(const cx_attr_t* a) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_print_attr(&sb, a);
  return cx_strbuf_take(&sb);
}

CX_TEST(three_spellings_one_form) {
  cx_module_t* m = parse(
      "func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {\n"
      "  %0 = \"stablehlo.transpose\"(%x) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>\n"
      "  %1 = \"stablehlo.transpose\"(%x) {permutation = dense<[1, 0]> : tensor<2xi64>} : (tensor<2x3xf32>) -> tensor<3x2xf32>\n"
      "  %2 = \"stablehlo.transpose\"(%x) {permutation = [1, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>\n"
      "  %3 = \"stablehlo.transpose\"(%x) {permutation = dense<[1, 0]> : tensor<2xi32>} : (tensor<2x3xf32>) -> tensor<3x2xf32>\n"
      "  return %0 : tensor<3x2xf32>\n"
      "}\n");
  if (!m) return;
  const cx_attr_t* first = attr(nth_op(m, 0), "permutation");
  for (int i = 0; i < 3; i++) {
    const cx_attr_t* a = attr(nth_op(m, i), "permutation");
    CX_EXPECT(a && a->kind == CX_ATTR_DENSE_ARRAY);
    CX_EXPECT(cx_attr_equal(a, first));
    cx_i64s_t l;
    CX_EXPECT(cx_attr_get_i64s(a, &l));
    CX_EXPECT_EQ_I64(l.len, 2);
    CX_EXPECT_EQ_I64(l.rank, 1);
    if (l.len == 2) CX_EXPECT(l.data[0] == 1 && l.data[1] == 0);
    char* s = print_attr(a);
    CX_EXPECT_STREQ(s, "array<i64: 1, 0>");
    free(s);
  }
  // i32 elements are not a StableHLO spelling: left for the verifier.
  const cx_attr_t* bad = attr(nth_op(m, 3), "permutation");
  cx_i64s_t l;
  CX_EXPECT(bad && bad->kind == CX_ATTR_DENSE && !cx_attr_get_i64s(bad, &l));
  CX_EXPECT_ERROR(cx_module_verify(m));
  cx_module_destroy(m);
}

CX_TEST(matrices_keep_their_tensor_type) {
  cx_module_t* m = parse(
      "func.func @f(%x: tensor<4x6xf32>, %i: tensor<f32>) -> tensor<2x3xf32> {\n"
      "  %0 = \"stablehlo.reduce_window\"(%x, %i) ({\n"
      "  ^bb0(%a: tensor<f32>, %b: tensor<f32>):\n"
      "    %s = stablehlo.add %a, %b : tensor<f32>\n"
      "    stablehlo.return %s : tensor<f32>\n"
      "  }) {window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 2, 2>,\n"
      "      padding = dense<[[0, 0], [0, 0]]> : tensor<2x2xi64>}\n"
      "      : (tensor<4x6xf32>, tensor<f32>) -> tensor<2x3xf32>\n"
      "  %1 = \"stablehlo.reduce_window\"(%x, %i) ({\n"
      "  ^bb0(%a: tensor<f32>, %b: tensor<f32>):\n"
      "    %s = stablehlo.add %a, %b : tensor<f32>\n"
      "    stablehlo.return %s : tensor<f32>\n"
      "  }) {window_dimensions = array<i64: 2, 2>, padding = dense<[[1, 0], [0, 2]]> : tensor<2x2xi64>}\n"
      "      : (tensor<4x6xf32>, tensor<f32>) -> tensor<5x7xf32>\n"
      "  return %0 : tensor<2x3xf32>\n"
      "}\n");
  if (!m) return;
  const cx_attr_t* zeros = attr(nth_op(m, 0), "padding");
  const cx_attr_t* pads = attr(nth_op(m, 1), "padding");
  cx_i64s_t l;
  CX_EXPECT(cx_attr_get_i64s(pads, &l));
  CX_EXPECT(l.rank == 2 && l.rows == 2 && l.cols == 2 && l.len == 4);
  if (l.len == 4) CX_EXPECT(l.data[0] == 1 && l.data[1] == 0 && l.data[2] == 0 && l.data[3] == 2);
  // Printed as StableHLO spells them; equal elements as a splat, as MLIR
  // stores them.
  char* s = print_attr(pads);
  CX_EXPECT_STREQ(s, "dense<[[1, 0], [0, 2]]> : tensor<2x2xi64>");
  free(s);
  s = print_attr(zeros);
  CX_EXPECT_STREQ(s, "dense<0> : tensor<2x2xi64>");
  free(s);

  // Defaults: absent strides are window-shaped ones; explicit zero padding
  // is the default, [[1, 0], [0, 2]] is not.
  cx_op_t* rw = nth_op(m, 1);
  const char* strides = cx_intern(g_ctx, "window_strides", 14);
  const cx_attr_t* d = NULL;
  CX_EXPECT_OK(cx_op_attr_default(&m->arena, g_ctx, rw, strides, &d));
  CX_EXPECT(d && cx_attr_get_i64s(d, &l) && l.len == 2 && l.data[0] == 1 && l.data[1] == 1);
  CX_EXPECT(cx_op_attr_is_default(g_ctx, rw, strides, d));
  const char* padding = cx_intern(g_ctx, "padding", 7);
  CX_EXPECT(cx_op_attr_is_default(g_ctx, nth_op(m, 0), padding, zeros));
  CX_EXPECT(!cx_op_attr_is_default(g_ctx, rw, padding, pads));
  // window_dimensions is required: no default.
  CX_EXPECT_OK(cx_op_attr_default(&m->arena, g_ctx, rw, cx_intern(g_ctx, "window_dimensions", 17), &d));
  CX_EXPECT(d == NULL);
  cx_module_destroy(m);
}

// MLIR's printer leaves DefaultValuedAttrs at their default out of the pretty
// form, and keeps every attribute in the generic form.
CX_TEST(pretty_form_elides_defaults) {
  const char* text =
      "func.func @f(%x: tensor<f32>) -> tensor<f32> {\n"
      "  %0 = stablehlo.custom_call @a(%x) {api_version = 1 : i32, has_side_effect = false} : (tensor<f32>) -> tensor<f32>\n"
      "  %1 = stablehlo.custom_call @b(%x) {api_version = 2 : i32, has_side_effect = true} : (tensor<f32>) -> tensor<f32>\n"
      "  %2 = stablehlo.exponential %x {result_accuracy = #stablehlo.result_accuracy<atol = 0.000000e+00, rtol = 0.000000e+00, ulps = 0, mode = #stablehlo.result_accuracy_mode<DEFAULT>>} : tensor<f32>\n"
      "  %3 = stablehlo.exponential %x {result_accuracy = #stablehlo.result_accuracy<atol = 0.000000e+00, rtol = 0.000000e+00, ulps = 1, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>} : tensor<f32>\n"
      "  return %3 : tensor<f32>\n"
      "}\n";
  cx_module_t* m = parse(text);
  if (!m) return;
  cx_print_options_t pretty = {false, false}, generic = {true, false};
  char* out = NULL;
  CX_EXPECT_OK(cx_module_print(m, &pretty, &out));
  CX_EXPECT(out && strstr(out, "stablehlo.custom_call @a(%arg0) : (tensor<f32>)"));
  CX_EXPECT(out && strstr(out, "{api_version = 2 : i32, has_side_effect = true}"));
  CX_EXPECT(out && strstr(out, "stablehlo.exponential %arg0 : tensor<f32>"));
  CX_EXPECT(out && strstr(out, "mode = #stablehlo.result_accuracy_mode<TOLERANCE>"));
  free(out);
  out = NULL;
  CX_EXPECT_OK(cx_module_print(m, &generic, &out));
  CX_EXPECT(out && strstr(out, "api_version = 1 : i32"));
  CX_EXPECT(out && strstr(out, "mode = #stablehlo.result_accuracy_mode<DEFAULT>"));
  free(out);
  cx_module_destroy(m);
}

CX_TEST(every_row_names_a_known_kind_and_default) {
  // Shaped defaults only on lists; ELIDE only with a value to compare.
  for (int i = 0; i < CX_OP_ATTR_COUNT; i++) {
    const cx_op_attr_schema_t* r = cx_op_attr_schema_row((cx_op_attr_id_t)i);
    bool shaped = r->dflt == CX_AD_ONES || r->dflt == CX_AD_FALSES || r->dflt == CX_AD_ZERO_PAIRS ||
                  r->dflt == CX_AD_EMPTY_LIST;
    bool list = r->kind == CX_AK_I64_LIST || r->kind == CX_AK_BOOL_LIST || r->kind == CX_AK_I64_MATRIX;
    if (shaped && !list) CX_FAIL_("%s.%s: a list default on a scalar", cx_op_info(r->op)->name, r->name);
    if ((r->flags & CX_AF_ELIDE) && (r->dflt == CX_AD_NONE || r->dflt == CX_AD_ABSENT))
      CX_FAIL_("%s.%s: elided without a default", cx_op_info(r->op)->name, r->name);
    const cx_op_attr_schema_t* found =
        cx_op_attr_schema(g_ctx, r->op, cx_intern(g_ctx, r->name, strlen(r->name)));
    CX_EXPECT(found == r);
  }
}

IR_TEST_MAIN(IR_TEST(three_spellings_one_form), IR_TEST(matrices_keep_their_tensor_type),
             IR_TEST(pretty_form_elides_defaults),
             IR_TEST(every_row_names_a_known_kind_and_default))
