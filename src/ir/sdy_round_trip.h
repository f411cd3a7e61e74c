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
// without the form is left as it is. Errors name the op whose form is not
// the one above.
CX_MUST_USE cx_status_t cx_sdy_import_round_trip(cx_module_t* module, uint32_t* out_count);

#endif  // CXLA_IR_SDY_ROUND_TRIP_H_
