#!/usr/bin/env bash
# Builds the WASM SIMD activation kernels from src/backend/kernels/simd/activations.c. The .wasm is
# kept in the repository (a fresh install needs no C toolchain); a test rebuilds it when clang is
# present and fails if the committed file is stale. Needs Debian's clang and lld
# (apt-get install clang lld). Usage: scripts/build-simd.sh [OUTPUT]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src="$here/src/backend/kernels/simd/activations.c"
out="${1:-$here/src/backend/kernels/simd/activations.wasm}"
# --import-memory: the kernels run on tfjs-wasm's heap (or on a memory the JS side gives them);
# -mnontrapping-fptoint: float→int conversions saturate instead of trapping on NaN or huge values;
# no stack and one page of initial memory, so any memory of one page or more can be imported.
# -disable-lsr: as for the training kernels (scripts/build-training-kernels.sh), the loops keep their
# constant offsets in the loads; with the backward loops over two vectors, the memory-bound
# kernels' forward+backward went 0.50–0.58 → 0.42–0.46 ns/element and gelu's 4.1 → 3.7
# (scripts/compare-simd-builds.ts; outputs bit for bit the same).
clang -mllvm -disable-lsr ${ACTBENCH_CFLAGS:-} --target=wasm32 -msimd128 -mnontrapping-fptoint -O3 -nostdlib -ffile-prefix-map="$here"=. \
  -Wl,--no-entry -Wl,--import-memory -Wl,-z,stack-size=0 -Wl,--initial-memory=65536 -Wl,--strip-all -o "$out" "$src"
# The kernels share tfjs-wasm's memory, so they must not write anything of their own there:
# no data segments and no use of the C stack (the stack-pointer global).
if command -v llvm-objdump >/dev/null 2>&1; then
  if llvm-objdump -h "$out" | grep -q ' DATA '; then echo "build-simd: $out has a data segment" >&2; exit 1; fi
  if llvm-objdump -d "$out" | grep -qE 'global\.(get|set)'; then echo "build-simd: a kernel uses the C stack (global.get/set)" >&2; exit 1; fi
fi
echo "built $out ($(wc -c <"$out") bytes)"
