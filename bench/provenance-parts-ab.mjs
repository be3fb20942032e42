#!/usr/bin/env node
// The parts of provenance's ingest cost, compared between builds in one process: for each build (a
// clean export of a commit, built apart: `git archive <commit> | tar -x -C dir && cd dir && npx tsc`),
// the near-duplicate index's cost in putBatch (CPU ms an article over a store without the index, the
// builds and the bare store taking turns batch by batch), and the provenance task alone on the
// corpus's Docs (CPU ms an article, builds taking turns every 100 Docs; whether the builds' sections are
// identical) with what it allocates (KB an article, node:inspector's sampling heap profiler counting
// collected objects too). Analyses are made without task models (cleaning only), as bench/provenance-dedup.mjs.
// Usage (after node bench/provenance-corpus.mjs --n N --seed S):
//   node bench/provenance-parts-ab.mjs --builds /tmp/before,/tmp/after [--n 2000] [--seed 42]
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { option } from './args.mjs';

const N = Number(option('--n', '2000'));
const SEED = Number(option('--seed', '42'));
const BUILDS = option('--builds', '').split(',').filter(Boolean).map((b) => resolve(b));
if (!BUILDS.length) throw new Error('--builds: one or more built exports, comma-separated');
const corpus = join(resolve(option('--dir', 'bench/out/provenance')), `corpus-${N}-s${SEED}.jsonl`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const load = (build, module) => import(join(build, 'dist', module));

const { readSources } = await load(BUILDS[0], 'ingest/index.js');
const { analyzeDoc } = await load(BUILDS[0], 'pipeline.js');
const items = [];
for await (const it of readSources([corpus])) if (it.ok) items.push({ article: it.article, ...analyzeDoc(it.article, { annotators: [] }) });

/** putBatch CPU of each build's store and of a store without the index, in batches of 200 taking turns. */
async function indexCost() {
  const tmp = mkdtempSync(join(tmpdir(), 'narrascope-parts-'));
  const stores = [];
  for (const [i, b] of BUILDS.entries()) stores.push({ build: b, store: new (await load(b, 'store/sqlite.js')).SqliteStore(join(tmp, `${i}.db`)), ms: 0 });
  stores.push({ build: 'without index', store: new (await load(BUILDS[0], 'store/sqlite.js')).SqliteStore(join(tmp, 'off.db'), { provenance: false }), ms: 0 });
  for (let i = 0, k = 0; i < items.length; i += 200, k++) {
    const batch = items.slice(i, i + 200).map(({ article, analysis }) => ({ article, analysis }));
    for (let j = 0; j < stores.length; j++) {
      const s = stores[(j + k) % stores.length];
      const t = cpu();
      s.store.putBatch(batch);
      s.ms += cpu() - t;
    }
  }
  const off = stores.at(-1).ms;
  const out = stores.slice(0, -1).map((s) => ({ build: s.build, msPerArticle: Math.round(((s.ms - off) / items.length) * 1000) / 1000, clusters: s.store.clusters().total, consistency: s.store.checkConsistency() }));
  for (const s of stores) s.store.close();
  rmSync(tmp, { recursive: true, force: true });
  return out;
}

/** The provenance task of each build on the same Docs, taking turns every 100 Docs, three rounds. */
async function taskCost() {
  const tasks = [];
  for (const b of BUILDS) tasks.push({ build: b, task: (await load(b, 'tasks/registry.js')).TASKS.find((t) => t.id === 'provenance'), ms: 0, sections: [] });
  for (const t of tasks) for (const it of items.slice(0, 100)) t.task.annotate(it.doc, null);
  for (let round = 0; round < 3; round++) {
    for (let i = 0, k = 0; i < items.length; i += 100, k++) {
      for (const t of k % 2 ? [...tasks].reverse() : tasks) {
        const c = cpu();
        for (const it of items.slice(i, i + 100)) {
          const section = t.task.annotate(it.doc, null);
          if (round === 0) t.sections.push(JSON.stringify(section));
        }
        t.ms += cpu() - c;
      }
    }
  }
  const session = new Session();
  session.connect();
  const out = [];
  for (const t of tasks) {
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    for (const it of items) t.task.annotate(it.doc, null);
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const bytes = (function sum(n) { return n.selfSize + n.children.reduce((a, c) => a + sum(c), 0); })(profile.head);
    out.push({
      build: t.build,
      msPerArticle: Math.round((t.ms / items.length / 3) * 1000) / 1000,
      kbAllocatedPerArticle: Math.round(bytes / items.length / 100) / 10,
      sameSectionsAsFirst: t.sections.every((s, i) => s === tasks[0].sections[i]),
    });
  }
  session.disconnect();
  return out;
}

console.log(JSON.stringify({ n: items.length, seed: SEED, index: await indexCost(), task: await taskCost() }));
