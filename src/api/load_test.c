// cx_module_load_file_view: a mapped text file whose large hex literals'
// pages the parser gives back parses to the same module as the text in
// ordinary memory (the literal's values included), reports errors after a
// dropped literal at the right place, and bytecode and streams load too;
// a mapped file's pages are given back once loaded (bytecode's borrowed
// constants read back from the file), and again by a compile once it has
// copied the module's constants, the module printing and running the same
// after it.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cx_test.h"
#include "cxla/bytecode.h"
#include "cxla/compiler.h"
#include "cxla/file.h"
#include "cxla/interp.h"
#include "cxla/module.h"
#include "cxla/runtime.h"

// A module with a 2 MiB f32 constant (4 Mi hex digits on one line) between
// two small functions; `tail` is appended after it (a later error).
static char* program_text(const char* tail, size_t* out_len) {
  size_t count = 512 * 1024, cap = count * 8 + 4096, n = 0;
  char* s = malloc(cap);
  n += (size_t)snprintf(s + n, cap - n,
                        "func.func @small(%%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                        "  return %%a : tensor<2xf32>\n}\n"
                        "func.func @main() -> tensor<524288xf32> {\n"
                        "  %%w = stablehlo.constant dense<\"0x");
  for (size_t i = 0; i < count; i++) {
    float v = (float)(i % 1000) * 0.5f - 7.0f;
    unsigned char b[4];
    memcpy(b, &v, 4);
    for (int j = 0; j < 4; j++) n += (size_t)snprintf(s + n, cap - n, "%02X", b[j]);
  }
  n += (size_t)snprintf(s + n, cap - n,
                        "\"> : tensor<524288xf32>\n"
                        "  return %%w : tensor<524288xf32>\n}\n%s",
                        tail);
  *out_len = n;
  return s;
}

static void write_file(const char* path, const char* data, size_t len) {
  FILE* f = fopen(path, "wb");
  CX_EXPECT(f != NULL);
  CX_EXPECT(fwrite(data, 1, len, f) == len);
  fclose(f);
}

// Creates an empty temporary file, naming it in `path`
// ("/tmp/cxla-load-test-XXXXXX").
static void make_temp_file(char* path) {
  int fd = mkstemp(path);
  CX_EXPECT(fd >= 0);
  close(fd);
}

// program_text(tail), written to a temporary file, and a context to load
// it in as "big.mlir".
typedef struct program_file {
  char path[32];
  char* text;
  size_t len;
  cx_context_t* ctx;
  cx_parse_options_t po;
} program_file_t;

static void program_file_init(program_file_t* f, const char* tail) {
  snprintf(f->path, sizeof f->path, "/tmp/cxla-load-test-XXXXXX");
  f->text = program_text(tail, &f->len);
  make_temp_file(f->path);
  write_file(f->path, f->text, f->len);
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &f->ctx));
  f->po = (cx_parse_options_t){"big.mlir", 0, false};
}

static void program_file_free(program_file_t* f) {
  unlink(f->path);
  free(f->text);
  cx_context_destroy(f->ctx);
}

static char* printed(const cx_module_t* m) {
  char* out = NULL;
  CX_EXPECT_OK(cx_module_print(m, NULL, &out));
  return out;
}

CX_TEST(mapped_text_parses_like_text_in_memory) {
  program_file_t f;
  program_file_init(&f, "");
  cx_module_t* want;
  CX_EXPECT_OK(cx_module_parse_text(f.ctx, f.text, f.len, &f.po, &want));
  cx_file_view_t src;
  CX_EXPECT_OK(cx_file_map(f.path, 0, &src));
  CX_EXPECT(src.mapped && src.len == f.len);
  cx_module_t* got;
  CX_EXPECT_OK(cx_module_load_file_view(f.ctx, &src, &f.po, &got));
  // The mapping still reads as the file (dropped pages read back from it).
  CX_EXPECT(!memcmp(src.data, f.text, f.len));
  cx_file_unmap(&src);
  CX_EXPECT(src.data == NULL);
  char* a = printed(want);
  char* b = printed(got);
  CX_EXPECT(a && b && strlen(a) > 4 * 1024 * 1024);
  CX_EXPECT(a && b && !strcmp(a, b));
  free(a);
  free(b);
  cx_module_destroy(got);
  cx_module_destroy(want);
  program_file_free(&f);
}

