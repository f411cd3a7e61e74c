#include "cxla/cxla.h"

#define CX_STR2(x) #x
#define CX_STR(x) CX_STR2(x)

const char* cx_version_string(void) {
  return CX_STR(CXLA_VERSION_MAJOR) "." CX_STR(CXLA_VERSION_MINOR) "." CX_STR(CXLA_VERSION_PATCH);
}
