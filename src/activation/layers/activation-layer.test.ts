import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/backends.js';
import { defineActivation } from '../define.js';
import { loadActivations } from '../registry.js';
import { ActivationLayer, activationLayer, replacesDense } from './activation-layer.js';
import { assertClose, finiteDifferences, saveAndLoad, seededUniform, tfGradients, trainBriefly } from './layer-test-support.js';
import { Maxout } from './maxout.js';
import { PReLU } from './prelu.js';
import { SwishBeta } from './swish-beta.js';

// Defined here rather than in activations/ so these tests do not depend on the elementwise plugins.
const testSoftsign = defineActivation({
  name: 'test-softsign',
  aliases: [],
  formula: 'x / (1 + |x|)',
  family: 'sigmoidal',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: true, saturating: true },
  source: 'test only',
  inStudy: false,
  reference: (x) => x / (1 + Math.abs(x)),
  composite: (x) => tf.div(x, tf.add(1, tf.abs(x))),
  fused: { forward: (x) => x / (1 + Math.abs(x)), derivative: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))) },
});

function modelWith(layer: tfl.layers.Layer, inputShape: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape }));
  model.add(layer);
  return model;
}

/** Saves a model, renames the activation inside the saved topology, and tries to load it. */
async function loadWithActivationRenamed(model: tfl.LayersModel, from: string, to: string): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const topology = JSON.parse(JSON.stringify(saved!.modelTopology).replaceAll(`"${from}"`, `"${to}"`)) as object;
  return tfl.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: topology }));
}

describe('ActivationLayer (elementwise activations as a layer)', () => {
  before(async () => {
    await initBackend('cpu');
  });

  // Runs before anything loads the registry: this process has not loaded it yet.
  it('says to await loadActivations() when the registry is not loaded', async () => {
    assert.throws(() => new ActivationLayer({ activation: 'tanh' }), /await loadActivations\(\)/);
    assert.throws(() => activationLayer('tanh'), /await loadActivations\(\)/);
    const model = modelWith(new ActivationLayer({ activation: testSoftsign }), [3]);
    await assert.rejects(loadWithActivationRenamed(model, 'test-softsign', 'tanh'), /await loadActivations\(\)/);
  });

  it('computes the activation with either variant and picks the variant per backend', () => {
    const random = seededUniform(31);
    const x = Array.from({ length: 24 }, () => random(-5, 5));
    for (const variant of ['fused', 'composite', undefined] as const) {
      const layer = new ActivationLayer({ activation: testSoftsign, ...(variant ? { variant } : {}) });
      const y = modelWith(layer, [2, 3]).predict(tf.tensor(x, [4, 2, 3])) as tf.Tensor;
      assert.deepEqual(y.shape, [4, 2, 3]);
      assertClose(y.dataSync(), x.map(testSoftsign.reference), 1e-6, `output, variant ${variant ?? 'default'}`);
    }
    assert.equal(new ActivationLayer({ activation: testSoftsign }).variantOn('cpu'), 'fused');
    assert.equal(new ActivationLayer({ activation: testSoftsign, variant: 'composite' }).variantOn('cpu'), 'composite');
    // No fused kernels on tfjs-node: a saved 'fused' model still runs there, on composite ops.
    assert.equal(new ActivationLayer({ activation: testSoftsign, variant: 'fused' }).variantOn('tensorflow'), 'composite');
  });

  it('has input gradients that match float64 finite differences, in both variants', () => {
    const random = seededUniform(32);
    const x = Array.from({ length: 10 }, () => random(-3, 3));
    const outputWeights = x.map(() => random(-1, 1));
    const numeric = finiteDifferences(([xs]) => xs!.reduce((s, v, i) => s + testSoftsign.reference(v) * outputWeights[i]!, 0), [x]);
    for (const variant of ['fused', 'composite'] as const) {
      const model = modelWith(new ActivationLayer({ activation: testSoftsign, variant }), [5]);
      const [analytic] = tfGradients(model, tf.tensor(x, [2, 5]), tf.tensor(outputWeights, [2, 5]));
      assertClose(analytic!, numeric[0]!, 1e-3, `d loss / d input, ${variant}`);
    }
  });

  it('saves and reloads by activation name, keeping the variant, with identical outputs', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ units: 4, inputShape: [3] }));
    model.add(new ActivationLayer({ activation: testSoftsign, variant: 'composite', name: 'act_under_test' }));
    const loaded = await saveAndLoad(model);
    const layer = loaded.getLayer('act_under_test');
    assert.ok(layer instanceof ActivationLayer);
    assert.equal(layer.activation.name, 'test-softsign');
    assert.equal(layer.variant, 'composite');
    const x = tf.randomNormal([6, 3]);
    assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`trains inside a tiny model on the ${backend} backend (fused and composite)`, async () => {
      await initBackend(backend);
      for (const variant of ['fused', 'composite'] as const) {
        const model = tfl.sequential();
        model.add(tfl.layers.dense({ units: 8, inputShape: [4] }));
        model.add(new ActivationLayer({ activation: testSoftsign, variant }));
        model.add(tfl.layers.dense({ units: 1 }));
        const { first, last } = await trainBriefly(model, [4], 33);
        assert.ok(last < 0.7 * first, `loss went from ${first} to ${last} on ${backend}, ${variant}`);
      }
      await initBackend('cpu');
    });
  }
});

