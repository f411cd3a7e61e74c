// Filling elided constants by their use (fill_elided.h).
//
// Published models often leave their weights out of the file
// (`dense_resource<__elided__>`). Uniform noise in place of every weight
// makes deep models overflow or produce NaNs: a batch-norm variance drawn
// from [-1, 1) under rsqrt is NaN half the time, and convolution kernels of
// the wrong scale grow activations geometrically over 50 layers. The role
// of each constant is read from its uses instead, and each role gets values
// a trained model would plausibly hold there:
//
//   - under sqrt/rsqrt/log or as a divisor, or as batch_norm's variance:
//     positive, [0.5, 1.5) (after adding an epsilon constant too);
//   - a convolution kernel or a dot operand against activations: uniform
//     with variance 1 / fan-in (LeCun's initialization), so each layer's
//     outputs keep the scale of its inputs;
//   - multiplying activations (batch_norm's scale, a gamma): [0.75, 1.25);
//   - added to or subtracted from activations (biases, means, betas):
//     [-0.1, 0.1).
//
// Values pass unchanged through reshape, broadcast, transpose, convert and
// calls, which are followed to the use that decides.
#include "ir/fill_elided.h"

#include <math.h>
#include <string.h>

#include "ir/walk.h"
#include "support/checked.h"
#include "support/scalar.h"

enum { kMaxDepth = 16 };

static bool is_transparent(cx_op_kind_t k) {
  return k == CX_OP_RESHAPE || k == CX_OP_BROADCAST_IN_DIM || k == CX_OP_BROADCAST ||
         k == CX_OP_TRANSPOSE || k == CX_OP_CONVERT || k == CX_OP_DYNAMIC_RESHAPE ||
         k == CX_OP_DYNAMIC_BROADCAST_IN_DIM;
}

// True if `v` is computed from constants only (an epsilon broadcast to a
// shape): adding it to a variance keeps the variance a variance.
static bool is_constant_like(const cx_value_t* v, int depth) {
  const cx_op_t* def = v->def_op;
  if (!def || depth > kMaxDepth) return false;
  if (def->kind == CX_OP_CONSTANT) return true;
  if (!is_transparent(def->kind) || def->num_operands < 1) return false;
  return is_constant_like(cx_op_operand(def, 0), depth + 1);
}

static int64_t dim_or_one(const cx_type_t* t, int64_t d) {
  if (!t || !cx_type_is_tensor(t) || d < 0 || d >= (int64_t)t->tensor.rank) return 1;
  int64_t n = t->tensor.dims[d];
  return n > 0 ? n : 1;
}

static int64_t conv_fan_in(const cx_module_t* m, const cx_op_t* op) {
  const cx_attr_t* dn = cx_op_attr(op, m->ctx->names[CX_NAME_dimension_numbers]);
  if (!dn || dn->kind != CX_ATTR_CONV || op->num_operands < 2) return 1;
  const cx_type_t* k = cx_op_operand(op, 1)->type;
  int64_t fan = dim_or_one(k, dn->conv.kernel_input_feature_dim);
  for (uint32_t i = 0; i < dn->conv.kernel_spatial_dims.len; i++)
    fan *= dim_or_one(k, dn->conv.kernel_spatial_dims.data[i]);
  return fan;
}

static int64_t dot_fan_in(const cx_module_t* m, const cx_op_t* op, uint32_t operand) {
  const cx_type_t* t = cx_op_operand(op, operand)->type;
  if (op->kind == CX_OP_DOT) {
    // lhs [.., k] x rhs [k, ..]
    if (!t || !cx_type_is_tensor(t) || !t->tensor.rank) return 1;
    return dim_or_one(t, operand == 0 ? (int64_t)t->tensor.rank - 1 : 0);
  }
  const cx_attr_t* dn = cx_op_attr(op, m->ctx->names[CX_NAME_dot_dimension_numbers]);
  if (!dn || dn->kind != CX_ATTR_DOT) return 1;
  cx_i64_list_t c = operand == 0 ? dn->dot.lhs_contracting_dims : dn->dot.rhs_contracting_dims;
  int64_t fan = 1;
  for (uint32_t i = 0; i < c.len; i++) fan *= dim_or_one(t, c.data[i]);
  return fan;
}

