// Reading artifacts (runtime/artifact.h; include/cxla/runtime.h:
// cx_rt_executable_load_file / _load_memory, cx_rt_artifact_describe).
//
// Order of checks: what the file is (magic), whether this runtime can read
// it (format and kernel-ABI versions), whether it is whole (size, checksum),
// whether it fits this CPU, then every table: each index, offset and size is
// checked against what it refers to, and nested programs must form a tree
// of bounded depth (the executor recurses into them). Only then is the code
// mapped and its library queried.
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/artifact.h"
#include "runtime/artifact_internal.h"
#include "runtime/routine_gemm.h"
#include "runtime/routines.h"
#include "support/checked.h"

// No allocator is in reach here (objects made for the caller or for the process):
// the system allocator, through cx_allocator_t like every allocation in src/.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

// Deeper nesting of while/case programs than this is refused (the executor
// recurses once per level).
#define MAX_PROGRAM_DEPTH 256

static cx_status_t corrupt(const char* fmt, ...) CX_PRINTF(1, 2);
static cx_status_t corrupt(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cx_status_t st = cx_status_makev(CX_DATA_LOSS, __FILE__, __LINE__, fmt, ap);
  va_end(ap);
  return cx_status_prefix(st, "corrupt artifact");
}

typedef struct view {
  const unsigned char* p;
  uint64_t size;
  bool present;
} view_t;

typedef struct parsed {
  cx_rt_artifact_header_t h;
  view_t sec[CX_RT_SEC_COUNT_];
  cx_rt_artifact_signature_t sig;
  uint32_t num_slots, num_steps, num_programs, num_bindings, num_routines;
  uint32_t routine_map[64];  // ROUTINES index -> this runtime's routine id
} parsed_t;

const char* cx_rt_artifact_meta_get(const char* meta, size_t size, const char* key) {
  size_t klen = strlen(key);
  for (size_t i = 0; i < size;) {
    const char* entry = meta + i;
    const char* end = memchr(entry, 0, size - i);
    if (!end) return NULL;
    if ((size_t)(end - entry) > klen && !memcmp(entry, key, klen) && entry[klen] == '=')
      return entry + klen + 1;
    i += (size_t)(end - entry) + 1;
  }
  return NULL;
}

static const char* kSectionNames[CX_RT_SEC_COUNT_] = {
    [CX_RT_SEC_META] = "META",         [CX_RT_SEC_SIGNATURE] = "SIGNATURE",
    [CX_RT_SEC_SLOTS] = "SLOTS",       [CX_RT_SEC_STEPS] = "STEPS",
    [CX_RT_SEC_PROGRAMS] = "PROGRAMS", [CX_RT_SEC_BINDINGS] = "BINDINGS",
    [CX_RT_SEC_PARAMS] = "PARAMS",     [CX_RT_SEC_STRINGS] = "STRINGS",
    [CX_RT_SEC_ROUTINES] = "ROUTINES", [CX_RT_SEC_CONSTANTS] = "CONSTANTS",
    [CX_RT_SEC_CODE] = "CODE",         [CX_RT_SEC_STEP_OPS] = "STEP_OPS",
};

