#!/usr/bin/python3
"""Runs JAX's CUDA/ROCm/TPU export corpus (conformance/jax_platforms) on the CPU.

The programs were exported by JAX for GPUs and TPUs (custom calls of
cuSOLVER, hipSOLVER, cuSPARSE, XLA:TPU, placement and sharding annotations)
and their expected outputs were computed on those devices. Each runs through
`cxla run` (text and bytecode) and is judged as JAX's own test judges it
(jax/tests/export_back_compat_test.py, the test named in each checker):
closeness with that test's tolerances where the result is unique, property
checks where another solver may return different but equally valid factors
(eigenvectors: orthonormal, A v = v diag(w), eigenvalues close).

Output as run_jax_corpus.py: PASS/FAIL/ERROR/XFAIL/XPASS lines and
`N passed, M failed`; the expected-failures file lists `NAME reason` lines.
"""

import argparse
import glob
import os
import re
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_jax_corpus as base  # noqa: E402

# The per-dtype tolerances these tests pass (rtol, atol).
RTOL = {np.float32: 1e-3, np.float64: 1e-5, np.complex64: 1e-3, np.complex128: 1e-5}
ATOL = {np.float32: 1e-4, np.float64: 1e-12, np.complex64: 1e-4, np.complex128: 1e-12}
# test_gpu_eigh_solver_syev and its legacy variant loosen atol for the
# eigenvalues.
EIGH_ATOL = {np.float32: 1e-2, np.float64: 1e-10, np.complex64: 1e-2, np.complex128: 1e-10}
DTYPES = {"f32": np.float32, "f64": np.float64, "c64": np.complex64, "c128": np.complex128}


def test_dtype(name):
    """The dtype a test was parameterized with (`__f32`, `__c128_...`)."""
    m = re.search(r"__(f32|f64|c64|c128)(_|$)", name)
    return DTYPES[m.group(1)] if m else None


def check_close(rtol=None, atol=None, per_dtype=False):
    """Every result close to JAX's: run_one_test(..., rtol, atol); with
    per_dtype the test's RTOL/ATOL tables, else the given values (None:
    jax.test_util's default tolerance for the result's dtype)."""

    def check(ctx):
        dt = test_dtype(ctx["name"])
        for i, (a, e) in enumerate(zip(ctx["actual"], ctx["expected"])):
            if not np.issubdtype(e.dtype, np.inexact):
                base.allclose(a, e, what=f"result #{i}")
            elif per_dtype:
                base.allclose(a, e, RTOL[dt], ATOL[dt], f"result #{i}")
            else:
                base.allclose(a, e, rtol, atol, f"result #{i}")

    return check


def check_rtol_only(ctx):
    # test_gpu_qr_solver_geqrf passes rtol only; atol is the default.
    dt = test_dtype(ctx["name"])
    for i, (a, e) in enumerate(zip(ctx["actual"], ctx["expected"])):
        base.allclose(a, e, RTOL[dt], None, f"result #{i}")


def check_eigh(ctx):
    # check_eigh_results: the operand is eigh_input((n, n)) =
    # (arange + arange^H) / 2; eigenvectors orthonormal and A v = v diag(w)
    # within rtol, eigenvalues close to JAX's.
    dt = test_dtype(ctx["name"])
    rtol, atol = RTOL[dt], EIGH_ATOL[dt]
    v, w = ctx["actual"]
    w_exp = ctx["expected"][1]
    n = v.shape[-1]
    x = np.arange(n * n, dtype=dt).reshape(n, n)
    operand = (x + np.conj(x.T)) / 2
    base.check(v.shape == (n, n) and w.shape == (n,), f"shapes {v.shape}, {w.shape}")
    err = np.linalg.norm(np.eye(n) - np.conj(v.T) @ v)
    base.check(err <= rtol, f"eigenvectors are not orthonormal: |I - V^H V| = {err} > {rtol}")
    res = np.linalg.norm(operand @ v - w[None, :].astype(v.dtype) * v)
    bound = rtol * np.linalg.norm(operand)
    base.check(res <= bound, f"|A V - V diag(w)| = {res} > {bound}")
    base.allclose(w, w_exp, rtol, atol, "eigenvalues")


CHECKERS = [
    # test_gpu_cholesky_solver_potrf
    ("cuda_cholesky_solver_potrf", check_close(per_dtype=True)),
    ("rocm_cholesky_solver_potrf", check_close(per_dtype=True)),
    # test_gpu_eigh_solver_syev, test_gpu_eigh_solver_syev_legacy
    ("cuda_eigh_cusolver_syev", check_eigh),
    ("gpu_eigh_solver_syev", check_eigh),
    ("rocm_eigh_hipsolver_syev", check_eigh),
    # test_cuda_lu_cusolver_getrf, test_rocm_lu_rocsolver_getrf,
    # test_*_lu_pivots_to_permutation: default tolerances
    ("cuda_lu_", check_close()),
    ("rocm_lu_", check_close()),
    # test_gpu_qr_solver_geqrf
    ("cuda_qr_cusolver_geqrf", check_rtol_only),
    ("rocm_qr_hipsolver_geqrf", check_rtol_only),
    # test_gpu_tridiagonal_sytrd, test_gpu_tridiagonal_solve
    ("cuda_tridiagonal_", check_close(per_dtype=True)),
    ("rocm_tridiagonal_", check_close(per_dtype=True)),
    # test_tpu_Qr
    ("tpu_Qr_", check_close(1e-3, 1e-3)),
    # test_tpu_Lu (reconstruction, as run_jax_corpus's check_lu)
    ("tpu_Lu_", base.check_lu),
    # test_tpu_approx_top_k, test_tpu_sharding, test_annotate_device_placement,
    # test_tpu_stablehlo_dynamic_reduce_window_*, test_stablehlo_dynamic_top_k
]


def checker_for(name):
    for prefix, fn in CHECKERS:
        if name.startswith(prefix):
            return fn
    return check_close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cxla", required=True)
    ap.add_argument("--corpus", required=True, help="the conformance/jax_platforms directory")
    ap.add_argument("--formats", default="mlir,mlirbc")
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
    xfail = base.load_xfail(args.expected_failures)
    unknown = sorted(k for k in xfail if k.split(".")[0] not in names)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cxla_jax_platforms_") as tmp:
        for name in names:
            for fmt in args.formats.split(","):
                status, why = base.run_one(args.cxla, args.corpus, name, fmt, tmp,
                                           checker_for(name), mode=args.mode)
                listed = f"{name}.{fmt}" in xfail or name in xfail
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
    if unknown and not args.names:
        for k in unknown:
            print(f"FAIL expected-failures lists {k}, which is not in the corpus")
        failed += len(unknown)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
