#!/usr/bin/python3
"""PyTorch timing of a model written by gen.py. Prints one JSON line.

  bench_torch.py DIR/NAME [--mode eager|ofi] [--threads 2] [--iterations 20] [--warmup 5]

Rebuilds the module from NAME.json's configuration and seed (as gen.py did),
checks that its output is NAME.ref.bin, and times forward calls under
torch.no_grad() with time.perf_counter. --mode ofi times
torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(...))), the
fastest torch configuration for ResNet-50 in ../shared/bench/RESULTS.md.
The caller sets the environment (run.py: OMP_WAIT_POLICY=PASSIVE for BERT,
OPENBLAS_CORETYPE=SkylakeX, OPENBLAS_L2_SIZE unset).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402


def quantile(sorted_s, q):  # nearest rank, as cxla bench
    i = min(max(int(np.ceil(q * len(sorted_s))) - 1, 0), len(sorted_s) - 1)
    return sorted_s[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--mode", choices=["eager", "ofi"], default="eager")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    a = ap.parse_args()
    import torch

    with open(a.base + ".json") as f:
        meta = json.load(f)
    cfg = meta["config"]
    argv = [meta["model"], "--seed", str(meta["seed"]), "--batch", str(cfg["batch"])]
    if meta["model"] == "bert":
        for k in ("layers", "hidden", "heads", "inter", "seq"):
            argv += [f"--{k}", str(cfg[k])]
    else:
        argv += ["--size", str(cfg["size"]), "--stages", str(cfg["stages"])]
    ga = gen_args(argv)
    torch.set_num_threads(a.threads)
    _, m, fwd, x, ref, _, _, _ = gen.build(ga)
    want = np.fromfile(a.base + ".ref.bin", dtype="<f4").reshape(ref.shape)
    rebuilt_diff = float(np.abs(ref.numpy() - want).max())
    f = fwd
    with torch.no_grad():
        if a.mode == "ofi":
            class Fwd(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.m = m

                def forward(self, t):
                    return fwd(t)

            f = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(Fwd().eval(), x)))
        y = f(x)
        diff = float((y - ref).abs().max())
        for _ in range(a.warmup):
            f(x)
        s, cpu = [], []
        for _ in range(a.iterations):
            c0 = time.process_time()  # the process's CPU time (all threads)
            t0 = time.perf_counter()
            f(x)
            s.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
    s.sort()
    cpu.sort()
    print(json.dumps({
        "engine": "torch" if a.mode == "eager" else "torch_ofi", "model": meta["name"], "version": torch.__version__,
        "threads": torch.get_num_threads(), "median_ms": quantile(s, 0.5), "p10_ms": quantile(s, 0.1),
        "p90_ms": quantile(s, 0.9), "iterations": a.iterations, "cpu_median_ms": quantile(cpu, 0.5), "max_abs_diff_vs_eager": diff,
        "rebuilt_vs_generated_max_abs_diff": rebuilt_diff,
        "env": {k: os.environ.get(k) for k in ("OMP_WAIT_POLICY", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
    }))


def gen_args(argv):
    import argparse as _ap

    p = _ap.ArgumentParser()
    p.add_argument("model")
    for k, d in (("seed", 0), ("batch", 1), ("layers", 12), ("hidden", 768), ("heads", 12), ("inter", 3072),
                 ("seq", 128), ("size", 224), ("stages", 4)):
        p.add_argument(f"--{k}", type=int, default=d)
    p.add_argument("--models-py")
    p.add_argument("--name")
    p.add_argument("--layout", default="nhwc")
    return p.parse_args(argv)


if __name__ == "__main__":
    main()
