// Shape functions of the collectives and communication ops: all_gather,
// all_reduce, all_to_all, reduce_scatter, collective_permute,
// collective_broadcast, collective_reduce, cross-replica-sum, replica_id,
// partition_id, send, recv, infeed, outfeed (spec sections of the same
// names; "Collective ops" for process groups).
//
// The process grid (num_replicas, num_partitions) is not part of a program,
// so constraints that depend on it (e.g. all_gather_c3: size(replica_groups)
// = num_replicas) are checked only as far as the program itself determines
// them: replica ids must be unique and cover [0, number of ids). For the
// same reason all_gather's gathered dim, and reduce_scatter's scattered dim
// unless the groups fix the group size, are inferred dynamic. recv and
// infeed produce data that arrive at run time: their results are given.
#include "ir/infer_util.h"

typedef struct groups {
  bool known;       // replica_groups is a dense tensor (not mesh axes)
  int64_t ngroups;  // dim(replica_groups, 0)
  int64_t size;     // dim(replica_groups, 1)
  bool padded;      // contains -1 entries (groups of unequal size)
  bool empty;       // no ids at all
} groups_t;

// replica_groups: a 2-D si64 tensor of unique ids covering [0, count), or a
// #stablehlo.replica_group_mesh_axes attribute. `allow_padding`: -1 entries
// pad groups of unequal size (accepted by the reference implementation for
// the ops whose groups may differ in size).
static cx_status_t read_groups(const cx_infer_state_t* s, const char* name, bool required,
                               bool allow_padding, bool must_cover, groups_t* g) {
  *g = (groups_t){false, 0, 0, false, true};
  const cx_attr_t* a = cx_i_attr(s, name);
  if (!a) {
    if (required) return cx_i_error(s, NULL, "requires attribute '%s'", name);
    return NULL;
  }
  if (a->kind == CX_ATTR_REPLICA_GROUP_MESH_AXES) {
    g->empty = false;
    return NULL;
  }
  cx_v_ints_t v;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, name, true, &v, NULL));
  if (v.rank != 2) return cx_i_error(s, NULL, "replica groups should be a rank 2 tensor");
  g->known = true;
  g->ngroups = v.dims[0];
  g->size = v.dims[1];
  g->empty = v.n == 0;
  // <op>: is_unique(replica_groups)
  uint32_t count = 0;
  int64_t* ids = CX_ARENA_ARRAY(s->scratch, int64_t, v.n ? v.n : 1);
  if (!ids) return CX_OOM();
  for (uint32_t i = 0; i < v.n; i++) {
    if (v.v[i] == -1 && allow_padding) {
      g->padded = true;
      continue;
    }
    ids[count++] = v.v[i];
  }
  if (!cx_i_unique(s, ids, count))
    return cx_i_error(s, NULL, "replica ids in %s must be unique", name);
  // <op>: 0 <= replica_groups < size(replica_groups) where the bound is the
  // number of ids; for collective_broadcast the bound is num_replicas or
  // num_partitions (collective_broadcast_c2), so only 0 <= id is checkable.
  for (uint32_t i = 0; i < count; i++)
    if (ids[i] < 0 || (must_cover && ids[i] >= (int64_t)count))
      return cx_i_error(s, NULL, "replica id %lld is out of range: %s must hold the ids 0..%u",
                        (long long)ids[i], name, count ? count - 1 : 0);
  return NULL;
}

typedef struct channel {
  int64_t id;  // channel_id; 0 when absent
  int64_t type;
  bool global_ids;  // use_global_device_ids
} channel_t;

static cx_status_t read_channel(const cx_infer_state_t* s, bool required, channel_t* c) {
  const cx_attr_t* ch;
  c->id = 0;
  c->type = 0;
  c->global_ids = false;
  CX_RETURN_IF_ERROR(
      cx_i_get_kind(s, CX_I_NAME(s, channel_handle), CX_ATTR_CHANNEL_HANDLE, required, &ch));
  if (ch) {
    c->id = ch->channel_handle.handle;
    c->type = ch->channel_handle.type;
  }
  return NULL;
}

