// interpreter.run_parallel on a grid of several processes, compiled as one
// program (lower_misc.h). The interpreter runs each process in a thread and
// lets them meet at run time (interp/world.h). Compiled code runs on one
// device, so here the processes meet at compile time: their programs are
// placed op by op before the run_parallel op, each process advancing until
// it reaches a collective whose group has not all arrived, or a recv whose
// message has not been sent yet. When every member of a group waits at a
// collective of the same kind and channel over the same group (how the
// interpreter's world matches them), the collective is placed once, as
// plain StableHLO over every member's values, each member's results from
// its own op:
//   all_reduce            a left fold of the computation in group order
//                         (the interpreter's order), as stablehlo.map
//   reduce_scatter        the same fold, then the member's part
//   all_gather            the members' operands concatenated in group order
//   all_to_all            member j: part j of every member's operand,
//                         concatenated in group order
//   collective_permute    the operand of the member's source on its line of
//                         the grid; zeros without a source
//   collective_broadcast  the root's operands (zeros outside every group)
//   collective_reduce     the fold for the group's first member, zeros for
//                         the others and outside every group
//   cross-replica-sum     additions in group order
// replica_id and partition_id become constants; infeed, send and recv go
// through the world of lower_collective.c with the process named.
// Process groups are formed as the spec's "Collective ops" section says
// (the interpreter forms them on its own, in eval_collective.c: the two are
// checked against each other).
//
// A while loop whose body holds collectives is placed once for all
// processes when every process has reached one: a loop over their states
// side by side, run in lockstep, whose body is the processes' bodies placed
// as a grid of their own (run_loops).
//
// What needs processes that really run side by side is a compile error
// naming the op: a collective inside a branch (whether it meets depends on
// values known only at run time) or a loop condition, a loop holding
// collectives that the processes do not all reach together, and a deadlock
// (every process that has not finished waits).
#include <stdio.h>
#include <string.h>

#include "compiler/lower_misc.h"
#include "ir/attr_ints.h"
#include "ir/clone.h"
#include "ir/walk.h"

typedef enum grid_mode {
  CROSS_REPLICA,
  CROSS_PARTITION,
  CROSS_REPLICA_AND_PARTITION,
  FLATTENED_IDS,
} grid_mode_t;

static const char* mode_name(grid_mode_t m) {
  switch (m) {
    case CROSS_REPLICA: return "cross_replica";
    case CROSS_PARTITION: return "cross_partition";
    case CROSS_REPLICA_AND_PARTITION: return "cross_replica_and_partition";
    default: return "flattened_ids";
  }
}

typedef struct proc {
  int64_t r, p, id;    // replica, partition, flattened id r * P + p
  cx_block_t* body;    // its program's (shared by processes of the same program)
  cx_op_t* cursor;     // the next op of its program to place (the terminator when done)
  cx_ir_map_t* map;    // program values -> placed values (a loop's body shares its process's)
  int64_t* group;      // waiting at the collective `cursor`: its group, else NULL
  uint32_t group_n;
  bool at_loop;        // waiting at `cursor`, a while loop holding collectives
} proc_t;

typedef struct grid {
  cx_module_t* m;
  cx_op_t* op;  // the run_parallel or manual computation (ops go before it)
  const char* what;  // its name, for messages
  bool in_loop;      // placing the body of a loop run in lockstep (see run_loops)
  int64_t R, P, n;
  proc_t* procs;
  cx_misc_world_t* world;
  cx_builder_t b;  // places ops before op
  cx_allocator_t al;
} grid_t;

// ---- process groups -----------------------------------------------------------------

static cx_status_t mode_of(grid_t* g, const cx_op_t* op, grid_mode_t* out) {
  int64_t ch = cx_collective_channel(g->m, op);
  switch (op->kind) {
    case CX_OP_ALL_REDUCE:
    case CX_OP_REDUCE_SCATTER:
    case CX_OP_ALL_GATHER: {
      // cross_replica for channel_id <= 0, cross_replica_and_partition for
      // channel_id > 0, flattened_ids with use_global_device_ids too.
      bool global = cx_collective_flag(
          cx_op_attr(op, cx_name(g->m->ctx, CX_NAME_use_global_device_ids)));
      if (global && ch <= 0)
        return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                                 "use_global_device_ids needs a channel_id > 0 (got %lld)",
                                 (long long)ch);
      *out = ch <= 0 ? CROSS_REPLICA : global ? FLATTENED_IDS : CROSS_REPLICA_AND_PARTITION;
      return NULL;
    }
    case CX_OP_CROSS_REPLICA_SUM: *out = CROSS_REPLICA; return NULL;
    default: *out = ch <= 0 ? CROSS_REPLICA : CROSS_PARTITION; return NULL;
  }
}

