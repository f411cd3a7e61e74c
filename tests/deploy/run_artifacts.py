#!/usr/bin/python3
"""compile -> artifact -> run with libcxla_runtime alone, against the JIT.

For each program (the artifact seeds, a sample of the conformance corpus,
the corpus's models):

1. `cxla compile` writes an artifact for this machine (and, with --aarch64,
   one for AArch64);
2. cxla-rt-run (linked with nothing but libcxla_runtime) loads it, makes up
   its arguments (seeded), saves them as .npy, runs it and saves the results;
   test programs' check ops run inside the artifact and must hold;
3. `cxla run FILE --input=@arg0.npy ...` runs the same program through the
   JIT on the same arguments;
4. the artifact's results must equal the JIT's bit for bit;
5. with --aarch64 "RUNNER...": the AArch64 artifact runs under the given
   runner (qemu-user and a cross-built cxla-rt-run) and its results must
   match the JIT's within the tolerance of cxla's differential tests (libm
   and fused multiply-adds differ between the machines).

A model that the compiler does not support yet is reported (with the
compiler's message) and skipped, not failed: others are still adding ops.
Prints one line per program with the artifact size, load time and call time.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

NOT_YET = re.compile(r"not supported by the compiler yet|is not supported|has no data \(an elided")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def load_dir(d):
    out = {}
    if not os.path.isdir(d):
        return out
    for f in os.listdir(d):
        if f.endswith(".npy"):
            out[f] = np.load(os.path.join(d, f), allow_pickle=False)
    return out


def float_view(a):
    """(values as float64 or complex128, is_float) for comparison."""
    if a.dtype.kind in "fc":
        return a.astype(np.complex128 if a.dtype.kind == "c" else np.float64), True
    return a, False


def close(got, want, name):
    """None if got matches want within cxla's differential tolerance."""
    if got.shape != want.shape or got.dtype != want.dtype:
        return "%s: %s %s vs %s %s" % (name, got.dtype, got.shape, want.dtype,
                                       want.shape)
    if got.dtype.kind == "V":  # bf16 / f8 raw bits: compare as integers
        bits = got.dtype.itemsize
        got = got.view(np.uint16 if bits == 2 else np.uint8).astype(np.int64)
        want = want.view(np.uint16 if bits == 2 else np.uint8).astype(np.int64)
        # One unit in the last place of a 7-bit (bf16) or 3-bit (f8) mantissa;
        # NaNs of any sign and payload are equal (x86's default NaN is
        # negative, AArch64's positive).
        bad = np.abs(got - want) > 1
        if bits == 2:
            nan = lambda b: ((b & 0x7f80) == 0x7f80) & ((b & 0x7f) != 0)
            bad &= ~(nan(got) & nan(want))
        return None if not bad.any() else "%s: raw bits differ at %s" % (
            name, np.argwhere(bad)[0])
    g, is_float = float_view(got)
    w, _ = float_view(want)
    if not is_float:
        bad = g != w
        return None if not bad.any() else "%s: differs at %s: %s vs %s" % (
            name, np.argwhere(bad)[0], g[tuple(np.argwhere(bad)[0])],
            w[tuple(np.argwhere(bad)[0])])
    rtol = {2: 1e-2, 4: 1e-5, 8: 1e-12, 16: 1e-12}.get(got.dtype.itemsize, 1e-5)
    scale = np.max(np.abs(w[np.isfinite(w)])) if np.isfinite(w).any() else 1.0
    same_nan = np.isnan(g) & np.isnan(w)
    ok = (g == w) | same_nan | (np.abs(g - w) <= rtol * max(scale, 1e-30))
    if ok.all():
        return None
    i = tuple(np.argwhere(~ok)[0])
    return "%s: differs at %s: %r vs %r" % (name, i, g[i], w[i])


