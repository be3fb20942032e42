/**
 * Hashed word and character n-grams ("the hashing trick"): no vocabulary to store, constant memory,
 * and the same function at training and inference time. Hand-written because no maintained npm
 * package offers hashed char-n-gram features over typed arrays; FNV-1a keeps it dependency-free and fast.
 */
import { wordTokens, wordTokensWithOffsets } from './tokenize.js';
import type { Span } from '../doc/span.js';
import { IndexCounter, sortIndices } from './counter.js';
import type { SparseVector } from '../learn/sparse.js';

export interface HasherOptions {
  /** Each block (words, characters) hashes into 2^bits slots; the vector has 2^(bits+1) dimensions. */
  bits: number;
  /** Word n-gram lengths, inclusive, e.g. [1, 2]. */
  wordNgrams: [number, number];
  /** Character n-gram lengths inside word boundaries (each word padded with a space), or null. */
  charNgrams: [number, number] | null;
}

export const DEFAULT_HASHER_OPTIONS: HasherOptions = { bits: 20, wordNgrams: [1, 2], charNgrams: [2, 5] };

/** Block of a hashed feature index: 0 = word n-gram, 1 = character n-gram. */
export function featureBlock(index: number, bits: number): number {
  return index >>> bits;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/**
 * One counter shared by every hasher: calls never interleave (each drains it before returning), so
 * the pipeline's several models share one small table.
 */
const sharedCounter = new IndexCounter();

/** Raw hashed term counts of a text. */
export interface HashedCounts {
  readonly indices: Uint32Array;
  readonly counts: Float32Array;
}

/**
 * The hashed index of one word n-gram of already tokenised (lower-cased) words, as `counts` gives it
 * for those words in a row: what attributing a model's decision to the words of a text needs.
 */
export function wordNgramIndex(words: readonly string[], from: number, n: number, bits: number): number {
  let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
  for (let k = 0; k < n; k++) h = Math.imul(h ^ fnvString(words[from + k], FNV_OFFSET), FNV_PRIME);
  return (h >>> 0) & ((1 << bits) - 1);
}

/** Turns text into hashed n-gram counts or vectors. Not thread-safe (uses a shared counter). */
export class FeatureHasher {
  readonly options: HasherOptions;
  readonly dims: number;
  private readonly mask: number;

  constructor(options: Partial<HasherOptions> = {}) {
    this.options = { ...DEFAULT_HASHER_OPTIONS, ...options };
    this.mask = (1 << this.options.bits) - 1;
    this.dims = 2 << this.options.bits;
  }

  private add(index: number): void {
    sharedCounter.add(index);
  }

  /** Hashed n-gram counts of `text`, indices sorted. */
  counts(text: string): HashedCounts {
    const { wordNgrams, charNgrams, bits } = this.options;
    const tokens = wordTokens(text);
    const hashes = tokens.map((t) => fnvString(t, FNV_OFFSET));
    for (let n = wordNgrams[0]; n <= wordNgrams[1]; n++) {
      for (let i = 0; i + n <= tokens.length; i++) {
        let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
        for (let k = 0; k < n; k++) h = Math.imul(h ^ hashes[i + k], FNV_PRIME);
        this.add((h >>> 0) & this.mask);
      }
    }
    if (charNgrams) {
      const [lo, hi] = charNgrams;
      const charBase = 1 << bits;
      for (const tok of tokens) {
        const w = ` ${tok} `;
        for (let s = 0; s < w.length; s++) {
          let h = FNV_OFFSET;
          for (let len = 1; len <= hi && s + len <= w.length; len++) {
            h = Math.imul(h ^ w.charCodeAt(s + len - 1), FNV_PRIME);
            if (len >= lo) this.add(charBase | (Math.imul(h, 0x9e3779b1) >>> (32 - bits)));
          }
        }
      }
    }
    return this.drain();
  }

  /**
   * Counts of the whole text and of each segment (e.g. its sentences) in one pass. Equal to
   * `counts(text)` and `counts(text.slice(seg.start, seg.end))` as long as no word crosses a
   * segment edge (true of sentence spans); hashing the text once instead of twice is what makes
   * per-sentence evidence cheap.
   */
  countsWithSegments(text: string, segments: readonly Span[]): { whole: HashedCounts; segments: HashedCounts[] } {
    const { wordNgrams, charNgrams, bits } = this.options;
    const tokens = wordTokensWithOffsets(text);
    const hashes = tokens.map((t) => fnvString(t.token, FNV_OFFSET));
    // Segment of each token (-1 outside every segment); both lists are in text order.
    const segOf = new Int32Array(tokens.length).fill(-1);
    for (let i = 0, s = 0; i < tokens.length; i++) {
      while (s < segments.length && segments[s].end <= tokens[i].start) s++;
      if (s < segments.length && segments[s].start <= tokens[i].start && tokens[i].end <= segments[s].end) segOf[i] = s;
    }
    const lists: number[][] = segments.map(() => []);
    for (let n = wordNgrams[0]; n <= wordNgrams[1]; n++) {
      for (let i = 0; i + n <= tokens.length; i++) {
        let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
        let same = segOf[i] >= 0;
        for (let k = 0; k < n; k++) {
          h = Math.imul(h ^ hashes[i + k], FNV_PRIME);
          if (segOf[i + k] !== segOf[i]) same = false;
        }
        const index = (h >>> 0) & this.mask;
        this.add(index);
        if (same) lists[segOf[i]].push(index);
      }
    }
    if (charNgrams) {
      const [lo, hi] = charNgrams;
      const charBase = 1 << bits;
      for (let t = 0; t < tokens.length; t++) {
        const w = ` ${tokens[t].token} `;
        const list = segOf[t] >= 0 ? lists[segOf[t]] : null;
        for (let s = 0; s < w.length; s++) {
          let h = FNV_OFFSET;
          for (let len = 1; len <= hi && s + len <= w.length; len++) {
            h = Math.imul(h ^ w.charCodeAt(s + len - 1), FNV_PRIME);
            if (len >= lo) {
              const index = charBase | (Math.imul(h, 0x9e3779b1) >>> (32 - bits));
              this.add(index);
              list?.push(index);
            }
          }
        }
      }
    }
    return { whole: this.drain(), segments: lists.map(countSorted) };
  }

  /** Reads the counts out (indices sorted) and clears them. */
  private drain(): HashedCounts {
    return sharedCounter.drain();
  }

  /** Sublinear-tf (1 + ln tf), L2-normalised hashed vector of `text`, without idf. */
  vectorize(text: string): SparseVector {
    const { indices, counts } = this.counts(text);
    const values = new Float32Array(counts.length);
    let s = 0;
    for (let k = 0; k < counts.length; k++) {
      values[k] = 1 + Math.log(counts[k]);
      s += values[k] * values[k];
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < values.length; k++) values[k] *= inv;
    return { indices, values };
  }
}

/** Counts of a list of feature indices: sorted distinct indices with how often each occurs. */
function countSorted(list: number[]): HashedCounts {
  const sorted = sortIndices(Uint32Array.from(list));
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
  const indices = new Uint32Array(distinct);
  const counts = new Float32Array(distinct);
  for (let k = 0, d = -1; k < sorted.length; k++) {
    if (d < 0 || sorted[k] !== indices[d]) indices[++d] = sorted[k];
    counts[d]++;
  }
  return { indices, counts };
}
