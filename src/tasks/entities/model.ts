/**
 * A trained entity-role model for one language: featuriser settings, the entity prior (role counts
 * per entity name from the training mentions, also the gazetteer for mention discovery), linear
 * main-role and fine-role models, and decoding parameters. Stored as one narrascope model file with
 * only the non-zero weight rows, quantised to int8.
 */
import { decodeModelFile, dequantizeInt8, encodeModelFile, LinearModel, quantizeInt8, sigmoid } from '../../learn/index.js';
import type { Span } from '../../doc/span.js';
import { sentenceAt, type ArticleContext } from './context.js';
import { decodeRoles, fineGroups, type DecodeParams } from './decode.js';
import { MentionFeaturizer, type FeatureOptions } from './features.js';
import { EntityPrior, type PriorTables } from './prior.js';
import { calibratedFine, calibratedMain, checkCalibration, type EntityCalibration } from './calibrate.js';
import { taxonomyFromPairs, type MainRole, type RoleTaxonomy } from './taxonomy.js';

export const ENTITY_MODEL_FORMAT = 'narrascope-entities/1';

export interface EntityModelInfo {
  language: string;
  trainedAt: string;
  seed: number;
  mentions: number;
  /** Mentions of other languages added to the training data, if any. */
  pooledMentions?: number;
  articles: number;
  /** Cross-validation scores measured when the model was trained, if any. */
  cv?: Record<string, number>;
  command?: string;
}

export interface RolePrediction {
  main: MainRole;
  /** Probability of the chosen main role: calibrated when the model has calibration maps, else raw. */
  mainScore: number;
  /** Chosen fine roles, best first, with their probabilities (calibrated like mainScore). */
  fine: { role: string; score: number }[];
  /** Raw model scores (the decisions are made on these). */
  mainScores: Float64Array;
  fineScores: Float64Array;
}

export class EntityRoleModel {
  readonly featurizer: MentionFeaturizer;
  private readonly groups: number[][];
  private readonly articleCache = new WeakMap<ArticleContext, { main: Float64Array; fine: Float64Array }>();
  /** Digest of the file the model was loaded from (versionTag). */
  digest?: string;

  constructor(
    readonly info: EntityModelInfo,
    readonly taxonomy: RoleTaxonomy,
    readonly featureOptions: FeatureOptions,
    readonly prior: EntityPrior,
    readonly main: LinearModel,
    readonly fine: LinearModel,
    readonly decode: DecodeParams,
    /** Surface forms of the training mentions (the gazetteer), most frequent first. */
    readonly names: readonly string[],
    /** Maps from raw scores to calibrated probabilities (calibrate.ts); absent in older files: raw scores shown. */
    readonly calibration?: EntityCalibration,
  ) {
    this.featurizer = new MentionFeaturizer(featureOptions);
    this.groups = fineGroups(taxonomy);
  }

  /** Role probabilities of a mention and the decoded roles. */
  classify(ctx: ArticleContext, span: Span, name: string): RolePrediction {
    const idx = this.idxBuffer;
    const val = this.valBuffer;
    idx.length = 0;
    val.length = 0;
    this.featurizer.pairs(ctx, span, name, this.prior, false, idx, val);
    const article = this.articleDecisions(ctx);
    const near = this.neighbourDecisions(ctx, span.start);
    const M = this.main.labels.length;
    const L = M + this.fine.labels.length;
    const sum = this.fusedDecisions(idx, val);
    const main = new Float64Array(M);
    const fine = new Float64Array(L - M);
    for (let l = 0; l < M; l++) main[l] = sigmoid(sum[l] + this.main.bias[l] + article.main[l] + near[l]);
    for (let l = M; l < L; l++) fine[l - M] = sigmoid(sum[l] + this.fine.bias[l - M] + article.fine[l - M] + near[l]);
    return this.decodeScores(main, fine);
  }

  private readonly neighbourCache = new WeakMap<ArticleContext, Map<number, Float64Array>>();

