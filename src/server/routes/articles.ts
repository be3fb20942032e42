/** /api/articles: list and search (GET), ingest (POST, with the token), one article (GET /:id). */
import type { Context, Hono } from 'hono';
import { ingest } from '../../ingest/service.js';
import type { StoredArticle } from '../../store/types.js';
import { requireToken } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, validate } from '../errors.js';
import { articleFromJson, articlesFromUpload, isMultipart, readJson, type ArticlesFromRequest } from '../request-body.js';
import { IngestArticleSchema, IngestBatchSchema } from '../schemas.js';
import { limitBody, type CorpusQueryApi } from './shared.js';

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
 * Stores the new articles of `read` through the ingest service, analysed one at a time on the worker
 * pool, so one large batch takes a single place in the queue and other clients' analyses interleave
 * with it; one transaction for the request. A full queue before the first analysis is the request's
 * 503; later, the articles not yet analysed are reported as problems (ingest is idempotent: sending
 * the request again adds only them).
 */
async function ingestRequest(read: ArticlesFromRequest, deps: ServerDeps) {
  const ids: string[] = [];
  const problems = [...read.problems];
  const inputs = read.items.map(({ article, language, item }) => ({ ok: true as const, article, item, ...(language ? { language } : {}) }));
  const result = await ingest(inputs, {
    store: deps.store,
    analyse: deps.analyze,
    batchSize: Infinity,
    stopOn: (err) => err instanceof ApiError && err.status === 503,
    onEvent: (e) => {
      if (e.kind === 'committed') ids.push(...e.result.ids);
      else if (e.kind === 'analysis-failed') problems.push({ item: e.item, error: `analysis failed: ${e.message}` });
      else if (e.kind === 'not-analysed') problems.push({ item: e.item, error: `not analysed: ${e.message}; send it again (stored articles are skipped)` });
    },
  });
  if (result.stoppedBy !== undefined && result.analysed === 0) throw result.stoppedBy;
  return { inserted: result.inserted, duplicates: result.alreadyPresent, ids, problems };
}

export function registerArticleRoutes(app: Hono, deps: ServerDeps, queries: CorpusQueryApi): void {
  app.get('/api/articles', (c) => {
    const query = validate(queries.schemas.list, c.req.query(), 'query');
    return c.json(deps.store.listArticles(queries.filterOf(query), { limit: query.limit, offset: query.offset }));
  });

  app.get('/api/articles/:id', (c) => {
    const id = c.req.param('id');
    const stored = deps.store.get(id);
    if (!stored) throw new ApiError(404, `no article with id or hash "${id}"`, 'id');
    return c.json(detailOf({ ...stored, stored: true }));
  });

  app.post('/api/articles', requireToken(deps.token), limitBody(deps.limits), async (c) => {
    const read = await readIngestBody(c, deps);
    const stored = await ingestRequest(read, deps);
    const warnings = read.items.flatMap((i) => i.warnings);
    const body = { ...stored, warnings };
    deps.log({ level: 'info', msg: 'ingest', inserted: body.inserted, duplicates: body.duplicates, problems: body.problems.length, warnings: warnings.length });
    return c.json(body, body.inserted > 0 ? 201 : 200);
  });
}
