/**
 * Where task models live: `$NARRASCOPE_MODELS/<task>/` when set, else the package's `models/<task>/`
 * (resolved from this file, so it works from src/ and dist/). A task has one file (`<task>.nscm`) or
 * one per language (`<LANG>.nscm`). Files are read with learn/modelfile.ts `loadModel`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's models folder; the pipeline asks for a task's folder with every article. */
const PACKAGE_MODELS = fileURLToPath(new URL('../../models', import.meta.url));

/** The folder of a task's models. */
export function taskModelDir(task: string): string {
  return join(process.env.NARRASCOPE_MODELS ?? PACKAGE_MODELS, task);
}

/** The model file of a task that has one: `<dir>/<task>.nscm`. */
export function taskModelPath(task: string, dir = taskModelDir(task)): string {
  return join(dir, `${task}.nscm`);
}

/** The model file of one language in a folder of per-language models: `<dir>/<LANG>.nscm`. */
export function languageModelPath(dir: string, lang: string): string {
  return join(dir, `${lang.toUpperCase()}.nscm`);
}

const listings = new Map<string, readonly string[]>();

/**
 * The languages (lower-case codes) with a model file in a folder of per-language models, sorted;
 * none when the folder is missing. Listed once per folder: the pipeline asks for every article.
 */
export function modelLanguages(dir: string): readonly string[] {
  let codes = listings.get(dir);
  if (!codes) {
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      // No folder: no models, so the task runs for no language (the pipeline says so in a note).
    }
    codes = files.flatMap((f) => (/^[A-Z]{2,3}\.nscm$/.test(f) ? [f.slice(0, -5).toLowerCase()] : [])).sort();
    listings.set(dir, codes);
  }
  return codes;
}
