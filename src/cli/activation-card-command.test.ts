// `actbench activations card`: text and JSON from the command line, and its usage errors; the
// command line runs in this process (runCli).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runActbenchHere } from './cli-test-support.js';

describe('actbench activations card', () => {
  test('text card for tanh at glorotUniform: q* = 0, χ₁ = 1, on the edge of chaos', async () => {
    const run = await runActbenchHere(['activations', 'card', 'tanh', '--initializer', 'glorotUniform']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^tanh: tanh\(x\)/);
    assert.match(run.stdout, /q\* \(fixed point of the variance map\)\s+0 \(the signal dies out\)/);
    assert.match(run.stdout, /χ₁ = σ_w² E\[φ′\(√q\* z\)²\]\s+1\n/);
    assert.match(run.stdout, /ξ_c = −1\/ln χ_c\s+∞ \(edge of chaos\)/);
    assert.match(run.stdout, /edge of chaos points/);
  });

  test('--json: one object, Infinity as a string; --weight-variance/--bias-variance override', async () => {
    const run = await runActbenchHere(['activations', 'card', 'relu', '--weight-variance', '2', '--bias-variance', '0', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const card = JSON.parse(run.stdout) as {
      activation: string;
      initialisation: { sigmaW2: number };
      meanField: { phase: string; xiC: unknown };
      edgeOfChaos: { points: { sigmaW2: number }[] };
    };
    assert.equal(card.activation, 'relu');
    assert.equal(card.initialisation.sigmaW2, 2);
    assert.equal(card.meanField.phase, 'edge of chaos');
    assert.equal(card.meanField.xiC, 'Infinity');
    assert.equal(card.edgeOfChaos.points.length, 1);
  });

  test('usage errors exit 2 with one line', async () => {
    const runs = await Promise.all([
      runActbenchHere(['activations', 'card', 'relu', '--initializer', 'kaiming']),
      runActbenchHere(['activations', 'card', 'relu', '--bias-variance', '-1']),
    ]);
    for (const run of runs) {
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
    assert.match(runs[0]!.stderr, /--initializer: unknown kernel initializer 'kaiming'/);
    assert.match(runs[1]!.stderr, /--bias-variance: expected a finite number ≥ 0/);
  });
});
