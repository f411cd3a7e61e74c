// Binding command-line inputs to a function's arguments (cxla run, bench),
// and the options compile, run and bench share.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cxla/buffer.h"
#include "cxla/compiler.h"
#include "cxla/file.h"
#include "cxla/module.h"
#include "cxla/values.h"
#include "tools/verbs.h"

// The MLIR spelling of an argument or result type (or of a tensor's element
// type) for messages; NULL if it cannot be had. Caller frees.
char* cx_tool_type_string(const cx_function_t* fn, bool is_result, uint32_t i, bool element_only) {
  char* text = NULL;
  cx_status_t st = cx_function_type_string(fn, is_result, i, element_only, &text);
  if (st) {
    cx_status_free(st);
    return NULL;
  }
  return text;
}

cx_status_t cx_tool_arg_error(const cx_function_t* fn, const char* function, uint32_t i,
                             const char* fmt, const char* detail) {
  char* ts = cx_tool_type_string(fn, false, i, false);
  cx_status_t st = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u (%s) of @%s: %s%s", i,
                            ts ? ts : "?", function, fmt, detail ? detail : "");
  cx_free(cx_allocator_system(), ts);
  return st;
}

cx_status_t cx_tool_load_function(cx_context_t* ctx, const char* file, cx_file_view_t* src,
                                  bool fill_elided, const char* function, cx_module_t** out_module,
                                  const cx_function_t** out_fn, cx_function_info_t* out_info) {
  cx_parse_options_t po = {file, 0, fill_elided};
  cx_status_t st = cx_module_load_file_view(ctx, src, &po, out_module);
  if (!cx_is_bytecode(src->data, src->len)) cx_file_unmap(src);  // text is not retained
  CX_RETURN_IF_ERROR(st);
  CX_RETURN_IF_ERROR(cx_module_verify(*out_module));
  *out_fn = cx_module_find_function(*out_module, function);
  if (*out_fn) cx_function_get_info(*out_fn, out_info);
  if (!*out_fn || !out_info->has_body)
    return CX_ERROR(CX_NOT_FOUND, "%s has no function @%s", file, function);
  return NULL;
}

long long cx_tool_platform_index_value(const cx_module_t* m, long long flag) {
  return flag >= 0 ? flag : cx_module_platform_position(m, "cpu");
}

cx_status_t cx_tool_platform_index(const cx_module_t* m, const cx_function_t* fn,
                                   const char* function, long long flag, cx_buffer_view_t* views,
                                   bool* out_supplied) {
  *out_supplied = false;
  cx_function_info_t info;
  cx_function_get_info(fn, &info);
  if (!info.num_args || !cx_function_is_platform_index(fn, 0)) return NULL;
  long long value = cx_tool_platform_index_value(m, flag);
  if (value < 0)
    return cx_tool_arg_error(fn, function, 0,
                             "JAX's platform index ({jax.global_constant = \"_platform_index\"}) "
                             "selects the branch of one of the platforms the program was "
                             "exported for; the module lists none with \"cpu\": pass "
                             "--platform-index=N (N: the platform's position in the export's "
                             "platforms, 0 for the first)", NULL);
  cx_type_info_t t;
  CX_RETURN_IF_ERROR(cx_function_type(fn, false, 0, &t));
  CX_RETURN_IF_ERROR(cx_buffer_view_allocate(t.elem, 0, NULL, &views[0]));
  cx_buffer_view_fill(&views[0], (double)value);
  *out_supplied = true;
  return NULL;
}

// A platform index cx_tool_platform_index made (not an input).
static bool supplied(const cx_function_t* fn, uint32_t i, const cx_buffer_view_t* views) {
  return i == 0 && views[0].data && cx_function_is_platform_index(fn, 0);
}

