// The MLIR text parser's internal interface, shared by the parser proper
// (parser.c: modules, functions, generic ops, regions), the type and
// attribute parser (parse_attrs.c, parse_types.c), the dense literal parser
// (dense.c) and the per-op pretty forms (parse_formats.c).
//
// The parser works directly on characters: each parse function skips leading
// whitespace and comments, then reads its construct. Errors are reported
// with the position of the cursor (or of a saved position) as file:line:col.
#ifndef CXLA_TEXT_PARSER_H_
#define CXLA_TEXT_PARSER_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/module.h"
#include "ir/builder.h"
#include "ir/ir.h"
#include "support/hashmap.h"
#include "support/scratch.h"
#include "support/strbuf.h"

// Maximum nesting of regions/attributes/types before the parser refuses the
// input (so hostile input cannot overflow the stack).
#define CX_PARSER_MAX_DEPTH 256

// SSA names in scope (ssa_names.c). `%name` refers to the consecutive
// results of an op (`%x:2` two of them, plain `%x` one) or, if `values` is
// a block argument, to that argument. A binding is the values and where the
// name is in the input text (its end and a `:N` result count are read back
// from there), so a function's thousands of names cost 12 bytes each.
typedef struct cx_ssa_entry {
  const char* name;    // in the input text, without '%'
  cx_value_t* values;
} cx_ssa_entry_t;
// Bindings are stored in chunks, the name as its distance back from the end
// of the input (4 bytes instead of a pointer: an input's SSA names must lie
// in its last 4 GiB).
#define CX_SSA_CHUNK 256
typedef struct cx_ssa_chunk {
  cx_value_t* values[CX_SSA_CHUNK];
  uint32_t name_back[CX_SSA_CHUNK];
} cx_ssa_chunk_t;

static inline bool cx_p_is_value_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c == '.' || c == '-';
}

// Scopes nest with regions, which the op depth bounds: a function and its
// region per level at most.
#define CX_SSA_MAX_SCOPES (2 * CX_PARSER_MAX_DEPTH + 8)
#define CX_SSA_ISOLATED 0x80000000u

typedef struct cx_ssa_names {
  cx_allocator_t allocator;
  const char* text_end;      // end of the input the names point into
  cx_ssa_chunk_t** chunks;   // CX_SSA_CHUNK bindings each, in binding order
  uint32_t num_chunks, chunks_cap;
  uint32_t len;              // bindings in scope
  uint32_t* slots;           // per name its newest binding + 1; 0: empty
  uint32_t slots_cap, live;  // power of two; names with a slot
  struct cx_ssa_undo {
    uint32_t entry, old;     // binding `entry` shadows binding `old`
  }* undo;
  uint32_t undo_len, undo_cap;
  uint32_t scopes[CX_SSA_MAX_SCOPES];  // each scope's first binding (| CX_SSA_ISOLATED)
  uint32_t depth;
  uint32_t floor;            // bindings before this are hidden by an isolated scope
} cx_ssa_names_t;

typedef enum cx_ssa_bind_result {
  CX_SSA_BOUND,
  CX_SSA_REDEFINED,  // the name is bound in the same scope already
  CX_SSA_NO_SCOPE,
  CX_SSA_OOM,
  CX_SSA_TOO_FAR,    // the name is more than 4 GiB before the input's end
} cx_ssa_bind_result_t;

void cx_ssa_names_init(cx_ssa_names_t* t, cx_allocator_t allocator, const char* text_end);
void cx_ssa_names_destroy(cx_ssa_names_t* t);
// False if scopes nest deeper than CX_SSA_MAX_SCOPES.
bool cx_ssa_names_push(cx_ssa_names_t* t, bool isolated);
void cx_ssa_names_pop(cx_ssa_names_t* t);
// `name` (len bytes) is in the input text, followed there by `:count` when
// it names more than one result.
cx_ssa_bind_result_t cx_ssa_names_bind(cx_ssa_names_t* t, const char* name, uint32_t len,
                                       cx_value_t* values);
// The visible binding of a name in *out, or false if there is none.
bool cx_ssa_names_lookup(const cx_ssa_names_t* t, const char* name, uint32_t len,
                         cx_ssa_entry_t* out);
// How many results a binding names; 0 for a block argument.
uint32_t cx_ssa_entry_count(const cx_ssa_names_t* t, const cx_ssa_entry_t* e);

typedef struct cx_alias {
  const char* text;         // position of the definition's value
  const char* text_end;     // end of the value, once parsed
  unsigned line;            // line of the definition
  const char* line_start;
  bool resolving;           // cycle detection
  bool is_type;
  const cx_attr_t* attr;    // resolved attribute alias
  const cx_type_t* type;    // resolved type alias
  cx_loc_t loc;             // resolved location alias
  bool is_loc;
  const char* redefined_at; // a second definition of the same name, or NULL
} cx_alias_t;

