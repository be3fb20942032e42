/**
 * Corpus-scale provenance (src/store/provenance.ts) on PostgreSQL, with the semantics of the SQLite
 * reference (src/store/sqlite-provenance.ts): MinHash band keys in an indexed table, candidates verified
 * by exact shingle overlap, clusters as connected components of verified pairs, source-profile facts,
 * delete with split, the queries and the consistency checks — written for many writers at once.
 */
import type pg from 'pg';
import { bandKeys, estimatedJaccard, fingerprint, isCopyPair, overlapOf, shingleSet } from '../../features/minhash.js';
import type { DamageSpan, Removal } from '../../schema.js';
import type {
  ArticleProvenance,
  ClusterDetail,
  ClusterListOptions,
  ClusterMember,
  ClusterSummary,
  SourceListOptions,
  SourceProfile,
} from '../provenance.js';
import { copySubstitutions } from '../provenance-substitutions.js';
import {
  MAX_EDGES_PER_CLUSTER,
  MIN_ESTIMATED_JACCARD,
  NOTES,
  SHINGLE_CACHE_SIZE,
  UNKNOWN_SOURCE,
  round,
  signatureOf,
} from '../sqlite-provenance.js';
import type { PgMigration, Sql, WrittenArticle } from './parts.js';

/**
 * The provenance tables. Text that is sorted or compared is COLLATE "C", so listings come in the same
 * (byte) order as SQLite's whatever the database's locale. Signatures are bytea (512 bytes, read back
 * as a Uint32Array); band keys bigint (band number above a 32-bit hash).
 */
export const PROVENANCE_MIGRATION: PgMigration = {
  name: 'provenance: near-duplicate index, clusters, source-profile facts',
  sql: `
    -- One row per article: its place in the near-duplicate index and, in a cluster, how it stands
    -- against the cluster's earliest member (vs), recomputed when that member changes.
    CREATE TABLE prov_docs (
      seq         bigint PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
      status      text NOT NULL,                    -- 'indexed' | 'short' | 'off' (ingested with --no-provenance)
      shingles    integer NOT NULL,
      signature   bytea,                            -- MinHash signature of an indexed article
      source      text COLLATE "C",
      seen_at     text COLLATE "C" NOT NULL,        -- published_at when dated, else ingested_at
      cluster     bigint,                           -- prov_clusters.id; NULL when no verified near-duplicate
      vs          bigint,                           -- seq of the earliest member the fields below compare with
      overlap     double precision,
      containment double precision,
      is_copy     boolean NOT NULL DEFAULT false,
      lifted_from text COLLATE "C",
      is_original boolean NOT NULL DEFAULT false
    );
    CREATE INDEX prov_docs_cluster ON prov_docs (cluster, seen_at, seq) WHERE cluster IS NOT NULL;
    CREATE INDEX prov_docs_profile ON prov_docs (source, lifted_from, is_original);

    -- LSH band keys: a new article looks up its keys to find candidates (no rescan of the corpus).
    CREATE TABLE prov_bands (
      key bigint NOT NULL,
      seq bigint NOT NULL,
      PRIMARY KEY (key, seq)
    );

    -- Verified near-duplicate pairs (a < b): the edges whose connected components are the clusters.
    CREATE TABLE prov_edges (
      a       bigint NOT NULL,
      b       bigint NOT NULL,
      jaccard double precision NOT NULL,
      share   double precision NOT NULL,
      PRIMARY KEY (a, b)
    );
    CREATE INDEX prov_edges_b ON prov_edges (b, a);

    CREATE TABLE prov_clusters (
      id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      size       integer NOT NULL,
      earliest   bigint NOT NULL,
      first_seen text COLLATE "C" NOT NULL,
      last_seen  text COLLATE "C" NOT NULL
    );
    CREATE INDEX prov_clusters_size ON prov_clusters (size DESC, first_seen, id);

    -- Per-article facts for source profiles, with the source copied in so a profile reads one index.
    CREATE TABLE prov_outlets (
      seq    bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
      source text COLLATE "C",
      outlet text COLLATE "C" NOT NULL,
      PRIMARY KEY (seq, outlet)
    );
    CREATE INDEX prov_outlets_source ON prov_outlets (source);
    CREATE TABLE prov_rules (
      seq    bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
      source text COLLATE "C",
      rule   text COLLATE "C" NOT NULL,
      PRIMARY KEY (seq, rule)
    );
    CREATE INDEX prov_rules_source ON prov_rules (source);

    -- Entity names per article, and per language a counter kept by statement triggers (frequentNames reads it).
    CREATE TABLE prov_names (
      seq      bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
      language text NOT NULL,
      name     text COLLATE "C" NOT NULL,
      PRIMARY KEY (seq, name)
    );
    CREATE TABLE prov_name_counts (
      language text NOT NULL,
      name     text COLLATE "C" NOT NULL,
      count    integer NOT NULL,
      PRIMARY KEY (language, name)
    );
    CREATE INDEX prov_name_counts_rank ON prov_name_counts (language, count DESC, name);

    -- One counter update per (language, name) and statement, in key order: a batch's rows are counted
    -- together, and two transactions lock the counters they share in the same order.
    CREATE FUNCTION prov_names_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO prov_name_counts (language, name, count)
        SELECT language, name, count(*) FROM added GROUP BY language, name ORDER BY language, name
        ON CONFLICT (language, name) DO UPDATE SET count = prov_name_counts.count + excluded.count;
      RETURN NULL;
    END $$;
    CREATE FUNCTION prov_names_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE prov_name_counts c SET count = c.count - r.k
        FROM (SELECT language, name, count(*) AS k FROM removed GROUP BY language, name ORDER BY language, name) r
        WHERE c.language = r.language AND c.name = r.name;
      DELETE FROM prov_name_counts c USING (SELECT DISTINCT language, name FROM removed) r
        WHERE c.language = r.language AND c.name = r.name AND c.count <= 0;
      RETURN NULL;
    END $$;
    CREATE TRIGGER prov_names_insert AFTER INSERT ON prov_names REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION prov_names_added();
    CREATE TRIGGER prov_names_delete AFTER DELETE ON prov_names REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION prov_names_removed();
  `,
};

