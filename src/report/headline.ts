import type { ReportSummary } from './types.js';
export function headlineSentences(summary: ReportSummary): string[] {
  void summary;
  return [];
}
