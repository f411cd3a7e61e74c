// The verifier's internal interface: the driver (verify.c) calls
// cx_verify_family for every op; each op family's checks live in
// verify_<family>.c and cite the spec's constraint labels (e.g. // add_c1).
#ifndef CXLA_IR_VERIFY_H_
#define CXLA_IR_VERIFY_H_

#include "cxla/module.h"
#include "ir/ir.h"

typedef struct cx_verify_ctx {
  cx_module_t* module;
  cx_context_t* ctx;
} cx_verify_ctx_t;

// "'<op name>' op <message>" at the op's location.
CX_MUST_USE cx_status_t cx_verify_error(const cx_op_t* op, const char* fmt, ...) CX_PRINTF(2, 3);

// Dispatches on the op's family (verify_dispatch.c).
CX_MUST_USE cx_status_t cx_verify_family(cx_verify_ctx_t* vc, cx_op_t* op);

#endif  // CXLA_IR_VERIFY_H_
