#!/usr/bin/python3
"""Where cxla's time goes in the benchmark models, by timing their parts.

  bench/models/profile_parts.py [--cxla build/cxla] [--model bert|resnet50] [--iterations 20]
                          [--threads 2] [--out DIR] [--whole DIR/NAME]

cxla has no per-step profiler yet, so each part of one BERT-base layer (seq
128) and each distinct ResNet-50 convolution is written as its own StableHLO
function at the model's shapes (random weights, `cxla bench --random-inputs`)
and timed alone; a part's share is its time times the number of times the
model runs it, against the sum (by median wall time, p10 wall time and
median process CPU time; with --threads 1 on a busy host the CPU time is the
one to trust). `--whole` also lists the whole model's step
program (`cxla opt --compile-to=lower`): how many generated kernels, library
calls and copies, by the op each came from. JSON lines on stdout.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import stablehlo_emit as she  # noqa: E402

B, S, H, NH, I, EPS = 1, 128, 768, 12, 3072, 1e-12
D = H // NH


class Args(she.Module):
    """A module whose weights are plain arguments (shapes only)."""

    def __init__(self):
        super().__init__("args")

    def w(self, shape):
        v = she.Value(f"%arg{len(self.args)}", shape)
        self.args.append((v, None))
        return v


def linear(m, x, n_in, n_out, bias=True):
    y = m.dot_general(x, m.w([n_in, n_out]), ([], []), ([2], [0]), [B, S, n_out])
    return m.add(y, m.broadcast(m.w([n_out]), y.shape, [2])) if bias else y


def layer_norm(m, v):
    rows = [B, S]
    mean = m.div(m.reduce(v, [2], "add"), m.splat(H, rows))
    xc = m.sub(v, m.broadcast(mean, v.shape, [0, 1]))
    var = m.div(m.reduce(m.mul(xc, xc), [2], "add"), m.splat(H, rows))
    r = m.unary("rsqrt", m.add(var, m.splat(EPS, rows)))
    y = m.mul(xc, m.broadcast(r, v.shape, [0, 1]))
    return m.add(m.mul(y, m.broadcast(m.w([H]), v.shape, [2])), m.broadcast(m.w([H]), v.shape, [2]))


def softmax(m, s):
    mx = m.reduce(s, [3], "maximum")
    e = m.unary("exponential", m.sub(s, m.broadcast(mx, s.shape, [0, 1, 2])))
    return m.div(e, m.broadcast(m.reduce(e, [3], "add"), s.shape, [0, 1, 2]))


def gelu(m, h):
    g = m.erf(m.mul(h, m.splat(0.7071067811865476, h.shape)))
    return m.mul(m.mul(h, m.splat(0.5, h.shape)), m.add(g, m.splat(1.0, h.shape)))


def bert_parts():
    """(name, times per forward, builder) for one layer's parts, in model order."""
    def qkv(m):
        x = m.w([B, S, H])
        outs = [m.reshape(linear(m, x, H, H), [B, S, NH, D]) for _ in range(3)]
        # one result: the three kept alive by a cheap sum so none is dead code
        return m.add(m.add(outs[0], outs[1]), outs[2])

    def scores(m):
        q, k = m.w([B, S, NH, D]), m.w([B, S, NH, D])
        return m.dot_general(q, k, ([0, 2], [0, 2]), ([3], [3]), [B, NH, S, S])

    def scale_softmax(m):
        s = m.w([B, NH, S, S])
        return softmax(m, m.div(s, m.splat(8.0, s.shape)))

    def pv(m):
        p, v = m.w([B, NH, S, S]), m.w([B, S, NH, D])
        c = m.dot_general(p, v, ([0, 1], [0, 2]), ([3], [1]), [B, NH, S, D])
        return m.reshape(m.transpose(c, [0, 2, 1, 3]), [B, S, H])

    def out_ln(m):
        c, x = m.w([B, S, H]), m.w([B, S, H])
        return layer_norm(m, m.add(linear(m, c, H, H), x))

    def ffn1_gelu(m):
        return gelu(m, linear(m, m.w([B, S, H]), H, I))

    def ffn2_ln(m):
        h, a = m.w([B, S, I]), m.w([B, S, H])
        return layer_norm(m, m.add(linear(m, h, I, H), a))

    # The same parts without their elementwise / reduction work: GEMM alone.
    def gemm(k, n):
        return lambda m: m.dot_general(m.w([B, S, k]), m.w([k, n]), ([], []), ([2], [0]), [B, S, n])

    def ln_alone(m):
        return layer_norm(m, m.w([B, S, H]))

    def gelu_alone(m):
        return gelu(m, m.w([B, S, I]))

    def bias_add(m):
        x = m.w([B, S, I])
        return m.add(x, m.broadcast(m.w([I]), x.shape, [2]))

    def copy_heads(m):  # the transpose the PV result goes through
        c = m.w([B, NH, S, D])
        return m.reshape(m.transpose(c, [0, 2, 1, 3]), [B, S, H])

    parts = [("qkv_proj (3 GEMM 768x768 + bias + reshape)", 1, qkv),
             ("attn_scores (batched QK^T 12 x 128x64x128)", 1, scores),
             ("scale_softmax [1,12,128,128]", 1, scale_softmax),
             ("attn_pv (batched PV + transpose)", 1, pv),
             ("out_proj + residual + layernorm", 1, out_ln),
             ("ffn1 768x3072 + bias + gelu", 1, ffn1_gelu),
             ("ffn2 3072x768 + residual + layernorm", 1, ffn2_ln)]
    detail = [("gemm 128x768x768 alone", 4, gemm(H, H)),
              ("gemm 128x768x3072 alone", 1, gemm(H, I)),
              ("gemm 128x3072x768 alone", 1, gemm(I, H)),
              ("layernorm alone [1,128,768]", 2, ln_alone),
              ("gelu alone [1,128,3072]", 1, gelu_alone),
              ("bias add alone [1,128,3072]", 1, bias_add),
              ("heads transpose alone [1,12,128,64]", 1, copy_heads)]
    return parts, detail


