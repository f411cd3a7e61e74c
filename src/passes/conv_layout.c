// Channels-last convolutions: the CPU's convolution kernels (direct,
// Winograd, depthwise, 1x1 as one GEMM) want the input and the output with
// the batch outermost and the features innermost (NHWC); on other layouts
// they gather im2col blocks element by element, 2-4x slower. PyTorch
// exports are NCHW. As XLA:CPU does, every convolution is made
// channels-last: its input is transposed to [batch, spatial..., feature],
// the convolution computes that layout, and its result is transposed back.
// The kernel's layout stays (a constant kernel is packed once, whatever
// its layout).
//
// The transposes then move toward the uses, through elementwise ops (whose
// broadcast and splat operands take the other layout), reductions,
// reduce_window, pad, slice and concatenate, until they meet the next
// convolution's input transpose and cancel: a ResNet stays channels-last
// from its first convolution to its pooling, an Inception or U-Net through
// its concatenations, and the batch norms and activations between
// convolutions remain their epilogues. Only data moves; no value changes.
#include <stdlib.h>
#include <string.h>

#include "ir/attr_ints.h"
#include "ir/builder.h"
#include "ir/walk.h"
#include "passes/canonicalize.h"
#include "passes/passes.h"

typedef struct perm {
  uint32_t n;
  int64_t p[CX_MAX_RANK];
} perm_t;

static bool static_tensor(const cx_type_t* t) {
  return cx_type_is_tensor(t) && cx_tensor_has_static_shape(t) && !cx_tensor_is_quantized(t) &&
         t->tensor.rank <= CX_MAX_RANK;
}

static bool is_identity(const perm_t* p) {
  for (uint32_t i = 0; i < p->n; i++)
    if (p->p[i] != (int64_t)i) return false;
  return true;
}

static bool same_perm(const perm_t* a, const perm_t* b) {
  return a->n == b->n && memcmp(a->p, b->p, a->n * sizeof(a->p[0])) == 0;
}

static perm_t inverse(const perm_t* p) {
  perm_t q = {p->n, {0}};
  for (uint32_t i = 0; i < p->n; i++) q.p[p->p[i]] = i;
  return q;
}

// The type of transpose(x, p) for x of type t: its dim i is t's dim p[i].
static const cx_type_t* permuted_type(cx_context_t* ctx, const cx_type_t* t, const perm_t* p) {
  int64_t dims[CX_MAX_RANK];
  for (uint32_t i = 0; i < p->n; i++) dims[i] = t->tensor.dims[p->p[i]];
  return cx_tensor_with_shape(ctx, t, p->n, dims);
}

// The type x had if transpose(x, p) has type t.
static const cx_type_t* unpermuted_type(cx_context_t* ctx, const cx_type_t* t, const perm_t* p) {
  perm_t q = inverse(p);
  return permuted_type(ctx, t, &q);
}

static cx_status_t build_transpose(cx_builder_t* b, cx_value_t* x, const perm_t* p,
                                   cx_value_t** out) {
  cx_module_t* m = b->module;
  const cx_type_t* t = permuted_type(m->ctx, x->type, p);
  const cx_attr_t* perm = cx_attr_i64_array(m, p->n, p->p);
  if (!t || !perm) return CX_OOM();
  cx_named_attr_t attr = {m->ctx->names[CX_NAME_permutation], perm};
  return cx_build_value(b, CX_OP_TRANSPOSE, 1, &x, t, 1, &attr, out);
}

// ---------------------------------------------------------------------------
// Convolutions.

