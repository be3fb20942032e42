/**
 * Near-duplicate fingerprints of a clean text: hashed word shingles (5 words, inside one sentence),
 * a 128-value MinHash signature and its 32 LSH band keys. Pure and deterministic (fixed seeds), so a
 * signature computed at ingest today matches one computed by another process tomorrow.
 *
 * Hand-written: the npm packages that offer MinHash (`minhash` 0.0.9, `bloom-filters`' MinHashFactory)
 * draw their permutations from Math.random (not reproducible across processes), keep the LSH index in
 * memory and take no shingle hashes of our own; the store needs fixed seeds and band keys it can keep
 * in an indexed SQLite table (src/store/sqlite-provenance.ts), which is a few lines here.
 */
import { wordTokens } from './tokenize.js';

/** Words per shingle: long enough that two unrelated texts on one topic rarely share one. */
export const SHINGLE_WORDS = 5;
/** Hash functions in a signature. */
export const SIGNATURE_SIZE = 128;
/**
 * Bands × rows of the LSH index (32 × 4 = 128). Two texts become candidates with probability
 * 1 − (1 − J^4)^32 for Jaccard J: 0.87 at J = 0.5, 0.99 at 0.6, 0.9998 at 0.7, but 0.05 at 0.2 and
 * 0.003 at 0.1. Copies sharing ≥ 70% of their text have J ≥ 0.6 even after a few substituted words
 * (each costs at most 5 shingles), so they are almost never missed, while same-topic articles (J
 * around 0.1) rarely cost a verification. 16 × 8 would miss a third of the J = 0.6 pairs; 42 × 3
 * would verify a quarter of the J = 0.2 ones.
 */
export const BANDS = 32;
export const ROWS = SIGNATURE_SIZE / BANDS;
/** Fewer shingles than this and a text is not indexed: a title or a caption alone says nothing about copying. */
export const MIN_SHINGLES = 10;

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash of a 32-bit value. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The signature's hash functions: function i maps a (well-mixed) shingle hash x to A[i]·x + B[i] mod
 * 2^32, with A[i] odd, so each is a permutation of the 32-bit values; two operations per shingle and
 * function instead of a full mix, which is most of the index's cost at ingest.
 */
const A = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x9e3779b9 + i * 0x632be5ab) | 1);
const B = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x7f4a7c15 + i * 0x2545f491));

/**
 * Sentences of a clean text, roughly: shingles do not cross them, so copies whose sentences or
 * paragraphs were reordered keep all their shingles. A rough split is enough here (a missed boundary
 * costs a few shingles), and it must not depend on the language.
 */
const SENTENCE_BREAK = /(?<=[.!?…。！？])\s+|\n+/u;

/** Offsets of the rough sentences of a text (SENTENCE_BREAK), empty ones left out. */
export function roughSentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = new RegExp(SENTENCE_BREAK.source, 'gu');
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > start) out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (text.length > start) out.push({ start, end: text.length });
  return out;
}

/**
 * The set of hashed shingles of a clean text: every run of SHINGLE_WORDS lower-cased words inside a
 * sentence, or the whole sentence when it is shorter. Language-independent (Unicode word tokens).
 */
export function shingleSet(cleanText: string): Set<number> {
  const out = new Set<number>();
  for (const { start, end } of roughSentences(cleanText)) {
    // Each word hashed once; a shingle combines its words' hashes (no joined strings to build).
    const words = wordTokens(cleanText.slice(start, end)).map(fnv1a);
    if (words.length === 0) continue;
    const last = Math.max(0, words.length - SHINGLE_WORDS);
    for (let i = 0; i <= last; i++) {
      let h = 0x811c9dc5;
      for (let k = i; k < Math.min(words.length, i + SHINGLE_WORDS); k++) h = Math.imul(h ^ words[k], 0x01000193);
      out.add(mix32(h));
    }
  }
  return out;
}

/** The MinHash signature of a shingle set: for each hash function, the least value over the shingles. */
export function minhashSignature(shingles: Iterable<number>): Uint32Array {
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const s of shingles) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const v = (Math.imul(A[i], s) + B[i]) >>> 0;
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/**
 * The LSH band keys of a signature: band b's ROWS values hashed to 32 bits, with b in the bits above,
 * so one integer column (safe in a JavaScript number and a SQLite INTEGER) holds every band.
 */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = mix32(Math.imul(h, 0x01000193) ^ signature[b * ROWS + r]);
    keys.push(b * 2 ** 32 + h);
  }
  return keys;
}

/** Shingles, signature and band keys of a clean text; `indexed` is false below MIN_SHINGLES (no signature, no keys). */
export function fingerprint(cleanText: string): { shingles: Set<number>; signature?: Uint32Array; keys: number[]; indexed: boolean } {
  const shingles = shingleSet(cleanText);
  if (shingles.size < MIN_SHINGLES) return { shingles, keys: [], indexed: false };
  const signature = minhashSignature(shingles);
  return { shingles, signature, keys: bandKeys(signature), indexed: true };
}

/** The Jaccard similarity two signatures estimate: the share of hash functions whose minimum they share. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** Exact overlap of two shingle sets: Jaccard, the share of each found in the other, and of the larger one. */
export interface Overlap {
  shared: number;
  jaccard: number;
  /** Share of `a`'s shingles found in `b`. */
  containmentA: number;
  /** Share of `b`'s shingles found in `a`. */
  containmentB: number;
  /** shared / the larger set: how much of the longer text the two share (the "copy sharing ≥ 70%" measure). */
  share: number;
}

export function overlapOf(a: ReadonlySet<number>, b: ReadonlySet<number>): Overlap {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  const union = a.size + b.size - shared;
  return {
    shared,
    jaccard: union ? shared / union : 0,
    containmentA: a.size ? shared / a.size : 0,
    containmentB: b.size ? shared / b.size : 0,
    share: large.size ? shared / large.size : 0,
  };
}

/**
 * The verified-copy rule: two texts are near-duplicates when they share at least this much of the
 * longer one's shingles. Set from the definition (copies sharing ≥ 70% of their text), with room for
 * the shingles a few substituted words or a cut sentence cost; not tuned on the benchmark.
 */
export const COPY_SHARE = 0.6;

export const isCopyPair = (o: Overlap): boolean => o.share >= COPY_SHARE;
