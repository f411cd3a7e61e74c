// Shardy's attribute encodings (openxla/shardy bytecode.td, dialect `sdy`):
// decoded into the attributes' assembly text, which the reader then parses
// as it parses MLIR's textual fallback (text/parse_sdy.c), so an artifact's
// shardings print, compare and re-serialize (as text, which MLIR's reader
// also takes) like any others. Nested attributes (mesh axes, axis
// references, dimension shardings) are entries of their own, referenced by
// index; their text here is the form they take inside their parents.
// Encodings cxla does not decode (unreduced axes with a reduction other
// than sum, codes added after 17) stay raw bytes (`#sdy.bytecode<"HEX">`).
#include <string.h>

#include "bytecode/bc_internal.h"
#include "support/strbuf.h"

enum {
  SDY_MANUAL_AXES = 0,
  SDY_MESH_AXIS = 1,
  SDY_MESH = 2,
  SDY_SUB_AXIS_INFO = 3,
  SDY_AXIS_REF = 4,
  SDY_DIM_SHARDING = 5,
  SDY_SHARDING_V1 = 6,
  SDY_PER_VALUE_V1 = 7,
  SDY_DIM_MAPPING = 8,
  SDY_TENSOR_MAPPING = 9,
  SDY_OP_SHARDING_RULE = 10,
  SDY_AXIS_REF_LIST = 11,
  SDY_LIST_OF_AXIS_REF_LISTS = 12,
  SDY_ALL_TO_ALL_PARAM = 13,
  SDY_ALL_TO_ALL_PARAM_LIST = 14,
  SDY_SHARDING_V2 = 15,
  SDY_PER_VALUE_V2 = 16,
};

typedef struct sdy_dec {
  bc_file_t* f;
  bc_cursor_t* c;
  cx_strbuf_t* o;
} sdy_dec_t;

// Text of a nested sdy entry (decoded as text by bc_sdy_decode), or of a
// builtin string.
static cx_status_t nested(sdy_dec_t* d, const bc_node_t* n, const char* what) {
  if (n->text && n->dialect_name && !strcmp(n->dialect_name, "sdy")) {
    cx_strbuf_append(d->o, n->str, n->len);
    return NULL;
  }
  return bc_error(d->c, "sdy %s is not an sdy attribute cxla decodes", what);
}

// Writes one entry of a list (`what` names it in errors).
typedef cx_status_t (*entry_fn)(sdy_dec_t* d, const bc_node_t* n, const char* what);

// Array<...> of attribute references, each written by `entry`, joined by ", ".
static cx_status_t ref_list_of(sdy_dec_t* d, entry_fn entry, const char* what) {
  uint64_t count;
  CX_RETURN_IF_ERROR(bc_read_count(d->c, 1, &count));
  for (uint64_t i = 0; i < count; i++) {
    if (i) cx_strbuf_puts(d->o, ", ");
    const bc_node_t* n;
    CX_RETURN_IF_ERROR(bc_read_attr_ref(d->f, d->c, &n));
    CX_RETURN_IF_ERROR(entry(d, n, what));
  }
  return NULL;
}

// Array<...> of nested entries.
static cx_status_t ref_list(sdy_dec_t* d, const char* what) {
  return ref_list_of(d, nested, what);
}

// A manual axis: a builtin string, quoted.
static cx_status_t manual_axis(sdy_dec_t* d, const bc_node_t* n, const char* what) {
  (void)what;
  if (n->text || n->opaque || n->dialect != BC_D_BUILTIN || n->code != BA_STRING)
    return bc_error(d->c, "sdy manual axis is not a string");
  cx_strbuf_putc(d->o, '"');
  cx_strbuf_escaped(d->o, n->str, n->len);
  cx_strbuf_putc(d->o, '"');
  return NULL;
}

// An entry of sharding_per_value: a full #sdy.sharding<...>, written in its
// stripped form.
static cx_status_t value_sharding(sdy_dec_t* d, const bc_node_t* n, const char* what) {
  (void)what;
  if (!n->text || !n->dialect_name || strcmp(n->dialect_name, "sdy") || n->len < 14 ||
      memcmp(n->str, "#sdy.sharding<", 14))
    return bc_error(d->c, "sdy sharding_per_value holds no sharding");
  cx_strbuf_append(d->o, n->str + 13, n->len - 13);
  return NULL;
}

