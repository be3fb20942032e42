/** The queue's commands as the built CLI runs them: ingest --queue, worker, reanalyze --queue, jobs (--json, --failed, retry), and the clear refusals (a SQLite file, analysis options given to ingest --queue). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExampleFolder } from '../../store/fixtures.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { closeJobQueue, openJobQueue, ANALYSE_QUEUE, sendOptions } from '../../../src/queue/queue.js';
import { assertBuilt, run, storedArticles } from '../../queue/cli-env.js';

const pg = await pgForTests();

describe('queue commands on a SQLite file', () => {
  it('ingest --queue, worker and jobs say that the queue needs a postgres:// database', async () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'ns-queue-sqlite-'));
    try {
      writeFileSync(join(dir, 'a.txt'), 'An invented title\n\nAn invented body.\n');
      for (const args of [['ingest', '--queue', join(dir, 'a.txt')], ['worker'], ['jobs'], ['reanalyze', '--queue']]) {
        const r = await run([...args, '--db', join(dir, 'corpus.db')]);
        expect(r.status, args.join(' ')).not.toBe(0);
        expect(r.stderr).toMatch(/needs a PostgreSQL database \(--db postgres:\/\/… or NARRASCOPE_DB\).*corpus\.db is a SQLite file/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// Each worker run starts an analysis thread that loads the models: slow on a loaded machine.
describe.skipIf(!pg.available)('queue commands on PostgreSQL', { timeout: 180_000 }, () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    url = await freshDatabase('ns_queue_cli');
    dir = mkdtempSync(join(tmpdir(), 'ns-queue-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropDatabase(url);
  });

  it('ingest --queue reports what it enqueued, skipped and the queue depth; a bad file is named and the rest goes on', async () => {
    writeExampleFolder(join(dir, 'in'), 4, 2);
    writeFileSync(join(dir, 'in', 'empty.txt'), '');
    const r = await run(['ingest', '--queue', '--db', url, join(dir, 'in')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped .*empty\.txt: .*\[empty\]/);
    expect(r.stderr).toMatch(/^read {13}4 article\(s\)$/m);
    expect(r.stderr).toMatch(/^enqueued {9}4$/m);
    expect(r.stderr).toMatch(/^skipped {10}1 \(1 empty\)$/m);
    expect(r.stderr).toMatch(/^queue {12}4 waiting, 0 being analysed/m);
    expect(r.stderr).not.toContain(':narrascope@');
    const again = await run(['ingest', '--queue', '--db', url, '--json', join(dir, 'in')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 4, enqueued: 0, alreadyQueued: 4, alreadyStored: 0 });
  });

  it('jobs shows the counts per queue, as a table and as JSON', async () => {
    const table = await run(['jobs', '--db', url]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^queue\s+queued\s+active\s+completed\s+failed\s+dead$/);
    expect(table.stdout).toMatch(/^analyse\s+4\s+0\s+0\s+0\s+0$/m);
    expect(table.stdout).toMatch(/^refresh\s+0\s+0\s+0\s+0\s+0$/m);
    const json = JSON.parse((await run(['jobs', '--db', url, '--json'])).stdout) as { queues: { queue: string; queued: number }[] };
    expect(json.queues.map((q) => [q.queue, q.queued])).toEqual([['narrascope-analyse', 4], ['narrascope-refresh', 0]]);
  });

  it('worker --until-empty stores the queued articles and says what it did', async () => {
    const r = await run(['worker', '--db', url, '--batch', '3', '--until-empty']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/worker \d+: started on postgres:\/\/[^ ]+ \(1 analysis thread\(s\), batches of 3, lease 600 s\)/);
    expect(r.stderr).toMatch(/worker \d+: stopped: 4 job\(s\): 4 stored, 0 already stored, 0 refreshed, 0 failed/);
    expect((await storedArticles(url)).rows).toBe(4);
    const again = await run(['ingest', '--queue', '--db', url, '--json', join(dir, 'in')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ enqueued: 0, alreadyStored: 4 });
  });

  it('reanalyze --queue --force enqueues a refresh per stored article, which a worker carries out', async () => {
    const r = await run(['reanalyze', '--queue', '--force', '--db', url]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('4 stored article(s): 4 refresh job(s) enqueued, 0 already waiting');
    const w = await run(['worker', '--db', url, '--until-empty']);
    expect(w.stderr).toMatch(/stopped: 4 job\(s\): 0 stored, 0 already stored, 4 refreshed, 0 failed/);
  });

  it('a job that keeps failing is dead: jobs --failed lists it with its error, jobs retry puts it back', async () => {
    const boss = await openJobQueue(url);
    const hash = 'b'.repeat(64);
    await boss.send(ANALYSE_QUEUE, { article: { raw: 'An invented title\n\nText.', origin: { format: 'text' } }, hash }, sendOptions(ANALYSE_QUEUE, hash));
    await closeJobQueue(boss);
    const w = await run(['worker', '--db', url, '--until-empty'], { NARRASCOPE_JOB_RETRIES: '1' });
    expect(w.stderr).toMatch(/job \S+ failed: job \S+: field "article\.id": /);
    const table = await run(['jobs', '--db', url]);
    expect(table.stdout).toMatch(/^analyse\s+0\s+0\s+4\s+1\s+1$/m);
    expect(table.stderr).toContain('1 dead job(s): "narrascope jobs --failed" lists them');
    const failed = await run(['jobs', '--db', url, '--failed']);
    expect(failed.stdout).toMatch(/^\S+Z {2}analyse {2}bbbbbbbbbbbb {2}job \S+: field "article\.id": /m);
    const json = JSON.parse((await run(['jobs', '--db', url, '--failed', '--json'])).stdout) as { dead: { article: { hash: string }; error: string }[] };
    expect(json.dead).toEqual([expect.objectContaining({ article: { hash }, error: expect.stringContaining('article.id') })]);
    const retry = await run(['jobs', 'retry', '--db', url]);
    expect(retry.stderr).toContain('1 dead job(s) put back in their queue');
    expect((await run(['jobs', '--db', url])).stdout).toMatch(/^analyse\s+1\s+0\s+4\s+0\s+0$/m);
  });

  it('ingest --queue refuses the options only an in-process ingest honours, naming them', async () => {
    const r = await run(['ingest', '--queue', '--no-provenance', '--priors', 'training', '--db', url, join(dir, 'in')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ingest --queue: --no-provenance, --priors cannot be used with --queue');
  });
});