RESNET_CONVS = [  # name, Cin, H in, Cout, k, stride, count in the model
    ("conv1 7x7/2 3->64 @224", 3, 224, 64, 7, 2, 1),
    ("1x1 64->64 @56", 64, 56, 64, 1, 1, 1),
    ("3x3 64->64 @56", 64, 56, 64, 3, 1, 3),
    ("1x1 64->256 @56", 64, 56, 256, 1, 1, 4),
    ("1x1 256->64 @56", 256, 56, 64, 1, 1, 2),
    ("1x1 256->128 @56", 256, 56, 128, 1, 1, 1),
    ("3x3/2 128->128 @56", 128, 56, 128, 3, 2, 1),
    ("1x1/2 256->512 @56", 256, 56, 512, 1, 2, 1),
    ("3x3 128->128 @28", 128, 28, 128, 3, 1, 3),
    ("1x1 128->512 @28", 128, 28, 512, 1, 1, 4),
    ("1x1 512->128 @28", 512, 28, 128, 1, 1, 3),
    ("1x1 512->256 @28", 512, 28, 256, 1, 1, 1),
    ("3x3/2 256->256 @28", 256, 28, 256, 3, 2, 1),
    ("1x1/2 512->1024 @28", 512, 28, 1024, 1, 2, 1),
    ("3x3 256->256 @14", 256, 14, 256, 3, 1, 5),
    ("1x1 256->1024 @14", 256, 14, 1024, 1, 1, 6),
    ("1x1 1024->256 @14", 1024, 14, 256, 1, 1, 5),
    ("1x1 1024->512 @14", 1024, 14, 512, 1, 1, 1),
    ("3x3/2 512->512 @14", 512, 14, 512, 3, 2, 1),
    ("1x1/2 1024->2048 @14", 1024, 14, 2048, 1, 2, 1),
    ("3x3 512->512 @7", 512, 7, 512, 3, 1, 2),
    ("1x1 512->2048 @7", 512, 7, 2048, 1, 1, 3),
    ("1x1 2048->512 @7", 2048, 7, 512, 1, 1, 2),
]


