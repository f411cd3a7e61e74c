// Convolution driver (see conv.h): validation, normalisation of the
// dimension mapping, and the three strategies (1x1 as one GEMM, direct
// depthwise, im2col blocks into the GEMM microkernel).
#include "runtime/kernels/conv.h"

#include <stdlib.h>
#include <string.h>

#include "cxla/allocator.h"
#include "runtime/kernels/conv_internal.h"
#include "runtime/kernels/gemm_plan.h"

static inline int64_t cx_cdiv(int64_t x, int64_t m) { return (x + m - 1) / m; }
static inline int64_t cx_ru(int64_t x, int64_t m) { return cx_cdiv(x, m) * m; }
static inline int64_t cx_min(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t cx_max(int64_t a, int64_t b) { return a > b ? a : b; }

cx_status_t cx_rt_conv_tensor_from_dims(cx_rt_dtype_t type, void* data, int rank,
                                        const int64_t* shape, int64_t n_dim, int64_t c_dim,
                                        const int64_t* spatial_dims, int num_spatial,
                                        cx_rt_conv_tensor_t* out) {
  memset(out, 0, sizeof(*out));
  if (rank < 2 || rank > 2 + CX_RT_CONV_MAX_SPATIAL || num_spatial != rank - 2)
    return CX_ERROR(CX_UNIMPLEMENTED, "convolution tensors of rank %d (with %d spatial dims)", rank,
                    num_spatial);
  int64_t strides[2 + CX_RT_CONV_MAX_SPATIAL];
  int64_t s = 1;
  for (int d = rank - 1; d >= 0; --d) {
    if (shape[d] < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "negative dimension size");
    strides[d] = s;
    s *= shape[d] ? shape[d] : 1;
  }
  int seen = 0;
  int64_t dims[2 + CX_RT_CONV_MAX_SPATIAL];
  dims[0] = n_dim;
  dims[1] = c_dim;
  for (int d = 0; d < num_spatial; ++d) dims[2 + d] = spatial_dims[d];
  for (int i = 0; i < rank; ++i) {
    if (dims[i] < 0 || dims[i] >= rank || (seen >> dims[i]) & 1)
      return CX_ERROR(CX_INVALID_ARGUMENT, "dimension numbers are not a permutation of 0..%d",
                      rank - 1);
    seen |= 1 << dims[i];
  }
  out->type = type;
  out->data = data;
  out->n = shape[n_dim];
  out->n_stride = strides[n_dim];
  out->c = shape[c_dim];
  out->c_stride = strides[c_dim];
  for (int d = 0; d < num_spatial; ++d) {
    out->size[d] = shape[spatial_dims[d]];
    out->stride[d] = strides[spatial_dims[d]];
  }
  return NULL;
}

static int64_t cx_dilated(int64_t size, int64_t dil) { return size == 0 ? 0 : (size - 1) * dil + 1; }

cx_status_t cx_conv_init(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* in, cx_conv_t* cv) {
  memset(cv, 0, sizeof(*cv));
  cv->c = *in;
  cx_rt_conv_t* c = &cv->c;
  int ns = c->num_spatial;
  if (ns < 0 || ns > CX_RT_CONV_MAX_SPATIAL)
    return CX_ERROR(CX_UNIMPLEMENTED, "convolution with %d spatial dimensions", ns);
  cv->ns = ns;
  const cx_rt_conv_tensor_t* t3[3] = {&c->input, &c->kernel, &c->output};
  for (int i = 0; i < 3; ++i) {
    if (t3[i]->type < CX_RT_F32 || t3[i]->type > CX_RT_I32)
      return CX_ERROR(CX_INVALID_ARGUMENT, "convolution tensor has an unknown element type");
    if (t3[i]->n < 0 || t3[i]->c < 0)
      return CX_ERROR(CX_INVALID_ARGUMENT, "negative convolution dimension");
    for (int d = 0; d < ns; ++d)
      if (t3[i]->size[d] < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "negative spatial size");
  }
  cv->G = c->feature_group_count ? c->feature_group_count : 1;
  cv->BG = c->batch_group_count ? c->batch_group_count : 1;
  if (cv->G < 1 || cv->BG < 1)
    return CX_ERROR(CX_INVALID_ARGUMENT, "group counts must be positive");
  if (cv->G > 1 && cv->BG > 1)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "feature_group_count and batch_group_count cannot both exceed 1");
  for (int d = 0; d < ns; ++d) {
    if (!c->window_stride[d]) c->window_stride[d] = 1;
    if (!c->lhs_dilation[d]) c->lhs_dilation[d] = 1;
    if (!c->rhs_dilation[d]) c->rhs_dilation[d] = 1;
    if (c->window_stride[d] < 1 || c->lhs_dilation[d] < 1 || c->rhs_dilation[d] < 1)
      return CX_ERROR(CX_INVALID_ARGUMENT, "window strides and dilations must be positive");
  }
  // The spec's constraints (convolution_c*): group divisibility and shapes.
  if (c->input.c != c->kernel.n * cv->G)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "input features (%lld) != kernel input features (%lld) x feature groups (%lld)",
                    (long long)c->input.c, (long long)c->kernel.n, (long long)cv->G);
  if (c->kernel.c % cv->G || c->kernel.c % cv->BG)
    return CX_ERROR(CX_INVALID_ARGUMENT, "kernel output features not divisible by group count");
  if (c->input.n % cv->BG)
    return CX_ERROR(CX_INVALID_ARGUMENT, "input batch not divisible by batch_group_count");
  if (c->output.n != c->input.n / cv->BG || c->output.c != c->kernel.c)
    return CX_ERROR(CX_INVALID_ARGUMENT, "convolution output batch/feature sizes do not match");
  for (int d = 0; d < ns; ++d) {
    int64_t padded = cx_dilated(c->input.size[d], c->lhs_dilation[d]) + c->pad_lo[d] + c->pad_hi[d];
    int64_t win = cx_dilated(c->kernel.size[d], c->rhs_dilation[d]);
    int64_t want = padded < win || padded < 0 ? 0 : (padded - win) / c->window_stride[d] + 1;
    if (c->output.size[d] != want)
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "output spatial dimension %d has size %lld, the window gives %lld", d,
                      (long long)c->output.size[d], (long long)want);
  }
  // Sort spatial dimensions by output stride, largest first (insertion sort,
  // moving every per-dimension field together).
  for (int i = 1; i < ns; ++i) {
    for (int j = i; j > 0 && c->output.stride[j] > c->output.stride[j - 1]; --j) {
#define SWAP(x)            \
  {                        \
    int64_t t_ = x[j];     \
    x[j] = x[j - 1];       \
    x[j - 1] = t_;         \
  }
      SWAP(c->input.size) SWAP(c->input.stride) SWAP(c->kernel.size) SWAP(c->kernel.stride)
      SWAP(c->output.size) SWAP(c->output.stride) SWAP(c->window_stride) SWAP(c->pad_lo)
      SWAP(c->pad_hi) SWAP(c->lhs_dilation) SWAP(c->rhs_dilation)
#undef SWAP
    }
  }
  cv->P = 1;
  cv->T = 1;
  for (int d = 0; d < ns; ++d) {
    cv->P *= c->output.size[d];
    cv->T *= c->kernel.size[d];
  }
  // The output pixels must flatten to one stride.
  cv->ps = 0;
  int64_t run = 1;
  for (int d = ns - 1; d >= 0; --d) {
    if (c->output.size[d] <= 1) continue;
    if (!cv->ps) {
      cv->ps = c->output.stride[d];
    } else if (c->output.stride[d] != cv->ps * run) {
      return CX_ERROR(CX_UNIMPLEMENTED,
                      "convolution output layout whose spatial dimensions are not adjacent");
    }
    run *= c->output.size[d];
  }
  if (!cv->ps) cv->ps = 1;
  cv->groups = cv->G * cv->BG;
  cv->cin_g = c->kernel.n;
  cv->cout_q = c->kernel.c / cv->groups;
  cv->nout = c->output.n;
  cv->K = cv->cin_g * cv->T;
  cv->isa = cx_rt_kernel_ctx_isa(ctx);
  bool empty = cv->nout == 0 || cv->P == 0 || c->output.c == 0;
  if (!empty && (!c->output.data || (cv->K > 0 && (!c->input.data || !c->kernel.data))))
    return CX_ERROR(CX_INVALID_ARGUMENT, "convolution operand data is NULL");
  if (c->input.type != c->kernel.type)
    return CX_ERROR(CX_UNIMPLEMENTED, "convolution with mixed input types %s and %s",
                    cx_rt_dtype_name(c->input.type), cx_rt_dtype_name(c->kernel.type));
  return NULL;
}

