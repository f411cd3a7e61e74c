// Unit tests of the bytecode layer: varint encodings, versions, round trips
// of small programs through every bytecode version, version gating, and
// hostile inputs (cycles, deep nesting, oversized counts) that must give
// errors rather than crashes, hangs or huge allocations.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"
#include "ir/op_schema.h"
#include "cx_test.h"
#include "cxla/bytecode.h"

// ---- primitives ----------------------------------------------------------------------------

CX_TEST(varints_round_trip) {
  static const uint64_t kValues[] = {0, 1, 63, 64, 127, 128, 255, 16383, 16384, 1u << 20,
                                     (1ull << 35) - 1, 1ull << 49, (1ull << 56) - 1, 1ull << 56,
                                     UINT64_MAX};
  for (size_t i = 0; i < sizeof(kValues) / sizeof(kValues[0]); i++) {
    bc_buf_t b = {0};
    bc_buf_varint(&b, kValues[i]);
    CX_EXPECT_EQ_I64(b.len, bc_varint_size(kValues[i]));
    bc_cursor_t c = {b.data, b.data, b.data + b.len, "test", "t"};
    uint64_t v = 0;
    CX_EXPECT_OK(bc_read_varint(&c, &v));
    CX_EXPECT_EQ_U64(v, kValues[i]);
    CX_EXPECT(bc_at_end(&c));
    bc_buf_free(&b);
  }
  // MLIR's reference encodings: 1 -> 0x03, 128 -> 0x02 0x02.
  bc_buf_t b = {0};
  bc_buf_varint(&b, 1);
  bc_buf_varint(&b, 128);
  CX_EXPECT_EQ_I64(b.len, 3);
  CX_EXPECT_EQ_I64(b.data[0], 0x03);
  CX_EXPECT_EQ_I64(b.data[1], 0x02);
  CX_EXPECT_EQ_I64(b.data[2], 0x02);
  bc_buf_free(&b);
}

CX_TEST(signed_varints_zigzag) {
  static const int64_t kValues[] = {0, -1, 1, -64, 63, INT64_MIN, INT64_MAX, -123456789};
  for (size_t i = 0; i < sizeof(kValues) / sizeof(kValues[0]); i++) {
    bc_buf_t b = {0};
    bc_buf_svarint(&b, kValues[i]);
    bc_cursor_t c = {b.data, b.data, b.data + b.len, "test", "t"};
    int64_t v = 0;
    CX_EXPECT_OK(bc_read_svarint(&c, &v));
    CX_EXPECT_EQ_I64(v, kValues[i]);
    bc_buf_free(&b);
  }
}

CX_TEST(truncated_primitives_fail) {
  const uint8_t two_byte[] = {0x02};  // a 2-byte varint with its second byte missing
  bc_cursor_t c = {two_byte, two_byte, two_byte + 1, "test", "t"};
  uint64_t v;
  cx_status_t st = bc_read_varint(&c, &v);
  CX_EXPECT(st != NULL);
  CX_EXPECT(strstr(cx_status_message(st), "test section") != NULL);
  cx_status_free(st);
  const uint8_t nine[] = {0x00, 1, 2, 3};
  bc_cursor_t c2 = {nine, nine, nine + 4, "test", "t"};
  st = bc_read_varint(&c2, &v);
  CX_EXPECT(st != NULL);
  cx_status_free(st);
  const uint8_t big_count[] = {0x81, 0x00};  // count 64 with one byte left
  bc_cursor_t c3 = {big_count, big_count, big_count + 2, "test", "t"};
  st = bc_read_count(&c3, 1, &v);
  CX_EXPECT(st != NULL);
  cx_status_free(st);
}

