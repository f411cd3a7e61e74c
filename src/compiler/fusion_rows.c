// Row fusions (fusion_rows.h): softmax, layer-norm and their kin as one
// kernel per row.
//
// Why. As generic fusions, a softmax is four kernels (max, exp, sum,
// divide) that read each row from memory five times and write it twice,
// and the reductions, whose outputs are as long as the number of rows,
// run each on one thread. A row fusion computes a row's reductions and
// then its outputs while the row is in cache, one row per work item.
//
// What joins. From a root whose result has shape S (rank >= 1, last
// dimension n >= 2), the group grows through its operands' producers in
// the same block that are not planned yet, classified by kind:
//   element   strictly elementwise ops (every operand read at the same
//             index) with result shape S and operands of shape S or rank 0;
//   reduce    reduce of S-shaped operands over exactly dimension rank-1:
//             its results are per-row values (shape S without its last
//             dimension, "R");
//   row       elementwise ops on per-row values (shape R, or R with a
//             trailing 1, "R1", as keepdims exports spell it) or on
//             scalars, reshapes and broadcasts from R to R1 (as PyTorch
//             exports keepdims), and broadcasts of scalars to R or R1;
//   spread    broadcast_in_dim of a per-row value back to S that keeps the
//             outer dimensions in place (dims [0..rank-2] from R, [0..rank-1]
//             from R1).
//   free      any other op a generic fusion computes per element (a
//             transpose, a broadcast of a mask), from which only other
//             free ops join: it must not read per-row values, since it may
//             read its operands at other rows.
// Then every op (but the root) with a use outside the group leaves it, and
// every free op that reads a group op of another kind, until none does:
// its result goes to a buffer and is read like any input. The group is a
// row fusion if a reduce remains.
//
// Why this is enough for the code generator (codegen/emit_rows.c), which
// computes each per-row value that depends on a reduction once per row
// and hands out that value whatever index a consumer asks for: per-row
// values are read only by ops of the group (the pruning), and those read
// them at the row being computed (element ops keep the index, spreads
// keep the outer index, row ops and reductions produce per-row values from
// per-row values, scalars or the row's elements). Free ops, which may
// remap indices, read no per-row value, and nothing outside the group
// can, so no per-row value is ever asked for at another row.
#include "compiler/fusion_rows.h"

#include <stdlib.h>
#include <string.h>

#include "codegen/cg.h"
#include "compiler/fusion.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"
#include "support/checked.h"

enum { SINGLE_ROW_MAX = 16384 };

typedef enum { KIND_NONE, KIND_ELEMENT, KIND_REDUCE, KIND_ROW, KIND_SPREAD, KIND_FREE } kind_t;

typedef struct shape {
  uint32_t rank;          // of S
  const int64_t* dims;    // S
} shape_t;

static bool is_tensor_shape(const cx_value_t* v, uint32_t rank, const int64_t* dims) {
  const cx_type_t* t = v->type;
  if (!cx_type_is_tensor(t) || cx_tensor_is_quantized(t) || !cx_tensor_has_static_shape(t) ||
      t->tensor.rank != rank)
    return false;
  for (uint32_t d = 0; d < rank; d++)
    if (t->tensor.dims[d] != dims[d]) return false;
  return true;
}

static bool is_s(const shape_t* s, const cx_value_t* v) { return is_tensor_shape(v, s->rank, s->dims); }
static bool is_r(const shape_t* s, const cx_value_t* v) { return is_tensor_shape(v, s->rank - 1, s->dims); }
// R with a trailing 1.
static bool is_r1_value(const shape_t* s, const cx_value_t* v) {
  const cx_type_t* t = v->type;
  if (!cx_type_is_tensor(t) || cx_tensor_is_quantized(t) || !cx_tensor_has_static_shape(t) ||
      t->tensor.rank != s->rank || t->tensor.dims[s->rank - 1] != 1)
    return false;
  for (uint32_t d = 0; d + 1 < s->rank; d++)
    if (t->tensor.dims[d] != s->dims[d]) return false;
  return true;
}
static bool is_rank0(const cx_value_t* v) {
  return cx_type_is_tensor(v->type) && !cx_tensor_is_quantized(v->type) && v->type->tensor.rank == 0;
}

