// Large dense payloads owned by a module (see "Dense payloads" in ir.h).
//
// Each payload is a header, then the data (16-byte aligned), in one
// allocation of the context's allocator, in a singly linked list on the
// module. With the system allocator, payloads of CX_PAYLOAD_PAGED_BYTES or
// more are whole pages of their own instead (mmap) and the header a small
// allocation: a compile that copies a model's weights out of the module gives
// back every page of each one it has copied (exe_builder.c), where a header
// on the first page, and the allocator's neighbours on the last, kept two
// pages of every weight resident until the module was freed. Releasing
// marks the payloads that the module's attributes refer to (by the data
// pointer a DENSE attribute holds, found through a pointer map) and frees the
// rest; so a payload lives exactly as long as some attribute of the module
// uses it, without reference counts on the attributes themselves (which are
// immutable and shared freely).
#include <string.h>
#include <sys/mman.h>

#include "ir/ir.h"
#include "ir/walk.h"
#include "support/ptrmap.h"

typedef struct cx_payload {
  struct cx_payload* next;
  size_t nbytes;
  size_t mapped;        // bytes mapped at `data` (a paged payload), else 0
  unsigned char* data;  // after the header, or the mapping
  bool mark;
  _Alignas(16) unsigned char inline_data[];
} cx_payload_t;

enum { kPayloadPage = 4096 };

static bool system_allocator(cx_allocator_t a) {
  return !a.fn || a.fn == cx_allocator_system_fn;
}

void* cx_module_payload_alloc(cx_module_t* m, size_t nbytes) {
  if (nbytes < CX_PAYLOAD_MIN_BYTES) return cx_arena_alloc(&m->arena, nbytes ? nbytes : 1, 16);
  if (nbytes > SIZE_MAX - sizeof(cx_payload_t) - kPayloadPage) return NULL;
  bool paged = nbytes >= CX_PAYLOAD_PAGED_BYTES && system_allocator(m->ctx->allocator);
  cx_payload_t* p = cx_alloc(m->ctx->allocator, sizeof(cx_payload_t) + (paged ? 0 : nbytes));
  if (!p) return NULL;
  p->mapped = 0;
  p->data = p->inline_data;
  if (paged) {
    size_t len = (nbytes + kPayloadPage - 1) & ~(size_t)(kPayloadPage - 1);
    void* d = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (d == MAP_FAILED) {
      cx_free(m->ctx->allocator, p);
      return NULL;
    }
    p->mapped = len;
    p->data = d;
  }
  p->next = m->payloads;
  p->nbytes = nbytes;
  p->mark = false;
  m->payloads = p;
  m->payload_bytes += nbytes;
  return p->data;
}

static void payload_free(cx_module_t* m, cx_payload_t* p) {
  if (p->mapped) (void)munmap(p->data, p->mapped);  // fails only on a bad range
  cx_free(m->ctx->allocator, p);
}

const cx_attr_t* cx_module_attr_dense(cx_module_t* m, const cx_type_t* tensor_type,
                                      const void* data, size_t nbytes, bool splat) {
  void* copy = cx_module_payload_alloc(m, nbytes);
  if (!copy) return NULL;
  if (nbytes) memcpy(copy, data, nbytes);
  // The module owns the copy: the attribute borrows it.
  return cx_attr_dense(&m->arena, tensor_type, copy, nbytes, splat, true);
}

void cx_payloads_free_all(cx_module_t* m) {
  for (cx_payload_t* p = m->payloads; p;) {
    cx_payload_t* next = p->next;
    payload_free(m, p);
    p = next;
  }
  m->payloads = NULL;
  m->payload_bytes = 0;
}

// ---- marking ------------------------------------------------------------------------

typedef struct mark_state {
  const cx_ptrmap_t* by_data;  // payload data -> payload
} mark_state_t;

static void mark_attr(const mark_state_t* ms, const cx_attr_t* a, int depth) {
  // Attributes nest only through arrays, dictionaries and mesh axes; the
  // parser bounds that depth, so recursion is safe.
  if (!a || depth > 512) return;
  switch (a->kind) {
    case CX_ATTR_DENSE: {
      cx_payload_t* p = cx_ptrmap_get(ms->by_data, a->dense.data);
      if (p) p->mark = true;
      return;
    }
    case CX_ATTR_DENSE_RESOURCE: {
      // Stand-ins for elided blobs keep their values in payloads.
      cx_payload_t* p = a->resource.blob ? cx_ptrmap_get(ms->by_data, a->resource.blob->data) : NULL;
      if (p) p->mark = true;
      return;
    }
    case CX_ATTR_ARRAY:
      for (uint32_t i = 0; i < a->array.count; i++) mark_attr(ms, a->array.items[i], depth + 1);
      return;
    case CX_ATTR_DICT:
      for (uint32_t i = 0; i < a->dict.count; i++) mark_attr(ms, a->dict.items[i].value, depth + 1);
      return;
    default:
      return;
  }
}

static cx_walk_result_t mark_op(cx_op_t* op, void* arg) {
  for (uint32_t i = 0; i < op->num_attrs; i++) mark_attr(arg, op->attrs[i].value, 0);
  return CX_WALK_ADVANCE;
}

cx_status_t cx_module_release_unused_payloads(cx_module_t* m, size_t* out_freed) {
  if (out_freed) *out_freed = 0;
  if (!m->payloads) return NULL;
  cx_ptrmap_t by_data;
  cx_ptrmap_init(&by_data, m->ctx->allocator);
  for (cx_payload_t* p = m->payloads; p; p = p->next) {
    p->mark = false;
    if (!cx_ptrmap_put(&by_data, p->data, p)) {
      cx_ptrmap_free(&by_data);
      return CX_OOM();
    }
  }
  mark_state_t ms = {&by_data};
  for (uint32_t i = 0; i < m->num_attrs; i++) mark_attr(&ms, m->attrs[i].value, 0);
  cx_walk_module(m, CX_WALK_PRE_ORDER, mark_op, &ms);
  cx_ptrmap_free(&by_data);
  size_t freed = 0;
  for (cx_payload_t** link = &m->payloads; *link;) {
    cx_payload_t* p = *link;
    if (p->mark) {
      link = &p->next;
      continue;
    }
    *link = p->next;
    freed += p->nbytes;
    payload_free(m, p);
  }
  m->payload_bytes -= freed;
  if (out_freed) *out_freed = freed;
  return NULL;
}
