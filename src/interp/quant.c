// Uniform quantization: see quant.h for the semantics and the rounding
// discipline (every step in the expressed type).
#include "interp/quant.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// A quant type laid over a tensor shape: its expressed float kind and, for
// per-axis types, the stride and size of the quantized dimension.
typedef struct quant_layout {
  cx_elem_t fe;
  bool per_axis;
  int64_t stride, axis_size;
} quant_layout_t;

// The scale and zero point index of the element at row-major position i.
static int64_t scale_index(const quant_layout_t* l, int64_t i) {
  return l->per_axis ? (i / l->stride) % l->axis_size : 0;
}

// Checks that a quant type has a float expressed type and applies to a
// tensor of this shape.
static cx_status_t quant_layout(const cx_type_t* qt, uint32_t rank, const int64_t* dims,
                                quant_layout_t* out) {
  out->fe = cx_type_elem(qt->quant.expressed);
  out->per_axis = qt->quant.axis != CX_QUANT_PER_TENSOR;
  out->stride = out->axis_size = 1;
  if (!cx_elem_is_float(out->fe))
    return CX_ERROR(CX_INVALID_ARGUMENT, "quantized type's expressed type is not a float type");
  if (qt->quant.num_scales == 0)
    return CX_ERROR(CX_INVALID_ARGUMENT, "quantized type has no scales");
  if (qt->quant.axis == CX_QUANT_PER_TENSOR) return NULL;
  int32_t axis = qt->quant.axis;
  if (axis < 0 || (uint32_t)axis >= rank)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "quantization dimension %d is out of range for a tensor of rank %u", axis,
                    rank);
  if (dims[axis] != (int64_t)qt->quant.num_scales)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "quantization dimension %d has size %lld but the type has %u scales", axis,
                    (long long)dims[axis], qt->quant.num_scales);
  int64_t stride = 1;
  for (uint32_t d = (uint32_t)axis + 1; d < rank; d++) stride *= dims[d];
  out->stride = stride ? stride : 1;
  out->axis_size = dims[axis];
  return NULL;
}

cx_status_t cx_dequantize_tensor(const cx_tensor_t* q, cx_tensor_t** out_float) {
  *out_float = NULL;
  if (q->kind != CX_VALUE_TENSOR || !cx_type_is_quant(q->element))
    return CX_ERROR(CX_INVALID_ARGUMENT, "dequantize expects a quantized tensor");
  const cx_type_t* qt = q->element;
  quant_layout_t l;
  CX_RETURN_IF_ERROR(quant_layout(qt, q->rank, q->dims, &l));
  cx_elem_t fe = l.fe;
  CX_RETURN_IF_ERROR(
      cx_tensor_create(q->allocator, qt->quant.expressed, q->rank, q->dims, out_float));
  cx_tensor_t* f = *out_float;
  for (int64_t i = 0; i < q->num_elements; i++) {
    int64_t k = scale_index(&l, i);
    double scale = cx_scalar_round_float(fe, qt->quant.scales[k]);
    int64_t zp = qt->quant.zero_points[k];
    int64_t v = cx_load_int(q->elem, cx_tensor_at(q, i));
    if (q->elem == CX_ELEM_UI64 && v < 0) {
      // A ui64 storage value above INT64_MAX: the difference is still exact
      // as a double conversion of the unsigned value minus zp.
      double d = cx_scalar_round_float(fe, (double)(uint64_t)v - (double)zp);
      cx_store_float(fe, cx_tensor_at(f, i), d * scale);
      continue;
    }
    double diff = cx_scalar_round_float(fe, (double)(v - zp));
    cx_store_float(fe, cx_tensor_at(f, i), diff * scale);
  }
  return NULL;
}