static cx_status_t read_global_ids(const cx_infer_state_t* s, channel_t* c, const groups_t* g) {
  CX_RETURN_IF_ERROR(
      cx_i_get_bool(s, CX_I_NAME(s, use_global_device_ids), false, false, &c->global_ids));
  // all_gather_c5, all_reduce_c4, reduce_scatter_c6
  if (c->global_ids && c->id <= 0)
    return cx_i_error(s, NULL,
                      "channel_id must be positive when use_global_device_ids is set but got: %lld",
                      (long long)c->id);
  if (c->global_ids && g->known && g->empty)
    return cx_i_error(s, NULL,
                      "if use_global_device_ids is set, the replica groups cannot be empty");
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

cx_status_t cx_infer_all_gather(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int64_t dim;
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, all_gather_dim), true, 0, &dim));
  CX_RETURN_IF_ERROR(read_groups(s, CX_I_NAME(s, replica_groups), true, true, true, &g));
  CX_RETURN_IF_ERROR(read_channel(s, false, &c));
  CX_RETURN_IF_ERROR(read_global_ids(s, &c, &g));
  for (uint32_t i = 0; i < cx_i_num_operands(s); i++) {
    const cx_type_t* x = cx_i_otype(s, i);
    CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
    if (dim < 0 || dim >= (int64_t)cx_v_rank(x))
      return cx_i_error(s, "all_gather_c1",
                        "all_gather_dim %lld is out of range for operand rank %u", (long long)dim,
                        cx_v_rank(x));
    // all_gather_c6: type(result) = type(operand) except the gathered dim,
    // dim(operand) * dim(process_groups, 1). The process group size depends
    // on the grid in general, and the reference implementation (and the
    // StableHLO compatibility suite, which gathers 16x8 -> 16x16 with groups
    // of one) accepts any multiple: the gathered dim is inferred dynamic.
    int64_t dims[CX_V_MAX_RANK];
    for (uint32_t d = 0; d < cx_v_rank(x); d++) dims[d] = cx_v_dim(x, d);
    dims[dim] = CX_V_DYN;
    CX_RETURN_IF_ERROR(cx_i_result_tensor(s, x->tensor.element, cx_v_rank(x), dims, NULL));
  }
  return NULL;
}

// has_dynamic_root (collective_broadcast, collective_reduce; newer than the
// spec): the last operand holds the root process index of each data operand,
// an integer tensor with one element per data operand. Returns the number of
// data operands.
static cx_status_t dynamic_root(const cx_infer_state_t* s, uint32_t* ndata) {
  bool dyn;
  const char* name = cx_intern(s->ctx, "has_dynamic_root", 16);
  if (!name) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, name, false, false, &dyn));
  *ndata = cx_i_num_operands(s);
  if (!dyn) return NULL;
  if (cx_i_num_operands(s) < 2)
    return cx_i_error(s, NULL, "has_dynamic_root requires a root operand after the data operands");
  const cx_type_t* root = cx_i_otype(s, cx_i_num_operands(s) - 1);
  *ndata = cx_i_num_operands(s) - 1;
  int64_t ne = cx_type_is_tensor(root) ? cx_v_num_elements(root) : 0;
  if (!cx_type_is_tensor(root) || !cx_v_is_int(root) || cx_v_rank(root) > 1 ||
      (ne >= 0 && ne != (int64_t)*ndata))
    return cx_i_error(s, NULL,
                      "root operand must be an integer tensor with one element per data operand "
                      "(%u), but got '%s'",
                      *ndata, cx_i_type_str(s, root));
  return NULL;
}

