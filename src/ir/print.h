// Printing types and attributes as MLIR text. These are IR-level services
// (as MLIR's Type::print / Attribute::print): the text printer, the
// verifier's messages, the interpreter's messages and the bytecode writer's
// textual fallback all print through them, so every layer spells a type the
// same way and none of them needs the text front end.
//
// type_print.c: types and floats; attr_print.c: attributes and dense elements.
#ifndef CXLA_IR_PRINT_H_
#define CXLA_IR_PRINT_H_

#include <stdint.h>

#include "ir/attrs.h"
#include "ir/types.h"
#include "support/strbuf.h"

void cx_print_type(cx_strbuf_t* out, const cx_type_t* t);
// The type as a string ("tensor<2x?xf32>") for messages, from the system
// allocator like the statuses it ends in (free with cx_free_malloced); NULL
// on out-of-memory.
char* cx_type_to_string(const cx_type_t* t);
void cx_print_attr(cx_strbuf_t* out, const cx_attr_t* a);
// "<open>X0, X1, ...<close>": the types, or (types NULL) the attributes.
void cx_print_list(cx_strbuf_t* out, const char* open, uint32_t n, const cx_type_t* const* types,
                   const cx_attr_t* const* attrs, const char* close);
// "{a = 1, b}": sorted by name, without the names in `elided`.
void cx_print_attr_dict(cx_strbuf_t* out, const cx_named_attr_t* attrs, uint32_t n,
                        const char* const* elided, uint32_t num_elided);
// A float value of element kind e in MLIR's style (round-trippable); `bits`
// is its encoding in that kind (for tf32 the 19-bit pattern).
void cx_print_float(cx_strbuf_t* out, cx_elem_t e, double value, uint64_t bits);
// An i64 list "[1, 2]" ('?' for CX_DYNAMIC_DIM).
void cx_print_i64_list(cx_strbuf_t* out, const int64_t* v, uint32_t n);
// "@name", quoted when the name is not a bare identifier.
void cx_print_symbol(cx_strbuf_t* out, const char* name, size_t len);
// Struct-style StableHLO attributes print their fields "a = [..], b = 3"
// without the enclosing "#stablehlo.name<...>".
void cx_print_dot_algorithm_body(cx_strbuf_t* out, const cx_dot_algorithm_t* d);
void cx_print_conv_dims(cx_strbuf_t* out, const cx_conv_dims_t* d);

#endif  // CXLA_IR_PRINT_H_
