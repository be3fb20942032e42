#!/usr/bin/env node
// Paragraph techniques (SemEval-2023 Task 3 subtask 3) in six languages: 5-fold cross-validation
// grouped by article on the training split, per language and fold seed; the recipe of each fold is
// chosen inside its training part (train.ts), never on the evaluation fold. Beside it, on the same
// folds: the scikit-learn peer (bench/techniques_peer.py --lang), the calibration of the out-of-fold
// probabilities (ECE over every pair and over the pairs decided positive), and the label-shift test:
// each evaluation fold resampled by article toward another technique mix, micro-F1 with and without
// per-label EM priors (shift.ts). One JSON file per language and seed in bench/out/techniques-cv/;
// `--table` reads them all and prints mean ± sd over the seeds as markdown.
// Usage: npm run build && node bench/techniques-cv.mjs --lang fr --seeds 42,43,44 [--folds 5] [--skip-peer] [--data DIR]
//        node bench/techniques-cv.mjs --lang en --seeds 43 --peer-only   (the peer for a run saved with --skip-peer)
//        node bench/techniques-cv.mjs --table
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argv, option } from './args.mjs';
import { articleGroups, crossValidateTechniques } from '../dist/tasks/techniques/train.js';
import { loadTechniqueCorpus } from '../dist/tasks/techniques/corpus.js';
import { paragraphKey } from '../dist/tasks/techniques/score.js';
import { TECHNIQUES } from '../dist/tasks/techniques/taxonomy.js';
import { resampleArticles, shiftRow } from '../dist/tasks/techniques/shift.js';
import { emLabelPriors, groupedFolds, labelIds, labelPriors, microF1At, seededRandom } from '../dist/learn/index.js';

const semeval = option('--data', process.env.NARRASCOPE_SEMEVAL2023 ?? '../shared/data/semeval2023-t3');
const k = Number(option('--folds', '5'));
const seeds = option('--seeds', '42,43,44').split(',').map(Number);
const langs = option('--lang', 'en,fr,de,it,pl,ru').split(',');
const skipPeer = argv.includes('--skip-peer');
const outDir = 'bench/out/techniques-cv';
mkdirSync(outDir, { recursive: true });
const log = (m) => process.stderr.write(`${m}\n`);

/** The technique mix each language's folds are shifted toward: another language's training mix. */
const OTHER = { en: 'it', fr: 'en', de: 'ru', it: 'pl', pl: 'de', ru: 'fr' };

function trainingMix(lang) {
  const { paragraphs } = loadTechniqueCorpus(semeval, () => {}, lang);
  return labelPriors(labelIds(paragraphs.map((p) => p.techniques), TECHNIQUES), TECHNIQUES.length);
}

