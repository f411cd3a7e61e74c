// Writing artifacts (runtime/artifact.h): an executable's tables and its
// code as one file, and re-saving executables loaded from artifacts
// (include/cxla/runtime.h: cx_rt_executable_serialize / _save).
//
// The writer is deterministic: the same executable and code give the same
// bytes (padding is zero, steps are written field by field), so artifacts
// can be compared and cached by content.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxla/cxla.h"
#include "runtime/artifact.h"
#include "runtime/artifact_internal.h"
#include "runtime/routines.h"
#include "support/checked.h"

// No allocator is in reach here (objects made for the caller or for the process):
// the system allocator, through cx_allocator_t like every allocation in src/.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

typedef struct out {
  unsigned char* data;
  size_t len, cap;
  bool failed;
} out_t;

static size_t out_reserve(out_t* o, size_t more) {
  size_t need;
  if (o->failed || !cx_add_size(o->len, more, &need)) {
    o->failed = true;
    return 0;
  }
  if (need > o->cap) {
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < need) {
      if (cap > SIZE_MAX / 2) {
        o->failed = true;
        return 0;
      }
      cap *= 2;
    }
    unsigned char* d = cx_realloc(kSystem, o->data, cap);
    if (!d) {
      o->failed = true;
      return 0;
    }
    o->data = d;
    o->cap = cap;
  }
  return o->len;
}

static void out_put(out_t* o, const void* p, size_t n) {
  size_t at = out_reserve(o, n);
  if (o->failed) return;
  if (n) memcpy(o->data + at, p, n);
  o->len += n;
}

static void out_align(out_t* o, size_t align) {
  size_t pad = (align - o->len % align) % align;
  size_t at = out_reserve(o, pad);
  if (o->failed) return;
  memset(o->data + at, 0, pad);
  o->len += pad;
}

static void meta_put(out_t* o, const char* key, const char* value) {
  out_put(o, key, strlen(key));
  out_put(o, "=", 1);
  out_put(o, value ? value : "", value ? strlen(value) : 0);
  out_put(o, "", 1);
}

static cx_status_t put_tensor(out_t* o, const cx_buffer_view_t* v) {
  cx_rt_artifact_tensor_t t;
  memset(&t, 0, sizeof t);
  t.elem = (int32_t)v->elem;
  t.rank = v->rank;
  if (v->rank > CX_MAX_RANK) return CX_ERROR(CX_INTERNAL, "artifact writer: rank %u", v->rank);
  memcpy(t.dims, v->dims, v->rank * sizeof(int64_t));
  out_put(o, &t, sizeof t);
  return NULL;
}

cx_status_t cx_rt_artifact_write(const cx_rt_executable_t* e, const cx_rt_artifact_target_t* target,
                                 const void* code, size_t code_size, uint32_t num_kernels,
                                 const char* key, void** out_data, size_t* out_size) {
  *out_data = NULL;
  *out_size = 0;
  // Routines by name, in order of first use: the file does not depend on
  // this runtime's routine numbering.
  uint32_t used[CX_RT_ROUTINE_COUNT ? CX_RT_ROUTINE_COUNT : 1], num_used = 0;
  uint32_t index_of[CX_RT_ROUTINE_COUNT ? CX_RT_ROUTINE_COUNT : 1];
  for (uint32_t i = 0; i < CX_RT_ROUTINE_COUNT; i++) index_of[i] = UINT32_MAX;
  for (uint32_t i = 0; i < e->num_steps; i++) {
    const cx_rt_step_t* st = &e->steps[i];
    if (st->kind != CX_RT_STEP_CALL) continue;
    if (st->call.routine >= CX_RT_ROUTINE_COUNT)
      return CX_ERROR(CX_INTERNAL, "artifact writer: step %u calls routine %u", i, st->call.routine);
    if (index_of[st->call.routine] == UINT32_MAX) {
      index_of[st->call.routine] = num_used;
      used[num_used++] = st->call.routine;
    }
  }

  enum { N = CX_RT_SEC_COUNT_ - 1 };
  cx_rt_artifact_section_t sec[N];
  memset(sec, 0, sizeof sec);
  out_t o = {0};
  cx_rt_artifact_header_t h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, CX_RT_ARTIFACT_MAGIC, CX_RT_ARTIFACT_MAGIC_SIZE);
  h.format_version = CX_RT_ARTIFACT_FORMAT_VERSION;
  h.kernel_abi_version = CX_KERNEL_ABI_VERSION;
  h.header_size = sizeof h;
  h.num_sections = N;
  h.machine = target->machine;
  h.cpu_features = target->cpu_features;
  out_put(&o, &h, sizeof h);
  out_put(&o, sec, sizeof sec);  // filled in at the end

  unsigned k = 0;
