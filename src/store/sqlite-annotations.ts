/**
 * Analysts' decisions, named tokens and the write log in the SQLite store (src/store/annotations.ts): append-only
 * annotation rows keyed by article id and content hash, a revision per article, tokens kept as SHA-256 hashes. Runs
 * on the store's write connection, each annotate request in one immediate transaction.
 */
import type Database from 'better-sqlite3';
import type { Analysis } from '../schema.js';
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
  LAST_USED_RESOLUTION_MS,
  logLimit,
  newTokenSecret,
  rowValuesOf,
  tokenHashOf,
  storedTokenOf,
  tokenInfoOf,
  type AnnotationRow,
  type TokenRow,
} from './annotation-records.js';
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
} from './annotations.js';

type Db = Database.Database;

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The tables (migration v9 of sqlite.ts). Annotations have no foreign key to articles: a decision outlives the
 * article it was made on, and is found again through article_hash when the same text is ingested again. Triggers
 * keep the table append-only: a row is never deleted, and only its `current` flag may change, from 1 to 0.
 */
export function migrateAnnotationTables(db: Db): void {
  db.exec(`
    CREATE TABLE annotations (
      seq            INTEGER PRIMARY KEY,
      id             TEXT NOT NULL UNIQUE,
      article_id     TEXT NOT NULL,
      article_hash   TEXT NOT NULL,
      task           TEXT NOT NULL,
      label          TEXT NOT NULL,
      entity         TEXT,
      span_start     INTEGER,
      span_end       INTEGER,
      target_key     TEXT NOT NULL,               -- annotation-records.ts targetKeyOf: same key, same target
      decision       TEXT NOT NULL CHECK (decision IN (${sqlList(DECISIONS)})),
      note           TEXT,
      author         TEXT NOT NULL,
      created_at     TEXT NOT NULL,
      model_version  TEXT NOT NULL,               -- the analysis's when the decision was made
      override_label TEXT,
      override_score REAL,
      current        INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX annotations_current_target ON annotations(article_hash, target_key) WHERE current = 1;
    CREATE INDEX annotations_hash ON annotations(article_hash, seq);
    CREATE INDEX annotations_article ON annotations(article_id, seq);
    CREATE TRIGGER annotations_no_delete BEFORE DELETE ON annotations BEGIN
      SELECT RAISE(ABORT, 'annotations are append-only');
    END;
    CREATE TRIGGER annotations_no_edit BEFORE UPDATE ON annotations
    WHEN new.seq IS NOT old.seq OR new.id IS NOT old.id OR new.article_id IS NOT old.article_id OR new.article_hash IS NOT old.article_hash
      OR new.target_key IS NOT old.target_key OR new.decision IS NOT old.decision OR new.author IS NOT old.author
      OR new.created_at IS NOT old.created_at OR NOT (new.current = old.current OR new.current = 0)
    BEGIN
      SELECT RAISE(ABORT, 'annotations are append-only: only current may change, from 1 to 0');
    END;

    -- Incremented by each annotate request on the article's text.
    CREATE TABLE annotation_revisions (
      article_hash TEXT PRIMARY KEY,
      revision     INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE api_tokens (
      name         TEXT PRIMARY KEY,              -- the author of the token's writes; stays taken after revocation
      role         TEXT NOT NULL CHECK (role IN (${sqlList(ROLES)})),
      secret_hash  TEXT NOT NULL UNIQUE,          -- SHA-256 of the secret (annotation-records.ts tokenHashOf)
      created_at   TEXT NOT NULL,
      revoked_at   TEXT,
      last_used_at TEXT
    ) WITHOUT ROWID;

    CREATE TABLE write_log (
      seq    INTEGER PRIMARY KEY,
      at     TEXT NOT NULL,
      author TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL
    );
  `);
}

/** The annotation columns, with the ids of other authors' current decisions on the same target that disagree. */
const ANNOTATION_COLUMNS = `x.id, x.article_id, x.article_hash, x.task, x.label, x.entity, x.span_start, x.span_end, x.decision, x.note,
  x.author, x.created_at, x.model_version, x.override_label, x.override_score, x.current,
  CASE WHEN x.current = 1 THEN (SELECT group_concat(o.id) FROM annotations o
    WHERE o.article_hash = x.article_hash AND o.target_key = x.target_key AND o.current = 1 AND o.author <> x.author
      AND (o.decision = 'reject') <> (x.decision = 'reject')) END AS conflicts_with`;

interface ArticleAnnotated {
  id: string;
  hash: string;
  raw: string;
  model_version: string;
  json: string;
}

