// Internal interface of the MLIR bytecode reader and writer.
//
// The bytecode layer works in three steps in each direction:
//
//   container   (container.c, encoding.c)  sections, strings, dialects, op
//               names, the attribute/type table, resources, properties
//   nodes       (nodes.c, node_decode.c)   attributes and types as generic
//               `bc_node_t` values: one layout per (dialect, code), shared by
//               the reader (decoded from bytes) and the writer (built from
//               cxla IR and hash-consed so equal values get one table entry,
//               as MLIR's uniquing does)
//   mapping     (vhlo_ops.c, vhlo_import.c, vhlo_export.c)  VHLO ops,
//               attributes and types to and from cxla's StableHLO IR, per
//               StableHLO version
//
// reader.c builds a module from the IR section; numbering.c and writer.c
// reproduce MLIR's writer (IRNumbering + BytecodeWriter) so that output for a
// given target is byte-identical to what StableHLO writes.
#ifndef CXLA_BYTECODE_BC_INTERNAL_H_
#define CXLA_BYTECODE_BC_INTERNAL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/bytecode.h"
#include "ir/ir.h"
#include "support/arena.h"
#include "support/hashmap.h"

// ----------------------------------------------------------------------------
// Format constants (mlir/docs/BytecodeFormat.md).

enum {
  BC_SEC_STRING = 0,
  BC_SEC_DIALECT = 1,
  BC_SEC_ATTR_TYPE = 2,
  BC_SEC_ATTR_TYPE_OFFSET = 3,
  BC_SEC_IR = 4,
  BC_SEC_RESOURCE = 5,
  BC_SEC_RESOURCE_OFFSET = 6,
  BC_SEC_DIALECT_VERSIONS = 7,
  BC_SEC_PROPERTIES = 8,
  BC_NUM_SECTIONS = 9,
};

// Bytecode versions that changed the encoding.
enum {
  BC_V_DIALECT_VERSIONING = 1,
  BC_V_LAZY_LOADING = 2,
  BC_V_USE_LIST_ORDERING = 3,
  BC_V_ELIDE_UNKNOWN_BLOCK_ARG_LOC = 4,
  BC_V_NATIVE_PROPERTIES = 5,
  BC_V_NATIVE_ODS_SEGMENT_SIZE = 6,
  BC_V_MAX = 6,
};

enum {
  BC_OP_HAS_ATTRS = 1 << 0,
  BC_OP_HAS_RESULTS = 1 << 1,
  BC_OP_HAS_OPERANDS = 1 << 2,
  BC_OP_HAS_SUCCESSORS = 1 << 3,
  BC_OP_HAS_INLINE_REGIONS = 1 << 4,
  BC_OP_HAS_USE_LIST_ORDERS = 1 << 5,
  BC_OP_HAS_PROPERTIES = 1 << 6,
};

#define BC_ALIGNMENT_BYTE 0xCB

// Nesting limits so hostile input cannot exhaust the stack.
#define BC_MAX_NODE_DEPTH 200
#define BC_MAX_REGION_DEPTH 200

// ----------------------------------------------------------------------------
// Versions "major.minor.patch" packed into one comparable integer.

typedef uint32_t bc_version_t;
#define BC_VERSION(a, b, c) ((bc_version_t)(((a) << 20) | ((b) << 10) | (c)))
#define BC_VERSION_MAJOR(v) ((v) >> 20)
#define BC_VERSION_MINOR(v) (((v) >> 10) & 1023)
#define BC_VERSION_PATCH(v) ((v) & 1023)
// The newest StableHLO version cxla reads and writes ("current").
#define BC_CURRENT_VERSION BC_VERSION(1, 20, 0)
#define BC_MIN_VERSION BC_VERSION(0, 9, 0)

