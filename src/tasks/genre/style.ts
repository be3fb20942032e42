/**
 * Topic-independent style features of an article for the genre decision: how much is quoted and
 * attributed speech (reporting), how much is the writer's own voice — first and second person,
 * questions, exclamations, hedges, intensifiers, stance and evaluative words (opinion) — how the
 * headline, lede and paragraphs are shaped (wire copy: dateline, a weekday in the lede, long
 * paragraphs; satire and blogs here: one-line paragraphs, share/follow boilerplate), and word shape
 * (proper names, -ed and -ly words, word length). The word lists are data (style-words.json). Rates
 * are per 100 words so long and short articles compare. Languages without word lists read the
 * language-neutral columns (neutralStyleFeatures); genreStyle picks by language.
 */
import { wordTokens } from '../../features/index.js';
import words from './style-words.json' with { type: 'json' };

const WORDS: Record<string, string[]> = words;
const LIST_NAMES = Object.keys(WORDS);
/** Word → bit mask of the lists holding it; two-word entries are looked up only after a possible first word. */
const SINGLE = new Map<string, number>();
const PAIR = new Map<string, number>();
const PAIR_FIRST = new Set<string>();
LIST_NAMES.forEach((name, k) => {
  for (const w of WORDS[name]) {
    const sp = w.indexOf(' ');
    const table = sp < 0 ? SINGLE : PAIR;
    table.set(w, (table.get(w) ?? 0) | (1 << k));
    if (sp >= 0) PAIR_FIRST.add(w.slice(0, sp));
  }
});

/** Names of the features, in vector order. */
export const STYLE_FEATURES: readonly string[] = [
  'logWords',
  'meanSentenceWords',
  'meanParagraphWords',
  'logParagraphs',
  'quoteShare',
  'quotesPerSentence',
  ...LIST_NAMES.map((l) => `${l}Rate`),
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
  'properNounRate',
  'lyRate',
  'edRate',
  'meanWordLength',
  'quoteThenSaidPerSentence',
  'ledeWeekdays',
  'shortParagraphShare',
  'ledeWords',
];