// The group (flattened ids, in group order) of process `pr` at `op`;
// *found = false if it is in none. collective_permute's group is the
// process's line of the grid: every replica of its partition, or with a
// channel every partition of its replica.
static cx_status_t group_of(grid_t* g, const proc_t* pr, const cx_op_t* op, int64_t** out_ids,
                            uint32_t* out_n, bool* found) {
  *out_ids = NULL;
  *out_n = 0;
  *found = false;
  int64_t R = g->R, P = g->P;
  if (op->kind == CX_OP_COLLECTIVE_PERMUTE) {
    bool across = cx_collective_channel(g->m, op) > 0;
    int64_t n = across ? P : R;
    int64_t* ids = cx_alloc_array(g->al, (size_t)n, sizeof(int64_t));
    if (!ids) return CX_OOM();
    for (int64_t i = 0; i < n; i++) ids[i] = across ? pr->r * P + i : i * P + pr->p;
    *out_ids = ids;
    *out_n = (uint32_t)n;
    *found = true;
    return NULL;
  }
  grid_mode_t mode;
  CX_RETURN_IF_ERROR(mode_of(g, op, &mode));
  cx_i64s_t rg;
  CX_RETURN_IF_ERROR(cx_collective_matrix(g->m, op, CX_NAME_replica_groups, &rg));
  int64_t limit = mode == CROSS_PARTITION ? P : mode == FLATTENED_IDS ? R * P : R;
  int64_t rows = rg.len ? rg.rows : 1, cols = rg.len ? rg.cols : limit;
  // Entries in range, each at most once; -1 pads ragged groups. Empty
  // replica_groups: one group of everyone.
  char* seen = cx_calloc(g->al, (size_t)limit + 1, 1);
  if (!seen) return CX_OOM();
  cx_status_t s = NULL;
  for (uint32_t i = 0; i < rg.len && !s; i++) {
    int64_t id = rg.data[i];
    if (id == -1) continue;
    if (id < 0 || id >= limit)
      s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                            "process group entry %lld is out of range [0, %lld) for %s on a %lld "
                            "x %lld grid",
                            (long long)id, (long long)limit, mode_name(mode), (long long)R,
                            (long long)P);
    else if (seen[id]++)
      s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "process group entry %lld appears twice",
                            (long long)id);
  }
  cx_free(g->al, seen);
  CX_RETURN_IF_ERROR(s);
  int64_t key = mode == CROSS_PARTITION ? pr->p : mode == FLATTENED_IDS ? pr->id : pr->r;
  for (int64_t row = 0; row < rows; row++) {
    int64_t members = 0;
    bool mine = false;
    for (int64_t c = 0; c < cols; c++) {
      int64_t id = rg.len ? rg.data[row * cols + c] : c;
      if (id == -1) continue;
      members++;
      mine |= id == key;
    }
    if (!mine) continue;
    // cross_replica_and_partition is partition-major: [(r, p) for p in
    // partitions for r in group].
    int64_t outer = mode == CROSS_REPLICA_AND_PARTITION ? P : 1;
    int64_t* ids = cx_alloc_array(g->al, (size_t)(members * outer), sizeof(int64_t));
    if (!ids) return CX_OOM();
    uint32_t k = 0;
    for (int64_t part = 0; part < outer; part++)
      for (int64_t c = 0; c < cols; c++) {
        int64_t id = rg.len ? rg.data[row * cols + c] : c;
        if (id == -1) continue;
        switch (mode) {
          case CROSS_REPLICA: ids[k++] = id * P + pr->p; break;
          case CROSS_PARTITION: ids[k++] = pr->r * P + id; break;
          case CROSS_REPLICA_AND_PARTITION: ids[k++] = id * P + part; break;
          case FLATTENED_IDS: ids[k++] = id; break;
        }
      }
    *out_ids = ids;
    *out_n = k;
    *found = true;
    return NULL;
  }
  return NULL;
}

// ---- building blocks ----------------------------------------------------------------

static cx_status_t constant_int(grid_t* g, const cx_type_t* t, int64_t v, cx_value_t** out) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(cx_attr_splat_i64(g->m, t, v, &a));
  return cx_build_constant(&g->b, a, out);
}

static cx_status_t slice_dim(grid_t* g, cx_value_t* x, uint32_t dim, int64_t start, int64_t size,
                             cx_value_t** out) {
  const cx_type_t* t = x->type;
  int64_t lo[CX_MAX_RANK], hi[CX_MAX_RANK];
  for (uint32_t d = 0; d < t->tensor.rank; d++) {
    lo[d] = d == dim ? start : 0;
    hi[d] = d == dim ? start + size : t->tensor.dims[d];
  }
  return cx_build_slice(&g->b, x, lo, hi, out);
}

static cx_status_t concat_dim(grid_t* g, cx_value_t* const* parts, uint32_t n, uint32_t dim,
                              cx_value_t** out) {
  return cx_build_concatenate(&g->b, parts, n, dim, out);
}

// One step of the fold: op's computation (two scalar arguments, one
// result) applied elementwise to (acc, x), as a stablehlo.map whose
// computation is a copy of op's.
static cx_status_t apply_computation(grid_t* g, cx_op_t* op, cx_value_t* acc, cx_value_t* x,
                                     cx_value_t** out) {
  cx_module_t* m = g->m;
  cx_block_t* body = op->num_regions ? cx_region_block(&op->regions[0]) : NULL;
  cx_op_t* term = body ? cx_block_terminator(body) : NULL;
  if (!body || body->num_args != 2 || !term || term->num_operands != 1 ||
      !cx_type_is_tensor(cx_op_operand(term, 0)->type))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "needs a computation of 2 arguments returning 1 tensor");
  const cx_type_t* rt = cx_tensor_with_element(m->ctx, acc->type,
                                               cx_op_operand(term, 0)->type->tensor.element);
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = acc->type->tensor.rank;
  for (uint32_t d = 0; d < rank; d++) dims[d] = d;
  cx_named_attr_t attr = {cx_name(m->ctx, CX_NAME_dimensions), cx_attr_i64_array(m, rank, dims)};
  if (!rt || !attr.value) return CX_OOM();
  cx_value_t* operands[2] = {acc, x};
  cx_op_state_t st = {.kind = CX_OP_MAP,
                      .loc = op->loc,
                      .num_operands = 2,
                      .operands = operands,
                      .num_results = 1,
                      .result_types = &rt,
                      .num_attrs = 1,
                      .attrs = &attr,
                      .num_regions = 1};
  cx_op_t* map_op = NULL;
  CX_RETURN_IF_ERROR(cx_build(&g->b, &st, &map_op));
  cx_ir_map_t vm;
  cx_ir_map_init(&vm, m);
  cx_status_t s = cx_region_clone_into(m, &op->regions[0], &map_op->regions[0], &vm);
  cx_ir_map_free(&vm);
  CX_RETURN_IF_ERROR(s);
  *out = cx_op_result(map_op, 0);
  return NULL;
}