// Parses "1.2.3" (each part < 1024). Returns false if malformed.
bool bc_version_parse(const char* s, size_t len, bc_version_t* out);
// Formats "1.2.3" into buf.
const char* bc_version_format(bc_version_t v, char* buf, size_t size);
// The MLIR bytecode version StableHLO writes for a target version (Version.cpp).
int bc_bytecode_version_for(bc_version_t v);
// Parses a producer string "StableHLO_v1.2.3" (or "MLIR...") into a version.
bool bc_producer_version(const char* producer, size_t len, bc_version_t* out);

// ----------------------------------------------------------------------------
// Reading primitives. A cursor reads one section; errors name the section and
// the absolute byte offset in the file.

typedef struct bc_cursor {
  const uint8_t* base;  // start of the file (offsets in errors are from here)
  const uint8_t* p;
  const uint8_t* end;
  const char* section;  // "IR", "string", ... for error messages
  const char* filename;
} bc_cursor_t;

CX_MUST_USE cx_status_t bc_error(const bc_cursor_t* c, const char* fmt, ...) CX_PRINTF(2, 3);
CX_MUST_USE cx_status_t bc_read_byte(bc_cursor_t* c, uint8_t* out);
CX_MUST_USE cx_status_t bc_read_varint_slow(bc_cursor_t* c, uint64_t* out);
static inline CX_MUST_USE cx_status_t bc_read_varint(bc_cursor_t* c, uint64_t* out) {
  if (c->p < c->end && (*c->p & 1)) {
    *out = *c->p++ >> 1;
    return NULL;
  }
  return bc_read_varint_slow(c, out);
}
CX_MUST_USE cx_status_t bc_read_svarint(bc_cursor_t* c, int64_t* out);
CX_MUST_USE cx_status_t bc_read_varint_flag(bc_cursor_t* c, uint64_t* out, bool* flag);
CX_MUST_USE cx_status_t bc_read_bytes(bc_cursor_t* c, size_t n, const uint8_t** out);
CX_MUST_USE cx_status_t bc_read_cstr(bc_cursor_t* c, const char** out, size_t* out_len);
// Reads a count that is followed by at least `min_bytes_each` bytes per item,
// rejecting counts the remaining input cannot hold (bounds allocations).
CX_MUST_USE cx_status_t bc_read_count(bc_cursor_t* c, size_t min_bytes_each, uint64_t* out);
// Skips 0xCB padding up to `alignment` (a power of two) from the file start.
CX_MUST_USE cx_status_t bc_align(bc_cursor_t* c, uint64_t alignment);
static inline size_t bc_offset(const bc_cursor_t* c) { return (size_t)(c->p - c->base); }
static inline bool bc_at_end(const bc_cursor_t* c) { return c->p >= c->end; }

// A growable output buffer for the writer. Allocation failures set `failed`
// and drop further writes; the writer checks once per section. Memory comes
// from `allocator` (zero: the system allocator).
typedef struct bc_buf {
  uint8_t* data;
  size_t len;
  size_t cap;
  bool failed;
  uint32_t required_alignment;  // largest alignment the contents need
  cx_allocator_t allocator;
} bc_buf_t;

// Frees the data; the buffer is empty and keeps its allocator.
void bc_buf_free(bc_buf_t* b);
void bc_buf_byte(bc_buf_t* b, uint8_t v);
void bc_buf_bytes(bc_buf_t* b, const void* data, size_t n);
void bc_buf_varint(bc_buf_t* b, uint64_t v);
void bc_buf_svarint(bc_buf_t* b, int64_t v);
static inline void bc_buf_varint_flag(bc_buf_t* b, uint64_t v, bool flag) {
  bc_buf_varint(b, (v << 1) | (flag ? 1 : 0));
}
void bc_buf_align(bc_buf_t* b, uint32_t alignment);
// Appends a section (id, length, alignment padding, contents) as MLIR's
// EncodingEmitter::emitSection does, including its alignment bookkeeping.
void bc_buf_section(bc_buf_t* b, uint8_t id, bc_buf_t* contents);
// Number of bytes bc_buf_varint would write.
int bc_varint_size(uint64_t v);

