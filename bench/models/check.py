#!/usr/bin/python3
"""Numerical check of the generated models: cxla's compiled code (and, with
--interpret, the reference interpreter) against PyTorch on the same weights
and input. Prints one JSON line per (model, engine); exit status 1 when an
error exceeds --tol (max |cxla - torch| / max |torch|).

  check.py --cxla build/cxla [--config tiny|reduced|full] [--model bert|resnet50|resnet50_nchw|all]
           [--interpret] [--tol 1e-4] [--out DIR] [--threads 2]

Configurations: tiny (BERT 1 layer, hidden 64, 4 heads, 128, seq 16;
ResNet-50 stem + layer1 at 32x32: a test takes seconds), reduced (BERT 1 layer
of BERT-base at seq 128; ResNet-50 stem + layer1 at 224x224: what the
interpreter can run in minutes), full (the benchmark models). Exit status 77
(a skipped test for ctest) when torch or models.py is missing.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

CONFIGS = {
    "tiny": {"bert": ["--layers", "1", "--hidden", "64", "--heads", "4", "--inter", "128", "--seq", "16"],
             "resnet50": ["--size", "32", "--stages", "1"]},
    "reduced": {"bert": ["--layers", "1"], "resnet50": ["--stages", "1"]},
    "full": {"bert": [], "resnet50": []},
}
# ResNet-50 as PyTorch lays it out (NCHW tensors, OIHW kernels), as a
# PyTorch export gives it: the same model and weights as "resnet50" (NHWC).
for _cfg in CONFIGS.values():
    _cfg["resnet50_nchw"] = _cfg["resnet50"] + ["--layout", "nchw"]
MODELS = ["bert", "resnet50", "resnet50_nchw"]


def gen_model(model):
    """gen.py's model for a model name of CONFIGS."""
    return "resnet50" if model == "resnet50_nchw" else model


def generate(model, cfg_args, out, extra=()):
    """Runs gen.py in a subprocess; returns DIR/NAME of the files it wrote."""
    cmd = [sys.executable, os.path.join(HERE, "gen.py"), gen_model(model), "--out", out, *cfg_args, *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stderr}")
    info = json.loads(p.stdout.strip().splitlines()[-1])
    return os.path.join(out, info["generated"])


def cxla_output(cxla, base, interpret=False, threads=2, timeout=None):
    """Runs @main on the model's input and weights; returns (output, seconds)."""
    with tempfile.TemporaryDirectory() as td:
        o = os.path.join(td, "out.npy")
        cmd = [cxla, "run", base + ".mlir", f"--input=@{base}.input.npy", f"--input=@{base}.weights.npz",
               f"--output=@{o}"]
        cmd += ["--interpret"] if interpret else [f"--threads={threads}"]
        t0 = time.time()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        dt = time.time() - t0
        if p.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-4000:]}")
        return np.load(o), dt


def compare(y, ref):
    y = np.asarray(y, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if y.shape != ref.shape:
        return {"shape_mismatch": [list(y.shape), list(ref.shape)], "max_rel_diff": float("inf")}
    d = np.abs(y - ref)
    scale = float(np.abs(ref).max()) or 1.0
    return {"max_abs_diff": float(d.max()), "max_rel_diff": float(d.max()) / scale,
            "mean_abs_diff": float(d.mean()), "ref_abs_max": scale, "finite": bool(np.isfinite(y).all())}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cxla", default=os.path.join(HERE, "..", "..", "build", "cxla"))
    ap.add_argument("--config", choices=list(CONFIGS), default="tiny")
    ap.add_argument("--model", choices=MODELS + ["all"], default="all")
    ap.add_argument("--interpret", action="store_true")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", help="where the generated files go (default: a temporary directory)")
    a = ap.parse_args()
    try:
        import torch  # noqa: F401 - gen.py needs it; without it there is nothing to compare with
        import gen

        gen.load_models_py(None)
    except (ImportError, OSError) as e:
        print(f"check.py: skipped: {e} (bench/install-peers.sh installs python3-torch; the models come "
              "from ../shared/bench/models.py or $CXLA_MODELS_PY)", file=sys.stderr)
        return 77
    models = MODELS if a.model == "all" else [a.model]
    td = None
    out = a.out
    if not out:
        td = tempfile.TemporaryDirectory()
        out = td.name
    bad = 0
    for model in models:
        base = generate(model, CONFIGS[a.config][model], out)
        ref = np.load(base + ".ref.npy")
        engines = [("cxla", False)] + ([("cxla_interpret", True)] if a.interpret else [])
        outs = {}
        for name, interp in engines:
            y, dt = cxla_output(a.cxla, base, interp, a.threads)
            outs[name] = y
            r = {"check": os.path.basename(base), "config": a.config, "engine": name, "vs": "torch",
                 "seconds": round(dt, 3), **compare(y, ref)}
            ok = r["finite"] and r["max_rel_diff"] <= a.tol
            r["ok"] = ok
            bad += not ok
            print(json.dumps(r), flush=True)
        if a.interpret:
            r = {"check": os.path.basename(base), "config": a.config, "engine": "cxla", "vs": "cxla_interpret",
                 **compare(outs["cxla"], outs["cxla_interpret"])}
            r["ok"] = r["max_rel_diff"] <= a.tol
            bad += not r["ok"]
            print(json.dumps(r), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
