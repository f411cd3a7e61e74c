// NumPy .npy and .npz reading and writing.
//
// .npy (numpy/lib/format.py, versions 1.0, 2.0 and 3.0):
//   "\x93NUMPY" major minor  header_len (u16 LE in 1.0, u32 LE in 2.0/3.0)
//   header: a Python dict literal {'descr': ..., 'fortran_order': ...,
//           'shape': (...), } padded with spaces and ended by '\n'
//   data:   prod(shape) * itemsize bytes
// Version 3.0 only changes the header's encoding to UTF-8, which this parser
// handles by treating the header as bytes.
//
// .npz is a zip archive of .npy members, written by np.savez (stored) or
// np.savez_compressed (deflated). numpy forces zip64 for every member, so
// local headers carry a zip64 extra field; archives written to a stream use
// data descriptors (sizes after the data). The reader therefore trusts the
// central directory, which always has the sizes (in its own zip64 extra when
// they do not fit 32 bits), and only uses a local header to find where the
// member's data starts. A regular file is read at offsets, member by member
// (zip_src_t below), never whole.
//
// Everything read from a file is untrusted: every offset and size is checked
// against the bytes actually present before use, with checked arithmetic.
#include "support/npy.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#ifndef CX_NPY_NO_NPZ
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#endif

#include "cxla/allocator.h"
#include "support/checked.h"
#include "support/file.h"

// Arrays are handed to callers as malloc'ed (npy.h): the system allocator.
static const cx_allocator_t kSystem = {cx_allocator_system_fn, NULL};

// The arrays' data is little-endian by contract and copied as is, which is
// only right on a little-endian host.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "npy.c assumes a little-endian host"
#endif

static const unsigned char kNpyMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

// ---------------------------------------------------------------------------
// dtype strings

typedef struct cx_descr {
  char order;       // '<', '>' or '|'
  char kind;        // b i u f c V
  size_t itemsize;
  size_t swap_unit; // bytes per byte-swapped unit (itemsize/2 for complex), 1 = none
} cx_descr_t;

// Parses "<f4", ">c16", "|b1", "=i8", ... Returns false for anything that is
// not a fixed-size numeric (or raw void) type.
static bool descr_parse(const char* s, cx_descr_t* out) {
  if (!s) return false;
  char order = s[0];
  if (order != '<' && order != '>' && order != '|' && order != '=') return false;
  char kind = s[1];
  if (!kind) return false;
  const char* digits = s + 2;
  if (!*digits) return false;
  size_t n = 0;
  for (const char* p = digits; *p; p++) {
    if (*p < '0' || *p > '9' || n > 1000000) return false;
    n = n * 10 + (size_t)(*p - '0');
  }
  if (digits[0] == '0') return false;
  switch (kind) {
    case 'b': if (n != 1) return false; break;
    case 'i':
    case 'u': if (n != 1 && n != 2 && n != 4 && n != 8) return false; break;
    case 'f': if (n != 2 && n != 4 && n != 8) return false; break;
    case 'c': if (n != 8 && n != 16) return false; break;
    case 'V': if (n == 0) return false; break;
    default: return false;
  }
  out->order = order == '=' ? '<' : order;  // the host is little-endian
  out->kind = kind;
  out->itemsize = n;
  out->swap_unit = (kind == 'V' || n == 1) ? 1 : (kind == 'c' ? n / 2 : n);
  if (out->swap_unit == 1) out->order = '|';
  return true;
}

size_t cx_npy_descr_itemsize(const char* descr) {
  cx_descr_t d;
  return descr_parse(descr, &d) ? d.itemsize : 0;
}

// ---------------------------------------------------------------------------
// The header dict: a small parser for the Python literals numpy writes.

typedef struct cx_hdr_parser {
  const char* text;
  size_t len;
  size_t pos;
  size_t base;  // offset of text in the file, for messages
} cx_hdr_parser_t;

static cx_status_t hdr_error(const cx_hdr_parser_t* p, const char* what) {
  return CX_ERROR(CX_DATA_LOSS, "offset %zu: malformed .npy header: %s", p->base + p->pos, what);
}

static void hdr_skip_ws(cx_hdr_parser_t* p) {
  while (p->pos < p->len && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
                             p->text[p->pos] == '\n' || p->text[p->pos] == '\r'))
    p->pos++;
}

static bool hdr_eat(cx_hdr_parser_t* p, char c) {
  hdr_skip_ws(p);
  if (p->pos < p->len && p->text[p->pos] == c) {
    p->pos++;
    return true;
  }
  return false;
}

// 'text' or "text", without escapes (numpy's keys and dtype strings have none).
static cx_status_t hdr_string(cx_hdr_parser_t* p, char* out, size_t cap) {
  hdr_skip_ws(p);
  if (p->pos >= p->len || (p->text[p->pos] != '\'' && p->text[p->pos] != '"'))
    return hdr_error(p, "expected a string");
  char quote = p->text[p->pos++];
  size_t start = p->pos;
  while (p->pos < p->len && p->text[p->pos] != quote) {
    if (p->text[p->pos] == '\\') return hdr_error(p, "escapes in strings are not supported");
    p->pos++;
  }
  if (p->pos >= p->len) return hdr_error(p, "unterminated string");
  size_t n = p->pos - start;
  if (n + 1 > cap) return hdr_error(p, "string too long");
  memcpy(out, p->text + start, n);
  out[n] = 0;
  p->pos++;
  return NULL;
}