// A layout of `rank` dims as the permutation that makes it [batch,
// spatial..., feature].
static bool channels_last_perm(uint32_t rank, int64_t batch, cx_i64_list_t spatial, int64_t feature,
                               perm_t* out) {
  if (rank < 2 || rank > CX_MAX_RANK || spatial.len != rank - 2) return false;
  out->n = rank;
  out->p[0] = batch;
  for (uint32_t i = 0; i < spatial.len; i++) out->p[1 + i] = spatial.data[i];
  out->p[rank - 1] = feature;
  bool seen[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < rank; i++) {
    if (out->p[i] < 0 || out->p[i] >= (int64_t)rank || seen[out->p[i]]) return false;
    seen[out->p[i]] = true;
  }
  return true;
}

// Whether `op` is a convolution to make channels-last: the permutations
// that make its input and its result so (not both the identity).
static bool needs_channels_last(cx_context_t* ctx, const cx_op_t* op, perm_t* pin,
                                perm_t* pout) {
  if (op->kind != CX_OP_CONVOLUTION || op->num_operands != 2 || op->num_results != 1) return false;
  const cx_value_t* x = cx_op_operand((cx_op_t*)op, 0);
  const cx_value_t* w = cx_op_operand((cx_op_t*)op, 1);
  const cx_type_t* rt = op->results[0].type;
  const cx_attr_t* dn = cx_op_attr(op, cx_name(ctx, CX_NAME_dimension_numbers));
  if (!static_tensor(x->type) || !static_tensor(w->type) || !static_tensor(rt) || !dn ||
      dn->kind != CX_ATTR_CONV || rt->tensor.rank != x->type->tensor.rank)
    return false;
  const cx_conv_dims_t* d = &dn->conv;
  uint32_t rank = x->type->tensor.rank;
  return channels_last_perm(rank, d->input_batch_dim, d->input_spatial_dims,
                            d->input_feature_dim, pin) &&
         channels_last_perm(rank, d->output_batch_dim, d->output_spatial_dims,
                            d->output_feature_dim, pout) &&
         !(is_identity(pin) && is_identity(pout));
}

// convolution(x, w) with x or the result not channels-last ->
// transpose(convolution'(transpose(x), w)), convolution' channels-last.
static cx_status_t conv_channels_last(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_module_t* m = rw->module;
  cx_context_t* ctx = m->ctx;
  perm_t pin, pout;
  if (!needs_channels_last(ctx, op, &pin, &pout)) return NULL;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* w = cx_op_operand(op, 1);
  const char* dn_name = cx_name(ctx, CX_NAME_dimension_numbers);
  const cx_conv_dims_t* d = &cx_op_attr(op, dn_name)->conv;
  uint32_t rank = x->type->tensor.rank;
  int64_t spatial[CX_MAX_RANK];
  for (uint32_t i = 0; i + 2 < rank; i++) spatial[i] = 1 + i;
  cx_conv_dims_t nd = *d;
  nd.input_batch_dim = nd.output_batch_dim = 0;
  nd.input_feature_dim = nd.output_feature_dim = rank - 1;
  nd.input_spatial_dims = nd.output_spatial_dims = (cx_i64_list_t){spatial, rank - 2};
  const cx_attr_t* nda = cx_attr_conv_dims(m, &nd);
  const cx_type_t* rt = permuted_type(ctx, op->results[0].type, &pout);
  cx_named_attr_t* attrs = cx_calloc(ctx->allocator, op->num_attrs, sizeof(*attrs));
  if (!nda || !rt || !attrs) {
    cx_free(ctx->allocator, attrs);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    attrs[i] = op->attrs[i];
    if (attrs[i].name == dn_name) attrs[i].value = nda;
  }
  cx_builder_t* b = cx_rw_builder(rw);
  cx_value_t* xt = x;
  cx_status_t s = is_identity(&pin) ? NULL : build_transpose(b, x, &pin, &xt);
  cx_op_t* conv = NULL;
  if (!s) {
    cx_op_state_t st = {.kind = CX_OP_CONVOLUTION,
                        .loc = op->loc,
                        .num_operands = 2,
                        .operands = (cx_value_t*[]){xt, w},
                        .num_results = 1,
                        .result_types = &rt,
                        .num_attrs = op->num_attrs,
                        .attrs = attrs};
    s = cx_build(b, &st, &conv);
  }
  cx_free(ctx->allocator, attrs);
  cx_value_t* y = conv ? &conv->results[0] : NULL;
  perm_t back = inverse(&pout);
  if (!s && !is_identity(&back)) s = build_transpose(b, y, &back, &y);
  if (s) return s;
  cx_rw_replace_op(rw, op, &y);
  *applied = true;
  return NULL;
}