export class SqliteAnnotations implements AnnotationStore {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      article: db.prepare<[string], ArticleAnnotated>(
        'SELECT a.id, a.hash, a.raw, n.model_version, n.json FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.id = ?',
      ),
      hashOf: db.prepare<[string], { hash: string }>('SELECT hash FROM articles WHERE id = ?'),
      revision: db.prepare<[string], { revision: number }>('SELECT revision FROM annotation_revisions WHERE article_hash = ?'),
      setRevision: db.prepare<[string, number]>(
        'INSERT INTO annotation_revisions (article_hash, revision) VALUES (?, ?) ON CONFLICT(article_hash) DO UPDATE SET revision = excluded.revision',
      ),
      supersede: db.prepare<[string, string, string]>(
        'UPDATE annotations SET current = 0 WHERE article_hash = ? AND author = ? AND target_key = ? AND current = 1',
      ),
      insert: db.prepare(
        `INSERT INTO annotations (id, article_id, article_hash, task, label, entity, span_start, span_end, target_key, decision, note,
           author, created_at, model_version, override_label, override_score, current)
         VALUES (@id, @article_id, @article_hash, @task, @label, @entity, @span_start, @span_end, @target_key, @decision, @note,
           @author, @created_at, @model_version, @override_label, @override_score, @current)
         ON CONFLICT(id) DO NOTHING`,
      ),
      ofRequest: db.prepare<[string, string, string], AnnotationRow>(
        `SELECT ${ANNOTATION_COLUMNS} FROM annotations x WHERE x.article_hash = ?
           AND (x.id IN (SELECT value FROM json_each(?)) OR (x.current = 1 AND x.target_key IN (SELECT value FROM json_each(?))))
         ORDER BY x.seq`,
      ),
      ofHash: db.prepare<[string], AnnotationRow>(`SELECT ${ANNOTATION_COLUMNS} FROM annotations x WHERE x.article_hash = ? ORDER BY x.seq`),
    };
  }

  async annotate(request: AnnotateRequest): Promise<AnnotateResult> {
    checkRequest(request);
    return this.db.transaction(() => this.annotateNow(request)).immediate();
  }

  private annotateNow(request: AnnotateRequest): AnnotateResult {
    const article = this.stmt.article.get(request.articleId);
    if (!article) throw new AnnotationError('id', `no article ${JSON.stringify(request.articleId)} in the store`, 404);
    const revision = this.stmt.revision.get(article.hash)?.revision ?? 0;
    checkAgainstArticle(request, { raw: article.raw, modelVersion: article.model_version, revision });
    const analysis = JSON.parse(article.json) as Analysis;
    const createdAt = new Date().toISOString();
    const values = request.decisions.map((d) => rowValuesOf(d, analysis));
    const keys = [...new Set(values.map((v) => v.target_key))];
    for (const key of keys) this.stmt.supersede.run(article.hash, request.author, key);
    const current = currentFlags(values);
    values.forEach((v, i) => {
      const row = { ...v, article_id: article.id, article_hash: article.hash, author: request.author, created_at: createdAt, model_version: article.model_version };
      this.stmt.insert.run({ ...row, current: current[i] ? 1 : 0 });
    });
    this.stmt.setRevision.run(article.hash, revision + 1);
    const ids = values.map((v) => v.id);
    const rows = this.stmt.ofRequest.all(article.hash, JSON.stringify(ids), JSON.stringify(keys));
    return annotateResultOf(rows, ids, revision + 1);
  }

  async annotationsOf(articleId: string): Promise<{ revision: number; annotations: Annotation[] } | undefined> {
    const found = this.stmt.hashOf.get(articleId);
    if (!found) return undefined;
    return {
      revision: this.stmt.revision.get(found.hash)?.revision ?? 0,
      annotations: this.stmt.ofHash.all(found.hash).map(annotationOf),
    };
  }

  async importAnnotations(records: readonly Annotation[]): Promise<{ imported: number; skipped: number }> {
    const rows = records.map((r, i) => importedRowOf(r, i));
    return this.db.transaction(() => {
      const hashes = new Set<string>();
      let imported = 0;
      for (const r of rows) {
        if (this.stmt.insert.run({ ...r, current: r.current ? 1 : 0 }).changes === 0) continue;
        imported++;
        hashes.add(r.article_hash);
      }
      this.settleImport([...hashes]);
      return { imported, skipped: rows.length - imported };
    }).immediate();
  }

  /** After an import: the latest of each author's current decisions on a target stays current; the revisions move on. */
  private settleImport(hashes: string[]): void {
    const list = JSON.stringify(hashes);
    this.db
      .prepare(
        `UPDATE annotations SET current = 0 WHERE id IN (
           SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY article_hash, author, target_key ORDER BY created_at DESC, seq DESC) AS rn
                           FROM annotations WHERE current = 1 AND article_hash IN (SELECT value FROM json_each(?)))
           WHERE rn > 1)`,
      )
      .run(list);
    for (const hash of hashes) this.stmt.setRevision.run(hash, (this.stmt.revision.get(hash)?.revision ?? 0) + 1);
  }

  /** Pages on (article_id, seq), so no statement stays open between chunks and writes may go on meanwhile. */
  async *allAnnotations(filter: AnnotationFilter = {}): AsyncIterable<Annotation> {
    const where = ['(x.article_id, x.seq) > (?, ?)'];
    const params: (string | number)[] = [];
    for (const [column, value] of [['task', filter.task], ['author', filter.author]] as const) {
      if (value === undefined) continue;
      where.push(`x.${column} = ?`);
      params.push(value);
    }
    if (filter.currentOnly ?? true) where.push('x.current = 1');
    const page = this.db.prepare<(string | number)[], AnnotationRow & { seq: number }>(
      `SELECT x.seq, ${ANNOTATION_COLUMNS} FROM annotations x WHERE ${where.join(' AND ')} ORDER BY x.article_id, x.seq LIMIT ?`,
    );
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = page.all(...after, ...params, ANNOTATION_CHUNK);
      for (const r of rows) yield annotationOf(r);
      if (rows.length < ANNOTATION_CHUNK) return;
      const last = rows[rows.length - 1];
      after = [last.article_id, last.seq];
    }
  }
}