// all_reduce and collective_reduce: one computation applied to every
// operand; results of the operands' shapes and the computation's element
// type.
cx_status_t cx_infer_all_reduce(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  uint32_t n = cx_i_num_operands(s);
  if (s->kind == CX_OP_COLLECTIVE_REDUCE) CX_RETURN_IF_ERROR(dynamic_root(s, &n));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(read_groups(s, CX_I_NAME(s, replica_groups), true, true, true, &g));
  CX_RETURN_IF_ERROR(read_channel(s, false, &c));
  CX_RETURN_IF_ERROR(read_global_ids(s, &c, &g));
  const cx_type_t* x0 = cx_i_otype(s, 0);
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x0, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
  // all_reduce_c5: computation : (tensor<E>, tensor<E>) -> tensor<E>
  const cx_type_t* e0 = x0->tensor.element;
  const cx_type_t* acc;
  CX_RETURN_IF_ERROR(cx_i_reducer(s, 0, "computation", 1, &e0, &acc));
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* x = cx_i_otype(s, i);
    if (!cx_v_is_promotable(x->tensor.element, acc))
      return cx_i_error(s, "all_reduce_c5",
                        "operand #%u element type '%s' is not promotable to the computation's '%s'",
                        i, cx_i_type_str(s, x->tensor.element), cx_i_type_str(s, acc));
    // all_reduce_c6, all_reduce_c7
    const cx_type_t* y = cx_tensor_with_element(s->ctx, x, acc);
    if (!y) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_i_result(s, y));
  }
  return NULL;
}

cx_status_t cx_infer_reduce_scatter(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int64_t sd;
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, scatter_dimension), true, 0, &sd));
  CX_RETURN_IF_ERROR(read_groups(s, CX_I_NAME(s, replica_groups), true, true, true, &g));
  CX_RETURN_IF_ERROR(read_channel(s, false, &c));
  CX_RETURN_IF_ERROR(read_global_ids(s, &c, &g));
  const cx_type_t* x = cx_i_otype(s, 0);
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
  if (sd < 0 || sd >= (int64_t)cx_v_rank(x))
    return cx_i_error(s, "reduce_scatter_c2",
                      "scatter_dimension %lld is out of range for operand rank %u", (long long)sd,
                      cx_v_rank(x));
  // reduce_scatter_c7
  const cx_type_t* e = x->tensor.element;
  const cx_type_t* acc;
  CX_RETURN_IF_ERROR(cx_i_reducer(s, 0, "computation", 1, &e, &acc));
  // reduce_scatter_c8: the operand's shape with the scattered dim divided
  // by the process group size, where the program fixes it; reduce_scatter_c9
  int64_t k = exact_group_size(&g, &c);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t d = 0; d < cx_v_rank(x); d++) dims[d] = cx_v_dim(x, d);
  int64_t od = cx_v_dim(x, (uint32_t)sd);
  dims[sd] = CX_V_DYN;
  if (k > 0 && !cx_v_dyn(od)) {
    if (od % k)
      return cx_i_error(s, "reduce_scatter_c8",
                        "operand scatter dimension has size %lld, expected to be a multiple of the "
                        "process group size %lld",
                        (long long)od, (long long)k);
    dims[sd] = od / k;
  }
  return cx_i_result_tensor(s, acc, cx_v_rank(x), dims, NULL);
}

