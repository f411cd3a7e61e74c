// Building IR: cx_op_build / cx_build (including that a failed build leaves
// no use behind), insertion points, typed attributes, splats in every
// element format, dense buffers and constants (built constants must equal
// the parsed spelling of the same literal).
#include "ir/builder.h"

#include <math.h>

#include "ir/ir_test_util.h"
#include "ir/walk.h"


static const char kFunc[] =
    "func.func @main(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {\n"
    "  %0 = stablehlo.add %a, %b : tensor<2xf32>\n"
    "  return %0 : tensor<2xf32>\n"
    "}\n";

static const cx_type_t* tensor_of(cx_elem_t e, uint32_t rank, const int64_t* dims) {
  return cx_type_tensor(g_ctx, cx_type_element(g_ctx, e), rank, dims, NULL);
}

CX_TEST(builder_inserts_in_order) {
  cx_module_t* m = ir_parse(g_ctx, kFunc);
  if (!m) return;
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  cx_op_t* add = body->first_op;
  cx_op_t* ret = body->last_op;
  cx_value_t* a = body->args[0];
  cx_builder_t b;
  cx_builder_init(&b, m);
  b.loc.file = cx_intern(g_ctx, "built.py", 8);
  b.loc.line = 7;
  cx_builder_set_after(&b, add);
  cx_value_t *n1, *n2;
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_NEGATE, 1, &a, a->type, 0, NULL, &n1));
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_NEGATE, 1, &n1, a->type, 0, NULL, &n2));
  if (!n1 || !n2) goto out;
  // Consecutive builds go in build order, between add and return.
  CX_EXPECT(add->next == n1->def_op && n1->def_op->next == n2->def_op && n2->def_op->next == ret);
  CX_EXPECT(n1->def_op->loc.line == 7 && n1->def_op->loc.file == b.loc.file);
  CX_EXPECT(cx_op_operand(n2->def_op, 0) == n1 && cx_value_num_uses(n1) == 1);
  cx_op_set_operand(ret, 0, n2);
  IR_EXPECT_VERIFIES(m);
  // At the start and at the end.
  cx_builder_set_at_start(&b, body);
  cx_value_t* first;
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_ABS, 1, &a, a->type, 0, NULL, &first));
  CX_EXPECT(first && body->first_op == first->def_op);
  cx_builder_set_at_end(&b, body);
  cx_value_t* last;
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_ABS, 1, &a, a->type, 0, NULL, &last));
  CX_EXPECT(last && body->last_op == last->def_op);
  // A builder without a block creates ops that are nowhere.
  cx_builder_t loose;
  cx_builder_init(&loose, m);
  cx_value_t* free_op;
  CX_EXPECT_OK(cx_build_value(&loose, CX_OP_ABS, 1, &a, a->type, 0, NULL, &free_op));
  CX_EXPECT(free_op && free_op->def_op->block == NULL);
out:
  cx_module_destroy(m);
}

CX_TEST(build_checks_counts_and_operands) {
  cx_module_t* m = ir_parse(g_ctx, kFunc);
  if (!m) return;
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  cx_value_t* a = body->args[0];
  uint32_t uses = cx_value_num_uses(a);
  uint32_t ops = ir_count_ops(body);
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, body->last_op);
  cx_value_t* three[3] = {a, a, a};
  cx_value_t* v = (cx_value_t*)1;
  cx_status_t st = cx_build_value(&b, CX_OP_ADD, 3, three, a->type, 0, NULL, &v);
  CX_EXPECT(st && strstr(cx_status_message(st), "'stablehlo.add' with 3 operands"));
  cx_status_free(st);
  CX_EXPECT(v == NULL);
  cx_value_t* missing[2] = {a, NULL};
  st = cx_build_value(&b, CX_OP_ADD, 2, missing, a->type, 0, NULL, &v);
  CX_EXPECT(st && strstr(cx_status_message(st), "operand #1 is missing"));
  cx_status_free(st);
  cx_op_state_t s = {.kind = CX_OP_COUNT};
  cx_op_t* op;
  st = cx_op_build(m, &s, &op);
  CX_EXPECT(st != NULL && op == NULL);
  cx_status_free(st);
  s.kind = CX_OP_UNKNOWN;  // needs a name
  st = cx_op_build(m, &s, &op);
  CX_EXPECT(st != NULL);
  cx_status_free(st);
  // Out of value ids: nothing is created or linked.
  uint32_t saved = m->next_value_id;
  m->next_value_id = UINT32_MAX;
  st = cx_build_value(&b, CX_OP_NEGATE, 1, &a, a->type, 0, NULL, &v);
  CX_EXPECT(st && cx_status_code(st) == CX_OUT_OF_RANGE);
  cx_status_free(st);
  m->next_value_id = saved;
  CX_EXPECT_EQ_U64(cx_value_num_uses(a), uses);
  CX_EXPECT_EQ_U64(ir_count_ops(body), ops);
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

