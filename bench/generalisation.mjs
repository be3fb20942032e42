#!/usr/bin/env node
// Generalisation across time on the SemEval-2023 Task 3 English training articles: genre, frames and
// paragraph techniques trained on the articles of one period and tested on the other, beside random
// halves of the same articles. The articles carry no source or date field; an article's date is taken
// as the latest year (1980–2029) its text names, and the articles are split at the median of those
// years (older half: year ≤ median). Articles that name no year are in every training part and in no
// test part, for the date split and the random halves alike, so the two differ only in how the dated
// articles are halved. Random halves: three seeds (42, 43, 44). Every recipe choice is made inside the
// training part by each task's own inner cross-validation, as in `eval`.
// Usage: npm run build && node bench/generalisation.mjs [--data ../shared/data] [--only genre,frames,techniques]
// Writes bench/out/generalisation-<task>.json and the table of every task run so far, bench/out/generalisation.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { option } from './args.mjs';
import { seededRandom, shuffle, scoreMultiLabel } from '../dist/learn/index.js';
import { crossValidateGenre } from '../dist/tasks/genre/cv.js';
import { scoreGenre } from '../dist/tasks/genre/score.js';
import { crossValidateFrames } from '../dist/tasks/frames/train.js';
import { FRAMES } from '../dist/tasks/frames/taxonomy.js';
import { crossValidateTechniques } from '../dist/tasks/techniques/train.js';
import { loadTechniqueCorpus } from '../dist/tasks/techniques/corpus.js';
import { paragraphKey } from '../dist/tasks/techniques/score.js';
import { TECHNIQUES } from '../dist/tasks/techniques/taxonomy.js';
import { loadArticleTask, semeval2023LangDir } from '../dist/corpora/semeval2023.js';

