// The cxla IR: a context (interned types and names), modules, functions, ops,
// values with use lists, blocks with arguments, and regions.
//
// Ownership: a module owns an arena that holds its ops, values, blocks,
// regions and attributes; destroying the module frees them all at once.
// Types and interned strings live in the context, which must outlive every
// module created in it. Erasing an op unlinks it; its memory is reclaimed
// with the module.
#ifndef CXLA_IR_IR_H_
#define CXLA_IR_IR_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/allocator.h"
#include "cxla/status.h"
#include "ir/attrs.h"
#include "ir/types.h"
#include "support/arena.h"
#include "support/hashmap.h"

// ----------------------------------------------------------------------------
// Op kinds: one enum entry per row of ops.def.

typedef enum cx_op_kind {
#define CX_OP(id, ...) CX_OP_##id,
#include "ir/ops.def"
#undef CX_OP
  CX_OP_COUNT
} cx_op_kind_t;

// Rows of the op attribute schema (op_attrs.def; see ir/op_schema.h).
typedef enum cx_op_attr_id {
#define CX_OP_ATTR(op, name, kind, dflt, flags) CX_OP_ATTR_##op##_##name,
#include "ir/op_attrs.def"
#undef CX_OP_ATTR
  CX_OP_ATTR_COUNT
} cx_op_attr_id_t;

// Op families group ops whose verification, interpretation and printing share
// code (one file per family in src/ir/verify_*, src/interp/*).
typedef enum cx_op_family {
#define CX_FAMILY(id) CX_FAMILY_##id,
#include "ir/op_families.def"
#undef CX_FAMILY
  CX_FAMILY_COUNT
} cx_op_family_t;

// Pretty-form assembly formats (src/text/op_formats.c implements each).
typedef enum cx_op_format {
#define CX_FORMAT(id) CX_FORMAT_##id,
#include "ir/op_formats.def"
#undef CX_FORMAT
  CX_FORMAT_COUNT
} cx_op_format_t;

typedef struct cx_op cx_op_t;

// Op traits (the TRAITS column of ops.def), as bit flags.
typedef enum cx_op_trait {
  // No memory effects: removable when its results are unused, may be
  // duplicated, merged or reordered.
  CX_TRAIT_PURE = 1u << 0,
  // Reads or writes state outside its operands and results (I/O,
  // communication, random state, calls, checks), or may: never removed or
  // reordered across other such ops. custom_call has it, but only a
  // custom_call with has_side_effect = true (or without results) has effects;
  // ask cx_op_is_pure.
  CX_TRAIT_SIDE_EFFECTS = 1u << 1,
  // Has the effects of the ops in its regions (while, if, reduce, sort, ...).
  CX_TRAIT_RECURSIVE_EFFECTS = 1u << 2,
  CX_TRAIT_COMMUTATIVE = 1u << 3,      // operands may be swapped (two-operand ops)
  CX_TRAIT_ELEMENTWISE = 1u << 4,      // result[i] depends on operands[...][i] only
  // Operands and results have the same (compatible, in StableHLO's sense of
  // dynamic dims and bounds) type.
  CX_TRAIT_SAME_OPERANDS_AND_RESULT_TYPE = 1u << 5,
  CX_TRAIT_TERMINATOR = 1u << 6,       // ends its block (returns)
  CX_TRAIT_ISOLATED_FROM_ABOVE = 1u << 7,  // its regions use no value from outside
  CX_TRAIT_CONSTANT_LIKE = 1u << 8,    // a constant: result fully given by attributes
} cx_op_trait_t;

// Maximum count for variadic operand/result lists.
#define CX_OP_VARIADIC UINT32_MAX

typedef struct cx_op_info {
  const char* name;          // "stablehlo.add"
  cx_op_family_t family;
  cx_op_format_t format;
  const char* inherent_attrs;  // comma-separated attribute names the op defines
  uint32_t traits;             // cx_op_trait_t flags
  uint32_t min_operands, max_operands;  // max CX_OP_VARIADIC: no bound
  uint32_t min_results, max_results;
} cx_op_info_t;

