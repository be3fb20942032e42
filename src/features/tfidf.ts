/**
 * A fitted feature space over hashed counts: keeps the features seen in at least `minDf` training
 * documents, learns their idf, and maps counts to compact, L2-normalised tf-idf vectors. Word and
 * character blocks are normalised separately and weighted, as when stacking two vectorisers.
 */
import type { HashedCounts } from './hasher.js';
import type { SparseVector } from '../learn/sparse.js';

export interface TfidfOptions {
  /** Keep features present in at least this many fitting documents. */
  minDf: number;
  /** Multiply tf by a smoothed idf (ln((1 + n) / (1 + df)) + 1) learned at fit time. */
  useIdf: boolean;
  /** Weight of the word block relative to the character block (each block is L2-normalised first). */
  wordWeight: number;
  /**
   * Idf given to n-grams outside the space when computing the norm (set at fit time to the idf of
   * a feature seen once). They add nothing to the vector but count in its length, so a space pruned
   * after training scales vectors (almost) as the full space did.
   */
  unknownIdf?: number;
}

/** 1 + ln(tf) for small whole counts, the common case (the same float64 values Math.log gives). */
const SUBLINEAR_TF = Float64Array.from({ length: 256 }, (_, c) => (c > 0 ? 1 + Math.log(c) : 0));

export const DEFAULT_TFIDF_OPTIONS: TfidfOptions = { minDf: 2, useIdf: true, wordWeight: 1 };

/** A fitted tf-idf space. Feature k of a vector is hashed index `features[k]`. */
export class TfidfSpace {
  /** Hashed indices kept, sorted ascending. */
  readonly features: Uint32Array;
  readonly idf: Float32Array;
  readonly options: TfidfOptions;
  /** Hashed indices >= this belong to the character block. */
  readonly charBase: number;
  /** Hashed index → position + 1 (0 = not in the space): a flat table is much faster than a Map here. */
  private readonly lookup: Int32Array;

  constructor(features: Uint32Array, idf: Float32Array, charBase: number, options: TfidfOptions) {
    this.features = features;
    this.idf = idf;
    this.charBase = charBase;
    this.options = options;
    const maxIndex = features.length ? features[features.length - 1] : 0;
    this.lookup = new Int32Array(Math.max(charBase * 2, maxIndex + 1));
    for (let k = 0; k < features.length; k++) this.lookup[features[k]] = k + 1;
  }

  /**
   * Fits the space: `fitDocs` decide which features are kept and their idf (labelled training
   * documents plus, where allowed, unlabeled ones).
   */
  static fit(fitDocs: readonly HashedCounts[], charBase: number, options: Partial<TfidfOptions> = {}): TfidfSpace {
    const opts = { ...DEFAULT_TFIDF_OPTIONS, ...options };
    const df = new Map<number, number>();
    for (const d of fitDocs) for (let k = 0; k < d.indices.length; k++) df.set(d.indices[k], (df.get(d.indices[k]) ?? 0) + 1);
    const kept = [...df.entries()].filter(([, c]) => c >= opts.minDf).map(([i]) => i).sort((a, b) => a - b);
    const features = Uint32Array.from(kept);
    const n = fitDocs.length;
    const idf = new Float32Array(features.length);
    for (let k = 0; k < features.length; k++) idf[k] = opts.useIdf ? Math.log((1 + n) / (1 + (df.get(features[k]) ?? 0))) + 1 : 1;
    const unknownIdf = opts.useIdf ? Math.log((1 + n) / 2) + 1 : 1;
    return new TfidfSpace(features, idf, charBase, { ...opts, unknownIdf });
  }

  get size(): number {
    return this.features.length;
  }

  /** Index of a hashed feature in this space, or -1. */
  indexOf(hashed: number): number {
    return hashed < this.lookup.length ? this.lookup[hashed] - 1 : -1;
  }

  /** Compact tf-idf vector of hashed counts: sublinear tf, idf, per-block L2 norm, overall norm 1. */
  transform(doc: HashedCounts): SparseVector {
    const n = doc.indices.length;
    const idx = new Uint32Array(n);
    const val = new Float64Array(n);
    let m = 0;
    let sw = 0;
    let sc = 0;
    let firstChar = -1;
    const unknown = this.options.unknownIdf ?? 0;
    const lookup = this.lookup;
    const charBase = this.charBase;
    for (let k = 0; k < n; k++) {
      const h = doc.indices[k];
      const f = h < lookup.length ? lookup[h] - 1 : -1;
      const c = doc.counts[k];
      const v = (c < SUBLINEAR_TF.length && c === (c | 0) ? SUBLINEAR_TF[c] : 1 + Math.log(c)) * (f < 0 ? unknown : this.idf[f]);
      if (h >= charBase) sc += v * v;
      else sw += v * v;
      if (f < 0) continue;
      if (h >= charBase && firstChar < 0) firstChar = m;
      idx[m] = f;
      val[m++] = v;
    }
    const ww = this.options.wordWeight;
    const hasW = sw > 0;
    const hasC = sc > 0;
    const total = Math.sqrt((hasW ? ww * ww : 0) + (hasC ? 1 : 0)) || 1;
    const fw = hasW ? ww / Math.sqrt(sw) / total : 0;
    const fc = hasC ? 1 / Math.sqrt(sc) / total : 0;
    const values = new Float32Array(m);
    for (let k = 0; k < m; k++) values[k] = val[k] * (firstChar >= 0 && k >= firstChar ? fc : fw);
    // Hashed indices are sorted and the map is monotone, so compact indices stay sorted.
    return { indices: idx.slice(0, m), values };
  }
}
