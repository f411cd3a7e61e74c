// CUSTOM_CALL: compiled programs call the custom-call registry's targets
// (runtime/routines.h, runtime/custom_calls/custom_call.h) as the
// interpreter does: operands copied into their declared layouts, the
// target's prepare and execute phases, results copied back to row-major.
//
// The record comes from the compiler or from an artifact file, so every
// offset and count in it is checked against the step's params_size before
// it is followed.
#include <stdlib.h>
#include <string.h>

#include "runtime/custom_call_registry.h"
#include "runtime/custom_calls/custom_call.h"
#include "runtime/routines.h"
#include "cxla/allocator.h"

// Bytes of a dense buffer of `shape`; false on overflow or a bad shape.
static bool shape_bytes(const cx_rt_shape_t* s, int64_t* out_elems, size_t* out_bytes) {
  if (s->rank > CX_MAX_RANK || s->elem <= CX_ELEM_INVALID || s->elem >= CX_ELEM_COUNT) return false;
  int64_t n = 1;
  for (uint32_t d = 0; d < s->rank; d++) {
    if (s->dims[d] < 0 || (s->dims[d] && n > INT64_MAX / s->dims[d])) return false;
    n *= s->dims[d];
  }
  size_t es = cx_elem_storage_size((cx_elem_t)s->elem);
  if (!es || (uint64_t)n > SIZE_MAX / es) return false;
  *out_elems = n;
  *out_bytes = (size_t)n * es;
  return true;
}

static bool valid_layout(const cx_rt_cc_buffer_desc_t* b) {
  bool seen[CX_MAX_RANK] = {false};
  for (uint32_t d = 0; d < b->shape.rank; d++) {
    int64_t v = b->minor_to_major[d];
    if (v < 0 || v >= (int64_t)b->shape.rank || seen[v]) return false;
    seen[v] = true;
  }
  return true;
}

// A region [offset, offset + count * size) inside the record.
static bool in_record(uint64_t offset, uint64_t count, uint64_t size, uint64_t record_size) {
  return offset <= record_size && (size == 0 || count <= (record_size - offset) / size);
}

// An application's target (runtime.h: cx_rt_custom_calls_t) sees the
// public views of the same buffers and attributes.
static cx_status_t call_application(const char* name, cx_rt_custom_call_fn fn, void* user_data,
                                    uint32_t nops, uint32_t nres, const cx_rt_cc_buffer_t* bufs,
                                    uint32_t nattrs, const cx_rt_cc_attr_t* attrs) {
  cx_allocator_t a = cx_allocator_system();
  uint32_t nbuf = nops + nres;
  cx_buffer_view_t* views = cx_calloc(a, nbuf ? nbuf : 1, sizeof(*views));
  cx_rt_custom_call_attr_t* pattrs = cx_calloc(a, nattrs ? nattrs : 1, sizeof(*pattrs));
  cx_status_t st = NULL;
  if (!views || !pattrs) {
    st = CX_OOM();
    goto out;
  }
  for (uint32_t i = 0; i < nbuf; i++) {
    views[i].elem = bufs[i].elem;
    views[i].rank = bufs[i].rank;
    memcpy(views[i].dims, bufs[i].dims, bufs[i].rank * sizeof(int64_t));
    views[i].data = bufs[i].data;
    views[i].nbytes = (size_t)bufs[i].num_elements * cx_elem_storage_size(bufs[i].elem);
  }
  for (uint32_t i = 0; i < nattrs; i++) {
    const cx_rt_cc_attr_t* t = &attrs[i];
    cx_rt_custom_call_attr_t* o = &pattrs[i];
    o->name = t->name;
    o->elem = t->elem;
    switch (t->kind) {
      case CX_RT_CC_ATTR_INT: o->kind = CX_RT_CUSTOM_CALL_ATTR_INT; o->i = t->i; break;
      case CX_RT_CC_ATTR_BOOL: o->kind = CX_RT_CUSTOM_CALL_ATTR_BOOL; o->i = t->i; break;
      case CX_RT_CC_ATTR_FLOAT: o->kind = CX_RT_CUSTOM_CALL_ATTR_FLOAT; o->f = t->f; break;
      case CX_RT_CC_ATTR_STRING:
        o->kind = CX_RT_CUSTOM_CALL_ATTR_STRING;
        o->str = t->str.data;
        o->str_len = t->str.len;
        break;
      case CX_RT_CC_ATTR_INT_ARRAY:
        o->kind = CX_RT_CUSTOM_CALL_ATTR_INT_ARRAY;
        o->ints = t->ints.data;
        o->num_ints = t->ints.len;
        break;
      default: o->kind = CX_RT_CUSTOM_CALL_ATTR_OTHER; break;
    }
  }
  cx_rt_custom_call_t call = {name, nops, views, nres, views + nops, nattrs, pattrs};
  st = fn(user_data, &call);
out:
  cx_free(a, views);
  cx_free(a, pattrs);
  return st;
}

