// Argument binding: arguments fixed for an executable's lifetime (a model's
// weights, which JAX and PyTorch exports pass as arguments) become constants
// of the function, so the rest of the pipeline treats them as it treats
// weights written into the program: folded, prepacked once for the GEMM and
// convolution routines, never copied per call. The arguments leave the
// function's signature; the executable takes the others, in order.
#include <stdlib.h>
#include <string.h>

#include "ir/builder.h"
#include "passes/passes.h"

// The argument attribute dictionaries of the arguments that stay.
static cx_status_t drop_arg_attrs(cx_module_t* m, cx_op_t* func, uint32_t num_args,
                                  const bool* bind) {
  const char* name = cx_name(m->ctx, CX_NAME_arg_attrs);
  const cx_attr_t* attrs = cx_op_attr(func, name);
  if (!attrs || attrs->kind != CX_ATTR_ARRAY || attrs->array.count != num_args) return NULL;
  const cx_attr_t** kept = cx_calloc(m->ctx->allocator, num_args + 1, sizeof(*kept));
  if (!kept) return CX_OOM();
  uint32_t n = 0;
  for (uint32_t i = 0; i < num_args; i++)
    if (!bind[i]) kept[n++] = attrs->array.items[i];
  const cx_attr_t* a = cx_attr_array(&m->arena, n, kept);
  cx_free(m->ctx->allocator, kept);
  if (!a) return CX_OOM();
  return cx_op_set_attr(m, func, name, a);
}

cx_status_t cx_pass_bind_args(cx_module_t* m, cx_op_t* func, uint32_t num_args, const bool* bind,
                              const cx_buffer_view_t* values) {
  cx_block_t* body = cx_func_body(func);
  const cx_type_t* ft = cx_func_type(func);
  if (!body || !ft || ft->func.num_inputs != num_args || body->num_args != num_args)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' takes %u arguments, not %u",
                    cx_func_name(func), ft ? ft->func.num_inputs : 0, num_args);
  uint32_t num_bound = 0;
  for (uint32_t i = 0; i < num_args; i++) {
    if (!bind[i]) continue;
    num_bound++;
    cx_value_t* arg = body->args[i];
    const cx_buffer_view_t* v = &values[i];
    if (!cx_type_is_tensor(arg->type) || !cx_tensor_has_static_shape(arg->type))
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "argument %u of '%s' cannot be bound: only tensors of static shape can", i,
                      cx_func_name(func));
    if (!v->data)
      return CX_ERROR(CX_INVALID_ARGUMENT, "argument %u of '%s' is bound but its value has no data",
                      i, cx_func_name(func));
    cx_builder_t b;
    cx_builder_init(&b, m);
    cx_builder_set_at_start(&b, body);
    b.loc = func->loc;
    const cx_attr_t* value;
    // The value is borrowed, not copied: the caller's buffer outlives the
    // compile (cx_compile_options_t.arg_shapes), and the lowering copies it
    // once, into the executable's constant pool. A copy here was a third
    // copy of a model's weights during the compile.
    cx_status_t s = cx_attr_dense_borrow_buffer(m, arg->type, v->data, v->nbytes, &value);
    cx_value_t* c;
    if (!s) s = cx_build_constant(&b, value, &c);
    if (s) return cx_status_prefix(s, "binding argument %u of '%s'", i, cx_func_name(func));
    cx_value_replace_all_uses(arg, c);
  }
  if (!num_bound) return NULL;

  // The signature without the bound arguments, then the block's arguments.
  const cx_type_t** ins = cx_calloc(m->ctx->allocator, num_args + 1, sizeof(*ins));
  if (!ins) return CX_OOM();
  uint32_t n = 0;
  for (uint32_t i = 0; i < num_args; i++)
    if (!bind[i]) ins[n++] = ft->func.inputs[i];
  const cx_type_t* nft =
      cx_type_function(m->ctx, n, ins, ft->func.num_results, ft->func.results);
  cx_free(m->ctx->allocator, ins);
  const cx_attr_t* type_attr = nft ? cx_attr_type(&m->arena, nft) : NULL;
  if (!type_attr) return CX_OOM();
  CX_RETURN_IF_ERROR(drop_arg_attrs(m, func, num_args, bind));
  CX_RETURN_IF_ERROR(cx_op_set_attr(m, func, cx_name(m->ctx, CX_NAME_function_type), type_attr));
  n = 0;
  for (uint32_t i = 0; i < num_args; i++) {
    if (bind[i]) continue;
    body->args[n] = body->args[i];
    body->args[n]->index = n;
    n++;
  }
  body->num_args = n;
  return NULL;
}
