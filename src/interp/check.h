// Tensor comparison for the check ops (check.expect_*) and the testdata's
// custom-call checks (@check.expect_eq, @check.expect_close, ...). Shared by
// eval_check.c and eval_custom_call.c.
#ifndef CXLA_INTERP_CHECK_H_
#define CXLA_INTERP_CHECK_H_

#include <stdint.h>

#include "interp/interp.h"

typedef enum cx_check_mode {
  // Exact: integers and booleans equal; floats equal as IEEE values (+0 ==
  // -0) or both NaN; complex numbers part by part.
  CX_CHECK_EQ,
  // |actual - expected| <= tolerance for finite floats of the same sign;
  // non-finite values must be equal (NaN matches NaN). Complex: both parts.
  // Integers and booleans compare exactly.
  CX_CHECK_ALMOST_EQ,
  // min_ulp <= ulp_distance(actual, expected) <= max_ulp, the distance
  // counted in the element type's own encoding; non-finite values must be
  // bitwise equal or both NaN. Complex: the larger of the parts' distances.
  // Integers and booleans compare exactly.
  CX_CHECK_CLOSE,
} cx_check_mode_t;

typedef struct cx_check_spec {
  cx_check_mode_t mode;
  double tolerance;  // CX_CHECK_ALMOST_EQ
  uint64_t min_ulp;  // CX_CHECK_CLOSE
  uint64_t max_ulp;
} cx_check_spec_t;

// Compares two tensors element by element. On a mismatch returns
// CX_FAILED_PRECONDITION naming `what` (e.g. "check.expect_close"), the first
// mismatching index, both values, the tolerance and the mismatch count; on
// differing shapes or element types a CX_FAILED_PRECONDITION as well.
CX_MUST_USE cx_status_t cx_check_compare(const cx_op_t* op, const char* what,
                                         const cx_tensor_t* actual, const cx_tensor_t* expected,
                                         const cx_check_spec_t* spec);

#endif  // CXLA_INTERP_CHECK_H_
