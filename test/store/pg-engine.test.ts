/**
 * The PostgreSQL engine beyond the conformance suite: schema migrations (version table, concurrent opens, a newer
 * database refused, mustExist), concurrent writers storing the same articles, search per language, and dropped
 * connections. Against a real server (test/store/pg-env.ts); invented texts only.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { openStore } from '../../src/store/open.js';
import { CLAIM_TTL_MS } from '../../src/store/sqlite.js';
import {
  HASH_LOCK_BUCKETS,
  HASH_LOCK_CLASS,
  hashLockSql,
  openPostgresEngine,
  PG_MIGRATIONS,
  PG_SCHEMA_VERSION,
  StoreConnectionError,
  type PostgresEngine,
} from '../../src/store/pg/engine.js';
import type { Sql } from '../../src/store/pg/parts.js';
import { CORE_MIGRATION, migrateSchema, schemaVersion } from '../../src/store/pg/schema.js';
import type { StoreItem } from '../../src/store/types.js';
import { TASKS } from '../../src/tasks/registry.js';
import { exampleArticle } from './fixtures.js';
import { inventedStory } from './invented-text.js';
import { dropDatabase, freshDatabase, pgForTests } from './pg-env.js';

const server = await pgForTests();

/** An article in `language` (the analysis's language set by hand: short invented texts are not for detection). */
function item(id: string, title: string, body: string, language = 'en'): StoreItem {
  const article = createArticle({ raw: `${title}\n\n${body}\n`, id, origin: { format: 'text' } });
  const analysis = analyzeArticle(article, { annotators: [] });
  analysis.language = { ...analysis.language, code: language };
  return { article, analysis };
}

const examples = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => item(`example-${from + k}`, `Example ${from + k}`, exampleArticle(from + k, 2)));

