/**
 * SqliteStore: the embedded default StorageEngine, one SQLite file (better-sqlite3) in WAL mode with an
 * FTS5 index over title and clean text. Every write is one transaction, so a crash loses nothing
 * committed and never leaves an article without its analysis or its search entry. Corpus queries run
 * on a second, read-only connection (src/store/sqlite-queries.ts), opened when first needed.
 */
import Database from 'better-sqlite3';
import type { Analysis } from '../schema.js';
import { TextView } from '../doc/view.js';
import type { LlmCacheKey } from './engine.js';
import { labelRowsOf, modelVersionOf } from './labels.js';
import { TASKS } from '../tasks/registry.js';
import { countedTasks, type AnyTask } from '../tasks/task.js';
import type { ArticlePage, CorpusFilter, CorpusStats, ExportRecord, StatsOptions } from './queries.js';
import { quoteFtsTerms, SqliteCorpusQueries } from './sqlite-queries.js';
import {
  migrateProvenanceProfileIndex,
  migrateProvenanceSignatures,
  migrateProvenanceTables,
  seenAtOf,
  SqliteProvenance,
} from './sqlite-provenance.js';
import { migrateAnnotationTables } from './sqlite-annotations.js';
import type { ArticleProvenance, ClusterDetail, ClusterListOptions, ClusterSummary, SourceListOptions, SourceProfile } from './provenance.js';
import {
  MIN_HASH_PREFIX,
  SearchQueryError,
  ingestedAtOf,
  type ArticleSummary,
  type ClaimResult,
  type LabelCount,
  type LabelRow,
  type ListOptions,
  type PutBatchResult,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type StoreItem,
  type StoredArticle,
} from './types.js';

type Db = Database.Database;

/** SQL list of the label tasks the statistics count (tasks/task.ts countedTasks): their labels are listed in each article's facet row. */
function countedSql(tasks: readonly AnyTask[]): string {
  return countedTasks(tasks)
    .map((t) => `'${t.replace(/'/g, "''")}'`)
    .join(', ');
}

/** SQL true when an article has a publication date (published_at starts with YYYY-MM-DD). */
export function isDated(alias: string): string {
  return `(${alias}.published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*')`;
}

/** SQL for the day an article is dated by: its publication date when it has one, else its ingest date. */
export function dayOf(alias: string): string {
  return `(CASE WHEN ${isDated(alias)} THEN substr(${alias}.published_at, 1, 10) ELSE substr(${alias}.ingested_at, 1, 10) END)`;
}

