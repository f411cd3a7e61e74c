// Shared scalar semantics of the elementwise families (see elementwise.h).
#include "interp/elementwise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support/float_formats.h"

cx_status_t cx_ew_check_tensors(const cx_op_t* op, uint32_t n, cx_tensor_t* const* ts) {
  for (uint32_t i = 0; i < n; i++)
    if (!ts[i] || ts[i]->kind != CX_VALUE_TENSOR)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand #%u is not a tensor", i);
  return NULL;
}

cx_status_t cx_ew_check_shapes(const cx_op_t* op, uint32_t n, cx_tensor_t* const* ts) {
  CX_RETURN_IF_ERROR(cx_ew_check_tensors(op, n, ts));
  for (uint32_t i = 1; i < n; i++) {
    bool same = ts[i]->rank == ts[0]->rank;
    for (uint32_t d = 0; same && d < ts[0]->rank; d++) same = ts[i]->dims[d] == ts[0]->dims[d];
    if (!same) {
      char* a = cx_tensor_type_string(ts[0]);
      char* b = cx_tensor_type_string(ts[i]);
      cx_status_t st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                                     "operands #0 and #%u have different shapes: %s vs %s", i,
                                     a ? a : "?", b ? b : "?");
      free(a);
      free(b);
      return st;
    }
  }
  return NULL;
}

cx_status_t cx_ew_result_element(const cx_op_t* op, uint32_t i, const cx_type_t** out) {
  *out = NULL;
  if (i >= op->num_results || !cx_type_is_tensor(op->results[i].type))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "result #%u is not a tensor", i);
  *out = op->results[i].type->tensor.element;
  return NULL;
}

double cx_ew_fmax(double a, double b) {
  if (isnan(a)) return a;
  if (isnan(b)) return b;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}

double cx_ew_fmin(double a, double b) {
  if (isnan(a)) return a;
  if (isnan(b)) return b;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}

int cx_ew_float_width(cx_elem_t e) { return cx_elem_bit_width(e); }

bool cx_ew_float_is_signed(cx_elem_t e) { return e != CX_ELEM_F8E8M0FNU; }

uint64_t cx_ew_float_bits(cx_elem_t e, const void* p) {
  switch (e) {
    case CX_ELEM_F64: {
      uint64_t b;
      memcpy(&b, p, 8);
      return b;
    }
    case CX_ELEM_F32: {
      uint32_t b;
      memcpy(&b, p, 4);
      return b;
    }
    case CX_ELEM_TF32: {
      uint32_t b;
      memcpy(&b, p, 4);
      return b >> 13;
    }
    case CX_ELEM_BF16:
    case CX_ELEM_F16: {
      uint16_t b;
      memcpy(&b, p, 2);
      return b;
    }
    default: {
      int w = cx_elem_bit_width(e);
      return *(const uint8_t*)p & ((1u << w) - 1);
    }
  }
}

int64_t cx_ew_total_order_key(cx_elem_t e, const void* p) {
  uint64_t b = cx_ew_float_bits(e, p);
  if (!cx_ew_float_is_signed(e)) return (int64_t)b;
  int w = cx_ew_float_width(e);
  uint64_t sign = b >> (w - 1);
  uint64_t mag = b & ((w == 64) ? ~(1ull << 63) : ((1ull << (w - 1)) - 1));
  // The FNUZ formats have no -0: that pattern is their only NaN, which
  // orders above +Inf like a positive NaN.
  if (sign && mag == 0 && cx_elem_is_float(e) && e != CX_ELEM_TF32 && w <= 16 &&
      !cx_float_format_info((cx_float_format_t)(e - CX_ELEM_F4E2M1FN))->has_negative_zero)
    return INT64_MAX;
  return sign ? -(int64_t)mag - 1 : (int64_t)mag;
}

int64_t cx_ew_float_to_int(double v, cx_elem_t to) {
  if (isnan(v)) return 0;
  double t = trunc(v);
  int w = cx_elem_bit_width(to);
  if (to == CX_ELEM_I1) return t != 0;
  if (cx_elem_is_unsigned_int(to)) {
    if (t <= 0) return 0;
    double lim = ldexp(1.0, w);  // 2^w, exact
    if (t >= lim) return w == 64 ? (int64_t)UINT64_MAX : (int64_t)((1ull << w) - 1);
    return w == 64 ? (int64_t)(uint64_t)t : (int64_t)t;
  }
  double lim = ldexp(1.0, w - 1);  // 2^(w-1)
  if (t >= lim) return w == 64 ? INT64_MAX : (int64_t)((1ull << (w - 1)) - 1);
  if (t < -lim) return w == 64 ? INT64_MIN : -(int64_t)(1ull << (w - 1));
  return (int64_t)t;
}

double cx_ew_int_to_float(int64_t v, bool is_unsigned, cx_elem_t to) {
  if (to == CX_ELEM_F64) return is_unsigned ? (double)(uint64_t)v : (double)v;
  if (to == CX_ELEM_F32) return is_unsigned ? (double)(float)(uint64_t)v : (double)(float)v;
  bool neg = !is_unsigned && v < 0;
  uint64_t m = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  if (m >> 53) {
    // Round to odd at 53 bits: keeps the sticky information, so the final
    // rounding to a format of at most 24 bits is the correctly rounded one.
    int len = 64 - __builtin_clzll(m);
    int s = len - 53;
    uint64_t low = m & ((1ull << s) - 1);
    m = (m >> s) << s;
    if (low) m |= 1ull << s;
  }
  double d = (double)m;  // exact
  return neg ? -d : d;
}

void cx_ew_convert_element(cx_elem_t from, const void* src, cx_elem_t to, void* dst) {
  if (cx_elem_is_complex(to)) {
    cx_complex_t c = {0, 0};
    cx_elem_t comp = cx_elem_complex_component(to);
    if (cx_elem_is_complex(from)) {
      c = cx_load_complex(from, src);
    } else if (cx_elem_is_float(from)) {
      c.re = cx_load_float(from, src);
    } else {
      c.re = cx_ew_int_to_float(cx_load_int(from, src), cx_elem_is_unsigned_int(from), comp);
    }
    cx_store_complex(to, dst, c);  // rounds each part to the component type
    return;
  }
  if (to == CX_ELEM_I1) {
    bool nz;
    if (cx_elem_is_complex(from)) {
      // Complex to anything real keeps the real part, also for i1 (as the
      // reference interpreter and the spec's interpreter tests do).
      nz = cx_load_complex(from, src).re != 0;
    } else if (cx_elem_is_float(from)) {
      nz = cx_load_float(from, src) != 0;  // NaN is non-zero
    } else {
      nz = cx_load_int(from, src) != 0;
    }
    cx_store_int(to, dst, nz);
    return;
  }
  if (cx_elem_is_integer(to)) {
    int64_t v;
    if (cx_elem_is_complex(from))
      v = cx_ew_float_to_int(cx_load_complex(from, src).re, to);
    else if (cx_elem_is_float(from))
      v = cx_ew_float_to_int(cx_load_float(from, src), to);
    else
      v = cx_load_int(from, src);  // wraps (two's complement) on store
    cx_store_int(to, dst, v);
    return;
  }
  // A real float destination.
  double d;
  if (cx_elem_is_complex(from))
    d = cx_load_complex(from, src).re;
  else if (cx_elem_is_float(from))
    d = cx_load_float(from, src);
  else
    d = cx_ew_int_to_float(cx_load_int(from, src), cx_elem_is_unsigned_int(from), to);
  cx_store_float(to, dst, d);
}
