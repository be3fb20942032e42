/** GET /api/stats and GET /api/export: counts and exports of the filtered corpus; GET /api/tasks: the tasks and their facets. */
import type { Hono } from 'hono';
import type { ServerDeps } from '../deps.js';
import { validate } from '../errors.js';
import { EXPORT_CONTENT, exportChunks } from '../../export/formats.js';
import { taskListOf } from '../schemas.js';
import type { AnyTask } from '../../tasks/task.js';
import type { CorpusQueryApi } from './shared.js';

export function registerStatsRoutes(app: Hono, deps: ServerDeps, queries: CorpusQueryApi, tasks: readonly AnyTask[]): void {
  const taskList = taskListOf(tasks);
  app.get('/api/tasks', (c) => c.json(taskList));

  app.get('/api/stats', (c) => {
    const query = validate(queries.schemas.stats, c.req.query(), 'query');
    return c.json(deps.store.stats(queries.filterOf(query), { bucket: query.bucket, top: query.top }));
  });

  app.get('/api/export', (c) => {
    const query = validate(queries.schemas.export, c.req.query(), 'query');
    const filter = queries.filterOf(query);
    // exportChunks reads the first record now, so a bad filter is a 400 before any byte is sent.
    const texts = exportChunks(query.format, deps.store.exportRecords(filter, query.limit), tasks);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        for (let next = texts.next(); ; next = texts.next()) {
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
