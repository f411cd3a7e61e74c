// Attribute hashing (content-covering, consistent with equality), deep
// copies across modules, and the release of large dense payloads.
#include "ir/attrs.h"

#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/module.h"
#include "ir/builder.h"
#include "ir/ir.h"
#include "ir/ir_test_util.h"

enum { kMax = 512 };
static const cx_attr_t* g_attrs[kMax];
static int g_n;

static void add(const cx_attr_t* a) {
  CX_EXPECT(a != NULL);
  if (a && g_n < kMax) g_attrs[g_n++] = a;
}

static const cx_type_t* elem(cx_elem_t e) { return cx_type_element(g_ctx, e); }

static const cx_type_t* tensor1(cx_elem_t e, int64_t n) {
  return cx_type_tensor(g_ctx, elem(e), 1, &n, NULL);
}

// The attributes a program commonly carries, each distinct from the others:
// integers and floats of two types, strings, every permutation of three
// dims, integer lists of one type that differ in one entry or in length,
// small dense constants that differ in one element, structured attributes
// that differ in one field, enums, arrays and dictionaries.
static void build_common(cx_arena_t* ar) {
  for (int i = 0; i < 40; i++) {
    add(cx_attr_integer(ar, elem(CX_ELEM_SI64), i));
    add(cx_attr_integer(ar, elem(CX_ELEM_SI32), i));
    add(cx_attr_float(ar, elem(CX_ELEM_F32), i * 0.5));
  }
  add(cx_attr_float(ar, elem(CX_ELEM_F32), -0.0));
  const char* strs[] = {"", "a", "b", "ab", "ba", "main", "foo"};
  for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
    add(cx_attr_string(ar, strs[i], strlen(strs[i])));
    add(cx_attr_symbol_ref(ar, strs[i], strlen(strs[i])));
  }
  const int64_t perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int i = 0; i < 6; i++) add(cx_attr_dense_i64_array(ar, elem(CX_ELEM_SI64), 3, perms[i]));
  int64_t ones[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  for (uint32_t len = 0; len <= 8; len++)
    add(cx_attr_dense_i64_array(ar, elem(CX_ELEM_SI64), len, ones));
  for (int i = 0; i < 8; i++) {
    int64_t v[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    v[i] = 2;
    add(cx_attr_dense_i64_array(ar, elem(CX_ELEM_SI64), 8, v));
  }
  for (int i = 0; i < 16; i++) {
    float data[16];
    for (int k = 0; k < 16; k++) data[k] = (float)k;
    data[i] = -1.0f;
    add(cx_attr_dense(ar, tensor1(CX_ELEM_F32, 16), data, sizeof(data), false, false));
  }
  for (int i = 0; i < 6; i++) add(cx_attr_enum(ar, CX_ENUM_COMPARISON_DIRECTION, i));
  for (int i = 0; i < 3; i++) add(cx_attr_enum(ar, CX_ENUM_PRECISION, i));
  for (int f = 0; f < 4; f++) {
    cx_attr_t* g = cx_attr_new(ar, CX_ATTR_GATHER);
    int64_t d[2] = {0, f};
    cx_i64_list_copy(ar, d, 2, &g->gather.offset_dims);
    cx_i64_list_copy(ar, d, 1, &g->gather.start_index_map);
    g->gather.index_vector_dim = 1;
    add(g);
  }
  for (int m = 0; m < 3; m++) {
    cx_attr_t* r = cx_attr_new(ar, CX_ATTR_RESULT_ACCURACY);
    r->result_accuracy.mode = m;
    add(r);
  }
  const cx_attr_t* items[2] = {g_attrs[0], g_attrs[3]};
  add(cx_attr_array(ar, 2, items));
  const cx_attr_t* swapped[2] = {g_attrs[3], g_attrs[0]};
  add(cx_attr_array(ar, 2, swapped));
  cx_named_attr_t e1[1] = {{g_ctx->names[CX_NAME_dimension], g_attrs[0]}};
  cx_named_attr_t e2[1] = {{g_ctx->names[CX_NAME_dimension], g_attrs[3]}};
  cx_named_attr_t e3[1] = {{g_ctx->names[CX_NAME_value], g_attrs[0]}};
  add(cx_attr_dict(ar, 1, e1));
  add(cx_attr_dict(ar, 1, e2));
  add(cx_attr_dict(ar, 1, e3));
}

CX_TEST(distinct_attributes_hash_differently) {
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_create(g_ctx, &m));
  g_n = 0;
  build_common(&m->arena);
  int collisions = 0;
  for (int i = 0; i < g_n; i++) {
    for (int j = i + 1; j < g_n; j++) {
      if (cx_attr_equal(g_attrs[i], g_attrs[j])) CX_FAIL_("attributes %d and %d are equal", i, j);
      if (cx_attr_hash(g_attrs[i]) == cx_attr_hash(g_attrs[j])) collisions++;
    }
  }
  CX_EXPECT(g_n > 180);
  CX_EXPECT_EQ_I64(collisions, 0);
  // Equal attributes (deep copies, in another module) hash alike.
  cx_module_t* other;
  CX_EXPECT_OK(cx_module_create(g_ctx, &other));
  for (int i = 0; i < g_n; i++) {
    const cx_attr_t* c = cx_attr_copy(other, g_attrs[i]);
    CX_EXPECT(c && c != g_attrs[i] && cx_attr_equal(c, g_attrs[i]));
    if (c) CX_EXPECT_EQ_U64(cx_attr_hash(c), cx_attr_hash(g_attrs[i]));
  }
  cx_module_destroy(other);
  cx_module_destroy(m);
}

