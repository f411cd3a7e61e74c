#!/usr/bin/python3
"""BERT-base (PyTorch's export in the conformance corpus) compiled from Python.

    PYTHONPATH=python CXLA_LIBRARY=build/libcxla.so /usr/bin/python3 \\
        python/examples/bert_latency.py [--iterations=20] [--threads=N] [--check]

`pt_bert.mlir` takes its 199 weight tensors, a position-id buffer and three
[1, 7] token inputs (ids, token types, attention mask) as arguments (203 in
all). The weights here are random (normal, standard deviation 0.02, as BERT
initializes them; vectors, i.e. biases and layer-norm
scales, 1): bound with ``bind=``, which compiles them in as constants (GEMM
weights packed once), so that each call passes only the three token inputs. Prints the compile time and the
median, 10th and 90th percentile latency of a call; ``--check`` also runs the
reference interpreter once and compares.
"""
import argparse
import os
import time

import numpy as np

import cxla

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MODEL = os.path.join(HERE, os.pardir, os.pardir, os.pardir, "shared",
                             "conformance", "models", "pt_bert.mlir")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", action="store_true",
                    help="compare one call with the reference interpreter")
    a = ap.parse_args()

    module = cxla.Module(a.model)
    rng = np.random.default_rng(a.seed)
    # The argument types, from the program (no compilation needed).
    arg_types = cxla.interpret(module).arg_types
    weights = []
    for t in arg_types[:-3]:
        if t.elem.dtype.kind == "i":   # the position-id buffer
            weights.append(np.arange(np.prod(t.shape), dtype=t.elem.dtype)
                           .reshape(t.shape))
        elif len(t.shape) == 1:        # layer-norm scales and biases: ones
            weights.append(np.ones(t.shape, np.float32))
        else:
            weights.append((rng.standard_normal(t.shape) * 0.02)
                           .astype(np.float32))
    t0 = time.perf_counter()
    bert = cxla.compile(module, threads=a.threads, bind=weights)
    compile_s = time.perf_counter() - t0

    seq = arg_types[-1].shape
    ids = rng.integers(0, 30522, size=seq, dtype=np.int32)
    token_types = np.zeros(seq, np.int32)
    mask = np.ones(seq, np.int32)
    inputs = (ids, token_types, mask)
    hidden, pooled = bert(*inputs)  # warm-up
    times = []
    for _ in range(a.iterations):
        t = time.perf_counter()
        bert(*inputs)
        times.append(time.perf_counter() - t)
    times = np.array(times) * 1e3
    print("pt_bert: %d arguments (%d bound), compiled in %.2f s"
          % (len(arg_types), len(weights), compile_s))
    print("outputs: %s %s, %s %s, finite: %s"
          % (hidden.shape, hidden.dtype, pooled.shape, pooled.dtype,
             bool(np.isfinite(hidden).all() and np.isfinite(pooled).all())))
    print("latency over %d calls (threads=%s): median %.2f ms, p10 %.2f ms, "
          "p90 %.2f ms" % (a.iterations, a.threads or "all",
                           np.median(times), np.percentile(times, 10),
                           np.percentile(times, 90)))
    if a.check:
        ref = cxla.interpret(module)(*weights, *inputs)
        for name, got, want in zip(("hidden", "pooled"), (hidden, pooled), ref):
            err = float(np.max(np.abs(got - want)) /
                        max(float(np.max(np.abs(want))), 1e-30))
            print("%s: max |compiled - interpreted| / max |interpreted| = %.2e"
                  % (name, err))
            if not err < 1e-4:
                raise SystemExit("compiled and interpreted results differ")


if __name__ == "__main__":
    main()
