// The activation registry: discovers the plugin files in activations/, resolves names and
// aliases, and picks the implementation variant (fused kernel or composite ops) per backend.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { packageRoot } from '../util/package-root.js';
import { buildPluginRegistry, pluginFolder, UnknownPluginError, type PluginRegistry } from '../plugins/registry.js';
import { fusedOp } from './fused-kernel.js';
import { simdAvailable, simdOp } from './simd-kernel.js';
import { FUSED_BACKENDS } from './unary-op.js';
import type { Activation, ElementwiseActivation } from './types.js';

export class UnknownActivationError extends UnknownPluginError {
  override name = 'UnknownActivationError';
}

function checkActivation(value: unknown, file: string): Activation {
  const candidate = value as Partial<Activation> | null;
  if (
    !candidate ||
    typeof candidate !== 'object' ||
    typeof candidate.name !== 'string' ||
    (candidate.kind !== 'elementwise' && candidate.kind !== 'layer')
  ) {
    throw new Error(`${file}: default export is not an activation (use defineActivation or defineLayerActivation)`);
  }
  return candidate as Activation;
}

/** get() resolves a name or alias and throws UnknownActivationError naming close matches. */
export interface ActivationRegistry extends PluginRegistry<Activation> {
  /** Expands group names ('study21', 'all', 'elementwise') and plain names to activation names. */
  expand(namesOrGroups: string[]): string[];
}

export const ACTIVATION_GROUPS: Record<string, (a: Activation) => boolean> = {
  all: () => true,
  study21: (a) => a.inStudy,
  elementwise: (a) => a.kind === 'elementwise',
};

function buildRegistry(all: Activation[]): ActivationRegistry {
  const registry = buildPluginRegistry(all, {
    noun: 'activation',
    listCommand: 'activations',
    namesOf: (activation) => [activation.name, ...activation.aliases],
    unknownError: UnknownActivationError,
  });
  return {
    ...registry,
    expand: (namesOrGroups) => {
      const names: string[] = [];
      for (const entry of namesOrGroups) {
        const group = ACTIVATION_GROUPS[entry];
        const expanded = group ? all.filter(group).map((a) => a.name) : [registry.get(entry).name];
        for (const name of expanded) if (!names.includes(name)) names.push(name);
      }
      return names;
    },
  };
}

const activationFolder = pluginFolder(new URL('../../activations/', import.meta.url), checkActivation, buildRegistry);

export function loadActivations(): Promise<ActivationRegistry> {
  return activationFolder.load();
}

/**
 * The registry once loadActivations() has resolved; for synchronous callers such as tfjs-layers
 * deserialising a saved model's activation layers.
 */
export function loadedActivations(): ActivationRegistry {
  const loaded = activationFolder.loaded();
  if (!loaded) throw new Error('the activation registry is not loaded yet: await loadActivations() first');
  return loaded;
}

/**
 * composite: tf ops with their own gradients (any backend); fused: one JS loop forward and one
 * backward; simd: the same fused computation as a WASM SIMD kernel.
 */
export const VARIANTS = ['composite', 'fused', 'simd'] as const;
export type Variant = (typeof VARIANTS)[number];

/** backend → activation → the variant measured fastest there. */
export type VariantChoice = Record<string, Record<string, Variant>>;

/** Written by `actbench bench --record` and kept in the repository. */
export function variantChoicePath(): string {
  return path.join(packageRoot(), 'activations', 'variant-choice.json');
}

let recordedChoice: VariantChoice | undefined;

function readVariantChoice(): VariantChoice {
  recordedChoice ??= JSON.parse(readFileSync(variantChoicePath(), 'utf8')) as VariantChoice;
  return recordedChoice;
}

/** Replaces the recorded winners for one backend. */
export function recordVariantChoice(backendName: string, winners: Record<string, Variant>): void {
  const choice = { ...readVariantChoice(), [backendName]: winners };
  writeFileSync(variantChoicePath(), `${JSON.stringify(choice, null, 2)}\n`);
  recordedChoice = choice;
}

/** The variants that can run for this activation on this backend, fastest-first by default. */
export function availableVariants(activation: ElementwiseActivation, backendName: string): Variant[] {
  const fusedBackend = (FUSED_BACKENDS as readonly string[]).includes(backendName);
  const variants: Variant[] = [];
  if (fusedBackend && activation.simd && simdAvailable()) variants.push('simd');
  if (fusedBackend && activation.fused) variants.push('fused');
  variants.push('composite');
  return variants;
}

/**
 * The variant models use: composite with --no-fused; otherwise the one `actbench bench --record`
 * measured fastest on this backend, or, unmeasured, SIMD, then the JS loop, then composite.
 */
export function chooseVariant(activation: ElementwiseActivation, backendName: string, options: { noFused?: boolean } = {}): Variant {
  if (options.noFused) return 'composite';
  const available = availableVariants(activation, backendName);
  const recorded = readVariantChoice()[backendName]?.[activation.name];
  return recorded && available.includes(recorded) ? recorded : available[0]!;
}

function limitsOf(activation: ElementwiseActivation): { pos: number; neg: number } {
  return { pos: activation.reference(Infinity), neg: activation.reference(-Infinity) };
}

/** The tensor function for an elementwise activation in the given variant. */
export function implementation(activation: ElementwiseActivation, variant: Variant): (x: tf.Tensor) => tf.Tensor {
  if (variant === 'simd' && activation.simd) return simdOp(activation.name, activation.simd, limitsOf(activation));
  if (variant === 'fused' && activation.fused) return fusedOp(activation.name, activation.fused, limitsOf(activation));
  if (variant !== 'composite') throw new Error(`activation '${activation.name}' has no ${variant} implementation`);
  return activation.composite;
}
