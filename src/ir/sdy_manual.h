// How an sdy.manual_computation splits its values over the devices of its
// mesh: the rule that the interpreter (src/interp/eval_sdy.c, a thread per
// device) and the compiler (src/compiler/expand_manual.c, every device's
// body placed in one program) both follow, kept in one place.
//
// The body runs once per device of the mesh. A device at mesh position i
// (row-major over the mesh's axes) has the id device_ids[i], or i when the
// mesh lists none; that id is its partition_id, and the process groups of
// the body's collectives name devices by it (a 1 x N grid: replica 0,
// partition = id), as a JAX shard_map exported for N devices does.
//
// Along each dimension of an operand, the manual axes its in_sharding names
// there (which Shardy requires to come before any free axis) split the
// dimension into shards, the first axis major: the device's coordinates on
// those axes pick its shard, which the body receives. Each result is put
// together the same way from the devices' results under out_shardings;
// where several devices hold the same block (replicated along a manual axis
// the result's sharding does not name, or along a free axis) the one with
// the lowest id gives it.
//
// Free axes of the mesh do not split values: every device along them runs
// the same body on the same shards. Whole values (every manual axis of size
// 1) are the one-device case: num_devices 1, the body runs once.
#ifndef CXLA_IR_SDY_MANUAL_H_
#define CXLA_IR_SDY_MANUAL_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/buffer.h"  // CX_MAX_RANK
#include "ir/ir.h"

// Meshes up to this many devices are planned (each device a thread of the
// interpreter, or a copy of the body in compiled code).
#define CX_SDY_MANUAL_MAX_DEVICES 4096

typedef struct cx_sdy_manual {
  int64_t num_devices;  // every device of the mesh; 1: the body runs once on whole values
  uint32_t num_operands, num_results;
  // [value][device][CX_MAX_RANK], values = operands then results: where
  // the device's shard starts along each dimension. The shard's extent is
  // the body's type (its argument, or the value it returns).
  int64_t* starts;
  // [result][device]: whether the device's result fills its block of the
  // op's result (the lowest id holding that block).
  bool* gives;
  // Whether the body computes the same from the same shards on every
  // device: it holds no op that asks for the device or meets other devices
  // (collectives, ids, transfers, calls of functions that do). Then
  // rep[device] is the device whose run stands for it: the one at the same
  // coordinates on the axes that split the operands and 0 on the others,
  // so a mesh with free axes runs each distinct set of shards once.
  bool local;
  int64_t* rep;
  cx_allocator_t allocator;
} cx_sdy_manual_t;

// Plans `op` (an sdy.manual_computation of module m, statically shaped):
// its mesh, manual axes and shardings read, the body's types checked
// against them. Errors carry no location (the caller adds the op's); a
// manual computation over several devices nested in another one, shardings
// over different meshes and dynamic shapes are CX_UNIMPLEMENTED. Free with
// cx_sdy_manual_free (also after an error).
CX_MUST_USE cx_status_t cx_sdy_manual_plan(const cx_module_t* m, const cx_op_t* op,
                                           cx_allocator_t allocator, cx_sdy_manual_t* out);
void cx_sdy_manual_free(cx_sdy_manual_t* plan);

static inline const int64_t* cx_sdy_manual_operand_start(const cx_sdy_manual_t* p,
                                                         uint32_t operand, int64_t device) {
  return p->starts + ((size_t)operand * (size_t)p->num_devices + (size_t)device) * CX_MAX_RANK;
}
static inline const int64_t* cx_sdy_manual_result_start(const cx_sdy_manual_t* p,
                                                        uint32_t result, int64_t device) {
  return cx_sdy_manual_operand_start(p, p->num_operands + result, device);
}
static inline bool cx_sdy_manual_gives(const cx_sdy_manual_t* p, uint32_t result,
                                       int64_t device) {
  return p->gives[(size_t)result * (size_t)p->num_devices + (size_t)device];
}

#endif  // CXLA_IR_SDY_MANUAL_H_
