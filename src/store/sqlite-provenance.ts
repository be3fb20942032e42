/**
 * The SQL side of corpus-scale provenance (src/store/provenance.ts) for SqliteStore: the near-duplicate
 * index kept at ingest inside putBatch's transaction (MinHash band keys in an indexed table, candidates
 * looked up by key and verified by exact shingle overlap, clusters as connected components of verified
 * edges), per-article facts for source profiles (attributed outlets, boilerplate rules, entity names),
 * deletion with the affected cluster recomputed, the queries, and the consistency checks.
 */
import type Database from 'better-sqlite3';
import { BANDS, bandKeys, estimatedJaccard, fingerprint, isCopyPair, overlapOf, shingleSet } from '../features/minhash.js';
import type { Analysis, DamageSpan, Removal } from '../schema.js';
import { copySubstitutions } from './provenance-substitutions.js';
import type {
  ArticleProvenance,
  ClusterDetail,
  ClusterListOptions,
  ClusterMember,
  ClusterSummary,
  SourceListOptions,
  SourceProfile,
} from './provenance.js';

type Db = Database.Database;

/**
 * The provenance tables (store schema v6). Frozen once released, like every migration: a later change
 * is a new migration appended in src/store/sqlite.ts.
 */
export function migrateProvenanceTables(db: Db): void {
  db.exec(`
    -- One row per article: its place in the near-duplicate index and, in a cluster, how it stands
    -- against the cluster's earliest member (vs), recomputed when that member changes.
    CREATE TABLE prov_docs (
      seq           INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
      status        TEXT NOT NULL,               -- 'indexed' | 'short' | 'off' (ingested with --no-provenance) | 'unindexed' (stored before v6)
      shingles      INTEGER NOT NULL,            -- distinct shingles of the clean text
      band_keys     BLOB,                        -- the LSH keys (float64 each), to remove them on delete
      source        TEXT,
      seen_at       TEXT NOT NULL,               -- published_at when dated, else ingested_at: orders a cluster
      cluster       INTEGER,                     -- prov_clusters.id; NULL when no verified near-duplicate
      vs            INTEGER,                     -- seq of the earliest member the fields below compare with
      overlap       REAL,                        -- Jaccard with the earliest member
      containment   REAL,                        -- share of this article's shingles found in the earliest member
      is_copy       INTEGER NOT NULL DEFAULT 0,  -- an earlier member exists
      lifted_from   TEXT,                        -- the earliest member's source, when it is another source's
      is_original   INTEGER NOT NULL DEFAULT 0,  -- earliest member of a cluster with members in other sources
      substitutions TEXT                         -- JSON DamageSpan[] against the earliest member
    );
    CREATE INDEX prov_docs_cluster ON prov_docs(cluster);
    CREATE INDEX prov_docs_source ON prov_docs(source);

    -- LSH band keys: a new article looks up its keys to find candidates (no rescan of the corpus).
    CREATE TABLE prov_bands (
      key INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (key, seq)
    ) WITHOUT ROWID;

    -- Verified near-duplicate pairs (a < b): the edges whose connected components are the clusters.
    CREATE TABLE prov_edges (
      a       INTEGER NOT NULL,
      b       INTEGER NOT NULL,
      jaccard REAL NOT NULL,
      share   REAL NOT NULL,
      PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX prov_edges_b ON prov_edges(b, a);

    CREATE TABLE prov_clusters (
      id         INTEGER PRIMARY KEY,
      size       INTEGER NOT NULL,
      earliest   INTEGER NOT NULL,               -- prov_docs.seq
      first_seen TEXT NOT NULL,
      last_seen  TEXT NOT NULL
    );
    CREATE INDEX prov_clusters_size ON prov_clusters(size DESC, first_seen, id);

    -- Per-article facts for source profiles, with the source copied in so a profile reads one index.
    CREATE TABLE prov_outlets (
      seq    INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
      source TEXT,
      outlet TEXT NOT NULL,
      PRIMARY KEY (seq, outlet)
    ) WITHOUT ROWID;
    CREATE INDEX prov_outlets_source ON prov_outlets(source);
    CREATE TABLE prov_rules (
      seq    INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
      source TEXT,
      rule   TEXT NOT NULL,
      PRIMARY KEY (seq, rule)
    ) WITHOUT ROWID;
    CREATE INDEX prov_rules_source ON prov_rules(source);

    -- Entity names per article, and per language a counter kept by triggers (frequentNames reads it).
    CREATE TABLE prov_names (
      seq      INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
      language TEXT NOT NULL,
      name     TEXT NOT NULL,
      PRIMARY KEY (seq, name)
    ) WITHOUT ROWID;
    CREATE TABLE prov_name_counts (
      language TEXT NOT NULL,
      name     TEXT NOT NULL,
      count    INTEGER NOT NULL,
      PRIMARY KEY (language, name)
    ) WITHOUT ROWID;
    CREATE INDEX prov_name_counts_rank ON prov_name_counts(language, count DESC);
    CREATE TRIGGER prov_names_insert AFTER INSERT ON prov_names BEGIN
      INSERT INTO prov_name_counts (language, name, count) VALUES (new.language, new.name, 1)
        ON CONFLICT (language, name) DO UPDATE SET count = count + 1;
    END;
    CREATE TRIGGER prov_names_delete AFTER DELETE ON prov_names BEGIN
      UPDATE prov_name_counts SET count = count - 1 WHERE language = old.language AND name = old.name;
      DELETE FROM prov_name_counts WHERE language = old.language AND name = old.name AND count <= 0;
    END;

    -- Articles stored before this version: not in the index (no signatures), but in the profiles.
    INSERT INTO prov_docs (seq, status, shingles, source, seen_at)
      SELECT seq, 'unindexed', 0, source, ${seenAtSql('articles')} FROM articles;
    INSERT OR IGNORE INTO prov_outlets (seq, source, outlet)
      SELECT a.seq, a.source, json_extract(j.value, '$.outlet') FROM articles a JOIN analyses n ON n.article_id = a.id,
        json_each(n.json, '$.provenance.attributedTo') j WHERE json_extract(j.value, '$.outlet') IS NOT NULL;
    INSERT OR IGNORE INTO prov_rules (seq, source, rule)
      SELECT a.seq, a.source, json_extract(j.value, '$.rule') FROM articles a JOIN analyses n ON n.article_id = a.id,
        json_each(n.json, '$.cleaning.removed') j WHERE json_extract(j.value, '$.rule') IS NOT NULL;
    INSERT OR IGNORE INTO prov_names (seq, language, name)
      SELECT a.seq, a.language, json_extract(j.value, '$.name') FROM articles a JOIN analyses n ON n.article_id = a.id,
        json_each(n.json, '$.entities') j WHERE json_extract(j.value, '$.name') IS NOT NULL;
  `);
}

