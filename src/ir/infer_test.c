// Shape functions (src/ir/infer_*.c): for each op, the result types
// inferred from static, dynamic and bounded operands, value-dependent shapes
// with and without known operand values, and the constraint errors.
//
// Each case parses a small function (without verifying it), runs the shape
// function of its last op before func.return, and compares the inferred
// types as MLIR spells them ("given" for a result the op gives).
#include "ir/infer.h"

#include <stdarg.h>

#include "cx_test.h"
#include "cxla/module.h"
#include "ir/infer_util.h"
#include "ir/verify_util.h"

static cx_context_t* g_ctx;
static cx_arena_t g_arena;   // result strings
static cx_module_t* g_last;  // the module of the last case (freed by the next)

// The op the case is about: the last op of @main before func.return.
static const cx_op_t* parse_case(const char* args, const char* body) {
  char text[8192];
  snprintf(text, sizeof(text), "func.func @main(%s) {\n%s\nfunc.return\n}\n", args, body);
  if (g_last) cx_module_destroy(g_last);
  g_last = NULL;
  cx_status_t st = cx_module_parse_text(g_ctx, text, strlen(text), NULL, &g_last);
  if (st) {
    fprintf(stderr, "parse error: %s\n%s", cx_status_message(st), text);
    cx_status_free(st);
    return NULL;
  }
  cx_op_t* f = cx_module_block(g_last)->first_op;
  cx_op_t* ret = cx_func_body(f)->last_op;
  return ret->prev;
}

// "T1, T2" / "given" per result, or "error: <message>".
static const char* types_str(cx_status_t st, const cx_type_t* const* types, uint32_t n) {
  if (st) {
    const char* m = cx_status_message(st);
    size_t len = strlen(m) + 8;
    char* out = cx_arena_alloc(&g_arena, len, 1);
    snprintf(out, len, "error: %s", m);
    cx_status_free(st);
    return out;
  }
  char buf[4096] = "";
  for (uint32_t i = 0; i < n; i++) {
    if (i) strncat(buf, ", ", sizeof(buf) - strlen(buf) - 1);
    const char* t = types[i] ? cx_v_format_type(&g_arena, types[i]) : "given";
    strncat(buf, t, sizeof(buf) - strlen(buf) - 1);
  }
  return cx_arena_strndup(&g_arena, buf, strlen(buf));
}

// The inferred result types of the case's op.
static const char* inf(const char* args, const char* body) {
  const cx_op_t* op = parse_case(args, body);
  if (!op) return "parse error";
  const cx_type_t* types[16];
  uint32_t n = 0;
  cx_status_t st = cx_op_infer_result_types(g_ctx, op, types, 16, &n);
  return types_str(st, types, n);
}

// The same with operand i's value given as a 1-D i64 constant.
static const char* inf_with_value(const char* args, const char* body, uint32_t i, uint32_t n,
                                  const int64_t* values) {
  const cx_op_t* op = parse_case(args, body);
  if (!op) return "parse error";
  const cx_attr_t* vals[8] = {0};
  int64_t dim = n;
  const cx_type_t* t = cx_type_tensor(g_ctx, cx_type_element(g_ctx, CX_ELEM_SI64), 1, &dim, NULL);
  vals[i] = cx_attr_dense(&g_last->arena, t, values, n * sizeof(int64_t), false, false);
  cx_infer_input_t in = {.op = op, .operand_values = vals, .loc = op->loc};
  const cx_type_t* types[16];
  uint32_t nr = 0;
  cx_status_t st = cx_infer_result_types(g_ctx, op->kind, &in, types, 16, &nr);
  return types_str(st, types, nr);
}

// Expects an error whose message contains `part`.
#define EXPECT_ERROR_HAS(got, part)                                      \
  do {                                                                   \
    const char* g_ = (got);                                              \
    if (strncmp(g_, "error: ", 7) != 0 || !strstr(g_, (part)))           \
      CX_FAIL_("expected an error with \"%s\", got \"%s\"", (part), g_); \
  } while (0)

// ----------------------------------------------------------------------------
// The API: inputs without an op, type relations.

CX_TEST(standalone_input) {
  cx_context_t* c = g_ctx;
  const cx_type_t* f32 = cx_type_element(c, CX_ELEM_F32);
  int64_t d1[2] = {CX_DYNAMIC_DIM, 3}, d2[2] = {2, CX_DYNAMIC_DIM}, b[2] = {8, CX_DYNAMIC_DIM};
  const cx_type_t* ops[2] = {cx_type_tensor_bounded(c, f32, 2, d1, b),
                             cx_type_tensor(c, f32, 2, d2, NULL)};
  cx_infer_input_t in = {.num_operands = 2, .operand_types = ops};
  const cx_type_t* out[2];
  uint32_t n = 9;
  CX_EXPECT_OK(cx_infer_result_types(c, CX_OP_ADD, &in, out, 2, &n));
  CX_EXPECT_EQ_I64(n, 1);
  CX_EXPECT_STREQ(types_str(NULL, out, n), "tensor<2x3xf32>");
  // Attributes from an array of named attributes (interned names).
  int64_t perm[2] = {1, 0};
  cx_named_attr_t attrs[1] = {
      {c->names[CX_NAME_permutation],
       cx_attr_dense_i64_array(&g_arena, cx_type_element(c, CX_ELEM_SI64), 2, perm)}};
  cx_infer_input_t tin = {.num_operands = 1, .operand_types = ops, .num_attrs = 1, .attrs = attrs};
  CX_EXPECT_OK(cx_infer_result_types(c, CX_OP_TRANSPOSE, &tin, out, 2, &n));
  CX_EXPECT_STREQ(types_str(NULL, out, n), "tensor<3x?xf32, #stablehlo.bounds<?, 8>>");
  // Too many results for the caller's array.
  cx_status_t st = cx_infer_result_types(c, CX_OP_ADD, &in, out, 0, &n);
  CX_EXPECT(cx_status_code(st) == CX_OUT_OF_RANGE);
  cx_status_free(st);
  // Missing attribute, with the location of the input.
  cx_infer_input_t bad = {
      .num_operands = 1, .operand_types = ops, .loc = {cx_intern(c, "x.mlir", 6), 3, 7}};
  st = cx_infer_result_types(c, CX_OP_TRANSPOSE, &bad, out, 2, &n);
  CX_EXPECT_STREQ(cx_status_message(st),
                  "'stablehlo.transpose' op requires attribute 'permutation'");
  CX_EXPECT_STREQ(cx_status_location(st), "x.mlir:3:7");
  cx_status_free(st);
}

