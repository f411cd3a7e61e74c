// A readable listing of an executable: its slots (the buffer plan) and its
// programs of steps, for `cxla opt --compile-to=lower`.
#include <inttypes.h>
#include <stdlib.h>

#include "compiler/describe.h"
#include "runtime/routines.h"
#include "support/strbuf.h"

static const char* string_at(const cx_rt_executable_t* e, uint32_t off) {
  return e->strings && off < e->strings_size ? e->strings + off : "";
}

static void slot_name(cx_strbuf_t* sb, const cx_rt_executable_t* e, uint32_t i) {
  const cx_rt_slot_t* s = &e->slots[i];
  switch ((cx_rt_slot_kind_t)s->kind) {
    case CX_RT_SLOT_ARG: cx_strbuf_printf(sb, "arg%u", s->index); break;
    case CX_RT_SLOT_RESULT: cx_strbuf_printf(sb, "result%u", s->index); break;
    case CX_RT_SLOT_CONST: cx_strbuf_printf(sb, "const@%" PRIu64, s->offset); break;
    case CX_RT_SLOT_ARENA: cx_strbuf_printf(sb, "arena@%" PRIu64, s->offset); break;
    default: cx_strbuf_puts(sb, "none"); break;
  }
}

static void bindings(cx_strbuf_t* sb, const cx_rt_executable_t* e, const cx_rt_step_t* st) {
  for (uint32_t i = 0; i < st->num_bindings; i++) {
    cx_strbuf_puts(sb, i ? ", " : " (");
    slot_name(sb, e, e->bindings[st->first_binding + i]);
  }
  if (st->num_bindings) cx_strbuf_putc(sb, ')');
}

static void program(cx_strbuf_t* sb, const cx_rt_executable_t* e, uint32_t p, int depth) {
  const cx_rt_program_t* pr = &e->programs[p];
  for (uint32_t i = 0; i < pr->num_steps; i++) {
    const cx_rt_step_t* st = &e->steps[pr->first_step + i];
    cx_strbuf_printf(sb, "%*s", 2 * depth + 2, "");
    switch ((cx_rt_step_kind_t)st->kind) {
      case CX_RT_STEP_KERNEL: {
        const char* name = e->code.library && e->code.library->names && st->kernel.kernel < e->code.library->num_kernels
                               ? e->code.library->names[st->kernel.kernel]
                               : NULL;
        cx_strbuf_printf(sb, "kernel %u", st->kernel.kernel);
        if (name) cx_strbuf_printf(sb, " %s", name);
        cx_strbuf_printf(sb, " [%" PRId64 " items]", st->kernel.work_items);
        break;
      }
      case CX_RT_STEP_CALL: cx_strbuf_printf(sb, "call routine %u", st->call.routine); break;
      case CX_RT_STEP_COPY: cx_strbuf_printf(sb, "copy %" PRIu64 " bytes", st->copy.nbytes); break;
      case CX_RT_STEP_WHILE: cx_strbuf_puts(sb, "while"); break;
      case CX_RT_STEP_CASE: cx_strbuf_printf(sb, "case of %u", st->select.num_branches); break;
    }
    bindings(sb, e, st);
    cx_strbuf_printf(sb, "    // %s %s", string_at(e, st->op), string_at(e, st->where));
    if (st->ops) cx_strbuf_printf(sb, " [%s]", string_at(e, st->ops));
    cx_strbuf_putc(sb, '\n');
    if (st->kind == CX_RT_STEP_WHILE) {
      cx_strbuf_printf(sb, "%*scond:\n", 2 * depth + 4, "");
      program(sb, e, st->loop.cond, depth + 2);
      cx_strbuf_printf(sb, "%*sbody:\n", 2 * depth + 4, "");
      program(sb, e, st->loop.body, depth + 2);
    } else if (st->kind == CX_RT_STEP_CASE) {
      for (uint32_t b = 0; b < st->select.num_branches; b++) {
        cx_strbuf_printf(sb, "%*sbranch %u:\n", 2 * depth + 4, "", b);
        program(sb, e, st->select.first_branch + b, depth + 2);
      }
    }
  }
}

char* cx_describe_executable(const cx_rt_executable_t* e) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_printf(&sb, "executable @%s: %u args, %u results, %u slots, %" PRIu64
                        " bytes of scratch arena, %" PRIu64 " bytes of constants\n",
                   e->function_name ? e->function_name : "", e->num_args, e->num_results,
                   e->num_slots, e->arena_size, e->const_size);
  for (uint32_t i = 0; i < e->num_slots; i++) {
    if (e->slots[i].kind != CX_RT_SLOT_ARENA) continue;
    cx_strbuf_printf(&sb, "  slot %u: ", i);
    slot_name(&sb, e, i);
    cx_strbuf_printf(&sb, " %" PRIu64 " bytes\n", e->slots[i].nbytes);
  }
  if (e->num_programs) {
    cx_strbuf_puts(&sb, "program:\n");
    program(&sb, e, 0, 0);
  }
  return cx_strbuf_take(&sb);
}
