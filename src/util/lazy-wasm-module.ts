// A committed .wasm kernel file, compiled on first use. A file that is missing, or that this
// engine cannot compile (no WASM SIMD), leaves its kernels unavailable with the reason instead of
// failing the import, so callers can fall back to the kernels they would otherwise replace.
import { readFileSync } from 'node:fs';

export interface LazyWasmModule {
  /** The compiled module, or null when it cannot be had here. */
  module(): WebAssembly.Module | null;
  /** Why module() is null ('' while it is not). */
  unavailableReason(): string;
  /** An instance on `memory` (the modules import their memory); throws naming `what` when unavailable. */
  instantiate(memory: WebAssembly.Memory): WebAssembly.Instance;
}

export function lazyWasmModule(file: () => string, what: string): LazyWasmModule {
  let compiled: WebAssembly.Module | null | undefined;
  let reason = '';
  const module = (): WebAssembly.Module | null => {
    if (compiled !== undefined) return compiled;
    try {
      compiled = new WebAssembly.Module(readFileSync(file()));
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      compiled = null;
    }
    return compiled;
  };
  return {
    module,
    unavailableReason: () => {
      module();
      return reason;
    },
    instantiate: (memory) => {
      const compiledModule = module();
      if (!compiledModule) throw new Error(`${what} are unavailable: ${reason}`);
      return new WebAssembly.Instance(compiledModule, { env: { memory } });
    },
  };
}
