// Entry point of the plotting module, so callers (activation plots now, HTML reports later)
// import SVG primitives from one place. `./xml-parse-test-support.js` (well-formedness checks) stays separate:
// it is for tests.
export { escapeXml, fmt, el, text, type Attrs, type AttrValue } from './xml.js';
export { textWidth, wrapText, truncateText } from './text.js';
export { niceStep, niceTicks, formatTick, robustRange, linearScale, type Ticks, type RobustRangeOptions } from './scale.js';
export { clipSegment, clipPolyline, type Rect, type Point, type ClippedPolyline } from './clip.js';
export { PALETTE, DASHES, seriesColor, seriesDash } from './palette.js';
export {
  renderLineChart,
  lineChartSvg,
  renderLegend,
  type Box,
  type Series,
  type LineChartOptions,
  type LegendItem,
} from './line-chart.js';
export { svgDocument, FONT_FAMILY, type SvgDocumentOptions } from './document.js';