/**
 * The key of the transaction-level advisory lock every provenance writer holds (index, refreshFacts,
 * delete). Joining and merging clusters reads the clusters of the candidates and rewrites them: two
 * transactions doing it at once would each miss the other's uncommitted copy (two copies ingested on
 * two machines would never meet) or merge into clusters the other is dropping. Under the lock the
 * index step of one batch runs at a time, and each statement (READ COMMITTED) sees every batch
 * committed before it; analysis and the article writes before it still run in parallel.
 */
const PROVENANCE_LOCK = 0x6e73_7072; // "nspr"

/** pg returns bigint as a string; seqs and cluster ids stay far below 2^53. */
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
/** A timestamp column as the ISO text the contract speaks, whether the core schema keeps text or timestamptz. */
const isoText = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

interface MemberRow {
  seq: string;
  id: string;
  title: string;
  source: string | null;
  url: string | null;
  published_at: unknown;
  ingested_at: unknown;
  seen_at: string;
  overlap: number | null;
  containment: number | null;
  earliest: boolean;
  outlets: string[];
}

interface ClusterRow {
  id: string;
  size: number;
  earliest: string;
  first_seen: string;
  last_seen: string;
  sources: { source: string; count: number }[];
  outlets: { outlet: string; count: number }[];
}

interface Counts {
  source: string;
  articles: number;
  copies: number;
  originals: number;
}

const MEMBER_SQL = `SELECT d.seq, a.id, a.title, a.source, a.url, a.published_at, a.ingested_at, d.seen_at, d.overlap, d.containment,
    (c.earliest = d.seq) AS earliest, ARRAY(SELECT o.outlet FROM prov_outlets o WHERE o.seq = d.seq ORDER BY o.outlet) AS outlets
  FROM prov_docs d JOIN articles a ON a.seq = d.seq JOIN prov_clusters c ON c.id = d.cluster`;

/**
 * Cluster rows with their members' sources and attributed outlets, most frequent first (as JSON, one
 * query), for the clusters `rows` selects (a subquery aliased c). A page is selected in that subquery, so
 * the per-cluster aggregates run for its rows only, not for every row an OFFSET skips.
 */
const clusterSql = (rows: string) => `SELECT c.*,
    (SELECT coalesce(json_agg(json_build_object('source', s.source, 'count', s.count) ORDER BY s.count DESC, s.source), '[]')
       FROM (SELECT coalesce(source, '${UNKNOWN_SOURCE}') AS source, count(*)::int AS count FROM prov_docs WHERE cluster = c.id GROUP BY 1) s) AS sources,
    (SELECT coalesce(json_agg(json_build_object('outlet', s.outlet, 'count', s.count) ORDER BY s.count DESC, s.outlet), '[]')
       FROM (SELECT o.outlet, count(*)::int AS count FROM prov_docs d JOIN prov_outlets o ON o.seq = d.seq WHERE d.cluster = c.id GROUP BY o.outlet) s) AS outlets
  FROM (${rows}) c`;
const CLUSTER_ORDER = 'size DESC, first_seen, id';
const ONE_CLUSTER_SQL = clusterSql('SELECT * FROM prov_clusters WHERE id = $1');

const GROUPED_SOURCES = `SELECT source, count(*)::int AS articles, count(lifted_from)::int AS copies,
    count(*) FILTER (WHERE is_original)::int AS originals, count(lifted_from)::float8 / count(*) AS copy_share
  FROM prov_docs WHERE source IS NOT NULL`;

/** What the index of one batch knows of a candidate: its cluster as the batch changes it, and its signature. */
interface Candidate {
  cluster: number | null;
  signature: Uint32Array | null;
}

export class PgProvenance {
  private readonly shingleCache = new Map<number, Set<number>>();

  constructor(private readonly pool: pg.Pool) {}

  /**
   * Indexes a batch of articles just written in the caller's transaction, as SqliteProvenance.index
   * does one by one: facts, index rows, candidates by band key, verified pairs, clusters joined. Call it
   * last in the transaction: it takes the provenance lock, held until commit. Statements are per batch,
   * none per article (the band keys of the whole batch are looked up in one query, the clusters written
   * once), except a text read for a candidate the prefetch did not foresee.
   */
  async index(sql: Sql, articles: readonly WrittenArticle[], enabled: boolean): Promise<void> {
    if (!articles.length) return;
    const prints = articles.map((a) => ({ a, fp: enabled ? fingerprint(a.cleanText) : undefined }));
    const indexed = prints.filter((p) => p.fp?.indexed).map((p) => ({ seq: p.a.seq, ...p.fp!, signature: p.fp!.signature! }));
    // Rows of this batch's own articles only, written before the lock, in parallel with other writers
    // (no one else sees them before commit; band keys are most of the index's writes).
    await sql.query(
      `INSERT INTO prov_docs (seq, status, shingles, signature, source, seen_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bytea[], $5::text[], $6::text[])`,
      [
        prints.map((p) => p.a.seq),
        prints.map((p) => (!p.fp ? 'off' : p.fp.indexed ? 'indexed' : 'short')),
        prints.map((p) => p.fp?.shingles.size ?? 0),
        prints.map((p) => (p.fp?.signature ? Buffer.from(p.fp.signature.buffer) : null)),
        prints.map((p) => p.a.source),
        prints.map((p) => p.a.seenAt),
      ],
    );
    if (indexed.length) {
      await sql.query('INSERT INTO prov_bands (key, seq) SELECT * FROM unnest($1::bigint[], $2::bigint[])', [
        indexed.flatMap((p) => p.keys),
        indexed.flatMap((p) => p.keys.map(() => p.seq)),
      ]);
    }
    await this.writeProfileFacts(sql, articles);
    // Under the lock: the name counters (rows every writer shares), and everything that reads or changes clusters.
    await lock(sql);
    await this.writeNames(sql, articles);
    if (!indexed.length) return;
    const known = await this.storedCandidates(sql, indexed.flatMap((p) => p.keys), new Set(indexed.map((p) => p.seq)));
    const prefetched = await this.prefetchShingles(sql, known, indexed);
    const batch = new IndexBatch(known.candidates);
    for (const p of indexed) {
      this.remember(p.seq, p.shingles);
      const candidates = [...new Set([...p.keys.flatMap((k) => known.byKey.get(k) ?? []), ...batch.keyHolders(p.keys)])].sort((x, y) => x - y);
      const neighbours: number[] = [];
      const edgesInto = new Map<number, number>();
      for (const other of candidates) {
        const cluster = batch.clusterOf(other);
        if (cluster !== null && (edgesInto.get(cluster) ?? 0) >= MAX_EDGES_PER_CLUSTER) continue;
        const signature = batch.signatureOf(other);
        if (signature && estimatedJaccard(p.signature, signature) < MIN_ESTIMATED_JACCARD) continue;
        const o = overlapOf(p.shingles, prefetched.get(other) ?? (await this.shinglesOf(sql, other)));
        if (!isCopyPair(o)) continue;
        batch.edges.push({ a: Math.min(p.seq, other), b: Math.max(p.seq, other), jaccard: o.jaccard, share: o.share });
        neighbours.push(other);
        if (cluster !== null) edgesInto.set(cluster, (edgesInto.get(cluster) ?? 0) + 1);
      }
      batch.add(p.seq, p.keys, p.signature);
      if (neighbours.length) batch.join(p.seq, neighbours);
    }
    await insertEdges(sql, batch.edges);
    // The clusters the batch joined and merged are written, and refreshed, once at the end: the result is
    // the one writing and refreshing after every article gives (a member's fields depend only on the
    // final earliest member), in a few statements for the whole batch.
    await this.refresh(sql, await writeClusters(sql, batch));
  }

