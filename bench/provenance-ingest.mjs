#!/usr/bin/env node
// Indexing cost of provenance (issue 14, must-show 2): `narrascope ingest` (the built CLI, all tasks)
// of the generated corpus into fresh databases, with provenance (the near-duplicate index and the
// provenance task) and with --no-provenance, run alternately; then, on the database ingested with
// provenance, the latency of the store's provenance queries (in-process, the SqliteStore the API and
// CLI use): a page of clusters, a cluster's detail, a page of sources, one source and provenanceOf,
// each on random arguments, p50 and p95 over --samples calls after a warm-up. Wall and CPU time (GNU
// time) of each ingest; runs alternate on/off, then off/on, so drifting load of shared cores falls on both.
// Usage (after npm run build and node bench/provenance-corpus.mjs --n N --seed S):
//   node bench/provenance-ingest.mjs [--n 20000] [--seed 42] [--runs 1] [--samples 300] [--dir bench/out/provenance]

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { option } from './args.mjs';
import { SqliteStore } from '../dist/store/sqlite.js';
import { provenanceQueryLatency } from './provenance-queries.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli/main.js');
const N = Number(option('--n', '20000'));
const SEED = Number(option('--seed', '42'));
const RUNS = Number(option('--runs', '1'));
const SAMPLES = Number(option('--samples', '300'));
const corpus = join(resolve(option('--dir', 'bench/out/provenance')), `corpus-${N}-s${SEED}.jsonl`);
if (!existsSync(CLI)) throw new Error('build first: npm run build');
if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}: run node bench/provenance-corpus.mjs --n ${N} --seed ${SEED}`);

/** GNU time, when installed, reports the ingest's CPU seconds: less sensitive than wall time to other jobs on shared cores. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs `ingest --json` and returns its summary with the wall time (and CPU time with GNU time). */
function ingest(db, extra) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const args = [CLI, 'ingest', corpus, '--db', db, '--json', '--no-progress', ...extra];
    const child = TIME
      ? spawn(TIME, ['-f', 'cpu-seconds %U %S', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return rej(new Error(`ingest exited ${code}: ${err.slice(-2000)}`));
      const summary = JSON.parse(out.trim().split('\n').pop());
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpu = /cpu-seconds ([\d.]+) ([\d.]+)/.exec(err);
      res({
        inserted: summary.inserted,
        wallSeconds: Math.round(wallSeconds * 10) / 10,
        perSecond: Math.round(summary.inserted / wallSeconds),
        ...(cpu ? { cpuSeconds: Math.round((Number(cpu[1]) + Number(cpu[2])) * 10) / 10 } : {}),
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'narrascope-prov-ingest-'));
const runs = { on: [], off: [] };
let onDb;
try {
  for (let r = 0; r < RUNS; r++) {
    for (const mode of r % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
      const db = join(tmp, `${mode}-${r}.db`);
      const result = await ingest(db, mode === 'off' ? ['--no-provenance'] : []);
      runs[mode].push(result);
      process.stderr.write(`${mode}: ${JSON.stringify(result)}\n`);
      if (mode === 'on') onDb = db;
      else rmSync(db, { force: true });
    }
  }
  const store = new SqliteStore(onDb);
  const { clusters: clusterTotal, sources: sourceTotal, queriesMs: queries } = provenanceQueryLatency(store, SAMPLES);
  const consistency = store.checkConsistency();
  store.close();
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const on = mean(runs.on.map((r) => r.wallSeconds));
  const off = mean(runs.off.map((r) => r.wallSeconds));
  const cpuOn = mean(runs.on.map((r) => r.cpuSeconds ?? NaN));
  const cpuOff = mean(runs.off.map((r) => r.cpuSeconds ?? NaN));
  process.stdout.write(
    `${JSON.stringify({
      n: N, seed: SEED, runs: RUNS, on: runs.on, off: runs.off, slowdown: Math.round((on / off - 1) * 1000) / 1000,
      cpuSlowdown: Math.round((cpuOn / cpuOff - 1) * 1000) / 1000,
      clusters: clusterTotal, sources: sourceTotal, queriesMs: queries, consistency,
    })}\n`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
