// stablehlo.rng_bit_generator and stablehlo.rng as library routines
// (runtime/routine_rng.c), with the interpreter's values to the bit:
// rng_bit_generator reproduces XLA's generators; rng draws from a Philox
// stream whose key the interpreter derives from the op's source location
// (line * 0x9E3779B9 + column, "RING"), which is fixed here at compile time
// and passed in the routine's parameters.
#include <string.h>

#include "compiler/lower_misc.h"
#include "runtime/routines_misc.h"

static cx_status_t static_shape(const cx_op_t* op, const cx_type_t* t, const char* what,
                                cx_rt_shape_t* out) {
  memset(out, 0, sizeof(*out));
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || t->tensor.rank > CX_MAX_RANK)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "needs %s of static shape", what);
  out->elem = (int32_t)cx_tensor_elem(t);
  out->rank = t->tensor.rank;
  memcpy(out->dims, t->tensor.dims, t->tensor.rank * sizeof(int64_t));
  return NULL;
}

static cx_status_t lower_rng_bit_generator(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_rt_rng_bits_params_t p;
  memset(&p, 0, sizeof(p));
  const cx_attr_t* alg = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_rng_algorithm));
  int algorithm = CX_RNG_ALG_DEFAULT;
  if (alg) {
    if (alg->kind != CX_ATTR_ENUM || alg->enumeration.kind != CX_ENUM_RNG_ALGORITHM)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs an rng_algorithm");
    algorithm = alg->enumeration.value;
  }
  // DEFAULT is PHILOX, as XLA's CPU and GPU compilers choose.
  p.algorithm = algorithm == CX_RNG_ALG_THREE_FRY ? CX_RT_RNG_THREE_FRY : CX_RT_RNG_PHILOX;
  cx_value_t* state = cx_op_operand(op, 0);
  cx_rt_shape_t ss;
  CX_RETURN_IF_ERROR(static_shape(op, state->type, "an initial state", &ss));
  if (ss.rank != 1 || (ss.elem != CX_ELEM_UI64 && ss.elem != CX_ELEM_SI64))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs a 1-D 64-bit initial state");
  if (p.algorithm == CX_RT_RNG_THREE_FRY && ss.dims[0] != 2)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "THREE_FRY needs a state of 2 elements");
  if (p.algorithm == CX_RT_RNG_PHILOX && ss.dims[0] != 2 && ss.dims[0] != 3)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "PHILOX needs a state of 2 or 3 elements");
  p.state_len = (uint32_t)ss.dims[0];
  const cx_type_t* ot = cx_op_result(op, 1)->type;
  CX_RETURN_IF_ERROR(static_shape(op, ot, "an output", &p.out));
  cx_elem_t e = (cx_elem_t)p.out.elem;
  // Raw bits fill integers (but not i1) and real floats (but not tf32,
  // whose low bits are fixed), as in the interpreter.
  if (cx_tensor_is_quantized(ot) || e == CX_ELEM_I1 || e == CX_ELEM_TF32 || cx_elem_is_complex(e) ||
      (!cx_elem_is_integer(e) && !cx_elem_is_float(e)))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "cannot generate random bits of type %s",
                             cx_elem_name(e));
  uint32_t b[3];
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, state, &b[0]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result(op, 0), &b[1]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result(op, 1), &b[2]));
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_RNG_BIT_GENERATOR, &p, sizeof p, b, 3);
  return NULL;
}

static cx_status_t lower_rng(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_rt_rng_params_t p;
  memset(&p, 0, sizeof(p));
  const cx_attr_t* d = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_rng_distribution));
  if (!d || d->kind != CX_ATTR_ENUM || d->enumeration.kind != CX_ENUM_RNG_DISTRIBUTION)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs an rng_distribution");
  p.distribution = d->enumeration.value == CX_RNG_NORMAL ? CX_RT_RNG_NORMAL : CX_RT_RNG_UNIFORM;
  const cx_type_t* rt = cx_op_result(op, 0)->type;
  CX_RETURN_IF_ERROR(static_shape(op, rt, "a result", &p.out));
  cx_value_t* a = cx_op_operand(op, 0);
  cx_value_t* b = cx_op_operand(op, 1);
  if (!cx_type_is_tensor(a->type) || !cx_type_is_tensor(b->type) ||
      cx_tensor_num_elements(a->type) != 1 || cx_tensor_num_elements(b->type) != 1)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs 0-dimensional a and b");
  cx_elem_t e = cx_tensor_elem(a->type);
  if (cx_tensor_is_quantized(a->type) || cx_elem_is_complex(e) || e != (cx_elem_t)p.out.elem)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs integer, boolean or float operands");
  if (p.distribution == CX_RT_RNG_NORMAL && !cx_elem_is_float(e))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "NORMAL needs floating-point operands");
  // The interpreter's key: where the op is, so different rng ops differ.
  p.key[0] = op->loc.line * 0x9E3779B9u + op->loc.col;
  p.key[1] = 0x52494E47u;  // "RING"
  uint32_t bind[3];
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, a, &bind[0]));
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, b, &bind[1]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result(op, 0), &bind[2]));
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_RNG, &p, sizeof p, bind, 3);
  return NULL;
}

cx_status_t cx_lower_rng_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_RNG_BIT_GENERATOR:
      return lower_rng_bit_generator(lw, program, op);
    case CX_OP_RNG:
      return lower_rng(lw, program, op);
    default:
      return cx_lower_op_error(op, CX_INTERNAL, "is not a random number op");
  }
}
