#!/usr/bin/env node
// Throughput of the job queue (issue 16, must-show 2): the generated corpus (bench/provenance-corpus.mjs,
// invented texts) enqueued with `ingest --queue` into a fresh PostgreSQL database and analysed by
// `worker --until-empty`: one worker process (one analysis thread), two worker processes, and one
// process with --concurrency 2 (two threads); in the same run, the SQLite engine with `ingest --workers 1`
// (the in-process pipeline a worker is compared with) and `--workers 2`. Runs alternate PostgreSQL /
// SQLite so drifting load on shared cores falls on both. Reports articles/s (wall time from the workers'
// start to the last one's exit, model loading included), CPU seconds (GNU time, all processes), the
// 2-vs-1 ratios and a queue worker's rate against the in-process ingest's. For the queue runs, the CPU
// the local PostgreSQL server spent (from /proc), which shares the machine's cores with the workers.
// Usage (after npm run build; PostgreSQL reachable with a role that may create databases):
//   node bench/queue-throughput.mjs [--n 20000] [--seed 42] [--batch 200] [--admin postgres://narrascope:narrascope@127.0.0.1:5432/postgres]
//     [--cli path/to/dist/cli/main.js]   (a copy of dist/, so a build during the long run cannot change the code under test;
//                                         the copy needs the models beside it: ln -s "$PWD/models" <copy>/models — checked below)
//     [--no-threads]                     (leave out the run of one process with --concurrency 2)

import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { option } from './args.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = resolve(option('--cli', join(ROOT, 'dist/cli/main.js')));
const N = Number(option('--n', '20000'));
const SEED = Number(option('--seed', '42'));
const BATCH = option('--batch', '200');
const ADMIN = option('--admin', process.env.NARRASCOPE_TEST_PG || 'postgres://narrascope:narrascope@127.0.0.1:5432/postgres');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
if (!existsSync(CLI)) throw new Error('build first: npm run build');
// The CLI finds its models at ../../models from dist/cli: without them every article would be "analysed" with no model.
if (!existsSync(resolve(CLI, '../../../models/narratives'))) throw new Error(`no models beside ${CLI}: link them (ln -s ${join(ROOT, 'models')} ${resolve(CLI, '../../../models')})`);

/** The generated corpus of 20,000 (made when missing), cut to the first --n articles when fewer. */
async function corpusFile(dir) {
  const full = join(ROOT, 'bench/out/provenance', `corpus-20000-s${SEED}.jsonl`);
  if (!existsSync(full)) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/provenance-corpus.mjs'), '--n', '20000', '--seed', String(SEED)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('bench/provenance-corpus.mjs failed');
  }
  if (N >= 20000) return full;
  const lines = [];
  for await (const line of createInterface({ input: createReadStream(full) })) {
    if (lines.length >= N) break;
    lines.push(line);
  }
  const cut = join(dir, `corpus-${N}.jsonl`);
  writeFileSync(cut, `${lines.join('\n')}\n`);
  return cut;
}

/** Runs the CLI (under GNU time when installed); resolves with stdout, wall and CPU seconds. */
function cli(args) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = TIME
      ? spawn(TIME, ['-f', 'cpu-seconds %U %S', process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return rej(new Error(`${args.slice(0, 2).join(' ')} exited ${code}: ${err.slice(-2000)}`));
      const cpu = /cpu-seconds ([\d.]+) ([\d.]+)/.exec(err);
      res({ out, err, wall: (performance.now() - t0) / 1000, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined });
    });
  });
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