describe('activationLayer() and replacesDense() over the registry', () => {
  before(async () => {
    await initBackend('cpu');
    await loadActivations();
  });

  it('returns a working layer for every registry activation', async () => {
    const registry = await loadActivations();
    const x = tf.tensor([[-1.5, -0.2, 0.3, 2]]);
    for (const activation of registry.all) {
      const layer = activationLayer(activation.name, { units: 3 });
      const y = modelWith(layer, [4]).predict(x) as tf.Tensor;
      if (activation.kind === 'elementwise') {
        assert.ok(layer instanceof ActivationLayer, activation.name);
        assertClose(y.dataSync(), activation.composite(x).dataSync(), 1e-5, `${activation.name} output`);
      } else {
        assert.deepEqual(y.shape, activation.replacesDense ? [1, 3] : [1, 4], `${activation.name} output shape`);
      }
    }
  });

  it('maps the layer activations to their classes, by name or alias', () => {
    assert.ok(activationLayer('maxout2', { units: 5 }) instanceof Maxout);
    assert.equal((activationLayer('maxout-4', { units: 5 }) as Maxout).k, 4);
    assert.ok(activationLayer('PReLU') instanceof PReLU);
    assert.ok(activationLayer('swish-trainable') instanceof SwishBeta);
    const withInit = activationLayer('maxout-3', { units: 2, kernelInitializer: 'heNormal' });
    assert.equal((withInit.getConfig()['kernelInitializer'] as { config: { scale: number } }).config.scale, 2);
  });

  it('tells callers which activations replace the Dense layer', () => {
    for (const name of ['maxout-2', 'maxout-3', 'maxout-4', 'maxout3']) assert.equal(replacesDense(name), true, name);
    for (const name of ['prelu', 'swish-beta', 'tanh']) assert.equal(replacesDense(name), false, name);
    assert.throws(() => activationLayer('maxout-2'), /needs options.units/);
  });

  it('refuses a layer activation inside ActivationLayer and unknown names', () => {
    assert.throws(() => new ActivationLayer({ activation: 'prelu' }), /is a layer activation/);
    assert.throws(() => activationLayer('no-such-activation'), /unknown activation/);
  });

  it('saves and reloads a model mixing registry activations, with identical outputs', async () => {
    const registry = await loadActivations();
    const elementwise = registry.all.find((a) => a.kind === 'elementwise');
    assert.ok(elementwise, 'the registry has no elementwise activation');
    const model = tfl.sequential();
    model.add(tfl.layers.inputLayer({ inputShape: [4] }));
    model.add(activationLayer('maxout-2', { units: 6 }));
    model.add(tfl.layers.dense({ units: 5 }));
    model.add(activationLayer('prelu'));
    model.add(tfl.layers.dense({ units: 5 }));
    model.add(activationLayer('swish-beta'));
    model.add(tfl.layers.dense({ units: 5 }));
    model.add(activationLayer(elementwise.name));
    const loaded = await saveAndLoad(model);
    const x = tf.randomNormal([3, 4]);
    assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });
});