// The reduction of every member's operand i with op's computation: a left
// fold in group order, each value first converted to the computation's
// element type. vals[k * count + i]: operand i of member k.
static cx_status_t fold(grid_t* g, cx_op_t* op, uint32_t count, uint32_t members,
                        cx_value_t* const* vals, uint32_t i, cx_value_t** out) {
  cx_value_t* acc;
  CX_RETURN_IF_ERROR(cx_collective_as_computation_type(&g->b, op, vals[i], &acc));
  for (uint32_t k = 1; k < members; k++) {
    cx_value_t* x;
    CX_RETURN_IF_ERROR(
        cx_collective_as_computation_type(&g->b, op, vals[(size_t)k * count + i], &x));
    CX_RETURN_IF_ERROR(apply_computation(g, op, acc, x, &acc));
  }
  *out = acc;
  return NULL;
}

// ---- one meeting --------------------------------------------------------------------

// The value member `pr` gets for result i of its op `op`.
static cx_status_t give(grid_t* g, proc_t* pr, cx_op_t* op, uint32_t i, cx_value_t* v) {
  cx_value_t* r = cx_op_result(op, i);
  if (!cx_collective_compatible(v->type, r->type))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "result #%u does not have the type of what process (%lld, %lld) "
                             "computes",
                             i, (long long)pr->r, (long long)pr->p);
  return cx_ir_map_value(pr->map, r, v) ? NULL : CX_OOM();
}

static cx_status_t give_zeros(grid_t* g, proc_t* pr, cx_op_t* op, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) {
    cx_value_t* z;
    CX_RETURN_IF_ERROR(cx_collective_zeros(g->m, &g->b, op, cx_op_result(op, i)->type, &z));
    CX_RETURN_IF_ERROR(give(g, pr, op, i, z));
  }
  return NULL;
}

static cx_status_t int_attr(grid_t* g, const cx_op_t* op, cx_name_id_t name, const char* what,
                            int64_t* out) {
  if (!cx_op_get_int(g->m->ctx, op, name, out))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs an integer %s", what);
  return NULL;
}

// The roots of collective_broadcast's data operands (positions in the
// group): 0, or the constant root operand of has_dynamic_root.
static cx_status_t broadcast_roots(grid_t* g, const proc_t* pr, cx_op_t* op, uint32_t count,
                                   uint32_t members, int64_t* roots) {
  for (uint32_t i = 0; i < count; i++) roots[i] = 0;
  if (!cx_collective_flag(cx_op_attr(op, cx_intern(g->m->ctx, "has_dynamic_root", 16))))
    return NULL;
  cx_value_t* r = cx_ir_map_lookup(pr->map, cx_op_operand(op, count));
  const cx_attr_t* a = cx_value_constant_attr(r);
  const void* data;
  size_t nbytes;
  bool splat;
  if (!a || !cx_attr_dense_data(a, &data, &nbytes, &splat) || !cx_type_is_tensor(r->type) ||
      !cx_elem_is_integer(cx_tensor_elem(r->type)))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "has a root computed at run time; compiled code needs a constant "
                             "root");
  cx_elem_t e = cx_tensor_elem(r->type);
  int64_t len = splat ? 1 : cx_tensor_num_elements(r->type);
  if (len != 1 && len != (int64_t)count)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "root must be an integer tensor with one entry per data operand");
  for (uint32_t i = 0; i < count; i++) {
    int64_t k = len == 1 ? 0 : i;
    roots[i] = cx_load_int(e, (const char*)data + (size_t)k * cx_elem_storage_size(e));
    if (roots[i] < 0 || roots[i] >= members)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "root %lld is outside its group of %u",
                               (long long)roots[i], members);
  }
  return NULL;
}

