// Distribution ops: the collectives (all_gather, all_reduce, all_to_all,
// reduce_scatter, collective_permute, collective_broadcast,
// collective_reduce, cross-replica-sum), replica_id, partition_id, send/recv
// and infeed/outfeed. The processes meet through the world of
// interpreter.run_parallel (world.h); outside it the grid is one process.
//
// Process groups follow the spec's "Collective ops" section:
//   cross_replica(groups):      for each partition p, each group g:
//                               [(r, p) for r in g]
//   cross_partition(groups):    for each replica r, each group g:
//                               [(r, p) for p in g]
//   cross_replica_and_partition(groups): for each group g:
//                               [(r, p) for p in partitions for r in g]
//   flattened_ids(groups):      for each group g: [(id / P, id % P) for id in g]
// An entry of -1 pads ragged groups and is skipped. Empty replica_groups
// mean one group of everyone (XLA's convention).
//
// collective_reduce (StableHLO 1.19, not yet in the spec) reduces like
// all_reduce but only the first process of each group (its root) receives
// the result; the others, and processes outside every group, get zeros. Its
// groups are formed like collective_broadcast's (cross_replica for
// channel_id <= 0, cross_partition otherwise); the interpreter tests only
// fix the cross_replica case.
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "interp/quant.h"
#include "interp/world.h"

typedef enum group_mode {
  CROSS_REPLICA,
  CROSS_PARTITION,
  CROSS_REPLICA_AND_PARTITION,
  FLATTENED_IDS,
} group_mode_t;

static const char* mode_name(group_mode_t m) {
  switch (m) {
    case CROSS_REPLICA: return "cross_replica";
    case CROSS_PARTITION: return "cross_partition";
    case CROSS_REPLICA_AND_PARTITION: return "cross_replica_and_partition";
    default: return "flattened_ids";
  }
}

// ---- attributes -------------------------------------------------------------------

static const cx_attr_t* attr(cx_eval_t* ev, const cx_op_t* op, int name) {
  return cx_op_attr(op, ev->interp->ctx->names[name]);
}

static int64_t channel_id(cx_eval_t* ev, const cx_op_t* op) {
  const cx_attr_t* a = attr(ev, op, CX_NAME_channel_handle);
  if (a && a->kind == CX_ATTR_CHANNEL_HANDLE) return a->channel_handle.handle;
  a = attr(ev, op, CX_NAME_channel_id);
  if (a && a->kind == CX_ATTR_INTEGER) return a->integer;
  return 0;
}

static bool bool_attr(const cx_op_t* op, const char* interned) {
  const cx_attr_t* a = cx_op_attr(op, interned);
  if (!a) return false;
  if (a->kind == CX_ATTR_UNIT) return true;
  if (a->kind == CX_ATTR_BOOL) return a->boolean;
  return false;
}

// By spelling, for names not in names.def. (cx_intern would mutate the
// shared context, which run_parallel's threads must not do.)
static bool bool_attr_named(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    if (strcmp(op->attrs[i].name, name) != 0) continue;
    const cx_attr_t* a = op->attrs[i].value;
    return a->kind == CX_ATTR_UNIT || (a->kind == CX_ATTR_BOOL && a->boolean);
  }
  return false;
}

static cx_status_t int_attr(cx_eval_t* ev, const cx_op_t* op, int name, int64_t* out) {
  const cx_attr_t* a = attr(ev, op, name);
  if (!a || a->kind != CX_ATTR_INTEGER)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs an integer attribute '%s'",
                         ev->interp->ctx->names[name]);
  *out = a->integer;
  return NULL;
}

// A 2-D integer matrix attribute (replica_groups, source_target_pairs):
// *data is rows * cols values from ev->allocator; a missing attribute is 0 x 0.
static cx_status_t matrix_attr(cx_eval_t* ev, const cx_op_t* op, int name, int64_t* rows,
                               int64_t* cols, int64_t** data) {
  *rows = *cols = 0;
  *data = NULL;
  const cx_attr_t* a = attr(ev, op, name);
  if (!a) return NULL;
  const char* spelled = ev->interp->ctx->names[name];
  if (a->kind == CX_ATTR_REPLICA_GROUP_MESH_AXES)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "'%s' given as mesh axes is not supported",
                         spelled);
  cx_i64s_t m;
  if (!cx_attr_get_i64s(a, &m) || m.rank != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "'%s' must be a 2-dimensional integer tensor",
                         spelled);
  int64_t r = m.rows, c = m.cols;
  int64_t* v = cx_alloc(ev->allocator, (m.len ? m.len : 1) * sizeof(int64_t));
  if (!v) return CX_OOM();
  if (m.len) memcpy(v, m.data, m.len * sizeof(int64_t));
  *rows = r;
  *cols = c;
  *data = v;
  return NULL;
}

// ---- process groups ---------------------------------------------------------------

typedef struct group {
  int64_t* ids;  // flattened process ids in group order
  uint32_t n;
  bool found;    // false: this process is in no group
} group_t;

static void group_free(cx_eval_t* ev, group_t* g) {
  cx_free(ev->allocator, g->ids);
  g->ids = NULL;
}

