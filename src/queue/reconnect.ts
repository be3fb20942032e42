/**
 * Waiting out a database outage (a restart, a network cut): a call that fails because the connection
 * is gone is tried again, with a growing pause, until it goes through; any other error is thrown at
 * once. The pools of pg and pg-boss open new connections by themselves, so trying again is enough.
 */

/** SQLSTATE classes and socket errors that mean "no connection", not "this statement is wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES =
  /connection terminated|connection (is )?(closed|ended)|terminating connection|client has encountered a connection error|database system is (starting up|shutting down|in recovery)|timeout exceeded when trying to connect|not queryable/i;

/** True when `err` says the database could not be reached (SQLSTATE class 08, admin shutdown, a socket error). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isConnectionError(e.cause);
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
