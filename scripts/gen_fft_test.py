#!/usr/bin/python3
# Writes tests/compiler/fft.mlir: stablehlo.fft functions for `cxla check
# --mode=both` (compiled against the interpreter), with expected values from
# numpy.fft where the answer is not known by hand. Deterministic (a fixed
# seed); run with Debian's python3 (numpy): /usr/bin/python3 scripts/gen_fft_test.py
import os

import numpy as np
rng = np.random.default_rng(20261207)
out = []
VIEWS = '''func.func @fft_of_views() -> (tensor<4x6xcomplex<f32>>, tensor<3x8xf64>) {
  %a = stablehlo.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.5, 2.5, 3.5], [4.5, 5.5, 6.5, 7.5], [8.5, 9.5, 0.25, 0.75], [1.25, 1.75, 2.25, 2.75]]> : tensor<6x4xf32>
  %t = stablehlo.transpose %a, dims = [1, 0] : (tensor<6x4xf32>) -> tensor<4x6xf32>
  %e = stablehlo.exponential %t : tensor<4x6xf32>
  %z = stablehlo.constant dense<0.5> : tensor<4x6xf32>
  %c = stablehlo.complex %e, %z : tensor<4x6xcomplex<f32>>
  %r = stablehlo.fft %c, type = FFT, length = [6] : (tensor<4x6xcomplex<f32>>) -> tensor<4x6xcomplex<f32>>
  %i = stablehlo.iota dim = 1 : tensor<3x8xf64>
  %b = stablehlo.broadcast_in_dim %i, dims = [0, 1] : (tensor<3x8xf64>) -> tensor<3x8xf64>
  %f = stablehlo.fft %b, type = RFFT, length = [8] : (tensor<3x8xf64>) -> tensor<3x5xcomplex<f64>>
  %g = stablehlo.fft %f, type = IRFFT, length = [8] : (tensor<3x5xcomplex<f64>>) -> tensor<3x8xf64>
  %s = stablehlo.sine %g : tensor<3x8xf64>
  return %r, %s : tensor<4x6xcomplex<f32>>, tensor<3x8xf64>
}
func.func @fft_in_loop() -> tensor<16xcomplex<f64>> {
  %x = stablehlo.constant dense<[(1.0, 0.0), (2.0, 1.0), (0.0, 3.0), (4.0, 4.0), (1.0, 0.0), (2.0, 1.0), (0.0, 3.0), (4.0, 4.0), (1.0, 0.0), (2.0, 1.0), (0.0, 3.0), (4.0, 4.0), (1.0, 0.0), (2.0, 1.0), (0.0, 3.0), (4.5, 4.0)]> : tensor<16xcomplex<f64>>
  %c0 = stablehlo.constant dense<0> : tensor<i32>
  %r:2 = stablehlo.while(%i = %c0, %a = %x) : tensor<i32>, tensor<16xcomplex<f64>>
  cond {
    %n = stablehlo.constant dense<3> : tensor<i32>
    %p = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %f = stablehlo.fft %a, type = FFT, length = [16] : (tensor<16xcomplex<f64>>) -> tensor<16xcomplex<f64>>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %i1 = stablehlo.add %i, %one : tensor<i32>
    stablehlo.return %i1, %f : tensor<i32>, tensor<16xcomplex<f64>>
  }
  return %r#1 : tensor<16xcomplex<f64>>
}
'''
def ty(shape, et): return "tensor<%s%s>" % ("".join("%dx" % d for d in shape), et)
def cet(w): return "complex<f%d>" % w
def fmt_real(v): return repr(float(v))
def fmt_c(v): return "(%s, %s)" % (repr(float(v.real)), repr(float(v.imag)))
def dense(a, cplx):
    f = fmt_c if cplx else fmt_real
    def rec(x):
        if x.ndim == 0: return f(x)
        if x.ndim == 1: return "[" + ", ".join(f(v) for v in x) + "]"
        return "[" + ", ".join(rec(s) for s in x) + "]"
    if a.size == 0: return "dense<>"
    return "dense<" + rec(a) + ">"
def rnd(shape, cplx, w):
    def part():  # no zeros: the round trips' checks compare signs
        v = np.round(rng.uniform(-2, 2, shape), 3)
        return np.where(v == 0, 0.5, v)
    r = part()
    if cplx: r = r + 1j * part()
    return r
