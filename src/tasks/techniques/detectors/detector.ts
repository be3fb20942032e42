/**
 * Surface-form detectors in the retext manner: each is a small module with its word list in a JSON
 * file beside it, finding phrases with character offsets into the text it is given. They catch the
 * techniques that have a reliable surface form; the learned models cover the rest.
 */
import type { Technique } from '../taxonomy.js';

export interface Finding {
  start: number;
  end: number;
  technique: Technique;
  /** Rough precision of the detector's hits, in [0, 1]. */
  confidence: number;
  /** Detector id, e.g. "detector:loaded-words". */
  source: string;
}

export interface Detector {
  readonly id: string;
  readonly technique: Technique;
  /** ISO 639-1 codes the word list is written for. */
  readonly languages: readonly string[];
  detect(text: string): Finding[];
}

export { escapeRegExp, phraseRegExp } from '../../../text/phrases.js';

const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Global copies of the expressions findAll runs, the word-start lookbehind taken out (see findAll). */
const scanners = new WeakMap<RegExp, { re: RegExp; wordStart: boolean }>();

function scannerOf(re: RegExp): { re: RegExp; wordStart: boolean } {
  let s = scanners.get(re);
  if (!s) {
    const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
    // A leading lookbehind is checked at every position of the text, which is most of the cost of a
    // long alternation: matching without it and checking the character before each hit finds the same
    // matches (a hit after a letter is dropped and the scan resumes one character later, as the
    // lookbehind would have it).
    const wordStart = re.source.startsWith(WORD_START) && re.flags.includes('u');
    s = { re: new RegExp(wordStart ? re.source.slice(WORD_START.length) : re.source, flags), wordStart };
    scanners.set(re, s);
  }
  return s;
}

/** Every match of `re` in `text` as a finding. */
export function findAll(text: string, re: RegExp, technique: Technique, confidence: number, source: string): Finding[] {
  const out: Finding[] = [];
  const { re: g, wordStart } = scannerOf(re);
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0].length === 0) {
      g.lastIndex++;
      continue;
    }
    if (wordStart && m.index > 0 && WORD_CHAR.test(text[m.index - 1])) {
      g.lastIndex = m.index + 1;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, technique, confidence, source });
  }
  return out;
}

/** Sentence-like pieces of `text`: runs ending in . ! ? or a line break (offsets into text). */
export function sentencePieces(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[^.!?\n]+(?:[.!?]+["'”’)]*|(?=\n)|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const lead = m[0].length - m[0].trimStart().length;
    const s = m.index + lead;
    const e = m.index + m[0].trimEnd().length;
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}
