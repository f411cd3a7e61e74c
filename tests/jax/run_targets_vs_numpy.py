#!/usr/bin/python3
"""The LAPACK/BLAS custom-call targets beyond what the JAX corpus exercises:
every routine in every element type, batched, with each attribute value
(uplo, side, trans_x, diag, modes), square and rectangular, run through
`cxla run` with JAX's layouts and checked with numpy: reconstructions
(P A = L U, Q R = A, Z T Z^H = A, ...), eigen/singular values against
numpy's, residuals against tolerances scaled by the type's epsilon.

usage: run_targets_vs_numpy.py CXLA
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

TYPES = {"s": np.float32, "d": np.float64, "c": np.complex64, "z": np.complex128}
MLIR_ELEM = {np.float32: "f32", np.float64: "f64", np.complex64: "complex<f32>",
             np.complex128: "complex<f64>", np.int32: "i32"}
REAL = {np.float32: np.float32, np.float64: np.float64, np.complex64: np.float32,
        np.complex128: np.float64}
CPLX = {np.float32: np.complex64, np.float64: np.complex128, np.complex64: np.complex64,
        np.complex128: np.complex128}

rng = np.random.default_rng(7)


class Failure(Exception):
    pass


def tensor(shape, dt):
    return "tensor<" + "".join(f"{d}x" for d in shape) + MLIR_ELEM[dt] + ">"


def layout(rank, matrix):
    """JAX's layouts: matrices column-major under row-major batch dims."""
    nb = rank - 2 if matrix else rank
    dims = ([nb, nb + 1] if matrix else []) + list(range(nb - 1, -1, -1))
    if not dims:
        return "dense<> : tensor<0xindex>"
    return f"dense<{dims}> : tensor<{len(dims)}xindex>"


def rand(shape, dt):
    x = rng.standard_normal(shape)
    if np.issubdtype(dt, np.complexfloating):
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dt)


def call(cxla, target, inputs, results, attrs, tmp, matrix_in=None, matrix_out=None):
    """Runs one custom call. inputs: arrays; results: (shape, dtype) pairs.
    matrix_in/out say which buffers are matrices (default: rank >= 2)."""
    matrix_in = matrix_in or [a.ndim >= 2 for a in inputs]
    matrix_out = matrix_out or [len(s) >= 2 for s, _ in results]
    args = ", ".join(f"%arg{i}: {tensor(a.shape, a.dtype.type)}" for i, a in enumerate(inputs))
    rtypes = [tensor(s, d) for s, d in results]
    cfg = ", ".join(f"{k} = {v}" for k, v in attrs.items())
    ol = ", ".join(layout(a.ndim, m) for a, m in zip(inputs, matrix_in))
    rl = ", ".join(layout(len(s), m) for (s, _), m in zip(results, matrix_out))
    names = ", ".join(f"%arg{i}" for i in range(len(inputs)))
    n = len(results)
    lhs = "%r" if n == 1 else f"%r:{n}"
    rets = "%r" if n == 1 else ", ".join(f"%r#{i}" for i in range(n))
    text = (f"func.func @main({args}) -> ({', '.join(rtypes)}) {{\n"
            f"  {lhs} = stablehlo.custom_call @{target}({names}) {{mhlo.backend_config = {{{cfg}}}, "
            f"operand_layouts = [{ol}], result_layouts = [{rl}]}} : "
            f"({', '.join(tensor(a.shape, a.dtype.type) for a in inputs)}) -> ({', '.join(rtypes)})\n"
            f"  return {rets} : {', '.join(rtypes)}\n}}\n")
    src = os.path.join(tmp, "p.mlir")
    with open(src, "w") as f:
        f.write(text)
    cmd = [cxla, "run", "--interpret", src]
    for i, a in enumerate(inputs):
        p = os.path.join(tmp, f"in{i}.npy")
        np.save(p, a)
        cmd.append(f"--input=@{p}")
    outs = [os.path.join(tmp, f"out{i}.npy") for i in range(n)]
    cmd += [f"--output=@{p}" for p in outs]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise Failure(f"cxla run failed ({proc.returncode}): {proc.stderr.strip()[-500:]}\n{text}")
    return [np.load(p) for p in outs]


def ch(c):
    return f"{ord(c)} : ui8"


def eps(dt):
    return np.finfo(REAL[dt]).eps


def close(a, b, tol, what):
    err = np.max(np.abs(np.asarray(a) - np.asarray(b))) if np.size(a) else 0.0
    scale = max(1.0, np.max(np.abs(b)) if np.size(b) else 1.0)
    if not err <= tol * scale:
        raise Failure(f"{what}: max error {err:.3g} > {tol:.3g} x {scale:.3g}")


