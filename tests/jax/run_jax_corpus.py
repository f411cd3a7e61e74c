#!/usr/bin/python3
"""Runs JAX's export back-compat corpus (conformance/jax) through `cxla run`.

Each NAME in the corpus has NAME.mlir (and NAME.mlirbc, the same program as
bytecode), inputs NAME.in<i>.npy and JAX's results NAME.out<i>.npy. This
script runs the program on the inputs and judges the results the way JAX's
own test judges them (jax/tests/export_back_compat_test.py): plain
closeness with per-dtype tolerances where the result is unique, and
property checks where it is not (eigenvectors and singular vectors are
unique only up to phase, LU only up to its pivoting: the test checks that
the decomposition reconstructs its input, that vectors are orthonormal,
that eigenvalues match as sets).

Prints one line per program and format, `PASS name [mlir]`,
`FAIL name [mlir]: why` or `ERROR name [mlir]: why`, then
`N passed, M failed`. An expected-failures file (lines `NAME reason`) turns
known failures into XFAIL; a listed program that passes is XPASS and fails
the run. Exit status 0 only when nothing unexpected happened.
"""

import argparse
import glob
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

# JAX's tolerances for these tests (rtol, atol) by result dtype.
RTOL = {np.float32: 1e-3, np.float64: 1e-5, np.complex64: 1e-3, np.complex128: 1e-5}
ATOL = {np.float32: 1e-4, np.float64: 1e-12, np.complex64: 1e-4, np.complex128: 1e-12}
# jax._src.test_util's defaults, used where a test gives no tolerance.
DEFAULT_TOL = {np.float16: 1e-3, np.float32: 1e-6, np.float64: 1e-15, np.complex64: 1e-6,
               np.complex128: 1e-15}


class CheckFailure(Exception):
    pass


def dtype_of(name, outputs):
    for suffix, dt in (("__f32", np.float32), ("__f64", np.float64), ("__c64", np.complex64),
                       ("__c128", np.complex128)):
        if name.endswith(suffix):
            return dt
    return outputs[0].dtype.type


def allclose(actual, expected, rtol=None, atol=None, what="result"):
    if actual.shape != expected.shape:
        raise CheckFailure(f"{what}: shape {actual.shape} != expected {expected.shape}")
    if actual.dtype != expected.dtype:
        raise CheckFailure(f"{what}: dtype {actual.dtype} != expected {expected.dtype}")
    dt = expected.dtype.type
    if not np.issubdtype(expected.dtype, np.inexact):
        if not np.array_equal(actual, expected):
            idx = np.argwhere(actual != expected)[0]
            raise CheckFailure(f"{what}: first mismatch at {tuple(idx)}: "
                               f"{actual[tuple(idx)]} != {expected[tuple(idx)]}")
        return
    rtol = DEFAULT_TOL.get(dt, 1e-6) if rtol is None else rtol
    atol = DEFAULT_TOL.get(dt, 1e-6) if atol is None else atol
    ok = np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not ok.all():
        idx = tuple(np.argwhere(~ok)[0])
        raise CheckFailure(f"{what}: first mismatch at {idx}: {actual[idx]} vs expected "
                           f"{expected[idx]} (rtol {rtol}, atol {atol})")


def check(cond, msg):
    if not cond:
        raise CheckFailure(msg)


def check_default(ctx):
    dt = ctx["dtype"]
    for i, (a, e) in enumerate(zip(ctx["actual"], ctx["expected"])):
        if np.issubdtype(e.dtype, np.inexact):
            allclose(a, e, RTOL.get(dt), ATOL.get(dt), f"result #{i}")
        else:
            allclose(a, e, what=f"result #{i}")


def check_rtol_only(ctx):
    # test_cpu_qr_lapack_geqrf passes rtol only; atol is jax's default.
    dt = ctx["dtype"]
    for i, (a, e) in enumerate(zip(ctx["actual"], ctx["expected"])):
        allclose(a, e, RTOL.get(dt), None, f"result #{i}")