/**
 * Store schema v7: each indexed article keeps its MinHash signature, so a candidate is checked against
 * the signature (no text read) before the exact overlap; its band keys are derived from it on delete.
 */
export function migrateProvenanceSignatures(db: Db): void {
  db.exec(`ALTER TABLE prov_docs ADD COLUMN signature BLOB`);
}

/**
 * Store schema v8: source profiles read one covering index (source, lifted_from, is_original) instead
 * of every article row of the source, whose signatures and substitutions make them wide.
 */
export function migrateProvenanceProfileIndex(db: Db): void {
  db.exec(`CREATE INDEX prov_docs_profile ON prov_docs(source, lifted_from, is_original)`);
}

/** SQL for the date an article is ordered by in a cluster (same rule as seenAtOf). */
function seenAtSql(table: string): string {
  return `(CASE WHEN ${table}.published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN ${table}.published_at ELSE ${table}.ingested_at END)`;
}

/** The date an article is ordered by: its publication date when it has one, else when it was ingested. */
export function seenAtOf(publishedAt: string | undefined, ingestedAt: string): string {
  return publishedAt && /^\d{4}-\d{2}-\d{2}/.test(publishedAt) ? publishedAt : ingestedAt;
}

/** What the index needs of an article just inserted (in the same transaction). */
export interface IndexInput {
  seq: number;
  cleanText: string;
  source: string | null;
  seenAt: string;
  language: string;
  analysis: Analysis;
}

export const NOTES: Record<string, string> = {
  short: 'not in the near-duplicate index: the text is too short to compare (a title or a few words)',
  off: 'not in the near-duplicate index: ingested with --no-provenance',
  unindexed: 'not in the near-duplicate index: stored before the index existed (re-ingest it to index it)',
};

/** Shown for a copy whose earliest member has no source. */
export const UNKNOWN_SOURCE = '(no source)';
/**
 * Verified edges a new article makes into one existing cluster. One edge is enough to join it; a few
 * more keep the cluster whole when a member is deleted. Without a cap, the thousandth copy of a story
 * would read and verify all 999 earlier ones.
 */
