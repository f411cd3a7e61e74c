#!/usr/bin/python3
"""Whole-model benchmarks: cxla against ONNX Runtime and PyTorch in one run.

  bench/models/run.py [--cxla build/cxla] [--models bert,resnet50[,resnet50_nchw]] [--rounds 3]
                      [--iterations 20] [--warmup 5] [--threads 2]
                      [--engines cxla,ort,torch,torch_ofi] [--out bench/models/out]
                      [--regen] [--no-check] [--raw FILE] [--config full|reduced|tiny]
                      [--cxla-weights args|bind|const]

Models: bert, resnet50 (NHWC), resnet50_nchw (the same ResNet-50 and weights
in PyTorch's NCHW layout, as a PyTorch export gives it). For each model,
gen.py writes (once per configuration and seed; --regen rewrites) the StableHLO module,
its weights (.npz), the input, PyTorch's output and the ONNX export, all from
the same seeded PyTorch module (../shared/bench/models.py). Then:

1. check: `cxla run` on the input and weights; max |cxla - torch| / max |torch|.
2. --rounds rounds; in each, every engine runs in its own process,
   one after the other (cxla, ORT, torch[, torch_ofi]), --warmup untimed
   calls then --iterations timed ones, so the engines share the host's
   state of those minutes (the host is shared and drifts by up to 2x):
   - cxla: `cxla bench --json --threads=N` (its compile_ms is a cold compile:
     a new process with no cache); the weights are arguments, or with
     --cxla-weights const constants of the module (gen.py --weights const, its
     bytecode form), as ONNX Runtime gets them (initializers), so constant
     kernels are packed once instead of per call; with --cxla-weights bind
     the weight arguments are bound at compile time (`--bind=@NAME.weights.npz`,
     the way an application serves an export whose weights are arguments),
     which compiles them in as constants;
   - ort: bench_ort.js (onnxruntime-node, CPU EP, opt=all, N intra-op threads);
   - torch: bench_torch.py eager (N threads: torch.set_num_threads and
     OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, since Debian's torch computes its
     GEMMs in OpenBLAS, whose pool set_num_threads leaves alone; OMP_WAIT_POLICY=PASSIVE for BERT,
     the default for ResNet-50, as ../shared/bench/RESULTS.md found best);
     torch_ofi: torch.jit.optimize_for_inference (ResNet-50 only by default).
   OPENBLAS_L2_SIZE is unset for every engine and OPENBLAS_CORETYPE is
   SkylakeX (OpenBLAS's AVX-512 kernels, for torch): unset, OpenBLAS 0.3.21
   does not recognize this Zen 5 and picks its SSE3 "Prescott" kernels
   (~65 GFLOP/s at 2048^3 on 2 threads against ~315 with SkylakeX).
3. One JSON line per (model, engine): the median over rounds of each round's
   median / p10 / p90, and for cxla `ratio_vs_ort` (median over rounds of the
   same-round ratio cxla/ORT) and its compile time; every engine also reports
   the process's CPU time per call (cpu_median_ms, all threads) and
   cpu_ratio_vs_ort: on a busy host, `--threads 1` CPU times are nearer the
   uncontended latency than wall times (ORT's and torch's worker threads spin,
   so with 2 threads their CPU time is not a latency). Every raw line goes to
   --raw (default OUT/raw.jsonl); a markdown table goes to stderr.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import check  # noqa: E402

PY = "/usr/bin/python3"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def uptime():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def env_for(engine, model, threads):
    e = dict(os.environ)
    e.pop("OPENBLAS_L2_SIZE", None)
    e["OPENBLAS_CORETYPE"] = "SkylakeX"
    # Debian's torch runs its GEMMs in OpenBLAS, whose own thread pool
    # torch.set_num_threads does not size: without these, "1 thread" torch
    # used both cores (CPU time twice the wall time, 2026-12-07).
    e["OPENBLAS_NUM_THREADS"] = str(threads)
    e["OMP_NUM_THREADS"] = str(threads)
    if engine == "torch" and model == "bert":
        e["OMP_WAIT_POLICY"] = "PASSIVE"
    return e


def run_json(cmd, env, timeout):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode or not lines:
        return {"error": f"exit {p.returncode}: {p.stderr.strip()[-2000:]}", "cmd": " ".join(cmd)}
    return json.loads(lines[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cxla", default=os.path.join(ROOT, "build", "cxla"))
    ap.add_argument("--models", default="bert,resnet50")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--cxla-iterations", type=int, help="cxla's iterations and warmup, if not --iterations/--warmup "
                    "(for programs that take seconds per call while a lowering is missing)")
    ap.add_argument("--cxla-warmup", type=int)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--engines", default="cxla,ort,torch,torch_ofi")
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--regen", action="store_true")
    ap.add_argument("--config", choices=list(check.CONFIGS), default="full",
                    help="full: the benchmark models; tiny / reduced: smaller ones (check.py), to try the harness")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--cxla-weights", choices=["args", "bind", "const"], default="args",
                    help="cxla's weights: arguments (default), arguments bound at compile time "
                         "(--bind, packed once like constants) or constants of the module")
    ap.add_argument("--raw")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per engine process")
    a = ap.parse_args()
    engines = a.engines.split(",")
    models = a.models.split(",")
    os.makedirs(a.out, exist_ok=True)
    raw = open(a.raw or os.path.join(a.out, "raw.jsonl"), "a")

    def emit(obj, to_stdout=False):
        line = json.dumps(obj)
        raw.write(line + "\n")
        raw.flush()
        if to_stdout:
            print(line, flush=True)
        else:
            log(line)

    emit({"run": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "loadavg_start": uptime(),
          "cxla": a.cxla, "config": a.config, "rounds": a.rounds, "iterations": a.iterations, "warmup": a.warmup,
          "threads": a.threads, "engines": engines, "cxla_weights": a.cxla_weights})
    bases = {}
    for model in models:
        log(f"generating {model} (unless already there) ...")
        extra = ["--onnx"] + ([] if a.regen else ["--skip-existing"])
        if a.cxla_weights == "const":
            extra += ["--weights", "both", "--cxla", a.cxla]
        bases[model] = check.generate(model, check.CONFIGS[a.config][model], a.out, extra)
        if not a.no_check and "cxla" in engines:
            try:
                y, dt = check.cxla_output(a.cxla, bases[model], threads=a.threads, timeout=a.timeout)
                import numpy as np

                r = check.compare(y, np.load(bases[model] + ".ref.npy"))
                emit({"check": os.path.basename(bases[model]), "engine": "cxla", "vs": "torch",
                      "seconds": round(dt, 3), **r}, True)
            except Exception as e:  # noqa: BLE001 - reported, the timing still runs
                emit({"check": os.path.basename(bases[model]), "engine": "cxla", "error": str(e)[-2000:]}, True)

    results = {}  # (model, engine) -> [round results]
    for r in range(1, a.rounds + 1):
        for model in models:
            base = bases[model]
            for eng in engines:
                if eng == "torch_ofi" and model == "bert":
                    continue  # no faster than eager for BERT (../shared/bench/RESULTS.md)
                if eng == "cxla":
                    if a.cxla_weights == "const":
                        inputs = [base + (".const.mlirbc" if os.path.exists(base + ".const.mlirbc")
                                          else ".const.mlir"), f"--input=@{base}.input.npy"]
                    else:
                        weights = "--bind" if a.cxla_weights == "bind" else "--input"
                        inputs = [base + ".mlir", f"--input=@{base}.input.npy", f"{weights}=@{base}.weights.npz"]
                    cmd = [a.cxla, "bench", *inputs, f"--threads={a.threads}",
                           f"--iterations={a.cxla_iterations or a.iterations}",
                           f"--warmup={a.warmup if a.cxla_warmup is None else a.cxla_warmup}", "--json"]
                elif eng == "ort":
                    cmd = ["node", os.path.join(HERE, "bench_ort.js"), base, "--threads", str(a.threads),
                           "--iterations", str(a.iterations), "--warmup", str(a.warmup)]
                elif eng in ("torch", "torch_ofi"):
                    cmd = [PY, os.path.join(HERE, "bench_torch.py"), base, "--threads", str(a.threads),
                           "--iterations", str(a.iterations), "--warmup", str(a.warmup),
                           "--mode", "eager" if eng == "torch" else "ofi"]
                else:
                    raise SystemExit(f"unknown engine {eng}")
                load = uptime()
                t0 = time.time()
                try:
                    res = run_json(cmd, env_for(eng, model, a.threads), a.timeout)
                except subprocess.TimeoutExpired:
                    res = {"error": f"timeout after {a.timeout} s", "cmd": " ".join(cmd)}
                res.update({"round": r, "model": model, "engine": eng, "loadavg": load,
                            "wall_s": round(time.time() - t0, 2)})
                emit(res)
                results.setdefault((model, eng), []).append(res)

    def med(xs):
        xs = [x for x in xs if x is not None]
        return statistics.median(xs) if xs else None

    table = []
    for model in models:
        ort_by_round = {x["round"]: x.get("median_ms") for x in results.get((model, "ort"), [])}
        for eng in engines:
            rs = results.get((model, eng))
            if not rs:
                continue
            ok = [x for x in rs if "median_ms" in x]
            s = {"model": model, "engine": eng, "rounds": len(ok),
                 "iterations": (a.cxla_iterations or a.iterations) if eng == "cxla" else a.iterations,
                 "threads": a.threads,
                 "median_ms": med([x["median_ms"] for x in ok]), "p10_ms": med([x["p10_ms"] for x in ok]),
                 "p90_ms": med([x["p90_ms"] for x in ok]),
                 "round_medians_ms": [round(x["median_ms"], 3) for x in ok],
                 "cpu_median_ms": med([x.get("cpu_median_ms") for x in ok])}
            errs = [x["error"] for x in rs if "error" in x]
            if errs:
                s["errors"] = errs[:1]
            if eng == "cxla":
                s["compile_ms"] = med([x.get("compile_ms") for x in ok])
                s["peak_rss_mb"] = med([x.get("peak_rss_mb") for x in ok])
            if ok and ort_by_round:
                ratios = [x["median_ms"] / ort_by_round[x["round"]] for x in ok if ort_by_round.get(x["round"])]
                if ratios:
                    s["ratio_vs_ort"] = med(ratios)
            ort_cpu = {x["round"]: x.get("cpu_median_ms") for x in results.get((model, "ort"), [])}
            cr = [x["cpu_median_ms"] / ort_cpu[x["round"]] for x in ok
                  if x.get("cpu_median_ms") and ort_cpu.get(x["round"])]
            if cr:
                s["cpu_ratio_vs_ort"] = med(cr)
            emit(s, True)
            table.append(s)
    emit({"run_end": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "loadavg_end": uptime()})
    log("\n| model | engine | median ms | p10 | p90 | x ORT (same rounds) | CPU ms/call | CPU x ORT | compile ms |")
    log("|---|---|---|---|---|---|---|---|---|")
    f = lambda v, p=2: "-" if v is None else f"{v:.{p}f}"  # noqa: E731
    for s in table:
        log(f"| {s['model']} | {s['engine']} | {f(s['median_ms'])} | {f(s['p10_ms'])} | {f(s['p90_ms'])} | "
            f"{f(s.get('ratio_vs_ort'))} | {f(s.get('cpu_median_ms'))} | {f(s.get('cpu_ratio_vs_ort'))} | "
            f"{f(s.get('compile_ms'), 0)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
