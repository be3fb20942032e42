/**
 * The analysis job queue (issue 16): pg-boss in the corpus's own PostgreSQL database (schema `pgboss`),
 * two queues — new articles to analyse, stored articles to refresh — each with a lease, a retry limit
 * and a dead-letter queue. One JobQueue per process; the workers, `ingest --queue`, `reanalyze --queue`,
 * `narrascope jobs` and GET /api/jobs all go through it.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { isPostgresUrl, redactDb, resolveDbPath } from '../store/open.js';

/** New articles, carried in the job until analysed and stored (jobs.ts AnalyseJob). */
export const ANALYSE_QUEUE = 'narrascope-analyse';
/** Stored articles to analyse again with the current models (jobs.ts RefreshJob). */
export const REFRESH_QUEUE = 'narrascope-refresh';
export const WORK_QUEUES = [ANALYSE_QUEUE, REFRESH_QUEUE] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

/** Where a job lands after its last retry fails: a queue no worker takes, listed by `narrascope jobs`. */
export function deadLetterOf(queue: WorkQueue): string {
  return `${queue}-dead`;
}

/** A queued article waits at most this long for a worker before pg-boss archives it (its default is 14 days). */
const RETENTION_MINUTES = 365 * 24 * 60;

export interface QueueSettings {
  /** How long a worker holds a job: past it, a job whose worker died is handed to another (pg-boss expireIn). */
  leaseSeconds: number;
  /** Attempts after the first before a job goes to the dead-letter queue. */
  retryLimit: number;
  /** How often a supervising process looks for expired leases: a fraction of the lease, at most a minute. */
  maintenanceSeconds: number;
}

const DEFAULT_LEASE_SECONDS = 600;
const DEFAULT_RETRY_LIMIT = 3;

/** The queue settings from the environment: NARRASCOPE_JOB_LEASE (seconds) and NARRASCOPE_JOB_RETRIES. */
export function queueSettings(env: NodeJS.ProcessEnv = process.env): QueueSettings {
  const leaseSeconds = intFromEnv(env, 'NARRASCOPE_JOB_LEASE', DEFAULT_LEASE_SECONDS, 1);
  const retryLimit = intFromEnv(env, 'NARRASCOPE_JOB_RETRIES', DEFAULT_RETRY_LIMIT, 0);
  return { leaseSeconds, retryLimit, maintenanceSeconds: Math.max(1, Math.min(60, Math.floor(leaseSeconds / 3))) };
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return n;
}

/** The database URL of a queue command: a postgres:// URL, else an error saying the queue needs one. */
export function queueDatabase(db: string | undefined, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const target = resolveDbPath({ db, env });
  if (isPostgresUrl(target)) return target;
  throw new Error(
    `${what} needs a PostgreSQL database (--db postgres://… or NARRASCOPE_DB): the job queue lives in PostgreSQL, and ${target} is a SQLite file` +
      ' (without a queue, "narrascope ingest" analyses in this process)',
  );
}

export interface OpenQueueOptions {
  /** Look for expired leases and archive old jobs (the workers do; short-lived commands need not). */
  supervise?: boolean;
  settings?: QueueSettings;
  /** Connections of this process to the database for the queue (default 4). */
  connections?: number;
  /** Told about connection errors (a database restart), which pg-boss recovers from by reconnecting. */
  onError?: (err: Error) => void;
}

/** Opens the queue in the database at `url`, creating its schema and queues when missing. */
export async function openJobQueue(url: string, options: OpenQueueOptions = {}): Promise<PgBoss> {
  const settings = options.settings ?? queueSettings();
  const boss = new PgBoss({
    connectionString: url,
    max: options.connections ?? 4,
    application_name: 'narrascope-queue',
    supervise: options.supervise ?? false,
    schedule: false,
    maintenanceIntervalSeconds: settings.maintenanceSeconds,
    expireInSeconds: settings.leaseSeconds,
    retryLimit: settings.retryLimit,
  });
  // pg-boss reports connection errors as events; unheard, an 'error' event would end the process.
  boss.on('error', (err) => options.onError?.(err));
  try {
    await boss.start();
    await ensureQueues(boss, url, settings);
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw new Error(`cannot open the job queue in ${redactDb(url)}: ${(err as Error).message}`);
  }
  return boss;
}

/**
 * Creates the work queues and their dead-letter queues (pg-boss ignores a queue that exists) and sets
 * their lease and retries, one process at a time: two processes creating a queue at once deadlock in
 * pg-boss's create_queue (it adds a partition), so a session advisory lock, held by a connection of
 * its own, lets them take turns.
 */
async function ensureQueues(boss: PgBoss, url: string, settings: QueueSettings): Promise<void> {
  const lock = new pg.Client({ connectionString: url, application_name: 'narrascope-queue' });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('narrascope queue setup'))");
    await createQueues(boss, settings);
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

async function createQueues(boss: PgBoss, settings: QueueSettings): Promise<void> {
  for (const queue of WORK_QUEUES) {
    const dead = deadLetterOf(queue);
    await boss.createQueue(dead, { name: dead, retentionMinutes: RETENTION_MINUTES });
    const options = {
      name: queue,
      // A refresh may wait while the same article's last one runs; an analysis job is one per hash (analyseJobId).
      policy: queue === REFRESH_QUEUE ? ('stately' as const) : ('standard' as const),
      retentionMinutes: RETENTION_MINUTES,
      deadLetter: dead,
      expireInSeconds: settings.leaseSeconds,
      retryLimit: settings.retryLimit,
    };
    await boss.createQueue(queue, options);
    await boss.updateQueue(queue, options);
  }
}

/**
 * An analysis job's id, made from the article's content hash: the job table's key (queue, id) keeps one
 * job per text — also when two ingests send it at once — for as long as pg-boss keeps the job (until
 * it is archived, 12 hours after it is done, when the article is stored). pg-boss's own singleton slots
 * cannot be longer than that either.
 */
export function analyseJobId(hash: string): string {
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

/** How a job of `queue` is sent: an analysis job under its hash's id, a refresh job one waiting per article (the stately policy). */
export function sendOptions(queue: WorkQueue, hash: string | undefined): PgBoss.SendOptions {
  if (!hash) return {};
  return queue === ANALYSE_QUEUE ? { id: analyseJobId(hash) } : { singletonKey: hash };
}

/** Stops the queue's timers and closes its connections; jobs this process holds stay leased until they expire. */
export async function closeJobQueue(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: false, wait: true, close: true });
}
