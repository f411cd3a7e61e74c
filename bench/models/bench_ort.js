// ONNX Runtime (onnxruntime-node, CPU execution provider) timing of one model
// written by gen.py --onnx. Prints one JSON line.
//
//   node bench_ort.js DIR/NAME [--threads 2] [--iterations 20] [--warmup 5] [--opt all]
//
// Reads NAME.onnx, NAME.json (shapes), NAME.input.bin and NAME.ref.bin (raw
// f32 in PyTorch's layout), checks ORT's output against PyTorch's and times
// session.run with process.hrtime (the session is created once, untimed
// except as session_ms).
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, 'ort', 'node_modules', 'onnxruntime-node'));

function flag(name, def) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : def;
}

function f32(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

function quantile(sorted, q) {  // nearest rank, as cxla bench
  let i = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(Math.max(i, 0), sorted.length - 1)];
}

async function main() {
  const base = process.argv[2];
  const threads = parseInt(flag('threads', '2'));
  const iterations = parseInt(flag('iterations', '20'));
  const warmup = parseInt(flag('warmup', '5'));
  const opt = flag('opt', 'all');
  const meta = JSON.parse(fs.readFileSync(base + '.json'));
  const x = f32(base + '.input.bin');
  const ref = f32(base + '.ref.bin');
  const t0 = process.hrtime.bigint();
  const sess = await ort.InferenceSession.create(base + '.onnx', {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: opt, enableCpuMemArena: true,
  });
  const sessionMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const feeds = { [sess.inputNames[0]]: new ort.Tensor('float32', x, meta.torch_input_shape) };
  const y = (await sess.run(feeds))[sess.outputNames[0]].data;
  let maxd = 0, refmax = 0;
  for (let i = 0; i < y.length; i++) {
    maxd = Math.max(maxd, Math.abs(y[i] - ref[i]));
    refmax = Math.max(refmax, Math.abs(ref[i]));
  }
  for (let i = 0; i < warmup; i++) await sess.run(feeds);
  const s = [], cpu = [];
  for (let i = 0; i < iterations; i++) {
    const c = process.cpuUsage();  // the process's CPU time (all threads), outside the wall time
    const a = process.hrtime.bigint();
    await sess.run(feeds);
    s.push(Number(process.hrtime.bigint() - a) / 1e6);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1e3);
  }
  s.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, 'ort', 'node_modules', 'onnxruntime-node', 'package.json')));
  console.log(JSON.stringify({
    engine: 'ort', model: meta.name, version: pkg.version, threads, opt,
    median_ms: quantile(s, 0.5), p10_ms: quantile(s, 0.1), p90_ms: quantile(s, 0.9), iterations,
    cpu_median_ms: quantile(cpu, 0.5),
    session_ms: sessionMs, max_abs_diff_vs_torch: maxd, max_rel_diff_vs_torch: maxd / refmax,
  }));
}

main().catch((e) => { console.error('bench_ort.js:', e); process.exit(1); });
