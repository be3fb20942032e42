/**
 * Topic-independent style features of an article for the genre decision: how much is quoted and
 * attributed speech (reporting), how much is the writer's own voice — first and second person,
 * questions, exclamations, hedges, intensifiers and stance words (opinion) — and how the headline
 * is shaped (satire headlines read like reporting but the body's voice differs). The word lists
 * are data (style-words.json). Rates are per 100 words so long and short articles compare.
 */
import { wordTokens } from '../../features/index.js';
import words from './style-words.json' with { type: 'json' };

interface StyleWords {
  attribution: string[];
  firstSingular: string[];
  firstPlural: string[];
  second: string[];
  hedges: string[];
  intensifiers: string[];
  stance: string[];
  time: string[];
  wire: string[];
}

const WORDS: StyleWords = words;
const LISTS = Object.entries(WORDS).map(([name, words]) => ({ name, set: new Set(words) }));

/** Names of the features, in vector order. */
export const STYLE_FEATURES: readonly string[] = [
  'logWords',
  'meanSentenceWords',
  'meanParagraphWords',
  'logParagraphs',
  'quoteShare',
  'quotesPerSentence',
  ...LISTS.map((l) => `${l.name}Rate`),
  'numberRate',
  'questionsPerSentence',
  'exclamationsPerSentence',
  'capsRate',
  'parenRate',
  'dateline',
  'titleWords',
  'titleQuestion',
  'titleQuote',
  'titleExclaim',
  'titleCapitalisedShare',
  'titleColon',
];

const QUOTED = /[“"]([^“”"\n]{1,600})[”"]/g;
const DATELINE = /^\s*[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*(?:\([A-Za-z ]{1,30}\))?\s*[—–-]\s/;
const SENTENCE_END = /[.!?]+(?=\s|$)/g;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/** The style feature vector (raw, unscaled) of an article whose first line is its title. */
export function styleFeatures(text: string): Float64Array {
  const nl = text.indexOf('\n');
  const title = (nl < 0 ? text : text.slice(0, nl)).trim();
  const body = nl < 0 ? '' : text.slice(nl + 1);
  const tokens = wordTokens(text);
  const words = Math.max(1, tokens.length);
  const per100 = (n: number) => (100 * n) / words;
  const paragraphs = body.split(/\n+/).filter((p) => p.trim().length > 0);
  const sentences = Math.max(1, count(body, SENTENCE_END), paragraphs.length);
  let quoted = 0;
  let quotes = 0;
  for (const m of body.matchAll(QUOTED)) {
    quoted += m[1].length;
    quotes++;
  }
  const listCounts = LISTS.map(() => 0);
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? `${tokens[i]} ${tokens[i + 1]}` : '';
    LISTS.forEach((l, k) => {
      if (l.set.has(tokens[i]) || (pair && l.set.has(pair))) listCounts[k]++;
    });
  }
  const titleWords = title.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const capitalised = titleWords.filter((w) => /^\P{L}*\p{Lu}/u.test(w)).length;
  return Float64Array.from([
    Math.log1p(words),
    Math.log1p(words / sentences),
    Math.log1p(words / Math.max(1, paragraphs.length)),
    Math.log1p(paragraphs.length),
    quoted / Math.max(1, body.length),
    quotes / sentences,
    ...listCounts.map(per100),
    per100(count(text, /\b\d[\d,.]*\b/g)),
    count(body, /\?/g) / sentences,
    count(body, /!/g) / sentences,
    per100(count(body, /\b[A-Z]{3,}\b/g)),
    per100(count(body, /\(/g)),
    DATELINE.test(body) ? 1 : 0,
    Math.log1p(titleWords.length),
    title.includes('?') ? 1 : 0,
    /[“”"‘’']/.test(title) ? 1 : 0,
    title.includes('!') ? 1 : 0,
    titleWords.length === 0 ? 0 : capitalised / titleWords.length,
    title.includes(':') ? 1 : 0,
  ]);
}

/** Per-feature mean and standard deviation of training vectors (for standardising). */
export interface StyleScaler {
  mean: number[];
  std: number[];
}

export function fitStyleScaler(rows: readonly Float64Array[]): StyleScaler {
  const d = STYLE_FEATURES.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) std[j] += (r[j] - mean[j]) ** 2 / rows.length;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

/** Standardised features, clipped to ±5 so one odd article cannot dominate the stacker. */
export function scaleStyle(row: Float64Array, s: StyleScaler): Float64Array {
  return row.map((v, j) => Math.max(-5, Math.min(5, (v - s.mean[j]) / s.std[j])));
}
