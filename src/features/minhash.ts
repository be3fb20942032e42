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
/** Hash functions in a signature (a multiple of 4: minhashSignature computes four per pass). */
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
 * Scratch buffers reused from text to text: shingling runs once per article at ingest, and fresh
 * arrays per sentence were a good part of its cost (and of the garbage it left). Never handed out:
 * callers get a Set or a signature built from them.
 */
let wordScratch = new Uint32Array(256);
let shingleScratch = new Uint32Array(1024);

/**
 * Every shingle hash of a clean text in order, repeats included (a view of the scratch buffer, valid
 * until the next call): every run of SHINGLE_WORDS lower-cased words inside a sentence, or the whole
 * sentence when it is shorter. Language-independent (Unicode word tokens).
 */
function shingleHashes(cleanText: string): Uint32Array {
  let n = 0;
  for (const { start, end } of roughSentences(cleanText)) {
    // Each word hashed once; a shingle combines its words' hashes (no joined strings to build).
    const words = wordTokens(cleanText.slice(start, end));
    const count = words.length;
    if (count === 0) continue;
    if (wordScratch.length < count) wordScratch = new Uint32Array(count * 2);
    for (let i = 0; i < count; i++) wordScratch[i] = fnv1a(words[i]);
    const last = Math.max(0, count - SHINGLE_WORDS);
    if (shingleScratch.length < n + last + 1) shingleScratch = grown(shingleScratch, (n + last + 1) * 2);
    for (let i = 0; i <= last; i++) {
      let h = 0x811c9dc5;
      const stop = Math.min(count, i + SHINGLE_WORDS);
      for (let k = i; k < stop; k++) h = Math.imul(h ^ wordScratch[k], 0x01000193);
      shingleScratch[n++] = mix32(h);
    }
  }
  return shingleScratch.subarray(0, n);
}

function grown(buffer: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(length);
  out.set(buffer);
  return out;
}

/** The set of hashed shingles of a clean text (see shingleHashes). */
export function shingleSet(cleanText: string): Set<number> {
  return setOf(shingleHashes(cleanText));
}

/**
 * A set of shingle hashes read as signed 32-bit integers: V8 keeps those unboxed, while an unsigned
 * value above 2^31 would be a heap number of its own in the set (half the shingles). Sets are only
 * compared with each other (overlapOf); a signature reads its values back as unsigned.
 */
function setOf(hashes: Uint32Array): Set<number> {
  return new Set(new Int32Array(hashes.buffer, hashes.byteOffset, hashes.length));
}

/**
 * The MinHash signature of some shingles: for each hash function, the least value over the shingles
 * (repeats change nothing). Four functions per pass over the shingles, their minima kept in locals:
 * a third faster than one function per pass, and this loop is most of the index's arithmetic.
 */
export function minhashSignature(shingles: Iterable<number>): Uint32Array {
  const values = shingles instanceof Uint32Array ? shingles : Uint32Array.from(shingles);
  const sig = new Uint32Array(SIGNATURE_SIZE);
  const n = values.length;
  for (let i = 0; i < SIGNATURE_SIZE; i += 4) {
    const a0 = A[i], a1 = A[i + 1], a2 = A[i + 2], a3 = A[i + 3];
    const b0 = B[i], b1 = B[i + 1], b2 = B[i + 2], b3 = B[i + 3];
    let m0 = 0xffffffff, m1 = 0xffffffff, m2 = 0xffffffff, m3 = 0xffffffff;
    for (let k = 0; k < n; k++) {
      const s = values[k];
      const v0 = (Math.imul(a0, s) + b0) >>> 0;
      const v1 = (Math.imul(a1, s) + b1) >>> 0;
      const v2 = (Math.imul(a2, s) + b2) >>> 0;
      const v3 = (Math.imul(a3, s) + b3) >>> 0;
      if (v0 < m0) m0 = v0;
      if (v1 < m1) m1 = v1;
      if (v2 < m2) m2 = v2;
      if (v3 < m3) m3 = v3;
    }
    sig[i] = m0;
    sig[i + 1] = m1;
    sig[i + 2] = m2;
    sig[i + 3] = m3;
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
  const hashes = shingleHashes(cleanText);
  const shingles = setOf(hashes);
  if (shingles.size < MIN_SHINGLES) return { shingles, keys: [], indexed: false };
  const signature = minhashSignature(hashes);
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