  /** Replaces an article's profile facts after a re-analysis (its text, and so its index entry, is unchanged). */
  async refreshFacts(sql: Sql, article: WrittenArticle): Promise<void> {
    await lock(sql);
    const seqs = [article.seq];
    await sql.query('DELETE FROM prov_outlets WHERE seq = ANY($1::bigint[])', [seqs]);
    await sql.query('DELETE FROM prov_rules WHERE seq = ANY($1::bigint[])', [seqs]);
    await sql.query('DELETE FROM prov_names WHERE seq = ANY($1::bigint[])', [seqs]);
    await this.writeProfileFacts(sql, [article]);
    await this.writeNames(sql, [article]);
  }

  /** Outlets and cleaning rules of the articles (source profiles), one statement per table. */
  private async writeProfileFacts(sql: Sql, articles: readonly WrittenArticle[]): Promise<void> {
    await insertFacts(sql, 'prov_outlets', 'source', 'outlet', articles, (a) => (a.analysis.provenance?.attributedTo ?? []).map((x) => x.outlet));
    await insertFacts(sql, 'prov_rules', 'source', 'rule', articles, (a) => a.analysis.cleaning.removed.map((r) => r.rule));
  }

  /**
   * Entity names of the articles; the statement trigger counts them per language. Under the provenance
   * lock: a re-analysis deletes names and inserts others in two statements, which with a batch's insert
   * in between could lock two counters in opposite orders.
   */
  private async writeNames(sql: Sql, articles: readonly WrittenArticle[]): Promise<void> {
    await insertFacts(sql, 'prov_names', 'language', 'name', articles, (a) => (a.analysis.entities ?? []).map((e) => e.name).filter((n) => n.trim()));
  }

  /** Stored articles (not of this batch) sharing any of the keys, by key, with their clusters and signatures: two queries for a whole batch. */
  private async storedCandidates(
    sql: Sql,
    keys: readonly number[],
    batch: ReadonlySet<number>,
  ): Promise<{ byKey: Map<number, number[]>; candidates: Map<number, Candidate> }> {
    const byKey = new Map<number, number[]>();
    const found = await sql.query<{ key: string; seqs: string[] }>(
      'SELECT key, array_agg(seq) AS seqs FROM prov_bands WHERE key = ANY($1::bigint[]) GROUP BY key',
      [[...new Set(keys)]],
    );
    // The batch's own keys are in the table already; its articles meet each other through IndexBatch, in order.
    for (const r of found.rows) {
      const seqs = r.seqs.map(num).filter((s) => !batch.has(s));
      if (seqs.length) byKey.set(num(r.key), seqs);
    }
    const seqs = [...new Set([...byKey.values()].flat())];
    const candidates = new Map<number, Candidate>();
    if (!seqs.length) return { byKey, candidates };
    const docs = await sql.query<{ seq: string; cluster: string | null; signature: Buffer | null }>(
      'SELECT seq, cluster, signature FROM prov_docs WHERE seq = ANY($1::bigint[])',
      [seqs],
    );
    for (const d of docs.rows) candidates.set(num(d.seq), { cluster: numOrNull(d.cluster), signature: d.signature ? signatureOf(d.signature) : null });
    return { byKey, candidates };
  }

  /**
   * Reads, in one query, the texts the batch will most likely verify against: each article's stored
   * candidates whose signatures pass, at most MAX_EDGES_PER_CLUSTER per existing cluster (the rest are
   * skipped by the cap, or read one by one if a verification fails).
   */
  private async prefetchShingles(
    sql: Sql,
    known: { byKey: Map<number, number[]>; candidates: Map<number, Candidate> },
    batch: readonly { keys: number[]; signature: Uint32Array }[],
  ): Promise<Map<number, Set<number>>> {
    const wanted = new Set<number>();
    for (const p of batch) {
      const perCluster = new Map<number, number>();
      for (const seq of [...new Set(p.keys.flatMap((k) => known.byKey.get(k) ?? []))].sort((x, y) => x - y)) {
        const c = known.candidates.get(seq);
        if (!c || (c.signature && estimatedJaccard(p.signature, c.signature) < MIN_ESTIMATED_JACCARD)) continue;
        if (c.cluster !== null) {
          const n = perCluster.get(c.cluster) ?? 0;
          if (n >= MAX_EDGES_PER_CLUSTER) continue;
          perCluster.set(c.cluster, n + 1);
        }
        if (!this.shingleCache.has(seq)) wanted.add(seq);
      }
    }
    // Kept for the batch whatever the cache keeps of them.
    return this.readShingles(sql, [...wanted]);
  }

  /** Reads and remembers the shingle sets of stored articles; returns them all (more than the cache may keep). */
  private async readShingles(sql: Sql, seqs: readonly number[]): Promise<Map<number, Set<number>>> {
    const out = new Map<number, Set<number>>();
    if (!seqs.length) return out;
    const { rows } = await sql.query<{ seq: string; clean_text: string }>('SELECT seq, clean_text FROM articles WHERE seq = ANY($1::bigint[])', [seqs]);
    for (const r of rows) {
      const set = shingleSet(r.clean_text);
      out.set(num(r.seq), set);
      this.remember(num(r.seq), set);
    }
    return out;
  }

