/**
 * A stored narrative model for one language: the fitted tf-idf space (kept hashed features and
 * their idf), int8-quantised one-vs-rest weights, biases, the label space and the tuned decoding
 * thresholds, in the model-file format of src/learn/modelfile.ts. The features with the largest
 * weights are kept (up to `maxFeatures`) so the five languages ship in a few megabytes each.
 */
import { readFileSync } from 'node:fs';
import { FeatureHasher, TfidfSpace, type HashedCounts, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { applyPlatt, plattThreshold } from '../../learn/calibration.js';
import { decodeModelFile, encodeModelFile, quantizeInt8, toLinearModel, type SparseVector, type StoredArray } from '../../learn/index.js';
import { decodeLabels, type DecodeParams, type Decoded } from './decode.js';
import { applySubModel, scoredLabelNames, type LabelSpace, type SubModel } from './labels.js';
import type { Domain, Taxonomy } from './taxonomy.js';
import type { FittedNarratives } from './train.js';
import { blendVotes, knnVotes, type KnnParams } from './knn.js';
import { topicFromProbability, type FittedTopic } from './topic.js';
import { calibrated, uncalibrated, type NarrativeCalibration } from './calibrate.js';
import type { DominantRule } from './dominant.js';

export const MODEL_FORMAT = 'narrascope-narratives/1';

export interface NarrativeModelMeta {
  format: string;
  lang: string;
  version: string;
  seed: number;
  hasher: HasherOptions;
  tfidf: TfidfOptions;
  labels: LabelSpace;
  decode: { other: number; narrative: number[]; sub: number[]; singleDomain: boolean; otherBy: DecodeParams['otherBy']; hedgeOther: number; rule?: DecodeParams['rule']; gammaN?: number; gammaS?: number };
  taxonomy: Taxonomy;
  training: Record<string, unknown>;
  /** How sub-narrative scores combine with their parents' (absent in older files: 'flat'). */
  subModel?: SubModel;
  /** Nearest-neighbour blend (knn.ts); absent or weight 0 in files without neighbours. */
  knn?: KnnParams;
  /** The topic-domain model (topic.ts): P(URW) from `topicWeights`; absent in older files. */
  topic?: { articles: number };
  /** The in-domain gate (topic.ts): P(in domain) from `gateWeights`; absent without out-of-domain data. */
  gate?: { inDomain: number; outOfDomain: number; threshold: number };
  /** Platt maps and training priors per label (calibrate.ts); absent in older files (scores shown raw). */
  calibration?: NarrativeCalibration;
  /** The dominant-narrative rule chosen inside training (dominant.ts); absent in older files: 'combined'. */
  dominantRule?: DominantRule;
}

/** A binary linear output over the stored features: P = σ(scale · Σ q[f]·x[f] + bias). */
export interface QuantizedBinary {
  readonly q: Int8Array;
  readonly scale: number;
  readonly bias: number;
}

/** P of a binary output for a vector over the stored features. */
function binaryProbability(b: QuantizedBinary, x: SparseVector): number {
  let s = 0;
  for (let k = 0; k < x.indices.length; k++) s += x.values[k] * b.q[x.indices[k]];
  return 1 / (1 + Math.exp(-(s * b.scale + b.bias)));
}

/**
 * The training articles as neighbours (knn.ts): their tf-idf vectors in the stored space (CSR:
 * row offsets, feature positions, uint8 values with one scale per row) and their label indices.
 */
export interface NeighbourTable {
  readonly offsets: Uint32Array;
  readonly indices: Uint32Array;
  readonly values: Uint8Array;
  readonly scales: Float32Array;
  readonly labelOffsets: Uint32Array;
  readonly labels: Uint32Array;
}

/** Builds a neighbour table from vectors (compact indices) and label sets, quantising values to uint8. */
export function neighbourTable(vectors: readonly SparseVector[], labelSets: readonly (readonly number[])[]): NeighbourTable {
  const nnz = vectors.reduce((a, v) => a + v.indices.length, 0);
  const offsets = new Uint32Array(vectors.length + 1);
  const indices = new Uint32Array(nnz);
  const values = new Uint8Array(nnz);
  const scales = new Float32Array(vectors.length);
  let pos = 0;
  vectors.forEach((v, r) => {
    let max = 0;
    for (let k = 0; k < v.values.length; k++) max = Math.max(max, v.values[k]);
    scales[r] = max > 0 ? max / 255 : 1;
    for (let k = 0; k < v.indices.length; k++, pos++) {
      indices[pos] = v.indices[k];
      values[pos] = Math.round(Math.max(0, v.values[k]) / scales[r]);
    }
    offsets[r + 1] = pos;
  });
  const labelOffsets = new Uint32Array(labelSets.length + 1);
  labelSets.forEach((s, r) => (labelOffsets[r + 1] = labelOffsets[r] + s.length));
  return { offsets, indices, values, scales, labelOffsets, labels: Uint32Array.from(labelSets.flat()) };
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
  /** Label sets of the neighbours (decoded once from the table). */
  private readonly neighbourLabels: number[][];
  private dense: Float32Array | null = null;
  /** Digest of the file the model was loaded from (versionTag). */
  digest?: string;
  constructor(
    readonly meta: NarrativeModelMeta,
    readonly space: TfidfSpace,
    readonly linear: QuantizedLinear,
    readonly neighbours: NeighbourTable | null = null,
    readonly topicLinear: QuantizedBinary | null = null,
    readonly gateLinear: QuantizedBinary | null = null,
  ) {
    if (linear.q.length !== space.size * linear.outputs.length) throw new Error('NarrativeModel: weights size does not match features × outputs');
    if (topicLinear && topicLinear.q.length !== space.size) throw new Error('NarrativeModel: topic weights size does not match features');
    if (gateLinear && gateLinear.q.length !== space.size) throw new Error('NarrativeModel: gate weights size does not match features');
    this.hasher = new FeatureHasher(meta.hasher);
    const nb = neighbours;
    this.neighbourLabels = nb ? Array.from({ length: nb.scales.length }, (_, r) => Array.from(nb.labels.subarray(nb.labelOffsets[r], nb.labelOffsets[r + 1]))) : [];
    this.params = { other: meta.decode.other, narrative: Float64Array.from(meta.decode.narrative), sub: Float64Array.from(meta.decode.sub), singleDomain: meta.decode.singleDomain, otherBy: meta.decode.otherBy, hedgeOther: meta.decode.hedgeOther, rule: meta.decode.rule, gammaN: meta.decode.gammaN, gammaS: meta.decode.gammaS };
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
    // Four features per pass over the outputs: each output still adds its terms one at a time in
    // feature order ((acc + a) + b) + …, so the sums are exactly those of a one-feature loop, with a
    // quarter of the loads and stores of the accumulator.
    const n = idx.length;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const b0 = idx[k] * L;
      const b1 = idx[k + 1] * L;
      const b2 = idx[k + 2] * L;
      const b3 = idx[k + 3] * L;
      const v0 = val[k];
      const v1 = val[k + 1];
      const v2 = val[k + 2];
      const v3 = val[k + 3];
      for (let l = 0; l < L; l++) acc[l] = acc[l] + v0 * q[b0 + l] + v1 * q[b1 + l] + v2 * q[b2 + l] + v3 * q[b3 + l];
    }
    for (; k < n; k++) {
      const base = idx[k] * L;
      const v = val[k];
      for (let l = 0; l < L; l++) acc[l] += v * q[base + l];
    }
    for (let l = 0; l < L; l++) acc[l] = 1 / (1 + Math.exp(-(acc[l] * scales[l] + bias[l])));
    applySubModel(acc, this.meta.labels, this.meta.subModel);
    const knn = this.meta.knn;
    if (!knn || knn.weight <= 0 || !this.neighbours) return acc;
    const { domains, narratives, subNarratives } = this.meta.labels;
    const labelsEnd = domains.length + narratives.length + subNarratives.length;
    return blendVotes(acc, knnVotes(this.similarities(x), this.neighbourLabels, knn.k, labelsEnd), knn.weight, labelsEnd);
  }

  /** The article's topic domain and its probability (topic.ts), or null without a topic model. */
  topic(x: SparseVector): { label: Domain; score: number } | null {
    return this.topicLinear ? topicFromProbability(binaryProbability(this.topicLinear, x)) : null;
  }

  /** P(the article is about the war in Ukraine or climate change) from the gate, with the gate's threshold; null without a gate. */
  inDomain(x: SparseVector): { p: number; threshold: number } | null {
    return this.gateLinear && this.meta.gate ? { p: binaryProbability(this.gateLinear, x), threshold: this.meta.gate.threshold } : null;
  }

  /** Dot products of a vector with every neighbour (cosines, up to pruning and quantisation). */
  similarities(x: SparseVector): Float64Array {
    const nb = this.neighbours!;
    const dense = (this.dense ??= new Float32Array(this.space.size));
    for (let k = 0; k < x.indices.length; k++) dense[x.indices[k]] = x.values[k];
    const R = nb.scales.length;
    const out = new Float64Array(R);
    const { offsets, indices, values } = nb;
    for (let r = 0; r < R; r++) {
      let s = 0;
      for (let k = offsets[r]; k < offsets[r + 1]; k++) s += dense[indices[k]] * values[k];
      out[r] = s * nb.scales[r];
    }
    for (let k = 0; k < x.indices.length; k++) dense[x.indices[k]] = 0;
    return out;
  }

  /** Contribution of a vector's features to output `label`'s decision value (bias excluded). */
  contribution(x: SparseVector, label: number): number {
    const { q, scales } = this.linear;
    const L = scales.length;
    let v = 0;
    for (let k = 0; k < x.indices.length; k++) v += x.values[k] * q[x.indices[k] * L + label];
    return v * scales[label];
  }

  /**
   * Calibrated probabilities of the labels (domains, narratives, sub-narratives) from the raw scores
   * of `probabilities`: what the Analysis shows. A file without calibration gives the raw scores.
   */
  calibrated(raw: ArrayLike<number>): Float64Array {
    const c = this.meta.calibration;
    const { domains, narratives, subNarratives } = this.meta.labels;
    return c ? calibrated(c, raw) : Float64Array.from({ length: domains.length + narratives.length + subNarratives.length }, (_, l) => raw[l]);
  }

  /**
   * The probabilities the Analysis shows: those of the labels in `decided` (score-vector indices of
   * the chosen narratives and sub-narratives) through the maps of decided labels, the others calibrated.
   */
  displayed(raw: ArrayLike<number>, decided: ReadonlySet<number>): Float64Array {
    const q = this.calibrated(raw);
    const shown = this.meta.calibration?.shown;
    if (shown) for (const l of decided) q[l] = applyPlatt(shown[l], raw[l]);
    return q;
  }

  /** The shown value of a threshold `t` on a decided label's raw score (the same decision on the scale of `displayed`). */
  calibratedThreshold(label: number, t: number): number {
    const c = this.meta.calibration;
    return c ? plattThreshold((c.shown ?? c.platt)[label], t) : t;
  }

  /** Raw scores that calibrate to `q` (for deciding on shifted calibrated probabilities); `raw` fills what cannot be inverted. */
  uncalibrated(q: ArrayLike<number>, raw: ArrayLike<number>): Float64Array {
    const c = this.meta.calibration;
    return c ? uncalibrated(c, q, raw) : Float64Array.from(q);
  }

  decode(p: ArrayLike<number>): Decoded {
    return decodeLabels(p, this.meta.labels, this.params);
  }

  /** Serialises the model (deterministic bytes). */
  encode(): Buffer {
    const { q, scales, bias } = this.linear;
    const nb = this.neighbours;
    const knnArrays: Record<string, StoredArray> = nb ? { knnOffsets: nb.offsets, knnIndices: nb.indices, knnValues: nb.values, knnScales: nb.scales, knnLabelOffsets: nb.labelOffsets, knnLabels: nb.labels } : {};
    const t = this.topicLinear;
    const topicArrays: Record<string, StoredArray> = t ? { topicWeights: t.q, topicScaleBias: Float32Array.of(t.scale, t.bias) } : {};
    const g = this.gateLinear;
    const gateArrays: Record<string, StoredArray> = g ? { gateWeights: g.q, gateScaleBias: Float32Array.of(g.scale, g.bias) } : {};
    return encodeModelFile({
      meta: this.meta as unknown as Record<string, unknown>,
      arrays: { features: this.space.features, idf: this.space.idf, weights: q, scales, bias, ...knnArrays, ...topicArrays, ...gateArrays },
    });
  }

  static decode(data: Buffer, name = 'model file'): NarrativeModel {
    const file = decodeModelFile(data, name);
    const meta = file.meta as unknown as NarrativeModelMeta;
    if (meta.format !== MODEL_FORMAT) throw new Error(`${name}: format ${String(meta.format)} is not ${MODEL_FORMAT}`);
    const { features, idf, weights, scales, bias, knnOffsets, knnIndices, knnValues, knnScales, knnLabelOffsets, knnLabels, topicWeights, topicScaleBias, gateWeights, gateScaleBias } = file.arrays as Record<string, never>;
    const space = new TfidfSpace(features as Uint32Array, idf as Float32Array, 1 << meta.hasher.bits, meta.tfidf);
    const names = scoredLabelNames(meta.labels, meta.subModel);
    const linear: QuantizedLinear = { outputs: names, q: weights as Int8Array, scales: scales as Float32Array, bias: bias as Float32Array };
    if (linear.q.length !== (features as Uint32Array).length * names.length || linear.scales.length !== names.length) throw new Error(`${name}: weight arrays do not match the label space`);
    const neighbours: NeighbourTable | null = knnOffsets ? { offsets: knnOffsets, indices: knnIndices, values: knnValues, scales: knnScales, labelOffsets: knnLabelOffsets, labels: knnLabels } : null;
    if (meta.knn && meta.knn.weight > 0 && !neighbours) throw new Error(`${name}: neighbour blend set but no neighbour arrays`);
    if (meta.topic && (!topicWeights || !topicScaleBias)) throw new Error(`${name}: topic model set but no topic arrays`);
    const sb = topicScaleBias as Float32Array | undefined;
    const topic: QuantizedBinary | null = meta.topic && sb ? { q: topicWeights as Int8Array, scale: sb[0], bias: sb[1] } : null;
    if (topic && topic.q.length !== (features as Uint32Array).length) throw new Error(`${name}: topic weights do not match the features`);
    if (meta.gate && (!gateWeights || !gateScaleBias)) throw new Error(`${name}: gate set but no gate arrays`);
    const gb = gateScaleBias as Float32Array | undefined;
    const gate: QuantizedBinary | null = meta.gate && gb ? { q: gateWeights as Int8Array, scale: gb[0], bias: gb[1] } : null;
    if (gate && gate.q.length !== (features as Uint32Array).length) throw new Error(`${name}: gate weights do not match the features`);
    const model = new NarrativeModel(meta, space, linear, neighbours, topic, gate);
    model.digest = file.digest;
    return model;
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
  // Neighbours: the training vectors restricted to the kept features (stored only when blended).
  let neighbours: NeighbourTable | null = null;
  if (fitted.knn.weight > 0) {
    const pos = new Int32Array(F).fill(-1);
    keep.forEach((f, k) => (pos[f] = k));
    const vectors = fitted.neighbourX.map((x) => {
      const idx: number[] = [];
      const val: number[] = [];
      for (let k = 0; k < x.indices.length; k++) {
        const c = pos[x.indices[k]];
        if (c >= 0) {
          idx.push(c);
          val.push(x.values[k]);
        }
      }
      return { indices: Uint32Array.from(idx), values: Float32Array.from(val) };
    });
    neighbours = neighbourTable(vectors, fitted.labelSets);
  }
  const topic = fitted.topic ? binaryLinear(fitted.topic, keep, F) : null;
  const gate = fitted.gate ? binaryLinear(fitted.gate.model, keep, F) : null;
  return new NarrativeModel(
    { ...meta, ...(fitted.topic ? { topic: { articles: fitted.topic.vectors.length } } : {}), ...(fitted.gate ? { gate: { inDomain: fitted.gate.inDomain, outOfDomain: fitted.gate.model.vectors.length - fitted.gate.inDomain, threshold: fitted.gate.threshold } } : {}), subModel: fitted.subModel, knn: fitted.knn, calibration: fitted.calibration, dominantRule: fitted.dominantRule, format: MODEL_FORMAT, tfidf: fitted.space.options, labels: fitted.labels, decode: { other: p.other, narrative: Array.from(p.narrative), sub: Array.from(p.sub), singleDomain: p.singleDomain, otherBy: p.otherBy, hedgeOther: p.hedgeOther, ...(p.rule && p.rule !== 'thresholds' ? { rule: p.rule, gammaN: p.gammaN, gammaS: p.gammaS } : {}) } },
    space,
    linear,
    neighbours,
    topic,
    gate,
  );
}

/** Primal int8 weights of a fitted binary model (topic or gate) over the kept features (`keep`, of F). */
function binaryLinear(fitted: FittedTopic, keep: readonly number[], F: number): QuantizedBinary {
  const full = toLinearModel(['URW'], fitted.vectors, fitted.vectors.map((_, k) => k), [fitted.solution], F);
  const { q, scales } = quantizeInt8(Float32Array.from(keep, (f) => full.weights[f]), 1);
  return { q, scale: scales[0], bias: full.bias[0] };
}

/** Score-vector indices of the decided narratives and sub-narratives (their scores are shown as decided labels' probabilities). */
export function decidedLabels(model: NarrativeModel, decoded: ReturnType<NarrativeModel['decode']>): Set<number> {
  const D = model.labels.domains.length;
  const N = model.labels.narratives.length;
  return new Set([...decoded.narrativeIds.map((n) => D + n), ...decoded.subIds.map((s) => D + N + s)]);
}