def resnet_parts(only=None):
    out = []
    for name, ci, h, co, k, s, n in RESNET_CONVS:
        if only and only not in name:
            continue
        p = k // 2
        ho = (h + 2 * p - k) // s + 1

        def build(m, ci=ci, h=h, co=co, k=k, s=s, p=p, ho=ho):
            return m.convolution(m.w([B, h, h, ci]), m.w([k, k, ci, co]), "nhwc", s, p, [B, ho, ho, co])
        flop = 2 * ho * ho * co * ci * k * k
        out.append((f"conv {name}", n, build, flop))
    return out


def bench(cxla, text, iterations, threads, td, idx):
    path = os.path.join(td, f"part{idx}.mlir")
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([cxla, "bench", path, "--random-inputs", f"--threads={threads}",
                        f"--iterations={iterations}", "--warmup=2", "--json"], capture_output=True, text=True)
    if p.returncode:
        return {"error": p.stderr.strip()[-500:]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def lower_summary(cxla, base):
    p = subprocess.run([cxla, "opt", "--compile-to=lower", base + ".mlir", f"--input=@{base}.input.npy",
                        f"--input=@{base}.weights.npz"], capture_output=True, text=True)
    steps = Counter()
    items = Counter()
    for ln in p.stdout.splitlines():
        m = re.match(r"\s*(kernel \d+ \[(\d+) items?\]|call routine \d+|copy)[ (].*// (\S+)", ln)
        if not m:
            continue
        kind = "kernel" if m.group(1).startswith("kernel") else m.group(1).split()[0]
        steps[f"{kind} <- {m.group(3)}"] += 1
        if m.group(2):
            items[int(m.group(2))] += 1
    head = p.stdout.splitlines()[0] if p.stdout else p.stderr[-300:]
    return {"whole": os.path.basename(base), "executable": head, "steps_by_origin": dict(steps.most_common()),
            "kernels_by_work_items": dict(sorted(items.items()))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cxla", default=os.path.join(HERE, "..", "..", "build", "cxla"))
    ap.add_argument("--model", choices=["bert", "resnet50"], default="bert")
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", help="resnet50: only convolutions whose name contains this")
    ap.add_argument("--whole", help="DIR/NAME of a generated model: also summarize its step program")
    a = ap.parse_args()
    if a.whole:
        print(json.dumps(lower_summary(a.cxla, a.whole)), flush=True)
    with tempfile.TemporaryDirectory() as td:
        if a.model == "bert":
            parts, detail = bert_parts()
            groups = [("layer part", [(n, c, f, None) for n, c, f in parts]),
                      ("detail", [(n, c, f, None) for n, c, f in detail])]
            per_model = 12
        else:
            groups = [("conv", resnet_parts(a.only))]
            per_model = 1
        for gname, items in groups:
            total = total10 = totalc = 0.0
            rows = []
            for i, (name, count, build, flop) in enumerate(items):
                m = Args()
                y = build(m)
                r = bench(a.cxla, m.text(y), a.iterations, a.threads, td, f"{gname}{i}")
                row = {"group": gname, "part": name, "per_model": count * per_model, **r}
                if "median_ms" in r:
                    row["model_ms"] = r["median_ms"] * count * per_model
                    row["model_ms_p10"] = r["p10_ms"] * count * per_model
                    row["model_cpu_ms"] = r.get("cpu_median_ms", 0) * count * per_model
                    total += row["model_ms"]
                    total10 += row["model_ms_p10"]
                    totalc += row["model_cpu_ms"]
                    if flop:
                        row["gflops"] = flop / r["median_ms"] / 1e6
                rows.append(row)
                print(json.dumps(row), flush=True)
            # Shares by median and by p10: on a shared host the p10 is nearer the
            # uncontended time.
            sh = {r["part"]: round(r.get("model_ms", 0) / total, 3) for r in rows} if total else {}
            sh10 = {r["part"]: round(r.get("model_ms_p10", 0) / total10, 3) for r in rows} if total10 else {}
            shc = {r["part"]: round(r.get("model_cpu_ms", 0) / totalc, 3) for r in rows} if totalc else {}
            print(json.dumps({"group": gname, "sum_model_ms": total, "sum_model_ms_p10": total10,
                              "sum_model_cpu_ms": totalc, "shares": sh, "shares_p10": sh10, "shares_cpu": shc}),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
