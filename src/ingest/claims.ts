/** Names of ingest runs for the store's claims, and how to tell that the run behind a claim has died. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Names an ingest run in its claims: process, machine and a random part (two runs in one process differ). */
export function ingestRunId(): string {
  return `${process.pid}@${hostname()}/${randomUUID()}`;
}

/**
 * True when a claim's run was a process on this machine that no longer exists (killed before it
 * committed), so its claims need not wait out the store's claim lifetime.
 */
export function isDeadRun(runId: string): boolean {
  const m = /^(\d+)@(.*)\/[0-9a-f-]+$/.exec(runId);
  if (!m || m[2] !== hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