typedef struct cx_parser {
  cx_context_t* ctx;
  cx_module_t* module;
  const cx_parse_options_t* options;
  // The text is a private read-only file mapping (cx_parse_mapped_text):
  // pages of long lines and large hex literals are given back once read.
  bool drop_text;
  const char* filename;     // interned
  const char* begin;
  const char* end;
  const char* cur;
  // Line tracking: `line` is the line of `line_start`, the start of the line
  // the cursor is on (maintained by whitespace skipping).
  unsigned line;
  const char* line_start;
  cx_ssa_names_t names;     // SSA names in scope
  cx_strmap_t aliases;      // "#name" / "!name" -> cx_alias_t*
  cx_strmap_t op_kinds;     // op name spelling -> cx_op_kind_t + 1 (lookup memo)
  cx_strbuf_t scratch;
  // Temporaries of the op being parsed (operand, type and attribute lists
  // before the op copies them): given back when the op is built, so they
  // cost the depth of the nesting, not the length of the input.
  cx_scratch_t tmp;
  // Line numbers of positions off the cursor's line (cx_p_loc_at): the input
  // is scanned for newlines once, up to `lines_scanned`, leaving a mark every
  // CX_P_LOC_MARK_BYTES, so that a position behind the scan is found by a
  // binary search and a bounded scan. Any order of lookups stays linear in
  // the input (rescanning from the start made many-function files quadratic).
  struct cx_p_line_mark* line_marks;
  size_t num_line_marks, line_marks_cap;
  const char* lines_scanned;
  unsigned lines_scanned_line;
  const char* lines_scanned_line_start;
  int depth;                // type/attribute/location nesting, bounded to keep recursion safe
  int op_depth;             // op and region nesting, bounded likewise (counted apart, so
                            // that deep ops are not reported as a deep type)
  // dense_resource uses, linked to the module's blobs after the whole file
  // is read (the blobs come last in the text).
  struct cx_pending_resource* pending_resources;
  // Small attributes parsed so far, so that an equal one parsed later is
  // shared instead of kept twice (attr_share.c): a model repeats the same
  // few dimension lists, enums and dictionaries thousands of times.
  struct {
    const cx_attr_t** attrs;  // open addressing; NULL: empty
    uint64_t* hashes;
    uint32_t cap, count;
  } shared;
  uint32_t share_depth;     // nesting of cx_p_share_begin
  uint32_t share_epoch;     // bumped when module memory gets a reference from elsewhere
} cx_parser_t;

typedef struct cx_p_line_mark {
  const char* pos;
  const char* line_start;   // start of the line holding `pos`
  unsigned line;
} cx_p_line_mark_t;
#define CX_P_LOC_MARK_BYTES 4096

typedef struct cx_pending_resource {
  cx_attr_t* attr;
  const char* at;
  cx_loc_t loc;
  struct cx_pending_resource* next;
} cx_pending_resource_t;


// `count` zeroed elements of `size` bytes in the parser's temporaries (valid
// until the op being parsed is built); NULL on out-of-memory.
void* cx_p_tmp(cx_parser_t* p, size_t count, size_t size);
#define CX_P_TMP_ARRAY(p, T, n) ((T*)cx_p_tmp((p), (n), sizeof(T)))
// Makes room for element n of an array of `cap` elements (0: none yet) in
// the parser's temporaries, doubling it and copying the n elements it holds;
// false when out of memory. Lists of any length (AlphaFold's while has 440
// operands) live only until their op is built (the op copies what it keeps),
// so they go back with the op's other temporaries, not the module.
bool cx_p_tmp_grow(cx_parser_t* p, void** data, uint32_t* cap, uint32_t n, size_t elem);
#define CX_P_TMP_GROW(p, arr, cap, n) \
  ((n) < (cap) || cx_p_tmp_grow((p), (void**)&(arr), &(cap), (n), sizeof(*(arr))))

