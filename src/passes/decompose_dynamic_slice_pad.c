// decompose_dynamic_slice_pad.c: real_dynamic_slice and dynamic_pad whose
// shape operands are not constants (so static_ops.c could not make them a
// slice or a pad) but whose result type is static become a gather of the
// operand at computed indices:
//
//   real_dynamic_slice(x, start, limit, strides) : R
//     = gather(x, [start_d + iota_d(R) * strides_d for each d])
//   dynamic_pad(x, v, low, high, interior) : R, with t_d = iota_d(R) - low_d,
//   s_d = interior_d + 1:
//     = select(all_d(t_d >= 0 && t_d % s_d == 0 && t_d / s_d < dim_d(x)),
//              gather(x, [clamp(0, t_d / s_d, dim_d(x) - 1) for each d]),
//              broadcast(v))
//
// Every index is a one-element slice (collapsed), so the gather's result has
// the result's shape. The limits are not read: with a static result type
// they only restate its shape. Shape operands whose values contradict the
// result type, or select elements outside the operand, are outside the
// ops' constraints; gather clamps such indices into the operand.
#include <string.h>

#include "ir/builder.h"
#include "ir/walk.h"
#include "passes/passes.h"

typedef struct dyn_builder {
  cx_module_t* m;
  cx_context_t* ctx;
  cx_builder_t b;
  const cx_type_t* i64;      // the element type i64
  const cx_type_t* index;    // tensor<R x i64>: an index per result element
  const cx_type_t* pred;     // tensor<R x i1>
  uint32_t rank;
} dyn_builder_t;

static cx_status_t dyn_error(const cx_op_t* op, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(CX_ERROR(CX_UNIMPLEMENTED, "'%s' op %s", op->name, what), loc);
}

static cx_status_t binary(dyn_builder_t* s, cx_op_kind_t kind, cx_value_t* x, cx_value_t* y,
                          cx_value_t** out) {
  cx_value_t* xy[2] = {x, y};
  return cx_build_value(&s->b, kind, 2, xy, x->type, 0, NULL, out);
}

// Element d of the rank-1 integer tensor `vec` as i64, broadcast to R.
static cx_status_t element(dyn_builder_t* s, cx_value_t* vec, uint32_t d, cx_value_t** out) {
  int64_t one = 1, start = d, limit = d + 1, stride = 1;
  const cx_type_t* piece_type = cx_tensor_with_shape(s->ctx, vec->type, 1, &one);
  const cx_type_t* scalar = cx_type_tensor(s->ctx, s->i64, 0, NULL, NULL);
  const cx_attr_t* a_start = cx_attr_i64_array(s->m, 1, &start);
  const cx_attr_t* a_limit = cx_attr_i64_array(s->m, 1, &limit);
  const cx_attr_t* a_stride = cx_attr_i64_array(s->m, 1, &stride);
  const cx_attr_t* no_dims = cx_attr_i64_array(s->m, 0, NULL);
  if (!piece_type || !scalar || !a_start || !a_limit || !a_stride || !no_dims) return CX_OOM();
  cx_named_attr_t slice_attrs[3] = {{cx_name(s->ctx, CX_NAME_start_indices), a_start},
                                    {cx_name(s->ctx, CX_NAME_limit_indices), a_limit},
                                    {cx_name(s->ctx, CX_NAME_strides), a_stride}};
  cx_value_t *piece, *narrow, *wide;
  CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_SLICE, 1, &vec, piece_type, 3, slice_attrs, &piece));
  const cx_type_t* narrow_type = cx_tensor_with_shape(s->ctx, vec->type, 0, NULL);
  if (!narrow_type) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_RESHAPE, 1, &piece, narrow_type, 0, NULL, &narrow));
  if (narrow_type == scalar) {
    wide = narrow;
  } else {
    CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_CONVERT, 1, &narrow, scalar, 0, NULL, &wide));
  }
  cx_named_attr_t bcast = {cx_name(s->ctx, CX_NAME_broadcast_dimensions), no_dims};
  return cx_build_value(&s->b, CX_OP_BROADCAST_IN_DIM, 1, &wide, s->index, 1, &bcast, out);
}

// An i64 constant of shape R.
static cx_status_t constant(dyn_builder_t* s, int64_t v, cx_value_t** out) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(cx_attr_splat_i64(s->m, s->index, v, &a));
  return cx_build_constant(&s->b, a, out);
}

// The position of each result element along dimension d.
static cx_status_t iota(dyn_builder_t* s, uint32_t d, cx_value_t** out) {
  cx_named_attr_t attr = {cx_name(s->ctx, CX_NAME_iota_dimension), cx_attr_i64(s->m, d)};
  if (!attr.value) return CX_OOM();
  return cx_build_value(&s->b, CX_OP_IOTA, 0, NULL, s->index, 1, &attr, out);
}

