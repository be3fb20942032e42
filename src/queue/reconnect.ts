/**
 * Waiting out a database outage (a restart, a network cut): a call that fails because the connection
 * is gone is tried again, with a growing pause, until it goes through; any other error is thrown at
 * once. The pools of pg and pg-boss open new connections by themselves, so trying again is enough.
 */
import { isConnectionError as isEngineConnectionError } from '../store/pg/engine.js';

/**
 * True when `err` says the database could not be reached: the engine's own test (SQLSTATE class 08, an
 * admin shutdown, socket errors, pg's messages), its StoreConnectionError (`kind: 'connection'`), or an
 * error caused by one of these.
 */
export function isConnectionError(err: unknown): boolean {
  if (isEngineConnectionError(err) || (err as { kind?: unknown } | null)?.kind === 'connection') return true;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== err && isConnectionError(cause);
}

export interface ReachableOptions {
  /** What the call does, for the message ("storing a batch"). */
  what: string;
  log?: (line: string) => void;
  /** True stops waiting: the last error is thrown. */
  mustQuit?: () => boolean;
  /** First and longest pause, ms (default 250 and 5000). */
  minPauseMs?: number;
  maxPauseMs?: number;
}

/** Runs `fn`, trying again while the database cannot be reached; says once when it starts waiting and when it is back. */
export async function whenReachable<T>(fn: () => Promise<T>, options: ReachableOptions): Promise<T> {
  let pause = options.minPauseMs ?? 250;
  let since: number | undefined;
  for (;;) {
    try {
      const result = await fn();
      if (since !== undefined) options.log?.(`database reachable again after ${((performance.now() - since) / 1000).toFixed(1)} s; ${options.what} done`);
      return result;
    } catch (err) {
      if (!isConnectionError(err) || options.mustQuit?.()) throw err;
      if (since === undefined) {
        since = performance.now();
        options.log?.(`database unreachable while ${options.what} (${(err as Error).message}); trying again`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, options.maxPauseMs ?? 5000);
    }
  }
}
