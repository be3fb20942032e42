#!/usr/bin/env node
// Analyses unchanged by a refactoring: builds a git revision ("before") in a temporary worktree and this
// checkout ("after") with tsc, runs `analyze --json` of both over every training document of the five
// SemEval-2025 Task 10 languages and the English SemEval-2023 Task 3 training articles, and compares
// the records one by one with `timings` left out. Prints counts and, for differing documents, the first
// differing JSON paths (values only when they are numbers or labels: no article text). Exit 1 on any
// difference, 2 when a build or a run fails.
// Usage: node bench/analyses-diff.mjs [--before HEAD] [--data ../shared/data] [--limit N] [--paths 5]
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { option } from './args.mjs';

const AFTER = resolve(import.meta.dirname, '..');
const before = option('--before', 'HEAD');
const data = resolve(AFTER, option('--data', process.env.NARRASCOPE_DATA ?? '../shared/data'));
const limit = Number(option('--limit', 'Infinity'));
const pathsShown = Number(option('--paths', '5'));
const LANGS = ['EN', 'BG', 'HI', 'PT', 'RU'];
/** Keys whose string values are labels, model names, codes or the pipeline's own notes, safe to print; other strings may quote an article. */
const LABEL_KEYS = new Set(['notes', 'label', 'technique', 'role', 'main', 'fine', 'status', 'model', 'code', 'reason', 'genre', 'frame', 'domain', 'format', 'schemaVersion', 'version']);

const sortedFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(dir, f));

/** The input files: SemEval-2025 training documents per language, then the distinct texts of the three SemEval-2023 EN training folders (the same article can differ slightly between folders). */
function corpusFiles() {
  const semeval2025 = LANGS.flatMap((lang) => sortedFiles(join(data, 'semeval2025-t10', lang, 'train', 'raw-documents')).slice(0, limit));
  const en2023 = join(data, 'semeval2023-t3', 'EN');
  const seen = new Set();
  const semeval2023 = [];
  for (const sub of [1, 2, 3]) {
    for (const file of sortedFiles(join(en2023, `train-articles-subtask-${sub}`))) {
      const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
      if (!seen.has(hash)) semeval2023.push(file);
      seen.add(hash);
    }
  }
  return [...semeval2025, ...semeval2023.slice(0, limit)];
}

/** Runs a command to completion; a failure throws with its output. */
function mustRun(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${(r.stdout + r.stderr).slice(-3000)}`);
  return r.stdout.trim();
}

/** A worktree of `rev` with the main checkout's node_modules, compiled with tsc (the CLI needs no dashboard). */
function checkoutBefore(rev, dir) {
  const commit = mustRun('git', ['rev-parse', '--verify', `${rev}^{commit}`], AFTER);
  mustRun('git', ['worktree', 'add', '--detach', dir, commit], AFTER);
  symlinkSync(join(AFTER, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return commit;
}

const compile = (root) => mustRun(process.execPath, [join(AFTER, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], root);

/** `analyze --json` of one build over `files`, its standard output written to `out`. Each build reads its own models/. */
function analyze(root, files, out) {
  const env = { ...process.env };
  delete env.NARRASCOPE_MODELS;
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'analyze', ...files, '--json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(createWriteStream(out));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done, fail) => {
    child.on('close', (status) => {
      if (status !== 0) fail(new Error(`analyze in ${root} exited ${status}:\n${stderr.slice(-3000)}`));
      else done({ seconds: (performance.now() - started) / 1000, summary: stderr.trim().split('\n').at(-1) });
    });
  });
}

/** The records of an `analyze --json` output by input path, `timings` left out at every depth. */
async function recordsByPath(file) {
  const records = new Map();
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    const record = JSON.parse(line, (key, value) => (key === 'timings' ? undefined : value));
    records.set(record.article?.origin?.path ?? record.article?.id, record);
  }
  return records;
}

const isObject = (v) => v !== null && typeof v === 'object';

/** The value as it may be printed: numbers, booleans and null as they are, label strings truncated, anything else by kind and size. */
function shown(value, key) {
  if (value === undefined) return '(absent)';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return LABEL_KEYS.has(key) ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value) : `(string, ${value.length} chars)`;
  return Array.isArray(value) ? `(array of ${value.length})` : `(object with ${Object.keys(value).length} keys)`;
}

/** Paths at which `a` and `b` differ, depth first, at most `max`; `key` is the nearest property name (for array items, their array's). */
function differences(a, b, path = '', key = '', found = [], max = pathsShown) {
  if (found.length >= max) return found;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a) ? [...Array(Math.max(a.length, b.length)).keys()] : [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const child = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      differences(a[k], b[k], child, Array.isArray(a) ? key : k, found, max);
    }
    return found;
  }
  if (!Object.is(a, b)) found.push(`${path || '(the whole record)'}: ${shown(a, key)} -> ${shown(b, key)}`);
  return found;
}

/** How many differing documents differ in each top-level field (of the paths shown), most first. */
function tallyFields(differing) {
  const counts = new Map();
  for (const { diff } of differing) {
    for (const field of new Set(diff.map((line) => line.split(/[.[:]/)[0]))) counts.set(field, (counts.get(field) ?? 0) + 1);
  }
  return [...counts].sort((x, y) => y[1] - x[1]).map(([field, n]) => `${field} ${n}`).join(', ');
}

async function main() {
  const files = corpusFiles();
  const work = mkdtempSync(join(tmpdir(), 'narrascope-analyses-diff-'));
  const beforeRoot = join(work, 'before');
  try {
    const commit = checkoutBefore(before, beforeRoot);
    compile(beforeRoot);
    compile(AFTER);
    console.log(`before: ${before} (${commit.slice(0, 12)}), after: the working tree of ${AFTER}; ${files.length} documents`);
    // The two runs in parallel, one per core.
    const [runBefore, runAfter] = await Promise.all([analyze(beforeRoot, files, join(work, 'before.jsonl')), analyze(AFTER, files, join(work, 'after.jsonl'))]);
    console.log(`before: ${runBefore.summary} in ${runBefore.seconds.toFixed(0)} s; after: ${runAfter.summary} in ${runAfter.seconds.toFixed(0)} s`);
    const [a, b] = [await recordsByPath(join(work, 'before.jsonl')), await recordsByPath(join(work, 'after.jsonl'))];
    let identical = 0;
    const differing = [];
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const diff = differences(a.get(key), b.get(key));
      if (diff.length === 0) identical++;
      else differing.push({ key, diff });
    }
    console.log(`documents compared: ${new Set([...a.keys(), ...b.keys()]).size}; identical: ${identical}; differing: ${differing.length}`);
    if (differing.length) console.log(`differing documents by top-level field: ${tallyFields(differing)}`);
    for (const { key, diff } of differing.slice(0, 20)) console.log(`  ${key}\n    ${diff.join('\n    ')}`);
    if (differing.length > 20) console.log(`  ... and ${differing.length - 20} more documents`);
    process.exitCode = differing.length === 0 ? 0 : 1;
  } finally {
    if (existsSync(beforeRoot)) spawnSync('git', ['worktree', 'remove', '--force', beforeRoot], { cwd: AFTER });
    rmSync(work, { recursive: true, force: true });
  }
}

await main().catch((err) => {
  process.stderr.write(`analyses-diff: ${err.message}\n`);
  process.exitCode = 2;
});