// A non-negative integer; Python 2 era files may add an 'L' suffix.
static cx_status_t hdr_int(cx_hdr_parser_t* p, int64_t* out) {
  hdr_skip_ws(p);
  size_t start = p->pos;
  int64_t v = 0;
  while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9') {
    if (!cx_mul_i64(v, 10, &v) || !cx_add_i64(v, p->text[p->pos] - '0', &v))
      return hdr_error(p, "dimension too large");
    p->pos++;
  }
  if (p->pos == start) {
    if (p->pos < p->len && p->text[p->pos] == '-') return hdr_error(p, "negative dimension");
    return hdr_error(p, "expected a dimension");
  }
  if (p->pos < p->len && p->text[p->pos] == 'L') p->pos++;
  *out = v;
  return NULL;
}

static cx_status_t hdr_shape(cx_hdr_parser_t* p, cx_npy_array_t* out) {
  if (!hdr_eat(p, '(')) return hdr_error(p, "expected '(' for shape");
  out->rank = 0;
  if (hdr_eat(p, ')')) return NULL;
  for (;;) {
    if (out->rank == CX_NPY_MAX_RANK)
      return CX_ERROR(CX_UNIMPLEMENTED, "offset %zu: rank above %d is not supported",
                      p->base + p->pos, CX_NPY_MAX_RANK);
    CX_RETURN_IF_ERROR(hdr_int(p, &out->shape[out->rank]));
    out->rank++;
    if (hdr_eat(p, ')')) return NULL;
    if (!hdr_eat(p, ',')) return hdr_error(p, "expected ',' or ')' in shape");
    if (hdr_eat(p, ')')) return NULL;  // "(3,)"
  }
}

static cx_status_t hdr_bool(cx_hdr_parser_t* p, bool* out) {
  hdr_skip_ws(p);
  size_t rest = p->len - p->pos;
  if (rest >= 4 && memcmp(p->text + p->pos, "True", 4) == 0) {
    p->pos += 4;
    *out = true;
    return NULL;
  }
  if (rest >= 5 && memcmp(p->text + p->pos, "False", 5) == 0) {
    p->pos += 5;
    *out = false;
    return NULL;
  }
  return hdr_error(p, "expected True or False");
}

static cx_status_t hdr_parse(cx_hdr_parser_t* p, cx_npy_array_t* out, bool* fortran) {
  bool have_descr = false, have_order = false, have_shape = false;
  if (!hdr_eat(p, '{')) return hdr_error(p, "expected '{'");
  while (!hdr_eat(p, '}')) {
    char key[32];
    CX_RETURN_IF_ERROR(hdr_string(p, key, sizeof key));
    if (!hdr_eat(p, ':')) return hdr_error(p, "expected ':'");
    if (strcmp(key, "descr") == 0 && !have_descr) {
      hdr_skip_ws(p);
      if (p->pos < p->len && p->text[p->pos] == '[')
        return CX_ERROR(CX_UNIMPLEMENTED, "offset %zu: structured dtypes are not supported",
                        p->base + p->pos);
      CX_RETURN_IF_ERROR(hdr_string(p, out->descr, sizeof out->descr));
      have_descr = true;
    } else if (strcmp(key, "fortran_order") == 0 && !have_order) {
      CX_RETURN_IF_ERROR(hdr_bool(p, fortran));
      have_order = true;
    } else if (strcmp(key, "shape") == 0 && !have_shape) {
      CX_RETURN_IF_ERROR(hdr_shape(p, out));
      have_shape = true;
    } else {
      return hdr_error(p, "unexpected or repeated key");
    }
    if (hdr_eat(p, '}')) break;
    if (!hdr_eat(p, ',')) return hdr_error(p, "expected ',' or '}'");
  }
  // numpy pads with spaces and ends with '\n'; nothing else may follow.
  hdr_skip_ws(p);
  if (p->pos != p->len) return hdr_error(p, "unexpected text after the header dict");
  if (!have_descr || !have_order || !have_shape)
    return hdr_error(p, "missing 'descr', 'fortran_order' or 'shape'");
  return NULL;
}

// ---------------------------------------------------------------------------
// .npy parse

