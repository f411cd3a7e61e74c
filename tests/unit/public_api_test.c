// The public API the cxla tool is built on (cxla/module.h functions,
// cxla/values.h, cx_buffer_view_fill), used through the public headers only.
#include "cx_test.h"
#include "cxla/buffer.h"
#include "cxla/module.h"
#include "cxla/values.h"

static const char kProgram[] =
    "func.func private @helper(%x: tensor<f32>) -> tensor<f32> {\n"
    "  return %x : tensor<f32>\n"
    "}\n"
    "func.func private @external(tensor<2xi32>) -> tensor<2xi32>\n"
    "func.func @main(%n: tensor<i64>, %t: !stablehlo.token,\n"
    "                %d: tensor<?x3xf32, #stablehlo.bounds<5, ?>>,\n"
    "                %q: tensor<2x!quant.uniform<i8:f32, 5.000000e-01:3>>,\n"
    "                %u: tuple<tensor<f32>>) -> (tensor<?x3xf32, #stablehlo.bounds<5, ?>>, !stablehlo.token) {\n"
    "  return %d, %t : tensor<?x3xf32, #stablehlo.bounds<5, ?>>, !stablehlo.token\n"
    "}\n";

CX_TEST(functions_in_order_with_their_signatures) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(ctx, kProgram, sizeof(kProgram) - 1, NULL, &m));
  if (!m) return;
  const char* names[3];
  cx_function_info_t infos[3];
  int n = 0;
  for (const cx_function_t* f = cx_module_first_function(m); f; f = cx_function_next(f)) {
    if (n < 3) cx_function_get_info(f, &infos[n]);
    if (n < 3) names[n] = infos[n].name;
    n++;
  }
  CX_EXPECT_EQ_I64(n, 3);
  if (n == 3) {
    CX_EXPECT_STREQ(names[0], "helper");
    CX_EXPECT(!infos[0].is_public && infos[0].has_body);
    CX_EXPECT_STREQ(names[1], "external");
    CX_EXPECT(!infos[1].has_body);
    CX_EXPECT_STREQ(names[2], "main");
    CX_EXPECT(infos[2].is_public && infos[2].has_body);
    CX_EXPECT_EQ_I64(infos[2].num_args, 5);
    CX_EXPECT_EQ_I64(infos[2].num_results, 2);
  }
  CX_EXPECT(cx_module_find_function(m, "nope") == NULL);
  const cx_function_t* f = cx_module_find_function(m, "main");
  CX_EXPECT(f != NULL);
  if (!f) return;

  cx_type_info_t t;
  CX_EXPECT_OK(cx_function_type(f, false, 0, &t));
  CX_EXPECT(t.type_class == CX_TYPE_CLASS_TENSOR && t.elem == CX_ELEM_SI64 && t.rank == 0);
  CX_EXPECT_OK(cx_function_type(f, false, 1, &t));
  CX_EXPECT(t.type_class == CX_TYPE_CLASS_TOKEN);
  CX_EXPECT_OK(cx_function_type(f, false, 2, &t));
  CX_EXPECT(t.type_class == CX_TYPE_CLASS_TENSOR && t.elem == CX_ELEM_F32 && t.rank == 2);
  CX_EXPECT_EQ_I64(t.dims[0], -1);
  CX_EXPECT_EQ_I64(t.dims[1], 3);
  CX_EXPECT_EQ_I64(t.bounds[0], 5);   // the bound of the dynamic dimension
  CX_EXPECT_EQ_I64(t.bounds[1], -1);  // a static dimension has none
  CX_EXPECT_OK(cx_function_type(f, false, 3, &t));
  CX_EXPECT(t.quantized && t.elem == CX_ELEM_SI8);
  CX_EXPECT_OK(cx_function_type(f, false, 4, &t));
  CX_EXPECT(t.type_class == CX_TYPE_CLASS_TUPLE);
  CX_EXPECT_ERROR(cx_function_type(f, false, 5, &t));
  CX_EXPECT_ERROR(cx_function_type(f, true, 2, &t));

  char* s = NULL;
  CX_EXPECT_OK(cx_function_type_string(f, true, 0, false, &s));
  CX_EXPECT_STREQ(s, "tensor<?x3xf32, #stablehlo.bounds<5, ?>>");
  free(s);
  s = NULL;
  CX_EXPECT_OK(cx_function_type_string(f, false, 3, true, &s));
  CX_EXPECT_STREQ(s, "!quant.uniform<i8:f32, 5.000000e-01:3>");
  free(s);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

CX_TEST(fill_converts_like_convert) {
  int64_t dims[1] = {3};
  cx_buffer_view_t v;
  CX_EXPECT_OK(cx_buffer_view_allocate(CX_ELEM_BF16, 1, dims, &v));
  cx_buffer_view_fill(&v, 1.0);
  const uint16_t* b = v.data;
  CX_EXPECT_EQ_U64(b[0], 0x3F80);  // bf16 1.0
  CX_EXPECT_EQ_U64(b[2], 0x3F80);
  cx_buffer_view_free_data(&v);
  CX_EXPECT_OK(cx_buffer_view_allocate(CX_ELEM_SI8, 1, dims, &v));
  cx_buffer_view_fill(&v, 300.7);  // truncated, then saturated to 127
  CX_EXPECT_EQ_I64(((const int8_t*)v.data)[1], 127);
  cx_buffer_view_free_data(&v);
  CX_EXPECT_OK(cx_buffer_view_allocate(CX_ELEM_C64, 1, dims, &v));
  cx_buffer_view_fill(&v, 2.5);
  const float* c = v.data;
  CX_EXPECT(c[4] == 2.5f && c[5] == 0.0f);
  cx_buffer_view_free_data(&v);
}

CX_TEST(inputs_read_and_format_back) {
  cx_input_list_t list = {0};
  CX_EXPECT_OK(cx_input_parse("2x2xf32=1,2.5,-3,4", &list));
  CX_EXPECT_EQ_I64(list.count, 1);
  if (list.count != 1) return;
  cx_buffer_view_t v;
  CX_EXPECT_OK(cx_input_view(&list.items[0], CX_ELEM_F32, &v));
  cx_buffer_view_t wrong;
  CX_EXPECT_ERROR(cx_input_view(&list.items[0], CX_ELEM_SI32, &wrong));
  char* text = NULL;
  CX_EXPECT_OK(cx_buffer_view_format(&v, -1, &text));
  CX_EXPECT_STREQ(text, "2x2xf32=[1 2.5][-3 4]");  // iree-run-module's layout
  free(text);
  text = NULL;
  CX_EXPECT_OK(cx_buffer_view_format(&v, 2, &text));
  CX_EXPECT_STREQ(text, "2x2xf32=[1 2.5][...]");
  free(text);
  cx_input_list_free(&list);
}

int main(void) {
  CX_RUN(functions_in_order_with_their_signatures);
  CX_RUN(fill_converts_like_convert);
  CX_RUN(inputs_read_and_format_back);
  return CX_TEST_EXIT();
}
