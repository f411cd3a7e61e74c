// The interpreter's internal interface, shared by the evaluation core
// (interp.c: frames, regions, calls, dispatch) and the op families, one file
// each (src/interp/eval_<family>.c).
#ifndef CXLA_INTERP_INTERP_H_
#define CXLA_INTERP_INTERP_H_

#include "cxla/interp.h"
#include "interp/tensor.h"
#include "ir/ir.h"
#include "ir/symbols.h"
#include "support/hashmap.h"
#include "support/ptrmap.h"

typedef struct cx_eval cx_eval_t;

// A custom-call target implemented in C: reads args, creates results (one
// per op result, new references).
typedef cx_status_t (*cx_custom_call_fn)(cx_eval_t* ev, const cx_op_t* op,
                                         cx_tensor_t* const* args, cx_tensor_t** results,
                                         void* user_data);

// Module-level interpreter state; read-only while functions run (so several
// processes of interpreter.run_parallel can share it).
struct cx_interp {
  cx_module_t* module;
  cx_context_t* ctx;
  cx_allocator_t allocator;  // the context's: everything the interpreter allocates
  cx_interp_options_t options;
  cx_symbol_table_t symbols;  // name -> func.func
  cx_ptrmap_t functions;      // func.func -> cx_interp_func_t*
  cx_strmap_t custom_calls;   // target name -> cx_custom_call_entry_t*
  // Frame slots: a function's values (arguments, results, nested regions
  // included) are numbered 0..num_values-1 within its frame; slots[v->id]
  // is value v's number. Values created after cx_interp_create have ids
  // >= num_ids and no slot.
  uint32_t* slots;
  uint32_t num_ids;
};

typedef struct cx_interp_func {
  cx_op_t* op;         // func.func
  uint32_t num_values; // frame size
} cx_interp_func_t;

typedef struct cx_custom_call_entry {
  cx_custom_call_fn fn;
  void* user_data;
} cx_custom_call_entry_t;

// One process of a (replica, partition) grid; for plain calls a 1x1 grid.
// The collective ops' rendezvous state lives behind `world`.
typedef struct cx_process {
  int64_t replica_id;
  int64_t partition_id;
  int64_t num_replicas;
  int64_t num_partitions;
  void* world;  // owned by the run_parallel implementation (eval_collective.c)
} cx_process_t;

typedef struct cx_frame {
  cx_tensor_t** values;  // by frame slot (cx_interp_t.slots)
  uint32_t size;
} cx_frame_t;

struct cx_eval {
  cx_allocator_t allocator;  // interp->allocator: tensors and scratch memory
  cx_interp_t* interp;
  cx_process_t* process;
  cx_frame_t* frame;
  int depth;  // call and region nesting, bounded
  uint64_t steps;  // work done so far, against options.max_steps (cx_eval_charge)
  double deadline;  // CLOCK_MONOTONIC seconds after which the call is cancelled; 0 = none
};

#define CX_EVAL_MAX_DEPTH 256

// The frame slot of a value, or UINT32_MAX if it has none.
static inline uint32_t cx_eval_slot(const cx_eval_t* ev, const cx_value_t* v) {
  return v->id < ev->interp->num_ids ? ev->interp->slots[v->id] : UINT32_MAX;
}

// "'stablehlo.add' op <message>" at the op's location; code is usually
// CX_INVALID_ARGUMENT (bad input) or CX_UNIMPLEMENTED.
CX_MUST_USE cx_status_t cx_eval_error(const cx_op_t* op, cx_status_code_t code, const char* fmt,
                                      ...) CX_PRINTF(3, 4);
// cx_eval_error whose message names two tensors' types: `fmt` takes three
// %s, `what` and then the type strings of a and b ("tensor<2xf32>").
CX_MUST_USE cx_status_t cx_eval_types_error(const cx_op_t* op, cx_status_code_t code,
                                            const char* fmt, const char* what,
                                            const cx_tensor_t* a, const cx_tensor_t* b);
// Re-raises a location-less status at the op's location (consumes st).
CX_MUST_USE cx_status_t cx_eval_wrap(const cx_op_t* op, cx_status_t st);

// Runs a function on arguments; *results receives new references (the array
// is from ev->allocator, one per function result).
CX_MUST_USE cx_status_t cx_eval_call(cx_eval_t* ev, const cx_op_t* func, uint32_t num_args,
                                     cx_tensor_t* const* args, uint32_t* num_results,
                                     cx_tensor_t*** results);
// Runs a region in the current frame: binds args to the entry block's
// arguments, runs its ops, and returns the terminator's operands as new
// references in `results` (which must hold `max_results` entries).
CX_MUST_USE cx_status_t cx_eval_region(cx_eval_t* ev, const cx_region_t* region,
                                       uint32_t num_args, cx_tensor_t* const* args,
                                       uint32_t max_results, uint32_t* num_results,
                                       cx_tensor_t** results);
