// The persistent compilation cache (compile_cache.h).
//
// An entry is an ahead-of-time artifact (runtime/artifact.h) named
// <DIR>/<hash of the key>.cxla whose META "key" is the full key text:
//
//   cxla compilation cache
//   cxla <version> build <build ids of this code and of LLVM>
//   artifact format <N> kernel abi <M>
//   target <name> <triple> <cpu> <tune> <features> <machine> <feature bits>
//   function <name> opt_level <N> opaque_constants <0|1> user_key <key>
//   args <count>; per argument: element type, dims, bound, hash of its data
//   when the data shapes the code (bound arguments, dimension variables)
//   module <128-bit structural hash>
//
// The module's hash covers every op (name, location, operand numbering,
// result types, attributes, regions), every custom call's availability in
// options->custom_calls, and the data of dense constants and resource blobs
// byte for byte, without printing them (a model's weights are most of its
// bytes; hashing them raw costs a few ms per 100 MB).
//
// A hit must load and have the same key text: a file of another key under
// the same name (a hash collision), a damaged or truncated file (the
// artifact checksum) or one of another cxla (versions in the header and
// the key) is a miss and is replaced. Files are written to a temporary name
// in the directory and renamed, so concurrent processes see a whole entry
// or none. Recency is the file's modification time (a hit touches it); when
// the directory holds more than $CXLA_CACHE_MAX_MB (default 1024) MB of
// entries after a store, the least recently used are deleted.
#include "compiler/compile_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "compiler/aot.h"
#include "cxla/cxla.h"
#include "cxla/file.h"
#include "ir/ir.h"
#include "ir/print.h"
#include "runtime/artifact.h"
#include "runtime/artifact_internal.h"
#include "support/hash128.h"
#include "support/strbuf.h"

// No allocator is in reach here (objects made for the caller or for the process):
// the system allocator, through cx_allocator_t like every allocation in src/.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

#define ENTRY_SUFFIX ".cxla"

const char* cx_cache_dir(const cx_compile_options_t* o) {
  const char* dir = o ? o->cache_dir : NULL;
  if (!dir) dir = getenv("CXLA_CACHE_DIR");
  if (!dir || !*dir) return NULL;
  if (o && o->stop_after) return NULL;
  if (o && o->observer && o->observer->want_text) return NULL;
  return dir;
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// ---- the build: which code compiles ------------------------------------------------------

// The GNU build ids (the linker's hash of the linked output) of the object
// holding this code and of LLVM's library, so that any rebuilt cxla or
// another LLVM gets other keys even when the version number is unchanged.
typedef struct build_ids {
  uintptr_t self;
  char text[160];
  size_t len;
} build_ids_t;

static void note_build_id(build_ids_t* b, const struct dl_phdr_info* info, const char* tag) {
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr)* ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE) continue;
    const unsigned char* p = (const unsigned char*)(info->dlpi_addr + ph->p_vaddr);
    size_t off = 0;
    while (off + sizeof(ElfW(Nhdr)) <= ph->p_memsz) {
      const ElfW(Nhdr)* n = (const ElfW(Nhdr)*)(p + off);
      size_t name_at = off + sizeof *n, desc_at = name_at + ((n->n_namesz + 3u) & ~3u);
      size_t next = desc_at + ((n->n_descsz + 3u) & ~3u);
      if (next > ph->p_memsz) break;
      if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(p + name_at, "GNU", 4)) {
        int w = snprintf(b->text + b->len, sizeof b->text - b->len, "%s%s=", b->len ? " " : "", tag);
        if (w < 0 || (size_t)w >= sizeof b->text - b->len) return;
        b->len += (size_t)w;
        for (uint32_t k = 0; k < n->n_descsz && b->len + 3 < sizeof b->text; k++)
          b->len += (size_t)snprintf(b->text + b->len, 3, "%02x", p[desc_at + k]);
        return;
      }
      off = next;
    }
  }
}

static int find_build_ids(struct dl_phdr_info* info, size_t size, void* arg) {
  (void)size;
  build_ids_t* b = arg;
  bool mine = false;
  for (int i = 0; i < info->dlpi_phnum && !mine; i++) {
    const ElfW(Phdr)* ph = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    mine = ph->p_type == PT_LOAD && b->self >= lo && b->self < lo + ph->p_memsz;
  }
  if (mine) note_build_id(b, info, "cxla");
  else if (info->dlpi_name && strstr(info->dlpi_name, "libLLVM")) note_build_id(b, info, "llvm");
  return 0;
}

