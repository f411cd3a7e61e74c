"""Every element type in and out, and the raw-bits convention."""

import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import cxla

TYPES = sorted(cxla.element_types())
RAW = [n for n in TYPES if n == "bf16" or re.match(r"f\dE", n)]
SUB_BYTE = {"i2": (-2, 1), "i4": (-8, 7), "ui2": (0, 3), "ui4": (0, 15)}


def _identity(name):
    """A function returning its 2x3 argument and the transpose."""
    return cxla.interpret("""
func.func @main(%a: tensor<2x3x{t}>) -> (tensor<2x3x{t}>, tensor<3x2x{t}>) {{
  %t = stablehlo.transpose %a, dims = [1, 0]
      : (tensor<2x3x{t}>) -> tensor<3x2x{t}>
  return %a, %t : tensor<2x3x{t}>, tensor<3x2x{t}>
}}""".format(t=name))


def _sample(name, dtype, rng):
    """Valid 2x3 values of an element type, in the package's convention."""
    if name in SUB_BYTE:
        lo, hi = SUB_BYTE[name]
        return rng.integers(lo, hi + 1, (2, 3)).astype(dtype)
    if name in RAW:
        bits = {"f4": 4, "f6": 6}.get(name[:2], 8 * dtype.itemsize)
        return rng.integers(0, 1 << bits, (2, 3)).astype(dtype)
    if dtype == np.bool_:
        return rng.integers(0, 2, (2, 3)).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, (2, 3), dtype=dtype,
                            endpoint=True)
    values = rng.standard_normal((2, 3)) * 100
    if dtype.kind == "c":
        values = values + 1j * rng.standard_normal((2, 3))
    if name == "tf32":  # exactly representable: 10 mantissa bits
        values = np.round(values * 8) / 8
    return values.astype(dtype)


def test_table_covers_numpy_and_the_rest():
    types = cxla.element_types()
    for name, dtype in [("i1", bool), ("i8", np.int8), ("i16", np.int16),
                        ("i32", np.int32), ("i64", np.int64),
                        ("ui8", np.uint8), ("ui16", np.uint16),
                        ("ui32", np.uint32), ("ui64", np.uint64),
                        ("f16", np.float16), ("f32", np.float32),
                        ("f64", np.float64), ("complex<f32>", np.complex64),
                        ("complex<f64>", np.complex128),
                        ("bf16", np.uint16), ("f8E4M3FN", np.uint8),
                        ("f4E2M1FN", np.uint8), ("tf32", np.float32),
                        ("i4", np.int8), ("ui2", np.uint8)]:
        assert types[name] == np.dtype(dtype), name


@pytest.mark.parametrize("name", TYPES)
def test_every_type_in_and_out(name):
    f = _identity(name)
    dtype = cxla.element_types()[name]
    x = _sample(name, dtype, np.random.default_rng(len(name)))
    same, transposed = f(x)
    assert same.dtype == dtype and transposed.dtype == dtype
    assert same.tobytes() == x.tobytes()
    assert transposed.tobytes() == np.ascontiguousarray(x.T).tobytes()
    other = np.uint8 if dtype != np.uint8 else np.int8
    with pytest.raises(cxla.Error, match=r"\(tensor<2x3x%s>\) must be a "
                                         r"numpy" % re.escape(name)):
        f(np.zeros(x.shape, other))


@pytest.mark.parametrize("name", sorted(SUB_BYTE))
def test_sub_byte_integers_are_range_checked(name):
    lo, hi = SUB_BYTE[name]
    dtype = cxla.element_types()[name]
    f = _identity(name)
    with pytest.raises(cxla.Error, match=r"%s values must be in \[%d, %d\]"
                                         % (name, lo, hi)):
        f(np.full((2, 3), hi + 1, dtype))


def _add(name):
    return cxla.interpret("""
func.func @main(%a: tensor<6x{t}>) -> tensor<6x{t}> {{
  %0 = stablehlo.add %a, %a : tensor<6x{t}>
  return %0 : tensor<6x{t}>
}}""".format(t=name))


