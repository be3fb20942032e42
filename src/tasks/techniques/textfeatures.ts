/**
 * Text preparation for the hashed n-gram features. The shared tokenizer keeps letters and digits
 * only, so punctuation, quotation and capitals — which separate opinion from reporting and mark
 * exclamations, rhetorical questions and shouting — would be lost. Each such mark is written as a
 * pseudo-word before hashing, so word n-grams see it ("said ⟨quote⟩", "⟨question⟩").
 */

import { FeatureHasher, type HashedCounts, type HasherOptions } from '../../features/index.js';

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

/** The text with punctuation marks, all-caps words and numbers made visible to the word tokenizer. */
export function markText(text: string): string {
  let t = text.replace(CAPS_WORD, (w) => `${w} qqcaps`).replace(NUMBER, (n) => `${n} qqnumber`);
  for (const [re, word] of MARKS) t = t.replace(re, word);
  return t;
}

/** Hashed counts of texts after markText: the preparation every SemEval-2023 text model trains on. */
export function hashMarkedTexts(texts: readonly string[], hasher: HasherOptions): HashedCounts[] {
  const h = new FeatureHasher(hasher);
  return texts.map((t) => h.counts(markText(t)));
}