// im2col with pixels as rows: T[r][tap * cin_g + ci] for pixels p0..p0+rows.
// When the input is channels-last with this group's channels filling each
// pixel (no feature groups) and the last spatial dimension has no dilation,
// the taps along that dimension are one contiguous run of the input (e.g. 21
// floats for a 7x7 kernel over 3 channels): copied at once, padding zeroed.
static void cx_im2col_rows(const cx_conv_t* cv, const char* in, int64_t p0, int64_t rows,
                           char* dst) {
  const cx_rt_conv_tensor_t* x = &cv->c.input;
  const cx_rt_conv_t* c = &cv->c;
  size_t es = cx_rt_dtype_size(x->type);
  int64_t o[CX_RT_CONV_MAX_SPATIAL], t[CX_RT_CONV_MAX_SPATIAL];
  size_t run = (size_t)cv->cin_g * es;
  int L = cv->ns - 1;
  bool fast = L >= 0 && x->c_stride == 1 && x->stride[L] == cv->cin_g && c->rhs_dilation[L] == 1 &&
              c->lhs_dilation[L] == 1;
  if (fast) {
    int64_t KW = c->kernel.size[L];
    for (int64_t r = 0; r < rows; ++r) {
      cx_pixel_coords(cv, p0 + r, o);
      char* d = dst + (size_t)(r * cv->K) * es;
      int64_t x0 = o[L] * c->window_stride[L] - c->pad_lo[L];
      int64_t tlo = x0 < 0 ? -x0 : 0;
      int64_t thi = c->input.size[L] - x0 < KW ? c->input.size[L] - x0 : KW;
      if (thi < tlo) thi = tlo;
      for (int64_t outer = 0; outer < cv->T / KW; ++outer, d += (size_t)KW * run) {
        cx_tap_coords(cv, outer * KW, t);
        int64_t off = cx_tap_offset_n(cv, o, t, L);  // the dimensions before the last
        if (off < 0 || tlo >= thi) {
          memset(d, 0, (size_t)KW * run);
          continue;
        }
        off += x0 * x->stride[L];
        if (tlo > 0) memset(d, 0, (size_t)tlo * run);
        memcpy(d + (size_t)tlo * run, in + (off + tlo * x->stride[L]) * (int64_t)es,
               (size_t)(thi - tlo) * run);
        if (thi < KW) memset(d + (size_t)thi * run, 0, (size_t)(KW - thi) * run);
      }
    }
    return;
  }
  for (int64_t r = 0; r < rows; ++r) {
    cx_pixel_coords(cv, p0 + r, o);
    char* d = dst + (size_t)(r * cv->K) * es;
    for (int64_t tap = 0; tap < cv->T; ++tap, d += run) {
      cx_tap_coords(cv, tap, t);
      int64_t off = cx_tap_offset(cv, o, t);
      if (off < 0) {
        memset(d, 0, run);
      } else if (x->c_stride == 1) {
        memcpy(d, in + off * (int64_t)es, run);
      } else {
        for (int64_t ci = 0; ci < cv->cin_g; ++ci)
          memcpy(d + ci * (int64_t)es, in + (off + ci * x->c_stride) * (int64_t)es, es);
      }
    }
  }
}

// im2col with pixels as columns: T[ci * taps + tap][r], row pitch ld.
static void cx_im2col_cols(const cx_conv_t* cv, const char* in, int64_t p0, int64_t cols,
                           int64_t ld, char* dst, int64_t* offs) {
  const cx_rt_conv_tensor_t* x = &cv->c.input;
  size_t es = cx_rt_dtype_size(x->type);
  int64_t o[CX_RT_CONV_MAX_SPATIAL], t[CX_RT_CONV_MAX_SPATIAL];
  for (int64_t tap = 0; tap < cv->T; ++tap) {
    cx_tap_coords(cv, tap, t);
    for (int64_t r = 0; r < cols; ++r) {
      cx_pixel_coords(cv, p0 + r, o);
      offs[r] = cx_tap_offset(cv, o, t);
    }
    for (int64_t ci = 0; ci < cv->cin_g; ++ci) {
      char* d = dst + (size_t)((ci * cv->T + tap) * ld) * es;
      const char* src = in + ci * x->c_stride * (int64_t)es;
      if (es == 4) {
        float* df = (float*)d;
        const float* sf = (const float*)src;
        for (int64_t r = 0; r < cols; ++r) df[r] = offs[r] < 0 ? 0.0f : sf[offs[r]];
      } else {
        for (int64_t r = 0; r < cols; ++r) {
          if (offs[r] < 0) memset(d + r * (int64_t)es, 0, es);
          else memcpy(d + r * (int64_t)es, src + offs[r] * (int64_t)es, es);
        }
      }
    }
  }
}

