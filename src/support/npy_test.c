// Tests of .npy/.npz reading and writing: round trips, hand-built headers and
// zip archives (stored, deflated, data descriptors, zip64), files written by
// numpy (tests/data/npy, see its README), and corrupt or truncated input,
// which must give an error and never a crash (run this under ASan).
#include "support/npy.h"

#include <stdint.h>
#include <unistd.h>
#include <zlib.h>

#include "cx_test.h"

// ---------------------------------------------------------------------------
// helpers

typedef struct buf {
  unsigned char* p;
  size_t len, cap;
} buf_t;

static void put(buf_t* b, const void* data, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2 + 64;
    b->p = realloc(b->p, b->cap);
    if (!b->p) abort();  // test harness: no memory left to report with
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}
static void put_le(buf_t* b, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++) {
    unsigned char c = (unsigned char)(v >> (8 * i));
    put(b, &c, 1);
  }
}
static void put_str(buf_t* b, const char* s) { put(b, s, strlen(s)); }

// A .npy v1.0 image around a raw header string (no padding rules enforced,
// which is what lets the tests feed the parser odd but valid headers).
static buf_t npy_image(const char* header, const void* data, size_t n) {
  buf_t b = {0};
  put(&b, "\x93NUMPY\x01\x00", 8);
  put_le(&b, strlen(header), 2);
  put_str(&b, header);
  put(&b, data, n);
  return b;
}

static char g_tmp[256];
static const char* write_temp(const void* data, size_t len) {
  const char* dir = getenv("TMPDIR");
  snprintf(g_tmp, sizeof g_tmp, "%s/cx_npy_test_XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(g_tmp);
  if (fd < 0) return NULL;
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, (const char*)data + done, len - done);
    if (w <= 0) break;
    done += (size_t)w;
  }
  close(fd);
  return g_tmp;
}

static unsigned char* slurp(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  buf_t b = {0};
  unsigned char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) put(&b, chunk, n);
  fclose(f);
  *len = b.len;
  return b.p;
}

static bool shape_is(const cx_npy_array_t* a, int rank, const int64_t* dims) {
  if (a->rank != rank) return false;
  for (int i = 0; i < rank; i++)
    if (a->shape[i] != dims[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------
// .npy

CX_TEST(test_descr_itemsize) {
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("<f4"), 4);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("|b1"), 1);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("<c16"), 16);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize(">i8"), 8);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("|V2"), 2);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("<f16"), 0);  // long double: not supported
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("|O8"), 0);   // Python objects
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("<i3"), 0);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("<f04"), 0);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("<f"), 0);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize("f4"), 0);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize(""), 0);
  CX_EXPECT_EQ_U64(cx_npy_descr_itemsize(NULL), 0);
}

static void round_trip_one(const char* descr, int rank, const int64_t* shape) {
  cx_npy_array_t a = {0};
  snprintf(a.descr, sizeof a.descr, "%s", descr);
  a.rank = rank;
  size_t count = 1;
  for (int i = 0; i < rank; i++) {
    a.shape[i] = shape[i];
    count *= (size_t)shape[i];
  }
  a.nbytes = count * cx_npy_descr_itemsize(descr);
  unsigned char* data = malloc(a.nbytes + 1);
  for (size_t i = 0; i < a.nbytes; i++) data[i] = (unsigned char)(i * 37 + 11);
  a.data = data;

  void* bytes = NULL;
  size_t len = 0;
  CX_EXPECT_OK(cx_npy_serialize(&a, &bytes, &len));
  if (!bytes) {
    free(data);
    return;
  }
  // numpy's layout: magic, v1.0, data aligned to 64 bytes, header ends '\n'.
  const unsigned char* b = bytes;
  CX_EXPECT(len >= 10 + a.nbytes && memcmp(b, "\x93NUMPY\x01\x00", 8) == 0);
  size_t data_off = len - a.nbytes;
  CX_EXPECT_EQ_U64(data_off % 64, 0);
  CX_EXPECT_EQ_U64(10 + (b[8] | b[9] << 8), data_off);
  CX_EXPECT(b[data_off - 1] == '\n');

  cx_npy_array_t r;
  CX_EXPECT_OK(cx_npy_parse(bytes, len, &r));
  CX_EXPECT_STREQ(r.descr, descr);
  CX_EXPECT(shape_is(&r, rank, shape));
  CX_EXPECT_EQ_U64(r.nbytes, a.nbytes);
  CX_EXPECT(r.data != NULL && (a.nbytes == 0 || memcmp(r.data, data, a.nbytes) == 0));
  cx_npy_free(&r);
  CX_EXPECT(r.data == NULL);
  free(bytes);
  free(data);
}

CX_TEST(test_round_trip_serialize_parse) {
  const int64_t s0[1] = {0}, s1[1] = {7}, s3[3] = {2, 3, 4}, se[2] = {0, 5};
  round_trip_one("<f4", 0, s0);  // scalar
  round_trip_one("<f4", 1, s1);
  round_trip_one("<f8", 3, s3);
  round_trip_one("|b1", 1, s1);
  round_trip_one("<c8", 3, s3);
  round_trip_one("<i2", 2, se);  // empty
  int64_t big[CX_NPY_MAX_RANK];
  for (int i = 0; i < CX_NPY_MAX_RANK; i++) big[i] = 1;
  big[5] = 3;
  round_trip_one("<u8", CX_NPY_MAX_RANK, big);
}

