/**
 * CorpusQueries over the SQLite store's tables: filters become `IN (SELECT … FROM labels …)` clauses
 * on the indexed labels table and an FTS5 MATCH, so a listing or a statistics query over some ten
 * thousand articles stays within tens of milliseconds. Opens its own read connection on the store's
 * file (WAL lets it read while the store writes), so it needs nothing from SqliteStore's internals.
 */
import Database from 'better-sqlite3';
import type { Analysis } from '../schema.js';
import { quoteFtsTerms, STORE_SCHEMA_VERSION } from './sqlite.js';
import {
  FilterError,
  type ArticleListItem,
  type ArticlePage,
  type CorpusFilter,
  type CorpusQueries,
  type CorpusStats,
  type Count,
  type ExportRecord,
  type LabelScore,
  type StatsOptions,
  type TimeBucket,
} from './queries.js';

type Db = Database.Database;
type Param = string | number;

/** Marks put around matched terms in search snippets (private-use characters, never in real text). */
export const SNIPPET_OPEN = '\uE000';
export const SNIPPET_CLOSE = '\uE001';

/** The day an article is dated by: its publication date when it starts with YYYY-MM-DD, else its ingest date. */
const DAY = `(CASE WHEN a.published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
  THEN substr(a.published_at, 1, 10) ELSE substr(a.ingested_at, 1, 10) END)`;


const MAIN_ROLES = new Set(['Protagonist', 'Antagonist', 'Innocent']);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Label filters: filter field → labels.task. */
const LABEL_FILTERS: [keyof CorpusFilter, string][] = [
  ['narrative', 'narrative'],
  ['subNarrative', 'subnarrative'],
  ['technique', 'technique'],
  ['domain', 'domain'],
  ['genre', 'genre'],
  ['frame', 'frame'],
];

interface Where {
  sql: string;
  params: Param[];
}

/** Builds the WHERE clause (over `articles a`) of a filter, with the FTS query given separately. */
function whereOf(filter: CorpusFilter, fts: string | undefined): Where {
  const clauses: string[] = [];
  const params: Param[] = [];
  for (const [field, task] of LABEL_FILTERS) {
    const value = filter[field];
    if (value) {
      clauses.push('a.id IN (SELECT article_id FROM labels WHERE task = ? AND label = ?)');
      params.push(task, value);
    }
  }
  const { entity, role } = filter;
  if (entity && role && MAIN_ROLES.has(role)) {
    clauses.push(`a.id IN (SELECT article_id FROM labels WHERE task = 'entity-role' AND label = ?)`);
    params.push(`${role}/${entity}`);
  } else if (entity && role) {
    // A fine role of one entity is not in the labels table: narrow by entity, then look in the analysis.
    clauses.push(`a.id IN (SELECT article_id FROM labels WHERE task = 'entity' AND label = ?)`);
    clauses.push(`EXISTS (SELECT 1 FROM analyses n, json_each(n.json, '$.entities') e, json_each(e.value, '$.fineRoles') r
                   WHERE n.article_id = a.id AND json_extract(e.value, '$.name') = ? AND json_extract(r.value, '$.role') = ?)`);
    params.push(entity, entity, role);
  } else if (entity) {
    clauses.push(`a.id IN (SELECT article_id FROM labels WHERE task = 'entity' AND label = ?)`);
    params.push(entity);
  } else if (role) {
    clauses.push(`a.id IN (SELECT article_id FROM labels WHERE task IN ('main-role', 'fine-role') AND label = ?)`);
    params.push(role);
  }
  if (filter.language) {
    clauses.push('a.language = ?');
    params.push(filter.language);
  }
  if (filter.source) {
    clauses.push('a.source = ?');
    params.push(filter.source);
  }
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (!value) continue;
    if (!ISO_DAY.test(value)) throw new FilterError(field, `"${field}" must be a date as YYYY-MM-DD, got "${value}"`);
    clauses.push(`${DAY} ${field === 'from' ? '>=' : '<='} ?`);
    params.push(value);
  }
  if (fts) {
    clauses.push('a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)');
    params.push(fts);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}


