#!/usr/bin/env bash
# Builds the WASM SIMD training kernels from src/backend/kernels/simd/training-kernels.c (the
# whole-sequence LSTM and its small products). The .wasm is kept in the repository, so that a
# fresh install needs no C toolchain; a test rebuilds it when clang is present and fails if the
# committed file is stale. Needs Debian's clang and lld (apt-get install clang lld).
# Usage: scripts/build-training-kernels.sh [OUTPUT]   (ACTBENCH_CFLAGS adds clang flags, for
# experiments such as -DMATMUL_KC=128; the committed module is built without)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src="$here/src/backend/kernels/simd/training-kernels.c"
out="${1:-$here/src/backend/kernels/simd/training-kernels.wasm}"
# As for the activation kernels (scripts/build-simd.sh): the module imports its memory (tfjs-wasm's
# heap, or one of the JS side's) and owns no stack. -mbulk-memory lets clang turn copy and zeroing
# loops into memory.copy / memory.fill instead of calls to a memcpy that does not exist here.
# -disable-lsr: loop strength reduction turns the product's strip pointers into induction variables
# whose constant offsets clang can then no longer fold into the loads (it must prove the add does
# not wrap), so V8 computes each address with a lea; without it the strips' loads carry their
# offsets, and BatchMatMul runs ~5% faster (measured; the other kernels do not change).
clang -mllvm -disable-lsr ${ACTBENCH_CFLAGS:-} --target=wasm32 -msimd128 -mbulk-memory -mnontrapping-fptoint -O3 -nostdlib -ffile-prefix-map="$here"=. \
  -Wl,--no-entry -Wl,--import-memory -Wl,-z,stack-size=0 -Wl,--initial-memory=65536 -Wl,--strip-all -o "$out" "$src"
if command -v llvm-objdump >/dev/null 2>&1; then
  if llvm-objdump -h "$out" | grep -q ' DATA '; then echo "build-training-kernels: $out has a data segment" >&2; exit 1; fi
  if llvm-objdump -d "$out" | grep -qE 'global\.(get|set)'; then echo "build-training-kernels: a kernel uses the C stack (global.get/set)" >&2; exit 1; fi
fi
echo "built $out ($(wc -c <"$out") bytes)"