// ---- direct depthwise (channels-last, multiplier 1, f32) ----

typedef struct cx_dw_job {
  const cx_conv_t* cv;
  cx_rt_kernel_ctx_t* ctx;
  int64_t chunk;  // pixels per task
} cx_dw_job_t;

static void cx_dw_task(void* arg, int64_t task, int thread) {
  const cx_dw_job_t* j = arg;
  const cx_conv_t* cv = j->cv;
  const cx_rt_conv_t* c = &cv->c;
  int64_t per = cx_cdiv(cv->P, j->chunk);
  int64_t n = task / per, p0 = (task % per) * j->chunk, p1 = cx_min(cv->P, p0 + j->chunk);
  int64_t C = c->input.c;
  float* acc = cx_rt_kernel_ctx_scratch(j->ctx, thread, CX_SLOT_IM2COL);
  const float* in = (const float*)c->input.data + n * c->input.n_stride;
  const float* w = c->kernel.data;
  cx_ep_args_t ea = {c->epilogue,
                     {c->output.type, c->output.data, cv->ps, c->output.c_stride, c->output.n_stride},
                     n};
  int64_t o[CX_RT_CONV_MAX_SPATIAL], t[CX_RT_CONV_MAX_SPATIAL];
  for (int64_t p = p0; p < p1; ++p) {
    cx_pixel_coords(cv, p, o);
    memset(acc, 0, (size_t)C * 4);
    for (int64_t tap = 0; tap < cv->T; ++tap) {
      cx_tap_coords(cv, tap, t);
      int64_t off = cx_tap_offset(cv, o, t);
      if (off < 0) continue;
      const float* restrict xi = in + off;
      int64_t woff = 0;
      for (int d = 0; d < cv->ns; ++d) woff += t[d] * c->kernel.stride[d];
      const float* restrict wi = w + woff;
      for (int64_t ch = 0; ch < C; ++ch) acc[ch] += xi[ch] * wi[ch];
    }
    cx_ep_apply(&ea, CX_RT_F32, acc, C, p, 0, 1, (int)C, cv->isa);
  }
}

static bool cx_dw_applies(const cx_conv_t* cv) {
  const cx_rt_conv_t* c = &cv->c;
  return cv->G > 1 && cv->G == c->input.c && c->kernel.n == 1 && c->kernel.c == cv->G &&
         c->input.type == CX_RT_F32 && c->output.type == CX_RT_F32 && c->input.c_stride == 1 &&
         c->kernel.c_stride == 1 && c->input.c <= (1 << 20);
}

// ---- im2col + GEMM ----

typedef struct cx_conv_job {
  const cx_conv_t* cv;
  cx_rt_kernel_ctx_t* ctx;
  const cx_gemm_plan_t* base;  // the group's plan with its prepacked weights
  bool pixel_rows;             // pixels are GEMM rows (else output features are)
  int64_t q;                   // group
  int64_t chunk, nchunks;      // pixels per task
  int64_t fchunk, nfchunks;    // output features per task
  cx_rt_view_t w;              // the group's weights as K x cout_q
} cx_conv_job_t;

// Offsets an epilogue's operands to (batch n, pixel p0, feature f0) and, for
// feature rows, swaps their row and column strides.
static void cx_shift_epilogue(const cx_rt_epilogue_t* src, int64_t n, int64_t p0, int64_t f0,
                              bool transpose, cx_rt_epilogue_t* dst) {
  *dst = *src;
  for (int i = 0; i < dst->num_ops; ++i) {
    cx_rt_ep_op_t* op = &dst->ops[i];
    if (!cx_ep_has_operand(op->kind)) continue;
    int64_t off = n * op->bs + p0 * op->rs + f0 * op->cs;
    op->data = (const char*)op->data + off * (int64_t)cx_rt_dtype_size(op->type);
    op->bs = 0;
    if (transpose) {
      int64_t s = op->rs;
      op->rs = op->cs;
      op->cs = s;
    }
  }
}

static void cx_conv_task(void* arg, int64_t task, int thread) {
  const cx_conv_job_t* j = arg;
  const cx_conv_t* cv = j->cv;
  const cx_rt_conv_t* c = &cv->c;
  int64_t fc = task % j->nfchunks;
  int64_t rest = task / j->nfchunks;
  int64_t pcn = rest % j->nchunks, n = rest / j->nchunks;
  int64_t p0 = pcn * j->chunk, np = cx_min(j->chunk, cv->P - p0);
  int64_t f0 = fc * j->fchunk, f1 = cx_min(cv->cout_q, f0 + j->fchunk);
  if (np <= 0 || f0 >= f1) return;
  size_t ies = cx_rt_dtype_size(c->input.type), oes = cx_rt_dtype_size(c->output.type);
  int64_t n_in = (cv->BG > 1 ? j->q * cv->nout : 0) + n;
  int64_t cin0 = cv->G > 1 ? j->q * cv->cin_g : 0;
  const char* in = (const char*)c->input.data +
                   (n_in * c->input.n_stride + cin0 * c->input.c_stride) * (int64_t)ies;
  int64_t fq0 = j->q * cv->cout_q;  // first output feature of the group
  char* out = (char*)c->output.data +
              (n * c->output.n_stride + p0 * cv->ps + fq0 * c->output.c_stride) * (int64_t)oes;
  char* tmp = cx_rt_kernel_ctx_scratch(j->ctx, thread, CX_SLOT_IM2COL);
  cx_gemm_plan_t plan = *j->base;
  cx_rt_epilogue_t ep;
  if (c->epilogue) {
    cx_shift_epilogue(c->epilogue, n, p0, fq0, !j->pixel_rows, &ep);
    plan.ep = ep;
    plan.ep_ptr = &plan.ep;
    plan.g.epilogue = plan.ep_ptr;
  }
  if (j->pixel_rows) {
    cx_im2col_rows(cv, in, p0, np, tmp);
    plan.g.m = np;
    plan.g.a.data = tmp;
    plan.g.c.data = out;
    cx_gemm_plan_run_part(&plan, j->ctx, thread, 0, 0, np, f0, f1);
  } else {
    int64_t ld = cx_ru(j->chunk, 16);
    int64_t* offs = (int64_t*)(tmp + (size_t)(cv->K * ld) * ies + 64 - ((size_t)(cv->K * ld) * ies) % 64);
    cx_im2col_cols(cv, in, p0, np, ld, tmp, offs);
    plan.g.n = np;
    plan.g.b.data = tmp;
    plan.g.c.data = out;
    cx_gemm_plan_run_part(&plan, j->ctx, thread, 0, f0, f1, 0, np);
  }
}

