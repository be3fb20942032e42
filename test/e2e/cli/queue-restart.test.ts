/**
 * Issue 16 reliability: PostgreSQL restarted while two workers run (pg_ctlcluster, which needs root
 * and a local Debian cluster: skipped with the reason otherwise) — the workers wait for it, reconnect
 * and go on, and every article is stored exactly once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExampleFolder } from '../../store/fixtures.js';
import { dropDatabase, freshDatabase, PG_ADMIN_URL, pgForTests } from '../../store/pg-env.js';
import { assertBuilt, jobStates, query, run, start, storedArticles, until } from '../../queue/cli-env.js';

const pg = await pgForTests();
const CTL = '/usr/bin/pg_ctlcluster';
const CLUSTER = ['15', 'main'];
const local = ['127.0.0.1', 'localhost'].includes(new URL(PG_ADMIN_URL).hostname);
const cannotRestart = !pg.available
  ? 'PostgreSQL is not reachable'
  : process.getuid?.() !== 0
    ? 'restarting PostgreSQL needs root'
    : !existsSync(CTL) || !local
      ? `no local cluster to restart with ${CTL}`
      : undefined;
if (cannotRestart) console.warn(`skipping the PostgreSQL restart test: ${cannotRestart}`);

const N = 60;
const lease = { NARRASCOPE_JOB_LEASE: '20' };

function restartPostgres(): void {
  const r = spawnSync(CTL, ['--skip-systemctl-redirect', ...CLUSTER, 'restart'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_ctlcluster restart failed: ${r.stderr}`);
}

describe.skipIf(cannotRestart !== undefined)('a PostgreSQL restart while workers run', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    url = await freshDatabase('ns_queue_restart');
    dir = mkdtempSync(join(tmpdir(), 'ns-queue-restart-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropDatabase(url);
  });

  it('the workers reconnect and go on; nothing is lost or stored twice', async () => {
    const ids = writeExampleFolder(join(dir, 'in'), N, 2);
    const ingest = await run(['ingest', '--queue', '--db', url, join(dir, 'in')], lease);
    expect(ingest.status, ingest.stderr).toBe(0);
    const startedAt = async () => (await query<{ t: string }>(url, 'SELECT pg_postmaster_start_time()::text AS t'))[0].t;
    const before = await startedAt();

    const workers = [0, 1].map(() => start(['worker', '--db', url, '--batch', '3', '--until-empty'], lease));
    // Both workers hold their batches (two lanes each) and have committed none: the restart falls in the middle of their work.
    await until(async () => (await jobStates(url)).active === 12 && (await storedArticles(url)).rows === 0, 30_000, 'four batches in hand');
    restartPostgres();
    const after = await startedAt();
    expect(after).not.toBe(before);

    const ended = await Promise.all(workers.map((w) => w.done));
    for (const e of ended) expect(e.status, e.stderr).toBe(0);
    const stored = await storedArticles(url);
    expect(stored).toMatchObject({ rows: N, hashes: N });
    expect(stored.ids).toEqual(ids);
    expect(await jobStates(url)).toEqual({ completed: N });
  }, 180_000);
});
