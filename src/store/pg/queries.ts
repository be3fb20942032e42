/**
 * The corpus queries of the PostgreSQL engine (listArticles, stats, exportRecords): the same filters,
 * orders, counts and errors as the SQLite engine's (src/store/sqlite-queries.ts, the reference), over a
 * narrow facet row per article whose counted labels are an int[] of label_keys ids under a GIN index.
 * Statistics, totals and first pages are computed per segment of 2,048 articles and cached per segment
 * version, so while a worker ingests, a request recounts only the segments that changed (the newest
 * one), and a write in any process is seen by the next request in every other.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { parsePublishedDate } from '../../doc/metadata.js';
import type { Analysis } from '../../schema.js';
import { countedTasks, labelFilters, type AnyTask } from '../../tasks/task.js';
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
  type TimeBucket,
} from '../queries.js';
import { assembleStats } from '../stats-assembly.js';
import type { PgMigration, Sql, WrittenArticle } from './parts.js';
import { HEADLINE_OPTIONS, SEARCH_QUERIES_FN, SEARCH_RANK_SQL } from './schema.js';

/**
 * log2 of the articles per segment (2,048): small enough that recounting the newest one after each
 * commit of an ingest is cheap, large enough that merging all of them (49 at 100,000 articles) is.
 */
const SEGMENT_BITS = 11;

/**
 * The facet table, its label dictionary and the segment versions. Why this shape: statistics and
 * listings read a narrow row (no texts) per article; a label filter is `label_ids && ids`, answered by
 * the GIN index; and the statistics cache of every process is checked against facet_segments, which
 * a deferred trigger bumps once per transaction per segment it touched — at commit, so concurrent
 * writers hold that row lock only while committing. Deleting an article deletes its facet row by
 * cascade, which bumps its segment too.
 */
export const QUERIES_MIGRATION: PgMigration = {
  name: 'corpus queries: label_keys, article_facets (label ids with a GIN index), facet_segments',
  sql: `
    CREATE TABLE label_keys (
      id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task  text COLLATE "C" NOT NULL,
      label text COLLATE "C" NOT NULL,
      UNIQUE (task, label)
    );

    CREATE TABLE article_facets (
      seq        bigint PRIMARY KEY,
      article_id text COLLATE "C" NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE ON UPDATE CASCADE,
      day        text COLLATE "C" NOT NULL,     -- publication day when dated, else ingest day (UTC)
      week       text COLLATE "C",              -- Monday of that week (NULL when the day is no real date)
      month      text COLLATE "C" NOT NULL,
      language   text COLLATE "C" NOT NULL,
      source     text COLLATE "C",
      dated      boolean NOT NULL,              -- has a publication date: only these are on the timeline
      label_ids  integer[] NOT NULL DEFAULT '{}' -- label_keys ids of the article's counted labels
    );
    CREATE INDEX article_facets_day_seq ON article_facets (day DESC, seq DESC);
    CREATE INDEX article_facets_language ON article_facets (language);
    CREATE INDEX article_facets_source ON article_facets (source);
    CREATE INDEX article_facets_label_ids ON article_facets USING gin (label_ids);

    -- The Monday of a YYYY-MM-DD day, NULL when it is no calendar date (as SQLite's date() gives).
    CREATE FUNCTION narrascope_monday(day text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE d date;
    BEGIN
      d := day::date;
      RETURN to_char(d - (extract(isodow FROM d)::int - 1), 'YYYY-MM-DD');
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END $$;

    CREATE TABLE facet_segments (
      segment bigint PRIMARY KEY,                -- article_facets.seq >> ${SEGMENT_BITS}
      version bigint NOT NULL,
      writer  xid8 NOT NULL                      -- the last transaction that bumped it
    );

    CREATE FUNCTION narrascope_bump_segment() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE s bigint := (CASE WHEN TG_OP = 'DELETE' THEN OLD.seq ELSE NEW.seq END) >> ${SEGMENT_BITS};
    BEGIN
      INSERT INTO facet_segments AS f (segment, version, writer) VALUES (s, 1, pg_current_xact_id())
      ON CONFLICT (segment) DO UPDATE SET version = f.version + 1, writer = excluded.writer
        WHERE f.writer <> excluded.writer;
      RETURN NULL;
    END $$;

    CREATE CONSTRAINT TRIGGER article_facets_bump AFTER INSERT OR UPDATE OR DELETE ON article_facets
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION narrascope_bump_segment();
  `,
};

/**
 * Writes the facet rows of articles just stored or reanalysed, in the caller's transaction: adds
 * their counted labels to the dictionary, then upserts one row each from the articles and labels tables.
 */
