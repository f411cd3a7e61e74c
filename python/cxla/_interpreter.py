"""cxla.interpret: run a function of a program in the reference interpreter."""

import ctypes
import threading
import weakref

import numpy as np

from . import _lib
from ._dtypes import ELEM_TYPES, describe_type
from ._errors import Error
from ._lib import lib
from ._module import Module


class TensorType:
    """The type of an argument or result: element type and dimensions.

    Attributes:
        elem: the element type (``.name`` is its MLIR spelling, ``.dtype``
            the numpy dtype of arrays that carry it), or None for a token
            or tuple.
        shape: a tuple of dimensions, None for a dynamic one (``?``).
    """

    def __init__(self, view):
        self.elem = ELEM_TYPES[view.elem] if view.elem else None
        self.shape = tuple(None if d < 0 else d
                           for d in view.dims[:view.rank])

    def __repr__(self):
        if self.elem is None:
            return "<non-tensor>"
        return describe_type(self.elem, [-1 if d is None else d
                                         for d in self.shape])


def _destroy(interp, module):
    # `module` is only kept alive here: it must outlive its interpreter.
    del module
    lib.cx_interp_destroy(interp)


def _take_views(count, views):
    """TensorTypes of a cx_interp_signature array, which it frees."""
    try:
        return tuple(TensorType(views[i]) for i in range(count))
    finally:
        lib.cx_interp_free_results(count, views)


class Function:
    """A function of a verified program, callable on numpy arrays.

    Call it with one value per argument: numpy arrays whose dtype matches
    the argument's element type (see :mod:`cxla._dtypes` for bf16, f8 and
    the other types numpy lacks), numpy or Python scalars, or nested lists;
    ``None`` for a ``!stablehlo.token``. Python values are converted with
    numpy's same-kind casting (``1.5`` for an ``f32`` argument is fine,
    ``1.5`` for an ``i32`` one is not). Shapes must match the declared
    type; dynamic dimensions take any size. A wrong count, dtype or shape
    raises :class:`cxla.Error` naming the argument and its type.

    Returns a numpy array for a function with one result, otherwise a tuple
    (empty for none); a token or tuple result is ``None``. Errors during
    evaluation (including a failed ``check.*`` custom call) raise
    :class:`cxla.Error` with the location of the op.

    Thread safety: the interpreter only reads the program while it runs
    and ctypes releases the GIL during the call, so one Function may be
    called from several threads at once, and calls run in parallel.

    Interrupting: Ctrl-C (SIGINT) during a call from the main thread ends
    it with ``KeyboardInterrupt`` at the next op the interpreter starts
    (the call runs in a helper thread while the main thread waits, and
    SIGINT sets the interpreter's cancel flag; every call of this Function
    running at that moment is cancelled). ``timeout`` ends a call that runs
    longer with :class:`cxla.Error` (code ``"CANCELLED"``).

    Attributes:
        name: the function's name.
        module: the :class:`cxla.Module` it belongs to.
        arg_types, result_types: tuples of :class:`TensorType`.
    """

    def __init__(self, module, name, max_steps=0, max_tensor_bytes=0,
                 timeout=None):
        self._cname = _lib.c_name(name, "function")
        max_steps = _lib.c_uint64(max_steps, "max_steps")
        max_tensor_bytes = _lib.c_uint64(max_tensor_bytes, "max_tensor_bytes")
        if timeout is None:
            timeout = 0.0
        elif isinstance(timeout, bool) or not isinstance(timeout,
                                                         (int, float)):
            raise TypeError("timeout must be a number of seconds, not %s"
                            % type(timeout).__name__)
        elif not 0 <= timeout < float("inf"):
            raise Error("timeout must be >= 0 seconds, got %r" % timeout,
                        code="OUT_OF_RANGE")
        module.verify()
        self.module = module
        self.name = name
        # Set to 1 to cancel the calls running (Ctrl-C); the interpreter
        # polls it before every op.
        self._cancel = ctypes.c_int32(0)
        options = _lib.InterpOptions(
            None, None, max_steps, max_tensor_bytes, float(timeout),
            ctypes.pointer(self._cancel))
        interp = ctypes.c_void_p()
        with module._lock:
            _lib.check(lib.cx_interp_create(module._handle,
                                            ctypes.byref(options),
                                            ctypes.byref(interp)))
        self._finalizer = weakref.finalize(self, _destroy, interp.value,
                                           module)
        self._handle = interp.value
        num_args, num_results = ctypes.c_uint32(), ctypes.c_uint32()
        args = ctypes.POINTER(_lib.BufferView)()
        results = ctypes.POINTER(_lib.BufferView)()
        _lib.check(lib.cx_interp_signature(
            interp, self._cname, ctypes.byref(num_args), ctypes.byref(args),
            ctypes.byref(num_results), ctypes.byref(results)))
        self.arg_types = _take_views(num_args.value, args)
        self.result_types = _take_views(num_results.value, results)

    def __repr__(self):
        return "<cxla.Function @%s(%s) -> (%s) of %s>" % (
            self.name, ", ".join(map(repr, self.arg_types)),
            ", ".join(map(repr, self.result_types)), self.module.name)

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
        if array.ndim != len(t.shape) or any(
                want is not None and want != got
                for want, got in zip(t.shape, array.shape)):
            raise Error("%s must have shape %s, got an array of shape %s"
                        % (what, _shape_text(t.shape), array.shape))
        view.elem = t.elem.code
        view.rank = array.ndim
        view.dims[:array.ndim] = array.shape
        view.data = array.ctypes.data
        view.nbytes = array.nbytes
        return view, array

    def __call__(self, *args):
        if len(args) != len(self.arg_types):
            n = len(self.arg_types)
            raise Error("'%s' takes %d argument%s but %d were given"
                        % (self.name, n, "" if n == 1 else "s", len(args)))
        views = (_lib.BufferView * max(len(args), 1))()
        keep = []  # the arrays the views point into
        for i, value in enumerate(args):
            views[i], array = self._convert(i, value)
            keep.append(array)
        num_results = ctypes.c_uint32()
        results = ctypes.POINTER(_lib.BufferView)()
        status = self._call(len(args), views, num_results, results)
        _lib.check(status)
        try:
            out = tuple(_to_array(results[i])
                        for i in range(num_results.value))
        finally:
            lib.cx_interp_free_results(num_results.value, results)
        return out[0] if len(out) == 1 else out


    def _call(self, num_args, views, num_results, results):
        """cx_interp_call; from the main thread, interruptible by Ctrl-C."""
        def call():
            return lib.cx_interp_call(self._handle, self._cname, num_args,
                                      views, ctypes.byref(num_results),
                                      ctypes.byref(results))
        if threading.current_thread() is not threading.main_thread():
            return call()  # SIGINT is delivered to the main thread only
        # The C call blocks Python's signal handling, so it runs in a helper
        # thread while this one waits (a lock wait is interruptible). The
        # wait is on an event the helper sets, not on Thread.join: a join
        # interrupted by KeyboardInterrupt can leave the thread marked as
        # stopped while it still runs (CPython gh-90882), and the cancel
        # flag was then cleared before the call saw it.
        out = []
        done = threading.Event()

        def work():
            try:
                out.append(call())
            finally:
                done.set()
        worker = threading.Thread(target=work, name="cxla call %s" % self.name,
                                  daemon=True)
        worker.start()
        try:
            done.wait()
        except KeyboardInterrupt:
            self._cancel.value = 1
            while not done.is_set():  # ends at the interpreter's next op
                try:
                    done.wait()
                except KeyboardInterrupt:
                    pass
            self._cancel.value = 0
            if out and out[0]:
                lib.cx_status_free(out[0])
            lib.cx_interp_free_results(num_results.value, results)
            raise
        return out[0]


