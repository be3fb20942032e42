/**
 * What both storage engines share about analysts' decisions and tokens (src/store/annotations.ts): the checks a
 * request passes before anything is stored, the key that says two decisions are about the same target, the model
 * label a decision overrides, the row-to-record mapping, and token secrets and their hashes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Analysis } from '../schema.js';
import { TASKS } from '../tasks/registry.js';
import type { AnyTask } from '../tasks/task.js';
import {
  AnnotationError,
  DECISIONS,
  ROLES,
  type AnnotateRequest,
  type Annotation,
  type AnnotationInput,
  type AnnotationTarget,
  type Decision,
  type Role,
  type StoredToken,
  type TokenInfo,
  type WriteLogEntry,
} from './annotations.js';

/** Longest label, entity name, author or token name accepted; a note may be longer (NOTE_MAX). */
const NAME_MAX = 500;
const NOTE_MAX = 4000;

/** How many decisions allAnnotations reads per query. */
export const ANNOTATION_CHUNK = 500;

/** The tasks a decision may be about: those that give labels (provenance gives none). */
export function annotatedTasks(tasks: readonly AnyTask[] = TASKS): string[] {
  return tasks.filter((t) => t.facets.length > 0).map((t) => t.id);
}

/** A text field: non-empty when required, not too long, no U+0000 (PostgreSQL text cannot hold it). */
function checkText(value: unknown, field: string, required: boolean, max = NAME_MAX): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || (required && value.trim() === '')) throw new AnnotationError(field, `${field} must be a non-empty string`);
  if (value.length > max) throw new AnnotationError(field, `${field} is longer than ${max} characters`);
  if (value.includes('\u0000')) throw new AnnotationError(field, `${field} contains a NUL character`);
}

/** Checks one decision; `at` names it in errors (`decisions[2]`). */
function checkDecision(d: AnnotationInput, at: string, tasks: readonly string[]): void {
  if (typeof d !== 'object' || d === null) throw new AnnotationError(at, `${at} must be an object`);
  if (!DECISIONS.includes(d.decision)) {
    throw new AnnotationError(`${at}.decision`, `${at}.decision must be one of ${DECISIONS.join(', ')} (got ${JSON.stringify(d.decision)})`);
  }
  if (!tasks.includes(d.task)) throw new AnnotationError(`${at}.task`, `${at}.task must be one of ${tasks.join(', ')} (got ${JSON.stringify(d.task)})`);
  checkText(d.label, `${at}.label`, true);
  checkText(d.entity, `${at}.entity`, d.task === 'entities');
  checkText(d.note, `${at}.note`, false, NOTE_MAX);
}

/** Checks a request on its own (before the article is read); AnnotationError naming the first bad field. */
export function checkRequest(request: AnnotateRequest, tasks: readonly string[] = annotatedTasks()): void {
  checkText(request.author, 'author', true);
  if (!Array.isArray(request.decisions) || request.decisions.length === 0) throw new AnnotationError('decisions', 'decisions must list at least one decision');
  request.decisions.forEach((d, i) => checkDecision(d, `decisions[${i}]`, tasks));
  if (request.revision !== undefined && !(Number.isInteger(request.revision) && request.revision >= 0)) {
    throw new AnnotationError('revision', `revision must be a non-negative integer (got ${JSON.stringify(request.revision)})`);
  }
}

/** What annotate reads of the article under its lock. */
export interface ArticleForAnnotation {
  raw: string;
  modelVersion: string;
  /** The article's annotation revision before this request. */
  revision: number;
}

/**
 * Checks a request against the stored article: spans inside its raw text (400), the model version the analyst saw
 * (409 when stale: the labels they judged are no longer the ones shown), a revision not ahead of the article's.
 */
