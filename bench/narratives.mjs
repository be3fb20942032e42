#!/usr/bin/env node
// Narrative benchmark: 5-fold seeded cross-validation of narrascope's narrative models and of the
// peer (bench/narratives_peer.py: TF-IDF + scikit-learn one-vs-rest LogisticRegression) on the same
// folds, per language, plus inference speed of both on the English training articles.
// Usage: npm run build && node bench/narratives.mjs [--langs EN,BG] [--seed 42] [--data DIR]
// Writes bench/out/narratives.md (a markdown table for docs/BENCHMARKS.md) and prints it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.NARRASCOPE_DIST ?? join(here, '..', 'dist');
const arg = (name, dflt) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : dflt;
};
const langs = arg('langs', 'EN,BG,HI,PT,RU').split(',');
const seed = Number(arg('seed', '42'));
const data = arg('data', process.env.NARRASCOPE_SEMEVAL ?? join(here, '..', '..', 'shared', 'data', 'semeval2025-t10'));
const python = process.env.PEER_PYTHON ?? '/usr/bin/python3';

const { crossValidate, cvFolds, isOtherOnly } = await import(join(dist, 'tasks/narratives/cv.js'));
const { loadTrainSplit, readTaxonomy } = await import(join(dist, 'tasks/narratives/corpus.js'));
const { parseSubtask2 } = await import(join(dist, 'tasks/narratives/io.js'));
const { scoreSubtask2 } = await import(join(dist, 'tasks/narratives/score.js'));
const { NarrativeModel } = await import(join(dist, 'tasks/narratives/model.js'));

const taxonomy = readTaxonomy(data);
const work = join(tmpdir(), `narrascope-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
const rows = [];
const f3 = (x) => x.toFixed(3);
for (const lang of langs) {
  const docs = loadTrainSplit(data, lang);
  const folds = cvFolds(docs, 5, seed, taxonomy.narratives);
  const foldFile = join(work, `folds-${lang}.tsv`);
  writeFileSync(foldFile, docs.map((d, i) => `${d.id}\t${folds[i]}\n`).join(''));
  const ours = crossValidate(data, lang, 5, seed, {}, (m) => console.error(m));
  if (ours.folds.some((f, i) => f !== folds[i])) throw new Error(`${lang}: fold assignment differs between the two systems`);
  const peerFile = join(work, `peer-${lang}.tsv`);
  const t0 = Date.now();
  const speedOut = execFileSync(python, [join(here, 'narratives_peer.py'), data, lang, foldFile, peerFile, ...(lang === 'EN' ? ['--speed'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const peerSeconds = (Date.now() - t0) / 1000;
  const peerRows = parseSubtask2(readFileSync(peerFile, 'utf8')).rows;
  const gold = docs.map((d) => d.gold);
  const peer = scoreSubtask2(gold, peerRows, taxonomy);
  const keep = new Set(gold.filter((g) => !isOtherOnly(g)).map((g) => g.id));
  const peerNon = scoreSubtask2(gold.filter((g) => keep.has(g.id)), peerRows.filter((p) => keep.has(p.id)), taxonomy);
  const speedLine = speedOut.split('\n').find((l) => l.startsWith('peer-speed'));
  rows.push({ lang, n: docs.length, ours, peer, peerNon, peerSeconds, peerSpeed: speedLine ? speedLine.split('\t').map(Number) : null });
  console.error(`${lang}: ours ${f3(ours.score.coarse.mean)}/${f3(ours.score.fine.mean)} peer ${f3(peer.coarse.mean)}/${f3(peer.fine.mean)}`);
}

// Inference speed of the shipped English model (loading excluded, reported separately).
let speed = '';
const modelPath = join(here, '..', 'models', 'narratives', 'EN.nscm');
if (existsSync(modelPath)) {
  const t0 = performance.now();
  const model = NarrativeModel.load(modelPath);
  const loadMs = performance.now() - t0;
  const docs = loadTrainSplit(data, 'EN');
  const t1 = performance.now();
  for (const d of docs) model.decode(model.probabilities(model.vectorize(d.text)));
  const sec = (performance.now() - t1) / 1000;
  const peer = rows.find((r) => r.lang === 'EN')?.peerSpeed;
  speed = `\nInference on the ${docs.length} English training articles, one core: narrascope ${(docs.length / sec).toFixed(0)} articles/s (model load ${loadMs.toFixed(0)} ms)` + (peer ? `; peer (vectorise + predict_proba, narratives and sub-narratives) ${(peer[1] / peer[2]).toFixed(0)} articles/s.` : '.') + '\n';
}

const uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
let md = `## Narratives (SemEval-2025 Task 10, subtask 2), 5-fold cross-validation on the training split\n\n`;
md += `Date: ${new Date().toISOString().slice(0, 10)} · machine: \`${uname}\`, ${cpus().length} cores · command: \`node bench/narratives.mjs --langs ${langs.join(',')} --seed ${seed}\`\n\n`;
md += `Same folds for both systems (seed ${seed}, iterative stratification); each system tunes its thresholds on inner 5-fold CV of each training fold. F1 = official per-article F1, averaged (coarse = narratives, fine = sub-narratives). "non-Other" = articles whose gold is not "Other" alone.\n\n`;
md += `| lang | articles | narrascope coarse | narrascope fine | peer coarse | peer fine | Δ coarse | Δ fine | narrascope non-Other coarse / fine | peer non-Other coarse / fine | explanation chrF (n) |\n|---|---|---|---|---|---|---|---|---|---|---|\n`;
for (const r of rows) {
  const o = r.ours;
  md += `| ${r.lang} | ${r.n} | ${f3(o.score.coarse.mean)} | ${f3(o.score.fine.mean)} | ${f3(r.peer.coarse.mean)} | ${f3(r.peer.fine.mean)} | ${(o.score.coarse.mean - r.peer.coarse.mean >= 0 ? '+' : '') + f3(o.score.coarse.mean - r.peer.coarse.mean)} | ${(o.score.fine.mean - r.peer.fine.mean >= 0 ? '+' : '') + f3(o.score.fine.mean - r.peer.fine.mean)} | ${f3(o.nonOther.coarse.mean)} / ${f3(o.nonOther.fine.mean)} | ${f3(r.peerNon.coarse.mean)} / ${f3(r.peerNon.fine.mean)} | ${f3(o.explanationChrF)} (${o.explanationCount}) |\n`;
}
md += speed;
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'narratives.md'), md);
console.log(md);
