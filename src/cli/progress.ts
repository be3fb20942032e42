/**
 * A one-line progress display on stderr: a bar with rate and ETA on a terminal, a plain line every
 * few seconds otherwise (logs, CI). Hand-written because streaming ingest often does not know its
 * total, and all it needs is one redrawn line that problem messages can interrupt cleanly.
 */

export interface ProgressOptions {
  /** Expected number of items, when known (an estimate is fine: the ETA is dropped once exceeded). */
  total?: number;
  label?: string;
  /** Redraw in place (default: whether the stream is a TTY). */
  tty?: boolean;
  /** How often to print a plain line when not a TTY (default 5 s). */
  plainIntervalMs?: number;
  now?: () => number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export class Progress {
  private readonly tty: boolean;
  private readonly started: number;
  private readonly now: () => number;
  private lastDraw = -Infinity;
  private drawn = false;
  private done = 0;
  private extra = '';

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly options: ProgressOptions = {},
  ) {
    this.tty = options.tty ?? Boolean(stream.isTTY);
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    // Plain mode waits a full interval before its first line, so short runs print nothing.
    this.lastDraw = this.tty ? -Infinity : this.started;
  }

  /** Items per second since the start. */
  rate(): number {
    const elapsed = (this.now() - this.started) / 1000;
    return elapsed > 0 ? this.done / elapsed : 0;
  }

  /** Records progress: `done` items so far, `extra` a short status such as "3 skipped". */
  update(done: number, extra = ''): void {
    this.done = done;
    this.extra = extra;
    const t = this.now();
    const interval = this.tty ? 100 : (this.options.plainIntervalMs ?? 5000);
    if (t - this.lastDraw < interval) return;
    this.lastDraw = t;
    this.draw();
  }

  /** Prints a whole line (a problem message) without garbling the progress line. */
  log(line: string): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[2K');
    this.stream.write(line.endsWith('\n') ? line : `${line}\n`);
    if (this.tty && this.drawn) this.draw();
  }

  /** Clears the progress line; call once at the end. */
  finish(): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** The status text, e.g. "ingest [#####-----] 50% 100/200 · 40/s · ETA 0:03 · 2 skipped". */
  line(): string {
    const { total, label = 'progress' } = this.options;
    const rate = this.rate();
    const parts: string[] = [];
    if (total && total >= this.done) {
      const frac = total > 0 ? this.done / total : 1;
      const width = 20;
      const filled = Math.round(frac * width);
      const bar = this.tty ? ` [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(frac * 100)}%` : '';
      parts.push(`${label}${bar} ${this.done}/${total}`);
      parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)}/s`);
      if (rate > 0) parts.push(`ETA ${formatDuration((total - this.done) / rate)}`);
    } else {
      parts.push(`${label} ${this.done}`);
      parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)}/s`);
    }
    if (this.extra) parts.push(this.extra);
    return parts.join(' · ');
  }

  private draw(): void {
    let text = this.line();
    if (this.tty) {
      const cols = this.stream.columns ?? 80;
      if (text.length > cols - 1) text = text.slice(0, cols - 1);
      this.stream.write(`\r\x1b[2K${text}`);
      this.drawn = true;
    } else {
      this.stream.write(`${text}\n`);
    }
  }
}