const data = join(option('--data', process.env.NARRASCOPE_DATA ?? '../shared/data'), 'semeval2023-t3');
const only = new Set(option('--only', 'genre,frames,techniques').split(','));
const SEEDS = [42, 43, 44];
const log = (m) => process.stderr.write(`${m}\n`);
const f3 = (x) => x.toFixed(3);
const meanSd = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${f3(m)} ± ${f3(sd)}`;
};

/** The latest year an article names, or null. */
function latestYear(text) {
  let best = null;
  for (const m of text.matchAll(/\b(19[89]\d|20[0-2]\d)\b/g)) best = Math.max(best ?? 0, Number(m[1]));
  return best;
}

/** id → year (or null) for the articles of a subtask's own training folder. */
function yearsOf(subtask, ids) {
  const dir = join(semeval2023LangDir(data, 'en'), `train-articles-subtask-${subtask}`);
  return new Map(ids.map((id) => [id, latestYear(readFileSync(join(dir, `article${id}.txt`), 'utf8'))]));
}

/**
 * Fold per article id: 0 and 1 for the two halves of the dated articles (by date, or at random from
 * `seed`), 2 for the undated ones (trained on in both directions, never scored).
 */
function assignments(years, seed) {
  const dated = [...years].filter(([, y]) => y !== null);
  const sorted = dated.map(([, y]) => y).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const out = new Map([...years].map(([id, y]) => [id, y === null ? 2 : y <= median ? 0 : 1]));
  if (seed === undefined) return { folds: out, median, older: dated.filter(([, y]) => y <= median).length, newer: dated.filter(([, y]) => y > median).length, undated: years.size - dated.length };
  const ids = shuffle(dated.map(([id]) => id), seededRandom(seed));
  const half = Math.floor(ids.length / 2);
  ids.forEach((id, k) => out.set(id, k < half ? 0 : 1));
  return { folds: out };
}

/** The ids of a subtask's training articles, in label-file order (the order the tasks' CV reads them in). */
function articleIds(subtask) {
  return loadArticleTask(data, subtask, () => true, 'label', 'en').map((d) => d.id);
}

const results = [];
function record(task, metric, split, value, extra = {}) {
  results.push({ task, metric, split, value, ...extra });
  log(`${task} ${split}: ${metric} ${f3(value)}`);
}

if (only.has('genre')) {
  const years = yearsOf(1, articleIds(1));
  const run = (folds) => {
    const cv = crossValidateGenre(data, 'en', 3, 42, undefined, { folds });
    const keep = (id) => folds.get(id) !== 2;
    const gold = new Map(cv.ids.filter(keep).map((id) => [id, ['opinion', 'reporting', 'satire'][cv.y[cv.ids.indexOf(id)]]]));
    const pred = new Map([...cv.predictions].filter(([id]) => keep(id)));
    return scoreGenre(gold, pred).macroF1;
  };
  const date = assignments(years);
  record('genre', 'macro-F1', 'date', run(date.folds), date);
  for (const s of SEEDS) record('genre', 'macro-F1', 'random', run(assignments(years, s).folds), { seed: s });
}

if (only.has('frames')) {
  const ids = articleIds(2);
  const years = yearsOf(2, ids);
  const run = (folds) => {
    const cv = crossValidateFrames(data, 'en', 3, 42, { folds: Int32Array.from(ids, (id) => folds.get(id)) });
    const keep = (id) => folds.get(id) !== 2;
    const gold = new Map(cv.ids.filter(keep).map((id) => [id, cv.Y[cv.ids.indexOf(id)].map((l) => FRAMES[l])]));
    const pred = new Map([...cv.predictions].filter(([id]) => keep(id)));
    return scoreMultiLabel(gold, pred, FRAMES).microF1;
  };
  const date = assignments(years);
  record('frames', 'micro-F1', 'date', run(date.folds), date);
  for (const s of SEEDS) record('frames', 'micro-F1', 'random', run(assignments(years, s).folds), { seed: s });
}


if (only.has('techniques')) {
  const { paragraphs } = loadTechniqueCorpus(data, () => {}, 'en');
  const ids = [...new Set(paragraphs.map((p) => p.id))];
  const years = yearsOf(3, ids);
  const run = (folds) => {
    const cv = crossValidateTechniques(data, 3, 42, { lang: 'en', folds: Int32Array.from(paragraphs, (p) => folds.get(p.id)) }, log);
    const keep = (p) => folds.get(p.id) !== 2;
    const gold = new Map(paragraphs.filter(keep).map((p) => [paragraphKey(p.id, p.line), p.techniques]));
    const pred = new Map([...gold.keys()].map((k) => [k, cv.predictions.get(k) ?? []]));
    return scoreMultiLabel(gold, pred, TECHNIQUES).microF1;
  };
  const date = assignments(years);
  record('techniques', 'paragraph micro-F1', 'date', run(date.folds), date);
  for (const s of SEEDS) record('techniques', 'paragraph micro-F1', 'random', run(assignments(years, s).folds), { seed: s });
}

// One results file per task, so runs of single tasks (--only) add up to one table.
mkdirSync('bench/out', { recursive: true });
for (const task of new Set(results.map((r) => r.task))) writeFileSync(`bench/out/generalisation-${task}.json`, JSON.stringify(results.filter((r) => r.task === task), null, 1));
const saved = ['genre', 'frames', 'techniques'].flatMap((task) => (existsSync(`bench/out/generalisation-${task}.json`) ? JSON.parse(readFileSync(`bench/out/generalisation-${task}.json`, 'utf8')) : []));
const rows = [...new Set(saved.map((r) => r.task))].map((task) => {
  const d = saved.find((r) => r.task === task && r.split === 'date');
  const rand = saved.filter((r) => r.task === task && r.split === 'random').map((r) => r.value);
  return `| ${task} | ${d.metric} | ${d.older} / ${d.newer} / ${d.undated} (median year ${d.median}) | ${f3(d.value)} | ${meanSd(rand)} | ${f3(d.value - rand.reduce((a, b) => a + b, 0) / rand.length)} |`;
});
const md = [
  `Date ${new Date().toISOString().slice(0, 10)} · command: \`node bench/generalisation.mjs\``,
  '',
  '| task | metric | dated articles older / newer / undated | older ↔ newer halves | random halves (3 seeds) | difference |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
writeFileSync('bench/out/generalisation.md', md);
process.stdout.write(md);
