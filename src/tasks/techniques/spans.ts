/**
 * Phrase spans for a sentence-level technique decision: the words of the sentence that carry a
 * linear model's decision for one label, found by splitting the decision value over the words and
 * keeping the contiguous run of words with the largest net share, trimmed so it neither starts nor
 * ends on a function word or stray punctuation.
 */
import { FeatureHasher, markText, markedTokens, wordNgramIndex, wordTokensWithOffsets, type HasherOptions, type TfidfSpace } from '../../features/index.js';
import type { LinearModel, SparseVector } from '../../learn/index.js';
import type { Span } from '../../doc/span.js';
import settings from './spans.json' with { type: 'json' };
import functionWords from './function-words.json' with { type: 'json' };

/** What the attribution needs of a fitted model: its features and weights (word n-grams, and character n-grams inside words). */
export interface SpanModel {
  space: TfidfSpace;
  model: LinearModel;
  hasher: HasherOptions;
  /** The model was trained on markText's output. */
  mark: boolean;
}

/** A token of the sentence with its share of a label's decision value. */
export interface TokenScore extends Span {
  score: number;
}

/** The word-penalty the annotator uses, chosen by cross-validation on PTC (bench/technique-spans.mjs). */
export const PHRASE_PENALTY: number = settings.penalty;

/**
 * What attributing a decision to the words of one text needs for every label: its tokens, its
 * model vector and, for each word n-gram length, the feature of each n-gram with its number of
 * occurrences. Made once per sentence, whatever the number of labels found in it.
 */
export interface Attribution {
  tokens: readonly { start: number; end: number }[];
  x: ReturnType<TfidfSpace['transform']>;
  ngrams: { n: number; features: Int32Array; occurrences: Float64Array }[];
  /** With character n-grams: each token's character n-gram features and counts, and each feature's count in the text. */
  chars: { features: Int32Array[]; counts: Float32Array[]; totals: Map<number, number> } | null;
}

export function attribution(text: string, m: SpanModel, vector?: SparseVector): Attribution {
  const tokens = m.mark ? markedTokens(text) : wordTokensWithOffsets(text);
  // The caller may pass the text's vector when it has it already (the annotator scored the sentence).
  const x = vector ?? m.space.transform(new FeatureHasher(m.hasher).counts(m.mark ? markText(text) : text));
  const words = tokens.map((t) => t.token);
  const ngrams: Attribution['ngrams'] = [];
  for (let n = m.hasher.wordNgrams[0]; n <= m.hasher.wordNgrams[1]; n++) {
    const count = Math.max(0, words.length - n + 1);
    const hashed = Array.from({ length: count }, (_, i) => wordNgramIndex(words, i, n, m.hasher.bits));
    const seen = new Map<number, number>();
    for (const h of hashed) seen.set(h, (seen.get(h) ?? 0) + 1);
    ngrams.push({
      n,
      features: Int32Array.from(hashed, (h) => m.space.indexOf(h)),
      occurrences: Float64Array.from(hashed, (h) => seen.get(h)!),
    });
  }
  return { tokens, x, ngrams, chars: m.hasher.charNgrams ? charFeatures(words, m) : null };
}

/**
 * The character n-gram features of each word (a hasher without word n-grams reads one word), so a
 * character feature's contribution can be shared out over the words it occurs in.
 */
function charFeatures(words: readonly string[], m: SpanModel): NonNullable<Attribution['chars']> {
  const hasher = new FeatureHasher({ ...m.hasher, wordNgrams: [1, 0] });
  const totals = new Map<number, number>();
  const features: Int32Array[] = [];
  const counts: Float32Array[] = [];
  for (const w of words) {
    const c = hasher.counts(w);
    const f = Int32Array.from(c.indices, (h) => m.space.indexOf(h));
    f.forEach((k, j) => k >= 0 && totals.set(k, (totals.get(k) ?? 0) + c.counts[j]));
    features.push(f);
    counts.push(c.counts);
  }
  return { features, counts, totals };
}

/**
 * Each token's share of label `label`'s decision value on `text`: every word n-gram feature's
 * contribution (weight × tf-idf value) is split evenly over its occurrences and, within one, over
 * its words, and every character n-gram's over the words it occurs in, so the shares add up to the
 * decision value less the bias. Offsets are into `text`.
 */
export function tokenScores(text: string | Attribution, m: SpanModel, label: number): TokenScore[] {
  const { tokens, x, ngrams, chars } = typeof text === 'string' ? attribution(text, m) : text;
  const c = m.model.contributions(x, label);
  const ofFeature = new Map<number, number>();
  x.indices.forEach((f, k) => ofFeature.set(f, c[k]));
  const scores = tokens.map((t) => ({ start: t.start, end: t.end, score: 0 }));
  for (const { n, features, occurrences } of ngrams) {
    for (let i = 0; i < features.length; i++) {
      const share = (ofFeature.get(features[i]) ?? 0) / occurrences[i] / n;
      for (let k = 0; k < n; k++) scores[i + k].score += share;
    }
  }
  chars?.features.forEach((fs, t) => fs.forEach((f, j) => f >= 0 && (scores[t].score += ((ofFeature.get(f) ?? 0) * chars.counts[t][j]) / chars.totals.get(f)!)));
  return scores;
}

/** Function words by language (function-words.json); the model is English-only, so English is the fallback. */
const FUNCTION_WORDS = new Map(Object.entries(functionWords.languages).map(([lang, words]) => [lang, new Set(words)]));