CX_TEST(versions) {
  bc_version_t v;
  CX_EXPECT(bc_version_parse("1.20.0", 6, &v));
  CX_EXPECT_EQ_U64(v, BC_VERSION(1, 20, 0));
  CX_EXPECT(!bc_version_parse("1.2", 3, &v));
  CX_EXPECT(!bc_version_parse("1.2.3.4", 7, &v));
  CX_EXPECT(!bc_version_parse("a.b.c", 5, &v));
  CX_EXPECT(BC_VERSION(0, 9, 0) < BC_VERSION(0, 10, 0));
  CX_EXPECT_EQ_I64(bc_bytecode_version_for(BC_VERSION(0, 9, 0)), 0);
  CX_EXPECT_EQ_I64(bc_bytecode_version_for(BC_VERSION(0, 11, 0)), 1);
  CX_EXPECT_EQ_I64(bc_bytecode_version_for(BC_VERSION(0, 13, 0)), 3);
  CX_EXPECT_EQ_I64(bc_bytecode_version_for(BC_VERSION(0, 14, 0)), 4);
  CX_EXPECT_EQ_I64(bc_bytecode_version_for(BC_VERSION(1, 0, 0)), 6);
  CX_EXPECT(bc_producer_version("StableHLO_v1.3.0", 16, &v));
  CX_EXPECT_EQ_U64(v, BC_VERSION(1, 3, 0));
  CX_EXPECT(!bc_producer_version("MLIR19.0.0git", 13, &v));
}

// ---- round trips -------------------------------------------------------------------------

static const char kProgram[] =
    "func.func @main(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %i: tensor<2xi32>) -> "
    "(tensor<2x4xf32>, tensor<4x2xf32>) {\n"
    "  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0], precision = "
    "[DEFAULT, HIGHEST] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>\n"
    "  %1 = stablehlo.transpose %0, dims = [1, 0] : (tensor<2x4xf32>) -> tensor<4x2xf32>\n"
    "  %2 = stablehlo.constant dense<[[true, false], [false, true], [true, true], [false, "
    "false]]> : tensor<4x2xi1>\n"
    "  %3 = stablehlo.constant dense<1.5> : tensor<4x2xf32>\n"
    "  %4 = stablehlo.select %2, %1, %3 : tensor<4x2xi1>, tensor<4x2xf32>\n"
    "  %5 = stablehlo.compare GT, %i, %i, SIGNED : (tensor<2xi32>, tensor<2xi32>) -> "
    "tensor<2xi1>\n"
    "  %6 = \"stablehlo.reduce\"(%0, %3) ({\n"
    "  ^bb0(%x: tensor<f32>, %y: tensor<f32>):\n"
    "    %s = stablehlo.add %x, %y : tensor<f32>\n"
    "    stablehlo.return %s : tensor<f32>\n"
    "  }) {dimensions = array<i64: 1>} : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2xf32>\n"
    "  %7 = stablehlo.custom_call @foo(%4) {backend_config = \"cfg\", has_side_effect = true} : "
    "(tensor<4x2xf32>) -> tensor<4x2xf32>\n"
    "  %8 = stablehlo.constant dense<[-8, 7, 3]> : tensor<3xi4>\n"
    "  return %0, %7 : tensor<2x4xf32>, tensor<4x2xf32>\n"
    "}\n"
    "func.func private @callee(%x: tensor<f32> {jax.arg = \"x\"}) -> tensor<f32> {\n"
    "  return %x : tensor<f32>\n"
    "}\n";

static cx_module_t* parse(cx_context_t* ctx, const char* text) {
  cx_module_t* m = NULL;
  cx_status_t st = cx_module_parse_text(ctx, text, strlen(text), NULL, &m);
  CX_EXPECT_OK(st);
  return m;
}

