// Conversions: convert, bitcast_convert, reduce_precision, uniform_quantize,
// uniform_dequantize.
//
// convert (elementwise.h has the scalar rules): integer to integer wraps;
// to and from i1 is "non-zero" and 0/1; float to integer truncates toward
// zero, NaN gives 0 and out-of-range values saturate (the spec leaves this
// open; this is what LLVM's APFloat, the reference interpreter, does); integer
// and float to float round to nearest even once; complex to real keeps the
// real part; real to complex has a zero imaginary part.
//
// bitcast_convert reinterprets bits. When the widths differ, the wider
// element's bits are split into (or assembled from) the narrower elements
// along a new (or removed) last dimension, element 0 taking the lowest bits;
// complex values are (real bits, imaginary bits) from low to high.
//
// reduce_precision rounds the mantissa to nearest even on the operand's own
// encoding, then flushes exponents outside the reduced range to zero or
// infinity (no subnormals in the reduced type), exactly as XLA and the
// reference interpreter do; NaN stays NaN unless mantissa_bits is 0, where
// it becomes +inf.
#include <math.h>
#include <string.h>

#include "interp/elementwise.h"
#include "interp/interp.h"
#include "interp/quant.h"
#include "support/float_formats.h"
#include "support/scalar.h"

// ----------------------------------------------------------------------------
// convert

static cx_status_t convert_float(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 const cx_type_t* const* result_elems, cx_tensor_t** results,
                                 void* user_data) {
  (void)ev;
  (void)user_data;
  const cx_tensor_t* x = args[0];
  if (!result_elems[0] || cx_type_is_quant(result_elems[0]) || cx_type_is_quant(x->element))
    return cx_eval_error(op, CX_INTERNAL, "convert of quantized values was not dequantized");
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], x->rank, x->dims, &r));
  cx_elem_t from = x->elem, to = r->elem;
  if (from == to && x->nbytes) {
    memcpy(r->data, x->data, x->nbytes);
  } else {
    for (int64_t i = 0; i < x->num_elements; i++)
      cx_scalar_convert(from, cx_tensor_at(x, i), to, cx_tensor_at(r, i));
  }
  results[0] = r;
  return NULL;
}

// ----------------------------------------------------------------------------
// bitcast_convert

typedef struct bits128 {
  uint64_t lo, hi;
} bits128_t;

static uint64_t mask_bits(int w) { return w >= 64 ? ~0ull : ((1ull << w) - 1); }

// Bit width of an element as bitcast_convert sees it (tf32 occupies its
// 32-bit container).
static int bitcast_width(cx_elem_t e) { return e == CX_ELEM_TF32 ? 32 : cx_elem_bit_width(e); }

static bits128_t load_bits(cx_elem_t e, const void* p) {
  bits128_t b = {0, 0};
  if (e == CX_ELEM_C128) {
    memcpy(&b.lo, p, 8);
    memcpy(&b.hi, (const char*)p + 8, 8);
  } else if (e == CX_ELEM_C64 || e == CX_ELEM_TF32) {
    size_t n = cx_elem_storage_size(e);
    memcpy(&b.lo, p, n);  // little-endian: real part in the low half
  } else if (cx_elem_is_float(e)) {
    b.lo = cx_scalar_float_bits(e, p);
  } else {
    b.lo = (uint64_t)cx_load_int(e, p) & mask_bits(cx_elem_bit_width(e));
  }
  return b;
}

static void store_bits(cx_elem_t e, void* p, bits128_t b) {
  if (e == CX_ELEM_C128) {
    memcpy(p, &b.lo, 8);
    memcpy((char*)p + 8, &b.hi, 8);
  } else if (e == CX_ELEM_C64 || e == CX_ELEM_F64 || e == CX_ELEM_F32 || e == CX_ELEM_TF32 ||
             e == CX_ELEM_BF16 || e == CX_ELEM_F16) {
    memcpy(p, &b.lo, cx_elem_storage_size(e));
  } else if (cx_elem_is_float(e)) {
    *(uint8_t*)p = (uint8_t)(b.lo & mask_bits(cx_elem_bit_width(e)));
  } else {
    cx_store_int(e, p, (int64_t)b.lo);  // sign-extends sub-byte signed kinds
  }
}

static bits128_t shr128(bits128_t b, int s) {
  if (s == 0) return b;
  if (s >= 64) return (bits128_t){b.hi >> (s - 64), 0};
  return (bits128_t){(b.lo >> s) | (b.hi << (64 - s)), b.hi >> s};
}

static bits128_t shl128(bits128_t b, int s) {
  if (s == 0) return b;
  if (s >= 64) return (bits128_t){0, b.lo << (s - 64)};
  return (bits128_t){b.lo << s, (b.hi << s) | (b.lo >> (64 - s))};
}

static bits128_t mask128(bits128_t b, int w) {
  if (w >= 128) return b;
  if (w >= 64) return (bits128_t){b.lo, b.hi & mask_bits(w - 64)};
  return (bits128_t){b.lo & mask_bits(w), 0};
}

