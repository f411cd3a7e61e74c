// The random-number and print routines on their own (no IR, no compiler):
// Random123's known answers for ThreeFry2x32-20 and Philox4x32-10, XLA's
// layouts checked against each other (a 32-bit output is the words of the
// 64-bit output of the same state), the state updates, rng's intervals, and
// interpreter.print's format.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/routines_misc.h"
#include "support/float_formats.h"
#include "support/scalar.h"

typedef struct fake {
  cx_rt_executable_t exe;
  cx_rt_step_t step;
  cx_rt_routine_ctx_t ctx;
} fake_t;

static void fake_init(fake_t* f, char* strings, uint32_t strings_size,
                      const cx_rt_invoke_options_t* options) {
  memset(f, 0, sizeof(*f));
  f->exe.strings = strings;
  f->exe.strings_size = strings_size;
  f->ctx.exe = &f->exe;
  f->ctx.step = &f->step;
  f->ctx.max_threads = 1;
  f->ctx.options = options;
}

static cx_rt_shape_t shape(cx_elem_t e, uint32_t rank, const int64_t* dims) {
  cx_rt_shape_t s;
  memset(&s, 0, sizeof(s));
  s.elem = (int32_t)e;
  s.rank = rank;
  for (uint32_t d = 0; d < rank; d++) s.dims[d] = dims[d];
  return s;
}

// Runs rng_bit_generator on `state` (len words), output of `out`.
static cx_status_t bits(uint32_t alg, const uint64_t* state, uint32_t len, cx_rt_shape_t out,
                        uint64_t* new_state, void* data) {
  fake_t f;
  fake_init(&f, NULL, 0, NULL);
  cx_rt_rng_bits_params_t p = {out, alg, len};
  void* b[3] = {(void*)state, new_state, data};
  return cx_rt_routine_rng_bit_generator(&f.ctx, &p, b);
}

CX_TEST(threefry_known_answers) {
  // Threefry2x32-20 of counter 0 with key 0 is (0x6b200159, 0x99ba4efe).
  uint64_t s[2] = {0, 0}, ns[2];
  uint64_t v64;
  CX_EXPECT_OK(bits(CX_RT_RNG_THREE_FRY, s, 2, shape(CX_ELEM_UI64, 0, NULL), ns, &v64));
  CX_EXPECT_EQ_U64(v64, 0x99ba4efe6b200159ull);
  CX_EXPECT_EQ_U64(ns[0], 0);
  CX_EXPECT_EQ_U64(ns[1], 1);
  uint32_t v32[2];
  int64_t two = 2;
  CX_EXPECT_OK(bits(CX_RT_RNG_THREE_FRY, s, 2, shape(CX_ELEM_UI32, 1, &two), ns, v32));
  CX_EXPECT_EQ_U64(v32[0], 0x6b200159u);
  CX_EXPECT_EQ_U64(v32[1], 0x99ba4efeu);
  CX_EXPECT_EQ_U64(ns[1], 1);  // one call made two 32-bit outputs
}

CX_TEST(philox_known_answers) {
  // Random123's third Philox4x32-10 vector: counter (0x243f6a88, 0x85a308d3,
  // 0x13198a2e, 0x03707344), key (0xa4093822, 0x299f31d0).
  uint64_t s[3] = {0x299f31d0a4093822ull, 0x85a308d3243f6a88ull, 0x0370734413198a2eull}, ns[3];
  uint32_t v[4];
  int64_t four = 4;
  CX_EXPECT_OK(bits(CX_RT_RNG_PHILOX, s, 3, shape(CX_ELEM_UI32, 1, &four), ns, v));
  CX_EXPECT_EQ_U64(v[0], 0xd16cfe09u);
  CX_EXPECT_EQ_U64(v[1], 0x94fdccebu);
  CX_EXPECT_EQ_U64(v[2], 0x5001e420u);
  CX_EXPECT_EQ_U64(v[3], 0x24126ea1u);
  CX_EXPECT_EQ_U64(ns[0], s[0]);
  CX_EXPECT_EQ_U64(ns[1], s[1] + 1);
  CX_EXPECT_EQ_U64(ns[2], s[2]);
}