CX_TEST(round_trip_every_bytecode_version) {
  static const char* const kTargets[] = {"0.9.0", "0.10.0", "0.12.0", "0.14.0", "0.15.0",
                                         "1.0.0", "1.5.0",  "1.10.0", "current"};
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = parse(ctx, kProgram);
  CX_EXPECT(m != NULL);
  for (size_t i = 0; m && i < sizeof(kTargets) / sizeof(kTargets[0]); i++) {
    cx_bc_write_options_t wo = {kTargets[i], false};
    uint8_t* bytes = NULL;
    size_t len = 0;
    cx_status_t st = cx_bc_write(m, &wo, &bytes, &len);
    CX_EXPECT_OK(st);
    if (!bytes) continue;
    cx_bc_artifact_info_t info;
    CX_EXPECT_OK(cx_bc_artifact_info(bytes, len, &info));
    if (strcmp(kTargets[i], "current")) CX_EXPECT_STREQ(info.version, kTargets[i]);
    cx_module_t* back = NULL;
    cx_bc_read_options_t ro = {"<mem>", false, false, false};
    CX_EXPECT_OK(cx_bc_read(ctx, bytes, len, &ro, &back));
    char why[256] = "";
    if (back && !cx_module_equal(m, back, why, sizeof(why)))
      CX_FAIL_("target %s: %s", kTargets[i], why);
    // Writing what was read gives the same bytes again.
    uint8_t* again = NULL;
    size_t again_len = 0;
    if (back) CX_EXPECT_OK(cx_bc_write(back, &wo, &again, &again_len));
    CX_EXPECT(again && again_len == len && !memcmp(again, bytes, len));
    free(again);
    cx_module_destroy(back);
    free(bytes);
  }
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

CX_TEST(version_gating) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = parse(ctx,
                         "func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
                         "  %0 = stablehlo.tan %x : tensor<4xf32>\n"
                         "  return %0 : tensor<4xf32>\n"
                         "}\n");
  cx_bc_write_options_t wo = {"1.3.0", false};
  uint8_t* bytes = NULL;
  size_t len;
  cx_status_t st = m ? cx_bc_write(m, &wo, &bytes, &len) : NULL;
  CX_EXPECT(st != NULL);
  if (st) {
    CX_EXPECT(strstr(cx_status_message(st), "stablehlo.tan") != NULL);
    CX_EXPECT(strstr(cx_status_message(st), "1.4.0") != NULL);
  }
  cx_status_free(st);
  wo.target = "1.4.0";
  if (m) CX_EXPECT_OK(cx_bc_write(m, &wo, &bytes, &len));
  free(bytes);
  cx_module_destroy(m);
  m = parse(ctx,
            "func.func @f(%x: tensor<4xf8E4M3>) -> tensor<4xf8E4M3> {\n"
            "  return %x : tensor<4xf8E4M3>\n"
            "}\n");
  wo.target = "1.6.0";
  bytes = NULL;
  st = m ? cx_bc_write(m, &wo, &bytes, &len) : NULL;
  CX_EXPECT(st != NULL && strstr(cx_status_message(st), "1.7.0") != NULL);
  cx_status_free(st);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

// ---- hostile inputs ----------------------------------------------------------------------

// A minimal artifact, assembled by hand around `n` VHLO attribute entries
// (concatenated in `attrs`, entry i `lens[i]` bytes long).
static size_t artifact(uint8_t* out, size_t cap, const uint8_t* attrs, const size_t* lens,
                       uint64_t n) {
  bc_buf_t b = {0};
  bc_buf_bytes(&b, "ML\xEFR", 4);
  bc_buf_varint(&b, 6);
  bc_buf_bytes(&b, "StableHLO_v1.0.0", 17);
  bc_buf_t d = {0};  // dialects: builtin, vhlo; no op names
  bc_buf_varint(&d, 2);
  bc_buf_varint_flag(&d, 0, false);
  bc_buf_varint_flag(&d, 1, false);
  bc_buf_varint(&d, 0);
  bc_buf_section(&b, BC_SEC_DIALECT, &d);
  bc_buf_t off = {0};
  bc_buf_varint(&off, n);
  bc_buf_varint(&off, 0);
  bc_buf_varint(&off, 1);  // vhlo
  bc_buf_varint(&off, n);
  size_t total = 0;
  for (uint64_t i = 0; i < n; i++) {
    bc_buf_varint_flag(&off, lens[i], true);
    total += lens[i];
  }
  bc_buf_section(&b, BC_SEC_ATTR_TYPE_OFFSET, &off);
  bc_buf_t at = {0};
  bc_buf_bytes(&at, attrs, total);
  bc_buf_section(&b, BC_SEC_ATTR_TYPE, &at);
  bc_buf_t ir = {0};
  bc_buf_varint_flag(&ir, 1, false);
  bc_buf_varint(&ir, 0);  // op name 0: out of range (no op names)
  bc_buf_section(&b, BC_SEC_IR, &ir);
  bc_buf_t s = {0};
  bc_buf_varint(&s, 2);
  bc_buf_varint(&s, 5);
  bc_buf_varint(&s, 8);
  bc_buf_bytes(&s, "builtin", 8);
  bc_buf_bytes(&s, "vhlo", 5);
  bc_buf_section(&b, BC_SEC_STRING, &s);
  bc_buf_t p = {0};
  bc_buf_varint(&p, 0);
  bc_buf_section(&b, BC_SEC_PROPERTIES, &p);
  size_t len = b.len <= cap ? b.len : 0;
  if (len) memcpy(out, b.data, len);
  bc_buf_free(&b);
  bc_buf_free(&d);
  bc_buf_free(&off);
  bc_buf_free(&at);
  bc_buf_free(&ir);
  bc_buf_free(&s);
  bc_buf_free(&p);
  return len;
}

static cx_status_t read_all_attrs(const uint8_t* data, size_t len) {
  cx_context_t* ctx;
  CX_RETURN_IF_ERROR(cx_context_create(cx_allocator_system(), &ctx));
  bc_file_t f;
  cx_status_t st = bc_file_open(&f, ctx, data, len, "hostile");
  for (uint32_t i = 0; !st && i < f.nattrs; i++) {
    const bc_node_t* n;
    st = bc_file_attr(&f, i, &n);
  }
  bc_file_close(&f);
  cx_context_destroy(ctx);
  return st;
}

CX_TEST(hostile_attribute_tables) {
  static uint8_t buf[8192];
  // An array attribute that contains itself: a cycle, not a stack overflow.
  const uint8_t self_array[] = {0x03, 0x03, 0x01};  // ARRAY, 1 element, attribute 0
  size_t one = sizeof(self_array);
  size_t len = artifact(buf, sizeof(buf), self_array, &one, 1);
  cx_status_t st = read_all_attrs(buf, len);
  CX_EXPECT(st && strstr(cx_status_message(st), "refers to itself"));
  cx_status_free(st);
  // An array claiming 2^40 elements: rejected before any allocation.
  const uint8_t huge[] = {0x03, 0x00, 0, 0, 0, 0, 0, 1, 0, 0};
  one = sizeof(huge);
  len = artifact(buf, sizeof(buf), huge, &one, 1);
  st = read_all_attrs(buf, len);
  CX_EXPECT(st != NULL);
  cx_status_free(st);
  // 600 arrays, each holding the next: nesting deeper than the reader allows.
  enum { kDepth = 600 };
  static uint8_t chain[kDepth * 4];
  static size_t lens[kDepth];
  size_t at = 0;
  for (int i = 0; i < kDepth; i++) {
    bc_buf_t e = {0};
    bc_buf_varint(&e, VA_ARRAY);
    if (i + 1 < kDepth) {
      bc_buf_varint(&e, 1);
      bc_buf_varint(&e, (uint64_t)i + 1);
    } else {
      bc_buf_varint(&e, 0);
    }
    memcpy(chain + at, e.data, e.len);
    lens[i] = e.len;
    at += e.len;
    bc_buf_free(&e);
  }
  len = artifact(buf, sizeof(buf), chain, lens, kDepth);
  CX_EXPECT(len > 0);
  st = read_all_attrs(buf, len);
  CX_EXPECT(st && strstr(cx_status_message(st), "nested too deeply"));
  cx_status_free(st);
  // The IR refers to an op name that does not exist.
  const uint8_t empty_array[] = {0x03, 0x01};
  one = sizeof(empty_array);
  len = artifact(buf, sizeof(buf), empty_array, &one, 1);
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = NULL;
  st = cx_bc_read(ctx, buf, len, NULL, &m);
  CX_EXPECT(st && strstr(cx_status_message(st), "op name index"));
  cx_status_free(st);
  // Not bytecode; a future bytecode version.
  st = cx_bc_read(ctx, "hello", 5, NULL, &m);
  CX_EXPECT(st != NULL);
  cx_status_free(st);
  buf[4] = 0x0f;  // version 7
  st = cx_bc_read(ctx, buf, len, NULL, &m);
  CX_EXPECT(st && strstr(cx_status_message(st), "bytecode version 7"));
  cx_status_free(st);
  cx_context_destroy(ctx);
}

// Tensor types are interned in the context and outlive the module whose
// parse or read created them; an encoding that is a dictionary or array must
// not keep pointers into that module (the fuzzer found such a dangling
// dictionary when a later module interned a type against it).
CX_TEST(tensor_encodings_outlive_their_module) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  const char* text =
      "func.func @main(%arg0: tensor<2xf32, {a = [1 : i32, dense<2> : tensor<2xi8>]}>) {\n"
      "  return\n"
      "}\n";
  for (int i = 0; i < 3; i++) {
    cx_module_t* m = NULL;
    CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
    // StableHLO allows no such encoding: the writer says so.
    cx_bc_write_options_t wo = {"current", false};
    uint8_t* bytes = NULL;
    size_t len = 0;
    cx_status_t st = cx_bc_write(m, &wo, &bytes, &len);
    CX_EXPECT(st != NULL);
    cx_status_free(st);
    free(bytes);
    cx_module_destroy(m);
  }
  cx_context_destroy(ctx);
}