// ----------------------------------------------------------------------------
// Attribute and type nodes.

typedef enum bc_dialect_kind {
  BC_D_BUILTIN,
  BC_D_VHLO,
  BC_D_CHLO,
  BC_D_OTHER,  // a dialect cxla does not decode (sdy, ...): kept as bytes/text
} bc_dialect_kind_t;

// VHLO attribute codes (stablehlo/dialect/VhloBytecode.cpp).
enum {
  VA_ARRAY = 1,
  VA_BOOL = 2,
  VA_CMP_DIRECTION = 3,
  VA_CMP_TYPE = 4,
  VA_API_VERSION = 5,
  VA_DICT = 6,
  VA_FFT_TYPE = 7,
  VA_FLOAT = 8,
  VA_INTEGER = 9,
  VA_OUTPUT_OPERAND_ALIAS = 10,
  VA_PRECISION = 11,
  VA_RNG_ALGORITHM = 12,
  VA_RNG_DISTRIBUTION = 13,
  VA_STRING = 14,
  VA_TENSOR = 15,
  VA_TRANSPOSE = 16,
  VA_TYPE = 17,
  VA_TYPE_EXTENSIONS = 18,
  VA_RESULT_ACCURACY_MODE = 19,
  VA_RESULT_ACCURACY = 20,
  VA_SUB_AXIS_INFO = 21,
  VA_AXIS_REF = 22,
  VA_REPLICA_GROUP_MESH_AXES = 23,
  VA_COUNT
};

// VHLO type codes.
enum {
  VT_BOOL = 0,
  VT_COMPLEX = 1,
  VT_BF16 = 2,
  VT_F16 = 3,
  VT_F32 = 4,
  VT_F64 = 5,
  VT_F8E4M3FN = 6,
  VT_F8E5M2 = 7,
  VT_FUNCTION = 8,
  VT_INDEX = 9,
  VT_SI4 = 10,
  VT_SI8 = 11,
  VT_SI16 = 12,
  VT_SI32 = 13,
  VT_SI64 = 14,
  VT_UI4 = 15,
  VT_UI8 = 16,
  VT_UI16 = 17,
  VT_UI32 = 18,
  VT_UI64 = 19,
  VT_TENSOR = 20,
  VT_TENSOR_ENCODING = 21,
  VT_TOKEN = 22,
  VT_TUPLE = 23,
  VT_QUANT = 24,
  VT_UNRANKED_TENSOR = 25,
  VT_WITNESS = 26,
  VT_F8E4M3FNUZ = 27,
  VT_F8E5M2FNUZ = 28,
  VT_F8E4M3B11FNUZ = 29,
  VT_QUANT_PER_AXIS = 30,
  VT_SI2 = 31,
  VT_UI2 = 32,
  VT_NONE = 33,
  VT_TF32 = 34,
  VT_F8E4M3 = 35,
  VT_F8E3M4 = 36,
  VT_F4E2M1FN = 37,
  VT_F6E2M3FN = 38,
  VT_F6E3M2FN = 39,
  VT_F8E8M0FNU = 40,
  VT_BUFFER = 41,
  VT_FUTURE = 42,
  VT_COUNT
};

// Builtin attribute codes (mlir/include/mlir/IR/BuiltinDialectBytecode.td).
enum {
  BA_ARRAY = 0,
  BA_DICT = 1,
  BA_STRING = 2,
  BA_STRING_TYPED = 3,
  BA_FLAT_SYMBOL_REF = 4,
  BA_SYMBOL_REF = 5,
  BA_TYPE = 6,
  BA_UNIT = 7,
  BA_INTEGER = 8,
  BA_FLOAT = 9,
  BA_LOC_CALLSITE = 10,
  BA_LOC_FILE = 11,
  BA_LOC_FUSED = 12,
  BA_LOC_FUSED_META = 13,
  BA_LOC_NAME = 14,
  BA_LOC_UNKNOWN = 15,
  BA_DENSE_RESOURCE = 16,
  BA_DENSE_ARRAY = 17,
  BA_DENSE = 18,
  BA_DENSE_STRING = 19,
  BA_SPARSE = 20,
  BA_DISTINCT = 21,
  BA_LOC_RANGE = 22,  // FileLineColRange: file, then 0..4 of start line/col, end col/line
};

