/** /api/articles: list and search (GET), ingest (POST, with the token), one article (GET /:id). */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { StoreItem, StoredArticle } from '../../store/types.js';
import { requireToken } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, validate } from '../errors.js';
import { articleFromJson, articlesFromUpload, isMultipart, readJson, type ArticlesFromRequest } from '../request-body.js';
import { IngestRequestSchema, ListQuerySchema } from '../schemas.js';
import { filterOf, tooLarge } from './shared.js';

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

  app.post(
    '/api/articles',
    requireToken(deps.token),
    bodyLimit({ maxSize: Math.max(deps.limits.jsonBytes, deps.limits.uploadBytes + 64 * 1024), onError: tooLarge(Math.max(deps.limits.jsonBytes, deps.limits.uploadBytes)) }),
    async (c) => {
      let read: ArticlesFromRequest;
      if (isMultipart(c)) {
        read = await articlesFromUpload(c, deps.limits.uploadBytes);
        if (read.items.length === 0) throw new ApiError(400, read.problems[0]?.error ?? 'the uploaded file holds no article', 'file');
      } else {
        const body = validate(IngestRequestSchema, await readJson(c), 'request body');
        const list = 'articles' in body ? body.articles : [body];
        read = { items: list.map(articleFromJson), problems: [] };
      }
      const items: StoreItem[] = [];
      const seen = new Set<string>();
      let duplicates = 0;
      const ids: string[] = [];
      for (const [i, { article, language }] of read.items.entries()) {
        if (seen.has(article.hash) || deps.store.hasHash(article.hash)) {
          duplicates++;
          continue;
        }
        seen.add(article.hash);
        try {
          items.push({ article, analysis: deps.analyze(article, { language }) });
        } catch (err) {
          read.problems.push({ item: article.origin.path ?? `articles[${i}]`, error: `analysis failed: ${(err as Error).message}` });
        }
      }
      const result = items.length ? deps.store.putBatch(items) : { inserted: 0, duplicates: 0, ids: [] };
      ids.push(...result.ids);
      const body = { inserted: result.inserted, duplicates: duplicates + result.duplicates, ids, problems: read.problems };
      deps.log({ level: 'info', msg: 'ingest', inserted: body.inserted, duplicates: body.duplicates, problems: body.problems.length });
      return c.json(body, result.inserted > 0 ? 201 : 200);
    },
  );
}
