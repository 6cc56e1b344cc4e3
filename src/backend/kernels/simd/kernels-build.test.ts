// The committed .wasm modules must be what the build scripts make of the C sources today
// (otherwise a change would be tested here but not shipped; needs clang, which CI installs), and
// the training kernels' small-product routine must be right on odd shapes, since the LSTM and the
// conv filter gradient are built on it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../util/package-root.js';
import { seededRandom } from '../../../util/random.js';
import { skipUnlessTool } from '../../../util/system-tool-test-support.js';
import { RECURRENT_ACTIVATIONS } from '../recurrent-ops.js';
import { scratchSlots } from '../training-simd.js';
import { activationKernelsPath, trainingKernelsPath } from '../wasm-modules.js';

const skipClang = skipUnlessTool('clang', 'apt-get install clang lld');

const MODULES = [
  { source: 'activations.c', script: 'build-simd.sh', modulePath: activationKernelsPath },
  { source: 'training-kernels.c', script: 'build-training-kernels.sh', modulePath: trainingKernelsPath },
];

for (const { source, script, modulePath } of MODULES) {
  const committed = path.basename(modulePath());
  test(`${committed} is up to date with ${source}`, { skip: skipClang }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actbench-kernels-'));
    try {
      const rebuilt = path.join(dir, committed);
      const build = spawnSync('bash', [path.join(packageRoot(), 'scripts', script), rebuilt], { encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
      assert.ok(
        readFileSync(rebuilt).equals(readFileSync(modulePath())),
        `run scripts/${script} and commit ${path.relative(packageRoot(), modulePath())}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the module exports the kernels the TypeScript side calls, and imports only its memory', () => {
  const module = new WebAssembly.Module(readFileSync(trainingKernelsPath()));
  const exports = WebAssembly.Module.exports(module)
    .map((e) => e.name)
    .sort();
  assert.deepEqual(exports, [
    'adadelta_update',
    'adagrad_update',
    'adam_update',
    'adamax_update',
    'column_sums',
    'conv2d_filter_grad',
    'equal_mask',
    'gemm_acc',
    'keras_adadelta_update',
    'keras_adagrad_update',
    'keras_adam_update',
    'keras_nadam_update',
    'keras_rmsprop_update',
    'lstm_backward',
    'lstm_backward_scratch',
    'lstm_forward',
    'lstm_forward_scratch',
    'matmul',
    'matmul_scratch',
    'max_pool_grad',
    'momentum_update',
    'nadam_update',
    'recurrent_activation_count',
    'rmsprop_update',
    'rnn_backward',
    'rnn_backward_scratch',
    'rnn_forward',
    'rnn_forward_scratch',
    'winograd_conv3x3',
    'winograd_filter_grad3x3',
    'winograd_filter_grad_scratch',
    'winograd_scratch',
  ]);
  assert.deepEqual(
    WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`),
    ['env.memory:memory'],
  );
});

test("the recurrent kernels' activation list has as many entries as the TypeScript side's", () => {
  assert.equal(scratchSlots([]).kernels.recurrent_activation_count(), RECURRENT_ACTIVATIONS.length);
});

test('gemm_acc adds A·B to C on random shapes, odd sizes and tails included', () => {
  const random = seededRandom(17);
  for (let trial = 0; trial < 40; trial++) {
    const [m, n, k] = [1 + Math.floor(random() * 13), 1 + Math.floor(random() * 37), 1 + Math.floor(random() * 29)];
    const a = Float32Array.from({ length: m * k }, () => random() * 2 - 1);
    const b = Float32Array.from({ length: k * n }, () => random() * 2 - 1);
    const c = Float32Array.from({ length: m * n }, () => random() * 2 - 1);
    const { kernels, addresses, views } = scratchSlots([m * k, k * n, m * n]);
    views[0]!.set(a);
    views[1]!.set(b);
    views[2]!.set(c);
    kernels.gemm_acc(m, n, k, addresses[0]!, addresses[1]!, addresses[2]!);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let want = c[i * n + j]!;
        for (let p = 0; p < k; p++) want += a[i * k + p]! * b[p * n + j]!;
        const got = views[2]![i * n + j]!;
        assert.ok(Math.abs(got - want) <= 1e-5 * (1 + Math.abs(want)), `${m}×${n}×${k}: C[${i}, ${j}] = ${got}, expected ${want}`);
      }
    }
  }
});
