/** GET /api/jobs: the job queue's depth per state per queue, on a PostgreSQL corpus; a SQLite one answers that it has no queue. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { JobsSchema } from '../../api-schema.js';
import type { ServerDeps } from '../deps.js';
import { jsonResponse } from '../openapi.js';

const jobsRoute = createRoute({
  method: 'get',
  path: '/api/jobs',
  summary: 'The analysis job queue: jobs waiting, being analysed, done, failed and dead, per queue (PostgreSQL corpora)',
  responses: { 200: jsonResponse(JobsSchema, 'Queue depth, or why there is no queue') },
});

const NO_QUEUE = 'no job queue: this corpus is a SQLite file, analysed by the ingest that stores it (the queue needs a postgres:// database)';

export function registerJobsRoutes(app: OpenAPIHono, deps: ServerDeps): void {
  app.openapi(jobsRoute, async (c) => {
    if (!deps.jobs) return c.json({ engine: deps.store.kind, queues: null, message: NO_QUEUE }, 200);
    return c.json({ engine: deps.store.kind, queues: await deps.jobs() }, 200);
  });
}
