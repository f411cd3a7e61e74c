#!/bin/sh
# Installs the benchmark peers (numpy/OpenBLAS and PyTorch from Debian) for
# bench/run_gemm_conv.sh. Bench-only: the build and the tests never need these.
set -e
if /usr/bin/python3 -c 'import numpy, torch' 2>/dev/null; then
  exit 0
fi
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-numpy python3-torch
