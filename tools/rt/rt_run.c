// cxla-rt-run: runs an artifact with nothing but libcxla_runtime (no
// compiler, no LLVM, no zlib): the program the deployment tests link
// against the runtime library alone, natively and cross-built for AArch64
// (run under qemu-user). It uses the public runtime API only.
//
// usage: cxla-rt-run ARTIFACT [--seed=N] [--save-inputs=DIR] [--outputs=DIR]
//                    [--threads=N] [--iterations=N] [--print]
//
// Arguments are made up from the signature, deterministically per --seed
// (cx_buffer_view_fill_random with seed + argument index, as `cxla bench
// --random-inputs` and `cxla run --random-inputs` do), so that another run
// of the same program (the JIT, another CPU) can be given the same values:
// --save-inputs writes them as DIR/arg<i>.npy. --outputs writes each result
// as DIR/result<i>.npy. It prints the load time and, over --iterations
// calls, the median call time; --print prints a checksum line per result.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cxla/buffer.h"
#include "cxla/cxla.h"
#include "cxla/runtime.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// NumPy's dtype for cxla's storage layout of each element type (as `cxla
// run --output` writes them).
static const char* npy_descr(cx_elem_t e) {
  switch (e) {
    case CX_ELEM_I1: return "|b1";
    case CX_ELEM_SI2:
    case CX_ELEM_SI4:
    case CX_ELEM_SI8: return "|i1";
    case CX_ELEM_UI2:
    case CX_ELEM_UI4:
    case CX_ELEM_UI8: return "|u1";
    case CX_ELEM_SI16: return "<i2";
    case CX_ELEM_UI16: return "<u2";
    case CX_ELEM_SI32: return "<i4";
    case CX_ELEM_UI32: return "<u4";
    case CX_ELEM_SI64: return "<i8";
    case CX_ELEM_UI64: return "<u8";
    case CX_ELEM_F16: return "<f2";
    case CX_ELEM_TF32:
    case CX_ELEM_F32: return "<f4";
    case CX_ELEM_F64: return "<f8";
    case CX_ELEM_C64: return "<c8";
    case CX_ELEM_C128: return "<c16";
    case CX_ELEM_BF16: return "<V2";
    default: return "|V1";
  }
}

static int write_npy(const char* path, const cx_buffer_view_t* v) {
  char header[1024];
  int n = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   npy_descr(v->elem));
  for (uint32_t d = 0; d < v->rank; d++)
    n += snprintf(header + n, sizeof header - (size_t)n, "%lld%s", (long long)v->dims[d],
                  v->rank == 1 ? "," : d + 1 < v->rank ? ", " : "");
  n += snprintf(header + n, sizeof header - (size_t)n, "), }");
  // Magic, version 1.0, header length; the header is padded with spaces to
  // a multiple of 64 bytes and ends in a newline.
  int total = 10 + n + 1;
  int pad = (64 - total % 64) % 64;
  FILE* f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cxla-rt-run: cannot write %s: %s\n", path, strerror(errno));
    return 1;
  }
  unsigned hl = (unsigned)(n + pad + 1);
  unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hl & 0xff),
                           (unsigned char)(hl >> 8)};
  fwrite(pre, 1, 10, f);
  fwrite(header, 1, (size_t)n, f);
  for (int i = 0; i < pad; i++) fputc(' ', f);
  fputc('\n', f);
  if (v->nbytes) fwrite(v->data, 1, v->nbytes, f);
  return fclose(f) ? 1 : 0;
}