export class SqliteTokens implements TokenStore {
  constructor(private readonly db: Db) {}

  async createToken(name: string, role: Role): Promise<{ secret: string; info: TokenInfo }> {
    checkTokenRequest(name, role);
    const secret = newTokenSecret();
    const createdAt = new Date().toISOString();
    const inserted = this.db
      .prepare('INSERT INTO api_tokens (name, role, secret_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO NOTHING')
      .run(name, role, tokenHashOf(secret), createdAt);
    if (inserted.changes === 0) throw duplicateTokenName(name);
    return { secret, info: { name, role, createdAt } };
  }

  /** A look-up by hash on every call (no cache), so a revocation holds from the next request. */
  async verifyToken(secret: string): Promise<TokenInfo | undefined> {
    if (typeof secret !== 'string' || secret === '') return undefined;
    const row = this.db
      .prepare<[string], TokenRow>('SELECT name, role, created_at, revoked_at, last_used_at FROM api_tokens WHERE secret_hash = ? AND revoked_at IS NULL')
      .get(tokenHashOf(secret));
    if (!row) return undefined;
    const now = new Date();
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    const touched = this.db
      .prepare('UPDATE api_tokens SET last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)')
      .run(now.toISOString(), row.name, stale);
    return tokenInfoOf(touched.changes ? { ...row, last_used_at: now.toISOString() } : row);
  }

  async listTokens(): Promise<TokenInfo[]> {
    return this.db
      .prepare<[], TokenRow>('SELECT name, role, created_at, revoked_at, last_used_at FROM api_tokens ORDER BY created_at, name')
      .all()
      .map(tokenInfoOf);
  }

  async revokeToken(name: string): Promise<boolean> {
    // coalesce: a second revocation keeps the first time.
    const res = this.db.prepare('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE name = ?').run(new Date().toISOString(), name);
    return res.changes > 0;
  }

  async exportTokens(): Promise<StoredToken[]> {
    return this.db
      .prepare<[], TokenRow & { secret_hash: string }>('SELECT name, role, secret_hash, created_at, revoked_at, last_used_at FROM api_tokens ORDER BY created_at, name')
      .all()
      .map(storedTokenOf);
  }

  async importTokens(tokens: readonly StoredToken[]): Promise<number> {
    const checked = tokens.map(checkStoredToken);
    const insert = this.db.prepare(
      `INSERT INTO api_tokens (name, role, secret_hash, created_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    return this.db.transaction(() =>
      checked.reduce((n, t) => n + insert.run(t.name, t.role, t.secretHash, t.createdAt, t.revokedAt ?? null, t.lastUsedAt ?? null).changes, 0),
    )();
  }

  async logWrite(entry: WriteLogEntry): Promise<void> {
    const e = checkedLogEntry(entry);
    this.db.prepare('INSERT INTO write_log (at, author, action, target) VALUES (?, ?, ?, ?)').run(e.at, e.author, e.action, e.target);
  }

  async writeLog(limit?: number): Promise<WriteLogEntry[]> {
    return this.db
      .prepare<[number], WriteLogEntry>('SELECT at, author, action, target FROM write_log ORDER BY seq DESC LIMIT ?')
      .all(logLimit(limit));
  }
}
