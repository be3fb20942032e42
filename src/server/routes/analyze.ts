/** POST /api/analyze: one article (JSON or an uploaded file) through the pipeline on a worker thread, not stored. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { ArticleDetailSchema } from '../../api-schema.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { errorResponses, jsonResponse, UPLOAD_CONTENT } from '../openapi.js';
import { articleFromJson, articlesFromUpload, isMultipart, jsonOrUpload, validJson, type ArticleInput } from '../request-body.js';
import { AnalyzeRequestSchema } from '../schemas.js';
import { detailOf } from './articles.js';
import { limitBody } from './shared.js';

function analyzeRoute(deps: ServerDeps) {
  return createRoute({
    method: 'post',
    path: '/api/analyze',
    summary: 'Analyse one article without storing it',
    middleware: [limitBody(deps.limits), jsonOrUpload] as const,
    request: { body: { content: { 'application/json': { schema: AnalyzeRequestSchema }, ...UPLOAD_CONTENT } } },
    responses: { 200: jsonResponse(ArticleDetailSchema, 'The article and its analysis'), ...errorResponses(400, 413, 415, 503) },
  });
}

export function registerAnalyzeRoutes(app: OpenAPIHono, deps: ServerDeps): void {
  app.openapi(analyzeRoute(deps), async (c) => {
    let input: ArticleInput;
    if (isMultipart(c)) {
      const { items, problems } = await articlesFromUpload(c, deps.limits.uploadBytes);
      if (items.length === 0) throw new ApiError(400, problems[0]?.error ?? 'the uploaded file holds no article', 'file');
      input = items[0];
    } else {
      input = articleFromJson(validJson(c, AnalyzeRequestSchema), 'article');
    }
    const { article, warnings } = input;
    const analysis = await deps.analyze(article, { language: input.language });
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
    return c.json({ ...detail, ...(warnings.length ? { warnings } : {}) }, 200);
  });
}
