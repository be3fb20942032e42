/** SQLite-specific provenance behaviour: the index switched off, and a database upgraded from before the index existed. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { MIGRATIONS, SqliteStore } from '../../src/store/sqlite.js';
import { tempStore } from './fixtures.js';
import { inventedStory } from './invented-text.js';

function item(id: string, body: string, source = 'one.test', publishedAt?: string) {
  const article = createArticle({ raw: `Story\n\n${body}\n`, id, origin: { format: 'text' }, source, ...(publishedAt ? { publishedAt } : {}) });
  const analysis = analyzeArticle(article, { annotators: [] });
  analysis.entities = [{ name: 'Port Amsel', mentions: [], mainRole: 'Innocent', fineRoles: [], confidence: 0.5, evidence: [] }];
  return { article, analysis };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('SqliteStore provenance', () => {
  it('with the index off, stores articles without clustering them and says why', () => {
    const t = tempStore('narrascope-prov-', 'x.db', { provenance: false });
    cleanup = t.close;
    const story = inventedStory(11);
    t.store.putBatch([item('a', story), item('b', `${story}\n\nADVERTISEMENT`, 'two.test')]);
    expect(t.store.clusters().total).toBe(0);
    expect(t.store.provenanceOf('b')!.note).toMatch(/--no-provenance/);
    expect(t.store.source('two.test')).toMatchObject({ articles: 1, copies: 0, boilerplate: [{ rule: 'ad-markers', articles: 1, share: 1 }] });
    expect(t.store.checkConsistency()).toEqual([]);
    // Articles stored later with the index on are not matched against the unindexed ones.
    const on = new SqliteStore(t.store.path);
    on.putBatch([item('c', `${story}\n\nLeave a Reply`)]);
    expect(on.clusters().total).toBe(0);
    on.close();
  });

  it('verifies at most a few candidates of one cluster per new article, and keeps the cluster whole', () => {
    const t = tempStore('narrascope-prov-', 'x.db');
    cleanup = t.close;
    const story = inventedStory(14);
    const copies = Array.from({ length: 12 }, (_, i) => item(`copy-${i}`, `${story}\n\n[ad_${i}]`, `site-${i}.test`));
    t.store.putBatch(copies);
    t.store.putBatch([item('late', `${story}\n\nLeave a Reply`, 'late.test')]);
    const raw = new Database(t.store.path, { readonly: true });
    const seq = (raw.prepare('SELECT seq FROM articles WHERE id = ?').get('late') as { seq: number }).seq;
    const edges = (raw.prepare('SELECT count(*) AS n FROM prov_edges WHERE a = ? OR b = ?').get(seq, seq) as { n: number }).n;
    raw.close();
    expect(edges).toBe(8);
    expect(t.store.clusters().clusters.map((c) => c.size)).toEqual([13]);
    t.store.delete(['copy-0', 'copy-1']);
    expect(t.store.clusters().clusters.map((c) => c.size)).toEqual([11]);
    expect(t.store.checkConsistency()).toEqual([]);
  });

  it('computes substitutions on read, against the earliest member of the moment, and stores none at ingest', () => {
    const t = tempStore('narrascope-prov-', 'x.db');
    cleanup = t.close;
    const story = inventedStory(15);
    if (!story.includes(' residents ')) throw new Error('fixture: the story has no "residents"');
    t.store.putBatch([
      item('first', story, 'one.test', '2024-05-01'),
      item('mirror', `${story}\n\n[ad_3]`, 'two.test', '2024-05-02'),
      item('spun', story.replace(' residents ', ' inhabitants '), 'three.test', '2024-05-03'),
    ]);
    const raw = new Database(t.store.path, { readonly: true });
    const stored = (raw.prepare('SELECT count(*) AS n FROM prov_docs WHERE substitutions IS NOT NULL').get() as { n: number }).n;
    raw.close();
    expect(stored).toBe(0);
    const before = t.store.provenanceOf('spun')!.substitutions;
    expect(before.map((s) => [s.text, s.expected])).toEqual([['inhabitants', 'residents']]);
    expect(before[0].reason).toContain('(first)');
    expect(t.store.provenanceOf('mirror')!.substitutions).toEqual([]);
    // The earliest member leaves: the copy is now compared with the next one.
    t.store.delete(['first']);
    const after = t.store.provenanceOf('spun')!.substitutions;
    expect(after.map((s) => [s.text, s.expected])).toEqual([['inhabitants', 'residents']]);
    expect(after[0].reason).toContain('(mirror)');
    expect(t.store.provenanceOf('mirror')).toMatchObject({ isCopy: false, substitutions: [] });
    expect(t.store.checkConsistency()).toEqual([]);
  });

  it('upgrades a database from before the index: old articles are profiled but not indexed, new ones are', () => {
    const t = tempStore('narrascope-prov-', 'x.db');
    const story = inventedStory(12);
    t.store.putBatch([item('old', story)]);
    const path = t.store.path;
    t.store.close();
    // Back to the schema version before the provenance tables: drop every table and trigger that the
    // migrations from there on create (later ones included), as a fresh database of that version shows.
    const version = MIGRATIONS.findIndex((m) => String(m).includes('migrateProvenanceTables'));
    const schemaOf = (db: Database.Database) =>
      db.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY type = 'table'`).all() as { type: string; name: string }[];
    const then = new Database(':memory:');
    for (const m of MIGRATIONS.slice(0, version)) m(then);
    const old = new Set(schemaOf(then).map((o) => o.name));
    then.close();
    const raw = new Database(path);
    for (const { type, name } of schemaOf(raw)) if (!old.has(name)) raw.exec(`DROP ${type.toUpperCase()} IF EXISTS "${name}"`);
    raw.pragma(`user_version = ${version}`);
    raw.close();
    const store = new SqliteStore(path);
    cleanup = () => {
      store.close();
      t.close();
    };
    expect(store.provenanceOf('old')!.note).toMatch(/before the index existed/);
    expect(store.frequentNames(store.get('old')!.language)).toEqual([{ name: 'Port Amsel', count: 1 }]);
    expect(store.source('one.test')).toMatchObject({ articles: 1 });
    const fresh = inventedStory(13);
    store.putBatch([item('new', fresh, 'two.test'), item('new-copy', `${fresh}\n\n[ad_2]`, 'three.test')]);
    expect(store.clusters().clusters.map((c) => c.size)).toEqual([2]);
    expect(store.checkConsistency()).toEqual([]);
  });
});
