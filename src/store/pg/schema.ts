/**
 * The PostgreSQL engine's schema: the core migration (articles with their search vector, analyses, labels, ingest
 * claims, language-model cache), the migration runner with its version table, and the text-search SQL the engine
 * and its parts share (one query per text-search configuration in use, ranked snippets).
 */
import type pg from 'pg';
import type { PgMigration, Sql } from './parts.js';

/**
 * PostgreSQL's text-search configuration for each ISO 639-1 code with one (Snowball stemmers shipped with the
 * server). A language missing here, or whose configuration this server lacks, is indexed with `simple`
 * (lower-cased words, no stemming): Polish, Bulgarian, Macedonian, Ukrainian …
 */
export const TEXT_SEARCH_CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish',
  fr: 'french', de: 'german', el: 'greek', hi: 'hindi', hu: 'hungarian', id: 'indonesian', ga: 'irish', it: 'italian',
  lt: 'lithuanian', ne: 'nepali', no: 'norwegian', nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian',
  sr: 'serbian', es: 'spanish', sv: 'swedish', ta: 'tamil', tr: 'turkish', yi: 'yiddish',
};

/** SQL VALUES rows (language, configuration) of TEXT_SEARCH_CONFIGS; codes and names are plain words. */
function configRows(): string {
  return Object.entries(TEXT_SEARCH_CONFIGS)
    .map(([code, config]) => `('${code}', '${config}')`)
    .join(', ');
}

/**
 * `narrascope_search_queries(q)`: the user's query parsed (websearch_to_tsquery: words ANDed, "phrases", OR,
 * -not; never a syntax error) in every text-search configuration the stored articles use, found by a loose
 * index scan over articles.ts_config. Join it as
 *   FROM narrascope_search_queries($1) sq JOIN articles a ON a.ts_config = sq.config AND a.search @@ sq.query
 * so each article is matched in its own language. The SET clause keeps the function from being inlined: with
 * its ROWS estimate the planner then runs one GIN index scan per configuration (a nested loop) instead of
 * scanning every article against every query.
 */
export const SEARCH_QUERIES_FN = 'narrascope_search_queries';

function searchQueriesFunctionSql(): string {
  return `
    CREATE FUNCTION ${SEARCH_QUERIES_FN}(q text) RETURNS TABLE (config regconfig, query tsquery)
    LANGUAGE sql STABLE ROWS 4 SET search_path FROM CURRENT AS $fn$
      WITH RECURSIVE used(config) AS (
        (SELECT ts_config FROM articles ORDER BY ts_config LIMIT 1)
        UNION ALL
        SELECT (SELECT a.ts_config FROM articles a WHERE a.ts_config > u.config ORDER BY a.ts_config LIMIT 1)
        FROM used u WHERE u.config IS NOT NULL
      )
      SELECT config, websearch_to_tsquery(config, q) FROM used WHERE config IS NOT NULL
    $fn$;`;
}

/**
 * How much of a title and of a clean text the search vector covers. A tsvector holds at most 1 MB: a text of a
 * million characters of distinct words would overflow it and fail its whole batch. 250,000 characters (a long
 * book chapter; news articles are a few thousand) of distinct eight-letter tokens make about 0.5 MB.
 */
export const SEARCHED_TITLE_CHARS = 10_000;
export const SEARCHED_TEXT_CHARS = 250_000;

/**
 * Rank of a match, higher is better: ts_rank with a title word (weight A, 1.0) worth twice a body word (B, 0.5),
 * as SQLite's bm25(2.0, 1.0) weighs its columns. Over `a.search` and `sq.query` of SEARCH_QUERIES_FN's join.
 */
export const SEARCH_RANK_SQL = `ts_rank('{0.1, 0.2, 0.5, 1.0}', a.search, sq.query)`;

/**
 * The core tables. Design notes:
 * - analyses.json is `json`, not `jsonb`: it keeps the exact text written (key order, number forms), so an
 *   analysis reads back byte for byte as SQLite gives it, costs no binary conversion on write, and still
 *   answers JSON operators (`json -> 'entities'`) for the parts' occasional queries.
 * - ids, hashes, sources, languages, tasks and labels compare with the "C" collation: byte order, as SQLite
 *   sorts them, and hash-prefix ranges stay exact whatever the database's locale.
 * - articles.search is a generated column, so the search vector can never disagree with the text (the role
 *   SQLite's FTS5 triggers play): title weight A, clean text weight B, each up to SEARCHED_*_CHARS. ts_config
 *   is chosen per article from its language (text_search_languages), because the query's language is not
 *   known: see SEARCH_QUERIES_FN.
 */
