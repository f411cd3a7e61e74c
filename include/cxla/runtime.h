// The cxla runtime: runs compiled executables. It contains no IR, no parser
// and no LLVM; an executable comes from the compiler (include/cxla/compiler.h:
// cx_compile, JIT) or from an ahead-of-time artifact (cx_rt_executable_load_*
// below). docs/c_api.md has a complete example.
//
// Objects, ownership and threads:
//   cx_rt_device_t      where work runs: a thread pool (or inline, 1 thread).
//                       Single owner (create/destroy); it must outlive every
//                       call made on it. Calls on one device from several
//                       threads are safe (the pool serialises parallel
//                       regions).
//   cx_rt_executable_t  compiled code + a step program + a buffer plan +
//                       constants for one function with static shapes.
//                       Reference counted: every create/load returns one
//                       reference, retain adds one, release drops one and the
//                       last frees it. Immutable once created, so every
//                       function below that takes a const executable, and
//                       cx_rt_executable_invoke, may run on several threads
//                       at once. Each concurrent call takes its own scratch
//                       arena from a pool the executable keeps, so warm calls
//                       allocate nothing.
//   cx_buffer_view_t    (include/cxla/buffer.h) a plain struct describing
//                       memory the caller owns: the runtime never frees,
//                       keeps or copies argument and result memory beyond a
//                       call (cx_buffer_view_wrap makes one over existing
//                       memory). Signature views returned by the executable
//                       belong to it.
//   cx_rt_custom_calls_t
//                       the application's custom-call targets. Single owner
//                       (create/destroy); register every target before the
//                       first call that uses the registry, after which it is
//                       only read and may be shared by concurrent calls and
//                       compilations. It must outlive them.
//   cx_status_t         (include/cxla/status.h) NULL on success; otherwise
//                       the caller owns it and frees it with cx_status_free.
//                       cx_status_code / cx_status_message read it.
#ifndef CXLA_RUNTIME_H_
#define CXLA_RUNTIME_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxla/buffer.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_rt_device cx_rt_device_t;
typedef struct cx_rt_executable cx_rt_executable_t;

typedef struct cx_rt_device_options {
  // Threads of the pool, the caller included; 0 = one per online CPU,
  // 1 = everything runs inline on the calling thread.
  int num_threads;
} cx_rt_device_options_t;

CX_MUST_USE cx_status_t cx_rt_device_create(const cx_rt_device_options_t* options,
                                            cx_rt_device_t** out_device);
void cx_rt_device_destroy(cx_rt_device_t* device);
int cx_rt_device_num_threads(const cx_rt_device_t* device);

cx_rt_executable_t* cx_rt_executable_retain(cx_rt_executable_t* exe);
void cx_rt_executable_release(cx_rt_executable_t* exe);

// The signature: argument and result types as views without data (data
// NULL, nbytes the size a buffer must have). A token argument or result has
// elem CX_ELEM_INVALID and nbytes 0. The arrays belong to the executable.
uint32_t cx_rt_executable_num_args(const cx_rt_executable_t* exe);
uint32_t cx_rt_executable_num_results(const cx_rt_executable_t* exe);
const cx_buffer_view_t* cx_rt_executable_arg(const cx_rt_executable_t* exe, uint32_t i);
const cx_buffer_view_t* cx_rt_executable_result(const cx_rt_executable_t* exe, uint32_t i);
const char* cx_rt_executable_function_name(const cx_rt_executable_t* exe);

