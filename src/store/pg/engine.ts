/**
 * PostgresEngine: the StorageEngine for a corpus shared by many processes and machines, on a pg.Pool. Every write
 * is one transaction, idempotent by content hash even when several ingests or workers store the same articles at
 * once; the SQLite store (src/store/sqlite.ts) is the reference behaviour it ports.
 */
import pg from 'pg';
import type { Analysis } from '../../schema.js';
import { TextView } from '../../doc/view.js';
import type { LlmCacheKey, StorageEngine } from '../engine.js';
import { labelRowsOf, modelVersionOf } from '../labels.js';
import { redactDb } from '../db-url.js';
import type { ArticleProvenance, ClusterDetail, ClusterListOptions, ClusterSummary, SourceListOptions, SourceProfile } from '../provenance.js';
import type { ArticlePage, CorpusFilter, CorpusStats, ExportRecord, StatsOptions } from '../queries.js';
import { CLAIM_TTL_MS } from '../sqlite.js';
import { seenAtOf } from '../sqlite-provenance.js';
import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../sqlite-queries.js';
import { TASKS } from '../../tasks/registry.js';
import type { AnyTask } from '../../tasks/task.js';
import {
  ingestedAtOf,
  MIN_HASH_PREFIX,
  SearchQueryError,
  type ArticleSummary,
  type ClaimResult,
  type LabelCount,
  type LabelRow,
  type ListOptions,
  type PutBatchResult,
  type SearchOptions,
  type SearchResult,
  type StoredArticle,
  type StoreItem,
} from '../types.js';
import { ANNOTATIONS_MIGRATION, PgAnnotations, PgTokens } from './annotations.js';
import type { PgMigration, Sql, WrittenArticle } from './parts.js';
import { PgProvenance, PROVENANCE_MIGRATION } from './provenance.js';
import { PgCorpusQueries, QUERIES_MIGRATION, writeFacets } from './queries.js';
import { CORE_MIGRATION, HEADLINE_OPTIONS, migrateSchema, SEARCH_QUERIES_FN, SEARCH_RANK_SQL, tsConfigOfSql } from './schema.js';

export interface PostgresEngineOptions {
  /** Fail when the database has no narrascope schema (read-only commands). */
  mustExist?: boolean;
  statsCacheSize?: number;
  tasks?: readonly AnyTask[];
  /** Keep the near-duplicate index at ingest (default true). */
  provenance?: boolean;
  /** Connections the engine keeps open at most (default 4). */
  poolSize?: number;
}

/** Every schema migration, in order: the core tables, then each part's. Append; unreleased ones may still change. */
export const PG_MIGRATIONS: readonly PgMigration[] = [CORE_MIGRATION, QUERIES_MIGRATION, PROVENANCE_MIGRATION, ANNOTATIONS_MIGRATION];

/** The schema version this code writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

export const DEFAULT_POOL_SIZE = 4;

/**
 * The database could not be reached, or the connection dropped mid-way. A write that fails this way was rolled
 * back (or its commit's fate is unknown, and putBatch is idempotent): a caller such as a queue worker may retry.
 */
export class StoreConnectionError extends Error {
  override name = 'StoreConnectionError';
  readonly kind = 'connection' as const;
}

// Error codes of a lost or refused connection: SQLSTATE class 08, a server shutting down or starting up
// (57P01 is also what pg_terminate_backend sends), and the socket errors of Node.
const CONNECTION_SQLSTATES = /^(08...|57P0[1-3])$/;
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED']);

/**
 * Runs of a transaction the server ended to break a deadlock. Concurrent batches take their hash locks in one
 * order, so what is left is rare: two texts arriving under one id at once while the provenance lock is held.
 */
const DEADLOCK_RETRIES = 2;

function isDeadlock(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === '40P01' || code === '40001';
}

/** True for an error that says the connection, not the statement, failed. */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof StoreConnectionError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_SQLSTATES.test(code) || SOCKET_CODES.has(code))) return true;
  return /Connection terminated|connection error|not queryable|Client was closed|timeout exceeded when trying to connect/i.test(err.message);
}

