// The activation registry: discovers the plugin files in activations/, resolves names and
// aliases, and picks the implementation variant (fused kernel or composite ops) per backend.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { packageRoot } from '../util/package-root.js';
import { discoverPlugins } from '../plugins/discover.js';
import { closestNames } from '../util/suggest.js';
import { FUSED_BACKENDS, fusedOp } from './fused-kernel.js';
import type { Activation, ElementwiseActivation } from './types.js';

export class UnknownActivationError extends Error {
  override name = 'UnknownActivationError';
}

function checkActivation(value: unknown, file: string): Activation {
  const candidate = value as Partial<Activation> | null;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.name !== 'string' || (candidate.kind !== 'elementwise' && candidate.kind !== 'layer')) {
    throw new Error(`${file}: default export is not an activation (use defineActivation or defineLayerActivation)`);
  }
  return candidate as Activation;
}

export interface ActivationRegistry {
  all: Activation[];
  /** Resolves a name or alias; throws UnknownActivationError naming close matches. */
  get(nameOrAlias: string): Activation;
  has(nameOrAlias: string): boolean;
  /** Expands group names ('study21', 'all', 'elementwise') and plain names to activation names. */
  expand(namesOrGroups: string[]): string[];
}

export const ACTIVATION_GROUPS: Record<string, (a: Activation) => boolean> = {
  all: () => true,
  study21: (a) => a.inStudy,
  elementwise: (a) => a.kind === 'elementwise',
};

function buildRegistry(all: Activation[]): ActivationRegistry {
  const byName = new Map<string, Activation>();
  for (const activation of all) {
    for (const key of [activation.name, ...activation.aliases]) {
      const clash = byName.get(key);
      if (clash) throw new Error(`activation name '${key}' is declared by both '${clash.name}' and '${activation.name}'`);
      byName.set(key, activation);
    }
  }
  const get = (nameOrAlias: string): Activation => {
    const found = byName.get(nameOrAlias.toLowerCase());
    if (found) return found;
    const close = closestNames(nameOrAlias, [...byName.keys()]);
    const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : `; run 'actbench activations' for the list`;
    throw new UnknownActivationError(`unknown activation '${nameOrAlias}'${hint}`);
  };
  return {
    all,
    get,
    has: (nameOrAlias) => byName.has(nameOrAlias.toLowerCase()),
    expand: (namesOrGroups) => {
      const names: string[] = [];
      for (const entry of namesOrGroups) {
        const group = ACTIVATION_GROUPS[entry];
        const expanded = group ? all.filter(group).map((a) => a.name) : [get(entry).name];
        for (const name of expanded) if (!names.includes(name)) names.push(name);
      }
      return names;
    },
  };
}

let loading: Promise<ActivationRegistry> | undefined;
let loaded: ActivationRegistry | undefined;

export function loadActivations(): Promise<ActivationRegistry> {
  loading ??= discoverPlugins(new URL('../../activations/', import.meta.url), checkActivation).then((all) => {
    loaded = buildRegistry(all);
    return loaded;
  });
  return loading;
}

/**
 * The registry once loadActivations() has resolved; for synchronous callers such as tfjs-layers
 * deserialising a saved model's activation layers.
 */
export function loadedActivations(): ActivationRegistry {
  if (!loaded) throw new Error('the activation registry is not loaded yet: await loadActivations() first');
  return loaded;
}

export type Variant = 'fused' | 'composite';

/** backend → activation → the variant measured fastest there. */
export type VariantChoice = Record<string, Record<string, Variant>>;

/** Written by `actbench bench --record` and kept in the repository; fused is the default guess. */
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

export function fusedAvailable(activation: ElementwiseActivation, backendName: string): boolean {
  return activation.fused !== undefined && (FUSED_BACKENDS as readonly string[]).includes(backendName);
}

export function chooseVariant(activation: ElementwiseActivation, backendName: string, options: { noFused?: boolean } = {}): Variant {
  if (options.noFused || !fusedAvailable(activation, backendName)) return 'composite';
  return readVariantChoice()[backendName]?.[activation.name] ?? 'fused';
}

/** The tensor function for an elementwise activation in the given variant. */
export function implementation(activation: ElementwiseActivation, variant: Variant): (x: tf.Tensor) => tf.Tensor {
  if (variant === 'composite' || !activation.fused) return activation.composite;
  return fusedOp(activation.name, activation.fused, { pos: activation.reference(Infinity), neg: activation.reference(-Infinity) }).apply;
}