// Regions described by the caller (no op): reduce's result element type is
// the body's, its shape the input's without the reduced dims.
CX_TEST(standalone_regions) {
  cx_context_t* c = g_ctx;
  const cx_type_t* f32 = cx_type_element(c, CX_ELEM_F32);
  const cx_type_t* f64 = cx_type_element(c, CX_ELEM_F64);
  int64_t d[2] = {CX_DYNAMIC_DIM, 7};
  const cx_type_t* ops[2] = {cx_type_tensor(c, f32, 2, d, NULL),
                             cx_type_tensor(c, f32, 0, NULL, NULL)};
  const cx_type_t* acc = cx_type_tensor(c, f64, 0, NULL, NULL);
  const cx_type_t* args[2] = {acc, acc};
  cx_infer_region_t body = {
      .num_args = 2, .arg_types = args, .num_results = 1, .result_types = &acc};
  int64_t dims[1] = {0};
  cx_named_attr_t attrs[1] = {
      {c->names[CX_NAME_dimensions],
       cx_attr_dense_i64_array(&g_arena, cx_type_element(c, CX_ELEM_SI64), 1, dims)}};
  cx_infer_input_t in = {.num_operands = 2,
                         .operand_types = ops,
                         .num_attrs = 1,
                         .attrs = attrs,
                         .num_regions = 1,
                         .regions = &body};
  const cx_type_t* out[1];
  uint32_t n = 0;
  CX_EXPECT_OK(cx_infer_result_types(c, CX_OP_REDUCE, &in, out, 1, &n));
  CX_EXPECT_STREQ(types_str(NULL, out, n), "tensor<7xf64>");
  // A body taking one argument is not a reducer.
  body.num_args = 1;
  cx_status_t st = cx_infer_result_types(c, CX_OP_REDUCE, &in, out, 1, &n);
  CX_EXPECT(st && strstr(cx_status_message(st), "must take 2 parameters"));
  cx_status_free(st);
}

CX_TEST(modes) {
  CX_EXPECT(cx_infer_mode(CX_OP_ADD) == CX_INFER_TYPES);
  CX_EXPECT(cx_infer_mode(CX_OP_CUSTOM_CALL) == CX_INFER_GIVEN);
  CX_EXPECT(cx_infer_mode(CX_OP_RESHAPE) == CX_INFER_GIVEN);
  CX_EXPECT(cx_infer_mode(CX_OP_CONVERT) == CX_INFER_PARTIAL);
  CX_EXPECT(cx_infer_mode(CX_OP_RNG_BIT_GENERATOR) == CX_INFER_PARTIAL);
}

CX_TEST(compatible_and_refine) {
  cx_context_t* c = g_ctx;
  const cx_type_t* f32 = cx_type_element(c, CX_ELEM_F32);
  int64_t s23[2] = {2, 3}, d3[2] = {CX_DYNAMIC_DIM, 3}, s53[2] = {5, 3};
  int64_t b4[2] = {4, CX_DYNAMIC_DIM}, b8[2] = {8, CX_DYNAMIC_DIM};
  const cx_type_t* t23 = cx_type_tensor(c, f32, 2, s23, NULL);
  const cx_type_t* t53 = cx_type_tensor(c, f32, 2, s53, NULL);
  const cx_type_t* dyn = cx_type_tensor(c, f32, 2, d3, NULL);
  const cx_type_t* dyn4 = cx_type_tensor_bounded(c, f32, 2, d3, b4);
  const cx_type_t* dyn8 = cx_type_tensor_bounded(c, f32, 2, d3, b8);
  const cx_type_t* none23 = cx_type_tensor(c, cx_type_none(c), 2, s23, NULL);
  const cx_type_t* i23 = cx_type_tensor(c, cx_type_element(c, CX_ELEM_SI32), 2, s23, NULL);
  CX_EXPECT(cx_infer_compatible(dyn, t23));
  CX_EXPECT(cx_infer_compatible(t23, dyn));
  CX_EXPECT(!cx_infer_compatible(t23, t53));
  CX_EXPECT(cx_infer_compatible(dyn4, t23));
  CX_EXPECT(!cx_infer_compatible(dyn4, t53));  // 5 exceeds the bound 4
  CX_EXPECT(cx_infer_compatible(none23, i23));
  CX_EXPECT(!cx_infer_compatible(t23, i23));
  CX_EXPECT(cx_infer_compatible(NULL, i23));
  bool conflict;
  CX_EXPECT(cx_infer_refine(c, dyn, t23, &conflict) == t23);
  CX_EXPECT(cx_infer_refine(c, t23, dyn, &conflict) == t23);
  CX_EXPECT(cx_infer_refine(c, none23, i23, &conflict) == i23);
  CX_EXPECT(cx_infer_refine(c, dyn8, dyn4, &conflict) == dyn4);  // the tighter bound
  CX_EXPECT(cx_infer_refine(c, t53, t23, &conflict) == NULL && conflict);
}

// ----------------------------------------------------------------------------
// Element-wise.

CX_TEST(unary) {
  CX_EXPECT_STREQ(inf("%a: tensor<2x3xf32>", "%0 = stablehlo.exponential %a : tensor<2x3xf32>"),
                  "tensor<2x3xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<?x3xf32, #stablehlo.bounds<5, ?>>",
                      "%0 = stablehlo.sine %a : tensor<?x3xf32, #stablehlo.bounds<5, ?>>"),
                  "tensor<?x3xf32, #stablehlo.bounds<5, ?>>");
  CX_EXPECT_STREQ(inf("%a: tensor<?xcomplex<f64>>",
                      "%0 = stablehlo.abs %a : (tensor<?xcomplex<f64>>) -> tensor<?xf64>"),
                  "tensor<?xf64>");
  CX_EXPECT_STREQ(inf("%a: tensor<4xcomplex<f32>>",
                      "%0 = stablehlo.imag %a : (tensor<4xcomplex<f32>>) -> tensor<4xf32>"),
                  "tensor<4xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<4xf16>", "%0 = stablehlo.is_finite %a : (tensor<4xf16>) -> tensor<4xi1>"),
      "tensor<4xi1>");
  EXPECT_ERROR_HAS(inf("%a: tensor<2xf32>", "%0 = stablehlo.popcnt %a : tensor<2xf32>"),
                   "operand #0 must be a tensor of integer values");
  EXPECT_ERROR_HAS(inf("%a: tensor<2xui32>", "%0 = stablehlo.abs %a : tensor<2xui32>"),
                   "must be a tensor of signed integer");
}

CX_TEST(binary) {
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x3xf32>, %b: tensor<2x?xf32>",
          "%0 = stablehlo.add %a, %b : (tensor<?x3xf32>, tensor<2x?xf32>) -> tensor<?x?xf32>"),
      "tensor<2x3xf32>");
  // Two bounds: the tighter one.
  CX_EXPECT_STREQ(
      inf("%a: tensor<?xf32, #stablehlo.bounds<8>>, %b: tensor<?xf32, #stablehlo.bounds<4>>",
          "%0 = stablehlo.subtract %a, %b : (tensor<?xf32, #stablehlo.bounds<8>>, tensor<?xf32, "
          "#stablehlo.bounds<4>>) -> tensor<?xf32>"),
      "tensor<?xf32, #stablehlo.bounds<4>>");
  CX_EXPECT_STREQ(inf("%a: tensor<3xf64>, %b: tensor<3xf64>",
                      "%0 = stablehlo.complex %a, %b : tensor<3xcomplex<f64>>"),
                  "tensor<3xcomplex<f64>>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<2xf32>, %b: tensor<3xf32>",
          "%0 = stablehlo.add %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>"),
      "requires the same type for all operands and results (add_c1)");
  EXPECT_ERROR_HAS(inf("%a: tensor<4xf32, #stablehlo.bounds<?>>, %b: tensor<5xf32>",
                       "%0 = stablehlo.maximum %a, %b : (tensor<4xf32, #stablehlo.bounds<?>>, "
                       "tensor<5xf32>) -> tensor<4xf32>"),
                   "maximum_c1");
}

