// stablehlo.cholesky and stablehlo.triangular_solve as CALL steps of the
// runtime's CHOLESKY and TRIANGULAR_SOLVE routines (runtime/routine_linalg.h),
// which compute as the interpreter does. Shapes are static here (the
// pipeline refined them); the routines' work arrays are a scratch slot of
// the buffer plan, so calls allocate nothing.
#include <string.h>

#include "compiler/lower.h"
#include "compiler/lower_misc.h"
#include "runtime/routine_linalg.h"

// A ranked tensor of static shape with at least two dims and an element
// type the routines take (every real or complex float kind).
static cx_status_t matrices_of(const cx_op_t* op, const cx_type_t* t, const char* what) {
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || t->tensor.rank > CX_MAX_RANK)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "needs %s of static shape", what);
  if (t->tensor.rank < 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs %s of rank 2 or more", what);
  cx_elem_t e = cx_tensor_elem(t);
  if (cx_tensor_is_quantized(t) || !(cx_elem_is_float(e) || cx_elem_is_complex(e)))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "needs %s of a floating-point or complex type",
                             what);
  return NULL;
}

static int64_t batch_count(const cx_type_t* t) {
  int64_t n = 1;
  for (uint32_t d = 0; d + 2 < t->tensor.rank; d++) n *= t->tensor.dims[d];
  return n;
}

// A boolean attribute as the interpreter reads it: absent is false.
static cx_status_t bool_attr(cx_lower_t* lw, const cx_op_t* op, cx_name_id_t id, uint32_t* out) {
  const cx_attr_t* a = cx_op_attr(op, cx_name(lw->ctx, id));
  *out = 0;
  if (!a) return NULL;
  if (a->kind == CX_ATTR_BOOL)
    *out = a->boolean;
  else if (a->kind == CX_ATTR_INTEGER)
    *out = a->integer != 0;
  else if (a->kind == CX_ATTR_UNIT)
    *out = 1;
  else
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "attribute '%s' must be a boolean",
                             lw->ctx->names[id]);
  return NULL;
}

static cx_status_t lower_cholesky(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  const cx_value_t* a = cx_op_operand(op, 0);
  const cx_value_t* result = cx_op_result(op, 0);
  CX_RETURN_IF_ERROR(matrices_of(op, a->type, "an operand"));
  CX_RETURN_IF_ERROR(matrices_of(op, result->type, "a result"));
  const cx_type_t* t = a->type;
  uint32_t rank = t->tensor.rank;
  int64_t n = t->tensor.dims[rank - 1];
  if (t->tensor.dims[rank - 2] != n || cx_tensor_elem(result->type) != cx_tensor_elem(t) ||
      cx_tensor_num_elements(result->type) != cx_tensor_num_elements(t))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "needs square matrices and a result of the operand's type");
  cx_rt_cholesky_params_t p;
  memset(&p, 0, sizeof p);
  p.elem = (int32_t)cx_tensor_elem(t);
  CX_RETURN_IF_ERROR(bool_attr(lw, op, CX_NAME_lower, &p.lower));
  p.batch = batch_count(t);
  p.n = n;
  uint32_t b[3];
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, a, &b[0]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, result, &b[1]));
  if (cx_tensor_num_elements(t) == 0) return NULL;  // nothing to compute
  // Work matrices for several matrices of a batch at once, one per thread
  // (the routine uses as many threads as it has work matrices).
  bool cplx = cx_elem_is_complex(p.elem);
  uint64_t matrices = cx_rt_cholesky_work_matrices(cplx, (uint64_t)p.batch, (uint64_t)n);
  b[2] = cx_xb_scratch(&lw->xb, cx_rt_linalg_scratch_bytes(cplx, matrices * (uint64_t)(n * n)));
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_CHOLESKY, &p, sizeof p, b, 3);
  return NULL;
}

static cx_status_t lower_triangular_solve(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  const cx_value_t* a = cx_op_operand(op, 0);
  const cx_value_t* rhs = cx_op_operand(op, 1);
  const cx_value_t* result = cx_op_result(op, 0);
  CX_RETURN_IF_ERROR(matrices_of(op, a->type, "a"));
  CX_RETURN_IF_ERROR(matrices_of(op, rhs->type, "b"));
  CX_RETURN_IF_ERROR(matrices_of(op, result->type, "a result"));
  cx_rt_triangular_solve_params_t p;
  memset(&p, 0, sizeof p);
  CX_RETURN_IF_ERROR(bool_attr(lw, op, CX_NAME_left_side, &p.left_side));
  CX_RETURN_IF_ERROR(bool_attr(lw, op, CX_NAME_lower, &p.lower));
  CX_RETURN_IF_ERROR(bool_attr(lw, op, CX_NAME_unit_diagonal, &p.unit_diagonal));
  const cx_attr_t* ta = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_transpose_a));
  int transpose = CX_TRANSPOSE_NO_TRANSPOSE;
  if (ta) {
    if (ta->kind != CX_ATTR_ENUM || ta->enumeration.kind != CX_ENUM_TRANSPOSE)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "transpose_a must be a transpose enum");
    transpose = ta->enumeration.value;
  }
  switch (transpose) {
    case CX_TRANSPOSE_NO_TRANSPOSE:
      p.transpose_a = CX_RT_LINALG_NO_TRANSPOSE;
      break;
    case CX_TRANSPOSE_TRANSPOSE:
      p.transpose_a = CX_RT_LINALG_TRANSPOSE;
      break;
    case CX_TRANSPOSE_ADJOINT:
      p.transpose_a = CX_RT_LINALG_ADJOINT;
      break;
    default:
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "transpose_a is TRANSPOSE_INVALID");
  }
  const cx_type_t* at = a->type;
  const cx_type_t* bt = rhs->type;
  uint32_t r = at->tensor.rank;
  cx_elem_t e = cx_tensor_elem(bt);
  bool same_batch = bt->tensor.rank == r;
  for (uint32_t i = 0; same_batch && i + 2 < r; i++)
    same_batch = at->tensor.dims[i] == bt->tensor.dims[i];
  p.m = at->tensor.dims[r - 1];
  p.rows = bt->tensor.dims[bt->tensor.rank - 2];
  p.cols = bt->tensor.dims[bt->tensor.rank - 1];
  if (at->tensor.dims[r - 2] != p.m || !same_batch || (p.left_side ? p.rows : p.cols) != p.m ||
      cx_tensor_elem(at) != e || cx_tensor_elem(result->type) != e ||
      cx_tensor_num_elements(result->type) != cx_tensor_num_elements(bt))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "needs square matrices a, matrices b of a's batch and size, and "
                             "one element type");
  p.elem = (int32_t)e;
  p.batch = batch_count(bt);
  uint32_t b[4];
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, a, &b[0]));
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, rhs, &b[1]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, result, &b[2]));
  if (cx_tensor_num_elements(bt) == 0) return NULL;  // nothing to compute
  b[3] = cx_xb_scratch(
      &lw->xb,
      cx_rt_linalg_scratch_bytes(cx_elem_is_complex(e), (uint64_t)(p.m * p.m + p.rows * p.cols)));
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_TRIANGULAR_SOLVE, &p, sizeof p, b, 4);
  return NULL;
}

cx_status_t cx_lower_linalg_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_CHOLESKY:
      return lower_cholesky(lw, program, op);
    case CX_OP_TRIANGULAR_SOLVE:
      return lower_triangular_solve(lw, program, op);
    default:
      return cx_lower_op_error(op, CX_INTERNAL, "is not a linear algebra op");
  }
}
