#!/usr/bin/env node
// Narrative benchmark: seeded 5-fold cross-validation of narrascope's narrative models and of the
// peer (bench/narratives_peer.py: TF-IDF + scikit-learn one-vs-rest LogisticRegression) on the same
// folds, per language and fold seed; every choice (thresholds, decoding rule, calibration, dominant
// rule) is made inside each training fold. Also, on the held-out folds: expected calibration error of
// the shown scores (10 bins), coarse / fine F1 on batches resampled to other label mixes with and
// without label-shift adaptation (EM per label), and the dominant narrative against the subtask-3
// gold. Then inference speed of the shipped models.
// Usage: npm run build && node bench/narratives.mjs [--langs EN,BG] [--seeds 42,43,44] [--data DIR]
//   Each (language, seed) is saved to bench/out/narratives-<LANG>-s<seed>.json, so they can run in
//   separate processes; `--table` only renders bench/out/narratives.md (mean ± sd over the saved
//   seeds) and bench/out/narratives-reliability.json, and measures the shipped models' speed.
//   PEER_CACHE=<dir>: the peer's predictions are kept there as <LANG>-s<seed>.tsv and reused (the
//   folds of a language and seed never change, and the peer does not depend on narrascope's code).
//   --no-peer: narrascope only (the peer can run later into PEER_CACHE; `--table` scores what it finds there).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argv, option } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.NARRASCOPE_DIST ?? join(here, '..', 'dist');
const ALL = ['EN', 'BG', 'HI', 'PT', 'RU'];
const tableOnly = argv.includes('--table');
const noPeer = argv.includes('--no-peer');
const langs = option('--langs', ALL.join(',')).split(',');
const seeds = option('--seeds', '42,43,44').split(',').map(Number);
const data = option('--data', process.env.NARRASCOPE_SEMEVAL ?? join(here, '..', '..', 'shared', 'data', 'semeval2025-t10'));
const python = process.env.PEER_PYTHON ?? '/usr/bin/python3';
const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });

const { crossValidate, cvFolds, isOtherOnly } = await import(join(dist, 'tasks/narratives/cv.js'));
const { heldOutCalibration, shiftExperiment } = await import(join(dist, 'tasks/narratives/measure.js'));
const { topicLabel } = await import(join(dist, 'tasks/narratives/topic.js'));
const { loadTrainSplit, readTaxonomy } = await import(join(dist, 'tasks/narratives/corpus.js'));
const { parseSubtask2 } = await import(join(dist, 'tasks/narratives/io.js'));
const { scoreSubtask2 } = await import(join(dist, 'tasks/narratives/score.js'));
const { NarrativeModel } = await import(join(dist, 'tasks/narratives/model.js'));

const taxonomy = readTaxonomy(data);
const f3 = (x) => x.toFixed(3);
const summary = (s) => ({ coarse: s.coarse.mean, fine: s.fine.mean });
const share = (c, n) => ({ narrative: c.narrative / n, pair: c.pair / n, none: c.none / n });

/** The peer's coarse / fine F1 (all articles and non-Other ones) from its predictions file. */
function scorePeer(docs, peerFile) {
  const peerRows = parseSubtask2(readFileSync(peerFile, 'utf8')).rows;
  const gold = docs.map((d) => d.gold);
  const keep = new Set(gold.filter((g) => !isOtherOnly(g)).map((g) => g.id));
  return { ...summary(scoreSubtask2(gold, peerRows, taxonomy)), nonOther: summary(scoreSubtask2(gold.filter((g) => keep.has(g.id)), peerRows.filter((p) => keep.has(p.id)), taxonomy)) };
}