/** Schema migrations: entry i upgrades `PRAGMA user_version` i to i + 1. Append, never edit. */
export const MIGRATIONS: readonly ((db: Db) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY,          -- FTS5 content rowid
        id           TEXT NOT NULL UNIQUE,
        hash         TEXT NOT NULL UNIQUE,         -- sha256 of raw: the idempotency key
        title        TEXT NOT NULL,
        clean_text   TEXT NOT NULL,
        raw          TEXT NOT NULL,
        url          TEXT,
        source       TEXT,
        published_at TEXT,
        language     TEXT NOT NULL,
        origin       TEXT NOT NULL,                -- JSON {path?, line?, format}
        ingested_at  TEXT NOT NULL
      );
      CREATE INDEX articles_language ON articles(language);
      CREATE INDEX articles_source ON articles(source);

      -- One current analysis per article; model_version lets a re-analysis find stale ones.
      CREATE TABLE analyses (
        article_id    TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model_version TEXT NOT NULL,
        analyzed_at   TEXT NOT NULL,
        json          TEXT NOT NULL
      );
      CREATE INDEX analyses_model_version ON analyses(model_version);

      CREATE TABLE labels (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        task       TEXT NOT NULL,
        label      TEXT NOT NULL,
        score      REAL NOT NULL,
        PRIMARY KEY (article_id, task, label)
      ) WITHOUT ROWID;
      CREATE INDEX labels_task_label ON labels(task, label);

      -- External-content FTS5 index kept in step with articles by triggers, inside the same transaction.
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, clean_text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.seq, new.title, new.clean_text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.seq, old.title, old.clean_text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, clean_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.seq, old.title, old.clean_text);
        INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.seq, new.title, new.clean_text);
      END;
    `);
  },
  // v2: one narrow facet row per article, so statistics and listings read a small table instead of
  // the article rows (which carry whole texts). Facet fields follow the article by triggers; the
  // label ids are rewritten with the analysis (SqliteStore.writeAnalysis), in the same transaction.
  (db) => {
    db.exec(`
      -- Built on open by earlier query code; superseded by article_facets.
      DROP INDEX IF EXISTS articles_facets;

      -- Dictionary of the labels statistics count, so a facet row can list them as small integers.
      CREATE TABLE label_keys (
        id    INTEGER PRIMARY KEY,
        task  TEXT NOT NULL,
        label TEXT NOT NULL,
        UNIQUE (task, label)
      );

      CREATE TABLE article_facets (
        seq        INTEGER PRIMARY KEY,            -- articles.seq
        article_id TEXT NOT NULL UNIQUE,           -- articles.id
        day        TEXT NOT NULL,                  -- publication day when known, else ingest day
        week       TEXT,                           -- Monday of that week (NULL when the day is no real date)
        month      TEXT NOT NULL,
        language   TEXT NOT NULL,
        source     TEXT,
        label_ids  TEXT NOT NULL DEFAULT ''        -- comma-separated label_keys ids of the article's counted labels
      );
      CREATE INDEX article_facets_day ON article_facets(day);
      CREATE INDEX article_facets_language ON article_facets(language);
      CREATE INDEX article_facets_source ON article_facets(source);

      CREATE TRIGGER article_facets_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_facets (seq, article_id, day, week, month, language, source)
        SELECT new.seq, new.id, d, date(d, '-6 days', 'weekday 1'), substr(d, 1, 7), new.language, new.source
        FROM (SELECT ${dayOf('new')} AS d);
      END;
      CREATE TRIGGER article_facets_update AFTER UPDATE OF id, published_at, ingested_at, language, source ON articles BEGIN
        UPDATE article_facets SET article_id = new.id, day = d, week = date(d, '-6 days', 'weekday 1'), month = substr(d, 1, 7),
          language = new.language, source = new.source
        FROM (SELECT ${dayOf('new')} AS d) WHERE seq = new.seq;
      END;
      CREATE TRIGGER article_facets_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_facets WHERE seq = old.seq;
      END;

      INSERT INTO article_facets (seq, article_id, day, week, month, language, source)
      SELECT seq, id, d, date(d, '-6 days', 'weekday 1'), substr(d, 1, 7), language, source
      FROM (SELECT a.*, ${dayOf('a')} AS d FROM articles a);
      INSERT INTO label_keys (task, label)
      SELECT DISTINCT task, label FROM labels WHERE task IN (${countedSql(TASKS)}) ORDER BY task, label;
      UPDATE article_facets SET label_ids = ids.list
      FROM (SELECT l.article_id, group_concat(k.id) AS list FROM labels l JOIN label_keys k ON k.task = l.task AND k.label = l.label
            GROUP BY l.article_id) AS ids
      WHERE ids.article_id = article_facets.article_id;
    `);
  },
  // article_facets.dated: the timeline counts only articles with a publication date, since an
  // undated article's day is its ingest day, which says nothing about when it was published.
  (db) => {
    db.exec(`
      ALTER TABLE article_facets ADD COLUMN dated INTEGER NOT NULL DEFAULT 0;
      DROP TRIGGER article_facets_insert;
      CREATE TRIGGER article_facets_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_facets (seq, article_id, day, week, month, language, source, dated)
        SELECT new.seq, new.id, d, date(d, '-6 days', 'weekday 1'), substr(d, 1, 7), new.language, new.source, ${isDated('new')} IS 1
        FROM (SELECT ${dayOf('new')} AS d);
      END;
      DROP TRIGGER article_facets_update;
      CREATE TRIGGER article_facets_update AFTER UPDATE OF id, published_at, ingested_at, language, source ON articles BEGIN
        UPDATE article_facets SET article_id = new.id, day = d, week = date(d, '-6 days', 'weekday 1'), month = substr(d, 1, 7),
          language = new.language, source = new.source, dated = ${isDated('new')} IS 1
        FROM (SELECT ${dayOf('new')} AS d) WHERE seq = new.seq;
      END;
      UPDATE article_facets SET dated = 1 WHERE seq IN (SELECT a.seq FROM articles a WHERE ${isDated('a')});
    `);
  },
  // v4: articles an ingest is analysing and has not committed yet, so a second ingest of the same
  // inputs skips them instead of analysing them again (SqliteStore.claim). Rows live from the claim to
  // the batch commit; a row older than CLAIM_TTL_MS is a crashed ingest's and may be taken over.
  (db) => {
    db.exec(`
      CREATE TABLE ingest_claims (
        hash       TEXT PRIMARY KEY,               -- articles.hash of the article being analysed
        owner      TEXT NOT NULL,                  -- the ingest run that claimed it
        claimed_at INTEGER NOT NULL                -- milliseconds since the epoch
      ) WITHOUT ROWID;
      CREATE INDEX ingest_claims_owner ON ingest_claims(owner);
    `);
  },
  // Language-model answers (src/llm/cache.ts), kept by what determines them, so a rerun or a run
  // resumed after a crash sends nothing twice. Not tied to articles: a re-ingested text reuses them.
  (db) => {
    db.exec(`
      CREATE TABLE llm_cache (
        article_hash   TEXT NOT NULL,
        task           TEXT NOT NULL,              -- 'narratives', 'entities'
        model          TEXT NOT NULL,              -- the provider's model id
        prompt_version TEXT NOT NULL,
        answer         TEXT NOT NULL,              -- JSON: the model's answer and its accounting
        created_at     INTEGER NOT NULL,           -- milliseconds since the epoch
        PRIMARY KEY (article_hash, task, model, prompt_version)
      ) WITHOUT ROWID;
    `);
  },
  // v6: the near-duplicate index, clusters and source-profile facts (src/store/sqlite-provenance.ts).
  (db) => migrateProvenanceTables(db),
  // v7: each indexed article's MinHash signature, checked before a candidate's text is read.
  (db) => migrateProvenanceSignatures(db),
  // v8: a covering index for source profiles.
  (db) => migrateProvenanceProfileIndex(db),
  // v9: analysts' decisions, named API tokens and the write log (src/store/sqlite-annotations.ts).
  (db) => migrateAnnotationTables(db),
];

/** After this long a claim is taken to belong to an ingest that died; analysing one article takes milliseconds. */
export const CLAIM_TTL_MS = 10 * 60 * 1000;

/** The schema version this code writes. */
export const STORE_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a database up to STORE_SCHEMA_VERSION, one transaction per migration. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this narrascope understands (${MIGRATIONS.length}); upgrade narrascope`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      MIGRATIONS[v](db);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    })();
  }
}

