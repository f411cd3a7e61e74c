// Walks (pre-order, post-order, reverse; skip and interrupt; erasing the
// current op) and dominance.
#include "ir/walk.h"

#include "ir/ir_test_util.h"

// main: add, reduce { mul, return }, negate, return.
static const char kNested[] =
    "func.func @main(%x: tensor<4xf32>, %init: tensor<f32>) -> tensor<f32> {\n"
    "  %s = stablehlo.add %x, %x : tensor<4xf32>\n"
    "  %r = stablehlo.reduce(%s init: %init) across dimensions = [0] : "
    "(tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
    "   reducer(%a: tensor<f32>, %b: tensor<f32>) {\n"
    "    %p = stablehlo.multiply %a, %b : tensor<f32>\n"
    "    stablehlo.return %p : tensor<f32>\n"
    "  }\n"
    "  %n = stablehlo.negate %r : tensor<f32>\n"
    "  return %n : tensor<f32>\n"
    "}\n";

typedef struct trace {
  char text[512];
  const char* skip;       // return SKIP at this op (pre-order)
  const char* interrupt;  // return INTERRUPT at this op
} trace_t;

// Records "name," for each op visited (without the dialect prefix).
static cx_walk_result_t record(cx_op_t* op, void* arg) {
  trace_t* t = arg;
  const char* dot = strchr(op->name, '.');
  const char* shortname = dot ? dot + 1 : op->name;
  size_t n = strlen(t->text);
  snprintf(t->text + n, sizeof(t->text) - n, "%s,", shortname);
  if (t->interrupt && strcmp(op->name, t->interrupt) == 0) return CX_WALK_INTERRUPT;
  if (t->skip && strcmp(op->name, t->skip) == 0) return CX_WALK_SKIP;
  return CX_WALK_ADVANCE;
}

