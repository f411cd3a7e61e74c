// The LLVM side of the code generator: context, module, target machine,
// common types, the kernel library that the ABI's query function returns,
// optimization and the JIT.
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"
#include "codegen/cg_math.h"
#include "support/strbuf.h"

static pthread_once_t g_llvm_init_once = PTHREAD_ONCE_INIT;
static void llvm_init(void) {
  LLVMInitializeNativeTarget();
  LLVMInitializeNativeAsmPrinter();
}

// The JIT session: the linked code (the module and its context are gone).
typedef struct jit_session {
  LLVMOrcLLJITRef jit;
} jit_session_t;

static void jit_release(void* owner) {
  jit_session_t* s = owner;
  if (!s) return;
  if (s->jit) LLVMOrcDisposeLLJIT(s->jit);
  cx_free(cx_allocator_system(), s);
}

static cx_status_t llvm_error(LLVMErrorRef err, const char* what) {
  char* msg = LLVMGetErrorMessage(err);
  cx_status_t s = CX_ERROR(CX_INTERNAL, "%s: %s", what, msg ? msg : "LLVM error");
  LLVMDisposeErrorMessage(msg);
  return s;
}

cx_status_t cx_cg_create(cx_context_t* ir, const cx_cg_options_t* options, cx_cg_t** out_cg) {
  *out_cg = NULL;
  pthread_once(&g_llvm_init_once, llvm_init);
  // The code generator's memory comes from the IR context's allocator.
  cx_allocator_t allocator = ir ? ir->allocator : cx_allocator_system();
  cx_cg_t* cg = cx_calloc(allocator, 1, sizeof(*cg));
  if (!cg) return CX_OOM();
  cg->ir = ir;
  cg->allocator = allocator;
  cg->opt_level = options && options->opt_level >= 0 && options->opt_level <= 3
                      ? options->opt_level
                      : 2;
  cg->keep_ir = options && options->keep_ir;
  // The context belongs to a thread-safe context so that the module can move
  // into the JIT at the end.
  cg->tsc = LLVMOrcCreateNewThreadSafeContext();
  cg->ctx = LLVMOrcThreadSafeContextGetContext(cg->tsc);
  cg->mod = LLVMModuleCreateWithNameInContext("cxla_kernels", cg->ctx);
  cg->b = LLVMCreateBuilderInContext(cg->ctx);

  const cx_cg_target_t* aot = options ? options->target : NULL;
  if (aot) {
    cx_cg_init_targets();
    cg->triple = LLVMCreateMessage(aot->triple);
    cg->cpu = LLVMCreateMessage(aot->cpu);
    cg->features = LLVMCreateMessage(aot->features ? aot->features : "");
    cg->tune_cpu = aot->tune_cpu ? cx_strdup(allocator, aot->tune_cpu) : NULL;
  } else {
    cg->triple = LLVMGetDefaultTargetTriple();
    cg->cpu = LLVMGetHostCPUName();
    cg->features = LLVMGetHostCPUFeatures();
  }
  LLVMTargetRef target;
  char* err = NULL;
  if (LLVMGetTargetFromTriple(cg->triple, &target, &err)) {
    cx_status_t s = CX_ERROR(CX_INTERNAL, "no LLVM target for %s: %s", cg->triple, err);
    LLVMDisposeMessage(err);
    cx_cg_destroy(cg);
    return s;
  }
  cg->tm = LLVMCreateTargetMachine(target, cg->triple, cg->cpu, cg->features,
                                   LLVMCodeGenLevelAggressive, LLVMRelocPIC,
                                   aot ? LLVMCodeModelDefault : LLVMCodeModelJITDefault);
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(cg->tm);
  LLVMSetModuleDataLayout(cg->mod, layout);
  LLVMDisposeTargetData(layout);
  LLVMSetTarget(cg->mod, cg->triple);

  LLVMContextRef c = cg->ctx;
  cg->t_void = LLVMVoidTypeInContext(c);
  cg->t_i1 = LLVMInt1TypeInContext(c);
  cg->t_i8 = LLVMInt8TypeInContext(c);
  cg->t_i16 = LLVMInt16TypeInContext(c);
  cg->t_i32 = LLVMInt32TypeInContext(c);
  cg->t_i64 = LLVMInt64TypeInContext(c);
  cg->t_f16 = LLVMHalfTypeInContext(c);
  cg->t_bf16 = LLVMBFloatTypeInContext(c);
  cg->t_f32 = LLVMFloatTypeInContext(c);
  cg->t_f64 = LLVMDoubleTypeInContext(c);
  cg->t_ptr = LLVMPointerTypeInContext(c, 0);
  LLVMTypeRef call_fields[] = {cg->t_ptr, cg->t_ptr, cg->t_i64, cg->t_i64};
  cg->t_call = LLVMStructTypeInContext(c, call_fields, 4, 0);
  LLVMTypeRef kernel_params[] = {cg->t_ptr};
  cg->t_kernel = LLVMFunctionType(cg->t_i32, kernel_params, 1, 0);

  LLVMTypeRef d1[] = {cg->t_f64}, d2[] = {cg->t_f64, cg->t_f64};
  LLVMTypeRef p2[] = {cg->t_ptr, cg->t_ptr}, p3[] = {cg->t_ptr, cg->t_ptr, cg->t_ptr};
  LLVMTypeRef loadf[] = {cg->t_i32, cg->t_i64}, storef[] = {cg->t_i32, cg->t_f64};
  cg->t_sig[CX_CG_SIG_D_D] = LLVMFunctionType(cg->t_f64, d1, 1, 0);
  cg->t_sig[CX_CG_SIG_D_DD] = LLVMFunctionType(cg->t_f64, d2, 2, 0);
  cg->t_sig[CX_CG_SIG_C_C] = LLVMFunctionType(cg->t_void, p2, 2, 0);
  cg->t_sig[CX_CG_SIG_C_CC] = LLVMFunctionType(cg->t_void, p3, 3, 0);
  cg->t_sig[CX_CG_SIG_LOADF] = LLVMFunctionType(cg->t_f64, loadf, 2, 0);
  cg->t_sig[CX_CG_SIG_STOREF] = LLVMFunctionType(cg->t_i64, storef, 2, 0);
  *out_cg = cg;
  return NULL;
}

