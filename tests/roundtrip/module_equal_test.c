// cx_module_equal: the round-trip suite trusts it to tell modules apart, so
// each kind of difference it should catch is checked here, as well as the
// differences it must ignore (SSA names, locations, attribute order).
#include "cx_test.h"
#include "cxla/module.h"
#include "ir/ir.h"

static cx_context_t* g_ctx;

static cx_module_t* parse(const char* text) {
  cx_parse_options_t po = {"test.mlir", 1, false};
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(g_ctx, text, strlen(text), &po, &m);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return NULL;
  }
  return m;
}

// Returns whether the two texts parse to equal modules; `why` gets the reason.
static bool equal_texts(const char* a, const char* b, char* why, size_t why_size) {
  cx_module_t* ma = parse(a);
  cx_module_t* mb = parse(b);
  CX_EXPECT(ma != NULL);
  CX_EXPECT(mb != NULL);
  bool eq = ma && mb && cx_module_equal(ma, mb, why, why_size);
  cx_module_destroy(ma);
  cx_module_destroy(mb);
  return eq;
}

#define EXPECT_EQUAL(a, b)                                  \
  do {                                                      \
    char why_[512];                                         \
    bool eq_ = equal_texts((a), (b), why_, sizeof(why_));   \
    if (!eq_) CX_FAIL_("expected equal modules: %s", why_); \
  } while (0)

// Expects a difference whose description contains `needle`.
#define EXPECT_DIFFER(a, b, needle)                                                 \
  do {                                                                              \
    char why_[512];                                                                 \
    bool eq_ = equal_texts((a), (b), why_, sizeof(why_));                           \
    if (eq_) CX_FAIL_("expected different modules");                                \
    else if (!strstr(why_, (needle)))                                               \
      CX_FAIL_("difference '%s' does not mention '%s'", why_, (needle));            \
  } while (0)

static const char kBase[] =
    "func.func @main(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {\n"
    "  %0 = stablehlo.add %arg0, %arg1 : tensor<2xf32>\n"
    "  %1 = stablehlo.multiply %0, %arg1 : tensor<2xf32>\n"
    "  return %1 : tensor<2xf32>\n"
    "}\n";

CX_TEST(same_text_is_equal) { EXPECT_EQUAL(kBase, kBase); }

CX_TEST(names_locations_and_forms_are_ignored) {
  EXPECT_EQUAL(kBase,
               "func.func @main(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {\n"
               "  %s = \"stablehlo.add\"(%x, %y) : (tensor<2xf32>, tensor<2xf32>) -> "
               "tensor<2xf32> loc(\"elsewhere.py\":3:4)\n"
               "  %p = stablehlo.multiply %s, %y : tensor<2xf32>\n"
               "  func.return %p : tensor<2xf32>\n"
               "}\n");
}

CX_TEST(op_kind_differs) {
  EXPECT_DIFFER(kBase,
                "func.func @main(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.subtract %arg0, %arg1 : tensor<2xf32>\n"
                "  %1 = stablehlo.multiply %0, %arg1 : tensor<2xf32>\n"
                "  return %1 : tensor<2xf32>\n"
                "}\n",
                "'stablehlo.add' vs 'stablehlo.subtract'");
}

CX_TEST(operand_order_differs) {
  EXPECT_DIFFER(kBase,
                "func.func @main(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.add %arg1, %arg0 : tensor<2xf32>\n"
                "  %1 = stablehlo.multiply %0, %arg1 : tensor<2xf32>\n"
                "  return %1 : tensor<2xf32>\n"
                "}\n",
                "operand #0 refers to different values");
}

CX_TEST(operand_source_differs) {
  // Same shapes, but multiply reads an argument instead of the add.
  EXPECT_DIFFER(kBase,
                "func.func @main(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.add %arg0, %arg1 : tensor<2xf32>\n"
                "  %1 = stablehlo.multiply %arg0, %arg1 : tensor<2xf32>\n"
                "  return %1 : tensor<2xf32>\n"
                "}\n",
                "result #0 of 'stablehlo.add' vs block argument #0");
}

CX_TEST(type_differs) {
  EXPECT_DIFFER("func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.convert %a : (tensor<2xf32>) -> tensor<2xf32>\n"
                "  return %0 : tensor<2xf32>\n}\n",
                "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.convert %a : (tensor<2xf32>) -> tensor<2xf16>\n"
                "  %1 = stablehlo.convert %0 : (tensor<2xf16>) -> tensor<2xf32>\n"
                "  return %1 : tensor<2xf32>\n}\n",
                "result #0 type differs");
}

CX_TEST(attribute_value_differs) {
  EXPECT_DIFFER("func.func @f() -> tensor<2xi32> {\n"
                "  %0 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
                "  return %0 : tensor<2xi32>\n}\n",
                "func.func @f() -> tensor<2xi32> {\n"
                "  %0 = stablehlo.constant dense<[1, 3]> : tensor<2xi32>\n"
                "  return %0 : tensor<2xi32>\n}\n",
                "attribute value differs");
}

