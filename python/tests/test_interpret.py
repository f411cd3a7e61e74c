"""cxla.interpret: calling functions on numpy arrays."""

import concurrent.futures
import os

import numpy as np
import pytest

import cxla


def _mlp_reference(x):
    """examples/mlp.mlir in numpy (float32 throughout)."""
    w1 = np.array([[0.5, -0.25, 0.125, 1.0, 0.0],
                   [-0.5, 0.75, 0.25, -1.0, 0.5],
                   [0.25, 0.5, -0.75, 0.5, -0.5],
                   [1.0, 0.0, 0.5, -0.25, 0.25]], np.float32)
    b1 = np.array([0.1, -0.1, 0.2, 0.0, 0.05], np.float32)
    w2 = np.array([[1.0, -1.0, 0.5], [0.5, 0.25, -0.5], [-0.25, 0.75, 1.0],
                   [0.0, 0.5, -1.0], [0.75, -0.5, 0.25]], np.float32)
    b2 = np.array([0.0, 0.1, -0.1], np.float32)
    h = np.maximum(x @ w1 + b1, 0)
    logits = h @ w2 + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture
def mlp(root):
    return cxla.interpret(os.path.join(root, "examples", "mlp.mlir"))


def test_mlp_matches_numpy(mlp):
    rng = np.random.default_rng(0)
    for _ in range(3):
        x = rng.standard_normal((2, 4)).astype(np.float32)
        probs = mlp(x)
        assert probs.dtype == np.float32 and probs.shape == (2, 3)
        np.testing.assert_allclose(probs, _mlp_reference(x), rtol=1e-5)
        np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-6)


def test_signature_and_repr(mlp):
    assert mlp.name == "main"
    assert repr(mlp.arg_types) == "(tensor<2x4xf32>,)"
    assert mlp.arg_types[0].shape == (2, 4)
    assert mlp.arg_types[0].elem.dtype == np.float32
    assert repr(mlp.result_types) == "(tensor<2x3xf32>,)"
    assert "@main(tensor<2x4xf32>) -> (tensor<2x3xf32>)" in repr(mlp)


def test_inputs_need_not_be_contiguous_or_native(mlp):
    x = np.arange(8, dtype=np.float32).reshape(4, 2) / 8
    want = mlp(np.ascontiguousarray(x.T))
    assert np.array_equal(mlp(x.T), want)
    assert np.array_equal(mlp(x.T.astype(">f4")), want)
    assert np.array_equal(mlp(x.T.tolist()), want)  # lists are converted


def test_wrong_arguments_are_rejected_clearly(mlp):
    x = np.zeros((2, 4), np.float32)
    with pytest.raises(cxla.Error, match=r"'main' takes 1 argument but 2 "
                                         r"were given"):
        mlp(x, x)
    with pytest.raises(cxla.Error, match=r"argument 0 of 'main' "
                                         r"\(tensor<2x4xf32>\) must be a "
                                         r"numpy float32 array, got float64"):
        mlp(x.astype(np.float64))
    with pytest.raises(cxla.Error, match=r"must have shape \(2, 4\), got an "
                                         r"array of shape \(4, 2\)"):
        mlp(x.T)
    with pytest.raises(cxla.Error, match=r"must have shape \(2, 4\), got an "
                                         r"array of shape \(2, 4, 1\)"):
        mlp(x[..., None])
    with pytest.raises(cxla.Error, match="must be a numpy float32 array"):
        mlp([["a"] * 4] * 2)


SCALARS = """func.func @main(%f: tensor<f32>, %i: tensor<i32>, %b: tensor<i1>,
                     %u: tensor<ui8>) -> (tensor<f32>, tensor<i32>, tensor<i1>,
                                          tensor<ui8>) {
  %0 = stablehlo.add %f, %f : tensor<f32>
  %1 = stablehlo.add %i, %i : tensor<i32>
  %2 = stablehlo.not %b : tensor<i1>
  %3 = stablehlo.add %u, %u : tensor<ui8>
  return %0, %1, %2, %3 : tensor<f32>, tensor<i32>, tensor<i1>, tensor<ui8>
}
"""


