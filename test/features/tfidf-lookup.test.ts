import { describe, expect, it } from 'vitest';
import { TfidfSpace } from '../../src/features/tfidf.js';
import { applyPlatt, applyPlattRow } from '../../src/learn/calibration.js';
import { xorshift32 } from '../../src/learn/random.js';

/** Sorted distinct indices with counts, some of them below and some above the character block. */
function doc(seed: number, n: number, max: number) {
  const next = xorshift32(seed);
  const set = new Set<number>();
  while (set.size < n) set.add(Math.floor(next() * max));
  const indices = Uint32Array.from([...set].sort((a, b) => a - b));
  return { indices, counts: Float32Array.from(indices, (_, k) => 1 + (k % 3)) };
}

describe('TfidfSpace.transform', () => {
  it('finds each kept feature of a text (sorted merge) exactly as the per-index lookup does', () => {
    const charBase = 1 << 12;
    const fitDocs = Array.from({ length: 30 }, (_, s) => doc(s + 1, 300, charBase * 2));
    const space = TfidfSpace.fit(fitDocs, charBase, { minDf: 2 });
    for (const d of [doc(99, 500, charBase * 2), doc(7, 3, charBase * 2), doc(5, 1, 10), { indices: new Uint32Array(0), counts: new Float32Array(0) }]) {
      const v = space.transform(d);
      const expected = Array.from(d.indices).map((h) => space.indexOf(h)).filter((f) => f >= 0);
      expect(Array.from(v.indices)).toEqual(expected);
    }
  });
});

describe('applyPlattRow', () => {
  it('maps each label through its own Platt scaling', () => {
    const platts = [{ a: 1, b: 0 }, { a: 0.5, b: -1 }, { a: 2, b: 0.3 }];
    const row = applyPlattRow(platts, [0.2, 0.7, 0.99]);
    expect(Array.from(row)).toEqual([0.2, 0.7, 0.99].map((p, l) => expect.closeTo(applyPlatt(platts[l], p), 12)));
  });
});
