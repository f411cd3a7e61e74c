"""Programs of the shared conformance corpus through the package."""

import os

import numpy as np
import pytest

import cxla


def _run(path, function):
    return cxla.interpret(path, function)()


@pytest.mark.parametrize("name,reference", [
    ("abs_float32_20_20", np.abs),
    ("abs_int8_20_20", np.abs),  # abs(-128) wraps to -128 in both
    ("abs_bfloat16_20_20", lambda bits: bits & np.uint16(0x7FFF)),
])
def test_abs_matches_numpy(testdata, name, reference):
    path = os.path.join(testdata, name + ".mlir")
    module = cxla.Module(path)
    x = cxla.interpret(module, "inputs")()
    expected = cxla.interpret(module, "expected")()
    assert np.array_equal(reference(x), expected, equal_nan=True)
    # @main checks its result against @expected itself (check.expect_*).
    result = cxla.interpret(module)()
    assert result.dtype == expected.dtype
    assert result.tobytes() == expected.tobytes()


def test_add_of_two_inputs(testdata):
    path = os.path.join(testdata, "add_float32_20_20_float32_20_20.mlir")
    a, b = _run(path, "inputs")
    assert a.shape == b.shape == (20, 20) and a.dtype == np.float32
    assert np.array_equal(_run(path, "main"), a + b)


def test_bytecode_round_trip_runs_the_same(testdata):
    path = os.path.join(testdata, "abs_complex64_20_20.mlir")
    module = cxla.Module(path)
    artifact = cxla.Module(module.serialize())
    x = cxla.interpret(artifact, "inputs")()
    assert x.dtype == np.complex64
    got = cxla.interpret(artifact)()
    assert got.tobytes() == cxla.interpret(module)().tobytes()
    np.testing.assert_allclose(got, np.abs(x), rtol=1e-6)


def test_artifact_from_a_newer_stablehlo_is_an_error(testdata):
    path = os.path.join(testdata, os.pardir, "vhlo",
                        "invalid_vhlo_future.mlir.bc")
    if not os.path.exists(path):
        pytest.skip("no vhlo corpus")
    with pytest.raises(cxla.Error, match="StableHLO"):
        cxla.Module(path)
