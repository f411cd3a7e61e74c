// The collectives, replica_id / partition_id, send / recv and infeed /
// outfeed in compiled code, which runs on one device: the process grid of
// a plain call, (0, 0) alone (lower_misc.h has the plan). Each op gets the
// meaning the interpreter gives it on that grid (src/interp/eval_collective.c):
//
//   all_reduce, reduce_scatter,   the operands, converted to the element
//   collective_reduce             type of the computation's arguments (the
//                                 reduction of one value is that value)
//   all_gather, all_to_all,       the operands
//   collective_broadcast,
//   cross-replica-sum
//   collective_permute            the operand if a pair is (0, 0), else zeros
//   replica_id, partition_id      0
//   outfeed                       nothing (no one reads it)
//   send                          nothing if no pair has source 0; else a
//                                 run-time error (no receiver)
//   recv                          zeros if no pair targets 0; else a
//                                 run-time error (no sender)
//   infeed                        a run-time error (the queue is empty)
//
// Process groups (replica_groups) may only name process 0 (and the -1
// padding); naming others means the program needs more devices, which is a
// compile error ("needs N devices; compiled code runs on one"), as is a
// module declaring mhlo.num_replicas x mhlo.num_partitions > 1 when it uses
// an op whose meaning depends on the grid. Where the interpreter's one
// process is in no group (collective_broadcast, collective_reduce), the
// results are zeros, as there.
//
// Inside interpreter.run_parallel (cx_collective_world_op) sends and recvs
// meet in a world: the k-th recv of a process on a channel gets the values
// of the k-th send to it on that channel, and each process's infeed ops
// read the run_parallel's `infeed` functions in order (resolved at compile
// time; see lower_misc.h). On a 1 x 1 grid the process sends to itself; on
// larger grids expand_grid.c names the process whose op is given.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lower_misc.h"
#include "ir/attr_ints.h"
#include "ir/builder.h"
#include "runtime/routines_misc.h"

// ---- attributes -------------------------------------------------------------------

static const cx_attr_t* attr_named(cx_module_t* m, const cx_op_t* op, const char* name) {
  return cx_op_attr(op, cx_intern(m->ctx, name, strlen(name)));
}

int64_t cx_collective_channel(cx_module_t* m, const cx_op_t* op) {
  const cx_attr_t* a = cx_op_attr(op, cx_name(m->ctx, CX_NAME_channel_handle));
  if (a && a->kind == CX_ATTR_CHANNEL_HANDLE) return a->channel_handle.handle;
  a = cx_op_attr(op, cx_name(m->ctx, CX_NAME_channel_id));
  if (a && a->kind == CX_ATTR_INTEGER) return a->integer;
  return 0;
}

bool cx_collective_flag(const cx_attr_t* a) {
  return a && (a->kind == CX_ATTR_UNIT || (a->kind == CX_ATTR_BOOL && a->boolean));
}

// A 2-D integer attribute (replica_groups, source_target_pairs); absent: 0 x 0.
cx_status_t cx_collective_matrix(cx_module_t* m, const cx_op_t* op, cx_name_id_t name,
                                  cx_i64s_t* out) {
  memset(out, 0, sizeof(*out));
  const cx_attr_t* a = cx_op_attr(op, cx_name(m->ctx, name));
  if (!a) return NULL;
  if (a->kind == CX_ATTR_REPLICA_GROUP_MESH_AXES)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has %s given as mesh axes",
                             cx_name(m->ctx, name));
  if (!cx_attr_get_i64s(a, out) || out->rank != 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "needs '%s' as a 2-dimensional integer tensor", cx_name(m->ctx, name));
  return NULL;
}

static cx_status_t needs_devices(const cx_op_t* op, int64_t n, const char* why) {
  return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                           "needs %lld devices; compiled code runs on one (%s)", (long long)n, why);
}