// The header and section table: versions, size, checksum.
static cx_status_t parse_header(const unsigned char* data, size_t size, uint32_t flags,
                                parsed_t* p) {
  if (size < CX_RT_ARTIFACT_MAGIC_SIZE || memcmp(data, CX_RT_ARTIFACT_MAGIC, CX_RT_ARTIFACT_MAGIC_SIZE))
    return CX_ERROR(CX_INVALID_ARGUMENT, "not a cxla artifact (no CXLAEXE magic)");
  if (size < sizeof p->h)
    return CX_ERROR(CX_DATA_LOSS, "truncated artifact: %zu bytes, shorter than its header", size);
  memcpy(&p->h, data, sizeof p->h);
  const cx_rt_artifact_header_t* h = &p->h;
  if (h->format_version > CX_RT_ARTIFACT_FORMAT_VERSION)
    return CX_ERROR(CX_UNIMPLEMENTED,
                    "artifact format version %u is newer than this runtime reads (%u): use a newer "
                    "cxla runtime, or recompile the program with this cxla",
                    h->format_version, CX_RT_ARTIFACT_FORMAT_VERSION);
  if (h->format_version < CX_RT_ARTIFACT_MIN_FORMAT_VERSION)
    return CX_ERROR(CX_UNIMPLEMENTED,
                    "artifact format version %u is older than this runtime reads (%u..%u): "
                    "recompile the program",
                    h->format_version, CX_RT_ARTIFACT_MIN_FORMAT_VERSION,
                    CX_RT_ARTIFACT_FORMAT_VERSION);
  if (h->kernel_abi_version != CX_KERNEL_ABI_VERSION)
    return CX_ERROR(CX_UNIMPLEMENTED,
                    "artifact code uses kernel ABI version %u, this runtime implements %u: "
                    "recompile the program",
                    h->kernel_abi_version, CX_KERNEL_ABI_VERSION);
  if (h->file_size > size)
    return CX_ERROR(CX_DATA_LOSS, "truncated artifact: %zu of %llu bytes", size,
                    (unsigned long long)h->file_size);
  if (h->file_size < size)
    return corrupt("%llu bytes declared but %zu present", (unsigned long long)h->file_size, size);
  if (!(flags & CX_RT_ARTIFACT_NO_CHECKSUM) && cx_rt_artifact_file_checksum(data, size) != h->checksum)
    return CX_ERROR(CX_DATA_LOSS, "corrupt artifact: the checksum does not match its contents");
  if (h->header_size != sizeof *h) return corrupt("header of %u bytes", h->header_size);
  if (h->flags) return corrupt("unknown flags 0x%x", h->flags);
  if (h->num_sections > 64) return corrupt("%u sections", h->num_sections);
  uint64_t table_end = sizeof *h + (uint64_t)h->num_sections * sizeof(cx_rt_artifact_section_t);
  if (table_end > size) return corrupt("the section table runs past the end");
  for (uint32_t i = 0; i < h->num_sections; i++) {
    cx_rt_artifact_section_t s;
    memcpy(&s, data + sizeof *h + i * sizeof s, sizeof s);
    uint64_t end;
    if (s.offset < table_end || __builtin_add_overflow(s.offset, s.size, &end) || end > size)
      return corrupt("section %u lies outside the file", i);
    if (!s.align || (s.align & (s.align - 1)) || s.offset % s.align)
      return corrupt("section %u is misaligned", i);
    if (s.kind == 0 || s.kind >= CX_RT_SEC_COUNT_) continue;  // a later format's extra
    if (p->sec[s.kind].present) return corrupt("two %s sections", kSectionNames[s.kind]);
    p->sec[s.kind] = (view_t){data + s.offset, s.size, true};
  }
  for (uint32_t k = 1; k < CX_RT_SEC_COUNT_; k++)
    if (!p->sec[k].present && k != CX_RT_SEC_STEP_OPS)  // STEP_OPS is optional
      return corrupt("no %s section", kSectionNames[k]);
  return NULL;
}

static cx_status_t check_cpu(const parsed_t* p) {
  uint32_t here = cx_rt_cpu_machine();
  const char* target = cx_rt_artifact_meta_get((const char*)p->sec[CX_RT_SEC_META].p,
                                               p->sec[CX_RT_SEC_META].size, "target");
  if (p->h.machine != here)
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "artifact code is for %s (target '%s') but this CPU is %s: compile it for "
                    "this machine",
                    cx_rt_machine_name(p->h.machine), target ? target : "?",
                    cx_rt_machine_name(here));
  uint64_t missing = p->h.cpu_features & ~cx_rt_cpu_detect();
  if (missing) {
    char names[512];
    cx_rt_cpu_features_format(missing, names, sizeof names);
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "artifact code needs CPU features this CPU lacks: %s (compiled for target "
                    "'%s'); compile it for --target=host or an older level",
                    names, target ? target : "?");
  }
  return NULL;
}

static cx_status_t tensor_view(const cx_rt_artifact_tensor_t* t, const char* what, uint32_t i,
                               cx_buffer_view_t* out) {
  memset(out, 0, sizeof *out);
  if (t->elem == CX_ELEM_INVALID) {
    if (t->rank) return corrupt("%s %u: a token with dims", what, i);
    return NULL;
  }
  if (t->elem < 0 || t->elem >= CX_ELEM_COUNT || t->elem == CX_ELEM_INDEX ||
      !cx_elem_storage_size((cx_elem_t)t->elem))
    return corrupt("%s %u: element type %d", what, i, t->elem);
  if (t->rank > CX_MAX_RANK) return corrupt("%s %u: rank %u", what, i, t->rank);
  out->elem = (cx_elem_t)t->elem;
  out->rank = t->rank;
  int64_t n = 1;
  for (uint32_t d = 0; d < t->rank; d++) {
    if (t->dims[d] < 0 || !cx_mul_i64(n, t->dims[d], &n))
      return corrupt("%s %u: dimension %u is %lld", what, i, d, (long long)t->dims[d]);
    out->dims[d] = t->dims[d];
  }
  size_t bytes;
  if (!cx_mul_size((size_t)n, cx_elem_storage_size(out->elem), &bytes))
    return corrupt("%s %u: size overflows", what, i);
  out->nbytes = bytes;
  return NULL;
}

