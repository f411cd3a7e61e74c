// Attribute and type nodes: hash-consing and constructors.
//
// A bc_node_t is one MLIR attribute or type in a dialect's bytecode shape.
// Layouts by (dialect, code) — `kids` are nested attributes/types, `ints`
// integer lists, `u` a scalar, `str`/`len` a string or blob:
//
//   VHLO attributes                         VHLO types
//   ARRAY          kids = elements          scalar codes   (no payload)
//   BOOL, enums    u = value                COMPLEX        kids[0] = element
//   DICT           kids = k0,v0,k1,v1,...   FUNCTION       kids = inputs+results,
//   FLOAT          kids[0]=type, u = bits                  u = number of inputs
//   INTEGER        kids[0]=type, u = bits   TENSOR(_ENC)   ints = shape, kids[0] =
//   OUTPUT_OPERAND ints = n,outs..,index,                  element, kids[1] = encoding
//    _ALIAS             m,operands..        TUPLE, FUTURE  kids = types
//   STRING         str                      QUANT          u = flags, kids = storage,
//   TENSOR         kids[0]=type, str = blob                expressed; ints = scale
//   TYPE           kids[0]                                 bits, zero point, min, max
//   TYPE_EXT.      ints = bounds            QUANT_PER_AXIS u = flags, kids as QUANT,
//   RESULT_ACC.    ints = atol, rtol bits,                 ints = axis, min, max, n,
//                  ulps; kids[0] = mode                    scales.., zero points..
//   SUB_AXIS_INFO  ints = pre_size, size    BUFFER         ints = shape, kids[0]
//   AXIS_REF       kids = name [, sub info] UNRANKED       kids[0] = element
//   MESH_AXES      kids = mesh, axes
//
//   Builtin attributes: ARRAY kids; DICT kids = name,value pairs; STRING str;
//   STRING_TYPED str, kids[0]; FLAT_SYMBOL_REF kids[0] (a string); SYMBOL_REF
//   kids = root, nested...; TYPE kids[0]; UNIT; INTEGER/FLOAT kids[0] = type,
//   u = bits; DENSE kids[0] = type, str = blob; DENSE_ARRAY kids[0] = element
//   type, u = count, str = blob; DENSE_RESOURCE kids[0] = type, u = resource
//   index; locations: FILE kids[0] = file name, ints = line, col; NAME kids =
//   name, child; CALLSITE kids = callee, caller; FUSED kids = locations,
//   FUSED_META kids = locations + metadata (u = number of locations).
//   Builtin types: INTEGER u = width << 2 | signedness; TENSOR(_ENC) as VHLO;
//   FUNCTION, TUPLE, COMPLEX as VHLO; scalar codes have no payload.
//
//   CHLO attributes: CMP_DIRECTION, CMP_TYPE u = value.
//   Text fallback (any dialect): text = 1, str = the assembly.
//   Other dialects' custom encodings: opaque = 1, str = the raw bytes.
#include <string.h>

#include "bytecode/bc_internal.h"

void bc_node_table_init(bc_node_table_t* t, cx_allocator_t allocator) {
  memset(t, 0, sizeof(*t));
  cx_arena_init(&t->arena, allocator);
  cx_hashset_init(&t->set, allocator);
}

void bc_node_table_free(bc_node_table_t* t) {
  cx_hashset_free(&t->set);
  cx_arena_destroy(&t->arena);
}

static uint64_t node_hash(const bc_node_t* n) {
  uint64_t h = 0x51ed27;
  h = cx_hash_mix(h, (uint64_t)n->is_type | (uint64_t)n->dialect << 8 | (uint64_t)n->text << 16 |
                         (uint64_t)n->opaque << 17 | (uint64_t)n->code << 24);
  h = cx_hash_mix(h, n->u);
  h = cx_hash_mix(h, (uint64_t)(uintptr_t)n->dialect_name);
  h = cx_hash_mix(h, n->nkids);
  for (uint32_t i = 0; i < n->nkids; i++) h = cx_hash_mix(h, (uint64_t)(uintptr_t)n->kids[i]);
  if (n->nints) h = cx_hash_mix(h, cx_hash_bytes(n->ints, n->nints * sizeof(int64_t), n->nints));
  if (n->len) h = cx_hash_mix(h, cx_hash_bytes(n->str, n->len, 7));
  return h;
}

