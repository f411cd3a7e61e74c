// GSPMD's manual regions as sdy.manual_computation (gspmd_manual.h).
#include "ir/gspmd_manual.h"

#include <stdio.h>
#include <string.h>

#include "ir/builder.h"
#include "ir/clone.h"
#include "ir/print.h"
#include "ir/text_cursor.h"
#include "ir/walk.h"
#include "ir/sdy.h"
#include "ir/sdy_manual.h"
#include "ir/sdy_round_trip.h"
#include "support/ptrmap.h"
#include "support/strbuf.h"
#include "support/vec.h"

#define MAX_TILE_DIMS 16

// ---- HLO sharding strings ------------------------------------------------------------

typedef enum hs_kind { HS_REPLICATED, HS_TILED, HS_MANUAL, HS_OTHER } hs_kind_t;

typedef struct hlo_sharding {
  hs_kind_t kind;
  uint32_t ndims;                 // tile assignment dimensions
  int64_t dims[MAX_TILE_DIMS];
  bool replicate_last;            // last_tile_dim_replicate: the last dimension splits nothing
  int64_t* ids;                   // product(dims) device ids, row-major
  int64_t num_ids;
} hlo_sharding_t;

typedef cx_text_cursor_t cursor_t;

static bool eat(cursor_t* c, const char* w) { return cx_tc_eat(c, w); }
static bool number(cursor_t* c, int64_t* out) { return cx_tc_integer(c, out) && *out >= 0; }

// "[a,b,...]" into out (at most max), *n entries.
static bool int_list(cursor_t* c, int64_t* out, uint32_t max, uint32_t* n) {
  *n = 0;
  if (!eat(c, "[")) return false;
  while (!eat(c, "]")) {
    if (*n && !eat(c, ",")) return false;
    if (*n == max || !number(c, &out[*n])) return false;
    (*n)++;
  }
  return true;
}

// {replicated} | {manual} | {devices=[d0,d1,..]ids (last_tile_dim_replicate)?}
// with ids a list or an iota <=[r0,..](T(p0,..))?; anything else HS_OTHER.
static cx_status_t parse_sharding(cx_allocator_t al, const char* s, size_t n,
                                  hlo_sharding_t* out) {
  memset(out, 0, sizeof *out);
  cursor_t c = {s, n, 0};
  if (!eat(&c, "{")) goto other;
  if (eat(&c, "replicated")) {
    out->kind = eat(&c, "}") ? HS_REPLICATED : HS_OTHER;
    return NULL;
  }
  if (eat(&c, "manual")) {
    out->kind = eat(&c, "}") ? HS_MANUAL : HS_OTHER;
    return NULL;
  }
  if (!eat(&c, "devices=") || !int_list(&c, out->dims, MAX_TILE_DIMS, &out->ndims)) goto other;
  int64_t total = 1;
  for (uint32_t d = 0; d < out->ndims; d++) {
    if (out->dims[d] < 1 || total * out->dims[d] > CX_SDY_MANUAL_MAX_DEVICES) goto other;
    total *= out->dims[d];
  }
  out->num_ids = total;
  out->ids = cx_calloc(al, (size_t)total, sizeof(int64_t));
  if (!out->ids) return CX_OOM();
  if (eat(&c, "<=")) {
    // iota(product) reshaped to `shape`, transposed by `perm`, flattened.
    int64_t shape[MAX_TILE_DIMS], perm[MAX_TILE_DIMS];
    uint32_t rank, np = 0;
    if (!int_list(&c, shape, MAX_TILE_DIMS, &rank) || !rank) goto other;
    bool transposed = eat(&c, "T(");
    if (transposed) {
      while (!eat(&c, ")")) {
        if ((np && !eat(&c, ",")) || np == MAX_TILE_DIMS || !number(&c, &perm[np])) goto other;
        np++;
      }
      if (np != rank) goto other;
    } else {
      for (uint32_t k = 0; k < rank; k++) perm[k] = k;
    }
    int64_t count = 1, stride[MAX_TILE_DIMS];
    for (uint32_t k = rank; k-- > 0;) {
      if (shape[k] < 1 || perm[k] < 0 || perm[k] >= rank) goto other;
      stride[k] = count;
      count *= shape[k];
      if (count > CX_SDY_MANUAL_MAX_DEVICES) goto other;
    }
    if (count != total) goto other;
    // Position i of the transposed array: its index over the permuted
    // shape, mapped back to the iota's offset.
    for (int64_t i = 0; i < total; i++) {
      int64_t rest = i, off = 0;
      for (uint32_t k = rank; k-- > 0;) {
        int64_t e = shape[perm[k]];
        off += (rest % e) * stride[perm[k]];
        rest /= e;
      }
      out->ids[i] = off;
    }
  } else {
    for (int64_t i = 0; i < total; i++)
      if ((i && !eat(&c, ",")) || !number(&c, &out->ids[i])) goto other;
  }
  out->replicate_last = eat(&c, "last_tile_dim_replicate");
  if (!eat(&c, "}")) goto other;
  out->kind = HS_TILED;
  return NULL;
other:
  cx_free(al, out->ids);
  memset(out, 0, sizeof *out);
  out->kind = HS_OTHER;
  return NULL;
}

