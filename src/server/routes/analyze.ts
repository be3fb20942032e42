/** POST /api/analyze: one article (JSON or an uploaded file) through the pipeline on a worker thread, not stored. */
import type { Hono } from 'hono';
import { ApiError, validate } from '../errors.js';
import type { ServerDeps } from '../deps.js';
import { articleFromJson, articlesFromUpload, isMultipart, readJson, type ArticleInput } from '../request-body.js';
import { AnalyzeRequestSchema } from '../schemas.js';
import { detailOf } from './articles.js';

export function registerAnalyzeRoutes(app: Hono, deps: ServerDeps): void {
  app.post('/api/analyze', async (c) => {
    let input: ArticleInput;
    if (isMultipart(c)) {
      const { items, problems } = await articlesFromUpload(c, deps.limits.uploadBytes);
      if (items.length === 0) throw new ApiError(400, problems[0]?.error ?? 'the uploaded file holds no article', 'file');
      input = items[0];
    } else {
      const body = validate(AnalyzeRequestSchema, await readJson(c), 'request body');
      input = articleFromJson(body, 'article');
    }
    const { article, warnings } = input;
    const analysis = await deps.analyze(article, { language: input.language });
    return c.json({
      ...detailOf({
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
      }),
      ...(warnings.length ? { warnings } : {}),
    });
  });
}
