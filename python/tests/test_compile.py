"""cxla.compile / cxla.load / Executable against the interpreter."""

import os
import threading

import numpy as np
import pytest

import cxla
from conftest import CONFORMANCE, ROOT

MLP = os.path.join(ROOT, "examples", "mlp.mlir")

TWO_RESULTS = """
func.func @main(%x: tensor<3x4xf32>, %n: tensor<4xi32>, %b: tensor<i1>)
    -> (tensor<3x4xf32>, tensor<4xi32>, tensor<f32>) {
  %c = stablehlo.convert %n : (tensor<4xi32>) -> tensor<4xf32>
  %bc = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<4xf32>) -> tensor<3x4xf32>
  %m = stablehlo.multiply %x, %bc : tensor<3x4xf32>
  %t = stablehlo.tanh %m : tensor<3x4xf32>
  %neg = stablehlo.negate %t : tensor<3x4xf32>
  %bb = stablehlo.broadcast_in_dim %b, dims = [] : (tensor<i1>) -> tensor<3x4xi1>
  %s = stablehlo.select %bb, %t, %neg : tensor<3x4xi1>, tensor<3x4xf32>
  %sq = stablehlo.multiply %n, %n : tensor<4xi32>
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %r = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [0, 1]
      : (tensor<3x4xf32>, tensor<f32>) -> tensor<f32>
  return %s, %sq, %r : tensor<3x4xf32>, tensor<4xi32>, tensor<f32>
}
"""

MATMUL = """
func.func @main(%w: tensor<64x32xf32>, %bias: tensor<32xf32>, %x: tensor<8x64xf32>)
    -> tensor<8x32xf32> {
  %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0]
      : (tensor<8x64xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>
  %1 = stablehlo.broadcast_in_dim %bias, dims = [1] : (tensor<32xf32>) -> tensor<8x32xf32>
  %2 = stablehlo.add %0, %1 : tensor<8x32xf32>
  return %2 : tensor<8x32xf32>
}
"""


def _rng():
    return np.random.default_rng(1234)


def _two_inputs():
    r = _rng()
    return (r.standard_normal((3, 4)).astype(np.float32),
            np.array([3, -1, 0, 7], np.int32), np.array(False))


