#!/usr/bin/env node
/**
 * Audits the boilerplate cleaner on the training corpora: removals per rule and reason, attributions
 * per kind, the fraction of characters removed and the time per article. With --show it prints every
 * removed line and attribution to the terminal for eyeballing (nothing is written to disk: the corpora
 * are third-party text). Build first: `npm run build && node bench/clean-audit.mjs [--show] [--seeds]`.
 * The data folder is ../shared/data, or --data <dir>, or $NARRASCOPE_DATA.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeBoilerplate } from '../dist/clean/index.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const repo = resolve(fileURLToPath(import.meta.url), '../..');
const dataDir = resolve(option('--data') ?? process.env.NARRASCOPE_DATA ?? join(repo, '../shared/data'));
const show = flag('--show');
const only = option('--rule');

const folders = flag('--seeds')
  ? [resolve(option('--seeds-dir') ?? join(repo, '../shared/seeds'))]
  : [
      ...['EN', 'BG', 'HI', 'PT', 'RU'].map((l) => join(dataDir, 'semeval2025-t10', l, 'train', 'raw-documents')),
      join(dataDir, 'semeval2023-t3', 'EN', 'train-articles-subtask-3'),
    ];

const texts = [];
const byRule = new Map();
const byReason = new Map();
const byKind = new Map();
const bump = (m, k, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
let docs = 0;
let chars = 0;
let removedChars = 0;
let docsTouched = 0;
let cleanMs = 0;

for (const folder of folders) {
  if (!existsSync(folder)) {
    console.error(`clean-audit: missing folder ${folder} (set --data or NARRASCOPE_DATA)`);
    continue;
  }
  let folderDocs = 0;
  let folderRemoved = 0;
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
    const raw = readFileSync(join(folder, name), 'utf8');
    texts.push(raw);
    const t = performance.now();
    const result = removeBoilerplate(raw);
    cleanMs += performance.now() - t;
    docs++;
    folderDocs++;
    chars += raw.length;
    if (result.removed.length) docsTouched++;
    for (const r of result.removed) {
      removedChars += r.end - r.start;
      folderRemoved++;
      bump(byRule, r.rule);
      bump(byReason, `${r.rule}: ${r.reason.replace(/line \d+/, 'line N')}`);
      if (show && (!only || only === r.rule)) console.log(`  - ${name} [${r.rule}] ${JSON.stringify(r.text.slice(0, 140))}`);
    }
    for (const a of result.attributions) {
      bump(byKind, a.kind);
      if (show && (!only || only === a.rule)) console.log(`  @ ${name} [${a.kind}] ${JSON.stringify(a.outlet)} <- ${JSON.stringify(a.text.slice(0, 120))}`);
    }
  }
  console.log(`${folder}: ${folderDocs} documents, ${folderRemoved} removals`);
}

const table = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, n] of [...m].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
};
table('removals per rule', byRule);
table('removals per reason', byReason);
table('attributions per kind', byKind);
console.log(`\ndocuments: ${docs}, with removals: ${docsTouched}`);
console.log(`characters removed: ${removedChars} of ${chars} (${((100 * removedChars) / Math.max(1, chars)).toFixed(2)}%)`);
console.log(`cleaning time, first pass (with JIT warm-up): ${(cleanMs / Math.max(1, docs)).toFixed(3)} ms per document`);
// Steady state: clean every document again, three times, and report the mean per document. CPU time
// of this process (user + system), so other work on a shared machine does not inflate the figure.
const cpu0 = process.cpuUsage();
for (let round = 0; round < 3; round++) for (const raw of texts) removeBoilerplate(raw);
const cpu = process.cpuUsage(cpu0);
const warmMs = (cpu.user + cpu.system) / 1000 / (3 * Math.max(1, texts.length));
console.log(`cleaning CPU time, warm: ${warmMs.toFixed(3)} ms per document (mean ${Math.round(chars / Math.max(1, docs))} chars)`);