static build_ids_t g_build;
static pthread_once_t g_build_once = PTHREAD_ONCE_INIT;

static void init_build_ids(void) {
  g_build.self = (uintptr_t)&cx_cache_dir;
  dl_iterate_phdr(find_build_ids, &g_build);
  if (!g_build.len) snprintf(g_build.text, sizeof g_build.text, "none");
}

// ---- the key --------------------------------------------------------------------------------

typedef struct hasher {
  cx_hash128_state_t h;
  cx_strbuf_t sb;       // scratch for printed types and attributes
  uint32_t* numbers;    // value id -> 1 + its number in walk order (0: not seen)
  uint32_t num_ids, next_number;
  const cx_rt_custom_calls_t* custom_calls;
} hasher_t;

static void hash_text(hasher_t* x) {
  cx_hash128_str(&x->h, x->sb.data ? x->sb.data : "", x->sb.len);
  cx_strbuf_clear(&x->sb);
}

static void hash_cstr(hasher_t* x, const char* s) { cx_hash128_str(&x->h, s ? s : "", s ? strlen(s) : 0); }

static void hash_type(hasher_t* x, const cx_type_t* t) {
  cx_strbuf_clear(&x->sb);
  if (t) cx_print_type(&x->sb, t);
  hash_text(x);
}

// Values are named by the order they are first met, so the hash does not
// depend on the module's internal ids.
static void hash_value(hasher_t* x, const cx_value_t* v) {
  uint32_t n = 0;
  if (v && v->id < x->num_ids) {
    if (!x->numbers[v->id]) x->numbers[v->id] = ++x->next_number;
    n = x->numbers[v->id];
  }
  cx_hash128_u64(&x->h, n);
}

static void hash_attr(hasher_t* x, const cx_attr_t* a) {
  cx_hash128_u64(&x->h, a ? (uint64_t)a->kind + 1 : 0);
  if (!a) return;
  if (a->kind == CX_ATTR_DENSE) {
    hash_type(x, a->type);
    cx_hash128_u64(&x->h, a->dense.splat);
    cx_hash128_u64(&x->h, a->dense.nbytes);
    cx_hash128_update(&x->h, a->dense.data, a->dense.nbytes);
    return;
  }
  if (a->kind == CX_ATTR_DENSE_RESOURCE) {
    hash_type(x, a->type);
    hash_cstr(x, a->resource.name);
    const cx_resource_t* r = a->resource.blob;
    cx_hash128_u64(&x->h, r ? r->nbytes : UINT64_MAX);
    if (r) cx_hash128_update(&x->h, r->data, r->nbytes);
    return;
  }
  cx_strbuf_clear(&x->sb);
  cx_print_attr(&x->sb, a);
  hash_text(x);
}

static void hash_region(hasher_t* x, const cx_region_t* r);

static void hash_op(hasher_t* x, const cx_op_t* op) {
  hash_cstr(x, op->name);
  char where[512];
  hash_cstr(x, cx_loc_format(op->loc, where, sizeof where));
  cx_hash128_u64(&x->h, op->num_operands);
  for (uint32_t i = 0; i < op->num_operands; i++) hash_value(x, op->operands[i].value);
  cx_hash128_u64(&x->h, op->num_results);
  for (uint32_t i = 0; i < op->num_results; i++) {
    hash_value(x, &op->results[i]);
    hash_type(x, op->results[i].type);
  }
  cx_hash128_u64(&x->h, op->num_attrs);
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    const cx_named_attr_t* na = &op->attrs[i];
    hash_cstr(x, na->name);
    hash_attr(x, na->value);
    // Whether a custom call is the application's decides how it compiles.
    if (na->value && na->value->kind == CX_ATTR_STRING && !strcmp(na->name, "call_target_name"))
      cx_hash128_u64(&x->h, cx_rt_custom_calls_has(x->custom_calls, na->value->str.data));
  }
  cx_hash128_u64(&x->h, op->num_regions);
  for (uint32_t i = 0; i < op->num_regions; i++) hash_region(x, &op->regions[i]);
}

static void hash_region(hasher_t* x, const cx_region_t* r) {
  for (const cx_block_t* b = r->first_block; b; b = b->next) {
    cx_hash128_u64(&x->h, 0xb10c);
    cx_hash128_u64(&x->h, b->num_args);
    for (uint32_t i = 0; i < b->num_args; i++) {
      hash_value(x, b->args[i]);
      hash_type(x, b->args[i]->type);
    }
    for (const cx_op_t* op = b->first_op; op; op = op->next) hash_op(x, op);
    cx_hash128_u64(&x->h, 0xe0b);
  }
}

