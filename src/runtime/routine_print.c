// PRINT (routines_misc.h): interpreter.print in compiled programs, in the
// interpreter's format (src/interp/eval_interpreter.c describes it):
//   %0 = tensor<2x2xi8> {
//     [
//       [1, 2],
//       [3, 4]
//     ]
//   }
// a scalar as "tensor<ui8> {1}"; integers in decimal, booleans true/false,
// floats as MLIR prints float attributes (support/float_print.h), complex
// numbers as [re, im]. The header ("%0 = tensor<2x2xi8>") comes from the
// compiler; the elements are formatted here. Each print holds the stream's
// lock, so prints of concurrent calls do not interleave.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/routines_misc.h"
#include "support/float_print.h"
#include "support/scalar.h"
#include "support/strbuf.h"

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
  const cx_rt_shape_t* shape;
  const unsigned char* data;
  size_t esize;
} printer_t;

// Each dimension opens a bracket on a new line indented by its depth;
// elements of the last dimension share one line.
static void print_dims(const printer_t* pr, uint32_t dim, int64_t offset, int64_t indent,
                       bool last) {
  cx_strbuf_t* sb = pr->sb;
  if (dim == pr->shape->rank) {
    print_element(sb, (cx_elem_t)pr->shape->elem, pr->data + (size_t)offset * pr->esize);
    if (!last) cx_strbuf_puts(sb, ", ");
    return;
  }
  newline_indent(sb, indent);
  cx_strbuf_putc(sb, '[');
  int64_t stride = 1;
  for (uint32_t d = dim + 1; d < pr->shape->rank; d++) stride *= pr->shape->dims[d];
  for (int64_t i = 0; i < pr->shape->dims[dim]; i++)
    print_dims(pr, dim + 1, offset + i * stride, indent + 1, i == pr->shape->dims[dim] - 1);
  cx_strbuf_putc(sb, ']');
  if (!last)
    cx_strbuf_putc(sb, ',');
  else
    newline_indent(sb, indent - 1);
}

cx_status_t cx_rt_routine_print(const cx_rt_routine_ctx_t* ctx, const void* params,
                                void* const* buffers) {
  const cx_rt_print_params_t* p = params;
  const cx_rt_executable_t* e = ctx->exe;
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb, e->strings && p->header < e->strings_size ? e->strings + p->header : "");
  if (p->is_tensor) {
    printer_t pr = {&sb, &p->shape, buffers[0], cx_elem_storage_size((cx_elem_t)p->shape.elem)};
    cx_strbuf_puts(&sb, " {");
    print_dims(&pr, 0, 0, 1, true);
    cx_strbuf_putc(&sb, '}');
  }
  cx_strbuf_putc(&sb, '\n');
  if (sb.failed) {
    cx_strbuf_free(&sb);
    return CX_OOM();
  }
  FILE* out = ctx->options && ctx->options->print_output ? ctx->options->print_output : stdout;
  flockfile(out);
  fwrite(sb.data, 1, sb.len, out);
  fflush(out);
  funlockfile(out);
  cx_strbuf_free(&sb);
  return NULL;
}