// Member `pr` (position pos in the group) at its op: its results from every
// member's operands vals[k * count + i].
static cx_status_t meet_one(grid_t* g, proc_t* pr, uint32_t pos, uint32_t members, uint32_t count,
                            cx_value_t** vals) {
  cx_op_t* op = pr->cursor;
  cx_allocator_t al = g->al;
  cx_value_t** res = cx_alloc_array(al, (size_t)count * (members + 1) + 1, sizeof(cx_value_t*));
  if (!res) return CX_OOM();
  cx_value_t** parts = res + count;
  cx_status_t s = NULL;
  switch (op->kind) {
    case CX_OP_ALL_REDUCE:
      for (uint32_t i = 0; i < count && !s; i++) s = fold(g, op, count, members, vals, i, &res[i]);
      break;
    case CX_OP_COLLECTIVE_REDUCE:
      if (pos != 0) {
        cx_free(al, res);
        return give_zeros(g, pr, op, count);
      }
      for (uint32_t i = 0; i < count && !s; i++) s = fold(g, op, count, members, vals, i, &res[i]);
      break;
    case CX_OP_REDUCE_SCATTER: {
      int64_t dim;
      s = int_attr(g, op, CX_NAME_scatter_dimension, "scatter_dimension", &dim);
      for (uint32_t i = 0; i < count && !s; i++) {
        s = fold(g, op, count, members, vals, i, &res[i]);
        if (s) break;
        const cx_type_t* t = res[i]->type;
        if (dim < 0 || dim >= t->tensor.rank || t->tensor.dims[dim] % members)
          s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                                "scatter_dimension %lld does not split into %u parts",
                                (long long)dim, members);
        else {
          int64_t part = t->tensor.dims[dim] / members;
          s = slice_dim(g, res[i], (uint32_t)dim, part * pos, part, &res[i]);
        }
      }
      break;
    }
    case CX_OP_ALL_GATHER: {
      int64_t dim;
      s = int_attr(g, op, CX_NAME_all_gather_dim, "all_gather_dim", &dim);
      for (uint32_t i = 0; i < count && !s; i++) {
        for (uint32_t k = 0; k < members; k++) parts[k] = vals[(size_t)k * count + i];
        if (dim < 0 || dim >= parts[0]->type->tensor.rank)
          s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "all_gather_dim %lld is out of range",
                                (long long)dim);
        else
          s = concat_dim(g, parts, members, (uint32_t)dim, &res[i]);
      }
      break;
    }
    case CX_OP_ALL_TO_ALL: {
      int64_t split_dim, concat, split_count;
      s = int_attr(g, op, CX_NAME_split_dimension, "split_dimension", &split_dim);
      if (!s) s = int_attr(g, op, CX_NAME_concat_dimension, "concat_dimension", &concat);
      if (!s) s = int_attr(g, op, CX_NAME_split_count, "split_count", &split_count);
      if (!s && split_count != members)
        s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                              "split_count %lld differs from the group size %u",
                              (long long)split_count, members);
      for (uint32_t i = 0; i < count && !s; i++) {
        const cx_type_t* t = vals[i]->type;
        int64_t rank = t->tensor.rank;
        if (split_dim < 0 || split_dim >= rank || concat < 0 || concat >= rank ||
            t->tensor.dims[split_dim] % members) {
          s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                                "split_dimension %lld / concat_dimension %lld do not fit operand "
                                "#%u split into %u parts",
                                (long long)split_dim, (long long)concat, i, members);
          break;
        }
        int64_t chunk = t->tensor.dims[split_dim] / members;
        for (uint32_t k = 0; k < members && !s; k++)
          s = slice_dim(g, vals[(size_t)k * count + i], (uint32_t)split_dim, chunk * pos, chunk,
                        &parts[k]);
        if (!s) s = concat_dim(g, parts, members, (uint32_t)concat, &res[i]);
      }
      break;
    }
    case CX_OP_COLLECTIVE_PERMUTE: {
      cx_i64s_t pairs;
      s = cx_collective_matrix(g->m, op, CX_NAME_source_target_pairs, &pairs);
      if (!s && pairs.len && pairs.cols != 2)
        s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs source_target_pairs of 2 columns");
      int64_t source = -1;
      for (int64_t k = 0; !s && k < (pairs.len ? pairs.rows : 0); k++) {
        int64_t from = pairs.data[2 * k], to = pairs.data[2 * k + 1];
        if (from < 0 || from >= members || to < 0 || to >= members)
          s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                                "source_target_pairs entry [%lld, %lld] is out of range [0, %u)",
                                (long long)from, (long long)to, members);
        else if (to == pos && source >= 0)
          s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "process %u is the target of two pairs",
                                pos);
        else if (to == pos)
          source = from;
      }
      if (s) break;
      cx_free(al, res);
      if (source < 0) return give_zeros(g, pr, op, 1);
      return give(g, pr, op, 0, vals[source]);
    }
    case CX_OP_COLLECTIVE_BROADCAST: {
      int64_t roots[64];
      if (count > 64) {
        s = cx_lower_op_error(op, CX_UNIMPLEMENTED, "broadcasts more than 64 operands");
        break;
      }
      s = broadcast_roots(g, pr, op, count, members, roots);
      for (uint32_t i = 0; i < count && !s; i++) res[i] = vals[(size_t)roots[i] * count + i];
      break;
    }
    case CX_OP_CROSS_REPLICA_SUM: {
      cx_value_t* x = vals[0];
      if (cx_tensor_is_quantized(x->type)) {
        s = cx_lower_op_error(op, CX_UNIMPLEMENTED, "on quantized tensors");
        break;
      }
      // The interpreter sums from (0, 0) for complex values (a -0 part
      // becomes +0), from the first member otherwise.
      cx_value_t* acc = x;
      uint32_t k0 = 1;
      if (cx_elem_is_complex(cx_tensor_elem(x->type))) {
        s = cx_collective_zeros(g->m, &g->b, op, x->type, &acc);
        k0 = 0;
      }
      for (uint32_t k = k0; k < members && !s; k++) {
        cx_value_t* ab[2] = {acc, vals[k]};
        s = cx_build_value(&g->b, CX_OP_ADD, 2, ab, x->type, 0, NULL, &acc);
      }
      res[0] = acc;
      break;
    }
    default:
      s = cx_lower_op_error(op, CX_INTERNAL, "is not a collective");
  }
  for (uint32_t i = 0; i < count && !s; i++) s = give(g, pr, op, i, res[i]);
  cx_free(al, res);
  return s;
}

// The data operands of a collective (collective_broadcast's root is not one).
static uint32_t data_operands(grid_t* g, const cx_op_t* op) {
  if (op->kind == CX_OP_COLLECTIVE_BROADCAST &&
      cx_collective_flag(cx_op_attr(op, cx_intern(g->m->ctx, "has_dynamic_root", 16))) &&
      op->num_operands)
    return op->num_operands - 1;
  return op->num_operands;
}

// If every member of pr's group waits at a collective of the same kind and
// channel over the same group, places it and moves them all past it.
static cx_status_t try_meet(grid_t* g, proc_t* pr, bool* out_met) {
  *out_met = false;
  cx_op_t* op = pr->cursor;
  int64_t ch = cx_collective_channel(g->m, op);
  uint32_t n = pr->group_n, count = data_operands(g, op);
  for (uint32_t k = 0; k < n; k++) {
    const proc_t* q = &g->procs[pr->group[k]];
    if (!q->group || q->group_n != n || q->cursor->kind != op->kind ||
        cx_collective_channel(g->m, q->cursor) != ch ||
        memcmp(q->group, pr->group, n * sizeof(int64_t)) != 0)
      return NULL;
    if (data_operands(g, q->cursor) != count)
      return cx_lower_op_error(q->cursor, CX_INVALID_ARGUMENT,
                               "has %u operands where another process's has %u",
                               data_operands(g, q->cursor), count);
  }
  cx_value_t** vals = cx_alloc_array(g->al, (size_t)n * count + 1, sizeof(cx_value_t*));
  if (!vals) return CX_OOM();
  for (uint32_t k = 0; k < n; k++) {
    proc_t* q = &g->procs[pr->group[k]];
    for (uint32_t i = 0; i < count; i++)
      vals[(size_t)k * count + i] = cx_ir_map_lookup(q->map, cx_op_operand(q->cursor, i));
  }
  cx_status_t s = NULL;
  int64_t* group = pr->group;  // members' groups are equal; freed below
  for (uint32_t k = 0; k < n && !s; k++) {
    proc_t* q = &g->procs[group[k]];
    g->b.loc = q->cursor->loc;
    s = meet_one(g, q, k, n, count, vals);
  }
  cx_free(g->al, vals);
  CX_RETURN_IF_ERROR(s);
  for (uint32_t k = 0; k < n; k++) {
    proc_t* q = &g->procs[group[k]];
    q->cursor = q->cursor->next;
    if (q->group != group) cx_free(g->al, q->group);
    q->group = NULL;
    q->group_n = 0;
  }
  cx_free(g->al, group);
  *out_met = true;
  return NULL;
}

