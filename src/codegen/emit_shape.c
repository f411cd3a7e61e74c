// Elemental code of the data-movement ops: each maps the result index to
// an operand index (or picks among operands) and reads the operand's
// element there. No data moves unless the op ends up a fusion root.
//
// Out-of-range reads are never emitted: pad and concatenate compute every
// candidate at a clamped index and select, so the code stays branch-free
// (and vectorizable) and safe.
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"
#include "codegen/emit_util.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }

// A scalar integer operand (rank 0) as an i64 index (a ui64 of 2^63 or more
// saturates, so that a start index clamped with it goes to its upper end, as
// the spec's unsigned comparison does).
static LLVMValueRef scalar_i64(cx_cg_kernel_t* k, cx_value_t* v) {
  LLVMValueRef x = cx_cg_emit_element(k, v, cx_cg_index_new(k, 0));
  return cx_cg_index_to_i64(k, cx_tensor_elem(v->type), x);
}

static LLVMValueRef emit_broadcast_in_dim(cx_cg_kernel_t* k, cx_op_t* op,
                                          const cx_cg_index_t* index) {
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* r = cx_op_result(op, 0);
  int64_t bd[CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_broadcast_dimensions, bd, CX_MAX_RANK, &n) || n != rank_of(x))
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "broadcast_in_dim: bad broadcast_dimensions"), r);
  cx_cg_index_t* at = cx_cg_index_new(k, rank_of(x));
  for (uint32_t d = 0; d < n; d++) {
    bool expand = dims_of(x)[d] == 1 && dims_of(r)[bd[d]] != 1;
    at->v[d] = expand ? cx_cg_i64(k->cg, 0) : index->v[bd[d]];
  }
  return cx_cg_emit_element(k, x, at);
}

static LLVMValueRef emit_broadcast(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_value_t* x = cx_op_operand(op, 0);
  uint32_t lead = rank_of(cx_op_result(op, 0)) - rank_of(x);
  cx_cg_index_t* at = cx_cg_index_new(k, rank_of(x));
  for (uint32_t d = 0; d < rank_of(x); d++) at->v[d] = index->v[lead + d];
  return cx_cg_emit_element(k, x, at);
}

// Reshape: the result index's row-major position, read back in the
// operand's shape.
static LLVMValueRef emit_reshape(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* r = cx_op_result(op, 0);
  LLVMValueRef lin = cx_cg_i64(cg, 0);
  int64_t stride = 1;
  for (uint32_t d = rank_of(r); d > 0; d--) {
    lin = LLVMBuildAdd(b, lin, LLVMBuildMul(b, index->v[d - 1], cx_cg_i64(cg, stride), ""), "");
    stride *= dims_of(r)[d - 1];
  }
  cx_cg_index_t* at = cx_cg_index_new(k, rank_of(x));
  for (uint32_t d = rank_of(x); d > 0; d--) {
    int64_t dim = dims_of(x)[d - 1];
    if (d == 1) {
      at->v[0] = lin;
    } else {
      at->v[d - 1] = LLVMBuildSRem(b, lin, cx_cg_i64(cg, dim), "");
      lin = LLVMBuildSDiv(b, lin, cx_cg_i64(cg, dim), "");
    }
  }
  return cx_cg_emit_element(k, x, at);
}

static LLVMValueRef emit_transpose(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_value_t* x = cx_op_operand(op, 0);
  int64_t perm[CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_permutation, perm, CX_MAX_RANK, &n) || n != rank_of(x))
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "transpose: bad permutation"), cx_op_result(op, 0));
  cx_cg_index_t* at = cx_cg_index_new(k, n);
  for (uint32_t d = 0; d < n; d++) at->v[perm[d]] = index->v[d];
  return cx_cg_emit_element(k, x, at);
}