static cx_status_t module_hash(const cx_module_t* m, const cx_rt_custom_calls_t* custom_calls,
                               cx_hash128_t* out) {
  hasher_t x;
  memset(&x, 0, sizeof x);
  cx_hash128_init(&x.h, 0x63786c61);
  cx_strbuf_init(&x.sb);
  x.num_ids = m->next_value_id;
  x.numbers = cx_calloc(kSystem, x.num_ids ? x.num_ids : 1, sizeof(uint32_t));
  x.custom_calls = custom_calls;
  if (!x.numbers) return CX_OOM();
  hash_cstr(&x, m->name);
  cx_print_attr_dict(&x.sb, m->attrs, m->num_attrs, NULL, 0);
  hash_text(&x);
  hash_region(&x, &m->body);
  bool failed = x.sb.failed;
  cx_strbuf_free(&x.sb);
  cx_free(kSystem, x.numbers);
  if (failed) return CX_OOM();
  *out = cx_hash128_final(&x.h);
  return NULL;
}

// The key text (malloc'ed) for compiling `module` with `o` for `target`.
static cx_status_t make_key(cx_module_t* module, const cx_compile_options_t* o,
                            const char* target_name, char** out_key) {
  *out_key = NULL;
  pthread_once(&g_build_once, init_build_ids);
  cx_aot_target_t* t = cx_alloc(kSystem, sizeof *t);
  if (!t) return CX_OOM();
  cx_status_t st = cx_aot_target_resolve(target_name, t);
  cx_hash128_t mh = {0, 0};
  if (!st) st = module_hash(module, o->custom_calls, &mh);
  if (st) {
    cx_free(kSystem, t);
    return st;
  }
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_printf(&sb, "cxla compilation cache\ncxla %s build %s\n", cx_version_string(),
                   g_build.text);
  cx_strbuf_printf(&sb, "artifact format %u kernel abi %u\n", CX_RT_ARTIFACT_FORMAT_VERSION,
                   (unsigned)CX_KERNEL_ABI_VERSION);
  const cx_rt_artifact_target_t* at = &t->artifact;
  cx_strbuf_printf(&sb, "target %s %s %s %s %s %u %llx\n", at->name, at->triple, at->cpu,
                   t->cg.tune_cpu ? t->cg.tune_cpu : "-", at->features, at->machine,
                   (unsigned long long)at->cpu_features);
  cx_strbuf_printf(&sb, "function %s opt_level %d opaque_constants %d user_key %s\n",
                   o->function ? o->function : "main", o->opt_level > 0 ? o->opt_level : 2,
                   o->opaque_constants ? 1 : 0, o->cache_key ? o->cache_key : "");
  cx_strbuf_printf(&sb, "args %u\n", o->arg_shapes ? o->num_arg_shapes : 0);
  for (uint32_t i = 0; o->arg_shapes && i < o->num_arg_shapes; i++) {
    const cx_buffer_view_t* v = &o->arg_shapes[i];
    bool bound = o->bind && o->bind[i];
    cx_strbuf_printf(&sb, "%u %d", i, (int)v->elem);
    for (uint32_t d = 0; d < v->rank; d++) cx_strbuf_printf(&sb, "%c%lld", d ? 'x' : ' ', (long long)v->dims[d]);
    // The data shapes the code when it is bound (a constant) or a scalar
    // integer (a dimension variable's value).
    if (v->data && (bound || (v->rank == 0 && cx_elem_is_integer(v->elem)))) {
      char hex[33];
      cx_hash128_hex(cx_hash128(v->data, v->nbytes, v->nbytes), hex);
      cx_strbuf_printf(&sb, " %s %s", bound ? "bound" : "value", hex);
    }
    cx_strbuf_putc(&sb, '\n');
  }
  char hex[33];
  cx_hash128_hex(mh, hex);
  cx_strbuf_printf(&sb, "module %s\n", hex);
  cx_free(kSystem, t);
  if (sb.failed) {
    cx_strbuf_free(&sb);
    return CX_OOM();
  }
  *out_key = cx_strbuf_take(&sb);
  return NULL;
}

// ---- the directory ----------------------------------------------------------------------------

// mkdir -p; failures show later as a failed store.
static void make_dirs(const char* dir) {
  char* p = cx_strdup(kSystem, dir);
  if (!p) return;
  for (char* s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    mkdir(p, 0755);
    *s = '/';
  }
  mkdir(p, 0755);
  cx_free(kSystem, p);
}

