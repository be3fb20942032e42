/**
 * POST /api/analyze: one article (JSON or an uploaded file), or several (`{articles: [...]}`, adapted
 * together to their label priors), through the pipeline on a worker thread; nothing is stored.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AnalyzeBatchResultSchema, ArticleDetailSchema, type ArticleDetail } from '../../api-schema.js';
import { analyzeBatch } from '../../pipeline.js';
import type { Analysis } from '../../schema.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, issueToError } from '../errors.js';
import { errorResponses, jsonResponse, UPLOAD_CONTENT } from '../openapi.js';
import { articleFromJson, articlesFromUpload, isMultipart, jsonOrUpload, validJson, type ArticleInput } from '../request-body.js';
import { AnalyzeBodySchema, analyzeShapeOf } from '../schemas.js';
import { detailOf } from './articles.js';
import { limitBody } from './shared.js';

function analyzeRoute(deps: ServerDeps) {
  return createRoute({
    method: 'post',
    path: '/api/analyze',
    summary: 'Analyse one article, or several together, without storing them',
    middleware: [limitBody(deps.limits), jsonOrUpload] as const,
    request: { body: { content: { 'application/json': { schema: AnalyzeBodySchema }, ...UPLOAD_CONTENT } } },
    responses: {
      200: jsonResponse(ArticleDetailSchema.or(AnalyzeBatchResultSchema), 'The article and its analysis; for `{articles: [...]}`, each article with its analysis, in order'),
      ...errorResponses(400, 413, 415, 503),
    },
  });
}

/** Refuses a body that failed validation with the error of the one shape it claims (analyzeShapeOf). */
async function refuseAnalyzeBody(c: Context, error: z.ZodError): Promise<never> {
  const body: unknown = await c.req.json();
  const claimed = analyzeShapeOf(body).safeParse(body);
  throw issueToError(claimed.success ? error : claimed.error, 'request body');
}

/** The article as every article view reads it, not stored, with the fields left out of it. */
function unstoredDetail({ article, warnings }: ArticleInput, analysis: Analysis): ArticleDetail {
  const detail = detailOf({
    id: article.id,
    hash: article.hash,
    title: analysis.article.title || article.title,
    raw: article.raw,
    url: article.url,
    source: article.source,
    publishedAt: article.publishedAt,
    language: analysis.language.code,
    origin: article.origin,
    analysis,
    stored: false,
  });
  return { ...detail, ...(warnings.length ? { warnings } : {}) };
}

export function registerAnalyzeRoutes(app: OpenAPIHono, deps: ServerDeps): void {
  const batch = deps.analyzeBatch ?? ((inputs, o) => analyzeBatch(inputs, o).analyses);
  app.openapi(
    analyzeRoute(deps),
    async (c) => {
      if (isMultipart(c)) {
        const { items, problems } = await articlesFromUpload(c, deps.limits.uploadBytes);
        if (items.length === 0) throw new ApiError(400, problems[0]?.error ?? 'the uploaded file holds no article', 'file');
        return c.json(unstoredDetail(items[0], await deps.analyze(items[0].article, { language: items[0].language })), 200);
      }
      const json = validJson(c, AnalyzeBodySchema);
      if (!('articles' in json)) {
        const input = articleFromJson(json, 'article');
        return c.json(unstoredDetail(input, await deps.analyze(input.article, { language: input.language })), 200);
      }
      const inputs = json.articles.map((a, i) => articleFromJson(a, `articles[${i}]`));
      const analyses = await batch(inputs, json.priors ? { priors: json.priors } : {});
      return c.json({ articles: inputs.map((input, i) => unstoredDetail(input, analyses[i])) }, 200);
    },
    (result, c) => (result.success ? undefined : refuseAnalyzeBody(c, result.error)),
  );
}
