"""Loading libcxla.so and declaring the C functions the package calls.

The library is looked up, in order, at:

1. the path in the ``CXLA_LIBRARY`` environment variable;
2. ``libcxla.so`` next to this package, or in ``PREFIX/lib`` for a package
   installed in ``PREFIX/lib/python3/dist-packages`` (``make install``);
3. ``build/libcxla.so`` in the source tree that holds this package.

The ctypes declarations mirror ``include/cxla/*.h``; the tests compare the
structure fields below with the headers so that the two cannot drift apart.
ctypes releases the GIL while a C function runs.
"""

import ctypes
import os

from ._errors import Error

MAX_RANK = 32  # CX_MAX_RANK in include/cxla/buffer.h

_c_status = ctypes.c_void_p  # cx_status_t: NULL (None) on success


class BufferView(ctypes.Structure):
    """cx_buffer_view_t: host memory with an element kind and a shape."""

    _fields_ = [
        ("elem", ctypes.c_int),
        ("rank", ctypes.c_uint32),
        ("dims", ctypes.c_int64 * MAX_RANK),
        ("data", ctypes.c_void_p),
        ("nbytes", ctypes.c_size_t),
    ]


class Allocator(ctypes.Structure):
    """cx_allocator_t (passed by value)."""

    _fields_ = [("fn", ctypes.c_void_p), ("self", ctypes.c_void_p)]


class ParseOptions(ctypes.Structure):
    """cx_parse_options_t."""

    _fields_ = [
        ("filename", ctypes.c_char_p),
        ("first_line", ctypes.c_uint),
        ("fill_elided_resources", ctypes.c_bool),
    ]


class PrintOptions(ctypes.Structure):
    """cx_print_options_t."""

    _fields_ = [
        ("generic", ctypes.c_bool),
        ("print_locations", ctypes.c_bool),
    ]


class BcWriteOptions(ctypes.Structure):
    """cx_bc_write_options_t."""

    _fields_ = [
        ("target", ctypes.c_char_p),
        ("strip_locations", ctypes.c_bool),
    ]


class InterpOptions(ctypes.Structure):
    """cx_interp_options_t."""

    _fields_ = [
        ("print_output", ctypes.c_void_p),
        ("probe_dir", ctypes.c_char_p),
        ("max_steps", ctypes.c_uint64),
        ("max_tensor_bytes", ctypes.c_uint64),
        ("timeout_seconds", ctypes.c_double),
        ("cancel", ctypes.POINTER(ctypes.c_int32)),
    ]


class CompileOptions(ctypes.Structure):
    """cx_compile_options_t."""

    _fields_ = [
        ("function", ctypes.c_char_p),
        ("opt_level", ctypes.c_int),
        ("opaque_constants", ctypes.c_bool),
        ("num_arg_shapes", ctypes.c_uint32),
        ("arg_shapes", ctypes.POINTER(BufferView)),
        ("observer", ctypes.c_void_p),
        ("stop_after", ctypes.c_char_p),
        ("target", ctypes.c_char_p),
        ("cache_key", ctypes.c_char_p),
        ("custom_calls", ctypes.c_void_p),
        ("bind", ctypes.POINTER(ctypes.c_bool)),
        ("cache_dir", ctypes.c_char_p),
        ("release_constants", ctypes.c_bool),
        ("release_sources", ctypes.c_void_p),
        ("release_sources_arg", ctypes.c_void_p),
    ]


class DeviceOptions(ctypes.Structure):
    """cx_rt_device_options_t."""

    _fields_ = [("num_threads", ctypes.c_int)]


class InvokeOptions(ctypes.Structure):
    """cx_rt_invoke_options_t."""

    _fields_ = [
        ("max_threads", ctypes.c_int),
        ("cancel", ctypes.POINTER(ctypes.c_int)),
        ("timeout_seconds", ctypes.c_double),
        ("max_steps", ctypes.c_uint64),
        ("print_output", ctypes.c_void_p),
        ("probe_dir", ctypes.c_char_p),
        ("custom_calls", ctypes.c_void_p),
        ("profile", ctypes.c_void_p),  # cx_rt_profile_t*; None: not profiled
    ]


class ProfileOptions(ctypes.Structure):
    """cx_rt_profile_options_t."""

    _fields_ = [("trace", ctypes.c_bool), ("max_trace_events", ctypes.c_uint64)]