static uint32_t rd_u16(const unsigned char* p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd_u32(const unsigned char* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
#ifndef CX_NPY_NO_NPZ  // only the .npz reader (zip64 fields) reads 64-bit fields
static uint64_t rd_u64(const unsigned char* p) {
  return (uint64_t)rd_u32(p) | (uint64_t)rd_u32(p + 4) << 32;
}
#endif

static void byte_swap(unsigned char* data, size_t nbytes, size_t unit) {
  for (size_t i = 0; i + unit <= nbytes; i += unit) {
    for (size_t a = i, b = i + unit - 1; a < b; a++, b--) {
      unsigned char t = data[a];
      data[a] = data[b];
      data[b] = t;
    }
  }
}

// Copies Fortran-ordered elements into C order: walks the C-order index
// like an odometer (last axis fastest) and keeps the Fortran offset in step.
static void fortran_to_c(const unsigned char* src, unsigned char* dst, const int64_t* shape,
                         int rank, size_t itemsize, size_t count) {
  size_t fstride[CX_NPY_MAX_RANK];
  size_t idx[CX_NPY_MAX_RANK];
  size_t s = 1;
  for (int k = 0; k < rank; k++) {
    fstride[k] = s;  // cannot overflow: the product of all dims is count
    s *= (size_t)shape[k];
    idx[k] = 0;
  }
  size_t off = 0;
  for (size_t n = 0; n < count; n++) {
    memcpy(dst + n * itemsize, src + off * itemsize, itemsize);
    for (int k = rank - 1; k >= 0; k--) {
      if (++idx[k] < (size_t)shape[k]) {
        off += fstride[k];
        break;
      }
      off -= fstride[k] * (idx[k] - 1);
      idx[k] = 0;
    }
  }
}

// Reads the preamble and header of an .npy image whose first `len` bytes
// are at `b` (the data need not be there): fills out's descr, rank and
// shape, and returns where the data starts and how many bytes it holds.
static cx_status_t npy_header(const unsigned char* b, size_t len, cx_npy_array_t* out,
                              bool* fortran, cx_descr_t* d, size_t* data_off, size_t* nbytes) {
  memset(out, 0, sizeof *out);
  if (len < 10) return CX_ERROR(CX_DATA_LOSS, "truncated .npy: %zu bytes, the preamble needs 10", len);
  if (memcmp(b, kNpyMagic, sizeof kNpyMagic) != 0)
    return CX_ERROR(CX_INVALID_ARGUMENT, "offset 0: not an .npy file (bad magic)");
  unsigned major = b[6], minor = b[7];
  size_t prefix, header_len;
  if (major == 1) {
    prefix = 10;
    header_len = rd_u16(b + 8);
  } else if (major == 2 || major == 3) {
    if (len < 12) return CX_ERROR(CX_DATA_LOSS, "truncated .npy: %zu bytes in a v%u preamble", len, major);
    prefix = 12;
    header_len = rd_u32(b + 8);
  } else {
    return CX_ERROR(CX_UNIMPLEMENTED, "offset 6: .npy format version %u.%u is not supported",
                    major, minor);
  }
  if (!cx_add_size(prefix, header_len, data_off) || *data_off > len)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: truncated .npy header: %zu bytes declared, %zu present",
                    prefix, header_len, len - prefix);

  *fortran = false;
  cx_hdr_parser_t p = {(const char*)b + prefix, header_len, 0, prefix};
  CX_RETURN_IF_ERROR(hdr_parse(&p, out, fortran));
  if (!descr_parse(out->descr, d))
    return CX_ERROR(CX_UNIMPLEMENTED, "offset %zu: unsupported dtype '%s'", prefix, out->descr);
  size_t count = 1;
  for (int k = 0; k < out->rank; k++) {
    if ((uint64_t)out->shape[k] > SIZE_MAX || !cx_mul_size(count, (size_t)out->shape[k], &count))
      return CX_ERROR(CX_DATA_LOSS, "offset %zu: shape overflows the address space", prefix);
  }
  if (!cx_mul_size(count, d->itemsize, nbytes))
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: array size overflows the address space", prefix);
  // Normalised descr: '<' for swapped multi-byte types, '|' otherwise.
  out->descr[0] = d->order == '|' ? '|' : '<';
  return NULL;
}

// An array's data: malloc'ed (npy.h), and from 1 MiB on 4 KiB-aligned, so
// that a caller done with it can give back all of its pages: a model's
// weights bound at compile time are copied into the executable and their
// sources' whole pages given back one by one (compiler/exe_builder.c); the
// partial first and last pages of 72 BERT-base weights held 0.56 MiB.
static unsigned char* array_alloc(size_t nbytes) {
  if (nbytes >= ((size_t)1 << 20)) {
    void* p = NULL;
    if (posix_memalign(&p, 4096, nbytes) == 0) return p;  // free()d as any malloc'ed block
  }
  return cx_alloc(kSystem, nbytes ? nbytes : 1);
}

// Turns `nbytes` of raw data (malloc'ed, taken over) into out's C-ordered,
// little-endian data.
static cx_status_t npy_finish(unsigned char* raw, size_t nbytes, const cx_descr_t* d,
                              bool fortran, cx_npy_array_t* out) {
  size_t count = d->itemsize ? nbytes / d->itemsize : 0;
  if (fortran && out->rank > 1) {
    unsigned char* data = array_alloc(nbytes);
    if (!data) {
      cx_free(kSystem, raw);
      return CX_OOM();
    }
    fortran_to_c(raw, data, out->shape, out->rank, d->itemsize, count);
    cx_free(kSystem, raw);
    raw = data;
  }
  if (d->order == '>') byte_swap(raw, nbytes, d->swap_unit);
  out->data = raw;
  out->nbytes = nbytes;
  return NULL;
}

cx_status_t cx_npy_parse(const void* bytes, size_t len, cx_npy_array_t* out) {
  const unsigned char* b = bytes;
  bool fortran = false;
  cx_descr_t d;
  size_t data_off = 0, nbytes = 0;
  CX_RETURN_IF_ERROR(npy_header(b, len, out, &fortran, &d, &data_off, &nbytes));
  size_t present = len - data_off;
  if (present < nbytes)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: truncated .npy data: %zu bytes needed, %zu present",
                    data_off, nbytes, present);
  if (present > nbytes)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: %zu unexpected bytes after the array data",
                    data_off + nbytes, present - nbytes);
  unsigned char* data = array_alloc(nbytes);
  if (!data) return CX_OOM();
  memcpy(data, b + data_off, nbytes);
  return npy_finish(data, nbytes, &d, fortran, out);
}

cx_status_t cx_npy_read(const char* path, cx_npy_array_t* out) {
  return cx_npy_read_limited(path, 0, out);
}

cx_status_t cx_npy_read_limited(const char* path, size_t stream_limit, cx_npy_array_t* out) {
  memset(out, 0, sizeof *out);
  char* bytes;
  size_t len;
  CX_RETURN_IF_ERROR(cx_file_read_limited(path, stream_limit, &bytes, &len));
  cx_status_t s = cx_npy_parse(bytes, len, out);
  cx_free(kSystem, bytes);
  return cx_status_with_location(s, path);
}

