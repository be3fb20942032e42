/** The job queue against a real PostgreSQL (test/store/pg-env.ts): one job per content hash, the worker's batches, failures, dead letters and refreshes; the store is a SQLite file here, the queue code being the same for both engines. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { createArticle } from '../../src/doc/article.js';
import type { IngestInput } from '../../src/ingest/service.js';
import { enqueueArticles, enqueueRefresh } from '../../src/queue/enqueue.js';
import { ANALYSE_QUEUE, closeJobQueue, openJobQueue, queueDatabase, queueSettings, REFRESH_QUEUE, sendOptions } from '../../src/queue/queue.js';
import { deadJobs, queueDepths, retryDeadJobs } from '../../src/queue/status.js';
import { runWorker, type WorkerEvent } from '../../src/queue/worker.js';
import { dropDatabase, freshDatabase, pgForTests } from '../store/pg-env.js';
import { exampleArticle, tempStore } from '../store/fixtures.js';

const pg = await pgForTests();

const articleInput = (i: number): IngestInput => ({ ok: true, article: createArticle({ raw: exampleArticle(i, 2), id: `queued-${i}`, origin: { format: 'text', path: `queued-${i}.txt` } }) });
const settings = { leaseSeconds: 30, retryLimit: 0, maintenanceSeconds: 10 };

describe('queue settings and the database it needs', () => {
  it('reads the lease and retries from the environment, naming a bad variable', () => {
    expect(queueSettings({})).toMatchObject({ leaseSeconds: 600, retryLimit: 3 });
    expect(queueSettings({ NARRASCOPE_JOB_LEASE: '4', NARRASCOPE_JOB_RETRIES: '0' })).toEqual({ leaseSeconds: 4, retryLimit: 0, maintenanceSeconds: 1 });
    expect(() => queueSettings({ NARRASCOPE_JOB_LEASE: 'soon' })).toThrow('NARRASCOPE_JOB_LEASE must be an integer of at least 1, got "soon"');
  });

  it('refuses a SQLite file with a message saying the queue needs PostgreSQL', () => {
    expect(() => queueDatabase('corpus.db', 'ingest --queue', {})).toThrow(/ingest --queue needs a PostgreSQL database \(--db postgres:\/\/… or NARRASCOPE_DB\).*corpus\.db is a SQLite file/);
    expect(queueDatabase(undefined, 'worker', { NARRASCOPE_DB: 'postgres://u@h/db' })).toBe('postgres://u@h/db');
  });
});

describe.skipIf(!pg.available)('the job queue on PostgreSQL', () => {
  let url: string;
  let boss: PgBoss;
  let temp: ReturnType<typeof tempStore>;
  beforeAll(async () => {
    url = await freshDatabase('ns_queue');
    boss = await openJobQueue(url, { settings });
  });
  afterEach(async () => {
    temp?.close();
    await boss.clearStorage();
  });
  afterAll(async () => {
    await closeJobQueue(boss);
    await dropDatabase(url);
  });

  it('enqueues one job per new article: stored ones and repeats, also from two runs at once, are not queued again; problems are counted', async () => {
    temp = tempStore('ns-queue-');
    const stored = articleInput(0);
    if (stored.ok) await temp.engine.putBatch([{ article: stored.article, analysis: (await import('../../src/pipeline.js')).analyzeArticle(stored.article) }]);
    const problem: IngestInput = { ok: false, problem: { path: 'bad.txt', reason: 'empty', message: 'the file is empty' } };
    const inputs = () => [stored, articleInput(1), articleInput(2), problem, articleInput(1)];
    const [a, b] = await Promise.all([enqueueArticles(inputs(), { store: temp.engine, boss }), enqueueArticles(inputs(), { store: temp.engine, boss })]);
    expect(a.enqueued + b.enqueued).toBe(2);
    expect(a.alreadyQueued + b.alreadyQueued).toBe(4);
    expect(a).toMatchObject({ read: 4, alreadyStored: 1, skipped: { empty: 1 } });
    const depth = (await queueDepths(boss.getDb())).find((d) => d.queue === ANALYSE_QUEUE)!;
    expect(depth).toMatchObject({ queued: 2, active: 0, dead: 0 });
  });

  it('a worker analyses the queued articles in batches, stores each once and completes the jobs', async () => {
    temp = tempStore('ns-queue-');
    await enqueueArticles([0, 1, 2, 3, 4].map(articleInput), { store: temp.engine, boss });
    const events: WorkerEvent[] = [];
    const counts = await runWorker({ boss, store: temp.engine, batchSize: 2, untilEmpty: true, pollMs: 50, onEvent: (e) => events.push(e) });
    expect(counts).toMatchObject({ jobs: 5, stored: 5, duplicates: 0, failed: 0 });
    // Two lanes (one analysis thread, and one batch fetched or stored meanwhile) take batches of 2.
    expect(events.filter((e) => e.kind === 'batch').map((e) => (e as { jobs: number }).jobs).sort()).toEqual([1, 2, 2]);
    expect(await temp.engine.count()).toBe(5);
    expect((await temp.engine.get('queued-3'))?.analysis.language.code).toBe('en');
    expect((await queueDepths(boss.getDb())).find((d) => d.queue === ANALYSE_QUEUE)).toMatchObject({ queued: 0, active: 0, completed: 5 });
  });

  it('a job whose article is already stored (a retried job) is completed as a duplicate, not stored twice', async () => {
    temp = tempStore('ns-queue-');
    await enqueueArticles([articleInput(7)], { store: temp.engine, boss });
    await runWorker({ boss, store: temp.engine, untilEmpty: true, pollMs: 50 });
    await boss.clearStorage();
    // Enqueued again behind the store's back, as a job whose worker died after the commit would come back.
    await enqueueArticles([articleInput(7)], { store: { hasHash: async () => false }, boss });
    const counts = await runWorker({ boss, store: temp.engine, untilEmpty: true, pollMs: 50 });
    expect(counts).toMatchObject({ jobs: 1, stored: 0, duplicates: 1 });
    expect(await temp.engine.count()).toBe(1);
  });

  it('a job with bad data fails alone with its error, lands in the dead-letter queue, and goes back with retry', async () => {
    temp = tempStore('ns-queue-');
    await boss.send(ANALYSE_QUEUE, { article: { raw: 'Title\n\nBody.' }, hash: 'f'.repeat(64) }, sendOptions(ANALYSE_QUEUE, 'f'.repeat(64)));
    await enqueueArticles([articleInput(3)], { store: temp.engine, boss });
    const failed: WorkerEvent[] = [];
    const counts = await runWorker({ boss, store: temp.engine, untilEmpty: true, pollMs: 50, onEvent: (e) => e.kind === 'job-failed' && failed.push(e) });
    expect(counts).toMatchObject({ jobs: 2, stored: 1, failed: 1 });
    expect(failed[0]).toMatchObject({ kind: 'job-failed', message: expect.stringMatching(/^job \S+: field "article\.id": /) });
    const dead = await deadJobs(boss);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ queue: ANALYSE_QUEUE, article: { hash: 'f'.repeat(64) }, error: expect.stringContaining('field "article.id"') });
    expect((await queueDepths(boss.getDb())).find((d) => d.queue === ANALYSE_QUEUE)).toMatchObject({ failed: 1, dead: 1 });
    expect(await retryDeadJobs(boss)).toBe(1);
    expect((await queueDepths(boss.getDb())).find((d) => d.queue === ANALYSE_QUEUE)).toMatchObject({ queued: 1, failed: 0, dead: 0 });
  });

  it('a job whose text does not match its hash is refused by name', async () => {
    temp = tempStore('ns-queue-');
    await boss.send(ANALYSE_QUEUE, { article: { raw: 'Title\n\nBody.', id: 'tampered', origin: { format: 'text' } }, hash: 'a'.repeat(64) });
    const failed: string[] = [];
    await runWorker({ boss, store: temp.engine, untilEmpty: true, pollMs: 50, onEvent: (e) => e.kind === 'job-failed' && failed.push(e.message) });
    expect(failed).toEqual([expect.stringMatching(/field "article\.raw" does not match its hash aaaaaaaaaaaa/)]);
    expect(await temp.engine.count()).toBe(0);
  });

  it('refresh jobs re-analyse stored articles (all with force), skip one deleted since, and wait once per article', async () => {
    temp = tempStore('ns-queue-');
    await enqueueArticles([0, 1, 2].map(articleInput), { store: temp.engine, boss });
    await runWorker({ boss, store: temp.engine, untilEmpty: true, pollMs: 50 });
    const stored = await temp.engine.list({ limit: 10 });
    const first = await enqueueRefresh(boss, stored, true);
    expect(first).toEqual({ enqueued: 3, alreadyQueued: 0 });
    expect(await enqueueRefresh(boss, stored, true)).toEqual({ enqueued: 0, alreadyQueued: 3 });
    await temp.engine.delete([stored[0].id]);
    const counts = await runWorker({ boss, store: temp.engine, untilEmpty: true, pollMs: 50 });
    expect(counts).toMatchObject({ jobs: 3, refreshed: 2, failed: 0 });
    expect((await queueDepths(boss.getDb())).find((d) => d.queue === REFRESH_QUEUE)).toMatchObject({ queued: 0, completed: 3 });
  });
});
