/**
 * Word-for-word substitutions between an earlier copy of a text and a later one (a spun copy): words
 * of the later text swapped one for one against the earlier, as DamageSpans of kind 'substitution'
 * with offsets into the later article's raw text. Pure; the diff itself is jsdiff's (`diff`).
 */
import { diffArrays } from 'diff';
import type { Span } from '../doc/span.js';
import { wordTokensWithOffsets } from '../features/tokenize.js';
import type { DamageSpan } from '../schema.js';

/** Longest run of swapped words still read as a substitution; longer runs are rewrites or moved text. */
export const MAX_SUBSTITUTION_RUN = 3;
/** Unchanged words needed on each side of a swap, so a coincidence inside moved or cut text is not taken for one. */
export const SUBSTITUTION_CONTEXT = 2;
/** Largest edit distance (in words) diffed; beyond it the two texts are too far apart to pair words. */
const MAX_EDIT_LENGTH = 2000;

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

/** Words of `later` that replace, one for one, words of `earlier` between unchanged context. */
export function wordSubstitutions(input: WordDiffInput): DamageSpan[] {
  const before = wordTokensWithOffsets(input.earlier);
  const after = wordTokensWithOffsets(input.later);
  const changes = diffArrays(
    before.map((t) => t.token),
    after.map((t) => t.token),
    { maxEditLength: MAX_EDIT_LENGTH },
  );
  if (!changes) return [];
  const toRaw = input.toRaw ?? ((s: Span) => s);
  const name = input.earlierName ? `the earlier copy (${input.earlierName})` : 'the earlier copy';
  const out: DamageSpan[] = [];
  let i = 0; // position in `before`
  let j = 0; // position in `after`
  for (let c = 0; c < changes.length; c++) {
    const ch = changes[c];
    const next = changes[c + 1];
    if (ch.removed && next?.added && ch.count === next.count && ch.count <= MAX_SUBSTITUTION_RUN && hasContext(changes, c, c + 1)) {
      const confidence = ch.count === 1 ? 0.9 : 0.7;
      for (let k = 0; k < ch.count; k++) {
        const old = before[i + k];
        const now = after[j + k];
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

/** True when the changes at `first`…`last` have at least SUBSTITUTION_CONTEXT unchanged words on both sides. */
function hasContext(changes: readonly { added: boolean; removed: boolean; count: number }[], first: number, last: number): boolean {
  const common = (k: number) => {
    const ch = changes[k];
    return ch !== undefined && !ch.added && !ch.removed && ch.count >= SUBSTITUTION_CONTEXT;
  };
  return common(first - 1) && common(last + 1);
}
