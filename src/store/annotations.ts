/**
 * Analysts' decisions on labels and the people who make them (issue 17): the records both storage
 * engines keep, append-only, beside the analyses (which a decision never edits), and the named API
 * tokens with roles. The label shown for an article is the analyst's where a current decision exists
 * (src/review/ overlays them on the analysis); reanalysis replaces analyses and never touches these.
 */

export const DECISIONS = ['accept', 'reject', 'add'] as const;
/** accept or reject a label the model gave; add one it did not give (a role change is a reject and an add). */
export type Decision = (typeof DECISIONS)[number];

/** What a decision is about: a task's label, for entity roles the entity, for technique spans the span. */
export interface AnnotationTarget {
  /** A registered task id: narratives (narratives and sub-narratives), entities, techniques, genre, frames. */
  task: string;
  label: string;
  /** The entity whose role this is (task entities). */
  entity?: string;
  /** Character offsets into the article's raw text (technique spans). */
  span?: { start: number; end: number };
}

export interface AnnotationInput extends AnnotationTarget {
  decision: Decision;
  note?: string;
}

export interface Annotation extends AnnotationInput {
  id: string;
  /** The article's id when the decision was made. */
  articleId: string;
  /**
   * Its content hash, which both engines always set: the decision follows the text, so it stays with an article
   * deleted and ingested again (under this or another id). Optional only so records made by hand may leave it out.
   */
  articleHash?: string;
  author: string;
  /** ISO time the decision was stored. */
  createdAt: string;
  /** The analysis's model version when the decision was made. */
  modelVersion: string;
  /** The model's label and score this decision is about, when the model gave it. */
  overrides?: { label: string; score: number };
  /** False once a later decision on the same target by the same author replaced it (kept for the record). */
  current: boolean;
  /** Ids of other authors' current decisions on the same target that disagree with this one. */
  conflictsWith?: string[];
}

export interface AnnotateRequest {
  articleId: string;
  author: string;
  decisions: readonly AnnotationInput[];
  /** The model version the analyst saw; when the stored analysis has another, the request is refused as stale. */
  modelVersion?: string;
  /** The article's annotation revision the analyst saw; when it moved on, the decisions are stored and reported as conflicts. */
  revision?: number;
}

export interface AnnotateResult {
  /** The decisions stored by this request. */
  annotations: Annotation[];
  /** The article's annotation revision after this request. */
  revision: number;
  /** Decisions (this request's or others') on the same targets that disagree. */
  conflicts: Annotation[];
}

/** A decision that cannot be stored, naming the field; `status` is the HTTP answer (400 bad value, 404 no such article, 409 stale). */
export class AnnotationError extends Error {
  override name = 'AnnotationError';
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export interface AnnotationFilter {
  task?: string;
  author?: string;
  /** Only current decisions (default true). */
  currentOnly?: boolean;
}

/** The annotations a storage engine keeps. */
export interface AnnotationStore {
  /** Stores the decisions of one request in one transaction (all or none). AnnotationError for a bad one. */
  annotate(request: AnnotateRequest): Promise<AnnotateResult>;
  /** An article's decisions, oldest first, with its revision (0 when none); undefined when no such article. */
  annotationsOf(articleId: string): Promise<{ revision: number; annotations: Annotation[] } | undefined>;
  /** Every decision matching the filter, in article then time order, a chunk at a time. */
  allAnnotations(filter?: AnnotationFilter): AsyncIterable<Annotation>;
  /**
   * Stores decisions copied from another store (`allAnnotations({ currentOnly: false })` there) as they were: ids,
   * authors, times, model versions, overrides; in one transaction. An id already present is skipped, so a rerun
   * copies only what is missing. Of one author's current decisions on a target, the latest stays current.
   */
  importAnnotations(records: readonly Annotation[]): Promise<{ imported: number; skipped: number }>;
}

export const ROLES = ['viewer', 'annotator', 'admin'] as const;
/** viewer: reads; annotator: reads and annotates; admin: everything, including ingest, deletes and tokens. */
export type Role = (typeof ROLES)[number];

export interface TokenInfo {
  name: string;
  role: Role;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

export interface WriteLogEntry {
  at: string;
  /** The token name that made the write. */
  author: string;
  /** e.g. 'annotate', 'ingest', 'token.create'. */
  action: string;
  /** What it was about: an article id, a token name … */
  target: string;
}

/** A token as a store keeps it: never the secret, only its hash. */
export interface StoredToken extends TokenInfo {
  /** SHA-256 of the secret, hex. */
  secretHash: string;
}

/** Named API tokens (stored only as hashes) and the log of writes. */
export interface TokenStore {
  /** Creates a token; the secret is returned once and never stored in clear. A name in use is refused. */
  createToken(name: string, role: Role): Promise<{ secret: string; info: TokenInfo }>;
  /** The token a secret belongs to, when it exists and is not revoked. */
  verifyToken(secret: string): Promise<TokenInfo | undefined>;
  listTokens(): Promise<TokenInfo[]>;
  /** Revokes a token by name at once; false when no such token. */
  revokeToken(name: string): Promise<boolean>;
  logWrite(entry: WriteLogEntry): Promise<void>;
  /** The latest writes, newest first. */
  writeLog(limit?: number): Promise<WriteLogEntry[]>;
  /** Every token with its secret's hash, for copying to another store. */
  exportTokens(): Promise<StoredToken[]>;
  /** Stores tokens copied from another store, revoked ones as revoked; a name already present is skipped. How many were stored. */
  importTokens(tokens: readonly StoredToken[]): Promise<number>;
}
