#!/usr/bin/env node
// Generates the provenance benchmark corpus (issue 14) from the team's own invented articles: a small
// template grammar over invented topics, towns, people and bodies (no corpus text anywhere). Families
// of an original and its copies — boilerplate injected (ad markers, comment forms, share bars),
// truncated, paragraphs reordered, a few words substituted, sentences shuffled, and mixes of these;
// with --hard also deep cuts (45–70% kept) and heavy spins, most sharing less than 70% of the text —
// published by other sources later (some undated); hard negatives: other articles on the same topic,
// town and people as a family's original, written afresh; the rest unrelated singletons.
//
// Writes <out>/corpus-<n>-s<seed>[-hard].jsonl (id, title, text, source, published_at: what the JSONL
// reader takes) and <out>/truth-<n>-s<seed>[-hard].json: each article's family, every within-family pair with the
// share of text the two have in common (words of shared sentences, less substituted words, over the
// longer text's words) and the hard-negative pairs. Usage:
//   node bench/provenance-corpus.mjs [--n 20000] [--seed 42] [--hard] [--out bench/out/provenance]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { option } from './args.mjs';

const N = Number(option('--n', '20000'));
const SEED = Number(option('--seed', '42'));
const OUT = resolve(option('--out', 'bench/out/provenance'));
const HARD = process.argv.includes('--hard');
const TAG = `${N}-s${SEED}${HARD ? '-hard' : ''}`;

