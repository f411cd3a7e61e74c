// Elided constants are filled by their role: a batch-norm block (as Flax
// exports ResNet: conv, subtract mean, rsqrt(var + eps) * gamma, add beta)
// gets a kernel scaled by its fan-in, a positive variance, a scale around 1
// and small offsets; roles are found through broadcasts, reshapes and calls.
#include <math.h>

#include "cx_test.h"
#include "cxla/allocator.h"
#include "cxla/module.h"
#include "ir/attrs.h"
#include "ir/fill_elided.h"
#include "ir/ir.h"
#include "ir/ir_test_util.h"
#include "support/scalar.h"

static const char kBlock[] =
    "func.func @main(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {\n"
    "  %w = stablehlo.constant dense_resource<__elided__> : tensor<3x3x2x3xf32>\n"
    "  %mean = stablehlo.constant dense_resource<__elided__> : tensor<3xf32>\n"
    "  %var = stablehlo.constant dense_resource<__elided__> : tensor<3xf32>\n"
    "  %gamma = stablehlo.constant dense_resource<__elided__> : tensor<3xf32>\n"
    "  %beta = stablehlo.constant dense_resource<__elided__> : tensor<3xf32>\n"
    "  %eps = stablehlo.constant dense<1.0e-5> : tensor<f32>\n"
    "  %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],"
    " window = {pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 :"
    " i64} : (tensor<1x4x4x2xf32>, tensor<3x3x2x3xf32>) -> tensor<1x4x4x3xf32>\n"
    "  %m1 = stablehlo.broadcast_in_dim %mean, dims = [3] : (tensor<3xf32>) -> tensor<1x4x4x3xf32>\n"
    "  %s = stablehlo.subtract %c, %m1 : tensor<1x4x4x3xf32>\n"
    "  %v1 = stablehlo.reshape %var : (tensor<3xf32>) -> tensor<1x1x1x3xf32>\n"
    "  %e1 = stablehlo.broadcast_in_dim %eps, dims = [] : (tensor<f32>) -> tensor<1x1x1x3xf32>\n"
    "  %ve = stablehlo.add %v1, %e1 : tensor<1x1x1x3xf32>\n"
    "  %r = stablehlo.rsqrt %ve : tensor<1x1x1x3xf32>\n"
    "  %g1 = stablehlo.reshape %gamma : (tensor<3xf32>) -> tensor<1x1x1x3xf32>\n"
    "  %rg = stablehlo.multiply %r, %g1 : tensor<1x1x1x3xf32>\n"
    "  %rgb = stablehlo.broadcast_in_dim %rg, dims = [0, 1, 2, 3] : (tensor<1x1x1x3xf32>) -> "
    "tensor<1x4x4x3xf32>\n"
    "  %n = stablehlo.multiply %s, %rgb : tensor<1x4x4x3xf32>\n"
    "  %b1 = stablehlo.broadcast_in_dim %beta, dims = [3] : (tensor<3xf32>) -> tensor<1x4x4x3xf32>\n"
    "  %y = stablehlo.add %n, %b1 : tensor<1x4x4x3xf32>\n"
    "  return %y : tensor<1x4x4x3xf32>\n"
    "}\n"
    // A divisor passed through a call, and a dot weight.
    "func.func @other(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {\n"
    "  %d = stablehlo.constant dense_resource<__elided__> : tensor<2x8xf32>\n"
    "  %k = stablehlo.constant dense_resource<__elided__> : tensor<8x4xf32>\n"
    "  %i = stablehlo.constant dense_resource<__elided__> : tensor<4xi32>\n"
    "  %q = call @div(%x, %d) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>\n"
    "  %y = stablehlo.dot_general %q, %k, contracting_dims = [1] x [0] : (tensor<2x8xf32>, "
    "tensor<8x4xf32>) -> tensor<2x4xf32>\n"
    "  return %y : tensor<2x4xf32>\n"
    "}\n"
    "func.func private @div(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {\n"
    "  %0 = stablehlo.divide %a, %b : tensor<2x8xf32>\n"
    "  return %0 : tensor<2x8xf32>\n"
    "}\n";

static cx_op_t* constant(cx_module_t* m, const char* func, int index) {
  cx_op_t* f = cx_module_lookup_func(m, func);
  if (!f) return NULL;
  int k = 0;
  for (cx_op_t* op = cx_func_body(f)->first_op; op; op = op->next)
    if (op->kind == CX_OP_CONSTANT && k++ == index) return op;
  return NULL;
}

// Every element of the constant lies in [lo, hi); returns the mean.
static double expect_range(cx_op_t* c, double lo, double hi) {
  CX_EXPECT(c != NULL);
  if (!c) return 0;
  const cx_attr_t* a = c->attrs[0].value;
  CX_EXPECT(a->kind == CX_ATTR_DENSE_RESOURCE && a->resource.blob && a->resource.blob->data);
  if (!a->resource.blob || !a->resource.blob->data) return 0;
  cx_elem_t e = cx_tensor_elem(a->type);
  int64_t n = cx_tensor_num_elements(a->type);
  CX_EXPECT_EQ_I64(a->resource.blob->nbytes, n * (int64_t)cx_elem_storage_size(e));
  double sum = 0;
  for (int64_t i = 0; i < n; i++) {
    const char* p = (const char*)a->resource.blob->data + i * cx_elem_storage_size(e);
    double v = cx_elem_is_float(e) ? cx_load_float(e, p) : (double)cx_load_int(e, p);
    if (!(v >= lo && v < hi)) {
      CX_EXPECT(v >= lo && v < hi);
      fprintf(stderr, "  element %lld is %g, expected [%g, %g)\n", (long long)i, v, lo, hi);
      return 0;
    }
    sum += v;
  }
  return sum / (double)n;
}

