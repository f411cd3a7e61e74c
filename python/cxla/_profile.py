"""cxla.Profile: where a compiled function's time goes (cx_rt_profile_t)."""

import ctypes
import os

from . import _lib
from ._errors import Error
from ._lib import lib

_libc = ctypes.CDLL(None, use_errno=True)
_libc.open_memstream.restype = ctypes.c_void_p
_libc.open_memstream.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                 ctypes.POINTER(ctypes.c_size_t)]
_libc.fopen.restype = ctypes.c_void_p
_libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
_libc.fclose.restype = ctypes.c_int
_libc.fclose.argtypes = [ctypes.c_void_p]
_libc.free.restype = None
_libc.free.argtypes = [ctypes.c_void_p]


def _text(write):
    """What write(FILE*) writes, as a str."""
    buf, size = ctypes.c_void_p(), ctypes.c_size_t()
    f = _libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
    if not f:
        raise MemoryError("open_memstream failed")
    try:
        status = write(f)
    finally:
        _libc.fclose(f)
    try:
        _lib.check(status)
        return ctypes.string_at(buf.value, size.value).decode() if size.value else ""
    finally:
        _libc.free(buf)


class Profile:
    """Times every step of the calls of a compiled function that pass it.

    >>> prof = cxla.Profile(trace=True)
    >>> for _ in range(10): exe(x, profile=prof)
    >>> print(prof.table())           # the steps by time, with their ops
    >>> prof.write_trace("t.json")    # open in ui.perfetto.dev

    A profile holds one executable's steps (the first it is used with; use
    :meth:`reset` before another). Calls that run at the same time need
    profiles of their own (docs/c_api.md).
    """

    def __init__(self, trace=False, max_trace_events=0):
        options = _lib.ProfileOptions()
        options.trace = bool(trace)
        options.max_trace_events = _lib.c_uint64(max_trace_events,
                                                 "max_trace_events")
        handle = ctypes.c_void_p()
        _lib.check(lib.cx_rt_profile_create(ctypes.byref(options),
                                            ctypes.byref(handle)))
        self._handle = handle
        self.trace = bool(trace)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            lib.cx_rt_profile_destroy(handle)
            self._handle = None

    def reset(self):
        """Forgets every measurement and the executable."""
        lib.cx_rt_profile_reset(self._handle)

    @property
    def calls(self):
        """The calls profiled."""
        return lib.cx_rt_profile_invokes(self._handle)

    @property
    def total_ms(self):
        """Their total wall time in milliseconds."""
        return lib.cx_rt_profile_invoke_ns(self._handle) * 1e-6

    @property
    def cpu_ms(self):
        """The calling thread's CPU time in them, in milliseconds."""
        return lib.cx_rt_profile_invoke_cpu_ns(self._handle) * 1e-6

    def steps(self):
        """The steps that ran, by total time: a list of dicts with index,
        kind, routine, kernel, op, ops, loc, depth, nested, calls, total_ms,
        cpu_ms (the calling thread's CPU time in the step)."""
        out = []
        for i in range(lib.cx_rt_profile_num_steps(self._handle)):
            s = _lib.ProfileStep()
            lib.cx_rt_profile_get_step(self._handle, i, ctypes.byref(s))
            if not s.calls:
                continue
            out.append({
                "index": s.index, "kind": s.kind.decode(),
                "routine": s.routine.decode(), "kernel": s.kernel,
                "op": s.op.decode(), "ops": s.ops.decode(),
                "loc": s.loc.decode(), "depth": s.depth,
                "nested": bool(s.nested), "calls": s.calls,
                "total_ms": s.total_ns * 1e-6, "cpu_ms": s.cpu_ns * 1e-6})
        out.sort(key=lambda r: (-r["total_ms"], r["index"]))
        return out

    def table(self, top=25):
        """The text table of `cxla bench --profile` (top 0: every step)."""
        top = _lib.c_uint64(top, "top")
        if top > 0xFFFFFFFF:
            top = 0  # more rows than any program has: all of them
        return _text(lambda f: lib.cx_rt_profile_write_table(self._handle, f, top))

    def json_lines(self):
        """The rows as JSON lines (as `cxla bench --profile --json`)."""
        return _text(lambda f: lib.cx_rt_profile_write_json(self._handle, f))

    def write_trace(self, path):
        """Writes the Chrome trace (needs trace=True)."""
        path = os.fsencode(os.fspath(path))
        f = _libc.fopen(path, b"w")
        if not f:
            err = ctypes.get_errno()
            raise Error("cannot write '%s': %s" % (os.fsdecode(path),
                                                  os.strerror(err) if err else "fopen failed"),
                        code="IO_ERROR")
        try:
            status = lib.cx_rt_profile_write_trace(self._handle, f)
        finally:
            closed = _libc.fclose(f)
        _lib.check(status)
        if closed:
            raise Error("cannot write '%s'" % os.fsdecode(path), code="IO_ERROR")
