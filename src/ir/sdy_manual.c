// The device plan of sdy.manual_computation (sdy_manual.h), read from the
// canonical text the parser keeps for Shardy's attributes (ir/sdy.h):
//   mesh      <["a"=2, "b"=4], device_ids=[...]>   (ids only when not iota)
//   sharding  <@mesh, [{"a", "b":(1)2, ?}p1, {}], replicated={..}>  or
//             <mesh<[...]>, [...]>
//   manual    {"a", "b"}
// Axis names are compared as written (quotes and escapes included), which
// the parser keeps exactly.
#include "ir/sdy_manual.h"

#include <string.h>

#include "ir/print.h"
#include "ir/sdy.h"
#include "ir/text_cursor.h"
#include "ir/walk.h"

#define MAX_AXES 32

typedef cx_text_cursor_t cursor_t;

typedef struct axis {
  const char* name;  // with its quotes
  size_t len;
  int64_t size;
  bool sub;  // a sub-axis "a":(pre)size
} axis_t;

typedef struct mesh {
  uint32_t num_axes;
  axis_t axes[MAX_AXES];
  int64_t num_devices;
  int64_t* ids;  // device_ids, or NULL for iota
} mesh_t;

static bool eat(cursor_t* c, char ch) {
  char w[2] = {ch, 0};
  return cx_tc_eat(c, w);
}

// "..." (escapes skipped), quotes included in *out.
static bool quoted(cursor_t* c, const char** out, size_t* len) {
  cx_tc_spaces(c);
  if (c->i >= c->n || c->s[c->i] != '"') return false;
  size_t start = c->i++;
  while (c->i < c->n && c->s[c->i] != '"') c->i += c->s[c->i] == '\\' ? 2 : 1;
  if (c->i >= c->n) return false;
  c->i++;
  *out = c->s + start;
  *len = c->i - start;
  return true;
}

static cx_status_t malformed(const char* what, const cursor_t* c) {
  return CX_ERROR(CX_INVALID_ARGUMENT, "cannot read its %s at offset %zu of `%.*s`", what, c->i,
                  (int)c->n, c->s);
}

// axis-ref: "name" (:(pre)size)?
static bool axis_ref(cursor_t* c, axis_t* a) {
  memset(a, 0, sizeof *a);
  if (!quoted(c, &a->name, &a->len)) return false;
  if (eat(c, ':')) {
    int64_t pre;
    if (!eat(c, '(') || !cx_tc_integer(c, &pre) || !eat(c, ')') || !cx_tc_integer(c, &a->size)) return false;
    a->sub = true;
  }
  return true;
}

// {axis-ref, ...} with an optional last `?`, then an optional priority pN.
static bool axis_list(cursor_t* c, uint32_t* n, axis_t* axes) {
  *n = 0;
  if (!eat(c, '{')) return false;
  while (!eat(c, '}')) {
    if (*n && !eat(c, ',')) return false;
    if (eat(c, '?')) continue;
    if (*n == MAX_AXES || !axis_ref(c, &axes[*n])) return false;
    (*n)++;
  }
  cx_tc_spaces(c);
  if (c->i < c->n && c->s[c->i] == 'p') {
    int64_t prio;
    c->i++;
    if (!cx_tc_integer(c, &prio)) return false;
  }
  return true;
}

