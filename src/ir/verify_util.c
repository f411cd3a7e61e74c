// Helpers shared by the per-family verifiers (see verify_util.h).
#include "ir/verify_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/print.h"
#include "support/checked.h"
#include "support/strbuf.h"

// ----------------------------------------------------------------------------
// Messages.

static const char* scratch_str(cx_verify_ctx_t* vc, cx_strbuf_t* sb) {
  // On out-of-memory the message degrades to "?" rather than failing: the
  // caller is already reporting an error.
  const char* s = sb->failed || !sb->data ? "?" : cx_arena_strndup(&vc->scratch, sb->data, sb->len);
  cx_strbuf_free(sb);
  return s ? s : "?";
}

const char* cx_v_type_str(cx_verify_ctx_t* vc, const cx_type_t* t) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_print_type(&sb, t);
  return scratch_str(vc, &sb);
}

const char* cx_v_dims_str(cx_verify_ctx_t* vc, uint32_t n, const int64_t* dims) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_putc(&sb, '[');
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(&sb, ", ");
    if (dims[i] == CX_DYNAMIC_DIM) cx_strbuf_putc(&sb, '?');
    else cx_strbuf_i64(&sb, dims[i]);
  }
  cx_strbuf_putc(&sb, ']');
  return scratch_str(vc, &sb);
}

const char* cx_v_ints_str(cx_verify_ctx_t* vc, const int64_t* v, uint32_t n) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_putc(&sb, '[');
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(&sb, ", ");
    cx_strbuf_i64(&sb, v[i]);
  }
  cx_strbuf_putc(&sb, ']');
  return scratch_str(vc, &sb);
}

// ----------------------------------------------------------------------------
// Counts and value kinds.

cx_status_t cx_v_num_operands(const cx_op_t* op, uint32_t min, int64_t max) {
  if (op->num_operands < min || (max >= 0 && op->num_operands > (uint64_t)max)) {
    if (max == (int64_t)min)
      return cx_verify_error(op, "expected %u operands, but found %u", min, op->num_operands);
    if (max < 0)
      return cx_verify_error(op, "expected %u or more operands, but found %u", min,
                             op->num_operands);
    return cx_verify_error(op, "expected between %u and %lld operands, but found %u", min,
                           (long long)max, op->num_operands);
  }
  return NULL;
}

cx_status_t cx_v_num_results(const cx_op_t* op, uint32_t min, int64_t max) {
  if (op->num_results < min || (max >= 0 && op->num_results > (uint64_t)max)) {
    if (max == (int64_t)min)
      return cx_verify_error(op, "requires %u results, but found %u", min, op->num_results);
    if (max < 0)
      return cx_verify_error(op, "requires at least %u results, but found %u", min,
                             op->num_results);
    return cx_verify_error(op, "requires between %u and %lld results, but found %u", min,
                           (long long)max, op->num_results);
  }
  return NULL;
}

cx_status_t cx_v_num_regions(const cx_op_t* op, uint32_t n) {
  if (op->num_regions != n)
    return cx_verify_error(op, "requires %u region%s, but found %u", n, n == 1 ? "" : "s",
                           op->num_regions);
  return NULL;
}

cx_status_t cx_v_tensor_operand(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                                const cx_type_t** out) {
  const cx_type_t* t = cx_v_otype(op, i);
  if (!cx_type_is_tensor(t))
    return cx_verify_error(op, "operand #%u must be a ranked tensor, but got '%s'", i,
                           cx_v_type_str(vc, t));
  if (out) *out = t;
  return NULL;
}

cx_status_t cx_v_tensor_result(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                               const cx_type_t** out) {
  const cx_type_t* t = cx_v_rtype(op, i);
  if (!cx_type_is_tensor(t))
    return cx_verify_error(op, "result #%u must be a ranked tensor, but got '%s'", i,
                           cx_v_type_str(vc, t));
  if (out) *out = t;
  return NULL;
}

cx_status_t cx_v_all_tensors(cx_verify_ctx_t* vc, const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_operands; i++)
    CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, i, NULL));
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, NULL));
  return NULL;
}

