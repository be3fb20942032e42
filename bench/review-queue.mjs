#!/usr/bin/env node
// Latency of the review routes (issue 17) over a SQLite corpus of invented articles (bench/invented-corpus.mjs,
// seeded): GET /api/review (the queue walks every filtered article's analysis and every decision), a filtered
// page, GET /api/review/agreement, and GET /api/articles/{id} with its decisions and effective labels. Two
// annotators decide on the first --decided articles first. Requests go to the app in process (app.request), so
// the figures are the server's work without the network.
// Usage: npm run build && node bench/review-queue.mjs [--articles 10000] [--decided 300] [--repeat 5] [--db file]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArticle } from '../dist/doc/article.js';
import { createApp } from '../dist/server/app.js';
import { DEFAULT_LIMITS } from '../dist/server/limits.js';
import { SqliteEngine } from '../dist/store/sqlite-engine.js';
import { inventedArticle, pick, rand, SOURCES, syntheticAnalysis } from './invented-corpus.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const N = Number(opt('--articles', '10000'));
const DECIDED = Number(opt('--decided', '300'));
const REPEAT = Number(opt('--repeat', '5'));
const dir = opt('--db', undefined) ? undefined : mkdtempSync(join(tmpdir(), 'narrascope-review-bench-'));
const path = opt('--db', undefined) ?? join(dir, 'review.db');

async function buildCorpus(store) {
  const have = await store.count();
  const start = Date.parse('2024-01-01T00:00:00Z');
  let batch = [];
  for (let i = have; i < N; i++) {
    const { raw, place, actor } = inventedArticle(i);
    const day = new Date(start + Math.floor(rand() * 366) * 86_400_000).toISOString().slice(0, 10);
    const article = createArticle({ raw, id: `bench-${i}`, source: pick(SOURCES), publishedAt: day, origin: { format: 'jsonl' } });
    batch.push({ article, analysis: syntheticAnalysis(article, place, actor) });
    if (batch.length === 500) {
      await store.putBatch(batch);
      batch = [];
    }
  }
  if (batch.length) await store.putBatch(batch);
}

/** Two annotators on the first DECIDED articles: genre and the first narrative, agreeing about four times in five. */
async function decide(store) {
  const have = (await store.annotations.annotationsOf('bench-0'))?.revision ?? 0;
  if (have > 0) return;
  for (let i = 0; i < DECIDED; i++) {
    const stored = await store.get(`bench-${i}`);
    const narrative = stored.analysis.narratives.narratives[0].label;
    for (const author of ['anna', 'bo']) {
      const say = () => (rand() < 0.8 ? 'accept' : 'reject');
      await store.annotations.annotate({
        articleId: stored.id,
        author,
        decisions: [
          { task: 'genre', label: stored.analysis.genre.label, decision: say() },
          { task: 'narratives', label: narrative, decision: say() },
        ],
      });
    }
  }
}

async function timed(app, url) {
  const ms = [];
  let body;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    const res = await app.request(url);
    body = await res.json();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  }
  ms.sort((a, b) => a - b);
  return { url, p50: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1], body };
}

const store = new SqliteEngine(path);
try {
  const t0 = performance.now();
  await buildCorpus(store);
  await decide(store);
  const built = (performance.now() - t0) / 1000;
  const app = createApp({ store, analyze: () => Promise.reject(new Error('not used')), limits: DEFAULT_LIMITS, log: () => {} });
  const rows = [];
  for (const url of ['/api/review', '/api/review?limit=20&offset=200', `/api/review?source=${SOURCES[3]}`, '/api/review?from=2024-06-01&to=2024-06-30', '/api/review/agreement', '/api/articles/bench-7']) {
    rows.push(await timed(app, url));
  }
  const review = rows[0].body;
  const agreement = rows[4].body;
  console.log(`${N} articles, ${DECIDED} decided by two annotators; corpus ready in ${built.toFixed(1)} s; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}; ${REPEAT} requests each`);
  console.log('| request | p50 ms | max ms |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| \`GET ${r.url}\` | ${r.p50.toFixed(0)} | ${r.max.toFixed(0)} |`);
  console.log(`queue: total ${review.total}, reviewed ${review.reviewed}; agreement: kappa ${agreement.pairs[0]?.kappa?.toFixed(3)}, alpha ${agreement.alpha?.toFixed(3)} over ${agreement.targets} targets`);
} finally {
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