// The group of the current process under `mode`.
static cx_status_t find_group(cx_eval_t* ev, const cx_op_t* op, group_mode_t mode,
                              const int64_t* groups, int64_t rows, int64_t cols, group_t* out) {
  memset(out, 0, sizeof(*out));
  const cx_process_t* pr = ev->process;
  int64_t R = pr->num_replicas, P = pr->num_partitions;
  int64_t me_r = pr->replica_id, me_p = pr->partition_id, me = cx_process_flat_id(pr);
  int64_t limit = mode == CROSS_PARTITION ? P : mode == FLATTENED_IDS ? R * P : R;
  int64_t* all = NULL;
  if (rows == 0 || cols == 0) {
    // One group of everyone.
    all = cx_alloc(ev->allocator, (size_t)limit * sizeof(int64_t));
    if (!all) return CX_OOM();
    for (int64_t i = 0; i < limit; i++) all[i] = i;
    groups = all;
    rows = 1;
    cols = limit;
  }
  // Ids must be in range and appear once (is_unique(replica_groups)).
  char* seen = cx_calloc(ev->allocator, (size_t)limit + 1, 1);
  if (!seen) {
    cx_free(ev->allocator, all);
    return CX_OOM();
  }
  cx_status_t st = NULL;
  for (int64_t i = 0; i < rows * cols && !st; i++) {
    int64_t id = groups[i];
    if (id == -1) continue;
    if (id < 0 || id >= limit)
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "process group entry %lld is out of range [0, %lld) for %s on a %lld x "
                         "%lld grid",
                         (long long)id, (long long)limit, mode_name(mode), (long long)R,
                         (long long)P);
    else if (seen[id]++)
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "process group entry %lld appears twice",
                         (long long)id);
  }
  cx_free(ev->allocator, seen);
  int64_t key = mode == CROSS_PARTITION ? me_p : mode == FLATTENED_IDS ? me : me_r;
  for (int64_t g = 0; g < rows && !st && !out->found; g++) {
    const int64_t* row = groups + g * cols;
    bool mine = false;
    int64_t members = 0;
    for (int64_t c = 0; c < cols; c++) {
      if (row[c] == -1) continue;
      members++;
      if (row[c] == key) mine = true;
    }
    if (!mine) continue;
    int64_t n = mode == CROSS_REPLICA_AND_PARTITION ? members * P : members;
    out->ids = cx_alloc(ev->allocator, (size_t)(n ? n : 1) * sizeof(int64_t));
    if (!out->ids) {
      st = CX_OOM();
      break;
    }
    uint32_t k = 0;
    // cross_replica_and_partition is partition-major: [(r, p) for p in
    // partitions for r in group].
    int64_t outer = mode == CROSS_REPLICA_AND_PARTITION ? P : 1;
    for (int64_t p = 0; p < outer; p++) {
      for (int64_t c = 0; c < cols; c++) {
        int64_t id = row[c];
        if (id == -1) continue;
        switch (mode) {
          case CROSS_REPLICA: out->ids[k++] = id * P + me_p; break;
          case CROSS_PARTITION: out->ids[k++] = me_r * P + id; break;
          case CROSS_REPLICA_AND_PARTITION: out->ids[k++] = id * P + p; break;
          case FLATTENED_IDS: out->ids[k++] = id; break;
        }
      }
    }
    out->n = k;
    out->found = true;
  }
  cx_free(ev->allocator, all);
  if (st) group_free(ev, out);
  return st;
}

// The group of an op with replica_groups under `mode`; an error if this
// process is in none (the all_* ops need every process in a group).
static cx_status_t op_group(cx_eval_t* ev, const cx_op_t* op, group_mode_t mode, bool required,
                            group_t* out) {
  int64_t rows, cols, *groups;
  CX_RETURN_IF_ERROR(matrix_attr(ev, op, CX_NAME_replica_groups, &rows, &cols, &groups));
  cx_status_t st = find_group(ev, op, mode, groups, rows, cols, out);
  cx_free(ev->allocator, groups);
  if (!st && !out->found && required)
    st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                       "process (%lld, %lld) is in no group of replica_groups (%s)",
                       (long long)ev->process->replica_id, (long long)ev->process->partition_id,
                       mode_name(mode));
  return st;
}

// all_gather, all_reduce, reduce_scatter: cross_replica for channel_id <= 0,
// cross_replica_and_partition for channel_id > 0, flattened_ids when
// use_global_device_ids is set too.
static cx_status_t reduce_like_mode(cx_eval_t* ev, const cx_op_t* op, group_mode_t* mode) {
  int64_t ch = channel_id(ev, op);
  bool global = bool_attr(op, ev->interp->ctx->names[CX_NAME_use_global_device_ids]);
  if (global && ch <= 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "use_global_device_ids needs a channel_id > 0 (got %lld)",
                         (long long)ch);
  *mode = ch <= 0 ? CROSS_REPLICA : global ? FLATTENED_IDS : CROSS_REPLICA_AND_PARTITION;
  return NULL;
}

static int position(const group_t* g, int64_t id) {
  for (uint32_t i = 0; i < g->n; i++)
    if (g->ids[i] == id) return (int)i;
  return -1;
}

// ---- tensor helpers -------------------------------------------------------------

static cx_status_t need_tensor(const cx_op_t* op, const cx_tensor_t* t, uint32_t i) {
  if (t->kind != CX_VALUE_TENSOR)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand #%u must be a tensor", i);
  return NULL;
}