static cx_status_t eval_bitcast(cx_eval_t* ev, const cx_op_t* op, const cx_tensor_t* x,
                                cx_tensor_t** results) {
  const cx_type_t* relem;
  CX_RETURN_IF_ERROR(cx_ew_result_element(op, 0, &relem));
  (void)ev;
  cx_elem_t from = x->elem, to = cx_type_elem(relem);
  int wf = bitcast_width(from), wt = bitcast_width(to);
  if (wf <= 0 || wt <= 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "cannot bitcast %s to %s", cx_elem_name(from),
                         cx_elem_name(to));
  int64_t dims[CX_MAX_RANK + 1];
  uint32_t rank = x->rank;
  memcpy(dims, x->dims, rank * sizeof(int64_t));
  int ratio = 1;
  if (wf > wt) {
    if (wf % wt) goto bad_widths;
    ratio = wf / wt;
    if (rank >= CX_MAX_RANK)
      return cx_eval_error(op, CX_UNIMPLEMENTED, "result rank exceeds %d", CX_MAX_RANK);
    dims[rank++] = ratio;
  } else if (wf < wt) {
    if (wt % wf) goto bad_widths;
    ratio = wt / wf;
    if (rank == 0 || dims[rank - 1] != ratio)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "bitcasting %s to %s needs a last dimension of size %d",
                           cx_elem_name(from), cx_elem_name(to), ratio);
    rank--;
  }
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, relem, rank, dims, &r));
  if (wf == wt) {
    for (int64_t i = 0; i < x->num_elements; i++)
      store_bits(to, cx_tensor_at(r, i), load_bits(from, cx_tensor_at(x, i)));
  } else if (wf > wt) {
    for (int64_t i = 0; i < x->num_elements; i++) {
      bits128_t b = load_bits(from, cx_tensor_at(x, i));
      for (int j = 0; j < ratio; j++)
        store_bits(to, cx_tensor_at(r, i * ratio + j), mask128(shr128(b, j * wt), wt));
    }
  } else {
    for (int64_t i = 0; i < r->num_elements; i++) {
      bits128_t b = {0, 0};
      for (int j = ratio; j-- > 0;) {
        bits128_t piece = load_bits(from, cx_tensor_at(x, i * ratio + j));
        b = shl128(b, wf);
        b.lo |= piece.lo;
        b.hi |= piece.hi;
      }
      store_bits(to, cx_tensor_at(r, i), b);
    }
  }
  results[0] = r;
  return NULL;
bad_widths:
  return cx_eval_error(op, CX_INVALID_ARGUMENT,
                       "cannot bitcast %s (%d bits) to %s (%d bits): widths must divide",
                       cx_elem_name(from), wf, cx_elem_name(to), wt);
}

// ----------------------------------------------------------------------------
// reduce_precision

// Applies reduce_precision to the raw bits of a float with the given
// layout (width, exponent and mantissa field sizes).
static uint64_t reduce_bits(uint64_t bits, int width, int src_e, int src_m, int e, int m) {
  if (m < src_m) {
    int shift = src_m - m;
    uint64_t last = 1ull << shift;
    uint64_t bias = (last >> 1) - 1;
    uint64_t last_bit = (bits & last) >> shift;
    bits = (bits + last_bit + bias) & ~(last - 1);  // round to nearest, ties to even
  }
  if (e < src_e) {
    uint64_t sign = 1ull << (width - 1);
    uint64_t exp_mask = ((1ull << src_e) - 1) << src_m;
    uint64_t src_bias = (1ull << (src_e - 1)) - 1;
    uint64_t reduced_bias = (1ull << (e - 1)) - 1;
    uint64_t max_exp = src_bias + reduced_bias, min_exp = src_bias - reduced_bias;
    uint64_t x = bits & exp_mask;
    if (x > (max_exp << src_m))
      bits = (bits & sign) | exp_mask;  // overflow: signed infinity
    else if (x <= (min_exp << src_m))
      bits = bits & sign;  // underflow: signed zero
  }
  return bits & mask_bits(width);
}

typedef struct precision {
  int exponent_bits, mantissa_bits;
} precision_t;

