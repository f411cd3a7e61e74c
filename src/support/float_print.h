// Printing a float value of any element kind as MLIR prints float attributes
// (APFloat::toString's rules): the text reads back to the same value of the
// kind, non-finite values and values without a short exact decimal form
// print as their bit pattern in hex. The IR's printer (ir/print.h:
// cx_print_float), the interpreter and the runtime's interpreter.print all
// print through it, so they spell every value alike.
#ifndef CXLA_SUPPORT_FLOAT_PRINT_H_
#define CXLA_SUPPORT_FLOAT_PRINT_H_

#include <stdint.h>

#include "cxla/element_type.h"
#include "support/strbuf.h"

// `bits` is the value's encoding in kind e (for tf32 the 19-bit pattern).
void cx_float_print(cx_strbuf_t* out, cx_elem_t e, double value, uint64_t bits);

#endif  // CXLA_SUPPORT_FLOAT_PRINT_H_