// The mesh body at the cursor: <["a"=2, ...] (, device_ids=[...])?>.
static cx_status_t read_mesh(cursor_t* c, cx_allocator_t al, mesh_t* m) {
  memset(m, 0, sizeof *m);
  if (!eat(c, '<') || !eat(c, '[')) return malformed("mesh", c);
  m->num_devices = 1;
  while (!eat(c, ']')) {
    if (m->num_axes && !eat(c, ',')) return malformed("mesh", c);
    if (m->num_axes == MAX_AXES)
      return CX_ERROR(CX_UNIMPLEMENTED, "has a mesh of more than %d axes", MAX_AXES);
    axis_t* a = &m->axes[m->num_axes++];
    if (!quoted(c, &a->name, &a->len) || !eat(c, '=') || !cx_tc_integer(c, &a->size) || a->size < 1)
      return malformed("mesh", c);
    if (a->size > CX_SDY_MANUAL_MAX_DEVICES || m->num_devices * a->size > CX_SDY_MANUAL_MAX_DEVICES)
      m->num_devices = CX_SDY_MANUAL_MAX_DEVICES + 1;  // too many: refused by the caller
    else
      m->num_devices *= a->size;
  }
  if (eat(c, ',')) {
    if (!cx_tc_eat(c, "device_ids") || !eat(c, '=') || !eat(c, '[')) return malformed("mesh", c);
    if (m->num_devices > CX_SDY_MANUAL_MAX_DEVICES) return NULL;
    m->ids = cx_alloc_array(al, (size_t)m->num_devices, sizeof(int64_t));
    if (!m->ids) return CX_OOM();
    int64_t k = 0;
    while (!eat(c, ']')) {
      int64_t id;
      if ((k && !eat(c, ',')) || !cx_tc_integer(c, &id)) return malformed("mesh's device_ids", c);
      if (k < m->num_devices) m->ids[k] = id;
      k++;
    }
    if (k != m->num_devices)
      return CX_ERROR(CX_INVALID_ARGUMENT, "has a mesh of %lld devices with %lld device_ids",
                      (long long)m->num_devices, (long long)k);
  }
  return NULL;
}

static const axis_t* mesh_axis(const mesh_t* m, const char* name, size_t len) {
  for (uint32_t a = 0; a < m->num_axes; a++)
    if (m->axes[a].len == len && !memcmp(m->axes[a].name, name, len)) return &m->axes[a];
  return NULL;
}

// A sharding's mesh as written: "@name" or "mesh<...>" (the text before its
// first top-level comma).
static void mesh_key(const char* s, size_t n, const char** key, size_t* len) {
  size_t i = 1, depth = 0;
  bool in_string = false;
  for (; i < n; i++) {
    char ch = s[i];
    if (in_string) {
      if (ch == '\\') i++;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '<' || ch == '[') {
      depth++;
    } else if (ch == '>' || ch == ']') {
      depth--;
    } else if (ch == ',' && depth == 0) {
      break;
    }
  }
  *key = s + 1;
  *len = i - 1;
}

// The mesh a key names: the module's sdy.mesh of that name, or inline.
static cx_status_t resolve_mesh(const cx_module_t* module, const char* key, size_t len,
                                cx_allocator_t al, mesh_t* out) {
  cursor_t c = {key, len, 0};
  if (cx_tc_eat(&c, "mesh")) return read_mesh(&c, al, out);
  if (!len || key[0] != '@') return CX_ERROR(CX_INVALID_ARGUMENT, "cannot read a sharding's mesh");
  const cx_op_t* op = cx_sdy_find_mesh(module, key + 1, len - 1);
  const char* text;
  size_t tl;
  if (op && cx_sdy_attr_stripped(cx_op_attr(op, cx_name(module->ctx, CX_NAME_mesh)), CX_SDY_MESH,
                                 &text, &tl)) {
    cursor_t mc = {text, tl, 0};
    return read_mesh(&mc, al, out);
  }
  return CX_ERROR(CX_INVALID_ARGUMENT, "refers to an unknown mesh %.*s", (int)len, key);
}

// The i-th sharding of the op's values (operands, then results).
static bool value_sharding(const cx_module_t* module, const cx_op_t* op, uint32_t v,
                           const char** s, size_t* n) {
  bool result = v >= op->num_operands;
  const cx_attr_t* a = cx_op_attr(
      op, cx_name(module->ctx, result ? CX_NAME_out_shardings : CX_NAME_in_shardings));
  return cx_sdy_per_value_item(a, result ? v - op->num_operands : v, s, n);
}

typedef struct frame {
  mesh_t mesh;
  uint32_t num_manual;
  axis_t manual[MAX_AXES];
  int64_t manual_devices;  // product of the manual axes' sizes
} frame_t;

