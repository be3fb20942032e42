/**
 * The pipeline: Article → Doc (cleaning, language, sentences) → Analysis (task annotators in order).
 * A new analysis is one more entry in `annotators`.
 */
import type { Article } from './doc/article.js';
import type { Doc } from './doc/doc.js';
import type { Span } from './doc/span.js';
import { TextView } from './doc/view.js';
import { removeBoilerplate } from './clean/index.js';
import { identifyLanguage } from './lang/index.js';
import { countWords, segmentParagraphs, segmentSentences } from './text/index.js';
import { SCHEMA_VERSION, type Analysis } from './schema.js';
import { entitiesAnnotator } from './tasks/entities/annotate.js';
import { FramesAnnotator } from './tasks/frames/annotate.js';
import { GenreAnnotator } from './tasks/genre/annotate.js';
import { narrativesAnnotator } from './tasks/narratives/annotate.js';
import { TechniquesAnnotator } from './tasks/techniques/annotate.js';

/** A task that adds its part to an Analysis. `annotate` must not change the Doc. */
export interface Annotator {
  readonly name: string;
  annotate(doc: Doc, analysis: Analysis): void;
}

export interface PipelineOptions {
  /** Task annotators to run after the document layers are built (default: DEFAULT_ANNOTATORS). */
  annotators?: readonly Annotator[];
  /** Force a language instead of identifying it. */
  language?: string;
}

/**
 * The task annotators every analysis runs, in order (narratives first: later tasks read its domain).
 * Each loads its models lazily on first use.
 */
export const DEFAULT_ANNOTATORS: readonly Annotator[] = [
  narrativesAnnotator,
  entitiesAnnotator,
  new TechniquesAnnotator(),
  new GenreAnnotator(),
  new FramesAnnotator(),
];

const now = () => performance.now();

/** Finds the first non-empty line of the view, as a raw span: the headline after cleaning. */
function findTitle(view: TextView): Span {
  const m = /[^\r\n]*\S[^\r\n]*/.exec(view.text);
  if (!m) return { start: 0, end: 0 };
  const lead = m[0].length - m[0].trimStart().length;
  return view.toRawSpan({ start: m.index + lead, end: m.index + m[0].trimEnd().length });
}

/** Builds the document layers every task reads: clean view, language, sentences, paragraphs. */
export function buildDoc(article: Article, timings: Record<string, number> = {}, language?: string): {
  doc: Doc;
  cleaning: ReturnType<typeof removeBoilerplate>;
} {
  let t = now();
  const cleaning = removeBoilerplate(article.raw);
  const view = new TextView(article.raw, cleaning.removed);
  timings.clean = now() - t;

  t = now();
  const guess = identifyLanguage(view.text);
  const lang = language
    ? { code: language.toLowerCase(), name: language.toLowerCase(), confidence: 1, reliable: true, alternatives: [] }
    : guess;
  timings.language = now() - t;

  t = now();
  const viewSentences = segmentSentences(view.text);
  const sentences = viewSentences.map((s) => view.toRawSpan(s));
  const paragraphs = segmentParagraphs(view.text).map((s) => view.toRawSpan(s));
  const wordCount = countWords(view.text);
  timings.text = now() - t;

  const doc: Doc = { article, view, titleSpan: findTitle(view), language: lang, viewSentences, sentences, paragraphs, wordCount };
  return { doc, cleaning };
}

/** Runs the whole pipeline on one article. */
export function analyzeArticle(article: Article, options: PipelineOptions = {}): Analysis {
  const timings: Record<string, number> = {};
  const { doc, cleaning } = buildDoc(article, timings, options.language);
  const raw = article.raw;
  const analysis: Analysis = {
    schemaVersion: SCHEMA_VERSION,
    article: {
      id: article.id,
      title: raw.slice(doc.titleSpan.start, doc.titleSpan.end) || article.title,
      hash: article.hash,
      length: raw.length,
      origin: { ...article.origin },
      ...(article.url ? { url: article.url } : {}),
      ...(article.source ? { source: article.source } : {}),
      ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    },
    language: doc.language,
    cleaning: { removed: cleaning.removed, cleanLength: doc.view.text.length, titleSpan: doc.titleSpan },
    provenance: { attributedTo: cleaning.attributions },
    text: {
      sentences: doc.sentences,
      paragraphs: doc.paragraphs,
      sentenceCount: doc.sentences.length,
      wordCount: doc.wordCount,
    },
    models: [],
    notes: [],
    timings,
  };
  if (doc.view.text.trim() === '') analysis.notes.push('No usable text remains after cleaning.');
  for (const annotator of options.annotators ?? DEFAULT_ANNOTATORS) {
    const t = now();
    annotator.annotate(doc, analysis);
    timings[annotator.name] = now() - t;
  }
  return analysis;
}
