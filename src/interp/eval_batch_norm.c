// Batch normalization: batch_norm_training, batch_norm_inference and
// batch_norm_grad, by the spec's formulas (which follow XLA's
// batchnorm_expander). Statistics and results are computed in double and
// rounded once to the element type; quantized operands go through the spec's
// dequantize-op-quantize.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "interp/quant.h"

typedef struct bn_attrs {
  double epsilon;
  int64_t feature_index;
} bn_attrs_t;

// Verified (infer_batch_norm.c): a float epsilon and an integer
// feature_index below the operand's rank.
static void read_attrs(cx_eval_t* ev, const cx_op_t* op, bn_attrs_t* a) {
  a->epsilon = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_epsilon])->fp;
  a->feature_index = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_feature_index])->integer;
}

// Per-feature layout of the operand: element i belongs to feature
// (i / inner) % features.
typedef struct layout {
  int64_t features, inner, count;  // count = elements per feature
} layout_t;

static cx_status_t check_inputs(const cx_op_t* op, cx_tensor_t* const* args, uint32_t n,
                                const bool* per_feature, int64_t fi, layout_t* l) {
  // Verified: float tensors of the ranks the op needs. Dynamic dims are
  // compared now.
  const cx_tensor_t* x = args[0];
  l->features = x->dims[fi];
  l->inner = 1;
  for (uint32_t d = (uint32_t)fi + 1; d < x->rank; d++) l->inner *= x->dims[d];
  l->count = l->features ? x->num_elements / l->features : 0;
  for (uint32_t i = 1; i < n; i++) {
    if (per_feature[i]) {
      if (args[i]->dims[0] != l->features)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand %u must have %lld elements", i,
                             (long long)l->features);
    } else {
      if (memcmp(args[i]->dims, x->dims, x->rank * sizeof(int64_t)))
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand %u must have the operand's shape", i);
    }
  }
  return NULL;
}

static inline int64_t feat(const layout_t* l, int64_t i) { return (i / l->inner) % l->features; }

static double ld(const cx_tensor_t* t, int64_t i) { return cx_load_float(t->elem, cx_tensor_at(t, i)); }

// Per-feature means and (biased) variances of x.
static cx_status_t feature_stats(const cx_tensor_t* x, const layout_t* l, double** mean,
                                 double** var) {
  size_t nf = l->features ? (size_t)l->features : 1;
  *mean = cx_calloc(x->allocator, nf, sizeof(double));
  *var = cx_calloc(x->allocator, nf, sizeof(double));
  if (!*mean || !*var) return CX_OOM();
  for (int64_t i = 0; i < x->num_elements; i++) (*mean)[feat(l, i)] += ld(x, i);
  for (int64_t f = 0; f < l->features; f++) (*mean)[f] /= (double)l->count;
  for (int64_t i = 0; i < x->num_elements; i++) {
    double c = ld(x, i) - (*mean)[feat(l, i)];
    (*var)[feat(l, i)] += c * c;
  }
  for (int64_t f = 0; f < l->features; f++) (*var)[f] /= (double)l->count;
  return NULL;
}

