// The greedy rewrite driver: fixpoints (including ops created by patterns),
// the iteration and rewrite bounds, per-pattern statistics, dead-code
// removal that keeps side effects, scopes, and the rewriter's bookkeeping
// (erased ops leave the worklist; erasing a used op is an error).
#include "ir/rewrite.h"

#include "ir/infer.h"
#include "ir/ir_test_util.h"

// neg(neg(x)) -> x
static cx_status_t neg_neg(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_op_t* inner = cx_op_operand(op, 0)->def_op;
  if (!inner || inner->kind != CX_OP_NEGATE) return NULL;
  cx_value_t* x = cx_op_operand(inner, 0);
  cx_rw_replace_op(rw, op, &x);
  *applied = true;
  return NULL;
}

// subtract(a, b) -> add(a, neg(b)): creates ops for other patterns.
static cx_status_t sub_to_add(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_value_t* a = cx_op_operand(op, 0);
  cx_value_t* b = cx_op_operand(op, 1);
  const cx_type_t* t = op->results[0].type;
  cx_value_t* nb;
  CX_RETURN_IF_ERROR(cx_build_value(cx_rw_builder(rw), CX_OP_NEGATE, 1, &b, t, 0, NULL, &nb));
  cx_value_t* ab[2] = {a, nb};
  cx_value_t* sum;
  CX_RETURN_IF_ERROR(cx_build_value(cx_rw_builder(rw), CX_OP_ADD, 2, ab, t, 0, NULL, &sum));
  cx_rw_replace_op(rw, op, &sum);
  *applied = true;
  return NULL;
}

static cx_status_t run(cx_module_t* m, cx_op_t* scope, const cx_pattern_t* patterns, int n,
                       const cx_rewrite_config_t* cfg, cx_rewrite_stats_t* stats,
                       cx_pattern_set_t* out_set) {
  cx_pattern_set_t set;
  cx_pattern_set_init(&set);
  cx_status_t st = NULL;
  for (int i = 0; i < n && !st; i++) st = cx_pattern_set_add(&set, &patterns[i]);
  if (!st) st = cx_rewrite_greedy(m, scope, &set, cfg, stats);
  if (out_set) {
    *out_set = set;
  } else {
    cx_pattern_set_destroy(&set);
  }
  return st;
}

CX_TEST(fixpoint_and_statistics) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %0 = stablehlo.negate %x : tensor<4xf32>\n"
      "  %1 = stablehlo.negate %0 : tensor<4xf32>\n"
      "  %2 = stablehlo.negate %1 : tensor<4xf32>\n"
      "  %3 = stablehlo.negate %2 : tensor<4xf32>\n"
      "  %4 = stablehlo.negate %3 : tensor<4xf32>\n"
      "  return %4 : tensor<4xf32>\n"
      "}\n");
  if (!m) return;
  cx_pattern_t p[] = {{"neg_neg", CX_OP_NEGATE, neg_neg, NULL}};
  cx_rewrite_stats_t stats;
  cx_pattern_set_t set;
  CX_EXPECT_OK(run(m, NULL, p, 1, NULL, &stats, &set));
  CX_EXPECT(stats.converged);
  CX_EXPECT_EQ_U64(stats.iterations, 2);  // one that changed, one that confirmed
  CX_EXPECT_EQ_U64(stats.rewrites, 2);
  CX_EXPECT_EQ_U64(cx_pattern_set_applied(&set, "neg_neg"), 2);
  CX_EXPECT_EQ_U64(stats.dead_ops_erased, 2);  // %0 and %2, left without users
  CX_EXPECT_EQ_U64(ir_count_ops(cx_func_body(ir_find(m, "func.func", 0))), 2);
  IR_EXPECT_PRINTS(m, "%0 = stablehlo.negate %arg0 : tensor<4xf32>\n    return %0");
  IR_EXPECT_VERIFIES(m);
  // Counts accumulate over runs; a second run has nothing to do.
  CX_EXPECT_OK(cx_rewrite_greedy(m, NULL, &set, NULL, &stats));
  CX_EXPECT(stats.converged && stats.iterations == 1 && stats.rewrites == 0);
  CX_EXPECT_EQ_U64(cx_pattern_set_applied(&set, "neg_neg"), 2);
  cx_pattern_set_destroy(&set);
  cx_module_destroy(m);
}

