// The MLIR text printer's internal interface, shared by printer.c (modules,
// functions, generic ops, names) and print_formats.c (per-op pretty forms).
// Types and attributes are printed by the IR itself (ir/print.h).
#ifndef CXLA_TEXT_PRINTER_H_
#define CXLA_TEXT_PRINTER_H_

#include <stdbool.h>

#include "cxla/module.h"
#include "ir/ir.h"
#include "ir/print.h"
#include "support/hashmap.h"
#include "support/strbuf.h"

typedef struct cx_value_name {
  const cx_value_t* value;
  char base[40];     // "0", "cst_1", "arg3", "iterArg_0"
  uint32_t index;    // index within a result group (for "%0#1")
  uint32_t group;    // size of the result group (1: no '#')
} cx_value_name_t;

typedef struct cx_printer {
  cx_allocator_t allocator;  // the module's context's: the tables below
  cx_strbuf_t* out;
  const cx_print_options_t* options;
  const cx_module_t* module;
  int indent;
  cx_hashset_t names;       // cx_value_name_t* keyed by value pointer
  // Name uniquing follows MLIR's SSANameState: a name is taken if a value of
  // the current region or an enclosing one has it (sibling regions may reuse
  // names); a taken name gets the suffix _N with N from one counter shared by
  // all names; each nested region starts from its parent's counters.
  cx_strmap_t used_names;   // name -> scope id that took it
  uint32_t* scopes;         // the active scope ids, innermost last
  uint32_t num_scopes, scopes_cap, next_scope;
  uint32_t next_value;      // %0, %1, ...
  uint32_t next_arg;        // %arg0, %arg1, ...
  uint32_t next_conflict;   // the N of name_N
} cx_printer_t;

// Types and attributes print with ir/print.h.

// Values and regions (printer.c).
void cx_pr_value(cx_printer_t* pr, const cx_value_t* v);
void cx_pr_values(cx_printer_t* pr, cx_operand_t* operands, uint32_t n);
void cx_pr_newline(cx_printer_t* pr);
// A block argument as a region signature lists it: "%x: T" (and its location
// with --print-locations).
void cx_pr_block_arg(cx_printer_t* pr, const cx_value_t* arg);
// Prints a region "{ ... }". With print_entry_args false the entry block's
// arguments are not printed (the op's pretty form names them).
void cx_pr_region(cx_printer_t* pr, const cx_region_t* r, bool print_entry_args);
// The attribute dictionary of an op in pretty form: every attribute not in
// `elided` (comma-separated names), sorted, preceded by a space; nothing if
// empty.
void cx_pr_attr_dict(cx_printer_t* pr, const cx_op_t* op, const char* elided);
// " : (T1, T2) -> R" (the leading " : " included).
void cx_pr_functional_type(cx_printer_t* pr, const cx_op_t* op);
// Generic form of an op (used by --generic and by ops without pretty form).
void cx_pr_generic_op(cx_printer_t* pr, const cx_op_t* op);
// Pretty form of an op (print_formats.c). Returns false if the op has no
// pretty form (then the caller prints it generically).
bool cx_pr_pretty_op(cx_printer_t* pr, const cx_op_t* op);
// The sdy ops' pretty forms (print_sdy.c), by format; false if the op does
// not fit it.
bool cx_pr_sdy_op(cx_printer_t* pr, const cx_op_t* op);

#endif  // CXLA_TEXT_PRINTER_H_
