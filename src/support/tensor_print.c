// interpreter.print's element text (see tensor_print.h).
#include "support/tensor_print.h"

#include <string.h>

#include "support/float_print.h"
#include "support/scalar.h"

static void print_element(cx_strbuf_t* sb, cx_elem_t e, const unsigned char* p) {
  if (e == CX_ELEM_I1) {
    cx_strbuf_puts(sb, cx_load_int(e, p) ? "true" : "false");
  } else if (cx_elem_is_unsigned_int(e)) {
    cx_strbuf_u64(sb, (uint64_t)cx_load_int(e, p));
  } else if (cx_elem_is_integer(e)) {
    cx_strbuf_i64(sb, cx_load_int(e, p));
  } else if (cx_elem_is_float(e) || cx_elem_is_complex(e)) {
    cx_elem_t c = cx_elem_is_complex(e) ? cx_elem_complex_component(e) : e;
    size_t size = cx_elem_storage_size(c);
    int parts = cx_elem_is_complex(e) ? 2 : 1;
    if (parts == 2) cx_strbuf_putc(sb, '[');
    for (int k = 0; k < parts; k++) {
      const unsigned char* q = p + (size_t)k * size;
      uint64_t bits = 0;
      memcpy(&bits, q, size);  // little-endian storage
      if (k) cx_strbuf_puts(sb, ", ");
      cx_float_print(sb, c, cx_load_float(c, q), bits);
    }
    if (parts == 2) cx_strbuf_putc(sb, ']');
  } else {
    cx_strbuf_puts(sb, "?");
  }
}

static void newline_indent(cx_strbuf_t* sb, int64_t n) {
  cx_strbuf_putc(sb, '\n');
  for (int64_t i = 0; i < n; i++) cx_strbuf_puts(sb, "  ");
}

typedef struct printer {
  cx_strbuf_t* sb;
  cx_elem_t elem;
  uint32_t rank;
  const int64_t* dims;
  const unsigned char* data;
  size_t esize;
} printer_t;

// The nested layout of the reference interpreter: each dimension opens a
// bracket on a new line indented by its depth; elements of the last
// dimension share one line.
static void print_dims(const printer_t* pr, uint32_t dim, int64_t offset, int64_t indent,
                       bool last) {
  cx_strbuf_t* sb = pr->sb;
  if (dim == pr->rank) {
    print_element(sb, pr->elem, pr->data + (size_t)offset * pr->esize);
    if (!last) cx_strbuf_puts(sb, ", ");
    return;
  }
  newline_indent(sb, indent);
  cx_strbuf_putc(sb, '[');
  int64_t stride = 1;
  for (uint32_t d = dim + 1; d < pr->rank; d++) stride *= pr->dims[d];
  for (int64_t i = 0; i < pr->dims[dim]; i++)
    print_dims(pr, dim + 1, offset + i * stride, indent + 1, i == pr->dims[dim] - 1);
  cx_strbuf_putc(sb, ']');
  if (!last)
    cx_strbuf_putc(sb, ',');
  else
    newline_indent(sb, indent - 1);
}

void cx_tensor_print_elements(cx_strbuf_t* sb, cx_elem_t e, uint32_t rank, const int64_t* dims,
                              const void* data) {
  printer_t pr = {sb, e, rank, dims, data, cx_elem_storage_size(e)};
  cx_strbuf_puts(sb, " {");
  print_dims(&pr, 0, 0, 1, true);
  cx_strbuf_putc(sb, '}');
}

cx_status_t cx_tensor_print_write(cx_strbuf_t* sb, FILE* out) {
  if (sb->failed) {
    cx_strbuf_free(sb);
    return CX_OOM();
  }
  if (!out) out = stdout;
  flockfile(out);
  fwrite(sb->data, 1, sb->len, out);
  fflush(out);
  funlockfile(out);
  cx_strbuf_free(sb);
  return NULL;
}