names = set()
def fn(name, kind, ishape, lengths, w, data=None, expect=None, comment=None):
    assert name not in names; names.add(name)
    cin = kind in ("FFT", "IFFT", "IRFFT")
    cout = kind in ("FFT", "IFFT", "RFFT")
    oshape = list(ishape)
    if kind == "RFFT": oshape[-1] = lengths[-1] // 2 + 1
    if kind == "IRFFT": oshape[-1] = lengths[-1]
    it = ty(ishape, cet(w) if cin else "f%d" % w)
    ot = ty(oshape, cet(w) if cout else "f%d" % w)
    if data is None: data = rnd(ishape, cin, w)
    if comment: out.append("// " + comment)
    out.append("func.func @%s() -> %s {" % (name, ot))
    out.append("  %%x = stablehlo.constant %s : %s" % (dense(data, cin), it))
    out.append("  %%r = stablehlo.fft %%x, type = %s, length = [%s] : (%s) -> %s" % (kind, ", ".join(map(str, lengths)), it, ot))
    if expect is not None:
        # The test dialect's almost-equal also compares signs, which tiny
        # rounding errors around an exact 0 may flip: the check looks at the
        # result plus an offset larger than any result here.
        off = 1000.5 + 1000.5j if cout else 1000.5
        out.append("  %%o = stablehlo.constant %s : %s" % ("dense<" + (fmt_c(off) if cout else fmt_real(off)) + ">", ot))
        out.append("  %%s = stablehlo.add %%r, %%o : %s" % ot)
        out.append("  check.expect_almost_eq_const %%s, %s : %s {tolerance = %s : f64}" % (dense(np.asarray(expect) + off, cout), ot, "1.0e-03" if w == 32 else "1.0e-09"))
    out.append("  return %%r : %s" % ot)
    out.append("}")
    out.append("")
    return data

def npfft(kind, x, lengths):
    axes = tuple(range(-len(lengths), 0))
    if kind == "FFT": return np.fft.fftn(x, axes=axes)
    if kind == "IFFT": return np.fft.ifftn(x, axes=axes)
    if kind == "RFFT": return np.fft.rfftn(x, axes=axes)
    return np.fft.irfftn(x, s=lengths, axes=axes)

out.append("""// stablehlo.fft compiled as the runtime's FFT routine (runtime/routine_fft.c,
// runtime/kernels/fft.c): `cxla check --mode=both` compares every result
// with the interpreter's; the check ops hold answers known by hand (an
// impulse's transform is all ones, ...) or computed with numpy's FFT.
// Lengths cover every algorithm: 0 and 1 (trivial), mixed radix (2, 5, 8,
// 12, 17 (a generic prime radix), 64, 100; below, smooth lengths 30, 60, 96,
// 360, 1000), and Bluestein (37, 74: a prime factor above 31).
// Generated by scripts/gen_fft_test.py; edit that and run it again.
""")
# Hand-known answers.
imp = np.zeros(8, complex); imp[0] = 1
fn("fft_impulse_c64_8", "FFT", [8], [8], 32, imp, np.ones(8, complex), "The transform of an impulse is all ones.")
imp = np.zeros(5, complex); imp[0] = 1
fn("fft_impulse_c128_5", "FFT", [5], [5], 64, imp, np.ones(5, complex))
imp = np.zeros(17, complex); imp[0] = 1
fn("fft_impulse_c128_17", "FFT", [17], [17], 64, imp, np.ones(17, complex))
e = np.zeros(12, complex); e[0] = 1
fn("ifft_ones_c64_12", "IFFT", [12], [12], 32, np.ones(12, complex), e, "IFFT divides by n: the inverse of all ones is an impulse.")
e = np.zeros(100, complex); e[0] = 1
fn("ifft_ones_c128_100", "IFFT", [100], [100], 64, np.ones(100, complex), e)
imp = np.zeros(17); imp[0] = 1
fn("rfft_impulse_f32_17", "RFFT", [17], [17], 32, imp, np.ones(9, complex), "RFFT keeps n/2 + 1 outputs.")
e = np.zeros(8); e[0] = 1
fn("irfft_ones_f64_8", "IRFFT", [5], [8], 64, np.ones(5, complex), e, "IRFFT takes n/2 + 1 inputs and gives n real outputs.")
x = np.zeros(5, complex); x[0] = 1 + 5j; x[4] = 7j
fn("irfft_dc_nyquist_imag_f64_8", "IRFFT", [5], [8], 64, x, np.full(8, 0.125),
   "The imaginary parts of the DC and Nyquist terms drop out: 1/8 everywhere.")