def check_eig(ctx):
    # test_cpu_eig_lapack_geev: the input is arange(16).reshape(4, 4).
    dt = ctx["dtype"]
    atol = ATOL[dt]  # JAX compares |closest difference| with 0: rtol has no effect
    shape = (4, 4)
    operand = np.arange(math.prod(shape), dtype=dt).reshape(shape)
    w_run, vl, vr = ctx["actual"]
    w_exp = ctx["expected"][0]
    eps = np.finfo(dt).eps

    def norm(x):
        return np.linalg.norm(x, axis=(-2, -1)) / ((shape[-1] + 1) * eps)

    for i in range(shape[-1]):
        check(np.min(np.abs(w_exp - w_run[i])) <= atol,
              f"eigenvalue {w_run[i]} is not among JAX's {w_exp}")
        check(np.min(np.abs(w_run - w_exp[i])) <= atol,
              f"JAX's eigenvalue {w_exp[i]} is not among {w_run}")
    check(np.all(norm(operand @ vr - w_run[None, :] * vr) < 100),
          "right eigenvectors do not satisfy A v = w v")
    a_h = np.conj(operand.T)
    check(np.all(norm(a_h @ vl - np.conj(w_run)[None, :] * vl) < 100),
          "left eigenvectors do not satisfy A^H u = conj(w) u")


def check_eigh(ctx):
    # test_cpu_eigh_lapack_syevd: operand = (arange + arange^H) / 2, 8x8.
    dt = ctx["dtype"]
    rtol, atol = RTOL[dt], ATOL[dt]
    n = 8
    x = np.arange(n * n, dtype=dt).reshape(n, n)
    operand = (x + np.conj(x.T)) / 2
    v, w = ctx["actual"]
    w_exp = ctx["expected"][1]
    check(v.shape == (n, n) and w.shape == (n,), f"shapes {v.shape}, {w.shape}")
    check(np.linalg.norm(np.eye(n) - np.conj(v.T) @ v) <= rtol, "eigenvectors are not orthonormal")
    check(np.linalg.norm(operand @ v - w[None, :].astype(v.dtype) * v) <=
          rtol * np.linalg.norm(operand), "A v != v diag(w)")
    allclose(w, w_exp, rtol, atol, "eigenvalues")


def check_lu(ctx):
    # test_cpu_lu_lapack_getrf: operand = arange(9).reshape(3, 3); checks
    # that P A = L U with the pivots the run returned.
    dt = ctx["dtype"]
    rtol, atol = RTOL[dt], ATOL[dt]
    n = 3
    operand = np.arange(n * n, dtype=dt).reshape(n, n)
    lu, pivots = ctx["actual"][0], ctx["actual"][1]
    l = np.tril(lu, -1) + np.eye(n, dtype=dt)
    u = np.triu(lu)
    a = operand.copy()
    for i in range(n):
        a[[i, pivots[i]], ] = a[[pivots[i], i], ]
    allclose(l @ u, a, rtol, atol, "L U vs permuted A")


def check_schur(ctx):
    # test_cpu_schur_lapack_gees: S T S^H reconstructs the input.
    dt = ctx["dtype"]
    t, s = ctx["actual"]
    allclose(s @ t @ np.conj(s.T), ctx["inputs"][0], RTOL[dt], ATOL[dt], "S T S^H vs input")


def check_svd(ctx):
    # test_cpu_svd_lapack_gesdd (full_matrices, compute_uv): reconstruction
    # and unitarity within 80 eps.
    a = ctx["inputs"][0]
    u, s, vt = ctx["actual"]
    tol = 80 * np.finfo(a.dtype).eps
    b, m, n = a.shape
    k = min(m, n)
    s_c = s.astype(u.dtype)
    if m < n:
        rec = (s_c[..., None, :] * u) @ vt[..., :k, :]
    else:
        rec = (s_c[..., None, :] * u[..., :, :k]) @ vt
    err = np.max(np.linalg.norm(a - rec, axis=(-2, -1)) / np.linalg.norm(a, axis=(-2, -1)))
    check(err < 2 * tol, f"backward error {err} >= {2 * tol}")
    for what, mat in (("U", np.real(np.conj(np.swapaxes(u, -1, -2)) @ u)),
                      ("V", np.real(np.conj(np.swapaxes(vt, -1, -2)) @ vt))):
        eye = np.broadcast_to(np.eye(mat.shape[-1], dtype=mat.dtype), mat.shape)
        allclose(mat, eye, tol, tol, f"{what}^H {what} vs I")


def check_trsm(ctx):
    # test_cpu_triangular_solve_blas_trsm (left side): A X reconstructs B.
    dt = ctx["dtype"]
    a, b = ctx["inputs"]
    (x,) = ctx["actual"]
    y = np.matmul(a.astype(np.complex128 if np.iscomplexobj(a) else np.float64), x)
    allclose(y.astype(b.dtype), b, RTOL[dt], ATOL[dt], "A X vs B")


CHECKERS = [
    ("cpu_eigh_", check_eigh),
    ("cpu_eig_", check_eig),
    ("cpu_lu_", check_lu),
    ("cpu_qr_", check_rtol_only),
    ("cpu_schur_", check_schur),
    ("cpu_svd_", check_svd),
    ("cpu_triangular_solve_", check_trsm),
]


