// Helpers shared by the per-family verifiers (see verify_util.h).
#include "ir/verify_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/infer_util.h"
#include "ir/print.h"
#include "support/checked.h"
#include "support/strbuf.h"

// ----------------------------------------------------------------------------
// Messages.

static const char* scratch_str(cx_arena_t* scratch, cx_strbuf_t* sb) {
  // On out-of-memory the message degrades to "?" rather than failing: the
  // caller is already reporting an error.
  const char* s = sb->failed || !sb->data ? "?" : cx_arena_strndup(scratch, sb->data, sb->len);
  cx_strbuf_free(sb);
  return s ? s : "?";
}

const char* cx_v_format_type(cx_arena_t* scratch, const cx_type_t* t) {
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, scratch->allocator);
  cx_print_type(&sb, t);
  return scratch_str(scratch, &sb);
}

const char* cx_v_format_dims(cx_arena_t* scratch, uint32_t n, const int64_t* dims, bool dynamic) {
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, scratch->allocator);
  cx_strbuf_putc(&sb, '[');
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(&sb, ", ");
    if (dynamic && dims[i] == CX_DYNAMIC_DIM) cx_strbuf_putc(&sb, '?');
    else cx_strbuf_i64(&sb, dims[i]);
  }
  cx_strbuf_putc(&sb, ']');
  return scratch_str(scratch, &sb);
}

const char* cx_v_type_str(cx_verify_ctx_t* vc, const cx_type_t* t) {
  return cx_v_format_type(&vc->scratch, t);
}

const char* cx_v_dims_str(cx_verify_ctx_t* vc, uint32_t n, const int64_t* dims) {
  return cx_v_format_dims(&vc->scratch, n, dims, true);
}

const char* cx_v_ints_str(cx_verify_ctx_t* vc, const int64_t* v, uint32_t n) {
  return cx_v_format_dims(&vc->scratch, n, v, false);
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

const char* cx_v_mask_str(cx_arena_t* scratch, unsigned mask) {
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
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, scratch->allocator);
  for (int i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(&sb, i == n - 1 ? " or " : ", ");
    cx_strbuf_puts(&sb, parts[i]);
  }
  return scratch_str(scratch, &sb);
}

