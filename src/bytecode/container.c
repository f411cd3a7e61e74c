// The bytecode container: header, section directory, string table, dialects
// and op names, the attribute/type offset table, properties and resources.
// Everything is validated here against the file's bounds so that later
// stages index tables without further checks; counts are checked against
// the bytes left before anything is allocated for them.
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"

static const char* const kSectionNames[BC_NUM_SECTIONS] = {
    "string", "dialect", "attribute/type", "attribute/type offset", "IR", "resource",
    "resource offset", "dialect versions", "properties"};

bc_cursor_t bc_file_cursor(const bc_file_t* f, const uint8_t* p, size_t len, const char* section) {
  bc_cursor_t c = {f->data, p, p + len, section, f->filename};
  return c;
}

static bc_cursor_t sec_cursor(const bc_file_t* f, int id) {
  return bc_file_cursor(f, f->sec[id].p, f->sec[id].len, kSectionNames[id]);
}

cx_status_t bc_file_string(const bc_file_t* f, bc_cursor_t* c, bc_str_t* out) {
  uint64_t i;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &i));
  if (i >= f->nstrings) return bc_error(c, "string index %llu out of range", (unsigned long long)i);
  *out = f->strings[i];
  return NULL;
}

// ---- header and sections ----------------------------------------------------

static cx_status_t read_sections(bc_file_t* f, bc_cursor_t* c) {
  while (!bc_at_end(c)) {
    uint8_t id_byte;
    uint64_t len;
    CX_RETURN_IF_ERROR(bc_read_byte(c, &id_byte));
    CX_RETURN_IF_ERROR(bc_read_varint(c, &len));
    uint8_t id = id_byte & 0x7f;
    if (id >= BC_NUM_SECTIONS) return bc_error(c, "invalid section id %u", id);
    if (id_byte & 0x80) {
      uint64_t align;
      CX_RETURN_IF_ERROR(bc_read_varint(c, &align));
      CX_RETURN_IF_ERROR(bc_align(c, align));
    }
    c->section = kSectionNames[id];
    const uint8_t* p;
    CX_RETURN_IF_ERROR(bc_read_bytes(c, (size_t)len, &p));
    if (f->sec[id].present) return bc_error(c, "duplicate %s section", kSectionNames[id]);
    f->sec[id] = (bc_section_t){p, (size_t)len, true};
    c->section = "header";
  }
  static const int kRequired[] = {BC_SEC_STRING, BC_SEC_DIALECT, BC_SEC_ATTR_TYPE,
                                  BC_SEC_ATTR_TYPE_OFFSET, BC_SEC_IR};
  for (size_t i = 0; i < sizeof(kRequired) / sizeof(kRequired[0]); i++)
    if (!f->sec[kRequired[i]].present)
      return bc_error(c, "missing %s section", kSectionNames[kRequired[i]]);
  if (f->sec[BC_SEC_RESOURCE].present != f->sec[BC_SEC_RESOURCE_OFFSET].present)
    return bc_error(c, "resource and resource offset sections must come together");
  return NULL;
}

static cx_status_t read_strings(bc_file_t* f) {
  bc_cursor_t c = sec_cursor(f, BC_SEC_STRING);
  uint64_t n;
  CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &n));
  f->strings = cx_calloc(f->ctx->allocator, n ? n : 1, sizeof(bc_str_t));
  if (!f->strings) return CX_OOM();
  f->nstrings = (uint32_t)n;
  // Sizes come in reverse order; the data is packed at the end of the section.
  size_t end = f->sec[BC_SEC_STRING].len;
  for (uint64_t k = n; k-- > 0;) {
    uint64_t size;
    CX_RETURN_IF_ERROR(bc_read_varint(&c, &size));
    if (size == 0 || size > end) return bc_error(&c, "string size %llu exceeds the data",
                                                 (unsigned long long)size);
    size_t at = end - (size_t)size;
    const uint8_t* s = f->sec[BC_SEC_STRING].p + at;
    if (s[size - 1] != 0) return bc_error(&c, "string %llu is not NUL-terminated",
                                          (unsigned long long)k);
    f->strings[k] = (bc_str_t){(const char*)s, (size_t)size - 1};
    end = at;
  }
  if ((size_t)(c.p - f->sec[BC_SEC_STRING].p) != end)
    return bc_error(&c, "unexpected bytes between string sizes and string data");
  return NULL;
}