def checker_for(name):
    for prefix, fn in CHECKERS:
        if name.startswith(prefix):
            return fn
    return check_default


def run_one(cxla, corpus, name, fmt, tmp, checker=None, mode="interpret"):
    """Runs one program, in the interpreter or compiled (`mode`); `checker`
    (default: checker_for(name)) judges it."""
    src = os.path.join(corpus, f"{name}.{fmt}")
    if not os.path.exists(src):
        return "ERROR", f"{src} does not exist"
    inputs = sorted(glob.glob(os.path.join(corpus, f"{name}.in*.npy")),
                    key=lambda p: int(p.rsplit(".in", 1)[1][:-4]))
    expected_paths = sorted(glob.glob(os.path.join(corpus, f"{name}.out*.npy")),
                            key=lambda p: int(p.rsplit(".out", 1)[1][:-4]))
    outs = [os.path.join(tmp, f"{name}.{fmt}.out{i}.npy") for i in range(len(expected_paths))]
    for o in outs:
        if os.path.exists(o):
            os.remove(o)
    cmd = ([cxla, "run"] + (["--interpret"] if mode == "interpret" else ["--threads=1"]) + [src] +
           [f"--input=@{p}" for p in inputs] + [f"--output=@{o}" for o in outs])
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "ERROR", "timed out after 120 s"
    if proc.returncode < 0:
        return "ERROR", f"cxla crashed (signal {-proc.returncode}): {proc.stderr.strip()[-300:]}"
    if proc.returncode != 0:
        msg = proc.stderr.strip().splitlines()
        return "ERROR", (msg[-1] if msg else f"exit status {proc.returncode}")
    expected = [np.load(p) for p in expected_paths]
    actual = []
    for o in outs:
        if not os.path.exists(o):
            return "ERROR", f"cxla wrote no {os.path.basename(o)}"
        actual.append(np.load(o))
    ctx = {
        "name": name,
        "inputs": [np.load(p) for p in inputs],
        "expected": expected,
        "actual": actual,
        "dtype": dtype_of(name, expected),
    }
    if checker is None:
        checker = checker_for(name)
    for i, (a, e) in enumerate(zip(actual, expected)):
        if a.shape != e.shape or a.dtype != e.dtype:
            return "FAIL", f"result #{i} is {a.dtype}{list(a.shape)}, JAX's is {e.dtype}{list(e.shape)}"
    try:
        checker(ctx)
    except CheckFailure as e:
        return "FAIL", str(e)
    return "PASS", ""


def load_xfail(paths):
    """`NAME reason` lines of one expected-failures file or of several."""
    xfail = {}
    if not paths:
        return xfail
    if isinstance(paths, str):
        paths = [paths]
    for path in paths:
        xfail.update(_load_xfail_file(path))
    return xfail


def _load_xfail_file(path):
    xfail = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, reason = line.partition(" ")
            xfail[key] = reason.strip()
    return xfail


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cxla", required=True)
    ap.add_argument("--corpus", required=True, help="the conformance/jax directory")
    ap.add_argument("--formats", default="mlir,mlirbc",
                    help="comma-separated: mlir (text), mlirbc (bytecode)")
    ap.add_argument("--expected-failures", action="append", default=None,
                    help="an expected-failures file (may be repeated)")
    ap.add_argument("--mode", choices=("interpret", "compile"), default="interpret",
                    help="run in the reference interpreter (default) or as compiled code")
    ap.add_argument("names", nargs="*", help="programs to run (default: all)")
    args = ap.parse_args()

    names = args.names or sorted(os.path.basename(p)[:-5]
                                 for p in glob.glob(os.path.join(args.corpus, "*.json")))
    if not names:
        print(f"no programs in {args.corpus}", file=sys.stderr)
        return 2
    xfail = load_xfail(args.expected_failures)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cxla_jax_") as tmp:
        for name in names:
            for fmt in args.formats.split(","):
                key = f"{name}.{fmt}"
                status, why = run_one(args.cxla, args.corpus, name, fmt, tmp, mode=args.mode)
                listed = key in xfail or name in xfail
                if status == "PASS" and listed:
                    print(f"XPASS {name} [{fmt}]: listed as expected to fail; remove its line")
                    failed += 1
                elif status == "PASS":
                    print(f"PASS {name} [{fmt}]")
                    passed += 1
                elif listed:
                    print(f"XFAIL {name} [{fmt}]: {why}")
                else:
                    print(f"{status} {name} [{fmt}]: {why}")
                    failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
