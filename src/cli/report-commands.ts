// `actbench report` and `actbench compare`: flags in, the report library (src/report, which never
// loads TensorFlow.js) called, one-line outcomes out. Only the activation curves come from the
// activation registry, whose plugin modules import tfjs; it is loaded here, outside the library,
// and the report is still written, saying so, if it cannot be.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ActivationRegistry } from '../activation/registry.js';
import type { ActivationCurve } from '../plot/activation-plots.js';
import { compareSummaries } from '../report/compare.js';
import { comparisonMarkdown } from '../report/compare-markdown.js';
import { loadStudy, ReportInputError } from '../report/load-study.js';
import { loadSummary } from '../report/read-summary.js';
import { buildSummary, DEFAULT_ALPHA, DEFAULT_REFERENCE } from '../report/summarize.js';
import { defaultClaimsFile, withClaims } from '../report/claims/claims-report.js';
import { evaluateClaims } from '../report/claims/evaluate-claims.js';
import { readClaimsFile } from '../report/claims/read-claims.js';
import { packageRoot } from '../util/package-root.js';
import { DEFAULT_ROPE } from '../report/equivalence.js';
import { compareWithRope, ropeComparisonMarkdown, DEFAULT_ROPE_REGRESSION_PROBABILITY } from '../report/compare-rope.js';
import { HTML_FILE, SUMMARY_FILE, writeReport } from '../report/write-report.js';
import type { Output } from './activation-commands.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_THRESHOLD = 0.01;
const CURVE_POINTS = 201;

/** A significant regression: exit code 1 (after the comparison is printed), so CI can gate on it. */
export class RegressionFoundError extends Error {
  override name = 'RegressionFoundError';
}

/** A flag's number, checked against (low, high] or [low, high]; one line naming the flag otherwise. */
export function parseFlagNumber(
  raw: string | number | undefined,
  flag: string,
  fallback: number,
  range: { min: number; max: number; minInclusive: boolean },
): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim() === '' ? NaN : raw);
  const above = range.minInclusive ? value >= range.min : value > range.min;
  if (!Number.isFinite(value) || !above || value > range.max) {
    throw new UsageError(`${flag}: expected a number in ${range.minInclusive ? '[' : '('}${range.min}, ${range.max}], got '${raw}'`);
  }
  return value;
}

/** f and f' from the float64 reference; f' by central differences, which is what a plot needs. */
function referenceCurve(name: string, formula: string, f: (x: number) => number): ActivationCurve {
  const xs = Array.from({ length: CURVE_POINTS }, (_, i) => -5 + (10 * i) / (CURVE_POINTS - 1));
  const step = 1e-5;
  return { name, formula, xs, f: xs.map(f), df: xs.map((x) => (f(x + step) - f(x - step)) / (2 * step)) };
}

async function activationCurves(names: readonly string[]): Promise<{ curves: ActivationCurve[]; missing: string[] }> {
  let registry: ActivationRegistry;
  try {
    // Imported on demand: the activation plugins pull in TensorFlow.js, which nothing else here needs.
    const { loadActivations } = await import('../activation/registry.js');
    registry = await loadActivations();
  } catch (error) {
    return {
      curves: [],
      missing: [`the activation registry could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`],
    };
  }
  const curves: ActivationCurve[] = [];
  const missing: string[] = [];
  for (const name of names) {
    if (!registry.has(name)) {
      missing.push(`${name} (not in this actbench's activation registry)`);
      continue;
    }
    const activation = registry.get(name);
    const reference = activation.kind === 'elementwise' ? activation.reference : activation.atInit?.reference;
    if (reference === undefined) missing.push(`${name} (a layer that mixes units: no value at a single x)`);
    else curves.push(referenceCurve(name, activation.formula, reference));
  }
  return { curves, missing };
}

export interface ReportCommandOptions {
  dir: string;
  out?: string;
  reference?: string;
  alpha?: string | number;
  /** Half-width of the region of practical equivalence (score units). */
  rope?: string | number;
  /** A claims file to check (default: E18's, reports/claims/e18.yaml); false: none. */
  claims?: string | false;
}