// ---- sharing equal attributes (attr_share.c) ----------------------------------
// An attribute is parsed between cx_p_share_begin and cx_p_share_end; at the
// outermost level, if an equal small attribute was parsed before,
// cx_p_share_end gives back the module memory parsed since the begin and
// returns the earlier one (attributes are immutable, so ops may share them).
// Nothing allocated in the module arena in between may be referenced from
// elsewhere: parsing that records such a reference (an alias definition, a
// pending dense_resource) calls cx_p_share_pin, and then nothing is given back.
typedef struct cx_p_share {
  cx_arena_mark_t mark;
  uint32_t epoch;
  bool outer;
} cx_p_share_t;
cx_p_share_t cx_p_share_begin(cx_parser_t* p);
// `a` may be NULL (the parse failed): the scope just ends.
const cx_attr_t* cx_p_share_end(cx_parser_t* p, cx_p_share_t scope, const cx_attr_t* a);
static inline void cx_p_share_pin(cx_parser_t* p) { p->share_epoch++; }
void cx_p_share_free(cx_parser_t* p);

// ---- cursor ---------------------------------------------------------------
void cx_p_skip_ws(cx_parser_t* p);
// Skips whitespace, then consumes `c` if present.
bool cx_p_accept(cx_parser_t* p, char c);
// Skips whitespace, then consumes the exact punctuation string ("->", "{-#").
bool cx_p_accept_str(cx_parser_t* p, const char* s);
// Skips whitespace, then consumes the keyword if it is followed by a
// non-identifier character.
bool cx_p_accept_keyword(cx_parser_t* p, const char* kw);
// The expect_ forms fail with "expected '<what>'" at the cursor.
// cx_module_parse_text for text that is a private read-only file mapping
// (cx_file_map): the pages of long lines (prescanned) and of large hex
// literals (decoded) are given back to the system (madvise MADV_DONTNEED;
// they read back from the file if touched again), so that a model's
// weights written as text are not held as text and as tensors at once.
CX_MUST_USE cx_status_t cx_parse_mapped_text(cx_context_t* ctx, const char* text, size_t len,
                                             const cx_parse_options_t* options,
                                             cx_module_t** out_module);
// Gives back the whole pages inside [begin, end) if p->drop_text.
void cx_p_drop_text(const cx_parser_t* p, const char* begin, const char* end);

CX_MUST_USE cx_status_t cx_p_expect(cx_parser_t* p, char c);
CX_MUST_USE cx_status_t cx_p_expect_str(cx_parser_t* p, const char* s);
CX_MUST_USE cx_status_t cx_p_expect_keyword(cx_parser_t* p, const char* kw);
// Peeks at the next non-space character (0 at end).
char cx_p_peek(cx_parser_t* p);
bool cx_p_peek_str(cx_parser_t* p, const char* s);
bool cx_p_peek_keyword(cx_parser_t* p, const char* kw);
// Reads a bare identifier [A-Za-z_][A-Za-z0-9_$.-]* (allow_dash for op names
// like cross-replica-sum). Returns false if none.
bool cx_p_ident(cx_parser_t* p, const char** out, size_t* out_len);
bool cx_p_peek_ident(cx_parser_t* p);
// Integers: optional sign, decimal or 0x hex. `true`/`false` are 1/0 when
// allow_bool. Out-of-range values are errors.
CX_MUST_USE cx_status_t cx_p_int(cx_parser_t* p, int64_t* out);
bool cx_p_peek_int(cx_parser_t* p);
// A float literal (decimal, inf, nan) or an integer, as double.
CX_MUST_USE cx_status_t cx_p_float(cx_parser_t* p, double* out);
// A string literal with MLIR escapes, decoded into the module arena.
CX_MUST_USE cx_status_t cx_p_string(cx_parser_t* p, const char** out, size_t* out_len);
// A quoted name (symbol, op or attribute name, resource key, file name): a
// string literal without NUL characters, since the IR keeps names as C
// strings.
CX_MUST_USE cx_status_t cx_p_name_string(cx_parser_t* p, const char** out, size_t* out_len);
// [1, 2, 3] (possibly empty); `?` allowed (as CX_DYNAMIC_DIM) if allow_dynamic.
// The list is allocated in the module arena (cx_p_int_list) or in the
// parser's temporaries (cx_p_int_list_tmp, for lists an attribute copies).
CX_MUST_USE cx_status_t cx_p_int_list(cx_parser_t* p, bool allow_dynamic, int64_t** out,
                                      uint32_t* out_len);
CX_MUST_USE cx_status_t cx_p_int_list_tmp(cx_parser_t* p, bool allow_dynamic, int64_t** out,
                                          uint32_t* out_len);

// ---- errors ---------------------------------------------------------------
// An error at `at` (a position in the input) or at the cursor.
CX_MUST_USE cx_status_t cx_p_error_at(cx_parser_t* p, const char* at, const char* fmt, ...)
    CX_PRINTF(3, 4);
