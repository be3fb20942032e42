#!/usr/bin/env node
// Whether `ingest --workers N` spreads the analysis over N threads (issue 16, "one machine"): the
// generated corpus (bench/provenance-corpus.mjs, invented texts) ingested into a fresh SQLite file with
// --workers 1 and 2, alternating, and the CPU seconds of each thread of the process read from
// /proc/<pid>/task/*/stat while it runs (Linux), beside wall time, total CPU and peak memory (GNU time).
// The throughput target is measured by bench/queue-throughput.mjs; this shows where the CPU goes.
// Usage (after npm run build): node bench/ingest-workers.mjs [--n 2000] [--seed 42] [--batch 200] [--rounds 1]

import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { option } from './args.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli/main.js');
const N = Number(option('--n', '2000'));
const SEED = Number(option('--seed', '42'));
const BATCH = option('--batch', '200');
const ROUNDS = Number(option('--rounds', '1'));
const TIME = '/usr/bin/time';
if (!existsSync(CLI)) throw new Error('build first: npm run build');
if (!existsSync(TIME) || !existsSync('/proc/self/task')) throw new Error('needs GNU time (/usr/bin/time) and Linux /proc');
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The first --n articles of the generated corpus (made when missing). */
async function corpusFile(dir) {
  const full = join(ROOT, 'bench/out/provenance', `corpus-20000-s${SEED}.jsonl`);
  if (!existsSync(full)) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/provenance-corpus.mjs'), '--n', '20000', '--seed', String(SEED)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('bench/provenance-corpus.mjs failed');
  }
  const lines = [];
  for await (const line of createInterface({ input: createReadStream(full) })) {
    if (lines.length >= N) break;
    lines.push(line);
  }
  const cut = join(dir, `corpus-${N}.jsonl`);
  writeFileSync(cut, `${lines.join('\n')}\n`);
  return cut;
}

/** CPU seconds so far of each thread of `pid`, by thread id (threads that ended are gone from /proc). */
function threadCpu(pid) {
  const out = new Map();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The thread name is in parentheses and may hold spaces: the numeric fields follow the last ')'.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name, cpu: (Number(fields[11]) + Number(fields[12])) / TICKS });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** One ingest under GNU time; the node process's threads sampled every 200 ms. */
function ingestRun(corpus, dir, workers) {
  const db = join(dir, `w${workers}.db`);
  rmSync(db, { force: true });
  const load = loadavg()[0];
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(TIME, ['-f', 'gnu-time %U %S %M', process.execPath, CLI, 'ingest', '--json', '--no-progress', '--batch', BATCH, '--workers', String(workers), '--db', db, corpus], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const threads = new Map();
    const sample = setInterval(() => {
      // GNU time's child is the node process.
      const node = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
      if (node) for (const [tid, t] of threadCpu(node)) threads.set(tid, t);
    }, 200);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) return rej(new Error(`ingest --workers ${workers} exited ${code}: ${err.slice(-2000)}`));
      const [, user, sys, rssKb] = /gnu-time ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      const summary = JSON.parse(out.trim().split('\n').pop());
      const busiest = [...threads.values()].sort((a, b) => b.cpu - a.cpu).slice(0, 4);
      res({ workers, articles: summary.inserted, seconds: (performance.now() - t0) / 1000, cpu: Number(user) + Number(sys), rssMb: Number(rssKb) / 1024, busiest, load });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'ns-bench-workers-'));
try {
  const corpus = await corpusFile(dir);
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of [1, 2]) {
      runs.push(await ingestRun(corpus, dir, w));
      console.error(JSON.stringify(runs.at(-1)));
    }
  }
  const lines = [
    '| --workers | articles | wall s | articles/s | CPU s | CPU s / wall s | peak RSS MB | busiest threads, CPU s | load (1 min) at start |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.workers} | ${r.articles} | ${r.seconds.toFixed(1)} | ${(r.articles / r.seconds).toFixed(1)} | ${r.cpu.toFixed(1)} | ${(r.cpu / r.seconds).toFixed(2)} | ${r.rssMb.toFixed(0)} | ${r.busiest.map((t) => `${t.name} ${t.cpu.toFixed(1)}`).join(', ')} | ${r.load.toFixed(2)} |`),
  ];
  console.log(lines.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
