#!/usr/bin/env node
// HTTP API benchmark over a corpus of ~10,000 invented articles (bench/invented-corpus.mjs: templated text
// with synthetic analyses on top of the real pipeline's cleaning, language and sentences):
//   1. latency of the statistics and search endpoints (sequential requests, p50/p95/max per URL);
//   2. POST /api/analyze under 50 concurrent clients for 30 s (autocannon), throughput and errors;
//   3. GET /api/health while 4 clients post ~1 MB texts to /api/analyze (is the event loop free?).
// The server runs as its own process (`narrascope serve`), logs going to /dev/null.
// Usage: npm run build && node bench/server-bench.mjs [--articles 10000] [--duration 30] [--connections 50] [--db file]
//          [--sections latency,analyze,load] [--load-clients 4] [--load-seconds 20]
// Writes bench/out/server-bench.md and prints it.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createArticle } from '../dist/doc/article.js';
import { SqliteStore } from '../dist/store/sqlite.js';
import { inventedArticle, NARRATIVES, pick, rand, SOURCES, syntheticAnalysis } from './invented-corpus.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const N = Number(opt('--articles', '10000'));
const DURATION = Number(opt('--duration', '30'));
const CONNECTIONS = Number(opt('--connections', '50'));
const REPEAT = Number(opt('--repeat', '100'));
const keepDb = opt('--db', undefined);
const SECTIONS = new Set(opt('--sections', 'latency,analyze,load').split(','));
const LOAD_CLIENTS = Number(opt('--load-clients', '4'));
const LOAD_SECONDS = Number(opt('--load-seconds', '20'));

function buildCorpus(path) {
  const store = new SqliteStore(path);
  const have = store.count();
  if (have >= N) {
    store.close();
    return { built: 0, seconds: 0 };
  }
  const t0 = performance.now();
  const start = Date.parse('2024-01-01T00:00:00Z');
  let batch = [];
  for (let i = have; i < N; i++) {
    const { raw, place, actor } = inventedArticle(i);
    const day = new Date(start + Math.floor(rand() * 366) * 86_400_000).toISOString().slice(0, 10);
    const article = createArticle({ raw, id: `bench-${i}`, source: pick(SOURCES), publishedAt: day, origin: { format: 'jsonl' } });
    batch.push({ article, analysis: syntheticAnalysis(article, place, actor) });
    if (batch.length === 500) {
      store.putBatch(batch);
      batch = [];
    }
  }
  if (batch.length) store.putBatch(batch);
  store.close();
  return { built: N - have, seconds: (performance.now() - t0) / 1000 };
}

async function startServer(db, port, env = {}) {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--db', db, '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function latency(url) {
  for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer();
  const times = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] };
}

/** The text of a ~1 MB invented article (just under the API's 1,000,000-character limit). */
function largeText() {
  const parts = [];
  let length = 0;
  for (let i = 0; length < 990_000; i++) {
    const p = inventedArticle(i).raw.split('\n').slice(2).join('\n');
    parts.push(p);
    length += p.length + 2;
  }
  return parts.join('\n\n').slice(0, 990_000);
}

const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] };
};

/** GET /api/health one after another (10 ms apart) until `until`, each latency in ms. */
async function probeHealth(url, until) {
  const times = [];
  while (performance.now() < until) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/health`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return times;
}

/** Section 3: health latency idle, then while LOAD_CLIENTS clients post ~1 MB texts for LOAD_SECONDS s. */
async function loadSection(url) {
  const body = JSON.stringify({ title: 'Example: a very long invented article', text: largeText() });
  const idle = summary(await probeHealth(url, performance.now() + 5000));
  const statuses = {};
  const analyseTimes = [];
  const until = performance.now() + LOAD_SECONDS * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/api/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.ok) analyseTimes.push(performance.now() - t0);
        else await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      } catch (err) {
        const name = `network error (${err.cause?.code ?? err.message})`;
        statuses[name] = (statuses[name] ?? 0) + 1;
      }
    }
  };
  const [loaded] = await Promise.all([probeHealth(url, until), ...Array.from({ length: LOAD_CLIENTS }, client)]);
  return { bodyBytes: body.length, idle, loaded: summary(loaded), statuses, analyse: analyseTimes.length ? summary(analyseTimes) : undefined };
}

const ms = (x) => x.toFixed(1);

function loadLines(load) {
  const row = (name, r) => `| ${name} | ${r.n} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} |`;
  const a = load.analyse;
  return [
    `## GET /api/health while ${LOAD_CLIENTS} clients post ~1 MB texts to /api/analyze for ${LOAD_SECONDS} s`,
    ``,
    `One health request at a time, 10 ms apart; each client posts its next text when the previous answer arrives (after Retry-After on a 503).`,
    ``,
    `| health requests | n | p50 ms | p95 ms | p99 ms | max ms |`,
    `| --- | ---: | ---: | ---: | ---: | ---: |`,
    row('idle (5 s)', load.idle),
    row(`under load (${LOAD_SECONDS} s)`, load.loaded),
    ``,
    `Analyze answers: ${Object.entries(load.statuses).map(([s, n]) => `${n} × ${s}`).join(', ') || 'none'}` +
      (a ? `; time per answered analysis p50 ${(a.p50 / 1000).toFixed(2)} s, max ${(a.max / 1000).toFixed(2)} s` : '') +
      `. Request body: ${load.bodyBytes} bytes.`,
  ];
}

