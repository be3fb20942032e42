/**
 * The corpus queries of the SQLite engine (listArticles, stats, exportRecords of SqliteStore) over its tables. Every query reads the narrow `article_facets` table
 * (one row per article: day, week, month, language, source and the ids of its counted labels; see
 * migration 2 in sqlite.ts) instead of the article rows, which carry whole texts. Filters are
 * semi-joins on indexed columns (`seq IN (… FTS MATCH …)`, `article_id IN (… labels by (task, label) …)`),
 * and statistics are one pass over the filtered facet rows, counted here rather than by one SQL
 * query per facet. Opens its own read connection on the store's file (WAL lets it read while the
 * store writes, and the statistics cache sees the store's commits), so it needs nothing from
 * SqliteStore's internals.
 */
import Database from 'better-sqlite3';
import { parsePublishedDate } from '../doc/metadata.js';
import type { Analysis } from '../schema.js';
import { TASKS } from '../tasks/registry.js';
import { labelFilters, type AnyTask } from '../tasks/task.js';
import {
  FilterError,
  MAX_LIST_OFFSET,
  type ArticleListItem,
  type ArticlePage,
  type CorpusFilter,
  type CorpusStats,
  type ExportRecord,
  type LabelScore,
  type StatsOptions,
} from './queries.js';
import { assembleStats } from './stats-assembly.js';

type Db = Database.Database;
type Param = string | number;

/** Quotes every whitespace-separated term, so any user text is a valid FTS5 query (terms ANDed). */
export function quoteFtsTerms(query: string): string {
  return query
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => `"${t.replace(/"/g, '""')}"`)
    .join(' ');
}

/** Marks put around matched terms in search snippets (private-use characters, never in real text). */
export const SNIPPET_OPEN = '\uE000';
export const SNIPPET_CLOSE = '\uE001';

const MAIN_ROLES = new Set(['Protagonist', 'Antagonist', 'Innocent']);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** SQL `= 'a'` or `IN ('a', 'b')` for label tasks from the registry (quoted, though task names are plain words). */
function taskCondition(tasks: readonly string[]): string {
  const quoted = tasks.map((t) => `'${t.replace(/'/g, "''")}'`);
  return quoted.length === 1 ? `= ${quoted[0]}` : `IN (${quoted.join(', ')})`;
}

/**
 * The entity and role filters given together select the entity cast in that role, which no single
 * label row says for a fine role: the one filter pair the store answers itself (see tasks/entities/facets.ts).
 */
const ENTITY = 'entity';
const ROLE = 'role';

interface Where {
  sql: string;
  params: Param[];
}

/**
 * Builds the WHERE clause (over `article_facets f`) of a filter, with the FTS query given separately.
 * Each condition is a semi-join answered by an index: labels by (task, label) (its primary key makes
 * that index cover article_id), the FTS index by rowid, facet columns by their own indexes.
 */
