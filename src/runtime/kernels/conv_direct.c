// Direct convolution for channels-last f32 inputs (AVX-512): the input is read
// in place by the row-segment microkernel (conv_direct_avx512.c) instead of
// being copied into im2col blocks and packed.
//
// Output pixels are grouped by "rows": all pixels that share their outer
// output coordinates (every spatial dimension but the last, in memory order).
// Along a row, consecutive output pixels read input that is a constant
// lda = stride * pixel pitch apart, and for each outer kernel tap the kw taps
// times the channels form one contiguous run when pixels are dense (NHWC).
// So a tile of up to 14 pixels of one row is a strided matrix with a few
// contiguous segments per row: exactly what the microkernel reads.
//
// Padding: a segment whose outer coordinates fall outside the input is the
// same for every pixel of the row and is skipped (no zeros are multiplied).
// Pixels near the left/right edge, whose runs are cut by the padding, are
// gathered once per call into zero-padded rows (one im2col row each, a few
// per output row) and run through the same microkernel in tiles of 14.
//
// Work: tiles x blocks of 32 output features, split into tasks of tile ranges
// x feature-block ranges; inside a task the feature block is the outer loop so
// its weights (K x 32 floats) stay in L2 while the tiles stream past.
#include <string.h>

#include "runtime/kernels/conv_internal.h"
#include "runtime/kernels/gemm_internal.h"

enum { CX_CD_R = 14, CX_CD_NR = 32 };

