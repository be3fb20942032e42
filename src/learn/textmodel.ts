/**
 * A hashed-text linear model (techniques, genre and frames): the hasher options, the tf-idf space
 * (kept hashed features and their idf), a LinearModel and task metadata (labels, thresholds or
 * offsets), stored in modelfile.ts's container as int8 weights with a scale per label and the biases;
 * and the vectorizer that prepares a text the way the model was trained.
 */
import { writeFileSync } from 'node:fs';
import { FeatureHasher, type HasherOptions } from '../features/hasher.js';
import { markText } from '../features/marked.js';
import { TfidfSpace, type TfidfOptions } from '../features/tfidf.js';
import { decodeModelFile, dequantizeInt8, encodeModelFile, loadModel, quantizeInt8 } from './modelfile.js';
import { LinearModel } from './onevsrest.js';
import type { SparseVector } from './sparse.js';

export interface TaskModel {
  task: string;
  version: string;
  hasher: HasherOptions;
  space: TfidfSpace;
  model: LinearModel;
  /** Task-specific numbers: thresholds, offsets, priors, training details. */
  meta: Record<string, unknown>;
  /** Digest of the file the model was loaded from (versionTag). */
  digest?: string;
}

export function encodeTaskModel(m: TaskModel): Buffer {
  const L = m.model.labels.length;
  const { q, scales } = quantizeInt8(m.model.weights, L);
  return encodeModelFile({
    meta: { ...m.meta, task: m.task, version: m.version, labels: m.model.labels, hasher: m.hasher, tfidf: m.space.options, charBase: m.space.charBase },
    arrays: { features: m.space.features, idf: m.space.idf, weights: q, scales, bias: m.model.bias },
  });
}

export function decodeTaskModel(data: Buffer, name: string, expectTask: string): TaskModel {
  const file = decodeModelFile(data, name);
  const meta = file.meta as Record<string, unknown> & { task: string; version: string; labels: string[]; hasher: HasherOptions; tfidf: TfidfOptions; charBase: number };
  if (meta.task !== expectTask) throw new Error(`${name}: a "${meta.task}" model, expected "${expectTask}"`);
  const a = file.arrays;
  const features = a.features as Uint32Array;
  const space = new TfidfSpace(features, a.idf as Float32Array, meta.charBase, meta.tfidf);
  const weights = dequantizeInt8(a.weights as Int8Array, a.scales as Float32Array);
  const model = new LinearModel(meta.labels, features.length, weights, a.bias as Float32Array);
  return { task: meta.task, version: meta.version, hasher: meta.hasher, space, model, meta, digest: file.digest };
}

export function saveTaskModel(path: string, m: TaskModel): void {
  writeFileSync(path, encodeTaskModel(m));
}

/** The model of `expectTask` in a file, read once (modelfile.ts loadModel). */
export function loadTaskModel(path: string, expectTask: string): TaskModel {
  return loadModel(path, expectTask, (data, name) => decodeTaskModel(data, name, expectTask));
}

/** A vectoriser bound to one model: its hasher options, text preparation and tf-idf space. */
export class ModelVectorizer {
  private readonly hasher: FeatureHasher;
  private readonly mark: boolean;

  constructor(private readonly m: TaskModel) {
    this.hasher = new FeatureHasher(m.hasher);
    this.mark = m.meta.prepare === 'mark';
  }

  vector(text: string): SparseVector {
    return this.m.space.transform(this.hasher.counts(this.mark ? markText(text) : text));
  }

  scores(text: string): Float64Array {
    return this.m.model.scores(this.vector(text));
  }
}