// ---- dialects and op names -----------------------------------------------------

static bc_dialect_kind_t dialect_kind(bc_str_t name) {
  if (name.len == 7 && !memcmp(name.s, "builtin", 7)) return BC_D_BUILTIN;
  if (name.len == 4 && !memcmp(name.s, "vhlo", 4)) return BC_D_VHLO;
  if (name.len == 4 && !memcmp(name.s, "chlo", 4)) return BC_D_CHLO;
  return BC_D_OTHER;
}

cx_status_t bc_intern_name(const bc_file_t* f, const char* s, size_t len, const char* what,
                           const char** out) {
  *out = NULL;
  const char* nul = memchr(s, 0, len);
  if (nul) {
    const uint8_t* at = (const uint8_t*)nul;
    cx_status_t st =
        at >= f->data && at < f->data + f->len
            ? CX_ERROR(CX_DATA_LOSS,
                       "malformed bytecode: %s '%.*s' contains a NUL byte (byte offset %zu)", what,
                       (int)(nul - s), s, (size_t)(at - f->data))
            : CX_ERROR(CX_DATA_LOSS, "malformed bytecode: %s '%.*s' contains a NUL byte", what,
                       (int)(nul - s), s);
    return cx_status_with_location(st, f->filename);
  }
  *out = cx_intern(f->ctx, s, len);
  return *out ? NULL : CX_OOM();
}

static cx_status_t resolve_opname(bc_file_t* f, bc_cursor_t* c, bc_opname_t* o) {
  const bc_dialect_entry_t* d = &f->dialects[o->dialect];
  // Both parts are strings of the file: a NUL byte is named where it is.
  const char* ignored;
  CX_RETURN_IF_ERROR(bc_intern_name(f, o->name.s, o->name.len, "op name", &ignored));
  size_t n = d->name.len + 1 + o->name.len;
  char small[256];
  char* full = n < sizeof(small) ? small : cx_alloc(f->ctx->allocator, n + 1);
  if (!full) return CX_OOM();
  memcpy(full, d->name.s, d->name.len);
  full[d->name.len] = '.';
  memcpy(full + d->name.len + 1, o->name.s, o->name.len);
  full[n] = 0;
  o->full = cx_intern(f->ctx, full, n);
  o->kind = CX_OP_UNKNOWN;
  if (d->kind == BC_D_VHLO) {
    o->vhlo = vhlo_op_lookup(o->name.s, o->name.len);
  } else if (d->kind != BC_D_OTHER || (d->name.len == 3 && !memcmp(d->name.s, "sdy", 3))) {
    // func, chlo, builtin, and Shardy's ops, which cxla models.
    o->kind = cx_op_kind_lookup(full, n);
  }
  if (full != small) cx_free(f->ctx->allocator, full);
  if (!o->full) return CX_OOM();
  (void)c;
  return NULL;
}