  /** Shingle sets of many articles: the cached ones, the rest read in one statement. */
  private async shingleSets(sql: Sql, seqs: readonly number[]): Promise<Map<number, Set<number>>> {
    const out = await this.readShingles(sql, seqs.filter((s) => !this.shingleCache.has(s)));
    for (const s of seqs) if (!out.has(s)) out.set(s, this.shingleCache.get(s) ?? new Set());
    return out;
  }

  private async shinglesOf(sql: Sql, seq: number): Promise<Set<number>> {
    const cached = this.shingleCache.get(seq);
    if (cached) {
      this.shingleCache.delete(seq);
      this.shingleCache.set(seq, cached);
      return cached;
    }
    await this.readShingles(sql, [seq]);
    return this.shingleCache.get(seq) ?? new Set();
  }

  private remember(seq: number, set: Set<number>): void {
    this.shingleCache.delete(seq);
    this.shingleCache.set(seq, set);
    if (this.shingleCache.size > SHINGLE_CACHE_SIZE) this.shingleCache.delete(this.shingleCache.keys().next().value!);
  }

  /**
   * Recomputes clusters' derived fields, a few statements for all of them: each one's earliest member
   * (by seenAt, then ingest order), each member's overlap and containment against it (only where the
   * earliest changed), who copied from another source, and the cluster row. A cluster left with fewer
   * than two members ends.
   */
  private async refresh(sql: Sql, clusterIds: readonly number[]): Promise<void> {
    if (!clusterIds.length) return;
    const { rows } = await sql.query<{ cluster: string; seq: string; source: string | null; seen_at: string; vs: string | null }>(
      'SELECT cluster, seq, source, seen_at, vs FROM prov_docs WHERE cluster = ANY($1::bigint[]) ORDER BY cluster, seen_at, seq',
      [clusterIds],
    );
    const byCluster = new Map<number, { seq: number; source: string | null; seenAt: string; vs: number | null }[]>(clusterIds.map((id) => [id, []]));
    for (const r of rows) byCluster.get(num(r.cluster))!.push({ seq: num(r.seq), source: r.source, seenAt: r.seen_at, vs: numOrNull(r.vs) });
    const plan = refreshPlan(byCluster);
    await setAlone(sql, plan.alone);
    if (plan.ended.length) await sql.query('DELETE FROM prov_clusters WHERE id = ANY($1::bigint[])', [plan.ended]);
    if (!plan.heads.length) return;
    const heads = plan.heads;
    await sql.query(
      `UPDATE prov_docs d SET vs = d.seq, overlap = 1, containment = 1, is_copy = false, lifted_from = NULL, is_original = h.original
       FROM unnest($1::bigint[], $2::boolean[]) AS h(seq, original) WHERE d.seq = h.seq`,
      [heads.map((h) => h.seq), heads.map((h) => h.original)],
    );
    // Members already compared with their earliest member keep their overlap; their source fields are set
    // in one statement that rewrites only the rows whose fields change (a large cluster is refreshed by
    // every batch that adds to it).
    await sql.query(
      `UPDATE prov_docs d SET is_copy = true, lifted_from = l.lifted, is_original = false
       FROM (SELECT m.seq, CASE WHEN m.source IS DISTINCT FROM h.source THEN coalesce(h.source, $4) END AS lifted
             FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS h(cluster, seq, source)
             JOIN prov_docs m ON m.cluster = h.cluster AND m.vs = h.seq AND m.seq <> h.seq) l
       WHERE d.seq = l.seq AND (NOT d.is_copy OR d.is_original OR d.lifted_from IS DISTINCT FROM l.lifted)`,
      [heads.map((h) => h.cluster), heads.map((h) => h.seq), heads.map((h) => h.source), UNKNOWN_SOURCE],
    );
    if (plan.stale.length) {
      const sets = await this.shingleSets(sql, [...new Set(plan.stale.flatMap((m) => [m.seq, m.vs]))]);
      const overlaps = plan.stale.map((m) => overlapOf(sets.get(m.seq)!, sets.get(m.vs)!));
      await sql.query(
        `UPDATE prov_docs d SET vs = u.vs, overlap = u.overlap, containment = u.containment, is_copy = true, lifted_from = u.lifted, is_original = false
         FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[], $5::text[]) AS u(seq, vs, overlap, containment, lifted) WHERE d.seq = u.seq`,
        [plan.stale.map((m) => m.seq), plan.stale.map((m) => m.vs), overlaps.map((o) => o.jaccard), overlaps.map((o) => o.containmentA), plan.stale.map((m) => m.lifted)],
      );
    }
    await sql.query(
      `UPDATE prov_clusters c SET size = u.size, earliest = u.earliest, first_seen = u.first_seen, last_seen = u.last_seen
       FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::text[]) AS u(id, size, earliest, first_seen, last_seen) WHERE c.id = u.id`,
      [heads.map((h) => h.cluster), heads.map((h) => h.size), heads.map((h) => h.seq), heads.map((h) => h.firstSeen), heads.map((h) => h.lastSeen)],
    );
  }

  /**
   * Deletes articles by id with everything stored about them (their rows cascade from articles), then
   * splits each cluster they were in into the connected components of the remaining verified pairs.
   * Runs inside the caller's transaction, under the provenance lock.
   */
  async delete(sql: Sql, ids: readonly string[]): Promise<number> {
    // The article rows first, then the provenance lock: the order putAnalysis takes them in (its row, then
    // refreshFacts' lock), so a re-analysis and a delete of one article wait for each other instead of deadlocking.
    const found = await sql.query<{ seq: string }>('SELECT seq FROM articles WHERE id = ANY($1::text[]) ORDER BY seq FOR UPDATE', [[...new Set(ids)]]);
    if (!found.rows.length) return 0;
    await lock(sql);
    const { rows } = await sql.query<{ seq: string; cluster: string | null; signature: Buffer | null }>(
      'SELECT a.seq, d.cluster, d.signature FROM articles a LEFT JOIN prov_docs d ON d.seq = a.seq WHERE a.seq = ANY($1::bigint[])',
      [found.rows.map((r) => r.seq)],
    );
    if (!rows.length) return 0;
    const seqs = rows.map((r) => num(r.seq));
    const bands = rows.flatMap((r) => (r.signature ? bandKeys(signatureOf(r.signature)).map((key) => [key, num(r.seq)]) : []));
    await sql.query('DELETE FROM prov_bands WHERE (key, seq) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[]))', [
      bands.map(([k]) => k),
      bands.map(([, s]) => s),
    ]);
    await sql.query('DELETE FROM prov_edges WHERE a = ANY($1::bigint[]) OR b = ANY($1::bigint[])', [seqs]);
    await sql.query('DELETE FROM articles WHERE seq = ANY($1::bigint[])', [seqs]);
    for (const s of seqs) this.shingleCache.delete(s);
    const affected = [...new Set(rows.map((r) => numOrNull(r.cluster)).filter((c): c is number => c !== null))];
    for (const c of affected) await this.split(sql, c);
    return rows.length;
  }

