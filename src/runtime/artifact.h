// Ahead-of-time artifacts: one file holding everything an executable needs
// to run without the compiler (include/cxla/runtime.h: cx_rt_executable_load_*,
// cx_rt_executable_save). The format is described in docs/artifacts.md; in
// short (little-endian, offsets from the start of the file):
//
//   header       magic "CXLAEXE\x1a", format and kernel-ABI versions, the
//                file size, a checksum of the whole file, the ELF machine of
//                the code and the CPU features it needs
//   sections[]   {kind, align, offset, size}, one per section below
//   META         "key=value\0" pairs: cxla version, target, triple, cpu,
//                LLVM features, function name, cache key
//   SIGNATURE    argument and result types, arena size, kernel count,
//                routine-cache count
//   SLOTS, STEPS, PROGRAMS, BINDINGS, PARAMS, STRINGS, ROUTINES
//                the executable's tables (runtime/executable.h) as fixed
//                records; ROUTINES names the library routines that CALL
//                steps use, so routine ids survive a reordered table
//   STEP_OPS     per step, the ops it runs (cx_rt_step_t.ops), for profiles;
//                optional (format 1 has none)
//   CONSTANTS    the constant pool, page-aligned in the file so that a
//                mapped file serves it in place
//   CODE         the kernels: a self-contained ELF shared object whose only
//                export is cx_kernel_library_query (kernel_abi.h)
//
// Trust: the checksum catches truncation and corruption, and every table is
// validated before use (indices, ranges, nesting), so a damaged file is an
// error, never a crash. A deliberately crafted file is another matter: the
// artifact carries machine code, so load artifacts you would trust as a
// shared library.
#ifndef CXLA_RUNTIME_ARTIFACT_H_
#define CXLA_RUNTIME_ARTIFACT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/runtime.h"
#include "cxla/status.h"
#include "runtime/executable.h"

#define CX_RT_ARTIFACT_MAGIC "CXLAEXE\x1a"
#define CX_RT_ARTIFACT_MAGIC_SIZE 8
// The format this runtime writes and the oldest it reads.
// 2: STEP_OPS (optional; files of version 1 have none).
// 3: the executable's routine-cache count (SIGNATURE num_caches; versions 1
//    and 2 wrote 0 there), so a loaded executable packs its constant
//    GEMM/convolution operands once, as the compiled one does.
#define CX_RT_ARTIFACT_FORMAT_VERSION 3u
#define CX_RT_ARTIFACT_MIN_FORMAT_VERSION 1u
// Alignment of the constants section in the file (a page, for mmap).
#define CX_RT_ARTIFACT_CONST_ALIGN 4096u

typedef enum cx_rt_artifact_section_kind {
  CX_RT_SEC_META = 1,
  CX_RT_SEC_SIGNATURE,
  CX_RT_SEC_SLOTS,
  CX_RT_SEC_STEPS,
  CX_RT_SEC_PROGRAMS,
  CX_RT_SEC_BINDINGS,
  CX_RT_SEC_PARAMS,
  CX_RT_SEC_STRINGS,
  CX_RT_SEC_ROUTINES,
  CX_RT_SEC_CONSTANTS,
  CX_RT_SEC_CODE,
  CX_RT_SEC_STEP_OPS,  // optional: per step, a uint32 offset in STRINGS of its ops (0: none)
  CX_RT_SEC_COUNT_  // one past the last kind this runtime knows
} cx_rt_artifact_section_kind_t;

// On-disk records. Plain fixed-width fields with explicit padding; the
// reader copies them out with memcpy, so the file needs no alignment beyond
// the constants'.
typedef struct cx_rt_artifact_header {
  char magic[CX_RT_ARTIFACT_MAGIC_SIZE];
  uint32_t format_version;
  uint32_t kernel_abi_version;
  uint32_t header_size;    // sizeof(cx_rt_artifact_header_t)
  uint32_t num_sections;   // the section table follows the header
  uint64_t file_size;
  uint64_t checksum;       // cx_rt_artifact_checksum of the file with this field zero
  uint32_t machine;        // ELF e_machine of the code (62 x86-64, 183 AArch64)
  uint32_t flags;          // none defined; must be 0
  uint64_t cpu_features;   // CX_RT_CPU_* bits the code needs
  uint64_t reserved[4];    // 0
} cx_rt_artifact_header_t;

typedef struct cx_rt_artifact_section {
  uint32_t kind;
  uint32_t align;
  uint64_t offset;
  uint64_t size;
} cx_rt_artifact_section_t;

typedef struct cx_rt_artifact_signature {
  uint32_t num_args;
  uint32_t num_results;
  uint64_t arena_size;
  uint32_t num_kernels;
  uint32_t num_caches;  // routine caches (runtime/executable.h); 0 before version 3
  // followed by (num_args + num_results) cx_rt_artifact_tensor_t
} cx_rt_artifact_signature_t;