// Matches the inputs to the function's arguments and makes views of them.
// Token arguments need no input (a fresh token is passed).
cx_status_t cx_tool_bind_inputs(const cx_function_t* fn, uint32_t nargs, const char* function,
                               const cx_input_list_t* inputs, cx_buffer_view_t* views) {
  uint32_t next = 0, wanted = 0;
  for (uint32_t i = 0; i < nargs; i++) {
    cx_type_info_t t;
    CX_RETURN_IF_ERROR(cx_function_type(fn, false, i, &t));
    if (t.type_class != CX_TYPE_CLASS_TOKEN && !supplied(fn, i, views)) wanted++;
  }
  if (inputs->count != wanted)
    return CX_ERROR(CX_INVALID_ARGUMENT, "@%s takes %u input%s but %zu %s given", function,
                    wanted, wanted == 1 ? "" : "s", inputs->count,
                    inputs->count == 1 ? "was" : "were");
  for (uint32_t i = 0; i < nargs; i++) {
    cx_type_info_t t;
    CX_RETURN_IF_ERROR(cx_function_type(fn, false, i, &t));
    if (supplied(fn, i, views)) continue;
    if (t.type_class == CX_TYPE_CLASS_TOKEN) {
      memset(&views[i], 0, sizeof(views[i]));
      continue;
    }
    if (t.type_class != CX_TYPE_CLASS_TENSOR)
      return cx_tool_arg_error(fn, function, i, "only tensor arguments can be given", NULL);
    const cx_input_t* in = &inputs->items[next++];
    cx_status_t st = cx_input_view(in, t.elem, &views[i]);
    if (st) {
      cx_status_t e = cx_tool_arg_error(fn, function, i, "", cx_status_message(st));
      cx_status_free(st);
      return e;
    }
    bool ok = views[i].rank == t.rank;
    for (uint32_t d = 0; ok && d < t.rank; d++) ok = t.dims[d] < 0 || t.dims[d] == views[i].dims[d];
    if (!ok) {
      char shape[256] = "";
      size_t n = 0;
      for (uint32_t d = 0; d < views[i].rank && n < sizeof(shape) - 24; d++)
        n += (size_t)snprintf(shape + n, sizeof(shape) - n, "%s%lld", d ? "x" : "",
                              (long long)views[i].dims[d]);
      char detail[512];
      snprintf(detail, sizeof(detail), "%s has shape [%s] (rank %u)", in->source, shape,
               views[i].rank);
      return cx_tool_arg_error(fn, function, i, "", detail);
    }
  }
  return NULL;
}

cx_status_t cx_tool_random_inputs(const cx_function_t* fn, uint32_t nargs, const char* function,
                                  uint64_t seed, cx_buffer_view_t* views) {
  for (uint32_t i = 0; i < nargs; i++)
    if (!supplied(fn, i, views)) memset(&views[i], 0, sizeof(views[i]));
  for (uint32_t i = 0; i < nargs; i++) {
    cx_type_info_t t;
    CX_RETURN_IF_ERROR(cx_function_type(fn, false, i, &t));
    if (t.type_class == CX_TYPE_CLASS_TOKEN || supplied(fn, i, views)) continue;
    if (t.type_class != CX_TYPE_CLASS_TENSOR)
      return cx_tool_arg_error(fn, function, i, "only tensor arguments can be made up", NULL);
    for (uint32_t d = 0; d < t.rank; d++)
      if (t.dims[d] < 0)
        return cx_tool_arg_error(fn, function, i, "has a dynamic shape: give it with --input", NULL);
    CX_RETURN_IF_ERROR(cx_buffer_view_allocate(t.elem, t.rank, t.dims, &views[i]));
    cx_buffer_view_fill_random(&views[i], seed + i);
  }
  return NULL;
}

void cx_tool_random_ints_as_indices(uint32_t nargs, cx_buffer_view_t* views) {
  for (uint32_t i = 0; i < nargs; i++) {
    cx_buffer_view_t* v = &views[i];
    if (!v->data || !cx_elem_is_integer(v->elem) || cx_elem_is_bool(v->elem)) continue;
    size_t es = cx_elem_storage_size(v->elem);
    int64_t n = cx_buffer_view_num_elements(v);
    // Storage is little-endian: the low bit of the first byte is the value's
    // low bit; clearing the rest leaves 0 or 1, uniformly.
    for (int64_t k = 0; k < n; k++) {
      unsigned char* p = (unsigned char*)v->data + (size_t)k * es;
      unsigned char bit = p[0] & 1u;
      memset(p, 0, es);
      p[0] = bit;
    }
  }
}

