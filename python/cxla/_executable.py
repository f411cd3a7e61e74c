"""cxla.compile and cxla.load: native code for one function, on numpy arrays."""

import collections
import ctypes
import os
import threading
import weakref

import numpy as np

from . import _lib
from ._errors import Error
from ._interpreter import Function, TensorType, _shape_text
from ._lib import lib
from ._module import Module

#: An executable's signature: tuples of :class:`TensorType` (static shapes).
Signature = collections.namedtuple("Signature", ["args", "results"])


class _Device:
    """A cx_rt_device_t (a thread pool with one thread per CPU), shared by
    every Executable; each call says how many of its threads it may use."""

    _lock = threading.Lock()
    _shared = None

    def __init__(self):
        handle = ctypes.c_void_p()
        options = _lib.DeviceOptions(0)
        _lib.check(lib.cx_rt_device_create(ctypes.byref(options),
                                           ctypes.byref(handle)))
        self.handle = handle.value
        self.num_threads = lib.cx_rt_device_num_threads(self.handle)
        self._finalizer = weakref.finalize(self, lib.cx_rt_device_destroy,
                                           self.handle)

    @classmethod
    def shared(cls):
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared


def _release(handle, device):
    # `device` is only kept alive here: calls may run until the last
    # reference to the executable goes.
    del device
    lib.cx_rt_executable_release(handle)


def _check_threads(threads):
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError("threads must be an int, not %s"
                        % type(threads).__name__)
    if threads < 1:
        raise Error("threads must be at least 1, got %d" % threads,
                    code="OUT_OF_RANGE")
    return threads