// Resident KiB of the mapping that holds `p` (/proc/self/smaps), -1 if not
// found.
static long mapping_rss_kb(const void* p) {
  FILE* f = fopen("/proc/self/smaps", "r");
  if (!f) return -1;
  char line[512];
  bool in = false;
  long rss = -1;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
      in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
    } else if (in && sscanf(line, "Rss: %ld kB", &rss) == 1) {
      break;
    }
  }
  fclose(f);
  return rss;
}

// The program of program_file_init as a bytecode file at f->path; *want
// is the module it was written from. Returns the file's length.
static size_t bytecode_file_init(program_file_t* f, cx_module_t** want) {
  program_file_init(f, "");
  CX_EXPECT_OK(cx_module_parse_text(f->ctx, f->text, f->len, &f->po, want));
  uint8_t* bc = NULL;
  size_t len = 0;
  CX_EXPECT_OK(cx_bc_write(*want, NULL, &bc, &len));
  write_file(f->path, (const char*)bc, len);
  free(bc);
  return len;
}

CX_TEST(mapped_bytecode_pages_are_dropped_and_read_back) {
  program_file_t f;
  cx_module_t* want;
  size_t bc_len = bytecode_file_init(&f, &want);
  cx_file_view_t src;
  CX_EXPECT_OK(cx_file_map(f.path, 0, &src));
  CX_EXPECT(src.mapped && src.len == bc_len && bc_len > 2 * 1024 * 1024);
  long before = src.mapped ? mapping_rss_kb(src.data) : -1;
  CX_EXPECT(before == 0);  // nothing read yet
  (void)before;
  cx_module_t* got;
  CX_EXPECT_OK(cx_module_load_file_view(f.ctx, &src, &f.po, &got));
  // Loading read the whole file (the 2 MiB constant): its pages went back.
  long after = mapping_rss_kb(src.data);
  CX_EXPECT(after >= 0 && after < 64);
  // The module's constant, borrowed or copied, still has its values.
  char* a = printed(want);
  char* b = printed(got);
  CX_EXPECT(a && b && strlen(a) > 4 * 1024 * 1024);
  CX_EXPECT(a && b && !strcmp(a, b));
  free(a);
  free(b);
  cx_module_destroy(got);
  cx_file_unmap(&src);
  cx_module_destroy(want);
  program_file_free(&f);
}

// The reader itself, told that its input is a file mapping, gives back each
// copied constant's pages as it copies them (no file pages piled up next to
// the copies during the load); told nothing, it leaves them resident.
CX_TEST(bytecode_reader_gives_back_copied_pages_while_reading) {
  program_file_t f;
  cx_module_t* want;
  CX_EXPECT(bytecode_file_init(&f, &want) > 2 * 1024 * 1024);
  char* a = printed(want);
  for (int release = 0; release < 2; release++) {
    cx_file_view_t src;
    CX_EXPECT_OK(cx_file_map(f.path, 0, &src));
    CX_EXPECT(src.mapped && mapping_rss_kb(src.data) == 0);
    // Not borrowed: every dense constant is copied out of the file.
    cx_bc_read_options_t ro = {"big.mlirbc", false, false, release == 1};
    cx_module_t* got = NULL;
    CX_EXPECT_OK(cx_bc_read(f.ctx, src.data, src.len, &ro, &got));
    long rss = mapping_rss_kb(src.data);
    if (release) CX_EXPECT(rss >= 0 && rss < 64);  // the 2 MiB constant's pages went
    else CX_EXPECT(rss >= 2 * 1024);                // read and still resident
    char* b = got ? printed(got) : NULL;
    CX_EXPECT(a && b && strlen(a) > 4 * 1024 * 1024 && !strcmp(a, b));
    free(b);
    cx_module_destroy(got);
    cx_file_unmap(&src);
  }
  free(a);
  cx_module_destroy(want);
  program_file_free(&f);
}

