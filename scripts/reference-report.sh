#!/usr/bin/env bash
# Writes a release's reference report from a study preset: runs the preset into a study folder
# (resuming it if it is already there), turns it into a report with `actbench report` (E18's claims
# checked, the default), then keeps the study's ledger and spec beside it (study/), so a later
# release can compare against it with `actbench compare` even after the summary format changes.
# Never edit the result by hand; run this again instead. Needs no npm: node and the installed
# dependencies (tsx runs the sources).
#   quick (default) → reports/<version>/, the release gate's reference; as long as the quick study (README).
#   replication     → reports/replication/<version>/, E18's design on offline data (docs/replication.md; ~2 h on two cores).
#   vision-resnet   → reports/vision-resnet/<version>/, R17's depth question on MNIST, R17's claims checked (~30 min).
# Usage: scripts/reference-report.sh [PRESET [STUDY_DIR]]   (default study: out/reference/PRESET-<version>)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
version=$(node -p "require('./package.json').version")
preset="${1:-quick}"
study="${2:-out/reference/$preset-$version}"
claims=()
case "$preset" in
  quick) target="reports/$version" ;;
  replication) target="reports/replication/$version" ;;
  vision-resnet) target="reports/vision-resnet/$version"; claims=(--claims reports/claims/r17.yaml) ;;
  *) echo "reference-report: preset must be quick, replication or vision-resnet, got '$preset'" >&2; exit 2 ;;
esac
actbench() { node --import tsx src/cli/main.ts "$@"; }

actbench run --preset "$preset" --out "$study"
# A fresh folder each time, so no file of an earlier run (or an earlier format) survives.
rm -rf "$target"
actbench report "$study" --out "$target" ${claims[@]+"${claims[@]}"}
# merge writes every job once into one ledger.jsonl with the spec, whatever shard files the study has.
actbench merge "$target/study" "$study"
echo "$preset reference report of actbench $version: $target (from the study in $study)"
