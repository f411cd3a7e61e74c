// The IR's editing API: use lists stay exact under set_operand, replace-all-
// uses, erase, insert and move; value ids are unique per module; traits and
// op counts come from ops.def; the symbol table finds, renames and forgets
// functions.
#include "ir/builder.h"
#include "ir/ir.h"
#include "ir/ir_test_util.h"
#include "ir/symbols.h"
#include "ir/walk.h"

static const char kTwoAdds[] =
    "func.func @main(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {\n"
    "  %0 = stablehlo.add %a, %b : tensor<2xf32>\n"
    "  %1 = stablehlo.multiply %0, %a : tensor<2xf32>\n"
    "  %2 = stablehlo.add %1, %0 : tensor<2xf32>\n"
    "  return %2 : tensor<2xf32>\n"
    "}\n";

// kTwoAdds parsed (NULL, and a test failure, if not), with its function's
// body, its two adds and the multiply between them.
static cx_module_t* parse_two_adds(cx_block_t** body, cx_op_t** add0, cx_op_t** mul,
                                   cx_op_t** add1) {
  cx_module_t* m = ir_parse(g_ctx, kTwoAdds);
  if (!m) return NULL;
  *body = cx_func_body(ir_find(m, "func.func", 0));
  *add0 = ir_find(m, "stablehlo.add", 0);
  *mul = ir_find(m, "stablehlo.multiply", 0);
  *add1 = ir_find(m, "stablehlo.add", 1);
  return m;
}

// Checks every invariant of a value's use list: each use names the value,
// the prev links lead back, and each use is one of its owner's operands.
static bool uses_consistent(const cx_value_t* v) {
  cx_operand_t* const* link = &v->first_use;
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use) {
    if (u->value != v || u->prev_next != link) return false;
    if (u < u->owner->operands || u >= u->owner->operands + u->owner->num_operands) return false;
    link = &u->next_use;
  }
  return true;
}

// Every use in the module is on the list of the value it names.
static bool on_list(const cx_operand_t* use) {
  for (const cx_operand_t* u = use->value->first_use; u; u = u->next_use)
    if (u == use) return true;
  return false;
}

static cx_walk_result_t check_uses(cx_op_t* op, void* arg) {
  bool* ok = arg;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_operand_t* use = &op->operands[i];
    if (use->owner != op || (use->value && (!on_list(use) || !uses_consistent(use->value))))
      *ok = false;
  }
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!uses_consistent(&op->results[i])) *ok = false;
  return CX_WALK_ADVANCE;
}

static bool module_uses_consistent(cx_module_t* m) {
  bool ok = true;
  (void)cx_walk_module(m, CX_WALK_PRE_ORDER, check_uses, &ok);
  return ok;
}

