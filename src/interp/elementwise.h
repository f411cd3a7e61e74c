// Shared scalar semantics of the elementwise op families (unary, binary,
// select/clamp, compare, convert) and the check ops: the one definition of
// StableHLO's maximum/minimum on each element kind, raw float bits, float
// total order, and the integer/float conversions of `convert`.
#ifndef CXLA_INTERP_ELEMENTWISE_H_
#define CXLA_INTERP_ELEMENTWISE_H_

#include <stdbool.h>
#include <stdint.h>

#include "interp/interp.h"

// Checks that every tensor in `ts` has the shape of ts[0] (elementwise ops'
// operands); `what` names the operands in the message.
CX_MUST_USE cx_status_t cx_ew_check_shapes(const cx_op_t* op, uint32_t n,
                                           cx_tensor_t* const* ts);
// Checks the arguments are tensors (not tokens or tuples).
CX_MUST_USE cx_status_t cx_ew_check_tensors(const cx_op_t* op, uint32_t n,
                                            cx_tensor_t* const* ts);

// The element type of result `i` of the op (an element or quant type), or an
// error if the result is not a tensor.
CX_MUST_USE cx_status_t cx_ew_result_element(const cx_op_t* op, uint32_t i,
                                             const cx_type_t** out);

// StableHLO maximum/minimum on doubles: NaN if either is NaN, and -0 < +0.
double cx_ew_fmax(double a, double b);
double cx_ew_fmin(double a, double b);

// The raw bit pattern of a real float element (f8/f6/f4 in the low bits,
// bf16/f16 16 bits, tf32 its 19 bits, f32, f64).
uint64_t cx_ew_float_bits(cx_elem_t e, const void* p);
// Bit width of a float element's encoding and whether it has a sign bit.
int cx_ew_float_width(cx_elem_t e);
bool cx_ew_float_is_signed(cx_elem_t e);

// A key whose signed-integer order is the IEEE totalOrder of the float
// element's encoding: -NaN < -Inf < ... < -0 < +0 < ... < +Inf < +NaN.
int64_t cx_ew_total_order_key(cx_elem_t e, const void* p);

// Float to integer as `convert` does: truncation toward zero; NaN gives 0;
// values beyond the destination range saturate to its min/max (LLVM
// APFloat::convertToInteger, which the reference interpreter uses).
int64_t cx_ew_float_to_int(double v, cx_elem_t to);
// Integer to float with one rounding to `to` (no double rounding for 64-bit
// integers whose value does not fit a double exactly). `is_unsigned` says
// how to read v's bits. Returns a double that cx_store_float stores exactly
// as the correctly rounded result.
double cx_ew_int_to_float(int64_t v, bool is_unsigned, cx_elem_t to);

// Converts one element between any two element kinds (bool, ints, floats,
// complex) with the semantics of stablehlo.convert.
void cx_ew_convert_element(cx_elem_t from, const void* src, cx_elem_t to, void* dst);

#endif  // CXLA_INTERP_ELEMENTWISE_H_
