// Shardy's round-trip form, in which serialized programs carry Shardy's
// meshes and manual computations (sdy ops are not part of VHLO, so
// jax.export writes them this way): the module's xla.sdy.meshes
// frontend attribute, and each shard_map as a call of an
// @xla.sdy.manual_computation_body function between the custom calls
// @xla.sdy.GlobalToLocalShape and @xla.sdy.LocalToGlobalShape, whose
// frontend attributes hold the shardings and manual axes.
//
// cx_sdy_import_round_trip reads that form back as sdy.mesh and
// sdy.manual_computation ops, in place, as XLA does when it loads such a
// program; the interpreter (cx_interp_create) and the compiler (on its
// copy of the module) both run it, so that a manual computation is one op
// with one meaning (ir/sdy_manual.h). Printing and writing a module do not:
// a program reads back as it was written.
#ifndef CXLA_IR_SDY_ROUND_TRIP_H_
#define CXLA_IR_SDY_ROUND_TRIP_H_

#include <stdint.h>

#include "ir/ir.h"

// *out_count (may be NULL): meshes and manual computations made. A module
// without the form is left as it is. A malformed xla.sdy.meshes is an
// error; a manual computation whose form is not the one above stays (see
// cx_manual_form_unread).
CX_MUST_USE cx_status_t cx_sdy_import_round_trip(cx_module_t* module, uint32_t* out_count);

// A shard_map form the importers (this one and ir/gspmd_manual.h) cannot
// read is left as it is, and the reason is kept on its shape-changing op,
// for the error that op gives if it runs (the module's other functions
// still run). NULL when the op has none.
const char* cx_manual_form_unread(const cx_op_t* op);
// Keeps st's message (consumed) on op; a status only on out-of-memory.
CX_MUST_USE cx_status_t cx_manual_form_set_unread(cx_module_t* module, cx_op_t* op,
                                                  cx_status_t st);

#endif  // CXLA_IR_SDY_ROUND_TRIP_H_