const QUOTED = /[“"]([^“”"\n]{1,600})[”"]/g;
/** "CITY, Country — ", "CITY (Agency) -- ", "City (CNN) ": the opening of wire copy. */
const DATELINE = /^\s*(?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*(?:\([A-Za-z ]{1,30}\))?\s*(?:--|[—–-])\s|[A-Z][A-Za-z.' ]{1,30}\s*\([A-Z]{2,}\)\s)/;
const SENTENCE_END = /[.!?]+(?=\s|$)/g;
/** A capitalised word after a lower-case word or comma: a name inside a sentence. */
const PROPER_NOUN = /(?<=[a-z,;]\s+)[A-Z][a-z]+/g;
/** A closing quote followed within a few words by a speech verb, or a line ending in one. */
const QUOTE_THEN_SAID = /[”"],?\s+(?:\w+\s+){0,3}(?:said|says|told|added)\b|\b(?:said|says|told)\s*[.,]?\s*$/gm;
const WEEKDAY = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/** The parts and counts both style vectors start from: title, body, words, paragraphs, sentences, quotation. */
interface ArticleShape {
  title: string;
  body: string;
  tokens: string[];
  words: number;
  /** A count per 100 words of the article. */
  per100: (n: number) => number;
  paragraphs: string[];
  sentences: number;
  /** Characters inside quotation marks and the number of quotations, matched by `quotedRe`. */
  quoted: number;
  quotes: number;
  titleWords: string[];
  /** Share of the title's words that start with a capital (0 without title words). */
  titleCapitalised: number;
  /** Share of paragraphs under 25 words (0 without paragraphs). */
  shortParagraphs: number;
  /** Words in the first two paragraphs. */
  ledeWords: number;
}

function articleShape(text: string, quotedRe: RegExp): ArticleShape {
  const nl = text.indexOf('\n');
  const title = (nl < 0 ? text : text.slice(0, nl)).trim();
  const body = nl < 0 ? '' : text.slice(nl + 1);
  const tokens = wordTokens(text);
  const words = Math.max(1, tokens.length);
  const paragraphs = body.split(/\n+/).filter((p) => p.trim().length > 0);
  let quoted = 0;
  let quotes = 0;
  for (const m of body.matchAll(quotedRe)) {
    quoted += m[1].length;
    quotes++;
  }
  const titleWords = title.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const capitalised = titleWords.filter((w) => /^\P{L}*\p{Lu}/u.test(w)).length;
  const short = paragraphs.filter((p) => p.trim().split(/\s+/).length < 25).length;
  return {
    title,
    body,
    tokens,
    words,
    per100: (n) => (100 * n) / words,
    paragraphs,
    sentences: Math.max(1, count(body, SENTENCE_END), paragraphs.length),
    quoted,
    quotes,
    titleWords,
    titleCapitalised: titleWords.length === 0 ? 0 : capitalised / titleWords.length,
    shortParagraphs: paragraphs.length === 0 ? 0 : short / paragraphs.length,
    ledeWords: paragraphs.slice(0, 2).join(' ').split(/\s+/).filter((w) => w.length > 0).length,
  };
}

/** The style feature vector (raw, unscaled) of an article whose first line is its title. */
export function styleFeatures(text: string): Float64Array {
  const { title, body, tokens, words, per100, paragraphs, sentences, quoted, quotes, titleWords, titleCapitalised, shortParagraphs, ledeWords } = articleShape(text, QUOTED);
  const listCounts = LIST_NAMES.map(() => 0);
  let ly = 0;
  let ed = 0;
  let letters = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    letters += t.length;
    if (t.length > 4 && t.endsWith('ly')) ly++;
    if (t.length > 4 && t.endsWith('ed')) ed++;
    let mask = SINGLE.get(t) ?? 0;
    if (i + 1 < tokens.length && PAIR_FIRST.has(t)) mask |= PAIR.get(`${t} ${tokens[i + 1]}`) ?? 0;
    for (let k = 0; mask !== 0; k++, mask >>>= 1) if (mask & 1) listCounts[k]++;
  }
  const lede = paragraphs.slice(0, 2).join(' ');
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
    titleCapitalised,
    title.includes(':') ? 1 : 0,
    per100(count(body, PROPER_NOUN)),
    per100(ly),
    per100(ed),
    letters / words,
    count(body, QUOTE_THEN_SAID) / sentences,
    count(lede, WEEKDAY),
    shortParagraphs,
    Math.log1p(ledeWords),
  ]);
}

/** Names of the language-neutral features (no word lists), in vector order. */
export const NEUTRAL_STYLE_FEATURES: readonly string[] = [
  'logWords',
  'meanSentenceWords',
  'meanParagraphWords',
  'logParagraphs',
  'quoteShare',
  'quotesPerSentence',
  'numberRate',
  'questionsPerSentence',
  'exclamationsPerSentence',
  'capsRate',
  'parenRate',
  'titleWords',
  'titleQuestion',
  'titleQuote',
  'titleExclaim',
  'titleCapitalisedShare',
  'titleColon',
  'properNounRate',
  'meanWordLength',
  'shortParagraphShare',
  'ledeWords',
  'dashOpenings',
  'urlRate',
];

/** Quoted speech in the quotation marks of the six languages: “…”, „…“, „…”, «…», "…". */
const ANY_QUOTED = /[“„«"]([^“”„«»"\n]{1,600})[”“»"]/g;
/** A capitalised word (any script) after a lower-case letter, comma or semicolon and a space: a name inside a sentence. */
const ANY_PROPER_NOUN = /(?<=[\p{Ll},;]\s+)\p{Lu}\p{Ll}+/gu;
/** A paragraph opening with a dash: dialogue, or a list of points. */
const DASH_OPENING = /^\s*[—–-]\s/gm;

/**
 * The language-neutral style vector (raw, unscaled) of an article whose first line is its title:
 * length and paragraph shape, quotation in any of the six languages' quotation marks, questions,
 * exclamations, capitals, numbers, brackets, dash-led paragraphs and links. For languages without
 * word lists.
 */
export function neutralStyleFeatures(text: string): Float64Array {
  const { title, body, tokens, words, per100, paragraphs, sentences, quoted, quotes, titleWords, titleCapitalised, shortParagraphs, ledeWords } = articleShape(text, ANY_QUOTED);
  const letters = tokens.reduce((s, t) => s + t.length, 0);
  return Float64Array.from([
    Math.log1p(words),
    Math.log1p(words / sentences),
    Math.log1p(words / Math.max(1, paragraphs.length)),
    Math.log1p(paragraphs.length),
    quoted / Math.max(1, body.length),
    quotes / sentences,
    per100(count(text, /\d[\d,.]*/g)),
    count(body, /\?/g) / sentences,
    count(body, /!/g) / sentences,
    per100(count(body, /\p{Lu}{3,}/gu)),
    per100(count(body, /\(/g)),
    Math.log1p(titleWords.length),
    title.includes('?') ? 1 : 0,
    /[“”„«»"‘’']/.test(title) ? 1 : 0,
    title.includes('!') ? 1 : 0,
    titleCapitalised,
    title.includes(':') ? 1 : 0,
    per100(count(body, ANY_PROPER_NOUN)),
    letters / words,
    shortParagraphs,
    Math.log1p(ledeWords),
    paragraphs.length === 0 ? 0 : count(body, DASH_OPENING) / paragraphs.length,
    per100(count(body, /https?:\/\/|www\./g)),
  ]);
}

/**
 * The style vector a language's genre model reads: English has word lists (styleFeatures), the other
 * languages the language-neutral columns.
 */
export function genreStyle(text: string, lang: string): Float64Array {
  return lang.toLowerCase() === 'en' ? styleFeatures(text) : neutralStyleFeatures(text);
}

/** The names of the columns genreStyle gives for a language. */
export function genreStyleNames(lang: string): readonly string[] {
  return lang.toLowerCase() === 'en' ? STYLE_FEATURES : NEUTRAL_STYLE_FEATURES;
}

/** Per-feature mean and standard deviation of training vectors (for standardising). */
export interface StyleScaler {
  mean: number[];
  std: number[];
}

export function fitStyleScaler(rows: readonly Float64Array[]): StyleScaler {
  const d = rows.length ? rows[0].length : STYLE_FEATURES.length;
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