// The mesh and manual axes of `op`; manual_devices 1 when nothing splits.
static cx_status_t read_frame(const cx_module_t* module, const cx_op_t* op, cx_allocator_t al,
                              frame_t* f) {
  memset(f, 0, sizeof *f);
  f->manual_devices = 1;
  const char* text;
  size_t len;
  if (!cx_sdy_attr_stripped(cx_op_attr(op, cx_name(module->ctx, CX_NAME_manual_axes)),
                            CX_SDY_MANUAL_AXES, &text, &len))
    return CX_ERROR(CX_INVALID_ARGUMENT, "has no manual_axes");
  cursor_t c = {text, len, 0};
  if (!axis_list(&c, &f->num_manual, f->manual)) return malformed("manual_axes", &c);
  uint32_t num_values = op->num_operands + op->num_results;
  if (!f->num_manual || !num_values) return NULL;
  const char *key0 = NULL, *other = NULL, *s;
  size_t key0_len = 0, other_len = 0, n;
  for (uint32_t v = 0; v < num_values; v++) {
    if (!value_sharding(module, op, v, &s, &n))
      return CX_ERROR(CX_INVALID_ARGUMENT, "has no sharding for its %s #%u",
                      v < op->num_operands ? "operand" : "result",
                      v < op->num_operands ? v : v - op->num_operands);
    const char* key;
    size_t kl;
    mesh_key(s, n, &key, &kl);
    if (!key0) key0 = key, key0_len = kl;
    else if (!other && (kl != key0_len || memcmp(key, key0, kl))) other = key, other_len = kl;
  }
  CX_RETURN_IF_ERROR(resolve_mesh(module, key0, key0_len, al, &f->mesh));
  if (other) {
    // Shardings over different meshes are whole values as long as every
    // manual axis has size 1 wherever it is an axis (one device each).
    mesh_t m2 = {0};
    cx_status_t st = resolve_mesh(module, other, other_len, al, &m2);
    for (int k = 0; k < 2 && !st; k++) {
      const mesh_t* m = k ? &m2 : &f->mesh;
      for (uint32_t a = 0; a < f->num_manual && !st; a++) {
        const axis_t* ax = mesh_axis(m, f->manual[a].name, f->manual[a].len);
        if (ax && ax->size > 1)
          st = CX_ERROR(CX_UNIMPLEMENTED,
                        "has shardings over different meshes (%.*s and %.*s), and manual axis "
                        "%.*s splits values over %lld devices",
                        (int)key0_len, key0, (int)other_len, other, (int)ax->len, ax->name,
                        (long long)ax->size);
      }
    }
    cx_free(al, m2.ids);
    return st;
  }
  for (uint32_t k = 0; k < f->num_manual; k++) {
    const axis_t* a = mesh_axis(&f->mesh, f->manual[k].name, f->manual[k].len);
    if (!a || f->manual[k].sub)
      return CX_ERROR(CX_INVALID_ARGUMENT, "has manual axis %.*s, which is no axis of its mesh",
                      (int)f->manual[k].len, f->manual[k].name);
    f->manual[k].size = a->size;
    f->manual_devices *= a->size;  // <= the mesh's devices, or it is refused below
    if (f->manual_devices > CX_SDY_MANUAL_MAX_DEVICES) break;
  }
  if (f->manual_devices > 1 && f->mesh.num_devices > CX_SDY_MANUAL_MAX_DEVICES)
    return CX_ERROR(CX_UNIMPLEMENTED, "runs on a mesh of more than %d devices",
                    CX_SDY_MANUAL_MAX_DEVICES);
  return NULL;
}

static bool is_manual(const frame_t* f, const axis_t* a) {
  for (uint32_t k = 0; k < f->num_manual; k++)
    if (f->manual[k].len == a->len && !memcmp(f->manual[k].name, a->name, a->len)) return true;
  return false;
}

typedef struct nested_walk {
  const cx_module_t* module;
  const cx_op_t* outer;
  cx_allocator_t al;
  cx_status_t status;
} nested_walk_t;

