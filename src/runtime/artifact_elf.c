// A minimal loader for the code of artifacts (runtime/artifact.h).
//
// The code generator links each artifact's kernels into a self-contained ELF
// shared object (ld.lld, position-independent, no DT_NEEDED, one exported
// symbol). This loader maps such an object itself instead of handing it to
// the system's dlopen:
//   - an artifact is read from memory or from a mapped file; dlopen wants a
//     path (a memfd would do, but not everywhere: not in seccomp sandboxes
//     that forbid memfd_create, and not for a statically linked program);
//   - every field is checked before it is used, so a damaged object is an
//     error and never a crash inside ld.so (which trusts its input), and
//     the fuzzer can run the whole loader;
//   - nothing runs at load time: no constructors, no IFUNC resolvers, no
//     symbol interposition; the only symbols the object may import are the
//     runtime's libcalls (artifact_libcalls.c).
// What it accepts is exactly what ld.lld makes of LLVM's output: PT_LOAD
// segments, a PT_DYNAMIC with RELA relocations of the kinds below, a SysV
// hash table (for the symbol count) and a PT_GNU_RELRO range. Anything else
// (TLS, init arrays, other relocations) is refused with the reason.
// The price: debuggers and profilers do not see the code as a library.
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/artifact.h"
#include "support/checked.h"

#define MAX_IMAGE_BYTES ((uint64_t)1 << 30)
#define MAX_SEGMENTS 16

static cx_status_t bad(const char* fmt, const char* detail) {
  return CX_ERROR(CX_DATA_LOSS, "artifact code: %s%s", fmt, detail ? detail : "");
}

typedef struct seg {
  uint64_t vaddr, memsz, offset, filesz;
  uint32_t flags;
} seg_t;

typedef struct loader {
  const unsigned char* file;
  size_t file_size;
  uint32_t machine;
  seg_t segs[MAX_SEGMENTS];
  unsigned num_segs;
  uint64_t span;
  uint64_t dyn_vaddr, dyn_size;
  bool has_relro;
  uint64_t relro_vaddr, relro_size;
  unsigned char* base;
  // From PT_DYNAMIC.
  uint64_t rela, relasz, jmprel, pltrelsz, symtab, strtab, strsz, hash;
  uint64_t nsyms;
} loader_t;

// True if [vaddr, vaddr + size) lies inside the image.
static bool in_image(const loader_t* l, uint64_t vaddr, uint64_t size) {
  uint64_t end;
  return !__builtin_add_overflow(vaddr, size, &end) && end <= l->span;
}

