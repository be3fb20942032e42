/** Calques: phrases a fluent writer of the language would not use (calques.json), each with the usual phrase as `expected`. */
import lists from './calques.json' with { type: 'json' };
import { findAll, phraseOf, phraseRegExp } from './phrases.js';

interface CalqueEntry {
  phrase: string;
  expected: string;
  /** How sure a hit is (default 0.6): lower for phrases a fluent writer does sometimes use. */
  confidence?: number;
}

export interface CalqueHit {
  start: number;
  end: number;
  text: string;
  expected: string;
  reason: string;
  confidence: number;
}

const DEFAULT_CONFIDENCE = 0.6;
const LISTS = lists as unknown as Record<string, CalqueEntry[] | string>;
const compiled = new Map<string, { re: RegExp; entries: CalqueEntry[] }>();

/** The languages with a calque list. */
export const CALQUE_LANGUAGES: readonly string[] = Object.keys(LISTS).filter((k) => Array.isArray(LISTS[k]));

function listOf(lang: string): { re: RegExp; entries: CalqueEntry[] } | undefined {
  let c = compiled.get(lang);
  const entries = LISTS[lang];
  if (!c && Array.isArray(entries)) {
    c = { re: phraseRegExp(entries.map((e) => e.phrase)), entries };
    compiled.set(lang, c);
  }
  return c;
}

/** The calques of `text` in language `lang` (none when the language has no list). */
export function findCalques(text: string, lang: string): CalqueHit[] {
  const list = listOf(lang);
  if (!list) return [];
  const phrases = list.entries.map((e) => e.phrase);
  return findAll(list.re, text).map((m) => {
    const entry = list.entries.find((e) => e.phrase === phraseOf(phrases, m.text))!;
    return { ...m, expected: entry.expected, reason: `"${entry.phrase}" is a word-for-word rendering; a fluent writer would put "${entry.expected}"`, confidence: entry.confidence ?? DEFAULT_CONFIDENCE };
  });
}
