// Kernels of scatter and select_and_scatter: serial loops that apply
// updates in the interpreter's order (src/interp/eval_gather_scatter.c,
// eval_reduce.c), so non-commutative update computations and repeated
// indices give the interpreter's answer exactly.
//
// scatter: the results start as the inputs converted to the result element
// types; then, for every update element in row-major order, the result
// index is the window offset plus the (unclamped) scatter index plus the
// batch coordinate, and an update whose index falls outside the results is
// skipped, as the spec says. The update computation runs on all N
// results/updates at once. indices_are_sorted and unique_indices are
// promises the kernel does not need: a serial, ordered loop is correct
// whatever the indices are. (A parallel version would split the update
// space where the hints or an analysis prove updates disjoint.)
//
// select_and_scatter: the result starts as init_value; for each source
// element (row-major), its window is scanned in row-major order skipping
// padding, the first element is selected and each later one replaces the
// selection when select(selected, current) is false; then
// result[selected] = scatter(result[selected], source). A window that lies
// wholly in the padding scatters nothing.
//
// Both run as one work item: they are serial by nature (the order is part
// of the result), and their cost is that of the interpreter's loops.
#include <string.h>

#include "codegen/emit_util.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"

enum { MAX_VARIADIC = 256 };  // inputs of one variadic op in compiled code

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }
static cx_elem_t elem_of(const cx_value_t* v) { return cx_tensor_elem(v->type); }

static void fail(cx_cg_kernel_t* k, cx_op_t* op, const char* what) {
  if (!k->status) k->status = cx_cg_op_error(op, CX_INVALID_ARGUMENT, "%s", what);
}

static bool contains(cx_i64_list_t l, int64_t v) {
  for (uint32_t i = 0; i < l.len; i++)
    if (l.data[i] == v) return true;
  return false;
}

// Copies `n` elements from `src` (element type `from`) to `dst` (type `to`),
// converting; bit-exact when the types are the same.
static void copy_elements(cx_cg_kernel_t* k, cx_elem_t from, LLVMValueRef src, cx_elem_t to,
                          LLVMValueRef dst, int64_t n) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  if (n <= 0) return;
  cx_cg_loop_t loop;
  LLVMValueRef i = cx_cg_loop_begin(k, &loop, cx_cg_i64(cg, 0), cx_cg_i64(cg, n), "copy");
  if (from == to) {
    LLVMTypeRef t = LLVMIntTypeInContext(cg->ctx, (unsigned)(cx_elem_storage_size(to) * 8));
    LLVMValueRef v = LLVMBuildLoad2(b, t, LLVMBuildGEP2(b, t, src, &i, 1, ""), "");
    LLVMSetAlignment(v, 1);
    LLVMValueRef st = LLVMBuildStore(b, v, LLVMBuildGEP2(b, t, dst, &i, 1, ""));
    LLVMSetAlignment(st, 1);
  } else {
    LLVMValueRef v = cx_cg_load_elem(cg, k->imports, from, src, i);
    cx_cg_store_elem(cg, k->imports, to, dst, i, cx_cg_convert(k, from, to, v));
  }
  cx_cg_loop_end(k, &loop);
}

// An element value converted to `to` and stored at every position of `dst`.
static void fill_elements(cx_cg_kernel_t* k, cx_elem_t to, LLVMValueRef dst, LLVMValueRef value,
                          int64_t n) {
  if (n <= 0) return;
  cx_cg_loop_t loop;
  LLVMValueRef i = cx_cg_loop_begin(k, &loop, cx_cg_i64(k->cg, 0), cx_cg_i64(k->cg, n), "fill");
  cx_cg_store_elem(k->cg, k->imports, to, dst, i, value);
  cx_cg_loop_end(k, &loop);
}

static LLVMValueRef linear(cx_cg_t* cg, const LLVMValueRef* idx, const int64_t* strides,
                           uint32_t rank) {
  LLVMValueRef off = cx_cg_i64(cg, 0);
  for (uint32_t d = 0; d < rank; d++)
    off = LLVMBuildAdd(cg->b, off, LLVMBuildMul(cg->b, idx[d], cx_cg_i64(cg, strides[d]), ""), "");
  return off;
}

// ---- scatter ---------------------------------------------------------------------------

