#!/usr/bin/python3
"""Checks libcxla_runtime (cmake/cxla_runtime_lib.cmake) and reports its size.

- The shared library exports exactly the functions that the runtime's public
  headers declare (include/cxla/{allocator,buffer,cxla,element_type,status,
  runtime}.h): cmake/libcxla_runtime.map must list each of them.
- Neither library defines or references anything of the compiler side (IR,
  parser, bytecode, interpreter, passes, code generator, LLVM), and the shared
  library needs no other library than libc, libm, pthread and LAPACK/BLAS.
- Stripped sizes: the core (executor, executable, buffers, device and thread
  pool, artifact loader and writer, kernel imports, the routine table, and the
  support code they use) and everything (plus the routines: checks, GEMM/conv
  calls, rng, print and probe with the .npy writer and float printing they
  use; the GEMM/convolution kernels; the custom-call targets; profiles) against the
  limits given.

usage: check_runtime_lib.py --shared LIB.so --static LIB.a --source ROOT
                            [--max-core-kb N] [--max-total-kb N] [--json]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HEADERS = ["allocator.h", "buffer.h", "cxla.h", "element_type.h", "status.h",
           "runtime.h"]
# Prefixes of compiler-side symbols (src/ir, text, bytecode, interp, passes,
# codegen, compiler, api) and LLVM's C API.
FORBIDDEN = re.compile(
    r"^(LLVM|cx_module_|cx_op_|cx_ir_|cx_parse|cx_text_|cx_bc_|cx_interp|"
    r"cx_eval_|cx_cg_|cx_compile|cx_program_|cx_lower|cx_pass_|cx_attr_|"
    r"cx_type_|cx_value_|cx_block_|cx_region_|cx_infer|cx_verify|cx_context_|"
    r"cx_input_|gz|inflate|deflate)")
ALLOWED_NEEDED = re.compile(
    r"^(libc|libm|libpthread|liblapacke|liblapack|libblas|libopenblas|"
    r"libgcc_s|ld-linux[-\w]*)\.so")


def declared(root):
    names = set()
    for h in HEADERS:
        with open(os.path.join(root, "include", "cxla", h)) as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        text = re.sub(r"#[^\n]*", "", text)
        text = re.sub(r"static inline[^{]*\{[^}]*\}", "", text)
        text = re.sub(r"typedef[^;]*;", "", text)
        names.update(re.findall(r"\b(cx_\w+)\s*\([^;{]*\)\s*[^;{]*;", text))
    return names


def nm(args):
    out = subprocess.run(["nm"] + args, capture_output=True, text=True,
                         check=True).stdout
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--static", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--max-core-kb", type=float, default=0)
    ap.add_argument("--max-total-kb", type=float, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    problems = []

    exported = set()
    for line in nm(["-D", "--defined-only", a.shared]).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWDdBbRr":
            exported.add(parts[2].split("@")[0])
    want = declared(a.source)
    missing = sorted(want - exported)
    extra = sorted(n for n in exported - want if n.startswith("cx_"))
    if missing:
        problems.append("declared in the runtime headers but not exported "
                        "(add to cmake/libcxla_runtime.map): %s" % missing)
    if extra:
        problems.append("exported but not declared in the runtime headers: %s"
                        % extra)

    for lib in (a.static, a.shared):
        flags = ["-A"] if lib == a.static else ["-D"]
        for line in nm(flags + [lib]).splitlines():
            sym = line.split()[-1] if line.split() else ""
            if FORBIDDEN.match(sym):
                problems.append("%s: compiler-side symbol %s" % (lib, line))

    dyn = subprocess.run(["readelf", "-d", a.shared], capture_output=True,
                         text=True, check=True).stdout
    for lib in re.findall(r"Shared library: \[([^\]]+)\]", dyn):
        if not ALLOWED_NEEDED.match(lib):
            problems.append("%s needs %s" % (a.shared, lib))

    # Sizes: the stripped shared library; per object (text + data) from the
    # archive, grouped by source folder.
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, "lib.so")
        subprocess.run(["strip", "--strip-all", "-o", stripped, a.shared],
                       check=True)
        total = os.path.getsize(stripped)
    where = {}
    for dirpath, _, files in os.walk(os.path.join(a.source, "src", "runtime")):
        for f in files:
            rel = os.path.relpath(dirpath, os.path.join(a.source, "src",
                                                        "runtime"))
            where[f + ".o"] = rel
    # The routines (routine_*.c) and the support files only they use form a
    # group of their own: a program without print/probe/rng steps needs none
    # of it, while the core is what every artifact runs on.
    for f in ("npy.c.o", "npy_dtype.c.o", "float_print.c.o", "rng.c.o",
              "tensor_print.c.o", "probe_file.c.o", "special_functions.c.o"):
        where[f] = "routines"
    for obj in list(where):
        if obj.startswith("routine_"):
            where[obj] = "routines"
    # Profiles (cx_rt_profile_t, `cxla bench --profile`) are a diagnostic:
    # the executor calls two small hooks, and a statically linked program
    # that never writes a profile drops the table, JSON and trace writers.
    where["profile.c.o"] = "profiling"
    groups = {"core": 0, "routines": 0, "kernels": 0, "custom_calls": 0, "profiling": 0}
    per_object = {}
    sizes = subprocess.run(["size", a.static], capture_output=True, text=True,
                           check=True).stdout
    for line in sizes.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 6:
            continue
        obj = parts[5]
        nbytes = int(parts[0]) + int(parts[1])
        group = where.get(obj, ".")
        group = group if group in groups else "core"
        groups[group] += nbytes
        per_object[obj] = nbytes
    report = {
        "stripped_shared_kb": round(total / 1024, 1),
        "core_kb": round(groups["core"] / 1024, 1),
        "routines_kb": round(groups["routines"] / 1024, 1),
        "kernels_kb": round(groups["kernels"] / 1024, 1),
        "custom_calls_kb": round(groups["custom_calls"] / 1024, 1),
        "profiling_kb": round(groups["profiling"] / 1024, 1),
    }
    if a.json:
        print(json.dumps(report))
    else:
        print("libcxla_runtime: %(stripped_shared_kb).1f KB stripped (shared); "
              "code+data: core %(core_kb).1f KB, routines %(routines_kb).1f KB, "
              "GEMM/conv kernels "
              "%(kernels_kb).1f KB, custom-call targets %(custom_calls_kb).1f KB, "
              "profiling %(profiling_kb).1f KB" % report)
    if a.max_core_kb and report["core_kb"] > a.max_core_kb:
        problems.append("the core is %.1f KB, over %.0f KB"
                        % (report["core_kb"], a.max_core_kb))
    if a.max_total_kb and report["stripped_shared_kb"] > a.max_total_kb:
        problems.append("the library is %.1f KB stripped, over %.0f KB"
                        % (report["stripped_shared_kb"], a.max_total_kb))
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
