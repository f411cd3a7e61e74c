// Pieces of the op-specific syntax shared between attribute and op parsers.
#ifndef CXLA_TEXT_PARSE_FORMATS_H_
#define CXLA_TEXT_PARSE_FORMATS_H_

#include "ir/sdy.h"
#include "text/parser.h"

// "[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]" into a CX_ATTR_CONV attribute.
CX_MUST_USE cx_status_t cx_p_conv_dims(cx_parser_t* p, const cx_attr_t** out);
// The fields of a dot algorithm up to and including the closing '>' (the
// opening '<' consumed).
CX_MUST_USE cx_status_t cx_p_dot_algorithm_body(cx_parser_t* p, cx_dot_algorithm_t* out);

// Shardy (parse_sdy.c): `#sdy...` attributes after the dialect name (`name`
// is "sdy.mesh", "sdy", ..., the cursor at its '<'), and the stripped forms
// the sdy ops write (`<@mesh, [{"a"}]>`, `[...]`, `{"a"}`), both as opaque
// attributes holding the canonical text (ir/sdy.h).
CX_MUST_USE cx_status_t cx_p_sdy_attr(cx_parser_t* p, const char* start, const char* name,
                                      size_t len, const cx_attr_t** out);
CX_MUST_USE cx_status_t cx_p_sdy_stripped(cx_parser_t* p, cx_sdy_attr_kind_t kind,
                                          const cx_attr_t** out);
// The sdy ops' pretty forms (op_formats.def SDY_*).
CX_MUST_USE cx_status_t cx_p_format_sdy_mesh(cx_parser_t* p, cx_op_parse_state_t* s);
CX_MUST_USE cx_status_t cx_p_format_sdy_sharding(cx_parser_t* p, cx_op_parse_state_t* s);
CX_MUST_USE cx_status_t cx_p_format_sdy_sharding_group(cx_parser_t* p, cx_op_parse_state_t* s);
CX_MUST_USE cx_status_t cx_p_format_sdy_propagation_barrier(cx_parser_t* p,
                                                            cx_op_parse_state_t* s);
CX_MUST_USE cx_status_t cx_p_format_sdy_manual_computation(cx_parser_t* p,
                                                           cx_op_parse_state_t* s);
CX_MUST_USE cx_status_t cx_p_format_sdy_named_computation(cx_parser_t* p,
                                                          cx_op_parse_state_t* s);
CX_MUST_USE cx_status_t cx_p_format_sdy_collective(cx_parser_t* p, cx_op_parse_state_t* s);

#endif  // CXLA_TEXT_PARSE_FORMATS_H_