void cx_cg_emit_scatter_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin, LLVMValueRef end,
                             int64_t* out_items, int64_t* out_grain) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  *out_items = 1;
  *out_grain = 1;
  const uint32_t n = (op->num_operands - 1) / 2;
  if (n == 0 || n > MAX_VARIADIC || op->num_operands != 2 * n + 1 || op->num_results != n ||
      op->num_regions != 1)
    { fail(k, op, "has an unexpected number of operands, results or regions"); return; }
  const cx_attr_t* a = cx_op_attr(op, cx_name(cg->ir, CX_NAME_scatter_dimension_numbers));
  if (!a || a->kind != CX_ATTR_SCATTER) { fail(k, op, "has no scatter dimension numbers"); return; }
  const cx_scatter_dims_t* sd = &a->scatter;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* ind = cx_op_operand(op, n);
  cx_value_t* u = cx_op_operand(op, n + 1);
  const int64_t R = rank_of(x), S = rank_of(ind), U = rank_of(u), ivd = sd->index_vector_dim;
  const int64_t vec_len = ivd < S ? dims_of(ind)[ivd] : 1;
  if (sd->scatter_dims_to_operand_dims.len != vec_len || !cx_elem_is_integer(elem_of(ind)))
    { fail(k, op, "has inconsistent scatter indices"); return; }
  // Update dim e moves along input dim e_input[e] (window dims) or indexes
  // scatter_indices dim e_indices[e] (scatter dims).
  int64_t window_input_dims[CX_MAX_RANK], e_input[CX_MAX_RANK], indices_to_update[CX_MAX_RANK + 1];
  uint32_t num_window = 0, next_scatter = 0;
  for (int64_t d = 0; d < R; d++)
    if (!contains(sd->inserted_window_dims, d) && !contains(sd->input_batching_dims, d))
      window_input_dims[num_window++] = d;
  for (int64_t d = 0; d <= S && d <= CX_MAX_RANK; d++) indices_to_update[d] = -1;
  for (int64_t e = 0; e < U; e++) {
    e_input[e] = -1;
    if (contains(sd->update_window_dims, e)) {
      uint32_t j = 0;
      while (sd->update_window_dims.data[j] != e) j++;
      if (j >= num_window) { fail(k, op, "has inconsistent update window dims"); return; }
      e_input[e] = window_input_dims[j];
    } else {
      int64_t s = next_scatter < ivd ? next_scatter : next_scatter + 1;
      if (s > S || s > CX_MAX_RANK) { fail(k, op, "has inconsistent scatter dims"); return; }
      indices_to_update[s] = e;
      next_scatter++;
    }
  }
  for (int64_t s = 0; s < S; s++)
    if (s != ivd && indices_to_update[s] < 0) { fail(k, op, "has inconsistent scatter dims"); return; }

  LLVMValueRef results[MAX_VARIADIC];
  cx_elem_t relem[MAX_VARIADIC], uelem[MAX_VARIADIC];
  for (uint32_t i = 0; i < n; i++) {
    results[i] = k->input_ptrs[k->fusion->num_inputs + i];
    relem[i] = elem_of(cx_op_result(op, i));
    uelem[i] = elem_of(cx_op_operand(op, n + 1 + i));
  }
  cx_cg_if_t run;
  cx_cg_if_begin(k, &run, LLVMBuildICmp(b, LLVMIntSLT, begin, end, ""));
  const int64_t numel = cx_tensor_num_elements(x->type);
  for (uint32_t i = 0; i < n; i++) {
    cx_value_t* xi = cx_op_operand(op, i);
    copy_elements(k, elem_of(xi), cx_cg_own_input(k, xi), relem[i], results[i], numel);
  }
  if (numel > 0 && cx_tensor_num_elements(u->type) > 0) {
    int64_t xstr[CX_MAX_RANK];
    cx_cg_strides(x->type, xstr);
    cx_cg_loop_t loops[CX_MAX_RANK];
    cx_cg_index_t* ui = cx_cg_index_new(k, (uint32_t)U);
    for (int64_t e = 0; e < U && !k->status; e++)
      ui->v[e] = cx_cg_loop_begin(k, &loops[e], cx_cg_i64(cg, 0), cx_cg_i64(cg, dims_of(u)[e]), "u");
    if (k->status) return;
    LLVMValueRef pos[CX_MAX_RANK];
    for (int64_t d = 0; d < R; d++) pos[d] = cx_cg_i64(cg, 0);
    for (int64_t e = 0; e < U; e++)
      if (e_input[e] >= 0) pos[e_input[e]] = LLVMBuildAdd(b, pos[e_input[e]], ui->v[e], "");
    for (uint32_t j = 0; j < sd->scatter_dims_to_operand_dims.len; j++) {
      cx_cg_index_t* ii = cx_cg_index_new(k, (uint32_t)S);
      for (int64_t s = 0; s < S && !k->status; s++)
        ii->v[s] = s == ivd ? cx_cg_i64(cg, j) : ui->v[indices_to_update[s]];
      LLVMValueRef v = cx_cg_index_to_i64(k, elem_of(ind), cx_cg_emit_element(k, ind, ii));
      // Far outside either way; keeps the sums below from overflowing.
      v = cx_cg_clamp_i64(cg, v, -(INT64_C(1) << 62), INT64_C(1) << 62);
      int64_t d = sd->scatter_dims_to_operand_dims.data[j];
      if (d < 0 || d >= R) { fail(k, op, "has bad scatter_dims_to_operand_dims"); return; }
      pos[d] = LLVMBuildAdd(b, pos[d], v, "");
    }
    for (uint32_t j = 0; j < sd->input_batching_dims.len; j++) {
      int64_t d = sd->input_batching_dims.data[j];
      int64_t s = sd->scatter_indices_batching_dims.data[j];
      if (d < 0 || d >= R || s < 0 || s >= S || indices_to_update[s] < 0)
        { fail(k, op, "has bad batching dims"); return; }
      pos[d] = LLVMBuildAdd(b, pos[d], ui->v[indices_to_update[s]], "");
    }
    LLVMValueRef inside = LLVMConstInt(cg->t_i1, 1, 0);
    for (int64_t d = 0; d < R; d++) {
      inside = LLVMBuildAnd(b, inside, LLVMBuildICmp(b, LLVMIntSGE, pos[d], cx_cg_i64(cg, 0), ""), "");
      inside = LLVMBuildAnd(b, inside, LLVMBuildICmp(b, LLVMIntSLT, pos[d], cx_cg_i64(cg, dims_of(x)[d]), ""), "");
    }
    cx_cg_if_t upd;
    cx_cg_if_begin(k, &upd, inside);
    LLVMValueRef off = linear(cg, pos, xstr, (uint32_t)R);
    LLVMValueRef args[2 * MAX_VARIADIC] = {0}, res[MAX_VARIADIC] = {0};
    cx_elem_t in[2 * MAX_VARIADIC] = {0};
    for (uint32_t i = 0; i < n; i++) {
      args[i] = cx_cg_load_elem(cg, k->imports, relem[i], results[i], off);
      in[i] = relem[i];
      args[n + i] = cx_cg_emit_element(k, cx_op_operand(op, n + 1 + i), ui);
      in[n + i] = uelem[i];
    }
    cx_cg_call_region(k, op, &op->regions[0], 2 * n, in, args, n, relem, res);
    for (uint32_t i = 0; i < n; i++) cx_cg_store_elem(cg, k->imports, relem[i], results[i], off, res[i]);
    cx_cg_if_end(k, &upd);
    for (int64_t e = U; e > 0; e--) cx_cg_loop_end(k, &loops[e - 1]);
  }
  cx_cg_if_end(k, &run);
}