// ---------------------------------------------------------------------------
// Moving transposes toward their uses.

// The permutation of `v` if it is a transpose's result.
static bool transpose_of(cx_context_t* ctx, const cx_value_t* v, perm_t* out) {
  const cx_op_t* t = v->def_op;
  if (!t || t->kind != CX_OP_TRANSPOSE || !static_tensor(v->type)) return false;
  return cx_op_get_ints(ctx, t, CX_NAME_permutation, out->p, CX_MAX_RANK, &out->n) &&
         out->n == v->type->tensor.rank;
}

static bool moves_through(const cx_op_t* op);

// Whether every user of a transpose's result is an op of its block the
// patterns below move it through (or another transpose): only then does
// moving it leave no copy of it behind.
static bool users_take_it(const cx_value_t* v) {
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use) {
    const cx_op_t* o = u->owner;
    bool elementwise = cx_op_has_trait(o, CX_TRAIT_ELEMENTWISE) && o->num_regions == 0;
    if (o->block != v->def_op->block ||
        (!elementwise && o->kind != CX_OP_TRANSPOSE && o->kind != CX_OP_REDUCE &&
         !moves_through(o)))
      return false;
  }
  return true;
}

// How an operand of an elementwise op takes the layout before transpose p.
typedef enum { TAKE_SOURCE, TAKE_AS_IS, TAKE_SPLAT, TAKE_BROADCAST, TAKE_EXISTING } take_t;

static bool feeds_convolution(const cx_value_t* v) {
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use)
    if (u->owner->kind == CX_OP_CONVOLUTION) return true;
  return false;
}

// A convolution's input transpose of `v` by the inverse of p, computed
// before `op` in its block (`v` is also a residual): `v` in the layout
// before p at no new cost. Such a transpose never moves itself (a
// convolution reads it), so taking it cannot undo a move.
static cx_value_t* existing_transpose(cx_context_t* ctx, const cx_value_t* v, const perm_t* p,
                                      const cx_op_t* op) {
  perm_t want = inverse(p);
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use) {
    perm_t q;
    cx_op_t* t = u->owner;
    if (t->num_results == 1 && transpose_of(ctx, &t->results[0], &q) && same_perm(&q, &want) &&
        t->block == op->block && cx_op_is_before_in_block(t, op) &&
        feeds_convolution(&t->results[0]))
      return &t->results[0];
  }
  return NULL;
}

static bool operand_take(cx_context_t* ctx, const cx_value_t* v, const perm_t* p,
                         const cx_op_t* op, take_t* out) {
  perm_t q;
  if (transpose_of(ctx, v, &q) && same_perm(&q, p)) {
    *out = TAKE_SOURCE;
    // Not into a loop body or a branch: there it would run per iteration.
    return v->def_op->block == op->block && users_take_it(v);
  }
  if (existing_transpose(ctx, v, p, op)) {
    *out = TAKE_EXISTING;
    return true;
  }
  if (!static_tensor(v->type)) return false;
  if (v->type->tensor.rank == 0) {
    *out = TAKE_AS_IS;  // select's predicate, clamp's bounds
    return true;
  }
  const cx_attr_t* c = cx_value_constant_attr(v);
  if (c && c->kind == CX_ATTR_DENSE && cx_attr_splat_element(c, NULL)) {
    *out = TAKE_SPLAT;
    return true;
  }
  const cx_op_t* bc = v->def_op;
  if (!bc || bc->kind != CX_OP_BROADCAST_IN_DIM) return false;
  // The broadcast's dims in the other layout must still rise.
  int64_t dims[CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(ctx, bc, CX_NAME_broadcast_dimensions, dims, CX_MAX_RANK, &n)) return false;
  for (uint32_t k = 0; k < n; k++) {
    if (dims[k] < 0 || dims[k] >= (int64_t)p->n) return false;
    if (k > 0 && p->p[dims[k]] <= p->p[dims[k - 1]]) return false;
  }
  *out = TAKE_BROADCAST;
  return true;
}