// Large constants are hashed by a sample, but one that differs in its first
// or last bytes, or in length, still hashes differently; equal ones alike.
CX_TEST(large_dense_hash) {
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_create(g_ctx, &m));
  size_t n = 1 << 20;
  uint8_t* data = calloc(n, 1);
  if (!data) return;
  int64_t dims = (int64_t)n;
  const cx_type_t* t = cx_type_tensor(g_ctx, elem(CX_ELEM_SI8), 1, &dims, NULL);
  const cx_attr_t* a = cx_module_attr_dense(m, t, data, n, false);
  data[0] = 1;
  const cx_attr_t* b = cx_module_attr_dense(m, t, data, n, false);
  data[0] = 0;
  data[n - 1] = 1;
  const cx_attr_t* c = cx_module_attr_dense(m, t, data, n, false);
  data[n - 1] = 0;
  const cx_attr_t* same = cx_module_attr_dense(m, t, data, n, false);
  CX_EXPECT(a && b && c && same);
  if (a && b && c && same) {
    CX_EXPECT(cx_attr_hash(a) != cx_attr_hash(b));
    CX_EXPECT(cx_attr_hash(a) != cx_attr_hash(c));
    CX_EXPECT_EQ_U64(cx_attr_hash(a), cx_attr_hash(same));
    CX_EXPECT(cx_attr_equal(a, same) && !cx_attr_equal(a, b));
  }
  free(data);
  cx_module_destroy(m);
}

// A constant a pass replaces gives its payload back; the one in use stays,
// and a copy into another module owns its own payload.
CX_TEST(unused_payloads_are_released) {
  const char* text =
      "func.func @f() -> tensor<32768xf32> {\n"
      "  %0 = stablehlo.constant dense<1.500000e+00> : tensor<32768xf32>\n"
      "  return %0 : tensor<32768xf32>\n"
      "}\n";
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(g_ctx, text, strlen(text), NULL, &m));
  if (!m) return;
  cx_op_t* cst = cx_func_body(cx_module_block(m)->first_op)->first_op;
  const cx_type_t* t = cst->results[0].type;
  size_t n = 32768 * sizeof(float);
  float* data = malloc(n);
  for (size_t i = 0; i < 32768; i++) data[i] = (float)i;
  const cx_attr_t* big;
  CX_EXPECT_OK(cx_attr_dense_from_buffer(m, t, data, n, &big));
  size_t before = m->payload_bytes;
  CX_EXPECT(before >= n);  // a payload, not arena memory
  const char* value = g_ctx->names[CX_NAME_value];
  CX_EXPECT_OK(cx_op_set_attr(m, cst, value, big));
  size_t freed = 1;
  CX_EXPECT_OK(cx_module_release_unused_payloads(m, &freed));
  CX_EXPECT_EQ_I64(freed, 0);  // still used by the constant
  // A second replacement leaves the first payload unused.
  data[0] = -1;
  const cx_attr_t* other;
  CX_EXPECT_OK(cx_attr_dense_from_buffer(m, t, data, n, &other));
  CX_EXPECT_OK(cx_op_set_attr(m, cst, value, other));
  CX_EXPECT_OK(cx_module_release_unused_payloads(m, &freed));
  CX_EXPECT_EQ_I64(freed, n);
  CX_EXPECT_EQ_I64(m->payload_bytes, before);
  const cx_attr_t* v = cx_op_attr(cst, value);
  CX_EXPECT(v == other && ((const float*)v->dense.data)[0] == -1 &&
            ((const float*)v->dense.data)[5] == 5.0f);

  // A copy into another module lives on after this one is gone.
  cx_module_t* dst;
  CX_EXPECT_OK(cx_module_create(g_ctx, &dst));
  const cx_attr_t* copy = cx_attr_copy(dst, v);
  CX_EXPECT(copy && dst->payload_bytes == n && copy->dense.data != v->dense.data);
  cx_module_destroy(m);
  if (copy) CX_EXPECT(((const float*)copy->dense.data)[7] == 7.0f && cx_attr_hash(copy) != 0);
  cx_module_destroy(dst);
  free(data);
}

IR_TEST_MAIN(IR_TEST(distinct_attributes_hash_differently), IR_TEST(large_dense_hash),
             IR_TEST(unused_payloads_are_released))
