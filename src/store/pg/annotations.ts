/**
 * Analysts' decisions, named tokens and the write log on PostgreSQL (src/store/annotations.ts), with the SQLite
 * store's semantics (src/store/sqlite-annotations.ts): append-only rows keyed by article id and content hash, one
 * transaction per request, concurrent requests on one article serialised by a row lock on its revision row.
 */
import type pg from 'pg';
import type { Analysis } from '../../schema.js';
import {
  ANNOTATION_CHUNK,
  annotateResultOf,
  annotationOf,
  checkAgainstArticle,
  checkedLogEntry,
  checkRequest,
  checkStoredToken,
  checkTokenRequest,
  currentFlags,
  duplicateTokenName,
  importedRowOf,
  isoTime,
  LAST_USED_RESOLUTION_MS,
  logLimit,
  newTokenSecret,
  rowValuesOf,
  tokenHashOf,
  storedTokenOf,
  tokenInfoOf,
  type AnnotationRow,
  type ImportedRow,
  type TokenRow,
} from '../annotation-records.js';
import {
  AnnotationError,
  DECISIONS,
  ROLES,
  type AnnotateRequest,
  type AnnotateResult,
  type Annotation,
  type AnnotationFilter,
  type AnnotationStore,
  type Role,
  type StoredToken,
  type TokenInfo,
  type TokenStore,
  type WriteLogEntry,
} from '../annotations.js';
import type { PgMigration, Sql } from './parts.js';

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The tables, as sqlite-annotations.ts migrateAnnotationTables: annotations without a foreign key to articles (a
 * decision outlives its article and is found again by article_hash), kept append-only by a trigger.
 */
export const ANNOTATIONS_MIGRATION: PgMigration = {
  name: "annotations: analysts' decisions, revisions, named API tokens, write log",
  sql: `
    CREATE TABLE annotations (
      seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id             text COLLATE "C" NOT NULL UNIQUE,
      article_id     text COLLATE "C" NOT NULL,
      article_hash   text COLLATE "C" NOT NULL,
      task           text COLLATE "C" NOT NULL,
      label          text COLLATE "C" NOT NULL,
      entity         text COLLATE "C",
      span_start     integer,
      span_end       integer,
      target_key     text COLLATE "C" NOT NULL,
      decision       text NOT NULL CHECK (decision IN (${sqlList(DECISIONS)})),
      note           text,
      author         text COLLATE "C" NOT NULL,
      created_at     timestamptz NOT NULL,
      model_version  text NOT NULL,
      override_label text,
      override_score double precision,
      current        boolean NOT NULL DEFAULT true
    );
    CREATE INDEX annotations_current_target ON annotations (article_hash, target_key) WHERE current;
    CREATE INDEX annotations_hash ON annotations (article_hash, seq);
    CREATE INDEX annotations_article ON annotations (article_id, seq);

    CREATE FUNCTION annotations_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'annotations are append-only';
      END IF;
      IF (NEW.seq, NEW.id, NEW.article_id, NEW.article_hash, NEW.target_key, NEW.decision, NEW.author, NEW.created_at)
           IS DISTINCT FROM (OLD.seq, OLD.id, OLD.article_id, OLD.article_hash, OLD.target_key, OLD.decision, OLD.author, OLD.created_at)
         OR (NEW.current AND NOT OLD.current) THEN
        RAISE EXCEPTION 'annotations are append-only: only current may change, from true to false';
      END IF;
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER annotations_append_only BEFORE UPDATE OR DELETE ON annotations
      FOR EACH ROW EXECUTE FUNCTION annotations_append_only();

    CREATE TABLE annotation_revisions (
      article_hash text COLLATE "C" PRIMARY KEY,
      revision     integer NOT NULL
    );

    CREATE TABLE api_tokens (
      name         text COLLATE "C" PRIMARY KEY,
      role         text NOT NULL CHECK (role IN (${sqlList(ROLES)})),
      secret_hash  text COLLATE "C" NOT NULL UNIQUE,
      created_at   timestamptz NOT NULL,
      revoked_at   timestamptz,
      last_used_at timestamptz
    );

    CREATE TABLE write_log (
      seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at     timestamptz NOT NULL,
      author text NOT NULL,
      action text NOT NULL,
      target text NOT NULL
    );
  `,
};

/** Runs a body in one transaction of the engine (PostgresEngine.transaction: rollback on failure, lost connections named). */
export type Transact = <T>(doing: string, body: (sql: Sql) => Promise<T>) => Promise<T>;

