"""libcxla.so exports the public C API, and the ctypes mirror matches it."""

import os
import re

import pytest

from cxla import _lib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir,
                                    os.pardir))
INCLUDE = os.path.join(ROOT, "include", "cxla")


def _headers():
    for name in sorted(os.listdir(INCLUDE)):
        if name.endswith(".h"):
            with open(os.path.join(INCLUDE, name)) as f:
                yield name, _strip_comments(f.read())


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def _declared_functions():
    """Names of the non-inline functions the public headers declare."""
    names = set()
    for _, text in _headers():
        text = re.sub(r"#[^\n]*", "", text)  # macros
        text = re.sub(r"static inline[^{]*\{[^}]*\}", "", text)
        text = re.sub(r"typedef[^;]*;", "", text)
        names.update(re.findall(r"\b(cx_\w+)\s*\([^;{]*\)\s*[^;{]*;", text))
    return names


def test_every_public_function_is_exported():
    missing = sorted(n for n in _declared_functions()
                     if not hasattr(_lib.lib, n))
    assert not missing, ("declared in include/cxla but not exported by "
                         "libcxla.so (add them to cmake/libcxla.map): %s"
                         % missing)


def test_internal_functions_are_not_exported():
    for name in ("cx_interp_find_func", "cx_type_tensor", "cx_arena_alloc"):
        assert not hasattr(_lib.lib, name), name


@pytest.mark.parametrize("cls,c_name", [
    (_lib.BufferView, "cx_buffer_view"),
    (_lib.Allocator, "cx_allocator"),
    (_lib.ParseOptions, "cx_parse_options"),
    (_lib.PrintOptions, "cx_print_options"),
    (_lib.BcWriteOptions, "cx_bc_write_options"),
    (_lib.InterpOptions, "cx_interp_options"),
    (_lib.CompileOptions, "cx_compile_options"),
    (_lib.DeviceOptions, "cx_rt_device_options"),
    (_lib.InvokeOptions, "cx_rt_invoke_options"),
    (_lib.LoadOptions, "cx_rt_load_options"),
    (_lib.ProfileOptions, "cx_rt_profile_options"),
    (_lib.ProfileStep, "cx_rt_profile_step"),
])
def test_structures_match_headers(cls, c_name):
    for _, text in _headers():
        m = re.search(r"typedef struct %s \{(.*?)\} %s_t;" % (c_name, c_name),
                      text, re.S)
        if m:
            fields = re.findall(r"(\w+)\s*(?:\[[^\]]*\])?\s*;", m.group(1))
            assert fields == [f[0] for f in cls._fields_]
            return
    pytest.fail("struct %s not found in include/cxla" % c_name)


def test_max_rank_matches_header():
    text = dict(_headers())["buffer.h"]
    assert re.search(r"#define CX_MAX_RANK (\d+)", text).group(1) == str(
        _lib.MAX_RANK)