CX_TEST(new_ops_are_visited) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %0 = stablehlo.negate %b : tensor<4xf32>\n"
      "  %1 = stablehlo.subtract %a, %0 : tensor<4xf32>\n"
      "  return %1 : tensor<4xf32>\n"
      "}\n");
  if (!m) return;
  cx_pattern_t p[] = {{"neg_neg", CX_OP_NEGATE, neg_neg, NULL},
                      {"sub_to_add", CX_OP_SUBTRACT, sub_to_add, NULL}};
  cx_rewrite_stats_t stats;
  cx_pattern_set_t set;
  CX_EXPECT_OK(run(m, NULL, p, 2, NULL, &stats, &set));
  // a - (-b) -> a + -(-b) -> a + b within the first sweep.
  CX_EXPECT(stats.converged && stats.iterations == 2 && stats.rewrites == 2);
  CX_EXPECT_EQ_U64(cx_pattern_set_applied(&set, "sub_to_add"), 1);
  CX_EXPECT_EQ_U64(cx_pattern_set_applied(&set, "neg_neg"), 1);
  CX_EXPECT_EQ_U64(ir_count_ops(cx_func_body(ir_find(m, "func.func", 0))), 2);
  IR_EXPECT_PRINTS(m, "%0 = stablehlo.add %arg0, %arg1 : tensor<4xf32>");
  IR_EXPECT_VERIFIES(m);
  cx_pattern_set_destroy(&set);
  cx_module_destroy(m);
}

// Claims to apply and changes an attribute without telling the rewriter:
// every sweep finds it again, so only the iteration bound stops the driver.
static cx_status_t restless(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  const char* name = cx_intern(g_ctx, "touched", 7);
  const cx_attr_t* old = cx_op_attr(op, name);
  const cx_attr_t* v = cx_attr_i64(rw->module, old ? old->integer + 1 : 1);
  if (!name || !v) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_op_set_attr(rw->module, op, name, v));
  *applied = true;
  return NULL;
}

// Swaps the operands of a commutative op, telling the rewriter: the op is
// revisited at once, so within one sweep it never stops.
static cx_status_t swap(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_value_t* a = cx_op_operand(op, 0);
  cx_value_t* b = cx_op_operand(op, 1);
  cx_rw_set_operand(rw, op, 0, b);
  cx_rw_set_operand(rw, op, 1, a);
  *applied = true;
  return NULL;
}

static const char kAdd[] =
    "func.func @main(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %0 = stablehlo.add %a, %b : tensor<4xf32>\n"
    "  return %0 : tensor<4xf32>\n"
    "}\n";