CX_TEST(test_serialize_rejects_bad_arrays) {
  float x[6] = {0};
  cx_npy_array_t a = {.descr = "<f4", .rank = 2, .shape = {2, 3}, .data = x, .nbytes = 24};
  void* bytes;
  size_t len;
  CX_EXPECT_OK(cx_npy_serialize(&a, &bytes, &len));
  free(bytes);
  a.nbytes = 20;
  CX_EXPECT_ERROR(cx_npy_serialize(&a, &bytes, &len));  // nbytes != shape * itemsize
  a.nbytes = 24;
  snprintf(a.descr, sizeof a.descr, ">f4");
  CX_EXPECT_ERROR(cx_npy_serialize(&a, &bytes, &len));  // data is little-endian by contract
  snprintf(a.descr, sizeof a.descr, "<x4");
  CX_EXPECT_ERROR(cx_npy_serialize(&a, &bytes, &len));
  snprintf(a.descr, sizeof a.descr, "<f4");
  a.shape[1] = -3;
  CX_EXPECT_ERROR(cx_npy_serialize(&a, &bytes, &len));
  a.shape[1] = 3;
  a.rank = CX_NPY_MAX_RANK + 1;
  CX_EXPECT_ERROR(cx_npy_serialize(&a, &bytes, &len));
  a.rank = 2;
  a.data = NULL;
  CX_EXPECT_ERROR(cx_npy_serialize(&a, &bytes, &len));
  CX_EXPECT(bytes == NULL && len == 0);
}

CX_TEST(test_write_read_file) {
  int32_t v[4] = {1, -2, 300000, INT32_MIN};
  cx_npy_array_t a = {.descr = "<i4", .rank = 2, .shape = {2, 2}, .data = v, .nbytes = 16};
  const char* path = write_temp("", 0);
  CX_EXPECT(path != NULL);
  if (!path) return;
  char p[256];
  snprintf(p, sizeof p, "%s", path);
  CX_EXPECT_OK(cx_npy_write(p, &a));
  cx_npy_array_t r;
  CX_EXPECT_OK(cx_npy_read(p, &r));
  CX_EXPECT(r.data && memcmp(r.data, v, 16) == 0);
  CX_EXPECT_STREQ(r.name, "");
  cx_npy_free(&r);
  unlink(p);
  // A missing file is NOT_FOUND, and names the file.
  cx_status_t s = cx_npy_read(p, &r);
  CX_EXPECT(s && cx_status_code(s) == CX_NOT_FOUND && strstr(cx_status_message(s), p));
  cx_status_free(s);
}

CX_TEST(test_hand_built_headers) {
  // Keys out of order, double quotes, Python 2 'L' suffix, no padding, and a
  // big-endian dtype that must come back byte-swapped and relabelled '<'.
  const unsigned char be[4] = {0x01, 0x02, 0xA0, 0xB0};
  buf_t b = npy_image("{\"shape\": (2L,), 'fortran_order': False, 'descr': '>u2'}\n", be, 4);
  cx_npy_array_t r;
  CX_EXPECT_OK(cx_npy_parse(b.p, b.len, &r));
  CX_EXPECT_STREQ(r.descr, "<u2");
  CX_EXPECT(r.rank == 1 && r.shape[0] == 2);
  uint16_t want[2] = {0x0102, 0xA0B0};
  CX_EXPECT(r.data && memcmp(r.data, want, 4) == 0);
  cx_npy_free(&r);
  free(b.p);

  // Big-endian complex: each 4-byte half swaps on its own.
  const unsigned char bc[8] = {0x3F, 0x80, 0, 0, 0xC0, 0x00, 0, 0};  // 1.0, -2.0
  b = npy_image("{'descr': '>c8', 'fortran_order': False, 'shape': (), }", bc, 8);
  CX_EXPECT_OK(cx_npy_parse(b.p, b.len, &r));
  CX_EXPECT_STREQ(r.descr, "<c8");
  CX_EXPECT(r.rank == 0 && r.nbytes == 8);
  if (r.data) CX_EXPECT(((float*)r.data)[0] == 1.0f && ((float*)r.data)[1] == -2.0f);
  cx_npy_free(&r);
  free(b.p);

  // Fortran order: memory holds column after column; C order is row-major.
  const int8_t fdata[6] = {1, 4, 2, 5, 3, 6};  // [[1,2,3],[4,5,6]] in F order
  b = npy_image("{'descr': '|i1', 'fortran_order': True, 'shape': (2, 3), }", fdata, 6);
  CX_EXPECT_OK(cx_npy_parse(b.p, b.len, &r));
  const int8_t cwant[6] = {1, 2, 3, 4, 5, 6};
  CX_EXPECT(r.data && memcmp(r.data, cwant, 6) == 0);
  cx_npy_free(&r);
  free(b.p);

  // One-byte types are '|' whatever the file says.
  b = npy_image("{'descr': '<b1', 'fortran_order': False, 'shape': (1,)}", "\x01", 1);
  CX_EXPECT_OK(cx_npy_parse(b.p, b.len, &r));
  CX_EXPECT_STREQ(r.descr, "|b1");
  cx_npy_free(&r);
  free(b.p);
}

typedef struct bad_header {
  const char* header;
  size_t data_len;
  cx_status_code_t code;
} bad_header_t;

