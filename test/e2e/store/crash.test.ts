/**
 * Crash safety of `narrascope ingest`: SIGKILL the built CLI mid-run, then check that the database is
 * consistent (every article with its analysis and search entry, no half-written article), that a rerun
 * completes it with every file exactly once, and that another full ingest adds nothing.
 * Runs against dist/, which test/e2e/build-current.ts rebuilds first when it is older than src/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { writeExampleFolder } from '../../store/fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const N = 300;

let dir: string;
let articles: string;
let ids: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-crash-'));
  articles = join(dir, 'articles');
  ids = writeExampleFolder(articles, N, 40);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `ingest --json` to completion and returns its exit status and parsed summary. */
function ingest(db: string): { status: number | null; summary: { inserted: number; alreadyPresent: number; read: number } } {
  const r = spawnSync(process.execPath, [CLI, 'ingest', articles, '--db', db, '--batch', '10', '--json', '--no-progress'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ingest failed (${r.status}): ${r.stderr}`);
  return { status: r.status, summary: JSON.parse(r.stdout.trim().split('\n').pop()!) };
}

/** Counts stored articles, or -1 while the database is not created yet. */
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
    return -1; // schema not created yet
  }
}

describe('ingest crash safety', () => {
  it('survives SIGKILL mid-run, resumes, and never duplicates', async () => {
    const db = join(dir, 'crash.db');
    const child = spawn(process.execPath, [CLI, 'ingest', articles, '--db', db, '--batch', '10', '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));

    // Kill as soon as a few batches are committed.
    const deadline = Date.now() + 60_000;
    while (!exitedEarly && storedCount(db) < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(signal, `ingest ended on its own: ${stderr}`).toBe('SIGKILL'); // killed, not finished on its own

    const afterKill = storedCount(db);
    expect(afterKill).toBeGreaterThanOrEqual(30);
    expect(afterKill).toBeLessThan(N);

    // Consistent: FTS agrees with the table, every article has its analysis, text is whole.
    const store = new SqliteStore(db);
    expect(store.checkConsistency()).toEqual([]);
    for (const row of store.list({ limit: N })) {
      const a = store.get(row.id)!;
      expect(a.raw).toBe(readFileSync(join(articles, `${row.id}.txt`), 'utf8'));
      expect(a.analysis.article.hash).toBe(a.hash);
    }
    store.close();

    // Rerun finishes the job; every file present exactly once.
    const rerun = ingest(db).summary;
    expect(rerun.inserted).toBe(N - afterKill);
    expect(rerun.alreadyPresent).toBe(afterKill);
    const conn = new Database(db, { readonly: true });
    const stored = (conn.prepare('SELECT id FROM articles ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const ftsRows = (conn.prepare(`SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH '"invented example"'`).get() as { n: number }).n;
    conn.close();
    expect(stored).toEqual([...ids].sort());
    expect(ftsRows).toBe(N);

    // A second full ingest adds nothing.
    const third = ingest(db).summary;
    expect(third).toMatchObject({ read: N, inserted: 0, alreadyPresent: N });
  }, 120_000);
});
