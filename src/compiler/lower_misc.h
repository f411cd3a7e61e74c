// Compiling the ops that are about a program's surroundings rather than its
// arithmetic: the process grid (collectives, replica_id, partition_id,
// send/recv, infeed/outfeed, interpreter.run_parallel), calls in other
// clothes (composite, async_start/async_done), dimension-size queries,
// random numbers, and the test dialect's observers (interpreter.print,
// interpreter.probe, check.expect_serialized_eq).
//
// Compiled code runs on one device, the 1 x 1 process grid the interpreter
// runs a plain call on, so most of these become ordinary IR before
// lowering (copies, conversions, constants, calls) and the rest become
// library routines (runtime/routines_misc.h):
//
//   cx_misc_expand (input phase, before inlining), over every function the
//     compiled one reaches: stablehlo.composite becomes a func.call of its
//     decomposition; async_start's computation is inlined where it starts
//     and async_done takes its results; interpreter.run_parallel on a 1 x 1
//     grid becomes a call of a copy of its program in which the infeed ops
//     read the `infeed` functions in program order and each recv takes the
//     values of the matching earlier send of that process (static pairing;
//     what needs a queue at run time -- infeed or transfers inside loops or
//     branches -- is a compile error naming the op). A larger grid (up to
//     CX_GRID_MAX_PROCESSES) is simulated at compile time: every process's
//     program is placed in the caller and the processes' collectives and
//     transfers meet in program order, loops holding collectives run in
//     lockstep (expand_grid.c).
//   cx_misc_localize (after shape refinement): the collectives with their
//     one-process meaning (lower_collective.c): all_reduce, all_gather,
//     all_to_all, reduce_scatter, collective_broadcast, collective_reduce
//     and cross-replica-sum pass their operands through (converted to the
//     computation's element type where all_reduce promotes), collective_
//     permute without a (0, 0) pair and recv without a source give zeros,
//     replica_id and partition_id are 0, outfeed and sends that reach no
//     one vanish; get_dimension_size of a static dimension is a constant and
//     set_dimension_size a slice (lower_misc.c). Process groups that name
//     other processes, and modules whose mhlo.num_replicas x
//     mhlo.num_partitions exceed 1, are compile errors.
//   cx_lower_misc_op (lowering): rng and rng_bit_generator (lower_rng.c),
//     print/probe/expect_serialized_eq, and FAIL steps for what is an error
//     whenever it runs (an infeed without a queue, a send without a
//     receiver), reported at run time as the interpreter reports it.
#ifndef CXLA_COMPILER_LOWER_MISC_H_
#define CXLA_COMPILER_LOWER_MISC_H_

// interpreter.run_parallel grids larger than this are refused (each
// process's program is placed in the caller).
#define CX_GRID_MAX_PROCESSES 256

#include <stdbool.h>

#include "compiler/lower.h"
#include "ir/builder.h"
#include "ir/ir.h"

CX_MUST_USE cx_status_t cx_misc_expand(cx_module_t* module, cx_op_t* func);
// expand_manual.c (after shape refinement, before cx_misc_localize): every
// sdy.manual_computation of func over several devices (ir/sdy_manual.h)
// placed as a grid of its devices, as above, between slices of its
// operands and concatenations of its results. Those over one device are
// left to the sdy_inline pass.
CX_MUST_USE cx_status_t cx_manual_expand(cx_module_t* module, cx_op_t* func);
CX_MUST_USE cx_status_t cx_misc_localize(cx_module_t* module, cx_op_t* func);

// True for the ops cx_lower_misc_op lowers.
bool cx_lower_misc_handles(const cx_op_t* op);
CX_MUST_USE cx_status_t cx_lower_misc_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);

// ---- shared by lower_misc.c, lower_collective.c, lower_rng.c ----------------------

// The world context of cx_misc_expand: values sent by a 1 x 1 process to
// itself and not yet received, and the infeed queue.
typedef struct cx_misc_world cx_misc_world_t;