static cx_status_t read_dialects(bc_file_t* f) {
  bc_cursor_t c = sec_cursor(f, BC_SEC_DIALECT);
  uint64_t n;
  CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &n));
  f->dialects = cx_calloc(f->ctx->allocator, n ? n : 1, sizeof(*f->dialects));
  if (!f->dialects) return CX_OOM();
  f->ndialects = (uint32_t)n;
  for (uint64_t i = 0; i < n; i++) {
    bc_dialect_entry_t* d = &f->dialects[i];
    uint64_t idx;
    bool versioned = false;
    if (f->version >= BC_V_DIALECT_VERSIONING) {
      CX_RETURN_IF_ERROR(bc_read_varint_flag(&c, &idx, &versioned));
    } else {
      CX_RETURN_IF_ERROR(bc_read_varint(&c, &idx));
    }
    if (idx >= f->nstrings) return bc_error(&c, "dialect name index out of range");
    d->name = f->strings[idx];
    d->kind = dialect_kind(d->name);
    CX_RETURN_IF_ERROR(bc_intern_name(f, d->name.s, d->name.len, "dialect name", &d->interned));
    if (versioned) {
      // A nested dialect-version section; VHLO writes none, others are
      // skipped (cxla has no use for their versions).
      uint8_t id;
      uint64_t len;
      const uint8_t* p;
      CX_RETURN_IF_ERROR(bc_read_byte(&c, &id));
      CX_RETURN_IF_ERROR(bc_read_varint(&c, &len));
      if ((id & 0x7f) != BC_SEC_DIALECT_VERSIONS)
        return bc_error(&c, "expected a dialect version section");
      if (id & 0x80) {
        uint64_t align;
        CX_RETURN_IF_ERROR(bc_read_varint(&c, &align));
        CX_RETURN_IF_ERROR(bc_align(&c, align));
      }
      CX_RETURN_IF_ERROR(bc_read_bytes(&c, (size_t)len, &p));
    }
  }
  // Op names, grouped by dialect. From version 4 the total count comes first.
  uint64_t total = 0;
  bool counted = f->version >= BC_V_ELIDE_UNKNOWN_BLOCK_ARG_LOC;
  if (counted) CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &total));
  size_t cap = counted ? (size_t)total : 16;
  f->opnames = cx_calloc(f->ctx->allocator, cap ? cap : 1, sizeof(*f->opnames));
  if (!f->opnames) return CX_OOM();
  uint32_t count = 0;
  while (!bc_at_end(&c)) {
    uint64_t dialect, group;
    CX_RETURN_IF_ERROR(bc_read_varint(&c, &dialect));
    if (dialect >= f->ndialects) return bc_error(&c, "op name dialect index out of range");
    CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &group));
    for (uint64_t k = 0; k < group; k++) {
      if (count == cap) {
        if (counted) return bc_error(&c, "more op names than the declared %llu",
                                     (unsigned long long)total);
        bc_opname_t* grown = cx_realloc(f->ctx->allocator, f->opnames, cap * 2 * sizeof(*grown));
        if (!grown) return CX_OOM();
        f->opnames = grown;
        cap *= 2;
      }
      bc_opname_t* o = &f->opnames[count];
      memset(o, 0, sizeof(*o));
      uint64_t idx;
      bool registered;
      if (f->version >= BC_V_NATIVE_PROPERTIES) {
        CX_RETURN_IF_ERROR(bc_read_varint_flag(&c, &idx, &registered));
      } else {
        CX_RETURN_IF_ERROR(bc_read_varint(&c, &idx));
      }
      if (idx >= f->nstrings) return bc_error(&c, "op name index out of range");
      o->dialect = (uint32_t)dialect;
      o->name = f->strings[idx];
      CX_RETURN_IF_ERROR(resolve_opname(f, &c, o));
      count++;
    }
  }
  if (counted && count != total)
    return bc_error(&c, "%u op names, %llu declared", count, (unsigned long long)total);
  f->nopnames = count;
  return NULL;
}

// ---- attribute/type table --------------------------------------------------------

static cx_status_t read_attr_type_offsets(bc_file_t* f) {
  bc_cursor_t c = sec_cursor(f, BC_SEC_ATTR_TYPE_OFFSET);
  uint64_t na, nt;
  // Each entry needs at least one byte of offset data.
  CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &na));
  CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &nt));
  if (na + nt > (uint64_t)(c.end - c.p)) return bc_error(&c, "too many attributes and types");
  f->attrs = cx_calloc(f->ctx->allocator, na ? na : 1, sizeof(bc_entry_t));
  f->types = cx_calloc(f->ctx->allocator, nt ? nt : 1, sizeof(bc_entry_t));
  if (!f->attrs || !f->types) return CX_OOM();
  f->nattrs = (uint32_t)na;
  f->ntypes = (uint32_t)nt;
  const uint8_t* data = f->sec[BC_SEC_ATTR_TYPE].p;
  size_t data_len = f->sec[BC_SEC_ATTR_TYPE].len;
  size_t offset = 0;
  for (int pass = 0; pass < 2; pass++) {
    bc_entry_t* entries = pass ? f->types : f->attrs;
    uint64_t want = pass ? nt : na;
    uint64_t got = 0;
    while (got < want) {
      uint64_t dialect, group;
      CX_RETURN_IF_ERROR(bc_read_varint(&c, &dialect));
      if (dialect >= f->ndialects) return bc_error(&c, "attribute/type dialect out of range");
      CX_RETURN_IF_ERROR(bc_read_varint(&c, &group));
      if (group > want - got) return bc_error(&c, "attribute/type group too large");
      for (uint64_t k = 0; k < group; k++) {
        uint64_t size;
        bool custom;
        CX_RETURN_IF_ERROR(bc_read_varint_flag(&c, &size, &custom));
        if (size > data_len - offset) return bc_error(&c, "attribute/type entry past the data");
        bc_entry_t* e = &entries[got + k];
        e->data = data + offset;
        e->len = (size_t)size;
        e->offset = (size_t)(data + offset - f->data);
        e->dialect = (uint32_t)dialect;
        e->custom = custom;
        offset += (size_t)size;
      }
      got += group;
    }
  }
  if (!bc_at_end(&c)) return bc_error(&c, "trailing bytes after the offset table");
  return NULL;
}