x = np.zeros(3, complex); x[0] = 2 - 3j
fn("irfft_dc_imag_f32_5", "IRFFT", [3], [5], 32, x, np.full(5, 0.4))
fn("fft_length1_c64", "FFT", [3, 1], [1], 32, np.array([[1 + 2j], [3 - 4j], [-5 + 0.5j]]), np.array([[1 + 2j], [3 - 4j], [-5 + 0.5j]]),
   "Length 1 is the identity, also for the inverses.")
fn("ifft_length1_c128", "IFFT", [2, 1], [1], 64, np.array([[1 + 2j], [3 - 4j]]), np.array([[1 + 2j], [3 - 4j]]))
fn("rfft_length1_f64", "RFFT", [2, 1], [1], 64, np.array([[1.5], [-2.0]]), np.array([[1.5 + 0j], [-2.0 + 0j]]))
fn("irfft_length1_f32", "IRFFT", [2, 1], [1], 32, np.array([[1.5 + 9j], [-2.0 + 1j]]), np.array([[1.5], [-2.0]]))
# Against numpy, every type and rank.
cases = [
  ("FFT", [2], [2], 32), ("FFT", [4, 5], [5], 32), ("FFT", [2, 8], [8], 64), ("FFT", [3, 12], [12], 64),
  ("FFT", [2, 17], [17], 32), ("FFT", [64], [64], 32), ("FFT", [2, 100], [100], 64), ("FFT", [100], [100], 32),
  ("IFFT", [3, 5], [5], 64), ("IFFT", [2, 8], [8], 32), ("IFFT", [17], [17], 64), ("IFFT", [2, 64], [64], 64),
  ("IFFT", [100], [100], 32), ("IFFT", [12], [12], 32),
  ("RFFT", [2], [2], 32), ("RFFT", [3, 5], [5], 64), ("RFFT", [2, 8], [8], 32), ("RFFT", [12], [12], 64),
  ("RFFT", [2, 17], [17], 32), ("RFFT", [64], [64], 64), ("RFFT", [2, 100], [100], 64),
  ("IRFFT", [2], [2], 64), ("IRFFT", [3, 3], [5], 32), ("IRFFT", [2, 5], [8], 64), ("IRFFT", [7], [12], 32),
  ("IRFFT", [2, 9], [17], 64), ("IRFFT", [33], [64], 32), ("IRFFT", [2, 51], [100], 64), ("IRFFT", [50], [99], 32),
  # 2-D
  ("FFT", [3, 4, 5], [4, 5], 32), ("FFT", [8, 12], [8, 12], 64), ("IFFT", [2, 17, 8], [17, 8], 64),
  ("IFFT", [5, 2], [5, 2], 32), ("RFFT", [6, 8], [6, 8], 64), ("RFFT", [2, 5, 17], [5, 17], 32),
  ("IRFFT", [5, 7], [5, 12], 64), ("IRFFT", [2, 8, 3], [8, 5], 32),
  # 3-D
  ("FFT", [2, 2, 3, 4], [2, 3, 4], 64), ("FFT", [3, 5, 8], [3, 5, 8], 32), ("IFFT", [3, 4, 5], [3, 4, 5], 32),
  ("IFFT", [2, 2, 17, 3], [2, 17, 3], 64), ("RFFT", [2, 3, 8], [2, 3, 8], 32), ("RFFT", [2, 4, 5, 12], [4, 5, 12], 64),
  ("IRFFT", [3, 4, 4], [3, 4, 6], 32), ("IRFFT", [2, 5, 3, 9], [5, 3, 17], 64),
]
first = True
for kind, ishape, lengths, w in cases:
    name = "%s_c%d_%s_len%s" % (kind.lower(), w, "x".join(map(str, ishape)), "x".join(map(str, lengths)))
    cin = kind in ("FFT", "IFFT", "IRFFT")
    data = rnd(ishape, cin, w)
    if w == 32:
        data = data.astype(np.complex64 if cin else np.float32).astype(np.complex128 if cin else np.float64)
    exp = npfft(kind, data, lengths)
    fn(name, kind, ishape, lengths, w, data, exp, "Against numpy.fft; every result also against the interpreter." if first else None)
    first = False