CX_TEST(select_clamp_compare) {
  CX_EXPECT_STREQ(inf("%p: tensor<2x?xi1>, %t: tensor<?x3xf32>, %f: tensor<?x?xf32>",
                      "%0 = stablehlo.select %p, %t, %f : (tensor<2x?xi1>, tensor<?x3xf32>, "
                      "tensor<?x?xf32>) -> tensor<?x?xf32>"),
                  "tensor<2x3xf32>");
  CX_EXPECT_STREQ(inf("%lo: tensor<f32>, %x: tensor<?xf32>, %hi: tensor<4xf32>",
                      "%0 = stablehlo.clamp %lo, %x, %hi : (tensor<f32>, tensor<?xf32>, "
                      "tensor<4xf32>) -> tensor<?xf32>"),
                  "tensor<4xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<?x2xi32>, %b: tensor<3x?xi32>",
                      "%0 = stablehlo.compare LT, %a, %b : (tensor<?x2xi32>, tensor<3x?xi32>) -> "
                      "tensor<?x?xi1>"),
                  "tensor<3x2xi1>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<2xf32>, %b: tensor<2xi32>",
          "%0 = stablehlo.compare LT, %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xi1>"),
      "compare_c1");
  EXPECT_ERROR_HAS(inf("%p: tensor<3xi1>, %t: tensor<2xf32>, %f: tensor<2xf32>",
                       "%0 = stablehlo.select %p, %t, %f : (tensor<3xi1>, tensor<2xf32>, "
                       "tensor<2xf32>) -> tensor<2xf32>"),
                   "select_c1");
}

CX_TEST(convert_constant) {
  // convert's result element type is the op's: the shape is inferred.
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x2xf32>", "%0 = stablehlo.convert %a : (tensor<?x2xf32>) -> tensor<?x2xi8>"),
      "tensor<?x2xnone>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<4xf32>", "%0 = stablehlo.reduce_precision %a, format = e5m2 : tensor<4xf32>"),
      "tensor<4xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<2x!quant.uniform<i8:f32, 0.5:3>>",
                      "%0 = stablehlo.uniform_dequantize %a : (tensor<2x!quant.uniform<i8:f32, "
                      "0.5:3>>) -> tensor<2xf32>"),
                  "tensor<2xf32>");
  // bitcast_convert: the shape from the operand's and the two widths.
  CX_EXPECT_STREQ(inf("%a: tensor<4xf32>",
                      "%0 = stablehlo.bitcast_convert %a : (tensor<4xf32>) -> tensor<4x4xi8>"),
                  "tensor<4x4xi8>");
  CX_EXPECT_STREQ(inf("%a: tensor<?x3xf32>",
                      "%0 = stablehlo.bitcast_convert %a : (tensor<?x3xf32>) -> tensor<2x3xi32>"),
                  "tensor<?x3xi32>");
  CX_EXPECT_STREQ(inf("%a: tensor<5x2xf32>",
                      "%0 = stablehlo.bitcast_convert %a : (tensor<5x2xf32>) -> tensor<?xf64>"),
                  "tensor<5xf64>");
  // A last dimension that does not fit the widths: given (the verifier
  // reports it).
  CX_EXPECT_STREQ(inf("%a: tensor<5x3xf32>",
                      "%0 = stablehlo.bitcast_convert %a : (tensor<5x3xf32>) -> tensor<5xf64>"),
                  "given");
  CX_EXPECT_STREQ(inf("", "%0 = stablehlo.constant dense<[1, 2]> : tensor<2xi64>"),
                  "tensor<2xi64>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<4xf32>", "%0 = stablehlo.reduce_precision %a, format = e0m2 : tensor<4xf32>"),
      "reduce_precision_c2");
}

// ----------------------------------------------------------------------------
// Shapes.

CX_TEST(shape_ops) {
  CX_EXPECT_STREQ(inf("%a: tensor<2x?xf32, #stablehlo.bounds<?, 6>>",
                      "%0 = stablehlo.transpose %a, dims = [1, 0] : (tensor<2x?xf32, "
                      "#stablehlo.bounds<?, 6>>) -> tensor<?x2xf32>"),
                  "tensor<?x2xf32, #stablehlo.bounds<6, ?>>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<8x?xf32>",
          "%0 = stablehlo.slice %a [1:8:3, 0:2] : (tensor<8x?xf32>) -> tensor<3x2xf32>"),
      "tensor<3x2xf32>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<?xf32, #stablehlo.bounds<4>>",
          "%0 = stablehlo.slice %a [0:5] : (tensor<?xf32, #stablehlo.bounds<4>>) -> tensor<5xf32>"),
      "larger than dimension bound 4 in dimension 0 (slice_c3)");
  CX_EXPECT_STREQ(inf("%a: tensor<2x3xf32>, %b: tensor<?x3xf32, #stablehlo.bounds<5, ?>>",
                      "%0 = stablehlo.concatenate %a, %b, dim = 0 : (tensor<2x3xf32>, "
                      "tensor<?x3xf32, #stablehlo.bounds<5, ?>>) -> tensor<?x3xf32>"),
                  "tensor<?x3xf32, #stablehlo.bounds<7, ?>>");
  CX_EXPECT_STREQ(inf("%a: tensor<2x3xf32>, %b: tensor<1x?xf32>",
                      "%0 = stablehlo.concatenate %a, %b, dim = 0 : (tensor<2x3xf32>, "
                      "tensor<1x?xf32>) -> tensor<3x3xf32>"),
                  "tensor<3x3xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<2x?xf32, #stablehlo.bounds<?, 3>>, %v: tensor<f32>",
                      "%0 = stablehlo.pad %a, %v, low = [0, 1], high = [2, 1], interior = [1, 1] : "
                      "(tensor<2x?xf32, #stablehlo.bounds<?, 3>>, tensor<f32>) -> tensor<5x?xf32>"),
                  "tensor<5x?xf32, #stablehlo.bounds<?, 7>>");
  CX_EXPECT_STREQ(inf("%a: tensor<?x4xf32>, %i: tensor<i32>, %j: tensor<i32>",
                      "%0 = stablehlo.dynamic_slice %a, %i, %j, sizes = [1, 2] : (tensor<?x4xf32>, "
                      "tensor<i32>, tensor<i32>) -> tensor<1x2xf32>"),
                  "tensor<1x2xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<?x4xf32>, %u: tensor<1x2xf32>, %i: tensor<i32>, %j: tensor<i32>",
                      "%0 = stablehlo.dynamic_update_slice %a, %u, %i, %j : (tensor<?x4xf32>, "
                      "tensor<1x2xf32>, tensor<i32>, tensor<i32>) -> tensor<?x4xf32>"),
                  "tensor<?x4xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<?xf32>", "%0 = stablehlo.reverse %a, dims = [0] : tensor<?xf32>"),
                  "tensor<?xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<?xi32>",
          "%0 = stablehlo.broadcast %a, sizes = [2] : (tensor<?xi32>) -> tensor<2x?xi32>"),
      "tensor<2x?xi32>");
  // Given: the result type is the op's shape.
  CX_EXPECT_STREQ(
      inf("%a: tensor<3xf32>",
          "%0 = stablehlo.broadcast_in_dim %a, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>"),
      "given");
  CX_EXPECT_STREQ(inf("", "%0 = stablehlo.iota dim = 0 : tensor<4xf32>"), "given");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<2x3xf32>",
          "%0 = stablehlo.transpose %a, dims = [1, 1] : (tensor<2x3xf32>) -> tensor<3x2xf32>"),
      "transpose_c2");
  EXPECT_ERROR_HAS(inf("%a: tensor<4xf32>, %i: tensor<i32>",
                       "%0 = stablehlo.dynamic_slice %a, %i, sizes = [5] : (tensor<4xf32>, "
                       "tensor<i32>) -> tensor<5xf32>"),
                   "dynamic_slice_c4");
  EXPECT_ERROR_HAS(inf("%a: tensor<2xf32>, %v: tensor<f32>",
                       "%0 = stablehlo.pad %a, %v, low = [-3], high = [0], interior = [0] : "
                       "(tensor<2xf32>, tensor<f32>) -> tensor<2xf32>"),
                   "pad_c4");
}