function peer(lang, seed, cv) {
  if (skipPeer) return undefined;
  const path = join(outDir, `folds-${lang}-${seed}.json`);
  writeFileSync(path, JSON.stringify(Object.fromEntries(cv.paragraphs.map((p, i) => [paragraphKey(p.id, p.line), cv.folds[i]]))));
  log(`peer ${lang} seed ${seed} …`);
  return JSON.parse(execFileSync('/usr/bin/python3', ['bench/techniques_peer.py', 'techniques', path, '--data', semeval, '--lang', lang], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Every evaluation fold as it is and resampled toward two shifted mixes (another language's, and
 * every technique half as frequent): micro-F1 without and with EM priors, and the mean absolute error
 * of the priors used (training priors, or EM's estimate) against the resample's true shares.
 */
function shiftTest(cv, seed, otherMix) {
  const scenarios = { 'as is': null, [`${OTHER[cv.lang]} mix`]: otherMix, 'half as frequent': null };
  const out = {};
  for (const name of Object.keys(scenarios)) {
    const rows = { without: [], with: [], priorErrorWithout: [], priorErrorWith: [] };
    for (const fit of cv.fits) {
      const test = [];
      cv.folds.forEach((f, i) => f === fit.fold && test.push(i));
      const Yt = test.map((i) => cv.Y[i]);
      const groups = test.map((i) => cv.paragraphs[i].id);
      const target = name === 'half as frequent' ? labelPriors(Yt, TECHNIQUES.length).map((x) => x / 2) : scenarios[name];
      const pick = target ? resampleArticles(Yt, groups, target, test.length, seededRandom(seed * 1000 + fit.fold)).map((q) => test[q]) : test;
      const probs = pick.map((i) => cv.probabilities[i]);
      const Y = pick.map((i) => cv.Y[i]);
      const truth = labelPriors(Y, TECHNIQUES.length);
      // EM as the batch step runs it (src/tasks/shift.ts: maximum likelihood, no pseudo-count).
      const em = emLabelPriors(probs, fit.priors).priors;
      rows.without.push(microF1At(probs, Y, fit.thresholds));
      rows.with.push(microF1At(probs.map((p) => shiftRow(p, fit.priors, em)), Y, fit.thresholds));
      rows.priorErrorWithout.push(mean(Array.from(truth, (t, l) => Math.abs(t - fit.priors[l]))));
      rows.priorErrorWith.push(mean(Array.from(truth, (t, l) => Math.abs(t - em[l]))));
    }
    out[name] = Object.fromEntries(Object.entries(rows).map(([key, xs]) => [key, mean(xs)]));
  }
  return out;
}

function run() {
  for (const lang of langs) {
    const otherMix = trainingMix(OTHER[lang]);
    for (const seed of seeds) {
      log(`techniques ${lang} seed ${seed} …`);
      const cv = crossValidateTechniques(semeval, k, seed, { lang }, log);
      const p = peer(lang, seed, cv);
      const result = {
        lang,
        seed,
        folds: k,
        paragraphs: cv.paragraphs.length,
        microF1: cv.score.microF1,
        macroF1: cv.score.macroF1,
        seconds: cv.seconds,
        recipes: cv.fits.map((f) => f.recipe),
        candidates: cv.fits.map((f) => f.candidates),
        ece: { all: cv.reliability.all.ece, positive: cv.reliability.positive.ece, positiveCount: cv.reliability.positive.n, positiveBins: cv.reliability.positive.bins },
        shift: shiftTest(cv, seed, otherMix),
        peer: p ? { microF1: p.microF1, macroF1: p.macroF1, seconds: p.seconds, sklearn: p.sklearn } : null,
        date: new Date().toISOString().slice(0, 10),
      };
      writeFileSync(join(outDir, `${lang}-${seed}.json`), `${JSON.stringify(result, null, 1)}\n`);
      log(`${lang} seed ${seed}: micro-F1 ${result.microF1.toFixed(3)} (peer ${p ? p.microF1.toFixed(3) : '—'}), ${cv.seconds.toFixed(0)} s`);
    }
  }
}

const sd = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const pm = (xs) => (xs.length ? `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}` : '—');

/** The peer's mean ± sd, naming its seeds when it ran on fewer than narrascope. */
const peerCell = (rs, peers, key) => `${pm(peers.map((r) => r.peer[key]))}${peers.length && peers.length < rs.length ? ` (seed ${peers.map((r) => r.seed).join(', ')})` : ''}`;

function table() {
  const results = readdirSync(outDir).filter((f) => /^[a-z]{2}-\d+\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')));
  const byLang = new Map();
  for (const r of results) byLang.set(r.lang, [...(byLang.get(r.lang) ?? []), r]);
  const order = ['en', 'fr', 'de', 'it', 'pl', 'ru'].filter((l) => byLang.has(l));
  const lines = ['| lang | seeds | paragraphs | micro-F1 | peer micro-F1 | macro-F1 | peer macro-F1 | ECE all pairs | ECE positive decisions | recipes chosen (folds) |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const l of order) {
    const rs = byLang.get(l).sort((a, b) => a.seed - b.seed);
    const peers = rs.filter((r) => r.peer);
    const recipes = rs.flatMap((r) => r.recipes).reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());
    lines.push(`| ${l.toUpperCase()} | ${rs.map((r) => r.seed).join(', ')} | ${rs[0].paragraphs} | ${pm(rs.map((r) => r.microF1))} | ${peerCell(rs, peers, 'microF1')} | ${pm(rs.map((r) => r.macroF1))} | ${peerCell(rs, peers, 'macroF1')} | ${pm(rs.map((r) => r.ece.all))} | ${pm(rs.map((r) => r.ece.positive))} | ${[...recipes].map(([n, c]) => `${n} ${c}`).join(', ')} |`);
  }
  lines.push('', '| lang | resample | micro-F1 without EM | with EM | prior MAE, training priors | prior MAE, EM estimate |', '|---|---|---|---|---|---|');
  for (const l of order) {
    const rs = byLang.get(l);
    for (const name of Object.keys(rs[0].shift)) {
      const s = rs.map((r) => r.shift[name]);
      lines.push(`| ${l.toUpperCase()} | ${name} | ${pm(s.map((x) => x.without))} | ${pm(s.map((x) => x.with))} | ${pm(s.map((x) => x.priorErrorWithout))} | ${pm(s.map((x) => x.priorErrorWith))} |`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `--peer-only`: the peer on the folds of runs saved with --skip-peer (the same seeded folds,
 * grouped by article), written into their JSON files.
 */
function peerOnly() {
  for (const lang of langs) {
    const { paragraphs } = loadTechniqueCorpus(semeval, () => {}, lang);
    const Y = labelIds(paragraphs.map((p) => p.techniques), TECHNIQUES);
    for (const seed of seeds) {
      const path = join(outDir, `${lang}-${seed}.json`);
      const result = JSON.parse(readFileSync(path, 'utf8'));
      const p = peer(lang, seed, { paragraphs, folds: groupedFolds(Y, result.folds, seed, articleGroups(paragraphs)) });
      result.peer = { microF1: p.microF1, macroF1: p.macroF1, seconds: p.seconds, sklearn: p.sklearn };
      writeFileSync(path, `${JSON.stringify(result, null, 1)}\n`);
      log(`${lang} seed ${seed}: peer ${p.microF1.toFixed(3)}`);
    }
  }
}

if (argv.includes('--table')) table();
else if (argv.includes('--peer-only')) peerOnly();
else run();
