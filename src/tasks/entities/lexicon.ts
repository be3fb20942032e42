/**
 * Role cues: the project's word lists (data/role-lexicon.json) of aggression, deception, corruption,
 * failure, tyranny, protection, suffering, praise, the narrative domain and reported speech, in the
 * five corpus languages. A token gets the category of its longest matching entry (whole word for
 * entries under 4 characters, word start otherwise), so "мирни" (civilians) beats "мирн" (peace).
 * Categories are shared across languages, which lets the same cue features work for every model.
 */
import lexicon from './data/role-lexicon.json' with { type: 'json' };

export const CUE_CATEGORIES = Object.keys(lexicon.categories) as readonly string[];
/** Marks: category ids beyond the cue categories. */
export const CUE_NONE = -1;
export const CUE_PASSIVE = CUE_CATEGORIES.length;
export const CUE_AGENT = CUE_CATEGORIES.length + 1;
export const CUE_NEGATION = CUE_CATEGORIES.length + 2;

const MIN_PREFIX = 4;
const MAX_PREFIX = 16;
const exact = new Map<string, number>();
const prefix = new Map<string, number>();
CUE_CATEGORIES.forEach((cat, c) => {
  for (const w of (lexicon.categories as Record<string, string[]>)[cat]) {
    const key = w.normalize('NFC');
    if (!exact.has(key)) exact.set(key, c);
    if (key.length >= MIN_PREFIX && !prefix.has(key)) prefix.set(key, c);
  }
});
const marks = new Map<string, number>();
for (const w of lexicon.negation) marks.set(w, CUE_NEGATION);
for (const w of lexicon.agent) marks.set(w, CUE_AGENT);
for (const w of lexicon.passive) marks.set(w, CUE_PASSIVE);

/** Cue category of one lower-case token, a mark (passive, agent, negation), or CUE_NONE. */
export function cueOf(token: string): number {
  const m = marks.get(token);
  if (m !== undefined) return m;
  const e = exact.get(token);
  if (e !== undefined) return e;
  for (let n = Math.min(MAX_PREFIX, token.length - 1); n >= MIN_PREFIX; n--) {
    const p = prefix.get(token.slice(0, n));
    if (p !== undefined) return p;
  }
  return CUE_NONE;
}

/** Cue of each token of a token list (computed once per article by the caller). */
export function tokenCues(tokens: readonly { token: string }[]): Int8Array {
  const out = new Int8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = cueOf(tokens[i].token);
  return out;
}