CX_TEST(dynamic_shape_ops) {
  // Unknown shape operands: dynamic dims of the rank the operand's length gives.
  CX_EXPECT_STREQ(inf("%a: tensor<6xf32>, %s: tensor<2xi64>",
                      "%0 = stablehlo.dynamic_reshape %a, %s : (tensor<6xf32>, tensor<2xi64>) -> "
                      "tensor<?x?xf32>"),
                  "tensor<?x?xf32>");
  int64_t shape32[2] = {3, 2};
  CX_EXPECT_STREQ(inf_with_value("%a: tensor<6xf32>, %s: tensor<2xi64>",
                                 "%0 = stablehlo.dynamic_reshape %a, %s : (tensor<6xf32>, "
                                 "tensor<2xi64>) -> tensor<?x?xf32>",
                                 1, 2, shape32),
                  "tensor<3x2xf32>");
  int64_t shape34[2] = {3, 4};
  EXPECT_ERROR_HAS(inf_with_value("%a: tensor<6xf32>, %s: tensor<2xi64>",
                                  "%0 = stablehlo.dynamic_reshape %a, %s : (tensor<6xf32>, "
                                  "tensor<2xi64>) -> tensor<?x?xf32>",
                                  1, 2, shape34),
                   "dynamic_reshape_c2");
  // A constant operand in the program counts as known.
  CX_EXPECT_STREQ(
      inf("",
          "%s = stablehlo.constant dense<[2, 5]> : tensor<2xi32>\n"
          "%0 = stablehlo.dynamic_iota %s, dim = 1 : (tensor<2xi32>) -> tensor<?x?xf32>"),
      "tensor<2x5xnone>");
  CX_EXPECT_STREQ(
      inf("%s: tensor<?xi32>",
          "%0 = stablehlo.dynamic_iota %s, dim = 0 : (tensor<?xi32>) -> tensor<?x?xf32>"),
      "given");
  CX_EXPECT_STREQ(inf("%a: tensor<1x3xf32>, %s: tensor<3xi64>",
                      "%0 = stablehlo.dynamic_broadcast_in_dim %a, %s, dims = [1, 2] : "
                      "(tensor<1x3xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>"),
                  "tensor<?x?x3xf32>");
  int64_t bshape[3] = {4, 5, 3};
  CX_EXPECT_STREQ(inf_with_value("%a: tensor<1x3xf32>, %s: tensor<3xi64>",
                                 "%0 = stablehlo.dynamic_broadcast_in_dim %a, %s, dims = [1, 2] : "
                                 "(tensor<1x3xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>",
                                 1, 3, bshape),
                  "tensor<4x5x3xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<2x3xf32>",
          "%0 = stablehlo.get_dimension_size %a, dim = 1 : (tensor<2x3xf32>) -> tensor<i32>"),
      "tensor<i32>");
  // set_dimension_size: a dynamic dim bounded by the old size, static when
  // the size is known to be the bound.
  CX_EXPECT_STREQ(inf("%a: tensor<4x3xf32>, %n: tensor<i32>",
                      "%0 = stablehlo.set_dimension_size %a, %n, dim = 0 : (tensor<4x3xf32>, "
                      "tensor<i32>) -> tensor<?x3xf32>"),
                  "tensor<?x3xf32, #stablehlo.bounds<4, ?>>");
  CX_EXPECT_STREQ(inf("%a: tensor<4x3xf32>",
                      "%n = stablehlo.constant dense<4> : tensor<i32>\n"
                      "%0 = stablehlo.set_dimension_size %a, %n, dim = 0 : (tensor<4x3xf32>, "
                      "tensor<i32>) -> tensor<4x3xf32>"),
                  "tensor<4x3xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x3xf32>, %v: tensor<f32>, %l: tensor<2xi64>, %h: tensor<2xi64>, %i: "
          "tensor<2xi64>",
          "%0 = stablehlo.dynamic_pad %a, %v, %l, %h, %i : (tensor<?x3xf32>, tensor<f32>, "
          "tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x?xf32>"),
      "tensor<?x?xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<8xf32>",
                      "%s = stablehlo.constant dense<1> : tensor<1xi64>\n"
                      "%l = stablehlo.constant dense<8> : tensor<1xi64>\n"
                      "%t = stablehlo.constant dense<3> : tensor<1xi64>\n"
                      "%0 = stablehlo.real_dynamic_slice %a, %s, %l, %t : (tensor<8xf32>, "
                      "tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>"),
                  "tensor<3xf32>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<2x3xf32>",
          "%0 = stablehlo.get_dimension_size %a, dim = 2 : (tensor<2x3xf32>) -> tensor<i32>"),
      "get_dimension_size_c1");
}

// ----------------------------------------------------------------------------
// Gather and scatter.

#define GATHER_DN                                                                         \
  "dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], " \
  "start_index_map = [0], index_vector_dim = 1>"
#define ADD_REGION(t)                                                 \
  "({\n^bb0(%x: " t ", %y: " t "):\n  %s = stablehlo.add %x, %y : " t \
  "\n  stablehlo.return %s : " t "\n})"

