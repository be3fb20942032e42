#!/usr/bin/env node
// Read side of a PostgreSQL corpus under load (issue 16, must-show 3): a database filled with
// --articles invented articles (bench/invented-corpus.mjs: templated text, synthetic analyses, stored
// through the engine's putBatch in batches of 1,000 without the near-duplicate index), then, while
// `narrascope ingest` (or, with --via queue, `narrascope ingest --queue` and `narrascope worker`)
// stores more articles into the same database, autocannon sends statistics, list, search and
// label-filter requests to `narrascope serve --db postgres://…` on 127.0.0.1. Reports p50/p95/p99/max
// per endpoint from every response's latency (autocannon's own summary has no p95).
// Usage: npm run build && node bench/pg-read-load.mjs [--db postgres://…] [--articles 100000]
//          [--duration 60] [--connections 2] [--rate 0] [--ingest 20000] [--via queue|ingest] [--cli dist/cli/main.js]
// The database is kept (and topped up to --articles) between runs; the ingest adds to it.
// Writes bench/out/pg-read-load.md and prints it.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createArticle } from '../dist/doc/article.js';
import { openPostgresEngine } from '../dist/store/pg/engine.js';
import { inventedArticle, NARRATIVES, pick, rand, SOURCES, syntheticAnalysis } from './invented-corpus.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const ADMIN = process.env.NARRASCOPE_TEST_PG || 'postgres://narrascope:narrascope@127.0.0.1:5432/postgres';
const DB = opt('--db', ADMIN.replace(/\/[^/]*$/, '/narrascope_read_load'));
const N = Number(opt('--articles', '100000'));
const DURATION = Number(opt('--duration', '60'));
const CONNECTIONS = Number(opt('--connections', '2'));
const RATE = Number(opt('--rate', '0'));
const INGEST = Number(opt('--ingest', '20000'));
const VIA = opt('--via', 'queue');
// The command line the writer and server run: a copy of dist/ keeps a rebuild during the run from breaking them.
const CLI = opt('--cli', 'dist/cli/main.js');
const BATCH = 1000;

const cli = (argv, env = {}) =>
  spawn(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });

/** Creates the database when missing (CREATE DATABASE cannot run inside the engine's migrations). */
async function ensureDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/** One stored item: an invented article dated within 2024 from one of the invented sources. */
function benchItem(i) {
  const { raw, place, actor } = inventedArticle(i);
  const day = new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(rand() * 366) * 86_400_000).toISOString().slice(0, 10);
  const article = createArticle({ raw, id: `read-load-${i}`, source: pick(SOURCES), publishedAt: day, origin: { format: 'jsonl' } });
  return { article, analysis: syntheticAnalysis(article, place, actor) };
}

/** putBatch, again after a lost connection (a server restart by other work on the machine): storing is idempotent. */
async function storeRetrying(engine, batch) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await engine.putBatch(batch);
    } catch (err) {
      if (err?.kind !== 'connection' || attempt === 30) throw err;
      console.error(`  ${err.message}; again in 2 s`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** Tops the database up to N articles; the generator is replayed from 0 so every run stores the same corpus. */
async function fill(url) {
  const engine = await openPostgresEngine(url, { provenance: false });
  try {
    const have = await engine.count();
    if (have >= N) return { stored: 0, seconds: 0, total: have };
    const t0 = performance.now();
    let stored = 0;
    for (let i = 0; i < N; i += BATCH) {
      const batch = [];
      for (let k = i; k < Math.min(N, i + BATCH); k++) batch.push(benchItem(k));
      // Generated again for the ones already stored, to keep the random stream (and so the corpus) the same.
      if (i + BATCH <= have) continue;
      stored += (await storeRetrying(engine, batch)).inserted;
      if ((i / BATCH) % 10 === 9) console.error(`  ${i + BATCH} / ${N}`);
    }
    return { stored, seconds: (performance.now() - t0) / 1000, total: await engine.count() };
  } finally {
    await engine.close();
  }
}

/** A folder of invented plain-text articles (title on the first line) for the concurrent ingest, numbered after the corpus. */
function ingestFolder(n) {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-read-load-'));
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `extra-${i}.txt`), inventedArticle(10_000_000 + i).raw);
  return dir;
}