cx_status_t cx_rt_routine_custom_call(const cx_rt_routine_ctx_t* ctx, const void* params,
                                      void* const* buffers) {
  const cx_rt_executable_t* e = ctx->exe;
  uint64_t size = ctx->step->call.params_size;
  const char* base = params;
  cx_rt_custom_call_params_t p;
  if (size < sizeof(p)) return cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT, "custom call: short record");
  memcpy(&p, params, sizeof(p));
  uint32_t nbuf = p.num_operands + p.num_results;
  if (p.num_operands > 4096 || p.num_results > 4096 || p.num_attrs > 4096 ||
      nbuf != ctx->step->num_bindings || p.target >= e->strings_size ||
      !memchr(e->strings + p.target, 0, e->strings_size - p.target) ||
      p.buffers % 8 || p.attrs % 8 ||
      !in_record(p.buffers, nbuf, sizeof(cx_rt_cc_buffer_desc_t), size) ||
      !in_record(p.attrs, p.num_attrs, sizeof(cx_rt_cc_attr_desc_t), size))
    return cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT, "custom call: malformed record");
  const char* name = e->strings + p.target;
  const cx_rt_cc_target_t* target = cx_rt_cc_target_find(name);
  cx_rt_custom_call_fn app_fn = NULL;
  void* app_data = NULL;
  if (!target &&
      !cx_rt_custom_calls_find(ctx->options ? ctx->options->custom_calls : NULL, name, &app_fn,
                               &app_data))
    return cx_rt_routine_error(ctx, CX_UNIMPLEMENTED,
                               "custom call target '%s' is neither in this runtime nor in the "
                               "call's custom-call registry (cx_rt_invoke_options_t.custom_calls)",
                               name);
  const cx_rt_cc_buffer_desc_t* descs = (const void*)(base + p.buffers);
  const cx_rt_cc_attr_desc_t* adescs = (const void*)(base + p.attrs);

  cx_allocator_t a = cx_allocator_system();
  cx_rt_cc_buffer_t* bufs = cx_calloc(a, nbuf ? nbuf : 1, sizeof(*bufs));
  void** owned = cx_calloc(a, nbuf ? nbuf : 1, sizeof(*owned));
  cx_rt_cc_attr_t* attrs = cx_calloc(a, p.num_attrs ? p.num_attrs : 1, sizeof(*attrs));
  cx_status_t st = NULL;
  if (!bufs || !owned || !attrs) {
    st = CX_OOM();
    goto out;
  }
  for (uint32_t i = 0; i < p.num_attrs && !st; i++) {
    const cx_rt_cc_attr_desc_t* d = &adescs[i];
    cx_rt_cc_attr_t* t = &attrs[i];
    if (d->name >= e->strings_size || !memchr(e->strings + d->name, 0, e->strings_size - d->name)) {
      st = cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT, "custom call: malformed attribute");
      break;
    }
    t->name = e->strings + d->name;
    t->kind = (cx_rt_cc_attr_kind_t)d->kind;
    t->elem = (cx_elem_t)d->elem;
    switch (t->kind) {
      case CX_RT_CC_ATTR_INT:
      case CX_RT_CC_ATTR_BOOL: t->i = d->i; break;
      case CX_RT_CC_ATTR_FLOAT: t->f = d->f; break;
      case CX_RT_CC_ATTR_STRING:
        if (!in_record(d->payload, d->len, 1, size)) goto bad_attr;
        t->str.data = base + d->payload;
        t->str.len = d->len;
        break;
      case CX_RT_CC_ATTR_INT_ARRAY:
        if (d->payload % 8 || !in_record(d->payload, d->len, sizeof(int64_t), size)) goto bad_attr;
        t->ints.data = (const int64_t*)(const void*)(base + d->payload);
        t->ints.len = d->len;
        break;
      case CX_RT_CC_ATTR_UNSUPPORTED: break;
      default:
      bad_attr:
        st = cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT, "custom call: malformed attribute '%s'",
                                 t->name);
        break;
    }
  }
  for (uint32_t i = 0; i < nbuf && !st; i++) {
    const cx_rt_cc_buffer_desc_t* d = &descs[i];
    cx_rt_cc_buffer_t* b = &bufs[i];
    size_t nbytes;
    if (!shape_bytes(&d->shape, &b->num_elements, &nbytes) || !valid_layout(d)) {
      st = cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT, "custom call: malformed buffer %u", i);
      break;
    }
    b->elem = (cx_elem_t)d->shape.elem;
    b->rank = d->shape.rank;
    memcpy(b->dims, d->shape.dims, b->rank * sizeof(int64_t));
    bool operand = i < p.num_operands;
    if (d->row_major || !nbytes) {
      b->data = buffers[i];  // operands are only read: targets copy them into results
      continue;
    }
    owned[i] = cx_alloc(a, nbytes);
    if (!owned[i]) {
      st = CX_OOM();
      break;
    }
    if (operand)
      cx_rt_cc_relayout(d->shape.rank, d->shape.dims, d->minor_to_major,
                        cx_elem_storage_size(b->elem), buffers[i], owned[i], true);
    b->data = owned[i];
  }
  if (!st && app_fn) {
    st = call_application(name, app_fn, app_data, p.num_operands, p.num_results, bufs, p.num_attrs,
                          attrs);
    if (st) {
      cx_status_t located = cx_rt_routine_error(ctx, cx_status_code(st), "custom call '%s': %s", name,
                                                cx_status_message(st));
      cx_status_free(st);
      st = located;
    }
  } else if (!st) {
    cx_rt_cc_call_t call = {target,          p.num_operands, bufs, p.num_results,
                            bufs + p.num_operands, p.num_attrs, attrs};
    st = cx_rt_cc_call_run(&call);
    if (st) {
      cx_status_t located = cx_rt_routine_error(ctx, cx_status_code(st), "%s", cx_status_message(st));
      cx_status_free(st);
      st = located;
    }
  }
  for (uint32_t i = p.num_operands; i < nbuf && !st; i++)
    if (owned[i])
      cx_rt_cc_relayout(descs[i].shape.rank, descs[i].shape.dims, descs[i].minor_to_major,
                        cx_elem_storage_size(bufs[i].elem), owned[i], buffers[i], false);
out:
  for (uint32_t i = 0; owned && i < nbuf; i++) cx_free(a, owned[i]);
  cx_free(a, owned);
  cx_free(a, bufs);
  cx_free(a, attrs);
  return st;
}
