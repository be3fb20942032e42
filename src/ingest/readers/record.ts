/** Records with named fields (a JSONL object, a CSV row) → Article. Shared by the JSONL and CSV readers. */
import { createArticle, joinTitleAndText, type Article } from '../../doc/article.js';
import { checkMetadata } from '../metadata.js';
import type { ReadWarning, SkipReason } from '../types.js';

/** What a record may hold. `text` may be called `body`; `published_at` may be called `publishedAt`. */
export const RECORD_FIELDS = ['id', 'title', 'text', 'body', 'url', 'source', 'published_at', 'publishedAt'] as const;

export type RecordResult = { ok: true; article: Article; warnings: ReadWarning[] } | { ok: false; reason: SkipReason; message: string };

/** Reads an optional string field; numbers are accepted for `id`. Empty strings count as absent. */
function optionalString(record: Record<string, unknown>, field: string, allowNumber = false): string | undefined | Error {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && allowNumber && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return new Error(`field "${field}" must be a string, got ${Array.isArray(value) ? 'array' : typeof value}`);
  return value.trim() === '' ? undefined : value;
}

/**
 * Turns one record into an Article (raw = title line, blank line, text). `title` and `text`/`body`
 * are required strings; a record whose text is blank is reported as empty. A `url` that is not
 * http(s) or a date that is not a calendar date is left out of the article and returned as a warning.
 */
export function recordToArticle(record: unknown, origin: Article['origin']): RecordResult {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { ok: false, reason: 'malformed-record', message: 'record is not an object' };
  }
  const r = record as Record<string, unknown>;
  if (typeof r.title !== 'string') {
    return { ok: false, reason: 'malformed-record', message: r.title === undefined ? 'missing field "title"' : 'field "title" must be a string' };
  }
  const textField = r.text !== undefined ? 'text' : r.body !== undefined ? 'body' : null;
  if (textField === null) return { ok: false, reason: 'malformed-record', message: 'missing field "text" (or "body")' };
  const text = r[textField];
  if (typeof text !== 'string') return { ok: false, reason: 'malformed-record', message: `field "${textField}" must be a string` };
  if (text.trim() === '') return { ok: false, reason: 'empty', message: `field "${textField}" is empty` };

  const id = optionalString(r, 'id', true);
  const url = optionalString(r, 'url');
  const source = optionalString(r, 'source');
  const dateField = r.published_at !== undefined ? 'published_at' : 'publishedAt';
  const publishedAt = optionalString(r, dateField);
  for (const v of [id, url, source, publishedAt]) {
    if (v instanceof Error) return { ok: false, reason: 'malformed-record', message: v.message };
  }
  const checked = checkMetadata(
    { ...(url ? { url: { value: url as string, field: 'url' } } : {}), ...(publishedAt ? { publishedAt: { value: publishedAt as string, field: dateField } } : {}) },
    { path: origin.path ?? '', ...(origin.line !== undefined ? { line: origin.line } : {}) },
  );
  const article = createArticle({
    raw: joinTitleAndText(r.title, text),
    origin,
    ...(id ? { id: (id as string).trim() } : {}),
    ...(checked.url ? { url: checked.url } : {}),
    ...(source ? { source: (source as string).trim() } : {}),
    ...(checked.publishedAt ? { publishedAt: checked.publishedAt } : {}),
  });
  return { ok: true, article, warnings: checked.warnings };
}