// Concatenates parts (same element type and rank, equal dims except `dim`).
static cx_status_t concat(const cx_op_t* op, cx_tensor_t* const* parts, uint32_t n, uint32_t dim,
                          cx_tensor_t** out) {
  const cx_tensor_t* first = parts[0];
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, first->dims, sizeof(int64_t) * first->rank);
  dims[dim] = 0;
  for (uint32_t k = 0; k < n; k++) {
    const cx_tensor_t* t = parts[k];
    bool ok = t->kind == CX_VALUE_TENSOR && t->rank == first->rank && t->elem == first->elem;
    for (uint32_t d = 0; ok && d < t->rank; d++) ok = d == dim || t->dims[d] == first->dims[d];
    if (!ok)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "the processes of a group passed operands of different types");
    dims[dim] += t->dims[dim];
  }
  CX_RETURN_IF_ERROR(cx_tensor_create(first->allocator, first->element, first->rank, dims, out));
  int64_t outer = 1;
  for (uint32_t d = 0; d < dim; d++) outer *= dims[d];
  size_t inner = first->esize;
  for (uint32_t d = dim + 1; d < first->rank; d++) inner *= (size_t)dims[d];
  char* dst = (*out)->data;
  for (int64_t o = 0; o < outer; o++) {
    for (uint32_t k = 0; k < n; k++) {
      size_t chunk = (size_t)parts[k]->dims[dim] * inner;
      if (!chunk) continue;  // an empty part (dst may be NULL: no offset to apply)
      memcpy(dst, (const char*)parts[k]->data + (size_t)o * chunk, chunk);
      dst += chunk;
    }
  }
  return NULL;
}

// The slice [start, start + size) of `t` along `dim`.
static cx_status_t slice(const cx_tensor_t* t, uint32_t dim, int64_t start, int64_t size,
                         cx_tensor_t** out) {
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, t->dims, sizeof(int64_t) * t->rank);
  dims[dim] = size;
  CX_RETURN_IF_ERROR(cx_tensor_create(t->allocator, t->element, t->rank, dims, out));
  int64_t outer = 1;
  for (uint32_t d = 0; d < dim; d++) outer *= dims[d];
  size_t inner = t->esize;
  for (uint32_t d = dim + 1; d < t->rank; d++) inner *= (size_t)dims[d];
  size_t src_row = (size_t)t->dims[dim] * inner, dst_row = (size_t)size * inner;
  for (int64_t o = 0; o < outer; o++)
    if (dst_row)
      memcpy((char*)(*out)->data + (size_t)o * dst_row,
             (const char*)t->data + (size_t)o * src_row + (size_t)start * inner, dst_row);
  return NULL;
}

// A zero tensor of an op result's type; for quantized types the zero is
// quantize(0), i.e. the zero point.
static cx_status_t zeros_like_result(cx_eval_t* ev, const cx_op_t* op, uint32_t i,
                                     cx_tensor_t** out) {
  const cx_type_t* t = op->results[i].type;
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result #%u must be a static tensor", i);
  if (!cx_type_is_quant(t->tensor.element)) return cx_tensor_create_like(ev->allocator, t, out);
  cx_tensor_t* f;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, cx_type_expressed(t->tensor.element),
                                      t->tensor.rank, t->tensor.dims, &f));
  cx_status_t st = cx_quantize_tensor(f, t->tensor.element, out);
  cx_tensor_release(f);
  return st;
}

static void release_n(cx_tensor_t** v, size_t n) {
  for (size_t i = 0; i < n; i++) cx_tensor_release(v[i]);
}

// Converts one element between kinds for all_reduce's promotion of operands
// to the computation's element type (widening int->int, float->float).
static void convert_element(cx_elem_t from, const void* src, cx_elem_t to, void* dst) {
  if (from == to) {
    memcpy(dst, src, cx_elem_storage_size(to));
  } else if (cx_elem_is_complex(to)) {
    cx_complex_t c = cx_elem_is_complex(from) ? cx_load_complex(from, src)
                                              : (cx_complex_t){cx_load_as_double(from, src), 0};
    cx_store_complex(to, dst, c);
  } else if (cx_elem_is_float(to)) {
    cx_store_float(to, dst, cx_load_as_double(from, src));
  } else {
    cx_store_int(to, dst, cx_elem_is_float(from) ? (int64_t)cx_load_float(from, src)
                                                 : cx_load_int(from, src));
  }
}