export interface SqliteStoreOptions {
  /** Fail instead of creating the file when it does not exist. */
  mustExist?: boolean;
  readonly?: boolean;
  /** How many statistics results the query connection keeps (0: none; default 64). */
  statsCacheSize?: number;
  /** The tasks whose label rows are stored, filtered and counted (default: tasks/registry.ts TASKS). */
  tasks?: readonly AnyTask[];
  /** Keep the near-duplicate index at ingest (default true; false is `ingest --no-provenance`). */
  provenance?: boolean;
}

interface ArticleRow {
  id: string;
  hash: string;
  title: string;
  language: string;
  source: string | null;
  published_at: string | null;
  ingested_at: string;
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
    ingestedAt: r.ingested_at,
  };
}

/** The synchronous SQLite store; src/store/sqlite-engine.ts puts it behind the StorageEngine contract. */
export class SqliteStore {
  readonly path: string;
  private readonly db: Db;
  private readonly stmt;
  private readonly statsCacheSize: number | undefined;
  private queryConnection: SqliteCorpusQueries | undefined;
  private readonly tasks: readonly AnyTask[];
  private readonly provenance: SqliteProvenance;
  private readonly indexProvenance: boolean;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.tasks = options.tasks ?? TASKS;
    this.statsCacheSize = options.statsCacheSize;
    this.db = new Database(path, { fileMustExist: options.mustExist ?? false, readonly: options.readonly ?? false });
    this.db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(this.db);
    else if ((this.db.pragma('user_version', { simple: true }) as number) !== STORE_SCHEMA_VERSION) {
      throw new Error(`${path}: database schema is not at version ${STORE_SCHEMA_VERSION}; open it once read-write to migrate`);
    }
    const db = this.db;
    this.provenance = new SqliteProvenance(db);
    this.indexProvenance = options.provenance ?? true;
    this.stmt = {
      idByHash: db.prepare<[string], { id: string }>('SELECT id FROM articles WHERE hash = ?'),
      idTaken: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM articles WHERE id = ?'),
      insertArticle: db.prepare(
        `INSERT INTO articles (id, hash, title, clean_text, raw, url, source, published_at, language, origin, ingested_at)
         VALUES (@id, @hash, @title, @clean_text, @raw, @url, @source, @published_at, @language, @origin, @ingested_at)`,
      ),
      upsertAnalysis: db.prepare(
        `INSERT INTO analyses (article_id, model_version, analyzed_at, json) VALUES (?, ?, ?, ?)
         ON CONFLICT(article_id) DO UPDATE SET model_version = excluded.model_version,
           analyzed_at = excluded.analyzed_at, json = excluded.json`,
      ),
      deleteLabels: db.prepare('DELETE FROM labels WHERE article_id = ?'),
      insertLabel: db.prepare('INSERT INTO labels (article_id, task, label, score) VALUES (?, ?, ?, ?)'),
      getById: db.prepare<[string], Record<string, unknown>>(
        `SELECT a.*, n.model_version, n.json FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.id = ?`,
      ),
      getByHash: db.prepare<[string], Record<string, unknown>>(
        `SELECT a.*, n.model_version, n.json FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.hash = ?`,
      ),
      idsByHashPrefix: db.prepare<[string, string], { id: string }>(
        `SELECT id FROM articles WHERE hash >= ? AND hash < ? LIMIT 2`,
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM articles'),
      addLabelKeys: db.prepare(
        `INSERT INTO label_keys (task, label) SELECT task, label FROM labels WHERE article_id = ? AND task IN (${countedSql(this.tasks)})
         ON CONFLICT DO NOTHING`,
      ),
      setFacetLabels: db.prepare(
        `UPDATE article_facets SET label_ids = coalesce((SELECT group_concat(k.id) FROM labels l
           JOIN label_keys k ON k.task = l.task AND k.label = l.label WHERE l.article_id = ?), '')
         WHERE article_id = ?`,
      ),
      labelsOf: db.prepare<[string], LabelRow>('SELECT task, label, score FROM labels WHERE article_id = ? ORDER BY task, score DESC'),
      claimOf: db.prepare<[string], { owner: string; claimed_at: number }>('SELECT owner, claimed_at FROM ingest_claims WHERE hash = ?'),
      claim: db.prepare<[string, string, number]>('INSERT OR REPLACE INTO ingest_claims (hash, owner, claimed_at) VALUES (?, ?, ?)'),
      dropClaim: db.prepare<[string]>('DELETE FROM ingest_claims WHERE hash = ?'),
      dropClaimsOf: db.prepare<[string]>('DELETE FROM ingest_claims WHERE owner = ?'),
    };
  }