/** Consecutive periods from `first` to `last` (inclusive), or null when there would be more than `max`. */
export function fillPeriods(first: string, last: string, bucket: TimeBucket, max = 1000): string[] | null {
  const out: string[] = [];
  if (bucket === 'month') {
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      if (out.length > max) return null;
      if (++m > 12) [y, m] = [y + 1, 1];
    }
    return out;
  }
  const step = bucket === 'week' ? 7 : 1;
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += step * 86_400_000) {
    if (Number.isNaN(t)) return null;
    out.push(new Date(t).toISOString().slice(0, 10));
    if (out.length > max) return null;
  }
  return out;
}

interface ListRow {
  seq: number;
  id: string;
  hash: string;
  title: string;
  language: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  ingested_at: string;
  day: string;
}

export class SqliteCorpusQueries implements CorpusQueries {
  private readonly db: Db;
  private readonly ownsDb: boolean;
  private readonly statements = new Map<string, Database.Statement>();
  /** Statistics already computed, valid while no other connection commits (`PRAGMA data_version`). */
  private readonly statsCache = new Map<string, CorpusStats>();
  private cachedVersion = -1;
  private readonly cacheSize: number;

  /** Opens a connection on the store file at `path`, or uses an open database handle. */
  /** `statsCacheSize`: how many statistics results to keep (0: none); default 64. */
  constructor(pathOrDb: string | Db, options: { statsCacheSize?: number } = {}) {
    this.cacheSize = options.statsCacheSize ?? 64;
    if (typeof pathOrDb === 'string') {
      this.db = new Database(pathOrDb, { fileMustExist: true });
      this.db.pragma('busy_timeout = 5000');
      this.ownsDb = true;
    } else {
      this.db = pathOrDb;
      this.ownsDb = false;
    }
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version !== STORE_SCHEMA_VERSION) {
      throw new Error(`database schema is at version ${version}, expected ${STORE_SCHEMA_VERSION}; open it once with the store to migrate`);
    }
    if (this.ownsDb) {
      // Reads only: a large page cache and memory-mapped reads keep scans of the article table off the disk.
      this.db.pragma('cache_size = -131072');
      this.db.pragma('mmap_size = 268435456');
    }
    this.db.pragma('temp_store = MEMORY');
    // The article rows carry whole texts, so a scan of the table reads the texts too; this covering
    // index holds just the facet columns, for counts, date filters and the newest-first order.
    this.db.exec('CREATE INDEX IF NOT EXISTS articles_facets ON articles(published_at, ingested_at, language, source, id)');
    // The filtered set of one statistics request, computed once and joined by every count. The
    // counts join it as `labels CROSS JOIN selection`, which pins the plan: walk the labels of one
    // task through their (task, label) index and look each article up in the small selection table.
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS selection (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL, day TEXT, language TEXT, source TEXT)`);
    this.db.exec('CREATE UNIQUE INDEX IF NOT EXISTS temp.selection_id ON selection(id)');
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private all<T>(sql: string, params: readonly Param[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  /**
   * Runs `fn` with the filter's full-text query; a query that is not valid FTS5 syntax is retried
   * with each term quoted, and a FilterError names `q` when even that fails.
   */
  private withFts<T>(filter: CorpusFilter, fn: (fts: string | undefined) => T): { result: T; fts?: string; quoted: boolean } {
    const q = filter.q?.trim();
    if (!q) return { result: fn(undefined), quoted: false };
    try {
      return { result: fn(q), fts: q, quoted: false };
    } catch (err) {
      if (!(err instanceof Database.SqliteError)) throw err;
    }
    const quoted = quoteFtsTerms(q);
    try {
      return { result: fn(quoted), fts: quoted, quoted: true };
    } catch (err) {
      if (!(err instanceof Database.SqliteError)) throw err;
      throw new FilterError('q', `cannot search for ${JSON.stringify(q)}: ${err.message}`);
    }
  }

  listArticles(filter: CorpusFilter, page: { limit?: number; offset?: number } = {}): ArticlePage {
    const limit = page.limit ?? 20;
    const offset = page.offset ?? 0;
    const cols = `a.seq, a.id, a.hash, a.title, a.language, a.source, a.url, a.published_at, a.ingested_at, ${DAY} AS day`;
    const run = (fts: string | undefined) => {
      const where = whereOf({ ...filter, q: undefined }, undefined);
      if (fts) {
        const cond = `articles_fts MATCH ?${where.sql ? ` AND ${where.sql.slice('WHERE '.length)}` : ''}`;
        const from = `FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid WHERE ${cond}`;
        const total = this.all<{ n: number }>(`SELECT count(*) AS n ${from}`, [fts, ...where.params])[0].n;
        const rows = this.all<ListRow>(`SELECT ${cols} ${from} ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ? OFFSET ?`, [
          fts,
          ...where.params,
          limit,
          offset,
        ]);
        return { total, rows };
      }
      const total = this.all<{ n: number }>(`SELECT count(*) AS n FROM articles a ${where.sql}`, where.params)[0].n;
      const rows = this.all<ListRow>(`SELECT ${cols} FROM articles a ${where.sql} ORDER BY day DESC, a.seq DESC LIMIT ? OFFSET ?`, [
        ...where.params,
        limit,
        offset,
      ]);
      return { total, rows };
    };
    const { result, fts, quoted } = this.withFts(filter, run);
    const snippets = fts ? this.snippets(fts, result.rows.map((r) => r.seq)) : new Map<number, string>();
    const labels = this.topLabels(result.rows.map((r) => r.id));
    const items = result.rows.map((r): ArticleListItem => {
      const l = labels.get(r.id);
      return {
        id: r.id,
        hash: r.hash,
        title: r.title,
        language: r.language,
        ...(r.source != null ? { source: r.source } : {}),
        ...(r.url != null ? { url: r.url } : {}),
        ...(r.published_at != null ? { publishedAt: r.published_at } : {}),
        ingestedAt: r.ingested_at,
        date: r.day,
        ...(l?.domain ? { domain: l.domain } : {}),
        ...(l?.genre ? { genre: l.genre } : {}),
        ...(snippets.has(r.seq) ? { snippet: snippets.get(r.seq) } : {}),
        narratives: l?.narrative ?? [],
        subNarratives: l?.subnarrative ?? [],
        techniques: (l?.technique ?? []).slice(0, 5),
      };
    });
    return { total: result.total, offset, limit, items, ...(fts ? { search: { query: fts, quoted } } : {}) };
  }

  /** Snippets for a page of search hits only (computing them inside the ranked query would do it for every match). */
  private snippets(fts: string, seqs: number[]): Map<number, string> {
    if (seqs.length === 0) return new Map();
    const rows = this.all<{ rowid: number; snippet: string }>(
      `SELECT rowid, snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet FROM articles_fts
       WHERE articles_fts MATCH ? AND rowid IN (${seqs.map(() => '?').join(',')})`,
      [SNIPPET_OPEN, SNIPPET_CLOSE, fts, ...seqs],
    );
    return new Map(rows.map((r) => [r.rowid, r.snippet]));
  }

  private topLabels(ids: string[]) {
    type Labels = { domain?: string; genre?: string; narrative: LabelScore[]; subnarrative: LabelScore[]; technique: LabelScore[] };
    const out = new Map<string, Labels>();
    if (ids.length === 0) return out;
    const rows = this.all<{ article_id: string; task: string; label: string; score: number }>(
      `SELECT article_id, task, label, score FROM labels
       WHERE article_id IN (${ids.map(() => '?').join(',')}) AND task IN ('domain', 'genre', 'narrative', 'subnarrative', 'technique')
       ORDER BY score DESC`,
      ids,
    );
    for (const r of rows) {
      let l = out.get(r.article_id);
      if (!l) out.set(r.article_id, (l = { narrative: [], subnarrative: [], technique: [] }));
      if (r.task === 'domain' || r.task === 'genre') l[r.task] ??= r.label;
      else l[r.task as 'narrative' | 'subnarrative' | 'technique'].push({ label: r.label, score: r.score });
    }
    return out;
  }

  stats(filter: CorpusFilter, options: StatsOptions = {}): CorpusStats {
    if (this.cacheSize <= 0) return this.computeStats(filter, options);
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.cachedVersion) {
      this.statsCache.clear();
      this.cachedVersion = version;
    }
    const key = JSON.stringify([Object.entries(filter).filter(([, v]) => v).sort(), options.bucket, options.top, options.timelineSeries]);
    let stats = this.statsCache.get(key);
    if (stats) {
      this.statsCache.delete(key); // most recently used goes last
    } else {
      stats = this.computeStats(filter, options);
      if (this.statsCache.size >= this.cacheSize) this.statsCache.delete(this.statsCache.keys().next().value!);
    }
    this.statsCache.set(key, stats);
    return stats;
  }

  private computeStats(filter: CorpusFilter, options: StatsOptions): CorpusStats {
    const bucket = options.bucket ?? 'week';
    const top = options.top ?? 30;
    const series = options.timelineSeries ?? 6;
    // Synchronous from here to the end: no other request can touch the selection table meanwhile.
    return this.db.transaction(() => {
      this.withFts(filter, (fts) => this.select(filter, fts));
      const everything = Object.values(filter).every((v) => v === undefined || v === '');
      return this.statsOfSelection(bucket, top, series, everything);
    })();
  }

  /** Fills the temporary selection table with the filtered articles (an FTS query drives the join). */
  private select(filter: CorpusFilter, fts: string | undefined): void {
    this.prepare('DELETE FROM temp.selection').run();
    const where = whereOf({ ...filter, q: undefined }, undefined);
    const insert = `INSERT INTO temp.selection (seq, id, day, language, source) SELECT a.seq, a.id, ${DAY}, a.language, a.source`;
    if (fts) {
      const cond = `articles_fts MATCH ?${where.sql ? ` AND ${where.sql.slice('WHERE '.length)}` : ''}`;
      this.prepare(`${insert} FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid WHERE ${cond}`).run(fts, ...where.params);
    } else {
      this.prepare(`${insert} FROM articles a ${where.sql}`).run(...where.params);
    }
  }

  private statsOfSelection(bucket: TimeBucket, top: number, series: number, everything: boolean): CorpusStats {
    // The whole corpus needs no join: the (task, label) index alone answers the label counts.
    const inSelection = everything ? '' : 'CROSS JOIN temp.selection s ON s.id = l.article_id';
    const labelRows = this.all<{ task: string; label: string; count: number }>(
      `SELECT l.task, l.label, count(*) AS count FROM labels l ${inSelection}
       WHERE l.task IN ('narrative', 'subnarrative', 'technique', 'domain', 'genre', 'frame', 'main-role', 'fine-role')
       GROUP BY l.task, l.label ORDER BY count DESC, l.label`,
      [],
    );
    const byTask = new Map<string, Count[]>();
    for (const r of labelRows) {
      const list = byTask.get(r.task) ?? [];
      if (list.length < top) list.push({ label: r.label, count: r.count });
      byTask.set(r.task, list);
    }
    const counts = (task: string) => byTask.get(task) ?? [];

    // Top entities per main role, ranked inside SQL so only a few rows per role come back.
    const entityRows = this.all<{ role: string; entity: string; count: number }>(
      `SELECT role, entity, count FROM (
         SELECT substr(l.label, 1, instr(l.label, '/') - 1) AS role, substr(l.label, instr(l.label, '/') + 1) AS entity,
                count(*) AS count,
                row_number() OVER (PARTITION BY substr(l.label, 1, instr(l.label, '/') - 1) ORDER BY count(*) DESC, l.label) AS rank
         FROM labels l ${inSelection} WHERE l.task = 'entity-role' GROUP BY l.label)
       WHERE rank <= ? ORDER BY role, count DESC`,
      [Math.min(top, 15)],
    );
    const entitiesByRole = ['Protagonist', 'Antagonist', 'Innocent'].map((role) => ({
      role,
      entities: entityRows.filter((r) => r.role === role).map((r) => ({ label: r.entity, count: r.count })),
    }));

    const group = (column: 'language' | 'source') =>
      this.all<Count>(
        `SELECT ${column} AS label, count(*) AS count FROM temp.selection WHERE ${column} IS NOT NULL
         GROUP BY ${column} ORDER BY count DESC, label LIMIT ?`,
        [top],
      );
    const total = this.all<{ n: number }>('SELECT count(*) AS n FROM temp.selection', [])[0].n;
    return {
      total,
      narratives: counts('narrative'),
      subNarratives: counts('subnarrative'),
      techniques: counts('technique'),
      domains: counts('domain'),
      genres: counts('genre'),
      frames: counts('frame'),
      mainRoles: counts('main-role'),
      fineRoles: counts('fine-role'),
      entitiesByRole,
      languages: group('language'),
      sources: group('source'),
      timeline: this.timeline(bucket, counts('narrative').slice(0, series).map((c) => c.label)),
    };
  }

  private timeline(bucket: TimeBucket, narratives: string[]): CorpusStats['timeline'] {
    const period = { day: 's.day', week: "date(s.day, '-6 days', 'weekday 1')", month: 'substr(s.day, 1, 7)' }[bucket];
    const totals = this.all<{ p: string; n: number }>(`SELECT ${period} AS p, count(*) AS n FROM temp.selection s GROUP BY p ORDER BY p`, []).filter(
      (r) => r.p != null,
    );
    const periods = totals.length ? (fillPeriods(totals[0].p, totals[totals.length - 1].p, bucket) ?? totals.map((r) => r.p)) : [];
    const index = new Map(periods.map((p, i) => [p, i]));
    const total = periods.map(() => 0);
    for (const r of totals) total[index.get(r.p)!] = r.n;
    const seriesCounts = new Map(narratives.map((n) => [n, periods.map(() => 0)]));
    if (narratives.length) {
      const rows = this.all<{ p: string; label: string; n: number }>(
        `SELECT ${period} AS p, l.label, count(*) AS n FROM labels l CROSS JOIN temp.selection s ON s.id = l.article_id
         WHERE l.task = 'narrative' AND l.label IN (${narratives.map(() => '?').join(',')})
         GROUP BY p, l.label`,
        narratives,
      );
      for (const r of rows) {
        const i = index.get(r.p);
        if (i !== undefined) seriesCounts.get(r.label)![i] = r.n;
      }
    }
    return { bucket, periods, total, narratives: narratives.map((label) => ({ label, counts: seriesCounts.get(label)! })) };
  }

  *exportRecords(filter: CorpusFilter, limit = Number.MAX_SAFE_INTEGER): Iterable<ExportRecord> {
    const chunk = 200;
    let after = 0;
    let left = limit;
    // The FTS query is settled once (quoted if need be), then each chunk is a keyset page on seq.
    const { fts } = this.withFts(filter, (q) => this.all(`SELECT 1 FROM articles a ${whereOf(filter, q).sql} LIMIT 1`, whereOf(filter, q).params));
    const where = whereOf(filter, fts);
    const cond = where.sql ? `${where.sql} AND a.seq > ?` : 'WHERE a.seq > ?';
    while (left > 0) {
      const rows = this.all<Record<string, unknown>>(
        `SELECT a.seq, a.id, a.title, a.raw, a.url, a.source, a.published_at, a.language, a.origin, n.json
         FROM articles a JOIN analyses n ON n.article_id = a.id ${cond} ORDER BY a.seq LIMIT ?`,
        [...where.params, after, Math.min(chunk, left)],
      );
      if (rows.length === 0) return;
      for (const r of rows) {
        yield {
          id: String(r.id),
          title: String(r.title),
          raw: String(r.raw),
          ...(r.url != null ? { url: String(r.url) } : {}),
          ...(r.source != null ? { source: String(r.source) } : {}),
          ...(r.published_at != null ? { publishedAt: String(r.published_at) } : {}),
          language: String(r.language),
          origin: JSON.parse(String(r.origin)),
          analysis: JSON.parse(String(r.json)) as Analysis,
        };
      }
      after = Number(rows[rows.length - 1].seq);
      left -= rows.length;
    }
  }

  close(): void {
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
