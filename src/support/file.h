// Reading and writing whole files: declared in the public cxla/file.h.
#ifndef CXLA_SUPPORT_FILE_H_
#define CXLA_SUPPORT_FILE_H_

#include "cxla/file.h"

#endif  // CXLA_SUPPORT_FILE_H_
