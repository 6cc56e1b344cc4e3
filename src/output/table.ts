// One table model, three renderings: aligned text for terminals, Markdown for reports and
// notes, CSV (via csv-stringify) for spreadsheets and scripts.
import { stringify } from 'csv-stringify/sync';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number;
  /** Right-align (numbers). */
  numeric?: boolean;
}

function cells<Row>(columns: Column<Row>[], rows: Row[]): string[][] {
  return rows.map((row) => columns.map((column) => String(column.value(row))));
}

export function renderText<Row>(columns: Column<Row>[], rows: Row[]): string {
  const body = cells(columns, rows);
  const widths = columns.map((column, i) => Math.max(column.header.length, ...body.map((line) => line[i]!.length)));
  const pad = (text: string, i: number): string => (columns[i]!.numeric ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const lines = [columns.map((c, i) => pad(c.header, i)), widths.map((w) => '-'.repeat(w)), ...body.map((line) => line.map(pad))];
  return `${lines.map((line) => line.join('  ').trimEnd()).join('\n')}\n`;
}

function escapeMarkdownCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderMarkdown<Row>(columns: Column<Row>[], rows: Row[]): string {
  const header = `| ${columns.map((c) => escapeMarkdownCell(c.header)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.numeric ? '---:' : '---')).join('|')}|`;
  const body = cells(columns, rows).map((line) => `| ${line.map(escapeMarkdownCell).join(' | ')} |`);
  return `${[header, rule, ...body].join('\n')}\n`;
}

export function renderCsv<Row>(columns: Column<Row>[], rows: Row[]): string {
  return stringify([columns.map((c) => c.header), ...cells(columns, rows)]);
}
