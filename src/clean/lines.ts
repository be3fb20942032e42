/**
 * Splits raw article text into lines with their offsets, so rules can match whole lines and report
 * spans into the raw text. Handles LF, CRLF and lone CR; a leading BOM stays part of line 0's span but
 * not of its text.
 */

/** One line of the raw text. `start`/`end` bound the line's content; `next` is where the next line starts. */
export interface Line {
  readonly index: number;
  /** Offset of the first character of the line (after a BOM on line 0). */
  readonly start: number;
  /** Offset just past the line's content, before its line break. */
  readonly end: number;
  /** Offset of the following line (just past the line break), or raw.length for the last line. */
  readonly next: number;
  /** The line's content with surrounding whitespace removed; it spans raw [contentStart, contentEnd). */
  readonly trimmed: string;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** `trimmed` with curly quotes straightened and runs of whitespace collapsed: what phrase rules match (case-insensitively). */
  readonly text: string;
  /** True when the line holds nothing but whitespace. */
  readonly blank: boolean;
}

const CURLY = /[\u2018\u2019\u201A\u201B\u2032]/g;
const CURLY_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const SPACES = /[\s\u00A0\u200B]+/g;

/** Characters that normalisation changes; most lines have none and are returned as they are. */
const NEEDS_NORMALIZING = /[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u00A0\u200B\t\n\r\v\f]|\s\s/;

/** Normalises a trimmed line for phrase matching (see `Line.text`). */
export function normalizeLine(trimmed: string): string {
  if (!NEEDS_NORMALIZING.test(trimmed)) return trimmed;
  return trimmed.replace(CURLY, "'").replace(CURLY_DOUBLE, '"').replace(SPACES, ' ');
}

/** Splits `raw` into lines, keeping exact offsets. */
export function splitLines(raw: string): Line[] {
  const lines: Line[] = [];
  let pos = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = raw.length;
  // Most files have no CR: then indexOf finds line ends fastest. Otherwise CRLF and lone CR end lines too.
  const hasCR = raw.includes('\r');
  while (pos <= n) {
    let end: number;
    if (!hasCR) {
      end = raw.indexOf('\n', pos);
      if (end < 0) end = n;
    } else {
      end = pos;
      while (end < n) {
        const c = raw.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
    }
    let next = end;
    if (next < n) next += raw.charCodeAt(next) === 13 && raw.charCodeAt(next + 1) === 10 ? 2 : 1;
    const content = raw.slice(pos, end);
    const trimmed = content.trim();
    const contentStart = pos + (trimmed === '' ? 0 : content.length - content.trimStart().length);
    lines.push({
      index: lines.length,
      start: pos,
      end,
      next,
      trimmed,
      contentStart,
      contentEnd: contentStart + trimmed.length,
      text: trimmed === '' ? '' : normalizeLine(trimmed),
      blank: trimmed === '',
    });
    if (end >= n) break;
    pos = next;
  }
  return lines;
}