// Reduces members[0..n) elementwise with the op's region (a left fold in
// group order, one of the binary trees the spec allows), producing a tensor
// of element type `elem_type` (the computation's).
static cx_status_t reduce_members(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* members,
                                  uint32_t n, const cx_type_t* elem_type, cx_tensor_t** out) {
  const cx_tensor_t* m0 = members[0];
  for (uint32_t k = 1; k < n; k++) {
    bool ok = members[k]->rank == m0->rank && members[k]->elem == m0->elem;
    for (uint32_t d = 0; ok && d < m0->rank; d++) ok = members[k]->dims[d] == m0->dims[d];
    if (!ok)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "the processes of a group passed operands of different shapes");
  }
  cx_elem_t e = cx_type_elem(elem_type);
  bool same = m0->element == elem_type;
  if (!same && (cx_type_is_quant(elem_type) || cx_type_is_quant(m0->element)))
    return cx_eval_error(op, CX_UNIMPLEMENTED,
                         "promoting quantized operands to the computation's type");
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, elem_type, m0->rank, m0->dims, out));
  cx_tensor_t* result = *out;
  cx_status_t st = NULL;
  const cx_region_t* region = op->num_regions ? &op->regions[0] : NULL;
  if (n > 1 && !region) st = cx_eval_error(op, CX_INVALID_ARGUMENT, "has no computation region");
  for (int64_t j = 0; j < m0->num_elements && !st; j++) {
    cx_tensor_t* acc = NULL;
    st = cx_tensor_create(ev->allocator, elem_type, 0, NULL, &acc);
    if (st) break;
    convert_element(m0->elem, cx_tensor_at(m0, j), e, acc->data);
    for (uint32_t k = 1; k < n && !st; k++) {
      cx_tensor_t* b = NULL;
      st = cx_tensor_create(ev->allocator, elem_type, 0, NULL, &b);
      if (st) break;
      convert_element(members[k]->elem, cx_tensor_at(members[k], j), e, b->data);
      cx_tensor_t* pair[2] = {acc, b};
      cx_tensor_t* r = NULL;
      st = cx_eval_region_scalars(ev, region, 2, pair, 1, &r);
      cx_tensor_release(b);
      cx_tensor_release(acc);
      acc = r;
      if (!st && (r->kind != CX_VALUE_TENSOR || r->rank != 0 || r->elem != e))
        st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "the computation must return a scalar of the reduced element type");
    }
    if (!st) memcpy(cx_tensor_at(result, j), acc->data, result->esize);
    cx_tensor_release(acc);
  }
  if (st) {
    cx_tensor_release(result);
    *out = NULL;
  }
  return st;
}

// The element type the computation region works in (its first argument's).
static const cx_type_t* computation_elem(const cx_op_t* op, const cx_tensor_t* fallback) {
  if (op->num_regions && op->regions[0].first_block && op->regions[0].first_block->num_args) {
    const cx_type_t* t = op->regions[0].first_block->args[0]->type;
    if (cx_type_is_tensor(t)) return t->tensor.element;
  }
  return fallback->element;
}

// Exchanges the tensor operands [0, count) of this process within group g.
static cx_status_t exchange(cx_eval_t* ev, const cx_op_t* op, const group_t* g, uint32_t count,
                            cx_tensor_t* const* args, cx_tensor_t*** all) {
  for (uint32_t i = 0; i < count; i++) CX_RETURN_IF_ERROR(need_tensor(op, args[i], i));
  return cx_world_exchange(ev, op, channel_id(ev, op), g->ids, g->n, count, args, all);
}

// What every member of a group contributed, read by operand: column i is
// operand i of every member, in group order.
typedef struct exchanged {
  cx_tensor_t** all;  // member k's operand i at k * count + i
  cx_tensor_t** col;  // the last column read
  uint32_t n, count;
} exchanged_t;

static cx_status_t exchange_columns(cx_eval_t* ev, const cx_op_t* op, const group_t* g,
                                    uint32_t count, cx_tensor_t* const* args, exchanged_t* x) {
  *x = (exchanged_t){NULL, NULL, g->n, count};
  CX_RETURN_IF_ERROR(exchange(ev, op, g, count, args, &x->all));
  x->col = cx_alloc(ev->allocator, g->n * sizeof(cx_tensor_t*));
  return x->col ? NULL : CX_OOM();
}

// Column i (borrowed from x).
static cx_tensor_t** column(exchanged_t* x, uint32_t i) {
  for (uint32_t k = 0; k < x->n; k++) x->col[k] = x->all[(size_t)k * x->count + i];
  return x->col;
}

static void exchanged_free(cx_eval_t* ev, exchanged_t* x) {
  cx_free(ev->allocator, x->col);
  if (x->all) release_n(x->all, (size_t)x->n * x->count);
  cx_free(ev->allocator, x->all);
}

// ---- the collectives -----------------------------------------------------------------

// The start of all_gather and reduce_scatter: the dimension attribute
// `name` (spelled `what`), which every operand must have, and the group.
static cx_status_t dim_and_group(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 int name, const char* what, int64_t* dim, group_t* g) {
  CX_RETURN_IF_ERROR(int_attr(ev, op, name, dim));
  group_mode_t mode = CROSS_REPLICA;
  CX_RETURN_IF_ERROR(reduce_like_mode(ev, op, &mode));
  for (uint32_t i = 0; i < op->num_operands; i++) {
    CX_RETURN_IF_ERROR(need_tensor(op, args[i], i));
    if (*dim < 0 || *dim >= (int64_t)args[i]->rank)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s %lld is out of range", what,
                           (long long)*dim);
  }
  return op_group(ev, op, mode, true, g);
}

static cx_status_t eval_all_gather(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  int64_t dim;
  group_t g;
  CX_RETURN_IF_ERROR(
      dim_and_group(ev, op, args, CX_NAME_all_gather_dim, "all_gather_dim", &dim, &g));
  uint32_t count = op->num_operands;
  exchanged_t x;
  cx_status_t st = exchange_columns(ev, op, &g, count, args, &x);
  for (uint32_t i = 0; i < count && !st; i++)
    st = concat(op, column(&x, i), g.n, (uint32_t)dim, &results[i]);
  exchanged_free(ev, &x);
  group_free(ev, &g);
  return st;
}

