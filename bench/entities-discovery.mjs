#!/usr/bin/env node
// Free-text entity discovery (what `analyze` does when no mentions are given), measured against the
// gold mentions of SemEval-2025 Task 10 subtask 1: k-fold cross-validation by article on the training
// split, the same folds as the role CV (fileFolds). Per fold the gazetteer holds the curated list plus
// the names of the training folds' mentions only, never the held-out articles' own; the curated list
// alone is measured beside it. Part 2 trains a role model per fold (as crossValidateEntities does,
// BG/PT/RU with the per-fold narratives of bench/entities-cv-narratives.mjs) and scores the main role
// that `annotateEntities` gives the discovered entity of each gold mention it found.
// Writes bench/out/entities-discovery.md.
//   npx tsc -p tsconfig.json && node bench/entities-discovery.mjs [--data ../shared/data/semeval2025-t10] [--lang EN,HI] [--folds 5] [--seed 13] [--no-roles]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEntityCorpus, readRoleTaxonomy } from '../dist/tasks/entities/corpus.js';
import { fileFolds, majorityOf } from '../dist/tasks/entities/cv.js';
import { corpusContexts, mentionNames, trainEntityModel, trainOptionsFor } from '../dist/tasks/entities/train.js';
import { articleContext } from '../dist/tasks/entities/context.js';
import { buildGazetteer, discoverEntities, findMentions } from '../dist/tasks/entities/discover.js';
import { annotateEntities, DEFAULT_ANNOTATE_OPTIONS } from '../dist/tasks/entities/annotate.js';
import { readsNarratives } from '../dist/tasks/entities/stance.js';
import { textToArticle } from '../dist/ingest/readers/text.js';
import { buildDoc } from '../dist/pipeline.js';
import { cachedCvNarratives } from './entities-cv-narratives.mjs';
import { argv, entityBenchOptions } from './args.mjs';

const { data, langs, k, seed } = entityBenchOptions();
const roles = !argv.includes('--no-roles');
const out = 'bench/out';
mkdirSync(out, { recursive: true });
const taxonomy = readRoleTaxonomy(data);
const minUnknown = DEFAULT_ANNOTATE_OPTIONS.minMentionsUnknown;

const overlaps = (a, b) => a.start < b.end && b.start < a.end;
const overlapLength = (a, b) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const same = (a, b) => a.start === b.start && a.end === b.end;
const pct = (x) => (100 * x).toFixed(1);
const f3 = (x) => x.toFixed(3);

/** Running counts for one way of discovering mentions (a "level"). */
function tally() {
  return { gold: 0, found: 0, exact: 0, discovered: 0, discoveredHit: 0, articles: 0, entities: 0 };
}

/** Adds one article: `gold` and `found` are lists of spans; `entities` their number of entities, if merged. */
function count(t, gold, found, entities) {
  t.articles++;
  if (entities !== undefined) t.entities += entities;
  t.gold += gold.length;
  t.discovered += found.length;
  for (const g of gold) {
    if (found.some((m) => overlaps(m, g))) t.found++;
    if (found.some((m) => same(m, g))) t.exact++;
  }
  for (const m of found) if (gold.some((g) => overlaps(m, g))) t.discoveredHit++;
}

/**
 * How the candidates meet a gold mention: same span; a candidate containing it (a title or "the"
 * kept), inside it (a possessive or a descriptor left out), crossing it; or none, within the clean
 * sentences or outside them (cleaning removed the line).
 */
function spanShape(g, candidates, sentences) {
  const ov = candidates.filter((m) => overlaps(m, g));
  if (ov.some((m) => same(m, g))) return 'exact';
  if (ov.some((m) => m.start <= g.start && m.end >= g.end)) return 'longer';
  if (ov.length > 0) return ov.every((m) => m.start >= g.start && m.end <= g.end) ? 'shorter' : 'crossing';
  return sentences.length === 0 || sentences.some((s) => g.start < s.end && s.start < g.end) ? 'missed' : 'outside';
}

