// interpreter.print's text of a tensor's elements, as the StableHLO
// reference interpreter prints them, shared by the interpreter
// (src/interp/eval_interpreter.c) and compiled programs
// (src/runtime/routine_print.c) so both print every value alike:
//   %0 = tensor<2x2xi8> {
//     [
//       [1, 2],
//       [3, 4]
//     ]
//   }
// and a scalar as "tensor<ui8> {1}". Integers print in decimal, booleans as
// true/false, floats as MLIR prints float attributes (support/float_print.h),
// complex numbers as [re, im]. The callers write the header ("%0 =
// tensor<2x2xi8>"), which needs the IR's or the compiler's type names.
#ifndef CXLA_SUPPORT_TENSOR_PRINT_H_
#define CXLA_SUPPORT_TENSOR_PRINT_H_

#include <stdint.h>
#include <stdio.h>

#include "cxla/element_type.h"
#include "cxla/status.h"
#include "support/strbuf.h"

// Appends " {" and the elements of the dense row-major array `data` (kind
// e, cxla's storage layout) nested by dimension, then "}".
void cx_tensor_print_elements(cx_strbuf_t* sb, cx_elem_t e, uint32_t rank, const int64_t* dims,
                              const void* data);

// Writes sb's text to `out` (stdout if NULL) in one piece under the stream's
// lock, so prints of concurrent callers do not interleave, and frees sb. Out
// of memory if an append to sb failed.
cx_status_t cx_tensor_print_write(cx_strbuf_t* sb, FILE* out) CX_MUST_USE;

#endif  // CXLA_SUPPORT_TENSOR_PRINT_H_