export async function writeFacets(sql: Sql, articles: readonly WrittenArticle[], tasks: readonly AnyTask[]): Promise<void> {
  if (articles.length === 0) return;
  const ids = articles.map((a) => a.id);
  // Only labels not yet in the dictionary are inserted: an identity value is used up by every insert
  // attempt, even one ON CONFLICT skips, and the statistics size their arrays by the largest id.
  await sql.query(
    `INSERT INTO label_keys (task, label)
     SELECT DISTINCT l.task, l.label FROM labels l
     WHERE l.article_id = ANY($1::text[]) AND l.task = ANY($2::text[])
       AND NOT EXISTS (SELECT 1 FROM label_keys k WHERE k.task = l.task AND k.label = l.label)
     ORDER BY l.task, l.label
     ON CONFLICT DO NOTHING`,
    [ids, countedTasks(tasks)],
  );
  await sql.query(
    `INSERT INTO article_facets AS f (seq, article_id, day, week, month, language, source, dated, label_ids)
     SELECT a.seq, a.id, d.day, narrascope_monday(d.day), left(d.day, 7), a.language, a.source, d.dated,
       coalesce((SELECT array_agg(k.id ORDER BY k.id) FROM labels l JOIN label_keys k ON k.task = l.task AND k.label = l.label
                 WHERE l.article_id = a.id), '{}')
     FROM articles a
     CROSS JOIN LATERAL (SELECT coalesce(a.published_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}', false) AS dated) t
     CROSS JOIN LATERAL (SELECT t.dated, CASE WHEN t.dated THEN left(a.published_at, 10) ELSE ${ingestDay('a')} END AS day) d
     WHERE a.id = ANY($1::text[])
     ON CONFLICT (seq) DO UPDATE SET article_id = excluded.article_id, day = excluded.day, week = excluded.week, month = excluded.month,
       language = excluded.language, source = excluded.source, dated = excluded.dated, label_ids = excluded.label_ids`,
    [ids],
  );
}

