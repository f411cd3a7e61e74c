// The process grid of interpreter.run_parallel (and of the devices an
// sdy.manual_computation's body runs on): one thread per (replica,
// partition) process, sharing the read-only cx_interp_t, and a "world" that
// the collective ops, send/recv and infeed/outfeed meet in
// (cx_process_t.world). Implemented in eval_collective.c.
//
// Every wait in the world is bounded: a process that waits for partners
// which have all finished or are themselves waiting (a deadlock), or that
// waits longer than CX_WORLD_TIMEOUT_SECONDS, gets an error naming its op,
// and the other processes are released with an error too.
#ifndef CXLA_INTERP_WORLD_H_
#define CXLA_INTERP_WORLD_H_

#include "interp/interp.h"

#define CX_WORLD_TIMEOUT_SECONDS 120
// What starting one process of a grid costs against the evaluation budget
// (cx_interp_options_t.max_steps), in steps.
#define CX_WORLD_PROCESS_STEPS 10000

// Runs funcs[r * num_partitions + p] on process (r, p), each in its own
// thread. Arguments are handed out to the processes in that order, each
// taking as many as its function has inputs; the results are concatenated
// in the same order (results must have room for all of them). `infeed`
// lists functions without arguments whose results feed the infeed ops; every
// process reads its own copy of that queue, front to back.
CX_MUST_USE cx_status_t cx_world_run_parallel(cx_eval_t* ev, const cx_op_t* op,
                                              uint32_t num_replicas, uint32_t num_partitions,
                                              const cx_op_t* const* funcs,
                                              const cx_op_t* const* infeed, uint32_t num_infeed,
                                              uint32_t num_args, cx_tensor_t* const* args,
                                              uint32_t num_results, cx_tensor_t** results);

// Runs op's region (an sdy.manual_computation's body, taking the op's
// operand count of arguments and returning its result count) on a 1 x
// num_devices grid: process p (partition p) takes args[p * num_operands ..]
// and returns into results[p * num_results ..]. Nested in another grid's
// process, the region's processes form a world of their own.
CX_MUST_USE cx_status_t cx_world_run_region(cx_eval_t* ev, const cx_op_t* op,
                                            uint32_t num_devices, cx_tensor_t* const* args,
                                            cx_tensor_t** results);

// ---- what the ops use (eval_collective.c) ---------------------------------------
// Every function takes the calling op for its error messages. Outside
// run_parallel (process->world == NULL) the grid is the single process (0, 0).

// The process's id in the flattened numbering of the spec:
// replica_id * num_partitions + partition_id.
static inline int64_t cx_process_flat_id(const cx_process_t* p) {
  return p->replica_id * p->num_partitions + p->partition_id;
}

// Every member of `group` (flattened ids; this process among them) calls this
// with `count` tensors; *out receives n * count new references, member-major
// in group order (malloc'ed array). Members meet by (op kind, channel,
// group), so consecutive collectives over the same group do not mix.
CX_MUST_USE cx_status_t cx_world_exchange(cx_eval_t* ev, const cx_op_t* op, int64_t channel,
                                          const int64_t* group, uint32_t n, uint32_t count,
                                          cx_tensor_t* const* mine, cx_tensor_t*** out);

// Queues a message of `count` values on (channel, dest); dest -1 is the
// host / any receiver. Never blocks.
CX_MUST_USE cx_status_t cx_world_send(cx_eval_t* ev, const cx_op_t* op, int64_t channel,
                                      int64_t dest, uint32_t count, cx_tensor_t* const* values);
// Takes the oldest message of (channel, dest), waiting for one; *values is
// a malloc'ed array of new references.
CX_MUST_USE cx_status_t cx_world_recv(cx_eval_t* ev, const cx_op_t* op, int64_t channel,
                                      int64_t dest, uint32_t* count, cx_tensor_t*** values);

// The next function of this process's infeed queue, or NULL when it is empty.
const cx_op_t* cx_world_next_infeed(cx_eval_t* ev);
// Appends values to this process's outfeed queue (kept until the run ends).
CX_MUST_USE cx_status_t cx_world_outfeed(cx_eval_t* ev, uint32_t count,
                                         cx_tensor_t* const* values);

#endif  // CXLA_INTERP_WORLD_H_
