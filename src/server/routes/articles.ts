/** /api/articles: list and search (GET), ingest (POST, with the token), one article (GET /:id). */
import type { Context, Hono } from 'hono';
import type { StoreItem, StoredArticle } from '../../store/types.js';
import { requireToken } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, validate } from '../errors.js';
import { articleFromJson, articlesFromUpload, isMultipart, readJson, type ArticlesFromRequest } from '../request-body.js';
import { IngestArticleSchema, IngestBatchSchema, ListQuerySchema } from '../schemas.js';
import { filterOf, limitBody } from './shared.js';

/**
 * The article detail every article view reads: a stored article's text, fields and analysis, and
 * whether it is stored (an analysed-but-not-stored article has no ingest time or model version).
 */
export type ArticleDetail = Omit<StoredArticle, 'ingestedAt' | 'modelVersion'> &
  Partial<Pick<StoredArticle, 'ingestedAt' | 'modelVersion'>> & { stored: boolean };

/** Drops undefined fields so the JSON is the same whichever route produced it. */
export function detailOf(d: ArticleDetail): ArticleDetail {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as unknown as ArticleDetail;
}

/** The articles of an ingest request: a multipart upload, or one JSON article or `{articles: [...]}`. */
async function readIngestBody(c: Context, deps: ServerDeps): Promise<ArticlesFromRequest> {
  if (isMultipart(c)) {
    const read = await articlesFromUpload(c, deps.limits.uploadBytes);
    if (read.items.length === 0) throw new ApiError(400, read.problems[0]?.error ?? 'the uploaded file holds no article', 'file');
    return read;
  }
  const json = await readJson(c);
  // Validated against the one shape the body claims, so an error names its field rather than "no union member matched".
  if (typeof json === 'object' && json !== null && 'articles' in json) {
    const { articles } = validate(IngestBatchSchema, json, 'request body');
    return { items: articles.map((a, i) => articleFromJson(a, `articles[${i}]`)), problems: [] };
  }
  return { items: [articleFromJson(validate(IngestArticleSchema, json, 'request body'), 'article')], problems: [] };
}

/**
 * Analyses the new articles of `read` one at a time on the worker pool, so one large batch takes a
 * single place in the queue and other clients' analyses interleave with it. A full queue before the
 * first analysis is the request's 503; later, the articles not yet analysed are reported as problems
 * (ingest is idempotent: sending the request again adds only them).
 */
async function analyseNew(read: ArticlesFromRequest, deps: ServerDeps): Promise<{ items: StoreItem[]; duplicates: number }> {
  const items: StoreItem[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const [i, { article, language, item }] of read.items.entries()) {
    if (seen.has(article.hash) || deps.store.hasHash(article.hash)) {
      duplicates++;
      continue;
    }
    seen.add(article.hash);
    try {
      items.push({ article, analysis: await deps.analyze(article, { language }) });
    } catch (err) {
      const busy = err instanceof ApiError && err.status === 503;
      if (busy && items.length === 0) throw err;
      if (!busy) {
        read.problems.push({ item, error: `analysis failed: ${(err as Error).message}` });
        continue;
      }
      for (const left of read.items.slice(i)) {
        read.problems.push({ item: left.item, error: `not analysed: ${(err as Error).message}; send it again (stored articles are skipped)` });
      }
      break;
    }
  }
  return { items, duplicates };
}

export function registerArticleRoutes(app: Hono, deps: ServerDeps): void {
  app.get('/api/articles', (c) => {
    const query = validate(ListQuerySchema, c.req.query(), 'query');
    return c.json(deps.queries.listArticles(filterOf(query), { limit: query.limit, offset: query.offset }));
  });

  app.get('/api/articles/:id', (c) => {
    const id = c.req.param('id');
    const stored = deps.store.get(id);
    if (!stored) throw new ApiError(404, `no article with id or hash "${id}"`, 'id');
    return c.json(detailOf({ ...stored, stored: true }));
  });

  app.post('/api/articles', requireToken(deps.token), limitBody(deps.limits), async (c) => {
    const read = await readIngestBody(c, deps);
    const { items, duplicates } = await analyseNew(read, deps);
    const result = items.length ? deps.store.putBatch(items) : { inserted: 0, duplicates: 0, ids: [] };
    const warnings = read.items.flatMap((i) => i.warnings);
    const body = { inserted: result.inserted, duplicates: duplicates + result.duplicates, ids: result.ids, problems: read.problems, warnings };
    deps.log({ level: 'info', msg: 'ingest', inserted: body.inserted, duplicates: body.duplicates, problems: body.problems.length, warnings: warnings.length });
    return c.json(body, result.inserted > 0 ? 201 : 200);
  });
}
