/**
 * The word-for-word substitutions of a stored copy against its cluster's earliest member, as any engine
 * answers them in provenanceOf: computed when read from what every engine stores (the earlier copy's id
 * and clean text, the later copy's raw text and the boilerplate its cleaning removed), never at ingest.
 *
 * Why on read: a diff per copy at ingest was about a tenth of a millisecond an article for a field
 * only `provenance <id>` shows, and the earliest member of a cluster can change with every article
 * ingested; on read it is one diff of two texts (well under a millisecond), always against the
 * current earliest member.
 */
import { TextView } from '../doc/view.js';
import type { DamageSpan, Removal } from '../schema.js';
import { wordSubstitutions } from '../text/word-diff.js';

/** The earliest member, as the diff needs it. */
export interface EarlierCopy {
  id: string;
  cleanText: string;
}

/** The copy whose swapped words are reported, at offsets into its raw text. */
export interface LaterCopy {
  raw: string;
  /** Its analysis' `cleaning.removed` (the spans cut from the raw text to make the clean text). */
  removed: readonly Removal[];
}

/** Words of `later` swapped one for one against `earlier` (src/text/word-diff.ts), as spans of `later`'s raw text. */
export function copySubstitutions(earlier: EarlierCopy, later: LaterCopy): DamageSpan[] {
  const view = new TextView(later.raw, later.removed);
  return wordSubstitutions({ earlier: earlier.cleanText, later: view.text, toRaw: (s) => view.toRawSpan(s), earlierName: earlier.id });
}