CX_TEST(set_operand_moves_the_use) {
  cx_block_t* body;
  cx_op_t *add0, *mul, *add1;
  cx_module_t* m = parse_two_adds(&body, &add0, &mul, &add1);
  if (!m) return;
  cx_value_t* a = body->args[0];
  cx_value_t* sum = cx_op_result(add0, 0);
  CX_EXPECT_EQ_U64(cx_value_num_uses(sum), 2);
  CX_EXPECT_EQ_U64(cx_value_num_uses(a), 2);
  cx_op_set_operand(mul, 0, a);  // mul(a, a)
  CX_EXPECT_EQ_U64(cx_value_num_uses(sum), 1);
  CX_EXPECT_EQ_U64(cx_value_num_uses(a), 3);
  CX_EXPECT(cx_op_operand(mul, 0) == a && cx_op_operand(mul, 1) == a);
  cx_op_set_operand(mul, 1, NULL);
  CX_EXPECT(cx_op_operand(mul, 1) == NULL);
  CX_EXPECT_EQ_U64(cx_value_num_uses(a), 2);
  CX_EXPECT(module_uses_consistent(m));
  cx_op_set_operand(mul, 1, sum);
  CX_EXPECT(module_uses_consistent(m));
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

CX_TEST(replace_all_uses_and_erase) {
  cx_block_t* body;
  cx_op_t *add0, *mul, *add1;
  cx_module_t* m = parse_two_adds(&body, &add0, &mul, &add1);
  if (!m) return;
  cx_value_t* b = body->args[1];
  cx_value_replace_all_uses(cx_op_result(add0, 0), b);
  CX_EXPECT(!cx_value_has_uses(cx_op_result(add0, 0)));
  CX_EXPECT(cx_op_operand(mul, 0) == b && cx_op_operand(add1, 1) == b);
  CX_EXPECT_EQ_U64(cx_value_num_uses(b), 3);  // add0's own use and the two moved
  CX_EXPECT(cx_op_is_trivially_dead(add0));
  cx_op_erase(add0);
  CX_EXPECT(add0->block == NULL);
  CX_EXPECT_EQ_U64(cx_value_num_uses(b), 2);  // add0's operand use was dropped
  CX_EXPECT(module_uses_consistent(m));
  IR_EXPECT_VERIFIES(m);
  IR_EXPECT_PRINTS(m, "%0 = stablehlo.multiply %arg1, %arg0");
  cx_module_destroy(m);
}

static bool not_in_mul(const cx_operand_t* use, void* arg) { return use->owner != arg; }

CX_TEST(replace_uses_if_skips_rejected_uses) {
  cx_block_t* body;
  cx_op_t *add0, *mul, *add1;
  cx_module_t* m = parse_two_adds(&body, &add0, &mul, &add1);
  if (!m) return;
  cx_value_t* a = body->args[0];
  cx_value_replace_uses_if(cx_op_result(add0, 0), a, not_in_mul, mul);
  CX_EXPECT(cx_op_operand(mul, 0) == cx_op_result(add0, 0));
  CX_EXPECT(cx_op_operand(add1, 1) == a);
  CX_EXPECT(module_uses_consistent(m));
  cx_module_destroy(m);
}

CX_TEST(erase_drops_uses_of_nested_ops) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%x: tensor<4xf32>, %init: tensor<f32>) -> tensor<f32> {\n"
      "  %r = stablehlo.reduce(%x init: %init) across dimensions = [0] : "
      "(tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
      "   reducer(%a: tensor<f32>, %b: tensor<f32>) {\n"
      "    %s = stablehlo.add %a, %init : tensor<f32>\n"
      "    stablehlo.return %s : tensor<f32>\n"
      "  }\n"
      "  return %init : tensor<f32>\n"
      "}\n");
  if (!m) return;
  cx_value_t* init = cx_func_body(ir_find(m, "func.func", 0))->args[1];
  // Uses: reduce's operand, the nested add, the return.
  CX_EXPECT_EQ_U64(cx_value_num_uses(init), 3);
  cx_op_t* reduce = ir_find(m, "stablehlo.reduce", 0);
  CX_EXPECT(cx_op_is_pure(reduce));  // its body is pure
  CX_EXPECT(cx_op_is_trivially_dead(reduce));
  cx_op_erase(reduce);
  CX_EXPECT_EQ_U64(cx_value_num_uses(init), 1);
  CX_EXPECT(module_uses_consistent(m));
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