CX_TEST(bounds) {
  cx_module_t* m = ir_parse(g_ctx, kAdd);
  if (!m) return;
  cx_pattern_t p1[] = {{"restless", CX_OP_ADD, restless, NULL}};
  cx_rewrite_config_t cfg = {.max_iterations = 3};
  cx_rewrite_stats_t stats;
  CX_EXPECT_OK(run(m, NULL, p1, 1, &cfg, &stats, NULL));
  CX_EXPECT(!stats.converged && stats.iterations == 3 && stats.rewrites == 3);
  IR_EXPECT_PRINTS(m, "touched = 3");
  cfg.error_if_not_converged = true;
  cx_status_t st = run(m, NULL, p1, 1, &cfg, &stats, NULL);
  CX_EXPECT(st && cx_status_code(st) == CX_FAILED_PRECONDITION &&
            strstr(cx_status_message(st), "did not converge after 3 iterations"));
  cx_status_free(st);
  // An explicit rewrite budget.
  cx_pattern_t p2[] = {{"swap", CX_OP_ADD, swap, NULL}};
  cx_rewrite_config_t cfg2 = {.max_rewrites = 5};
  CX_EXPECT_OK(run(m, NULL, p2, 1, &cfg2, &stats, NULL));
  CX_EXPECT(!stats.converged && stats.iterations == 1 && stats.rewrites == 5);
  IR_EXPECT_PRINTS(m, "stablehlo.add %arg1, %arg0");  // swapped an odd number of times
  // The default budget stops it too.
  CX_EXPECT_OK(run(m, NULL, p2, 1, NULL, &stats, NULL));
  CX_EXPECT(!stats.converged && stats.rewrites == 1024);
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

CX_TEST(dead_code_keeps_effects) {
  static const char kText[] =
      "func.func @main(%a: tensor<4xf32>, %t: !stablehlo.token) -> tensor<4xf32> {\n"
      "  %0 = stablehlo.add %a, %a : tensor<4xf32>\n"
      "  %1 = stablehlo.multiply %0, %0 : tensor<4xf32>\n"
      "  %2 = stablehlo.custom_call @pure_target(%a) : (tensor<4xf32>) -> tensor<4xf32>\n"
      "  %3 = stablehlo.custom_call @effect(%a) {has_side_effect = true} : "
      "(tensor<4xf32>) -> tensor<4xf32>\n"
      "  %4 = \"stablehlo.outfeed\"(%a, %t) : (tensor<4xf32>, !stablehlo.token) -> "
      "!stablehlo.token\n"
      "  %c = stablehlo.constant dense<0.0> : tensor<f32>\n"
      "  %5 = stablehlo.reduce(%a init: %c) across dimensions = [0] : "
      "(tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
      "   reducer(%x: tensor<f32>, %y: tensor<f32>) {\n"
      "    %s = stablehlo.add %x, %y : tensor<f32>\n"
      "    stablehlo.return %s : tensor<f32>\n"
      "  }\n"
      "  return %a : tensor<4xf32>\n"
      "}\n";
  cx_module_t* m = ir_parse(g_ctx, kText);
  if (!m) return;
  cx_rewrite_config_t keep = {.keep_dead_ops = true};
  cx_rewrite_stats_t stats;
  CX_EXPECT_OK(run(m, NULL, NULL, 0, &keep, &stats, NULL));
  CX_EXPECT(stats.converged && stats.dead_ops_erased == 0);
  CX_EXPECT_OK(run(m, NULL, NULL, 0, NULL, &stats, NULL));
  // add, multiply, the pure custom_call, the reduce (pure body) and then its
  // init constant go; the side-effecting custom_call and the outfeed stay.
  CX_EXPECT_EQ_U64(stats.dead_ops_erased, 5);
  CX_EXPECT(stats.converged);
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  CX_EXPECT_EQ_U64(ir_count_ops(body), 3);
  CX_EXPECT(ir_find(m, "stablehlo.outfeed", 0) != NULL);
  IR_EXPECT_PRINTS(m, "@effect(%arg0) {has_side_effect = true}");
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

CX_TEST(scope_is_respected) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %0 = stablehlo.negate %x : tensor<4xf32>\n"
      "  %1 = stablehlo.negate %0 : tensor<4xf32>\n"
      "  return %1 : tensor<4xf32>\n"
      "}\n"
      "func.func @other(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %0 = stablehlo.negate %x : tensor<4xf32>\n"
      "  %1 = stablehlo.negate %0 : tensor<4xf32>\n"
      "  return %1 : tensor<4xf32>\n"
      "}\n");
  if (!m) return;
  cx_pattern_t p[] = {{"neg_neg", CX_OP_NEGATE, neg_neg, NULL}};
  cx_rewrite_stats_t stats;
  CX_EXPECT_OK(run(m, cx_module_lookup_func(m, "other"), p, 1, NULL, &stats, NULL));
  CX_EXPECT(stats.rewrites == 1 && stats.dead_ops_erased == 1);
  CX_EXPECT_EQ_U64(ir_count_ops(cx_func_body(cx_module_lookup_func(m, "main"))), 3);
  CX_EXPECT_EQ_U64(ir_count_ops(cx_func_body(cx_module_lookup_func(m, "other"))), 1);
  cx_module_destroy(m);
}

// On an abs, erases the dead negate further down (still on the worklist).
static cx_status_t erase_next_dead(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_op_t* next = op->next;
  if (!next || next->kind != CX_OP_NEGATE || !cx_op_results_unused(next)) return NULL;
  cx_rw_erase_op(rw, next);
  *applied = true;
  return NULL;
}

// Erases an op that is still used: the rewriter reports it.
static cx_status_t erase_used(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_rw_erase_op(rw, op);
  *applied = true;
  return NULL;
}

CX_TEST(erased_ops_leave_the_worklist) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %0 = stablehlo.abs %x : tensor<4xf32>\n"
      "  %1 = stablehlo.negate %x : tensor<4xf32>\n"
      "  return %0 : tensor<4xf32>\n"
      "}\n");
  if (!m) return;
  cx_pattern_t p[] = {{"erase_next_dead", CX_OP_ABS, erase_next_dead, NULL}};
  cx_rewrite_stats_t stats;
  CX_EXPECT_OK(run(m, NULL, p, 1, NULL, &stats, NULL));
  // The pattern took the negate before the driver reached it as dead.
  CX_EXPECT(stats.rewrites == 1 && stats.dead_ops_erased == 0 && stats.converged);
  CX_EXPECT_EQ_U64(ir_count_ops(cx_func_body(ir_find(m, "func.func", 0))), 2);
  cx_pattern_t bad[] = {{"erase_used", CX_OP_ABS, erase_used, NULL}};
  cx_status_t st = run(m, NULL, bad, 1, NULL, &stats, NULL);
  CX_EXPECT(st && cx_status_code(st) == CX_INTERNAL &&
            strstr(cx_status_message(st), "pattern 'erase_used' erased 'stablehlo.abs'"));
  cx_status_free(st);
  CX_EXPECT(ir_find(m, "stablehlo.abs", 0) != NULL);  // refused, still there
  IR_EXPECT_VERIFIES(m);
  // A pattern set refuses incomplete patterns.
  cx_pattern_set_t set;
  cx_pattern_set_init(&set);
  cx_pattern_t none = {"none", CX_OP_ABS, NULL, NULL};
  CX_EXPECT_ERROR(cx_pattern_set_add(&set, &none));
  cx_pattern_set_destroy(&set);
  cx_module_destroy(m);
}

