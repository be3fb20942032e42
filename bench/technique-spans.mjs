#!/usr/bin/env node
// Technique span extents on PTC (SemEval-2020 Task 11, training split): sentence spans against
// phrase spans (src/tasks/techniques/spans.ts), untrimmed and trimmed of edge function words, scored with SI (span overlap, official 2020 metric)
// and FLC (the same overlap counted only between spans of one technique). Seeded 5-fold CV by
// article; the sentence model is the shipped recipe retrained on each fold's training lines; the
// phrase penalty is chosen per outer fold by inner 3-fold CV on the training articles only (FLC F1),
// separately for the untrimmed and the trimmed phrases (so trimming is on while its penalty is chosen).
// Writes bench/out/technique-spans.{md,json}.
// Usage: npm run build && node bench/technique-spans.mjs [--ptc ../shared/data/ptc-semeval2020-t11] [--folds 5] [--seeds 42,1,2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { option } from './args.mjs';
import { fitMultiLabel, foldSplit, groupedFolds, labelIds } from '../dist/learn/index.js';
import { loadPtcCorpus } from '../dist/tasks/techniques/corpus.js';
import { ptcLines } from '../dist/tasks/techniques/ptc.js';
import { scoreSpanIdentification, scoreTechniqueSpans } from '../dist/tasks/techniques/score.js';
import { PTC_TECHNIQUES, toPtcTechnique } from '../dist/tasks/techniques/taxonomy.js';
import { TECHNIQUES_CONFIG } from '../dist/tasks/techniques/train.js';
import { isFunctionWord, phraseWindow, tokenScores } from '../dist/tasks/techniques/spans.js';
import { hashMarkedTexts, wordTokens } from '../dist/features/index.js';
import { runDetectors } from '../dist/tasks/techniques/detectors/index.js';

const ptcDir = option('--ptc', process.env.NARRASCOPE_PTC ?? '../shared/data/ptc-semeval2020-t11');
const k = Number(option('--folds', '5'));
const seeds = option('--seeds', '42,1,2').split(',').map(Number);
const PENALTIES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7];
const INNER = 3;
const cfg = TECHNIQUES_CONFIG;
const log = (m) => process.stderr.write(`${m}\n`);
const t0 = performance.now();

const corpus = loadPtcCorpus(ptcDir);
const { lines } = ptcLines(corpus);
const gold = corpus.spans;
const Y = labelIds(lines.map((l) => l.labels), PTC_TECHNIQUES);
const counts = hashMarkedTexts(lines.map((l) => l.text), cfg.hasher);
const groups = lines.map((l) => l.group);

// Detector spans do not learn anything: computed once, mapped onto the PTC classes.
const detectorSpans = [];
for (const [id, text] of corpus.articles)
  for (const f of runDetectors(text, 'en')) {
    const technique = toPtcTechnique(f.technique);
    if (technique) detectorSpans.push({ id, start: f.start, end: f.end, technique });
  }

/** The key of a phrase variant's predictions: the penalty, with "t" when trimmed. */
const key = (penalty, trim) => `${penalty}${trim ? 't' : ''}`;
const TRIMS = [false, true];

/**
 * Predicted spans of lines `test` by a model fitted on lines `train`: per variant ("sentence" and
 * each penalty, untrimmed and trimmed), one span per (line, technique above threshold).
 */
function predict(train, test, seed) {
  const fit = fitMultiLabel(train.map((i) => counts[i]), train.map((i) => Y[i]), PTC_TECHNIQUES, { ...cfg, seed }, [], undefined, train.map((i) => groups[i]));
  const m = { space: fit.space, model: fit.model, hasher: cfg.hasher, mark: true };
  const out = { sentence: [], ...Object.fromEntries(PENALTIES.flatMap((p) => TRIMS.map((t) => [key(p, t), []]))) };
  for (const i of test) {
    const line = lines[i];
    const p = fit.model.scores(fit.space.transform(counts[i]));
    for (let l = 0; l < PTC_TECHNIQUES.length; l++) {
      if (p[l] < fit.thresholds[l]) continue;
      const technique = PTC_TECHNIQUES[l];
      out.sentence.push({ id: line.id, start: line.start, end: line.end, technique });
      const scores = tokenScores(line.text, m, l);
      for (const pen of PENALTIES)
        for (const trim of TRIMS) {
          const w = phraseWindow(scores, pen, trim ? { text: line.text, lang: 'en' } : undefined) ?? { start: 0, end: line.text.length };
          out[key(pen, trim)].push({ id: line.id, start: line.start + w.start, end: line.start + w.end, technique });
        }
    }
  }
  return out;
}

