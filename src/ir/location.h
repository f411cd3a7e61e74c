// Locations: every form MLIR's builtin dialect has, kept whole so that they
// read from text or bytecode, print and serialize back as they were.
//
//   loc(unknown)
//   loc("file.py":12:3)                  a file position
//   loc("file.py":12)                    a line
//   loc("file.py":12:3 to :9)            a range on one line
//   loc("file.py":12:3 to 14:1)          a range over lines
//   loc("name") / loc("name"(child))     a name, with or without a child
//   loc(callsite(callee at caller))
//   loc(fused[a, b]) / loc(fused<attr>[a, b])
//
// Locations are immutable and interned in the context (hash-consed, like
// types): equal locations are one pointer, exporters' tables share them, and
// they outlive any module (ops cloned across modules keep theirs). An op's
// cx_loc_t keeps the file:line:col its error messages show (the first file
// position in the tree, or the op's place in the input) beside the whole
// location (`full`).
#ifndef CXLA_IR_LOCATION_H_
#define CXLA_IR_LOCATION_H_

#include <stdbool.h>
#include <stdint.h>

#include "ir/ir.h"
#include "support/strbuf.h"

typedef enum cx_location_kind {
  CX_LOC_UNKNOWN,
  CX_LOC_FILE,      // file, start/end line and column (see `form`)
  CX_LOC_NAME,      // name, kids[0] the child (unknown when the text gave none)
  CX_LOC_CALLSITE,  // kids[0] callee, kids[1] caller
  CX_LOC_FUSED,     // kids, optional metadata (attribute text)
} cx_location_kind_t;

// How a file location was written, which is how it prints again (MLIR's
// FileLineColRange keeps the same distinctions; in bytecode they are the
// number of values stored).
typedef enum cx_loc_form {
  CX_LOC_FORM_NONE = 0,     // "f" with no position (bytecode only: all zeros)
  CX_LOC_FORM_LINE = 1,     // "f":L
  CX_LOC_FORM_POINT = 2,    // "f":L:C
  CX_LOC_FORM_COLUMNS = 3,  // "f":L:C to :C2
  CX_LOC_FORM_LINES = 4,    // "f":L:C to L2:C2
} cx_loc_form_t;

struct cx_location {
  cx_location_kind_t kind;
  uint8_t form;           // FILE: cx_loc_form_t
  uint64_t hash;
  const char* str;        // FILE: file name; NAME: name; FUSED: metadata text or NULL (interned)
  uint32_t start_line, start_col, end_line, end_col;  // FILE
  uint32_t nkids;
  const cx_location_t* const* kids;
};

const cx_location_t* cx_location_unknown(cx_context_t* ctx);
const cx_location_t* cx_location_file(cx_context_t* ctx, const char* file, size_t len,
                                      cx_loc_form_t form, uint32_t start_line,
                                      uint32_t start_col, uint32_t end_line, uint32_t end_col);
// `child` may be NULL ("name" alone: the child is unknown).
const cx_location_t* cx_location_name(cx_context_t* ctx, const char* name, size_t len,
                                      const cx_location_t* child);
const cx_location_t* cx_location_callsite(cx_context_t* ctx, const cx_location_t* callee,
                                          const cx_location_t* caller);
// `metadata` is the attribute's text ("#foo<...>", "\"str\""), or NULL.
const cx_location_t* cx_location_fused(cx_context_t* ctx, uint32_t n,
                                       const cx_location_t* const* locs, const char* metadata,
                                       size_t metadata_len);
// Each constructor returns NULL on out-of-memory (nothing else fails).

// The first file position in the tree, depth first (what MLIR's
// diagnostics show): file NULL if there is none.
cx_loc_t cx_location_summary(const cx_location_t* loc);
// The op location for `full`: its summary, or `fallback` (the op's place in
// the input) when the tree has no file position.
cx_loc_t cx_loc_with(const cx_location_t* full, cx_loc_t fallback);
// The name of a name location (looking through nothing else), or NULL.
const char* cx_location_name_of(const cx_location_t* loc);

// Appends the location's body as MLIR prints it inside loc(...).
void cx_location_print(cx_strbuf_t* out, const cx_location_t* loc);

#endif  // CXLA_IR_LOCATION_H_
