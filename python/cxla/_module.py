"""cxla.Module: a parsed StableHLO program."""

import ctypes
import os
import threading
import weakref

from . import _lib
from ._errors import Error
from ._lib import lib

BYTECODE_MAGIC = b"ML\xefR"

# The most bytes read from a stream (a pipe or a device such as /dev/zero;
# regular files are read by their size), as the cxla tool's default
# --max-input-size.
MAX_STREAM_BYTES = 128 << 20


def _read_source(source, name):
    """Returns (data, filename) for the argument of Module()."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name
    if isinstance(source, str) and not os.path.isfile(source):
        if "\n" in source or "{" in source or not source:
            return source.encode("utf-8"), name
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        with open(path, "rb") as f:
            if os.path.isfile(path):
                return f.read(), name or path
            data = f.read(MAX_STREAM_BYTES + 1)
        if len(data) > MAX_STREAM_BYTES:
            raise Error("'%s' is a stream (pipe or device) of more than %d "
                        "bytes" % (path, MAX_STREAM_BYTES),
                        code="OUT_OF_RANGE")
        return data, name or path
    raise TypeError("cxla.Module() takes a path, MLIR text or bytes, not %s"
                    % type(source).__name__)


def _destroy(module, context, data):
    # `data` is only kept alive here: bytecode constants point into it.
    del data
    lib.cx_module_destroy(module)
    lib.cx_context_destroy(context)


class Module:
    """A StableHLO program, parsed from MLIR text or a portable artifact.

    ``Module(source, name=None, fill_elided=False)`` takes

    - ``bytes`` (or ``bytearray``/``memoryview``): MLIR text or MLIR bytecode,
      told apart by the bytecode magic ``ML\\xEFR``;
    - a path (``str`` or ``os.PathLike``) of a ``.mlir`` or ``.mlirbc`` file;
    - a ``str`` of MLIR text: a ``str`` is text if no file of that name
      exists and it is empty or contains a newline or ``{``.

    ``name`` is the file name that error locations use (default: the path,
    or ``<input>``). ``fill_elided=True`` fills ``dense_resource<__elided__>``
    constants (models published without weights) with deterministic
    pseudo-random values instead of failing.

    Parse errors raise :class:`cxla.Error` with the location, e.g.
    ``<input>:3:10: error: expected ...``.

    Thread safety: each Module has its own C context, so different modules
    may be used from different threads freely. The methods of one module
    serialize on an internal lock; the functions returned by
    :func:`cxla.interpret` run concurrently without it.
    """

    def __init__(self, source, name=None, fill_elided=False):
        data, name = _read_source(source, name)
        self.name = name or "<input>"
        cname = _lib.c_name(self.name, "name")
        self.is_bytecode = data.startswith(BYTECODE_MAGIC)
        self._lock = threading.Lock()
        self._verified = False
        context = ctypes.c_void_p()
        _lib.check(lib.cx_context_create(lib.cx_allocator_system(),
                                         ctypes.byref(context)))
        # A private copy the module may borrow constants from.
        buf = ctypes.create_string_buffer(data, len(data))
        options = _lib.ParseOptions(cname, 0, fill_elided)
        module = ctypes.c_void_p()
        status = lib.cx_module_load(context, buf, len(data), False,
                                    ctypes.byref(options),
                                    ctypes.byref(module))
        if status:
            lib.cx_context_destroy(context)
            _lib.check(status)
        self._handle = module.value
        self._finalizer = weakref.finalize(self, _destroy, module.value,
                                           context.value, buf)

    def __repr__(self):
        return "<cxla.Module %s>" % self.name

    def __str__(self):
        return self.text()

    def verify(self):
        """Checks the program against the StableHLO spec.

        Raises :class:`cxla.Error` naming the op and its location
        (``"m.mlir:3:8: error: 'stablehlo.add' op ..."``). Returns the
        module, so ``cxla.Module(text).verify()`` reads naturally.
        """
        with self._lock:
            if not self._verified:
                _lib.check(lib.cx_module_verify(self._handle))
                self._verified = True
        return self

    def text(self, generic=False, locations=False):
        """The program as MLIR text, as ``stablehlo-opt`` prints it.

        ``generic=True`` prints every op in MLIR's generic form;
        ``locations=True`` prints ``loc(...)`` annotations.
        """
        options = _lib.PrintOptions(generic, locations)
        out = ctypes.c_void_p()
        with self._lock:
            _lib.check(lib.cx_module_print(self._handle, ctypes.byref(options),
                                           ctypes.byref(out)))
        return _lib.take_string(out.value)

    def serialize(self, target="current", strip_locations=False):
        """The program as a StableHLO portable artifact (MLIR bytecode).

        ``target`` is the StableHLO version that must read the artifact,
        ``"X.Y.Z"`` or ``"current"`` (see :data:`cxla.STABLEHLO_VERSION`),
        as ``stablehlo-translate --serialize --target``. Ops the target
        cannot represent raise :class:`cxla.Error`.
        """
        options = _lib.BcWriteOptions(_lib.c_name(target, "target"),
                                      strip_locations)
        data = ctypes.c_void_p()
        size = ctypes.c_size_t()
        with self._lock:
            _lib.check(lib.cx_bc_write(self._handle, ctypes.byref(options),
                                       ctypes.byref(data), ctypes.byref(size)))
        return _lib.take_bytes(data.value, size.value)