// Quantized element types, spec "Types" (C2)-(C13). (C1),
// num_bits(storage_type) < num_bits(expressed_type), is not enforced: real
// StableHLO programs use i32:f32 accumulator types and the reference
// implementation accepts them.
static cx_status_t check_quant(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* tensor,
                               const cx_type_t* q, const char* what, uint32_t index) {
  const cx_type_t* st = q->quant.storage;
  const cx_type_t* et = q->quant.expressed;
  if (!cx_type_is_element(st) || !cx_elem_is_integer(st->element.elem) ||
      cx_elem_is_bool(st->element.elem))
    return cx_verify_error(op, "%s #%u has a quantized type whose storage type is not an integer",
                           what, index);
  if (!cx_type_is_element(et) || !cx_elem_is_float(et->element.elem))
    return cx_verify_error(op, "%s #%u has a quantized type whose expressed type is not a float",
                           what, index);
  int bits = cx_elem_bit_width(st->element.elem);
  int64_t lo, hi;
  if (cx_elem_is_unsigned_int(st->element.elem)) {
    lo = 0;
    hi = bits >= 64 ? INT64_MAX : (int64_t)((UINT64_C(1) << bits) - 1);
  } else {
    lo = bits >= 64 ? INT64_MIN : -(INT64_C(1) << (bits - 1));
    hi = bits >= 64 ? INT64_MAX : (INT64_C(1) << (bits - 1)) - 1;
  }
  // quantized_type_c4
  if (!(lo <= q->quant.storage_min && q->quant.storage_min < q->quant.storage_max &&
        q->quant.storage_max <= hi))
    return cx_verify_error(op, "%s #%u has an illegal quantized storage range [%lld, %lld]", what,
                           index, (long long)q->quant.storage_min,
                           (long long)q->quant.storage_max);
  // quantized_type_c11, quantized_type_c12
  if (q->quant.axis == CX_QUANT_PER_TENSOR ? q->quant.num_scales != 1 : q->quant.axis < 0)
    return cx_verify_error(op, "%s #%u has an invalid quantization dimension", what, index);
  for (uint32_t i = 0; i < q->quant.num_scales; i++) {
    double s = q->quant.scales[i];
    // quantized_type_c6, quantized_type_c7
    if (!(s > 0) || !isfinite(s))
      return cx_verify_error(op, "%s #%u has a quantization scale %g that is not positive and finite",
                             what, index, s);
    // quantized_type_c8
    int64_t zp = q->quant.zero_points[i];
    if (zp < q->quant.storage_min || zp > q->quant.storage_max)
      return cx_verify_error(op, "%s #%u has a zero point %lld outside the storage range [%lld, %lld]",
                             what, index, (long long)zp, (long long)q->quant.storage_min,
                             (long long)q->quant.storage_max);
  }
  if (tensor && q->quant.axis != CX_QUANT_PER_TENSOR) {
    // quantized_tensor_type_c12
    if ((uint32_t)q->quant.axis >= tensor->tensor.rank)
      return cx_verify_error(op, "%s #%u: quantization dimension %d is not less than the rank of '%s'",
                             what, index, (int)q->quant.axis, cx_v_type_str(vc, tensor));
    // quantized_tensor_type_c13
    int64_t d = tensor->tensor.dims[q->quant.axis];
    if (d != CX_DYNAMIC_DIM && d != (int64_t)q->quant.num_scales)
      return cx_verify_error(op, "%s #%u: '%s' has %u scales but dimension %d has size %lld", what,
                             index, cx_v_type_str(vc, tensor), q->quant.num_scales,
                             (int)q->quant.axis, (long long)d);
  }
  return NULL;
}

static cx_status_t value_type(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* t,
                              const char* what, uint32_t index, int depth) {
  if (!t) return cx_verify_error(op, "%s #%u has no type", what, index);
  switch (t->kind) {
    case CX_TYPE_TENSOR: {
      if (t->tensor.rank > CX_V_MAX_RANK)
        return cx_verify_error(op, "%s #%u has rank %u; cxla supports ranks up to %d", what, index,
                               t->tensor.rank, CX_V_MAX_RANK);
      for (uint32_t i = 0; i < t->tensor.rank; i++)
        if (t->tensor.dims[i] < 0 && t->tensor.dims[i] != CX_DYNAMIC_DIM)
          return cx_verify_error(op, "%s #%u has a negative dimension size", what, index);
      const cx_type_t* e = t->tensor.element;
      if (e->kind == CX_TYPE_QUANT) {
        CX_RETURN_IF_ERROR(check_quant(vc, op, t, e, what, index));
      } else if (e->kind != CX_TYPE_ELEMENT) {
        return cx_verify_error(op, "%s #%u has an invalid tensor element type", what, index);
      }
      const cx_attr_t* enc = t->tensor.encoding;
      if (enc) {
        if (enc->kind != CX_ATTR_BOUNDS)
          return cx_verify_error(op, "%s #%u: '%s' has an encoding StableHLO does not support",
                                 what, index, cx_v_type_str(vc, t));
        if (enc->bounds.rank != t->tensor.rank)
          return cx_verify_error(op, "%s #%u: bounds of '%s' must have %u entries (one per dimension)",
                                 what, index, cx_v_type_str(vc, t), t->tensor.rank);
        for (uint32_t i = 0; i < t->tensor.rank; i++) {
          int64_t b = enc->bounds.bounds[i];
          if (b == CX_DYNAMIC_DIM) continue;
          if (t->tensor.dims[i] != CX_DYNAMIC_DIM)
            return cx_verify_error(op, "%s #%u: '%s': bounds for static dimensions must be '?'",
                                   what, index, cx_v_type_str(vc, t));
          if (b < 0)
            return cx_verify_error(op, "%s #%u: '%s' has a negative bound", what, index,
                                   cx_v_type_str(vc, t));
        }
      }
      return NULL;
    }
    case CX_TYPE_TUPLE:
      if (depth > 64) return cx_verify_error(op, "%s #%u has a type nested too deeply", what, index);
      for (uint32_t i = 0; i < t->tuple.count; i++)
        CX_RETURN_IF_ERROR(value_type(vc, op, t->tuple.items[i], what, index, depth + 1));
      return NULL;
    case CX_TYPE_TOKEN:
    case CX_TYPE_OPAQUE:  // !stablehlo.future<...>, memref<...>: other dialects' types
      return NULL;
    default:
      return cx_verify_error(op, "%s #%u must be a tensor, token or tuple, but got '%s'", what,
                             index, cx_v_type_str(vc, t));
  }
}