if (!tableOnly) {
  const work = join(tmpdir(), `narrascope-bench-${process.pid}`);
  mkdirSync(work, { recursive: true });
  for (const lang of langs)
    for (const seed of seeds) {
      const docs = loadTrainSplit(data, lang);
      const folds = cvFolds(docs, 5, seed, taxonomy.narratives);
      const foldFile = join(work, `folds-${lang}-${seed}.tsv`);
      writeFileSync(foldFile, docs.map((d, i) => `${d.id}\t${folds[i]}\n`).join(''));
      const ours = crossValidate(data, lang, 5, seed, {}, (m) => console.error(`seed ${seed} ${m}`));
      if (ours.folds.some((f, i) => f !== folds[i])) throw new Error(`${lang}: fold assignment differs between the two systems`);
      const cache = process.env.PEER_CACHE;
      const peerFile = cache ? join(cache, `${lang}-s${seed}.tsv`) : join(work, `peer-${lang}-${seed}.tsv`);
      const t0 = Date.now();
      const speedOut = noPeer || (cache && existsSync(peerFile)) ? '' : execFileSync(python, [join(here, 'narratives_peer.py'), data, lang, foldFile, peerFile, '--seed', String(seed), ...(lang === 'EN' && seed === seeds[0] ? ['--speed'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const peerSeconds = (Date.now() - t0) / 1000;
      const peerScores = existsSync(peerFile) ? { ...scorePeer(docs, peerFile), seconds: peerSeconds } : null;
      const speedLine = speedOut.split('\n').find((l) => l.startsWith('peer-speed'));
      const topics = docs.map((d) => topicLabel(d.id, d.gold));
      // Batches resampled from each held-out fold to another label mix (the decoder unchanged).
      const batches = [
        { name: 'training mix', select: () => true },
        { name: 'war only (URW)', select: (i) => topics[i] === 'URW' },
        { name: 'climate only (CC)', select: (i) => topics[i] === 'CC' },
        { name: 'no "Other" articles', select: (i) => !isOtherOnly(docs[i].gold) },
        { name: '"Other" and war only', select: (i) => topics[i] === 'URW' || isOtherOnly(docs[i].gold) },
      ].filter((b) => docs.some((_, i) => b.select(i)));
      // With the pseudo-count each fold's training chose, and (for comparison only, never used to pick) plain maximum-likelihood EM.
      const ml = shiftExperiment(ours, batches, taxonomy, { pseudoCount: 0 });
      const shift = shiftExperiment(ours, batches, taxonomy).map((r, k) => ({ name: r.name, articles: r.articles, without: summary(r.without), with: summary(r.with), withML: summary(ml[k].with) }));
      const calibration = heldOutCalibration(ours);
      const n = ours.dominant.articles;
      const result = {
        lang,
        articles: docs.length,
        seed,
        date: new Date().toISOString().slice(0, 10),
        ours: { ...summary(ours.score), nonOther: summary(ours.nonOther), chrF: ours.explanationChrF, chrFCount: ours.explanationCount, seconds: ours.seconds, topic: ours.topic, topicOther: ours.topicOther },
        peer: peerScores,
        peerSpeed: speedLine ? { articles: Number(speedLine.split('\t')[1]), seconds: Number(speedLine.split('\t')[2]) } : null,
        calibration,
        calibrationChoices: ours.heldOut.map((f) => f.model.meta.calibration.minPositives),
        pseudoCounts: ours.heldOut.map((f) => f.model.meta.calibration.pseudoCount),
        shift,
        dominant: { articles: n, rules: ours.dominant.rules, chosen: share(ours.dominant.chosen, n), decodedOnly: share(ours.dominant.decodedOnly, n), byRule: Object.fromEntries(Object.entries(ours.dominant.byRule).map(([k, c]) => [k, share(c, n)])) },
      };
      writeFileSync(join(outDir, `narratives-${lang}-s${seed}.json`), JSON.stringify(result, null, 1) + '\n');
      console.error(`${lang} seed ${seed}: ours ${f3(result.ours.coarse)}/${f3(result.ours.fine)} peer ${peerScores ? `${f3(peerScores.coarse)}/${f3(peerScores.fine)}` : 'not run'} ECE all ${f3(calibration.all.ece)} (raw ${f3(calibration.allRaw.ece)}) shown ${f3(calibration.shown.ece)} (raw ${f3(calibration.shownRaw.ece)}) dominant ${f3(result.dominant.chosen.narrative)} (decoded only ${f3(result.dominant.decodedOnly.narrative)})`);
      for (const r of shift) console.error(`  ${r.name} (${r.articles}): without ${f3(r.without.coarse)}/${f3(r.without.fine)} with EM ${f3(r.with.coarse)}/${f3(r.with.fine)} with ML EM ${f3(r.withML.coarse)}/${f3(r.withML.fine)}`);
    }
}

if (!tableOnly) process.exit(0);

// Inference speed of each shipped model on its language's training articles (loading excluded, reported separately).
const speed = {};
for (const lang of ALL) {
  const modelPath = join(here, '..', 'models', 'narratives', `${lang}.nscm`);
  if (!existsSync(modelPath)) continue;
  const t0 = performance.now();
  const model = NarrativeModel.load(modelPath);
  const loadMs = performance.now() - t0;
  const docs = loadTrainSplit(data, lang);
  for (const d of docs.slice(0, 20)) model.decode(model.probabilities(model.vectorize(d.text))); // warm-up
  // Best of 3 passes: single passes on this shared virtual machine vary by ±30%.
  let sec = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t1 = performance.now();
    for (const d of docs) model.decode(model.probabilities(model.vectorize(d.text)));
    sec = Math.min(sec, (performance.now() - t1) / 1000);
  }
  speed[lang] = { perSecond: docs.length / sec, loadMs, mb: statSync(modelPath).size / 1e6 };
}

const saved = readdirSync(outDir).filter((f) => /^narratives-[A-Z]{2}-s\d+\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')));
// Runs saved without the peer take its figures from PEER_CACHE when it has run since (same folds).
for (const r of saved) {
  const file = process.env.PEER_CACHE ? join(process.env.PEER_CACHE, `${r.lang}-s${r.seed}.tsv`) : null;
  if (!r.peer && file && existsSync(file)) r.peer = scorePeer(loadTrainSplit(data, r.lang), file);
}
const byLang = ALL.map((lang) => ({ lang, runs: saved.filter((r) => r.lang === lang && seeds.includes(r.seed)).sort((a, b) => a.seed - b.seed) })).filter((g) => g.runs.length);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)));
const ms = (xs) => `${f3(mean(xs))} ± ${f3(sd(xs))}`;
const col = (runs, get) => ms(runs.map(get));
const uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
const dates = [...new Set(saved.map((r) => r.date))].sort().join(', ');
let md = `## Narratives (SemEval-2025 Task 10, subtasks 2 and 3), 5-fold cross-validation on the training split\n\n`;
md += `Dates: ${dates} · machine: \`${uname}\`, ${cpus().length} cores (shared) · command: \`npm run build && node bench/narratives.mjs --langs EN --seeds 42\` (one process per language and seed), then \`node bench/narratives.mjs --table\`\n\n`;
md += `Mean ± sd over fold seeds (${byLang.map((g) => `${g.lang}: ${g.runs.map((r) => r.seed).join(', ')}`).join('; ')}). Same folds for both systems (iterative stratification); every choice — thresholds, decoding rule, calibration, dominant rule — is made inside each training fold (inner 5-fold CV), never on the evaluation fold. F1 = official per-article F1 (coarse = narratives, fine = sub-narratives); "non-Other" = articles whose gold is not "Other" alone.\n\n`;
md += `| lang | articles | narrascope coarse | narrascope fine | peer coarse | peer fine | narrascope non-Other coarse / fine | peer non-Other coarse / fine | explanation chrF |\n|---|---|---|---|---|---|---|---|---|\n`;
for (const { lang, runs } of byLang) {
  // The peer over the seeds it has run for (named when fewer than narrascope's).
  const peered = runs.filter((r) => r.peer);
  const p = (get) => (peered.length ? col(peered, get) + (peered.length < runs.length ? ` (seed${peered.length > 1 ? 's' : ''} ${peered.map((r) => r.seed).join(', ')})` : '') : 'not run');
  md += `| ${lang} | ${runs[0].articles} | ${col(runs, (r) => r.ours.coarse)} | ${col(runs, (r) => r.ours.fine)} | ${p((r) => r.peer.coarse)} | ${p((r) => r.peer.fine)} | ${col(runs, (r) => r.ours.nonOther.coarse)} / ${col(runs, (r) => r.ours.nonOther.fine)} | ${p((r) => r.peer.nonOther.coarse)} / ${p((r) => r.peer.nonOther.fine)} | ${col(runs, (r) => r.ours.chrF)} |\n`;
}
md += `\nCalibration of the held-out scores (10 equal-width bins; expected calibration error, ECE): over every (article, label) pair of the narratives and sub-narratives, and over the labels the Analysis shows (each chosen narrative and specific sub-narrative). Calibrated = what the Analysis shows: decided labels through Platt maps fitted on the decided pairs of the inner held-out articles, other labels through per-label maps fitted on all inner out-of-fold pairs (support cut-off, or no map, chosen by two-fold cross-fitting), both moved to the final model's scale on the unlabeled articles (calibrate.ts); raw = the model's logistic outputs. Reliability bins: bench/out/narratives-reliability.json.\n\n`;
md += `| lang | ECE, all pairs | raw | ECE, shown labels | raw | shown pairs per seed |\n|---|---|---|---|---|---|\n`;
for (const { lang, runs } of byLang) md += `| ${lang} | ${col(runs, (r) => r.calibration.all.ece)} | ${col(runs, (r) => r.calibration.allRaw.ece)} | ${col(runs, (r) => r.calibration.shown.ece)} | ${col(runs, (r) => r.calibration.shownRaw.ece)} | ${mean(runs.map((r) => r.calibration.shown.n)).toFixed(0)} |\n`;
md += `\nLabel shift: batches drawn from each held-out fold with another label mix, decided without and with adaptation (each fold's batch: label priors by EM per label on its calibrated probabilities, Saerens et al. 2002; scores shifted and decided by the same decoder), coarse / fine F1 over all folds' batches.\n\n`;
md += `The pseudo-count is chosen inside each training fold (10⁹ = keep the training priors, i.e. no adaptation); "ML EM" is plain maximum-likelihood EM (pseudo-count 0), shown for comparison and not used to pick (seeds where it was measured).\n\n`;
md += `| lang | batch | articles | without | with EM (pseudo-count chosen in training) | Δ coarse / fine | ML EM | pseudo-counts chosen |\n|---|---|---|---|---|---|---|---|\n`;
for (const { lang, runs } of byLang)
  for (const b of runs[0].shift) {
    const rs = runs.map((r) => r.shift.find((x) => x.name === b.name));
    const mlRuns = runs.filter((r) => r.shift[0].withML).map((r) => r.shift.find((x) => x.name === b.name));
    const chosen = runs.flatMap((r) => r.pseudoCounts ?? []).reduce((m, x) => ({ ...m, [x >= 1e9 ? 'none' : x]: (m[x >= 1e9 ? 'none' : x] ?? 0) + 1 }), {});
    md += `| ${lang} | ${b.name} | ${b.articles} | ${col(rs, (x) => x.without.coarse)} / ${col(rs, (x) => x.without.fine)} | ${col(rs, (x) => x.with.coarse)} / ${col(rs, (x) => x.with.fine)} | ${col(rs, (x) => x.with.coarse - x.without.coarse)} / ${col(rs, (x) => x.with.fine - x.without.fine)} | ${mlRuns.length ? `${col(mlRuns, (x) => x.withML.coarse)} / ${col(mlRuns, (x) => x.withML.fine)} (${mlRuns.length} seed${mlRuns.length > 1 ? 's' : ''})` : '–'} | ${Object.entries(chosen).map(([k, v]) => `${k} ×${v}`).join(', ') || '–'} |\n`;
  }
md += `\nDominant narrative against the subtask-3 gold (articles with a gold dominant narrative): share whose predicted dominant narrative is the gold one (narrative right), and whose narrative and sub-narrative both are (pair right), and share given none. Now: the rule chosen inside each training fold, picked from the decoded narratives or, for an article decoded as "Other", from the narratives over their own thresholds; before: the fixed "combined" rule from the decoded narratives only. Per-rule figures (all with the new candidates) are shown for comparison and are not used to pick.\n\n`;
md += `| lang | articles | narrative right, now | pair right, now | none, now | narrative right, before | none, before | rules chosen | combined | likeliest narrative | likeliest sub-narrative |\n|---|---|---|---|---|---|---|---|---|---|---|\n`;
for (const { lang, runs } of byLang) {
  const rules = runs.flatMap((r) => r.dominant.rules).reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
  md += `| ${lang} | ${runs[0].dominant.articles} | ${col(runs, (r) => r.dominant.chosen.narrative)} | ${col(runs, (r) => r.dominant.chosen.pair)} | ${col(runs, (r) => r.dominant.chosen.none)} | ${col(runs, (r) => r.dominant.decodedOnly.narrative)} | ${col(runs, (r) => r.dominant.decodedOnly.none)} | ${Object.entries(rules).map(([k, v]) => `${k} ${v}`).join(', ')} | ${col(runs, (r) => r.dominant.byRule.combined.narrative)} | ${col(runs, (r) => r.dominant.byRule.narrative.narrative)} | ${col(runs, (r) => r.dominant.byRule.sub.narrative)} |\n`;
}
// Reliability bins pooled over the seeds (counts added, means weighted by count), for plots.
const pool = (rels) => rels[0].bins.map((b, k) => {
  const count = rels.reduce((a, r) => a + r.bins[k].count, 0);
  const w = (key) => (count ? rels.reduce((a, r) => a + r.bins[k][key] * r.bins[k].count, 0) / count : 0);
  return { lo: b.lo, hi: b.hi, count, confidence: w('confidence'), frequency: w('frequency') };
});
writeFileSync(join(outDir, 'narratives-reliability.json'), JSON.stringify(Object.fromEntries(byLang.map(({ lang, runs }) => [lang, Object.fromEntries(['all', 'allRaw', 'shown', 'shownRaw'].map((k) => [k, { ece: runs.map((r) => r.calibration[k].ece), bins: pool(runs.map((r) => r.calibration[k])) }]))])), null, 1) + '\n');
const en = saved.find((r) => r.lang === 'EN' && r.peerSpeed);
if (Object.keys(speed).length) {
  md += `\nInference speed of the shipped models, one core, model loaded (best of 3 passes): ${Object.entries(speed).map(([l, s]) => `${l} ${s.perSecond.toFixed(0)} articles/s (load ${s.loadMs.toFixed(0)} ms, ${s.mb.toFixed(1)} MB)`).join(', ')}${en ? `; peer EN ${(en.peerSpeed.articles / en.peerSpeed.seconds).toFixed(0)} articles/s (vectorise + predict_proba for narratives and sub-narratives)` : ''}.\n`;
}
writeFileSync(join(outDir, 'narratives.md'), md);
console.log(md);