/** Runs SQL on the test database on a connection of its own. */
async function onDatabase<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Ends every connection the engine holds on the database, as a server restart would. */
const terminateEngineConnections = (url: string) =>
  onDatabase(url, (c) =>
    c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'narrascope'`),
  );

describe.skipIf(!server.available)('PostgreSQL engine', () => {
  const opened: PostgresEngine[] = [];
  const databases: string[] = [];
  const open = async (url: string, options?: Parameters<typeof openPostgresEngine>[1]) => {
    const engine = await openPostgresEngine(url, options);
    opened.push(engine);
    return engine;
  };
  const fresh = async () => {
    const url = await freshDatabase('ns_engine');
    databases.push(url);
    return url;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((e) => e.close()));
  });
  afterAll(async () => {
    await Promise.all(databases.map(dropDatabase));
  });

  describe('migrations', () => {
    it('records each migration once in the version table, also when several processes open a new database at once', async () => {
      const url = await fresh();
      await Promise.all([open(url), open(url), open(url)]);
      const rows = await onDatabase(url, (c) => c.query('SELECT version, name FROM narrascope_schema ORDER BY version'));
      expect(rows.rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      expect(rows.rows.map((r) => r.name)).toEqual(PG_MIGRATIONS.map((m) => m.name));
      // Opening an up-to-date database changes nothing.
      await open(url);
      const count = await onDatabase(url, (c) => c.query('SELECT count(*)::int AS n FROM narrascope_schema'));
      expect(count.rows[0].n).toBe(PG_SCHEMA_VERSION);
    });

    it('names a migration that fails, and keeps the database at the version before it', async () => {
      const url = await fresh();
      const pool = new pg.Pool({ connectionString: url });
      try {
        const broken = { name: 'an invented broken step', sql: 'CREATE TABLE extra (x int); SELECT no_such_column FROM extra' };
        await expect(migrateSchema(pool, [CORE_MIGRATION, broken])).rejects.toThrow(/schema migration 2 \(an invented broken step\) failed: column "no_such_column" does not exist/);
        expect(await schemaVersion(pool)).toBe(1);
        expect((await pool.query(`SELECT to_regclass('extra') AS t`)).rows[0].t).toBeNull();
      } finally {
        await pool.end();
      }
    });

    it('refuses a database at a newer schema version, saying so', async () => {
      const url = await fresh();
      await (await open(url)).close();
      await onDatabase(url, (c) => c.query(`INSERT INTO narrascope_schema (version, name) VALUES ($1, 'from a later release')`, [PG_SCHEMA_VERSION + 1]));
      await expect(openPostgresEngine(url)).rejects.toThrow(`database schema version ${PG_SCHEMA_VERSION + 1} is newer than this narrascope understands (${PG_SCHEMA_VERSION})`);
    });

    it('with mustExist, fails on a database without the schema and creates nothing; opens one that has it', async () => {
      const url = await fresh();
      await expect(openPostgresEngine(url, { mustExist: true })).rejects.toThrow(/no narrascope schema/);
      const tables = await onDatabase(url, (c) => c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`));
      expect(tables.rows[0].n).toBe(0);
      await (await open(url)).close();
      expect(await (await open(url, { mustExist: true })).count()).toBe(0);
    });

    it('names the database without its password when it cannot be reached', async () => {
      const url = 'postgres://narrascope:hunter2secret@127.0.0.1:1/nowhere';
      const failure = openStore({ db: url });
      await expect(failure).rejects.toThrow('postgres://narrascope:***@127.0.0.1:1/nowhere');
      await expect(failure).rejects.not.toThrow(/hunter2secret/);
      await expect(openPostgresEngine(url)).rejects.toBeInstanceOf(StoreConnectionError);
      // openStore names the database and keeps the engine's error as the cause, kind and all.
      const wrapped = await failure.then(() => undefined, (err: Error) => err);
      expect(wrapped?.cause).toBeInstanceOf(StoreConnectionError);
    });
  });

  describe('concurrent writers', () => {
    it('store each article once when two engines write overlapping batches at the same time', async () => {
      const url = await fresh();
      const [a, b] = [await open(url), await open(url)];
      const batches = [examples(0, 40), examples(20, 60).reverse()];
      const results = await Promise.all([a.putBatch(batches[0]), b.putBatch(batches[1]), a.putBatch(examples(30, 50))]);
      expect(await a.count()).toBe(60);
      expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(60);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(40);
      // Every item reports the id its article is stored under, whichever writer stored it.
      expect(results[1].ids).toEqual(batches[1].map((i) => i.article.id));
      expect(await b.checkConsistency()).toEqual([]);
    });

    it('give a second text arriving under a taken id its own <id>~<hash prefix>, also from another engine at once', async () => {
      const url = await fresh();
      const [a, b] = [await open(url), await open(url)];
      const first = item('story', 'A tram story', 'The invented tram of Kerrowdale runs at night.');
      const second = item('story', 'A bakery story', 'The invented bakery of Tamberg opens at dawn.');
      const [ra, rb] = await Promise.all([a.putBatch([first]), b.putBatch([second])]);
      const ids = [...ra.ids, ...rb.ids].sort();
      const renamed = ids.find((id) => id !== 'story')!;
      expect(ids[0]).toBe('story');
      expect([first, second].map((i) => `story~${i.article.hash.slice(0, 8)}`)).toContain(renamed);
      expect((await a.get(renamed))!.analysis.article.id).toBe(renamed);
    });

    it('stores and finds an article too long for one search vector, its first part indexed', async () => {
      const url = await fresh();
      const engine = await open(url);
      // A million characters of distinct tokens: indexed whole, the vector would pass PostgreSQL's 1 MB limit.
      const tokens = Array.from({ length: 125_000 }, (_, i) => `w${i.toString(36).padStart(6, '0')}`);
      const huge = item('huge', 'A very long invented list', tokens.join(' '));
      expect(huge.article.raw.length).toBeGreaterThan(1_000_000);
      expect((await engine.putBatch([huge, examples(0, 1)[0]])).inserted).toBe(2);
      expect((await engine.search(tokens[10])).hits.map((h) => h.id)).toEqual(['huge']);
      expect((await engine.get('huge'))!.raw).toBe(huge.article.raw);
    });

    it('run a batch again when the server ends it to break a deadlock', async () => {
      const url = await fresh();
      const engine = await open(url);
      const other = new pg.Client({ connectionString: url, application_name: 'other' });
      await other.connect();
      const bucketOf = async (item: StoreItem) => (await other.query(`SELECT ${hashLockSql('$1::text')} AS b`, [item.article.hash])).rows[0].b as number;
      // Two articles in different lock buckets.
      const candidates = examples(0, 8);
      const buckets = await Promise.all(candidates.map(bucketOf));
      const k = buckets.findIndex((b) => b !== buckets[0]);
      const batch = [candidates[0], candidates[k]];
      const [first, second] = [buckets[0], buckets[k]].sort((x, y) => x - y);
      try {
        // The batch takes its bucket locks in order: it gets the first and waits for the second, held here; then
        // this session asks for the first. The batch, waiting longest, is the one the server ends.
        await other.query('SELECT pg_advisory_lock($1, $2)', [HASH_LOCK_CLASS, second]);
        const write = engine.putBatch(batch);
        write.catch(() => {});
        await waitFor(async () => (await lockWaiters(url)) === 1);
        await other.query('SELECT pg_advisory_lock($1, $2)', [HASH_LOCK_CLASS, first]);
        await other.query('SELECT pg_advisory_unlock_all()');
        expect(await write).toMatchObject({ inserted: 2, duplicates: 0 });
      } finally {
        await other.end();
      }
      expect(await engine.count()).toBe(2);
    });

    it('take a bounded number of locks for a batch, whatever its size (each holds a slot of the server’s lock table)', async () => {
      const url = await fresh();
      const engine = await open(url);
      const batch = Array.from({ length: 300 }, (_, i) => item(`tiny-${i}`, `Note ${i}`, `Invented note ${i}.`));
      const holder = new pg.Client({ connectionString: url, application_name: 'holder' });
      await holder.connect();
      try {
        // An uncommitted row with one of the batch's hashes: the batch, its locks taken, waits for it at its insert.
        await holder.query('BEGIN');
        await holder.query(
          `INSERT INTO articles (id, hash, title, clean_text, raw, language, origin, ingested_at, ts_config)
           VALUES ('held', $1, 'Held', 'Held', 'Held', 'en', '{}', now(), 'simple')`,
          [batch[299].article.hash],
        );
        const write = engine.putBatch(batch);
        write.catch(() => {});
        await waitFor(async () => (await lockWaiters(url)) === 1);
        const advisory = await onDatabase(url, async (c) =>
          (await c.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                          WHERE a.datname = current_database() AND a.application_name = 'narrascope' AND l.locktype = 'advisory'`)).rows[0].n,
        );
        expect(advisory).toBeGreaterThan(1);
        expect(advisory).toBeLessThanOrEqual(HASH_LOCK_BUCKETS);
        await holder.query('ROLLBACK');
        expect((await write).inserted).toBe(300);
      } finally {
        await holder.end();
      }
    });

    it('refuses text PostgreSQL cannot hold, naming the article and field, and stores nothing of the batch', async () => {
      const url = await fresh();
      const engine = await open(url);
      const bad = item('nul-case', 'A title', 'Invented text with a \u0000 inside.');
      await expect(engine.putBatch([examples(0, 1)[0], bad])).rejects.toThrow(/article nul-case: raw contains a NUL character/);
      expect(await engine.count()).toBe(0);
    });
  });

  describe('claims, language-model cache and pool', () => {
    it('let another run take over a claim older than the claim lifetime, by the server’s clock, and claim a new hash once under a race', async () => {
      const url = await fresh();
      const [a, b] = [await open(url), await open(url)];
      const [x, y] = examples(0, 2).map((i) => i.article.hash);
      expect(await a.claim(x, 'run-a')).toBe('claimed');
      expect(await b.claim(x, 'run-b')).toBe('claimed-elsewhere');
      await onDatabase(url, (c) => c.query('UPDATE ingest_claims SET claimed_at = claimed_at - $1 - 1000', [CLAIM_TTL_MS]));
      expect(await b.claim(x, 'run-b')).toBe('claimed');
      expect(await a.claim(x, 'run-a')).toBe('claimed-elsewhere');
      const race = await Promise.all([a.claim(y, 'run-a'), b.claim(y, 'run-b')]);
      expect(race.sort()).toEqual(['claimed', 'claimed-elsewhere']);
    });

    it('cache language-model answers by every part of the key, replacing one under the same key', async () => {
      const engine = await open(await fresh());
      const key = { articleHash: 'ab'.repeat(32), task: 'narratives', model: 'example-model', promptVersion: '3' };
      expect(await engine.getLlmAnswer(key)).toBeUndefined();
      await engine.putLlmAnswer(key, '{"labels":["x"]}');
      await engine.putLlmAnswer({ ...key, promptVersion: '4' }, '{"labels":["y"]}');
      expect(await engine.getLlmAnswer(key)).toBe('{"labels":["x"]}');
      await engine.putLlmAnswer(key, '{"labels":["z"]}');
      expect(await engine.getLlmAnswer(key)).toBe('{"labels":["z"]}');
      expect(await engine.getLlmAnswer({ ...key, model: 'other' })).toBeUndefined();
    });

    it('keeps at most poolSize connections, named narrascope on the server', async () => {
      const url = await fresh();
      const engine = await open(url, { poolSize: 2 });
      await engine.putBatch(examples(0, 3));
      const seen = await Promise.all(
        Array.from({ length: 12 }, async () => {
          await engine.search('council');
          return onDatabase(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'narrascope'`)).rows[0].n);
        }),
      );
      expect(Math.max(...seen)).toBeLessThanOrEqual(2);
      expect(Math.max(...seen)).toBeGreaterThan(0);
      expect(engine.kind).toBe('postgres');
      expect(engine.location).not.toContain(':narrascope@');
    });
  });

  describe('options', () => {
    it('with provenance off, stores copies without clustering them and says why; ingest times given by a migration are kept', async () => {
      const url = await fresh();
      const engine = await open(url, { provenance: false });
      const story = inventedStory(3);
      const copy = { ...item('copy', 'Story copy', story), ingestedAt: '2023-02-01T10:00:00+02:00' };
      await engine.putBatch([item('orig', 'Story original', story), copy]);
      expect((await engine.clusters()).total).toBe(0);
      expect((await engine.provenanceOf('copy'))!.note).toMatch(/--no-provenance/);
      expect((await engine.get('copy'))!.ingestedAt).toBe('2023-02-01T08:00:00.000Z');
      expect(await engine.checkConsistency()).toEqual([]);
    });

    it('indexes the labels of the tasks it is given only', async () => {
      const engine = await open(await fresh(), { tasks: TASKS.filter((t) => t.id === 'genre') });
      const x = item('opinion-piece', 'An invented column', 'An invented opinion about trams.');
      x.analysis.genre = { label: 'opinion', scores: { opinion: 0.9 } };
      x.analysis.frames = [{ label: 'Economic', score: 0.7 }];
      await engine.putBatch([x]);
      expect(await engine.labelsOf('opinion-piece')).toEqual([{ task: 'genre', label: 'opinion', score: 0.9 }]);
    });
  });

  describe('search per language', () => {
    let url: string;
    let engine: PostgresEngine;
    beforeAll(async () => {
      url = await fresh();
      engine = await openPostgresEngine(url);
      await engine.putBatch([
        item('en-body', 'Notes from the valley', 'Volunteers were running the ferries across the invented river all week.'),
        item('en-title', 'Running ferries again', 'An invented town restarts its service.'),
        item('fr', 'Les chevaux du village', 'Les chevaux inventés de Lindenvik courent dans les prés.', 'fr'),
        item('ru', 'Новые трамваи', 'В выдуманном городе пустили новые трамваи.', 'ru'),
        item('pl', 'Nowe tramwaje', 'W wymyślonym mieście jeżdżą nowe tramwaje.', 'pl'),
      ]);
    });
    afterAll(async () => {
      await engine?.close();
    });
    const ids = async (q: string) => (await engine.search(q)).hits.map((h) => h.id);

    it('indexes each article with its language’s configuration, simple where PostgreSQL has none', async () => {
      const rows = await onDatabase(url, (c) => c.query('SELECT id, ts_config::text AS config FROM articles ORDER BY id'));
      expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.config]))).toEqual({
        'en-body': 'english', 'en-title': 'english', fr: 'french', pl: 'simple', ru: 'russian',
      });
    });

    it('matches inflected words with each language’s stemmer, the query parsed in the article’s own configuration', async () => {
      expect(await ids('ferry')).toEqual(['en-title', 'en-body']);
      expect(await ids('cheval')).toEqual(['fr']);
      expect(await ids('трамвай')).toEqual(['ru']);
      // Polish has no configuration: whole words only.
      expect(await ids('tramwaje')).toEqual(['pl']);
      expect(await ids('tramwaj')).toEqual([]);
    });

    it('ranks a match in the title above one in the body, lower rank first', async () => {
      const { hits } = await engine.search('runs');
      expect(hits.map((h) => h.id)).toEqual(['en-title', 'en-body']);
      expect(hits[0].rank).toBeLessThan(hits[1].rank);
    });

    it('runs any text as a query (no syntax errors), and refuses an empty one', async () => {
      for (const q of ['elm:street', 'bak*', 'a & b | !c', "'", '"', '(ferries', 'ferries)', '<->', 'NEAR(ferries river)']) {
        const result = await engine.search(q);
        expect(result).toMatchObject({ query: q, quoted: false });
      }
      expect(await ids('(ferries')).toEqual(['en-title', 'en-body']);
      await expect(engine.search(' \t ')).rejects.toThrow(/empty/);
    });

    it('supports quoted phrases, OR and exclusion, and puts the caller’s markers around matches only', async () => {
      expect(await ids('"invented river"')).toEqual(['en-body']);
      expect(await ids('"river invented"')).toEqual([]);
      expect((await ids('chevaux OR tramwaje')).sort()).toEqual(['fr', 'pl']);
      expect(await ids('ferries -valley')).toEqual(['en-title']);
      const [hit] = (await engine.search('chevaux', { highlight: { open: '<b>', close: '</b>' } })).hits;
      expect(hit.snippet).toContain('<b>chevaux</b>');
      expect((await engine.search('chevaux')).hits[0].snippet).not.toMatch(/[<\uE000\uE001]/);
    });
  });

  describe('dropped connections', () => {
    it('survive the server ending idle connections: the next read and write open fresh ones', async () => {
      const url = await fresh();
      const engine = await open(url);
      await engine.putBatch(examples(0, 2));
      await terminateEngineConnections(url);
      expect(await engine.count()).toBe(2);
      await terminateEngineConnections(url);
      expect((await engine.putBatch(examples(2, 3))).inserted).toBe(1);
      expect(await engine.count()).toBe(3);
      // The parts' reads (statistics, listings, provenance) share the pool and its retry.
      await terminateEngineConnections(url);
      expect((await engine.stats({})).total).toBe(3);
      await terminateEngineConnections(url);
      expect((await engine.listArticles({})).total).toBe(3);
      await terminateEngineConnections(url);
      expect((await engine.clusters()).total).toBe(0);
    });

    it('retry a read whose connection is ended while it runs, once, on a fresh connection', async () => {
      const url = await fresh();
      const engine = await open(url);
      await engine.putBatch(examples(0, 2));
      const holder = new pg.Client({ connectionString: url, application_name: 'holder' });
      await holder.connect();
      try {
        // The lock makes the read wait on the server, where its connection can be ended mid-statement.
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE articles IN ACCESS EXCLUSIVE MODE');
        // Watched from outside the holder's transaction, which sees one snapshot of pg_stat_activity throughout.
        const waiting = () =>
          onDatabase(url, async (c) =>
            (await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name = 'narrascope'`)).rows.map((r) => r.pid),
          );
        const read = engine.count();
        read.catch(() => {});
        await waitFor(async () => (await waiting()).length === 1);
        const [first] = await waiting();
        await terminateEngineConnections(url);
        await waitFor(async () => (await waiting()).some((pid) => pid !== first));
        await holder.query('COMMIT');
        expect(await read).toBe(2);
      } finally {
        await holder.end();
      }
    });

    it('report a transaction whose connection ends between its statements, without ending the process', async () => {
      const url = await fresh();
      const engine = await open(url);
      // The engine's own transaction runner, given a body that pauses (as a batch does while it computes).
      const transaction = (engine as unknown as { transaction: (doing: string, body: (sql: Sql) => Promise<unknown>) => Promise<unknown> }).transaction.bind(engine);
      const failure = await transaction('pausing', async (sql) => {
        await sql.query('SELECT 1');
        await terminateEngineConnections(url);
        await new Promise((r) => setTimeout(r, 300));
        await sql.query('SELECT 1');
      }).then(() => undefined, (err: unknown) => err);
      expect(failure).toBeInstanceOf(StoreConnectionError);
      expect(await engine.count()).toBe(0);
    });

    it('roll back a write whose connection drops mid-transaction and report it as a connection error', async () => {
      const url = await fresh();
      const engine = await open(url);
      const batch = examples(0, 3);
      // Hold one of the batch's hash locks from another session, so the write waits inside its transaction.
      const holder = new pg.Client({ connectionString: url, application_name: 'holder' });
      await holder.connect();
      try {
        await holder.query(`SELECT pg_advisory_lock($1, ${hashLockSql('$2::text')})`, [HASH_LOCK_CLASS, batch[0].article.hash]);
        const write = engine.putBatch(batch);
        write.catch(() => {});
        await waitFor(async () => (await lockWaiters(url)) === 1);
        await terminateEngineConnections(url);
        const failure = await write.then(() => undefined, (err: unknown) => err);
        expect(failure).toBeInstanceOf(StoreConnectionError);
        expect(failure).toMatchObject({ kind: 'connection', message: expect.stringContaining('while storing a batch') });
        expect((failure as Error).message).not.toContain('narrascope:narrascope@');
      } finally {
        await holder.end();
      }
      expect(await engine.count()).toBe(0);
      expect((await engine.putBatch(batch)).inserted).toBe(3);
    });
  });
});

/** How many of the engines' connections to this test's database wait for a lock. */
const lockWaiters = (url: string) =>
  onDatabase(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name = 'narrascope'`)).rows[0].n);

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}
