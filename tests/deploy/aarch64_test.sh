#!/bin/sh
# The runtime on another CPU: cross-builds libcxla_runtime and cxla-rt-run
# for AArch64 with Debian's gcc-aarch64-linux-gnu (CXLA_RUNTIME_ONLY, without
# LAPACK: the cross toolchain has no AArch64 LAPACK), compiles programs with
# `cxla compile --target=aarch64`, runs them under qemu-user and compares
# their results with the JIT's on this machine (run_artifacts.py --aarch64).
# Exits 77 (ctest: skipped) with the reason if the cross compiler or
# qemu-aarch64 is not installed.
# usage: aarch64_test.sh CXLA SOURCE_DIR WORK_DIR [CONFORMANCE_DIR]
set -eu
CXLA=$1
SRC=$2
WORK=$3
CONF=${4:-}
missing=""
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing="$missing gcc-aarch64-linux-gnu"
command -v qemu-aarch64 >/dev/null 2>&1 || missing="$missing qemu-user"
[ -d /usr/aarch64-linux-gnu/lib ] || missing="$missing libc6-dev-arm64-cross"
if [ -n "$missing" ]; then
  echo "SKIP: the AArch64 test needs the Debian packages$missing (scripts/install-deps.sh installs them)"
  exit 77
fi
BUILD=$WORK/build-aarch64
mkdir -p "$WORK"
cmake -S "$SRC" -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$SRC/cmake/toolchain-aarch64.cmake" \
  -DCXLA_RUNTIME_ONLY=ON -DCXLA_RUNTIME_LAPACK=OFF -DCMAKE_BUILD_TYPE=Release >"$WORK/configure.log" 2>&1 ||
  { tail -20 "$WORK/configure.log"; exit 1; }
cmake --build "$BUILD" -j2 >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
# No x86 code in the AArch64 runtime: the AVX files are not compiled there.
if nm "$BUILD/lib/libcxla_runtime.a" | grep -q "_avx512\.\|avx2\.c"; then
  echo "FAIL: AVX objects in the AArch64 runtime"
  exit 1
fi
file "$BUILD/cxla-rt-run" | grep -q "ARM aarch64" || { echo "FAIL: cxla-rt-run is not an AArch64 program"; exit 1; }
set -- --cxla "$CXLA" --rt-run "$(dirname "$CXLA")/cxla-rt-run" --source "$SRC" --work "$WORK/runs" \
  --aarch64 "qemu-aarch64 -L /usr/aarch64-linux-gnu $BUILD/cxla-rt-run" --only-emulated
if [ -n "$CONF" ] && [ -d "$CONF" ]; then set -- "$@" --conformance "$CONF" --sample 12 --models; fi
exec /usr/bin/python3 "$SRC/tests/deploy/run_artifacts.py" "$@"
