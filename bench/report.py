#!/usr/bin/python3
"""Merges the JSON lines of bench/run_gemm_conv.sh: for each shape, cxla's
median GFLOP/s, the best peer's and their ratio, as JSON lines and as a
markdown table. A shape measured in several rounds gets the median of its
per-round medians (as shared/bench/RESULTS.md does)."""
import json
import statistics
import sys


def merge_rounds(rows):
    groups = {}
    for r in rows:
        key = json.dumps({k: v for k, v in r.items()
                          if k not in ("gflops_median", "gflops_min", "gflops_max", "time_us")},
                         sort_keys=True)
        groups.setdefault(key, []).append(r)
    out = []
    for rs in groups.values():
        r = dict(rs[0])
        r["gflops_median"] = round(statistics.median(x["gflops_median"] for x in rs), 1)
        r["time_us"] = round(statistics.median(x["time_us"] for x in rs), 1)
        r["rounds"] = len(rs)
        out.append(r)
    return out


def main():
    rows = merge_rounds([json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")])
    gemm_peer, conv_peer, cx_gemm, cx_conv = {}, {}, {}, {}
    for r in rows:
        if r["bench"] == "gemm":
            key = (r["m"], r["k"], r["n"])
            if r["impl"] == "cxla":
                if r.get("epilogue", "none") == "none":
                    cx_gemm.setdefault((r["dtype"],) + key, r)
            else:
                best = gemm_peer.get(key)
                if not best or r["gflops_median"] > best["gflops_median"]:
                    gemm_peer[key] = r
        elif r["bench"] == "conv":
            if r["impl"] == "cxla":
                cx_conv.setdefault((r["layer"], r["layout"]), r)
            else:
                best = conv_peer.get(r["layer"])
                if not best or r["gflops_median"] > best["gflops_median"]:
                    conv_peer[r["layer"]] = r
    out = []
    lines = ["| shape (M,K,N) | dtype | cxla GFLOP/s | best peer | peer GFLOP/s | ratio |",
             "|---|---|---|---|---|---|"]
    for (dt, m, k, n), r in cx_gemm.items():
        p = gemm_peer.get((m, k, n)) if dt == "f32" else None
        f32 = cx_gemm.get(("f32", m, k, n))
        rec = {"bench": "gemm", "dtype": dt, "m": m, "k": k, "n": n,
               "gflops_median": r["gflops_median"]}
        if p:
            rec.update(peer=p["impl"], peer_gflops_median=p["gflops_median"],
                       ratio=round(r["gflops_median"] / p["gflops_median"], 2))
        elif f32 and dt != "f32":
            rec.update(peer="cxla f32", peer_gflops_median=f32["gflops_median"],
                       ratio=round(r["gflops_median"] / f32["gflops_median"], 2))
        out.append(rec)
        lines.append("| %d,%d,%d | %s | %.0f | %s | %s | %s |" % (
            m, k, n, dt, r["gflops_median"], rec.get("peer", "-"),
            "%.0f" % rec["peer_gflops_median"] if "peer_gflops_median" in rec else "-",
            "%.2f" % rec["ratio"] if "ratio" in rec else "-"))
    lines += ["", "| ResNet-50 layer | layout | cxla GFLOP/s | cxla us | torch best (layout) | torch GFLOP/s | ratio |",
              "|---|---|---|---|---|---|---|"]
    for (layer, layout), r in cx_conv.items():
        p = conv_peer.get(layer)
        rec = {"bench": "conv", "layer": layer, "layout": layout,
               "gflops_median": r["gflops_median"], "time_us": r["time_us"]}
        if p:
            rec.update(peer="torch " + p["layout"], peer_gflops_median=p["gflops_median"],
                       ratio=round(r["gflops_median"] / p["gflops_median"], 2))
        out.append(rec)
        lines.append("| %s | %s | %.0f | %.0f | %s | %s | %s |" % (
            layer, layout, r["gflops_median"], r["time_us"], rec.get("peer", "-"),
            "%.0f" % rec["peer_gflops_median"] if p else "-", "%.2f" % rec["ratio"] if p else "-"))
    for rec in out:
        print(json.dumps(rec))
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