typedef struct cx_prepack_job {
  cx_gemm_plan_t* plan;
  bool a;
  char* dst;
} cx_prepack_job_t;

// One pass of the weights per task: packs the group's weights in parallel.
static void cx_prepack_task(void* arg, int64_t ps, int thread) {
  (void)thread;
  cx_prepack_job_t* j = arg;
  cx_gemm_plan_t one = *j->plan;
  const cx_gemm_kernel_t* K = one.kern;
  bool a = j->a;
  int64_t rows = a ? one.g.m : one.g.n, R = a ? K->mr : K->nr;
  size_t pb = cx_gemm_panel_bytes(K, a, one.kc_step);
  const cx_rt_view_t* v = a ? &one.g.a : &one.g.b;
  cx_pack_src_t src = {v->type, v->data, a ? v->rs : v->cs, a ? v->cs : v->rs};
  int64_t k0 = ps * one.kc_step, kc = cx_min(one.kc_step, one.g.k - k0);
  cx_gemm_pack_strided(K, a, &src, 0, rows, k0, kc, pb,
                       j->dst + (size_t)(ps * cx_cdiv(rows, R)) * pb);
}

// The group's weights as a K x cout_q view in the k order of the chosen
// im2col (pixel rows: tap-major, ci fastest; feature rows: ci-major), or
// false if the kernel's strides cannot express it.
static bool cx_weights_view(const cx_conv_t* cv, bool pixel_rows, int64_t q, cx_rt_view_t* out) {
  const cx_rt_conv_tensor_t* k = &cv->c.kernel;
  int64_t unit = pixel_rows ? k->n_stride : 0;
  int64_t expect = pixel_rows ? k->n_stride * cv->cin_g : 0;
  // Taps flatten in row-major order of the (sorted) spatial dims.
  for (int d = cv->ns - 1; d >= 0; --d) {
    if (k->size[d] <= 1) continue;
    if (!expect) expect = k->stride[d];
    if (!unit) unit = k->stride[d];
    if (k->stride[d] != expect) return false;
    expect *= k->size[d];
  }
  if (!pixel_rows) {
    if (!unit) unit = k->n_stride;
    if (cv->cin_g > 1 && cv->T > 1 && k->n_stride != expect) return false;
  }
  size_t es = cx_rt_dtype_size(k->type);
  *out = (cx_rt_view_t){k->type, (char*)k->data + q * cv->cout_q * k->c_stride * (int64_t)es,
                        unit, k->c_stride, 0};
  return true;
}

// Copies the weights into [k][o] (all output features) when their strides do
// not flatten.
static void cx_repack_weights(const cx_conv_t* cv, bool pixel_rows, char* dst) {
  const cx_rt_conv_tensor_t* k = &cv->c.kernel;
  size_t es = cx_rt_dtype_size(k->type);
  int64_t t[CX_RT_CONV_MAX_SPATIAL];
  int64_t O = k->c;
  for (int64_t tap = 0; tap < cv->T; ++tap) {
    cx_tap_coords(cv, tap, t);
    int64_t toff = 0;
    for (int d = 0; d < cv->ns; ++d) toff += t[d] * k->stride[d];
    for (int64_t ci = 0; ci < cv->cin_g; ++ci) {
      int64_t kk = pixel_rows ? tap * cv->cin_g + ci : ci * cv->T + tap;
      for (int64_t o = 0; o < O; ++o)
        memcpy(dst + (size_t)(kk * O + o) * es,
               (const char*)k->data + (toff + ci * k->n_stride + o * k->c_stride) * (int64_t)es, es);
    }
  }
}

