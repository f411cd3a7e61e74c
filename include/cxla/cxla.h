// cxla: StableHLO in C. The umbrella header of the public C API.
#ifndef CXLA_CXLA_H_
#define CXLA_CXLA_H_

#include "cxla/allocator.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CXLA_VERSION_MAJOR 0
#define CXLA_VERSION_MINOR 1
#define CXLA_VERSION_PATCH 0

// "0.1.0".
const char* cx_version_string(void);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_CXLA_H_
