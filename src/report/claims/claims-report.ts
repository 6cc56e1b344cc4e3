// The findings: a paper's claims beside this study's verdicts, as a table (CSV, Markdown, HTML)
// and one headline sentence that counts them.
import path from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import type { ReportTable } from '../tables.js';
import type { ReportSummary } from '../types.js';
import type { ClaimsSummary, ClaimVerdict } from './claim-types.js';

/** E18's headline claims, checked by every report unless told otherwise. */
export function defaultClaimsFile(): string {
  return path.join(packageRoot(), 'reports', 'claims', 'e18.yaml');
}

const VERDICT_ORDER: ClaimVerdict[] = ['supported', 'contradicted', 'inconclusive', 'not evaluable'];

/** "3 supported, 1 contradicted, 2 inconclusive, 1 not evaluable", leaving out the zeros. */
export function verdictCounts(claims: ClaimsSummary): string {
  return VERDICT_ORDER.map((verdict) => [verdict, claims.results.filter((result) => result.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0)
    .map(([verdict, count]) => `${count} ${verdict}`)
    .join(', ');
}

/** The summary with the claims attached and a headline sentence counting their verdicts. */
export function withClaims(summary: ReportSummary, claims: ClaimsSummary): ReportSummary {
  const sentence = `Of ${claims.results.length} claims of ${claims.title}, this study gives ${verdictCounts(claims)} (bootstrap at ${Math.round(100 * claims.confidence)}%; findings table).`;
  return { ...summary, claims, headline: [...summary.headline, sentence] };
}

export function claimsTable(summary: ReportSummary): ReportTable {
  const claims = summary.claims;
  return {
    name: 'claims',
    title: claims ? `Findings: ${claims.title}` : 'Findings',
    description: claims
      ? `The claims of ${claims.file} checked on this study. ${claims.method}`
      : 'No claims were checked (the report was run with --no-claims, or the summary predates claims).',
    columns: [
      { header: 'claim', kind: 'text' },
      { header: 'verdict', kind: 'text' },
      { header: 'statistic', kind: 'text' },
      { header: 'mini-experiments', kind: 'count' },
      { header: 'source', kind: 'text' },
    ],
    rows: (claims?.results ?? []).map((result) => [result.text, result.verdict, result.statistic, result.miniExperiments, result.source]),
  };
}