/** Connects, brings the schema up to date (unless `mustExist` finds none), and returns the engine. */
export async function openPostgresEngine(url: string, options: PostgresEngineOptions = {}): Promise<PostgresEngine> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? DEFAULT_POOL_SIZE, application_name: 'narrascope' });
  // An idle client dropped by a server restart emits 'error' on the pool; unhandled, that would end the process.
  // The pool discards the client, and the next query opens a fresh connection.
  pool.on('error', () => {});
  // A client checked out (a transaction, a cursor) whose connection ends between statements emits 'error' too, and
  // the pool listens only while it is idle. The error also fails the client's next query, which is where it is
  // handled (a StoreConnectionError, the client discarded on release); unheard, it would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  retryReads(pool, redactDb(url));
  try {
    await migrateSchema(pool, PG_MIGRATIONS, { mustExist: options.mustExist ?? false });
  } catch (err) {
    await pool.end().catch(() => {});
    // openStore puts the database's name (without password) in front of this message.
    throw isConnectionError(err) ? new StoreConnectionError(`the server cannot be reached (connection error): ${(err as Error).message}`) : err;
  }
  return new PostgresEngine(pool, url, options);
}

/**
 * Statements run on the pool itself, outside a transaction, are the reads of the engine and of its parts (every
 * write goes through PostgresEngine.transaction on a client of its own). Each is retried once on a fresh
 * connection when its connection failed (a pooled connection the server had dropped, a server just back from a
 * restart), and reported as a StoreConnectionError naming the database when it fails again. Done on the pool
 * object, so the parts (queries.ts, provenance.ts), which take the pool, get the same behaviour.
 */
function retryReads(pool: pg.Pool, location: string): void {
  const once = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const retried = async (...args: unknown[]) => {
    try {
      return await once(...args);
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      try {
        return await once(...args);
      } catch (again) {
        throw isConnectionError(again) ? lostConnection(location, 'reading', again) : again;
      }
    }
  };
  pool.query = retried as typeof pool.query;
}

function lostConnection(location: string, doing: string, err: unknown): StoreConnectionError {
  return new StoreConnectionError(`lost the connection to ${location} while ${doing} (connection error): ${(err as Error).message}`);
}

interface ArticleRow {
  id: string;
  hash: string;
  title: string;
  language: string;
  source: string | null;
  published_at: string | null;
  ingested_at: Date;
}

const SUMMARY_COLUMNS = 'a.id, a.hash, a.title, a.language, a.source, a.published_at, a.ingested_at';

function toSummary(r: ArticleRow): ArticleSummary {
  return {
    id: r.id,
    hash: r.hash,
    title: r.title,
    language: r.language,
    ...(r.source != null ? { source: r.source } : {}),
    ...(r.published_at != null ? { publishedAt: r.published_at } : {}),
    ingestedAt: r.ingested_at.toISOString(),
  };
}

/** One article of a batch, ready for the multi-row insert. */
interface ArticleInsert {
  item: StoreItem;
  hash: string;
  title: string;
  cleanText: string;
  ingestedAt: string;
}

/** PostgreSQL text cannot hold U+0000: refused with the article and field named, before anything is written. */
function refuseNul(item: StoreItem, cleanText: string): void {
  const { article } = item;
  const fields: [string, string | undefined][] = [
    ['raw', article.raw], ['clean text', cleanText], ['url', article.url], ['source', article.source], ['publishedAt', article.publishedAt],
  ];
  const bad = fields.find(([, v]) => v?.includes('\u0000'));
  if (bad) {
    const where = article.origin.path ? ` (${article.origin.path}${article.origin.line ? `:${article.origin.line}` : ''})` : '';
    throw new Error(`article ${article.id}${where}: ${bad[0]} contains a NUL character, which PostgreSQL cannot store`);
  }
}

function toInsert(item: StoreItem, now: string): ArticleInsert {
  const { article, analysis } = item;
  const cleanText = new TextView(article.raw, analysis.cleaning.removed).text;
  refuseNul(item, cleanText);
  return { item, hash: article.hash, title: analysis.article.title || article.title, cleanText, ingestedAt: ingestedAtOf(item, now) };
}

