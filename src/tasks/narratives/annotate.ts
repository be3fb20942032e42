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
import { chooseDominant, dominantNames, dominantReason, type DominantRule } from './dominant.js';
import { NarrativeModel } from './model.js';
import { decideDomain } from './topic.js';
import { namesTopicTerm } from './out-of-domain.js';
import { byScore } from './label-names.js';
import { domainOf, isOtherSub, type Domain } from './taxonomy.js';
import { versionTag } from '../../learn/modelfile.js';

/**
 * How the dominant narrative is picked (dominant.ts). 'combined' matched the subtask-3 gold narrative
 * more often than the most probable sub-narrative's parent in all five languages, in 5-fold CV
 * (docs/narratives.md).
 */
export const DOMINANT_RULE: DominantRule = 'combined';

/** Scores in the Analysis keep four decimals. */
const round4 = (v: number): number => Number(v.toFixed(4));

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
  const x = model.vectorizeCounts(counts.whole);
  const p = model.probabilities(x);
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
  const isOther = decoded.narrativeIds.length === 0;
  const result: Narratives = {
    status: 'ok',
    model: model.meta.version,
    domain: domainOfArticle(model, text, x, p, decoded.narratives),
    // Highest score first (report, dashboard and JSON alike); the label breaks ties.
    narratives: decoded.narrativeIds.map((n) => ({ label: narratives[n], score: round4(p[D + n]), threshold: round4(model.params.narrative[n]), evidence: evidenceFor(D + n) })).sort(byScore),
    subNarratives: specificSubs.map((s) => ({
      label: subNarratives[s],
      narrative: narratives[model.labels.parent[s]],
      score: round4(p[D + N + s]),
      threshold: round4(model.params.sub[s]),
      evidence: evidenceFor(D + N + s),
    })).sort(byScore),
    dominant: null,
    // The submission's labels as decoded, so an export of the stored analysis equals `predict narratives`.
    semeval: { narratives: decoded.narratives, subNarratives: decoded.subNarratives },
  };
  if (isOther) result.candidates = closestNarratives(p, D, narratives);
  else {
    // Dominant (dominant.ts): the narrative strongest with its best sub-narrative, then that sub-narrative.
    const pick = chooseDominant(p, model.labels, decoded.narrativeIds, specificSubs, DOMINANT_RULE)!;
    const names = dominantNames(pick, model.labels);
    const label = pick.sub !== null ? D + N + pick.sub : D + pick.narrative;
    const ev = rankSentences(model, text, sentences, label, 3, sentenceVectors());
    const exp = explanationFrom(text, ev);
    result.dominant = {
      narrative: names.narrative,
      subNarrative: names.subNarrative,
      reason: dominantReason(p, model.labels, decoded.narrativeIds, specificSubs, pick, DOMINANT_RULE),
      explanation: exp.text,
      evidence: exp.spans.map((s) => doc.view.toRawSpan(s)),
    };
  }
  return result;
}

/** The article's domain (topic.ts decideDomain) from the chosen narratives and the model's domain outputs. */
function domainOfArticle(model: NarrativeModel, text: string, x: SparseVector, p: Float64Array, chosen: readonly string[]): Narratives['domain'] {
  const d = decideDomain({
    namesTopic: namesTopicTerm(text),
    chosen: new Set(chosen.map(domainOf).filter((d): d is Domain => d !== null)),
    topic: model.topic(x),
    inDomain: model.inDomain(x),
    narrativeDomains: model.labels.domains.map((name, k): [Domain, number] => [name as Domain, p[k]]),
  });
  return { label: d.label, score: round4(d.score) };
}

/** The three most probable narratives of an article decoded as "Other". */
function closestNarratives(p: Float64Array, D: number, narratives: readonly string[]): { label: string; score: number }[] {
  return narratives
    .map((label, n) => ({ label, score: round4(p[D + n]) }))
    .sort(byScore)
    .slice(0, 3);
}

/**
 * The pipeline annotator: status "unavailable" with a reason for unsupported languages or empty text.
 * `modelDir` overrides the model folder (`predict narratives --models`).
 */
export const narrativesAnnotatorFrom = (modelDir?: string): Annotator => ({
  name: 'narratives',
  annotate(doc: Doc, analysis: Analysis): void {
    const code = doc.language.code;
    if (!doc.view.text.trim() || doc.wordCount === 0) {
      analysis.narratives = unavailable('no usable text remains after cleaning');
      return;
    }
    const model = code && code !== 'und' ? narrativeModelFor(code, modelDir) : null;
    if (!model) {
      analysis.narratives = unavailable(code === 'und' ? 'language could not be identified' : `no narrative model for language "${code}"`);
      return;
    }
    analysis.narratives = annotateNarratives(doc, model);
    analysis.models.push({ task: 'narratives', version: versionTag(model.meta.version, model.digest) });
  },
});

export const narrativesAnnotator: Annotator = narrativesAnnotatorFrom();
