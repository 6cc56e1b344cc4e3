// `actbench bench` with PyTorch beside it, with a stand-in for the reference script: the table
// and JSON carry PyTorch's figure, the ratio and both copy floors; by default the reference may
// only use what is already unpacked, --torch may fetch it, --no-torch never runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TorchActivationRun } from '../bench/activation-torch.js';
import { TORCH_UNAVAILABLE_STATUS } from '../bench/train-torch.js';
import { benchCommand, type BenchCommandOptions } from './activation-commands.js';
import { parseTextTable } from './cli-test-support.js';

const SIZE = 4096;
const sh = (script: string) => ({ command: ['bash', '-c', script, 'torch-reference'] });
const timing = (ns: number) => ({ nsPerElement: ns, medianNsPerElement: ns, samples: 5 });
const RUN: TorchActivationRun = {
  framework: 'pytorch',
  version: '1.13.1',
  threads: 1,
  python: '3.11',
  size: SIZE,
  copy: timing(1000),
  activations: [
    { activation: 'relu', expression: 'F.relu(x)', forwardBackward: timing(1000) },
    { activation: 'swish', expression: 'F.silu(x)', forwardBackward: timing(2000) },
  ],
};

async function bench(options: Partial<BenchCommandOptions>) {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => (stdout += t), err: (t: string) => (stderr += t) };
  const report = await benchCommand(
    { backend: 'cpu', size: SIZE, timeMs: 5, activations: ['swish'], noFused: false, record: false, ...options },
    io,
  );
  return { report, stdout, stderr };
}

test('the picked variants beside PyTorch: its time, the ratio and both copy floors, in the table and in JSON', async () => {
  const { report, stdout } = await bench({ torchCommand: sh(`echo '${JSON.stringify(RUN)}'`) });
  assert.equal(report.torch.state, 'measured');
  if (report.torch.state !== 'measured') return;
  const swish = report.torch.rows.find((r) => r.activation === 'swish')!;
  assert.equal(swish.ratio, swish.ours.nsPerElement / 2000);
  assert.equal(report.torch.copy.ratio, report.copy.forwardBackward.nsPerElement / 1000);

  // The second table of the output is the comparison, the copy floors on its first row.
  const comparison = parseTextTable(stdout.slice(stdout.indexOf('beside PyTorch 1.13.1 (1 thread, Python 3.11)')));
  assert.deepEqual(
    comparison.rows.map((r) => [r['activation'], r['PyTorch f+b'], r['× PyTorch']]),
    [
      ['copy', '1000.00', report.torch.copy.ratio.toFixed(2)],
      ['relu', '1000.00', report.torch.rows[0]!.ratio!.toFixed(2)],
      ['swish', '2000.00', swish.ratio!.toFixed(2)],
    ],
  );

  const json = await bench({ json: true, torchCommand: sh(`echo '${JSON.stringify(RUN)}'`) });
  const parsed = JSON.parse(json.stdout) as typeof report;
  assert.equal(parsed.torch.state, 'measured');
  assert.deepEqual(parsed.rows.map((r) => r.activation).sort(), report.rows.map((r) => r.activation).sort());
});

test('by default only an unpacked PyTorch is used, and the note says how to fetch it; --torch may fetch', async () => {
  // The stand-in says it is unavailable and repeats its arguments as the reason.
  const unavailable = sh(`echo "torch-reference: args $*" >&2; exit ${TORCH_UNAVAILABLE_STATUS}`);
  const byDefault = await bench({ torchCommand: unavailable });
  assert.deepEqual(byDefault.report.torch, {
    state: 'unavailable',
    reason: `args --no-setup --activations relu,swish --size ${SIZE} --time-ms 5; \`actbench bench --torch\` fetches it`,
  });
  assert.match(byDefault.stdout, /^PyTorch: not measured \(args --no-setup /m);
  const asked = await bench({ torch: true, torchCommand: unavailable });
  assert.deepEqual(asked.report.torch, { state: 'unavailable', reason: `args --activations relu,swish --size ${SIZE} --time-ms 5` });
});

test('--no-torch never runs the reference', async () => {
  const { report } = await bench({ torch: false, torchCommand: sh('exit 1') });
  assert.deepEqual(report.torch, { state: 'skipped', reason: '--no-torch' });
});
