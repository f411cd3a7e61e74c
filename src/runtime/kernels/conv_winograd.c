// Winograd convolution F(m x m, 3x3), m = 4 or 2, for 3x3 stride-1 f32
// convolutions over channels-last images (AVX-512), and F(2x2, 3x3) at
// stride 2 by phases (conv_internal.h: 25 multiplications per 2x2 tile
// instead of 36).
//
// The output is cut into m x m tiles; each needs the (m+2) x (m+2) input
// patch around it (A = m + 2). With the transforms B (input), G (weights)
// and A (output) of Lavin & Gray, one tile of one (input, output) feature
// pair is A^T [(G g G^T) . (B^T d B)] A, and summing over input features
// turns the elementwise product into A*A independent matrix products
//
//   M[e] (tiles x Cout) = V[e] (tiles x Cin) x U[e] (Cin x Cout),  e < A*A
//
// F(4x4, 3x3) does 36 multiplications per 16 outputs instead of 144 (4x
// fewer), F(2x2, 3x3) 16 per 4 instead of 36 (2.25x), before the
// transforms and the tiles cut by the image border. At stride 2 the tile's
// 25 values share 16 weight elements (UA*UA planes of U), and the planes of
// V and M that share one are adjacent, so they are one product.
//
// The weights U = G g G^T are computed once at prepack (in double, rounded
// once) as [e][block of 32 outputs][Cin][32] panels: exactly the direct
// convolution's weight format, so each product is the direct microkernel
// (cx_convd_f32_avx512) with one segment of Cin floats per row: a 14 x 32
// register tile, V's rows read in place at stride Cin.
//
// Work goes in blocks of tiles (across images of the batch): per block, the
// input transform writes V (A*A planes of NT x Cin), the products M (A*A
// planes of NT x Cout), and the output transform reads M back and writes
// the output with the epilogue applied to its registers. NT is chosen so V
// and M of a block take about 1.5 MiB (kBlockBytes) while the weights stream
// past once per block; blocks (or, with fewer blocks than threads, blocks x ranges of output
// features) are the tasks of the thread pool, each with its own scratch
// (CX_SLOT_WINOGRAD).
#include <string.h>

#include "runtime/kernels/conv_internal.h"
#include "runtime/kernels/gemm_internal.h"