// Counts of the fixed-record tables.
static cx_status_t count(const view_t* v, size_t record, const char* what, uint32_t* out) {
  if (v->size % record || v->size / record > UINT32_MAX)
    return corrupt("%s: %llu bytes", what, (unsigned long long)v->size);
  *out = (uint32_t)(v->size / record);
  return NULL;
}

static cx_status_t parse_tables(parsed_t* p) {
  const view_t* meta = &p->sec[CX_RT_SEC_META];
  if (meta->size && meta->p[meta->size - 1]) return corrupt("META is not terminated");
  const view_t* sig = &p->sec[CX_RT_SEC_SIGNATURE];
  if (sig->size < sizeof p->sig) return corrupt("the signature is truncated");
  memcpy(&p->sig, sig->p, sizeof p->sig);
  uint64_t want = sizeof p->sig + ((uint64_t)p->sig.num_args + p->sig.num_results) *
                                      sizeof(cx_rt_artifact_tensor_t);
  if (sig->size != want) return corrupt("the signature has %llu bytes, %llu expected",
                                        (unsigned long long)sig->size, (unsigned long long)want);
  // Each cache belongs to a CALL step: more caches than steps is damage
  // (and would make the loader allocate what the file does not pay for).
  if (p->h.format_version < 3 && p->sig.num_caches)
    return corrupt("routine caches in a version %u artifact", p->h.format_version);
  CX_RETURN_IF_ERROR(count(&p->sec[CX_RT_SEC_SLOTS], sizeof(cx_rt_artifact_slot_t), "SLOTS", &p->num_slots));
  CX_RETURN_IF_ERROR(count(&p->sec[CX_RT_SEC_STEPS], sizeof(cx_rt_artifact_step_t), "STEPS", &p->num_steps));
  CX_RETURN_IF_ERROR(count(&p->sec[CX_RT_SEC_PROGRAMS], sizeof(cx_rt_artifact_program_t), "PROGRAMS",
                           &p->num_programs));
  CX_RETURN_IF_ERROR(count(&p->sec[CX_RT_SEC_BINDINGS], sizeof(uint32_t), "BINDINGS", &p->num_bindings));
  if (p->sig.num_caches > p->num_steps)
    return corrupt("%u routine caches for %u steps", p->sig.num_caches, p->num_steps);
  if (p->sec[CX_RT_SEC_PARAMS].size > UINT32_MAX) return corrupt("PARAMS too large");
  const view_t* strings = &p->sec[CX_RT_SEC_STRINGS];
  if (strings->size > UINT32_MAX || (strings->size && strings->p[strings->size - 1]))
    return corrupt("STRINGS is not terminated");
  // Routine names -> this runtime's routines.
  const view_t* r = &p->sec[CX_RT_SEC_ROUTINES];
  if (r->size && r->p[r->size - 1]) return corrupt("ROUTINES is not terminated");
  for (uint64_t i = 0; i < r->size;) {
    const char* name = (const char*)r->p + i;
    size_t len = strlen(name);
    if (p->num_routines == sizeof p->routine_map / sizeof p->routine_map[0])
      return corrupt("too many routines");
    if (!cx_rt_routine_find(name, &p->routine_map[p->num_routines]))
      return CX_ERROR(CX_UNIMPLEMENTED,
                      "the artifact calls the library routine '%s', which this runtime does not "
                      "have (written by a newer cxla?): recompile the program",
                      name);
    p->num_routines++;
    i += len + 1;
  }
  return NULL;
}

static void get_step(const parsed_t* p, uint32_t i, cx_rt_artifact_step_t* out) {
  memcpy(out, p->sec[CX_RT_SEC_STEPS].p + (size_t)i * sizeof *out, sizeof *out);
}
// The step's ops (STEP_OPS), or 0 if the file has none.
static uint32_t get_step_ops(const parsed_t* p, uint32_t i) {
  const view_t* v = &p->sec[CX_RT_SEC_STEP_OPS];
  uint32_t x = 0;
  if (v->present && ((uint64_t)i + 1) * 4 <= v->size) memcpy(&x, v->p + (size_t)i * 4, 4);
  return x;
}
static void get_program(const parsed_t* p, uint32_t i, cx_rt_artifact_program_t* out) {
  memcpy(out, p->sec[CX_RT_SEC_PROGRAMS].p + (size_t)i * sizeof *out, sizeof *out);
}
static uint32_t get_binding(const parsed_t* p, uint32_t i) {
  uint32_t b;
  memcpy(&b, p->sec[CX_RT_SEC_BINDINGS].p + (size_t)i * 4, 4);
  return b;
}

