#!/usr/bin/env node
// Quick cross-validation of narrative-model variants (no peer): prints coarse / fine / non-Other per language.
// Usage: npm run build && node bench/narratives-experiment.mjs [--langs EN] [--seed 42] [--opts '{"learner":{"C":5}}']
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : dflt;
};
const langs = arg('langs', 'EN').split(',');
const seed = Number(arg('seed', '42'));
const opts = JSON.parse(arg('opts', '{}'));
const data = arg('data', process.env.NARRASCOPE_SEMEVAL ?? join(here, '..', '..', 'shared', 'data', 'semeval2025-t10'));
const { crossValidate } = await import(join(here, '..', 'dist', 'tasks/narratives/cv.js'));
const f3 = (x) => x.toFixed(3);
for (const lang of langs) {
  const r = crossValidate(data, lang, 5, seed, opts, (m) => process.env.VERBOSE && console.error(m));
  console.log(`${lang}\t${f3(r.score.coarse.mean)}\t${f3(r.score.fine.mean)}\tnonOther ${f3(r.nonOther.coarse.mean)}/${f3(r.nonOther.fine.mean)}\tchrF ${f3(r.explanationChrF)}\t${r.seconds.toFixed(0)}s\t${JSON.stringify(opts)}`);
}
