/** `runIngest` with the readers replaced by a fixed list of items, to check counting, resume and exit codes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import type { ReadItem } from '../../src/ingest/types.js';
import { exampleArticle } from './fixtures.js';

const items: ReadItem[] = [];
vi.mock('../../src/ingest/index.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  readSources: async function* () {
    yield* items;
  },
}));
const analyzed = vi.hoisted(() => ({ count: 0, failOn: '' }));
vi.mock('../../src/pipeline.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/pipeline.js')>();
  return {
    ...orig,
    // Training priors: every article goes through the counted analyzeArticle below (no batch adaptation).
    batchAnalyser: (o: Parameters<typeof orig.batchAnalyser>[0]) => orig.batchAnalyser({ ...o, priors: 'training' }),
    analyzeArticle: (...args: Parameters<typeof orig.analyzeArticle>) => {
      analyzed.count++;
      if (args[0].id === analyzed.failOn) throw new Error('example failure');
      return orig.analyzeArticle(...args);
    },
  };
});

const { runIngest } = await import('../../src/cli/ingest.js');
const { SqliteStore } = await import('../../src/store/sqlite.js');

const article = (i: number) => ({ ok: true as const, article: createArticle({ raw: exampleArticle(i, 2), id: `a${i}`, origin: { path: `a${i}.txt`, format: 'text' } }) });
const problem: ReadItem = { ok: false, problem: { path: 'bad.bin', reason: 'binary', message: 'not text' } };

let dir: string;
let db: string;
let out: string[];
let err: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-ingest-'));
  db = join(dir, 'x.db');
  items.length = 0;
  analyzed.count = 0;
  analyzed.failOn = '';
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const lastSummary = () => JSON.parse(out.join('').trim().split('\n').pop()!);

describe('runIngest', () => {
  it('stores new articles in batches, skips known hashes before analysis, reports problems one per line', async () => {
    items.push(article(1), article(2), problem, article(3), article(1));
    expect(await runIngest(['in'], { db, batch: 2, json: true })).toBe(0);
    expect(lastSummary()).toMatchObject({ read: 4, inserted: 3, alreadyPresent: 1, skipped: { binary: 1 } });
    expect(analyzed.count).toBe(3);
    expect(err.join('')).toContain('skipped bad.bin: not text [binary]\n');

    analyzed.count = 0;
    out = [];
    items.push(article(4));
    expect(await runIngest(['in'], { db, json: true })).toBe(0);
    expect(lastSummary()).toMatchObject({ read: 5, inserted: 1, alreadyPresent: 4, totalInDatabase: 4 });
    expect(analyzed.count).toBe(1); // only the new one was analysed
  });

  it('exits 1 only when nothing could be processed, or with --strict when something was skipped', async () => {
    items.push(problem, problem);
    expect(await runIngest(['in'], { db, json: true })).toBe(1);
    items.length = 0;
    expect(await runIngest(['in'], { db, json: true })).toBe(1); // no articles at all
    items.push(article(5), problem);
    expect(await runIngest(['in'], { db, json: true })).toBe(0);
    expect(await runIngest(['in'], { db, json: true, strict: true })).toBe(1);
  });

  it('counts an analysis failure as a skipped item and goes on', async () => {
    analyzed.failOn = 'a7';
    items.push(article(6), article(7), article(8));
    expect(await runIngest(['in'], { db, json: true })).toBe(0);
    expect(lastSummary()).toMatchObject({ inserted: 2, skipped: { 'analysis-failed': 1 } });
    expect(err.join('')).toMatch(/a7\.txt: analysis failed: example failure \[analysis-failed\]/);
    const store = new SqliteStore(db);
    expect(store.get('a7')).toBeUndefined();
    expect(store.count()).toBe(2);
    store.close();
  });
});