CX_TEST(test_malformed_headers) {
  static const bad_header_t kBad[] = {
      {"{'descr': '<f4', 'shape': (2,)}", 8, CX_DATA_LOSS},                      // no order
      {"{'descr': '<f4', 'fortran_order': False}", 4, CX_DATA_LOSS},             // no shape
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8, CX_DATA_LOSS},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8,
       CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", 8, CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,,)}", 8, CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}", 24, CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", 8, CX_DATA_LOSS},
      {"{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", 8, CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", 8, CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", 8, CX_DATA_LOSS},
      {"['descr']", 0, CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", 0,
       CX_DATA_LOSS},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 0,
       CX_DATA_LOSS},  // 2^64 elements
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 7, CX_DATA_LOSS},  // short
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 9, CX_DATA_LOSS},  // long
      {"{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,)}", 8, CX_UNIMPLEMENTED},
      {"{'descr': '|O8', 'fortran_order': False, 'shape': (2,)}", 16, CX_UNIMPLEMENTED},
      {"{'descr': '<f4f4f4f4f4f4f4f4', 'fortran_order': False, 'shape': (2,)}", 8,
       CX_DATA_LOSS},  // longer than descr[16]
      {"{'descr': '<f4', 'fortran_order': False, 'shape': "
       "(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)}",
       4, CX_UNIMPLEMENTED},  // rank 33
  };
  unsigned char zeros[32] = {0};
  for (size_t i = 0; i < sizeof kBad / sizeof *kBad; i++) {
    buf_t b = npy_image(kBad[i].header, zeros, kBad[i].data_len);
    cx_npy_array_t r;
    cx_status_t s = cx_npy_parse(b.p, b.len, &r);
    if (!s) {
      CX_FAIL_("accepted bad header #%zu: %s", i, kBad[i].header);
      cx_npy_free(&r);
    } else {
      if (cx_status_code(s) != kBad[i].code)
        CX_FAIL_("header #%zu: %s: %s", i, cx_status_code_name(cx_status_code(s)),
                 cx_status_message(s));
      // Every message names where in the input the problem is.
      if (!strstr(cx_status_message(s), "offset"))
        CX_FAIL_("header #%zu: message without an offset: %s", i, cx_status_message(s));
      CX_EXPECT(r.data == NULL);
      cx_status_free(s);
    }
    free(b.p);
  }
}

CX_TEST(test_bad_preambles) {
  cx_npy_array_t r;
  CX_EXPECT_ERROR(cx_npy_parse("", 0, &r));
  CX_EXPECT_ERROR(cx_npy_parse("\x93NUMPY\x01", 7, &r));
  cx_status_t s = cx_npy_parse("PK\x03\x04xxxxxxxxxxxx", 16, &r);
  CX_EXPECT(s && cx_status_code(s) == CX_INVALID_ARGUMENT && strstr(cx_status_message(s), "magic"));
  cx_status_free(s);
  s = cx_npy_parse("\x93NUMPY\x04\x00\x00\x00{}", 12, &r);
  CX_EXPECT(s && cx_status_code(s) == CX_UNIMPLEMENTED);
  cx_status_free(s);
  // Header length pointing past the end, in v1 and v2 layouts.
  CX_EXPECT_ERROR(cx_npy_parse("\x93NUMPY\x01\x00\xff\xff{}", 12, &r));
  CX_EXPECT_ERROR(cx_npy_parse("\x93NUMPY\x02\x00\xff\xff\xff\xff{}", 14, &r));
  CX_EXPECT_ERROR(cx_npy_parse("\x93NUMPY\x02\x00\x01", 9, &r));
}

// Every proper prefix of a valid image is an error, and every single-byte
// corruption either fails cleanly or yields a self-consistent array.
CX_TEST(test_truncation_and_corruption) {
  double v[5] = {1, 2, 3, 4, 5};
  cx_npy_array_t a = {.descr = "<f8", .rank = 1, .shape = {5}, .data = v, .nbytes = 40};
  void* bytes;
  size_t len;
  CX_EXPECT_OK(cx_npy_serialize(&a, &bytes, &len));
  if (!bytes) return;
  unsigned char* copy = malloc(len);
  int accepted = 0;
  for (size_t n = 0; n < len; n++) {
    memcpy(copy, bytes, n);  // an exact-size buffer so ASan sees over-reads
    cx_npy_array_t r;
    cx_status_t s = cx_npy_parse(copy, n, &r);
    if (!s) {
      accepted++;
      cx_npy_free(&r);
    }
    cx_status_free(s);
  }
  CX_EXPECT_EQ_I64(accepted, 0);
  static const unsigned char kMasks[] = {0x01, 0x20, 0x80, 0xFF};
  for (size_t i = 0; i < len; i++) {
    for (size_t m = 0; m < sizeof kMasks; m++) {
      memcpy(copy, bytes, len);
      copy[i] ^= kMasks[m];
      cx_npy_array_t r;
      cx_status_t s = cx_npy_parse(copy, len, &r);
      if (!s) {
        size_t count = 1;
        for (int k = 0; k < r.rank; k++) count *= (size_t)r.shape[k];
        CX_EXPECT_EQ_U64(r.nbytes, count * cx_npy_descr_itemsize(r.descr));
        cx_npy_free(&r);
      }
      cx_status_free(s);
    }
  }
  free(copy);
  free(bytes);
}