// An allocator that fails every new allocation while `fail` is set.
typedef struct failing {
  bool fail;
} failing_t;

static void* failing_fn(void* self, void* ptr, size_t size) {
  failing_t* f = self;
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  if (f->fail) return NULL;
  return realloc(ptr, size);
}

CX_TEST(failed_build_links_nothing) {
  failing_t f = {false};
  cx_allocator_t al = {failing_fn, &f};
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(al, &ctx));
  if (!ctx) return;
  cx_module_t* m = ir_parse(ctx, kFunc);
  if (!m) {
    cx_context_destroy(ctx);
    return;
  }
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  cx_value_t* a = body->args[0];
  uint32_t uses = cx_value_num_uses(a);
  // Operands fit in the arena's current chunk; a million result types do
  // not, so the build fails after the operands were allocated.
  enum { kResults = 1 << 20 };
  const cx_type_t** types = malloc(kResults * sizeof(*types));
  if (!types) goto out;
  for (int i = 0; i < kResults; i++) types[i] = a->type;
  cx_value_t* operands[2] = {a, a};
  cx_op_state_t s = {.kind = CX_OP_CUSTOM_CALL, .num_operands = 2, .operands = operands,
                     .num_results = kResults, .result_types = types};
  cx_op_t* op = (cx_op_t*)1;
  f.fail = true;
  cx_status_t st = cx_op_build(m, &s, &op);
  f.fail = false;
  CX_EXPECT(st && cx_status_code(st) == CX_OUT_OF_MEMORY);
  cx_status_free(st);
  CX_EXPECT(op == NULL);
  CX_EXPECT_EQ_U64(cx_value_num_uses(a), uses);
  CX_EXPECT_EQ_U64(ir_count_ops(body), 2);
  free(types);
  IR_EXPECT_VERIFIES(m);
out:
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

CX_TEST(state_regions_move_into_the_op) {
  cx_module_t* m = ir_parse(g_ctx, kFunc);
  if (!m) return;
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  const cx_type_t* f32 = cx_type_tensor(g_ctx, cx_type_element(g_ctx, CX_ELEM_F32), 0, NULL, NULL);
  // A reduce over %a built bottom-up: the body region first, then the op.
  cx_region_t region = {0};
  cx_block_t* rb = cx_block_create(m);
  cx_region_append_block(&region, rb);
  cx_value_t* x = cx_block_add_arg(m, rb, f32);
  cx_value_t* y = cx_block_add_arg(m, rb, f32);
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_at_end(&b, rb);
  cx_value_t* xy[2] = {x, y};
  cx_value_t* sum;
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_ADD, 2, xy, f32, 0, NULL, &sum));
  cx_op_state_t rs = {.kind = CX_OP_RETURN, .num_operands = 1, .operands = &sum};
  cx_op_t* ret;
  CX_EXPECT_OK(cx_build(&b, &rs, &ret));
  cx_builder_set_before(&b, body->last_op);
  cx_value_t* zero;
  CX_EXPECT_OK(cx_build_splat_constant(&b, f32, 0.0, &zero));
  cx_value_t* operands[2] = {body->args[0], zero};
  int64_t dim0 = 0;
  cx_named_attr_t attr = {g_ctx->names[CX_NAME_dimensions], cx_attr_i64_array(m, 1, &dim0)};
  cx_op_state_t s = {.kind = CX_OP_REDUCE, .num_operands = 2, .operands = operands,
                     .num_results = 1, .result_types = &f32, .num_attrs = 1, .attrs = &attr,
                     .num_regions = 1, .regions = &region};
  cx_op_t* reduce;
  CX_EXPECT_OK(cx_build(&b, &s, &reduce));
  if (!reduce) goto out;
  CX_EXPECT(region.first_block == NULL);
  CX_EXPECT(reduce->regions[0].first_block == rb && rb->parent == &reduce->regions[0]);
  CX_EXPECT(cx_op_parent(ret) == reduce);
  IR_EXPECT_VERIFIES(m);
  IR_EXPECT_PRINTS(m, "applies stablehlo.add across dimensions = [0]");