// A module meant for several devices (mhlo.num_replicas x
// mhlo.num_partitions > 1) cannot give a grid-dependent op its meaning.
static cx_status_t check_module_grid(cx_module_t* m, const cx_op_t* op) {
  int64_t n = 1;
  for (uint32_t i = 0; i < m->num_attrs; i++) {
    const char* name = m->attrs[i].name;
    const cx_attr_t* a = m->attrs[i].value;
    if ((!strcmp(name, "mhlo.num_replicas") || !strcmp(name, "mhlo.num_partitions")) &&
        a->kind == CX_ATTR_INTEGER && a->integer > 1)
      n *= a->integer;
  }
  return n > 1 ? needs_devices(op, n, "the module sets mhlo.num_replicas x mhlo.num_partitions")
               : NULL;
}

// Whether process 0 is in a group of replica_groups (empty groups: one
// group of everyone). Ids other than 0 and -1 need more devices.
static cx_status_t in_group(cx_module_t* m, const cx_op_t* op, bool required, bool* out_found) {
  cx_i64s_t g;
  CX_RETURN_IF_ERROR(cx_collective_matrix(m, op, CX_NAME_replica_groups, &g));
  *out_found = g.len == 0;
  int64_t max = 0, zeros = 0;
  for (uint32_t i = 0; i < g.len; i++) {
    if (g.data[i] > max) max = g.data[i];
    if (g.data[i] == 0)
      zeros++;
    else if (g.data[i] < -1)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has a negative process id");
  }
  if (max > 0) return needs_devices(op, max + 1, "replica_groups names other processes");
  if (zeros > 1)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "names process 0 twice in replica_groups");
  if (zeros) *out_found = true;
  if (!*out_found && required)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "process (0, 0) is in no group of replica_groups");
  return NULL;
}

// ---- new values ---------------------------------------------------------------------

// A declared result type is met by a value of type `t` if elements agree and
// every static dim is equal (as the interpreter checks results).
bool cx_collective_compatible(const cx_type_t* t, const cx_type_t* declared) {
  if (t == declared) return true;
  if (!cx_type_is_tensor(t) || !cx_type_is_tensor(declared)) return false;
  if (t->tensor.element != declared->tensor.element || t->tensor.rank != declared->tensor.rank)
    return false;
  for (uint32_t d = 0; d < t->tensor.rank; d++)
    if (declared->tensor.dims[d] != CX_DYNAMIC_DIM && declared->tensor.dims[d] != t->tensor.dims[d])
      return false;
  return true;
}

static cx_status_t replace_result(cx_op_t* op, uint32_t i, cx_value_t* v) {
  cx_value_t* r = cx_op_result(op, i);
  if (!cx_collective_compatible(v->type, r->type))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "result #%u does not have the type of what one process computes", i);
  cx_value_replace_all_uses(r, v);
  return NULL;
}

// Zeros of a result's type; a quantized zero is quantize(0), the zero point
// (per channel for per-axis types), clamped to the storage range.
cx_status_t cx_collective_zeros(cx_module_t* m, cx_builder_t* b, const cx_op_t* op, const cx_type_t* t,
                         cx_value_t** out) {
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has a result without a static shape");
  const cx_type_t* q = t->tensor.element;
  const cx_attr_t* value;
  if (!cx_type_is_quant(q)) {
    size_t nbytes = cx_lower_nbytes(t);
    void* data = cx_calloc(m->ctx->allocator, nbytes, 1);
    if (!data) return CX_OOM();
    value = cx_module_attr_dense(m, t, data, nbytes, false);
    cx_free(m->ctx->allocator, data);
    if (!value) return CX_OOM();
    return cx_build_constant(b, value, out);
  }
  cx_elem_t se = cx_tensor_elem(t);
  size_t es = cx_elem_storage_size(se);
  int64_t n = cx_tensor_num_elements(t);
  unsigned char* data = cx_alloc_array(m->ctx->allocator, (size_t)n, es);
  if (!data) return CX_OOM();
  int64_t inner = 1, axis_len = 1;
  if (q->quant.axis != CX_QUANT_PER_TENSOR) {
    axis_len = t->tensor.dims[q->quant.axis];
    for (uint32_t d = (uint32_t)q->quant.axis + 1; d < t->tensor.rank; d++)
      inner *= t->tensor.dims[d];
  }
  for (int64_t k = 0; k < n; k++) {
    int64_t c = q->quant.axis == CX_QUANT_PER_TENSOR ? 0 : (k / inner) % axis_len;
    int64_t zp = q->quant.zero_points[c < (int64_t)q->quant.num_scales ? c : 0];
    if (zp < q->quant.storage_min) zp = q->quant.storage_min;
    if (zp > q->quant.storage_max) zp = q->quant.storage_max;
    cx_store_int(se, data + (size_t)k * es, zp);
  }
  value = cx_module_attr_dense(m, t, data, (size_t)n * es, false);
  cx_free(m->ctx->allocator, data);
  if (!value) return CX_OOM();
  return cx_build_constant(b, value, out);
}

