// Elemental code of the gathers: gather, dynamic_gather and
// torch_index_select. The element of the result at index i is the operand
// element at the index the spec's formula gives, read through the start
// indices' elements at indices derived from i (so index producers fuse
// too). Semantics are the interpreter's (src/interp/eval_gather_scatter.c):
//
// - gather clamps every start index into [0, dim - slice_size] (the spec's
//   clamp), adds the offset within the slice and, for batching dims, the
//   batch coordinate. Only a collapsed dim of slice size 0 can still point
//   outside the operand; the interpreter reports that, and the kernel fails
//   with an index error there too.
// - torch_index_select has no clamp: an index outside [0, dim) fails.
// - Index elements of any integer type are read as i64 (ui64 values past
//   INT64_MAX saturate, as the interpreter reads them).
//
// Reads are never out of bounds: indices are clamped before the read even
// where a failure is reported.
#include <string.h>

#include "codegen/emit_util.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"
#include "runtime/kernel_imports.h"

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }

static bool contains(cx_i64_list_t l, int64_t v) {
  for (uint32_t i = 0; i < l.len; i++)
    if (l.data[i] == v) return true;
  return false;
}

static LLVMValueRef bad(cx_cg_kernel_t* k, cx_op_t* op, const char* what) {
  return cx_cg_fail(k, cx_cg_op_error(op, CX_INVALID_ARGUMENT, "%s", what), cx_op_result(op, 0));
}

// dynamic_gather's slice sizes: the compiler needs them as constants (the
// result's static shape does not say whether a collapsed dim's slice is 0
// or 1 wide, which the clamp depends on).
static bool constant_slice_sizes(cx_cg_kernel_t* k, cx_value_t* v, int64_t* out, uint32_t rank) {
  cx_op_t* def = v->def_op;
  if (!def || (def->kind != CX_OP_CONSTANT && def->kind != CX_OP_CHLO_CONSTANT)) return false;
  const cx_attr_t* a = cx_op_attr(def, cx_name(k->cg->ir, CX_NAME_value));
  int64_t* data;
  uint32_t len;
  if (!a || cx_dense_read_i64s(&k->arena, a, CX_MAX_RANK, &data, &len) || len != rank) return false;
  if (len) memcpy(out, data, len * sizeof(int64_t));
  return true;
}

static LLVMValueRef emit_gather(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* ind = cx_op_operand(op, 1);
  const cx_attr_t* a = cx_op_attr(op, cx_name(cg->ir, CX_NAME_dimension_numbers));
  if (!a || a->kind != CX_ATTR_GATHER) return bad(k, op, "has no dimension numbers");
  const cx_gather_dims_t* g = &a->gather;
  const int64_t R = rank_of(x), S = rank_of(ind), ivd = g->index_vector_dim;
  int64_t slice[CX_MAX_RANK];
  uint32_t n = 0;
  if (op->kind == CX_OP_DYNAMIC_GATHER) {
    if (!constant_slice_sizes(k, cx_op_operand(op, 2), slice, (uint32_t)R))
      return cx_cg_fail(k, cx_cg_op_error(op, CX_UNIMPLEMENTED, "with slice sizes that are not a constant is not compiled yet"),
                        cx_op_result(op, 0));
    n = (uint32_t)R;
  } else if (!cx_op_get_ints(cg->ir, op, CX_NAME_slice_sizes, slice, CX_MAX_RANK, &n)) {
    return bad(k, op, "has bad slice_sizes");
  }
  const int64_t vec_len = ivd < S ? dims_of(ind)[ivd] : 1;
  if (n != R || g->start_index_map.len != vec_len) return bad(k, op, "has inconsistent dimension numbers");
  // Result dims: offset dims take the operand dims neither collapsed nor
  // batching, in order; the others are start_indices' batch dims in order.
  int64_t offset_operand_dims[CX_MAX_RANK];
  uint32_t num_offset = 0;
  bool may_escape = false;  // a collapsed/batching dim of slice size 0
  for (int64_t d = 0; d < R; d++) {
    bool collapsed = contains(g->collapsed_slice_dims, d) || contains(g->operand_batching_dims, d);
    if (!collapsed) offset_operand_dims[num_offset++] = d;
    if (slice[d] < 0 || slice[d] > dims_of(x)[d]) return bad(k, op, "has slice sizes outside the operand");
    may_escape |= collapsed && slice[d] == 0;
  }
  const int64_t rank = index->rank;
  int64_t r_operand[CX_MAX_RANK], indices_to_result[CX_MAX_RANK + 1];
  for (int64_t d = 0; d <= S && d <= CX_MAX_RANK; d++) indices_to_result[d] = -1;
  uint32_t next_batch = 0;
  for (int64_t r = 0; r < rank; r++) {
    r_operand[r] = -1;
    if (contains(g->offset_dims, r)) {
      uint32_t j = 0;
      while (g->offset_dims.data[j] != r) j++;
      if (j >= num_offset) return bad(k, op, "has inconsistent offset dims");
      r_operand[r] = offset_operand_dims[j];
    } else {
      int64_t sd = next_batch < ivd ? next_batch : next_batch + 1;
      if (sd > S || sd > CX_MAX_RANK) return bad(k, op, "has inconsistent batch dims");
      indices_to_result[sd] = r;
      next_batch++;
    }
  }
  LLVMValueRef zero = cx_cg_i64(cg, 0);
  LLVMValueRef at[CX_MAX_RANK];
  for (int64_t d = 0; d < R; d++) at[d] = zero;
  for (int64_t r = 0; r < rank; r++)
    if (r_operand[r] >= 0) at[r_operand[r]] = LLVMBuildAdd(b, at[r_operand[r]], index->v[r], "");
  cx_elem_t ie = cx_tensor_elem(ind->type);
  for (uint32_t j = 0; j < g->start_index_map.len; j++) {
    int64_t d = g->start_index_map.data[j];
    cx_cg_index_t* ii = cx_cg_index_new(k, (uint32_t)S);
    for (int64_t sd = 0; sd < S && !k->status; sd++)
      ii->v[sd] = sd == ivd ? cx_cg_i64(cg, j) : index->v[indices_to_result[sd]];
    LLVMValueRef v = cx_cg_index_to_i64(k, ie, cx_cg_emit_element(k, ind, ii));
    v = cx_cg_clamp_i64(cg, v, 0, dims_of(x)[d] - slice[d]);
    at[d] = LLVMBuildAdd(b, at[d], v, "");
  }
  for (uint32_t j = 0; j < g->operand_batching_dims.len; j++) {
    int64_t od = g->operand_batching_dims.data[j];
    int64_t r = indices_to_result[g->start_indices_batching_dims.data[j]];
    if (r < 0) return bad(k, op, "has inconsistent batching dims");
    at[od] = LLVMBuildAdd(b, at[od], index->v[r], "");
  }
  cx_cg_index_t* xi = cx_cg_index_new(k, (uint32_t)R);
  LLVMValueRef ok = LLVMConstInt(cg->t_i1, 1, 0);
  for (int64_t d = 0; d < R && !k->status; d++) {
    if (may_escape) {
      ok = LLVMBuildAnd(b, ok, LLVMBuildICmp(b, LLVMIntSGE, at[d], zero, ""), "");
      ok = LLVMBuildAnd(b, ok, LLVMBuildICmp(b, LLVMIntSLT, at[d], cx_cg_i64(cg, dims_of(x)[d]), ""), "");
    }
    xi->v[d] = may_escape ? cx_cg_clamp_i64(cg, at[d], 0, dims_of(x)[d] - 1) : at[d];
  }
  if (may_escape) cx_cg_fail_unless(k, ok, CX_KERNEL_FAIL_INDEX);
  return cx_cg_emit_element(k, x, xi);
}

