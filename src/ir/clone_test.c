// Cloning: op clones remap operands through the map and keep unmapped ones,
// regions come along, the map records where everything went; function and
// module clones are equal to their originals and independent of them.
#include "ir/clone.h"

#include "ir/ir_test_util.h"
#include "ir/walk.h"


static const char kWhile[] =
    "func.func @main(%n: tensor<i32>, %x: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %one = stablehlo.constant dense<1> : tensor<i32>\n"
    "  %r:2 = stablehlo.while(%i = %n, %acc = %x) : tensor<i32>, tensor<4xf32>\n"
    "   cond {\n"
    "    %zero = stablehlo.constant dense<0> : tensor<i32>\n"
    "    %c = stablehlo.compare GT, %i, %zero : (tensor<i32>, tensor<i32>) -> tensor<i1>\n"
    "    stablehlo.return %c : tensor<i1>\n"
    "  } do {\n"
    "    %i2 = stablehlo.subtract %i, %one : tensor<i32>\n"
    "    %a2 = stablehlo.add %acc, %x : tensor<4xf32>\n"
    "    stablehlo.return %i2, %a2 : tensor<i32>, tensor<4xf32>\n"
    "  }\n"
    "  return %r#1 : tensor<4xf32>\n"
    "}\n";

CX_TEST(op_clone_remaps_and_keeps) {
  cx_module_t* m = ir_parse(g_ctx, kWhile);
  if (!m) return;
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  cx_op_t* w = ir_find(m, "stablehlo.while", 0);
  cx_value_t* n = body->args[0];
  cx_value_t* x = body->args[1];
  // Clone the while so that it starts from %x + %x instead of %x; %n and
  // the captured %one / %x inside stay as they are.
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, body->last_op);
  cx_value_t* xx[2] = {x, x};
  cx_value_t* doubled;
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_ADD, 2, xx, x->type, 0, NULL, &doubled));
  cx_ir_map_t map;
  cx_ir_map_init(&map, m);
  CX_EXPECT(cx_ir_map_value(&map, x, doubled));
  cx_op_t* copy;
  CX_EXPECT_OK(cx_op_clone(&b, w, &map, &copy));
  if (!copy) goto out;
  CX_EXPECT(copy != w && copy->kind == CX_OP_WHILE && copy->block == body);
  CX_EXPECT(copy->prev == doubled->def_op && copy->next == body->last_op);
  CX_EXPECT(cx_op_operand(copy, 0) == n && cx_op_operand(copy, 1) == doubled);
  // Results and nested values are in the map.
  CX_EXPECT(cx_ir_map_lookup(&map, cx_op_result(w, 1)) == cx_op_result(copy, 1));
  cx_block_t* old_do = w->regions[1].first_block;
  cx_block_t* new_do = copy->regions[1].first_block;
  CX_EXPECT(new_do && new_do != old_do && cx_ptrmap_get(&map, old_do) == new_do);
  CX_EXPECT(cx_ir_map_lookup(&map, old_do->args[0]) == new_do->args[0]);
  // Inside: %acc maps to the clone's argument, %x (captured) to %doubled,
  // %one (not mapped) stays.
  cx_op_t* add = new_do->first_op->next;
  CX_EXPECT(add->kind == CX_OP_ADD && cx_op_operand(add, 0) == new_do->args[1]);
  CX_EXPECT(cx_op_operand(add, 1) == doubled);
  CX_EXPECT(cx_op_operand(new_do->first_op, 1) == cx_op_result(body->first_op, 0));
  CX_EXPECT(cx_op_parent(add) == copy);
  // The original is untouched.
  CX_EXPECT(cx_op_operand(old_do->first_op->next, 1) == x);
  cx_op_set_operand(body->last_op, 0, cx_op_result(copy, 1));
  IR_EXPECT_VERIFIES(m);
  // The old while is now dead (its body is pure) and can go.
  CX_EXPECT(cx_op_is_trivially_dead(w));
  cx_op_erase(w);
  IR_EXPECT_VERIFIES(m);
  IR_EXPECT_PRINTS(m, "stablehlo.while(%iterArg = %arg0, %iterArg_0 = %0)");
out:
  cx_ir_map_free(&map);
  cx_module_destroy(m);
}