// `x` as the element type of the computation's arguments (all_reduce's
// promotion), as the interpreter's reduction of one value converts it.
cx_status_t cx_collective_as_computation_type(cx_builder_t* b, const cx_op_t* op, cx_value_t* x,
                                       cx_value_t** out) {
  *out = x;
  const cx_block_t* body = op->num_regions ? op->regions[0].first_block : NULL;
  if (!body || !body->num_args || !cx_type_is_tensor(body->args[0]->type)) return NULL;
  const cx_type_t* want = body->args[0]->type->tensor.element;
  const cx_type_t* have = x->type->tensor.element;
  if (want == have) return NULL;
  if (cx_type_is_quant(want) || cx_type_is_quant(have))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "promotes quantized operands to the computation's type");
  const cx_type_t* t = cx_tensor_with_element(b->module->ctx, x->type, want);
  if (!t) return CX_OOM();
  return cx_build_value(b, CX_OP_CONVERT, 1, &x, t, 0, NULL, out);
}

static cx_status_t erase_passing_token(cx_op_t* op, uint32_t token_result) {
  cx_value_t* token = cx_op_operand(op, op->num_operands - 1);
  cx_value_replace_all_uses(cx_op_result(op, token_result), token);
  cx_op_erase(op);
  return NULL;
}

// ---- send / recv pairs ------------------------------------------------------------------

// Where a send of process `me` (flattened id; 0 on one device) delivers:
// dest -1 (the host / any receiver) for host transfers and sends without
// pairs, else the target of each pair whose source is me. *n = 0: the send
// reaches no one.
static cx_status_t send_targets(cx_module_t* m, const cx_op_t* op, int64_t me, int64_t* dests,
                                uint32_t cap, uint32_t* n) {
  *n = 0;
  cx_i64s_t p = {0};
  if (!cx_collective_flag(cx_op_attr(op, cx_name(m->ctx, CX_NAME_is_host_transfer))))
    CX_RETURN_IF_ERROR(cx_collective_matrix(m, op, CX_NAME_source_target_pairs, &p));
  if (p.len && p.cols != 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs source_target_pairs of 2 columns");
  if (!p.len) {
    dests[(*n)++] = -1;
    return NULL;
  }
  for (int64_t i = 0; i < p.rows; i++) {
    if (p.data[2 * i] != me) continue;
    if (*n == cap) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "sends to too many targets");
    dests[(*n)++] = p.data[2 * i + 1];
  }
  return NULL;
}