export const MAX_EDGES_PER_CLUSTER = 8;
/**
 * Candidates whose signatures estimate a Jaccard below this are not verified. A verified copy has
 * Jaccard ≥ 0.43 (share ≥ 0.6 of the longer text); with 128 hashes the estimate's sd there is 0.044,
 * so a true copy falls below 0.3 about once in 700, while the many same-topic candidates a popular band
 * key brings (J around 0.1–0.2) cost no text read.
 */
export const MIN_ESTIMATED_JACCARD = 0.3;
/** Shingle sets kept between articles: a batch of copies of one story reads the same few texts again. */
export const SHINGLE_CACHE_SIZE = 256;

/** A stored article sharing a band key with a new one. */
interface Candidate {
  seq: number;
  cluster: number | null;
  signature: Buffer | null;
}

interface DocRow {
  seq: number;
  status: string;
  shingles: number;
  band_keys: Buffer | null;
  signature: Buffer | null;
  source: string | null;
  seen_at: string;
  cluster: number | null;
  vs: number | null;
  overlap: number | null;
  containment: number | null;
  is_copy: number;
  lifted_from: string | null;
  is_original: number;
  substitutions: string | null;
}

interface MemberRow {
  seq: number;
  id: string;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  ingested_at: string;
  seen_at: string;
  overlap: number | null;
  containment: number | null;
  earliest: number;
}

interface ClusterRow {
  id: number;
  size: number;
  earliest: number;
  first_seen: string;
  last_seen: string;
}

const MEMBER_SQL = `SELECT d.seq, a.id, a.title, a.source, a.url, a.published_at, a.ingested_at, d.seen_at, d.overlap, d.containment,
    (c.earliest = d.seq) AS earliest
  FROM prov_docs d JOIN articles a ON a.seq = d.seq JOIN prov_clusters c ON c.id = d.cluster`;

export class SqliteProvenance {
  private readonly stmt;
  private readonly shingleCache = new Map<number, Set<number>>();