// Files numpy wrote (tests/data/npy/make_fixtures.py).
CX_TEST(test_numpy_npy_fixtures) {
  cx_npy_array_t r;
  // Version 2.0 header, f16: arange(5) = 0, 1, 2, 3, 4 in binary16.
  CX_EXPECT_OK(cx_npy_read("tests/data/npy/v2_f2.npy", &r));
  const uint16_t halfs[5] = {0x0000, 0x3C00, 0x4000, 0x4200, 0x4400};
  CX_EXPECT_STREQ(r.descr, "<f2");
  CX_EXPECT(r.nbytes == 10 && r.data && memcmp(r.data, halfs, 10) == 0);
  cx_npy_free(&r);
  // Version 3.0 header.
  CX_EXPECT_OK(cx_npy_read("tests/data/npy/v3_u2.npy", &r));
  const uint16_t u2[5] = {0, 1, 2, 3, 4};
  CX_EXPECT(r.nbytes == 10 && r.data && memcmp(r.data, u2, 10) == 0);
  cx_npy_free(&r);
  // Fortran-ordered 2x3x4: after the transpose, C order is arange(24).
  CX_EXPECT_OK(cx_npy_read("tests/data/npy/fortran3d_f4.npy", &r));
  const int64_t s3[3] = {2, 3, 4};
  CX_EXPECT(shape_is(&r, 3, s3));
  int bad = 0;
  for (int i = 0; i < 24 && r.data; i++) bad += ((float*)r.data)[i] != (float)i;
  CX_EXPECT(r.data && bad == 0);
  cx_npy_free(&r);
  // Big-endian f8.
  CX_EXPECT_OK(cx_npy_read("tests/data/npy/be_f8.npy", &r));
  CX_EXPECT_STREQ(r.descr, "<f8");
  if (r.data) {
    const double* d = r.data;
    CX_EXPECT(d[0] == 1.5 && d[1] == -2.25 && d[2] == 1e300);
  }
  cx_npy_free(&r);
}

// ---------------------------------------------------------------------------
// .npz

// The arrays of make_fixtures.py, in archive order.
static void check_fixture_arrays(const char* path) {
  cx_npy_array_t* arrays = NULL;
  size_t n = 0;
  CX_EXPECT_OK(cx_npz_read(path, &arrays, &n));
  CX_EXPECT_EQ_U64(n, 7);
  if (n != 7) {
    cx_npy_free_arrays(arrays, n);
    return;
  }
  const char* names[7] = {"a", "b_be", "f", "m", "c", "s", "e"};
  for (int i = 0; i < 7; i++) CX_EXPECT_STREQ(arrays[i].name, names[i]);

  const int64_t s23[2] = {2, 3};
  CX_EXPECT_STREQ(arrays[0].descr, "<f4");
  CX_EXPECT(shape_is(&arrays[0], 2, s23));
  const float fa[6] = {0, 1, 2, 3, 4, 5};
  CX_EXPECT(memcmp(arrays[0].data, fa, 24) == 0);

  CX_EXPECT_STREQ(arrays[1].descr, "<i4");  // was '>i4'
  const int32_t ib[4] = {1, -2, 3, 0x01020304};
  CX_EXPECT(arrays[1].nbytes == 16 && memcmp(arrays[1].data, ib, 16) == 0);

  CX_EXPECT(shape_is(&arrays[2], 2, s23));  // Fortran order, now C order
  const double fd[6] = {0, 1, 2, 3, 4, 5};
  CX_EXPECT(arrays[2].nbytes == 48 && memcmp(arrays[2].data, fd, 48) == 0);

  CX_EXPECT_STREQ(arrays[3].descr, "|b1");
  CX_EXPECT(arrays[3].nbytes == 3 && memcmp(arrays[3].data, "\x01\x00\x01", 3) == 0);

  CX_EXPECT_STREQ(arrays[4].descr, "<c8");  // was '>c8'
  const float fc[4] = {1, 2, -3.5f, 0.25f};
  CX_EXPECT(arrays[4].nbytes == 16 && memcmp(arrays[4].data, fc, 16) == 0);

  CX_EXPECT(arrays[5].rank == 0 && arrays[5].nbytes == 8);
  CX_EXPECT(*(int64_t*)arrays[5].data == 42);

  const int64_t s03[2] = {0, 3};
  CX_EXPECT(shape_is(&arrays[6], 2, s03) && arrays[6].nbytes == 0);
  cx_npy_free_arrays(arrays, n);
}

CX_TEST(test_numpy_npz_fixtures) {
  check_fixture_arrays("tests/data/npy/stored.npz");    // np.savez
  check_fixture_arrays("tests/data/npy/deflated.npz");  // np.savez_compressed
  check_fixture_arrays("tests/data/npy/stream.npz");    // data descriptors
}

typedef struct zip_member {
  const char* name;
  const void* data;
  size_t len;
  bool deflate;
  bool descriptor;  // sizes and CRC after the data, zeros in the local header
  bool zip64_cd;    // central directory sizes/offset saturated, real ones in zip64 extra
} zip_member_t;

static buf_t deflate_raw(const void* data, size_t len) {
  buf_t out = {0};
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  out.cap = deflateBound(&zs, (uLong)len) + 16;
  out.p = malloc(out.cap);
  zs.next_in = (Bytef*)data;
  zs.avail_in = (uInt)len;
  zs.next_out = out.p;
  zs.avail_out = (uInt)out.cap;
  deflate(&zs, Z_FINISH);
  out.len = out.cap - zs.avail_out;
  deflateEnd(&zs);
  return out;
}

