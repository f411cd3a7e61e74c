// The input syntax and value printing of cxla/values.h (declared there) and
// the internals they share with the interpreter's probes: NumPy dtypes,
// element type spellings, one-element formatting.
#ifndef CXLA_INTERP_INPUT_SPEC_H_
#define CXLA_INTERP_INPUT_SPEC_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/buffer.h"
#include "cxla/status.h"
#include "cxla/values.h"
#include "support/npy.h"
#include "support/npy_dtype.h"
#include "support/strbuf.h"

// ---- NumPy dtypes --------------------------------------------------------------

// cx_npy_descr_for_elem, cx_npy_descr_fits: support/npy_dtype.h.
// The element kind a dtype denotes on its own (CX_ELEM_INVALID for raw V
// dtypes and dtypes cxla has no kind for).
cx_elem_t cx_elem_from_npy_descr(const char* descr);

// ---- element type spellings ------------------------------------------------------

// "f32", "i8", "si8", "ui16", "bf16", "f8E4M3FN", "complex<f32>", "c64", "i1",
// "bool" -> kind; CX_ELEM_INVALID if unknown. `len` bytes of `name`.
cx_elem_t cx_elem_parse_name(const char* name, size_t len);

// ---- inputs ---------------------------------------------------------------------

// Parses a literal "2x3xf32=..." into *out (data malloc'ed).
CX_MUST_USE cx_status_t cx_input_parse_literal(const char* text, cx_input_t* out);

// ---- printing values -------------------------------------------------------------

// Appends one element as iree-run-module prints it ("1", "-2.5", "1E+06"
// (printf %G), "01" for a true i1); complex as "(re,im)".
void cx_format_element(cx_strbuf_t* out, cx_elem_t e, const void* p);
// The element type as IREE spells it: MLIR's name, except cf64/cf128 for
// complex<f32>/complex<f64>.
const char* cx_elem_iree_name(cx_elem_t e);
// Appends "2x3xf32=[1 2 3][4 5 6]" as iree-run-module prints buffer views
// (a 1-D tensor without brackets: "3xf32=1 2 3"); after max_elements
// elements (if >= 0) each further row prints "...".
void cx_format_buffer_view(cx_strbuf_t* out, const cx_buffer_view_t* v, int64_t max_elements);

// A view as a NumPy array (borrowing the data) for cx_npy_write.
void cx_npy_from_view(const cx_buffer_view_t* v, cx_npy_array_t* out);

#endif  // CXLA_INTERP_INPUT_SPEC_H_
