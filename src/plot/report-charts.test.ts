// The report's chart kinds: box plots, heat maps and critical-difference diagrams are well-formed
// SVG that draw what they are given where they should.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxPlotSvg, type BoxSummary } from './box-plot.js';
import { cdDiagramSvg, nonSignificantGroups } from './cd-diagram.js';
import { heatMapSvg } from './heat-map.js';
import { findAll, parseXml, textContent, type XmlElement } from './xml-parse-test-support.js';

const byClass = (root: XmlElement, name: string, className: string): XmlElement[] =>
  findAll(root, name).filter((e) => (e.attrs.class ?? '').split(' ').includes(className));

describe('box plot', () => {
  const box = (name: string, q1: number, median: number, q3: number, low: number, high: number, outliers: number[] = []): BoxSummary => ({
    name,
    n: 10,
    q1,
    median,
    q3,
    whiskerLow: low,
    whiskerHigh: high,
    outliers,
    mean: median,
  });

  it('draws one row per category, boxes and medians in data order along the axis, outliers as dots', () => {
    const svg = boxPlotSvg({
      boxes: [box('relu', 0.6, 0.7, 0.8, 0.5, 0.9, [0.2]), box('swish', 0.7, 0.75, 0.78, 0.65, 0.85)],
      title: 'scores',
    });
    const root = parseXml(svg);
    assert.equal(root.name, 'svg');
    assert.equal(byClass(root, 'g', 'box-row').length, 2);
    const medians = byClass(root, 'line', 'median').map((e) => Number(e.attrs.x1));
    const boxes = byClass(root, 'rect', 'box');
    // relu's median (.70) lies left of swish's (.75), and inside its own box.
    assert.ok(medians[0]! < medians[1]!);
    assert.ok(Number(boxes[0]!.attrs.x) < medians[0]! && medians[0]! < Number(boxes[0]!.attrs.x) + Number(boxes[0]!.attrs.width));
    assert.equal(byClass(root, 'circle', 'outlier').length, 1);
  });

  it('marks a category without values instead of drawing a box, and keeps a zero-width box visible', () => {
    const empty: BoxSummary = { name: 'cube', n: 0, q1: NaN, median: NaN, q3: NaN, whiskerLow: NaN, whiskerHigh: NaN, outliers: [] };
    const single = box('relu', 0.7, 0.7, 0.7, 0.7, 0.7);
    const root = parseXml(boxPlotSvg({ boxes: [single, empty] }));
    assert.equal(byClass(root, 'rect', 'box').length, 1);
    assert.ok(Number(byClass(root, 'rect', 'box')[0]!.attrs.width) >= 2);
    assert.ok(textContent(root).includes('no scores'));
  });
});

describe('box plot against a baseline', () => {
  const box = (name: string, median: number, flagged = false): BoxSummary => ({
    name,
    n: 4,
    q1: median - 0.01,
    median,
    q3: median + 0.01,
    whiskerLow: median - 0.02,
    whiskerHigh: median + 0.02,
    outliers: [],
    flagged,
  });

  it('draws the baseline as a dashed line on the axis, even beyond every box, and marks flagged rows', () => {
    const root = parseXml(
      boxPlotSvg({ boxes: [box('relu', 0.5, true), box('swish', 0.6, true)], referenceLine: { value: 0.83, label: 'baseline 0.8300' } }),
    );
    const line = findAll(byClass(root, 'g', 'reference-line')[0]!, 'line')[0]!;
    assert.equal(line.attrs['stroke-dasharray'], '5 3');
    // The baseline lies right of both medians and inside the plot area.
    const area = byClass(root, 'rect', 'plot-area')[0]!;
    const x = Number(line.attrs.x1);
    assert.ok(x > Math.max(...byClass(root, 'line', 'median').map((e) => Number(e.attrs.x1))));
    assert.ok(x <= Number(area.attrs.x) + Number(area.attrs.width) + 1e-9);
    assert.ok(textContent(root).includes('baseline 0.8300'));
    assert.equal(byClass(root, 'g', 'flagged').length, 2);
    assert.ok(textContent(root).includes('relu †'));
  });

  it('draws no line and no mark without them', () => {
    const root = parseXml(boxPlotSvg({ boxes: [box('relu', 0.5)] }));
    assert.equal(byClass(root, 'g', 'reference-line').length, 0);
    assert.equal(byClass(root, 'g', 'flagged').length, 0);
    assert.ok(!textContent(root).includes('†'));
  });
});

describe('heat map', () => {
  it('draws a cell per value, missing ones marked, darker for the better end', () => {
    const root = parseXml(
      heatMapSvg({
        rowLabels: ['relu', 'swish'],
        columnLabels: ['a', 'b'],
        values: [
          [1, 2],
          [2, null],
        ],
        dark: 'low',
        domain: [1, 2],
      }),
    );
    assert.equal(byClass(root, 'g', 'cell').length, 4);
    assert.equal(byClass(root, 'g', 'missing').length, 1);
    const fills = byClass(root, 'g', 'cell')
      .filter((g) => !(g.attrs.class ?? '').includes('missing'))
      .map((g) => findAll(g, 'rect')[0]!.attrs.fill);
    // Rank 1 (best) gets the dark end of the scale, rank 2 the light end.
    assert.deepEqual(fills, ['#08306b', '#f7fbff', '#f7fbff']);
  });
});

describe('critical-difference diagram', () => {
  it('groups methods whose ranks lie within the critical difference (hand-worked)', () => {
    // Ranks 1.0 1.5 2.4 3.9 4.0 with CD 1.0: from 1.0 the run reaches 1.5 (2.4 − 1.0 ≥ 1);
    // from 1.5, 2.4 (0.9 < 1); from 2.4, nothing (3.9 − 2.4 = 1.5); from 3.9, 4.0.
    assert.deepEqual(nonSignificantGroups([1, 1.5, 2.4, 3.9, 4], 1), [
      [0, 1],
      [1, 2],
      [3, 4],
    ]);
    // A group inside an earlier one is not drawn again.
    assert.deepEqual(nonSignificantGroups([1, 1.2, 1.4, 3], 1), [[0, 2]]);
    assert.deepEqual(nonSignificantGroups([1, 3, 5], 1), []);
  });

  it('draws every method, the CD bar and the group bars', () => {
    const root = parseXml(
      cdDiagramSvg({
        ranks: [
          { name: 'swish', rank: 1.2 },
          { name: 'relu', rank: 2 },
          { name: 'tanh', rank: 2.8 },
          { name: 'cube', rank: 4 },
        ],
        criticalDifference: 1,
        title: 'CD',
      }),
    );
    assert.equal(byClass(root, 'g', 'method').length, 4);
    assert.equal(byClass(root, 'g', 'critical-difference').length, 1);
    // 1.2–2 and 2–2.8 are within 1; 2.8–4 is not (1.2 ≥ 1).
    assert.equal(byClass(root, 'line', 'group').length, 2);
    assert.ok(textContent(root).includes('CD = 1.00'));
    assert.ok(textContent(root).includes('swish (1.20)'));
  });
});
