// Printing types and floats as MLIR text: the one type printer, used by the
// text printer, the verifier's messages, the interpreter and the bytecode
// writer (see ir/print.h).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/print.h"
#include "support/float_print.h"
#include "support/float_formats.h"
#include "support/scalar.h"

// ----------------------------------------------------------------------------
// Types.

static void print_quant(cx_strbuf_t* out, const cx_type_t* t) {
  cx_elem_t se = t->quant.storage->element.elem;
  bool is_unsigned = cx_elem_is_unsigned_int(se);
  int bits = cx_elem_bit_width(se);
  cx_strbuf_printf(out, "!quant.uniform<%c%d", is_unsigned ? 'u' : 'i', bits);
  if (t->quant.explicit_range)
    cx_strbuf_printf(out, "<%lld:%lld>", (long long)t->quant.storage_min,
                     (long long)t->quant.storage_max);
  cx_strbuf_putc(out, ':');
  cx_print_type(out, t->quant.expressed);
  if (t->quant.axis != CX_QUANT_PER_TENSOR) cx_strbuf_printf(out, ":%d", t->quant.axis);
  cx_strbuf_puts(out, ", ");
  bool braced = t->quant.axis != CX_QUANT_PER_TENSOR;
  if (braced) cx_strbuf_putc(out, '{');
  for (uint32_t i = 0; i < t->quant.num_scales; i++) {
    if (i) cx_strbuf_putc(out, ',');
    // Scales are doubles and print as MLIR prints any double.
    uint64_t scale_bits;
    memcpy(&scale_bits, &t->quant.scales[i], sizeof(scale_bits));
    cx_print_float(out, CX_ELEM_F64, t->quant.scales[i], scale_bits);
    if (t->quant.zero_points[i] != 0)
      cx_strbuf_printf(out, ":%lld", (long long)t->quant.zero_points[i]);
  }
  if (braced) cx_strbuf_putc(out, '}');
  cx_strbuf_putc(out, '>');
}

static const char* elem_spelling(const cx_type_t* t) {
  cx_elem_t e = t->element.elem;
  if (cx_elem_is_signed_int(e) && !t->element.signless) {
    static const char* const kSigned[] = {"si2", "si4", "si8", "si16", "si32", "si64"};
    return kSigned[e - CX_ELEM_SI2];
  }
  return cx_elem_name(e);
}

void cx_print_list(cx_strbuf_t* out, const char* open, uint32_t n, const cx_type_t* const* types,
                   const cx_attr_t* const* attrs, const char* close) {
  cx_strbuf_puts(out, open);
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(out, ", ");
    if (types) cx_print_type(out, types[i]);
    else cx_print_attr(out, attrs[i]);
  }
  cx_strbuf_puts(out, close);
}

void cx_print_type(cx_strbuf_t* out, const cx_type_t* t) {
  if (!t) {
    cx_strbuf_puts(out, "<<null type>>");
    return;
  }
  switch (t->kind) {
    case CX_TYPE_ELEMENT:
      cx_strbuf_puts(out, elem_spelling(t));
      return;
    case CX_TYPE_QUANT:
      print_quant(out, t);
      return;
    case CX_TYPE_TENSOR:
      cx_strbuf_puts(out, "tensor<");
      for (uint32_t i = 0; i < t->tensor.rank; i++) {
        if (t->tensor.dims[i] == CX_DYNAMIC_DIM) cx_strbuf_putc(out, '?');
        else cx_strbuf_i64(out, t->tensor.dims[i]);
        cx_strbuf_putc(out, 'x');
      }
      cx_print_type(out, t->tensor.element);
      if (t->tensor.encoding) {
        cx_strbuf_puts(out, ", ");
        cx_print_attr(out, t->tensor.encoding);
      }
      cx_strbuf_putc(out, '>');
      return;
    case CX_TYPE_TUPLE:
      cx_print_list(out, "tuple<", t->tuple.count, t->tuple.items, NULL, ">");
      return;
    case CX_TYPE_TOKEN:
      cx_strbuf_puts(out, "!stablehlo.token");
      return;
    case CX_TYPE_NONE:
      cx_strbuf_puts(out, "none");
      return;
    case CX_TYPE_FUNCTION:
      cx_print_list(out, "(", t->func.num_inputs, t->func.inputs, NULL, ") -> ");
      // A single non-function result prints without parentheses.
      if (t->func.num_results == 1 && t->func.results[0]->kind != CX_TYPE_FUNCTION) {
        cx_print_type(out, t->func.results[0]);
      } else {
        cx_print_list(out, "(", t->func.num_results, t->func.results, NULL, ")");
      }
      return;
    case CX_TYPE_OPAQUE:
      cx_strbuf_puts(out, t->opaque.text);
      return;
  }
}

char* cx_type_to_string(const cx_type_t* t) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_print_type(&sb, t);
  return cx_strbuf_take(&sb);
}

// ----------------------------------------------------------------------------
// Floats: support/float_print.h (the runtime prints them too).

void cx_print_float(cx_strbuf_t* out, cx_elem_t e, double value, uint64_t bits) {
  cx_float_print(out, e, value, bits);
}
