#!/usr/bin/python3
"""Every performance target of cxla against its peer, measured in one run.

  bench/targets.py [--cxla build/cxla] [--out DIR] [--rounds 3] [--iterations 20]
                   [--only models,elementwise,small,compile,gemm] [--weights bind,const]
                   [--cache-dir DIR]

Each section runs cxla and the peer one after the other, in --rounds rounds,
so that both see the same minutes of this shared host, and reports medians
and the ratio of the same run:

  models       BERT-base encoder and ResNet-50 (bench/models/run.py: cxla, ONNX
               Runtime, PyTorch on the same weights and input) at 1 and 2
               threads, for each --weights mode: latency ratio to ORT (target
               <= 0.8), thread scaling 1 -> 2 (>= 1.8), peak RSS against the
               weights + 1.25x the buffer plan's arena (cxla's own process
               baseline, the RSS of a one-op program, is subtracted and shown)
  elementwise  tanh(a*x+b) * logistic(x) over 16M f32 against the hand-fused C
               loop of ../shared/bench/elementwise_c.c (gcc -O3 -ffast-math,
               libmvec, OpenMP; target >= 90% of its speed), numpy and torch
  small        one add of 4 floats per call (<= 1 us) and a chain of 100 ops
               (<= 10 us): elementwise ops, which fuse into one kernel, and
               dot_generals, which run as 100 GEMM routine calls
  compile      BERT-base compile time, cold (<= 1 s) and with the persistent
               cache holding it (<= 50 ms; needs `cxla bench --cache-dir`)
  gemm         dot_general through `cxla bench` against numpy/OpenBLAS with its
               best kernel on the issue's shapes (>= 1.0x): OPENBLAS_L2_SIZE
               unset; OPENBLAS_CORETYPE unset, SkylakeX and Cooperlake are tried
               once per shape and the fastest is used (unset, OpenBLAS 0.3.21
               takes this Zen 5 for a "Prescott" and runs SSE3 kernels); each
               round is the median of --gemm-processes processes per side,
               alternating, since a vCPU is at times slower for a whole process

One JSON line per measurement goes to OUT/raw.jsonl (the first one also names
the machine: CPU, family and model, CPUs, L2); one line per target with
"met": true/false to stdout and OUT/targets.jsonl; the machine line and the
markdown table to stderr and OUT/table.md. Timings are medians of per-round
medians.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")
PY = "/usr/bin/python3"

# The peers (numpy, torch) are Debian's, installed for /usr/bin/python3: run
# under another interpreter (`python3 bench/targets.py` with a pyenv or venv
# first on PATH), the models section died on `import numpy` half-way through
# a 17-minute run. Start over under Debian's instead.
if os.path.realpath(sys.executable) != os.path.realpath(PY) and os.path.exists(PY):
    try:
        import numpy  # noqa: F401
    except ImportError:
        os.execv(PY, [PY] + sys.argv)
MODELS_OUT = os.path.join(HERE, "models", "out")
GEMM_SHAPES = [(2048, 2048, 2048), (128, 768, 768), (128, 768, 3072), (128, 3072, 768),
               (8, 4096, 4096)]  # M, K, N


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    """What the ratios were measured on: the CPU as /proc/cpuinfo names it (the
    same binary's ratios differ between, say, a Zen 5 and a Zen 4 host, whose
    512-bit FMAs run at half the rate), the CPUs, and the per-core L2."""
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" not in line:
                    if info:
                        break  # the first processor is enough
                    continue
                k, v = (x.strip() for x in line.split(":", 1))
                if k in ("vendor_id", "cpu family", "model", "model name") and k not in info:
                    info[k] = v
                if k == "flags" and "flags" not in info:
                    info["flags"] = " ".join(x for x in v.split() if x in ("avx2", "avx512f", "avx512_bf16"))
    except OSError:
        pass
    m = {"cpu": info.get("model name", "?"), "vendor": info.get("vendor_id", "?"),
         "family": info.get("cpu family", "?"), "model": info.get("model", "?"),
         "isa": info.get("flags", ""), "cpus": os.cpu_count()}
    try:
        with open("/sys/devices/system/cpu/cpu0/cache/index2/size") as f:
            m["l2"] = f.read().strip()
    except OSError:
        pass
    return m


def machine_line(m):
    amd = {"25": "Zen 3/4", "26": "Zen 5"}.get(m["family"]) if m["vendor"] == "AuthenticAMD" else None
    return (f"Machine: {m['cpu']} ({m['vendor']} family {m['family']} model {m['model']}"
            + (f", {amd}" if amd else "") + f"), {m['cpus']} CPUs, L2 {m.get('l2', '?')} per core, "
            + f"{m['isa'] or 'no AVX2'}")


def peer_env(coretype="SkylakeX"):
    """OpenBLAS with its AVX-512 kernels (None: the core type it detects)."""
    e = dict(os.environ)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        e.pop(k, None)
    if coretype:
        e["OPENBLAS_CORETYPE"] = coretype
    return e


def run(cmd, env=None, timeout=3600):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    if p.returncode:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()[-1500:]}")
    return p.stdout


def json_lines(text):
    return [json.loads(ln) for ln in text.splitlines() if ln.startswith("{")]


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


class Report:
    def __init__(self, out):
        self.raw = open(os.path.join(out, "raw.jsonl"), "a")
        self.targets = []
        self.out = out
        self.machine = machine()

    def record(self, obj):
        obj = dict(obj, loadavg=loadavg())
        self.raw.write(json.dumps(obj) + "\n")
        self.raw.flush()
        return obj

    def target(self, name, measured, goal, met, **detail):
        t = {"target": name, "measured": measured, "goal": goal,
             "met": None if met is None else bool(met), **detail}
        self.targets.append(t)
        print(json.dumps(t), flush=True)

    def finish(self):
        with open(os.path.join(self.out, "targets.jsonl"), "w") as f:
            for t in self.targets:
                f.write(json.dumps(t) + "\n")
        lines = [machine_line(self.machine), "", "| target | goal | measured | met |", "|---|---|---|---|"]
        for t in self.targets:
            met = {True: "**met**", False: "**missed**", None: "not measured"}[t["met"]]
            lines.append(f"| {t['target']} | {t['goal']} | {t['measured']} | {met} |")
        table = "\n".join(lines)
        with open(os.path.join(self.out, "table.md"), "w") as f:
            f.write(table + "\n")
        log("\n" + table)


def cxla_bench(a, args, threads, iterations, warmup=3):
    cmd = [a.cxla, "bench", *args, f"--threads={threads}", f"--iterations={iterations}",
           f"--warmup={warmup}", "--json"]
    return json_lines(run(cmd))[-1]


# ---- models ---------------------------------------------------------------------------

def arena_bytes(a, program):
    text = run([a.cxla, "opt", "--compile-to=lower", program])
    m = re.search(r"(\d+) bytes of scratch arena", text)
    return int(m.group(1)) if m else None


def weights_bytes(npz):
    import numpy as np

    with np.load(npz) as z:
        return sum(z[k].nbytes for k in z.files)


def section_models(a, rep):
    base_rss = cxla_bench(a, [os.path.join(HERE, "programs", "add4.mlir"), "--random-inputs"], 1,
                          10)["peak_rss_mb"]
    rep.record({"section": "models", "baseline_rss_mb": base_rss})
    runs = {}  # (model, weights, threads) -> {engine: summary}
    for weights in a.weights:
        for threads in (1, 2):
            cmd = [PY, os.path.join(HERE, "models", "run.py"), "--cxla", a.cxla,
                   "--models", "bert,resnet50,resnet50_nchw", "--threads", str(threads), "--rounds", str(a.rounds),
                   "--iterations", str(a.iterations), "--warmup", "5", "--cxla-weights", weights,
                   "--engines", "cxla,ort,torch", "--no-check",
                   "--raw", os.path.join(a.out, f"models_{weights}_t{threads}.jsonl")]
            log(f"models: weights {weights}, {threads} thread(s) ...")
            for s in json_lines(run(cmd)):
                if "engine" in s and "rounds" in s:
                    rep.record(dict(s, section="models", weights=weights))
                    runs.setdefault((s["model"], weights, threads), {})[s["engine"]] = s
    # ResNet-50 twice: NHWC, and NCHW as a PyTorch export lays it out.
    for model, label, name in (("bert", "BERT-base, seq 128", "bert_l12_h768_s128_b1"),
                               ("resnet50", "ResNet-50, 224x224", "resnet50_s224_b1_nhwc"),
                               ("resnet50_nchw", "ResNet-50 NCHW, 224x224", "resnet50_s224_b1_nchw")):
        base = os.path.join(MODELS_OUT, name)
        for weights in a.weights:
            for threads in (1, 2):
                r = runs.get((model, weights, threads), {})
                c, o = r.get("cxla"), r.get("ort")
                if not c or not o or c.get("median_ms") is None or o.get("median_ms") is None:
                    rep.target(f"{label}, {threads} thread(s), weights {weights}: latency vs ORT",
                               "failed", "<= 0.8x ORT", None)
                    continue
                ratio = c.get("ratio_vs_ort") or c["median_ms"] / o["median_ms"]
                t = r.get("torch")
                rep.target(f"{label}, {threads} thread(s), weights {weights}: latency vs ORT",
                           f"{ratio:.2f}x (cxla {c['median_ms']:.1f} ms, ORT {o['median_ms']:.1f} ms"
                           + (f", torch {t['median_ms']:.1f} ms" if t and t.get("median_ms") else "") + ")",
                           "<= 0.8x ORT", ratio <= 0.8, ratio=ratio, cxla_ms=c["median_ms"],
                           ort_ms=o["median_ms"])
            c1 = runs.get((model, weights, 1), {}).get("cxla")
            c2 = runs.get((model, weights, 2), {}).get("cxla")
            if c1 and c2 and c1.get("median_ms") and c2.get("median_ms"):
                sc = c1["median_ms"] / c2["median_ms"]
                rep.target(f"{label}, weights {weights}: thread scaling 1 -> 2",
                           f"{sc:.2f}x ({c1['median_ms']:.1f} -> {c2['median_ms']:.1f} ms)", ">= 1.8x",
                           sc >= 1.8, scaling=sc)
            if c1 and c1.get("peak_rss_mb"):
                w = weights_bytes(base + ".weights.npz") / 2**20
                arena = arena_bytes(a, base + ".mlir") or 0
                limit = w + 1.25 * arena / 2**20
                net = c1["peak_rss_mb"] - base_rss
                rep.target(f"{label}, weights {weights}: peak memory",
                           f"{net:.0f} MB above the process baseline ({c1['peak_rss_mb']:.0f} MB peak RSS "
                           f"- {base_rss:.0f} MB); weights {w:.0f} MB, arena {arena / 2**20:.1f} MB",
                           f"<= weights + 1.25x arena = {limit:.0f} MB", net <= limit,
                           peak_rss_mb=c1["peak_rss_mb"], baseline_mb=base_rss, limit_mb=limit)


# ---- elementwise ----------------------------------------------------------------------

def section_elementwise(a, rep):
    tmp = tempfile.mkdtemp(prefix="cxla-elementwise-")
    exe = os.path.join(tmp, "elementwise_c")
    run(["gcc", "-O3", "-march=native", "-ffast-math", "-fopenmp",
         os.path.join(SHARED, "elementwise_c.c"), "-o", exe, "-lm"])
    program = os.path.join(HERE, "programs", "elementwise_chain.mlir")
    for threads in (1, 2):
        cx, c = [], []
        for _ in range(a.rounds):
            r = cxla_bench(a, [program, "--random-inputs"], threads, a.iterations)
            cx.append(rep.record(dict(r, section="elementwise", engine="cxla"))["median_ms"])
            env = dict(os.environ, OMP_NUM_THREADS=str(threads))
            out = run([exe, str(a.iterations)], env=env)
            ms = float(re.search(r"median ([0-9.]+) ms", out).group(1))
            c.append(ms)
            rep.record({"section": "elementwise", "engine": "c_fused", "threads": threads, "median_ms": ms})
        peers = {}
        try:
            with tempfile.NamedTemporaryFile(suffix=".json") as f:
                run([PY, os.path.join(SHARED, "elementwise.py"), "--threads", str(threads), "--runs",
                     str(a.iterations), "--json", f.name], env=peer_env())
                res = json.load(open(f.name))["results"]
            for k in ("numpy_out", "torch_eager_out"):
                if k in res and "ms_median" in res[k]:
                    peers[k] = res[k]["ms_median"]
            rep.record({"section": "elementwise", "engine": "peers", "threads": threads, **peers})
        except Exception as e:  # noqa: BLE001 - the target does not depend on them
            log(f"elementwise peers: {e}")
        mc, mcx = med(c), med(cx)
        share = mc / mcx
        gbs = 2 * 16 * 2**20 * 4 / 1e9 / (mcx / 1e3)
        rep.target(f"tanh(a*x+b)*logistic(x), 16M f32, {threads} thread(s)",
                   f"{share * 100:.0f}% of the C loop (cxla {mcx:.2f} ms = {gbs:.1f} GB/s, C {mc:.2f} ms"
                   + "".join(f", {k} {v:.1f} ms" for k, v in peers.items()) + ")",
                   ">= 90% of the hand-fused C loop", share >= 0.9, share=share)
    shutil.rmtree(tmp, ignore_errors=True)


# ---- small programs -------------------------------------------------------------------

def section_small(a, rep):
    for name, label, goal_us in (("add4", "one add of 4 floats, per call", 1.0),
                                 ("chain100", "a chain of 100 ops on 4 floats (fused), per call", 10.0),
                                 ("dot100", "a chain of 100 dot_generals of 2x2 (100 steps), per call",
                                  10.0)):
        us = []
        for _ in range(a.rounds):
            r = cxla_bench(a, [os.path.join(HERE, "programs", name + ".mlir"), "--random-inputs"], 1,
                           100000, 1000)
            us.append(rep.record(dict(r, section="small"))["median_ms"] * 1e3)
        m = med(us)
        rep.target(label, f"{m:.3f} us", f"<= {goal_us:g} us", m <= goal_us, us=m)


# ---- compile time ---------------------------------------------------------------------

def section_compile(a, rep):
    base = os.path.join(MODELS_OUT, "bert_l12_h768_s128_b1")
    args = [base + ".mlir", f"--input=@{base}.input.npy", f"--input=@{base}.weights.npz"]
    cold = [rep.record(dict(cxla_bench(a, args, 1, 1, 0), section="compile", cache="none"))["compile_ms"]
            for _ in range(a.rounds)]
    m = med(cold)
    rep.target("BERT-base compile, cold", f"{m:.0f} ms", "<= 1000 ms", m <= 1000, compile_ms=m)
    cache = a.cache_dir or tempfile.mkdtemp(prefix="cxla-cache-")
    try:
        warm = []
        for i in range(a.rounds + 1):
            r = cxla_bench(a, args + [f"--cache-dir={cache}"], 1, 1, 0)
            rep.record(dict(r, section="compile", cache=r.get("cache", "dir")))
            if i:  # the first call fills the cache
                warm.append(r["compile_ms"])
        m = med(warm)
        rep.target("BERT-base compile, persistent cache holding it", f"{m:.1f} ms", "<= 50 ms", m <= 50,
                   compile_ms=m)
    except RuntimeError as e:
        rep.target("BERT-base compile, persistent cache holding it", f"not measured ({str(e)[-200:]})",
                   "<= 50 ms", None)
    finally:
        if not a.cache_dir:
            shutil.rmtree(cache, ignore_errors=True)


# ---- GEMM -----------------------------------------------------------------------------

def section_gemm(a, rep):
    tmp = tempfile.mkdtemp(prefix="cxla-gemm-")
    try:
        for m, k, n in GEMM_SHAPES:
            path = os.path.join(tmp, f"dot_{m}x{k}x{n}.mlir")
            with open(path, "w") as f:
                f.write(f"func.func @main(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32> {{\n"
                        f"  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] :"
                        f" (tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32>\n"
                        f"  return %0 : tensor<{m}x{n}xf32>\n}}\n")
            flops = 2.0 * m * n * k
            iters = max(10, min(200, int(2e10 / flops)))
            # About a second of warm-up calls: on this VM a 2-thread process
            # computes at about half speed for its first ~0.15 s (the second
            # vCPU waking up), so a few warm-up calls left the timed ones in it.
            warmup = max(3, int(1e12 / flops))
            def numpy_gflops(core):
                out = run([PY, os.path.join(HERE, "peers.py"), "gemm", "numpy", "--shape",
                           f"{m}x{k}x{n}", "--threads", "2", "--reps", "15"], env=peer_env(core))
                rec = rep.record(dict(json_lines(out)[-1], section="gemm",
                                      openblas_coretype=core or "unset"))
                return rec["gflops_median"]

            # OpenBLAS's best core type for this shape, tried once each.
            core = max((None, "SkylakeX", "Cooperlake"), key=numpy_gflops)
            # A vCPU of this VM is at times slower for a whole process, so each
            # round takes the median of several processes per side, alternating.
            cx, npy = [], []
            for _ in range(a.rounds):
                rc, rn = [], []
                for _ in range(a.gemm_processes):
                    r = rep.record(dict(cxla_bench(a, [path, "--random-inputs"], 2, iters, warmup),
                                        section="gemm", m=m, k=k, n=n))
                    rc.append(flops / (r["median_ms"] / 1e3) / 1e9)
                    rn.append(numpy_gflops(core))
                cx.append(med(rc))
                npy.append(med(rn))
            c, p = med(cx), med(npy)
            rep.target(f"dot_general {m}x{k}x{n} (M x K x N), 2 threads", f"{c / p:.2f}x numpy "
                       f"({c:.0f} vs {p:.0f} GFLOP/s, OpenBLAS {core or 'detected'} kernels)", ">= 1.0x numpy/OpenBLAS (best kernel)", c / p >= 1.0, ratio=c / p)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


SECTIONS = {"models": section_models, "elementwise": section_elementwise, "small": section_small,
            "compile": section_compile, "gemm": section_gemm}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cxla", default=os.path.join(ROOT, "build", "cxla"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "targets-" + time.strftime("%Y-%m-%d")))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--weights", default="bind,const", help="model weight modes (run.py --cxla-weights)")
    ap.add_argument("--cache-dir", help="the compile cache to use (default: a fresh temporary one)")
    ap.add_argument("--gemm-processes", type=int, default=3,
                    help="processes per side and round in the GEMM section (median of them)")
    a = ap.parse_args()
    a.cxla = os.path.abspath(a.cxla)
    a.weights = a.weights.split(",")
    os.makedirs(a.out, exist_ok=True)
    rep = Report(a.out)
    rep.record({"run": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "cxla": a.cxla,
                "rounds": a.rounds, "iterations": a.iterations, "sections": a.only,
                "machine": rep.machine})
    log(machine_line(rep.machine))
    for name in a.only.split(","):
        log(f"== {name}")
        try:
            SECTIONS[name](a, rep)
        except Exception as e:  # noqa: BLE001 - one broken section does not hide the others
            log(f"{name}: {e}")
            rep.target(f"{name} section", f"failed: {str(e)[-300:]}", "-", None)
    rep.finish()


if __name__ == "__main__":
    main()
