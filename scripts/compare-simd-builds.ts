// Times the SIMD activation kernels of several activations.wasm builds side by side, without
// tfjs: each kernel's forward and backward on 1M float32 elements (x ~ 3·N(0, 1), as the bench's),
// the builds alternating within each repetition so that load on the machine hits all alike.
// Not a test: run by hand while changing src/backend/kernels/simd/*.c, e.g.
//   git show HEAD:src/backend/kernels/simd/activations.wasm > /tmp/old.wasm
//   scripts/build-simd.sh /tmp/new.wasm
//   node --no-liftoff --import tsx scripts/compare-simd-builds.ts sin,gelu 5 /tmp/old.wasm /tmp/new.wasm
// (--no-liftoff: the kernels run optimised from the first call, as they are after tfjs's warm-up.)
// Prints per kernel and build the median of the repetitions' fastest calls, ns per element.
import { readFileSync } from 'node:fs';

type Forward = (x: number, y: number, n: number, pos: number, neg: number, param: number) => void;
type Backward = (x: number, y: number, dy: number, dx: number, n: number, param: number) => void;

const N = 1 << 20;
// The kernels' constant where they take one (elu's α, leaky ReLU's slope); 0 elsewhere.
const PARAMS: Record<string, number> = { elu: 1, leaky_relu: 0.01 };

function gaussians(out: Float32Array, scale: number): void {
  for (let i = 0; i < out.length; i++) out[i] = scale * Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

function fastestCall(fn: () => void, calls = 15): number {
  let best = Infinity;
  for (let i = 0; i < calls; i++) {
    const started = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - started));
  }
  return best / N;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

function main(): void {
  const [kernelList, repetitionArg, ...paths] = process.argv.slice(2);
  if (!kernelList || !repetitionArg || paths.length === 0) {
    console.error('usage: compare-simd-builds.ts KERNEL[,KERNEL…] REPETITIONS BUILD.wasm…');
    process.exit(2);
  }
  // x, y, dy, dx one after another in one memory that every build imports.
  const memory = new WebAssembly.Memory({ initial: Math.ceil((16 * N) / 65536) + 1 });
  const [x, y, dy, dx] = [0, 1, 2, 3].map((k) => k * N * 4) as [number, number, number, number];
  gaussians(new Float32Array(memory.buffer, x, N), 3);
  gaussians(new Float32Array(memory.buffer, dy, N), 1);
  const builds = paths.map(
    (p) => new WebAssembly.Instance(new WebAssembly.Module(readFileSync(p)), { env: { memory } }).exports as Record<string, unknown>,
  );
  for (const kernel of kernelList.split(',')) {
    const param = PARAMS[kernel] ?? 0;
    const times = builds.map(() => ({ forward: [] as number[], backward: [] as number[] }));
    for (let r = 0; r < Number(repetitionArg); r++) {
      builds.forEach((build, b) => {
        const forward = build[`${kernel}_forward`] as Forward;
        const backward = build[`${kernel}_backward`] as Backward;
        times[b]!.forward.push(fastestCall(() => forward(x, y, N, 1, 0, param)));
        times[b]!.backward.push(fastestCall(() => backward(x, y, dy, dx, N, param)));
      });
    }
    const cells = times.map(({ forward, backward }, b) => {
      const [f, d] = [median(forward), median(backward)];
      return `${paths[b]}: fwd ${f.toFixed(2)} bwd ${d.toFixed(2)} sum ${(f + d).toFixed(2)}`;
    });
    console.log(`${kernel}  ${cells.join(' | ')}`);
  }
}

main();