static cx_status_t reduce_precision_float(cx_eval_t* ev, const cx_op_t* op,
                                          cx_tensor_t* const* args,
                                          const cx_type_t* const* result_elems,
                                          cx_tensor_t** results, void* user_data) {
  (void)ev;
  const precision_t* pr = user_data;
  const cx_tensor_t* x = args[0];
  cx_elem_t e = x->elem;
  if (!cx_elem_is_float(e) || cx_type_is_quant(x->element))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "is not defined for operands of type %s",
                         cx_elem_name(e));
  if (!result_elems[0] || cx_type_elem(result_elems[0]) != e)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result element type differs from the operand's");
  // tf32 values are f32s in storage; reduce them as f32.
  cx_elem_t layout_elem = e == CX_ELEM_TF32 ? CX_ELEM_F32 : e;
  const cx_float_format_info_t* info = cx_float_format_info(cx_elem_float_format(layout_elem));
  int width = info->bits, src_e = info->exponent_bits, src_m = info->mantissa_bits;
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], x->rank, x->dims, &r));
  for (int64_t i = 0; i < x->num_elements; i++) {
    const void* p = cx_tensor_at(x, i);
    void* out = cx_tensor_at(r, i);
    double v = cx_load_float(e, p);
    if (isnan(v)) {
      if (pr->mantissa_bits > 0)
        memcpy(out, p, x->esize);
      else
        cx_store_float(e, out, INFINITY);
      continue;
    }
    if (!info->is_signed) {
      // f8E8M0FNU: no sign bit and no mantissa; its values are unchanged.
      memcpy(out, p, x->esize);
      continue;
    }
    uint64_t bits = reduce_bits(cx_scalar_float_bits(layout_elem, p), width, src_e, src_m,
                                pr->exponent_bits, pr->mantissa_bits);
    store_bits(layout_elem, out, (bits128_t){bits, 0});
    if (e == CX_ELEM_TF32) cx_store_float(e, out, cx_load_float(CX_ELEM_F32, out));
  }
  results[0] = r;
  return NULL;
}

static cx_status_t eval_reduce_precision(cx_eval_t* ev, const cx_op_t* op,
                                         cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_attr_t* ea = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_exponent_bits]);
  const cx_attr_t* ma = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_mantissa_bits]);
  if (!ea || ea->kind != CX_ATTR_INTEGER || !ma || ma->kind != CX_ATTR_INTEGER)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "needs integer exponent_bits and mantissa_bits attributes");
  int64_t eb = ea->integer, mb = ma->integer;
  if (eb < 1 || mb < 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "needs exponent_bits >= 1 and mantissa_bits >= 0, got %lld and %lld",
                         (long long)eb, (long long)mb);
  precision_t pr = {eb > 62 ? 62 : (int)eb, mb > 62 ? 62 : (int)mb};
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, reduce_precision_float, &pr);
  const cx_type_t* elem;
  CX_RETURN_IF_ERROR(cx_ew_result_element(op, 0, &elem));
  return reduce_precision_float(ev, op, args, &elem, results, &pr);
}

// ----------------------------------------------------------------------------
// uniform_quantize / uniform_dequantize

static cx_status_t eval_uniform_quantize(const cx_op_t* op, const cx_tensor_t* x,
                                         cx_tensor_t** results) {
  const cx_type_t* relem;
  CX_RETURN_IF_ERROR(cx_ew_result_element(op, 0, &relem));
  if (!cx_type_is_quant(relem))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result must have a quantized element type");
  cx_tensor_t* f = NULL;
  cx_status_t st = NULL;
  if (cx_type_is_quant(x->element)) {
    st = cx_dequantize_tensor(x, &f);  // requantization goes through real values
  } else if (!cx_elem_is_float(x->elem)) {
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand must be a float or quantized tensor");
  }
  if (!st) st = cx_quantize_tensor(f ? f : x, relem, &results[0]);
  cx_tensor_release(f);
  return cx_eval_wrap(op, st);
}

static cx_status_t eval_uniform_dequantize(const cx_op_t* op, const cx_tensor_t* x,
                                           cx_tensor_t** results) {
  const cx_type_t* relem;
  CX_RETURN_IF_ERROR(cx_ew_result_element(op, 0, &relem));
  if (!cx_type_is_quant(x->element))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand must be a quantized tensor");
  if (relem != x->element->quant.expressed)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "result element type must be the operand's expressed type");
  return cx_eval_wrap(op, cx_dequantize_tensor(x, &results[0]));
}

// ----------------------------------------------------------------------------

cx_status_t cx_eval_family_CONVERT(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  if (op->num_operands != 1 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one operand and one result");
  CX_RETURN_IF_ERROR(cx_ew_check_tensors(op, 1, args));
  switch (op->kind) {
    case CX_OP_CONVERT: {
      if (cx_op_is_quantized(op))
        return cx_eval_dequantize_op_quantize(ev, op, args, results, convert_float, NULL);
      const cx_type_t* elem;
      CX_RETURN_IF_ERROR(cx_ew_result_element(op, 0, &elem));
      return convert_float(ev, op, args, &elem, results, NULL);
    }
    case CX_OP_BITCAST_CONVERT: return eval_bitcast(ev, op, args[0], results);
    case CX_OP_REDUCE_PRECISION: return eval_reduce_precision(ev, op, args, results);
    case CX_OP_UNIFORM_QUANTIZE: return eval_uniform_quantize(op, args[0], results);
    case CX_OP_UNIFORM_DEQUANTIZE: return eval_uniform_dequantize(op, args[0], results);
    default: return cx_eval_error(op, CX_INTERNAL, "is not a conversion");
  }
}