class ProfileStep(ctypes.Structure):
    """cx_rt_profile_step_t."""

    _fields_ = [
        ("index", ctypes.c_uint32),
        ("kind", ctypes.c_char_p),
        ("routine", ctypes.c_char_p),
        ("kernel", ctypes.c_int64),
        ("op", ctypes.c_char_p),
        ("ops", ctypes.c_char_p),
        ("loc", ctypes.c_char_p),
        ("depth", ctypes.c_uint32),
        ("nested", ctypes.c_bool),
        ("calls", ctypes.c_uint64),
        ("total_ns", ctypes.c_uint64),
        ("cpu_ns", ctypes.c_uint64),
    ]


class LoadOptions(ctypes.Structure):
    """cx_rt_load_options_t."""

    _fields_ = [("skip_checksum", ctypes.c_bool)]


def c_name(value, what):
    """`value` (a str) as bytes for a C string argument.

    None or another type raises TypeError; a NUL character, which C would
    silently take for the end of the name, raises Error.
    """
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s"
                        % (what, type(value).__name__))
    if "\0" in value:
        raise Error("%s %r contains a NUL character" % (what, value))
    return value.encode("utf-8")


def c_uint64(value, what):
    """`value` checked to fit a uint64_t (ctypes would wrap 2**64 to 0)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s"
                        % (what, type(value).__name__))
    if not 0 <= value < 2**64:
        raise Error("%s must be from 0 to 2**64-1, got %d" % (what, value),
                    code="OUT_OF_RANGE")
    return value


_P = ctypes.POINTER
_vp = ctypes.c_void_p
_u32 = ctypes.c_uint32

# name: (restype, argtypes)
_FUNCTIONS = {
    "cx_version_string": (ctypes.c_char_p, []),
    "cx_free_malloced": (None, [_vp]),
    "cx_status_code": (ctypes.c_int, [_c_status]),
    "cx_status_code_name": (ctypes.c_char_p, [ctypes.c_int]),
    "cx_status_message": (ctypes.c_char_p, [_c_status]),
    "cx_status_location": (ctypes.c_char_p, [_c_status]),
    "cx_status_free": (None, [_c_status]),
    "cx_elem_name": (ctypes.c_char_p, [ctypes.c_int]),
    "cx_elem_storage_size": (ctypes.c_size_t, [ctypes.c_int]),
    "cx_allocator_system": (Allocator, []),
    "cx_context_create": (_c_status, [Allocator, _P(_vp)]),
    "cx_context_destroy": (None, [_vp]),
    "cx_module_load": (_c_status, [_vp, _vp, ctypes.c_size_t, ctypes.c_bool,
                                   _P(ParseOptions), _P(_vp)]),
    "cx_module_destroy": (None, [_vp]),
    "cx_module_verify": (_c_status, [_vp]),
    "cx_module_print": (_c_status, [_vp, _P(PrintOptions), _P(_vp)]),
    "cx_bc_write": (_c_status, [_vp, _P(BcWriteOptions), _P(_vp),
                                _P(ctypes.c_size_t)]),
    "cx_bc_current_version": (ctypes.c_char_p, []),
    "cx_interp_create": (_c_status, [_vp, _P(InterpOptions), _P(_vp)]),
    "cx_interp_destroy": (None, [_vp]),
    "cx_interp_signature": (_c_status, [_vp, ctypes.c_char_p, _P(_u32),
                                        _P(_P(BufferView)), _P(_u32),
                                        _P(_P(BufferView))]),
    "cx_interp_call": (_c_status, [_vp, ctypes.c_char_p, _u32,
                                   _P(BufferView), _P(_u32),
                                   _P(_P(BufferView))]),
    "cx_interp_free_results": (None, [_u32, _P(BufferView)]),
    "cx_compile": (_c_status, [_vp, _P(CompileOptions), _P(_vp)]),
    "cx_compile_artifact": (_c_status, [_vp, _P(CompileOptions), _P(_vp),
                                        _P(ctypes.c_size_t)]),
    "cx_rt_device_create": (_c_status, [_P(DeviceOptions), _P(_vp)]),
    "cx_rt_device_destroy": (None, [_vp]),
    "cx_rt_device_num_threads": (ctypes.c_int, [_vp]),
    "cx_rt_executable_release": (None, [_vp]),
    "cx_rt_executable_num_args": (_u32, [_vp]),
    "cx_rt_executable_num_results": (_u32, [_vp]),
    "cx_rt_executable_arg": (_P(BufferView), [_vp, _u32]),
    "cx_rt_executable_bind": (_c_status, [_vp, _u32, _P(_u32), _P(BufferView),
                                          _P(_vp)]),
    "cx_rt_executable_result": (_P(BufferView), [_vp, _u32]),
    "cx_rt_executable_function_name": (ctypes.c_char_p, [_vp]),
    "cx_rt_executable_invoke": (_c_status, [_vp, _vp, _u32, _P(BufferView),
                                            _u32, _P(BufferView),
                                            _P(InvokeOptions)]),
    "cx_rt_executable_load_file": (_c_status, [ctypes.c_char_p,
                                               _P(LoadOptions), _P(_vp)]),
    "cx_rt_executable_load_memory": (_c_status, [_vp, ctypes.c_size_t,
                                                 _P(LoadOptions), _P(_vp)]),
    "cx_rt_executable_serialize": (_c_status, [_vp, _P(_vp),
                                               _P(ctypes.c_size_t)]),
    "cx_rt_executable_save": (_c_status, [_vp, ctypes.c_char_p]),
    "cx_rt_is_artifact": (ctypes.c_bool, [_vp, ctypes.c_size_t]),
    "cx_rt_profile_create": (_c_status, [_P(ProfileOptions), _P(_vp)]),
    "cx_rt_profile_destroy": (None, [_vp]),
    "cx_rt_profile_reset": (None, [_vp]),
    "cx_rt_profile_num_steps": (_u32, [_vp]),
    "cx_rt_profile_get_step": (None, [_vp, _u32, _P(ProfileStep)]),
    "cx_rt_profile_invokes": (ctypes.c_uint64, [_vp]),
    "cx_rt_profile_invoke_ns": (ctypes.c_uint64, [_vp]),
    "cx_rt_profile_invoke_cpu_ns": (ctypes.c_uint64, [_vp]),
    "cx_rt_profile_write_table": (_c_status, [_vp, _vp, _u32]),
    "cx_rt_profile_write_json": (_c_status, [_vp, _vp]),
    "cx_rt_profile_write_trace": (_c_status, [_vp, _vp]),
}


def _candidates():
    """Yields the paths where libcxla.so may be, in search order."""
    env = os.environ.get("CXLA_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libcxla.so")
    parent = os.path.dirname(here)
    if os.path.basename(parent) in ("dist-packages", "site-packages"):
        # Installed by `make install PREFIX=P`: the package is
        # P/lib/python3/dist-packages/cxla, the library P/lib/libcxla.so.
        yield os.path.join(parent, os.pardir, os.pardir, "libcxla.so")
    yield os.path.join(here, os.pardir, os.pardir, "build", "libcxla.so")


def _load():
    tried = []
    for path in _candidates():
        path = os.path.normpath(path)
        tried.append(path)
        if os.path.exists(path):
            return ctypes.CDLL(path)
    raise ImportError(
        "cxla: cannot find libcxla.so (looked at %s); build it with "
        "`cmake --build build --target cxla_shared` or set CXLA_LIBRARY"
        % ", ".join(tried))


lib = _load()
for _name, (_restype, _argtypes) in _FUNCTIONS.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes


def check(status):
    """Raises Error for a failed cx_status_t (and frees it); None is OK."""
    if not status:
        return
    try:
        code = lib.cx_status_code_name(lib.cx_status_code(status))
        message = lib.cx_status_message(status)
        location = lib.cx_status_location(status)
    finally:
        lib.cx_status_free(status)
    raise Error(message.decode("utf-8", "replace"),
                location.decode("utf-8", "replace") if location else None,
                code.decode())


def take_string(ptr):
    """Returns the malloc'ed C string at ptr as str and frees it."""
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.cx_free_malloced(ptr)


def take_bytes(ptr, size):
    """Returns the malloc'ed block at ptr as bytes and frees it."""
    try:
        return ctypes.string_at(ptr, size)
    finally:
        lib.cx_free_malloced(ptr)