/** The annotation columns, with the ids of other authors' current decisions on the same target that disagree. */
const ANNOTATION_COLUMNS = `x.id, x.article_id, x.article_hash, x.task, x.label, x.entity, x.span_start, x.span_end, x.decision, x.note,
  x.author, x.created_at, x.model_version, x.override_label, x.override_score, x.current,
  CASE WHEN x.current THEN (SELECT array_agg(o.id ORDER BY o.id) FROM annotations o
    WHERE o.article_hash = x.article_hash AND o.target_key = x.target_key AND o.current AND o.author <> x.author
      AND (o.decision = 'reject') <> (x.decision = 'reject')) END AS conflicts_with`;

interface ArticleAnnotated {
  id: string;
  hash: string;
  raw: string;
  model_version: string;
  json: Analysis;
}

export class PgAnnotations implements AnnotationStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly transact: Transact,
  ) {}

  async annotate(request: AnnotateRequest): Promise<AnnotateResult> {
    checkRequest(request);
    return this.transact('storing annotations', (sql) => this.annotateIn(sql, request));
  }

  private async annotateIn(sql: Sql, request: AnnotateRequest): Promise<AnnotateResult> {
    const hash = (await sql.query<{ hash: string }>('SELECT hash FROM articles WHERE id = $1', [request.articleId])).rows[0]?.hash;
    if (hash === undefined) throw noArticle(request.articleId);
    const revision = await this.lockRevision(sql, hash);
    // FOR SHARE: a re-analysis (putAnalysis locks the row FOR UPDATE) waits for this request, or this one for it,
    // so the model version checked is the one the decisions are stored with.
    const article = (
      await sql.query<ArticleAnnotated>(
        'SELECT a.id, a.hash, a.raw, n.model_version, n.json FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.id = $1 FOR SHARE OF a',
        [request.articleId],
      )
    ).rows[0];
    if (!article || article.hash !== hash) throw noArticle(request.articleId);
    checkAgainstArticle(request, { raw: article.raw, modelVersion: article.model_version, revision });
    const values = request.decisions.map((d) => rowValuesOf(d, article.json));
    const keys = [...new Set(values.map((v) => v.target_key))];
    await sql.query('UPDATE annotations SET current = false WHERE article_hash = $1 AND author = $2 AND target_key = ANY($3::text[]) AND current', [
      hash,
      request.author,
      keys,
    ]);
    const current = currentFlags(values);
    // created_at null: the server's now(), the same for every decision of the request.
    const stored = { article_id: article.id, article_hash: hash, author: request.author, created_at: null, model_version: article.model_version };
    await insertRows(sql, values.map((v, i) => ({ ...v, ...stored, current: current[i] })));
    await sql.query('UPDATE annotation_revisions SET revision = $2 WHERE article_hash = $1', [hash, revision + 1]);
    const ids = values.map((v) => v.id);
    const read = await sql.query<AnnotationRow>(
      `SELECT ${ANNOTATION_COLUMNS} FROM annotations x
       WHERE x.article_hash = $1 AND (x.id = ANY($2::text[]) OR (x.current AND x.target_key = ANY($3::text[]))) ORDER BY x.seq`,
      [hash, ids, keys],
    );
    return annotateResultOf(read.rows, ids, revision + 1);
  }

  /** The article's revision, its row created when missing and locked until commit: concurrent requests on it queue here. */
  private async lockRevision(sql: Sql, hash: string): Promise<number> {
    await sql.query('INSERT INTO annotation_revisions (article_hash, revision) VALUES ($1, 0) ON CONFLICT (article_hash) DO NOTHING', [hash]);
    const row = await sql.query<{ revision: number }>('SELECT revision FROM annotation_revisions WHERE article_hash = $1 FOR UPDATE', [hash]);
    return row.rows[0].revision;
  }

  async annotationsOf(articleId: string): Promise<{ revision: number; annotations: Annotation[] } | undefined> {
    const found = await this.pool.query<{ hash: string; revision: number | null }>(
      'SELECT a.hash, r.revision FROM articles a LEFT JOIN annotation_revisions r ON r.article_hash = a.hash WHERE a.id = $1',
      [articleId],
    );
    if (found.rows.length === 0) return undefined;
    // The revision is read before the rows: a client never holds a revision newer than the decisions it saw.
    const { hash, revision } = found.rows[0];
    const rows = await this.pool.query<AnnotationRow>(`SELECT ${ANNOTATION_COLUMNS} FROM annotations x WHERE x.article_hash = $1 ORDER BY x.seq`, [hash]);
    return { revision: revision ?? 0, annotations: rows.rows.map(annotationOf) };
  }

  async importAnnotations(records: readonly Annotation[]): Promise<{ imported: number; skipped: number }> {
    const rows = records.map((r, i) => importedRowOf(r, i));
    if (rows.length === 0) return { imported: 0, skipped: 0 };
    return this.transact('importing annotations', async (sql) => {
      // The revision rows first, in one order: an annotate request on one of these articles waits until the import commits.
      const hashes = [...new Set(rows.map((r) => r.article_hash))].sort();
      await sql.query(
        `INSERT INTO annotation_revisions (article_hash, revision) SELECT h, 0 FROM unnest($1::text[]) h ON CONFLICT (article_hash) DO NOTHING`,
        [hashes],
      );
      await sql.query('SELECT 1 FROM annotation_revisions WHERE article_hash = ANY($1::text[]) ORDER BY article_hash FOR UPDATE', [hashes]);
      const inserted = await insertRows(sql, rows);
      const touched = [...new Set(inserted.map((r) => r.article_hash))];
      await sql.query(
        `UPDATE annotations x SET current = false
         FROM (SELECT id, row_number() OVER (PARTITION BY article_hash, author, target_key ORDER BY created_at DESC, seq DESC) AS rn
               FROM annotations WHERE current AND article_hash = ANY($1::text[])) r
         WHERE x.id = r.id AND r.rn > 1`,
        [touched],
      );
      await sql.query('UPDATE annotation_revisions SET revision = revision + 1 WHERE article_hash = ANY($1::text[])', [touched]);
      return { imported: inserted.length, skipped: rows.length - inserted.length };
    });
  }

  /** Pages on (article_id, seq), as the SQLite store does, so no cursor or transaction stays open between chunks. */
  async *allAnnotations(filter: AnnotationFilter = {}): AsyncIterable<Annotation> {
    const params: unknown[] = ['', -1];
    const where = ['(x.article_id, x.seq) > ($1, $2)'];
    for (const [column, value] of [['task', filter.task], ['author', filter.author]] as const) {
      if (value !== undefined) where.push(`x.${column} = $${params.push(value)}`);
    }
    if (filter.currentOnly ?? true) where.push('x.current');
    const limit = `$${params.push(ANNOTATION_CHUNK)}`;
    const page = `SELECT x.seq, ${ANNOTATION_COLUMNS} FROM annotations x WHERE ${where.join(' AND ')} ORDER BY x.article_id, x.seq LIMIT ${limit}`;
    for (;;) {
      const rows = (await this.pool.query<AnnotationRow & { seq: string }>(page, params)).rows;
      for (const r of rows) yield annotationOf(r);
      if (rows.length < ANNOTATION_CHUNK) return;
      const last = rows[rows.length - 1];
      params[0] = last.article_id;
      params[1] = last.seq;
    }
  }
}

