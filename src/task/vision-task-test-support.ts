// For the vision task tests: CIFAR-10 and CIFAR-100 binary files in the real layouts
// (cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin, batches.meta.txt;
// cifar-100-binary/train.bin, test.bin and the two name files) whose images a model can learn
// (each class has its own colour, plus noise), and the command line run as a user runs it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { seededRandom } from '../util/random.js';

const PLANE = 32 * 32;
const CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Class c's colour: each channel one of three levels (c in base 3), so no two classes share one. */
export function classColour(label: number): [number, number, number] {
  const level = (digit: number) => [50, 128, 206][digit]!;
  return [level(label % 3), level(Math.floor(label / 3) % 3), level(Math.floor(label / 9) % 3)];
}

/**
 * `count` records (the label bytes `labelBytes(class)` gives, then the red, green and blue planes)
 * of a random class among the first 10: that class's colour ± 40 of noise.
 */
function records(count: number, random: () => number, labelBytes: (label: number) => number[] = (label) => [label]): Buffer {
  const recordBytes = labelBytes(0).length + 3 * PLANE;
  const bytes = Buffer.alloc(count * recordBytes);
  for (let record = 0; record < count; record++) {
    const label = Math.floor(random() * 10);
    const labels = labelBytes(label);
    labels.forEach((byte, k) => (bytes[record * recordBytes + k] = byte));
    const start = record * recordBytes + labels.length;
    classColour(label).forEach((colour, channel) => {
      for (let pixel = 0; pixel < PLANE; pixel++)
        bytes[start + channel * PLANE + pixel] = Math.max(0, Math.min(255, Math.round(colour + (random() - 0.5) * 80)));
    });
  }
  return bytes;
}

/** A new temporary data folder holding cifar-10-batches-bin/ with five training batches of `perBatch` images and a test batch. */
export function learnableCifar10Folder(perBatch: number, testCount: number, seed: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'actbench-cifar10-task-'));
  const folder = path.join(root, 'cifar-10-batches-bin');
  mkdirSync(folder);
  const random = seededRandom(seed);
  for (let batch = 1; batch <= 5; batch++) writeFileSync(path.join(folder, `data_batch_${batch}.bin`), records(perBatch, random));
  writeFileSync(path.join(folder, 'test_batch.bin'), records(testCount, random));
  writeFileSync(path.join(folder, 'batches.meta.txt'), `${CLASS_NAMES.join('\n')}\n\n`);
  return root;
}

/**
 * A new temporary data folder holding cifar-100-binary/ with `trainCount` training and
 * `testCount` test images. Only fine classes 0–9 occur (coarse label: fine % 20), so that a small
 * model learns them in a few epochs; the task still has its 100 outputs.
 */
export function learnableCifar100Folder(trainCount: number, testCount: number, seed: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'actbench-cifar100-task-'));
  const folder = path.join(root, 'cifar-100-binary');
  mkdirSync(folder);
  const random = seededRandom(seed);
  const fineAndCoarse = (label: number) => [label % 20, label];
  writeFileSync(path.join(folder, 'train.bin'), records(trainCount, random, fineAndCoarse));
  writeFileSync(path.join(folder, 'test.bin'), records(testCount, random, fineAndCoarse));
  writeFileSync(path.join(folder, 'fine_label_names.txt'), Array.from({ length: 100 }, (_, i) => `fine_${i}\n`).join(''));
  writeFileSync(path.join(folder, 'coarse_label_names.txt'), Array.from({ length: 20 }, (_, i) => `coarse_${i}\n`).join(''));
  return root;
}

/** `actbench ARGS` from the sources on the WASM backend. */
export function actbench(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: packageRoot(),
    encoding: 'utf8',
    env: { ...process.env, ACTBENCH_BACKEND: 'wasm' },
  });
}

/** The result object `train --json` ends stdout with. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}