// Builds a zip archive by the book (APPNOTE.TXT), with the options above and
// optionally a zip64 end-of-central-directory record and a comment.
static buf_t build_zip(const zip_member_t* m, size_t n, bool zip64_eocd, const char* comment) {
  buf_t z = {0};
  uint64_t offsets[16];
  uint32_t crcs[16];
  size_t csizes[16];
  for (size_t i = 0; i < n; i++) {
    buf_t packed = {0};
    if (m[i].deflate) packed = deflate_raw(m[i].data, m[i].len);
    const void* body = m[i].deflate ? packed.p : m[i].data;
    size_t clen = m[i].deflate ? packed.len : m[i].len;
    crcs[i] = (uint32_t)crc32(0, m[i].data, (uInt)m[i].len);
    csizes[i] = clen;
    offsets[i] = z.len;
    put_le(&z, 0x04034b50, 4);
    put_le(&z, 20, 2);
    put_le(&z, m[i].descriptor ? 8 : 0, 2);
    put_le(&z, m[i].deflate ? 8 : 0, 2);
    put_le(&z, 0, 2);
    put_le(&z, 0x21, 2);
    put_le(&z, m[i].descriptor ? 0 : crcs[i], 4);
    put_le(&z, m[i].descriptor ? 0 : clen, 4);
    put_le(&z, m[i].descriptor ? 0 : m[i].len, 4);
    put_le(&z, strlen(m[i].name), 2);
    put_le(&z, 0, 2);
    put_str(&z, m[i].name);
    put(&z, body, clen);
    if (m[i].descriptor) {
      put_le(&z, 0x08074b50, 4);
      put_le(&z, crcs[i], 4);
      put_le(&z, clen, 4);
      put_le(&z, m[i].len, 4);
    }
    free(packed.p);
  }
  uint64_t cd_off = z.len;
  for (size_t i = 0; i < n; i++) {
    bool z64 = m[i].zip64_cd;
    put_le(&z, 0x02014b50, 4);
    put_le(&z, 0x031E, 2);
    put_le(&z, z64 ? 45 : 20, 2);
    put_le(&z, m[i].descriptor ? 8 : 0, 2);
    put_le(&z, m[i].deflate ? 8 : 0, 2);
    put_le(&z, 0, 2);
    put_le(&z, 0x21, 2);
    put_le(&z, crcs[i], 4);
    put_le(&z, z64 ? 0xFFFFFFFFu : csizes[i], 4);
    put_le(&z, z64 ? 0xFFFFFFFFu : m[i].len, 4);
    put_le(&z, strlen(m[i].name), 2);
    put_le(&z, z64 ? 4 + 24 : 0, 2);
    put_le(&z, 0, 2);
    put_le(&z, 0, 2);
    put_le(&z, 0, 2);
    put_le(&z, 0, 4);
    put_le(&z, z64 ? 0xFFFFFFFFu : offsets[i], 4);
    put_str(&z, m[i].name);
    if (z64) {
      put_le(&z, 0x0001, 2);
      put_le(&z, 24, 2);
      put_le(&z, m[i].len, 8);  // order fixed by the spec: usize, csize, offset
      put_le(&z, csizes[i], 8);
      put_le(&z, offsets[i], 8);
    }
  }
  uint64_t cd_size = z.len - cd_off;
  if (zip64_eocd) {
    uint64_t z64_off = z.len;
    put_le(&z, 0x06064b50, 4);
    put_le(&z, 44, 8);
    put_le(&z, 45, 2);
    put_le(&z, 45, 2);
    put_le(&z, 0, 4);
    put_le(&z, 0, 4);
    put_le(&z, n, 8);
    put_le(&z, n, 8);
    put_le(&z, cd_size, 8);
    put_le(&z, cd_off, 8);
    put_le(&z, 0x07064b50, 4);
    put_le(&z, 0, 4);
    put_le(&z, z64_off, 8);
    put_le(&z, 1, 4);
  }
  put_le(&z, 0x06054b50, 4);
  put_le(&z, 0, 2);
  put_le(&z, 0, 2);
  put_le(&z, zip64_eocd ? 0xFFFF : n, 2);
  put_le(&z, zip64_eocd ? 0xFFFF : n, 2);
  put_le(&z, zip64_eocd ? 0xFFFFFFFFu : cd_size, 4);
  put_le(&z, zip64_eocd ? 0xFFFFFFFFu : cd_off, 4);
  put_le(&z, comment ? strlen(comment) : 0, 2);
  if (comment) put_str(&z, comment);
  return z;
}

static cx_status_t read_zip_bytes(const buf_t* z, cx_npy_array_t** arrays, size_t* n) {
  const char* path = write_temp(z->p, z->len);
  if (!path) return CX_ERROR(CX_IO_ERROR, "cannot create a temporary file");
  char p[256];
  snprintf(p, sizeof p, "%s", path);
  cx_status_t s = cx_npz_read(p, arrays, n);
  unlink(p);
  return s;
}

// read_zip_bytes for the archive a test loop built in `mode`; false, after
// reporting the failure with the mode, if it cannot be read.
static bool read_zip_in_mode(const buf_t* z, int mode, cx_npy_array_t** arrays, size_t* n) {
  *arrays = NULL;
  *n = 0;
  cx_status_t s = read_zip_bytes(z, arrays, n);
  if (!s) return true;
  CX_FAIL_("mode %d: %s", mode, cx_status_message(s));
  cx_status_free(s);
  return false;
}

// The .npy image of an array, to pack as a member.
static buf_t member_image(const cx_npy_array_t* a) {
  void* bytes = NULL;
  size_t len = 0;
  cx_status_t s = cx_npy_serialize(a, &bytes, &len);
  cx_status_free(s);
  buf_t b = {bytes, len, len};
  return b;
}

// Two small .npy images to pack.
static buf_t member_x(void) {
  const int16_t v[3] = {-1, 2, 3000};
  cx_npy_array_t a = {.descr = "<i2", .rank = 1, .shape = {3}, .data = (void*)v, .nbytes = 6};
  return member_image(&a);
}
static buf_t member_y(void) {
  double v[64];
  for (int i = 0; i < 64; i++) v[i] = i * 0.5;
  cx_npy_array_t a = {.descr = "<f8", .rank = 2, .shape = {8, 8}, .data = v, .nbytes = 512};
  return member_image(&a);
}

