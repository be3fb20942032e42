// Genre (SemEval-2023 subtask 1) cross-validation for one language, per fold seed: 5 stratified folds,
// every choice inside the outer training parts; macro-F1 on the training mix, the top-label ECE and
// reliability bins of the calibrated out-of-fold probabilities, the label-shift test (each outer test
// fold resampled to other mixes, decided by the rule each fit chose inside its training part, and for
// comparison only with EM-estimated, training or uniform priors), the
// recipe before issue 13 on the same folds (its training-mix offsets and its hand-set 80/15/5 feed
// offsets), and the scikit-learn peer on the same folds. Writes bench/out/genre-cv/<lang>-<seed>.json
// per seed (run one language and seed per process). --keep-baselines takes the previous recipe's and the
// peer's figures from the JSON already written for that language and seed (they do not depend on the
// current recipe) when its fold file matches these folds, so only the current recipe is re-run.
// Usage: node bench/genre-cv.mjs --lang fr [--seeds 42,43,44] [--draws 20] [--size 200] [--no-peer] [--keep-baselines]
//        node bench/genre-cv.mjs --table     (mean ± sd over the seeds of the files written, as markdown)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { option, argv } from './args.mjs';
import { chosenDecider, crossValidateGenre, emDecider, shiftedDraws, trainingDecider, uniformDecider } from '../dist/tasks/genre/cv.js';
import { decideGenre, mixWeights, tuneOffsets } from '../dist/tasks/genre/decide.js';
import { genreConfigFor, genreData, PREVIOUS_GENRE_CONFIG } from '../dist/tasks/genre/train.js';
import { writeFolds } from '../dist/corpora/commands.js';
import { seededRandom, topLabelReliability } from '../dist/learn/index.js';

/**
 * The ECE a perfectly calibrated model with these probabilities would show on this many articles: the
 * mean ECE over labels drawn from the probabilities themselves (the sampling floor of the measured ECE),
 * and the share of those draws whose ECE reaches `measured` (a small share: worse than sampling noise).
 */
function eceFloor(probs, measured, draws, seed) {
  const rand = seededRandom(seed);
  const draw = (p) => {
    let u = rand();
    for (let c = 0; c < p.length; c++) if ((u -= p[c]) < 0) return c;
    return p.length - 1;
  };
  let total = 0;
  let reached = 0;
  for (let d = 0; d < draws; d++) {
    const e = topLabelReliability(probs, probs.map(draw), 10).ece;
    total += e;
    if (e >= measured) reached++;
  }
  return { mean: total / draws, share: reached / draws };
}

