#!/usr/bin/python3
"""examples/c/run_artifact.c against the interpreter.

Compiles examples/mlp.mlir and a two-argument program to artifacts, runs the
example (linked with libcxla_runtime only) on .npy inputs and on the inputs it
makes itself, and compares every printed result with `cxla run --interpret`
on the same values. A damaged artifact and a wrong .npy are errors (exit 1,
an `error:` line), never a crash.

usage: example_c_test.py --cxla CXLA --example RUN_ARTIFACT --source SRC --work DIR
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

import numpy as np

TWO_ARGS = """
func.func @main(%x: tensor<3x4xf32>, %n: tensor<4xi32>) -> (tensor<3x4xf32>, tensor<4xi32>) {
  %c = stablehlo.convert %n : (tensor<4xi32>) -> tensor<4xf32>
  %b = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<4xf32>) -> tensor<3x4xf32>
  %0 = stablehlo.multiply %x, %b : tensor<3x4xf32>
  %1 = stablehlo.tanh %0 : tensor<3x4xf32>
  %2 = stablehlo.multiply %n, %n : tensor<4xi32>
  return %1, %2 : tensor<3x4xf32>, tensor<4xi32>
}
"""


def run(cmd, ok=True):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit("FAIL: %s: exit %d\n%s%s" % (" ".join(cmd), p.returncode,
                                               p.stdout, p.stderr))
    return p


def printed_results(text):
    """{index: list of floats} from the example's `result[i]: T = v...` lines."""
    out = {}
    for m in re.finditer(r"^result\[(\d+)\]: \S+ =(.*)$", text, re.M):
        vals = m.group(2).split()
        if vals and vals[-1] == "...":
            vals = vals[:-1]
        out[int(m.group(1))] = [float(v) for v in vals]
    return out


def reference(cxla, prog, npys, work, nres):
    outs = [os.path.join(work, "ref%d.npy" % i) for i in range(nres)]
    run([cxla, "run", prog, "--interpret"] + ["--input=@" + f for f in npys]
        + ["--output=@" + o for o in outs])
    return [np.load(o).ravel() for o in outs]


def compare(got, want, what):
    for i, w in enumerate(want):
        g = np.array(got.get(i, []))
        n = min(8, w.size)
        if g.size != n:
            sys.exit("FAIL: %s: result %d printed %d values, want %d"
                     % (what, i, g.size, n))
        # %g prints six significant digits.
        if not np.allclose(g, w[:n].astype(np.float64), rtol=2e-5, atol=1e-6):
            sys.exit("FAIL: %s: result %d: %s vs interpreter %s"
                     % (what, i, g, w[:n]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxla", required=True)
    ap.add_argument("--example", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    rng = np.random.default_rng(7)

    two = os.path.join(a.work, "two.mlir")
    with open(two, "w") as f:
        f.write(TWO_ARGS)
    cases = [
        (os.path.join(a.source, "examples", "mlp.mlir"),
         [rng.standard_normal((2, 4)).astype(np.float32)], 1),
        (two, [rng.standard_normal((3, 4)).astype(np.float32),
               np.array([3, -1, 0, 7], np.int32)], 2),
    ]
    for k, (prog, inputs, nres) in enumerate(cases):
        art = os.path.join(a.work, "p%d.cxla" % k)
        run([a.cxla, "compile", prog, "-o", art, "--quiet"])
        npys = []
        for j, x in enumerate(inputs):
            npys.append(os.path.join(a.work, "p%d_in%d.npy" % (k, j)))
            np.save(npys[-1], x)
        for threads in ("--threads=1", "--threads=2"):
            p = run([a.example, art, threads] + npys)
            if "@main: %d arguments, %d results" % (len(inputs), nres) not in p.stdout:
                sys.exit("FAIL: signature line missing:\n" + p.stdout)
            compare(printed_results(p.stdout),
                    reference(a.cxla, prog, npys, a.work, nres),
                    "%s with .npy inputs %s" % (prog, threads))
        # Inputs the example makes (cx_buffer_view_fill_random, seed = the
        # argument's index): save them through the tool's --random-inputs,
        # which uses the same generator, and ask the interpreter.
        p = run([a.example, art])
        got = printed_results(p.stdout)
        outs = [os.path.join(a.work, "rnd%d.npy" % i) for i in range(nres)]
        if len(inputs) == 1:
            run([a.cxla, "run", prog, "--interpret", "--random-inputs"]
                + ["--output=@" + o for o in outs])
            compare(got, [np.load(o).ravel() for o in outs],
                    "%s with made-up inputs" % prog)
        elif not got or len(got) != nres:
            sys.exit("FAIL: made-up inputs printed no results:\n" + p.stdout)

    # Errors: a truncated artifact, an .npy of the wrong dtype, no artifact.
    art = os.path.join(a.work, "p0.cxla")
    data = open(art, "rb").read()
    bad = os.path.join(a.work, "truncated.cxla")
    with open(bad, "wb") as f:
        f.write(data[: len(data) // 2])
    p = run([a.example, bad], ok=False)
    if p.returncode != 1 or "error:" not in p.stderr or "truncated" not in p.stderr:
        sys.exit("FAIL: truncated artifact: exit %d, %r" % (p.returncode, p.stderr))
    wrong = os.path.join(a.work, "wrong.npy")
    np.save(wrong, np.zeros((2, 4), np.float64))
    p = run([a.example, art, wrong], ok=False)
    if p.returncode != 1 or "argument 0" not in p.stderr:
        sys.exit("FAIL: wrong dtype: exit %d, %r" % (p.returncode, p.stderr))
    p = run([a.example], ok=False)
    if p.returncode != 2 or "usage" not in p.stderr:
        sys.exit("FAIL: no arguments: exit %d" % p.returncode)
    print("ok: example run_artifact agrees with the interpreter")


if __name__ == "__main__":
    main()