static void expect_x_y(cx_npy_array_t* arrays, size_t n) {
  CX_EXPECT_EQ_U64(n, 2);
  if (n != 2) return;
  CX_EXPECT_STREQ(arrays[0].name, "x");
  CX_EXPECT_STREQ(arrays[1].name, "dir/y");
  CX_EXPECT(arrays[0].nbytes == 6 && ((int16_t*)arrays[0].data)[2] == 3000);
  CX_EXPECT(arrays[1].nbytes == 512 && ((double*)arrays[1].data)[63] == 31.5);
}

CX_TEST(test_npz_hand_built) {
  buf_t x = member_x(), y = member_y();
  const char note[] = "not an array";
  // Every combination of stored/deflated, descriptor and zip64 directory
  // fields, with and without the zip64 end record and an archive comment.
  for (int mode = 0; mode < 16; mode++) {
    bool deflate = mode & 1, descriptor = mode & 2, z64 = mode & 4, z64_eocd = mode & 8;
    zip_member_t m[3] = {
        {"x.npy", x.p, x.len, deflate, descriptor, z64},
        {"README.txt", note, sizeof note, false, false, false},  // skipped: not .npy
        {"dir/y.npy", y.p, y.len, !deflate, descriptor, !z64},
    };
    buf_t z = build_zip(m, 3, z64_eocd, mode % 3 ? "a comment" : NULL);
    cx_npy_array_t* arrays;
    size_t n;
    if (read_zip_in_mode(&z, mode, &arrays, &n)) expect_x_y(arrays, n);
    cx_npy_free_arrays(arrays, n);
    free(z.p);
  }
  // An archive with no members is fine and empty.
  buf_t z = build_zip(NULL, 0, false, NULL);
  cx_npy_array_t* arrays = NULL;
  size_t n = 5;
  CX_EXPECT_OK(read_zip_bytes(&z, &arrays, &n));
  CX_EXPECT_EQ_U64(n, 0);
  cx_npy_free_arrays(arrays, n);
  free(z.p);
  free(x.p);
  free(y.p);
}

CX_TEST(test_npz_corrupt) {
  buf_t x = member_x();
  zip_member_t m[1] = {{"x.npy", x.p, x.len, false, false, false}};
  buf_t z = build_zip(m, 1, false, NULL);
  cx_npy_array_t* arrays = NULL;
  size_t n = 0;

  // A flipped data byte: the CRC catches it, and the error names the member
  // and the archive.
  size_t data_at = 30 + strlen("x.npy") + x.len - 1;
  z.p[data_at] ^= 0x40;
  const char* path = write_temp(z.p, z.len);
  char p[256];
  snprintf(p, sizeof p, "%s", path ? path : "");
  cx_status_t s = cx_npz_read(p, &arrays, &n);
  CX_EXPECT(s && cx_status_code(s) == CX_DATA_LOSS);
  CX_EXPECT(s && strstr(cx_status_message(s), "member 'x.npy'") &&
            strstr(cx_status_message(s), "CRC"));
  CX_EXPECT(s && cx_status_location(s) && strcmp(cx_status_location(s), p) == 0);
  CX_EXPECT(arrays == NULL && n == 0);
  cx_status_free(s);
  unlink(p);
  z.p[data_at] ^= 0x40;

  // Unsupported compression method.
  z.p[8] = 12;  // bzip2, in the local header...
  size_t cd = 30 + strlen("x.npy") + x.len;
  z.p[cd + 10] = 12;  // ...and in the central directory, which is what counts
  s = read_zip_bytes(&z, &arrays, &n);
  CX_EXPECT(s && cx_status_code(s) == CX_UNIMPLEMENTED);
  cx_status_free(s);
  z.p[8] = z.p[cd + 10] = 0;

  // A deflated member claiming an absurd size is refused before allocating.
  zip_member_t md[1] = {{"x.npy", x.p, x.len, true, false, false}};
  buf_t zd = build_zip(md, 1, false, NULL);
  size_t cd2 = zd.len - 22 - (46 + strlen("x.npy"));
  zd.p[cd2 + 24] = zd.p[cd2 + 25] = zd.p[cd2 + 26] = zd.p[cd2 + 27] = 0xF0;
  s = read_zip_bytes(&zd, &arrays, &n);
  CX_EXPECT(s && cx_status_code(s) == CX_DATA_LOSS);
  cx_status_free(s);
  free(zd.p);

  // Not a zip at all, and an empty file.
  buf_t junk = {(unsigned char*)"hello, this is not a zip archive", 32, 32};
  s = read_zip_bytes(&junk, &arrays, &n);
  CX_EXPECT(s && cx_status_code(s) == CX_DATA_LOSS);
  cx_status_free(s);
  buf_t empty = {(unsigned char*)"", 0, 0};
  CX_EXPECT_ERROR(read_zip_bytes(&empty, &arrays, &n));
  CX_EXPECT_ERROR(cx_npz_read("tests/data/npy/does-not-exist.npz", &arrays, &n));
  free(z.p);
  free(x.p);
}

// An array of `count` f32 values that deflate hardly compresses (an LCG's
// bits), as an .npy image.
static buf_t member_noise(size_t count, uint32_t seed) {
  float* v = malloc(count * sizeof *v);
  uint32_t x = seed;
  for (size_t i = 0; i < count; i++) {
    x = x * 1664525u + 1013904223u;
    v[i] = (float)(x >> 8) * (1.0f / 16777216.0f) - 0.5f;
  }
  cx_npy_array_t a = {.descr = "<f4", .rank = 1, .shape = {(int64_t)count}, .data = v,
                      .nbytes = count * sizeof *v};
  buf_t b = member_image(&a);
  free(v);
  return b;
}