const rows = [];
const roleRows = [];
for (const lang of langs) {
  const t0 = performance.now();
  const corpus = loadEntityCorpus(data, lang, taxonomy);
  const foldOf = fileFolds(corpus, k, seed);
  const withNarratives = roles && readsNarratives(trainOptionsFor(lang).features);
  const narratives = withNarratives ? cachedCvNarratives(data, corpus, k, seed, 'oof') : undefined;
  const contexts = roles ? corpusContexts(corpus) : null;
  // Gold mentions by article; the pipeline's clean sentences of each article (discovery looks only there).
  const goldOf = new Map();
  for (const e of corpus.examples) (goldOf.get(e.file) ?? goldOf.set(e.file, []).get(e.file)).push(e);
  const sentencesOf = new Map();
  for (const [file, raw] of corpus.texts) {
    const { doc } = buildDoc(textToArticle(raw, join(data, lang, 'train', 'raw-documents', file), 'text'), {}, lang);
    sentencesOf.set(file, doc.sentences);
  }
  const levels = {
    curatedCandidates: tally(),
    curatedEntities: tally(),
    candidates: tally(),
    entities: tally(),
    reported: tally(),
  };
  const curated = buildGazetteer([]);
  const seenName = { seen: 0, seenFound: 0, unseen: 0, unseenFound: 0 };
  const e2e = { n: 0, main: 0, emr: 0, majority: 0, given: 0, givenEmr: 0 };
  const shapes = { exact: 0, longer: 0, shorter: 0, crossing: 0, missed: 0, outside: 0 };
  let gazSize = 0;
  for (let f = 0; f < k; f++) {
    const trainEx = corpus.examples.filter((e) => foldOf.get(e.file) !== f);
    const heldFiles = [...corpus.texts.keys()].filter((file) => foldOf.get(file) === f);
    const names = mentionNames(trainEx);
    const gaz = buildGazetteer(names);
    gazSize += gaz.size / k;
    const trainedNames = new Set(names.map((n) => n.trim().toLowerCase()));
    let model = null;
    let maj = null;
    if (roles) {
      if (narratives) for (const file of corpus.texts.keys()) contexts.get(file).narratives = narratives[f].get(file) ?? [];
      model = trainEntityModel(corpus.language, corpus, trainEx, contexts, { seed });
      maj = majorityOf(trainEx, corpus);
    }
    for (const file of heldFiles) {
      const raw = corpus.texts.get(file);
      const sentences = sentencesOf.get(file);
      const gold = goldOf.get(file);
      const goldSpans = gold.map((e) => e.span);
      const ctx = articleContext(raw, sentences);
      const within = sentences.length ? sentences : undefined;
      const spansOf = (entities) => entities.flatMap((e) => e.mentions.map((m) => m.span));
      count(levels.curatedCandidates, goldSpans, findMentions(ctx, curated, within).map((m) => m.span));
      const curatedKept = discoverEntities(ctx, curated, sentences, minUnknown);
      count(levels.curatedEntities, goldSpans, spansOf(curatedKept), curatedKept.length);
      const candidates = findMentions(ctx, gaz, within).map((m) => m.span);
      count(levels.candidates, goldSpans, candidates);
      const kept = discoverEntities(ctx, gaz, sentences, minUnknown);
      count(levels.entities, goldSpans, spansOf(kept), kept.length);
      for (const e of gold) {
        const hit = candidates.some((m) => overlaps(m, e.span));
        shapes[spanShape(e.span, candidates, sentences)]++;
        if (trainedNames.has(e.name.trim().toLowerCase())) {
          seenName.seen++;
          if (hit) seenName.seenFound++;
        } else {
          seenName.unseen++;
          if (hit) seenName.unseenFound++;
        }
      }
      if (!roles) continue;
      // What `analyze` reports: the per-fold model's gazetteer is the training folds' names (model.names).
      const held = narratives ? (narratives[f].get(file) ?? []) : undefined;
      const entities = annotateEntities(raw, sentences, model, {}, held);
      count(levels.reported, goldSpans, entities.flatMap((e) => e.mentions), entities.length);
      const gctx = contexts.get(file);
      for (const e of gold) {
        // The entity with the largest overlap with the gold mention.
        let best = null;
        let bestLen = 0;
        for (const ent of entities) for (const m of ent.mentions) {
          const len = overlapLength(m, e.span);
          if (len > bestLen) {
            bestLen = len;
            best = ent;
          }
        }
        if (!best) continue;
        const goldMain = taxonomy.mainRoles[e.main];
        const goldFine = e.fine.map((x) => taxonomy.fineRoles[x]).sort().join('|');
        e2e.n++;
        if (best.mainRole === goldMain) e2e.main++;
        if (best.fineRoles.map((x) => x.role).sort().join('|') === goldFine) e2e.emr++;
        if (maj.main === goldMain) e2e.majority++;
        // The same mention classified at its gold span (the SemEval setting), for comparison.
        const p = model.classify(gctx, e.span, e.name);
        if (p.main === goldMain) e2e.given++;
        if (p.fine.map((x) => x.role).sort().join('|') === goldFine) e2e.givenEmr++;
      }
    }
    process.stderr.write(`${lang}: fold ${f + 1}/${k} done\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  rows.push({ lang, n: corpus.examples.length, articles: corpus.texts.size, levels, seenName, shapes, gazSize, seconds, curatedSize: curated.size });
  if (roles) roleRows.push({ lang, e2e, narratives: !!narratives });
  const L = levels.entities;
  process.stderr.write(`${lang}: recall ${pct(L.found / L.gold)}% (exact ${pct(L.exact / L.gold)}%), discovered/article ${(L.discovered / L.articles).toFixed(1)} vs gold ${(L.gold / L.articles).toFixed(1)}${roles ? `; e2e main ${f3(e2e.main / e2e.n)} majority ${f3(e2e.majority / e2e.n)}` : ''} (${seconds.toFixed(0)} s)\n`);
}

const date = new Date().toISOString().slice(0, 10);
let uname = '';
try {
  uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
} catch {
  uname = `${process.platform} ${process.arch}`;
}
const cmd = `node bench/entities-discovery.mjs ${argv.join(' ')}`.trim();
const levelNames = [
  ['curatedCandidates', 'curated list only, all candidates'],
  ['curatedEntities', 'curated list only, kept entities'],
  ['candidates', 'curated + training names, all candidates'],
  ['entities', 'curated + training names, kept entities'],
  ['reported', 'as `analyze` reports (top 12 entities)'],
];
const md = [
  `## Free-text entity discovery (SemEval-2025 Task 10 subtask 1 training split), ${k}-fold CV by article`,
  '',
  `Date ${date}; \`${uname}\`; Node ${process.version}; command: \`${cmd}\` (after \`npx tsc -p tsconfig.json\`); seed ${seed}; the folds of the role CV (\`fileFolds\`).`,
  '',
  'Per held-out article, discovery runs on its raw text within the clean sentences of the pipeline (`buildDoc`). The gazetteer of',
  'each fold is the curated list plus the names of the training folds\' mentions, never the held-out articles\'. Levels: *all',
  'candidates* are every mention `findMentions` returns; *kept entities* are those `annotateEntities` goes on to classify (known',
  `names, or at least ${minUnknown} mentions: \`discoverEntities\`); *as analyze reports* is the output of \`annotateEntities\` with the fold's`,
  'model (its gazetteer holds the same training names), at most 12 entities. Recall: share of gold mentions overlapped by a',
  'discovered mention (exact: same span). Precision: share of discovered mentions that overlap a gold mention, a **lower bound**:',
  'SemEval annotates only the main entities of an article, so most correct names count against it.',
  '',
  '| lang | gazetteer, level | recall | exact-span recall | precision (lower bound) | mentions / article | entities / article | gold mentions / article |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.flatMap((r) =>
    levelNames
      .filter(([key]) => r.levels[key].articles > 0)
      .map(([key, name], i) => {
        const t = r.levels[key];
        const label = i === 0 ? `${r.lang} (${r.articles} art., ${r.n} gold)` : r.lang;
        return `| ${label} | ${name} | ${pct(t.found / t.gold)}% | ${pct(t.exact / t.gold)}% | ${pct(t.discoveredHit / Math.max(1, t.discovered))}% | ${(t.discovered / t.articles).toFixed(1)} | ${key.endsWith('andidates') ? '–' : (t.entities / t.articles).toFixed(1)} | ${(t.gold / t.articles).toFixed(1)} |`;
      }),
  ),
  '',
  'Gold mentions whose exact name (case-folded) occurs among the training folds\' mentions, and candidate recall on each part',
  '(curated + training names):',
  '',
  '| lang | gold names seen in training folds | recall, seen | recall, unseen | curated entries (names + aliases) | mean per-fold gazetteer entries |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const s = r.seenName;
    return `| ${r.lang} | ${pct(s.seen / (s.seen + s.unseen))}% | ${pct(s.seenFound / Math.max(1, s.seen))}% | ${pct(s.unseenFound / Math.max(1, s.unseen))}% | ${r.curatedSize} | ${Math.round(r.gazSize)} |`;
  }),
  '',
  'How the candidates (curated + training names) meet each gold mention: the same span; a candidate that contains it (a title',
  'or an article kept in the name); candidates inside it only (a possessive, a descriptor or a second name left out, or the',
  'name split in two); crossing it; no candidate in the clean sentences; or the mention lies outside them (cleaning removed',
  'the line):',
  '',
  '| lang | exact | contains | inside | crossing | not found | outside clean text |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const s = r.shapes;
    const n = Object.values(s).reduce((a, b) => a + b, 0);
    return `| ${r.lang} | ${['exact', 'longer', 'shorter', 'crossing', 'missed', 'outside'].map((key) => `${pct(s[key] / n)}%`).join(' | ')} |`;
  }),
  '',
];
if (roleRows.length) {
  md.push(
    '### End to end: roles of the discovered entities',
    '',
    'For each gold mention that a reported entity overlaps (the entity with the largest overlap), the entity\'s main role and',
    'fine-role set from `annotateEntities` (a role model trained per fold on the training folds only, as `crossValidateEntities`',
    'does; BG, PT and RU with the per-fold out-of-fold narratives of `bench/entities-cv-narratives.mjs`), against the gold',
    'roles of that mention. Beside it, on the same mentions: the training folds\' majority main role, and the same model',
    'classifying the mention at its gold span (the SemEval setting, no discovery or per-entity averaging).',
    '',
    '| lang | gold mentions found | main acc, discovered entity | EMR, discovered entity | main acc, given span | EMR, given span | main acc, majority |',
    '|---|---|---|---|---|---|---|',
    ...roleRows.map(({ lang, e2e: e }) => `| ${lang} | ${e.n} | ${f3(e.main / e.n)} | ${f3(e.emr / e.n)} | ${f3(e.given / e.n)} | ${f3(e.givenEmr / e.n)} | ${f3(e.majority / e.n)} |`),
    '',
  );
}
md.push(`Wall time per language (s): ${rows.map((r) => `${r.lang} ${r.seconds.toFixed(0)}`).join(', ')}.`, '');
writeFileSync(join(out, 'entities-discovery.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
