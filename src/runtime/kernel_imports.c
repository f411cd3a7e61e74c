// The import table of generated kernels (cxla/kernel_abi.h): libm's
// functions in double precision, the special functions of CHLO
// (support/special_functions.h), complex functions, and the conversions of
// the small float formats. Generated code computes f32 and narrower floats
// inline where it can and calls these for exactness or rarity; each
// function here is the runtime's own definition (the interpreter has its
// own, so that testing one against the other means something).
#include <math.h>
#include <stdio.h>

#include "runtime/kernel_imports.h"
#include "support/cmplx.h"
#include "support/float_formats.h"
#include "support/scalar.h"
#include "support/special_functions.h"

// ---- complex helpers: kernels pass complex numbers as double[2] ----------------------

static double complex cin(const double* p) { return cx_make_complex(p[0], p[1]); }
static void cout_(double complex z, double* out) {
  out[0] = creal(z);
  out[1] = cimag(z);
}

#define CX_C_UNARY_(name, expr)                          \
  static void name(const double* in, double* out) {     \
    double complex z = cin(in);                          \
    cout_((expr), out);                                  \
  }
CX_C_UNARY_(ki_cexp, cexp(z))
CX_C_UNARY_(ki_clog, clog(z))
CX_C_UNARY_(ki_csqrt, csqrt(z))
CX_C_UNARY_(ki_crsqrt, 1.0 / csqrt(z))
CX_C_UNARY_(ki_csin, csin(z))
CX_C_UNARY_(ki_ccos, ccos(z))
CX_C_UNARY_(ki_ctan, ctan(z))
CX_C_UNARY_(ki_ctanh, ctanh(z))
CX_C_UNARY_(ki_clogistic, 1.0 / (1.0 + cexp(-z)))
CX_C_UNARY_(ki_cacos, cacos(z))
CX_C_UNARY_(ki_casin, casin(z))
CX_C_UNARY_(ki_catan, catan(z))
CX_C_UNARY_(ki_cacosh, cacosh(z))
CX_C_UNARY_(ki_casinh, casinh(z))
CX_C_UNARY_(ki_catanh, catanh(z))
CX_C_UNARY_(ki_ccosh, ccosh(z))
CX_C_UNARY_(ki_csinh, csinh(z))
#undef CX_C_UNARY_

// exp(z) - 1 without cancellation near 0: the real part is
// expm1(x) cos(y) + (cos(y) - 1) = expm1(x) cos(y) - 2 sin^2(y/2).
static void ki_cexpm1(const double* in, double* out) {
  double x = in[0], y = in[1], h = sin(0.5 * y);
  out[0] = expm1(x) * cos(y) - 2.0 * h * h;
  out[1] = exp(x) * sin(y);
}

// log(1 + z): log|1 + z| = 0.5 log1p(2x + x^2 + y^2) near 0, where it is
// exact enough; the plain form elsewhere (and on overflow).
static void ki_clog1p(const double* in, double* out) {
  double x = in[0], y = in[1];
  double re = 0.5 * log1p(x * (2.0 + x) + y * y);
  if (!isfinite(re) || fabs(x) > 0.5 || fabs(y) > 0.5) re = log(hypot(1.0 + x, y));
  out[0] = re;
  out[1] = atan2(y, 1.0 + x);
}

// The principal cube root: |z|^(1/3) at a third of the argument.
static void ki_ccbrt(const double* in, double* out) {
  double theta = atan2(in[1], in[0]) / 3.0;
  double r = pow(in[0] * in[0] + in[1] * in[1], 1.0 / 6.0);
  out[0] = r * cos(theta);
  out[1] = r * sin(theta);
}

static void ki_cdiv(const double* a, const double* b, double* out) { cout_(cin(a) / cin(b), out); }
static void ki_cpow(const double* a, const double* b, double* out) {
  cout_(cpow(cin(a), cin(b)), out);
}
// atan2(y, x) on complex numbers: -i log((x + i y) / sqrt(x^2 + y^2)).
// Multiplying by i and -i swaps the parts (exact, also for infinities),
// where a complex multiply by I would make NaNs of infinite parts.
static void ki_catan2(const double* a, const double* b, double* out) {
  double complex y = cin(a), x = cin(b);
  double complex iy = cx_make_complex(-cimag(y), creal(y));
  double complex l = clog((x + iy) / csqrt(x * x + y * y));
  out[0] = cimag(l);
  out[1] = -creal(l);
}

// z / |z|, with the direction of infinite parts kept and NaN for NaN parts.
static void ki_csign(const double* in, double* out) {
  double x = in[0], y = in[1];
  if (isnan(x) || isnan(y)) {
    out[0] = out[1] = NAN;
    return;
  }
  if (x == 0 && y == 0) {
    out[0] = out[1] = 0.0;
    return;
  }
  double m = hypot(x, y);
  if (isinf(m)) {
    double rx = isinf(x) ? copysign(1.0, x) : 0.0 * x, ry = isinf(y) ? copysign(1.0, y) : 0.0 * y;
    double n = sqrt(rx * rx + ry * ry);
    out[0] = rx / n;
    out[1] = ry / n;
    return;
  }
  out[0] = x / m;
  out[1] = y / m;
}