static cx_elided_role_t role_of(const cx_module_t* m, const cx_value_t* v, int depth,
                                int64_t* fan_in);

// The role the use `u` (operand `idx` of its owner) gives the value.
static cx_elided_role_t role_of_use(const cx_module_t* m, const cx_operand_t* u, int depth,
                                    int64_t* fan_in) {
  const cx_op_t* op = u->owner;
  uint32_t idx = (uint32_t)(u - op->operands);
  cx_op_kind_t k = op->kind;
  if (is_transparent(k)) return idx == 0 ? role_of(m, &op->results[0], depth + 1, fan_in)
                                         : CX_ELIDED_DEFAULT;
  switch (k) {
    case CX_OP_RSQRT:
    case CX_OP_SQRT:
    case CX_OP_LOG:
      return CX_ELIDED_POSITIVE;
    case CX_OP_DIVIDE:
      return idx == 1 ? CX_ELIDED_POSITIVE : CX_ELIDED_SCALE;
    case CX_OP_BATCH_NORM_INFERENCE:
    case CX_OP_BATCH_NORM_TRAINING:
    case CX_OP_BATCH_NORM_GRAD:
      // (operand, scale, offset, mean, variance) for inference.
      if (idx == 1) return CX_ELIDED_SCALE;
      if (k == CX_OP_BATCH_NORM_INFERENCE && idx == 4) return CX_ELIDED_POSITIVE;
      if (k == CX_OP_BATCH_NORM_GRAD && idx == 3) return CX_ELIDED_POSITIVE;
      return CX_ELIDED_OFFSET;
    case CX_OP_CONVOLUTION:
      if (idx != 1) return CX_ELIDED_DEFAULT;
      *fan_in = conv_fan_in(m, op);
      return CX_ELIDED_WEIGHT;
    case CX_OP_DOT_GENERAL:
    case CX_OP_DOT:
      *fan_in = dot_fan_in(m, op, idx);
      return CX_ELIDED_WEIGHT;
    case CX_OP_MULTIPLY:
      return CX_ELIDED_SCALE;
    case CX_OP_ADD: {
      // var + epsilon: the sum's use decides; x + b is a bias.
      const cx_value_t* other = cx_op_operand(op, idx == 0 ? 1 : 0);
      if (other && is_constant_like(other, 0)) {
        cx_elided_role_t r = role_of(m, &op->results[0], depth + 1, fan_in);
        if (r == CX_ELIDED_POSITIVE) return r;
      }
      return CX_ELIDED_OFFSET;
    }
    case CX_OP_SUBTRACT:
      return CX_ELIDED_OFFSET;
    case CX_OP_FUNC_CALL: {
      const cx_attr_t* callee = cx_op_attr(op, m->ctx->names[CX_NAME_callee]);
      const cx_op_t* f = callee && callee->kind == CX_ATTR_SYMBOL_REF
                             ? cx_module_lookup_func(m, callee->str.data)
                             : NULL;
      cx_block_t* body = f ? cx_func_body(f) : NULL;
      if (!body || idx >= body->num_args) return CX_ELIDED_DEFAULT;
      return role_of(m, body->args[idx], depth + 1, fan_in);
    }
    default:
      return CX_ELIDED_DEFAULT;
  }
}

// The most telling role over all uses: positivity matters most (a wrong
// sign is a NaN), then a weight's scale, then scale over offset.
static cx_elided_role_t role_of(const cx_module_t* m, const cx_value_t* v, int depth,
                                int64_t* fan_in) {
  if (depth > kMaxDepth) return CX_ELIDED_DEFAULT;
  static const int kRank[] = {[CX_ELIDED_DEFAULT] = 0, [CX_ELIDED_OFFSET] = 1,
                              [CX_ELIDED_SCALE] = 2, [CX_ELIDED_WEIGHT] = 3,
                              [CX_ELIDED_POSITIVE] = 4};
  cx_elided_role_t best = CX_ELIDED_DEFAULT;
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use) {
    int64_t fan = 1;
    cx_elided_role_t r = role_of_use(m, u, depth, &fan);
    if (kRank[r] > kRank[best]) {
      best = r;
      if (r == CX_ELIDED_WEIGHT) *fan_in = fan;
    }
  }
  return best;
}

