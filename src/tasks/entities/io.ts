/**
 * SemEval-2025 Task 10 subtask-1 file formats.
 * - Mention input: `file<TAB>mention<TAB>start<TAB>end`.
 * - Annotation / submission: the same four columns, then `main_role<TAB>fine_role[<TAB>fine_role…]`.
 * Offsets count Unicode code points of the raw file (BOM and CRLF kept) and `end` is INCLUSIVE, so
 * the mention is codePoints(raw).slice(start, end + 1). Inside narrascope spans are UTF-16, end exclusive.
 */
import { offsetConverter } from '../../doc/offsets.js';
import type { Span } from '../../doc/span.js';

export interface MentionRow {
  file: string;
  mention: string;
  /** Code-point offset of the first character. */
  start: number;
  /** Code-point offset of the last character (inclusive). */
  end: number;
  /** 1-based line in the file it was read from (0 when built in code). */
  line: number;
}

export interface AnnotationRow extends MentionRow {
  main: string;
  fine: string[];
}

export interface LineProblem {
  line: number;
  message: string;
}

function parseOffsets(cols: string[], lineNo: number, problems: LineProblem[]): [number, number] | null {
  const start = Number(cols[2]);
  const end = Number(cols[3]);
  if (!/^\d+$/.test(cols[2]?.trim() ?? '') || !/^\d+$/.test(cols[3]?.trim() ?? '')) {
    problems.push({ line: lineNo, message: `start/end must be non-negative integers, got "${cols[2]}"/"${cols[3]}"` });
    return null;
  }
  if (end < start) {
    problems.push({ line: lineNo, message: `end ${end} is before start ${start}` });
    return null;
  }
  return [start, end];
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/** Parses a mention list; bad lines become problems and the rest is kept. A header line is skipped. */
export function parseMentions(text: string): { rows: MentionRow[]; problems: LineProblem[] } {
  const rows: MentionRow[] = [];
  const problems: LineProblem[] = [];
  lines(text).forEach((line, i) => {
    if (!line.trim()) return;
    const cols = line.split('\t');
    if (i === 0 && cols[0] === 'article_id') return;
    if (cols.length < 4) {
      problems.push({ line: i + 1, message: `expected 4 tab-separated columns (file, mention, start, end), got ${cols.length}` });
      return;
    }
    const off = parseOffsets(cols, i + 1, problems);
    if (off) rows.push({ file: cols[0], mention: cols[1], start: off[0], end: off[1], line: i + 1 });
  });
  return { rows, problems };
}

/** Parses an annotation or submission file (at least one fine role per line). */
export function parseAnnotations(text: string): { rows: AnnotationRow[]; problems: LineProblem[] } {
  const rows: AnnotationRow[] = [];
  const problems: LineProblem[] = [];
  lines(text).forEach((line, i) => {
    if (!line.trim()) return;
    const cols = line.split('\t').map((c, k) => (k >= 4 ? c.trim() : c));
    if (i === 0 && cols[0] === 'article_id') return;
    if (cols.length < 5) {
      problems.push({ line: i + 1, message: `expected file, mention, start, end, main role and fine roles, got ${cols.length} columns` });
      return;
    }
    const off = parseOffsets(cols, i + 1, problems);
    if (!off) return;
    rows.push({ file: cols[0], mention: cols[1], start: off[0], end: off[1], line: i + 1, main: cols[4], fine: cols.slice(5).filter((c) => c !== '') });
  });
  return { rows, problems };
}

/** One submission line (no trailing newline). */
export function formatAnnotation(row: Omit<AnnotationRow, 'line'>): string {
  return [row.file, row.mention, String(row.start), String(row.end), row.main, ...row.fine].join('\t');
}

/** Where a mention row lands in the raw text. */
export interface ResolvedMention {
  /** UTF-16 span into the raw text, end exclusive. */
  span: Span;
  /** True when the given offsets matched the mention text exactly. */
  exact: boolean;
  /** When not exact: a one-line note on what was done. */
  note?: string;
}

/** Code-point span (inclusive end) → UTF-16 span (exclusive end). */
export function codePointToUtf16(raw: string, start: number, endInclusive: number): Span {
  const conv = offsetConverter(raw);
  return { start: conv.toUtf16(start), end: conv.toUtf16(endInclusive + 1) };
}

/** UTF-16 span (exclusive end) → code-point offsets with an inclusive end, as the files want. */
export function utf16ToCodePoint(raw: string, span: Span): { start: number; end: number } {
  const conv = offsetConverter(raw);
  return { start: conv.toCodePoint(span.start), end: conv.toCodePoint(span.end) - 1 };
}

function allOccurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/**
 * Finds the mention in the raw text: at its offsets when they match, otherwise at the occurrence of
 * the mention text nearest the given start (case-sensitive first, then ignoring case). Returns null
 * when the text does not contain the mention at all.
 */
export function resolveMention(raw: string, row: Pick<MentionRow, 'mention' | 'start' | 'end'>): ResolvedMention | null {
  const conv = offsetConverter(raw);
  const span = { start: conv.toUtf16(row.start), end: conv.toUtf16(row.end + 1) };
  if (raw.slice(span.start, span.end) === row.mention) return { span, exact: true };
  const needle = row.mention.trim();
  let hits = allOccurrences(raw, needle);
  let how = 'nearest occurrence';
  if (hits.length === 0) {
    hits = allOccurrences(raw.toLowerCase(), needle.toLowerCase());
    how = 'nearest occurrence ignoring case';
  }
  if (hits.length === 0) return null;
  const at = hits.reduce((best, h) => (Math.abs(h - span.start) < Math.abs(best - span.start) ? h : best), hits[0]);
  const found = { start: at, end: at + needle.length };
  const cp = utf16ToCodePoint(raw, found);
  return { span: found, exact: false, note: `offsets ${row.start}-${row.end} do not match "${row.mention}"; used the ${how} at ${cp.start}-${cp.end}` };
}
