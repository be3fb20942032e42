/**
 * The pipeline: Article → Doc (cleaning, language, sentences, tokens) → Analysis (the tasks of
 * tasks/registry.ts, each after the tasks whose Doc layers it reads). Here, once for every task: the
 * order, the language check and its note, model loading errors, model versions and timings. A
 * mixed-language text is annotated once per language part, each part seeing only its own paragraphs,
 * and the results merged (src/lang/merge.ts).
 */
import type { Article } from './doc/article.js';
import type { Doc, Token } from './doc/doc.js';
import type { Span } from './doc/span.js';
import { TextView } from './doc/view.js';
import { removeBoilerplate } from './clean/index.js';
import { wordTokensWithOffsets } from './features/index.js';
import { identifyLanguage } from './lang/index.js';
import { mergePartResults, type PartResult } from './lang/merge.js';
import { languageParts, mixedLanguageGuess } from './lang/parts.js';
import { countWords, segmentParagraphs, segmentSentences } from './text/index.js';
import { SCHEMA_VERSION, type Analysis, type LanguageGuess } from './schema.js';
import { TASKS } from './tasks/registry.js';
import { adaptBatch, shiftingTasks, type AdaptedGroup, type PriorsMode } from './tasks/shift.js';
import { taskTitle, type AnyTask } from './tasks/task.js';
import { roundTo } from './util/round.js';

export interface PipelineOptions {
  /** The tasks to run after the document layers are built (default: tasks/registry.ts TASKS), ordered by what they require. */
  annotators?: readonly AnyTask[];
  /** Force a language instead of identifying it. */
  language?: string;
}

/**
 * The tasks in an order where each comes after the tasks it requires; otherwise in the order given.
 * Throws when two tasks share an id, a required task is missing, or tasks require each other in a cycle.
 */
export function orderTasks(tasks: readonly AnyTask[]): AnyTask[] {
  const ids = new Set<string>();
  for (const t of tasks) {
    if (ids.has(t.id)) throw new Error(`task "${t.id}" is listed twice`);
    ids.add(t.id);
  }
  for (const t of tasks)
    for (const r of t.requires) if (!ids.has(r)) throw new Error(`task "${t.id}" requires task "${r}", which is not in the task list (${[...ids].join(', ') || 'empty'})`);
  const ordered: AnyTask[] = [];
  const placed = new Set<string>();
  while (ordered.length < tasks.length) {
    const next = tasks.find((t) => !placed.has(t.id) && t.requires.every((r) => placed.has(r)));
    if (!next) throw new Error(`tasks require each other in a cycle: ${cycleOf(tasks.filter((t) => !placed.has(t.id)))}`);
    ordered.push(next);
    placed.add(next.id);
  }
  return ordered;
}

/** A cycle among tasks none of which can run first, as "a → b → a". */
function cycleOf(blocked: readonly AnyTask[]): string {
  const byId = new Map(blocked.map((t) => [t.id, t]));
  const path: string[] = [];
  let t: AnyTask | undefined = blocked[0];
  while (t && !path.includes(t.id)) {
    path.push(t.id);
    t = byId.get(t.requires.find((r) => byId.has(r))!);
  }
  return [...path.slice(path.indexOf(t!.id)), t!.id].join(' → ');
}

const DEFAULT_ORDER = orderTasks(TASKS);

const now = () => performance.now();

/** Milliseconds since `t`, to the microsecond: every timing of an Analysis is rounded here. */
const elapsed = (t: number): number => roundTo(now() - t, 3);

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

/** The raw text's word tokens, made on first read (only some tasks read them). */
function lazyTokens(raw: string): () => readonly Token[] {
  let tokens: readonly Token[] | undefined;
  return () => (tokens ??= wordTokensWithOffsets(raw));
}