// Nested programs (a while's condition and body, a case's branches) must
// form a DAG no deeper than MAX_PROGRAM_DEPTH: the executor recurses once
// per level. Iterative depth-first search (state: 0 unseen, 1 on the
// current path, 2 done; depth: the longest chain below a finished program),
// so a hostile file cannot exhaust the stack here either.
typedef struct nest_frame {
  uint32_t prog, step, child;  // the next step to scan, and the next child within it
} nest_frame_t;

// The next program that frame f's program runs, or UINT32_MAX.
static uint32_t next_child(const parsed_t* p, nest_frame_t* f) {
  cx_rt_artifact_program_t pr;
  get_program(p, f->prog, &pr);
  while (f->step < pr.num_steps) {
    cx_rt_artifact_step_t st;
    get_step(p, pr.first_step + f->step, &st);
    uint32_t n = st.kind == CX_RT_STEP_WHILE ? 2 : st.kind == CX_RT_STEP_CASE ? (uint32_t)st.b : 0;
    if (f->child < n) {
      uint32_t c = f->child++;
      if (st.kind == CX_RT_STEP_WHILE) return c == 0 ? st.a : (uint32_t)st.b;
      return st.a + c;
    }
    f->step++;
    f->child = 0;
  }
  return UINT32_MAX;
}

static cx_status_t check_nesting(const parsed_t* p, unsigned char* state, uint32_t* depth) {
  nest_frame_t* stack = cx_alloc(kSystem, (MAX_PROGRAM_DEPTH + 1) * sizeof *stack);
  if (!stack) return CX_OOM();
  cx_status_t st = NULL;
  for (uint32_t root = 0; root < p->num_programs && !st; root++) {
    if (state[root]) continue;
    int top = 0;
    stack[0] = (nest_frame_t){root, 0, 0};
    state[root] = 1;
    while (top >= 0 && !st) {
      nest_frame_t* f = &stack[top];
      uint32_t c = next_child(p, f);
      if (c == UINT32_MAX) {  // all children done
        state[f->prog] = 2;
        top--;
        if (top >= 0 && depth[stack[top].prog] < depth[f->prog] + 1)
          depth[stack[top].prog] = depth[f->prog] + 1;
      } else if (state[c] == 1) {
        st = corrupt("program %u runs itself", c);
      } else if (state[c] == 2) {
        if (depth[f->prog] < depth[c] + 1) depth[f->prog] = depth[c] + 1;
      } else if (top == MAX_PROGRAM_DEPTH) {
        st = corrupt("programs nest more than %d deep", MAX_PROGRAM_DEPTH);
      } else {
        state[c] = 1;
        stack[++top] = (nest_frame_t){c, 0, 0};
      }
      if (!st && top >= 0 && depth[stack[top].prog] > MAX_PROGRAM_DEPTH)
        st = corrupt("programs nest more than %d deep", MAX_PROGRAM_DEPTH);
    }
  }
  cx_free(kSystem, stack);
  return st;
}

// A GEMM's or convolution's routine cache (1 + index; 0: none) is one the
// executable has.
static bool cache_index_ok(const parsed_t* p, const cx_rt_artifact_step_t* s) {
  uint32_t routine = p->routine_map[s->a];
  size_t at;
  if (routine == CX_RT_ROUTINE_GEMM) at = offsetof(cx_rt_gemm_params_t, b_cache);
  else if (routine == CX_RT_ROUTINE_CONV) at = offsetof(cx_rt_conv_params_t, kernel_cache);
  else return true;
  if (s->c < at + sizeof(int32_t)) return false;
  int32_t cache;
  memcpy(&cache, p->sec[CX_RT_SEC_PARAMS].p + s->b + at, sizeof cache);
  return cache >= 0 && (uint32_t)cache <= p->sig.num_caches;
}

