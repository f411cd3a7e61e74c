// Scalar access to elements in cxla's storage layout (docs/architecture.md,
// "Element storage layout"), and the scalar semantics every layer that
// computes on elements shares: the interpreter, the constant folder and the
// code generator's tests.
//
// Scalars move in one of three wide forms: int64 (integers, booleans;
// unsigned values keep their bit pattern), double (every real float kind)
// and a pair of doubles (complex). Loads are exact. Stores wrap integers to
// the element's width and round floats to nearest-even in the element's
// format, exactly as the spec's conversions do.
#ifndef CXLA_SUPPORT_SCALAR_H_
#define CXLA_SUPPORT_SCALAR_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/element_type.h"
#include "support/float_formats.h"

typedef struct cx_complex {
  double re;
  double im;
} cx_complex_t;

// The float format of a small float kind (f4E2M1FN .. tf32, bf16, f16).
static inline cx_float_format_t cx_elem_float_format(cx_elem_t e) {
  return (cx_float_format_t)(e - CX_ELEM_F4E2M1FN);
}

int64_t cx_load_int(cx_elem_t e, const void* p);         // sign/zero-extended per kind
double cx_load_float(cx_elem_t e, const void* p);        // real float kinds
cx_complex_t cx_load_complex(cx_elem_t e, const void* p);
// Any kind as double (ints converted, unsigned as unsigned; complex: real part).
double cx_load_as_double(cx_elem_t e, const void* p);

void cx_store_int(cx_elem_t e, void* p, int64_t v);      // wraps to the width
void cx_store_float(cx_elem_t e, void* p, double v);     // rounds to nearest even
void cx_store_complex(cx_elem_t e, void* p, cx_complex_t v);

// Rounds a double to the nearest value of a float element kind (as a store
// followed by a load would), e.g. to do arithmetic "in f32" or "in bf16".
double cx_scalar_round_float(cx_elem_t e, double v);

// The raw bit pattern of a real float element (f8/f6/f4 in the low bits,
// bf16/f16 16 bits, tf32 its 19 bits, f32, f64).
uint64_t cx_scalar_float_bits(cx_elem_t e, const void* p);
// Whether a float kind's encoding has a sign bit (all but f8E8M0FNU).
bool cx_scalar_float_is_signed(cx_elem_t e);
// A key whose signed-integer order is the IEEE totalOrder of the float
// element's encoding: -NaN < -Inf < ... < -0 < +0 < ... < +Inf < +NaN.
int64_t cx_scalar_total_order_key(cx_elem_t e, const void* p);

// The comparisons of StableHLO's check ops, shared by the interpreter and
// compiled programs. The distance in units in the last place between two
// values of a real float kind (check.expect_close); UINT64_MAX when they are
// not comparable (an infinity against another value, NaN against a number).
uint64_t cx_scalar_ulp_distance(cx_elem_t e, const void* a, const void* b);
// check.expect_almost_eq: |a - b| <= tol for finite values of equal sign; an
// infinity matches only itself, NaN only NaN.
bool cx_scalar_almost_equal(double a, double b, double tol);

// StableHLO maximum/minimum on doubles: NaN if either is NaN, and -0 < +0.
double cx_scalar_fmax(double a, double b);
double cx_scalar_fmin(double a, double b);

// Float to integer as `convert` does: truncation toward zero; NaN gives 0;
// values beyond the destination range saturate to its min/max (LLVM
// APFloat::convertToInteger, which the reference interpreter uses).
int64_t cx_scalar_float_to_int(double v, cx_elem_t to);
// Integer to float with one rounding to `to` (no double rounding for 64-bit
// integers whose value does not fit a double exactly). `is_unsigned` says
// how to read v's bits. Returns a double that cx_store_float stores exactly
// as the correctly rounded result.
double cx_scalar_int_to_float(int64_t v, bool is_unsigned, cx_elem_t to);
// nextafter(x, y) in a real float element's own encoding (as C's nextafter
// for that type; the FNUZ formats step over their missing -0).
void cx_scalar_next_after(cx_elem_t e, const void* px, const void* py, void* out);
// Converts one element between any two element kinds (bool, ints, floats,
// complex) with the semantics of stablehlo.convert.
void cx_scalar_convert(cx_elem_t from, const void* src, cx_elem_t to, void* dst);

#endif  // CXLA_SUPPORT_SCALAR_H_
