// Leaky ReLU at a fixed slope; the study runs it at two slopes, each its own registry entry.
import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from './define.js';
import type { ElementwiseActivation } from './types.js';

export function leakyRelu(name: string, slope: number, aliases: string[]): ElementwiseActivation {
  return defineActivation({
    name,
    aliases,
    formula: `max(x, ${slope}·x)`,
    family: 'rectifier',
    properties: { boundedAbove: false, boundedBelow: false, monotonic: true, smooth: false, zeroAtZero: true, saturating: false },
    source: 'Maas, Hannun & Ng 2013; Eger, Youssef & Gurevych 2018',
    inStudy: true,
    reference: (x) => (x > 0 ? x : slope * x),
    kinks: [0],
    composite: (x) => tf.leakyRelu(x, slope),
    fused: {
      forward: (x) => x * (slope + (1 - slope) * +(x > 0)),
      derivative: (x) => slope + (1 - slope) * +(x > 0),
    },
    simd: { kernel: 'leaky_relu', param: slope },
  });
}
