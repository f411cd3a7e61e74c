// The reference interpreter: evaluates a function of a module exactly as the
// StableHLO spec defines each op. It is cxla's oracle: compiled code is
// tested against it.
#ifndef CXLA_INTERP_H_
#define CXLA_INTERP_H_

#include <stdint.h>
#include <stdio.h>

#include "cxla/buffer.h"
#include "cxla/module.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_interp cx_interp_t;

typedef struct cx_interp_options {
  FILE* print_output;      // where interpreter.print writes; stdout if NULL
  const char* probe_dir;   // where interpreter.probe writes .npy files; none if NULL
  // Evaluation budget for untrusted programs (0 = unlimited). Exceeding one
  // makes cx_interp_call return CX_OUT_OF_RANGE instead of running on.
  // max_steps bounds the work of one cx_interp_call: every op evaluated costs
  // 1 plus the elements of its operands and results, and ops whose work grows
  // faster than their data (dot_general, convolution, fft, linalg) add their
  // inner-loop counts; a while loop that never ends runs out of steps. Each
  // process of an interpreter.run_parallel grid costs 10000 steps.
  // max_tensor_bytes bounds the size of any single value an op produces,
  // checked before the op allocates it where its type or shape operands
  // tell the size.
  uint64_t max_steps;
  uint64_t max_tensor_bytes;
  // Cancellation: a call returns CX_CANCELLED at the next op it starts (and
  // at every region it enters, so each loop iteration) once it has run for
  // timeout_seconds (0 = no limit), or once *cancel (if not NULL) is
  // non-zero. *cancel may be set from another thread or a signal handler
  // while calls run (the Python package sets it on Ctrl-C); it applies to
  // every call of the interpreter. A single op is not interrupted.
  double timeout_seconds;
  const volatile int32_t* cancel;
} cx_interp_options_t;

// Prepares a module for interpretation. The module must be verified and must
// outlive the interpreter. A shard_map in the form jax.export serializes it
// (Shardy's round trip: @xla.sdy.GlobalToLocalShape, a call of an
// @xla.sdy.manual_computation_body function, @xla.sdy.LocalToGlobalShape) is
// rewritten in the module, in place, into the sdy.manual_computation it
// stands for.
CX_MUST_USE cx_status_t cx_interp_create(cx_module_t* module, const cx_interp_options_t* options,
                                         cx_interp_t** out);
void cx_interp_destroy(cx_interp_t* interp);

// Calls a function by name. Arguments are borrowed (copied as needed);
// *out_results is a malloc'ed array of views whose data the caller frees with
// cx_interp_free_results. A failed check op returns CX_FAILED_PRECONDITION.
CX_MUST_USE cx_status_t cx_interp_call(cx_interp_t* interp, const char* function,
                                       uint32_t num_args, const cx_buffer_view_t* args,
                                       uint32_t* out_num_results,
                                       cx_buffer_view_t** out_results);
void cx_interp_free_results(uint32_t num_results, cx_buffer_view_t* results);

// The signature of a function, for bindings that convert or check arguments
// before cx_interp_call (the Python package): the number of arguments and
// results and their types as views without data (data NULL, nbytes 0; a
// dynamic dimension is -1; a token, tuple or other non-tensor type has elem
// CX_ELEM_INVALID; a quantized tensor has its storage type's elem). Free
// each array with cx_interp_free_results. CX_NOT_FOUND if there is no such
// function. Safe to call while other threads call functions.
CX_MUST_USE cx_status_t cx_interp_signature(const cx_interp_t* interp, const char* function,
                                            uint32_t* out_num_args, cx_buffer_view_t** out_args,
                                            uint32_t* out_num_results,
                                            cx_buffer_view_t** out_results);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_INTERP_H_
