import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { activationPlotSvg, overviewSheetSvg, writeActivationPlots, type ActivationCurve } from './activation-plots.js';
import { findAll, parseXml, textContent, type XmlElement } from './xml-parse-test-support.js';

const XS = Array.from({ length: 101 }, (_, i) => -5 + i * 0.1);

function curve(name: string, formula: string, f: (x: number) => number, df: (x: number) => number): ActivationCurve {
  return { name, formula, xs: XS, f: XS.map(f), df: XS.map(df) };
}

const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const CURVES: ActivationCurve[] = [
  curve(
    'relu',
    'max(0, x)',
    (x) => Math.max(0, x),
    (x) => (x > 0 ? 1 : 0),
  ),
  curve('sigmoid', 'σ(x) = 1 / (1 + e^(−x))', sig, (x) => sig(x) * (1 - sig(x))),
  curve('exp', 'e^x', Math.exp, Math.exp),
  curve('broken <&>', 'log(x) & 1/x, "quoted" \'too\'', Math.log, (x) => 1 / x),
];

const seriesNames = (root: XmlElement): string[] =>
  findAll(root, 'g')
    .filter((g) => g.attrs.class === 'series')
    .map((g) => g.attrs['data-name'] ?? '');

describe('activationPlotSvg', () => {
  it('plots f and f′ titled with the name and formula', () => {
    const c = CURVES[1]!;
    const root = parseXml(activationPlotSvg(c));
    assert.equal(root.name, 'svg');
    assert.deepEqual(seriesNames(root), ['f(x)', "f'(x)"]);
    const texts = findAll(root, 'text').map(textContent);
    assert.ok(texts.includes('sigmoid'));
    assert.ok(texts.includes(c.formula));
    assert.ok(texts.includes('−5') && texts.includes('5'), 'x axis spans [−5, 5]');
  });

  it('survives NaN and ±Infinity and hostile text', () => {
    const svg = activationPlotSvg(CURVES[3]!);
    assert.doesNotMatch(svg, /NaN|Infinity/);
    const root = parseXml(svg);
    assert.ok(findAll(root, 'text').map(textContent).includes('broken <&>'));
    assert.ok(findAll(root, 'polyline').length >= 2);
  });

  it('rejects curves whose arrays differ in length', () => {
    assert.throws(() => activationPlotSvg({ ...CURVES[0]!, df: [1, 2] }), RangeError);
  });
});

describe('overviewSheetSvg', () => {
  it('has one titled cell with f and f′ per activation, for 30 activations', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...CURVES[i % CURVES.length]!, name: `act-${i}` }));
    const svg = overviewSheetSvg(many);
    assert.doesNotMatch(svg, /NaN|Infinity/);
    const root = parseXml(svg);
    const cells = findAll(root, 'g').filter((g) => g.attrs.class === 'line-chart');
    assert.equal(cells.length, 30);
    cells.forEach((cell, i) => {
      assert.ok(findAll(cell, 'text').some((t) => textContent(t) === `act-${i}`));
      assert.deepEqual(seriesNames(cell), ['f(x)', "f'(x)"]);
    });
    // Cells stay inside the sheet.
    const w = Number(root.attrs.width);
    const h = Number(root.attrs.height);
    for (const r of findAll(root, 'rect').filter((e) => e.attrs.class === 'plot-area')) {
      assert.ok(Number(r.attrs.x) >= 0 && Number(r.attrs.x) + Number(r.attrs.width) <= w);
      assert.ok(Number(r.attrs.y) >= 0 && Number(r.attrs.y) + Number(r.attrs.height) <= h);
    }
  });

  it('honours the column count', () => {
    const root = parseXml(overviewSheetSvg(CURVES, { columns: 2, cellWidth: 150, cellHeight: 100 }));
    assert.equal(root.attrs.width, String(2 * 150 + 24));
  });
});

describe('writeActivationPlots', () => {
  it('writes one SVG per activation plus overview.svg', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actbench-plot-'));
    try {
      const out = join(dir, 'nested', 'plots');
      const paths = writeActivationPlots([...CURVES, { ...CURVES[0]!, name: 'overview' }, { ...CURVES[0]! }], out);
      assert.deepEqual(
        paths.map((p) => basename(p)),
        ['relu.svg', 'sigmoid.svg', 'exp.svg', 'broken.svg', 'overview-2.svg', 'relu-2.svg', 'overview.svg'],
      );
      for (const p of paths) {
        assert.ok(p.startsWith(out));
        parseXml(readFileSync(p, 'utf8'));
      }
      const overview = parseXml(readFileSync(join(out, 'overview.svg'), 'utf8'));
      assert.equal(findAll(overview, 'g').filter((g) => g.attrs.class === 'line-chart').length, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
