/** The dashboard's one line about the job queue, from GET /api/jobs (pure: the web bundle imports it, without the queue's database code). */
import type { QueueDepth } from './status.js';

/** Depth totals over the queues, with the time they were read (ms), for a rate between two readings. */
export interface DepthReading {
  queued: number;
  active: number;
  completed: number;
  dead: number;
  at: number;
}

export function readingOf(queues: readonly QueueDepth[], at: number): DepthReading {
  const sum = (k: 'queued' | 'active' | 'completed' | 'dead') => queues.reduce((s, q) => s + q[k], 0);
  return { queued: sum('queued'), active: sum('active'), completed: sum('completed'), dead: sum('dead'), at };
}

/** "Queue: 120 waiting · 50 being analysed · 12/s · 1 failed", or undefined when there is nothing to say. */
export function queueText(now: DepthReading, before?: DepthReading): string | undefined {
  if (now.queued + now.active + now.dead === 0) return undefined;
  const seconds = before ? (now.at - before.at) / 1000 : 0;
  const done = before ? now.completed - before.completed : 0;
  const rate = seconds > 0 && done > 0 ? ` · ${(done / seconds).toFixed(done / seconds < 10 ? 1 : 0)}/s` : '';
  const dead = now.dead ? ` · ${now.dead} failed (narrascope jobs --failed)` : '';
  return `Queue: ${now.queued} waiting · ${now.active} being analysed${rate}${dead}`;
}
