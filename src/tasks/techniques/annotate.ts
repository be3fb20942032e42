/**
 * The techniques task: character spans and an article summary in `analysis.techniques`, one
 * paragraph model per language (models/techniques/<LANG>.nscm), its scores calibrated probabilities
 * (Platt per technique, fitted out of fold). English: the model applied to each sentence, each
 * decision narrowed to the words that carry it (spans.ts), plus the surface-form detectors
 * ("detector:…"). Other languages: the model applied to each paragraph, as it was trained, each
 * decision spanning the paragraph. The `shift` hook re-decides a section under a batch's technique
 * priors (shift.ts), estimated from the paragraph probabilities.
 */
import type { Doc } from '../../doc/doc.js';
import type { Span } from '../../doc/span.js';
import type { Analysis } from '../../schema.js';
import type { Task, TaskLabelRow, TaskShift } from '../task.js';
import { TECHNIQUE_COLUMNS, TECHNIQUE_FACETS } from './facets.js';
import { languageModelPath, modelLanguages, taskModelDir } from '../models.js';
import { runDetectors } from './detectors/index.js';
import { attribution, cutLongSpans, phraseSpan, type Attribution } from './spans.js';
import { loadTechniquesModel, type LoadedTechniques } from './model.js';
import { versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';
import { applyPlattRow, type SparseVector } from '../../learn/index.js';
import { paragraphLines } from './io.js';
import { shiftRow } from './shift.js';
import { mergeTechniques } from './merge.js';

type Techniques = NonNullable<Analysis['techniques']>;
type TechniqueSpan = Techniques['spans'][number];

export { loadTechniquesModel, type LoadedTechniques } from './model.js';

export interface TechniquesAnnotatorOptions {
  /** Folder of the per-language models (default models/techniques, or $NARRASCOPE_MODELS/techniques). */
  modelDir?: string;
  /** Run the surface-form detectors (default true). */
  detectors?: boolean;
}

/** The calibrated probabilities of the units a section is decided from, kept per Doc until its batch is adapted. */
interface Evidence {
  units: Span[];
  /** Each unit's tf-idf vector, kept so span attribution does not hash the sentence again. */
  vectors: SparseVector[];
  probs: Float64Array[];
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
  private readonly loaded = new Map<string, LoadedTechniques>();
  private readonly evidenceOf = new WeakMap<Doc, { sentences?: Evidence; paragraphs?: Evidence }>();

  constructor(private readonly options: TechniquesAnnotatorOptions = {}) {}

  private get dir(): string {
    return this.options.modelDir ?? taskModelDir('techniques');
  }

  languages(): readonly string[] {
    return modelLanguages(this.dir);
  }

  model(lang: string): LoadedTechniques {
    const code = lang.toLowerCase();
    let m = this.loaded.get(code);
    if (!m) this.loaded.set(code, (m = loadTechniquesModel(languageModelPath(this.dir, code), code)));
    return m;
  }

  version({ model }: LoadedTechniques): string {
    return versionTag(model.version, model.digest);
  }

  /** Label rows: each technique found, with its highest confidence. */
  labelRows(t: Techniques): TaskLabelRow[] {
    return [...t.summary.map((s) => ({ task: 'technique', label: s.technique, score: s.score })), ...t.spans.map((s) => ({ task: 'technique', label: s.technique, score: s.confidence }))];
  }

  annotate(doc: Doc, m: LoadedTechniques): Techniques {
    return this.section(doc, m, m.priors);
  }

  /**
   * Batch label shift: per-label EM on the paragraph probabilities. Off by default: in the
   * label-shift test (docs/techniques.md) it lowered micro-F1 in every language and technique mix.
   */
  readonly shift: TaskShift<LoadedTechniques, Techniques> = {
    kind: 'multilabel',
    byDefault: false,
    labels: (m) => m.model.model.labels,
    trainingPriors: (m) => m.priors,
    evidence: (doc, _section, m) => this.evidence(doc, m, 'paragraphs').probs,
    redecide: (doc, _section, m, priors) => this.section(doc, m, priors),
  };

  /** Units (view offsets) and their calibrated probabilities: sentences (pieces of long ones) or paragraph lines. */
  private evidence(doc: Doc, m: LoadedTechniques, unit: 'sentences' | 'paragraphs'): Evidence {
    const cached = this.evidenceOf.get(doc) ?? {};
    this.evidenceOf.set(doc, cached);
    let e = cached[unit];
    if (!e) {
      const text = doc.view.text;
      const units = cutLongSpans(text, unit === 'sentences' ? doc.viewSentences : paragraphLines(text));
      const vectors = units.map((u) => m.vectorizer.vector(text.slice(u.start, u.end)));
      const probs = vectors.map((x) => applyPlattRow(m.platt, m.model.model.scores(x)));
      cached[unit] = e = { units, vectors, probs };
    }
    return e;
  }

  /** The section under technique priors `priors` (the training priors: no shift). */
  private section(doc: Doc, m: LoadedTechniques, priors: Float64Array): Techniques {
    const view = doc.view;
    const raw = doc.article.raw;
    const spans: TechniqueSpan[] = [];
    const labels = m.model.model.labels;
    const push = (viewSpan: Span, technique: string, confidence: number, source: string) => {
      const r = doc.view.toRawSpan(viewSpan);
      if (r.end <= r.start || r.end > raw.length) return;
      spans.push({ start: r.start, end: r.end, technique, confidence: roundTo(confidence, 3), source, text: raw.slice(r.start, r.end) });
    };
    const english = m.lang === 'en';
    const { units, vectors, probs } = this.evidence(doc, m, english ? 'sentences' : 'paragraphs');
    units.forEach((s, k) => {
      const p = priors === m.priors ? probs[k] : shiftRow(probs[k], m.priors, priors);
      const sentence = view.text.slice(s.start, s.end);
      let att: Attribution | undefined;
      for (let l = 0; l < labels.length; l++) {
        if (p[l] < m.thresholds[l]) continue;
        if (!english) {
          push(s, labels[l], p[l], 'model:techniques');
          continue;
        }
        att ??= attribution(sentence, m.spanModel, vectors[k]);
        const phrase = phraseSpan(sentence, m.spanModel, l, doc.language.code, undefined, att);
        push({ start: s.start + phrase.start, end: s.start + phrase.end }, labels[l], p[l], 'model:techniques');
      }
    });
    if (this.options.detectors !== false) for (const f of runDetectors(view.text, doc.language.code)) push(f, f.technique, f.confidence, f.source);
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
