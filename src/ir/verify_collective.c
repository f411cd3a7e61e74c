// Collectives and communication: all_gather, all_reduce, all_to_all,
// reduce_scatter, collective_permute, collective_broadcast, collective_reduce,
// cross-replica-sum, replica_id, partition_id, send, recv, infeed, outfeed
// (spec sections of the same names; "Collective ops" for process groups).
//
// The process grid (num_replicas, num_partitions) is not part of a program,
// so constraints that depend on it (e.g. all_gather_c3: size(replica_groups)
// = num_replicas) are checked only as far as the program itself determines
// them: replica ids must be unique and cover [0, number of ids).
#include "ir/verify_util.h"

#define MAX_OPERANDS 64

typedef struct groups {
  bool known;         // replica_groups is a dense tensor (not mesh axes)
  int64_t ngroups;    // dim(replica_groups, 0)
  int64_t size;       // dim(replica_groups, 1)
  bool padded;        // contains -1 entries (groups of unequal size)
  bool empty;         // no ids at all
} groups_t;

// replica_groups: a 2-D si64 tensor of unique ids covering [0, count), or a
// #stablehlo.replica_group_mesh_axes attribute. `allow_padding`: -1 entries
// pad groups of unequal size (accepted by the reference implementation for
// the ops whose groups may differ in size).
static cx_status_t read_groups(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                               bool required, bool allow_padding, bool must_cover, groups_t* g) {
  *g = (groups_t){false, 0, 0, false, true};
  const cx_attr_t* a = cx_v_attr(op, name);
  if (!a) {
    if (required) return cx_verify_error(op, "requires attribute '%s'", name);
    return NULL;
  }
  if (a->kind == CX_ATTR_REPLICA_GROUP_MESH_AXES) {
    g->empty = false;
    return NULL;
  }
  cx_v_ints_t v;
  CX_RETURN_IF_ERROR(cx_v_dense_ints(vc, op, a, name, &v));
  if (v.rank != 2) return cx_verify_error(op, "replica groups should be a rank 2 tensor");
  g->known = true;
  g->ngroups = v.dims[0];
  g->size = v.dims[1];
  g->empty = v.n == 0;
  // <op>: is_unique(replica_groups)
  uint32_t count = 0;
  int64_t* ids = CX_ARENA_ARRAY(&vc->scratch, int64_t, v.n ? v.n : 1);
  if (!ids) return CX_OOM();
  for (uint32_t i = 0; i < v.n; i++) {
    if (v.v[i] == -1 && allow_padding) {
      g->padded = true;
      continue;
    }
    ids[count++] = v.v[i];
  }
  if (!cx_v_unique(vc, ids, count))
    return cx_verify_error(op, "replica ids in %s must be unique", name);
  // <op>: 0 <= replica_groups < size(replica_groups) where the bound is the
  // number of ids; for collective_broadcast the bound is num_replicas or
  // num_partitions (collective_broadcast_c2), so only 0 <= id is checkable.
  for (uint32_t i = 0; i < count; i++)
    if (ids[i] < 0 || (must_cover && ids[i] >= (int64_t)count))
      return cx_verify_error(op, "replica id %lld is out of range: %s must hold the ids 0..%u",
                             (long long)ids[i], name, count ? count - 1 : 0);
  return NULL;
}

typedef struct channel {
  int64_t id;          // channel_id; 0 when absent
  int64_t type;
  bool global_ids;     // use_global_device_ids
} channel_t;

static cx_status_t read_channel(cx_verify_ctx_t* vc, const cx_op_t* op, bool required,
                                channel_t* c) {
  const cx_attr_t* ch;
  c->id = 0;
  c->type = 0;
  c->global_ids = false;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, channel_handle), CX_ATTR_CHANNEL_HANDLE, required, &ch));
  if (ch) {
    c->id = ch->channel_handle.handle;
    c->type = ch->channel_handle.type;
  }
  return NULL;
}

