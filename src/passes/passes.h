// The compiler's passes over the IR (one file each), in the order the
// pipeline (src/compiler/pipeline.c) runs them.
#ifndef CXLA_PASSES_PASSES_H_
#define CXLA_PASSES_PASSES_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/buffer.h"
#include "cxla/status.h"
#include "ir/ir.h"

// inline.c: replaces every func.call in `func` (transitively) with the
// callee's body. *out_inlined counts the calls replaced (may be NULL).
CX_MUST_USE cx_status_t cx_pass_inline(cx_module_t* module, cx_op_t* func, uint32_t* out_inlined);

// sdy_inline.c: Shardy's ops in `func` replaced by their one-device meaning
// (constraints, reshards and barriers by their operand, named and manual
// computations by their body; a manual computation on shards is an error
// naming it). *out_count counts the ops replaced (may be NULL).
CX_MUST_USE cx_status_t cx_pass_sdy_inline(cx_module_t* module, cx_op_t* func,
                                           uint32_t* out_count);

// refine_shapes.c: gives `func` the argument types `arg_types` (NULL entries
// keep the declared type; each must agree with the declared type) and
// refines every result type in the function from them, folding the integer
// computations of shape operands; checks JAX's @shape_assertion calls. The
// function's signature is updated. `arg_values` (optional, NULL entries
// allowed) gives the values of arguments for this call: an argument whose
// value feeds a shape operand (JAX's dimension variables) is replaced by
// that constant. Errors name the op that cannot be refined.
CX_MUST_USE cx_status_t cx_pass_refine_shapes(cx_module_t* module, cx_op_t* func,
                                              uint32_t num_args,
                                              const cx_type_t* const* arg_types,
                                              const cx_attr_t* const* arg_values);

// bind_args.c: each argument i with bind[i] becomes a constant of values[i]
// (its data in cxla's storage layout, of the argument's static tensor type;
// borrowed, not copied: it must stay alive and unchanged while the module is
// used) and leaves the function's signature, so that the function takes the
// other arguments in order. Run after refine_shapes.
CX_MUST_USE cx_status_t cx_pass_bind_args(cx_module_t* module, cx_op_t* func, uint32_t num_args,
                                          const bool* bind, const cx_buffer_view_t* values);

// decompose_chlo.c: replaces the CHLO ops the code generator does not emit
// directly with StableHLO: chlo.scan becomes a while loop of dynamic slices,
// the scan body and dynamic updates. Needs static shapes (run after
// refinement); errors name the op.
CX_MUST_USE cx_status_t cx_pass_decompose_chlo(cx_module_t* module, cx_op_t* func);

// decompose_quant.c: dot_general, dot, convolution, dynamic_conv and einsum
// on quantized tensors become uniform_dequantize of their quantized
// operands, the op on the expressed type, and uniform_quantize of quantized
// results (the spec's dequantize-op-quantize, as the interpreter runs them).
CX_MUST_USE cx_status_t cx_pass_decompose_quant(cx_module_t* module, cx_op_t* func);

// decompose_batch_norm.c: batch_norm_inference, batch_norm_training and
// batch_norm_grad become broadcasts, elementwise ops and reductions: training
// and grad in f64 (the interpreter's precision), each result converted back
// once; inference in the element type (f32 for narrower floats), so a
// convolution's batch norm can be its epilogue; quantized operands go
// through dequantize-op-quantize. Needs static shapes
// (run after refinement); errors name the op.
CX_MUST_USE cx_status_t cx_pass_decompose_batch_norm(cx_module_t* module, cx_op_t* func);

// decompose_dynamic_slice_pad.c: real_dynamic_slice and dynamic_pad whose
// shape operands are not constants but whose types are static become a
// gather of the operand at computed indices (and, for the pad, a select of
// the padding value). Run after static_ops.c has made the constant ones a
// slice or a pad; errors name the op.
CX_MUST_USE cx_status_t cx_pass_decompose_dynamic_slice_pad(cx_module_t* module, cx_op_t* func);

// conv_layout.c: every convolution whose input or result is not
// channels-last ([batch, spatial..., feature], what the CPU's convolution
// kernels want) computes that layout between transposes, and the
// transposes move through elementwise ops, reductions and reduce_window
// until consecutive ones cancel. Values are unchanged. Functions without
// such a convolution are left as they are.
CX_MUST_USE cx_status_t cx_pass_conv_layout(cx_module_t* module, cx_op_t* func);

// fold_int.c: if `op` computes a small integer or boolean tensor from
// constants (elementwise arithmetic, compare, select, clamp, convert,
// get_dimension_size of a static dim, reshape, broadcast_in_dim,
// concatenate, slice, transpose), replaces it with a constant.
CX_MUST_USE cx_status_t cx_fold_int_op(cx_module_t* module, cx_op_t* op, bool* out_folded);

// static_ops.c: a real_dynamic_slice, dynamic_pad or dynamic_gather whose
// shape operands are constants and whose results are static becomes its
// static form (slice, pad, gather).
CX_MUST_USE cx_status_t cx_make_static(cx_module_t* module, cx_op_t* op, bool* out_replaced);

#endif  // CXLA_PASSES_PASSES_H_
