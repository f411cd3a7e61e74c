#!/bin/sh
# Installs the benchmark peers: numpy/OpenBLAS and PyTorch from Debian (for
# bench/run_gemm_conv.sh and bench/models), and with --ort also ONNX Runtime
# (onnxruntime-node from the npm registry, into bench/models/ort/node_modules;
# --ignore-scripts because its install script fetches GPU binaries from
# elsewhere; the CPU library is in the package). Bench-only: the build and the
# tests never need these.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
if ! /usr/bin/python3 -c 'import numpy, torch' 2>/dev/null; then
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-numpy python3-torch
fi
if [ "${1:-}" = --ort ] && [ ! -d "$HERE/models/ort/node_modules/onnxruntime-node" ]; then
  (cd "$HERE/models/ort" && npm install --ignore-scripts --no-audit --no-fund)
fi