async function startServer(url, port) {
  const child = cli(['serve', '--db', url, '--port', String(port)]);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

/** The writer running during the load: a plain ingest, or an ingest that enqueues plus one queue worker. */
function startWriter(url, folder) {
  const logs = [];
  const keep = (child) => child.stderr.on('data', (d) => logs.push(String(d)));
  if (VIA === 'queue') {
    const enqueue = cli(['ingest', folder, '--db', url, '--queue']);
    const worker = cli(['worker', '--db', url]);
    keep(enqueue);
    keep(worker);
    return { children: [enqueue, worker], storing: worker, logs };
  }
  const ingest = cli(['ingest', folder, '--db', url]);
  keep(ingest);
  return { children: [ingest], storing: ingest, logs };
}

const enc = encodeURIComponent;
/** The requests of each endpoint, cycled by every connection: the dashboard's kinds of question. */
const ENDPOINTS = {
  stats: [
    '/api/stats',
    '/api/stats?bucket=month',
    `/api/stats?narrative=${enc(NARRATIVES[0])}`,
    `/api/stats?source=${SOURCES[3]}`,
    '/api/stats?from=2024-03-01&to=2024-05-31',
    `/api/stats?technique=Loaded_Language&bucket=day`,
  ],
  list: ['/api/articles', '/api/articles?offset=20', '/api/articles?offset=2000', `/api/articles?source=${SOURCES[7]}`, '/api/articles?from=2024-06-01&to=2024-06-30'],
  search: ['/api/articles?q=residents', '/api/articles?q=harbour%20cranes', '/api/articles?q=Lindenvik', '/api/articles?q=windmill%20plan&offset=20', '/api/articles?q=letters%20meeting'],
  'label filter': [
    `/api/articles?narrative=${enc(NARRATIVES[6])}`,
    '/api/articles?technique=Loaded_Language',
    '/api/articles?genre=satire',
    `/api/articles?entity=${enc('distant bloc')}&role=Antagonist`,
    `/api/articles?narrative=${enc(NARRATIVES[2])}&source=${SOURCES[1]}`,
  ],
};

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** One autocannon run on one endpoint; latencies from its per-response event. */
function load(base, paths) {
  const times = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: DURATION,
        ...(RATE > 0 ? { overallRate: RATE } : {}),
        requests: paths.map((path) => ({ method: 'GET', path })),
      },
      (err, result) => (err ? reject(err) : resolve({ times, statuses, result })),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

async function articleCount(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('SELECT count(*) AS n FROM articles')).rows[0].n);
  } finally {
    await client.end();
  }
}

await ensureDatabase(DB);
console.error(`filling ${DB.replace(/:[^:@/]*@/, ':***@')} to ${N} articles …`);
const filled = await fill(DB);
console.error(`  stored ${filled.stored} in ${filled.seconds.toFixed(1)} s; ${filled.total} in the database`);
const folder = ingestFolder(INGEST);
const port = 19000 + Math.floor(Math.random() * 1000);
let server;
let writer;
try {
  server = await startServer(DB, port);
  // Warm the server's connections and caches a little, as a dashboard in use would have.
  for (const paths of Object.values(ENDPOINTS)) for (const p of paths) await (await fetch(server.base + p)).arrayBuffer();
  const before = await articleCount(DB);
  const loadBefore = loadavg()[0];
  writer = startWriter(DB, folder);
  // Let the writer load its models and start storing before the clock starts.
  for (let i = 0; i < 600 && (await articleCount(DB)) === before; i++) {
    if (writer.storing.exitCode !== null) throw new Error(`the writer ended before storing anything:\n${writer.logs.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const started = await articleCount(DB);
  const t0 = performance.now();
  console.error(`load: ${Object.keys(ENDPOINTS).length} endpoints × ${CONNECTIONS} connections for ${DURATION} s while ingesting …`);
  const runs = await Promise.all(Object.entries(ENDPOINTS).map(async ([name, paths]) => ({ name, paths, ...(await load(server.base, paths)) })));
  const seconds = (performance.now() - t0) / 1000;
  const ended = await articleCount(DB);
  const writerAlive = writer.storing.exitCode === null;

  const c = cpus();
  const lines = [
    `# PostgreSQL read side under ingest`,
    ``,
    `- date: ${new Date().toISOString()}`,
    `- machine: ${c.length} × ${c[0]?.model ?? 'unknown CPU'}, Node ${process.version}, PostgreSQL on 127.0.0.1 (cores shared with other work; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after)`,
    `- command: \`node bench/pg-read-load.mjs${args.length ? ` ${args.join(' ')}` : ''}\``,
    `- corpus: ${before} stored articles when the load started (${filled.stored ? `${filled.stored} stored by this run in ${filled.seconds.toFixed(1)} s through putBatch, batches of ${BATCH}` : 'filled by an earlier run'})`,
    `- writer: ${VIA === 'queue' ? '`narrascope ingest --queue` + `narrascope worker`' : '`narrascope ingest`'} of invented articles with the shipped models: ${ended - started} articles stored during the ${seconds.toFixed(0)} s of load (${((ended - started) / seconds).toFixed(1)}/s), ${writerAlive ? 'still running at the end' : 'FINISHED BEFORE THE END'}`,
    `- load: per endpoint ${CONNECTIONS} autocannon connections ${RATE > 0 ? `at ${RATE} requests/s` : 'as fast as answered (closed loop)'}, all four endpoints at once, each connection cycling the endpoint's requests`,
    ``,
    `| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | statuses |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
  ];
  for (const r of runs) {
    const sorted = [...r.times].sort((a, b) => a - b);
    const status = Object.entries(r.statuses).map(([s, n]) => `${n} × ${s}`).join(', ');
    lines.push(
      `| ${r.name} | ${sorted.length} | ${(sorted.length / DURATION).toFixed(1)} | ${quantile(sorted, 0.5).toFixed(1)} | ${quantile(sorted, 0.95).toFixed(1)} | ${quantile(sorted, 0.99).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} | ${status}${r.result.errors ? `, ${r.result.errors} errors` : ''} |`,
    );
  }
  lines.push(``, `Requests cycled per endpoint:`, ``, ...runs.map((r) => `- ${r.name}: ${r.paths.map((p) => `\`${p}\``).join(', ')}`), ``);
  const md = lines.join('\n');
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/pg-read-load.md', md);
  process.stdout.write(md);
  if (!writerAlive) console.error(writer.logs.join('').slice(-2000));
} finally {
  for (const child of writer?.children ?? []) child.kill('SIGTERM');
  server?.child.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
}
