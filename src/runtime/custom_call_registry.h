// The application's custom-call targets (include/cxla/runtime.h:
// cx_rt_custom_calls_t), as the CUSTOM_CALL routine finds them.
#ifndef CXLA_RUNTIME_CUSTOM_CALL_REGISTRY_H_
#define CXLA_RUNTIME_CUSTOM_CALL_REGISTRY_H_

#include <stdbool.h>

#include "cxla/runtime.h"

// The target registered under `name`: true and its function and user data,
// or false. `registry` may be NULL.
bool cx_rt_custom_calls_find(const cx_rt_custom_calls_t* registry, const char* name,
                             cx_rt_custom_call_fn* out_fn, void** out_user_data);

#endif  // CXLA_RUNTIME_CUSTOM_CALL_REGISTRY_H_
