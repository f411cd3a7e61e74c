#include "compiler/exe_builder.h"
#include "support/file.h"

#include <stdlib.h>
#include <string.h>

#include "support/checked.h"

void cx_xb_init(cx_xb_t* xb) {
  memset(xb, 0, sizeof(*xb));
  // Offset 0 is "": a step's `ops` of 0 means none (runtime/executable.h).
  if (!cx_vec_push(&xb->strings, '\0')) xb->failed = true;
}

void cx_xb_free(cx_xb_t* xb) {
  cx_vec_free(&xb->ranges);
  cx_vec_free(&xb->scopes);
  for (size_t i = 0; i < xb->programs.len; i++) cx_vec_free(&xb->programs.data[i].steps);
  cx_vec_free(&xb->programs);
  cx_vec_free(&xb->slots);
  cx_vec_free(&xb->bindings);
  cx_vec_free(&xb->constants);
  cx_vec_free(&xb->deferred);
  cx_vec_free(&xb->reuses);
  cx_vec_free(&xb->params);
  cx_vec_free(&xb->strings);
}

uint32_t cx_xb_slot(cx_xb_t* xb, cx_rt_slot_kind_t kind, uint32_t index, uint64_t offset,
                    uint64_t nbytes) {
  cx_rt_slot_t s = {(uint32_t)kind, index, offset, nbytes};
  cx_xb_range_t r = {UINT64_MAX, UINT64_MAX};
  if (!cx_vec_reserve(&xb->ranges, xb->slots.len + 1) || !cx_vec_push(&xb->slots, s)) {
    xb->failed = true;
    return 0;
  }
  xb->ranges.data[xb->ranges.len++] = r;
  return (uint32_t)(xb->slots.len - 1);
}

uint32_t cx_xb_scratch(cx_xb_t* xb, uint64_t nbytes) {
  if (!nbytes) return cx_xb_slot(xb, CX_RT_SLOT_NONE, 0, 0, 0);
  return cx_xb_slot(xb, CX_RT_SLOT_ARENA, 0, 0, nbytes);
}

static void use_slot(cx_xb_t* xb, uint32_t slot) {
  if (slot >= xb->ranges.len) return;
  cx_xb_range_t* r = &xb->ranges.data[slot];
  if (r->first == UINT64_MAX) r->first = xb->pos;
  r->last = xb->pos;
}

void cx_xb_reuse(cx_xb_t* xb, uint32_t out, uint32_t in) {
  cx_xb_reuse_t r = {out, in};
  if (!cx_vec_push(&xb->reuses, r)) xb->failed = true;
}

void cx_xb_scope_begin(cx_xb_t* xb) {
  if (!cx_vec_push(&xb->scopes, xb->pos)) xb->failed = true;
  xb->pos++;
}

void cx_xb_scope_end(cx_xb_t* xb) {
  if (!xb->scopes.len) return;
  uint64_t start = xb->scopes.data[--xb->scopes.len];
  uint64_t end = xb->pos++;
  // Live before the scope and used in it: live through all of it.
  for (size_t i = 0; i < xb->ranges.len; i++) {
    cx_xb_range_t* r = &xb->ranges.data[i];
    if (r->first < start && r->last != UINT64_MAX && r->last > start && r->last < end) r->last = end;
  }
}

uint32_t cx_xb_program(cx_xb_t* xb) {
  cx_xb_program_t p = {{NULL, 0, 0}};
  if (!cx_vec_push(&xb->programs, p)) {
    xb->failed = true;
    return 0;
  }
  return (uint32_t)(xb->programs.len - 1);
}

uint32_t cx_xb_step(cx_xb_t* xb, uint32_t program, const cx_rt_step_t* step,
                    const uint32_t* bindings, uint32_t num_bindings) {
  if (xb->failed || program >= xb->programs.len) {
    xb->failed = true;
    return 0;
  }
  cx_rt_step_t s = *step;
  s.first_binding = (uint32_t)xb->bindings.len;
  s.num_bindings = num_bindings;
  for (uint32_t i = 0; i < num_bindings; i++) {
    if (!cx_vec_push(&xb->bindings, bindings[i])) {
      xb->failed = true;
      return 0;
    }
    use_slot(xb, bindings[i]);
  }
  xb->pos++;
  cx_xb_program_t* p = &xb->programs.data[program];
  if (!cx_vec_push(&p->steps, s)) {
    xb->failed = true;
    return 0;
  }
  return (uint32_t)(p->steps.len - 1);
}

