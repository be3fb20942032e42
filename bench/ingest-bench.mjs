#!/usr/bin/env node
// Ingest benchmark for `narrascope ingest` (the built CLI, one process):
//  (a) the SemEval-2025 Task 10 training documents into a fresh database, then a second ingest (adds 0);
//  (b) N invented articles (templated sentences, written to a temp folder) into a fresh database,
//      with the peak RSS of the ingest process.
// Prints a markdown table for docs/BENCHMARKS.md. Usage:
//   npm run build && node bench/ingest-bench.mjs [--data ../shared/data] [--n 20000] [--batch 200]

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli/main.js');
const data = resolve(ROOT, opt('--data', process.env.NARRASCOPE_DATA ?? '../shared/data'));
const n = Number(opt('--n', '20000'));
const batch = opt('--batch', '200');
if (!existsSync(CLI)) throw new Error('build first: npm run build');

/**
 * Runs `ingest --json` and returns its summary with wall time and peak RSS. Peak RSS is sampled from
 * /proc/<pid>/status VmHWM (the kernel's high-water mark) every 50 ms while the process runs.
 */
function ingest(inputs, db) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'ingest', ...inputs, '--db', db, '--batch', batch, '--json', '--no-progress'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let peakKb = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* process gone */
      }
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // VmHWM is read once more when stdout closes, which happens just before the process exits.
    child.stdout.on('end', sample);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return rej(new Error(`ingest exited ${code}: ${err.slice(-2000)}`));
      const summary = JSON.parse(out.trim().split('\n').pop());
      res({ ...summary, wallSeconds: seconds, peakRssMb: peakKb / 1024, problems: err.split('\n').filter((l) => l.startsWith('skipped')).length });
    });
  });
}

// Invented example text: templated sentences with numbers, about 2.5 KB per article.
const PLACES = ['Lindenvik', 'Ostrava Nova', 'Port Amsel', 'Kerrowdale', 'Tamberg', 'Villa Serena'];
const THINGS = ['bicycle lanes', 'harbour cranes', 'rye bakeries', 'tram lines', 'library hours', 'solar roofs'];
function exampleArticle(i) {
  const place = PLACES[i % PLACES.length];
  const thing = THINGS[(i * 7) % THINGS.length];
  const lines = [`Example report ${i}: ${place} reviews its ${thing}`, ''];
  for (let p = 0; p < 8; p++) {
    lines.push(
      `In this invented example, the council of ${place} counted ${(i * 31 + p * 17) % 997} complaints about ${thing} in week ${p + 1}. ` +
        `A spokesperson said the figure was ${p % 2 ? 'higher' : 'lower'} than in report ${i - 1}, and promised a review by month ${(i + p) % 12 + 1}. ` +
        `Residents were asked to send ${i + p} suggestions before the next meeting on day ${(i + p) % 28 + 1}.`,
      '',
    );
  }
  return lines.join('\n');
}

const rows = [];
const row = (name, r, note = '') =>
  rows.push(
    `| ${name} | ${r.read} | ${r.inserted} | ${r.alreadyPresent} | ${r.wallSeconds.toFixed(1)} s | ${(r.read / r.wallSeconds).toFixed(0)} | ${r.peakRssMb.toFixed(0)} MB | ${note} |`,
  );
const work = mkdtempSync(join(tmpdir(), 'narrascope-bench-'));
try {
  // (a) SemEval-2025 T10 training documents.
  const t10 = join(data, 'semeval2025-t10');
  const dirs = existsSync(t10)
    ? readdirSync(t10).map((l) => join(t10, l, 'train', 'raw-documents')).filter((d) => existsSync(d))
    : [];
  if (dirs.length) {
    const db = join(work, 'semeval.db');
    const first = await ingest(dirs, db);
    row('SemEval-2025 T10 train, fresh DB', first, `${dirs.length} languages; DB ${(statSync(db).size / 1e6).toFixed(1)} MB`);
    const second = await ingest(dirs, db);
    row('same again (idempotent)', second, `inserted must be 0`);
    if (second.inserted !== 0) throw new Error(`second ingest inserted ${second.inserted}`);
  } else console.error(`no SemEval-2025 T10 data under ${data}; skipping (a)`);

  // (b) N invented articles.
  const folder = join(work, 'generated');
  mkdirSync(folder);
  for (let i = 0; i < n; i++) writeFileSync(join(folder, `gen-${String(i).padStart(6, '0')}.txt`), exampleArticle(i));
  const db = join(work, 'generated.db');
  const gen = await ingest([folder], db);
  row(`${n} invented articles, fresh DB`, gen, `~${(exampleArticle(1).length / 1024).toFixed(1)} KB each; DB ${(statSync(db).size / 1e6).toFixed(0)} MB`);
  if (gen.inserted !== n) throw new Error(`expected ${n} inserted, got ${gen.inserted}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`Ingest (\`node bench/ingest-bench.mjs\`, batch ${batch}), Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), one ingest process:\n`);
console.log('| Run | Read | Inserted | Already present | Wall time | Articles/s | Peak RSS | Notes |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) console.log(r);