// Builtin type codes.
enum {
  BT_INTEGER = 0,
  BT_INDEX = 1,
  BT_FUNCTION = 2,
  BT_BF16 = 3,
  BT_F16 = 4,
  BT_F32 = 5,
  BT_F64 = 6,
  BT_F80 = 7,
  BT_F128 = 8,
  BT_COMPLEX = 9,
  BT_NONE = 12,
  BT_TENSOR = 13,
  BT_TENSOR_ENCODING = 14,
  BT_TUPLE = 15,
  BT_UNRANKED_TENSOR = 18,
};

// CHLO attribute codes (stablehlo/dialect/ChloBytecode.cpp).
enum { CA_CMP_DIRECTION = 0, CA_CMP_TYPE = 1 };

// One attribute or type. The meaning of the fields depends on (dialect,
// code); nodes.c documents each layout. A node with `text` set is MLIR's
// textual fallback: `str` holds the assembly ("#vhlo.foo<...>").
typedef struct bc_node bc_node_t;
struct bc_node {
  uint8_t is_type;
  uint8_t dialect;       // bc_dialect_kind_t
  uint8_t text;          // textual fallback encoding
  uint8_t opaque;        // BC_D_OTHER with a custom encoding: str holds the raw bytes
  uint16_t code;
  uint32_t nkids;
  uint32_t nints;
  const bc_node_t* const* kids;
  const int64_t* ints;
  const char* str;       // string value, blob, text or raw bytes
  size_t len;
  uint64_t u;            // scalar payload
  const char* dialect_name;  // interned; for BC_D_OTHER
  // Writer bookkeeping (IRNumbering).
  uint64_t hash;
  uint32_t refcount;
  uint32_t number;
  uint32_t dialect_number;
  bool numbered;
  bool custom;           // emitted with a custom (non-text) encoding
  // Reader cache: the cxla type, or the attribute's generic conversion.
  const void* cx;
};

// Builds hash-consed nodes: equal content gives the same pointer, as MLIR's
// attribute and type uniquing does. Nodes live in the table's arena.
typedef struct bc_node_table {
  cx_arena_t arena;
  cx_hashset_t set;
  bool failed;  // out of memory somewhere: results are unusable
} bc_node_table_t;

void bc_node_table_init(bc_node_table_t* t, cx_allocator_t allocator);
void bc_node_table_free(bc_node_table_t* t);
// Returns the unique node equal to `proto` (kids and ints are copied into the
// table; `str` is not: it must outlive the table), or NULL on out-of-memory.
const bc_node_t* bc_node_intern(bc_node_table_t* t, const bc_node_t* proto);

// Convenience constructors for the writer (all interned; NULL on OOM).
const bc_node_t* bc_vtype(bc_node_table_t* t, int code);
const bc_node_t* bc_vattr_u(bc_node_table_t* t, int code, uint64_t u);
const bc_node_t* bc_vattr_str(bc_node_table_t* t, const char* s, size_t len);
const bc_node_t* bc_battr_str(bc_node_table_t* t, const char* s, size_t len);
const bc_node_t* bc_node_kids(bc_node_table_t* t, bool is_type, int dialect, int code,
                              const bc_node_t* const* kids, uint32_t n);
// The text of a VHLO or builtin string attribute node; false for any other
// node.
bool bc_node_string(const bc_node_t* n, const char** s, size_t* len);

// ----------------------------------------------------------------------------
// The VHLO op table (vhlo_ops.c).