/** The analysis as stored under `id` (its article.id rewritten when the article was renamed). */
function analysisFor(id: string, analysis: Analysis): Analysis {
  return id === analysis.article.id ? analysis : { ...analysis, article: { ...analysis.article, id } };
}

/** Ids an article may be stored under, in order of preference: its own, then `<id>~<hash prefix>` (as SqliteStore.freeId). */
function idCandidates(id: string, hash: string): string[] {
  const out = [id];
  for (let n = 8; n <= hash.length; n += 4) out.push(`${id}~${hash.slice(0, n)}`);
  return out;
}

/**
 * Writers storing overlapping batches wait for each other at the start of the transaction, taking their locks in
 * one order, instead of deadlocking on the unique index; the later one then finds the articles stored. The locks
 * are on HASH_LOCK_BUCKETS buckets of the hash, not one per hash: every advisory lock takes a slot of the server's
 * shared lock table (64 per connection by default), which a batch of thousands of articles would exhaust.
 * Batches of more than a few articles share a bucket and so take turns, as they do anyway at the provenance
 * index's lock; single articles (API uploads) mostly do not.
 */
export const HASH_LOCK_CLASS = 0x6e61; // the first int of pg_advisory_xact_lock(int, int): "na"
export const HASH_LOCK_BUCKETS = 64; // a power of two

/** SQL for the lock bucket of a content hash (a bit mask, not abs(): abs of the smallest int overflows). */
export function hashLockSql(hash: string): string {
  return `(hashtext(${hash}) & ${HASH_LOCK_BUCKETS - 1})`;
}

/**
 * A claim's commit does not wait for the write-ahead log to reach the disk (one claim per article analysed, so the
 * flush would dominate its cost). Safe: a claim lost in a server crash only lets another run analyse that article
 * too, and storing stays idempotent by hash; other sessions see the claim at commit either way.
 */
const CLAIMS_NEED_NO_FLUSH = 'SET LOCAL synchronous_commit = off';

/** How often putBatch goes round when concurrent writers keep taking the hashes or ids it wanted. */
const MAX_INSERT_ROUNDS = 5;

export class PostgresEngine implements StorageEngine {
  readonly kind = 'postgres' as const;
  /** The database URL without its password. */
  readonly location: string;
  private readonly tasks: readonly AnyTask[];
  private readonly indexProvenance: boolean;
  private readonly provenance: PgProvenance;
  private readonly queries: PgCorpusQueries;
  readonly annotations: PgAnnotations;
  readonly tokens: PgTokens;

  constructor(
    private readonly pool: pg.Pool,
    url: string,
    options: PostgresEngineOptions = {},
  ) {
    this.location = redactDb(url);
    this.tasks = options.tasks ?? TASKS;
    this.indexProvenance = options.provenance ?? true;
    this.provenance = new PgProvenance(pool);
    this.queries = new PgCorpusQueries(pool, {
      tasks: this.tasks,
      ...(options.statsCacheSize !== undefined ? { statsCacheSize: options.statsCacheSize } : {}),
    });
    const transact = <T>(doing: string, body: (sql: Sql) => Promise<T>) => this.transaction(doing, body);
    this.annotations = new PgAnnotations(pool, transact);
    this.tokens = new PgTokens(pool, transact);
  }

  // ---- connections -------------------------------------------------------------------------------------------

  private lost(err: unknown, doing: string): StoreConnectionError {
    return lostConnection(this.location, doing, err);
  }

