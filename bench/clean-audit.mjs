#!/usr/bin/env node
/**
 * Audits the boilerplate cleaner on the training corpora: removals and removed characters per corpus,
 * rule and reason, the longest removals (document id, line, rule, length — never their text), spans
 * that start before the line they name, attributions per kind and the time per article. `--before
 * <dir>` runs a second build of the cleaner on the same documents and lists every removal that one
 * makes and the other does not. Text is printed only with --show, to the terminal (the corpora are
 * third-party text: nothing is written to disk).
 *
 *   npm run build && node bench/clean-audit.mjs [--seeds | --examples] [--longest 20] [--show] [--rule <id>]
 *   node bench/clean-audit.mjs --before /tmp/old/dist      # compare with an older build (its dist folder)
 *
 * --impl <dir> picks the build to audit (default ./dist). The data folder is ../shared/data, or
 * --data <dir>, or $NARRASCOPE_DATA; --seeds reads ../shared/seeds (or --seeds-dir); --examples reads
 * examples/articles/*.txt and examples/demo-feed.jsonl.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
const longest = Number(option('--longest') ?? 15);
const timing = !flag('--no-time');

const loadCleaner = async (dir) => (await import(pathToFileURL(join(resolve(dir), 'clean/index.js')).href)).removeBoilerplate;
const removeBoilerplate = await loadCleaner(option('--impl') ?? join(repo, 'dist'));
const beforeDir = option('--before');
const removeBefore = beforeDir ? await loadCleaner(beforeDir) : undefined;

/** The corpora: [label, folder] pairs of .txt files, or a JSONL file of {id, title, text} records. */
function sources() {
  if (flag('--seeds')) return [['seeds', resolve(option('--seeds-dir') ?? join(repo, '../shared/seeds'))]];
  if (flag('--examples')) return [['examples', join(repo, 'examples/articles')], ['demo-feed', join(repo, 'examples/demo-feed.jsonl')]];
  return [
    ...['EN', 'BG', 'HI', 'PT', 'RU'].map((l) => [`semeval2025/${l}`, join(dataDir, 'semeval2025-t10', l, 'train', 'raw-documents')]),
    ...['EN', 'FR', 'GE', 'IT', 'PO', 'RU'].map((l) => [`semeval2023/${l}`, join(dataDir, 'semeval2023-t3', l, 'train-articles-subtask-3')]),
    ['ptc', join(dataDir, 'ptc-semeval2020-t11', 'train-articles')],
  ];
}

/** Documents of one source as {id, raw}. A JSONL record's raw text is built as the JSONL reader builds it. */
function* documents(path) {
  if (path.endsWith('.jsonl')) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      yield { id: String(r.id), raw: `${String(r.title).replace(/[\r\n]+/g, ' ').trim()}\n\n${r.text ?? r.body}` };
    }
    return;
  }
  // Dot files are not articles (macOS `._name.txt` resource forks sit beside some corpora's files).
  for (const name of readdirSync(path).filter((f) => f.endsWith('.txt') && !f.startsWith('.')).sort()) {
    yield { id: basename(name, '.txt'), raw: readFileSync(join(path, name), 'utf8') };
  }
}