def _assert_close(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _assert_close(g, w)
        return
    assert isinstance(got, np.ndarray)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.flags.c_contiguous and got.flags.writeable
    if want.dtype.kind in "fc":
        # The scale of the finite values, as cx_buffer_view_close takes it:
        # a NaN among them (pow of a negative base) would make atol NaN.
        finite = np.abs(want[np.isfinite(want)])
        scale = float(np.max(finite)) if finite.size else 0.0
        tol = 1e-12 if want.dtype in (np.float64, np.complex128) else 1e-5
        np.testing.assert_allclose(got, want, rtol=tol * 4,
                                   atol=tol * max(scale, 1e-30))
    else:
        assert np.array_equal(got, want)


# ---- compile and call ---------------------------------------------------------


def test_compile_path_text_and_bytes_agree_with_the_interpreter():
    x = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
    want = cxla.interpret(MLP)(x)
    text = open(MLP).read()
    module = cxla.Module(MLP)
    for src in (MLP, text, text.encode(), module.serialize(),
                module.serialize(target="1.0.0"), module):
        exe = cxla.compile(src)
        assert isinstance(exe, cxla.Executable)
        _assert_close(exe(x), want)


def test_several_results_and_types_as_the_interpreter_returns_them():
    args = _two_inputs()
    want = cxla.interpret(TWO_RESULTS)(*args)
    exe = cxla.compile(TWO_RESULTS)
    got = exe(*args)
    _assert_close(got, want)
    assert got[2].shape == () and got[1].dtype == np.int32
    # Python values convert as for the interpreter.
    _assert_close(exe(args[0].tolist(), [3, -1, 0, 7], True),
                  cxla.interpret(TWO_RESULTS)(args[0], args[1], True))


def test_signature():
    exe = cxla.compile(TWO_RESULTS)
    assert exe.name == "main"
    assert [repr(t) for t in exe.signature.args] == [
        "tensor<3x4xf32>", "tensor<4xi32>", "tensor<i1>"]
    assert [repr(t) for t in exe.signature.results] == [
        "tensor<3x4xf32>", "tensor<4xi32>", "tensor<f32>"]
    assert exe.signature.args[0].shape == (3, 4)
    assert exe.signature.args[0].elem.dtype == np.float32
    assert exe.arg_types == exe.signature.args
    assert exe.result_types == exe.signature.results
    assert "tensor<3x4xf32>" in repr(exe)


def test_function_other_than_main():
    text = TWO_RESULTS + """
func.func @square(%x: tensor<2xf64>) -> tensor<2xf64> {
  %0 = stablehlo.multiply %x, %x : tensor<2xf64>
  return %0 : tensor<2xf64>
}
"""
    exe = cxla.compile(text, function="square")
    assert exe.name == "square"
    assert exe(np.array([1.5, -2.0])).tolist() == [2.25, 4.0]
    with pytest.raises(cxla.Error) as e:
        cxla.compile(text, function="nope")
    assert "nope" in str(e.value)


# ---- no copies ------------------------------------------------------------------


def test_aligned_contiguous_inputs_are_not_copied():
    exe = cxla.compile(MATMUL)
    r = _rng()
    w = r.standard_normal((64, 32)).astype(np.float32)
    b = r.standard_normal(32).astype(np.float32)
    x = r.standard_normal((8, 64)).astype(np.float32)
    views, keep = exe._views((w, b, x))
    assert [views[i].data for i in range(3)] == [
        a.ctypes.data for a in (w, b, x)]
    # A transposed view, a misaligned buffer and a big-endian array are
    # copied (and still right).
    wt = np.asfortranarray(w)
    raw = np.zeros(x.nbytes + 1, np.uint8)
    xm = raw[1:].view(np.float32).reshape(8, 64)
    xm[...] = x
    assert not xm.flags.aligned
    xb = x.astype(">f4")
    views, keep = exe._views((wt, b, xm))
    assert views[0].data != wt.ctypes.data and views[2].data != xm.ctypes.data
    want = cxla.interpret(MATMUL)(w, b, x)
    for args in ((w, b, x), (wt, b, xm), (w, b, xb)):
        _assert_close(exe(*args), want)


# ---- bind ---------------------------------------------------------------------


def test_bind_leading_and_by_index(tmp_path):
    r = _rng()
    w = r.standard_normal((64, 32)).astype(np.float32)
    b = r.standard_normal(32).astype(np.float32)
    x = r.standard_normal((8, 64)).astype(np.float32)
    want = cxla.interpret(MATMUL)(w, b, x)
    exe = cxla.compile(MATMUL, bind=[w, b])
    assert [repr(t) for t in exe.signature.args] == ["tensor<8x64xf32>"]
    _assert_close(exe(x), want)
    # The bound values were copied: changing the caller's arrays later
    # changes nothing.
    w[...] = 0
    _assert_close(exe(x), want)
    exe2 = cxla.compile(MATMUL, bind={1: b})
    w2 = r.standard_normal((64, 32)).astype(np.float32)
    _assert_close(exe2(w2, x), cxla.interpret(MATMUL)(w2, b, x))
    with pytest.raises(cxla.Error, match="takes 1 argument .2 more are bound"):
        exe(w2, x)
    with pytest.raises(cxla.Error, match="no argument 5"):
        cxla.compile(MATMUL, bind={5: b})
    with pytest.raises(cxla.Error, match="argument 0 .* shape"):
        cxla.compile(MATMUL, bind=[b])
    with pytest.raises(TypeError):
        cxla.compile(MATMUL, bind=w)
    with pytest.raises(cxla.Error, match="no argument 5"):
        cxla.load(cxla.compile(MATMUL).serialize(), bind={5: b})
    # Compiled with bound weights, the artifact holds them; a loaded
    # artifact binds at run time and saves as it was loaded.
    exe.save(tmp_path / "bound.cxla")
    weights_inside = cxla.load(tmp_path / "bound.cxla")
    assert [repr(t) for t in weights_inside.signature.args] == ["tensor<8x64xf32>"]
    _assert_close(weights_inside(x), want)
    cxla.compile(MATMUL).save(tmp_path / "full.cxla")
    rt_bound = cxla.load(tmp_path / "full.cxla", bind={0: w2, 1: b})
    assert len(rt_bound.signature.args) == 1
    want2 = cxla.interpret(MATMUL)(w2, b, x)
    _assert_close(rt_bound(x), want2)
    w2[...] = 0  # copied when bound
    _assert_close(rt_bound(x), want2)
    rt_bound.save(tmp_path / "again.cxla")
    assert len(cxla.load(tmp_path / "again.cxla").signature.args) == 3


def test_compilation_cache(tmp_path):
    r = _rng()
    w = r.standard_normal((64, 32)).astype(np.float32)
    b = r.standard_normal(32).astype(np.float32)
    x = r.standard_normal((8, 64)).astype(np.float32)
    want = cxla.interpret(MATMUL)(w, b, x)
    cache = tmp_path / "cache"
    for _ in range(2):  # a miss that stores the entry, then a hit
        exe = cxla.compile(MATMUL, bind=[w, b], cache_dir=cache)
        _assert_close(exe(x), want)
    assert len(list(cache.glob("*.cxla"))) == 1
    # Other bound values are another entry.
    b2 = b + 1
    exe = cxla.compile(MATMUL, bind=[w, b2], cache_dir=str(cache))
    _assert_close(exe(x), cxla.interpret(MATMUL)(w, b2, x))
    assert len(list(cache.glob("*.cxla"))) == 2
    _assert_close(cxla.compile(MATMUL, bind=[w, b], cache_dir="")(x), want)
    assert len(list(cache.glob("*.cxla"))) == 2


# ---- artifacts ----------------------------------------------------------------


def test_save_and_load(tmp_path):
    args = _two_inputs()
    want = cxla.interpret(TWO_RESULTS)(*args)
    exe = cxla.compile(TWO_RESULTS)
    path = tmp_path / "m.cxla"
    exe.save(path)  # a JIT executable: compiled again ahead of time
    assert path.read_bytes()[:8] == b"CXLAEXE\x1a"
    loaded = cxla.load(path)
    _assert_close(loaded(*args), want)
    assert repr(loaded.signature) == repr(exe.signature)
    # Bytes, str paths, and an executable compiled for a target.
    _assert_close(cxla.load(path.read_bytes())(*args), want)
    _assert_close(cxla.load(str(path), threads=1)(*args), want)
    aot = cxla.compile(TWO_RESULTS, target="host")
    assert aot.serialize() == aot.serialize()
    aot.save(tmp_path / "aot.cxla")
    assert (tmp_path / "aot.cxla").read_bytes() == aot.serialize()
    _assert_close(cxla.load(tmp_path / "aot.cxla")(*args), want)
    # A loaded artifact saves to its own bytes.
    loaded.save(tmp_path / "again.cxla")
    assert (tmp_path / "again.cxla").read_bytes() == path.read_bytes()
    # bind works on loaded artifacts too.
    assert cxla.load(path, bind=[args[0]])(args[1], args[2])[1].tolist() == \
        [9, 1, 0, 49]


def test_load_errors(tmp_path):
    exe = cxla.compile(MLP)
    data = exe.serialize()
    with pytest.raises(cxla.Error) as e:
        cxla.load(data[:len(data) // 2])
    assert e.value.code == "DATA_LOSS" and "truncated" in str(e.value)
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x40
    with pytest.raises(cxla.Error) as e:
        cxla.load(bytes(flipped))
    assert e.value.code == "DATA_LOSS"
    with pytest.raises(cxla.Error, match="not a cxla artifact"):
        cxla.load(b"func.func @main() { return }")
    with pytest.raises(cxla.Error) as e:
        cxla.load(tmp_path / "missing.cxla")
    assert "missing.cxla" in str(e.value)


# ---- errors ---------------------------------------------------------------------


def test_errors_are_mlir_style():
    bad = ("func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n"
           "  %0 = stablehlo.add %x, %x : tensor<3xf32>\n"
           "  return %0 : tensor<2xf32>\n}\n")
    with pytest.raises(cxla.Error) as e:
        cxla.compile(bad)
    assert str(e.value).startswith("<input>:2:")
    assert e.value.location.startswith("<input>:2:")
    exe = cxla.compile(MLP)
    with pytest.raises(cxla.Error, match=r"argument 0 of 'main' \(tensor<2x4xf32>\) "
                                         r"must be a numpy float32 array, got float64"):
        exe(np.ones((2, 4)))
    with pytest.raises(cxla.Error, match="must have shape"):
        exe(np.ones((4, 2), np.float32))
    with pytest.raises(cxla.Error, match="takes 1 argument but 2"):
        exe(np.ones((2, 4), np.float32), 1)
    with pytest.raises(cxla.Error, match="threads"):
        cxla.compile(MLP, threads=0)
    with pytest.raises(TypeError):
        exe(np.ones((2, 4), np.float32), threads="2")
    with pytest.raises(cxla.Error, match="target"):
        cxla.compile(MLP, target="vax")
    # A failed check op inside compiled code: FAILED_PRECONDITION, located.
    check = ("func.func @main() -> () {\n"
             "  %0 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
             "  check.expect_eq_const %0, dense<[1, 3]> : tensor<2xi32>\n"
             "  return\n}\n")
    with pytest.raises(cxla.Error) as e:
        cxla.compile(check)()
    assert e.value.code == "FAILED_PRECONDITION" and e.value.location


# ---- threads ------------------------------------------------------------------


def test_concurrent_calls_from_python_threads():
    exe = cxla.compile(MATMUL)
    r = _rng()
    inputs = [tuple(r.standard_normal(s).astype(np.float32)
                    for s in ((64, 32), (32,), (8, 64))) for _ in range(6)]
    wants = [cxla.interpret(MATMUL)(*a) for a in inputs]
    errors = []

    def work(k):
        try:
            for rep in range(10):
                got = exe(*inputs[k], threads=1 + (k + rep) % 2)
                _assert_close(got, wants[k])
        except Exception as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]


# ---- the conformance corpus ---------------------------------------------------


def _corpus_sample(n=20):
    testdata = os.path.join(CONFORMANCE, "testdata")
    if not os.path.isdir(testdata):
        return []
    skip = set()
    with open(os.path.join(ROOT, "tests", "conformance",
                           "expected_failures_compiled.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                skip.add(os.path.basename(line.split()[0]))
    # Types numpy holds natively (bf16/f16/f8 come back as raw bits without
    # ml_dtypes, and compiled f16 rounds per op: compared elsewhere).
    names = sorted(f for f in os.listdir(testdata)
                   if f.endswith(".mlir") and f not in skip
                   and not any(t in f for t in ("bfloat16", "float16", "f8",
                                                "float8", "_ui", "quant")))
    # One file per op (the name's first word), spread over the alphabet.
    first = {}
    for f in names:
        first.setdefault(f.split("_")[0], f)
    ops = sorted(first.values())
    step = max(1, len(ops) // n)
    return ops[::step][:n]


@pytest.mark.parametrize("name", _corpus_sample())
def test_corpus_sample_compiled_equals_interpreted(name):
    path = os.path.join(CONFORMANCE, "testdata", name)
    module = cxla.Module(path)
    want = cxla.interpret(module)()
    got = cxla.compile(module)()
    _assert_close(got, want)


LOOP = """
func.func @main(%x: tensor<64x64xf32>, %w: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %c0 = stablehlo.constant dense<0> : tensor<i32>
  %r:2 = stablehlo.while(%i = %c0, %a = %x) : tensor<i32>, tensor<64x64xf32>
  cond {
    %n = stablehlo.constant dense<4> : tensor<i32>
    %p = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %d = stablehlo.dot_general %a, %w, contracting_dims = [1] x [0]
        : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
    %t = stablehlo.tanh %d : tensor<64x64xf32>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %i1 = stablehlo.add %i, %one : tensor<i32>
    stablehlo.return %i1, %t : tensor<i32>, tensor<64x64xf32>
  }
  return %r#1 : tensor<64x64xf32>
}
"""


def test_profile(tmp_path):
    import json
    exe = cxla.compile(LOOP, threads=2)
    x = np.linspace(-1, 1, 64 * 64, dtype=np.float32).reshape(64, 64)
    w = np.eye(64, dtype=np.float32) * 0.5
    prof = cxla.Profile(trace=True)
    want = exe(x, w)
    for _ in range(3):
        np.testing.assert_array_equal(exe(x, w, profile=prof), want)
    assert prof.calls == 3 and prof.total_ms > 0
    steps = prof.steps()
    gemm = [s for s in steps if s["routine"] == "gemm"]
    assert len(gemm) == 1 and gemm[0]["calls"] == 12  # 4 iterations x 3 calls
    assert gemm[0]["ops"] == "dot_general+tanh" and gemm[0]["depth"] == 1
    # The calling thread's CPU time: some in the GEMM, never more than the wall time.
    assert 0 < gemm[0]["cpu_ms"] <= gemm[0]["total_ms"] + 0.02 * gemm[0]["calls"]
    assert 0 < prof.cpu_ms <= prof.total_ms + 0.02 * prof.calls
    assert sum(s["total_ms"] for s in steps if s["depth"] == 0) <= prof.total_ms
    assert "dot_general+tanh" in prof.table()
    rows = [json.loads(line) for line in prof.json_lines().splitlines()]
    assert rows[-1]["step"] == "total" and rows[-1]["calls"] == 3
    prof.write_trace(tmp_path / "t.json")
    with open(tmp_path / "t.json") as f:
        events = json.load(f)["traceEvents"]
    assert sum(e["name"] == "dot_general+tanh" and e["cat"] == "step"
               for e in events) == 12
    with pytest.raises(cxla.Error) as e:
        prof.write_trace(tmp_path / "missing" / "t.json")
    assert e.value.code == "IO_ERROR"
    with pytest.raises(cxla.Error) as e:  # another executable
        cxla.compile(MATMUL)(np.ones((64, 32), np.float32), np.ones(32, np.float32),
                             np.ones((8, 64), np.float32), profile=prof)
    assert "another executable" in str(e.value)