// ---------------------------------------------------------------------------
// .npy write

static cx_status_t check_array(const cx_npy_array_t* a, cx_descr_t* d) {
  if (!descr_parse(a->descr, d))
    return CX_ERROR(CX_INVALID_ARGUMENT, "unsupported dtype '%s'", a->descr);
  if (d->order == '>')
    return CX_ERROR(CX_INVALID_ARGUMENT, "dtype '%s': array data must be little-endian", a->descr);
  if (a->rank < 0 || a->rank > CX_NPY_MAX_RANK)
    return CX_ERROR(CX_INVALID_ARGUMENT, "rank %d outside [0, %d]", a->rank, CX_NPY_MAX_RANK);
  size_t count = 1, nbytes;
  for (int k = 0; k < a->rank; k++) {
    if (a->shape[k] < 0) return CX_ERROR(CX_INVALID_ARGUMENT, "negative dimension %d", k);
    if ((uint64_t)a->shape[k] > SIZE_MAX || !cx_mul_size(count, (size_t)a->shape[k], &count))
      return CX_ERROR(CX_OUT_OF_RANGE, "shape overflows the address space");
  }
  if (!cx_mul_size(count, d->itemsize, &nbytes))
    return CX_ERROR(CX_OUT_OF_RANGE, "array size overflows the address space");
  if (nbytes != a->nbytes)
    return CX_ERROR(CX_INVALID_ARGUMENT, "nbytes is %zu but shape and dtype need %zu", a->nbytes,
                    nbytes);
  if (nbytes && !a->data) return CX_ERROR(CX_INVALID_ARGUMENT, "array has no data");
  return NULL;
}

cx_status_t cx_npy_serialize(const cx_npy_array_t* array, void** out_bytes, size_t* out_len) {
  *out_bytes = NULL;
  *out_len = 0;
  cx_descr_t d;
  CX_RETURN_IF_ERROR(check_array(array, &d));

  // Longest dict: 32 dims of 19 digits plus ", " each, and the fixed text.
  char dict[32 * 21 + 128];
  int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   array->descr);
  for (int k = 0; k < array->rank; k++)
    n += snprintf(dict + n, sizeof dict - (size_t)n, k ? ", %lld" : "%lld",
                  (long long)array->shape[k]);
  n += snprintf(dict + n, sizeof dict - (size_t)n, "%s), }", array->rank == 1 ? "," : "");

  // Pad with spaces so that the data starts on a 64-byte boundary, as numpy
  // does, and end the header with '\n'. Version 1.0 unless it cannot hold the
  // header length (it always can for these dicts, but keep the rule).
  size_t dict_len = (size_t)n;
  size_t prefix = dict_len + 1 + 10 <= 65535 ? 10 : 12;
  size_t header_len = dict_len + 1;
  header_len += (64 - (prefix + header_len) % 64) % 64;
  size_t total;
  if (!cx_add_size(prefix + header_len, array->nbytes, &total)) return CX_OOM();
  unsigned char* buf = cx_alloc(kSystem, total);
  if (!buf) return CX_OOM();
  memcpy(buf, kNpyMagic, sizeof kNpyMagic);
  buf[6] = prefix == 10 ? 1 : 2;
  buf[7] = 0;
  if (prefix == 10) {
    buf[8] = (unsigned char)header_len;
    buf[9] = (unsigned char)(header_len >> 8);
  } else {
    for (int i = 0; i < 4; i++) buf[8 + i] = (unsigned char)(header_len >> (8 * i));
  }
  memcpy(buf + prefix, dict, dict_len);
  memset(buf + prefix + dict_len, ' ', header_len - dict_len - 1);
  buf[prefix + header_len - 1] = '\n';
  if (array->nbytes) memcpy(buf + prefix + header_len, array->data, array->nbytes);
  *out_bytes = buf;
  *out_len = total;
  return NULL;
}

cx_status_t cx_npy_write(const char* path, const cx_npy_array_t* array) {
  void* bytes;
  size_t len;
  CX_RETURN_IF_ERROR(cx_status_with_location(cx_npy_serialize(array, &bytes, &len), path));
  cx_status_t s = cx_file_write(path, bytes, len);
  cx_free(kSystem, bytes);
  return s;
}

void cx_npy_free(cx_npy_array_t* array) {
  if (!array) return;
  cx_free(kSystem, array->data);
  array->data = NULL;
  array->nbytes = 0;
}

void cx_npy_free_arrays(cx_npy_array_t* arrays, size_t count) {
  if (!arrays) return;
  for (size_t i = 0; i < count; i++) cx_npy_free(&arrays[i]);
  cx_free(kSystem, arrays);
}

// ---------------------------------------------------------------------------
// .npz (zip) read
// (Left out of libcxla_runtime, which has no zlib: CX_NPY_NO_NPZ.)
#ifndef CX_NPY_NO_NPZ

enum {
  kZipLocalSig = 0x04034b50,
  kZipCentralSig = 0x02014b50,
  kZipEocdSig = 0x06054b50,
  kZip64EocdSig = 0x06064b50,
  kZip64LocatorSig = 0x07064b50,
  kZipLocalSize = 30,
  kZipCentralSize = 46,
  kZipEocdSize = 22,
  kZip64EocdSize = 56,
  kZip64LocatorSize = 20,
};

