#!/usr/bin/env node
// Domain benchmark: seeded 5-fold cross-validation of the Analysis domain (topic model plus in-domain
// gate, src/tasks/narratives/topic.ts) for the languages with out-of-domain articles (EN, RU), per
// fold seed, and the mean ± sd over the seeds. In-domain articles keep the narrative CV's stratified
// folds; the screened out-of-domain articles (out-of-domain.ts) get folds of their own. With
// `--check-narratives` the first seed also runs without out-of-domain articles and the narrative
// predictions of the two runs are compared (the gate must not change them).
// Usage: npm run build && node bench/narratives-domain.mjs [--langs EN,RU] [--seeds 42,43,44] [--data DIR] [--check-narratives]
// Writes bench/out/narratives-domain.md and .json and prints the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argv, option } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.NARRASCOPE_DIST ?? join(here, '..', 'dist');
const langs = option('--langs', 'EN,RU').split(',');
const seeds = option('--seeds', '42,43,44').split(',').map(Number);
const data = option('--data', process.env.NARRASCOPE_SEMEVAL ?? join(here, '..', '..', 'shared', 'data', 'semeval2025-t10'));
const checkNarratives = argv.includes('--check-narratives');
const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });

const { crossValidate } = await import(join(dist, 'tasks/narratives/cv.js'));
const { defaultCorporaDir, loadOutOfDomainDocs } = await import(join(dist, 'tasks/narratives/out-of-domain.js'));

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)));
const ms = (xs) => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`;
const same = (a, b) => a.length === b.length && a.every((r, i) => r.id === b[i].id && r.narratives.join('|') === b[i].narratives.join('|') && r.subNarratives.join('|') === b[i].subNarratives.join('|'));

const results = [];
for (const lang of langs) {
  const ood = loadOutOfDomainDocs(lang, defaultCorporaDir(data));
  console.error(`${lang}: out-of-domain articles read ${ood.counts.read}, dropped by the screen ${ood.counts.dropped}, kept ${ood.counts.kept}`);
  const runs = [];
  for (const seed of seeds) {
    const cv = crossValidate(data, lang, 5, seed, {}, (m) => console.error(`seed ${seed} ${m}`), ood.docs);
    const d = cv.domain;
    const run = {
      seed,
      coarse: cv.score.coarse.mean,
      fine: cv.score.fine.mean,
      ...d,
      accuracy: d.right / d.known,
      accuracyWithoutGate: d.rightWithoutGate / d.known,
      otherAccuracy: d.knownOther ? d.rightOther / d.knownOther : null,
      otherAccuracyWithoutGate: d.knownOther ? d.rightOtherWithoutGate / d.knownOther : null,
      inDomainNoneRate: d.inDomainNone / d.inDomain,
      outOfDomainNoneRate: d.outOfDomainNone / d.outOfDomain,
      outOfDomainGateNoneRate: d.outOfDomainNoneGate / d.outOfDomain,
      outOfDomainNarrativeRate: d.outOfDomainWithNarratives / d.outOfDomain,
    };
    if (checkNarratives && seed === seeds[0]) {
      const without = crossValidate(data, lang, 5, seed, {}, () => {});
      run.narrativesUnchanged = same(cv.predictions, without.predictions);
    }
    console.error(`${lang} seed ${seed}: ${JSON.stringify(run)}`);
    runs.push(run);
  }
  results.push({ lang, screen: ood.counts, runs });
}

const col = (runs, key) => runs.map((r) => r[key]).filter((v) => v !== null);
let md = `Domain of the Analysis (topic.ts decideDomain) in seeded 5-fold CV, fold seeds ${seeds.join(', ')}, mean ± sd over the seeds. Out-of-domain: held-out screened articles on other topics — share given "none" by the gate alone, and share given a narrative by the narrative model (which keeps them out of "none"; the full rule's share is not shown: these articles name no topic term by construction). URW/CC accuracy: held-out SemEval-2025 articles whose topic is known, under the full rule (gate or no topic term) and under the rule before (no gate); "Other" = those whose gold is "Other" alone; in-domain "none": share of all held-out SemEval-2025 articles wrongly given "none" by the full rule.\n\n`;
md += `| lang | out-of-domain articles | "none" by the gate | given a narrative | URW/CC accuracy, full rule | rule before | "Other" articles, full rule | rule before | in-domain "none" | coarse / fine F1 |\n|---|---|---|---|---|---|---|---|---|---|\n`;
for (const r of results) {
  const other = col(r.runs, 'otherAccuracy');
  md += `| ${r.lang} | ${r.screen.kept} of ${r.screen.read} | ${ms(col(r.runs, 'outOfDomainGateNoneRate'))} | ${ms(col(r.runs, 'outOfDomainNarrativeRate'))} | ${ms(col(r.runs, 'accuracy'))} | ${ms(col(r.runs, 'accuracyWithoutGate'))} | ${other.length ? ms(other) : '–'} | ${other.length ? ms(col(r.runs, 'otherAccuracyWithoutGate')) : '–'} | ${ms(col(r.runs, 'inDomainNoneRate'))} | ${ms(col(r.runs, 'coarse'))} / ${ms(col(r.runs, 'fine'))} |\n`;
}
const checked = results.flatMap((r) => r.runs.filter((x) => 'narrativesUnchanged' in x).map((x) => `${r.lang} ${x.narrativesUnchanged ? 'identical' : 'DIFFERENT'}`));
if (checked.length) md += `\nNarrative predictions with and without the out-of-domain articles (seed ${seeds[0]}): ${checked.join(', ')}.\n`;
writeFileSync(join(outDir, 'narratives-domain.json'), JSON.stringify(results, null, 2));
writeFileSync(join(outDir, 'narratives-domain.md'), md);
console.log(md);