CX_TEST(gather_scatter) {
  CX_EXPECT_STREQ(inf("%a: tensor<4x3xf32>, %i: tensor<2x1xi32>",
                      "%0 = \"stablehlo.gather\"(%a, %i) {" GATHER_DN
                      ", slice_sizes = array<i64: 1, 3>} : (tensor<4x3xf32>, tensor<2x1xi32>) -> "
                      "tensor<2x3xf32>"),
                  "tensor<2x3xf32>");
  // Batch dims follow start_indices, bounds included.
  CX_EXPECT_STREQ(inf("%a: tensor<4x3xf32>, %i: tensor<?x1xi32, #stablehlo.bounds<5, ?>>",
                      "%0 = \"stablehlo.gather\"(%a, %i) {" GATHER_DN
                      ", slice_sizes = array<i64: 1, 3>} : (tensor<4x3xf32>, tensor<?x1xi32, "
                      "#stablehlo.bounds<5, ?>>) -> tensor<?x3xf32>"),
                  "tensor<?x3xf32, #stablehlo.bounds<5, ?>>");
  // dynamic_gather: offset dims from the slice_sizes operand's value.
  const char* dg = "%0 = \"stablehlo.dynamic_gather\"(%a, %i, %z) {" GATHER_DN
                   "} : (tensor<4x3xf32>, tensor<2x1xi32>, tensor<2xi64>) -> tensor<2x?xf32>";
  CX_EXPECT_STREQ(inf("%a: tensor<4x3xf32>, %i: tensor<2x1xi32>, %z: tensor<2xi64>", dg),
                  "tensor<2x?xf32>");
  int64_t sizes[2] = {1, 2};
  CX_EXPECT_STREQ(inf_with_value("%a: tensor<4x3xf32>, %i: tensor<2x1xi32>, %z: tensor<2xi64>", dg,
                                 2, 2, sizes),
                  "tensor<2x2xf32>");
  EXPECT_ERROR_HAS(inf("%a: tensor<4x3xf32>, %i: tensor<2x1xi32>",
                       "%0 = \"stablehlo.gather\"(%a, %i) {" GATHER_DN
                       ", slice_sizes = array<i64: 2, 3>} : (tensor<4x3xf32>, tensor<2x1xi32>) -> "
                       "tensor<2x3xf32>"),
                   "gather_c9");
  // scatter: the inputs' shapes, the update computation's element type.
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x3xf32>, %i: tensor<2x1xi32>, %u: tensor<2x3xf32>",
          "%0 = \"stablehlo.scatter\"(%a, %i, %u) " ADD_REGION(
              "tensor<f32>") " {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims "
                             "= [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = "
                             "[0], index_vector_dim = 1>} : (tensor<?x3xf32>, tensor<2x1xi32>, "
                             "tensor<2x3xf32>) -> tensor<?x3xf32>"),
      "tensor<?x3xf32>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<4x3xf32>, %i: tensor<2x1xi32>, %u: tensor<5x3xf32>",
          "%0 = \"stablehlo.scatter\"(%a, %i, %u) " ADD_REGION(
              "tensor<f32>") " {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims "
                             "= [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = "
                             "[0], index_vector_dim = 1>} : (tensor<4x3xf32>, tensor<2x1xi32>, "
                             "tensor<5x3xf32>) -> tensor<4x3xf32>"),
      "scatter_c4");
  CX_EXPECT_STREQ(inf("%a: tensor<4x5x6xf32>, %i: tensor<4x2xi32>",
                      "%0 = \"stablehlo.torch_index_select\"(%a, %i) {dim = 1 : i64, batch_dims = "
                      "1 : i64} : (tensor<4x5x6xf32>, tensor<4x2xi32>) -> tensor<4x2x6xf32>"),
                  "tensor<4x2x6xf32>");
}

// ----------------------------------------------------------------------------
// Reductions, sort.

CX_TEST(reduce_family) {
  // The reduced dims go, the others keep their bounds; the body's element type.
  CX_EXPECT_STREQ(inf("%a: tensor<?x4xf32, #stablehlo.bounds<8, ?>>, %z: tensor<f32>",
                      "%0 = \"stablehlo.reduce\"(%a, %z) " ADD_REGION(
                          "tensor<f32>") " {dimensions = array<i64: 1>} : (tensor<?x4xf32, "
                                         "#stablehlo.bounds<8, ?>>, tensor<f32>) -> tensor<?xf32>"),
                  "tensor<?xf32, #stablehlo.bounds<8>>");
  EXPECT_ERROR_HAS(inf("%a: tensor<3x4xf32>, %z: tensor<f32>",
                       "%0 = \"stablehlo.reduce\"(%a, %z) " ADD_REGION(
                           "tensor<f32>") " {dimensions = array<i64: 2>} : (tensor<3x4xf32>, "
                                          "tensor<f32>) -> tensor<3xf32>"),
                   "reduce_c4");
  // reduce_window: the number of windows, for static sizes and for bounds.
  CX_EXPECT_STREQ(
      inf("%a: tensor<8x?xf32, #stablehlo.bounds<?, 9>>, %z: tensor<f32>",
          "%0 = \"stablehlo.reduce_window\"(%a, %z) " ADD_REGION(
              "tensor<f32>") " {window_dimensions = array<i64: 2, 3>, window_strides = array<i64: "
                             "2, 3>} : (tensor<8x?xf32, #stablehlo.bounds<?, 9>>, tensor<f32>) -> "
                             "tensor<4x?xf32>"),
      "tensor<4x?xf32, #stablehlo.bounds<?, 3>>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<4x?xf32>, %b: tensor<4x5xf32>",
          "%0 = \"stablehlo.map\"(%a, %b) ({\n^bb0(%x: tensor<f32>, %y: tensor<f32>):\n  %c = "
          "stablehlo.compare LT, %x, %y : (tensor<f32>, tensor<f32>) -> tensor<i1>\n  "
          "stablehlo.return %c : tensor<i1>\n}) {dimensions = array<i64: 0, 1>} : "
          "(tensor<4x?xf32>, tensor<4x5xf32>) -> tensor<4x5xi1>"),
      "tensor<4x5xi1>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<4x6xf32>, %src: tensor<2x3xf32>, %z: tensor<f32>",
          "%0 = \"stablehlo.select_and_scatter\"(%a, %src, %z) ({\n^bb0(%x: tensor<f32>, %y: "
          "tensor<f32>):\n  %c = stablehlo.compare GE, %x, %y : (tensor<f32>, tensor<f32>) -> "
          "tensor<i1>\n  stablehlo.return %c : tensor<i1>\n}, {\n^bb0(%x: tensor<f32>, %y: "
          "tensor<f32>):\n  %s = stablehlo.add %x, %y : tensor<f32>\n  stablehlo.return %s : "
          "tensor<f32>\n}) {window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 2, "
          "2>} : (tensor<4x6xf32>, tensor<2x3xf32>, tensor<f32>) -> tensor<4x6xf32>"),
      "tensor<4x6xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x3xf32>, %b: tensor<?x3xi32>",
          "%0:2 = \"stablehlo.sort\"(%a, %b) ({\n^bb0(%p: tensor<f32>, %q: tensor<f32>, %r: "
          "tensor<i32>, %t: tensor<i32>):\n  %c = stablehlo.compare LT, %p, %q : (tensor<f32>, "
          "tensor<f32>) -> tensor<i1>\n  stablehlo.return %c : tensor<i1>\n}) {dimension = 1 : "
          "i64} : (tensor<?x3xf32>, tensor<?x3xi32>) -> (tensor<?x3xf32>, tensor<?x3xi32>)"),
      "tensor<?x3xf32>, tensor<?x3xi32>");
  EXPECT_ERROR_HAS(inf("%a: tensor<3xf32>",
                       "%0 = \"stablehlo.sort\"(%a) ({\n^bb0(%p: tensor<f32>):\n  %c = "
                       "stablehlo.constant dense<true> : tensor<i1>\n  stablehlo.return %c : "
                       "tensor<i1>\n}) {dimension = 0 : i64} : (tensor<3xf32>) -> tensor<3xf32>"),
                   "sort_c5");
}

// ----------------------------------------------------------------------------
// Dot and convolution: the shape; the element type is the op's.