cx_status_t cx_tool_parse_bound_inputs(const cx_function_t* fn, uint32_t nargs,
                                       const cx_tool_inputs_t* in, cx_input_list_t* list,
                                       bool** out_bound) {
  const char** specs = in->inputs;
  const bool* spec_bound = in->input_bound;
  int num_specs = in->num_inputs;
  *out_bound = NULL;
  bool any = false;
  for (int i = 0; i < num_specs; i++) any = any || (spec_bound && spec_bound[i]);
  // Per input entry: whether it came from a --bind.
  bool* entry_bound = NULL;
  size_t entry_cap = 0;
  cx_status_t st = NULL;
  for (int i = 0; i < num_specs && !st; i++) {
    size_t before = list->count;
    st = cx_input_parse(specs[i], list);
    if (st) {
      st = cx_status_prefix(st, "%s #%d", spec_bound && spec_bound[i] ? "--bind" : "--input", i);
      break;
    }
    if (!any) continue;
    if (list->count > entry_cap) {
      size_t cap = list->count * 2;
      bool* grown = realloc(entry_bound, cap * sizeof(bool));
      if (!grown) {
        st = CX_OOM();
        break;
      }
      entry_bound = grown;
      entry_cap = cap;
    }
    for (size_t k = before; k < list->count; k++) entry_bound[k] = spec_bound[i];
  }
  if (st || !any) {
    free(entry_bound);
    return st;
  }
  bool* bound = calloc(nargs ? nargs : 1, sizeof(bool));
  if (!bound) st = CX_OOM();
  size_t next = 0;
  for (uint32_t i = 0; i < nargs && !st; i++) {
    cx_type_info_t t;
    st = cx_function_type(fn, false, i, &t);
    // Tokens and JAX's platform index take no input (cx_tool_bind_inputs).
    if (st || t.type_class == CX_TYPE_CLASS_TOKEN || (i == 0 && cx_function_is_platform_index(fn, 0)))
      continue;
    if (next < list->count) bound[i] = entry_bound[next];
    next++;
  }
  free(entry_bound);
  if (st) {
    free(bound);
    return st;
  }
  *out_bound = bound;
  return NULL;
}

uint32_t cx_tool_unbound_views(uint32_t nargs, const bool* bound, const cx_buffer_view_t* views,
                               cx_buffer_view_t* out) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < nargs; i++)
    if (!bound || !bound[i]) out[n++] = views[i];
  return n;
}

bool cx_tool_inputs_init(cx_tool_inputs_t* in, int argc) {
  in->function = "main";
  in->inputs = cx_calloc(cx_allocator_system(), (size_t)argc + 1, sizeof(char*));
  in->input_bound = cx_calloc(cx_allocator_system(), (size_t)argc + 1, sizeof(bool));
  in->num_inputs = 0;
  return in->inputs && in->input_bound;
}

void cx_tool_inputs_free(cx_tool_inputs_t* in) {
  cx_free(cx_allocator_system(), in->inputs);
  cx_free(cx_allocator_system(), in->input_bound);
}

bool cx_tool_input_flag(const char* arg, cx_tool_inputs_t* in) {
  const char* v;
  if (cx_tool_flag_value(arg, "--function", &v)) {
    in->function = *v == '@' ? v + 1 : v;
  } else if (cx_tool_flag_value(arg, "--input", &v)) {
    in->inputs[in->num_inputs++] = v;
  } else if (cx_tool_flag_value(arg, "--bind", &v)) {
    in->input_bound[in->num_inputs] = true;
    in->inputs[in->num_inputs++] = v;
  } else {
    return false;
  }
  return true;
}

