/**
 * Word-for-word substitutions between an earlier copy of a text and a later one (a spun copy): words
 * of the later text swapped one for one against the earlier, as DamageSpans of kind 'substitution'
 * with offsets into the later article's raw text. Pure.
 *
 * Sentences are paired first (a later sentence with no identical earlier one is paired with the
 * earlier sentence of the same length that shares its first or last two words and most of its words
 * in place), and only paired sentences are diffed word by word (jsdiff's `diffArrays`). Diffing the
 * whole texts instead costs milliseconds per copy whose paragraphs were reordered or cut (the edit
 * distance is then the moved text), which would be most of the index's cost at ingest.
 */
import { diffArrays } from 'diff';
import type { Span } from '../doc/span.js';
import { roughSentences } from '../features/minhash.js';
import { wordTokensWithOffsets } from '../features/tokenize.js';
import type { DamageSpan } from '../schema.js';

/** Longest run of swapped words still read as a substitution; longer runs are rewrites. */
export const MAX_SUBSTITUTION_RUN = 3;
/** Shortest sentence diffed: in fewer words a swap cannot be told from a rewrite. */
const MIN_SENTENCE_WORDS = 4;
/** Share of a paired sentence's words that must stand unchanged in place. */
const MIN_KEPT = 0.6;

export interface WordDiffInput {
  /** Clean text of the earlier copy. */
  earlier: string;
  /** Clean text of the later copy. */
  later: string;
  /** Maps a span of `later` to the later article's raw text (TextView.toRawSpan); identity when absent. */
  toRaw?: (span: Span) => Span;
  /** How the reason names the earlier copy, e.g. its id. */
  earlierName?: string;
}

type Token = { token: string; start: number; end: number };

/** Word tokens of each rough sentence, with offsets into the whole text. */
function sentenceTokens(text: string): Token[][] {
  return roughSentences(text).map(({ start, end }) =>
    wordTokensWithOffsets(text.slice(start, end)).map((t) => ({ token: t.token, start: t.start + start, end: t.end + start })),
  );
}

const words = (s: Token[]) => s.map((t) => t.token);
const headKey = (s: Token[]) => `${s.length}|${s[0].token} ${s[1].token}`;
const tailKey = (s: Token[]) => `${s.length}|${s[s.length - 2].token} ${s[s.length - 1].token}`;

/** Words of `later` that replace, one for one, words of `earlier` inside sentences the two share. */
export function wordSubstitutions(input: WordDiffInput): DamageSpan[] {
  const before = sentenceTokens(input.earlier).filter((s) => s.length >= MIN_SENTENCE_WORDS);
  const after = sentenceTokens(input.later).filter((s) => s.length >= MIN_SENTENCE_WORDS);
  const exact = new Set(before.map((s) => words(s).join(' ')));
  const byKey = new Map<string, Token[][]>();
  for (const s of before) {
    for (const key of new Set([headKey(s), tailKey(s)])) byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  const out: DamageSpan[] = [];
  for (const s of after) {
    if (exact.has(words(s).join(' '))) continue;
    const match = bestPair(s, [...(byKey.get(headKey(s)) ?? []), ...(byKey.get(tailKey(s)) ?? [])]);
    if (match) out.push(...swaps(match, s, input));
  }
  return out;
}

/** The candidate with the most words equal in place, if enough are. */
function bestPair(s: Token[], candidates: Token[][]): Token[] | undefined {
  let best: Token[] | undefined;
  let bestKept = Math.ceil(s.length * MIN_KEPT) - 1;
  for (const c of candidates) {
    let kept = 0;
    for (let i = 0; i < s.length; i++) if (c[i].token === s[i].token) kept++;
    if (kept > bestKept) {
      best = c;
      bestKept = kept;
    }
  }
  return best;
}

/** The one-for-one swaps of a paired sentence: a removed run right before an added run of the same length. */
function swaps(earlier: Token[], later: Token[], input: WordDiffInput): DamageSpan[] {
  const toRaw = input.toRaw ?? ((s: Span) => s);
  const name = input.earlierName ? `the earlier copy (${input.earlierName})` : 'the earlier copy';
  const changes = diffArrays(words(earlier), words(later));
  const out: DamageSpan[] = [];
  let i = 0; // position in `earlier`
  let j = 0; // position in `later`
  for (let c = 0; c < changes.length; c++) {
    const ch = changes[c];
    const next = changes[c + 1];
    if (ch.removed && next?.added && ch.count === next.count && ch.count <= MAX_SUBSTITUTION_RUN) {
      const confidence = ch.count === 1 ? 0.9 : 0.7;
      for (let k = 0; k < ch.count; k++) {
        const old = earlier[i + k];
        const now = later[j + k];
        const expected = input.earlier.slice(old.start, old.end);
        const text = input.later.slice(now.start, now.end);
        out.push({
          ...toRaw({ start: now.start, end: now.end }),
          text,
          kind: 'substitution',
          reason: `"${text}" where ${name} has "${expected}"`,
          expected,
          confidence,
        });
      }
      i += ch.count;
      j += next.count;
      c++;
      continue;
    }
    if (!ch.added) i += ch.count;
    if (!ch.removed) j += ch.count;
  }
  return out;
}
