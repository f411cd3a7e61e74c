// Reading, verifying and writing StableHLO programs.
//
// A program is parsed once into a module (cx_module_t) that lives in a
// context (cx_context_t). Text (MLIR assembly) and bytecode (MLIR bytecode /
// VHLO portable artifacts) are both accepted; cx_module_load tells them apart
// by the bytecode magic "ML\xEFR".
#ifndef CXLA_MODULE_H_
#define CXLA_MODULE_H_

#include <stdbool.h>
#include <stddef.h>

#include "cxla/allocator.h"
#include "cxla/buffer.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_context cx_context_t;
typedef struct cx_module cx_module_t;

// The context owns interned types and must outlive its modules.
CX_MUST_USE cx_status_t cx_context_create(cx_allocator_t allocator, cx_context_t** out_ctx);
void cx_context_destroy(cx_context_t* ctx);
void cx_module_destroy(cx_module_t* module);

typedef struct cx_parse_options {
  // Name used in error locations ("model.mlir"); "<input>" if NULL.
  const char* filename;
  // Line number of the first line of `text` (for split files); 0 means 1.
  unsigned first_line;
  // dense_resource<__elided__> constants (models published without weights)
  // are an error unless this is set, in which case they are filled with
  // deterministic values chosen by their use (weights scaled by their
  // fan-in, positive variances, scales around 1; see docs/cli.md).
  bool fill_elided_resources;
} cx_parse_options_t;

// Parses MLIR text into a module. On error returns a status whose location is
// "file:line:col". The text need not be NUL-terminated and is not retained.
CX_MUST_USE cx_status_t cx_module_parse_text(cx_context_t* ctx, const char* text, size_t len,
                                             const cx_parse_options_t* options,
                                             cx_module_t** out_module);

// Parses text or bytecode (detected by the magic number). For bytecode the
// module may borrow constant data from `data`, so the caller passes ownership
// of a malloc'ed buffer with take_ownership=true, or keeps `data` alive for
// the module's lifetime.
CX_MUST_USE cx_status_t cx_module_load(cx_context_t* ctx, void* data, size_t len,
                                       bool take_ownership, const cx_parse_options_t* options,
                                       cx_module_t** out_module);

// Loads a file mapped with cx_file_map (cxla/file.h) as cx_module_load
// does without ownership: bytecode constants point into the mapping, so
// unmap it after destroying the module; text is not retained (unmap it once
// loaded). When the text is mapped (src->mapped), the parser gives back the
// pages of long lines and large hex literals once it has read them (they
// read back from the file if touched again): a model's weights written as
// dense<"0x..."> are then not held as text and as tensors at once. Once
// loaded, a mapped file's pages are given back, text or bytecode (bytecode
// copies its unaligned constants, and held the file pages they came from);
// the constants a bytecode module borrows read back from the file. The
// module remembers the mapping, and cx_compile gives its pages back again
// once it has copied the constants into the executable.
typedef struct cx_file_view cx_file_view_t;
CX_MUST_USE cx_status_t cx_module_load_file_view(cx_context_t* ctx, const cx_file_view_t* src,
                                                 const cx_parse_options_t* options,
                                                 cx_module_t** out_module);

// True if the buffer starts with the MLIR bytecode magic.
bool cx_is_bytecode(const void* data, size_t len);

typedef struct cx_print_options {
  bool generic;        // print every op in MLIR's generic form
  bool print_locations;
} cx_print_options_t;

// Prints the module as MLIR text into a malloc'ed NUL-terminated string.
CX_MUST_USE cx_status_t cx_module_print(const cx_module_t* module,
                                        const cx_print_options_t* options, char** out_text);

// Checks every op against the StableHLO spec's constraints. Errors name the
// op and its location: "f.mlir:3:8: error: 'stablehlo.add' op ...".
CX_MUST_USE cx_status_t cx_module_verify(cx_module_t* module);

// ---- Functions ------------------------------------------------------------
// The func.func ops of a module and their signatures, for callers that bind
// arguments by type (the cxla tool, bindings). Handles are borrowed from the
// module and valid while it is unchanged.

typedef struct cx_function cx_function_t;

typedef enum cx_type_class {
  CX_TYPE_CLASS_TENSOR,
  CX_TYPE_CLASS_TOKEN,
  CX_TYPE_CLASS_TUPLE,
  CX_TYPE_CLASS_OTHER,
} cx_type_class_t;

typedef struct cx_function_info {
  const char* name;  // without '@'; owned by the module
  bool is_public;    // no sym_visibility, or "public"
  bool has_body;     // false for a declaration
  uint32_t num_args;
  uint32_t num_results;
} cx_function_info_t;

// An argument's or result's type. The tensor fields are set for
// CX_TYPE_CLASS_TENSOR only.
typedef struct cx_type_info {
  cx_type_class_t type_class;
  cx_elem_t elem;                // element type; for a quantized tensor its storage type
  bool quantized;
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];     // -1 for a dynamic dimension
  int64_t bounds[CX_MAX_RANK];   // a dynamic dimension's bound (#stablehlo.bounds), else -1
} cx_type_info_t;

// The first function of the module and the one after `f` (NULL at the end).
const cx_function_t* cx_module_first_function(const cx_module_t* module);
const cx_function_t* cx_function_next(const cx_function_t* f);
// The function named `name` (without '@'), or NULL.
const cx_function_t* cx_module_find_function(const cx_module_t* module, const char* name);
void cx_function_get_info(const cx_function_t* f, cx_function_info_t* out_info);
// Argument `i` (is_result false) or result `i` of `f`. CX_OUT_OF_RANGE if
// there is no such argument or result.
CX_MUST_USE cx_status_t cx_function_type(const cx_function_t* f, bool is_result, uint32_t i,
                                         cx_type_info_t* out_info);
// The same type as MLIR spells it ("tensor<2x?xf32>"), or with element_only
// the spelling of a tensor's element type ("f32", "!quant.uniform<...>"), as
// a malloc'ed string the caller frees.
CX_MUST_USE cx_status_t cx_function_type_string(const cx_function_t* f, bool is_result,
                                                uint32_t i, bool element_only, char** out_text);

// The name of argument or result `i`: the jax.arg_info / jax.result_info
// string JAX exports give it (a pytree path such as "params['w']", or
// "result"), else an argument's name location (`loc("x")`), else NULL.
// Owned by the module.
const char* cx_function_name_of(const cx_function_t* f, bool is_result, uint32_t i);

// JAX's multi-platform exports (`jax.export(..., platforms=[...])`) take the
// index of the platform they run on as their first argument, a 32- or 64-bit
// integer scalar marked {jax.global_constant = "_platform_index"}; it selects
// the platform's branch. True if argument `i` of `f` is that argument.
bool cx_function_is_platform_index(const cx_function_t* f, uint32_t i);
// The position of `platform` ("cpu") in the list of platforms the module
// names (a module attribute `mhlo.platforms` or `jax.platforms`: an array of
// strings), or -1 if it names none or not this one. (JAX keeps the list in
// the export's container, not in the module: a module without one needs
// the index from its caller.)
int cx_module_platform_position(const cx_module_t* module, const char* platform);

// Splits text at lines that are exactly "// -----" (as -split-input-file
// does). Calls fn for each chunk with its first line number (1-based); stops
// at the first non-NULL status fn returns and returns it.
typedef cx_status_t (*cx_split_fn)(const char* chunk, size_t len, unsigned first_line,
                                   void* arg);
CX_MUST_USE cx_status_t cx_split_input(const char* text, size_t len, cx_split_fn fn, void* arg);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_MODULE_H_
