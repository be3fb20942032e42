import { describe, expect, it } from 'vitest';
import { IndexCounter, sortIndices } from '../../src/features/counter.js';
import { FeatureHasher } from '../../src/features/hasher.js';
import { xorshift32 } from '../../src/learn/random.js';

function randomIndices(n: number, max: number, seed: number): Uint32Array {
  const next = xorshift32(seed);
  return Uint32Array.from({ length: n }, () => Math.floor(next() * max));
}

describe('sortIndices', () => {
  it('sorts like the built-in numeric sort, short and long arrays, large values included', () => {
    for (const [n, max] of [[10, 100], [300, 1 << 21], [5000, 1 << 21], [4000, 0xfffffffe], [1000, 3]] as const) {
      const a = randomIndices(n, max, n + 7);
      const expected = Uint32Array.from(a).sort();
      expect(Array.from(sortIndices(a))).toEqual(Array.from(expected));
    }
  });
});

describe('IndexCounter', () => {
  it('counts like a Map, drains sorted, and is empty afterwards (through growth)', () => {
    const counter = new IndexCounter();
    for (const n of [50, 20_000, 200_000, 30, 6_000, 40, 3_000, 25]) {
      const a = randomIndices(n, n < 1000 ? 40 : 1 << 21, n);
      // 6,000 and 3,000 distinct indices leave a table that is kept and cleared slot by slot; the next text must start empty.
      const expected = new Map<number, number>();
      for (const x of a) {
        counter.add(x);
        expected.set(x, (expected.get(x) ?? 0) + 1);
      }
      const { indices, counts } = counter.drain();
      const keys = [...expected.keys()].sort((x, y) => x - y);
      expect(Array.from(indices)).toEqual(keys);
      expect(Array.from(counts)).toEqual(keys.map((k) => expected.get(k)));
    }
    expect(counter.drain().indices.length).toBe(0);
  });
});

describe('FeatureHasher counts', () => {
  it('are the same for a text whether it is hashed alone or after a much longer one', () => {
    const h = new FeatureHasher({ bits: 18 });
    const text = 'The harbour cranes stood still while the council argued about the windmill.';
    const first = h.counts(text);
    h.counts('lorem ipsum dolor '.repeat(5000));
    const again = h.counts(text);
    expect(Array.from(again.indices)).toEqual(Array.from(first.indices));
    expect(Array.from(again.counts)).toEqual(Array.from(first.counts));
    expect(first.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(12);
  });
});
