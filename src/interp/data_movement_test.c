// Edge cases of the data-movement and reduction evaluators, with expected
// values computed by hand from the StableHLO spec's formulas: gather
// clamping, batching dims and implicit index vectors, scatter skipping
// out-of-bounds elements, negative/interior padding, reduce_window padding
// with a non-identity init value, select_and_scatter ties, sort stability,
// and clean errors for malformed ops.
#include <stdint.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/interp.h"
#include "cxla/module.h"

// Parses and verifies `text` (the interpreter runs verified modules), runs
// @main and returns its results (NULL on error, with the status message
// printed when `expect_ok`).
typedef struct run {
  cx_context_t* ctx;
  cx_module_t* module;
  cx_interp_t* interp;
  uint32_t n;
  cx_buffer_view_t* results;
  cx_status_t status;
} run_t;

static void run_free(run_t* r) {
  cx_interp_free_results(r->n, r->results);
  cx_interp_destroy(r->interp);
  cx_module_destroy(r->module);
  cx_context_destroy(r->ctx);
  cx_status_free(r->status);
}

static run_t run_main(const char* text) {
  run_t r;
  memset(&r, 0, sizeof(r));
  r.status = cx_context_create(cx_allocator_system(), &r.ctx);
  if (!r.status) r.status = cx_module_parse_text(r.ctx, text, strlen(text), NULL, &r.module);
  if (!r.status) r.status = cx_module_verify(r.module);
  if (!r.status) r.status = cx_interp_create(r.module, NULL, &r.interp);
  if (!r.status) r.status = cx_interp_call(r.interp, "main", 0, NULL, &r.n, &r.results);
  return r;
}

// Runs @main and compares result `index` with integers (any integer kind).
static void expect_ints(const char* text, uint32_t index, const int64_t* want, int64_t n) {
  run_t r = run_main(text);
  if (r.status) {
    CX_FAIL_("run failed: %s", cx_status_message(r.status));
  } else if (index >= r.n) {
    CX_FAIL_("only %u results", r.n);
  } else {
    const cx_buffer_view_t* v = &r.results[index];
    int64_t count = 1;
    for (uint32_t d = 0; d < v->rank; d++) count *= v->dims[d];
    CX_EXPECT_EQ_I64(count, n);
    size_t es = v->nbytes / (count ? (size_t)count : 1);
    for (int64_t i = 0; i < n && i < count; i++) {
      int64_t got = 0;
      if (es == 8)
        memcpy(&got, (const char*)v->data + i * 8, 8);
      else if (es == 4) {
        int32_t x;
        memcpy(&x, (const char*)v->data + i * 4, 4);
        got = x;
      } else if (es == 1)
        got = ((const int8_t*)v->data)[i];
      if (got != want[i]) {
        CX_FAIL_("element %lld: got %lld, want %lld", (long long)i, (long long)got,
                 (long long)want[i]);
        break;
      }
    }
  }
  run_free(&r);
}

static void expect_f32(const char* text, const float* want, int64_t n) {
  run_t r = run_main(text);
  if (r.status) {
    CX_FAIL_("run failed: %s", cx_status_message(r.status));
  } else {
    const cx_buffer_view_t* v = &r.results[0];
    CX_EXPECT_EQ_I64((int64_t)(v->nbytes / 4), n);
    for (int64_t i = 0; i < n && (size_t)i * 4 < v->nbytes; i++) {
      float got;
      memcpy(&got, (const char*)v->data + i * 4, 4);
      if (got != want[i]) {
        CX_FAIL_("element %lld: got %g, want %g", (long long)i, got, want[i]);
        break;
      }
    }
  }
  run_free(&r);
}

static void expect_error(const char* text, const char* fragment) {
  run_t r = run_main(text);
  if (!r.status) {
    CX_FAIL_("expected an error containing '%s'", fragment);
  } else if (!strstr(cx_status_message(r.status), fragment)) {
    CX_FAIL_("error '%s' lacks '%s'", cx_status_message(r.status), fragment);
  }
  run_free(&r);
}

