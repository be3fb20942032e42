/** PgProvenance on a real PostgreSQL: concurrent indexing from two engines, delete with split, the same answers as SQLite, consistency. */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { TextView } from '../../src/doc/view.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Sql, WrittenArticle } from '../../src/store/pg/parts.js';
import { PG_MIGRATIONS, openPostgresEngine } from '../../src/store/pg/engine.js';
import { PgProvenance, connectedComponents } from '../../src/store/pg/provenance.js';
import { migrateSchema } from '../../src/store/pg/schema.js';
import { seenAtOf } from '../../src/store/sqlite-provenance.js';
import type { StoreItem } from '../../src/store/types.js';
import { tempStore } from './fixtures.js';
import { inventedStory } from './invented-text.js';
import { dropDatabase, freshDatabase, pgForTests } from './pg-env.js';

const pgTest = await pgForTests();

interface Spec {
  id: string;
  body: string;
  source?: string;
  publishedAt?: string;
  names?: string[];
}

/** An invented article with a fixture analysis (no models), its entity names set by hand. */
function item(spec: Spec): StoreItem {
  const article = createArticle({
    raw: `Story ${spec.id}\n\n${spec.body}\n`,
    id: spec.id,
    origin: { format: 'text' },
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.publishedAt ? { publishedAt: spec.publishedAt } : {}),
  });
  const analysis = analyzeArticle(article, { annotators: [] });
  analysis.entities = (spec.names ?? []).map((name) => ({ name, mentions: [], mainRole: 'Innocent', fineRoles: [], confidence: 0.5, evidence: [] }));
  return { article, analysis };
}

/** Paragraphs `from`..`to` of one long invented story: overlapping slices are copies of each other, distant ones are not. */
const slice = (seed: number, from: number, to: number) => inventedStory(seed, 18).split('\n\n').slice(from, to).join('\n\n');

/**
 * One engine's write path, reduced to what the index needs: the article and analysis rows in a
 * transaction, then PgProvenance.index on them before commit (as the engine's putBatch calls it).
 * `beforeCommit` lets a test hold the transaction open.
 */
