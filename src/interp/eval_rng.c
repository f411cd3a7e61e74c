// Random numbers: rng and rng_bit_generator.
//
// rng_bit_generator reproduces XLA's bit generators exactly (the
// RngBitGeneratorExpander built on ThreeFry2x32 and Philox4x32-10, including
// how XLA lays the generated words out over the output shape and advances the
// state), because programs exported from JAX expect those bits. DEFAULT is
// PHILOX, the algorithm XLA's CPU and GPU compilers substitute for it.
//
// rng's values are implementation-defined by the spec; cxla draws them from a
// Philox stream keyed by the op's location, so a program gives the same
// values on every run. The generators and layouts are support/rng.h's, which
// the runtime's routines share.
#include <string.h>

#include "interp/interp.h"
#include "support/rng.h"

static bool bits_type_ok(cx_elem_t e) {
  if (cx_elem_is_bool(e) || cx_elem_is_complex(e) || e == CX_ELEM_TF32) return false;
  return cx_elem_is_integer(e) || cx_elem_is_float(e);
}

// ---- rng_bit_generator ----------------------------------------------------------------

static cx_status_t eval_rng_bit_generator(cx_eval_t* ev, const cx_op_t* op,
                                          cx_tensor_t* const* args, cx_tensor_t** results) {
  if (op->num_operands != 1 || op->num_results != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one operand and two results");
  const cx_tensor_t* state = args[0];
  // StableHLO accepts any integer state (rng_bit_generator_c2 only ties
  // the output state to it); JAX's rbg keys are tensor<4xui32>. 32-bit
  // states are read as 64-bit words, low word first.
  bool narrow = state->elem == CX_ELEM_UI32 || state->elem == CX_ELEM_SI32;
  if (state->kind != CX_VALUE_TENSOR || state->rank != 1 ||
      !(state->elem == CX_ELEM_UI64 || state->elem == CX_ELEM_SI64 ||
        (narrow && state->dims[0] % 2 == 0)))
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "initial_state must be a 1-D tensor of 64-bit integers or an even "
                         "number of 32-bit integers");
  const cx_attr_t* alg = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_rng_algorithm]);
  int algorithm = CX_RNG_ALG_DEFAULT;
  if (alg) {
    if (alg->kind != CX_ATTR_ENUM || alg->enumeration.kind != CX_ENUM_RNG_ALGORITHM)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "rng_algorithm must be an rng_algorithm enum");
    algorithm = alg->enumeration.value;
  }
  if (algorithm == CX_RNG_ALG_DEFAULT) algorithm = CX_RNG_ALG_PHILOX;
  int64_t ns = narrow ? state->dims[0] / 2 : state->dims[0];
  if (algorithm == CX_RNG_ALG_THREE_FRY && ns != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "THREE_FRY needs a state of 2 elements");
  if (algorithm == CX_RNG_ALG_PHILOX && ns != 2 && ns != 3)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "PHILOX needs a state of 2 or 3 elements");
  const cx_type_t* ot = op->results[1].type;
  if (!cx_type_is_tensor(ot) || !cx_tensor_has_static_shape(ot))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "output must be a statically shaped tensor");
  cx_elem_t oe = cx_type_elem(ot->tensor.element);
  if (!bits_type_ok(oe) || cx_type_is_quant(ot->tensor.element))
    return cx_eval_error(op, CX_UNIMPLEMENTED, "cannot generate random bits of type %s",
                         cx_elem_name(oe));
  cx_tensor_t* out;
  cx_tensor_t* new_state;
  CX_RETURN_IF_ERROR(cx_tensor_create_like(ev->allocator, ot, &out));
  cx_status_t st = cx_tensor_create_same(state, &new_state);
  if (st) {
    cx_tensor_release(out);
    return st;
  }
  uint64_t s[3] = {0, 0, 0};
  for (int64_t i = 0; i < ns; i++) {
    if (narrow) {
      uint64_t lo = (uint32_t)cx_load_int(state->elem, cx_tensor_at(state, 2 * i));
      uint64_t hi = (uint32_t)cx_load_int(state->elem, cx_tensor_at(state, 2 * i + 1));
      s[i] = lo | hi << 32;
    } else {
      s[i] = (uint64_t)cx_load_int(state->elem, cx_tensor_at(state, i));
    }
  }
  uint64_t ns_out[3];
  cx_rng_bits_fill(algorithm == CX_RNG_ALG_THREE_FRY ? CX_RNG_BITS_THREE_FRY : CX_RNG_BITS_PHILOX,
                   s, (uint32_t)ns, oe, out->rank, out->dims, out->data, ns_out);
  for (int64_t i = 0; i < ns; i++) {
    if (narrow) {
      cx_store_int(new_state->elem, cx_tensor_at(new_state, 2 * i), (int64_t)(uint32_t)ns_out[i]);
      cx_store_int(new_state->elem, cx_tensor_at(new_state, 2 * i + 1),
                   (int64_t)(uint32_t)(ns_out[i] >> 32));
    } else {
      cx_store_int(new_state->elem, cx_tensor_at(new_state, i), (int64_t)ns_out[i]);
    }
  }
  results[0] = new_state;
  results[1] = out;
  return NULL;
}

// ---- rng --------------------------------------------------------------------------------

static cx_status_t eval_rng(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  if (op->num_operands != 3 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects a, b and shape operands");
  const cx_tensor_t* a = args[0];
  const cx_tensor_t* b = args[1];
  const cx_tensor_t* shape = args[2];
  if (a->kind != CX_VALUE_TENSOR || b->kind != CX_VALUE_TENSOR || a->num_elements != 1 ||
      b->num_elements != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "a and b must be 0-dimensional tensors");
  if (shape->kind != CX_VALUE_TENSOR || shape->rank != 1 || !cx_elem_is_integer(shape->elem) ||
      shape->num_elements > CX_MAX_RANK)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "shape must be a 1-D integer tensor");
  const cx_attr_t* d = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_rng_distribution]);
  if (!d || d->kind != CX_ATTR_ENUM || d->enumeration.kind != CX_ENUM_RNG_DISTRIBUTION)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs an rng_distribution");
  int dist = d->enumeration.value;
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = (uint32_t)shape->num_elements;
  for (uint32_t i = 0; i < rank; i++) {
    dims[i] = cx_load_int(shape->elem, cx_tensor_at(shape, i));
    if (dims[i] < 0) return cx_eval_error(op, CX_INVALID_ARGUMENT, "shape has a negative size");
  }
  cx_elem_t e = a->elem;
  if (cx_type_is_quant(a->element) || cx_elem_is_complex(e))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "rng needs integer, boolean or float operands");
  if (dist == CX_RNG_NORMAL && !cx_elem_is_float(e))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "NORMAL needs floating-point operands");
  cx_tensor_t* out;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, a->element, rank, dims, &out));
  // Key the stream by where the op is, so different rng ops differ.
  uint32_t key[2] = {op->loc.line * 0x9E3779B9u + op->loc.col, 0x52494E47u /* "RING" */};
  cx_rng_fill(key, dist == CX_RNG_NORMAL, e, a->data, b->data, out->num_elements, out->data);
  results[0] = out;
  return NULL;
}

cx_status_t cx_eval_family_RNG(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  switch (op->kind) {
    case CX_OP_RNG: return eval_rng(ev, op, args, results);
    case CX_OP_RNG_BIT_GENERATOR: return eval_rng_bit_generator(ev, op, args, results);
    default: return cx_eval_error(op, CX_INTERNAL, "is not a random number op");
  }
}
