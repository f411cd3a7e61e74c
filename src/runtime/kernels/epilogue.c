// Applies a fused epilogue to one accumulator tile and stores it (see
// epilogue.h for the semantics). The portable path is scalar with libm; the
// AVX-512 path hands f32 tiles to cx_ep_tile_f32_avx512. f64 tiles always
// take the scalar path in double precision.
#include <math.h>
#include <string.h>

#include "runtime/kernels/gemm_internal.h"

static inline double cx_ep_load(cx_rt_dtype_t t, const void* base, int64_t idx) {
  switch (t) {
    case CX_RT_F32: return ((const float*)base)[idx];
    case CX_RT_F64: return ((const double*)base)[idx];
    case CX_RT_BF16: return cx_rt_bf16_to_f32(((const uint16_t*)base)[idx]);
    case CX_RT_F16: return cx_rt_f16_to_f32(((const uint16_t*)base)[idx]);
    case CX_RT_I8: return ((const int8_t*)base)[idx];
    case CX_RT_I32: return ((const int32_t*)base)[idx];
  }
  return 0;
}

bool cx_ep_is_identity(const cx_rt_epilogue_t* ep) { return !ep || ep->num_ops == 0; }

static float cx_ep_scalar_f32(const cx_rt_epilogue_t* ep, int64_t b, int64_t i, int64_t j,
                              float x) {
  for (int o = 0; o < ep->num_ops; ++o) {
    const cx_rt_ep_op_t* op = &ep->ops[o];
    switch (op->kind) {
      case CX_RT_EP_SCALE: x *= op->a; break;
      case CX_RT_EP_ADD:
        x += (float)cx_ep_load(op->type, op->data, b * op->bs + i * op->rs + j * op->cs);
        break;
      case CX_RT_EP_MUL:
        x *= (float)cx_ep_load(op->type, op->data, b * op->bs + i * op->rs + j * op->cs);
        break;
      case CX_RT_EP_SUB:
        x -= (float)cx_ep_load(op->type, op->data, b * op->bs + i * op->rs + j * op->cs);
        break;
      case CX_RT_EP_RELU: x = x > 0 || x != x ? x : 0; break;  // max(NaN, 0) is NaN
      case CX_RT_EP_CLAMP: x = x < op->a ? op->a : (x > op->b ? op->b : x); break;
      case CX_RT_EP_GELU_ERF: x = 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)); break;
      case CX_RT_EP_GELU_TANH:
        x = 0.5f * x * (1.0f + tanhf(0.79788456080286536f * (x + 0.044715f * x * x * x)));
        break;
      case CX_RT_EP_SIGMOID: x = 1.0f / (1.0f + expf(-x)); break;
      case CX_RT_EP_TANH: x = tanhf(x); break;
    }
  }
  return x;
}

static double cx_ep_scalar_f64(const cx_rt_epilogue_t* ep, int64_t b, int64_t i, int64_t j,
                               double x) {
  for (int o = 0; o < ep->num_ops; ++o) {
    const cx_rt_ep_op_t* op = &ep->ops[o];
    switch (op->kind) {
      case CX_RT_EP_SCALE: x *= op->a; break;
      case CX_RT_EP_ADD: x += cx_ep_load(op->type, op->data, b * op->bs + i * op->rs + j * op->cs); break;
      case CX_RT_EP_MUL: x *= cx_ep_load(op->type, op->data, b * op->bs + i * op->rs + j * op->cs); break;
      case CX_RT_EP_SUB: x -= cx_ep_load(op->type, op->data, b * op->bs + i * op->rs + j * op->cs); break;
      case CX_RT_EP_RELU: x = x > 0 || x != x ? x : 0; break;  // max(NaN, 0) is NaN
      case CX_RT_EP_CLAMP: x = x < op->a ? op->a : (x > op->b ? op->b : x); break;
      case CX_RT_EP_GELU_ERF: x = 0.5 * x * (1.0 + erf(x * 0.70710678118654752)); break;
      case CX_RT_EP_GELU_TANH:
        x = 0.5 * x * (1.0 + tanh(0.79788456080286536 * (x + 0.044715 * x * x * x)));
        break;
      case CX_RT_EP_SIGMOID: x = 1.0 / (1.0 + exp(-x)); break;
      case CX_RT_EP_TANH: x = tanh(x); break;
    }
  }
  return x;
}

static void cx_ep_store_f32_row(const cx_rt_view_t* out, char* row, const float* x, int cols) {
  switch (out->type) {
    case CX_RT_F32: {
      float* o = (float*)row;
      if (out->cs == 1) {
        if (o != x) memcpy(o, x, (size_t)cols * 4);
      } else {
        for (int j = 0; j < cols; ++j) o[j * out->cs] = x[j];
      }
      break;
    }
    case CX_RT_BF16: {
      uint16_t* o = (uint16_t*)row;
      for (int j = 0; j < cols; ++j) o[j * out->cs] = cx_rt_f32_to_bf16(x[j]);
      break;
    }
    case CX_RT_F16: {
      uint16_t* o = (uint16_t*)row;
      for (int j = 0; j < cols; ++j) o[j * out->cs] = cx_rt_f32_to_f16(x[j]);
      break;
    }
    case CX_RT_F64: {
      double* o = (double*)row;
      for (int j = 0; j < cols; ++j) o[j * out->cs] = x[j];
      break;
    }
    default: break;  // rejected by the driver
  }
}