CX_TEST(insert_move_and_order) {
  cx_block_t* body;
  cx_op_t *add0, *mul, *add1;
  cx_module_t* m = parse_two_adds(&body, &add0, &mul, &add1);
  if (!m) return;
  cx_op_t* ret = body->last_op;
  CX_EXPECT(cx_op_is_before_in_block(add0, mul) && cx_op_is_before_in_block(mul, add1));
  CX_EXPECT(!cx_op_is_before_in_block(add1, add0) && !cx_op_is_before_in_block(mul, mul));
  // Insert many ops between two neighbours: numbering must stay right as
  // the gaps run out and the block is renumbered.
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, mul);
  cx_op_t* made[40];
  for (int i = 0; i < 40; i++) {
    cx_value_t* v;
    CX_EXPECT_OK(cx_build_value(&b, CX_OP_NEGATE, 1, &body->args[0], body->args[0]->type, 0,
                                NULL, &v));
    made[i] = v ? v->def_op : NULL;
  }
  if (!made[39]) {
    cx_module_destroy(m);
    return;
  }
  CX_EXPECT_EQ_U64(ir_count_ops(body), 44);
  for (int i = 0; i + 1 < 40; i++) CX_EXPECT(cx_op_is_before_in_block(made[i], made[i + 1]));
  CX_EXPECT(cx_op_is_before_in_block(add0, made[0]));
  CX_EXPECT(cx_op_is_before_in_block(made[39], mul));
  // Moving: add1 to the front changes its order and breaks dominance.
  cx_op_move_before(add1, add0);
  CX_EXPECT(body->first_op == add1 && cx_op_is_before_in_block(add1, add0));
  CX_EXPECT(!cx_value_dominates(cx_op_result(mul, 0), add1));
  cx_status_t st = cx_module_verify(m);
  CX_EXPECT(st && strstr(cx_status_message(st), "does not dominate"));
  cx_status_free(st);
  cx_op_move_before(add1, ret);
  CX_EXPECT(cx_value_dominates(cx_op_result(mul, 0), add1));
  CX_EXPECT(module_uses_consistent(m));
  IR_EXPECT_VERIFIES(m);
  // A prepended op comes first.
  cx_op_t* front = made[5];
  cx_op_unlink(front);
  cx_block_prepend_op(body, front);
  CX_EXPECT(body->first_op == front && cx_op_is_before_in_block(front, add0));
  cx_module_destroy(m);
}

CX_TEST(value_ids_are_unique_and_grow) {
  cx_module_t* m = ir_parse(g_ctx, kTwoAdds);
  if (!m) return;
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  uint32_t before = m->next_value_id;
  CX_EXPECT_EQ_U64(before, 5);  // two arguments, three results
  bool seen[5] = {false};
  for (uint32_t i = 0; i < body->num_args; i++) seen[body->args[i]->id] = true;
  for (cx_op_t* op = body->first_op; op; op = op->next)
    for (uint32_t i = 0; i < op->num_results; i++) {
      CX_EXPECT(!seen[op->results[i].id]);
      seen[op->results[i].id] = true;
    }
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, body->last_op);
  cx_value_t* v;
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_NEGATE, 1, &body->args[0], body->args[0]->type, 0, NULL,
                              &v));
  CX_EXPECT(v && v->id == before && m->next_value_id == before + 1);
  // An erased op's id is not handed out again.
  cx_op_erase(v->def_op);
  CX_EXPECT_OK(cx_build_value(&b, CX_OP_NEGATE, 1, &body->args[0], body->args[0]->type, 0, NULL,
                              &v));
  CX_EXPECT(v && v->id == before + 1);
  cx_value_t* arg = cx_block_add_arg(m, body, body->args[0]->type);
  CX_EXPECT(arg && arg->id == before + 2);
  cx_module_destroy(m);
}

