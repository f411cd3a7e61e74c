// Shardy (`sdy` dialect) attributes as cxla keeps them: opaque attributes
// (CX_ATTR_OPAQUE) holding MLIR's canonical assembly text, which the text
// parser produces (src/text/parse_sdy.c) whatever spacing the input used, so
// printing, comparing and writing them as bytecode text need nothing else.
// The op formats print some of them stripped of their dialect prefix (as
// Shardy's custom printers do): these helpers give the stripped part.
#ifndef CXLA_IR_SDY_H_
#define CXLA_IR_SDY_H_

#include <stdbool.h>
#include <stddef.h>

#include "ir/attrs.h"
#include "ir/ir.h"

typedef enum cx_sdy_attr_kind {
  CX_SDY_MESH,               // #sdy.mesh<["a"=2]>            stripped: <["a"=2]>
  CX_SDY_SHARDING,           // #sdy.sharding<@m, [{"a"}]>     stripped: <@m, [{"a"}]>
  CX_SDY_SHARDING_PER_VALUE, // #sdy.sharding_per_value<[...]> stripped: [...]
  CX_SDY_MANUAL_AXES,        // #sdy<manual_axes{"a"}>        stripped: {"a"}
  CX_SDY_DIRECTION,          // #sdy<propagation_direction NONE> stripped: NONE
  CX_SDY_AXIS_LISTS,         // #sdy<list_of_axis_ref_lists[{"x"}, {}]> stripped: [{"x"}, {}]
  CX_SDY_AXIS_LIST,          // #sdy<axis_ref_list{"x"}>       stripped: {"x"}
  CX_SDY_ALL_TO_ALL_PARAMS,  // #sdy<all_to_all_param_list[{"x"}: 0->1]> stripped: [...]
  CX_SDY_KIND_COUNT
} cx_sdy_attr_kind_t;

// The text before and after the stripped form of `kind`.
const char* cx_sdy_prefix(cx_sdy_attr_kind_t kind);
const char* cx_sdy_suffix(cx_sdy_attr_kind_t kind);

// Whether `a` is an sdy attribute of `kind`; if so, *out/*out_len (either
// may be NULL) receive its stripped text.
bool cx_sdy_attr_stripped(const cx_attr_t* a, cx_sdy_attr_kind_t kind, const char** out,
                          size_t* out_len);

// Reading the canonical text (which the parser has checked):
// The number of shardings of a sharding_per_value, and the stripped text
// (`<@m, [...]>`) of the i-th; false if `a` is no sharding_per_value or i is
// out of range.
bool cx_sdy_per_value_count(const cx_attr_t* a, uint32_t* out_count);
bool cx_sdy_per_value_item(const cx_attr_t* a, uint32_t i, const char** out, size_t* out_len);
// Of a stripped sharding `<mesh-or-ref, [dims] ...>`: the number of
// dimension shardings, and the referenced mesh's name (NULL/0 for an inline
// mesh<...>; the name as written after '@', quoted if it was).
uint32_t cx_sdy_sharding_rank(const char* s, size_t n);
void cx_sdy_sharding_mesh_ref(const char* s, size_t n, const char** out_name, size_t* out_len);

// The module's sdy.mesh op named `name` (as a sharding writes it after '@':
// quoted or not), or NULL.
const cx_op_t* cx_sdy_find_mesh(const cx_module_t* module, const char* name, size_t len);

// Ops on one device: whether the op passes its operand through (a sharding
// constraint, reshard or propagation barrier, or a collective, which moves
// shards of the global value that is its operand): its result is its
// operand, type and value.
bool cx_sdy_is_pass_through(cx_op_kind_t kind);

#endif  // CXLA_IR_SDY_H_
