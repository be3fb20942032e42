/**
 * Per-article context that every mention of the article shares: word tokens with offsets, sentence
 * spans and the token → sentence map. Built once per article so classifying many mentions is cheap:
 * from the Doc's tokens and sentences in the pipeline, from the raw text in training.
 */
import type { Doc, Token } from '../../doc/doc.js';
import type { Span } from '../../doc/span.js';
import { wordTokensWithOffsets } from '../../features/index.js';
import { segmentSentences } from '../../text/index.js';
import { partitionPoint } from '../../util/bisect.js';

export type { Token };

export interface ArticleContext {
  readonly raw: string;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Span[];
  /** Sentence index of each token. */
  readonly sentenceOf: Int32Array;
  /** Lazily filled cache of document-level features (owned by the featuriser). */
  cache: Map<string, unknown>;
  /**
   * Narrative labels the article carries (empty: "Other", no narrative; undefined: not known), from
   * the narratives annotator at inference and from a narratives model that never saw the article in
   * cross-validation. Read by the stance features, never cached.
   */
  narratives?: readonly string[];
}

/** Builds the context of a raw text; `sentences` (raw spans, sorted) and `tokens` (its word tokens) may come from a Doc. */
export function articleContext(raw: string, sentences?: readonly Span[], narratives?: readonly string[], tokens: readonly Token[] = wordTokensWithOffsets(raw)): ArticleContext {
  const sents = sentences && sentences.length > 0 ? sentences : segmentSentences(raw);
  const sentenceOf = new Int32Array(tokens.length);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (s + 1 < sents.length && sents[s].end <= tokens[i].start) s++;
    sentenceOf[i] = s;
  }
  return { raw, tokens, sentences: sents, sentenceOf, cache: new Map(), ...(narratives ? { narratives } : {}) };
}

/** The context of a Doc: its raw text, word tokens and clean sentences, with the article's narrative labels. */
export function docContext(doc: Doc, narratives?: readonly string[]): ArticleContext {
  return articleContext(doc.article.raw, doc.sentences, narratives, doc.tokens);
}

/** Index of the first token ending after `pos` (binary search); tokens.length when none. */
export function tokenAt(tokens: readonly Token[], pos: number): number {
  return partitionPoint(tokens.length, (i) => tokens[i].end <= pos);
}

/** Token range [first, last) covered by a span. */
export function tokenRange(ctx: ArticleContext, span: Span): [number, number] {
  const first = tokenAt(ctx.tokens, span.start);
  let last = first;
  while (last < ctx.tokens.length && ctx.tokens[last].start < span.end) last++;
  return [first, last];
}

/** Index of the sentence holding position `pos` (the last sentence starting at or before it). */
export function sentenceAt(ctx: ArticleContext, pos: number): number {
  const s = ctx.sentences;
  return Math.max(0, partitionPoint(s.length, (i) => s[i].start <= pos) - 1);
}