static inline int64_t cx_cdiv(int64_t x, int64_t m) { return (x + m - 1) / m; }
static inline int64_t cx_min(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t cx_max(int64_t a, int64_t b) { return a > b ? a : b; }
static inline size_t cx_a64(size_t x) { return (x + 63) / 64 * 64; }

enum { CX_WG_NR = 32, CX_WG_R = 14 };

bool cx_conv_winograd_geom(const cx_conv_t* cv, int m, cx_wg_geom_t* g) {
  const cx_rt_conv_t* c = &cv->c;
  memset(g, 0, sizeof(*g));
  if (m != 2 && m != 4) return false;
  if (cv->isa != CX_RT_ISA_AVX512 || cv->ns != 2 || cv->groups != 1) return false;
  if (c->input.type != CX_RT_F32 || c->kernel.type != CX_RT_F32 || c->output.type != CX_RT_F32)
    return false;
  if (c->input.c_stride != 1 || c->output.c_stride != 1) return false;
  const int64_t s = c->window_stride[0];
  if ((s != 1 && s != 2) || (s == 2 && m != 2)) return false;
  for (int d = 0; d < 2; ++d) {
    if (c->kernel.size[d] != 3 || c->window_stride[d] != s || c->lhs_dilation[d] != 1 ||
        c->rhs_dilation[d] != 1)
      return false;
  }
  if (cv->P == 0 || cv->cin_g == 0 || c->kernel.c == 0) return false;
  // One tile's transformed input must fit a block comfortably.
  if (cv->cin_g > 8192 || c->kernel.c > 8192) return false;
  g->m = m;
  g->s = (int)s;
  g->A = s == 2 ? 5 : m + 2;
  g->UA = s == 2 ? 4 : g->A;
  g->Cin = cv->cin_g;
  g->Cout = c->kernel.c;
  g->NB = cx_cdiv(g->Cout, CX_WG_NR);
  g->IH = c->input.size[0];
  g->IW = c->input.size[1];
  g->OH = c->output.size[0];
  g->OW = c->output.size[1];
  g->TH = cx_cdiv(g->OH, m);
  g->TW = cx_cdiv(g->OW, m);
  // Planes grouped by weight element: at stride 2 the last weight value of
  // each dimension (w1) serves transformed values 3 and 4.
  int8_t next = 0;
  for (int ua = 0; ua < g->UA; ++ua)
    for (int ub = 0; ub < g->UA; ++ub) {
      int u = ua * g->UA + ub, na = s == 2 && ua == 3 ? 2 : 1, nb = s == 2 && ub == 3 ? 2 : 1;
      g->gstart[u] = next;
      for (int a = ua; a < ua + na; ++a)
        for (int b = ub; b < ub + nb; ++b) g->plane[a][b] = next++;
      g->gcount[u] = (int8_t)(next - g->gstart[u]);
    }
  return true;
}

// A byte of weights streamed from memory costs about as long as this many
// multiply-adds of the products (one core: ~84 G f32 FMA lanes/s at peak,
// ~75% of it in the products, against 16.5 GB/s from memory).
enum { kWgFmaPerByte = 4 };

// The automatic choice, measured per ResNet-50 3x3 layer (bench_conv
// --pack once, one thread, CPU time; docs/kernels.md). Per call (weights
// not prepacked) the weight transform costs ~300 flops per (input, output)
// feature pair against 18 per pair and output pixel for the convolution:
// only large images amortise it.
//
// F(4x4) against F(2x2): per feature pair it saves 16 multiplications per
// 2x2 tile less 36 per 4x4 tile (tiles cut by the border count whole) but
// its U is 36 floats instead of 16, and in a model each layer's U is read
// once per call from L3 or memory (bench_conv --cold): at 14x14 the 80
// extra bytes cost more than the 208 saved multiplications (F(2x2) 0.80-0.90
// ms, F(4x4) 0.85-1.23), at 28x28 they do not (1372 saved: 0.56-0.59 vs
// 0.76-0.84).
//
// At stride 2 the choice is against the direct kernel: 25 multiplications
// per 2x2 tile instead of 9 per output pixel, for 16 floats of U per feature
// pair instead of the direct kernel's 9.
int cx_conv_winograd_auto(const cx_conv_t* cv, bool prepacked) {
  const cx_rt_conv_t* c = &cv->c;
  if (cv->ns != 2) return 0;
  int64_t OH = c->output.size[0], OW = c->output.size[1];
  if (!prepacked && OH * OW < 1600) return 0;
  if (cv->cin_g < 16 || c->kernel.c < 16) return 0;
  if (c->window_stride[0] == 2) {
    int64_t saved2 = cv->nout * (9 * OH * OW - 25 * cx_cdiv(OH, 2) * cx_cdiv(OW, 2));
    return saved2 > (16 - 9) * 4 * kWgFmaPerByte ? 2 : 0;
  }
  int64_t saved =
      cv->nout * (16 * cx_cdiv(OH, 2) * cx_cdiv(OW, 2) - 36 * cx_cdiv(OH, 4) * cx_cdiv(OW, 4));
  return saved > (36 - 16) * 4 * kWgFmaPerByte ? 4 : 2;
}

size_t cx_conv_winograd_weights_bytes(const cx_wg_geom_t* g) {
  return (size_t)(g->UA * g->UA) * (size_t)(g->NB * g->Cin * CX_WG_NR) * 4;
}

// G g for one column g0..g2 of 32 output features (in double: U is rounded
// once). F(4, 3): points 0, 1, -1, 2, -2, infinity; F(2, 3): 0, 1, -1,
// infinity.
static void cx_wg_g6(const double* g0, const double* g1, const double* g2, double (*u)[CX_WG_NR]) {
  // Products with the reciprocals (in double their rounding does not reach
  // the f32 result); divisions made the per-call transform 5x slower.
  const double r4 = 1.0 / 4, r6 = 1.0 / 6, r12 = 1.0 / 12, r24 = 1.0 / 24;
  for (int j = 0; j < CX_WG_NR; ++j) {
    double s = g0[j] + g2[j], a = g0[j] * r24 + g2[j] * r6, b = g1[j] * r12;
    u[0][j] = g0[j] * r4;
    u[1][j] = -(s + g1[j]) * r6;
    u[2][j] = -(s - g1[j]) * r6;
    u[3][j] = a + b;
    u[4][j] = a - b;
    u[5][j] = g2[j];
  }
}

// Stride 2, one dimension: the even taps' F(2, 2) weights (w0, w0 + w2, w2)
// and the odd tap w1.
static void cx_wg_gs2(const double* g0, const double* g1, const double* g2,
                      double (*u)[CX_WG_NR]) {
  for (int j = 0; j < CX_WG_NR; ++j) {
    u[0][j] = g0[j];
    u[1][j] = g0[j] + g2[j];
    u[2][j] = g2[j];
    u[3][j] = g1[j];
  }
}

static void cx_wg_g4(const double* g0, const double* g1, const double* g2, double (*u)[CX_WG_NR]) {
  for (int j = 0; j < CX_WG_NR; ++j) {
    double s = g0[j] + g2[j];
    u[0][j] = g0[j];
    u[1][j] = (s + g1[j]) * 0.5;
    u[2][j] = (s - g1[j]) * 0.5;
    u[3][j] = g2[j];
  }
}

void cx_conv_winograd_pack(const cx_conv_t* cv, const cx_wg_geom_t* g, int64_t ci0, int64_t ci1,
                           float* dst) {
  const cx_rt_conv_tensor_t* k = &cv->c.kernel;
  const float* w = k->data;
  const int A = g->UA;
  const int64_t plane = g->NB * g->Cin * CX_WG_NR;  // floats per element e
  void (*tr)(const double*, const double*, const double*, double (*)[CX_WG_NR]) =
      g->s == 2 ? cx_wg_gs2 : A == 6 ? cx_wg_g6 : cx_wg_g4;
  // Eight input features x 32 output features at a time, so every element
  // e of U gets one contiguous kilobyte of the destination (the elements are
  // planes a power of two apart: row by row they thrashed the same cache
  // sets, 88 ns per feature pair at 512 x 512).
  enum { CI = 8 };
  double gg[3][3][CX_WG_NR], t[6][3][CX_WG_NR], col[3][CX_WG_NR], u[6][CX_WG_NR];
  float ub[36][CI][CX_WG_NR];
  for (int64_t cb = 0; cb < g->NB; ++cb) {
    int64_t co0 = cb * CX_WG_NR, nr = cx_min(CX_WG_NR, g->Cout - co0);
    for (int64_t cc = ci0; cc < ci1; cc += CI) {
      int64_t nci = cx_min(CI, ci1 - cc);
      for (int64_t i = 0; i < nci; ++i) {
        int64_t ci = cc + i;
        for (int y = 0; y < 3; ++y)
          for (int x = 0; x < 3; ++x) {
            const float* s = w + ci * k->n_stride + co0 * k->c_stride + y * k->stride[0] +
                             x * k->stride[1];
            for (int64_t j = 0; j < CX_WG_NR; ++j) gg[y][x][j] = j < nr ? s[j * k->c_stride] : 0.0;
          }
        // Columns (t = G g), then rows (U = t G^T).
        for (int x = 0; x < 3; ++x) {
          tr(gg[0][x], gg[1][x], gg[2][x], u);
          for (int a = 0; a < A; ++a) memcpy(t[a][x], u[a], sizeof(u[a]));
        }
        for (int a = 0; a < A; ++a) {
          memcpy(col, t[a], sizeof(col));
          tr(col[0], col[1], col[2], u);
          for (int b = 0; b < A; ++b)
            for (int j = 0; j < CX_WG_NR; ++j) ub[a * A + b][i][j] = (float)u[b][j];
        }
      }
      for (int e = 0; e < A * A; ++e)
        memcpy(dst + e * plane + cb * g->Cin * CX_WG_NR + cc * CX_WG_NR, ub[e],
               (size_t)(nci * CX_WG_NR) * 4);
    }
  }
}

typedef struct cx_wg_job {
  const cx_conv_t* cv;
  const cx_wg_geom_t* g;
  cx_rt_kernel_ctx_t* ctx;
  const float* u;          // transformed weights
  int64_t nt, nblocks;     // tiles per block (last one shorter) and blocks
  int64_t cbs_per, ncbc;   // blocks of 32 outputs per task, and such ranges
  int64_t tiles;           // tiles over the whole batch
  size_t o_m;              // offset of the products in the thread's scratch
  bool has_epilogue;
} cx_wg_job_t;

static void cx_wg_task(void* arg, int64_t task, int thread) {
  const cx_wg_job_t* j = arg;
  const int64_t blk = task / j->ncbc, cb0 = task % j->ncbc * j->cbs_per;
  const int64_t cb1 = cx_min(j->g->NB, cb0 + j->cbs_per);
  const cx_conv_t* cv = j->cv;
  const cx_wg_geom_t* g = j->g;
  const cx_rt_conv_t* c = &cv->c;
  const int m = g->m, step = g->m * g->s;  // input pixels between tiles
  const int64_t t0 = blk * j->nt, nt = cx_min(j->nt, j->tiles - t0);
  const int64_t tiles_img = g->TH * g->TW;
  const int64_t Coutp = g->NB * CX_WG_NR;
  char* scratch = cx_rt_kernel_ctx_scratch(j->ctx, thread, CX_SLOT_WINOGRAD);
  float* V = (float*)scratch;                // [AA][nt][Cin]
  float* M = (float*)(scratch + j->o_m);     // [AA][nt][Coutp]
  const int64_t vs = nt * g->Cin, ms = nt * Coutp;
  // Input transform.
  for (int64_t t = 0; t < nt; ++t) {
    int64_t gt = t0 + t, n = gt / tiles_img, ti = gt % tiles_img;
    int64_t ty = ti / g->TW, tx = ti % g->TW;
    const float* img = (const float*)c->input.data + n * c->input.n_stride;
    cx_wg_input_f32_avx512(g, img, c->input.stride[0], c->input.stride[1],
                           ty * step - c->pad_lo[0], tx * step - c->pad_lo[1], g->Cin,
                           V + t * g->Cin, vs);
  }
  // The products, one per weight element u over its planes (adjacent: one
  // matrix of gcount[u] x nt rows), in row chunks of <= 14 tiles; a 32-wide
  // weight panel (Cin x 32) stays in L1 while the chunks pass.
  const int64_t UU = g->UA * g->UA;
  const int64_t seg[3] = {0, 0, 0};
  // Each panel is read once per block from L3 or memory: its chunks
  // prefetch the next panel of this task (Cin of its 2*Cin lines each, a
  // line per k step: spread thinner over 5 chunks at 56x56 it measured
  // 3-5% slower) so it arrives while this one computes.
  const int64_t lines = g->Cin * CX_WG_NR * 4 / 64;
  for (int64_t e = 0; e < UU; ++e) {
    const float* Ve = V + g->gstart[e] * vs;
    float* Me = M + g->gstart[e] * ms;
    const int64_t nrows = g->gcount[e] * nt, chunks = cx_cdiv(nrows, CX_WG_R);
    const int64_t share = cx_max(cx_cdiv(lines, chunks), g->Cin);
    for (int64_t cb = cb0; cb < cb1; ++cb) {
      const float* w = j->u + (e * g->NB + cb) * g->Cin * CX_WG_NR;
      int64_t ne = cb + 1 < cb1 ? e : e + 1, ncb = cb + 1 < cb1 ? cb + 1 : cb0;
      const char* next =
          ne < UU ? (const char*)(j->u + (ne * g->NB + ncb) * g->Cin * CX_WG_NR) : NULL;
      int64_t r0 = 0;
      for (int64_t ch = 0; ch < chunks; ++ch) {
        int64_t rows = nrows / chunks + (ch < nrows % chunks ? 1 : 0);
        int64_t lo = cx_min(lines, ch * share), hi = cx_min(lines, lo + share);
        cx_convd_f32_avx512((int)rows, 1, g->Cin, seg, seg, Ve + r0 * g->Cin, g->Cin, w, CX_WG_NR,
                            Me + r0 * Coutp + cb * CX_WG_NR, Coutp, 0xffffffffu, NULL,
                            next ? next + lo * 64 : NULL, next ? hi - lo : 0);
        r0 += rows;
      }
    }
  }
  // Output transform and epilogue, for this task's output features, written
  // once: the epilogue runs on the transform's registers.
  const int64_t co0 = cb0 * CX_WG_NR, nco = cx_min(g->Cout, cb1 * CX_WG_NR) - co0;
  for (int64_t t = 0; t < nt; ++t) {
    int64_t gt = t0 + t, n = gt / tiles_img, ti = gt % tiles_img;
    int64_t oy = (ti / g->TW) * m, ox = (ti % g->TW) * m;
    int ny = (int)cx_min(m, g->OH - oy), nx = (int)cx_min(m, g->OW - ox);
    int64_t p0 = oy * g->OW + ox;
    float* out = (float*)c->output.data + n * c->output.n_stride + p0 * cv->ps + co0;
    const cx_convd_ep_t ep = {c->epilogue, n, p0, co0};
    cx_wg_output_f32_avx512(g, M + t * Coutp + co0, ms, nco, out, g->OW * cv->ps, cv->ps, ny, nx,
                            j->has_epilogue ? &ep : NULL, g->OW);
  }
}

typedef struct cx_wg_pack_job {
  const cx_conv_t* cv;
  const cx_wg_geom_t* g;
  float* dst;
  int64_t per;
} cx_wg_pack_job_t;

static void cx_wg_pack_task(void* arg, int64_t task, int thread) {
  (void)thread;
  const cx_wg_pack_job_t* j = arg;
  int64_t ci0 = task * j->per, ci1 = cx_min(j->g->Cin, ci0 + j->per);
  cx_conv_winograd_pack(j->cv, j->g, ci0, ci1, j->dst);
}

// Bytes of V and M per block. More than the 1 MiB L2 of a Zen 4 or Zen 5
// core, but measured best: fewer, larger blocks stream the weights fewer
// times. 1 MiB and 768 KiB ran ResNet-50's 3x3 layers no faster at 56x56 to
// 14x14 and 1.45x slower at 7x7 (bench_conv, Zen 4, 2026-12-07).
enum { kBlockBytes = 3 << 19 };

cx_status_t cx_conv_winograd_run(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv,
                                 const cx_wg_geom_t* g, const float* packed) {
  const cx_rt_conv_t* c = &cv->c;
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  cx_rt_thread_pool_t* pool = cx_rt_kernel_ctx_pool(ctx);
  const int64_t AA = g->A * g->A, Coutp = g->NB * CX_WG_NR;
  if (!packed) {
    size_t wb = cx_conv_winograd_weights_bytes(g);
    CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_PREPACK, wb + 64));
    float* u = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_PREPACK);
    cx_wg_pack_job_t pj = {cv, g, u, cx_max(8, cx_cdiv(g->Cin, 4 * threads))};
    cx_rt_thread_pool_parallel_for(pool, cx_cdiv(g->Cin, pj.per), threads, cx_wg_pack_task, &pj);
    packed = u;
  }
  double flops = 2.0 * (double)cv->nout * (double)cv->P * (double)g->Cout * (double)cv->K;
  if (flops < 2e6) threads = 1;
  cx_wg_job_t job = {.cv = cv, .g = g, .ctx = ctx, .u = packed};
  job.tiles = cv->nout * g->TH * g->TW;
  int64_t per_tile = AA * (g->Cin + Coutp) * 4;
  int64_t nt_max = cx_max(1, kBlockBytes / per_tile);
  int64_t nblocks = cx_cdiv(job.tiles, nt_max);
  // Every thread gets blocks (equal ones) when there are enough; with fewer
  // blocks than threads (small images, deep layers) the tasks split the
  // output features instead, so each thread streams only its part of U (the
  // input transform is then repeated per task: it is ~2% of the work).
  int64_t ncbc = 1;
  if (threads > 1 && nblocks < threads && g->NB > 1) {
    ncbc = cx_min(g->NB, cx_cdiv(threads, nblocks));
  } else if (threads > 1 && nblocks < job.tiles) {
    nblocks = cx_min(job.tiles, cx_cdiv(nblocks, threads) * threads);
  }
  job.nt = cx_cdiv(job.tiles, nblocks);
  job.nblocks = cx_cdiv(job.tiles, job.nt);
  job.cbs_per = cx_cdiv(g->NB, ncbc);
  job.ncbc = cx_cdiv(g->NB, job.cbs_per);
  job.o_m = cx_a64((size_t)(AA * job.nt * g->Cin) * 4);
  size_t bytes = job.o_m + (size_t)(AA * job.nt * Coutp) * 4;
  job.has_epilogue = !cx_ep_is_identity(c->epilogue);
  int tt = (int)cx_min(threads, job.nblocks * job.ncbc);
  CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, tt, CX_SLOT_WINOGRAD, bytes + 64));
  cx_rt_thread_pool_parallel_for(pool, job.nblocks * job.ncbc, tt, cx_wg_task, &job);
  return NULL;
}