// How a VHLO attribute maps to cxla's StableHLO attributes.
typedef enum vhlo_conv {
  VC_GENERIC,        // 1:1 (arrays, dicts, integers, enums, tensors, strings, ...)
  VC_I64_ARRAY,      // tensor<Nxi64> <-> array<i64: ...>
  VC_BOOL_ARRAY,     // tensor<Nxi1> <-> array<i1: ...>
  VC_SYMBOL,         // string <-> @symbol
  VC_SYMBOL_ARRAY,   // [string] <-> [@symbol]
  VC_CHANNEL_ID,     // channel_id integer <-> channel_handle<handle, type = 0>
  VC_CHANNEL_TYPE,   // send/recv channel_type (with VC_CHANNEL_ID: channel_handle)
  VC_UNIT_BOOL,      // bool <-> unit attribute (present iff true)
  VC_API_VERSION,    // custom_call api_version enum <-> i32 integer
  VC_FUNC_TYPE,      // func_v1 function_type
  VC_FIELD,          // one field of a structured attribute (see field)
  VC_RESULT_ACCURACY,// result_accuracy (DEFAULT mode elided)
  VC_DROP,           // read and ignored (e.g. dynamic_conv_v1 padding)
} vhlo_conv_t;

// Default values that StableHLO leaves implicit (removed on read, added on write).
typedef enum vhlo_default {
  VD_NONE,           // always present in StableHLO
  VD_SCHEMA,         // the op attribute schema's default (ir/op_attrs.def); the
                     // values below are the defaults VHLO adds on its own terms
  VD_FALSE,
  VD_ZERO,           // integer 0 (i64)
  VD_EMPTY_ARRAY,
  VD_EMPTY_TENSOR,   // tensor<0xi64>
  VD_SPLAT_ZERO,     // Nx2 zeros (dynamic_conv_v1's dropped padding)
  VD_PRECISION,      // [DEFAULT, DEFAULT]
  VD_CMP_NOTYPE,
  VD_NONE_TYPE,      // type_v1<none> (dot algorithm fields)
  VD_BACKEND_CONFIG, // "" or {} (the typed-FFI custom call's default)
  VD_PUBLIC,         // sym_visibility "" (no visibility: MLIR's default, public)
  VD_ARG_DICTS,      // arg_attrs/res_attrs: [] or only empty dictionaries
  VD_LAYOUTS,        // custom_call operand_layouts/result_layouts: [], removed on read
                     // only when both are (either alone is meaningful)
} vhlo_default_t;

// Structured-attribute fields (VC_FIELD).
typedef enum vhlo_field {
  VF_NONE,
  VF_CONV_INPUT_BATCH, VF_CONV_INPUT_FEATURE, VF_CONV_INPUT_SPATIAL,
  VF_CONV_KERNEL_IN, VF_CONV_KERNEL_OUT, VF_CONV_KERNEL_SPATIAL,
  VF_CONV_OUTPUT_BATCH, VF_CONV_OUTPUT_FEATURE, VF_CONV_OUTPUT_SPATIAL,
  VF_DOT_LHS_BATCH, VF_DOT_RHS_BATCH, VF_DOT_LHS_CONTRACT, VF_DOT_RHS_CONTRACT,
  VF_ALG_LHS_TYPE, VF_ALG_RHS_TYPE, VF_ALG_ACC_TYPE, VF_ALG_LHS_COUNT, VF_ALG_RHS_COUNT,
  VF_ALG_NUM_OPS, VF_ALG_IMPRECISE,
  VF_GATHER_OFFSET, VF_GATHER_COLLAPSED, VF_GATHER_OPERAND_BATCH, VF_GATHER_INDICES_BATCH,
  VF_GATHER_START_MAP, VF_GATHER_INDEX_VECTOR,
  VF_SCATTER_UPDATE_WINDOW, VF_SCATTER_INSERTED, VF_SCATTER_INPUT_BATCH,
  VF_SCATTER_INDICES_BATCH, VF_SCATTER_TO_OPERAND, VF_SCATTER_INDEX_VECTOR,
} vhlo_field_t;

