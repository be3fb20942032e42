/**
 * Text preparation for the hashed n-gram features. The shared tokenizer keeps letters and digits
 * only, so punctuation, quotation and capitals — which separate opinion from reporting and mark
 * exclamations, rhetorical questions and shouting — would be lost. Each such mark is written as a
 * pseudo-word before hashing, so word n-grams see it ("said ⟨quote⟩", "⟨question⟩").
 */

import { FeatureHasher, type HashedCounts, type HasherOptions } from './hasher.js';
import { wordTokensWithOffsets } from './tokenize.js';

const MARKS: [RegExp, string][] = [
  [/[“”„«»"]/g, ' qqquote '],
  [/\?/g, ' qqquestion '],
  [/!/g, ' qqexclaim '],
  [/[—–]|\s-\s/g, ' qqdash '],
  [/[()]/g, ' qqparen '],
  [/:/g, ' qqcolon '],
  [/…|\.\.\./g, ' qqellipsis '],
];

const CAPS_WORD = /\b[A-Z]{3,}\b/g;
const NUMBER = /\b\d[\d,.]*\b/g;

/** markText's rewrites, applied in this order: all-caps words and numbers get a pseudo-word after them, marks become one. */
const STEPS: [RegExp, (match: string) => string][] = [
  [CAPS_WORD, (w) => `${w} qqcaps`],
  [NUMBER, (n) => `${n} qqnumber`],
  ...MARKS.map(([re, word]): [RegExp, (match: string) => string] => [re, () => word]),
];

/** The text with punctuation marks, all-caps words and numbers made visible to the word tokenizer. */
export function markText(text: string): string {
  return STEPS.reduce((t, [re, rewrite]) => t.replace(re, rewrite), text);
}

/** Hashed counts of texts after markText: the preparation the techniques, frames and genre models train on. */
export function hashMarkedTexts(texts: readonly string[], hasher: HasherOptions): HashedCounts[] {
  const h = new FeatureHasher(hasher);
  return texts.map((t) => h.counts(markText(t)));
}

/** A token the hasher sees, with the offsets in the unmarked text of what it came from. */
export interface MarkedToken {
  token: string;
  start: number;
  end: number;
}

/**
 * The word tokens of markText(text), each with the offsets in `text` of the characters it came from
 * (a pseudo-word: those of the word or mark it was written for). It replays markText's steps keeping,
 * for every character, the original range it stands for, so the tokens are exactly those the models
 * see (the same steps, the same replace semantics).
 */
export function markedTokens(text: string): MarkedToken[] {
  let t = text;
  let from = Array.from({ length: text.length }, (_, i) => i);
  let to = from.map((i) => i + 1);
  for (const [re, rewrite] of STEPS) {
    const [nt, nFrom, nTo] = [[] as string[], [] as number[], [] as number[]];
    let last = 0;
    for (const m of t.matchAll(re)) {
      const a = m.index;
      const b = a + m[0].length;
      for (let i = last; i < a; i++) [nFrom[nFrom.length], nTo[nTo.length]] = [from[i], to[i]];
      const r = rewrite(m[0]);
      for (let i = 0; i < r.length; i++) [nFrom[nFrom.length], nTo[nTo.length]] = [from[a], to[b - 1]];
      nt.push(t.slice(last, a), r);
      last = b;
    }
    for (let i = last; i < t.length; i++) [nFrom[nFrom.length], nTo[nTo.length]] = [from[i], to[i]];
    [t, from, to] = [nt.join('') + t.slice(last), nFrom, nTo];
  }
  return wordTokensWithOffsets(t).map((w) => {
    let start = Infinity;
    let end = -Infinity;
    for (let i = w.start; i < w.end; i++) [start, end] = [Math.min(start, from[i]), Math.max(end, to[i])];
    return { token: w.token, start, end };
  });
}
