/**
 * Where entity models live and how they are loaded: `models/entities/<LANG>.nscm` (or
 * $NARRASCOPE_MODELS/entities), found with tasks/models.ts and read once with learn/modelfile.ts.
 */
import { loadModel } from '../../learn/modelfile.js';
import { languageModelPath, modelLanguages, taskModelDir } from '../models.js';
import { decodeEntityModel, type EntityRoleModel } from './model.js';

/** The models/entities folder: $NARRASCOPE_MODELS/entities, else the package's. */
export function entityModelDir(): string {
  return taskModelDir('entities');
}

export function entityModelPath(lang: string, dir = entityModelDir()): string {
  return languageModelPath(dir, lang);
}

/** The model for a language code ("en", "EN"), or null when there is none. Throws on a corrupt file. */
export function loadEntityModel(lang: string, dir = entityModelDir()): EntityRoleModel | null {
  if (!modelLanguages(dir).includes(lang.toLowerCase())) return null;
  return loadModel(entityModelPath(lang, dir), 'entities', decodeEntityModel);
}