out:
  cx_module_destroy(m);
}

// ---- attributes ----------------------------------------------------------------

CX_TEST(typed_attributes) {
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_create(g_ctx, &m));
  if (!m) return;
  int64_t vals[3] = {2, 0, 1};
  const cx_attr_t* perm = cx_attr_i64_array(m, 3, vals);
  CX_EXPECT(perm && perm->kind == CX_ATTR_DENSE_ARRAY && perm->dense_array.count == 3);
  CX_EXPECT(perm && perm->type == cx_type_element(g_ctx, CX_ELEM_SI64));
  CX_EXPECT(perm && perm->dense_array.ints[0] == 2 && perm->dense_array.ints != vals);
  bool flags[2] = {true, false};
  const cx_attr_t* bools = cx_attr_bool_array(m, 2, flags);
  CX_EXPECT(bools && bools->type == cx_type_element(g_ctx, CX_ELEM_I1) &&
            bools->dense_array.ints[0] == 1 && bools->dense_array.ints[1] == 0);
  const cx_attr_t* lt = cx_attr_enum_value(m, CX_ENUM_COMPARISON_DIRECTION, CX_CMP_LT);
  CX_EXPECT(lt && lt->enumeration.value == CX_CMP_LT);
  int64_t batch[1] = {0}, contract_l[1] = {2}, contract_r[1] = {1};
  cx_dot_dims_t dims = {{batch, 1}, {batch, 1}, {contract_l, 1}, {contract_r, 1}};
  const cx_attr_t* dot = cx_attr_dot_dims(m, &dims);
  contract_l[0] = 99;  // the attribute owns a copy
  CX_EXPECT(dot && dot->kind == CX_ATTR_DOT && dot->dot.lhs_contracting_dims.data[0] == 2);
  int64_t sp[2] = {1, 2};
  cx_conv_dims_t conv = {0, 3, {sp, 2}, 2, 3, {sp, 2}, 0, 3, {sp, 2}};
  const cx_attr_t* c = cx_attr_conv_dims(m, &conv);
  sp[0] = 7;
  CX_EXPECT(c && c->conv.input_spatial_dims.data[0] == 1 && c->conv.input_feature_dim == 3);
  int64_t off[1] = {1}, coll[1] = {0}, map[1] = {0};
  cx_gather_dims_t g = {{off, 1}, {coll, 1}, {NULL, 0}, {NULL, 0}, {map, 1}, 1};
  const cx_attr_t* ga = cx_attr_gather_dims(m, &g);
  CX_EXPECT(ga && ga->gather.start_index_map.data != map && ga->gather.index_vector_dim == 1);
  cx_scatter_dims_t sc = {{off, 1}, {coll, 1}, {NULL, 0}, {NULL, 0}, {map, 1}, 1};
  const cx_attr_t* sa = cx_attr_scatter_dims(m, &sc);
  CX_EXPECT(sa && sa->scatter.update_window_dims.data[0] == 1);
  CX_EXPECT(cx_attr_i64(m, -5)->integer == -5);
  cx_module_destroy(m);
}

// The element bytes of a built splat.
static const uint8_t* splat_bytes(const cx_attr_t* a) {
  return a && a->kind == CX_ATTR_DENSE ? a->dense.data : NULL;
}

