/**
 * Copies analysts' decisions and the named tokens from one store to another (what `narrascope migrate` needs beside
 * the articles), a chunk of decisions per target transaction; idempotent, so an interrupted copy is finished by a rerun.
 */
import { ANNOTATION_CHUNK } from './annotation-records.js';
import type { Annotation } from './annotations.js';
import type { StorageEngine } from './engine.js';

export interface AnnotationCopyResult {
  /** Decisions written to the target, and those it held already. */
  imported: number;
  skipped: number;
  /** Tokens written to the target (a name it held already is left as it is). */
  tokens: number;
}

export async function copyAnnotations(source: StorageEngine, target: StorageEngine, chunk = ANNOTATION_CHUNK): Promise<AnnotationCopyResult> {
  const result: AnnotationCopyResult = { imported: 0, skipped: 0, tokens: 0 };
  const flush = async (records: Annotation[]) => {
    const done = await target.annotations.importAnnotations(records);
    result.imported += done.imported;
    result.skipped += done.skipped;
  };
  let pending: Annotation[] = [];
  for await (const a of source.annotations.allAnnotations({ currentOnly: false })) {
    pending.push(a);
    if (pending.length < chunk) continue;
    await flush(pending);
    pending = [];
  }
  if (pending.length) await flush(pending);
  result.tokens = await target.tokens.importTokens(await source.tokens.exportTokens());
  return result;
}
