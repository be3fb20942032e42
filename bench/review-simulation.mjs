#!/usr/bin/env node
// Active-learning simulation of the review queue (issue 17, must-show 2) on the English SemEval-2025 training split.
// Per seed the articles are split in two halves: an evaluation half no model ever trains on (its texts do not even
// shape the feature space) and a pool. English has no third set, so the starting model is the shipped English recipe
// (fitNarratives with the trainer's defaults, as build.ts calls it, the unlabeled test articles shaping the feature
// space) trained on a start set of --start pool articles drawn at random: the same start for both orders. Then, in
// rounds of --batch, that many pool articles are "approved" (their gold labels join the training set), chosen
//   queue:  by priorityOf (src/review/priority.ts) over the current model's analyses of the rest of the pool, the
//           context built by priorityContext from the approved articles' gold labels as an analyst's decisions;
//   random: uniformly from the rest of the pool;
// the recipe is trained again, and the official subtask-2 F1 (scoreSubtask2) is measured on the evaluation half.
// The priority weights were fixed before this script ran (PRIORITY_WEIGHTS); nothing is chosen on the evaluation
// half. The rounds stop before the pool runs out (both orders would then train on the same articles).
// The out-of-domain gate and the dominant-narrative rule are left out of the fits: neither changes the labels scored.
//   npm run build && node bench/review-simulation.mjs [--data ../shared/data/semeval2025-t10] [--seeds 42,43,44]
//     [--start 25] [--batch 25] [--rounds 5] [--time-one-fit]
import { option, argv } from './args.mjs';
import { createArticle } from '../dist/doc/article.js';
import { seededRandom, shuffle } from '../dist/learn/random.js';
import { buildDoc } from '../dist/pipeline.js';
import { priorityContext, priorityOf, PRIORITY_WEIGHTS } from '../dist/review/priority.js';
import { annotateNarratives } from '../dist/tasks/narratives/annotate.js';
import { extraTrainingDocs, loadTestDocs, loadTrainSplit, readTaxonomy } from '../dist/tasks/narratives/corpus.js';
import { toNarrativeModel } from '../dist/tasks/narratives/model.js';
import { scoreSubtask2 } from '../dist/tasks/narratives/score.js';
import { topicLabel } from '../dist/tasks/narratives/topic.js';
import { DEFAULT_TRAIN_OPTIONS, fitNarratives, hashTexts } from '../dist/tasks/narratives/train.js';

const data = option('--data', process.env.NARRASCOPE_SEMEVAL ?? '../shared/data/semeval2025-t10');
const seeds = option('--seeds', '42,43,44').split(',').map(Number);
const START = Number(option('--start', '25'));
const BATCH = Number(option('--batch', '25'));
const ROUNDS = Number(option('--rounds', '5'));
const LANG = 'EN';

const opts = { ...DEFAULT_TRAIN_OPTIONS };
const taxonomy = readTaxonomy(data);
const docs = loadTrainSplit(data, LANG);
const counts = hashTexts(docs.map((d) => d.text), opts.hasher);
const unlabeled = hashTexts(loadTestDocs(data, LANG).map((d) => d.text), opts.hasher);
const extra = extraTrainingDocs(data, LANG, taxonomy, opts);
const isCatchAll = (l) => l === 'Other' || l.endsWith(': Other');

/** The recipe on the articles `rows` (indices into docs). */
function train(rows) {
  const gold = rows.map((i) => docs[i].gold);
  const fitted = fitNarratives(rows.map((i) => counts[i]), gold, unlabeled, taxonomy, opts, extra, rows.map((i) => topicLabel(docs[i].id, docs[i].gold)));
  return toNarrativeModel(fitted, { lang: LANG, version: `${LANG}-sim`, seed: opts.seed, hasher: opts.hasher, taxonomy, training: { articles: rows.length } }, opts.maxFeatures);
}

/** Fine (sub-narrative) and coarse F1 of a model on the evaluation rows, by the project's SemEval scorer. */
function evaluate(model, rows) {
  const predicted = rows.map((i) => {
    const d = model.decode(model.probabilities(model.vectorizeCounts(counts[i])));
    return { id: docs[i].id, narratives: d.narratives, subNarratives: d.subNarratives };
  });
  const s = scoreSubtask2(rows.map((i) => docs[i].gold), predicted, taxonomy);
  return { fine: s.fine.mean, coarse: s.coarse.mean };
}

/** The approved articles' gold labels as an analyst's current decisions (what the store would hold). */
function decisionsOf(rows) {
  return rows.flatMap((i) => {
    const labels = [...docs[i].gold.narratives, ...docs[i].gold.subNarratives].filter((l) => !isCatchAll(l));
    const base = { task: 'narratives', articleId: docs[i].id, author: 'gold', createdAt: '', modelVersion: '', current: true };
    return labels.length ? labels.map((label, k) => ({ ...base, id: `${i}-${k}`, label, decision: 'add' })) : [{ ...base, id: `${i}-o`, label: 'Other', decision: 'accept' }];
  });
}

const pipelineDocs = new Map();
/** The article as the pipeline reads it (cleaned, split), built once. */
function pipelineDoc(i) {
  if (!pipelineDocs.has(i)) pipelineDocs.set(i, buildDoc(createArticle({ id: docs[i].id, raw: docs[i].text, origin: { format: 'text' } }), {}, 'en').doc);
  return pipelineDocs.get(i);
}

