#!/usr/bin/env bash
# The release gate: runs the `gate` preset (a few of the `quick` study's mini-experiments, the same
# jobs, configurations and splits) with this code and compares it with the newest reference report
# in reports/<version>/ through `actbench compare`, which exits 1 on a significant regression (a
# mean drop beyond --threshold confirmed by a Holm-corrected paired test). Code that leaves results
# bit-identical passes; see docs/release-gate.md for what the gate can and cannot detect.
# Usage: scripts/release-gate.sh [STUDY_DIR]   (default out/gate; resumes when it exists)
set -euo pipefail
cd "$(dirname "$0")/.."
# Newest release folder by version order (reports/0.10.0 after reports/0.9.0).
reference=$(find reports -mindepth 1 -maxdepth 1 -type d -name '[0-9]*' | sort -V | tail -n 1)
if [ -z "$reference" ]; then
  echo "release gate: no reference report in reports/<version>/ to compare with" >&2
  exit 2
fi
study="${1:-out/gate}"
actbench() { node --import tsx src/cli/main.ts "$@"; }
actbench run --preset gate --out "$study"
actbench compare "$reference" "$study" --md "$study/compare.md"
echo "release gate passed against $reference (comparison in $study/compare.md)"
