#!/usr/bin/env node
// Machine-translation damage benchmark (issue 14, must-show 3). Two parts:
//  1. Generated texts: invented news sentences (templates written for this script) naming real places
//     and people of the known-name lists and invented ones. In "mangled" texts some real names are
//     spelled as a round trip through machine translation might leave them (transliteration swaps such
//     as kh→h or y→i, a dropped, doubled or swapped letter, a leftover case ending); "clean" controls
//     use the same templates with every name as listed. Reports span precision and recall of the
//     entity-near-miss spans against the mangled names, and flags per 2,000 words on the controls.
//  2. The English training documents of SemEval-2025 Task 10: flags per 2,000 words (any damage kind),
//     and the task's cost in ms per article (analysis.timings.provenance).
// Seeds 42, 43, 44 by default (mean ± sd over them for part 1). Nothing is written to disk.
// Usage: npx tsc -p tsconfig.json && node bench/mt-damage.mjs [--seeds 42,43,44] [--docs 300] [--data ../shared/data] [--other-languages] [--show even|odd|generated]
import { join } from 'node:path';
import { cpus } from 'node:os';
import { option } from './args.mjs';
import { createArticle } from '../dist/doc/article.js';
import { readSources } from '../dist/ingest/index.js';
import { analyzeArticle } from '../dist/pipeline.js';
import { TASKS } from '../dist/tasks/registry.js';
import { NameIndex } from '../dist/tasks/provenance/names.js';
import { seededRandom } from '../dist/learn/random.js';

const SEEDS = option('--seeds', '42,43,44').split(',').map(Number);
const DOCS = Number(option('--docs', '300'));
const DATA = option('--data', process.env.NARRASCOPE_DATA ?? '../shared/data');
const SHOW = option('--show', '');
const provenance = TASKS.filter((t) => t.id === 'provenance');

/** The project's seeded generator (src/learn/random.ts). */
const rng = seededRandom;
const pick = (r, list) => list[Math.floor(r() * list.length)];

// Real names from the known-name lists (English spellings) and invented ones the detector does not know.
const PLACES = ['Bakhmut', 'Kherson', 'Kharkiv', 'Mariupol', 'Donetsk', 'Luhansk', 'Zaporizhzhia', 'Odesa', 'Lviv', 'Dnipro', 'Avdiivka', 'Sevastopol', 'Melitopol', 'Mykolaiv', 'Kramatorsk', 'Sloviansk', 'Severodonetsk', 'Lysychansk', 'Soledar', 'Vuhledar', 'Pokrovsk', 'Kupiansk', 'Izium', 'Bucha', 'Irpin', 'Chernihiv', 'Zhytomyr', 'Vinnytsia', 'Poltava', 'Kremenchuk', 'Belgorod', 'Kursk', 'Moscow', 'Kyiv', 'Warsaw', 'Brussels', 'Beijing', 'Tehran', 'Minsk', 'Budapest', 'Vilnius', 'Helsinki', 'Stockholm', 'Kaliningrad'];
const PEOPLE = ['Putin', 'Zelensky', 'Biden', 'Macron', 'Scholz', 'Lavrov', 'Stoltenberg', 'Medvedev', 'Shoigu', 'Gerasimov', 'Prigozhin', 'Kadyrov', 'Peskov', 'Zakharova', 'Navalny', 'Poroshenko', 'Kuleba', 'Zaluzhnyi', 'Syrskyi', 'Budanov', 'Klitschko', 'Yermak', 'Podolyak', 'Blinken', 'Lukashenko', 'Erdogan', 'Orban', 'Thunberg', 'Guterres', 'Netanyahu', 'Sikorski', 'Baerbock'];
const INVENTED_PLACES = ['Velykodar', 'Ostrivka', 'Pervomaisk-on-Lake', 'Holubivka', 'Marenivka', 'Tarnopole', 'Kolomar', 'Vesnianka'];
const INVENTED_PEOPLE = ['Oleh Marchuk', 'Irena Voskova', 'Pavel Dorosh', 'Anna Kelberg', 'Tomas Lindqvist', 'Marta Osadcha'];