static bool node_eq(const void* item, const void* key) {
  const bc_node_t* a = item;
  const bc_node_t* b = key;
  if (a->is_type != b->is_type || a->dialect != b->dialect || a->text != b->text ||
      a->opaque != b->opaque || a->code != b->code || a->u != b->u ||
      a->dialect_name != b->dialect_name || a->nkids != b->nkids || a->nints != b->nints ||
      a->len != b->len)
    return false;
  for (uint32_t i = 0; i < a->nkids; i++)
    if (a->kids[i] != b->kids[i]) return false;
  if (a->nints && memcmp(a->ints, b->ints, a->nints * sizeof(int64_t))) return false;
  if (a->len && memcmp(a->str, b->str, a->len)) return false;
  return true;
}

const bc_node_t* bc_node_intern(bc_node_table_t* t, const bc_node_t* proto) {
  if (t->failed) return NULL;
  for (uint32_t i = 0; i < proto->nkids; i++)
    if (!proto->kids[i]) return NULL;  // a failed child propagates
  uint64_t h = node_hash(proto);
  bc_node_t* found = cx_hashset_find(&t->set, h, node_eq, proto);
  if (found) return found;
  bc_node_t* n = CX_ARENA_NEW(&t->arena, bc_node_t);
  if (!n) goto oom;
  *n = *proto;
  n->hash = h;
  if (proto->nkids) {
    n->kids = cx_arena_memdup(&t->arena, proto->kids, proto->nkids * sizeof(*proto->kids), 8);
    if (!n->kids) goto oom;
  }
  if (proto->nints) {
    n->ints = cx_arena_memdup(&t->arena, proto->ints, proto->nints * sizeof(int64_t), 8);
    if (!n->ints) goto oom;
  }
  // Strings and blobs are not copied: they point into the module being
  // written or the table's arena, both of which outlive the table's use.
  if (!proto->len) n->str = "";
  if (!cx_hashset_insert(&t->set, h, n)) goto oom;
  return n;
oom:
  t->failed = true;
  return NULL;
}

const bc_node_t* bc_vtype(bc_node_table_t* t, int code) {
  bc_node_t n = {.is_type = 1, .dialect = BC_D_VHLO, .code = (uint16_t)code};
  return bc_node_intern(t, &n);
}

const bc_node_t* bc_vattr_u(bc_node_table_t* t, int code, uint64_t u) {
  bc_node_t n = {.dialect = BC_D_VHLO, .code = (uint16_t)code, .u = u};
  return bc_node_intern(t, &n);
}

const bc_node_t* bc_vattr_str(bc_node_table_t* t, const char* s, size_t len) {
  bc_node_t n = {.dialect = BC_D_VHLO, .code = VA_STRING, .str = s, .len = len};
  return bc_node_intern(t, &n);
}

const bc_node_t* bc_battr_str(bc_node_table_t* t, const char* s, size_t len) {
  bc_node_t n = {.dialect = BC_D_BUILTIN, .code = BA_STRING, .str = s, .len = len};
  return bc_node_intern(t, &n);
}

const bc_node_t* bc_node_kids(bc_node_table_t* t, bool is_type, int dialect, int code,
                              const bc_node_t* const* kids, uint32_t n) {
  bc_node_t p = {.is_type = is_type, .dialect = (uint8_t)dialect, .code = (uint16_t)code,
                 .nkids = n, .kids = kids};
  return bc_node_intern(t, &p);
}

bool bc_node_string(const bc_node_t* n, const char** s, size_t* len) {
  if (n->is_type || n->text || n->opaque) return false;
  if ((n->dialect == BC_D_BUILTIN && n->code == BA_STRING) ||
      (n->dialect == BC_D_VHLO && n->code == VA_STRING)) {
    *s = n->str;
    *len = n->len;
    return true;
  }
  return false;
}