@pytest.mark.parametrize("name", [n for n in TYPES if n not in RAW])
def test_arithmetic_matches_numpy(name):
    dtype = cxla.element_types()[name]
    x = _sample(name, dtype, np.random.default_rng(7)).reshape(6)
    got = _add(name)(x)
    if name in SUB_BYTE:  # wraps around at the type's width
        lo, hi = SUB_BYTE[name]
        want = ((x.astype(int) * 2 - lo) % (hi - lo + 1) + lo).astype(dtype)
    elif dtype == np.bool_:
        want = x | x  # add on i1 is "or"
    else:
        want = x + x
    assert np.array_equal(got, want), (got, want)


# The bits of 1, 2, 0.5 and 4 in each format numpy lacks.
KNOWN_BITS = {
    "bf16": [0x3F80, 0x4000, 0x3F00, 0x4080],
    "f8E3M4": [0x30, 0x40, 0x20, 0x50],
    "f8E4M3": [0x38, 0x40, 0x30, 0x48],
    "f8E4M3FN": [0x38, 0x40, 0x30, 0x48],
    "f8E4M3FNUZ": [0x40, 0x48, 0x38, 0x50],
    "f8E4M3B11FNUZ": [0x58, 0x60, 0x50, 0x68],
    "f8E5M2": [0x3C, 0x40, 0x38, 0x44],
    "f8E5M2FNUZ": [0x40, 0x44, 0x3C, 0x48],
    "f8E8M0FNU": [0x7F, 0x80, 0x7E, 0x81],
    "f6E2M3FN": [0x08, 0x10, 0x04, 0x18],
    "f6E3M2FN": [0x0C, 0x10, 0x08, 0x14],
    "f4E2M1FN": [0x2, 0x4, 0x1, 0x6],
}
VALUES = np.array([1, 2, 0.5, 4], np.float32)


def _convert(src, dst):
    return cxla.interpret("""
func.func @main(%a: tensor<4x{s}>) -> tensor<4x{d}> {{
  %0 = stablehlo.convert %a : (tensor<4x{s}>) -> tensor<4x{d}>
  return %0 : tensor<4x{d}>
}}""".format(s=src, d=dst))


@pytest.mark.parametrize("name", sorted(KNOWN_BITS))
def test_raw_bits_carry_the_values(name):
    assert sorted(KNOWN_BITS) == sorted(RAW)
    dtype = cxla.element_types()[name]
    bits = np.array(KNOWN_BITS[name], dtype)
    out = _convert("f32", name)(VALUES)
    assert out.dtype == dtype and out.tolist() == bits.tolist()
    assert np.array_equal(_convert(name, "f32")(bits), VALUES)
    with pytest.raises(cxla.Error, match=r"raw %s bits" % name):
        _convert(name, "f32")([1.0, 2.0, 0.5, 4.0])  # values, not bits


def test_tf32_inputs_are_rounded():
    x = np.array([1, 1 + 2.0**-20, 1 + 3 * 2.0**-11, np.nan], np.float32)
    out = _convert("tf32", "f32")(x)
    assert out[:3].tolist() == [1, 1, 1 + 2.0**-9] and np.isnan(out[3])


def test_ml_dtypes_when_importable(tmp_path, root):
    """With ml_dtypes, bf16/f8 results come back as its types."""
    (tmp_path / "ml_dtypes.py").write_text(textwrap.dedent("""
        import numpy as np
        # Stand-ins with the real types' sizes (the real ones are not here).
        bfloat16 = np.dtype([("bf16", "<u2")])
        float8_e4m3fn = np.dtype([("f8", "u1")])
    """))
    script = textwrap.dedent("""
        import numpy as np, cxla, ml_dtypes
        types = cxla.element_types()
        assert types["bf16"] == ml_dtypes.bfloat16
        assert types["f8E4M3FN"] == ml_dtypes.float8_e4m3fn
        assert types["f8E5M2"] == np.uint8
        f = cxla.interpret('''
        func.func @main(%a: tensor<2xbf16>) -> tensor<2xbf16> {
          return %a : tensor<2xbf16>
        }''')
        bits = np.array([0x3F80, 0x4000], np.uint16)
        out = f(bits)
        assert out.dtype == ml_dtypes.bfloat16
        assert out.view(np.uint16).tolist() == bits.tolist()
        assert f(out).view(np.uint16).tolist() == bits.tolist()
    """)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tmp_path), os.path.join(root, "python")])
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
