import { createHash } from 'node:crypto';

/** How an article reached narrascope. */
export type SourceFormat = 'text' | 'semeval' | 'jsonl' | 'csv' | 'html' | 'rss' | 'atom' | 'stdin';

/**
 * An ingested article. It is never changed after creation: cleaning, sentences and every analysis
 * are layers of spans with offsets into `raw`.
 */
export interface Article {
  /** Stable identifier: the file name without extension, the record's id, or a hash prefix. */
  readonly id: string;
  /** Title: the first line of `raw`, without a BOM or line break. */
  readonly title: string;
  /** Everything after the first line break of `raw`. */
  readonly body: string;
  /** The exact original text, title line included, BOM and CRLF kept. All offsets point into it. */
  readonly raw: string;
  /** sha256 of `raw`, hex: the identity used for idempotent ingest. */
  readonly hash: string;
  readonly url?: string;
  readonly source?: string;
  readonly publishedAt?: string;
  /** Where it was read from, for error messages and provenance. */
  readonly origin: { readonly path?: string; readonly line?: number; readonly format: SourceFormat };
}

export interface ArticleInit {
  raw: string;
  id?: string;
  url?: string;
  source?: string;
  publishedAt?: string;
  origin: Article['origin'];
}

export function contentHash(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

/** Offset of the first line break of `raw` (or its length), i.e. where the title line ends. */
export function titleEnd(raw: string): number {
  const nl = raw.indexOf('\n');
  if (nl < 0) return raw.length;
  return nl > 0 && raw[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Builds an Article from its raw text: title on line 1 (the SemEval/PTC convention). */
export function createArticle(init: ArticleInit): Article {
  const { raw } = init;
  const tEnd = titleEnd(raw);
  const title = raw.slice(0, tEnd).replace(/^\uFEFF/, '').trim();
  const nl = raw.indexOf('\n');
  const body = nl < 0 ? '' : raw.slice(nl + 1);
  const hash = contentHash(raw);
  const article: Article = {
    id: init.id ?? hash.slice(0, 16),
    title,
    body,
    raw,
    hash,
    origin: Object.freeze({ ...init.origin }),
    ...(init.url ? { url: init.url } : {}),
    ...(init.source ? { source: init.source } : {}),
    ...(init.publishedAt ? { publishedAt: init.publishedAt } : {}),
  };
  return Object.freeze(article);
}

/** Raw text for records that carry title and text separately (JSONL, CSV, HTML, RSS). */
export function joinTitleAndText(title: string, text: string): string {
  const t = title.replace(/[\r\n]+/g, ' ').trim();
  return `${t}\n\n${text}`;
}