typedef struct cx_rt_invoke_options {
  // Threads this call may use, at most the device's; 0 = all of them.
  int max_threads;
  // Bounded execution: when *cancel becomes non-zero, when the call has run
  // longer than timeout_seconds (> 0), or when it has executed more than
  // max_steps steps (> 0; every step of the program and every loop
  // iteration counts one), the call stops at the next step boundary or loop
  // iteration and returns CX_OUT_OF_RANGE naming the op and the limit.
  // NULL / 0 disable them.
  const volatile int* cancel;
  double timeout_seconds;
  uint64_t max_steps;
  // The test dialect's observers, as cx_interp_options_t has them:
  // interpreter.print writes to print_output (stdout if NULL);
  // interpreter.probe writes .npy files into probe_dir and
  // check.expect_serialized_eq reads them back (no directory: probes pass
  // their value through and expect_serialized_eq fails).
  FILE* print_output;
  const char* probe_dir;
  // The application's custom-call targets this call may run (see
  // cx_rt_custom_calls_t below); NULL: only the runtime's own targets. A
  // program compiled against a registry needs one holding the same names.
  const struct cx_rt_custom_calls* custom_calls;
  // Where the call's time goes (see cx_rt_profile_t below): when set, every
  // step is timed and added to the profile. NULL: no profiling, no cost.
  struct cx_rt_profile* profile;
} cx_rt_invoke_options_t;

// Runs the function. `args` must match the signature exactly (element type
// and dims; a mismatch is CX_INVALID_ARGUMENT naming the argument). Results
// are written into `results`, which the caller provides with data of the
// signature's sizes (see cx_rt_executable_allocate_results). Arguments are
// only read; results may not overlap arguments. A failed check op of the
// test dialect returns CX_FAILED_PRECONDITION.
CX_MUST_USE cx_status_t cx_rt_executable_invoke(cx_rt_executable_t* exe, cx_rt_device_t* device,
                                                uint32_t num_args, const cx_buffer_view_t* args,
                                                uint32_t num_results, cx_buffer_view_t* results,
                                                const cx_rt_invoke_options_t* options);

// Fixes arguments for the lifetime of a new executable (a model's weights):
// argument arg_indices[k] of `exe` gets values[k] (checked as invoke checks
// arguments) for k < num_bound. The values are copied into memory the new
// executable owns, so the caller's may change or go afterwards. The new
// executable takes exe's other arguments, in their order, and returns its
// results; it holds a reference to exe and is released like any executable,
// invoked from any thread, and may itself be bound further. It cannot be
// serialized (save the executable it was bound from). Bound values reach
// the code as arguments do: GEMM operands among them are not prepacked as
// the program's own constants are.
CX_MUST_USE cx_status_t cx_rt_executable_bind(cx_rt_executable_t* exe, uint32_t num_bound,
                                              const uint32_t* arg_indices,
                                              const cx_buffer_view_t* values,
                                              cx_rt_executable_t** out_bound);

// Fills `results` (num_results entries) with malloc'ed buffers of the
// signature's types (free each with cx_buffer_view_free_data).
CX_MUST_USE cx_status_t cx_rt_executable_allocate_results(const cx_rt_executable_t* exe,
                                                          cx_buffer_view_t* results);

// ---- profiles: where a program's time goes ---------------------------------------
//
// A profile accumulates, over the calls that pass it in
// cx_rt_invoke_options_t.profile, the time of every step of the program
// (runtime/executable.h: a generated KERNEL, a library routine CALL such as
// GEMM or convolution, a COPY, a WHILE loop or a CASE) by step index: how
// many times it ran (a step inside a loop body runs once per iteration) and
// for how long (CLOCK_MONOTONIC, nanoseconds). A WHILE or CASE step's time
// includes the steps it runs. With options.trace it also records each run
// of a step as a trace event, and each task a thread of the device's pool
// ran for a parallel step, for cx_rt_profile_write_trace.
//
// A profile belongs to the first executable it is used with (bound
// executables count as the one they were bound from); using it with
// another is CX_INVALID_ARGUMENT until cx_rt_profile_reset.
//
// Threads: a profile is not locked. Calls on several threads at once must
// each pass their own profile (that is safe, as is profiling some calls and
// not others); one profile may serve several threads only if the calls
// that use it do not overlap (the caller serialises them). The writers
// read the profile and must not run while a call is adding to it.