const cx_op_info_t* cx_op_info(cx_op_kind_t kind);
// Whether the op's kind has the trait (a static property of the kind).
static inline bool cx_op_has_trait(const cx_op_t* op, cx_op_trait_t trait);
// Whether the op has no memory effects: PURE ops, custom_call without
// has_side_effect (and with results), and RECURSIVE_EFFECTS ops whose nested
// ops are all pure. Unknown ops are not pure.
bool cx_op_is_pure(const cx_op_t* op);
// Whether the op can be erased because nothing observes it: pure, not a
// terminator, and no result has a use.
bool cx_op_is_trivially_dead(const cx_op_t* op);
// Whether the op's operand and result counts are within its kind's bounds.
bool cx_op_counts_ok(const cx_op_t* op);
// Finds an op kind by full name ("stablehlo.add", "func.return", "return");
// CX_OP_UNKNOWN if not registered.
cx_op_kind_t cx_op_kind_lookup(const char* name, size_t len);

// ----------------------------------------------------------------------------
// Context.

// Well-known attribute names, interned once per context so ops look them up
// by pointer: ctx->names[CX_NAME_dimensions].
typedef enum cx_name_id {
#define CX_NAME(id) CX_NAME_##id,
#include "ir/names.def"
#undef CX_NAME
  CX_NAME_COUNT
} cx_name_id_t;

typedef struct cx_module cx_module_t;

// Reading one attribute or type written in MLIR assembly, into `module`'s
// arena (attributes) or its context (types). The text front end implements
// it; layers below text that meet assembly inside another format (MLIR
// bytecode's textual fallback, cxla's opaque types) parse it through the
// context with cx_asm_parse_attr/_type, so they do not depend on src/text.
typedef struct cx_asm_parser {
  cx_status_t (*parse_attr)(cx_module_t* module, const char* text, size_t len,
                            const cx_attr_t** out);
  cx_status_t (*parse_type)(cx_module_t* module, const char* text, size_t len,
                            const cx_type_t** out);
} cx_asm_parser_t;

typedef struct cx_context {
  cx_allocator_t allocator;
  cx_arena_t arena;        // types, interned strings, type encodings
  cx_hashset_t types;
  cx_hashset_t strings;
  cx_hashset_t locations;  // ir/location.h
  const char* names[CX_NAME_COUNT];
  const cx_asm_parser_t* asm_parser;  // NULL: assembly cannot be read
  // The op attribute schema indexed for lookups: each row's interned name,
  // and the rows of each op kind (op_attr_ids[op_attr_first[k] ...]).
  const char* op_attr_names[CX_OP_ATTR_COUNT];
  uint16_t op_attr_ids[CX_OP_ATTR_COUNT];
  uint16_t op_attr_first[CX_OP_COUNT];
  uint8_t op_attr_count[CX_OP_COUNT];
} cx_context_t;

// A bare context (no assembly parser). The public cx_context_create
// (src/api) is this plus the text front end's parser.
CX_MUST_USE cx_status_t cx_ir_context_create(cx_allocator_t allocator, cx_context_t** out_ctx);
void cx_context_destroy(cx_context_t* ctx);
// Parse assembly through ctx->asm_parser; CX_UNIMPLEMENTED without one.
CX_MUST_USE cx_status_t cx_asm_parse_attr(cx_module_t* module, const char* text, size_t len,
                                          const cx_attr_t** out);
CX_MUST_USE cx_status_t cx_asm_parse_type(cx_module_t* module, const char* text, size_t len,
                                          const cx_type_t** out);
// Returns the unique copy of the string (NUL-terminated), or NULL on OOM.
// Mutates the context: not for use while other threads read it.
const char* cx_intern(cx_context_t* ctx, const char* s, size_t len);
// The interned copy if the string was interned before, else NULL. Read-only,
// so safe while several threads evaluate the same module.
const char* cx_interned(const cx_context_t* ctx, const char* s, size_t len);
static inline const char* cx_name(cx_context_t* ctx, cx_name_id_t id) { return ctx->names[id]; }

// ----------------------------------------------------------------------------
// Locations: where an op came from, for error messages.

typedef struct cx_location cx_location_t;  // ir/location.h

// An op's location: the file:line:col its messages show (the first file
// position of `full`, or where the op stood in the input) and the whole
// location the input gave (name, call site, fused, range; NULL when the
// input gave none), which prints and serializes back.
typedef struct cx_loc {
  const char* file;  // interned; NULL if unknown
  uint32_t line;
  uint32_t col;
  const cx_location_t* full;  // interned in the context; NULL if none
} cx_loc_t;

// Formats "file:line:col" into buf (or "<unknown>").
const char* cx_loc_format(cx_loc_t loc, char* buf, size_t buf_size);

// ----------------------------------------------------------------------------
// Values, operands, blocks, regions, ops.

