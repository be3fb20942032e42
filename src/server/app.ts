/**
 * The HTTP application: JSON API under /api and the built dashboard at /. Handlers only validate,
 * call the store, queries or pipeline, and serialise; every error becomes a JSON answer naming the
 * problem, so no request can take the server down.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { FilterError } from '../store/queries.js';
import { SearchQueryError } from '../store/types.js';
import type { ServerDeps } from './deps.js';
import { ApiError, errorResponse } from './errors.js';
import { requestLog } from './log.js';
import { buildOpenApi } from './openapi.js';
import { registerAnalyzeRoutes } from './routes/analyze.js';
import { registerArticleRoutes } from './routes/articles.js';
import { corpusQueryApi, limitBody } from './routes/shared.js';
import { TASKS } from '../tasks/registry.js';
import { registerStatsRoutes } from './routes/stats.js';
import { securityHeaders } from './security.js';

export function createApp(deps: ServerDeps): Hono {
  const app = new Hono();
  app.use('*', requestLog(deps.log));
  app.use('*', securityHeaders());

  app.use('/api/analyze', limitBody(deps.limits));

  const tasks = deps.tasks ?? TASKS;
  const queries = corpusQueryApi(tasks);
  const openapi = buildOpenApi(tasks);
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.get('/api/health', (c) => c.json({ ok: true, articles: deps.store.count(), writes: deps.token ? 'enabled' : 'disabled' }));
  registerAnalyzeRoutes(app, deps);
  registerArticleRoutes(app, deps, queries);
  registerStatsRoutes(app, deps, queries, tasks);
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
    if (err instanceof SearchQueryError) return errorResponse(c, 400, err.message, 'q');
    deps.log({ level: 'error', msg: 'unhandled error', method: c.req.method, path: c.req.path, error: err.stack ?? String(err) });
    return errorResponse(c, 500, 'internal error (logged on the server)');
  });
  return app;
}