static cx_status_t take_operand(cx_builder_t* b, cx_value_t* v, take_t how, const perm_t* p,
                                const cx_op_t* op, cx_value_t** out) {
  cx_module_t* m = b->module;
  cx_context_t* ctx = m->ctx;
  if (how == TAKE_SOURCE) {
    *out = cx_op_operand(v->def_op, 0);
    return NULL;
  }
  if (how == TAKE_EXISTING) {
    *out = existing_transpose(ctx, v, p, op);
    return NULL;
  }
  if (how == TAKE_AS_IS) {
    *out = v;
    return NULL;
  }
  const cx_type_t* t = unpermuted_type(ctx, v->type, p);
  if (!t) return CX_OOM();
  if (how == TAKE_SPLAT) {
    const void* elem;
    const cx_attr_t* splat;
    (void)cx_attr_splat_element(cx_value_constant_attr(v), &elem);
    CX_RETURN_IF_ERROR(cx_attr_splat_raw(m, t, elem, &splat));
    return cx_build_constant(b, splat, out);
  }
  int64_t dims[CX_MAX_RANK];
  uint32_t n;
  (void)cx_op_get_ints(ctx, v->def_op, CX_NAME_broadcast_dimensions, dims, CX_MAX_RANK, &n);
  for (uint32_t k = 0; k < n; k++) dims[k] = p->p[dims[k]];
  const cx_attr_t* a = cx_attr_i64_array(m, n, dims);
  if (!a) return CX_OOM();
  cx_named_attr_t attr = {ctx->names[CX_NAME_broadcast_dimensions], a};
  cx_value_t* src = cx_op_operand(v->def_op, 0);
  return cx_build_value(b, CX_OP_BROADCAST_IN_DIM, 1, &src, t, 1, &attr, out);
}

// f(transpose(x, p), broadcast(c), ...) -> transpose(f(x, broadcast'(c), ...), p);
// an operand y that is neither takes an earlier transpose(y, inverse(p)).
static cx_status_t sink_elementwise(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_context_t* ctx = rw->module->ctx;
  if (!cx_op_has_trait(op, CX_TRAIT_ELEMENTWISE) || !cx_op_is_pure(op) || op->num_results != 1 ||
      op->num_regions != 0 || op->num_operands > 3 || !static_tensor(op->results[0].type))
    return NULL;
  perm_t p = {0, {0}};
  for (uint32_t i = 0; i < op->num_operands && p.n == 0; i++)
    if (!transpose_of(ctx, cx_op_operand(op, i), &p)) p.n = 0;
  if (p.n == 0 || p.n != op->results[0].type->tensor.rank) return NULL;
  take_t how[3];
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!operand_take(ctx, cx_op_operand(op, i), &p, op, &how[i])) return NULL;

  cx_builder_t* b = cx_rw_builder(rw);
  cx_value_t* operands[3];
  for (uint32_t i = 0; i < op->num_operands; i++)
    CX_RETURN_IF_ERROR(take_operand(b, cx_op_operand(op, i), how[i], &p, op, &operands[i]));
  const cx_type_t* rt = unpermuted_type(ctx, op->results[0].type, &p);
  if (!rt) return CX_OOM();
  cx_op_state_t st = {.kind = op->kind,
                      .name = op->name,
                      .loc = op->loc,
                      .num_operands = op->num_operands,
                      .operands = operands,
                      .num_results = 1,
                      .result_types = &rt,
                      .num_attrs = op->num_attrs,
                      .attrs = op->attrs};
  cx_op_t* f;
  CX_RETURN_IF_ERROR(cx_build(b, &st, &f));
  cx_value_t* y;
  CX_RETURN_IF_ERROR(build_transpose(b, &f->results[0], &p, &y));
  cx_rw_replace_op(rw, op, &y);
  *applied = true;
  return NULL;
}

