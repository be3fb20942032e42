/**
 * Model files for the techniques, genre and frames tasks: src/learn's container (gzip, JSON header,
 * typed arrays) holding the tf-idf space (kept hashed features and their idf), int8 weights with a
 * scale per label, the biases, and task metadata (labels, hasher options, thresholds or offsets).
 */
import { writeFileSync } from 'node:fs';
import { TfidfSpace, type HasherOptions, type TfidfOptions } from '../../features/index.js';
import { LinearModel, decodeModelFile, dequantizeInt8, encodeModelFile, loadModel, quantizeInt8 } from '../../learn/index.js';

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

/** The model of `expectTask` in a file, read once (learn/modelfile.ts loadModel). */
export function loadTaskModel(path: string, expectTask: string): TaskModel {
  return loadModel(path, expectTask, (data, name) => decodeTaskModel(data, name, expectTask));
}