/** SQL for the UTC day (YYYY-MM-DD) an article was ingested: the day SQLite's ISO timestamps start with. */
function ingestDay(alias: string): string {
  return `to_char(${alias}.ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
}

const MAIN_ROLES = new Set(['Protagonist', 'Antagonist', 'Innocent']);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The entity and role filters together select the entity cast in that role (tasks/entities/facets.ts). */
const ENTITY = 'entity';
const ROLE = 'role';

/** A WHERE clause over `article_facets f` with its positional parameters. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** A label the statistics count, as listed in the facet rows by id. */
interface LabelKey {
  task: string;
  label: string;
}

/** Counts over one segment of the filtered facet rows; merged into the statistics. */
interface Tally {
  total: number;
  withoutNarrative: number;
  undated: number;
  labels: Map<number, number>;
  languages: Map<string, number>;
  sources: Map<string, number>;
  periods: Map<string, { total: number; narratives: Map<number, number> }>;
}

const emptyTally = (): Tally => ({
  total: 0,
  withoutNarrative: 0,
  undated: 0,
  labels: new Map(),
  languages: new Map(),
  sources: new Map(),
  periods: new Map(),
});

const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

interface ListRow {
  seq: string;
  id: string;
  hash: string;
  title: string;
  language: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  ingested_at: Date;
  day: string;
  /** [task, label, score] of the listed tasks, best first. */
  labels: [string, string, number][] | null;
  /** Searching: the text around the matches, between SNIPPET_OPEN and SNIPPET_CLOSE. */
  snippet?: string | null;
}

/** One question's answer per segment (a tally, a page's first hits), each as of the segment version it was computed at. */
interface Segmented<T> {
  segments: Map<number, { version: number; value: T }>;
  /** The segment versions of all of `segments`. */
  signature: string;
  /** Answers assembled from them (statistics by options), valid as long as they are. */
  answers: Map<string, unknown>;
}

/** A page's hits in one segment: how many, and the first of them in list order. */
interface Ranked {
  count: number;
  top: Hit[];
}

interface Hit {
  seq: number;
  /** Search rank (0 when not searching). */
  rank: number;
  day: string;
}

/**
 * Deepest page end answered from the per-segment first hits (25 pages of 20); deeper pages rank every
 * match in one query. It bounds the cache: at most 500 hits per segment per question.
 */
const MAX_CACHED_DEPTH = 500;

export class PgCorpusQueries {
  private readonly pool: pg.Pool;
  private readonly tasks: readonly AnyTask[];
  /** Query parameter → the label tasks it selects by (tasks/task.ts labelFilters). */
  private readonly filters: ReadonlyMap<string, string[]>;
  private readonly counted: ReadonlySet<string>;
  private readonly cacheSize: number;
  /** Per-segment answers by question (statistics, counts, search hits of a filter), least recently used first. */
  private readonly cache = new Map<string, Segmented<unknown>>();
  /** Questions being answered, so concurrent requests for the same one share one computation. */
  private readonly inFlight = new Map<string, Promise<Segmented<unknown>>>();
  /** label_keys rows read so far, by id: the table only grows and an id never changes meaning, so this is never stale. */
  private readonly labelKeys: LabelKey[] = [];
  private readonly labelIdOf = new Map<string, number>();

  /** `statsCacheSize`: how many questions' per-segment answers to keep (0: none); default 64. */
  constructor(pool: pg.Pool, options: { tasks: readonly AnyTask[]; statsCacheSize?: number }) {
    this.pool = pool;
    this.tasks = options.tasks;
    this.filters = labelFilters(this.tasks);
    this.counted = new Set(countedTasks(this.tasks));
    this.cacheSize = options.statsCacheSize ?? 64;
  }

  /** Resolves a filter's label ids (or undefined when its tasks are not all counted) from the dictionary. */
  private async labelIds(sql: Sql, tasks: readonly string[], label: string): Promise<number[] | undefined> {
    if (!tasks.every((t) => this.counted.has(t))) return undefined;
    const known = tasks.flatMap((t) => this.labelIdOf.get(labelKey(t, label)) ?? []);
    // A (task, label) pair has one id for good: when every task's is known, no query is needed.
    if (known.length === tasks.length) return known;
    const { rows } = await sql.query<{ id: number; task: string }>('SELECT id, task FROM label_keys WHERE task = ANY($1::text[]) AND label = $2', [tasks, label]);
    for (const r of rows) this.remember(r.id, r.task, label);
    return rows.map((r) => r.id);
  }

  /**
   * The WHERE clause of a filter over `article_facets f`. A label of counted tasks is a GIN match on
   * label_ids; any other label (entity names) a semi-join on the labels table; the full-text query a
   * semi-join on the articles' search index.
   */
  private async whereOf(sql: Sql, filter: CorpusFilter, withText: boolean): Promise<Where> {
    const where = new Where();
    const withLabel = async (tasks: readonly string[], label: string) => {
      const ids = await this.labelIds(sql, tasks, label);
      if (ids) where.add(`f.label_ids && ${where.param(ids)}::integer[]`);
      else where.add(`f.article_id IN (SELECT article_id FROM labels WHERE task = ANY(${where.param(tasks)}::text[]) AND label = ${where.param(label)})`);
    };
    const { [ENTITY]: entity, [ROLE]: role } = filter;
    for (const [field, tasks] of this.filters) {
      const value = filter[field];
      if (value && !(entity && role && (field === ENTITY || field === ROLE))) await withLabel(tasks, value);
    }
    if (entity && role && MAIN_ROLES.has(role)) {
      await withLabel(['entity-role'], `${role}/${entity}`);
    } else if (entity && role) {
      // A fine role of one entity is not in the labels table: narrow by entity, then look in those analyses.
      where.add(`f.article_id IN (SELECT n.article_id FROM analyses n
                   CROSS JOIN LATERAL json_array_elements(coalesce(n.json -> 'entities', '[]')) e
                   CROSS JOIN LATERAL json_array_elements(coalesce(e -> 'fineRoles', '[]')) r
                   WHERE n.article_id IN (SELECT article_id FROM labels WHERE task = 'entity' AND label = ${where.param(entity)})
                     AND e ->> 'name' = ${where.param(entity)} AND r ->> 'role' = ${where.param(role)})`);
    }
    if (filter.language) where.add(`f.language = ${where.param(filter.language)}`);
    if (filter.source) where.add(`f.source = ${where.param(filter.source)}`);
    for (const field of ['from', 'to'] as const) {
      const value = filter[field];
      if (!value) continue;
      if (!ISO_DAY.test(value) || !parsePublishedDate(value).ok) throw new FilterError(field, `"${field}" must be a calendar date as YYYY-MM-DD, got "${value}"`);
      // A date range selects by publication date: undated articles are outside every range, as on the timeline.
      where.add(`f.dated AND f.day ${field === 'from' ? '>=' : '<='} ${where.param(value)}`);
    }
    const q = filter.q?.trim();
    if (withText && q) where.add(`f.seq IN (SELECT a.seq ${searchFrom(where.param(q))})`);
    return where;
  }

  async listArticles(filter: CorpusFilter, page: { limit?: number; offset?: number } = {}): Promise<ArticlePage> {
    const limit = page.limit ?? 20;
    const offset = page.offset ?? 0;
    if (offset > MAX_LIST_OFFSET) throw new FilterError('offset', `"offset" must be at most ${MAX_LIST_OFFSET.toLocaleString('en-US')}, got ${offset}`);
    const q = filter.q?.trim();
    // The page is chosen on the facet rows (and the search index), and only its articles are read:
    // sorting whole article rows would drag their texts through the sorter.
    const { total, seqs } = await this.page(filter, q, limit, offset);
    const items = (await this.articleRows(seqs, q)).map(listItem);
    return { total, offset, limit, items, ...(q ? { search: { query: q, quoted: false } } : {}) };
  }

  /**
   * A page in list order: best match first when searching (then ingest order), else newest first.
   * Both orders rank each article on its own (ts_rank depends on the article and the query alone, the
   * day on the article), so each segment's first `depth` hits, cached per segment version, merge into
   * the corpus' first: while a worker ingests, a page ranks the newest segment's matches only. Pages
   * ending past MAX_CACHED_DEPTH are chosen by one query over every match.
   */
  private async page(filter: CorpusFilter, q: string | undefined, limit: number, offset: number): Promise<{ total: number; seqs: string[] }> {
    if (offset + limit > MAX_CACHED_DEPTH) return this.deepPage(filter, q, limit, offset);
    const depth = Math.ceil((offset + limit) / 100) * 100;
    const ranked = await this.segmented(
      JSON.stringify(['page', filterKey(filter), depth]),
      (sql, stale) => this.rankSegments(sql, filter, q, depth, stale),
      (): Ranked => ({ count: 0, top: [] }),
    );
    const pageKey = JSON.stringify([offset, limit]);
    let answer = ranked.answers.get(pageKey) as { total: number; seqs: string[] } | undefined;
    if (!answer) {
      const parts = valuesOf(ranked);
      const hits = parts.flatMap((p) => p.top).sort(q ? byRank : byNewest);
      answer = { total: sum(parts.map((p) => p.count)), seqs: hits.slice(offset, offset + limit).map((h) => String(h.seq)) };
      ranked.answers.set(pageKey, answer);
    }
    return answer;
  }

  /** The FROM clause and order of a page's hits: search matches by rank, or facet rows newest first. */
  private static order(where: Where, q: string | undefined): { from: string; rank: string; order: string } {
    if (!q) return { from: 'FROM article_facets f', rank: '0', order: 'f.day DESC, f.seq DESC' };
    return {
      from: `${searchFrom(where.param(q))} JOIN article_facets f ON f.seq = a.seq CROSS JOIN LATERAL (SELECT ${SEARCH_RANK_SQL} AS rank) r`,
      rank: 'r.rank',
      order: 'r.rank DESC, f.seq',
    };
  }

  private async deepPage(filter: CorpusFilter, q: string | undefined, limit: number, offset: number): Promise<{ total: number; seqs: string[] }> {
    const where = await this.whereOf(this.pool, { ...filter, q: undefined }, false);
    const { from, order } = PgCorpusQueries.order(where, q);
    const total = Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n ${from} ${where.sql}`, where.params)).rows[0].n);
    const page = await this.pool.query<{ seq: string }>(
      `SELECT f.seq ${from} ${where.sql} ORDER BY ${order} LIMIT ${where.param(limit)} OFFSET ${where.param(offset)}`,
      where.params,
    );
    return { total, seqs: page.rows.map((r) => String(r.seq)) };
  }

  /** Per segment: how many articles the filter (and search) keeps, and the first `depth` of them in list order. */
  private async rankSegments(sql: Sql, filter: CorpusFilter, q: string | undefined, depth: number, segments: number[]): Promise<Map<number, Ranked>> {
    const out = new Map<number, Ranked>();
    if (segments.length === 0) return out;
    const where = await this.whereOf(sql, { ...filter, q: undefined }, false);
    const { from, rank, order } = PgCorpusQueries.order(where, q);
    inSegments(where, segments);
    const { rows } = await sql.query<{ segment: string; seq: string; rank: number; day: string; n: string }>(
      `SELECT segment, seq, rank, day, n FROM (
         SELECT f.seq >> ${SEGMENT_BITS} AS segment, f.seq, ${rank} AS rank, f.day,
                row_number() OVER (PARTITION BY f.seq >> ${SEGMENT_BITS} ORDER BY ${order}) AS k,
                count(*) OVER (PARTITION BY f.seq >> ${SEGMENT_BITS}) AS n
         ${from} ${where.sql}) s
       WHERE k <= ${where.param(depth)}`,
      where.params,
    );
    for (const r of rows) {
      const s = Number(r.segment);
      let part = out.get(s);
      if (!part) out.set(s, (part = { count: Number(r.n), top: [] }));
      part.top.push({ seq: Number(r.seq), rank: Number(r.rank), day: r.day });
    }
    return out;
  }

  /**
   * The list fields of the articles `seqs` with the labels a list shows (best first), in that order;
   * searching, with a snippet around the matches (made for the page only, not for every match).
   */
  private async articleRows(seqs: string[], q: string | undefined): Promise<ListRow[]> {
    if (seqs.length === 0) return [];
    const { rows } = await this.pool.query<ListRow>(
      `SELECT a.seq, a.id, a.hash, a.title, a.language, a.source, a.url, a.published_at, a.ingested_at, f.day,
         (SELECT json_agg(json_build_array(l.task, l.label, l.score) ORDER BY l.score DESC) FROM labels l
          WHERE l.article_id = a.id AND l.task IN ('domain', 'genre', 'narrative', 'subnarrative', 'technique')) AS labels
         ${q ? ', ts_headline(sq.config, a.clean_text, sq.query, $3) AS snippet' : ''}
       FROM articles a JOIN article_facets f ON f.seq = a.seq
         ${q ? `LEFT JOIN ${SEARCH_QUERIES_FN}($2) sq ON sq.config = a.ts_config` : ''}
       WHERE a.seq = ANY($1::bigint[])`,
      q ? [seqs, q, HEADLINE_OPTIONS] : [seqs],
    );
    const bySeq = new Map(rows.map((r) => [String(r.seq), r]));
    return seqs.map((seq) => bySeq.get(seq)).filter((r): r is ListRow => r !== undefined);
  }

  async stats(filter: CorpusFilter, options: StatsOptions = {}): Promise<CorpusStats> {
    const bucket = options.bucket ?? 'week';
    const tallies = await this.segmented(JSON.stringify(['stats', filterKey(filter), bucket]), (sql, stale) => this.tallySegments(sql, filter, bucket, stale), emptyTally);
    const answerKey = JSON.stringify([options.top, options.timelineSeries]);
    let stats = tallies.answers.get(answerKey) as CorpusStats | undefined;
    if (!stats) {
      stats = this.assemble(valuesOf(tallies), this.labelKeys, bucket, options);
      tallies.answers.set(answerKey, stats);
    }
    return stats;
  }

  /**
   * A question answered per segment. When every segment is at the version its cached value was
   * computed at (one small query tells), the cached values; else the missing and stale segments are
   * computed in one read-only snapshot, in which the segment versions, the label dictionary and the
   * facet rows agree. Concurrent requests for the same question share one computation.
   */
  private async segmented<T>(key: string, compute: (sql: Sql, stale: number[]) => Promise<Map<number, T>>, empty: () => T): Promise<Segmented<T>> {
    const signature = signatureOf(await this.segmentVersions(this.pool));
    const cached = this.cache.get(key) as Segmented<T> | undefined;
    if (cached?.signature === signature) {
      this.touch(key, cached);
      return cached;
    }
    const flight = `${key}|${signature}`;
    let running = this.inFlight.get(flight) as Promise<Segmented<T>> | undefined;
    if (!running) {
      // Once more on a fresh connection when the first failed for another reason than the filter: a pooled
      // connection the server had dropped (a restart) fails the snapshot's first statement. Reads only, so safe.
      const attempt = () => this.recompute(key, cached, compute, empty);
      running = attempt()
        .catch((err) => (err instanceof FilterError ? Promise.reject(err) : attempt()))
        .finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, running);
    }
    return running;
  }

  /** A new entry (never the cached one changed in place, which a concurrent request may be reading) with its stale segments computed. */
  private async recompute<T>(
    key: string,
    cached: Segmented<T> | undefined,
    compute: (sql: Sql, stale: number[]) => Promise<Map<number, T>>,
    empty: () => T,
  ): Promise<Segmented<T>> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      // These scans are short and many: compiling them (jit) costs more than it saves.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off');
      const versions = await this.segmentVersions(client);
      const segments = new Map([...(cached?.segments ?? [])].filter(([s, c]) => versions.get(s) === c.version));
      const stale = [...versions.keys()].filter((s) => !segments.has(s));
      const fresh = await compute(client, stale);
      await client.query('COMMIT');
      for (const s of stale) segments.set(s, { version: versions.get(s)!, value: fresh.get(s) ?? empty() });
      const entry: Segmented<T> = { segments, signature: signatureOf(versions), answers: new Map() };
      if (this.cacheSize > 0) this.touch(key, entry);
      return entry;
    } catch (err) {
      if (!(err instanceof FilterError)) failed = err as Error;
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // A connection that failed mid-snapshot is discarded, not given back to the pool.
      client.release(failed);
    }
  }

  /** Makes an entry the most recently used, dropping the least recently used beyond the cache size. */
  private touch(key: string, entry: Segmented<unknown>): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private async segmentVersions(sql: Sql): Promise<Map<number, number>> {
    const { rows } = await sql.query<{ segment: string; version: string }>('SELECT segment, version FROM facet_segments');
    return new Map(rows.map((r) => [Number(r.segment), Number(r.version)]));
  }

  /**
   * The label_keys rows, read up to the largest id in the current snapshot, and the `missing` ids below it:
   * concurrent writers may commit ids out of order, so a smaller id can appear after a larger one was read.
   */
  private async keysUpTo(sql: Sql, missing: readonly number[] = []): Promise<LabelKey[]> {
    const { rows } = await sql.query<{ id: number; task: string; label: string }>(
      'SELECT id, task, label FROM label_keys WHERE id >= $1 OR id = ANY($2::integer[]) ORDER BY id',
      [this.labelKeys.length, missing],
    );
    for (const r of rows) this.remember(r.id, r.task, r.label);
    return this.labelKeys;
  }

  private remember(id: number, task: string, label: string): void {
    this.labelKeys[id] = { task, label };
    this.labelIdOf.set(labelKey(task, label), id);
  }

  /** Tallies the filtered facet rows of the given segments, each segment on its own. */
  private async tallySegments(sql: Sql, filter: CorpusFilter, bucket: TimeBucket, segments: number[]): Promise<Map<number, Tally>> {
    const out = new Map<number, Tally>();
    if (segments.length === 0) return out;
    const keys = await this.keysUpTo(sql);
    const where = await this.whereOf(sql, filter, true);
    inSegments(where, segments);
    const { rows } = await sql.query<[string, string | null, boolean, string, string | null, string]>({
      text: `SELECT f.seq >> ${SEGMENT_BITS}, f.${bucket}, f.dated, f.language, f.source, array_to_string(f.label_ids, ',') FROM article_facets f ${where.sql}`,
      values: where.params,
      rowMode: 'array',
    });
    const isNarrative = (id: number) => keys[id]?.task === 'narrative';
    const tally = () => {
      out.clear();
      for (const [segment, period, dated, language, source, labelIds] of rows) {
        const s = Number(segment);
        let t = out.get(s);
        if (!t) out.set(s, (t = emptyTally()));
        tallyRow(t, period, dated, language, source, labelIds, isNarrative);
      }
    };
    tally();
    // An id committed out of order (after a larger one was read) is read now, and the rows counted again.
    const missing = [...new Set([...out.values()].flatMap((t) => [...t.labels.keys()]))].filter((id) => !keys[id]);
    if (missing.length) {
      await this.keysUpTo(sql, missing);
      tally();
    }
    return out;
  }

  /** The statistics of merged tallies, as the SQLite engine gives them (stats-assembly.ts). */
  private assemble(tallies: Tally[], keys: LabelKey[], bucket: TimeBucket, options: StatsOptions): CorpusStats {
    const all = mergeTallies(tallies);
    const labels = function* () {
      for (const [id, count] of all.labels) if (keys[id]) yield { task: keys[id].task, label: keys[id].label, count };
    };
    const idOf = new Map<string, number>();
    keys.forEach((k, id) => {
      if (k?.task === 'narrative') idOf.set(k.label, id);
    });
    return assembleStats({
      total: all.total,
      withoutNarrative: all.withoutNarrative,
      undated: all.undated,
      labels: labels(),
      languages: all.languages,
      sources: all.sources,
      periods: all.periods.keys(),
      periodTotal: (p) => all.periods.get(p)?.total ?? 0,
      periodNarrative: (p, label) => all.periods.get(p)?.narratives.get(idOf.get(label)!) ?? 0,
      bucket,
      tasks: this.tasks,
      options,
    });
  }

  async *exportRecords(filter: CorpusFilter, limit = Number.MAX_SAFE_INTEGER): AsyncIterable<ExportRecord> {
    const chunk = 200;
    const where = await this.whereOf(this.pool, filter, true);
    const client = await this.pool.connect();
    // A server-side cursor: the set is read `chunk` rows at a time, never whole, in one snapshot.
    const cursor = client.query(
      new Cursor(
        `SELECT a.id, a.title, a.raw, a.url, a.source, a.published_at, a.language, a.origin, n.json
         FROM article_facets f JOIN articles a ON a.seq = f.seq JOIN analyses n ON n.article_id = a.id
         ${where.sql} ORDER BY f.seq LIMIT ${where.param(Math.max(0, Math.min(limit, Number.MAX_SAFE_INTEGER)))}`,
        where.params,
      ),
    );
    // A cursor's read never settles when its connection dies (pg-cursor waits for rows that cannot
    // come), so each read races the connection's end.
    let onLost: (err: Error) => void = () => {};
    const lost = new Promise<never>((_, reject) => (onLost = reject));
    lost.catch(() => {});
    const onError = (err: Error) => onLost(err);
    const onEnd = () => onLost(new Error('the database connection ended in the middle of an export'));
    client.on('error', onError);
    client.on('end', onEnd);
    let failed: Error | undefined;
    try {
      for (;;) {
        const rows = (await Promise.race([cursor.read(chunk), lost])) as Record<string, unknown>[];
        if (rows.length === 0) return;
        for (const r of rows) yield exportRecord(r);
      }
    } catch (err) {
      failed = err as Error;
      throw err;
    } finally {
      client.off('error', onError);
      client.off('end', onEnd);
      // A connection that failed mid-walk is discarded, not given back to the pool (nor asked to close the cursor).
      if (!failed) await cursor.close().catch(() => {});
      client.release(failed);
    }
  }

  /** Problems between the articles and their facet rows; empty when consistent. */
  async checkConsistency(): Promise<string[]> {
    const problems: string[] = [];
    const { rows } = await this.pool.query<{ missing: string; orphans: string; stale: string }>(
      `SELECT
         (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_facets f WHERE f.seq = a.seq)) AS missing,
         (SELECT count(*) FROM article_facets f WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.seq = f.seq AND a.id = f.article_id)) AS orphans,
         (SELECT count(*) FROM article_facets f WHERE f.label_ids IS DISTINCT FROM coalesce((SELECT array_agg(k.id ORDER BY k.id)
            FROM labels l JOIN label_keys k ON k.task = l.task AND k.label = l.label WHERE l.article_id = f.article_id), '{}')) AS stale`,
    );
    const { missing, orphans, stale } = rows[0];
    if (Number(missing)) problems.push(`${missing} article(s) without a facet row`);
    if (Number(orphans)) problems.push(`${orphans} facet row(s) without their article`);
    if (Number(stale)) problems.push(`${stale} facet row(s) whose label ids differ from the article's labels`);
    return problems;
  }
}