/** Whether `word` (any case, either apostrophe) is a function word of language `lang`. */
export function isFunctionWord(word: string, lang: string): boolean {
  return (FUNCTION_WORDS.get(lang) ?? FUNCTION_WORDS.get('en')!).has(word.toLowerCase().replace(/’/g, "'"));
}

/** Each opening quote or bracket with the closing one that ends it. */
const PAIRS: [string, string][] = [['“', '”'], ['„', '”'], ['«', '»'], ['"', '"'], ['(', ')'], ['[', ']']];

/** The text that token offsets point into and its language: what trimming a phrase's edges reads. */
export interface EdgeText {
  text: string;
  lang: string;
}

/** Whether token `s` of `text` is a content word, a function word or punctuation (a mark token). */
function tokenKind(text: string, s: Span, lang: string): 'content' | 'function' | 'mark' {
  const surface = text.slice(s.start, s.end);
  if (!/[\p{L}\p{N}]/u.test(surface)) return 'mark';
  return isFunctionWord(surface, lang) ? 'function' : 'content';
}

/** Whether mark token `s`, opening (at the start) or closing (at the end) text[start, end), is a quote or bracket paired inside it. */
function pairedInside(text: string, s: Span, start: number, end: number, atStart: boolean): boolean {
  const mark = text.slice(s.start, s.end).trim();
  return atStart
    ? PAIRS.some(([open, close]) => open === mark && text.slice(s.end, end).includes(close))
    : PAIRS.some(([open, close]) => close === mark && text.slice(start, s.start).includes(open));
}

/**
 * Token range `from`..`to` trimmed of function words and unpaired punctuation at both ends, never
 * past the run's top-scoring content word. A run with no content word is left as it is: the model's
 * decision rests on it, and no narrower reading is better. Hand-written: it works on the model's own
 * tokens and scores, which no phrase chunker sees.
 */
function trimRun(scores: readonly TokenScore[], from: number, to: number, edge: EdgeText): [number, number] {
  const kind = (i: number) => tokenKind(edge.text, scores[i], edge.lang);
  let anchor = -1;
  for (let i = from; i <= to; i++) if (kind(i) === 'content' && (anchor < 0 || scores[i].score > scores[anchor].score)) anchor = i;
  if (anchor < 0) return [from, to];
  const keeps = (i: number, atStart: boolean) => {
    const k = kind(i);
    return k === 'content' || (k === 'mark' && pairedInside(edge.text, scores[i], scores[from].start, scores[to].end, atStart));
  };
  // A quote or bracket stays at an edge only with its partner inside; trimming one end can unpair the other, so repeat.
  for (let moved = true; moved; ) {
    moved = false;
    while (from < anchor && !keeps(from, true)) [from, moved] = [from + 1, true];
    while (to > anchor && !keeps(to, false)) [to, moved] = [to - 1, true];
  }
  return [from, to];
}

/**
 * The contiguous run of tokens with the largest total of (score − penalty × the top score), or null
 * when no token speaks for the label. A penalty of 0 keeps every run of positive evidence joined
 * by weaker words; higher penalties keep fewer, stronger words (the top token always stays). With
 * `edge`, the run is trimmed so it reads as a phrase (trimRun), keeping its top-scoring content word.
 */
export function phraseWindow(scores: readonly TokenScore[], penalty: number, edge?: EdgeText): Span | null {
  const top = scores.reduce((m, s) => Math.max(m, s.score), 0);
  if (!(top > 0)) return null;
  let best = -Infinity;
  let bestFrom = 0;
  let bestTo = 0;
  let sum = 0;
  let from = 0;
  scores.forEach((s, i) => {
    if (sum <= 0) {
      sum = 0;
      from = i;
    }
    sum += s.score - penalty * top;
    if (sum > best) [best, bestFrom, bestTo] = [sum, from, i];
  });
  if (edge) [bestFrom, bestTo] = trimRun(scores, bestFrom, bestTo, edge);
  let start = Infinity;
  let end = -Infinity;
  for (let i = bestFrom; i <= bestTo; i++) {
    if (scores[i].end <= scores[i].start) continue;
    start = Math.min(start, scores[i].start);
    end = Math.max(end, scores[i].end);
  }
  return end > start ? { start, end } : null;
}

/**
 * The phrase of `text` that carries `label`, offsets into `text`, trimmed of edge function words of
 * language `lang`; the whole text when none stands out.
 */
export function phraseSpan(text: string, m: SpanModel, label: number, lang = 'en', penalty = PHRASE_PENALTY, att?: Attribution): Span {
  return phraseWindow(tokenScores(att ?? text, m, label), penalty, { text, lang }) ?? { start: 0, end: text.length };
}

/** Sentences longer than this are cut into pieces at spaces, so one 200 KB line stays cheap and precise. */
const MAX_PIECE = 600;

/** Splits long spans of `text` into pieces of at most `max` characters, cutting at whitespace when possible. */
export function cutLongSpans(text: string, spans: readonly Span[], max = MAX_PIECE): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    let start = s.start;
    while (s.end - start > max) {
      let cut = text.lastIndexOf(' ', start + max);
      if (cut <= start + max / 2) cut = start + max;
      out.push({ start, end: cut });
      start = cut;
      while (start < s.end && /\s/.test(text[start])) start++;
    }
    if (s.end > start) out.push({ start, end: s.end });
  }
  return out;
}
