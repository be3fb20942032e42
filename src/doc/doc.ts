/**
 * The Doc: an article being analysed, its clean view, the text layers every task reads (language,
 * sentences, paragraphs, tokens) and the typed layers tasks publish for the tasks after them.
 */
import type { Article } from './article.js';
import type { Span } from './span.js';
import type { TextView } from './view.js';
import type { LanguageGuess } from '../schema.js';

/** A word token: lower-cased text and its offsets. */
export interface Token {
  token: string;
  start: number;
  end: number;
}

/**
 * What tasks publish on the Doc for later tasks, by layer name (the publishing task's id). Each task
 * declares its own layer beside its code with `declare module '…/doc/doc.js' { interface DocLayers … }`,
 * so a task reads another's result through this type, never through the other's folder or the Analysis.
 */
export interface DocLayers {}

/**
 * An article being analysed: the immutable Article, the clean view of its text, and the layers the
 * pipeline has added. All spans here are offsets into `article.raw` unless named `view…`.
 */
export interface Doc {
  readonly article: Article;
  /** The text with boilerplate cut out; `view.toRawSpan` maps its offsets back to `article.raw`. */
  readonly view: TextView;
  /** The headline's span in raw (the first line that survived cleaning). */
  readonly titleSpan: Span;
  readonly language: LanguageGuess;
  /** Sentences of the clean view, in view offsets (what models read). */
  readonly viewSentences: Span[];
  /** The same sentences in raw offsets (what is reported). */
  readonly sentences: Span[];
  readonly paragraphs: Span[];
  readonly wordCount: number;
  /**
   * Word tokens of the whole raw text (features/tokenize.ts), in raw offsets, made on first read and
   * shared by every language part of a mixed text. Raw rather than clean: the entity-role models were
   * trained on word contexts of the raw text, boilerplate included.
   */
  readonly tokens: readonly Token[];
  /** Task layers by name; read and written with `layerOf` and `setLayer`. */
  readonly layers: Map<string, unknown>;
}

/** The layer an earlier task published on the Doc, or undefined when it did not run or found nothing to say. */
export function layerOf<K extends keyof DocLayers & string>(doc: Doc, name: K): DocLayers[K] | undefined {
  return doc.layers.get(name) as DocLayers[K] | undefined;
}

/** Publishes a task's layer for the tasks after it. */
export function setLayer<K extends keyof DocLayers & string>(doc: Doc, name: K, value: DocLayers[K]): void {
  doc.layers.set(name, value);
}
