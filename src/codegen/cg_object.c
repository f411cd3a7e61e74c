// Object files for ahead-of-time artifacts: the same kernels the JIT runs,
// compiled by LLVM's target machine for a named machine instead of this
// process (cg.h: cx_cg_target_t, cx_cg_emit_object). The compiler links the
// object into a shared object and writes the artifact (src/compiler/aot.c).
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_internal.h"

void cx_cg_host_target(char* triple, size_t triple_size, char* cpu, size_t cpu_size) {
  char* t = LLVMGetDefaultTargetTriple();
  char* c = LLVMGetHostCPUName();
  snprintf(triple, triple_size, "%s", t ? t : "");
  snprintf(cpu, cpu_size, "%s", c ? c : "");
  LLVMDisposeMessage(t);
  LLVMDisposeMessage(c);
}

static pthread_once_t g_targets_once = PTHREAD_ONCE_INIT;

static void init_targets(void) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeAArch64AsmPrinter();
}

void cx_cg_init_targets(void) { pthread_once(&g_targets_once, init_targets); }

cx_status_t cx_cg_emit_object(cx_cg_t* cg, void** out_data, size_t* out_size,
                              uint32_t* out_num_kernels) {
  *out_data = NULL;
  *out_size = 0;
  *out_num_kernels = 0;
  // Scheduling for the CPU the artifact is meant for, without using its
  // instructions beyond the target's feature set.
  if (cg->tune_cpu)
    for (LLVMValueRef fn = LLVMGetFirstFunction(cg->mod); fn; fn = LLVMGetNextFunction(fn))
      if (!LLVMIsDeclaration(fn)) LLVMAddTargetDependentFunctionAttr(fn, "tune-cpu", cg->tune_cpu);
  CX_RETURN_IF_ERROR(cx_cg_finalize_module(cg));
  char* err = NULL;
  LLVMMemoryBufferRef buf = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(cg->tm, cg->mod, LLVMObjectFile, &err, &buf)) {
    cx_status_t s = CX_ERROR(CX_INTERNAL, "emitting an object file for %s: %s", cg->triple,
                             err ? err : "LLVM error");
    LLVMDisposeMessage(err);
    return s;
  }
  size_t n = LLVMGetBufferSize(buf);
  void* copy = cx_alloc(cx_allocator_system(), n);  // documented malloc'ed
  if (copy) memcpy(copy, LLVMGetBufferStart(buf), n);
  LLVMDisposeMemoryBuffer(buf);
  if (!copy) return CX_OOM();
  *out_data = copy;
  *out_size = n;
  *out_num_kernels = cg->num_kernels;
  return NULL;
}