CX_TEST(traits_and_counts) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%a: tensor<2xf32>, %t: !stablehlo.token) -> tensor<2xf32> {\n"
      "  %0 = stablehlo.add %a, %a : tensor<2xf32>\n"
      "  %1 = stablehlo.custom_call @foo(%0) : (tensor<2xf32>) -> tensor<2xf32>\n"
      "  %2 = stablehlo.custom_call @bar(%1) {has_side_effect = true} : "
      "(tensor<2xf32>) -> tensor<2xf32>\n"
      "  stablehlo.custom_call @baz(%2) : (tensor<2xf32>) -> ()\n"
      "  %3 = \"stablehlo.outfeed\"(%2, %t) : (tensor<2xf32>, !stablehlo.token) -> "
      "!stablehlo.token\n"
      "  return %2 : tensor<2xf32>\n"
      "}\n");
  if (!m) return;
  cx_op_t* add = ir_find(m, "stablehlo.add", 0);
  CX_EXPECT(cx_op_has_trait(add, CX_TRAIT_PURE) && cx_op_has_trait(add, CX_TRAIT_COMMUTATIVE) &&
            cx_op_has_trait(add, CX_TRAIT_ELEMENTWISE));
  CX_EXPECT(!cx_op_has_trait(add, CX_TRAIT_TERMINATOR));
  CX_EXPECT(cx_op_has_trait(cx_func_body(ir_find(m, "func.func", 0))->last_op,
                            CX_TRAIT_TERMINATOR));
  CX_EXPECT(cx_op_has_trait(ir_find(m, "func.func", 0), CX_TRAIT_ISOLATED_FROM_ABOVE));
  // custom_call: pure without has_side_effect (if it has results).
  CX_EXPECT(cx_op_is_pure(ir_find(m, "stablehlo.custom_call", 0)));
  CX_EXPECT(!cx_op_is_pure(ir_find(m, "stablehlo.custom_call", 1)));
  CX_EXPECT(!cx_op_is_pure(ir_find(m, "stablehlo.custom_call", 2)));
  cx_op_t* outfeed = ir_find(m, "stablehlo.outfeed", 0);
  CX_EXPECT(cx_op_has_trait(outfeed, CX_TRAIT_SIDE_EFFECTS) && !cx_op_is_pure(outfeed));
  CX_EXPECT(!cx_op_is_trivially_dead(outfeed));  // its token is unused, but it has effects
  const cx_op_info_t* info = cx_op_info(CX_OP_DYNAMIC_SLICE);
  CX_EXPECT(info->min_operands == 1 && info->max_operands == CX_OP_VARIADIC);
  CX_EXPECT(cx_op_info(CX_OP_BATCH_NORM_GRAD)->max_results == 3);
  CX_EXPECT(cx_op_counts_ok(add));
  cx_op_set_operand(add, 1, NULL);
  add->num_operands = 1;  // as a malformed op would be
  CX_EXPECT(!cx_op_counts_ok(add));
  add->num_operands = 2;
  cx_op_set_operand(add, 1, cx_op_operand(add, 0));
  cx_module_destroy(m);
}

static const char kThreeFuncs[] =
    "func.func @main(%a: tensor<f32>) -> tensor<f32> {\n"
    "  %0 = func.call @helper(%a) : (tensor<f32>) -> tensor<f32>\n"
    "  %1 = stablehlo.composite \"my.op\" %0 {decomposition = @helper} : "
    "(tensor<f32>) -> tensor<f32>\n"
    "  return %1 : tensor<f32>\n"
    "}\n"
    "func.func private @helper(%a: tensor<f32>) -> tensor<f32> {\n"
    "  return %a : tensor<f32>\n"
    "}\n"
    "func.func private @other(%a: tensor<f32>) -> tensor<f32> {\n"
    "  return %a : tensor<f32>\n"
    "}\n";