cx_elided_role_t cx_elided_role(const cx_module_t* module, const cx_value_t* v,
                                int64_t* out_fan_in) {
  *out_fan_in = 1;
  return role_of(module, v, 0, out_fan_in);
}

// ---- values ------------------------------------------------------------------

static uint64_t splitmix(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static cx_status_t fill(cx_module_t* m, cx_resource_t* blob, const cx_type_t* t,
                        cx_elided_role_t role, int64_t fan_in, uint64_t seed) {
  cx_elem_t e = cx_tensor_elem(t);
  size_t esize = cx_elem_storage_size(e);
  int64_t n = cx_tensor_num_elements(t);
  size_t bytes;
  if (n < 0 || !esize || !cx_mul_size((size_t)n, esize, &bytes))
    return CX_ERROR(CX_INVALID_ARGUMENT, "dense_resource<%s>: cannot fill a constant of this type",
                    blob->name);
  uint8_t* data = cx_module_payload_alloc(m, bytes ? bytes : 1);
  if (!data) return CX_OOM();
  double lo = -0.1, hi = 0.1;
  if (role == CX_ELIDED_POSITIVE) lo = 0.5, hi = 1.5;
  if (role == CX_ELIDED_SCALE) lo = 0.75, hi = 1.25;
  if (role == CX_ELIDED_WEIGHT) {
    double a = sqrt(3.0 / (double)(fan_in > 0 ? fan_in : 1));
    lo = -a, hi = a;
  }
  uint64_t state = seed;
  for (int64_t i = 0; i < n; i++) {
    uint64_t x = splitmix(&state);
    double u = (double)(x >> 11) / 9007199254740992.0;  // [0, 1)
    double v = lo + (hi - lo) * u;
    uint8_t* dst = data + (size_t)i * esize;
    if (cx_elem_is_complex(e)) {
      cx_complex_t c = {v, 0};
      cx_store_complex(e, dst, c);
    } else if (cx_elem_is_float(e)) {
      cx_store_float(e, dst, v);
    } else if (e == CX_ELEM_I1) {
      cx_store_int(e, dst, (int64_t)(x & 1));
    } else {
      cx_store_int(e, dst, (int64_t)(x & 15));
    }
  }
  blob->data = data;
  blob->nbytes = bytes;
  return NULL;
}

typedef struct fill_state {
  cx_module_t* module;
  uint64_t index;
  cx_status_t status;
} fill_state_t;

static bool needs_data(const cx_attr_t* a) {
  return a->kind == CX_ATTR_DENSE_RESOURCE && a->resource.blob && !a->resource.blob->data &&
         a->type && cx_type_is_tensor(a->type);
}

static cx_walk_result_t fill_op(cx_op_t* op, void* arg) {
  fill_state_t* s = arg;
  for (uint32_t i = 0; i < op->num_attrs && !s->status; i++) {
    const cx_attr_t* a = op->attrs[i].value;
    if (!needs_data(a)) continue;
    int64_t fan_in = 1;
    cx_elided_role_t role = CX_ELIDED_DEFAULT;
    if (op->kind == CX_OP_CONSTANT && op->num_results == 1)
      role = cx_elided_role(s->module, &op->results[0], &fan_in);
    // The stand-in blob is the parser's own, one per use: writable.
    s->status = fill(s->module, (cx_resource_t*)a->resource.blob, a->type, role, fan_in,
                     0x5eedull + 0x100000001b3ull * ++s->index);
  }
  return s->status ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_status_t cx_module_fill_elided(cx_module_t* module) {
  fill_state_t s = {module, 0, NULL};
  cx_walk_module(module, CX_WALK_PRE_ORDER, fill_op, &s);
  return s.status;
}