// lower_collective.c
// Rewrites a collective, id or transfer op of `func`'s (inlined) body to
// its one-device meaning; *out_erased when the op is gone.
CX_MUST_USE cx_status_t cx_collective_localize(cx_module_t* module, cx_op_t* op, bool* out_erased);
// In a run_parallel program on a 1 x 1 grid: infeed reads the queue, sends
// are paired with recvs (see above); `nested` for ops inside regions of the
// program.
CX_MUST_USE cx_status_t cx_collective_world_op(cx_module_t* module, cx_misc_world_t* world,
                                               cx_op_t* op, bool nested, bool* out_erased);
// A world of num_processes processes whose infeed queue is
// infeed[0..num_infeed) (borrowed; each process reads its own copy); NULL
// on OOM. Ops given to cx_collective_world_op are process 0's until
// cx_misc_world_set_process names another (its flattened id).
cx_misc_world_t* cx_misc_world_create(cx_allocator_t allocator, const cx_op_t* const* infeed,
                                      uint32_t num_infeed, int64_t num_processes);
void cx_misc_world_set_process(cx_misc_world_t* world, int64_t me);
void cx_misc_world_destroy(cx_misc_world_t* world);
// *out_wait: `op` is a recv of the current process whose message has not
// been sent yet.
CX_MUST_USE cx_status_t cx_misc_world_would_wait(cx_module_t* module, cx_misc_world_t* world,
                                                 const cx_op_t* op, bool* out_wait);

// Helpers of lower_collective.c shared with expand_grid.c.
// The collectives: ops whose processes meet (all_reduce, all_gather, ...).
bool cx_collective_meets(cx_op_kind_t kind);
int64_t cx_collective_channel(cx_module_t* module, const cx_op_t* op);
bool cx_collective_flag(const cx_attr_t* a);
// A 2-D integer attribute (replica_groups, source_target_pairs); absent: 0 x 0.
CX_MUST_USE cx_status_t cx_collective_matrix(cx_module_t* module, const cx_op_t* op,
                                             cx_name_id_t name, cx_i64s_t* out);
// Whether a value of type t meets a declared result type (static dims equal).
bool cx_collective_compatible(const cx_type_t* t, const cx_type_t* declared);
// Zeros of type t (a quantized zero is the zero point), built at b.
CX_MUST_USE cx_status_t cx_collective_zeros(cx_module_t* module, cx_builder_t* b,
                                            const cx_op_t* op, const cx_type_t* t,
                                            cx_value_t** out);
// x converted to the element type of op's computation (all_reduce's promotion).
CX_MUST_USE cx_status_t cx_collective_as_computation_type(cx_builder_t* b, const cx_op_t* op,
                                                          cx_value_t* x, cx_value_t** out);

// expand_grid.c: interpreter.run_parallel on a grid of R x P processes
// (programs[r * P + p], each a copy with its calls inlined) as one program
// placed before `op`, whose results replace op's; `world` holds the infeed
// queue (created for R * P processes). Erases op.
CX_MUST_USE cx_status_t cx_grid_expand(cx_module_t* module, cx_op_t* op, int64_t R, int64_t P,
                                       cx_op_t* const* programs, cx_misc_world_t* world);
// The same for any grid: process i runs bodies[i] on args[i] (values
// before op); results[i] receives a malloc'ed array of the values its
// terminator returns. `what` names the grid in messages (the op's name).
// op stays.
CX_MUST_USE cx_status_t cx_grid_place(cx_module_t* module, cx_op_t* op, const char* what,
                                      int64_t R, int64_t P, cx_block_t* const* bodies,
                                      cx_value_t* const* const* args, cx_misc_world_t* world,
                                      cx_value_t*** results);
// Lowers what localize left of the family (infeed, failing transfers).
CX_MUST_USE cx_status_t cx_lower_collective_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);

// lower_rng.c
CX_MUST_USE cx_status_t cx_lower_rng_op(cx_lower_t* lw, uint32_t program, cx_op_t* op);

// A CALL step of `routine` with a parameter record (lower_misc.c).
void cx_lower_misc_call(cx_lower_t* lw, uint32_t program, const cx_op_t* op, uint32_t routine,
                        const void* params, uint32_t params_size, const uint32_t* bindings,
                        uint32_t num_bindings);
// A FAIL step (routines_misc.h) with the op's location.
void cx_lower_misc_fail(cx_lower_t* lw, uint32_t program, const cx_op_t* op, int32_t code,
                        const char* message);

#endif  // CXLA_COMPILER_LOWER_MISC_H_
