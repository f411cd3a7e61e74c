// The parser's memory pieces: the scratch stack (support/scratch.h), the SSA
// name table (ssa_names.c) and the sharing of equal attributes
// (attr_share.c), checked through their own APIs and through parsing.
#include <stdint.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/module.h"
#include "ir/ir.h"
#include "support/scratch.h"
#include "text/parser.h"

// Counts live blocks and bytes, to see what a reset gives back.
typedef struct counting {
  long blocks;
  size_t bytes;
} counting_t;
typedef struct header {
  size_t size, pad;
} header_t;
static void* counting_fn(void* self, void* ptr, size_t n) {
  counting_t* c = self;
  header_t* h = ptr ? (header_t*)ptr - 1 : NULL;
  if (h) {
    c->blocks--;
    c->bytes -= h->size;
  }
  if (!n) {
    cx_allocator_system_fn(NULL, h, 0);
    return NULL;
  }
  header_t* r = cx_allocator_system_fn(NULL, h, n + sizeof(header_t));
  if (!r) return NULL;
  r->size = n;
  c->blocks++;
  c->bytes += n;
  return r + 1;
}

CX_TEST(scratch_reset_gives_back_what_came_after_the_mark) {
  counting_t c = {0, 0};
  cx_allocator_t al = {counting_fn, &c};
  cx_scratch_t s;
  cx_scratch_init(&s, al, 256);
  char* a = cx_scratch_alloc(&s, 10);
  CX_EXPECT(a && ((uintptr_t)a & 15) == 0);
  memset(a, 1, 10);
  cx_scratch_mark_t m = cx_scratch_mark(&s);
  // Enough to need several blocks, one of them larger than the block size.
  for (int i = 0; i < 20; i++) {
    char* p = cx_scratch_alloc(&s, 100);
    CX_EXPECT(p && ((uintptr_t)p & 15) == 0);
    memset(p, 2, 100);
  }
  char* big = cx_scratch_alloc(&s, 5000);
  CX_EXPECT(big != NULL);
  memset(big, 3, 5000);
  long during = c.blocks;
  CX_EXPECT(during > 3);
  cx_scratch_reset(&s, m);
  // The first block stays, plus at most one emptied block kept for reuse.
  CX_EXPECT(c.blocks <= 2);
  CX_EXPECT(a[0] == 1 && a[9] == 1);
  // The next allocation continues right after `a`.
  char* b = cx_scratch_alloc(&s, 16);
  CX_EXPECT(b == a + 16);
  cx_scratch_destroy(&s);
  CX_EXPECT_EQ_I64(c.blocks, 0);
  CX_EXPECT_EQ_U64(c.bytes, 0);
}

static void* failing_fn(void* self, void* ptr, size_t n) {
  if (n) return NULL;
  return cx_allocator_system_fn(self, ptr, 0);
}

CX_TEST(scratch_out_of_memory_is_null) {
  cx_scratch_t s;
  cx_scratch_init(&s, (cx_allocator_t){failing_fn, NULL}, 256);
  CX_EXPECT(cx_scratch_alloc(&s, 8) == NULL);
  CX_EXPECT(cx_scratch_alloc(&s, SIZE_MAX - 8) == NULL);
  cx_scratch_destroy(&s);
}

