/** An article's URL and date as a reader found them, checked by src/doc/metadata.ts: a bad value is left out and reported as a warning. */
import type { Article } from '../doc/article.js';
import { parseArticleUrl, parsePublishedDate, type Checked } from '../doc/metadata.js';
import type { ReadItem, ReadWarning, WarningReason } from './types.js';

/** A value and the name the input gives its field (`published_at`, `pubDate`, `<link rel="canonical">`). */
export interface FoundValue {
  value: string;
  field: string;
}

/** Where the values were found: the file, the line, and a prefix for the message (`feed item 3: `). */
export interface FoundAt {
  path: string;
  line?: number;
  label?: string;
}

export interface CheckedMetadata {
  url?: string;
  publishedAt?: string;
  warnings: ReadWarning[];
}

/** Keeps the URL and date that pass, and a warning naming the field for each that does not. */
export function checkMetadata(found: { url?: FoundValue; publishedAt?: FoundValue }, at: FoundAt): CheckedMetadata {
  const out: CheckedMetadata = { warnings: [] };
  const check = (f: FoundValue | undefined, parse: (v: string) => Checked<string>, reason: WarningReason): string | undefined => {
    if (!f) return undefined;
    const r = parse(f.value);
    if (r.ok) return r.value;
    out.warnings.push({
      path: at.path,
      ...(at.line !== undefined ? { line: at.line } : {}),
      field: f.field,
      reason,
      message: `${at.label ?? ''}field ${f.field.startsWith('<') ? f.field : `"${f.field}"`} left out: ${r.reason}`,
    });
    return undefined;
  };
  const url = check(found.url, parseArticleUrl, 'invalid-url');
  const publishedAt = check(found.publishedAt, parsePublishedDate, 'invalid-date');
  if (url) out.url = url;
  if (publishedAt) out.publishedAt = publishedAt;
  return out;
}

/** An article as a read item, with its warnings when there are any. */
export function articleItem(article: Article, warnings: readonly ReadWarning[] = []): ReadItem {
  return warnings.length > 0 ? { ok: true, article, warnings } : { ok: true, article };
}