def programs(a):
    """(name, path, compile flags, runs under emulation) of every program."""
    seeds = os.path.join(a.source, "fuzz", "artifact_seeds")
    for f in sorted(os.listdir(seeds)):
        if f.endswith(".mlir"):
            yield f[:-5], os.path.join(seeds, f), [], True
    if a.conformance and a.sample:
        xfail = set()
        with open(os.path.join(a.source, "tests", "conformance",
                               "expected_failures_compiled.txt")) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    xfail.add(line.split()[0])
        td = os.path.join(a.conformance, "testdata")
        files = sorted(f for f in os.listdir(td) if f.endswith(".mlir"))
        chosen = []
        for i, f in enumerate(files):
            if ("testdata/" + f) in xfail:
                continue
            with open(os.path.join(td, f)) as h:
                text = h.read()
            if "// -----" in text or "func.func public @main()" not in text:
                continue
            chosen.append(f)
        step = max(1, len(chosen) // a.sample)
        for f in chosen[::step][:a.sample]:
            yield "testdata/" + f[:-5], os.path.join(td, f), [], True
    if a.conformance and a.models:
        md = os.path.join(a.conformance, "models")
        for m, flags, emulate in (("searchless_chess_9m", [], True),
                                  ("pt_bert", [], False),
                                  ("jax_resnet_50", ["--fill-elided"], False)):
            p = os.path.join(md, m + ".mlir")
            if os.path.exists(p):
                yield "models/" + m, p, flags, emulate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxla", required=True)
    ap.add_argument("--rt-run", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--conformance")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--models", action="store_true")
    ap.add_argument("--aarch64", help="command prefix that runs an AArch64 "
                    "cxla-rt-run, e.g. 'qemu-aarch64 -L /usr/aarch64-linux-gnu "
                    "build-aarch64/cxla-rt-run'")
    ap.add_argument("--only-emulated", action="store_true",
                    help="with --aarch64: skip programs too slow to emulate")
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    failures, not_yet = [], []
    for name, path, flags, emulate in programs(a):
        if a.only_emulated and not emulate:
            continue
        d = os.path.join(a.work, name.replace("/", "_"))
        os.makedirs(d)
        art = os.path.join(d, "host.cxla")
        t0 = time.time()
        r = run([a.cxla, "compile", path, "-q", "-o", art] + flags)
        compile_s = time.time() - t0
        if r.returncode:
            if name.startswith("models/") and NOT_YET.search(r.stderr):
                not_yet.append((name, r.stderr.strip().splitlines()[0]))
                print("NOT YET %s: %s" % (name, r.stderr.strip().splitlines()[0]))
                continue
            failures.append("%s: cxla compile: %s" % (name, r.stderr.strip()))
            continue
        # The artifact through the runtime alone.
        r = run([a.rt_run, art, "--seed=1", "--save-inputs=" + d + "/in",
                 "--outputs=" + d + "/host", "--iterations=3"])
        if r.returncode:
            failures.append("%s: cxla-rt-run: %s" % (name, r.stderr.strip()))
            continue
        m = re.search(r"loaded in ([0-9.]+) ms; median call ([0-9.]+) ms", r.stdout)
        # The JIT on the same arguments.
        ins = sorted(f for f in os.listdir(d + "/in")) if os.path.isdir(d + "/in") else []
        ins.sort(key=lambda f: int(f[3:-4]))
        host = load_dir(d + "/host")
        os.makedirs(d + "/jit")
        outs = ["--output=@%s/jit/result%d.npy" % (d, i) for i in range(len(host))]
        r = run([a.cxla, "run", path] + flags +
                ["--input=@%s/in/%s" % (d, f) for f in ins] + outs)
        if r.returncode:
            failures.append("%s: cxla run (JIT): %s" % (name, r.stderr.strip()))
            continue
        jit = load_dir(d + "/jit")
        for k in sorted(jit):
            if k not in host or host[k].tobytes() != jit[k].tobytes() or \
                    host[k].dtype != jit[k].dtype:
                failures.append("%s: %s of the artifact differs from the JIT's (%s)"
                                % (name, k, close(host.get(k, np.zeros(0)), jit[k], k)))
        line = "ok %-60s %9d bytes  compile %6.2f s  load %8s ms  call %8s ms" % (
            name, os.path.getsize(art), compile_s, m.group(1) if m else "?",
            m.group(2) if m else "?")
        if a.aarch64 and emulate:
            arm = os.path.join(d, "aarch64.cxla")
            r = run([a.cxla, "compile", path, "-q", "--target=aarch64", "-o", arm] + flags)
            if r.returncode:
                failures.append("%s: cxla compile --target=aarch64: %s" % (name, r.stderr.strip()))
                continue
            r = run(a.aarch64.split() + [arm, "--seed=1", "--outputs=" + d + "/arm"])
            if r.returncode:
                failures.append("%s: aarch64 run: %s %s" % (name, r.stdout.strip(),
                                                           r.stderr.strip()))
                continue
            armres = load_dir(d + "/arm")
            exact, matched = True, True
            for k in sorted(jit):
                if k not in armres:
                    failures.append("%s: aarch64: no %s" % (name, k))
                    matched = False
                    continue
                exact = exact and armres[k].tobytes() == jit[k].tobytes()
                why = close(armres[k], jit[k], k)
                if why:
                    failures.append("%s: aarch64: %s" % (name, why))
                    matched = False
            line += "  aarch64 %s" % ("bit-identical" if exact else
                                      "within tolerance" if matched else "DIFFERS")
        print(line)
        sys.stdout.flush()
    for n, why in not_yet:
        print("not compiled yet: %s (%s)" % (n, why))
    for f in failures:
        print("FAIL " + f)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