CX_TEST(splats_in_every_format) {
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_create(g_ctx, &m));
  if (!m) return;
  int64_t d2[1] = {2};
  const cx_attr_t* a;
  // bf16 1.0 = 0x3f80, f16 -2.0 = 0xc000.
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_BF16, 1, d2), 1.0, &a));
  CX_EXPECT(splat_bytes(a) && a->dense.splat && a->dense.nbytes == 2 &&
            splat_bytes(a)[0] == 0x80 && splat_bytes(a)[1] == 0x3f);
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F16, 1, d2), -2.0, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0x00 && splat_bytes(a)[1] == 0xc0);
  // f8E4M3FN 1.0 = 0x38; f8E5M2 1.0 = 0x3c; rounding: 1.06 -> 1.0 in E5M2.
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F8E4M3FN, 1, d2), 1.0, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0x38);
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F8E5M2, 1, d2), 1.06, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0x3c);
  // f4E2M1FN 1.5 = 0b0011; f6E3M2FN 0.5 = 0b0'010'00.
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F4E2M1FN, 1, d2), 1.5, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0x3);
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F6E3M2FN, 1, d2), 0.5, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0x08);
  // tf32: an f32 pattern with the low 13 bits clear.
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_TF32, 1, d2), 0.1, &a));
  uint32_t bits = 0;
  if (splat_bytes(a)) memcpy(&bits, splat_bytes(a), 4);
  CX_EXPECT(bits != 0 && (bits & 0x1fff) == 0);
  // Sub-byte integers are stored sign- / zero-extended in a byte.
  CX_EXPECT_OK(cx_attr_splat_i64(m, tensor_of(CX_ELEM_SI4, 1, d2), -3, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0xfd);
  CX_EXPECT_OK(cx_attr_splat_i64(m, tensor_of(CX_ELEM_UI4, 1, d2), 15, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0x0f);
  CX_EXPECT_ERROR(cx_attr_splat_i64(m, tensor_of(CX_ELEM_UI4, 1, d2), 16, &a));
  CX_EXPECT_ERROR(cx_attr_splat_i64(m, tensor_of(CX_ELEM_SI2, 1, d2), -3, &a));
  CX_EXPECT_ERROR(cx_attr_splat_i64(m, tensor_of(CX_ELEM_I1, 1, d2), 2, &a));
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_SI32, 1, d2), -7.0, &a));
  CX_EXPECT(splat_bytes(a) && splat_bytes(a)[0] == 0xf9 && splat_bytes(a)[3] == 0xff);
  CX_EXPECT_ERROR(cx_attr_splat_f64(m, tensor_of(CX_ELEM_SI32, 1, d2), 0.5, &a));
  CX_EXPECT_ERROR(cx_attr_splat_f64(m, tensor_of(CX_ELEM_SI64, 1, d2), NAN, &a));
  CX_EXPECT_ERROR(cx_attr_splat_f64(m, tensor_of(CX_ELEM_SI8, 1, d2), 200.0, &a));
  // Complex: the value is the real part; complex values need complex types.
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_C64, 1, d2), 2.5, &a));
  float reim[2] = {0, 1};
  if (splat_bytes(a)) memcpy(reim, splat_bytes(a), 8);
  CX_EXPECT(reim[0] == 2.5f && reim[1] == 0.0f);
  cx_complex_t z = {1.0, -2.0};
  CX_EXPECT_OK(cx_attr_splat_complex(m, tensor_of(CX_ELEM_C128, 1, d2), z, &a));
  double dz[2] = {0, 0};
  if (splat_bytes(a)) memcpy(dz, splat_bytes(a), 16);
  CX_EXPECT(dz[0] == 1.0 && dz[1] == -2.0);
  CX_EXPECT_ERROR(cx_attr_splat_complex(m, tensor_of(CX_ELEM_F32, 1, d2), z, &a));
  // Shapes: dynamic refused; rank 0 and empty tensors store their elements.
  int64_t dyn[1] = {CX_DYNAMIC_DIM}, zero[1] = {0};
  CX_EXPECT_ERROR(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F32, 1, dyn), 1.0, &a));
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F32, 0, NULL), 1.0, &a));
  CX_EXPECT(a && !a->dense.splat && a->dense.nbytes == 4);
  CX_EXPECT_OK(cx_attr_splat_f64(m, tensor_of(CX_ELEM_F32, 1, zero), 1.0, &a));
  CX_EXPECT(a && !a->dense.splat && a->dense.nbytes == 0);
  cx_module_destroy(m);
}