// Where an archive's bytes come from. A regular file is read piece by piece
// at given offsets (pread): the end records, the central directory, then
// each member's data straight into its array (deflated members through a
// bounded input buffer), so the archive and its arrays are never in memory
// together -- for a model's weights that halves the peak. A stream (standard
// input, a pipe) cannot be read at offsets: it is read whole, within the
// stream limit, and the same reader takes its bytes from memory.
typedef struct zip_src {
  int fd;                      // -1: the bytes below
  const unsigned char* bytes;
  size_t len;                  // the archive's size
} zip_src_t;

// Reads n bytes at off; the caller has checked that they lie within len.
static cx_status_t src_read(const zip_src_t* s, uint64_t off, void* dst, size_t n) {
  if (off > s->len || s->len - off < n)
    return CX_ERROR(CX_INTERNAL, "offset %llu: read of %zu bytes past the archive",
                    (unsigned long long)off, n);
  if (s->fd < 0) {
    if (n) memcpy(dst, s->bytes + off, n);
    return NULL;
  }
  size_t done = 0;
  while (done < n) {
    size_t want = n - done > ((size_t)1 << 30) ? (size_t)1 << 30 : n - done;
    ssize_t got = pread(s->fd, (unsigned char*)dst + done, want, (off_t)(off + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      return CX_ERROR(CX_IO_ERROR, "offset %llu: read error: %s",
                      (unsigned long long)(off + done), strerror(errno));
    if (got == 0)  // the file shrank after its size was taken
      return CX_ERROR(CX_DATA_LOSS, "offset %llu: the file ended early (changed while read)",
                      (unsigned long long)(off + done));
    done += (size_t)got;
  }
  return NULL;
}

typedef struct cx_zip_entry {
  const char* name;  // not NUL-terminated
  size_t name_len;
  unsigned method;
  unsigned flags;
  uint32_t crc;
  uint64_t csize, usize, local_off;
} cx_zip_entry_t;

typedef struct cx_zip_dir {
  uint64_t count;
  uint64_t cd_off;
  uint64_t cd_size;
} cx_zip_dir_t;

// Finds the end-of-central-directory record (and the zip64 one if present).
static cx_status_t zip_find_dir(const zip_src_t* src, cx_zip_dir_t* dir) {
  size_t len = src->len;
  if (len < kZipEocdSize)
    return CX_ERROR(CX_DATA_LOSS, "not a zip archive: %zu bytes is too short", len);
  // The record is last, followed only by a comment of at most 65535 bytes:
  // only that tail is read.
  size_t lowest = len - kZipEocdSize > 65535 ? len - kZipEocdSize - 65535 : 0;
  size_t tail_len = len - lowest;
  unsigned char* tail = cx_alloc(kSystem, tail_len);
  if (!tail) return CX_OOM();
  cx_status_t s = src_read(src, lowest, tail, tail_len);
  if (s) {
    cx_free(kSystem, tail);
    return s;
  }
  const unsigned char* b = tail - lowest;  // indexed by file offset
  size_t eocd = len - kZipEocdSize + 1;
  bool found = false;
  while (eocd-- > lowest) {
    if (rd_u32(b + eocd) == kZipEocdSig && eocd + kZipEocdSize + rd_u16(b + eocd + 20) == len) {
      found = true;
      break;
    }
  }
  if (!found) {
    cx_free(kSystem, tail);
    return CX_ERROR(CX_DATA_LOSS, "not a zip archive: no end-of-central-directory record");
  }
  bool multi_disk = rd_u16(b + eocd + 4) != 0 || rd_u16(b + eocd + 6) != 0;
  dir->count = rd_u16(b + eocd + 10);
  dir->cd_size = rd_u32(b + eocd + 12);
  dir->cd_off = rd_u32(b + eocd + 16);
  cx_free(kSystem, tail);
  if (multi_disk)
    return CX_ERROR(CX_UNIMPLEMENTED, "offset %zu: multi-disk zip archives are not supported", eocd);
  // Zip64: a locator right before the record points at the zip64 record,
  // whose fields replace any that were saturated to 0xFFFF/0xFFFFFFFF.
  unsigned char loc_rec[kZip64LocatorSize];
  if (eocd >= kZip64LocatorSize) {
    size_t loc = eocd - kZip64LocatorSize;
    CX_RETURN_IF_ERROR(src_read(src, loc, loc_rec, sizeof loc_rec));
    if (rd_u32(loc_rec) == kZip64LocatorSig) {
      uint64_t z64 = rd_u64(loc_rec + 8);
      unsigned char rec[kZip64EocdSize];
      if (z64 > loc || loc - z64 < kZip64EocdSize ||
          (s = src_read(src, z64, rec, sizeof rec)) != NULL || rd_u32(rec) != kZip64EocdSig) {
        cx_status_free(s);
        return CX_ERROR(CX_DATA_LOSS, "offset %zu: bad zip64 end-of-central-directory locator",
                        loc);
      }
      dir->count = rd_u64(rec + 32);
      dir->cd_size = rd_u64(rec + 40);
      dir->cd_off = rd_u64(rec + 48);
    }
  }
  uint64_t cd_end = dir->cd_off + dir->cd_size;
  if (dir->cd_off > len || dir->cd_size > len || cd_end > eocd)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: central directory (offset %llu, %llu bytes) lies "
                    "outside the archive", eocd, (unsigned long long)dir->cd_off,
                    (unsigned long long)dir->cd_size);
  if (dir->count > dir->cd_size / kZipCentralSize)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: %llu entries cannot fit a %llu-byte central "
                    "directory", eocd, (unsigned long long)dir->count,
                    (unsigned long long)dir->cd_size);
  return NULL;
}