const dir = keepDb ? undefined : mkdtempSync(join(tmpdir(), 'narrascope-bench-'));
const db = keepDb ?? join(dir, 'bench.db');
mkdirSync('bench/out', { recursive: true });
console.error(`building ${N} articles in ${db} …`);
const corpus = buildCorpus(db);
const port = 18000 + Math.floor(Math.random() * 1000);
const enc = encodeURIComponent;
let uncached;
let child;
let url;
try {
  const c = cpus();
  const loadBefore = loadavg()[0];
  const lines = [
    `# Server benchmark`,
    ``,
    `- date: ${new Date().toISOString()}`,
    `- machine: ${hostname()}, ${c.length} × ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version} (cores shared with other work)`,
    `- command: \`node bench/server-bench.mjs${args.length ? ` ${args.join(' ')}` : ''}\``,
  ];
  const rows = [];
  if (SECTIONS.has('latency')) {
    // First pass: statistics cache off, so every statistics request is computed from the database.
    uncached = await startServer(db, port + 1, { NARRASCOPE_STATS_CACHE: '0' });
    const targets = [
      ['stats, whole corpus (by week)', '/api/stats'],
      ['stats, by day', '/api/stats?bucket=day'],
      ['stats, one narrative', `/api/stats?narrative=${enc(NARRATIVES[0])}`],
      ['stats, source + technique, by month', `/api/stats?source=${SOURCES[3]}&technique=Loaded_Language&bucket=month`],
      ['stats, full-text query', '/api/stats?q=windmill'],
      ['stats, date range', '/api/stats?from=2024-03-01&to=2024-05-31'],
      ['search, common word', '/api/articles?q=residents'],
      ['search, two words', '/api/articles?q=harbour%20cranes'],
      ['search + narrative filter', `/api/articles?q=letters&narrative=${enc(NARRATIVES[6])}`],
      ['list, entity in role', `/api/articles?entity=${enc('distant bloc')}&role=Antagonist`],
      ['list, page 50', '/api/articles?offset=1000&limit=20'],
    ];
    for (const [name, path] of targets) {
      const r = await latency(uncached.url + path);
      rows.push({ name, path, ...r });
      console.error(`${name}: p95 ${r.p95.toFixed(1)} ms`);
    }
    uncached.child.kill('SIGTERM');
  }
  ({ child, url } = await startServer(db, port));
  const total = (await (await fetch(`${url}/api/health`)).json()).articles;
  for (const row of rows.filter((r) => r.path.startsWith('/api/stats'))) {
    row.cached = await latency(url + row.path);
    console.error(`${row.name} (cached): p95 ${row.cached.p95.toFixed(1)} ms`);
  }
  let ac;
  let stillUp;
  let body;
  if (SECTIONS.has('analyze')) {
    body = JSON.stringify({
      title: 'Example: an invented article for the analyze benchmark',
      text: inventedArticle(123456).raw.split('\n').slice(2).join('\n'),
    });
    console.error(`analyze: ${CONNECTIONS} connections for ${DURATION} s …`);
    ac = await autocannon({
      url: `${url}/api/analyze`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    stillUp = (await fetch(`${url}/api/health`)).ok;
  }
  let load;
  if (SECTIONS.has('load')) {
    console.error(`health under load: ${LOAD_CLIENTS} clients posting ~1 MB texts for ${LOAD_SECONDS} s …`);
    load = await loadSection(url);
  }

  lines.push(
    `- load average (1 min) when the runs started: ${loadBefore.toFixed(2)}; when they ended: ${loadavg()[0].toFixed(2)} (on ${c.length} cores; other processes were running)`,
    `- corpus: ${total} stored articles (invented text, synthetic analyses${corpus.built ? `; built in ${corpus.seconds.toFixed(1)} s` : ''})`,
    ``,
  );
  if (rows.length) {
    lines.push(
      `## Statistics and search: ${REPEAT} sequential requests each, after 5 warm-up requests`,
      ``,
      `Uncached: server started with NARRASCOPE_STATS_CACHE=0, every request computed from the database.`,
      `Cached: default server; repeated statistics requests are answered from the cache until the database changes.`,
      ``,
      `| endpoint | request | p50 ms | p95 ms | max ms | cached p50 ms | cached p95 ms |`,
      `| --- | --- | ---: | ---: | ---: | ---: | ---: |`,
      ...rows.map(
        (r) =>
          `| ${r.name} | \`${r.path.replace(/\|/g, '%7C')}\` | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.cached ? r.cached.p50.toFixed(1) : '–'} | ${r.cached ? r.cached.p95.toFixed(1) : '–'} |`,
      ),
      ``,
      `Worst uncached p95: statistics ${Math.max(...rows.filter((r) => r.cached).map((r) => r.p95)).toFixed(1)} ms, search/list ${Math.max(...rows.filter((r) => !r.cached).map((r) => r.p95)).toFixed(1)} ms (target < 100 ms).`,
      ``,
    );
  }
  if (ac) {
    lines.push(
      `## POST /api/analyze: ${CONNECTIONS} concurrent connections for ${DURATION} s (autocannon)`,
      ``,
      `| requests | throughput req/s (mean) | latency p50 ms | p97.5 ms | p99 ms | max ms | errors | timeouts | non-2xx | server up after |`,
      `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
      `| ${ac.requests.total} | ${ac.requests.average.toFixed(1)} | ${ac.latency.p50} | ${ac.latency.p97_5} | ${ac.latency.p99} | ${ac.latency.max} | ${ac.errors} | ${ac.timeouts} | ${ac.non2xx} | ${stillUp ? 'yes' : 'NO'} |`,
      ``,
      `Request body: ${body.length} bytes of invented text. Analysis runs the pipeline as installed (tasks: those in src/tasks/registry.ts at build time).`,
      ``,
    );
  }
  if (load) lines.push(...loadLines(load), ``);
  const md = lines.join('\n');
  writeFileSync('bench/out/server-bench.md', md);
  process.stdout.write(md);
} finally {
  uncached?.child.kill('SIGTERM');
  child?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
}
