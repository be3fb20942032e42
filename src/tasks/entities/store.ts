/**
 * Where entity models live and how they are loaded: `models/entities/<LANG>.nscm` in the repository
 * (or $NARRASCOPE_MODELS/entities), read lazily and kept once loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEntityModel, type EntityRoleModel } from './model.js';

/** The models/entities folder: $NARRASCOPE_MODELS/entities, else the repository's (from src/ or dist/). */
export function entityModelDir(): string {
  if (process.env.NARRASCOPE_MODELS) return join(process.env.NARRASCOPE_MODELS, 'entities');
  return fileURLToPath(new URL('../../../models/entities/', import.meta.url));
}

export function entityModelPath(lang: string, dir = entityModelDir()): string {
  return join(dir, `${lang.toUpperCase()}.nscm`);
}

const cache = new Map<string, EntityRoleModel | null>();

/** The model for a language code ("en", "EN"), or null when there is none. Throws on a corrupt file. */
export function loadEntityModel(lang: string, dir = entityModelDir()): EntityRoleModel | null {
  const path = entityModelPath(lang, dir);
  if (cache.has(path)) return cache.get(path)!;
  const model = existsSync(path) ? decodeEntityModel(readFileSync(path), path) : null;
  cache.set(path, model);
  return model;
}