typedef struct cx_rt_artifact_tensor {
  int32_t elem;   // cx_elem_t; CX_ELEM_INVALID for a token
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];
} cx_rt_artifact_tensor_t;

typedef struct cx_rt_artifact_slot {
  uint32_t kind;
  uint32_t index;
  uint64_t offset;
  uint64_t nbytes;
} cx_rt_artifact_slot_t;

// A step: the union of runtime/executable.h spelled out. KERNEL: a =
// kernel, b = work_items, c = grain. CALL: a = routine (index into
// ROUTINES), b = params offset, c = params size. COPY: b = nbytes. WHILE:
// a = cond, b = body. CASE: a = first_branch, b = num_branches, c =
// index_is_pred.
typedef struct cx_rt_artifact_step {
  uint32_t kind;
  uint32_t where;
  uint32_t op;
  uint32_t first_binding;
  uint32_t num_bindings;
  uint32_t a;
  uint64_t b;
  uint64_t c;
} cx_rt_artifact_step_t;

typedef struct cx_rt_artifact_program {
  uint32_t first_step;
  uint32_t num_steps;
} cx_rt_artifact_program_t;

_Static_assert(sizeof(cx_rt_artifact_header_t) == 88, "artifact layout");
_Static_assert(sizeof(cx_rt_artifact_section_t) == 24, "artifact layout");
_Static_assert(sizeof(cx_rt_artifact_signature_t) == 24, "artifact layout");
_Static_assert(sizeof(cx_rt_artifact_tensor_t) == 8 + 8 * CX_MAX_RANK, "artifact layout");
_Static_assert(sizeof(cx_rt_artifact_slot_t) == 24, "artifact layout");
_Static_assert(sizeof(cx_rt_artifact_step_t) == 40, "artifact layout");
_Static_assert(sizeof(cx_rt_artifact_program_t) == 8, "artifact layout");

// 64-bit checksum of `size` bytes (fast: four interleaved multiply-xor
// lanes over 8-byte words, then the tail). Not cryptographic: it catches
// accidental damage.
uint64_t cx_rt_artifact_checksum(const void* data, size_t size);
// The checksum of a whole artifact: the file with the header's checksum
// field taken as zero. `size` must cover the header.
uint64_t cx_rt_artifact_file_checksum(const void* data, size_t size);

// ---- CPU features (artifact_cpu.c) --------------------------------------------------

// Feature bits an artifact may require; the x86 and AArch64 sets share the
// numbering space (an artifact's machine says which set applies).
#define CX_RT_CPU_FEATURES(X)                                                              \
  /* x86-64: bit, LLVM feature name */                                                    \
  X(X86, SSE3, 0, "sse3") X(X86, SSSE3, 1, "ssse3") X(X86, SSE4_1, 2, "sse4.1")            \
  X(X86, SSE4_2, 3, "sse4.2") X(X86, POPCNT, 4, "popcnt") X(X86, CX16, 5, "cx16")          \
  X(X86, SAHF, 6, "sahf") X(X86, AVX, 7, "avx") X(X86, AVX2, 8, "avx2")                    \
  X(X86, FMA, 9, "fma") X(X86, F16C, 10, "f16c") X(X86, BMI, 11, "bmi")                   \
  X(X86, BMI2, 12, "bmi2") X(X86, LZCNT, 13, "lzcnt") X(X86, MOVBE, 14, "movbe")           \
  X(X86, XSAVE, 15, "xsave") X(X86, PCLMUL, 16, "pclmul") X(X86, AVX512F, 17, "avx512f")   \
  X(X86, AVX512BW, 18, "avx512bw") X(X86, AVX512CD, 19, "avx512cd")                       \
  X(X86, AVX512DQ, 20, "avx512dq") X(X86, AVX512VL, 21, "avx512vl")                       \
  X(X86, AVX512BF16, 22, "avx512bf16") X(X86, AVX512VNNI, 23, "avx512vnni")               \
  X(X86, AVX512FP16, 24, "avx512fp16") X(X86, AVX512VBMI, 25, "avx512vbmi")               \
  X(X86, AVX512VBMI2, 26, "avx512vbmi2") X(X86, AVX512BITALG, 27, "avx512bitalg")         \
  X(X86, AVX512VPOPCNTDQ, 28, "avx512vpopcntdq") X(X86, AVX512IFMA, 29, "avx512ifma")     \
  X(X86, AVXVNNI, 30, "avxvnni") X(X86, GFNI, 31, "gfni") X(X86, VPCLMULQDQ, 32, "vpclmulqdq") \
  /* AArch64 */                                                                           \
  X(A64, FP16, 40, "fullfp16") X(A64, DOTPROD, 41, "dotprod") X(A64, BF16, 42, "bf16")     \
  X(A64, I8MM, 43, "i8mm")

