import { describe, expect, it } from 'vitest';
import { compilePatterns, expandShapes } from '../../src/clean/patterns.js';

describe('cleaning pattern shapes', () => {
  it('expands {NAME} shapes and leaves quantifiers and \\p{L} alone', () => {
    expect(expandShapes(String.raw`^x{0,3}\p{L}$`)).toBe(String.raw`^x{0,3}\p{L}$`);
    expect(expandShapes('^{URL}$')).not.toContain('{URL}');
    expect(() => expandShapes('^{NOPE}$')).toThrow(/unknown shape \{NOPE\}/);
  });

  it('{ONE} accepts one sentence (a headline with "U.S." or a question) and rejects two', () => {
    const set = compilePatterns([{ pattern: '^{ONE}label: .+$', reason: 'test' }]);
    expect(set.test('label: U.S. Envoy Visits The Invented Harbour')).toBe(true);
    expect(set.test('label: Who Pays? The Invented Council Decides')).toBe(true);
    expect(set.test('label: the council met on Monday. It approved the plan.')).toBe(false);
  });

  it('{LINK} is a URL or a one-sentence headline', () => {
    const set = compilePatterns([{ pattern: '^see: {LINK}$', reason: 'test' }]);
    expect(set.test('see: https://example.org/a/b?c=1')).toBe(true);
    expect(set.test('see: Invented Town Opens Its Bridge')).toBe(true);
    expect(set.test('see: the bridge opened in 2019. Then it closed.')).toBe(false);
  });
});
