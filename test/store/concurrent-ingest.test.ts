/**
 * Two ingests of the same folder at the same time analyse each article once: an article is claimed in
 * the store before it is analysed, and a run skips what another run has claimed or stored.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { exampleArticle, writeExampleFolder } from './fixtures.js';

const analysed = vi.hoisted(() => ({ ids: [] as string[] }));
vi.mock('../../src/pipeline.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/pipeline.js')>();
  return {
    ...orig,
    // Training priors: every article goes through the counted analyzeArticle below (no batch adaptation).
    batchAnalyser: (o: Parameters<typeof orig.batchAnalyser>[0]) => orig.batchAnalyser({ ...o, priors: 'training' }),
    // Counted, and without the task models: this test is about who analyses what, not the labels.
    analyzeArticle: (article: Parameters<typeof orig.analyzeArticle>[0]) => {
      analysed.ids.push(article.id);
      return orig.analyzeArticle(article, { annotators: [] });
    },
  };
});

const { runIngest } = await import('../../src/cli/ingest.js');
const { isDeadRun } = await import('../../src/ingest/claims.js');
const { analyzeArticle } = await import('../../src/pipeline.js');
const { CLAIM_TTL_MS, SqliteStore } = await import('../../src/store/sqlite.js');

let dir: string;
let db: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-concurrent-'));
  db = join(dir, 'x.db');
  analysed.ids.length = 0;
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const item = (i: number) => {
  const article = createArticle({ raw: exampleArticle(i, 1), id: `a${i}`, origin: { format: 'text' } });
  return { article, analysis: analyzeArticle(article) };
};

describe('Store.claim', () => {
  it('gives an article to one run, reports it stored once committed, and frees claims on release', () => {
    const a = new SqliteStore(db);
    const b = new SqliteStore(db);
    try {
      const x = item(1);
      expect(a.claim(x.article.hash, 'run-a')).toBe('claimed');
      expect(a.claim(x.article.hash, 'run-a')).toBe('claimed');
      expect(b.claim(x.article.hash, 'run-b')).toBe('claimed-elsewhere');
      a.putBatch([x]);
      expect(b.claim(x.article.hash, 'run-b')).toBe('stored');
      const y = item(2);
      expect(a.claim(y.article.hash, 'run-a')).toBe('claimed');
      a.releaseClaims('run-a');
      expect(b.claim(y.article.hash, 'run-b')).toBe('claimed');
    } finally {
      a.close();
      b.close();
    }
  });

  it('lets a run take over a claim older than CLAIM_TTL_MS (its ingest died)', () => {
    const store = new SqliteStore(db);
    try {
      const hash = item(3).article.hash;
      vi.spyOn(Date, 'now').mockReturnValue(1_000_000_000_000);
      expect(store.claim(hash, 'dead-run')).toBe('claimed');
      vi.spyOn(Date, 'now').mockReturnValue(1_000_000_000_000 + CLAIM_TTL_MS - 1);
      expect(store.claim(hash, 'live-run')).toBe('claimed-elsewhere');
      vi.spyOn(Date, 'now').mockReturnValue(1_000_000_000_000 + CLAIM_TTL_MS + 1);
      expect(store.claim(hash, 'live-run')).toBe('claimed');
    } finally {
      store.close();
    }
  });
});

describe('claims of a run that died', () => {
  it('are taken over at once when the claiming process is gone', () => {
    const store = new SqliteStore(db);
    try {
      const hash = item(4).article.hash;
      expect(store.claim(hash, 'killed-run')).toBe('claimed');
      expect(store.claim(hash, 'live-run', (other) => other === 'killed-run')).toBe('claimed');
    } finally {
      store.close();
    }
  });

  it('isDeadRun: a finished process on this machine is dead; this one, or another machine, is not', () => {
    const child = spawnSync(process.execPath, ['-e', '0']);
    const uuid = '0f8c3a2e-1111-4222-8333-444455556666';
    expect(isDeadRun(`${child.pid}@${hostname()}/${uuid}`)).toBe(true);
    expect(isDeadRun(`${process.pid}@${hostname()}/${uuid}`)).toBe(false);
    expect(isDeadRun(`${child.pid}@another-machine.invalid/${uuid}`)).toBe(false);
    expect(isDeadRun('not a run id')).toBe(false);
  });
});

describe('two ingests of one folder at the same time', () => {
  it('analyse every article exactly once between them and store each once', async () => {
    const folder = join(dir, 'in');
    const ids = writeExampleFolder(folder, 24, 1);
    const [codeA, codeB] = await Promise.all([
      runIngest([folder], { db, json: true, progress: false }),
      runIngest([folder], { db, json: true, progress: false }),
    ]);
    expect([codeA, codeB]).toEqual([0, 0]);
    expect(analysed.ids.sort()).toEqual([...ids].sort());
    const [a, b] = out.map((line) => JSON.parse(line));
    expect(a.inserted + b.inserted).toBe(24);
    // What one run did not analyse, it counts as stored or left to the other run.
    for (const s of [a, b]) expect(s.inserted + s.alreadyPresent + s.claimedElsewhere).toBe(24);
    expect(a.claimedElsewhere + b.claimedElsewhere).toBeGreaterThan(0);
    const store = new SqliteStore(db);
    try {
      expect(store.count()).toBe(24);
      expect(store.checkConsistency()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a later run finds everything stored and analyses nothing', async () => {
    const folder = join(dir, 'in');
    writeExampleFolder(folder, 5, 1);
    await runIngest([folder], { db, json: true, progress: false });
    analysed.ids.length = 0;
    expect(await runIngest([folder], { db, json: true, progress: false })).toBe(0);
    expect(analysed.ids).toEqual([]);
    expect(JSON.parse(out[1])).toMatchObject({ inserted: 0, alreadyPresent: 5, claimedElsewhere: 0 });
  });
});
