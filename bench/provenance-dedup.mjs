#!/usr/bin/env node
// Near-duplicate quality on the generated provenance corpus (bench/provenance-corpus.mjs, issue 14,
// must-show 1): the corpus is read by the JSONL reader, cleaned by the pipeline (no task models: the
// index reads the clean text only) and stored through SqliteStore.putBatch in batches of 200, which
// keeps the index; then every pair of articles in one cluster is a predicted copy pair.
//   recall              = predicted pairs sharing >= 70% of their text / all such pairs
//   precision           = predicted pairs sharing >= 70% / predicted pairs
//   precision (family)  = predicted pairs of one original's family / predicted pairs
//   precision (<70% set aside) = as precision, leaving out pairs of one family that share less than 70%
//                         (a deep cut joined to its family through the original: neither right nor wrong)
//   hard-negative FPR   = hard-negative pairs (same topic, town and people, other text) clustered / all of them
// The copy rule (src/features/minhash.ts COPY_SHARE) is set from the 70% definition, not tuned here.
// Usage (after npm run build and node bench/provenance-corpus.mjs --n N --seed S):
//   node bench/provenance-dedup.mjs [--n 20000] [--seed 42] [--hard] [--no-index] [--dir bench/out/provenance]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { option } from './args.mjs';
import { readSources } from '../dist/ingest/index.js';
import { analyzeArticle } from '../dist/pipeline.js';
import { SqliteStore } from '../dist/store/sqlite.js';

const N = Number(option('--n', '20000'));
const SEED = Number(option('--seed', '42'));
const DIR = resolve(option('--dir', 'bench/out/provenance'));
const TAG = `${N}-s${SEED}${process.argv.includes('--hard') ? '-hard' : ''}`;
const corpus = join(DIR, `corpus-${TAG}.jsonl`);
const truth = JSON.parse(readFileSync(join(DIR, `truth-${TAG}.json`), 'utf8'));

const tmp = mkdtempSync(join(tmpdir(), 'narrascope-dedup-'));
// --no-index stores the same articles without the index, for its cost (putBatchSeconds) alone.
const NO_INDEX = process.argv.includes('--no-index');
const store = new SqliteStore(join(tmp, 'dedup.db'), { provenance: !NO_INDEX });
const t0 = performance.now();
let batch = [];
let putMs = 0;
// An article whose raw text is byte-identical to a stored one is not stored again (same hash): it is
// counted as a member of whatever the stored one is in.
const storedAs = new Map();
const flush = () => {
  const t = performance.now();
  const { ids } = store.putBatch(batch);
  putMs += performance.now() - t;
  batch.forEach((item, i) => ids[i] !== item.article.id && storedAs.set(item.article.id, ids[i]));
  batch = [];
};
for await (const item of readSources([corpus])) {
  if (!item.ok) throw new Error(`${corpus}: ${item.problem.message}`);
  batch.push({ article: item.article, analysis: analyzeArticle(item.article, { annotators: [] }) });
  if (batch.length === 200) flush();
}
flush();
const ingestSeconds = (performance.now() - t0) / 1000;
if (NO_INDEX) {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ n: N, seed: SEED, index: false, ingestSeconds: Math.round(ingestSeconds * 10) / 10, putBatchSeconds: Math.round(putMs / 100) / 10 })}\n`);
  process.exit(0);
}

const key = (a, b) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const groups = new Map();
const { total } = store.clusters({ limit: 1 });
for (let offset = 0; offset < total; offset += 500) {
  for (const c of store.clusters({ limit: 500, offset }).clusters) groups.set(c.id, store.cluster(c.id).members.map((m) => m.id));
}
const groupOf = new Map([...groups].flatMap(([g, ids]) => ids.map((id) => [id, g])));
for (const [alias, id] of storedAs) {
  const g = groupOf.get(id) ?? `same-text:${id}`;
  if (!groups.has(g)) groups.set(g, [id]);
  groups.get(g).push(alias);
}
const predicted = new Set();
for (const ids of groups.values()) {
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) predicted.add(key(ids[i], ids[j]));
}
const problems = store.checkConsistency();
store.close();
rmSync(tmp, { recursive: true, force: true });

const positives = new Set(truth.pairs.filter((p) => p[2] >= 0.7).map((p) => key(p[0], p[1])));
const sameFamily = new Set(truth.pairs.map((p) => key(p[0], p[1])));
const hard = truth.hardNegatives.map((p) => key(p[0], p[1]));
const hits = [...predicted].filter((k) => positives.has(k)).length;
const familyHits = [...predicted].filter((k) => sameFamily.has(k)).length;
const hardHits = hard.filter((k) => predicted.has(k)).length;

// Recall by the kind of copy, over (original, copy) pairs.
const byKind = {};
for (const [a, b, share] of truth.pairs) {
  if (share < 0.7 || !a.startsWith('orig-')) continue;
  const kind = b.replace(/^copy-/, '').replace(/-\d+$/, '');
  byKind[kind] ??= { pairs: 0, found: 0 };
  byKind[kind].pairs++;
  if (predicted.has(key(a, b))) byKind[kind].found++;
}

const r4 = (x) => Math.round(x * 10000) / 10000;
const result = {
  n: truth.n,
  seed: SEED,
  hard: TAG.endsWith('-hard'),
  positives: positives.size,
  predicted: predicted.size,
  recall: r4(hits / positives.size),
  precision: r4(predicted.size ? hits / predicted.size : 1),
  precisionFamily: r4(predicted.size ? familyHits / predicted.size : 1),
  precisionBelow70SetAside: r4(hits / Math.max(1, predicted.size - (familyHits - hits))),
  hardNegativePairs: hard.length,
  hardNegativeFpr: r4(hardHits / hard.length),
  clusters: total,
  sameTextDuplicates: storedAs.size,
  ingestSeconds: Math.round(ingestSeconds * 10) / 10,
  putBatchSeconds: Math.round(putMs / 100) / 10,
  consistency: problems,
  recallByKind: Object.fromEntries(Object.entries(byKind).sort().map(([k, v]) => [k, r4(v.found / v.pairs)])),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