#define cx_p_error(p, ...) cx_p_error_at((p), (p)->cur, __VA_ARGS__)
// Enters one more level of the nesting `*depth` counts; past
// CX_PARSER_MAX_DEPTH an error "<what> nested too deeply" (and no level).
CX_MUST_USE static inline cx_status_t cx_p_nest(cx_parser_t* p, int* depth, const char* what) {
  if (++*depth <= CX_PARSER_MAX_DEPTH) return NULL;
  --*depth;
  return cx_p_error(p, "%s nested too deeply", what);
}

cx_loc_t cx_p_loc_at(cx_parser_t* p, const char* at);
// Frees what cx_p_loc_at keeps (the parser's owner calls it once).
void cx_p_free_line_marks(cx_parser_t* p);
// Attaches the location of `at` to a status coming from a helper.
cx_status_t cx_p_locate(cx_parser_t* p, const char* at, cx_status_t status);

// ---- types and attributes --------------------------------------------------
CX_MUST_USE cx_status_t cx_p_type(cx_parser_t* p, const cx_type_t** out);
bool cx_p_peek_type(cx_parser_t* p);
// A comma-separated type list, either parenthesised "(a, b)" or bare (in the
// parser's temporaries, as the result list below).
CX_MUST_USE cx_status_t cx_p_type_list(cx_parser_t* p, bool parenthesised, const cx_type_t*** out,
                                       uint32_t* out_len);
// A function type "(a, b) -> c" or "(a) -> (b, c)".
CX_MUST_USE cx_status_t cx_p_function_type(cx_parser_t* p, const cx_type_t** out);
// The result list after "->": one type, or a parenthesised list.
CX_MUST_USE cx_status_t cx_p_result_types(cx_parser_t* p, const cx_type_t*** out,
                                          uint32_t* out_len);
CX_MUST_USE cx_status_t cx_p_attr(cx_parser_t* p, const cx_attr_t** out);
// An attribute whose type suffix is optional and defaults to `type` (e.g. the
// value of an integer with a known type). Pass NULL for MLIR's defaults.
CX_MUST_USE cx_status_t cx_p_attr_typed(cx_parser_t* p, const cx_type_t* type,
                                        const cx_attr_t** out);
// "{a = 1, b}" as an array of the parser's temporaries (cx_p_tmp).
CX_MUST_USE cx_status_t cx_p_attr_dict(cx_parser_t* p, cx_named_attr_t** out, uint32_t* out_len);
// The element literal of dense<...> for `type` (a tensor type).
CX_MUST_USE cx_status_t cx_p_dense_body(cx_parser_t* p, const cx_type_t* type,
                                        const char* body_begin, const char* body_end,
                                        const cx_attr_t** out);
// Parses `#stablehlo.<name><...>` bodies (after the '<').
CX_MUST_USE cx_status_t cx_p_stablehlo_attr(cx_parser_t* p, const char* name, size_t len,
                                            const char* at, const cx_attr_t** out);
// Parses `loc(...)` (after the keyword) into a location.
CX_MUST_USE cx_status_t cx_p_location(cx_parser_t* p, cx_loc_t* out);
// Skips an optional trailing `loc(...)`, storing it in *out if not NULL.
CX_MUST_USE cx_status_t cx_p_optional_location(cx_parser_t* p, cx_loc_t* out);
// Looks up an alias (`#name` or `!name`, with the sigil), parsing it on first
// use. Returns NULL in *out if not defined.
CX_MUST_USE cx_status_t cx_p_resolve_alias(cx_parser_t* p, const char* name, size_t len,
                                           cx_alias_t** out);
// Skips a balanced <...>, (...), [...] or {...} group starting at the cursor
// (string literals respected). Fails at end of input.
CX_MUST_USE cx_status_t cx_p_skip_balanced(cx_parser_t* p);

// ---- SSA values and regions ------------------------------------------------
// `%name` or `%name#3`: the value in scope.
CX_MUST_USE cx_status_t cx_p_value_use(cx_parser_t* p, cx_value_t** out);
bool cx_p_peek_value(cx_parser_t* p);
// Comma-separated values (possibly none) until something that is not a value
// (in the parser's temporaries).
CX_MUST_USE cx_status_t cx_p_value_list(cx_parser_t* p, cx_value_t*** out, uint32_t* out_len);
// `%name` (no '#'), returning the name (in the input, without '%').
CX_MUST_USE cx_status_t cx_p_value_def_name(cx_parser_t* p, const char** out, size_t* out_len);
// Binds a name to a block argument or op results in the current scope.
CX_MUST_USE cx_status_t cx_p_bind(cx_parser_t* p, const char* name, size_t len,
                                  cx_value_t* values, uint32_t count, cx_value_t* block_arg,
                                  const char* at);