static cx_status_t cx_conv_gemm(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv) {
  const cx_rt_conv_t* c = &cv->c;
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  cx_rt_thread_pool_t* pool = cx_rt_kernel_ctx_pool(ctx);
  // Pixels are rows unless the output is feature-major with unit pixel
  // stride (NCHW), where features as rows keep C stores contiguous.
  bool pixel_rows = !(c->output.c_stride != 1 && cv->ps == 1 && cv->P > 1);
  size_t ies = cx_rt_dtype_size(c->input.type);
  // 1x1, unit stride, no padding or dilation, pixels flatten in the input:
  // the input is the im2col matrix already.
  bool pointwise = cv->T == 1 && cv->BG == 1 && pixel_rows;
  int64_t in_ps = 0, run = 1;
  for (int d = cv->ns - 1; d >= 0 && pointwise; --d) {
    if (c->window_stride[d] != 1 || c->pad_lo[d] || c->pad_hi[d] || c->lhs_dilation[d] != 1 ||
        c->input.size[d] != c->output.size[d])
      pointwise = false;
    if (c->input.size[d] <= 1) continue;
    if (!in_ps) in_ps = c->input.stride[d];
    else if (c->input.stride[d] != in_ps * run) pointwise = false;
    run *= c->input.size[d];
  }
  if (!in_ps) in_ps = 1;
  char* wdense = NULL;
  cx_rt_view_t wv;
  if (!cx_weights_view(cv, pixel_rows, 0, &wv)) {
    size_t bytes = (size_t)(cv->K * c->kernel.c) * cx_rt_dtype_size(c->kernel.type);
    CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_WEIGHTS, bytes + 64));
    wdense = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_WEIGHTS);
    cx_repack_weights(cv, pixel_rows, wdense);
  }
  for (int64_t q = 0; q < cv->groups; ++q) {
    if (wdense) {
      size_t es = cx_rt_dtype_size(c->kernel.type);
      wv = (cx_rt_view_t){c->kernel.type, wdense + q * cv->cout_q * (int64_t)es, c->kernel.c, 1, 0};
    } else {
      bool ok = cx_weights_view(cv, pixel_rows, q, &wv);
      (void)ok;
    }
    size_t oes = cx_rt_dtype_size(c->output.type);
    int64_t fq0 = q * cv->cout_q;
    if (pointwise) {
      int64_t cin0 = cv->G > 1 ? q * cv->cin_g : 0;
      cx_rt_epilogue_t ep;
      if (c->epilogue) cx_shift_epilogue(c->epilogue, 0, 0, fq0, false, &ep);
      if (c->epilogue) {  // keep the batch stride: the GEMM's batch is the conv batch
        for (int i = 0; i < ep.num_ops; ++i) ep.ops[i].bs = c->epilogue->ops[i].bs;
      }
      cx_rt_gemm_t g = {
          .batch = cv->nout, .m = cv->P, .n = cv->cout_q, .k = cv->cin_g,
          .a = {c->input.type, (char*)c->input.data + cin0 * c->input.c_stride * (int64_t)ies, in_ps,
                c->input.c_stride, c->input.n_stride},
          .b = wv,
          .c = {c->output.type, (char*)c->output.data + fq0 * c->output.c_stride * (int64_t)oes,
                cv->ps, c->output.c_stride, c->output.n_stride},
          .epilogue = c->epilogue ? &ep : NULL};
      CX_RETURN_IF_ERROR(cx_rt_gemm(ctx, &g));
      continue;
    }
    // A plan for one task-sized block; the weights operand is the full group.
    cx_gemm_plan_t base;
    cx_rt_gemm_t g = {.batch = 1, .k = cv->K};
    const cx_gemm_kernel_t* kern;
    int64_t chunk;
    // Pick the block of pixels per task: big enough for the microkernel, small
    // enough that the im2col block (<= 256 KiB) is still in L2 when it is
    // packed, and enough tasks for every thread. Small blocks also let the
    // GEMM read the weights in place (its small-m path). 256 KiB measured
    // best on the ResNet-50 3x3 layers (1 and 4 MiB: 10-35% slower).
    int64_t max_bytes = 256 << 10;
    if (pixel_rows) {
      g.m = cx_min(cv->P, 288);
      g.n = cv->cout_q;
      g.a = (cx_rt_view_t){c->input.type, (void*)c->input.data, cv->K, 1, 0};
      g.b = wv;
      g.c = (cx_rt_view_t){c->output.type, c->output.data, cv->ps, c->output.c_stride, 0};
    } else {
      g.m = cv->cout_q;
      g.n = cx_min(cv->P, 288);
      g.a = (cx_rt_view_t){wv.type, wv.data, wv.cs, wv.rs, 0};
      g.b = (cx_rt_view_t){c->input.type, (void*)c->input.data, cx_ru(g.n, 16), 1, 0};
      g.c = (cx_rt_view_t){c->output.type, c->output.data, c->output.c_stride, cv->ps, 0};
    }
    g.epilogue = c->epilogue;
    CX_RETURN_IF_ERROR(cx_gemm_plan_init_fixed(ctx, &g, &base));
    kern = base.kern;
    int64_t unit = pixel_rows ? kern->mr : kern->nr;
    chunk = cx_max(unit, max_bytes / (int64_t)((size_t)cx_max(cv->K, 1) * ies) / unit * unit);
    chunk = cx_min(chunk, cx_ru(cx_min(cv->P, pixel_rows ? 288 : 1024), unit));
    // Balance: equal chunks, and a multiple of the thread count of them.
    int64_t nchunks = cx_cdiv(cv->P, chunk);
    if (cv->nout * nchunks >= threads) nchunks = cx_ru(cv->nout * nchunks, threads) / cv->nout;
    chunk = cx_ru(cx_cdiv(cv->P, nchunks), unit);
    nchunks = cx_cdiv(cv->P, chunk);
    // Split output features too when pixels alone leave threads idle.
    int64_t funit = pixel_rows ? kern->nr : kern->mr;
    int64_t nf = 1;
    if (cv->nout * nchunks < 2 * threads)
      nf = cx_min(cx_cdiv(2 * threads, cv->nout * nchunks), cx_cdiv(cv->cout_q, funit));
    int64_t fchunk = cx_ru(cx_cdiv(cv->cout_q, cx_max(nf, 1)), funit);
    nf = cx_cdiv(cv->cout_q, fchunk);
    if (pixel_rows) g.m = chunk; else { g.n = chunk; g.b.rs = cx_ru(chunk, 16); }
    CX_RETURN_IF_ERROR(cx_gemm_plan_init_fixed(ctx, &g, &base));
    // Pack the weights once for all tasks (unless the GEMM reads them in place).
    if (!base.b_direct) {
    size_t pre = pixel_rows ? cx_gemm_plan_prepack_b_bytes(&base) : cx_gemm_plan_prepack_a_bytes(&base);
    CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_PREPACK, pre + 64));
    char* pdst = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_PREPACK);
    cx_prepack_job_t pj = {&base, !pixel_rows, pdst};
    cx_rt_thread_pool_parallel_for(pool, base.passes, threads, cx_prepack_task, &pj);
    if (pixel_rows) base.bpre = pdst; else base.apre = pdst;
    }
    int64_t tasks = cv->nout * nchunks * nf;
    int tt = (int)cx_min(threads, tasks);
    size_t im2col = (size_t)(cv->K * cx_ru(chunk, 16)) * ies + 64 + (size_t)chunk * 8 + 64;
    CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, tt, CX_SLOT_IM2COL, im2col));
    CX_RETURN_IF_ERROR(cx_gemm_plan_reserve(&base, ctx, tt, pixel_rows ? chunk : fchunk,
                                            pixel_rows ? fchunk : chunk));
    cx_conv_job_t job = {cv, ctx, &base, pixel_rows, q, chunk, nchunks, fchunk, nf, wv};
    cx_rt_thread_pool_parallel_for(pool, tasks, tt, cx_conv_task, &job);
  }
  return NULL;
}

// The direct kernel wherever it applies: it skips the im2col copy, the
// packing of A and the re-reads of C between K blocks, and its microkernel
// runs near the FMA peak from 4 rows up (Zen 5 sustains the loads of even a
// 4 x 32 tile), so rows of a few pixels cost little. Measured per layer of
// ResNet-50 (one thread, CPU time): direct 0.97-1.68x of im2col + GEMM with
// the weights packed per call, 1.04-1.31x with prepacked weights.
static bool cx_conv_use_direct(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv, cx_cd_geom_t* g) {
  cx_rt_conv_algo_t algo = cx_rt_kernel_ctx_conv_algo(ctx);
  return algo != CX_RT_CONV_ALGO_GEMM && cx_conv_direct_geom(cv, g);
}

