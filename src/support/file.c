#include "support/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

cx_status_t cx_file_read(const char* path, char** out_data, size_t* out_len) {
  *out_data = NULL;
  *out_len = 0;
  bool is_stdin = strcmp(path, "-") == 0;
  FILE* f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) return CX_ERROR(CX_NOT_FOUND, "cannot open '%s': %s", path, strerror(errno));
  // fopen opens a directory on Linux, and its "size" then asked for an
  // allocation that failed as "out of memory".
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    if (!is_stdin) fclose(f);
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot read '%s': it is a directory", path);
  }
  size_t cap = 1 << 16, len = 0;
  if (!is_stdin && fseek(f, 0, SEEK_END) == 0) {
    long size = ftell(f);
    if (size > 0) cap = (size_t)size + 1;
    fseek(f, 0, SEEK_SET);
  }
  char* data = malloc(cap);
  if (!data) {
    if (!is_stdin) fclose(f);
    return CX_OOM();
  }
  for (;;) {
    if (len + 1 >= cap) {
      char* grown = cap > ((size_t)-1) / 2 ? NULL : realloc(data, cap * 2);
      if (!grown) {
        free(data);
        if (!is_stdin) fclose(f);
        return CX_OOM();
      }
      data = grown;
      cap *= 2;
    }
    size_t n = fread(data + len, 1, cap - 1 - len, f);
    len += n;
    if (n == 0) break;
  }
  bool failed = ferror(f);
  if (!is_stdin) fclose(f);
  if (failed) {
    free(data);
    return CX_ERROR(CX_IO_ERROR, "error reading '%s'", path);
  }
  data[len] = 0;
  *out_data = data;
  *out_len = len;
  return NULL;
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