export const CORE_MIGRATION: PgMigration = {
  name: 'core: articles with search vectors, analyses, labels, ingest claims, language-model cache',
  sql: `
    CREATE TABLE text_search_languages (
      language text COLLATE "C" PRIMARY KEY,
      config   regconfig NOT NULL
    );
    -- Only the configurations this server has (older servers lack some, e.g. hindi).
    INSERT INTO text_search_languages (language, config)
    SELECT v.language, v.config::regconfig FROM (VALUES ${configRows()}) AS v(language, config)
    WHERE EXISTS (SELECT 1 FROM pg_ts_config c WHERE c.cfgname = v.config);

    CREATE TABLE articles (
      seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id           text COLLATE "C" NOT NULL UNIQUE,
      hash         text COLLATE "C" NOT NULL UNIQUE,   -- sha256 of raw: the idempotency key
      title        text NOT NULL,
      clean_text   text NOT NULL,
      raw          text NOT NULL,
      url          text,
      source       text COLLATE "C",
      published_at text COLLATE "C",
      language     text COLLATE "C" NOT NULL,
      origin       jsonb NOT NULL,                     -- {path?, line?, format}
      ingested_at  timestamptz NOT NULL,
      ts_config    regconfig NOT NULL,
      search       tsvector GENERATED ALWAYS AS (setweight(to_tsvector(ts_config, left(title, ${SEARCHED_TITLE_CHARS})), 'A')
                     || setweight(to_tsvector(ts_config, left(clean_text, ${SEARCHED_TEXT_CHARS})), 'B')) STORED
    );
    CREATE INDEX articles_language ON articles (language);
    CREATE INDEX articles_source ON articles (source);
    CREATE INDEX articles_ts_config ON articles (ts_config);
    CREATE INDEX articles_search ON articles USING gin (search);

    -- One current analysis per article; model_version lets a re-analysis find stale ones.
    CREATE TABLE analyses (
      article_id    text COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE ON UPDATE CASCADE,
      model_version text NOT NULL,
      analyzed_at   timestamptz NOT NULL,
      json          json NOT NULL
    );
    CREATE INDEX analyses_model_version ON analyses (model_version);

    CREATE TABLE labels (
      article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE ON UPDATE CASCADE,
      task       text COLLATE "C" NOT NULL,
      label      text COLLATE "C" NOT NULL,
      score      double precision NOT NULL,
      PRIMARY KEY (article_id, task, label)
    );
    CREATE INDEX labels_task_label ON labels (task, label);

    -- Articles an ingest is analysing and has not stored yet (StorageEngine.claim); claimed_at is the server's
    -- clock in milliseconds, so machines with different clocks agree on a claim's age.
    CREATE TABLE ingest_claims (
      hash       text COLLATE "C" PRIMARY KEY,
      owner      text NOT NULL,
      claimed_at bigint NOT NULL
    );
    CREATE INDEX ingest_claims_owner ON ingest_claims (owner);

    -- Language-model answers (src/llm/cache.ts), by what determines them; not tied to articles.
    CREATE TABLE llm_cache (
      article_hash   text NOT NULL,
      task           text NOT NULL,
      model          text NOT NULL,
      prompt_version text NOT NULL,
      answer         text NOT NULL,
      created_at     bigint NOT NULL,
      PRIMARY KEY (article_hash, task, model, prompt_version)
    );

    ${searchQueriesFunctionSql()}
  `,
};

/** SQL for an article's text-search configuration from its language ($n is the language code). */
export function tsConfigOfSql(languageParam: string): string {
  return `coalesce((SELECT t.config FROM text_search_languages t WHERE t.language = ${languageParam}), 'simple'::regconfig)`;
}

/**
 * ts_headline options for a snippet of ten to twenty words around the best match, the matches between private-use
 * markers (SNIPPET_OPEN/CLOSE of sqlite-queries.ts) that the caller swaps for its own, so no marker text ever has
 * to be quoted into the option string.
 */
export const HEADLINE_OPTIONS = 'StartSel=\uE000, StopSel=\uE001, MaxWords=20, MinWords=10, ShortWord=2, HighlightAll=false';

/** Serialises schema changes across every process opening the database (pg_advisory_xact_lock key, "narr"). */
const MIGRATION_LOCK = 0x6e617272;

export interface MigrateOptions {
  /** Fail when the database has no narrascope schema instead of creating it (read-only commands). */
  mustExist?: boolean;
}

/**
 * Brings the database up to `migrations.length`: each missing migration in its own transaction, under a
 * transaction-scoped advisory lock, and recorded in narrascope_schema. Two processes starting at once: the second
 * waits for the lock, then finds the migration done. Refuses a database at a newer version than this code.
 */
export async function migrateSchema(pool: pg.Pool, migrations: readonly PgMigration[], options: MigrateOptions = {}): Promise<number> {
  const client = await pool.connect();
  try {
    const current = await schemaVersion(client);
    if (current === undefined && options.mustExist) {
      throw new Error('the database has no narrascope schema (run "narrascope ingest <path>" on it first)');
    }
    refuseNewer(current ?? 0, migrations.length);
    // Up to date, the usual case: no lock taken.
    if (current === migrations.length) return current;
    for (;;) {
      const applied = await applyNext(client, migrations);
      if (applied === undefined) return migrations.length;
    }
  } finally {
    client.release();
  }
}

/** The version recorded, or undefined when the database has no version table. */
export async function schemaVersion(sql: Sql): Promise<number | undefined> {
  const table = await sql.query<{ t: string | null }>(`SELECT to_regclass('narrascope_schema')::text AS t`);
  if (table.rows[0].t === null) return undefined;
  const v = await sql.query<{ v: number | null }>('SELECT max(version) AS v FROM narrascope_schema');
  return v.rows[0].v ?? 0;
}

function refuseNewer(current: number, known: number): void {
  if (current > known) {
    throw new Error(`database schema version ${current} is newer than this narrascope understands (${known}); upgrade narrascope`);
  }
}

/** Applies the first missing migration in one locked transaction; undefined when none was missing. */
async function applyNext(client: pg.PoolClient, migrations: readonly PgMigration[]): Promise<number | undefined> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS narrascope_schema (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    // Read again under the lock: another process may have migrated while this one waited.
    const current = (await schemaVersion(client)) ?? 0;
    refuseNewer(current, migrations.length);
    if (current === migrations.length) {
      await client.query('COMMIT');
      return undefined;
    }
    const next = migrations[current];
    await client.query(next.sql).catch((err: Error) => {
      throw new Error(`schema migration ${current + 1} (${next.name}) failed: ${err.message}`, { cause: err });
    });
    await client.query('INSERT INTO narrascope_schema (version, name) VALUES ($1, $2)', [current + 1, next.name]);
    await client.query('COMMIT');
    return current + 1;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
