// Reading an op's integer attributes by well-known name, for the compiler
// and the code generator (which, unlike the verifier, may assume a verified
// op and need no error messages).
#ifndef CXLA_IR_ATTR_INTS_H_
#define CXLA_IR_ATTR_INTS_H_

#include <stdbool.h>
#include <stdint.h>

#include "ir/ir.h"

// An integer-list attribute (stored as array<i64: ...> whatever the input
// spelled) into out[cap]; false if absent, not integers or longer than cap.
bool cx_op_get_ints(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, int64_t* out,
                    uint32_t cap, uint32_t* out_count);
// A scalar integer attribute (or a one-element list), or its default from
// the op schema; false if absent without a default.
bool cx_op_get_int(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, int64_t* out);
// A boolean attribute; `dflt` if absent.
bool cx_op_get_bool(cx_context_t* ctx, const cx_op_t* op, cx_name_id_t name, bool dflt);

#endif  // CXLA_IR_ATTR_INTS_H_
