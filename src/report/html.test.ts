// The HTML report as a browser shows it: rendered in headless Chromium (Debian's, driven by
// playwright-core), with its charts present in every section that should have them, nothing
// fetched from outside the file, and no console or page errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { reportCommand } from '../cli/report-commands.js';
import { skipUnlessTool } from '../util/system-tool-test-support.js';
import type { ReportSummary } from './types.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const CHROMIUM = '/usr/bin/chromium';
const skip = skipUnlessTool('chromium', 'apt-get install chromium');

const out = mkdtempSync(path.join(os.tmpdir(), 'actbench-html-'));
after(() => rmSync(out, { recursive: true, force: true }));

describe('index.html in headless Chromium', { skip }, () => {
  it('renders every chart with no errors and no outside requests', async () => {
    // The whole command in process: summary, curves from the activation registry, files.
    await reportCommand({ dir: path.join(FIXTURES, 'tiny'), out }, { out: () => undefined, err: () => undefined });
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as ReportSummary;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const outside: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) outside.push(request.url());
      });
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href, { waitUntil: 'load' });

      const svgCounts = await page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('section[data-section]')].map((section) => [
            section.getAttribute('data-section'),
            section.querySelectorAll(':scope svg').length,
          ]),
        ),
      );
      // Box plots: one per mini-experiment (2); rank heat maps on best and mean (2); CD diagrams on
      // mean and best (2, relu and swish being present everywhere); the stability profiles and the
      // win-rate heat map (2); best-of-k curves, one per mini-experiment (2); time-to-target curves, one per
      // mini-experiment (2); one overview sheet of curves; none in the diagnostics section, which the
      // fixture's ledger (no diagnostics) reduces to one line.
      assert.deepEqual(svgCounts, {
        overview: 0,
        stability: 0,
        distributions: 2,
        rankings: 2,
        profiles: 2,
        significance: 2,
        'best-of-k': 2,
        cost: 2,
        diagnostics: 0,
        sensitivity: 0,
        activations: 1,
        environment: 0,
        methods: 0,
      });

      // The recommendation sits right after the headline, one item per scenario.
      const recommendation = await page.evaluate(() =>
        [...document.querySelectorAll('[data-recommendation] li')].map((li) => li.getAttribute('data-scenario')),
      );
      assert.deepEqual(recommendation, ['small budget', 'large budget', 'stability', 'compute']);

      // The charts are laid out, not just present: every one has a real size on the page.
      const sizes = await page.evaluate(() =>
        [...document.querySelectorAll('svg')].map((svg) => svg.getBoundingClientRect()).map((r) => [r.width, r.height]),
      );
      for (const [width, height] of sizes) assert.ok(width! > 50 && height! > 50, `chart size ${width}×${height}`);

      // The curves section holds one panel per activation with a curve (maxout-2 has none, and says so).
      const panels = await page.evaluate(() => document.querySelectorAll('section[data-section="activations"] svg g.line-chart').length);
      assert.equal(panels, 3);
      assert.match((await page.textContent('section[data-section="activations"]')) ?? '', /No curve: maxout-2/);

      // Tables show every cell; the stability table's rows are activation × mini-experiment.
      const stabilityRows = await page.evaluate(() => document.querySelectorAll('table[data-table="stability"] tbody tr').length);
      assert.equal(stabilityRows, summary.activations.length * summary.miniExperiments.length);
      const missingCells = await page.evaluate(() => document.querySelectorAll('table[data-table="best"] td.missing').length);
      assert.equal(missingCells, 2); // cube and maxout-2 on tagging

      assert.deepEqual(problems, []);
      assert.deepEqual(outside, []);
    } finally {
      await browser.close();
    }
  });
});