// Names bound in nested scopes: shadowing, restoring, isolation, result
// counts read back from the text.
CX_TEST(ssa_names_scopes) {
  // The names as the parser would see them in the input.
  static const char text[] = "x:3 y a0 x y";
  const char* x = text;
  const char* y = text + 4;
  const char* a0 = text + 6;
  const char* x2 = text + 9;
  const char* y2 = text + 11;
  cx_op_t op;
  memset(&op, 0, sizeof(op));
  cx_value_t results[3], inner[1], arg;
  memset(results, 0, sizeof(results));
  memset(inner, 0, sizeof(inner));
  memset(&arg, 0, sizeof(arg));
  for (int i = 0; i < 3; i++) results[i].def_op = &op;
  inner[0].def_op = &op;
  cx_ssa_names_t t;
  cx_ssa_names_init(&t, cx_allocator_system(), text + sizeof(text) - 1);
  CX_EXPECT(cx_ssa_names_bind(&t, x, 1, results) == CX_SSA_NO_SCOPE);
  CX_EXPECT(cx_ssa_names_push(&t, true));
  CX_EXPECT(cx_ssa_names_bind(&t, x, 1, results) == CX_SSA_BOUND);
  CX_EXPECT(cx_ssa_names_bind(&t, a0, 2, &arg) == CX_SSA_BOUND);
  CX_EXPECT(cx_ssa_names_bind(&t, x2, 1, inner) == CX_SSA_REDEFINED);
  cx_ssa_entry_t found;
  const cx_ssa_entry_t* e = &found;
  CX_EXPECT(cx_ssa_names_lookup(&t, "x", 1, &found) && e->values == results);
  CX_EXPECT_EQ_U64(cx_ssa_entry_count(&t, e), 3);  // `x:3`
  CX_EXPECT(cx_ssa_names_lookup(&t, "a0", 2, &found) && e->values == &arg);
  CX_EXPECT_EQ_U64(cx_ssa_entry_count(&t, e), 0);  // a block argument
  CX_EXPECT(!cx_ssa_names_lookup(&t, "a", 1, &found));
  CX_EXPECT(!cx_ssa_names_lookup(&t, "y", 1, &found));
  // A nested region: `x` shadowed, `y` new.
  CX_EXPECT(cx_ssa_names_push(&t, false));
  CX_EXPECT(cx_ssa_names_bind(&t, x2, 1, inner) == CX_SSA_BOUND);
  CX_EXPECT(cx_ssa_names_bind(&t, y, 1, inner) == CX_SSA_BOUND);
  CX_EXPECT(cx_ssa_names_lookup(&t, "x", 1, &found) && e->values == inner);
  CX_EXPECT_EQ_U64(cx_ssa_entry_count(&t, e), 1);
  CX_EXPECT(cx_ssa_names_lookup(&t, "a0", 2, &found));  // outer names stay visible
  // An isolated scope (a nested function) hides everything outside it.
  CX_EXPECT(cx_ssa_names_push(&t, true));
  CX_EXPECT(!cx_ssa_names_lookup(&t, "x", 1, &found));
  CX_EXPECT(!cx_ssa_names_lookup(&t, "a0", 2, &found));
  CX_EXPECT(cx_ssa_names_bind(&t, y2, 1, results) == CX_SSA_BOUND);
  cx_ssa_names_pop(&t);
  cx_ssa_names_pop(&t);
  // Back in the function: the shadowed `x` is restored, `y` is gone.
  CX_EXPECT(cx_ssa_names_lookup(&t, "x", 1, &found) && e->values == results);
  CX_EXPECT(!cx_ssa_names_lookup(&t, "y", 1, &found));
  cx_ssa_names_pop(&t);
  CX_EXPECT(!cx_ssa_names_lookup(&t, "x", 1, &found));
  cx_ssa_names_destroy(&t);
}

// Many names through growth of the index, and a pop that removes them all.
CX_TEST(ssa_names_many) {
  enum { N = 20000 };
  static char text[N * 8];
  size_t len = 0;
  static uint32_t offsets[N];
  for (int i = 0; i < N; i++) {
    offsets[i] = (uint32_t)len;
    len += (size_t)sprintf(text + len, "%d ", i);
  }
  static cx_value_t values[N];
  cx_op_t op;
  memset(&op, 0, sizeof(op));
  for (int i = 0; i < N; i++) values[i].def_op = &op;
  cx_ssa_names_t t;
  cx_ssa_names_init(&t, cx_allocator_system(), text + len);
  CX_EXPECT(cx_ssa_names_push(&t, true));
  CX_EXPECT(cx_ssa_names_push(&t, false));
  for (int i = 0; i < N; i++) {
    const char* name = text + offsets[i];
    uint32_t n = (uint32_t)(strchr(name, ' ') - name);
    if (cx_ssa_names_bind(&t, name, n, &values[i]) != CX_SSA_BOUND) CX_FAIL_("bind %d", i);
  }
  for (int i = 0; i < N; i += 7) {
    char name[16];
    int n = sprintf(name, "%d", i);
    cx_ssa_entry_t e;
    if (!cx_ssa_names_lookup(&t, name, (uint32_t)n, &e) || e.values != &values[i])
      CX_FAIL_("lookup %d", i);
  }
  cx_ssa_names_pop(&t);
  cx_ssa_entry_t found;
  CX_EXPECT(!cx_ssa_names_lookup(&t, "0", 1, &found));
  CX_EXPECT(!cx_ssa_names_lookup(&t, "19999", 5, &found));
  CX_EXPECT_EQ_U64(t.live, 0);
  cx_ssa_names_destroy(&t);
}

static cx_context_t* g_ctx;

static cx_module_t* parse(const char* text) {
  cx_module_t* m = NULL;
  cx_parse_options_t po = {"t.mlir", 1, true};
  cx_status_t st = cx_module_parse_text(g_ctx, text, strlen(text), &po, &m);
  if (st) {
    cx_status_print(st, stderr);
    cx_status_free(st);
    return NULL;
  }
  return m;
}

// The first op (the function) of parse(text); NULL, a failure, if it does
// not parse.
static cx_op_t* parse_first_op(const char* text, cx_module_t** m) {
  *m = parse(text);
  CX_EXPECT(*m != NULL);
  return *m ? cx_module_block(*m)->first_op : NULL;
}

static const cx_attr_t* attr_of(cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (!strcmp(op->attrs[i].name, name)) return op->attrs[i].value;
  return NULL;
}

