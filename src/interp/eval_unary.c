// Elementwise unary ops: abs, cbrt, ceil, cosine, count_leading_zeros,
// exponential, exponential_minus_one, floor, imag, is_finite, log,
// log_plus_one, logistic, negate, not, popcnt, real, round_nearest_afz,
// round_nearest_even, rsqrt, sign, sine, sqrt, tan, tanh.
//
// Floats of every width are computed in double and rounded once to the
// element type (correctly rounded for sqrt; within the libm's accuracy for
// the transcendental functions). Integers wrap to their width (abs and
// negate of the minimum value give the minimum value). Quantized operands
// follow the spec's dequantize-op-quantize (quant.h).
#include <math.h>
#include <stdlib.h>

#include "interp/elementwise.h"
#include "interp/interp.h"
#include "interp/quant.h"
#include "support/cmplx.h"

typedef enum operand_class {
  CLASS_BOOL,
  CLASS_INT,
  CLASS_FLOAT,
  CLASS_COMPLEX,
} operand_class_t;

static operand_class_t class_of(cx_elem_t e) {
  if (e == CX_ELEM_I1) return CLASS_BOOL;
  if (cx_elem_is_integer(e)) return CLASS_INT;
  if (cx_elem_is_complex(e)) return CLASS_COMPLEX;
  return CLASS_FLOAT;
}

static int64_t unary_int(cx_op_kind_t k, cx_elem_t e, int64_t v) {
  int w = cx_elem_bit_width(e);
  uint64_t mask = w == 64 ? ~0ull : ((1ull << w) - 1);
  uint64_t u = (uint64_t)v & mask;
  switch (k) {
    case CX_OP_ABS:
      return cx_elem_is_unsigned_int(e) || v >= 0 ? v : (int64_t)(0 - (uint64_t)v);
    case CX_OP_NEGATE: return (int64_t)(0 - (uint64_t)v);
    case CX_OP_SIGN:
      if (cx_elem_is_unsigned_int(e)) return v != 0;
      return v < 0 ? -1 : v > 0;
    case CX_OP_NOT: return (int64_t)~(uint64_t)v;
    case CX_OP_POPCNT: return __builtin_popcountll(u);
    case CX_OP_COUNT_LEADING_ZEROS: return u ? w - (64 - __builtin_clzll(u)) : w;
    default: return 0;
  }
}

static double sign_real(double x) {
  if (isnan(x) || x == 0) return x;  // NaN, -0 and +0 are their own sign
  return x < 0 ? -1.0 : 1.0;
}

static double unary_real(cx_op_kind_t k, double x) {
  switch (k) {
    case CX_OP_ABS: return fabs(x);
    case CX_OP_CBRT: return cbrt(x);
    case CX_OP_CEIL: return ceil(x);
    case CX_OP_COSINE: return cos(x);
    case CX_OP_EXPONENTIAL: return exp(x);
    case CX_OP_EXPONENTIAL_MINUS_ONE: return expm1(x);
    case CX_OP_FLOOR: return floor(x);
    case CX_OP_IMAG: return 0.0;
    case CX_OP_REAL: return x;
    case CX_OP_IS_FINITE: return isfinite(x) ? 1.0 : 0.0;
    case CX_OP_LOG: return log(x);
    case CX_OP_LOG_PLUS_ONE: return log1p(x);
    case CX_OP_LOGISTIC: return 1.0 / (1.0 + exp(-x));
    case CX_OP_NEGATE: return -x;
    case CX_OP_ROUND_NEAREST_AFZ: return round(x);
    case CX_OP_ROUND_NEAREST_EVEN: return nearbyint(x);  // default mode: ties to even
    case CX_OP_RSQRT: return 1.0 / sqrt(x);
    case CX_OP_SIGN: return sign_real(x);
    case CX_OP_SINE: return sin(x);
    case CX_OP_SQRT: return sqrt(x);
    case CX_OP_TAN: return tan(x);
    case CX_OP_TANH: return tanh(x);
    default: return NAN;
  }
}

// expm1 and log1p keep their accuracy near zero by avoiding the
// cancellation of exp(z) - 1 and log(1 + z).
static double complex complex_expm1(double complex z) {
  double x = creal(z), y = cimag(z);
  double s = sin(y * 0.5);
  double re = expm1(x) * cos(y) - 2.0 * s * s;
  return cx_make_complex(re, exp(x) * sin(y));
}

static double complex complex_log1p(double complex z) {
  double x = creal(z), y = cimag(z);
  // |1 + z|^2 = 1 + (2x + x^2 + y^2)
  double re = 0.5 * log1p(x * (2.0 + x) + y * y);
  if (!isfinite(re) || fabs(x) > 0.5 || fabs(y) > 0.5) re = log(cabs(1.0 + z));
  return cx_make_complex(re, atan2(y, 1.0 + x));
}