void cx_cg_destroy(cx_cg_t* cg) {
  if (!cg) return;
  cx_allocator_t a = cg->allocator;
  cx_free(a, cg->ir_text);
  cx_free(a, cg->tune_cpu);
  for (uint32_t i = 0; i < cg->num_kernels; i++) cx_free(a, cg->kernel_names[i]);
  cx_free(a, cg->kernel_names);
  cx_free(a, cg->kernels);
  if (cg->b) LLVMDisposeBuilder(cg->b);
  if (cg->mod) LLVMDisposeModule(cg->mod);
  if (cg->tm) LLVMDisposeTargetMachine(cg->tm);
  if (cg->tsc) LLVMOrcDisposeThreadSafeContext(cg->tsc);
  LLVMDisposeMessage(cg->triple);
  LLVMDisposeMessage(cg->cpu);
  LLVMDisposeMessage(cg->features);
  cx_free(a, cg);
}

// Registers a kernel function for the library; returns its index.
cx_status_t cx_cg_add_kernel(cx_cg_t* cg, LLVMValueRef fn, const char* name, uint32_t* out_index) {
  if (cg->num_kernels == cg->kernels_cap) {
    uint32_t cap = cg->kernels_cap ? cg->kernels_cap * 2 : 16;
    LLVMValueRef* k = cx_realloc_array(cg->allocator, cg->kernels, cap, sizeof(*k));
    if (!k) return CX_OOM();
    cg->kernels = k;
    char** n = cx_realloc_array(cg->allocator, cg->kernel_names, cap, sizeof(*n));
    if (!n) return CX_OOM();
    cg->kernel_names = n;
    cg->kernels_cap = cap;
  }
  char* copy = cx_strdup(cg->allocator, name ? name : "kernel");
  if (!copy) return CX_OOM();
  // LLVM tunes some AVX-512 CPUs to prefer 256-bit vectors (it takes this
  // machine's Zen 5 for a Sapphire Rapids); the element loops of kernels run
  // up to twice as fast with full-width vectors.
  if (strstr(cg->features, "+avx512f") && !getenv("CXLA_VEC256")) {
    LLVMAttributeRef a = LLVMCreateStringAttribute(cg->ctx, "prefer-vector-width", 19, "512", 3);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, a);
  }
  cg->kernels[cg->num_kernels] = fn;
  cg->kernel_names[cg->num_kernels] = copy;
  *out_index = cg->num_kernels++;
  return NULL;
}

