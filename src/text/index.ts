/**
 * Sentences, paragraphs and words. All spans are offsets into the text given.
 *
 * Sentence splitting is written here rather than taken from Intl.Segmenter because the texts we read
 * are damaged in ways the Unicode rules do not expect (content farms drop the space after a full
 * stop, "deaf.Another"; headlines and captions end without punctuation) and because it has to be
 * fast: one linear scan with a small abbreviation list, no allocation per character.
 */
import type { Span } from '../doc/span.js';
import abbreviations from './abbreviations.json' with { type: 'json' };

const ABBREVIATIONS = new Set(abbreviations.map((a: string) => a.toLowerCase()));

const TERMINATORS = new Set(['.', '!', '?', '…', '।', '॥', '。', '？', '！']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '}', '›']);

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\u00a0' || c === '\u2009' || c === '\u202f';

/** The word that ends right before position `end` (letters and inner dots), lowercased. */
function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && (isLetter(text[i - 1]) || text[i - 1] === '.')) i--;
  return text.slice(i, end).toLowerCase();
}

/** Decides whether the terminator run text[from, to) ends a sentence, given what follows it. */
function endsSentence(text: string, from: number, to: number): boolean {
  const next = text[to];
  if (next === undefined || next === '\n' || next === '\r') return true;
  const term = text.slice(from, to);
  if (term === '.') {
    const word = wordBefore(text, from);
    if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.replace(/\./g, ''))) return false;
    // Initials and acronyms: "J. Smith", "U.S. officials".
    if (word.length === 1 && isUpper(text[from - 1])) return false;
    if (word.includes('.') && word.length <= 6) {
      let j = to;
      while (j < text.length && isSpace(text[j])) j++;
      if (j < text.length && !isUpper(text[j])) return false;
    }
    // Decimal numbers and versions: "3.5", "v1.2".
    if (isDigit(text[from - 1] ?? '') && isDigit(next)) return false;
  }
  if (isSpace(next)) {
    let j = to;
    while (j < text.length && isSpace(text[j])) j++;
    const c = text[j];
    if (c === undefined || c === '\n' || c === '\r') return true;
    // A lowercase word after "." is usually an abbreviation we do not know; after "!" or "?" too
    // ("she asked?" said he) — keep the sentence going.
    if (isLetter(c) && !isUpper(c) && c.toLowerCase() !== c.toUpperCase()) return false;
    return true;
  }
  // No space after the terminator: only a missing space between words ("deaf.Another") splits.
  if (isUpper(next) && isLetter(text[from - 1] ?? '') && !isUpper(text[from - 1])) {
    return wordBefore(text, from).length >= 2;
  }
  return false;
}

/** Splits text into sentence spans (trimmed, no empty spans). Line breaks always end a sentence. */
export function segmentSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      push(start, i);
      start = i + 1;
    } else if (TERMINATORS.has(c)) {
      let j = i + 1;
      while (j < text.length && TERMINATORS.has(text[j])) j++;
      while (j < text.length && CLOSERS.has(text[j])) j++;
      if (endsSentence(text, i, j)) {
        push(start, j);
        start = j;
      }
      i = j - 1;
    }
  }
  push(start, text.length);
  return out;
}

/** Splits text into paragraph spans: each non-empty line is a paragraph (news text keeps one per line). */
export function segmentParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\r\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lead = m[0].length - m[0].trimStart().length;
    const trimmed = m[0].trim();
    if (trimmed) out.push({ start: m.index + lead, end: m.index + lead + trimmed.length });
  }
  return out;
}

/** Scripts written without spaces between words: a run of their letters is many words. */
const UNSPACED_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u3005\u30fc]+/gu;
const HAS_UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/** ICU's dictionary-based word breaker (Node's full ICU) knows Chinese, Japanese, Thai, Lao, Khmer and Burmese. */
const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Counts the word-like segments of a run of an unspaced script. */
function countSegmentedWords(run: string): number {
  let n = 0;
  for (const s of wordSegmenter.segment(run)) if (s.isWordLike) n++;
  return n;
}

/**
 * Counts words: runs of letters, marks or digits, except that text in a script written without spaces
 * (Chinese, Japanese, Thai, Lao, Khmer, Burmese) is cut into words by Intl.Segmenter. Text without such
 * letters takes only the one regular expression (the segmenter is about ten times slower).
 */
export function countWords(text: string): number {
  const spaced = (t: string) => t.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;
  if (!HAS_UNSPACED.test(text)) return spaced(text);
  let unspaced = 0;
  const rest = text.replace(UNSPACED_RUN, (run) => {
    unspaced += countSegmentedWords(run);
    return ' ';
  });
  return unspaced + spaced(rest);
}
