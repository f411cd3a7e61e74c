// decompose_batch_norm.c: batch_norm_inference, batch_norm_training and
// batch_norm_grad become broadcasts, elementwise ops and reductions, as
// XLA's batchnorm expander and StableHLO's spec define them, so the code
// generator never meets them (the elementwise parts fuse into loop kernels).
//
// Training and grad compute in f64 whatever the element type, and each
// result is converted back once: the interpreter (src/interp/eval_batch_norm.c)
// computes in double and rounds once, and f32 statistics summed in f32 over
// many elements would drift from it. Inference has no sums: it computes in
// the element type (f32 for narrower floats), as XLA does, which keeps an
// f32 convolution's batch norm a candidate for the convolution's epilogue
// (compiler/epilogue.c: (x - mean) * factor + offset on [C] vectors). Quantized operands are dequantized
// first and results quantized last (the spec's dequantize-op-quantize).
//
// With X the operand, F its feature dimension, n the elements per feature,
// S scale, O offset, M mean, V variance, e epsilon, G grad_output, and
// per-feature vectors broadcast along F:
//
//   inference:  Y = (X - M) * (S / sqrt(V + e)) + O
//   training:   M = sum(X) / n;  C = X - M;  V = sum(C * C) / n
//               Y = C * (S / sqrt(V + e)) + O;  results Y, M, V
//   grad:       C = X - M;  s1 = sum(G);  s2 = sum(G * C);  v = V + e
//               dX = (S / sqrt(v) / n) * (G * n - s1 - C * (s2 / v))
//               dS = s2 / sqrt(v);  dO = s1
//
// (sums over every dimension but F). Per-feature factors are formed once on
// the [F] vectors, so the per-element work is a few adds and multiplies.
// Shapes must be static (the pipeline runs this after shape refinement).
#include <string.h>

#include "ir/builder.h"
#include "ir/walk.h"
#include "passes/passes.h"

static bool is_batch_norm(cx_op_kind_t k) {
  return k == CX_OP_BATCH_NORM_INFERENCE || k == CX_OP_BATCH_NORM_TRAINING ||
         k == CX_OP_BATCH_NORM_GRAD;
}

static cx_status_t bn_error(const cx_op_t* op, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(CX_ERROR(CX_UNIMPLEMENTED, "'%s' op %s", op->name, what), loc);
}

typedef struct bn_builder {
  cx_module_t* m;
  cx_context_t* ctx;
  cx_builder_t b;
  const cx_type_t* calc;      // the element type computed in (f64, or f32 for inference)
  const cx_type_t* full;      // calc tensor of the operand's shape
  const cx_type_t* feature;   // calc tensor<F>
  int64_t feature_index;
  uint32_t rank;
  double count;               // elements per feature (n)
} bn_builder_t;

static cx_status_t binary(bn_builder_t* s, cx_op_kind_t kind, cx_value_t* x, cx_value_t* y,
                          cx_value_t** out) {
  cx_value_t* xy[2] = {x, y};
  return cx_build_value(&s->b, kind, 2, xy, x->type, 0, NULL, out);
}

static cx_status_t unary(bn_builder_t* s, cx_op_kind_t kind, cx_value_t* x, cx_value_t** out) {
  return cx_build_value(&s->b, kind, 1, &x, x->type, 0, NULL, out);
}

// `v` as calc values of the same shape: dequantized first if quantized.
static cx_status_t to_calc(bn_builder_t* s, cx_value_t* v, cx_value_t** out) {
  const cx_type_t* t = v->type;
  if (cx_tensor_is_quantized(t)) {
    const cx_type_t* et = cx_tensor_with_element(s->ctx, t, cx_type_expressed(cx_tensor_element(t)));
    if (!et) return CX_OOM();
    cx_value_t* dq;
    CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_UNIFORM_DEQUANTIZE, 1, &v, et, 0, NULL, &dq));
    v = dq;
    t = et;
  }
  if (cx_tensor_element(t) == s->calc) {
    *out = v;
    return NULL;
  }
  const cx_type_t* ft = cx_tensor_with_element(s->ctx, t, s->calc);
  if (!ft) return CX_OOM();
  return cx_build_value(&s->b, CX_OP_CONVERT, 1, &v, ft, 0, NULL, out);
}