/** A decision to insert: a request's (created_at null: the server's now()) or a copied one. */
type InsertRow = Omit<ImportedRow, 'created_at'> & { created_at: string | null };

/** Inserts decisions in their order (so seq follows it) in one statement; an id already present is skipped. The rows inserted. */
async function insertRows(sql: Sql, rows: readonly InsertRow[]): Promise<{ id: string; article_hash: string }[]> {
  const col = <T>(f: (r: InsertRow) => T) => rows.map(f);
  const res = await sql.query<{ id: string; article_hash: string }>(
    `INSERT INTO annotations (id, article_id, article_hash, task, label, entity, span_start, span_end, target_key, decision, note,
       author, created_at, model_version, override_label, override_score, current)
     SELECT r.id, r.article_id, r.article_hash, r.task, r.label, r.entity, r.span_start, r.span_end, r.target_key, r.decision, r.note,
            r.author, coalesce(r.created_at, now()), r.model_version, r.override_label, r.override_score, r.current
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[],
                 $11::text[], $12::text[], $13::timestamptz[], $14::text[], $15::text[], $16::float8[], $17::bool[]) WITH ORDINALITY
          AS r(id, article_id, article_hash, task, label, entity, span_start, span_end, target_key, decision, note,
               author, created_at, model_version, override_label, override_score, current, n)
     ORDER BY r.n
     ON CONFLICT (id) DO NOTHING
     RETURNING id, article_hash`,
    [
      col((r) => r.id), col((r) => r.article_id), col((r) => r.article_hash), col((r) => r.task), col((r) => r.label), col((r) => r.entity),
      col((r) => r.span_start), col((r) => r.span_end), col((r) => r.target_key), col((r) => r.decision), col((r) => r.note),
      col((r) => r.author), col((r) => r.created_at), col((r) => r.model_version), col((r) => r.override_label), col((r) => r.override_score),
      col((r) => r.current),
    ],
  );
  return res.rows;
}