typedef struct cx_op cx_op_t;
typedef struct cx_block cx_block_t;
typedef struct cx_region cx_region_t;
typedef struct cx_value cx_value_t;
typedef struct cx_module cx_module_t;

// One use of a value: operand `index` of op `owner`. Uses of a value form a
// doubly linked list so that replace-all-uses and erase are O(uses).
typedef struct cx_operand {
  cx_value_t* value;
  cx_op_t* owner;
  struct cx_operand* next_use;
  struct cx_operand** prev_next;
} cx_operand_t;

struct cx_value {
  const cx_type_t* type;
  cx_operand_t* first_use;
  cx_op_t* def_op;       // the op defining this result, or NULL for a block argument
  uint32_t index;        // result index or argument index
  // Unique within the module and never reused: every value gets the next
  // number of its module's counter when it is created (parsed, read, built
  // or cloned), so ids are < module->next_value_id and side tables may be
  // dense arrays indexed by id (the interpreter's frame slots are).
  uint32_t id;
};

// A block argument is a value with a location of its own (an op's results
// have their op's): cx_block_add_arg allocates this, so results, the bulk of
// the values, do not pay for the field.
typedef struct cx_block_arg {
  cx_value_t value;
  cx_block_t* block;         // the block owning the argument
  const cx_location_t* loc;  // the argument's location (ir/location.h), or NULL
} cx_block_arg_t;
// The block owning `v` if it is a block argument, else NULL (a result: its
// op is v->def_op). Kept out of cx_value_t, whose bulk are results.
static inline cx_block_t* cx_value_block(const cx_value_t* v) {
  return v->def_op ? NULL : ((const cx_block_arg_t*)v)->block;
}
// The location of `v` if it is a block argument with one, else NULL.
static inline const cx_location_t* cx_value_arg_loc(const cx_value_t* v) {
  return v->def_op ? NULL : ((const cx_block_arg_t*)v)->loc;
}
// `arg` must be a block argument (cx_block_add_arg).
static inline void cx_value_set_arg_loc(cx_value_t* arg, const cx_location_t* loc) {
  ((cx_block_arg_t*)arg)->loc = loc;
}

struct cx_block {
  cx_region_t* parent;
  cx_block_t* prev;
  cx_block_t* next;
  uint32_t num_args;
  uint32_t args_cap;
  cx_value_t** args;
  cx_op_t* first_op;
  cx_op_t* last_op;
  // Whether the ops' `order` fields increase along the block (see
  // cx_op_is_before_in_block); appending keeps it, inserting in the middle
  // may clear it, and the next order query renumbers the block.
  bool order_valid;
};

struct cx_region {
  cx_op_t* parent;  // NULL for a module body
  cx_block_t* first_block;
  cx_block_t* last_block;
};

// An op is kept compact (a model has one per ~85 bytes of text): no padding
// holes, and the kind and region count share a word (cx_op_build refuses
// more than CX_OP_MAX_REGIONS regions).
enum { CX_OP_MAX_REGIONS = 0xffff };
_Static_assert(CX_OP_COUNT <= 0x10000, "an op's kind takes 16 bits");
struct cx_op {
  cx_op_kind_t kind : 16;
  uint32_t num_regions : 16;
  uint32_t order;          // position in the block, valid while block->order_valid
  const char* name;  // interned full name; for CX_OP_UNKNOWN the spelling read
  cx_block_t* block;
  cx_op_t* prev;
  cx_op_t* next;
  uint32_t num_operands;
  uint32_t num_results;
  uint32_t num_attrs;
  uint32_t attrs_cap;
  cx_operand_t* operands;
  cx_value_t* results;
  cx_region_t* regions;
  cx_named_attr_t* attrs;  // in insertion order
  cx_loc_t loc;
};

struct cx_module {
  cx_context_t* ctx;
  cx_arena_t arena;
  const char* name;  // `module @name`, without '@'; NULL if unnamed
  uint32_t num_attrs;
  cx_named_attr_t* attrs;  // `module attributes {...}`
  cx_region_t body;        // one block of top-level ops (func.func)
  uint32_t num_resources;
  cx_resource_t* resources;
  cx_loc_t loc;
  // Buffers the module keeps alive because attributes borrow from them
  // (malloc'ed: freed with the system allocator).
  uint32_t num_owned;
  void** owned;
  uint32_t next_value_id;  // the id the next value created in this module gets
  // The function symbol table behind cx_module_lookup_func (NULL until
  // cx_module_symbol_table builds it); see ir/symbols.h.
  struct cx_symbol_table* symbols;
  // Large dense payloads, each its own allocation (see "Dense payloads").
  struct cx_payload* payloads;
  size_t payload_bytes;
  // The read-only file mapping the module's constants borrow from (bytecode
  // loaded by cx_module_load_file_view), or NULL. The module does not own it;
  // its pages read back from the file, so they can be given back whenever
  // a reader is done with them (cx_module_drop_mapped_pages).
  const void* mapped;
  size_t mapped_len;
};

