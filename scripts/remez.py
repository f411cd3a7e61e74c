#!/usr/bin/python3
"""Minimax polynomial fits (the Remez exchange algorithm) in high precision.

Usage as a library (scripts/gen_math_coeffs.py):
    c, err = remez(g, w, a, b, powers)
fits P(v) = c[0] v^powers[0] + c[1] v^powers[1] + ... to g on [a, b]
minimizing max |w(v) (g(v) - P(v))|, with mpmath at 60 digits. Then
    round_coeffs(c, 'f64' | 'f32') and max_error(g, w, a, b, c, powers) check the fit
with the coefficients as the generated code holds them.

Needs python3-mpmath (scripts/install-deps.sh).
"""
import mpmath as mp

mp.mp.dps = 60


def _poly(c, v, powers):
    return mp.fsum(x * v ** p for x, p in zip(c, powers))


def _err(g, w, c, v, powers):
    return w(v) * (g(v) - _poly(c, v, powers))


def _refine(f, lo, hi, sign, iters=60):
    """Golden-section search for the extremum of sign*f on [lo, hi]."""
    gr = (mp.sqrt(5) - 1) / 2
    a, b = lo, hi
    x1 = b - gr * (b - a)
    x2 = a + gr * (b - a)
    f1, f2 = sign * f(x1), sign * f(x2)
    for _ in range(iters):
        if f1 > f2:
            b, x2, f2 = x2, x1, f1
            x1 = b - gr * (b - a)
            f1 = sign * f(x1)
        else:
            a, x1, f1 = x1, x2, f2
            x2 = a + gr * (b - a)
            f2 = sign * f(x2)
    x = (a + b) / 2
    return x


def _extrema(g, w, c, a, b, grid, powers):
    f = lambda v: _err(g, w, c, v, powers)
    xs = [a + (b - a) * (1 - mp.cos(mp.pi * i / grid)) / 2 for i in range(grid + 1)]
    ys = [f(x) for x in xs]
    pts = []
    for i in range(len(xs)):
        left = ys[i - 1] if i > 0 else None
        right = ys[i + 1] if i + 1 < len(xs) else None
        y = ys[i]
        s = 1 if y >= 0 else -1
        is_ext = (left is None or s * y >= s * left) and (right is None or s * y >= s * right)
        if not is_ext:
            continue
        if 0 < i < len(xs) - 1:
            x = _refine(f, xs[i - 1], xs[i + 1], s)
            pts.append((x, f(x)))
        else:
            pts.append((xs[i], y))
    # Merge runs of the same sign, keeping the largest of each run.
    merged = []
    for x, y in pts:
        if merged and (merged[-1][1] >= 0) == (y >= 0):
            if abs(y) > abs(merged[-1][1]):
                merged[-1] = (x, y)
        else:
            merged.append((x, y))
    return merged


def remez(g, w, a, b, powers, iters=40, grid=3000, verbose=False):
    """powers: the exponents of the basis (an int d means 0..d)."""
    if isinstance(powers, int):
        powers = list(range(powers + 1))
    a, b = mp.mpf(a), mp.mpf(b)
    degree = len(powers) - 1
    n = degree + 2
    ref = [a + (b - a) * (1 - mp.cos(mp.pi * i / (n - 1))) / 2 for i in range(n)]
    c = None
    best = None
    for it in range(iters):
        # Solve sum_j c_j v_i^j + (-1)^i E / w(v_i) = g(v_i).
        M = mp.matrix(n, n)
        rhs = mp.matrix(n, 1)
        for i, v in enumerate(ref):
            for j in range(degree + 1):
                M[i, j] = v ** powers[j]
            M[i, degree + 1] = (-1) ** i / w(v)
            rhs[i] = g(v)
        sol = mp.lu_solve(M, rhs)
        c = [sol[j] for j in range(degree + 1)]
        lev = abs(sol[degree + 1])
        ext = _extrema(g, w, c, a, b, grid, powers)
        emax = max(abs(y) for _, y in ext)
        if best is None or emax < best[1]:
            best = (c, emax)
        if verbose:
            print("  iter %d level %s max %s (%d extrema)" % (it, mp.nstr(lev, 5), mp.nstr(emax, 5), len(ext)))
        if len(ext) < n:
            break
        # Choose n alternating extrema containing the largest.
        while len(ext) > n:
            if abs(ext[0][1]) < abs(ext[-1][1]):
                ext.pop(0)
            else:
                ext.pop()
        ref = [x for x, _ in ext]
        if emax - lev < lev * mp.mpf("1e-6"):
            break
    return best


def round_coeffs(c, fmt):
    out = []
    for x in c:
        d = float(x)
        if fmt == "f32":
            import struct
            d = struct.unpack("f", struct.pack("f", d))[0]
        out.append(d)
    return out


def max_error(g, w, a, b, c, powers, grid=20000):
    if isinstance(powers, int):
        powers = list(range(powers + 1))
    a, b = mp.mpf(a), mp.mpf(b)
    cm = [mp.mpf(x) for x in c]
    m = mp.mpf(0)
    for i in range(grid + 1):
        v = a + (b - a) * i / grid
        e = abs(_err(g, w, cm, v, powers))
        if e > m:
            m = e
    return m