CX_MUST_USE cx_status_t cx_p_push_scope(cx_parser_t* p, bool isolated);
void cx_p_pop_scope(cx_parser_t* p);
// Parses a region `{ ... }` into `region`. If `entry_args` is given, they
// become the entry block's arguments (already created, to be named by
// `arg_names` in the region's scope), and the region must not declare its own.
typedef struct cx_region_args {
  uint32_t count;
  const cx_type_t* const* types;
  const char* const* names;    // without '%'
  const size_t* name_lens;
  const cx_location_t* const* locs;  // each argument's location (NULL entries: none), or NULL
} cx_region_args_t;
CX_MUST_USE cx_status_t cx_p_region(cx_parser_t* p, cx_region_t* region,
                                    const cx_region_args_t* entry_args);

// ---- ops -------------------------------------------------------------------
// What the op parser knows when a pretty form starts: the op kind and name,
// where it started, and how many results the left-hand side declared. The
// format parsers fill in the rest, which becomes the cx_op_state_t the op
// is built from (cx_op_build); the arrays here are mutable and may live in
// the inline storage below.
typedef struct cx_op_parse_state {
  cx_op_kind_t kind;
  const char* name;        // interned
  const char* at;          // start of the op name
  cx_loc_t loc;            // the op's location: its first result name, or its name
  uint32_t num_results;    // declared by "%a, %b:2 ="
  // Filled by the format parser:
  cx_value_t** operands;
  uint32_t num_operands;
  const cx_type_t** result_types;
  uint32_t num_result_types;
  cx_named_attr_t* attrs;
  uint32_t num_attrs;
  uint32_t attrs_cap;
  uint32_t operands_cap;   // 0: `operands` is not the state's own array
  // Most ops have few attributes and operands: they start in these (the op
  // copies them when it is created), so parsing leaves no garbage behind in
  // the module arena.
  cx_named_attr_t inline_attrs[8];
  cx_value_t* inline_operands[8];
  uint32_t num_regions;
  cx_region_t* regions;    // parsed regions to move into the op (arena)
  // Block arguments that the pretty form declares for the regions (while,
  // reduce): parsed before the op exists and moved into its regions.
} cx_op_parse_state_t;

CX_MUST_USE cx_status_t cx_ps_add_attr(cx_parser_t* p, cx_op_parse_state_t* s, cx_name_id_t id,
                                       const cx_attr_t* value);
CX_MUST_USE cx_status_t cx_ps_add_attr_named(cx_parser_t* p, cx_op_parse_state_t* s,
                                             const char* interned, const cx_attr_t* value);
CX_MUST_USE cx_status_t cx_ps_merge_attrs(cx_parser_t* p, cx_op_parse_state_t* s,
                                          const cx_named_attr_t* attrs, uint32_t n);
CX_MUST_USE cx_status_t cx_ps_set_operands(cx_parser_t* p, cx_op_parse_state_t* s,
                                           cx_value_t** values, uint32_t n);
CX_MUST_USE cx_status_t cx_ps_append_operand(cx_parser_t* p, cx_op_parse_state_t* s,
                                             cx_value_t* value);
CX_MUST_USE cx_status_t cx_ps_set_results(cx_parser_t* p, cx_op_parse_state_t* s,
                                          const cx_type_t** types, uint32_t n);
// Allocates `n` regions to be filled by cx_p_region.
CX_MUST_USE cx_status_t cx_ps_alloc_regions(cx_parser_t* p, cx_op_parse_state_t* s, uint32_t n);
// Checks that the operands have the given types.
CX_MUST_USE cx_status_t cx_ps_check_operand_types(cx_parser_t* p, cx_op_parse_state_t* s,
                                                  const cx_type_t* const* types, uint32_t n,
                                                  const char* at);
// An optional attribute dictionary `{...}` merged into the op's attributes.
CX_MUST_USE cx_status_t cx_ps_opt_attr_dict(cx_parser_t* p, cx_op_parse_state_t* s);
// A function type `fn` written at `at` as the op's type: the operands must
// have its input types, and its results are the op's.
CX_MUST_USE cx_status_t cx_ps_apply_function_type(cx_parser_t* p, cx_op_parse_state_t* s,
                                                  const cx_type_t* fn, const char* at);
// A function type at the cursor, applied as above.
CX_MUST_USE cx_status_t cx_ps_function_type(cx_parser_t* p, cx_op_parse_state_t* s);

// Parses the pretty form of `state->kind` (the cursor is after the op name).
CX_MUST_USE cx_status_t cx_p_pretty_op(cx_parser_t* p, cx_op_parse_state_t* state);

#endif  // CXLA_TEXT_PARSER_H_
