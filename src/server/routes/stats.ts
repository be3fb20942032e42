/** GET /api/stats and GET /api/export: counts and exports of the filtered corpus; GET /api/tasks: the tasks and their facets; GET /api/health. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { HealthSchema, statsSchema, TaskListSchema } from '../../api-schema.js';
import { EXPORT_CONTENT, exportChunks } from '../../export/formats.js';
import type { AnyTask } from '../../tasks/task.js';
import { writesEnabled, type Access } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { errorResponses, jsonResponse } from '../openapi.js';
import { taskListOf } from '../schemas.js';
import type { CorpusQueryApi } from './shared.js';

const tasksRoute = createRoute({
  method: 'get',
  path: '/api/tasks',
  summary: 'The analyses and their facets: filter parameters, statistics lists and their names',
  responses: { 200: jsonResponse(TaskListSchema, 'The task list') },
});

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Liveness, article count, whether writes are enabled',
  responses: { 200: jsonResponse(HealthSchema, 'OK') },
});

function statsRoute(queries: CorpusQueryApi, tasks: readonly AnyTask[]) {
  return createRoute({
    method: 'get',
    path: '/api/stats',
    summary: 'Counts over the filtered corpus, and a timeline',
    request: { query: queries.schemas.stats },
    responses: { 200: jsonResponse(statsSchema(tasks), 'Statistics'), ...errorResponses(400) },
  });
}

/** The export's media types, one per format (several formats share text/tab-separated-values). */
const exportContent = Object.fromEntries(Object.values(EXPORT_CONTENT).map(({ type }) => [type.split(';')[0], { schema: { type: 'string' as const } }]));

function exportRoute(queries: CorpusQueryApi) {
  return createRoute({
    method: 'get',
    path: '/api/export',
    summary: 'Export the filtered corpus',
    request: { query: queries.schemas.export },
    responses: { 200: { description: 'The export, streamed', content: exportContent }, ...errorResponses(400) },
  });
}

export function registerStatsRoutes(app: OpenAPIHono, deps: ServerDeps, queries: CorpusQueryApi, tasks: readonly AnyTask[], access: Access): void {
  const taskList = taskListOf(tasks);
  app.openapi(tasksRoute, (c) => c.json(taskList, 200));
  app.openapi(healthRoute, async (c) => c.json({ ok: true as const, articles: await deps.store.count(), writes: (await writesEnabled(access)) ? ('enabled' as const) : ('disabled' as const) }, 200));

  app.openapi(statsRoute(queries, tasks), async (c) => {
    const query = c.req.valid('query');
    return c.json(await deps.store.stats(queries.filterOf(query), { bucket: query.bucket, top: query.top }), 200);
  });

  app.openapi(exportRoute(queries), async (c) => {
    const query = c.req.valid('query');
    const filter = queries.filterOf(query);
    // exportChunks reads the first record now, so a bad filter is a 400 before any byte is sent.
    const texts = await exportChunks(query.format, deps.store.exportRecords(filter, query.limit), tasks);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (let next = await texts.next(); ; next = await texts.next()) {
          if (next.done) return controller.close();
          if (next.value) return controller.enqueue(encoder.encode(next.value));
        }
      },
    });
    const { type, extension } = EXPORT_CONTENT[query.format];
    return c.body(stream, 200, {
      'content-type': type,
      'content-disposition': `attachment; filename="narrascope-export.${query.format.startsWith('semeval') ? `${query.format}.` : ''}${extension}"`,
    });
  });
}
