// The function symbol table of a module: sym_name -> func.func, O(1).
//
// Names are interned in the module's context and mapped by pointer, so a
// lookup (cx_symbol_table_lookup) only reads the table and the context and
// is safe while other threads look up too (the interpreter builds one table
// and shares it between processes); insert, erase and rename mutate.
//
// The table does not watch the IR: code that adds, erases or renames
// functions directly (not through these functions) must rebuild it.
// A module keeps one table (cx_module_symbol_table; cx_module_verify builds
// or refreshes it) that cx_module_lookup_func uses; passes that add, erase
// or rename functions should do it through that table so lookups stay O(1).
#ifndef CXLA_IR_SYMBOLS_H_
#define CXLA_IR_SYMBOLS_H_

#include "ir/ir.h"
#include "support/ptrmap.h"

typedef struct cx_symbol_table {
  cx_module_t* module;
  cx_ptrmap_t map;  // interned name -> func.func op
} cx_symbol_table_t;

// Builds the table of the module's top-level func.func ops. Fails on two
// functions of the same name ("redefinition of symbol named 'f'", at the
// second one) or out of memory; the table is empty (but valid to destroy)
// after a failure.
CX_MUST_USE cx_status_t cx_symbol_table_build(cx_symbol_table_t* table, cx_module_t* module);
void cx_symbol_table_destroy(cx_symbol_table_t* table);

// The module's own table, built on first use (and then owned by the
// module). Fails like cx_symbol_table_build.
CX_MUST_USE cx_status_t cx_module_symbol_table(cx_module_t* module,
                                               cx_symbol_table_t** out_table);

// The function named `name` (without '@'), or NULL.
cx_op_t* cx_symbol_table_lookup(const cx_symbol_table_t* table, const char* name);
cx_op_t* cx_symbol_table_lookup_n(const cx_symbol_table_t* table, const char* name, size_t len);

// Registers a func.func (normally one just added to the module body) under
// its sym_name. Fails if it has no sym_name or the name is taken
// (CX_INVALID_ARGUMENT, "redefinition of symbol named 'f'"), or on OOM.
CX_MUST_USE cx_status_t cx_symbol_table_insert(cx_symbol_table_t* table, cx_op_t* func);
// Forgets a function (it stays in the IR).
void cx_symbol_table_remove(cx_symbol_table_t* table, cx_op_t* func);
// Forgets a function and erases it from the module. Its results have no
// uses (func.func has none); calls to it are left dangling for the caller
// to deal with.
void cx_symbol_table_erase(cx_symbol_table_t* table, cx_op_t* func);
// Renames a function: sets its sym_name and rewrites every reference to
// the old name in the module (func.call callees, composite decompositions,
// called_computations, any symbol reference inside array or dictionary
// attributes). Fails if `new_name` is taken.
CX_MUST_USE cx_status_t cx_symbol_table_rename(cx_symbol_table_t* table, cx_op_t* func,
                                               const char* new_name);

#endif  // CXLA_IR_SYMBOLS_H_
