/**
 * Narrative inference for the pipeline: fills `analysis.narratives` with the domain, narratives and
 * sub-narratives (probability, threshold, evidence sentences with raw offsets) and the dominant
 * sub-narrative with an explanation of at most 80 words from the article's own sentences.
 * Models are loaded lazily, once per language, from models/narratives/<LANG>.nscm.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Doc } from '../../doc/doc.js';
import type { SparseVector } from '../../learn/sparse.js';
import type { Analysis, Narratives } from '../../schema.js';
import type { Annotator } from '../../pipeline.js';
import { explanationFrom, rankSentences } from './explain.js';
import { NarrativeModel } from './model.js';
import { OTHER, isOtherSub } from './taxonomy.js';

/** Folder of the shipped narrative models ($NARRASCOPE_MODELS/narratives overrides). */
export function narrativeModelDir(): string {
  if (process.env.NARRASCOPE_MODELS) return join(process.env.NARRASCOPE_MODELS, 'narratives');
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'narratives');
}

export function narrativeModelPath(lang: string, dir = narrativeModelDir()): string {
  return join(dir, `${lang.toUpperCase()}.nscm`);
}

const cache = new Map<string, NarrativeModel | null>();

/** The model for a language code (any case), or null when there is none. Cached after the first call. */
export function narrativeModelFor(lang: string, dir = narrativeModelDir()): NarrativeModel | null {
  const key = `${dir}\u0000${lang.toUpperCase()}`;
  if (!cache.has(key)) {
    const path = narrativeModelPath(lang, dir);
    cache.set(key, existsSync(path) ? NarrativeModel.load(path) : null);
  }
  return cache.get(key)!;
}

function unavailable(reason: string): Narratives {
  return { status: 'unavailable', reason, domain: null, narratives: [], subNarratives: [], dominant: null };
}

/** Runs a model on a document and builds the Narratives section. Exported for tests and the CLI. */
export function annotateNarratives(doc: Doc, model: NarrativeModel): Narratives {
  const text = doc.view.text;
  const sentences = doc.viewSentences;
  // One hashing pass gives the article's counts and its sentences' (for evidence).
  const counts = model.hasher.countsWithSegments(text, sentences);
  const p = model.probabilities(model.vectorizeCounts(counts.whole));
  let vectors: SparseVector[] | undefined;
  const sentenceVectors = () => (vectors ??= counts.segments.map((c) => model.vectorizeCounts(c)));
  const decoded = model.decode(p);
  // "<narrative>: Other" is a SemEval catch-all: the user-facing analysis shows the narrative alone.
  const specificSubs = decoded.subIds.filter((s) => !isOtherSub(model.labels.subNarratives[s]));
  const { domains, narratives, subNarratives } = model.labels;
  const D = domains.length;
  const N = narratives.length;
  const raw = doc.article.raw;
  const evidenceFor = (label: number) =>
    rankSentences(model, text, sentences, label, 3, sentenceVectors()).map((e) => {
      const span = doc.view.toRawSpan(e);
      return { ...span, text: raw.slice(span.start, span.end), weight: Number(e.weight.toFixed(4)) };
    });
  const round = (x: number) => Number(x.toFixed(4));
  const domainIdx = p[0] >= p[1] ? 0 : 1;
  const isOther = decoded.narrativeIds.length === 0;
  const result: Narratives = {
    status: 'ok',
    model: model.meta.version,
    domain: isOther ? { label: 'Other', score: round(1 - Math.max(p[0], p[1])) } : { label: domains[domainIdx], score: round(p[domainIdx]) },
    narratives: decoded.narrativeIds.map((n) => ({ label: narratives[n], score: round(p[D + n]), threshold: round(model.params.narrative[n]), evidence: evidenceFor(D + n) })),
    subNarratives: specificSubs.map((s) => ({
      label: subNarratives[s],
      narrative: narratives[model.labels.parent[s]],
      score: round(p[D + N + s]),
      threshold: round(model.params.sub[s]),
      evidence: evidenceFor(D + N + s),
    })),
    dominant: null,
  };
  if (!isOther) {
    // Dominant: the most probable chosen sub-narrative, else the most probable chosen narrative.
    const bestSub = [...specificSubs].sort((a, b) => p[D + N + b] - p[D + N + a])[0];
    const bestNarr = [...decoded.narrativeIds].sort((a, b) => p[D + b] - p[D + a])[0];
    const narrative = bestSub !== undefined ? narratives[model.labels.parent[bestSub]] : narratives[bestNarr];
    const label = bestSub !== undefined ? D + N + bestSub : D + bestNarr;
    const ev = rankSentences(model, text, sentences, label, 3, sentenceVectors());
    const exp = explanationFrom(text, ev);
    result.dominant = {
      narrative,
      subNarrative: bestSub !== undefined ? subNarratives[bestSub] : `${narrative}: ${OTHER}`,
      explanation: exp.text,
      evidence: exp.spans.map((s) => doc.view.toRawSpan(s)),
    };
  }
  return result;
}

/** The pipeline annotator: status "unavailable" with a reason for unsupported languages or empty text. */
export const narrativesAnnotator: Annotator = {
  name: 'narratives',
  annotate(doc: Doc, analysis: Analysis): void {
    const code = doc.language.code;
    if (!doc.view.text.trim() || doc.wordCount === 0) {
      analysis.narratives = unavailable('no usable text remains after cleaning');
      return;
    }
    const model = code && code !== 'und' ? narrativeModelFor(code) : null;
    if (!model) {
      analysis.narratives = unavailable(code === 'und' ? 'language could not be identified' : `no narrative model for language "${code}"`);
      return;
    }
    analysis.narratives = annotateNarratives(doc, model);
    analysis.models.push({ task: 'narratives', version: model.meta.version });
  },
};