static uint64_t append_aligned(cx_xb_t* xb, void* vec_, size_t align, const void* data,
                               uint64_t nbytes) {
  CX_VEC(unsigned char)* v = vec_;
  size_t start = (v->len + align - 1) & ~(align - 1), end;
  if (!cx_add_size(start, (size_t)nbytes, &end) || !cx_vec_reserve(v, end ? end : 1)) {
    xb->failed = true;
    return 0;
  }
  memset(v->data + v->len, 0, start - v->len);
  if (nbytes) memcpy(v->data + start, data, (size_t)nbytes);
  v->len = end;
  return start;
}

uint32_t cx_xb_constant(cx_xb_t* xb, const void* data, uint64_t nbytes, bool splat,
                        size_t elem_size) {
  uint64_t offset;
  if (splat && nbytes > elem_size) {
    // Expand the splat into the pool: kernels read constants as arrays.
    offset = append_aligned(xb, &xb->constants, CX_RT_BUFFER_ALIGN, NULL, 0);
    size_t end;
    if (xb->failed || !cx_add_size((size_t)offset, (size_t)nbytes, &end) ||
        !cx_vec_reserve(&xb->constants, end)) {
      xb->failed = true;
      return 0;
    }
    for (uint64_t i = 0; i < nbytes; i += elem_size)
      memcpy(xb->constants.data + offset + i, data, elem_size);
    xb->constants.len = end;
  } else if (xb->release_sources && nbytes >= CX_XB_DEFER_BYTES) {
    offset = append_aligned(xb, &xb->constants, CX_XB_DEFER_ALIGN, NULL, 0);
    size_t end;
    cx_xb_deferred_t d = {offset, nbytes, data};
    if (xb->failed || !cx_add_size((size_t)offset, (size_t)nbytes, &end) ||
        !cx_vec_reserve(&xb->constants, end) || !cx_vec_push(&xb->deferred, d)) {
      xb->failed = true;
      return 0;
    }
    xb->constants.len = end;  // reserved: cx_xb_finish copies it
  } else {
    offset = append_aligned(xb, &xb->constants, CX_RT_BUFFER_ALIGN, data, nbytes);
  }
  return cx_xb_slot(xb, CX_RT_SLOT_CONST, 0, offset, nbytes);
}

uint32_t cx_xb_params(cx_xb_t* xb, const void* record, uint32_t size) {
  return (uint32_t)append_aligned(xb, &xb->params, 8, record, size);
}

uint32_t cx_xb_string(cx_xb_t* xb, const char* s) {
  return (uint32_t)append_aligned(xb, &xb->strings, 1, s, strlen(s) + 1);
}

// Copies a vector into a new block of the executable's allocator.
static void* take(cx_rt_executable_t* exe, const void* data, size_t bytes, bool* failed) {
  if (!bytes) return NULL;
  void* p = cx_alloc(exe->allocator, bytes);
  if (!p) {
    *failed = true;
    return NULL;
  }
  memcpy(p, data, bytes);
  return p;
}

// The pool with deferred constants: the bytes written so far, then each
// deferred constant from its source, whose whole pages are given back as
// soon as no later deferred constant reads them (a source lowered twice),
// kFillSlice bytes at a time.
enum { kFillSlice = 256 * 1024 };

static cx_status_t fill_deferred(cx_xb_t* xb, cx_rt_executable_t* exe) {
  size_t len = xb->constants.len, total;
  if (!cx_add_size(len, CX_XB_DEFER_ALIGN, &total)) return CX_OOM();
  // Not zeroed: every byte is written below, page by page as it is needed.
  unsigned char* block = cx_alloc(exe->allocator, total);
  if (!block) return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate %zu bytes of constants", total);
  unsigned char* pool = (unsigned char*)(((uintptr_t)block + CX_XB_DEFER_ALIGN - 1) &
                                         ~(uintptr_t)(CX_XB_DEFER_ALIGN - 1));
  uint64_t at = 0;
  for (size_t i = 0; i < xb->deferred.len; i++) {
    const cx_xb_deferred_t* d = &xb->deferred.data[i];
    memcpy(pool + at, xb->constants.data + at, (size_t)(d->offset - at));
    at = d->offset + d->nbytes;
    const char* s = d->src;
    bool again = false;
    for (size_t j = i + 1; j < xb->deferred.len && !again; j++) {
      const char* t = xb->deferred.data[j].src;
      again = t < s + d->nbytes && s < t + xb->deferred.data[j].nbytes;
    }
    if (again) {
      memcpy(pool + d->offset, s, (size_t)d->nbytes);
      continue;
    }
    // Slice by slice, the source's pages given back behind the copy: the
    // largest weight is not resident twice (ResNet-50's 9 MiB 3x3 kernels
    // were, on top of the whole pool).
    const char* released = s;  // the source's pages before it are given back
    for (uint64_t done = 0; done < d->nbytes;) {
      size_t n = d->nbytes - done < kFillSlice ? (size_t)(d->nbytes - done) : kFillSlice;
      memcpy(pool + d->offset + done, s + done, n);
      done += n;
      const char* end = s + done;
      cx_pages_release(released, (size_t)(end - released));
      // The page the copy stopped in is given back with the next slice.
      const char* next = (const char*)((uintptr_t)end & ~(uintptr_t)(CX_XB_DEFER_ALIGN - 1));
      if (next > released) released = next;
    }
  }
  memcpy(pool + at, xb->constants.data + at, (size_t)(len - at));
  cx_vec_free(&xb->constants);
  cx_free(exe->allocator, exe->constants_block);
  exe->constants_block = block;
  exe->constants = pool;
  exe->const_size = len;
  return NULL;
}