  /** The rows of a read on the pool (retried once on a dropped connection: retryReads). */
  private async read<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /**
   * Runs `body` in one transaction on one pooled connection. Failure rolls back; a connection lost before
   * anything was sent (a pooled connection the server had dropped) is retried once on a fresh one; a connection
   * lost later is reported as a StoreConnectionError, the broken connection discarded. A transaction the server
   * chose as a deadlock's victim is run again (every body here can be: its inputs are in memory).
   */
  private async transaction<T>(doing: string, body: (sql: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw isConnectionError(err) ? this.lost(err, doing) : err;
      }
      let begun = false;
      try {
        await client.query('BEGIN');
        begun = true;
        const result = await body(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        const broken = isConnectionError(err);
        const rollback = broken ? undefined : await client.query('ROLLBACK').then(() => undefined, (e: Error) => e);
        // A connection that could not even roll back is not handed out again.
        client.release(broken ? (err as Error) : rollback);
        if (broken && !begun && attempt === 0) continue;
        if (isDeadlock(err) && attempt < DEADLOCK_RETRIES) continue;
        throw broken ? this.lost(err, doing) : err;
      }
    }
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  async putBatch(items: readonly StoreItem[]): Promise<PutBatchResult> {
    if (items.length === 0) return { inserted: 0, duplicates: 0, ids: [] };
    const now = new Date().toISOString();
    const firstOfHash = new Map<string, ArticleInsert>();
    for (const item of items) if (!firstOfHash.has(item.article.hash)) firstOfHash.set(item.article.hash, toInsert(item, now));
    return this.transaction('storing a batch', async (sql) => {
      const hashes = [...firstOfHash.keys()];
      await sql.query('DELETE FROM ingest_claims WHERE hash = ANY($1::text[])', [hashes]);
      await sql.query(
        `SELECT pg_advisory_xact_lock(${HASH_LOCK_CLASS}, b) FROM (SELECT DISTINCT ${hashLockSql('h')} AS b FROM unnest($1::text[]) h ORDER BY b) s`,
        [hashes],
      );
      const { storedAs, written } = await this.insertNew(sql, [...firstOfHash.values()]);
      await this.writeAnalyses(sql, written.map((w) => ({ id: w.id, analysis: w.analysis })), now);
      await writeFacets(sql, written, this.tasks);
      // Last: the provenance index takes its lock, held until commit.
      await this.provenance.index(sql, written, this.indexProvenance);
      return tally(items, storedAs, new Set(written.map((w) => w.id)));
    });
  }

  /**
   * Inserts the articles not stored yet, multi-row. ON CONFLICT DO NOTHING leaves out a row whose hash or id a
   * concurrent writer committed in the meantime; the next round finds that hash stored, or picks another id.
   */
  private async insertNew(sql: Sql, batch: ArticleInsert[]): Promise<{ storedAs: Map<string, string>; written: WrittenArticle[] }> {
    const storedAs = new Map<string, string>();
    const written: WrittenArticle[] = [];
    let pending = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_INSERT_ROUNDS) throw new Error(`could not store ${pending.length} article(s) while other writers kept taking their ids`);
      const existing = await sql.query<{ hash: string; id: string }>('SELECT hash, id FROM articles WHERE hash = ANY($1::text[])', [pending.map((p) => p.hash)]);
      for (const r of existing.rows) storedAs.set(r.hash, r.id);
      const fresh = pending.filter((p) => !storedAs.has(p.hash));
      const ids = await this.freeIds(sql, fresh);
      const inserted = await this.insertArticles(sql, fresh, ids);
      for (const [i, p] of fresh.entries()) {
        const seq = inserted.get(p.hash);
        if (seq === undefined) continue;
        storedAs.set(p.hash, ids[i]);
        written.push(writtenArticle(seq, ids[i], p));
      }
      pending = fresh.filter((p) => !inserted.has(p.hash));
    }
    written.sort((x, y) => x.seq - y.seq);
    return { storedAs, written };
  }

  /** The id each article is stored under: its own, or `<id>~<hash prefix>` when taken (by the store or earlier in the batch). */
  private async freeIds(sql: Sql, batch: ArticleInsert[]): Promise<string[]> {
    const candidates = batch.map((p) => idCandidates(p.item.article.id, p.hash));
    const taken = new Set(
      (await sql.query<{ id: string }>('SELECT id FROM articles WHERE id = ANY($1::text[])', [candidates.flat()])).rows.map((r) => r.id),
    );
    return candidates.map((list, i) => {
      const id = list.find((c) => !taken.has(c));
      if (id === undefined) throw new Error(`cannot find a free id for ${batch[i].item.article.id} (${batch[i].hash})`);
      taken.add(id);
      return id;
    });
  }

  /** One INSERT for the whole batch, in batch order (so seq follows it); returns seq by hash of the rows inserted. */
  private async insertArticles(sql: Sql, batch: ArticleInsert[], ids: string[]): Promise<Map<string, number>> {
    if (batch.length === 0) return new Map();
    const col = <T>(f: (p: ArticleInsert) => T) => batch.map(f);
    const res = await sql.query<{ seq: string; hash: string }>(
      `INSERT INTO articles (id, hash, title, clean_text, raw, url, source, published_at, language, origin, ingested_at, ts_config)
       SELECT r.id, r.hash, r.title, r.clean_text, r.raw, r.url, r.source, r.published_at, r.language, r.origin, r.ingested_at,
              ${tsConfigOfSql('r.language')}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::jsonb[], $11::timestamptz[]) WITH ORDINALITY
            AS r(id, hash, title, clean_text, raw, url, source, published_at, language, origin, ingested_at, n)
       ORDER BY r.n
       ON CONFLICT DO NOTHING
       RETURNING seq, hash`,
      [
        ids,
        col((p) => p.hash),
        col((p) => p.title),
        col((p) => p.cleanText),
        col((p) => p.item.article.raw),
        col((p) => p.item.article.url ?? null),
        col((p) => p.item.article.source ?? null),
        col((p) => p.item.article.publishedAt ?? null),
        col((p) => p.item.analysis.language.code),
        col((p) => JSON.stringify(p.item.article.origin)),
        col((p) => p.ingestedAt),
      ],
    );
    return new Map(res.rows.map((r) => [r.hash, Number(r.seq)]));
  }

  /** Writes (or replaces) analyses and their label rows, a few statements for the whole set. */
  private async writeAnalyses(sql: Sql, entries: { id: string; analysis: Analysis }[], at: string): Promise<void> {
    if (entries.length === 0) return;
    await sql.query(
      `INSERT INTO analyses (article_id, model_version, analyzed_at, json)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::json[])
       ON CONFLICT (article_id) DO UPDATE SET model_version = excluded.model_version, analyzed_at = excluded.analyzed_at, json = excluded.json`,
      [entries.map((e) => e.id), entries.map((e) => modelVersionOf(e.analysis)), entries.map(() => at), entries.map((e) => JSON.stringify(e.analysis))],
    );
    await sql.query('DELETE FROM labels WHERE article_id = ANY($1::text[])', [entries.map((e) => e.id)]);
    const rows = entries.flatMap((e) => labelRowsOf(e.analysis, this.tasks).map((l) => ({ id: e.id, ...l })));
    if (rows.length === 0) return;
    await sql.query('INSERT INTO labels (article_id, task, label, score) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[])', [
      rows.map((r) => r.id),
      rows.map((r) => r.task),
      rows.map((r) => r.label),
      rows.map((r) => r.score),
    ]);
  }

  async putAnalysis(id: string, analysis: Analysis): Promise<boolean> {
    return this.transaction('storing an analysis', async (sql) => {
      // FOR UPDATE: a concurrent delete of this article waits, or makes this a no-op.
      const found = await sql.query<StoredFields>(
        'SELECT seq, clean_text, source, published_at, ingested_at, language FROM articles WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (found.rows.length === 0) return false;
      const written = reanalysed(id, found.rows[0], analysisFor(id, analysis));
      await this.writeAnalyses(sql, [{ id, analysis: written.analysis }], new Date().toISOString());
      await writeFacets(sql, [written], this.tasks);
      await this.provenance.refreshFacts(sql, written);
      return true;
    });
  }

  async hasHash(hash: string): Promise<boolean> {
    return (await this.read('SELECT 1 FROM articles WHERE hash = $1', [hash])).length > 0;
  }

  async claim(hash: string, owner: string, isAbandoned: (other: string) => boolean = () => false): Promise<ClaimResult> {
    return this.transaction('claiming an article', async (sql): Promise<ClaimResult> => {
      await sql.query(CLAIMS_NEED_NO_FLUSH);
      if ((await sql.query('SELECT 1 FROM articles WHERE hash = $1', [hash])).rowCount) return 'stored';
      // Insert first: of two runs claiming a new hash at once, the second waits here for the first to commit,
      // then finds its claim below (a read-then-write would let both think they hold it).
      const now = 'floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
      const fresh = await sql.query(`INSERT INTO ingest_claims (hash, owner, claimed_at) VALUES ($1, $2, ${now}) ON CONFLICT (hash) DO NOTHING`, [hash, owner]);
      if (fresh.rowCount) return 'claimed';
      const held = await sql.query<{ owner: string; live: boolean }>(
        `SELECT owner, claimed_at >= ${now} - $2 AS live FROM ingest_claims WHERE hash = $1 FOR UPDATE`,
        [hash, CLAIM_TTL_MS],
      );
      const other = held.rows[0];
      if (other && other.owner !== owner && other.live && !isAbandoned(other.owner)) return 'claimed-elsewhere';
      await sql.query(
        `INSERT INTO ingest_claims (hash, owner, claimed_at) VALUES ($1, $2, ${now})
         ON CONFLICT (hash) DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at`,
        [hash, owner],
      );
      return 'claimed';
    });
  }

  async releaseClaims(owner: string): Promise<void> {
    await this.transaction('releasing claims', async (sql) => {
      await sql.query(CLAIMS_NEED_NO_FLUSH);
      await sql.query('DELETE FROM ingest_claims WHERE owner = $1', [owner]);
    });
  }

  async getLlmAnswer(key: LlmCacheKey): Promise<string | undefined> {
    const rows = await this.read<{ answer: string }>(
      'SELECT answer FROM llm_cache WHERE article_hash = $1 AND task = $2 AND model = $3 AND prompt_version = $4',
      [key.articleHash, key.task, key.model, key.promptVersion],
    );
    return rows[0]?.answer;
  }

  async putLlmAnswer(key: LlmCacheKey, answer: string): Promise<void> {
    // Its own transaction, at once: an answer received is never paid for again, even if the run dies next.
    await this.transaction('caching a language-model answer', (sql) =>
      sql.query(
        `INSERT INTO llm_cache (article_hash, task, model, prompt_version, answer, created_at)
         VALUES ($1, $2, $3, $4, $5, floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)
         ON CONFLICT (article_hash, task, model, prompt_version) DO UPDATE SET answer = excluded.answer, created_at = excluded.created_at`,
        [key.articleHash, key.task, key.model, key.promptVersion, answer],
      ),
    );
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  async get(idOrHash: string): Promise<StoredArticle | undefined> {
    const select = `SELECT a.id, a.hash, a.title, a.raw, a.url, a.source, a.published_at, a.language, a.origin, a.ingested_at,
                           n.model_version, n.json FROM articles a JOIN analyses n ON n.article_id = a.id`;
    // An id wins over a hash, as in SqliteStore.get.
    let rows = await this.read<StoredRow>(`${select} WHERE a.id = $1 OR a.hash = lower($1) ORDER BY (a.id = $1) DESC LIMIT 1`, [idOrHash]);
    if (rows.length === 0) {
      const id = await this.idByHashPrefix(idOrHash);
      if (id !== undefined) rows = await this.read<StoredRow>(`${select} WHERE a.id = $1`, [id]);
    }
    return rows[0] && toStored(rows[0]);
  }

  /** The id of the article an id, full hash or unique hash prefix names (as `get`), without reading the article. */
  private async idOf(idOrHash: string): Promise<string | undefined> {
    const rows = await this.read<{ id: string }>('SELECT id FROM articles WHERE id = $1 OR hash = lower($1) ORDER BY (id = $1) DESC LIMIT 1', [idOrHash]);
    return rows[0]?.id ?? (await this.idByHashPrefix(idOrHash));
  }

  /** The article whose hash starts with `prefix` (at least MIN_HASH_PREFIX hex digits), when exactly one does. */
  private async idByHashPrefix(prefix: string): Promise<string | undefined> {
    if (prefix.length < MIN_HASH_PREFIX || !/^[0-9a-f]{1,63}$/i.test(prefix)) return undefined;
    const low = prefix.toLowerCase();
    // A range on the "C"-collated unique index: at most two rows read to know the prefix is unique.
    const ids = await this.read<{ id: string }>('SELECT id FROM articles WHERE hash >= $1 AND hash < $2 LIMIT 2', [low, low + 'g']);
    return ids.length === 1 ? ids[0].id : undefined;
  }

  async list(options: ListOptions = {}): Promise<ArticleSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.language) where.push(`a.language = $${params.push(options.language)}`);
    if (options.source) where.push(`a.source = $${params.push(options.source)}`);
    const limit = `$${params.push(options.limit ?? 50)}`;
    const offset = `$${params.push(options.offset ?? 0)}`;
    const rows = await this.read<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY a.seq LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return rows.map(toSummary);
  }

  /**
   * Full-text search: the query parsed in each configuration in use (schema.ts SEARCH_QUERIES_FN), each article
   * matched in its own; ranked by SEARCH_RANK_SQL (a title word worth two body words), negated so that lower is better as the contract
   * says. Snippets are made for the page of hits only. websearch_to_tsquery accepts any text, so a query is never
   * quoted (`quoted` is always false).
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    if (query.trim() === '') throw new SearchQueryError('the search query is empty');
    const rows = await this.read<ArticleRow & { snippet: string; rank: number }>(
      `WITH hits AS (
         SELECT a.seq, sq.config, sq.query, -${SEARCH_RANK_SQL} AS rank
         FROM ${SEARCH_QUERIES_FN}($1) sq JOIN articles a ON a.ts_config = sq.config AND a.search @@ sq.query
         ORDER BY rank, a.seq LIMIT $2 OFFSET $3)
       SELECT ${SUMMARY_COLUMNS}, h.rank, ts_headline(h.config, a.clean_text, h.query, $4) AS snippet
       FROM hits h JOIN articles a ON a.seq = h.seq ORDER BY h.rank, h.seq`,
      [query, options.limit ?? 20, options.offset ?? 0, HEADLINE_OPTIONS],
    );
    const open = options.highlight?.open ?? '';
    const close = options.highlight?.close ?? '';
    const hits = rows.map((r) => ({ ...toSummary(r), snippet: r.snippet.replaceAll(SNIPPET_OPEN, open).replaceAll(SNIPPET_CLOSE, close), rank: r.rank }));
    return { hits, query, quoted: false };
  }

  async count(): Promise<number> {
    return Number((await this.read<{ n: string }>('SELECT count(*) AS n FROM articles'))[0].n);
  }

  async labelCounts(task?: string): Promise<LabelCount[]> {
    const rows = await this.read<{ task: string; label: string; count: string }>(
      `SELECT task, label, count(*) AS count FROM labels ${task ? 'WHERE task = $1' : ''} GROUP BY task, label ORDER BY count DESC, task, label`,
      task ? [task] : [],
    );
    return rows.map((r) => ({ task: r.task, label: r.label, count: Number(r.count) }));
  }

  async labelsOf(id: string): Promise<LabelRow[]> {
    return this.read<LabelRow>('SELECT task, label, score FROM labels WHERE article_id = $1 ORDER BY task, score DESC', [id]);
  }

  async listArticles(filter: CorpusFilter, page?: { limit?: number; offset?: number }): Promise<ArticlePage> {
    return this.queries.listArticles(filter, page);
  }

  async stats(filter: CorpusFilter, options?: StatsOptions): Promise<CorpusStats> {
    return this.queries.stats(filter, options);
  }

  exportRecords(filter: CorpusFilter, limit?: number): AsyncIterable<ExportRecord> {
    return this.queries.exportRecords(filter, limit);
  }

  /** Problems between the tables: articles without an analysis, rows without a search vector, and the parts' own. */
  async checkConsistency(): Promise<string[]> {
    const [row] = await this.read<{ orphans: string; unsearchable: string }>(
      `SELECT (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM analyses n WHERE n.article_id = a.id)) AS orphans,
              (SELECT count(*) FROM articles WHERE search IS NULL) AS unsearchable`,
    );
    const problems: string[] = [];
    if (Number(row.orphans)) problems.push(`${row.orphans} article(s) without an analysis`);
    if (Number(row.unsearchable)) problems.push(`${row.unsearchable} article(s) without a search vector`);
    const [facets, provenance] = await Promise.all([this.queries.checkConsistency(), this.provenance.checkConsistency()]);
    return [...problems, ...facets, ...provenance];
  }

  // ---- provenance --------------------------------------------------------------------------------------------

  async clusters(options?: ClusterListOptions): Promise<{ total: number; clusters: ClusterSummary[] }> {
    return this.provenance.clusters(options);
  }

  async cluster(clusterId: string): Promise<ClusterDetail | undefined> {
    return this.provenance.cluster(clusterId);
  }

  async provenanceOf(idOrHash: string): Promise<ArticleProvenance | undefined> {
    const id = await this.idOf(idOrHash);
    return id === undefined ? undefined : this.provenance.provenanceOf(id);
  }

  async sources(options?: SourceListOptions): Promise<{ total: number; sources: SourceProfile[] }> {
    return this.provenance.sources(options);
  }

  async source(name: string): Promise<SourceProfile | undefined> {
    return this.provenance.source(name);
  }

  async frequentNames(language: string, limit?: number): Promise<{ name: string; count: number }[]> {
    return this.provenance.frequentNames(language, limit);
  }

  /** Removes articles with everything about them (rows cascade from articles) and splits the clusters they were in. */
  async delete(ids: readonly string[]): Promise<number> {
    return this.transaction('deleting articles', (sql) => this.provenance.delete(sql, ids));
  }

  /** Ends the pool; a second close does nothing. */
  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

