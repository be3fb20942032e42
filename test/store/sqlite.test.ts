import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { labelRowsOf, modelVersionOf } from '../../src/store/labels.js';
import { resolveDbPath, openStore } from '../../src/store/open.js';
import { quoteFtsTerms } from '../../src/store/sqlite-queries.js';
import { MIGRATIONS, SqliteStore, STORE_SCHEMA_VERSION } from '../../src/store/sqlite.js';
import type { Analysis } from '../../src/schema.js';

// Invented example texts, written for these tests.
const TEXTS = {
  harbour: 'Harbour crane breaks record\n\nThe example port of Lindenvik moved 4,200 containers in one day, a record for the harbour crane.',
  bakery: 'Village bakery opens at dawn\n\nAn example bakery in Ostrava Nova now bakes rye loaves before sunrise for the morning market.',
  council: 'Council debates bicycle lanes\n\nThe example town council spent three hours discussing painted bicycle lanes on Elm Street.',
};

function item(raw: string, id?: string, extra: { source?: string } = {}) {
  const article = createArticle({ raw, id, origin: { path: `${id ?? 'x'}.txt`, format: 'text' }, ...extra });
  return { article, analysis: analyzeArticle(article, { annotators: [] }) };
}

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-store-'));
  store = new SqliteStore(join(dir, 'test.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore.putBatch', () => {
  it('inserts articles and is idempotent by content hash', () => {
    const batch = [item(TEXTS.harbour, 'harbour'), item(TEXTS.bakery, 'bakery')];
    expect(store.putBatch(batch)).toEqual({ inserted: 2, duplicates: 0, ids: ['harbour', 'bakery'] });
    // Same content again, even under another id: a duplicate, reported with the stored id.
    const again = store.putBatch([item(TEXTS.harbour, 'other-name'), item(TEXTS.council, 'council')]);
    expect(again).toEqual({ inserted: 1, duplicates: 1, ids: ['harbour', 'council'] });
    expect(store.count()).toBe(3);
    expect(store.hasHash(batch[0].article.hash)).toBe(true);
    expect(store.hasHash('0'.repeat(64))).toBe(false);
  });

  it('treats a repeat inside one batch as a duplicate', () => {
    const r = store.putBatch([item(TEXTS.bakery, 'a'), item(TEXTS.bakery, 'b')]);
    expect(r).toEqual({ inserted: 1, duplicates: 1, ids: ['a', 'a'] });
  });

  it('stores a different article arriving with a taken id under <id>~<hash prefix>', () => {
    store.putBatch([item(TEXTS.harbour, 'story')]);
    const second = item(TEXTS.bakery, 'story');
    const r = store.putBatch([second]);
    const expected = `story~${second.article.hash.slice(0, 8)}`;
    expect(r.ids).toEqual([expected]);
    expect(store.get('story')!.title).toBe('Harbour crane breaks record');
    const renamed = store.get(expected)!;
    expect(renamed.title).toBe('Village bakery opens at dawn');
    expect(renamed.analysis.article.id).toBe(expected);
  });

  it('rolls back a whole batch when one item fails', () => {
    const good = item(TEXTS.harbour, 'good');
    const broken = { article: item(TEXTS.bakery, 'broken').article, analysis: { cleaning: undefined } as unknown as Analysis };
    expect(() => store.putBatch([good, broken])).toThrow();
    expect(store.count()).toBe(0);
    expect(store.hasHash(good.article.hash)).toBe(false);
  });
});

describe('SqliteStore.get / list', () => {
  it('finds an article by id, full hash and unique hash prefix, with its analysis', () => {
    const it1 = item(TEXTS.council, 'council', { source: 'example-news' });
    store.putBatch([it1]);
    const byId = store.get('council')!;
    expect(byId.raw).toBe(TEXTS.council);
    expect(byId.source).toBe('example-news');
    expect(byId.origin).toEqual({ path: 'council.txt', format: 'text' });
    expect(byId.analysis.text.sentenceCount).toBe(it1.analysis.text.sentenceCount);
    expect(byId.modelVersion).toBe(modelVersionOf(it1.analysis));
    expect(store.get(it1.article.hash)!.id).toBe('council');
    expect(store.get(it1.article.hash.slice(0, 10))!.id).toBe('council');
    expect(store.get(it1.article.hash.slice(0, 7))).toBeUndefined();
    expect(store.get('missing')).toBeUndefined();
  });

  it('lists in ingest order with limit, offset and filters', () => {
    store.putBatch([item(TEXTS.harbour, 'h', { source: 'a' }), item(TEXTS.bakery, 'b', { source: 'b' }), item(TEXTS.council, 'c', { source: 'a' })]);
    expect(store.list().map((r) => r.id)).toEqual(['h', 'b', 'c']);
    expect(store.list({ limit: 1, offset: 1 }).map((r) => r.id)).toEqual(['b']);
    expect(store.list({ source: 'a' }).map((r) => r.id)).toEqual(['h', 'c']);
    expect(store.list({ language: 'zz' })).toEqual([]);
  });
});

describe('SqliteStore.search', () => {
  beforeEach(() => {
    store.putBatch([item(TEXTS.harbour, 'harbour'), item(TEXTS.bakery, 'bakery'), item(TEXTS.council, 'council')]);
  });

  it('finds words in title and text, with highlighted snippets', () => {
    const r = store.search('bicycle', { highlight: { open: '<', close: '>' } });
    expect(r.quoted).toBe(false);
    expect(r.hits.map((h) => h.id)).toEqual(['council']);
    expect(r.hits[0].snippet).toContain('<bicycle>');
    expect(store.search('rye OR crane').hits.map((h) => h.id).sort()).toEqual(['bakery', 'harbour']);
    expect(store.search('bak*').hits.map((h) => h.id)).toEqual(['bakery']);
    expect(store.search('bicycle').hits[0].snippet).not.toContain('<');
  });

  it('falls back to quoted terms for malformed syntax, and rejects an empty query', () => {
    const r = store.search('harbour AND');
    expect(r.quoted).toBe(true);
    expect(r.query).toBe('"harbour" "AND"');
    expect(store.search('"bicycle').hits.map((h) => h.id)).toEqual(['council']);
    expect(store.search('elm:street').hits.map((h) => h.id)).toEqual(['council']);
    expect(() => store.search('   ')).toThrow(/empty/);
    expect(quoteFtsTerms('a "b" c')).toBe('"a" """b""" "c"');
  });

  it('keeps the index consistent after writes', () => {
    expect(store.checkConsistency()).toEqual([]);
  });
});

const rich = (base: Analysis): Analysis => ({
  ...base,
  narratives: {
    status: 'ok',
    domain: { label: 'CC', score: 0.9 },
    narratives: [{ label: 'CC: Criticism of institutions and authorities', score: 0.7, evidence: [] }],
    subNarratives: [{ label: 'CC: Criticism of institutions and authorities: Other', narrative: 'x', score: 0.6, evidence: [] }],
    dominant: null,
  },
  techniques: {
    spans: [
      { start: 0, end: 4, technique: 'Loaded_Language', confidence: 0.4, source: 'test', text: 'Harb' },
      { start: 5, end: 9, technique: 'Loaded_Language', confidence: 0.8, source: 'test', text: 'cran' },
    ],
    summary: [{ technique: 'Loaded_Language', count: 2, score: 0.8 }],
  },
  entities: [
    { name: 'Lindenvik', mentions: [], mainRole: 'Protagonist', fineRoles: [{ role: 'Guardian', score: 0.5 }], confidence: 0.75, evidence: [] },
  ],
  genre: { label: 'reporting', scores: { reporting: 0.8, opinion: 0.2 } },
  models: [{ task: 'narratives', version: '2' }, { task: 'entities', version: '1' }],
});

describe('labels', () => {
  it('extracts one (task, label, score) row per label from the optional parts of an Analysis', () => {
    const a = rich(item(TEXTS.harbour, 'h').analysis);
    const rows = labelRowsOf(a);
    const get = (task: string) => rows.filter((r) => r.task === task).map((r) => [r.label, r.score]);
    expect(get('domain')).toEqual([['CC', 0.9]]);
    expect(get('narrative')).toEqual([['CC: Criticism of institutions and authorities', 0.7]]);
    expect(get('subnarrative')).toHaveLength(1);
    expect(get('technique')).toEqual([['Loaded_Language', 0.8]]);
    expect(get('entity')).toEqual([['Lindenvik', 0.75]]);
    expect(get('main-role')).toEqual([['Protagonist', 0.75]]);
    expect(get('fine-role')).toEqual([['Guardian', 0.5]]);
    expect(get('entity-role')).toEqual([['Protagonist/Lindenvik', 0.75]]);
    expect(get('genre')).toEqual([['reporting', 0.8]]);
    expect(labelRowsOf(item(TEXTS.bakery).analysis)).toEqual([]);
    expect(modelVersionOf(a)).toBe('schema@1.0.0,entities@1,narratives@2');
  });

  it('stores labels for counting, and replaces them with the analysis', () => {
    const h = item(TEXTS.harbour, 'h');
    store.putBatch([{ article: h.article, analysis: rich(h.analysis) }, item(TEXTS.bakery, 'b')]);
    expect(store.labelCounts('technique')).toEqual([{ task: 'technique', label: 'Loaded_Language', count: 1 }]);
    expect(store.labelsOf('h').length).toBe(9);
    expect(store.get('h')!.modelVersion).toBe('schema@1.0.0,entities@1,narratives@2');

    expect(store.putAnalysis('h', h.analysis)).toBe(true);
    expect(store.labelsOf('h')).toEqual([]);
    expect(store.get('h')!.modelVersion).toBe('schema@1.0.0');
    expect(store.putAnalysis('nope', h.analysis)).toBe(false);
  });
});

describe('migrations and opening', () => {
  it('creates the schema at the current version and keeps data on reopen', () => {
    store.putBatch([item(TEXTS.harbour, 'h')]);
    const path = store.path;
    store.close();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    store = new SqliteStore(path);
    expect(store.count()).toBe(1);
    expect(store.search('crane').hits).toHaveLength(1);
  });

  it('upgrades an older database step by step', () => {
    const path = join(dir, 'old.db');
    const raw = new Database(path);
    MIGRATIONS[0](raw);
    raw.pragma('user_version = 1');
    raw.close();
    const s = new SqliteStore(path);
    expect(s.count()).toBe(0);
    s.close();
    expect(new Database(path).pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION);
  });

  it('refuses a database from a newer version', () => {
    const path = join(dir, 'new.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${STORE_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new SqliteStore(path)).toThrow(/newer than this narrascope/);
  });

  it('resolves the path from --db, then NARRASCOPE_DB, then ./narrascope.db', async () => {
    expect(resolveDbPath({ db: 'x.db', env: { NARRASCOPE_DB: 'y.db' }, cwd: '/w' })).toBe('/w/x.db');
    expect(resolveDbPath({ env: { NARRASCOPE_DB: '/abs/y.db' }, cwd: '/w' })).toBe('/abs/y.db');
    expect(resolveDbPath({ env: {}, cwd: '/w' })).toBe('/w/narrascope.db');
    await expect(openStore({ db: join(dir, 'absent.db'), mustExist: true })).rejects.toThrow(/no database at/);
  });
});
