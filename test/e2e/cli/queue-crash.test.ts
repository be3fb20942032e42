/** Issue 16 reliability: a worker killed with SIGKILL midway through a batch, among three, loses nothing and duplicates nothing — its jobs come back when their lease ends and the others store every article exactly once. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExampleFolder } from '../../store/fixtures.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { assertBuilt, jobStates, query, run, SHORT_LEASE, start, storedArticles, until } from '../../queue/cli-env.js';

const pg = await pgForTests();
const N = 40;
const BATCH = 5;
/** Batches a one-thread worker holds at once (src/queue/worker.ts: threads + 1 lanes). */
const LANES = 2;

describe.skipIf(!pg.available)('kill -9 of a worker midway through a batch', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    url = await freshDatabase('ns_queue_crash');
    dir = mkdtempSync(join(tmpdir(), 'ns-queue-crash-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropDatabase(url);
  });

  it('every article ends stored exactly once after the lease runs out', async () => {
    const ids = writeExampleFolder(join(dir, 'in'), N, 2);
    const ingest = await run(['ingest', '--queue', '--db', url, '--json', join(dir, 'in')], SHORT_LEASE);
    expect(ingest.status).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ read: N, enqueued: N });

    const workers = [0, 1, 2].map(() => start(['worker', '--db', url, '--batch', String(BATCH), '--until-empty'], SHORT_LEASE));
    // Every worker has taken its first batches (two lanes each: one analysis thread and one batch in
    // waiting) and none has committed one: each is midway through a batch (the first also loads the models).
    await until(async () => (await jobStates(url)).active === 3 * LANES * BATCH && (await storedArticles(url)).rows === 0, 30_000, 'six batches in hand');
    workers[0].child.kill('SIGKILL');
    const victim = await workers[0].done;
    expect(victim.signal).toBe('SIGKILL');

    const survivors = await Promise.all(workers.slice(1).map((w) => w.done));
    for (const s of survivors) expect(s.status, s.stderr).toBe(0);
    const stored = await storedArticles(url);
    expect(stored.rows).toBe(N);
    expect(stored.hashes).toBe(N);
    expect(stored.ids).toEqual(ids);
    expect(await jobStates(url)).toEqual({ completed: N });
    // The victim's batches came back after their lease: those jobs were taken a second time.
    const retried = await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'narrascope-analyse' AND retry_count > 0");
    expect(retried[0].n).toBeGreaterThanOrEqual(LANES * BATCH);
    const analyses = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM analyses');
    expect(analyses[0].n).toBe(N);
  }, 120_000);
});
