// Decomposes the CHLO ops the code generator does not emit directly into
// StableHLO (the elementwise and broadcasting CHLO ops are emitted as they
// are, see src/codegen/emit_chlo.c):
//
// chlo.scan(inputs) inits(carries) dimension=d {body} becomes a while loop
// over the positions along d (from the end if is_reverse), as ChloOps.td
// defines scan and the interpreter evaluates it (src/interp/eval_chlo.c):
//
//   %i0 = 0; %outs0 = zeros of the stacked output types
//   while (%i, %carries, %outs) : %i < len {
//     %pos = is_reverse ? len - 1 - %i : %i
//     %x_k = reshape(dynamic_slice(input_k, [0.., %pos, ..0], sizes with d = 1))
//     %ys, %new_carries = <body>(%x..., %carries...)
//     %outs_k' = dynamic_update_slice(%outs_k, reshape(%y_k), [0.., %pos, ..0])
//     return %i + 1, %new_carries, %outs'
//   }
//
// The results are the loop's outputs and final carries. Types must be
// static (the pipeline runs this after shape refinement).
#include "passes/passes.h"

#include <string.h>

#include "cxla/buffer.h"
#include "ir/builder.h"
#include "ir/clone.h"
#include "ir/walk.h"

enum { CX_SCAN_MAX_VALUES = 64 };

static cx_status_t scan_error(const cx_op_t* op, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(CX_ERROR(CX_UNIMPLEMENTED, "'chlo.scan' op %s", what), loc);
}

static const cx_attr_t* attr_named(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

static bool segments(const cx_op_t* op, const char* name, uint32_t total, uint32_t* a, uint32_t* b) {
  cx_i64s_t l;
  if (!cx_attr_get_i64s(attr_named(op, name), &l) || l.len != 2) return false;
  if (l.data[0] < 0 || l.data[1] < 0 || l.data[0] + l.data[1] != total) return false;
  *a = (uint32_t)l.data[0];
  *b = (uint32_t)l.data[1];
  return true;
}

// `t` with dimension d removed (the slice a body sees) or set to 1.
static const cx_type_t* without_dim(cx_context_t* ctx, const cx_type_t* t, int64_t d, bool keep_one) {
  int64_t dims[CX_MAX_RANK];
  uint32_t r = 0;
  for (uint32_t i = 0; i < t->tensor.rank; i++) {
    if ((int64_t)i == d) {
      if (keep_one) dims[r++] = 1;
    } else {
      dims[r++] = t->tensor.dims[i];
    }
  }
  return cx_tensor_with_shape(ctx, t, r, dims);
}

typedef struct scan_builder {
  cx_module_t* m;
  cx_context_t* ctx;
  cx_builder_t b;
  const cx_type_t* index_type;  // tensor<i64>
  cx_value_t* zero;             // 0 : tensor<i64>, built in the loop body
} scan_builder_t;

// Start indices [0.., pos, ..0] for a tensor of rank `rank`.
static void start_indices(scan_builder_t* s, uint32_t rank, int64_t d, cx_value_t* pos,
                          cx_value_t** out) {
  for (uint32_t i = 0; i < rank; i++) out[i] = (int64_t)i == d ? pos : s->zero;
}

// The slice of `x` at `pos` along d, reshaped to the body's argument type.
static cx_status_t slice_at(scan_builder_t* s, cx_value_t* x, int64_t d, cx_value_t* pos,
                            const cx_type_t* arg_type, cx_value_t** out) {
  const cx_type_t* t = x->type;
  uint32_t rank = t->tensor.rank;
  cx_value_t* operands[1 + CX_MAX_RANK];
  operands[0] = x;
  start_indices(s, rank, d, pos, operands + 1);
  int64_t sizes[CX_MAX_RANK];
  for (uint32_t i = 0; i < rank; i++) sizes[i] = (int64_t)i == d ? 1 : t->tensor.dims[i];
  const cx_attr_t* sizes_attr = cx_attr_i64_array(s->m, rank, sizes);
  if (!sizes_attr) return CX_OOM();
  cx_named_attr_t attr = {cx_name(s->ctx, CX_NAME_slice_sizes), sizes_attr};
  cx_value_t* piece;
  CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_DYNAMIC_SLICE, 1 + rank, operands,
                                    without_dim(s->ctx, t, d, true), 1, &attr, &piece));
  return cx_build_value(&s->b, CX_OP_RESHAPE, 1, &piece, arg_type, 0, NULL, out);
}

// `acc` with `y` (a body output) written at `pos` along d.
static cx_status_t update_at(scan_builder_t* s, cx_value_t* acc, cx_value_t* y, int64_t d,
                             cx_value_t* pos, cx_value_t** out) {
  const cx_type_t* t = acc->type;
  uint32_t rank = t->tensor.rank;
  cx_value_t* piece;
  CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_RESHAPE, 1, &y, without_dim(s->ctx, t, d, true), 0,
                                    NULL, &piece));
  cx_value_t* operands[2 + CX_MAX_RANK];
  operands[0] = acc;
  operands[1] = piece;
  start_indices(s, rank, d, pos, operands + 2);
  return cx_build_value(&s->b, CX_OP_DYNAMIC_UPDATE_SLICE, 2 + rank, operands, t, 0, NULL, out);
}

