// Shape functions: the entry points, which run each op's function from the
// per-op table (infer_table.c), and the compatibility and refinement relations between
// inferred and declared types (see infer.h).
#include "ir/infer.h"

#include <string.h>

#include "ir/infer_util.h"

cx_infer_mode_t cx_infer_mode(cx_op_kind_t kind) {
  switch (kind) {
    case CX_OP_CUSTOM_CALL:
    case CX_OP_IOTA:
    case CX_OP_BROADCAST_IN_DIM:
    case CX_OP_RESHAPE:
    case CX_OP_BITCAST_CONVERT:
    case CX_OP_INFEED:
    case CX_OP_RECV:
    case CX_OP_FUNC_CALL:
    case CX_OP_COMPOSITE:
    case CX_OP_INTERPRETER_RUN_PARALLEL:
    case CX_OP_ASYNC_START:
    case CX_OP_ASYNC_DONE:
    case CX_OP_UNKNOWN:
      return CX_INFER_GIVEN;
    case CX_OP_RNG_BIT_GENERATOR:
    case CX_OP_CONVERT:
    case CX_OP_UNIFORM_QUANTIZE:
    case CX_OP_DOT_GENERAL:
    case CX_OP_DOT:
    case CX_OP_CONVOLUTION:
    case CX_OP_DYNAMIC_CONV:
    case CX_OP_EINSUM:
    case CX_OP_UNARY_EINSUM:
    case CX_OP_CHLO_RAGGED_DOT:
    case CX_OP_DYNAMIC_IOTA:
    case CX_OP_DYNAMIC_RESHAPE:
    case CX_OP_DYNAMIC_BROADCAST_IN_DIM:
    case CX_OP_RNG:
      return CX_INFER_PARTIAL;
    default:
      return CX_INFER_TYPES;
  }
}

cx_status_t cx_infer_run(cx_context_t* ctx, cx_op_kind_t kind, const cx_infer_input_t* in,
                         cx_arena_t* scratch, const cx_type_t** out_types, uint32_t max_results,
                         uint32_t* out_num_results) {
  *out_num_results = 0;
  if (kind <= CX_OP_UNKNOWN || kind >= CX_OP_COUNT)
    return CX_ERROR(CX_INVALID_ARGUMENT, "no shape function for an unknown op");
  cx_infer_state_t s = {
      .ctx = ctx,
      .kind = kind,
      .op_name = cx_op_info(kind)->name,
      .in = in,
      .scratch = scratch,
      .out = out_types,
      .max_results = max_results,
  };
  const cx_i_shape_row_t* row = &cx_i_shape_rows[kind];
  if (!row->fn) return CX_ERROR(CX_INVALID_ARGUMENT, "no shape function for '%s'", s.op_name);
  if (row->no_regions) CX_RETURN_IF_ERROR(cx_i_count_regions(&s, 0));
  CX_RETURN_IF_ERROR(row->fn(&s));
  *out_num_results = s.num_results;
  return NULL;
}

cx_status_t cx_infer_result_types(cx_context_t* ctx, cx_op_kind_t kind, const cx_infer_input_t* in,
                                  const cx_type_t** out_types, uint32_t max_results,
                                  uint32_t* out_num_results) {
  cx_arena_t scratch;
  cx_arena_init(&scratch, ctx->allocator);
  cx_status_t st = cx_infer_run(ctx, kind, in, &scratch, out_types, max_results, out_num_results);
  cx_arena_destroy(&scratch);
  return st;
}

cx_status_t cx_op_infer_result_types(cx_context_t* ctx, const cx_op_t* op,
                                     const cx_type_t** out_types, uint32_t max_results,
                                     uint32_t* out_num_results) {
  cx_infer_input_t in = {.op = op, .loc = op->loc};
  return cx_infer_result_types(ctx, op->kind, &in, out_types, max_results, out_num_results);
}

