import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipPolyline, clipSegment } from './clip.js';
import { lineChartSvg, renderLineChart, type LineChartOptions } from './line-chart.js';
import { escapeXml, fmt, svgDocument } from './svg.js';
import { textWidth, truncateText, wrapText } from './text.js';
import { findAll, parseXml, textContent, type XmlElement } from './xml-parse-test-support.js';

const num = (e: XmlElement, a: string): number => Number(e.attrs[a]);
const points = (e: XmlElement): number[][] => (e.attrs.points ?? '').split(' ').map((p) => p.split(',').map(Number));
const polylinesOf = (root: XmlElement, name: string): XmlElement[] => {
  const g = findAll(root, 'g').find((e) => e.attrs['data-name'] === name);
  assert.ok(g, `series ${name}`);
  return findAll(g, 'polyline');
};
const plotArea = (root: XmlElement): { x: number; y: number; w: number; h: number } => {
  const r = findAll(root, 'rect').find((e) => e.attrs.class === 'plot-area');
  assert.ok(r);
  return { x: num(r, 'x'), y: num(r, 'y'), w: num(r, 'width'), h: num(r, 'height') };
};
const close = (a: number, b: number, msg?: string): void => assert.ok(Math.abs(a - b) <= 0.011, msg ?? `${a} ≈ ${b}`);

describe('escaping and number output', () => {
  it('escapes markup characters and replaces characters XML forbids', () => {
    assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    assert.equal(escapeXml('a\u0000b\uD800c'), 'a\uFFFDb\uFFFDc');
    assert.equal(escapeXml('σ(x) · x² ≥ 0 😀'), 'σ(x) · x² ≥ 0 😀');
  });
  it('formats coordinates compactly and refuses non-finite ones', () => {
    assert.equal(fmt(1.23456), '1.23');
    assert.equal(fmt(-0.001), '0');
    assert.equal(fmt(100), '100');
    assert.throws(() => fmt(NaN), RangeError);
    assert.throws(() => fmt(Infinity), RangeError);
  });
});

describe('text layout', () => {
  it('wraps on spaces and truncates what cannot fit', () => {
    const lines = wrapText('aaaa bbbb cccc', textWidth('aaaa bbbb', 10), 10);
    assert.deepEqual(lines, ['aaaa bbbb', 'cccc']);
    const t = truncateText('a-very-long-name-without-spaces', 60, 10);
    assert.ok(t.endsWith('…') && textWidth(t, 10) <= 60);
  });
});

describe('clipping', () => {
  const r = { x0: 0, y0: 0, x1: 10, y1: 10 };
  it('clips a segment to the rectangle (Liang–Barsky)', () => {
    assert.deepEqual(clipSegment([0, 5], [10, 5], r), [0, 1]);
    assert.deepEqual(clipSegment([-10, 5], [10, 5], r), [0.5, 1]);
    assert.deepEqual(clipSegment([0, 0], [10, 20], r), [0, 0.5]);
    assert.equal(clipSegment([0, 11], [10, 11], r), null);
    assert.equal(clipSegment([-5, 4], [4, -5], r), null); // passes the corner outside
  });
  it('splits runs at gaps and rectangle exits', () => {
    const { runs, isolated } = clipPolyline([0, 1, 2, 3, 4, 5, 6, 7], [1, 2, NaN, 4, 20, 4, Infinity, 5], r);
    assert.deepEqual(runs, [
      [
        [0, 1],
        [1, 2],
      ],
      [
        [3, 4],
        [3.375, 10],
      ],
      [
        [4.625, 10],
        [5, 4],
      ],
    ]);
    assert.deepEqual(isolated, [[7, 5]]);
  });
});

describe('svgDocument', () => {
  it('is standalone XML and safe to inline in HTML', () => {
    const svg = svgDocument(100, 50, '<g/>', { title: 'a & b' });
    const root = parseXml(svg);
    assert.equal(root.attrs.xmlns, 'http://www.w3.org/2000/svg');
    assert.equal(root.attrs.viewBox, '0 0 100 50');
    assert.equal(textContent(findAll(root, 'title')[0]!), 'a & b');
    assert.ok(!svg.includes('<?xml') && !svg.includes('<style') && !svg.includes(' id='));
  });
  it('rejects a bad size', () => {
    assert.throws(() => svgDocument(0, 50, ''), RangeError);
    assert.throws(() => svgDocument(NaN, 50, ''), RangeError);
  });
});