// ---- properties ------------------------------------------------------------------

static cx_status_t read_properties(bc_file_t* f) {
  if (!f->sec[BC_SEC_PROPERTIES].present) {
    if (f->version >= BC_V_NATIVE_PROPERTIES) {
      bc_cursor_t c = bc_file_cursor(f, f->data, 0, "properties");
      return bc_error(&c, "missing properties section (required from bytecode version 5)");
    }
    return NULL;
  }
  bc_cursor_t c = sec_cursor(f, BC_SEC_PROPERTIES);
  uint64_t n;
  CX_RETURN_IF_ERROR(bc_read_count(&c, 1, &n));
  f->props = cx_calloc(f->ctx->allocator, n ? n : 1, sizeof(bc_str_t));
  if (!f->props) return CX_OOM();
  f->nprops = (uint32_t)n;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t size;
    const uint8_t* p;
    CX_RETURN_IF_ERROR(bc_read_varint(&c, &size));
    CX_RETURN_IF_ERROR(bc_read_bytes(&c, (size_t)size, &p));
    f->props[i] = (bc_str_t){(const char*)p, (size_t)size};
  }
  return NULL;
}

// ---- resources -------------------------------------------------------------------

static cx_status_t read_resources(bc_file_t* f) {
  if (!f->sec[BC_SEC_RESOURCE_OFFSET].present) return NULL;
  bc_cursor_t oc = sec_cursor(f, BC_SEC_RESOURCE_OFFSET);
  bc_cursor_t rc = sec_cursor(f, BC_SEC_RESOURCE);
  size_t cap = 0;
  uint64_t nexternal;
  CX_RETURN_IF_ERROR(bc_read_count(&oc, 1, &nexternal));
  for (uint64_t g = 0;; g++) {
    bool external = g < nexternal;
    if (!external && bc_at_end(&oc)) break;
    uint32_t dialect = 0;
    if (external) {
      bc_str_t key;
      CX_RETURN_IF_ERROR(bc_file_string(f, &oc, &key));
    } else {
      uint64_t d;
      CX_RETURN_IF_ERROR(bc_read_varint(&oc, &d));
      if (d >= f->ndialects) return bc_error(&oc, "resource dialect out of range");
      dialect = (uint32_t)d;
    }
    uint64_t n;
    CX_RETURN_IF_ERROR(bc_read_count(&oc, 3, &n));
    for (uint64_t i = 0; i < n; i++) {
      bc_resource_entry_t r;
      memset(&r, 0, sizeof(r));
      r.module_index = -1;
      uint64_t size;
      CX_RETURN_IF_ERROR(bc_file_string(f, &oc, &r.key));
      CX_RETURN_IF_ERROR(bc_read_varint(&oc, &size));
      CX_RETURN_IF_ERROR(bc_read_byte(&oc, &r.kind));
      const uint8_t* entry;
      CX_RETURN_IF_ERROR(bc_read_bytes(&rc, (size_t)size, &entry));
      if (external) continue;  // external resources (no provider in cxla) are skipped
      if (size > 0) {
        if (r.kind != 0) return bc_error(&rc, "resource '%.*s': only blob resources are supported",
                                         (int)r.key.len, r.key.s);
        bc_cursor_t ec = bc_file_cursor(f, entry, (size_t)size, "resource");
        uint64_t blob_size;
        CX_RETURN_IF_ERROR(bc_read_varint(&ec, &r.alignment));
        CX_RETURN_IF_ERROR(bc_read_varint(&ec, &blob_size));
        CX_RETURN_IF_ERROR(bc_align(&ec, r.alignment));
        CX_RETURN_IF_ERROR(bc_read_bytes(&ec, (size_t)blob_size, &r.data));
        if (!bc_at_end(&ec))
          return bc_error(&ec, "trailing bytes in resource '%.*s'", (int)r.key.len, r.key.s);
        r.len = (size_t)blob_size;
        r.has_data = true;
      }
      if (f->nresources == cap) {
        size_t ncap = cap ? cap * 2 : 8;
        bc_resource_entry_t* grown =
            cx_realloc(f->ctx->allocator, f->resources, ncap * sizeof(*grown));
        if (!grown) return CX_OOM();
        f->resources = grown;
        cap = ncap;
      }
      f->resources[f->nresources++] = r;
      (void)dialect;
    }
  }
  return NULL;
}

