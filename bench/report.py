#!/usr/bin/python3
"""Merges the JSON lines of bench/run_gemm_conv.sh: for each shape, cxla's
median GFLOP/s (B / weights packed per call, and packed once), the best
peer's and the ratios, as JSON lines and as markdown tables. A shape measured
in several rounds gets the median of its per-round medians (as
shared/bench/RESULTS.md does); the FMA peak is the median of the probe runs
made during the same rounds.

  report.py RAW.jsonl          wall-clock GFLOP/s (gflops_median)
  report.py --cpu RAW.jsonl    CPU-time GFLOP/s (gflops_cpu, bench/run_cpu_time.sh)"""
import json
import statistics
import sys

TIMING = ("gflops_median", "gflops_min", "gflops_max", "time_us", "cpu_us", "gflops_cpu")


def merge_rounds(rows):
    groups = {}
    for r in rows:
        key = json.dumps({k: v for k, v in r.items() if k not in TIMING}, sort_keys=True)
        groups.setdefault(key, []).append(r)
    out = []
    for rs in groups.values():
        r = dict(rs[0])
        r["gflops_median"] = round(statistics.median(x["gflops_median"] for x in rs), 1)
        if "time_us" in r:
            r["time_us"] = round(statistics.median(x["time_us"] for x in rs), 1)
        r["rounds"] = len(rs)
        out.append(r)
    return out


def fmt(x, spec="%.0f"):
    return spec % x if x is not None else "-"


def main():
    args = sys.argv[1:]
    cpu = args[0] == "--cpu"
    if cpu:
        args = args[1:]
    rows = [json.loads(l) for l in open(args[0]) if l.startswith("{")]
    if cpu:  # rank by CPU-time throughput: make it the median the tables use
        rows = [dict(r, gflops_median=r["gflops_cpu"], time_us=r["cpu_us"]) for r in rows
                if r.get("gflops_cpu")]
    rows = merge_rounds(rows)
    gemm_peer, conv_peer, cx_gemm, cx_conv, peak = {}, {}, {}, {}, {}
    for r in rows:
        if r["bench"] == "peak":
            peak[r.get("threads", 2)] = r["gflops_median"]
        elif r["bench"] == "gemm":
            key = (r["m"], r["k"], r["n"])
            if r["impl"] in ("cxla", "cxla_base"):
                pack = "base" if r["impl"] == "cxla_base" else r.get("pack", "call")
                if r.get("epilogue", "none") == "none":
                    cx_gemm.setdefault((r["dtype"], pack) + key, r)
            else:
                best = gemm_peer.get(key)
                if not best or r["gflops_median"] > best["gflops_median"]:
                    gemm_peer[key] = r
        elif r["bench"] == "conv":
            if r["impl"] in ("cxla", "cxla_base"):
                pack = "base" if r["impl"] == "cxla_base" else r.get("pack", "call")
                if r.get("epilogue", "none") == "none":
                    cx_conv.setdefault((r["layer"], r["layout"], pack), r)
            else:
                best = conv_peer.get(r["layer"])
                if not best or r["gflops_median"] > best["gflops_median"]:
                    conv_peer[r["layer"]] = r
    out = []
    p2 = peak.get(2)
    lines = []
    if peak:
        lines += ["FMA peak (peak_flops.c, median over the rounds): 1 thread %s, 2 threads %s GFLOP/s"
                  % (fmt(peak.get(1)), fmt(p2)), ""]
        out.append({"bench": "peak", "gflops_1t": peak.get(1), "gflops_2t": p2})
    lines += ["| shape (M,K,N) | dtype | base | cxla (pack/call) | cxla (pack once) | best peer | peer | "
              "ratio base | ratio call | ratio once | % peak (call) | % peak (once) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    shapes = []
    for (dt, pack, m, k, n) in cx_gemm:
        if (dt, m, k, n) not in shapes:
            shapes.append((dt, m, k, n))
    for (dt, m, k, n) in shapes:
        call = cx_gemm.get((dt, "call", m, k, n))
        once = cx_gemm.get((dt, "once", m, k, n))
        base = cx_gemm.get((dt, "base", m, k, n))
        p = gemm_peer.get((m, k, n)) if dt == "f32" else None
        if not p and dt != "f32":
            f32 = cx_gemm.get(("f32", "call", m, k, n))
            p = dict(f32, impl="cxla f32") if f32 else None
        rec = {"bench": "gemm", "dtype": dt, "m": m, "k": k, "n": n}
        for name, r in (("base", base), ("call", call), ("once", once)):
            if r:
                rec["gflops_" + name] = r["gflops_median"]
                if p:
                    rec["ratio_" + name] = round(r["gflops_median"] / p["gflops_median"], 2)
                if p2 and dt == "f32":
                    rec["pct_peak_" + name] = round(100 * r["gflops_median"] / p2, 1)
        if p:
            rec.update(peer=p["impl"], peer_gflops=p["gflops_median"])
        out.append(rec)
        lines.append("| %d,%d,%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            m, k, n, dt, fmt(rec.get("gflops_base")), fmt(rec.get("gflops_call")),
            fmt(rec.get("gflops_once")), rec.get("peer", "-"), fmt(rec.get("peer_gflops")),
            fmt(rec.get("ratio_base"), "%.2f"), fmt(rec.get("ratio_call"), "%.2f"),
            fmt(rec.get("ratio_once"), "%.2f"), fmt(rec.get("pct_peak_call"), "%.1f"),
            fmt(rec.get("pct_peak_once"), "%.1f")))
    lines += ["", "| ResNet-50 layer | layout | base | cxla (pack/call) | cxla (pack once) | us (call) | "
              "torch best (layout) | torch | ratio base | ratio call | ratio once |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    layers = []
    for (layer, layout, pack) in cx_conv:
        if (layer, layout) not in layers:
            layers.append((layer, layout))
    for (layer, layout) in layers:
        call = cx_conv.get((layer, layout, "call"))
        once = cx_conv.get((layer, layout, "once"))
        base = cx_conv.get((layer, layout, "base"))
        p = conv_peer.get(layer)
        rec = {"bench": "conv", "layer": layer, "layout": layout}
        for name, r in (("base", base), ("call", call), ("once", once)):
            if r:
                rec["gflops_" + name] = r["gflops_median"]
                rec["time_us_" + name] = r["time_us"]
                if p:
                    rec["ratio_" + name] = round(r["gflops_median"] / p["gflops_median"], 2)
        if p:
            rec.update(peer="torch " + p["layout"], peer_gflops=p["gflops_median"])
        out.append(rec)
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            layer, layout, fmt(rec.get("gflops_base")), fmt(rec.get("gflops_call")),
            fmt(rec.get("gflops_once")), fmt(rec.get("time_us_call")), rec.get("peer", "-"),
            fmt(rec.get("peer_gflops")), fmt(rec.get("ratio_base"), "%.2f"),
            fmt(rec.get("ratio_call"), "%.2f"), fmt(rec.get("ratio_once"), "%.2f")))
    for rec in out:
        print(json.dumps(rec))
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