static int fail(cx_status_t st) {
  cx_status_print(st, stderr);
  cx_status_free(st);
  return 1;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  const char *file = NULL, *save_inputs = NULL, *outputs = NULL;
  unsigned long long seed = 0;
  int threads = 0;
  long iterations = 1;
  int print = 0;
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (!strncmp(a, "--seed=", 7)) seed = strtoull(a + 7, NULL, 10);
    else if (!strncmp(a, "--save-inputs=", 14)) save_inputs = a + 14;
    else if (!strncmp(a, "--outputs=", 10)) outputs = a + 10;
    else if (!strncmp(a, "--threads=", 10)) threads = atoi(a + 10);
    else if (!strncmp(a, "--iterations=", 13)) iterations = atol(a + 13);
    else if (!strcmp(a, "--print")) print = 1;
    else if (a[0] == '-') {
      fprintf(stderr, "cxla-rt-run: unknown option '%s'\n", a);
      return 2;
    } else file = a;
  }
  if (!file || iterations < 1) {
    fprintf(stderr,
            "usage: cxla-rt-run ARTIFACT [--seed=N] [--save-inputs=DIR] [--outputs=DIR]\n"
            "                   [--threads=N] [--iterations=N] [--print]\n");
    return 2;
  }
  double t0 = now();
  cx_rt_executable_t* exe;
  cx_status_t st = cx_rt_executable_load_file(file, NULL, &exe);
  if (st) return fail(st);
  double load_s = now() - t0;
  uint32_t nargs = cx_rt_executable_num_args(exe), nres = cx_rt_executable_num_results(exe);
  cx_buffer_view_t* args = calloc(nargs + 1, sizeof *args);
  cx_buffer_view_t* res = calloc(nres + 1, sizeof *res);
  for (uint32_t i = 0; i < nargs && !st; i++) {
    const cx_buffer_view_t* t = cx_rt_executable_arg(exe, i);
    if (t->elem == CX_ELEM_INVALID) continue;
    st = cx_buffer_view_allocate(t->elem, t->rank, t->dims, &args[i]);
    if (!st) cx_buffer_view_fill_random(&args[i], seed + i);
  }
  if (st) return fail(st);
  int rc = 0;
  if (save_inputs) {
    mkdir(save_inputs, 0777);
    for (uint32_t i = 0; i < nargs && !rc; i++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/arg%u.npy", save_inputs, i);
      if (args[i].elem != CX_ELEM_INVALID) rc = write_npy(path, &args[i]);
    }
  }
  cx_rt_device_t* dev = NULL;
  cx_rt_device_options_t dopt = {threads};
  st = cx_rt_device_create(&dopt, &dev);
  if (!st) st = cx_rt_executable_allocate_results(exe, res);
  double* times = calloc((size_t)iterations, sizeof(double));
  for (long k = 0; k < iterations && !st; k++) {
    double s0 = now();
    st = cx_rt_executable_invoke(exe, dev, nargs, args, nres, res, NULL);
    times[k] = now() - s0;
  }
  if (st) return fail(st);
  qsort(times, (size_t)iterations, sizeof(double), cmp_double);
  printf("%s: @%s loaded in %.3f ms; median call %.3f ms over %ld (cxla runtime %s)\n", file,
         cx_rt_executable_function_name(exe), load_s * 1e3, times[iterations / 2] * 1e3, iterations,
         cx_version_string());
  for (uint32_t i = 0; i < nres && !rc; i++) {
    if (outputs) {
      mkdir(outputs, 0777);
      char path[4096];
      snprintf(path, sizeof path, "%s/result%u.npy", outputs, i);
      if (res[i].elem != CX_ELEM_INVALID) rc = write_npy(path, &res[i]);
    }
    if (print) {
      // FNV-1a of the bytes: equal results print equal lines.
      uint64_t h = 1469598103934665603ull;
      for (size_t b = 0; b < res[i].nbytes; b++)
        h = (h ^ ((const unsigned char*)res[i].data)[b]) * 1099511628211ull;
      printf("result[%u]: %s, %zu bytes, fnv1a %016llx\n", i, cx_elem_name(res[i].elem),
             res[i].nbytes, (unsigned long long)h);
    }
  }
  for (uint32_t i = 0; i < nres; i++) cx_buffer_view_free_data(&res[i]);
  for (uint32_t i = 0; i < nargs; i++) cx_buffer_view_free_data(&args[i]);
  free(times);
  free(args);
  free(res);
  cx_rt_device_destroy(dev);
  cx_rt_executable_release(exe);
  return rc;
}
