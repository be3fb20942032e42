/**
 * The techniques task: character spans and an article summary in `analysis.techniques`.
 * Spans come from two sources: the paragraph model applied to each sentence, each decision narrowed
 * to the words that carry it (spans.ts; source "model:techniques"), and the surface-form detectors
 * (phrase-level spans, "detector:…"). The model and the detectors are English-only.
 */
import type { Doc } from '../../doc/doc.js';
import type { Span } from '../../doc/span.js';
import type { Analysis } from '../../schema.js';
import type { Task, TaskLabelRow } from '../task.js';
import { TECHNIQUE_COLUMNS, TECHNIQUE_FACETS } from './facets.js';
import { taskModelPath } from '../models.js';
import { runDetectors } from './detectors/index.js';
import { loadTaskModel, ModelVectorizer, type TaskModel } from '../../learn/textmodel.js';
import { attribution, phraseSpan, type Attribution, type SpanModel } from './spans.js';
import { versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';
import { mergeTechniques } from './merge.js';

/** Sentences longer than this are cut into pieces at spaces, so one 200 KB line stays cheap and precise. */
const MAX_PIECE = 600;

type Techniques = NonNullable<Analysis['techniques']>;
type TechniqueSpan = Techniques['spans'][number];

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

export interface TechniquesAnnotatorOptions {
  modelPath?: string;
  /** Run the surface-form detectors (default true). */
  detectors?: boolean;
}

/** The techniques model with what its use needs, made once per task. */
interface LoadedTechniques {
  model: TaskModel;
  vectorizer: ModelVectorizer;
  thresholds: number[];
  spanModel: SpanModel;
}

export class TechniquesAnnotator implements Task<LoadedTechniques, Techniques> {
  readonly id = 'techniques';
  readonly requires = [];
  readonly facets = TECHNIQUE_FACETS;
  readonly columns = TECHNIQUE_COLUMNS;
  readonly mergeParts = mergeTechniques;
  readonly commands = async () => (await import('./commands.js')).registerCommands;
  readonly train = async () => (await import('./train.js')).trainTechniques;
  readonly score = async () => (await import('../../learn/metrics.js')).scoreMultiLabel;
  readonly io = { parse: async () => (await import('./io.js')).parseParagraphLabels, format: async () => (await import('./io.js')).formatParagraphLabels };
  private loaded: LoadedTechniques | null = null;

  constructor(private readonly options: TechniquesAnnotatorOptions = {}) {}

  languages(): readonly string[] {
    return ['en'];
  }

  model(): LoadedTechniques {
    if (!this.loaded) {
      const model = loadTaskModel(this.options.modelPath ?? taskModelPath('techniques'), 'techniques');
      const spanModel = { space: model.space, model: model.model, hasher: model.hasher, mark: model.meta.prepare === 'mark' };
      this.loaded = { model, vectorizer: new ModelVectorizer(model), thresholds: model.meta.thresholds as number[], spanModel };
    }
    return this.loaded;
  }

  version({ model }: LoadedTechniques): string {
    return versionTag(model.version, model.digest);
  }

  /** Label rows: each technique found, with its highest confidence. */
  labelRows(t: Techniques): TaskLabelRow[] {
    return [...t.summary.map((s) => ({ task: 'technique', label: s.technique, score: s.score })), ...t.spans.map((s) => ({ task: 'technique', label: s.technique, score: s.confidence }))];
  }

  annotate(doc: Doc, { model, vectorizer, thresholds, spanModel }: LoadedTechniques): Techniques {
    const lang = doc.language.code;
    const view = doc.view;
    const raw = doc.article.raw;
    const spans: TechniqueSpan[] = [];
    const labels = model.model.labels;
    const push = (viewSpan: Span, technique: string, confidence: number, source: string) => {
      const r = doc.view.toRawSpan(viewSpan);
      if (r.end <= r.start || r.end > raw.length) return;
      spans.push({ start: r.start, end: r.end, technique, confidence: roundTo(confidence, 3), source, text: raw.slice(r.start, r.end) });
    };
    for (const s of cutLongSpans(view.text, doc.viewSentences)) {
      const sentence = view.text.slice(s.start, s.end);
      const p = vectorizer.scores(sentence);
      let att: Attribution | undefined;
      for (let l = 0; l < labels.length; l++) {
        if (p[l] < thresholds[l]) continue;
        att ??= attribution(sentence, spanModel);
        const phrase = phraseSpan(sentence, spanModel, l, lang, undefined, att);
        push({ start: s.start + phrase.start, end: s.start + phrase.end }, labels[l], p[l], 'model:techniques');
      }
    }
    if (this.options.detectors !== false) for (const f of runDetectors(view.text, lang)) push(f, f.technique, f.confidence, f.source);
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    const byTechnique = new Map<string, { count: number; score: number }>();
    for (const s of spans) {
      const e = byTechnique.get(s.technique) ?? { count: 0, score: 0 };
      e.count++;
      e.score = Math.max(e.score, s.confidence);
      byTechnique.set(s.technique, e);
    }
    const summary = [...byTechnique.entries()].map(([technique, e]) => ({ technique, count: e.count, score: e.score })).sort((a, b) => b.count - a.count || b.score - a.score);
    return { spans, summary };
  }
}
