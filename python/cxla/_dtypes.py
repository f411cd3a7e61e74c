"""Element types: how cxla's element kinds map to numpy dtypes.

numpy has no dtype for bf16, tf32, the f8/f6/f4 formats or 2- and 4-bit
integers, so the convention is (see docs/python.md):

========================  ===============================================
MLIR element type         numpy arrays in and out
========================  ===============================================
i1                        bool
i8 i16 i32 i64            int8 int16 int32 int64
ui8 ui16 ui32 ui64        uint8 uint16 uint32 uint64
i2 i4 / ui2 ui4           int8 / uint8 holding the value (range-checked)
f16 f32 f64               float16 float32 float64
tf32                      float32 (inputs rounded to tf32, nearest even)
complex<f32/f64>          complex64 complex128
bf16                      uint16 raw bits, or ml_dtypes.bfloat16
f8E4M3FN, f6E2M3FN, ...   uint8 raw bits (f6/f4 in the low bits), or the
                          ml_dtypes type (float8_e4m3fn, float6_e2m3fn, ...)
========================  ===============================================

When ml_dtypes is importable, results of bf16/f8/f6/f4 type are returned
as ml_dtypes arrays and inputs may be given either way; without it, raw
bits in and out.
"""

import re

import numpy as np

try:
    import ml_dtypes
except ImportError:  # optional
    ml_dtypes = None

from ._errors import Error
from ._lib import lib

# MLIR spelling -> numpy dtype of the values; kinds not listed are raw bits.
_VALUE_DTYPES = {
    "i1": np.bool_,
    "i2": np.int8, "i4": np.int8, "i8": np.int8, "i16": np.int16,
    "i32": np.int32, "i64": np.int64,
    "ui2": np.uint8, "ui4": np.uint8, "ui8": np.uint8, "ui16": np.uint16,
    "ui32": np.uint32, "ui64": np.uint64,
    "f16": np.float16, "tf32": np.float32, "f32": np.float32,
    "f64": np.float64,
    "complex<f32>": np.complex64, "complex<f64>": np.complex128,
    "index": np.int64,
}
_RAW_DTYPES = {1: np.uint8, 2: np.uint16}  # by storage size
# The numpy kinds a Python value of each kind (bool, int, float, complex)
# converts to; "V" is ml_dtypes' types.
_CONVERTIBLE = {"b": "biufcV", "i": "iufcV", "u": "iufcV", "f": "fcV",
                "c": "c"}
_SUB_BYTE_RANGES = {"i2": (-2, 1), "i4": (-8, 7), "ui2": (0, 3),
                    "ui4": (0, 15)}


def _ml_dtype(name):
    """The ml_dtypes type for a raw-bits kind ("f8E4M3FN"), or None."""
    if ml_dtypes is None:
        return None
    if name == "bf16":
        attr = "bfloat16"
    else:
        m = re.fullmatch(r"f(\d)(E\d+M\d+\w*)", name)
        attr = "float%s_%s" % (m.group(1), m.group(2).lower()) if m else ""
    t = getattr(ml_dtypes, attr, None)
    return np.dtype(t) if t is not None else None


class ElemType:
    """One element kind: its MLIR name and how numpy arrays carry it.

    Attributes:
        code: the cx_elem_t value.
        name: the MLIR spelling ("f32", "bf16", "complex<f32>").
        storage: the numpy dtype of cxla's storage layout.
        dtype: the numpy dtype of results (and the preferred input dtype).
        raw: True if ``storage`` holds raw bit patterns, not values.
    """

    def __init__(self, code, name, size):
        self.code = code
        self.name = name
        self.raw = name not in _VALUE_DTYPES
        self.storage = np.dtype(_RAW_DTYPES.get(size) if self.raw
                                else _VALUE_DTYPES[name])
        ml = _ml_dtype(name) if self.raw else None
        self.dtype = ml if ml is not None else self.storage
        # Array dtypes accepted as input without conversion.
        self.accepted = {self.storage, self.dtype}

    def __repr__(self):
        return "<cxla element type %s>" % self.name

    def to_storage(self, value, what):
        """Converts an argument to a contiguous array in storage layout.

        numpy arrays and numpy scalars must have an accepted dtype (byte
        order aside). Other values (Python scalars, lists) are converted if
        their kind allows it: a bool to any type, an int to any integer
        (if it fits) or floating type, a float to a floating type, a
        complex to a complex type. ``what`` names the argument in errors.
        """
        if isinstance(value, (np.ndarray, np.generic)):
            array = np.asarray(value)
            native = array.dtype.newbyteorder("=")
            if native not in self.accepted:
                raise Error("%s must be a %s array, got %s"
                            % (what, self.describe_dtype(), array.dtype))
            array = array.astype(native, copy=False)
        else:
            natural = np.asarray(value)
            if (self.dtype.kind not in _CONVERTIBLE.get(natural.dtype.kind, "")
                    or (self.raw and self.dtype == self.storage)):
                raise Error("%s must be a %s array, got %s (%s)"
                            % (what, self.describe_dtype(),
                               type(value).__name__, natural.dtype))
            array = natural.astype(self.dtype)
            if (array.dtype.kind in "iu"
                    and not np.array_equal(array, natural)):
                raise Error("%s: a value is out of range for %s"
                            % (what, self.name))
        array = array.view(self.storage)
        if not array.flags.c_contiguous:
            array = array.copy(order="C")  # (ascontiguousarray makes 0-d 1-d)
        if self.name in _SUB_BYTE_RANGES:
            lo, hi = _SUB_BYTE_RANGES[self.name]
            if array.size and (array.min() < lo or array.max() > hi):
                raise Error("%s: %s values must be in [%d, %d]"
                            % (what, self.name, lo, hi))
        if self.name == "tf32":
            array = _round_to_tf32(array)
        return array

    def from_storage(self, array):
        """The result array for data in storage layout."""
        return array.view(self.dtype)

    def describe_dtype(self):
        """The numpy dtype(s) of this kind, for error messages."""
        text = "numpy %s" % self.storage
        if self.raw:
            text += " (raw %s bits)" % self.name
        if self.dtype != self.storage:
            text += " or %s" % self.dtype
        return text


def _round_to_tf32(array):
    """Rounds float32 values to tf32 (10 mantissa bits), nearest even."""
    bits = array.view(np.uint32).astype(np.uint64)
    nan = np.isnan(array)
    bits = (bits + 0xFFF + ((bits >> 13) & 1)) & 0xFFFFE000
    rounded = bits.astype(np.uint32).view(np.float32)
    return np.where(nan, np.float32(np.nan), rounded).astype(np.float32)


def _table():
    """ElemType for every kind the library knows, indexed by code."""
    types = [None]  # CX_ELEM_INVALID
    code = 1
    while True:
        name = lib.cx_elem_name(code).decode()
        if name == "?":
            return types
        types.append(ElemType(code, name, lib.cx_elem_storage_size(code)))
        code += 1


ELEM_TYPES = _table()
BY_NAME = {t.name: t for t in ELEM_TYPES[1:]}


def describe_type(elem, dims):
    """The MLIR spelling of a tensor type, e.g. "tensor<2x?xf32>"."""
    shape = "".join("%sx" % ("?" if d < 0 else d) for d in dims)
    return "tensor<%s%s>" % (shape, elem.name)