describe('lineChartSvg', () => {
  const base: LineChartOptions = {
    title: 'Title <with> "markup" & more',
    subtitle: "f'(x) = σ(x)·(1 − σ(x))",
    xLabel: 'x',
    yLabel: 'y',
    xs: [0, 1, 2, 3, 4, 5],
    series: [
      { name: 'a', ys: [0, 1, 4, 9, 16, 25] },
      { name: "b'", ys: [5, 4, 3, 2, 1, 0] },
    ],
  };

  it('produces well-formed SVG with escaped text, axes, legend and one polyline per series', () => {
    const svg = lineChartSvg(base);
    const root = parseXml(svg);
    assert.equal(root.attrs.width, '640');
    assert.equal(root.attrs.height, '420');
    const texts = findAll(root, 'text').map(textContent);
    assert.ok(texts.includes(base.title!));
    assert.ok(texts.includes(base.subtitle!));
    assert.ok(texts.includes("b'"), 'legend entry');
    assert.ok(texts.includes('25') || texts.includes('30'), 'y tick labels reach the top of the data');
    assert.equal(polylinesOf(root, 'a').length, 1);
    assert.equal(polylinesOf(root, "b'").length, 1);
  });

  it('honours width and height', () => {
    const root = parseXml(lineChartSvg({ ...base, width: 300, height: 200 }));
    assert.equal(root.attrs.viewBox, '0 0 300 200');
    const a = plotArea(root);
    assert.ok(a.x > 0 && a.y > 0 && a.x + a.w <= 300 && a.y + a.h <= 200);
  });

  it('maps data to pixels: hand-worked example', () => {
    // No header, so the plot starts one padding (0.8 · fontSize = 8) below the box top; the bottom
    // margin is padding 8 + tick 4 + gap 3 + tick label 9.2 · 1.05 = 24.66.
    const body = renderLineChart(
      {
        xs: [0, 5, 10],
        series: [{ name: 's', ys: [0, 50, 100] }],
        xRange: [0, 10],
        yRange: [0, 100],
        yPad: 0,
        yTicks: 2,
        fontSize: 10,
        legend: false,
      },
      { x: 0, y: 0, width: 400, height: 300 },
    );
    const root = parseXml(svgDocument(400, 300, body));
    const a = plotArea(root);
    close(a.y, 8);
    close(a.y + a.h, 300 - 24.66);
    const [line] = polylinesOf(root, 's');
    assert.ok(line);
    const pts = points(line);
    assert.equal(pts.length, 3);
    close(pts[0]![0]!, a.x);
    close(pts[0]![1]!, 275.34);
    close(pts[1]![0]!, a.x + a.w / 2);
    close(pts[1]![1]!, (8 + 275.34) / 2);
    close(pts[2]![0]!, a.x + a.w);
    close(pts[2]![1]!, 8);
    // The y tick labelled 50 sits at the same height as the data point at 50.
    const label50 = findAll(root, 'text').find((t) => textContent(t) === '50');
    assert.ok(label50);
    close(num(label50, 'y'), (8 + 275.34) / 2);
  });

  it('clips values outside the y-range at the exact crossing point', () => {
    const body = renderLineChart(
      { xs: [0, 10], series: [{ name: 's', ys: [0, 200] }], xRange: [0, 10], yRange: [0, 100], yPad: 0, legend: false },
      { x: 0, y: 0, width: 400, height: 300 },
    );
    const root = parseXml(svgDocument(400, 300, body));
    const a = plotArea(root);
    const pts = points(polylinesOf(root, 's')[0]!);
    assert.equal(pts.length, 2);
    close(pts[1]![0]!, a.x + a.w / 2); // y reaches 100 at x = 5
    close(pts[1]![1]!, a.y);
  });

  it('never writes NaN or Infinity: non-finite values break the line', () => {
    const svg = lineChartSvg({
      xs: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      series: [
        { name: 'gappy', ys: [0, 1, NaN, 3, 4, Infinity, 6, -Infinity, 8] },
        { name: 'empty', ys: [NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN] },
        { name: 'bad-x', xs: [NaN, 1, 2, Infinity, 4, 5, 6, 7, 8], ys: [1, 1, 1, 1, 1, 1, 1, 1, 1] },
      ],
      yRange: [NaN, 1],
      xRange: [Infinity, 0],
    });
    assert.doesNotMatch(svg, /NaN|Infinity/);
    const root = parseXml(svg);
    assert.equal(polylinesOf(root, 'gappy').length, 2); // [0,1] and [3,4]; 6 and 8 are isolated
    assert.equal(findAll(findAll(root, 'g').find((g) => g.attrs['data-name'] === 'gappy')!, 'circle').length, 2);
    assert.equal(polylinesOf(root, 'empty').length, 0);
    assert.equal(polylinesOf(root, 'bad-x').length, 2);
  });

  it('draws zero lines when 0 is in range and none when it is not', () => {
    const withZero = parseXml(lineChartSvg({ xs: [-1, 1], series: [{ name: 's', ys: [-1, 1] }] }));
    assert.equal(findAll(findAll(withZero, 'g').find((g) => g.attrs.class === 'zero-lines')!, 'line').length, 2);
    const without = parseXml(lineChartSvg({ xs: [1, 2], series: [{ name: 's', ys: [5, 6] }] }));
    assert.ok(!findAll(without, 'g').some((g) => g.attrs.class === 'zero-lines'));
  });

  it('keeps x tick labels apart on a narrow chart', () => {
    const root = parseXml(lineChartSvg({ width: 160, height: 120, xs: [0, 1000000], series: [{ name: 's', ys: [0, 1] }] }));
    const g = findAll(root, 'g').find((e) => e.attrs.class === 'tick-labels')!;
    const xLabels = findAll(g, 'text').filter((t) => t.attrs['text-anchor'] === 'middle');
    for (let i = 1; i < xLabels.length; i++) {
      const gap = num(xLabels[i]!, 'x') - num(xLabels[i - 1]!, 'x');
      const need = (textWidth(textContent(xLabels[i]!), 11.04) + textWidth(textContent(xLabels[i - 1]!), 11.04)) / 2;
      assert.ok(gap > need, `labels ${i - 1} and ${i} overlap`);
    }
  });
});