def test_scalars_and_several_results():
    f = cxla.interpret(SCALARS)
    out = f(1.5, 7, True, 200)
    assert isinstance(out, tuple) and len(out) == 4
    assert [o.shape for o in out] == [()] * 4
    assert [o.dtype for o in out] == [np.float32, np.int32, np.bool_,
                                      np.uint8]
    assert out[0] == 3.0 and out[1] == 14 and not out[2] and out[3] == 144
    out = f(np.float32(2), np.array(3, np.int32), np.bool_(False), 1)
    assert out[0] == 4.0 and out[1] == 6 and out[2]
    with pytest.raises(cxla.Error, match=r"argument 1 .* must be a numpy "
                                         r"int32 array, got float"):
        f(1.0, 1.5, True, 1)
    with pytest.raises(cxla.Error, match="out of range for ui8"):
        f(1.0, 1, True, 256)
    with pytest.raises(cxla.Error, match="out of range for ui8"):
        f(1.0, 1, True, -1)
    with pytest.raises(cxla.Error, match="got float64"):
        f(np.float64(1), 1, True, 1)  # numpy values keep their dtype


def test_dynamic_dimensions():
    f = cxla.interpret("""
func.func @main(%a: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %0 = stablehlo.add %a, %a : tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}""")
    assert f.arg_types[0].shape == (None, 2)
    assert repr(f.arg_types[0]) == "tensor<?x2xf32>"
    for n in (0, 1, 5):
        x = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
        assert np.array_equal(f(x), 2 * x)
    with pytest.raises(cxla.Error, match=r"shape \(\?, 2\)"):
        f(np.zeros((2, 3), np.float32))


def test_no_results_tokens_and_other_functions():
    f = cxla.interpret("""
func.func @main(%t: !stablehlo.token) -> !stablehlo.token {
  return %t : !stablehlo.token
}
func.func private @nothing(%a: tensor<2xi8>) {
  return
}""")
    assert f(None) is None
    with pytest.raises(cxla.Error, match="takes None"):
        f(1)
    g = cxla.interpret(f.module, "nothing")
    assert g(np.zeros(2, np.int8)) == ()
    with pytest.raises(cxla.Error) as info:
        cxla.interpret(f.module, "missing")
    assert info.value.code == "NOT_FOUND"
    assert "no function named 'missing'" in str(info.value)


def test_failed_check_raises_with_location():
    f = cxla.interpret("""module {
  func.func @main() {
    %0 = stablehlo.constant dense<1.0> : tensor<f32>
    %1 = stablehlo.constant dense<2.0> : tensor<f32>
    stablehlo.custom_call @check.expect_eq(%0, %1) {has_side_effect = true}
        : (tensor<f32>, tensor<f32>) -> ()
    return
  }
}""")
    with pytest.raises(cxla.Error) as info:
        f()
    assert info.value.code == "FAILED_PRECONDITION"
    assert info.value.location == "<input>:5:5"


def test_evaluation_budget():
    text = """func.func @main(%n: tensor<i64>) -> tensor<i64> {
  %one = stablehlo.constant dense<1> : tensor<i64>
  %r = stablehlo.while(%i = %n) : tensor<i64>
    cond {
      %c = stablehlo.compare GT, %i, %one
          : (tensor<i64>, tensor<i64>) -> tensor<i1>
      stablehlo.return %c : tensor<i1>
    } do {
      %d = stablehlo.subtract %i, %one : tensor<i64>
      stablehlo.return %d : tensor<i64>
    }
  return %r : tensor<i64>
}"""
    assert cxla.interpret(text)(10) == 1
    f = cxla.interpret(text, max_steps=1000)
    assert f(10) == 1
    with pytest.raises(cxla.Error) as info:
        f(10**9)
    assert info.value.code == "OUT_OF_RANGE"
    assert "budget" in info.value.message


def test_results_are_fresh_and_inputs_untouched(mlp):
    x = np.ones((2, 4), np.float32)
    a, b = mlp(x), mlp(x)
    assert a is not b and a.flags.writeable and a.flags.c_contiguous
    a[...] = 0
    assert np.array_equal(x, np.ones((2, 4), np.float32))
    assert b.sum() > 0


def test_concurrent_calls(mlp):
    rng = np.random.default_rng(1)
    xs = [rng.standard_normal((2, 4)).astype(np.float32) for _ in range(32)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(mlp, xs))
    for x, r in zip(xs, results):
        assert np.array_equal(r, mlp(x))


def test_function_keeps_module_alive():
    f = cxla.interpret(cxla.Module(SCALARS))  # no other reference
    assert f(1.0, 1, False, 1)[1] == 2
