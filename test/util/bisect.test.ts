import { describe, expect, it } from 'vitest';
import { partitionPoint } from '../../src/util/bisect.js';

describe('partitionPoint', () => {
  it('finds the first index where the predicate turns false', () => {
    const a = [1, 3, 3, 5, 8];
    expect(partitionPoint(a.length, (i) => a[i] < 3)).toBe(1);
    expect(partitionPoint(a.length, (i) => a[i] <= 3)).toBe(3);
    expect(partitionPoint(a.length, (i) => a[i] < 100)).toBe(5);
    expect(partitionPoint(a.length, (i) => a[i] < 0)).toBe(0);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
});