// ---- real functions --------------------------------------------------------------------

static double ki_nextafterf(double a, double b) { return nextafterf((float)a, (float)b); }

static double ki_load_float(int32_t elem, uint64_t bits) {
  return cx_float_decode(cx_elem_float_format(elem), bits);
}
static uint64_t ki_store_float(int32_t elem, double value) {
  return cx_float_encode(cx_elem_float_format(elem), value);
}

static const void* const kImports[CX_KI_COUNT] = {
    [CX_KI_EXP] = (const void*)exp,
    [CX_KI_EXPM1] = (const void*)expm1,
    [CX_KI_LOG] = (const void*)log,
    [CX_KI_LOG1P] = (const void*)log1p,
    [CX_KI_SIN] = (const void*)sin,
    [CX_KI_COS] = (const void*)cos,
    [CX_KI_TAN] = (const void*)tan,
    [CX_KI_TANH] = (const void*)tanh,
    [CX_KI_CBRT] = (const void*)cbrt,
    [CX_KI_ATAN2] = (const void*)atan2,
    [CX_KI_POW] = (const void*)pow,
    [CX_KI_FMOD] = (const void*)fmod,
    [CX_KI_ACOS] = (const void*)acos,
    [CX_KI_ASIN] = (const void*)asin,
    [CX_KI_ATAN] = (const void*)atan,
    [CX_KI_ACOSH] = (const void*)acosh,
    [CX_KI_ASINH] = (const void*)asinh,
    [CX_KI_ATANH] = (const void*)atanh,
    [CX_KI_COSH] = (const void*)cosh,
    [CX_KI_SINH] = (const void*)sinh,
    [CX_KI_ERF] = (const void*)erf,
    [CX_KI_ERFC] = (const void*)erfc,
    [CX_KI_LGAMMA] = (const void*)cx_lgamma,  // libm's lgamma writes the global signgam
    [CX_KI_DIGAMMA] = (const void*)cx_digamma,
    [CX_KI_ERF_INV] = (const void*)cx_erf_inv,
    [CX_KI_BESSEL_I1E] = (const void*)cx_bessel_i1e,
    [CX_KI_SINH_F32_XLA] = (const void*)cx_sinh_f32_xla,
    [CX_KI_ZETA] = (const void*)cx_zeta,
    [CX_KI_POLYGAMMA] = (const void*)cx_polygamma,
    [CX_KI_NEXTAFTER] = (const void*)nextafter,
    [CX_KI_NEXTAFTERF] = (const void*)ki_nextafterf,
    [CX_KI_HYPOT] = (const void*)hypot,
    [CX_KI_CEXP] = (const void*)ki_cexp,
    [CX_KI_CEXPM1] = (const void*)ki_cexpm1,
    [CX_KI_CLOG] = (const void*)ki_clog,
    [CX_KI_CLOG1P] = (const void*)ki_clog1p,
    [CX_KI_CSQRT] = (const void*)ki_csqrt,
    [CX_KI_CRSQRT] = (const void*)ki_crsqrt,
    [CX_KI_CCBRT] = (const void*)ki_ccbrt,
    [CX_KI_CSIN] = (const void*)ki_csin,
    [CX_KI_CCOS] = (const void*)ki_ccos,
    [CX_KI_CTAN] = (const void*)ki_ctan,
    [CX_KI_CTANH] = (const void*)ki_ctanh,
    [CX_KI_CLOGISTIC] = (const void*)ki_clogistic,
    [CX_KI_CACOS] = (const void*)ki_cacos,
    [CX_KI_CASIN] = (const void*)ki_casin,
    [CX_KI_CATAN] = (const void*)ki_catan,
    [CX_KI_CACOSH] = (const void*)ki_cacosh,
    [CX_KI_CASINH] = (const void*)ki_casinh,
    [CX_KI_CATANH] = (const void*)ki_catanh,
    [CX_KI_CCOSH] = (const void*)ki_ccosh,
    [CX_KI_CSINH] = (const void*)ki_csinh,
    [CX_KI_CSIGN] = (const void*)ki_csign,
    [CX_KI_CDIV] = (const void*)ki_cdiv,
    [CX_KI_CPOW] = (const void*)ki_cpow,
    [CX_KI_CATAN2] = (const void*)ki_catan2,
    [CX_KI_LOAD_FLOAT] = (const void*)ki_load_float,
    [CX_KI_STORE_FLOAT] = (const void*)ki_store_float,
};

const void* const* cx_rt_kernel_imports(void) { return kImports; }

const char* cx_rt_kernel_failure(int32_t code) {
  switch (code) {
    case CX_KERNEL_FAIL_INDEX: return "index out of bounds";
    default: return "kernel failed";
  }
}

void cx_rt_format_view_type(const cx_buffer_view_t* v, char* buf, size_t size) {
  size_t n = (size_t)snprintf(buf, size, "tensor<");
  for (uint32_t i = 0; i < v->rank && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%lldx", (long long)v->dims[i]);
  if (n < size) snprintf(buf + n, size - n, "%s>", cx_elem_name(v->elem));
}
