/**
 * Bounded memory for long batch runs. V8 lets its old generation grow toward a limit of several
 * gigabytes before collecting it in earnest, so a streaming ingest of many thousands of articles
 * would hold hundreds of megabytes of garbage it no longer needs. Collecting once per committed
 * batch keeps the peak close to what is live (models plus one batch) for a few milliseconds per
 * batch. The collector is reached through `--expose-gc`, set at run time for a fresh context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full garbage collection when the runtime allows it; does nothing otherwise. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