  /** Picks the id to store an article under: its own, or `<id>~<hash prefix>` when another article has it. */
  private freeId(id: string, hash: string): string {
    if (!this.stmt.idTaken.get(id)) return id;
    for (let n = 8; n <= hash.length; n += 4) {
      const candidate = `${id}~${hash.slice(0, n)}`;
      if (!this.stmt.idTaken.get(candidate)) return candidate;
    }
    throw new Error(`cannot find a free id for ${id} (${hash})`);
  }

  private writeAnalysis(id: string, analysis: Analysis, at: string): void {
    this.stmt.upsertAnalysis.run(id, modelVersionOf(analysis), at, JSON.stringify(analysis));
    this.stmt.deleteLabels.run(id);
    for (const l of labelRowsOf(analysis, this.tasks)) this.stmt.insertLabel.run(id, l.task, l.label, l.score);
    this.stmt.addLabelKeys.run(id);
    this.stmt.setFacetLabels.run(id, id);
  }

  putBatch(items: readonly StoreItem[]): PutBatchResult {
    const run = this.db.transaction((batch: readonly StoreItem[]): PutBatchResult => {
      const result: PutBatchResult = { inserted: 0, duplicates: 0, ids: [] };
      const at = new Date().toISOString();
      for (const item of batch) {
        const { article, analysis } = item;
        this.stmt.dropClaim.run(article.hash);
        const existing = this.stmt.idByHash.get(article.hash);
        if (existing) {
          result.duplicates++;
          result.ids.push(existing.id);
          continue;
        }
        const ingested = ingestedAtOf(item, at);
        const id = this.freeId(article.id, article.hash);
        const stored: Analysis = id === analysis.article.id ? analysis : { ...analysis, article: { ...analysis.article, id } };
        const cleanText = new TextView(article.raw, analysis.cleaning.removed).text;
        const inserted = this.stmt.insertArticle.run({
          id,
          hash: article.hash,
          title: analysis.article.title || article.title,
          clean_text: cleanText,
          raw: article.raw,
          url: article.url ?? null,
          source: article.source ?? null,
          published_at: article.publishedAt ?? null,
          language: analysis.language.code,
          origin: JSON.stringify(article.origin),
          ingested_at: ingested,
        });
        this.writeAnalysis(id, stored, at);
        const source = article.source ?? null;
        const seenAt = seenAtOf(article.publishedAt, ingested);
        const seq = Number(inserted.lastInsertRowid);
        this.provenance.index({ seq, cleanText, source, seenAt, language: analysis.language.code, analysis: stored }, this.indexProvenance);
        result.inserted++;
        result.ids.push(id);
      }
      return result;
    });
    return run.immediate(items);
  }

