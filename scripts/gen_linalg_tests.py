#!/usr/bin/python3
"""Writes tests/compiler/linalg.mlir: cholesky and triangular_solve cases with
their expected values from numpy (LAPACK in double), for `cxla check
--mode=both`. The random matrices come from a fixed seed, so the file is
reproducible: /usr/bin/python3 scripts/gen_linalg_tests.py tests/compiler/linalg.mlir
"""
import numpy as np
rng = np.random.default_rng(20261207)
out = []
def w(s=""): out.append(s)

TY = {'f32': 'f32', 'f64': 'f64', 'c64': 'complex<f32>', 'c128': 'complex<f64>'}
def tt(shape, e): return "tensor<" + "x".join(str(d) for d in shape) + ("x" if shape else "") + TY[e] + ">"

def fmt_scalar(v, e):
    if e in ('c64', 'c128'):
        return "(%s, %s)" % (fmt_real(v.real, e), fmt_real(v.imag, e))
    return fmt_real(v, e)
def fmt_real(x, e):
    x = float(x)
    if np.isnan(x): return "0x7FC00000" if e in ('f32', 'c64') else "0x7FF8000000000000"
    return repr(x) if e in ('f64', 'c128') else "%.9g" % x if '.' in "%.9g" % x or 'e' in "%.9g" % x else "%.9g.0" % x
def dense(a, e):
    a = np.asarray(a)
    def rec(x):
        if x.ndim == 0: return fmt_scalar(x[()], e)
        return "[" + ", ".join(rec(y) for y in x) + "]"
    return "dense<" + rec(a) + ">"

def spd(n, cplx=False, batch=()):
    shape = batch + (n, n)
    m = rng.integers(-3, 4, size=shape).astype(np.float64)
    if cplx: m = m + 1j * rng.integers(-3, 4, size=shape)
    a = m @ np.conj(np.swapaxes(m, -1, -2)) + n * np.eye(n)
    return a

def chol_expected(a, lower):
    l = np.linalg.cholesky(a)
    return l if lower else np.conj(np.swapaxes(l, -1, -2))

def clean(x):
    # numpy's rounding residue near zero would have the wrong sign for the
    # check ops (they compare signs), and -0 reads as +0.
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return clean(x.real) + 1j * clean(x.imag)
    return np.where(np.abs(x) < 1e-9, 0.0, x) + 0.0

def tol(e): return 1e-4 if e in ('f32', 'c64') else 1e-10

def garbage_other_triangle(a, lower, nan=True):
    a = a.copy()
    n = a.shape[-1]
    mask = np.triu(np.ones((n, n), bool), 1) if lower else np.tril(np.ones((n, n), bool), -1)
    a[..., mask] = np.nan if nan else 1e6
    return a

def cholesky_fn(name, a, e, lower, expected=None, comment=None):
    shape = a.shape
    if comment: w("// " + comment)
    w("func.func @%s() -> %s {" % (name, tt(shape, e)))
    w("  %%a = stablehlo.constant %s : %s" % (dense(a, e), tt(shape, e)))
    w('  %%l = "stablehlo.cholesky"(%%a) {lower = %s} : (%s) -> %s' % ("true" if lower else "false", tt(shape, e), tt(shape, e)))
    if expected is not None:
        if np.isnan(np.asarray(expected, dtype=complex)).any():
            w("  check.expect_eq_const %%l, %s : %s" % (dense(expected, e), tt(shape, e)))
        else:
            w("  check.expect_almost_eq_const %%l, %s : %s, tolerance = %g" % (dense(clean(expected), e), tt(shape, e), tol(e) * max(1, np.abs(expected).max())))
    w("  return %%l : %s" % tt(shape, e))
    w("}")
    w()

TR = {0: "NO_TRANSPOSE", 1: "TRANSPOSE", 2: "ADJOINT"}
def op_a(a, lower, unit, tr):
    n = a.shape[-1]
    t = np.tril(a) if lower else np.triu(a)
    t = np.where(np.isnan(t), 0, t)
    if unit:
        t = t.copy(); idx = np.arange(n); t[..., idx, idx] = 1
    if tr >= 1: t = np.swapaxes(t, -1, -2)
    if tr == 2: t = np.conj(t)
    return t