CX_TEST(dot_conv) {
  CX_EXPECT_STREQ(inf("%a: tensor<?x2x3xf32, #stablehlo.bounds<6, ?, ?>>, %b: tensor<?x3x5xf32>",
                      "%0 = stablehlo.dot_general %a, %b, batching_dims = [0] x [0], "
                      "contracting_dims = [2] x [1] : (tensor<?x2x3xf32, #stablehlo.bounds<6, ?, "
                      "?>>, tensor<?x3x5xf32>) -> tensor<?x2x5xf32>"),
                  "tensor<?x2x5xnone, #stablehlo.bounds<6, ?, ?>>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<2x3xi8>, %b: tensor<3xi8>",
          "%0 = stablehlo.dot %a, %b : (tensor<2x3xi8>, tensor<3xi8>) -> tensor<2xi32>"),
      "tensor<2xnone>");
  EXPECT_ERROR_HAS(inf("%a: tensor<2x3xf32>, %b: tensor<4x5xf32>",
                       "%0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : "
                       "(tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>"),
                   "contracting dimension sizes must match for lhs/rhs (dot_general_c10)");
#define CONV(T)                                                                                \
  "%0 = stablehlo.convolution(%a, %k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], " \
  "window = {stride = [2, 2], pad = [[0, 1], [0, 1]]} {batch_group_count = 1 : i64, "          \
  "feature_group_count = 1 : i64} : (" T ", tensor<3x3x3x16xf32>) -> tensor<?x4x4x16xf32>"
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x8x8x3xf32>, %k: tensor<3x3x3x16xf32>", CONV("tensor<?x8x8x3xf32>")),
      "tensor<?x4x4x16xnone>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<1x8x?x3xf32>, %k: tensor<3x3x3x16xf32>", CONV("tensor<1x8x?x3xf32>")),
      "tensor<1x4x?x16xnone>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<1x8x8x4xf32>, %k: tensor<3x3x3x16xf32>", CONV("tensor<1x8x8x4xf32>")),
      "convolution_c14");
  CX_EXPECT_STREQ(inf("%a: tensor<2x?xf32>, %b: tensor<3x4xf32>",
                      "%0 = stablehlo.einsum %a, %b, config = \"ab,bc->ca\" : (tensor<2x?xf32>, "
                      "tensor<3x4xf32>) -> tensor<4x2xf32>"),
                  "tensor<4x2xnone>");
  EXPECT_ERROR_HAS(inf("%a: tensor<2x3xf32>, %b: tensor<3x4xf32>",
                       "%0 = stablehlo.einsum %a, %b, config = \"ab,bc->ad\" : (tensor<2x3xf32>, "
                       "tensor<3x4xf32>) -> tensor<2x4xf32>"),
                   "does not appear in an input");
}

// ----------------------------------------------------------------------------
// Control flow, tuples and tokens.

CX_TEST(control_tuple_token) {
  CX_EXPECT_STREQ(inf("%i: tensor<i32>, %x: tensor<?xf32>",
                      "%0:2 = stablehlo.while(%a = %i, %b = %x) : tensor<i32>, tensor<?xf32>\n"
                      " cond {\n  %c = stablehlo.compare LT, %a, %a : (tensor<i32>, tensor<i32>) "
                      "-> tensor<i1>\n  stablehlo.return %c : tensor<i1>\n"
                      " } do {\n  stablehlo.return %a, %b : tensor<i32>, tensor<?xf32>\n }"),
                  "tensor<i32>, tensor<?xf32>");
  // if: the least specific of the branches (3 vs ? bounded by 5: ?, bound 5).
  CX_EXPECT_STREQ(inf("%p: tensor<i1>, %x: tensor<3xf32>, %y: tensor<?xf32, #stablehlo.bounds<5>>",
                      "%0 = \"stablehlo.if\"(%p) ({\n  stablehlo.return %x : tensor<3xf32>\n}, {\n "
                      " stablehlo.return %y : tensor<?xf32, #stablehlo.bounds<5>>\n}) : "
                      "(tensor<i1>) -> tensor<?xf32>"),
                  "tensor<?xf32, #stablehlo.bounds<5>>");
  EXPECT_ERROR_HAS(
      inf("%p: tensor<i1>, %x: tensor<3xf32>, %y: tensor<3xi32>",
          "%0 = \"stablehlo.if\"(%p) ({\n  stablehlo.return %x : tensor<3xf32>\n}, {\n  "
          "stablehlo.return %y : tensor<3xi32>\n}) : (tensor<i1>) -> tensor<3xf32>"),
      "if_c2");
  CX_EXPECT_STREQ(inf("%n: tensor<i32>, %x: tensor<2xf32>",
                      "%0 = \"stablehlo.case\"(%n) ({\n  stablehlo.return %x : tensor<2xf32>\n}) : "
                      "(tensor<i32>) -> tensor<2xf32>"),
                  "tensor<2xf32>");
  CX_EXPECT_STREQ(
      inf("%x: tensor<2xf32>, %t: !stablehlo.token",
          "%0:2 = stablehlo.optimization_barrier %x, %t : tensor<2xf32>, !stablehlo.token"),
      "tensor<2xf32>, !stablehlo.token");
  CX_EXPECT_STREQ(inf("%x: tensor<2xf32>, %y: tensor<i1>",
                      "%0 = stablehlo.tuple %x, %y : tuple<tensor<2xf32>, tensor<i1>>"),
                  "tuple<tensor<2xf32>, tensor<i1>>");
  CX_EXPECT_STREQ(inf("%t: tuple<tensor<2xf32>, tensor<i1>>",
                      "%0 = stablehlo.get_tuple_element %t[1] : (tuple<tensor<2xf32>, tensor<i1>>) "
                      "-> tensor<i1>"),
                  "tensor<i1>");
  EXPECT_ERROR_HAS(
      inf("%t: tuple<tensor<2xf32>>",
          "%0 = stablehlo.get_tuple_element %t[1] : (tuple<tensor<2xf32>>) -> tensor<2xf32>"),
      "get_tuple_element_c1");
  CX_EXPECT_STREQ(inf("%t: !stablehlo.token", "%0 = stablehlo.after_all %t, %t : !stablehlo.token"),
                  "!stablehlo.token");
}

// ----------------------------------------------------------------------------
// Linear algebra, FFT, random numbers, batch norm.