type TopLabels = { domain?: string; genre?: string; narrative: LabelScore[]; subnarrative: LabelScore[]; technique: LabelScore[] };

/** The labels a list item shows: the best domain and genre, the narratives, sub-narratives and techniques with scores. */
function topLabelsOf(rows: [string, string, number][] | null): TopLabels {
  const l: TopLabels = { narrative: [], subnarrative: [], technique: [] };
  for (const [task, label, score] of rows ?? []) {
    if (task === 'domain' || task === 'genre') l[task] ??= label;
    else l[task as 'narrative' | 'subnarrative' | 'technique'].push({ label, score });
  }
  return l;
}

function listItem(r: ListRow): ArticleListItem {
  const l = topLabelsOf(r.labels);
  return {
    id: r.id,
    hash: r.hash,
    title: r.title,
    language: r.language,
    ...(r.source != null ? { source: r.source } : {}),
    ...(r.url != null ? { url: r.url } : {}),
    ...(r.published_at != null ? { publishedAt: r.published_at } : {}),
    ingestedAt: r.ingested_at.toISOString(),
    date: r.day,
    ...(l.domain ? { domain: l.domain } : {}),
    ...(l.genre ? { genre: l.genre } : {}),
    ...(r.snippet != null ? { snippet: r.snippet } : {}),
    narratives: l.narrative,
    subNarratives: l.subnarrative,
    techniques: l.technique.slice(0, 5),
  };
}