static cx_status_t read_global_ids(cx_verify_ctx_t* vc, const cx_op_t* op, channel_t* c,
                                   const groups_t* g) {
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, use_global_device_ids), false, false,
                                   &c->global_ids));
  // all_gather_c5, all_reduce_c4, reduce_scatter_c6
  if (c->global_ids && c->id <= 0)
    return cx_verify_error(op, "channel_id must be positive when use_global_device_ids is set but got: %lld",
                           (long long)c->id);
  if (c->global_ids && g->known && g->empty)
    return cx_verify_error(op, "if use_global_device_ids is set, the replica groups cannot be empty");
  return NULL;
}

// The number of processes in each process group when the program alone
// determines it (cross_replica or flattened_ids with uniform groups), or -1
// (cross_replica_and_partition multiplies by num_partitions).
static int64_t exact_group_size(const groups_t* g, const channel_t* c) {
  if (!g->known || g->padded || g->empty) return -1;
  if (c->id > 0 && !c->global_ids) return -1;
  return g->size;
}

static cx_status_t verify_all_gather(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, op->num_operands, op->num_operands));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int64_t dim;
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, all_gather_dim), true, 0, &dim));
  CX_RETURN_IF_ERROR(read_groups(vc, op, CX_V_NAME(vc, replica_groups), true, true, true, &g));
  CX_RETURN_IF_ERROR(read_channel(vc, op, false, &c));
  CX_RETURN_IF_ERROR(read_global_ids(vc, op, &c, &g));
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *y = cx_v_rtype(op, i);
    CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
    // all_gather_c1
    if (dim < 0 || dim >= (int64_t)cx_v_rank(x))
      return cx_verify_error(op, "all_gather_dim %lld is out of range for operand rank %u",
                             (long long)dim, cx_v_rank(x));
    // all_gather_c6: type(result) = type(operand) except the gathered dim,
    // which is dim(operand) * dim(process_groups, 1). Only "a multiple of
    // dim(operand)" is enforced: the process group size depends on the grid
    // in general, and the reference implementation (and the StableHLO
    // compatibility suite, which gathers 16x8 -> 16x16 with groups of one)
    // accepts any multiple.
    if (!cx_v_elem_eq(x, y) || cx_v_rank(x) != cx_v_rank(y))
      return cx_verify_error(op, "result #%u must have the operand's element type and rank", i);
    int64_t dims[CX_V_MAX_RANK];
    for (uint32_t d = 0; d < cx_v_rank(x); d++) dims[d] = cx_v_dim(x, d);
    int64_t od = cx_v_dim(x, (uint32_t)dim), rd = cx_v_dim(y, (uint32_t)dim);
    dims[dim] = CX_V_DYN;
    if (!cx_v_dyn(od) && !cx_v_dyn(rd) && (od == 0 ? rd != 0 : rd % od != 0))
      return cx_verify_error(op, "result gather dimension has size %lld, expected to be a multiple of operand gather dimension size %lld",
                             (long long)rd, (long long)od);
    CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, cx_v_rank(x), dims, "result"));
  }
  return NULL;
}

// has_dynamic_root (collective_broadcast, collective_reduce; newer than the
// spec): the last operand holds the root process index of each data operand,
// an integer tensor with one element per data operand. Returns the number of
// data operands.
static cx_status_t dynamic_root(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t* ndata) {
  bool dyn;
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, vc->names.has_dynamic_root, false, false, &dyn));
  *ndata = op->num_operands;
  if (!dyn) return NULL;
  if (op->num_operands < 2)
    return cx_verify_error(op, "has_dynamic_root requires a root operand after the data operands");
  const cx_type_t* root = cx_v_otype(op, op->num_operands - 1);
  *ndata = op->num_operands - 1;
  int64_t ne = cx_type_is_tensor(root) ? cx_v_num_elements(root) : 0;
  if (!cx_type_is_tensor(root) || !cx_v_is_int(root) || cx_v_rank(root) > 1 ||
      (ne >= 0 && ne != (int64_t)*ndata))
    return cx_verify_error(op, "root operand must be an integer tensor with one element per data operand (%u), but got '%s'",
                           *ndata, cx_v_type_str(vc, root));
  return NULL;
}