static const char* sharding_string(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (!strcmp(op->attrs[i].name, "mhlo.sharding") && op->attrs[i].value->kind == CX_ATTR_STRING)
      return op->attrs[i].value->str.data;
  return NULL;
}

// ---- the region ------------------------------------------------------------------------

static bool is_target(const cx_op_t* op, const char* name) {
  const char* t = cx_custom_call_target(op);
  return t && !strcmp(t, name);
}

static cx_status_t op_error(const cx_op_t* op, const char* what, const char* detail) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(
      CX_ERROR(CX_UNIMPLEMENTED, "GSPMD's manual region (shard_map): %s%s", what, detail), loc);
}

// The op of `block` that holds `op` (itself, or an ancestor), or NULL.
static cx_op_t* in_block(cx_op_t* op, const cx_block_t* block) {
  while (op && op->block != block) op = cx_op_parent(op);
  return op;
}

typedef CX_VEC(cx_op_t*) op_vec_t;

typedef struct region {
  cx_block_t* block;
  op_vec_t ops;     // the body, unordered
  op_vec_t inputs;  // SPMDFullToShardShape
  op_vec_t outputs; // SPMDShardToFullShape
  cx_ptrmap_t member;  // op -> (void*)1
} region_t;

static bool vec_has(const op_vec_t* v, const cx_op_t* op) {
  for (size_t i = 0; i < v->len; i++)
    if (v->data[i] == op) return true;
  return false;
}

// Grows the region from `op`'s results: users in the block are body ops,
// except SPMDShardToFullShape calls (outputs) and SPMDFullToShardShape
// calls met on the way (inputs, whose results grow it too).
static cx_status_t grow(cx_module_t* m, region_t* r, cx_op_t* start) {
  op_vec_t work = {0};
  if (!cx_vec_push(&work, start)) return CX_OOM();
  cx_status_t s = NULL;
  while (work.len && !s) {
    cx_op_t* op = work.data[--work.len];
    for (uint32_t k = 0; k < op->num_results && !s; k++) {
      for (cx_operand_t* u = cx_op_result(op, k)->first_use; u && !s; u = u->next_use) {
        cx_op_t* user = in_block(u->owner, r->block);
        if (!user) {
          s = op_error(u->owner, "a value of the region is used in another block", "");
          break;
        }
        if (is_target(user, "SPMDShardToFullShape")) {
          if (!vec_has(&r->outputs, user) && !cx_vec_push(&r->outputs, user)) s = CX_OOM();
          continue;
        }
        void* seen;
        if (cx_ptrmap_find(&r->member, user, &seen)) continue;
        if (!cx_ptrmap_put(&r->member, user, (void*)1) || !cx_vec_push(&r->ops, user) ||
            !cx_vec_push(&work, user))
          s = CX_OOM();
      }
    }
  }
  cx_vec_free(&work);
  return s;
}

// ---- shardings as sdy text --------------------------------------------------------------

typedef struct mesh {
  bool known;
  uint32_t naxes;
  int64_t sizes[MAX_TILE_DIMS];
  int64_t* ids;  // borrowed from the sharding that defined it
  int64_t num_ids;
} mesh_t;