function exportRecord(r: Record<string, unknown>): ExportRecord {
  // origin and json may be jsonb (parsed by the driver) or text.
  const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    id: String(r.id),
    title: String(r.title),
    raw: String(r.raw),
    ...(r.url != null ? { url: String(r.url) } : {}),
    ...(r.source != null ? { source: String(r.source) } : {}),
    ...(r.published_at != null ? { publishedAt: String(r.published_at) } : {}),
    language: String(r.language),
    origin: parsed(r.origin),
    analysis: parsed(r.json) as Analysis,
  };
}

/**
 * FROM clause of the articles matching a full-text query (placeholder `param`), each in its own
 * language's configuration (schema.ts SEARCH_QUERIES_FN), with `sq.query` for ranking and snippets.
 */
function searchFrom(param: string): string {
  return `FROM ${SEARCH_QUERIES_FN}(${param}) sq JOIN articles a ON a.ts_config = sq.config AND a.search @@ sq.query`;
}

/** Adds one facet row to a tally. */
function tallyRow(
  t: Tally,
  period: string | null,
  dated: boolean,
  language: string,
  source: string | null,
  labelIds: string,
  isNarrative: (id: number) => boolean,
): void {
  t.total++;
  bump(t.languages, language);
  if (source != null) bump(t.sources, source);
  let slot: { total: number; narratives: Map<number, number> } | undefined;
  if (!dated) t.undated++;
  else if (period != null) {
    slot = t.periods.get(period);
    if (!slot) t.periods.set(period, (slot = { total: 0, narratives: new Map() }));
    slot.total++;
  }
  let narrated = false;
  // label_ids comes as "12,7,30": parsed by hand, as the driver's array parser costs more than the query.
  for (let i = 0, id = 0; i <= labelIds.length; i++) {
    const c = i < labelIds.length ? labelIds.charCodeAt(i) : 44;
    if (c !== 44) {
      id = id * 10 + c - 48;
      continue;
    }
    if (i > 0) {
      bump(t.labels, id);
      if (isNarrative(id)) {
        narrated = true;
        if (slot) bump(slot.narratives, id);
      }
    }
    id = 0;
  }
  if (!narrated) t.withoutNarrative++;
}