CX_TEST(region_clone_into_inlines_a_body) {
  cx_module_t* m = ir_parse(g_ctx, kWhile);
  if (!m) return;
  cx_op_t* w = ir_find(m, "stablehlo.while", 0);
  cx_region_t scratch = {0};
  cx_ir_map_t map;
  cx_ir_map_init(&map, m);
  CX_EXPECT_OK(cx_region_clone_into(m, &w->regions[0], &scratch, &map));
  cx_block_t* b = scratch.first_block;
  CX_EXPECT(b && b->num_args == 2 && ir_count_ops(b) == 3 && b->parent == &scratch);
  CX_EXPECT(b && cx_op_operand(b->first_op->next, 0) == b->args[0]);
  // Twice into the same region: blocks are appended.
  CX_EXPECT_OK(cx_region_clone_into(m, &w->regions[0], &scratch, &map));
  CX_EXPECT(scratch.first_block && scratch.first_block->next == scratch.last_block);
  cx_ir_map_free(&map);
  cx_module_destroy(m);
}

CX_TEST(func_clone) {
  cx_module_t* m = ir_parse(g_ctx, kWhile);
  if (!m) return;
  cx_op_t* f = ir_find(m, "func.func", 0);
  cx_op_t* g;
  CX_EXPECT_OK(cx_func_clone(m, f, "main_copy", &g));
  if (!g) goto out;
  CX_EXPECT(f->next == g && strcmp(cx_func_name(g), "main_copy") == 0);
  CX_EXPECT(cx_module_lookup_func(m, "main_copy") == g);
  CX_EXPECT(cx_func_body(g) != cx_func_body(f));
  // Every operand in the clone refers to a value of the clone.
  cx_block_t* gb = cx_func_body(g);
  CX_EXPECT(cx_op_operand(ir_find_in_block(gb, "stablehlo.while", &(int){0}), 0) == gb->args[0]);
  IR_EXPECT_VERIFIES(m);
  cx_status_t st = cx_func_clone(m, f, "main_copy", &g);
  CX_EXPECT(st && strstr(cx_status_message(st), "exists"));
  cx_status_free(st);
out:
  cx_module_destroy(m);
}

CX_TEST(module_clone_is_equal_and_independent) {
  static const char kText[] =
      "module @named attributes {my.flag = true} {\n"
      "  func.func public @main(%a: tensor<2xf32> {jax.arg = 1 : i32}) -> tensor<2xf32> {\n"
      "    %c = stablehlo.constant dense_resource<blob> : tensor<2xf32>\n"
      "    %0 = stablehlo.add %a, %c : tensor<2xf32>\n"
      "    %1 = func.call @helper(%0) : (tensor<2xf32>) -> tensor<2xf32>\n"
      "    return %1 : tensor<2xf32>\n"
      "  }\n"
      "  func.func private @helper(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
      "    return %a : tensor<2xf32>\n"
      "  }\n"
      "}\n"
      "{-#\n  dialect_resources: {\n    builtin: {\n"
      "      blob: \"0x040000000000803F00000040\"\n    }\n  }\n#-}\n";
  cx_module_t* m = ir_parse(g_ctx, kText);
  if (!m) return;
  cx_module_t* c = NULL;
  CX_EXPECT_OK(cx_module_clone(m, g_ctx, &c));
  if (!c) {
    cx_module_destroy(m);
    return;
  }
  char why[512];
  CX_EXPECT(cx_module_equal(m, c, why, sizeof(why)));
  CX_EXPECT(cx_op_attr(ir_find(c, "func.func", 0), g_ctx->names[CX_NAME_sym_visibility]));
  char* before = ir_print(m);
  cx_module_destroy(m);
  char* after = ir_print(c);
  CX_EXPECT(before && after && strcmp(before, after) == 0);
  CX_EXPECT(after && strstr(after, "module @named attributes {my.flag = true}"));
  CX_EXPECT(after && strstr(after, "func.func public @main"));
  // The resource blob came along and the constant links to it.
  const cx_attr_t* k = cx_value_constant_attr(cx_op_result(ir_find(c, "stablehlo.constant", 0), 0));
  CX_EXPECT(k && k->kind == CX_ATTR_DENSE_RESOURCE && k->resource.blob &&
            k->resource.blob == cx_module_lookup_resource(c, "blob"));
  IR_EXPECT_VERIFIES(c);
  free(before);
  free(after);
  // Another context is refused.
  cx_context_t* other;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &other));
  cx_module_t* bad = NULL;
  CX_EXPECT_ERROR(cx_module_clone(c, other, &bad));
  CX_EXPECT(bad == NULL);
  cx_context_destroy(other);
  cx_module_destroy(c);
}

IR_TEST_MAIN(IR_TEST(op_clone_remaps_and_keeps), IR_TEST(region_clone_into_inlines_a_body),
             IR_TEST(func_clone), IR_TEST(module_clone_is_equal_and_independent))