interface StoredRow extends ArticleRow {
  raw: string;
  url: string | null;
  origin: StoredArticle['origin'];
  model_version: string;
  json: Analysis;
}

function toStored(r: StoredRow): StoredArticle {
  return {
    id: r.id,
    hash: r.hash,
    title: r.title,
    raw: r.raw,
    ...(r.url != null ? { url: r.url } : {}),
    ...(r.source != null ? { source: r.source } : {}),
    ...(r.published_at != null ? { publishedAt: r.published_at } : {}),
    language: r.language,
    origin: r.origin,
    ingestedAt: r.ingested_at.toISOString(),
    modelVersion: r.model_version,
    analysis: r.json,
  };
}

/** The article columns a re-analysis needs to tell the parts what it wrote. */
interface StoredFields {
  seq: string;
  clean_text: string;
  source: string | null;
  published_at: string | null;
  ingested_at: Date;
  language: string;
}

function reanalysed(id: string, r: StoredFields, analysis: Analysis): WrittenArticle {
  return {
    seq: Number(r.seq),
    id,
    cleanText: r.clean_text,
    source: r.source,
    seenAt: seenAtOf(r.published_at ?? undefined, r.ingested_at.toISOString()),
    language: r.language,
    analysis,
  };
}

function writtenArticle(seq: number, id: string, p: ArticleInsert): WrittenArticle {
  const { article, analysis } = p.item;
  return {
    seq,
    id,
    cleanText: p.cleanText,
    source: article.source ?? null,
    seenAt: seenAtOf(article.publishedAt, p.ingestedAt),
    language: analysis.language.code,
    analysis: analysisFor(id, analysis),
  };
}

/** putBatch's answer in item order: the first item of a hash inserted here counts as inserted, every other as a duplicate. */
function tally(items: readonly StoreItem[], storedAs: Map<string, string>, insertedIds: Set<string>): PutBatchResult {
  const result: PutBatchResult = { inserted: 0, duplicates: 0, ids: [] };
  const counted = new Set<string>();
  for (const { article } of items) {
    const id = storedAs.get(article.hash)!;
    if (insertedIds.has(id) && !counted.has(id)) {
      counted.add(id);
      result.inserted++;
    } else result.duplicates++;
    result.ids.push(id);
  }
  return result;
}