// Where a recv of process `me` receives from: -1 for host transfers and
// recvs without pairs, me if a pair targets it; *has = false if nothing
// arrives.
static cx_status_t recv_source(cx_module_t* m, const cx_op_t* op, int64_t me, int64_t* dest,
                               bool* has) {
  cx_i64s_t p = {0};
  if (!cx_collective_flag(cx_op_attr(op, cx_name(m->ctx, CX_NAME_is_host_transfer))))
    CX_RETURN_IF_ERROR(cx_collective_matrix(m, op, CX_NAME_source_target_pairs, &p));
  if (p.len && p.cols != 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs source_target_pairs of 2 columns");
  *has = p.len == 0;
  *dest = -1;
  for (int64_t i = 0; i < p.rows; i++)
    if (p.data[2 * i + 1] == me) {
      *has = true;
      *dest = me;
    }
  return NULL;
}

// ---- localize ------------------------------------------------------------------------

static cx_status_t localize_permute(cx_module_t* m, cx_builder_t* b, cx_op_t* op) {
  cx_i64s_t p;
  CX_RETURN_IF_ERROR(cx_collective_matrix(m, op, CX_NAME_source_target_pairs, &p));
  if (p.len && p.cols != 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs source_target_pairs of 2 columns");
  bool self = false;
  int64_t max = 0;
  for (uint32_t i = 0; i < p.len; i++) {
    if (p.data[i] < 0)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has a negative process id");
    if (p.data[i] > max) max = p.data[i];
  }
  if (max > 0) return needs_devices(op, max + 1, "source_target_pairs names other processes");
  if (p.rows > 1)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "makes process 0 the target of two pairs");
  self = p.rows > 0;
  if (self) return replace_result(op, 0, cx_op_operand(op, 0));
  cx_value_t* z;
  CX_RETURN_IF_ERROR(cx_collective_zeros(m, b, op, cx_op_result(op, 0)->type, &z));
  return replace_result(op, 0, z);
}

static cx_status_t localize_broadcast(cx_module_t* m, cx_builder_t* b, cx_op_t* op) {
  bool dynamic_root = cx_collective_flag(attr_named(m, op, "has_dynamic_root"));
  uint32_t count = op->num_operands - (dynamic_root ? 1 : 0);
  if (count != op->num_results)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has %u data operands but %u results", count,
                             op->num_results);
  bool found;
  CX_RETURN_IF_ERROR(in_group(m, op, false, &found));
  if (found && dynamic_root) {
    // The roots index the group of one: they must all be 0.
    cx_value_t* r = cx_op_operand(op, count);
    const cx_attr_t* a = cx_value_constant_attr(r);
    const void* data;
    size_t nbytes;
    bool splat;
    if (!a || !cx_attr_dense_data(a, &data, &nbytes, &splat) || !cx_type_is_tensor(r->type))
      return cx_lower_op_error(
          op, CX_UNIMPLEMENTED,
          "has a root computed at run time; compiled code needs a constant root");
    cx_elem_t e = cx_tensor_elem(r->type);
    int64_t n = splat ? 1 : cx_tensor_num_elements(r->type);
    for (int64_t i = 0; i < n; i++) {
      int64_t v = cx_load_int(e, (const char*)data + (size_t)i * cx_elem_storage_size(e));
      if (v != 0)
        return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "root %lld is outside its group of 1",
                                 (long long)v);
    }
  }
  for (uint32_t i = 0; i < count; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    if (!found) CX_RETURN_IF_ERROR(cx_collective_zeros(m, b, op, cx_op_result(op, i)->type, &v));
    CX_RETURN_IF_ERROR(replace_result(op, i, v));
  }
  return NULL;
}

static cx_status_t localize_cross_replica_sum(cx_module_t* m, cx_builder_t* b, cx_op_t* op) {
  bool found;
  CX_RETURN_IF_ERROR(in_group(m, op, true, &found));
  cx_value_t* x = cx_op_operand(op, 0);
  if (cx_tensor_is_quantized(x->type))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "on quantized tensors");
  if (cx_elem_is_complex(cx_tensor_elem(x->type))) {
    // The interpreter sums from (0, 0): a -0 part becomes +0.
    cx_value_t *z, *sum;
    CX_RETURN_IF_ERROR(cx_collective_zeros(m, b, op, x->type, &z));
    cx_value_t* ops[2] = {z, x};
    CX_RETURN_IF_ERROR(cx_build_value(b, CX_OP_ADD, 2, ops, x->type, 0, NULL, &sum));
    x = sum;
  }
  return replace_result(op, 0, x);
}

static cx_status_t localize_reduce_like(cx_module_t* m, cx_builder_t* b, cx_op_t* op,
                                        bool required) {
  bool found;
  CX_RETURN_IF_ERROR(in_group(m, op, required, &found));
  for (uint32_t i = 0; i < op->num_results; i++) {
    cx_value_t* v;
    if (found)
      CX_RETURN_IF_ERROR(cx_collective_as_computation_type(b, op, cx_op_operand(op, i), &v));
    else
      CX_RETURN_IF_ERROR(cx_collective_zeros(m, b, op, cx_op_result(op, i)->type, &v));
    CX_RETURN_IF_ERROR(replace_result(op, i, v));
  }
  return NULL;
}