// The reader takes a regular file member by member at offsets: members much
// larger than its input buffer (stored and deflated, several in a row) come
// out whole and in order, each equal to what was packed.
CX_TEST(test_npz_large_members) {
  buf_t big1 = member_noise(300000, 7), big2 = member_noise(200001, 11), x = member_x();
  for (int mode = 0; mode < 4; mode++) {
    bool deflate = mode & 1, descriptor = mode & 2;
    zip_member_t m[4] = {
        {"w1.npy", big1.p, big1.len, deflate, descriptor, true},
        {"x.npy", x.p, x.len, !deflate, false, false},
        {"w2.npy", big2.p, big2.len, deflate, false, false},
        {"w1_again.npy", big1.p, big1.len, !deflate, descriptor, false},
    };
    buf_t z = build_zip(m, 4, mode == 3, NULL);
    cx_npy_array_t* arrays;
    size_t n;
    if (read_zip_in_mode(&z, mode, &arrays, &n)) {
      CX_EXPECT_EQ_U64(n, 4);
      const buf_t* want[4] = {&big1, &x, &big2, &big1};
      const char* names[4] = {"w1", "x", "w2", "w1_again"};
      for (size_t i = 0; i < 4 && i < n; i++) {
        CX_EXPECT_STREQ(arrays[i].name, names[i]);
        // The .npy image's data is its last nbytes.
        const unsigned char* img = want[i]->p;
        CX_EXPECT(arrays[i].nbytes < want[i]->len &&
                  memcmp(arrays[i].data, img + want[i]->len - arrays[i].nbytes,
                         arrays[i].nbytes) == 0);
      }
      CX_EXPECT(n == 4 && arrays[0].nbytes == 1200000 && arrays[2].nbytes == 800004);
    }
    cx_npy_free_arrays(arrays, n);
    free(z.p);
  }
  free(big1.p);
  free(big2.p);
  free(x.p);
}

// Expects reading `z` to fail with `code` and a message containing `what`.
static void expect_zip_error(const buf_t* z, cx_status_code_t code, const char* what,
                             const char* label) {
  cx_npy_array_t* arrays = NULL;
  size_t n = 0;
  cx_status_t s = read_zip_bytes(z, &arrays, &n);
  if (!s) {
    CX_FAIL_("%s: read without an error", label);
  } else if (cx_status_code(s) != code || !strstr(cx_status_message(s), what)) {
    CX_FAIL_("%s: got '%s' (code %d), expected '%s'", label, cx_status_message(s),
             (int)cx_status_code(s), what);
  }
  CX_EXPECT(arrays == NULL && n == 0);
  cx_status_free(s);
  cx_npy_free_arrays(arrays, n);
}

// Damaged archives read at offsets: a central directory that is cut short or
// claims more than the file holds, and members claiming more data than the
// file has, are errors naming the problem, and nothing is allocated for the
// claimed sizes.
CX_TEST(test_npz_bad_directory_and_sizes) {
  buf_t x = member_x(), y = member_y();
  zip_member_t m[2] = {{"x.npy", x.p, x.len, false, false, false},
                       {"dir/y.npy", y.p, y.len, true, false, false}};
  buf_t z = build_zip(m, 2, false, NULL);
  size_t eocd = z.len - 22;
  uint32_t cd_size = (uint32_t)z.p[eocd + 12] | (uint32_t)z.p[eocd + 13] << 8 |
                     (uint32_t)z.p[eocd + 14] << 16 | (uint32_t)z.p[eocd + 15] << 24;
  size_t cd_off = eocd - cd_size;
  size_t entry2 = cd_off + 46 + strlen("x.npy");  // the second directory entry

  // The directory claims more bytes than lie before the end record.
  buf_t bad = {malloc(z.len), z.len, z.len};
  memcpy(bad.p, z.p, z.len);
  bad.p[eocd + 12] = (unsigned char)(cd_size + 1);
  expect_zip_error(&bad, CX_DATA_LOSS, "lies outside the archive", "directory too long");

  // The directory is cut short: its second entry is missing (the end record
  // still counts two), or runs past the directory's end.
  memcpy(bad.p, z.p, z.len);
  uint32_t short_size = (uint32_t)(entry2 - cd_off);
  for (int k = 0; k < 4; k++) bad.p[eocd + 12 + k] = (unsigned char)(short_size >> (8 * k));
  for (int k = 0; k < 4; k++) bad.p[eocd + 16 + k] = (unsigned char)(cd_off >> (8 * k));
  expect_zip_error(&bad, CX_DATA_LOSS, "cannot fit", "directory without its second entry");
  memcpy(bad.p, z.p, z.len);
  short_size = (uint32_t)(entry2 - cd_off + 50);  // all of entry 2's fixed part, not its name
  for (int k = 0; k < 4; k++) bad.p[eocd + 12 + k] = (unsigned char)(short_size >> (8 * k));
  expect_zip_error(&bad, CX_DATA_LOSS, "runs past the directory", "entry cut short");

  // A stored member larger than the whole file (sizes in the directory).
  memcpy(bad.p, z.p, z.len);
  for (int k = 0; k < 4; k++) {
    bad.p[cd_off + 20 + k] = (unsigned char)(0x7FFFFFF0u >> (8 * k));
    bad.p[cd_off + 24 + k] = (unsigned char)(0x7FFFFFF0u >> (8 * k));
  }
  expect_zip_error(&bad, CX_DATA_LOSS, "runs past the archive", "stored member past the end");

  // A deflated member whose compressed size runs past the file.
  memcpy(bad.p, z.p, z.len);
  bad.p[entry2 + 20 + 2] = 0x10;  // csize += 1 MiB
  expect_zip_error(&bad, CX_DATA_LOSS, "runs past the archive", "deflated member past the end");

  // A local header offset past the end of the file.
  memcpy(bad.p, z.p, z.len);
  bad.p[entry2 + 42 + 3] = 0x40;
  expect_zip_error(&bad, CX_DATA_LOSS, "bad local file header", "local header past the end");

  // The deflated member's compressed size is short by 8 bytes: inflate
  // runs out of input before the member's declared size.
  memcpy(bad.p, z.p, z.len);
  uint32_t csize = (uint32_t)bad.p[entry2 + 20] | (uint32_t)bad.p[entry2 + 21] << 8;
  CX_EXPECT(csize > 16 && bad.p[entry2 + 22] == 0 && bad.p[entry2 + 23] == 0);
  csize -= 8;
  bad.p[entry2 + 20] = (unsigned char)csize;
  bad.p[entry2 + 21] = (unsigned char)(csize >> 8);
  expect_zip_error(&bad, CX_DATA_LOSS, "corrupt deflate data (truncated)", "deflate cut short");
  free(bad.p);
  free(z.p);
  free(x.p);
  free(y.p);
}