// Hands the constant pool to the executable without copying it, when both
// live on the system allocator: the pool is a model's weights when they are
// constants, and a copy would hold them twice at the end of every compile.
// The vector grows by CX_RT_BUFFER_ALIGN and its bytes move up in place to
// the first aligned address. False (nothing changed) if that cannot be done.
static bool adopt_constants(cx_xb_t* xb, cx_rt_executable_t* exe) {
  if (exe->allocator.fn && exe->allocator.fn != cx_allocator_system_fn) return false;
  size_t len = xb->constants.len, total;
  if (!cx_add_size(len, CX_RT_BUFFER_ALIGN, &total) || !cx_vec_reserve(&xb->constants, total))
    return false;
  unsigned char* block = xb->constants.data;
  unsigned char* pool = (unsigned char*)(((uintptr_t)block + CX_RT_BUFFER_ALIGN - 1) &
                                         ~(uintptr_t)(CX_RT_BUFFER_ALIGN - 1));
  if (pool != block) memmove(pool, block, len);
  cx_free(exe->allocator, exe->constants_block);
  exe->constants_block = block;
  exe->constants = pool;
  exe->const_size = len;
  xb->constants.data = NULL;
  xb->constants.len = xb->constants.cap = 0;
  return true;
}

// ---- the buffer plan ------------------------------------------------------------------

typedef struct placed {
  uint64_t offset, size, last;
  uint32_t slot;
} placed_t;

static int by_first(const void* a, const void* b, void* ranges_) {
  const cx_xb_range_t* r = ranges_;
  uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;
  if (r[x].first != r[y].first) return r[x].first < r[y].first ? -1 : 1;
  return x < y ? -1 : x > y;
}

// First fit in offset order among the blocks still live at each slot's first
// use; returns the arena size.
static cx_status_t plan_arena(cx_xb_t* xb, cx_allocator_t a, uint64_t* out_size) {
  size_t n = 0;
  for (size_t i = 0; i < xb->slots.len; i++)
    if (xb->slots.data[i].kind == CX_RT_SLOT_ARENA) n++;
  uint32_t* order = cx_alloc_array(a, n, sizeof(uint32_t));
  placed_t* live = cx_alloc_array(a, n, sizeof(placed_t));
  // reuse_of[slot]: the slot whose memory it may take (cx_xb_reuse), or itself.
  uint32_t* reuse_of = cx_alloc_array(a, xb->slots.len ? xb->slots.len : 1, sizeof(uint32_t));
  if (!order || !live || !reuse_of) {
    cx_free(a, order);
    cx_free(a, live);
    cx_free(a, reuse_of);
    return CX_OOM();
  }
  for (size_t i = 0; i < xb->slots.len; i++) reuse_of[i] = (uint32_t)i;
  for (size_t i = 0; i < xb->reuses.len; i++)
    if (xb->reuses.data[i].out < xb->slots.len && xb->reuses.data[i].in < xb->slots.len)
      reuse_of[xb->reuses.data[i].out] = xb->reuses.data[i].in;
  n = 0;
  for (size_t i = 0; i < xb->slots.len; i++)
    if (xb->slots.data[i].kind == CX_RT_SLOT_ARENA) order[n++] = (uint32_t)i;
  qsort_r(order, n, sizeof(uint32_t), by_first, xb->ranges.data);
  size_t nlive = 0;
  uint64_t size = 0;
  for (size_t k = 0; k < n; k++) {
    uint32_t slot = order[k];
    cx_xb_range_t r = xb->ranges.data[slot];
    uint64_t bytes = (xb->slots.data[slot].nbytes + CX_RT_BUFFER_ALIGN - 1) & ~(uint64_t)(CX_RT_BUFFER_ALIGN - 1);
    if (r.first == UINT64_MAX) {  // never used: needs no memory of its own
      r.first = r.last = 0;
    }
    // Drop blocks whose last use precedes this slot's first use (a step may
    // read and write different slots, so a block last used by the very step
    // that first uses this slot stays live).
    size_t w = 0;
    for (size_t j = 0; j < nlive; j++)
      if (live[j].last >= r.first) live[w++] = live[j];
    nlive = w;
    // The memory of a slot whose last use is this slot's first (cx_xb_reuse).
    uint32_t from = reuse_of[slot];
    if (from != slot && xb->ranges.data[slot].first != UINT64_MAX &&
        xb->ranges.data[from].last == r.first) {
      size_t j = 0;
      while (j < nlive && live[j].slot != from) j++;
      if (j < nlive && bytes <= live[j].size) {
        live[j].last = r.last;
        live[j].slot = slot;
        xb->slots.data[slot].offset = live[j].offset;
        continue;
      }
    }
    // live[] is kept sorted by offset: take the first gap that fits.
    uint64_t at = 0;
    size_t ins = 0;
    for (; ins < nlive; ins++) {
      if (live[ins].offset >= at + bytes) break;
      uint64_t end = live[ins].offset + live[ins].size;
      if (end > at) at = end;
    }
    memmove(live + ins + 1, live + ins, (nlive - ins) * sizeof(placed_t));
    live[ins] = (placed_t){at, bytes, r.last, slot};
    nlive++;
    xb->slots.data[slot].offset = at;
    if (at + bytes > size) size = at + bytes;
  }
  cx_free(a, order);
  cx_free(a, live);
  cx_free(a, reuse_of);
  *out_size = size;
  return NULL;
}

