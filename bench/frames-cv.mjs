// Frames (SemEval-2023 Task 3 subtask 2) per language: 5-fold CV on the training split with the
// recipe chosen inside each training part (nested), calibration of the out-of-fold probabilities
// (ECE over every article-frame pair and over positive decisions, reliability bins), the label-shift
// test (outer test folds resampled to shifted frame mixes, micro-F1 with and without per-frame EM),
// and the scikit-learn peer (bench/frames_peer.py) on the same folds. Imports dist/ (npm run build).
//
// Usage: node bench/frames-cv.mjs --lang fr --seed 42 [--folds 5] [--data DIR] [--no-peer]
//        → bench/out/frames-cv/<lang>-<seed>.json (+ <lang>-<seed>-reliability.json, folds file)
//        node bench/frames-cv.mjs --summary   → the tables (mean ± sd over the seeds run) as Markdown
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossValidateFrames, loadFramesData } from '../dist/tasks/frames/train.js';
import { shiftedFrames } from '../dist/tasks/frames/model.js';
import { writeFolds } from '../dist/corpora/commands.js';
import { SEMEVAL2023_LANGUAGES } from '../dist/corpora/semeval2023.js';
import { emLabelPriors, multiLabelReliability, reliability, seededRandom } from '../dist/learn/index.js';
import { argv, option } from './args.mjs';

const OUT = join('bench', 'out', 'frames-cv');
const data = option('--data', process.env.NARRASCOPE_SEMEVAL2023 ?? '../shared/data/semeval2023-t3');
const log = (m) => process.stderr.write(`${m}\n`);
const RESAMPLES = 5;

/** Micro-F1 counts of decisions `rows ≥ thresholds` against label sets. */
function counts(rows, Y, thresholds, acc = { tp: 0, fp: 0, fn: 0 }) {
  rows.forEach((p, i) => {
    const on = new Set(Y[i]);
    for (let l = 0; l < p.length; l++) {
      const d = p[l] >= thresholds[l];
      if (d && on.has(l)) acc.tp++;
      else if (d) acc.fp++;
      else if (on.has(l)) acc.fn++;
    }
  });
  return acc;
}
const f1 = ({ tp, fp, fn }) => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0);

/** Each frame's share of positives in label sets. */
function shares(Y, L) {
  const s = new Float64Array(L);
  for (const ys of Y) for (const l of ys) s[l] += 1 / Y.length;
  return s;
}

/**
 * A label-shift resample of a test fold: `n` articles drawn with replacement with weight
 * Π_l (π'_l/π_l)^y (1−π'_l)/(1−π_l))^(1−y), which moves each frame's share toward π' while
 * keeping p(text | frames), the label-shift assumption.
 */
function resample(test, Y, from, to, n, rand) {
  const clip = (x) => Math.min(0.97, Math.max(0.01, x));
  const w = test.map((i) => {
    const on = new Set(Y[i]);
    let v = 1;
    for (let l = 0; l < from.length; l++) {
      const a = clip(from[l]);
      const b = clip(to[l]);
      v *= on.has(l) ? b / a : (1 - b) / (1 - a);
    }
    return v;
  });
  const total = w.reduce((x, y) => x + y, 0);
  return Array.from({ length: n }, () => {
    let r = rand() * total;
    for (let q = 0; q < test.length; q++) if ((r -= w[q]) <= 0) return test[q];
    return test[test.length - 1];
  });
}

/** Target mixes for a fold: the training part's own, another language's, the three most frequent frames with odds ×2 and ×½. */
function scenarios(lang, trainPriors) {
  const other = lang === 'en' ? 'ru' : 'en';
  const otherMix = shares(loadFramesData(data, other).Y, trainPriors.length);
  const top = [...trainPriors.keys()].sort((a, b) => trainPriors[b] - trainPriors[a]).slice(0, 3);
  const odds = (k) => Float64Array.from(trainPriors, (p, l) => (top.includes(l) ? (k * p) / (1 - p + k * p) : p));
  return { training: trainPriors, [`${other} mix`]: otherMix, 'top-3 odds x2': odds(2), 'top-3 odds x0.5': odds(0.5) };
}

