// The writer's view of a module (writer.c builds it, numbering.c numbers it,
// writer.c emits it): ops as MLIR sees them after StableHLO's legalization
// to VHLO — op names, locations, attribute dictionaries and properties as
// interned nodes, values with use lists in MLIR's order.
#ifndef CXLA_BYTECODE_WIR_H_
#define CXLA_BYTECODE_WIR_H_

#include "bytecode/bc_internal.h"

typedef struct w_op w_op_t;

typedef struct w_use {
  w_op_t* owner;
  uint32_t operand;
  uint64_t stamp;  // creation order; MLIR's use lists are newest first
} w_use_t;

typedef struct w_value {
  uint32_t id;      // value number in its isolated scope
  uint32_t scope;   // op_id of the defining op (results) or region owner (args)
  bool from_recreated;  // a result of an op rebuilt for an older target
  uint32_t nuses;
  uint32_t cap;
  w_use_t* uses;
} w_value_t;

typedef struct w_dialect {
  const char* name;  // interned
  uint32_t number;
} w_dialect_t;

typedef struct w_opname {
  const char* dialect;   // "vhlo"
  const char* name;      // "add_v1"
  uint32_t dialect_index;
  uint32_t refcount;
  uint32_t number;
} w_opname_t;

typedef struct w_block {
  uint32_t nargs;
  w_value_t* args;
  const bc_node_t** arg_types;
  const bc_node_t** arg_locs; // each argument's location (MLIR numbers every one)
  uint32_t nops;
  w_op_t** ops;
} w_block_t;

typedef struct w_region {
  uint32_t nblocks;
  w_block_t* blocks;
  uint32_t num_values;  // values defined directly in the region (numbering)
} w_region_t;

// W_PROPS_ODS: ODS-encoded properties of another dialect's op (Shardy's):
// required attributes as an index, optional ones (bit i of props_optional)
// flagged, a NULL entry absent.
enum { W_PROPS_NONE, W_PROPS_REQUIRED, W_PROPS_MODULE, W_PROPS_ODS };

struct w_op {
  w_opname_t* name;
  const bc_node_t* loc;
  const bc_node_t* dict;      // attribute dictionary (NULL if empty)
  uint8_t props_kind;         // W_PROPS_*
  uint32_t nprops;
  const bc_node_t** props;    // for W_PROPS_MODULE: NULL entries are absent
  uint32_t props_optional;    // for W_PROPS_ODS
  uint32_t nresults;
  w_value_t* results;
  const bc_node_t** result_types;
  uint32_t noperands;
  w_value_t** operands;
  uint32_t nregions;
  w_region_t* regions;
  uint32_t op_id;             // pre-order number
  uint32_t last_id;           // op_id of the last op nested in it
  bool isolated;              // regions numbered from 0 (IsolatedFromAbove)
  bool recreated;             // rebuilt by a version downgrade (use-list order)
};

typedef struct w_module {
  cx_arena_t arena;
  bc_node_table_t nodes;
  int bytecode_version;
  w_op_t* root;
  uint32_t num_ops;
  // Dialects and op names in order of discovery.
  uint32_t ndialects, dialects_cap;
  w_dialect_t* dialects;
  uint32_t nopnames, opnames_cap;
  w_opname_t** opnames;
  // Attributes and types in order of first numbering, then sorted.
  uint32_t nattrs, attrs_cap, ntypes, types_cap;
  bc_node_t** attrs;
  bc_node_t** types;
  // Dense resources referenced (builtin dialect), in order of reference.
  uint32_t nresources, resources_cap;
  const char** resources;
} w_module_t;

// Numbers the module as MLIR's IRNumbering does: value ids, attribute/type
// and op-name reference counts and final order, dialect order, resources.
CX_MUST_USE cx_status_t w_number(w_module_t* m);
// The dialect index of a node (registering the dialect if new).
CX_MUST_USE cx_status_t w_dialect_of(w_module_t* m, const bc_node_t* n, uint32_t* out);
// Index of a dense resource name in m->resources.
int w_resource_index(const w_module_t* m, const char* name);

#endif  // CXLA_BYTECODE_WIR_H_
