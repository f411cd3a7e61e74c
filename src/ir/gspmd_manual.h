// GSPMD's manual regions read back as sdy.manual_computation: how JAX
// exported a shard_map before Shardy (jax.export's default until 2025):
//
//   %s = stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "{devices=[2,1]0,1}"}
//   %l = stablehlo.custom_call @SPMDFullToShardShape(%s) {mhlo.sharding = "{manual}"}
//   ... the body, inline, on %l (each device's shard) ...
//   %g = stablehlo.custom_call @SPMDShardToFullShape(%r) {mhlo.sharding = "{devices=[2,1]0,1}"}
//
// The ops reached from the SPMDFullToShardShape results up to the
// SPMDShardToFullShape calls form the body (regions that share ops are
// one). Each HLO sharding string becomes a sharding over a mesh with one
// axis per dimension of its tile assignment and the assignment's device
// order (ir/sdy_manual.h's rule then gives each device the shard GSPMD
// gives it); every axis is manual. Constants the body uses are copied into
// it.
//
// Not read (errors naming the op): partially manual shardings
// (last_tile_dims={manual}), shardings of one region over differently
// tiled devices, and bodies using other values from outside.
#ifndef CXLA_IR_GSPMD_MANUAL_H_
#define CXLA_IR_GSPMD_MANUAL_H_

#include <stdint.h>

#include "ir/ir.h"

// In place; *out_count (may be NULL): manual computations made. Run with
// cx_sdy_import_round_trip (the interpreter and the compiler both do).
CX_MUST_USE cx_status_t cx_gspmd_import_manual(cx_module_t* module, uint32_t* out_count);

#endif  // CXLA_IR_GSPMD_MANUAL_H_
