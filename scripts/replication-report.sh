#!/usr/bin/env bash
# Writes reports/replication/<package version>/: runs the `replication` preset (E18's design on
# offline data, docs/replication.md) into a study folder, resuming it if it is already there, turns
# it into a report with E18's claims checked (the default of `actbench report`), and keeps the
# study's ledger and spec beside it (study/). Never edit the result by hand; run this again. The
# study takes about two hours on two cores (docs/replication.md); a finished study folder makes
# this a report of a minute. A cluster runs the same preset: `actbench slurm --preset replication`.
# Usage: scripts/replication-report.sh [STUDY_DIR]   (default out/reference/replication-<version>)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
version=$(node -p "require('./package.json').version")
study="${1:-out/reference/replication-$version}"
target="reports/replication/$version"
actbench() { node --import tsx src/cli/main.ts "$@"; }

actbench run --preset replication --out "$study"
# A fresh folder each time, so no file of an earlier run (or an earlier format) survives.
rm -rf "$target"
actbench report "$study" --out "$target"
actbench merge "$target/study" "$study"
echo "replication report of actbench $version: $target (from the study in $study)"