  constructor(private readonly db: Db) {
    this.stmt = {
      insertDoc: db.prepare<[number, string, number, Buffer | null, string | null, string]>(
        `INSERT INTO prov_docs (seq, status, shingles, signature, source, seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      doc: db.prepare<[number], DocRow>('SELECT * FROM prov_docs WHERE seq = ?'),
      // All of an article's keys in one statement each way: 32 separate calls cost more than the lookups.
      // The candidates with what the check before verification needs, in ingest order (as every engine takes them).
      bandLookup: db.prepare<number[], Candidate>(
        `SELECT seq, cluster, signature FROM prov_docs
         WHERE seq IN (SELECT seq FROM prov_bands WHERE key IN (${Array(BANDS).fill('?').join(', ')})) ORDER BY seq`,
      ),
      insertBands: db.prepare(
        `INSERT OR IGNORE INTO prov_bands (key, seq) VALUES ${Array(BANDS).fill('(?, ?)').join(', ')}`,
      ),
      deleteBand: db.prepare('DELETE FROM prov_bands WHERE key = ? AND seq = ?'),
      insertEdge: db.prepare('INSERT OR REPLACE INTO prov_edges (a, b, jaccard, share) VALUES (?, ?, ?, ?)'),
      edge: db.prepare<[number, number], { jaccard: number }>('SELECT jaccard FROM prov_edges WHERE a = ? AND b = ?'),
      neighbours: db.prepare<[number, number], { seq: number }>(
        'SELECT b AS seq FROM prov_edges WHERE a = ? UNION SELECT a AS seq FROM prov_edges WHERE b = ?',
      ),
      deleteEdgesOf: db.prepare('DELETE FROM prov_edges WHERE a = @seq OR b = @seq'),
      cleanText: db.prepare<[number], { clean_text: string }>('SELECT clean_text FROM articles WHERE seq = ?'),
      diffInput: db.prepare<[number], { id: string; clean_text: string; raw: string; removed: string | null }>(
        `SELECT a.id, a.clean_text, a.raw, json_extract(n.json, '$.cleaning.removed') AS removed
         FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.seq = ?`,
      ),
      newCluster: db.prepare<[{ earliest: number }], { id: number }>(
        `INSERT INTO prov_clusters (size, earliest, first_seen, last_seen) VALUES (0, @earliest, '', '') RETURNING id`,
      ),
      moveCluster: db.prepare('UPDATE prov_docs SET cluster = ? WHERE cluster = ?'),
      setCluster: db.prepare('UPDATE prov_docs SET cluster = ? WHERE seq = ?'),
      dropCluster: db.prepare('DELETE FROM prov_clusters WHERE id = ?'),
      clusterMembers: db.prepare<[number], Pick<DocRow, 'seq' | 'source' | 'seen_at' | 'vs'>>(
        'SELECT seq, source, seen_at, vs FROM prov_docs WHERE cluster = ? ORDER BY seen_at, seq',
      ),
      memberSeqs: db.prepare<[number], { seq: number }>('SELECT seq FROM prov_docs WHERE cluster = ?'),
      setEarliest: db.prepare(
        `UPDATE prov_docs SET vs = seq, overlap = 1, containment = 1, is_copy = 0, lifted_from = NULL, is_original = ?, substitutions = NULL
         WHERE seq = ?`,
      ),
      // The v6 column `substitutions` is no longer written: they are computed on read (provenance-substitutions.ts).
      setCopy: db.prepare(
        `UPDATE prov_docs SET vs = ?, overlap = ?, containment = ?, is_copy = 1, lifted_from = ?, is_original = 0, substitutions = NULL WHERE seq = ?`,
      ),
      setAlone: db.prepare(
        `UPDATE prov_docs SET cluster = NULL, vs = NULL, overlap = NULL, containment = NULL, is_copy = 0, lifted_from = NULL,
           is_original = 0, substitutions = NULL WHERE seq = ?`,
      ),
      updateCluster: db.prepare('UPDATE prov_clusters SET size = ?, earliest = ?, first_seen = ?, last_seen = ? WHERE id = ?'),
      insertOutlet: db.prepare('INSERT OR IGNORE INTO prov_outlets (seq, source, outlet) VALUES (?, ?, ?)'),
      insertRule: db.prepare('INSERT OR IGNORE INTO prov_rules (seq, source, rule) VALUES (?, ?, ?)'),
      insertName: db.prepare('INSERT OR IGNORE INTO prov_names (seq, language, name) VALUES (?, ?, ?)'),
      deleteOutlets: db.prepare('DELETE FROM prov_outlets WHERE seq = ?'),
      deleteRules: db.prepare('DELETE FROM prov_rules WHERE seq = ?'),
      deleteNames: db.prepare('DELETE FROM prov_names WHERE seq = ?'),
      seqOf: db.prepare<[string], { seq: number }>('SELECT seq FROM articles WHERE id = ?'),
      articleOf: db.prepare<[string], { seq: number; source: string | null; language: string }>(
        'SELECT seq, source, language FROM articles WHERE id = ?',
      ),
      deleteArticle: db.prepare('DELETE FROM articles WHERE seq = ?'),
      clusterRow: db.prepare<[number], ClusterRow>('SELECT * FROM prov_clusters WHERE id = ?'),
      members: db.prepare<[number], MemberRow>(`${MEMBER_SQL} WHERE d.cluster = ? ORDER BY d.seen_at, d.seq`),
      member: db.prepare<[number], MemberRow>(`${MEMBER_SQL} WHERE d.seq = ?`),
      clusterSources: db.prepare<[number], { source: string; count: number }>(
        `SELECT coalesce(source, '${UNKNOWN_SOURCE}') AS source, count(*) AS count FROM prov_docs WHERE cluster = ?
         GROUP BY 1 ORDER BY count DESC, source`,
      ),
      clusterOutlets: db.prepare<[number], { outlet: string; count: number }>(
        `SELECT o.outlet, count(*) AS count FROM prov_docs d JOIN prov_outlets o ON o.seq = d.seq WHERE d.cluster = ?
         GROUP BY o.outlet ORDER BY count DESC, o.outlet`,
      ),
      outletsOf: db.prepare<[number], { outlet: string }>('SELECT outlet FROM prov_outlets WHERE seq = ? ORDER BY outlet'),
      liftsFrom: db.prepare<[string], { source: string; count: number }>(
        `SELECT lifted_from AS source, count(*) AS count FROM prov_docs WHERE source = ? AND lifted_from IS NOT NULL
         GROUP BY lifted_from ORDER BY count DESC, lifted_from LIMIT 20`,
      ),
      attributesTo: db.prepare<[string], { outlet: string; count: number }>(
        `SELECT outlet, count(*) AS count FROM prov_outlets WHERE source = ? GROUP BY outlet ORDER BY count DESC, outlet LIMIT 20`,
      ),
      rules: db.prepare<[string], { rule: string; articles: number }>(
        `SELECT rule, count(*) AS articles FROM prov_rules WHERE source = ? GROUP BY rule ORDER BY articles DESC, rule`,
      ),
      sourceCounts: db.prepare<[string], { source: string; articles: number; copies: number; originals: number }>(
        `SELECT source, count(*) AS articles, coalesce(sum(lifted_from IS NOT NULL), 0) AS copies, coalesce(sum(is_original), 0) AS originals
         FROM prov_docs WHERE source = ? GROUP BY source`,
      ),
      names: db.prepare<[string, number], { name: string; count: number }>(
        'SELECT name, count FROM prov_name_counts WHERE language = ? ORDER BY count DESC, name LIMIT ?',
      ),
    };
  }

  /** Indexes an article just inserted; `enabled` false records it as ingested without provenance. */
  index(input: IndexInput, enabled: boolean): void {
    this.writeFacts(input.seq, input.source, input.language, input.analysis);
    if (!enabled) {
      this.stmt.insertDoc.run(input.seq, 'off', 0, null, input.source, input.seenAt);
      return;
    }
    const fp = fingerprint(input.cleanText);
    if (!fp.indexed) {
      this.stmt.insertDoc.run(input.seq, 'short', fp.shingles.size, null, input.source, input.seenAt);
      return;
    }
    const signature = fp.signature!;
    this.stmt.insertDoc.run(input.seq, 'indexed', fp.shingles.size, Buffer.from(signature.buffer), input.source, input.seenAt);
    const candidates = this.stmt.bandLookup.all(...fp.keys);
    this.stmt.insertBands.run(...fp.keys.flatMap((key) => [key, input.seq]));
    this.remember(input.seq, fp.shingles);
    const neighbours: Candidate[] = [];
    const edgesInto = new Map<number, number>();
    for (const other of candidates) {
      const cluster = other.cluster;
      if (cluster !== null && (edgesInto.get(cluster) ?? 0) >= MAX_EDGES_PER_CLUSTER) continue;
      if (other.signature && estimatedJaccard(signature, signatureOf(other.signature)) < MIN_ESTIMATED_JACCARD) continue;
      const o = overlapOf(fp.shingles, this.shinglesOf(other.seq));
      if (!isCopyPair(o)) continue;
      this.stmt.insertEdge.run(Math.min(input.seq, other.seq), Math.max(input.seq, other.seq), o.jaccard, o.share);
      neighbours.push(other);
      if (cluster !== null) edgesInto.set(cluster, (edgesInto.get(cluster) ?? 0) + 1);
    }
    if (neighbours.length) this.join(input.seq, neighbours);
  }

  /** Replaces an article's profile facts after a re-analysis (its text, and so its index entry, is unchanged). */
  refreshFacts(id: string, analysis: Analysis): void {
    const row = this.stmt.articleOf.get(id);
    if (!row) return;
    const { seq, source, language } = row;
    this.stmt.deleteOutlets.run(seq);
    this.stmt.deleteRules.run(seq);
    this.stmt.deleteNames.run(seq);
    this.writeFacts(seq, source, language, analysis);
  }

  private writeFacts(seq: number, source: string | null, language: string, analysis: Analysis): void {
    for (const a of analysis.provenance?.attributedTo ?? []) this.stmt.insertOutlet.run(seq, source, a.outlet);
    for (const r of analysis.cleaning.removed) this.stmt.insertRule.run(seq, source, r.rule);
    for (const e of analysis.entities ?? []) if (e.name.trim()) this.stmt.insertName.run(seq, language, e.name);
  }

  /** Puts `seq` and its verified neighbours in one cluster: the smallest existing id absorbs the others. */
  private join(seq: number, neighbours: readonly Candidate[]): void {
    const ids = [...new Set(neighbours.flatMap((n) => (n.cluster === null ? [] : [n.cluster])))].sort((a, b) => a - b);
    const target = ids.length ? ids[0] : this.stmt.newCluster.get({ earliest: seq })!.id;
    for (const other of ids.slice(1)) {
      this.stmt.moveCluster.run(target, other);
      this.stmt.dropCluster.run(other);
    }
    for (const s of [seq, ...neighbours.map((n) => n.seq)]) this.stmt.setCluster.run(target, s);
    this.refresh(target);
  }

  /**
   * Recomputes a cluster's derived fields: its earliest member (by seenAt, then ingest order), each
   * member's overlap and containment against it (only where the earliest changed), who
   * copied from another source, and the cluster row. A cluster left with fewer than two members ends.
   */
  private refresh(clusterId: number): void {
    const members = this.stmt.clusterMembers.all(clusterId);
    if (members.length < 2) {
      for (const m of members) this.stmt.setAlone.run(m.seq);
      this.stmt.dropCluster.run(clusterId);
      return;
    }
    const earliest = members[0];
    const elsewhere = members.some((m) => m.source !== earliest.source);
    this.stmt.setEarliest.run(elsewhere ? 1 : 0, earliest.seq);
    const liftedFrom = (m: { source: string | null }) => (m.source !== earliest.source ? (earliest.source ?? UNKNOWN_SOURCE) : null);
    for (const m of members.slice(1)) {
      // Compared with this earliest member before: its fields (lifted_from too: both sources are fixed) stand.
      if (m.vs === earliest.seq) continue;
      const o = overlapOf(this.shinglesOf(m.seq), this.shinglesOf(earliest.seq));
      this.stmt.setCopy.run(earliest.seq, o.jaccard, o.containmentA, liftedFrom(m), m.seq);
    }
    const last = members.reduce((max, m) => (m.seen_at > max ? m.seen_at : max), earliest.seen_at);
    this.stmt.updateCluster.run(members.length, earliest.seq, earliest.seen_at, last, clusterId);
  }

  /** Word-for-word substitutions of `later` against `earlier`, in `later`'s raw text (computed on read). */
  private substitutions(earlier: number, later: number): DamageSpan[] {
    const e = this.stmt.diffInput.get(earlier);
    const l = this.stmt.diffInput.get(later);
    if (!e || !l) return [];
    const removed = l.removed ? (JSON.parse(l.removed) as Removal[]) : [];
    return copySubstitutions({ id: e.id, cleanText: e.clean_text }, { raw: l.raw, removed });
  }

  private shinglesOf(seq: number): Set<number> {
    const cached = this.shingleCache.get(seq);
    if (cached) {
      this.shingleCache.delete(seq);
      this.shingleCache.set(seq, cached);
      return cached;
    }
    const set = shingleSet(this.stmt.cleanText.get(seq)?.clean_text ?? '');
    this.remember(seq, set);
    return set;
  }

  private remember(seq: number, set: Set<number>): void {
    this.shingleCache.set(seq, set);
    if (this.shingleCache.size > SHINGLE_CACHE_SIZE) this.shingleCache.delete(this.shingleCache.keys().next().value!);
  }

  /**
   * Deletes articles by id with everything stored about them, then splits each cluster they were in
   * into the connected components of the remaining verified edges. Runs inside the caller's transaction.
   */
  delete(ids: readonly string[]): number {
    const affected = new Set<number>();
    let removed = 0;
    for (const id of new Set(ids)) {
      const seq = this.stmt.seqOf.get(id)?.seq;
      if (seq === undefined) continue;
      const doc = this.stmt.doc.get(seq);
      for (const key of doc ? keysOf(doc) : []) this.stmt.deleteBand.run(key, seq);
      if (doc?.cluster != null) affected.add(doc.cluster);
      this.stmt.deleteEdgesOf.run({ seq });
      this.stmt.deleteArticle.run(seq);
      this.shingleCache.delete(seq);
      removed++;
    }
    for (const c of affected) this.split(c);
    return removed;
  }

  /** Recomputes a cluster's connected components after a member left: the largest keeps the id. */
  private split(clusterId: number): void {
    const members = new Set(this.stmt.memberSeqs.all(clusterId).map((r) => r.seq));
    const components: number[][] = [];
    const seen = new Set<number>();
    for (const start of members) {
      if (seen.has(start)) continue;
      const component: number[] = [];
      const queue = [start];
      seen.add(start);
      while (queue.length) {
        const s = queue.pop()!;
        component.push(s);
        for (const { seq: n } of this.stmt.neighbours.all(s, s)) {
          if (members.has(n) && !seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      components.push(component);
    }
    components.sort((a, b) => b.length - a.length);
    for (const [k, component] of components.entries()) {
      if (component.length < 2) {
        for (const s of component) this.stmt.setAlone.run(s);
        continue;
      }
      const id = k === 0 ? clusterId : this.stmt.newCluster.get({ earliest: component[0] })!.id;
      for (const s of component) this.stmt.setCluster.run(id, s);
      this.refresh(id);
    }
    if (!components.length || components[0].length < 2) this.stmt.dropCluster.run(clusterId);
  }

  clusters(options: ClusterListOptions = {}): { total: number; clusters: ClusterSummary[] } {
    const minSize = Math.max(2, options.minSize ?? 2);
    const total = (this.db.prepare('SELECT count(*) AS n FROM prov_clusters WHERE size >= ?').get(minSize) as { n: number }).n;
    const rows = this.db
      .prepare<[number, number, number], ClusterRow>(
        'SELECT * FROM prov_clusters WHERE size >= ? ORDER BY size DESC, first_seen, id LIMIT ? OFFSET ?',
      )
      .all(minSize, options.limit ?? 50, options.offset ?? 0);
    return { total, clusters: rows.map((r) => this.summaryOf(r)) };
  }

  cluster(clusterId: string): ClusterDetail | undefined {
    if (!/^\d{1,15}$/.test(clusterId)) return undefined;
    const row = this.stmt.clusterRow.get(Number(clusterId));
    if (!row) return undefined;
    const members = this.stmt.members.all(row.id).map((m) => this.memberOf(m));
    const days = new Map<string, number>();
    for (const m of members) days.set(m.seenAt.slice(0, 10), (days.get(m.seenAt.slice(0, 10)) ?? 0) + 1);
    const timeline = [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count }));
    return { ...this.summaryOf(row, members[0]), members, timeline };
  }

  /** The provenance of a stored article by its id (the store resolves hashes and prefixes first). */
  provenanceOf(id: string): ArticleProvenance | undefined {
    const seq = this.stmt.seqOf.get(id)?.seq;
    if (seq === undefined) return undefined;
    const doc = this.stmt.doc.get(seq);
    const note = doc ? NOTES[doc.status] : NOTES.unindexed;
    const base: ArticleProvenance = { id, copies: [], isCopy: false, substitutions: [], ...(note ? { note } : {}) };
    if (!doc || doc.cluster == null) return base;
    const row = this.stmt.clusterRow.get(doc.cluster)!;
    const members = this.stmt.members.all(row.id).map((m) => this.memberOf(m));
    const copies = members
      .filter((m) => m.id !== id)
      .map((m) => ({ ...m, overlapWithThis: this.overlapBetween(seq, this.stmt.seqOf.get(m.id)!.seq) }));
    return {
      ...base,
      cluster: this.summaryOf(row, members[0]),
      copies,
      isCopy: doc.is_copy === 1,
      substitutions: doc.is_copy === 1 && doc.vs != null ? this.substitutions(doc.vs, seq) : [],
    };
  }

  /** Jaccard of two members: the stored edge when they are one, else computed from their texts. */
  private overlapBetween(a: number, b: number): number {
    const edge = this.stmt.edge.get(Math.min(a, b), Math.max(a, b));
    return round(edge ? edge.jaccard : overlapOf(this.shinglesOf(a), this.shinglesOf(b)).jaccard);
  }

  sources(options: SourceListOptions = {}): { total: number; sources: SourceProfile[] } {
    const order = { copyShare: 'copyShare DESC, articles DESC', articles: 'articles DESC, copyShare DESC', copies: 'copies DESC, articles DESC' }[
      options.sort ?? 'copyShare'
    ];
    if (!order) throw new Error(`sort: unknown key ${JSON.stringify(options.sort)} (copyShare, articles or copies)`);
    const grouped = `SELECT source, count(*) AS articles, coalesce(sum(lifted_from IS NOT NULL), 0) AS copies,
        coalesce(sum(is_original), 0) AS originals, coalesce(sum(lifted_from IS NOT NULL), 0) * 1.0 / count(*) AS copyShare
      FROM prov_docs WHERE source IS NOT NULL GROUP BY source HAVING count(*) >= ?`;
    const minArticles = options.minArticles ?? 1;
    const total = (this.db.prepare(`SELECT count(*) AS n FROM (${grouped})`).get(minArticles) as { n: number }).n;
    const rows = this.db
      .prepare(`${grouped} ORDER BY ${order}, source LIMIT ? OFFSET ?`)
      .all(minArticles, options.limit ?? 50, options.offset ?? 0) as { source: string; articles: number; copies: number; originals: number }[];
    return { total, sources: rows.map((r) => this.profileOf(r)) };
  }

  source(name: string): SourceProfile | undefined {
    const row = this.stmt.sourceCounts.get(name);
    return row ? this.profileOf(row) : undefined;
  }

  frequentNames(language: string, limit = 200): { name: string; count: number }[] {
    return this.stmt.names.all(language, limit);
  }

  private profileOf(r: { source: string; articles: number; copies: number; originals: number }): SourceProfile {
    return {
      source: r.source,
      articles: r.articles,
      copies: r.copies,
      copyShare: round(r.articles ? r.copies / r.articles : 0),
      originals: r.originals,
      liftsFrom: this.stmt.liftsFrom.all(r.source),
      attributesTo: this.stmt.attributesTo.all(r.source),
      boilerplate: this.stmt.rules.all(r.source).map((b) => ({ ...b, share: round(b.articles / r.articles) })),
    };
  }

  private summaryOf(row: ClusterRow, earliest?: ClusterMember): ClusterSummary {
    return {
      id: String(row.id),
      size: row.size,
      earliest: earliest ?? this.memberOf(this.stmt.member.get(row.earliest)!),
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      sources: this.stmt.clusterSources.all(row.id),
      attributedTo: this.stmt.clusterOutlets.all(row.id),
    };
  }

  private memberOf(r: MemberRow): ClusterMember {
    return {
      id: r.id,
      title: r.title,
      ...(r.source != null ? { source: r.source } : {}),
      ...(r.url != null ? { url: r.url } : {}),
      ...(r.published_at != null ? { publishedAt: r.published_at } : {}),
      ingestedAt: r.ingested_at,
      seenAt: r.seen_at,
      earliest: r.earliest === 1,
      overlap: round(r.overlap ?? 0),
      containment: round(r.containment ?? 0),
      attributedTo: this.stmt.outletsOf.all(r.seq).map((o) => o.outlet),
    };
  }

  /** Problems between the provenance tables and the articles; empty when consistent. */
  checkConsistency(): string[] {
    const problems: string[] = [];
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    const check = (sql: string, what: string) => {
      const n = count(sql);
      if (n) problems.push(`provenance: ${n} ${what}`);
    };
    check('SELECT count(*) AS n FROM articles a LEFT JOIN prov_docs d ON d.seq = a.seq WHERE d.seq IS NULL', 'article(s) without an index row');
    check(
      `SELECT count(*) AS n FROM prov_bands b LEFT JOIN prov_docs d ON d.seq = b.seq WHERE d.seq IS NULL OR d.status <> 'indexed'`,
      'band key(s) of no indexed article',
    );
    check(
      `SELECT count(*) AS n FROM prov_edges e LEFT JOIN prov_docs x ON x.seq = e.a LEFT JOIN prov_docs y ON y.seq = e.b
       WHERE x.cluster IS NULL OR y.cluster IS NULL OR x.cluster <> y.cluster OR e.a >= e.b`,
      'verified pair(s) not inside one cluster',
    );
    check(
      'SELECT count(*) AS n FROM prov_docs d LEFT JOIN prov_clusters c ON c.id = d.cluster WHERE d.cluster IS NOT NULL AND c.id IS NULL',
      'article(s) in a missing cluster',
    );
    check(
      `SELECT count(*) AS n FROM prov_clusters c WHERE c.size < 2 OR c.size <> (SELECT count(*) FROM prov_docs d WHERE d.cluster = c.id)
         OR c.earliest <> (SELECT d.seq FROM prov_docs d WHERE d.cluster = c.id ORDER BY d.seen_at, d.seq LIMIT 1)`,
      'cluster(s) whose size or earliest member is wrong',
    );
    check(
      `SELECT count(*) AS n FROM prov_docs d JOIN prov_clusters c ON c.id = d.cluster WHERE d.vs IS NOT c.earliest`,
      'member(s) not compared with their earliest member',
    );
    check(
      `SELECT count(*) AS n FROM (SELECT language, name, count(*) AS k FROM prov_names GROUP BY language, name) x
       FULL JOIN prov_name_counts c ON c.language = x.language AND c.name = x.name WHERE x.k IS NOT c.count`,
      'entity name counter(s) out of step',
    );
    return problems;
  }
}

export const round = (x: number) => Math.round(x * 1000) / 1000;

/** A stored signature (a copy: the blob's buffer need not be aligned for a Uint32Array view). */
export function signatureOf(blob: Buffer): Uint32Array {
  return new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** The band keys an indexed article was stored under: from its signature (v7), or as v6 stored them. */
function keysOf(doc: DocRow): number[] {
  if (doc.signature) return bandKeys(signatureOf(doc.signature));
  if (doc.band_keys) return [...new Float64Array(doc.band_keys.buffer.slice(doc.band_keys.byteOffset, doc.band_keys.byteOffset + doc.band_keys.byteLength))];
  return [];
}