typedef struct vhlo_attr_spec {
  const char* name;      // VHLO attribute name (the op's properties are sorted by it)
  uint8_t conv;          // vhlo_conv_t
  uint8_t dflt;          // vhlo_default_t
  uint8_t field;         // vhlo_field_t for VC_FIELD
  const char* cx_name;   // cxla attribute name if different (NULL: same)
} vhlo_attr_spec_t;

enum {
  VOP_RETURN = 1 << 0,      // vhlo.return_v1: func.return in functions, else stablehlo.return
  VOP_FUNC = 1 << 1,        // vhlo.func_v1
  VOP_CALL = 1 << 2,        // vhlo.call_v1
  VOP_SINGLE_OPERAND = 1 << 3,  // v1 collectives: exactly one operand
};

#define VHLO_MAX_ATTRS 18

typedef struct vhlo_op_def {
  const char* mnemonic;       // "gather_v2" (the op name without "vhlo.")
  cx_op_kind_t kind;
  bc_version_t min_version;   // first StableHLO version with this op
  bc_version_t until_version; // first version without it (exclusive); 0: still current
  uint16_t flags;
  vhlo_attr_spec_t attrs[VHLO_MAX_ATTRS];  // sorted by name; unused slots have name NULL
} vhlo_op_def_t;

static inline uint32_t vhlo_op_nattrs(const vhlo_op_def_t* d) {
  uint32_t n = 0;
  while (n < VHLO_MAX_ATTRS && d->attrs[n].name) n++;
  return n;
}

// Looks up a VHLO op by its name without the dialect prefix.
const vhlo_op_def_t* vhlo_op_lookup(const char* mnemonic, size_t len);
// The op that represents cxla op kind `kind` at StableHLO version `v`, or NULL
// if the version has none. *out_next (if not NULL) gets the first variant
// introduced after `v`, if any (for error messages).
const vhlo_op_def_t* vhlo_op_for_kind(cx_op_kind_t kind, bc_version_t v,
                                      const vhlo_op_def_t** out_next);
static inline bool vhlo_op_in_version(const vhlo_op_def_t* d, bc_version_t v) {
  return v >= d->min_version && (d->until_version == 0 || v < d->until_version);
}
// The first StableHLO version in which VHLO type code / attribute code exists.
bc_version_t vhlo_type_min_version(int code);
bc_version_t vhlo_attr_min_version(int code);

// ----------------------------------------------------------------------------
// A bytecode file's container (container.c) and its lazily decoded
// attribute/type table (node_decode.c).

typedef struct bc_str {
  const char* s;  // points into the input (NUL-terminated there)
  size_t len;
} bc_str_t;

typedef struct bc_dialect_entry {
  bc_str_t name;
  bc_dialect_kind_t kind;
  const char* interned;  // name interned in the context
} bc_dialect_entry_t;

typedef struct bc_opname {
  uint32_t dialect;
  bc_str_t name;             // without the dialect prefix
  const vhlo_op_def_t* vhlo; // for vhlo ops
  cx_op_kind_t kind;         // for builtin/func/chlo ops cxla knows
  const char* full;          // "dialect.name", interned
} bc_opname_t;

typedef struct bc_entry {
  const uint8_t* data;
  size_t len;
  size_t offset;           // absolute, for errors
  uint32_t dialect;
  bool custom;
  uint8_t state;           // 0 undecoded, 1 decoding (cycle guard), 2 decoded
  const bc_node_t* node;
  const void* cx;          // cached cxla attribute or type
} bc_entry_t;

typedef struct bc_resource_entry {
  bc_str_t key;
  uint8_t kind;            // 0 blob, 1 bool, 2 string
  const uint8_t* data;     // blob payload (after alignment padding)
  size_t len;
  uint64_t alignment;
  bool has_data;
  int32_t module_index;    // index in module->resources once added, or -1
} bc_resource_entry_t;

typedef struct bc_section {
  const uint8_t* p;
  size_t len;
  bool present;
} bc_section_t;

