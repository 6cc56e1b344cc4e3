// The registry entries of the layer-shaped activations (activations/maxout-*.ts, prelu.ts, swish-beta.ts).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/backends.js';
import { type ActivationRegistry, loadActivations } from '../registry.js';
import type { LayerActivation } from '../types.js';
import { assertClose, seededUniform } from './layer-test-support.js';

describe('layer activation registry entries', () => {
  let registry: ActivationRegistry;
  const layerEntry = (name: string): LayerActivation => {
    const found = registry.get(name);
    assert.equal(found.kind, 'layer', name);
    return found as LayerActivation;
  };

  before(async () => {
    await initBackend('cpu');
    registry = await loadActivations();
  });

  it('declares E18 membership, family, source and whether the layer replaces Dense', () => {
    const expected = {
      'maxout-2': { family: 'maxout', inStudy: true, replacesDense: true, source: /Goodfellow et al\. 2013/ },
      'maxout-3': { family: 'maxout', inStudy: true, replacesDense: true, source: /Goodfellow et al\. 2013/ },
      'maxout-4': { family: 'maxout', inStudy: true, replacesDense: true, source: /Goodfellow et al\. 2013/ },
      prelu: { family: 'rectifier', inStudy: true, replacesDense: false, source: /He et al\. 2015/ },
      'swish-beta': { family: 'self-gated', inStudy: false, replacesDense: false, source: /Ramachandran et al\. 2017/ },
    } as const;
    for (const [name, want] of Object.entries(expected)) {
      const entry = layerEntry(name);
      assert.equal(entry.family, want.family, name);
      assert.equal(entry.inStudy, want.inStudy, name);
      assert.equal(entry.replacesDense, want.replacesDense, name);
      assert.match(entry.source, want.source, name);
      assert.equal(entry.atInit === undefined, want.family === 'maxout', `${name}: atInit only where the initial function is elementwise`);
    }
    assert.deepEqual(
      registry
        .expand(['study21'])
        .filter((n) => ['maxout-2', 'maxout-3', 'maxout-4', 'prelu', 'swish-beta'].includes(n))
        .sort(),
      ['maxout-2', 'maxout-3', 'maxout-4', 'prelu'],
    );
  });

  it('resolves the aliases', () => {
    assert.equal(registry.get('maxout2').name, 'maxout-2');
    assert.equal(registry.get('maxout4').name, 'maxout-4');
    assert.equal(registry.get('parametric-relu').name, 'prelu');
    assert.equal(registry.get('swish-trainable').name, 'swish-beta');
  });

  it('makes fresh layers that compute atInit, whose reference and composite agree', () => {
    const random = seededUniform(41);
    const x = Array.from({ length: 20 }, () => random(-4, 4));
    for (const name of ['prelu', 'swish-beta']) {
      const entry = layerEntry(name);
      const atInit = entry.atInit!;
      const input = tf.tensor(x, [4, 5]);
      const model = tfl.sequential();
      model.add(tfl.layers.inputLayer({ inputShape: [5] }));
      model.add(entry.createLayer({ units: 5 }));
      const expected = x.map(atInit.reference);
      assertClose(atInit.composite(input).dataSync(), expected, 1e-6, `${name} atInit.composite`);
      assertClose((model.predict(input) as tf.Tensor).dataSync(), expected, 1e-6, `${name} fresh layer`);
    }
  });

  it('builds maxout-k with k pieces and the requested width, and needs the width', () => {
    for (const k of [2, 3, 4]) {
      const layer = layerEntry(`maxout-${k}`).createLayer({ units: 7, name: `mx${k}` });
      assert.equal(layer.name, `mx${k}`);
      assert.deepEqual(layer.getConfig()['k'], k);
      assert.deepEqual(layer.computeOutputShape([null, 3]), [null, 7]);
      assert.throws(() => layerEntry(`maxout-${k}`).createLayer({}), /needs its width/);
    }
  });
});
