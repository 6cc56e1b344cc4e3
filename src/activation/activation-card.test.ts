// Cards of the registry's plugins: which φ each gets (layers at their initial parameters, none for
// maxout), the initialisation they are computed at, and SELU's published fixed point.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activationCard } from './activation-card.js';
import { loadActivations } from './registry.js';
import { TRUNCATED_NORMAL_VARIANCE } from './initializer-variance.js';

const registry = await loadActivations();
const card = (name: string, options: Parameters<typeof activationCard>[1] = {}) =>
  activationCard(registry.get(name), { edge: false, ...options });

describe('activationCard', () => {
  test('SELU at σ_w² = 1, σ_b = 0 has q* = 1 (Klambauer et al. 2017: λ, α are chosen so that (mean, variance) = (0, 1) is the fixed point for unit-variance weights)', () => {
    const selu = card('selu', { weightVariance: 1 });
    assert.equal(selu.meanField!.varianceStatus, 'finite');
    assert.ok(Math.abs(selu.meanField!.qStar! - 1) < 1e-8, String(selu.meanField!.qStar));
  });

  test("the default initialisation is glorotUniform (σ_w² = 1) with zero biases; heNormal is tfjs-layers' 2·0.7737", () => {
    const tanh = card('tanh');
    assert.deepEqual([tanh.initialisation.initializer, tanh.initialisation.sigmaW2, tanh.initialisation.sigmaB2], ['glorotUniform', 1, 0]);
    assert.equal(card('relu', { initializer: 'heNormal' }).initialisation.sigmaW2, 2 * TRUNCATED_NORMAL_VARIANCE);
    const given = card('relu', { weightVariance: 2, biasVariance: 0.1 });
    assert.deepEqual([given.initialisation.initializer, given.initialisation.sigmaW2, given.initialisation.sigmaB2], [null, 2, 0.1]);
    assert.equal(card('relu', { initializer: 'randomNormal', width: 400 }).initialisation.width, 400);
  });

  test('ReLU at heNormal: ordered, χ₁ = σ_w²/2 = 0.7737, the signal dies out (q* = 0)', () => {
    const mf = card('relu', { initializer: 'heNormal' }).meanField!;
    assert.equal(mf.varianceStatus, 'zero');
    assert.ok(Math.abs(mf.chi1! - TRUNCATED_NORMAL_VARIANCE) < 1e-9, String(mf.chi1));
    assert.equal(mf.phase, 'ordered');
  });

  test('layers: prelu and swish-beta at their initial parameters (relu, swish); maxout has no card', () => {
    const prelu = activationCard(registry.get('prelu'), { weightVariance: 1.5, biasVariance: 0.1 });
    const relu = activationCard(registry.get('relu'), { weightVariance: 1.5, biasVariance: 0.1 });
    assert.match(prelu.assumption!, /initial parameters/);
    assert.deepEqual(prelu.meanField, relu.meanField);
    assert.deepEqual(prelu.edgeOfChaos, relu.edgeOfChaos);
    assert.deepEqual(card('swish-beta').meanField, card('swish').meanField);
    const maxout = card('maxout-2');
    assert.match(maxout.unavailable!, /mixes units/);
    assert.equal(maxout.meanField, null);
  });

  test('at σ_b = 0, a function with φ(0) = 0 and one-sided slopes a, b collapses (q* = 0) with χ₁ = σ_w²(a² + b²)/2: edge at σ_w² = 2/(a² + b²)', () => {
    const LAMBDA = 1.0507009873554805;
    const ALPHA = 1.6732632423543772;
    const cases: [string, number][] = [
      ['selu', 2 / (LAMBDA * LAMBDA * (1 + ALPHA * ALPHA))],
      ['penalized-tanh', 2 / (1 + 0.25 * 0.25)],
      ['relu', 2],
    ];
    for (const [name, expected] of cases) {
      const edge = activationCard(registry.get(name), { biasVariance: 0 }).edgeOfChaos!;
      const first = edge.points[0]!;
      assert.equal(first.sigmaB2, 0, name);
      // To 1e-5: just past 2/(a² + b²) the variance settles at a tiny q* > 0 (~1e-12) where
      // χ₁ = σ_w²(a² + b²)/2 − O(√q*), which for SELU moves the crossing up by ~2e-6.
      assert.ok(Math.abs(first.sigmaW2 - expected) < 1e-5, `${name}: ${first.sigmaW2} vs ${expected}`);
    }
  });

  test('unknown initializers are refused', () => {
    assert.throws(() => card('relu', { initializer: 'kaiming' }), /unknown kernel initializer/);
  });
});
