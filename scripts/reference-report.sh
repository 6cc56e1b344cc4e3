#!/usr/bin/env bash
# Writes reports/<package version>/, the reference report of this release: runs the `quick`
# preset into a study folder (resuming it if it is already there) and turns it into a report with
# `actbench report`, then keeps the study's ledger and spec beside it (study/), so a later release
# can compare against it with `actbench compare reports/<version> NEW` even after the summary
# format changes. Never edit the result by hand; run this again instead. Needs no npm: node and
# the installed dependencies (tsx runs the sources). Takes as long as the quick study (README).
# Usage: scripts/reference-report.sh [STUDY_DIR]   (default out/reference/quick-<version>)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
version=$(node -p "require('./package.json').version")
study="${1:-out/reference/quick-$version}"
target="reports/$version"
actbench() { node --import tsx src/cli/main.ts "$@"; }

actbench run --preset quick --out "$study"
# A fresh folder each time, so no file of an earlier run (or an earlier format) survives.
rm -rf "$target"
actbench report "$study" --out "$target"
# merge writes every job once into one ledger.jsonl with the spec, whatever shard files the study has.
actbench merge "$target/study" "$study"
echo "reference report of actbench $version: $target (from the study in $study)"
