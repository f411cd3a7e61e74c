#!/bin/sh
# `make install` into a temporary prefix, then use it as an application would:
# examples/c built with pkg-config (shared and --static) and with CMake's
# find_package(cxla) (cxla::runtime), a program compiling in the process
# against cxla::cxla and `pkg-config cxla`, and the Python package from
# PREFIX/lib/python3/dist-packages finding PREFIX/lib/libcxla.so. Every
# example binary must print what the in-tree build of the example prints.
# usage: install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR EXAMPLE_BINARY
set -eu
BUILD=$1
SRC=$2
WORK=$3
REF_EXAMPLE=$4
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
P=$WORK/prefix
cmake --install "$BUILD" --prefix "$P" > "$WORK/install.log" || fail "cmake --install: $(tail -5 "$WORK/install.log")"

for f in bin/cxla lib/libcxla.so lib/libcxla.a lib/libcxla_runtime.so lib/libcxla_runtime.a \
         include/cxla/runtime.h include/cxla/compiler.h include/cxla/buffer.h \
         lib/pkgconfig/cxla.pc lib/pkgconfig/cxla-runtime.pc \
         lib/cmake/cxla/cxlaConfig.cmake lib/cmake/cxla/cxlaConfigVersion.cmake \
         lib/python3/dist-packages/cxla/__init__.py; do
  [ -e "$P/$f" ] || fail "not installed: $f"
done
# Move the prefix: everything must find everything relative to itself.
mv "$P" "$WORK/moved"
P=$WORK/moved
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
unset CXLA_LIBRARY || true

"$P/bin/cxla" compile "$SRC/examples/mlp.mlir" -o "$WORK/mlp.cxla" --quiet
"$REF_EXAMPLE" "$WORK/mlp.cxla" > "$WORK/want.txt"
grep -q "^result\[0\]: 2x3xf32 =" "$WORK/want.txt" || fail "reference example: $(cat "$WORK/want.txt")"

# pkg-config: the static line lists what libcxla_runtime.a needs.
static_libs=$(pkg-config --libs --static cxla-runtime)
for l in -lcxla_runtime -lpthread -lm; do
  case " $static_libs " in *" $l "*) ;; *) fail "pkg-config --static cxla-runtime lacks $l: $static_libs" ;; esac
done
case " $(pkg-config --libs cxla-runtime) " in *" -lpthread "*) fail "shared link line lists private libs" ;; esac
cp -r "$SRC/examples/c" "$WORK/ex"
make -s -C "$WORK/ex" > "$WORK/make.log" 2>&1 || fail "make (pkg-config): $(cat "$WORK/make.log")"
LD_LIBRARY_PATH="$P/lib" "$WORK/ex/run_artifact" "$WORK/mlp.cxla" > "$WORK/got-pc.txt"
cmp -s "$WORK/want.txt" "$WORK/got-pc.txt" || fail "pkg-config build prints other results"
make -s -C "$WORK/ex" clean
make -s -C "$WORK/ex" STATIC=1 > "$WORK/make-static.log" 2>&1 || fail "make STATIC=1: $(cat "$WORK/make-static.log")"
if ldd "$WORK/ex/run_artifact" | grep -q cxla; then fail "STATIC=1 build links a cxla .so"; fi
"$WORK/ex/run_artifact" "$WORK/mlp.cxla" > "$WORK/got-static.txt"
cmp -s "$WORK/want.txt" "$WORK/got-static.txt" || fail "static build prints other results"

# CMake: find_package(cxla), cxla::runtime.
cmake -S "$WORK/ex" -B "$WORK/ex-cmake" -DCMAKE_PREFIX_PATH="$P" > "$WORK/cmake.log" 2>&1 ||
  fail "cmake configure: $(tail -20 "$WORK/cmake.log")"
cmake --build "$WORK/ex-cmake" > "$WORK/cmake-build.log" 2>&1 || fail "cmake build: $(tail -20 "$WORK/cmake-build.log")"
"$WORK/ex-cmake/run_artifact" "$WORK/mlp.cxla" > "$WORK/got-cmake.txt"
cmp -s "$WORK/want.txt" "$WORK/got-cmake.txt" || fail "CMake build prints other results"

