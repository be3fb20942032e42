/**
 * Installed models of the user (tasks/models.ts userModelsRoot): `train --from-store` installs a
 * language's model file as `<root>/<task>/<LANG>.nscm`, keeping the one it replaces (the user's, or a
 * copy of the package's) as `<root>/<task>/previous/<LANG>.nscm`; `narrascope models rollback` swaps
 * the two back. `<root>/<task>/installed.json` records when each was installed, from what and with
 * which scores. Files are replaced by rename, so a crash leaves the old or the new file, never half of one.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forgetModelListings, languageModelPath, taskModelDir, userModelsRoot } from '../tasks/models.js';
import type { TaxonomyFile } from '../taxonomy/file.js';

export interface MeanSd {
  mean: number;
  sd: number;
}

/**
 * Scores of a model on the user's approved articles, mean ± sd of the task's official metrics:
 * narratives the per-article F1 at both levels; entities the exact-match ratio of fine roles,
 * main-role accuracy and micro F1 of fine roles.
 */
export interface InstalledScores {
  coarse?: MeanSd;
  fine?: MeanSd;
  emr?: MeanSd;
  mainAccuracy?: MeanSd;
  microF1?: MeanSd;
  articles: number;
  /** How they were measured, e.g. "5-fold CV, seeds 42,43,44". */
  method: string;
}

/** One installed model file. */
export interface InstalledEntry {
  /** 'package' for the shipped model kept as the previous one; 'trained' for one trained by `train --from-store`. */
  source: 'package' | 'trained';
  /** ISO time it was installed (for the package's: when it was kept). */
  installedAt: string;
  version?: string;
  scores?: InstalledScores;
  /** What the training set was made of (approved, model-labelled and shipped articles). */
  trainedOn?: Record<string, number>;
  /** The store it was trained from (a path, or a URL without its password). */
  store?: string;
  /** The taxonomy file the model was trained on (absent: the SemEval taxonomy). */
  taxonomy?: TaxonomyFile;
}

export interface LanguageRecord {
  current: InstalledEntry;
  previous?: InstalledEntry;
}

export type InstallManifest = Record<string, LanguageRecord>;

/** The user's folder of a task's installed models. */
export function installedDir(task: string): string {
  return join(userModelsRoot(), task);
}

const manifestPath = (task: string) => join(installedDir(task), 'installed.json');
const currentPath = (task: string, lang: string) => join(installedDir(task), `${lang.toUpperCase()}.nscm`);
const previousPath = (task: string, lang: string) => join(installedDir(task), 'previous', `${lang.toUpperCase()}.nscm`);

/** The manifest of a task's installed models (empty when none was installed). */
export function readManifest(task: string): InstallManifest {
  const path = manifestPath(task);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as InstallManifest;
  } catch (err) {
    throw new Error(`${path}: not a readable install record (${(err as Error).message}); move it away to start a new one`);
  }
}

/** Writes a file through a temporary name and a rename. */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * The model file in use for a language before an install: the user's installed one, else the
 * package's (or $NARRASCOPE_MODELS's), else none.
 */
function activeFile(task: string, lang: string): { path: string; source: InstalledEntry['source'] } | null {
  if (existsSync(currentPath(task, lang))) return { path: currentPath(task, lang), source: 'trained' };
  const shipped = languageModelPath(taskModelDir(task), lang);
  return existsSync(shipped) ? { path: shipped, source: 'package' } : null;
}

/** Installs `bytes` as the language's model; the model in use before is kept as the previous one. */
export function installModel(task: string, lang: string, bytes: Uint8Array, entry: Omit<InstalledEntry, 'installedAt' | 'source'>, now = new Date()): LanguageRecord {
  const key = lang.toUpperCase();
  mkdirSync(join(installedDir(task), 'previous'), { recursive: true });
  const manifest = readManifest(task);
  const before = activeFile(task, key);
  let previous: InstalledEntry | undefined = manifest[key]?.previous;
  if (before) {
    // A copy, not a move, for the package's file: the package folder is never written to.
    if (before.source === 'package') copyFileSync(before.path, `${previousPath(task, key)}.tmp`);
    else renameSync(before.path, `${previousPath(task, key)}.tmp`);
    renameSync(`${previousPath(task, key)}.tmp`, previousPath(task, key));
    previous = manifest[key]?.current ?? { source: before.source, installedAt: now.toISOString() };
  }
  writeAtomic(currentPath(task, key), bytes);
  manifest[key] = { current: { ...entry, source: 'trained', installedAt: now.toISOString() }, ...(previous ? { previous } : {}) };
  writeAtomic(manifestPath(task), `${JSON.stringify(manifest, null, 2)}\n`);
  forgetModelListings();
  return manifest[key];
}

/** Swaps the language's installed model and the previous one; an error when there is no previous one. */
export function rollbackModel(task: string, lang: string): LanguageRecord {
  const key = lang.toUpperCase();
  const manifest = readManifest(task);
  const record = manifest[key];
  if (!record?.previous || !existsSync(previousPath(task, key))) throw new Error(`${task} ${key}: no previous model to roll back to (nothing was installed over one)`);
  const swap = `${currentPath(task, key)}.swap`;
  renameSync(currentPath(task, key), swap);
  renameSync(previousPath(task, key), currentPath(task, key));
  renameSync(swap, previousPath(task, key));
  manifest[key] = { current: record.previous, previous: record.current };
  writeAtomic(manifestPath(task), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest[key];
}

/** The taxonomy file of the task's most recently installed trained model, if it was trained on one. */
export function latestInstalledTaxonomy(task: string): TaxonomyFile | undefined {
  const entries = Object.values(readManifest(task)).map((r) => r.current);
  return entries.sort((a, b) => (a.installedAt < b.installedAt ? 1 : -1)).find((e) => e.source === 'trained')?.taxonomy;
}

/**
 * The language's installed model when it was trained from this store (`store`: its location) and
 * recorded its scores: it has seen the store's approved articles, so its score on them would be in-sample.
 */
export function trainedFromStore(task: string, lang: string, store: string): (InstalledEntry & { scores: InstalledScores }) | undefined {
  const record = readManifest(task)[lang.toUpperCase()]?.current;
  return record?.source === 'trained' && record.store === store && record.scores ? (record as InstalledEntry & { scores: InstalledScores }) : undefined;
}