static char* entry_path(const char* dir, const char* key) {
  char hex[33];
  cx_hash128_hex(cx_hash128(key, strlen(key), 0), hex);
  size_t n = strlen(dir) + sizeof hex + sizeof ENTRY_SUFFIX + 2;
  char* path = cx_alloc(kSystem, n);
  if (path) snprintf(path, n, "%s/%s" ENTRY_SUFFIX, dir, hex);
  return path;
}

// Writes the entry under a temporary name and renames it into place.
static bool store(const char* dir, const char* path, const void* data, size_t size) {
  size_t n = strlen(dir) + 32;
  char* tmp = cx_alloc(kSystem, n);
  if (!tmp) return false;
  snprintf(tmp, n, "%s/.tmp-XXXXXX", dir);
  int fd = mkstemp(tmp);
  if (fd < 0) {  // no directory yet (mkstemp may have changed the template)
    make_dirs(dir);
    snprintf(tmp, n, "%s/.tmp-XXXXXX", dir);
    fd = mkstemp(tmp);
  }
  bool ok = fd >= 0;
  const char* p = data;
  for (size_t left = size; ok && left;) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    if (ok) p += w, left -= (size_t)w;
  }
  if (fd >= 0) {
    fchmod(fd, 0644);
    ok = close(fd) == 0 && ok;
  }
  if (ok) ok = rename(tmp, path) == 0;
  if (!ok && fd >= 0) unlink(tmp);
  cx_free(kSystem, tmp);
  return ok;
}

typedef struct entry_file {
  char* path;
  off_t size;
  struct timespec used;
} entry_file_t;

static int by_use(const void* a, const void* b) {
  const entry_file_t *x = a, *y = b;
  if (x->used.tv_sec != y->used.tv_sec) return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  return (x->used.tv_nsec > y->used.tv_nsec) - (x->used.tv_nsec < y->used.tv_nsec);
}

static uint64_t max_bytes(void) {
  const char* env = getenv("CXLA_CACHE_MAX_MB");
  char* end;
  unsigned long long mb = env && *env ? strtoull(env, &end, 10) : 1024;
  if (env && *env && *end) mb = 1024;
  return mb > (UINT64_MAX >> 20) ? UINT64_MAX : (uint64_t)mb << 20;
}

// Deletes the least recently used entries while the directory holds more
// than the bound (keeping `keep`, the entry just stored). Temporary files
// of other processes are left alone.
static void evict(const char* dir, const char* keep) {
  uint64_t limit = max_bytes(), total = 0;
  DIR* d = opendir(dir);
  if (!d) return;
  entry_file_t* files = NULL;
  size_t n = 0, cap = 0;
  struct dirent* de;
  while ((de = readdir(d))) {
    size_t len = strlen(de->d_name);
    if (len <= strlen(ENTRY_SUFFIX) || de->d_name[0] == '.' ||
        strcmp(de->d_name + len - strlen(ENTRY_SUFFIX), ENTRY_SUFFIX))
      continue;
    char* path = cx_alloc(kSystem, strlen(dir) + len + 2);
    if (!path) break;
    sprintf(path, "%s/%s", dir, de->d_name);
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
      cx_free(kSystem, path);
      continue;
    }
    if (n == cap) {
      size_t c = cap ? 2 * cap : 64;
      entry_file_t* g = cx_realloc(kSystem, files, c * sizeof *g);
      if (!g) {
        cx_free(kSystem, path);
        break;
      }
      files = g;
      cap = c;
    }
    files[n++] = (entry_file_t){path, sb.st_size, sb.st_mtim};
    total += (uint64_t)sb.st_size;
  }
  closedir(d);
  if (total > limit) {
    qsort(files, n, sizeof *files, by_use);
    for (size_t i = 0; i < n && total > limit; i++) {
      if (!strcmp(files[i].path, keep)) continue;
      if (unlink(files[i].path) == 0) total -= (uint64_t)files[i].size;
    }
  }
  for (size_t i = 0; i < n; i++) cx_free(kSystem, files[i].path);
  cx_free(kSystem, files);
}

// ---- compiling through the cache -------------------------------------------------------------

// Errors of the program itself (not of the artifact machinery): the JIT
// would fail the same way, so they are returned rather than retried.
static bool program_error(cx_status_t st) {
  cx_status_code_t c = cx_status_code(st);
  return c == CX_INVALID_ARGUMENT || c == CX_NOT_FOUND || c == CX_UNIMPLEMENTED ||
         c == CX_OUT_OF_RANGE || c == CX_OUT_OF_MEMORY || c == CX_CANCELLED;
}