// The team's own template sentences: {P} a real place, {N} a real person, {IP} an invented place, {IN} an invented person.
const SENTENCES = [
  'Heavy shelling was reported overnight near {P}, where the front line has barely moved in weeks.',
  'The regional governor said power had been restored to most districts of {P} by the evening.',
  'Talks between {N} and his counterparts ended without a joint statement on Thursday.',
  'Residents of {P} queued for drinking water after the main pipeline was damaged again.',
  'In a televised address, {N} promised that the winter would not break the country.',
  'A convoy of trucks carrying grain left {P} for the port, local officials confirmed.',
  'According to the city council of {IP}, two schools will reopen next month.',
  'The mayor of {IP}, {IN}, told reporters that the bridge would be repaired by spring.',
  'Observers noted that the statement by {N} avoided any mention of the ceasefire.',
  'Rail services between {P} and {P} resumed after a three-day pause.',
  'Volunteers in {P} opened a new shelter for families who lost their homes.',
  'The meeting with {N} had been planned for months, a spokesperson said.',
  'Energy prices in the region rose sharply after the strike on the plant near {P}.',
  'Local farmers near {IP} said the harvest was the smallest in a decade.',
  'Critics accused {N} of using the crisis to strengthen his own position.',
  'Drone footage showed long lines of vehicles leaving {P} before dawn.',
  'The delegation travelled on from {P} to meet {N} later in the week.',
  'A hospital in {P} reported that it was treating dozens of injured civilians.',
  '{IN}, a teacher from {IP}, said the children had not been to school since autumn.',
  'Officials in {P} urged people to stay indoors while the air raid alert lasted.',
  'The foreign ministry summoned an envoy after remarks attributed to {N}.',
  'Markets reacted calmly to the news from {P}, analysts at a local bank said.',
  'Engineers from {IP} worked through the night to restore the water supply.',
  'The new sanctions package names several companies linked to {N}.',
  'Aid agencies warned that supplies to {P} could run out within days.',
];
const FILLER = [
  'The weather turned colder at the end of the week.',
  'Schools in the district have switched to shorter lessons.',
  'Prices for bread and fuel have risen by a fifth since spring.',
  'Many families have left the area, and some have come back.',
  'The local football club cancelled its remaining matches.',
  'A new bus line connects the suburbs with the railway station.',
];

const index = new NameIndex();
// Transliteration-style and typing-style manglings; each returns a new spelling or undefined.
const MANGLERS = [
  (w) => (w.includes('kh') ? w.replace('kh', 'h') : undefined),
  (w) => (w.includes('y') ? w.replace('y', 'i') : undefined),
  (w) => (/[^aeiou]i[^aeiou]/.test(w.slice(1)) ? w.replace(/(?<=.[^aeiou])i(?=[^aeiou])/, 'y') : undefined),
  (w) => (w.includes('v') ? w.replace('v', 'w') : undefined),
  (w) => (w.endsWith('t') ? `${w}h` : undefined),
  (w) => (w.includes('zh') ? w.replace('zh', 'j') : undefined),
  (w) => `${w}i`,
  (w) => `${w}a`,
  (w) => (w.length > 4 ? w.slice(0, 3) + w.slice(4) : undefined),
  (w) => (w.length > 4 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : undefined),
  (w) => (w.length > 4 ? w.slice(0, 4) + w[3] + w.slice(4) : undefined),
  (w) => w.replace(/[aeiou](?=[^aeiou]*$)/, (v) => ({ a: 'o', e: 'i', i: 'e', o: 'a', u: 'o' })[v]),
];

/** A mangled spelling of `name` that is not itself a known spelling, or undefined. */
function mangle(r, name) {
  for (let tries = 0; tries < 8; tries++) {
    const out = pick(r, MANGLERS)(name);
    if (out && out !== name && /^\p{Lu}\p{Ll}+$/u.test(out) && !index.isAccepted(out.toLowerCase(), 'en')) return out;
  }
  return undefined;
}

/** One generated text: title and paragraphs, and the raw spans of its mangled names. */
function generate(r, mangled) {
  let raw = '';
  const fill = (template) =>
    template.replace(/\{(P|N|IP|IN)\}/g, (_, slot) => {
      const name = { P: () => pick(r, PLACES), N: () => pick(r, PEOPLE), IP: () => pick(r, INVENTED_PLACES), IN: () => pick(r, INVENTED_PEOPLE) }[slot]();
      if (!mangled || (slot !== 'P' && slot !== 'N') || r() < 0.5) return name;
      const bad = mangle(r, name);
      if (!bad) return name;
      // Marked for now; the marks become raw spans once the text is put together.
      return `\u0000${bad}\u0000`;
    });
  const title = fill(pick(r, ['News from {P}', 'Fighting near {P} continues', 'Officials meet {N}', 'Aid reaches {P}']));
  const paragraphs = [];
  for (let p = 0; p < 3 + Math.floor(r() * 3); p++) {
    const sentences = [];
    for (let s = 0; s < 2 + Math.floor(r() * 3); s++) sentences.push(r() < 0.25 ? pick(r, FILLER) : fill(pick(r, SENTENCES)));
    paragraphs.push(sentences.join(' '));
  }
  raw = [title, '', ...paragraphs.flatMap((p) => [p, ''])].join('\n').trimEnd();
  // Turn the markers into spans.
  const spans = [];
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\u0000') {
      const end = raw.indexOf('\u0000', i + 1);
      spans.push({ start: out.length, end: out.length + (end - i - 1) });
      out += raw.slice(i + 1, end);
      i = end;
    } else out += raw[i];
  }
  return { raw: out, gold: spans };
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const fmt = (xs, d = 3) => `${mean(xs).toFixed(d)} ± ${sd(xs).toFixed(d)}`;
const analyse = (raw, id) => analyzeArticle(createArticle({ raw, id, origin: { format: 'text' } }), { annotators: provenance, language: 'en' });