/** xorshift32, as src/learn/random.ts (a bench script must not need a build to make its data). */
function rng(seed) {
  let s = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;
function shuffled(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// Invented names, built from syllables so there are thousands of them.
const SYL = ['ka', 'lo', 'ven', 'tar', 'mi', 'dor', 'sel', 'bra', 'nu', 'ost', 'rin', 'vel', 'ga', 'thu', 'pem', 'zar', 'lin', 'och', 'fe', 'mar'];
const word = (k) => Array.from({ length: k }, () => pick(SYL)).join('');
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const TOWNS = Array.from({ length: 400 }, () => cap(word(int(2, 3))) + pick(['', '', 'vik', 'burg', ' Nova', 'stad', 'ford']));
const PEOPLE = Array.from({ length: 1500 }, () => `${cap(word(2))} ${cap(word(int(2, 3)))}`);
const BODIES = ['council', 'port authority', 'water board', 'school trust', 'rail company', 'farmers’ union', 'health office', 'energy cooperative'];
const SOURCES = {
  original: Array.from({ length: 60 }, (_, i) => `${word(2)}-news-${i}.example`),
  farm: Array.from({ length: 40 }, (_, i) => `${word(2)}-daily-${i}.example`),
};

const TOPICS = {
  harbour: { nouns: ['cranes', 'piers', 'container yards', 'ferry berths', 'dredging works', 'harbour fees'], verbs: ['expand', 'repair', 'close', 'modernise', 'inspect'] },
  rail: { nouns: ['tram lines', 'night trains', 'signal boxes', 'station roofs', 'ticket prices', 'level crossings'], verbs: ['extend', 'suspend', 'rebuild', 'upgrade', 'audit'] },
  farming: { nouns: ['grain silos', 'orchards', 'irrigation canals', 'dairy herds', 'seed subsidies', 'market stalls'], verbs: ['protect', 'subsidise', 'relocate', 'expand', 'review'] },
  energy: { nouns: ['wind turbines', 'solar roofs', 'heating grids', 'power tariffs', 'battery stores', 'gas boilers'], verbs: ['install', 'phase out', 'finance', 'connect', 'test'] },
  schools: { nouns: ['classrooms', 'school buses', 'lunch programmes', 'teacher contracts', 'exam rules', 'sports halls'], verbs: ['renovate', 'fund', 'reorganise', 'merge', 'evaluate'] },
  water: { nouns: ['reservoirs', 'flood barriers', 'water pipes', 'river banks', 'pumping stations', 'water bills'], verbs: ['reinforce', 'replace', 'monitor', 'clean', 'price'] },
  housing: { nouns: ['rental flats', 'building permits', 'social housing', 'old warehouses', 'rent caps', 'tower blocks'], verbs: ['convert', 'approve', 'demolish', 'regulate', 'survey'] },
  festivals: { nouns: ['summer concerts', 'street markets', 'lantern parades', 'film nights', 'food fairs', 'boat races'], verbs: ['organise', 'cancel', 'sponsor', 'move', 'celebrate'] },
};
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ADJ = ['costly', 'overdue', 'ambitious', 'disputed', 'popular', 'modest', 'urgent', 'controversial', 'careful', 'delayed'];
const FEEL = ['welcomed', 'questioned', 'criticised', 'praised', 'doubted', 'supported', 'rejected'];

/** One sentence of the grammar for a story's context (topic, town, people, body). */
function sentence(c) {
  const t = TOPICS[c.topic];
  const n = () => pick(t.nouns);
  const v = () => pick(t.verbs);
  const p = () => pick(c.people);
  const templates = [
    () => `The ${c.body} of ${c.town} said on ${pick(DAYS)} that it would ${v()} the ${n()} before ${pick(MONTHS)}.`,
    () => `${p()}, who has followed the plan for ${int(2, 19)} years, called it ${pick(ADJ)} and said residents deserved a clearer answer.`,
    () => `According to figures shared with the ${c.body}, about ${int(3, 98)} percent of the ${n()} in ${c.town} need work.`,
    () => `Residents of ${pick(['the old quarter', 'the river district', 'the northern estates', 'the harbour side', 'the hill villages'])} ${pick(FEEL)} the decision at a meeting that lasted ${int(2, 6)} hours.`,
    () => `The cost of the ${n()} is put at ${int(2, 900)} million, ${pick(['more than', 'less than', 'about twice', 'nearly half'])} what was planned ${int(2, 9)} years ago.`,
    () => `${p()} told the meeting that the ${c.body} had ${pick(['ignored', 'studied', 'postponed', 'rewritten'])} an earlier report on the ${n()}.`,
    () => `Work on the ${n()} is expected to start in ${pick(MONTHS)} and to take ${int(2, 30)} months, the ${c.body} said.`,
    () => `Critics, among them ${p()}, argue that the money should ${v()} the ${n()} first.`,
    () => `A spokesperson for the ${c.body} said the ${pick(ADJ)} plan would ${v()} the ${n()} and ${v()} the ${n()} as well.`,
    () => `In ${pick(MONTHS)}, ${int(40, 4000)} people signed a petition asking the ${c.body} of ${c.town} to ${v()} the ${n()}.`,
    () => `${p()} said neighbouring towns had tried to ${v()} their ${n()} with ${pick(['mixed', 'good', 'poor', 'uneven'])} results.`,
    () => `The next public hearing on the ${n()} is set for ${pick(DAYS)}, ${int(1, 28)} ${pick(MONTHS)}, in the ${pick(['town hall', 'library', 'old school', 'market hall'])} of ${c.town}.`,
  ];
  return pick(templates)();
}

/** A story: paragraphs of sentences, each sentence with an id so copies can be traced. */
let sentenceIds = 0;
function story(c) {
  const paragraphs = [];
  for (let p = int(4, 8); p > 0; p--) {
    const sents = [];
    for (let s = int(2, 4); s > 0; s--) sents.push({ id: sentenceIds++, text: sentence(c) });
    paragraphs.push(sents);
  }
  return { title: `${cap(pick(TOPICS[c.topic].verbs))} the ${pick(TOPICS[c.topic].nouns)}? ${c.town} ${c.body} ${pick(['decides', 'divided', 'under pressure', 'responds', 'weighs plan'])}`, paragraphs };
}
const contextOf = (topic = pick(Object.keys(TOPICS)), town = pick(TOWNS)) => ({ topic, town, body: pick(BODIES), people: [pick(PEOPLE), pick(PEOPLE), pick(PEOPLE)] });

// Boilerplate a content farm leaves in, each line one the cleaning rules remove.
const BOILER_MIDDLE = ['ADVERTISEMENT', '[ad_1]', 'Story continues below advertisement', 'Sponsored content', '- Advertisement -'];
const BOILER_TAIL = [
  ['Leave a Reply', 'Your email address will not be published. Required fields are marked *', 'Comment *', 'Name *', 'Email *', 'Website', 'Save my name, email, and website in this browser for the next time I comment.'],
  ['Share this:', 'Click to share on Twitter (Opens in new window)', 'Like this:', 'Loading...', 'Related'],
  ['Support us today!', 'Subscribe to our newsletter for daily updates'],
];
const SYNONYMS = {
  said: 'stated', residents: 'inhabitants', meeting: 'gathering', plan: 'scheme', work: 'labour', people: 'persons', years: 'yrs',
  cost: 'price', critics: 'opponents', money: 'funds', decision: 'ruling', hearing: 'session', towns: 'municipalities', report: 'study',
  petition: 'appeal', expected: 'anticipated', start: 'begin', argue: 'claim', results: 'outcomes', answer: 'reply',
};

/** How a copy is made: its sentences (ids), the words it substituted, and the extra lines it carries. */
function makeCopy(orig, kind) {
  let paragraphs = orig.paragraphs.map((p) => p.map((s) => ({ ...s })));
  let substituted = 0;
  const flat = () => paragraphs.flat();
  if (kind.includes('reorder')) paragraphs = shuffled(paragraphs);
  if (kind.includes('shuffle')) {
    const sents = shuffled(flat());
    paragraphs = [];
    for (let i = 0; i < sents.length; i += 3) paragraphs.push(sents.slice(i, i + 3));
  }
  if (kind.includes('truncate') || kind.includes('cut-deep')) {
    // A plain truncation keeps 72–92% of the sentences; a deep cut 45–70%, mostly below the 70% line.
    const kept = kind.includes('cut-deep') ? 0.45 + rand() * 0.25 : 0.72 + rand() * 0.2;
    const keep = Math.max(1, Math.ceil(flat().length * kept));
    let left = keep;
    paragraphs = paragraphs.map((p) => p.filter(() => left-- > 0)).filter((p) => p.length);
  }
  if (kind.includes('substitute') || kind.includes('spin')) {
    // A few words (2–6), or a heavy spin (15–40 tries) that leaves few sentences untouched.
    for (let k = kind.includes('spin') ? int(15, 40) : int(2, 6); k > 0; k--) {
      const s = pick(flat());
      const words = s.text.split(' ');
      const at = words.findIndex((w) => SYNONYMS[w.toLowerCase()]);
      if (at < 0) continue;
      words[at] = SYNONYMS[words[at].toLowerCase()];
      s.text = words.join(' ');
      s.subs = (s.subs ?? 0) + 1;
      substituted++;
    }
  }
  const text = paragraphs.map((p) => p.map((s) => s.text).join(' '));
  if (kind.includes('boilerplate')) {
    text.splice(int(1, Math.max(1, text.length - 1)), 0, pick(BOILER_MIDDLE));
    text.push(...pick(BOILER_TAIL));
  }
  return { paragraphs, text, substituted };
}

const COPY_KINDS = [
  ['boilerplate'], ['truncate'], ['reorder'], ['substitute'], ['shuffle'],
  ['boilerplate', 'substitute'], ['boilerplate', 'truncate'], ['reorder', 'substitute'], ['shuffle', 'boilerplate'], ['truncate', 'reorder', 'boilerplate'],
  // With --hard, cases mostly below the 70% line, which one cluster joins to the rest of their family.
  ...(HARD ? [['cut-deep'], ['spin', 'boilerplate']] : []),
];

const wordsOf = (s) => s.text.split(/\s+/).length;
/** Share of text two versions have in common: words of shared sentences, less substituted words, over the longer version. */
function shareOf(a, b) {
  const inB = new Map(b.paragraphs.flat().map((s) => [s.id, s]));
  let shared = 0;
  for (const s of a.paragraphs.flat()) {
    const t = inB.get(s.id);
    if (t) shared += wordsOf(s) - Math.max(s.subs ?? 0, t.subs ?? 0, s.text === t.text ? 0 : 1);
  }
  const len = (v) => v.paragraphs.flat().reduce((n, s) => n + wordsOf(s), 0);
  return shared / Math.max(len(a), len(b));
}

const day0 = Date.UTC(2024, 0, 1);
const dateOf = (offsetDays) => new Date(day0 + offsetDays * 86400000).toISOString().slice(0, 10);

const records = [];
const family = {};
const pairs = [];
const hardNegatives = [];
const counts = { originals: 0, copies: 0, hardNegatives: 0, singletons: 0, undated: 0 };
let nextId = 0;
const newId = (kind) => `${kind}-${String(nextId++).padStart(6, '0')}`;

function emit(id, title, text, source, date) {
  const rec = { id, title, text: text.join('\n\n'), source };
  if (date !== undefined) rec.published_at = date;
  else counts.undated++;
  records.push(rec);
}

while (records.length < N) {
  const r = rand();
  const ctx = contextOf();
  const origStory = story(ctx);
  const origDay = int(0, 360);
  if (r < 0.35) {
    // A family: the original and 1–6 copies on other sources, later (a few undated).
    const origId = newId('orig');
    const origSource = pick(SOURCES.original);
    emit(origId, origStory.title, origStory.paragraphs.map((p) => p.map((s) => s.text).join(' ')), origSource, chance(0.1) ? undefined : dateOf(origDay));
    counts.originals++;
    const members = [{ id: origId, version: origStory }];
    for (let k = int(1, 6); k > 0 && records.length < N; k--) {
      const kind = pick(COPY_KINDS);
      const copy = makeCopy(origStory, kind);
      const id = newId(`copy-${kind.join('+')}`);
      if (chance(0.3)) copy.text.push(`This article was originally published on ${origSource}.`);
      emit(id, chance(0.5) ? origStory.title : `${origStory.title} (${pick(['update', 'report', 'read'])})`, copy.text, pick(SOURCES.farm), chance(0.15) ? undefined : dateOf(origDay + int(0, 20)));
      counts.copies++;
      members.push({ id, version: copy });
    }
    for (const m of members) family[m.id] = origId;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) pairs.push([members[i].id, members[j].id, Math.round(shareOf(members[i].version, members[j].version) * 1000) / 1000]);
    }
    // Hard negatives: fresh stories on the same topic, town and people.
    if (chance(0.5)) {
      for (let k = int(1, 3); k > 0 && records.length < N; k--) {
        const neg = story({ ...ctx, body: chance(0.5) ? ctx.body : pick(BODIES) });
        const id = newId('neg');
        emit(id, neg.title, neg.paragraphs.map((p) => p.map((s) => s.text).join(' ')), pick([...SOURCES.original, ...SOURCES.farm]), dateOf(origDay + int(-10, 10)));
        counts.hardNegatives++;
        family[id] = id;
        for (const m of members) hardNegatives.push([id, m.id]);
      }
    }
  } else {
    const id = newId('single');
    emit(id, origStory.title, origStory.paragraphs.map((p) => p.map((s) => s.text).join(' ')), pick([...SOURCES.original, ...SOURCES.farm]), chance(0.1) ? undefined : dateOf(origDay));
    family[id] = id;
    counts.singletons++;
  }
}

mkdirSync(OUT, { recursive: true });
const corpusFile = join(OUT, `corpus-${TAG}.jsonl`);
const truthFile = join(OUT, `truth-${TAG}.json`);
writeFileSync(corpusFile, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(truthFile, JSON.stringify({ n: records.length, seed: SEED, counts, family, pairs, hardNegatives }));
const positives = pairs.filter((p) => p[2] >= 0.7).length;
process.stderr.write(
  `${corpusFile}: ${records.length} articles (${JSON.stringify(counts)}); ${pairs.length} within-family pairs, ${positives} sharing >= 70%; ${hardNegatives.length} hard-negative pairs\n`,
);
