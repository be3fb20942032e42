/**
 * Close-call evidence for languages that share a script and whose n-gram scores tie on one sentence
 * (Bulgarian/Russian/Ukrainian/Serbian/Macedonian/Belarusian, Hindi/Marathi).
 *
 * The n-gram detector sees character sequences; on a 40-character sentence "че", "ще", "това" or a
 * single "ы" can be the only thing that separates Bulgarian from Russian, and the detector's scores
 * for the two then differ by a thousandth. This adds a small, explainable bonus per language: the
 * share of words that are its function words, and the share of letters only it writes, minus the
 * share of letters it never writes. The word and letter lists are data, in markers.json.
 */
import markersData from './markers.json' with { type: 'json' };
import { charKind, LETTER, OTHER } from './chars.js';

interface LanguageMarkers {
  readonly words: ReadonlySet<string>;
  readonly letters: ReadonlySet<string>;
  readonly foreign: ReadonlySet<string>;
}

/** Weight of the function-word rate (hits / words): one marker word in ten moves a score by 0.01. */
const WORD_WEIGHT = 0.1;
/** Weight of the letter rate ((own − foreign) / letters): one "ы" in 40 letters moves a score by 0.025. */
const LETTER_WEIGHT = 1.0;
/**
 * Macedonian is missing from the n-gram models; it enters as a candidate just below the better of
 * Bulgarian and Serbian (its nearest neighbours) and wins only on its own evidence (ѓ, ќ, ѕ, "дека", "ќе" …).
 */
const MACEDONIAN_OFFSET = 0.005;

const MARKERS: ReadonlyMap<string, LanguageMarkers> = new Map(
  Object.entries(markersData)
    .filter(([code]) => !code.startsWith('_'))
    .map(([code, m]) => {
      const entry = m as { words: string[]; letters: string; foreign: string };
      return [
        code,
        { words: new Set(entry.words), letters: new Set(entry.letters), foreign: new Set(entry.foreign) },
      ];
    }),
);

/** For each character code (both cases), the languages it is evidence for (+1) or against (−1). */
const LETTER_VOTES: ReadonlyMap<number, ReadonlyArray<readonly [string, number]>> = (() => {
  const votes = new Map<number, Array<readonly [string, number]>>();
  const add = (c: string, code: string, vote: number) => {
    for (const variant of new Set([c, c.toUpperCase()])) {
      const key = variant.charCodeAt(0);
      (votes.get(key) ?? votes.set(key, []).get(key)!).push([code, vote]);
    }
  };
  for (const [code, m] of MARKERS) {
    for (const c of m.letters) add(c, code, 1);
    for (const c of m.foreign) add(c, code, -1);
  }
  return votes;
})();

/** For each marker word, the languages it belongs to. */
const WORD_VOTES: ReadonlyMap<string, readonly string[]> = (() => {
  const votes = new Map<string, string[]>();
  for (const [code, m] of MARKERS) for (const w of m.words) (votes.get(w) ?? votes.set(w, []).get(w)!).push(code);
  return votes;
})();
const LONGEST_MARKER = Math.max(...[...WORD_VOTES.keys()].map((w) => w.length));

/** Languages that have marker lists (the ones this step can move). */
export const MARKED_LANGUAGES: readonly string[] = [...MARKERS.keys()];

/** What one scan of a sample yields: its letter count and the score adjustments per language. */
export interface SampleEvidence {
  letters: number;
  /** Adjustments in the n-gram detector's score units; languages without evidence are absent. */
  adjustments: Map<string, number>;
}

/** Scans `sample` once: counts letters, words, marker words and marker letters. */
export function sampleEvidence(sample: string): SampleEvidence {
  const wordHits = new Map<string, number>();
  const letterHits = new Map<string, number>();
  let words = 0;
  let letters = 0;
  let wordStart = -1;
  const endWord = (end: number) => {
    words++;
    if (end - wordStart <= LONGEST_MARKER) {
      const langs = WORD_VOTES.get(sample.slice(wordStart, end).toLowerCase());
      if (langs) for (const code of langs) wordHits.set(code, (wordHits.get(code) ?? 0) + 1);
    }
    wordStart = -1;
  };
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    const kind = charKind(c);
    if (kind === OTHER) {
      if (wordStart >= 0) endWord(i);
      continue;
    }
    if (wordStart < 0) wordStart = i;
    if (kind !== LETTER) continue;
    letters++;
    if (c < 0x400) continue; // no marker letters below Cyrillic
    const votes = LETTER_VOTES.get(c);
    if (votes) for (const [code, vote] of votes) letterHits.set(code, (letterHits.get(code) ?? 0) + vote);
  }
  if (wordStart >= 0) endWord(sample.length);

  const adjustments = new Map<string, number>();
  for (const code of MARKED_LANGUAGES) {
    const w = words ? (wordHits.get(code) ?? 0) / words : 0;
    const l = letters ? (letterHits.get(code) ?? 0) / letters : 0;
    const adjustment = WORD_WEIGHT * w + LETTER_WEIGHT * l;
    if (adjustment !== 0) adjustments.set(code, adjustment);
  }
  return { letters, adjustments };
}

/**
 * Adds marker evidence to the detector's scores, and Macedonian as a candidate whenever Bulgarian or
 * Serbian is one. Only languages the detector scored are moved. Returns a new table; `scores` is kept.
 */
export function refineScores(
  scores: Readonly<Record<string, number>>,
  adjustments: ReadonlyMap<string, number>,
): Map<string, number> {
  const refined = new Map(Object.entries(scores));
  const southSlavic = Math.max(refined.get('bg') ?? 0, refined.get('sr') ?? 0);
  if (southSlavic > 0) refined.set('mk', southSlavic - MACEDONIAN_OFFSET);
  for (const [code, adjustment] of adjustments) {
    const base = refined.get(code);
    if (base !== undefined) refined.set(code, Math.max(0, base + adjustment));
  }
  return refined;
}