class Executable:
    """Native code for one function of a program, callable on numpy arrays.

    Made by :func:`cxla.compile` (from a program) or :func:`cxla.load` (from
    an artifact file of ``cxla compile`` or :meth:`save`). Calls take and
    return numpy arrays exactly as a :func:`cxla.interpret` callable does
    (same conversions, same errors), except that shapes are static: the
    signature is fixed when compiling.

    Inputs that already have the argument's dtype and are aligned and
    C-contiguous are passed to the native code without a copy; results are
    written straight into fresh numpy arrays.

    Thread safety: the native executable is immutable, and ctypes releases
    the GIL during a call, so one Executable may be called from several
    threads at once; the calls run in parallel (each has its own scratch).

    Attributes:
        name: the function's name.
        signature: a :class:`Signature` ``(args, results)`` of
            :class:`TensorType`; bound arguments (``bind=``) are left out of
            ``args``. save() and serialize() write the executable without
            its bound values (it then takes every argument).
        arg_types, result_types: the same tuples, as :class:`cxla.Function`
            has them.
        threads: the threads one call uses (None: one per CPU).
    """

    def __init__(self, handle, module=None, options=None, threads=None,
                 bind=None):
        self._device = _Device.shared()
        self._base_finalizer = weakref.finalize(self, _release, handle,
                                                self._device)
        # The executable as compiled or loaded: save() writes it (bound
        # values are not part of an artifact).
        self._base = handle
        # Kept for save() of an executable from the JIT, which has no
        # artifact of its own: the module is compiled again ahead of time.
        self._module = module
        self._options = options
        self.threads = threads
        self.name = lib.cx_rt_executable_function_name(handle).decode()
        self._handle = handle
        self._bound = 0
        self.arg_types = self._types(handle, lib.cx_rt_executable_num_args,
                                     lib.cx_rt_executable_arg)
        self.result_types = self._types(handle,
                                        lib.cx_rt_executable_num_results,
                                        lib.cx_rt_executable_result)
        if bind is not None:
            self._bind(bind)
        self.signature = Signature(self.arg_types, self.result_types)

    @staticmethod
    def _types(handle, count, get):
        return tuple(TensorType(get(handle, i)[0])
                     for i in range(count(handle)))

    def __repr__(self):
        return "<cxla.Executable @%s(%s) -> (%s)>" % (
            self.name, ", ".join(map(repr, self.arg_types)),
            ", ".join(map(repr, self.result_types)))

    # ---- arguments ----------------------------------------------------------

    def _bind(self, bind):
        """Fixes the arguments `bind` gives (cx_rt_executable_bind).

        `bind` is a sequence (the leading arguments) or a dict from argument
        index to value. The C library copies the values, so the caller's
        arrays may change afterwards.
        """
        if isinstance(bind, dict):
            items = list(bind.items())
        elif isinstance(bind, (list, tuple)):
            items = list(enumerate(bind))
        else:
            raise TypeError("bind must be a sequence of the leading arguments "
                            "or a dict {argument index: value}, not %s"
                            % type(bind).__name__)
        n = max(len(items), 1)
        indices = (ctypes.c_uint32 * n)()
        views = (_lib.BufferView * n)()
        keep = []
        for k, (index, value) in enumerate(items):
            if isinstance(index, bool) or not isinstance(index, int):
                raise TypeError("bind keys are argument indices (int), not %s"
                                % type(index).__name__)
            if not 0 <= index < len(self.arg_types):
                raise Error("bind: '%s' has no argument %d (it takes %d)"
                            % (self.name, index, len(self.arg_types)))
            views[k], array = self._convert(index, value)
            indices[k] = index
            keep.append(array)
        bound = ctypes.c_void_p()
        _lib.check(lib.cx_rt_executable_bind(self._base, len(items), indices,
                                             views, ctypes.byref(bound)))
        del keep
        self._finalizer = weakref.finalize(self, _release, bound.value,
                                           self._device)
        self._handle = bound.value
        self._bound = len(items)
        self.arg_types = self._types(bound.value,
                                     lib.cx_rt_executable_num_args,
                                     lib.cx_rt_executable_arg)

    def _convert(self, index, value):
        """A BufferView of argument `index` and the array that backs it."""
        t = self.arg_types[index]
        what = "argument %d of '%s' (%r)" % (index, self.name, t)
        view = _lib.BufferView()
        if t.elem is None:
            if value is not None:
                raise Error("%s takes None, got %s"
                            % (what, type(value).__name__))
            return view, None
        array = t.elem.to_storage(value, what)
        if array.shape != t.shape:
            raise Error("%s must have shape %s, got an array of shape %s"
                        % (what, _shape_text(t.shape), array.shape))
        if not array.flags.aligned:
            array = array.copy()
        view.elem = t.elem.code
        view.rank = array.ndim
        view.dims[:array.ndim] = array.shape
        view.data = array.ctypes.data
        view.nbytes = array.nbytes
        return view, array

    def _views(self, args):
        """The argument views of a call and the arrays they point into."""
        n = len(self.arg_types)
        if len(args) != n:
            bound = (" (%d more are bound)" % self._bound
                     if self._bound else "")
            raise Error("'%s' takes %d argument%s%s but %d were given"
                        % (self.name, n, "" if n == 1 else "s", bound,
                           len(args)))
        views = (_lib.BufferView * max(n, 1))()
        keep = []
        for i, value in enumerate(args):
            views[i], array = self._convert(i, value)
            keep.append(array)
        return views, keep

    # ---- calls --------------------------------------------------------------

    def __call__(self, *args, threads=None, profile=None):
        """Runs the function; ``threads`` overrides the executable's;
        ``profile`` (a :class:`cxla.Profile`) times the call's steps."""
        threads = _check_threads(threads) or self.threads or 0
        views, keep = self._views(args)
        nres = len(self.result_types)
        results = (_lib.BufferView * max(nres, 1))()
        out = []
        for i, t in enumerate(self.result_types):
            if t.elem is None:
                out.append(None)
                continue
            array = np.empty(t.shape, t.elem.storage)
            results[i].elem = t.elem.code
            results[i].rank = array.ndim
            results[i].dims[:array.ndim] = array.shape
            results[i].data = array.ctypes.data
            results[i].nbytes = array.nbytes
            out.append(array)
        options = _lib.InvokeOptions()
        options.max_threads = threads
        if profile is not None:
            options.profile = profile._handle
        _lib.check(lib.cx_rt_executable_invoke(
            self._handle, self._device.handle, len(self.arg_types), views,
            nres, results, ctypes.byref(options)))
        del keep
        out = tuple(None if a is None else self.result_types[i].elem
                    .from_storage(a) for i, a in enumerate(out))
        return out[0] if len(out) == 1 else out

    # ---- artifacts ----------------------------------------------------------

    def serialize(self):
        """The artifact (bytes) that :func:`cxla.load` reads back.

        An executable compiled for this CPU by the JIT has no artifact: its
        program is compiled again ahead of time (``target="host"``).
        """
        data, size = ctypes.c_void_p(), ctypes.c_size_t()
        status = lib.cx_rt_executable_serialize(self._base,
                                                ctypes.byref(data),
                                                ctypes.byref(size))
        if status and self._module is not None and \
                lib.cx_status_code(status) == _FAILED_PRECONDITION:
            lib.cx_status_free(status)
            options = self._options
            options.target = None  # cx_compile_artifact: "host"
            with self._module._lock:
                status = lib.cx_compile_artifact(
                    self._module._handle, ctypes.byref(options),
                    ctypes.byref(data), ctypes.byref(size))
        _lib.check(status)
        try:
            return ctypes.string_at(data.value, size.value)
        finally:
            lib.cx_free_malloced(data)

    def save(self, path):
        """Writes the artifact to `path` (atomically: a temporary file beside
        it is renamed into place)."""
        path = os.fspath(path)
        if not isinstance(path, str):
            path = os.fsdecode(path)
        cpath = _lib.c_name(path, "path")
        status = lib.cx_rt_executable_save(self._base, cpath)
        if status and lib.cx_status_code(status) == _FAILED_PRECONDITION \
                and self._module is not None:
            lib.cx_status_free(status)
            data = self.serialize()
            tmp = "%s.tmp%d" % (path, os.getpid())
            try:
                with open(tmp, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except OSError as e:
                raise Error("cannot write '%s': %s" % (path, e.strerror),
                            code="IO_ERROR") from None
            return
        _lib.check(status)


_FAILED_PRECONDITION = 7  # CX_FAILED_PRECONDITION in include/cxla/status.h


def compile(src, *, function="main", threads=None, bind=None, target=None,
            opt_level=0, cache_dir=None):
    """Compiles `function` of a program to native code for this CPU.

    `src` is a :class:`cxla.Module` or anything ``cxla.Module()`` takes: a
    path, MLIR text, or bytes of text or bytecode (a portable artifact).
    The program is verified first. Returns an :class:`Executable`.

    Args:
        function: the public function to compile.
        threads: threads one call uses (None: one per CPU); a call may pass
            ``threads=`` itself.
        bind: arguments fixed for the executable's lifetime (weights): a
            sequence of the leading arguments' values, or a dict from
            argument index to value. They are compiled in as constants
            (``cx_compile_options_t.bind``: folded, GEMM and convolution
            weights packed once), and the executable takes only the other
            arguments; :meth:`Executable.save` writes them into the
            artifact. The other arguments must have static shapes.
        target: None compiles for this CPU in memory (the JIT); a target
            name (``"host"``, ``"x86-64-v3"``, ... as ``cxla compile
            --target``) compiles an artifact for it and loads it, which must
            run here.
        opt_level: LLVM's optimization level 1..3 (0: the default, 2).
        cache_dir: the persistent compilation cache (``cxla --cache-dir``):
            a directory where compiled functions are kept and found again
            by later processes compiling the same program with the same
            options on the same CPU. None: ``$CXLA_CACHE_DIR`` if set;
            ``""``: no cache.

    Errors (parse, verify, unsupported ops) raise :class:`cxla.Error` with
    the MLIR-style location of the op.

    >>> exe = cxla.compile("examples/mlp.mlir")
    >>> exe(np.ones((2, 4), np.float32)).shape
    (2, 3)
    >>> exe.save("mlp.cxla"); cxla.load("mlp.cxla").signature
    """
    threads = _check_threads(threads) or None
    if not isinstance(src, Module):
        src = Module(src)
    src.verify()
    if isinstance(opt_level, bool) or not isinstance(opt_level, int) or \
            not 0 <= opt_level <= 3:
        raise Error("opt_level must be 0..3, got %r" % (opt_level,),
                    code="OUT_OF_RANGE")
    options = _lib.CompileOptions()
    options.function = _lib.c_name(function, "function")
    options.opt_level = opt_level
    if target is not None:
        options.target = _lib.c_name(target, "target")
    if cache_dir is not None:
        options.cache_dir = os.fsencode(cache_dir)
    keep = _compile_bind(src, function, bind, options) if bind is not None \
        else None
    handle = ctypes.c_void_p()
    with src._lock:
        _lib.check(lib.cx_compile(src._handle, ctypes.byref(options),
                                  ctypes.byref(handle)))
    if target is not None:
        options.target = None
    exe = Executable(handle.value, src, options, threads)
    exe._keep = keep  # what options points into, for serialize()
    exe._bound = len(keep[2]) if keep else 0
    return exe


def _compile_bind(module, function, bind, options):
    """Fills options.arg_shapes / options.bind for `bind`; returns what they
    point into (the views, the flags and the converted arrays)."""
    if isinstance(bind, dict):
        items = dict(bind)
    elif isinstance(bind, (list, tuple)):
        items = dict(enumerate(bind))
    else:
        raise TypeError("bind must be a sequence of the leading arguments "
                        "or a dict {argument index: value}, not %s"
                        % type(bind).__name__)
    types = Function(module, function).arg_types
    n = len(types)
    views = (_lib.BufferView * max(n, 1))()
    flags = (ctypes.c_bool * max(n, 1))()
    arrays = []
    for index in items:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError("bind keys are argument indices (int), not %s"
                            % type(index).__name__)
        if not 0 <= index < n:
            raise Error("bind: '%s' has no argument %d (it takes %d)"
                        % (function, index, n))
    for i, t in enumerate(types):
        what = "argument %d of '%s' (%r)" % (i, function, t)
        if t.elem is None:
            continue
        if i not in items:
            if any(d is None for d in t.shape):
                raise Error("bind: %s has a dynamic shape; compiling with bound "
                            "arguments needs static shapes for the others"
                            % what)
            views[i].elem = t.elem.code
            views[i].rank = len(t.shape)
            views[i].dims[:len(t.shape)] = t.shape
            continue
        array = t.elem.to_storage(items[i], what)
        if array.ndim != len(t.shape) or any(
                want is not None and want != got
                for want, got in zip(t.shape, array.shape)):
            raise Error("%s must have shape %s, got an array of shape %s"
                        % (what, _shape_text(t.shape), array.shape))
        # Our own copy: serialize() of a JIT executable compiles again from
        # these views, after the caller may have changed their arrays.
        array = np.array(array, copy=True, order="C")
        views[i].elem = t.elem.code
        views[i].rank = array.ndim
        views[i].dims[:array.ndim] = array.shape
        views[i].data = array.ctypes.data
        views[i].nbytes = array.nbytes
        flags[i] = True
        arrays.append(array)
    options.num_arg_shapes = n
    options.arg_shapes = views
    options.bind = flags
    return views, flags, arrays


def load(src, *, threads=None, bind=None, skip_checksum=False):
    """Loads an artifact (``cxla compile``, :meth:`Executable.save`).

    `src` is a path (the file is mapped and its constants used in place) or
    the artifact's bytes. A damaged artifact, one of a newer format or one
    for a CPU this one is not raises :class:`cxla.Error` saying why.
    ``threads`` is as for :func:`compile`. ``bind`` (a sequence of the
    leading arguments or a dict {index: value}) fixes arguments of the loaded
    executable (``cx_rt_executable_bind``: the values are copied and passed
    as arguments, not packed as constants); save() then writes the artifact
    as loaded. ``skip_checksum`` skips the whole-file checksum (trusted
    caches of large artifacts).
    """
    threads = _check_threads(threads) or None
    options = _lib.LoadOptions(bool(skip_checksum))
    handle = ctypes.c_void_p()
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
        _lib.check(lib.cx_rt_executable_load_memory(
            data, len(data), ctypes.byref(options), ctypes.byref(handle)))
    else:
        path = os.fspath(src)
        if not isinstance(path, str):
            path = os.fsdecode(path)
        _lib.check(lib.cx_rt_executable_load_file(
            _lib.c_name(path, "path"), ctypes.byref(options),
            ctypes.byref(handle)))
    return Executable(handle.value, None, None, threads, bind)