// The common permutation of an op's first `n` operands, each a transpose
// of the op's block whose users all take it.
static bool operands_transposed(cx_context_t* ctx, const cx_op_t* op, uint32_t n, perm_t* p) {
  if (n == 0 || n > op->num_operands) return false;
  for (uint32_t i = 0; i < n; i++) {
    perm_t q;
    cx_value_t* v = cx_op_operand(op, i);
    if (!transpose_of(ctx, v, &q) || v->def_op->block != op->block || !users_take_it(v) ||
        (i > 0 && !same_perm(&q, p)))
      return false;
    if (i == 0) *p = q;
  }
  return true;
}

// reduce(transpose(x, p), dims) -> reduce(x, p[dims]) when the dims kept
// stay in order (the result is then the same).
static cx_status_t sink_reduce(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_module_t* m = rw->module;
  perm_t p;
  int64_t dims[CX_MAX_RANK];
  uint32_t nd;
  if (op->num_operands % 2 != 0 || !operands_transposed(m->ctx, op, op->num_operands / 2, &p) ||
      !cx_op_get_ints(m->ctx, op, CX_NAME_dimensions, dims, CX_MAX_RANK, &nd))
    return NULL;
  bool reduced[CX_MAX_RANK] = {false};
  for (uint32_t k = 0; k < nd; k++) {
    if (dims[k] < 0 || dims[k] >= (int64_t)p.n) return NULL;
    reduced[dims[k]] = true;
  }
  int64_t last_kept = -1;
  bool source_reduced[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < p.n; i++) {
    if (reduced[i]) {
      source_reduced[p.p[i]] = true;
    } else {
      if (p.p[i] < last_kept) return NULL;
      last_kept = p.p[i];
    }
  }
  int64_t nd2[CX_MAX_RANK];
  uint32_t k = 0;
  for (uint32_t i = 0; i < p.n; i++)
    if (source_reduced[i]) nd2[k++] = i;
  const cx_attr_t* a = cx_attr_i64_array(m, k, nd2);
  if (!a) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_rw_set_attr(rw, op, cx_name(m->ctx, CX_NAME_dimensions), a));
  for (uint32_t i = 0; i < op->num_operands / 2; i++)
    cx_rw_set_operand(rw, op, i, cx_op_operand(cx_op_operand(op, i)->def_op, 0));
  *applied = true;
  return NULL;
}

// A per-dim attribute in the layout before transpose p: the values of dim i
// (`per_dim` of them: 2 for a padding matrix) go to dim p[i]. Absent stays
// absent.
static cx_status_t permute_dim_attr(cx_module_t* m, const cx_op_t* op, cx_name_id_t name,
                                    const perm_t* p, uint32_t per_dim, cx_named_attr_t* out) {
  const cx_attr_t* old = cx_op_attr(op, cx_name(m->ctx, name));
  out->name = cx_name(m->ctx, name);
  out->value = old;
  if (!old) return NULL;
  int64_t v[2 * CX_MAX_RANK], nv[2 * CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(m->ctx, op, name, v, 2 * CX_MAX_RANK, &n) || n != per_dim * p->n)
    return CX_ERROR(CX_INTERNAL, "'%s' of '%s' does not have %u values", out->name, op->name,
                    per_dim * p->n);
  for (uint32_t i = 0; i < p->n; i++)
    for (uint32_t j = 0; j < per_dim; j++) nv[per_dim * p->p[i] + j] = v[per_dim * i + j];
  if (per_dim == 1)
    out->value = cx_attr_i64_array(m, n, nv);
  else if (old->kind == CX_ATTR_DENSE)
    out->value = cx_attr_dense(&m->arena, old->type, nv, n * sizeof(int64_t), false, false);
  else
    out->value = cx_attr_i64_matrix(&m->arena, old->type, n, nv);
  return out->value ? NULL : CX_OOM();
}

