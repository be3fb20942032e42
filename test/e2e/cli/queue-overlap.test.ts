/** Issue 16 reliability: two `ingest --queue` of overlapping folders at the same time enqueue each article once, and the worker stores each once. */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExampleFolder } from '../../store/fixtures.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { assertBuilt, jobStates, run, start, storedArticles } from '../../queue/cli-env.js';

const pg = await pgForTests();

describe.skipIf(!pg.available)('two ingest --queue of overlapping folders at once', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    url = await freshDatabase('ns_queue_overlap');
    dir = mkdtempSync(join(tmpdir(), 'ns-queue-overlap-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropDatabase(url);
  });

  it('each article is one job and is stored once', async () => {
    // 45 articles: A holds 0-29, B holds 15-44 (the same files for 15-29).
    const all = join(dir, 'all');
    const ids = writeExampleFolder(all, 45, 2);
    const files = readdirSync(all).sort();
    for (const [name, from, to] of [['a', 0, 30], ['b', 15, 45]] as const) {
      mkdirSync(join(dir, name));
      for (const f of files.slice(from, to)) copyFileSync(join(all, f), join(dir, name, f));
    }
    const [a, b] = await Promise.all([run(['ingest', '--queue', '--db', url, '--json', join(dir, 'a')]), run(['ingest', '--queue', '--db', url, '--json', join(dir, 'b')])]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const [sa, sb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as { read: number; enqueued: number; alreadyQueued: number; alreadyStored: number }[];
    expect(sa.read + sb.read).toBe(60);
    expect(sa.enqueued + sb.enqueued).toBe(45);
    expect(sa.alreadyQueued + sb.alreadyQueued).toBe(15);
    expect(await jobStates(url)).toEqual({ created: 45 });

    // A worker, and a third ingest of both folders while it works: nothing is enqueued twice.
    const worker = start(['worker', '--db', url, '--batch', '10', '--until-empty']);
    const again = await run(['ingest', '--queue', '--db', url, '--json', join(dir, 'a'), join(dir, 'b')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 60, enqueued: 0 });
    const w = await worker.done;
    expect(w.status, w.stderr).toBe(0);
    const stored = await storedArticles(url);
    expect(stored).toMatchObject({ rows: 45, hashes: 45 });
    expect(stored.ids).toEqual(ids);
    expect(await jobStates(url)).toEqual({ completed: 45 });
  }, 120_000);
});
