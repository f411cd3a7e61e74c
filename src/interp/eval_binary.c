// Elementwise binary ops: add, and, atan2, complex, divide, maximum, minimum,
// multiply, or, power, remainder, shift_left, shift_right_arithmetic,
// shift_right_logical, subtract, xor.
//
// Integers wrap to their width. Integer division and remainder by zero and
// the one overflowing division follow XLA (the spec leaves them
// implementation-defined): x / 0 is -1 (all ones; the maximum for unsigned
// types), x % 0 is x, INT_MIN / -1 is INT_MIN and INT_MIN % -1 is 0.
// Remainder takes the sign of the dividend (C's % and fmod). Shifts by an
// amount outside [0, width) -- read as unsigned, so negative amounts too --
// give 0, except arithmetic right shifts, which give the sign fill.
// Integer power with a negative exponent is 0 unless |base| = 1 (then
// base^|exponent|), as in the reference interpreter. Booleans: add is or,
// multiply is and, maximum is or, minimum is and.
//
// Floats are computed in double and rounded once to the element type
// (exact rounding for + - * / and fmod). Complex multiply rounds each
// product and sum to the component type, like a straightforward complex
// multiply in that type; complex divide, power and atan2 are computed in
// double complex and rounded.
#include <math.h>
#include <stdlib.h>

#include "interp/elementwise.h"
#include "interp/interp.h"
#include "interp/quant.h"
#include "support/cmplx.h"

static uint64_t width_mask(int w) { return w >= 64 ? ~0ull : ((1ull << w) - 1); }

static int64_t sign_extend(uint64_t u, int w) {
  if (w >= 64) return (int64_t)u;
  uint64_t m = 1ull << (w - 1);
  u &= width_mask(w);
  return (int64_t)((u ^ m) - m);
}

static int64_t int_power(int64_t base, int64_t exponent, bool is_signed) {
  uint64_t e = (uint64_t)exponent;
  if (is_signed && exponent < 0) {
    if (base != 1 && base != -1) return 0;
    e = 0 - e;  // |exponent|, also for INT64_MIN
  }
  uint64_t result = 1, b = (uint64_t)base;
  while (e) {
    if (e & 1) result *= b;
    b *= b;
    e >>= 1;
  }
  return (int64_t)result;
}

// Returns false if the op is not defined on integers of this kind.
static bool binary_int(cx_op_kind_t k, cx_elem_t e, int64_t a, int64_t b, int64_t* out) {
  int w = cx_elem_bit_width(e);
  bool is_unsigned = cx_elem_is_unsigned_int(e);
  uint64_t ua = (uint64_t)a & width_mask(w), ub = (uint64_t)b & width_mask(w);
  switch (k) {
    case CX_OP_ADD: *out = (int64_t)((uint64_t)a + (uint64_t)b); return true;
    case CX_OP_SUBTRACT: *out = (int64_t)((uint64_t)a - (uint64_t)b); return true;
    case CX_OP_MULTIPLY: *out = (int64_t)((uint64_t)a * (uint64_t)b); return true;
    case CX_OP_AND: *out = a & b; return true;
    case CX_OP_OR: *out = a | b; return true;
    case CX_OP_XOR: *out = a ^ b; return true;
    case CX_OP_DIVIDE:
      if (ub == 0) {
        *out = -1;
      } else if (is_unsigned) {
        *out = (int64_t)(ua / ub);
      } else if (b == -1) {
        *out = (int64_t)(0 - (uint64_t)a);  // INT_MIN / -1 wraps to INT_MIN
      } else {
        *out = a / b;
      }
      return true;
    case CX_OP_REMAINDER:
      if (ub == 0) {
        *out = a;
      } else if (is_unsigned) {
        *out = (int64_t)(ua % ub);
      } else if (b == -1) {
        *out = 0;
      } else {
        *out = a % b;
      }
      return true;
    case CX_OP_MAXIMUM:
      *out = is_unsigned ? (ua > ub ? a : b) : (a > b ? a : b);
      return true;
    case CX_OP_MINIMUM:
      *out = is_unsigned ? (ua < ub ? a : b) : (a < b ? a : b);
      return true;
    case CX_OP_POWER: *out = int_power(a, b, !is_unsigned); return true;
    case CX_OP_SHIFT_LEFT: *out = ub >= (uint64_t)w ? 0 : (int64_t)(ua << ub); return true;
    case CX_OP_SHIFT_RIGHT_LOGICAL: *out = ub >= (uint64_t)w ? 0 : (int64_t)(ua >> ub); return true;
    case CX_OP_SHIFT_RIGHT_ARITHMETIC: {
      int64_t s = sign_extend(ua, w);  // unsigned kinds shift their top bit in too
      if (ub >= (uint64_t)w) ub = (uint64_t)w - 1;
      *out = s >> ub;  // gcc and clang shift signed values arithmetically
      return true;
    }
    default: return false;
  }
}