// Any-op patterns run after the kind's own patterns.
static cx_status_t count_any(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  (void)rw;
  (void)applied;
  int* n = cx_rw_pattern(rw)->user_data;
  if (op->kind == CX_OP_ADD) (*n)++;
  return NULL;
}

CX_TEST(any_op_patterns) {
  cx_module_t* m = ir_parse(g_ctx, kAdd);
  if (!m) return;
  int seen = 0;
  cx_pattern_t p[] = {{"count_any", CX_PATTERN_ANY_OP, count_any, &seen}};
  cx_rewrite_stats_t stats;
  CX_EXPECT_OK(run(m, NULL, p, 1, NULL, &stats, NULL));
  CX_EXPECT(stats.converged && stats.iterations == 1 && seen == 1);
  cx_module_destroy(m);
}

// The example pattern of docs/architecture.md ("Writing a pass"), verbatim.
static cx_status_t neg_of_sub(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_op_t* sub = cx_op_operand(op, 0)->def_op;
  if (!sub || sub->kind != CX_OP_SUBTRACT || !cx_value_has_one_use(cx_op_result(sub, 0)))
    return NULL;                                        // no match: change nothing
  if (!cx_elem_is_integer(cx_tensor_elem(op->results[0].type))) return NULL;
  cx_value_t* ba[2] = {cx_op_operand(sub, 1), cx_op_operand(sub, 0)};
  const cx_type_t* operand_types[2] = {ba[0]->type, ba[1]->type};
  cx_infer_input_t in = {.num_operands = 2, .operand_types = operand_types, .loc = op->loc};
  const cx_type_t* type;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_infer_result_types(rw->module->ctx, CX_OP_SUBTRACT, &in, &type, 1, &n));
  if (type != op->results[0].type) return NULL;         // keep every use's type
  cx_value_t* diff;
  CX_RETURN_IF_ERROR(cx_build_value(cx_rw_builder(rw), CX_OP_SUBTRACT, 2, ba, type, 0, NULL,
                                    &diff));
  cx_rw_replace_op(rw, op, &diff);                      // the old subtract is now dead:
  *applied = true;                                      // the driver erases it
  return NULL;
}

CX_TEST(documented_example) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%a: tensor<3xi32>, %b: tensor<3xi32>, %x: tensor<3xf32>) -> "
      "(tensor<3xi32>, tensor<3xf32>) {\n"
      "  %0 = stablehlo.subtract %a, %b : tensor<3xi32>\n"
      "  %1 = stablehlo.negate %0 : tensor<3xi32>\n"
      "  %2 = stablehlo.subtract %x, %x : tensor<3xf32>\n"
      "  %3 = stablehlo.negate %2 : tensor<3xf32>\n"
      "  return %1, %3 : tensor<3xi32>, tensor<3xf32>\n"
      "}\n");
  if (!m) return;
  cx_pattern_t p[] = {{"neg_of_sub", CX_OP_NEGATE, neg_of_sub, NULL}};
  cx_rewrite_stats_t stats;
  CX_EXPECT_OK(run(m, NULL, p, 1, NULL, &stats, NULL));
  CX_EXPECT(stats.converged && stats.rewrites == 1 && stats.dead_ops_erased == 1);
  IR_EXPECT_PRINTS(m, "%0 = stablehlo.subtract %arg1, %arg0 : tensor<3xi32>");
  IR_EXPECT_PRINTS(m, "%2 = stablehlo.negate %1 : tensor<3xf32>");  // floats untouched
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

IR_TEST_MAIN(IR_TEST(fixpoint_and_statistics), IR_TEST(new_ops_are_visited), IR_TEST(bounds),
             IR_TEST(dead_code_keeps_effects), IR_TEST(scope_is_respected),
             IR_TEST(erased_ops_leave_the_worklist), IR_TEST(any_op_patterns),
             IR_TEST(documented_example))