// Reads one central directory entry at *pos (within [*pos, end)) of the
// directory's bytes `b`, which start at offset `base` of the archive.
static cx_status_t zip_read_entry(const unsigned char* b, size_t base, size_t* pos, size_t end,
                                  cx_zip_entry_t* e) {
  size_t p = *pos;
  if (end - p < kZipCentralSize || rd_u32(b + p) != kZipCentralSig)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: bad central directory entry", base + p);
  e->flags = rd_u16(b + p + 8);
  e->method = rd_u16(b + p + 10);
  e->crc = rd_u32(b + p + 16);
  e->csize = rd_u32(b + p + 20);
  e->usize = rd_u32(b + p + 24);
  size_t name_len = rd_u16(b + p + 28), extra_len = rd_u16(b + p + 30),
         comment_len = rd_u16(b + p + 32);
  e->local_off = rd_u32(b + p + 42);
  size_t total = kZipCentralSize + name_len + extra_len + comment_len;
  if (end - p < total)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: central directory entry runs past the directory",
                    base + p);
  e->name = (const char*)b + p + kZipCentralSize;
  e->name_len = name_len;

  // The zip64 extra holds, in this order, those of usize, csize and the local
  // header offset whose 32-bit fields are saturated.
  const unsigned char* x = b + p + kZipCentralSize + name_len;
  size_t xi = 0;
  while (extra_len - xi >= 4) {
    unsigned id = rd_u16(x + xi), size = rd_u16(x + xi + 2);
    if (extra_len - xi - 4 < size)
      return CX_ERROR(CX_DATA_LOSS, "offset %zu: extra field runs past its entry", base + p);
    if (id == 0x0001) {
      const unsigned char* f = x + xi + 4;
      unsigned left = size;
      uint64_t* fields[3] = {&e->usize, &e->csize, &e->local_off};
      for (int k = 0; k < 3; k++) {
        if (*fields[k] != 0xFFFFFFFFu) continue;
        if (left < 8)
          return CX_ERROR(CX_DATA_LOSS, "offset %zu: short zip64 extra field", base + p);
        *fields[k] = rd_u64(f);
        f += 8;
        left -= 8;
      }
    }
    xi += 4 + size;
  }
  *pos = p + total;
  return NULL;
}

// A member's bytes in order, inflated on demand: an .npy member is read as
// its header first, then straight into an array of the size that header
// declares, so nothing is allocated before the sizes agree (inflating the
// whole member first let 1.5 MB of deflate claim 1.5 GB). Deflated data is
// read through a buffer of kInflateInput bytes.
enum { kInflateInput = 256 * 1024 };

typedef struct member_reader {
  const zip_src_t* src;
  uint64_t in_off;     // archive offset of the next compressed (or stored) byte
  size_t in_left;      // compressed (or stored) bytes not yet read from the source
  size_t out_left;     // bytes the member still declares
  size_t data_off;     // offset of the member's data in the archive
  bool deflated;
  unsigned char* in;   // deflated: the input buffer (kInflateInput bytes)
  z_stream zs;
  uLong crc;
} member_reader_t;

static cx_status_t member_open(const zip_src_t* src, const cx_zip_entry_t* e,
                               member_reader_t* r) {
  memset(r, 0, sizeof *r);
  size_t len = src->len;
  if (e->flags & 1) return CX_ERROR(CX_UNIMPLEMENTED, "encrypted members are not supported");
  if (e->method != 0 && e->method != 8)
    return CX_ERROR(CX_UNIMPLEMENTED, "compression method %u is not supported (only stored "
                    "and deflated)", e->method);
  uint64_t lo = e->local_off;
  unsigned char local[kZipLocalSize];
  if (lo > len || len - lo < kZipLocalSize)
    return CX_ERROR(CX_DATA_LOSS, "offset %llu: bad local file header",
                    (unsigned long long)lo);
  CX_RETURN_IF_ERROR(src_read(src, lo, local, sizeof local));
  if (rd_u32(local) != kZipLocalSig)
    return CX_ERROR(CX_DATA_LOSS, "offset %llu: bad local file header",
                    (unsigned long long)lo);
  size_t data_off = (size_t)lo + kZipLocalSize + rd_u16(local + 26) + rd_u16(local + 28);
  if (data_off > len || len - data_off < e->csize)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: member data (%llu bytes) runs past the archive",
                    data_off, (unsigned long long)e->csize);
  if (e->usize > SIZE_MAX - 1) return CX_OOM();
  if (e->method == 0 && e->csize != e->usize)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: stored member with compressed size %llu != "
                    "size %llu", data_off, (unsigned long long)e->csize,
                    (unsigned long long)e->usize);
  // Deflate cannot expand data by more than about 1032:1; a larger claim is
  // corruption.
  if (e->method == 8 && e->usize / 1032 > e->csize + 1)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: size %llu is impossible for %llu deflated bytes",
                    data_off, (unsigned long long)e->usize, (unsigned long long)e->csize);
  r->src = src;
  r->in_off = data_off;
  r->in_left = (size_t)e->csize;
  r->out_left = (size_t)e->usize;
  r->data_off = data_off;
  r->deflated = e->method == 8;
  r->crc = crc32(0L, Z_NULL, 0);
  if (r->deflated) {
    r->in = cx_alloc(kSystem, kInflateInput);
    if (!r->in) return CX_OOM();
    if (inflateInit2(&r->zs, -MAX_WBITS) != Z_OK) {  // raw deflate
      cx_free(kSystem, r->in);
      r->in = NULL;
      r->deflated = false;
      return CX_OOM();
    }
  }
  return NULL;
}