#define ADD_I64_BODY                            \
  "^bb0(%a: tensor<i64>, %b: tensor<i64>):\n"   \
  "  %s = stablehlo.add %a, %b : tensor<i64>\n" \
  "  stablehlo.return %s : tensor<i64>\n"

// ---- gather ----------------------------------------------------------------

// Start indices are clamped into [0, dim - slice_size].
CX_TEST(gather_clamps_start_indices) {
  static const char* text =
      "func.func @main() -> tensor<3x3xi64> {\n"
      "  %x = stablehlo.iota dim = 0 : tensor<10xi64>\n"
      "  %i = stablehlo.constant dense<[[-3], [8], [4]]> : tensor<3x1xi32>\n"
      "  %r = \"stablehlo.gather\"(%x, %i) {dimension_numbers = #stablehlo.gather<offset_dims = "
      "[1], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 3>} : "
      "(tensor<10xi64>, tensor<3x1xi32>) -> tensor<3x3xi64>\n"
      "  return %r : tensor<3x3xi64>\n"
      "}\n";
  const int64_t want[] = {0, 1, 2, 7, 8, 9, 4, 5, 6};
  expect_ints(text, 0, want, 9);
}

// index_vector_dim == rank(start_indices): each index is a 1-vector.
CX_TEST(gather_implicit_index_vector) {
  static const char* text =
      "func.func @main() -> tensor<2x2xi64> {\n"
      "  %x = stablehlo.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>\n"
      "  %i = stablehlo.constant dense<[2, 0]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.gather\"(%x, %i) {dimension_numbers = #stablehlo.gather<offset_dims = "
      "[1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, "
      "slice_sizes = array<i64: 1, 2>} : (tensor<3x2xi64>, tensor<2xi32>) -> tensor<2x2xi64>\n"
      "  return %r : tensor<2x2xi64>\n"
      "}\n";
  const int64_t want[] = {5, 6, 1, 2};
  expect_ints(text, 0, want, 4);
}

// Batching dims: result[b] = operand[b, indices[b]].
CX_TEST(gather_batching_dims) {
  static const char* text =
      "func.func @main() -> tensor<2xi64> {\n"
      "  %x = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>\n"
      "  %i = stablehlo.constant dense<[[2], [0]]> : tensor<2x1xi64>\n"
      "  %r = \"stablehlo.gather\"(%x, %i) {dimension_numbers = #stablehlo.gather<"
      "collapsed_slice_dims = [1], operand_batching_dims = [0], start_indices_batching_dims = "
      "[0], start_index_map = [1], index_vector_dim = 1>, slice_sizes = array<i64: 1, 1>} : "
      "(tensor<2x3xi64>, tensor<2x1xi64>) -> tensor<2xi64>\n"
      "  return %r : tensor<2xi64>\n"
      "}\n";
  const int64_t want[] = {3, 4};
  expect_ints(text, 0, want, 2);
}

CX_TEST(gather_rejects_bad_dimension_numbers) {
  static const char* text =
      "func.func @main() -> tensor<2x2xi64> {\n"
      "  %x = stablehlo.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>\n"
      "  %i = stablehlo.constant dense<[2, 0]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.gather\"(%x, %i) {dimension_numbers = #stablehlo.gather<offset_dims = "
      "[1], collapsed_slice_dims = [7], start_index_map = [0], index_vector_dim = 1>, "
      "slice_sizes = array<i64: 1, 2>} : (tensor<3x2xi64>, tensor<2xi32>) -> tensor<2x2xi64>\n"
      "  return %r : tensor<2x2xi64>\n"
      "}\n";
  expect_error(text, "collapsed_slice_dims");
}

CX_TEST(torch_index_select_rows) {
  static const char* text =
      "func.func @main() -> tensor<2x2xi64> {\n"
      "  %x = stablehlo.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>\n"
      "  %i = stablehlo.constant dense<[2, 0]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.torch_index_select\"(%x, %i) {dim = 0 : i64, batch_dims = 0 : i64} : "
      "(tensor<3x2xi64>, tensor<2xi32>) -> tensor<2x2xi64>\n"
      "  return %r : tensor<2x2xi64>\n"
      "}\n";
  const int64_t want[] = {5, 6, 1, 2};
  expect_ints(text, 0, want, 4);
}

