/**
 * A span is a half-open range [start, end) of UTF-16 code-unit offsets into an article's `raw` text.
 * Every layer of analysis (removed boilerplate, sentences, evidence, technique spans) is made of spans
 * into the same original text, so they all line up.
 */
export interface Span {
  start: number;
  end: number;
}

/** Sorts spans by start and merges the ones that overlap or touch. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The text a span covers. */
export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** True when the two spans share at least one character. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