// An item of list_of_axis_ref_lists (`what` "axis list": a full
// #sdy<axis_ref_list{..}>, written as {..}) or of all_to_all_param_list (an
// all_to_all_param, written whole).
static cx_status_t list_item(sdy_dec_t* d, const bc_node_t* n, const char* what) {
  bool lists = !strcmp(what, "axis list");
  const char* prefix = lists ? "#sdy<axis_ref_list" : "";
  size_t pl = strlen(prefix);
  if (!n->text || !n->dialect_name || strcmp(n->dialect_name, "sdy") || n->len < pl + 1 ||
      memcmp(n->str, prefix, pl))
    return bc_error(d->c, "sdy %s holds another attribute", what);
  cx_strbuf_append(d->o, n->str + pl, n->len - pl - (lists ? 1 : 0));
  return NULL;
}

static cx_status_t quoted_string(sdy_dec_t* d) {
  bc_str_t s;
  CX_RETURN_IF_ERROR(bc_file_string(d->f, d->c, &s));
  cx_strbuf_putc(d->o, '"');
  cx_strbuf_escaped(d->o, s.s, s.len);
  cx_strbuf_putc(d->o, '"');
  return NULL;
}

static cx_status_t svarint(sdy_dec_t* d, int64_t* out) {
  int64_t v;
  CX_RETURN_IF_ERROR(bc_read_svarint(d->c, &v));
  cx_strbuf_i64(d->o, v);
  if (out) *out = v;
  return NULL;
}

// <mesh-or-ref, [dims], replicated={..}, unreduced={..}> (the stripped form).
static cx_status_t sharding(sdy_dec_t* d, bool v2) {
  const bc_node_t* mesh;
  CX_RETURN_IF_ERROR(bc_read_attr_ref(d->f, d->c, &mesh));
  cx_strbuf_putc(d->o, '<');
  if (!mesh->text && !mesh->opaque && mesh->dialect == BC_D_BUILTIN &&
      mesh->code == BA_FLAT_SYMBOL_REF && mesh->nkids == 1 && mesh->kids[0]->code == BA_STRING &&
      mesh->kids[0]->dialect == BC_D_BUILTIN) {
    const bc_node_t* name = mesh->kids[0];
    cx_strbuf_putc(d->o, '@');
    bool bare = name->len > 0 && !(name->str[0] >= '0' && name->str[0] <= '9');
    for (size_t i = 0; i < name->len && bare; i++) {
      char ch = name->str[i];
      bare = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '_' || ch == '$' || ch == '.' || ch == '-';
    }
    if (bare) {
      cx_strbuf_append(d->o, name->str, name->len);
    } else {
      cx_strbuf_putc(d->o, '"');
      cx_strbuf_escaped(d->o, name->str, name->len);
      cx_strbuf_putc(d->o, '"');
    }
  } else if (mesh->text && mesh->dialect_name && !strcmp(mesh->dialect_name, "sdy") &&
             mesh->len > 9 && !memcmp(mesh->str, "#sdy.mesh<", 10)) {
    cx_strbuf_puts(d->o, "mesh");
    cx_strbuf_append(d->o, mesh->str + 9, mesh->len - 9);
  } else {
    return bc_error(d->c, "sdy sharding's mesh is neither a symbol nor a mesh");
  }
  cx_strbuf_puts(d->o, ", [");
  CX_RETURN_IF_ERROR(ref_list(d, "dimension sharding"));
  cx_strbuf_putc(d->o, ']');
  for (int k = 0; k < (v2 ? 2 : 1); k++) {
    cx_strbuf_t part;
    cx_strbuf_init_with(&part, d->o->allocator);
    sdy_dec_t pd = {d->f, d->c, &part};
    cx_status_t st = ref_list(&pd, "axis");
    if (!st && part.len) {
      cx_strbuf_puts(d->o, k ? ", unreduced={" : ", replicated={");
      cx_strbuf_append(d->o, part.data, part.len);
      cx_strbuf_putc(d->o, '}');
    }
    if (!st && part.failed) st = CX_OOM();
    cx_strbuf_free(&part);
    CX_RETURN_IF_ERROR(st);
  }
  cx_strbuf_putc(d->o, '>');
  return NULL;
}

// Bool parameters are one byte, 1 for true (JAX's exports: the closed
// dimension shardings and custom rules their printed text shows read 01).
static cx_status_t read_bool(sdy_dec_t* d, uint64_t* out) {
  const uint8_t* p;
  CX_RETURN_IF_ERROR(bc_read_bytes(d->c, 1, &p));
  *out = *p != 0;
  return NULL;
}

// A factor's symbol: i .. z, then z_1, z_2, ...
static void factor(cx_strbuf_t* o, int64_t f) {
  if (f >= 0 && f <= 'z' - 'i') cx_strbuf_putc(o, (char)('i' + f));
  else cx_strbuf_printf(o, "z_%lld", (long long)(f - ('z' - 'i')));
}