cx_status_t cx_v_check_elem(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* t,
                            unsigned mask, const char* what) {
  if (cx_v_elem_in(t, mask)) return NULL;
  return cx_verify_error(op, "%s must be a tensor of %s values, but got '%s'", what,
                         cx_v_mask_str(&vc->scratch, mask), cx_v_type_str(vc, t));
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
// Attributes: the shape functions' getters (infer_util.c) on the op.

// A dense integer tensor's elements (constants' values, layouts) decoded
// into scratch memory by the one decoder, cx_dense_read_i64s.
bool cx_v_decode_dense(cx_arena_t* scratch, const cx_attr_t* a, cx_v_ints_t* out,
                       const char** why) {
  const char* unused;
  if (!why) why = &unused;
  int64_t* v;
  uint32_t n;
  *why = cx_dense_read_i64s(scratch, a, INT64_C(1) << 31, &v, &n);
  if (*why) return false;
  out->v = v;
  out->n = n;
  out->rank = a->type->tensor.rank;
  out->dims[0] = out->rank > 0 ? a->type->tensor.dims[0] : 1;
  out->dims[1] = out->rank > 1 ? a->type->tensor.dims[1] : 1;
  return true;
}

static void op_state(cx_verify_ctx_t* vc, const cx_op_t* op, cx_infer_input_t* in,
                     cx_infer_state_t* s) {
  cx_i_state_for_op(vc->ctx, op, &vc->scratch, in, s);
}

#define WITH_STATE(call)          \
  cx_infer_input_t in_;           \
  cx_infer_state_t s_;            \
  op_state(vc, op, &in_, &s_);    \
  return call

const cx_attr_t* cx_v_attr(const cx_op_t* op, const char* name) { return cx_op_attr(op, name); }

cx_status_t cx_v_dense_ints(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_attr_t* a,
                            const char* name, cx_v_ints_t* out) {
  WITH_STATE(cx_i_dense_ints(&s_, a, name, out));
}


cx_status_t cx_v_get_ints(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          bool required, cx_v_ints_t* out, bool* present) {
  WITH_STATE(cx_i_get_ints(&s_, name, required, out, present));
}


cx_status_t cx_v_get_int(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name, bool required,
                         int64_t def, int64_t* out) {
  WITH_STATE(cx_i_get_int(&s_, name, required, def, out));
}

cx_status_t cx_v_get_bool(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          bool required, bool def, bool* out) {
  WITH_STATE(cx_i_get_bool(&s_, name, required, def, out));
}

cx_status_t cx_v_get_float(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                           bool required, double def, double* out) {
  WITH_STATE(cx_i_get_float(&s_, name, required, def, out));
}

cx_status_t cx_v_get_enum(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          cx_enum_kind_t kind, bool required, int def, int* out, bool* present) {
  WITH_STATE(cx_i_get_enum(&s_, name, kind, required, def, out, present));
}

cx_status_t cx_v_get_kind(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                          cx_attr_kind_t kind, bool required, const cx_attr_t** out) {
  WITH_STATE(cx_i_get_kind(&s_, name, kind, required, out));
}


// ----------------------------------------------------------------------------
// Integer-list predicates.

bool cx_v_unique2(cx_verify_ctx_t* vc, const int64_t* a, uint32_t na, const int64_t* b,
                  uint32_t nb) {
  cx_infer_input_t in = {0};
  cx_infer_state_t s = {.ctx = vc->ctx, .in = &in, .scratch = &vc->scratch};
  return cx_i_unique2(&s, a, na, b, nb);
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


// ----------------------------------------------------------------------------
// Shape functions.

cx_status_t cx_v_infer(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* const** out) {
  // Room for more results than the op has, so that a shape function that
  // infers more is reported as a count mismatch, not an overflow.
  uint32_t need = op->num_results + op->num_operands + 8;
  if (need > vc->inferred_cap) {
    const cx_type_t** p = cx_realloc(vc->ctx->allocator, vc->inferred, need * sizeof(*p));
    if (!p) return CX_OOM();
    vc->inferred = p;
    vc->inferred_cap = need;
  }
  cx_infer_input_t in = {.op = op, .loc = op->loc};
  uint32_t n = 0;
  cx_status_t st = cx_infer_run(vc->ctx, op->kind, &in, &vc->scratch, vc->inferred,
                                vc->inferred_cap, &n);
  if (st && cx_status_code(st) == CX_OUT_OF_RANGE) {
    cx_status_free(st);
    return cx_verify_error(op, "has %u results, fewer than its operands and regions imply",
                           op->num_results);
  }
  CX_RETURN_IF_ERROR(st);
  if (n != op->num_results)
    return cx_verify_error(op, "requires %u results, but found %u", n, op->num_results);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = vc->inferred[i];
    if (cx_type_is_tensor(t) && !cx_type_is_tensor(op->results[i].type))
      return cx_verify_error(op, "result #%u must be a ranked tensor, but got '%s'", i,
                             cx_v_type_str(vc, op->results[i].type));
  }
  *out = vc->inferred;
  return NULL;
}

cx_status_t cx_v_infer_tensor_result(cx_verify_ctx_t* vc, const cx_op_t* op,
                                     const cx_type_t** out_inferred,
                                     const cx_type_t** out_declared) {
  const cx_type_t* const* inferred = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  *out_inferred = inferred[0];
  return cx_v_tensor_result(vc, op, 0, out_declared);
}

cx_status_t cx_v_expect_bool_result(cx_verify_ctx_t* vc, const cx_op_t* op,
                                    const cx_type_t* want, const cx_type_t* y) {
  if (!cx_v_shapes_compat(want, y))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  if (!cx_v_is_bool(y))
    return cx_verify_error(op, "result #0 must be a tensor of boolean values, but got '%s'",
                           cx_v_type_str(vc, y));
  return NULL;
}

cx_status_t cx_v_expect_result(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                               const cx_type_t* inferred, const char* msg) {
  const cx_type_t* y = op->results[i].type;
  if (cx_infer_compatible(inferred, y)) return NULL;
  if (msg) return cx_verify_error(op, "%s", msg);
  if (cx_type_is_tensor(inferred) && cx_type_is_tensor(y)) {
    const cx_type_t* e = inferred->tensor.element;
    if (!cx_v_shapes_compat(inferred, y))
      return cx_verify_error(op, "inferred shape '%s' is incompatible with result type '%s'",
                             cx_v_dims_str(vc, inferred->tensor.rank, inferred->tensor.dims),
                             cx_v_type_str(vc, y));
    return cx_verify_error(op, "expects the result element type to be '%s', but got '%s'",
                           cx_v_type_str(vc, e), cx_v_type_str(vc, y->tensor.element));
  }
  return cx_verify_error(op, "result #%u type '%s' differs from the inferred type '%s'", i,
                         cx_v_type_str(vc, y), cx_v_type_str(vc, inferred));
}

cx_status_t cx_v_expect_same(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                             const cx_type_t* inferred, const char* elem_msg) {
  const cx_type_t* y = NULL;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
  if (!cx_v_shapes_compat(inferred, y)) return cx_v_expect_result(vc, op, i, inferred, NULL);
  if (!cx_v_elem_eq(inferred, y)) return cx_verify_error(op, "%s", elem_msg);
  return NULL;
}