# The whole library: compile in the process (cxla::cxla, pkg-config cxla).
mkdir -p "$WORK/full"
cat > "$WORK/full/full.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "cxla/compiler.h"
static const char kText[] =
    "func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {\n"
    "  %0 = stablehlo.multiply %x, %x : tensor<3xf32>\n"
    "  return %0 : tensor<3xf32>\n}\n";
int main(void) {
  cx_context_t* ctx;
  cx_module_t* m = NULL;
  cx_rt_executable_t* exe = NULL;
  cx_rt_device_t* dev = NULL;
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (!st) st = cx_module_parse_text(ctx, kText, strlen(kText), NULL, &m);
  if (!st) st = cx_module_verify(m);
  if (!st) st = cx_compile(m, NULL, &exe);
  cx_rt_device_options_t dopt = {1};
  if (!st) st = cx_rt_device_create(&dopt, &dev);
  float x[3] = {1, -2, 3}, y[3];
  int64_t dims[1] = {3};
  cx_buffer_view_t a, r;
  if (!st) st = cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, x, sizeof x, &a);
  if (!st) st = cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, y, sizeof y, &r);
  if (!st) st = cx_rt_executable_invoke(exe, dev, 1, &a, 1, &r, NULL);
  if (st) { cx_status_print(st, stderr); return 1; }
  printf("%g %g %g\n", y[0], y[1], y[2]);
  cx_rt_device_destroy(dev);
  cx_rt_executable_release(exe);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  return 0;
}
C
cat > "$WORK/full/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.16)
project(full C)
find_package(cxla 0.1 REQUIRED)
add_executable(full full.c)
target_link_libraries(full PRIVATE cxla::cxla)
CM
cmake -S "$WORK/full" -B "$WORK/full-build" -DCMAKE_PREFIX_PATH="$P" > "$WORK/full-cmake.log" 2>&1 ||
  fail "cmake configure (cxla::cxla): $(tail -20 "$WORK/full-cmake.log")"
cmake --build "$WORK/full-build" > "$WORK/full-build.log" 2>&1 || fail "cmake build (cxla::cxla): $(tail -20 "$WORK/full-build.log")"
[ "$("$WORK/full-build/full")" = "1 4 9" ] || fail "cxla::cxla program: $("$WORK/full-build/full" 2>&1)"
cc -o "$WORK/full/full-pc" "$WORK/full/full.c" $(pkg-config --cflags --libs cxla) || fail "pkg-config cxla"
[ "$(LD_LIBRARY_PATH="$P/lib" "$WORK/full/full-pc")" = "1 4 9" ] || fail "pkg-config cxla program"

# Python from the prefix, with no hint where the library is.
cd "$WORK"
PYTHONPATH="$P/lib/python3/dist-packages" /usr/bin/python3 - "$P" "$WORK/mlp.cxla" <<'PY' || fail "Python package from the prefix"
import os, sys
import numpy as np
import cxla
from cxla import _lib
prefix = sys.argv[1]
lib = os.path.realpath(_lib.lib._name)
assert lib == os.path.realpath(os.path.join(prefix, "lib", "libcxla.so")), lib
assert os.path.realpath(cxla.__file__).startswith(os.path.realpath(prefix)), cxla.__file__
f = cxla.interpret("func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {\n"
                   "  %0 = stablehlo.add %x, %x : tensor<3xf32>\n"
                   "  return %0 : tensor<3xf32>\n}\n")
assert f(np.array([1, 2, 3], np.float32)).tolist() == [2, 4, 6]
if hasattr(cxla, "compile"):
    exe = cxla.compile("func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {\n"
                       "  %0 = stablehlo.multiply %x, %x : tensor<3xf32>\n"
                       "  return %0 : tensor<3xf32>\n}\n")
    assert exe(np.array([1, -2, 3], np.float32)).tolist() == [1, 4, 9]
    art = cxla.load(sys.argv[2])
    assert art(np.ones((2, 4), np.float32)).shape == (2, 3)
print("python ok")
PY
echo "ok: installed prefix works for pkg-config, CMake and Python"