static LLVMValueRef emit_torch_index_select(cx_cg_kernel_t* k, cx_op_t* op,
                                            const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* ind = cx_op_operand(op, 1);
  // 'dim' is not a well-known name: find it by spelling.
  const cx_attr_t* dim_attr = NULL;
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, "dim") == 0) dim_attr = op->attrs[i].value;
  int64_t dim, bd;
  if (!dim_attr || dim_attr->kind != CX_ATTR_INTEGER || !cx_op_get_int(cg->ir, op, CX_NAME_batch_dims, &bd))
    return bad(k, op, "needs integer 'dim' and 'batch_dims' attributes");
  const int64_t R = rank_of(x), S = rank_of(ind);
  dim = dim_attr->integer;
  if (dim < 0) dim += R;
  if (bd < 0) bd += S;
  const int64_t nidx = S - bd;
  if (dim < 0 || dim >= R || bd < 0 || bd > S || bd > dim || index->rank != R - 1 + nidx)
    return bad(k, op, "has dim or batch_dims out of range");
  cx_cg_index_t* ii = cx_cg_index_new(k, (uint32_t)S);
  for (int64_t d = 0; d < bd && !k->status; d++) ii->v[d] = index->v[d];
  for (int64_t d = 0; d < nidx && !k->status; d++) ii->v[bd + d] = index->v[dim + d];
  LLVMValueRef v = cx_cg_index_to_i64(k, cx_tensor_elem(ind->type), cx_cg_emit_element(k, ind, ii));
  LLVMValueRef ok = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntSGE, v, cx_cg_i64(cg, 0), ""),
                                 LLVMBuildICmp(b, LLVMIntSLT, v, cx_cg_i64(cg, dims_of(x)[dim]), ""), "");
  cx_cg_fail_unless(k, ok, CX_KERNEL_FAIL_INDEX);
  cx_cg_index_t* xi = cx_cg_index_new(k, (uint32_t)R);
  for (int64_t d = 0; d < dim && !k->status; d++) xi->v[d] = index->v[d];
  if (!k->status) xi->v[dim] = cx_cg_clamp_i64(cg, v, 0, dims_of(x)[dim] - 1);
  for (int64_t d = dim + 1; d < R && !k->status; d++) xi->v[d] = index->v[d - 1 + nidx];
  return cx_cg_emit_element(k, x, xi);
}

bool cx_cg_is_gather_op(const cx_op_t* op) {
  return op->kind == CX_OP_GATHER || op->kind == CX_OP_DYNAMIC_GATHER ||
         op->kind == CX_OP_TORCH_INDEX_SELECT;
}

LLVMValueRef cx_cg_emit_gather_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                  const cx_cg_index_t* index) {
  (void)result;
  if (!cx_cg_is_gather_op(op)) return NULL;
  for (uint32_t i = 0; i < 2; i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
      return cx_cg_fail(k, cx_cg_op_error(op, CX_UNIMPLEMENTED, "has an operand without a static shape"),
                        cx_op_result(op, 0));
  }
  if (!cx_elem_is_integer(cx_tensor_elem(cx_op_operand(op, 1)->type)))
    return bad(k, op, "has indices that are not integers");
  if (op->kind == CX_OP_TORCH_INDEX_SELECT) return emit_torch_index_select(k, op, index);
  return emit_gather(k, op, index);
}