typedef struct bc_file {
  const uint8_t* data;
  size_t len;
  const char* filename;
  cx_context_t* ctx;
  uint64_t version;        // MLIR bytecode version
  const char* producer;
  size_t producer_len;
  bc_section_t sec[BC_NUM_SECTIONS];
  uint32_t nstrings;
  bc_str_t* strings;
  uint32_t ndialects;
  bc_dialect_entry_t* dialects;
  uint32_t nopnames;
  bc_opname_t* opnames;
  uint32_t nattrs, ntypes;
  bc_entry_t* attrs;
  bc_entry_t* types;
  uint32_t nprops;
  bc_str_t* props;
  uint32_t nresources;     // dialect resources, indexed by resource handle
  bc_resource_entry_t* resources;
  cx_arena_t arena;        // decoded nodes
  int depth;               // node decoding depth
} bc_file_t;

// Parses the header and every table; the IR section is left for reader.c.
CX_MUST_USE cx_status_t bc_file_open(bc_file_t* f, cx_context_t* ctx, const void* data,
                                     size_t len, const char* filename);
void bc_file_close(bc_file_t* f);
// Interns a name read from the file (an op, dialect, attribute or resource
// name). Names with a NUL byte are malformed input, reported with `what` and
// the string's byte offset in the file, not taken for a failed allocation.
CX_MUST_USE cx_status_t bc_intern_name(const bc_file_t* f, const char* s, size_t len,
                                       const char* what, const char** out);
// A cursor over a section (or over a sub-range for nested sections).
bc_cursor_t bc_file_cursor(const bc_file_t* f, const uint8_t* p, size_t len, const char* section);
// Reads a string-table reference.
CX_MUST_USE cx_status_t bc_file_string(const bc_file_t* f, bc_cursor_t* c, bc_str_t* out);
// sdy_decode.c: Shardy's attribute encodings as assembly text (in the
// file's arena), for the codes bc_sdy_decodes accepts; the cursor is at the
// entry's code.
bool bc_sdy_decodes(uint64_t code);
CX_MUST_USE cx_status_t bc_sdy_decode(bc_file_t* f, bc_cursor_t* c, const char** out,
                                      size_t* out_len);
// Decodes attribute / type number `index` (cached).
CX_MUST_USE cx_status_t bc_file_attr(bc_file_t* f, uint64_t index, const bc_node_t** out);
CX_MUST_USE cx_status_t bc_file_type(bc_file_t* f, uint64_t index, const bc_node_t** out);
// Reads a reference (varint index) and decodes it.
CX_MUST_USE cx_status_t bc_read_attr_ref(bc_file_t* f, bc_cursor_t* c, const bc_node_t** out);
CX_MUST_USE cx_status_t bc_read_type_ref(bc_file_t* f, bc_cursor_t* c, const bc_node_t** out);

// ----------------------------------------------------------------------------
// Nodes to cxla IR (node_import.c, vhlo_import.c).

typedef struct bc_import {
  bc_file_t* f;
  cx_module_t* m;
  cx_context_t* ctx;
  bool borrow;       // dense data may point into the input buffer
  bool fill_elided;  // see cx_bc_read_options_t
  bool release_copied;  // cx_bc_read_options_t.release_copied_pages
  bool oom;          // an allocation failed where no status could say so
} bc_import_t;

CX_MUST_USE cx_status_t bc_import_type(bc_import_t* im, const bc_node_t* n, const cx_type_t** out);
// The generic conversion of an attribute (VHLO, builtin or CHLO) to cxla's.
CX_MUST_USE cx_status_t bc_import_attr(bc_import_t* im, const bc_node_t* n, const cx_attr_t** out);
// A location attribute: the whole location (ir/location.h) and its first
// file position (file NULL if it has none).
CX_MUST_USE cx_status_t bc_import_loc(bc_import_t* im, const bc_node_t* n, cx_loc_t* out);
// Helpers for op-specific conversions.
CX_MUST_USE cx_status_t bc_import_i64_list(bc_import_t* im, const bc_node_t* n, const char* what,
                                           int64_t** out, uint32_t* out_len);
