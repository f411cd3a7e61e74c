// Tests of the --input syntax, NumPy dtype mapping, value printing and probe
// file naming.
#include "interp/input_spec.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cx_test.h"
#include "interp/probe.h"
#include "support/strbuf.h"

static cx_input_t parse_ok(const char* text) {
  cx_input_t in;
  cx_status_t st = cx_input_parse_literal(text, &in);
  if (st) {
    CX_FAIL_("'%s' failed: %s", text, cx_status_message(st));
    cx_status_free(st);
  }
  return in;
}

static void expect_error_containing(const char* text, const char* needle) {
  cx_input_t in;
  cx_status_t st = cx_input_parse_literal(text, &in);
  free(in.data);
  if (!st) {
    CX_FAIL_("'%s' parsed but should not", text);
    return;
  }
  if (!strstr(cx_status_message(st), needle))
    CX_FAIL_("'%s': message '%s' lacks '%s'", text, cx_status_message(st), needle);
  cx_status_free(st);
}

CX_TEST(literal_shapes_and_values) {
  cx_input_t in = parse_ok("2x3xf32=1,2,3,4,5,6");
  CX_EXPECT_EQ_I64(in.elem, CX_ELEM_F32);
  CX_EXPECT_EQ_I64(in.rank, 2);
  CX_EXPECT_EQ_I64(in.dims[0], 2);
  CX_EXPECT_EQ_I64(in.dims[1], 3);
  CX_EXPECT_EQ_I64(in.nbytes, 24);
  CX_EXPECT_NEAR(((float*)in.data)[5], 6.0, 0);
  free(in.data);

  in = parse_ok("f32=3.5");
  CX_EXPECT_EQ_I64(in.rank, 0);
  CX_EXPECT_NEAR(((float*)in.data)[0], 3.5, 0);
  free(in.data);

  in = parse_ok("2xi1=true,false");
  CX_EXPECT_EQ_I64(in.elem, CX_ELEM_I1);
  CX_EXPECT_EQ_I64(((uint8_t*)in.data)[0], 1);
  CX_EXPECT_EQ_I64(((uint8_t*)in.data)[1], 0);
  free(in.data);

  // Brackets and spaces, hex, a splat, zero-fill, negative sub-byte ints.
  in = parse_ok("2x2xi32=[[1 2] [0x10 -4]]");
  CX_EXPECT_EQ_I64(((int32_t*)in.data)[2], 16);
  CX_EXPECT_EQ_I64(((int32_t*)in.data)[3], -4);
  free(in.data);
  in = parse_ok("3xui16=7");
  CX_EXPECT_EQ_I64(((uint16_t*)in.data)[2], 7);
  free(in.data);
  in = parse_ok("4xf64");
  CX_EXPECT_NEAR(((double*)in.data)[3], 0.0, 0);
  free(in.data);
  in = parse_ok("2xi4=-8,7");
  CX_EXPECT_EQ_I64(((int8_t*)in.data)[0], -8);
  free(in.data);
  in = parse_ok("0x3xf32=");
  CX_EXPECT_EQ_I64(in.nbytes, 0);
  free(in.data);
  in = parse_ok("2x0xf32=1");  // a splat of an empty tensor
  CX_EXPECT_EQ_I64(in.nbytes, 0);
  free(in.data);

  // Floats round to the element type: 0.1 in bf16 is 0x3DCD.
  in = parse_ok("bf16=0.1");
  uint16_t bits;
  memcpy(&bits, in.data, 2);
  CX_EXPECT_EQ_U64(bits, 0x3DCD);
  free(in.data);

  in = parse_ok("2xcomplex<f32>=(1,-2),3");
  CX_EXPECT_NEAR(((float*)in.data)[1], -2.0, 0);
  CX_EXPECT_NEAR(((float*)in.data)[2], 3.0, 0);
  CX_EXPECT_NEAR(((float*)in.data)[3], 0.0, 0);
  free(in.data);
}

CX_TEST(literal_errors) {
  expect_error_containing("2x3xf32=1,2,3", "3 values given for a tensor of 6");
  expect_error_containing("2xq7=1,2", "unknown element type");
  expect_error_containing("2xi8=1,300", "out of range");
  expect_error_containing("ui8=-1", "negative");
  expect_error_containing("2xi4=8,0", "out of range");
  expect_error_containing("i1=maybe", "true, false");
  expect_error_containing("f32=abc", "not a valid f32");
  // Checked even where the value has no place to go.
  expect_error_containing("0xi32=abc", "'abc' is not a valid i32");
  expect_error_containing("0x3xf32=1,x", "'x' is not a valid f32");
  expect_error_containing("2xyxf32=1", "unknown element type");
}

CX_TEST(npy_dtypes) {
  CX_EXPECT_STREQ(cx_npy_descr_for_elem(CX_ELEM_F32), "<f4");
  CX_EXPECT_STREQ(cx_npy_descr_for_elem(CX_ELEM_I1), "|b1");
  CX_EXPECT_STREQ(cx_npy_descr_for_elem(CX_ELEM_SI4), "|i1");
  CX_EXPECT_STREQ(cx_npy_descr_for_elem(CX_ELEM_BF16), "<V2");
  CX_EXPECT_STREQ(cx_npy_descr_for_elem(CX_ELEM_F8E4M3FN), "|V1");
  CX_EXPECT_STREQ(cx_npy_descr_for_elem(CX_ELEM_C128), "<c16");
  CX_EXPECT(cx_npy_descr_fits("<V2", CX_ELEM_BF16));
  CX_EXPECT(cx_npy_descr_fits("<u2", CX_ELEM_BF16));
  CX_EXPECT(cx_npy_descr_fits("|V1", CX_ELEM_F8E5M2));
  CX_EXPECT(!cx_npy_descr_fits("<V2", CX_ELEM_F16));  // f16 has a real dtype
  CX_EXPECT(!cx_npy_descr_fits("<f8", CX_ELEM_F32));
  CX_EXPECT(!cx_npy_descr_fits("<i4", CX_ELEM_UI32));
  CX_EXPECT_EQ_I64(cx_elem_from_npy_descr("<c8"), CX_ELEM_C64);
  CX_EXPECT_EQ_I64(cx_elem_from_npy_descr("<V2"), CX_ELEM_INVALID);
}