// ---- select_and_scatter -------------------------------------------------------------------

static bool read_list(cx_cg_kernel_t* k, cx_op_t* op, cx_name_id_t name, uint32_t count,
                      int64_t dflt, int64_t* out) {
  uint32_t n;
  if (!cx_op_attr(op, cx_name(k->cg->ir, name))) {
    for (uint32_t d = 0; d < count; d++) out[d] = dflt;
    return true;
  }
  return cx_op_get_ints(k->cg->ir, op, name, out, 2 * CX_MAX_RANK, &n) && n == count;
}

void cx_cg_emit_select_and_scatter_body(cx_cg_kernel_t* k, cx_op_t* op, LLVMValueRef begin,
                                        LLVMValueRef end, int64_t* out_items, int64_t* out_grain) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  *out_items = 1;
  *out_grain = 1;
  if (op->num_operands != 3 || op->num_results != 1 || op->num_regions != 2)
    { fail(k, op, "has an unexpected number of operands, results or regions"); return; }
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* src = cx_op_operand(op, 1);
  cx_value_t* init = cx_op_operand(op, 2);
  cx_value_t* r = cx_op_result(op, 0);
  const uint32_t R = rank_of(x);
  int64_t size[CX_MAX_RANK], stride[CX_MAX_RANK], pad[2 * CX_MAX_RANK];
  if (!read_list(k, op, CX_NAME_window_dimensions, R, 1, size) ||
      !read_list(k, op, CX_NAME_window_strides, R, 1, stride) ||
      !read_list(k, op, CX_NAME_padding, 2 * R, 0, pad) || rank_of(src) != R)
    { fail(k, op, "has a bad window"); return; }
  const cx_elem_t xe = elem_of(x), re = elem_of(r), se = elem_of(src);
  LLVMValueRef out = k->input_ptrs[k->fusion->num_inputs];
  cx_cg_if_t run;
  cx_cg_if_begin(k, &run, LLVMBuildICmp(b, LLVMIntSLT, begin, end, ""));
  LLVMValueRef iv0 = cx_cg_emit_element(k, init, cx_cg_index_new(k, 0));
  fill_elements(k, re, out, cx_cg_convert(k, elem_of(init), re, iv0), cx_tensor_num_elements(r->type));
  if (cx_tensor_num_elements(src->type) > 0 && cx_tensor_num_elements(x->type) > 0) {
    int64_t xstr[CX_MAX_RANK];
    cx_cg_strides(x->type, xstr);
    LLVMTypeRef xt = cx_cg_compute_type(cg, xe);
    LLVMValueRef sel = cx_cg_entry_alloca(k, cg->t_i64, "selected");
    LLVMValueRef selval = cx_cg_entry_alloca(k, xt, "selected_value");
    cx_cg_loop_t sloops[CX_MAX_RANK], wloops[CX_MAX_RANK];
    cx_cg_index_t* si = cx_cg_index_new(k, R);
    for (uint32_t d = 0; d < R && !k->status; d++)
      si->v[d] = cx_cg_loop_begin(k, &sloops[d], cx_cg_i64(cg, 0), cx_cg_i64(cg, dims_of(src)[d]), "s");
    if (k->status) return;
    LLVMBuildStore(b, cx_cg_i64(cg, -1), sel);
    LLVMBuildStore(b, LLVMConstNull(xt), selval);
    LLVMValueRef wv[CX_MAX_RANK];
    for (uint32_t d = 0; d < R; d++)
      wv[d] = size[d] == 1 ? cx_cg_i64(cg, 0)
                           : cx_cg_loop_begin(k, &wloops[d], cx_cg_i64(cg, 0), cx_cg_i64(cg, size[d]), "w");
    LLVMValueRef inside = LLVMConstInt(cg->t_i1, 1, 0);
    cx_cg_index_t* xi = cx_cg_index_new(k, R);
    for (uint32_t d = 0; d < R && !k->status; d++) {
      LLVMValueRef p = LLVMBuildMul(b, si->v[d], cx_cg_i64(cg, stride[d]), "");
      p = LLVMBuildSub(b, LLVMBuildAdd(b, p, wv[d], ""), cx_cg_i64(cg, pad[2 * d]), "");
      inside = LLVMBuildAnd(b, inside, LLVMBuildICmp(b, LLVMIntSGE, p, cx_cg_i64(cg, 0), ""), "");
      inside = LLVMBuildAnd(b, inside, LLVMBuildICmp(b, LLVMIntSLT, p, cx_cg_i64(cg, dims_of(x)[d]), ""), "");
      xi->v[d] = cx_cg_clamp_i64(cg, p, 0, dims_of(x)[d] - 1);
    }
    LLVMValueRef off = linear(cg, xi->v, xstr, R);
    LLVMValueRef cur = cx_cg_emit_element(k, x, xi);
    LLVMValueRef old = LLVMBuildLoad2(b, cg->t_i64, sel, "");
    LLVMValueRef oldval = LLVMBuildLoad2(b, xt, selval, "");
    // The select body runs on every inside position (it is pure); its
    // answer matters only once something is selected.
    LLVMValueRef args[2] = {oldval, cur}, keep;
    cx_elem_t in[2] = {xe, xe}, pred = CX_ELEM_I1;
    cx_cg_call_region(k, op, &op->regions[0], 2, in, args, 1, &pred, &keep);
    LLVMValueRef first = LLVMBuildICmp(b, LLVMIntSLT, old, cx_cg_i64(cg, 0), "");
    LLVMValueRef take = LLVMBuildAnd(b, inside, LLVMBuildOr(b, first, LLVMBuildNot(b, keep, ""), ""), "");
    LLVMBuildStore(b, LLVMBuildSelect(b, take, off, old, ""), sel);
    LLVMBuildStore(b, LLVMBuildSelect(b, take, cur, oldval, ""), selval);
    for (uint32_t d = R; d > 0; d--)
      if (size[d - 1] != 1) cx_cg_loop_end(k, &wloops[d - 1]);
    LLVMValueRef chosen = LLVMBuildLoad2(b, cg->t_i64, sel, "");
    cx_cg_if_t has;
    cx_cg_if_begin(k, &has, LLVMBuildICmp(b, LLVMIntSGE, chosen, cx_cg_i64(cg, 0), ""));
    LLVMValueRef sargs[2] = {cx_cg_load_elem(cg, k->imports, re, out, chosen),
                             cx_cg_emit_element(k, src, si)};
    cx_elem_t sin[2] = {re, se};
    LLVMValueRef nv;
    cx_cg_call_region(k, op, &op->regions[1], 2, sin, sargs, 1, &re, &nv);
    cx_cg_store_elem(cg, k->imports, re, out, chosen, nv);
    cx_cg_if_end(k, &has);
    for (uint32_t d = R; d > 0; d--) cx_cg_loop_end(k, &sloops[d - 1]);
  }
  cx_cg_if_end(k, &run);
}