static LLVMValueRef emit_slice(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  cx_value_t* x = cx_op_operand(op, 0);
  uint32_t rank = rank_of(x), n1, n2;
  int64_t start[CX_MAX_RANK], strides[CX_MAX_RANK];
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_start_indices, start, CX_MAX_RANK, &n1) || n1 != rank)
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "slice: bad start_indices"), cx_op_result(op, 0));
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_strides, strides, CX_MAX_RANK, &n2)) {
    for (uint32_t d = 0; d < rank; d++) strides[d] = 1;
  } else if (n2 != rank) {
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "slice: bad strides"), cx_op_result(op, 0));
  }
  cx_cg_index_t* at = cx_cg_index_new(k, rank);
  for (uint32_t d = 0; d < rank; d++) {
    LLVMValueRef v = strides[d] == 1 ? index->v[d]
                                     : LLVMBuildMul(cg->b, index->v[d], cx_cg_i64(cg, strides[d]), "");
    at->v[d] = start[d] ? LLVMBuildAdd(cg->b, v, cx_cg_i64(cg, start[d]), "") : v;
  }
  return cx_cg_emit_element(k, x, at);
}

static LLVMValueRef emit_reverse(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  cx_value_t* x = cx_op_operand(op, 0);
  int64_t dims[CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_dimensions, dims, CX_MAX_RANK, &n))
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "reverse: bad dimensions"), cx_op_result(op, 0));
  cx_cg_index_t* at = cx_cg_index_new(k, rank_of(x));
  memcpy(at->v, index->v, rank_of(x) * sizeof(LLVMValueRef));
  for (uint32_t i = 0; i < n; i++) {
    int64_t d = dims[i];
    if (d < 0 || d >= (int64_t)rank_of(x)) continue;
    at->v[d] = LLVMBuildSub(cg->b, cx_cg_i64(cg, dims_of(x)[d] - 1), index->v[d], "");
  }
  return cx_cg_emit_element(k, x, at);
}

static LLVMValueRef emit_iota(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* r = cx_op_result(op, 0);
  int64_t dim;
  if (!cx_op_get_int(k->cg->ir, op, CX_NAME_iota_dimension, &dim) || dim < 0 || dim >= (int64_t)rank_of(r))
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "iota: bad iota_dimension"), r);
  LLVMValueRef i = index->v[dim];
  cx_elem_t e = cx_tensor_elem(r->type);
  LLVMTypeRef t = cx_cg_compute_type(cg, e);
  if (cx_elem_is_integer(e)) {
    return LLVMGetIntTypeWidth(t) == 64 ? i : LLVMBuildTrunc(b, i, t, "");
  }
  if (cx_elem_is_complex(e)) {
    cx_elem_t comp = cx_elem_complex_component(e);
    LLVMTypeRef ct = cx_cg_compute_type(cg, comp);
    return cx_cg_complex(cg, t, LLVMBuildSIToFP(b, i, ct, ""), LLVMConstReal(ct, 0.0));
  }
  // Indices are exact in double; one rounding to the element type.
  LLVMValueRef d = LLVMBuildSIToFP(b, i, cg->t_f64, "");
  if (e == CX_ELEM_F64) return d;
  if (e == CX_ELEM_F32) return LLVMBuildFPTrunc(b, d, cg->t_f32, "");
  return cx_cg_round_to_elem(cg, k->imports, e, LLVMBuildSIToFP(b, i, cg->t_f32, ""));
}

