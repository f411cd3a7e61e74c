// Row fusions: reductions over the innermost dimension and the elementwise
// ops that consume them (through broadcast_in_dim of the per-row values),
// planned as one kernel that computes each row's reductions and then its
// outputs while the row is in cache (softmax, log-softmax, layer-norm).
// fusion.c asks for a row fusion before it roots a generic one;
// codegen/emit_rows.c emits the kernel. See fusion_rows.c for the rules.
#ifndef CXLA_COMPILER_FUSION_ROWS_H_
#define CXLA_COMPILER_FUSION_ROWS_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/status.h"
#include "ir/ir.h"

// The row fusion rooted at `root`, if there is one: its ops in program
// order (root last), *out_ops malloc'ed; *out_count 0 if none. Only ops
// for which unplanned(arg, op) holds may join. The root is an elementwise
// op of shape S, or a reshape of one that keeps S's last dimension (the
// kernel writes the rows under the reshape's shape).
CX_MUST_USE cx_status_t cx_fusion_row_group(cx_context_t* ctx, cx_op_t* root,
                                            bool (*unplanned)(void* arg, const cx_op_t* op),
                                            void* arg, cx_op_t*** out_ops, uint32_t* out_count);

// True for ops that read every operand at their result's index (no
// index remapping): unary, binary, compare, select, clamp, convert.
bool cx_fusion_is_elementwise(const cx_op_t* op);

#endif  // CXLA_COMPILER_FUSION_ROWS_H_