cx_status_t cx_infer_all_to_all(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int64_t split_dim, concat_dim, count;
  groups_t g;
  channel_t c;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, split_dimension), true, 0, &split_dim));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, concat_dimension), true, 0, &concat_dim));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, split_count), true, 0, &count));
  // all_to_all_c5, all_to_all_c7
  CX_RETURN_IF_ERROR(read_groups(s, CX_I_NAME(s, replica_groups), true, false, true, &g));
  CX_RETURN_IF_ERROR(read_channel(s, false, &c));
  if (count <= 0)
    return cx_i_error(s, "all_to_all_c4", "split_count must be positive, but got %lld",
                      (long long)count);
  if (g.known && !g.empty && g.size != count)
    return cx_i_error(s, "all_to_all_c8",
                      "replica groups must have split_count (%lld) entries each, but have %lld",
                      (long long)count, (long long)g.size);
  for (uint32_t i = 0; i < cx_i_num_operands(s); i++) {
    const cx_type_t* x = cx_i_otype(s, i);
    uint32_t r = cx_v_rank(x);
    CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand"));
    if (split_dim < 0 || split_dim >= (int64_t)r)
      return cx_i_error(s, "all_to_all_c1",
                        "split_dimension %lld is out of range for operand rank %u",
                        (long long)split_dim, r);
    if (concat_dim < 0 || concat_dim >= (int64_t)r)
      return cx_i_error(s, "all_to_all_c3",
                        "concat_dimension %lld is out of range for operand rank %u",
                        (long long)concat_dim, r);
    int64_t sdim = cx_v_dim(x, (uint32_t)split_dim);
    if (!cx_v_dyn(sdim) && sdim % count)
      return cx_i_error(
          s, "all_to_all_c2",
          "split dimension has size %lld, expected to be a multiple of split_count %lld",
          (long long)sdim, (long long)count);
    // all_to_all_c9: the split dim shrinks by split_count, the concatenated
    // one grows by it.
    int64_t dims[CX_V_MAX_RANK];
    for (uint32_t d = 0; d < r; d++) dims[d] = cx_v_dim(x, d);
    if (split_dim != concat_dim) {
      if (!cx_v_dyn(dims[split_dim])) dims[split_dim] /= count;
      if (!cx_v_dyn(dims[concat_dim]) && !cx_v_mul(dims[concat_dim], count, &dims[concat_dim]))
        return cx_i_error(s, NULL, "concatenated size overflows");
    }
    CX_RETURN_IF_ERROR(cx_i_result_tensor(s, x->tensor.element, r, dims, NULL));
  }
  return NULL;
}

cx_status_t cx_infer_collective_permute(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  channel_t c;
  CX_RETURN_IF_ERROR(read_channel(s, false, &c));
  cx_v_ints_t p;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, source_target_pairs), true, &p, NULL));
  if (p.rank != 2 || p.dims[1] != 2)
    return cx_i_error(
        s, "collective_permute_c1",
        "expect source_target_pairs attribute to be of rank 2 and of size 2 in dimension 1");
  uint32_t n = (uint32_t)p.dims[0];
  int64_t* src = CX_ARENA_ARRAY(s->scratch, int64_t, n ? n : 1);
  int64_t* dst = CX_ARENA_ARRAY(s->scratch, int64_t, n ? n : 1);
  if (!src || !dst) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    src[i] = p.v[2 * i];
    dst[i] = p.v[2 * i + 1];
    // collective_permute_c4 (the upper bound depends on the process grid)
    if (src[i] < 0 || dst[i] < 0)
      return cx_i_error(s, "collective_permute_c4",
                        "replica ids in source_target_pairs must be >= 0");
  }
  if (!cx_i_unique(s, src, n))
    return cx_i_error(s, "collective_permute_c2",
                      "duplicate sources not allowed in source_target_pairs");
  if (!cx_i_unique(s, dst, n))
    return cx_i_error(s, "collective_permute_c3",
                      "duplicate targets not allowed in source_target_pairs");
  // collective_permute_c5
  return cx_i_result(s, cx_i_otype(s, 0));
}

cx_status_t cx_infer_collective_broadcast(cx_infer_state_t* s) {
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  CX_RETURN_IF_ERROR(dynamic_root(s, &n));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  groups_t g;
  channel_t c;
  // collective_broadcast_c1, collective_broadcast_c2
  CX_RETURN_IF_ERROR(read_groups(s, CX_I_NAME(s, replica_groups), true, true, false, &g));
  CX_RETURN_IF_ERROR(read_channel(s, false, &c));
  // collective_broadcast_c3
  for (uint32_t i = 0; i < n; i++) CX_RETURN_IF_ERROR(cx_i_result(s, cx_i_otype(s, i)));
  return NULL;
}