// The data-movement ops a transpose moves through, and what of them depends
// on the layout: which operands carry the data (the others, scalars, stay)
// and which attributes hold a value (or two) per dim.
typedef struct mover {
  cx_op_kind_t kind;
  bool half_operands;       // data operands: the first half (else `data_operands`)
  uint32_t data_operands;   // 0: all
  cx_name_id_t per_dim[4];  // one value per dim (CX_NAME_COUNT ends the list)
  cx_name_id_t pairs;       // two values per dim, or CX_NAME_COUNT
  bool concat_dim;          // `dimension` names a dim
} mover_t;

static const mover_t kMovers[] = {
    {CX_OP_REDUCE_WINDOW, true, 0,
     {CX_NAME_window_dimensions, CX_NAME_window_strides, CX_NAME_base_dilations,
      CX_NAME_window_dilations},
     CX_NAME_padding, false},
    {CX_OP_PAD, false, 1,
     {CX_NAME_edge_padding_low, CX_NAME_edge_padding_high, CX_NAME_interior_padding, CX_NAME_COUNT},
     CX_NAME_COUNT, false},
    {CX_OP_SLICE, false, 1,
     {CX_NAME_start_indices, CX_NAME_limit_indices, CX_NAME_strides, CX_NAME_COUNT}, CX_NAME_COUNT,
     false},
    {CX_OP_CONCATENATE, false, 0, {CX_NAME_COUNT}, CX_NAME_COUNT, true},
};

static bool moves_through(const cx_op_t* op) {
  for (size_t i = 0; i < sizeof kMovers / sizeof kMovers[0]; i++)
    if (kMovers[i].kind == op->kind) return true;
  return false;
}