function shiftTest(cv, seed) {
  const rand = seededRandom(seed * 7919 + 1);
  const out = {};
  for (const fold of cv.perFold) {
    for (const [name, target] of Object.entries(scenarios(cv.lang, fold.priors))) {
      const acc = (out[name] ??= { without: { tp: 0, fp: 0, fn: 0 }, withEm: { tp: 0, fp: 0, fn: 0 } });
      for (let r = 0; r < RESAMPLES; r++) {
        const idx = resample(fold.test, cv.Y, fold.priors, target, fold.test.length, rand);
        const probs = idx.map((i) => cv.probabilities[i]);
        const Y = idx.map((i) => cv.Y[i]);
        counts(probs, Y, fold.thresholds, acc.without);
        const est = emLabelPriors(probs, fold.priors).priors;
        counts(probs.map((p) => shiftedFrames(p, fold.priors, est)), Y, fold.thresholds, acc.withEm);
      }
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { without: f1(v.without), withEm: f1(v.withEm) }]));
}

function calibration(cv) {
  const all = multiLabelReliability(cv.probabilities, cv.Y, 10);
  const p = [];
  const y = [];
  for (const fold of cv.perFold)
    for (const i of fold.test) {
      const on = new Set(cv.Y[i]);
      cv.probabilities[i].forEach((v, l) => {
        if (v >= fold.thresholds[l]) {
          p.push(v);
          y.push(on.has(l));
        }
      });
    }
  return { all, positive: reliability(p, y, 10) };
}

function peer(lang, foldsFile) {
  const r = spawnSync('/usr/bin/python3', ['bench/frames_peer.py', foldsFile, '--data', data, '--lang', lang], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/frames_peer.py: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function run(lang, seed, k) {
  mkdirSync(OUT, { recursive: true });
  const cv = crossValidateFrames(data, lang, k, seed, { log });
  const foldsFile = join(OUT, `${lang}-${seed}-folds.json`);
  writeFolds(foldsFile, cv.ids, cv.folds);
  const cal = calibration(cv);
  const result = {
    lang,
    seed,
    folds: k,
    date: new Date().toISOString().slice(0, 10),
    microF1: cv.score.microF1,
    macroF1: cv.score.macroF1,
    seconds: cv.seconds,
    recipes: cv.perFold.map((f) => f.recipe),
    innerF1: cv.perFold.map((f) => f.innerF1),
    ece: { all: cal.all.ece, positive: cal.positive.ece, positiveN: cal.positive.n },
    shift: shiftTest(cv, seed),
    peer: argv.includes('--no-peer') ? null : peer(lang, foldsFile),
  };
  writeFileSync(join(OUT, `${lang}-${seed}.json`), JSON.stringify(result, null, 1));
  writeFileSync(join(OUT, `${lang}-${seed}-reliability.json`), JSON.stringify({ all: cal.all.bins, positive: cal.positive.bins }, null, 1));
  log(JSON.stringify({ ...result, innerF1: undefined }));
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
const ms = (xs) => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`;

function summary() {
  const runs = readdirSync(OUT).filter((f) => /^[a-z]{2}-\d+\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')));
  const lines = ['| lang | seeds | micro-F1 | macro-F1 | peer micro-F1 | peer macro-F1 | ECE all pairs | ECE positive decisions | recipes chosen (outer folds) |', '|---|---|---|---|---|---|---|---|---|'];
  const shiftLines = ['| lang | mix | micro-F1 without EM | with EM |', '|---|---|---|---|'];
  for (const lang of Object.keys(SEMEVAL2023_LANGUAGES)) {
    const rs = runs.filter((r) => r.lang === lang).sort((a, b) => a.seed - b.seed);
    if (!rs.length) continue;
    const peers = rs.filter((r) => r.peer);
    const recipes = {};
    for (const r of rs) for (const x of r.recipes) recipes[x] = (recipes[x] ?? 0) + 1;
    lines.push(`| ${lang} | ${rs.map((r) => r.seed).join(', ')} | ${ms(rs.map((r) => r.microF1))} | ${ms(rs.map((r) => r.macroF1))} | ${peers.length ? ms(peers.map((r) => r.peer.microF1)) : '—'} | ${peers.length ? ms(peers.map((r) => r.peer.macroF1)) : '—'} | ${ms(rs.map((r) => r.ece.all))} | ${ms(rs.map((r) => r.ece.positive))} | ${Object.entries(recipes).map(([n, c]) => `${n} ${c}`).join(', ')} |`);
    for (const mix of Object.keys(rs[0].shift)) shiftLines.push(`| ${lang} | ${mix} | ${ms(rs.map((r) => r.shift[mix].without))} | ${ms(rs.map((r) => r.shift[mix].withEm))} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n${shiftLines.join('\n')}\n`);
}

if (argv.includes('--summary')) summary();
else run(option('--lang', 'en').toLowerCase(), Number(option('--seed', '42')), Number(option('--folds', '5')));