// ---- placing a process's ops -------------------------------------------------------

// Whether op's regions hold a collective (ops whose processes meet).
static cx_walk_result_t find_collective(cx_op_t* op, void* arg) {
  if (!cx_collective_meets(op->kind)) return CX_WALK_ADVANCE;
  *(bool*)arg = true;
  return CX_WALK_INTERRUPT;
}

static bool holds_collectives(cx_op_t* op) {
  bool found = false;
  for (uint32_t r = 0; r < op->num_regions && !found; r++)
    cx_walk_region(&op->regions[r], CX_WALK_PRE_ORDER, find_collective, &found);
  return found;
}


// Erases a transfer the world left alone because it moves nothing for this
// process: a send that reaches no one, a recv that no pair targets (zeros,
// as for collective_permute). The token passes through.
static cx_status_t settle_transfer(grid_t* g, cx_op_t* op) {
  if (op->kind != CX_OP_SEND && op->kind != CX_OP_RECV) return NULL;  // infeed: fails at run time
  if (!op->num_operands || !op->num_results)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs a token operand and result");
  uint32_t token = op->num_results - 1;
  if (op->kind == CX_OP_RECV) {
    cx_builder_t b;
    cx_builder_init(&b, g->m);
    cx_builder_set_before(&b, op);
    b.loc = op->loc;
    for (uint32_t i = 0; i < token; i++) {
      cx_value_t* z;
      CX_RETURN_IF_ERROR(cx_collective_zeros(g->m, &b, op, cx_op_result(op, i)->type, &z));
      cx_value_replace_all_uses(cx_op_result(op, i), z);
    }
  }
  cx_value_replace_all_uses(cx_op_result(op, token), cx_op_operand(op, op->num_operands - 1));
  cx_op_erase(op);
  return NULL;
}

// A transfer of pr placed at the top of the program: the world gives it its
// meaning and replaces the uses of its results, so an anchor op holds those
// uses until the values that stand for them are in pr's map (the
// program's later ops are placed later, reading through the map).
static cx_status_t place_transfer(grid_t* g, proc_t* pr, cx_op_t* orig, cx_op_t* clone) {
  uint32_t n = clone->num_results;
  cx_value_t** results = cx_alloc_array(g->al, n + 1, sizeof(cx_value_t*));
  if (!results) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) results[i] = cx_op_result(clone, i);
  cx_op_state_t st = {.kind = CX_OP_UNKNOWN,
                      .name = cx_intern(g->m->ctx, "cxla.grid_anchor", 16),
                      .loc = clone->loc,
                      .num_operands = n,
                      .operands = results};
  cx_op_t* anchor = NULL;
  cx_status_t s = st.name ? cx_build(&g->b, &st, &anchor) : CX_OOM();
  cx_free(g->al, results);
  CX_RETURN_IF_ERROR(s);
  bool erased = false;
  cx_misc_world_set_process(g->world, pr->id);
  s = cx_collective_world_op(g->m, g->world, clone, false, &erased);
  if (!s && !erased) s = settle_transfer(g, clone);
  for (uint32_t i = 0; i < n && !s; i++)
    if (!cx_ir_map_value(pr->map, cx_op_result(orig, i), cx_op_operand(anchor, i))) s = CX_OOM();
  cx_op_erase(anchor);
  return s;
}

static cx_status_t id_constant(grid_t* g, const proc_t* pr, cx_op_t* op, cx_value_t** out) {
  const cx_type_t* t = cx_op_result(op, 0)->type;
  if (!cx_type_is_tensor(t) || t->tensor.rank != 0 || !cx_elem_is_integer(cx_tensor_elem(t)))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "must produce an integer scalar");
  return constant_int(g, t, op->kind == CX_OP_REPLICA_ID ? pr->r : pr->p, out);
}

// The grid ops inside a placed op's regions: ids become constants,
// transfers go through the world (which refuses those that need a queue
// at run time), collectives are an error.
static cx_status_t place_nested(grid_t* g, const proc_t* pr, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;
    if (op->kind == CX_OP_REPLICA_ID || op->kind == CX_OP_PARTITION_ID) {
      cx_builder_t saved = g->b;
      cx_builder_set_before(&g->b, op);
      cx_value_t* c;
      cx_status_t s = id_constant(g, pr, op, &c);
      g->b = saved;
      CX_RETURN_IF_ERROR(s);
      cx_value_replace_all_uses(cx_op_result(op, 0), c);
      cx_op_erase(op);
      op = next;
      continue;
    }
    if (cx_collective_meets(op->kind))
      return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                               "is inside a branch of a program of %s on a grid of %lld "
                               "processes; compiled code meets the processes' collectives in "
                               "program order, and in loops that every process runs in lockstep",
                               g->what, (long long)g->n);
    if (op->kind == CX_OP_INFEED || op->kind == CX_OP_SEND || op->kind == CX_OP_RECV) {
      bool erased;
      cx_misc_world_set_process(g->world, pr->id);
      CX_RETURN_IF_ERROR(cx_collective_world_op(g->m, g->world, op, true, &erased));
      if (!erased) CX_RETURN_IF_ERROR(settle_transfer(g, op));
      op = next;
      continue;
    }
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(place_nested(g, pr, b));
    op = next;
  }
  return NULL;
}