// Every slot, step, program and binding refers to something that exists.
static cx_status_t validate(const parsed_t* p, const cx_buffer_view_t* args,
                            const cx_buffer_view_t* results, uint32_t num_kernels) {
  uint64_t const_size = p->sec[CX_RT_SEC_CONSTANTS].size, arena = p->sig.arena_size;
  uint64_t* slot_bytes = cx_alloc(kSystem, (p->num_slots ? p->num_slots : 1) * sizeof(uint64_t));
  if (!slot_bytes) return CX_OOM();
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < p->num_slots && !st; i++) {
    cx_rt_artifact_slot_t s;
    memcpy(&s, p->sec[CX_RT_SEC_SLOTS].p + (size_t)i * sizeof s, sizeof s);
    uint64_t end;
    bool ok;
    switch (s.kind) {
      case CX_RT_SLOT_ARG: ok = s.index < p->sig.num_args && s.nbytes <= args[s.index].nbytes; break;
      case CX_RT_SLOT_RESULT:
        ok = s.index < p->sig.num_results && s.nbytes <= results[s.index].nbytes;
        break;
      case CX_RT_SLOT_CONST:
        ok = !__builtin_add_overflow(s.offset, s.nbytes, &end) && end <= const_size;
        break;
      case CX_RT_SLOT_ARENA:
        ok = !__builtin_add_overflow(s.offset, s.nbytes, &end) && end <= arena &&
             s.offset % CX_RT_BUFFER_ALIGN == 0;
        break;
      case CX_RT_SLOT_NONE: ok = s.nbytes == 0; break;
      default: ok = false;
    }
    if (!ok) st = corrupt("slot %u (kind %u) is out of range", i, s.kind);
    slot_bytes[i] = s.nbytes;
  }
  for (uint32_t i = 0; i < p->num_bindings && !st; i++)
    if (get_binding(p, i) >= p->num_slots) st = corrupt("binding %u names slot %u", i, get_binding(p, i));
  uint64_t nstr = p->sec[CX_RT_SEC_STRINGS].size, nparams = p->sec[CX_RT_SEC_PARAMS].size;
  for (uint32_t i = 0; i < p->num_steps && !st; i++) {
    cx_rt_artifact_step_t s;
    get_step(p, i, &s);
    uint64_t bend = (uint64_t)s.first_binding + s.num_bindings, end;
    if (bend > p->num_bindings || (nstr ? (s.where >= nstr || s.op >= nstr) : (s.where || s.op))) {
      st = corrupt("step %u refers outside the tables", i);
      break;
    }
    // The first binding of WHILE and CASE is read as a predicate or index.
    uint64_t b0 = s.num_bindings ? slot_bytes[get_binding(p, s.first_binding)] : 0;
    bool ok;
    switch (s.kind) {
      case CX_RT_STEP_KERNEL:
        ok = s.a < num_kernels && (int64_t)s.b >= 0 && (int64_t)s.c >= 0;
        break;
      case CX_RT_STEP_CALL:
        ok = s.a < p->num_routines && s.b % 8 == 0 && !__builtin_add_overflow(s.b, s.c, &end) &&
             end <= nparams && cache_index_ok(p, &s);
        break;
      case CX_RT_STEP_COPY:
        ok = s.num_bindings == 2 && s.b <= slot_bytes[get_binding(p, s.first_binding)] &&
             s.b <= slot_bytes[get_binding(p, s.first_binding + 1)];
        break;
      case CX_RT_STEP_WHILE:
        ok = s.num_bindings >= 1 && b0 >= 1 && s.a < p->num_programs && s.b < p->num_programs;
        break;
      case CX_RT_STEP_CASE:
        ok = s.num_bindings >= 1 && b0 >= (s.c ? 1u : 4u) && s.b >= 1 && s.c <= 1 &&
             !__builtin_add_overflow((uint64_t)s.a, s.b, &end) && end <= p->num_programs;
        break;
      default: ok = false;
    }
    if (!ok) st = corrupt("step %u (kind %u) is out of range", i, s.kind);
  }
  const view_t* ops = &p->sec[CX_RT_SEC_STEP_OPS];
  if (!st && ops->present && ops->size != (uint64_t)p->num_steps * sizeof(uint32_t))
    st = corrupt("STEP_OPS: %llu bytes for %u steps", (unsigned long long)ops->size, p->num_steps);
  for (uint32_t i = 0; !st && ops->present && i < p->num_steps; i++)
    if (get_step_ops(p, i) >= (nstr ? nstr : 1)) st = corrupt("step %u: ops outside STRINGS", i);
  for (uint32_t i = 0; i < p->num_programs && !st; i++) {
    cx_rt_artifact_program_t pr;
    get_program(p, i, &pr);
    if ((uint64_t)pr.first_step + pr.num_steps > p->num_steps)
      st = corrupt("program %u runs steps outside the table", i);
  }
  if (!st && !p->num_programs && p->num_steps) st = corrupt("steps without a program");
  cx_free(kSystem, slot_bytes);
  if (st || !p->num_programs) return st;
  unsigned char* state = cx_calloc(kSystem, p->num_programs, 1);
  uint32_t* depth = cx_calloc(kSystem, p->num_programs, sizeof(uint32_t));
  st = state && depth ? check_nesting(p, state, depth) : CX_OOM();
  cx_free(kSystem, state);
  cx_free(kSystem, depth);
  return st;
}

// ---- building the executable ----------------------------------------------------------

static void release_code(void* owner) {
  cx_rt_artifact_code_t* c = owner;
  if (!c) return;
  cx_rt_elf_unload(&c->image);
  cx_free(kSystem, c->elf_copy);
  cx_free(kSystem, c->meta);
  if (c->release_keep) c->release_keep(c->keep);
  cx_free(kSystem, c);
}