/** 1-based line of `offset`, counting LF, CRLF and lone CR as line breaks (as the cleaner splits lines). */
function lineOf(raw, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10 || (c === 13 && raw.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** The line a removal names: the line of its first non-space character. */
function namedLine(raw, r) {
  const first = raw.slice(r.start, r.end).search(/\S/u);
  return lineOf(raw, first < 0 ? r.start : r.start + first);
}

const byRule = new Map();
const charsByRule = new Map();
const byReason = new Map();
const byKind = new Map();
const bump = (m, k, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const all = [];
const texts = [];
const diffs = { onlyBefore: [], onlyAfter: [], moved: 0, same: 0 };
let docs = 0;
let chars = 0;
let removedChars = 0;
let docsTouched = 0;
let misplaced = 0;
let cleanMs = 0;

/** Removals keyed by what they cut (named line, rule, end, text), so a moved start is not a difference. */
const keyOf = (raw, r) => `${namedLine(raw, r)}|${r.rule}|${r.end}|${r.text}`;

function compare(label, doc, now) {
  const then = removeBefore(doc.raw).removed;
  const nowKeys = new Map(now.map((r) => [keyOf(doc.raw, r), r]));
  const thenKeys = new Map(then.map((r) => [keyOf(doc.raw, r), r]));
  for (const [k, r] of thenKeys) {
    if (!nowKeys.has(k)) diffs.onlyBefore.push({ label, id: doc.id, line: namedLine(doc.raw, r), rule: r.rule, reason: r.reason, length: r.end - r.start, text: r.text });
    else if (nowKeys.get(k).start !== r.start) diffs.moved++;
    else diffs.same++;
  }
  for (const [k, r] of nowKeys) {
    if (!thenKeys.has(k)) diffs.onlyAfter.push({ label, id: doc.id, line: namedLine(doc.raw, r), rule: r.rule, reason: r.reason, length: r.end - r.start, text: r.text });
  }
}

console.log('corpus                documents  removals  removed chars  share');
for (const [label, path] of sources()) {
  if (!existsSync(path)) {
    console.error(`clean-audit: missing ${path} (set --data or NARRASCOPE_DATA)`);
    continue;
  }
  let n = 0;
  let removals = 0;
  let folderChars = 0;
  let folderRemoved = 0;
  for (const doc of documents(path)) {
    texts.push(doc.raw);
    const t = performance.now();
    const result = removeBoilerplate(doc.raw);
    cleanMs += performance.now() - t;
    docs++;
    n++;
    chars += doc.raw.length;
    folderChars += doc.raw.length;
    if (result.removed.length) docsTouched++;
    for (const r of result.removed) {
      const length = r.end - r.start;
      const line = lineOf(doc.raw, r.start);
      if (line !== namedLine(doc.raw, r)) misplaced++;
      removedChars += length;
      folderRemoved += length;
      removals++;
      bump(byRule, r.rule);
      bump(charsByRule, r.rule, length);
      bump(byReason, `${r.rule}: ${r.reason.replace(/line \d+/, 'line N')}`);
      all.push({ label, id: doc.id, line, rule: r.rule, reason: r.reason, length, text: r.text });
      if (show && (!only || only === r.rule)) console.log(`  - ${label} ${doc.id}:${line} [${r.rule}] ${JSON.stringify(r.text.slice(0, 160))}`);
    }
    for (const a of result.attributions) {
      bump(byKind, a.kind);
      if (show && (!only || only === a.rule)) console.log(`  @ ${label} ${doc.id} [${a.kind}] ${JSON.stringify(a.outlet)} <- ${JSON.stringify(a.text.slice(0, 120))}`);
    }
    if (removeBefore) compare(label, doc, result.removed);
  }
  const share = ((100 * folderRemoved) / Math.max(1, folderChars)).toFixed(2);
  console.log(`${label.padEnd(20)} ${String(n).padStart(10)} ${String(removals).padStart(9)} ${String(folderRemoved).padStart(14)}  ${share}%`);
}

const table = (title, m, extra) => {
  console.log(`\n${title}`);
  for (const [k, n] of [...m].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}${extra ? extra(k) : ''}`);
};
table('removals per rule (count, characters)', byRule, (k) => `  ${charsByRule.get(k)} chars`);
table('removals per reason', byReason);
table('attributions per kind', byKind);

const row = (r) => `  ${String(r.length).padStart(5)}  ${r.label} ${r.id}:${r.line}  ${r.rule}: ${r.reason}${show ? `  ${JSON.stringify(r.text.slice(0, 160))}` : ''}`;
console.log(`\nlongest ${longest} removals (characters, corpus, document:line, rule: reason)`);
const byLength = [...all].sort((a, b) => b.length - a.length);
for (const r of byLength.slice(0, longest)) console.log(row(r));
// Per rule too: the longest removals overall are all repeated paragraphs, which hides a phrase rule
// that swallows prose.
const perRule = Math.max(1, Math.ceil(longest / 3));
for (const rule of [...byRule.keys()].sort()) {
  console.log(`\nlongest ${perRule} removals of ${rule}`);
  for (const r of byLength.filter((x) => x.rule === rule).slice(0, perRule)) console.log(row(r));
}

console.log(`\ndocuments: ${docs}, with removals: ${docsTouched}, removals: ${all.length}`);
console.log(`removals whose span starts before the line they name: ${misplaced}`);
console.log(`characters removed: ${removedChars} of ${chars} (${((100 * removedChars) / Math.max(1, chars)).toFixed(2)}%)`);

if (removeBefore) {
  console.log(`\ncompared with ${beforeDir}: ${diffs.same} removals unchanged, ${diffs.moved} with only their start moved`);
  console.log(`${diffs.onlyBefore.length} removals made before and no longer:`);
  for (const r of diffs.onlyBefore) console.log(row(r));
  console.log(`${diffs.onlyAfter.length} removals new:`);
  for (const r of diffs.onlyAfter) console.log(row(r));
}

if (timing) {
  console.log(`\ncleaning time, first pass (with JIT warm-up): ${(cleanMs / Math.max(1, docs)).toFixed(3)} ms per document`);
  // Steady state: clean every document again, three times, and report the mean per document. CPU time
  // of this process (user + system), so other work on a shared machine does not inflate the figure.
  const cpu0 = process.cpuUsage();
  for (let round = 0; round < 3; round++) for (const raw of texts) removeBoilerplate(raw);
  const cpu = process.cpuUsage(cpu0);
  const warmMs = (cpu.user + cpu.system) / 1000 / (3 * Math.max(1, texts.length));
  console.log(`cleaning CPU time, warm: ${warmMs.toFixed(3)} ms per document (mean ${Math.round(chars / Math.max(1, docs))} chars)`);
}
