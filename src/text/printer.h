// The MLIR text printer's internal interface, shared by printer.c (modules,
// functions, generic ops, names), print_attrs.c (types, attributes, dense
// elements) and print_formats.c (per-op pretty forms).
#ifndef CXLA_TEXT_PRINTER_H_
#define CXLA_TEXT_PRINTER_H_

#include <stdbool.h>

#include "cxla/module.h"
#include "ir/ir.h"
#include "support/hashmap.h"
#include "support/strbuf.h"

typedef struct cx_value_name {
  const cx_value_t* value;
  char base[40];     // "0", "cst_1", "arg3", "iterArg_0"
  uint32_t index;    // index within a result group (for "%0#1")
  uint32_t group;    // size of the result group (1: no '#')
} cx_value_name_t;

typedef struct cx_printer {
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

// Types and attributes (print_attrs.c).
void cx_print_type(cx_strbuf_t* out, const cx_type_t* t);
void cx_print_attr(cx_strbuf_t* out, const cx_attr_t* a);
// An attribute without its ": type" suffix where MLIR omits it (integers in
// arrays printed bare are not used; kept for completeness).
void cx_print_attr_dict(cx_strbuf_t* out, const cx_named_attr_t* attrs, uint32_t n,
                        const char* const* elided, uint32_t num_elided);
// A float value of element kind e in MLIR's style (round-trippable).
void cx_print_float(cx_strbuf_t* out, cx_elem_t e, double value, uint64_t bits);
// An i64 list "[1, 2]".
void cx_print_i64_list(cx_strbuf_t* out, const int64_t* v, uint32_t n);
void cx_print_symbol(cx_strbuf_t* out, const char* name, size_t len);
// Struct-style StableHLO attributes print their fields "a = [..], b = 3"
// without the enclosing "#stablehlo.name<...>".
void cx_print_dot_algorithm_body(cx_strbuf_t* out, const cx_dot_algorithm_t* d);
void cx_print_conv_dims(cx_strbuf_t* out, const cx_conv_dims_t* d);

// Values and regions (printer.c).
void cx_pr_value(cx_printer_t* pr, const cx_value_t* v);
void cx_pr_values(cx_printer_t* pr, cx_operand_t* operands, uint32_t n);
void cx_pr_newline(cx_printer_t* pr);
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

#endif  // CXLA_TEXT_PRINTER_H_
