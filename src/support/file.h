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
// The same for the whole pages inside [p, p + n) of such a mapping (the
// partial pages at the ends stay): what a reader has copied out of it.
void cx_mapped_pages_release(const void* p, size_t n);

#endif  // CXLA_SUPPORT_FILE_H_
