#!/usr/bin/python3
"""Fits the table-driven erf of the AVX-512 GELU epilogue (src/runtime/kernels/epilogue_avx512.c).

    /usr/bin/python3 scripts/fit_erf_table.py

erf on [0, 4) is split into 16 intervals [i/4, (i+1)/4); on each, erf(i/4 + t)
for t in [0, 1/4) is a degree-5 polynomial in t fitted minimax in absolute
error (scripts/remez.py). The first interval has no constant term, so erf(0) is
0 and the result is odd (the sign of x is put back on erf(|x|)). Prints the C table (coefficient k of
interval i at [k][i], the coefficients rounded to f32) and each interval's
error before and after rounding, and the error of the whole evaluation as the
kernel does it (f32 Horner with fused multiply-adds) over every f32 in [0, 4]
that is a multiple of 2^-20 plus the tiny ones, against erf in double.
"""
import math
import struct
import sys

import mpmath as mp

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from remez import max_error, remez, round_coeffs  # noqa: E402

INTERVALS, WIDTH, DEGREE = 16, 0.25, 5


def f32(v):
    return struct.unpack("f", struct.pack("f", float(v)))[0]


def fma32(a, b, c):
    # a*b of two f32 values is exact in double; one rounding to double and
    # one to f32 differ from a single rounding only on exact double ties,
    # which does not move the maximum measured here.
    return f32(a * b + c)


def fit():
    table = [[0.0] * INTERVALS for _ in range(DEGREE + 1)]
    for i in range(INTERVALS):
        a = mp.mpf(i) * WIDTH
        powers = list(range(1 if i == 0 else 0, DEGREE + 1))
        g = lambda t, a=a: mp.erf(a + t)  # noqa: E731
        # Absolute error: the epilogue's GELU adds erf to 1 (a relative fit of
        # the first interval would need a higher degree).
        w = lambda t: mp.mpf(1)  # noqa: E731
        c, err = remez(g, w, 0, WIDTH, powers)
        cr = round_coeffs(c, "f32")
        err_r = max_error(g, w, 0, WIDTH, cr, powers, grid=4000)
        print(f"// interval {i:2d}: minimax abs error {float(err):.3g}, rounded to f32 {float(err_r):.3g}",
              file=sys.stderr)
        for p, x in zip(powers, cr):
            table[p][i] = float(x)
    return table


def evaluate(table, x):
    ax = min(abs(x), f32(4.0 - 2.0**-22))
    fi = math.floor(ax * 4.0)
    t = ax - fi * 0.25  # exact
    p = table[DEGREE][fi]
    for k in range(DEGREE - 1, -1, -1):
        p = fma32(p, t, table[k][fi])
    return math.copysign(p, x)


def main():
    table = fit()
    worst, at = 0.0, 0.0
    xs = [k * 2.0**-20 for k in range(4 << 20)] + [2.0**-e for e in range(21, 140)] + [4.5, 10.0]
    for x in xs:
        x = f32(x)
        e = abs(evaluate(table, x) - math.erf(x))
        if e > worst:
            worst, at = e, x
    print(f"// whole evaluation: max abs error {worst:.3g} ({worst / 2.0**-24:.2f} ulp of 1) at x = {at!r}",
          file=sys.stderr)
    print(f"static const float kErfTable[{DEGREE + 1}][{INTERVALS}] __attribute__((aligned(64))) = {{")
    for k in range(DEGREE + 1):
        row = ", ".join(f"{v:.9g}f" if v else "0.0f" for v in table[k])
        print(f"    {{{row}}},")
    print("};")


if __name__ == "__main__":
    main()