cx_status_t cx_v_value_type(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* t,
                            const char* what, uint32_t index) {
  return value_type(vc, op, t, what, index, 0);
}

// ----------------------------------------------------------------------------
// Element-type predicates.

cx_elem_t cx_v_kind(const cx_type_t* t) {
  const cx_type_t* e = t->tensor.element;
  return e->kind == CX_TYPE_ELEMENT ? e->element.elem : CX_ELEM_INVALID;
}
bool cx_v_is_quant(const cx_type_t* t) { return t->tensor.element->kind == CX_TYPE_QUANT; }
bool cx_v_is_per_axis(const cx_type_t* t) {
  return cx_v_is_quant(t) && t->tensor.element->quant.axis != CX_QUANT_PER_TENSOR;
}
bool cx_v_is_per_tensor(const cx_type_t* t) {
  return cx_v_is_quant(t) && t->tensor.element->quant.axis == CX_QUANT_PER_TENSOR;
}
bool cx_v_is_bool(const cx_type_t* t) { return cx_v_kind(t) == CX_ELEM_I1; }
bool cx_v_is_int(const cx_type_t* t) {
  cx_elem_t k = cx_v_kind(t);
  return cx_elem_is_integer(k) && k != CX_ELEM_I1;
}
bool cx_v_is_signed_int(const cx_type_t* t) { return cx_elem_is_signed_int(cx_v_kind(t)); }
bool cx_v_is_unsigned_int(const cx_type_t* t) { return cx_elem_is_unsigned_int(cx_v_kind(t)); }
bool cx_v_is_float(const cx_type_t* t) { return cx_elem_is_float(cx_v_kind(t)); }
bool cx_v_is_complex(const cx_type_t* t) { return cx_elem_is_complex(cx_v_kind(t)); }

bool cx_v_elem_in(const cx_type_t* t, unsigned mask) {
  if (cx_v_is_quant(t))
    return (mask & (cx_v_is_per_axis(t) ? CX_V_QUANT_AXIS : CX_V_QUANT_TENSOR)) != 0;
  cx_elem_t k = cx_v_kind(t);
  if (k == CX_ELEM_I1) return mask & CX_V_BOOL;
  if (cx_elem_is_signed_int(k)) return mask & CX_V_SINT;
  if (cx_elem_is_unsigned_int(k)) return mask & CX_V_UINT;
  if (cx_elem_is_float(k)) return mask & CX_V_FLOAT;
  if (cx_elem_is_complex(k)) return mask & CX_V_COMPLEX;
  return false;  // index: only shape operands of dynamic ops accept it
}

static void describe_mask(cx_strbuf_t* sb, unsigned mask) {
  const char* parts[8];
  int n = 0;
  if (mask & CX_V_BOOL) parts[n++] = "boolean";
  if ((mask & CX_V_INT) == CX_V_INT) parts[n++] = "integer";
  else if (mask & CX_V_SINT) parts[n++] = "signed integer";
  else if (mask & CX_V_UINT) parts[n++] = "unsigned integer";
  if (mask & CX_V_FLOAT) parts[n++] = "floating-point";
  if (mask & CX_V_COMPLEX) parts[n++] = "complex";
  if ((mask & CX_V_QUANT) == CX_V_QUANT) parts[n++] = "quantized";
  else if (mask & CX_V_QUANT_TENSOR) parts[n++] = "per-tensor quantized";
  for (int i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(sb, i == n - 1 ? " or " : ", ");
    cx_strbuf_puts(sb, parts[i]);
  }
}

cx_status_t cx_v_check_elem(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* t,
                            unsigned mask, const char* what) {
  if (cx_v_elem_in(t, mask)) return NULL;
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  describe_mask(&sb, mask);
  const char* desc = scratch_str(vc, &sb);
  return cx_verify_error(op, "%s must be a tensor of %s values, but got '%s'", what, desc,
                         cx_v_type_str(vc, t));
}

// ----------------------------------------------------------------------------
// Shapes.

