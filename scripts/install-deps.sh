#!/bin/sh
# Installs, with apt, whatever cxla's build, tests and benchmarks need and this machine lacks.
# Idempotent: packages already present are not touched, so `make run` stays fast.
set -eu

# lld-19 links the kernels of ahead-of-time artifacts (cxla compile);
# gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user cross-build the
# runtime for AArch64 and run it in the tests (tests/deploy/aarch64_test.sh).
PACKAGES="cmake make gcc g++ python3 python3-numpy python3-pytest python3-mpmath \
  llvm-19-dev llvm-19-tools clang-19 libclang-rt-19-dev lld-19 \
  libopenblas-dev liblapacke-dev zlib1g-dev pkg-config \
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