cx_status_t cx_quantize_tensor(const cx_tensor_t* f, const cx_type_t* quant_elem,
                               cx_tensor_t** out) {
  *out = NULL;
  if (f->kind != CX_VALUE_TENSOR) return CX_ERROR(CX_INVALID_ARGUMENT, "quantize expects a tensor");
  if (!cx_type_is_quant(quant_elem))
    return CX_ERROR(CX_INVALID_ARGUMENT, "quantize target is not a quantized type");
  if (cx_elem_is_complex(f->elem))
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot quantize complex values");
  const cx_type_t* qt = quant_elem;
  quant_layout_t l;
  CX_RETURN_IF_ERROR(quant_layout(qt, f->rank, f->dims, &l));
  cx_elem_t fe = l.fe;
  CX_RETURN_IF_ERROR(cx_tensor_create(f->allocator, quant_elem, f->rank, f->dims, out));
  cx_tensor_t* q = *out;
  double smin = (double)qt->quant.storage_min, smax = (double)qt->quant.storage_max;
  bool src_is_quant = cx_type_is_quant(f->element);
  for (int64_t i = 0; i < f->num_elements; i++) {
    int64_t k = scale_index(&l, i);
    double scale = cx_scalar_round_float(fe, qt->quant.scales[k]);
    double zp = cx_scalar_round_float(fe, (double)qt->quant.zero_points[k]);
    // A float input of another float kind is first converted to the
    // expressed type (quantize's operand type is the expressed type).
    double x = (src_is_quant || !cx_elem_is_float(f->elem))
                   ? cx_load_as_double(f->elem, cx_tensor_at(f, i))
                   : cx_load_float(f->elem, cx_tensor_at(f, i));
    x = cx_scalar_round_float(fe, x);
    double scaled = cx_scalar_round_float(fe, x / scale);
    double rounded = nearbyint(scaled);  // ties to even in the default rounding mode
    double shifted = cx_scalar_round_float(fe, rounded + zp);
    // clamp(storage_min, v, storage_max); NaN stays NaN through clamp and
    // converts to 0 like every float-to-integer conversion of NaN.
    double c = shifted;
    if (c < smin) c = smin;
    if (c > smax) c = smax;
    int64_t iv = isnan(c) ? 0 : c >= 9223372036854775808.0 ? (int64_t)(uint64_t)c : (int64_t)c;
    if (isnan(c)) {
      // Keep the result inside the storage range even if 0 is not in it.
      if (iv < qt->quant.storage_min) iv = qt->quant.storage_min;
      if (iv > qt->quant.storage_max) iv = qt->quant.storage_max;
    }
    cx_store_int(q->elem, cx_tensor_at(q, i), iv);
  }
  return NULL;
}

static bool type_is_quantized_tensor(const cx_type_t* t) {
  return cx_type_is_tensor(t) && cx_type_is_quant(t->tensor.element);
}

bool cx_op_is_quantized(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (type_is_quantized_tensor(op->operands[i].value->type)) return true;
  for (uint32_t i = 0; i < op->num_results; i++)
    if (type_is_quantized_tensor(op->results[i].type)) return true;
  return false;
}

cx_status_t cx_eval_dequantize_op_quantize(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results,
                                           cx_quant_float_fn fn, void* user_data) {
  uint32_t na = op->num_operands, nr = op->num_results;
  cx_tensor_t** fargs = cx_calloc(ev->allocator, na ? na : 1, sizeof(cx_tensor_t*));
  cx_tensor_t** fres = cx_calloc(ev->allocator, nr ? nr : 1, sizeof(cx_tensor_t*));
  const cx_type_t** elems = cx_calloc(ev->allocator, nr ? nr : 1, sizeof(cx_type_t*));
  cx_status_t st = (fargs && fres && elems) ? NULL : CX_OOM();
  for (uint32_t i = 0; i < na && !st; i++) {
    if (args[i]->kind == CX_VALUE_TENSOR && cx_type_is_quant(args[i]->element)) {
      cx_status_t ds = cx_dequantize_tensor(args[i], &fargs[i]);
      if (ds) {
        st = cx_eval_error(op, cx_status_code(ds), "operand #%u: %s", i, cx_status_message(ds));
        cx_status_free(ds);
      }
    } else {
      fargs[i] = cx_tensor_retain(args[i]);
    }
  }
  for (uint32_t i = 0; i < nr && !st; i++) {
    const cx_type_t* t = op->results[i].type;
    if (cx_type_is_tensor(t))
      elems[i] = cx_type_is_quant(t->tensor.element) ? t->tensor.element->quant.expressed
                                                     : t->tensor.element;
  }
  if (!st) st = fn(ev, op, fargs, elems, fres, user_data);
  for (uint32_t i = 0; i < nr && !st; i++) {
    const cx_type_t* t = op->results[i].type;
    if (!fres[i]) {
      st = cx_eval_error(op, CX_INTERNAL, "produced no value for result #%u", i);
    } else if (type_is_quantized_tensor(t) && fres[i]->kind == CX_VALUE_TENSOR) {
      cx_status_t qs = cx_quantize_tensor(fres[i], t->tensor.element, &results[i]);
      if (qs) {
        st = cx_eval_error(op, cx_status_code(qs), "result #%u: %s", i, cx_status_message(qs));
        cx_status_free(qs);
      }
    } else {
      results[i] = cx_tensor_retain(fres[i]);
    }
  }
  if (fargs)
    for (uint32_t i = 0; i < na; i++) cx_tensor_release(fargs[i]);
  if (fres)
    for (uint32_t i = 0; i < nr; i++) cx_tensor_release(fres[i]);
  cx_free(ev->allocator, fargs);
  cx_free(ev->allocator, fres);
  cx_free(ev->allocator, elems);
  return st;
}
