#!/usr/bin/env node
// Entity framing (SemEval-2025 Task 10 subtask 1): 5-fold cross-validation per language, folds by
// article, with the majority baseline and the scikit-learn peer (bench/entities_peer.py) on the same
// folds in the same run, plus inference speed on one core. Writes bench/out/entities.md.
//   npm run build && node bench/entities-bench.mjs [--data ../shared/data/semeval2025-t10] [--lang EN,PT] [--folds 5] [--seed 13]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { loadEntityCorpus, readRoleTaxonomy } from '../dist/tasks/entities/corpus.js';
import { crossValidateEntities } from '../dist/tasks/entities/cv.js';
import { corpusContexts, trainOptionsFor } from '../dist/tasks/entities/train.js';
import { readsNarratives } from '../dist/tasks/entities/stance.js';
import { cachedCvNarratives } from './entities-cv-narratives.mjs';
import { utf16ToCodePoint, parseMentions } from '../dist/tasks/entities/io.js';
import { loadEntityModel } from '../dist/tasks/entities/store.js';
import { folderSource, predictMentions } from '../dist/tasks/entities/predict.js';
import { argv, entityBenchOptions } from './args.mjs';

const { data, langs, k, seed } = entityBenchOptions();
const ablate = argv.includes('--ablate-prior');
const out = 'bench/out';
mkdirSync(out, { recursive: true });
const taxonomy = readRoleTaxonomy(data);
const f3 = (x) => x.toFixed(3);
const rows = [];

for (const lang of langs) {
  const corpus = loadEntityCorpus(data, lang, taxonomy);
  const contexts = corpusContexts(corpus);
  // Languages whose model reads the article's narratives get them per fold, held-out articles' from a
  // narratives model that never saw them (out of fold for the training articles).
  const narratives = readsNarratives(trainOptionsFor(lang).features) ? cachedCvNarratives(data, corpus, k, seed, 'oof') : undefined;
  const t0 = performance.now();
  const r = crossValidateEntities(corpus, k, seed, { seed }, contexts, narratives);
  const cvSeconds = (performance.now() - t0) / 1000;
  let noPrior = null;
  if (ablate) {
    const base = trainOptionsFor(lang).features;
    const features = { ...base, weights: { ...base.weights, prior: 0 } };
    noPrior = crossValidateEntities(corpus, k, seed, { seed, features }, contexts, narratives).scores;
  }
  // The folds and code-point offsets for the peer.
  const foldFile = join(out, `entities-folds-${lang}.tsv`);
  writeFileSync(foldFile, corpus.examples.map((e, i) => {
    const raw = corpus.texts.get(e.file);
    const cp = utf16ToCodePoint(raw, e.span);
    return [e.file, cp.start, cp.end, corpus.taxonomy.mainRoles[e.main], e.fine.map((f) => corpus.taxonomy.fineRoles[f]).join('|'), r.folds[i]].join('\t');
  }).join('\n') + '\n');
  const peerOut = execFileSync('/usr/bin/python3', ['bench/entities_peer.py', '--folds', foldFile, '--docs', join(data, lang, 'train', 'raw-documents')], { encoding: 'utf8' });
  const peer = JSON.parse(peerOut.trim().split('\n').pop());
  rows.push({ lang, n: corpus.examples.length, ours: r.scores, majority: r.majority, peer, cvSeconds, noPrior });
  process.stderr.write(`${lang}: ours main ${f3(r.scores.mainAccuracy)} emr ${f3(r.scores.emr)} | peer main ${f3(peer.mainAccuracy)} emr ${f3(peer.emr)} | majority main ${f3(r.majority.mainAccuracy)} emr ${f3(r.majority.emr)}${noPrior ? ` | no prior main ${f3(noPrior.mainAccuracy)} emr ${f3(noPrior.emr)}` : ''}\n`);
}

// Speed: role inference for the EN test mentions (article context + features + models + decoding), one core.
let speed = null;
const model = loadEntityModel('EN');
if (model) {
  const docs = join(data, 'EN', 'test', 'subtask-1-documents');
  const { rows: mentions } = parseMentions(readFileSync(join(data, 'EN', 'test', 'subtask-1-entity-mentions.txt'), 'utf8'));
  const texts = new Map();
  const src = folderSource(docs);
  for (const m of mentions) if (!texts.has(m.file)) texts.set(m.file, src(m.file));
  const cached = (f) => texts.get(f) ?? null;
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    predictMentions(mentions, cached, model);
    best = Math.min(best, performance.now() - t);
  }
  speed = { mentions: mentions.length, articles: texts.size, perSecond: mentions.length / (best / 1000) };
}

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}, ${hostname()}`;
const cmd = `node bench/entities-bench.mjs ${argv.join(' ')}`.trim();
const line = (name, s) => `| ${name} | ${f3(s.mainAccuracy)} | ${f3(s.emr)} | ${f3(s.microPrecision)} | ${f3(s.microRecall)} | ${f3(s.microF1)} |`;
const md = [
  `## Entity framing (SemEval-2025 Task 10 subtask 1), ${k}-fold CV on the training split`,
  '',
  `Date ${date}; machine: ${machine}; command: \`${cmd}\`; seed ${seed}; folds by article, the same folds for every system.`,
  '',
  '| lang | system | main acc | EMR | micro P | micro R | micro F1 |',
  '|---|---|---|---|---|---|---|',
  ...rows.flatMap((r) => [
    line(`${r.lang} (n=${r.n})`, r.ours).replace(/^\| ([^|]+) \|/, `| $1 | narrascope |`),
    line(r.lang, r.peer).replace(/^\| ([^|]+) \|/, `| $1 | sklearn TF-IDF window LR |`),
    line(r.lang, r.majority).replace(/^\| ([^|]+) \|/, `| $1 | majority |`),
    ...(r.noPrior ? [line(r.lang, r.noPrior).replace(/^\| ([^|]+) \|/, `| $1 | narrascope without entity prior |`)] : []),
  ]),
  '',
  speed ? `Inference speed (EN test: ${speed.mentions} mentions in ${speed.articles} articles, article context + features + models + decoding, one core, best of 5): **${Math.round(speed.perSecond)} mentions/s**.` : 'Inference speed: no EN model in models/entities (run narrascope train entities first).',
  '',
  `CV wall time per language (s): ${rows.map((r) => `${r.lang} ${r.cvSeconds.toFixed(0)}`).join(', ')}.`,
  '',
];
writeFileSync(join(out, 'entities.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