static LLVMValueRef emit_concatenate(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* r = cx_op_result(op, 0);
  int64_t dim;
  if (!cx_op_get_int(k->cg->ir, op, CX_NAME_dimension, &dim) || dim < 0 || dim >= (int64_t)rank_of(r))
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "concatenate: bad dimension"), r);
  LLVMValueRef result = NULL;
  int64_t offset = 0;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* x = cx_op_operand(op, i);
    int64_t size = dims_of(x)[dim];
    if (size == 0) continue;
    cx_cg_index_t* at = cx_cg_index_new(k, rank_of(x));
    memcpy(at->v, index->v, rank_of(x) * sizeof(LLVMValueRef));
    LLVMValueRef local = LLVMBuildSub(b, index->v[dim], cx_cg_i64(cg, offset), "");
    at->v[dim] = cx_cg_clamp_i64(cg, local, 0, size - 1);
    LLVMValueRef v = cx_cg_emit_element(k, x, at);
    if (!result) {
      result = v;
    } else {
      LLVMValueRef here = LLVMBuildICmp(b, LLVMIntSGE, index->v[dim], cx_cg_i64(cg, offset), "");
      result = LLVMBuildSelect(b, here, v, result, "");
    }
    offset += size;
  }
  // Every operand empty along `dim`: so is the result, and no element is
  // ever computed; the kernel still needs a value of the element type.
  if (!result) return LLVMConstNull(cx_cg_compute_type(cg, cx_tensor_elem(r->type)));
  return result;
}

static LLVMValueRef emit_pad(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* r = cx_op_result(op, 0);
  uint32_t rank = rank_of(x), n1, n2;
  int64_t lo[CX_MAX_RANK], interior[CX_MAX_RANK];
  if (!cx_op_get_ints(k->cg->ir, op, CX_NAME_edge_padding_low, lo, CX_MAX_RANK, &n1) || n1 != rank ||
      !cx_op_get_ints(k->cg->ir, op, CX_NAME_interior_padding, interior, CX_MAX_RANK, &n2) || n2 != rank)
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "pad: bad padding attributes"), r);
  LLVMValueRef pad = cx_cg_emit_element(k, cx_op_operand(op, 1), cx_cg_index_new(k, 0));
  if (cx_tensor_num_elements(x->type) == 0) return pad;
  cx_cg_index_t* at = cx_cg_index_new(k, rank);
  LLVMValueRef valid = LLVMConstInt(cg->t_i1, 1, 0);
  for (uint32_t d = 0; d < rank; d++) {
    LLVMValueRef p = LLVMBuildSub(b, index->v[d], cx_cg_i64(cg, lo[d]), "");
    int64_t step = interior[d] + 1;
    LLVMValueRef q = p;
    valid = LLVMBuildAnd(b, valid, LLVMBuildICmp(b, LLVMIntSGE, p, cx_cg_i64(cg, 0), ""), "");
    if (step != 1) {
      LLVMValueRef rem = LLVMBuildSRem(b, p, cx_cg_i64(cg, step), "");
      valid = LLVMBuildAnd(b, valid, LLVMBuildICmp(b, LLVMIntEQ, rem, cx_cg_i64(cg, 0), ""), "");
      q = LLVMBuildSDiv(b, p, cx_cg_i64(cg, step), "");
    }
    valid = LLVMBuildAnd(b, valid, LLVMBuildICmp(b, LLVMIntSLT, q, cx_cg_i64(cg, dims_of(x)[d]), ""), "");
    at->v[d] = cx_cg_clamp_i64(cg, q, 0, dims_of(x)[d] - 1);
  }
  LLVMValueRef v = cx_cg_emit_element(k, x, at);
  return LLVMBuildSelect(b, valid, v, pad, "");
}

static LLVMValueRef emit_dynamic_slice(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* r = cx_op_result(op, 0);
  uint32_t rank = rank_of(x);
  if (op->num_operands != rank + 1)
    return cx_cg_fail(k, CX_ERROR(CX_INVALID_ARGUMENT, "dynamic_slice: wrong start index count"), r);
  cx_cg_index_t* at = cx_cg_index_new(k, rank);
  for (uint32_t d = 0; d < rank; d++) {
    // Start indices are clamped so the slice stays inside the operand.
    LLVMValueRef s = cx_cg_clamp_i64(cg, scalar_i64(k, cx_op_operand(op, d + 1)), 0,
                               dims_of(x)[d] - dims_of(r)[d]);
    at->v[d] = LLVMBuildAdd(cg->b, s, index->v[d], "");
  }
  return cx_cg_emit_element(k, x, at);
}