/** Part 1 for one seed: span precision and recall on mangled texts, flags per 2,000 words on controls. */
function generated(seed) {
  const r = rng(seed);
  let tp = 0;
  let predicted = 0;
  let goldCount = 0;
  let found = 0;
  let controlFlags = 0;
  let controlWords = 0;
  for (let d = 0; d < DOCS; d++) {
    const doc = generate(r, true);
    const a = analyse(doc.raw, `m${d}`);
    const near = (a.provenance.damage ?? []).filter((x) => x.kind === 'entity-near-miss');
    predicted += near.length;
    tp += near.filter((x) => doc.gold.some((g) => g.start === x.start && g.end === x.end)).length;
    goldCount += doc.gold.length;
    found += doc.gold.filter((g) => near.some((x) => x.start === g.start && x.end === g.end)).length;
    const control = generate(r, false);
    const c = analyse(control.raw, `c${d}`);
    controlFlags += (c.provenance.damage ?? []).length;
    controlWords += c.text.wordCount;
    if (SHOW === 'generated') for (const x of c.provenance.damage ?? []) console.error(`control flag: ${x.text} → ${x.expected}`);
  }
  return { precision: tp / Math.max(1, predicted), recall: found / Math.max(1, goldCount), gold: goldCount, predicted, controlRate: (controlFlags / controlWords) * 2000, controlWords };
}

/** Part 2: flags per 2,000 words and ms per article on a folder of training documents (even and odd halves by file order). */
async function corpus(dir) {
  const halves = { even: { flags: 0, words: 0, docs: 0 }, odd: { flags: 0, words: 0, docs: 0 } };
  const kinds = {};
  const sourcing = { anonymous: 0, named: 0 };
  let ms = 0;
  let n = 0;
  for await (const item of readSources([dir])) {
    if (!item.ok) continue;
    const half = n % 2 === 0 ? 'even' : 'odd';
    const a = analyzeArticle(item.article, { annotators: provenance });
    const damage = a.provenance.damage ?? [];
    halves[half].flags += damage.length;
    halves[half].words += a.text.wordCount;
    halves[half].docs++;
    for (const x of damage) kinds[x.kind] = (kinds[x.kind] ?? 0) + 1;
    sourcing.anonymous += a.provenance.sourcing?.anonymous ?? 0;
    sourcing.named += a.provenance.sourcing?.named ?? 0;
    ms += a.timings.provenance ?? 0;
    n++;
    if (SHOW === half) for (const x of damage) console.error(`${item.article.id}: ${x.kind} "${x.text}" → ${x.expected}`);
  }
  const all = { flags: halves.even.flags + halves.odd.flags, words: halves.even.words + halves.odd.words };
  const rate = (h) => ((h.flags / h.words) * 2000).toFixed(3);
  return { docs: n, all, kinds, sourcing, rateAll: rate(all), rateEven: rate(halves.even), rateOdd: rate(halves.odd), halves, msPerArticle: ms / n };
}

console.log(`machine: ${cpus().length} × ${cpus()[0].model}; node ${process.version}; ${new Date().toISOString()}`);
const runs = SEEDS.map((seed) => ({ seed, ...generated(seed) }));
for (const r of runs) console.log(`seed ${r.seed}: near-miss span precision ${r.precision.toFixed(3)} (${r.predicted} flagged), recall ${r.recall.toFixed(3)} (${r.gold} mangled), control flags per 2,000 words ${r.controlRate.toFixed(3)} (${r.controlWords} words)`);
console.log(`generated (${DOCS} mangled + ${DOCS} control texts per seed): precision ${fmt(runs.map((r) => r.precision))}, recall ${fmt(runs.map((r) => r.recall))}, control flags per 2,000 words ${fmt(runs.map((r) => r.controlRate))}`);
const FOLDERS = [['SemEval-2025 EN train', join(DATA, 'semeval2025-t10', 'EN', 'train', 'raw-documents')]];
// --other-languages: the other training folders too (no target there; the rate is reported).
if (process.argv.includes('--other-languages')) {
  for (const l of ['BG', 'PT', 'RU', 'HI']) FOLDERS.push([`SemEval-2025 ${l} train`, join(DATA, 'semeval2025-t10', l, 'train', 'raw-documents')]);
  for (const l of ['EN', 'FR', 'GE', 'IT', 'PO', 'RU']) FOLDERS.push([`SemEval-2023 ${l} train`, join(DATA, 'semeval2023-t3', l, 'train-articles-subtask-1')]);
}
for (const [name, dir] of FOLDERS) {
  const c = await corpus(dir);
  console.log(`${name}: ${c.docs} documents, ${c.all.words} words, ${c.all.flags} flags (${JSON.stringify(c.kinds)}): ${c.rateAll} per 2,000 words (even half ${c.rateEven}, odd half ${c.rateOdd}); provenance task ${c.msPerArticle.toFixed(2)} ms per article; attributions per article: ${(c.sourcing.anonymous / c.docs).toFixed(2)} anonymous, ${(c.sourcing.named / c.docs).toFixed(2)} named`);
}