static bool same_ids(const mesh_t* m, const hlo_sharding_t* h) {
  return m->num_ids == h->num_ids && !memcmp(m->ids, h->ids, (size_t)h->num_ids * sizeof(int64_t));
}

// The sharding of a value of `rank` as dimension shardings over the mesh
// (which the first tiled sharding defines): each tile dimension splits its
// value dimension by the next mesh axes whose sizes multiply to it.
static bool dims_text(mesh_t* mesh, const hlo_sharding_t* h, uint32_t rank, cx_strbuf_t* sb) {
  if (h->kind == HS_REPLICATED) {
    cx_strbuf_puts(sb, "[");
    for (uint32_t d = 0; d < rank; d++) cx_strbuf_puts(sb, d ? ", {}" : "{}");
    cx_strbuf_puts(sb, "]");
    return true;
  }
  if (!mesh->known) {
    mesh->known = true;
    mesh->naxes = 0;
    for (uint32_t d = 0; d < h->ndims; d++)
      if (h->dims[d] > 1) mesh->sizes[mesh->naxes++] = h->dims[d];
    mesh->ids = h->ids;
    mesh->num_ids = h->num_ids;
  }
  if (!same_ids(mesh, h)) return false;
  uint32_t data_dims = h->ndims - (h->replicate_last ? 1 : 0);
  if (data_dims != rank) return false;
  uint32_t axis = 0;
  cx_strbuf_puts(sb, "[");
  for (uint32_t d = 0; d < h->ndims; d++) {
    int64_t want = h->dims[d], got = 1;
    bool data = d < data_dims;
    if (data) cx_strbuf_puts(sb, d ? ", {" : "{");
    bool first = true;
    while (got < want && axis < mesh->naxes) {
      if (data) cx_strbuf_printf(sb, "%s\"a%u\"", first ? "" : ", ", axis);
      first = false;
      got *= mesh->sizes[axis++];
    }
    if (got != want) return false;
    if (data) cx_strbuf_puts(sb, "}");
  }
  cx_strbuf_puts(sb, "]");
  return axis == mesh->naxes;
}

static void mesh_text(const mesh_t* mesh, cx_strbuf_t* sb) {
  cx_strbuf_puts(sb, "mesh<[");
  for (uint32_t a = 0; a < mesh->naxes; a++)
    cx_strbuf_printf(sb, "%s\"a%u\"=%lld", a ? ", " : "", a, (long long)mesh->sizes[a]);
  cx_strbuf_puts(sb, "], device_ids=[");
  for (int64_t i = 0; i < mesh->num_ids; i++)
    cx_strbuf_printf(sb, "%s%lld", i ? ", " : "", (long long)mesh->ids[i]);
  cx_strbuf_puts(sb, "]>");
}

// ---- building the manual computation ----------------------------------------------------

static int64_t module_devices(const cx_module_t* m) {
  int64_t n = 1;
  for (uint32_t i = 0; i < m->num_attrs; i++)
    if ((!strcmp(m->attrs[i].name, "mhlo.num_partitions") ||
         !strcmp(m->attrs[i].name, "mhlo.num_replicas")) &&
        m->attrs[i].value->kind == CX_ATTR_INTEGER && m->attrs[i].value->integer > 1)
      n *= m->attrs[i].value->integer;
  return n;
}