// ----------------------------------------------------------------------------
// Dense payloads (payloads.c). Dense data of CX_PAYLOAD_MIN_BYTES or more
// does not go into the module's arena, which only grows: it gets its own
// allocation, owned by the module, so that a constant a pass has replaced can
// be given back. cx_module_release_unused_payloads frees every payload no
// attribute of the module's ops (nested in arrays and dictionaries
// included) or of the module itself refers to. Call it when nothing else
// holds the module's attributes: between passes, not while an interpreter
// of the module is alive (its constants borrow attribute data) nor while a
// pass keeps detached attributes. Everything left is freed with the module.

enum { CX_PAYLOAD_MIN_BYTES = 64 * 1024 };
// With the system allocator, payloads of this size or more start on a page
// of their own and have their last page to themselves (their own mapping),
// so that every page of one copied elsewhere can be given back (madvise)
// while the module lives.
enum { CX_PAYLOAD_PAGED_BYTES = 1024 * 1024 };

// Memory for dense data of `nbytes` owned by the module: a payload of its
// own when large (page-aligned from CX_PAYLOAD_PAGED_BYTES with the system
// allocator), else arena memory. 16-byte aligned; NULL on out-of-memory.
void* cx_module_payload_alloc(cx_module_t* module, size_t nbytes);
// A DENSE attribute holding a copy of `data` (payload memory when large).
const cx_attr_t* cx_module_attr_dense(cx_module_t* module, const cx_type_t* tensor_type,
                                      const void* data, size_t nbytes, bool splat);
// Frees the payloads no attribute refers to; returns the bytes freed.
// Fails only on out-of-memory (then nothing is freed).
CX_MUST_USE cx_status_t cx_module_release_unused_payloads(cx_module_t* module,
                                                          size_t* out_freed_bytes);
// Frees every payload (cx_module_destroy).
void cx_payloads_free_all(cx_module_t* module);

// Module lifecycle.
CX_MUST_USE cx_status_t cx_module_create(cx_context_t* ctx, cx_module_t** out_module);
void cx_module_destroy(cx_module_t* module);
// Gives back the resident pages of the file mapping the module's constants
// borrow from (module->mapped; nothing without one): the bytes read back
// from the file when touched again. The compile calls it once it has copied
// the constants: the pages it read them from, and the kernel's fault-around
// pages next to them, stayed resident next to the copies (ResNet-50's
// .mlirbc: 7 MiB at the compile's peak).
void cx_module_drop_mapped_pages(const cx_module_t* module);
// Transfers ownership of a malloc'ed buffer to the module (freed on destroy
// with the system allocator).
CX_MUST_USE cx_status_t cx_module_adopt_buffer(cx_module_t* module, void* buffer);
static inline cx_block_t* cx_module_block(const cx_module_t* m) { return m->body.first_block; }
// Finds a function by symbol name, or NULL. Read-only: O(1) through the
// module's symbol table once it is built (cx_module_symbol_table in
// ir/symbols.h; the verifier builds it) and finds the function there, a
// linear scan otherwise (no table yet, or a function added, erased or
// renamed behind the table's back).
cx_op_t* cx_module_lookup_func(const cx_module_t* module, const char* name);
const cx_resource_t* cx_module_lookup_resource(const cx_module_t* module, const char* name);

// Ops are created with cx_op_build / cx_build (ir/builder.h).

// Insertion and removal. The op being inserted must not be in a block.
void cx_block_append_op(cx_block_t* block, cx_op_t* op);
void cx_block_prepend_op(cx_block_t* block, cx_op_t* op);
void cx_op_insert_before(cx_op_t* anchor, cx_op_t* op);
void cx_op_insert_after(cx_op_t* anchor, cx_op_t* op);
// Unlinks the op from its block (if any). Its results must have no uses
// left outside the op itself; the uses held by its operands and by the ops
// nested in its regions are dropped, so values it used may become dead. The
// memory is reclaimed with the module.
void cx_op_erase(cx_op_t* op);
// Unlinks without touching uses (to move the op elsewhere).
void cx_op_unlink(cx_op_t* op);
// Moves an op (in a block or not) to just before `anchor`.
void cx_op_move_before(cx_op_t* op, cx_op_t* anchor);
// Drops every use the op and its nested ops hold (operands become NULL).
void cx_op_drop_all_uses_held(cx_op_t* op);