// Bounds of a tensor type (CX_V_DYN where unbounded); false if none.
static bool bounds_of(const cx_type_t* t, const int64_t** out) {
  const cx_attr_t* enc = t->tensor.encoding;
  if (!enc || enc->kind != CX_ATTR_BOUNDS || enc->bounds.rank != t->tensor.rank) return false;
  *out = enc->bounds.bounds;
  return true;
}

// Static dims of `dims` must not exceed the bounds of `t`.
static bool within_bounds(const cx_type_t* t, uint32_t rank, const int64_t* dims) {
  const int64_t* b;
  if (!bounds_of(t, &b)) return true;
  for (uint32_t i = 0; i < rank; i++)
    if (b[i] != CX_DYNAMIC_DIM && dims[i] != CX_DYNAMIC_DIM && dims[i] > b[i]) return false;
  return true;
}

bool cx_v_shapes_compat(const cx_type_t* a, const cx_type_t* b) {
  if (a->tensor.rank != b->tensor.rank) return false;
  for (uint32_t i = 0; i < a->tensor.rank; i++)
    if (!cx_v_dims_compat(a->tensor.dims[i], b->tensor.dims[i])) return false;
  return within_bounds(a, b->tensor.rank, b->tensor.dims) &&
         within_bounds(b, a->tensor.rank, a->tensor.dims);
}

bool cx_v_shape_matches(const cx_type_t* t, uint32_t rank, const int64_t* dims) {
  if (t->tensor.rank != rank) return false;
  for (uint32_t i = 0; i < rank; i++)
    if (!cx_v_dims_compat(t->tensor.dims[i], dims[i])) return false;
  return within_bounds(t, rank, dims);
}

cx_status_t cx_v_expect_shape(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* t,
                              uint32_t rank, const int64_t* dims, const char* what) {
  if (cx_v_shape_matches(t, rank, dims)) return NULL;
  return cx_verify_error(op, "inferred shape '%s' is incompatible with %s type '%s'",
                         cx_v_dims_str(vc, rank, dims), what, cx_v_type_str(vc, t));
}

bool cx_v_has_static_shape(const cx_type_t* t) {
  for (uint32_t i = 0; i < t->tensor.rank; i++)
    if (t->tensor.dims[i] == CX_DYNAMIC_DIM) return false;
  return true;
}

int64_t cx_v_num_elements(const cx_type_t* t) {
  int64_t n = 1;
  for (uint32_t i = 0; i < t->tensor.rank; i++) {
    if (t->tensor.dims[i] == CX_DYNAMIC_DIM || !cx_mul_i64(n, t->tensor.dims[i], &n)) return -1;
  }
  return n;
}

bool cx_v_add(int64_t a, int64_t b, int64_t* out) { return cx_add_i64(a, b, out); }
bool cx_v_mul(int64_t a, int64_t b, int64_t* out) { return cx_mul_i64(a, b, out); }

// ----------------------------------------------------------------------------
// Type relations.

bool cx_v_types_compat(const cx_type_t* a, const cx_type_t* b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind) return false;
  if (a->kind == CX_TYPE_TENSOR) return cx_v_elem_eq(a, b) && cx_v_shapes_compat(a, b);
  if (a->kind == CX_TYPE_TUPLE) {
    if (a->tuple.count != b->tuple.count) return false;
    for (uint32_t i = 0; i < a->tuple.count; i++)
      if (!cx_v_types_compat(a->tuple.items[i], b->tuple.items[i])) return false;
    return true;
  }
  return false;
}

bool cx_v_baseline_elem_eq(const cx_type_t* ea, const cx_type_t* eb) {
  if (ea == eb) return true;
  if (ea->kind != CX_TYPE_QUANT || eb->kind != CX_TYPE_QUANT) return false;
  return ea->quant.storage == eb->quant.storage && ea->quant.expressed == eb->quant.expressed &&
         ea->quant.storage_min == eb->quant.storage_min &&
         ea->quant.storage_max == eb->quant.storage_max && ea->quant.axis == eb->quant.axis;
}

bool cx_v_baseline_compat(const cx_type_t* a, const cx_type_t* b) {
  return cx_v_baseline_elem_eq(a->tensor.element, b->tensor.element) && cx_v_shapes_compat(a, b);
}

bool cx_v_elem_eq_modulo_axis(const cx_type_t* a, const cx_type_t* b) {
  const cx_type_t *ea = a->tensor.element, *eb = b->tensor.element;
  if (ea == eb) return true;
  if (!cx_v_is_per_axis(a) || !cx_v_is_per_axis(b)) return false;
  return ea->quant.storage == eb->quant.storage && ea->quant.expressed == eb->quant.expressed &&
         ea->quant.storage_min == eb->quant.storage_min &&
         ea->quant.storage_max == eb->quant.storage_max;
}

