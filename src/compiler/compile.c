// cx_compile (include/cxla/compiler.h): the pipeline driver.
#include <string.h>

#include "codegen/cg.h"
#include "compiler/lower.h"
#include "cxla/compiler.h"
#include "ir/ir.h"
#include "runtime/executable.h"

cx_status_t cx_compile(cx_module_t* module, const cx_compile_options_t* options,
                       cx_rt_executable_t** out_executable) {
  *out_executable = NULL;
  const char* name = options && options->function ? options->function : "main";
  cx_op_t* func = cx_module_lookup_func(module, name);
  if (!func) return CX_ERROR(CX_NOT_FOUND, "no function named '%s'", name);
  if (!cx_func_body(func)) return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' has no body", name);

  cx_cg_options_t cgo = {options && options->opt_level > 0 ? options->opt_level : 2};
  cx_cg_t* cg;
  CX_RETURN_IF_ERROR(cx_cg_create(module->ctx, &cgo, &cg));
  cx_rt_executable_t* exe;
  cx_status_t s = cx_rt_executable_create_empty(cx_allocator_system(), &exe);
  if (s) {
    cx_cg_destroy(cg);
    return s;
  }
  exe->function_name = cx_alloc(exe->allocator, strlen(name) + 1);
  if (!exe->function_name) s = CX_OOM();
  else memcpy(exe->function_name, name, strlen(name) + 1);

  cx_lower_t lw;
  cx_lower_init(&lw, module->ctx, module, cg);
  if (!s) s = cx_lower_function(&lw, func, exe);
  if (!s) s = cx_xb_finish(&lw.xb, exe);
  cx_lower_free(&lw);
  cx_cg_code_t code = {0};
  if (!s) s = cx_cg_finish(cg, &code);
  cx_cg_destroy(cg);
  if (s) {
    cx_rt_executable_release(exe);
    return s;
  }
  exe->code.library = code.library;
  exe->code.owner = code.owner;
  exe->code.release = code.release;
  *out_executable = exe;
  return NULL;
}
