#!/usr/bin/env node
// The cost of provenance at ingest, measured in ONE process: the generated corpus in chunks, each chunk
// ingested both ways into two stores — with provenance (every task, the near-duplicate index kept) and
// without (the provenance task left out, `provenance: false`, as `ingest --no-provenance`) — the mode
// that goes first alternating from chunk to chunk, so the drift of a shared machine falls on both alike.
// The time counted is the analysis, the label-shift step and the store's putBatch: what the two modes differ in.
// Garbage (--gc): `ingest` (default) collects it as `narrascope ingest` does, a full collection every 50
// articles inside the timed work (src/cli/ingest.ts), so each mode pays for its own garbage and no mode's
// garbage is collected during the other's chunk; `chunk` collects once at the end of each timed chunk;
// `none` leaves it to V8 (a collection then falls on whichever chunk is running).
// Afterwards, the latency of the provenance queries on the store ingested with provenance
// (bench/provenance-queries.mjs: clusters, sources, provenanceOf with its substitutions computed on read).
// Usage (after npm run build and node bench/provenance-corpus.mjs --n N --seed S):
//   node bench/provenance-cost-ab.mjs [--n 20000] [--seed 42] [--chunk 200] [--gc ingest|chunk|none]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { option } from './args.mjs';
import { readSources } from '../dist/ingest/index.js';
import { batchAnalyser } from '../dist/pipeline.js';
import { openStore } from '../dist/store/open.js';
import { tasksForStore } from '../dist/cli/corpus-names.js';
import { withoutProvenance } from '../dist/cli/ingest.js';
import { collectGarbage } from '../dist/cli/memory.js';
import { provenanceQueryLatency } from './provenance-queries.mjs';
import { TASKS } from '../dist/tasks/registry.js';

const N = Number(option('--n', '20000'));
const SEED = Number(option('--seed', '42'));
const CHUNK = Number(option('--chunk', '200'));
const GC = option('--gc', 'ingest');
if (!['ingest', 'chunk', 'none'].includes(GC)) throw new Error(`--gc: ingest, chunk or none, not ${JSON.stringify(GC)}`);
/** As src/cli/ingest.ts GC_EVERY. */
const GC_EVERY = 50;
const corpus = join(resolve(option('--dir', 'bench/out/provenance')), `corpus-${N}-s${SEED}.jsonl`);

const articles = [];
for await (const item of readSources([corpus])) if (item.ok) articles.push(item.article);

const dir = mkdtempSync(join(tmpdir(), 'narrascope-prov-ab-'));
const on = await openStore({ db: join(dir, 'on.db') });
const off = await openStore({ db: join(dir, 'off.db'), provenance: false });
const forOn = tasksForStore(on, undefined);
const modes = {
  on: { store: on, names: forOn.names, analyser: batchAnalyser({ annotators: forOn.tasks }), ms: 0, cpu: 0 },
  off: { store: off, names: undefined, analyser: batchAnalyser({ annotators: withoutProvenance(TASKS) }), ms: 0, cpu: 0 },
};

/** Ingests one chunk the way `narrascope ingest` does (corpus names, analyse, garbage, adapt, one putBatch), timing it. */
async function ingestChunk(mode, chunk) {
  const t = performance.now();
  const c = process.cpuUsage();
  const analyses = [];
  for (const article of chunk) {
    await mode.names?.beforeArticle();
    analyses.push(mode.analyser.analyse(article));
    if (GC === 'ingest' && (analyses.length % GC_EVERY === 0)) collectGarbage();
  }
  mode.analyser.adapt(analyses);
  await mode.store.putBatch(chunk.map((article, i) => ({ article, analysis: analyses[i] })));
  if (GC === 'chunk') collectGarbage();
  const used = process.cpuUsage(c);
  mode.ms += performance.now() - t;
  mode.cpu += (used.user + used.system) / 1000;
}

// Warm-up outside the count: models load, code compiles (the articles go in again, as duplicates, later).
await ingestChunk(modes.on, articles.slice(0, 50));
await ingestChunk(modes.off, articles.slice(0, 50));
modes.on.ms = modes.on.cpu = modes.off.ms = modes.off.cpu = 0;

const perChunk = [];
for (let i = 0, k = 0; i < articles.length; i += CHUNK, k++) {
  const chunk = articles.slice(i, i + CHUNK);
  const order = k % 2 ? ['off', 'on'] : ['on', 'off'];
  const before = { on: modes.on.cpu, off: modes.off.cpu };
  for (const m of order) await ingestChunk(modes[m], chunk);
  perChunk.push((modes.on.cpu - before.on) / (modes.off.cpu - before.off) - 1);
}
perChunk.sort((a, b) => a - b);
const q = (p) => perChunk[Math.min(perChunk.length - 1, Math.floor(p * perChunk.length))];
const result = {
  n: articles.length,
  seed: SEED,
  chunk: CHUNK,
  gc: GC,
  onSeconds: Math.round(modes.on.ms) / 1000,
  offSeconds: Math.round(modes.off.ms) / 1000,
  onCpuSeconds: Math.round(modes.on.cpu) / 1000,
  offCpuSeconds: Math.round(modes.off.cpu) / 1000,
  slowdown: Math.round((modes.on.ms / modes.off.ms - 1) * 1000) / 1000,
  cpuSlowdown: Math.round((modes.on.cpu / modes.off.cpu - 1) * 1000) / 1000,
  chunkCpuSlowdown: { p25: Math.round(q(0.25) * 1000) / 1000, median: Math.round(q(0.5) * 1000) / 1000, p75: Math.round(q(0.75) * 1000) / 1000 },
  stored: { on: await on.count(), off: await off.count() },
  ...provenanceQueryLatency(on.store),
  consistency: await on.checkConsistency(),
};
await on.close();
await off.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result));
