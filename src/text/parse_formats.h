// Pieces of the op-specific syntax shared between attribute and op parsers.
#ifndef CXLA_TEXT_PARSE_FORMATS_H_
#define CXLA_TEXT_PARSE_FORMATS_H_

#include "text/parser.h"

// "[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]" into a CX_ATTR_CONV attribute.
CX_MUST_USE cx_status_t cx_p_conv_dims(cx_parser_t* p, const cx_attr_t** out);
// The fields of a dot algorithm up to and including the closing '>' (the
// opening '<' consumed).
CX_MUST_USE cx_status_t cx_p_dot_algorithm_body(cx_parser_t* p, cx_dot_algorithm_t* out);

#endif  // CXLA_TEXT_PARSE_FORMATS_H_