// A built constant is the same attribute as the parsed literal.
CX_TEST(built_constants_equal_parsed_ones) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main() -> (tensor<2x3xbf16>, tensor<f32>, tensor<4xi4>, tensor<0xf32>) {\n"
      "  %0 = stablehlo.constant dense<1.5> : tensor<2x3xbf16>\n"
      "  %1 = stablehlo.constant dense<-0.25> : tensor<f32>\n"
      "  %2 = stablehlo.constant dense<-8> : tensor<4xi4>\n"
      "  %3 = stablehlo.constant dense<> : tensor<0xf32>\n"
      "  return %0, %1, %2, %3 : tensor<2x3xbf16>, tensor<f32>, tensor<4xi4>, tensor<0xf32>\n"
      "}\n");
  if (!m) return;
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  cx_builder_set_before(&b, body->last_op);
  double values[4] = {1.5, -0.25, -8, 0};
  int k = 0;
  for (cx_op_t* op = body->first_op; op && k < 4; op = op->next, k++) {
    const cx_attr_t* parsed = cx_value_constant_attr(cx_op_result(op, 0));
    cx_value_t* built;
    CX_EXPECT_OK(cx_build_splat_constant(&b, op->results[0].type, values[k], &built));
    const cx_attr_t* mine = built ? cx_value_constant_attr(built) : NULL;
    if (!cx_attr_equal(parsed, mine)) CX_FAIL_("constant %d differs from the parsed one", k);
  }
  // Reading splats back.
  double d;
  int64_t i;
  CX_EXPECT(cx_value_splat_f64(cx_op_result(body->first_op, 0), &d) && d == 1.5);
  CX_EXPECT(cx_value_splat_f64(cx_op_result(body->first_op->next, 0), &d) && d == -0.25);
  CX_EXPECT(cx_value_splat_i64(cx_op_result(body->first_op->next->next, 0), &i) && i == -8);
  CX_EXPECT(!cx_value_splat_i64(cx_op_result(body->first_op, 0), &i));
  CX_EXPECT(!cx_value_splat_f64(NULL, &d));
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

CX_TEST(dense_from_buffer) {
  cx_module_t* m = ir_parse(g_ctx, kFunc);
  if (!m) return;
  int64_t d3[1] = {3};
  const cx_type_t* t = tensor_of(CX_ELEM_SI32, 1, d3);
  int32_t data[3] = {1, 2, 3};
  const cx_attr_t* a;
  CX_EXPECT_OK(cx_attr_dense_from_buffer(m, t, data, sizeof(data), &a));
  data[0] = 9;  // copied
  CX_EXPECT(a && !a->dense.splat && ((const int32_t*)a->dense.data)[0] == 1);
  CX_EXPECT_ERROR(cx_attr_dense_from_buffer(m, t, data, 8, &a));
  uint8_t bad_i1[3] = {0, 1, 2};
  CX_EXPECT_ERROR(cx_attr_dense_from_buffer(m, tensor_of(CX_ELEM_I1, 1, d3), bad_i1, 3, &a));
  uint8_t bad_si4[3] = {0x07, 0xf8, 0x08};  // 8 is not a sign-extended si4
  CX_EXPECT_ERROR(cx_attr_dense_from_buffer(m, tensor_of(CX_ELEM_SI4, 1, d3), bad_si4, 3, &a));
  uint8_t bad_f4[3] = {0x01, 0x0f, 0x10};
  CX_EXPECT_ERROR(cx_attr_dense_from_buffer(m, tensor_of(CX_ELEM_F4E2M1FN, 1, d3), bad_f4, 3, &a));
  // As a constant in the function.
  CX_EXPECT_OK(cx_attr_dense_from_buffer(m, t, data, sizeof(data), &a));
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, cx_func_body(ir_find(m, "func.func", 0))->last_op);
  cx_value_t* c;
  CX_EXPECT_OK(cx_build_constant(&b, a, &c));
  IR_EXPECT_PRINTS(m, "stablehlo.constant dense<[9, 2, 3]> : tensor<3xi32>");
  CX_EXPECT_ERROR(cx_build_constant(&b, cx_attr_i64(m, 1), &c));
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

IR_TEST_MAIN(IR_TEST(builder_inserts_in_order), IR_TEST(build_checks_counts_and_operands),
             IR_TEST(failed_build_links_nothing), IR_TEST(state_regions_move_into_the_op),
             IR_TEST(typed_attributes), IR_TEST(splats_in_every_format),
             IR_TEST(built_constants_equal_parsed_ones), IR_TEST(dense_from_buffer))