// Places pr's ops up to its next collective (which it then waits at, its
// group known), a recv whose message has not been sent, or its end.
static cx_status_t advance(grid_t* g, proc_t* pr, bool* out_moved) {
  *out_moved = false;
  cx_op_t* term = cx_block_terminator(pr->body);
  while (pr->cursor != term && !pr->group && !pr->at_loop) {
    cx_op_t* op = pr->cursor;
    g->b.loc = op->loc;
    if (op->kind == CX_OP_WHILE && holds_collectives(op)) {
      pr->at_loop = true;  // waits for the others (run_loops)
      *out_moved = true;
      return NULL;
    }
    if (op->kind == CX_OP_REPLICA_ID || op->kind == CX_OP_PARTITION_ID) {
      cx_value_t* c;
      CX_RETURN_IF_ERROR(id_constant(g, pr, op, &c));
      if (!cx_ir_map_value(pr->map, cx_op_result(op, 0), c)) return CX_OOM();
    } else if (cx_collective_meets(op->kind)) {
      bool found;
      CX_RETURN_IF_ERROR(group_of(g, pr, op, &pr->group, &pr->group_n, &found));
      if (!found) {
        if (op->kind != CX_OP_COLLECTIVE_BROADCAST && op->kind != CX_OP_COLLECTIVE_REDUCE) {
          grid_mode_t mode;
          CX_RETURN_IF_ERROR(mode_of(g, op, &mode));
          return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                                   "process (%lld, %lld) is in no group of replica_groups (%s)",
                                   (long long)pr->r, (long long)pr->p, mode_name(mode));
        }
        // Outside every group: zeros, without meeting anyone.
        CX_RETURN_IF_ERROR(give_zeros(g, pr, op, data_operands(g, op)));
      } else {
        *out_moved = true;
        return NULL;  // waits for its group
      }
    } else {
      cx_misc_world_set_process(g->world, pr->id);
      bool wait = false;
      if (!g->in_loop) CX_RETURN_IF_ERROR(cx_misc_world_would_wait(g->m, g->world, op, &wait));
      if (wait) return NULL;
      cx_op_t* clone;
      CX_RETURN_IF_ERROR(cx_op_clone(&g->b, op, pr->map, &clone));
      bool transfer =
          clone->kind == CX_OP_INFEED || clone->kind == CX_OP_SEND || clone->kind == CX_OP_RECV;
      if (transfer && g->in_loop) {
        // In a loop: as inside any region (the world refuses what needs a
        // queue at run time).
        bool erased;
        CX_RETURN_IF_ERROR(cx_collective_world_op(g->m, g->world, clone, true, &erased));
        if (!erased) CX_RETURN_IF_ERROR(settle_transfer(g, clone));
      } else if (transfer) {
        CX_RETURN_IF_ERROR(place_transfer(g, pr, op, clone));
      } else {
        for (uint32_t r = 0; r < clone->num_regions; r++)
          for (cx_block_t* b = clone->regions[r].first_block; b; b = b->next)
            CX_RETURN_IF_ERROR(place_nested(g, pr, b));
      }
    }
    pr->cursor = op->next;
    *out_moved = true;
  }
  return NULL;
}

// Every process that has not finished waits: names the first one's op.
static cx_status_t deadlock(grid_t* g) {
  for (int64_t i = 0; i < g->n; i++) {
    proc_t* pr = &g->procs[i];
    if (pr->cursor == cx_block_terminator(pr->body)) continue;
    if (pr->at_loop)
      return cx_lower_op_error(pr->cursor, CX_UNIMPLEMENTED,
                               "holds collectives, and in process (%lld, %lld) of %s it is "
                               "reached while other processes are elsewhere; compiled code runs "
                               "such loops with every process in lockstep",
                               (long long)pr->r, (long long)pr->p, g->what);
    return cx_lower_op_error(pr->cursor, CX_INVALID_ARGUMENT,
                             "waits forever in process (%lld, %lld): every process of "
                             "%s that has not finished waits (a deadlock)",
                             (long long)pr->r, (long long)pr->p, g->what);
  }
  return cx_lower_op_error(g->op, CX_INTERNAL, "deadlocks");
}

static cx_status_t run(grid_t* g);

// ---- loops holding collectives --------------------------------------------------------
//
// A while loop whose body meets other processes cannot be placed per
// process. When every process waits at one, they are placed as one loop run
// in lockstep: its state is every process's state side by side, its
// condition holds while every process's does (processes of one program
// iterate alike; ones that would not are not supported), and its body is the
// processes' bodies placed as a grid of their own, whose collectives meet in
// it as above.

// A block with one argument per type of `types`.
static cx_status_t loop_block(grid_t* g, cx_region_t* region, uint32_t n,
                              const cx_type_t* const* types, cx_block_t** out) {
  cx_block_t* b = cx_block_create(g->m);
  if (!b) return CX_OOM();
  cx_region_append_block(region, b);
  for (uint32_t i = 0; i < n; i++)
    if (!cx_block_add_arg(g->m, b, types[i])) return CX_OOM();
  *out = b;
  return NULL;
}

// pr's condition block placed at the end of `into` (its arguments from
// args); *out: its i1 result.
static cx_status_t place_condition(grid_t* g, proc_t* pr, cx_block_t* cond, cx_value_t* const* args,
                                   cx_value_t** out) {
  for (uint32_t a = 0; a < cond->num_args; a++)
    if (!cx_ir_map_value(pr->map, cond->args[a], args[a])) return CX_OOM();
  cx_op_t* term = cx_block_terminator(cond);
  for (cx_op_t* op = cond->first_op; op != term; op = op->next) {
    g->b.loc = op->loc;
    if (op->kind == CX_OP_REPLICA_ID || op->kind == CX_OP_PARTITION_ID) {
      cx_value_t* c;
      CX_RETURN_IF_ERROR(id_constant(g, pr, op, &c));
      if (!cx_ir_map_value(pr->map, cx_op_result(op, 0), c)) return CX_OOM();
      continue;
    }
    if (cx_collective_meets(op->kind))
      return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                               "is in a loop condition; compiled code meets collectives in loop "
                               "bodies only");
    cx_op_t* clone;
    CX_RETURN_IF_ERROR(cx_op_clone(&g->b, op, pr->map, &clone));
    for (uint32_t r = 0; r < clone->num_regions; r++)
      for (cx_block_t* b = clone->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(place_nested(g, pr, b));
  }
  if (term->num_operands != 1)
    return cx_lower_op_error(term, CX_INVALID_ARGUMENT, "a loop condition returns one value");
  *out = cx_ir_map_lookup(pr->map, cx_op_operand(term, 0));
  return NULL;
}