// Winograd (conv_winograd.c) where the context forces it (F2/F4) or the
// automatic choice measured it faster (cx_conv_winograd_auto); never when
// DIRECT or GEMM is forced (they keep the direct kernel's rounding).
// Returns the tile size (0: not Winograd) and fills *g.
static int cx_conv_use_winograd(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv, bool prepacked,
                                cx_wg_geom_t* g) {
  cx_rt_conv_algo_t algo = cx_rt_kernel_ctx_conv_algo(ctx);
  int m = algo == CX_RT_CONV_ALGO_WINOGRAD_F2   ? 2
          : algo == CX_RT_CONV_ALGO_WINOGRAD_F4 ? 4
          : algo == CX_RT_CONV_ALGO_AUTO        ? cx_conv_winograd_auto(cv, prepacked)
                                                : 0;
  return m && cx_conv_winograd_geom(cv, m, g) ? m : 0;
}

// ---- epilogue operands in the output's memory ----
//
// A compiled program may place a residual that dies at a convolution in the
// convolution's own output buffer (compiler/exe_builder.h, cx_xb_reuse), so
// the output is written over lines the epilogue has just read. Each output
// element then overwrites the operand element at its address. The paths that
// read an element's operands before they write the element are safe with an
// operand laid out exactly as the output: the direct kernel with its
// in-register epilogue or a tile buffer that cx_ep_apply finishes, Winograd's
// output transform, the depthwise kernel. The others (a GEMM accumulating its
// K passes in the output, the direct kernel storing before an epilogue it
// cannot apply to registers) would read what they wrote: they, and any
// operand overlapping the output in another layout, get a copy first.

// The bytes op's elements span over the output's batch x pixels x features:
// from *lo (its lowest element; a stride may be negative) for the result.
static size_t cx_ep_operand_span(const cx_conv_t* cv, const cx_rt_ep_op_t* op, const char** lo) {
  const int64_t ext[3] = {(cv->nout - 1) * op->bs, (cv->P - 1) * op->rs,
                          (cv->c.output.c - 1) * op->cs};
  int64_t min = 0, max = 0;
  for (int d = 0; d < 3; ++d) {
    if (ext[d] < 0) min += ext[d];
    else max += ext[d];
  }
  const int64_t es = (int64_t)cx_rt_dtype_size(op->type);
  *lo = (const char*)op->data + min * es;
  return (size_t)(max - min + 1) * (size_t)es;
}

static bool cx_overlaps(const char* a, size_t na, const char* b, size_t nb) {
  uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
  return x < y + nb && y < x + na;
}

// *use = cv, or (when an operand overlaps the output and `safe` does not
// cover it) *local, a copy of cv whose epilogue (*local_ep) reads such
// operands from a copy in scratch.
static cx_status_t cx_conv_unalias(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv, bool safe,
                                   cx_conv_t* local, cx_rt_epilogue_t* local_ep,
                                   const cx_conv_t** use) {
  *use = cv;
  const cx_rt_conv_t* c = &cv->c;
  const cx_rt_epilogue_t* ep = c->epilogue;
  if (!ep || cv->nout == 0 || cv->P == 0 || c->output.c == 0) return NULL;
  const cx_rt_ep_op_t out = {.type = c->output.type, .data = c->output.data, .rs = cv->ps,
                             .cs = c->output.c_stride, .bs = c->output.n_stride};
  const char* out_lo;
  const size_t out_bytes = cx_ep_operand_span(cv, &out, &out_lo);
  size_t copy_bytes = 0;
  bool copy[CX_RT_EP_MAX_OPS] = {false};
  for (int i = 0; i < ep->num_ops; ++i) {
    const cx_rt_ep_op_t* op = &ep->ops[i];
    if (!cx_ep_has_operand(op->kind) || !op->data) continue;
    const char* lo;
    size_t n = cx_ep_operand_span(cv, op, &lo);
    if (!cx_overlaps(lo, n, out_lo, out_bytes)) continue;
    bool same = op->data == out.data && op->type == out.type && op->rs == out.rs &&
                op->cs == out.cs && (cv->nout == 1 || op->bs == out.bs);
    if (safe && same) continue;
    copy[i] = true;
    copy_bytes += (n + 63) / 64 * 64;
  }
  if (!copy_bytes) return NULL;
  CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_SLOT_EP_COPY, copy_bytes));
  char* dst = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_EP_COPY);
  *local_ep = *ep;
  for (int i = 0; i < ep->num_ops; ++i) {
    if (!copy[i]) continue;
    const char* lo;
    size_t n = cx_ep_operand_span(cv, &ep->ops[i], &lo);
    memcpy(dst, lo, n);
    local_ep->ops[i].data = dst + ((const char*)ep->ops[i].data - lo);
    dst += (n + 63) / 64 * 64;
  }
  *local = *cv;
  local->c.epilogue = local_ep;
  *use = local;
  return NULL;
}