function whereOf(filter: CorpusFilter, fts: string | undefined, filters: ReadonlyMap<string, string[]>): Where {
  const clauses: string[] = [];
  const params: Param[] = [];
  const withLabel = (tasks: string, label: string) => {
    clauses.push(`f.article_id IN (SELECT article_id FROM labels WHERE task ${tasks} AND label = ?)`);
    params.push(label);
  };
  const { [ENTITY]: entity, [ROLE]: role } = filter;
  for (const [field, tasks] of filters) {
    const value = filter[field];
    if (value && !(entity && role && (field === ENTITY || field === ROLE))) withLabel(taskCondition(tasks), value);
  }
  if (entity && role && MAIN_ROLES.has(role)) {
    withLabel(`= 'entity-role'`, `${role}/${entity}`);
  } else if (entity && role) {
    // A fine role of one entity is not in the labels table: narrow by entity, then look in those analyses.
    clauses.push(`f.article_id IN (SELECT n.article_id FROM analyses n, json_each(n.json, '$.entities') e, json_each(e.value, '$.fineRoles') r
                   WHERE n.article_id IN (SELECT article_id FROM labels WHERE task = 'entity' AND label = ?)
                     AND json_extract(e.value, '$.name') = ? AND json_extract(r.value, '$.role') = ?)`);
    params.push(entity, entity, role);
  }
  if (filter.language) {
    clauses.push('f.language = ?');
    params.push(filter.language);
  }
  if (filter.source) {
    clauses.push('f.source = ?');
    params.push(filter.source);
  }
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (!value) continue;
    if (!ISO_DAY.test(value) || !parsePublishedDate(value).ok) throw new FilterError(field, `"${field}" must be a calendar date as YYYY-MM-DD, got "${value}"`);
    // A date range selects by publication date: undated articles are outside every range, as on the timeline.
    clauses.push(`f.dated AND f.day ${field === 'from' ? '>=' : '<='} ?`);
    params.push(value);
  }
  if (fts) {
    clauses.push('f.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)');
    params.push(fts);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
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

/** A label the statistics count, as listed in the facet rows by id. */
interface LabelKey {
  task: string;
  label: string;
}

export class SqliteCorpusQueries {
  private readonly db: Db;
  private readonly ownsDb: boolean;
  private readonly statements = new Map<string, Database.Statement>();
  /** Statistics already computed, valid while no other connection commits (`PRAGMA data_version`). */
  private readonly statsCache = new Map<string, CorpusStats>();
  private cachedVersion = -1;
  private readonly cacheSize: number;
  /** label_keys rows read so far: the table only grows and an id never changes meaning, so this is never stale. */
  private readonly labelKeys: LabelKey[] = [];
  private readonly tasks: readonly AnyTask[];
  /** Query parameter → the label tasks it selects by (tasks/task.ts labelFilters). */
  private readonly filters: ReadonlyMap<string, string[]>;

  /**
   * Opens a connection on the store file at `path` (already migrated by SqliteStore), or uses an open database handle.
   * `statsCacheSize`: how many statistics results to keep (0: none); default 64.
   */
  constructor(pathOrDb: string | Db, options: { statsCacheSize?: number; tasks?: readonly AnyTask[] } = {}) {
    this.cacheSize = options.statsCacheSize ?? 64;
    this.tasks = options.tasks ?? TASKS;
    this.filters = labelFilters(this.tasks);
    if (typeof pathOrDb === 'string') {
      this.db = new Database(pathOrDb, { fileMustExist: true });
      this.db.pragma('busy_timeout = 5000');
      this.ownsDb = true;
    } else {
      this.db = pathOrDb;
      this.ownsDb = false;
    }
    if (this.ownsDb) {
      // Reads only: a large page cache and memory-mapped reads keep repeated scans off the disk.
      this.db.pragma('cache_size = -131072');
      this.db.pragma('mmap_size = 268435456');
    }
    this.db.pragma('temp_store = MEMORY');
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
    if (offset > MAX_LIST_OFFSET) throw new FilterError('offset', `"offset" must be at most ${MAX_LIST_OFFSET.toLocaleString('en-US')}, got ${offset}`);
    // The page is chosen on the facet rows (and the FTS index), and only its articles are read:
    // sorting whole article rows would drag their texts through the sorter.
    const run = (fts: string | undefined) => {
      const where = whereOf({ ...filter, q: undefined }, undefined, this.filters);
      if (fts) {
        const cond = `articles_fts MATCH ?${where.sql ? ` AND ${where.sql.slice('WHERE '.length)}` : ''}`;
        const from = `FROM articles_fts JOIN article_facets f ON f.seq = articles_fts.rowid WHERE ${cond}`;
        const total = this.all<{ n: number }>(`SELECT count(*) AS n ${from}`, [fts, ...where.params])[0].n;
        const seqs = this.all<{ seq: number }>(`SELECT f.seq ${from} ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ? OFFSET ?`, [
          fts,
          ...where.params,
          limit,
          offset,
        ]);
        return { total, seqs: seqs.map((r) => r.seq) };
      }
      const total = this.all<{ n: number }>(`SELECT count(*) AS n FROM article_facets f ${where.sql}`, where.params)[0].n;
      const seqs = this.all<{ seq: number }>(`SELECT f.seq FROM article_facets f ${where.sql} ORDER BY f.day DESC, f.seq DESC LIMIT ? OFFSET ?`, [
        ...where.params,
        limit,
        offset,
      ]);
      return { total, seqs: seqs.map((r) => r.seq) };
    };
    const { result, fts, quoted } = this.withFts(filter, run);
    const rows = this.articleRows(result.seqs);
    const snippets = fts ? this.snippets(fts, result.seqs) : new Map<number, string>();
    const labels = this.topLabels(rows.map((r) => r.id));
    const items = rows.map((r): ArticleListItem => {
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

  /** The list fields of the articles `seqs`, in that order. */
  private articleRows(seqs: number[]): ListRow[] {
    if (seqs.length === 0) return [];
    const rows = this.all<ListRow>(
      `SELECT a.seq, a.id, a.hash, a.title, a.language, a.source, a.url, a.published_at, a.ingested_at, f.day
       FROM articles a JOIN article_facets f ON f.seq = a.seq WHERE a.seq IN (${seqs.map(() => '?').join(',')})`,
      seqs,
    );
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    return seqs.map((seq) => bySeq.get(seq)).filter((r): r is ListRow => r !== undefined);
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

  /** The label_keys rows, read up to id `maxId` at least. */
  private keysUpTo(maxId: number): LabelKey[] {
    if (maxId >= this.labelKeys.length) {
      const rows = this.all<{ id: number; task: string; label: string }>('SELECT id, task, label FROM label_keys WHERE id >= ? ORDER BY id', [
        this.labelKeys.length,
      ]);
      for (const r of rows) this.labelKeys[r.id] = { task: r.task, label: r.label };
    }
    return this.labelKeys;
  }

  /**
   * Statistics in one pass: a single query reads the filtered facet rows (period, language, source,
   * label ids), and every count — labels per task, entities per role, languages, sources, the
   * timeline and its narrative series — is tallied from them here. One read of some ten thousand
   * narrow rows is cheaper than a grouped join of the labels table per facet. Runs in one read
   * transaction, so the rows and the label dictionary are of the same snapshot.
   */
  private computeStats(filter: CorpusFilter, options: StatsOptions): CorpusStats {
    const bucket = options.bucket ?? 'week';
    return this.db.transaction(() => {
      const maxId = this.all<{ m: number | null }>('SELECT max(id) AS m FROM label_keys', [])[0].m ?? 0;
      const keys = this.keysUpTo(maxId);
      // Narratives get a small dense index, so per-period narrative counts are short arrays.
      const narrativeSlot = new Int32Array(maxId + 1).fill(-1);
      const narrativeIds: number[] = [];
      for (let id = 1; id <= maxId; id++) {
        if (keys[id]?.task === 'narrative') narrativeSlot[id] = narrativeIds.push(id) - 1;
      }
      const labelCounts = new Int32Array(maxId + 1);
      const languages = new Map<string, number>();
      const sources = new Map<string, number>();
      const perPeriod = new Map<string, { total: number; narratives: Int32Array }>();
      let [undated, withoutNarrative] = [0, 0];
      const { result: total } = this.withFts(filter, (fts) => {
        const where = whereOf(filter, fts, this.filters);
        const rows = this.prepare(`SELECT f.${bucket}, f.dated, f.language, f.source, f.label_ids FROM article_facets f ${where.sql}`)
          .raw()
          .iterate(...where.params) as IterableIterator<[string | null, number, string, string | null, string]>;
        let n = 0;
        for (const [period, dated, language, source, labelIds] of rows) {
          n++;
          languages.set(language, (languages.get(language) ?? 0) + 1);
          if (source != null) sources.set(source, (sources.get(source) ?? 0) + 1);
          let slot: { total: number; narratives: Int32Array } | undefined;
          let narrated = false;
          if (!dated) undated++;
          else if (period != null) {
            slot = perPeriod.get(period);
            if (!slot) perPeriod.set(period, (slot = { total: 0, narratives: new Int32Array(narrativeIds.length) }));
            slot.total++;
          }
          // label_ids is "12,7,30": parsed by hand, as splitting and Number() cost more than the query itself.
          for (let i = 0, id = 0; i <= labelIds.length; i++) {
            const c = i < labelIds.length ? labelIds.charCodeAt(i) : 44;
            if (c !== 44) {
              id = id * 10 + c - 48;
              continue;
            }
            if (i > 0) {
              labelCounts[id]++;
              if (narrativeSlot[id] >= 0) {
                narrated = true;
                if (slot) slot.narratives[narrativeSlot[id]]++;
              }
            }
            id = 0;
          }
          if (!narrated) withoutNarrative++;
        }
        return n;
      });

      const labels = function* () {
        for (let id = 1; id <= maxId; id++) if (labelCounts[id] > 0) yield { ...keys[id], count: labelCounts[id] };
      };
      const slotOf = new Map(narrativeIds.map((id, slot) => [keys[id].label, slot]));
      return assembleStats({
        total,
        withoutNarrative,
        undated,
        labels: labels(),
        languages,
        sources,
        periods: perPeriod.keys(),
        periodTotal: (p) => perPeriod.get(p)?.total ?? 0,
        periodNarrative: (p, label) => perPeriod.get(p)?.narratives[slotOf.get(label)!] ?? 0,
        bucket,
        tasks: this.tasks,
        options,
      });
    })();
  }

  *exportRecords(filter: CorpusFilter, limit = Number.MAX_SAFE_INTEGER): Iterable<ExportRecord> {
    const chunk = 200;
    let after = 0;
    let left = limit;
    // The FTS query is settled once (quoted if need be), then each chunk is a keyset page on seq.
    const whereFor = (q: string | undefined) => whereOf(filter, q, this.filters);
    const { fts } = this.withFts(filter, (q) => this.all(`SELECT 1 FROM article_facets f ${whereFor(q).sql} LIMIT 1`, whereFor(q).params));
    const where = whereFor(fts);
    const cond = where.sql ? `${where.sql} AND f.seq > ?` : 'WHERE f.seq > ?';
    while (left > 0) {
      const rows = this.all<Record<string, unknown>>(
        `SELECT a.seq, a.id, a.title, a.raw, a.url, a.source, a.published_at, a.language, a.origin, n.json
         FROM article_facets f JOIN articles a ON a.seq = f.seq JOIN analyses n ON n.article_id = a.id ${cond} ORDER BY f.seq LIMIT ?`,
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
