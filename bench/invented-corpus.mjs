// Invented articles with synthetic analyses for the store and server benchmarks: templated text
// written here, analyses from the real pipeline's cleaning, language and sentences with labels drawn on
// top. One seeded random stream, so every run builds the same corpus.
import { analyzeArticle } from '../dist/pipeline.js';
import { TECHNIQUES } from '../dist/tasks/techniques/taxonomy.js';

let seed = 42;
export const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
export const pick = (xs) => xs[Math.floor(rand() * xs.length)];

export const NARRATIVES = [
  'URW: Blaming the war on others rather than the invader',
  'URW: Discrediting Ukraine',
  'URW: Discrediting the West, Diplomacy',
  'URW: Negative Consequences for the West',
  'URW: Russia is the Victim',
  'URW: Amplifying war-related fears',
  'CC: Criticism of climate policies',
  'CC: Criticism of institutions and authorities',
  'CC: Downplaying climate change',
  'CC: Amplifying Climate Fears',
];
const PLACES = ['Lindenvik', 'Port Amsel', 'Kerrowdale', 'Tamberg', 'Villa Serena', 'Ostrava Nova', 'Marlow Heath', 'Sundby'];
const THINGS = ['the fuel levy', 'the harbour cranes', 'the tram lines', 'the grain deal', 'the windmill plan', 'the border talks', 'the heat pumps', 'the bridge repairs'];
const ACTORS = ['the distant bloc', 'the capital', 'the council', 'the northern alliance', 'the ministry', 'the committee', 'the regional board'];
const WORDS = ['shameful', 'reckless', 'heroic', 'outrageous', 'brave', 'corrupt', 'disastrous', 'historic'];
export const SOURCES = Array.from({ length: 40 }, (_, i) => `example-outlet-${i + 1}.test`);

export function inventedArticle(i) {
  const place = pick(PLACES);
  const thing = pick(THINGS);
  const actor = pick(ACTORS);
  const title = `Example ${i}: ${place} argues over ${thing}`;
  const paragraphs = [];
  const n = 3 + Math.floor(rand() * 5);
  for (let p = 0; p < n; p++) {
    paragraphs.push(
      `In this invented example, residents of ${place} said ${actor} was ${pick(WORDS)} about ${thing}. ` +
        `A spokesperson counted ${Math.floor(rand() * 900)} letters in week ${p + 1}, and called the plan ${pick(WORDS)}. ` +
        `Critics said ${pick(ACTORS)} would decide ${pick(THINGS)} before the next meeting.`,
    );
  }
  return { title, raw: `${title}\n\n${paragraphs.join('\n\n')}\n`, place, actor };
}

export function syntheticAnalysis(article, place, actor) {
  const a = analyzeArticle(article, { annotators: [] });
  const raw = article.raw;
  const narratives = [...new Set([pick(NARRATIVES), pick(NARRATIVES)])].slice(0, 1 + Math.floor(rand() * 2));
  const sentence = a.text.sentences[1] ?? a.text.sentences[0];
  a.narratives = {
    status: 'ok',
    model: 'bench',
    domain: { label: narratives[0].slice(0, narratives[0].indexOf(':')), score: 0.8 },
    narratives: narratives.map((label) => ({ label, score: 0.5 + rand() / 2, evidence: [{ ...sentence, text: raw.slice(sentence.start, sentence.end), weight: 1 }] })),
    subNarratives: narratives.map((n) => ({ label: `${n}: Other`, narrative: n, score: 0.5, evidence: [] })),
    dominant: null,
  };
  const spans = [];
  for (const w of WORDS) {
    const at = raw.indexOf(w);
    if (at >= 0 && rand() < 0.6) spans.push({ start: at, end: at + w.length, technique: pick(TECHNIQUES), confidence: rand(), source: 'bench', text: w });
  }
  a.techniques = {
    spans,
    summary: [...new Set(spans.map((s) => s.technique))].map((technique) => ({ technique, count: spans.filter((s) => s.technique === technique).length, score: 0.7 })),
  };
  const mention = (name) => {
    const at = raw.indexOf(name);
    return at >= 0 ? [{ start: at, end: at + name.length, text: name }] : [];
  };
  a.entities = [
    { name: place, mentions: mention(place), mainRole: pick(['Innocent', 'Protagonist']), fineRoles: [{ role: 'Victim', score: 0.6 }], confidence: 0.7, evidence: [] },
    { name: actor.replace(/^the /, ''), mentions: mention(actor), mainRole: 'Antagonist', fineRoles: [{ role: pick(['Instigator', 'Corrupt', 'Tyrant']), score: 0.6 }], confidence: 0.7, evidence: [] },
  ];
  a.genre = { label: pick(['opinion', 'reporting', 'satire']), scores: {} };
  a.models = [{ task: 'bench', version: '1' }];
  return a;
}