cx_status_t cx_v_check_broadcast_axis(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* x,
                                      const cx_type_t* y, const int64_t* bd, uint32_t bd_n) {
  (void)vc;
  if (!cx_v_is_per_axis(y)) return NULL;
  if (!cx_v_is_per_axis(x))
    return cx_verify_error(op, "requires a per-axis quantized operand for a per-axis quantized result");
  const cx_type_t *qx = x->tensor.element, *qy = y->tensor.element;
  if ((uint32_t)qx->quant.axis >= bd_n) return cx_verify_error(op, "invalid quantization dimension");
  if (qy->quant.axis != bd[qx->quant.axis])
    return cx_verify_error(op, "result quantization dimension %d must be broadcast_dimensions[%d] = %lld",
                           (int)qy->quant.axis, (int)qx->quant.axis, (long long)bd[qx->quant.axis]);
  if (cx_v_dim(x, (uint32_t)qx->quant.axis) == 1) {
    for (uint32_t i = 0; i < qy->quant.num_scales; i++)
      if (qy->quant.scales[i] != qx->quant.scales[0] ||
          qy->quant.zero_points[i] != qx->quant.zero_points[0])
        return cx_verify_error(op, "result scales and zero points must repeat the operand's single scale and zero point");
  }
  return NULL;
}

static int64_t dims_product(const cx_type_t* t, uint32_t from, uint32_t to) {
  int64_t p = 1;
  for (uint32_t i = from; i < to; i++)
    if (cx_v_dyn(cx_v_dim(t, i)) || !cx_mul_i64(p, cx_v_dim(t, i), &p)) return -1;
  return p;
}

cx_status_t cx_v_check_reshape_axis(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* x,
                                    const cx_type_t* y) {
  (void)vc;
  if (!cx_v_is_per_axis(x)) return NULL;
  if (!cx_v_is_per_axis(y))
    return cx_verify_error(op, "requires a per-axis quantized result for a per-axis quantized operand");
  uint32_t ax = (uint32_t)x->tensor.element->quant.axis, ay = (uint32_t)y->tensor.element->quant.axis;
  if (ax >= cx_v_rank(x) || ay >= cx_v_rank(y))
    return cx_verify_error(op, "invalid quantization dimension");
  int64_t bx = dims_product(x, 0, ax), by = dims_product(y, 0, ay);
  int64_t afx = dims_product(x, ax + 1, cx_v_rank(x)), afy = dims_product(y, ay + 1, cx_v_rank(y));
  if ((bx >= 0 && by >= 0 && bx != by) || !cx_v_dims_compat(cx_v_dim(x, ax), cx_v_dim(y, ay)) ||
      (afx >= 0 && afy >= 0 && afx != afy))
    return cx_verify_error(op, "reshape must keep the quantization dimension and the element counts before and after it");
  return NULL;
}

const cx_type_t* cx_v_storage(const cx_type_t* e) {
  return e->kind == CX_TYPE_QUANT ? e->quant.storage : e;
}
const cx_type_t* cx_v_expressed(const cx_type_t* e) {
  return e->kind == CX_TYPE_QUANT ? e->quant.expressed : e;
}
int cx_v_bits(const cx_type_t* e) {
  const cx_type_t* s = cx_v_storage(e);
  return s->kind == CX_TYPE_ELEMENT ? cx_elem_bit_width(s->element.elem) : 0;
}

bool cx_v_is_promotable(const cx_type_t* x, const cx_type_t* y) {
  if (x->kind == CX_TYPE_QUANT || y->kind == CX_TYPE_QUANT) {
    if (x->kind != CX_TYPE_QUANT || y->kind != CX_TYPE_QUANT) return false;
    return x->quant.expressed == y->quant.expressed && cx_v_bits(x) <= cx_v_bits(y);
  }
  if (x->kind != CX_TYPE_ELEMENT || y->kind != CX_TYPE_ELEMENT) return false;
  cx_elem_t a = x->element.elem, b = y->element.elem;
  // Booleans count as integers here: the spec's pseudo-code would make
  // boolean reductions (e.g. reduce with `and`) invalid, which is plainly
  // not intended, and the reference implementation treats i1 as an integer.
  if (cx_elem_is_integer(a) && cx_elem_is_integer(b))
    return cx_elem_bit_width(a) <= cx_elem_bit_width(b);
  if (cx_elem_is_float(a) && cx_elem_is_float(b))
    return cx_elem_bit_width(a) <= cx_elem_bit_width(b);
  if (cx_elem_is_complex(a) && cx_elem_is_complex(b))
    return cx_elem_bit_width(a) <= cx_elem_bit_width(b);
  return false;
}

const cx_type_t* cx_v_scalar_of(cx_verify_ctx_t* vc, const cx_type_t* elem) {
  return cx_type_tensor(vc->ctx, elem, 0, NULL, NULL);
}

// ----------------------------------------------------------------------------
// Attributes.

const cx_attr_t* cx_v_attr(const cx_op_t* op, const char* name) { return cx_op_attr(op, name); }

static cx_status_t missing(const cx_op_t* op, const char* name) {
  return cx_verify_error(op, "requires attribute '%s'", name);
}