// Runs a validated convolution; `direct_w`, when not NULL, holds weights
// packed for the direct kernel (geometry *pg).
static cx_status_t cx_conv_run(cx_rt_kernel_ctx_t* ctx, const cx_conv_t* cv_in,
                               const cx_cd_geom_t* pg, const float* direct_w) {
  const cx_rt_conv_t* c = &cv_in->c;
  if (cv_in->nout == 0 || cv_in->P == 0 || c->output.c == 0) return NULL;
  cx_conv_t local;
  cx_rt_epilogue_t local_ep;
  const cx_conv_t* cv = cv_in;
  // The direct kernel stores its tile before applying an epilogue that does
  // not fit its registers (conv_direct.c).
  const bool direct_safe = !(c->output.type == CX_RT_F32 && c->output.c_stride == 1 &&
                             !cx_convd_ep_fits(c->epilogue) && !cx_ep_is_identity(c->epilogue));
  if (cv->K == 0) {
    CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, cv_in, false, &local, &local_ep, &cv));
    c = &cv->c;
    // No taps or no input features: the result is the epilogue of zeros.
    // Run it as a GEMM with k = 0 over a flattenable view of the output.
    cx_rt_gemm_t g = {.batch = cv->nout, .m = cv->P, .n = c->output.c, .k = 0,
                      .a = {c->input.type, NULL, 0, 0, 0}, .b = {c->kernel.type, NULL, 0, 0, 0},
                      .c = {c->output.type, c->output.data, cv->ps, c->output.c_stride,
                            c->output.n_stride},
                      .epilogue = c->epilogue};
    return cx_rt_gemm(ctx, &g);
  }
  if (direct_w) {
    CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, cv_in, direct_safe, &local, &local_ep, &cv));
    return cx_conv_direct_run(ctx, cv, pg, direct_w);
  }
  if (cx_dw_applies(cv)) {
    CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, cv_in, true, &local, &local_ep, &cv));
    int threads = cx_rt_kernel_ctx_num_threads(ctx);
    cx_dw_job_t job = {cv, ctx, cx_max(1, cx_min(256, cx_cdiv(cv->nout * cv->P, 4 * threads)))};
    job.chunk = cx_min(job.chunk, cv->P);
    int64_t tasks = cv->nout * cx_cdiv(cv->P, job.chunk);
    CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, threads, CX_SLOT_IM2COL,
                                                (size_t)c->input.c * 4 + 64));
    cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), tasks, threads, cx_dw_task, &job);
    return NULL;
  }
  cx_wg_geom_t wg;
  if (cx_conv_use_winograd(ctx, cv, false, &wg)) {
    CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, cv_in, true, &local, &local_ep, &cv));
    return cx_conv_winograd_run(ctx, cv, &wg, NULL);
  }
  cx_cd_geom_t geom;
  if (cx_conv_use_direct(ctx, cv, &geom)) {
    CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, cv_in, direct_safe, &local, &local_ep, &cv));
    return cx_conv_direct_run(ctx, cv, &geom, NULL);
  }
  CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, cv_in, false, &local, &local_ep, &cv));
  return cx_conv_gemm(ctx, cv);
}

cx_status_t cx_rt_conv(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* conv) {
  cx_conv_t cv;
  CX_RETURN_IF_ERROR(cx_conv_init(ctx, conv, &cv));
  return cx_conv_run(ctx, &cv, NULL, NULL);
}

// ---- weights packed once (conv.h) ----

struct cx_rt_conv_packed_weights {
  cx_rt_conv_t desc;          // what was packed for: data pointers and epilogue cleared
  cx_rt_isa_t isa;
  cx_rt_conv_algo_t algo;
  bool direct;                // data = direct-kernel panels, else a dense kernel copy
  int winograd;               // tile size: data = transformed weights (0: not Winograd)
  cx_rt_conv_tensor_t kernel; // the copy (direct: only its description)
  void* data;
};

static bool cx_tensor_desc_eq(const cx_rt_conv_tensor_t* a, const cx_rt_conv_tensor_t* b, int ns) {
  if (a->type != b->type || a->n != b->n || a->c != b->c || a->n_stride != b->n_stride ||
      a->c_stride != b->c_stride)
    return false;
  for (int d = 0; d < ns; ++d)
    if (a->size[d] != b->size[d] || a->stride[d] != b->stride[d]) return false;
  return true;
}

// The fields of a convolution that its packing depends on (all but the data
// pointers and the epilogue).
static bool cx_conv_desc_eq(const cx_rt_conv_t* a, const cx_rt_conv_t* b) {
  int ns = a->num_spatial;
  if (ns != b->num_spatial || ns < 0 || ns > CX_RT_CONV_MAX_SPATIAL) return false;
  if (!cx_tensor_desc_eq(&a->input, &b->input, ns) ||
      !cx_tensor_desc_eq(&a->kernel, &b->kernel, ns) ||
      !cx_tensor_desc_eq(&a->output, &b->output, ns))
    return false;
  for (int d = 0; d < ns; ++d) {
    if (a->window_stride[d] != b->window_stride[d] || a->pad_lo[d] != b->pad_lo[d] ||
        a->pad_hi[d] != b->pad_hi[d] || a->lhs_dilation[d] != b->lhs_dilation[d] ||
        a->rhs_dilation[d] != b->rhs_dilation[d])
      return false;
  }
  return a->feature_group_count == b->feature_group_count &&
         a->batch_group_count == b->batch_group_count;
}

typedef struct cx_wpack_job {
  const cx_conv_t* cv;
  const cx_cd_geom_t* g;   // direct: one task per block of 32 outputs
  float* dst;
  const cx_wg_geom_t* wg;  // Winograd: one task per 8 input features
} cx_wpack_job_t;

static void cx_wpack_task(void* arg, int64_t i, int thread) {
  (void)thread;
  const cx_wpack_job_t* j = arg;
  if (j->wg) {
    int64_t ci1 = 8 * (i + 1) < j->wg->Cin ? 8 * (i + 1) : j->wg->Cin;
    cx_conv_winograd_pack(j->cv, j->wg, 8 * i, ci1, j->dst);
  } else {
    cx_conv_direct_pack(j->cv, j->g, i, i + 1, j->dst + i * j->g->K * 32);
  }
}