// calc `v` rounded once to the result type `t` (quantized last if it is).
static cx_status_t from_calc(bn_builder_t* s, cx_value_t* v, const cx_type_t* t, cx_value_t** out) {
  const cx_type_t* ft = t;
  if (cx_tensor_is_quantized(t)) {
    ft = cx_tensor_with_element(s->ctx, t, cx_type_expressed(cx_tensor_element(t)));
    if (!ft) return CX_OOM();
  }
  if (cx_tensor_element(ft) != s->calc) {
    cx_value_t* rounded;
    CX_RETURN_IF_ERROR(cx_build_value(&s->b, CX_OP_CONVERT, 1, &v, ft, 0, NULL, &rounded));
    v = rounded;
  }
  if (ft != t) return cx_build_value(&s->b, CX_OP_UNIFORM_QUANTIZE, 1, &v, t, 0, NULL, out);
  *out = v;
  return NULL;
}

// A per-feature vector broadcast along the feature dimension.
static cx_status_t per_element(bn_builder_t* s, cx_value_t* vec, cx_value_t** out) {
  const cx_attr_t* dims = cx_attr_i64_array(s->m, 1, &s->feature_index);
  if (!dims) return CX_OOM();
  cx_named_attr_t attr = {cx_name(s->ctx, CX_NAME_broadcast_dimensions), dims};
  return cx_build_value(&s->b, CX_OP_BROADCAST_IN_DIM, 1, &vec, s->full, 1, &attr, out);
}

// A per-feature constant (a splat of `value`).
static cx_status_t feature_constant(bn_builder_t* s, double value, cx_value_t** out) {
  return cx_build_splat_constant(&s->b, s->feature, value, out);
}

// The sum of `x` (operand-shaped) over every dimension but the feature
// dimension: a vector [F].
static cx_status_t feature_sum(bn_builder_t* s, cx_value_t* x, cx_value_t** out) {
  int64_t dims[CX_MAX_RANK];
  uint32_t nd = 0;
  for (uint32_t d = 0; d < s->rank; d++)
    if ((int64_t)d != s->feature_index) dims[nd++] = d;
  if (nd == 0) {  // only the feature dimension: each sum is its one element
    *out = x;
    return NULL;
  }
  const cx_type_t* scalar = cx_type_tensor(s->ctx, s->calc, 0, NULL, NULL);
  if (!scalar) return CX_OOM();
  // The body: %a + %b on scalars.
  cx_region_t region = {0};
  cx_block_t* body = cx_block_create(s->m);
  if (!body) return CX_OOM();
  cx_region_append_block(&region, body);
  cx_value_t* a = cx_block_add_arg(s->m, body, scalar);
  cx_value_t* b = cx_block_add_arg(s->m, body, scalar);
  if (!a || !b) return CX_OOM();
  cx_builder_t inner;
  cx_builder_init(&inner, s->m);
  cx_builder_set_at_end(&inner, body);
  inner.loc = s->b.loc;
  cx_value_t* ab[2] = {a, b};
  cx_value_t* sum;
  CX_RETURN_IF_ERROR(cx_build_value(&inner, CX_OP_ADD, 2, ab, scalar, 0, NULL, &sum));
  cx_op_state_t ret = {.kind = CX_OP_RETURN, .num_operands = 1, .operands = &sum};
  cx_op_t* ret_op;
  CX_RETURN_IF_ERROR(cx_build(&inner, &ret, &ret_op));
  cx_value_t* zero;
  CX_RETURN_IF_ERROR(cx_build_splat_constant(&s->b, scalar, 0.0, &zero));
  const cx_attr_t* dims_attr = cx_attr_i64_array(s->m, nd, dims);
  if (!dims_attr) return CX_OOM();
  cx_named_attr_t attr = {cx_name(s->ctx, CX_NAME_dimensions), dims_attr};
  cx_value_t* operands[2] = {x, zero};
  cx_op_state_t st = {.kind = CX_OP_REDUCE, .loc = s->b.loc, .num_operands = 2,
                      .operands = operands, .num_results = 1, .result_types = &s->feature,
                      .num_attrs = 1, .attrs = &attr, .num_regions = 1, .regions = &region};
  cx_op_t* reduce;
  CX_RETURN_IF_ERROR(cx_build(&s->b, &st, &reduce));
  *out = cx_op_result(reduce, 0);
  return NULL;
}

