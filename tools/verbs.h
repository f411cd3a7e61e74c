// The verbs of the cxla tool. Each verb lives in its own file
// (tools/verb_<name>.c) and returns the process exit status: 0 on success,
// 1 on an error in the input, 2 on a usage error.
#ifndef CXLA_TOOLS_VERBS_H_
#define CXLA_TOOLS_VERBS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxla/allocator.h"
#include "cxla/status.h"

typedef struct cx_verb {
  const char* name;
  int (*run)(int argc, char** argv);  // argv excludes "cxla" and the verb
  const char* summary;
  const char* help;
} cx_verb_t;

extern const cx_verb_t cx_verb_opt;
extern const cx_verb_t cx_verb_translate;
extern const cx_verb_t cx_verb_run;
extern const cx_verb_t cx_verb_bench;
extern const cx_verb_t cx_verb_check;
extern const cx_verb_t cx_verb_version;

// Prints "location: error: message" to stderr, frees the status, returns 1.
int cx_tool_error(cx_status_t st);
// Matches "--name=value"; sets *out to value.
bool cx_tool_flag_value(const char* arg, const char* name, const char** out);
// Handles "--max-input-size=BYTES" (K/M/G suffixes): the most bytes read from
// a pipe, a device or standard input. Returns 0 if `arg` is another flag, 1
// if it was this one (*out set), 2 after printing a usage error.
int cx_tool_max_input_size(const char* verb, const char* arg, size_t* out);

// A growable NUL-terminated string for the verbs' output. `failed` is set
// (and the text stops growing) when memory runs out.
typedef struct cx_tool_str {
  char* data;  // NULL until something is appended
  size_t len;
  size_t cap;
  bool failed;
} cx_tool_str_t;

