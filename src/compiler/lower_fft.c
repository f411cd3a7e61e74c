// stablehlo.fft as a call of the runtime's FFT routine (runtime/routine_fft.h):
// the type, the lengths and both static shapes go into the record, the plans
// (twiddles, Bluestein filters) into a routine cache the first call makes,
// and the transform's double-precision work area into the call's arena.
#include <string.h>

#include "compiler/lower.h"
#include "compiler/lower_misc.h"
#include "runtime/routine_fft.h"

static cx_status_t static_shape(const cx_op_t* op, const cx_type_t* t, const char* what,
                                cx_rt_shape_t* out) {
  memset(out, 0, sizeof(*out));
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t) || t->tensor.rank > CX_MAX_RANK)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "needs %s of static shape", what);
  if (cx_tensor_is_quantized(t)) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has a quantized %s", what);
  out->elem = (int32_t)cx_tensor_elem(t);
  out->rank = t->tensor.rank;
  memcpy(out->dims, t->tensor.dims, t->tensor.rank * sizeof(int64_t));
  return NULL;
}

cx_status_t cx_lower_fft_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_rt_fft_params_t p;
  memset(&p, 0, sizeof p);
  const cx_attr_t* type = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_fft_type));
  if (!type || type->kind != CX_ATTR_ENUM || type->enumeration.kind != CX_ENUM_FFT_TYPE)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs an fft_type");
  switch (type->enumeration.value) {
    case CX_FFT_FFT: p.type = CX_RT_FFT_FORWARD; break;
    case CX_FFT_IFFT: p.type = CX_RT_FFT_INVERSE; break;
    case CX_FFT_RFFT: p.type = CX_RT_FFT_REAL_FORWARD; break;
    case CX_FFT_IRFFT: p.type = CX_RT_FFT_REAL_INVERSE; break;
    default: return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has an unknown fft_type");
  }
  cx_i64s_t lengths;
  const cx_attr_t* fl = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_fft_length));
  if (!fl || !cx_attr_get_i64s(fl, &lengths) || lengths.len < 1 || lengths.len > CX_RT_FFT_MAX_AXES)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs an fft_length of 1 to 3 lengths");
  p.num_axes = lengths.len;
  for (uint32_t i = 0; i < lengths.len; i++) p.length[i] = lengths.data[i];
  cx_value_t* operand = cx_op_operand(op, 0);
  CX_RETURN_IF_ERROR(static_shape(op, operand->type, "an operand", &p.operand));
  CX_RETURN_IF_ERROR(static_shape(op, cx_op_result(op, 0)->type, "a result", &p.result));
  const char* why = cx_rt_fft_params_invalid(&p);
  if (why) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "%s", why);
  p.work_bytes = cx_rt_fft_work_bytes(&p);
  p.plan_cache = (int32_t)cx_xb_cache(&lw->xb) + 1;
  uint32_t bind[3];
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, operand, &bind[0]));
  CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result(op, 0), &bind[1]));
  bind[2] = cx_xb_scratch(&lw->xb, p.work_bytes);
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_FFT, &p, sizeof p, bind, 3);
  return NULL;
}
