#!/usr/bin/env node
// The PostgreSQL engine's core against the SQLite engine on the same invented corpus (issue 16):
//   1. putBatch time per article (batches of 500, without the near-duplicate index, which
//      bench/pg-provenance.mjs measures);
//   2. search latency, p50/p95 in ms over --samples runs, for a rare term (one article), a place name
//      (about one article in eight), a word every article has, and a two-word phrase;
//   3. claim latency (one per article an ingest analyses), p50/p95 in ms.
// Usage (after npm run build): node bench/pg-engine-core.mjs [--n 20000] [--samples 50]
// The PostgreSQL database is made and dropped on the server of $NARRASCOPE_TEST_PG (default: the test role
// on 127.0.0.1); the SQLite file lives in a temporary folder.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { option } from './args.mjs';
import { inventedArticle, syntheticAnalysis } from './invented-corpus.mjs';
import { createArticle } from '../dist/doc/article.js';
import { openPostgresEngine } from '../dist/store/pg/engine.js';
import { SqliteEngine } from '../dist/store/sqlite-engine.js';

const N = Number(option('--n', '20000'));
const SAMPLES = Number(option('--samples', '50'));
const BATCH = 500;
const ADMIN = process.env.NARRASCOPE_TEST_PG || 'postgres://narrascope:narrascope@127.0.0.1:5432/postgres';

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function corpus() {
  const items = [];
  for (let i = 0; i < N; i++) {
    const { raw, place, actor } = inventedArticle(i);
    const article = createArticle({ raw, id: `bench-${i}`, origin: { format: 'text' } });
    items.push({ article, analysis: syntheticAnalysis(article, place, actor) });
  }
  return items;
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function timed(runs, fn) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return { p50: percentile(ms, 50).toFixed(1), p95: percentile(ms, 95).toFixed(1) };
}

// The last article's title number is in its title only (the letter counts in the texts stay below 900).
const QUERIES = { rare: `Example ${N - 1}`, place: 'Kerrowdale', everywhere: 'invented', phrase: '"harbour cranes"' };

async function measure(name, engine, items) {
  let t = performance.now();
  for (let b = 0; b < items.length; b += BATCH) await engine.putBatch(items.slice(b, b + BATCH));
  const storeMs = (performance.now() - t) / items.length;
  const search = {};
  for (const [label, q] of Object.entries(QUERIES)) {
    const hits = (await engine.search(q, { limit: 20 })).hits.length;
    search[label] = { ...(await timed(SAMPLES, () => engine.search(q, { limit: 20 }))), hits };
  }
  const claims = await timed(SAMPLES * 4, (i) => engine.claim(i.toString(16).padStart(64, 'f'), 'bench-run'));
  await engine.releaseClaims('bench-run');
  return { engine: name, articles: await engine.count(), storeMsPerArticle: storeMs.toFixed(2), search, claims };
}

const items = corpus();
const results = [];
const dir = mkdtempSync(join(tmpdir(), 'narrascope-core-bench-'));
try {
  const sqlite = new SqliteEngine(join(dir, 'bench.db'), { provenance: false });
  results.push(await measure('sqlite', sqlite, items));
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const name = `ns_core_bench_${process.pid}`;
await admin(`CREATE DATABASE "${name}"`);
try {
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const engine = await openPostgresEngine(url.toString(), { provenance: false });
  results.push(await measure('postgres', engine, items));
  await engine.close();
} finally {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
console.log(JSON.stringify({ n: N, samples: SAMPLES, batch: BATCH, queries: QUERIES, results }, null, 2));
