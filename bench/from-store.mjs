#!/usr/bin/env node
// `train narratives --from-store` on a store whose analysts approved exactly the gold labels of the
// English SemEval-2025 training split: every article stored with its fast-tier analysis, the model's
// labels that are not gold rejected and the gold ones added through the annotations API, then the
// command run as a user would (HOME in a temporary folder, so nothing is installed for the machine's
// user). Its cross-validated scores should land near `eval narratives --cv 5` on the same articles
// (docs/narratives.md), less the unlabeled test articles, subtask-3 dominants and out-of-domain
// articles the from-store folder does not have; the shipped model was trained on these very articles,
// so its score on them is in-sample and the new model is not installed. Prints a docs/BENCHMARKS.md section.
//   npm run build && node bench/from-store.mjs [--data ../shared/data/semeval2025-t10] [--lang EN] [--limit n]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { option } from './args.mjs';
import { createArticle } from '../dist/doc/article.js';
import { analyzeBatch } from '../dist/pipeline.js';
import { SqliteEngine } from '../dist/store/sqlite-engine.js';
import { loadTrainSplit } from '../dist/tasks/narratives/corpus.js';

const data = option('--data', process.env.NARRASCOPE_SEMEVAL ?? '../shared/data/semeval2025-t10');
const lang = option('--lang', 'EN');
const limit = option('--limit', undefined);

/** The analyst's decisions that turn the model's labels into the gold row. */
function decisionsFor(analysis, gold) {
  const n = analysis.narratives;
  const model = n?.status === 'ok' ? [...n.narratives.map((x) => x.label), ...n.subNarratives.map((x) => x.label)] : [];
  const want = [...gold.narratives, ...gold.subNarratives].filter((l) => l !== 'Other' && !l.endsWith(': Other'));
  const decisions = [
    ...model.filter((l) => !want.includes(l)).map((label) => ({ task: 'narratives', label, decision: 'reject' })),
    ...want.map((label) => ({ task: 'narratives', label, decision: model.includes(label) ? 'accept' : 'add' })),
  ];
  return decisions.length ? decisions : [{ task: 'narratives', label: 'Other', decision: 'accept' }];
}

const dir = mkdtempSync(join(tmpdir(), 'narrascope-bench-from-store-'));
try {
  const docs = loadTrainSplit(data, lang).slice(0, limit ? Number(limit) : undefined);
  const db = join(dir, 'corpus.db');
  const engine = new SqliteEngine(db);
  const articles = docs.map((d) => createArticle({ id: d.id, raw: d.text, origin: { format: 'text', path: d.id } }));
  const { analyses } = analyzeBatch(articles.map((article) => ({ article, language: lang.toLowerCase() })), { priors: 'training' });
  await engine.putBatch(articles.map((article, i) => ({ article, analysis: analyses[i] })));
  let decided = 0;
  for (let i = 0; i < docs.length; i++) {
    // An article whose text is already stored under another id (the split repeats a few texts) is decided there.
    const stored = (await engine.get(docs[i].id)) ?? (await engine.get(articles[i].hash));
    const r = await engine.annotations.annotate({ articleId: stored.id, author: 'gold', decisions: decisionsFor(analyses[i], docs[i].gold) });
    decided += r.annotations.length;
  }
  await engine.close();
  const env = { ...process.env, HOME: join(dir, 'home') };
  delete env.NARRASCOPE_MODELS;
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['dist/cli/main.js', 'train', 'narratives', '--from-store', '--db', db, '--lang', lang], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`train --from-store failed:\n${run.stderr}`);
  const seconds = (performance.now() - t0) / 1000;
  const command = `node bench/from-store.mjs --lang ${lang}${limit ? ` --limit ${limit}` : ''}`;
  console.log(`### train narratives --from-store on the approved ${lang} training split (${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`Machine: 2-core AMD EPYC (shared). Command: \`npm run build && ${command}\`.`);
  console.log(`${docs.length} articles, ${decided} decisions (the gold labels as an analyst's accept, reject and add); \`train narratives --from-store\` took ${seconds.toFixed(0)} s.\n`);
  console.log('```');
  process.stdout.write(run.stdout);
  process.stdout.write(run.stderr);
  console.log('```');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