  /** Recomputes a cluster's connected components after a member left: the largest keeps the id. */
  private async split(sql: Sql, clusterId: number): Promise<void> {
    const members = (await sql.query<{ seq: string }>('SELECT seq FROM prov_docs WHERE cluster = $1 ORDER BY seq', [clusterId])).rows.map((r) => num(r.seq));
    const edges = await sql.query<{ a: string; b: string }>(
      'SELECT a, b FROM prov_edges WHERE a = ANY($1::bigint[]) AND b = ANY($1::bigint[])',
      [members],
    );
    const components = connectedComponents(members, edges.rows.map((e) => [num(e.a), num(e.b)]));
    await setAlone(sql, components.filter((c) => c.length < 2).flat());
    const kept: number[] = [];
    for (const [k, component] of components.entries()) {
      if (component.length < 2) continue;
      const id = k === 0 ? clusterId : await newCluster(sql, component[0]);
      await sql.query('UPDATE prov_docs SET cluster = $1 WHERE seq = ANY($2::bigint[])', [id, component]);
      kept.push(id);
    }
    await this.refresh(sql, kept);
    if (!components.length || components[0].length < 2) await sql.query('DELETE FROM prov_clusters WHERE id = $1', [clusterId]);
  }

  /**
   * Runs the statements of one answer in a read-only REPEATABLE READ transaction: one snapshot, so a
   * cluster listed is not found merged away by the next statement while other machines ingest, and
   * the consistency checks compare tables as of one moment.
   */
  private async snapshot<T>(body: (sql: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      } catch (err) {
        // BEGIN fails only when the connection does: a pooled one the server dropped (a restart drops them
        // all), so again, until every pooled connection has been tried and a fresh one fails too.
        client.release(err as Error);
        if (attempt < (this.pool.options.max ?? 10)) continue;
        throw err;
      }
      try {
        const result = await body(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        client.release(err as Error);
        throw err;
      }
    }
  }

  async clusters(options: ClusterListOptions = {}): Promise<{ total: number; clusters: ClusterSummary[] }> {
    const minSize = Math.max(2, options.minSize ?? 2);
    return this.snapshot(async (sql) => {
      const page = await sql.query<ClusterRow & { total: number }>(
        `${clusterSql(`SELECT *, count(*) OVER ()::int AS total FROM prov_clusters WHERE size >= $1 ORDER BY ${CLUSTER_ORDER} LIMIT $2 OFFSET $3`)}
         ORDER BY ${CLUSTER_ORDER}`,
        [minSize, options.limit ?? 50, options.offset ?? 0],
      );
      // The total comes with the page; a page past the end has none, so it is counted apart then.
      const total = page.rows.length
        ? page.rows[0].total
        : (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM prov_clusters WHERE size >= $1', [minSize])).rows[0].n;
      const earliest = await membersWhere(sql, 'd.seq = ANY($1::bigint[])', [page.rows.map((r) => r.earliest)]);
      const bySeq = new Map(earliest.map((m) => [m.seq, m.member]));
      return { total, clusters: page.rows.map((r) => summaryOf(r, bySeq.get(num(r.earliest))!)) };
    });
  }

  async cluster(clusterId: string): Promise<ClusterDetail | undefined> {
    if (!/^\d{1,15}$/.test(clusterId)) return undefined;
    return this.snapshot(async (sql) => {
      const row = (await sql.query<ClusterRow>(ONE_CLUSTER_SQL, [clusterId])).rows[0];
      if (!row) return undefined;
      const members = (await clusterMembers(sql, row.id)).map((m) => m.member);
      const days = new Map<string, number>();
      for (const m of members) days.set(m.seenAt.slice(0, 10), (days.get(m.seenAt.slice(0, 10)) ?? 0) + 1);
      const timeline = [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count }));
      return { ...summaryOf(row, members[0]), members, timeline };
    });
  }

  /** The provenance of a stored article by its id (the engine resolves hashes and prefixes first). */
  async provenanceOf(id: string): Promise<ArticleProvenance | undefined> {
    return this.snapshot(async (sql) => {
      const { rows } = await sql.query<{ seq: string; status: string | null; cluster: string | null; is_copy: boolean | null; vs: string | null }>(
        'SELECT a.seq, d.status, d.cluster, d.is_copy, d.vs FROM articles a LEFT JOIN prov_docs d ON d.seq = a.seq WHERE a.id = $1',
        [id],
      );
      const doc = rows[0];
      if (!doc) return undefined;
      const seq = num(doc.seq);
      const note = doc.status ? NOTES[doc.status] : NOTES.unindexed;
      const base: ArticleProvenance = { id, copies: [], isCopy: false, substitutions: [], ...(note ? { note } : {}) };
      if (doc.cluster == null) return base;
      const row = (await sql.query<ClusterRow>(ONE_CLUSTER_SQL, [doc.cluster])).rows[0];
      const members = await clusterMembers(sql, row.id);
      const others = members.filter((m) => m.seq !== seq);
      const overlaps = await this.overlapsWith(sql, seq, others.map((m) => m.seq));
      return {
        ...base,
        cluster: summaryOf(row, members[0].member),
        copies: others.map((m) => ({ ...m.member, overlapWithThis: overlaps.get(m.seq)! })),
        isCopy: doc.is_copy === true,
        substitutions: doc.is_copy && doc.vs != null ? await substitutionsOf(sql, num(doc.vs), seq) : [],
      };
    });
  }

  /** Jaccard of one member with each other: the stored pair where there is one, else computed from their texts. */
  private async overlapsWith(sql: Sql, seq: number, others: readonly number[]): Promise<Map<number, number>> {
    const { rows } = await sql.query<{ other: string; jaccard: number }>(
      `SELECT b AS other, jaccard FROM prov_edges WHERE a = $1 AND b = ANY($2::bigint[])
       UNION ALL SELECT a AS other, jaccard FROM prov_edges WHERE b = $1 AND a = ANY($2::bigint[])`,
      [seq, others],
    );
    const out = new Map(rows.map((r) => [num(r.other), round(r.jaccard)]));
    const missing = others.filter((o) => !out.has(o));
    if (missing.length) {
      await this.readShingles(sql, [seq, ...missing].filter((s) => !this.shingleCache.has(s)));
      const mine = await this.shinglesOf(sql, seq);
      for (const o of missing) out.set(o, round(overlapOf(mine, await this.shinglesOf(sql, o)).jaccard));
    }
    return out;
  }

  async sources(options: SourceListOptions = {}): Promise<{ total: number; sources: SourceProfile[] }> {
    const order = { copyShare: 'copy_share DESC, articles DESC', articles: 'articles DESC, copy_share DESC', copies: 'copies DESC, articles DESC' }[
      options.sort ?? 'copyShare'
    ];
    if (!order) throw new Error(`sort: unknown key ${JSON.stringify(options.sort)} (copyShare, articles or copies)`);
    const grouped = `${GROUPED_SOURCES} GROUP BY source HAVING count(*) >= $1`;
    const minArticles = options.minArticles ?? 1;
    return this.snapshot(async (sql) => {
      const page = await sql.query<Counts & { total: number }>(
        `SELECT *, count(*) OVER ()::int AS total FROM (${grouped}) g ORDER BY ${order}, source LIMIT $2 OFFSET $3`,
        [minArticles, options.limit ?? 50, options.offset ?? 0],
      );
      const total = page.rows.length ? page.rows[0].total : (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${grouped}) g`, [minArticles])).rows[0].n;
      return { total, sources: await profilesOf(sql, page.rows) };
    });
  }

  async source(name: string): Promise<SourceProfile | undefined> {
    return this.snapshot(async (sql) => {
      const { rows } = await sql.query<Counts>(`${GROUPED_SOURCES} AND source = $1 GROUP BY source`, [name]);
      return rows.length ? (await profilesOf(sql, rows))[0] : undefined;
    });
  }

  async frequentNames(language: string, limit = 200): Promise<{ name: string; count: number }[]> {
    const { rows } = await this.pool.query<{ name: string; count: number }>(
      'SELECT name, count FROM prov_name_counts WHERE language = $1 ORDER BY count DESC, name LIMIT $2',
      [language, limit],
    );
    return rows;
  }

  /** Problems between the provenance tables and the articles, as of one snapshot; empty when consistent. */
  async checkConsistency(): Promise<string[]> {
    return this.snapshot(async (sql) => {
      const problems: string[] = [];
      for (const [query, what] of CONSISTENCY_CHECKS) {
        const n = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${query}) x`)).rows[0].n;
        if (n) problems.push(`provenance: ${n} ${what}`);
      }
      return problems;
    });
  }
}