// cx_eval_region for a region that must return `num_results` values, else
// "<what> returned N values, expected M" (an error of op, if given).
CX_MUST_USE cx_status_t cx_eval_region_exact(cx_eval_t* ev, const cx_op_t* op,
                                             const cx_region_t* region, uint32_t num_args,
                                             cx_tensor_t* const* args, uint32_t num_results,
                                             const char* what, cx_tensor_t** results);
// Convenience for scalar-body regions (reduce, sort comparators): runs the
// region on rank-0 tensors and returns the results.
CX_MUST_USE cx_status_t cx_eval_region_scalars(cx_eval_t* ev, const cx_region_t* region,
                                               uint32_t num_args, cx_tensor_t* const* args,
                                               uint32_t num_results, cx_tensor_t** results);

// The evaluation budget (cx_interp_options_t.max_steps, max_tensor_bytes).
// The core charges every op for its operands and results and checks the
// size of statically shaped results before the op runs; ops whose work
// grows faster than their data charge their inner loops themselves, and ops
// whose result shape comes from operand values check it before allocating.
// Both return CX_OUT_OF_RANGE at the op once the budget is exceeded.
CX_MUST_USE cx_status_t cx_eval_charge(cx_eval_t* ev, const cx_op_t* op, uint64_t steps);
// Cancellation (cx_interp_options_t.cancel, timeout_seconds), polled before
// every op and at every region entry (loop back-edges): CX_CANCELLED at op.
CX_MUST_USE cx_status_t cx_eval_poll(const cx_eval_t* ev, const cx_op_t* op);
// CLOCK_MONOTONIC in seconds.
double cx_eval_now(void);
CX_MUST_USE cx_status_t cx_eval_check_size(const cx_eval_t* ev, const cx_op_t* op, size_t esize,
                                           uint32_t rank, const int64_t* dims);

// Registers a custom-call target (replaces any previous one of that name).
CX_MUST_USE cx_status_t cx_interp_register_custom_call(cx_interp_t* interp, const char* target,
                                                       cx_custom_call_fn fn, void* user_data);
// Looks up a function by name (NULL if none).
const cx_interp_func_t* cx_interp_find_func(const cx_interp_t* interp, const char* name);

// ---- op families ---------------------------------------------------------
// Each evaluates one op: args are the operand values (borrowed), results
// receive one new reference per op result.
typedef cx_status_t (*cx_family_eval_fn)(cx_eval_t* ev, const cx_op_t* op,
                                         cx_tensor_t* const* args, cx_tensor_t** results);

// A table-dispatched family: row `kind` is evaluated by `fn` once the op has
// min..max operands (0..UINT32_MAX: any, the evaluator checks).
typedef struct cx_eval_row {
  cx_op_kind_t kind;
  uint32_t min_operands, max_operands;
  cx_family_eval_fn fn;
} cx_eval_row_t;
#define CX_EVAL_ANY_OPERANDS(kind, fn) {kind, 0, UINT32_MAX, fn}
// Checks op against its row and runs it; an op of no row is an internal
// error "is not a <family> op". With one_result the op must also have
// exactly one result (the SHAPE families).
CX_MUST_USE cx_status_t cx_eval_dispatch(const cx_eval_row_t* rows, size_t count,
                                         const char* family, bool one_result, cx_eval_t* ev,
                                         const cx_op_t* op, cx_tensor_t* const* args,
                                         cx_tensor_t** results);
// Defines cx_eval_family_<id> as cx_eval_dispatch over the rows that follow
// one_result.
#define CX_EVAL_FAMILY_ROWS(id, family, one_result, ...)                                         \
  cx_status_t cx_eval_family_##id(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,   \
                                  cx_tensor_t** results) {                                        \
    static const cx_eval_row_t rows[] = {__VA_ARGS__};                                            \
    return cx_eval_dispatch(rows, sizeof rows / sizeof rows[0], family, one_result, ev, op, args, \
                            results);                                                             \
  }

#define CX_FAMILY(id) \
  CX_MUST_USE cx_status_t cx_eval_family_##id(cx_eval_t* ev, const cx_op_t* op, \
                                              cx_tensor_t* const* args, cx_tensor_t** results);
#include "ir/op_families.def"
#undef CX_FAMILY

// Registers the custom-call targets a family provides (called by
// cx_interp_create): the check targets, JAX's CPU targets, ...
CX_MUST_USE cx_status_t cx_interp_register_builtin_custom_calls(cx_interp_t* interp);

#endif  // CXLA_INTERP_INTERP_H_
