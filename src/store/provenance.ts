/**
 * What a storage engine answers about provenance across the corpus: near-duplicate clusters (MinHash
 * with LSH banding over word shingles of the clean text, kept at ingest), each member's verified
 * overlap with the cluster's earliest member, and per-source profiles. Engines implement
 * ProvenanceQueries (src/store/engine.ts); the CLI, the API and the dashboard read these shapes.
 */
import type { DamageSpan } from '../schema.js';

/** One article of a cluster. */
export interface ClusterMember {
  id: string;
  title: string;
  source?: string;
  url?: string;
  publishedAt?: string;
  ingestedAt: string;
  /** The date the member is ordered by: publishedAt when it has one, else ingestedAt. */
  seenAt: string;
  /** Whether it is the cluster's earliest member (by published date, else ingest time). */
  earliest: boolean;
  /** Verified share of shingles shared with the earliest member (Jaccard, 0–1); 1 for the earliest itself. */
  overlap: number;
  /** Share of this member's shingles found in the earliest member (containment, 0–1): high for a truncated copy. */
  containment: number;
  /** Outlets the member's own text attributes it to ("first published on …"). */
  attributedTo: string[];
}

/** A cluster in a listing, largest first. */
export interface ClusterSummary {
  id: string;
  size: number;
  earliest: ClusterMember;
  firstSeen: string;
  lastSeen: string;
  /** Sources of its members, most frequent first. */
  sources: { source: string; count: number }[];
  /** Outlets its members attribute the text to, most frequent first. */
  attributedTo: { outlet: string; count: number }[];
}

/** One cluster with all its members (earliest first, then by seenAt) and copies per day. */
export interface ClusterDetail extends ClusterSummary {
  members: ClusterMember[];
  timeline: { day: string; count: number }[];
}

/** Where one article stands: its cluster (if it has copies), and the words it swapped against the earliest member. */
export interface ArticleProvenance {
  id: string;
  /** Absent when no other stored article is a near-duplicate of it. */
  cluster?: ClusterSummary;
  /** The other members, with their overlap with this article (not with the earliest). */
  copies: (ClusterMember & { overlapWithThis: number })[];
  /** True when an earlier member exists in another source or the same one: this article is a copy. */
  isCopy: boolean;
  /** Word-for-word substitutions against the earliest member (kind 'substitution'), empty when it is the earliest or none. */
  substitutions: DamageSpan[];
  /** Why the article is not in the near-duplicate index (too short, ingested with --no-provenance, stored before the index existed). */
  note?: string;
}

/** How a source behaves across the corpus. */
export interface SourceProfile {
  source: string;
  articles: number;
  /** Its articles that are copies of an earlier article elsewhere (another source). */
  copies: number;
  /** copies / articles. */
  copyShare: number;
  /** Its articles that are the earliest member of a cluster with members elsewhere. */
  originals: number;
  /** Sources of the earliest members it copied, most frequent first. */
  liftsFrom: { source: string; count: number }[];
  /** Outlets its articles name as the first publisher, most frequent first. */
  attributesTo: { outlet: string; count: number }[];
  /** Which cleaning rules fire on its articles: its boilerplate fingerprint, most frequent first. */
  boilerplate: { rule: string; articles: number; share: number }[];
}

export interface ClusterListOptions {
  limit?: number;
  offset?: number;
  /** Smallest cluster size listed (default 2). */
  minSize?: number;
}

export interface SourceListOptions {
  limit?: number;
  offset?: number;
  /** Sort key (default 'copyShare', then articles). */
  sort?: 'copyShare' | 'articles' | 'copies';
  /** Smallest number of articles a listed source has (default 1). */
  minArticles?: number;
}

/** The corpus-level provenance questions a StorageEngine answers. */
export interface ProvenanceQueries {
  /** Clusters of two or more near-duplicates, largest first (then earliest first). */
  clusters(options?: ClusterListOptions): Promise<{ total: number; clusters: ClusterSummary[] }>;
  cluster(clusterId: string): Promise<ClusterDetail | undefined>;
  /** The provenance of one stored article (by id or hash prefix as `get`); undefined when no such article. */
  provenanceOf(idOrHash: string): Promise<ArticleProvenance | undefined>;
  /** Source profiles, by copy share (default). */
  sources(options?: SourceListOptions): Promise<{ total: number; sources: SourceProfile[] }>;
  source(name: string): Promise<SourceProfile | undefined>;
  /** The corpus's most frequent entity names in a language (for near-miss detection), most frequent first. */
  frequentNames(language: string, limit?: number): Promise<{ name: string; count: number }[]>;
  /** Removes articles (their analyses, labels, search entries and cluster memberships); returns how many were removed. */
  delete(ids: readonly string[]): Promise<number>;
}

/**
 * An article's damage spans as every surface shows them: the analysis's own and the store's
 * substitutions against the earliest copy, in text order, each place and kind once.
 */
export function mergeDamage(analysed: readonly DamageSpan[] = [], substitutions: readonly DamageSpan[] = []): DamageSpan[] {
  const seen = new Set<string>();
  return [...analysed, ...substitutions]
    .filter((d) => {
      const key = `${d.start}:${d.end}:${d.kind}`;
      return !seen.has(key) && Boolean(seen.add(key));
    })
    .sort((x, y) => x.start - y.start || x.end - y.end);
}
