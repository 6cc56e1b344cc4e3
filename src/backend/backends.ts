// Chooses and initialises the TensorFlow.js backend every computing command runs on.
// Order of preference: tfjs-node-gpu (only when it sees a GPU) → tfjs-node → WASM → pure JS.
// A backend the user asks for by name is never silently replaced by another one.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers' Node bundle registers the gradient of every core op; tfjs-core alone registers none.
import '@tensorflow/tfjs-layers';
import { registerTrainingKernels } from './kernels/index.js';
import { InputError } from '../util/input-error.js';

export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface ActiveBackend {
  name: BackendName;
  /** The name tfjs registered it under ('tensorflow', 'wasm', 'cpu'). */
  tfjsName: string;
  /** One line for logs and result files: backend, packages, what it found. */
  description: string;
}

export class BackendUnavailableError extends InputError {
  override name = 'BackendUnavailableError';
}

const require = createRequire(import.meta.url);
const TFJS_VERSION = (require('@tensorflow/tfjs-core/package.json') as { version: string }).version;

interface NodeBackendBinding {
  isUsingGpuDevice?: () => boolean;
}

/** Loads a native tfjs-node package; its install step may have been skipped offline, so require can throw. */
function loadNativePackage(pkg: string): { ok: true } | { ok: false; reason: string } {
  try {
    require(pkg);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `${pkg} could not be loaded (${message}); its install step downloads libtensorflow and needs internet` };
  }
}

async function activate(tfjsName: string): Promise<boolean> {
  const ok = await tf.setBackend(tfjsName);
  await tf.ready();
  return ok && tf.getBackend() === tfjsName;
}

type Attempt = { ok: true; backend: ActiveBackend } | { ok: false; reason: string };

async function tryNative(name: 'node' | 'node-gpu'): Promise<Attempt> {
  const pkg = name === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const loaded = loadNativePackage(pkg);
  if (!loaded.ok) return loaded;
  if (!(await activate('tensorflow'))) return { ok: false, reason: `${pkg} loaded but its 'tensorflow' backend did not initialise` };
  const binding = tf.backend() as unknown as NodeBackendBinding;
  const usesGpu = binding.isUsingGpuDevice?.() ?? false;
  if (name === 'node-gpu' && !usesGpu) return { ok: false, reason: `${pkg} loaded but sees no CUDA GPU` };
  return {
    ok: true,
    backend: {
      name,
      tfjsName: 'tensorflow',
      description: `${name} (${pkg}, libtensorflow, ${usesGpu ? 'GPU' : 'CPU'}; tfjs ${TFJS_VERSION})`,
    },
  };
}

async function tryWasm(): Promise<Attempt> {
  if (!(await activate('wasm'))) return { ok: false, reason: 'the WASM backend did not initialise' };
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return {
    ok: true,
    backend: {
      name: 'wasm',
      tfjsName: 'wasm',
      description: `wasm (@tensorflow/tfjs-backend-wasm, ${simd ? 'SIMD' : 'no SIMD'}, 1 thread; tfjs ${TFJS_VERSION})`,
    },
  };
}

async function tryCpu(): Promise<Attempt> {
  if (!(await activate('cpu'))) return { ok: false, reason: 'the pure-JS backend did not initialise' };
  return {
    ok: true,
    backend: { name: 'cpu', tfjsName: 'cpu', description: `cpu (@tensorflow/tfjs-backend-cpu, pure JS; tfjs ${TFJS_VERSION})` },
  };
}

function attempt(name: BackendName): Promise<Attempt> {
  switch (name) {
    case 'node-gpu':
    case 'node':
      return tryNative(name);
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return tryCpu();
  }
}

export function parseBackendName(value: string, origin: string): BackendName {
  const found = BACKEND_NAMES.find((name) => name === value);
  if (!found) throw new BackendUnavailableError(`${origin}: unknown backend '${value}'; choose one of ${BACKEND_NAMES.join(', ')}`);
  return found;
}

let active: ActiveBackend | undefined;

/**
 * Initialises a backend: the one requested (flag first, then ACTBENCH_BACKEND), else the first
 * that works in preference order. Safe to call again; switching to another backend is allowed.
 */
export async function initBackend(requested?: string): Promise<ActiveBackend> {
  const fromEnv = process.env['ACTBENCH_BACKEND'];
  const explicit = requested ?? (fromEnv ? fromEnv : undefined);
  // The CPU backend prints a "install tfjs-node" banner on first use; actbench says which backend it uses itself.
  silenceTfjsBanner();
  if (explicit !== undefined) {
    const name = parseBackendName(explicit, requested !== undefined ? '--backend' : 'ACTBENCH_BACKEND');
    if (active?.name === name && tf.getBackend() === active.tfjsName) return active;
    const result = await attempt(name);
    if (!result.ok) throw new BackendUnavailableError(`backend '${name}' is not available: ${result.reason}`);
    return finish(result.backend);
  }
  if (active && tf.getBackend() === active.tfjsName) return active;
  const reasons: string[] = [];
  for (const name of BACKEND_NAMES) {
    const result = await attempt(name);
    if (result.ok) return finish(result.backend);
    reasons.push(`${name}: ${result.reason}`);
  }
  throw new BackendUnavailableError(`no TensorFlow.js backend works here: ${reasons.join('; ')}`);
}

function finish(backend: ActiveBackend): ActiveBackend {
  registerTrainingKernels();
  active = backend;
  return backend;
}

/** The backend initialised last, or undefined before initBackend. */
export function activeBackend(): ActiveBackend | undefined {
  return active && tf.getBackend() === active.tfjsName ? active : undefined;
}

let bannerSilenced = false;
function silenceTfjsBanner(): void {
  if (bannerSilenced) return;
  bannerSilenced = true;
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('looks like you are running TensorFlow.js in Node.js')) return;
    original(...args);
  };
}