static cx_status_t compare(dyn_builder_t* s, int direction, cx_value_t* x, cx_value_t* y,
                           cx_value_t** out) {
  cx_named_attr_t attr = {cx_name(s->ctx, CX_NAME_comparison_direction),
                          cx_attr_enum_value(s->m, CX_ENUM_COMPARISON_DIRECTION, direction)};
  if (!attr.value) return CX_OOM();
  cx_value_t* xy[2] = {x, y};
  return cx_build_value(&s->b, CX_OP_COMPARE, 2, xy, s->pred, 1, &attr, out);
}

// gather(x, indices) with one index per result element (idx[d] of shape R
// per dimension d), of the result type `t`.
static cx_status_t gather_at(dyn_builder_t* s, cx_value_t* x, cx_value_t* const* idx,
                             const cx_type_t* t, cx_value_t** out) {
  uint32_t r = s->rank;
  int64_t dims[CX_MAX_RANK + 1];
  memcpy(dims, s->index->tensor.dims, r * sizeof(int64_t));
  dims[r] = 1;
  const cx_type_t* column = cx_type_tensor(s->ctx, s->i64, r + 1, dims, NULL);
  dims[r] = r;
  const cx_type_t* all = cx_type_tensor(s->ctx, s->i64, r + 1, dims, NULL);
  if (!column || !all) return CX_OOM();
  cx_value_t* columns[CX_MAX_RANK];
  for (uint32_t d = 0; d < r; d++)
    CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_RESHAPE, 1, &idx[d], column, 0, NULL, &columns[d]));
  cx_value_t* indices;
  cx_named_attr_t cat = {cx_name(s->ctx, CX_NAME_dimension), cx_attr_i64(s->m, r)};
  if (!cat.value) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_CONCATENATE, r, columns, all, 1, &cat, &indices));
  int64_t every[CX_MAX_RANK], ones[CX_MAX_RANK];
  for (uint32_t d = 0; d < r; d++) every[d] = d, ones[d] = 1;
  cx_gather_dims_t g = {{NULL, 0}, {every, r}, {NULL, 0}, {NULL, 0}, {every, r}, r};
  cx_named_attr_t attrs[2] = {{cx_name(s->ctx, CX_NAME_dimension_numbers), cx_attr_gather_dims(s->m, &g)},
                              {cx_name(s->ctx, CX_NAME_slice_sizes), cx_attr_i64_array(s->m, r, ones)}};
  if (!attrs[0].value || !attrs[1].value) return CX_OOM();
  cx_value_t* operands[2] = {x, indices};
  return cx_build_value(&s->b, CX_OP_GATHER, 2, operands, t, 2, attrs, out);
}

// The padding value broadcast to the result type.
static cx_status_t pad_everywhere(dyn_builder_t* s, cx_value_t* v, const cx_type_t* t,
                                  cx_value_t** out) {
  const cx_attr_t* no_dims = cx_attr_i64_array(s->m, 0, NULL);
  if (!no_dims) return CX_OOM();
  cx_named_attr_t bcast = {cx_name(s->ctx, CX_NAME_broadcast_dimensions), no_dims};
  return cx_build_value(&s->b, CX_OP_BROADCAST_IN_DIM, 1, &v, t, 1, &bcast, out);
}

static cx_status_t decompose_slice(dyn_builder_t* s, cx_op_t* op, const cx_type_t* t,
                                   cx_value_t** out) {
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* idx[CX_MAX_RANK];
  for (uint32_t d = 0; d < s->rank; d++) {
    cx_value_t *start, *stride, *pos, *step;
    CX_RETURN_IF_ERROR(element(s, cx_op_operand(op, 1), d, &start));
    CX_RETURN_IF_ERROR(element(s, cx_op_operand(op, 3), d, &stride));
    CX_RETURN_IF_ERROR(iota(s, d, &pos));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_MULTIPLY, pos, stride, &step));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_ADD, start, step, &idx[d]));
  }
  return gather_at(s, x, idx, t, out);
}

