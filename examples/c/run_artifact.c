// Runs a cxla artifact with the runtime library alone (libcxla_runtime).
//
//   cxla compile model.mlir -o model.cxla
//   run_artifact model.cxla [--threads=N] [x.npy ...]
//
// Loads the artifact, prints its signature, runs it on the .npy files given
// (one per argument, in order) or on inputs it makes up, and prints the
// first elements of each result. Inputs and results are the program's own
// memory, wrapped in buffer views without copying. See docs/c_api.md.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxla/buffer.h"
#include "cxla/runtime.h"

// Prints "2x3xf32" for a view.
static void print_type(const cx_buffer_view_t* v) {
  for (uint32_t d = 0; d < v->rank; d++) printf("%" PRId64 "x", v->dims[d]);
  printf("%s", cx_elem_name(v->elem));
}

// The first elements of a result, in the element type's natural format.
static void print_values(const cx_buffer_view_t* v, int64_t max) {
  int64_t n = cx_buffer_view_num_elements(v);
  const unsigned char* p = v->data;
  for (int64_t i = 0; i < n && i < max; i++) {
    const void* e = p + (size_t)i * cx_elem_storage_size(v->elem);
    switch (v->elem) {
      case CX_ELEM_F32: printf(" %g", *(const float*)e); break;
      case CX_ELEM_F64: printf(" %g", *(const double*)e); break;
      case CX_ELEM_I1: printf(" %s", *(const uint8_t*)e ? "true" : "false"); break;
      case CX_ELEM_SI8: printf(" %d", *(const int8_t*)e); break;
      case CX_ELEM_SI16: printf(" %d", *(const int16_t*)e); break;
      case CX_ELEM_SI32: printf(" %" PRId32, *(const int32_t*)e); break;
      case CX_ELEM_SI64: printf(" %" PRId64, *(const int64_t*)e); break;
      case CX_ELEM_UI8: printf(" %u", *(const uint8_t*)e); break;
      case CX_ELEM_UI16: printf(" %u", *(const uint16_t*)e); break;
      case CX_ELEM_UI32: printf(" %" PRIu32, *(const uint32_t*)e); break;
      case CX_ELEM_UI64: printf(" %" PRIu64, *(const uint64_t*)e); break;
      default: printf(" <%zu-byte element>", cx_elem_storage_size(v->elem)); break;
    }
  }
  if (n > max) printf(" ...");
  printf("\n");
}

// ---- a minimal .npy reader (version 1-3, little-endian, C order) ----

static const struct {
  const char* descr;
  cx_elem_t elem;
} kDtypes[] = {
    {"|b1", CX_ELEM_I1},    {"|i1", CX_ELEM_SI8},   {"<i2", CX_ELEM_SI16}, {"<i4", CX_ELEM_SI32},
    {"<i8", CX_ELEM_SI64},  {"|u1", CX_ELEM_UI8},   {"<u2", CX_ELEM_UI16}, {"<u4", CX_ELEM_UI32},
    {"<u8", CX_ELEM_UI64},  {"<f2", CX_ELEM_F16},   {"<f4", CX_ELEM_F32},  {"<f8", CX_ELEM_F64},
    {"<c8", CX_ELEM_C64},   {"<c16", CX_ELEM_C128},
};

// Reads `path` into a malloc'ed block wrapped by `out`; returns an error
// message or NULL.
static const char* read_npy(const char* path, cx_buffer_view_t* out) {
  FILE* f = fopen(path, "rb");
  if (!f) return "cannot open";
  unsigned char pre[12];
  const char* err = NULL;
  char* header = NULL;
  void* data = NULL;
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6)) {
    err = "not a .npy file";
    goto out;
  }
  size_t hlen = pre[8] | (size_t)pre[9] << 8;
  if (pre[6] >= 2) {
    if (fread(pre + 10, 1, 2, f) != 2) {
      err = "truncated header";
      goto out;
    }
    hlen |= (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
  }
  if (hlen > 1 << 20 || !(header = calloc(1, hlen + 1)) || fread(header, 1, hlen, f) != hlen) {
    err = "bad header";
    goto out;
  }
  const char* d = strstr(header, "'descr':");
  const char* s = strstr(header, "'shape':");
  if (!d || !s || strstr(header, "'fortran_order': True")) {
    err = "unsupported header (need descr, shape, C order)";
    goto out;
  }
  d = strchr(d + 8, '\'');
  cx_elem_t elem = CX_ELEM_INVALID;
  for (size_t i = 0; d && i < sizeof(kDtypes) / sizeof(kDtypes[0]); i++) {
    size_t n = strlen(kDtypes[i].descr);
    if (!strncmp(d + 1, kDtypes[i].descr, n) && d[1 + n] == '\'') elem = kDtypes[i].elem;
  }
  if (elem == CX_ELEM_INVALID) {
    err = "unsupported dtype";
    goto out;
  }
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = 0;
  s = strchr(s, '(');
  while (s && *++s && *s != ')') {
    char* end;
    long long v = strtoll(s, &end, 10);
    if (end == s) continue;  // ',' or ' '
    if (rank == CX_MAX_RANK || v < 0) {
      err = "bad shape";
      goto out;
    }
    dims[rank++] = v;
    s = end - 1;
  }
  size_t nbytes = cx_elem_storage_size(elem);
  for (uint32_t i = 0; i < rank; i++) nbytes *= (size_t)dims[i];
  data = malloc(nbytes ? nbytes : 1);
  if (!data || fread(data, 1, nbytes, f) != nbytes) {
    err = "truncated data";
    goto out;
  }
  cx_status_t st = cx_buffer_view_wrap(elem, rank, dims, data, nbytes, out);
  if (st) {
    err = "bad array";
    cx_status_free(st);
    goto out;
  }
  data = NULL;  // now the view's
out:
  free(header);
  free(data);
  fclose(f);
  return err;
}