CX_TEST(symbol_table) {
  cx_module_t* m = ir_parse(g_ctx, kThreeFuncs);
  if (!m) return;
  cx_symbol_table_t t;
  CX_EXPECT_OK(cx_symbol_table_build(&t, m));
  cx_op_t* helper = cx_symbol_table_lookup(&t, "helper");
  CX_EXPECT(helper && strcmp(cx_func_name(helper), "helper") == 0);
  CX_EXPECT(cx_symbol_table_lookup(&t, "nope") == NULL);
  CX_EXPECT(cx_symbol_table_lookup_n(&t, "helper\0x", 8) == NULL);
  // A second function of the same name is refused.
  cx_status_t st = cx_symbol_table_insert(&t, ir_find(m, "func.func", 2));
  CX_EXPECT(st == NULL);  // re-inserting the same op is fine
  cx_status_free(st);
  // Rename updates the call, the composite and the table.
  CX_EXPECT_OK(cx_symbol_table_rename(&t, helper, "renamed"));
  CX_EXPECT(cx_symbol_table_lookup(&t, "helper") == NULL);
  CX_EXPECT(cx_symbol_table_lookup(&t, "renamed") == helper);
  IR_EXPECT_PRINTS(m, "call @renamed(%arg0)");
  IR_EXPECT_PRINTS(m, "decomposition = @renamed");
  IR_EXPECT_VERIFIES(m);
  st = cx_symbol_table_rename(&t, helper, "other");
  CX_EXPECT(st && strstr(cx_status_message(st), "exists"));
  cx_status_free(st);
  // Erase forgets and removes.
  cx_op_t* other = cx_symbol_table_lookup(&t, "other");
  cx_symbol_table_erase(&t, other);
  CX_EXPECT(cx_symbol_table_lookup(&t, "other") == NULL);
  CX_EXPECT_EQ_U64(ir_count_ops(cx_module_block(m)), 2);
  cx_symbol_table_destroy(&t);
  cx_module_destroy(m);
}

CX_TEST(symbol_table_refuses_duplicates) {
  cx_parse_options_t po = {"dup.mlir", 1, false};
  const char text[] =
      "func.func @f() {\n  return\n}\n"
      "func.func @f() {\n  return\n}\n";
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(g_ctx, text, strlen(text), &po, &m));
  if (!m) return;
  cx_symbol_table_t t;
  cx_status_t st = cx_symbol_table_build(&t, m);
  CX_EXPECT(st && strstr(cx_status_message(st), "redefinition of symbol named 'f'"));
  CX_EXPECT(st && cx_status_location(st) && strstr(cx_status_location(st), "dup.mlir:4"));
  cx_status_free(st);
  cx_symbol_table_destroy(&t);
  st = cx_module_verify(m);
  CX_EXPECT(st && strstr(cx_status_message(st), "redefinition"));
  cx_status_free(st);
  cx_module_destroy(m);
}

CX_TEST(module_lookup_follows_changes) {
  cx_module_t* m = ir_parse(g_ctx, kThreeFuncs);
  if (!m) return;
  cx_op_t* helper = cx_module_lookup_func(m, "helper");
  CX_EXPECT(helper == ir_find(m, "func.func", 1));
  CX_EXPECT(cx_module_lookup_func(m, "absent") == NULL);
  // Erased behind the cached table's back: the lookup notices.
  cx_op_erase(helper);
  CX_EXPECT(cx_module_lookup_func(m, "helper") == NULL);
  // Renamed behind its back.
  cx_op_t* other = cx_module_lookup_func(m, "other");
  CX_EXPECT(other != NULL);
  const cx_attr_t* name = cx_attr_string(&m->arena, "fresh", 5);
  CX_EXPECT_OK(cx_op_set_attr(m, other, m->ctx->names[CX_NAME_sym_name], name));
  CX_EXPECT(cx_module_lookup_func(m, "other") == NULL);
  CX_EXPECT(cx_module_lookup_func(m, "fresh") == other);
  cx_module_destroy(m);
}

IR_TEST_MAIN(IR_TEST(set_operand_moves_the_use), IR_TEST(replace_all_uses_and_erase),
             IR_TEST(replace_uses_if_skips_rejected_uses), IR_TEST(erase_drops_uses_of_nested_ops),
             IR_TEST(insert_move_and_order), IR_TEST(value_ids_are_unique_and_grow),
             IR_TEST(traits_and_counts), IR_TEST(symbol_table),
             IR_TEST(symbol_table_refuses_duplicates), IR_TEST(module_lookup_follows_changes))