// Archives from a stream (a pipe) are read whole, within the stream limit.
CX_TEST(test_npz_from_stream) {
  buf_t x = member_x(), y = member_y();
  zip_member_t m[2] = {{"x.npy", x.p, x.len, true, false, false},
                       {"dir/y.npy", y.p, y.len, false, true, false}};
  buf_t z = build_zip(m, 2, false, NULL);
  for (int limited = 0; limited < 2; limited++) {
    int fds[2];
    CX_EXPECT(pipe(fds) == 0);
    // Small enough for the pipe's buffer: written before reading starts.
    CX_EXPECT(z.len < 4096 && write(fds[1], z.p, z.len) == (ssize_t)z.len);
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
    cx_npy_array_t* arrays = NULL;
    size_t n = 0;
    cx_status_t s = cx_npz_read_limited(path, limited ? 100 : 0, &arrays, &n);
    if (limited) {
      CX_EXPECT(s && cx_status_code(s) == CX_OUT_OF_RANGE &&
                strstr(cx_status_message(s), "more than 100 bytes"));
    } else if (s) {
      CX_FAIL_("%s", cx_status_message(s));
    } else {
      expect_x_y(arrays, n);
    }
    cx_status_free(s);
    cx_npy_free_arrays(arrays, n);
    close(fds[0]);
  }
  free(z.p);
  free(x.p);
  free(y.p);
}

// Every truncation of numpy's archives fails, and byte corruption anywhere
// never crashes (errors, or arrays that are self-consistent).
CX_TEST(test_npz_truncation_and_fuzz) {
  const char* files[] = {"tests/data/npy/stored.npz", "tests/data/npy/deflated.npz",
                         "tests/data/npy/stream.npz"};
  for (size_t f = 0; f < 3; f++) {
    size_t len = 0;
    unsigned char* data = slurp(files[f], &len);
    CX_EXPECT(data != NULL && len > 100);
    if (!data) continue;
    int accepted = 0;
    for (size_t cut = 0; cut < len; cut += (cut < 64 || len - cut < 64) ? 1 : 7) {
      buf_t b = {data, cut, cut};
      cx_npy_array_t* arrays = NULL;
      size_t n = 0;
      cx_status_t s = read_zip_bytes(&b, &arrays, &n);
      if (!s) accepted++;
      cx_status_free(s);
      cx_npy_free_arrays(arrays, n);
    }
    CX_EXPECT_EQ_I64(accepted, 0);
    unsigned char* copy = malloc(len);
    for (size_t i = 0; i < len; i += 3) {
      memcpy(copy, data, len);
      copy[i] ^= (unsigned char)(0x5A + i);
      buf_t b = {copy, len, len};
      cx_npy_array_t* arrays = NULL;
      size_t n = 0;
      cx_status_t s = read_zip_bytes(&b, &arrays, &n);
      for (size_t k = 0; !s && k < n; k++) {
        size_t count = 1;
        for (int d = 0; d < arrays[k].rank; d++) count *= (size_t)arrays[k].shape[d];
        CX_EXPECT_EQ_U64(arrays[k].nbytes, count * cx_npy_descr_itemsize(arrays[k].descr));
      }
      cx_status_free(s);
      cx_npy_free_arrays(arrays, n);
    }
    free(copy);
    free(data);
  }
}

int main(void) {
  CX_RUN(test_descr_itemsize);
  CX_RUN(test_round_trip_serialize_parse);
  CX_RUN(test_serialize_rejects_bad_arrays);
  CX_RUN(test_write_read_file);
  CX_RUN(test_hand_built_headers);
  CX_RUN(test_malformed_headers);
  CX_RUN(test_bad_preambles);
  CX_RUN(test_truncation_and_corruption);
  CX_RUN(test_numpy_npy_fixtures);
  CX_RUN(test_numpy_npz_fixtures);
  CX_RUN(test_npz_hand_built);
  CX_RUN(test_npz_corrupt);
  CX_RUN(test_npz_truncation_and_fuzz);
  CX_RUN(test_npz_large_members);
  CX_RUN(test_npz_bad_directory_and_sizes);
  CX_RUN(test_npz_from_stream);
  return CX_TEST_EXIT();
}
