import { describe, expect, it } from 'vitest';
import { FeatureHasher } from '../../src/features/hasher.js';
import { segmentSentences } from '../../src/text/index.js';

const plain = (c: { indices: Uint32Array; counts: Float32Array }) => ({ indices: [...c.indices], counts: [...c.counts] });

describe('FeatureHasher.countsWithSegments', () => {
  it('gives the counts of the whole text and of each sentence, as separate calls would', () => {
    const hasher = new FeatureHasher({ bits: 16 });
    const text = 'Harbour talks stall\n\nThe mayor met the fishermen. They asked for new cranes!Nobody answered. Страните се договориха. यह दूसरा वाक्य है।';
    const sentences = segmentSentences(text);
    expect(sentences.length).toBeGreaterThan(4);
    const { whole, segments } = hasher.countsWithSegments(text, sentences);
    expect(plain(whole)).toEqual(plain(hasher.counts(text)));
    sentences.forEach((s, i) => expect(plain(segments[i])).toEqual(plain(hasher.counts(text.slice(s.start, s.end)))));
  });

  it('counts word bigrams across a sentence edge only in the whole text', () => {
    const hasher = new FeatureHasher({ bits: 16, charNgrams: null, wordNgrams: [2, 2] });
    const text = 'Red boat. Blue sky';
    const { whole, segments } = hasher.countsWithSegments(text, segmentSentences(text));
    expect(whole.indices.length).toBe(3);
    expect(segments.map((s) => s.indices.length)).toEqual([1, 1]);
  });
});