export function checkAgainstArticle(request: AnnotateRequest, article: ArticleForAnnotation): void {
  request.decisions.forEach((d, i) => {
    if (d.span == null) return;
    const { start, end } = d.span;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= article.raw.length)) {
      throw new AnnotationError(
        `decisions[${i}].span`,
        `decisions[${i}].span ${JSON.stringify(d.span)} is not a non-empty range inside the article's ${article.raw.length} characters`,
      );
    }
  });
  if (request.modelVersion !== undefined && request.modelVersion !== article.modelVersion) {
    throw new AnnotationError(
      'modelVersion',
      `the article was analysed again since (model version ${article.modelVersion}, the request names ${request.modelVersion}); reload it and decide again`,
      409,
    );
  }
  if (request.revision !== undefined && request.revision > article.revision) {
    throw new AnnotationError('revision', `revision ${request.revision} is ahead of the article's annotation revision ${article.revision}`);
  }
}

/** Two decisions are about the same target when their keys are equal: task, label, entity and span. */
export function targetKeyOf(t: AnnotationTarget): string {
  return JSON.stringify([t.task, t.label, t.entity ?? null, t.span?.start ?? null, t.span?.end ?? null]);
}

/** accept and add say the label holds, reject that it does not: a decision disagrees with one of the other sign. */
export function holds(decision: Decision): boolean {
  return decision !== 'reject';
}

type Score = { label: string; score: number };

/** The highest of some scores, or undefined. */
function best(scores: Score[]): Score | undefined {
  return scores.reduce<Score | undefined>((b, s) => (b === undefined || s.score > b.score ? s : b), undefined);
}

/**
 * The model's label and score a decision is about, read from the stored analysis: for an entity's role, that
 * entity's main or fine role; for a technique span, the model's spans of that technique overlapping it; else the
 * task's own label rows (tasks/task.ts labelRows). Undefined when the model did not give the label.
 */
export function overriddenLabel(analysis: Analysis, target: AnnotationTarget, tasks: readonly AnyTask[] = TASKS): Score | undefined {
  const { label } = target;
  if (target.task === 'entities' && target.entity !== undefined) {
    const entity = analysis.entities?.find((e) => e.name === target.entity);
    if (!entity) return undefined;
    if (entity.mainRole === label) return { label, score: entity.confidence };
    return best(entity.fineRoles.filter((r) => r.role === label).map((r) => ({ label, score: r.score })));
  }
  if (target.task === 'techniques' && target.span) {
    const { start, end } = target.span;
    const spans = analysis.techniques?.spans.filter((s) => s.technique === label && s.start < end && start < s.end) ?? [];
    return best(spans.map((s) => ({ label, score: s.confidence })));
  }
  const task = tasks.find((t) => t.id === target.task);
  const section: unknown = (analysis as Record<string, unknown>)[target.task];
  if (!task || section === undefined) return undefined;
  return best(task.labelRows(section).filter((r) => r.label === label).map((r) => ({ label, score: r.score })));
}

/** One decision as both engines store it (columns of the annotations table). */
export interface AnnotationRowValues {
  id: string;
  task: string;
  label: string;
  entity: string | null;
  span_start: number | null;
  span_end: number | null;
  target_key: string;
  decision: Decision;
  note: string | null;
  override_label: string | null;
  override_score: number | null;
}

/** The row values of one decision of a request, its model override looked up in the stored analysis. */
export function rowValuesOf(d: AnnotationInput, analysis: Analysis): AnnotationRowValues {
  const overrides = overriddenLabel(analysis, d);
  return {
    id: randomUUID(),
    task: d.task,
    label: d.label,
    entity: d.entity ?? null,
    span_start: d.span?.start ?? null,
    span_end: d.span?.end ?? null,
    target_key: targetKeyOf(d),
    decision: d.decision,
    note: d.note ?? null,
    override_label: overrides?.label ?? null,
    override_score: overrides?.score ?? null,
  };
}

/**
 * Which rows of one request stay current: a later decision of the same request on the same target supersedes an
 * earlier one, as a later request does (the author's earlier current rows are superseded before the insert).
 */
export function currentFlags(values: readonly AnnotationRowValues[]): boolean[] {
  return values.map((v, i) => !values.slice(i + 1).some((later) => later.target_key === v.target_key));
}