// all_reduce and collective_reduce: one computation applied to every operand.
static cx_status_t verify_all_reduce(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  uint32_t n = op->num_operands;
  if (op->kind == CX_OP_COLLECTIVE_REDUCE) CX_RETURN_IF_ERROR(dynamic_root(vc, op, &n));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, n, n));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(read_groups(vc, op, CX_V_NAME(vc, replica_groups), true, true, true, &g));
  CX_RETURN_IF_ERROR(read_channel(vc, op, false, &c));
  CX_RETURN_IF_ERROR(read_global_ids(vc, op, &c, &g));
  const cx_type_t* x0 = cx_v_otype(op, 0);
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x0, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
  // all_reduce_c5: computation : (tensor<E>, tensor<E>) -> tensor<E>
  const cx_type_t* e0 = x0->tensor.element;
  const cx_type_t* acc;
  CX_RETURN_IF_ERROR(cx_v_reducer(vc, op, 0, "computation", 1, &e0, &acc));
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *y = cx_v_rtype(op, i);
    if (!cx_v_is_promotable(x->tensor.element, acc))
      return cx_verify_error(op, "operand #%u element type '%s' is not promotable to the computation's '%s'",
                             i, cx_v_type_str(vc, x->tensor.element), cx_v_type_str(vc, acc));
    // all_reduce_c6
    if (!cx_v_shapes_compat(x, y))
      return cx_verify_error(op, "result #%u shape '%s' differs from operand shape '%s'", i,
                             cx_v_type_str(vc, y), cx_v_type_str(vc, x));
    // all_reduce_c7
    if (y->tensor.element != acc)
      return cx_verify_error(op, "result #%u element type '%s' differs from the computation's '%s'",
                             i, cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, acc));
  }
  return NULL;
}

static cx_status_t verify_reduce_scatter(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int64_t sd;
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, scatter_dimension), true, 0, &sd));
  CX_RETURN_IF_ERROR(read_groups(vc, op, CX_V_NAME(vc, replica_groups), true, true, true, &g));
  CX_RETURN_IF_ERROR(read_channel(vc, op, false, &c));
  CX_RETURN_IF_ERROR(read_global_ids(vc, op, &c, &g));
  const cx_type_t *x = cx_v_otype(op, 0), *y = cx_v_rtype(op, 0);
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
  // reduce_scatter_c2
  if (sd < 0 || sd >= (int64_t)cx_v_rank(x))
    return cx_verify_error(op, "scatter_dimension %lld is out of range for operand rank %u",
                           (long long)sd, cx_v_rank(x));
  // reduce_scatter_c7
  const cx_type_t* e = x->tensor.element;
  const cx_type_t* acc;
  CX_RETURN_IF_ERROR(cx_v_reducer(vc, op, 0, "computation", 1, &e, &acc));
  // reduce_scatter_c9
  if (y->tensor.element != acc)
    return cx_verify_error(op, "result element type '%s' differs from the computation's '%s'",
                           cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, acc));
  // reduce_scatter_c1, reduce_scatter_c8
  if (cx_v_rank(y) != cx_v_rank(x))
    return cx_verify_error(op, "result rank %u differs from operand rank %u", cx_v_rank(y),
                           cx_v_rank(x));
  int64_t k = exact_group_size(&g, &c);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t d = 0; d < cx_v_rank(x); d++) dims[d] = cx_v_dim(x, d);
  int64_t od = cx_v_dim(x, (uint32_t)sd), rd = cx_v_dim(y, (uint32_t)sd);
  if (k > 0 && !cx_v_dyn(od)) {
    if (od % k)
      return cx_verify_error(op, "operand scatter dimension has size %lld, expected to be a multiple of the process group size %lld",
                             (long long)od, (long long)k);
    dims[sd] = od / k;
  } else {
    dims[sd] = CX_V_DYN;
    if (!cx_v_dyn(od) && !cx_v_dyn(rd) && (rd == 0 ? od != 0 : od % rd != 0))
      return cx_verify_error(op, "operand scatter dimension has size %lld, expected to be a multiple of result scatter dimension size %lld",
                             (long long)od, (long long)rd);
  }
  return cx_v_expect_shape(vc, op, y, cx_v_rank(x), dims, "result");
}