/** The next batch by the review queue's order: highest priority first, then by id (as reviewQueue sorts). */
function queuePick(model, approved, rest) {
  const context = priorityContext(decisionsOf(approved));
  const ranked = rest.map((i) => ({ i, id: docs[i].id, ...priorityOf({ narratives: annotateNarratives(pipelineDoc(i), model) }, context) }));
  ranked.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.slice(0, BATCH).map((r) => r.i);
}

function randomPick(rand, rest) {
  return shuffle([...rest], rand).slice(0, BATCH);
}

/** One seed: the split, the shared start, then ROUNDS rounds of each order; fine F1 after each. */
function simulate(seed, log) {
  const rand = seededRandom(seed);
  const order = shuffle(docs.map((_, i) => i), rand);
  const evalRows = order.slice(0, Math.floor(order.length / 2));
  const pool = order.slice(evalRows.length);
  if (START + ROUNDS * BATCH >= pool.length) throw new Error(`--start ${START} + --rounds ${ROUNDS} × --batch ${BATCH} uses the whole pool of ${pool.length}: both orders would end on the same articles`);
  const start = pool.slice(0, START);
  const startModel = train(start);
  const startScore = evaluate(startModel, evalRows);
  log(`seed ${seed}: ${evalRows.length} evaluation, ${pool.length} pool, start ${START}: fine ${startScore.fine.toFixed(4)}`);
  const curves = {};
  for (const strategy of ['queue', 'random']) {
    const pickRand = seededRandom(seed * 1000 + 7);
    let approved = [...start];
    let model = startModel;
    const curve = [{ articles: approved.length, ...startScore }];
    for (let r = 1; r <= ROUNDS; r++) {
      const rest = pool.filter((i) => !approved.includes(i));
      const picked = strategy === 'queue' ? queuePick(model, approved, rest) : randomPick(pickRand, rest);
      approved = [...approved, ...picked];
      model = train(approved);
      curve.push({ articles: approved.length, ...evaluate(model, evalRows) });
      log(`seed ${seed} ${strategy} round ${r}: ${approved.length} articles, fine ${curve.at(-1).fine.toFixed(4)}`);
    }
    curves[strategy] = curve;
  }
  return curves;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const pm = (xs) => `${mean(xs).toFixed(4)} ± ${sd(xs).toFixed(4)}`;

if (argv.includes('--time-one-fit')) {
  // How long one fit of the recipe takes at the largest training set the simulation reaches.
  const rows = shuffle(docs.map((_, i) => i), seededRandom(1)).slice(0, START + ROUNDS * BATCH);
  const t0 = performance.now();
  train(rows);
  console.log(`one fit on ${rows.length} articles: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
}

const t0 = performance.now();
const log = (m) => console.error(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${m}`);
const runs = seeds.map((seed) => simulate(seed, log));
const rounds = runs[0].queue.map((p) => p.articles);
const fineAt = (strategy, r) => runs.map((run) => run[strategy][r].fine);
const finalRandom = mean(fineAt('random', ROUNDS));
const reach = rounds.findIndex((_, r) => mean(fineAt('queue', r)) >= finalRandom);

const command = `node bench/review-simulation.mjs --seeds ${seeds.join(',')} --start ${START} --batch ${BATCH} --rounds ${ROUNDS}`;
console.log(`### Review queue against random order: active-learning simulation, English (${new Date().toISOString().slice(0, 10)})\n`);
console.log(`Machine: 2-core AMD EPYC (shared). Command: \`npm run build && ${command}\` (${((performance.now() - t0) / 60000).toFixed(1)} min).`);
console.log(`${docs.length} English training articles; per seed ${runs.length ? `${docs.length - Math.floor(docs.length / 2)}-article pool and ${Math.floor(docs.length / 2)}-article evaluation half` : ''}. Priority weights fixed in advance: ${JSON.stringify(PRIORITY_WEIGHTS)}.\n`);
console.log('| approved articles | queue: fine F1 (mean ± sd) | random: fine F1 (mean ± sd) | queue − random, paired by seed | queue: coarse F1 | random: coarse F1 |');
console.log('|---|---|---|---|---|---|');
rounds.forEach((n, r) => {
  const coarse = (s) => pm(runs.map((run) => run[s][r].coarse));
  const diff = runs.map((run) => run.queue[r].fine - run.random[r].fine);
  console.log(`| ${n} | ${pm(fineAt('queue', r))} | ${pm(fineAt('random', r))} | ${diff.map((d) => (d >= 0 ? '+' : '') + d.toFixed(3)).join(' ')} | ${coarse('queue')} | ${coarse('random')} |`);
});
// Per seed: the fewest approved articles at which the queue's fine F1 reaches that seed's random final.
const perSeed = runs.map((run, k) => {
  const at = run.queue.findIndex((p) => p.fine >= run.random[ROUNDS].fine);
  return `${seeds[k]}: ${at < 0 ? 'not reached' : rounds[at]}`;
});
console.log(`\nPer seed, articles at which the queue first reaches that seed's random final: ${perSeed.join('; ')}.`);
console.log(
  reach >= 0 && reach < ROUNDS
    ? `\nThe queue reaches the random order's final fine F1 (${finalRandom.toFixed(4)} at ${rounds[ROUNDS]} articles) at ${rounds[reach]} articles: ${rounds[ROUNDS] - rounds[reach]} fewer.`
    : `\nThe queue does not reach the random order's final fine F1 (${finalRandom.toFixed(4)} at ${rounds[ROUNDS]} articles) with fewer articles${reach === ROUNDS ? ' (only at the same count)' : ''}.`,
);
