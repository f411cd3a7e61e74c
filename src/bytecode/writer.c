// Temporary: the writer lands in the next step.
#include "bytecode/bc_internal.h"

cx_status_t cx_bc_write(const cx_module_t* module, const cx_bc_write_options_t* options,
                        uint8_t** out_data, size_t* out_len) {
  (void)module;
  (void)options;
  *out_data = NULL;
  *out_len = 0;
  return CX_ERROR(CX_UNIMPLEMENTED, "bytecode writer not implemented yet");
}