static int fail(cx_status_t st) {
  cx_status_print(st, stderr);  // "file:line:col: error: message"
  cx_status_free(st);
  return 1;
}

int main(int argc, char** argv) {
  const char* path = NULL;
  const char* npys[64];
  int num_npys = 0, threads = 0;
  for (int i = 1; i < argc; i++) {
    if (!strncmp(argv[i], "--threads=", 10)) threads = atoi(argv[i] + 10);
    else if (!path) path = argv[i];
    else if (num_npys < 64) npys[num_npys++] = argv[i];
  }
  if (!path) {
    fprintf(stderr, "usage: run_artifact MODEL.cxla [--threads=N] [ARG.npy ...]\n");
    return 2;
  }

  // Load: the file is mapped, its constants used in place.
  cx_rt_executable_t* exe;
  cx_status_t st = cx_rt_executable_load_file(path, NULL, &exe);
  if (st) return fail(st);

  // The signature: views without data, owned by the executable.
  uint32_t nargs = cx_rt_executable_num_args(exe), nres = cx_rt_executable_num_results(exe);
  printf("@%s: %u arguments, %u results\n", cx_rt_executable_function_name(exe), nargs, nres);
  for (uint32_t i = 0; i < nargs; i++) {
    printf("  arg[%u]: ", i);
    print_type(cx_rt_executable_arg(exe, i));
    printf(" (%zu bytes)\n", cx_rt_executable_arg(exe, i)->nbytes);
  }
  for (uint32_t i = 0; i < nres; i++) {
    printf("  result[%u]: ", i);
    print_type(cx_rt_executable_result(exe, i));
    printf("\n");
  }
  if (num_npys && (uint32_t)num_npys != nargs) {
    fprintf(stderr, "error: %u arguments but %d .npy files\n", nargs, num_npys);
    cx_rt_executable_release(exe);
    return 1;
  }

  // Arguments and results live in this program's memory; the views only
  // describe it.
  cx_buffer_view_t* args = calloc(nargs + 1, sizeof(*args));
  cx_buffer_view_t* results = calloc(nres + 1, sizeof(*results));
  int rc = 1;
  for (uint32_t i = 0; i < nargs; i++) {
    const cx_buffer_view_t* t = cx_rt_executable_arg(exe, i);
    if (num_npys) {
      const char* err = read_npy(npys[i], &args[i]);
      if (err) {
        fprintf(stderr, "error: %s: %s\n", npys[i], err);
        goto out;
      }
    } else {
      void* mem = aligned_alloc(64, (t->nbytes + 63) / 64 * 64 + 64);
      st = cx_buffer_view_wrap(t->elem, t->rank, t->dims, mem, t->nbytes, &args[i]);
      if (st) {
        free(mem);
        rc = fail(st);
        goto out;
      }
      cx_buffer_view_fill_random(&args[i], i);  // deterministic per argument
    }
  }
  for (uint32_t i = 0; i < nres; i++) {
    const cx_buffer_view_t* t = cx_rt_executable_result(exe, i);
    void* mem = aligned_alloc(64, (t->nbytes + 63) / 64 * 64 + 64);
    st = cx_buffer_view_wrap(t->elem, t->rank, t->dims, mem, t->nbytes, &results[i]);
    if (st) {
      free(mem);
      rc = fail(st);
      goto out;
    }
  }

  // A device (thread pool) and the call. Any number of threads may invoke
  // one executable at once; max_threads bounds this call's share.
  cx_rt_device_t* device;
  cx_rt_device_options_t dopt = {threads};
  st = cx_rt_device_create(&dopt, &device);
  if (st) {
    rc = fail(st);
    goto out;
  }
  cx_rt_invoke_options_t io = {.max_threads = threads};
  st = cx_rt_executable_invoke(exe, device, nargs, args, nres, results, &io);
  cx_rt_device_destroy(device);
  if (st) {
    rc = fail(st);
    goto out;
  }
  for (uint32_t i = 0; i < nres; i++) {
    printf("result[%u]: ", i);
    print_type(&results[i]);
    printf(" =");
    print_values(&results[i], 8);
  }
  rc = 0;
out:
  for (uint32_t i = 0; i < nargs; i++) free(args[i].data);
  for (uint32_t i = 0; i < nres; i++) free(results[i].data);
  free(args);
  free(results);
  cx_rt_executable_release(exe);
  return rc;
}
