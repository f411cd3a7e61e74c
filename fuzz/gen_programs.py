#!/usr/bin/python3
"""Random StableHLO programs and mutations for robustness testing.

The verifier and the interpreter must turn every program into either a
result or a clean error: never a crash, a hang, a leak or undefined
behaviour. libFuzzer (fuzz/interp_fuzz.c) mutates bytes; this script works a
level up, on the structure the fuzzer rarely gets right by chance:

  gen     writes random small programs: constants of random shapes and
          element types feeding a chain of ops (elementwise, shape, gather/
          scatter, reductions, windows, dot/convolution, fft, linalg, control
          flow, rng, dynamic shapes, collectives on one process) whose
          attributes are drawn so that the program is valid, and with a small
          probability per attribute deliberately slightly invalid (an index
          out of range, a negative size, a dimension off by one).
  mutate  writes variants of existing files (the conformance corpus, or
          generated programs) with one to three random token mutations: a
          number replaced by an edge value, a type or op name swapped, a
          token deleted or duplicated.
  run     runs a directory of programs through an ASan+UBSan build of
          `cxla check` (which forks a child per file and reports crashes,
          sanitizer exits and time-outs) and `cxla opt`, and copies every file
          that crashed, hung or tripped a sanitizer to a findings directory.
  loop    gen + mutate + run, round after round, for a given time.
  diff    differential testing of the compiler: valid random programs are
          compiled and interpreted (`cxla check --mode=both`), and every
          result of the compiled code must match the interpreter's within
          the element type's tolerance; a disagreement, a crash or an
          internal error is a finding, an op the compiler does not support
          yet is counted apart. With --mutants N, N mutants of the files
          given by --mutate-corpus join them: hostile-but-verified programs
          for the compiler's passes (those that no longer verify count as
          "interpreter").

Only the Python standard library is used (run with /usr/bin/python3).
Examples:
  fuzz/gen_programs.py gen --seed 1 --count 200 --out /tmp/progs
  fuzz/gen_programs.py mutate --seed 1 --per-file 3 --out /tmp/muts \\
      ../shared/conformance/interpret/*.mlir
  fuzz/gen_programs.py run --cxla build-asan/cxla --findings /tmp/findings /tmp/progs
  fuzz/gen_programs.py loop --cxla build-asan/cxla --minutes 60 --work /tmp/genloop
"""

import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

# ---------------------------------------------------------------------------
# Types and values.

FLOATS = ["f32", "f64", "f16", "bf16"]
RARE_FLOATS = ["f8E4M3FN", "f8E5M2", "f8E4M3FNUZ", "f8E5M2FNUZ", "f8E4M3B11FNUZ", "f8E3M4",
               "f8E4M3", "f4E2M1FN", "f6E2M3FN", "f6E3M2FN", "f8E8M0FNU", "tf32"]
SINTS = ["i8", "i16", "i32", "i64"]
UINTS = ["ui8", "ui16", "ui32", "ui64"]
RARE_INTS = ["i2", "i4", "ui2", "ui4"]
BOOL = "i1"
COMPLEX = ["complex<f32>", "complex<f64>"]

BITS = {"f32": 32, "f64": 64, "f16": 16, "bf16": 16, "i1": 1, "i2": 2, "i4": 4, "i8": 8,
        "i16": 16, "i32": 32, "i64": 64, "ui2": 2, "ui4": 4, "ui8": 8, "ui16": 16, "ui32": 32,
        "ui64": 64, "complex<f32>": 64, "complex<f64>": 128, "tf32": 19}
for _t in RARE_FLOATS:
    BITS.setdefault(_t, 8 if _t.startswith("f8") else 4 if _t.startswith("f4") else 6)


def is_float(e):
    return e in FLOATS or e in RARE_FLOATS


def is_int(e):
    return e in SINTS or e in UINTS or e in RARE_INTS


def is_uint(e):
    return e.startswith("ui")


def is_complex(e):
    return e.startswith("complex")


def int_range(e):
    b = BITS[e]
    if is_uint(e):
        return 0, (1 << b) - 1
    return -(1 << (b - 1)), (1 << (b - 1)) - 1


class T:
    """A tensor type: shape (tuple of ints) and element type."""

    def __init__(self, shape, elem):
        self.shape = tuple(shape)
        self.elem = elem

    def __str__(self):
        dims = "".join("%dx" % d for d in self.shape)
        return "tensor<%s%s>" % (dims, self.elem)

    def size(self):
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def rank(self):
        return len(self.shape)


