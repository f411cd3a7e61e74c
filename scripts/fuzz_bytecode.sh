#!/bin/sh
# Bounded libFuzzer run of the bytecode reader (fuzz/bytecode_fuzz.c): builds
# build-fuzz-bc with clang-19, ASan, UBSan and libFuzzer and runs the harness
# for FUZZ_SECONDS (default 60) seeded with the corpus's portable artifacts
# (*.mlir.bc, *.mlirbc). A thin wrapper over scripts/fuzz.sh, which does the
# building, seeding and reporting for every harness.
#
# fuzz.sh seeds from small files only, which leaves few artifacts; every VHLO
# artifact (each StableHLO version's op set), the JAX exports and the fuzz
# regressions go into the harness's kept corpus first, so a short run starts
# from every op, attribute and bytecode version the corpus holds.
set -eu
cd "$(dirname "$0")/.."
export BUILD_FUZZ="${BUILD_FUZZ:-build-fuzz-bc}"
export FUZZ_ONLY=bytecode
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
CORPUS=${CXLA_CONFORMANCE_DIR:-$(pwd)/../shared/conformance}
KEPT="$BUILD_FUZZ/fuzz-corpus/bytecode"
mkdir -p "$KEPT"
for f in "$CORPUS"/vhlo/*.mlir.bc "$CORPUS"/jax/*.mlirbc tests/bytecode/regress/*.mlirbc; do
  [ -f "$f" ] || continue
  dest="$KEPT/seed_$(basename "$f")"
  [ -e "$dest" ] || cp "$f" "$dest"
done
exec ./scripts/fuzz.sh
