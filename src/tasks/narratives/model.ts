/**
 * A stored narrative model for one language: the fitted tf-idf space (kept hashed features and
 * their idf), int8-quantised one-vs-rest weights, biases, the label space and the tuned decoding
 * thresholds, in the model-file format of src/learn/modelfile.ts. The features with the largest
 * weights are kept (up to `maxFeatures`) so the five languages ship in a few megabytes each.
 */
import { readFileSync } from 'node:fs';
import { FeatureHasher, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { decodeModelFile, encodeModelFile, quantizeInt8, toLinearModel, type SparseVector } from '../../learn/index.js';
import { decodeLabels, type DecodeParams, type Decoded } from './decode.js';
import { applySubModel, scoredLabelNames, type LabelSpace, type SubModel } from './labels.js';
import type { Taxonomy } from './taxonomy.js';
import type { FittedNarratives } from './train.js';

export const MODEL_FORMAT = 'narrascope-narratives/1';

export interface NarrativeModelMeta {
  format: string;
  lang: string;
  version: string;
  seed: number;
  hasher: HasherOptions;
  tfidf: TfidfOptions;
  labels: LabelSpace;
  decode: { other: number; narrative: number[]; sub: number[]; singleDomain: boolean; otherBy: DecodeParams['otherBy']; hedgeOther: number };
  taxonomy: Taxonomy;
  training: Record<string, unknown>;
  /** How sub-narrative scores combine with their parents' (absent in older files: 'flat'). */
  subModel?: SubModel;
}

/**
 * The linear layer as stored: int8 weights, feature-major (features × outputs), one scale per
 * output, float biases. Kept quantised in memory too: a quarter of the memory of float weights,
 * and scoring reads fewer bytes (it is the hot loop of inference).
 */
export interface QuantizedLinear {
  readonly outputs: readonly string[];
  readonly q: Int8Array;
  readonly scales: Float32Array;
  readonly bias: Float32Array;
}

/** A loaded (or freshly converted) model, ready for inference. */
export class NarrativeModel {
  readonly hasher: FeatureHasher;
  readonly params: DecodeParams;
  constructor(
    readonly meta: NarrativeModelMeta,
    readonly space: TfidfSpace,
    readonly linear: QuantizedLinear,
  ) {
    if (linear.q.length !== space.size * linear.outputs.length) throw new Error('NarrativeModel: weights size does not match features × outputs');
    this.hasher = new FeatureHasher(meta.hasher);
    this.params = { other: meta.decode.other, narrative: Float64Array.from(meta.decode.narrative), sub: Float64Array.from(meta.decode.sub), singleDomain: meta.decode.singleDomain, otherBy: meta.decode.otherBy, hedgeOther: meta.decode.hedgeOther };
  }

  get labels(): LabelSpace {
    return this.meta.labels;
  }

  vectorize(text: string): SparseVector {
    return this.space.transform(this.hasher.counts(text));
  }

  vectorizeCounts(counts: HashedCounts): SparseVector {
    return this.space.transform(counts);
  }

  /** Label probabilities of a vector, ordered as in labels.ts (extra outputs after them, see labels.ts). */
  probabilities(x: SparseVector): Float64Array {
    const { q, scales, bias } = this.linear;
    const L = scales.length;
    const acc = new Float64Array(L);
    const idx = x.indices;
    const val = x.values;
    for (let k = 0; k < idx.length; k++) {
      const base = idx[k] * L;
      const v = val[k];
      for (let l = 0; l < L; l++) acc[l] += v * q[base + l];
    }
    for (let l = 0; l < L; l++) acc[l] = 1 / (1 + Math.exp(-(acc[l] * scales[l] + bias[l])));
    return applySubModel(acc, this.meta.labels, this.meta.subModel);
  }

  /** Contribution of a vector's features to output `label`'s decision value (bias excluded). */
  contribution(x: SparseVector, label: number): number {
    const { q, scales } = this.linear;
    const L = scales.length;
    let v = 0;
    for (let k = 0; k < x.indices.length; k++) v += x.values[k] * q[x.indices[k] * L + label];
    return v * scales[label];
  }

  decode(p: ArrayLike<number>): Decoded {
    return decodeLabels(p, this.meta.labels, this.params);
  }

  /** Serialises the model (deterministic bytes). */
  encode(): Buffer {
    const { q, scales, bias } = this.linear;
    return encodeModelFile({
      meta: this.meta as unknown as Record<string, unknown>,
      arrays: { features: this.space.features, idf: this.space.idf, weights: q, scales, bias },
    });
  }

  static decode(data: Buffer, name = 'model file'): NarrativeModel {
    const file = decodeModelFile(data, name);
    const meta = file.meta as unknown as NarrativeModelMeta;
    if (meta.format !== MODEL_FORMAT) throw new Error(`${name}: format ${String(meta.format)} is not ${MODEL_FORMAT}`);
    const { features, idf, weights, scales, bias } = file.arrays as Record<string, never>;
    const space = new TfidfSpace(features as Uint32Array, idf as Float32Array, 1 << meta.hasher.bits, meta.tfidf);
    const names = scoredLabelNames(meta.labels, meta.subModel);
    const linear: QuantizedLinear = { outputs: names, q: weights as Int8Array, scales: scales as Float32Array, bias: bias as Float32Array };
    if (linear.q.length !== (features as Uint32Array).length * names.length || linear.scales.length !== names.length) throw new Error(`${name}: weight arrays do not match the label space`);
    return new NarrativeModel(meta, space, linear);
  }

  static load(path: string): NarrativeModel {
    return NarrativeModel.decode(readFileSync(path), path);
  }
}

/**
 * Converts a fitted kernel-form model into a stored linear model: primal weights, the
 * `maxFeatures` features with the largest weight norms, int8 quantisation (applied here too, so
 * cross-validation measures exactly what ships).
 */
export function toNarrativeModel(fitted: FittedNarratives, meta: Omit<NarrativeModelMeta, 'labels' | 'decode' | 'tfidf' | 'format'>, maxFeatures: number): NarrativeModel {
  const names = scoredLabelNames(fitted.labels, fitted.subModel);
  const L = names.length;
  const F = fitted.space.size;
  const rows = Array.from({ length: fitted.X.length }, (_, i) => i);
  const full = toLinearModel(names, fitted.X, rows, fitted.solutions, F);
  // Rank features by the squared norm of their weight row; keep the strongest, in index order.
  const strength = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    let s = 0;
    for (let l = 0; l < L; l++) s += full.weights[f * L + l] ** 2;
    strength[f] = s;
  }
  let keep = Array.from({ length: F }, (_, f) => f);
  if (F > maxFeatures) keep = keep.sort((a, b) => strength[b] - strength[a] || a - b).slice(0, maxFeatures).sort((a, b) => a - b);
  const features = Uint32Array.from(keep, (f) => fitted.space.features[f]);
  const idf = Float32Array.from(keep, (f) => fitted.space.idf[f]);
  const w = new Float32Array(keep.length * L);
  keep.forEach((f, k) => w.set(full.weights.subarray(f * L, (f + 1) * L), k * L));
  const { q, scales } = quantizeInt8(w, L);
  const space = new TfidfSpace(features, idf, fitted.space.charBase, fitted.space.options);
  const linear: QuantizedLinear = { outputs: names, q, scales, bias: full.bias };
  const p = fitted.params;
  return new NarrativeModel(
    { ...meta, subModel: fitted.subModel, format: MODEL_FORMAT, tfidf: fitted.space.options, labels: fitted.labels, decode: { other: p.other, narrative: Array.from(p.narrative), sub: Array.from(p.sub), singleDomain: p.singleDomain, otherBy: p.otherBy, hedgeOther: p.hedgeOther } },
    space,
    linear,
  );
}