// A NUL byte in a name read from the file is malformed input, named with its
// offset (it was reported as "out of memory": interning refuses such names).
static void expect_nul_name_error(const char* program, const char* name, const char* what) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = parse(ctx, program);
  uint8_t* bytes = NULL;
  size_t len = 0;
  cx_bc_write_options_t wo = {"current", false};
  if (m) CX_EXPECT_OK(cx_bc_write(m, &wo, &bytes, &len));
  cx_module_destroy(m);
  // The name is in the string table once; put a NUL in its middle.
  size_t n = strlen(name);
  uint8_t* at = NULL;
  for (size_t i = 0; bytes && i + n <= len && !at; i++)
    if (!memcmp(bytes + i, name, n)) at = bytes + i;
  CX_EXPECT(at != NULL);
  if (at) {
    at[2] = 0;
    cx_bc_read_options_t ro = {"nul.mlirbc", false, false, false};
    cx_module_t* back = NULL;
    cx_status_t st = cx_bc_read(ctx, bytes, len, &ro, &back);
    CX_EXPECT(st != NULL);
    if (st) {
      char want[128];
      snprintf(want, sizeof(want), "%s '%.2s' contains a NUL byte (byte offset %zu)", what, name,
               (size_t)(at - bytes) + 2);
      CX_EXPECT(strstr(cx_status_message(st), want) != NULL);
      CX_EXPECT(cx_status_code(st) == CX_DATA_LOSS);
      CX_EXPECT_STREQ(cx_status_location(st), "nul.mlirbc");
      cx_status_free(st);
    }
    cx_module_destroy(back);
  }
  free(bytes);
  cx_context_destroy(ctx);
}