def _shape_text(shape):
    return "(%s)" % ", ".join("?" if d is None else str(d) for d in shape)


def _to_array(view):
    """A numpy copy of a result view (None for a token or tuple)."""
    if not view.elem:
        return None
    elem = ELEM_TYPES[view.elem]
    array = np.empty(tuple(view.dims[:view.rank]), elem.storage)
    if array.nbytes != view.nbytes:
        raise Error("result of %d bytes does not fit %s"
                    % (view.nbytes, describe_type(elem, array.shape)),
                    code="INTERNAL")
    if view.nbytes:
        ctypes.memmove(array.ctypes.data, view.data, view.nbytes)
    return elem.from_storage(array)


def interpret(program, function="main", max_steps=0, max_tensor_bytes=0,
              timeout=None):
    """Returns a callable that runs `function` of `program` on numpy arrays.

    `program` is a :class:`cxla.Module` or anything ``cxla.Module()``
    accepts (a path, MLIR text, bytes of text or bytecode). The program is
    verified first; errors raise :class:`cxla.Error`. ``max_steps`` and
    ``max_tensor_bytes`` bound the work of one call and the size of any
    value (0: unlimited; see ``cx_interp_options_t``), for untrusted
    programs; ``timeout`` (seconds, None for none) bounds the time of one
    call. Ctrl-C interrupts a call with ``KeyboardInterrupt``. See
    :class:`Function` for arguments, results and threads.

    >>> f = cxla.interpret("examples/mlp.mlir")
    >>> f(np.ones((2, 4), np.float32)).shape
    (2, 3)
    """
    if not isinstance(program, Module):
        program = Module(program)
    return Function(program, function, max_steps, max_tensor_bytes, timeout)