static inline int64_t cx_cdiv(int64_t x, int64_t m) { return (x + m - 1) / m; }
static inline int64_t cx_min(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t cx_max(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t cx_a64(int64_t x) { return (x + 63) / 64 * 64; }

// Floor division for a possibly negative numerator and positive d.
static inline int64_t cx_fdiv(int64_t x, int64_t d) { return x >= 0 ? x / d : -((-x + d - 1) / d); }

bool cx_conv_direct_geom(const cx_conv_t* cv, cx_cd_geom_t* g) {
  const cx_rt_conv_t* c = &cv->c;
  memset(g, 0, sizeof(*g));
  if (cv->isa != CX_RT_ISA_AVX512 || cv->ns < 1 || cv->groups != 1) return false;
  if (c->input.type != CX_RT_F32 || c->kernel.type != CX_RT_F32) return false;
  if (c->input.c_stride != 1 || cv->P == 0 || cv->K == 0 || c->kernel.c == 0) return false;
  for (int d = 0; d < cv->ns; ++d)
    if (c->lhs_dilation[d] != 1) return false;
  int L = cv->ns - 1;
  g->L = L;
  g->Cin = cv->cin_g;
  g->K = cv->K;
  g->NB = cx_cdiv(c->kernel.c, CX_CD_NR);
  int64_t KW = c->kernel.size[L];
  // kw and the channels are one run when pixels are dense along the row and
  // the kernel is not dilated along it.
  g->merged = c->input.stride[L] == cv->cin_g && c->rhs_dilation[L] == 1;
  g->nd_seg = g->merged ? L : cv->ns;
  g->nseg = g->merged ? cv->T / (KW ? KW : 1) : cv->T;
  g->seglen = g->merged ? KW * cv->cin_g : cv->cin_g;
  g->OW = c->output.size[L];
  g->rows_img = cv->P / g->OW;
  g->lda = c->window_stride[L] * c->input.stride[L];
  // Interior pixels along the row: every tap along L is inside the input.
  int64_t s = c->window_stride[L], pad = c->pad_lo[L];
  int64_t last = (KW - 1) * c->rhs_dilation[L];
  g->ow_lo = pad <= 0 ? 0 : cx_cdiv(pad, s);
  int64_t hi = c->input.size[L] - 1 + pad - last;
  g->ow_hi = hi < 0 ? 0 : cx_fdiv(hi, s) + 1;
  g->ow_hi = cx_min(g->ow_hi, g->OW);
  g->ow_lo = cx_min(g->ow_lo, g->OW);
  if (g->ow_hi < g->ow_lo) g->ow_hi = g->ow_lo;
  g->e_row = g->OW - (g->ow_hi - g->ow_lo);
  // A 1x1 kernel without padding whose rows follow each other in the input
  // at the same pitch as pixels within a row (unit strides over dense NHWC)
  // reads the input as one long row: tiles then cross row boundaries, so
  // 7x7 images still get full 14-pixel tiles.
  bool flat = cv->T == 1 && L > 0;
  int64_t step = g->lda;
  for (int d = L - 1; d >= 0 && flat; --d) {
    step *= c->output.size[d + 1];
    if (c->pad_lo[d] != 0 || c->window_stride[d] * c->input.stride[d] != step) flat = false;
  }
  if (flat && c->pad_lo[L] == 0) {
    g->flat = true;
    g->OW = cv->P;
    g->rows_img = 1;
    g->ow_lo = 0;
    g->ow_hi = cv->P;
    g->e_row = 0;
  }
  // Rows of fewer than 8 interior pixels (7x7 images under a 3x3 kernel)
  // would run the microkernel on tiles of 5-7 rows, which read the block's
  // weights once per 10-14 FMAs instead of 28: gather every pixel of such
  // rows instead (one im2col row each) and run full 14-row tiles over them.
  if (!g->flat && g->ow_hi - g->ow_lo < 8) {
    g->ow_lo = g->ow_hi = 0;
    g->e_row = g->OW;
  }
  // HWIO-like kernels (output features contiguous, each segment's k rows a
  // constant pitch apart) are read in place; only a ragged last block of
  // features is packed.
  const cx_rt_conv_tensor_t* kt = &c->kernel;
  g->w_inplace = kt->c_stride == 1 && (!g->merged || KW <= 1 || kt->stride[L] == g->Cin * kt->n_stride);
  // Tables and the gathered edge rows must stay reasonable.
  if ((double)g->rows_img * (double)g->nseg * 16.0 > (double)(16 << 20)) return false;
  if ((double)cv->nout * (double)g->rows_img * (double)g->e_row * (double)cv->K * 4.0 >
      (double)(64 << 20))
    return false;
  if (g->seglen < 1 || g->nseg < 1) return false;
  return true;
}

size_t cx_conv_direct_weights_bytes(const cx_cd_geom_t* g) {
  return (size_t)(g->NB * g->K * CX_CD_NR) * 4;
}

// Packs feature blocks [cb0, cb1) of the weights one after the other into
// dst as [k][32] each (k = tap*Cin + ci), zero-padding features past the
// last.
enum { kPackAhead = 16 };  // rows of a block fetched ahead while packing

void cx_conv_direct_pack(const cx_conv_t* cv, const cx_cd_geom_t* g, int64_t cb0, int64_t cb1,
                         float* dst) {
  const cx_rt_conv_tensor_t* k = &cv->c.kernel;
  const float* w = k->data;
  int64_t t[CX_RT_CONV_MAX_SPATIAL];
  for (int64_t cb = cb0; cb < cb1; ++cb) {
    float* d = dst + (cb - cb0) * g->K * CX_CD_NR;
    int64_t co0 = cb * CX_CD_NR, nr = cx_min(CX_CD_NR, k->c - co0);
    for (int64_t tap = 0; tap < cv->T; ++tap) {
      cx_tap_coords(cv, tap, t);
      int64_t toff = 0;
      for (int d2 = 0; d2 < cv->ns; ++d2) toff += t[d2] * k->stride[d2];
      for (int64_t ci = 0; ci < g->Cin; ++ci, d += CX_CD_NR) {
        const float* s = w + toff + ci * k->n_stride + co0 * k->c_stride;
        // The rows are a kernel row apart (HWIO: Cout floats, often a page
        // or more), too far for the hardware prefetchers: fetch ahead.
        if (k->c_stride == 1 && ci + kPackAhead < g->Cin) {
          __builtin_prefetch(s + kPackAhead * k->n_stride, 0, 3);
          __builtin_prefetch(s + kPackAhead * k->n_stride + 16, 0, 3);
        }
        if (k->c_stride == 1 && nr == CX_CD_NR) {
          memcpy(d, s, CX_CD_NR * 4);  // a constant size: inlined vector moves
        } else if (k->c_stride == 1) {
          memcpy(d, s, (size_t)nr * 4);
        } else {
          for (int64_t j = 0; j < nr; ++j) d[j] = s[j * k->c_stride];
        }
        if (nr < CX_CD_NR) memset(d + nr, 0, (size_t)(CX_CD_NR - nr) * 4);
      }
    }
  }
}

// ---- per-call plan: tiles, segment tables, edge pixels ----

typedef struct cx_cd_tile {
  int64_t row;    // image row of an interior tile, -1 for gathered edge pixels
  int64_t start;  // first output column (interior) or first edge index
  int64_t rows;   // pixels, 1..14
} cx_cd_tile_t;

// Segment tables hold, per row, the input offsets of its valid segments and
// two weight offsets for each: into packed weights and into the kernel as it
// lies.
enum { CX_CD_SEG_A = 0, CX_CD_SEG_WP = 1, CX_CD_SEG_WI = 2 };

// Where the weights come from.
typedef enum cx_cd_wmode {
  CX_CD_W_PACKED,   // all blocks packed ([NB][K][32]): prepacked, or packed for this call
  CX_CD_W_INPLACE,  // full blocks read from the kernel, the ragged last one packed
  CX_CD_W_TASK,     // each task packs the block it works on into its thread's scratch
} cx_cd_wmode_t;

typedef struct cx_cd_job {
  const cx_conv_t* cv;
  const cx_cd_geom_t* g;
  cx_rt_kernel_ctx_t* ctx;
  cx_cd_wmode_t wmode;
  const float* w;             // PACKED: the packed weights
  const float* w_last;        // INPLACE: the packed last (ragged) block
  const cx_cd_tile_t* tiles;  // per image
  int64_t ntiles;             // per image
  const int64_t* row_cnt;     // valid segments of each image row
  const int64_t* row_seg;     // per row: [3][nseg] (see CX_CD_SEG_*)
  const int64_t* full_seg;    // the same for gathered rows (all segments)
  const int64_t* seg_t;       // [nseg][CX_RT_CONV_MAX_SPATIAL] kernel coordinates of each segment's first tap
  const int64_t* edge_pix;    // flattened pixel of each edge index (per image)
  int64_t e_img;              // edge pixels per image
  float* gather;              // [n][e_img][K]
  int64_t tiles_per, cbs_per, ntc, ncbc;  // task split
  int64_t gchunk;             // edge pixels per gather task
  bool fast_out;              // f32 output with unit feature stride
  bool ep_in_kernel;          // the microkernel applies the epilogue (cx_convd_ep_fits)
  bool tiles_outer;           // tiles outside, feature blocks inside (small weights)
} cx_cd_job_t;

// The im2col row of pixel p of batch n into dst (K floats, zeros for taps in
// the padding), a segment at a time.
static void cx_cd_gather_pixel(const cx_cd_job_t* j, int64_t n, int64_t p, float* dst) {
  const cx_conv_t* cv = j->cv;
  const cx_cd_geom_t* g = j->g;
  const cx_rt_conv_t* c = &cv->c;
  const float* in = (const float*)c->input.data + n * c->input.n_stride;
  int64_t o[CX_RT_CONV_MAX_SPATIAL];
  cx_pixel_coords(cv, p, o);
  int L = g->L;
  int64_t KW = c->kernel.size[L];
  int64_t x0 = o[L] * c->window_stride[L] - c->pad_lo[L];
  for (int64_t s = 0; s < g->nseg; ++s) {
    float* d = dst + s * g->seglen;
    const int64_t* t = j->seg_t + s * CX_RT_CONV_MAX_SPATIAL;
    if (g->merged) {
      int64_t off = cx_tap_offset_n(cv, o, t, L);
      int64_t tlo = x0 < 0 ? -x0 : 0;
      int64_t thi = cx_min(KW, c->input.size[L] - x0);
      if (off < 0 || tlo >= thi) {
        memset(d, 0, (size_t)g->seglen * 4);
        continue;
      }
      if (tlo > 0) memset(d, 0, (size_t)(tlo * g->Cin) * 4);
      memcpy(d + tlo * g->Cin, in + off + (x0 + tlo) * c->input.stride[L],
             (size_t)((thi - tlo) * g->Cin) * 4);
      if (thi < KW) memset(d + thi * g->Cin, 0, (size_t)((KW - thi) * g->Cin) * 4);
    } else {
      int64_t off = cx_tap_offset(cv, o, t);
      if (off < 0) memset(d, 0, (size_t)g->Cin * 4);
      else memcpy(d, in + off, (size_t)g->Cin * 4);
    }
  }
}

static void cx_cd_gather_task(void* arg, int64_t task, int thread) {
  (void)thread;
  const cx_cd_job_t* j = arg;
  int64_t total = j->cv->nout * j->e_img;
  int64_t e0 = task * j->gchunk, e1 = cx_min(total, e0 + j->gchunk);
  for (int64_t e = e0; e < e1; ++e) {
    int64_t n = e / j->e_img, p = j->edge_pix[e % j->e_img];
    cx_cd_gather_pixel(j, n, p, j->gather + e * j->g->K);
  }
}

static void cx_cd_pack_task(void* arg, int64_t cb, int thread) {
  (void)thread;
  const cx_cd_job_t* j = arg;
  cx_conv_direct_pack(j->cv, j->g, cb, cb + 1, (float*)j->w + cb * j->g->K * CX_CD_NR);
}

// Where block cb's weights are: packed, the packed ragged last block, or the
// kernel itself (W_TASK: packed into the thread's scratch now).
static const float* cx_cd_block_weights(const cx_cd_job_t* j, int thread, int64_t cb,
                                        int64_t* ldw, int64_t* which) {
  const cx_conv_t* cv = j->cv;
  const cx_cd_geom_t* g = j->g;
  const cx_rt_conv_t* c = &cv->c;
  int64_t co0 = cb * CX_CD_NR;
  *ldw = CX_CD_NR;
  *which = CX_CD_SEG_WP;
  if (j->wmode == CX_CD_W_PACKED) return j->w + cb * g->K * CX_CD_NR;
  if (j->wmode == CX_CD_W_TASK) {
    float* wb = cx_rt_kernel_ctx_scratch(j->ctx, thread, CX_SLOT_WEIGHTS);
    cx_conv_direct_pack(cv, g, cb, cb + 1, wb);
    return wb;
  }
  if (c->kernel.c - co0 < CX_CD_NR) return j->w_last;
  *ldw = c->kernel.n_stride;
  *which = CX_CD_SEG_WI;
  return (const float*)c->kernel.data + co0;
}

// Tile gt (batch x tile index) of feature block cb; the npf lines at pf are
// prefetched into L2 on the way (cx_convd_f32_avx512).
static void cx_cd_run_tile(const cx_cd_job_t* j, int64_t cb, int64_t gt, const float* w,
                           int64_t ldw, int64_t which, float* tile, const char* pf,
                           int64_t npf) {
  const cx_conv_t* cv = j->cv;
  const cx_cd_geom_t* g = j->g;
  const cx_rt_conv_t* c = &cv->c;
  const bool ident = cx_ep_is_identity(c->epilogue);
  const int64_t nseg = g->nseg;
  const int64_t s_l = c->window_stride[g->L], pad_l = c->pad_lo[g->L];
  const int64_t st_l = c->input.stride[g->L];
  int64_t co0 = cb * CX_CD_NR;
  int nr = (int)cx_min(CX_CD_NR, c->kernel.c - co0);
  uint32_t mask = nr == 32 ? 0xffffffffu : (1u << nr) - 1u;
  int64_t n = gt / j->ntiles;
  const cx_cd_tile_t* tl = &j->tiles[gt % j->ntiles];
  int R = (int)tl->rows;
  cx_ep_args_t ea = {c->epilogue,
                     {c->output.type, c->output.data, cv->ps, c->output.c_stride,
                      c->output.n_stride},
                     n};
  if (tl->row >= 0) {
    const float* in = (const float*)c->input.data + n * c->input.n_stride +
                      (tl->start * s_l - pad_l) * st_l;
    const int64_t* seg = j->row_seg + tl->row * nseg * 3;
    int64_t cnt = j->row_cnt[tl->row];
    int64_t p0 = tl->row * g->OW + tl->start;
    if (j->fast_out) {
      float* out = (float*)c->output.data + n * c->output.n_stride + p0 * cv->ps + co0;
      cx_convd_ep_t rep = {c->epilogue, n, p0, co0};
      cx_convd_f32_avx512(R, cnt, g->seglen, seg, seg + which * nseg, in, g->lda, w, ldw, out,
                          cv->ps, mask, j->ep_in_kernel ? &rep : NULL, pf, npf);
      if (!ident && !j->ep_in_kernel)
        cx_ep_apply(&ea, CX_RT_F32, out, cv->ps, p0, co0, R, nr, cv->isa);
    } else {
      cx_convd_f32_avx512(R, cnt, g->seglen, seg, seg + which * nseg, in, g->lda, w, ldw, tile,
                          CX_CD_NR, mask, NULL, pf, npf);
      cx_ep_apply(&ea, CX_RT_F32, tile, CX_CD_NR, p0, co0, R, nr, cv->isa);
    }
  } else {
    const float* a = j->gather + (n * j->e_img + tl->start) * g->K;
    cx_convd_f32_avx512(R, nseg, g->seglen, j->full_seg, j->full_seg + which * nseg, a, g->K, w,
                        ldw, tile, CX_CD_NR, mask, NULL, pf, npf);
    if (j->fast_out && ident && nr == CX_CD_NR) {
      // Plain f32 rows: a fixed-size copy each (ResNet's first layer has
      // three edge pixels per row, 672 of these rows per call).
      float* out = (float*)c->output.data + n * c->output.n_stride + co0;
      for (int r = 0; r < R; ++r)
        memcpy(out + j->edge_pix[tl->start + r] * cv->ps, tile + r * CX_CD_NR, CX_CD_NR * 4);
    } else {
      for (int r = 0; r < R; ++r)
        cx_ep_apply(&ea, CX_RT_F32, tile + r * CX_CD_NR, CX_CD_NR, j->edge_pix[tl->start + r],
                    co0, 1, nr, cv->isa);
    }
  }
}

static void cx_cd_task(void* arg, int64_t task, int thread) {
  const cx_cd_job_t* j = arg;
  int64_t tc = task % j->ntc, cc = task / j->ntc;
  int64_t total = j->cv->nout * j->ntiles;
  int64_t t0 = tc * j->tiles_per, t1 = cx_min(total, t0 + j->tiles_per);
  int64_t cb0 = cc * j->cbs_per, cb1 = cx_min(j->g->NB, cb0 + j->cbs_per);
  _Alignas(64) float tile[CX_CD_R * CX_CD_NR];
  int64_t ldw, which;
  if (j->tiles_outer) {
    // Small weights (all blocks stay in L2): a tile's input rows stay in L1
    // while the blocks pass.
    for (int64_t gt = t0; gt < t1; ++gt)
      for (int64_t cb = cb0; cb < cb1; ++cb) {
        const float* w = cx_cd_block_weights(j, thread, cb, &ldw, &which);
        cx_cd_run_tile(j, cb, gt, w, ldw, which, tile, NULL, 0);
      }
    return;
  }
  // A block's weights stay in L2 while the tiles stream past. Packed
  // blocks follow each other in memory: the tiles of block cb prefetch
  // block cb + 1 (2K lines), an equal share each, so it arrives from
  // memory while block cb computes.
  const int64_t lines = j->g->K * CX_CD_NR * 4 / 64;
  const int64_t share = cx_max(cx_cdiv(lines, t1 - t0), j->g->K / 2);
  for (int64_t cb = cb0; cb < cb1; ++cb) {
    const float* w = cx_cd_block_weights(j, thread, cb, &ldw, &which);
    const bool pf = j->wmode == CX_CD_W_PACKED && cb + 1 < cb1;
    const char* next = pf ? (const char*)(j->w + (cb + 1) * j->g->K * CX_CD_NR) : NULL;
    for (int64_t gt = t0; gt < t1; ++gt) {
      // Lines [lo, hi) of the next block for this tile.
      int64_t lo = cx_min(lines, (gt - t0) * share);
      int64_t hi = cx_min(lines, lo + share);
      cx_cd_run_tile(j, cb, gt, w, ldw, which, tile, pf ? next + lo * 64 : NULL,
                     pf ? hi - lo : 0);
    }
  }
}

// Packed weights up to this size are read block after block for each tile.
enum { kSmallWeights = 256 << 10 };

// Parts of about equal size for splitting `total` items `parts` ways.
static int64_t cx_cd_even(int64_t total, int64_t parts) {
  parts = cx_max(1, cx_min(parts, total));
  return cx_cdiv(total, parts);
}

// The task split: tiles_per tiles x cbs_per feature blocks per task. With
// one thread, one task. Otherwise the split whose tasks finish soonest when
// the threads take them in turn: ceil(tasks / threads) rounds of the largest
// task, in tile-blocks. Ties go to fewer splits of the blocks when the input
// dominates the traffic (each block range re-reads the input), of the tiles
// when the weights do (each tile range re-reads the weights), then to the
// count nearest `want` (about four per thread, so the atomic counter can
// balance a preempted core). 14 tiles x 8 blocks (1x1 14x14x1024->256) at 2
// threads took 7 tasks of 2 tiles (4 rounds of 16 where 56 is the ideal
// span: 1.71x the one-thread speed in ResNet-50); now 8 tasks of 7 tiles x 2
// blocks (4 rounds of 14).
static void cx_cd_split(int64_t tiles, int64_t nb, int threads, int64_t want, bool weights_dominate,
                        cx_cd_job_t* job) {
  job->tiles_per = tiles, job->cbs_per = nb, job->ntc = 1, job->ncbc = 1;
  if (threads <= 1) return;
  double best_span = 0, best_splits = 0, best_off = 0;
  bool have = false;
  for (int64_t ct = 1; ct <= cx_min(tiles, 2 * want); ++ct) {
    int64_t tp = cx_cdiv(tiles, ct);
    if (ct > 1 && cx_cdiv(tiles, ct - 1) == tp) continue;  // same split as ct - 1
    int64_t ntc = cx_cdiv(tiles, tp);
    for (int64_t cc = 1; cc <= nb && ntc * cc <= 2 * want; ++cc) {
      int64_t cp = cx_cdiv(nb, cc);
      if (cc > 1 && cx_cdiv(nb, cc - 1) == cp) continue;
      int64_t ncbc = cx_cdiv(nb, cp), tasks = ntc * ncbc;
      double span = (double)cx_cdiv(tasks, threads) * (double)(tp * cp);
      double splits = (double)(weights_dominate ? ntc : ncbc);
      double off = (double)(tasks > want ? tasks - want : want - tasks);
      bool better = !have || span < best_span ||
                    (span == best_span &&
                     (splits < best_splits || (splits == best_splits && off < best_off)));
      if (better) {
        have = true, best_span = span, best_splits = splits, best_off = off;
        job->tiles_per = tp, job->cbs_per = cp, job->ntc = ntc, job->ncbc = ncbc;
      }
    }
  }
}

// The offsets of segment s (first tap at kernel coordinates t): into the
// packed weights and into the kernel.
static void cx_cd_seg_weights(const cx_conv_t* cv, const cx_cd_geom_t* g, int64_t s,
                              const int64_t* t, int64_t* packed, int64_t* inplace) {
  const cx_rt_conv_tensor_t* k = &cv->c.kernel;
  int64_t toff = 0;
  for (int d = 0; d < cv->ns; ++d) toff += t[d] * k->stride[d];
  *packed = s * g->seglen * CX_CD_NR;
  *inplace = toff;
}

static cx_status_t cx_cd_run(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv, const cx_cd_geom_t* g,
                             const float* packed) {
  const cx_rt_conv_t* c = &cv->c;
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  cx_rt_thread_pool_t* pool = cx_rt_kernel_ctx_pool(ctx);
  double flops = 2.0 * (double)cv->nout * (double)cv->P * (double)c->kernel.c * (double)cv->K;
  if (flops < 2e6) threads = 1;  // not worth waking a thread
  const int L = g->L;
  const int64_t KW = c->kernel.size[L];
  const int64_t rows_img = g->rows_img, nseg = g->nseg;
  const int64_t wi = g->ow_hi - g->ow_lo;
  const int64_t nt_row = wi > 0 ? cx_cdiv(wi, CX_CD_R) : 0;
  const int64_t e_img = rows_img * g->e_row;
  const int64_t ntiles = rows_img * nt_row + cx_cdiv(e_img, CX_CD_R);
  // One scratch block (thread 0's im2col slot) for every table and the
  // gathered rows: they are shared, read-only once built.
  size_t o_tiles = 0;
  size_t o_cnt = o_tiles + (size_t)cx_a64(ntiles * (int64_t)sizeof(cx_cd_tile_t));
  size_t o_seg = o_cnt + (size_t)cx_a64(rows_img * 8);
  size_t o_full = o_seg + (size_t)cx_a64(rows_img * nseg * 24);
  size_t o_segt = o_full + (size_t)cx_a64(nseg * 24);
  size_t o_edge = o_segt + (size_t)cx_a64(nseg * CX_RT_CONV_MAX_SPATIAL * 8);
  size_t o_gather = o_edge + (size_t)cx_a64(e_img * 8);
  size_t bytes = o_gather + (size_t)(cv->nout * e_img * g->K) * 4;
  CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_IM2COL, bytes + 64));
  char* base = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_IM2COL);
  cx_cd_tile_t* tiles = (cx_cd_tile_t*)(base + o_tiles);
  int64_t* row_cnt = (int64_t*)(base + o_cnt);
  int64_t* row_seg = (int64_t*)(base + o_seg);
  int64_t* full_seg = (int64_t*)(base + o_full);
  int64_t* edge_pix = (int64_t*)(base + o_edge);
  int64_t* seg_t = (int64_t*)(base + o_segt);
  for (int64_t s = 0; s < nseg; ++s)  // once: the row tables and gathers reuse them
    cx_tap_coords(cv, g->merged ? s * KW : s, seg_t + s * CX_RT_CONV_MAX_SPATIAL);
  float* gather = (float*)(base + o_gather);
  // Segment tables: the valid segments of each row (outer taps inside the
  // input), with the input offset of the row's outer coordinates folded in.
  for (int64_t s = 0; s < nseg; ++s) {
    full_seg[CX_CD_SEG_A * nseg + s] = s * g->seglen;
    cx_cd_seg_weights(cv, g, s, seg_t + s * CX_RT_CONV_MAX_SPATIAL,
                      &full_seg[CX_CD_SEG_WP * nseg + s], &full_seg[CX_CD_SEG_WI * nseg + s]);
  }
  int64_t o[CX_RT_CONV_MAX_SPATIAL];
  for (int64_t r = 0; r < rows_img; ++r) {
    cx_pixel_coords(cv, g->flat ? 0 : r * g->OW, o);
    int64_t* sa = row_seg + r * nseg * 3;
    int64_t cnt = 0;
    for (int64_t s = 0; s < nseg; ++s) {
      const int64_t* t = seg_t + s * CX_RT_CONV_MAX_SPATIAL;
      int64_t off = cx_tap_offset_n(cv, o, t, L);
      if (off < 0) continue;
      if (!g->merged) off += t[L] * c->rhs_dilation[L] * c->input.stride[L];
      sa[CX_CD_SEG_A * nseg + cnt] = off;
      sa[CX_CD_SEG_WP * nseg + cnt] = full_seg[CX_CD_SEG_WP * nseg + s];
      sa[CX_CD_SEG_WI * nseg + cnt] = full_seg[CX_CD_SEG_WI * nseg + s];
      ++cnt;
    }
    row_cnt[r] = cnt;
  }
  // Tiles: each row's interior split evenly into tiles of <= 14 pixels, then
  // the edge pixels of all rows, 14 at a time.
  int64_t nt = 0, ne = 0;
  for (int64_t r = 0; r < rows_img; ++r) {
    int64_t ow = g->ow_lo;
    for (int64_t i = 0; i < nt_row; ++i) {
      int64_t w = wi / nt_row + (i < wi % nt_row ? 1 : 0);
      tiles[nt++] = (cx_cd_tile_t){r, ow, w};
      ow += w;
    }
    for (int64_t x = 0; x < g->ow_lo; ++x) edge_pix[ne++] = r * g->OW + x;
    for (int64_t x = g->ow_hi; x < g->OW; ++x) edge_pix[ne++] = r * g->OW + x;
  }
  for (int64_t e = 0; e < e_img; e += CX_CD_R)
    tiles[nt++] = (cx_cd_tile_t){-1, e, cx_min(CX_CD_R, e_img - e)};
  cx_cd_job_t job = {.cv = cv, .g = g, .ctx = ctx, .w = packed, .tiles = tiles, .ntiles = ntiles,
                     .row_cnt = row_cnt, .row_seg = row_seg, .full_seg = full_seg,
                     .seg_t = seg_t, .edge_pix = edge_pix, .e_img = e_img, .gather = gather,
                     .fast_out = c->output.type == CX_RT_F32 && c->output.c_stride == 1};
  job.ep_in_kernel = job.fast_out && cx_convd_ep_fits(c->epilogue);
  // Tasks: feature blocks are split when the weights dominate the traffic
  // (deep layers with small images), tiles otherwise; about four tasks per
  // thread so the atomic task counter can balance a preempted core.
  int64_t want = threads > 1 ? 4 * threads : 1;
  int64_t total_tiles = cv->nout * ntiles;
  double wbytes = (double)g->NB * (double)g->K * 128.0;
  double ibytes = (double)cv->nout * (double)cv->P * (double)g->lda * 4.0;
  cx_cd_split(total_tiles, g->NB, threads, want, wbytes > 2.0 * ibytes, &job);
  int tt = (int)cx_min(threads, job.ntc * job.ncbc);
  // Weights that fit in L2 beside the tiles: every block of a tile in turn
  // (1x1 convolutions of the early layers re-read their input once per
  // block otherwise).
  job.tiles_outer = wbytes <= kSmallWeights;
  // The weights: packed once (prepacked), read in place when their rows are
  // close together, else packed block by block as tasks need them (each
  // block once when tasks split the blocks), or all at once when several
  // tasks share every block. In place with rows 1 KiB or more apart, a
  // block's rows fall into few L2 sets and thrash (the 3x3 layers of
  // ResNet's stages 3 and 4 ran at half speed).
  job.wmode = CX_CD_W_PACKED;
  if (!packed) {
    bool near = c->kernel.n_stride * 4 <= 512;
    if (g->w_inplace && near) job.wmode = CX_CD_W_INPLACE;
    else if (job.ntc == 1 && wbytes > kSmallWeights) job.wmode = CX_CD_W_TASK;
    int64_t cb0 = job.wmode == CX_CD_W_INPLACE ? c->kernel.c / CX_CD_NR : 0;
    if (job.wmode == CX_CD_W_TASK) {
      size_t wb = (size_t)(g->K * CX_CD_NR) * 4;
      CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, tt, CX_SLOT_WEIGHTS, wb + 64));
    } else if (cb0 < g->NB) {
      size_t wb = (size_t)((g->NB - cb0) * g->K * CX_CD_NR) * 4;
      CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_PREPACK, wb + 64));
      float* w = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_PREPACK);
      if (job.wmode == CX_CD_W_INPLACE) {
        cx_conv_direct_pack(cv, g, cb0, g->NB, w);
        job.w_last = w;
      } else {
        job.w = w;
        cx_rt_thread_pool_parallel_for(pool, g->NB, threads, cx_cd_pack_task, &job);
      }
    }
  }
  if (cv->nout * e_img > 0) {
    job.gchunk = cx_cd_even(cv->nout * e_img, 4 * threads);
    cx_rt_thread_pool_parallel_for(pool, cx_cdiv(cv->nout * e_img, job.gchunk), threads,
                                   cx_cd_gather_task, &job);
  }
  cx_rt_thread_pool_parallel_for(pool, job.ntc * job.ncbc, tt, cx_cd_task, &job);
  return NULL;
}