/** Each check selects the rows that break one rule of the index, and names them. */
const CONSISTENCY_CHECKS: readonly [string, string][] = [
  ['SELECT 1 FROM articles a LEFT JOIN prov_docs d ON d.seq = a.seq WHERE d.seq IS NULL', 'article(s) without an index row'],
  [
    `SELECT 1 FROM prov_bands b LEFT JOIN prov_docs d ON d.seq = b.seq WHERE d.seq IS NULL OR d.status <> 'indexed'`,
    'band key(s) of no indexed article',
  ],
  [
    `SELECT 1 FROM prov_edges e LEFT JOIN prov_docs x ON x.seq = e.a LEFT JOIN prov_docs y ON y.seq = e.b
     WHERE x.cluster IS NULL OR y.cluster IS NULL OR x.cluster <> y.cluster OR e.a >= e.b`,
    'verified pair(s) not inside one cluster',
  ],
  [
    'SELECT 1 FROM prov_docs d LEFT JOIN prov_clusters c ON c.id = d.cluster WHERE d.cluster IS NOT NULL AND c.id IS NULL',
    'article(s) in a missing cluster',
  ],
  [
    `SELECT 1 FROM prov_clusters c WHERE c.size < 2 OR c.size <> (SELECT count(*) FROM prov_docs d WHERE d.cluster = c.id)
       OR c.earliest IS DISTINCT FROM (SELECT d.seq FROM prov_docs d WHERE d.cluster = c.id ORDER BY d.seen_at, d.seq LIMIT 1)`,
    'cluster(s) whose size or earliest member is wrong',
  ],
  [
    'SELECT 1 FROM prov_docs d JOIN prov_clusters c ON c.id = d.cluster WHERE d.vs IS DISTINCT FROM c.earliest',
    'member(s) not compared with their earliest member',
  ],
  [
    `SELECT 1 FROM (SELECT language, name, count(*) AS k FROM prov_names GROUP BY language, name) x
     FULL JOIN prov_name_counts c ON c.language = x.language AND c.name = x.name WHERE x.k IS DISTINCT FROM c.count`,
    'entity name counter(s) out of step',
  ],
];

/** Word-for-word substitutions of `later` against `earlier`, in `later`'s raw text (computed on read). */
async function substitutionsOf(sql: Sql, earlier: number, later: number): Promise<DamageSpan[]> {
  const { rows } = await sql.query<{ seq: string; id: string; clean_text: string; raw: string; removed: Removal[] | null }>(
    `SELECT a.seq, a.id, a.clean_text, a.raw, n.json -> 'cleaning' -> 'removed' AS removed
     FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.seq = ANY($1::bigint[])`,
    [[earlier, later]],
  );
  const e = rows.find((r) => num(r.seq) === earlier);
  const l = rows.find((r) => num(r.seq) === later);
  if (!e || !l) return [];
  return copySubstitutions({ id: e.id, cleanText: e.clean_text }, { raw: l.raw, removed: l.removed ?? [] });
}

