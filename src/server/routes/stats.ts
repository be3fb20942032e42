/** GET /api/stats and GET /api/export: counts and exports of the filtered corpus. */
import type { Hono } from 'hono';
import type { ExportRecord } from '../../store/queries.js';
import type { ServerDeps } from '../deps.js';
import { validate } from '../errors.js';
import { EXPORT_CONTENT, formatChunk } from '../export-formats.js';
import { ExportQuerySchema, StatsQuerySchema } from '../schemas.js';
import { filterOf } from './shared.js';

/** Records per chunk of an export stream. */
const EXPORT_CHUNK = 100;

export function registerStatsRoutes(app: Hono, deps: ServerDeps): void {
  app.get('/api/stats', (c) => {
    const query = validate(StatsQuerySchema, c.req.query(), 'query');
    return c.json(deps.queries.stats(filterOf(query), { bucket: query.bucket, top: query.top }));
  });

  app.get('/api/export', (c) => {
    const query = validate(ExportQuerySchema, c.req.query(), 'query');
    const filter = filterOf(query);
    // Take the first step now, so a bad filter is a 400 before any byte of the export is sent.
    const records = deps.queries.exportRecords(filter, query.limit)[Symbol.iterator]();
    const head = records.next();
    function* chunks(): Generator<string> {
      let batch: ExportRecord[] = [];
      let first = true;
      for (let step = head; !step.done; step = records.next()) {
        batch.push(step.value);
        if (batch.length === EXPORT_CHUNK) {
          yield formatChunk(query.format, batch, first);
          [batch, first] = [[], false];
        }
      }
      if (batch.length > 0 || first) yield formatChunk(query.format, batch, first);
    }
    const texts = chunks();
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
