// Internal interface of the convolution: the validated, normalised
// convolution that conv.c builds and the direct kernels (conv_direct.c) run.
// Not for use outside src/runtime/kernels.
#ifndef CXLA_RUNTIME_KERNELS_CONV_INTERNAL_H_
#define CXLA_RUNTIME_KERNELS_CONV_INTERNAL_H_

#include <stdbool.h>
#include <stddef.h>

#include "runtime/kernels/conv.h"

// The convolution after validation: defaults filled in, spatial dimensions
// sorted by output stride (largest first) so the output pixels flatten.
typedef struct cx_conv {
  cx_rt_conv_t c;
  int ns;
  int64_t G, BG, groups;   // groups = G * BG (one of them is 1)
  int64_t cin_g, cout_q;   // input features per feature group, outputs per group
  int64_t nout, P, T, K;   // output batch, pixels, taps, GEMM depth
  int64_t ps;              // stride of one flattened output pixel
  cx_rt_isa_t isa;
} cx_conv_t;

// Validates *in (the spec's shape constraints) and fills *cv.
CX_MUST_USE cx_status_t cx_conv_init(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* in,
                                     cx_conv_t* cv);

// Output coordinates of flattened pixel p (sorted spatial order).
static inline void cx_pixel_coords(const cx_conv_t* cv, int64_t p, int64_t* o) {
  for (int d = cv->ns - 1; d >= 0; --d) {
    int64_t s = cv->c.output.size[d];
    o[d] = p % s;
    p /= s;
  }
}

// Input offset (in elements, without batch/feature) of output pixel o and
// kernel tap t, or -1 if it falls into padding or between dilated inputs.
static inline int64_t cx_tap_offset_n(const cx_conv_t* cv, const int64_t* o, const int64_t* t,
                                      int ndims) {
  const cx_rt_conv_t* c = &cv->c;
  int64_t off = 0;
  for (int d = 0; d < ndims; ++d) {
    int64_t x = o[d] * c->window_stride[d] - c->pad_lo[d] + t[d] * c->rhs_dilation[d];
    if (x < 0) return -1;
    if (c->lhs_dilation[d] > 1) {
      if (x % c->lhs_dilation[d]) return -1;
      x /= c->lhs_dilation[d];
    }
    if (x >= c->input.size[d]) return -1;
    off += x * c->input.stride[d];
  }
  return off;
}

static inline int64_t cx_tap_offset(const cx_conv_t* cv, const int64_t* o, const int64_t* t) {
  return cx_tap_offset_n(cv, o, t, cv->ns);
}

static inline void cx_tap_coords(const cx_conv_t* cv, int64_t tap, int64_t* t) {
  for (int d = cv->ns - 1; d >= 0; --d) {
    int64_t s = cv->c.kernel.size[d];
    t[d] = tap % s;
    tap /= s;
  }
}

// Scratch slots of the kernel context used by the convolution (the GEMM
// uses 0..2, 6 and 7). CX_SLOT_WINOGRAD: each thread's block of transformed
// input tiles and their products (conv_winograd.c; the per-call transformed
// weights go to thread 0's CX_SLOT_PREPACK). CX_SLOT_PITCH: thread 0's copy
// of the input with a padded pixel pitch (conv_direct.c). CX_SLOT_EP_COPY:
// thread 0's copies of epilogue operands that share the output's memory
// where the path cannot run in place (conv.c).
enum {
  CX_SLOT_IM2COL = 3,
  CX_SLOT_PREPACK = 4,
  CX_SLOT_WEIGHTS = 5,
  CX_SLOT_WINOGRAD = 8,
  CX_SLOT_PITCH = 9,
  CX_SLOT_EP_COPY = 10
};

// ---- direct convolution (conv_direct.c) ----

// How a channels-last f32 convolution maps onto the row-segment kernel.
typedef struct cx_cd_geom {
  int L;                 // the row dimension: the last spatial one in memory order
  bool merged;           // kw taps x channels form one contiguous run
  bool flat;             // 1x1 over a dense input: all pixels are one row
  int nd_seg;            // spatial dimensions enumerated by segments
  int64_t nseg, seglen;  // segments per pixel and floats per segment
  int64_t Cin, K, NB;    // input features, depth, blocks of 32 output features
  int64_t OW, rows_img;  // pixels per row, rows per image
  int64_t lda;           // input elements between neighbouring output pixels of a row
  int64_t ow_lo, ow_hi;  // interior pixels (every tap along the row inside the input)
  int64_t e_row;         // edge pixels per row
  bool w_inplace;        // weights readable in place (output features contiguous, rows uniform)
} cx_cd_geom_t;

// True if the direct path can run cv (AVX-512, f32 input and kernel, one
// group, channels-last input, no lhs dilation); fills *g.
bool cx_conv_direct_geom(const cx_conv_t* cv, cx_cd_geom_t* g);
// Bytes of the packed weights ([NB][K][32] floats).
size_t cx_conv_direct_weights_bytes(const cx_cd_geom_t* g);
// Packs feature blocks [cb0, cb1) of cv's kernel, one after the other, into
// dst (64-byte aligned).
void cx_conv_direct_pack(const cx_conv_t* cv, const cx_cd_geom_t* g, int64_t cb0, int64_t cb1,
                         float* dst);
// Runs the convolution; packed = weights packed by cx_conv_direct_pack, or
// NULL to pack them into the context's scratch.
CX_MUST_USE cx_status_t cx_conv_direct_run(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv,
                                           const cx_cd_geom_t* g, const float* packed);

