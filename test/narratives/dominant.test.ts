import { describe, expect, it } from 'vitest';
import { buildLabelSpace } from '../../src/tasks/narratives/labels.js';
import { chooseDominant, dominantNames, dominantReason } from '../../src/tasks/narratives/dominant.js';

// Invented labels in the official naming scheme.
const rows = [
  { id: 'a', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
  { id: 'b', narratives: ['URW: Gamma'], subNarratives: ['URW: Gamma: Four'] },
  { id: 'c', narratives: ['URW: Delta'], subNarratives: ['URW: Delta: Other'] },
];
const space = buildLabelSpace(rows, ['URW: Beta', 'URW: Delta', 'URW: Gamma']);
// Score order: [CC, URW, Beta, Delta, Gamma, Beta: Two, Gamma: Four]
const n = (name: string) => space.narratives.indexOf(name);
const s = (name: string) => space.subNarratives.indexOf(name);

describe('dominant narrative', () => {
  it('has the expected label space', () => {
    expect(space.narratives).toEqual(['URW: Beta', 'URW: Delta', 'URW: Gamma']);
    expect(space.subNarratives).toEqual(['URW: Beta: Two', 'URW: Gamma: Four']);
  });

  // Beta is the likeliest narrative but its sub-narrative is weak; Gamma's sub-narrative is strong.
  const p = [0, 0.9, 0.6, 0.3, 0.45, 0.2, 0.5];
  const chosen = [n('URW: Beta'), n('URW: Delta'), n('URW: Gamma')];
  const subs = [s('URW: Beta: Two'), s('URW: Gamma: Four')];

  it('narrative rule: the likeliest narrative, then its best sub-narrative', () => {
    const d = chooseDominant(p, space, chosen, subs, 'narrative')!;
    expect(dominantNames(d, space)).toEqual({ narrative: 'URW: Beta', subNarrative: 'URW: Beta: Two' });
  });

  it('sub rule: the likeliest sub-narrative decides the narrative', () => {
    const d = chooseDominant(p, space, chosen, subs, 'sub')!;
    expect(dominantNames(d, space)).toEqual({ narrative: 'URW: Gamma', subNarrative: 'URW: Gamma: Four' });
  });

  it('combined rule: narrative plus its best sub-narrative (0.45 + 0.5 beats 0.6 + 0.2)', () => {
    const d = chooseDominant(p, space, chosen, subs, 'combined')!;
    expect(d).toEqual({ narrative: n('URW: Gamma'), sub: s('URW: Gamma: Four') });
  });

  it('falls back to "<narrative>: Other" without a chosen sub-narrative, and to null without a narrative', () => {
    const d = chooseDominant([0, 0.9, 0.2, 0.7, 0.1, 0.1, 0.1], space, [n('URW: Beta'), n('URW: Delta')], [], 'combined')!;
    expect(dominantNames(d, space)).toEqual({ narrative: 'URW: Delta', subNarrative: 'URW: Delta: Other' });
    expect(chooseDominant(p, space, [], [], 'combined')).toBeNull();
  });

  it('says why: a dominant narrative that is not the highest-scoring one names the one it beat and the sums', () => {
    const d = chooseDominant(p, space, chosen, subs, 'combined')!;
    const why = dominantReason(p, space, chosen, subs, d, 'combined');
    expect(why).toContain('not the highest-scoring narrative (URW: Beta, 0.60)');
    expect(why).toContain('0.45 + 0.50 = 0.95');
    expect(why).toContain('against URW: Beta 0.60 + 0.20 = 0.80');
  });

  it('says why: the highest-scoring narrative, the only one, and one without a specific sub-narrative', () => {
    const q = [0, 0.9, 0.7, 0.3, 0.45, 0.2, 0.1];
    const d = chooseDominant(q, space, chosen, subs, 'combined')!;
    expect(dominantNames(d, space).narrative).toBe('URW: Beta');
    expect(dominantReason(q, space, chosen, subs, d, 'combined')).toMatch(/^the highest-scoring narrative, .*0\.70 \+ 0\.20 = 0\.90, against URW: Gamma 0\.45 \+ 0\.10 = 0\.55$/);
    const one = chooseDominant(q, space, [n('URW: Delta')], [], 'combined')!;
    expect(dominantReason(q, space, [n('URW: Delta')], [], one, 'combined')).toBe('the only narrative chosen');
    const two = [n('URW: Beta'), n('URW: Delta')];
    const pick = chooseDominant(q, space, two, [], 'combined')!;
    expect(dominantReason(q, space, two, [], pick, 'combined')).toContain('URW: Delta 0.30 + 0 (no specific sub-narrative) = 0.30');
  });
});
