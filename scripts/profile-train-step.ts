// Where one training step of a benchmark model spends its time: tf.profile of a step after a
// warm-up, kernel milliseconds summed per kernel name, largest first, with the call counts.
// Not a test: run by hand to decide what to speed up next (docs/performance.md quotes it),
//   node --import tsx scripts/profile-train-step.ts MODEL [wasm|cpu] [STEPS]
import * as tf from '@tensorflow/tfjs-core';
import { loadActivations } from '../src/activation/registry.js';
import { initBackend } from '../src/backend/backends.js';
import { allWorkloads, selectWorkloads } from '../src/bench/train-bench.js';

const [model = 'cnn', backend = 'wasm', stepsArg = '3'] = process.argv.slice(2);
await loadActivations();
await initBackend(backend);
const [spec] = selectWorkloads(await allWorkloads(), [model]);
const workload = spec!.create();
for (let i = 0; i < 3; i++) workload.step();
const steps = Number(stepsArg);
const byKernel = new Map<string, { ms: number; calls: number }>();
let wall = 0;
for (let s = 0; s < steps; s++) {
  const started = performance.now();
  const info = await tf.profile(() => {
    workload.step();
  });
  wall += performance.now() - started;
  for (const k of info.kernels) {
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs);
    entry.calls++;
    byKernel.set(k.name, entry);
  }
}
const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
console.log(
  `${spec!.name} on ${backend}: per step ${(wall / steps).toFixed(2)} ms wall (profiled), kernels ${(total / steps).toFixed(2)} ms in ${rows.reduce((n, [, e]) => n + e.calls, 0) / steps} calls`,
);
for (const [name, e] of rows)
  console.log(`${name.padEnd(32)} ${(e.ms / steps).toFixed(3).padStart(9)} ms  ${String(e.calls / steps).padStart(5)} calls`);
workload.dispose();