static cx_status_t read_headers(loader_t* l) {
  if (l->file_size < sizeof(Elf64_Ehdr)) return bad("shorter than an ELF header", NULL);
  Elf64_Ehdr eh;
  memcpy(&eh, l->file, sizeof eh);
  if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) return bad("not an ELF object", NULL);
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
      eh.e_ident[EI_VERSION] != EV_CURRENT)
    return bad("not a 64-bit little-endian ELF object", NULL);
  if (eh.e_type != ET_DYN) return bad("not a shared object", NULL);
  if (eh.e_machine != l->machine) {
    char detail[96];
    snprintf(detail, sizeof detail, "machine %u, expected %u (%s)", eh.e_machine, l->machine,
             cx_rt_machine_name(l->machine));
    return bad("code for another machine: ", detail);
  }
  if (eh.e_phentsize != sizeof(Elf64_Phdr)) return bad("unexpected program header size", NULL);
  size_t ph_bytes, ph_end;
  if (!cx_mul_size(eh.e_phnum, sizeof(Elf64_Phdr), &ph_bytes) ||
      !cx_add_size((size_t)eh.e_phoff, ph_bytes, &ph_end) || eh.e_phoff > l->file_size ||
      ph_end > l->file_size)
    return bad("program headers beyond the end", NULL);
  bool has_dynamic = false;
  for (unsigned i = 0; i < eh.e_phnum; i++) {
    Elf64_Phdr ph;
    memcpy(&ph, l->file + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
    switch (ph.p_type) {
      case PT_LOAD: {
        uint64_t fend, mend;
        if (l->num_segs == MAX_SEGMENTS) return bad("too many segments", NULL);
        if (ph.p_filesz > ph.p_memsz) return bad("a segment's file size exceeds its memory size", NULL);
        if (__builtin_add_overflow(ph.p_offset, ph.p_filesz, &fend) || fend > l->file_size)
          return bad("a segment lies beyond the end", NULL);
        if (__builtin_add_overflow(ph.p_vaddr, ph.p_memsz, &mend) || mend > MAX_IMAGE_BYTES)
          return bad("a segment's addresses are out of range", NULL);
        if (ph.p_flags & ~(uint32_t)(PF_R | PF_W | PF_X)) return bad("unknown segment flags", NULL);
        l->segs[l->num_segs++] = (seg_t){ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags};
        if (mend > l->span) l->span = mend;
        break;
      }
      case PT_DYNAMIC:
        if (has_dynamic) return bad("two PT_DYNAMIC headers", NULL);
        has_dynamic = true;
        l->dyn_vaddr = ph.p_vaddr;
        l->dyn_size = ph.p_memsz;
        break;
      case PT_GNU_RELRO:
        l->has_relro = true;
        l->relro_vaddr = ph.p_vaddr;
        l->relro_size = ph.p_memsz;
        break;
      case PT_TLS: return bad("thread-local storage is not supported", NULL);
      case PT_INTERP: return bad("an executable, not a shared object", NULL);
      default: break;  // PT_PHDR, PT_GNU_STACK, PT_NOTE, PT_GNU_EH_FRAME: nothing to do
    }
  }
  if (!l->num_segs) return bad("no loadable segment", NULL);
  if (!has_dynamic) return bad("no dynamic section", NULL);
  long page = sysconf(_SC_PAGESIZE);
  uint64_t pg = page > 0 ? (uint64_t)page : 4096;
  l->span = (l->span + pg - 1) & ~(pg - 1);
  if (!in_image(l, l->dyn_vaddr, l->dyn_size)) return bad("the dynamic section is outside the image", NULL);
  if (l->has_relro && !in_image(l, l->relro_vaddr, l->relro_size))
    return bad("the RELRO range is outside the image", NULL);
  return NULL;
}

static cx_status_t read_dynamic(loader_t* l) {
  uint64_t n = l->dyn_size / sizeof(Elf64_Dyn);
  uint64_t relaent = sizeof(Elf64_Rela), syment = sizeof(Elf64_Sym), pltrel = DT_RELA;
  bool ended = false;
  for (uint64_t i = 0; i < n && !ended; i++) {
    Elf64_Dyn d;
    memcpy(&d, l->base + l->dyn_vaddr + i * sizeof d, sizeof d);
    uint64_t v = d.d_un.d_val;
    switch (d.d_tag) {
      case DT_NULL: ended = true; break;
      case DT_NEEDED: return bad("the code depends on another library", NULL);
      case DT_RELA: l->rela = v; break;
      case DT_RELASZ: l->relasz = v; break;
      case DT_RELAENT: relaent = v; break;
      case DT_JMPREL: l->jmprel = v; break;
      case DT_PLTRELSZ: l->pltrelsz = v; break;
      case DT_PLTREL: pltrel = v; break;
      case DT_SYMTAB: l->symtab = v; break;
      case DT_STRTAB: l->strtab = v; break;
      case DT_STRSZ: l->strsz = v; break;
      case DT_SYMENT: syment = v; break;
      case DT_HASH: l->hash = v; break;
      case DT_REL:
      case DT_RELSZ:
      case DT_RELR:
      case DT_RELRSZ: return bad("relocations of a kind other than RELA", NULL);
      case DT_TEXTREL: return bad("relocations in the code", NULL);
      case DT_INIT:
      case DT_FINI:
      case DT_PREINIT_ARRAY: return bad("initialization code", NULL);
      case DT_INIT_ARRAYSZ:
      case DT_FINI_ARRAYSZ:
        if (v) return bad("initialization code", NULL);
        break;
      default: break;  // DT_GNU_HASH, DT_FLAGS, versions, debug: not needed
    }
  }
  if (relaent != sizeof(Elf64_Rela) || syment != sizeof(Elf64_Sym) || pltrel != DT_RELA)
    return bad("unexpected relocation or symbol entry sizes", NULL);
  if ((l->relasz && !in_image(l, l->rela, l->relasz)) ||
      (l->pltrelsz && !in_image(l, l->jmprel, l->pltrelsz)))
    return bad("relocations outside the image", NULL);
  if (!l->symtab || !l->strtab || !l->hash) return bad("no dynamic symbol table", NULL);
  if (!in_image(l, l->strtab, l->strsz) || !in_image(l, l->hash, 8))
    return bad("the symbol tables are outside the image", NULL);
  // The SysV hash table's second word is the number of symbols.
  uint32_t nchain;
  memcpy(&nchain, l->base + l->hash + 4, 4);
  l->nsyms = nchain;
  if (!in_image(l, l->symtab, l->nsyms * sizeof(Elf64_Sym)))
    return bad("the symbol table is outside the image", NULL);
  return NULL;
}