static bool is_scalar(const shape_t* s, const cx_value_t* v) {
  (void)s;
  return is_rank0(v);
}

// Elementwise in the strict sense: every operand element at the result's
// index (no index remapping, no regions).
bool cx_fusion_is_elementwise(const cx_op_t* op) {
  if (op->num_regions || op->num_results != 1) return false;
  switch (cx_op_info(op->kind)->family) {
    case CX_FAMILY_UNARY:
    case CX_FAMILY_BINARY:
    case CX_FAMILY_SELECT_CLAMP:
    case CX_FAMILY_COMPARE: return true;
    default: break;
  }
  return op->kind == CX_OP_CONVERT;
}

// Result and operands all of shape `ok` (or rank 0).
static bool elementwise_on(const shape_t* s, const cx_op_t* op,
                           bool (*ok)(const shape_t*, const cx_value_t*)) {
  if (!cx_fusion_is_elementwise(op) || !ok(s, cx_op_result((cx_op_t*)op, 0))) return false;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = cx_op_operand((cx_op_t*)op, i);
    if (!ok(s, v) && !is_rank0(v)) return false;
  }
  return true;
}

static bool dims_are(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, uint32_t count) {
  int64_t d[CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(ctx, op, name, d, CX_MAX_RANK, &n) || n != count) return false;
  for (uint32_t i = 0; i < n; i++)
    if (d[i] != (int64_t)i) return false;
  return true;
}

// Ops a generic fusion computes per element (fusion.c's rule: elemental,
// not a constant, no loop of its own per element).
static bool free_op(const cx_op_t* op) {
  if (op->kind == CX_OP_CONSTANT || op->kind == CX_OP_CHLO_CONSTANT || op->num_regions ||
      cx_op_info(op->kind)->family == CX_FAMILY_DOT_CONV || !cx_cg_op_is_elemental(op))
    return false;
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t* t = op->results[i].type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t)) return false;
  }
  return true;
}

static kind_t classify(cx_context_t* ctx, const shape_t* s, const cx_op_t* op) {
  if (op->kind == CX_OP_REDUCE) {
    uint32_t n = op->num_results;
    int64_t d[CX_MAX_RANK];
    uint32_t nd;
    if (n == 0 || op->num_operands != 2 * n || op->num_regions != 1) return KIND_NONE;
    if (!cx_op_get_ints(ctx, op, CX_NAME_dimensions, d, CX_MAX_RANK, &nd) || nd != 1 ||
        d[0] != (int64_t)s->rank - 1)
      return KIND_NONE;
    for (uint32_t i = 0; i < n; i++)
      if (!is_s(s, cx_op_operand((cx_op_t*)op, i)) || !is_rank0(cx_op_operand((cx_op_t*)op, n + i)) ||
          !is_r(s, cx_op_result((cx_op_t*)op, i)))
        return KIND_NONE;
    return KIND_REDUCE;
  }
  if (op->kind == CX_OP_BROADCAST_IN_DIM && op->num_operands == 1 && is_s(s, cx_op_result((cx_op_t*)op, 0))) {
    cx_value_t* x = cx_op_operand((cx_op_t*)op, 0);
    if (is_r(s, x) && dims_are(ctx, op, CX_NAME_broadcast_dimensions, s->rank - 1)) return KIND_SPREAD;
    if (is_r1_value(s, x) && dims_are(ctx, op, CX_NAME_broadcast_dimensions, s->rank)) return KIND_SPREAD;
    return KIND_NONE;
  }
  if (op->kind == CX_OP_BROADCAST_IN_DIM && op->num_operands == 1) {
    // Between the per-row forms (PyTorch's keepdims), or a scalar to one.
    cx_value_t* x = cx_op_operand((cx_op_t*)op, 0);
    cx_value_t* y = cx_op_result((cx_op_t*)op, 0);
    bool to_r = is_r(s, y), to_r1 = is_r1_value(s, y);
    if (!to_r && !to_r1) return KIND_NONE;
    if (is_rank0(x) && !cx_tensor_is_quantized(y->type)) return KIND_ROW;
    if (is_r(s, x) && dims_are(ctx, op, CX_NAME_broadcast_dimensions, s->rank - 1)) return KIND_ROW;
    if (is_r1_value(s, x) && to_r1 && dims_are(ctx, op, CX_NAME_broadcast_dimensions, s->rank)) return KIND_ROW;
    return KIND_NONE;
  }
  if (op->kind == CX_OP_RESHAPE && op->num_operands == 1) {
    cx_value_t* x = cx_op_operand((cx_op_t*)op, 0);
    cx_value_t* y = cx_op_result((cx_op_t*)op, 0);
    if ((is_r(s, x) || is_r1_value(s, x)) && (is_r(s, y) || is_r1_value(s, y))) return KIND_ROW;
    return KIND_NONE;
  }
  if (elementwise_on(s, op, is_s)) return KIND_ELEMENT;
  if (elementwise_on(s, op, is_r) || elementwise_on(s, op, is_r1_value)) return KIND_ROW;
  // Scalars the per-row values read (PyTorch's n - ddof): one element,
  // the same for every row.
  if (elementwise_on(s, op, is_scalar)) return KIND_ROW;
  return KIND_NONE;
}