static cx_status_t verify_all_to_all(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, op->num_operands, op->num_operands));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int64_t split_dim, concat_dim, count;
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, split_dimension), true, 0, &split_dim));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, concat_dimension), true, 0, &concat_dim));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, split_count), true, 0, &count));
  // all_to_all_c5, all_to_all_c7
  CX_RETURN_IF_ERROR(read_groups(vc, op, CX_V_NAME(vc, replica_groups), true, false, true, &g));
  CX_RETURN_IF_ERROR(read_channel(vc, op, false, &c));
  // all_to_all_c4
  if (count <= 0)
    return cx_verify_error(op, "split_count must be positive, but got %lld", (long long)count);
  // all_to_all_c8
  if (g.known && !g.empty && g.size != count)
    return cx_verify_error(op, "replica groups must have split_count (%lld) entries each, but have %lld",
                           (long long)count, (long long)g.size);
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *y = cx_v_rtype(op, i);
    uint32_t r = cx_v_rank(x);
    CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
    // all_to_all_c1, all_to_all_c3
    if (split_dim < 0 || split_dim >= (int64_t)r)
      return cx_verify_error(op, "split_dimension %lld is out of range for operand rank %u",
                             (long long)split_dim, r);
    if (concat_dim < 0 || concat_dim >= (int64_t)r)
      return cx_verify_error(op, "concat_dimension %lld is out of range for operand rank %u",
                             (long long)concat_dim, r);
    // all_to_all_c2
    int64_t sdim = cx_v_dim(x, (uint32_t)split_dim);
    if (!cx_v_dyn(sdim) && sdim % count)
      return cx_verify_error(op, "split dimension has size %lld, expected to be a multiple of split_count %lld",
                             (long long)sdim, (long long)count);
    // all_to_all_c9
    if (!cx_v_elem_eq(x, y))
      return cx_verify_error(op, "result #%u element type differs from the operand's", i);
    int64_t dims[CX_V_MAX_RANK];
    for (uint32_t d = 0; d < r; d++) dims[d] = cx_v_dim(x, d);
    if (split_dim != concat_dim) {
      if (!cx_v_dyn(dims[split_dim])) dims[split_dim] /= count;
      if (!cx_v_dyn(dims[concat_dim]) && !cx_v_mul(dims[concat_dim], count, &dims[concat_dim]))
        return cx_verify_error(op, "concatenated size overflows");
    }
    CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, r, dims, "result"));
  }
  return NULL;
}

static cx_status_t verify_collective_permute(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  channel_t c;
  CX_RETURN_IF_ERROR(read_channel(vc, op, false, &c));
  cx_v_ints_t p;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, source_target_pairs), true, &p, NULL));
  // collective_permute_c1
  if (p.rank != 2 || p.dims[1] != 2)
    return cx_verify_error(op, "expect source_target_pairs attribute to be of rank 2 and of size 2 in dimension 1");
  uint32_t n = (uint32_t)p.dims[0];
  int64_t* src = CX_ARENA_ARRAY(&vc->scratch, int64_t, n ? n : 1);
  int64_t* dst = CX_ARENA_ARRAY(&vc->scratch, int64_t, n ? n : 1);
  if (!src || !dst) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    src[i] = p.v[2 * i];
    dst[i] = p.v[2 * i + 1];
    // collective_permute_c4 (the upper bound depends on the process grid)
    if (src[i] < 0 || dst[i] < 0)
      return cx_verify_error(op, "replica ids in source_target_pairs must be >= 0");
  }
  // collective_permute_c2, collective_permute_c3
  if (!cx_v_unique(vc, src, n))
    return cx_verify_error(op, "duplicate sources not allowed in source_target_pairs");
  if (!cx_v_unique(vc, dst, n))
    return cx_verify_error(op, "duplicate targets not allowed in source_target_pairs");
  // collective_permute_c5
  if (!cx_v_types_compat(cx_v_otype(op, 0), cx_v_rtype(op, 0)))
    return cx_verify_error(op, "requires the same type for operand and result");
  return NULL;
}