CX_MUST_USE cx_status_t bc_import_int(bc_import_t* im, const bc_node_t* n, const char* what,
                                      int64_t* out);
cx_status_t bc_import_error(bc_import_t* im, const char* fmt, ...) CX_PRINTF(2, 3);

// The attributes of one op in VHLO form: `vals[i]` belongs to def->attrs[i].
// Appends cxla attributes at out[*out_count] (capacity `cap` in total).
CX_MUST_USE cx_status_t bc_import_op_attrs(bc_import_t* im, const vhlo_op_def_t* def,
                                           const bc_node_t* const* vals, cx_named_attr_t* out,
                                           uint32_t cap, uint32_t* out_count);

// ----------------------------------------------------------------------------
// cxla IR to nodes (vhlo_export.c).

typedef struct bc_export {
  bc_node_table_t* t;
  cx_context_t* ctx;
  bc_version_t target;
  const char* op_name;   // the op being converted, for errors
  cx_loc_t loc;          // its location
} bc_export_t;

cx_status_t bc_export_error(bc_export_t* ex, const char* fmt, ...) CX_PRINTF(2, 3);
// A type in VHLO (`builtin` false) or the builtin dialect.
CX_MUST_USE cx_status_t bc_export_type(bc_export_t* ex, const cx_type_t* t, bool builtin,
                                       const bc_node_t** out);
// The generic conversion of an attribute to VHLO; sets *out NULL (and returns
// OK) if VHLO has no form for it.
CX_MUST_USE cx_status_t bc_export_attr(bc_export_t* ex, const cx_attr_t* a, const bc_node_t** out);
// An attribute kept in the builtin dialect (module attributes, and other
// attributes VHLO cannot represent).
CX_MUST_USE cx_status_t bc_export_builtin_attr(bc_export_t* ex, const cx_attr_t* a,
                                               const bc_node_t** out);
// A location.
CX_MUST_USE cx_status_t bc_export_loc(bc_export_t* ex, cx_loc_t loc, bool strip,
                                      const bc_node_t** out);
// Helpers shared with vhlo_export_ops.c.
CX_MUST_USE cx_status_t bc_export_need_version(bc_export_t* ex, bc_version_t min, const char* what);
// A tensor<Nxi64> (or tensor<Nxi1> if bools; of `shape` if given) of `vals`.
CX_MUST_USE cx_status_t bc_export_i64_tensor(bc_export_t* ex, const int64_t* vals, uint32_t n,
                                             bool bools, const int64_t* shape, uint32_t rank,
                                             const bc_node_t** out);
CX_MUST_USE cx_status_t bc_export_int(bc_export_t* ex, cx_elem_t e, int64_t v,
                                      const bc_node_t** out);
CX_MUST_USE cx_status_t bc_export_type_attr(bc_export_t* ex, const bc_node_t* type,
                                            const bc_node_t** out);
CX_MUST_USE cx_status_t bc_export_accuracy(bc_export_t* ex, const cx_result_accuracy_t* r,
                                           const bc_node_t** out);
// The inherent attributes of `op` as VHLO op `def` (for the target version):
// vals[i] for def->attrs[i]; consumed[k] set for each op->attrs[k] used.
CX_MUST_USE cx_status_t bc_export_op_attrs(bc_export_t* ex, const cx_op_t* op,
                                           const vhlo_op_def_t* def, const bc_node_t** vals,
                                           bool* consumed);

// ----------------------------------------------------------------------------
// Public-API helpers shared by reader.c, writer.c and load.c.

// cx_status with the "produced by ... using StableHLO_v..." note appended.
cx_status_t bc_version_note(cx_status_t st, const char* producer, size_t producer_len,
                            uint64_t bytecode_version);

#endif  // CXLA_BYTECODE_BC_INTERNAL_H_