static cx_status_t wrong_kind(const cx_op_t* op, const char* name, const char* expected) {
  return cx_verify_error(op, "attribute '%s' failed to satisfy constraint: %s", name, expected);
}

// Element i of dense integer data in the storage layout of types.h.
static int64_t read_int(const void* data, cx_elem_t k, size_t i) {
  const unsigned char* p = (const unsigned char*)data;
  switch (cx_elem_storage_size(k)) {
    case 1: {
      if (cx_elem_is_signed_int(k)) return (int8_t)p[i];
      return p[i];
    }
    case 2: {
      uint16_t v;
      memcpy(&v, p + i * 2, 2);
      return cx_elem_is_signed_int(k) ? (int64_t)(int16_t)v : (int64_t)v;
    }
    case 4: {
      uint32_t v;
      memcpy(&v, p + i * 4, 4);
      return cx_elem_is_signed_int(k) ? (int64_t)(int32_t)v : (int64_t)v;
    }
    default: {
      int64_t v;
      memcpy(&v, p + i * 8, 8);
      return v;
    }
  }
}

// Decodes a dense integer (or bool, or index) attribute; returns false with
// a reason if it cannot.
static bool decode_dense(cx_verify_ctx_t* vc, const cx_attr_t* a, cx_v_ints_t* out,
                         const char** why) {
  *why = "an integer tensor attribute";
  if ((a->kind != CX_ATTR_DENSE && a->kind != CX_ATTR_DENSE_RESOURCE) || !cx_type_is_tensor(a->type))
    return false;
  const cx_type_t* e = a->type->tensor.element;
  if (e->kind != CX_TYPE_ELEMENT) return false;
  cx_elem_t k = e->element.elem;
  if (!cx_elem_is_integer(k) && k != CX_ELEM_INDEX) return false;
  int64_t n = cx_v_num_elements(a->type);
  if (n < 0 || n > (INT64_C(1) << 31)) {
    *why = "a statically shaped integer tensor attribute";
    return false;
  }
  const void* data;
  size_t nbytes;
  bool splat;
  if (!cx_attr_dense_data(a, &data, &nbytes, &splat)) {
    *why = "an attribute with data (this one is elided)";
    return false;
  }
  size_t es = cx_elem_storage_size(k);
  size_t need = (splat ? 1 : (size_t)n) * es;
  if (n > 0 && (!data || nbytes < need)) {
    *why = "an attribute whose data matches its type";
    return false;
  }
  int64_t* v = n ? CX_ARENA_ARRAY(&vc->scratch, int64_t, (size_t)n) : NULL;
  if (n && !v) {
    *why = "an attribute that fits in memory";
    return false;
  }
  for (int64_t i = 0; i < n; i++) v[i] = read_int(data, k, splat ? 0 : (size_t)i);
  out->v = v;
  out->n = (uint32_t)n;
  out->rank = a->type->tensor.rank;
  out->dims[0] = out->rank > 0 ? a->type->tensor.dims[0] : 1;
  out->dims[1] = out->rank > 1 ? a->type->tensor.dims[1] : 1;
  return true;
}

cx_status_t cx_v_dense_ints(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_attr_t* a,
                            const char* name, cx_v_ints_t* out) {
  const char* why;
  if (!decode_dense(vc, a, out, &why)) return wrong_kind(op, name, why);
  return NULL;
}

bool cx_v_const_ints(cx_verify_ctx_t* vc, const cx_value_t* v, cx_v_ints_t* out) {
  const cx_op_t* d = v->def_op;
  if (!d || d->kind != CX_OP_CONSTANT) return false;
  const cx_attr_t* a = cx_op_attr(d, CX_V_NAME(vc, value));
  const char* why;
  return a && decode_dense(vc, a, out, &why);
}

static cx_status_t get_list(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                            bool required, bool bools, cx_v_ints_t* out, bool* present) {
  memset(out, 0, sizeof(*out));
  out->rank = 1;
  if (present) *present = false;
  const cx_attr_t* a = cx_op_attr(op, name);
  if (!a) return required ? missing(op, name) : NULL;
  if (present) *present = true;
  const char* expected = bools ? "i1 dense array attribute" : "i64 dense array attribute";
  if (a->kind == CX_ATTR_DENSE_ARRAY) {
    const cx_type_t* e = a->type;
    if (!e || e->kind != CX_TYPE_ELEMENT || !cx_elem_is_integer(e->element.elem) ||
        (a->dense_array.count && !a->dense_array.ints))
      return wrong_kind(op, name, expected);
    if (bools != (e->element.elem == CX_ELEM_I1)) return wrong_kind(op, name, expected);
    out->v = a->dense_array.ints;
    out->n = a->dense_array.count;
    out->dims[0] = out->n;
    out->dims[1] = 1;
    return NULL;
  }
  if (a->kind == CX_ATTR_DENSE || a->kind == CX_ATTR_DENSE_RESOURCE) {
    if (cx_type_is_tensor(a->type) && a->type->tensor.element->kind == CX_TYPE_ELEMENT &&
        bools != (a->type->tensor.element->element.elem == CX_ELEM_I1))
      return wrong_kind(op, name, expected);
    const char* why;
    if (!decode_dense(vc, a, out, &why)) return wrong_kind(op, name, why);
    return NULL;
  }
  return wrong_kind(op, name, expected);
}