# Round trips, checked against the input.
out.append("""// Round trips: IFFT(FFT(x)) = x and IRFFT(RFFT(x)) = x.
func.func @round_trip_c64_3x100() -> tensor<3x100xcomplex<f32>> {
  %s
  %%f = stablehlo.fft %%x, type = FFT, length = [100] : (tensor<3x100xcomplex<f32>>) -> tensor<3x100xcomplex<f32>>
  %%b = stablehlo.fft %%f, type = IFFT, length = [100] : (tensor<3x100xcomplex<f32>>) -> tensor<3x100xcomplex<f32>>
  check.expect_almost_eq %%b, %%x : tensor<3x100xcomplex<f32>>
  return %%b : tensor<3x100xcomplex<f32>>
}

func.func @round_trip_f64_4x17x8() -> tensor<4x17x8xf64> {
  %s
  %%f = stablehlo.fft %%x, type = RFFT, length = [17, 8] : (tensor<4x17x8xf64>) -> tensor<4x17x5xcomplex<f64>>
  %%b = stablehlo.fft %%f, type = IRFFT, length = [17, 8] : (tensor<4x17x5xcomplex<f64>>) -> tensor<4x17x8xf64>
  check.expect_almost_eq %%b, %%x, tolerance = 1.0e-12 : tensor<4x17x8xf64>
  return %%b : tensor<4x17x8xf64>
}
""" % ("%%x = stablehlo.constant %s : tensor<3x100xcomplex<f32>>" % dense(rnd([3, 100], True, 32), True),
       "%%x = stablehlo.constant %s : tensor<4x17x8xf64>" % dense(rnd([4, 17, 8], False, 64), False)))
# Length 0 and empty batches.
out.append("""// Empty transforms: length 0 (the half spectrum of length 0 is empty,
// fft_c5) and an empty batch.
func.func @rfft_length0_f32() -> tensor<3x0xcomplex<f32>> {
  %x = stablehlo.constant dense<> : tensor<3x0xf32>
  %r = stablehlo.fft %x, type = RFFT, length = [0] : (tensor<3x0xf32>) -> tensor<3x0xcomplex<f32>>
  return %r : tensor<3x0xcomplex<f32>>
}

func.func @fft_length0_c64() -> tensor<2x0xcomplex<f32>> {
  %x = stablehlo.constant dense<> : tensor<2x0xcomplex<f32>>
  %r = stablehlo.fft %x, type = FFT, length = [0] : (tensor<2x0xcomplex<f32>>) -> tensor<2x0xcomplex<f32>>
  return %r : tensor<2x0xcomplex<f32>>
}

func.func @irfft_length0_f64() -> tensor<2x0xf64> {
  %x = stablehlo.constant dense<> : tensor<2x0xcomplex<f64>>
  %r = stablehlo.fft %x, type = IRFFT, length = [0] : (tensor<2x0xcomplex<f64>>) -> tensor<2x0xf64>
  return %r : tensor<2x0xf64>
}

func.func @fft_empty_batch_c128() -> tensor<0x8xcomplex<f64>> {
  %x = stablehlo.constant dense<> : tensor<0x8xcomplex<f64>>
  %r = stablehlo.fft %x, type = FFT, length = [8] : (tensor<0x8xcomplex<f64>>) -> tensor<0x8xcomplex<f64>>
  return %r : tensor<0x8xcomplex<f64>>
}
""")
# Operands computed by fused kernels and views (a transpose, a broadcast),
# results read by kernels, an FFT inside a loop body.
out.append("""// Operands from fused kernels and views, results read by kernels, an FFT in a
// loop body.
""" + VIEWS)
# Smooth lengths (several radices in one transform) and Bluestein lengths,
# after everything else so that the random data above stay as they were.
out.append("// Smooth lengths (radices 2, 3, 4, 5 mixed) and prime factors above 31 (Bluestein).")
smooth = [
  ("FFT", [2, 30], [30], 64), ("FFT", [60], [60], 32), ("IFFT", [2, 360], [360], 64),
  ("FFT", [1000], [1000], 64), ("RFFT", [2, 96], [96], 32), ("IRFFT", [2, 181], [360], 64),
  ("FFT", [6, 10], [6, 10], 64), ("FFT", [2, 37], [37], 64), ("IFFT", [74], [74], 32),
  ("RFFT", [3, 74], [74], 64),
]
for kind, ishape, lengths, w in smooth:
    name = "%s_c%d_%s_len%s" % (kind.lower(), w, "x".join(map(str, ishape)), "x".join(map(str, lengths)))
    cin = kind in ("FFT", "IFFT", "IRFFT")
    data = rnd(ishape, cin, w)
    if w == 32:
        data = data.astype(np.complex64 if cin else np.float32).astype(np.complex128 if cin else np.float64)
    fn(name, kind, ishape, lengths, w, data, npfft(kind, data, lengths))
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "compiler", "fft.mlir")
open(path, "w").write("\n".join(out))
