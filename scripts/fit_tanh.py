#!/usr/bin/python3
"""Fits the interval tables of the f32 tanh in src/codegen/cg_math.c.

    /usr/bin/python3 scripts/fit_tanh.py [--check]

tanh(|x|) for |x| <= 9.5 is one polynomial of degree 5 per interval,
p_i(t) = sum c_ik t^k with t = |x| - m_i. The intervals are those of the top
bits of |x|'s float representation, bits >> 21 (the exponent and two
significand bits): i = max(0, (bits >> 21) - 491). Interval 0 is [0, 2^-4)
(m_0 = 0, an odd polynomial t + c3 t^3 + c5 t^5); interval i >= 1 holds the
floats whose bits >> 21 are i + 491, four per binade ([2^-4, 1.25 2^-4),
[1.25 2^-4, 1.5 2^-4), ...); the last, 29, is [8, 10), used up to 9.5 (|x| is
clamped there, where tanh rounds to 1). m_i is the interval's midpoint, so
t = |x| - m_i is exact (Sterbenz). The tables are printed in interval order;
cg_math.c stores them rotated (entry i at position (i + 491) mod 32).

Each fit is weighted least squares on Chebyshev nodes with Lawson's
reweighting towards the minimax relative error, in double; the coefficients
are then rounded to f32 one at a time from c0 up, the remaining ones refitted
after each rounding. --check evaluates the rounded tables as the generated
code does (f32 FMAs in Horner's order) on many points of every interval and
prints the largest error in ULPs. The output (C arrays) is pasted into
src/support/tanh_table.h: CX_TANH_TBL_M (midpoints), CX_TANH_TBL_C (32 entries per coefficient,
lowest power first; entries 30 and 31 repeat 29).
"""
import re
import struct
import sys

import numpy as np

DEG = 5
NUM = 30      # intervals in use
SIZE = 32     # table entries (one 2-source permute of 16-lane vectors)
BASE = 491    # (bits >> 21) of 2^-4 minus one
CLAMP = 9.5


def f32(v):
    return float(np.float32(v))


def hexf(v):
    """A C float literal of the f32 value v."""
    if v == 0:
        return "0.0f"
    m = re.match(r"(-?0x1\.?)([0-9a-f]*)(p[-+]\d+)", float(v).hex())
    frac = m.group(2).rstrip("0")
    return "%s%s%sf" % (m.group(1).rstrip("."), "." + frac if frac else "", m.group(3))


def of_bits(u):
    return struct.unpack("<f", struct.pack("<I", u))[0]


def interval(i):
    if i == 0:
        return 0.0, 2.0 ** -4, 0.0
    lo, hi = of_bits((i + BASE) << 21), of_bits((i + BASE + 1) << 21)
    m = (lo + hi) / 2
    return lo, min(hi, CLAMP), m


def lawson(V, y, w0, iters=40):
    """Weighted least squares of V c ~ y, reweighted towards minimax of |V c - y| w0."""
    w = np.ones_like(y)
    c = None
    for _ in range(iters):
        sw = np.sqrt(w) * w0
        c = np.linalg.lstsq(V * sw[:, None], y * sw, rcond=None)[0]
        e = np.abs(V @ c - y) * w0
        w = w * (e / e.max() + 1e-3)
        w /= w.sum()
    return c


def fit(i, n=400):
    lo, hi, m = interval(i)
    x = (lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (np.arange(n) + 0.5) / n)
    x = np.concatenate([x, [lo, hi]])
    if i == 0:
        x = x[x > 0]
    t = x - m
    y = np.tanh(x)
    w0 = 1 / y
    powers = [3, 5] if i == 0 else list(range(DEG + 1))
    fixed = {1: 1.0} if i == 0 else {}
    c = {}
    free = [p for p in powers]
    # Round one coefficient at a time (lowest power first), refitting the rest.
    while free:
        r = y - sum(v * t ** p for p, v in {**fixed, **c}.items())
        V = np.stack([t ** p for p in free], axis=1)
        sol = lawson(V, r, w0)
        c[free[0]] = f32(sol[0])
        free = free[1:]
    coef = [0.0] * (DEG + 1)
    for p, v in {**fixed, **c}.items():
        coef[p] = v
    return m, coef


def f32_fma(a, b, c):
    # a b is exact in double for f32 a and b; the sum rounds twice (rarely
    # differs from one rounding, fine for a check).
    return (a.astype(np.float64) * b + c).astype(np.float32)


def evaluate(x, ms, C):
    a = np.minimum(np.abs(x), np.float32(CLAMP)).astype(np.float32)
    idx = (a.view(np.uint32) >> 21).astype(np.int64) - BASE
    idx = np.maximum(idx, 0)
    t = (a - ms[idx]).astype(np.float32)
    y = C[DEG][idx]
    for k in range(DEG - 1, -1, -1):
        y = f32_fma(y, t, C[k][idx])
    return y


def ulp_err(got, x):
    ref = np.tanh(x.astype(np.float64))
    e = np.floor(np.log2(np.abs(ref)))
    ulp = 2.0 ** np.maximum(e, -126) / 2 ** 23
    return np.abs(got - ref) / ulp


def main():
    ms, rows = [], []
    for i in range(NUM):
        m, coef = fit(i)
        ms.append(m)
        rows.append(coef)
    ms += [ms[-1]] * (SIZE - NUM)
    rows += [rows[-1]] * (SIZE - NUM)
    M = np.array(ms, dtype=np.float32)
    C = np.array(rows, dtype=np.float32).T
    if "--check" in sys.argv:
        worst = 0.0
        for i in range(NUM):
            lo, hi, _ = interval(i)
            ulo = np.float32(lo).view(np.uint32) if lo > 0 else np.uint32(1)
            uhi = np.float32(hi).view(np.uint32)
            step = max(1, int(uhi - ulo) // 400000)
            x = np.arange(int(ulo), int(uhi) + 1, step, dtype=np.uint32).view(np.float32)
            e = ulp_err(evaluate(x, M, C), x)
            k = int(np.argmax(e))
            print(f"interval {i:2d} [{lo:.6g}, {hi:.6g}): max {e[k]:.3f} ulp at {x[k]!r}", file=sys.stderr)
            worst = max(worst, float(e[k]))
        print(f"largest error {worst:.3f} ulp", file=sys.stderr)
    print("// |x| = m_i + t on interval i (scripts/fit_tanh.py).")
    print("static const float CX_TANH_TBL_M[%d] = {" % SIZE)
    print(",\n".join("    %s" % ", ".join(hexf(v) for v in M[j:j + 4]) for j in range(0, SIZE, 4)) + "};")
    print("// tanh(m_i + t) = sum c_k t^k: row k holds c_k of the 32 intervals.")
    print("static const float CX_TANH_TBL_C[%d][%d] = {" % (DEG + 1, SIZE))
    for k in range(DEG + 1):
        print("    {" + ",\n     ".join(", ".join(hexf(v) for v in C[k][j:j + 4]) for j in range(0, SIZE, 4)) + "},")
    print("};")


if __name__ == "__main__":
    main()
