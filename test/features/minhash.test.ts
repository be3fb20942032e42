/** MinHash fingerprints: sentence-local shingles, deterministic signatures and band keys, exact overlap and the copy rule. */
import { describe, expect, it } from 'vitest';
import {
  BANDS,
  bandKeys,
  estimatedJaccard,
  fingerprint,
  isCopyPair,
  MIN_SHINGLES,
  minhashSignature,
  overlapOf,
  shingleSet,
  SIGNATURE_SIZE,
} from '../../src/features/minhash.js';
import { inventedStory } from '../store/invented-text.js';

describe('shingleSet', () => {
  it('hashes 5-word runs inside sentences, case-insensitively, so reordered sentences keep every shingle', () => {
    const a = 'The ferry left the pier at noon today. A gull followed the ferry across the bay.';
    const b = 'A GULL followed the ferry across the bay.\nThe ferry left the pier at noon today.';
    expect(shingleSet(a)).toEqual(shingleSet(b));
    expect(shingleSet(a).size).toBe(4 + 4);
  });

  it('keeps a sentence shorter than five words as one shingle, and works for any script', () => {
    expect(shingleSet('Short one.').size).toBe(1);
    expect(shingleSet('Паром вышел из гавани в полдень сегодня.').size).toBe(3);
    expect(shingleSet('').size).toBe(0);
  });
});

describe('fingerprints stay what earlier versions stored', () => {
  // Values of the implementation that stored the first signatures: a store matches new articles against
  // old ones only while shingles, signatures and band keys are computed bit for bit the same.
  const TEXT =
    'The ferry left the pier at noon today. A gull followed the ferry across the bay.\nThe harbour board counted nine wooden piers before the autumn fair, and the clerk wrote it down.';

  it('hashes the same shingles, signature and band keys', () => {
    const s = shingleSet(TEXT);
    expect([...s].map((h) => h >>> 0)).toEqual([
      1213910470, 3261674922, 178454922, 2731644325, 443454958, 3677098512, 2433897667, 1722117922, 1845854633, 2186015519, 1359811511,
      1755925269, 1834552224, 762270709, 1396981458, 3275255120, 1629718038, 154931315, 1008692465, 3894939058, 2523794267,
    ]);
    const sig = minhashSignature(s);
    expect([...sig.slice(0, 6)]).toEqual([167589945, 297355103, 95137961, 120262155, 251791596, 393547800]);
    expect(sig[127]).toBe(90301402);
    expect(bandKeys(sig).slice(0, 3)).toEqual([2619356451, 5411276629, 11601391404]);
    expect(fingerprint(TEXT).signature).toEqual(sig);
    expect([...shingleSet('Паром вышел из гавани в полдень. İstanbul ÖĞLE vakti Köprüsü’nü geçti ve durdu!')].map((h) => h >>> 0)).toEqual([
      1455960112, 2523897731, 4117705066, 3618714938, 122062639,
    ]);
  });

  it('computes each signature value as the least of its hash function over the shingles, repeats changing nothing', () => {
    const shingles = Array.from({ length: 300 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0));
    const sig = minhashSignature(new Set(shingles));
    // The definition: value i is the least, over the shingles, of hash function i (a one-shingle signature).
    const single = shingles.map((x) => minhashSignature([x]));
    for (let i = 0; i < SIGNATURE_SIZE; i++) expect(sig[i]).toBe(Math.min(...single.map((v) => v[i])));
    expect(minhashSignature([...shingles, ...shingles.slice(0, 50)])).toEqual(sig);
    expect(minhashSignature([])).toEqual(new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff));
  });
});

describe('signatures and band keys', () => {
  it('are deterministic, sized by the constants, and equal for equal shingle sets', () => {
    const s = shingleSet(inventedStory(3));
    const sig = minhashSignature(s);
    expect(sig).toHaveLength(SIGNATURE_SIZE);
    expect(minhashSignature(new Set(s))).toEqual(sig);
    const keys = bandKeys(sig);
    expect(keys).toHaveLength(BANDS);
    expect(new Set(keys.map((k) => Math.floor(k / 2 ** 32)))).toEqual(new Set(Array.from({ length: BANDS }, (_, b) => b)));
    expect(keys.every(Number.isSafeInteger)).toBe(true);
  });

  it('give near-copies shared band keys and unrelated stories almost none', () => {
    const story = inventedStory(4, 15);
    const copy = story.replace('residents', 'inhabitants');
    const shared = (x: string, y: string) => {
      const kx = new Set(fingerprint(x).keys);
      return fingerprint(y).keys.filter((k) => kx.has(k)).length;
    };
    expect(shared(story, copy)).toBeGreaterThan(BANDS / 2);
    expect(shared(story, inventedStory(5, 15))).toBeLessThan(2);
  });

  it('estimate Jaccard from two signatures within a few hundredths', () => {
    const a = new Set(Array.from({ length: 400 }, (_, i) => i * 7919));
    const b = new Set([...a].slice(0, 200).concat(Array.from({ length: 200 }, (_, i) => 1e6 + i * 104729)));
    const exact = overlapOf(a, b).jaccard;
    expect(exact).toBeCloseTo(1 / 3, 5);
    expect(Math.abs(estimatedJaccard(minhashSignature(a), minhashSignature(b)) - exact)).toBeLessThan(0.13);
    expect(estimatedJaccard(minhashSignature(a), minhashSignature(a))).toBe(1);
  });

  it('leaves texts below MIN_SHINGLES out of the index', () => {
    expect(fingerprint('Only a headline').indexed).toBe(false);
    expect(fingerprint('Only a headline').keys).toEqual([]);
    expect(MIN_SHINGLES).toBeGreaterThan(1);
    expect(fingerprint(inventedStory(6)).indexed).toBe(true);
  });
});

describe('overlapOf and the copy rule', () => {
  it('measures Jaccard, each containment and the share of the larger set', () => {
    const o = overlapOf(new Set([1, 2, 3, 4]), new Set([3, 4, 5, 6, 7, 8]));
    expect(o).toEqual({ shared: 2, jaccard: 2 / 8, containmentA: 0.5, containmentB: 2 / 6, share: 2 / 6 });
    expect(overlapOf(new Set(), new Set()).jaccard).toBe(0);
  });

  it('takes a truncated copy (most of the text) and rejects a story that shares a paragraph', () => {
    const full = inventedStory(8, 15);
    const paragraphs = full.split('\n\n');
    const truncated = paragraphs.slice(0, 4).join('\n\n');
    const borrowsOne = [paragraphs[0], inventedStory(9, 12)].join('\n\n');
    expect(isCopyPair(overlapOf(shingleSet(full), shingleSet(truncated)))).toBe(true);
    expect(isCopyPair(overlapOf(shingleSet(full), shingleSet(borrowsOne)))).toBe(false);
  });
});