const cx_rt_artifact_code_t* cx_rt_artifact_code_of(const cx_rt_executable_t* exe) {
  return exe && exe->code.release == release_code ? exe->code.owner : NULL;
}

static void* dup_bytes(cx_rt_executable_t* e, const void* p, uint64_t n, bool* failed) {
  if (!n) return NULL;
  void* d = cx_alloc(e->allocator, (size_t)n);
  if (!d) {
    *failed = true;
    return NULL;
  }
  memcpy(d, p, (size_t)n);
  return d;
}

static cx_status_t build(const parsed_t* p, bool borrow, cx_rt_executable_t* e) {
  bool failed = false;
  const char* meta = (const char*)p->sec[CX_RT_SEC_META].p;
  const char* fn = cx_rt_artifact_meta_get(meta, p->sec[CX_RT_SEC_META].size, "function");
  e->function_name = dup_bytes(e, fn ? fn : "", strlen(fn ? fn : "") + 1, &failed);
  e->num_args = p->sig.num_args;
  e->num_results = p->sig.num_results;
  e->arg_types = cx_alloc(e->allocator, (e->num_args ? e->num_args : 1) * sizeof(cx_buffer_view_t));
  e->result_types = cx_alloc(e->allocator, (e->num_results ? e->num_results : 1) * sizeof(cx_buffer_view_t));
  e->num_slots = p->num_slots;
  e->slots = cx_alloc(e->allocator, (p->num_slots ? p->num_slots : 1) * sizeof(cx_rt_slot_t));
  e->num_steps = p->num_steps;
  e->steps = cx_alloc(e->allocator, (p->num_steps ? p->num_steps : 1) * sizeof(cx_rt_step_t));
  e->num_programs = p->num_programs;
  e->programs = cx_alloc(e->allocator, (p->num_programs ? p->num_programs : 1) * sizeof(cx_rt_program_t));
  e->num_bindings = p->num_bindings;
  e->bindings = dup_bytes(e, p->sec[CX_RT_SEC_BINDINGS].p, p->sec[CX_RT_SEC_BINDINGS].size, &failed);
  e->params_size = (uint32_t)p->sec[CX_RT_SEC_PARAMS].size;
  // Parameter records are read as structs: an aligned copy.
  e->params = dup_bytes(e, p->sec[CX_RT_SEC_PARAMS].p, p->sec[CX_RT_SEC_PARAMS].size, &failed);
  e->strings_size = (uint32_t)p->sec[CX_RT_SEC_STRINGS].size;
  e->strings = dup_bytes(e, p->sec[CX_RT_SEC_STRINGS].p, p->sec[CX_RT_SEC_STRINGS].size, &failed);
  e->arena_size = p->sig.arena_size;
  if (p->sig.num_caches) {
    e->caches = cx_alloc(e->allocator, p->sig.num_caches * sizeof(e->caches[0]));
    if (!e->caches) return CX_OOM();
    for (uint32_t i = 0; i < p->sig.num_caches; i++) atomic_init(&e->caches[i], NULL);
    e->num_caches = p->sig.num_caches;
  }
  if (failed || !e->arg_types || !e->result_types || !e->slots || !e->steps || !e->programs)
    return CX_OOM();
  const cx_rt_artifact_tensor_t* t = (const void*)(p->sec[CX_RT_SEC_SIGNATURE].p + sizeof p->sig);
  for (uint32_t i = 0; i < e->num_args + e->num_results; i++) {
    cx_rt_artifact_tensor_t rec;
    memcpy(&rec, t + i, sizeof rec);
    bool arg = i < e->num_args;
    CX_RETURN_IF_ERROR(tensor_view(&rec, arg ? "argument" : "result", arg ? i : i - e->num_args,
                                   arg ? &e->arg_types[i] : &e->result_types[i - e->num_args]));
  }
  for (uint32_t i = 0; i < p->num_slots; i++) {
    cx_rt_artifact_slot_t s;
    memcpy(&s, p->sec[CX_RT_SEC_SLOTS].p + (size_t)i * sizeof s, sizeof s);
    e->slots[i] = (cx_rt_slot_t){s.kind, s.index, s.offset, s.nbytes};
  }
  for (uint32_t i = 0; i < p->num_steps; i++) {
    cx_rt_artifact_step_t s;
    get_step(p, i, &s);
    cx_rt_step_t* d = &e->steps[i];
    memset(d, 0, sizeof *d);
    d->kind = s.kind;
    d->where = s.where;
    d->op = s.op;
    d->first_binding = s.first_binding;
    d->num_bindings = s.num_bindings;
    d->ops = get_step_ops(p, i);
    switch ((cx_rt_step_kind_t)s.kind) {
      case CX_RT_STEP_KERNEL:
        d->kernel.kernel = s.a;
        d->kernel.work_items = (int64_t)s.b;
        d->kernel.grain = (int64_t)s.c;
        break;
      case CX_RT_STEP_CALL:
        d->call.routine = s.a < p->num_routines ? p->routine_map[s.a] : UINT32_MAX;
        d->call.params = (uint32_t)s.b;
        d->call.params_size = (uint32_t)s.c;
        break;
      case CX_RT_STEP_COPY: d->copy.nbytes = s.b; break;
      case CX_RT_STEP_WHILE:
        d->loop.cond = s.a;
        d->loop.body = (uint32_t)s.b;
        break;
      case CX_RT_STEP_CASE:
        d->select.first_branch = s.a;
        d->select.num_branches = (uint32_t)s.b;
        d->select.index_is_pred = (uint32_t)s.c;
        break;
    }
  }
  for (uint32_t i = 0; i < p->num_programs; i++) {
    cx_rt_artifact_program_t pr;
    get_program(p, i, &pr);
    e->programs[i] = (cx_rt_program_t){pr.first_step, pr.num_steps};
  }
  const view_t* c = &p->sec[CX_RT_SEC_CONSTANTS];
  if (borrow && (uintptr_t)c->p % CX_RT_BUFFER_ALIGN == 0) {
    e->constants = (void*)c->p;  // in place: never written (constants are read-only slots)
    e->const_size = c->size;
  } else if (c->size) {
    CX_RETURN_IF_ERROR(cx_rt_executable_alloc_constants(e, c->size));
    memcpy(e->constants, c->p, c->size);
  }
  return NULL;
}