/** The layers read from a view: title, sentences, paragraphs, words; `tokens` gives the raw text's tokens. */
function textLayers(article: Article, view: TextView, language: LanguageGuess, viewParagraphs: readonly Span[], tokens: () => readonly Token[]): Doc {
  const viewSentences = segmentSentences(view.text);
  const sentences = viewSentences.map((s) => view.toRawSpan(s));
  const paragraphs = viewParagraphs.map((s) => view.toRawSpan(s));
  return {
    article,
    view,
    titleSpan: findTitle(view),
    language,
    viewSentences,
    sentences,
    paragraphs,
    wordCount: countWords(view.text),
    get tokens() {
      return tokens();
    },
    layers: new Map(),
  };
}

/** Builds the document layers every task reads: clean view, language, sentences, paragraphs. */
export function buildDoc(article: Article, timings: Record<string, number> = {}, language?: string): {
  doc: Doc;
  cleaning: ReturnType<typeof removeBoilerplate>;
} {
  let t = now();
  const cleaning = removeBoilerplate(article.raw);
  const view = new TextView(article.raw, cleaning.removed);
  timings.clean = elapsed(t);

  t = now();
  const viewParagraphs = segmentParagraphs(view.text);
  const lang = language ? givenLanguage(language) : identifyDocLanguage(view, viewParagraphs);
  timings.language = elapsed(t);

  t = now();
  const doc = textLayers(article, view, lang, viewParagraphs, lazyTokens(article.raw));
  timings.text = elapsed(t);
  return { doc, cleaning };
}

/**
 * The Doc of one language part of a mixed text: the clean view with the other parts' paragraphs
 * also cut out (offsets still map to the raw text), and that part's language as given.
 */
export function partDoc(doc: Doc, removed: readonly Span[], code: string): Doc {
  const others = (doc.language.parts ?? []).filter((p) => p.code !== code).flatMap((p) => p.paragraphs);
  const view = new TextView(doc.article.raw, [...removed, ...others]);
  // The raw text is the same for every part: its tokens are made once.
  return textLayers(doc.article, view, givenLanguage(code), segmentParagraphs(view.text), () => doc.tokens);
}

/** Runs the tasks on each language part of a mixed text and merges what they found. */
function annotateParts(doc: Doc, removed: readonly Span[], analysis: Analysis, tasks: readonly AnyTask[]): void {
  const results: PartResult[] = (doc.language.parts ?? []).map((part) => {
    const partAnalysis: Analysis = { ...analysis, notes: [], models: [], timings: {} };
    runTasks(partDoc(doc, removed, part.code), partAnalysis, tasks);
    for (const [stage, ms] of Object.entries(partAnalysis.timings)) analysis.timings[stage] = (analysis.timings[stage] ?? 0) + ms;
    return { code: part.code, share: part.share, analysis: partAnalysis };
  });
  mergePartResults(analysis, results, tasks);
}

/** Why a task does not run for a language: the one wording of every "not run" note. */
function languageReason(task: AnyTask, code: string): string {
  if (code === 'und') return 'not run, the language could not be identified';
  const covered = task.languages();
  return `not run for language "${code}" (models for ${covered.length ? covered.join(', ') : 'no language'})`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Writes a task's section. A section the analysis already holds (provenance: the outlets cleaning
 * found, `attributedTo`) keeps its fields, with the task's added over them.
 */
function setSection(analysis: Analysis, id: string, section: unknown): void {
  const held = (analysis as unknown as Record<string, unknown>)[id];
  Object.assign(analysis, { [id]: isRecord(held) && isRecord(section) ? { ...held, ...section } : section });
}

/** Writes a task's not-run section (if it has one) and, unless `quiet`, the note saying why. */
function notRun(task: AnyTask, analysis: Analysis, reason: string, quiet = false): void {
  if (task.notRun) setSection(analysis, task.id, task.notRun(reason));
  if (!quiet) analysis.notes.push(`${taskTitle(task)}: ${reason}.`);
}