void cx_tool_str_append(cx_tool_str_t* s, const char* data, size_t len);
void cx_tool_str_puts(cx_tool_str_t* s, const char* text);
void cx_tool_str_printf(cx_tool_str_t* s, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cx_tool_str_free(cx_tool_str_t* s);
// The tool's own memory comes from the system allocator, through the public
// API (cx_allocator_system, cx_alloc/cx_free): the same allocator as the
// malloc'ed results library calls hand over.
//
// A formatted string, or NULL on out-of-memory; free with cx_free.
char* cx_tool_format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// A copy of s, or NULL on out-of-memory; free with cx_free.
char* cx_tool_strdup(const char* s);

// ---- options shared by compile, run and bench (tool_args.c) ----------------------

// The function and inputs a verb's command line names.
typedef struct cx_tool_inputs {
  const char* function;  // --function=NAME (a leading '@' dropped); "main"
  const char** inputs;   // --input=SPEC and --bind=SPEC in order
  bool* input_bound;     // per spec: given with --bind
  int num_inputs;
} cx_tool_inputs_t;
// Room for the specs of `argc` arguments; false when out of memory.
bool cx_tool_inputs_init(cx_tool_inputs_t* in, int argc);
void cx_tool_inputs_free(cx_tool_inputs_t* in);
// Handles --function, --input and --bind; true if `arg` was one of them.
bool cx_tool_input_flag(const char* arg, cx_tool_inputs_t* in);
// A word that is not a known option: an unknown option if it starts with
// '-', else the program file (one only). Returns 0, or 2 after printing the
// usage error.
int cx_tool_program_arg(const char* verb, const char* arg, const char** file);
// After the options: 0 if a program file was given, else 2 after saying so.
int cx_tool_program_given(const char* verb, const char* file);

// ---- function arguments (tool_args.c) ----------------------------------------------

typedef struct cx_function cx_function_t;
typedef struct cx_module cx_module_t;
typedef struct cx_input_list cx_input_list_t;
typedef struct cx_buffer_view cx_buffer_view_t;
typedef struct cx_context cx_context_t;
typedef struct cx_function_info cx_function_info_t;
typedef struct cx_file_view cx_file_view_t;

// Loads a program's text or bytecode from `src` (cx_file_map), verifies it
// and finds @function, which must have a body. Text is parsed giving back
// the pages of large hex literals once decoded (a model's weights are then
// not held as text and as tensors at once) and unmapped when parsed;
// bytecode constants point into `src`, which the caller unmaps after
// destroying the module. *out_module is set once loaded, also when a later
// step fails (the caller destroys it).
CX_MUST_USE cx_status_t cx_tool_load_function(cx_context_t* ctx, const char* file,
                                              cx_file_view_t* src, bool fill_elided,
                                              const char* function,
                                              cx_module_t** out_module,
                                              const cx_function_t** out_fn,
                                              cx_function_info_t* out_info);

// The MLIR spelling of an argument or result type (or of a tensor's element
// type) for messages; NULL if it cannot be had. Caller frees.
char* cx_tool_type_string(const cx_function_t* fn, bool is_result, uint32_t i, bool element_only);
// "argument i (type) of @function: <fmt><detail>" as CX_INVALID_ARGUMENT.
CX_MUST_USE cx_status_t cx_tool_arg_error(const cx_function_t* fn, const char* function, uint32_t i,
                                          const char* fmt, const char* detail);
// Views of the inputs as the function's arguments in order (token arguments
// take no input and get an empty view); errors name the argument.
// JAX's platform-index argument (cx_function_is_platform_index): when
// argument 0 of `fn` is one, makes views[0] its value -- `flag` if >= 0
// (--platform-index), else the position of "cpu" in the module's platform
// list -- and sets *out_supplied; an error if neither gives it. The input
// binders below leave a supplied argument alone.
CX_MUST_USE cx_status_t cx_tool_platform_index(const cx_module_t* m, const cx_function_t* fn,
                                               const char* function, long long flag,
                                               cx_buffer_view_t* views, bool* out_supplied);
// The value cx_tool_platform_index would supply, or -1.
long long cx_tool_platform_index_value(const cx_module_t* m, long long flag);
CX_MUST_USE cx_status_t cx_tool_bind_inputs(const cx_function_t* fn, uint32_t nargs,
                                            const char* function, const cx_input_list_t* inputs,
                                            cx_buffer_view_t* views);
// --input and --bind in the order given (--bind=SPEC is an --input whose
// arguments are fixed for the executable's lifetime: compiled in as
// constants, cx_compile_options_t.bind). Parses the specs into `list` and
// gives the mask of bound arguments (nargs entries, malloc'ed; NULL when
// nothing is bound): entries map in order to the arguments that take an
// input (not tokens, not JAX's platform index).
CX_MUST_USE cx_status_t cx_tool_parse_bound_inputs(const cx_function_t* fn, uint32_t nargs,
                                                   const cx_tool_inputs_t* in,
                                                   cx_input_list_t* list, bool** out_bound);
// Frees the data of the bound arguments' inputs (the views of bound
// arguments lose their data): once compiled, the executable holds its own
// copy, and keeping the inputs held a model's weights twice.
void cx_tool_release_bound_inputs(uint32_t nargs, const bool* bound, cx_buffer_view_t* views,
                                  cx_input_list_t* inputs);
// Gives the C library's free heap pages back to the system, once a compile
// has freed what it read (the module, bound inputs under 1 MiB, LLVM's
// working memory): glibc keeps freed heap pages resident, and brk-heap
// blocks come back only when the top of the heap is free.
void cx_tool_trim_heap(void);
// After a compile, when the process will not compile again: the heap
// trimmed, and the pages of LLVM's code and read-only data it touched
// dropped from the RSS (see tool_args.c).
void cx_tool_release_compiler_pages(void);
// The views of the arguments not bound, in order, into `out` (nargs room);
// returns their count.
uint32_t cx_tool_unbound_views(uint32_t nargs, const bool* bound, const cx_buffer_view_t* views,
                               cx_buffer_view_t* out);
// Made-up arguments: each tensor argument (static shapes only) gets a new
// buffer of deterministic pseudo-random values (cx_buffer_view_fill_random,
// seeded with seed + argument index); free each with cx_buffer_view_free_data.
CX_MUST_USE cx_status_t cx_tool_random_inputs(const cx_function_t* fn, uint32_t nargs,
                                              const char* function, uint64_t seed,
                                              cx_buffer_view_t* views);
// Makes each made-up integer argument (not i1) 0 or 1: `cxla run`'s integer
// arguments are mostly token ids, token types, masks and positions, and 0/1
// is in range for any table of two or more rows (BERT's token-type table has
// two; an id out of range makes jnp.take fill NaN).
void cx_tool_random_ints_as_indices(uint32_t nargs, cx_buffer_view_t* views);

// ---- the compilation cache (tool_args.c) --------------------------------------------

// Handles "--cache-dir=DIR" (*cache_dir = DIR) and "--no-cache" (*cache_dir
// = "": off even if $CXLA_CACHE_DIR is set; cx_compile_options_t.cache_dir).
// Returns true if `arg` was one of them.
bool cx_tool_cache_flag(const char* arg, const char** cache_dir);
// Usage text of the two flags, for the verbs' help.
#define CX_TOOL_CACHE_HELP                                                          \
  "--cache-dir=DIR keeps compiled functions in DIR and loads them from there\n"    \
  "when the same program, options, CPU and cxla meet again (default:\n"            \
  "$CXLA_CACHE_DIR; --no-cache turns it off; $CXLA_CACHE_MAX_MB bounds it).\n"

// A compile observer that notes the cache's answer: result stays NULL
// without a cache, else "hit" or "miss".
typedef struct cx_compile_observer cx_compile_observer_t;
typedef struct cx_tool_cache_watch {
  const char* result;
} cx_tool_cache_watch_t;
// Fills *obs to report into *w.
void cx_tool_cache_watch(cx_tool_cache_watch_t* w, cx_compile_observer_t* obs);

// ---- ahead-of-time artifacts (tool_artifact.c) -------------------------------------

typedef struct cx_rt_executable cx_rt_executable_t;

typedef struct cx_rt_device cx_rt_device_t;

// What calling a compiled executable needs: a device with `threads` threads
// (0: one per core) and *out_n result views allocated for it
// (cx_rt_executable_allocate_results; the array is freed with cx_free).
// What was made is kept in the outputs also when a later step fails.
CX_MUST_USE cx_status_t cx_tool_device_and_results(const cx_rt_executable_t* exe, int threads,
                                                   cx_rt_device_t** out_device, uint32_t* out_n,
                                                   cx_buffer_view_t** out_results);
// True if the file starts with an artifact's magic (cx_rt_is_artifact).
bool cx_tool_is_artifact_file(const char* path);
// Views of the inputs as the executable's arguments (shapes must match the
// signature exactly; token arguments take no input).
CX_MUST_USE cx_status_t cx_tool_artifact_bind_inputs(const cx_rt_executable_t* exe,
                                                     const cx_input_list_t* inputs,
                                                     cx_buffer_view_t* views);
// Made-up arguments of the signature's types (cx_buffer_view_fill_random
// seeded with seed + argument index); free each with cx_buffer_view_free_data.
CX_MUST_USE cx_status_t cx_tool_artifact_random_inputs(const cx_rt_executable_t* exe,
                                                       uint64_t seed, cx_buffer_view_t* views);

// `cxla run ARTIFACT`: loads, binds, invokes and prints or saves results.
typedef struct cx_tool_artifact_run {
  const char* file;
  const char** inputs;
  int num_inputs;
  const char** outputs;
  int num_outputs;
  int threads;
  double timeout;
  uint64_t max_steps;
  long long max_elements;
  size_t max_input;
  bool random_inputs;
  uint64_t seed;
} cx_tool_artifact_run_t;
CX_MUST_USE cx_status_t cx_tool_run_artifact(const cx_tool_artifact_run_t* run);

extern const cx_verb_t cx_verb_compile;

#endif  // CXLA_TOOLS_VERBS_H_
