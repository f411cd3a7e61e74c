#!/usr/bin/python3
"""cxla bench --trace writes a Chrome trace that json.load reads: "X" events
with ts/dur in microseconds, pid, tid, name and args {op, loc, step}, for
every step of every profiled call and the thread pool's tasks.

usage: check_trace.py CXLA PROGRAM.mlir
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    cxla, program = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "trace.json")
        out = subprocess.run(
            [cxla, "bench", program, "--random-inputs", "--iterations=3", "--warmup=0",
             "--threads=2", "--trace=" + path],
            check=True, capture_output=True, text=True).stdout
        assert "trace: " + path in out, out
        with open(path) as f:
            trace = json.load(f)
    events = trace["traceEvents"]
    spans = [e for e in events if e["ph"] == "X"]
    assert spans, "no X events"
    for e in spans:
        for key in ("name", "ts", "dur", "pid", "tid", "args", "cat"):
            assert key in e, (key, e)
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, e
        assert isinstance(e["dur"], (int, float)) and e["dur"] >= 0, e
        assert isinstance(e["tid"], int) and e["tid"] >= 0, e
        for key in ("op", "loc", "step"):
            assert key in e["args"], (key, e)
    steps = [e for e in spans if e["cat"] == "step"]
    gemms = [e for e in steps if e["name"] == "dot_general+add+tanh"]
    # One GEMM step per profiled call, on the calling thread.
    assert len(gemms) == 3, [e["name"] for e in steps]
    assert all(e["tid"] == 0 and e["args"]["op"] == "stablehlo.dot_general" for e in gemms)
    assert all(e["args"]["loc"].endswith(tuple("0123456789")) for e in gemms), gemms[0]
    # A task lies inside the step it belongs to (the same step index).
    tasks = [e for e in spans if e["cat"] == "task"]
    by_step = {}
    for e in steps:
        by_step.setdefault(e["args"]["step"], []).append(e)
    for t in tasks:
        owners = by_step.get(t["args"]["step"], [])
        assert any(s["ts"] - 1 <= t["ts"] and t["ts"] + t["dur"] <= s["ts"] + s["dur"] + 1
                   for s in owners), t
    names = [e for e in events if e["ph"] == "M" and e["name"] == "thread_name"]
    assert names and names[0]["args"]["name"] == "calling thread 0", names
    assert trace["otherData"]["calls"] == 3 and trace["otherData"]["dropped_events"] == 0
    print("trace ok: %d steps, %d tasks" % (len(steps), len(tasks)))


if __name__ == "__main__":
    main()
