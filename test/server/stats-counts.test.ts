/**
 * The counts the overview shows beside its charts: articles with no narrative, and articles left out
 * of the timeline because they have no publication date (migration 3's article_facets.dated).
 */
import Database from 'better-sqlite3';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../src/pipeline.js';
import { statsSchema } from '../../src/api-schema.js';
import { createApp } from '../../src/server/app.js';
import { MIGRATIONS, SqliteStore } from '../../src/store/sqlite.js';
import { fixtureDatabase, NARRATIVE_LABELS } from './fixtures.js';
import { addUndatedArticle } from './fixtures-undated.js';
import { TASKS } from '../../src/tasks/registry.js';

const StatsSchema = statsSchema(TASKS);

let db: ReturnType<typeof fixtureDatabase>;
let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  db = fixtureDatabase();
  addUndatedArticle(db.path);
  store = new SqliteStore(db.path);
  app = createApp({
    store: new SqliteEngine(store),
    analyze: (article, o) => analyzeArticle(article, o),
    token: '',
    limits: { jsonBytes: 64 * 1024, uploadBytes: 64 * 1024 },
    log: () => undefined,
  });
});

afterAll(() => {
  store.close();
  db.cleanup();
});

async function stats(query: string) {
  const res = await app.request(`/api/stats${query}`);
  expect(res.status).toBe(200);
  return StatsSchema.parse(await res.json());
}

describe('GET /api/stats counts', () => {
  it('counts the articles with no narrative', async () => {
    const s = await stats('');
    expect(s.total).toBe(5);
    expect(s.withoutNarrative).toBe(1); // the bakery article: domain none, no narrative
    expect((await stats(`?narrative=${encodeURIComponent(NARRATIVE_LABELS.CLIMATE_POLICIES)}`)).withoutNarrative).toBe(0);
    expect((await stats('?genre=reporting')).withoutNarrative).toBe(1);
  });

  it('leaves undated articles out of the timeline and says how many there are', async () => {
    const s = await stats('?bucket=week');
    expect(s.timeline.undated).toBe(1);
    // The undated article was ingested today: counted by its ingest day it would add periods up to now.
    expect(s.timeline.periods).toEqual(['2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25']);
    expect(s.timeline.total).toEqual([1, 1, 1, 1]);
    expect(s.narratives.find((c) => c.label === NARRATIVE_LABELS.CLIMATE_POLICIES)?.count).toBe(2);
    expect(s.timeline.narratives.find((n) => n.label === NARRATIVE_LABELS.CLIMATE_POLICIES)?.counts).toEqual([0, 1, 0, 0]);
    const onlyUndated = await stats('?q=installers');
    expect(onlyUndated.total).toBe(1);
    expect(onlyUndated.timeline).toMatchObject({ periods: [], total: [], undated: 1 });
  });

  it('a date range selects by publication date, so an undated article (ingested today) is in no range', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await stats(`?q=installers&from=${today}`)).total).toBe(0);
    expect((await stats(`?q=installers&to=${today}`)).total).toBe(0);
    expect((await stats('?from=2024-03-01&to=2024-03-31')).total).toBe(4);
    const listed = await app.request(`/api/articles?from=2000-01-01`);
    const body = (await listed.json()) as { total: number };
    expect(body.total).toBe(4);
  });
});

describe('migration 3', () => {
  it('marks the facet rows of a version 2 database dated or undated, and keeps them in step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narrascope-dated-'));
    try {
      const path = join(dir, 'v2.db');
      const raw = new Database(path);
      MIGRATIONS[0](raw);
      MIGRATIONS[1](raw);
      raw.pragma('user_version = 2');
      const insert = raw.prepare(
        `INSERT INTO articles (id, hash, title, clean_text, raw, url, source, published_at, language, origin, ingested_at)
         VALUES (?, ?, 'Example', 'Invented text.', 'Example\n\nInvented text.', NULL, NULL, ?, 'en', '{"format":"text"}', '2026-01-05T10:00:00Z')`,
      );
      insert.run('dated', 'h1', '2025-06-02');
      insert.run('undated', 'h2', null);
      insert.run('garbled', 'h3', 'last Tuesday');
      raw.close();

      new SqliteStore(path).close(); // migrates to the current version
      const facets = () =>
        new Database(path, { readonly: true }).prepare('SELECT article_id, dated FROM article_facets ORDER BY seq').all() as { article_id: string; dated: number }[];
      expect(facets()).toEqual([
        { article_id: 'dated', dated: 1 },
        { article_id: 'undated', dated: 0 },
        { article_id: 'garbled', dated: 0 },
      ]);
      const q = new SqliteStore(path, { statsCacheSize: 0 });
      expect(q.stats({}, { bucket: 'month' }).timeline).toMatchObject({ periods: ['2025-06'], total: [1], undated: 2 });
      q.close();

      // The recreated triggers keep the flag in step with published_at.
      const rw = new Database(path);
      rw.prepare(`UPDATE articles SET published_at = '2025-07-01' WHERE id = 'undated'`).run();
      rw.prepare(`UPDATE articles SET published_at = NULL WHERE id = 'dated'`).run();
      rw.close();
      expect(facets().map((f) => f.dated)).toEqual([0, 1, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