async function putBatch(
  pool: pg.Pool,
  prov: PgProvenance,
  items: readonly StoreItem[],
  beforeCommit?: () => Promise<void>,
  indexQueries?: { count: number },
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const written: WrittenArticle[] = [];
    for (const { article, analysis } of items) {
      const at = new Date().toISOString();
      const cleanText = new TextView(article.raw, analysis.cleaning.removed).text;
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO articles (id, hash, title, clean_text, raw, url, source, published_at, language, origin, ingested_at, ts_config)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'simple') RETURNING seq`,
        [article.id, article.hash, article.title, cleanText, article.raw, article.url ?? null, article.source ?? null, article.publishedAt ?? null,
          analysis.language.code, JSON.stringify(article.origin), at],
      );
      await client.query('INSERT INTO analyses (article_id, model_version, analyzed_at, json) VALUES ($1, $2, $3, $4)', [article.id, 'fixture', at, JSON.stringify(analysis)]);
      written.push({
        seq: Number(rows[0].seq), id: article.id, cleanText, source: article.source ?? null,
        seenAt: seenAtOf(article.publishedAt, at), language: analysis.language.code, analysis,
      });
    }
    await prov.index(indexQueries ? counting(client, indexQueries) : client, written, true);
    await beforeCommit?.();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** The client, counting the statements sent through it. */
function counting(client: pg.PoolClient, counter: { count: number }): Sql {
  return {
    query: ((...args: Parameters<Sql['query']>) => {
      counter.count++;
      return (client.query as (...a: unknown[]) => unknown)(...args);
    }) as Sql['query'],
  };
}

async function remove(pool: pg.Pool, prov: PgProvenance, ids: string[]): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const n = await prov.delete(client, ids);
    await client.query('COMMIT');
    return n;
  } finally {
    client.release();
  }
}

describe('connectedComponents', () => {
  it('walks from the smallest seq, largest component first, ignoring pairs that leave the cluster', () => {
    expect(connectedComponents([5, 1, 3, 9, 7], [[1, 3], [7, 9], [5, 9], [3, 42]])).toEqual([[5, 9, 7], [1, 3]]);
    expect(connectedComponents([2, 1], [])).toEqual([[1], [2]]);
  });
});

describe.skipIf(!pgTest.available)('PgProvenance on PostgreSQL', () => {
  let url: string;
  let pools: pg.Pool[] = [];
  /** One "engine": a pool of its own and a PgProvenance (its own shingle cache), as on another machine. */
  const engine = () => {
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    // An idle connection closed by the server (the database dropped at the end) is not a test failure.
    pool.on('error', () => {});
    pools.push(pool);
    return { pool, prov: new PgProvenance(pool) };
  };

  beforeAll(async () => {
    url = await freshDatabase('ns_prov');
  });
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });
  beforeEach(async () => {
    const { pool } = engine();
    await pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await migrateSchema(pool, PG_MIGRATIONS);
  });
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.end()));
    pools = [];
  });

  it('two engines indexing copies of one story at the same moment end with one cluster', async () => {
    const one = engine();
    const two = engine();
    const story = inventedStory(21);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first batch holds its transaction open after indexing; the second indexes meanwhile and must
    // wait for it (else neither would see the other's uncommitted copy and no pair would be found).
    const first = putBatch(one.pool, one.prov, [item({ id: 'copy-1', body: story, source: 'a.test', publishedAt: '2024-02-01' })], () => held);
    await waitFor(async () => (await heldLocks(one.pool)) === 1);
    const second = putBatch(two.pool, two.prov, [item({ id: 'copy-2', body: `${story}\n\nADVERTISEMENT`, source: 'b.test', publishedAt: '2024-02-02' })]);
    await waitFor(async () => (await waitingLocks(one.pool)) === 1);
    release();
    await Promise.all([first, second]);
    const { total, clusters } = await one.prov.clusters();
    expect(total).toBe(1);
    expect(clusters[0]).toMatchObject({ size: 2, earliest: { id: 'copy-1' } });
    expect(await two.prov.checkConsistency()).toEqual([]);
  });

  it('two PostgreSQL engines storing copies at once, round after round: every pair meets; a delete splits; consistent', async () => {
    const [one, two] = [await openPostgresEngine(url), await openPostgresEngine(url)];
    try {
      for (let k = 0; k < 4; k++) {
        const story = inventedStory(400 + k);
        await Promise.all([
          one.putBatch([item({ id: `one-${k}`, body: story, source: 'one.test' })]),
          two.putBatch([item({ id: `two-${k}`, body: `${story}\n\nADVERTISEMENT`, source: 'two.test' })]),
        ]);
      }
      expect((await two.clusters()).clusters.map((c) => c.size)).toEqual([2, 2, 2, 2]);
      // A chain a – b – c held together by b, stored by the two engines at once; b deleted through the other.
      await Promise.all([
        one.putBatch([item({ id: 'a', body: slice(410, 0, 4) })]),
        two.putBatch([item({ id: 'b', body: slice(410, 0, 6) }), item({ id: 'c', body: slice(410, 2, 6) })]),
      ]);
      expect((await one.provenanceOf('c'))!.cluster!.size).toBe(3);
      expect(await one.delete(['b'])).toBe(1);
      expect((await two.provenanceOf('c'))!.cluster).toBeUndefined();
      expect((await two.clusters()).total).toBe(4);
      expect(await one.checkConsistency()).toEqual([]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('with the index off, stores articles without clustering them, says why, and still profiles their sources', async () => {
    const engine = await openPostgresEngine(url, { provenance: false });
    try {
      const story = inventedStory(60);
      await engine.putBatch([item({ id: 'a', body: story, source: 'one.test' }), item({ id: 'b', body: `${story}\n\nADVERTISEMENT`, source: 'two.test' })]);
      expect((await engine.clusters()).total).toBe(0);
      expect((await engine.provenanceOf('b'))!.note).toMatch(/--no-provenance/);
      expect(await engine.source('two.test')).toMatchObject({ articles: 1, copies: 0, boilerplate: [{ rule: 'ad-markers', articles: 1, share: 1 }] });
      expect(await engine.checkConsistency()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('leaves out an entity name too long to index instead of failing the batch', async () => {
    const engine = await openPostgresEngine(url);
    try {
      const long = item({ id: 'long', body: inventedStory(61), names: ['Lindenvik', 'Ostrava '.repeat(1000)] });
      expect((await engine.putBatch([long, item({ id: 'next', body: inventedStory(62), names: ['Lindenvik'] })])).inserted).toBe(2);
      expect(await engine.frequentNames('en')).toEqual([{ name: 'Lindenvik', count: 2 }]);
      expect(await engine.checkConsistency()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('story after story ingested by two engines at once: every pair of copies meets, clusters merge across engines', async () => {
    const one = engine();
    const two = engine();
    // Each round, both engines store a copy of the same new story in the same moment.
    for (let k = 0; k < 6; k++) {
      const story = inventedStory(100 + k);
      await Promise.all([
        putBatch(one.pool, one.prov, [item({ id: `one-${k}`, body: `${story}\n\nADVERTISEMENT`, source: 'one.test' })]),
        putBatch(two.pool, two.prov, [item({ id: `two-${k}`, body: `${story}\n\nLeave a Reply`, source: 'two.test' })]),
      ]);
    }
    // Then two halves of a longer story, each with a copy, and at once from both engines an article bridging them.
    const half = (from: number, to: number, id: string) => item({ id, body: slice(120, from, to) });
    await putBatch(one.pool, one.prov, [half(0, 4, 'left'), half(0, 4, 'left-again')]);
    await putBatch(two.pool, two.prov, [half(2, 6, 'right'), half(2, 6, 'right-again')]);
    await Promise.all([putBatch(one.pool, one.prov, [half(0, 6, 'bridge')]), putBatch(two.pool, two.prov, [half(0, 5, 'bridge-2')])]);
    const { clusters } = await one.prov.clusters({ limit: 100 });
    expect(clusters.map((c) => c.size)).toEqual([6, 2, 2, 2, 2, 2, 2]);
    for (const c of clusters.slice(1)) expect(c.sources).toEqual([{ source: 'one.test', count: 1 }, { source: 'two.test', count: 1 }]);
    expect(await one.prov.checkConsistency()).toEqual([]);
    expect(await two.prov.checkConsistency()).toEqual([]);
  });

  it('indexes a batch in a few statements, none per article, copies or not', async () => {
    const { pool, prov } = engine();
    // Fifty unrelated stories: the same statements as for one (lock, facts, index rows, one band lookup, band keys).
    const unrelated = { count: 0 };
    await putBatch(pool, prov, Array.from({ length: 50 }, (_, i) => item({ id: `s${i}`, body: inventedStory(200 + i), names: ['Lindenvik'] })), undefined, unrelated);
    expect(unrelated.count).toBeLessThanOrEqual(6);
    // Twenty copies of a stored story (one cluster to join): the clusters are written and refreshed once for the batch.
    const story = inventedStory(300);
    await putBatch(pool, prov, [item({ id: 'first', body: story })]);
    await putBatch(pool, prov, [item({ id: 'second', body: `${story}\n\nADVERTISEMENT` })]);
    const copies = { count: 0 };
    await putBatch(pool, prov, Array.from({ length: 20 }, (_, i) => item({ id: `c${i}`, body: `${story}\n\n${'Leave a Reply\n\n'.repeat(i % 2)}Copy ${i} of it.` })), undefined, copies);
    expect(copies.count).toBeLessThanOrEqual(15);
    expect((await prov.clusters()).clusters.map((c) => c.size)).toEqual([22]);
    expect(await prov.checkConsistency()).toEqual([]);
  });

  it('answers on a fresh connection after the server dropped the pooled ones', async () => {
    const { pool, prov } = engine();
    const story = inventedStory(51);
    await putBatch(pool, prov, [item({ id: 'x', body: story }), item({ id: 'y', body: `${story}\n\nADVERTISEMENT` })]);
    await Promise.all([prov.clusters(), prov.sources(), prov.checkConsistency()]);
    const other = engine();
    await other.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    expect((await prov.clusters()).clusters.map((c) => c.size)).toEqual([2]);
  });

  it('deletes an article that held a cluster together: the cluster splits, the rest stays consistent', async () => {
    const { pool, prov } = engine();
    // a and c are each copies of b (its first and its last four paragraphs) but share too little with each other.
    await putBatch(pool, prov, [
      item({ id: 'a', body: slice(7, 0, 4), publishedAt: '2024-01-01', names: ['Lindenvik'] }),
      item({ id: 'a-copy', body: `${slice(7, 0, 4)}\n\nADVERTISEMENT`, publishedAt: '2024-01-04', names: ['Lindenvik'] }),
      item({ id: 'c', body: slice(7, 2, 6), publishedAt: '2024-01-03', names: ['Tamberg'] }),
      item({ id: 'b', body: slice(7, 0, 6), publishedAt: '2024-01-02', names: ['Lindenvik', 'Tamberg'] }),
    ]);
    const before = (await prov.clusters()).clusters;
    expect(before.map((c) => c.size)).toEqual([4]);
    expect((await prov.provenanceOf('c'))!.isCopy).toBe(true);
    expect(await remove(pool, prov, ['b', 'missing', 'b'])).toBe(1);
    const after = (await prov.clusters()).clusters;
    expect(after.map((c) => c.size)).toEqual([2]);
    // The larger part keeps the cluster's id; the article left alone leaves the cluster.
    expect(after[0]).toMatchObject({ id: before[0].id, earliest: { id: 'a' } });
    expect(await prov.provenanceOf('c')).toMatchObject({ isCopy: false, copies: [] });
    expect(await prov.provenanceOf('b')).toBeUndefined();
    expect(await prov.frequentNames('en')).toEqual([{ name: 'Lindenvik', count: 2 }, { name: 'Tamberg', count: 1 }]);
    expect((await pool.query('SELECT count(*)::int AS n FROM prov_bands WHERE seq NOT IN (SELECT seq FROM prov_docs)')).rows[0].n).toBe(0);
    expect(await prov.checkConsistency()).toEqual([]);
    expect(await remove(pool, prov, ['a'])).toBe(1);
    expect((await prov.clusters()).total).toBe(0);
    expect(await prov.checkConsistency()).toEqual([]);
  });

  it('gives the answers SQLite gives for the same corpus', async () => {
    const { pool, prov } = engine();
    const t = tempStore('narrascope-pgprov-');
    try {
      const story = inventedStory(31);
      const batches: StoreItem[][] = [
        [
          item({ id: 'farm', body: `${story}\n\nADVERTISEMENT\n\nLeave a Reply`, source: 'farm.test', publishedAt: '2024-05-03', names: ['Lindenvik'] }),
          item({ id: 'other', body: inventedStory(32), source: 'farm.test', publishedAt: '2024-05-02' }),
        ],
        [item({ id: 'orig', body: story, source: 'first.test', publishedAt: '2024-05-01', names: ['Lindenvik', 'Tamberg'] })],
        [
          item({ id: 'spun', body: story.replace(' residents ', ' inhabitants '), source: 'spin.test', publishedAt: '2024-05-04' }),
          item({ id: 'left', body: slice(9, 0, 4), publishedAt: '2024-06-01' }),
          item({ id: 'right', body: slice(9, 2, 6), source: 'spin.test', publishedAt: '2024-06-02' }),
        ],
        [item({ id: 'bridge', body: slice(9, 0, 6), source: 'farm.test', publishedAt: '2024-06-03' }), item({ id: 'short', body: 'only a line' })],
      ];
      for (const b of batches) {
        t.store.putBatch(b);
        await putBatch(pool, prov, b);
      }
      const same = async () => {
        // Cluster ids are each engine's own; everything else must agree.
        const noIds = <T>(x: T) => x === undefined ? x : JSON.parse(JSON.stringify(x, (k, v) => (k === 'id' && typeof v === 'string' && /^\d+$/.test(v) ? '#' : k === 'ingestedAt' ? '' : v))) as T;
        expect(noIds(await prov.clusters())).toEqual(noIds(t.store.clusters()));
        const pgClusters = (await prov.clusters()).clusters;
        const sqliteClusters = t.store.clusters().clusters;
        for (const [i, c] of pgClusters.entries()) expect(noIds(await prov.cluster(c.id))).toEqual(noIds(t.store.cluster(sqliteClusters[i].id)));
        for (const id of ['farm', 'orig', 'spun', 'other', 'left', 'bridge', 'short']) {
          expect(noIds(await prov.provenanceOf(id))).toEqual(noIds(t.store.provenanceOf(id)));
        }
        expect(noIds(await prov.clusters({ limit: 1, offset: 1 }))).toEqual(noIds(t.store.clusters({ limit: 1, offset: 1 })));
        expect(await prov.clusters({ offset: 100 })).toEqual(t.store.clusters({ offset: 100 }));
        expect(await prov.sources()).toEqual(t.store.sources());
        expect(await prov.sources({ offset: 100 })).toEqual(t.store.sources({ offset: 100 }));
        expect(await prov.sources({ sort: 'copies', limit: 2, offset: 1 })).toEqual(t.store.sources({ sort: 'copies', limit: 2, offset: 1 }));
        expect(await prov.source('farm.test')).toEqual(t.store.source('farm.test'));
        expect(await prov.frequentNames('en')).toEqual(t.store.frequentNames('en'));
        expect(await prov.checkConsistency()).toEqual([]);
      };
      await same();
      expect((await prov.clusters()).clusters.map((c) => c.size)).toEqual([3, 3]);
      expect((await prov.provenanceOf('short'))!.note).toMatch(/too short/);
      expect((await prov.provenanceOf('spun'))!.substitutions).toMatchObject([{ kind: 'substitution', text: 'inhabitants', expected: 'residents' }]);
      t.store.delete(['bridge', 'orig']);
      expect(await remove(pool, prov, ['bridge', 'orig'])).toBe(2);
      await same();
      expect((await prov.clusters()).clusters.map((c) => c.size)).toEqual([2]);
    } finally {
      t.close();
    }
  });

  it('re-analysis replaces an article’s profile facts and name counts', async () => {
    const { pool, prov } = engine();
    const a = item({ id: 'a', body: inventedStory(41), source: 's.test', names: ['Lindenvik'] });
    await putBatch(pool, prov, [a]);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const seq = Number((await client.query('SELECT seq FROM articles WHERE id = $1', ['a'])).rows[0].seq);
      const analysis = { ...a.analysis, entities: [{ ...a.analysis.entities![0], name: 'Port Amsel' }] };
      await prov.refreshFacts(client, { seq, id: 'a', cleanText: '', source: 's.test', seenAt: '', language: 'en', analysis });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await prov.frequentNames('en')).toEqual([{ name: 'Port Amsel', count: 1 }]);
    expect(await prov.checkConsistency()).toEqual([]);
  });
  it('a re-analysis and a delete of the same article at once wait for each other, no deadlock', async () => {
    const { pool, prov } = engine();
    const a = item({ id: 'a', body: inventedStory(42), names: ['Lindenvik'] });
    await putBatch(pool, prov, [a]);
    const client = await pool.connect();
    try {
      // The engine's putAnalysis: the article row locked first, then the facts refreshed.
      await client.query('BEGIN');
      const seq = Number((await client.query('SELECT seq FROM articles WHERE id = $1 FOR UPDATE', ['a'])).rows[0].seq);
      const deleting = remove(pool, prov, ['a']);
      await waitFor(async () => (await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n > 0);
      await prov.refreshFacts(client, { seq, id: 'a', cleanText: '', source: null, seenAt: '', language: 'en', analysis: a.analysis });
      await client.query('COMMIT');
      expect(await deleting).toBe(1);
    } finally {
      client.release();
    }
    expect(await prov.frequentNames('en')).toEqual([]);
    expect(await prov.checkConsistency()).toEqual([]);
  });
});

/** Provenance advisory locks held, and waited for, by any session. */
async function heldLocks(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n;
}
async function waitingLocks(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n;
}

async function waitFor(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