uint32_t cx_xb_cache(cx_xb_t* xb) { return xb->num_caches++; }

cx_status_t cx_xb_finish(cx_xb_t* xb, cx_rt_executable_t* exe) {
  if (xb->failed) return CX_ERROR(CX_OUT_OF_MEMORY, "out of memory while building an executable");
  CX_RETURN_IF_ERROR(plan_arena(xb, exe->allocator, &exe->arena_size));
  bool failed = false;
  size_t total_steps = 0;
  for (size_t i = 0; i < xb->programs.len; i++) total_steps += xb->programs.data[i].steps.len;
  exe->num_programs = (uint32_t)xb->programs.len;
  exe->programs = cx_alloc(exe->allocator, (xb->programs.len ? xb->programs.len : 1) * sizeof(cx_rt_program_t));
  exe->steps = cx_alloc(exe->allocator, (total_steps ? total_steps : 1) * sizeof(cx_rt_step_t));
  if (!exe->programs || !exe->steps) return CX_OOM();
  uint32_t at = 0;
  for (size_t i = 0; i < xb->programs.len; i++) {
    cx_xb_program_t* p = &xb->programs.data[i];
    exe->programs[i].first_step = at;
    exe->programs[i].num_steps = (uint32_t)p->steps.len;
    if (p->steps.len) memcpy(exe->steps + at, p->steps.data, p->steps.len * sizeof(cx_rt_step_t));
    at += (uint32_t)p->steps.len;
  }
  exe->num_steps = at;
  exe->num_slots = (uint32_t)xb->slots.len;
  exe->slots = take(exe, xb->slots.data, xb->slots.len * sizeof(cx_rt_slot_t), &failed);
  exe->num_bindings = (uint32_t)xb->bindings.len;
  exe->bindings = take(exe, xb->bindings.data, xb->bindings.len * sizeof(uint32_t), &failed);
  exe->params_size = (uint32_t)xb->params.len;
  exe->params = take(exe, xb->params.data, xb->params.len, &failed);
  exe->strings_size = (uint32_t)xb->strings.len;
  exe->strings = take(exe, xb->strings.data, xb->strings.len, &failed);
  if (failed) return CX_OOM();
  if (xb->num_caches) {
    exe->caches = cx_alloc(exe->allocator, xb->num_caches * sizeof(exe->caches[0]));
    if (!exe->caches) return CX_OOM();
    for (uint32_t i = 0; i < xb->num_caches; i++) atomic_init(&exe->caches[i], NULL);
    exe->num_caches = xb->num_caches;
  }
  if (xb->deferred.len) return fill_deferred(xb, exe);
  if (xb->constants.len && !adopt_constants(xb, exe)) {
    CX_RETURN_IF_ERROR(cx_rt_executable_alloc_constants(exe, xb->constants.len));
    memcpy(exe->constants, xb->constants.data, xb->constants.len);
  }
  return NULL;
}
