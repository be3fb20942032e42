#!/usr/bin/env node
// Measures read + clean + language + sentences over the SemEval-2025 Task 10 training documents,
// on one core (this process, one thread). Usage:
//   npm run build && node bench/core-throughput.mjs [--data ../shared/data] [--rounds 3]

import { join } from 'node:path';
import { cpus } from 'node:os';
import { readSources } from '../dist/ingest/index.js';
import { buildDoc } from '../dist/pipeline.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const data = opt('--data', process.env.NARRASCOPE_DATA ?? '../shared/data');
const rounds = Number(opt('--rounds', '3'));
const langs = ['EN', 'BG', 'HI', 'PT', 'RU'];
const dirs = langs.map((l) => join(data, 'semeval2025-t10', l, 'train', 'raw-documents'));

let best = Infinity;
let bestCpu = Infinity;
let count = 0;
let chars = 0;
let sentences = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  chars = 0;
  sentences = 0;
  for await (const item of readSources(dirs)) {
    if (!item.ok) continue;
    const { doc } = buildDoc(item.article);
    n++;
    chars += item.article.raw.length;
    sentences += doc.sentences.length;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  best = Math.min(best, ms);
  bestCpu = Math.min(bestCpu, cpuMs);
  count = n;
  console.error(`round ${r + 1}: ${n} articles in ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (${((n / ms) * 1000).toFixed(0)}/s wall)`);
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`| documents | characters | sentences | best wall time of ${rounds} (ms) | articles/s, wall clock | CPU time (ms) | articles per CPU-second |`);
console.log('|---|---|---|---|---|---|---|');
console.log(`| ${count} | ${chars} | ${sentences} | ${best.toFixed(0)} | ${((count / best) * 1000).toFixed(0)} | ${bestCpu.toFixed(0)} | ${((count / bestCpu) * 1000).toFixed(0)} |`);
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpu}, Node ${process.version}`);