// ---- 1x1 inputs whose pixel pitch aliases in L1 ----
//
// A tile's 14 rows are lda floats apart. When lda is a multiple of 4 KiB
// (1024 channels, 512 read at stride 2, 2048, ...) their cache lines all
// fall into one of the L1's 64 sets, which holds 8 lines on Zen 4 (12 on
// Zen 5): the rows evict each other while each line is still needed for 16
// more k steps, and the broadcasts wait on L2. A 1x1 kernel without padding
// then first copies the pixels it reads with a pitch of C + 16 floats, which
// puts each row in the next set (a stride-2 1x1 runs at stride 1 over the
// copy). Measured on Zen 4 (bench_conv --cold 200 --epilogue bn_relu, one
// thread, CPU time): 14x14x1024->256 1.19-1.42 -> 0.97-0.98 ms,
// 14x14x1024->512 2.50-3.39 -> 1.98-2.00, 7x7x2048->512 1.06-1.08 -> 0.93-0.97,
// stride-2 28x28x512->1024 2.49-2.62 -> 2.02-2.03 and 14x14x1024->2048
// 2.62-2.67 -> 1.90-1.93, copy included. With lda a multiple of 2 KiB
// (seven rows per set) the copy cost more than it saved, and so it did for
// 3x3 kernels (the whole input is copied there, for at most the same gain).