CX_TEST(attribute_missing_and_order) {
  const char* a =
      "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
      "  %0 = stablehlo.abs %a {x = 1 : i32, y = \"s\"} : tensor<2xf32>\n"
      "  return %0 : tensor<2xf32>\n}\n";
  EXPECT_EQUAL(a,
               "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
               "  %0 = stablehlo.abs %a {y = \"s\", x = 1 : i32} : tensor<2xf32>\n"
               "  return %0 : tensor<2xf32>\n}\n");
  EXPECT_DIFFER(a,
                "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.abs %a {x = 1 : i32} : tensor<2xf32>\n"
                "  return %0 : tensor<2xf32>\n}\n",
                "attribute y only in the first module");
  // Nested dictionaries are sets too, but their values still count.
  EXPECT_EQUAL("func.func private @g() attributes {d = {a = 1 : i32, b = 2 : i32}}\n",
               "func.func private @g() attributes {d = {b = 2 : i32, a = 1 : i32}}\n");
  EXPECT_DIFFER("func.func private @g() attributes {d = {a = 1 : i32, b = 2 : i32}}\n",
                "func.func private @g() attributes {d = {b = 2 : i32, a = 3 : i32}}\n",
                "attribute d.a differs");
}

CX_TEST(region_structure_differs) {
  const char* a =
      "func.func @f(%x: tensor<4xf32>, %i: tensor<f32>) -> tensor<f32> {\n"
      "  %0 = stablehlo.reduce(%x init: %i) applies stablehlo.add across dimensions = [0] :\n"
      "      (tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
      "  return %0 : tensor<f32>\n}\n";
  const char* b =
      "func.func @f(%x: tensor<4xf32>, %i: tensor<f32>) -> tensor<f32> {\n"
      "  %0 = stablehlo.reduce(%x init: %i) applies stablehlo.maximum across dimensions = [0] :\n"
      "      (tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
      "  return %0 : tensor<f32>\n}\n";
  EXPECT_DIFFER(a, b, "'stablehlo.add' vs 'stablehlo.maximum'");
}

CX_TEST(extra_op_and_function) {
  EXPECT_DIFFER(kBase,
                "func.func @main(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {\n"
                "  %0 = stablehlo.add %arg0, %arg1 : tensor<2xf32>\n"
                "  %1 = stablehlo.multiply %0, %arg1 : tensor<2xf32>\n"
                "  return %1 : tensor<2xf32>\n"
                "}\n"
                "func.func private @extra()\n",
                "the second module has more top-level ops");
}

CX_TEST(module_name_and_resources) {
  EXPECT_DIFFER("module @a {}\n", "module @b {}\n", "module name 'a' vs 'b'");
  const char* r1 =
      "func.func @f() -> tensor<1xi32> {\n"
      "  %0 = stablehlo.constant dense_resource<blob> : tensor<1xi32>\n"
      "  return %0 : tensor<1xi32>\n}\n"
      "{-#\n  dialect_resources: {\n    builtin: {\n      blob: \"0x0400000001000000\"\n"
      "    }\n  }\n#-}\n";
  const char* r2 =
      "func.func @f() -> tensor<1xi32> {\n"
      "  %0 = stablehlo.constant dense_resource<blob> : tensor<1xi32>\n"
      "  return %0 : tensor<1xi32>\n}\n"
      "{-#\n  dialect_resources: {\n    builtin: {\n      blob: \"0x0400000002000000\"\n"
      "    }\n  }\n#-}\n";
  EXPECT_EQUAL(r1, r1);
  EXPECT_DIFFER(r1, r2, "resource blob 'blob': contents differ");
}

CX_TEST(different_contexts_are_refused) {
  cx_context_t* other;
  cx_status_t st = cx_context_create(cx_allocator_system(), &other);
  CX_EXPECT(st == NULL);
  cx_module_t* a = parse(kBase);
  cx_parse_options_t po = {"t", 1, false};
  cx_module_t* b = NULL;
  st = cx_module_parse_text(other, kBase, strlen(kBase), &po, &b);
  CX_EXPECT(st == NULL);
  char why[256];
  CX_EXPECT(!cx_module_equal(a, b, why, sizeof(why)));
  CX_EXPECT(strstr(why, "different contexts") != NULL);
  // A NULL `why` is allowed.
  CX_EXPECT(!cx_module_equal(a, b, NULL, 0));
  cx_module_destroy(a);
  cx_module_destroy(b);
  cx_context_destroy(other);
}

int main(void) {
  cx_status_t st = cx_context_create(cx_allocator_system(), &g_ctx);
  if (st) return 1;
  CX_RUN(same_text_is_equal);
  CX_RUN(names_locations_and_forms_are_ignored);
  CX_RUN(op_kind_differs);
  CX_RUN(operand_order_differs);
  CX_RUN(operand_source_differs);
  CX_RUN(type_differs);
  CX_RUN(attribute_value_differs);
  CX_RUN(attribute_missing_and_order);
  CX_RUN(region_structure_differs);
  CX_RUN(extra_op_and_function);
  CX_RUN(module_name_and_resources);
  CX_RUN(different_contexts_are_refused);
  cx_context_destroy(g_ctx);
  return CX_TEST_EXIT();
}
