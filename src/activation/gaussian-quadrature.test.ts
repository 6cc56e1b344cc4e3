import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { angularRule, applyRule, gaussLegendre, normalRule, radialRule } from './gaussian-quadrature.js';
import { erfc } from './reference-math.js';

const Phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);
const close = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
};

describe('gaussLegendre', () => {
  test('integrates polynomials of degree 2n − 1 exactly on [−1, 1]', () => {
    const rule = gaussLegendre(10);
    close(
      applyRule(rule, () => 1),
      2,
      1e-15,
      '∫1',
    );
    close(
      applyRule(rule, (x) => x ** 18),
      2 / 19,
      1e-15,
      '∫x¹⁸',
    );
    close(
      applyRule(rule, (x) => x ** 19 + x ** 7),
      0,
      1e-15,
      'odd',
    );
  });
});

describe('normalRule', () => {
  test('standard normal moments', () => {
    for (const s of [1e-6, 0.3, 1, 10]) {
      const rule = normalRule(s, [0]);
      close(
        applyRule(rule, () => 1),
        1,
        1e-14,
        `mass at s = ${s}`,
      );
      close(
        applyRule(rule, (z) => z * z),
        1,
        1e-13,
        `E[z²] at s = ${s}`,
      );
      close(
        applyRule(rule, (z) => z ** 10),
        945,
        1e-10,
        `E[z¹⁰] at s = ${s}`,
      );
    }
  });

  test('functions with a kink at 0 (where Gauss–Hermite with 100 nodes is off by ~1e-3)', () => {
    const rule = normalRule(1, [0]);
    close(
      applyRule(rule, (z) => Math.max(0, z)),
      1 / Math.sqrt(2 * Math.PI),
      1e-15,
      'E[relu(z)]',
    );
    // ELU′² = 1 for z > 0, e^{2z} below: E = 1/2 + e²Φ(−2).
    close(
      applyRule(rule, (z) => (z > 0 ? 1 : Math.exp(2 * z))),
      0.5 + Math.exp(2) * Phi(-2),
      1e-14,
      "E[elu'(z)²]",
    );
  });

  test('a kink away from 0 is a panel edge (relu6 at q = 4: kink at z = 3)', () => {
    const s = 2;
    const rule = normalRule(s, [0, 6]);
    // E[min(max(0, 2z), 6)] = ∫₀³ 2z ϕ(z) dz + 6 P(z > 3) = 2(ϕ(0) − ϕ(3)) + 6(1 − Φ(3)).
    const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    close(
      applyRule(rule, (z) => Math.min(Math.max(0, s * z), 6)),
      2 * (phi(0) - phi(3)) + 6 * (1 - Phi(3)),
      1e-14,
      'E[relu6(2z)]',
    );
  });
});

describe('polar rules', () => {
  test('the radial and angular rules together integrate a 2-D standard normal', () => {
    const angles = angularRule([Math.PI / 2, -Math.PI / 2]);
    close(
      applyRule(angles, () => 1),
      1,
      1e-14,
      'angular mass',
    );
    let second = 0;
    for (let i = 0; i < angles.points.length; i++) {
      const theta = angles.points[i]!;
      const radial = radialRule(1, [Math.cos(theta)], []);
      second += angles.weights[i]! * applyRule(radial, (r) => (r * Math.cos(theta)) ** 2);
    }
    close(second, 1, 1e-13, 'E[z₁²]');
  });
});