void cx_ep_prefetch(const cx_ep_args_t* e, int64_t i0, int64_t j0, int rows, int cols) {
  const cx_rt_view_t* out = &e->out;
  int64_t es = (int64_t)cx_rt_dtype_size(out->type);
  if (out->cs == 1) {
    const char* o = (const char*)out->data + (e->batch * out->bs + i0 * out->rs + j0) * es;
    for (int r = 0; r < rows; ++r) cx_prefetch_run(o + r * out->rs * es, cols * es, true);
  }
  if (!e->ep) return;
  for (int k = 0; k < e->ep->num_ops; ++k) {
    const cx_rt_ep_op_t* op = &e->ep->ops[k];
    if (!cx_ep_has_operand(op->kind) || op->rs == 0 || op->cs != 1) continue;
    int64_t os = (int64_t)cx_rt_dtype_size(op->type);
    const char* t = (const char*)op->data + (e->batch * op->bs + i0 * op->rs + j0) * os;
    for (int r = 0; r < rows; ++r) cx_prefetch_run(t + r * op->rs * os, cols * os, false);
  }
}

void cx_ep_apply(const cx_ep_args_t* e, cx_rt_dtype_t acc_type, void* acc, int64_t ld_acc,
                 int64_t i0, int64_t j0, int rows, int cols, cx_rt_isa_t isa) {
  const cx_rt_view_t* out = &e->out;
  size_t es = cx_rt_dtype_size(out->type);
  char* obase = (char*)out->data + e->batch * out->bs * (int64_t)es;
  bool ident = cx_ep_is_identity(e->ep);
  if (!ident && acc_type == CX_RT_F32 && isa == CX_RT_ISA_AVX512) {
    // The whole tile at once (operands along its columns loaded once),
    // straight into an f32 output with unit column stride, else in place and
    // then stored.
    if (out->type == CX_RT_F32 && out->cs == 1) {
      float* y = (float*)obase + i0 * out->rs + j0;
      cx_ep_tile_f32_avx512(e->ep, e->batch, i0, j0, acc, ld_acc, NULL, y, out->rs, rows, cols);
      return;
    }
    cx_ep_tile_f32_avx512(e->ep, e->batch, i0, j0, acc, ld_acc, NULL, acc, ld_acc, rows, cols);
    for (int r = 0; r < rows; ++r) {
      char* orow = obase + ((i0 + r) * out->rs + j0 * out->cs) * (int64_t)es;
      cx_ep_store_f32_row(out, orow, (const float*)acc + r * ld_acc, cols);
    }
    return;
  }
  for (int r = 0; r < rows; ++r) {
    int64_t i = i0 + r;
    char* orow = obase + (i * out->rs + j0 * out->cs) * (int64_t)es;
    if (acc_type == CX_RT_F64) {
      double* x = (double*)acc + r * ld_acc;
      double* o = (double*)orow;
      for (int j = 0; j < cols; ++j) {
        double v = ident ? x[j] : cx_ep_scalar_f64(e->ep, e->batch, i, j0 + j, x[j]);
        o[j * out->cs] = v;
      }
      continue;
    }
    if (acc_type == CX_RT_I32 && out->type == CX_RT_I32) {
      // Exact integer result (the driver allows no ops here).
      int32_t* x = (int32_t*)acc + r * ld_acc;
      int32_t* o = (int32_t*)orow;
      if (o == x) continue;
      for (int j = 0; j < cols; ++j) o[j * out->cs] = x[j];
      continue;
    }
    for (int c0 = 0; c0 < cols; c0 += 64) {
      int n = cols - c0 < 64 ? cols - c0 : 64;
      float tmp[64];
      float* x;
      if (acc_type == CX_RT_I32) {
        const int32_t* xi = (const int32_t*)acc + r * ld_acc + c0;
        for (int j = 0; j < n; ++j) tmp[j] = (float)xi[j];
        x = tmp;
      } else {
        x = (float*)acc + r * ld_acc + c0;
      }
      if (!ident) {
        if (isa == CX_RT_ISA_AVX512) {
          cx_ep_tile_f32_avx512(e->ep, e->batch, i, j0 + c0, x, 0, NULL, x, 0, 1, n);
        } else {
          for (int j = 0; j < n; ++j) x[j] = cx_ep_scalar_f32(e->ep, e->batch, i, j0 + c0 + j, x[j]);
        }
      }
      cx_ep_store_f32_row(out, orow + c0 * out->cs * (int64_t)es, x, n);
    }
  }
}

void cx_ep_apply_sum(const cx_ep_args_t* e, const float* tile, int64_t ldt, int64_t i0, int64_t j0,
                     int rows, int cols, cx_rt_isa_t isa) {
  const cx_rt_view_t* out = &e->out;
  float* y = (float*)out->data + e->batch * out->bs + i0 * out->rs + j0;
  if (isa == CX_RT_ISA_AVX512) {
    cx_ep_tile_f32_avx512(e->ep, e->batch, i0, j0, tile, ldt, y, y, out->rs, rows, cols);
    return;
  }
  for (int r = 0; r < rows; ++r) {
    float* yr = y + r * out->rs;
    for (int j = 0; j < cols; ++j) yr[j] += tile[r * ldt + j];
  }
  cx_ep_apply(e, CX_RT_F32, y, out->rs, i0, j0, rows, cols, isa);
}