static void member_close(member_reader_t* r) {
  if (r->deflated) inflateEnd(&r->zs);
  cx_free(kSystem, r->in);
  r->in = NULL;
}

// Inflates up to `n` bytes into dst (zlib counts in uInt: fed in chunks),
// refilling the input buffer from the source as it empties. Sets *out_rc to
// the zlib code of the last step and *out_made; an error only when the
// source cannot be read.
static cx_status_t inflate_some(member_reader_t* r, unsigned char* dst, size_t n, int* out_rc,
                                size_t* out_made) {
  size_t made = 0;
  int rc = Z_OK;
  while (made < n && rc == Z_OK) {
    if (r->zs.avail_in == 0 && r->in_left > 0) {
      size_t chunk = r->in_left < kInflateInput ? r->in_left : kInflateInput;
      CX_RETURN_IF_ERROR(src_read(r->src, r->in_off, r->in, chunk));
      r->in_off += chunk;
      r->in_left -= chunk;
      r->zs.next_in = r->in;
      r->zs.avail_in = (uInt)chunk;
    }
    uInt out_chunk = n - made > 0x40000000u ? 0x40000000u : (uInt)(n - made);
    r->zs.next_out = dst + made;
    r->zs.avail_out = out_chunk;
    rc = inflate(&r->zs, Z_NO_FLUSH);
    made += out_chunk - r->zs.avail_out;
    // No progress: more input is needed (refill and go on), or none is
    // left (truncated), or the output is full.
    if (rc == Z_BUF_ERROR) {
      if (r->zs.avail_in != 0 || r->in_left == 0 || made == n) break;
      rc = Z_OK;
    }
  }
  *out_rc = rc;
  *out_made = made;
  return NULL;
}

// Reads exactly n of the member's bytes into dst.
static cx_status_t member_read(member_reader_t* r, unsigned char* dst, size_t n) {
  if (n > r->out_left)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: the member is shorter than its .npy header needs",
                    r->data_off);
  if (!r->deflated) {
    CX_RETURN_IF_ERROR(src_read(r->src, r->in_off, dst, n));
    r->in_off += n;
    r->in_left -= n;
  } else if (n) {
    size_t made;
    int rc;
    CX_RETURN_IF_ERROR(inflate_some(r, dst, n, &rc, &made));
    if (rc == Z_MEM_ERROR) return CX_OOM();
    if (made < n)
      return CX_ERROR(CX_DATA_LOSS, "offset %zu: corrupt deflate data (%s)", r->data_off,
                      rc == Z_STREAM_END ? "shorter than its declared size"
                      : rc == Z_DATA_ERROR ? "invalid stream"
                                           : "truncated");
  }
  r->out_left -= n;
  for (size_t done = 0; done < n;) {
    size_t piece = n - done > 0x40000000u ? 0x40000000u : n - done;
    r->crc = crc32(r->crc, dst + done, (uInt)piece);
    done += piece;
  }
  return NULL;
}

// After the last byte: the deflate stream must end there, and the CRC match.
static cx_status_t member_finish(member_reader_t* r, uint32_t crc) {
  if (r->out_left)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: %zu unexpected bytes after the array data",
                    r->data_off, r->out_left);
  if (r->deflated) {
    unsigned char extra;
    size_t made;
    int rc;
    CX_RETURN_IF_ERROR(inflate_some(r, &extra, 1, &rc, &made));
    if (rc == Z_MEM_ERROR) return CX_OOM();
    if (made || rc != Z_STREAM_END)
      return CX_ERROR(CX_DATA_LOSS, "offset %zu: corrupt deflate data (%s)", r->data_off,
                      made ? "longer than its declared size"
                      : rc == Z_DATA_ERROR ? "invalid stream" : "truncated");
  }
  if ((uint32_t)r->crc != crc)
    return CX_ERROR(CX_DATA_LOSS, "offset %zu: CRC mismatch (stored %08x, computed %08x)",
                    r->data_off, (unsigned)crc, (unsigned)(uint32_t)r->crc);
  return NULL;
}

// numpy refuses headers over 10,000 bytes unless told otherwise; 1 MiB is
// far beyond any real one and bounds what a member can make cxla allocate
// before its header is understood.
#define CX_NPY_MAX_HEADER ((size_t)1 << 20)