static cx_status_t verify_collective_broadcast(cx_verify_ctx_t* vc, cx_op_t* op) {
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  CX_RETURN_IF_ERROR(dynamic_root(vc, op, &n));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, n, n));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  groups_t g;
  channel_t c;
  // collective_broadcast_c1, collective_broadcast_c2
  CX_RETURN_IF_ERROR(read_groups(vc, op, CX_V_NAME(vc, replica_groups), true, true, false, &g));
  CX_RETURN_IF_ERROR(read_channel(vc, op, false, &c));
  // collective_broadcast_c3
  for (uint32_t i = 0; i < n; i++)
    if (!cx_v_types_compat(cx_v_otype(op, i), cx_v_rtype(op, i)))
      return cx_verify_error(op, "requires the same type for operand #%u and result #%u", i, i);
  return NULL;
}

static cx_status_t verify_cross_replica_sum(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Legacy op (not in the spec): an all_reduce with addition.
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  groups_t g;
  CX_RETURN_IF_ERROR(read_groups(vc, op, CX_V_NAME(vc, replica_groups), false, true, true, &g));
  if (!cx_v_types_compat(cx_v_otype(op, 0), cx_v_rtype(op, 0)))
    return cx_verify_error(op, "requires the same type for operand and result");
  return NULL;
}

static cx_status_t verify_id(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_type_t* y = cx_v_rtype(op, 0);
  if (!cx_type_is_tensor(y) || cx_v_rank(y) != 0 || cx_v_kind(y) != CX_ELEM_UI32)
    return cx_verify_error(op, "result must be a 0-dimensional tensor of ui32, but got '%s'",
                           cx_v_type_str(vc, y));
  return NULL;
}

