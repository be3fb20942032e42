/**
 * What the queue holds: job counts per state per queue (`narrascope jobs`, GET /api/jobs, the progress
 * lines), the dead jobs with their errors, and putting dead jobs back to work. pg-boss 10 has no listing
 * call, so these read its job table (schema `pgboss`) with plain SQL through its own connection.
 */
import type PgBoss from 'pg-boss';
import { analyseJobId, deadLetterOf, sendOptions, WORK_QUEUES, type WorkQueue } from './queue.js';

/** One queue's jobs by state. Completed and failed jobs are archived by pg-boss after 12 hours and leave these counts. */
export interface QueueDepth {
  queue: WorkQueue;
  /** Waiting for a worker: new, or back after a failure or an expired lease. */
  queued: number;
  /** Held by a worker now. */
  active: number;
  completed: number;
  /** Failed their last attempt (each has a copy in the dead-letter queue, below). */
  failed: number;
  /** Jobs in the dead-letter queue, waiting for `narrascope jobs retry`. */
  dead: number;
}

export interface DeadJob {
  queue: WorkQueue;
  /** The dead-letter job's id. */
  id: string;
  /** The article: its id and content hash. */
  article: { id?: string; hash?: string };
  error: string;
  failedAt: string;
}

const STATES_SQL = `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) GROUP BY name, state`;

/** What runs the queries: pg-boss's connection (`boss.getDb()`), or any pg pool behind the same call. */
export type QueueDb = Pick<PgBoss.Db, 'executeSql'>;

/** Job counts per state of each work queue; zeros when the database has no queue yet. */
export async function queueDepths(db: QueueDb): Promise<QueueDepth[]> {
  const names = WORK_QUEUES.flatMap((q) => [q, deadLetterOf(q)]);
  const rows = await db.executeSql(STATES_SQL, [names]).then(
    (r) => r.rows,
    // 42P01: no pgboss.job table, nothing was ever enqueued here.
    (err: { code?: string }) => (err.code === '42P01' ? [] : Promise.reject(err)),
  );
  const count = (name: string, states: string[]) =>
    (rows as { name: string; state: string; n: number }[]).filter((r) => r.name === name && states.includes(r.state)).reduce((s, r) => s + r.n, 0);
  return WORK_QUEUES.map((queue) => ({
    queue,
    queued: count(queue, ['created', 'retry']),
    active: count(queue, ['active']),
    completed: count(queue, ['completed']),
    failed: count(queue, ['failed']),
    dead: count(deadLetterOf(queue), ['created', 'retry', 'active']),
  }));
}

/** True while any job is queued or held by a worker (a worker's lease may still run out and bring it back). */
export function hasWork(depths: readonly QueueDepth[]): boolean {
  return depths.some((d) => d.queued + d.active > 0);
}

const DEAD_SQL = `SELECT id, name, data, output, created_on FROM pgboss.job WHERE name = $1 AND state = 'created' ORDER BY created_on, id LIMIT $2`;

/** The dead jobs of every work queue, oldest first, at most `limit` of each. */
export async function deadJobs(boss: PgBoss, limit = 100): Promise<DeadJob[]> {
  const out: DeadJob[] = [];
  for (const queue of WORK_QUEUES) {
    const { rows } = await boss.getDb().executeSql(DEAD_SQL, [deadLetterOf(queue), limit]);
    for (const r of rows as { id: string; data: Record<string, unknown> | null; output: unknown; created_on: Date }[]) {
      out.push({ queue, id: r.id, article: articleNamed(r.data), error: errorOf(r.output), failedAt: new Date(r.created_on).toISOString() });
    }
  }
  return out;
}

function articleNamed(data: Record<string, unknown> | null): DeadJob['article'] {
  const nested = data?.article as { id?: unknown } | undefined;
  const id = typeof nested?.id === 'string' ? nested.id : typeof data?.id === 'string' ? data.id : undefined;
  const hash = typeof data?.hash === 'string' ? data.hash : undefined;
  return { ...(id ? { id } : {}), ...(hash ? { hash } : {}) };
}

/** The message a failed job left: ours ({ message }), or pg-boss's ({ value: { message } }, e.g. an expired lease). */
export function errorOf(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  if (typeof o?.message === 'string') return o.message;
  if (typeof o?.value?.message === 'string') return o.value.message;
  return output == null ? 'no error recorded' : JSON.stringify(output);
}

const FAILED_TWIN_SQL = `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'failed' AND (id = $2::uuid OR singleton_key = $3) LIMIT 1`;

/**
 * Puts the dead jobs back to work: the failed job itself when pg-boss still holds it (which keeps the
 * article's one job), else a new job with the same data; the dead-letter copies are deleted. Returns how
 * many went back.
 */
export async function retryDeadJobs(boss: PgBoss): Promise<number> {
  let retried = 0;
  for (const queue of WORK_QUEUES) {
    const dead = deadLetterOf(queue);
    for (;;) {
      const { rows } = await boss.getDb().executeSql(DEAD_SQL, [dead, 500]);
      if (rows.length === 0) break;
      for (const r of rows as { id: string; data: { hash?: string } }[]) {
        await putBack(boss, queue, r.data);
        await boss.deleteJob(dead, r.id);
        retried++;
      }
    }
  }
  return retried;
}

async function putBack(boss: PgBoss, queue: WorkQueue, data: { hash?: string }): Promise<void> {
  const key = data?.hash;
  const twin = key ? (await boss.getDb().executeSql(FAILED_TWIN_SQL, [queue, analyseJobId(key), key])).rows[0] : undefined;
  if (twin) await boss.retry(queue, (twin as { id: string }).id);
  else await boss.send(queue, data ?? {}, sendOptions(queue, key));
}