static bool binary_bool(cx_op_kind_t k, int64_t a, int64_t b, int64_t* out) {
  switch (k) {
    case CX_OP_ADD:
    case CX_OP_OR:
    case CX_OP_MAXIMUM: *out = a | b; return true;
    case CX_OP_MULTIPLY:
    case CX_OP_AND:
    case CX_OP_MINIMUM: *out = a & b; return true;
    case CX_OP_XOR: *out = a ^ b; return true;
    default: return false;
  }
}

static bool binary_real(cx_op_kind_t k, double a, double b, double* out) {
  switch (k) {
    case CX_OP_ADD: *out = a + b; return true;
    case CX_OP_SUBTRACT: *out = a - b; return true;
    case CX_OP_MULTIPLY: *out = a * b; return true;
    case CX_OP_DIVIDE: *out = a / b; return true;
    case CX_OP_REMAINDER: *out = fmod(a, b); return true;
    case CX_OP_MAXIMUM: *out = cx_scalar_fmax(a, b); return true;
    case CX_OP_MINIMUM: *out = cx_scalar_fmin(a, b); return true;
    case CX_OP_POWER: *out = pow(a, b); return true;
    case CX_OP_ATAN2: *out = atan2(a, b); return true;
    default: return false;
  }
}

// Rounds to the component type of a complex kind (for per-step rounding).
static double round_component(cx_elem_t comp, double v) {
  return comp == CX_ELEM_F32 ? (double)(float)v : v;
}

// Lexicographic order on (real, imag), as the reference interpreter orders
// complex numbers for maximum and minimum.
static bool complex_greater(cx_complex_t a, cx_complex_t b) {
  return a.re == b.re ? a.im > b.im : a.re > b.re;
}
static bool complex_less(cx_complex_t a, cx_complex_t b) {
  return a.re == b.re ? a.im < b.im : a.re < b.re;
}

static bool binary_complex(cx_op_kind_t k, cx_elem_t e, cx_complex_t a, cx_complex_t b,
                           cx_complex_t* out) {
  cx_elem_t comp = cx_elem_complex_component(e);
  double complex za = cx_make_complex(a.re, a.im), zb = cx_make_complex(b.re, b.im), z;
  switch (k) {
    case CX_OP_ADD: *out = (cx_complex_t){a.re + b.re, a.im + b.im}; return true;
    case CX_OP_SUBTRACT: *out = (cx_complex_t){a.re - b.re, a.im - b.im}; return true;
    case CX_OP_MULTIPLY: {
      double rr = round_component(comp, a.re * b.re), ii = round_component(comp, a.im * b.im);
      double ri = round_component(comp, a.re * b.im), ir = round_component(comp, a.im * b.re);
      *out = (cx_complex_t){rr - ii, ri + ir};
      return true;
    }
    case CX_OP_DIVIDE: z = za / zb; break;
    case CX_OP_POWER: z = cpow(za, zb); break;
    case CX_OP_MAXIMUM: *out = complex_greater(a, b) ? a : b; return true;
    case CX_OP_MINIMUM: *out = complex_less(a, b) ? a : b; return true;
    case CX_OP_ATAN2: {
      // atan2(y, x) = -i * log((x + i*y) / sqrt(x^2 + y^2)), y = lhs, x = rhs.
      // Multiplying by +-i is a swap of parts (exact, also for infinities).
      double complex iy = cx_make_complex(-cimag(za), creal(za));
      double complex l = clog((zb + iy) / csqrt(zb * zb + za * za));
      z = cx_make_complex(cimag(l), -creal(l));
      break;
    }
    default: return false;
  }
  *out = (cx_complex_t){creal(z), cimag(z)};
  return true;
}

