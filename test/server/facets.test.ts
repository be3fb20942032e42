/**
 * The per-article facet rows behind the statistics (migration 2): backfilled when an older database
 * is upgraded, rewritten with each analysis, removed with the article; statistics always agree with
 * a plain count over the labels table.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.js';
import { FIXTURE_SPECS, fixtureArticle, fixtureAnalysis, fixtureDatabase, NARRATIVE_LABELS } from './fixtures.js';

let db: ReturnType<typeof fixtureDatabase>;
beforeEach(() => {
  db = fixtureDatabase();
});
afterEach(() => db.cleanup());

/** Statistics computed from the database, no cache. */
function statsOf(path: string, filter = {}) {
  const q = new SqliteStore(path, { statsCacheSize: 0 });
  try {
    return q.stats(filter, { bucket: 'week' });
  } finally {
    q.close();
  }
}

/** Narrative counts straight from the labels table: the oracle the facet rows must agree with. */
function narrativeCountsInLabels(path: string) {
  const raw = new Database(path, { readonly: true });
  try {
    return raw
      .prepare(`SELECT label, count(*) AS count FROM labels WHERE task = 'narrative' GROUP BY label ORDER BY count DESC, label`)
      .all();
  } finally {
    raw.close();
  }
}

describe('article facets', () => {
  it('are backfilled when a version 1 database is upgraded, giving the same statistics', () => {
    const before = statsOf(db.path);
    const narrativeFilter = statsOf(db.path, { narrative: NARRATIVE_LABELS.BLAME, from: '2024-03-01' });
    // Take the database back to version 1: no facet or claim tables, and the index earlier code made on open.
    const raw = new Database(db.path);
    // The tables of later versions go too (the language-model cache, the provenance index, the analysts' decisions and tokens), as version 1 had none.
    const later = raw
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
           AND (name IN ('llm_cache', 'annotations', 'annotation_revisions', 'api_tokens', 'write_log') OR name LIKE 'prov\\_%' ESCAPE '\\')`,
      )
      .all() as { name: string }[];
    for (const { name } of later) raw.exec(`DROP TABLE ${name}`);
    raw.exec(`DROP TRIGGER article_facets_insert; DROP TRIGGER article_facets_update; DROP TRIGGER article_facets_delete;
              DROP TABLE article_facets; DROP TABLE label_keys; DROP TABLE IF EXISTS ingest_claims;
              CREATE INDEX articles_facets ON articles(published_at, ingested_at, language, source, id);
              PRAGMA user_version = 1;`);
    raw.close();
    new SqliteStore(db.path).close(); // migrates
    const upgraded = new Database(db.path, { readonly: true });
    const indexes = upgraded.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'articles_facets'`).all();
    const facetRows = upgraded.prepare(`SELECT count(*) AS n FROM article_facets WHERE label_ids <> ''`).get() as { n: number };
    upgraded.close();
    expect(indexes).toEqual([]);
    expect(facetRows.n).toBe(FIXTURE_SPECS.filter((s) => s.domain || s.techniques || s.entities || s.genre).length);
    expect(statsOf(db.path)).toEqual(before);
    expect(statsOf(db.path, { narrative: NARRATIVE_LABELS.BLAME, from: '2024-03-01' })).toEqual(narrativeFilter);
  });

  it('follow a re-analysis and a deletion in the same transaction as the write', () => {
    const store = new SqliteStore(db.path);
    const spec = FIXTURE_SPECS[0];
    const article = fixtureArticle(spec);
    // Re-analyse the first article with one new narrative only.
    const fresh = 'CC: Downplaying climate change';
    const changed = fixtureAnalysis(article, { ...spec, narratives: [{ label: fresh, score: 0.7, evidence: spec.narratives![0].evidence }] });
    expect(store.putAnalysis(spec.id, changed)).toBe(true);
    let stats = statsOf(db.path);
    expect(stats.narratives.find((n) => n.label === fresh)).toEqual({ label: fresh, count: 1 });
    expect(stats.narratives).toEqual(narrativeCountsInLabels(db.path));
    expect(statsOf(db.path, { narrative: fresh }).total).toBe(1);

    const raw = new Database(db.path);
    raw.pragma('foreign_keys = ON');
    raw.prepare('DELETE FROM articles WHERE id = ?').run(spec.id);
    raw.close();
    stats = statsOf(db.path);
    expect(stats.total).toBe(FIXTURE_SPECS.length - 1);
    expect(stats.narratives.find((n) => n.label === fresh)).toBeUndefined();
    expect(stats.narratives).toEqual(narrativeCountsInLabels(db.path));
    store.close();
  });
});