// ---- scatter ---------------------------------------------------------------

// Repeated indices accumulate; out-of-bounds indices (5, -1) are skipped.
CX_TEST(scatter_skips_out_of_bounds) {
  static const char* text =
      "func.func @main() -> tensor<4xi64> {\n"
      "  %x = stablehlo.constant dense<0> : tensor<4xi64>\n"
      "  %i = stablehlo.constant dense<[[1], [1], [5], [-1]]> : tensor<4x1xi32>\n"
      "  %u = stablehlo.constant dense<[1, 2, 3, 4]> : tensor<4xi64>\n"
      "  %r = \"stablehlo.scatter\"(%x, %i, %u) ({\n" ADD_I64_BODY
      "  }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], "
      "scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : "
      "(tensor<4xi64>, tensor<4x1xi32>, tensor<4xi64>) -> tensor<4xi64>\n"
      "  return %r : tensor<4xi64>\n"
      "}\n";
  const int64_t want[] = {0, 3, 0, 0};
  expect_ints(text, 0, want, 4);
}

// The spec checks each update element's full index: a window hanging over
// the edge keeps its in-bounds part.
CX_TEST(scatter_window_partly_out_of_bounds) {
  static const char* text =
      "func.func @main() -> tensor<5xi64> {\n"
      "  %x = stablehlo.constant dense<0> : tensor<5xi64>\n"
      "  %i = stablehlo.constant dense<[[4]]> : tensor<1x1xi32>\n"
      "  %u = stablehlo.constant dense<[[7, 8]]> : tensor<1x2xi64>\n"
      "  %r = \"stablehlo.scatter\"(%x, %i, %u) ({\n" ADD_I64_BODY
      "  }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], "
      "scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : "
      "(tensor<5xi64>, tensor<1x1xi32>, tensor<1x2xi64>) -> tensor<5xi64>\n"
      "  return %r : tensor<5xi64>\n"
      "}\n";
  const int64_t want[] = {0, 0, 0, 0, 7};
  expect_ints(text, 0, want, 5);
}

CX_TEST(scatter_batching_dims) {
  static const char* text =
      "func.func @main() -> tensor<2x3xi64> {\n"
      "  %x = stablehlo.constant dense<0> : tensor<2x3xi64>\n"
      "  %i = stablehlo.constant dense<[[2], [0]]> : tensor<2x1xi32>\n"
      "  %u = stablehlo.constant dense<[10, 20]> : tensor<2xi64>\n"
      "  %r = \"stablehlo.scatter\"(%x, %i, %u) ({\n" ADD_I64_BODY
      "  }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [1], "
      "input_batching_dims = [0], scatter_indices_batching_dims = [0], "
      "scatter_dims_to_operand_dims = [1], index_vector_dim = 1>} : "
      "(tensor<2x3xi64>, tensor<2x1xi32>, tensor<2xi64>) -> tensor<2x3xi64>\n"
      "  return %r : tensor<2x3xi64>\n"
      "}\n";
  const int64_t want[] = {0, 0, 10, 20, 0, 0};
  expect_ints(text, 0, want, 6);
}