typedef struct cx_rt_profile cx_rt_profile_t;

typedef struct cx_rt_profile_options {
  // Record trace events (cx_rt_profile_write_trace).
  bool trace;
  // At most this many trace events are kept (0: 1,000,000, about 32 MB);
  // later ones are counted as dropped.
  uint64_t max_trace_events;
} cx_rt_profile_options_t;

// `options` may be NULL (no trace).
CX_MUST_USE cx_status_t cx_rt_profile_create(const cx_rt_profile_options_t* options,
                                             cx_rt_profile_t** out_profile);
void cx_rt_profile_destroy(cx_rt_profile_t* profile);
// Forgets every measurement and the executable.
void cx_rt_profile_reset(cx_rt_profile_t* profile);

// What the profile holds about one step (index in [0, cx_rt_profile_num_steps)).
typedef struct cx_rt_profile_step {
  uint32_t index;       // the step's index in the executable's step table
  const char* kind;     // "KERNEL", "CALL", "COPY", "WHILE", "CASE"
  const char* routine;  // CALL: the routine ("gemm", "conv", "custom_call", ...); else ""
  int64_t kernel;       // KERNEL: the kernel's number; else -1
  const char* op;       // the op the step was made for ("stablehlo.add")
  const char* ops;      // the ops it runs, fused ones included ("dot_general+add+tanh"),
                        // "rows: ..." for a row fusion; "" if only `op`
  const char* loc;      // the op's source location ("file:line:col"), or ""
  uint32_t depth;       // 0: in the function's body; n: inside n WHILE/CASE steps
  bool nested;          // a WHILE or CASE: total_ns includes the steps it ran
  uint64_t calls;
  uint64_t total_ns;
  // The calling thread's CPU time in the step (CLOCK_THREAD_CPUTIME_ID): on
  // a busy host nearer the step's uncontended time than total_ns, as it
  // leaves out the time the thread waited for a core. With threads > 1 the
  // pool's workers' time is not in it (and the caller's share of a parallel
  // step may include spinning for them).
  uint64_t cpu_ns;
} cx_rt_profile_step_t;

// The number of steps (0 before the first call) and one step's numbers; the
// strings belong to the profile's executable and live as long as the profile
// holds it.
uint32_t cx_rt_profile_num_steps(const cx_rt_profile_t* profile);
void cx_rt_profile_get_step(const cx_rt_profile_t* profile, uint32_t index,
                            cx_rt_profile_step_t* out_step);
// Calls profiled, and their total wall time (each cx_rt_executable_invoke, whole).
uint64_t cx_rt_profile_invokes(const cx_rt_profile_t* profile);
uint64_t cx_rt_profile_invoke_ns(const cx_rt_profile_t* profile);
// The calling thread's CPU time in those calls (see cx_rt_profile_step_t.cpu_ns).
uint64_t cx_rt_profile_invoke_cpu_ns(const cx_rt_profile_t* profile);
// Trace events recorded, and those dropped past max_trace_events.
uint64_t cx_rt_profile_trace_events(const cx_rt_profile_t* profile);
uint64_t cx_rt_profile_trace_dropped(const cx_rt_profile_t* profile);

// A text table of the steps that ran, by total time (the `top` first, 0:
// all; the rest as one "other" row), the total, the time outside the steps,
// and the time by kind (GEMM, convolution, other routines, fused kernels,
// row fusions, copies, loops and branches).
CX_MUST_USE cx_status_t cx_rt_profile_write_table(const cx_rt_profile_t* profile, FILE* out,
                                                  uint32_t top);
