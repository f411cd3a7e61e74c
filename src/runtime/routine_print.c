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
// compiler; the elements are formatted by support/tensor_print.h, as the
// interpreter's. Each print holds the stream's lock, so prints of concurrent
// calls do not interleave.
#include "runtime/routines_misc.h"
#include "support/tensor_print.h"

cx_status_t cx_rt_routine_print(const cx_rt_routine_ctx_t* ctx, const void* params,
                                void* const* buffers) {
  const cx_rt_print_params_t* p = params;
  const cx_rt_executable_t* e = ctx->exe;
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb, e->strings && p->header < e->strings_size ? e->strings + p->header : "");
  if (p->is_tensor)
    cx_tensor_print_elements(&sb, (cx_elem_t)p->shape.elem, p->shape.rank, p->shape.dims,
                             buffers[0]);
  cx_strbuf_putc(&sb, '\n');
  return cx_tensor_print_write(&sb, ctx->options ? ctx->options->print_output : NULL);
}