static cx_status_t index_constant(scan_builder_t* s, int64_t v, cx_value_t** out) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(cx_attr_splat_i64(s->m, s->index_type, v, &a));
  return cx_build_constant(&s->b, a, out);
}

static cx_status_t decompose_scan(cx_module_t* m, cx_op_t* op) {
  cx_context_t* ctx = m->ctx;
  uint32_t nin, ninit, nout, ncarry;
  if (!segments(op, "operandSegmentSizes", op->num_operands, &nin, &ninit) ||
      !segments(op, "resultSegmentSizes", op->num_results, &nout, &ncarry) || ncarry != ninit)
    return scan_error(op, "has malformed operand or result segments");
  cx_block_t* body = op->num_regions == 1 ? cx_region_block(&op->regions[0]) : NULL;
  cx_op_t* term = body ? cx_block_terminator(body) : NULL;
  if (!body || body->num_args != nin + ninit || !term || term->num_operands != nout + ncarry)
    return scan_error(op, "has a body that does not match its operands and results");
  const cx_attr_t* da = cx_op_attr(op, cx_name(ctx, CX_NAME_dimension));
  if (!da || da->kind != CX_ATTR_INTEGER) return scan_error(op, "has no dimension");
  int64_t d = da->integer;
  const cx_attr_t* rev = attr_named(op, "is_reverse");
  bool reverse = rev && ((rev->kind == CX_ATTR_BOOL && rev->boolean) || rev->kind == CX_ATTR_UNIT);
  // The scan length: from the inputs, else the outputs.
  int64_t len = -1;
  for (uint32_t i = 0; i < nin + nout && len < 0; i++) {
    const cx_type_t* t = i < nin ? cx_op_operand(op, i)->type : cx_op_result(op, i - nin)->type;
    if (cx_type_is_tensor(t) && d >= 0 && d < (int64_t)t->tensor.rank) len = t->tensor.dims[d];
  }
  if (len < 0) return scan_error(op, "has no input or output to scan along its dimension");
  for (uint32_t i = 0; i < op->num_operands + op->num_results; i++) {
    const cx_type_t* t = i < op->num_operands ? cx_op_operand(op, i)->type
                                              : cx_op_result(op, i - op->num_operands)->type;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || t->tensor.rank > CX_MAX_RANK)
      return scan_error(op, "needs static tensor types to be compiled");
    bool scanned = i < nin || (i >= op->num_operands && i < op->num_operands + nout);
    if (scanned && (d >= (int64_t)t->tensor.rank || t->tensor.dims[d] != len))
      return scan_error(op, "has inputs and outputs of different lengths along its dimension");
  }

  scan_builder_t s = {m, ctx, {0}, NULL, NULL};
  s.index_type = cx_type_tensor(ctx, cx_type_element(ctx, CX_ELEM_SI64), 0, NULL, NULL);
  const cx_type_t* pred_type = cx_type_tensor(ctx, cx_type_element(ctx, CX_ELEM_I1), 0, NULL, NULL);
  if (!s.index_type || !pred_type) return CX_OOM();
  cx_builder_init(&s.b, m);
  cx_builder_set_before(&s.b, op);
  s.b.loc = op->loc;

  // The loop state: the counter, the carries, the stacked outputs.
  uint32_t nstate = 1 + ncarry + nout;
  cx_value_t* init[1 + 2 * CX_SCAN_MAX_VALUES];
  const cx_type_t* types[1 + 2 * CX_SCAN_MAX_VALUES];
  if (ncarry > CX_SCAN_MAX_VALUES || nout > CX_SCAN_MAX_VALUES || nin > CX_SCAN_MAX_VALUES)
    return scan_error(op, "has too many operands or results");
  CX_RETURN_IF_ERROR(index_constant(&s, 0, &init[0]));
  types[0] = s.index_type;
  for (uint32_t i = 0; i < ncarry; i++) {
    init[1 + i] = cx_op_operand(op, nin + i);
    types[1 + i] = init[1 + i]->type;
  }
  for (uint32_t o = 0; o < nout; o++) {
    const cx_type_t* t = cx_op_result(op, o)->type;
    unsigned char zero[16] = {0};
    const cx_attr_t* a;
    CX_RETURN_IF_ERROR(cx_attr_splat_raw(m, t, zero, &a));
    CX_RETURN_IF_ERROR(cx_build_constant(&s.b, a, &init[1 + ncarry + o]));
    types[1 + ncarry + o] = t;
  }
  cx_op_state_t st = {0};
  st.kind = CX_OP_WHILE;
  st.loc = op->loc;
  st.num_operands = nstate;
  st.operands = init;
  st.num_results = nstate;
  st.result_types = types;
  st.num_regions = 2;
  cx_op_t* loop;
  CX_RETURN_IF_ERROR(cx_build(&s.b, &st, &loop));
  cx_block_t* cond = cx_block_create(m);
  cx_block_t* step = cx_block_create(m);
  if (!cond || !step) return CX_OOM();
  cx_region_append_block(&loop->regions[0], cond);
  cx_region_append_block(&loop->regions[1], step);
  cx_value_t* cargs[1 + 2 * CX_SCAN_MAX_VALUES];
  cx_value_t* sargs[1 + 2 * CX_SCAN_MAX_VALUES];
  for (uint32_t i = 0; i < nstate; i++) {
    cargs[i] = cx_block_add_arg(m, cond, types[i]);
    sargs[i] = cx_block_add_arg(m, step, types[i]);
    if (!cargs[i] || !sargs[i]) return CX_OOM();
  }

  // cond: %i < len
  cx_builder_set_at_end(&s.b, cond);
  cx_value_t* n;
  CX_RETURN_IF_ERROR(index_constant(&s, len, &n));
  const cx_attr_t* lt = cx_attr_enum_value(m, CX_ENUM_COMPARISON_DIRECTION, CX_CMP_LT);
  if (!lt) return CX_OOM();
  cx_named_attr_t dir = {cx_name(ctx, CX_NAME_comparison_direction), lt};
  cx_value_t* more;
  CX_RETURN_IF_ERROR(cx_build_value(&s.b, CX_OP_COMPARE, 2, (cx_value_t*[]){cargs[0], n},
                                    pred_type, 1, &dir, &more));
  cx_op_state_t ret = {0};
  ret.kind = CX_OP_RETURN;
  ret.loc = op->loc;
  ret.num_operands = 1;
  ret.operands = &more;
  cx_op_t* unused;
  CX_RETURN_IF_ERROR(cx_build(&s.b, &ret, &unused));

  // body: slices, the scan body, updates, the next counter.
  cx_builder_set_at_end(&s.b, step);
  CX_RETURN_IF_ERROR(index_constant(&s, 0, &s.zero));
  cx_value_t* pos = sargs[0];
  if (reverse) {
    cx_value_t* last;
    CX_RETURN_IF_ERROR(index_constant(&s, len - 1, &last));
    CX_RETURN_IF_ERROR(cx_build_value(&s.b, CX_OP_SUBTRACT, 2, (cx_value_t*[]){last, sargs[0]},
                                      s.index_type, 0, NULL, &pos));
  }
  cx_ir_map_t map;
  cx_ir_map_init(&map, m);
  cx_status_t status = NULL;
  for (uint32_t i = 0; i < nin && !status; i++) {
    cx_value_t* x;
    status = slice_at(&s, cx_op_operand(op, i), d, pos, body->args[i]->type, &x);
    if (!status && !cx_ir_map_value(&map, body->args[i], x)) status = CX_OOM();
  }
  for (uint32_t i = 0; i < ncarry && !status; i++)
    if (!cx_ir_map_value(&map, body->args[nin + i], sargs[1 + i])) status = CX_OOM();
  for (cx_op_t* b = body->first_op; b && b != term && !status; b = b->next) {
    cx_op_t* clone;
    status = cx_op_clone(&s.b, b, &map, &clone);
  }
  cx_value_t* next[1 + 2 * CX_SCAN_MAX_VALUES];
  cx_value_t* one = NULL;
  if (!status) status = index_constant(&s, 1, &one);
  if (!status)
    status = cx_build_value(&s.b, CX_OP_ADD, 2, (cx_value_t*[]){sargs[0], one}, s.index_type, 0,
                            NULL, &next[0]);
  for (uint32_t i = 0; i < ncarry && !status; i++)
    next[1 + i] = cx_ir_map_lookup(&map, cx_op_operand(term, nout + i));
  for (uint32_t o = 0; o < nout && !status; o++)
    status = update_at(&s, sargs[1 + ncarry + o], cx_ir_map_lookup(&map, cx_op_operand(term, o)), d,
                       pos, &next[1 + ncarry + o]);
  cx_ir_map_free(&map);
  CX_RETURN_IF_ERROR(status);
  ret.num_operands = nstate;
  ret.operands = next;
  CX_RETURN_IF_ERROR(cx_build(&s.b, &ret, &unused));

  for (uint32_t o = 0; o < nout; o++)
    cx_value_replace_all_uses(cx_op_result(op, o), cx_op_result(loop, 1 + ncarry + o));
  for (uint32_t i = 0; i < ncarry; i++)
    cx_value_replace_all_uses(cx_op_result(op, nout + i), cx_op_result(loop, 1 + i));
  cx_op_erase(op);
  return NULL;
}

typedef struct scan_walk {
  cx_module_t* m;
  cx_status_t status;
} scan_walk_t;

static cx_walk_result_t visit(cx_op_t* op, void* arg) {
  scan_walk_t* w = arg;
  if (op->kind != CX_OP_CHLO_SCAN) return CX_WALK_ADVANCE;
  w->status = decompose_scan(w->m, op);
  return w->status ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_status_t cx_pass_decompose_chlo(cx_module_t* module, cx_op_t* func) {
  // Post-order: nested scans go first, and the walk allows erasing the op
  // it visits.
  scan_walk_t w = {module, NULL};
  cx_walk_op(func, CX_WALK_POST_ORDER, visit, &w);
  return w.status;
}