static cx_status_t localize_all_to_all(cx_module_t* m, cx_op_t* op) {
  bool found;
  CX_RETURN_IF_ERROR(in_group(m, op, true, &found));
  int64_t split_count = 1;
  if (cx_op_get_int(m->ctx, op, CX_NAME_split_count, &split_count) && split_count != 1)
    return needs_devices(op, split_count, "split_count");
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(replace_result(op, i, cx_op_operand(op, i)));
  return NULL;
}

bool cx_collective_meets(cx_op_kind_t kind) {
  switch (kind) {
    case CX_OP_ALL_REDUCE:
    case CX_OP_REDUCE_SCATTER:
    case CX_OP_ALL_GATHER:
    case CX_OP_ALL_TO_ALL:
    case CX_OP_COLLECTIVE_PERMUTE:
    case CX_OP_COLLECTIVE_BROADCAST:
    case CX_OP_COLLECTIVE_REDUCE:
    case CX_OP_CROSS_REPLICA_SUM: return true;
    default: return false;
  }
}

// The one-process id ops and transfers need no grid check; the rest do.
cx_status_t cx_collective_localize(cx_module_t* m, cx_op_t* op, bool* out_erased) {
  *out_erased = false;
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, op);
  b.loc = op->loc;
  if (cx_collective_meets(op->kind) || op->kind == CX_OP_REPLICA_ID ||
      op->kind == CX_OP_PARTITION_ID)
    CX_RETURN_IF_ERROR(check_module_grid(m, op));
  switch (op->kind) {
    case CX_OP_ALL_REDUCE:
    case CX_OP_REDUCE_SCATTER:
      CX_RETURN_IF_ERROR(localize_reduce_like(m, &b, op, true));
      break;
    case CX_OP_COLLECTIVE_REDUCE:
      CX_RETURN_IF_ERROR(localize_reduce_like(m, &b, op, false));
      break;
    case CX_OP_ALL_GATHER: {
      bool found;
      CX_RETURN_IF_ERROR(in_group(m, op, true, &found));
      for (uint32_t i = 0; i < op->num_results; i++)
        CX_RETURN_IF_ERROR(replace_result(op, i, cx_op_operand(op, i)));
      break;
    }
    case CX_OP_ALL_TO_ALL:
      CX_RETURN_IF_ERROR(localize_all_to_all(m, op));
      break;
    case CX_OP_COLLECTIVE_PERMUTE:
      CX_RETURN_IF_ERROR(localize_permute(m, &b, op));
      break;
    case CX_OP_COLLECTIVE_BROADCAST:
      CX_RETURN_IF_ERROR(localize_broadcast(m, &b, op));
      break;
    case CX_OP_CROSS_REPLICA_SUM:
      CX_RETURN_IF_ERROR(localize_cross_replica_sum(m, &b, op));
      break;
    case CX_OP_REPLICA_ID:
    case CX_OP_PARTITION_ID: {
      const cx_attr_t* zero;
      cx_value_t* v;
      CX_RETURN_IF_ERROR(cx_attr_splat_i64(m, cx_op_result(op, 0)->type, 0, &zero));
      CX_RETURN_IF_ERROR(cx_build_constant(&b, zero, &v));
      CX_RETURN_IF_ERROR(replace_result(op, 0, v));
      break;
    }
    case CX_OP_OUTFEED:
      *out_erased = true;
      return erase_passing_token(op, 0);
    case CX_OP_SEND: {
      int64_t dests[8];
      uint32_t n;
      CX_RETURN_IF_ERROR(send_targets(m, op, 0, dests, 8, &n));
      if (n) return NULL;  // lowered to a run-time error: no receiver
      *out_erased = true;
      return erase_passing_token(op, 0);
    }
    case CX_OP_RECV: {
      int64_t dest;
      bool has;
      CX_RETURN_IF_ERROR(recv_source(m, op, 0, &dest, &has));
      if (has) return NULL;  // lowered to a run-time error: no sender
      // Nothing arrives: zeros, as for collective_permute.
      for (uint32_t i = 0; i + 1 < op->num_results; i++) {
        cx_value_t* z;
        CX_RETURN_IF_ERROR(cx_collective_zeros(m, &b, op, cx_op_result(op, i)->type, &z));
        CX_RETURN_IF_ERROR(replace_result(op, i, z));
      }
      *out_erased = true;
      return erase_passing_token(op, op->num_results - 1);
    }
    default:
      return NULL;  // infeed: a run-time error when it runs
  }
  cx_op_erase(op);
  *out_erased = true;
  return NULL;
}