CX_TEST(nul_in_names_is_malformed_input) {
  expect_nul_name_error(
      "func.func @main() attributes {discardable_name = 1 : i32} {\n  return\n}\n",
      "discardable_name", "attribute name");
  expect_nul_name_error(
      "func.func @main() attributes {d = {inner_key_name = 1 : i32}} {\n  return\n}\n",
      "inner_key_name", "dictionary key");
}

// Every VHLO attribute whose default comes from the op attribute schema
// (VD_SCHEMA) has a schema row with a value to write, in every op version.
CX_TEST(vhlo_defaults_come_from_the_schema) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  int checked = 0;
  for (int k = 0; k < CX_OP_COUNT; k++) {
    for (int minor = 9; minor <= 20 + 9; minor++) {
      bc_version_t v = minor < 20 ? BC_VERSION(0, minor, 0) : BC_VERSION(1, minor - 20, 0);
      const vhlo_op_def_t* d = vhlo_op_for_kind((cx_op_kind_t)k, v, NULL);
      if (!d) continue;
      for (uint32_t i = 0; i < vhlo_op_nattrs(d); i++) {
        const vhlo_attr_spec_t* s = &d->attrs[i];
        if (s->dflt != VD_SCHEMA) continue;
        const char* name = s->cx_name ? s->cx_name : s->name;
        const cx_op_attr_schema_t* r =
            cx_op_attr_schema(ctx, (cx_op_kind_t)k, cx_intern(ctx, name, strlen(name)));
        if (!r || r->dflt == CX_AD_NONE || r->dflt == CX_AD_ABSENT)
          CX_FAIL_("vhlo.%s.%s takes its default from the schema, which has none", d->mnemonic,
                   s->name);
        checked++;
      }
    }
  }
  CX_EXPECT(checked > 30);
  cx_context_destroy(ctx);
}

int main(void) {
  CX_RUN(varints_round_trip);
  CX_RUN(signed_varints_zigzag);
  CX_RUN(truncated_primitives_fail);
  CX_RUN(versions);
  CX_RUN(round_trip_every_bytecode_version);
  CX_RUN(version_gating);
  CX_RUN(hostile_attribute_tables);
  CX_RUN(tensor_encodings_outlive_their_module);
  CX_RUN(nul_in_names_is_malformed_input);
  CX_RUN(vhlo_defaults_come_from_the_schema);
  return CX_TEST_EXIT();
}
