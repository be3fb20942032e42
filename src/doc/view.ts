import { mergeSpans, type Span } from './span.js';

/**
 * A view of an article's raw text with some spans removed (boilerplate, a leading BOM), whose
 * offsets map back to the raw text. Later stages read `text` and report spans with `toRaw`.
 */
export class TextView {
  /** The text with removed spans cut out. */
  readonly text: string;
  /** Kept pieces: piece i covers view [viewStarts[i], viewStarts[i] + lengths[i]) = raw [rawStarts[i], …). */
  private readonly viewStarts: number[];
  private readonly rawStarts: number[];
  private readonly lengths: number[];
  readonly rawLength: number;

  constructor(raw: string, removed: readonly Span[] = []) {
    const cuts = mergeSpans(raw.startsWith('\uFEFF') ? [{ start: 0, end: 1 }, ...removed] : removed);
    this.viewStarts = [];
    this.rawStarts = [];
    this.lengths = [];
    this.rawLength = raw.length;
    const parts: string[] = [];
    let pos = 0;
    let viewPos = 0;
    const keep = (from: number, to: number) => {
      if (to <= from) return;
      this.viewStarts.push(viewPos);
      this.rawStarts.push(from);
      this.lengths.push(to - from);
      parts.push(raw.slice(from, to));
      viewPos += to - from;
    };
    for (const c of cuts) {
      keep(pos, Math.min(c.start, raw.length));
      pos = Math.max(pos, c.end);
    }
    keep(pos, raw.length);
    this.text = parts.join('');
  }

  /** Maps a view offset to a raw offset. An offset at a cut maps to the end of the kept piece before it. */
  toRaw(offset: number): number {
    const n = this.viewStarts.length;
    if (n === 0) return 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.viewStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const within = Math.min(offset - this.viewStarts[lo], this.lengths[lo]);
    return this.rawStarts[lo] + Math.max(0, within);
  }

  /** Maps a view span to raw offsets; a span's start maps forward and its end backward across cuts. */
  toRawSpan(span: Span): Span {
    const start = this.startToRaw(span.start);
    const end = span.end > span.start ? this.toRaw(span.end - 1) + 1 : start;
    return { start, end: Math.max(start, end) };
  }

  private startToRaw(offset: number): number {
    // An offset exactly at the end of a piece belongs to the start of the next piece.
    const n = this.viewStarts.length;
    for (let lo = 0, hi = n - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      const vs = this.viewStarts[mid];
      if (offset < vs) hi = mid - 1;
      else if (offset >= vs + this.lengths[mid]) lo = mid + 1;
      else return this.rawStarts[mid] + (offset - vs);
    }
    return this.toRaw(offset);
  }
}