// S / sqrt(V + e) on [F] vectors: the per-feature factor of the normalized
// value.
static cx_status_t inv_stddev_times(bn_builder_t* s, cx_value_t* scale, cx_value_t* var,
                                    double epsilon, cx_value_t** out) {
  cx_value_t *e, *ve, *sd;
  CX_RETURN_IF_ERROR(feature_constant(s, epsilon, &e));
  CX_RETURN_IF_ERROR(binary(s, CX_OP_ADD, var, e, &ve));
  CX_RETURN_IF_ERROR(unary(s, CX_OP_SQRT, ve, &sd));
  return binary(s, CX_OP_DIVIDE, scale, sd, out);
}

// Y = C * bcast(factor) + bcast(offset), C already centered.
static cx_status_t normalize(bn_builder_t* s, cx_value_t* centered, cx_value_t* factor,
                             cx_value_t* offset, cx_value_t** out) {
  cx_value_t *fb, *ob, *scaled;
  CX_RETURN_IF_ERROR(per_element(s, factor, &fb));
  CX_RETURN_IF_ERROR(per_element(s, offset, &ob));
  CX_RETURN_IF_ERROR(binary(s, CX_OP_MULTIPLY, centered, fb, &scaled));
  return binary(s, CX_OP_ADD, scaled, ob, out);
}

