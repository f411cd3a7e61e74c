// The attribute schema of the ops (op_attrs.def): which attributes are
// integer lists, which are optional, and what an absent optional attribute
// means. The parser and the bytecode reader normalize through it (every op
// is normalized as it is created, cx_op_build), the printer elides
// defaults with it, and the verifier, the interpreter and the bytecode
// writer take defaults from it.
#ifndef CXLA_IR_OP_SCHEMA_H_
#define CXLA_IR_OP_SCHEMA_H_

#include <stdbool.h>
#include <stdint.h>

#include "ir/ir.h"

typedef enum cx_akind {
  CX_AK_I64_LIST,
  CX_AK_BOOL_LIST,
  CX_AK_I64_MATRIX,
  CX_AK_I64,
  CX_AK_I32,
  CX_AK_UI64,
  CX_AK_UI32,
  CX_AK_BOOL,
  CX_AK_F64,
  CX_AK_STRING,
  CX_AK_DICT,
  CX_AK_ARRAY,
  CX_AK_ACCURACY,
} cx_akind_t;

typedef enum cx_adefault {
  CX_AD_NONE,
  CX_AD_ABSENT,
  CX_AD_FALSE,
  CX_AD_TRUE,
  CX_AD_ZERO,
  CX_AD_ONE,
  CX_AD_MINUS_ONE,
  CX_AD_EMPTY_STRING,
  CX_AD_EMPTY_ARRAY,
  CX_AD_EMPTY_DICT,
  CX_AD_EMPTY_LIST,
  CX_AD_ONES,
  CX_AD_FALSES,
  CX_AD_ZERO_PAIRS,
  CX_AD_ACCURACY,
  CX_AD_TOLERANCE,
} cx_adefault_t;

enum { CX_AF_ELIDE = 1 };

typedef struct cx_op_attr_schema {
  cx_op_kind_t op;
  const char* name;
  cx_akind_t kind;
  cx_adefault_t dflt;
  uint8_t flags;
} cx_op_attr_schema_t;

const cx_op_attr_schema_t* cx_op_attr_schema_row(cx_op_attr_id_t id);
// Fills the context's schema index (cx_ir_context_create calls it).
CX_MUST_USE cx_status_t cx_op_schema_index(cx_context_t* ctx);
// The rows of an op kind: *out_ids holds `count` row ids (context-owned).
uint32_t cx_op_attr_schema_rows(const cx_context_t* ctx, cx_op_kind_t kind,
                                const uint16_t** out_ids);
// The row of op `kind`'s attribute `interned_name`, or NULL.
const cx_op_attr_schema_t* cx_op_attr_schema(const cx_context_t* ctx, cx_op_kind_t kind,
                                             const char* interned_name);

// Number of window (spatial) dimensions of a convolution, reduce_window or
// select_and_scatter: what the ONES / FALSES / ZERO_PAIRS defaults are
// shaped by. 0 when the op does not say.
uint32_t cx_op_window_rank(const cx_context_t* ctx, const cx_op_t* op);
// The value every entry of a list default holds (ONES: 1, FALSES and
// ZERO_PAIRS: 0).
int64_t cx_adefault_fill(cx_adefault_t d);

// The default of a scalar attribute: booleans and integers as an int64
// (false 0, true 1), the check dialect's tolerance as a double. False if the
// schema gives the attribute no such default.
bool cx_op_attr_default_int(const cx_context_t* ctx, cx_op_kind_t kind, const char* interned_name,
                            int64_t* out);
bool cx_op_attr_default_f64(const cx_context_t* ctx, cx_op_kind_t kind, const char* interned_name,
                            double* out);

// The value attribute `interned_name` of `op` takes when absent, built in
// `arena` (shaped defaults sized by the op), in *out; NULL when the
// attribute is required, has no value when absent, or is not in the schema.
CX_MUST_USE cx_status_t cx_op_attr_default(cx_arena_t* arena, cx_context_t* ctx,
                                           const cx_op_t* op, const char* interned_name,
                                           const cx_attr_t** out);
// True if `value` is the default of attribute `interned_name` of `op`.
bool cx_op_attr_is_default(const cx_context_t* ctx, const cx_op_t* op, const char* interned_name,
                           const cx_attr_t* value);
// True if MLIR's pretty printer leaves the attribute out: it is a
// DefaultValuedAttr of the op's assembly format (ELIDE) holding its default.
bool cx_op_attr_elided(const cx_context_t* ctx, const cx_op_t* op, const char* interned_name,
                       const cx_attr_t* value);

// Brings op's attributes to their one stored form: integer lists written
// as dense<...> : tensor<Nxi64> or [1, 2] become array<i64: ...> (booleans:
// array<i1: ...>), and 2-D integer tensors (padding, replica_groups,
// source_target_pairs) keep their tensor type with their values stored as a
// list (cx_attr_get_i64s reads both without copying). Attributes that are
// not in a convertible form are left for the verifier to report. Fails only
// on out-of-memory. cx_op_build and cx_op_set_attr call it.
CX_MUST_USE cx_status_t cx_op_normalize_attrs(cx_module_t* module, cx_op_t* op);
// The same for one attribute about to be set.
CX_MUST_USE cx_status_t cx_op_normalize_attr(cx_module_t* module, const cx_op_t* op,
                                             const char* interned_name, const cx_attr_t** value);

#endif  // CXLA_IR_OP_SCHEMA_H_