// Operands and uses. Both keep every value's use list exact: a use moves from
// the old value's list to the new one's (NULL: the operand becomes empty).
void cx_op_set_operand(cx_op_t* op, uint32_t index, cx_value_t* value);
void cx_value_replace_all_uses(cx_value_t* from, cx_value_t* to);
// Like cx_value_replace_all_uses but only for the uses `replace` accepts
// (e.g. every use except the one inside a new op that wraps `from`).
void cx_value_replace_uses_if(cx_value_t* from, cx_value_t* to,
                              bool (*replace)(const cx_operand_t* use, void* arg), void* arg);
// Replaces the uses of each result of `op` by the corresponding value.
void cx_op_replace_all_uses(cx_op_t* op, cx_value_t* const* values);
// True if no result of the op has a use.
bool cx_op_results_unused(const cx_op_t* op);
static inline bool cx_value_has_uses(const cx_value_t* v) { return v->first_use != NULL; }
static inline bool cx_value_has_one_use(const cx_value_t* v) {
  return v->first_use && !v->first_use->next_use;
}
uint32_t cx_value_num_uses(const cx_value_t* v);
static inline cx_value_t* cx_op_operand(const cx_op_t* op, uint32_t i) {
  return op->operands[i].value;
}
static inline cx_value_t* cx_op_result(cx_op_t* op, uint32_t i) { return &op->results[i]; }

// Attributes (names are interned strings; pass ctx->names[...] or cx_intern).
const cx_attr_t* cx_op_attr(const cx_op_t* op, const char* interned_name);
CX_MUST_USE cx_status_t cx_op_set_attr(cx_module_t* module, cx_op_t* op,
                                       const char* interned_name, const cx_attr_t* value);
void cx_op_remove_attr(cx_op_t* op, const char* interned_name);

// Blocks and regions.
cx_block_t* cx_block_create(cx_module_t* module);
void cx_region_append_block(cx_region_t* region, cx_block_t* block);
// Unlinks a block from its region (its ops stay in it).
void cx_block_unlink(cx_block_t* block);
// Moves all blocks of `src` to the end of `dst` (src becomes empty; its
// blocks' parent pointers need not be right).
void cx_region_take_blocks(cx_region_t* dst, cx_region_t* src);
// Adds an argument; returns NULL on out-of-memory (or when the module ran
// out of value ids).
cx_value_t* cx_block_add_arg(cx_module_t* module, cx_block_t* block, const cx_type_t* type);
static inline cx_block_t* cx_region_block(const cx_region_t* r) { return r->first_block; }
// The op that terminates a block (its last op), or NULL if empty.
static inline cx_op_t* cx_block_terminator(const cx_block_t* b) { return b->last_op; }
// The op enclosing an op (its block's region's parent), or NULL at top level.
cx_op_t* cx_op_parent(const cx_op_t* op);

// func.func accessors.
const char* cx_func_name(const cx_op_t* func);           // sym_name
const cx_type_t* cx_func_type(const cx_op_t* func);      // function_type
bool cx_func_is_public(const cx_op_t* func);             // no sym_visibility or "public"
cx_block_t* cx_func_body(const cx_op_t* func);           // NULL for a declaration
// stablehlo.custom_call's call_target_name, or NULL (another op).
const char* cx_custom_call_target(const cx_op_t* op);

// Walks (pre- and post-order, reverse), dominance and op order are in
// ir/walk.h; traits and operand/result count bounds below.

// Structural equality (src/ir/equal.c): same op tree, kinds and names, types
// (by interned pointer; both modules must share a context), attributes (by
// cx_attr_equal, in name order), resource blobs, and operands referring to
// corresponding values; SSA names and locations are ignored. On a difference
// returns false and, if why is not NULL, describes the first one there.
bool cx_module_equal(const cx_module_t* a, const cx_module_t* b, char* why, size_t why_size);

static inline bool cx_op_has_trait(const cx_op_t* op, cx_op_trait_t trait) {
  return (cx_op_info(op->kind)->traits & (uint32_t)trait) != 0;
}

#endif  // CXLA_IR_IR_H_