CX_TEST(roles_from_uses) {
  cx_module_t* m = NULL;
  cx_parse_options_t po = {"t.mlir", 0, true};
  CX_EXPECT_OK(cx_module_parse_text(g_ctx, kBlock, sizeof(kBlock) - 1, &po, &m));
  if (!m) return;
  int64_t fan = 0;
  CX_EXPECT(cx_elided_role(m, &constant(m, "main", 0)->results[0], &fan) == CX_ELIDED_WEIGHT);
  CX_EXPECT_EQ_I64(fan, 3 * 3 * 2);  // kernel window x input features
  CX_EXPECT(cx_elided_role(m, &constant(m, "main", 1)->results[0], &fan) == CX_ELIDED_OFFSET);
  CX_EXPECT(cx_elided_role(m, &constant(m, "main", 2)->results[0], &fan) == CX_ELIDED_POSITIVE);
  CX_EXPECT(cx_elided_role(m, &constant(m, "main", 3)->results[0], &fan) == CX_ELIDED_SCALE);
  CX_EXPECT(cx_elided_role(m, &constant(m, "main", 4)->results[0], &fan) == CX_ELIDED_OFFSET);
  CX_EXPECT(cx_elided_role(m, &constant(m, "other", 0)->results[0], &fan) == CX_ELIDED_POSITIVE);
  CX_EXPECT(cx_elided_role(m, &constant(m, "other", 1)->results[0], &fan) == CX_ELIDED_WEIGHT);
  CX_EXPECT_EQ_I64(fan, 8);

  double a = sqrt(3.0 / 18.0);
  double mean_w = expect_range(constant(m, "main", 0), -a, a);
  CX_EXPECT(fabs(mean_w) < a / 2);
  expect_range(constant(m, "main", 1), -0.1, 0.1);
  expect_range(constant(m, "main", 2), 0.5, 1.5);
  expect_range(constant(m, "main", 3), 0.75, 1.25);
  expect_range(constant(m, "main", 4), -0.1, 0.1);
  expect_range(constant(m, "other", 0), 0.5, 1.5);
  expect_range(constant(m, "other", 1), -sqrt(3.0 / 8.0), sqrt(3.0 / 8.0));
  expect_range(constant(m, "other", 2), 0, 16);
  // The fill is deterministic: the same text gives the same values.
  cx_module_t* m2 = NULL;
  CX_EXPECT_OK(cx_module_parse_text(g_ctx, kBlock, sizeof(kBlock) - 1, &po, &m2));
  if (m2) {
    const cx_attr_t* x = constant(m, "main", 0)->attrs[0].value;
    const cx_attr_t* y = constant(m2, "main", 0)->attrs[0].value;
    CX_EXPECT(memcmp(x->resource.blob->data, y->resource.blob->data, x->resource.blob->nbytes) ==
              0);
    const cx_attr_t* z = constant(m2, "main", 1)->attrs[0].value;
    CX_EXPECT(memcmp(y->resource.blob->data, z->resource.blob->data, 12) != 0);
    cx_module_destroy(m2);
  }
  // Stand-ins share the name __elided__ but are different constants: CSE
  // must not merge them, and a copy into another module keeps the values.
  const cx_attr_t* gamma = constant(m, "main", 3)->attrs[0].value;
  const cx_attr_t* beta = constant(m, "main", 4)->attrs[0].value;
  CX_EXPECT(!cx_attr_equal(gamma, beta));
  CX_EXPECT(cx_attr_equal(gamma, gamma));
  cx_module_t* other = NULL;
  CX_EXPECT_OK(cx_module_create(g_ctx, &other));
  if (other) {
    const cx_attr_t* copy = cx_attr_copy(other, gamma);
    CX_EXPECT(copy && copy->resource.blob && copy->resource.blob != gamma->resource.blob);
    CX_EXPECT(copy && cx_attr_equal(copy, gamma) && !cx_attr_equal(copy, beta));
    cx_module_destroy(other);
  }
  CX_EXPECT_OK(cx_module_verify(m));
  cx_module_destroy(m);
}

CX_TEST(elided_without_the_option_is_an_error) {
  cx_module_t* m = NULL;
  cx_parse_options_t po = {"t.mlir", 0, false};
  cx_status_t st = cx_module_parse_text(g_ctx, kBlock, sizeof(kBlock) - 1, &po, &m);
  CX_EXPECT(st != NULL);
  CX_EXPECT(st && strstr(cx_status_message(st), "--fill-elided"));
  cx_status_free(st);
  cx_module_destroy(m);
}

IR_TEST_MAIN(IR_TEST(roles_from_uses), IR_TEST(elided_without_the_option_is_an_error))