static double complex complex_sign(double complex z) {
  double x = creal(z), y = cimag(z);
  if (isnan(x) || isnan(y)) return cx_make_complex(NAN, NAN);
  if (x == 0 && y == 0) return cx_make_complex(0.0, 0.0);
  double m = cabs(z);
  if (isinf(m)) {
    // Directions of infinite values: (+-1, 0), (0, +-1) or the diagonal.
    double rx = isinf(x) ? copysign(1.0, x) : 0.0 * x, ry = isinf(y) ? copysign(1.0, y) : 0.0 * y;
    double n = sqrt(rx * rx + ry * ry);
    return cx_make_complex(rx / n, ry / n);
  }
  return cx_make_complex(x / m, y / m);
}

static double complex unary_complex(cx_op_kind_t k, double complex z) {
  switch (k) {
    case CX_OP_CBRT: {
      double theta = atan2(cimag(z), creal(z)) / 3.0;
      double r = pow(creal(z) * creal(z) + cimag(z) * cimag(z), 1.0 / 6.0);
      return cx_make_complex(r * cos(theta), r * sin(theta));
    }
    case CX_OP_COSINE: return ccos(z);
    case CX_OP_EXPONENTIAL: return cexp(z);
    case CX_OP_EXPONENTIAL_MINUS_ONE: return complex_expm1(z);
    case CX_OP_LOG: return clog(z);
    case CX_OP_LOG_PLUS_ONE: return complex_log1p(z);
    case CX_OP_LOGISTIC: return 1.0 / (1.0 + cexp(-z));
    case CX_OP_NEGATE: return -z;
    case CX_OP_RSQRT: return 1.0 / csqrt(z);
    case CX_OP_SIGN: return complex_sign(z);
    case CX_OP_SINE: return csin(z);
    case CX_OP_SQRT: return csqrt(z);
    case CX_OP_TAN: return ctan(z);
    case CX_OP_TANH: return ctanh(z);
    default: return cx_make_complex(NAN, NAN);
  }
}

static cx_status_t eval_unary_float(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    const cx_type_t* const* result_elems, cx_tensor_t** results,
                                    void* user_data) {
  (void)ev;
  (void)user_data;
  const cx_tensor_t* x = args[0];
  cx_op_kind_t k = op->kind;
  cx_elem_t in = x->elem;
  // Verified (infer_unary.c): the operand's element class suits the op and
  // the result element type follows from it.
  operand_class_t cls = class_of(in);
  cx_tensor_t* r;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, result_elems[0], x->rank, x->dims, &r));
  cx_elem_t out = r->elem;
  int64_t n = x->num_elements;
  switch (cls) {
    case CLASS_BOOL:
    case CLASS_INT:
      for (int64_t i = 0; i < n; i++)
        cx_store_int(out, cx_tensor_at(r, i), unary_int(k, in, cx_load_int(in, cx_tensor_at(x, i))));
      break;
    case CLASS_FLOAT:
      for (int64_t i = 0; i < n; i++) {
        double v = unary_real(k, cx_load_float(in, cx_tensor_at(x, i)));
        if (out == CX_ELEM_I1)
          cx_store_int(out, cx_tensor_at(r, i), v != 0);
        else
          cx_store_float(out, cx_tensor_at(r, i), v);
      }
      break;
    case CLASS_COMPLEX:
      for (int64_t i = 0; i < n; i++) {
        cx_complex_t c = cx_load_complex(in, cx_tensor_at(x, i));
        void* dst = cx_tensor_at(r, i);
        switch (k) {
          case CX_OP_ABS: cx_store_float(out, dst, hypot(c.re, c.im)); break;
          case CX_OP_REAL: cx_store_float(out, dst, c.re); break;
          case CX_OP_IMAG: cx_store_float(out, dst, c.im); break;
          default: {
            double complex z = unary_complex(k, cx_make_complex(c.re, c.im));
            cx_store_complex(out, dst, (cx_complex_t){creal(z), cimag(z)});
          }
        }
      }
      break;
  }
  results[0] = r;
  return NULL;
}

cx_status_t cx_eval_family_UNARY(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 cx_tensor_t** results) {
  if (cx_op_is_quantized(op))
    return cx_eval_dequantize_op_quantize(ev, op, args, results, eval_unary_float, NULL);
  const cx_type_t* elem = op->results[0].type->tensor.element;
  return eval_unary_float(ev, op, args, &elem, results, NULL);
}