// dynamic_update_slice as an elemental op: the update where the window
// covers the index, the operand elsewhere. (In-place updates are a buffer
// assignment matter; this is the general form.)
static LLVMValueRef emit_dynamic_update_slice(cx_cg_kernel_t* k, cx_op_t* op,
                                              const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* u = cx_op_operand(op, 1);
  uint32_t rank = rank_of(x);
  LLVMValueRef base = cx_cg_emit_element(k, x, index);
  if (cx_tensor_num_elements(u->type) == 0) return base;
  cx_cg_index_t* at = cx_cg_index_new(k, rank);
  LLVMValueRef inside = LLVMConstInt(cg->t_i1, 1, 0);
  for (uint32_t d = 0; d < rank; d++) {
    LLVMValueRef s = cx_cg_clamp_i64(cg, scalar_i64(k, cx_op_operand(op, d + 2)), 0,
                               dims_of(x)[d] - dims_of(u)[d]);
    LLVMValueRef local = LLVMBuildSub(b, index->v[d], s, "");
    inside = LLVMBuildAnd(b, inside, LLVMBuildICmp(b, LLVMIntSGE, local, cx_cg_i64(cg, 0), ""), "");
    inside = LLVMBuildAnd(b, inside, LLVMBuildICmp(b, LLVMIntSLT, local, cx_cg_i64(cg, dims_of(u)[d]), ""), "");
    at->v[d] = cx_cg_clamp_i64(cg, local, 0, dims_of(u)[d] - 1);
  }
  LLVMValueRef upd = cx_cg_emit_element(k, u, at);
  return LLVMBuildSelect(b, inside, upd, base, "");
}

bool cx_cg_is_shape_op(const cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_BROADCAST_IN_DIM:
    case CX_OP_DYNAMIC_BROADCAST_IN_DIM:
    case CX_OP_BROADCAST:
    case CX_OP_RESHAPE:
    case CX_OP_DYNAMIC_RESHAPE:
    case CX_OP_TRANSPOSE:
    case CX_OP_SLICE:
    case CX_OP_REVERSE:
    case CX_OP_IOTA:
    case CX_OP_DYNAMIC_IOTA:
    case CX_OP_CONCATENATE:
    case CX_OP_PAD:
    case CX_OP_DYNAMIC_SLICE:
    case CX_OP_DYNAMIC_UPDATE_SLICE: return true;
    default: return false;
  }
}

LLVMValueRef cx_cg_emit_shape_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                 const cx_cg_index_t* index) {
  (void)result;
  switch (op->kind) {
    case CX_OP_BROADCAST_IN_DIM:
    case CX_OP_DYNAMIC_BROADCAST_IN_DIM: return emit_broadcast_in_dim(k, op, index);
    case CX_OP_BROADCAST: return emit_broadcast(k, op, index);
    case CX_OP_RESHAPE:
    case CX_OP_DYNAMIC_RESHAPE: return emit_reshape(k, op, index);
    case CX_OP_TRANSPOSE: return emit_transpose(k, op, index);
    case CX_OP_SLICE: return emit_slice(k, op, index);
    case CX_OP_REVERSE: return emit_reverse(k, op, index);
    case CX_OP_IOTA:
    case CX_OP_DYNAMIC_IOTA: return emit_iota(k, op, index);
    case CX_OP_CONCATENATE: return emit_concatenate(k, op, index);
    case CX_OP_PAD: return emit_pad(k, op, index);
    case CX_OP_DYNAMIC_SLICE: return emit_dynamic_slice(k, op, index);
    case CX_OP_DYNAMIC_UPDATE_SLICE: return emit_dynamic_update_slice(k, op, index);
    default: return NULL;
  }
}
