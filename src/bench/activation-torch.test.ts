// The activation benchmark's PyTorch side: the runner with stand-in scripts (arguments out, JSON
// back, malformed output refused), the comparison with actbench's rows, and, where PyTorch is
// unpacked in the cache, that every PyTorch expression is the activation it stands for.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadActivations } from '../activation/registry.js';
import type { ElementwiseActivation } from '../activation/types.js';
import type { BenchResult, BenchRow, Timing } from './activation-bench.js';
import {
  compareWithTorch,
  measureTorchActivations,
  torchActivationValues,
  type TorchActivationRun,
  type TorchValues,
} from './activation-torch.js';

const sh = (script: string) => ['bash', '-c', script, 'torch-reference'];
const timing = (ns: number): Timing => ({ nsPerElement: ns, medianNsPerElement: 2 * ns, samples: 10 });

const RUN: TorchActivationRun = {
  framework: 'pytorch',
  version: '1.13.1',
  threads: 1,
  python: '3.11',
  size: 4096,
  copy: timing(0.4),
  activations: [
    { activation: 'relu', expression: 'F.relu(x)', forwardBackward: timing(0.5) },
    { activation: 'linear', unsupported: 'the identity' },
  ],
};

test('the names, size and time budget reach the script and its JSON comes back', async () => {
  const lines: string[] = [];
  const outcome = await measureTorchActivations(['relu', 'linear'], {
    size: 4096,
    timeMs: 5,
    noSetup: true,
    command: sh(`echo "args: $*" >&2; echo '${JSON.stringify(RUN)}'`),
    onLine: (line) => lines.push(line),
  });
  assert.deepEqual(outcome, { available: true, value: RUN });
  assert.deepEqual(lines, ['args: --no-setup --activations relu,linear --size 4096 --time-ms 5']);
});

test('an entry with neither a timing nor a reason is refused', async () => {
  const broken = { ...RUN, activations: [{ activation: 'relu', expression: 'F.relu(x)', forwardBackward: { nsPerElement: 0 } }] };
  await assert.rejects(
    measureTorchActivations(['relu'], { size: 4096, timeMs: 5, command: sh(`echo '${JSON.stringify(broken)}'`) }),
    /printed no valid result \(bad activation entry/,
  );
});

function row(activation: string, variant: BenchRow['variant'], picked: boolean, ns: number): BenchRow {
  return { activation, variant, picked, forward: timing(ns / 3), forwardBackward: timing(ns), ratioToRelu: NaN, ratioToCopy: NaN };
}

const RESULT: BenchResult = {
  backend: 'wasm',
  size: 4096,
  copyKind: 'copy kernel',
  copy: { forward: timing(0.1), forwardBackward: timing(0.2) },
  rows: [
    row('relu', 'simd', true, 0.25),
    row('relu', 'composite', false, 1),
    row('linear', 'composite', true, 0.1),
    row('gelu', 'simd', true, 3),
  ],
};

test('each picked variant over PyTorch, the reasons where PyTorch has no figure, and the copy floors', () => {
  const comparison = compareWithTorch(RESULT, RUN);
  assert.equal(comparison.state, 'measured');
  if (comparison.state !== 'measured') return;
  assert.deepEqual(comparison.copy, { ours: timing(0.2), torch: timing(0.4), ratio: 0.5 });
  assert.deepEqual(
    comparison.rows.map((r) => [r.activation, r.variant, r.ratio, r.medianRatio, r.unsupported]),
    [
      // Only picked variants: the composite relu row is not compared.
      ['relu', 'simd', 0.5, 0.5, undefined],
      ['linear', 'composite', undefined, undefined, 'the identity'],
      ['gelu', 'simd', undefined, undefined, 'PyTorch was not asked for it'],
    ],
  );
  assert.throws(() => compareWithTorch(RESULT, { ...RUN, size: 1024 }), /PyTorch measured 1024 elements, actbench 4096/);
});

let elementwise: ElementwiseActivation[] = [];
let values: TorchValues | undefined;
let skipReason = '';
// Away from every kink (0, ±2.5, ±3, 6) and inside PyTorch's softplus threshold (20).
const XS = [-7.3, -4.1, -2.7, -1.3, -0.45, -0.02, 0.03, 0.6, 1.9, 2.8, 4.4, 7.7];

before(async () => {
  elementwise = (await loadActivations()).all.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
  // Only what is already unpacked: a test never downloads 150 MB.
  const outcome = await torchActivationValues(
    elementwise.map((a) => a.name),
    XS,
    { noSetup: true },
  );
  if (outcome.available) values = outcome.value;
  else skipReason = `PyTorch is not unpacked here (${outcome.reason}); scripts/torch-reference.sh --setup-only fetches it`;
});

test('every PyTorch expression is its activation: values and derivatives against the float64 reference', (t) => {
  if (!values) return t.skip(skipReason);
  const close = (got: number, want: number) => Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));
  for (const activation of elementwise) {
    const entry = values[activation.name];
    assert.ok(entry, `${activation.name}: missing from the reference's answer`);
    if ('unsupported' in entry) {
      // A deliberate omission has its own reason; the default one means a new activation was not mapped.
      assert.doesNotMatch(entry.unsupported, /no PyTorch expression/, `${activation.name}: add it to scripts/torch_activations.py`);
      continue;
    }
    XS.forEach((x, i) => {
      const h = 1e-5;
      const slope = (activation.reference(x + h) - activation.reference(x - h)) / (2 * h);
      assert.ok(
        close(entry.f[i]!, activation.reference(x)),
        `${activation.name}(${x}): PyTorch ${entry.f[i]}, reference ${activation.reference(x)}`,
      );
      assert.ok(close(entry.df[i]!, slope), `${activation.name}'(${x}): PyTorch ${entry.df[i]}, reference ${slope}`);
    });
  }
});