enum {
#define CX_RT_CPU_ENUM_(arch, name, bit, llvm) CX_RT_CPU_##arch##_##name = bit,
  CX_RT_CPU_FEATURES(CX_RT_CPU_ENUM_)
#undef CX_RT_CPU_ENUM_
};

#define CX_RT_ELF_X86_64 62u
#define CX_RT_ELF_AARCH64 183u

// The ELF machine this runtime runs on.
uint32_t cx_rt_cpu_machine(void);
// "x86-64" / "aarch64" / "unknown".
const char* cx_rt_machine_name(uint32_t machine);
// The CX_RT_CPU_* bits of the CPU running this code (CPUID with the OS's
// register-state check on x86; HWCAP on AArch64).
uint64_t cx_rt_cpu_detect(void);
// The LLVM name of a feature bit (NULL if none) and its machine.
const char* cx_rt_cpu_feature_name(unsigned bit, uint32_t* out_machine);
// Writes the LLVM names of `bits`, comma-separated, into buf.
void cx_rt_cpu_features_format(uint64_t bits, char* buf, size_t size);

// ---- the code image: a minimal ELF loader (artifact_elf.c) ------------------------

typedef struct cx_rt_elf_image {
  void* base;              // the mapping (NULL when empty)
  size_t size;
  uintptr_t exec_lo, exec_hi;  // the executable pages
  const cx_kernel_library_t* library;  // set when loaded with run_code
} cx_rt_elf_image_t;

// Maps the shared object `elf` (for `machine`), applies its relocations and
// page protections. Undefined symbols resolve against the runtime's
// libcall table (cx_rt_libcall_find); anything else is an error naming the
// symbol. With run_code, calls the library's query function and checks the
// library it returns (kernel pointers inside the code). Without, nothing in
// the image runs (validation, fuzzing, foreign machines).
CX_MUST_USE cx_status_t cx_rt_elf_load(const void* elf, size_t size, uint32_t machine,
                                       bool run_code, cx_rt_elf_image_t* out_image);
void cx_rt_elf_unload(cx_rt_elf_image_t* image);

// The functions generated code may call directly (symbols LLVM inserts:
// memcpy/memset, libm rounding functions on CPUs without the instructions,
// half/bfloat conversions, 128-bit integer helpers), or NULL.
const void* cx_rt_libcall_find(const char* name);

// ---- reading and writing ----------------------------------------------------------

// The target description an artifact carries (META).
typedef struct cx_rt_artifact_target {
  const char* name;      // "host", "x86-64", "x86-64-v3", "x86-64-v4", "aarch64"
  const char* triple;    // LLVM target triple
  const char* cpu;       // LLVM CPU name
  const char* features;  // LLVM feature string
  uint32_t machine;      // CX_RT_ELF_*
  uint64_t cpu_features; // CX_RT_CPU_* bits the code needs
} cx_rt_artifact_target_t;

// Serializes the executable's tables with the given code (an ELF shared
// object) into a malloc'ed artifact. `key` (may be NULL) is stored in META
// for caches. The executable's kernels are not consulted: `num_kernels`
// is how many the code's library has.
CX_MUST_USE cx_status_t cx_rt_artifact_write(const cx_rt_executable_t* exe,
                                             const cx_rt_artifact_target_t* target,
                                             const void* code, size_t code_size,
                                             uint32_t num_kernels, const char* key,
                                             void** out_data, size_t* out_size);

typedef enum cx_rt_artifact_load_flags {
  // Validate everything (checksum included) and map and relocate the code,
  // but run none of it and check no CPU: for fuzzing and for checking an
  // artifact of another machine. The result is an executable without code.
  CX_RT_ARTIFACT_VALIDATE_ONLY = 1u << 0,
  // Skip the checksum (fuzzing the structure behind it).
  CX_RT_ARTIFACT_NO_CHECKSUM = 1u << 1,
} cx_rt_artifact_load_flags_t;

// Loads an artifact from memory. `data` must stay valid and unchanged for
// the executable's lifetime if `borrow` is set (the constants are used in
// place, e.g. from a file mapping); otherwise everything is copied.
// `keep` (may be NULL) is released with the executable (e.g. the mapping).
CX_MUST_USE cx_status_t cx_rt_artifact_load(const void* data, size_t size, uint32_t flags,
                                            bool borrow, void* keep, void (*release_keep)(void*),
                                            cx_rt_executable_t** out_exe);

// The cache key an artifact stores (META "key", "" if none), after checking
// what loading checks first: magic, versions, size, checksum and tables.
// *out_key points into `data`.
CX_MUST_USE cx_status_t cx_rt_artifact_stored_key(const void* data, size_t size,
                                                  const char** out_key);

#endif  // CXLA_RUNTIME_ARTIFACT_H_