// The region's shardings (inputs', then outputs') as the manual
// computation's attributes.
static cx_status_t attributes(cx_module_t* m, region_t* r, hlo_sharding_t* hs,
                              const cx_attr_t** in, const cx_attr_t** out,
                              const cx_attr_t** axes) {
  uint32_t ni = (uint32_t)r->inputs.len, no = (uint32_t)r->outputs.len;
  mesh_t mesh = {0};
  cx_strbuf_t dims[2], sb;
  cx_strbuf_init_with(&dims[0], m->ctx->allocator);
  cx_strbuf_init_with(&dims[1], m->ctx->allocator);
  cx_strbuf_init_with(&sb, m->ctx->allocator);
  cx_status_t s = NULL;
  // Dimension shardings first: the first tiled sharding fixes the mesh.
  for (uint32_t k = 0; k < 2 && !s; k++) {
    uint32_t n = k ? no : ni;
    for (uint32_t i = 0; i < n && !s; i++) {
      cx_op_t* op = k ? r->outputs.data[i] : r->inputs.data[i];
      const cx_type_t* t = k ? cx_op_result(op, 0)->type : cx_op_operand(op, 0)->type;
      cx_strbuf_puts(&dims[k], i ? "|" : "");
      if (!cx_type_is_tensor(t) ||
          !dims_text(&mesh, &hs[k ? ni + i : i], t->tensor.rank, &dims[k]))
        s = op_error(op, "a sharding that does not fit the region's devices: ",
                     sharding_string(k ? op : cx_op_operand(op, 0)->def_op));
    }
  }
  int64_t* iota = NULL;
  if (!s && !mesh.known) {  // all replicated: one axis over the module's devices
    mesh.naxes = 1;
    mesh.sizes[0] = module_devices(m);
    if (mesh.sizes[0] > CX_SDY_MANUAL_MAX_DEVICES)
      s = op_error(r->inputs.data[0], "more devices than are supported", "");
    else if (!(iota = cx_calloc(m->ctx->allocator, (size_t)mesh.sizes[0], sizeof(int64_t))))
      s = CX_OOM();
    for (int64_t i = 0; !s && i < mesh.sizes[0]; i++) iota[i] = i;
    mesh.ids = iota;
    mesh.num_ids = mesh.sizes[0];
  }
  for (uint32_t k = 0; k < 2 && !s; k++) {
    cx_strbuf_clear(&sb);
    cx_strbuf_puts(&sb, "#sdy.sharding_per_value<[");
    const char* p = (dims[k].data ? dims[k].data : "");
    uint32_t n = k ? no : ni;
    for (uint32_t i = 0; i < n; i++) {
      const char* bar = strchr(p, '|');
      size_t len = bar ? (size_t)(bar - p) : strlen(p);
      cx_strbuf_puts(&sb, i ? ", <" : "<");
      mesh_text(&mesh, &sb);
      cx_strbuf_printf(&sb, ", %.*s>", (int)len, p);
      p = bar ? bar + 1 : p + len;
    }
    cx_strbuf_puts(&sb, "]>");
    s = sb.failed ? CX_OOM() : cx_asm_parse_attr(m, sb.data, sb.len, k ? out : in);
  }
  if (!s) {
    cx_strbuf_clear(&sb);
    cx_strbuf_puts(&sb, "#sdy<manual_axes{");
    for (uint32_t a = 0; a < mesh.naxes; a++) cx_strbuf_printf(&sb, "%s\"a%u\"", a ? ", " : "", a);
    cx_strbuf_puts(&sb, "}>");
    s = sb.failed ? CX_OOM() : cx_asm_parse_attr(m, sb.data, sb.len, axes);
  }
  cx_strbuf_free(&dims[0]);
  cx_strbuf_free(&dims[1]);
  cx_strbuf_free(&sb);
  cx_free(m->ctx->allocator, iota);
  return s;
}

// Whether v is there inside the body: a body op's result (or a value of a
// region nested in one), an input's shard, or an argument of a block
// nested in a body op.
static bool body_value(region_t* r, cx_value_t* v) {
  void* seen;
  cx_op_t* top;
  if (v->def_op) {
    top = in_block(v->def_op, r->block);
    if (top && vec_has(&r->inputs, top)) return true;
  } else {
    const cx_block_arg_t* arg = (const cx_block_arg_t*)v;
    cx_op_t* holder = arg->block && arg->block->parent ? arg->block->parent->parent : NULL;
    top = holder ? in_block(holder, r->block) : NULL;
  }
  return top && cx_ptrmap_find(&r->member, top, &seen);
}

// Whether `op` (outside the region) computes from nothing the region
// lacks: no operands, or only such ops' results; no regions. Such ops
// (pulled, iotas, partition_id, arithmetic on them) are copied into the
// body, appended to `pulled` (dependencies first).
// Chains longer than this are not followed (a bound on the recursion).
#define MAX_PULL_DEPTH 64

static cx_status_t pull(region_t* r, cx_op_t* op, op_vec_t* pulled, uint32_t depth, bool* ok) {
  *ok = false;
  if (vec_has(pulled, op)) {
    *ok = true;
    return NULL;
  }
  if (op->block != r->block || op->num_regions || depth == MAX_PULL_DEPTH) return NULL;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    if (!v->def_op) return NULL;
    CX_RETURN_IF_ERROR(pull(r, v->def_op, pulled, depth + 1, ok));
    if (!*ok) return NULL;
  }
  if (!cx_vec_push(pulled, op)) return CX_OOM();
  *ok = true;
  return NULL;
}