static const int64_t kPitchPad = 16;  // floats: one cache line per pixel

typedef struct cx_cd_pitch_job {
  const cx_conv_t* cv;
  float* dst;
  int64_t pitch;   // floats per pixel in dst
  int64_t pixels;  // per image: the output's
  int64_t chunk;   // pixels per task
} cx_cd_pitch_job_t;

static void cx_cd_pitch_task(void* arg, int64_t task, int thread) {
  (void)thread;
  const cx_cd_pitch_job_t* j = arg;
  const cx_rt_conv_t* c = &j->cv->c;
  const size_t bytes = (size_t)c->input.c * 4;
  int64_t total = c->input.n * j->pixels;
  int64_t q1 = cx_min(total, (task + 1) * j->chunk);
  for (int64_t q = task * j->chunk; q < q1; ++q) {
    // Output pixel p of image n reads input pixel p * window stride.
    int64_t n = q / j->pixels, p = q % j->pixels;
    int64_t off = n * c->input.n_stride;
    for (int d = j->cv->ns - 1; d >= 0; --d) {
      off += (p % c->output.size[d]) * c->window_stride[d] * c->input.stride[d];
      p /= c->output.size[d];
    }
    memcpy(j->dst + q * j->pitch, (const float*)c->input.data + off, bytes);
  }
}