static void get_sym(const loader_t* l, uint64_t index, Elf64_Sym* out) {
  memcpy(out, l->base + l->symtab + index * sizeof(Elf64_Sym), sizeof *out);
}

// The symbol's name, or NULL if it does not end inside the string table.
static const char* sym_name(const loader_t* l, const Elf64_Sym* s) {
  if (s->st_name >= l->strsz) return NULL;
  const char* p = (const char*)l->base + l->strtab + s->st_name;
  if (!memchr(p, 0, l->strsz - s->st_name)) return NULL;
  return p;
}

// The value of symbol `index` for a relocation.
static cx_status_t sym_value(const loader_t* l, uint64_t index, uint64_t* out) {
  if (index >= l->nsyms) return bad("a relocation names a symbol that does not exist", NULL);
  Elf64_Sym s;
  get_sym(l, index, &s);
  if (s.st_shndx != SHN_UNDEF) {
    if (s.st_value > l->span) return bad("a symbol lies outside the image", NULL);
    *out = (uint64_t)(uintptr_t)l->base + s.st_value;
    return NULL;
  }
  const char* name = sym_name(l, &s);
  if (!name) return bad("a symbol's name is outside the string table", NULL);
  const void* fn = cx_rt_libcall_find(name);
  if (!fn) {
    return CX_ERROR(CX_UNIMPLEMENTED,
                    "artifact code: needs the symbol '%s', which this runtime does not provide",
                    name);
  }
  *out = (uint64_t)(uintptr_t)fn;
  return NULL;
}

static cx_status_t relocate(loader_t* l, uint64_t at, uint64_t size) {
  uint64_t n = size / sizeof(Elf64_Rela);
  bool x86 = l->machine == CX_RT_ELF_X86_64;
  for (uint64_t i = 0; i < n; i++) {
    Elf64_Rela r;
    memcpy(&r, l->base + at + i * sizeof r, sizeof r);
    uint32_t type = ELF64_R_TYPE(r.r_info);
    uint64_t sym = ELF64_R_SYM(r.r_info), value = 0;
    if (!in_image(l, r.r_offset, 8)) return bad("a relocation points outside the image", NULL);
    if ((x86 && type == R_X86_64_NONE) || (!x86 && type == R_AARCH64_NONE)) continue;
    if ((x86 && type == R_X86_64_RELATIVE) || (!x86 && type == R_AARCH64_RELATIVE)) {
      value = (uint64_t)(uintptr_t)l->base + (uint64_t)r.r_addend;
    } else if ((x86 && (type == R_X86_64_64 || type == R_X86_64_GLOB_DAT ||
                        type == R_X86_64_JUMP_SLOT)) ||
               (!x86 && (type == R_AARCH64_ABS64 || type == R_AARCH64_GLOB_DAT ||
                         type == R_AARCH64_JUMP_SLOT))) {
      CX_RETURN_IF_ERROR(sym_value(l, sym, &value));
      // x86-64's GLOB_DAT and JUMP_SLOT take no addend; AArch64's do.
      if (!(x86 && (type == R_X86_64_GLOB_DAT || type == R_X86_64_JUMP_SLOT)))
        value += (uint64_t)r.r_addend;
    } else {
      char detail[32];
      snprintf(detail, sizeof detail, "%u", type);
      return bad("unsupported relocation type ", detail);
    }
    memcpy(l->base + r.r_offset, &value, 8);
  }
  return NULL;
}