def H(x):
    return np.conj(np.swapaxes(x, -1, -2))


def spd(batch, n, dt):
    a = rand(batch + (n, n), dt)
    return (a @ H(a) + n * np.eye(n)).astype(dt)


def herm(batch, n, dt):
    a = rand(batch + (n, n), dt)
    return ((a + H(a)) / 2).astype(dt)


# ---- one function per routine ---------------------------------------------------------------

def t_potrf(cxla, p, dt, tmp):
    a = spd((2, 3), 4, dt)
    for uplo in "LU":
        x, info = call(cxla, f"lapack_{p}potrf_ffi", [a], [(a.shape, dt), ((2, 3), np.int32)],
                       {"uplo": ch(uplo)}, tmp)
        l = np.linalg.cholesky(a.astype(CPLX[dt] if np.iscomplexobj(a) else np.float64))
        want = l if uplo == "L" else H(l)
        got = np.tril(x) if uplo == "L" else np.triu(x)
        close(got, want, 50 * eps(dt), f"potrf uplo={uplo}")
        close(np.tril(x, -1) if uplo == "U" else np.triu(x, 1),
              np.tril(a, -1) if uplo == "U" else np.triu(a, 1), 0, "untouched triangle")
        assert not info.any(), info


def t_getrf(cxla, p, dt, tmp):
    for m, n in ((4, 3), (3, 5), (4, 4)):
        a = rand((2, m, n), dt)
        k = min(m, n)
        lu, piv, info = call(cxla, f"lapack_{p}getrf_ffi", [a],
                             [(a.shape, dt), ((2, k), np.int32), ((2,), np.int32)], {}, tmp,
                             matrix_out=[True, False, False])
        for b in range(2):
            l = np.tril(lu[b], -1)[:, :k] + np.eye(m, k)
            u = np.triu(lu[b])[:k, :]
            pa = a[b].copy()
            for i in range(k):
                j = piv[b, i] - 1
                pa[[i, j]] = pa[[j, i]]
            close(l @ u, pa, 50 * eps(dt), f"getrf {m}x{n} P A = L U")
        assert not info.any()


def t_qr(cxla, p, dt, tmp):
    orgqr = f"lapack_{p}{'un' if p in 'cz' else 'or'}gqr_ffi"
    for m, n in ((5, 3), (3, 3)):
        a = rand((2, m, n), dt)
        x, tau = call(cxla, f"lapack_{p}geqrf_ffi", [a], [(a.shape, dt), ((2, n), dt)], {}, tmp,
                      matrix_out=[True, False])
        (q,) = call(cxla, orgqr, [x, tau], [(a.shape, dt)], {}, tmp, matrix_in=[True, False])
        r = np.triu(x)[:, :n, :]
        close(q @ r, a, 50 * eps(dt), f"geqrf+orgqr {m}x{n}: Q R = A")
        close(H(q) @ q, np.broadcast_to(np.eye(n), (2, n, n)), 50 * eps(dt), "Q^H Q = I")


def t_geqp3(cxla, p, dt, tmp):
    orgqr = f"lapack_{p}{'un' if p in 'cz' else 'or'}gqr_ffi"
    m, n = 5, 3
    a = rand((2, m, n), dt)
    jpvt = np.zeros((2, n), np.int32)
    x, perm, tau = call(cxla, f"lapack_{p}geqp3_ffi", [a, jpvt],
                        [(a.shape, dt), ((2, n), np.int32), ((2, n), dt)], {}, tmp,
                        matrix_in=[True, False], matrix_out=[True, False, False])
    (q,) = call(cxla, orgqr, [x, tau], [(a.shape, dt)], {}, tmp, matrix_in=[True, False])
    for b in range(2):
        if sorted(perm[b]) != list(range(1, n + 1)):
            raise Failure(f"geqp3 pivots {perm[b]} are not a permutation of 1..{n}")
        r = np.triu(x[b])[:n, :]
        close(q[b] @ r, a[b][:, perm[b] - 1], 50 * eps(dt), "geqp3: Q R = A P")
        d = np.abs(np.diagonal(r))
        if not np.all(d[:-1] + 50 * eps(dt) * d[0] >= d[1:]):
            raise Failure(f"geqp3: |diag(R)| {d} is not non-increasing")


