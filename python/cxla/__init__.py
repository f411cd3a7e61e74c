"""cxla: StableHLO programs from Python (ctypes + numpy over libcxla.so).

>>> import numpy as np, cxla
>>> m = cxla.Module("examples/mlp.mlir").verify()
>>> probs = cxla.interpret(m)(np.ones((2, 4), np.float32))
>>> probs = cxla.compile(m)(np.ones((2, 4), np.float32))     # native code
>>> artifact = m.serialize(target="1.0.0")    # a portable artifact (bytes)
>>> print(cxla.Module(artifact).text())

- :class:`Module` parses MLIR text or a portable artifact (bytecode),
  verifies it, prints it and serializes it.
- :func:`interpret` returns a callable that runs one function in the
  reference interpreter on numpy arrays (see :class:`Function`).
- :func:`compile` compiles one function to native code and :func:`load`
  loads a compiled artifact; both return an :class:`Executable`, callable
  like an interpreted function (``exe.signature``, ``exe.save(path)``).
- :class:`Profile` times the steps of calls that pass it
  (``exe(x, profile=prof)``; ``prof.table()``, ``prof.write_trace(path)``).
- Errors raise :class:`Error`, whose text is the MLIR-style diagnostic
  ``file:line:col: error: message``.
- Element types numpy lacks (bf16, f8/f6/f4, tf32, i2/i4) follow the
  convention in :mod:`cxla._dtypes` and docs/python.md.

The library is loaded from ``$CXLA_LIBRARY``, from ``libcxla.so`` next to
this package, or from ``build/libcxla.so`` of the source tree. Everything
here is safe to use from several threads; see the notes on Module and
Function.
"""

from ._errors import Error
from ._lib import lib as _clib
from ._dtypes import ELEM_TYPES as _ELEM_TYPES
from ._module import Module
from ._interpreter import Function, TensorType, interpret
from ._executable import Executable, Signature, compile, load
from ._profile import Profile

__all__ = ["Error", "Executable", "Function", "Module", "Profile", "Signature",
           "TensorType", "compile", "interpret", "load", "STABLEHLO_VERSION",
           "element_types"]

#: The version of the C library ("0.1.0").
__version__ = _clib.cx_version_string().decode()

#: The newest StableHLO version cxla reads and writes ("1.20.0").
STABLEHLO_VERSION = _clib.cx_bc_current_version().decode()


def element_types():
    """A dict from MLIR element type name ("bf16") to numpy dtype.

    The dtype is the one results come back as; for bf16 and the f8/f6/f4
    formats it is ml_dtypes' type if ml_dtypes is importable, otherwise the
    unsigned integer type of the raw bits.
    """
    return {t.name: t.dtype for t in _ELEM_TYPES[1:] if t.name != "index"}
