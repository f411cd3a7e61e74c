#!/bin/sh
# Bounded libFuzzer runs of every harness in fuzz/ (`make fuzz`; .ci/run).
#
# Builds $BUILD_FUZZ (default build-fuzz) with clang-19, AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer, then runs each cxla_fuzz_<name>
# for FUZZ_SECONDS (default 60) seeded from a sample of small files of the
# conformance corpus. Exits non-zero if any harness crashes, hangs (-timeout),
# leaks (-detect_leaks) or blows up (-rss_limit_mb); the offending input is
# saved under $BUILD_FUZZ/fuzz-artifacts/ and reproduces with
#   $BUILD_FUZZ/cxla_fuzz_<name> <artifact>
# Inputs that reach new code are kept in $BUILD_FUZZ/fuzz-corpus/<name>, so
# repeated runs keep building on each other.
#
# Environment: FUZZ_SECONDS, FUZZ_JOBS (parallel workers per harness,
# default 1), FUZZ_ONLY (run only the harness with this name),
# BUILD_FUZZ, CXLA_CONFORMANCE_DIR, CLANG, CXLA (the cxla that compiles the
# artifact harness's seeds; default build/cxla).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD_FUZZ:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
CORPUS=${CXLA_CONFORMANCE_DIR:-$ROOT/../shared/conformance}
CLANG=${CLANG:-/usr/lib/llvm-19/bin/clang}

if [ ! -x "$CLANG" ]; then
  echo "fuzz.sh: $CLANG not found (apt-get install clang-19 libclang-rt-19-dev)" >&2
  exit 1
fi

# The harnesses: fuzz/<name>_fuzz.c builds cxla_fuzz_<name>.
NAMES=""
for src in fuzz/*_fuzz.c; do
  [ -e "$src" ] || continue
  name=$(basename "$src" _fuzz.c)
  if [ -n "${FUZZ_ONLY:-}" ] && [ "$name" != "$FUZZ_ONLY" ]; then continue; fi
  NAMES="$NAMES $name"
done
if [ -z "$NAMES" ]; then
  echo "fuzz.sh: no harness to run" >&2
  exit 1
fi

# -Werror stays off here: the point of this build is the sanitizers, and
# clang warns about things the gcc CI build does not.
# clang does not know some of gcc's warning options (-Wshadow=local).
cmake -S . -B "$BUILD" -DCMAKE_C_COMPILER="$CLANG" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-Wno-unknown-warning-option" \
  -DCXLA_FUZZ=ON -DCXLA_SANITIZE=ON -DCXLA_WERROR=OFF >/dev/null
TARGETS=""
for name in $NAMES; do TARGETS="$TARGETS cxla_fuzz_$name"; done
# shellcheck disable=SC2086
if ! cmake --build "$BUILD" -j "$(nproc)" --target $TARGETS >"$BUILD/fuzz-build.log" 2>&1; then
  tail -n 40 "$BUILD/fuzz-build.log" >&2
  echo "fuzz.sh: building the harnesses failed" >&2
  exit 1
fi

SEEDS=$(mktemp -d "${TMPDIR:-/tmp}/cxla-fuzz-seeds.XXXXXX")
trap 'rm -rf "$SEEDS"' EXIT INT TERM

# Fills $SEEDS/<name> with a deterministic sample of small corpus files that
# suit the harness: MLIR text for the text parser, MLIR bytecode for the
# bytecode reader. Small files keep each execution fast; -max_len bounds what
# the fuzzer builds from them.
seed() {
  name=$1
  dir="$SEEDS/$name"
  mkdir -p "$dir"
  # The artifact loader's seeds are artifacts: the regular build's cxla
  # compiles fuzz/artifact_seeds for this machine (which loads for real),
  # baseline x86-64 (libcalls) and AArch64 (another machine's relocations).
  if [ "$name" = artifact ]; then
    CXLA=${CXLA:-build/cxla}
    if [ ! -x "$CXLA" ]; then
      echo "fuzz.sh: $CXLA not built: the artifact harness starts without seeds" >&2
      return 0
    fi
    for f in fuzz/artifact_seeds/*.mlir; do
      for t in host x86-64 aarch64; do
        "$CXLA" compile "$f" --target=$t -q -o "$dir/$(basename "$f" .mlir)-$t.cxla" ||
          echo "fuzz.sh: cannot compile the seed $f for $t" >&2
      done
    done
    return 0
  fi
  case "$name" in
    *bytecode*) pattern='*.bc' ; alt='*.mlirbc' ;;
    *) pattern='*.mlir' ; alt='*.mlir' ;;
  esac
  # The interpreter harness (interp) runs programs: seed it with the tests
  # that compute and check (interpret/, testdata/).
  dirs="$CORPUS"
  if [ "$name" = interp ]; then dirs="$CORPUS/interpret $CORPUS/testdata"; fi
  if [ -d "$CORPUS" ]; then
    # Every 7th file under 6 KB, sorted: about 200 files spread over the corpus.
    # shellcheck disable=SC2086
    find $dirs -type f \( -name "$pattern" -o -name "$alt" \) -size -6k | sort |
      awk 'NR % 7 == 1' | head -n 300 | while read -r f; do
        cp "$f" "$dir/$(echo "$f" | sed "s|^$CORPUS/||; s|/|_|g")"
      done
  fi
  # Artifacts are few: the bytecode reader gets every one up to 64 KB (each
  # StableHLO version's op set, the JAX exports, the models) and the inputs
  # that once broke it (tests/bytecode/regress).
  if [ "$pattern" = '*.bc' ]; then
    find "$CORPUS" tests/bytecode/regress -type f \( -name '*.bc' -o -name '*.mlirbc' \) \
        -size -64k 2>/dev/null | sort | while read -r f; do
      cp "$f" "$dir/$(echo "$f" | sed "s|^$CORPUS/||; s|/|_|g")"
    done
  fi
  # The lit tests are small, hand-written and cover every op's printed form.
  if [ "$pattern" = '*.mlir' ] && [ -d tests/lit ]; then
    find tests/lit -name '*.mlir' -size -16k | while read -r f; do
      cp "$f" "$dir/lit_$(echo "$f" | sed 's|/|_|g')"
    done
  fi
}

status=0
for name in $NAMES; do
  seed "$name"
  mkdir -p "$BUILD/fuzz-corpus/$name" "$BUILD/fuzz-artifacts"
  dict=""
  if [ -f "fuzz/$name.dict" ]; then dict="-dict=fuzz/$name.dict"
  elif [ "$name" = interp ]; then dict="-dict=fuzz/mlir.dict"; fi
  echo "fuzz.sh: $name for ${SECONDS_EACH}s ($(ls "$SEEDS/$name" | wc -l) seeds)"
  # More than one job: libFuzzer's fork mode (children share the corpus; the
  # first crash stops the run).
  parallel=""
  if [ "$JOBS" -gt 1 ]; then parallel="-fork=$JOBS"; fi
  # shellcheck disable=SC2086
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$BUILD/cxla_fuzz_$name" "$BUILD/fuzz-corpus/$name" "$SEEDS/$name" $dict \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
      -detect_leaks=1 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$BUILD/fuzz-artifacts/$name-" $parallel 2>"$BUILD/fuzz-$name.log"; then
    echo "fuzz.sh: $name FAILED; the last lines of $BUILD/fuzz-$name.log:" >&2
    tail -n 60 "$BUILD/fuzz-$name.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD/fuzz-$name.log" | tail -n 2 || true
    echo "fuzz.sh: $name ok"
  fi
done
exit $status