// Emits the library descriptor and the exported query function:
//   const cx_kernel_library_t* cx_kernel_library_query(uint32_t abi_version)
static cx_status_t emit_library(cx_cg_t* cg) {
  LLVMContextRef c = cg->ctx;
  uint32_t n = cg->num_kernels;
  LLVMTypeRef fn_array_t = LLVMArrayType2(cg->t_ptr, n);
  LLVMValueRef* fns = cx_alloc_array(cg->allocator, n, sizeof(LLVMValueRef));
  LLVMValueRef* names = cx_alloc_array(cg->allocator, n, sizeof(LLVMValueRef));
  if (!fns || !names) {
    cx_free(cg->allocator, fns);
    cx_free(cg->allocator, names);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < n; i++) {
    fns[i] = cg->kernels[i];
    const char* nm = cg->kernel_names[i];
    LLVMValueRef str = LLVMConstStringInContext(c, nm, (unsigned)strlen(nm), 0);
    LLVMValueRef g = LLVMAddGlobal(cg->mod, LLVMTypeOf(str), "cx_kernel_name");
    LLVMSetInitializer(g, str);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    names[i] = g;
  }
  LLVMValueRef fn_table = LLVMAddGlobal(cg->mod, fn_array_t, "cx_kernel_table");
  LLVMSetInitializer(fn_table, LLVMConstArray2(cg->t_ptr, fns, n));
  LLVMSetGlobalConstant(fn_table, 1);
  LLVMSetLinkage(fn_table, LLVMPrivateLinkage);
  LLVMValueRef name_table = LLVMAddGlobal(cg->mod, fn_array_t, "cx_kernel_names");
  LLVMSetInitializer(name_table, LLVMConstArray2(cg->t_ptr, names, n));
  LLVMSetGlobalConstant(name_table, 1);
  LLVMSetLinkage(name_table, LLVMPrivateLinkage);
  cx_free(cg->allocator, fns);
  cx_free(cg->allocator, names);

  LLVMTypeRef lib_fields[] = {cg->t_i32, cg->t_i32, cg->t_ptr, cg->t_ptr};
  LLVMTypeRef lib_t = LLVMStructTypeInContext(c, lib_fields, 4, 0);
  LLVMValueRef lib_vals[] = {LLVMConstInt(cg->t_i32, CX_KERNEL_ABI_VERSION, 0),
                             LLVMConstInt(cg->t_i32, n, 0), fn_table, name_table};
  LLVMValueRef lib = LLVMAddGlobal(cg->mod, lib_t, "cx_kernel_library");
  LLVMSetInitializer(lib, LLVMConstNamedStruct(lib_t, lib_vals, 4));
  LLVMSetGlobalConstant(lib, 1);
  LLVMSetLinkage(lib, LLVMPrivateLinkage);

  LLVMTypeRef q_params[] = {cg->t_i32};
  LLVMTypeRef q_t = LLVMFunctionType(cg->t_ptr, q_params, 1, 0);
  LLVMValueRef q = LLVMAddFunction(cg->mod, CX_KERNEL_LIBRARY_QUERY_SYMBOL, q_t);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(c, q, "entry");
  LLVMPositionBuilderAtEnd(cg->b, entry);
  LLVMValueRef ok = LLVMBuildICmp(cg->b, LLVMIntEQ, LLVMGetParam(q, 0),
                                  LLVMConstInt(cg->t_i32, CX_KERNEL_ABI_VERSION, 0), "ok");
  LLVMBuildRet(cg->b, LLVMBuildSelect(cg->b, ok, lib, LLVMConstNull(cg->t_ptr), "lib"));
  return NULL;
}

