/**
 * A trained entity-role model for one language: featuriser settings, the entity prior (role counts
 * per entity name from the training mentions, also the gazetteer for mention discovery), linear
 * main-role and fine-role models, and decoding parameters. Stored as one narrascope model file with
 * only the non-zero weight rows, quantised to int8.
 */
import { decodeModelFile, dequantizeInt8, encodeModelFile, LinearModel, quantizeInt8, sigmoid } from '../../learn/index.js';
import type { Span } from '../../doc/span.js';
import type { ArticleContext } from './context.js';
import { decodeRoles, fineGroups, type DecodeParams } from './decode.js';
import { MentionFeaturizer, type FeatureOptions } from './features.js';
import { EntityPrior, type PriorTables } from './prior.js';
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
  mainScore: number;
  /** Chosen fine roles, best first, with their probabilities. */
  fine: { role: string; score: number }[];
  mainScores: Float64Array;
  fineScores: Float64Array;
}

export class EntityRoleModel {
  readonly featurizer: MentionFeaturizer;
  private readonly groups: number[][];
  private readonly articleCache = new WeakMap<ArticleContext, { main: Float64Array; fine: Float64Array }>();

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
  ) {
    this.featurizer = new MentionFeaturizer(featureOptions);
    this.groups = fineGroups(taxonomy);
  }

  /** Role probabilities of a mention and the decoded roles. */
  classify(ctx: ArticleContext, span: Span, name: string): RolePrediction {
    const x = this.featurizer.vector(ctx, span, name, this.prior, false);
    const article = this.articleDecisions(ctx);
    const main = this.main.decision(x);
    const fine = this.fine.decision(x);
    for (let l = 0; l < main.length; l++) main[l] = sigmoid(main[l] + article.main[l]);
    for (let l = 0; l < fine.length; l++) fine[l] = sigmoid(fine[l] + article.fine[l]);
    return this.decodeScores(main, fine);
  }

  /** Decision values of the article block (without bias), computed once per article and model. */
  private articleDecisions(ctx: ArticleContext): { main: Float64Array; fine: Float64Array } {
    let cached = this.articleCache.get(ctx);
    if (!cached) {
      const v = this.featurizer.articleVector(ctx);
      const main = this.main.decision(v);
      const fine = this.fine.decision(v);
      for (let l = 0; l < main.length; l++) main[l] -= this.main.bias[l];
      for (let l = 0; l < fine.length; l++) fine[l] -= this.fine.bias[l];
      cached = { main, fine };
      this.articleCache.set(ctx, cached);
    }
    return cached;
  }

  decodeScores(mainScores: Float64Array, fineScores: Float64Array): RolePrediction {
    const d = decodeRoles(mainScores, fineScores, this.groups, this.decode);
    return {
      main: this.taxonomy.mainRoles[d.main],
      mainScore: d.mainScore,
      fine: d.fine.map((f) => ({ role: this.taxonomy.fineRoles[f], score: fineScores[f] })),
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
  const { meta, arrays } = decodeModelFile(data, name);
  if (meta.format !== ENTITY_MODEL_FORMAT) throw new Error(`${name}: not an entity model (format ${String(meta.format)})`);
  const taxonomy = taxonomyFromPairs(meta.taxonomy as [string, string][]);
  const p = meta.prior as { alpha: number; tables: PriorTables };
  const prior = new EntityPrior(taxonomy.mainRoles.length, taxonomy.fineRoles.length, p.tables, p.alpha);
  const dims = meta.dims as number;
  const a = arrays as Record<string, never>;
  const main = expandRows([...taxonomy.mainRoles], dims, a.mainRows, a.mainWeights, a.mainScales, a.mainBias);
  const fine = expandRows([...taxonomy.fineRoles], dims, a.fineRows, a.fineWeights, a.fineScales, a.fineBias);
  return new EntityRoleModel(meta.info as EntityModelInfo, taxonomy, meta.features as FeatureOptions, prior, main, fine, meta.decode as DecodeParams, meta.names as string[]);
}