// Results of recv and infeed: tensors (or tokens), then a token
// (recv_c2..c4, infeed_c1..c3).
static cx_status_t check_payload_results(cx_verify_ctx_t* vc, const cx_op_t* op) {
  if (op->num_results < 1) return cx_verify_error(op, "requires at least one result (the token)");
  for (uint32_t i = 0; i + 1 < op->num_results; i++)
    if (!cx_type_is_tensor(cx_v_rtype(op, i)))
      return cx_verify_error(op, "result #%u must be a tensor, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_rtype(op, i)));
  if (!cx_type_is_token(cx_v_rtype(op, op->num_results - 1)))
    return cx_verify_error(op, "last result must be a !stablehlo.token, but got '%s'",
                           cx_v_type_str(vc, cx_v_rtype(op, op->num_results - 1)));
  return NULL;
}

static cx_status_t check_token_operand(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i) {
  if (!cx_type_is_token(cx_v_otype(op, i)))
    return cx_verify_error(op, "operand #%u must be a !stablehlo.token, but got '%s'", i,
                           cx_v_type_str(vc, cx_v_otype(op, i)));
  return NULL;
}

static cx_status_t verify_send_recv(cx_verify_ctx_t* vc, cx_op_t* op) {
  bool send = op->kind == CX_OP_SEND;
  channel_t c;
  bool host;
  CX_RETURN_IF_ERROR(read_channel(vc, op, true, &c));
  CX_RETURN_IF_ERROR(
      cx_v_get_bool(vc, op, CX_V_NAME(vc, is_host_transfer), false, false, &host));
  cx_v_ints_t pairs;
  bool has_pairs;
  CX_RETURN_IF_ERROR(
      cx_v_get_ints(vc, op, CX_V_NAME(vc, source_target_pairs), false, &pairs, &has_pairs));
  if (has_pairs && !(pairs.n == 0 || (pairs.rank == 2 && pairs.dims[1] == 2)))
    return cx_verify_error(op, "expect source_target_pairs attribute of shape [N, 2]");
  // send_c1 / recv_c1: the channel type follows is_host_transfer
  // (DEVICE_TO_HOST = 2 for send, HOST_TO_DEVICE = 3 for recv, else
  // DEVICE_TO_DEVICE = 1). Type 0 means "unset" and is accepted.
  int64_t want = host ? (send ? 2 : 3) : 1;
  if (c.type != 0 && c.type != want)
    return cx_verify_error(op, "channel type %lld does not match is_host_transfer = %s (expected %lld)",
                           (long long)c.type, host ? "true" : "false", (long long)want);
  if (send) {
    CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
    CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
    for (uint32_t i = 0; i + 1 < op->num_operands; i++)
      if (!cx_type_is_tensor(cx_v_otype(op, i)))
        return cx_verify_error(op, "operand #%u must be a tensor, but got '%s'", i,
                               cx_v_type_str(vc, cx_v_otype(op, i)));
    CX_RETURN_IF_ERROR(check_token_operand(vc, op, op->num_operands - 1));
    if (!cx_type_is_token(cx_v_rtype(op, 0)))
      return cx_verify_error(op, "result must be a !stablehlo.token");
    return NULL;
  }
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(check_token_operand(vc, op, 0));
  return check_payload_results(vc, op);
}

static cx_status_t verify_infeed(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(check_token_operand(vc, op, 0));
  const cx_attr_t *cfg, *layout;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, infeed_config), CX_ATTR_STRING, false, &cfg));
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, layout), CX_ATTR_ARRAY, false, &layout));
  // infeed_c1 .. infeed_c3
  return check_payload_results(vc, op);
}

static cx_status_t verify_outfeed(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_attr_t* cfg;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, outfeed_config), CX_ATTR_STRING, false, &cfg));
  for (uint32_t i = 0; i + 1 < op->num_operands; i++)
    if (!cx_type_is_tensor(cx_v_otype(op, i)))
      return cx_verify_error(op, "operand #%u must be a tensor, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_otype(op, i)));
  CX_RETURN_IF_ERROR(check_token_operand(vc, op, op->num_operands - 1));
  if (!cx_type_is_token(cx_v_rtype(op, 0)))
    return cx_verify_error(op, "result must be a !stablehlo.token");
  return NULL;
}

cx_status_t cx_verify_collective(cx_verify_ctx_t* vc, cx_op_t* op) {
  if (op->kind != CX_OP_ALL_REDUCE && op->kind != CX_OP_REDUCE_SCATTER &&
      op->kind != CX_OP_COLLECTIVE_REDUCE)
    CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_ALL_GATHER: return verify_all_gather(vc, op);
    case CX_OP_ALL_REDUCE:
    case CX_OP_COLLECTIVE_REDUCE: return verify_all_reduce(vc, op);
    case CX_OP_REDUCE_SCATTER: return verify_reduce_scatter(vc, op);
    case CX_OP_ALL_TO_ALL: return verify_all_to_all(vc, op);
    case CX_OP_COLLECTIVE_PERMUTE: return verify_collective_permute(vc, op);
    case CX_OP_COLLECTIVE_BROADCAST: return verify_collective_broadcast(vc, op);
    case CX_OP_CROSS_REPLICA_SUM: return verify_cross_replica_sum(vc, op);
    case CX_OP_REPLICA_ID:
    case CX_OP_PARTITION_ID: return verify_id(vc, op);
    case CX_OP_SEND:
    case CX_OP_RECV: return verify_send_recv(vc, op);
    case CX_OP_INFEED: return verify_infeed(vc, op);
    case CX_OP_OUTFEED: return verify_outfeed(vc, op);
    default: return cx_verify_error(op, "is not a collective op");
  }
}