def t_evd(cxla, p, dt, tmp):
    target = f"lapack_{p}{'heevd' if p in 'cz' else 'syevd'}_ffi"
    a = herm((2,), 5, dt)
    wref = np.linalg.eigvalsh(a.astype(CPLX[dt] if np.iscomplexobj(a) else np.float64))
    for uplo in "LU":
        # Only the chosen triangle may be read: poison the other one.
        poisoned = np.tril(a) if uplo == "L" else np.triu(a)
        poisoned = poisoned + (np.triu(np.full_like(a, 7), 1) if uplo == "L"
                               else np.tril(np.full_like(a, 7), -1))
        for mode in "VN":
            v, w, info = call(cxla, target, [poisoned],
                              [(a.shape, dt), ((2, 5), REAL[dt]), ((2,), np.int32)],
                              {"uplo": ch(uplo), "mode": ch(mode)}, tmp,
                              matrix_out=[True, False, False])
            close(w, wref, 100 * eps(dt), f"eigenvalues uplo={uplo} mode={mode}")
            if mode == "V":
                close(a @ v, v * w[:, None, :], 100 * eps(dt), "A V = V diag(w)")
            assert not info.any()


def t_geev(cxla, p, dt, tmp):
    a = rand((2, 4, 4), dt)
    cdt = CPLX[dt]
    cplx = p in "cz"
    for left in "VN":
        shapes = ([((2, 4), dt)] if cplx else [((2, 4), dt), ((2, 4), dt)]) + \
            [((2, 4, 4), cdt), ((2, 4, 4), cdt), ((2,), np.int32)]
        out = call(cxla, f"lapack_{p}geev_ffi", [a], shapes,
                   {"compute_left": ch(left), "compute_right": ch("V")}, tmp,
                   matrix_out=[len(s) == 3 for s, _ in shapes])
        w = out[0] if cplx else out[0] + 1j * out[1]
        vl, vr, info = out[-3], out[-2], out[-1]
        assert not info.any()
        for b in range(2):
            ref = np.linalg.eigvals(a[b].astype(np.complex128))
            for x in w[b]:
                if np.min(np.abs(ref - x)) > 1e3 * eps(dt) * max(1, np.abs(ref).max()):
                    raise Failure(f"geev eigenvalue {x} not in {ref}")
        tol = 200 * eps(dt)
        close(a @ vr, vr * w[:, None, :], tol, "A vr = vr w")
        if left == "V":
            close(H(a) @ vl, vl * np.conj(w)[:, None, :], tol, "A^H vl = vl conj(w)")


def t_gesdd(cxla, p, dt, tmp):
    for m, n in ((4, 3), (3, 5)):
        a = rand((2, m, n), dt)
        k = min(m, n)
        sref = np.linalg.svd(a.astype(CPLX[dt] if np.iscomplexobj(a) else np.float64),
                             compute_uv=False)
        for mode in "ASN":
            ud = (m, k) if mode == "S" else (m, m)
            vd = (k, n) if mode == "S" else (n, n)
            _, s, u, vt, info = call(cxla, f"lapack_{p}gesdd_ffi", [a],
                                     [(a.shape, dt), ((2, k), REAL[dt]), ((2,) + ud, dt),
                                      ((2,) + vd, dt), ((2,), np.int32)],
                                     {"mode": ch(mode)}, tmp,
                                     matrix_out=[True, False, True, True, False])
            close(s, sref, 50 * eps(dt), f"singular values {m}x{n} mode={mode}")
            assert not info.any()
            if mode != "N":
                rec = (u[..., :, :k] * s[:, None, :].astype(dt)) @ vt[..., :k, :]
                close(rec, a, 100 * eps(dt), f"U S V^T = A mode={mode}")


def t_gees(cxla, p, dt, tmp):
    a = rand((2, 4, 4), dt)
    cplx = p in "cz"
    for mode in "VN":
        shapes = [((2, 4, 4), dt), ((2, 4, 4), dt)] + \
            ([((2, 4), dt)] if cplx else [((2, 4), dt), ((2, 4), dt)]) + \
            [((2,), np.int32), ((2,), np.int32)]
        out = call(cxla, f"lapack_{p}gees_ffi", [a], shapes, {"mode": ch(mode), "sort": ch("N")},
                   tmp, matrix_out=[len(s) == 3 for s, _ in shapes])
        t, z, info = out[0], out[1], out[-1]
        assert not info.any() and not out[-2].any()
        close(np.tril(t, -1 if cplx else -2), np.zeros_like(t), 0, "T (quasi-)triangular")
        if mode == "V":
            close(z @ t @ H(z), a, 100 * eps(dt), "Z T Z^H = A")
        w = out[2] if cplx else out[2] + 1j * out[3]
        for b in range(2):
            ref = np.linalg.eigvals(a[b].astype(np.complex128))
            for x in w[b]:
                if np.min(np.abs(ref - x)) > 1e3 * eps(dt) * max(1, np.abs(ref).max()):
                    raise Failure(f"gees eigenvalue {x} not in {ref}")


