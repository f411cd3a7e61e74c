// The verifier's internal interface: the driver (verify.c) calls
// cx_verify_family for every op; each op family's checks live in
// verify_<family>.c and cite the spec's constraint labels (e.g. // add_c1).
//
// Contract with later stages: once cx_module_verify succeeds, every op has
// the operand/result/region counts its kind requires, every attribute an op
// reads has the kind the op expects (so the interpreter and compiler may read
// attribute payloads without re-checking kinds), and tensor shapes satisfy
// the spec's constraints wherever they are statically known.
#ifndef CXLA_IR_VERIFY_H_
#define CXLA_IR_VERIFY_H_

#include "cxla/module.h"
#include "ir/ir.h"
#include "ir/symbols.h"
#include "support/arena.h"
#include "support/hashmap.h"

// Attribute names the verifier needs that are not in names.def; interned
// once per verification.
typedef struct cx_verify_names {
  const char* dim;
  const char* iteration;
  const char* infeed;
  const char* no_inline;
  const char* scan_dim_size;
  const char* is_reverse;
  const char* is_associative;
  const char* operand_segment_sizes;
  const char* result_segment_sizes;
  const char* has_dynamic_root;
} cx_verify_names_t;

typedef struct cx_verify_ctx {
  cx_module_t* module;
  cx_context_t* ctx;
  // Scratch memory for the whole verification: integer lists decoded from
  // dense attributes and the text of error messages. Freed at the end.
  cx_arena_t scratch;
  // func.func symbol name -> op, so calls and composites resolve in O(1).
  cx_symbol_table_t symbols;
  cx_verify_names_t names;
  // The result types the shape functions infer (cx_v_infer); grows as
  // needed, freed at the end.
  const cx_type_t** inferred;
  uint32_t inferred_cap;
} cx_verify_ctx_t;

// Each family verifier first runs the op's shape function (infer_<family>.c,
// through cx_v_infer), which checks the operands and attributes and infers
// the result types, then compares the declared result types with the
// inferred ones and checks what remains (constraints on results that
// inference leaves open, such as quantization parameters).

// "'<op name>' op <message>" at the op's location.
CX_MUST_USE cx_status_t cx_verify_error(const cx_op_t* op, const char* fmt, ...) CX_PRINTF(2, 3);

// Dispatches on the op's family (verify_dispatch.c).
CX_MUST_USE cx_status_t cx_verify_family(cx_verify_ctx_t* vc, cx_op_t* op);

// One verifier per op family (verify_<family>.c).
CX_MUST_USE cx_status_t cx_verify_func(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_constant(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_unary(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_binary(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_select_clamp(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_compare(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_convert(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_shape(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_dynamic_shape(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_gather_scatter(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_reduce(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_sort(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_dot_conv(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_control(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_tuple_token(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_linalg(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_rng(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_batch_norm(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_collective(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_custom_call(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_async(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_chlo(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_check(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_interpreter(cx_verify_ctx_t* vc, cx_op_t* op);
CX_MUST_USE cx_status_t cx_verify_sdy(cx_verify_ctx_t* vc, cx_op_t* op);

#endif  // CXLA_IR_VERIFY_H_
