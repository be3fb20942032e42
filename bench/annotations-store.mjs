#!/usr/bin/env node
// What analysts' decisions and tokens cost in each storage engine (issue 17): --articles invented articles
// (templated text, analysis without models) stored in a fresh SQLite file and a fresh PostgreSQL database, then
// one annotate request of three decisions per article (one request at a time), annotationsOf per article,
// verifyToken --verify times (the check every API write makes), a walk of allAnnotations, and --rounds rounds of
// two connections annotating the same article at once (PostgreSQL's revision row lock; SQLite's write lock).
// Usage: npx tsc -p tsconfig.json && node bench/annotations-store.mjs [--articles 300] [--verify 2000] [--rounds 50]
// Prints a Markdown table; the PostgreSQL database is dropped at the end.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createArticle } from '../dist/doc/article.js';
import { analyzeArticle } from '../dist/pipeline.js';
import { openPostgresEngine } from '../dist/store/pg/engine.js';
import { SqliteEngine } from '../dist/store/sqlite-engine.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('--articles', 300);
const VERIFY = opt('--verify', 2000);
const ROUNDS = opt('--rounds', 50);
const ADMIN = process.env.NARRASCOPE_TEST_PG || 'postgres://narrascope:narrascope@127.0.0.1:5432/postgres';
const PLACES = ['Lindenvik', 'Tamberg', 'Port Amsel', 'Kerrowdale'];

function items() {
  return Array.from({ length: N }, (_, i) => {
    const place = PLACES[i % PLACES.length];
    const raw = `Invented report ${i} from ${place}\n\nThe example council of ${place} counted ${i * 7} complaints about tram ${i % 9}. A spokesperson called the figure shameful.\n`;
    const article = createArticle({ raw, id: `bench-${i}`, origin: { format: 'text' } });
    const analysis = analyzeArticle(article, { annotators: [] });
    analysis.narratives = { status: 'ok', domain: { label: 'URW', score: 0.8 }, narratives: [{ label: 'URW: Praise of Russia', score: 0.6, evidence: [] }], subNarratives: [], dominant: null };
    analysis.models = [{ task: 'bench', version: '1' }];
    return { article, analysis };
  });
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => x.toFixed(2);

async function timed(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function measure(name, engine, second, batch) {
  for (let i = 0; i < batch.length; i += 100) await engine.putBatch(batch.slice(i, i + 100));
  const notes = engine.annotations;
  const decisions = (i) => [
    { task: 'narratives', label: 'URW: Praise of Russia', decision: i % 3 ? 'accept' : 'reject' },
    { task: 'genre', label: 'opinion', decision: 'add' },
    { task: 'techniques', label: 'Loaded_Language', span: { start: 0, end: 8 }, decision: 'add' },
  ];
  const annotate = await timed(N, (i) => notes.annotate({ articleId: `bench-${i}`, author: 'mira', decisions: decisions(i) }));
  const read = await timed(N, (i) => notes.annotationsOf(`bench-${i}`));
  const { secret } = await engine.tokens.createToken('mira', 'annotator');
  const verify = await timed(VERIFY, () => engine.tokens.verifyToken(secret));
  let walked = 0;
  const t0 = performance.now();
  for await (const _ of notes.allAnnotations({ currentOnly: false })) walked++;
  const walk = performance.now() - t0;
  const t1 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    await Promise.all([
      notes.annotate({ articleId: 'bench-0', author: 'mira', decisions: decisions(r) }),
      second.annotations.annotate({ articleId: 'bench-0', author: 'jonas', decisions: decisions(r + 1) }),
    ]);
  }
  const together = performance.now() - t1;
  const revision = (await notes.annotationsOf('bench-0')).revision;
  return [
    `| ${name} | annotate (3 decisions) | ${N} | ${ms(pct(annotate, 50))} | ${ms(pct(annotate, 95))} | ${ms(Math.max(...annotate))} |`,
    `| ${name} | annotationsOf | ${N} | ${ms(pct(read, 50))} | ${ms(pct(read, 95))} | ${ms(Math.max(...read))} |`,
    `| ${name} | verifyToken | ${VERIFY} | ${ms(pct(verify, 50))} | ${ms(pct(verify, 95))} | ${ms(Math.max(...verify))} |`,
    `| ${name} | allAnnotations walk (${walked} decisions) | 1 | ${ms(walk)} | | |`,
    `| ${name} | ${ROUNDS} rounds of 2 connections annotating one article at once (revision after: ${revision}, expected ${1 + 2 * ROUNDS}) | ${ROUNDS} | ${ms(together / ROUNDS)} per round | | |`,
  ];
}

const batch = items();
const lines = ['| engine | operation | n | p50 ms | p95 ms | max ms |', '|---|---|---|---|---|---|'];
console.error(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

const dir = mkdtempSync(join(tmpdir(), 'narrascope-annotations-bench-'));
try {
  const sqlite = new SqliteEngine(join(dir, 'bench.db'));
  const sqlite2 = new SqliteEngine(join(dir, 'bench.db'));
  lines.push(...(await measure('SQLite', sqlite, sqlite2, batch)));
  await sqlite2.close();
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const name = `ns_bench_annotations_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(ADMIN);
url.pathname = `/${name}`;
try {
  const engine = await openPostgresEngine(url.toString());
  const other = await openPostgresEngine(url.toString());
  lines.push(...(await measure('PostgreSQL', engine, other, batch)));
  await other.close();
  await engine.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
console.error(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(lines.join('\n'));