CX_TEST(linalg_rng_batch_norm) {
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x3x3xf32>", "%0 = stablehlo.cholesky %a, lower = true : tensor<?x3x3xf32>"),
      "tensor<?x3x3xf32>");
  EXPECT_ERROR_HAS(inf("%a: tensor<3x4xf32>", "%0 = stablehlo.cholesky %a : tensor<3x4xf32>"),
                   "cholesky_c3");
  CX_EXPECT_STREQ(inf("%a: tensor<3x3xf32>, %b: tensor<3x?xf32>",
                      "%0 = \"stablehlo.triangular_solve\"(%a, %b) {left_side = true, lower = "
                      "true, unit_diagonal = false, transpose_a = #stablehlo<transpose "
                      "NO_TRANSPOSE>} : (tensor<3x3xf32>, tensor<3x?xf32>) -> tensor<3x?xf32>"),
                  "tensor<3x?xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<?x8xf32>",
                      "%0 = stablehlo.fft %a, type = RFFT, length = [8] : (tensor<?x8xf32>) -> "
                      "tensor<?x5xcomplex<f32>>"),
                  "tensor<?x5xcomplex<f32>>");
  CX_EXPECT_STREQ(inf("%a: tensor<2x5xcomplex<f64>>",
                      "%0 = stablehlo.fft %a, type = IRFFT, length = [8] : "
                      "(tensor<2x5xcomplex<f64>>) -> tensor<2x8xf64>"),
                  "tensor<2x8xf64>");
  EXPECT_ERROR_HAS(inf("%a: tensor<8xf32>",
                       "%0 = stablehlo.fft %a, type = FFT, length = [8] : (tensor<8xf32>) -> "
                       "tensor<8xcomplex<f32>>"),
                   "fft_c2");
  // rng: the shape operand's value, else dynamic dims of its length.
  const char* rng =
      "%0 = stablehlo.rng %lo, %hi, %s, distribution = UNIFORM : (tensor<f32>, tensor<f32>, "
      "tensor<2xi64>) -> tensor<?x?xf32>";
  CX_EXPECT_STREQ(inf("%lo: tensor<f32>, %hi: tensor<f32>, %s: tensor<2xi64>", rng),
                  "tensor<?x?xf32>");
  int64_t shape[2] = {3, 4};
  CX_EXPECT_STREQ(
      inf_with_value("%lo: tensor<f32>, %hi: tensor<f32>, %s: tensor<2xi64>", rng, 2, 2, shape),
      "tensor<3x4xf32>");
  CX_EXPECT_STREQ(inf("%s: tensor<2xui64>",
                      "%0:2 = stablehlo.rng_bit_generator %s, algorithm = DEFAULT : "
                      "(tensor<2xui64>) -> (tensor<2xui64>, tensor<4xui32>)"),
                  "tensor<2xui64>, given");
  EXPECT_ERROR_HAS(inf("%s: tensor<3xui64>",
                       "%0:2 = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : "
                       "(tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>)"),
                   "rng_bit_generator_c2");
  CX_EXPECT_STREQ(
      inf("%x: tensor<2x?xf32, #stablehlo.bounds<?, 7>>, %sc: tensor<?xf32>, %of: tensor<?xf32>",
          "%0:3 = \"stablehlo.batch_norm_training\"(%x, %sc, %of) {epsilon = 1.0e-3 : f32, "
          "feature_index = 1 : i64} : (tensor<2x?xf32, #stablehlo.bounds<?, 7>>, tensor<?xf32>, "
          "tensor<?xf32>) -> (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>)"),
      "tensor<2x?xf32, #stablehlo.bounds<?, 7>>, tensor<?xf32, #stablehlo.bounds<7>>, "
      "tensor<?xf32, #stablehlo.bounds<7>>");
  EXPECT_ERROR_HAS(inf("%x: tensor<2x3xf32>, %sc: tensor<2xf32>, %of: tensor<3xf32>",
                       "%0:3 = \"stablehlo.batch_norm_training\"(%x, %sc, %of) {epsilon = 1.0e-3 : "
                       "f32, feature_index = 1 : i64} : (tensor<2x3xf32>, tensor<2xf32>, "
                       "tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>)"),
                   "the feature dimension");
}

// ----------------------------------------------------------------------------
// Collectives: what the process grid decides is inferred dynamic.

CX_TEST(collectives) {
  CX_EXPECT_STREQ(
      inf("%x: tensor<2x4xi64>",
          "%0 = \"stablehlo.all_gather\"(%x) {all_gather_dim = 1 : i64, replica_groups = "
          "dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x8xi64>"),
      "tensor<2x?xi64>");
  CX_EXPECT_STREQ(inf("%x: tensor<?x4xf32>",
                      "%0 = \"stablehlo.all_reduce\"(%x) " ADD_REGION(
                          "tensor<f32>") " {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : "
                                         "(tensor<?x4xf32>) -> tensor<?x4xf32>"),
                  "tensor<?x4xf32>");
  // Groups of two without a channel: the scattered dim is halved.
  CX_EXPECT_STREQ(
      inf("%x: tensor<8x3xf32>",
          "%0 = \"stablehlo.reduce_scatter\"(%x) " ADD_REGION(
              "tensor<f32>") " {scatter_dimension = 0 : i64, replica_groups = dense<[[0, 1]]> : "
                             "tensor<1x2xi64>} : (tensor<8x3xf32>) -> tensor<4x3xf32>"),
      "tensor<4x3xf32>");
  CX_EXPECT_STREQ(inf("%x: tensor<4x6xf32>",
                      "%0 = \"stablehlo.all_to_all\"(%x) {split_dimension = 1 : i64, "
                      "concat_dimension = 0 : i64, split_count = 2 : i64, replica_groups = "
                      "dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4x6xf32>) -> tensor<8x3xf32>"),
                  "tensor<8x3xf32>");
  EXPECT_ERROR_HAS(inf("%x: tensor<4x5xf32>",
                       "%0 = \"stablehlo.all_to_all\"(%x) {split_dimension = 1 : i64, "
                       "concat_dimension = 0 : i64, split_count = 2 : i64, replica_groups = "
                       "dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4x5xf32>) -> tensor<8x3xf32>"),
                   "all_to_all_c2");
  CX_EXPECT_STREQ(inf("", "%0 = stablehlo.replica_id : tensor<ui32>"), "tensor<ui32>");
  CX_EXPECT_STREQ(inf("%t: !stablehlo.token",
                      "%0:2 = \"stablehlo.recv\"(%t) {channel_handle = "
                      "#stablehlo.channel_handle<handle = 1, type = 3>, is_host_transfer = true} : "
                      "(!stablehlo.token) -> (tensor<2xf32>, !stablehlo.token)"),
                  "given, given");
  CX_EXPECT_STREQ(inf("%x: tensor<2xf32>, %t: !stablehlo.token",
                      "%0 = \"stablehlo.send\"(%x, %t) {channel_handle = "
                      "#stablehlo.channel_handle<handle = 1, type = 2>, is_host_transfer = true} : "
                      "(tensor<2xf32>, !stablehlo.token) -> !stablehlo.token"),
                  "!stablehlo.token");
}

// ----------------------------------------------------------------------------
// CHLO and the ops whose results are given.