typedef struct group {
  cx_ptrmap_t in;     // op -> kind (members, root included)
  cx_op_t** ops;
  uint32_t count, cap;
  bool oom;
} group_t;

static void add(group_t* g, cx_op_t* op, kind_t kind) {
  if (g->count == g->cap) {
    uint32_t cap = g->cap ? 2 * g->cap : 16;
    cx_op_t** a = cx_realloc_array(g->in.allocator, g->ops, cap, sizeof(*a));
    if (!a) {
      g->oom = true;
      return;
    }
    g->ops = a;
    g->cap = cap;
  }
  if (!cx_ptrmap_put(&g->in, op, (void*)(uintptr_t)kind)) {
    g->oom = true;
    return;
  }
  g->ops[g->count++] = op;
}

// A free op (computed per element, at whatever index its consumers ask)
// must not read a per-row value, nor anything that does.
static bool free_reads_rows(const group_t* g, const cx_op_t* op) {
  void* kind;
  if ((kind_t)(uintptr_t)cx_ptrmap_get(&g->in, op) != KIND_FREE) return false;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_op_t* d = cx_op_operand((cx_op_t*)op, i)->def_op;
    if (d && cx_ptrmap_find(&g->in, d, &kind) && (kind_t)(uintptr_t)kind != KIND_FREE) return true;
  }
  return false;
}

static bool used_outside(const group_t* g, const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_results; i++)
    for (cx_operand_t* u = op->results[i].first_use; u; u = u->next_use)
      if (!cx_ptrmap_find(&g->in, u->owner, NULL)) return true;
  return false;
}

