/**
 * The HTTP application: JSON API under /api and the built dashboard at /. Each route is one
 * definition (@hono/zod-openapi) giving its request validation, its answer types and its entry in
 * the OpenAPI document; handlers only call the store, queries or pipeline and serialise. Every error
 * becomes a JSON answer naming the problem, so no request can take the server down.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AnnotationError } from '../store/annotations.js';
import { FilterError } from '../store/queries.js';
import { SearchQueryError } from '../store/types.js';
import { TASKS } from '../tasks/registry.js';
import { accessOf, readAccess } from './auth.js';
import type { ServerDeps } from './deps.js';
import { ApiError, errorResponse, validationHook } from './errors.js';
import { requestLog } from './log.js';
import { openApiDocument } from './openapi.js';
import { registerAnalyzeRoutes } from './routes/analyze.js';
import { registerAnnotationRoutes } from './routes/annotations.js';
import { registerArticleRoutes } from './routes/articles.js';
import { registerJobsRoutes } from './routes/jobs.js';
import { registerProvenanceRoutes } from './routes/provenance.js';
import { registerReviewRoutes } from './routes/review.js';
import { corpusQueryApi } from './routes/shared.js';
import { registerStatsRoutes } from './routes/stats.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { securityHeaders } from './security.js';

export function createApp(deps: ServerDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('*', requestLog(deps.log));
  app.use('*', securityHeaders());
  const access = accessOf({ token: deps.token, tokens: deps.store.tokens, private: deps.private });
  app.use('/api/*', readAccess(access));

  const tasks = deps.tasks ?? TASKS;
  const queries = corpusQueryApi(tasks);
  registerAnalyzeRoutes(app, deps);
  registerArticleRoutes(app, deps, queries, access);
  registerAnnotationRoutes(app, deps, access);
  registerReviewRoutes(app, deps);
  registerTokenRoutes(app, deps, access);
  registerStatsRoutes(app, deps, queries, tasks, access);
  registerProvenanceRoutes(app, deps);
  registerJobsRoutes(app, deps);
  const openapi = openApiDocument(app);
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.all('/api/*', (c) => errorResponse(c, 404, `no route ${c.req.method} ${c.req.path} (see /api/openapi.json)`, 'path'));

  if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
    app.use('/*', serveStatic({ root: deps.webRoot }));
  } else {
    app.get('/', (c) =>
      c.text('narrascope API is running; the dashboard is not built (run "npm run build"). API description: /api/openapi.json\n'),
    );
  }

  app.notFound((c) => errorResponse(c, 404, `not found: ${c.req.path}`, 'path'));
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err.status, err.message, err.field, err.headers);
    if (err instanceof FilterError) return errorResponse(c, 400, err.message, err.field);
    if (err instanceof AnnotationError) return errorResponse(c, err.status, err.message, err.field);
    if (err instanceof SearchQueryError) return errorResponse(c, 400, err.message, 'q');
    // Hono's middleware (bearer auth, a media type no route takes) answers with an HTTPException.
    if (err instanceof HTTPException) return err.res ? err.getResponse() : errorResponse(c, err.status as ContentfulStatusCode, err.message || 'request refused');
    deps.log({ level: 'error', msg: 'unhandled error', method: c.req.method, path: c.req.path, error: err.stack ?? String(err) });
    return errorResponse(c, 500, 'internal error (logged on the server)');
  });
  return app;
}