/** A decision copied from another store, as importAnnotations inserts it. */
export interface ImportedRow extends AnnotationRowValues {
  article_id: string;
  article_hash: string;
  author: string;
  created_at: string;
  model_version: string;
  current: boolean;
}

/** Checks a copied decision (`records[i]` in errors) and gives its row; the record's own id, time and flags are kept. */
export function importedRowOf(record: Annotation, i: number, tasks: readonly string[] = annotatedTasks()): ImportedRow {
  const at = `records[${i}]`;
  checkDecision(record, at, tasks);
  for (const field of ['id', 'articleId', 'articleHash', 'author', 'modelVersion'] as const) checkText(record[field], `${at}.${field}`, true);
  const ms = Date.parse(record.createdAt);
  if (Number.isNaN(ms)) throw new AnnotationError(`${at}.createdAt`, `${at}.createdAt ${JSON.stringify(record.createdAt)} is not an ISO 8601 time`);
  if (record.span && !(Number.isInteger(record.span.start) && Number.isInteger(record.span.end) && record.span.start >= 0 && record.span.start < record.span.end)) {
    throw new AnnotationError(`${at}.span`, `${at}.span ${JSON.stringify(record.span)} is not a non-empty range`);
  }
  return {
    id: record.id,
    task: record.task,
    label: record.label,
    entity: record.entity ?? null,
    span_start: record.span?.start ?? null,
    span_end: record.span?.end ?? null,
    target_key: targetKeyOf(record),
    decision: record.decision,
    note: record.note ?? null,
    override_label: record.overrides?.label ?? null,
    override_score: record.overrides?.score ?? null,
    article_id: record.articleId,
    article_hash: record.articleHash!,
    author: record.author,
    created_at: new Date(ms).toISOString(),
    model_version: record.modelVersion,
    current: record.current,
  };
}

/** A stored row as either engine reads it back (SQLite gives 0/1 and text, PostgreSQL booleans, Dates and arrays). */
export interface AnnotationRow extends Omit<AnnotationRowValues, 'target_key'> {
  article_id: string;
  article_hash: string;
  author: string;
  created_at: string | Date;
  model_version: string;
  current: number | boolean;
  /** Ids of the disagreeing current decisions of other authors (comma-separated in SQLite). */
  conflicts_with: string | string[] | null;
}

function idList(value: string | string[] | null): string[] {
  const ids = value === null ? [] : Array.isArray(value) ? value : value.split(',');
  return ids.filter((id) => id !== '').sort();
}

export function isoTime(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function annotationOf(r: AnnotationRow): Annotation {
  const conflicts = idList(r.conflicts_with);
  return {
    id: r.id,
    articleId: r.article_id,
    articleHash: r.article_hash,
    task: r.task,
    label: r.label,
    ...(r.entity !== null ? { entity: r.entity } : {}),
    ...(r.span_start !== null && r.span_end !== null ? { span: { start: Number(r.span_start), end: Number(r.span_end) } } : {}),
    decision: r.decision,
    ...(r.note !== null ? { note: r.note } : {}),
    author: r.author,
    createdAt: isoTime(r.created_at),
    modelVersion: r.model_version,
    ...(r.override_label !== null && r.override_score !== null ? { overrides: { label: r.override_label, score: Number(r.override_score) } } : {}),
    current: Boolean(r.current),
    ...(conflicts.length ? { conflictsWith: conflicts } : {}),
  };
}

/** What annotate answers, from the rows read back after its writes: this request's decisions, and every disagreement on its targets. */
export function annotateResultOf(rows: AnnotationRow[], storedIds: readonly string[], revision: number): { annotations: Annotation[]; revision: number; conflicts: Annotation[] } {
  const all = rows.map(annotationOf);
  const byId = new Map(all.map((a) => [a.id, a]));
  return {
    annotations: storedIds.map((id) => byId.get(id)!),
    revision,
    conflicts: all.filter((a) => a.current && a.conflictsWith),
  };
}

// ---- tokens --------------------------------------------------------------------------------------------------

/** The readable start of every secret, so a leaked one is recognised in logs and by secret scanners. */
export const TOKEN_PREFIX = 'ns_';

const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Checks a new token's name (it becomes the author of its writes) and role. */
export function checkTokenRequest(name: string, role: Role): void {
  if (typeof name !== 'string' || !TOKEN_NAME.test(name)) {
    throw new AnnotationError('name', `token name ${JSON.stringify(name)} must be 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`);
  }
  if (!ROLES.includes(role)) throw new AnnotationError('role', `role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`);
}

/** A new secret: 256 random bits, base64url, behind TOKEN_PREFIX. */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What the store keeps of a secret. SHA-256, not a slow password hash: the secret is 256 random bits, so no
 * guessing attack can profit from a fast hash (scrypt or argon2 slow down guesses of low-entropy passwords, which
 * these are not), and every request's verification stays a single index look-up.
 */
export function tokenHashOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** How long a token's lastUsedAt may lag: verification writes it at most once a minute, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function duplicateTokenName(name: string): AnnotationError {
  return new AnnotationError('name', `a token named ${JSON.stringify(name)} exists (names stay taken after revocation: they are the authors of past writes)`, 409);
}