cx_status_t cx_v_get_ints(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          bool required, cx_v_ints_t* out, bool* present) {
  return get_list(vc, op, name, required, false, out, present);
}

cx_status_t cx_v_get_bools(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                           bool required, cx_v_ints_t* out, bool* present) {
  return get_list(vc, op, name, required, true, out, present);
}

cx_status_t cx_v_get_int(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name, bool required,
                         int64_t def, int64_t* out) {
  (void)vc;
  *out = def;
  const cx_attr_t* a = cx_op_attr(op, name);
  if (!a) return required ? missing(op, name) : NULL;
  if (a->kind != CX_ATTR_INTEGER) return wrong_kind(op, name, "integer attribute");
  *out = a->integer;
  return NULL;
}

cx_status_t cx_v_get_bool(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          bool required, bool def, bool* out) {
  (void)vc;
  *out = def;
  const cx_attr_t* a = cx_op_attr(op, name);
  if (!a) return required ? missing(op, name) : NULL;
  if (a->kind == CX_ATTR_BOOL) *out = a->boolean;
  else if (a->kind == CX_ATTR_UNIT) *out = true;
  else return wrong_kind(op, name, "bool attribute");
  return NULL;
}

cx_status_t cx_v_get_float(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                           bool required, double def, double* out) {
  (void)vc;
  *out = def;
  const cx_attr_t* a = cx_op_attr(op, name);
  if (!a) return required ? missing(op, name) : NULL;
  if (a->kind != CX_ATTR_FLOAT) return wrong_kind(op, name, "float attribute");
  *out = a->fp;
  return NULL;
}

cx_status_t cx_v_get_enum(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          cx_enum_kind_t kind, bool required, int def, int* out, bool* present) {
  (void)vc;
  *out = def;
  if (present) *present = false;
  const cx_attr_t* a = cx_op_attr(op, name);
  if (!a) return required ? missing(op, name) : NULL;
  if (a->kind != CX_ATTR_ENUM || a->enumeration.kind != kind ||
      a->enumeration.value < 0 || a->enumeration.value >= cx_enum_value_count(kind)) {
    return cx_verify_error(op, "attribute '%s' failed to satisfy constraint: #%s<%s> attribute",
                           name, cx_enum_dialect(kind), cx_enum_name(kind));
  }
  *out = a->enumeration.value;
  if (present) *present = true;
  return NULL;
}

static const char* kind_desc(cx_attr_kind_t k) {
  switch (k) {
    case CX_ATTR_STRING: return "string attribute";
    case CX_ATTR_SYMBOL_REF: return "flat symbol reference attribute";
    case CX_ATTR_ARRAY: return "array attribute";
    case CX_ATTR_DICT: return "dictionary attribute";
    case CX_ATTR_TYPE: return "type attribute";
    case CX_ATTR_GATHER: return "#stablehlo.gather attribute";
    case CX_ATTR_SCATTER: return "#stablehlo.scatter attribute";
    case CX_ATTR_DOT: return "#stablehlo.dot attribute";
    case CX_ATTR_DOT_ALGORITHM: return "#stablehlo.dot_algorithm attribute";
    case CX_ATTR_CONV: return "#stablehlo.conv attribute";
    case CX_ATTR_CHANNEL_HANDLE: return "#stablehlo.channel_handle attribute";
    case CX_ATTR_RESULT_ACCURACY: return "#stablehlo.result_accuracy attribute";
    case CX_ATTR_RAGGED_DOT: return "#chlo.ragged_dot attribute";
    case CX_ATTR_DENSE: return "elements attribute";
    default: return "attribute of another kind";
  }
}

cx_status_t cx_v_get_kind(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          cx_attr_kind_t kind, bool required, const cx_attr_t** out) {
  (void)vc;
  *out = NULL;
  const cx_attr_t* a = cx_op_attr(op, name);
  if (!a) return required ? missing(op, name) : NULL;
  if (a->kind != kind) return wrong_kind(op, name, kind_desc(kind));
  *out = a;
  return NULL;
}

cx_status_t cx_v_get_precision(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                               cx_enum_kind_t kind, uint32_t* n) {
  const cx_attr_t* a;
  *n = 0;
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, name, CX_ATTR_ARRAY, false, &a));
  if (!a) return NULL;
  for (uint32_t i = 0; i < a->array.count; i++) {
    const cx_attr_t* e = a->array.items[i];
    if (!e || e->kind != CX_ATTR_ENUM || e->enumeration.kind != kind)
      return wrong_kind(op, name, "array of precision enum attributes");
  }
  *n = a->array.count;
  return NULL;
}