// Every process waits at a loop holding collectives: one loop for all.
static cx_status_t run_loops(grid_t* g) {
  cx_allocator_t al = g->al;
  uint32_t total = 0;
  for (int64_t i = 0; i < g->n; i++) total += g->procs[i].cursor->num_operands;
  cx_value_t** operands = cx_calloc(al, total + 1, sizeof(cx_value_t*));
  const cx_type_t** types = cx_calloc(al, total + 1, sizeof(cx_type_t*));
  uint32_t* first = cx_calloc(al, (size_t)g->n + 1, sizeof(uint32_t));
  proc_t* inner = cx_calloc(al, (size_t)g->n, sizeof(proc_t));
  cx_status_t s = operands && types && first && inner ? NULL : CX_OOM();
  for (int64_t i = 0, k = 0; i < g->n && !s; i++) {
    cx_op_t* w = g->procs[i].cursor;
    first[i] = (uint32_t)k;
    if (w->num_results != w->num_operands || w->num_regions != 2)
      s = cx_lower_op_error(w, CX_INVALID_ARGUMENT, "is not a while loop of its state");
    for (uint32_t a = 0; a < w->num_operands && !s; a++, k++) {
      operands[k] = cx_ir_map_lookup(g->procs[i].map, cx_op_operand(w, a));
      types[k] = operands[k]->type;
    }
  }
  first[g->n] = total;
  cx_op_t* loop = NULL;
  if (!s) {
    g->b.loc = g->procs[0].cursor->loc;
    cx_op_state_t st = {.kind = CX_OP_WHILE,
                        .loc = g->procs[0].cursor->loc,
                        .num_operands = total,
                        .operands = operands,
                        .num_results = total,
                        .result_types = types,
                        .num_regions = 2};
    s = cx_build(&g->b, &st, &loop);
  }
  cx_block_t *cond = NULL, *body = NULL;
  if (!s) s = loop_block(g, &loop->regions[0], total, types, &cond);
  if (!s) s = loop_block(g, &loop->regions[1], total, types, &body);
  // The condition: every process's, and-ed.
  cx_builder_t outer = g->b;
  cx_value_t* all = NULL;
  if (!s) cx_builder_set_at_end(&g->b, cond);
  for (int64_t i = 0; i < g->n && !s; i++) {
    cx_value_t* c = NULL;
    s = place_condition(g, &g->procs[i], cx_region_block(&g->procs[i].cursor->regions[0]),
                        cond->args + first[i], &c);
    if (!s && all) {
      cx_value_t* ab[2] = {all, c};
      s = cx_build_value(&g->b, CX_OP_AND, 2, ab, c->type, 0, NULL, &all);
    } else if (!s) {
      all = c;
    }
  }
  if (!s) {
    cx_op_state_t rs = {.kind = CX_OP_RETURN, .loc = loop->loc, .num_operands = 1,
                        .operands = &all};
    cx_op_t* ret;
    s = cx_build(&g->b, &rs, &ret);
  }
  // The bodies, as a grid of their own.
  grid_t ng = *g;
  ng.procs = inner;
  ng.in_loop = true;
  ng.op = loop;
  if (!s) cx_builder_set_at_end(&ng.b, body);
  for (int64_t i = 0; i < g->n && !s; i++) {
    proc_t* pr = &g->procs[i];
    cx_block_t* b = cx_region_block(&pr->cursor->regions[1]);
    inner[i] = (proc_t){.r = pr->r, .p = pr->p, .id = pr->id, .body = b, .cursor = b->first_op,
                        .map = pr->map};
    for (uint32_t a = 0; a < b->num_args && !s; a++)
      if (!cx_ir_map_value(pr->map, b->args[a], body->args[first[i] + a])) s = CX_OOM();
  }
  if (!s) s = run(&ng);
  for (int64_t i = 0, k = 0; i < g->n && !s; i++) {
    cx_op_t* term = cx_block_terminator(inner[i].body);
    for (uint32_t a = 0; a < term->num_operands; a++, k++)
      operands[k] = cx_ir_map_lookup(inner[i].map, cx_op_operand(term, a));
  }
  if (!s) {
    ng.b.loc = loop->loc;
    cx_op_state_t rs = {.kind = CX_OP_RETURN, .loc = loop->loc, .num_operands = total,
                        .operands = operands};
    cx_op_t* ret;
    s = cx_build(&ng.b, &rs, &ret);
  }
  // Each process's loop results, and on past it.
  for (int64_t i = 0; i < g->n && !s; i++) {
    proc_t* pr = &g->procs[i];
    for (uint32_t a = 0; a < pr->cursor->num_results && !s; a++)
      if (!cx_ir_map_value(pr->map, cx_op_result(pr->cursor, a), cx_op_result(loop, first[i] + a)))
        s = CX_OOM();
    pr->cursor = pr->cursor->next;
    pr->at_loop = false;
  }
  g->b = outer;
  for (int64_t i = 0; inner && i < g->n; i++) cx_free(al, inner[i].group);
  cx_free(al, inner);
  cx_free(al, operands);
  cx_free(al, types);
  cx_free(al, first);
  return s;
}

static cx_status_t run(grid_t* g) {
  for (;;) {
    bool progress = false, done = true;
    for (int64_t i = 0; i < g->n; i++) {
      bool moved;
      CX_RETURN_IF_ERROR(advance(g, &g->procs[i], &moved));
      progress |= moved;
    }
    for (int64_t i = 0; i < g->n; i++) {
      proc_t* pr = &g->procs[i];
      if (!pr->group) continue;
      bool met;
      CX_RETURN_IF_ERROR(try_meet(g, pr, &met));
      progress |= met;
    }
    for (int64_t i = 0; i < g->n; i++)
      if (g->procs[i].cursor != cx_block_terminator(g->procs[i].body)) done = false;
    if (done) return NULL;
    if (progress) continue;
    bool loops = true;
    for (int64_t i = 0; i < g->n; i++) loops &= g->procs[i].at_loop;
    if (!loops) return deadlock(g);
    CX_RETURN_IF_ERROR(run_loops(g));
  }
}

