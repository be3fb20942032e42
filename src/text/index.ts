/** Sentences, paragraphs and words. All spans are offsets into the text given. */
import type { Span } from '../doc/span.js';

/** Splits text into sentence spans (trimmed, no empty spans). */
export function segmentSentences(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\n.!?]+[.!?]*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const s = m.index + (m[0].length - m[0].trimStart().length);
    const e = m.index + m[0].trimEnd().length;
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

/** Splits text into paragraph spans: runs of non-empty lines. */
export function segmentParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\r\n]+(?:\r?\n[^\r\n]+)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[0].trim()) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Counts words (runs of letters or digits). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}