cx_status_t cx_rt_artifact_load(const void* data, size_t size, uint32_t flags, bool borrow,
                                void* keep, void (*release_keep)(void*), cx_rt_executable_t** out) {
  *out = NULL;
  parsed_t* p = cx_calloc(kSystem, 1, sizeof *p);
  cx_rt_artifact_code_t* code = cx_calloc(kSystem, 1, sizeof *code);
  cx_rt_executable_t* e = NULL;
  cx_status_t st = p && code ? NULL : CX_OOM();
  if (!st) st = parse_header(data, size, flags, p);
  if (!st && !(flags & CX_RT_ARTIFACT_VALIDATE_ONLY)) st = check_cpu(p);
  if (!st) st = parse_tables(p);
  if (!st) st = cx_rt_executable_create_empty(cx_allocator_system(), &e);
  if (!st) st = build(p, borrow, e);
  if (!st) st = validate(p, e->arg_types, e->result_types, p->sig.num_kernels);
  if (!st) {
    bool run = !(flags & CX_RT_ARTIFACT_VALIDATE_ONLY);
    const view_t* cv = &p->sec[CX_RT_SEC_CODE];
    st = cx_rt_elf_load(cv->p, cv->size, p->h.machine, run, &code->image);
    if (!st && run && code->image.library->num_kernels != p->sig.num_kernels)
      st = corrupt("the code has %u kernels, the program %u", code->image.library->num_kernels,
                   p->sig.num_kernels);
    if (!st) {
      code->elf_size = cv->size;
      if (borrow) {
        code->elf = cv->p;
      } else {
        code->elf_copy = cx_alloc(kSystem, cv->size ? cv->size : 1);
        if (!code->elf_copy) st = CX_OOM();
        else memcpy(code->elf_copy, cv->p, cv->size);
        code->elf = code->elf_copy;
      }
      const view_t* mv = &p->sec[CX_RT_SEC_META];
      code->meta_size = mv->size;
      code->meta = cx_alloc(kSystem, mv->size ? mv->size : 1);
      if (!code->meta) st = CX_OOM();
      else memcpy(code->meta, mv->p, mv->size);
      code->machine = p->h.machine;
      code->cpu_features = p->h.cpu_features;
      code->num_kernels = p->sig.num_kernels;
    }
  }
  if (st) {
    cx_rt_executable_release(e);
    if (code) {
      cx_rt_elf_unload(&code->image);
      cx_free(kSystem, code->elf_copy);
      cx_free(kSystem, code->meta);
      cx_free(kSystem, code);
    }
    cx_free(kSystem, p);
    if (release_keep) release_keep(keep);
    return st;
  }
  code->keep = keep;
  code->release_keep = release_keep;
  e->code.library = code->image.library;
  e->code.owner = code;
  e->code.release = release_code;
  cx_free(kSystem, p);
  *out = e;
  return NULL;
}

// ---- public entry points (include/cxla/runtime.h) ----------------------------------------

bool cx_rt_is_artifact(const void* data, size_t size) {
  return size >= CX_RT_ARTIFACT_MAGIC_SIZE &&
         !memcmp(data, CX_RT_ARTIFACT_MAGIC, CX_RT_ARTIFACT_MAGIC_SIZE);
}

