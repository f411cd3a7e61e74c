// The NumPy dtypes of cxla's element kinds: what the interpreter's and the
// runtime's probes (interpreter.probe) write and accept, and what the tools
// read and save. One definition, so files written by either read back in
// the other.
#ifndef CXLA_SUPPORT_NPY_DTYPE_H_
#define CXLA_SUPPORT_NPY_DTYPE_H_

#include <stdbool.h>

#include "cxla/element_type.h"

// The dtype cxla writes for an element kind (never NULL for valid kinds).
const char* cx_npy_descr_for_elem(cx_elem_t e);
// True if an array with this dtype holds element kind e bit-exactly in
// cxla's storage layout.
bool cx_npy_descr_fits(const char* descr, cx_elem_t e);

#endif  // CXLA_SUPPORT_NPY_DTYPE_H_