// ---- entry point -------------------------------------------------------------------

cx_status_t bc_file_open(bc_file_t* f, cx_context_t* ctx, const void* data, size_t len,
                         const char* filename) {
  memset(f, 0, sizeof(*f));
  f->data = data;
  f->len = len;
  f->filename = filename ? filename : "<input>";
  f->ctx = ctx;
  cx_arena_init(&f->arena, ctx->allocator);
  bc_cursor_t c = bc_file_cursor(f, f->data, len, "header");
  const uint8_t* magic;
  if (len < 4 || memcmp(data, "ML\xEFR", 4) != 0) return bc_error(&c, "not MLIR bytecode (bad magic)");
  CX_RETURN_IF_ERROR(bc_read_bytes(&c, 4, &magic));
  CX_RETURN_IF_ERROR(bc_read_varint(&c, &f->version));
  CX_RETURN_IF_ERROR(bc_read_cstr(&c, &f->producer, &f->producer_len));
  if (f->version > BC_V_MAX) {
    return bc_error(&c,
                    "bytecode version %llu is newer than the newest cxla reads (%d); the "
                    "artifact was produced by %.*s",
                    (unsigned long long)f->version, BC_V_MAX, (int)f->producer_len, f->producer);
  }
  CX_RETURN_IF_ERROR(read_sections(f, &c));
  CX_RETURN_IF_ERROR(read_strings(f));
  CX_RETURN_IF_ERROR(read_dialects(f));
  CX_RETURN_IF_ERROR(read_attr_type_offsets(f));
  CX_RETURN_IF_ERROR(read_properties(f));
  CX_RETURN_IF_ERROR(read_resources(f));
  return NULL;
}

void bc_file_close(bc_file_t* f) {
  if (!f->ctx) return;  // never opened
  cx_free(f->ctx->allocator, f->strings);
  cx_free(f->ctx->allocator, f->dialects);
  cx_free(f->ctx->allocator, f->opnames);
  cx_free(f->ctx->allocator, f->attrs);
  cx_free(f->ctx->allocator, f->types);
  cx_free(f->ctx->allocator, f->props);
  cx_free(f->ctx->allocator, f->resources);
  cx_arena_destroy(&f->arena);
  memset(f, 0, sizeof(*f));
}

cx_status_t cx_bc_artifact_info(const void* data, size_t len, cx_bc_artifact_info_t* out) {
  memset(out, 0, sizeof(*out));
  bc_cursor_t c = {data, data, (const uint8_t*)data + len, "header", "<input>"};
  const uint8_t* magic;
  if (len < 4 || memcmp(data, "ML\xEFR", 4) != 0) return bc_error(&c, "not MLIR bytecode (bad magic)");
  CX_RETURN_IF_ERROR(bc_read_bytes(&c, 4, &magic));
  uint64_t v;
  const char* producer;
  size_t plen;
  CX_RETURN_IF_ERROR(bc_read_varint(&c, &v));
  CX_RETURN_IF_ERROR(bc_read_cstr(&c, &producer, &plen));
  out->bytecode_version = (uint32_t)(v > UINT32_MAX ? UINT32_MAX : v);
  size_t n = plen < sizeof(out->producer) - 1 ? plen : sizeof(out->producer) - 1;
  memcpy(out->producer, producer, n);
  bc_version_t ver;
  if (bc_producer_version(producer, plen, &ver)) bc_version_format(ver, out->version, sizeof(out->version));
  return NULL;
}
