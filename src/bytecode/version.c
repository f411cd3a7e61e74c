// StableHLO versions: parsing "X.Y.Z", producer strings, which MLIR bytecode
// version each StableHLO version writes, and the version note that errors on
// artifacts from other versions carry.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"

bool bc_version_parse(const char* s, size_t len, bc_version_t* out) {
  uint32_t parts[3] = {0, 0, 0};
  int part = 0;
  bool digit = false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      parts[part] = parts[part] * 10 + (uint32_t)(c - '0');
      if (parts[part] >= 1024) return false;
      digit = true;
    } else if (c == '.' && digit && part < 2) {
      part++;
      digit = false;
    } else {
      return false;
    }
  }
  if (part != 2 || !digit) return false;
  *out = BC_VERSION(parts[0], parts[1], parts[2]);
  return true;
}

const char* bc_version_format(bc_version_t v, char* buf, size_t size) {
  snprintf(buf, size, "%u.%u.%u", BC_VERSION_MAJOR(v), BC_VERSION_MINOR(v), BC_VERSION_PATCH(v));
  return buf;
}

int bc_bytecode_version_for(bc_version_t v) {
  // stablehlo/dialect/Version.cpp, Version::getBytecodeVersion.
  if (v < BC_VERSION(0, 9, 0)) return -1;
  if (v < BC_VERSION(0, 10, 0)) return 0;
  if (v < BC_VERSION(0, 12, 0)) return 1;
  if (v < BC_VERSION(0, 14, 0)) return 3;
  if (v < BC_VERSION(0, 15, 0)) return 4;  // revised from 5 to 4 in StableHLO #1827
  if (v <= BC_CURRENT_VERSION) return 6;
  return -1;
}

bool bc_producer_version(const char* producer, size_t len, bc_version_t* out) {
  static const char kPrefix[] = "StableHLO_v";
  size_t n = sizeof(kPrefix) - 1;
  if (len < n || memcmp(producer, kPrefix, n) != 0) return false;
  return bc_version_parse(producer + n, len - n, out);
}

const char* cx_bc_current_version(void) { return "1.20.0"; }
const char* cx_bc_minimum_version(void) { return "0.9.0"; }

cx_status_t bc_version_note(cx_status_t st, const char* producer, size_t producer_len,
                            uint64_t bytecode_version) {
  if (!st) return NULL;
  // Only artifacts from a different StableHLO get the note: for our own
  // version the plain error says everything.
  bc_version_t v;
  if (bc_producer_version(producer, producer_len, &v) && v <= BC_CURRENT_VERSION) return st;
  char buf[32];
  char* msg = NULL;
  const char* old = cx_status_message(st);
  size_t need = strlen(old) + producer_len + 160;
  msg = cx_alloc(cx_allocator_system(), need);  // a message: as statuses
  if (!msg) return st;
  snprintf(msg, need,
           "%s; in bytecode version %llu produced by: %.*s; failed to deserialize portable "
           "artifact using StableHLO_v%s",
           old, (unsigned long long)bytecode_version, (int)producer_len, producer,
           bc_version_format(BC_CURRENT_VERSION, buf, sizeof(buf)));
  cx_status_t out = CX_ERROR(cx_status_code(st), "%s", msg);
  if (cx_status_location(st)) out = cx_status_with_location(out, cx_status_location(st));
  cx_free_malloced(msg);
  cx_status_free(st);
  return out;
}