  putAnalysis(id: string, analysis: Analysis): boolean {
    return this.db.transaction(() => {
      if (!this.stmt.idTaken.get(id)) return false;
      const stored = analysis.article.id === id ? analysis : { ...analysis, article: { ...analysis.article, id } };
      this.writeAnalysis(id, stored, new Date().toISOString());
      this.provenance.refreshFacts(id, stored);
      return true;
    }).immediate();
  }

  hasHash(hash: string): boolean {
    return this.stmt.idByHash.get(hash) !== undefined;
  }

  claim(hash: string, owner: string, isAbandoned: (other: string) => boolean = () => false): ClaimResult {
    return this.db.transaction((): ClaimResult => {
      if (this.stmt.idByHash.get(hash)) return 'stored';
      const held = this.stmt.claimOf.get(hash);
      const now = Date.now();
      if (held && held.owner !== owner && held.claimed_at >= now - CLAIM_TTL_MS && !isAbandoned(held.owner)) return 'claimed-elsewhere';
      this.stmt.claim.run(hash, owner, now);
      return 'claimed';
    }).immediate();
  }

  releaseClaims(owner: string): void {
    this.stmt.dropClaimsOf.run(owner);
  }

  getLlmAnswer(key: LlmCacheKey): string | undefined {
    return this.db
      .prepare<[string, string, string, string], { answer: string }>('SELECT answer FROM llm_cache WHERE article_hash = ? AND task = ? AND model = ? AND prompt_version = ?')
      .get(key.articleHash, key.task, key.model, key.promptVersion)?.answer;
  }

