/**
 * Mixed-language texts: whether a text's paragraphs are in more than one language, and if so which
 * paragraphs are in which language and what share of the letters each language holds.
 *
 * Identifying every paragraph costs one n-gram detection each (eld reads at most ~350 bytes a call,
 * so its cost is per call, not per character), so it runs only when a cheap test says the text may
 * be mixed (`mayBeMixed`): letters of a second script, a document guess that is not reliable, or a
 * text whose end is identified as another language than its opening. A second language of the same
 * script in the middle of a long text can escape that test; docs/language.md has the measured recall.
 */
import type { Span } from '../doc/span.js';
import type { LanguageGuess } from '../schema.js';
import { identifyLanguage, languageName, rankLanguages } from './index.js';
import { lettersByScript } from './scripts.js';

/** A language needs at least this share of the letters to make a text mixed (a quoted tweet does not). */
export const MIN_PART_SHARE = 0.15;
/**
 * Length of the text's end that the cheap test identifies. Measured on training documents with
 * paragraphs of another same-script language appended (docs/language.md): 400 characters find
 * 91 of 92 English texts ending in 15–30 % Portuguese, where the last 1,000 characters found 38.
 */
const END_PROBE_CHARS = 400;
/** Paragraphs with fewer letters are too short to identify; they join the part of a neighbour. */
const MIN_PARAGRAPH_LETTERS = 40;

/** The paragraphs of one language in a mixed text. Spans are offsets into the text given. */
export interface LanguagePart {
  code: string;
  name: string;
  /** Share of the text's letters, in [0, 1]. */
  share: number;
  paragraphs: Span[];
}

function sum(counts: Iterable<number>): number {
  let n = 0;
  for (const c of counts) n += c;
  return n;
}

/** The cheap test: true when the text may hold a second language worth a per-paragraph look. */
export function mayBeMixed(text: string, paragraphs: readonly Span[], guess: LanguageGuess): boolean {
  if (paragraphs.length < 2 || guess.code === 'und') return false;
  const byScript = lettersByScript(text);
  const total = sum(byScript);
  if (total < 2 * MIN_PARAGRAPH_LETTERS) return false;
  if (total - Math.max(...byScript) >= MIN_PART_SHARE * total) return true;
  if (!guess.reliable) return true;
  // One script throughout: the document guess read the opening; one more identification reads the end.
  if (text.length <= 2 * END_PROBE_CHARS) return false;
  const probe = rankLanguages(endSample(text)).ranked[0]?.[0];
  return probe !== undefined && probe !== guess.code;
}

/** The last END_PROBE_CHARS characters of `text`, starting at a word: where an appended translation stands. */
function endSample(text: string): string {
  const start = text.indexOf(' ', text.length - END_PROBE_CHARS);
  return text.slice(start < 0 ? text.length - END_PROBE_CHARS : start + 1);
}

/** Each paragraph's language (null when too short or not reliably identified) and letter count. */
function identifyParagraphs(text: string, paragraphs: readonly Span[]): Array<{ code: string | null; letters: number }> {
  return paragraphs.map((p) => {
    const letters = sum(lettersByScript(text, p.start, p.end));
    if (letters < MIN_PARAGRAPH_LETTERS) return { code: null, letters };
    const guess = identifyLanguage(text.slice(p.start, p.end));
    return { code: guess.reliable ? guess.code : null, letters };
  });
}

/** Gives each paragraph without a language of `keep` the language of the nearest one before it (else after). */
function fillFromNeighbours(codes: Array<string | null>, keep: (code: string) => boolean): string[] | null {
  const known = codes.map((c) => (c !== null && keep(c) ? c : null));
  const first = known.find((c) => c !== null);
  if (!first) return null;
  let last = first;
  return known.map((c) => (last = c ?? last));
}

/** Letter share per language, largest first. */
function shares(codes: readonly string[], letters: readonly number[]): Array<[string, number]> {
  const total = sum(letters) || 1;
  const by = new Map<string, number>();
  codes.forEach((c, i) => by.set(c, (by.get(c) ?? 0) + letters[i]));
  return [...by].map(([c, n]): [string, number] => [c, n / total]).sort((a, b) => b[1] - a[1]);
}

/**
 * The language parts of a text, largest first, or null when the text is in one language (or the
 * cheap test says so). A language below MIN_PART_SHARE does not make a part: its paragraphs join
 * the part of the paragraph before them.
 */
export function languageParts(text: string, paragraphs: readonly Span[], guess: LanguageGuess): LanguagePart[] | null {
  if (!mayBeMixed(text, paragraphs, guess)) return null;
  const found = identifyParagraphs(text, paragraphs);
  const letters = found.map((f) => f.letters);
  const all = fillFromNeighbours(found.map((f) => f.code), () => true);
  if (!all) return null;
  const major = new Set(shares(all, letters).filter(([, s]) => s >= MIN_PART_SHARE).map(([c]) => c));
  if (major.size < 2) return null;
  const codes = fillFromNeighbours(all, (c) => major.has(c))!;
  return shares(codes, letters).map(([code, share]) => ({
    code,
    name: languageName(code),
    share: Math.round(share * 1000) / 1000,
    paragraphs: paragraphs.filter((_, i) => codes[i] === code).map((p) => ({ start: p.start, end: p.end })),
  }));
}

/**
 * The document-level guess for a mixed text: the largest part's language, with its share of the text
 * as confidence (no single language describes the text, so it is never reliable), the other parts
 * as alternatives with their shares, and the parts themselves.
 */
export function mixedLanguageGuess(parts: readonly LanguagePart[]): LanguageGuess {
  const [main, ...others] = parts;
  return {
    code: main.code,
    name: main.name,
    confidence: main.share,
    reliable: false,
    alternatives: others.map((p) => ({ code: p.code, confidence: p.share })),
    mixed: true,
    parts: parts.map((p) => ({ ...p, paragraphs: [...p.paragraphs] })),
  };
}