// Two inputs, two updates: the body sees (acc0, acc1, upd0, upd1).
CX_TEST(scatter_variadic_replace) {
  static const char* text =
      "func.func @main() -> (tensor<3xi64>, tensor<3xi32>) {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %y = stablehlo.constant dense<[4, 5, 6]> : tensor<3xi32>\n"
      "  %i = stablehlo.constant dense<[[2], [0]]> : tensor<2x1xi32>\n"
      "  %u = stablehlo.constant dense<[10, 20]> : tensor<2xi64>\n"
      "  %v = stablehlo.constant dense<[30, 40]> : tensor<2xi32>\n"
      "  %r:2 = \"stablehlo.scatter\"(%x, %y, %i, %u, %v) ({\n"
      "  ^bb0(%a: tensor<i64>, %b: tensor<i32>, %c: tensor<i64>, %d: tensor<i32>):\n"
      "    stablehlo.return %c, %d : tensor<i64>, tensor<i32>\n"
      "  }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], "
      "scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : "
      "(tensor<3xi64>, tensor<3xi32>, tensor<2x1xi32>, tensor<2xi64>, tensor<2xi32>) -> "
      "(tensor<3xi64>, tensor<3xi32>)\n"
      "  return %r#0, %r#1 : tensor<3xi64>, tensor<3xi32>\n"
      "}\n";
  const int64_t want0[] = {20, 2, 10}, want1[] = {40, 5, 30};
  expect_ints(text, 0, want0, 3);
  expect_ints(text, 1, want1, 3);
}

// ---- shape ops -------------------------------------------------------------

// [1, 2, 3] interior 1 -> [1, 0, 2, 0, 3]; low -1, high -1 -> [0, 2, 0].
CX_TEST(pad_negative_and_interior) {
  static const char* text =
      "func.func @main() -> tensor<3xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %p = stablehlo.constant dense<0> : tensor<i64>\n"
      "  %r = stablehlo.pad %x, %p, low = [-1], high = [-1], interior = [1] : "
      "(tensor<3xi64>, tensor<i64>) -> tensor<3xi64>\n"
      "  return %r : tensor<3xi64>\n"
      "}\n";
  const int64_t want[] = {0, 2, 0};
  expect_ints(text, 0, want, 3);
}

CX_TEST(pad_rejects_negative_size) {
  static const char* text =
      "func.func @main() -> tensor<0xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %p = stablehlo.constant dense<0> : tensor<i64>\n"
      "  %r = stablehlo.pad %x, %p, low = [-3], high = [-1], interior = [0] : "
      "(tensor<3xi64>, tensor<i64>) -> tensor<0xi64>\n"
      "  return %r : tensor<0xi64>\n"
      "}\n";
  expect_error(text, "negative");
}

// Start indices are clamped into [0, dim - size].
CX_TEST(dynamic_slice_and_update_clamp) {
  static const char* text =
      "func.func @main() -> (tensor<2xi64>, tensor<2xi64>, tensor<5xi64>) {\n"
      "  %x = stablehlo.iota dim = 0 : tensor<5xi64>\n"
      "  %big = stablehlo.constant dense<4> : tensor<i32>\n"
      "  %neg = stablehlo.constant dense<-2> : tensor<i32>\n"
      "  %a = stablehlo.dynamic_slice %x, %big, sizes = [2] : (tensor<5xi64>, tensor<i32>) -> "
      "tensor<2xi64>\n"
      "  %b = stablehlo.dynamic_slice %x, %neg, sizes = [2] : (tensor<5xi64>, tensor<i32>) -> "
      "tensor<2xi64>\n"
      "  %u = stablehlo.constant dense<[9, 9]> : tensor<2xi64>\n"
      "  %c = stablehlo.dynamic_update_slice %x, %u, %big : (tensor<5xi64>, tensor<2xi64>, "
      "tensor<i32>) -> tensor<5xi64>\n"
      "  return %a, %b, %c : tensor<2xi64>, tensor<2xi64>, tensor<5xi64>\n"
      "}\n";
  const int64_t a[] = {3, 4}, b[] = {0, 1}, c[] = {0, 1, 2, 9, 9};
  expect_ints(text, 0, a, 2);
  expect_ints(text, 1, b, 2);
  expect_ints(text, 2, c, 5);
}

CX_TEST(iota_float_and_transpose) {
  static const char* text =
      "func.func @main() -> tensor<3x2xf32> {\n"
      "  %x = stablehlo.iota dim = 1 : tensor<2x3xf32>\n"
      "  %r = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>\n"
      "  return %r : tensor<3x2xf32>\n"
      "}\n";
  const float want[] = {0, 0, 1, 1, 2, 2};
  expect_f32(text, want, 6);
}