// Places the processes' programs (bodies[i] for process i, which takes
// args[i] and whose results are returned in results[i], a malloc'ed array
// per process of its terminator's operand count) before `op`.
cx_status_t cx_grid_place(cx_module_t* m, cx_op_t* op, const char* what, int64_t R, int64_t P,
                          cx_block_t* const* bodies, cx_value_t* const* const* args,
                          cx_misc_world_t* world, cx_value_t*** results) {
  grid_t g = {.m = m, .op = op, .what = what, .R = R, .P = P, .n = R * P, .world = world,
              .al = m->ctx->allocator};
  cx_builder_init(&g.b, m);
  cx_builder_set_before(&g.b, op);
  g.procs = cx_calloc(g.al, (size_t)g.n, sizeof(proc_t));
  cx_ir_map_t* maps = cx_calloc(g.al, (size_t)g.n, sizeof(cx_ir_map_t));
  if (!g.procs || !maps) {
    cx_free(g.al, g.procs);
    cx_free(g.al, maps);
    return CX_OOM();
  }
  cx_status_t s = NULL;
  for (int64_t i = 0; i < g.n; i++) {
    proc_t* pr = &g.procs[i];
    pr->r = i / P;
    pr->p = i % P;
    pr->id = i;
    pr->body = bodies[i];
    pr->cursor = pr->body ? pr->body->first_op : NULL;
    pr->map = &maps[i];
    cx_ir_map_init(pr->map, m);
    if (!pr->body || !pr->cursor) {
      s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "runs a function without a body");
      continue;
    }
    for (uint32_t a = 0; a < pr->body->num_args && !s; a++)
      if (!cx_ir_map_value(pr->map, pr->body->args[a], args[i][a])) s = CX_OOM();
  }
  if (!s) s = run(&g);
  for (int64_t i = 0; i < g.n && !s; i++) {
    proc_t* pr = &g.procs[i];
    cx_op_t* term = cx_block_terminator(pr->body);
    results[i] = cx_calloc(g.al, term->num_operands + 1, sizeof(cx_value_t*));
    if (!results[i]) s = CX_OOM();
    for (uint32_t k = 0; k < term->num_operands && !s; k++)
      results[i][k] = cx_ir_map_lookup(pr->map, cx_op_operand(term, k));
  }
  for (int64_t i = 0; i < g.n; i++) {
    cx_ir_map_free(g.procs[i].map);
    // Groups are shared by the members of a meeting only while it is
    // placed; a process stopped by an error owns its own.
    if (g.procs[i].group) {
      int64_t* grp = g.procs[i].group;
      for (int64_t j = i + 1; j < g.n; j++)
        if (g.procs[j].group == grp) g.procs[j].group = NULL;
      cx_free(g.al, grp);
    }
  }
  cx_free(g.al, g.procs);
  cx_free(g.al, maps);
  return s;
}

// run_parallel's operands and results: process i takes the next as many
// operands as its program has arguments, and gives as many results, in
// process order.
cx_status_t cx_grid_expand(cx_module_t* m, cx_op_t* op, int64_t R, int64_t P,
                           cx_op_t* const* programs, cx_misc_world_t* world) {
  cx_allocator_t al = m->ctx->allocator;
  int64_t n = R * P;
  cx_block_t** bodies = cx_calloc(al, (size_t)n, sizeof(cx_block_t*));
  cx_value_t*** args = cx_calloc(al, (size_t)n, sizeof(cx_value_t**));
  cx_value_t*** results = cx_calloc(al, (size_t)n, sizeof(cx_value_t**));
  cx_status_t s = bodies && args && results ? NULL : CX_OOM();
  uint32_t next = 0;
  for (int64_t i = 0; i < n && !s; i++) {
    bodies[i] = cx_func_body(programs[i]);
    if (!bodies[i]) {
      s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "runs a function without a body");
      break;
    }
    uint32_t k = bodies[i]->num_args;
    if (next + k > op->num_operands) {
      s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "passes %u values, fewer than its programs take",
                            op->num_operands);
      break;
    }
    args[i] = cx_calloc(al, k + 1, sizeof(cx_value_t*));
    if (!args[i]) s = CX_OOM();
    for (uint32_t a = 0; a < k && !s; a++) args[i][a] = cx_op_operand(op, next + a);
    next += k;
  }
  if (!s && next != op->num_operands)
    s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "passes %u values but its programs take %u",
                          op->num_operands, next);
  if (!s) s = cx_grid_place(m, op, "interpreter.run_parallel", R, P, bodies, (cx_value_t* const* const*)args, world, results);
  next = 0;
  for (int64_t i = 0; i < n && !s; i++) {
    uint32_t k = cx_block_terminator(bodies[i])->num_operands;
    for (uint32_t j = 0; j < k && !s; j++, next++) {
      if (next >= op->num_results)
        s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                              "has %u results, fewer than its programs return", op->num_results);
      else if (!cx_collective_compatible(results[i][j]->type, cx_op_result(op, next)->type))
        s = cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                              "result #%u does not have the type process (%lld, %lld) returns",
                              next, (long long)(i / P), (long long)(i % P));
    }
  }
  if (!s && next != op->num_results)
    s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has %u results but its programs return %u",
                          op->num_results, next);
  next = 0;
  for (int64_t i = 0; i < n && !s; i++) {
    uint32_t k = cx_block_terminator(bodies[i])->num_operands;
    for (uint32_t j = 0; j < k; j++, next++)
      cx_value_replace_all_uses(cx_op_result(op, next), results[i][j]);
  }
  for (int64_t i = 0; i < n; i++) {
    if (args) cx_free(al, args[i]);
    if (results) cx_free(al, results[i]);
  }
  cx_free(al, bodies);
  cx_free(al, args);
  cx_free(al, results);
  if (!s) cx_op_erase(op);
  return s;
}