static cx_status_t decompose(cx_module_t* m, cx_op_t* op) {
  cx_context_t* ctx = m->ctx;
  const cx_type_t* xt = cx_op_operand(op, 0)->type;
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!cx_type_is_tensor(cx_op_operand(op, i)->type) ||
        !cx_tensor_has_static_shape(cx_op_operand(op, i)->type))
      return bn_error(op, "needs static shapes to be compiled");
  for (uint32_t i = 0; i < op->num_results; i++)
    if (!cx_tensor_has_static_shape(cx_op_result(op, i)->type))
      return bn_error(op, "needs static shapes to be compiled");
  const cx_attr_t* eps_attr = cx_op_attr(op, cx_name(ctx, CX_NAME_epsilon));
  const cx_attr_t* fi_attr = cx_op_attr(op, cx_name(ctx, CX_NAME_feature_index));
  // Verified (infer_batch_norm.c): a float epsilon, a feature index below
  // the rank.
  if (!eps_attr || eps_attr->kind != CX_ATTR_FLOAT || !fi_attr || fi_attr->kind != CX_ATTR_INTEGER ||
      fi_attr->integer < 0 || fi_attr->integer >= (int64_t)xt->tensor.rank)
    return bn_error(op, "has malformed epsilon or feature_index attributes");
  bn_builder_t s = {.m = m, .ctx = ctx};
  // The operand's float type (the expressed type if quantized).
  cx_elem_t elem = cx_type_elem(cx_type_expressed(cx_tensor_element(xt)));
  bool narrow = op->kind == CX_OP_BATCH_NORM_INFERENCE && elem != CX_ELEM_F64;
  s.calc = cx_type_element(ctx, narrow ? CX_ELEM_F32 : CX_ELEM_F64);
  s.rank = xt->tensor.rank;
  s.feature_index = fi_attr->integer;
  int64_t features = xt->tensor.dims[s.feature_index];
  s.full = s.calc ? cx_tensor_with_element(ctx, xt, s.calc) : NULL;
  s.feature = s.calc ? cx_type_tensor(ctx, s.calc, 1, &features, NULL) : NULL;
  if (!s.full || !s.feature) return CX_OOM();
  int64_t total = cx_tensor_num_elements(xt);
  s.count = features ? (double)(total / features) : 0.0;
  double epsilon = eps_attr->fp;
  cx_builder_init(&s.b, m);
  cx_builder_set_before(&s.b, op);
  s.b.loc = op->loc;

  cx_value_t* in[5];
  for (uint32_t i = 0; i < op->num_operands && i < 5; i++)
    CX_RETURN_IF_ERROR(to_calc(&s, cx_op_operand(op, i), &in[i]));
  cx_value_t* out[3] = {NULL, NULL, NULL};
  switch (op->kind) {
    case CX_OP_BATCH_NORM_INFERENCE: {  // operand, scale, offset, mean, variance
      cx_value_t *factor, *mb, *centered;
      CX_RETURN_IF_ERROR(inv_stddev_times(&s, in[1], in[4], epsilon, &factor));
      CX_RETURN_IF_ERROR(per_element(&s, in[3], &mb));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_SUBTRACT, in[0], mb, &centered));
      CX_RETURN_IF_ERROR(normalize(&s, centered, factor, in[2], &out[0]));
      break;
    }
    case CX_OP_BATCH_NORM_TRAINING: {  // operand, scale, offset
      cx_value_t *n, *sum, *mean, *mb, *centered, *sq, *sqsum, *var, *factor;
      CX_RETURN_IF_ERROR(feature_constant(&s, s.count, &n));
      CX_RETURN_IF_ERROR(feature_sum(&s, in[0], &sum));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_DIVIDE, sum, n, &mean));
      CX_RETURN_IF_ERROR(per_element(&s, mean, &mb));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_SUBTRACT, in[0], mb, &centered));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_MULTIPLY, centered, centered, &sq));
      CX_RETURN_IF_ERROR(feature_sum(&s, sq, &sqsum));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_DIVIDE, sqsum, n, &var));
      CX_RETURN_IF_ERROR(inv_stddev_times(&s, in[1], var, epsilon, &factor));
      CX_RETURN_IF_ERROR(normalize(&s, centered, factor, in[2], &out[0]));
      out[1] = mean;
      out[2] = var;
      break;
    }
    case CX_OP_BATCH_NORM_GRAD: {  // operand, scale, mean, variance, grad_output
      cx_value_t *n, *mb, *centered, *s1, *gc, *s2, *e, *ve, *sd;
      CX_RETURN_IF_ERROR(feature_constant(&s, s.count, &n));
      CX_RETURN_IF_ERROR(per_element(&s, in[2], &mb));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_SUBTRACT, in[0], mb, &centered));
      CX_RETURN_IF_ERROR(feature_sum(&s, in[4], &s1));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_MULTIPLY, in[4], centered, &gc));
      CX_RETURN_IF_ERROR(feature_sum(&s, gc, &s2));
      CX_RETURN_IF_ERROR(feature_constant(&s, epsilon, &e));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_ADD, in[3], e, &ve));
      CX_RETURN_IF_ERROR(unary(&s, CX_OP_SQRT, ve, &sd));
      // dX = (S / sd / n) * (G * n - s1 - C * (s2 / v)).
      cx_value_t *k, *kn, *s2v, *nb, *s1b, *s2vb, *gn, *t1, *cs, *t2, *kb;
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_DIVIDE, in[1], sd, &k));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_DIVIDE, k, n, &kn));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_DIVIDE, s2, ve, &s2v));
      CX_RETURN_IF_ERROR(per_element(&s, n, &nb));
      CX_RETURN_IF_ERROR(per_element(&s, s1, &s1b));
      CX_RETURN_IF_ERROR(per_element(&s, s2v, &s2vb));
      CX_RETURN_IF_ERROR(per_element(&s, kn, &kb));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_MULTIPLY, in[4], nb, &gn));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_SUBTRACT, gn, s1b, &t1));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_MULTIPLY, centered, s2vb, &cs));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_SUBTRACT, t1, cs, &t2));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_MULTIPLY, kb, t2, &out[0]));
      CX_RETURN_IF_ERROR(binary(&s, CX_OP_DIVIDE, s2, sd, &out[1]));
      out[2] = s1;
      break;
    }
    default:
      return bn_error(op, "is not a batch norm op");
  }
  for (uint32_t i = 0; i < op->num_results; i++) {
    cx_value_t* r;
    CX_RETURN_IF_ERROR(from_calc(&s, out[i], cx_op_result(op, i)->type, &r));
    cx_value_replace_all_uses(cx_op_result(op, i), r);
  }
  cx_op_erase(op);
  return NULL;
}

typedef struct bn_walk {
  cx_module_t* m;
  cx_status_t status;
} bn_walk_t;

static cx_walk_result_t visit(cx_op_t* op, void* arg) {
  bn_walk_t* w = arg;
  if (!is_batch_norm(op->kind)) return CX_WALK_ADVANCE;
  w->status = decompose(w->m, op);
  return w->status ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_status_t cx_pass_decompose_batch_norm(cx_module_t* module, cx_op_t* func) {
  // Post-order, which allows erasing the visited op.
  bn_walk_t w = {module, NULL};
  cx_walk_op(func, CX_WALK_POST_ORDER, visit, &w);
  return w.status;
}