CX_TEST(slice_with_strides_and_concatenate) {
  static const char* text =
      "func.func @main() -> tensor<5xi64> {\n"
      "  %x = stablehlo.iota dim = 0 : tensor<8xi64>\n"
      "  %s = stablehlo.slice %x [1:8:3] : (tensor<8xi64>) -> tensor<3xi64>\n"
      "  %t = stablehlo.reverse %s, dims = [0] : tensor<3xi64>\n"
      "  %e = stablehlo.slice %x [0:0] : (tensor<8xi64>) -> tensor<0xi64>\n"
      "  %u = stablehlo.slice %x [6:8] : (tensor<8xi64>) -> tensor<2xi64>\n"
      "  %r = stablehlo.concatenate %t, %e, %u, dim = 0 : (tensor<3xi64>, tensor<0xi64>, "
      "tensor<2xi64>) -> tensor<5xi64>\n"
      "  return %r : tensor<5xi64>\n"
      "}\n";
  const int64_t want[] = {7, 4, 1, 6, 7};
  expect_ints(text, 0, want, 5);
}

// ---- reductions ------------------------------------------------------------

// Padded positions hold the init value and take part in the fold:
// padded [10, 1, 2, 3]; windows fold from init 10.
CX_TEST(reduce_window_pads_with_init) {
  static const char* text =
      "func.func @main() -> tensor<3xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %i = stablehlo.constant dense<10> : tensor<i64>\n"
      "  %r = \"stablehlo.reduce_window\"(%x, %i) ({\n" ADD_I64_BODY
      "  }) {window_dimensions = array<i64: 2>, padding = dense<[[1, 0]]> : tensor<1x2xi64>} : "
      "(tensor<3xi64>, tensor<i64>) -> tensor<3xi64>\n"
      "  return %r : tensor<3xi64>\n"
      "}\n";
  const int64_t want[] = {21, 13, 15};
  expect_ints(text, 0, want, 3);
}

// Base dilation 2 makes [1, h, 2, h, 3] (holes hold the init value 0); a
// 2-wide window with dilation 2 spans 3 positions; stride 2 gives 2 windows.
CX_TEST(reduce_window_dilations) {
  static const char* text =
      "func.func @main() -> tensor<2xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %i = stablehlo.constant dense<0> : tensor<i64>\n"
      "  %r = \"stablehlo.reduce_window\"(%x, %i) ({\n" ADD_I64_BODY
      "  }) {window_dimensions = array<i64: 2>, window_strides = array<i64: 2>, "
      "base_dilations = array<i64: 2>, window_dilations = array<i64: 2>} : "
      "(tensor<3xi64>, tensor<i64>) -> tensor<2xi64>\n"
      "  return %r : tensor<2xi64>\n"
      "}\n";
  // Windows start at 0 and 2: {0, 2} -> 1 + 2 = 3; {2, 4} -> 2 + 3 = 5.
  const int64_t want[] = {3, 5};
  expect_ints(text, 0, want, 2);
}