function noArticle(id: string): AnnotationError {
  return new AnnotationError('id', `no article ${JSON.stringify(id)} in the store`, 404);
}

const TOKEN_COLUMNS = 'name, role, created_at, revoked_at, last_used_at';

export class PgTokens implements TokenStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly transact: Transact,
  ) {}

  async createToken(name: string, role: Role): Promise<{ secret: string; info: TokenInfo }> {
    checkTokenRequest(name, role);
    const secret = newTokenSecret();
    const created = await this.transact('creating a token', (sql) =>
      sql.query<{ created_at: Date }>(
        'INSERT INTO api_tokens (name, role, secret_hash, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT (name) DO NOTHING RETURNING created_at',
        [name, role, tokenHashOf(secret)],
      ),
    );
    if (created.rows.length === 0) throw duplicateTokenName(name);
    return { secret, info: { name, role, createdAt: isoTime(created.rows[0].created_at) } };
  }

  /**
   * A look-up by hash on every call (no cache), so a revocation holds from the next request; lastUsedAt written in
   * the same statement when it is more than LAST_USED_RESOLUTION_MS old. Idempotent, so a retried read is harmless.
   */
  async verifyToken(secret: string): Promise<TokenInfo | undefined> {
    if (typeof secret !== 'string' || secret === '') return undefined;
    const rows = await this.pool.query<TokenRow>(
      `WITH t AS (SELECT name FROM api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL),
            touched AS (UPDATE api_tokens k SET last_used_at = now() FROM t
                        WHERE k.name = t.name AND (k.last_used_at IS NULL OR k.last_used_at < now() - $2 * interval '1 millisecond')
                        RETURNING k.name, k.last_used_at)
       SELECT k.name, k.role, k.created_at, k.revoked_at, coalesce(touched.last_used_at, k.last_used_at) AS last_used_at
       FROM api_tokens k JOIN t ON t.name = k.name LEFT JOIN touched ON touched.name = k.name`,
      [tokenHashOf(secret), LAST_USED_RESOLUTION_MS],
    );
    return rows.rows[0] && tokenInfoOf(rows.rows[0]);
  }

  async listTokens(): Promise<TokenInfo[]> {
    const rows = await this.pool.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`);
    return rows.rows.map(tokenInfoOf);
  }

  async revokeToken(name: string): Promise<boolean> {
    // coalesce: a second revocation keeps the first time.
    const res = await this.transact('revoking a token', (sql) =>
      sql.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE name = $1', [name]),
    );
    return (res.rowCount ?? 0) > 0;
  }

  async exportTokens(): Promise<StoredToken[]> {
    const rows = await this.pool.query<TokenRow & { secret_hash: string }>(`SELECT ${TOKEN_COLUMNS}, secret_hash FROM api_tokens ORDER BY created_at, name`);
    return rows.rows.map(storedTokenOf);
  }

  async importTokens(tokens: readonly StoredToken[]): Promise<number> {
    const checked = tokens.map(checkStoredToken);
    if (checked.length === 0) return 0;
    const col = <T>(f: (t: StoredToken) => T) => checked.map(f);
    const res = await this.transact('importing tokens', (sql) =>
      sql.query(
        `INSERT INTO api_tokens (name, role, secret_hash, created_at, revoked_at, last_used_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])
         ON CONFLICT DO NOTHING`,
        [col((t) => t.name), col((t) => t.role), col((t) => t.secretHash), col((t) => t.createdAt), col((t) => t.revokedAt ?? null), col((t) => t.lastUsedAt ?? null)],
      ),
    );
    return res.rowCount ?? 0;
  }

  async logWrite(entry: WriteLogEntry): Promise<void> {
    const e = checkedLogEntry(entry);
    await this.transact('logging a write', (sql) =>
      sql.query('INSERT INTO write_log (at, author, action, target) VALUES ($1, $2, $3, $4)', [e.at, e.author, e.action, e.target]),
    );
  }

  async writeLog(limit?: number): Promise<WriteLogEntry[]> {
    const rows = await this.pool.query<{ at: Date; author: string; action: string; target: string }>(
      'SELECT at, author, action, target FROM write_log ORDER BY seq DESC LIMIT $1',
      [logLimit(limit)],
    );
    return rows.rows.map((r) => ({ at: isoTime(r.at), author: r.author, action: r.action, target: r.target }));
  }
}