// op(transpose(x, p), ...) -> transpose(op'(x, ...), p) for reduce_window,
// pad, slice and concatenate, their per-dim attributes permuted (and the
// concatenated dim renamed); a reduce_window's body moves to op'.
static cx_status_t sink_data_movement(cx_rewriter_t* rw, cx_op_t* op, bool* applied) {
  cx_module_t* m = rw->module;
  const mover_t* mv = NULL;
  for (size_t i = 0; i < sizeof kMovers / sizeof kMovers[0]; i++)
    if (kMovers[i].kind == op->kind) mv = &kMovers[i];
  uint32_t nd = !mv ? 0
                : mv->half_operands ? op->num_operands / 2
                : mv->data_operands ? mv->data_operands
                                    : op->num_operands;
  perm_t p;
  if (!mv || (mv->half_operands && op->num_operands % 2 != 0) ||
      op->num_operands > 2 * CX_MAX_RANK || op->num_results > CX_MAX_RANK || op->num_attrs > 16 ||
      !operands_transposed(m->ctx, op, nd, &p))
    return NULL;
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!static_tensor(op->results[i].type) || op->results[i].type->tensor.rank != p.n)
      return NULL;

  cx_named_attr_t changed[6];
  uint32_t nc = 0;
  for (uint32_t i = 0; i < 4 && mv->per_dim[i] != CX_NAME_COUNT; i++)
    CX_RETURN_IF_ERROR(permute_dim_attr(m, op, mv->per_dim[i], &p, 1, &changed[nc++]));
  if (mv->pairs != CX_NAME_COUNT)
    CX_RETURN_IF_ERROR(permute_dim_attr(m, op, mv->pairs, &p, 2, &changed[nc++]));
  if (mv->concat_dim) {
    int64_t d;
    if (!cx_op_get_int(m->ctx, op, CX_NAME_dimension, &d) || d < 0 || d >= (int64_t)p.n)
      return NULL;
    changed[nc] = (cx_named_attr_t){cx_name(m->ctx, CX_NAME_dimension), cx_attr_i64(m, p.p[d])};
    if (!changed[nc++].value) return CX_OOM();
  }
  cx_named_attr_t attrs[16];
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    attrs[i] = op->attrs[i];
    for (uint32_t j = 0; j < nc; j++)
      if (attrs[i].name == changed[j].name) attrs[i].value = changed[j].value;
  }
  cx_value_t* operands[2 * CX_MAX_RANK];
  const cx_type_t* types[CX_MAX_RANK];
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    operands[i] = i < nd ? cx_op_operand(v->def_op, 0) : v;
  }
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!(types[i] = unpermuted_type(m->ctx, op->results[i].type, &p))) return CX_OOM();
  cx_builder_t* b = cx_rw_builder(rw);
  cx_op_state_t st = {.kind = op->kind,
                      .name = op->name,
                      .loc = op->loc,
                      .num_operands = op->num_operands,
                      .operands = operands,
                      .num_results = op->num_results,
                      .result_types = types,
                      .num_attrs = op->num_attrs,
                      .attrs = attrs,
                      .num_regions = op->num_regions,
                      .regions = op->num_regions ? op->regions : NULL};  // bodies move
  cx_op_t* moved;
  CX_RETURN_IF_ERROR(cx_build(b, &st, &moved));
  cx_value_t* results[CX_MAX_RANK];
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(build_transpose(b, &moved->results[i], &p, &results[i]));
  cx_rw_replace_op(rw, op, results);
  *applied = true;
  return NULL;
}

// ---------------------------------------------------------------------------
// The pass.

typedef struct find_conv {
  cx_context_t* ctx;
  bool found;
} find_conv_t;

static cx_walk_result_t find_conv_visit(cx_op_t* op, void* arg) {
  find_conv_t* f = arg;
  perm_t pin, pout;
  f->found = needs_channels_last(f->ctx, op, &pin, &pout);
  return f->found ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_status_t cx_pass_conv_layout(cx_module_t* m, cx_op_t* func) {
  // Transposes move only in functions with a convolution to make
  // channels-last: elsewhere they stay where the program put them (a
  // transpose next to a dot is folded into its strides).
  find_conv_t f = {m->ctx, false};
  cx_walk_op(func, CX_WALK_PRE_ORDER, find_conv_visit, &f);
  if (!f.found) return NULL;
  static const cx_pattern_t kPatterns[] = {
      {"conv_channels_last", CX_OP_CONVOLUTION, conv_channels_last, NULL},
      {"sink_transpose_reduce", CX_OP_REDUCE, sink_reduce, NULL},
      {"sink_transpose_data_movement", CX_PATTERN_ANY_OP, sink_data_movement, NULL},
      {"sink_transpose_elementwise", CX_PATTERN_ANY_OP, sink_elementwise, NULL},
  };
  cx_pattern_set_t set;
  cx_pattern_set_init(&set);
  // transpose(transpose(x)) -> x is what ends the transposes' journey.
  cx_status_t s = cx_canonicalize_add_patterns(&set);
  for (size_t i = 0; i < sizeof kPatterns / sizeof kPatterns[0] && !s; i++)
    s = cx_pattern_set_add(&set, &kPatterns[i]);
  if (!s) {
    // Every move takes a transpose one op further toward the uses, so the
    // sweeps end; a deep network needs a few.
    cx_rewrite_config_t cfg = {.max_iterations = 64};
    s = cx_rewrite_greedy(m, func, &set, &cfg, NULL);
  }
  cx_pattern_set_destroy(&set);
  return s;
}
