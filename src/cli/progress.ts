// Progress on stderr for long commands: done/total, elapsed and ETA. On a terminal one line is
// redrawn in place; otherwise (logs, CI) a line is printed at most every few seconds.
export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): Progress {
  const started = Date.now();
  let lastPrinted = 0;
  let lastLine = '';
  const line = (done: number, total: number, label: string): string => {
    const elapsed = (Date.now() - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
    return `${title} ${done}/${total} (${Math.floor((100 * done) / Math.max(total, 1))}%) elapsed ${formatDuration(elapsed)} ETA ${formatDuration(eta)}  ${label}`;
  };
  return {
    update(done, total, label) {
      lastLine = line(done, total, label);
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${lastLine.slice(0, (stream.columns ?? 120) - 1)}`);
      } else if (Date.now() - lastPrinted >= intervalMs || done === 0) {
        lastPrinted = Date.now();
        stream.write(`${lastLine}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(`${title} done in ${formatDuration((Date.now() - started) / 1000)}\n`);
    },
  };
}
