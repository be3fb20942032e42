#!/usr/bin/env node
// Provenance on the PostgreSQL engine (issue 16) over the generated provenance corpus
// (bench/provenance-corpus.mjs; cleaned by the pipeline, no task models: the index reads the clean text):
//   1. the corpus stored through SqliteStore, and through the PostgreSQL engine by two engines at once
//      (two pools, as two machines), each storing every other batch of 200: the clusters must be the same
//      (as sets of member texts, by content hash; cluster ids and earliest members of undated copies may differ);
//   2. putBatch time on PostgreSQL of one engine without the index and with it, each into a fresh database,
//      and how long the index step holds the provenance lock (what two writers cannot do at once);
//   3. the provenance queries on the PostgreSQL corpus, one at a time, p50/p95 in ms, as
//      bench/provenance-ingest.mjs measures SQLite's: a page of clusters, a cluster, a page of sources, a
//      source, provenanceOf.
// Usage (after npm run build and node bench/provenance-corpus.mjs --n N --seed S):
//   node bench/pg-provenance.mjs [--n 20000] [--seed 42] [--samples 200] [--dir bench/out/provenance]
// Databases are made and dropped on the server of $NARRASCOPE_TEST_PG (default: the test role on 127.0.0.1).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { option } from './args.mjs';
import { readSources } from '../dist/ingest/index.js';
import { analyzeArticle } from '../dist/pipeline.js';
import { openPostgresEngine } from '../dist/store/pg/engine.js';
import { PgProvenance } from '../dist/store/pg/provenance.js';
import { SqliteStore } from '../dist/store/sqlite.js';