int cx_tool_program_arg(const char* verb, const char* arg, const char** file) {
  if (arg[0] == '-' && arg[1]) {
    fprintf(stderr, "cxla %s: unknown option '%s'\n", verb, arg);
    return 2;
  }
  if (*file) {
    fprintf(stderr, "cxla %s: more than one program file ('%s', '%s')\n", verb, *file, arg);
    return 2;
  }
  *file = arg;
  return 0;
}

int cx_tool_program_given(const char* verb, const char* file) {
  if (file) return 0;
  fprintf(stderr, "cxla %s: no program file (see cxla %s --help)\n", verb, verb);
  return 2;
}

bool cx_tool_cache_flag(const char* arg, const char** cache_dir) {
  const char* v;
  if (cx_tool_flag_value(arg, "--cache-dir", &v)) {
    *cache_dir = v;
    return true;
  }
  if (!strcmp(arg, "--no-cache")) {
    *cache_dir = "";
    return true;
  }
  return false;
}

static void note_cache(void* arg, const char* phase, double seconds, const cx_module_t* m,
                       const char* text) {
  (void)seconds;
  (void)m;
  cx_tool_cache_watch_t* w = arg;
  if (!strcmp(phase, "cache")) w->result = text && !strcmp(text, "hit") ? "hit" : "miss";
}

void cx_tool_cache_watch(cx_tool_cache_watch_t* w, cx_compile_observer_t* obs) {
  w->result = NULL;
  memset(obs, 0, sizeof *obs);
  obs->arg = w;
  obs->after_phase = note_cache;
}

void cx_tool_release_bound_inputs(uint32_t nargs, const bool* bound, cx_buffer_view_t* views,
                                  cx_input_list_t* inputs) {
  if (!bound) return;
  for (uint32_t i = 0; i < nargs; i++) {
    if (!bound[i] || !views[i].data) continue;
    for (size_t k = 0; k < inputs->count; k++) {
      if (inputs->items[k].data != views[i].data) continue;
      cx_free(cx_allocator_system(), inputs->items[k].data);
      inputs->items[k].data = NULL;
      inputs->items[k].nbytes = 0;
      break;
    }
    views[i].data = NULL;
    views[i].nbytes = 0;
  }
}

// The pages of libLLVM's code and read-only data this process has touched
// (about 18 MiB after a compile) count in its RSS for as long as it runs,
// though neither the executable nor the runtime ever runs LLVM again.
// Unmodified file pages: dropping them from this process's page tables
// (they stay in the page cache, and fault back in if LLVM runs again) is
// safe for every segment that is not writable; relocated (RELRO) pages are
// never dropped, nor anything of other libraries.
static int drop_llvm_segments(struct dl_phdr_info* info, size_t size, void* arg) {
  (void)size;
  (void)arg;
  if (!info->dlpi_name || !strstr(info->dlpi_name, "libLLVM")) return 0;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  if (!page || page == (uintptr_t)-1) return 1;
  uintptr_t relro_lo = 0, relro_hi = 0;
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO) {
      relro_lo = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
      relro_hi = relro_lo + info->dlpi_phdr[i].p_memsz;
    }
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr)* ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W)) continue;
    uintptr_t lo = (info->dlpi_addr + ph->p_vaddr + page - 1) & ~(page - 1);
    uintptr_t hi = (info->dlpi_addr + ph->p_vaddr + ph->p_filesz) & ~(page - 1);
    if (hi <= lo || (relro_hi > lo && relro_lo < hi)) continue;
    (void)madvise((void*)lo, hi - lo, MADV_DONTNEED);  // advisory
  }
  return 1;
}

void cx_tool_release_compiler_pages(void) {
  cx_tool_trim_heap();
  (void)dl_iterate_phdr(drop_llvm_segments, NULL);
}

void cx_tool_trim_heap(void) {
#ifdef __GLIBC__
  (void)malloc_trim(0);
#endif
}
