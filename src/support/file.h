// Reading and writing whole files: declared in the public cxla/file.h.
#ifndef CXLA_SUPPORT_FILE_H_
#define CXLA_SUPPORT_FILE_H_

#include "cxla/file.h"

// Gives back the resident pages of a mapped view (nothing for a view that
// was read): the mapping stays, and bytes touched again read back from the
// file (it is mapped read-only, so no page was ever written). For a reader
// done with most of a file whose result borrows a little of it: bytecode
// copies its unaligned dense constants at load, and the file pages it
// copied them from would otherwise stay resident next to the copies.
void cx_file_view_drop_pages(const cx_file_view_t* view);
// Gives the whole pages inside [p, p + n) back to the system (madvise
// MADV_DONTNEED; the partial pages at the ends stay; advisory). For memory
// whose contents are no longer needed, or a read-only file mapping (its
// pages read back from the file): anonymous memory reads back as zeros.
void cx_pages_release(const void* p, size_t n);

#endif  // CXLA_SUPPORT_FILE_H_