static cx_status_t optimize(cx_cg_t* cg) {
  char* err = NULL;
  if (LLVMVerifyModule(cg->mod, LLVMReturnStatusAction, &err)) {
    cx_status_t s = CX_ERROR(CX_INTERNAL, "generated code does not verify: %s", err);
    LLVMDisposeMessage(err);
    return s;
  }
  LLVMDisposeMessage(err);
  if (cg->opt_level == 0) return NULL;
  char pipeline[32];
  snprintf(pipeline, sizeof pipeline, "default<O%d>", cg->opt_level);
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMPassBuilderOptionsSetLoopVectorization(opts, 1);
  LLVMPassBuilderOptionsSetSLPVectorization(opts, 1);
  LLVMErrorRef e = LLVMRunPasses(cg->mod, pipeline, cg->tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (e) return llvm_error(e, "optimizing generated code");
  cx_cg_math_lower_lookups(cg);
  return NULL;
}

// CXLA_DUMP_ASM=1 prints the optimized module's machine code to stderr (from
// a copy: code generation changes the module it runs on), to see whether
// element loops became vector code (`cxla opt --compile-to=llvm` prints the
// IR).
static void dump_asm(cx_cg_t* cg) {
  const char* dump = getenv("CXLA_DUMP_ASM");
  if (!dump || !*dump || !strcmp(dump, "0")) return;
  LLVMModuleRef copy = LLVMCloneModule(cg->mod);
  LLVMMemoryBufferRef buf = NULL;
  char* err = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(cg->tm, copy, LLVMAssemblyFile, &err, &buf)) {
    fprintf(stderr, "CXLA_DUMP_ASM: %s\n", err ? err : "no assembly");
  } else {
    fwrite(LLVMGetBufferStart(buf), 1, LLVMGetBufferSize(buf), stderr);
    LLVMDisposeMemoryBuffer(buf);
  }
  LLVMDisposeMessage(err);
  LLVMDisposeModule(copy);
}

cx_status_t cx_cg_finalize_module(cx_cg_t* cg) {
  if (cg->finished || cg->finalized) return CX_ERROR(CX_INTERNAL, "code generator finished twice");
  cg->finalized = true;
  CX_RETURN_IF_ERROR(emit_library(cg));
  CX_RETURN_IF_ERROR(optimize(cg));
  if (cg->keep_ir) {
    char* text = LLVMPrintModuleToString(cg->mod);
    cg->ir_text = text ? cx_strdup(cg->allocator, text) : NULL;
    LLVMDisposeMessage(text);
  }
  dump_asm(cg);
  return NULL;
}

// Machine code for the optimized module, by the code generator's own target
// machine; then the module, its context and the target machine go: the
// executable keeps only the JIT, which links the object. Left to the JIT, the
// module would be compiled by another target machine of the JIT's own, and
// it, the context and that target machine's per-subtarget tables would stay
// with the executable for its lifetime (code it never runs again), the
// module alive until the code was linked.
static cx_status_t emit_and_release_module(cx_cg_t* cg, LLVMMemoryBufferRef* out_object) {
  *out_object = NULL;
  char* err = NULL;
  LLVMMemoryBufferRef buf = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(cg->tm, cg->mod, LLVMObjectFile, &err, &buf)) {
    cx_status_t s = CX_ERROR(CX_INTERNAL, "compiling generated code: %s", err ? err : "LLVM error");
    LLVMDisposeMessage(err);
    return s;
  }
  LLVMDisposeMessage(err);
  LLVMDisposeBuilder(cg->b);
  cg->b = NULL;
  LLVMDisposeModule(cg->mod);
  cg->mod = NULL;
  cg->finished = true;
  LLVMOrcDisposeThreadSafeContext(cg->tsc);  // the context with it
  cg->tsc = NULL;
  cg->ctx = NULL;
  LLVMDisposeTargetMachine(cg->tm);
  cg->tm = NULL;
  *out_object = buf;
  return NULL;
}

