/**
 * Where task models live: `$NARRASCOPE_MODELS/<task>/` when set, else the package's `models/<task>/`
 * (resolved from this file, so it works from src/ and dist/), with the user's installed models
 * (`~/.narrascope/models/<task>/`, written by `train --from-store`) searched first for per-language
 * files. A task has one file (`<task>.nscm`) or one per language (`<LANG>.nscm`). Files are read with
 * learn/modelfile.ts `loadModel`.
 */
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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

/**
 * The folder models are installed in for the user (docs/taxonomy.md): `$NARRASCOPE_MODELS` when set
 * (the only folder read then), else `~/.narrascope/models`, searched before the package's folder.
 */
export function userModelsRoot(): string {
  return process.env.NARRASCOPE_MODELS ?? join(homedir(), '.narrascope', 'models');
}

/** The user's folder searched before `dir` when `dir` is a package task folder (as taskModelDir gives it), else null. */
function userFolderOver(dir: string): string | null {
  if (process.env.NARRASCOPE_MODELS || dirname(dir) !== PACKAGE_MODELS) return null;
  return join(userModelsRoot(), basename(dir));
}

/**
 * The model file of one language in a folder of per-language models: `<dir>/<LANG>.nscm`, or the
 * user's installed file of that language when `dir` is a package task folder and the user has one.
 */
export function languageModelPath(dir: string, lang: string): string {
  const name = `${lang.toUpperCase()}.nscm`;
  const user = userFolderOver(dir);
  // The user's listing is read once (the pipeline asks with every article), as modelLanguages does.
  return user && cachedLanguages(user).includes(lang.toLowerCase()) ? join(user, name) : join(dir, name);
}

/** Lower-case language codes of the `<LANG>.nscm` files in a folder; none when it is missing. */
function listLanguages(dir: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    // No folder: no models, so the task runs for no language (the pipeline says so in a note).
  }
  return files.flatMap((f) => (/^[A-Z]{2,3}\.nscm$/.test(f) ? [f.slice(0, -5).toLowerCase()] : []));
}

const listings = new Map<string, readonly string[]>();
const userListings = new Map<string, readonly string[]>();

/** Forgets the folder listings (after a model is installed or rolled back in this process). */
export function forgetModelListings(): void {
  listings.clear();
  userListings.clear();
}

function cachedLanguages(dir: string): readonly string[] {
  let codes = userListings.get(dir);
  if (!codes) userListings.set(dir, (codes = listLanguages(dir)));
  return codes;
}

/**
 * The languages (lower-case codes) with a model file in a folder of per-language models (or in the
 * user's folder searched before it), sorted; none when the folder is missing. Listed once per folder: the pipeline asks for every article.
 */
export function modelLanguages(dir: string): readonly string[] {
  let codes = listings.get(dir);
  if (!codes) {
    const user = userFolderOver(dir);
    codes = [...new Set([...listLanguages(dir), ...(user ? cachedLanguages(user) : [])])].sort();
    listings.set(dir, codes);
  }
  return codes;
}
