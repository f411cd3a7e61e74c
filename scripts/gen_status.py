#!/usr/bin/env python3
"""Regenerates docs/status.md: one row per op of src/ir/ops.def with its
parse / verify / interpret / compile status.

Status comes from the code, not from hand edits:
- parse: every op in ops.def parses in generic form; "pretty" means its custom
  assembly format is implemented (format != GENERIC).
- verify: the op's CX_OP_<ID> is handled in src/ir/verify_*.c or by its shape
  function (src/ir/infer_*.c), which the verifier runs.
- shape fn: the op's shape function (src/ir/infer_*.c) infers its result
  types ("yes"), part of them ("partial"), or checks its operands while the
  op gives its result types ("given"), per cx_infer_mode in src/ir/infer.c.
- interpret: the op's CX_OP_<ID> is handled in src/interp/eval_*.c, or the
  core handles it: func.func, and the TERMINATOR ops (the core returns their
  operands from the region it runs).
- compile: the op's CX_OP_<ID> is handled in src/codegen or src/compiler, or
  decomposed into other ops before lowering (src/passes/decompose_*.c).
Run it after changing any of those (CI checks that it is up to date).
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(paths):
    text = ""
    for p in paths:
        with open(p, encoding="utf-8") as f:
            text += f.read()
    return text


def compiled_evidence():
    """op name -> (conformance files that use it, of those the ones passing compiled)."""
    corpus = os.environ.get("CXLA_CONFORMANCE_DIR",
                            os.path.join(ROOT, "..", "shared", "conformance"))
    if not os.path.isdir(os.path.join(corpus, "testdata")):
        return None
    failing = set()
    with open(os.path.join(ROOT, "tests/conformance/expected_failures_compiled.txt"),
              encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                failing.add(line.split()[0])
    name_re = re.compile(r"\b((?:stablehlo|chlo|func|check|interpreter)\.[a-z_0-9]+)\b(?![.])")
    evidence = {}
    for sub in ("testdata", "interpret"):
        for path in sorted(glob.glob(os.path.join(corpus, sub, "*.mlir"))):
            rel = os.path.relpath(path, corpus)
            with open(path, encoding="utf-8", errors="replace") as f:
                names = set(name_re.findall(f.read()))
            for name in names:
                used, passing = evidence.get(name, (0, 0))
                evidence[name] = (used + 1, passing + (rel not in failing))
    return evidence


def main():
    ops = []
    with open(os.path.join(ROOT, "src/ir/ops.def"), encoding="utf-8") as f:
        for line in f:
            # CX_OP(ID, "name", FAMILY, FORMAT, "attrs", TRAITS, counts...)
            m = re.match(r'CX_OP\((\w+), "([^"]+)", (\w+), (\w+), "[^"]*", ([^,]+),', line)
            if m and m.group(1) != "UNKNOWN":
                ops.append(m.groups())
    infer = read(p for p in glob.glob(os.path.join(ROOT, "src/ir/infer_*.c"))
                 if not p.endswith("_test.c"))
    verify = read(glob.glob(os.path.join(ROOT, "src/ir/verify*.c"))) + infer
    modes = {}
    with open(os.path.join(ROOT, "src/ir/infer.c"), encoding="utf-8") as f:
        body = f.read().split("cx_infer_mode_t cx_infer_mode(")[1].split("\n}\n")[0]
        pending = []
        for line in body.splitlines():
            m = re.match(r"\s*case CX_OP_(\w+):", line)
            if m:
                pending.append(m.group(1))
            m = re.match(r"\s*return CX_INFER_(\w+);", line)
            if m:
                for op_id in pending:
                    modes[op_id] = m.group(1)
                pending = []
    interp = read(glob.glob(os.path.join(ROOT, "src/interp/*.c")))
    # The files that lower or emit ops (not the planners that only classify
    # them, such as fusion.c).
    compile_ = read([p for p in glob.glob(os.path.join(ROOT, "src/codegen/*.c")) +
                     glob.glob(os.path.join(ROOT, "src/compiler/lower*.c")) +
                     glob.glob(os.path.join(ROOT, "src/passes/decompose_*.c")) +
                     [os.path.join(ROOT, "src/passes/sdy_inline.c")]
                     if not p.endswith("_test.c")])

    evidence = compiled_evidence()

    family_size = {}
    for op_id, name, family, fmt, traits in ops:
        family_size[family] = family_size.get(family, 0) + 1

    def family_implemented(pattern_dir, family):
        # A family evaluator/verifier that is not the placeholder.
        path = os.path.join(ROOT, pattern_dir % family.lower())
        if not os.path.exists(path):
            return False
        with open(path, encoding="utf-8") as f:
            return "not supported by the interpreter yet" not in f.read()

    # Op groups that src/ir answers for (ir/chlo.h, ir/sdy.h): a layer that
    # dispatches through a group's helper handles every op of the group.
    def body_ops(path, function):
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            body = f.read().split(function + "(")[1].split("\n}\n")[0]
        return set(re.findall(r"\bcase CX_OP_(\w+):", body))
    groups = {
        "cx_chlo_is_unary": {o[0] for o in ops if o[3] == "CHLO_UNARY"},
        "cx_chlo_is_binary": {o[0] for o in ops if o[3] == "CHLO_BINARY"},
        "cx_chlo_broadcast_base": body_ops("src/ir/chlo.c", "cx_chlo_broadcast_base"),
        "cx_sdy_is_pass_through": body_ops("src/ir/sdy.c", "bool cx_sdy_is_pass_through"),
    }

    def has(text, op_id, family=None, pattern_dir=None):
        if re.search(r"\bCX_OP_%s\b" % op_id, text):
            return True
        if any(op_id in members and re.search(r"\b%s\(" % helper, text)
               for helper, members in groups.items()):
            return True
        # Single-op families handle their op without naming it.
        return (family is not None and family_size.get(family) == 1 and
                family_implemented(pattern_dir, family))

    rows = []
    total_used = total_passing = 0
    counts = {"verify": 0, "infer": 0, "interpret": 0, "compile": 0}
    for op_id, name, family, fmt, traits in ops:
        v = has(verify, op_id, family, "src/ir/verify_%s.c")
        i = (has(interp, op_id, family, "src/interp/eval_%s.c") or op_id == "FUNC_FUNC" or
             re.search(r"\bTERMINATOR\b", traits) is not None)
        c = has(compile_, op_id)
        mode = modes.get(op_id)
        inf = ("-" if not has(infer, op_id, family, "src/ir/infer_%s.c") else
               "given" if mode == "GIVEN" else "partial" if mode == "PARTIAL" else "yes")
        counts["verify"] += v
        counts["infer"] += inf != "-"
        counts["interpret"] += i
        counts["compile"] += c
        parse = "yes (pretty)" if fmt != "GENERIC" else "yes (generic form)"
        used, passing = evidence.get(name, (0, 0)) if evidence else (0, 0)
        files = "%d/%d" % (passing, used) if used else "-"
        if evidence:
            total_used += used > 0
            total_passing += used > 0 and passing == used
        rows.append("| `%s` | %s | %s | %s | %s | %s | %s | %s |" % (
            name, family.lower(), parse, "yes" if v else "-", inf, "yes" if i else "-",
            "yes" if c else "-", files))
    out = [
        "# Op status",
        "",
        "Generated by `scripts/gen_status.py` from `src/ir/ops.def` and the sources; do not edit by hand.",
        "",
        "- parse: every op parses and prints in MLIR's generic form; *pretty* means its custom",
        "  assembly format is implemented too (ops without one print generically, as in MLIR).",
        "- verify / interpret / compile: the op is handled by the verifier (`src/ir/verify_*.c`",
        "  and its shape function), the interpreter (`src/interp/eval_*.c`), the compiler",
        "  (`src/codegen`, `src/compiler`, or a decomposition in `src/passes/decompose_*.c`;",
        "  Shardy's ops are replaced by plain StableHLO in `src/passes/sdy_inline.c` and, for manual\n"
        "  computations over several devices, `src/compiler/expand_manual.c`).",
        "- shape fn: the op's shape function (`src/ir/infer_*.c`) infers its result types (yes),",
        "  part of them (partial: element types or results the op chooses), or none (given: the",
        "  op gives its result types; the function still checks operands and attributes).",
        "- compiled files: of the conformance files (`testdata` and `interpret` of",
        "  `../shared/conformance`) that use the op, how many pass `cxla check --mode=both`",
        "  (compiled, every result compared with the interpreter): those not listed in",
        "  `tests/conformance/expected_failures_compiled.txt`, which ctest keeps exact (a listed",
        "  file that passes fails the run). A failing file may fail for another of its ops.",
        "",
        "Totals: %d ops; verify %d, shape fn %d, interpret %d, compile %d%s." % (
            len(ops), counts["verify"], counts["infer"], counts["interpret"], counts["compile"],
            "; %d of the %d ops used by conformance files pass in every file that uses them" % (
                total_passing, total_used) if evidence else ""),
        "",
        "| op | family | parse/print | verify | shape fn | interpret | compile | compiled files |",
        "|---|---|---|---|---|---|---|---|",
    ] + rows
    text = "\n".join(out) + "\n"
    target = os.path.join(ROOT, "docs/status.md")
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        with open(target, encoding="utf-8") as f:
            if f.read() != text:
                print("docs/status.md is out of date: run scripts/gen_status.py")
                return 1
        return 0
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