// A 32-bit Philox output is the words of the 64-bit output, in order; a
// 2-word state is a 3-word state whose counter's high word is the key.
CX_TEST(philox_layouts_agree) {
  uint64_t s3[3] = {77, 5, 77}, s2[2] = {77, 5}, ns3[3], ns2[2];
  int64_t n64 = 7, n32 = 14;
  uint64_t w[7];
  uint32_t h[14];
  CX_EXPECT_OK(bits(CX_RT_RNG_PHILOX, s3, 3, shape(CX_ELEM_UI64, 1, &n64), ns3, w));
  CX_EXPECT_OK(bits(CX_RT_RNG_PHILOX, s2, 2, shape(CX_ELEM_UI32, 1, &n32), ns2, h));
  for (int k = 0; k < 7; k++) {
    CX_EXPECT_EQ_U64(h[2 * k], (uint32_t)w[k]);
    CX_EXPECT_EQ_U64(h[2 * k + 1], (uint32_t)(w[k] >> 32));
  }
  CX_EXPECT_EQ_U64(ns3[1], 5 + 4);  // 7 64-bit values take 4 blocks
  CX_EXPECT_EQ_U64(ns2[1], 5 + 4);  // 14 32-bit values too
  // The 128-bit counter carries into its high word.
  uint64_t c[3] = {1, UINT64_MAX, 41}, nc[3];
  uint32_t x[8];
  int64_t eight = 8;
  CX_EXPECT_OK(bits(CX_RT_RNG_PHILOX, c, 3, shape(CX_ELEM_UI32, 1, &eight), nc, x));
  CX_EXPECT_EQ_U64(nc[1], 1);
  CX_EXPECT_EQ_U64(nc[2], 42);
  uint64_t d[3] = {1, 0, 42}, nd[3];
  uint32_t y[4];
  int64_t four_ = 4;
  CX_EXPECT_OK(bits(CX_RT_RNG_PHILOX, d, 3, shape(CX_ELEM_UI32, 1, &four_), nd, y));
  for (int k = 0; k < 4; k++) CX_EXPECT_EQ_U64(x[4 + k], y[k]);
}

// ThreeFry's 32-bit layout pairs neighbours along the first even dim: in a
// [3, 4] output, elements (i, 2h) and (i, 2h + 1) are the two words of the
// 64-bit output at (i, h) of a [3, 2] output.
CX_TEST(threefry_layout_pairs_neighbours) {
  uint64_t s[2] = {0x1234, 99}, ns32[2], ns64[2];
  int64_t d32[2] = {3, 4}, d64[2] = {3, 2};
  uint32_t a[12];
  uint64_t b[6];
  CX_EXPECT_OK(bits(CX_RT_RNG_THREE_FRY, s, 2, shape(CX_ELEM_UI32, 2, d32), ns32, a));
  CX_EXPECT_OK(bits(CX_RT_RNG_THREE_FRY, s, 2, shape(CX_ELEM_UI64, 2, d64), ns64, b));
  for (int i = 0; i < 3; i++)
    for (int h = 0; h < 2; h++) {
      CX_EXPECT_EQ_U64(a[i * 4 + 2 * h], (uint32_t)b[i * 2 + h]);
      CX_EXPECT_EQ_U64(a[i * 4 + 2 * h + 1], (uint32_t)(b[i * 2 + h] >> 32));
    }
  CX_EXPECT_EQ_U64(ns32[1], 99 + 6);
  CX_EXPECT_EQ_U64(ns64[1], 99 + 6);
  // No even dim: the largest is split, and its odd end uses one word only.
  int64_t odd[2] = {3, 5}, half[2] = {3, 3};
  uint16_t o[15];
  uint64_t q[9];
  CX_EXPECT_OK(bits(CX_RT_RNG_THREE_FRY, s, 2, shape(CX_ELEM_UI16, 2, odd), ns32, o));
  CX_EXPECT_OK(bits(CX_RT_RNG_THREE_FRY, s, 2, shape(CX_ELEM_UI64, 2, half), ns64, q));
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 5; j++)
      CX_EXPECT_EQ_U64(o[i * 5 + j], (uint16_t)(q[i * 3 + j / 2] >> (j % 2 ? 32 : 0)));
  CX_EXPECT_EQ_U64(ns32[1], 99 + 9);
}

// Narrow floats get their raw bits: an f6 keeps 6 of them.
CX_TEST(bits_of_narrow_floats) {
  uint64_t s[2] = {3, 3}, ns[2];
  int64_t n = 64;
  uint8_t f6[64];
  CX_EXPECT_OK(bits(CX_RT_RNG_PHILOX, s, 2, shape(CX_ELEM_F6E3M2FN, 1, &n), ns, f6));
  uint8_t any = 0;
  for (int k = 0; k < 64; k++) {
    CX_EXPECT(f6[k] < 64);
    any |= f6[k];
  }
  CX_EXPECT_EQ_U64(any, 63);
}

static cx_status_t rng(uint32_t dist, cx_elem_t e, const void* a, const void* b, int64_t n,
                       void* out) {
  fake_t f;
  fake_init(&f, NULL, 0, NULL);
  cx_rt_rng_params_t p = {shape(e, 1, &n), dist, {1234, 0x52494E47u}};
  void* bufs[3] = {(void*)a, (void*)b, out};
  return cx_rt_routine_rng(&f.ctx, &p, bufs);
}

