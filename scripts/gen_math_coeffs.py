#!/usr/bin/python3
"""Fits the polynomial coefficients of src/codegen/cg_math.c (minimax, scripts/remez.py).

    /usr/bin/python3 scripts/gen_math_coeffs.py [NAME...]

prints one C array per fit (the coefficients rounded to the type the
generated code evaluates them in, lowest power first) with the fit's relative
error before and after rounding. NAME selects fits (default: all). Slow (a few
minutes per f64 fit): the output is pasted into cg_math.c.
"""
import struct
import sys

import mpmath as mp

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from remez import max_error, remez, round_coeffs  # noqa: E402

mp.mp.dps = 60
TINY = mp.mpf("1e-40")


def nz(v):
    return v if abs(v) > TINY else TINY


def f32(v):
    return struct.unpack("f", struct.pack("f", float(v)))[0]


L2 = mp.log(2) / 2
S2 = mp.sqrt(2)
# log: m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f / (2 + f); z = s^2.
ZMAX_LOG = ((S2 - 1) / (S2 + 1)) ** 2


def exp_fit(powers, lo=-L2 * mp.mpf("1.01"), hi=L2 * mp.mpf("1.01")):
    # e^r = 1 + r + sum c_k r^k, relative error.
    return (lambda r: mp.exp(r) - 1 - r, lambda r: 1 / mp.exp(r), lo, hi, powers)


def log_r_fit(n, zmax=ZMAX_LOG):
    # log1p(f) = 2 atanh(s) = 2s + s R(z), R(z) = sum_{k>=1} c_k z^k; the
    # error of s R relative to log1p(f) ~ 2s: weight s / (2 atanh s) ~ 1/2.
    def g(z):
        s = mp.sqrt(nz(z))
        return 2 * mp.atanh(s) / s - 2

    def w(z):
        s = mp.sqrt(nz(z))
        return s / (2 * mp.atanh(s))

    return (g, w, mp.mpf(0), zmax * mp.mpf("1.0001"), list(range(1, n + 1)))


def odd_fit(fn, b, n, first=1):
    # fn(x) = x + x^3 P(x^2) (first=1: fixed leading x), relative; in z = x^2.
    def g(z):
        x = mp.sqrt(nz(z))
        return (fn(x) - (x if first else 0)) / x

    def w(z):
        x = mp.sqrt(nz(z))
        return x / fn(x)

    powers = list(range(1 if first else 0, n + (1 if first else 0)))
    return (g, w, mp.mpf(0), mp.mpf(b) ** 2, powers)


def cos_fit(b, n):
    return (lambda z: mp.cos(mp.sqrt(z)) - 1, lambda z: 1 / mp.cos(mp.sqrt(z)), mp.mpf(0),
            mp.mpf(b) ** 2, list(range(1, n + 1)))


def exp2_fit(n):
    return (lambda r: mp.power(2, r) - 1, lambda r: 1 / mp.power(2, r), mp.mpf(-0.5001),
            mp.mpf(0.5001), list(range(1, n + 1)))


def erfcx_fit(a, b, n):
    # erfc(x) e^(x^2) for x in [a, b], in u = (x - c) / h in [-1, 1].
    c, h = (mp.mpf(a) + mp.mpf(b)) / 2, (mp.mpf(b) - mp.mpf(a)) / 2
    g = lambda u: mp.erfc(c + h * u) * mp.exp((c + h * u) ** 2)
    return (g, lambda u: 1 / g(u), mp.mpf(-1), mp.mpf(1), list(range(0, n + 1)))


FITS = {
    # f32 arithmetic (coefficients rounded to f32)
    "EXP_F32": ("f32", exp_fit(list(range(2, 7)))),
    "LOG_F32": ("f32", log_r_fit(4)),
    "TANH_F32": ("f32", odd_fit(mp.tanh, 0.6, 5)),
    # f64 arithmetic
    "EXP_F64": ("f64", exp_fit(list(range(2, 13)))),
    "LOG_F64": ("f64", log_r_fit(8)),
    "TANH_F64": ("f64", odd_fit(mp.tanh, 0.35, 13)),
    # f32 results computed in double (errors well below 2^-30)
    "EXP2_DF": ("f64", exp2_fit(7)),
    "LOG_DF": ("f64", log_r_fit(6)),
    "SIN_DF": ("f64", odd_fit(mp.sin, mp.pi / 4 * mp.mpf("1.0001"), 4)),
    "COS_DF": ("f64", cos_fit(mp.pi / 4 * mp.mpf("1.0001"), 4)),
    "ATAN_DF": ("f64", odd_fit(mp.atan, 0.5001, 7)),
    "ATAN_F64": ("f64", odd_fit(mp.atan, 0.5001, 14)),
    "ERF_DF": ("f64", odd_fit(mp.erf, 1.0001, 8, first=0)),
    "ERFCX_DF": ("f64", erfcx_fit(0.9999, 3.93, 13)),
}


def main():
    names = sys.argv[1:] or list(FITS)
    for name in names:
        fmt, (g, w, a, b, powers) = FITS[name]
        c, err = remez(g, w, a, b, powers, grid=1000)
        cr = round_coeffs(c, fmt)
        err_r = max_error(g, w, a, b, cr, powers, grid=4000)
        print("// %s: powers %s on [%s, %s]; relative error 2^%.1f (2^%.1f as %s)" %
              (name, powers, mp.nstr(a, 6), mp.nstr(b, 6), float(mp.log(err, 2)),
               float(mp.log(err_r, 2)), fmt))
        print("static const double %s[] = {%s};" % (name, ", ".join(float(x).hex() for x in cr)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