// ---- the world of a 1 x 1 run_parallel ---------------------------------------------------

typedef struct message {
  int64_t channel, dest;
  uint32_t count;
  cx_value_t** values;
  bool taken;
} message_t;

struct cx_misc_world {
  cx_allocator_t allocator;    // the world and its messages' values
  CX_VEC(message_t) messages;  // in send order
  const cx_op_t* const* infeed;
  uint32_t num_infeed;
  int64_t me, num_processes;   // whose ops are given (flattened id)
  uint32_t* next_infeed;       // per process: each reads its own copy of the queue
};

cx_misc_world_t* cx_misc_world_create(cx_allocator_t allocator, const cx_op_t* const* infeed,
                                      uint32_t num_infeed, int64_t num_processes) {
  cx_misc_world_t* w = cx_calloc(allocator, 1, sizeof(*w));
  if (!w) return NULL;
  w->allocator = allocator;
  w->infeed = infeed;
  w->num_infeed = num_infeed;
  w->num_processes = num_processes > 0 ? num_processes : 1;
  w->next_infeed = cx_calloc(allocator, (size_t)w->num_processes, sizeof(uint32_t));
  if (!w->next_infeed) {
    cx_free(allocator, w);
    return NULL;
  }
  return w;
}

void cx_misc_world_set_process(cx_misc_world_t* w, int64_t me) {
  if (me >= 0 && me < w->num_processes) w->me = me;
}

void cx_misc_world_destroy(cx_misc_world_t* w) {
  if (!w) return;
  for (size_t i = 0; i < w->messages.len; i++) cx_free(w->allocator, w->messages.data[i].values);
  cx_vec_free(&w->messages);
  cx_free(w->allocator, w->next_infeed);
  cx_free(w->allocator, w);
}

// The oldest message not yet taken on (channel, dest), or NULL.
static message_t* world_message(cx_misc_world_t* w, int64_t channel, int64_t dest) {
  for (size_t i = 0; i < w->messages.len; i++) {
    message_t* c = &w->messages.data[i];
    if (!c->taken && c->channel == channel && c->dest == dest) return c;
  }
  return NULL;
}

cx_status_t cx_misc_world_would_wait(cx_module_t* m, cx_misc_world_t* w, const cx_op_t* op,
                                     bool* out_wait) {
  *out_wait = false;
  if (op->kind != CX_OP_RECV) return NULL;
  int64_t dest;
  bool has;
  CX_RETURN_IF_ERROR(recv_source(m, op, w->me, &dest, &has));
  *out_wait = has && !world_message(w, cx_collective_channel(m, op), dest);
  return NULL;
}

static cx_status_t world_infeed(cx_module_t* m, cx_misc_world_t* w, cx_op_t* op, bool nested,
                                bool* out_erased) {
  uint32_t* next = &w->next_infeed[w->me];
  if (*next >= w->num_infeed) return NULL;  // a run-time error: the queue is empty
  if (nested)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "reads interpreter.run_parallel's infeed queue inside a loop or "
                             "branch; compiled code hands out the queue in program order");
  const cx_op_t* f = w->infeed[(*next)++];
  const cx_type_t* ft = cx_func_type(f);
  uint32_t count = op->num_results - 1;
  if (ft->func.num_results != count)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "has %u data results but infeed function '@%s' returns %u values",
                             count, cx_func_name(f), ft->func.num_results);
  const char* name = cx_func_name(f);
  const cx_named_attr_t callee = {cx_name(m->ctx, CX_NAME_callee),
                                  cx_attr_symbol_ref(&m->arena, name, strlen(name))};
  if (!callee.value) return CX_OOM();
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, op);
  cx_op_state_t st = {.kind = CX_OP_FUNC_CALL,
                      .loc = op->loc,
                      .num_results = count,
                      .result_types = ft->func.results,
                      .num_attrs = 1,
                      .attrs = &callee};
  cx_op_t* call;
  CX_RETURN_IF_ERROR(cx_build(&b, &st, &call));
  for (uint32_t i = 0; i < count; i++) {
    if (!cx_collective_compatible(ft->func.results[i], cx_op_result(op, i)->type))
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "infeed value #%u from '@%s' does not have the type of result #%u",
                               i, name, i);
    cx_value_replace_all_uses(cx_op_result(op, i), cx_op_result(call, i));
  }
  *out_erased = true;
  return erase_passing_token(op, count);
}

