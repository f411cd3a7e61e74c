// The runtime's side of the kernel ABI's import table (cxla/kernel_abi.h):
// the functions generated kernels may call, and the meaning of kernel
// failure codes.
#ifndef CXLA_RUNTIME_KERNEL_IMPORTS_H_
#define CXLA_RUNTIME_KERNEL_IMPORTS_H_

#include <stddef.h>
#include <stdint.h>

#include "cxla/buffer.h"
#include "cxla/kernel_abi.h"

// The table, CX_KI_COUNT entries indexed by cx_kernel_import_id_t.
const void* const* cx_rt_kernel_imports(void);

// Failure codes a kernel may return (0 is success).
enum {
  CX_KERNEL_FAIL_INDEX = 1,  // a gather/scatter/dynamic index the program did not clamp
};
const char* cx_rt_kernel_failure(int32_t code);

// "tensor<2x3xf32>" for a buffer view's type.
void cx_rt_format_view_type(const cx_buffer_view_t* v, char* buf, size_t size);

#endif  // CXLA_RUNTIME_KERNEL_IMPORTS_H_