cx_status_t cx_infer_cross_replica_sum(cx_infer_state_t* s) {
  // Legacy op (not in the spec): an all_reduce with addition.
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  groups_t g;
  CX_RETURN_IF_ERROR(read_groups(s, CX_I_NAME(s, replica_groups), false, true, true, &g));
  return cx_i_result(s, cx_i_otype(s, 0));
}

static cx_status_t check_token_operand(const cx_infer_state_t* s, uint32_t i) {
  if (!cx_type_is_token(cx_i_otype(s, i)))
    return cx_i_error(s, NULL, "operand #%u must be a !stablehlo.token, but got '%s'", i,
                      cx_i_type_str(s, cx_i_otype(s, i)));
  return NULL;
}

// The operands of send and outfeed: tensors, then a token.
static cx_status_t check_payload_operands(const cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  uint32_t n = cx_i_num_operands(s);
  for (uint32_t i = 0; i + 1 < n; i++)
    if (!cx_type_is_tensor(cx_i_otype(s, i)))
      return cx_i_error(s, NULL, "operand #%u must be a tensor, but got '%s'", i,
                        cx_i_type_str(s, cx_i_otype(s, i)));
  return check_token_operand(s, n - 1);
}

static cx_status_t token_result(cx_infer_state_t* s) {
  const cx_type_t* t = cx_type_token(s->ctx);
  return t ? cx_i_result(s, t) : CX_OOM();
}

cx_status_t cx_infer_send_recv(cx_infer_state_t* s) {
  bool send = s->kind == CX_OP_SEND;
  channel_t c;
  bool host;
  CX_RETURN_IF_ERROR(read_channel(s, true, &c));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, is_host_transfer), false, false, &host));
  cx_v_ints_t pairs;
  bool has_pairs;
  CX_RETURN_IF_ERROR(
      cx_i_get_ints(s, CX_I_NAME(s, source_target_pairs), false, &pairs, &has_pairs));
  if (has_pairs && !(pairs.n == 0 || (pairs.rank == 2 && pairs.dims[1] == 2)))
    return cx_i_error(s, NULL, "expect source_target_pairs attribute of shape [N, 2]");
  // send_c1 / recv_c1: the channel type follows is_host_transfer
  // (DEVICE_TO_HOST = 2 for send, HOST_TO_DEVICE = 3 for recv, else
  // DEVICE_TO_DEVICE = 1). Type 0 means "unset" and is accepted.
  int64_t want = host ? (send ? 2 : 3) : 1;
  if (c.type != 0 && c.type != want)
    return cx_i_error(s, send ? "send_c1" : "recv_c1",
                      "channel type %lld does not match is_host_transfer = %s (expected %lld)",
                      (long long)c.type, host ? "true" : "false", (long long)want);
  if (send) {
    CX_RETURN_IF_ERROR(check_payload_operands(s));
    return token_result(s);
  }
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(check_token_operand(s, 0));
  return cx_i_results_given(s, -1);
}

cx_status_t cx_infer_infeed(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(check_token_operand(s, 0));
  const cx_attr_t *cfg, *layout;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, infeed_config), CX_ATTR_STRING, false, &cfg));
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, layout), CX_ATTR_ARRAY, false, &layout));
  return cx_i_results_given(s, -1);
}

cx_status_t cx_infer_outfeed(cx_infer_state_t* s) {
  const cx_attr_t* cfg;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, outfeed_config), CX_ATTR_STRING, false, &cfg));
  CX_RETURN_IF_ERROR(check_payload_operands(s));
  return token_result(s);
}

// replica_id, partition_id
cx_status_t cx_infer_replica_id(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 0, 0));
  const cx_type_t* u32 = cx_type_element(s->ctx, CX_ELEM_UI32);
  return u32 ? cx_i_result_tensor(s, u32, 0, NULL, NULL) : CX_OOM();
}