static cx_status_t eval_all_reduce(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results, group_mode_t mode) {
  uint32_t count = op->num_operands;
  group_t g;
  CX_RETURN_IF_ERROR(op_group(ev, op, mode, true, &g));
  exchanged_t x;
  cx_status_t st = exchange_columns(ev, op, &g, count, args, &x);
  for (uint32_t i = 0; i < count && !st; i++)
    st = reduce_members(ev, op, column(&x, i), g.n, computation_elem(op, args[i]), &results[i]);
  exchanged_free(ev, &x);
  group_free(ev, &g);
  return st;
}

static cx_status_t eval_reduce_scatter(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                       cx_tensor_t** results) {
  int64_t dim;
  group_t g;
  CX_RETURN_IF_ERROR(
      dim_and_group(ev, op, args, CX_NAME_scatter_dimension, "scatter_dimension", &dim, &g));
  uint32_t count = op->num_operands;
  int pos = position(&g, cx_process_flat_id(ev->process));
  exchanged_t x;
  cx_status_t st = exchange_columns(ev, op, &g, count, args, &x);
  for (uint32_t i = 0; i < count && !st; i++) {
    if (args[i]->dims[dim] % g.n != 0) {
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "dimension %lld of size %lld does not split into %u parts",
                         (long long)dim, (long long)args[i]->dims[dim], g.n);
      break;
    }
    cx_tensor_t* reduced = NULL;
    st = reduce_members(ev, op, column(&x, i), g.n, computation_elem(op, args[i]), &reduced);
    if (st) break;
    int64_t part = args[i]->dims[dim] / g.n;
    st = slice(reduced, (uint32_t)dim, part * pos, part, &results[i]);
    cx_tensor_release(reduced);
  }
  exchanged_free(ev, &x);
  group_free(ev, &g);
  return st;
}

static cx_status_t eval_all_to_all(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  int64_t split_dim = 0, concat_dim = 0, split_count = 0;
  CX_RETURN_IF_ERROR(int_attr(ev, op, CX_NAME_split_dimension, &split_dim));
  CX_RETURN_IF_ERROR(int_attr(ev, op, CX_NAME_concat_dimension, &concat_dim));
  CX_RETURN_IF_ERROR(int_attr(ev, op, CX_NAME_split_count, &split_count));
  uint32_t count = op->num_operands;
  for (uint32_t i = 0; i < count; i++) {
    CX_RETURN_IF_ERROR(need_tensor(op, args[i], i));
    int64_t rank = args[i]->rank;
    if (split_dim < 0 || split_dim >= rank || concat_dim < 0 || concat_dim >= rank)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "split_dimension %lld / concat_dimension %lld out of range for rank "
                           "%lld",
                           (long long)split_dim, (long long)concat_dim, (long long)rank);
    if (split_count <= 0 || args[i]->dims[split_dim] % split_count != 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "dimension %lld of size %lld does not split into %lld parts",
                           (long long)split_dim, (long long)args[i]->dims[split_dim],
                           (long long)split_count);
  }
  group_mode_t mode = channel_id(ev, op) <= 0 ? CROSS_REPLICA : CROSS_PARTITION;
  group_t g;
  CX_RETURN_IF_ERROR(op_group(ev, op, mode, true, &g));
  if ((int64_t)g.n != split_count) {
    cx_status_t st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                                   "split_count %lld differs from the group size %u",
                                   (long long)split_count, g.n);
    group_free(ev, &g);
    return st;
  }
  int pos = position(&g, cx_process_flat_id(ev->process));
  cx_tensor_t** all = NULL;
  cx_status_t st = exchange(ev, op, &g, count, args, &all);
  cx_tensor_t** parts = st ? NULL : cx_calloc(ev->allocator, g.n, sizeof(cx_tensor_t*));
  if (!st && !parts) st = CX_OOM();
  for (uint32_t i = 0; i < count && !st; i++) {
    // Part `pos` of every sender's split, concatenated in sender order.
    int64_t chunk = args[i]->dims[split_dim] / split_count;
    for (uint32_t k = 0; k < g.n && !st; k++)
      st = slice(all[(size_t)k * count + i], (uint32_t)split_dim, chunk * pos, chunk, &parts[k]);
    if (!st) st = concat(op, parts, g.n, (uint32_t)concat_dim, &results[i]);
    for (uint32_t k = 0; k < g.n; k++) {
      cx_tensor_release(parts[k]);
      parts[k] = NULL;
    }
  }
  cx_free(ev->allocator, parts);
  if (all) release_n(all, (size_t)g.n * count);
  cx_free(ev->allocator, all);
  group_free(ev, &g);
  return st;
}