void cx_i_state_for_op(cx_context_t* ctx, const cx_op_t* op, cx_arena_t* scratch,
                       cx_infer_input_t* in, cx_infer_state_t* s) {
  memset(in, 0, sizeof(*in));
  in->op = op;
  in->loc = op->loc;
  memset(s, 0, sizeof(*s));
  s->ctx = ctx;
  s->kind = op->kind;
  s->op_name = op->name;
  s->in = in;
  s->scratch = scratch;
}

// ----------------------------------------------------------------------------
// Type relations.

static bool is_none(const cx_type_t* t) {
  return t && t->kind == CX_TYPE_NONE;
}

// StableHLO's isCompatibleElementTypeForHloTypeInference.
static bool elems_compatible(const cx_type_t* a, const cx_type_t* b) {
  if (a == b || is_none(a)) return true;
  if (a->kind == CX_TYPE_QUANT && b->kind == CX_TYPE_QUANT) {
    return a->quant.storage == b->quant.storage && a->quant.storage_min == b->quant.storage_min &&
           a->quant.storage_max == b->quant.storage_max &&
           a->quant.expressed == b->quant.expressed &&
           (a->quant.axis == CX_QUANT_PER_TENSOR) == (b->quant.axis == CX_QUANT_PER_TENSOR);
  }
  return false;
}

bool cx_infer_compatible(const cx_type_t* inferred, const cx_type_t* declared) {
  if (!inferred || inferred == declared) return true;
  if (!declared || inferred->kind != declared->kind) return false;
  switch (inferred->kind) {
    case CX_TYPE_TENSOR:
      return elems_compatible(inferred->tensor.element, declared->tensor.element) &&
             cx_v_shapes_compat(inferred, declared);
    case CX_TYPE_TUPLE:
      if (inferred->tuple.count != declared->tuple.count) return false;
      for (uint32_t i = 0; i < inferred->tuple.count; i++)
        if (!cx_infer_compatible(inferred->tuple.items[i], declared->tuple.items[i])) return false;
      return true;
    default:
      return false;  // other kinds are interned: equal only as the same pointer
  }
}

const cx_type_t* cx_infer_refine(cx_context_t* ctx, const cx_type_t* inferred,
                                 const cx_type_t* declared, bool* out_conflict) {
  *out_conflict = false;
  if (!inferred || inferred == declared) return declared;
  if (!cx_infer_compatible(inferred, declared)) {
    *out_conflict = true;
    return NULL;
  }
  if (inferred->kind == CX_TYPE_TUPLE) {
    uint32_t n = inferred->tuple.count;
    const cx_type_t* items[64];
    if (n > 64) return declared;  // compatible; refining huge tuples is not worth a buffer
    for (uint32_t i = 0; i < n; i++) {
      items[i] =
          cx_infer_refine(ctx, inferred->tuple.items[i], declared->tuple.items[i], out_conflict);
      if (!items[i]) return NULL;
    }
    return cx_type_tuple(ctx, n, items);
  }
  if (inferred->kind != CX_TYPE_TENSOR) return declared;
  uint32_t rank = declared->tensor.rank;
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t *ib = NULL, *db = NULL;
  cx_i_bounds(inferred, &ib);
  cx_i_bounds(declared, &db);
  if (rank > CX_V_MAX_RANK) return declared;
  for (uint32_t i = 0; i < rank; i++) {
    if (!cx_i_merge_dim(inferred->tensor.dims[i], ib ? ib[i] : CX_DYNAMIC_DIM,
                        declared->tensor.dims[i], db ? db[i] : CX_DYNAMIC_DIM, &dims[i],
                        &bounds[i])) {
      *out_conflict = true;
      return NULL;
    }
  }
  // The declared element type is the more specific one: it is the same as
  // the inferred one, or the one the op chose (`none` inferred), or carries
  // the op's own quantization parameters.
  return cx_type_tensor_bounded(ctx, declared->tensor.element, rank, dims, bounds);
}