cx_status_t cx_collective_world_op(cx_module_t* m, cx_misc_world_t* w, cx_op_t* op, bool nested,
                                   bool* out_erased) {
  *out_erased = false;
  if (op->kind == CX_OP_INFEED) return world_infeed(m, w, op, nested, out_erased);
  int64_t ch = cx_collective_channel(m, op);
  if (op->kind == CX_OP_SEND) {
    int64_t dests[8];
    uint32_t n;
    CX_RETURN_IF_ERROR(send_targets(m, op, w->me, dests, 8, &n));
    if (!n) return NULL;
    if (nested)
      return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                               "sends inside a loop or branch of interpreter.run_parallel's "
                               "program; compiled code pairs sends with recvs in program order");
    uint32_t count = op->num_operands - 1;
    for (uint32_t k = 0; k < n; k++) {
      message_t msg = {ch, dests[k], count,
                       cx_alloc_array(w->allocator, count, sizeof(cx_value_t*)), false};
      if (!msg.values) return CX_OOM();
      for (uint32_t i = 0; i < count; i++) msg.values[i] = cx_op_operand(op, i);
      if (!cx_vec_push(&w->messages, msg)) {
        cx_free(w->allocator, msg.values);
        return CX_OOM();
      }
    }
    *out_erased = true;
    return erase_passing_token(op, 0);
  }
  if (op->kind != CX_OP_RECV) return NULL;
  int64_t dest;
  bool has;
  CX_RETURN_IF_ERROR(recv_source(m, op, w->me, &dest, &has));
  if (!has) return NULL;  // zeros (localize)
  if (nested)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "receives inside a loop or branch of interpreter.run_parallel's "
                             "program; compiled code pairs sends with recvs in program order");
  message_t* msg = world_message(w, ch, dest);
  if (!msg)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "waits for a message on channel %lld that no earlier send of its "
                             "process sends (a deadlock)",
                             (long long)ch);
  uint32_t count = op->num_results - 1;
  if (msg->count != count)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "received %u values on channel %lld but has %u data results",
                             msg->count, (long long)ch, count);
  for (uint32_t i = 0; i < count; i++)
    if (!cx_collective_compatible(msg->values[i]->type, cx_op_result(op, i)->type))
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "received value #%u does not have the type of result #%u", i, i);
  msg->taken = true;
  for (uint32_t i = 0; i < count; i++)
    cx_value_replace_all_uses(cx_op_result(op, i), msg->values[i]);
  *out_erased = true;
  return erase_passing_token(op, count);
}

// ---- lowering what is left ---------------------------------------------------------

cx_status_t cx_lower_collective_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  const char* why;
  int32_t code;
  switch (op->kind) {
    case CX_OP_INFEED:
      code = CX_INVALID_ARGUMENT;
      why =
          "the infeed queue is empty (interpreter.run_parallel's `infeed` lists the values it "
          "delivers)";
      break;
    case CX_OP_SEND:
      code = CX_UNIMPLEMENTED;
      why = "has no receiver outside interpreter.run_parallel";
      break;
    case CX_OP_RECV:
      code = CX_UNIMPLEMENTED;
      why = "has no sender outside interpreter.run_parallel";
      break;
    default:
      return cx_lower_op_error(op, CX_INTERNAL, "was not given its one-device meaning");
  }
  for (uint32_t i = 0; i < op->num_results; i++) {
    uint32_t slot;
    CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result(op, i), &slot));
  }
  cx_lower_misc_fail(lw, program, op, code, why);
  return NULL;
}