static cx_walk_result_t find_nested(cx_op_t* op, void* arg) {
  nested_walk_t* w = arg;
  if (op == w->outer || op->kind != CX_OP_SDY_MANUAL_COMPUTATION) return CX_WALK_ADVANCE;
  frame_t f;
  cx_status_t s = read_frame(w->module, op, w->al, &f);
  cx_free(w->al, f.mesh.ids);
  if (!s && f.manual_devices > 1) {
    char loc[256];
    cx_loc_format(op->loc, loc, sizeof loc);
    s = CX_ERROR(CX_UNIMPLEMENTED,
                 "holds another manual computation over several devices (at %s): nested "
                 "manual computations are not supported",
                 loc);
  }
  if (!s) return CX_WALK_ADVANCE;
  w->status = s;
  return CX_WALK_INTERRUPT;
}

void cx_sdy_manual_free(cx_sdy_manual_t* p) {
  if (!p) return;
  cx_free(p->allocator, p->starts);
  cx_free(p->allocator, p->gives);
  cx_free(p->allocator, p->rep);
  p->starts = NULL;
  p->gives = NULL;
  p->rep = NULL;
}

// ---- whether the body depends on the device ------------------------------------------

typedef struct grid_walk {
  const cx_module_t* module;
  const cx_op_t* seen[32];  // functions being looked at (calls)
  uint32_t depth;
  bool found;
} grid_walk_t;

static bool function_uses_grid(grid_walk_t* w, const cx_op_t* func);