// An epilogue the microkernel applies to its registers before the store:
// `ep`'s ops (cx_convd_ep_fits) at output rows i0 + r, columns j0 + j of
// batch `batch`.
typedef struct cx_convd_ep {
  const cx_rt_epilogue_t* ep;
  int64_t batch, i0, j0;
} cx_convd_ep_t;

// True if every op of ep is one the microkernel applies (SCALE, ADD, MUL,
// SUB, RELU, CLAMP; operands f32 with column stride 1 or 0).
bool cx_convd_ep_fits(const cx_rt_epilogue_t* ep);

// The microkernel (conv_direct_avx512.c): rows (1..14) x 32 tile,
//   c[r][j] = ep(sum_s sum_{t < seglen} a[seg_a[s] + r*lda + t] * w[seg_w[s] + ldw*t + j])
// stored to c + r*ldc + j where bit j of colmask is set (all 32 weight
// columns are read); ep may be NULL (none). The npf 64-byte lines from pf
// on (the next weight block, say) are prefetched into L2 on the way, a line
// per k step (npf 0: none).
void cx_convd_f32_avx512(int rows, int64_t nseg, int64_t seglen, const int64_t* seg_a,
                         const int64_t* seg_w, const float* a, int64_t lda, const float* w,
                         int64_t ldw, float* c, int64_t ldc, uint32_t colmask,
                         const cx_convd_ep_t* ep, const char* pf, int64_t npf);

// ---- Winograd convolution (conv_winograd.c) ----

// A 3x3 convolution as F(m x m, 3x3) tiles: stride 1 (m = 2 or 4), or
// stride 2 with m = 2 by phases (each 1-D window x0..x4 splits into the even
// samples x0, x2, x4, a 2-tap convolution with taps w0, w2 done as F(2, 2),
// and the odd ones x1, x3, times w1: 5 multiplications per 2 outputs instead
// of 6, 25 per 2x2 tile instead of 36).
//
// Per dimension the input tile has A transformed values and the weights UA
// distinct ones (stride 1: UA = A = m + 2; stride 2: A = 5, UA = 4, as both
// odd values use w1). The A*A planes of V and M are ordered by weight
// element: group u < UA*UA (row-major over the weights' two indices) owns
// planes gstart[u] .. gstart[u] + gcount[u] - 1, so the planes sharing one
// weight panel are adjacent and their products are one matrix product with
// gcount[u] x tiles rows. plane[a][b] is the plane of element (a, b).
typedef struct cx_wg_geom {
  int m, A, UA;             // output tile size, transformed input and weight values per dim
  int s;                    // window stride (1 or 2)
  int64_t Cin, Cout, NB;    // features; NB blocks of 32 output features
  int64_t IH, IW, OH, OW;   // image sizes (sorted spatial order: H outer)
  int64_t TH, TW;           // tiles per image along H and W
  int8_t plane[6][6];       // element (a, b) -> plane of V and M
  int8_t gstart[36], gcount[36];  // weight element u -> its planes
} cx_wg_geom_t;

// True if F(m x m, 3x3) can run cv: AVX-512, f32 input, kernel and output,
// one group, 2 spatial dimensions, a 3x3 kernel, window strides 1 (m = 2 or
// 4) or 2 in both dimensions (m = 2), no dilation, channels-last input and
// output (feature stride 1); fills *g.
bool cx_conv_winograd_geom(const cx_conv_t* cv, int m, cx_wg_geom_t* g);
// The tile size the automatic choice uses for cv (2 or 4), or 0 where the
// direct kernel measured faster; `prepacked`: the weights are transformed
// once, not per call.
int cx_conv_winograd_auto(const cx_conv_t* cv, bool prepacked);
// Bytes of the transformed weights ([UA*UA][NB][Cin][32] floats).
size_t cx_conv_winograd_weights_bytes(const cx_wg_geom_t* g);
// Transforms input features [ci0, ci1) of cv's kernel into dst (U = G g G^T
// in double precision, rounded once; features past Cout zero).
void cx_conv_winograd_pack(const cx_conv_t* cv, const cx_wg_geom_t* g, int64_t ci0, int64_t ci1,
                           float* dst);
// Runs the convolution; packed = weights from cx_conv_winograd_pack, or NULL
// to transform them into the context's scratch.
CX_MUST_USE cx_status_t cx_conv_winograd_run(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv,
                                              const cx_wg_geom_t* g, const float* packed);

// The transforms (conv_winograd_avx512.c), C channels of one tile of g's
// kind: input: the A x A patch whose top-left input pixel is (y0, x0) of
// image img (rows hs, pixels ws floats apart; pixels outside IH x IW are
// zeros) to v + g->plane[a][b]*vs (element (a, b) of the transformed tile,
// C floats each); output: element (a, b) at mt + g->plane[a][b]*ms to the
// ny x nx corner of the m x m output tile at out (rows ld_y, pixels ld_x
// floats apart), with ep's ops (any epilogue; NULL for none) applied to the
// registers before the store: output pixel (i, j) of the tile is the
// epilogue's row ep->i0 + i*ep_ld_y + j, channel c its column ep->j0 + c.
void cx_wg_input_f32_avx512(const cx_wg_geom_t* g, const float* img, int64_t hs, int64_t ws,
                            int64_t y0, int64_t x0, int64_t C, float* v, int64_t vs);
void cx_wg_output_f32_avx512(const cx_wg_geom_t* g, const float* mt, int64_t ms, int64_t C,
                             float* out, int64_t ld_y, int64_t ld_x, int ny, int nx,
                             const cx_convd_ep_t* ep, int64_t ep_ld_y);

#endif  // CXLA_RUNTIME_KERNELS_CONV_INTERNAL_H_
