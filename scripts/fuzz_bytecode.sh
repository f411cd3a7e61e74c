#!/bin/sh
# Bounded libFuzzer run of the bytecode reader (fuzz/bytecode_fuzz.c) alone:
# builds build-fuzz-bc with clang-19, ASan, UBSan and libFuzzer and runs the
# harness for FUZZ_SECONDS (default 60). A thin wrapper over scripts/fuzz.sh,
# which does the building, seeding (every corpus artifact up to 64 KB and
# tests/bytecode/regress) and reporting for every harness.
set -eu
cd "$(dirname "$0")/.."
export BUILD_FUZZ="${BUILD_FUZZ:-build-fuzz-bc}"
export FUZZ_ONLY=bytecode
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
exec ./scripts/fuzz.sh
