/**
 * Crash safety of the near-duplicate index: SIGKILL the built CLI while it ingests originals and their
 * copies, check that the clusters are consistent with what was committed (checkConsistency covers the
 * provenance tables), then that a rerun ends with every original and its copies in one cluster.
 * Runs against dist/, which test/e2e/build-current.ts rebuilds first when it is older than src/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { inventedStory } from '../../store/invented-text.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const STORIES = 60;

let dir: string;
let articles: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-prov-crash-'));
  articles = join(dir, 'articles');
  mkdirSync(articles);
  // File names sort so that each story's copies come in later batches than the story.
  for (let i = 0; i < STORIES; i++) {
    const story = inventedStory(100 + i, 15);
    writeFileSync(join(articles, `a-${i}.txt`), `Invented story ${i}\n\n${story}\n`);
    writeFileSync(join(articles, `b-${i}.txt`), `Invented story ${i}\n\n${story}\n\nADVERTISEMENT\n\nLeave a Reply\n`);
    writeFileSync(join(articles, `c-${i}.txt`), `Invented story ${i} (copy)\n\n${story.replace('residents', 'inhabitants')}\n`);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storedCount(db: string): number {
  if (!existsSync(db)) return -1;
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return -1;
  }
}

describe('near-duplicate index crash safety', () => {
  it('keeps clusters consistent after SIGKILL mid-ingest, and a rerun completes them', async () => {
    const db = join(dir, 'crash.db');
    const child = spawn(process.execPath, [CLI, 'ingest', articles, '--db', db, '--batch', '5', '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    let done = false;
    void exited.then(() => (done = true));
    const deadline = Date.now() + 60_000;
    while (!done && storedCount(db) < STORIES + 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    expect(await exited, `ingest ended on its own: ${stderr}`).toBe('SIGKILL');

    const afterKill = new SqliteStore(db);
    expect(afterKill.checkConsistency()).toEqual([]);
    expect(afterKill.clusters().total).toBeGreaterThan(0);
    afterKill.close();

    const rerun = spawnSync(process.execPath, [CLI, 'ingest', articles, '--db', db, '--json', '--no-progress'], { encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    const store = new SqliteStore(db);
    try {
      expect(store.count()).toBe(3 * STORIES);
      expect(store.checkConsistency()).toEqual([]);
      const { total, clusters } = store.clusters({ limit: 1000 });
      expect(total).toBe(STORIES);
      expect(clusters.every((c) => c.size === 3)).toBe(true);
      const spun = store.provenanceOf('c-0')!;
      expect(spun.isCopy).toBe(true);
      expect(spun.substitutions.map((s) => [s.text, s.expected])).toEqual([['inhabitants', 'residents']]);
    } finally {
      store.close();
    }
  }, 180_000);
});