// ----------------------------------------------------------------------------
// Integer-list predicates.

static int cmp_i64(const void* a, const void* b) {
  int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
  return (x > y) - (x < y);
}

bool cx_v_unique2(cx_verify_ctx_t* vc, const int64_t* a, uint32_t na, const int64_t* b,
                  uint32_t nb) {
  size_t n = (size_t)na + nb;
  if (n <= 64) {
    for (size_t i = 0; i < n; i++) {
      int64_t x = i < na ? a[i] : b[i - na];
      for (size_t j = i + 1; j < n; j++)
        if (x == (j < na ? a[j] : b[j - na])) return false;
    }
    return true;
  }
  // Long lists (only from adversarial input) are sorted to stay O(n log n).
  int64_t* s = CX_ARENA_ARRAY(&vc->scratch, int64_t, n);
  if (!s) return false;
  if (na) memcpy(s, a, na * sizeof(int64_t));
  if (nb) memcpy(s + na, b, nb * sizeof(int64_t));
  qsort(s, n, sizeof(int64_t), cmp_i64);
  for (size_t i = 1; i < n; i++)
    if (s[i] == s[i - 1]) return false;
  return true;
}

bool cx_v_unique(cx_verify_ctx_t* vc, const int64_t* v, uint32_t n) {
  return cx_v_unique2(vc, v, n, NULL, 0);
}

bool cx_v_sorted(const int64_t* v, uint32_t n) {
  for (uint32_t i = 1; i < n; i++)
    if (v[i] < v[i - 1]) return false;
  return true;
}

bool cx_v_in_range(const int64_t* v, uint32_t n, int64_t lo, int64_t hi) {
  for (uint32_t i = 0; i < n; i++)
    if (v[i] < lo || v[i] >= hi) return false;
  return true;
}

bool cx_v_contains(const int64_t* v, uint32_t n, int64_t x) {
  for (uint32_t i = 0; i < n; i++)
    if (v[i] == x) return true;
  return false;
}

// ----------------------------------------------------------------------------
// Regions.

cx_status_t cx_v_single_block(const cx_op_t* op, uint32_t r, const char* region_name,
                              cx_block_t** out) {
  cx_block_t* b = r < op->num_regions ? op->regions[r].first_block : NULL;
  if (!b) return cx_verify_error(op, "expects region '%s' to have one block", region_name);
  if (b->next)
    return cx_verify_error(op, "expects region '%s' to have exactly one block", region_name);
  *out = b;
  return NULL;
}

cx_status_t cx_v_block_return(const cx_op_t* op, cx_block_t* b, const char* region_name,
                              cx_op_t** out) {
  cx_op_t* t = cx_block_terminator(b);
  if (!t)
    return cx_verify_error(op, "expects region '%s' to end with 'stablehlo.return', but it is empty",
                           region_name);
  if (t->kind != CX_OP_RETURN)
    return cx_verify_error(op, "expects region '%s' to end with 'stablehlo.return', found '%s'",
                           region_name, t->name);
  *out = t;
  return NULL;
}

cx_status_t cx_v_reducer(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t region,
                         const char* region_name, uint32_t n, const cx_type_t* const* input_elems,
                         const cx_type_t** out_elems) {
  cx_block_t* b;
  cx_op_t* ret;
  CX_RETURN_IF_ERROR(cx_v_single_block(op, region, region_name, &b));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, b, region_name, &ret));
  if (b->num_args != 2 * n)
    return cx_verify_error(op, "reduction region '%s' must take %u parameters, but takes %u",
                           region_name, 2 * n, b->num_args);
  if (ret->num_operands != n)
    return cx_verify_error(op, "reduction region '%s' must produce %u tensors, but produces %u",
                           region_name, n, ret->num_operands);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* r = ret->operands[i].value->type;
    if (!cx_type_is_tensor(r) || r->tensor.rank != 0)
      return cx_verify_error(op, "reduction region '%s' must return 0-dimensional tensors, but result #%u is '%s'",
                             region_name, i, cx_v_type_str(vc, r));
    for (uint32_t k = 0; k < 2; k++) {
      uint32_t ai = i + k * n;
      const cx_type_t* at = b->args[ai]->type;
      if (!cx_v_types_compat(at, r))
        return cx_verify_error(op, "the type of reduction region '%s' parameter #%u ('%s') differs from the corresponding result type '%s'",
                               region_name, ai, cx_v_type_str(vc, at), cx_v_type_str(vc, r));
    }
    if (!cx_v_is_promotable(input_elems[i], r->tensor.element))
      return cx_verify_error(op, "the element type of reduction region '%s' parameter #%u is expected to be promotable from '%s', but got '%s'",
                             region_name, n + i, cx_v_type_str(vc, input_elems[i]),
                             cx_v_type_str(vc, r->tensor.element));
    out_elems[i] = r->tensor.element;
  }
  return NULL;
}
