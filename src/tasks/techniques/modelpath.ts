/**
 * Where the bundled models live: `models/<task>/<task>.nscm` at the package root (resolved from this
 * file, so it works from src/ and dist/), or under $NARRASCOPE_MODELS when set.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultModelPath(task: 'techniques' | 'genre' | 'frames'): string {
  const root = process.env.NARRASCOPE_MODELS ?? fileURLToPath(new URL('../../../models', import.meta.url));
  return join(root, task, `${task}.nscm`);
}