cx_status_t cx_cg_finish(cx_cg_t* cg, cx_cg_code_t* out_code) {
  memset(out_code, 0, sizeof(*out_code));
  CX_RETURN_IF_ERROR(cx_cg_finalize_module(cg));
  LLVMMemoryBufferRef object = NULL;
  CX_RETURN_IF_ERROR(emit_and_release_module(cg, &object));
#ifdef __GLIBC__
  // What the module, the context and the target machine held is free heap
  // now (about a megabyte per thousand kernels): given back before the JIT
  // links, glibc would keep it resident for the executable's lifetime.
  (void)malloc_trim(0);
#endif

  // The session outlives the IR context (the executable owns it): system
  // memory.
  jit_session_t* session = cx_calloc(cx_allocator_system(), 1, sizeof(*session));
  if (!session) {
    LLVMDisposeMemoryBuffer(object);
    return CX_OOM();
  }
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMOrcJITTargetMachineBuilderRef jtmb;
  LLVMErrorRef e = LLVMOrcJITTargetMachineBuilderDetectHost(&jtmb);
  if (e) {
    LLVMOrcDisposeLLJITBuilder(builder);
    LLVMDisposeMemoryBuffer(object);
    cx_free(cx_allocator_system(), session);
    return llvm_error(e, "detecting the host for the JIT");
  }
  LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
  e = LLVMOrcCreateLLJIT(&session->jit, builder);  // consumes the builder
  if (e) {
    LLVMDisposeMemoryBuffer(object);
    cx_free(cx_allocator_system(), session);
    return llvm_error(e, "creating the JIT");
  }
  // Code LLVM itself may call (memcpy, memset) resolves in this process.
  LLVMOrcDefinitionGeneratorRef gen;
  e = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
      &gen, LLVMOrcLLJITGetGlobalPrefix(session->jit), NULL, NULL);
  if (e) {
    LLVMDisposeMemoryBuffer(object);
    jit_release(session);
    return llvm_error(e, "creating the JIT's symbol generator");
  }
  LLVMOrcJITDylibRef dylib = LLVMOrcLLJITGetMainJITDylib(session->jit);
  LLVMOrcJITDylibAddGenerator(dylib, gen);

  e = LLVMOrcLLJITAddObjectFile(session->jit, dylib, object);  // takes the object
  if (e) {
    jit_release(session);
    return llvm_error(e, "adding generated code to the JIT");
  }
  LLVMOrcExecutorAddress addr = 0;
  e = LLVMOrcLLJITLookup(session->jit, &addr, CX_KERNEL_LIBRARY_QUERY_SYMBOL);
  if (e) {
    jit_release(session);
    return llvm_error(e, "linking generated code");
  }
  cx_kernel_library_query_fn_t query = (cx_kernel_library_query_fn_t)(uintptr_t)addr;
  out_code->library = query(CX_KERNEL_ABI_VERSION);
  if (!out_code->library) {
    jit_release(session);
    return CX_ERROR(CX_INTERNAL, "the kernel library refuses ABI version %u", CX_KERNEL_ABI_VERSION);
  }
  out_code->owner = session;
  out_code->release = jit_release;
  return NULL;
}

char* cx_cg_print_module(cx_cg_t* cg) {
  if (cg->finished) return NULL;
  char* s = LLVMPrintModuleToString(cg->mod);
  char* copy = s ? cx_strdup(cx_allocator_system(), s) : NULL;  // documented malloc'ed
  LLVMDisposeMessage(s);
  return copy;
}

const char* cx_cg_ir_text(const cx_cg_t* cg) { return cg->ir_text; }
