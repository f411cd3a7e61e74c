// AVX-512 epilogue: the ops of epilogue.h (epilogue_avx512.h) over a tile of
// f32 accumulators, 16 lanes at a time.
#include "runtime/kernels/epilogue_avx512.h"

void cx_ep_tile_f32_avx512(const cx_rt_epilogue_t* ep, int64_t batch, int64_t i0, int64_t j0,
                           const float* x, int64_t ldx, const float* prior, float* y, int64_t ldy,
                           int rows, int cols) {
  const int nops = ep->num_ops;
  for (int j = 0; j < cols; j += 16) {
    int n = cols - j < 16 ? cols - j : 16;
    __mmask16 m = (__mmask16)((1u << n) - 1);
    // Operands constant along the tile's rows (a per-channel vector along
    // the columns, a splat) are loaded once per column block.
    __m512 fixed[CX_RT_EP_MAX_OPS];
    for (int o = 0; o < nops; ++o) {
      const cx_rt_ep_op_t* op = &ep->ops[o];
      fixed[o] = cx_ep_has_operand(op->kind) && op->rs == 0
                     ? cx_v_operand(op, batch, i0, j0 + j, m, n)
                     : _mm512_setzero_ps();
    }
    for (int r = 0; r < rows; ++r) {
      __m512 v = _mm512_maskz_loadu_ps(m, x + r * ldx + j);
      if (prior) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, prior + r * ldy + j));
      for (int o = 0; o < nops; ++o) {
        const cx_rt_ep_op_t* op = &ep->ops[o];
        __m512 operand = fixed[o];
        if (cx_ep_has_operand(op->kind) && op->rs != 0)
          operand = cx_v_operand(op, batch, i0 + r, j0 + j, m, n);
        v = cx_v_op(op, v, operand);
      }
      _mm512_mask_storeu_ps(y + r * ldy + j, m, v);
    }
  }
}