  /** Decision values (main then fine, without bias) of the neighbours block of the sentence at `pos`, cached per sentence. */
  private neighbourDecisions(ctx: ArticleContext, pos: number): Float64Array {
    let bySentence = this.neighbourCache.get(ctx);
    if (!bySentence) {
      bySentence = new Map();
      this.neighbourCache.set(ctx, bySentence);
    }
    const sentence = sentenceAt(ctx, pos);
    let out = bySentence.get(sentence);
    if (!out) {
      const vector = this.featurizer.neighbourVector(ctx, sentence);
      out = this.fusedDecisions(vector.indices, vector.values);
      bySentence.set(sentence, out);
    }
    return out;
  }

  private readonly idxBuffer: number[] = [];
  private readonly valBuffer: number[] = [];
  private fused: { rowOf: Int32Array; weights: Float32Array } | null = null;

  /**
   * Main and fine weights side by side in one feature-major matrix over the features either model
   * uses: one row lookup per feature instead of two, which is most of the cost of classifying.
   */
  private fusedWeights(): { rowOf: Int32Array; weights: Float32Array } {
    if (this.fused) return this.fused;
    const dims = this.main.dims;
    const M = this.main.labels.length;
    const F = this.fine.labels.length;
    const L = M + F;
    const rowIn = (m: LinearModel, f: number) => (m.rowOf ? m.rowOf[f] : f);
    const used = (m: LinearModel, f: number, n: number) => {
      const r = rowIn(m, f);
      if (r < 0) return false;
      for (let l = 0; l < n; l++) if (m.weights[r * n + l] !== 0) return true;
      return false;
    };
    const rowOf = new Int32Array(dims).fill(-1);
    let rows = 0;
    for (let f = 0; f < dims; f++) if (used(this.main, f, M) || used(this.fine, f, F)) rowOf[f] = rows++;
    const weights = new Float32Array(rows * L);
    for (let f = 0; f < dims; f++) {
      const r = rowOf[f];
      if (r < 0) continue;
      const rm = rowIn(this.main, f);
      const rf = rowIn(this.fine, f);
      if (rm >= 0) weights.set(this.main.weights.subarray(rm * M, rm * M + M), r * L);
      if (rf >= 0) weights.set(this.fine.weights.subarray(rf * F, rf * F + F), r * L + M);
    }
    this.fused = { rowOf, weights };
    return this.fused;
  }

  /** Decision values of the article block (without bias), computed once per article and model. */
  private articleDecisions(ctx: ArticleContext): { main: Float64Array; fine: Float64Array } {
    let cached = this.articleCache.get(ctx);
    if (!cached) {
      const v = this.featurizer.articleVector(ctx);
      const d = this.fusedDecisions(v.indices, v.values);
      const M = this.main.labels.length;
      cached = { main: d.slice(0, M), fine: d.slice(M) };
      this.articleCache.set(ctx, cached);
    }
    return cached;
  }

  /** Main then fine decision values (without bias) of feature pairs, through the fused weights. */
  private fusedDecisions(indices: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
    const { rowOf, weights } = this.fusedWeights();
    const L = this.main.labels.length + this.fine.labels.length;
    const out = new Float64Array(L);
    for (let k = 0; k < indices.length; k++) {
      const row = rowOf[indices[k]];
      if (row < 0) continue;
      const base = row * L;
      const v = values[k];
      for (let l = 0; l < L; l++) out[l] += v * weights[base + l];
    }
    return out;
  }


  /** Decides on the raw scores, then calibrates the scores of the decided roles (decisions unchanged). */
  decodeScores(mainScores: Float64Array, fineScores: Float64Array): RolePrediction {
    const d = decodeRoles(mainScores, fineScores, this.groups, this.decode);
    const c = this.calibration;
    return {
      main: this.taxonomy.mainRoles[d.main],
      mainScore: c ? calibratedMain(c, mainScores, d.main) : d.mainScore,
      fine: d.fine.map((f) => ({ role: this.taxonomy.fineRoles[f], score: c ? calibratedFine(c, f, fineScores[f]) : fineScores[f] })),
      mainScores,
      fineScores,
    };
  }
}