def householder_q(x, tau, first):
    """Q = H_0 ... H_{k-1} from reflectors stored below row `first + i`."""
    n = x.shape[0]
    q = np.eye(n, dtype=x.dtype)
    for i in range(len(tau)):
        v = np.zeros(n, dtype=x.dtype)
        v[i + first] = 1
        v[i + first + 1:] = x[i + first + 1:, i]
        q = q @ (np.eye(n, dtype=x.dtype) - tau[i] * np.outer(v, np.conj(v)))
    return q


def t_gehrd(cxla, p, dt, tmp):
    n = 5
    a = rand((2, n, n), dt)
    x, tau, info = call(cxla, f"lapack_{p}gehrd_ffi", [a],
                        [(a.shape, dt), ((2, n - 1), dt), ((2,), np.int32)],
                        {"low": "1 : i32", "high": f"{n} : i32"}, tmp,
                        matrix_out=[True, False, False])
    assert not info.any()
    for b in range(2):
        hm = np.triu(x[b], -1)
        q = householder_q(x[b], tau[b], 1)
        close(q @ hm @ H(q), a[b], 100 * eps(dt), "Q H Q^H = A")


def t_trd(cxla, p, dt, tmp):
    target = f"lapack_{p}{'hetrd' if p in 'cz' else 'sytrd'}_ffi"
    n = 5
    a = herm((2,), n, dt)
    for uplo in "LU":
        x, d, e, tau, info = call(cxla, target, [a],
                                  [(a.shape, dt), ((2, n), REAL[dt]), ((2, n - 1), REAL[dt]),
                                   ((2, n - 1), dt), ((2,), np.int32)],
                                  {"uplo": ch(uplo)}, tmp,
                                  matrix_out=[True, False, False, False, False])
        assert not info.any()
        for b in range(2):
            t = np.diag(d[b]) + np.diag(e[b], 1) + np.diag(e[b], -1)
            close(np.linalg.eigvalsh(t), np.linalg.eigvalsh(a[b]), 100 * eps(dt),
                  f"sytrd uplo={uplo}: T has A's eigenvalues")


def t_gtsv(cxla, p, dt, tmp):
    m, nrhs = 5, 3
    dl, d, du = rand((2, m), dt), rand((2, m), dt) + 4, rand((2, m), dt)
    bmat = rand((2, m, nrhs), dt)
    _, _, _, x, info = call(cxla, f"lapack_{p}gtsv_ffi", [dl, d, du, bmat],
                            [((2, m), dt)] * 3 + [((2, m, nrhs), dt), ((2,), np.int32)], {}, tmp,
                            matrix_in=[False, False, False, True],
                            matrix_out=[False, False, False, True, False])
    assert not info.any()
    for b in range(2):
        full = np.diag(d[b]) + np.diag(dl[b, 1:], -1) + np.diag(du[b, :-1], 1)
        close(full @ x[b], bmat[b], 100 * eps(dt), "tridiagonal A x = b")


def t_trsm(cxla, p, dt, tmp):
    m, n = 4, 3
    for side in "LR":
        k = m if side == "L" else n
        a = rand((2, k, k), dt) + 4 * np.eye(k, dtype=dt)
        y = rand((2, m, n), dt)
        for uplo in "LU":
            for trans in "NTC":
                for diag in "NU":
                    (z,) = call(cxla, f"lapack_{p}trsm_ffi", [a, y], [(y.shape, dt)],
                                {"side": ch(side), "uplo": ch(uplo), "trans_x": ch(trans),
                                 "diag": ch(diag)}, tmp)
                    t = np.tril(a) if uplo == "L" else np.triu(a)
                    if diag == "U":  # the diagonal is implied, never read
                        idx = np.arange(k)
                        t = t.copy()
                        t[:, idx, idx] = 1
                    op = t if trans == "N" else (np.swapaxes(t, -1, -2) if trans == "T" else H(t))
                    got = op @ z if side == "L" else z @ op
                    close(got, y, 100 * eps(dt), f"trsm side={side} uplo={uplo} trans={trans} "
                          f"diag={diag}")


TESTS = [t_potrf, t_getrf, t_qr, t_geqp3, t_evd, t_geev, t_gesdd, t_gees, t_gehrd, t_trd, t_gtsv, t_trsm]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    cxla = sys.argv[1]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="cxla_lapack_") as tmp:
        for test in TESTS:
            for p, dt in TYPES.items():
                name = f"{test.__name__[2:]}[{p}]"
                try:
                    test(cxla, p, dt, tmp)
                    print(f"PASS {name}")
                except (Failure, AssertionError) as e:
                    print(f"FAIL {name}: {e}")
                    failed += 1
    total = len(TESTS) * len(TYPES)
    print(f"{total - failed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