const N = Number(option('--n', '20000'));
const SEED = Number(option('--seed', '42'));
const SAMPLES = Number(option('--samples', '200'));
const BATCH = 200;
const corpus = join(resolve(option('--dir', 'bench/out/provenance')), `corpus-${N}-s${SEED}.jsonl`);
if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}: run node bench/provenance-corpus.mjs --n ${N} --seed ${SEED}`);
const ADMIN = process.env.NARRASCOPE_TEST_PG || 'postgres://narrascope:narrascope@127.0.0.1:5432/postgres';

const admin = async (sql) => {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};
const dbUrl = (name) => ADMIN.replace(/\/[^/]*$/, `/${name}`);
const fresh = async (name) => {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return dbUrl(name);
};

// Time from the provenance lock granted to the end of the index step (the commit follows at once),
// summed over batches: measured by wrapping PgProvenance.index here, so the engine carries no timing code.
let lockHeldMs = 0;
const index = PgProvenance.prototype.index;
PgProvenance.prototype.index = async function (sql, articles, enabled) {
  let granted;
  const timed = {
    query: async (...args) => {
      const result = await sql.query(...args);
      if (granted === undefined && /pg_advisory_xact_lock/.test(String(args[0]))) granted = performance.now();
      return result;
    },
  };
  try {
    return await index.call(this, timed, articles, enabled);
  } finally {
    if (granted !== undefined) lockHeldMs += performance.now() - granted;
  }
};

const batches = [];
let batch = [];
for await (const item of readSources([corpus])) {
  if (!item.ok) throw new Error(`${corpus}: ${item.problem.message}`);
  batch.push({ article: item.article, analysis: analyzeArticle(item.article, { annotators: [] }) });
  if (batch.length === BATCH) batches.push(batch), (batch = []);
}
if (batch.length) batches.push(batch);

/** Stores batches one after another; returns seconds spent in putBatch and the stored id → content hash. */
async function store(engine, list) {
  const hashOf = new Map();
  let ms = 0;
  for (const b of list) {
    const t = performance.now();
    const { ids } = await engine.putBatch(b);
    ms += performance.now() - t;
    ids.forEach((id, i) => hashOf.set(id, b[i].article.hash));
  }
  return { seconds: ms / 1000, hashOf };
}

/** Every cluster as the sorted content hashes of its members. */
async function clusterSet(engine, hashOf) {
  const out = new Set();
  const { total } = await engine.clusters({ limit: 1 });
  for (let offset = 0; offset < total; offset += 500) {
    for (const c of (await engine.clusters({ limit: 500, offset })).clusters) {
      out.add((await engine.cluster(c.id)).members.map((m) => hashOf.get(m.id)).sort().join(' '));
    }
  }
  return out;
}

async function latency(run) {
  const ms = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await run(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

const tmp = mkdtempSync(join(tmpdir(), 'narrascope-pgprov-'));
const names = { off: `ns_bench_prov_off_${process.pid}`, on: `ns_bench_prov_on_${process.pid}`, two: `ns_bench_prov_two_${process.pid}` };
try {
  const sqlite = new SqliteStore(join(tmp, 'prov.db'));
  const lite = await store({ putBatch: async (b) => sqlite.putBatch(b) }, batches);
  const liteClusters = await clusterSet(
    { clusters: async (o) => sqlite.clusters(o), cluster: async (id) => sqlite.cluster(id) },
    lite.hashOf,
  );
  sqlite.close();

  const single = async (name, options) => {
    const engine = await openPostgresEngine(await fresh(name), options);
    const { seconds } = await store(engine, batches);
    await engine.close();
    await admin(`DROP DATABASE ${name} WITH (FORCE)`);
    return seconds;
  };
  const withoutIndex = await single(names.off, { provenance: false });
  lockHeldMs = 0;
  const withIndex = await single(names.on, {});
  const lockHeldSeconds = lockHeldMs / 1000;

  const twoUrl = await fresh(names.two);
  const one = await openPostgresEngine(twoUrl);
  const two = await openPostgresEngine(twoUrl);
  const t0 = performance.now();
  const halves = await Promise.all([one, two].map((engine, k) => store(engine, batches.filter((_, i) => i % 2 === k))));
  const twoWritersSeconds = (performance.now() - t0) / 1000;
  const hashOf = new Map([...halves[0].hashOf, ...halves[1].hashOf]);
  const pgClusters = await clusterSet(one, hashOf);
  const onlySqlite = [...liteClusters].filter((c) => !pgClusters.has(c)).length;
  const onlyPg = [...pgClusters].filter((c) => !liteClusters.has(c)).length;

  const ids = (await one.list({ limit: 100000 })).map((a) => a.id);
  const { total: clusterTotal } = await one.clusters({ limit: 1 });
  const clusterIds = (await one.clusters({ limit: clusterTotal })).clusters.map((c) => c.id);
  const { sources } = await one.sources({ limit: 1000 });
  const pick = (i, n) => (i * 2654435761) % n;
  const must = (x, what) => {
    if (x === undefined) throw new Error(`${what} not found`);
  };
  const queriesMs = {
    clustersPage: await latency((i) => one.clusters({ limit: 20, offset: pick(i, Math.max(1, clusterTotal - 20)) })),
    clusterDetail: await latency(async (i) => must(await one.cluster(clusterIds[pick(i, clusterIds.length)]), 'cluster')),
    sourcesPage: await latency(() => one.sources({ limit: 20 })),
    source: await latency(async (i) => must(await one.source(sources[pick(i, sources.length)].source), 'source')),
    provenanceOf: await latency(async (i) => must(await one.provenanceOf(ids[pick(i, ids.length)]), 'article')),
  };
  const consistency = await one.checkConsistency();
  await Promise.all([one.close(), two.close()]);

  const round1 = (x) => Math.round(x * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      n: N, seed: SEED, batches: batches.length,
      sqlitePutBatchSeconds: round1(lite.seconds),
      pgPutBatchSeconds: { noIndex: round1(withoutIndex), index: round1(withIndex), indexMsPerArticle: Math.round(((withIndex - withoutIndex) * 1000 * 100) / N) / 100,
        lockHeldSeconds: round1(lockHeldSeconds), lockHeldMsPerArticle: Math.round((lockHeldSeconds * 1000 * 100) / N) / 100 },
      pgPutBatchSecondsTwoWritersWithIndex: { wall: round1(twoWritersSeconds), perWriter: halves.map((h) => round1(h.seconds)) },
      clusters: { sqlite: liteClusters.size, postgres: pgClusters.size, onlySqlite, onlyPostgres: onlyPg },
      queriesMs, consistency,
    })}\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
  for (const name of Object.values(names)) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
}