cx_status_t cx_fusion_row_group(cx_context_t* ctx, cx_op_t* root,
                                bool (*unplanned)(void* arg, const cx_op_t* op), void* arg,
                                cx_op_t*** out_ops, uint32_t* out_count) {
  *out_ops = NULL;
  *out_count = 0;
  if (root->num_results != 1) return NULL;
  const cx_type_t* t = cx_op_result(root, 0)->type;
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || t->tensor.rank == 0 ||
      t->tensor.dims[t->tensor.rank - 1] < 2)
    return NULL;
  // A reshape that keeps the last dimension (PyTorch's [1,12,S,S] ->
  // [12,S,S] before the batched matmul) keeps the rows in order: the rows
  // are its operand's, and it writes them under its own shape.
  bool view = root->kind == CX_OP_RESHAPE && root->num_operands == 1;
  if (view) {
    const cx_type_t* x = cx_op_operand(root, 0)->type;
    if (!cx_type_is_tensor(x) || !cx_tensor_has_static_shape(x) || cx_tensor_is_quantized(x) ||
        cx_tensor_is_quantized(t) || x->tensor.rank == 0 ||
        x->tensor.dims[x->tensor.rank - 1] != t->tensor.dims[t->tensor.rank - 1])
      return NULL;
    t = x;
  }
  shape_t s = {t->tensor.rank, t->tensor.dims};
  if (!view && classify(ctx, &s, root) != KIND_ELEMENT) return NULL;
  // One long row would run on one thread; the generic kernels split it.
  int64_t rows = 1;
  for (uint32_t d = 0; d + 1 < s.rank; d++)
    if (!cx_mul_i64(rows, s.dims[d], &rows)) return NULL;
  if (rows < 2 && s.dims[s.rank - 1] > SINGLE_ROW_MAX) return NULL;

  group_t g;
  memset(&g, 0, sizeof g);
  cx_ptrmap_init(&g.in, ctx->allocator);
  add(&g, root, KIND_ELEMENT);  // a view root grows as an element op would
  // Grow: every unplanned producer of a joining kind.
  bool any_reduce = false;
  for (uint32_t w = 0; w < g.count && !g.oom; w++) {
    cx_op_t* op = g.ops[w];
    bool from_free = (kind_t)(uintptr_t)cx_ptrmap_get(&g.in, op) == KIND_FREE;
    uint32_t nin = op->kind == CX_OP_REDUCE ? op->num_operands / 2 : op->num_operands;
    for (uint32_t i = 0; i < nin; i++) {
      cx_op_t* d = cx_op_operand(op, i)->def_op;
      if (!d || d->block != root->block || cx_ptrmap_find(&g.in, d, NULL) || !unplanned(arg, d)) continue;
      kind_t kind = from_free ? KIND_NONE : classify(ctx, &s, d);
      if (kind == KIND_NONE && free_op(d)) kind = KIND_FREE;
      if (kind == KIND_NONE) continue;
      add(&g, d, kind);
    }
  }
  // Prune: members whose results are read outside the group leave it
  // (which may make their producers' uses outside too).
  for (bool changed = true; changed && !g.oom;) {
    changed = false;
    for (uint32_t i = 1; i < g.count; i++) {
      if (!used_outside(&g, g.ops[i]) && !free_reads_rows(&g, g.ops[i])) continue;
      cx_ptrmap_remove(&g.in, g.ops[i]);
      g.ops[i--] = g.ops[--g.count];
      changed = true;
    }
  }
  for (uint32_t i = 0; i < g.count && !g.oom; i++)
    any_reduce |= (kind_t)(uintptr_t)cx_ptrmap_get(&g.in, g.ops[i]) == KIND_REDUCE;
  // In program order (producers first), as the code generator emits them.
  uint32_t n = 0;
  for (cx_op_t* op = root->block->first_op; op && any_reduce && !g.oom; op = op->next) {
    if (cx_ptrmap_find(&g.in, op, NULL)) g.ops[n++] = op;
    if (op == root) break;
  }
  cx_ptrmap_free(&g.in);
  if (g.oom || !any_reduce) {
    cx_free(ctx->allocator, g.ops);
    return g.oom ? CX_OOM() : NULL;
  }
  *out_ops = g.ops;
  *out_count = n;
  return NULL;
}

bool cx_fusion_is_row_root(const cx_fusion_plan_t* plan, const cx_op_t* root) {
  return cx_ptrmap_find(&plan->rows, root, NULL);
}

cx_status_t cx_fusion_row_ops(const cx_fusion_plan_t* plan, cx_op_t* root, cx_op_t*** out_ops,
                              uint32_t* out_count) {
  uint32_t n = 0;
  for (cx_op_t* op = root->block->first_op; op; op = op->next) {
    if (op == root || cx_ptrmap_get(&plan->roots, op) == root) n++;
    if (op == root) break;
  }
  cx_op_t** ops = cx_alloc_array(plan->allocator, n, sizeof(*ops));
  if (!ops) return CX_OOM();
  n = 0;
  for (cx_op_t* op = root->block->first_op; op; op = op->next) {
    if (op == root || cx_ptrmap_get(&plan->roots, op) == root) ops[n++] = op;
    if (op == root) break;
  }
  *out_ops = ops;
  *out_count = n;
  return NULL;
}
