#!/usr/bin/env node
/**
 * Fits the confidence calibration of src/lang (CALIBRATION in src/lang/index.ts): a logistic
 * regression of "the best language is right" on min(score margin, 0.01)·100 and ln(letters), over a
 * seeded sample of training sentences and their 2–5-word openings (so short inputs are represented).
 *
 *   npm run build && node bench/lang-calibration.mjs [--data ../shared/data] [--per-language 1000] [--seed 42]
 *
 * Prints the fitted weights, the log loss and expected calibration error of the fit and of the
 * weights currently in the code, and a reliability table.
 */
import { rankLanguages, calibratedConfidence, CALIBRATION } from '../dist/lang/index.js';
import { dataRoot, loadDocuments, sampleSentences } from './lang-data.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const sentences = sampleSentences(loadDocuments(dataRoot(args)), Number(option('per-language', '1000')), Number(option('seed', '42')));
const fragments = sentences.map((s, i) => ({ code: s.code, text: s.text.split(/\s+/).slice(0, 2 + (i % 4)).join(' ') }));

const rows = [];
for (const { code, text } of [...sentences, ...fragments]) {
  const { letters, ranked } = rankLanguages(text);
  if (ranked.length === 0) continue;
  const gap = ranked.length > 1 ? ranked[0][1] - ranked[1][1] : CALIBRATION.gapCap;
  rows.push({ gap, letters, right: ranked[0][0] === code ? 1 : 0 });
}
const features = (r) => [Math.min(r.gap, CALIBRATION.gapCap) * 100, Math.log(Math.max(1, r.letters))];

// Plain batch gradient descent: three weights, ~10k rows, converges well within the budget.
const w = [0, 0, 0];
for (let epoch = 0; epoch < 20000; epoch++) {
  const g = [0, 0, 0];
  for (const r of rows) {
    const [x1, x2] = features(r);
    const d = 1 / (1 + Math.exp(-(w[0] + w[1] * x1 + w[2] * x2))) - r.right;
    g[0] += d;
    g[1] += d * x1;
    g[2] += d * x2;
  }
  for (let k = 0; k < 3; k++) w[k] -= (0.5 * g[k]) / rows.length;
}

function report(name, predict) {
  let logLoss = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, right: 0 }));
  for (const r of rows) {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, predict(r)));
    logLoss -= r.right ? Math.log(p) : Math.log(1 - p);
    const b = bins[Math.min(9, Math.floor(p * 10))];
    b.n++;
    b.p += p;
    b.right += r.right;
  }
  const ece = bins.reduce((a, b) => a + Math.abs(b.p - b.right), 0) / rows.length;
  console.log(`| ${name} | ${(logLoss / rows.length).toFixed(4)} | ${ece.toFixed(4)} |`);
  return bins;
}

console.log(`Fitted on ${rows.length} texts: bias ${w[0].toFixed(3)}, gapWeight ${w[1].toFixed(3)}, lettersWeight ${w[2].toFixed(3)}\n`);
console.log('| weights | log loss | ECE |\n|---|---:|---:|');
report('fitted now', (r) => {
  const [x1, x2] = features(r);
  return 1 / (1 + Math.exp(-(w[0] + w[1] * x1 + w[2] * x2)));
});
const bins = report('in the code', (r) => calibratedConfidence(r.gap, r.letters));
console.log('\n| confidence (code) | texts | mean confidence | accuracy |\n|---|---:|---:|---:|');
bins.forEach((b, i) => {
  if (b.n) console.log(`| ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)} | ${b.n} | ${(b.p / b.n).toFixed(3)} | ${(b.right / b.n).toFixed(3)} |`);
});