function compactRows(model: LinearModel): { rows: Uint32Array; q: Int8Array; scales: Float32Array } {
  const L = model.labels.length;
  const rowAt = (f: number) => (model.rowOf ? model.rowOf[f] : f);
  const rows: number[] = [];
  for (let f = 0; f < model.dims; f++) {
    const r = rowAt(f);
    if (r < 0) continue;
    for (let l = 0; l < L; l++) {
      if (model.weights[r * L + l] !== 0) {
        rows.push(f);
        break;
      }
    }
  }
  const dense = new Float32Array(rows.length * L);
  rows.forEach((f, i) => dense.set(model.weights.subarray(rowAt(f) * L, rowAt(f) * L + L), i * L));
  const { q, scales } = quantizeInt8(dense, L);
  return { rows: Uint32Array.from(rows), q, scales };
}

/** A loaded model keeps only the stored rows (a row map instead of a dense dims × labels matrix). */
function expandRows(labels: string[], dims: number, rows: Uint32Array, q: Int8Array, scales: Float32Array, bias: Float32Array): LinearModel {
  const rowOf = new Int32Array(dims).fill(-1);
  rows.forEach((f, r) => (rowOf[f] = r));
  return new LinearModel(labels, dims, dequantizeInt8(q, scales), bias, rowOf);
}

/** Serialises a model to the narrascope model-file format. */
export function encodeEntityModel(m: EntityRoleModel): Buffer {
  const main = compactRows(m.main);
  const fine = compactRows(m.fine);
  return encodeModelFile({
    meta: {
      format: ENTITY_MODEL_FORMAT,
      info: m.info,
      taxonomy: m.taxonomy.fineRoles.map((f) => [m.taxonomy.mainOf.get(f), f]),
      features: m.featureOptions,
      prior: { alpha: m.prior.alpha, tables: m.prior.tables },
      decode: m.decode,
      names: m.names,
      dims: m.main.dims,
      ...(m.calibration ? { calibration: m.calibration } : {}),
    },
    arrays: {
      mainRows: main.rows,
      mainWeights: main.q,
      mainScales: main.scales,
      mainBias: m.main.bias,
      fineRows: fine.rows,
      fineWeights: fine.q,
      fineScales: fine.scales,
      fineBias: m.fine.bias,
    },
  });
}

/** Reads a model written by encodeEntityModel; throws a one-line error naming the file otherwise. */
export function decodeEntityModel(data: Buffer, name = 'entity model'): EntityRoleModel {
  const { meta, arrays, digest } = decodeModelFile(data, name);
  if (meta.format !== ENTITY_MODEL_FORMAT) throw new Error(`${name}: not an entity model (format ${String(meta.format)})`);
  const taxonomy = taxonomyFromPairs(meta.taxonomy as [string, string][]);
  const p = meta.prior as { alpha: number; tables: PriorTables };
  const prior = new EntityPrior(taxonomy.mainRoles.length, taxonomy.fineRoles.length, p.tables, p.alpha);
  const dims = meta.dims as number;
  const a = arrays as Record<string, never>;
  const main = expandRows([...taxonomy.mainRoles], dims, a.mainRows, a.mainWeights, a.mainScales, a.mainBias);
  const fine = expandRows([...taxonomy.fineRoles], dims, a.fineRows, a.fineWeights, a.fineScales, a.fineBias);
  const model = new EntityRoleModel(meta.info as EntityModelInfo, taxonomy, meta.features as FeatureOptions, prior, main, fine, meta.decode as DecodeParams, meta.names as string[], meta.calibration === undefined ? undefined : checkCalibration(meta.calibration, taxonomy.mainRoles.length, taxonomy.fineRoles.length, name));
  model.digest = digest;
  return model;
}