CX_TEST(chlo_and_given) {
  CX_EXPECT_STREQ(
      inf("%a: tensor<2x3xf32>, %b: tensor<3xf32>",
          "%0 = chlo.broadcast_add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>"),
      "tensor<2x3xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<?x1xf32>, %b: tensor<4xf32>",
          "%0 = chlo.broadcast_add %a, %b : (tensor<?x1xf32>, tensor<4xf32>) -> tensor<?x4xf32>"),
      "tensor<?x4xf32>");
  CX_EXPECT_STREQ(
      inf("%a: tensor<2xf32>, %b: tensor<3x2xf32>",
          "%0 = \"chlo.broadcast_compare\"(%a, %b) {comparison_direction = "
          "#chlo<comparison_direction LT>} : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xi1>"),
      "tensor<3x2xi1>");
  EXPECT_ERROR_HAS(
      inf("%a: tensor<2x3xf32>, %b: tensor<4xf32>",
          "%0 = chlo.broadcast_add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>"),
      "cannot broadcast");
  CX_EXPECT_STREQ(
      inf("%x: tensor<5x?xf32>",
          "%v, %i = chlo.top_k(%x, k = 2) : tensor<5x?xf32> -> (tensor<5x2xf32>, tensor<5x2xi32>)"),
      "tensor<5x2xf32>, tensor<5x2xi32>");
  CX_EXPECT_STREQ(inf("%x: tensor<?x3xi32>",
                      "%0 = \"chlo.constant_like\"(%x) {value = 1.0 : f32} : (tensor<?x3xi32>) -> "
                      "tensor<?x3xf32>"),
                  "tensor<?x3xf32>");
  CX_EXPECT_STREQ(inf("%a: tensor<2xf32>", "%0 = chlo.is_inf %a : tensor<2xf32> -> tensor<2xi1>"),
                  "tensor<2xi1>");
  CX_EXPECT_STREQ(inf("%a: tensor<2xf32>",
                      "%0:2 = stablehlo.custom_call @foo(%a) : (tensor<2xf32>) -> (tensor<2xf32>, "
                      "tensor<i32>)"),
                  "given, given");
  CX_EXPECT(cx_infer_mode(CX_OP_CUSTOM_CALL) == CX_INFER_GIVEN);
  CX_EXPECT(cx_infer_mode(CX_OP_RECV) == CX_INFER_GIVEN);
  CX_EXPECT(cx_infer_mode(CX_OP_INFEED) == CX_INFER_GIVEN);
}

// Every element-wise op (StableHLO and CHLO, unary and binary): a bounded
// dynamic operand keeps its shape and bounds, and a static dim of one
// operand refines the other's dynamic dim. The element type is the first of
// f32, i32, i1 the op accepts.
static const cx_type_t* try_elementwise(cx_op_kind_t k, uint32_t nops, const cx_type_t* const* a,
                                        uint32_t* out_n) {
  cx_infer_input_t in = {.num_operands = nops, .operand_types = a};
  const cx_type_t* out[2];
  cx_status_t st = cx_infer_result_types(g_ctx, k, &in, out, 2, out_n);
  if (st) {
    cx_status_free(st);
    return NULL;
  }
  return out[0];
}

// The per-op table (infer_table.c) has a row for every op cxla knows; the
// unknown op has none and its error says so.
CX_TEST(every_op_has_a_shape_function) {
  for (int k = CX_OP_UNKNOWN + 1; k < CX_OP_COUNT; k++)
    if (!cx_i_shape_rows[k].fn) CX_FAIL_("no shape function row for '%s'", cx_op_info(k)->name);
  const cx_type_t* types[4];
  uint32_t n;
  cx_infer_input_t in = {0};
  cx_status_t st = cx_infer_result_types(g_ctx, CX_OP_UNKNOWN, &in, types, 4, &n);
  CX_EXPECT(st && strcmp(cx_status_message(st), "no shape function for an unknown op") == 0);
  cx_status_free(st);
}

CX_TEST(every_elementwise_op) {
  static const cx_elem_t kElems[] = {CX_ELEM_F32, CX_ELEM_SI32, CX_ELEM_I1};
  int64_t dyn[2] = {2, CX_DYNAMIC_DIM}, bnd[2] = {CX_DYNAMIC_DIM, 5}, stat[2] = {2, 5};
  int checked = 0;
  for (int k = CX_OP_UNKNOWN + 1; k < CX_OP_COUNT; k++) {
    cx_op_family_t fam = cx_op_info((cx_op_kind_t)k)->family;
    const char* name = cx_op_info((cx_op_kind_t)k)->name;
    bool chlo_unary =
        fam == CX_FAMILY_CHLO && cx_op_info((cx_op_kind_t)k)->format == CX_FORMAT_CHLO_UNARY;
    bool chlo_binary =
        fam == CX_FAMILY_CHLO && cx_op_info((cx_op_kind_t)k)->format == CX_FORMAT_CHLO_BINARY;
    uint32_t nops = fam == CX_FAMILY_UNARY || chlo_unary     ? 1
                    : fam == CX_FAMILY_BINARY || chlo_binary ? 2
                                                             : 0;
    if (!nops) continue;
    const cx_type_t* got = NULL;
    for (size_t e = 0; e < 3 && !got; e++) {
      const cx_type_t* elem = cx_type_element(g_ctx, kElems[e]);
      const cx_type_t* x = cx_type_tensor_bounded(g_ctx, elem, 2, dyn, bnd);
      const cx_type_t* y = cx_type_tensor(g_ctx, elem, 2, stat, NULL);
      const cx_type_t* ops[2] = {x, nops == 2 ? y : NULL};
      uint32_t n = 0;
      got = try_elementwise((cx_op_kind_t)k, nops, ops, &n);
      if (!got) continue;
      checked++;
      if (n != 1) CX_FAIL_("%s: %u results", name, n);
      // Unary: the operand's shape and bounds; binary: the static operand
      // refines the dynamic one (5 fits the bound 5).
      const char* want = nops == 1 ? "tensor<2x?x" : "tensor<2x5x";
      const char* str = cx_v_format_type(&g_arena, got);
      if (strncmp(str, want, strlen(want)) != 0) CX_FAIL_("%s: inferred %s", name, str);
      if (nops == 1 && !strstr(str, "#stablehlo.bounds<?, 5>"))
        CX_FAIL_("%s: bounds lost in %s", name, str);
      if (nops == 2) {
        // A static dim beyond the other's bound is an error.
        int64_t big[2] = {2, 6};
        const cx_type_t* z = cx_type_tensor(g_ctx, elem, 2, big, NULL);
        const cx_type_t* bad[2] = {x, z};
        if (try_elementwise((cx_op_kind_t)k, 2, bad, &n))
          CX_FAIL_("%s: 6 exceeds the bound 5", name);
      }
    }
    if (!got) CX_FAIL_("%s: no element type of f32, i32, i1 was accepted", name);
  }
  CX_EXPECT(checked > 60);
}

int main(void) {
  cx_status_t st = cx_context_create(cx_allocator_system(), &g_ctx);
  if (st) return 1;
  cx_arena_init(&g_arena, cx_allocator_system());
  CX_RUN(standalone_input);
  CX_RUN(standalone_regions);
  CX_RUN(modes);
  CX_RUN(compatible_and_refine);
  CX_RUN(unary);
  CX_RUN(binary);
  CX_RUN(select_clamp_compare);
  CX_RUN(convert_constant);
  CX_RUN(shape_ops);
  CX_RUN(dynamic_shape_ops);
  CX_RUN(gather_scatter);
  CX_RUN(reduce_family);
  CX_RUN(dot_conv);
  CX_RUN(control_tuple_token);
  CX_RUN(linalg_rng_batch_norm);
  CX_RUN(collectives);
  CX_RUN(chlo_and_given);
  CX_RUN(every_op_has_a_shape_function);
  CX_RUN(every_elementwise_op);
  if (g_last) cx_module_destroy(g_last);
  cx_arena_destroy(&g_arena);
  cx_context_destroy(g_ctx);
  return CX_TEST_EXIT();
}
