/** Word-for-word substitutions between an earlier and a later copy of an invented text. */
import { describe, expect, it } from 'vitest';
import { TextView } from '../../src/doc/view.js';
import { wordSubstitutions } from '../../src/text/word-diff.js';

const EARLIER = 'The harbour board of Lindenvik repainted nine wooden piers before the autumn fair, and the mayor thanked the crews.';

describe('wordSubstitutions', () => {
  it('reports each swapped word with the earlier word, a reason and its offsets', () => {
    const later = EARLIER.replace('repainted', 'recoloured').replace('mayor', 'governor');
    const subs = wordSubstitutions({ earlier: EARLIER, later, earlierName: 'first-copy' });
    expect(subs.map((s) => [s.text, s.expected, s.kind, s.confidence])).toEqual([
      ['recoloured', 'repainted', 'substitution', 0.9],
      ['governor', 'mayor', 'substitution', 0.9],
    ]);
    for (const s of subs) expect(later.slice(s.start, s.end)).toBe(s.text);
    expect(subs[0].reason).toBe('"recoloured" where the earlier copy (first-copy) has "repainted"');
  });

  it('maps offsets through the later text’s view to its raw text', () => {
    const raw = `Title line\n[ad_1]\n${EARLIER.replace('nine', 'ten')}`;
    const view = new TextView(raw, [{ start: 11, end: 18 }]);
    const [s] = wordSubstitutions({ earlier: `Title line\n${EARLIER}`, later: view.text, toRaw: (sp) => view.toRawSpan(sp) });
    expect(raw.slice(s.start, s.end)).toBe('ten');
    expect(s.expected).toBe('nine');
  });

  it('treats a short run of swapped words as substitutions of lower confidence, and ignores longer rewrites', () => {
    const two = wordSubstitutions({ earlier: EARLIER, later: EARLIER.replace('wooden piers', 'timber jetties') });
    expect(two.map((s) => [s.text, s.confidence])).toEqual([['timber', 0.7], ['jetties', 0.7]]);
    const rewrite = EARLIER.replace('nine wooden piers before the autumn', 'every single dock ahead of this year’s');
    expect(wordSubstitutions({ earlier: EARLIER, later: rewrite })).toEqual([]);
  });

  it('finds nothing in identical texts, case changes, cut or added sentences', () => {
    expect(wordSubstitutions({ earlier: EARLIER, later: EARLIER })).toEqual([]);
    expect(wordSubstitutions({ earlier: EARLIER, later: EARLIER.toUpperCase() })).toEqual([]);
    expect(wordSubstitutions({ earlier: `${EARLIER} A second sentence follows here.`, later: EARLIER })).toEqual([]);
    expect(wordSubstitutions({ earlier: EARLIER, later: `Breaking news. ${EARLIER}` })).toEqual([]);
  });

  it('pairs sentences across reordered, cut and added ones, and diffs only sentences of the same length', () => {
    const a = 'The ferry to Port Amsel left the pier at noon on Tuesday.';
    const b = 'Two gulls followed the ferry across the grey bay for an hour.';
    const c = 'The harbour master counted forty boats in the evening.';
    const later = `${c.replace('forty', 'fifty')}\n\n${a.replace('noon', 'midday')}`;
    const subs = wordSubstitutions({ earlier: `${a} ${b}\n\n${c}`, later });
    expect(subs.map((s) => [s.text, s.expected])).toEqual([['fifty', 'forty'], ['midday', 'noon']]);
    // A swap at the end of a sentence is paired too: the rest of the sentence anchors it.
    expect(wordSubstitutions({ earlier: a, later: a.replace('Tuesday', 'Wednesday') }).map((s) => s.text)).toEqual(['Wednesday']);
    // One word replaced by two is not word for word.
    expect(wordSubstitutions({ earlier: a, later: a.replace('noon', 'high noon') })).toEqual([]);
  });
});
