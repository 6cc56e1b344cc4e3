// An optimizer's update of one variable as a single kernel (simd/training-kernels.c, NAME_update):
// tfjs's optimizers spend ~5–15 small ops per variable and step (multiplies, adds, divides, square
// roots, each with its own output), which on the study's small models costs as much as the forward
// pass. The kernel reads value, gradient and the optimizer's state once and writes their new values,
// with tfjs's float32 operations in tfjs's order, so the numbers are tfjs's to the bit. On 'wasm' it
// runs on tfjs-wasm's heap; on 'cpu' the arrays are copied into the kernels' memory and back.
// Registered only where the SIMD module loads; the optimizers (src/engine/fused-optimizers.ts) run
// tfjs's own update elsewhere.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { UnsupportedKernelInputError, type SupportedBackendName } from './tensor-io.js';
import { runOnBackend, type TrainingKernelExports } from './training-simd.js';

export const OPTIMIZER_UPDATE = 'ActbenchOptimizerUpdate';

/** Each rule and how many state tensors it carries; training-kernels.c states the parameters of each. */
export const OPTIMIZER_RULES = {
  adam: 2,
  adamax: 2,
  adadelta: 2,
  adagrad: 1,
  rmsprop: 2,
  momentum: 1,
  nadam: 2,
  // Keras 2's rules (src/engine/keras-optimizers.ts).
  keras_adam: 2,
  keras_adagrad: 1,
  keras_adadelta: 2,
  keras_rmsprop: 1,
  keras_nadam: 2,
} as const;
export type OptimizerRule = keyof typeof OPTIMIZER_RULES;

export interface OptimizerUpdateAttrs {
  rule: OptimizerRule;
  /** Up to nine float32 scalars, as the rule's comment in training-kernels.c lists them. */
  params: number[];
}

const MAX_PARAMS = 9;

type UpdateExport = (n: number, ...rest: number[]) => void;

function updateFunction(kernels: TrainingKernelExports, rule: OptimizerRule): UpdateExport {
  const fn = (kernels as unknown as Record<string, unknown>)[`${rule}_update`];
  if (typeof fn !== 'function') throw new UnsupportedKernelInputError(OPTIMIZER_UPDATE, `no update rule '${rule}'`);
  return fn as UpdateExport;
}

function readArgs(inputs: object, attrs: object): { tensors: TensorInfo[]; rule: OptimizerRule; params: number[] } {
  const { rule, params } = attrs as Partial<OptimizerUpdateAttrs>;
  if (!rule || !(rule in OPTIMIZER_RULES)) throw new UnsupportedKernelInputError(OPTIMIZER_UPDATE, `unknown rule '${String(rule)}'`);
  if (!Array.isArray(params) || params.length > MAX_PARAMS)
    throw new UnsupportedKernelInputError(OPTIMIZER_UPDATE, `needs at most ${MAX_PARAMS} parameters`);
  const named = inputs as Record<string, TensorInfo | undefined>;
  const roles = ['value', 'gradient', 's0', 's1'].slice(0, 2 + OPTIMIZER_RULES[rule]);
  const tensors = roles.map((role) => {
    const t = named[role];
    if (!t) throw new UnsupportedKernelInputError(OPTIMIZER_UPDATE, `rule '${rule}' needs input '${role}'`);
    if (t.dtype !== 'float32')
      throw new UnsupportedKernelInputError(OPTIMIZER_UPDATE, `input '${role}' has dtype ${t.dtype}; only float32 is supported`);
    return t;
  });
  const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);
  for (const t of tensors) {
    if (size(t) !== size(tensors[0]!))
      throw new UnsupportedKernelInputError(OPTIMIZER_UPDATE, `inputs have shapes ${tensors.map((x) => `[${x.shape}]`).join(', ')}`);
  }
  return { tensors, rule, params: [...params, ...new Array<number>(MAX_PARAMS - params.length).fill(0)] };
}

/** Outputs: the new value, then the new state tensors in input order. */
export function optimizerUpdateKernel(backendName: SupportedBackendName): KernelFunc {
  return (args) => {
    const { tensors, rule, params } = readArgs(args.inputs, args.attrs ?? {});
    const value = tensors[0]!;
    const n = value.shape.reduce((a, b) => a * b, 1);
    // Outputs: value and each state (the gradient has none).
    const outShapes = [value, ...tensors.slice(2)].map((t) => t.shape.slice());
    // The second state's slots repeat the first's for one-state rules (the kernel leaves them alone).
    const slot = <T>(list: T[], i: number): T => list[Math.min(i, list.length - 1)]!;
    return runOnBackend(backendName, args.backend, tensors, outShapes, [], (kernels, inAt, outAt) =>
      updateFunction(kernels, rule)(n, ...params, inAt[0]!, inAt[1]!, inAt[2]!, slot(inAt, 3), outAt[0]!, outAt[1]!, slot(outAt, 2)),
    );
  };
}
