#!/usr/bin/python3
"""numpy.fft.fft next to cxla's FFT kernel (bench/fft.c), one length at a time.

  /usr/bin/python3 bench/fft_peer.py [--bench build/bench/bench_fft] [--lines 64]
                                     [--reps 21] [--length N ...] [--rounds R]

For each length: bench_fft (when --bench is given) and numpy.fft.fft on a
(lines, N) array of complex128 and of complex64, both one thread (numpy's
pocketfft is single-threaded), run back to back so that they share the host's
state. numpy 1.x computes complex64 in double too (it converts, and returns
complex128), as cxla's compiled FFT does (it rounds back to complex<f32>).
Timing as bench/bench_util.h's cx_bench_time: 3 warm-up calls, batches of
>= 20 ms per sample, the median of the samples (the minimum of the rounds'
medians with --rounds > 1). Prints every measurement as a JSON line, then
merged lines with the ratio cxla/numpy, then a markdown table.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

import numpy as np

LENGTHS = [256, 1024, 4096, 16384, 360, 768, 1000, 1536, 3000, 4800, 6561, 1009, 4097]


def time_numpy(a, reps, min_s):
    fn = np.fft.fft
    for _ in range(3):
        fn(a)
    t0 = time.perf_counter()
    fn(a)
    one = time.perf_counter() - t0
    batch = max(1, int(min_s / one)) if one > 0 else 1000
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(batch):
            fn(a)
        samples.append((time.perf_counter() - t0) / batch)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", help="path of bench_fft (omit: numpy only)")
    ap.add_argument("--lines", type=int, default=64)
    ap.add_argument("--reps", type=int, default=21)
    ap.add_argument("--min-ms", type=float, default=20)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--length", type=int, action="append")
    args = ap.parse_args()
    lengths = args.length or LENGTHS
    rng = np.random.default_rng(42)
    best = {}  # (length, dtype, who) -> seconds
    for _ in range(args.rounds):
        for n in lengths:
            if args.bench:
                out = subprocess.run([args.bench, "--lines", str(args.lines), "--reps",
                                      str(args.reps), "--min-ms", str(args.min_ms),
                                      "--length", str(n)],
                                     check=True, capture_output=True, text=True).stdout
                for line in out.splitlines():
                    r = json.loads(line)
                    print(json.dumps(dict(r, peer="cxla")), flush=True)
                    key = (n, r["dtype"], "cxla")
                    best[key] = min(best.get(key, 1e30), r["median_us"] * 1e-6)
            for dtype, np_dtype in (("c128", np.complex128), ("c64", np.complex64)):
                a = (rng.uniform(-1, 1, (args.lines, n)) +
                     1j * rng.uniform(-1, 1, (args.lines, n))).astype(np_dtype)
                t = time_numpy(a, args.reps, args.min_ms * 1e-3)
                print(json.dumps({"bench": "fft", "peer": "numpy " + np.__version__, "length": n,
                                  "lines": args.lines, "dtype": dtype, "threads": 1,
                                  "median_us": round(t * 1e6, 2)}), flush=True)
                key = (n, dtype, "numpy")
                best[key] = min(best.get(key, 1e30), t)
    if not args.bench:
        return
    rows = []
    for n in lengths:
        for dtype in ("c128", "c64"):
            c, p = best[(n, dtype, "cxla")], best[(n, dtype, "numpy")]
            rows.append((n, dtype, c * 1e6, p * 1e6, c / p))
            print(json.dumps({"bench": "fft", "length": n, "lines": args.lines, "dtype": dtype,
                              "cxla_us": round(c * 1e6, 1), "numpy_us": round(p * 1e6, 1),
                              "ratio": round(c / p, 3)}), flush=True)
    print("\n| length | dtype | cxla us | numpy us | cxla/numpy |")
    print("|---:|---|---:|---:|---:|")
    for n, dtype, c, p, r in rows:
        print(f"| {n} | {dtype} | {c:.0f} | {p:.0f} | {r:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