/** Shares of `spans` whose first and whose last word is a function word: how ragged their edges read. */
function raggedEdges(spans) {
  let [n, first, last] = [0, 0, 0];
  for (const s of spans) {
    const words = wordTokens(corpus.articles.get(s.id).slice(s.start, s.end));
    if (!words.length) continue;
    n++;
    if (isFunctionWord(words[0], 'en')) first++;
    if (isFunctionWord(words.at(-1), 'en')) last++;
  }
  return { first: first / n, last: last / n };
}

const si = (pred, ids) => {
  const by = (spans) => {
    const m = new Map();
    for (const s of spans) if (ids.has(s.id)) m.set(s.id, [...(m.get(s.id) ?? []), s]);
    return m;
  };
  return scoreSpanIdentification(by(gold), by(pred));
};
const flc = (pred, ids) => scoreTechniqueSpans(gold.filter((s) => ids.has(s.id)), pred.filter((s) => ids.has(s.id)));

/**
 * The penalty with the best FLC F1 on out-of-fold predictions over the lines `train` (inner folds),
 * for untrimmed and for trimmed phrases: [untrimmed, trimmed].
 */
function choosePenalty(train, seed) {
  const innerFolds = groupedFolds(train.map((i) => Y[i]), INNER, seed + 100, train.map((i) => groups[i]));
  const pooled = Object.fromEntries(PENALTIES.flatMap((p) => TRIMS.map((t) => [key(p, t), []])));
  for (let g = 0; g < INNER; g++) {
    const { train: a, test: b } = foldSplit(innerFolds, g);
    const out = predict(a.map((q) => train[q]), b.map((q) => train[q]), seed);
    for (const k of Object.keys(pooled)) pooled[k].push(...out[k]);
  }
  const ids = new Set(train.map((i) => lines[i].id));
  return TRIMS.map((t) => {
    const f1s = PENALTIES.map((p) => flc(pooled[key(p, t)], ids).f1);
    return PENALTIES[f1s.indexOf(Math.max(...f1s))];
  });
}