CX_TEST(orders) {
  cx_module_t* m = ir_parse(g_ctx, kNested);
  if (!m) return;
  trace_t t = {{0}, NULL, NULL};
  CX_EXPECT(cx_walk_module(m, CX_WALK_PRE_ORDER, record, &t) == CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(t.text, "func,add,reduce,multiply,return,negate,return,");
  memset(&t, 0, sizeof(t));
  CX_EXPECT(cx_walk_module(m, CX_WALK_POST_ORDER, record, &t) == CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(t.text, "add,multiply,return,reduce,negate,return,func,");
  memset(&t, 0, sizeof(t));
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  CX_EXPECT(cx_walk_block_reverse(body, record, &t) == CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(t.text, "return,negate,reduce,add,");
  // A single region.
  memset(&t, 0, sizeof(t));
  cx_op_t* reduce = ir_find(m, "stablehlo.reduce", 0);
  CX_EXPECT(cx_walk_region(&reduce->regions[0], CX_WALK_PRE_ORDER, record, &t) ==
            CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(t.text, "multiply,return,");
  cx_module_destroy(m);
}

CX_TEST(skip_and_interrupt) {
  cx_module_t* m = ir_parse(g_ctx, kNested);
  if (!m) return;
  trace_t t = {{0}, "stablehlo.reduce", NULL};
  CX_EXPECT(cx_walk_module(m, CX_WALK_PRE_ORDER, record, &t) == CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(t.text, "func,add,reduce,negate,return,");
  trace_t u = {{0}, NULL, "stablehlo.multiply"};
  CX_EXPECT(cx_walk_module(m, CX_WALK_PRE_ORDER, record, &u) == CX_WALK_INTERRUPT);
  CX_EXPECT_STREQ(u.text, "func,add,reduce,multiply,");
  trace_t v = {{0}, NULL, "stablehlo.multiply"};
  CX_EXPECT(cx_walk_module(m, CX_WALK_POST_ORDER, record, &v) == CX_WALK_INTERRUPT);
  CX_EXPECT_STREQ(v.text, "add,multiply,");
  // Skip in post-order changes nothing (the regions were visited already).
  trace_t w = {{0}, "stablehlo.reduce", NULL};
  CX_EXPECT(cx_walk_module(m, CX_WALK_POST_ORDER, record, &w) == CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(w.text, "add,multiply,return,reduce,negate,return,func,");
  cx_module_destroy(m);
}

// Erases the op if it is trivially dead. A forward walk only catches the
// last op of a dead chain (its producers still have a use when visited);
// the reverse walk erases users first and so takes whole chains.
static cx_walk_result_t erase_dead(cx_op_t* op, void* arg) {
  int* erased = arg;
  if (cx_op_is_trivially_dead(op)) {
    cx_op_erase(op);
    (*erased)++;
  }
  return CX_WALK_ADVANCE;
}

CX_TEST(erase_during_walks) {
  cx_module_t* m = ir_parse(
      g_ctx,
      "func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
      "  %a = stablehlo.add %x, %x : tensor<4xf32>\n"
      "  %b = stablehlo.multiply %a, %a : tensor<4xf32>\n"
      "  %c = stablehlo.negate %b : tensor<4xf32>\n"
      "  %d = stablehlo.abs %x : tensor<4xf32>\n"
      "  return %d : tensor<4xf32>\n"
      "}\n");
  if (!m) return;
  cx_block_t* body = cx_func_body(ir_find(m, "func.func", 0));
  // Post-order (forward): only the negate is dead when visited; erasing it
  // is safe and the walk goes on to the ops after it.
  int erased = 0;
  CX_EXPECT(cx_walk_module(m, CX_WALK_POST_ORDER, erase_dead, &erased) == CX_WALK_ADVANCE);
  CX_EXPECT_EQ_I64(erased, 1);
  CX_EXPECT_EQ_U64(ir_count_ops(body), 4);
  // Backwards, the chain add <- multiply goes in one sweep.
  erased = 0;
  CX_EXPECT(cx_walk_block_reverse(body, erase_dead, &erased) == CX_WALK_ADVANCE);
  CX_EXPECT_EQ_I64(erased, 2);
  CX_EXPECT_EQ_U64(ir_count_ops(body), 2);
  IR_EXPECT_VERIFIES(m);
  IR_EXPECT_PRINTS(m, "%0 = stablehlo.abs %arg0");
  cx_module_destroy(m);
}

// Pre-order may erase the op it visits if it skips its regions.
static cx_walk_result_t erase_reduce(cx_op_t* op, void* arg) {
  (void)arg;
  if (op->kind != CX_OP_REDUCE) return CX_WALK_ADVANCE;
  cx_value_t* init = cx_op_operand(op, 1);
  cx_value_replace_all_uses(cx_op_result(op, 0), init);
  cx_op_erase(op);
  return CX_WALK_SKIP;
}

CX_TEST(pre_order_erase_with_skip) {
  cx_module_t* m = ir_parse(g_ctx, kNested);
  if (!m) return;
  trace_t t = {{0}, NULL, NULL};
  CX_EXPECT(cx_walk_module(m, CX_WALK_PRE_ORDER, erase_reduce, NULL) == CX_WALK_ADVANCE);
  CX_EXPECT(cx_walk_module(m, CX_WALK_PRE_ORDER, record, &t) == CX_WALK_ADVANCE);
  CX_EXPECT_STREQ(t.text, "func,add,negate,return,");
  IR_EXPECT_VERIFIES(m);
  cx_module_destroy(m);
}

CX_TEST(dominance) {
  cx_module_t* m = ir_parse(g_ctx, kNested);
  if (!m) return;
  cx_op_t* func = ir_find(m, "func.func", 0);
  cx_block_t* body = cx_func_body(func);
  cx_op_t* add = ir_find(m, "stablehlo.add", 0);
  cx_op_t* reduce = ir_find(m, "stablehlo.reduce", 0);
  cx_op_t* mul = ir_find(m, "stablehlo.multiply", 0);
  cx_op_t* neg = ir_find(m, "stablehlo.negate", 0);
  cx_block_t* rbody = reduce->regions[0].first_block;
  // Arguments dominate everything nested in their block.
  CX_EXPECT(cx_value_dominates(body->args[1], mul));
  CX_EXPECT(cx_value_dominates(rbody->args[0], mul));
  CX_EXPECT(!cx_value_dominates(rbody->args[0], neg));
  // Results dominate later ops and their nested ops, not earlier ones, not
  // the defining op itself nor its regions.
  CX_EXPECT(cx_value_dominates(cx_op_result(add, 0), mul));
  CX_EXPECT(cx_value_dominates(cx_op_result(reduce, 0), neg));
  CX_EXPECT(!cx_value_dominates(cx_op_result(neg, 0), add));
  CX_EXPECT(!cx_value_dominates(cx_op_result(reduce, 0), mul));
  CX_EXPECT(!cx_value_dominates(cx_op_result(reduce, 0), reduce));
  CX_EXPECT(!cx_value_dominates(cx_op_result(mul, 0), neg));
  CX_EXPECT(cx_op_dominates(add, mul) && !cx_op_dominates(mul, add) && !cx_op_dominates(add, add));
  CX_EXPECT(cx_block_find_ancestor_op(body, mul) == reduce);
  CX_EXPECT(cx_block_find_ancestor_op(rbody, neg) == NULL);
  CX_EXPECT(cx_op_is_ancestor(func, mul) && !cx_op_is_ancestor(mul, func));
  CX_EXPECT(cx_block_encloses(body, rbody) && !cx_block_encloses(rbody, body));
  // A use that does not dominate is what the verifier reports.
  cx_op_set_operand(mul, 1, cx_op_result(neg, 0));
  cx_status_t st = cx_module_verify(m);
  CX_EXPECT(st && strstr(cx_status_message(st), "operand #1 does not dominate this use"));
  cx_status_free(st);
  cx_module_destroy(m);
}

IR_TEST_MAIN(IR_TEST(orders), IR_TEST(skip_and_interrupt), IR_TEST(erase_during_walks),
             IR_TEST(pre_order_erase_with_skip), IR_TEST(dominance))