// Variadic reduce: (max value, smallest index among ties).
CX_TEST(reduce_variadic_argmax) {
  static const char* text =
      "func.func @main() -> (tensor<i64>, tensor<i64>) {\n"
      "  %v = stablehlo.constant dense<[3, 7, 7, 1]> : tensor<4xi64>\n"
      "  %k = stablehlo.iota dim = 0 : tensor<4xi64>\n"
      "  %v0 = stablehlo.constant dense<-100> : tensor<i64>\n"
      "  %k0 = stablehlo.constant dense<0> : tensor<i64>\n"
      "  %r:2 = stablehlo.reduce(%v init: %v0), (%k init: %k0) across dimensions = [0] : "
      "(tensor<4xi64>, tensor<4xi64>, tensor<i64>, tensor<i64>) -> (tensor<i64>, tensor<i64>)\n"
      "   reducer(%a: tensor<i64>, %c: tensor<i64>) (%b: tensor<i64>, %d: tensor<i64>) {\n"
      "    %gt = stablehlo.compare GT, %a, %c : (tensor<i64>, tensor<i64>) -> tensor<i1>\n"
      "    %eq = stablehlo.compare EQ, %a, %c : (tensor<i64>, tensor<i64>) -> tensor<i1>\n"
      "    %m = stablehlo.select %gt, %a, %c : tensor<i1>, tensor<i64>\n"
      "    %lo = stablehlo.minimum %b, %d : tensor<i64>\n"
      "    %ki = stablehlo.select %gt, %b, %d : tensor<i1>, tensor<i64>\n"
      "    %k2 = stablehlo.select %eq, %lo, %ki : tensor<i1>, tensor<i64>\n"
      "    stablehlo.return %m, %k2 : tensor<i64>, tensor<i64>\n"
      "  }\n"
      "  return %r#0, %r#1 : tensor<i64>, tensor<i64>\n"
      "}\n";
  const int64_t v[] = {7}, k[] = {1};
  expect_ints(text, 0, v, 1);
  expect_ints(text, 1, k, 1);
}

// select GE keeps the first of equal elements; result starts at init 100.
CX_TEST(select_and_scatter_ties_and_init) {
  static const char* text =
      "func.func @main() -> tensor<6xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 5, 3, 5, 4, 4]> : tensor<6xi64>\n"
      "  %s = stablehlo.constant dense<[10, 20, 30]> : tensor<3xi64>\n"
      "  %i = stablehlo.constant dense<100> : tensor<i64>\n"
      "  %r = \"stablehlo.select_and_scatter\"(%x, %s, %i) ({\n"
      "  ^bb0(%a: tensor<i64>, %b: tensor<i64>):\n"
      "    %c = stablehlo.compare GE, %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i1>\n"
      "    stablehlo.return %c : tensor<i1>\n"
      "  }, {\n" ADD_I64_BODY
      "  }) {window_dimensions = array<i64: 2>, window_strides = array<i64: 2>} : "
      "(tensor<6xi64>, tensor<3xi64>, tensor<i64>) -> tensor<6xi64>\n"
      "  return %r : tensor<6xi64>\n"
      "}\n";
  const int64_t want[] = {100, 110, 100, 120, 130, 100};
  expect_ints(text, 0, want, 6);
}

// Sorting by key only keeps equal keys in input order (dimension -1).
CX_TEST(sort_is_stable) {
  static const char* text =
      "func.func @main() -> (tensor<2x4xi64>, tensor<2x4xi32>) {\n"
      "  %k = stablehlo.constant dense<[[2, 1, 2, 1], [0, 0, 0, 0]]> : tensor<2x4xi64>\n"
      "  %v = stablehlo.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7]]> : tensor<2x4xi32>\n"
      "  %r:2 = \"stablehlo.sort\"(%k, %v) ({\n"
      "  ^bb0(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i32>, %d: tensor<i32>):\n"
      "    %lt = stablehlo.compare LT, %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i1>\n"
      "    stablehlo.return %lt : tensor<i1>\n"
      "  }) {dimension = -1 : i64} : (tensor<2x4xi64>, tensor<2x4xi32>) -> "
      "(tensor<2x4xi64>, tensor<2x4xi32>)\n"
      "  return %r#0, %r#1 : tensor<2x4xi64>, tensor<2x4xi32>\n"
      "}\n";
  const int64_t k[] = {1, 1, 2, 2, 0, 0, 0, 0}, v[] = {1, 3, 0, 2, 4, 5, 6, 7};
  expect_ints(text, 0, k, 8);
  expect_ints(text, 1, v, 8);
}

CX_TEST(map_two_inputs) {
  static const char* text =
      "func.func @main() -> tensor<3xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %y = stablehlo.constant dense<[10, 20, 30]> : tensor<3xi64>\n"
      "  %r = \"stablehlo.map\"(%x, %y) ({\n" ADD_I64_BODY
      "  }) {dimensions = array<i64: 0>} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>\n"
      "  return %r : tensor<3xi64>\n"
      "}\n";
  const int64_t want[] = {11, 22, 33};
  expect_ints(text, 0, want, 3);
}