static cx_status_t bn_float(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            const cx_type_t* const* relems, cx_tensor_t** results, void* ud) {
  (void)ev;
  const bn_attrs_t* a = ud;
  const cx_tensor_t* x = args[0];
  layout_t l;
  cx_status_t st = NULL;
  double* mean = NULL;
  double* var = NULL;
  double* s1 = NULL;
  double* s2 = NULL;
  switch (op->kind) {
    case CX_OP_BATCH_NORM_TRAINING: {
      static const bool pf_in[3] = {false, true, true};
      CX_RETURN_IF_ERROR(check_inputs(op, args, 3, pf_in, a->feature_index, &l));
      int64_t fdim = l.features;
      st = cx_tensor_create(ev->allocator, relems[0], x->rank, x->dims, &results[0]);
      if (!st) st = cx_tensor_create(ev->allocator, relems[1], 1, &fdim, &results[1]);
      if (!st) st = cx_tensor_create(ev->allocator, relems[2], 1, &fdim, &results[2]);
      if (!st) st = feature_stats(x, &l, &mean, &var);
      if (st) break;
      for (int64_t i = 0; i < x->num_elements; i++) {
        int64_t f = feat(&l, i);
        double y = ld(args[1], f) * (ld(x, i) - mean[f]) / sqrt(var[f] + a->epsilon) + ld(args[2], f);
        cx_store_float(results[0]->elem, cx_tensor_at(results[0], i), y);
      }
      for (int64_t f = 0; f < l.features; f++) {
        cx_store_float(results[1]->elem, cx_tensor_at(results[1], f), mean[f]);
        cx_store_float(results[2]->elem, cx_tensor_at(results[2], f), var[f]);
      }
      break;
    }
    case CX_OP_BATCH_NORM_INFERENCE: {
      static const bool pf_in[5] = {false, true, true, true, true};
      CX_RETURN_IF_ERROR(check_inputs(op, args, 5, pf_in, a->feature_index, &l));
      st = cx_tensor_create(ev->allocator, relems[0], x->rank, x->dims, &results[0]);
      if (st) break;
      for (int64_t i = 0; i < x->num_elements; i++) {
        int64_t f = feat(&l, i);
        double y = ld(args[1], f) * (ld(x, i) - ld(args[3], f)) / sqrt(ld(args[4], f) + a->epsilon) +
                   ld(args[2], f);
        cx_store_float(results[0]->elem, cx_tensor_at(results[0], i), y);
      }
      break;
    }
    case CX_OP_BATCH_NORM_GRAD: {
      // operand, scale, mean, variance, grad_output.
      static const bool pf_in[5] = {false, true, true, true, false};
      CX_RETURN_IF_ERROR(check_inputs(op, args, 5, pf_in, a->feature_index, &l));
      const cx_tensor_t* go = args[4];
      int64_t fdim = l.features;
      st = cx_tensor_create(ev->allocator, relems[0], x->rank, x->dims, &results[0]);
      if (!st) st = cx_tensor_create(ev->allocator, relems[1], 1, &fdim, &results[1]);
      if (!st) st = cx_tensor_create(ev->allocator, relems[2], 1, &fdim, &results[2]);
      if (st) break;
      size_t nf = l.features ? (size_t)l.features : 1;
      s1 = cx_calloc(ev->allocator, nf, sizeof(double));  // sum(grad_output)
      s2 = cx_calloc(ev->allocator, nf, sizeof(double));  // sum(grad_output * centered)
      if (!s1 || !s2) {
        st = CX_OOM();
        break;
      }
      for (int64_t i = 0; i < x->num_elements; i++) {
        int64_t f = feat(&l, i);
        double g = ld(go, i);
        s1[f] += g;
        s2[f] += g * (ld(x, i) - ld(args[2], f));
      }
      double n = (double)l.count;
      for (int64_t i = 0; i < x->num_elements; i++) {
        int64_t f = feat(&l, i);
        double ve = ld(args[3], f) + a->epsilon;
        double stddev = sqrt(ve);
        double c = ld(x, i) - ld(args[2], f);
        double i6 = ld(go, i) * n - s1[f] - s2[f] * c / ve;
        double gx = ld(args[1], f) / stddev / n * i6;
        cx_store_float(results[0]->elem, cx_tensor_at(results[0], i), gx);
      }
      for (int64_t f = 0; f < l.features; f++) {
        double stddev = sqrt(ld(args[3], f) + a->epsilon);
        // grad_scale = sum(grad_output * centered / stddev).
        cx_store_float(results[1]->elem, cx_tensor_at(results[1], f), s2[f] / stddev);
        cx_store_float(results[2]->elem, cx_tensor_at(results[2], f), s1[f]);
      }
      break;
    }
    default:
      return cx_eval_error(op, CX_INTERNAL, "is not a batch norm op");
  }
  cx_free(ev->allocator, mean);
  cx_free(ev->allocator, var);
  cx_free(ev->allocator, s1);
  cx_free(ev->allocator, s2);
  if (st) {
    for (uint32_t i = 0; i < op->num_results; i++) {
      cx_tensor_release(results[i]);
      results[i] = NULL;
    }
  }
  return st;
}

cx_status_t cx_eval_family_BATCH_NORM(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                      cx_tensor_t** results) {
  bn_attrs_t a;
  read_attrs(ev, op, &a);
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, bn_float, &a);
  const cx_type_t* relems[3];
  for (uint32_t i = 0; i < op->num_results; i++) relems[i] = op->results[i].type->tensor.element;
  return bn_float(ev, op, args, relems, results, &a);
}