static uint32_t flags_of(const cx_rt_load_options_t* o) {
  return o && o->skip_checksum ? CX_RT_ARTIFACT_NO_CHECKSUM : 0;
}

cx_status_t cx_rt_executable_load_memory(const void* data, size_t size,
                                         const cx_rt_load_options_t* options,
                                         cx_rt_executable_t** out_executable) {
  return cx_rt_artifact_load(data, size, flags_of(options), false, NULL, NULL, out_executable);
}

typedef struct mapping {
  void* p;
  size_t size;
} mapping_t;

static void unmap(void* m_) {
  mapping_t* m = m_;
  if (m->p) munmap(m->p, m->size);
  cx_free(kSystem, m);
}

cx_status_t cx_rt_executable_load_file(const char* path, const cx_rt_load_options_t* options,
                                       cx_rt_executable_t** out_executable) {
  *out_executable = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return CX_ERROR(errno == ENOENT ? CX_NOT_FOUND : CX_IO_ERROR, "cannot open '%s': %s", path,
                    strerror(errno));
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    close(fd);
    return CX_ERROR(CX_IO_ERROR, "'%s' is not a regular file", path);
  }
  mapping_t* m = cx_calloc(kSystem, 1, sizeof *m);
  if (!m) {
    close(fd);
    return CX_OOM();
  }
  m->size = (size_t)sb.st_size;
  if (m->size) {
    m->p = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m->p == MAP_FAILED) {
      m->p = NULL;
      close(fd);
      cx_free(kSystem, m);
      return CX_ERROR(CX_IO_ERROR, "cannot map '%s': %s", path, strerror(errno));
    }
#ifdef MADV_NOHUGEPAGE
    // Constant pages released once packed (const_release.c) must stay
    // released: with the file in 2 MiB page-cache folios, the next fault
    // near one would map its whole folio again (see cx_file_map).
    (void)madvise(m->p, m->size, MADV_NOHUGEPAGE);  // advisory
#endif
  }
  close(fd);
  // The constants are used in place from the mapping, which lives as long
  // as the executable.
  cx_status_t st = cx_rt_artifact_load(m->p ? m->p : "", m->size, flags_of(options), true, m,
                                       unmap, out_executable);
  return st ? cx_status_prefix(st, "%s", path) : NULL;
}

cx_status_t cx_rt_artifact_describe(const void* data, size_t size, cx_rt_artifact_info_t* out) {
  memset(out, 0, sizeof *out);
  parsed_t* p = cx_calloc(kSystem, 1, sizeof *p);
  if (!p) return CX_OOM();
  cx_status_t st = parse_header(data, size, 0, p);
  if (!st) st = parse_tables(p);
  if (!st) {
    const char* meta = (const char*)p->sec[CX_RT_SEC_META].p;
    size_t n = p->sec[CX_RT_SEC_META].size;
    out->format_version = p->h.format_version;
    out->kernel_abi_version = p->h.kernel_abi_version;
    out->file_size = p->h.file_size;
    out->code_size = p->sec[CX_RT_SEC_CODE].size;
    out->constants_size = p->sec[CX_RT_SEC_CONSTANTS].size;
    out->arena_size = p->sig.arena_size;
    out->num_kernels = p->sig.num_kernels;
    out->num_steps = p->num_steps;
    snprintf(out->machine, sizeof out->machine, "%s", cx_rt_machine_name(p->h.machine));
#define COPY_META(field, key)                                              \
  do {                                                                     \
    const char* v_ = cx_rt_artifact_meta_get(meta, n, key);                \
    snprintf(out->field, sizeof out->field, "%s", v_ ? v_ : "");           \
  } while (0)
    COPY_META(cxla_version, "cxla_version");
    COPY_META(target, "target");
    COPY_META(function, "function");
    COPY_META(key, "key");
#undef COPY_META
    cx_rt_cpu_features_format(p->h.cpu_features, out->cpu_features, sizeof out->cpu_features);
    cx_status_t why = check_cpu(p);
    out->runs_here = !why;
    cx_status_free(why);
  }
  cx_free(kSystem, p);
  return st;
}

cx_status_t cx_rt_artifact_stored_key(const void* data, size_t size, const char** out_key) {
  *out_key = NULL;
  parsed_t* p = cx_calloc(kSystem, 1, sizeof *p);
  if (!p) return CX_OOM();
  cx_status_t st = parse_header(data, size, 0, p);
  if (!st) st = parse_tables(p);
  if (!st) {
    const char* k = cx_rt_artifact_meta_get((const char*)p->sec[CX_RT_SEC_META].p,
                                            p->sec[CX_RT_SEC_META].size, "key");
    *out_key = k ? k : "";
  }
  cx_free(kSystem, p);
  return st;
}
