import type { Article } from './article.js';
import type { Span } from './span.js';
import type { TextView } from './view.js';
import type { LanguageGuess } from '../schema.js';

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
}