typedef struct lookup {
  char* key;
  char* path;
  double t0;
  cx_compile_options_t plain;  // the caller's (or the defaults) with the cache off
  cx_compile_options_t o;      // plain with the target and key stored
} lookup_t;

// The start of both entry points: false if there is no entry to look up.
static bool begin(cx_module_t* module, const cx_compile_options_t* options, const char* dir,
                  lookup_t* l) {
  static const cx_compile_options_t kNone = {0};
  memset(l, 0, sizeof *l);
  l->t0 = now_seconds();
  if (!options) options = &kNone;
  l->plain = *options;
  l->plain.cache_dir = "";
  l->o = l->plain;
  l->o.target = options->target ? options->target : "host";
  cx_status_t st = make_key(module, options, l->o.target, &l->key);
  if (st) {  // no key (an unknown target, out of memory): compile as if uncached
    cx_status_free(st);
    return false;
  }
  l->o.cache_key = l->key;
  l->path = entry_path(dir, l->key);
  return l->path != NULL;
}

static void report(const lookup_t* l, bool hit) {
  const cx_compile_observer_t* obs = l->o.observer;
  if (obs && obs->after_phase)
    obs->after_phase(obs->arg, "cache", now_seconds() - l->t0, NULL, hit ? "hit" : "miss");
}

static void end(lookup_t* l) {
  cx_free(kSystem, l->key);
  cx_free(kSystem, l->path);
}

static void end_hit(lookup_t* l) {
  utimensat(AT_FDCWD, l->path, NULL, 0);  // recently used
  report(l, true);
  end(l);
}

static bool key_matches(const cx_rt_executable_t* exe, const char* key) {
  const cx_rt_artifact_code_t* c = cx_rt_artifact_code_of(exe);
  const char* k = c ? cx_rt_artifact_meta_get(c->meta, c->meta_size, "key") : NULL;
  return k && !strcmp(k, key);
}

cx_status_t cx_cache_compile(cx_module_t* module, const cx_compile_options_t* options,
                             const char* dir, cx_rt_executable_t** out_executable) {
  *out_executable = NULL;
  lookup_t l;
  if (!begin(module, options, dir, &l)) {
    end(&l);
    return cx_compile(module, &l.plain, out_executable);
  }
  cx_rt_executable_t* exe = NULL;
  cx_status_t st = cx_rt_executable_load_file(l.path, NULL, &exe);
  if (!st && key_matches(exe, l.key)) {
    end_hit(&l);
    *out_executable = exe;
    return NULL;
  }
  cx_status_free(st);
  cx_rt_executable_release(exe);
  report(&l, false);
  void* data = NULL;
  size_t size = 0;
  st = cx_aot_compile_artifact(module, &l.o, &data, &size);
  if (!st) st = cx_rt_executable_load_memory(data, size, NULL, out_executable);
  if (!st) {
    if (store(dir, l.path, data, size)) evict(dir, l.path);
  } else if (!program_error(st)) {
    // The artifact could not be made or loaded here (no linker, say):
    // compile as if there were no cache.
    cx_status_free(st);
    st = cx_compile(module, &l.plain, out_executable);
  }
  cx_free(kSystem, data);
  end(&l);
  return st;
}

cx_status_t cx_cache_compile_artifact(cx_module_t* module, const cx_compile_options_t* options,
                                      const char* dir, void** out_data, size_t* out_size) {
  *out_data = NULL;
  *out_size = 0;
  lookup_t l;
  if (!begin(module, options, dir, &l)) {
    end(&l);
    return cx_aot_compile_artifact(module, &l.plain, out_data, out_size);
  }
  char* data = NULL;
  size_t size = 0;
  cx_status_t st = cx_file_read(l.path, &data, &size);
  const char* key = NULL;
  if (!st) st = cx_rt_artifact_stored_key(data, size, &key);
  if (!st && !strcmp(key, l.key)) {
    end_hit(&l);
    *out_data = data;
    *out_size = size;
    return NULL;
  }
  cx_status_free(st);
  cx_free(kSystem, data);
  report(&l, false);
  st = cx_aot_compile_artifact(module, &l.o, out_data, out_size);
  if (!st && store(dir, l.path, *out_data, *out_size)) evict(dir, l.path);
  end(&l);
  return st;
}