// The values the body uses from outside: those computed from nothing are
// copied in; others are an error.
static cx_status_t check_captures(region_t* r, cx_op_t* op, op_vec_t* pulled) {
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    if (body_value(r, v)) continue;
    bool ok = false;
    if (v->def_op) CX_RETURN_IF_ERROR(pull(r, v->def_op, pulled, 0, &ok));
    if (!ok)
      return op_error(op, "the body uses a value from outside the region that is computed from "
                          "values outside it",
                      "");
  }
  for (uint32_t k = 0; k < op->num_regions; k++)
    for (cx_block_t* b = op->regions[k].first_block; b; b = b->next)
      for (cx_op_t* inner = b->first_op; inner; inner = inner->next)
        CX_RETURN_IF_ERROR(check_captures(r, inner, pulled));
  return NULL;
}

static bool inside(const cx_operand_t* use, void* arg) {
  const cx_op_t* mc = arg;
  for (const cx_op_t* o = use->owner; o; o = cx_op_parent(o))
    if (o == mc) return true;
  return false;
}

static cx_status_t convert(cx_module_t* m, region_t* r) {
  cx_allocator_t al = m->ctx->allocator;
  uint32_t ni = (uint32_t)r->inputs.len, no = (uint32_t)r->outputs.len;
  // Block order decides where things go.
  cx_op_t* last_input = NULL;
  for (uint32_t i = 0; i < ni; i++)
    if (!last_input || cx_op_is_before_in_block(last_input, r->inputs.data[i])) last_input = r->inputs.data[i];
  for (uint32_t j = 0; j < no; j++)
    if (cx_op_is_before_in_block(r->outputs.data[j], last_input))
      return op_error(r->outputs.data[j], "a shard comes back before another one is taken", "");
  for (uint32_t i = 0; i < ni; i++)
    if (r->inputs.data[i]->num_operands != 1 || r->inputs.data[i]->num_results != 1)
      return op_error(r->inputs.data[i], "SPMDFullToShardShape takes one value", "");
  for (uint32_t j = 0; j < no; j++)
    if (r->outputs.data[j]->num_operands != 1 || r->outputs.data[j]->num_results != 1)
      return op_error(r->outputs.data[j], "SPMDShardToFullShape takes one value", "");
  op_vec_t pulled = {0};  // what the body pulls in (see pull)
  cx_status_t s = NULL;
  for (size_t i = 0; i < r->ops.len && !s; i++) s = check_captures(r, r->ops.data[i], &pulled);
  for (uint32_t j = 0; j < no && !s; j++) s = check_captures(r, r->outputs.data[j], &pulled);
  // Results used elsewhere than the region or its outputs.
  for (size_t i = 0; i < r->ops.len && !s; i++)
    for (uint32_t k = 0; k < r->ops.data[i]->num_results && !s; k++)
      for (cx_operand_t* u = cx_op_result(r->ops.data[i], k)->first_use; u && !s; u = u->next_use) {
        cx_op_t* user = in_block(u->owner, r->block);
        void* seen;
        if (!cx_ptrmap_find(&r->member, user, &seen) && !vec_has(&r->outputs, user))
          s = op_error(u->owner, "a value computed on shards is used outside the region", "");
      }
  // Shardings: each input's from the @Sharding call that feeds it, each
  // output's its own.
  hlo_sharding_t* hs = s ? NULL : cx_calloc(al, ni + no + 1, sizeof(hlo_sharding_t));
  if (!s && !hs) s = CX_OOM();
  for (uint32_t k = 0; k < ni + no && !s; k++) {
    cx_op_t* op = k < ni ? r->inputs.data[k] : r->outputs.data[k - ni];
    cx_op_t* holder = k < ni ? cx_op_operand(op, 0)->def_op : op;
    const char* text = holder && (k >= ni || is_target(holder, "Sharding"))
                           ? sharding_string(holder) : NULL;
    if (!text) {
      s = op_error(op, "no mhlo.sharding for the value (an @Sharding call before "
                       "SPMDFullToShardShape, or on SPMDShardToFullShape)", "");
      break;
    }
    s = parse_sharding(al, text, strlen(text), &hs[k]);
    if (!s && (hs[k].kind == HS_OTHER || hs[k].kind == HS_MANUAL))
      s = op_error(op, "a sharding that is not read: ", text);
  }
  const cx_attr_t *in = NULL, *out = NULL, *axes = NULL;
  if (!s) s = attributes(m, r, hs, &in, &out, &axes);
  // The manual computation, after the last input.
  cx_value_t** operands = s ? NULL : cx_calloc(al, ni + 1, sizeof(cx_value_t*));
  const cx_type_t** types = s ? NULL : cx_calloc(al, no + 1, sizeof(cx_type_t*));
  if (!s && (!operands || !types)) s = CX_OOM();
  for (uint32_t i = 0; i < ni && !s; i++) operands[i] = cx_op_operand(r->inputs.data[i], 0);
  for (uint32_t j = 0; j < no && !s; j++) types[j] = cx_op_result(r->outputs.data[j], 0)->type;
  cx_op_t* mc = NULL;
  cx_builder_t b;
  cx_builder_init(&b, m);
  if (!s) {
    cx_builder_set_after(&b, last_input);
    b.loc = last_input->loc;
    cx_named_attr_t attrs[3] = {{cx_name(m->ctx, CX_NAME_in_shardings), in},
                                {cx_name(m->ctx, CX_NAME_out_shardings), out},
                                {cx_name(m->ctx, CX_NAME_manual_axes), axes}};
    cx_op_state_t st = {.kind = CX_OP_SDY_MANUAL_COMPUTATION, .loc = last_input->loc,
                        .num_operands = ni, .operands = operands, .num_results = no,
                        .result_types = types, .num_attrs = 3, .attrs = attrs, .num_regions = 1};
    s = cx_build(&b, &st, &mc);
  }
  cx_block_t* body = NULL;
  if (!s && !(body = cx_block_create(m))) s = CX_OOM();
  if (!s) cx_region_append_block(&mc->regions[0], body);
  for (uint32_t i = 0; i < ni && !s; i++) {
    cx_value_t* arg = cx_block_add_arg(m, body, cx_op_result(r->inputs.data[i], 0)->type);
    if (!arg) s = CX_OOM();
    else cx_value_replace_all_uses(cx_op_result(r->inputs.data[i], 0), arg);
  }
  // The body's ops moved in, in block order (they use only body values,
  // inputs' shards and pulled), then the pulled copied in.
  for (cx_op_t* op = r->block->first_op; op && !s;) {
    cx_op_t* next = op->next;
    void* seen;
    if (cx_ptrmap_find(&r->member, op, &seen)) {
      cx_op_unlink(op);
      cx_block_append_op(body, op);
    }
    op = next;
  }
  // Then what they use that is computed from nothing, copied in
  // (dependencies first).
  if (!s) cx_builder_set_at_start(&b, body);
  cx_ir_map_t map;
  cx_ir_map_init(&map, m);
  for (size_t i = 0; i < pulled.len && !s; i++) {
    cx_op_t* copy;
    s = cx_op_clone(&b, pulled.data[i], &map, &copy);
    for (uint32_t k = 0; !s && k < copy->num_results; k++)
      cx_value_replace_uses_if(cx_op_result(pulled.data[i], k), cx_op_result(copy, k), inside,
                               mc);
  }
  cx_ir_map_free(&map);
  // Those nothing outside uses any more go (partition_id means the device
  // only inside).
  for (size_t i = pulled.len; i-- > 0 && !s;)
    if (cx_op_results_unused(pulled.data[i])) cx_op_erase(pulled.data[i]);
  if (!s) cx_builder_set_at_end(&b, body);
  if (!s) {
    cx_value_t** rets = cx_calloc(al, no + 1, sizeof(cx_value_t*));
    if (!rets) s = CX_OOM();
    for (uint32_t j = 0; j < no && !s; j++) rets[j] = cx_op_operand(r->outputs.data[j], 0);
    cx_op_state_t rs = {.kind = CX_OP_SDY_RETURN, .loc = mc->loc, .num_operands = no,
                        .operands = rets};
    cx_op_t* ret;
    if (!s) s = cx_build(&b, &rs, &ret);
    cx_free(al, rets);
  }
  for (uint32_t j = 0; j < no && !s; j++) {
    cx_value_replace_all_uses(cx_op_result(r->outputs.data[j], 0), cx_op_result(mc, j));
    cx_op_erase(r->outputs.data[j]);
  }
  for (uint32_t i = 0; i < ni && !s; i++) cx_op_erase(r->inputs.data[i]);
  for (uint32_t k = 0; hs && k < ni + no; k++) cx_free(al, hs[k].ids);
  cx_free(al, hs);
  cx_free(al, operands);
  cx_free(al, types);
  cx_vec_free(&pulled);
  return s;
}