/** Profiles of a page of sources: where they lift from, whom they name, their boilerplate, three queries for the page. */
async function profilesOf(sql: Sql, counts: readonly Counts[]): Promise<SourceProfile[]> {
  const names = counts.map((c) => c.source);
  const lifts = await sql.query<{ of: string; source: string; count: number }>(
    `SELECT source AS of, lifted_from AS source, count(*)::int AS count FROM prov_docs WHERE source = ANY($1::text[]) AND lifted_from IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    [names],
  );
  const outlets = await sql.query<{ of: string; outlet: string; count: number }>(
    `SELECT source AS of, outlet, count(*)::int AS count FROM prov_outlets WHERE source = ANY($1::text[]) GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    [names],
  );
  const rules = await sql.query<{ of: string; rule: string; articles: number }>(
    `SELECT source AS of, rule, count(*)::int AS articles FROM prov_rules WHERE source = ANY($1::text[]) GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    [names],
  );
  const of = <T extends { of: string }>(list: T[], source: string) => list.filter((r) => r.of === source).map(({ of: _, ...rest }) => rest);
  return counts.map((r) => ({
    source: r.source,
    articles: r.articles,
    copies: r.copies,
    copyShare: round(r.articles ? r.copies / r.articles : 0),
    originals: r.originals,
    liftsFrom: of(lifts.rows, r.source).slice(0, 20),
    attributesTo: of(outlets.rows, r.source).slice(0, 20),
    boilerplate: of(rules.rows, r.source).map((b) => ({ ...b, share: round(b.articles / r.articles) })),
  }));
}

/** Members of a cluster, earliest first, then by seenAt and ingest order. */
function clusterMembers(sql: Sql, clusterId: string | number): Promise<{ seq: number; member: ClusterMember }[]> {
  return membersWhere(sql, 'd.cluster = $1 ORDER BY d.seen_at, d.seq', [clusterId]);
}

async function membersWhere(sql: Sql, where: string, params: unknown[]): Promise<{ seq: number; member: ClusterMember }[]> {
  const { rows } = await sql.query<MemberRow>(`${MEMBER_SQL} WHERE ${where}`, params);
  return rows.map((r) => ({ seq: num(r.seq), member: memberOf(r) }));
}

/**
 * The batch's view of candidates and of its own articles while it indexes them one by one, and of the
 * clusters its articles join: kept in memory (a union-find over cluster ids) and written once at the end
 * (writeClusters), so a copy costs no statement of its own.
 */
class IndexBatch {
  readonly edges: { a: number; b: number; jaccard: number; share: number }[] = [];
  /** Clusters made by this batch, by provisional id, with the article that made each. */
  readonly created = new Map<number, number>();
  /** Articles this batch put in a cluster. */
  readonly assigned = new Set<number>();
  /** A merged cluster → the cluster that absorbed it. */
  readonly absorbedBy = new Map<number, number>();
  private readonly holders = new Map<number, number[]>();
  /**
   * Provisional ids are above every stored id (identity values, far below 2^52) and grow in order of
   * creation, as the ids the database would give: "the smallest id absorbs the others" holds unchanged.
   */
  private nextId = 2 ** 52;

  constructor(private readonly known: Map<number, Candidate>) {}

  /** The cluster an article is in now, following merges; null when none. */
  clusterOf(seq: number): number | null {
    const c = this.known.get(seq)?.cluster ?? null;
    return c === null ? null : this.root(c);
  }

  root(cluster: number): number {
    let c = cluster;
    while (this.absorbedBy.has(c)) c = this.absorbedBy.get(c)!;
    return c;
  }

  signatureOf(seq: number): Uint32Array | null {
    return this.known.get(seq)?.signature ?? null;
  }

  /** Articles of this batch, indexed before, sharing a band key. */
  keyHolders(keys: readonly number[]): number[] {
    return keys.flatMap((k) => this.holders.get(k) ?? []);
  }

  add(seq: number, keys: readonly number[], signature: Uint32Array): void {
    this.known.set(seq, { cluster: null, signature });
    for (const k of keys) {
      const list = this.holders.get(k);
      if (list) list.push(seq);
      else this.holders.set(k, [seq]);
    }
  }

  /** Puts `seq` and its verified neighbours in one cluster: the smallest existing id absorbs the others (SqliteProvenance.join). */
  join(seq: number, neighbours: readonly number[]): void {
    const ids = [...new Set(neighbours.map((n) => this.clusterOf(n)).filter((c): c is number => c !== null))].sort((a, b) => a - b);
    const target = ids.length ? ids[0] : this.create(seq);
    for (const other of ids.slice(1)) this.absorbedBy.set(other, target);
    for (const s of [seq, ...neighbours]) {
      this.known.set(s, { cluster: target, signature: this.signatureOf(s) });
      this.assigned.add(s);
    }
  }

  private create(seq: number): number {
    const id = this.nextId++;
    this.created.set(id, seq);
    return id;
  }
}

/**
 * Writes what a batch did to the clusters: a row for each cluster it made that was not merged away,
 * stored clusters it merged moved into the one that absorbed them, its articles' clusters. Returns the
 * clusters to refresh.
 */
async function writeClusters(sql: Sql, batch: IndexBatch): Promise<number[]> {
  if (!batch.assigned.size) return [];
  const made = [...batch.created].filter(([id]) => batch.root(id) === id);
  const real = new Map<number, number>();
  if (made.length) {
    // Each made cluster has its own first article: the placeholder earliest maps the new ids back.
    const { rows } = await sql.query<{ id: string; earliest: string }>(
      `INSERT INTO prov_clusters (size, earliest, first_seen, last_seen) SELECT 0, e, '', '' FROM unnest($1::bigint[]) WITH ORDINALITY AS u(e, n) ORDER BY n
       RETURNING id, earliest`,
      [made.map(([, seq]) => seq)],
    );
    const idOf = new Map(rows.map((r) => [num(r.earliest), num(r.id)]));
    for (const [id, seq] of made) real.set(id, idOf.get(seq)!);
  }
  const final = (cluster: number) => {
    const root = batch.root(cluster);
    return real.get(root) ?? root;
  };
  const merged = [...batch.absorbedBy.keys()].filter((c) => !batch.created.has(c));
  if (merged.length) {
    await sql.query('UPDATE prov_docs d SET cluster = m.target FROM unnest($1::bigint[], $2::bigint[]) AS m(old, target) WHERE d.cluster = m.old', [
      merged,
      merged.map(final),
    ]);
    await sql.query('DELETE FROM prov_clusters WHERE id = ANY($1::bigint[])', [merged]);
  }
  const seqs = [...batch.assigned];
  const clusters = seqs.map((s) => final(batch.clusterOf(s)!));
  await sql.query('UPDATE prov_docs d SET cluster = u.cluster FROM unnest($1::bigint[], $2::bigint[]) AS u(seq, cluster) WHERE d.seq = u.seq', [
    seqs,
    clusters,
  ]);
  return [...new Set(clusters)];
}

/** What refreshing clusters changes, from their members in order (seen_at, seq). */
function refreshPlan(byCluster: Map<number, { seq: number; source: string | null; seenAt: string; vs: number | null }[]>) {
  const alone: number[] = [];
  const ended: number[] = [];
  const heads: { cluster: number; seq: number; source: string | null; original: boolean; size: number; firstSeen: string; lastSeen: string }[] = [];
  const stale: { seq: number; vs: number; lifted: string | null }[] = [];
  for (const [cluster, members] of byCluster) {
    if (members.length < 2) {
      alone.push(...members.map((m) => m.seq));
      ended.push(cluster);
      continue;
    }
    const earliest = members[0];
    const lifted = (source: string | null) => (source !== earliest.source ? (earliest.source ?? UNKNOWN_SOURCE) : null);
    const lastSeen = members.reduce((max, m) => (m.seenAt > max ? m.seenAt : max), earliest.seenAt);
    heads.push({
      cluster, seq: earliest.seq, source: earliest.source, original: members.some((m) => m.source !== earliest.source),
      size: members.length, firstSeen: earliest.seenAt, lastSeen,
    });
    for (const m of members.slice(1)) if (m.vs !== earliest.seq) stale.push({ seq: m.seq, vs: earliest.seq, lifted: lifted(m.source) });
  }
  return { alone, ended, heads, stale };
}

/**
 * Longest outlet or entity name kept as a fact. PostgreSQL refuses a btree key over about 2,700 bytes, so
 * one absurd "name" in a hostile text would fail its whole batch; no real name or outlet is this long,
 * and a profile or the frequent names lose nothing by leaving it out.
 */
const MAX_FACT_CHARS = 500;

/** Per-article fact rows (seq, the article's source or language, a value), one statement for all the articles. */
async function insertFacts(
  sql: Sql,
  table: 'prov_outlets' | 'prov_rules' | 'prov_names',
  keyColumn: 'source' | 'language',
  column: 'outlet' | 'rule' | 'name',
  articles: readonly WrittenArticle[],
  values: (a: WrittenArticle) => string[],
): Promise<void> {
  const rows = articles.flatMap((a) => values(a).filter((v) => v.length <= MAX_FACT_CHARS).map((value) => ({ a, value })));
  if (!rows.length) return;
  await sql.query(
    `INSERT INTO ${table} (seq, ${keyColumn}, ${column}) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.a.seq), rows.map((r) => (keyColumn === 'source' ? r.a.source : r.a.language)), rows.map((r) => r.value)],
  );
}