CX_TEST(rng_intervals) {
  // bf16 in [1, 1.0078125): one value below b, so every draw is a.
  uint16_t a, b, v[200];
  cx_store_float(CX_ELEM_BF16, &a, 1.0);
  cx_store_float(CX_ELEM_BF16, &b, 1.0078125);
  CX_EXPECT_OK(rng(CX_RT_RNG_UNIFORM, CX_ELEM_BF16, &a, &b, 200, v));
  for (int k = 0; k < 200; k++) CX_EXPECT_EQ_U64(v[k], a);
  // Integers stay in [a, b) and reach both ends.
  int8_t lo = -3, hi = 3, w[400];
  CX_EXPECT_OK(rng(CX_RT_RNG_UNIFORM, CX_ELEM_SI8, &lo, &hi, 400, w));
  int seen[6] = {0};
  for (int k = 0; k < 400; k++) {
    CX_EXPECT(w[k] >= -3 && w[k] < 3);
    if (w[k] >= -3 && w[k] < 3) seen[w[k] + 3]++;
  }
  for (int k = 0; k < 6; k++) CX_EXPECT(seen[k] > 0);
  // An empty interval gives a.
  int8_t e[5];
  CX_EXPECT_OK(rng(CX_RT_RNG_UNIFORM, CX_ELEM_SI8, &hi, &lo, 5, e));
  for (int k = 0; k < 5; k++) CX_EXPECT_EQ_I64(e[k], 3);
  // Normal draws have about the asked mean and deviation.
  double mu = 5.0, sigma = 2.0, x[4000], sum = 0, sq = 0;
  CX_EXPECT_OK(rng(CX_RT_RNG_NORMAL, CX_ELEM_F64, &mu, &sigma, 4000, x));
  for (int k = 0; k < 4000; k++) {
    sum += x[k];
    sq += (x[k] - 5.0) * (x[k] - 5.0);
  }
  CX_EXPECT_NEAR(sum / 4000, 5.0, 0.15);
  CX_EXPECT_NEAR(sqrt(sq / 4000), 2.0, 0.15);
}

static char* print_value(const char* header, cx_rt_shape_t s, bool is_tensor, const void* data) {
  char strings[64];
  snprintf(strings, sizeof strings, "%s", header);
  char* text = NULL;
  size_t len = 0;
  FILE* out = open_memstream(&text, &len);
  cx_rt_invoke_options_t o;
  memset(&o, 0, sizeof(o));
  o.print_output = out;
  fake_t f;
  fake_init(&f, strings, (uint32_t)strlen(strings) + 1, &o);
  cx_rt_print_params_t p = {s, 0, is_tensor};
  void* b[1] = {(void*)data};
  cx_status_t st = cx_rt_routine_print(&f.ctx, &p, b);
  fclose(out);
  if (st) {
    cx_status_free(st);
    free(text);
    return NULL;
  }
  return text;
}

CX_TEST(print_format) {
  int64_t d[2] = {2, 2};
  int8_t m[4] = {1, -2, 3, 4};
  char* t = print_value("%0 = tensor<2x2xi8>", shape(CX_ELEM_SI8, 2, d), true, m);
  CX_EXPECT_STREQ(t, "%0 = tensor<2x2xi8> {\n  [\n    [1, -2],\n    [3, 4]\n  ]\n}\n");
  free(t);
  uint8_t u = 255;
  t = print_value("tensor<ui8>", shape(CX_ELEM_UI8, 0, NULL), true, &u);
  CX_EXPECT_STREQ(t, "tensor<ui8> {255}\n");
  free(t);
  float c[2] = {1.0f, -0.5f};
  int64_t one = 1;
  t = print_value("%0 = tensor<1xcomplex<f32>>", shape(CX_ELEM_C64, 1, &one), true, c);
  CX_EXPECT_STREQ(t, "%0 = tensor<1xcomplex<f32>> {\n  [[1.000000e+00, -5.000000e-01]]\n}\n");
  free(t);
  t = print_value("%0 = !stablehlo.token", shape(CX_ELEM_INVALID, 0, NULL), false, NULL);
  CX_EXPECT_STREQ(t, "%0 = !stablehlo.token\n");
  free(t);
}

int main(void) {
  CX_RUN(threefry_known_answers);
  CX_RUN(philox_known_answers);
  CX_RUN(philox_layouts_agree);
  CX_RUN(threefry_layout_pairs_neighbours);
  CX_RUN(bits_of_narrow_floats);
  CX_RUN(rng_intervals);
  CX_RUN(print_format);
  return CX_TEST_EXIT();
}