cx_status_t cx_conv_direct_run(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv,
                               const cx_cd_geom_t* g, const float* packed) {
  const cx_rt_conv_t* c = &cv->c;
  bool copy = cv->T == 1 && (g->lda * 4) % 4096 == 0;
  for (int d = 0; d < cv->ns && copy; ++d)
    if (c->pad_lo[d] != 0 || c->pad_hi[d] != 0) copy = false;
  if (!copy) return cx_cd_run(ctx, cv, g, packed);
  const int64_t pitch = c->input.c + kPitchPad;
  cx_cd_pitch_job_t job = {cv, NULL, pitch, cv->P, 0};
  double bytes = (double)cv->nout * (double)cv->P * (double)pitch * 4.0;
  if (bytes > (double)(256 << 20)) return cx_cd_run(ctx, cv, g, packed);
  CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_PITCH, (size_t)bytes + 64));
  job.dst = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_PITCH);
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  int64_t total = cv->nout * cv->P;
  job.chunk = cx_max(64, cx_cdiv(total, 4 * (int64_t)threads));
  cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), cx_cdiv(total, job.chunk), threads,
                                 cx_cd_pitch_task, &job);
  // The same convolution at stride 1 over the copy.
  cx_conv_t pc = *cv;
  cx_rt_conv_tensor_t* in = &pc.c.input;
  in->data = job.dst;
  int64_t stride = pitch;
  for (int d = cv->ns - 1; d >= 0; --d) {
    in->size[d] = c->output.size[d];
    pc.c.window_stride[d] = 1;
    in->stride[d] = stride;
    stride *= in->size[d];
  }
  in->n_stride = stride;
  cx_cd_geom_t pg;
  if (!cx_conv_direct_geom(&pc, &pg) || pg.K != g->K || pg.NB != g->NB)
    return cx_cd_run(ctx, cv, g, packed);
  return cx_cd_run(ctx, &pc, &pg, packed);
}