/** A claims file as the report names it: relative to actbench's folder when inside it (reports stay free of machine paths). */
function claimsLabel(file: string): string {
  const relative = path.relative(packageRoot(), path.resolve(file));
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export async function reportCommand(options: ReportCommandOptions, io: Output): Promise<void> {
  const started = Date.now();
  const alpha = parseFlagNumber(options.alpha, '--alpha', DEFAULT_ALPHA, { min: 0, max: 0.5, minInclusive: false });
  const rope = parseRope(options.rope);
  const progress = createProgress('report');
  progress.update(0, 4, `reading ${options.dir}`);
  const study = loadStudy(options.dir);
  const activations = new Set(study.records.map((record) => record.activation).concat(study.spec?.activations ?? []));
  if (options.reference !== undefined && !activations.has(options.reference)) {
    throw new UsageError(
      `--reference: '${options.reference}' is not an activation of the study in ${options.dir}; choose one of ${[...activations].join(', ')}`,
    );
  }
  progress.update(1, 4, `summarising ${study.records.length} runs`);
  const claimsFile = options.claims === false ? null : (options.claims ?? defaultClaimsFile());
  // Read before the summary, so a bad claims file fails in a moment rather than after the statistics.
  const claims = claimsFile === null ? null : await readClaimsFile(claimsFile);
  const plain = buildSummary(study, { reference: options.reference ?? DEFAULT_REFERENCE, alpha, rope });
  const summary = claims === null ? plain : withClaims(plain, evaluateClaims(claims, claimsLabel(claimsFile!), plain));
  progress.update(2, 4, 'evaluating activation curves');
  const curves = await activationCurves(summary.activations);
  progress.update(3, 4, 'writing tables, charts and HTML');
  const out = options.out ?? path.join(options.dir, 'report');
  const written = writeReport(summary, out, curves);
  progress.finish();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(
    `report: ${summary.activations.length} activations × ${summary.miniExperiments.length} mini-experiments, ${study.records.length} runs → ${out}/ (${SUMMARY_FILE}, ${HTML_FILE}, ${written.tables} tables as CSV and Markdown, ${written.charts} SVG charts) in ${seconds} s${summary.notes.length > 0 ? `; ${summary.notes.length} note(s) in the report` : ''}\n`,
  );
  // What the study says, last, as index.html and report.md open with it.
  io.out(`\n${summary.headline.map((line) => `- ${line}\n`).join('')}`);
}

/** --rope R: score units in [0, 0.5]; a bare --rope (empty) means the default. */
function parseRope(raw: string | number | undefined): number {
  return parseFlagNumber(raw === '' ? undefined : raw, '--rope', DEFAULT_ROPE, { min: 0, max: 0.5, minInclusive: true });
}

export interface CompareCommandOptions {
  old: string;
  new: string;
  threshold?: string | number;
  alpha?: string | number;
  md?: string;
  /** Given (a number or empty for the default): gate also on the Bayesian signed-rank test with this rope. */
  rope?: string | number;
  /** P(new worse) above which a rope comparison is a regression (default 0.95). */
  ropeProbability?: string | number;
}

export function compareCommand(options: CompareCommandOptions, io: Output): void {
  const threshold = parseFlagNumber(options.threshold, '--threshold', DEFAULT_THRESHOLD, { min: 0, max: 1, minInclusive: true });
  const alpha = parseFlagNumber(options.alpha, '--alpha', DEFAULT_ALPHA, { min: 0, max: 0.5, minInclusive: false });
  const before = loadSummary(options.old);
  const after = loadSummary(options.new);
  const comparison = compareSummaries(before.summary, after.summary, { threshold, alpha }, { old: before.source, new: after.source });
  const ropeGiven = options.rope !== undefined;
  const ropeComparison = ropeGiven
    ? compareWithRope(
        before.summary,
        after.summary,
        parseRope(options.rope),
        parseFlagNumber(options.ropeProbability, '--rope-probability', DEFAULT_ROPE_REGRESSION_PROBABILITY, {
          min: 0,
          max: 1,
          minInclusive: false,
        }),
      )
    : null;
  const markdown = comparisonMarkdown(comparison) + (ropeComparison === null ? '' : `\n${ropeComparisonMarkdown(ropeComparison)}`);
  const notInformative =
    comparison.notInformative.length > 0
      ? `; ${comparison.notInformative.length} mini-experiment(s) not informative (below the trivial baseline): ${comparison.notInformative.map((m) => m.miniExperiment).join(', ')}`
      : '';
  const verdict = `${comparison.regressions.length} significant regression(s), ${comparison.dropsWithinThreshold.length} significant drop(s) within ${threshold}, ${comparison.unconfirmedDrops.length} unconfirmed drop(s) beyond ${threshold}, ${comparison.improvements.length} significant improvement(s) over ${comparison.cells.length} cells; ${comparison.pooledRegressions.length} pooled regression(s) over all mini-experiments${comparison.pooledRegressions.length > 0 ? ` (${comparison.pooledRegressions.map((row) => row.activation).join(', ')})` : ''}${notInformative}${ropeComparison === null ? '' : `; ${ropeComparison.regressions.length} rope regression(s) (P(new worse by more than ${ropeComparison.rope}) > ${ropeComparison.probability})${ropeComparison.regressions.length > 0 ? ` (${ropeComparison.regressions.map((row) => `${row.activation} on ${row.miniExperiment ?? 'all'}`).join(', ')})` : ''}`}`;
  if (options.md !== undefined) {
    try {
      writeFileSync(options.md, markdown, 'utf8');
    } catch (error) {
      throw new ReportInputError(
        `--md ${options.md}: cannot write (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      );
    }
    io.out(`compare: ${verdict}; Markdown written to ${options.md}\n`);
  } else {
    io.out(markdown);
  }
  if (comparison.regressions.length > 0 || comparison.pooledRegressions.length > 0 || (ropeComparison?.regressions.length ?? 0) > 0)
    throw new RegressionFoundError(`compare: ${verdict}`);
}