#define BEGIN(kind_, align_)          \
  do {                                \
    out_align(&o, (align_));          \
    sec[k].kind = (kind_);            \
    sec[k].align = (align_);          \
    sec[k].offset = o.len;            \
  } while (0)
#define END() (sec[k].size = o.len - sec[k].offset, k++)

  BEGIN(CX_RT_SEC_META, 8);
  meta_put(&o, "cxla_version", cx_version_string());
  meta_put(&o, "target", target->name);
  meta_put(&o, "triple", target->triple);
  meta_put(&o, "cpu", target->cpu);
  meta_put(&o, "features", target->features);
  meta_put(&o, "function", cx_rt_executable_function_name(e));
  meta_put(&o, "key", key ? key : "");
  END();

  BEGIN(CX_RT_SEC_SIGNATURE, 8);
  cx_rt_artifact_signature_t sig = {e->num_args, e->num_results, e->arena_size, num_kernels,
                                    e->num_caches};
  out_put(&o, &sig, sizeof sig);
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < e->num_args && !st; i++) st = put_tensor(&o, &e->arg_types[i]);
  for (uint32_t i = 0; i < e->num_results && !st; i++) st = put_tensor(&o, &e->result_types[i]);
  END();

  BEGIN(CX_RT_SEC_SLOTS, 8);
  for (uint32_t i = 0; i < e->num_slots; i++) {
    const cx_rt_slot_t* s = &e->slots[i];
    cx_rt_artifact_slot_t r = {s->kind, s->index, s->offset, s->nbytes};
    out_put(&o, &r, sizeof r);
  }
  END();

  BEGIN(CX_RT_SEC_STEPS, 8);
  for (uint32_t i = 0; i < e->num_steps && !st; i++) {
    const cx_rt_step_t* s = &e->steps[i];
    cx_rt_artifact_step_t r;
    memset(&r, 0, sizeof r);
    r.kind = s->kind;
    r.where = s->where;
    r.op = s->op;
    r.first_binding = s->first_binding;
    r.num_bindings = s->num_bindings;
    switch ((cx_rt_step_kind_t)s->kind) {
      case CX_RT_STEP_KERNEL:
        r.a = s->kernel.kernel;
        r.b = (uint64_t)s->kernel.work_items;
        r.c = (uint64_t)s->kernel.grain;
        break;
      case CX_RT_STEP_CALL:
        r.a = index_of[s->call.routine];
        r.b = s->call.params;
        r.c = s->call.params_size;
        break;
      case CX_RT_STEP_COPY: r.b = s->copy.nbytes; break;
      case CX_RT_STEP_WHILE:
        r.a = s->loop.cond;
        r.b = s->loop.body;
        break;
      case CX_RT_STEP_CASE:
        r.a = s->select.first_branch;
        r.b = s->select.num_branches;
        r.c = s->select.index_is_pred;
        break;
      default: st = CX_ERROR(CX_INTERNAL, "artifact writer: step %u has kind %u", i, s->kind);
    }
    out_put(&o, &r, sizeof r);
  }
  END();

  BEGIN(CX_RT_SEC_PROGRAMS, 8);
  for (uint32_t i = 0; i < e->num_programs; i++) {
    cx_rt_artifact_program_t r = {e->programs[i].first_step, e->programs[i].num_steps};
    out_put(&o, &r, sizeof r);
  }
  END();

  BEGIN(CX_RT_SEC_BINDINGS, 8);
  out_put(&o, e->bindings, (size_t)e->num_bindings * sizeof(uint32_t));
  END();

  // Parameter records keep their 8-byte alignment relative to the section.
  BEGIN(CX_RT_SEC_PARAMS, 8);
  out_put(&o, e->params, e->params_size);
  END();

  BEGIN(CX_RT_SEC_STRINGS, 1);
  out_put(&o, e->strings, e->strings_size);
  END();

  BEGIN(CX_RT_SEC_STEP_OPS, 4);
  for (uint32_t i = 0; i < e->num_steps; i++) out_put(&o, &e->steps[i].ops, sizeof(uint32_t));
  END();

  BEGIN(CX_RT_SEC_ROUTINES, 1);
  for (uint32_t i = 0; i < num_used; i++) {
    const char* name = cx_rt_routine_name(used[i]);
    out_put(&o, name, strlen(name) + 1);
  }
  END();

  BEGIN(CX_RT_SEC_CODE, 16);
  out_put(&o, code, code_size);
  END();

  BEGIN(CX_RT_SEC_CONSTANTS, CX_RT_ARTIFACT_CONST_ALIGN);
  out_put(&o, e->constants, (size_t)e->const_size);
  END();
