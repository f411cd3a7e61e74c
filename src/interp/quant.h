// Uniform quantization for the interpreter: the spec's `quantize`,
// `dequantize` and `dequantize_op_quantize` (StableHLO spec, "Quantization"
// and the per-op "Semantics" paragraphs for quantized operands).
//
// A quantized tensor (cx_tensor_t whose `element` is a CX_TYPE_QUANT type)
// stores integers of the quant type's storage kind; its value i stands for
// the real number (i - zero_point) * scale. Per-axis types have one
// (scale, zero_point) pair per index of `quant.axis`.
//
// Arithmetic follows the spec's definitions step by step in the expressed
// type (f32, bf16, f16 or f64), rounding to it after each step:
//   dequantize(q) = convert(q - zero_point, expressed) * scale
//   quantize(x)   = convert(clamp(storage_min,
//                                 round_nearest_even(x / scale) + zero_point,
//                                 storage_max), storage)
// The subtraction q - zero_point is exact (done in 64 bits) rather than
// wrapping in the storage type: the spec's intent is the real difference, and
// JAX / TFLite compute it that way.
//
// Other op families use these as follows:
//   if (cx_op_is_quantized(op))
//     return cx_eval_dequantize_op_quantize(ev, op, args, results, my_float_fn, NULL);
// where my_float_fn evaluates the op on dequantized (float) operands and
// creates float results with the element types it is given.
#ifndef CXLA_INTERP_QUANT_H_
#define CXLA_INTERP_QUANT_H_

#include <stdbool.h>

#include "interp/interp.h"

// Dequantizes a quantized tensor into a new tensor of its expressed type and
// the same shape. Errors if `q` is not a quantized tensor.
CX_MUST_USE cx_status_t cx_dequantize_tensor(const cx_tensor_t* q, cx_tensor_t** out_float);

// Quantizes a tensor of real floats (any float kind; integer tensors are
// accepted and converted first) to `quant_elem` (a CX_TYPE_QUANT type). For a
// per-axis type the tensor's dimension `quant.axis` must have one entry per
// scale.
CX_MUST_USE cx_status_t cx_quantize_tensor(const cx_tensor_t* f, const cx_type_t* quant_elem,
                                           cx_tensor_t** out);

// True if any operand or result of `op` is a tensor with a quant element type.
bool cx_op_is_quantized(const cx_op_t* op);

// Evaluates an op on float values and produces its quantized results:
// `float_args[i]` is args[i] dequantized if quantized (else args[i] itself);
// `result_elems[i]` is the expressed type of result i if that result is
// quantized, else its declared element type. `fn` must store one new tensor
// per result in `float_results`, with element type result_elems[i].
typedef cx_status_t (*cx_quant_float_fn)(cx_eval_t* ev, const cx_op_t* op,
                                         cx_tensor_t* const* float_args,
                                         const cx_type_t* const* result_elems,
                                         cx_tensor_t** float_results, void* user_data);

// The spec's dequantize_op_quantize: dequantizes quantized operands, calls
// `fn`, quantizes each result whose declared element type is a quant type to
// that type (other results pass through), and stores new references in
// `results`. Tokens and tuples pass through unchanged.
CX_MUST_USE cx_status_t cx_eval_dequantize_op_quantize(cx_eval_t* ev, const cx_op_t* op,
                                                       cx_tensor_t* const* args,
                                                       cx_tensor_t** results,
                                                       cx_quant_float_fn fn, void* user_data);

#endif  // CXLA_INTERP_QUANT_H_