const f = (s) => (s ? `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}` : '—');
const stat = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean: m, sd, n: xs.length };
};
/** Mean ± sd over the seeds of one language's runs. */
const summarise = (runs) => ({
  macroF1: stat(runs.map((r) => r.macroF1)),
  ece: stat(runs.map((r) => r.ece)),
  eceFloor: runs.every((r) => r.eceFloor !== undefined) ? stat(runs.map((r) => r.eceFloor)) : null,
  eceFloorShare: runs.every((r) => r.eceFloorShare !== undefined) ? stat(runs.map((r) => r.eceFloorShare)) : null,
  previous: stat(runs.map((r) => r.previous.macroF1)),
  peer: runs.every((r) => r.peer) ? stat(runs.map((r) => r.peer.macroF1)) : null,
  shift: Object.fromEntries(Object.keys(runs[0].shift).map((m) => [m, Object.fromEntries(Object.keys(runs[0].shift[m]).map((d) => [d, stat(runs.map((r) => r.shift[m][d]))]))])),
});
if (argv.includes('--table')) {
  const dir = 'bench/out/genre-cv';
  const files = existsSync(dir) ? readdirSync(dir).filter((x) => /^[a-z]{2}-\d+\.json$/.test(x)).sort() : [];
  const byLang = new Map();
  for (const x of files) {
    const r = JSON.parse(readFileSync(join(dir, x), 'utf8'));
    byLang.set(r.lang, [...(byLang.get(r.lang) ?? []), r]);
  }
  const results = ['en', 'fr', 'de', 'it', 'pl', 'ru'].filter((l) => byLang.has(l)).map((l) => ({ lang: l, runs: byLang.get(l), summary: summarise(byLang.get(l).map((r) => r.run)) }));
  const rows = (head, cells) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...results.map((r) => `| ${r.lang.toUpperCase()} (seeds ${r.runs.map((x) => x.run.seed).join(', ')}) | ${cells(r.summary, r).join(' | ')} |`)];
  const tally = (xs) => Object.entries(xs.reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {})).map(([k, v]) => `${k} ${v}`).join(', ');
  const recipes = (r) => tally(r.runs.flatMap((x) => x.run.recipes));
  const rules = (r) => tally(r.runs.flatMap((x) => x.run.rules ?? []));
  const lines = [
    ...rows(['lang', 'macro-F1 (training mix)', 'before issue 13', 'peer', 'top-label ECE', 'ECE floor (calibrated)', 'floor draws ≥ ECE', 'recipes chosen (outer fits)', 'batch rules chosen (outer fits)'], (s, r) => [f(s.macroF1), f(s.previous), f(s.peer), f(s.ece), f(s.eceFloor), f(s.eceFloorShare), recipes(r), rules(r)]),
    '',
    ...Object.keys(results[0]?.summary.shift ?? {}).flatMap((m) => [
      `${m} (${Object.entries(results[0].runs[0].mixes[m]).map(([g, v]) => `${g} ${v}`).join(', ')}), macro-F1 over the genres the mix has:`,
      '',
      ...rows(['lang', 'chosen rule', 'EM (best pseudo-count)', 'training priors', 'uniform priors', 'before: training offsets', 'before: hand-set 80/15/5 offsets'], (s) => ['chosen', 'em', 'training', 'uniform', 'previousTraining', 'previousFeed'].map((d) => f(s.shift[m][d]))),
      '',
    ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(0);
}

const data = option('--data', process.env.NARRASCOPE_SEMEVAL2023 ?? '../shared/data/semeval2023-t3');
const lang = option('--lang', 'en');
const seeds = option('--seeds', '42,43,44').split(',').map(Number);
const draw = { draws: Number(option('--draws', '20')), size: Number(option('--size', '200')) };
const peer = !argv.includes('--no-peer');
const keepBaselines = argv.includes('--keep-baselines');

/** The previous recipe's and the peer's figures of an earlier run on the same folds (throws when the folds differ). */
function earlierBaselines(seed, ids, folds) {
  const file = `bench/out/genre-cv/${lang}-${seed}.json`;
  const foldsFile = `bench/out/genre-cv/folds-${lang}-${seed}.json`;
  if (!existsSync(file) || !existsSync(foldsFile)) throw new Error(`--keep-baselines: ${file} or ${foldsFile} missing`);
  const saved = JSON.parse(readFileSync(foldsFile, 'utf8'));
  ids.forEach((id, i) => {
    if (saved[id] !== folds[i]) throw new Error(`--keep-baselines: ${foldsFile} puts article ${id} in fold ${saved[id]}, this run in ${folds[i]}`);
  });
  return JSON.parse(readFileSync(file, 'utf8')).run;
}
const k = 5;

/** Label mixes of the shift test (opinion, reporting, satire shares by name). */
const MIXES = {
  reportingHeavy: { reporting: 0.8, opinion: 0.15, satire: 0.05 },
  opinionHeavy: { opinion: 0.8, reporting: 0.15, satire: 0.05 },
  satireFree: { opinion: 0.5, reporting: 0.5, satire: 0 },
};
/** The feed mix the recipe before issue 13 hand-set its `analyze` offsets for (opinion, reporting, satire). */
const FEED = [0.15, 0.8, 0.05];

/** Decides with fixed offsets (the previous recipe's feed offsets). */
const fixedDecider = (offsetsOf) => (fit, probs) => probs.map((p) => decideGenre(p, offsetsOf(fit)));
const feedCache = new WeakMap();
const feedOffsets = (fit) => {
  if (!feedCache.has(fit)) feedCache.set(fit, tuneOffsets(fit.oof.probs, fit.oof.y, mixWeights(fit.oof.y, fit.priors, FEED)));
  return feedCache.get(fit);
};

const log = (m) => process.stderr.write(`${m}\n`);
const t0 = performance.now();
const config = genreConfigFor(lang);
const current = genreData(data, lang, config);
const previous = keepBaselines ? null : genreData(data, lang, PREVIOUS_GENRE_CONFIG);
const runs = [];
for (const seed of seeds) {
  const cv = crossValidateGenre(data, lang, k, seed, config, { data: current, log });
  const folds = new Map(cv.ids.map((id, i) => [id, cv.folds[i]]));
  const earlier = keepBaselines ? earlierBaselines(seed, cv.ids, cv.folds) : null;
  const old = earlier ? null : crossValidateGenre(data, lang, k, seed, PREVIOUS_GENRE_CONFIG, { data: previous, folds });
  const shift = {};
  for (const [name, mix] of Object.entries(MIXES)) {
    const o = { ...draw, seed: seed * 1000 + Object.keys(MIXES).indexOf(name) };
    shift[name] = {
      chosen: shiftedDraws(cv, mix, chosenDecider, o),
      em: shiftedDraws(cv, mix, emDecider(), o),
      training: shiftedDraws(cv, mix, trainingDecider, o),
      uniform: shiftedDraws(cv, mix, uniformDecider, o),
      previousTraining: earlier ? earlier.shift[name].previousTraining : shiftedDraws(old, mix, trainingDecider, o),
      previousFeed: earlier ? earlier.shift[name].previousFeed : shiftedDraws(old, mix, fixedDecider(feedOffsets), o),
    };
  }
  let peerScore = earlier?.peer ?? null;
  if (peer && !earlier) {
    const foldsFile = `bench/out/genre-cv/folds-${lang}-${seed}.json`;
    writeFolds(foldsFile, cv.ids, cv.folds);
    const r = spawnSync('/usr/bin/python3', ['bench/genre_peer.py', foldsFile, '--lang', lang, '--data', data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`genre_peer.py failed: ${r.stderr}`);
    peerScore = JSON.parse(r.stdout.trim().split('\n').pop());
  }
  const run = {
    seed,
    macroF1: cv.score.macroF1,
    perClass: Object.fromEntries(cv.score.perClass.map((c) => [c.label, c.f1])),
    ece: cv.reliability.ece,
    ...(({ mean, share }) => ({ eceFloor: mean, eceFloorShare: share }))(eceFloor(cv.probs, cv.reliability.ece, 200, seed)),
    reliability: cv.reliability.bins,
    recipes: cv.recipes,
    rules: cv.fits.map((x) => (x.rule === 'em' ? `em ${x.pseudoCount}` : x.rule)),
    temperatures: cv.fits.map((f) => f.calibration.temperature),
    previous: earlier ? earlier.previous : { macroF1: old.score.macroF1, ece: old.reliability.ece },
    shift,
    peer: peerScore && { macroF1: peerScore.macroF1, perClass: peerScore.perClass },
  };
  log(`${lang} seed ${seed}: macro-F1 ${run.macroF1.toFixed(3)} (previous ${run.previous.macroF1.toFixed(3)}, peer ${peerScore?.macroF1.toFixed(3)}), ECE ${run.ece.toFixed(3)} (floor ${run.eceFloor.toFixed(3)}, ${(100 * run.eceFloorShare).toFixed(0)}% of floor draws reach it), recipes ${run.recipes.join(' ')}, rules ${run.rules.join(', ')}, reporting-heavy chosen ${shift.reportingHeavy.chosen.toFixed(3)} / EM ${shift.reportingHeavy.em.toFixed(3)} / training ${shift.reportingHeavy.training.toFixed(3)} / previous feed ${shift.reportingHeavy.previousFeed.toFixed(3)}`);
  runs.push(run);
  mkdirSync('bench/out/genre-cv', { recursive: true });
  writeFileSync(`bench/out/genre-cv/${lang}-${seed}.json`, `${JSON.stringify({ lang, folds: k, draws: draw, mixes: MIXES, date: new Date().toISOString().slice(0, 10), seconds: (performance.now() - t0) / 1000, run }, null, 1)}\n`);
}

const summary = summarise(runs);
process.stdout.write(`genre ${lang} (${seeds.join(', ')}): macro-F1 ${f(summary.macroF1)}; previous ${f(summary.previous)}; peer ${f(summary.peer)}; ECE ${f(summary.ece)}\n`);
for (const [m, s] of Object.entries(summary.shift)) process.stdout.write(`  ${m}: ${Object.entries(s).map(([d, v]) => `${d} ${f(v)}`).join('; ')}\n`);