#undef BEGIN
#undef END

  if (!st && o.failed) st = CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate an artifact");
  if (st) {
    cx_free(kSystem, o.data);
    return st;
  }
  memcpy(o.data + sizeof h, sec, sizeof sec);
  h.file_size = o.len;
  memcpy(o.data, &h, sizeof h);
  h.checksum = cx_rt_artifact_file_checksum(o.data, o.len);
  memcpy(o.data, &h, sizeof h);
  *out_data = o.data;
  *out_size = o.len;
  return NULL;
}

// ---- re-saving loaded artifacts ---------------------------------------------------------

cx_status_t cx_rt_executable_serialize(const cx_rt_executable_t* exe, void** out_data,
                                       size_t* out_size) {
  *out_data = NULL;
  *out_size = 0;
  if (exe->base)
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "executable '%s' has bound arguments, which an artifact does not hold: "
                    "save the executable it was bound from",
                    cx_rt_executable_function_name(exe));
  const cx_rt_artifact_code_t* c = cx_rt_artifact_code_of(exe);
  if (!c)
    return CX_ERROR(CX_FAILED_PRECONDITION,
                    "executable '%s' was compiled by the JIT, which keeps no relocatable code: "
                    "compile it with a target (cx_compile_artifact, or cx_compile with "
                    "options.target) to save it",
                    cx_rt_executable_function_name(exe));
  cx_rt_artifact_target_t t = {
      cx_rt_artifact_meta_get(c->meta, c->meta_size, "target"),
      cx_rt_artifact_meta_get(c->meta, c->meta_size, "triple"),
      cx_rt_artifact_meta_get(c->meta, c->meta_size, "cpu"),
      cx_rt_artifact_meta_get(c->meta, c->meta_size, "features"),
      c->machine,
      c->cpu_features,
  };
  return cx_rt_artifact_write(exe, &t, c->elf, c->elf_size, c->num_kernels,
                              cx_rt_artifact_meta_get(c->meta, c->meta_size, "key"), out_data,
                              out_size);
}

cx_status_t cx_rt_executable_save(const cx_rt_executable_t* exe, const char* path) {
  void* data;
  size_t size;
  CX_RETURN_IF_ERROR(cx_rt_executable_serialize(exe, &data, &size));
  // Written beside the target and renamed into place, so a reader (or a
  // cache) never sees half a file.
  size_t n = strlen(path);
  char* tmp = cx_alloc(kSystem, n + 32);
  cx_status_t st = NULL;
  if (!tmp) {
    cx_free(kSystem, data);
    return CX_OOM();
  }
  snprintf(tmp, n + 32, "%s.tmp%ld", path, (long)getpid());
  FILE* f = fopen(tmp, "wb");
  if (!f) {
    st = CX_ERROR(CX_IO_ERROR, "cannot write '%s': %s", tmp, strerror(errno));
  } else {
    bool ok = fwrite(data, 1, size, f) == size;
    ok = (fclose(f) == 0) && ok;
    if (!ok) st = CX_ERROR(CX_IO_ERROR, "cannot write '%s': %s", tmp, strerror(errno));
    else if (rename(tmp, path) != 0)
      st = CX_ERROR(CX_IO_ERROR, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
    if (st) remove(tmp);
  }
  cx_free(kSystem, tmp);
  cx_free(kSystem, data);
  return st;
}