// ---- dynamic shapes ----------------------------------------------------------

CX_TEST(dynamic_ops_compute_shapes) {
  static const char* text =
      "func.func @main() -> (tensor<?xi64>, tensor<i32>, tensor<?xi64>) {\n"
      "  %shape = stablehlo.constant dense<[2, 3]> : tensor<2xi32>\n"
      "  %io = stablehlo.dynamic_iota %shape, dim = 1 : (tensor<2xi32>) -> tensor<?x?xi64>\n"
      "  %flat = stablehlo.constant dense<[6]> : tensor<1xi32>\n"
      "  %r = stablehlo.dynamic_reshape %io, %flat : (tensor<?x?xi64>, tensor<1xi32>) -> "
      "tensor<?xi64>\n"
      "  %n = stablehlo.get_dimension_size %r, dim = 0 : (tensor<?xi64>) -> tensor<i32>\n"
      "  %b = stablehlo.constant dense<[1]> : tensor<1xi32>\n"
      "  %l = stablehlo.constant dense<[6]> : tensor<1xi32>\n"
      "  %st = stablehlo.constant dense<[2]> : tensor<1xi32>\n"
      "  %s = stablehlo.real_dynamic_slice %r, %b, %l, %st : (tensor<?xi64>, tensor<1xi32>, "
      "tensor<1xi32>, tensor<1xi32>) -> tensor<?xi64>\n"
      "  return %r, %n, %s : tensor<?xi64>, tensor<i32>, tensor<?xi64>\n"
      "}\n";
  const int64_t r[] = {0, 1, 2, 0, 1, 2}, n[] = {6}, s[] = {1, 0, 2};
  expect_ints(text, 0, r, 6);
  expect_ints(text, 1, n, 1);
  expect_ints(text, 2, s, 3);
}

CX_TEST(dynamic_broadcast_rejects_bad_size) {
  static const char* text =
      "func.func @main() -> tensor<?x?xi64> {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>\n"
      "  %shape0 = stablehlo.constant dense<[2, 4]> : tensor<2xi32>\n"
      // Not a constant: only the run tells the shape (a constant one is the
      // verifier's, dynamic_broadcast_in_dim_c5).
      "  %shape = stablehlo.add %shape0, %shape0 : tensor<2xi32>\n"
      "  %r = stablehlo.dynamic_broadcast_in_dim %x, %shape, dims = [1] : (tensor<3xi64>, "
      "tensor<2xi32>) -> tensor<?x?xi64>\n"
      "  return %r : tensor<?x?xi64>\n"
      "}\n";
  expect_error(text, "must be 1 or 8");
}

int main(void) {
  CX_RUN(gather_clamps_start_indices);
  CX_RUN(gather_implicit_index_vector);
  CX_RUN(gather_batching_dims);
  CX_RUN(gather_rejects_bad_dimension_numbers);
  CX_RUN(torch_index_select_rows);
  CX_RUN(scatter_skips_out_of_bounds);
  CX_RUN(scatter_window_partly_out_of_bounds);
  CX_RUN(scatter_batching_dims);
  CX_RUN(scatter_variadic_replace);
  CX_RUN(pad_negative_and_interior);
  CX_RUN(pad_rejects_negative_size);
  CX_RUN(dynamic_slice_and_update_clamp);
  CX_RUN(iota_float_and_transpose);
  CX_RUN(slice_with_strides_and_concatenate);
  CX_RUN(reduce_window_pads_with_init);
  CX_RUN(reduce_window_dilations);
  CX_RUN(reduce_variadic_argmax);
  CX_RUN(select_and_scatter_ties_and_init);
  CX_RUN(sort_is_stable);
  CX_RUN(map_two_inputs);
  CX_RUN(dynamic_ops_compute_shapes);
  CX_RUN(dynamic_broadcast_rejects_bad_size);
  return CX_TEST_EXIT();
}