// A compile copies the module's constants into the executable, reading them
// from the mapped file when they are borrowed (and the kernel maps the pages
// around each page read): it gives the mapping's pages back once they are
// copied. The module, told nothing (no release_constants), still prints
// the same afterwards and its function computes the same, compiled again
// and interpreted.
CX_TEST(compile_gives_back_the_mapped_files_pages) {
  program_file_t f;
  cx_module_t* want;
  CX_EXPECT(bytecode_file_init(&f, &want) > 2 * 1024 * 1024);
  char* a = printed(want);
  cx_file_view_t src;
  CX_EXPECT_OK(cx_file_map(f.path, 0, &src));
  cx_module_t* got = NULL;
  CX_EXPECT_OK(cx_module_load_file_view(f.ctx, &src, &f.po, &got));
  cx_interp_t* in;
  CX_EXPECT_OK(cx_interp_create(want, NULL, &in));
  uint32_t nwant = 0;
  cx_buffer_view_t* want_out = NULL;
  CX_EXPECT_OK(cx_interp_call(in, "main", 0, NULL, &nwant, &want_out));
  CX_EXPECT_EQ_I64(nwant, 1);
  cx_interp_destroy(in);
  for (int round = 0; round < 2; round++) {
    // Every page of the file resident, as a compile reading its borrowed
    // constants leaves them (round 0) or as nothing does (round 1: the
    // compile reads the file itself).
    if (round == 0) {
      volatile unsigned char sink = 0;
      for (size_t i = 0; i < src.len; i += 4096) sink ^= ((const unsigned char*)src.data)[i];
      (void)sink;
      CX_EXPECT(mapping_rss_kb(src.data) >= 2 * 1024);
    }
    cx_compile_options_t co = {.function = "main"};
    cx_rt_executable_t* exe = NULL;
    CX_EXPECT_OK(cx_compile(got, &co, &exe));
    long rss = mapping_rss_kb(src.data);
    CX_EXPECT(rss >= 0 && rss < 64);
    cx_rt_device_t* dev = NULL;
    cx_rt_device_options_t dopt = {1};
    CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
    cx_buffer_view_t out;
    CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, &out));
    CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, 0, NULL, 1, &out, NULL));
    char why[256] = "";
    if (!cx_buffer_view_close(&out, &want_out[0], why, sizeof why)) CX_FAIL_("round %d: %s", round, why);
    cx_buffer_view_free_data(&out);
    cx_rt_device_destroy(dev);
    cx_rt_executable_release(exe);
    // The module reads back from the file: the same text, the same values.
    char* b = printed(got);
    CX_EXPECT(a && b && !strcmp(a, b));
    free(b);
  }
  CX_EXPECT_OK(cx_interp_create(got, NULL, &in));
  uint32_t ngot = 0;
  cx_buffer_view_t* got_out = NULL;
  CX_EXPECT_OK(cx_interp_call(in, "main", 0, NULL, &ngot, &got_out));
  char why[256] = "";
  CX_EXPECT(ngot == 1 && cx_buffer_view_close(&got_out[0], &want_out[0], why, sizeof why));
  cx_interp_free_results(ngot, got_out);
  cx_interp_destroy(in);
  cx_interp_free_results(nwant, want_out);
  free(a);
  cx_module_destroy(got);
  cx_file_unmap(&src);
  cx_module_destroy(want);
  program_file_free(&f);
}