static cx_status_t import_block(cx_module_t* m, cx_block_t* block, uint32_t* count) {
  for (cx_op_t* op = block->first_op; op; op = op->next)
    for (uint32_t k = 0; k < op->num_regions; k++)
      for (cx_block_t* b = op->regions[k].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(import_block(m, b, count));
  for (;;) {
    cx_op_t* first = NULL;
    for (cx_op_t* op = block->first_op; op && !first; op = op->next)
      if (is_target(op, "SPMDFullToShardShape") && op->num_results == 1 &&
          op->num_operands == 1 && op->results[0].type != op->operands[0].value->type &&
          !cx_manual_form_unread(op))
        first = op;
    if (!first) return NULL;
    region_t r = {.block = block};
    cx_ptrmap_init(&r.member, m->ctx->allocator);
    cx_status_t s = cx_vec_push(&r.inputs, first) ? grow(m, &r, first) : CX_OOM();
    // Another input joins when what it reaches meets the region (a
    // shard_map of several arguments).
    for (bool more = true; more && !s;) {
      more = false;
      for (cx_op_t* op = block->first_op; op && !s; op = op->next) {
        if (!is_target(op, "SPMDFullToShardShape") || vec_has(&r.inputs, op)) continue;
        region_t t = {.block = block};
        cx_ptrmap_init(&t.member, m->ctx->allocator);
        s = grow(m, &t, op);
        bool joins = false;
        for (size_t k = 0; k < t.ops.len && !joins && !s; k++) {
          void* seen;
          joins = cx_ptrmap_find(&r.member, t.ops.data[k], &seen);
        }
        for (size_t k = 0; k < t.outputs.len && !joins && !s; k++)
          joins = vec_has(&r.outputs, t.outputs.data[k]);
        cx_vec_free(&t.ops);
        cx_vec_free(&t.inputs);
        cx_vec_free(&t.outputs);
        cx_ptrmap_free(&t.member);
        if (!joins || s) continue;
        if (!cx_vec_push(&r.inputs, op)) s = CX_OOM();
        else s = grow(m, &r, op);
        more = true;
      }
    }
    if (!s && !r.outputs.len)
      s = op_error(first, "no SPMDShardToFullShape takes its shards back", "");
    if (!s) s = convert(m, &r);
    if (!s) {
      (*count)++;
    } else if (cx_status_code(s) != CX_OUT_OF_MEMORY) {
      // Not read: the region stays, its inputs keep the reason (for the
      // error they give if they run).
      cx_status_t e = NULL;
      for (size_t i = 0; i < r.inputs.len && !e; i++)
        e = cx_manual_form_set_unread(
            m, r.inputs.data[i],
            cx_status_with_location(CX_ERROR(CX_UNIMPLEMENTED, "%s", cx_status_message(s)),
                                    cx_status_location(s)));
      cx_status_free(s);
      s = e;
    }
    cx_vec_free(&r.ops);
    cx_vec_free(&r.inputs);
    cx_vec_free(&r.outputs);
    cx_ptrmap_free(&r.member);
    CX_RETURN_IF_ERROR(s);
  }
}

cx_status_t cx_gspmd_import_manual(cx_module_t* m, uint32_t* out_count) {
  uint32_t count = 0;
  cx_status_t s = NULL;
  for (cx_op_t* op = cx_module_block(m)->first_op; op && !s; op = op->next)
    if (cx_func_body(op)) s = import_block(m, cx_func_body(op), &count);
  if (out_count) *out_count = count;
  return s;
}