// One .npy member: header, then the data straight into its array.
static cx_status_t npz_member(const zip_src_t* src, const cx_zip_entry_t* e,
                              cx_npy_array_t* out) {
  member_reader_t r;
  CX_RETURN_IF_ERROR(member_open(src, e, &r));
  unsigned char pre[12];
  unsigned char* hdr = NULL;
  unsigned char* data = NULL;
  cx_status_t s = member_read(&r, pre, r.out_left < 12 ? r.out_left : 12);
  size_t got = e->usize < 12 ? (size_t)e->usize : 12;
  size_t prefix = got >= 7 && pre[6] == 1 ? 10 : 12;
  size_t hdr_len = 0;
  if (!s && got >= 10) hdr_len = prefix == 10 ? rd_u16(pre + 8) : got >= 12 ? rd_u32(pre + 8) : 0;
  if (!s && hdr_len > CX_NPY_MAX_HEADER)
    s = CX_ERROR(CX_DATA_LOSS, "offset %zu: .npy header of %zu bytes (at most %zu)", r.data_off,
                 hdr_len, CX_NPY_MAX_HEADER);
  size_t total = got;
  if (!s && got >= prefix) {
    total = prefix + hdr_len;
    if (total > (size_t)e->usize) total = (size_t)e->usize;
  }
  if (!s) {
    hdr = cx_alloc(kSystem, total > got ? total : got);
    if (!hdr) s = CX_OOM();
  }
  if (!s) {
    memcpy(hdr, pre, got);
    s = member_read(&r, hdr + got, total - got);
  }
  bool fortran = false;
  cx_descr_t d;
  size_t data_off = 0, nbytes = 0;
  if (!s) s = npy_header(hdr, total, out, &fortran, &d, &data_off, &nbytes);
  // The header's size is the bound: check it against the member's before
  // allocating anything of that size.
  if (!s && nbytes != (size_t)e->usize - total)
    s = CX_ERROR(CX_DATA_LOSS, "offset %zu: the .npy header declares %zu bytes of data, the "
                 "member holds %llu", r.data_off, nbytes,
                 (unsigned long long)((size_t)e->usize - total));
  if (!s) {
    data = array_alloc(nbytes);
    if (!data) s = CX_OOM();
  }
  if (!s) s = member_read(&r, data, nbytes);
  if (!s) s = member_finish(&r, e->crc);
  member_close(&r);
  cx_free(kSystem, hdr);
  if (s) {
    cx_free(kSystem, data);
    memset(out, 0, sizeof *out);
    return s;
  }
  return npy_finish(data, nbytes, &d, fortran, out);
}

static bool ends_with_npy(const char* name, size_t n) {
  return n >= 4 && memcmp(name + n - 4, ".npy", 4) == 0;
}

static cx_status_t npz_parse(const zip_src_t* src, cx_npy_array_t** out_arrays,
                             size_t* out_count) {
  cx_zip_dir_t dir = {0};
  CX_RETURN_IF_ERROR(zip_find_dir(src, &dir));
  // The directory lies within the archive (checked): its size is bounded by
  // the file's.
  size_t cd_size = (size_t)dir.cd_size, cd_off = (size_t)dir.cd_off;
  unsigned char* cd = cx_alloc(kSystem, cd_size ? cd_size : 1);
  if (!cd) return CX_OOM();
  cx_status_t s = src_read(src, cd_off, cd, cd_size);
  if (s) {
    cx_free(kSystem, cd);
    return s;
  }
  // count is bounded by cd_size / 46 <= len / 46, so this cannot overflow.
  cx_npy_array_t* arrays = cx_calloc(kSystem, dir.count ? (size_t)dir.count : 1, sizeof *arrays);
  if (!arrays) {
    cx_free(kSystem, cd);
    return CX_OOM();
  }
  size_t n = 0;
  size_t pos = 0;
  for (uint64_t i = 0; i < dir.count && !s; i++) {
    cx_zip_entry_t e = {0};
    s = zip_read_entry(cd, cd_off, &pos, cd_size, &e);
    if (s) break;
    // Only .npy members hold arrays; np.load would hand out any other member
    // (a directory, a stray file) as raw bytes, which has no place here.
    if (!ends_with_npy(e.name, e.name_len)) continue;
    size_t stem = e.name_len - 4;
    if (stem >= sizeof arrays[n].name) {
      s = CX_ERROR(CX_UNIMPLEMENTED, "member name of %zu bytes is too long", e.name_len);
      break;
    }
    if (memchr(e.name, 0, stem)) {
      s = CX_ERROR(CX_DATA_LOSS, "member name contains a NUL byte");
      break;
    }
    s = npz_member(src, &e, &arrays[n]);
    if (s) {
      s = cx_status_prefix(s, "member '%.*s'", (int)e.name_len, e.name);
      break;
    }
    memcpy(arrays[n].name, e.name, stem);
    arrays[n].name[stem] = 0;
    n++;
  }
  cx_free(kSystem, cd);
  if (s) {
    cx_npy_free_arrays(arrays, n);
    return s;
  }
  *out_arrays = arrays;
  *out_count = n;
  return NULL;
}

cx_status_t cx_npz_read(const char* path, cx_npy_array_t** out_arrays, size_t* out_count) {
  return cx_npz_read_limited(path, 0, out_arrays, out_count);
}

// Opens a regular file for reading at offsets; -1 (and errno untouched by
// anything that matters) for anything else, which is read as a stream.
static int open_regular(const char* path, size_t* out_len) {
  if (strcmp(path, "-") == 0) return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;  // cx_file_read_limited reports why
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > SIZE_MAX / 2) {
    close(fd);
    return -1;
  }
  *out_len = (size_t)st.st_size;
  return fd;
}

cx_status_t cx_npz_read_limited(const char* path, size_t stream_limit,
                                cx_npy_array_t** out_arrays, size_t* out_count) {
  *out_arrays = NULL;
  *out_count = 0;
  zip_src_t src = {-1, NULL, 0};
  char* bytes = NULL;
  src.fd = open_regular(path, &src.len);
  if (src.fd < 0) {
    // A stream, a directory or a file that cannot be opened: read whole
    // (within the stream limit), or the error that says why not.
    CX_RETURN_IF_ERROR(cx_file_read_limited(path, stream_limit, &bytes, &src.len));
    src.bytes = (const unsigned char*)bytes;
  }
  cx_status_t s = npz_parse(&src, out_arrays, out_count);
  if (src.fd >= 0) close(src.fd);
  cx_free(kSystem, bytes);
  return cx_status_with_location(s, path);
}
#endif  // CX_NPY_NO_NPZ
