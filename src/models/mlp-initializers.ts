// Kernel initializers by the names E18's search space uses (docs/study.md §5), seeded per layer, for
// the model builders here (not MLP-specific despite the file name). 'orthogonal' is our own
// (src/activation/layers/orthogonal-initializer.ts: tfjs's throws in its Node bundle).
import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from '../activation/layers/common.js';
import { ActbenchOrthogonal } from '../activation/layers/orthogonal-initializer.js';

interface InitializerEntry {
  name: string;
  make: (seed?: number) => Initializer;
}

// Keyed by the lower-case name without separators, so tfjs ('heUniform'), Keras ('he_uniform') and
// Keras 1 ('normal', 'uniform', which E18-era configurations still carry) spellings all resolve.
const KERNEL_INITIALIZERS: Record<string, InitializerEntry> = {
  randomnormal: { name: 'randomNormal', make: (seed) => tfl.initializers.randomNormal({ seed }) },
  normal: { name: 'randomNormal', make: (seed) => tfl.initializers.randomNormal({ seed }) },
  randomuniform: { name: 'randomUniform', make: (seed) => tfl.initializers.randomUniform({ seed }) },
  uniform: { name: 'randomUniform', make: (seed) => tfl.initializers.randomUniform({ seed }) },
  truncatednormal: { name: 'truncatedNormal', make: (seed) => tfl.initializers.truncatedNormal({ seed }) },
  variancescaling: { name: 'varianceScaling', make: (seed) => tfl.initializers.varianceScaling({ seed }) },
  orthogonal: { name: 'orthogonal', make: (seed) => new ActbenchOrthogonal(seed === undefined ? {} : { seed }) },
  lecununiform: { name: 'leCunUniform', make: (seed) => tfl.initializers.leCunUniform({ seed }) },
  lecunnormal: { name: 'leCunNormal', make: (seed) => tfl.initializers.leCunNormal({ seed }) },
  glorotnormal: { name: 'glorotNormal', make: (seed) => tfl.initializers.glorotNormal({ seed }) },
  glorotuniform: { name: 'glorotUniform', make: (seed) => tfl.initializers.glorotUniform({ seed }) },
  henormal: { name: 'heNormal', make: (seed) => tfl.initializers.heNormal({ seed }) },
  heuniform: { name: 'heUniform', make: (seed) => tfl.initializers.heUniform({ seed }) },
};

/** The nine kernel initializers E18 samples from, in tfjs-layers spelling. */
export const STUDY_KERNEL_INITIALIZERS = [
  'randomNormal',
  'randomUniform',
  'varianceScaling',
  'orthogonal',
  'leCunUniform',
  'glorotNormal',
  'glorotUniform',
  'heNormal',
  'heUniform',
] as const;

function initializerEntry(name: string): InitializerEntry {
  const entry = KERNEL_INITIALIZERS[name.toLowerCase().replace(/[-_\s]/g, '')];
  if (!entry) {
    const known = [...new Set(Object.values(KERNEL_INITIALIZERS).map((e) => e.name))].join(', ');
    throw new Error(`unknown kernel initializer '${name}'; use one of ${known} (Keras spellings such as 'he_uniform' work too)`);
  }
  return entry;
}

/** The tfjs-layers spelling of a kernel initializer name ('he_uniform' → 'heUniform'); throws on unknown names. */
export function canonicalKernelInitializer(name: string): string {
  return initializerEntry(name).name;
}

/**
 * Hands out one initializer per weight tensor. With a seed, each gets its own derived seed: tfjs
 * initializers with the same seed draw the same numbers, so two equal-shaped layers sharing one
 * seed would start identical.
 */
export class KernelInitializers {
  readonly name: string;
  readonly #make: (seed?: number) => Initializer;
  readonly #seed: number | undefined;
  #drawn = 0;

  constructor(name: string, seed?: number) {
    const entry = initializerEntry(name);
    this.name = entry.name;
    this.#make = entry.make;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    this.#seed = seed;
  }

  /** The next layer's kernel initializer. */
  next(): Initializer {
    return this.#make(this.nextSeed());
  }

  /** A seed for some other seeded initializer (an embedding's), from the same sequence. */
  nextSeed(): number | undefined {
    const index = this.#drawn++;
    return this.#seed === undefined ? undefined : this.#seed * 1000 + index;
  }
}
