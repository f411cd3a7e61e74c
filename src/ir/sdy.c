// Shardy attribute kinds: their canonical text's prefix and suffix.
#include "ir/sdy.h"

#include <string.h>

#include "ir/attrs.h"


static const struct {
  const char* prefix;
  const char* suffix;
} kText[CX_SDY_KIND_COUNT] = {
    [CX_SDY_MESH] = {"#sdy.mesh", ""},
    [CX_SDY_SHARDING] = {"#sdy.sharding", ""},
    [CX_SDY_SHARDING_PER_VALUE] = {"#sdy.sharding_per_value<", ">"},
    [CX_SDY_MANUAL_AXES] = {"#sdy<manual_axes", ">"},
    [CX_SDY_DIRECTION] = {"#sdy<propagation_direction ", ">"},
    [CX_SDY_AXIS_LISTS] = {"#sdy<list_of_axis_ref_lists", ">"},
    [CX_SDY_AXIS_LIST] = {"#sdy<axis_ref_list", ">"},
    [CX_SDY_ALL_TO_ALL_PARAMS] = {"#sdy<all_to_all_param_list", ">"},
};

const char* cx_sdy_prefix(cx_sdy_attr_kind_t kind) { return kText[kind].prefix; }
const char* cx_sdy_suffix(cx_sdy_attr_kind_t kind) { return kText[kind].suffix; }

bool cx_sdy_attr_stripped(const cx_attr_t* a, cx_sdy_attr_kind_t kind, const char** out,
                          size_t* out_len) {
  if (!a || a->kind != CX_ATTR_OPAQUE) return false;
  const char *s = a->str.data, *pre = kText[kind].prefix, *suf = kText[kind].suffix;
  size_t n = a->str.len, pl = strlen(pre), sl = strlen(suf);
  if (n < pl + sl + 1 || memcmp(s, pre, pl) != 0 || memcmp(s + n - sl, suf, sl) != 0) return false;
  // "#sdy.sharding" is also the start of "#sdy.sharding_per_value": the
  // stripped forms of the mesh and the sharding begin with '<'.
  if ((kind == CX_SDY_MESH || kind == CX_SDY_SHARDING) && s[pl] != '<') return false;
  if (out) *out = s + pl;
  if (out_len) *out_len = n - pl - sl;
  return true;
}

// The index after the group opened at s[i] ('<', '[', '{', '(') or the
// string starting there, skipping strings inside; n if unbalanced.
static size_t skip_group(const char* s, size_t n, size_t i) {
  if (s[i] == '"') {
    for (i++; i < n && s[i] != '"'; i++)
      if (s[i] == '\\') i++;
    return i < n ? i + 1 : n;
  }
  int depth = 0;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '"') {
      i = skip_group(s, n, i) - 1;
    } else if (c == '<' || c == '[' || c == '{' || c == '(') {
      depth++;
    } else if ((c == '>' && !(i && s[i - 1] == '-')) || c == ']' || c == '}' || c == ')') {
      if (--depth == 0) return i + 1;
    }
  }
  return n;
}

bool cx_sdy_per_value_item(const cx_attr_t* a, uint32_t i, const char** out, size_t* out_len) {
  const char* s;
  size_t n;
  if (!cx_sdy_attr_stripped(a, CX_SDY_SHARDING_PER_VALUE, &s, &n) || !n || s[0] != '[') return false;
  uint32_t k = 0;
  for (size_t at = 1; at < n; at++) {
    if (s[at] != '<') continue;
    size_t end = skip_group(s, n, at);
    if (k++ == i) {
      if (out) *out = s + at;
      if (out_len) *out_len = end - at;
      return true;
    }
    at = end - 1;
  }
  return false;
}

bool cx_sdy_per_value_count(const cx_attr_t* a, uint32_t* out_count) {
  if (!cx_sdy_attr_stripped(a, CX_SDY_SHARDING_PER_VALUE, NULL, NULL)) return false;
  uint32_t k = 0;
  while (cx_sdy_per_value_item(a, k, NULL, NULL)) k++;
  *out_count = k;
  return true;
}

uint32_t cx_sdy_sharding_rank(const char* s, size_t n) {
  // Past the mesh or reference: the first '[' outside a group.
  size_t i = 1;
  while (i < n && s[i] != '[') i = (s[i] == '<' || s[i] == '"') ? skip_group(s, n, i) : i + 1;
  uint32_t rank = 0;
  size_t end = i < n ? skip_group(s, n, i) : n;
  for (i++; i < end; i++)
    if (s[i] == '{') {
      rank++;
      i = skip_group(s, n, i) - 1;
    }
  return rank;
}

void cx_sdy_sharding_mesh_ref(const char* s, size_t n, const char** out_name, size_t* out_len) {
  *out_name = NULL;
  *out_len = 0;
  if (n < 2 || s[1] != '@') return;
  size_t end = s[2] == '"' ? skip_group(s, n, 2) : 2;
  while (end < n && s[end] != ',' && s[end] != '>') end++;
  *out_name = s + 2;
  *out_len = end - 2;
}

bool cx_sdy_is_pass_through(cx_op_kind_t kind) {
  switch (kind) {
    case CX_OP_SDY_SHARDING_CONSTRAINT:
    case CX_OP_SDY_RESHARD:
    case CX_OP_SDY_PROPAGATION_BARRIER:
    case CX_OP_SDY_ALL_GATHER:
    case CX_OP_SDY_ALL_SLICE:
    case CX_OP_SDY_ALL_REDUCE:
    case CX_OP_SDY_ALL_TO_ALL:
    case CX_OP_SDY_COLLECTIVE_PERMUTE: return true;
    default: return false;
  }
}

const cx_op_t* cx_sdy_find_mesh(const cx_module_t* module, const char* name, size_t len) {
  // A quoted reference (@"a b") names the mesh without its quotes.
  if (len >= 2 && name[0] == '"') {
    name++;
    len -= 2;
  }
  const char* sym = cx_name(module->ctx, CX_NAME_sym_name);
  for (const cx_op_t* m = cx_module_block(module)->first_op; m; m = m->next) {
    if (m->kind != CX_OP_SDY_MESH) continue;
    const cx_attr_t* n = cx_op_attr(m, sym);
    if (n && n->kind == CX_ATTR_STRING && n->str.len == len && !memcmp(n->str.data, name, len))
      return m;
  }
  return NULL;
}
