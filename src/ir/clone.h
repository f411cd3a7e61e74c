// Cloning ops, regions, functions and modules.
//
// A cx_ir_map_t maps original values to their clones (and original blocks to
// theirs). Cloning reads operands through it: an operand whose value is in
// the map refers to the mapped value, any other keeps referring to the
// original value (so a clone inside the same function still uses the values
// around it). Every value and block the clone defines is added to the map,
// so after cloning the map tells a pass where each original went. Callers
// may pre-seed it (e.g. map a region's block arguments to the values to
// inline), and must free it with cx_ir_map_free.
#ifndef CXLA_IR_CLONE_H_
#define CXLA_IR_CLONE_H_

#include "ir/builder.h"
#include "ir/ir.h"
#include "support/ptrmap.h"

typedef cx_ptrmap_t cx_ir_map_t;

static inline void cx_ir_map_init(cx_ir_map_t* map, cx_module_t* module) {
  cx_ptrmap_init(map, module->ctx->allocator);
}
static inline void cx_ir_map_free(cx_ir_map_t* map) { cx_ptrmap_free(map); }
// Maps a value (or a block) to another; false on out-of-memory.
static inline bool cx_ir_map_value(cx_ir_map_t* map, const cx_value_t* from, cx_value_t* to) {
  return cx_ptrmap_put(map, from, to);
}
// The value `v` maps to, or `v` itself.
static inline cx_value_t* cx_ir_map_lookup(const cx_ir_map_t* map, cx_value_t* v) {
  void* to;
  return v && cx_ptrmap_find(map, v, &to) ? (cx_value_t*)to : v;
}

// Deep-clones `op` (regions included) into the builder's module and inserts
// the clone at the builder's insertion point (or nowhere, if the builder has
// no block). The op must belong to the same module: attributes and names
// are shared with the original, not copied. On failure nothing is inserted
// and no use list refers to a partial clone.
CX_MUST_USE cx_status_t cx_op_clone(cx_builder_t* b, cx_op_t* op, cx_ir_map_t* map,
                                    cx_op_t** out_op);
// Appends clones of the blocks of `src` (arguments and ops) to `dst`; both
// regions belong to `module`.
CX_MUST_USE cx_status_t cx_region_clone_into(cx_module_t* module, cx_region_t* src,
                                             cx_region_t* dst, cx_ir_map_t* map);
// Replaces `op` by the ops of `body` (a block with one argument per operand
// of op): they are cloned before op, body's arguments standing for op's
// operands, up to the first op of kind `terminator`, whose operands (their
// clones) then replace op's results, and op is erased. Without such a
// terminator, or if it returns another number of values than op has
// results, op stays (after the clones) and *out_inlined is false: the
// caller reports it.
CX_MUST_USE cx_status_t cx_op_inline_body(cx_module_t* module, cx_op_t* op, cx_block_t* body,
                                          cx_op_kind_t terminator, bool* out_inlined);
// Clones a function of `module` under a new symbol name (which must not be
// taken) and inserts it right after the original.
CX_MUST_USE cx_status_t cx_func_clone(cx_module_t* module, cx_op_t* func, const char* new_name,
                                      cx_op_t** out_func);
// A new module equal (cx_module_equal) to `src`: name, attributes, resource
// blobs and every function, with all attributes, names and constant data
// copied, so the clone does not depend on `src` (either may be destroyed
// first). `ctx` must be src's context (types are interned per context).
CX_MUST_USE cx_status_t cx_module_clone(const cx_module_t* src, cx_context_t* ctx,
                                        cx_module_t** out_module);
// The same, except that large constant data (dense data and resource blobs
// of CX_PAYLOAD_MIN_BYTES or more) is borrowed from `src`, not copied: for a
// clone that lives shorter than `src`, which must not change meanwhile (the
// compiler's working copy: a model's weights are then held once, not twice).
CX_MUST_USE cx_status_t cx_module_clone_sharing(const cx_module_t* src, cx_context_t* ctx,
                                                cx_module_t** out_module);

#endif  // CXLA_IR_CLONE_H_
