#!/usr/bin/python3
"""Peer measurements for bench/run_gemm_conv.sh, printed as JSON lines.

  peers.py gemm {numpy|torch} [--shape MxKxN ...] [--reps R] [--threads N] [--cpu-time]
  peers.py conv torch [--reps R] [--layer NAME ...] [--threads N] [--cpu-time]

GEMM: C = A @ B with out= (no allocation timed), float32, 2 threads.
Conv: torch.nn.functional.conv2d at batch 1 on the ResNet-50 layer shapes
(torch's default NCHW, and channels_last; the faster one is the peer), with
no_grad. Timing as in shared/bench/sgemm_bench.py: batches of calls of
>= 20 ms per sample, median over samples. --threads sets the peers' thread
count (default 2); --cpu-time adds the median process CPU time per call
(cpu_us, gflops_cpu), which with one thread is the time the library ran
whatever else the shared host did.
"""
import json
import os
import statistics
import sys
import time

GEMM_SHAPES = [(128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024),
               (2048, 2048, 2048), (128, 768, 768), (128, 768, 3072), (128, 3072, 768),
               (1, 768, 768), (1, 1024, 1024), (1, 2048, 2048), (1, 4096, 4096),
               (8, 768, 768), (8, 1024, 1024), (8, 2048, 2048), (8, 4096, 4096)]

# ResNet-50 v1.5 convolutions at batch 1, 224x224 input:
# name, Cin, H(=W) of the input, Cout, kernel, stride (padding = kernel // 2).
RESNET50_CONVS = [
    ("conv1", 3, 224, 64, 7, 2),
    ("l1_1x1_reduce", 64, 56, 64, 1, 1),
    ("l1_3x3", 64, 56, 64, 3, 1),
    ("l1_1x1_expand", 64, 56, 256, 1, 1),
    ("l1_1x1_in256", 256, 56, 64, 1, 1),
    ("l2_1x1_reduce_first", 256, 56, 128, 1, 1),
    ("l2_3x3_s2", 128, 56, 128, 3, 2),
    ("l2_down_1x1_s2", 256, 56, 512, 1, 2),
    ("l2_3x3", 128, 28, 128, 3, 1),
    ("l2_1x1_expand", 128, 28, 512, 1, 1),
    ("l2_1x1_reduce", 512, 28, 128, 1, 1),
    ("l3_1x1_reduce_first", 512, 28, 256, 1, 1),
    ("l3_3x3_s2", 256, 28, 256, 3, 2),
    ("l3_down_1x1_s2", 512, 28, 1024, 1, 2),
    ("l3_3x3", 256, 14, 256, 3, 1),
    ("l3_1x1_expand", 256, 14, 1024, 1, 1),
    ("l3_1x1_reduce", 1024, 14, 256, 1, 1),
    ("l4_1x1_reduce_first", 1024, 14, 512, 1, 1),
    ("l4_3x3_s2", 512, 14, 512, 3, 2),
    ("l4_down_1x1_s2", 1024, 14, 2048, 1, 2),
    ("l4_3x3", 512, 7, 512, 3, 1),
    ("l4_1x1_expand", 512, 7, 2048, 1, 1),
    ("l4_1x1_reduce", 2048, 7, 512, 1, 1),
]


CPU_TIME = False


def bench(fn, reps, min_s=0.02, warmup_s=1.0):
    # About a second of warm-up: on this VM a 2-thread process computes at
    # about half speed for its first ~0.15 s (the second vCPU waking up).
    end = time.perf_counter() + warmup_s
    for i in range(1000000):
        fn()
        if i >= 2 and time.perf_counter() > end:
            break
    t0 = time.perf_counter()
    fn()
    one = time.perf_counter() - t0
    batch = max(1, int(min_s / max(one, 1e-7)))
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter() - t0) / batch)
    med = statistics.median(samples)
    cpu = []
    if CPU_TIME:
        batch = max(1, int(min_s / max(med, 1e-7)))
        for _ in range(reps):
            t0 = time.process_time()
            for _ in range(batch):
                fn()
            cpu.append((time.process_time() - t0) / batch)
    return med, min(samples), max(samples), (statistics.median(cpu) if cpu else 0.0)


def cpu_fields(fl, cpu):
    if not cpu:
        return {}
    return {"cpu_us": round(cpu * 1e6, 1), "gflops_cpu": round(fl / cpu / 1e9, 1)}


def main():
    args = sys.argv[1:]
    what, lib = args[0], args[1]
    global CPU_TIME
    reps = 15
    threads = 2
    shapes = []
    layers = []
    i = 2
    while i < len(args):
        if args[i] == "--reps":
            reps = int(args[i + 1]); i += 2
        elif args[i] == "--threads":
            threads = int(args[i + 1]); i += 2
        elif args[i] == "--cpu-time":
            CPU_TIME = True; i += 1
        elif args[i] == "--shape":
            shapes.append(tuple(int(x) for x in args[i + 1].split("x"))); i += 2
        elif args[i] == "--layer":
            layers.append(args[i + 1]); i += 2
        else:
            raise SystemExit("unknown argument " + args[i])
    # OpenBLAS reads its thread count when it loads.
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    import numpy as np
    if lib == "torch":
        import torch
        torch.set_num_threads(threads)
    if what == "gemm":
        rng = np.random.default_rng(0)
        for (m, k, n) in shapes or GEMM_SHAPES:
            a = rng.standard_normal((m, k), dtype=np.float32)
            b = rng.standard_normal((k, n), dtype=np.float32)
            c = np.empty((m, n), dtype=np.float32)
            if lib == "numpy":
                fn = lambda: np.matmul(a, b, out=c)
            else:
                ta, tb, tc = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(c)
                fn = lambda: torch.matmul(ta, tb, out=tc)
            t, tmin, tmax, cpu = bench(fn, reps)
            fl = 2.0 * m * n * k
            rec = {"bench": "gemm", "impl": lib, "dtype": "f32", "m": m, "k": k, "n": n,
                   "threads": threads, "gflops_median": round(fl / t / 1e9, 1),
                   "gflops_min": round(fl / tmax / 1e9, 1),
                   "gflops_max": round(fl / tmin / 1e9, 1), "time_us": round(t * 1e6, 1)}
            rec.update(cpu_fields(fl, cpu))
            print(json.dumps(rec), flush=True)
    elif what == "conv":
        import torch.nn.functional as F
        for (name, cin, hw, cout, ks, st) in RESNET50_CONVS:
            if layers and name not in layers:
                continue
            x = torch.randn(1, cin, hw, hw)
            w = torch.randn(cout, cin, ks, ks)
            ho = (hw + 2 * (ks // 2) - ks) // st + 1
            fl = 2.0 * ho * ho * cout * cin * ks * ks
            best = None
            for fmt in ("nchw", "channels_last"):
                xx, ww = x, w
                if fmt == "channels_last":
                    xx = x.contiguous(memory_format=torch.channels_last)
                    ww = w.contiguous(memory_format=torch.channels_last)
                with torch.no_grad():
                    t, tmin, tmax, cpu = bench(lambda: F.conv2d(xx, ww, None, st, ks // 2), reps)
                rec = {"bench": "conv", "impl": "torch", "layer": name, "layout": fmt,
                       "threads": threads,
                       "gflops_median": round(fl / t / 1e9, 1), "time_us": round(t * 1e6, 1),
                       "gflops_min": round(fl / tmax / 1e9, 1), "gflops_max": round(fl / tmin / 1e9, 1)}
                rec.update(cpu_fields(fl, cpu))
                print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