static cx_status_t undefined_for(const cx_op_t* op, cx_elem_t e) {
  return cx_eval_error(op, CX_INVALID_ARGUMENT, "is not defined for operands of type %s",
                       cx_elem_name(e));
}

static cx_status_t eval_binary_float(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                     const cx_type_t* const* result_elems, cx_tensor_t** results,
                                     void* user_data) {
  (void)ev;
  (void)user_data;
  const cx_tensor_t* x = args[0];
  const cx_tensor_t* y = args[1];
  cx_op_kind_t k = op->kind;
  // Verified (infer_binary.c): the operands have one element type of the
  // op's classes, and the result element type is theirs (complex<E> for
  // complex).
  cx_elem_t e = x->elem;
  cx_elem_t want = cx_type_elem(result_elems[0]);
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], x->rank, x->dims, &r));
  int64_t n = x->num_elements;
  cx_status_t st = NULL;
  if (k == CX_OP_COMPLEX) {
    for (int64_t i = 0; i < n; i++) {
      cx_complex_t c = {cx_load_float(e, cx_tensor_at(x, i)), cx_load_float(e, cx_tensor_at(y, i))};
      cx_store_complex(want, cx_tensor_at(r, i), c);
    }
  } else if (e == CX_ELEM_I1) {
    int64_t v;
    if (!binary_bool(k, 0, 0, &v)) st = undefined_for(op, e);
    for (int64_t i = 0; i < n && !st; i++) {
      binary_bool(k, cx_load_int(e, cx_tensor_at(x, i)), cx_load_int(e, cx_tensor_at(y, i)), &v);
      cx_store_int(e, cx_tensor_at(r, i), v);
    }
  } else if (cx_elem_is_integer(e)) {
    int64_t v;
    if (!binary_int(k, e, 1, 1, &v)) st = undefined_for(op, e);
    for (int64_t i = 0; i < n && !st; i++) {
      binary_int(k, e, cx_load_int(e, cx_tensor_at(x, i)), cx_load_int(e, cx_tensor_at(y, i)), &v);
      cx_store_int(e, cx_tensor_at(r, i), v);
    }
  } else if (cx_elem_is_float(e)) {
    double v;
    if (!binary_real(k, 1, 1, &v)) st = undefined_for(op, e);
    for (int64_t i = 0; i < n && !st; i++) {
      binary_real(k, cx_load_float(e, cx_tensor_at(x, i)), cx_load_float(e, cx_tensor_at(y, i)),
                  &v);
      cx_store_float(e, cx_tensor_at(r, i), v);
    }
  } else if (cx_elem_is_complex(e)) {
    cx_complex_t v, one = {1, 0};
    if (!binary_complex(k, e, one, one, &v)) st = undefined_for(op, e);
    for (int64_t i = 0; i < n && !st; i++) {
      binary_complex(k, e, cx_load_complex(e, cx_tensor_at(x, i)),
                     cx_load_complex(e, cx_tensor_at(y, i)), &v);
      cx_store_complex(e, cx_tensor_at(r, i), v);
    }
  } else {
    st = undefined_for(op, e);
  }
  return cx_tensor_finish(st, r, &results[0]);
}

cx_status_t cx_eval_family_BINARY(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                  cx_tensor_t** results) {
  // Dynamic dims of the two operands may still differ at run time.
  CX_RETURN_IF_ERROR(cx_ew_check_shapes(op, 2, args));
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, eval_binary_float, NULL);
  const cx_type_t* elem = op->results[0].type->tensor.element;
  return eval_binary_float(ev, op, args, &elem, results, NULL);
}