def ts_expected(a, b, left, lower, unit, tr):
    t = op_a(a, lower, unit, tr)
    if left: return np.linalg.solve(t, b)
    return np.swapaxes(np.linalg.solve(np.swapaxes(t, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)

def ts_fn(name, a, b, e, left, lower, unit, tr, expected=None, exact=False, comment=None):
    if comment: w("// " + comment)
    w("func.func @%s() -> %s {" % (name, tt(b.shape, e)))
    w("  %%a = stablehlo.constant %s : %s" % (dense(a, e), tt(a.shape, e)))
    w("  %%b = stablehlo.constant %s : %s" % (dense(b, e), tt(b.shape, e)))
    w('  %%x = "stablehlo.triangular_solve"(%%a, %%b) {left_side = %s, lower = %s, unit_diagonal = %s, transpose_a = #stablehlo<transpose %s>} : (%s, %s) -> %s'
      % (str(left).lower(), str(lower).lower(), str(unit).lower(), TR[tr], tt(a.shape, e), tt(b.shape, e), tt(b.shape, e)))
    if expected is not None:
        if exact:
            w("  check.expect_eq_const %%x, %s : %s" % (dense(expected, e), tt(b.shape, e)))
        else:
            w("  check.expect_almost_eq_const %%x, %s : %s, tolerance = %g" % (dense(clean(expected), e), tt(b.shape, e), tol(e) * max(1, np.abs(expected).max())))
    w("  return %%x : %s" % tt(b.shape, e))
    w("}")
    w()

def tri_matrix(n, e, batch=(), lower=True, unit=False):
    shape = batch + (n, n)
    a = rng.integers(-4, 5, size=shape).astype(np.float64) / 2
    if e in ('c64', 'c128'): a = a + 1j * rng.integers(-4, 5, size=shape) / 2
    idx = np.arange(n)
    a[..., idx, idx] = (rng.integers(2, 6, size=batch + (n,)) * rng.choice([-1, 1], size=batch + (n,)))
    # The triangle the op must not read holds NaN (and so does the diagonal
    # of a unit-diagonal solve).
    a = garbage_other_triangle(a, lower)
    if unit: a[..., idx, idx] = np.nan
    return a

def rhs(shape, e):
    b = rng.integers(-9, 10, size=shape).astype(np.float64)
    if e in ('c64', 'c128'): b = b + 1j * rng.integers(-9, 10, size=shape)
    return b

w("// stablehlo.cholesky and stablehlo.triangular_solve compiled as the runtime's")
w("// CHOLESKY and TRIANGULAR_SOLVE routines (runtime/routine_linalg.c). `cxla check")
w("// --mode=both` compares every result with the interpreter's; the check ops")
w("// compare the compiled results with answers known independently (by hand, or")
w("// from numpy's LAPACK in double: scripts/gen_linalg_tests.py writes this file).")
w("// Triangles the ops must not read hold NaN, so reading them would show.")
w()

# ---- cholesky by hand
a3 = np.array([[4., 12, -16], [12, 37, -43], [-16, -43, 98]])
l3 = np.array([[2., 0, 0], [6, 1, 0], [-8, 5, 3]])
cholesky_fn("cholesky_hand_lower", garbage_other_triangle(a3, True), 'f32', True, l3,
            "A = L L^T with L = [[2,0,0],[6,1,0],[-8,5,3]]; the upper triangle is not read.")
cholesky_fn("cholesky_hand_upper", garbage_other_triangle(a3, False), 'f64', False, l3.T,
            "U = L^T; the lower triangle is not read, and the result's is zero.")
cholesky_fn("cholesky_1x1", np.array([[9.0]]), 'f32', True, np.array([[3.0]]))
cholesky_fn("cholesky_1x1_upper_f64", np.array([[2.25]]), 'f64', False, np.array([[1.5]]))
cholesky_fn("cholesky_not_positive_definite", np.array([[1., 2, 0], [2, 1, 0], [0, 0, 1]]), 'f32', True,
            np.full((3, 3), np.nan),
            "Not positive definite (eigenvalues -1, 1, 3): NaN in every element, as the interpreter and XLA give.")
cholesky_fn("cholesky_negative_1x1", np.array([[-4.0]]), 'f64', False, np.array([[np.nan]]))
bad = np.stack([a3, np.array([[1., 2, 0], [2, 1, 0], [0, 0, 1]]), np.eye(3) * 4])
cholesky_fn("cholesky_batch_one_bad", bad, 'f64', True,
            np.stack([l3, np.full((3, 3), np.nan), np.eye(3) * 2]),
            "Only the matrix that is not positive definite becomes NaN.")
cnan = np.array([[(1 + 0j), 0], [(1 - 1j), (1 + 0j)]])  # A = [[1, 1+i],[1-i, 1]]: det 1 - 2 < 0
cholesky_fn("cholesky_complex_not_pd", cnan, 'c64', True, np.full((2, 2), np.nan + 1j * np.nan),
            "Hermitian, not positive definite: NaN real and imaginary parts.")

for e, lower in (('f32', True), ('f32', False), ('f64', True), ('f64', False)):
    a = spd(8)
    cholesky_fn("cholesky_8x8_%s_%s" % (e, "lower" if lower else "upper"),
                garbage_other_triangle(a, lower), e, lower, chol_expected(a, lower))
a = spd(4, batch=(2, 3))
cholesky_fn("cholesky_batched_f32", garbage_other_triangle(a, True), 'f32', True, chol_expected(a, True),
            "Batch dims 2x3 of 4x4 matrices.")
a = spd(5, batch=(3,))
cholesky_fn("cholesky_batched_f64_upper", a, 'f64', False, chol_expected(a, False))
for e, lower, n in (('c64', True, 3), ('c64', False, 4), ('c128', True, 4), ('c128', False, 3)):
    a = spd(n, cplx=True)
    cholesky_fn("cholesky_%s_%s" % (e, "lower" if lower else "upper"),
                garbage_other_triangle(a, lower), e, lower, chol_expected(a, lower))
a = spd(3, cplx=True, batch=(2,))
cholesky_fn("cholesky_batched_c128", a, 'c128', True, chol_expected(a, True))
a = spd(24)
cholesky_fn("cholesky_24x24_f32", a, 'f32', True, chol_expected(a, True))

# ---- triangular_solve by hand
ts_fn("triangular_solve_hand_left", np.array([[2., np.nan], [1, 4]]), np.array([[2., 4, 6], [9, 10, 11]]),
      'f32', True, True, False, 0, np.array([[1., 2, 3], [2, 2, 2]]), exact=True,
      comment="[[2,0],[1,4]] X = B by hand: X = [[1,2,3],[2,2,2]].")
ts_fn("triangular_solve_hand_right", np.array([[2., 1], [np.nan, 4]]), np.array([[2., 9], [4, 10], [6, 11]]),
      'f64', False, False, False, 0, np.array([[1., 2], [2, 2], [3, 2]]), exact=True,
      comment="X [[2,1],[0,4]] = B by hand: X = [[1,2],[2,2],[3,2]].")
b = rhs((4, 3), 'f32')
ts_fn("triangular_solve_identity", np.eye(4), b, 'f32', True, False, False, 1, b, exact=True,
      comment="Solving with the identity gives B back exactly.")
b = rhs((3, 4), 'c128')
ts_fn("triangular_solve_identity_unit_right", np.where(np.triu(np.ones((4, 4)), 1) > 0, 0, np.nan) * (1 + 1j),
      b, 'c128', False, False, True, 2, b, exact=True, comment="unit_diagonal with NaN everywhere it must not read: B back.")

# ---- every left_side x lower x transpose_a x unit_diagonal (f32, 4x4)
for left in (True, False):
    for lower in (True, False):
        for tr in (0, 1, 2):
            for unit in (False, True):
                a = tri_matrix(4, 'f32', lower=lower, unit=unit)
                b = rhs((4, 3) if left else (3, 4), 'f32')
                name = "triangular_solve_%s_%s_%s%s" % ("left" if left else "right", "lower" if lower else "upper",
                                                       TR[tr].lower(), "_unit" if unit else "")
                ts_fn(name, a, b, 'f32', left, lower, unit, tr, ts_expected(a, b, left, lower, unit, tr))

# ---- batched, f64
a = tri_matrix(4, 'f64', batch=(2, 2), lower=True)
b = rhs((2, 2, 4, 3), 'f64')
ts_fn("triangular_solve_batched_f64", a, b, 'f64', True, True, False, 1, ts_expected(a, b, True, True, False, 1),
      comment="Batch dims 2x2.")
a = tri_matrix(5, 'f64', batch=(3,), lower=False, unit=True)
b = rhs((3, 2, 5), 'f64')
ts_fn("triangular_solve_batched_right_unit_f64", a, b, 'f64', False, False, True, 0,
      ts_expected(a, b, False, False, True, 0))

# ---- complex: ADJOINT conjugates, TRANSPOSE does not
for e in ('c64', 'c128'):
    for left, lower, tr, unit in ((True, True, 2, False), (False, False, 2, False), (True, False, 1, False),
                                  (False, True, 0, True), (True, True, 2, True)):
        a = tri_matrix(4, e, lower=lower, unit=unit)
        b = rhs((4, 2) if left else (2, 4), e)
        name = "triangular_solve_%s_%s_%s_%s%s" % (e, "left" if left else "right", "lower" if lower else "upper",
                                                  TR[tr].lower(), "_unit" if unit else "")
        ts_fn(name, a, b, e, left, lower, unit, tr, ts_expected(a, b, left, lower, unit, tr))
a = tri_matrix(3, 'c64', batch=(2,), lower=False)
b = rhs((2, 3, 3), 'c64')
ts_fn("triangular_solve_batched_c64_adjoint", a, b, 'c64', True, False, False, 2, ts_expected(a, b, True, False, False, 2))

# ---- solve A x = b through the Cholesky factor: L y = b, L^H x = y
a = spd(6)
b = rhs((6, 2), 'f64')
x = np.linalg.solve(a, b)
w("// A x = b through the factor: L y = b, then L^T x = y.")
w("func.func @cholesky_then_solve() -> tensor<6x2xf64> {")
w("  %%a = stablehlo.constant %s : tensor<6x6xf64>" % dense(a, 'f64'))
w("  %%b = stablehlo.constant %s : tensor<6x2xf64>" % dense(b, 'f64'))
w('  %l = "stablehlo.cholesky"(%a) {lower = true} : (tensor<6x6xf64>) -> tensor<6x6xf64>')
w('  %y = "stablehlo.triangular_solve"(%l, %b) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : (tensor<6x6xf64>, tensor<6x2xf64>) -> tensor<6x2xf64>')
w('  %x = "stablehlo.triangular_solve"(%l, %y) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose ADJOINT>} : (tensor<6x6xf64>, tensor<6x2xf64>) -> tensor<6x2xf64>')
w("  check.expect_almost_eq_const %%x, %s : tensor<6x2xf64>, tolerance = 1e-10" % dense(clean(x), 'f64'))
w("  return %x : tensor<6x2xf64>")
w("}")
w()

# ---- sizes past the routines' unrolling (4) and blocking (64): matrices
# built in the program from integer patterns (exact in f32), checked by
# their residuals and against the interpreter.
def pattern(name, n_rows, n_cols, e, mul_i, mul_j, mod, shift):
    ty = tt((n_rows, n_cols), e)
    it = tt((n_rows, n_cols), 'f32').replace('f32', 'i32')
    w("  %%%s_i = stablehlo.iota dim = 0 : %s" % (name, it))
    w("  %%%s_j = stablehlo.iota dim = 1 : %s" % (name, it))
    w("  %%%s_ci = stablehlo.constant dense<%d> : %s" % (name, mul_i, it))
    w("  %%%s_cj = stablehlo.constant dense<%d> : %s" % (name, mul_j, it))
    w("  %%%s_m = stablehlo.constant dense<%d> : %s" % (name, mod, it))
    w("  %%%s_s = stablehlo.constant dense<%d> : %s" % (name, shift, it))
    w("  %%%s_a = stablehlo.multiply %%%s_i, %%%s_ci : %s" % (name, name, name, it))
    w("  %%%s_b = stablehlo.multiply %%%s_j, %%%s_cj : %s" % (name, name, name, it))
    w("  %%%s_c = stablehlo.add %%%s_a, %%%s_b : %s" % (name, name, name, it))
    w("  %%%s_d = stablehlo.remainder %%%s_c, %%%s_m : %s" % (name, name, name, it))
    w("  %%%s_e = stablehlo.subtract %%%s_d, %%%s_s : %s" % (name, name, name, it))
    w("  %%%s = stablehlo.convert %%%s_e : (%s) -> %s" % (name, name, it, ty))

# check.expect_almost_eq fails a tiny residual of the wrong sign against an
# exact 0, so both sides are compared shifted by 1000 (all positive).
def offset_check(actual, expected, ty, tolerance):
    w("  %%off = stablehlo.constant dense<1000.0> : %s" % ty)
    w("  %%%s_off = stablehlo.add %%%s, %%off : %s" % (actual, actual, ty))
    w("  %%%s_off = stablehlo.add %%%s, %%off : %s" % (expected, expected, ty))
    w("  check.expect_almost_eq %%%s_off, %%%s_off, tolerance = %s : %s" % (actual, expected, tolerance, ty))

def diagonal(name, n, e, value):
    ty = tt((n, n), e)
    it = tt((n, n), 'f32').replace('f32', 'i32')
    bt = it.replace('i32', 'i1')
    w("  %%%s_i = stablehlo.iota dim = 0 : %s" % (name, it))
    w("  %%%s_j = stablehlo.iota dim = 1 : %s" % (name, it))
    w("  %%%s_eq = stablehlo.compare EQ, %%%s_i, %%%s_j : (%s, %s) -> %s" % (name, name, name, it, it, bt))
    w("  %%%s_v = stablehlo.constant dense<%s> : %s" % (name, value, ty))
    w("  %%%s_z = stablehlo.constant dense<0.0> : %s" % (name, ty))
    w("  %%%s = stablehlo.select %%%s_eq, %%%s_v, %%%s_z : %s, %s" % (name, name, name, name, bt, ty))

for n, e, lower in ((100, 'f32', True), (67, 'f64', False)):
    ty = tt((n, n), e)
    w("// A = M M^T + n I of an integer pattern M; L L^T (or U^T U) must give A back.")
    w("func.func @cholesky_%dx%d_%s_residual() -> %s {" % (n, n, e, ty))
    pattern("m", n, n, e, 7, 13, 11, 5)
    diagonal("d", n, e, "%d.0" % n)
    w("  %%mmt = stablehlo.dot_general %%m, %%m, contracting_dims = [1] x [1] : (%s, %s) -> %s" % (ty, ty, ty))
    w("  %%a = stablehlo.add %%mmt, %%d : %s" % ty)
    w('  %%l = "stablehlo.cholesky"(%%a) {lower = %s} : (%s) -> %s' % (str(lower).lower(), ty, ty))
    if lower:
        w("  %%llt = stablehlo.dot_general %%l, %%l, contracting_dims = [1] x [1] : (%s, %s) -> %s" % (ty, ty, ty))
    else:
        w("  %%llt = stablehlo.dot_general %%l, %%l, contracting_dims = [0] x [0] : (%s, %s) -> %s" % (ty, ty, ty))
    offset_check("llt", "a", ty, "0.02" if e == 'f32' else "1e-9")
    w("  return %l : " + ty)
    w("}")
    w()

for left, lower, tr, m, other, e in ((True, True, 0, 70, 150, 'f32'), (False, False, 1, 70, 150, 'f64'),
                                     (True, False, 1, 9, 3, 'f64'), (False, True, 0, 9, 133, 'f32')):
    at = tt((m, m), e)
    bshape = (m, other) if left else (other, m)
    bt = tt(bshape, e)
    w("// op(A) X = B (or X op(A) = B) for a %dx%d triangle and %d right-hand sides; op(A) X" % (m, m, other))
    w("// (X op(A)) must give B back. The other triangle of A is not zero and must not be read.")
    w("func.func @triangular_solve_%s_%dx%d_%s_residual() -> %s {" % ("left" if left else "right", m, other, e, bt))
    pattern("p", m, m, e, 5, 3, 9, 4)
    diagonal("d", m, e, "%d.0" % (2 * m))
    w("  %%a = stablehlo.add %%p, %%d : %s" % at)
    pattern("b", bshape[0], bshape[1], e, 3, 7, 19, 9)
    w('  %%x = "stablehlo.triangular_solve"(%%a, %%b) {left_side = %s, lower = %s, unit_diagonal = false, transpose_a = #stablehlo<transpose %s>} : (%s, %s) -> %s'
      % (str(left).lower(), str(lower).lower(), TR[tr], at, bt, bt))
    # The triangle op(A) uses, zeros elsewhere, as a dense matrix.
    it = at.replace(e if e != 'f32' else 'f32', 'i32')
    w("  %%ti = stablehlo.iota dim = 0 : %s" % it)
    w("  %%tj = stablehlo.iota dim = 1 : %s" % it)
    w("  %%keep = stablehlo.compare %s, %%ti, %%tj : (%s, %s) -> %s" % ("GE" if lower else "LE", it, it, it.replace('i32', 'i1')))
    w("  %%zero = stablehlo.constant dense<0.0> : %s" % at)
    w("  %%tri = stablehlo.select %%keep, %%a, %%zero : %s, %s" % (it.replace('i32', 'i1'), at))
    # op(A) = tri or tri^T: contract over the right dim.
    if left:
        ca = 1 if tr == 0 else 0
        w("  %%ax = stablehlo.dot_general %%tri, %%x, contracting_dims = [%d] x [0] : (%s, %s) -> %s" % (ca, at, bt, bt))
    else:
        ca = 0 if tr == 0 else 1
        w("  %%ax = stablehlo.dot_general %%x, %%tri, contracting_dims = [1] x [%d] : (%s, %s) -> %s" % (ca, bt, at, bt))
    offset_check("ax", "b", bt, "1e-3" if e == 'f32' else "1e-10")
    w("  return %x : " + bt)
    w("}")
    w()

# ---- empty
w("// Nothing to compute: no step runs.")
w("func.func @empty() -> (tensor<0x0xf32>, tensor<4x0xf32>, tensor<2x0x0xf64>) {")
w("  %a = stablehlo.constant dense<> : tensor<0x0xf32>")
w('  %l = "stablehlo.cholesky"(%a) {lower = true} : (tensor<0x0xf32>) -> tensor<0x0xf32>')
w("  %t = stablehlo.constant dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]> : tensor<4x4xf32>")
w("  %b = stablehlo.constant dense<> : tensor<4x0xf32>")
w('  %x = "stablehlo.triangular_solve"(%t, %b) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : (tensor<4x4xf32>, tensor<4x0xf32>) -> tensor<4x0xf32>')
w("  %c = stablehlo.constant dense<> : tensor<2x0x0xf64>")
w('  %m = "stablehlo.cholesky"(%c) : (tensor<2x0x0xf64>) -> tensor<2x0x0xf64>')
w("  return %l, %x, %m : tensor<0x0xf32>, tensor<4x0xf32>, tensor<2x0x0xf64>")
w("}")

import sys
open(sys.argv[1], 'w').write("\n".join(out) + "\n")