static cx_status_t eval_collective_permute(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results) {
  CX_RETURN_IF_ERROR(need_tensor(op, args[0], 0));
  bool cross_partition = channel_id(ev, op) > 0;
  const cx_process_t* pr = ev->process;
  // Everyone on this process's line of the grid (all replicas of its
  // partition, or all partitions of its replica) meets; ids in the pairs are
  // positions on that line.
  group_t line = {0};
  line.n = (uint32_t)(cross_partition ? pr->num_partitions : pr->num_replicas);
  line.ids = cx_alloc(ev->allocator, line.n * sizeof(int64_t));
  if (!line.ids) return CX_OOM();
  for (uint32_t i = 0; i < line.n; i++)
    line.ids[i] = cross_partition ? pr->replica_id * pr->num_partitions + i
                                  : (int64_t)i * pr->num_partitions + pr->partition_id;
  int64_t me = cross_partition ? pr->partition_id : pr->replica_id;
  int64_t rows, cols, *pairs;
  cx_status_t st = matrix_attr(ev, op, CX_NAME_source_target_pairs, &rows, &cols, &pairs);
  if (!st && rows && cols != 2)
    st = cx_eval_error(op, CX_INVALID_ARGUMENT, "source_target_pairs must have 2 columns");
  int64_t source = -1;
  for (int64_t i = 0; i < rows && !st; i++) {
    int64_t s = pairs[2 * i], t = pairs[2 * i + 1];
    if (s < 0 || s >= line.n || t < 0 || t >= line.n)
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "source_target_pairs entry [%lld, %lld] is out "
                         "of range [0, %u)", (long long)s, (long long)t, line.n);
    else if (t == me) {
      if (source >= 0)
        st = cx_eval_error(op, CX_INVALID_ARGUMENT, "process %lld is the target of two pairs",
                           (long long)me);
      source = s;
    }
  }
  cx_free(ev->allocator, pairs);
  cx_tensor_t** all = NULL;
  if (!st) st = exchange(ev, op, &line, 1, args, &all);
  if (!st) {
    if (source >= 0) {
      const cx_tensor_t* src = all[source];
      if (src->rank != args[0]->rank || src->elem != args[0]->elem ||
          src->nbytes != args[0]->nbytes)
        st = cx_eval_error(op, CX_INVALID_ARGUMENT, "the source passed an operand of another type");
      else
        results[0] = cx_tensor_retain(all[source]);
    } else {
      st = zeros_like_result(ev, op, 0, &results[0]);
    }
  }
  if (all) release_n(all, line.n);
  cx_free(ev->allocator, all);
  group_free(ev, &line);
  return st;
}

static cx_status_t eval_collective_broadcast(cx_eval_t* ev, const cx_op_t* op,
                                             cx_tensor_t* const* args, cx_tensor_t** results) {
  bool dynamic_root = bool_attr_named(op, "has_dynamic_root");
  uint32_t count = op->num_operands - (dynamic_root ? 1 : 0);
  if (dynamic_root && op->num_operands < 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "with has_dynamic_root needs a root operand");
  if (count != op->num_results)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has %u data operands but %u results", count,
                         op->num_results);
  group_mode_t mode = channel_id(ev, op) <= 0 ? CROSS_REPLICA : CROSS_PARTITION;
  group_t g;
  CX_RETURN_IF_ERROR(op_group(ev, op, mode, false, &g));
  cx_status_t st = NULL;
  if (!g.found) {
    for (uint32_t i = 0; i < count && !st; i++) st = zeros_like_result(ev, op, i, &results[i]);
    return st;
  }
  // The root of data operand i: index root[i] (or root[0]) into the group.
  int64_t* roots = cx_calloc(ev->allocator, count ? count : 1, sizeof(int64_t));
  if (!roots) st = CX_OOM();
  if (!st && dynamic_root) {
    const cx_tensor_t* r = args[count];
    if (r->kind != CX_VALUE_TENSOR || !cx_elem_is_integer(r->elem) || r->num_elements < 1 ||
        (r->num_elements != 1 && r->num_elements != (int64_t)count))
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "root must be an integer tensor with one entry per data operand");
    for (uint32_t i = 0; i < count && !st; i++) {
      roots[i] = cx_load_int(r->elem, cx_tensor_at(r, r->num_elements == 1 ? 0 : i));
      if (roots[i] < 0 || roots[i] >= g.n)
        st = cx_eval_error(op, CX_INVALID_ARGUMENT, "root %lld is outside its group of %u",
                           (long long)roots[i], g.n);
    }
  }
  cx_tensor_t** all = NULL;
  if (!st) st = exchange(ev, op, &g, count, args, &all);
  for (uint32_t i = 0; i < count && !st; i++)
    results[i] = cx_tensor_retain(all[(size_t)roots[i] * count + i]);
  if (all) release_n(all, (size_t)g.n * count);
  cx_free(ev->allocator, all);
  cx_free(ev->allocator, roots);
  group_free(ev, &g);
  return st;
}

static cx_status_t eval_collective_reduce(cx_eval_t* ev, const cx_op_t* op,
                                          cx_tensor_t* const* args, cx_tensor_t** results) {
  group_mode_t mode = channel_id(ev, op) <= 0 ? CROSS_REPLICA : CROSS_PARTITION;
  uint32_t count = op->num_operands;
  group_t g;
  CX_RETURN_IF_ERROR(op_group(ev, op, mode, false, &g));
  cx_status_t st = NULL;
  if (!g.found) {
    for (uint32_t i = 0; i < count && !st; i++) st = zeros_like_result(ev, op, i, &results[i]);
    return st;
  }
  bool root = position(&g, cx_process_flat_id(ev->process)) == 0;
  exchanged_t x;
  st = exchange_columns(ev, op, &g, count, args, &x);
  for (uint32_t i = 0; i < count && !st; i++) {
    if (root)
      st = reduce_members(ev, op, column(&x, i), g.n, computation_elem(op, args[i]), &results[i]);
    else
      st = zeros_like_result(ev, op, i, &results[i]);
  }
  exchanged_free(ev, &x);
  group_free(ev, &g);
  return st;
}