function mergeTallies(tallies: readonly Tally[]): Tally {
  const all = emptyTally();
  for (const t of tallies) {
    all.total += t.total;
    all.withoutNarrative += t.withoutNarrative;
    all.undated += t.undated;
    for (const [id, n] of t.labels) bump(all.labels, id, n);
    for (const [k, n] of t.languages) bump(all.languages, k, n);
    for (const [k, n] of t.sources) bump(all.sources, k, n);
    for (const [p, slot] of t.periods) {
      let into = all.periods.get(p);
      if (!into) all.periods.set(p, (into = { total: 0, narratives: new Map() }));
      into.total += slot.total;
      for (const [id, n] of slot.narratives) bump(into.narratives, id, n);
    }
  }
  return all;
}

const labelKey = (task: string, label: string) => `${task}\u0000${label}`;

/** Narrows a WHERE clause to the facet rows of `segments`. */
function inSegments(where: Where, segments: readonly number[]): void {
  const ranges = segmentRanges(segments).map(([lo, hi]) => `(f.seq >= ${where.param(lo)}::bigint AND f.seq < ${where.param(hi)}::bigint)`);
  where.add(`(${ranges.join(' OR ')})`);
}

/** A filter as a cache key: its set fields, sorted. */
function filterKey(filter: CorpusFilter): [string, string | undefined][] {
  return Object.entries(filter)
    .filter(([, v]) => v)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function valuesOf<T>(entry: Segmented<T>): T[] {
  return [...entry.segments.values()].map((s) => s.value);
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Best match first, then ingest order: the order of a search's hits. */
const byRank = (a: Hit, b: Hit) => b.rank - a.rank || a.seq - b.seq;

/** Newest day first, then latest ingested (days are YYYY-MM-DD, so code-point order is date order). */
const byNewest = (a: Hit, b: Hit) => (a.day < b.day ? 1 : a.day > b.day ? -1 : b.seq - a.seq);

/** Consecutive segments as [first seq, last seq + 1) ranges, so a run of stale segments is one index range. */
function segmentRanges(segments: readonly number[]): [number, number][] {
  const sorted = [...segments].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    const lo = s * 2 ** SEGMENT_BITS;
    if (last && last[1] === lo) last[1] = lo + 2 ** SEGMENT_BITS;
    else out.push([lo, lo + 2 ** SEGMENT_BITS]);
  }
  return out;
}

function signatureOf(versions: Map<number, number>): string {
  return [...versions]
    .sort((a, b) => a[0] - b[0])
    .map(([s, v]) => `${s}:${v}`)
    .join(',');
}