// Equal attributes of different ops are one attribute; different ones are
// not; the module still prints what it read.
CX_TEST(equal_attributes_are_shared) {
  static const char text[] =
      "func.func @f(%a: tensor<2xf32> {mhlo.sharding = \"{replicated}\"},\n"
      "             %b: tensor<2xf32> {mhlo.sharding = \"{replicated}\"}) -> tensor<2x3xf32> {\n"
      "  %0 = stablehlo.broadcast_in_dim %a, dims = [0] : (tensor<2xf32>) -> tensor<2x3xf32>\n"
      "  %1 = stablehlo.broadcast_in_dim %b, dims = [0] : (tensor<2xf32>) -> tensor<2x3xf32>\n"
      "  %2 = stablehlo.broadcast_in_dim %a, dims = [1] : (tensor<2xf32>) -> tensor<3x2xf32>\n"
      "  %3 = stablehlo.compare LT, %0, %1, FLOAT : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>\n"
      "  %4 = stablehlo.compare LT, %1, %0, FLOAT : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>\n"
      "  %5 = stablehlo.add %0, %1 : tensor<2x3xf32>\n"
      "  return %5 : tensor<2x3xf32>\n"
      "}\n";
  cx_module_t* m;
  cx_op_t* f = parse_first_op(text, &m);
  if (!f) return;
  cx_op_t* ops[7];
  int n = 0;
  for (cx_op_t* op = cx_region_block(&f->regions[0])->first_op; op && n < 7; op = op->next)
    ops[n++] = op;
  CX_EXPECT_EQ_I64(n, 7);
  const cx_attr_t* d0 = attr_of(ops[0], "broadcast_dimensions");
  const cx_attr_t* d1 = attr_of(ops[1], "broadcast_dimensions");
  const cx_attr_t* d2 = attr_of(ops[2], "broadcast_dimensions");
  CX_EXPECT(d0 && d0 == d1);
  CX_EXPECT(d2 && d2 != d0 && d2->dense_array.ints[0] == 1);
  CX_EXPECT(attr_of(ops[3], "comparison_direction") == attr_of(ops[4], "comparison_direction"));
  CX_EXPECT(attr_of(ops[3], "comparison_direction") != NULL);
  const cx_attr_t* args = attr_of(f, "arg_attrs");
  CX_EXPECT(args && args->kind == CX_ATTR_ARRAY && args->array.count == 2);
  if (args && args->array.count == 2) CX_EXPECT(args->array.items[0] == args->array.items[1]);
  CX_EXPECT_OK(cx_module_verify(m));
  char* printed = NULL;
  CX_EXPECT_OK(cx_module_print(m, NULL, &printed));
  CX_EXPECT(printed && strstr(printed, "dims = [1]") && strstr(printed, "dims = [0]"));
  CX_EXPECT(printed && strstr(printed, "mhlo.sharding = \"{replicated}\""));
  cx_free_malloced(printed);
  cx_module_destroy(m);
}

// An alias resolved while an attribute is parsed keeps its memory even when
// the attribute itself turns out to be a duplicate.
CX_TEST(alias_parsed_inside_a_duplicate_survives) {
  static const char text[] =
      "#d = {k = [1, 2]}\n"
      "func.func @f(%a: tensor<2xf32> {x = {k = [1, 2]}}, %b: tensor<2xf32> {x = #d},\n"
      "             %c: tensor<2xf32> {y = #d}) -> tensor<2xf32> {\n"
      "  return %a : tensor<2xf32>\n"
      "}\n";
  cx_module_t* m;
  cx_op_t* f = parse_first_op(text, &m);
  if (!f) return;
  const cx_attr_t* args = attr_of(f, "arg_attrs");
  CX_EXPECT(args && args->array.count == 3);
  if (args && args->array.count == 3) {
    CX_EXPECT(args->array.items[0] == args->array.items[1]);
    const cx_attr_t* y = args->array.items[2];
    CX_EXPECT(y->kind == CX_ATTR_DICT && y->dict.count == 1);
    const cx_attr_t* d = y->dict.items[0].value;
    CX_EXPECT(d->kind == CX_ATTR_DICT && d->dict.count == 1);
    const cx_attr_t* k = d->dict.items[0].value;
    CX_EXPECT(k->kind == CX_ATTR_ARRAY && k->array.count == 2);
  }
  char* printed = NULL;
  CX_EXPECT_OK(cx_module_print(m, NULL, &printed));
  CX_EXPECT(printed && strstr(printed, "y = {k = [1 : i64, 2 : i64]}"));
  cx_free_malloced(printed);
  cx_module_destroy(m);
}

int main(void) {
  if (cx_context_create(cx_allocator_system(), &g_ctx)) return 1;
  CX_RUN(scratch_reset_gives_back_what_came_after_the_mark);
  CX_RUN(scratch_out_of_memory_is_null);
  CX_RUN(ssa_names_scopes);
  CX_RUN(ssa_names_many);
  CX_RUN(equal_attributes_are_shared);
  CX_RUN(alias_parsed_inside_a_duplicate_survives);
  cx_context_destroy(g_ctx);
  return CX_TEST_EXIT();
}