// cross-replica-sum (deprecated): all_reduce with addition over
// cross_replica groups.
static cx_status_t eval_cross_replica_sum(cx_eval_t* ev, const cx_op_t* op,
                                          cx_tensor_t* const* args, cx_tensor_t** results) {
  CX_RETURN_IF_ERROR(need_tensor(op, args[0], 0));
  if (cx_type_is_quant(args[0]->element))
    return cx_eval_error(op, CX_UNIMPLEMENTED, "on quantized tensors");
  group_t g;
  CX_RETURN_IF_ERROR(op_group(ev, op, CROSS_REPLICA, true, &g));
  cx_tensor_t** all = NULL;
  cx_status_t st = exchange(ev, op, &g, 1, args, &all);
  if (!st) st = cx_tensor_create_same(args[0], &results[0]);
  cx_tensor_t* r = st ? NULL : results[0];
  cx_elem_t e = args[0]->elem;
  for (int64_t j = 0; r && j < r->num_elements; j++) {
    if (cx_elem_is_complex(e)) {
      cx_complex_t s = {0, 0};
      for (uint32_t k = 0; k < g.n; k++) {
        cx_complex_t v = cx_load_complex(e, cx_tensor_at(all[k], j));
        s.re += v.re;
        s.im += v.im;
      }
      cx_store_complex(e, cx_tensor_at(r, j), s);
    } else if (cx_elem_is_float(e)) {
      // Sum in the element type, rounding after each addition.
      double s = cx_load_float(e, cx_tensor_at(all[0], j));
      for (uint32_t k = 1; k < g.n; k++) {
        cx_store_float(e, cx_tensor_at(r, j), s + cx_load_float(e, cx_tensor_at(all[k], j)));
        s = cx_load_float(e, cx_tensor_at(r, j));
      }
      cx_store_float(e, cx_tensor_at(r, j), s);
    } else if (e == CX_ELEM_I1) {
      int64_t s = 0;
      for (uint32_t k = 0; k < g.n; k++) s |= cx_load_int(e, cx_tensor_at(all[k], j));
      cx_store_int(e, cx_tensor_at(r, j), s);
    } else {
      uint64_t s = 0;  // wraps like the element type
      for (uint32_t k = 0; k < g.n; k++) s += (uint64_t)cx_load_int(e, cx_tensor_at(all[k], j));
      cx_store_int(e, cx_tensor_at(r, j), (int64_t)s);
    }
  }
  if (all) release_n(all, g.n);
  cx_free(ev->allocator, all);
  group_free(ev, &g);
  return st;
}

// ---- ids, send/recv, infeed/outfeed --------------------------------------------------

static cx_status_t eval_id(cx_eval_t* ev, const cx_op_t* op, int64_t id, cx_tensor_t** results) {
  const cx_type_t* t = op->results[0].type;
  if (!cx_type_is_tensor(t) || t->tensor.rank != 0 || !cx_elem_is_integer(cx_tensor_elem(t)))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "must produce an integer scalar");
  CX_RETURN_IF_ERROR(cx_tensor_create_like(ev->allocator, t, &results[0]));
  cx_store_int(results[0]->elem, results[0]->data, id);
  return NULL;
}

// The peer of a device-to-device send/recv given by source_target_pairs
// (global process ids): for a send, the targets of this process; for a
// recv, its source. *n = 0 if the op has no pairs or is a host transfer.
static cx_status_t transfer_pairs(cx_eval_t* ev, const cx_op_t* op, int64_t** pairs,
                                  int64_t* rows) {
  *pairs = NULL;
  *rows = 0;
  if (bool_attr(op, ev->interp->ctx->names[CX_NAME_is_host_transfer])) return NULL;
  int64_t cols;
  CX_RETURN_IF_ERROR(matrix_attr(ev, op, CX_NAME_source_target_pairs, rows, &cols, pairs));
  if (*rows && cols != 2) {
    cx_free(ev->allocator, *pairs);
    *pairs = NULL;
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "source_target_pairs must have 2 columns");
  }
  return NULL;
}

static cx_status_t eval_send(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                             cx_tensor_t** results) {
  if (op->num_operands < 1 || args[op->num_operands - 1]->kind != CX_VALUE_TOKEN)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a token as its last operand");
  uint32_t count = op->num_operands - 1;
  int64_t ch = channel_id(ev, op);
  int64_t* pairs;
  int64_t rows;
  CX_RETURN_IF_ERROR(transfer_pairs(ev, op, &pairs, &rows));
  cx_status_t st = NULL;
  int64_t me = cx_process_flat_id(ev->process);
  if (rows == 0) {
    st = cx_world_send(ev, op, ch, -1, count, args);
  } else {
    for (int64_t i = 0; i < rows && !st; i++)
      if (pairs[2 * i] == me) st = cx_world_send(ev, op, ch, pairs[2 * i + 1], count, args);
  }
  cx_free(ev->allocator, pairs);
  if (!st) st = cx_tensor_token(ev->allocator, &results[0]);
  return st;
}