// f's text fails to parse in memory at `where` ("big.mlir:9:"), and mapped
// from its file with the same message at the same place.
static void expect_mapped_error_as_in_memory(program_file_t* f, const char* where) {
  cx_module_t* m = NULL;
  cx_status_t want = cx_module_parse_text(f->ctx, f->text, f->len, &f->po, &m);
  CX_EXPECT(want != NULL && m == NULL);
  cx_file_view_t src;
  CX_EXPECT_OK(cx_file_map(f->path, 0, &src));
  cx_status_t got = cx_module_load_file_view(f->ctx, &src, &f->po, &m);
  CX_EXPECT(got != NULL && m == NULL);
  const char* at = want ? cx_status_location(want) : NULL;
  CX_EXPECT(at && !strncmp(at, where, strlen(where)));
  CX_EXPECT(want && got && !strcmp(cx_status_message(want), cx_status_message(got)));
  const char* got_at = got ? cx_status_location(got) : NULL;
  CX_EXPECT(at && got_at && !strcmp(at, got_at));
  cx_status_free(want);
  cx_status_free(got);
  cx_file_unmap(&src);
}

// An error after the literal (line 9; the literal is line 5, its text given
// back once decoded).
CX_TEST(errors_after_a_dropped_literal_are_located) {
  program_file_t f;
  program_file_init(&f, "func.func @bad() {\n  %x = stablehlo.nonsense\n}\n");
  expect_mapped_error_as_in_memory(&f, "big.mlir:9:");
  program_file_free(&f);
}

// A bad digit at the end of a 4 MiB hex literal: the text before it was
// given back in chunks while it was decoded (the give-back after a whole
// literal never comes), and the error is located as in memory, in the text
// read back from the file.
CX_TEST(a_bad_digit_late_in_a_long_literal_is_located) {
  program_file_t f;
  program_file_init(&f, "");
  char* close = strstr(f.text, "\"> : tensor<524288xf32>");
  CX_EXPECT(close != NULL);
  if (close) {
    close[-3] = 'G';  // the last element's last byte
    write_file(f.path, f.text, f.len);
    expect_mapped_error_as_in_memory(&f, "big.mlir:5:");
  }
  program_file_free(&f);
}

CX_TEST(streams_and_empty_files_are_read) {
  char path[] = "/tmp/cxla-load-test-XXXXXX";
  make_temp_file(path);
  cx_file_view_t src;
  CX_EXPECT_OK(cx_file_map(path, 0, &src));  // empty: read, not mapped
  CX_EXPECT(!src.mapped && src.len == 0);
  cx_file_unmap(&src);
  const char* small =
      "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
      "  return %a : tensor<2xf32>\n}\n";
  write_file(path, small, strlen(small));
  CX_EXPECT_OK(cx_file_map(path, 0, &src));
  CX_EXPECT(src.mapped && src.len == strlen(small));
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m;
  CX_EXPECT_OK(cx_module_load_file_view(ctx, &src, NULL, &m));
  cx_file_unmap(&src);
  // Bytecode from a mapping: the module borrows it until destroyed.
  uint8_t* bc = NULL;
  size_t bc_len = 0;
  CX_EXPECT_OK(cx_bc_write(m, NULL, &bc, &bc_len));
  write_file(path, (const char*)bc, bc_len);
  CX_EXPECT_OK(cx_file_map(path, 0, &src));
  cx_module_t* back;
  CX_EXPECT_OK(cx_module_load_file_view(ctx, &src, NULL, &back));
  CX_EXPECT(cx_module_find_function(back, "f") != NULL);
  cx_module_destroy(back);
  cx_file_unmap(&src);
  free(bc);
  cx_module_destroy(m);
  cx_status_t missing = cx_file_map("/nonexistent/x.mlir", 0, &src);
  CX_EXPECT(missing && cx_status_code(missing) == CX_NOT_FOUND);
  cx_status_free(missing);
  unlink(path);
  cx_context_destroy(ctx);
}

int main(void) {
  CX_RUN(mapped_text_parses_like_text_in_memory);
  CX_RUN(errors_after_a_dropped_literal_are_located);
  CX_RUN(a_bad_digit_late_in_a_long_literal_is_located);
  CX_RUN(mapped_bytecode_pages_are_dropped_and_read_back);
  CX_RUN(bytecode_reader_gives_back_copied_pages_while_reading);
  CX_RUN(compile_gives_back_the_mapped_files_pages);
  CX_RUN(streams_and_empty_files_are_read);
  CX_TEST_EXIT();
}
