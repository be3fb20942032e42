/** Name folding: a spelling reduced to a skeleton that different transliterations of one name share (rules in transliteration.json). */
import rules from './transliteration.json' with { type: 'json' };

export type Script = 'latin' | 'cyrillic';

interface FoldRules {
  letters: Record<string, string>;
  replace: [string, string][];
}

const RULES: Record<Script, FoldRules> = {
  latin: rules.latin as unknown as FoldRules,
  cyrillic: rules.cyrillic as unknown as FoldRules,
};

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** The script of a word by its first letter, or undefined for other scripts. */
export function scriptOf(word: string): Script | undefined {
  const first = word.charAt(0);
  if (LATIN.test(first)) return 'latin';
  if (CYRILLIC.test(first)) return 'cyrillic';
  return undefined;
}

/** The word lower-cased, special letters mapped and diacritics removed (ё, й keep their own letters until folded). */
function baseLetters(word: string, r: FoldRules): string {
  let s = '';
  for (const ch of word.toLowerCase()) s += r.letters[ch] ?? ch;
  // Cyrillic й and ё are letters of their own, mapped above; only Latin diacritics are stripped here.
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Plain forms and folds already made, by script and word: the same names recur across a corpus, and
 * folding (a normalisation and a dozen replacements) was the task's largest cost, the plain form (a
 * normalisation, asked for every capitalised word) its largest garbage. Emptied when full rather than
 * kept least-recently-used: a refill costs one computation per word, and no cache library is needed for that.
 */
const PLAIN = new Map<string, string>();
const FOLDS = new Map<string, string>();
const MAX_CACHED = 50_000;

function cached(cache: Map<string, string>, word: string, script: Script, compute: (word: string, script: Script) => string): string {
  const key = script === 'latin' ? word : `\u0000${word}`;
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    value = compute(word, script);
    cache.set(key, value);
  }
  return value;
}

/** The word lower-cased without diacritics ("Białoruś" → "bialorus", "Rußland" → "russland"): spellings that differ only so are one. */
export function plainName(word: string, script: Script = scriptOf(word) ?? 'latin'): string {
  return cached(PLAIN, word, script, plainUncached);
}

const plainUncached = (word: string, script: Script): string => baseLetters(word, RULES[script]);

/** The skeleton of a word in its script: "Bahmuth" and "Bakhmut" both fold to "bahmut". */
export function foldName(word: string, script: Script = scriptOf(word) ?? 'latin'): string {
  return cached(FOLDS, word, script, foldUncached);
}

function foldUncached(word: string, script: Script): string {
  const r = RULES[script];
  let s = baseLetters(word, r).replace(/['’-]/g, '');
  for (const [from, to] of r.replace) s = s.split(from).join(to);
  return s.replace(/(\p{L})\1+/gu, '$1');
}
