// A readable listing of an executable (describe.c).
#ifndef CXLA_COMPILER_DESCRIBE_H_
#define CXLA_COMPILER_DESCRIBE_H_

#include "runtime/executable.h"

// The buffer plan and the step program as text (malloc'ed; NULL on OOM).
char* cx_describe_executable(const cx_rt_executable_t* exe);

#endif  // CXLA_COMPILER_DESCRIBE_H_
