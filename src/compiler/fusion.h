// Loop fusion: which ops of a block run together in one generated kernel.
//
// A fusion is rooted at an elemental op (cx_cg_op_is_elemental) and grows
// backwards through its operands' producers: a producer joins when it is
// elemental, cheap to compute per element (not a reduction, window or
// contraction, whose per-element work is a loop of its own) and every use
// of it is inside the fusion, so its results never need a buffer. Cheap
// index remappings of a buffer (broadcast, reshape, transpose, slice,
// reverse, convert of a value read from memory), iotas and splat constants
// are recomputed inside every fusion that uses them instead; they get a
// buffer of their own only when something outside a fusion reads them.
//
// Before rooting a generic fusion at an op, the planner asks for a row
// fusion rooted there (fusion_rows.h: reductions over the innermost
// dimension with the elementwise ops that consume them, one kernel per
// row); its ops are members like any other's.
//
// The kernel of a fusion runs where its root is in program order; its
// inputs are the values it reads from buffers, its outputs the root's
// results.
#ifndef CXLA_COMPILER_FUSION_H_
#define CXLA_COMPILER_FUSION_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/status.h"
#include "ir/ir.h"
#include "support/ptrmap.h"

typedef enum cx_fusion_role {
  CX_FUSION_NONE = 0,     // lowered on its own (library routine, control flow, ...)
  CX_FUSION_ROOT,         // the kernel of its fusion runs here
  CX_FUSION_MEMBER,       // computed inside its fusion's kernel; no buffer
  CX_FUSION_INLINED,      // recomputed inside every fusion that uses it; no buffer
  CX_FUSION_DEFERRED,     // a dot lowered with its epilogue, at the epilogue's end (epilogue.h)
  CX_FUSION_VIEW,         // a reshape/transpose its GEMM users read through strides (epilogue.h)
} cx_fusion_role_t;

typedef struct cx_fusion_plan {
  cx_ptrmap_t roles;      // op -> (void*)(uintptr_t)role
  cx_ptrmap_t roots;      // member op -> the root of its fusion
  cx_ptrmap_t rows;       // roots of row fusions (fusion_rows.h) -> themselves
  uint32_t num_fusions;
  uint32_t num_members;
  cx_ptrmap_t epilogue_ends;         // an epilogue's last op -> its cx_epilogue_t
  struct cx_epilogue* epilogues;     // every epilogue of the plan (owned)
  // The IR context's: the plan's memory and the arrays it hands out
  // (cx_fusion_inputs, cx_fusion_row_ops: free them with it).
  cx_allocator_t allocator;
} cx_fusion_plan_t;

// Plans the fusions of a block (its nested regions are planned when they
// are lowered).
CX_MUST_USE cx_status_t cx_fusion_plan_block(cx_context_t* ctx, cx_block_t* block,
                                             cx_fusion_plan_t* plan);
void cx_fusion_plan_free(cx_fusion_plan_t* plan);
cx_fusion_role_t cx_fusion_role(const cx_fusion_plan_t* plan, const cx_op_t* op);

// The inputs of the fusion rooted at `root`: every value its ops read that
// the kernel does not compute (defined outside the fusion, or a block
// argument), each once, in first-use order. *out_inputs is malloc'ed.
CX_MUST_USE cx_status_t cx_fusion_inputs(const cx_fusion_plan_t* plan, cx_op_t* root,
                                         cx_value_t*** out_inputs, uint32_t* out_count);

// Row fusions (fusion_rows.h): whether `root` roots one, and its ops in
// program order (root last; *out_ops malloc'ed).
bool cx_fusion_is_row_root(const cx_fusion_plan_t* plan, const cx_op_t* root);
CX_MUST_USE cx_status_t cx_fusion_row_ops(const cx_fusion_plan_t* plan, cx_op_t* root,
                                          cx_op_t*** out_ops, uint32_t* out_count);

// For printing the "fuse" phase: marks every op of the function that runs
// in a kernel with a cxla.fusion attribute ("kernel N" on a root, "in kernel
// N" on the ops computed with it, "recomputed in its users' kernels").
CX_MUST_USE cx_status_t cx_fusion_annotate(cx_module_t* module, cx_op_t* func);

#endif  // CXLA_COMPILER_FUSION_H_
