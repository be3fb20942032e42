#!/usr/bin/env node
// Whole-pipeline throughput of two builds compared in ONE process: passes over the same documents
// alternate between the builds (ABBA order), so the drift of a shared machine falls on both alike.
// Usage: node bench/pipeline-ab.mjs <before checkout> <after checkout> [--passes 8] [--data ../shared/data] [--lang EN]
// Each checkout must be built (dist/); e.g. a git worktree of the earlier commit with node_modules linked.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { argv, option } from './args.mjs';

const [before, after] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (!before || !after) {
  console.error('usage: node bench/pipeline-ab.mjs <before checkout> <after checkout> [--passes 8] [--data dir] [--lang EN]');
  process.exit(2);
}
const passes = Number(option('--passes', '8'));
const data = option('--data', process.env.NARRASCOPE_DATA ?? '../shared/data');
const lang = option('--lang', 'EN');
const load = (dir, file) => import(pathToFileURL(resolve(dir, 'dist', file)).href);
const A = await load(before, 'pipeline.js');
const B = await load(after, 'pipeline.js');
const { readSources } = await load(after, 'ingest/index.js');
const articles = [];
for await (const item of readSources([resolve(data, 'semeval2025-t10', lang, 'train', 'raw-documents')])) if (item.ok) articles.push(item.article);
const pass = (pipeline) => {
  const t = performance.now();
  for (const a of articles) pipeline.analyzeArticle(a);
  return performance.now() - t;
};
pass(A); // warm-up: models load, code is compiled
pass(B);
const [ta, tb] = [[], []];
for (let r = 0; r < passes; r++) {
  if (r % 2) {
    tb.push(pass(B));
    ta.push(pass(A));
  } else {
    ta.push(pass(A));
    tb.push(pass(B));
  }
}
const rate = (ms) => (articles.length / ms) * 1000;
const median = (v) => [...v].sort((x, y) => x - y)[v.length >> 1];
const row = (name, v) => `| ${name} | ${v.map((ms) => rate(ms).toFixed(0)).join(' ')} | ${rate(median(v)).toFixed(1)} |`;
console.log(`${articles.length} ${lang} documents, ${passes} passes each, alternating\n`);
console.log('| build | articles/s per pass | median |\n|---|---|---|');
console.log(row(`before (${before})`, ta));
console.log(row(`after (${after})`, tb));
console.log(`\nafter faster in ${ta.filter((x, i) => tb[i] < x).length} of ${passes} paired passes`);