const VARIANTS = ['sentence', 'phrase', 'trimmed', 'detectors', 'sentence+detectors', 'phrase+detectors', 'trimmed+detectors'];
const perSeed = [];
const diagnostic = []; // every fixed penalty on the outer folds: shown, never used to choose
for (const seed of seeds) {
  const folds = groupedFolds(Y, k, seed, groups);
  const pred = Object.fromEntries([...VARIANTS, ...PENALTIES.flatMap((p) => TRIMS.map((t) => key(p, t)))].map((v) => [v, []]));
  const chosen = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = foldSplit(folds, f);
    const [penalty, trimmedPenalty] = choosePenalty(train, seed);
    chosen.push(`${penalty}/${trimmedPenalty}`);
    const out = predict(train, test, seed);
    const testIds = new Set(test.map((i) => lines[i].id));
    const det = detectorSpans.filter((s) => testIds.has(s.id));
    pred.sentence.push(...out.sentence);
    pred.phrase.push(...out[key(penalty, false)]);
    pred.trimmed.push(...out[key(trimmedPenalty, true)]);
    pred.detectors.push(...det);
    pred['sentence+detectors'].push(...out.sentence, ...det);
    pred['phrase+detectors'].push(...out[key(penalty, false)], ...det);
    pred['trimmed+detectors'].push(...out[key(trimmedPenalty, true)], ...det);
    for (const p of PENALTIES) for (const t of TRIMS) pred[key(p, t)].push(...out[key(p, t)]);
    log(`seed ${seed} fold ${f + 1}/${k}: penalty ${penalty}, trimmed ${trimmedPenalty} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const all = new Set(corpus.articles.keys());
  perSeed.push({ seed, chosen, scores: Object.fromEntries(VARIANTS.map((v) => [v, { si: si(pred[v], all), flc: flc(pred[v], all) }])), edges: { phrase: raggedEdges(pred.phrase), trimmed: raggedEdges(pred.trimmed) } });
  diagnostic.push(Object.fromEntries(PENALTIES.flatMap((p) => TRIMS.map((t) => [key(p, t), flc(pred[key(p, t)], all).f1]))));
}

// The penalty the annotator ships (it trims): the same inner-CV choice made on all training articles.
const shipped = choosePenalty(lines.map((_, i) => i), seeds[0]);

const goldEdges = raggedEdges(gold);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const ms = (xs) => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`;
const cell = (v, metric, key) => ms(perSeed.map((r) => r.scores[v][metric][key]));
const date = new Date().toISOString().slice(0, 10);
const md = [
  '### PTC technique spans: sentence against phrase extents',
  '',
  `${date} · ${cpus()[0].model.trim()} · Node ${process.version} · \`node bench/technique-spans.mjs --folds ${k} --seeds ${seeds.join(',')}\``,
  '',
  `PTC training split (${corpus.articles.size} articles, ${gold.length} gold spans), ${k}-fold CV by article, fold seeds ${seeds.join(', ')} (mean ± sd over the seeds). Sentence model: the techniques recipe retrained on each fold's PTC lines. Phrase: the penalty chosen per outer fold by ${INNER}-fold inner CV on the training articles (FLC F1), from ${PENALTIES.join(', ')}; trimmed: phrase with function words and unpaired punctuation trimmed from both ends, its penalty chosen the same way with trimming on; chosen (phrase/trimmed) ${perSeed.map((r) => r.chosen.join(', ')).join('; ')}. Detectors: the surface-form detectors, mapped onto the PTC classes. SI: span overlap, technique-blind (official 2020); FLC: overlap between spans of the same technique (2019).`,
  '',
  '| spans | SI P | SI R | SI F1 | FLC P | FLC R | FLC F1 |',
  '|---|---|---|---|---|---|---|',
  ...VARIANTS.map((v) => `| ${v} | ${cell(v, 'si', 'precision')} | ${cell(v, 'si', 'recall')} | ${cell(v, 'si', 'f1')} | ${cell(v, 'flc', 'precision')} | ${cell(v, 'flc', 'recall')} | ${cell(v, 'flc', 'f1')} |`),
  '',
  `Each fixed penalty on the outer folds (FLC F1, diagnostic only — not used to choose), untrimmed / trimmed: ${PENALTIES.map((p) => `${p}: ${ms(diagnostic.map((d) => d[key(p, false)]))} / ${ms(diagnostic.map((d) => d[key(p, true)]))}`).join('; ')}.`,
  '',
  `Spans whose first / last word is a function word (function-words.json), mean over the seeds: phrase ${(mean(perSeed.map((r) => r.edges.phrase.first)) * 100).toFixed(1)}% / ${(mean(perSeed.map((r) => r.edges.phrase.last)) * 100).toFixed(1)}%; trimmed ${(mean(perSeed.map((r) => r.edges.trimmed.first)) * 100).toFixed(1)}% / ${(mean(perSeed.map((r) => r.edges.trimmed.last)) * 100).toFixed(1)}%; gold ${(goldEdges.first * 100).toFixed(1)}% / ${(goldEdges.last * 100).toFixed(1)}%.`,
  '',
  `Penalty chosen the same way on all ${corpus.articles.size} articles, untrimmed / trimmed (spans.json ships the trimmed one): ${shipped.join(' / ')}. Run time ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
  '',
];
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/technique-spans.md', md.join('\n'));
writeFileSync('bench/out/technique-spans.json', JSON.stringify({ perSeed, diagnostic, shipped }, null, 1));
process.stdout.write(md.join('\n'));
