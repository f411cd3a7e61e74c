// async_start / async_done (newer than the spec; StableHLO 1.15+): an
// asynchronous collective whose region runs on the operands and whose
// result is a !stablehlo.future<T...> of the region's return types.
#include <string.h>

#include "ir/print.h"
#include "ir/verify_util.h"
#include "support/strbuf.h"

// Compares an opaque !stablehlo.future<...> type with the types it should
// wrap, ignoring whitespace. *out_ok is true when they agree or when the
// comparison is not reliable (quantized element types print differently).
// Fails only on out-of-memory.
static cx_status_t future_matches(cx_verify_ctx_t* vc, const cx_type_t* future, uint32_t n,
                                  const cx_type_t* const* types, bool* out_ok) {
  *out_ok = true;
  for (uint32_t i = 0; i < n; i++)
    if (!cx_type_is_tensor(types[i]) || cx_v_is_quant(types[i])) return NULL;
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, vc->ctx->allocator);
  cx_strbuf_puts(&sb, "!stablehlo.future<");
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_putc(&sb, ',');
    cx_print_type(&sb, types[i]);
  }
  cx_strbuf_putc(&sb, '>');
  if (sb.failed) {
    cx_strbuf_free(&sb);
    return CX_OOM();
  }
  const char *a = sb.data, *b = future->opaque.text;
  for (;;) {
    while (*a == ' ' || *a == '\n' || *a == '\t') a++;
    while (*b == ' ' || *b == '\n' || *b == '\t') b++;
    if (*a != *b) {
      *out_ok = false;
      break;
    }
    if (!*a) break;
    a++;
    b++;
  }
  cx_strbuf_free(&sb);
  return NULL;
}

static bool is_future(const cx_type_t* t) {
  return t && t->kind == CX_TYPE_OPAQUE && strncmp(t->opaque.text, "!stablehlo.future<", 18) == 0;
}

// The shape function (infer_async.c) checks the operands and the body's
// arguments; the results, which cxla cannot infer from opaque futures, are
// compared with the body's returns here.
static cx_status_t verify_async_start(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_op_t* ret = cx_block_terminator(op->regions[0].first_block);
  const cx_type_t* f = cx_v_rtype(op, 0);
  if (!is_future(f))
    return cx_verify_error(op, "result must be a !stablehlo.future, but got '%s'",
                           cx_v_type_str(vc, f));
  const cx_type_t* types[64];
  if (ret->num_operands > 64) return cx_verify_error(op, "body returns too many values");
  for (uint32_t i = 0; i < ret->num_operands; i++) types[i] = cx_v_otype(ret, i);
  bool ok;
  CX_RETURN_IF_ERROR(future_matches(vc, f, ret->num_operands, types, &ok));
  if (!ok)
    return cx_verify_error(op, "result type '%s' does not wrap the body's return types",
                           f->opaque.text);
  return NULL;
}

static cx_status_t verify_async_done(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* f = cx_v_otype(op, 0);
  const cx_type_t* types[64];
  if (op->num_results > 64) return cx_verify_error(op, "has too many results");
  for (uint32_t i = 0; i < op->num_results; i++) types[i] = cx_v_rtype(op, i);
  bool ok;
  CX_RETURN_IF_ERROR(future_matches(vc, f, op->num_results, types, &ok));
  if (!ok) return cx_verify_error(op, "result types do not match the future '%s'", f->opaque.text);
  return NULL;
}

cx_status_t cx_verify_async(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  switch (op->kind) {
    case CX_OP_ASYNC_START:
      return verify_async_start(vc, op);
    case CX_OP_ASYNC_DONE:
      return verify_async_done(vc, op);
    default:
      return cx_verify_error(op, "is not an async op");
  }
}