  putLlmAnswer(key: LlmCacheKey, answer: string): void {
    // Written at once (its own transaction): an answer received is never paid for again, even if the run dies next.
    this.db
      .prepare('INSERT OR REPLACE INTO llm_cache (article_hash, task, model, prompt_version, answer, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key.articleHash, key.task, key.model, key.promptVersion, answer, Date.now());
  }

  get(idOrHash: string): StoredArticle | undefined {
    let row = this.stmt.getById.get(idOrHash) ?? this.stmt.getByHash.get(idOrHash.toLowerCase());
    if (!row && idOrHash.length >= MIN_HASH_PREFIX && /^[0-9a-f]{1,63}$/i.test(idOrHash)) {
      const prefix = idOrHash.toLowerCase();
      const ids = this.stmt.idsByHashPrefix.all(prefix, prefix + 'g');
      if (ids.length === 1) row = this.stmt.getById.get(ids[0].id);
    }
    if (!row) return undefined;
    const str = (k: string) => (row[k] == null ? undefined : String(row[k]));
    return {
      id: String(row.id),
      hash: String(row.hash),
      title: String(row.title),
      raw: String(row.raw),
      ...(str('url') !== undefined ? { url: str('url') } : {}),
      ...(str('source') !== undefined ? { source: str('source') } : {}),
      ...(str('published_at') !== undefined ? { publishedAt: str('published_at') } : {}),
      language: String(row.language),
      origin: JSON.parse(String(row.origin)),
      ingestedAt: String(row.ingested_at),
      modelVersion: String(row.model_version),
      analysis: JSON.parse(String(row.json)) as Analysis,
    };
  }

  list(options: ListOptions = {}): ArticleSummary[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.language) {
      where.push('a.language = ?');
      params.push(options.language);
    }
    if (options.source) {
      where.push('a.source = ?');
      params.push(options.source);
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM articles a ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                 ORDER BY a.seq LIMIT ? OFFSET ?`;
    params.push(options.limit ?? 50, options.offset ?? 0);
    return (this.db.prepare(sql).all(...params) as ArticleRow[]).map(toSummary);
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    if (query.trim() === '') throw new SearchQueryError('the search query is empty');
    const open = options.highlight?.open ?? '';
    const close = options.highlight?.close ?? '';
    const sql = `SELECT ${SUMMARY_COLUMNS},
                   snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet, bm25(articles_fts, 2.0, 1.0) AS rank
                 FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                 WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?`;
    const run = (q: string) =>
      (this.db.prepare(sql).all(open, close, q, options.limit ?? 20, options.offset ?? 0) as (ArticleRow & {
        snippet: string;
        rank: number;
      })[]).map((r): SearchHit => ({ ...toSummary(r), snippet: r.snippet, rank: r.rank }));
    try {
      return { hits: run(query), query, quoted: false };
    } catch (err) {
      if (!(err instanceof Database.SqliteError)) throw err;
      const quoted = quoteFtsTerms(query);
      try {
        return { hits: run(quoted), query: quoted, quoted: true };
      } catch (err2) {
        throw new SearchQueryError(`cannot search for ${JSON.stringify(query)}: ${(err2 as Error).message}`);
      }
    }
  }

  count(): number {
    return this.stmt.count.get()!.n;
  }

  labelCounts(task?: string): LabelCount[] {
    const sql = `SELECT task, label, count(*) AS count FROM labels ${task ? 'WHERE task = ?' : ''}
                 GROUP BY task, label ORDER BY count DESC, task, label`;
    return this.db.prepare(sql).all(...(task ? [task] : [])) as LabelCount[];
  }

  labelsOf(id: string): LabelRow[] {
    return this.stmt.labelsOf.all(id);
  }

  /** The write connection, for the annotation and token tables (src/store/sqlite-annotations.ts). */
  get connection(): Db {
    return this.db;
  }

  /**
   * The read connection of the corpus queries. An in-memory database has no file to open twice, so it
   * shares the write connection, without a statistics cache (its own commits do not change `data_version`).
   */
  private get queries(): SqliteCorpusQueries {
    if (!this.queryConnection) {
      const inMemory = this.path === ':memory:' || this.path === '';
      this.queryConnection = inMemory
        ? new SqliteCorpusQueries(this.db, { statsCacheSize: 0, tasks: this.tasks })
        : new SqliteCorpusQueries(this.path, { tasks: this.tasks, ...(this.statsCacheSize !== undefined ? { statsCacheSize: this.statsCacheSize } : {}) });
    }
    return this.queryConnection;
  }

  listArticles(filter: CorpusFilter, page?: { limit?: number; offset?: number }): ArticlePage {
    return this.queries.listArticles(filter, page);
  }

  stats(filter: CorpusFilter, options?: StatsOptions): CorpusStats {
    return this.queries.stats(filter, options);
  }

  exportRecords(filter: CorpusFilter, limit?: number): Iterable<ExportRecord> {
    return this.queries.exportRecords(filter, limit);
  }

  /** Checks that FTS index and tables agree (used by tests and `doctor`-style checks); returns problems found. */
  checkConsistency(): string[] {
    const problems: string[] = [];
    try {
      this.db.exec(`INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`);
    } catch (err) {
      problems.push(`full-text index: ${(err as Error).message}`);
    }
    const orphans = this.db
      .prepare<[], { n: number }>('SELECT count(*) AS n FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE n.article_id IS NULL')
      .get()!.n;
    if (orphans) problems.push(`${orphans} article(s) without an analysis`);
    const fk = this.db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`${fk.length} foreign key violation(s)`);
    const ic = this.db.pragma('integrity_check', { simple: true });
    if (ic !== 'ok') problems.push(`integrity: ${String(ic)}`);
    problems.push(...this.provenance.checkConsistency());
    return problems;
  }

  clusters(options?: ClusterListOptions): { total: number; clusters: ClusterSummary[] } {
    return this.provenance.clusters(options);
  }

  cluster(clusterId: string): ClusterDetail | undefined {
    return this.provenance.cluster(clusterId);
  }

  provenanceOf(idOrHash: string): ArticleProvenance | undefined {
    const id = this.get(idOrHash)?.id;
    return id === undefined ? undefined : this.provenance.provenanceOf(id);
  }

  sources(options?: SourceListOptions): { total: number; sources: SourceProfile[] } {
    return this.provenance.sources(options);
  }

  source(name: string): SourceProfile | undefined {
    return this.provenance.source(name);
  }

  frequentNames(language: string, limit?: number): { name: string; count: number }[] {
    return this.provenance.frequentNames(language, limit);
  }

  delete(ids: readonly string[]): number {
    return this.db.transaction(() => this.provenance.delete(ids)).immediate();
  }

  close(): void {
    this.queryConnection?.close();
    this.queryConnection = undefined;
    if (this.db.open) this.db.close();
  }
}