static cx_walk_result_t find_grid_op(cx_op_t* op, void* arg) {
  grid_walk_t* w = arg;
  if (cx_op_info(op->kind)->family == CX_FAMILY_COLLECTIVE ||
      op->kind == CX_OP_INTERPRETER_RUN_PARALLEL || op->kind == CX_OP_SDY_MANUAL_COMPUTATION)
    w->found = true;
  if (op->kind == CX_OP_FUNC_CALL) {
    const cx_attr_t* callee = cx_op_attr(op, cx_name(w->module->ctx, CX_NAME_callee));
    const cx_op_t* f = callee && callee->kind == CX_ATTR_SYMBOL_REF
                           ? cx_module_lookup_func(w->module, callee->str.data)
                           : NULL;
    if (!f || function_uses_grid(w, f)) w->found = true;
  }
  return w->found ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

static bool function_uses_grid(grid_walk_t* w, const cx_op_t* func) {
  for (uint32_t i = 0; i < w->depth; i++)
    if (w->seen[i] == func) return false;  // recursion: looked at already
  if (w->depth == sizeof w->seen / sizeof w->seen[0]) return true;  // too deep: assume so
  w->seen[w->depth++] = func;
  cx_walk_op((cx_op_t*)func, CX_WALK_PRE_ORDER, find_grid_op, w);
  w->depth--;
  return w->found;
}

static bool body_uses_grid(const cx_module_t* module, const cx_op_t* op) {
  grid_walk_t w = {.module = module};
  cx_walk_region((cx_region_t*)&op->regions[0], CX_WALK_PRE_ORDER, find_grid_op, &w);
  return w.found;
}

// The static ranked tensor types of value v outside (global) and inside
// (local) the body.
static cx_status_t value_types(const cx_op_t* op, uint32_t v, const cx_type_t** global,
                               const cx_type_t** local) {
  const cx_block_t* b = op->regions[0].first_block;
  bool result = v >= op->num_operands;
  uint32_t i = result ? v - op->num_operands : v;
  *global = result ? op->results[i].type : op->operands[i].value->type;
  *local = result ? b->last_op->operands[i].value->type : b->args[i]->type;
  for (int k = 0; k < 2; k++) {
    const cx_type_t* t = k ? *local : *global;
    if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
      return CX_ERROR(CX_UNIMPLEMENTED,
                      "has %s #%u of a dynamic or unranked type: the devices' shards need "
                      "static shapes",
                      result ? "result" : "operand", i);
  }
  return NULL;
}

// Value v's shards: starts[device][d] and, for a result, which device
// gives each block.
static cx_status_t plan_value(const cx_module_t* module, const cx_op_t* op, const frame_t* f,
                              uint32_t v, cx_sdy_manual_t* p, bool* splits_operand) {
  const cx_type_t *global, *local;
  CX_RETURN_IF_ERROR(value_types(op, v, &global, &local));
  bool result = v >= op->num_operands;
  uint32_t which = result ? v - op->num_operands : v;
  const char* what = result ? "result" : "operand";
  const char* s;
  size_t n;
  (void)value_sharding(module, op, v, &s, &n);  // present (read_frame)
  const char* key;
  size_t key_len;
  mesh_key(s, n, &key, &key_len);
  cursor_t c = {s, n, 1 + key_len};  // past '<' and the mesh
  if (!eat(&c, ',') || !eat(&c, '[')) return malformed("sharding", &c);
  uint32_t rank = global->tensor.rank;
  // Per dimension: the manual axes that split it, first major.
  uint32_t num_split[CX_MAX_RANK] = {0};
  int64_t split_axis[CX_MAX_RANK][MAX_AXES];  // indices into the mesh's axes
  int64_t count[CX_MAX_RANK];
  bool used[MAX_AXES] = {false};  // each manual axis splits at most one dimension, once
  for (uint32_t d = 0; d < rank; d++) {
    if (d && !eat(&c, ',')) return malformed("sharding", &c);
    uint32_t na;
    axis_t axes[MAX_AXES];
    if (!axis_list(&c, &na, axes)) return malformed("sharding", &c);
    count[d] = 1;
    bool free_seen = false;
    for (uint32_t k = 0; k < na; k++) {
      if (!is_manual(f, &axes[k])) {
        free_seen = true;
        continue;
      }
      if (free_seen || axes[k].sub)
        return CX_ERROR(CX_UNIMPLEMENTED,
                        "splits dimension %u of its %s #%u by manual axis %.*s %s", d, what,
                        which, (int)axes[k].len, axes[k].name,
                        axes[k].sub ? "as a sub-axis" : "after a free axis");
      const axis_t* ma = mesh_axis(&f->mesh, axes[k].name, axes[k].len);
      if (used[ma - f->mesh.axes])
        return CX_ERROR(CX_INVALID_ARGUMENT, "splits its %s #%u by manual axis %.*s twice", what,
                        which, (int)axes[k].len, axes[k].name);
      used[ma - f->mesh.axes] = true;
      if (!result) splits_operand[ma - f->mesh.axes] = true;
      split_axis[d][num_split[d]++] = ma - f->mesh.axes;
      count[d] *= ma->size;
    }
    if (global->tensor.dims[d] != local->tensor.dims[d] * count[d]) {
      char* g = cx_type_to_string(global);
      char* l = cx_type_to_string(local);
      cx_status_t e = CX_ERROR(CX_INVALID_ARGUMENT,
                               "has %s #%u of type %s split %lld ways along dimension %u, but the "
                               "body's type is %s",
                               what, which, g ? g : "?", (long long)count[d], d, l ? l : "?");
      cx_free_malloced(g);
      cx_free_malloced(l);
      return e;
    }
  }
  if (!eat(&c, ']')) return malformed("sharding", &c);
  // The blocks of a result, numbered row-major; seen[] marks those given.
  int64_t num_blocks = 1;
  for (uint32_t d = 0; d < rank; d++) num_blocks *= count[d];  // <= the mesh's devices
  bool* seen = NULL;
  int64_t* block_of = NULL;
  if (result) {
    seen = cx_calloc(p->allocator, (size_t)num_blocks, sizeof(bool));
    block_of = cx_calloc(p->allocator, (size_t)p->num_devices, sizeof(int64_t));
    if (!seen || !block_of) {
      cx_free(p->allocator, seen);
      cx_free(p->allocator, block_of);
      return CX_OOM();
    }
  }
  const mesh_t* m = &f->mesh;
  for (int64_t pos = 0; pos < p->num_devices; pos++) {
    int64_t coord[MAX_AXES];
    int64_t rest = pos;
    for (uint32_t a = m->num_axes; a-- > 0;) {
      coord[a] = rest % m->axes[a].size;
      rest /= m->axes[a].size;
    }
    int64_t id = m->ids ? m->ids[pos] : pos;
    int64_t* start = p->starts + ((size_t)v * (size_t)p->num_devices + (size_t)id) * CX_MAX_RANK;
    int64_t block = 0;
    for (uint32_t d = 0; d < rank; d++) {
      int64_t idx = 0;
      for (uint32_t k = 0; k < num_split[d]; k++) {
        int64_t a = split_axis[d][k];
        idx = idx * m->axes[a].size + coord[a];
      }
      start[d] = idx * local->tensor.dims[d];
      block = block * count[d] + idx;
    }
    if (result) block_of[id] = block;
  }
  if (result) {
    for (int64_t id = 0; id < p->num_devices; id++) {
      bool* g = &p->gives[(size_t)which * (size_t)p->num_devices + (size_t)id];
      *g = !seen[block_of[id]];
      seen[block_of[id]] = true;
    }
    cx_free(p->allocator, seen);
    cx_free(p->allocator, block_of);
  }
  return NULL;
}

cx_status_t cx_sdy_manual_plan(const cx_module_t* module, const cx_op_t* op,
                               cx_allocator_t allocator, cx_sdy_manual_t* out) {
  memset(out, 0, sizeof *out);
  out->allocator = allocator;
  out->num_devices = 1;
  out->num_operands = op->num_operands;
  out->num_results = op->num_results;
  frame_t f;
  cx_status_t s = read_frame(module, op, allocator, &f);
  if (s || f.manual_devices <= 1) {
    cx_free(allocator, f.mesh.ids);
    return s;
  }
  const mesh_t* m = &f.mesh;
  // Device ids: a permutation of 0..N-1 (they are partition ids).
  if (m->ids) {
    bool* used = cx_calloc(allocator, (size_t)m->num_devices, sizeof(bool));
    if (!used) s = CX_OOM();
    for (int64_t i = 0; i < m->num_devices && !s; i++) {
      int64_t id = m->ids[i];
      if (id < 0 || id >= m->num_devices || used[id])
        s = CX_ERROR(CX_INVALID_ARGUMENT,
                     "has a mesh whose device_ids are not a permutation of 0..%lld",
                     (long long)m->num_devices - 1);
      else
        used[id] = true;
    }
    cx_free(allocator, used);
  }
  if (!s) {
    nested_walk_t w = {module, op, allocator, NULL};
    cx_walk_op((cx_op_t*)op, CX_WALK_PRE_ORDER, find_nested, &w);
    s = w.status;
  }
  uint32_t num_values = op->num_operands + op->num_results;
  if (!s) {
    out->num_devices = m->num_devices;
    out->starts = cx_calloc(allocator, (size_t)num_values * (size_t)m->num_devices * CX_MAX_RANK,
                            sizeof(int64_t));
    out->gives = cx_calloc(allocator, (size_t)(op->num_results ? op->num_results : 1) *
                                          (size_t)m->num_devices,
                           sizeof(bool));
    if (!out->starts || !out->gives) s = CX_OOM();
  }
  bool splits_operand[MAX_AXES] = {false};
  for (uint32_t v = 0; v < num_values && !s; v++)
    s = plan_value(module, op, &f, v, out, splits_operand);
  // Representatives: the same coordinates on the axes that split operands,
  // 0 on the others.
  if (!s) {
    out->local = !body_uses_grid(module, op);
    out->rep = cx_calloc(allocator, (size_t)m->num_devices, sizeof(int64_t));
    if (!out->rep) s = CX_OOM();
  }
  for (int64_t pos = 0; pos < m->num_devices && !s; pos++) {
    int64_t rest = pos, rpos = 0, stride = 1;
    for (uint32_t a = m->num_axes; a-- > 0;) {
      int64_t c = rest % m->axes[a].size;
      rest /= m->axes[a].size;
      if (splits_operand[a]) rpos += c * stride;
      stride *= m->axes[a].size;
    }
    int64_t id = m->ids ? m->ids[pos] : pos;
    out->rep[id] = m->ids ? m->ids[rpos] : rpos;
  }
  cx_free(allocator, f.mesh.ids);
  return s;
}