// One JSON object per line for each step that ran, by total time: index,
// kind, routine, kernel, op, ops, loc, depth, calls, total_ms, ms_per_call,
// percent (of the calls' total time); then one line {"total": ...}.
CX_MUST_USE cx_status_t cx_rt_profile_write_json(const cx_rt_profile_t* profile, FILE* out);
// The trace as Chrome's trace-event JSON (open it in ui.perfetto.dev or
// chrome://tracing): "X" events with ts and dur in microseconds, pid 1, tid
// 0 for the calling thread and n for the pool's thread n; a step's name is
// its ops (or op), args {op, loc, step}; a pool task is "task" with args
// {step}. Needs options.trace (else CX_FAILED_PRECONDITION).
CX_MUST_USE cx_status_t cx_rt_profile_write_trace(const cx_rt_profile_t* profile, FILE* out);

// ---- custom-call targets of the application ---------------------------------------
//
// stablehlo.custom_call @name(...) calls a target by name. The runtime has
// its own (jaxlib's LAPACK/BLAS targets, docs/custom_calls.md); an
// application adds others to a registry, gives the registry to the compiler
// (cx_compile_options_t.custom_calls: the call is then compiled as a call of
// that name, with the op's declared static shapes) and to each invoke
// (cx_rt_invoke_options_t.custom_calls: the name is looked up then, so an
// artifact compiled against a registry runs with any registry that has the
// name).
//
// A target receives its operands and results as buffer views: every shape
// static, data dense and row-major (or in the op's operand_layouts /
// result_layouts, converted around the call). Operands are read-only and
// valid during the call only; the target writes every byte of every result.
// Attributes are the op's backend_config dictionary (mhlo.backend_config or
// backend_config), or a non-empty backend_config string as the STRING
// attribute "backend_config". A target may run on several threads at once
// (concurrent invokes) and must not call back into the same invoke.

typedef enum cx_rt_custom_call_attr_kind {
  CX_RT_CUSTOM_CALL_ATTR_INT,        // scalar integer (elem: its type)
  CX_RT_CUSTOM_CALL_ATTR_FLOAT,      // scalar float (elem: its type)
  CX_RT_CUSTOM_CALL_ATTR_BOOL,
  CX_RT_CUSTOM_CALL_ATTR_STRING,
  CX_RT_CUSTOM_CALL_ATTR_INT_ARRAY,  // array<i64: ...> and dense integer lists
  CX_RT_CUSTOM_CALL_ATTR_OTHER,      // present, of a kind not decoded
} cx_rt_custom_call_attr_kind_t;

typedef struct cx_rt_custom_call_attr {
  const char* name;
  cx_rt_custom_call_attr_kind_t kind;
  cx_elem_t elem;
  int64_t i;               // INT (sign- or zero-extended per elem), BOOL (0/1)
  double f;                // FLOAT
  const char* str;         // STRING: str_len bytes, not NUL-terminated
  size_t str_len;
  const int64_t* ints;     // INT_ARRAY: num_ints values
  uint32_t num_ints;
} cx_rt_custom_call_attr_t;

typedef struct cx_rt_custom_call {
  const char* target;                 // the call_target_name
  uint32_t num_operands;
  const cx_buffer_view_t* operands;   // read only
  uint32_t num_results;
  const cx_buffer_view_t* results;    // data to write: nbytes each
  uint32_t num_attrs;
  const cx_rt_custom_call_attr_t* attrs;
} cx_rt_custom_call_t;

// A target: returns NULL, or an error status (the call fails with it,
// located at the op). `user_data` is what was registered with it.
typedef cx_status_t (*cx_rt_custom_call_fn)(void* user_data, const cx_rt_custom_call_t* call);

typedef struct cx_rt_custom_calls cx_rt_custom_calls_t;

CX_MUST_USE cx_status_t cx_rt_custom_calls_create(cx_rt_custom_calls_t** out_registry);
void cx_rt_custom_calls_destroy(cx_rt_custom_calls_t* registry);
// Adds a target. The name is copied; user_data is kept, never freed. A name
// registered twice, or one of the runtime's own targets, is
// CX_INVALID_ARGUMENT. Not safe while the registry is in use by a call.
CX_MUST_USE cx_status_t cx_rt_custom_calls_register(cx_rt_custom_calls_t* registry,
                                                    const char* name, cx_rt_custom_call_fn fn,
                                                    void* user_data);