// SignedVarIntList: a count and that many signed varints.
static cx_status_t int_list(sdy_dec_t* d, int64_t** out, uint64_t* count) {
  CX_RETURN_IF_ERROR(bc_read_count(d->c, 1, count));
  *out = *count ? CX_ARENA_ARRAY(&d->f->arena, int64_t, *count) : NULL;
  if (*count && !*out) return CX_OOM();
  for (uint64_t i = 0; i < *count; i++) CX_RETURN_IF_ERROR(bc_read_svarint(d->c, &(*out)[i]));
  return NULL;
}

// ` name={i, j}` for a non-empty factor list.
static cx_status_t factors_with_type(sdy_dec_t* d, const char* name) {
  int64_t* v;
  uint64_t n;
  CX_RETURN_IF_ERROR(int_list(d, &v, &n));
  if (!n) return NULL;
  cx_strbuf_printf(d->o, " %s={", name);
  for (uint64_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(d->o, ", ");
    factor(d->o, v[i]);
  }
  cx_strbuf_putc(d->o, '}');
  return NULL;
}

static cx_status_t decode(sdy_dec_t* d, uint64_t code) {
  cx_strbuf_t* o = d->o;
  switch (code) {
    case SDY_MANUAL_AXES: {
      cx_strbuf_puts(o, "#sdy<manual_axes{");
      CX_RETURN_IF_ERROR(ref_list_of(d, manual_axis, "manual axis"));
      cx_strbuf_puts(o, "}>");
      return NULL;
    }
    case SDY_MESH_AXIS:  // "name"=size
      CX_RETURN_IF_ERROR(quoted_string(d));
      cx_strbuf_putc(o, '=');
      return svarint(d, NULL);
    case SDY_MESH: {  // #sdy.mesh<[axes], device_ids=[..]>
      cx_strbuf_puts(o, "#sdy.mesh<[");
      CX_RETURN_IF_ERROR(ref_list(d, "mesh axis"));
      cx_strbuf_putc(o, ']');
      uint64_t count;
      CX_RETURN_IF_ERROR(bc_read_count(d->c, 1, &count));
      if (count) {
        cx_strbuf_puts(o, ", device_ids=[");
        for (uint64_t i = 0; i < count; i++) {
          if (i) cx_strbuf_puts(o, ", ");
          CX_RETURN_IF_ERROR(svarint(d, NULL));
        }
        cx_strbuf_putc(o, ']');
      }
      cx_strbuf_putc(o, '>');
      return NULL;
    }
    case SDY_SUB_AXIS_INFO:  // (pre)size
      cx_strbuf_putc(o, '(');
      CX_RETURN_IF_ERROR(svarint(d, NULL));
      cx_strbuf_putc(o, ')');
      return svarint(d, NULL);
    case SDY_AXIS_REF: {  // "name"(:(pre)size)?
      CX_RETURN_IF_ERROR(quoted_string(d));
      uint64_t idx;
      bool present;
      CX_RETURN_IF_ERROR(bc_read_varint_flag(d->c, &idx, &present));
      if (!present) return NULL;
      const bc_node_t* n;
      CX_RETURN_IF_ERROR(bc_file_attr(d->f, idx, &n));
      cx_strbuf_putc(o, ':');
      return nested(d, n, "sub-axis");
    }
    case SDY_DIM_SHARDING: {  // {axes, ?}pN
      cx_strbuf_putc(o, '{');
      size_t mark = o->len;
      CX_RETURN_IF_ERROR(ref_list(d, "axis"));
      uint64_t closed, priority;
      bool has_priority;
      CX_RETURN_IF_ERROR(read_bool(d, &closed));
      CX_RETURN_IF_ERROR(bc_read_varint_flag(d->c, &priority, &has_priority));
      if (!closed) cx_strbuf_puts(o, o->len > mark ? ", ?" : "?");
      cx_strbuf_putc(o, '}');
      if (has_priority) cx_strbuf_printf(o, "p%llu", (unsigned long long)priority);
      return NULL;
    }
    case SDY_SHARDING_V1:
    case SDY_SHARDING_V2:
      cx_strbuf_puts(o, "#sdy.sharding");
      return sharding(d, code == SDY_SHARDING_V2);
    case SDY_PER_VALUE_V1:
    case SDY_PER_VALUE_V2: {
      cx_strbuf_puts(o, "#sdy.sharding_per_value<[");
      CX_RETURN_IF_ERROR(ref_list_of(d, value_sharding, "sharding"));
      cx_strbuf_puts(o, "]>");
      return NULL;
    }
    case SDY_DIM_MAPPING: {  // the factors, concatenated
      int64_t* v;
      uint64_t n;
      CX_RETURN_IF_ERROR(int_list(d, &v, &n));
      for (uint64_t i = 0; i < n; i++) factor(o, v[i]);
      return NULL;
    }
    case SDY_TENSOR_MAPPING:  // [dims]
      cx_strbuf_putc(o, '[');
      CX_RETURN_IF_ERROR(ref_list(d, "dimension mapping"));
      cx_strbuf_putc(o, ']');
      return NULL;
    case SDY_OP_SHARDING_RULE: {
      // <(operands)->(results) {i=n, ...} reduction={..} need_replication={..}
      //  permutation={..} blocked_propagation={..}, custom>
      int64_t* sizes;
      uint64_t nsizes;
      CX_RETURN_IF_ERROR(int_list(d, &sizes, &nsizes));
      cx_strbuf_puts(o, "#sdy.op_sharding_rule<(");
      CX_RETURN_IF_ERROR(ref_list(d, "tensor mapping"));
      cx_strbuf_puts(o, ")->(");
      CX_RETURN_IF_ERROR(ref_list(d, "tensor mapping"));
      cx_strbuf_putc(o, ')');
      if (nsizes) {
        cx_strbuf_puts(o, " {");
        for (uint64_t i = 0; i < nsizes; i++) {
          if (i) cx_strbuf_puts(o, ", ");
          factor(o, (int64_t)i);
          cx_strbuf_printf(o, "=%lld", (long long)sizes[i]);
        }
        cx_strbuf_putc(o, '}');
      }
      CX_RETURN_IF_ERROR(factors_with_type(d, "reduction"));
      CX_RETURN_IF_ERROR(factors_with_type(d, "need_replication"));
      CX_RETURN_IF_ERROR(factors_with_type(d, "permutation"));
      CX_RETURN_IF_ERROR(factors_with_type(d, "blocked_propagation"));
      uint64_t custom;
      CX_RETURN_IF_ERROR(read_bool(d, &custom));
      if (custom) cx_strbuf_puts(o, ", custom");
      cx_strbuf_putc(o, '>');
      return NULL;
    }
    case SDY_AXIS_REF_LIST:  // #sdy<axis_ref_list{axes}>
      cx_strbuf_puts(o, "#sdy<axis_ref_list{");
      CX_RETURN_IF_ERROR(ref_list(d, "axis"));
      cx_strbuf_puts(o, "}>");
      return NULL;
    case SDY_LIST_OF_AXIS_REF_LISTS:
    case SDY_ALL_TO_ALL_PARAM_LIST: {
      // #sdy<list_of_axis_ref_lists[{..}, ..]>, #sdy<all_to_all_param_list[..]>:
      // the items' stripped forms.
      bool lists = code == SDY_LIST_OF_AXIS_REF_LISTS;
      cx_strbuf_puts(o, lists ? "#sdy<list_of_axis_ref_lists[" : "#sdy<all_to_all_param_list[");
      CX_RETURN_IF_ERROR(ref_list_of(d, list_item, lists ? "axis list" : "all-to-all list"));
      cx_strbuf_puts(o, "]>");
      return NULL;
    }
    case SDY_ALL_TO_ALL_PARAM:  // {axes}: src->tgt
      cx_strbuf_putc(o, '{');
      CX_RETURN_IF_ERROR(ref_list(d, "axis"));
      cx_strbuf_puts(o, "}: ");
      CX_RETURN_IF_ERROR(svarint(d, NULL));
      cx_strbuf_puts(o, "->");
      return svarint(d, NULL);
    default:
      return bc_error(d->c, "sdy attribute code %llu", (unsigned long long)code);
  }
}

bool bc_sdy_decodes(uint64_t code) {
  return code <= SDY_SHARDING_V2 || code == SDY_PER_VALUE_V2;
}

cx_status_t bc_sdy_decode(bc_file_t* f, bc_cursor_t* c, const char** out, size_t* out_len) {
  uint64_t code;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &code));
  cx_strbuf_t o;
  cx_strbuf_init_with(&o, f->ctx->allocator);
  sdy_dec_t d = {f, c, &o};
  cx_status_t st = decode(&d, code);
  if (!st && o.failed) st = CX_OOM();
  if (!st) {
    char* s = cx_arena_strndup(&f->arena, o.data ? o.data : "", o.len);
    if (!s) st = CX_OOM();
    *out = s;
    *out_len = o.len;
  }
  cx_strbuf_free(&o);
  return st;
}
