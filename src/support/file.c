#include "support/file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxla/allocator.h"

// Files are read into malloc'ed buffers (cxla/file.h): the system allocator.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

// Reads from f until end of file, at most `limit` bytes (error past that),
// starting with a buffer of `cap` bytes.
static cx_status_t read_all(FILE* f, const char* path, size_t cap, size_t limit,
                            char** out_data, size_t* out_len) {
  size_t len = 0;
  if (cap > limit) cap = limit;
  cap += 1;  // the NUL after the data, and one byte to see whether more follows
  char* data = cx_alloc(kSystem, cap);
  if (!data) return CX_OOM();
  for (;;) {
    if (len + 1 >= cap) {
      if (len >= limit) {
        // One byte more than the limit allows: read it to tell a stream of
        // exactly `limit` bytes from a longer one.
        int c = fgetc(f);
        if (c == EOF) break;
        cx_free(kSystem, data);
        return CX_ERROR(CX_OUT_OF_RANGE,
                        "'%s' is a stream (pipe, device or standard input) of more than %zu "
                        "bytes, the limit for streams (--max-input-size raises it)",
                        path, limit);
      }
      // Grow geometrically, but never past the limit (plus the NUL).
      size_t want = cap > ((size_t)-1) / 2 ? (size_t)-1 : cap * 2;
      if (want > limit + 1) want = limit + 1;
      char* grown = cx_realloc(kSystem, data, want);
      if (!grown) {
        cx_free(kSystem, data);
        return CX_OOM();
      }
      data = grown;
      cap = want;
    }
    size_t n = fread(data + len, 1, cap - 1 - len, f);
    len += n;
    if (n == 0) break;
  }
  if (ferror(f)) {
    cx_free(kSystem, data);
    return CX_ERROR(CX_IO_ERROR, "error reading '%s'", path);
  }
  data[len] = 0;
  *out_data = data;
  *out_len = len;
  return NULL;
}

cx_status_t cx_file_read_limited(const char* path, size_t limit, char** out_data,
                                 size_t* out_len) {
  *out_data = NULL;
  *out_len = 0;
  if (!limit) limit = CX_FILE_DEFAULT_INPUT_LIMIT;
  bool is_stdin = strcmp(path, "-") == 0;
  FILE* f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) return CX_ERROR(CX_NOT_FOUND, "cannot open '%s': %s", path, strerror(errno));
  struct stat st;
  bool have_stat = fstat(fileno(f), &st) == 0;
  // fopen opens a directory on Linux, and its "size" then asked for an
  // allocation that failed as "out of memory".
  if (have_stat && S_ISDIR(st.st_mode)) {
    if (!is_stdin) fclose(f);
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot read '%s': it is a directory", path);
  }
  // A regular file is read by its size, in one allocation; pipes and devices
  // (/dev/zero) have no size and are read up to the limit.
  bool regular = have_stat && S_ISREG(st.st_mode);
  size_t cap = (size_t)1 << 16;
  if (regular) {
    cap = (uint64_t)st.st_size < (uint64_t)SIZE_MAX / 2 ? (size_t)st.st_size : SIZE_MAX / 2;
    limit = SIZE_MAX / 2;  // the file's size bounds it (it may still grow while read)
  }
  cx_status_t s = read_all(f, is_stdin ? "<stdin>" : path, cap, limit, out_data, out_len);
  if (!is_stdin) fclose(f);
  return s;
}

cx_status_t cx_file_map(const char* path, size_t stream_limit, cx_file_view_t* out) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (uint64_t)st.st_size <= SIZE_MAX / 2) {
    FILE* f = fopen(path, "rb");
    if (!f) return CX_ERROR(CX_NOT_FOUND, "cannot open '%s': %s", path, strerror(errno));
    size_t len = (size_t)st.st_size;
    void* p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    fclose(f);  // the mapping keeps the file
    if (p != MAP_FAILED) {
#ifdef MADV_NOHUGEPAGE
      // Pages given back are to stay given back: a file system whose page
      // cache holds the file in 2 MiB folios (XFS, ext4 on recent kernels)
      // otherwise maps a whole folio at the next fault in it, the pages
      // already given back included. Parsing BERT's constants as text held
      // ~2 MiB of text per weight that way (peak 529 -> 436 MiB).
      (void)madvise(p, len, MADV_NOHUGEPAGE);  // advisory
#endif
      out->data = p;
      out->len = len;
      out->mapped = true;
      return NULL;
    }
    // A file system that cannot map (some FUSE or /proc files): read it.
  }
  char* data = NULL;
  size_t len = 0;
  CX_RETURN_IF_ERROR(cx_file_read_limited(path, stream_limit, &data, &len));
  out->data = data;
  out->len = len;
  return NULL;
}

void cx_file_unmap(cx_file_view_t* v) {
  if (v->mapped) munmap((void*)v->data, v->len);
  else cx_free(kSystem, (void*)v->data);
  memset(v, 0, sizeof *v);
}

void cx_file_view_drop_pages(const cx_file_view_t* v) {
  if (!v->mapped || !v->len) return;
  // mmap returned a page-aligned address; the last partial page goes too.
  (void)madvise((void*)v->data, v->len, MADV_DONTNEED);  // advisory
}

void cx_pages_release(const void* p, size_t n) {
  long page = sysconf(_SC_PAGESIZE);
  if (page <= 0 || n < (size_t)page) return;
  uintptr_t lo = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
  uintptr_t hi = ((uintptr_t)p + n) & ~((uintptr_t)page - 1);
  if (hi > lo) (void)madvise((void*)lo, hi - lo, MADV_DONTNEED);  // advisory
}

cx_status_t cx_file_read(const char* path, char** out_data, size_t* out_len) {
  return cx_file_read_limited(path, CX_FILE_DEFAULT_INPUT_LIMIT, out_data, out_len);
}

bool cx_file_parse_size(const char* text, size_t* out) {
  size_t v = 0;
  const char* c = text;
  if (*c < '0' || *c > '9') return false;
  for (; *c >= '0' && *c <= '9'; c++) {
    if (v > (SIZE_MAX - (size_t)(*c - '0')) / 10) return false;
    v = v * 10 + (size_t)(*c - '0');
  }
  int shift = 0;
  if (*c == 'K' || *c == 'k') shift = 10;
  else if (*c == 'M' || *c == 'm') shift = 20;
  else if (*c == 'G' || *c == 'g') shift = 30;
  if (shift) c++;
  if (*c || v == 0 || v > (SIZE_MAX >> shift)) return false;
  *out = v << shift;
  return true;
}

cx_status_t cx_file_write(const char* path, const void* data, size_t len) {
  bool is_stdout = strcmp(path, "-") == 0;
  FILE* f = is_stdout ? stdout : fopen(path, "wb");
  if (!f) return CX_ERROR(CX_IO_ERROR, "cannot create '%s': %s", path, strerror(errno));
  size_t n = fwrite(data, 1, len, f);
  int rc = is_stdout ? fflush(f) : fclose(f);
  if (n != len || rc != 0) return CX_ERROR(CX_IO_ERROR, "error writing '%s'", path);
  return NULL;
}