// Copies kernel k into dst densely, keeping its dimensions in the same
// order of stride (so layouts the kernels read in place stay that way), and
// describes the copy in *out.
static void cx_copy_kernel_dense(const cx_rt_conv_tensor_t* k, int ns, void* dst,
                                 cx_rt_conv_tensor_t* out) {
  int rank = ns + 2;
  int64_t size[2 + CX_RT_CONV_MAX_SPATIAL], sstride[2 + CX_RT_CONV_MAX_SPATIAL];
  int64_t dstride[2 + CX_RT_CONV_MAX_SPATIAL];
  int order[2 + CX_RT_CONV_MAX_SPATIAL];
  size[0] = k->n, sstride[0] = k->n_stride;
  size[1] = k->c, sstride[1] = k->c_stride;
  for (int d = 0; d < ns; ++d) size[2 + d] = k->size[d], sstride[2 + d] = k->stride[d];
  for (int i = 0; i < rank; ++i) order[i] = i;
  // Largest |stride| first (insertion sort).
  for (int i = 1; i < rank; ++i)
    for (int j = i; j > 0; --j) {
      int64_t x = sstride[order[j]], y = sstride[order[j - 1]];
      if ((x < 0 ? -x : x) <= (y < 0 ? -y : y)) break;
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  int64_t st = 1;
  for (int i = rank - 1; i >= 0; --i) {
    dstride[order[i]] = st;
    st *= size[order[i]] ? size[order[i]] : 1;
  }
  size_t es = cx_rt_dtype_size(k->type);
  int64_t total = st;
  for (int i = 0; i < rank; ++i)
    if (size[i] == 0) total = 0;
  int64_t idx[2 + CX_RT_CONV_MAX_SPATIAL] = {0};
  for (int64_t e = 0; e < total; ++e) {
    int64_t so = 0, doff = 0;
    for (int i = 0; i < rank; ++i) so += idx[i] * sstride[i], doff += idx[i] * dstride[i];
    memcpy((char*)dst + doff * (int64_t)es, (const char*)k->data + so * (int64_t)es, es);
    for (int i = rank - 1; i >= 0; --i) {
      if (++idx[i] < size[i]) break;
      idx[i] = 0;
    }
  }
  *out = *k;
  out->data = dst;
  out->n_stride = dstride[0];
  out->c_stride = dstride[1];
  for (int d = 0; d < ns; ++d) out->stride[d] = dstride[2 + d];
}

cx_status_t cx_rt_conv_prepack_weights(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* conv,
                                       cx_rt_conv_packed_weights_t** out_packed) {
  *out_packed = NULL;
  // Validate with stand-in data pointers: only the kernel is read here.
  cx_rt_conv_t probe = *conv;
  probe.epilogue = NULL;
  if (!probe.input.data) probe.input.data = probe.kernel.data;
  if (!probe.output.data) probe.output.data = probe.kernel.data;
  cx_conv_t cv;
  CX_RETURN_IF_ERROR(cx_conv_init(ctx, &probe, &cv));
  if (!conv->kernel.data && cv.K > 0 && conv->kernel.c > 0)
    return CX_ERROR(CX_INVALID_ARGUMENT, "convolution prepack: kernel data is NULL");
  cx_rt_conv_packed_weights_t* pw = cx_calloc(cx_allocator_system(), 1, sizeof(*pw));
  if (!pw) return CX_OOM();
  pw->desc = *conv;
  pw->desc.input.data = pw->desc.kernel.data = pw->desc.output.data = NULL;
  pw->desc.epilogue = NULL;
  pw->isa = cx_rt_kernel_ctx_isa(ctx);
  pw->algo = cx_rt_kernel_ctx_conv_algo(ctx);
  cx_cd_geom_t g;
  cx_wg_geom_t wg;
  pw->winograd = cv.K > 0 ? cx_conv_use_winograd(ctx, &cv, true, &wg) : 0;
  pw->direct = !pw->winograd && cv.K > 0 && cx_conv_use_direct(ctx, &cv, &g);
  size_t bytes = pw->winograd ? cx_conv_winograd_weights_bytes(&wg)
                 : pw->direct ? cx_conv_direct_weights_bytes(&g)
                              : 0;
  if (!pw->direct && !pw->winograd) {
    int64_t total = conv->kernel.n * conv->kernel.c;
    for (int d = 0; d < conv->num_spatial; ++d) total *= conv->kernel.size[d];
    bytes = (size_t)total * cx_rt_dtype_size(conv->kernel.type);
  }
  pw->data = cx_gemm_weights_alloc(bytes);
  if (!pw->data) {
    cx_free(cx_allocator_system(), pw);
    return CX_OOM();
  }
  if (pw->winograd) {
    cx_wpack_job_t j = {&cv, NULL, pw->data, &wg};
    cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), (wg.Cin + 7) / 8,
                                   cx_rt_kernel_ctx_num_threads(ctx), cx_wpack_task, &j);
    pw->kernel = conv->kernel;
    pw->kernel.data = NULL;
  } else if (pw->direct) {
    cx_wpack_job_t j = {&cv, &g, pw->data, NULL};
    cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), g.NB,
                                   cx_rt_kernel_ctx_num_threads(ctx), cx_wpack_task, &j);
    pw->kernel = conv->kernel;
    pw->kernel.data = NULL;
  } else {
    cx_copy_kernel_dense(&conv->kernel, conv->num_spatial, pw->data, &pw->kernel);
  }
  *out_packed = pw;
  return NULL;
}

void cx_rt_conv_packed_weights_destroy(cx_rt_conv_packed_weights_t* packed) {
  if (!packed) return;
  free(packed->data);  // cx_gemm_weights_alloc's (beyond cx_allocator_t's 16-byte alignment)
  cx_free(cx_allocator_system(), packed);
}

cx_status_t cx_rt_conv_prepacked(cx_rt_kernel_ctx_t* ctx, const cx_rt_conv_t* conv,
                                 const cx_rt_conv_packed_weights_t* pw) {
  if (!pw) return CX_ERROR(CX_INVALID_ARGUMENT, "convolution: packed weights are NULL");
  if (!cx_conv_desc_eq(conv, &pw->desc))
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "convolution differs from the one its weights were packed for");
  if (cx_rt_kernel_ctx_isa(ctx) != pw->isa || cx_rt_kernel_ctx_conv_algo(ctx) != pw->algo)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "weights were packed for another ISA or algorithm than the context's");
  cx_rt_conv_t run = *conv;
  if (pw->winograd) {
    run.kernel.data = pw->data;  // only validated, never read
    cx_conv_t cv;
    CX_RETURN_IF_ERROR(cx_conv_init(ctx, &run, &cv));
    if (cv.nout == 0 || cv.P == 0) return NULL;
    cx_wg_geom_t wg;
    if (!cx_conv_winograd_geom(&cv, pw->winograd, &wg))
      return CX_ERROR(CX_INTERNAL, "Winograd convolution no longer applies to packed weights");
    cx_conv_t local;
    cx_rt_epilogue_t local_ep;
    const cx_conv_t* use = &cv;
    CX_RETURN_IF_ERROR(cx_conv_unalias(ctx, &cv, true, &local, &local_ep, &use));
    return cx_conv_winograd_run(ctx, use, &wg, pw->data);
  }
  if (!pw->direct) {
    run.kernel = pw->kernel;
    return cx_rt_conv(ctx, &run);
  }
  run.kernel.data = pw->data;  // only validated, never read: the panels are passed on
  cx_conv_t cv;
  CX_RETURN_IF_ERROR(cx_conv_init(ctx, &run, &cv));
  cx_cd_geom_t g;
  if (!cx_conv_direct_geom(&cv, &g))
    return CX_ERROR(CX_INTERNAL, "direct convolution no longer applies to packed weights");
  return cx_conv_run(ctx, &cv, &g, pw->data);
}
