#!/usr/bin/env node
// Calibration of entity-role confidences (issue 13): out-of-fold ECE (10 bins) of the confidences the
// Analysis shows — the decided main role's and each decided fine role's — raw and calibrated, from the
// entity CV (folds by article; BG, PT, RU with out-of-fold narratives). One JSON file per language and
// seed in bench/out; --report prints mean ± sd over the files found. --check-decisions compares the
// shipped models with and without their maps on the training documents (roles must be identical).
//   npm run build && node bench/entities-calibration.mjs --lang EN --seed 42 [--folds 5]
//   node bench/entities-calibration.mjs --report
//   node bench/entities-calibration.mjs --check-decisions [--lang EN,BG]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEntityCorpus, readRoleTaxonomy } from '../dist/tasks/entities/corpus.js';
import { crossValidateEntities } from '../dist/tasks/entities/cv.js';
import { corpusContexts, trainOptionsFor } from '../dist/tasks/entities/train.js';
import { readsNarratives } from '../dist/tasks/entities/stance.js';
import { reliability } from '../dist/learn/calibration.js';
import { annotateEntities } from '../dist/tasks/entities/annotate.js';
import { EntityRoleModel } from '../dist/tasks/entities/model.js';
import { loadEntityModel } from '../dist/tasks/entities/store.js';
import { cachedCvNarratives } from './entities-cv-narratives.mjs';
import { argv, entityBenchOptions } from './args.mjs';

const { data, langs, k, seed } = entityBenchOptions();
const out = 'bench/out';
mkdirSync(out, { recursive: true });
const fileOf = (lang, s) => join(out, `entities-calibration-${lang}-s${s}.json`);
const f3 = (x) => x.toFixed(3);

/** ECE of the shown main-role and fine-role confidences, raw and calibrated. */
function eces(shown) {
  const main = shown.map((s) => s.main);
  const fine = shown.flatMap((s) => s.fine);
  const ece = (xs, key) => reliability(xs.map((x) => x[key]), xs.map((x) => x.right), 10).ece;
  return { n: main.length, nFine: fine.length, mainRaw: ece(main, 'raw'), mainCal: ece(main, 'score'), fineRaw: ece(fine, 'raw'), fineCal: ece(fine, 'score') };
}

function measure() {
  const taxonomy = readRoleTaxonomy(data);
  for (const lang of langs) {
    const corpus = loadEntityCorpus(data, lang, taxonomy);
    const narratives = readsNarratives(trainOptionsFor(lang).features) ? cachedCvNarratives(data, corpus, k, seed, 'oof') : undefined;
    const t0 = performance.now();
    const r = crossValidateEntities(corpus, k, seed, { seed }, corpusContexts(corpus), narratives);
    const e = { lang, seed, k, seconds: (performance.now() - t0) / 1000, date: new Date().toISOString().slice(0, 10), ...eces(r.shown) };
    writeFileSync(fileOf(lang, seed), JSON.stringify(e) + '\n');
    process.stderr.write(`${lang} seed ${seed}: main ECE raw ${f3(e.mainRaw)} → ${f3(e.mainCal)}; fine ECE raw ${f3(e.fineRaw)} → ${f3(e.fineCal)} (${e.seconds.toFixed(0)} s)\n`);
  }
}

const meanSd = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return `${f3(m)} ± ${f3(sd)}`;
};

function report() {
  const lines = ['| lang | n | main ECE raw | main ECE calibrated | fine ECE raw | fine ECE calibrated | seeds |', '|---|---|---|---|---|---|---|'];
  for (const lang of langs) {
    const runs = [42, 43, 44].map((s) => fileOf(lang, s)).filter(existsSync).map((f) => JSON.parse(readFileSync(f, 'utf8')));
    if (!runs.length) continue;
    const col = (key) => meanSd(runs.map((r) => r[key]));
    lines.push(`| ${lang} | ${runs[0].n} | ${col('mainRaw')} | ${col('mainCal')} | ${col('fineRaw')} | ${col('fineCal')} | ${runs.map((r) => r.seed).join(', ')} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** The same model without its maps: decisions must match on every training document. */
function checkDecisions() {
  const taxonomy = readRoleTaxonomy(data);
  for (const lang of langs) {
    const cal = loadEntityModel(lang);
    if (!cal?.calibration) throw new Error(`models/entities/${lang}.nscm: no calibration maps`);
    const raw = new EntityRoleModel(cal.info, cal.taxonomy, cal.featureOptions, cal.prior, cal.main, cal.fine, cal.decode, cal.names);
    const corpus = loadEntityCorpus(data, lang, taxonomy);
    const roles = (es) => JSON.stringify(es.map((e) => [e.name, e.mainRole, e.fineRoles.map((f) => f.role)]));
    let docs = 0;
    let differ = 0;
    for (const text of corpus.texts.values()) {
      docs++;
      if (roles(annotateEntities(text, [], cal)) !== roles(annotateEntities(text, [], raw))) differ++;
    }
    let mentions = 0;
    for (const e of corpus.examples) {
      const ctx = corpusContexts({ texts: new Map([[e.file, corpus.texts.get(e.file)]]) }).get(e.file);
      const a = cal.classify(ctx, e.span, e.name);
      const b = raw.classify(ctx, e.span, e.name);
      if (a.main !== b.main || a.fine.map((f) => f.role).join() !== b.fine.map((f) => f.role).join()) mentions++;
    }
    process.stdout.write(`${lang}: ${docs} training documents, ${differ} with different entities or roles; ${corpus.examples.length} training mentions, ${mentions} with different roles\n`);
  }
}

if (argv.includes('--report')) report();
else if (argv.includes('--check-decisions')) checkDecisions();
else measure();