/** Runs one task on a Doc: language check, model, section, model version. */
function runTask(task: AnyTask, doc: Doc, analysis: Analysis): void {
  const code = doc.language.code;
  if (!task.languages().includes(code)) return notRun(task, analysis, languageReason(task, code));
  // A Doc the task cannot read (e.g. no usable text): the article-level note already says why.
  const skip = task.skip?.(doc);
  if (skip) return notRun(task, analysis, skip, true);
  let model: unknown;
  try {
    model = task.model(code);
  } catch (err) {
    return notRun(task, analysis, err instanceof Error ? err.message : String(err));
  }
  const section = task.annotate(doc, model);
  if (section !== undefined) setSection(analysis, task.id, section);
  if (!analysis.models.some((m) => m.task === task.id)) analysis.models.push({ task: task.id, version: task.version(model) });
}

function runTasks(doc: Doc, analysis: Analysis, tasks: readonly AnyTask[]): void {
  for (const task of tasks) {
    const t = now();
    runTask(task, doc, analysis);
    analysis.timings[task.id] = elapsed(t);
  }
}

/** Runs the whole pipeline on one article: its Analysis, and the Doc it was read from (clean view, layers). */
export function analyzeDoc(article: Article, options: PipelineOptions = {}): { analysis: Analysis; doc: Doc } {
  const tasks = options.annotators ? orderTasks(options.annotators) : DEFAULT_ORDER;
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
  if (doc.language.mixed) annotateParts(doc, cleaning.removed, analysis, tasks);
  else runTasks(doc, analysis, tasks);
  return { analysis, doc };
}

/** Runs the whole pipeline on one article. */
export function analyzeArticle(article: Article, options: PipelineOptions = {}): Analysis {
  return analyzeDoc(article, options).analysis;
}

/** Options of a batch: the pipeline's, and which label priors the tasks with a shift hook decide under. */
export interface BatchOptions extends PipelineOptions {
  /** `batch` or `training` (tasks/shift.ts; absent: each task's hook says). */
  priors?: PriorsMode;
  /** EM's pseudo-count for the tasks whose model chose none (tasks/shift.ts; default 0). */
  pseudoCount?: number;
}

/** Analyses articles one by one and adapts them batch by batch (see batchAnalyser). */
export interface BatchAnalyser {
  /** Whether any task adapts to the batch (else each article is final as analysed, and no Doc is kept). */
  readonly adapts: boolean;
  /** The article's Analysis, its Doc kept until `adapt` is given the Analysis. */
  analyse(article: Article, language?: string): Analysis;
  /** Adapts these analyses (changed in place) to their label priors, and lets their Docs go. */
  adapt(analyses: readonly Analysis[]): AdaptedGroup[];
}

/**
 * The batch analyser of `ingest`, `reanalyze` and `analyze` of many articles: the Docs wait in memory
 * until their batch is adapted (tasks/shift.ts adaptBatch), since re-deciding reads them. When no
 * task adapts, no Doc is kept and each article costs what analyzeArticle costs.
 */
export function batchAnalyser(options: BatchOptions = {}): BatchAnalyser {
  const tasks = options.annotators ?? TASKS;
  const shifting = shiftingTasks(tasks, options.priors).length > 0;
  const docs = new WeakMap<Analysis, Doc>();
  return {
    adapts: shifting,
    analyse(article, language) {
      const { analysis, doc } = analyzeDoc(article, { ...options, language: language ?? options.language });
      if (shifting) docs.set(analysis, doc);
      return analysis;
    },
    adapt(analyses) {
      if (!shifting) return [];
      const items = analyses.flatMap((analysis) => {
        const doc = docs.get(analysis);
        docs.delete(analysis);
        return doc ? [{ analysis, doc }] : [];
      });
      return adaptBatch(items, { tasks, priors: options.priors, pseudoCount: options.pseudoCount });
    },
  };
}

/** Runs the pipeline on a batch of articles and adapts them together: the analyses in order, and what was adapted. */
export function analyzeBatch(inputs: readonly { article: Article; language?: string }[], options: BatchOptions = {}): { analyses: Analysis[]; adapted: AdaptedGroup[] } {
  const analyser = batchAnalyser(options);
  const analyses = inputs.map((i) => analyser.analyse(i.article, i.language));
  return { analyses, adapted: analyser.adapt(analyses) };
}
