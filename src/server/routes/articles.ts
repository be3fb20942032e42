/** /api/articles: list and search (GET), ingest (POST, admin), one article (GET /:id, with its decisions and the labels shown), delete one (DELETE /:id, admin). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { ArticleDetailSchema, ArticlePageSchema, IngestResultSchema, type ArticleDetail } from '../../api-schema.js';
import { ingest } from '../../ingest/service.js';
import { effectiveLabels } from '../../review/overlay.js';
import { logWrite, requireRole, type Access } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, issueToError } from '../errors.js';
import { BEARER, errorResponses, jsonResponse, UPLOAD_CONTENT } from '../openapi.js';
import { articleFromJson, articlesFromUpload, isMultipart, jsonOrUpload, validJson, type ArticlesFromRequest } from '../request-body.js';
import { ingestShapeOf, IngestRequestSchema } from '../schemas.js';
import { storedArticle } from './annotations.js';
import { limitBody, type CorpusQueryApi } from './shared.js';

/** Drops undefined fields so the JSON is the same whichever route produced it. */
export function detailOf(d: ArticleDetail): ArticleDetail {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as ArticleDetail;
}

function listRoute(queries: CorpusQueryApi) {
  return createRoute({
    method: 'get',
    path: '/api/articles',
    summary: 'List, search and filter stored articles',
    request: { query: queries.schemas.list },
    responses: { 200: jsonResponse(ArticlePageSchema, 'A page of articles'), ...errorResponses(400) },
  });
}

const articleRoute = createRoute({
  method: 'get',
  path: '/api/articles/{id}',
  summary: "One stored article: text, fields, analysis, analysts' decisions and the labels shown",
  request: { params: z.object({ id: z.string().describe('Id, hash, or a unique hash prefix (8+ characters)') }) },
  responses: { 200: jsonResponse(ArticleDetailSchema, 'The article'), ...errorResponses(404) },
});

function ingestRoute(deps: ServerDeps, access: Access) {
  return createRoute({
    method: 'post',
    path: '/api/articles',
    summary: 'Analyse and store articles (JSON, or a file upload in any supported format)',
    security: [{ [BEARER]: [] }],
    middleware: [requireRole(access, 'admin', 'storing articles'), limitBody(deps.limits), jsonOrUpload] as const,
    request: { body: { content: { 'application/json': { schema: IngestRequestSchema }, ...UPLOAD_CONTENT } } },
    responses: {
      201: jsonResponse(IngestResultSchema, 'Stored'),
      200: jsonResponse(IngestResultSchema, 'Nothing new (all duplicates)'),
      ...errorResponses(400, 401, 403, 413, 415, 503),
    },
  });
}

function deleteRoute(access: Access) {
  return createRoute({
    method: 'delete',
    path: '/api/articles/{id}',
    summary: "Remove a stored article with its analysis and index entries (analysts' decisions on it are kept: they come back with its text)",
    security: [{ [BEARER]: [] }],
    middleware: [requireRole(access, 'admin', 'deleting articles')] as const,
    request: { params: z.object({ id: z.string().describe('Id, hash, or a unique hash prefix (8+ characters)') }) },
    responses: { 200: jsonResponse(z.object({ deleted: z.array(z.string()) }), 'Deleted'), ...errorResponses(401, 403, 404) },
  });
}

/** Refuses an ingest body that failed validation with the error of the one shape it claims (ingestShapeOf). */
async function refuseIngestBody(c: Context, error: z.ZodError): Promise<never> {
  const body: unknown = await c.req.json();
  const claimed = ingestShapeOf(body).safeParse(body);
  throw issueToError(claimed.success ? error : claimed.error, 'request body');
}

/** The articles of an ingest request: a multipart upload, or the validated JSON (one article or `{articles: [...]}`). */
async function readIngestBody(c: Context, deps: ServerDeps, json: z.output<typeof IngestRequestSchema>): Promise<ArticlesFromRequest> {
  if (isMultipart(c)) {
    const read = await articlesFromUpload(c, deps.limits.uploadBytes);
    if (read.items.length === 0) throw new ApiError(400, read.problems[0]?.error ?? 'the uploaded file holds no article', 'file');
    return read;
  }
  if ('articles' in json) return { items: json.articles.map((a, i) => articleFromJson(a, `articles[${i}]`)), problems: [] };
  return { items: [articleFromJson(json, 'article')], problems: [] };
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

export function registerArticleRoutes(app: OpenAPIHono, deps: ServerDeps, queries: CorpusQueryApi, access: Access): void {
  app.openapi(listRoute(queries), async (c) => {
    const query = c.req.valid('query');
    return c.json(await deps.store.listArticles(queries.filterOf(query), { limit: query.limit, offset: query.offset }), 200);
  });

  app.openapi(articleRoute, async (c) => {
    const { id } = c.req.valid('param');
    const stored = await storedArticle(deps, id);
    const annotations = (await deps.store.annotations.annotationsOf(stored.id)) ?? { revision: 0, annotations: [] };
    const effective = effectiveLabels(stored.analysis, stored.raw, annotations.annotations);
    return c.json(detailOf({ ...stored, stored: true, annotations, effective }), 200);
  });

  app.openapi(deleteRoute(access), async (c) => {
    const stored = await storedArticle(deps, c.req.valid('param').id);
    await deps.store.delete([stored.id]);
    await logWrite(c, access, 'delete', stored.id);
    return c.json({ deleted: [stored.id] }, 200);
  });

  app.openapi(
    ingestRoute(deps, access),
    async (c) => {
      const read = await readIngestBody(c, deps, validJson(c, IngestRequestSchema));
      const stored = await ingestRequest(read, deps);
      if (stored.inserted > 0) await logWrite(c, access, 'ingest', stored.ids.join(' '));
      const warnings = read.items.flatMap((i) => i.warnings);
      const body = { ...stored, warnings };
      deps.log({ level: 'info', msg: 'ingest', inserted: body.inserted, duplicates: body.duplicates, problems: body.problems.length, warnings: warnings.length });
      return body.inserted > 0 ? c.json(body, 201) : c.json(body, 200);
    },
    (result, c) => (result.success ? undefined : refuseIngestBody(c, result.error)),
  );
}
