/** GET /api/jobs: a SQLite corpus says it has no queue; a PostgreSQL one gives the depth per state (zeros before anything was enqueued), read without starting pg-boss; the route is in the OpenAPI document. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { enqueueArticles } from '../../src/queue/enqueue.js';
import { closeJobQueue, openJobQueue } from '../../src/queue/queue.js';
import { openQueueReader, type QueueReader } from '../../src/queue/reader.js';
import { createApp } from '../../src/server/app.js';
import { fixtureServer } from '../server/fixtures.js';
import { dropDatabase, freshDatabase, pgForTests } from '../store/pg-env.js';
import { query } from './cli-env.js';

const pg = await pgForTests();

describe('GET /api/jobs on a SQLite corpus', () => {
  const server = fixtureServer('t');
  afterAll(() => server.close());

  it('answers that there is no queue, and why', async () => {
    const res = await server.app.request('/api/jobs');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ engine: 'sqlite', queues: null, message: expect.stringContaining('the queue needs a postgres:// database') });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await server.app.request('/api/openapi.json')).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(doc.paths['/api/jobs']?.get?.responses).toHaveProperty('200');
    expect(JSON.stringify(doc.paths['/api/jobs'])).toContain('#/components/schemas/Jobs');
  });
});

describe.skipIf(!pg.available)('GET /api/jobs on a PostgreSQL corpus', () => {
  let url: string;
  let reader: QueueReader;
  beforeAll(async () => {
    url = await freshDatabase('ns_queue_api');
    reader = openQueueReader(url);
  });
  afterAll(async () => {
    await reader?.close();
    if (url) await dropDatabase(url);
  });

  it('gives zeros where nothing was ever enqueued (and creates no queue schema), then the jobs waiting', async () => {
    const server = fixtureServer('t');
    try {
      const app = createApp({ ...server.deps, store: Object.assign(Object.create(server.deps.store), { kind: 'postgres' }), jobs: () => reader.depths() });
      const empty = (await (await app.request('/api/jobs')).json()) as { engine: string; queues: { queued: number }[] };
      expect(empty.engine).toBe('postgres');
      expect(empty.queues.map((q) => q.queued)).toEqual([0, 0]);
      expect(await query<{ t: string | null }>(url, "SELECT to_regclass('pgboss.job')::text AS t")).toEqual([{ t: null }]);

      const boss = await openJobQueue(url);
      const article = createArticle({ raw: 'An invented headline\n\nAn invented line of text.', id: 'one', origin: { format: 'text' } });
      await enqueueArticles([{ ok: true, article }], { store: { hasHash: async () => false }, boss });
      await closeJobQueue(boss);
      const body = (await (await app.request('/api/jobs')).json()) as { queues: unknown[] };
      expect(body.queues).toEqual([
        { queue: 'narrascope-analyse', queued: 1, active: 0, completed: 0, failed: 0, dead: 0 },
        { queue: 'narrascope-refresh', queued: 0, active: 0, completed: 0, failed: 0, dead: 0 },
      ]);
    } finally {
      server.close();
    }
  });
});
