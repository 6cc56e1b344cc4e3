// Rewrites the README's replication findings block from a committed report's summary.json:
//   node --import tsx scripts/readme-findings.ts [reports/replication/<version>]
// Without an argument it takes the newest reports/replication/<version>. The README test
// (src/report/claims/readme-findings.test.ts) fails when the block and the summary disagree.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findingsBlock, replicationReports, spliceFindings } from '../src/report/claims/readme-findings.js';
import { loadSummary } from '../src/report/read-summary.js';
import { packageRoot } from '../src/util/package-root.js';

const root = packageRoot();
const given = process.argv[2];
const reportDir = given ? path.relative(root, path.resolve(given)) : replicationReports(root).at(-1);
if (!reportDir) {
  process.stderr.write(
    'readme-findings: no reports/replication/<version>/summary.json (run scripts/reference-report.sh replication first)\n',
  );
  process.exit(2);
}
const { summary } = loadSummary(path.join(root, reportDir, 'summary.json'));
const readmePath = path.join(root, 'README.md');
writeFileSync(readmePath, spliceFindings(readFileSync(readmePath, 'utf8'), findingsBlock(summary, reportDir)));
// The formatter aligns the table's columns, as `npm run lint` expects of every Markdown file.
execFileSync(path.join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', readmePath], { stdio: 'ignore' });
process.stdout.write(`README.md: findings block from ${reportDir}/summary.json\n`);
