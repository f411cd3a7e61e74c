// Probe files (see probe_file.h).
#include "support/probe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cxla/allocator.h"
#include "support/npy.h"
#include "support/npy_dtype.h"
#include "support/strbuf.h"

char* cx_probe_file_path(const char* dir, const char* id, int64_t iteration) {
  static const char kHex[] = "0123456789ABCDEF";
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb, dir);
  cx_strbuf_putc(&sb, '/');
  for (const unsigned char* p = (const unsigned char*)id; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '_' || *p == '-') {
      cx_strbuf_putc(&sb, (char)*p);
    } else {
      cx_strbuf_putc(&sb, '%');
      cx_strbuf_putc(&sb, kHex[*p >> 4]);
      cx_strbuf_putc(&sb, kHex[*p & 15]);
    }
  }
  if (iteration > 0) cx_strbuf_printf(&sb, ".%lld", (long long)iteration);
  cx_strbuf_puts(&sb, ".npy");
  return cx_strbuf_take(&sb);
}

static cx_status_t append_index(const char* dir, const char* id, const char* type,
                                const char* path) {
  const char* file = strrchr(path, '/');
  file = file ? file + 1 : path;
  char* line = cx_format("%s,%s,%s\n", id, type, file);
  char* index = cx_format("%s/index.csv", dir);
  cx_status_t st = NULL;
  if (!line || !index) {
    st = CX_OOM();
  } else {
    size_t len = strlen(line);
    int fd = open(index, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0 || write(fd, line, len) != (ssize_t)len)
      st = CX_ERROR(CX_IO_ERROR, "cannot append to %s: %s", index, strerror(errno));
    if (fd >= 0) close(fd);
  }
  cx_free_malloced(line);
  cx_free_malloced(index);
  return st;
}

cx_status_t cx_probe_file_write(const char* dir, const char* id, const char* type, cx_elem_t e,
                                uint32_t rank, const int64_t* dims, const void* data,
                                size_t nbytes) {
  for (int64_t it = 0;; it++) {
    char* path = cx_probe_file_path(dir, id, it);
    if (!path) return CX_OOM();
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 && errno == EEXIST) {
      cx_free_malloced(path);
      continue;
    }
    if (fd < 0) {
      cx_status_t st =
          CX_ERROR(CX_IO_ERROR, "probe '%s': cannot create %s: %s", id, path, strerror(errno));
      cx_free_malloced(path);
      return st;
    }
    close(fd);
    cx_npy_array_t a;
    memset(&a, 0, sizeof(a));
    snprintf(a.descr, sizeof(a.descr), "%s", cx_npy_descr_for_elem(e));
    a.rank = (int)rank;
    for (uint32_t d = 0; d < rank; d++) a.shape[d] = dims[d];
    a.data = (void*)data;
    a.nbytes = nbytes;
    cx_status_t st = cx_npy_write(path, &a);
    if (!st) st = append_index(dir, id, type, path);
    cx_free_malloced(path);
    return st ? cx_status_prefix(st, "probe '%s'", id) : NULL;
  }
}