/** Takes the provenance lock for the rest of the caller's transaction (see PROVENANCE_LOCK). */
async function lock(sql: Sql): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock($1)', [PROVENANCE_LOCK]);
}

async function newCluster(sql: Sql, earliest: number): Promise<number> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO prov_clusters (size, earliest, first_seen, last_seen) VALUES (0, $1, '', '') RETURNING id`,
    [earliest],
  );
  return num(rows[0].id);
}

async function setAlone(sql: Sql, seqs: readonly number[]): Promise<void> {
  if (!seqs.length) return;
  await sql.query(
    `UPDATE prov_docs SET cluster = NULL, vs = NULL, overlap = NULL, containment = NULL, is_copy = false, lifted_from = NULL, is_original = false
     WHERE seq = ANY($1::bigint[])`,
    [seqs],
  );
}

async function insertEdges(sql: Sql, edges: readonly { a: number; b: number; jaccard: number; share: number }[]): Promise<void> {
  if (!edges.length) return;
  await sql.query(
    `INSERT INTO prov_edges (a, b, jaccard, share) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[])
     ON CONFLICT (a, b) DO UPDATE SET jaccard = excluded.jaccard, share = excluded.share`,
    [edges.map((e) => e.a), edges.map((e) => e.b), edges.map((e) => e.jaccard), edges.map((e) => e.share)],
  );
}

/**
 * Connected components of the members over the edges, each in visiting order from its smallest seq,
 * largest first (ties: the one holding the smaller seq first), as SqliteProvenance.split walks them.
 */
export function connectedComponents(members: readonly number[], edges: readonly (readonly [number, number])[]): number[][] {
  const inCluster = new Set(members);
  const next = new Map<number, number[]>(members.map((m) => [m, []]));
  for (const [a, b] of edges) {
    if (!inCluster.has(a) || !inCluster.has(b)) continue;
    next.get(a)!.push(b);
    next.get(b)!.push(a);
  }
  const seen = new Set<number>();
  const components: number[][] = [];
  for (const start of [...members].sort((x, y) => x - y)) {
    if (seen.has(start)) continue;
    const component: number[] = [];
    const queue = [start];
    seen.add(start);
    while (queue.length) {
      const s = queue.pop()!;
      component.push(s);
      for (const n of next.get(s) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    components.push(component);
  }
  return components.sort((a, b) => b.length - a.length);
}

function summaryOf(row: ClusterRow, earliest: ClusterMember): ClusterSummary {
  return {
    id: String(row.id),
    size: row.size,
    earliest,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    sources: row.sources,
    attributedTo: row.outlets,
  };
}

function memberOf(r: MemberRow): ClusterMember {
  return {
    id: r.id,
    title: r.title,
    ...(r.source != null ? { source: r.source } : {}),
    ...(r.url != null ? { url: r.url } : {}),
    ...(r.published_at != null ? { publishedAt: isoText(r.published_at) } : {}),
    ingestedAt: isoText(r.ingested_at),
    seenAt: r.seen_at,
    earliest: r.earliest,
    overlap: round(r.overlap ?? 0),
    containment: round(r.containment ?? 0),
    attributedTo: r.outlets,
  };
}
