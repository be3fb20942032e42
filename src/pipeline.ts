/**
 * The pipeline: Article → Doc (cleaning, language, sentences) → Analysis (task annotators in order).
 * A new analysis is one more entry in `annotators`. A mixed-language text is annotated once per
 * language part, each part seeing only its own paragraphs, and the results merged (src/lang/merge.ts).
 */
import type { Article } from './doc/article.js';
import type { Doc } from './doc/doc.js';
import type { Span } from './doc/span.js';
import { TextView } from './doc/view.js';
import { removeBoilerplate } from './clean/index.js';
import { identifyLanguage } from './lang/index.js';
import { mergePartResults, type PartResult } from './lang/merge.js';
import { languageParts, mixedLanguageGuess } from './lang/parts.js';
import { countWords, segmentParagraphs, segmentSentences } from './text/index.js';
import { SCHEMA_VERSION, type Analysis, type LanguageGuess } from './schema.js';
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

/** A language given by the caller: taken as certain. */
function givenLanguage(code: string): LanguageGuess {
  return { code: code.toLowerCase(), name: code.toLowerCase(), confidence: 1, reliable: true, alternatives: [] };
}

/** The text's language; for a mixed text, its parts with their paragraphs as raw spans. */
function identifyDocLanguage(view: TextView, viewParagraphs: readonly Span[]): LanguageGuess {
  const guess = identifyLanguage(view.text);
  const parts = languageParts(view.text, viewParagraphs, guess);
  if (!parts) return guess;
  return mixedLanguageGuess(parts.map((p) => ({ ...p, paragraphs: p.paragraphs.map((s) => view.toRawSpan(s)) })));
}

/** The layers read from a view: title, sentences, paragraphs, words. */
function textLayers(article: Article, view: TextView, language: LanguageGuess, viewParagraphs: readonly Span[]): Doc {
  const viewSentences = segmentSentences(view.text);
  const sentences = viewSentences.map((s) => view.toRawSpan(s));
  const paragraphs = viewParagraphs.map((s) => view.toRawSpan(s));
  return { article, view, titleSpan: findTitle(view), language, viewSentences, sentences, paragraphs, wordCount: countWords(view.text) };
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
  const viewParagraphs = segmentParagraphs(view.text);
  const lang = language ? givenLanguage(language) : identifyDocLanguage(view, viewParagraphs);
  timings.language = now() - t;

  t = now();
  const doc = textLayers(article, view, lang, viewParagraphs);
  timings.text = now() - t;
  return { doc, cleaning };
}

/**
 * The Doc of one language part of a mixed text: the clean view with the other parts' paragraphs
 * also cut out (offsets still map to the raw text), and that part's language as given.
 */
export function partDoc(doc: Doc, removed: readonly Span[], code: string): Doc {
  const others = (doc.language.parts ?? []).filter((p) => p.code !== code).flatMap((p) => p.paragraphs);
  const view = new TextView(doc.article.raw, [...removed, ...others]);
  return textLayers(doc.article, view, givenLanguage(code), segmentParagraphs(view.text));
}

/** Runs the annotators on each language part of a mixed text and merges what they found. */
function annotateParts(doc: Doc, removed: readonly Span[], analysis: Analysis, annotators: readonly Annotator[]): void {
  const results: PartResult[] = (doc.language.parts ?? []).map((part) => {
    const partAnalysis: Analysis = { ...analysis, notes: [], models: [], timings: {} };
    runAnnotators(partDoc(doc, removed, part.code), partAnalysis, annotators);
    for (const [stage, ms] of Object.entries(partAnalysis.timings)) analysis.timings[stage] = (analysis.timings[stage] ?? 0) + ms;
    return { code: part.code, share: part.share, analysis: partAnalysis };
  });
  mergePartResults(analysis, results);
}

function runAnnotators(doc: Doc, analysis: Analysis, annotators: readonly Annotator[]): void {
  for (const annotator of annotators) {
    const t = now();
    annotator.annotate(doc, analysis);
    analysis.timings[annotator.name] = now() - t;
  }
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
  const annotators = options.annotators ?? DEFAULT_ANNOTATORS;
  if (doc.language.mixed) annotateParts(doc, cleaning.removed, analysis, annotators);
  else runAnnotators(doc, analysis, annotators);
  return analysis;
}