/** Drops a database, waiting out an autovacuum worker on it (FORCE cannot end one: 42501; it finishes soon). */
async function dropDatabase(name) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (err) {
      if (err.code !== '42501' || attempt === 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * CPU seconds the local PostgreSQL server has used: the postmaster's own, its exited children's
 * (cutime, cstime) and its live children's, from /proc. Undefined when the server is not local or
 * its data directory is not readable (then the table leaves the column empty).
 */
async function postgresCpu() {
  try {
    // The postmaster is the oldest process named postgres (the role may not read data_directory).
    const pm = Number(spawnSync('pgrep', ['-o', '-x', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    if (!pm) return undefined;
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const fields = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').map(Number);
    const own = fields(pm);
    let total = own[11] + own[12] + own[13] + own[14];
    const children = readFileSync(`/proc/${pm}/task/${pm}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) {
      try {
        const f = fields(c);
        total += f[11] + f[12];
      } catch {
        // exited meanwhile: counted in the postmaster's cutime once reaped
      }
    }
    return total / ticks;
  } catch {
    return undefined;
  }
}

async function countArticles(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*) AS n FROM articles')).rows[0].n);
  } finally {
    await c.end();
  }
}

/** PostgreSQL: enqueue into a fresh database, then `processes` worker processes of `threads` analysis threads each until the queue is empty. */
async function queueRun(corpus, processes, threads) {
  const name = `ns_bench_queue_${processes}_${threads}_${process.pid}`;
  await dropDatabase(name);
  await admin(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(ADMIN), { pathname: `/${name}` }).toString();
  try {
    const enq = await cli(['ingest', '--queue', '--json', '--db', url, corpus]);
    const summary = JSON.parse(enq.out.trim().split('\n').pop());
    const load = loadavg()[0];
    const pg0 = await postgresCpu();
    const t0 = performance.now();
    const workers = await Promise.all(
      Array.from({ length: processes }, () => cli(['worker', '--concurrency', String(threads), '--batch', BATCH, '--until-empty', '--db', url])),
    );
    const seconds = (performance.now() - t0) / 1000;
    const pg1 = await postgresCpu();
    const postgres = pg0 !== undefined && pg1 !== undefined ? pg1 - pg0 : undefined;
    const stored = await countArticles(url);
    if (stored !== summary.enqueued) throw new Error(`queue, ${processes}×${threads}: ${stored} stored of ${summary.enqueued} enqueued`);
    const cpu = workers.every((w) => w.cpu !== undefined) ? workers.reduce((sum, w) => sum + w.cpu, 0) : undefined;
    const label = processes > 1 ? `queue, ${processes} worker processes` : `queue, 1 worker process, --concurrency ${threads}`;
    return { label, engine: 'queue', workers: processes * threads, articles: stored, enqueueSeconds: enq.wall, seconds, cpu, postgresCpu: postgres, load };
  } finally {
    await dropDatabase(name);
  }
}

/** SQLite: `ingest --workers W` into a fresh file (W = 1: analysis in the ingest process itself). */
async function sqliteRun(corpus, dir, w, hasWorkers) {
  const db = join(dir, `sqlite-${w}.db`);
  rmSync(db, { force: true });
  const load = loadavg()[0];
  const r = await cli(['ingest', '--json', '--no-progress', '--batch', BATCH, '--db', db, ...(hasWorkers ? ['--workers', String(w)] : []), corpus]);
  const summary = JSON.parse(r.out.trim().split('\n').pop());
  return { label: `SQLite ingest --workers ${w}`, engine: 'sqlite', workers: w, articles: summary.inserted, seconds: r.wall, cpu: r.cpu, load };
}

const dir = mkdtempSync(join(tmpdir(), 'ns-bench-queue-'));
try {
  const corpus = await corpusFile(dir);
  const help = spawnSync(process.execPath, [CLI, 'ingest', '--help'], { encoding: 'utf8' }).stdout;
  const hasWorkers = help.includes('--workers');
  if (!hasWorkers) console.error('this build has no ingest --workers: the SQLite runs are the in-process ingest only');
  const runs = [];
  const record = (r) => (runs.push(r), console.error(JSON.stringify(r)));
  record(await queueRun(corpus, 1, 1));
  record(await sqliteRun(corpus, dir, 1, hasWorkers));
  record(await queueRun(corpus, 2, 1));
  if (hasWorkers) record(await sqliteRun(corpus, dir, 2, hasWorkers));
  if (!process.argv.includes('--no-threads')) record(await queueRun(corpus, 1, 2));
  const rate = (r) => r.articles / r.seconds;
  const [q1, q2, s1] = [runs[0], runs[2], runs[1]];
  const s2 = runs.find((r) => r.engine === 'sqlite' && r.workers === 2);
  const qt2 = runs.find((r) => r.engine === 'queue' && r.label.includes('--concurrency 2'));
  const lines = [
    '| run | articles | seconds | articles/s | CPU s | cores used (CPU s / s) | PostgreSQL CPU s | load (1 min) at start |',
    '|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.label} | ${r.articles} | ${r.seconds.toFixed(1)} | ${rate(r).toFixed(1)} | ${r.cpu?.toFixed(1) ?? '?'} | ${r.cpu !== undefined ? (r.cpu / r.seconds).toFixed(2) : '?'} | ${r.postgresCpu?.toFixed(1) ?? ''} | ${r.load.toFixed(2)} |`,
    ),
    '',
    `queue, 2 worker processes vs 1: ${(rate(q2) / rate(q1)).toFixed(2)}x${qt2 ? `; 1 process with --concurrency 2 vs 1: ${(rate(qt2) / rate(q1)).toFixed(2)}x` : ''} (target 1.7x)`,
    ...(s2 ? [`SQLite ingest --workers 2 vs 1: ${(rate(s2) / rate(s1)).toFixed(2)}x`] : []),
    `one queue worker vs the in-process ingest (SQLite --workers 1): ${((rate(q1) / rate(s1)) * 100).toFixed(0)}%; per worker with 2 processes: ${((rate(q2) / 2 / rate(s1)) * 100).toFixed(0)}% (target: within 20%)`,
    `enqueue (ingest --queue): ${(q1.articles / q1.enqueueSeconds).toFixed(0)} articles/s`,
  ];
  console.log(lines.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
