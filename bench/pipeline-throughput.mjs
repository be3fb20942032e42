#!/usr/bin/env node
// Pipeline throughput on one core (this process, one thread) over the SemEval-2025 Task 10 training
// documents. Two modes:
//   core (default): read + clean + language + sentences, all five languages (issue 2's figure)
//   --full:         the whole pipeline with every task annotator (issue 5's figure), English by default
// Usage: npm run build && node bench/pipeline-throughput.mjs [--full] [--langs EN,BG] [--rounds 3] [--data ../shared/data]
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { readSources } from '../dist/ingest/index.js';
import { analyzeArticle, buildDoc } from '../dist/pipeline.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const full = args.includes('--full');
const data = opt('--data', process.env.NARRASCOPE_DATA ?? '../shared/data');
const rounds = Number(opt('--rounds', '3'));
const langs = opt('--langs', full ? 'EN' : 'EN,BG,HI,PT,RU').split(',');
const dirs = langs.map((l) => join(data, 'semeval2025-t10', l, 'train', 'raw-documents'));

// Warm-up outside the timing: load the models once (model loading is reported separately).
if (full) {
  const t = performance.now();
  for await (const item of readSources([dirs[0]])) {
    if (item.ok) {
      analyzeArticle(item.article);
      break;
    }
  }
  console.error(`model loading + first article: ${(performance.now() - t).toFixed(0)} ms`);
}

let best = Infinity;
let bestCpu = Infinity;
// Per-stage means (ms per article, from each Analysis's `timings`) of the fastest round.
let bestStages = null;
let count = 0;
let chars = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  chars = 0;
  const stages = {};
  for await (const item of readSources(dirs)) {
    if (!item.ok) continue;
    const timings = {};
    if (full) Object.assign(timings, analyzeArticle(item.article).timings);
    else buildDoc(item.article, timings);
    for (const [k, v] of Object.entries(timings)) stages[k] = (stages[k] ?? 0) + v;
    n++;
    chars += item.article.raw.length;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (ms < best) bestStages = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, v / n]));
  best = Math.min(best, ms);
  bestCpu = Math.min(bestCpu, cpuMs);
  count = n;
  console.error(`round ${r + 1}: ${n} articles in ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`);
}
const what = full ? 'whole pipeline (read, clean, language, sentences, narratives, entities, techniques, genre, frames)' : 'read + clean + language + sentences';
console.log(`${what}; ${langs.join(', ')} training documents; best of ${rounds} rounds\n`);
console.log('| documents | characters | wall time (ms) | articles/s, wall clock | CPU time (ms) | articles per CPU-second |');
console.log('|---|---|---|---|---|---|');
console.log(`| ${count} | ${chars} | ${best.toFixed(0)} | ${((count / best) * 1000).toFixed(0)} | ${bestCpu.toFixed(0)} | ${((count / bestCpu) * 1000).toFixed(0)} |`);
console.log(`\nMean ms per article by stage (fastest round): ${Object.entries(bestStages ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; sum ${Object.values(bestStages ?? {}).reduce((a, b) => a + b, 0).toFixed(2)}`);
console.log(`Load average (1 min) at the end: ${loadavg()[0].toFixed(2)}`);
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`);
