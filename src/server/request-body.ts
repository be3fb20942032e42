/**
 * Reading a request body as articles: a JSON object validated by the route's zod schema, or a multipart
 * upload whose `file` part is read by the same readers as `narrascope ingest` (any supported format).
 * A URL or date that fails src/doc/metadata.ts is left out of the article and reported as a warning.
 */
import { basename } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { ItemWarning } from '../api-schema.js';
import { createArticle, joinTitleAndText, type Article } from '../doc/article.js';
import { readNamed } from '../ingest/index.js';
import { itemName } from '../ingest/service.js';
import { checkMetadata } from '../ingest/metadata.js';
import { formatProblem, type ReadWarning } from '../ingest/types.js';
import { ApiError } from './errors.js';
import { formatCount, MAX_TEXT_CHARS } from './limits.js';
import type { IngestArticleSchema } from './schemas.js';

export interface ArticleInput {
  article: Article;
  /** Language forced by the request, if any. */
  language?: string;
  /** How the request names this article in problems and warnings. */
  item: string;
  warnings: ItemWarning[];
}

export interface ArticlesFromRequest {
  items: ArticleInput[];
  /** Inputs that could not become articles, each named (file and line, or item index). */
  problems: { item: string; error: string }[];
}

/**
 * Middleware before a route's JSON validation: a body that is not a multipart upload must be JSON,
 * and one that is not gets an error saying what was sent or where the syntax broke (the validator
 * then parses the text Hono has kept; parsing twice costs far less than the analysis it precedes).
 */
export const jsonOrUpload: MiddlewareHandler = async (c, next) => {
  if (!isMultipart(c)) await checkJson(c);
  await next();
};

/** Middleware of a JSON-only route: the body must be JSON (the route's validator skips a body of another type). */
export const jsonOnly: MiddlewareHandler = async (c, next) => {
  await checkJson(c);
  await next();
};

/**
 * The JSON body the route's schema validated. @hono/zod-openapi types it only when every media type
 * of the route has a zod schema, and the upload's has none (articlesFromUpload reads it), so the type
 * comes from `schema`, the one the route validates with.
 */
export function validJson<S extends z.ZodType>(c: Context, _schema: S): z.output<S> {
  return c.req.valid('json' as never) as z.output<S>;
}

/** Checks that the body is JSON, with an error that says where the syntax broke. */
async function checkJson(c: Context): Promise<void> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, `expected Content-Type: application/json${type ? `, got "${type}"` : ''}`, 'content-type');
  }
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'request body is empty: expected a JSON object');
  try {
    JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Builds an Article from a validated JSON article (`title` and `text`, or `text` alone with the title
 * on its first line), named `item` in warnings. The date is stored as parsePublishedDate normalises it.
 */
export function articleFromJson(input: z.output<typeof IngestArticleSchema>, item: string): ArticleInput {
  const raw = input.title.trim() ? joinTitleAndText(input.title, input.text) : input.text;
  const checked = checkMetadata(
    {
      ...(input.url ? { url: { value: input.url, field: 'url' } } : {}),
      ...(input.publishedAt ? { publishedAt: { value: input.publishedAt, field: 'publishedAt' } } : {}),
    },
    { path: item },
  );
  const article = createArticle({
    raw,
    ...(input.id ? { id: input.id } : {}),
    ...(checked.url ? { url: checked.url } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(checked.publishedAt ? { publishedAt: checked.publishedAt } : {}),
    origin: { format: 'jsonl' },
  });
  return {
    article,
    ...(input.language ? { language: input.language.toLowerCase() } : {}),
    item,
    warnings: checked.warnings.map((w) => itemWarning(w, item)),
  };
}

function itemWarning(w: ReadWarning, item: string): ItemWarning {
  return { item, field: w.field, message: w.message };
}

/** The uploaded file's name as problems and warnings quote it: plain characters, the extension the readers choose by kept. */
function safeFileName(name: string): string {
  const cleaned = basename(name).replace(/[^\w.-]+/g, '_').replace(/^\.+/, '');
  return cleaned.slice(-120) || 'upload.txt';
}

/**
 * Reads the `file` part of a multipart upload with the ingest readers, from its name and bytes:
 * nothing is written to the disk.
 */
export async function articlesFromUpload(c: Context, maxBytes: number): Promise<ArticlesFromRequest> {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch (err) {
    throw new ApiError(400, `cannot read the multipart body: ${(err as Error).message}`);
  }
  const part = form.file;
  const file = Array.isArray(part) ? part[0] : part;
  if (!(file instanceof File)) throw new ApiError(400, 'multipart field "file" is missing: send the file as the "file" part', 'file');
  const language = typeof form.language === 'string' && form.language ? form.language.toLowerCase() : undefined;
  if (language && !/^[a-z]{2,3}$/.test(language)) throw new ApiError(400, 'field "language": expected a language code such as "en"', 'language');

  const name = safeFileName(file.name);
  const items: ArticleInput[] = [];
  const problems: ArticlesFromRequest['problems'] = [];
  for await (const read of readNamed(name, new Uint8Array(await file.arrayBuffer()), { maxBytes, explicit: true, corpus: false })) {
    if (!read.ok) {
      problems.push({ item: name, error: formatProblem(read.problem) });
      continue;
    }
    const item = itemName(read.article);
    if (read.article.raw.length > MAX_TEXT_CHARS) {
      problems.push({ item, error: `${item}: the article is ${formatCount(read.article.raw.length)} characters, over the limit of ${formatCount(MAX_TEXT_CHARS)}` });
      continue;
    }
    const warnings = (read.warnings ?? []).map((w) => itemWarning(w, item));
    items.push({ article: read.article, ...(language ? { language } : {}), item, warnings });
  }
  return { items, problems };
}

export function isMultipart(c: Context): boolean {
  return /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '');
}
