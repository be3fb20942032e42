#!/usr/bin/env node
// Quick entity-role experiments: 5-fold CV (folds by article) of narrascope alone, no peer, with
// training options given as JSON (deep-merged into the language's defaults). Prints one line per language.
//   npm run build && node bench/entities-experiment.mjs --lang EN [--opts '{"features":{"weights":{"polarity":0}}}'] [--folds 5] [--seed 13]
//   [--narratives gold|oof|oracle]  article narratives for the stance features (default: oof when the
//   options read them): held-out articles' always predicted by a narratives model trained without
//   their fold; training articles' gold or out of fold ('oracle': gold everywhere, a ceiling only).
//   Slow the first time (a narratives model per fold); cached, see entities-cv-narratives.mjs.
import { loadEntityCorpus, readRoleTaxonomy } from '../dist/tasks/entities/corpus.js';
import { crossValidateEntities } from '../dist/tasks/entities/cv.js';
import { readsNarratives } from '../dist/tasks/entities/stance.js';
import { cachedCvNarratives } from './entities-cv-narratives.mjs';
import { corpusContexts, trainOptionsFor } from '../dist/tasks/entities/train.js';
import { argv, entityBenchOptions, option } from './args.mjs';

const { data, langs, k, seed } = entityBenchOptions('EN');
const extra = JSON.parse(option('--opts', '{}'));
const narrativeSource = option('--narratives', '');
const merge = (a, b) => {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return b;
  const o = { ...a };
  for (const [key, v] of Object.entries(b)) o[key] = merge(a?.[key], v);
  return o;
};

const taxonomy = readRoleTaxonomy(data);
const f3 = (x) => x.toFixed(3);
for (const lang of langs) {
  const corpus = loadEntityCorpus(data, lang, taxonomy);
  const contexts = corpusContexts(corpus);
  const options = merge(trainOptionsFor(lang), { seed, ...extra });
  // --pool PT,RU (or "all"): other languages' mentions as extra training examples.
  const poolLangs = option('--pool', '').split(',').filter(Boolean).flatMap((l) => (l === 'all' ? ['EN', 'BG', 'HI', 'PT', 'RU'] : [l])).filter((l) => l !== lang);
  const pool = [];
  for (const pl of poolLangs) {
    const c = loadEntityCorpus(data, pl, taxonomy);
    for (const [f, ctx] of corpusContexts(c)) contexts.set(f, ctx);
    pool.push(...c.examples);
  }
  const langOptions = pool.length ? { ...options, pool } : options;
  // Narratives: as asked (--narratives), else out of fold when the options read them.
  const source = narrativeSource || (readsNarratives(options.features) ? 'oof' : '');
  const narratives = source ? cachedCvNarratives(data, corpus, k, seed, source) : undefined;
  const t0 = performance.now();
  const r = crossValidateEntities(corpus, k, seed, langOptions, contexts, narratives);
  const s = (performance.now() - t0) / 1000;
  const conf = {};
  corpus.examples.forEach((e, i) => {
    const key = `${corpus.taxonomy.mainRoles[e.main].slice(0, 3)}>${r.predictions[i].main.slice(0, 3)}`;
    conf[key] = (conf[key] ?? 0) + 1;
  });
  if (argv.includes('--confusion')) console.log(JSON.stringify(conf));
  console.log(`${lang} n=${corpus.examples.length}${pool.length ? `+${pool.length} (${poolLangs})` : ''}${source ? ` narratives=${source}` : ''} main ${f3(r.scores.mainAccuracy)} emr ${f3(r.scores.emr)} F1 ${f3(r.scores.microF1)} | majority ${f3(r.majority.mainAccuracy)}/${f3(r.majority.emr)} | ${s.toFixed(0)}s ${process.argv.includes('--opts') ? option('--opts', '') : ''}`);
}
