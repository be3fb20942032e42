/** The substitutions any engine reports for a copy, computed on read from the two stored texts. */
import { describe, expect, it } from 'vitest';
import { copySubstitutions } from '../../src/store/provenance-substitutions.js';

const EARLIER = 'A river warden of Tamberg counted forty market stalls at dawn, and the clerk wrote the total down.';

describe('copySubstitutions', () => {
  it('reports swapped words at offsets into the later raw text, past the boilerplate its cleaning cut', () => {
    const ad = '[ad_7]\n';
    const raw = `Title\n${ad}${EARLIER.replace('counted', 'tallied')}`;
    const removed = [{ start: 6, end: 6 + ad.length, rule: 'ad-markers', reason: 'an ad marker', text: ad }];
    const [s, ...rest] = copySubstitutions({ id: 'first', cleanText: `Title\n${EARLIER}` }, { raw, removed });
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ kind: 'substitution', text: 'tallied', expected: 'counted', confidence: 0.9 });
    expect(raw.slice(s.start, s.end)).toBe('tallied');
    expect(s.reason).toBe('"tallied" where the earlier copy (first) has "counted"');
  });

  it('finds nothing in an unchanged copy or one that shares no sentence', () => {
    expect(copySubstitutions({ id: 'a', cleanText: EARLIER }, { raw: EARLIER, removed: [] })).toEqual([]);
    expect(copySubstitutions({ id: 'a', cleanText: EARLIER }, { raw: 'Two ferry pilots moved a blue signal box in the first week of May.', removed: [] })).toEqual([]);
  });
});