class Gen:
    def __init__(self, rng, invalid_rate):
        self.r = rng
        self.invalid_rate = invalid_rate
        self.lines = []
        self.functions = []  # helper functions (func.call targets)
        self.values = []  # (name, T)
        self.n = 0
        self.indent = "  "

    # -- helpers -----------------------------------------------------------
    def bad(self):
        """True (rarely) when an attribute should be deliberately invalid."""
        return self.r.random() < self.invalid_rate

    def fresh(self, prefix="v"):
        self.n += 1
        return "%%%s%d" % (prefix, self.n)

    def emit(self, s):
        self.lines.append(self.indent + s)

    def pick_elem(self, kinds=("float", "sint", "uint", "bool", "complex")):
        r = self.r
        k = r.choice(kinds)
        if k == "float":
            return r.choice(RARE_FLOATS) if r.random() < 0.1 else r.choice(FLOATS)
        if k == "sint":
            return r.choice(RARE_INTS[:2]) if r.random() < 0.1 else r.choice(SINTS)
        if k == "uint":
            return r.choice(RARE_INTS[2:]) if r.random() < 0.1 else r.choice(UINTS)
        if k == "bool":
            return BOOL
        return r.choice(COMPLEX)

    def pick_shape(self, max_rank=4, max_dim=5):
        r = self.r
        rank = r.choice([0, 1, 1, 2, 2, 2, 3, 3, 4][: max_rank * 2 + 1])
        return tuple(r.choice([0, 1, 1, 2, 2, 3, 4, max_dim]) if r.random() < 0.15 else
                     r.randint(1, max_dim) for _ in range(rank))

    def scalar_text(self, e):
        r = self.r
        if e == BOOL:
            return r.choice(["true", "false"])
        if is_int(e):
            lo, hi = int_range(e)
            if r.random() < 0.2:
                return str(r.choice([lo, hi, 0, 1, -1 if lo < 0 else 0, hi // 2]))
            return str(r.randint(max(lo, -8), min(hi, 8)))
        if is_complex(e):
            return "(%s, %s)" % (self.scalar_text("f32"), self.scalar_text("f32"))
        x = r.random()
        if x < 0.05 and e in ("f32", "f64", "f16", "bf16"):
            specials = {"f32": ["0x7FC00000", "0x7F800000", "0xFF800000", "0x00000001"],
                        "f64": ["0x7FF8000000000000", "0x7FF0000000000000", "0xFFF0000000000000"],
                        "f16": ["0x7E00", "0x7C00", "0xFC00", "0x0001"],
                        "bf16": ["0x7FC0", "0x7F80", "0xFF80"]}
            return r.choice(specials[e])
        if x < 0.15:
            return r.choice(["0.0", "-0.0", "1.0e+30", "-1.0e+30", "1.0e-30", "65504.0", "0.5"])
        return "%.2f" % r.uniform(-4, 4)

    def dense_text(self, t, splat=None):
        r = self.r
        if t.size() == 0:
            return "dense<>" if t.rank else "dense<%s>" % self.scalar_text(t.elem)
        if splat is None:
            splat = r.random() < 0.3
        if t.size() > 1024:
            splat = True  # a deliberately huge shape: keep the text small
        if splat or t.rank == 0:
            return "dense<%s>" % self.scalar_text(t.elem)

        def rec(dims):
            if not dims:
                s = self.scalar_text(t.elem)
                return s if not s.startswith("0x") else "0.0"
            return "[" + ", ".join(rec(dims[1:]) for _ in range(dims[0])) + "]"
        return "dense<%s>" % rec(list(t.shape))

    def finite_dense_text(self, t):
        """Finite values only: an FFT of an infinity is inf or NaN depending on the
        order of the algorithm's sums, which the spec leaves open (the compiled
        radix-2 and Bluestein transforms and the interpreter's sums differ)."""
        r = self.r

        def one():
            if is_complex(t.elem):
                return "(%.2f, %.2f)" % (r.uniform(-4, 4), r.uniform(-4, 4))
            return "%.2f" % r.uniform(-4, 4)

        def rec(dims):
            if not dims:
                return one()
            return "[" + ", ".join(rec(dims[1:]) for _ in range(dims[0])) + "]"
        if t.size() == 0:
            return "dense<>" if t.rank else "dense<%s>" % one()
        return "dense<%s>" % rec(list(t.shape))

    def const(self, t, text=None):
        name = self.fresh("c")
        self.emit("%s = stablehlo.constant %s : %s" % (name, text or self.dense_text(t), t))
        self.values.append((name, t))
        return name

    def int_const(self, shape, values, elem="i64"):
        t = T(shape, elem)
        if not shape:
            txt = "dense<%d>" % values[0]
        else:
            txt = "dense<[%s]>" % ", ".join(str(v) for v in values)
        return self.const(t, txt)

    def value(self, pred=None, make=None):
        """An existing value satisfying pred, or a new constant of type make()."""
        cands = [v for v in self.values if pred is None or pred(v[1])]
        if cands and self.r.random() < 0.7:
            return self.r.choice(cands)
        t = make() if make else T(self.pick_shape(), self.pick_elem())
        return self.const(t), t

    def op(self, name, operands, types, results, attrs="", regions=None, props=None):
        """Generic form of one op; returns the result names."""
        outs = [self.fresh() for _ in results]
        lhs = ("%s = " % ", ".join(outs)) if outs else ""
        if len(outs) > 1:
            lhs = "%s:%d = " % (outs[0], len(outs))
            outs = ["%s#%d" % (outs[0], i) for i in range(len(results))]
        res = ", ".join(str(t) for t in results)
        if len(results) != 1:
            res = "(" + res + ")"
        p = " <{%s}>" % props if props else ""
        a = " {%s}" % attrs if attrs else ""
        reg = ""
        if regions:
            reg = " (" + ", ".join(regions) + ")"
        self.emit('%s"%s"(%s)%s%s%s : (%s) -> %s' % (
            lhs, name, ", ".join(operands), p, reg, a, ", ".join(str(t) for t in types), res))
        for o, t in zip(outs, results):
            # Quantized values stay with g_quant: the other generators pick
            # plain element types.
            if isinstance(t, T) and not t.elem.startswith("!"):
                self.values.append((o, t))
        return outs

    def region(self, arg_types, body):
        """A region: ^bb0(args) then body(arg_names) -> list of lines, returned values."""
        args = [self.fresh("a") for _ in arg_types]
        sig = ", ".join("%s: %s" % (a, t) for a, t in zip(args, arg_types))
        saved_lines, saved_values, saved_indent = self.lines, self.values, self.indent
        self.lines = []
        self.values = list(zip(args, arg_types))
        self.indent = saved_indent + "    "
        rets = body(args)
        self.emit('"stablehlo.return"(%s) : (%s) -> ()' % (
            ", ".join(n for n, _ in rets), ", ".join(str(t) for _, t in rets)))
        text = "{\n" + saved_indent + "  ^bb0(" + sig + "):\n" + "\n".join(self.lines) + \
            "\n" + saved_indent + "}"
        self.lines, self.values, self.indent = saved_lines, saved_values, saved_indent
        return text

    def scalar_body(self, elem, nargs=2, kind=None):
        """A reduction body over rank-0 `elem`: add/max/min/mul/and/or."""
        st = T((), elem)
        r = self.r
        if kind is None:
            if elem == BOOL:
                kind = r.choice(["and", "or", "xor"])
            elif is_complex(elem):
                kind = r.choice(["add", "multiply"])
            elif is_int(elem):
                kind = r.choice(["add", "maximum", "minimum", "multiply", "and", "or"])
            else:
                kind = r.choice(["add", "maximum", "minimum", "multiply"])

        def body(args):
            half = nargs // 2
            rets = []
            for i in range(half):
                o = self.op("stablehlo." + kind, [args[i], args[i + half]], [st, st], [st])[0]
                rets.append((o, st))
            return rets
        return self.region([st] * nargs, body)

    def ints(self, xs):
        return "array<i64%s>" % ((": " + ", ".join(str(x) for x in xs)) if xs else "")

    def dense_i64(self, rows, shape=None):
        if shape is None:
            shape = (len(rows), 2)
        if not rows:
            return "dense<> : tensor<%sxi64>" % "x".join(str(d) for d in shape)
        return "dense<[%s]> : tensor<%sxi64>" % (
            ", ".join("[%s]" % ", ".join(str(x) for x in row) for row in rows),
            "x".join(str(d) for d in shape))

    def perturb(self, x, lo=-2, hi=None):
        """x, or (rarely) a nearby or extreme invalid value."""
        if not self.bad():
            return x
        r = self.r
        cands = [x + 1, x - 1, -1, lo, 1 << 31, -(1 << 62), 0]
        if hi is not None:
            cands += [hi, hi + 1]
        return r.choice(cands)

    # -- op generators -----------------------------------------------------
    # Each picks operands (existing values or new constants), draws attributes
    # and emits one op.

    def g_unary(self):
        r = self.r
        opname, kinds = r.choice([
            ("abs", ("float", "sint", "complex")), ("negate", ("float", "sint", "uint", "complex")),
            ("sign", ("float", "sint", "complex")), ("floor", ("float",)), ("ceil", ("float",)),
            ("round_nearest_even", ("float",)), ("round_nearest_afz", ("float",)),
            ("sqrt", ("float", "complex")), ("rsqrt", ("float", "complex")),
            ("cbrt", ("float", "complex")), ("exponential", ("float", "complex")),
            ("exponential_minus_one", ("float", "complex")), ("log", ("float", "complex")),
            ("log_plus_one", ("float", "complex")), ("logistic", ("float", "complex")),
            ("tanh", ("float", "complex")), ("sine", ("float", "complex")),
            ("cosine", ("float", "complex")), ("tan", ("float", "complex")),
            ("not", ("sint", "uint", "bool")), ("popcnt", ("sint", "uint")),
            ("count_leading_zeros", ("sint", "uint")), ("is_finite", ("float",)),
            ("real", ("complex", "float")), ("imag", ("complex", "float"))])
        e = self.pick_elem(kinds)
        x, t = self.value(lambda t: t.elem == e, lambda: T(self.pick_shape(), e))
        re = t.elem
        if opname == "is_finite":
            re = BOOL
        elif opname in ("real", "imag") or (opname == "abs" and is_complex(e)):
            re = {"complex<f32>": "f32", "complex<f64>": "f64"}.get(e, e)
        self.op("stablehlo." + opname, [x], [t], [T(t.shape, re)])

    def g_binary(self):
        r = self.r
        opname, kinds = r.choice([
            ("add", ("float", "sint", "uint", "bool", "complex")),
            ("subtract", ("float", "sint", "uint", "complex")),
            ("multiply", ("float", "sint", "uint", "bool", "complex")),
            ("divide", ("float", "sint", "uint", "complex")),
            ("remainder", ("float", "sint", "uint")),
            ("maximum", ("float", "sint", "uint", "bool", "complex")),
            ("minimum", ("float", "sint", "uint", "bool", "complex")),
            ("power", ("float", "sint", "uint", "complex")), ("atan2", ("float", "complex")),
            ("and", ("sint", "uint", "bool")), ("or", ("sint", "uint", "bool")),
            ("xor", ("sint", "uint", "bool")), ("shift_left", ("sint", "uint")),
            ("shift_right_arithmetic", ("sint", "uint")),
            ("shift_right_logical", ("sint", "uint")), ("complex", ("float",))])
        e = self.pick_elem(kinds)
        if opname == "complex":
            e = r.choice(["f32", "f64"])
        a, t = self.value(lambda t: t.elem == e, lambda: T(self.pick_shape(), e))
        b, _ = self.value(lambda u: u.elem == e and u.shape == t.shape, lambda: T(t.shape, e))
        re = e if opname != "complex" else "complex<%s>" % e
        self.op("stablehlo." + opname, [a, b], [t, t], [T(t.shape, re)])

    def g_compare(self):
        r = self.r
        e = self.pick_elem()
        a, t = self.value(lambda t: t.elem == e, lambda: T(self.pick_shape(), e))
        b, _ = self.value(lambda u: u.elem == e and u.shape == t.shape, lambda: T(t.shape, e))
        d = r.choice(["EQ", "NE", "GE", "GT", "LE", "LT"])
        if is_float(e) or is_complex(e):
            ct = r.choice(["FLOAT", "TOTALORDER"])
        elif is_uint(e) or e == BOOL:
            ct = "UNSIGNED"
        else:
            ct = "SIGNED"
        if self.bad():
            ct = r.choice(["FLOAT", "TOTALORDER", "SIGNED", "UNSIGNED", "NOTYPE"])
        attrs = "comparison_direction = #stablehlo<comparison_direction %s>" % d
        if r.random() < 0.7:
            attrs += ", compare_type = #stablehlo<comparison_type %s>" % ct
        self.op("stablehlo.compare", [a, b], [t, t], [T(t.shape, BOOL)], attrs)

    def g_select_clamp(self):
        r = self.r
        e = self.pick_elem()
        x, t = self.value(lambda t: t.elem == e, lambda: T(self.pick_shape(), e))
        if r.random() < 0.5:
            pshape = () if r.random() < 0.4 else t.shape
            p, pt = self.value(lambda u: u.elem == BOOL and u.shape == pshape,
                               lambda: T(pshape, BOOL))
            y, _ = self.value(lambda u: u.elem == e and u.shape == t.shape, lambda: T(t.shape, e))
            self.op("stablehlo.select", [p, x, y], [pt, t, t], [t])
        else:
            mshape = () if r.random() < 0.5 else t.shape
            lo, lt = self.value(lambda u: u.elem == e and u.shape == mshape, lambda: T(mshape, e))
            hi, ht = self.value(lambda u: u.elem == e and u.shape == mshape, lambda: T(mshape, e))
            self.op("stablehlo.clamp", [lo, x, hi], [lt, t, ht], [t])

    def g_convert(self):
        x, t = self.value()
        e = self.pick_elem()
        self.op("stablehlo.convert", [x], [t], [T(t.shape, e)])

    def g_bitcast(self):
        r = self.r
        x, t = self.value(lambda t: not is_complex(t.elem) and BITS[t.elem] >= 8)
        if is_complex(t.elem) or BITS[t.elem] < 8:
            return
        b = BITS[t.elem]
        same = [e for e in FLOATS + SINTS + UINTS if BITS[e] == b]
        if r.random() < 0.6 or not t.shape:
            e = r.choice(same + ([r.choice(SINTS)] if self.bad() else []))
            shape = t.shape
            if BITS[e] < b:
                shape = t.shape + (b // BITS[e],)
            elif BITS[e] > b:
                if t.shape and t.shape[-1] == BITS[e] // b:
                    shape = t.shape[:-1]
                else:
                    e = t.elem
            self.op("stablehlo.bitcast_convert", [x], [t], [T(shape, e)])
        else:
            narrow = [e for e in FLOATS + SINTS + UINTS if BITS[e] < b]
            if not narrow:
                return
            e = r.choice(narrow)
            self.op("stablehlo.bitcast_convert", [x], [t], [T(t.shape + (b // BITS[e],), e)])

    def g_reduce_precision(self):
        r = self.r
        x, t = self.value(lambda t: is_float(t.elem), lambda: T(self.pick_shape(), "f32"))
        eb = self.perturb(r.randint(1, 11), hi=100)
        mb = self.perturb(r.randint(0, 52), hi=100)
        self.op("stablehlo.reduce_precision", [x], [t], [t],
                "exponent_bits = %d : i32, mantissa_bits = %d : i32" % (eb, mb))

    def g_broadcast_in_dim(self):
        r = self.r
        x, t = self.value(lambda t: t.rank <= 3)
        out_rank = t.rank + r.randint(0, 2)
        dims = sorted(r.sample(range(out_rank), t.rank))
        shape = [r.randint(1, 3) for _ in range(out_rank)]
        for i, d in enumerate(dims):
            shape[d] = t.shape[i] if t.shape[i] != 1 or r.random() < 0.5 else r.randint(1, 4)
        if r.random() < 0.3:
            r.shuffle(dims)  # still valid if sizes agree; often not
        dims = [self.perturb(d, hi=out_rank) for d in dims]
        self.op("stablehlo.broadcast_in_dim", [x], [t], [T(shape, t.elem)],
                "broadcast_dimensions = %s" % self.ints(dims))

    def g_reshape(self):
        r = self.r
        x, t = self.value()
        n = t.size()
        shape = []
        rest = n
        for _ in range(r.randint(0, 3)):
            divs = [d for d in range(1, rest + 1) if rest % d == 0] if rest else [0, 1]
            d = r.choice(divs[:8])
            shape.append(d)
            rest = rest // d if d else 0
        if rest != 1 or r.random() < 0.5:
            shape.append(rest)
        if self.bad() and shape:
            shape[0] += 1
        self.op("stablehlo.reshape", [x], [t], [T(shape, t.elem)])

    def g_transpose(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        perm = list(range(t.rank))
        r.shuffle(perm)
        perm = [self.perturb(p, hi=t.rank) for p in perm]
        shape = [t.shape[p] if 0 <= p < t.rank else 1 for p in perm]
        self.op("stablehlo.transpose", [x], [t], [T(shape, t.elem)],
                "permutation = %s" % self.ints(perm))

    def g_reverse(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        dims = sorted(r.sample(range(t.rank), r.randint(0, t.rank)))
        dims = [self.perturb(d, hi=t.rank) for d in dims]
        self.op("stablehlo.reverse", [x], [t], [t], "dimensions = %s" % self.ints(dims))

    def g_slice(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        start, limit, strides, shape = [], [], [], []
        for d in t.shape:
            s = r.randint(0, d)
            l = r.randint(s, d)
            st = r.randint(1, 3)
            s, l, st = self.perturb(s, hi=d), self.perturb(l, hi=d), self.perturb(st)
            start.append(s)
            limit.append(l)
            strides.append(st)
            shape.append(max(0, -(-(l - s) // st)) if st > 0 else 0)
        self.op("stablehlo.slice", [x], [t], [T(shape, t.elem)],
                "start_indices = %s, limit_indices = %s, strides = %s" % (
                    self.ints(start), self.ints(limit), self.ints(strides)))

    def index_scalars(self, n, bound=6, elem=None):
        elem = elem or self.r.choice(["i32", "i64", "ui32", "i8", "ui64"])
        lo, hi = int_range(elem)
        names = []
        for _ in range(n):
            v = self.r.randint(-2, bound)
            if self.r.random() < 0.1:
                v = self.r.choice([lo, hi])
            v = min(max(v, lo), hi)
            names.append(self.const(T((), elem), "dense<%d>" % v))
        return names, T((), elem)

    def g_dynamic_slice(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        idx, it = self.index_scalars(t.rank)
        sizes = [self.perturb(r.randint(0, d), hi=d) for d in t.shape]
        self.op("stablehlo.dynamic_slice", [x] + idx, [t] + [it] * t.rank,
                [T([max(s, 0) for s in sizes], t.elem)], "slice_sizes = %s" % self.ints(sizes))

    def g_dynamic_update_slice(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        ushape = tuple(self.perturb(r.randint(0, d), hi=d) for d in t.shape)
        ushape = tuple(max(0, u) for u in ushape)
        u, ut = self.value(lambda v: v.elem == t.elem and v.shape == ushape,
                           lambda: T(ushape, t.elem))
        idx, it = self.index_scalars(t.rank)
        self.op("stablehlo.dynamic_update_slice", [x, u] + idx, [t, ut] + [it] * t.rank, [t])

    def g_concatenate(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        d = r.randrange(t.rank)
        ops, types = [x], [t]
        total = t.shape[d]
        for _ in range(r.randint(0, 2)):
            shape = list(t.shape)
            shape[d] = r.randint(0, 3)
            y, yt = self.value(lambda v: v.elem == t.elem and v.rank == t.rank and all(
                v.shape[i] == t.shape[i] for i in range(t.rank) if i != d),
                lambda: T(shape, t.elem))
            ops.append(y)
            types.append(yt)
            total += yt.shape[d]
        shape = list(t.shape)
        shape[d] = total
        self.op("stablehlo.concatenate", ops, types, [T(shape, t.elem)],
                "dimension = %d : i64" % self.perturb(d, hi=t.rank))

    def g_pad(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        pv = self.const(T((), t.elem))
        lo, hi, inter, shape = [], [], [], []
        for d in t.shape:
            l, h, i = r.randint(-2, 3), r.randint(-2, 3), r.randint(0, 2)
            l, h, i = self.perturb(l), self.perturb(h), self.perturb(i)
            n = l + h + d + max(d - 1, 0) * i
            lo.append(l)
            hi.append(h)
            inter.append(i)
            shape.append(max(n, 0))
        self.op("stablehlo.pad", [x, pv], [t, T((), t.elem)], [T(shape, t.elem)],
                "edge_padding_low = %s, edge_padding_high = %s, interior_padding = %s" % (
                    self.ints(lo), self.ints(hi), self.ints(inter)))

    def g_iota(self):
        r = self.r
        shape = self.pick_shape()
        if not shape:
            shape = (r.randint(1, 5),)
        e = self.pick_elem(("float", "sint", "uint", "complex"))
        d = self.perturb(r.randrange(len(shape)), hi=len(shape))
        self.op("stablehlo.iota", [], [], [T(shape, e)], "iota_dimension = %d : i64" % d)

    def g_gather(self):
        r = self.r
        x, t = self.value(lambda t: 1 <= t.rank <= 4 and min(t.shape) >= 1,
                          lambda: T([r.randint(1, 4) for _ in range(r.randint(1, 3))],
                                    self.pick_elem()))
        rank = t.rank
        # Batching dims (operand_batching_dims / start_indices_batching_dims).
        obatch = sorted(r.sample(range(rank), r.randint(0, min(1, rank - 1)))) \
            if r.random() < 0.2 else []
        free = [d for d in range(rank) if d not in obatch]
        k = r.randint(1, len(free)) if free else 0
        sim = r.sample(free, k)
        collapsed = sorted(d for d in r.sample(free, r.randint(0, len(free))))
        sizes = []
        for d in range(rank):
            if d in collapsed or d in obatch:
                sizes.append(1)
            else:
                sizes.append(r.randint(0, t.shape[d]))
        nbatch = r.randint(0, 2)
        bshape = [r.randint(1, 3) for _ in range(nbatch)]
        # The batching dims of the indices have the operand's batching sizes.
        sib = []
        for d in obatch:
            pos = r.randint(0, len(bshape))
            bshape.insert(pos, t.shape[d])
            sib = [p + (1 if p >= pos else 0) for p in sib]
            sib.append(pos)
        ivd = r.randint(0, len(bshape))
        ishape = list(bshape)
        ishape.insert(ivd, k)
        ielem = r.choice(["i32", "i64", "ui8", "i8"])
        lo, hi = int_range(ielem)
        vals = [min(max(r.randint(-2, 5), lo), hi) for _ in range(T(ishape, ielem).size())]
        if ishape:
            idx = self.const(T(ishape, ielem), "dense<%s>" % nest(vals, ishape) if vals
                             else "dense<>")
        else:
            idx = self.const(T(ishape, ielem), "dense<%d>" % vals[0])
        sib = [p if p < ivd else p + 1 for p in sib]
        offset_sizes = [sizes[d] for d in range(rank) if d not in collapsed and d not in obatch]
        out_rank = len(bshape) + len(offset_sizes)
        offset_dims = sorted(r.sample(range(out_rank), len(offset_sizes)))
        shape = []
        bi = iter(bshape)
        oi = iter(offset_sizes)
        for p in range(out_rank):
            shape.append(next(oi) if p in offset_dims else next(bi))
        if self.bad():
            which = r.choice(["sizes", "offset", "collapsed", "ivd", "map"])
            if which == "sizes":
                sizes[r.randrange(rank)] += r.choice([1, -1, 100])
            elif which == "offset" and offset_dims:
                offset_dims[0] = self.perturb(offset_dims[0], hi=out_rank)
            elif which == "collapsed":
                collapsed.append(r.choice([rank, -1, 0]))
            elif which == "ivd":
                ivd = r.choice([len(ishape), -1, len(ishape) + 1])
            elif sim:
                sim[0] = r.choice([rank, -1, sim[-1]])
        dn = "offset_dims = [%s], collapsed_slice_dims = [%s]" % (
            ", ".join(map(str, offset_dims)), ", ".join(map(str, collapsed)))
        if obatch:
            dn += ", operand_batching_dims = [%s], start_indices_batching_dims = [%s]" % (
                ", ".join(map(str, obatch)), ", ".join(map(str, sib)))
        dn += ", start_index_map = [%s], index_vector_dim = %d" % (
            ", ".join(map(str, sim)), ivd)
        self.op("stablehlo.gather", [x, idx], [t, T(ishape, ielem)], [T(shape, t.elem)],
                "dimension_numbers = #stablehlo.gather<%s>, slice_sizes = %s%s" % (
                    dn, self.ints(sizes),
                    ", indices_are_sorted = true" if r.random() < 0.2 else ""))

    def g_scatter(self):
        r = self.r
        x, t = self.value(lambda t: 1 <= t.rank <= 3 and min(t.shape) >= 1,
                          lambda: T([r.randint(1, 4) for _ in range(r.randint(1, 3))],
                                    self.pick_elem(("float", "sint", "uint"))))
        rank = t.rank
        k = r.randint(1, rank)
        sdod = r.sample(range(rank), k)
        inserted = sorted(r.sample(range(rank), r.randint(0, rank)))
        window = [r.randint(0, t.shape[d]) if d not in inserted else 1 for d in range(rank)]
        win_sizes = [window[d] for d in range(rank) if d not in inserted]
        nbatch = r.randint(0, 2)
        bshape = [r.randint(1, 3) for _ in range(nbatch)]
        ivd = r.randint(0, nbatch)
        ishape = list(bshape)
        ishape.insert(ivd, k)
        vals = [r.randint(-2, 5) for _ in range(T(ishape, "i32").size())]
        idx = self.const(T(ishape, "i32"), "dense<%s>" % nest(vals, ishape) if vals
                         else "dense<>")
        urank = nbatch + len(win_sizes)
        uwd = sorted(r.sample(range(urank), len(win_sizes)))
        ushape = []
        bi, wi = iter(bshape), iter(win_sizes)
        for p in range(urank):
            ushape.append(next(wi) if p in uwd else next(bi))
        if self.bad():
            which = r.choice(["uwd", "inserted", "ivd", "sdod", "ushape"])
            if which == "uwd" and uwd:
                uwd[0] = self.perturb(uwd[0], hi=urank)
            elif which == "inserted":
                inserted.append(r.choice([rank, -1]))
            elif which == "ivd":
                ivd = r.choice([-1, len(ishape) + 1])
            elif which == "sdod":
                sdod[0] = r.choice([rank, -1, sdod[-1]])
            elif ushape:
                ushape[0] += 1
        u = self.const(T(ushape, t.elem))
        body = self.scalar_body(t.elem)
        self.op("stablehlo.scatter", [x, idx, u], [t, T(ishape, "i32"), T(ushape, t.elem)], [t],
                "scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [%s], "
                "inserted_window_dims = [%s], scatter_dims_to_operand_dims = [%s], "
                "index_vector_dim = %d>%s" % (
                    ", ".join(map(str, uwd)), ", ".join(map(str, inserted)),
                    ", ".join(map(str, sdod)), ivd,
                    ", unique_indices = true" if r.random() < 0.2 else ""),
                regions=[body])

    def g_sort(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1 and not is_complex(t.elem))
        n = r.randint(1, 3)
        ops, types = [x], [t]
        for _ in range(n - 1):
            e = self.pick_elem(("float", "sint", "uint"))
            y, yt = self.value(lambda v: v.shape == t.shape and not is_complex(v.elem),
                               lambda: T(t.shape, e))
            ops.append(y)
            types.append(yt)
        d = self.perturb(r.randrange(t.rank), hi=t.rank)
        direction = r.choice(["LT", "GT", "LE", "GE", "EQ", "NE"])
        k = r.randrange(n)

        def body(args):
            st = T((), types[k].elem)
            o = self.op("stablehlo.compare", [args[2 * k], args[2 * k + 1]], [st, st],
                        [T((), BOOL)],
                        "comparison_direction = #stablehlo<comparison_direction %s>" % direction)
            return [(o[0], T((), BOOL))]
        reg = self.region([T((), ty.elem) for ty in types for _ in (0, 1)], body)
        self.op("stablehlo.sort", ops, types, types,
                "dimension = %d : i64, is_stable = %s" % (d, r.choice(["true", "false"])),
                regions=[reg])

    def g_reduce(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1)
        n = r.randint(1, 2)
        ops, types = [x], [t]
        for _ in range(n - 1):
            y, yt = self.value(lambda v: v.shape == t.shape and v.elem == t.elem,
                               lambda: T(t.shape, t.elem))
            ops.append(y)
            types.append(yt)
        inits = [self.const(T((), ty.elem)) for ty in types]
        dims = sorted(r.sample(range(t.rank), r.randint(0, t.rank)))
        dims = [self.perturb(d, hi=t.rank) for d in dims]
        shape = [t.shape[i] for i in range(t.rank) if i not in dims]
        body = self.scalar_body(t.elem, nargs=2 * n)
        self.op("stablehlo.reduce", ops + inits, types + [T((), ty.elem) for ty in types],
                [T(shape, ty.elem) for ty in types], "dimensions = %s" % self.ints(dims),
                regions=[body])

    def window_attrs(self, t, with_padding=True):
        r = self.r
        wd, ws, bd, wdl, pad, shape = [], [], [], [], [], []
        for d in t.shape:
            w = r.randint(1, max(1, min(d + 1, 3)))
            s = r.randint(1, 2)
            b = r.choice([1, 1, 2])
            dl = r.choice([1, 1, 2])
            lo, hi = (r.randint(0, 2), r.randint(0, 2)) if with_padding else (0, 0)
            w, s, b, dl = self.perturb(w), self.perturb(s), self.perturb(b), self.perturb(dl)
            lo, hi = self.perturb(lo), self.perturb(hi)
            dilated = (d - 1) * b + 1 if d > 0 else 0
            padded = dilated + lo + hi
            wdil = (w - 1) * dl + 1 if w > 0 else 0
            n = (padded - wdil) // s + 1 if s > 0 and padded >= wdil else 0
            wd.append(w)
            ws.append(s)
            bd.append(b)
            wdl.append(dl)
            pad.append([lo, hi])
            shape.append(max(n, 0))
        return wd, ws, bd, wdl, pad, shape

    def g_reduce_window(self):
        r = self.r
        x, t = self.value(lambda t: 1 <= t.rank <= 3 and not is_complex(t.elem))
        wd, ws, bd, wdl, pad, shape = self.window_attrs(t)
        init = self.const(T((), t.elem))
        body = self.scalar_body(t.elem)
        attrs = "window_dimensions = %s" % self.ints(wd)
        if r.random() < 0.8:
            attrs += ", window_strides = %s" % self.ints(ws)
        if r.random() < 0.5:
            attrs += ", base_dilations = %s" % self.ints(bd)
        else:
            shape = None
        if r.random() < 0.5:
            attrs += ", window_dilations = %s" % self.ints(wdl)
        else:
            shape = None
        attrs += ", padding = %s" % self.dense_i64(pad, (t.rank, 2))
        if shape is None:
            # Recompute with the defaults for the attributes left out.
            ws2 = [int(m) for m in re.search(r"window_strides = array<i64: ([^>]*)>",
                                             attrs).group(1).split(",")] \
                if "window_strides" in attrs and t.rank else [1] * t.rank
            bd2 = bd if "base_dilations" in attrs else [1] * t.rank
            wdl2 = wdl if "window_dilations" in attrs else [1] * t.rank
            shape = []
            for i, d in enumerate(t.shape):
                dilated = (d - 1) * bd2[i] + 1 if d > 0 else 0
                padded = dilated + pad[i][0] + pad[i][1]
                wdil = (wd[i] - 1) * wdl2[i] + 1 if wd[i] > 0 else 0
                s = ws2[i]
                shape.append(max((padded - wdil) // s + 1, 0) if s > 0 and padded >= wdil else 0)
        self.op("stablehlo.reduce_window", [x, init], [t, T((), t.elem)], [T(shape, t.elem)],
                attrs, regions=[body])

    def g_select_and_scatter(self):
        r = self.r
        x, t = self.value(lambda t: 1 <= t.rank <= 3 and (is_float(t.elem) or is_int(t.elem)))
        wd, ws, _, _, pad, _ = self.window_attrs(t)
        shape = []
        for i, d in enumerate(t.shape):
            padded = d + pad[i][0] + pad[i][1]
            n = (padded - wd[i]) // ws[i] + 1 if ws[i] > 0 and padded >= wd[i] and wd[i] > 0 \
                else 0
            shape.append(max(n, 0))
        src = self.const(T(shape, t.elem))
        init = self.const(T((), t.elem))
        st = T((), t.elem)

        def sel(args):
            o = self.op("stablehlo.compare", args, [st, st], [T((), BOOL)],
                        "comparison_direction = #stablehlo<comparison_direction %s>" %
                        r.choice(["GE", "LE", "GT"]))
            return [(o[0], T((), BOOL))]
        sreg = self.region([st, st], sel)
        creg = self.scalar_body(t.elem, kind="add" if t.elem != BOOL else "or")
        self.op("stablehlo.select_and_scatter", [x, src, init], [t, T(shape, t.elem), st], [t],
                "window_dimensions = %s, window_strides = %s, padding = %s" % (
                    self.ints(wd), self.ints(ws), self.dense_i64(pad, (t.rank, 2))),
                regions=[sreg, creg])

    def g_map(self):
        x, t = self.value(lambda t: t.elem != BOOL)
        y, _ = self.value(lambda v: v.shape == t.shape and v.elem == t.elem, lambda: T(t.shape,
                                                                                       t.elem))
        body = self.scalar_body(t.elem)
        dims = list(range(t.rank))
        if self.bad():
            dims = dims[:-1] if dims else [0]
        self.op("stablehlo.map", [x, y], [t, t], [t], "dimensions = %s" % self.ints(dims),
                regions=[body])

    def g_dot_general(self):
        r = self.r
        e = self.pick_elem(("float", "sint", "uint", "complex", "bool"))
        nb, nc, nl, nr = r.randint(0, 1), r.randint(0, 2), r.randint(0, 1), r.randint(0, 1)
        bs = [r.randint(1, 3) for _ in range(nb)]
        cs = [r.randint(0, 3) for _ in range(nc)]
        ls = [r.randint(1, 3) for _ in range(nl)]
        rs = [r.randint(1, 3) for _ in range(nr)]
        # Random dimension orders for each side.
        lorder = r.sample(["b%d" % i for i in range(nb)] + ["c%d" % i for i in range(nc)] +
                          ["l%d" % i for i in range(nl)], nb + nc + nl)
        rorder = r.sample(["b%d" % i for i in range(nb)] + ["c%d" % i for i in range(nc)] +
                          ["r%d" % i for i in range(nr)], nb + nc + nr)
        size = {}
        size.update({"b%d" % i: bs[i] for i in range(nb)})
        size.update({"c%d" % i: cs[i] for i in range(nc)})
        size.update({"l%d" % i: ls[i] for i in range(nl)})
        size.update({"r%d" % i: rs[i] for i in range(nr)})
        lt = T([size[k] for k in lorder], e)
        rt = T([size[k] for k in rorder], e)
        a = self.const(lt)
        b = self.const(rt)
        lb = [lorder.index("b%d" % i) for i in range(nb)]
        rb = [rorder.index("b%d" % i) for i in range(nb)]
        lc = [lorder.index("c%d" % i) for i in range(nc)]
        rc = [rorder.index("c%d" % i) for i in range(nc)]
        shape = bs + [size[k] for k in lorder if k[0] == "l"] + [size[k] for k in rorder
                                                                  if k[0] == "r"]
        if self.bad():
            which = r.choice(["lb", "lc", "rc"])
            lst = {"lb": lb, "lc": lc, "rc": rc}[which]
            if lst:
                lst[0] = self.perturb(lst[0], hi=lt.rank)
            else:
                lst.append(r.choice([0, -1, 5]))
        re_ = e
        if r.random() < 0.2 and is_float(e):
            re_ = r.choice(FLOATS)
        attrs = ("dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [%s], "
                 "rhs_batching_dimensions = [%s], lhs_contracting_dimensions = [%s], "
                 "rhs_contracting_dimensions = [%s]>") % tuple(
                     ", ".join(map(str, l)) for l in (lb, rb, lc, rc))
        if r.random() < 0.2:
            attrs += ", precision_config = [#stablehlo<precision DEFAULT>, " \
                     "#stablehlo<precision HIGHEST>]"
        self.op("stablehlo.dot_general", [a, b], [lt, rt], [T(shape, re_)], attrs)

    def g_convolution(self):
        r = self.r
        e = self.pick_elem(("float", "sint"))
        ns = r.randint(0, 2)
        fgc = r.choice([1, 1, 2])
        bgc = 1 if fgc > 1 else r.choice([1, 1, 2])
        n = r.randint(1, 2) * bgc
        cin = r.randint(1, 2) * fgc
        cout = r.randint(1, 2) * fgc * bgc
        isp = [r.randint(1, 5) for _ in range(ns)]
        ksp = [r.randint(1, 3) for _ in range(ns)]
        stride = [r.randint(1, 2) for _ in range(ns)]
        pad = [[r.randint(0, 2), r.randint(-1, 1)] for _ in range(ns)]
        ldil = [r.choice([1, 1, 2]) for _ in range(ns)]
        rdil = [r.choice([1, 1, 2]) for _ in range(ns)]
        osp = []
        for i in range(ns):
            di = (isp[i] - 1) * ldil[i] + 1
            pi = di + pad[i][0] + pad[i][1]
            dk = (ksp[i] - 1) * rdil[i] + 1
            osp.append(max((pi - dk) // stride[i] + 1, 0) if pi >= dk else 0)
        # Layouts: a random permutation of batch/feature/spatial per tensor.
        spat = [str(i) for i in range(ns)]
        lin = r.sample(["b", "f"] + spat, ns + 2)
        ker = r.sample(["i", "o"] + spat, ns + 2)
        lout = r.sample(["b", "f"] + spat, ns + 2)

        def shape_of(layout, m):
            return [m[c] for c in layout]
        lhs_t = T(shape_of(lin, dict({"b": n, "f": cin}, **{str(i): isp[i] for i in range(ns)})),
                  e)
        rhs_t = T(shape_of(ker, dict({"i": cin // fgc, "o": cout},
                                     **{str(i): ksp[i] for i in range(ns)})), e)
        out_t = T(shape_of(lout, dict({"b": n // bgc, "f": cout},
                                      **{str(i): osp[i] for i in range(ns)})), e)
        if self.bad():
            which = r.choice(["stride", "pad", "fgc", "dil"])
            if which == "stride" and ns:
                stride[0] = r.choice([0, -1])
            elif which == "pad" and ns:
                pad[0][0] = r.choice([-100, 1 << 40])
            elif which == "fgc":
                fgc = r.choice([0, -1, 3])
            elif ns:
                ldil[0] = r.choice([0, -2])
        a = self.const(lhs_t)
        b = self.const(rhs_t)
        attrs = ("dimension_numbers = #stablehlo.conv<[%s]x[%s]->[%s]>, "
                 "feature_group_count = %d : i64, batch_group_count = %d : i64") % (
                     ", ".join(lin), ", ".join(ker), ", ".join(lout), fgc, bgc)
        if ns:
            attrs += ", window_strides = %s, padding = %s, lhs_dilation = %s, rhs_dilation = %s" \
                % (self.ints(stride), self.dense_i64(pad, (ns, 2)), self.ints(ldil),
                   self.ints(rdil))
            if r.random() < 0.2:
                attrs += ", window_reversal = array<i1: %s>" % ", ".join(
                    r.choice(["true", "false"]) for _ in range(ns))
        self.op("stablehlo.convolution", [a, b], [lhs_t, rhs_t], [out_t], attrs)

    def g_fft(self):
        r = self.r
        kind = r.choice(["FFT", "IFFT", "RFFT", "IRFFT"])
        L = r.randint(1, 3)
        batch = [r.randint(1, 2) for _ in range(r.randint(0, 1))]
        lens = [r.choice([0, 1, 2, 3, 4, 5, 8]) if r.random() < 0.3 else r.randint(1, 4)
                for _ in range(L)]
        if kind == "RFFT":
            it = T(batch + lens, r.choice(["f32", "f64"]))
            ot = T(batch + lens[:-1] + [lens[-1] // 2 + 1],
                   "complex<%s>" % it.elem)
        elif kind == "IRFFT":
            ce = r.choice(COMPLEX)
            it = T(batch + lens[:-1] + [lens[-1] // 2 + 1], ce)
            ot = T(batch + lens, ce[8:-1])
        else:
            it = T(batch + lens, r.choice(COMPLEX))
            ot = it
        if self.bad():
            lens[-1] = r.choice([lens[-1] + 1, -1, 0, 1 << 40])
        x = self.const(it, self.finite_dense_text(it) if it.size() <= 1024 else None)
        self.op("stablehlo.fft", [x], [it], [ot],
                "fft_type = #stablehlo<fft_type %s>, fft_length = %s" % (kind, self.ints(lens)))

    def g_linalg(self):
        r = self.r
        e = r.choice(["f32", "f64"] + COMPLEX)
        n = r.randint(0, 4)
        batch = [r.randint(1, 2) for _ in range(r.randint(0, 1))]
        at = T(batch + [n, n], e)
        a = self.const(at)
        if r.random() < 0.5:
            self.op("stablehlo.cholesky", [a], [at], [at],
                    "lower = %s" % r.choice(["true", "false"]))
        else:
            m = r.randint(0, 3)
            left = r.random() < 0.5
            bt = T(batch + ([n, m] if left else [m, n]), e)
            if self.bad():
                bt = T(batch + [n + 1, m], e)
            b = self.const(bt)
            self.op("stablehlo.triangular_solve", [a, b], [at, bt], [bt],
                    "left_side = %s, lower = %s, unit_diagonal = %s, "
                    "transpose_a = #stablehlo<transpose %s>" % (
                        "true" if left else "false", r.choice(["true", "false"]),
                        r.choice(["true", "false"]),
                        r.choice(["NO_TRANSPOSE", "TRANSPOSE", "ADJOINT"])))

    def g_while(self):
        r = self.r
        limit = r.randint(0, 5)
        i0 = self.const(T((), "i64"), "dense<0>")
        x, t = self.value()
        one_t = T((), "i64")

        def cond(args):
            lim = self.const(one_t, "dense<%d>" % limit)
            o = self.op("stablehlo.compare", [args[0], lim], [one_t, one_t], [T((), BOOL)],
                        "comparison_direction = #stablehlo<comparison_direction LT>")
            return [(o[0], T((), BOOL))]

        def body(args):
            one = self.const(one_t, "dense<1>")
            ni = self.op("stablehlo.add", [args[0], one], [one_t, one_t], [one_t])[0]
            # Something on the carried value that keeps its type.
            if t.elem != BOOL and not is_complex(t.elem):
                nx = self.op("stablehlo.add", [args[1], args[1]], [t, t], [t])[0]
            else:
                nx = self.op("stablehlo.not" if t.elem == BOOL else "stablehlo.negate",
                             [args[1]], [t], [t])[0]
            return [(ni, one_t), (nx, t)]
        c = self.region([one_t, t], cond)
        b = self.region([one_t, t], body)
        self.op("stablehlo.while", [i0, x], [one_t, t], [one_t, t], regions=[c, b])

    def g_if_case(self):
        r = self.r
        x, t = self.value()
        y, _ = self.value(lambda v: v.shape == t.shape and v.elem == t.elem,
                          lambda: T(t.shape, t.elem))
        if r.random() < 0.5:
            p = self.const(T((), BOOL))
            branches = [x, y]
            regs = []
            for v in branches:
                regs.append(self.region_noargs([(v, t)]))
            self.op("stablehlo.if", [p], [T((), BOOL)], [t], regions=regs)
        else:
            nb = r.randint(1, 3)
            idx = self.const(T((), "i32"), "dense<%d>" % r.randint(-2, nb + 1))
            regs = [self.region_noargs([(r.choice([x, y]), t)]) for _ in range(nb)]
            self.op("stablehlo.case", [idx], [T((), "i32")], [t], regions=regs)

    def region_noargs(self, rets):
        lines = self.indent + "    " + '"stablehlo.return"(%s) : (%s) -> ()' % (
            ", ".join(n for n, _ in rets), ", ".join(str(t) for _, t in rets))
        return "{\n" + lines + "\n" + self.indent + "}"

    def g_tuple(self):
        x, t = self.value()
        y, u = self.value()
        tt = "tuple<%s, %s>" % (t, u)
        o = self.fresh()
        self.emit('%s = "stablehlo.tuple"(%s, %s) : (%s, %s) -> %s' % (o, x, y, t, u, tt))
        i = self.perturb(self.r.randint(0, 1), hi=2)
        res = [t, u][i] if 0 <= i < 2 else t
        g = self.fresh()
        self.emit('%s = "stablehlo.get_tuple_element"(%s) {index = %d : i32} : (%s) -> %s' % (
            g, o, i, tt, res))
        self.values.append((g, res))

    def g_rng(self):
        r = self.r
        if r.random() < 0.5:
            alg = r.choice(["DEFAULT", "THREE_FRY", "PHILOX"])
            n = {"DEFAULT": r.choice([2, 3]), "THREE_FRY": 2, "PHILOX": r.choice([2, 3])}[alg]
            if self.bad():
                n = r.choice([0, 1, 4])
            st = T((n,), "ui64")
            s = self.const(st)
            out = T(self.pick_shape(), r.choice(["ui32", "ui64", "f32", "i8", "f64", "ui8"]))
            self.op("stablehlo.rng_bit_generator", [s], [st], [st, out],
                    "rng_algorithm = #stablehlo<rng_algorithm %s>" % alg)
        else:
            dist = r.choice(["UNIFORM", "NORMAL"])
            e = r.choice(["f32", "f64"]) if dist == "NORMAL" else r.choice(["f32", "i32", "i64",
                                                                            "ui8", "i1"])
            shape = self.pick_shape()
            a = self.const(T((), e))
            b = self.const(T((), e))
            sh = self.int_const((len(shape),), list(shape)) if shape else \
                self.const(T((0,), "i64"), "dense<>")
            self.op("stablehlo.rng", [a, b, sh], [T((), e), T((), e), T((len(shape),), "i64")],
                    [T(shape, e)], "rng_distribution = #stablehlo<rng_distribution %s>" % dist)

    def g_batch_norm(self):
        r = self.r
        e = r.choice(["f32", "f64", "f16"])
        shape = [r.randint(1, 3) for _ in range(r.randint(1, 4))]
        fi = r.randrange(len(shape))
        if self.bad():
            fi = r.choice([-1, len(shape)])
        c = shape[fi] if 0 <= fi < len(shape) else 1
        xt = T(shape, e)
        ct = T((c,), e)
        x = self.const(xt)
        sc = self.const(ct)
        of = self.const(ct)
        attrs = "epsilon = %s : f32, feature_index = %d : i64" % (
            r.choice(["1.0e-3", "0.0", "-1.0"]), fi)
        k = r.randrange(3)
        if k == 0:
            m = self.const(ct)
            v = self.const(ct)
            self.op("stablehlo.batch_norm_inference", [x, sc, of, m, v], [xt, ct, ct, ct, ct],
                    [xt], attrs)
        elif k == 1:
            self.op("stablehlo.batch_norm_training", [x, sc, of], [xt, ct, ct], [xt, ct, ct],
                    attrs)
        else:
            m = self.const(ct)
            v = self.const(ct)
            g = self.const(xt)
            self.op("stablehlo.batch_norm_grad", [x, sc, m, v, g], [xt, ct, ct, ct, xt],
                    [xt, ct, ct], attrs)

    def g_dynamic(self):
        r = self.r
        k = r.randrange(6)
        if k == 0:
            shape = [self.perturb(r.randint(0, 4), hi=5) for _ in range(r.randint(1, 3))]
            sh = self.int_const((len(shape),), shape)
            e = self.pick_elem(("float", "sint", "uint"))
            d = self.perturb(r.randrange(len(shape)), hi=len(shape))
            self.op("stablehlo.dynamic_iota", [sh], [T((len(shape),), "i64")],
                    [T([max(s, 0) for s in shape], e)],
                    "iota_dimension = %d : i64" % d)
        elif k == 1:
            x, t = self.value(lambda t: t.rank <= 3)
            out_rank = t.rank + r.randint(0, 1)
            dims = sorted(r.sample(range(out_rank), t.rank))
            shape = [r.randint(1, 3) for _ in range(out_rank)]
            for i, d in enumerate(dims):
                shape[d] = t.shape[i] if t.shape[i] != 1 else r.randint(1, 3)
            shape_v = [self.perturb(s) for s in shape]
            sh = self.int_const((out_rank,), shape_v) if out_rank else \
                self.const(T((0,), "i64"), "dense<>")
            self.op("stablehlo.dynamic_broadcast_in_dim", [x, sh], [t, T((out_rank,), "i64")],
                    [T(shape, t.elem)], "broadcast_dimensions = %s" % self.ints(dims))
        elif k == 2:
            x, t = self.value(lambda t: t.rank >= 1)
            n = t.size()
            shape = [n] if r.random() < 0.5 else [1, n]
            shape_v = [self.perturb(s) for s in shape]
            sh = self.int_const((len(shape),), shape_v)
            self.op("stablehlo.dynamic_reshape", [x, sh], [t, T((len(shape),), "i64")],
                    [T(shape, t.elem)])
        elif k == 3:
            x, t = self.value(lambda t: t.rank >= 1)
            pv = self.const(T((), t.elem))
            lo = [self.perturb(r.randint(-1, 2)) for _ in t.shape]
            hi = [self.perturb(r.randint(-1, 2)) for _ in t.shape]
            it = [self.perturb(r.randint(0, 1)) for _ in t.shape]
            shape = [max(0, l + h + d + max(d - 1, 0) * i)
                     for l, h, i, d in zip(lo, hi, it, t.shape)]
            vt = T((t.rank,), "i64")
            a, b, c = (self.int_const((t.rank,), v) for v in (lo, hi, it))
            self.op("stablehlo.dynamic_pad", [x, pv, a, b, c], [t, T((), t.elem), vt, vt, vt],
                    [T(shape, t.elem)])
        elif k == 4:
            x, t = self.value(lambda t: t.rank >= 1)
            st, li, sd, shape = [], [], [], []
            for d in t.shape:
                s = self.perturb(r.randint(0, d), hi=d)
                l = self.perturb(r.randint(max(s, 0), d) if s <= d else d, hi=d)
                q = self.perturb(r.randint(1, 2))
                st.append(s)
                li.append(l)
                sd.append(q)
                shape.append(max(0, -(-(l - s) // q)) if q > 0 else 0)
            vt = T((t.rank,), "i64")
            a, b, c = (self.int_const((t.rank,), v) for v in (st, li, sd))
            self.op("stablehlo.real_dynamic_slice", [x, a, b, c], [t, vt, vt, vt],
                    [T(shape, t.elem)])
        else:
            x, t = self.value(lambda t: t.rank >= 1)
            d = self.perturb(r.randrange(t.rank), hi=t.rank)
            self.op("stablehlo.get_dimension_size", [x], [t], [T((), "i32")],
                    "dimension = %d : i64" % d)

    def g_collective(self):
        r = self.r
        x, t = self.value(lambda t: t.rank >= 1 and t.elem != BOOL and not is_complex(t.elem))
        groups = r.choice(["[[0]]", "[[0]]", "[[0, 0]]", "[[1]]", "[[-1]]", "[[0], [0]]"]) \
            if self.bad() else "[[0]]"
        shape = "tensor<%dx%dxi64>" % ((1, 1) if groups == "[[0]]" else
                                       (groups.count("[") - 1, groups.count(",") + 1
                                        if groups.count("], [") == 0 else 1))
        rg = "replica_groups = dense<%s> : %s" % (groups, shape)
        k = r.randrange(4)
        st = T((), t.elem)
        if k == 0:
            body = self.scalar_body(t.elem, kind="add")
            self.op("stablehlo.all_reduce", [x], [t], [t], rg, regions=[body])
        elif k == 1:
            d = r.randrange(t.rank)
            self.op("stablehlo.all_gather", [x], [t], [t],
                    "all_gather_dim = %d : i64, %s" % (self.perturb(d, hi=t.rank), rg))
        elif k == 2:
            d = r.randrange(t.rank)
            self.op("stablehlo.all_to_all", [x], [t], [t],
                    "split_dimension = %d : i64, concat_dimension = %d : i64, "
                    "split_count = %d : i64, %s" % (d, d, self.perturb(1), rg))
        else:
            self.op("stablehlo.collective_permute", [x], [t], [t],
                    "source_target_pairs = dense<[[0, 0]]> : tensor<1x2xi64>")
        del st

    # -- CHLO, quantization, calls and the rest -----------------------------

    def g_chlo_unary(self):
        r = self.r
        name = r.choice(["acos", "acosh", "asin", "asinh", "atan", "atanh", "conj", "cosh",
                         "digamma", "erf", "erf_inv", "erfc", "is_inf", "is_neg_inf",
                         "is_pos_inf", "lgamma", "sinh", "tan", "square"])
        kinds = ("float", "complex") if name not in ("digamma", "erf", "erf_inv", "erfc",
                                                     "lgamma", "is_inf", "is_neg_inf",
                                                     "is_pos_inf") else ("float",)
        if self.bad():
            kinds = ("sint", "complex", "bool")
        e = self.pick_elem(kinds)
        x, t = self.value(lambda t: t.elem == e, lambda: T(self.pick_shape(), e))
        re_ = BOOL if name.startswith("is_") else t.elem
        self.op("chlo." + name, [x], [t], [T(t.shape, re_)])

    def g_chlo_binary(self):
        r = self.r
        name, kinds = r.choice([
            ("next_after", ("float",)), ("polygamma", ("float",)), ("zeta", ("float",)),
            ("mulhi", ("sint", "uint")), ("broadcast_add", ("float", "sint", "complex")),
            ("broadcast_subtract", ("float", "sint")), ("broadcast_multiply", ("float", "uint")),
            ("broadcast_divide", ("float", "sint", "uint")),
            ("broadcast_remainder", ("float", "sint")), ("broadcast_maximum", ("float", "sint")),
            ("broadcast_minimum", ("float", "uint")), ("broadcast_power", ("float", "sint")),
            ("broadcast_and", ("bool", "sint")), ("broadcast_or", ("bool", "uint")),
            ("broadcast_xor", ("sint",)), ("broadcast_shift_left", ("sint", "uint")),
            ("broadcast_shift_right_arithmetic", ("sint",)),
            ("broadcast_shift_right_logical", ("uint",)), ("broadcast_next_after", ("float",)),
            ("broadcast_polygamma", ("float",)), ("broadcast_zeta", ("float",)),
            ("broadcast_atan2", ("float",)), ("broadcast_complex", ("float",))])
        e = self.pick_elem(kinds)
        if name == "broadcast_complex":
            e = r.choice(["f32", "f64"])
        a, t = self.value(lambda t: t.elem == e and t.rank <= 3, lambda: T(self.pick_shape(3), e))
        if not name.startswith("broadcast_"):
            b, _ = self.value(lambda u: u.elem == e and u.shape == t.shape, lambda: T(t.shape, e))
            self.op("chlo." + name, [a, b], [t, t], [t])
            return
        # numpy-style broadcasting: the other operand has a suffix of the
        # shape with some dims 1 (or, with broadcast_dimensions, any subset).
        k = r.randint(0, t.rank)
        other = tuple(d if r.random() < 0.7 else 1 for d in t.shape[t.rank - k:])
        if self.bad() and other:
            other = (other[0] + 1,) + other[1:]
        b = self.const(T(other, e))
        bt = T(other, e)
        if r.random() < 0.5:
            a, b, t, bt = b, a, bt, t
        out_shape = []
        la, lb = list(t.shape), list(bt.shape)
        n = max(len(la), len(lb))
        la = [1] * (n - len(la)) + la
        lb = [1] * (n - len(lb)) + lb
        for x, y in zip(la, lb):
            out_shape.append(max(x, y) if 1 in (x, y) else x)
        re_ = "complex<%s>" % e if name == "broadcast_complex" else e
        attrs = "broadcast_dimensions = %s" % self.ints([]) if r.random() < 0.3 else ""
        self.op("chlo." + name, [a, b], [t, bt], [T(out_shape, re_)], props=attrs or None)

    def g_chlo_misc(self):
        r = self.r
        k = r.randrange(4)
        if k == 0:
            x, t = self.value(lambda t: t.rank >= 1 and (is_float(t.elem) or is_int(t.elem)))
            kk = self.perturb(r.randint(0, t.shape[-1]), hi=t.shape[-1])
            self.op("chlo.top_k", [x], [t], [T(t.shape[:-1] + (max(kk, 0),), t.elem),
                                             T(t.shape[:-1] + (max(kk, 0),), "i32")],
                    props="k = %d : i64" % kk)
        elif k == 1:
            x, t = self.value()
            v = self.scalar_text(t.elem) if not is_complex(t.elem) else "1.0"
            if t.elem == BOOL:
                v = "true"
            self.op("chlo.constant_like", [x], [t], [t],
                    props="value = %s : %s" % (v, t.elem if not is_complex(t.elem) else "f32"))
        elif k == 2:
            # ragged_dot, mode 1: lhs [m, k] x rhs [g, k, n] with group sizes [g].
            e = r.choice(["f32", "f64", "i32"])
            m, kk, g, n = r.randint(0, 5), r.randint(1, 3), r.randint(1, 3), r.randint(1, 3)
            lt, rt, gt = T((m, kk), e), T((g, kk, n), e), T((g,), "i64")
            a, b = self.const(lt), self.const(rt)
            sizes = [r.randint(-1, m) for _ in range(g)]
            gs = self.int_const((g,), sizes)
            self.op("chlo.ragged_dot", [a, b, gs], [lt, rt, gt], [T((m, n), e)],
                    props="ragged_dot_dimension_numbers = #chlo.ragged_dot<"
                    "lhs_batching_dimensions = [], rhs_batching_dimensions = [], "
                    "lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1], "
                    "lhs_ragged_dimensions = [%d], rhs_group_dimensions = [0]>" %
                    self.perturb(0, hi=2))
        else:
            x, t = self.value(lambda t: t.rank >= 1 and t.elem != BOOL and not is_complex(t.elem))
            d = r.randrange(t.rank)
            st = T(t.shape[:d] + t.shape[d + 1:], t.elem)
            init = self.const(st)
            d = self.perturb(d, hi=t.rank)

            def body(args):
                o = self.op("stablehlo.add", args, [st, st], [st])[0]
                return [(o, st), (o, st)]
            reg = self.region([st, st], body)
            self.op("chlo.scan", [x, init], [t, st], [t, st], regions=[reg],
                    props="dimension = %d : i64, is_reverse = %s, operandSegmentSizes = "
                    "array<i32: 1, 1>, resultSegmentSizes = array<i32: 1, 1>" % (
                        d, r.choice(["true", "false"])))

    def quant_type(self, rank, axis_ok=True):
        r = self.r
        storage = r.choice(["i8", "u8", "i16", "i4", "i32", "u4", "i2"])
        expressed = r.choice(["f32", "f16", "bf16", "f64"])
        scale = r.choice(["0.5", "1.0", "2.5e-3", "1.0e+30", "1.0e-30", "3.0"])
        zp = r.randint(-5, 5)
        lims = ""
        if r.random() < 0.2:
            lo, hi = int_range(storage.replace("u", "ui"))
            lims = "<%d:%d>" % (lo + 1, hi)
        if axis_ok and rank and r.random() < 0.3:
            axis = self.perturb(r.randrange(rank), hi=rank)
            n = r.randint(1, 3)
            return "!quant.uniform<%s%s:%s:%d, {%s}>" % (
                storage, lims, expressed, axis,
                ", ".join("%s:%d" % (r.choice(["0.1", "0.5", "2.0"]), r.randint(-3, 3))
                          for _ in range(n))), expressed, n, axis
        return "!quant.uniform<%s%s:%s, %s:%d>" % (storage, lims, expressed, scale, zp), \
            expressed, None, None

    def g_quant(self):
        r = self.r
        shape = list(self.pick_shape(3))
        q, expressed, n, axis = self.quant_type(len(shape))
        if n is not None and axis is not None and 0 <= axis < len(shape):
            shape[axis] = n
        ft = T(shape, expressed)
        qt = T(shape, q)
        x = self.const(ft)
        qv = self.op("stablehlo.uniform_quantize", [x], [ft], [qt])[0]
        k = r.randrange(5)
        if k == 0:
            self.op("stablehlo.uniform_dequantize", [qv], [qt], [ft])
        elif k == 1:
            name = r.choice(["add", "subtract", "multiply", "maximum", "minimum", "divide"])
            o = self.op("stablehlo." + name, [qv, qv], [qt, qt], [qt])[0]
            self.op("stablehlo.uniform_dequantize", [o], [qt], [ft])
        elif k == 2:
            name = r.choice(["abs", "negate", "exponential", "tanh", "sqrt", "sign"])
            o = self.op("stablehlo." + name, [qv], [qt], [qt])[0]
            self.op("stablehlo.uniform_dequantize", [o], [qt], [ft])
        elif k == 3:
            q2, _, _, _ = self.quant_type(len(shape), axis_ok=False)
            self.op("stablehlo.uniform_quantize", [qv], [qt], [T(shape, q2)])
        else:
            # Reshape / transpose / broadcast keep the quantization.
            perm = list(range(len(shape)))
            r.shuffle(perm)
            self.op("stablehlo.transpose", [qv], [qt], [T([shape[p] for p in perm], q)],
                    "permutation = %s" % self.ints(perm))

    def g_call(self):
        x, t = self.value()
        name = "f%d" % self.n
        self.n += 1
        ret = t
        body_op = "stablehlo.negate" if (is_float(t.elem) or is_complex(t.elem) or
                                          (is_int(t.elem) and not is_uint(t.elem))) \
            else "stablehlo.not" if t.elem == BOOL or is_int(t.elem) else None
        if body_op is None:
            return
        self.functions.append(
            "func.func private @%s(%%a: %s) -> %s {\n"
            "  %%0 = \"%s\"(%%a) : (%s) -> %s\n"
            "  func.return %%0 : %s\n}\n" % (name, t, ret, body_op, t, ret, ret))
        o = self.fresh()
        self.emit("%s = func.call @%s(%s) : (%s) -> %s" % (o, name, x, t, ret))
        self.values.append((o, ret))

    def g_misc(self):
        r = self.r
        k = r.randrange(8)
        if k == 0:
            x, t = self.value()
            y, u = self.value()
            self.op("stablehlo.optimization_barrier", [x, y], [t, u], [t, u])
        elif k == 1:
            o = self.fresh()
            self.emit('%s = "stablehlo.after_all"() : () -> !stablehlo.token' % o)
            o2 = self.fresh()
            self.emit('%s = "stablehlo.after_all"(%s, %s) : (!stablehlo.token, !stablehlo.token)'
                      ' -> !stablehlo.token' % (o2, o, o))
        elif k == 2:
            x, t = self.value(lambda t: t.rank >= 1)
            y, _ = self.value(lambda u: u.shape == t.shape and u.elem == t.elem,
                              lambda: T(t.shape, t.elem))
            target = r.choice(["check.expect_eq", "check.expect_close", "check.expect_almost_eq",
                               "check.eq"])
            self.emit('"stablehlo.custom_call"(%s, %s) {call_target_name = "%s", '
                      'has_side_effect = true} : (%s, %s) -> ()' % (x, y, target, t, t))
        elif k == 3:
            x, t = self.value(lambda t: t.rank >= 1)
            d = r.randrange(t.rank)
            n = r.randint(0, 4)
            ie = r.choice(["i32", "i64", "ui8"])
            idx = self.const(T((n,), ie), "dense<[%s]>" % ", ".join(
                str(r.randint(-1, t.shape[d])) for _ in range(n)) if n else "dense<>")
            shape = list(t.shape)
            shape[d] = n
            self.op("stablehlo.torch_index_select", [x, idx], [t, T((n,), ie)],
                    [T(shape, t.elem)], "dim = %d : i64, batch_dims = 0 : i64" %
                    self.perturb(d, hi=t.rank))
        elif k == 4:
            x, t = self.value(lambda t: t.rank >= 1 and t.elem != BOOL and not is_complex(t.elem))
            d = r.randrange(t.rank)
            body = self.scalar_body(t.elem, kind="add")
            self.op("stablehlo.reduce_scatter", [x], [t], [t],
                    "scatter_dimension = %d : i64, replica_groups = dense<[[0]]> : "
                    "tensor<1x1xi64>" % self.perturb(d, hi=t.rank), regions=[body])
        elif k == 5:
            x, t = self.value()
            self.op("stablehlo.collective_broadcast", [x], [t], [t],
                    "replica_groups = dense<[[0]]> : tensor<1x1xi64>")
        elif k == 6:
            x, t = self.value(lambda t: t.rank >= 1 and min(t.shape) >= 1)
            # dynamic_gather: gather with slice sizes as an operand.
            sizes = [r.randint(0, d) for d in t.shape]
            idx = self.const(T((1, 1), "i32"), "dense<[[%d]]>" % r.randint(-1, 3))
            ss = self.int_const((t.rank,), [self.perturb(s) for s in sizes])
            shape = [1] + sizes
            self.op("stablehlo.dynamic_gather", [x, idx, ss],
                    [t, T((1, 1), "i32"), T((t.rank,), "i64")], [T(shape, t.elem)],
                    "dimension_numbers = #stablehlo.gather<offset_dims = [%s], "
                    "collapsed_slice_dims = [], start_index_map = [0], index_vector_dim = 1>" %
                    ", ".join(str(i + 1) for i in range(t.rank)))
        else:
            x, t = self.value()
            self.emit('"interpreter.print"(%s) : (%s) -> ()' % (x, t))

    GENERATORS = [
        (g_unary, 6), (g_binary, 8), (g_compare, 3), (g_select_clamp, 3), (g_convert, 4),
        (g_bitcast, 2), (g_reduce_precision, 2), (g_broadcast_in_dim, 3), (g_reshape, 3),
        (g_transpose, 3), (g_reverse, 2), (g_slice, 3), (g_dynamic_slice, 3),
        (g_dynamic_update_slice, 3), (g_concatenate, 3), (g_pad, 3), (g_iota, 2), (g_gather, 5),
        (g_scatter, 5), (g_sort, 3), (g_reduce, 4), (g_reduce_window, 4),
        (g_select_and_scatter, 3), (g_map, 2), (g_dot_general, 4), (g_convolution, 4),
        (g_fft, 2), (g_linalg, 2), (g_while, 2), (g_if_case, 2), (g_tuple, 1), (g_rng, 2),
        (g_batch_norm, 2), (g_dynamic, 4), (g_collective, 2), (g_chlo_unary, 3),
        (g_chlo_binary, 4), (g_chlo_misc, 3), (g_quant, 4), (g_call, 2), (g_misc, 4),
    ]

    def program(self, nops):
        r = self.r
        gens = [g for g, w in self.GENERATORS for _ in range(w)]
        for _ in range(r.randint(1, 3)):
            self.const(T(self.pick_shape(), self.pick_elem()))
        for _ in range(nops):
            g = r.choice(gens)
            try:
                g(self)
            except (ValueError, IndexError, StopIteration):
                # A draw the generator cannot complete (e.g. an empty range):
                # skip it; the program so far stays consistent.
                pass
        body = "\n".join(self.lines)
        ret_name, ret_t = self.values[-1] if self.values else (None, None)
        helpers = "".join(self.functions)
        if ret_name is not None and r.random() < 0.5:
            return helpers + ("func.func @main() -> %s {\n%s\n  func.return %s : %s\n}\n" % (
                ret_t, body, ret_name, ret_t))
        return helpers + "func.func @main() {\n%s\n  func.return\n}\n" % body


def nest(vals, shape):
    """Nested list text of flat `vals` in `shape`."""
    if not shape:
        return str(vals[0])
    n = 1
    for d in shape[1:]:
        n *= d
    return "[" + ", ".join(nest(vals[i * n:(i + 1) * n], shape[1:]) for i in range(shape[0])) \
        + "]"


# ---------------------------------------------------------------------------
# Token mutations.

TOKEN_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|0x[0-9A-Fa-f]+|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|'
                      r'[%@^#!]?[A-Za-z_][\w.$]*|\S')
EDGE_NUMBERS = ["0", "1", "-1", "2", "3", "-2", "7", "64", "65536", "2147483647", "-2147483648",
                "4294967296", "9223372036854775807", "-9223372036854775808", "1000000000",
                "100000", "1.0e+300", "-0.0", "0.5"]
TYPES = ["f32", "f64", "f16", "bf16", "i1", "i8", "i32", "i64", "ui8", "ui32", "ui64", "i4",
         "complex<f32>", "f8E4M3FN", "tensor<f32>", "tensor<0xf32>", "tensor<?xf32>", "tuple<>",
         "!stablehlo.token"]
OPS = None


def op_names():
    global OPS
    if OPS is None:
        here = os.path.dirname(os.path.abspath(__file__))
        try:
            text = open(os.path.join(here, "..", "src", "ir", "ops.def")).read()
            OPS = re.findall(r'CX_OP\(\w+, "([\w.]+)"', text)
        except OSError:
            OPS = ["stablehlo.add", "stablehlo.while", "stablehlo.gather"]
    return OPS


def mutate_text(text, rng, nmut):
    toks = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    if not toks:
        return text
    edits = []
    for _ in range(nmut):
        s, e = rng.choice(toks)
        tok = text[s:e]
        k = rng.random()
        if re.match(r"-?\d", tok) or tok.startswith("0x"):
            new = rng.choice(EDGE_NUMBERS) if k < 0.8 else str(int(rng.gauss(0, 4)))
        elif tok in TYPES or re.match(r"^(f|i|ui|bf|si)\d+$", tok):
            new = rng.choice(TYPES)
        elif "." in tok and tok.split(".")[0] in ("stablehlo", "chlo", "func", "check") and \
                k < 0.7:
            new = rng.choice(op_names())
        elif k < 0.3:
            new = ""  # delete
        elif k < 0.5:
            new = tok + " " + tok  # duplicate
        elif k < 0.7:
            s2, e2 = rng.choice(toks)
            new = text[s2:e2]  # another token of the file
        else:
            new = rng.choice(EDGE_NUMBERS + ["[", "]", ",", "x", "?", "<", ">"])
        edits.append((s, e, new))
    # Apply from the end so that offsets stay valid; overlapping edits skip.
    edits.sort(reverse=True)
    last = len(text) + 1
    for s, e, new in edits:
        if e > last:
            continue
        text = text[:s] + new + text[e:]
        last = s
    return text


def split_cases(text):
    return [c for c in re.split(r"^// -----.*$", text, flags=re.M) if c.strip()]


# ---------------------------------------------------------------------------
# Running and triage.

BAD_MARKERS = ("crashed", "exited with status", "timed out", "without a result",
               "internal error", "INTERNAL")


def run_check(cxla, paths, findings, timeout, env, log):
    """Runs `cxla check` on the files; returns {path: reason} of the bad ones."""
    bad = {}
    for i in range(0, len(paths), 200):
        batch = paths[i:i + 200]
        try:
            p = subprocess.run([cxla, "check", "--jobs=%d" % max(1, os.cpu_count() or 1),
                                "--timeout=%d" % timeout, "--expected-failures=/dev/null"]
                               + batch, capture_output=True, text=True, errors="replace",
                               env=env, timeout=timeout * len(batch) + 60)
        except subprocess.TimeoutExpired:
            for b in batch:
                bad[b] = "cxla check itself timed out"
            continue
        for line in p.stdout.splitlines():
            m = re.match(r"(ERROR|FAIL|PASS|XFAIL|XPASS) (\S+?)(?:: (.*))?$", line)
            if not m:
                continue
            kind, path, reason = m.group(1), m.group(2), m.group(3) or ""
            if kind == "ERROR" and any(x in reason for x in BAD_MARKERS):
                if "timed out" in reason:
                    # No budget in `cxla check`: a generated loop may run long
                    # legitimately; the fuzzer (with a budget) judges hangs.
                    log.write("TIMEOUT %s\n" % path)
                    continue
                bad[path] = "check: " + reason
        if p.stderr and log:
            log.write(p.stderr[-20000:])
    return bad


def run_opt(cxla, paths, timeout, env):
    bad = {}
    for path in paths:
        try:
            p = subprocess.run([cxla, "opt", path, "-o", "/dev/null"], capture_output=True,
                               text=True, errors="replace", env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            bad[path] = "opt: timed out"
            continue
        if p.returncode not in (0, 1):
            bad[path] = "opt: exit %d: %s" % (p.returncode, p.stderr[-2000:])
        elif "ERROR: AddressSanitizer" in p.stderr or "runtime error:" in p.stderr or \
                "LeakSanitizer" in p.stderr:
            bad[path] = "opt: sanitizer: " + p.stderr[-2000:]
    return bad


def sanitizer_env():
    env = dict(os.environ)
    # Huge allocations fail (a clean out-of-memory error) instead of paging
    # gigabytes in: `cxla check` runs without an evaluation budget.
    env["ASAN_OPTIONS"] = "detect_leaks=1:exitcode=86:allocator_may_return_null=1:" \
                          "max_allocation_size_mb=2048:" \
                          "abort_on_error=0"
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1:exitcode=87"
    return env


def run_dir(cxla, paths, findings, timeout, log, with_opt=True):
    env = sanitizer_env()
    bad = run_check(cxla, paths, findings, timeout, env, log)
    if with_opt:
        bad.update(run_opt(cxla, paths, timeout, env))
    os.makedirs(findings, exist_ok=True)
    for path, reason in bad.items():
        base = os.path.basename(path)
        shutil.copy(path, os.path.join(findings, base))
        with open(os.path.join(findings, base + ".reason"), "w") as f:
            f.write(reason + "\n")
    return bad


# ---------------------------------------------------------------------------
# Commands.

def cmd_gen(args):
    os.makedirs(args.out, exist_ok=True)
    paths = []
    for i in range(args.count):
        seed = args.seed * 1000003 + i
        rng = random.Random(seed)
        g = Gen(rng, args.invalid_rate)
        text = "// gen_programs.py gen seed %d\n" % seed + g.program(rng.randint(1, args.max_ops))
        p = os.path.join(args.out, "gen_%d.mlir" % seed)
        with open(p, "w") as f:
            f.write(text)
        paths.append(p)
    return paths


def cmd_mutate(args, files=None):
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    paths = []
    for f in files or args.files:
        try:
            text = open(f, errors="replace").read()
        except OSError:
            continue
        cases = split_cases(text)
        if not cases:
            continue
        for k in range(args.per_file):
            case = rng.choice(cases)
            mutated = mutate_text(case, rng, rng.randint(1, 3))
            name = "mut_%s_%d_%d.mlir" % (re.sub(r"\W", "_", os.path.basename(f))[:60],
                                          args.seed, k)
            p = os.path.join(args.out, name)
            with open(p, "w") as out:
                out.write(mutated)
            paths.append(p)
    return paths


def cmd_run(args):
    paths = []
    for d in args.paths:
        if os.path.isdir(d):
            paths += sorted(glob.glob(os.path.join(d, "*.mlir")))
        else:
            paths.append(d)
    with open(os.path.join(args.findings + ".log"), "a") as log:
        bad = run_dir(args.cxla, paths, args.findings, args.timeout, log, not args.no_opt)
    for p, why in sorted(bad.items()):
        print("BAD %s: %s" % (p, why.splitlines()[0] if why else ""))
    print("%d files, %d bad" % (len(paths), len(bad)))
    return 1 if bad else 0


def cmd_loop(args):
    deadline = time.time() + args.minutes * 60
    corpus = []
    for pat in args.corpus:
        corpus += glob.glob(pat, recursive=True)
    findings = os.path.join(args.work, "findings")
    os.makedirs(findings, exist_ok=True)
    total = bad_total = 0
    rnd = args.seed
    log = open(os.path.join(args.work, "loop.log"), "a")
    while time.time() < deadline:
        rnd += 1
        d = os.path.join(args.work, "round")
        shutil.rmtree(d, ignore_errors=True)
        ga = argparse.Namespace(out=d, count=args.gen_per_round, seed=rnd,
                                invalid_rate=args.invalid_rate, max_ops=args.max_ops)
        paths = cmd_gen(ga)
        # Mutations of generated programs and of corpus files.
        ma = argparse.Namespace(out=d, per_file=1, seed=rnd, files=None)
        rng = random.Random(rnd)
        paths += cmd_mutate(ma, rng.sample(paths, min(len(paths), args.gen_per_round // 2)))
        if corpus:
            ma.per_file = 2
            paths += cmd_mutate(ma, rng.sample(corpus, min(len(corpus), args.corpus_per_round)))
        bad = run_dir(args.cxla, paths, findings, args.timeout, log, with_opt=rnd % 4 == 0)
        total += len(paths)
        bad_total += len(bad)
        log.write("round %d: %d files, %d bad (total %d files, %d bad)\n" % (
            rnd, len(paths), len(bad), total, bad_total))
        log.flush()
        for p, why in bad.items():
            print("BAD %s: %s" % (p, why.splitlines()[0] if why else ""), flush=True)
    print("%d files, %d bad" % (total, bad_total))
    return 0


# `cxla check` prints one line per file; in --mode=both a compiled failure is
# prefixed "compiled:" and a disagreement says "differs from the interpreter".
UNSUPPORTED_MARKERS = ("is not supported by the compiler", "is not supported by the code generator",
                       "cannot be compiled into a loop kernel", "compiled code does not have",
                       "is not supported in compiled code", "has a result without a static shape",
                       "needs more devices", "has a dynamic shape", "compiled code runs on one")


def classify_both(line):
    """(kind, reason) of one `cxla check --mode=both` report line."""
    if line.startswith("PASS "):
        return "compared", ""
    m = re.match(r"(FAIL|ERROR|XFAIL|XPASS) ([^:]+): (.*)", line)
    if not m:
        return None, ""
    kind, _, reason = m.groups()
    if "differs from the interpreter" in reason or "compiled code returned" in reason:
        return "disagreement", reason
    if "compiled:" not in reason:
        return "interpreter", reason  # the program fails before the compiler is involved
    if any(x in reason for x in UNSUPPORTED_MARKERS):
        return "unsupported", reason
    if kind == "FAIL":
        # A check op that holds in the interpreter but not in compiled code.
        return "disagreement", reason
    return "compile_error", reason


def cmd_diff(args):
    """Runs `count` random valid programs compiled and interpreted."""
    os.makedirs(args.work, exist_ok=True)
    findings = os.path.join(args.work, "findings")
    os.makedirs(findings, exist_ok=True)
    ga = argparse.Namespace(out=os.path.join(args.work, "programs"), count=args.count,
                            seed=args.seed, invalid_rate=0.0, max_ops=args.max_ops)
    shutil.rmtree(ga.out, ignore_errors=True)
    paths = cmd_gen(ga)
    corpus = sorted(f for pat in args.mutate_corpus for f in glob.glob(pat, recursive=True))
    if args.mutants and corpus:
        rng = random.Random(args.seed)
        ma = argparse.Namespace(out=ga.out, per_file=1, seed=args.seed, files=None)
        picks = [rng.choice(corpus) for _ in range(args.mutants)]
        # One mutant per pick; a file picked twice gets a second seed.
        seen = {}
        for f in picks:
            ma.seed = args.seed * 1000 + seen.get(f, 0)
            seen[f] = seen.get(f, 0) + 1
            paths += cmd_mutate(ma, [f])
    p = subprocess.run([args.cxla, "check", "--mode=both", "--jobs=%d" % args.jobs,
                        "--expected-failures=", "--timeout=%d" % args.timeout] + paths,
                       capture_output=True, text=True, errors="replace")
    tally = {"programs": len(paths), "compared": 0, "disagreement": 0, "compile_error": 0,
             "unsupported": 0, "interpreter": 0}
    unsupported_ops = {}
    for line in p.stdout.splitlines():
        kind, reason = classify_both(line)
        if kind is None:
            continue
        tally[kind] += 1
        if kind == "unsupported":
            op = re.search(r"'([a-z_.]+)' op", reason)
            key = op.group(1) if op else reason[:60]
            unsupported_ops[key] = unsupported_ops.get(key, 0) + 1
        if kind in ("disagreement", "compile_error"):
            path = line.split(" ", 1)[1].split(":", 1)[0]
            shutil.copy(path, findings)
            print("%s %s" % (kind.upper(), line), flush=True)
    print(json.dumps({"differential": tally, "unsupported_ops": unsupported_ops}, sort_keys=True))
    return 1 if tally["disagreement"] or tally["compile_error"] else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--count", type=int, default=100)
    g.add_argument("--out", required=True)
    g.add_argument("--invalid-rate", type=float, default=0.05)
    g.add_argument("--max-ops", type=int, default=8)
    m = sub.add_parser("mutate")
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--per-file", type=int, default=3)
    m.add_argument("--out", required=True)
    m.add_argument("files", nargs="+")
    r = sub.add_parser("run")
    r.add_argument("--cxla", required=True)
    r.add_argument("--findings", required=True)
    r.add_argument("--timeout", type=int, default=20)
    r.add_argument("--no-opt", action="store_true")
    r.add_argument("paths", nargs="+")
    lp = sub.add_parser("loop")
    lp.add_argument("--cxla", required=True)
    lp.add_argument("--work", required=True)
    lp.add_argument("--minutes", type=float, default=60)
    lp.add_argument("--seed", type=int, default=int(time.time()))
    lp.add_argument("--gen-per-round", type=int, default=150)
    lp.add_argument("--corpus-per-round", type=int, default=100)
    lp.add_argument("--invalid-rate", type=float, default=0.05)
    lp.add_argument("--max-ops", type=int, default=8)
    lp.add_argument("--timeout", type=int, default=20)
    lp.add_argument("--corpus", nargs="*", default=[])
    d = sub.add_parser("diff")
    d.add_argument("--cxla", required=True)
    d.add_argument("--work", required=True)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--count", type=int, default=300)
    d.add_argument("--max-ops", type=int, default=8)
    d.add_argument("--jobs", type=int, default=2)
    d.add_argument("--timeout", type=int, default=60)
    d.add_argument("--mutants", type=int, default=0,
                   help="mutated corpus files to add (see --mutate-corpus)")
    d.add_argument("--mutate-corpus", nargs="*", default=[],
                   help="glob patterns of the files to mutate")
    a = ap.parse_args()
    if a.cmd == "diff":
        return cmd_diff(a)
    if a.cmd == "gen":
        cmd_gen(a)
        return 0
    if a.cmd == "mutate":
        cmd_mutate(a)
        return 0
    if a.cmd == "run":
        return cmd_run(a)
    return cmd_loop(a)


if __name__ == "__main__":
    sys.exit(main())
