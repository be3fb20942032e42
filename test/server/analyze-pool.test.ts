/**
 * Analyses on worker threads: a real server on a random port, real HTTP requests. Health stays fast
 * while clients post 1 MB texts, a full queue answers 503 with Retry-After, and a worker's analysis is
 * the in-thread one. Needs `npm run build`: worker threads run the compiled dist/server/analyze-worker.js.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { AnalyzePool, analyzeWorkerFile } from '../../src/server/analyze-pool.js';
import { ApiError } from '../../src/server/errors.js';
import { silentLogger } from '../../src/server/log.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { inventedLongText } from './fixtures.js';

const TOKEN = 'example-token-for-pool-tests';
let dir: string;

beforeAll(() => {
  if (!existsSync(analyzeWorkerFile())) throw new Error(`${analyzeWorkerFile()} is missing: run "npm run build" first`);
  dir = mkdtempSync(join(tmpdir(), 'narrascope-pool-test-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const analyzeBody = (text: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ title: 'Example: a very long invented article', text }),
});

/** GET /api/health one at a time, 10 ms apart, until `done` settles; each latency in ms. */
async function probeHealth(url: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const times: number[] = [];
  while (!finished) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/health`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return times;
}

describe('a server under analyse load', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ db: join(dir, 'load.db'), port: 0, log: silentLogger, token: TOKEN, webRoot: dir });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers /api/health with p99 under 50 ms while 4 clients post 1 MB texts to /api/analyze', async () => {
    const text = inventedLongText(1_000_000);
    // Warm-up requests so the probe measures the loaded server, not the first connection.
    for (let i = 0; i < 5; i++) await (await fetch(`${server.url}/api/health`)).arrayBuffer();
    const posts = Promise.all(
      Array.from({ length: 4 }, async () => {
        const res = await fetch(`${server.url}/api/analyze`, analyzeBody(text));
        // Not parsed here: the probe shares this event loop, and the check needs only the field's value.
        const body = await res.text();
        return { status: res.status, sentences: Number(/"sentenceCount":(\d+)/.exec(body)?.[1] ?? 0) };
      }),
    );
    const times = (await probeHealth(server.url, posts)).sort((a, b) => a - b);
    const results = await posts;
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results[0].sentences).toBeGreaterThan(1000);
    // Each analysis takes seconds, so the probe sees the whole busy period.
    expect(times.length).toBeGreaterThan(50);
    expect(quantile(times, 0.99)).toBeLessThan(50);
  }, 120_000);

  it('reads a stored page while analyses run', async () => {
    const posts = fetch(`${server.url}/api/analyze`, analyzeBody(inventedLongText(300_000)));
    const t0 = performance.now();
    const page = await fetch(`${server.url}/api/articles?limit=5`);
    expect(page.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(500);
    expect((await posts).status).toBe(200);
  });
});

describe('a full queue', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ db: join(dir, 'busy.db'), port: 0, log: silentLogger, token: TOKEN, webRoot: dir, analyzePool: { threads: 1, queue: 1 } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers 503 with Retry-After to analyze and ingest, and takes work again once it drains', async () => {
    // One long analysis runs on the only thread and one waits: the queue is full for a second or more.
    const long = createArticle({ raw: `Example: long\n\n${inventedLongText(1_000_000)}`, origin: { format: 'stdin' } });
    const running = [server.deps.analyze(long, {}), server.deps.analyze(long, {})];

    const busy = await fetch(`${server.url}/api/analyze`, analyzeBody('In this invented example, a short text had to wait.'));
    expect(busy.status).toBe(503);
    const retryAfter = Number(busy.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const error = (await busy.json()) as { error: string };
    expect(error.error).toMatch(/^the server is busy: 1 analysis is waiting for 1 worker thread\(s\); retry in \d+ s$/);

    const ingest = await fetch(`${server.url}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'Example: queued', text: 'In this invented example, an article waited for its turn.' }),
    });
    expect(ingest.status).toBe(503);
    expect(ingest.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await server.deps.store.count()).toBe(0);

    // Health is answered all the while.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    await Promise.all(running);
    const again = await fetch(`${server.url}/api/analyze`, analyzeBody('In this invented example, a short text had to wait.'));
    expect(again.status).toBe(200);
  }, 60_000);
});

describe('AnalyzePool', () => {
  it('gives the analysis the pipeline gives in this thread, and refuses work past its queue', async () => {
    const pool = new AnalyzePool({ threads: 1, queue: 1 });
    try {
      await pool.ready();
      const article = createArticle({ raw: 'Example: a harbour\n\nIn this invented example, the shameful cowards in the capital betrayed Port Amsel.\n', origin: { format: 'stdin' } });
      const { timings: _a, ...inWorker } = await pool.analyze(article, {});
      const { timings: _b, ...inThread } = analyzeArticle(article);
      expect(inWorker).toEqual(inThread);

      const long = createArticle({ raw: `Example: long\n\n${inventedLongText(300_000)}`, origin: { format: 'stdin' } });
      const first = pool.analyze(long);
      const second = pool.analyze(long);
      const third = await pool.analyze(long).catch((err: unknown) => err);
      expect(third).toBeInstanceOf(ApiError);
      expect((third as ApiError).status).toBe(503);
      expect((third as ApiError).headers?.['retry-after']).toMatch(/^\d+$/);
      await Promise.all([first, second]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