CX_TEST(view_checks_element_type_and_range) {
  cx_input_t in = parse_ok("2xi8=5,-3");
  cx_buffer_view_t v;
  CX_EXPECT_OK(cx_input_view(&in, CX_ELEM_SI8, &v));
  CX_EXPECT_ERROR(cx_input_view(&in, CX_ELEM_UI8, &v));
  free(in.data);
  // A NumPy int8 array read as si4 must hold values in [-8, 7].
  int8_t bytes[2] = {3, 9};
  cx_input_t raw;
  memset(&raw, 0, sizeof(raw));
  strcpy(raw.descr, "|i1");
  strcpy(raw.source, "x.npy");
  raw.rank = 1;
  raw.dims[0] = 2;
  raw.data = bytes;
  raw.nbytes = 2;
  CX_EXPECT_ERROR(cx_input_view(&raw, CX_ELEM_SI4, &v));
  bytes[1] = -8;
  CX_EXPECT_OK(cx_input_view(&raw, CX_ELEM_SI4, &v));
}

static void expect_format(const char* literal, int64_t max, const char* want) {
  cx_input_t in = parse_ok(literal);
  cx_buffer_view_t v;
  CX_EXPECT_OK(cx_input_view(&in, in.elem, &v));
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_format_buffer_view(&sb, &v, max);
  CX_EXPECT_STREQ(sb.data, want);
  cx_strbuf_free(&sb);
  free(in.data);
}

CX_TEST(formatting_like_iree) {
  // iree_hal_format_buffer_elements: brackets around the rows of inner
  // dimensions, none for a 1-D tensor; printf %G for floats.
  expect_format("2x3xf32=1,2.5,3,4,5,6", -1, "2x3xf32=[1 2.5 3][4 5 6]");
  expect_format("2x2x2xf32=1,2,3,4,5,6,7,8", -1, "2x2x2xf32=[[1 2][3 4]][[5 6][7 8]]");
  expect_format("3xi32=1,-2,3", -1, "3xi32=1 -2 3");
  expect_format("f32=0.1", -1, "f32=0.1");
  expect_format("3xi1=1,0,1", -1, "3xi1=01 00 01");  // IREE prints booleans' bytes in hex
  expect_format("2xui64=18446744073709551615,0", -1, "2xui64=18446744073709551615 0");
  expect_format("2xf32=inf,-nan", -1, "2xf32=INF -NAN");
  expect_format("6xf32=10,130,448,999999,1000000,1e7", -1,
                "6xf32=10 130 448 999999 1E+06 1E+07");
  expect_format("3xf32=0.0001,0.00001,3.14159265", -1, "3xf32=0.0001 1E-05 3.14159");
  expect_format("3xbf16=10,448,1000", -1, "3xbf16=10 448 1000");
  expect_format("2xf8E4M3FN=448,96", -1, "2xf8E4M3FN=448 96");
  expect_format("complex<f64>=(1.5,-2)", -1, "cf128=(1.5,-2)");
  expect_format("2xcf64=(10,-130),1", -1, "2xcf64=(10,-130) (1,0)");
  // Empty tensors print nothing after '=' (or empty rows).
  expect_format("0x2xf32", -1, "0x2xf32=");
  expect_format("2x0xf32", -1, "2x0xf32=[][]");
  expect_format("0xf32", -1, "0xf32=");
  // The element budget: the row it runs out in ends with "...", and every
  // later row is "..." alone.
  expect_format("5xi32=1,2,3,4,5", 3, "5xi32=1 2 3...");
  expect_format("3x4xi32=1,2,3,4,5,6,7,8,9,10,11,12", 5, "3x4xi32=[1 2 3 4][5...][...]");
  expect_format("2x2xi32=1,2,3,4", 4, "2x2xi32=[1 2][3 4]");
  expect_format("i32=7", 0, "i32=...");
}

CX_TEST(probe_paths) {
  cx_interp_options_t o = {.probe_dir = "/d"};
  char* p = NULL;
  CX_EXPECT_OK(cx_probe_path(&o, "probe_i1", 0, &p));
  CX_EXPECT_STREQ(p, "/d/probe_i1.npy");
  free(p);
  CX_EXPECT_OK(cx_probe_path(&o, "probe/0.x", 2, &p));
  CX_EXPECT_STREQ(p, "/d/probe%2F0%2Ex.2.npy");
  free(p);
  cx_interp_options_t none = {.probe_dir = NULL};
  CX_EXPECT_ERROR(cx_probe_path(&none, "x", 0, &p));
}

int main(void) {
  CX_RUN(literal_shapes_and_values);
  CX_RUN(literal_errors);
  CX_RUN(npy_dtypes);
  CX_RUN(view_checks_element_type_and_range);
  CX_RUN(formatting_like_iree);
  CX_RUN(probe_paths);
  return CX_TEST_EXIT();
}