// Page protections: each page gets the union of the permissions of the
// segments on it; a page both writable and executable is refused. The
// RELRO range becomes read-only once relocated.
static cx_status_t protect(loader_t* l, cx_rt_elf_image_t* img) {
  long pgl = sysconf(_SC_PAGESIZE);
  uint64_t pg = pgl > 0 ? (uint64_t)pgl : 4096;
  uint64_t npages = l->span / pg;
  unsigned char stack_perms[256];
  unsigned char* perms = npages <= sizeof stack_perms ? stack_perms : NULL;
  if (!perms) {
    perms = mmap(NULL, npages, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (perms == MAP_FAILED) return CX_OOM();
  }
  memset(perms, 0, npages);
  for (unsigned i = 0; i < l->num_segs; i++) {
    const seg_t* s = &l->segs[i];
    if (!s->memsz) continue;
    int p = (s->flags & PF_R ? PROT_READ : 0) | (s->flags & PF_W ? PROT_WRITE : 0) |
            (s->flags & PF_X ? PROT_EXEC : 0);
    for (uint64_t q = s->vaddr / pg; q <= (s->vaddr + s->memsz - 1) / pg; q++) perms[q] |= (unsigned char)p;
  }
  if (l->has_relro && l->relro_size) {
    // Only whole pages inside the range (the pages at its ends may hold
    // writable data too).
    uint64_t lo = (l->relro_vaddr + pg - 1) / pg, hi = (l->relro_vaddr + l->relro_size) / pg;
    for (uint64_t q = lo; q < hi; q++) perms[q] &= (unsigned char)~PROT_WRITE;
  }
  cx_status_t st = NULL;
  img->exec_lo = img->exec_hi = 0;
  for (uint64_t q = 0; q < npages && !st; q++) {
    if ((perms[q] & PROT_WRITE) && (perms[q] & PROT_EXEC)) {
      st = bad("a page would be both writable and executable", NULL);
      break;
    }
    if (perms[q] & PROT_EXEC) {
      uintptr_t a = (uintptr_t)l->base + q * pg;
      if (!img->exec_lo) img->exec_lo = a;
      img->exec_hi = a + pg;
    }
  }
  // Flush instruction caches over the code before it becomes executable
  // (a no-op on x86; required on AArch64).
  if (!st && img->exec_hi)
    __builtin___clear_cache((char*)img->exec_lo, (char*)img->exec_hi);
  for (uint64_t q = 0; q < npages && !st;) {
    uint64_t r = q;
    while (r < npages && perms[r] == perms[q]) r++;
    if (mprotect(l->base + q * pg, (r - q) * pg, perms[q]) != 0)
      st = CX_ERROR(CX_IO_ERROR, "artifact code: mprotect failed");
    q = r;
  }
  if (perms != stack_perms) munmap(perms, npages);
  return st;
}

// The exported query function's address. Runs before the page
// protections are set (pages no segment covers become inaccessible).
static cx_status_t find_query(const loader_t* l, uintptr_t* out) {
  for (uint64_t i = 1; i < l->nsyms; i++) {
    Elf64_Sym s;
    get_sym(l, i, &s);
    const char* name = sym_name(l, &s);
    if (!name || strcmp(name, CX_KERNEL_LIBRARY_QUERY_SYMBOL) != 0 || s.st_shndx == SHN_UNDEF)
      continue;
    if (s.st_value >= l->span) return bad("the library query function is outside the image", NULL);
    *out = (uintptr_t)l->base + s.st_value;
    return NULL;
  }
  return bad("no " CX_KERNEL_LIBRARY_QUERY_SYMBOL " symbol", NULL);
}

// True if [p, p + size) lies inside one readable segment of the image.
static bool ptr_in(const loader_t* l, const void* p, size_t size) {
  uintptr_t a = (uintptr_t)p, b = (uintptr_t)l->base;
  if (a < b) return false;
  uint64_t off = a - b;
  for (unsigned i = 0; i < l->num_segs; i++) {
    const seg_t* s = &l->segs[i];
    if ((s->flags & PF_R) && off >= s->vaddr && off - s->vaddr <= s->memsz &&
        size <= s->memsz - (off - s->vaddr))
      return true;
  }
  return false;
}

static cx_status_t check_library(const loader_t* l, const cx_rt_elf_image_t* img,
                                 const cx_kernel_library_t* lib) {
  if (!lib)
    return CX_ERROR(CX_DATA_LOSS, "artifact code: its library refuses kernel ABI version %u",
                    CX_KERNEL_ABI_VERSION);
  if (!ptr_in(l, lib, sizeof *lib) || lib->abi_version != CX_KERNEL_ABI_VERSION)
    return bad("the kernel library descriptor is invalid", NULL);
  if (lib->num_kernels && !ptr_in(l, lib->kernels, (size_t)lib->num_kernels * sizeof(void*)))
    return bad("the kernel table is outside the code", NULL);
  for (uint32_t i = 0; i < lib->num_kernels; i++) {
    uintptr_t k = (uintptr_t)lib->kernels[i];
    if (k < img->exec_lo || k >= img->exec_hi) return bad("a kernel is outside the code", NULL);
  }
  if (lib->names && !ptr_in(l, lib->names, (size_t)lib->num_kernels * sizeof(char*)))
    return bad("the kernel name table is outside the code", NULL);
  return NULL;
}

cx_status_t cx_rt_elf_load(const void* elf, size_t size, uint32_t machine, bool run_code,
                           cx_rt_elf_image_t* out) {
  memset(out, 0, sizeof *out);
  loader_t l;
  memset(&l, 0, sizeof l);
  l.file = elf;
  l.file_size = size;
  l.machine = machine;
  CX_RETURN_IF_ERROR(read_headers(&l));
  void* base = mmap(NULL, l.span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return CX_ERROR(CX_OUT_OF_MEMORY, "artifact code: cannot map %llu bytes",
                    (unsigned long long)l.span);
  l.base = base;
  out->base = base;
  out->size = l.span;
  for (unsigned i = 0; i < l.num_segs; i++)
    if (l.segs[i].filesz) memcpy(l.base + l.segs[i].vaddr, l.file + l.segs[i].offset, l.segs[i].filesz);
  cx_status_t st = read_dynamic(&l);
  if (!st && l.relasz) st = relocate(&l, l.rela, l.relasz);
  if (!st && l.pltrelsz) st = relocate(&l, l.jmprel, l.pltrelsz);
  uintptr_t query = 0;
  if (!st) st = find_query(&l, &query);
  if (!st) st = protect(&l, out);
  if (!st && (query < out->exec_lo || query >= out->exec_hi))
    st = bad("the library query function is not in the code", NULL);
  if (!st && run_code) {
    cx_kernel_library_query_fn_t fn = (cx_kernel_library_query_fn_t)query;
    const cx_kernel_library_t* lib = fn(CX_KERNEL_ABI_VERSION);
    st = check_library(&l, out, lib);
    if (!st) out->library = lib;
  }
  if (st) cx_rt_elf_unload(out);
  return st;
}

void cx_rt_elf_unload(cx_rt_elf_image_t* img) {
  if (img->base) munmap(img->base, img->size);
  memset(img, 0, sizeof *img);
}