static cx_status_t decompose_pad(dyn_builder_t* s, cx_op_t* op, const cx_type_t* t,
                                 cx_value_t** out) {
  cx_value_t* x = cx_op_operand(op, 0);
  const cx_type_t* xt = x->type;
  cx_value_t *zero, *one;
  CX_RETURN_IF_ERROR(constant(s, 0, &zero));
  CX_RETURN_IF_ERROR(constant(s, 1, &one));
  cx_value_t* idx[CX_MAX_RANK];
  cx_value_t* inside = NULL;
  for (uint32_t d = 0; d < s->rank; d++) {
    cx_value_t *low, *interior, *pos, *t_d, *step, *q, *rem, *dim, *last;
    CX_RETURN_IF_ERROR(element(s, cx_op_operand(op, 2), d, &low));
    CX_RETURN_IF_ERROR(element(s, cx_op_operand(op, 4), d, &interior));
    CX_RETURN_IF_ERROR(iota(s, d, &pos));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_SUBTRACT, pos, low, &t_d));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_ADD, interior, one, &step));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_DIVIDE, t_d, step, &q));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_REMAINDER, t_d, step, &rem));
    CX_RETURN_IF_ERROR(constant(s, xt->tensor.dims[d], &dim));
    CX_RETURN_IF_ERROR(constant(s, xt->tensor.dims[d] - 1, &last));
    // t_d >= 0, on a step, before the end of the operand.
    cx_value_t *c1, *c2, *c3, *both, *all;
    CX_RETURN_IF_ERROR(compare(s, CX_CMP_GE, t_d, zero, &c1));
    CX_RETURN_IF_ERROR(compare(s, CX_CMP_EQ, rem, zero, &c2));
    CX_RETURN_IF_ERROR(compare(s, CX_CMP_LT, q, dim, &c3));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_AND, c1, c2, &both));
    CX_RETURN_IF_ERROR(binary(s, CX_OP_AND, both, c3, &all));
    if (inside) CX_RETURN_IF_ERROR(binary(s, CX_OP_AND, inside, all, &inside));
    else inside = all;
    cx_value_t* clamp_operands[3] = {zero, q, last};
    CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_CLAMP, 3, clamp_operands, s->index, 0, NULL, &idx[d]));
  }
  cx_value_t *gathered, *padding;
  CX_RETURN_IF_ERROR(gather_at(s, x, idx, t, &gathered));
  CX_RETURN_IF_ERROR(pad_everywhere(s, cx_op_operand(op, 1), t, &padding));
  cx_value_t* sel[3] = {inside, gathered, padding};
  return cx_build_value(&s->b, CX_OP_SELECT, 3, sel, t, 0, NULL, out);
}

static cx_status_t decompose(cx_module_t* m, cx_op_t* op) {
  const cx_type_t* t = cx_op_result(op, 0)->type;
  const cx_type_t* xt = cx_op_operand(op, 0)->type;
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || !cx_type_is_tensor(xt) ||
      !cx_tensor_has_static_shape(xt))
    return dyn_error(op, "needs a static operand and result shape to be compiled");
  dyn_builder_t s = {.m = m, .ctx = m->ctx, .rank = t->tensor.rank};
  s.i64 = cx_type_element(m->ctx, CX_ELEM_SI64);
  const cx_type_t* i1 = cx_type_element(m->ctx, CX_ELEM_I1);
  s.index = s.i64 ? cx_type_tensor(m->ctx, s.i64, s.rank, t->tensor.dims, NULL) : NULL;
  s.pred = i1 ? cx_type_tensor(m->ctx, i1, s.rank, t->tensor.dims, NULL) : NULL;
  if (!s.index || !s.pred) return CX_OOM();
  cx_builder_init(&s.b, m);
  cx_builder_set_before(&s.b, op);
  s.b.loc = op->loc;
  cx_value_t* result;
  bool empty_operand = cx_tensor_num_elements(xt) == 0;
  if (cx_tensor_num_elements(t) == 0 || s.rank == 0) {
    if (op->kind == CX_OP_DYNAMIC_PAD && s.rank > 0) {
      CX_RETURN_IF_ERROR(pad_everywhere(&s, cx_op_operand(op, 1), t, &result));
    } else if (s.rank == 0) {
      result = cx_op_operand(op, 0);  // nothing to slice or pad
    } else {  // an empty slice: any empty tensor of the type
      CX_RETURN_IF_ERROR(cx_build_splat_constant(&s.b, t, 0.0, &result));
    }
  } else if (op->kind == CX_OP_DYNAMIC_PAD && empty_operand) {
    CX_RETURN_IF_ERROR(pad_everywhere(&s, cx_op_operand(op, 1), t, &result));
  } else if (empty_operand) {
    return dyn_error(op, "slices elements out of an empty operand");
  } else if (op->kind == CX_OP_REAL_DYNAMIC_SLICE) {
    CX_RETURN_IF_ERROR(decompose_slice(&s, op, t, &result));
  } else {
    CX_RETURN_IF_ERROR(decompose_pad(&s, op, t, &result));
  }
  cx_value_replace_all_uses(cx_op_result(op, 0), result);
  cx_op_erase(op);
  return NULL;
}

typedef struct dyn_walk {
  cx_module_t* m;
  cx_status_t status;
} dyn_walk_t;

static cx_walk_result_t visit(cx_op_t* op, void* arg) {
  dyn_walk_t* w = arg;
  if (op->kind != CX_OP_REAL_DYNAMIC_SLICE && op->kind != CX_OP_DYNAMIC_PAD) return CX_WALK_ADVANCE;
  w->status = decompose(w->m, op);
  return w->status ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_status_t cx_pass_decompose_dynamic_slice_pad(cx_module_t* module, cx_op_t* func) {
  // Post-order, which allows erasing the visited op.
  dyn_walk_t w = {module, NULL};
  cx_walk_op(func, CX_WALK_POST_ORDER, visit, &w);
  return w.status;
}