export interface TokenRow {
  name: string;
  role: Role;
  created_at: string | Date;
  revoked_at: string | Date | null;
  last_used_at: string | Date | null;
}

export function tokenInfoOf(r: TokenRow): TokenInfo {
  return {
    name: r.name,
    role: r.role,
    createdAt: isoTime(r.created_at),
    ...(r.revoked_at !== null ? { revokedAt: isoTime(r.revoked_at) } : {}),
    ...(r.last_used_at !== null ? { lastUsedAt: isoTime(r.last_used_at) } : {}),
  };
}

/** Checks a copied token (`tokens[i]` in errors): name, role, a SHA-256 hex hash and ISO times. */
export function checkStoredToken(t: StoredToken, i: number): StoredToken {
  const at = `tokens[${i}]`;
  try {
    checkTokenRequest(t.name, t.role);
  } catch (err) {
    const e = err as AnnotationError;
    throw new AnnotationError(`${at}.${e.field}`, `${at}: ${e.message}`);
  }
  if (typeof t.secretHash !== 'string' || !/^[0-9a-f]{64}$/.test(t.secretHash)) throw new AnnotationError(`${at}.secretHash`, `${at}.secretHash is not a SHA-256 hex digest`);
  if (t.createdAt === undefined) throw new AnnotationError(`${at}.createdAt`, `${at}.createdAt is missing`);
  const time = (field: 'createdAt' | 'revokedAt' | 'lastUsedAt', value: string | undefined) => {
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new AnnotationError(`${at}.${field}`, `${at}.${field} ${JSON.stringify(value)} is not an ISO 8601 time`);
    return new Date(ms).toISOString();
  };
  const revokedAt = time('revokedAt', t.revokedAt);
  const lastUsedAt = time('lastUsedAt', t.lastUsedAt);
  return {
    name: t.name,
    role: t.role,
    secretHash: t.secretHash,
    createdAt: time('createdAt', t.createdAt)!,
    ...(revokedAt ? { revokedAt } : {}),
    ...(lastUsedAt ? { lastUsedAt } : {}),
  };
}

export function storedTokenOf(r: TokenRow & { secret_hash: string }): StoredToken {
  return { ...tokenInfoOf(r), secretHash: r.secret_hash };
}

/** Checks a write-log entry; `at` in the ISO form both engines store. */
export function checkedLogEntry(entry: WriteLogEntry): WriteLogEntry {
  const ms = Date.parse(entry.at);
  if (Number.isNaN(ms)) throw new AnnotationError('at', `write log: at ${JSON.stringify(entry.at)} is not an ISO 8601 time`);
  checkText(entry.author, 'author', true);
  checkText(entry.action, 'action', true);
  checkText(entry.target, 'target', false, NOTE_MAX);
  return { ...entry, at: new Date(ms).toISOString() };
}

/** The writeLog limit: default 100, at most 10,000. */
export function logLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1) throw new AnnotationError('limit', `limit must be a positive integer (got ${JSON.stringify(limit)})`);
  return Math.min(limit, 10_000);
}