// Whether the registry (NULL: none) has a target of that name; the
// runtime's own targets are not counted. Safe from any thread.
bool cx_rt_custom_calls_has(const cx_rt_custom_calls_t* registry, const char* name);
// True if the runtime itself provides the target (jaxlib's LAPACK/BLAS
// targets and the like).
bool cx_rt_custom_call_is_builtin(const char* name);

// ---- ahead-of-time artifacts -------------------------------------------------------
//
// An artifact is one file holding an executable: its signature, step
// program, buffer plan, constants and the kernels' machine code for one
// CPU family (docs/artifacts.md). The compiler writes them
// (include/cxla/compiler.h: cx_compile_artifact, `cxla compile`); the
// runtime loads them without LLVM or a system linker. A truncated,
// corrupted, newer-format or other-CPU artifact is an error naming the
// reason (CX_DATA_LOSS, CX_UNIMPLEMENTED, CX_FAILED_PRECONDITION), never a
// crash. An artifact holds machine code: load only artifacts you would
// trust as a shared library.

typedef struct cx_rt_load_options {
  // Do not verify the checksum over the whole file (faster loads of large
  // artifacts from a trusted cache; the structure is still validated).
  bool skip_checksum;
} cx_rt_load_options_t;

// True if the bytes start like an artifact (the magic "CXLAEXE\x1a").
bool cx_rt_is_artifact(const void* data, size_t size);

// Loads an artifact file. The file is mapped and its constants are used in
// place (the mapping lives as long as the executable); `options` may be
// NULL. The executable is like a compiled one: retain/release, invoke from
// any thread.
CX_MUST_USE cx_status_t cx_rt_executable_load_file(const char* path,
                                                   const cx_rt_load_options_t* options,
                                                   cx_rt_executable_t** out_executable);
// Loads an artifact from memory; everything is copied, so `data` may be
// freed afterwards.
CX_MUST_USE cx_status_t cx_rt_executable_load_memory(const void* data, size_t size,
                                                     const cx_rt_load_options_t* options,
                                                     cx_rt_executable_t** out_executable);
// The artifact of an executable that was loaded from one or compiled for a
// target (cx_compile with options.target): a malloc'ed block (free with
// cx_free_malloced). Executables from the JIT have no artifact
// (CX_FAILED_PRECONDITION). Saving writes a temporary file beside `path`
// and renames it into place.
CX_MUST_USE cx_status_t cx_rt_executable_serialize(const cx_rt_executable_t* exe,
                                                   void** out_data, size_t* out_size);
CX_MUST_USE cx_status_t cx_rt_executable_save(const cx_rt_executable_t* exe, const char* path);

// What an artifact says about itself, read without loading its code
// (validates the header, the checksum and the tables' framing).
typedef struct cx_rt_artifact_info {
  uint32_t format_version;
  uint32_t kernel_abi_version;
  uint64_t file_size;
  uint64_t code_size;        // bytes of machine code (the embedded shared object)
  uint64_t constants_size;
  uint64_t arena_size;       // scratch bytes per concurrent call
  uint32_t num_kernels;
  uint32_t num_steps;
  char machine[16];          // "x86-64", "aarch64"
  char target[32];           // as compiled: "host", "x86-64-v3", ...
  char cpu_features[512];    // required CPU features (LLVM names, comma-separated)
  char cxla_version[32];     // of the compiler that wrote it
  char function[256];
  char key[256];             // the writer's cache key, or ""
  bool runs_here;            // the machine and features match this CPU
} cx_rt_artifact_info_t;
CX_MUST_USE cx_status_t cx_rt_artifact_describe(const void* data, size_t size,
                                                cx_rt_artifact_info_t* out_info);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_RUNTIME_H_