static cx_status_t eval_recv(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                             cx_tensor_t** results) {
  (void)args;
  if (op->num_results < 1) return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no token result");
  uint32_t count = op->num_results - 1;
  int64_t ch = channel_id(ev, op);
  int64_t* pairs;
  int64_t rows;
  CX_RETURN_IF_ERROR(transfer_pairs(ev, op, &pairs, &rows));
  int64_t me = cx_process_flat_id(ev->process);
  bool has_source = rows == 0;
  for (int64_t i = 0; i < rows; i++)
    if (pairs[2 * i + 1] == me) has_source = true;
  cx_free(ev->allocator, pairs);
  cx_status_t st = NULL;
  if (!has_source) {
    // Not a target of any pair: nothing arrives; like collective_permute,
    // the results are zeros.
    for (uint32_t i = 0; i < count && !st; i++) st = zeros_like_result(ev, op, i, &results[i]);
  } else {
    uint32_t got = 0;
    cx_tensor_t** values = NULL;
    st = cx_world_recv(ev, op, ch, rows == 0 ? -1 : me, &got, &values);
    if (!st && got != count)
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "received %u values on channel %lld but has %u data results", got,
                         (long long)ch, count);
    for (uint32_t i = 0; i < count && !st; i++) {
      if (!cx_tensor_matches_type(values[i], op->results[i].type))
        st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "received value #%u does not have the type of result #%u", i, i);
    }
    for (uint32_t i = 0; i < got; i++) {
      if (!st) results[i] = values[i];
      else cx_tensor_release(values[i]);
    }
    cx_free(ev->allocator, values);
    if (st)
      for (uint32_t i = 0; i < count; i++) results[i] = NULL;
  }
  if (!st) st = cx_tensor_token(ev->allocator, &results[count]);
  return st;
}

static cx_status_t eval_infeed(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t** results) {
  if (op->num_results < 1) return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no token result");
  uint32_t count = op->num_results - 1;
  const cx_op_t* func = cx_world_next_infeed(ev);
  if (!func)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "the infeed queue is empty (interpreter.run_parallel's `infeed` lists "
                         "the values it delivers)");
  uint32_t n = 0;
  cx_tensor_t** values = NULL;
  CX_RETURN_IF_ERROR(cx_eval_call(ev, func, 0, NULL, &n, &values));
  cx_status_t st = NULL;
  if (n != count)
    st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                       "has %u data results but infeed function '@%s' returns %u values", count,
                       cx_func_name(func), n);
  for (uint32_t i = 0; i < count && !st; i++)
    if (!cx_tensor_matches_type(values[i], op->results[i].type))
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "infeed value #%u from '@%s' does not have the type of result #%u", i,
                         cx_func_name(func), i);
  for (uint32_t i = 0; i < n; i++) {
    if (!st) results[i] = values[i];
    else cx_tensor_release(values[i]);
  }
  cx_free(ev->allocator, values);
  if (st) {
    for (uint32_t i = 0; i < count; i++) results[i] = NULL;
    return st;
  }
  return cx_tensor_token(ev->allocator, &results[count]);
}

static cx_status_t eval_outfeed(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  if (op->num_operands < 1 || args[op->num_operands - 1]->kind != CX_VALUE_TOKEN)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a token as its last operand");
  CX_RETURN_IF_ERROR(cx_world_outfeed(ev, op->num_operands - 1, args));
  return cx_tensor_token(ev->allocator, &results[0]);
}

cx_status_t cx_eval_family_COLLECTIVE(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                      cx_tensor_t** results) {
  group_mode_t mode = CROSS_REPLICA;
  switch (op->kind) {
    case CX_OP_ALL_GATHER: return eval_all_gather(ev, op, args, results);
    case CX_OP_ALL_REDUCE:
      CX_RETURN_IF_ERROR(reduce_like_mode(ev, op, &mode));
      return eval_all_reduce(ev, op, args, results, mode);
    case CX_OP_REDUCE_SCATTER: return eval_reduce_scatter(ev, op, args, results);
    case CX_OP_ALL_TO_ALL: return eval_all_to_all(ev, op, args, results);
    case CX_OP_COLLECTIVE_PERMUTE: return eval_collective_permute(ev, op, args, results);
    case CX_OP_COLLECTIVE_BROADCAST: return eval_collective_broadcast(ev, op, args, results);
    case CX_OP_COLLECTIVE_REDUCE: return eval_collective_reduce(ev, op, args, results);
    case CX_OP_CROSS_REPLICA_SUM: return eval_cross_replica_sum(ev, op, args, results);
    case CX_OP_REPLICA_ID:
      return eval_id(ev, op, ev->process->replica_id, results);
    case CX_OP_PARTITION_ID:
      return eval_id(ev, op, ev->process->partition_id, results);
    case CX_OP_SEND: return eval_send(ev, op, args, results);
    case CX_OP_RECV: return eval_recv(ev, op, args, results);
    case CX_OP_INFEED: return eval_infeed(ev, op, results);
    case CX_OP_OUTFEED: return eval_outfeed(ev, op, args, results);
    default: return cx_eval_error(op, CX_UNIMPLEMENTED, "is not a distribution op");
  }
}
