import { describe, expect, it } from 'vitest';
import { scoreSpanIdentification, scoreTechniqueClassification, scoreTechniqueSpans } from '../../src/tasks/techniques/score.js';

describe('PTC span identification', () => {
  it('uses partial overlap credit normalised by predicted and gold lengths', () => {
    // gold [0,10); predicted [5,15) and [20,30).  P = (5/10 + 0) / 2 = 0.25, R = (5/10) / 1 = 0.5.
    const s = scoreSpanIdentification(new Map([['a', [{ start: 0, end: 10 }]]]), new Map([['a', [{ start: 5, end: 15 }, { start: 20, end: 30 }]]]));
    expect(s.precision).toBeCloseTo(0.25, 10);
    expect(s.recall).toBeCloseTo(0.5, 10);
    expect(s.f1).toBeCloseTo(1 / 3, 10);
  });

  it('merges overlapping predictions and counts articles only on one side', () => {
    const s = scoreSpanIdentification(
      new Map([['a', [{ start: 0, end: 10 }]], ['b', [{ start: 0, end: 4 }]]]),
      new Map([['a', [{ start: 0, end: 6 }, { start: 4, end: 10 }]]]),
    );
    expect(s.predicted).toBe(1);
    expect(s.gold).toBe(2);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.5);
  });
});

describe('PTC spans with techniques (FLC)', () => {
  it('counts overlap only between spans of the same technique', () => {
    const gold = [
      { id: 'a', start: 0, end: 10, technique: 'Loaded_Language' },
      { id: 'a', start: 20, end: 30, technique: 'Doubt' },
    ];
    const pred = [
      { id: 'a', start: 0, end: 5, technique: 'Loaded_Language' }, // inside gold: P 1, R 0.5
      { id: 'a', start: 20, end: 30, technique: 'Loaded_Language' }, // right place, wrong technique: 0
    ];
    const s = scoreTechniqueSpans(gold, pred);
    expect(s.precision).toBeCloseTo(1 / 2);
    expect(s.recall).toBeCloseTo(0.5 / 2);
    // Technique-blind, the second prediction counts in full.
    const blind = scoreSpanIdentification(new Map([['a', gold]]), new Map([['a', pred]]));
    expect(blind.precision).toBeCloseTo(1);
  });
});

describe('PTC technique classification', () => {
  it('matches predictions to gold spans by offsets, as a multiset of techniques', () => {
    const gold = [
      { id: 'a', start: 0, end: 5, technique: 'Doubt' },
      { id: 'a', start: 0, end: 5, technique: 'Slogans' },
      { id: 'a', start: 9, end: 12, technique: 'Repetition' },
    ];
    const pred = [
      { id: 'a', start: 0, end: 5, technique: 'Slogans' },
      { id: 'a', start: 0, end: 5, technique: 'Slogans' },
      { id: 'a', start: 9, end: 12, technique: 'Repetition' },
    ];
    const s = scoreTechniqueClassification(gold, pred);
    expect(s.precision).toBeCloseTo(2 / 3, 10);
    expect(s.recall).toBeCloseTo(2 / 3, 10);
  });
});
