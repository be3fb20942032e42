/** `narrascope migrate` between two SQLite files, run as the built CLI on a small invented corpus: the same ids, texts, ingest times, analyses and clusters; a rerun copies only what is missing; differing counts fail naming the difference. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import { SqliteEngine } from '../../../src/store/sqlite-engine.js';
import { ARTICLES, cli, contents, EXTRA, migrate, sourceCorpus, textFolder } from './migrate-fixture.js';

let dir: string;
let source: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-migrate-'));
  source = sourceCorpus(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('narrascope migrate, SQLite to SQLite', () => {
  it('copies every article with its id, text, ingest time, analysis and labels; the clusters and counts agree', async () => {
    const target = join(dir, 'copy.db');
    const r = migrate(source, target);
    expect(r.status, r.stderr).toBe(0);
    expect(r.summary).toMatchObject({ copied: 4, alreadyPresent: 0, renamed: 0, differences: [], failed: [] });
    const [a, b] = [await contents(source), await contents(target)];
    expect(Object.keys(b).sort()).toEqual(['#clusters', ...Object.keys(ARTICLES)].sort());
    expect(a['#clusters']).toMatchObject([{ size: 2 }]);
    expect(b).toEqual(a);
  });

  it('copies nothing on a rerun, and only what is missing after new articles arrive', () => {
    const target = join(dir, 'rerun.db');
    expect(migrate(source, target).summary?.copied).toBe(4);
    expect(migrate(source, target).summary).toMatchObject({ copied: 0, alreadyPresent: 4, differences: [] });

    const grown = join(dir, 'grown.db');
    expect(migrate(source, grown).status).toBe(0);
    expect(cli('ingest', textFolder(dir, 'more', { 'market-stalls': EXTRA }), '--db', grown, '--no-progress').status).toBe(0);
    expect(migrate(grown, target).summary).toMatchObject({ copied: 1, alreadyPresent: 4, differences: [] });
  });

  it("copies the analysts' decisions and the named tokens (hashes only), once", async () => {
    const from = join(dir, 'decided.db');
    copyFileSync(source, from);
    const store = new SqliteEngine(from);
    const [first] = await store.list({ limit: 1 });
    const stored = (await store.get(first.id))!;
    await store.annotations.annotate({ articleId: first.id, author: 'rita', modelVersion: stored.modelVersion, decisions: [{ task: 'genre', label: 'opinion', decision: 'add' }] });
    const { secret } = await store.tokens.createToken('rita', 'annotator');
    await store.close();

    const target = join(dir, 'decided-copy.db');
    expect(migrate(from, target).summary).toMatchObject({ copied: 4, annotations: { imported: 1, skipped: 0, tokens: 1 } });
    expect(migrate(from, target).summary).toMatchObject({ copied: 0, annotations: { imported: 0, skipped: 1, tokens: 0 } });
    const copy = new SqliteEngine(target);
    try {
      expect((await copy.annotations.annotationsOf(first.id))!.annotations).toMatchObject([{ author: 'rita', task: 'genre', label: 'opinion', decision: 'add' }]);
      expect(await copy.tokens.verifyToken(secret)).toMatchObject({ name: 'rita', role: 'annotator' });
    } finally {
      await copy.close();
    }
  });

  it('fails naming the difference when the target holds other articles too', () => {
    const target = join(dir, 'fuller.db');
    expect(cli('ingest', textFolder(dir, 'more-fuller', { 'market-stalls': EXTRA }), '--db', target, '--no-progress').status).toBe(0);
    const r = migrate(source, target);
    expect(r.status).toBe(1);
    expect(r.summary?.copied).toBe(4);
    expect(r.summary?.differences[0]).toBe(`articles: 4 in ${source}, 5 in ${target}`);
    expect(r.summary?.differences.some((d) => /^labels of task genre: \d+ in .*source\.db, \d+ in .*fuller\.db$/.test(d))).toBe(true);
    // The readable summary says the same on standard error.
    expect(cli('migrate', '--from', source, '--to', target, '--no-progress').stderr).toMatch(/counts differ {4}articles: 4 in .*, 5 in /);
  });

  it('reports each article it cannot copy by id (read back, or refused by the target) and copies the rest of its batch', () => {
    const damaged = join(dir, 'damaged.db');
    copyFileSync(source, damaged);
    const db = new Database(damaged);
    // One text changed behind the store's back (caught when read), one ingest time that is no date (refused by the target's putBatch).
    db.prepare("UPDATE articles SET raw = raw || ' Changed.' WHERE id = 'tram-timetable'").run();
    db.prepare("UPDATE articles SET ingested_at = 'someday' WHERE id = 'orchard-gates'").run();
    db.close();
    const r = migrate(damaged, join(dir, 'from-damaged.db'));
    expect(r.status).toBe(1);
    expect(r.summary).toMatchObject({
      copied: 2,
      failed: [
        { id: 'tram-timetable', message: expect.stringMatching(/^its text does not match its stored hash/) },
        { id: 'orchard-gates', message: 'article orchard-gates: ingestedAt "someday" is not an ISO 8601 date' },
      ],
    });
    expect(r.summary?.differences).toEqual([expect.stringMatching(/^articles: 4 in .*damaged\.db, 2 in /), ...r.summary!.differences.slice(1)]);
    expect(r.stderr).toContain('skipped tram-timetable: its text does not match its stored hash');
  });

  it('refuses to copy a database onto itself, and a source that does not exist', () => {
    const same = cli('migrate', '--from', source, '--to', source);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('--from and --to name the same database');
    const missing = cli('migrate', '--from', join(dir, 'nowhere.db'), '--to', join(dir, 'x.db'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`no database at ${join(dir, 'nowhere.db')}`);
  });
});

describe('StoreItem.ingestedAt in the SQLite engine', () => {
  it('is stored as given (in ISO 8601), and a value that is not a date fails the batch naming the article and field', async () => {
    const article = createArticle({ raw: 'Ferry pilots count the piers\n\nTwo ferry pilots counted nine wooden piers near Port Amsel.\n', id: 'piers', origin: { format: 'text' } });
    const analysis = analyzeArticle(article);
    const engine = new SqliteEngine(join(dir, 'ingested-at.db'));
    try {
      await expect(engine.putBatch([{ article, analysis, ingestedAt: 'last Tuesday' }])).rejects.toThrow('article piers: ingestedAt "last Tuesday" is not an ISO 8601 date');
      expect(await engine.count()).toBe(0);
      await engine.putBatch([{ article, analysis, ingestedAt: '2026-03-01T08:30:00+01:00' }]);
      expect((await engine.get('piers'))?.ingestedAt).toBe('2026-03-01T07:30:00.000Z');
    } finally {
      await engine.close();
    }
  });
});
